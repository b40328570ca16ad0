/* cmd_info.c: `feedgen rules` and `feedgen channels`: what the validators check and which
 * channel templates exist, for users writing CI configurations. Owns: nothing. */
#include "commands.h"
#include "msg.h"
#include "template.h"
#include "validate.h"
#include <stdio.h>
#include <string.h>

/* rules and channels take no options: --help says so, anything else is a usage error.
 * Returns -1 to go on, else the exit code. */
static int no_options(const char *command, const char *what, int argc, char **argv)
{
	if (argc < 2)
		return -1;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("usage: feedgen %s\n\n%s\n", command, what);
		return EXIT_OK;
	}
	if (argv[1][0] == '-')
		return msg_fail(EXIT_USAGE, "unknown option %s for '%s' (see 'feedgen %s --help')", msg_quote(argv[1]), command,
				command);
	return msg_fail(EXIT_USAGE, "unexpected argument %s (see 'feedgen %s --help')", msg_quote(argv[1]), command);
}

int cmd_rules(int argc, char **argv)
{
	int rc = no_options("rules", "Lists every validation rule with its id and severity (the ids reports use).", argc, argv);

	if (rc >= 0)
		return rc;
	printf("%-22s %-14s %s\n", "RULE", "SEVERITY", "WHAT IT FINDS");
	for (const struct rule_info *r = validator_rules; r->id; r++)
		printf("%-22s %-14s %s\n", r->id, r->severity, r->summary);
	return EXIT_OK;
}

int cmd_channels(int argc, char **argv)
{
	char list[1024], *name, *save = NULL;
	int rc = no_options("channels", "Lists the channel templates (templates/ or $FEEDGEN_TEMPLATES).", argc, argv);

	if (rc >= 0)
		return rc;
	template_list(list, sizeof(list));
	for (name = strtok_r(list, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
		const struct template *t = template_load(name);
		if (!t)
			continue;
		printf("%-10s %-28s %zu attributes  %s\n", t->channel, t->title, t->nattrs, t->path);
		template_free(t);
	}
	return EXIT_OK;
}
