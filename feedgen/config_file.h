/* config_file.h: `feedgen build --config FILE`: one JSON file declares a run (the shop, its
 * catalog sources, inventory, fetch options, urgency, vouchers, and a list of feeds). The whole
 * file is checked before any work: an unknown key, a wrong type, a bad enum or a missing field
 * is a usage error naming its JSON path ("feeds[2].format: 'xlsx' is not csv, tsv or xml").
 * Keys follow the long options less their group word, dashes as underscores (--voucher-code is
 * vouchers.code), so the file is translated into the same options the command line takes and
 * parsed by the same table (config.c): each feed gets its own run_config from the shared
 * options, then its own, then the command line's (which override the file). Relative paths are
 * relative to the configuration file. The schema is docs/config.md.
 * Owns: the option strings it made (every run_config borrows them) and the feeds' run_configs. */
#ifndef FEEDGEN_CONFIG_FILE_H
#define FEEDGEN_CONFIG_FILE_H
#include "config.h"
#include "pipeline.h"

struct config_file {
	const char *path;
	char **args;                 /* every option string made from the file */
	size_t nargs, args_alloc;
	struct run_config *feed_cfgs;/* one per feed, parsed */
	struct feed_spec *feeds;
	char **names;                /* the feeds' names */
	size_t nfeeds;
	struct rule_set *rules;      /* the top level's "rules" (item_rules.h), or NULL */
	struct rule_set **feed_rules;/* each feed's "rules", or NULL; every feed_cfgs[i] borrows both */
};

/* Load and check path, then parse every feed's options followed by the command line's
 * (cmd_argc/cmd_argv, argv[0] the command name, --config already removed). Returns 0, or
 * EXIT_USAGE after a message naming the file and the JSON path. */
int config_file_load(struct config_file *cf, const char *path, int cmd_argc, char **cmd_argv);
void config_file_release(struct config_file *cf);
#endif
