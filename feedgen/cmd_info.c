/* cmd_info.c: `feedgen rules` and `feedgen channels`: what the validators check and which
 * channel templates exist, for users writing CI configurations. Owns: nothing. */
#include "commands.h"
#include "msg.h"
#include "template.h"
#include "validate.h"
#include <stdio.h>
#include <string.h>

int cmd_rules(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("%-22s %-14s %s\n", "RULE", "SEVERITY", "WHAT IT FINDS");
	for (const struct rule_info *r = validator_rules; r->id; r++)
		printf("%-22s %-14s %s\n", r->id, r->severity, r->summary);
	return EXIT_OK;
}

int cmd_channels(int argc, char **argv)
{
	char list[1024], *name, *save = NULL;

	(void)argc;
	(void)argv;
	template_list(list, sizeof(list));
	for (name = strtok_r(list, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
		struct template *t = template_load(name);
		if (!t)
			continue;
		printf("%-10s %-28s %zu attributes  %s\n", t->channel, t->title, t->nattrs, t->path);
		template_free(t);
	}
	return EXIT_OK;
}
