/* cmd_rollback.c: `feedgen rollback --config FILE`: put back, as one transaction, the set of
 * files the run before the newest published (history.h), under the configuration's lock so
 * that no build runs meanwhile. Owns: the configuration it loads, the lock, the history. */
#include "commands.h"
#include "config_file.h"
#include "history.h"
#include "shard.h"
#include "msg.h"
#include "runlock.h"
#include <stdlib.h>

int cmd_rollback(int argc, char **argv)
{
	struct run_config cmdline;
	struct config_file cf;
	struct history hist = { 0 };
	int rc, lock = -1, ac;
	char **av;

	rc = config_parse(&cmdline, "rollback", argc, argv);
	if (rc) {
		config_release(&cmdline);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (!cmdline.config) {
		config_release(&cmdline);
		return msg_fail(EXIT_USAGE, "rollback needs --config FILE (the configuration whose feeds to roll back)");
	}
	av = argv_without_config(argc, argv, &ac);
	av[0] = (char *)"build"; /* the configuration's feeds are build options */
	shard_apply(&cmdline); /* --shard K/N: that shard's lock and history (shard.h) */
	if (!(rc = run_lock(cmdline.config, cmdline.lock, cmdline.wait, &lock))) {
		if (!(rc = config_file_load(&cf, cmdline.config, 1, av)) &&
		    !(rc = config_history(&hist, &cf, cmdline.config, 1, av))) {
			shard_history(&hist, &cmdline.shard);
			rc = history_rollback(&hist);
		}
		history_release(&hist);
		config_file_release(&cf);
		run_unlock(lock);
	}
	free(av);
	config_release(&cmdline);
	return rc == -1 ? EXIT_OK : rc;
}
