/* validate.h: checking a feed row against its channel template, one rule at a time.
 * Each rule has a stable id (listed by `feedgen rules`, documented in README); an error
 * excludes the item, a warning keeps it. In repair mode (build) rules also fix what can be
 * fixed safely (truncate, strip emoji and control characters, drop surplus values) and say so.
 * Owns: the per-run state (ids already accepted). */
#ifndef FEEDGEN_VALIDATE_H
#define FEEDGEN_VALIDATE_H
#include "row.h"
#include "idset.h"
#include "strmap.h"

struct rule_info {
	const char *id;
	const char *severity;  /* "error", "warning" or "error|warning" */
	const char *summary;
};
extern const struct rule_info validator_rules[];

struct validation {
	const struct template *tpl;
	int repair;                /* build: fix values where safe (1); validate --feed: report only (0) */
	int check_recommended;     /* report missing recommended attributes (validate) */
	struct strmap seen_ids;    /* ids accepted so far (case-folded for case-insensitive channels);
				    * with a shared id set: only the ids this feed accepted at another
				    * line than the set's entry says (an item another feed rejected) */
	struct id_set *ids;        /* shared (validation_share_ids), or NULL: seen_ids holds them all */
	int id_bit;
	struct strbuf scratch;
	pcre2_match_data *match;
	/* missing recommended attributes are counted per attribute and reported once per run
	 * (validation_summary), not once per item: they would drown the findings that matter */
	unsigned long *recommended_missing;
	unsigned long rows;
	/* enum values the platform accepts in a spelling it does not prefer ("in stock" for
	 * Google's in_stock), counted per attribute and value and reported once per run */
	struct strmap variant_index;     /* "ATTR\x1fVALUE" -> index into variants */
	struct enum_variant {
		int attr;
		char *value;
		const char *preferred;   /* borrowed from the template */
		unsigned long count;
	} *variants;
	size_t nvariants, variants_alloc;
	unsigned long variants_not_listed;
	/* the current row declares it has no product identifiers (identifier_exists no); what an
	 * empty identifier switch declares, found once (validation_init) */
	int row_without_identifiers, empty_switch_says_none;
	/* per attribute: the last long text value the value-only text checks found nothing in (the
	 * variants of a product share their description: checked once, issue 12) */
	struct strbuf *clean_text;
	struct strbuf memo_value;  /* the value being checked, to tell whether the checks changed it */
	/* the value checks' memo shared by the feeds of a build (rules_memo.h), or NULL; its class
	 * of this feed's template; whether this feed frees it; set by a check whose effect goes
	 * beyond the row (an enum spelling counted), so that its result is not replayed */
	struct rules_memo *memo;
	int memo_class, memo_owner, memo_skip;
	unsigned memo_key;         /* the memo's key of this feed's values: class and mode (rules_memo.c) */
	/* the attributes required when another has a value (when_attr), found once per feed: the
	 * row check looks at these only (issue 12) */
	int *when_attrs;
	size_t nwhen_attrs;
	/* per attribute: 1 when an empty value is looked at (required or recommended), found once:
	 * most empty attributes are optional (issue 12: rules_check_values skips them with one
	 * load, the main thread 1763 M to 1753 M instructions for 2,000 products in twelve feeds) */
	unsigned char *empty_checked;
};

void validation_init(struct validation *v, const struct template *tpl, int repair);
void validation_release(struct validation *v);
/* Keep this feed's accepted ids in set (shared with the other feeds of the build whose channels
 * compare ids alike; the caller owns it and releases its map after the feeds). A set already
 * shared by ID_SET_MAX_FEEDS feeds is not used (the feed keeps its own). */
void validation_share_ids(struct validation *v, struct id_set *set);
/* Replay the value checks' results of the values this build's feeds checked already (issue 12):
 * share first's memo (rules_memo.h), or start one when first is NULL or has none (this feed then
 * frees it: release it after every feed that shares it). */
void validation_share_memo(struct validation *v, struct validation *first);
/* Run every rule on the row (findings go to row->findings). Returns 1 when the row has no
 * error and its id was not seen before, else 0. In repair mode (build) only a valid row's id
 * is remembered; in report-only mode (validate --feed) every row's id is, so a duplicate is
 * found even when the first row carrying the id has other errors. */
int validate_row(struct validation *v, struct row *r);
/* Count one accepted but not preferred enum spelling (rules_text.c). */
void validation_count_variant(struct validation *v, int attr, const char *value, const char *preferred);
/* After the last row: one "recommended" warning per recommended attribute that some rows
 * lacked ("missing in 35 of 37 items"), and one "enum" warning per value the platform accepts
 * but spells otherwise ("availability 'in stock' in 160 of 160 items: Google prefers
 * 'in_stock'"), added to out. */
void validation_summary(struct validation *v, struct findings *out);
#endif
