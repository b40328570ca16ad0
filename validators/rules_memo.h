/* rules_memo.h: the value checks' memo of one build (issue 12: each extra feed costs at most 10%
 * of the first). The feeds of a run check the same values over and over: a retargeting set's
 * four TikTok feeds hold one item's title, description, link and images four times, the
 * variants of a product share most values. The value rules of one attribute (rules_check_value)
 * depend only on the template the attribute belongs to, the attribute, the mode (repair or
 * report), the row's identifier switch and the value's bytes; the memo keeps, per such key, the
 * findings they made and the value they left, and replays them: the same findings in the same
 * order (row_finding gives each its row's id, source and line), the same repaired value. Keys
 * are compared in full (an XXH3 hash picks the slot, the bytes decide), so a hit is exact.
 * Not memoised: empty values (their findings depend on the item and on per-feed counts), the
 * id (its findings carry the id), checks that counted an enum spelling (a per-feed count).
 * Owns: struct rules_memo (a fixed table of slots with copies of their values and findings);
 * the feed that created it frees it (validation_release). One thread uses it: the one that
 * validates (pipeline.c's consumer). */
#ifndef FEEDGEN_RULES_MEMO_H
#define FEEDGEN_RULES_MEMO_H
#include "validate.h"

struct rules_memo;
struct memo_slot;

struct rules_memo *rules_memo_new(void);
void rules_memo_free(struct rules_memo *m);
/* The lookup of a value, rules_memo_lookup, is inline: rules_memo_impl.h. */
/* After the checks of a value rules_memo_lookup did not find: keep the findings the row got from
 * index first on, and the value as it is now (unless v->memo_skip says the checks had an effect
 * beyond the row). */
void rules_memo_record(struct validation *v, struct row *r, int attr, struct memo_slot *slot, size_t first);
/* url_problem(url, max_len) (urlenc.h), from the memo when a feed of this build asked already
 * (m may be NULL: no memo). */
const char *rules_memo_url_problem(struct rules_memo *m, const char *url, size_t max_len);
/* Counts since rules_memo_new, for tests and profiles. */
void rules_memo_stats(const struct rules_memo *m, unsigned long *hits, unsigned long *misses);
#endif
