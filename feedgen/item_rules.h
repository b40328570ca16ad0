/* item_rules.h: the configuration's item rules (issue 13, docs/rules.md): `rules` at the top level
 * (every feed) and in a feed (that feed alone), each {"when": condition, actions...}, applied in
 * order to the normalised item before validation. A rule set is compiled once when the
 * configuration is loaded (regexes with PCRE2, templates, bands); every error names its JSON path
 * and is EXIT_USAGE. Applying counts, per rule, the items it matched and the items it changed.
 * Owns: the compiled rules and their counters (one set per place: the top level or one feed). */
#ifndef FEEDGEN_ITEM_RULES_H
#define FEEDGEN_ITEM_RULES_H
#include "item.h"
#include "strbuf.h"
#include <jansson.h>

struct rule_set;

/* Compile `rules` (a JSON array; NULL: no rules, returns NULL with *rc 0) whose path in the
 * configuration is `path` ("rules", "feeds[1].rules"), with `bands` (the top level's
 * {"price": [...], "margin": [...]}, or NULL). On an error: a message naming config_path and the
 * JSON path, *rc = EXIT_USAGE, NULL. */
struct rule_set *item_rules_compile(const json_t *rules, const json_t *bands, const char *path, const char *config_path,
			       int *rc);
/* Check `bands` alone (the configuration has bands but no rules): 0 or EXIT_USAGE after a message. */
int item_rules_check_bands(const json_t *bands, const char *config_path);
/* Apply every rule in order to it. Returns 1 when a rule excluded the item (later rules do
 * not run), else 0. rs NULL: nothing to do. When trace is given, the labels of the rules that
 * changed the item are appended to it, separated by ", ". */
int item_rules_apply(struct rule_set *rs, struct item *it, struct strbuf *trace);
size_t item_rules_count(const struct rule_set *rs);
unsigned long item_rules_excluded(const struct rule_set *rs);   /* items excluded by this set */
/* [{"rule": "rules[0]", "name": ..., "matched": N, "touched": N}, ...] (an empty array for NULL). */
json_t *item_rules_summary_json(const struct rule_set *rs);
/* "rules[0] 3, rules[1] 0" (items touched per rule) appended to out. */
void item_rules_summary_text(const struct rule_set *rs, struct strbuf *out);
void item_rules_free(struct rule_set *rs);
#endif
