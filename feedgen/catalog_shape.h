/* catalog_shape.h: does a catalog record have the shape of the dialect it is read as (a
 * Shopify product has 'variants', ...), which dialect it looks like instead, and the one
 * message for a file none of whose records has the shape ("none of the 1,624 records look
 * like Shopify products (no 'variants'); see --catalog-type").
 * Owns: struct shape_tally, and the findings it holds back while no record of a file matched. */
#ifndef FEEDGEN_CATALOG_SHAPE_H
#define FEEDGEN_CATALOG_SHAPE_H
#include "catalog.h"
#include "finding.h"

#define SHAPE_DIALECTS 3
/* Findings held back per file while no record matched; misses beyond it are counted. */
#define SHAPE_PENDING_MAX 1000

struct shape_tally {
	unsigned long records, misses, dropped;  /* of the current file */
	unsigned long looks[SHAPE_DIALECTS];     /* misses that look like each dialect */
	int matched;                             /* a record of the file had the shape */
	long first_line;                         /* line of the first miss */
	struct findings pending;                 /* "skipped" findings of misses before a match */
};
#define SHAPE_TALLY_INIT { 0, 0, 0, { 0, 0, 0 }, 0, 0, FINDINGS_INIT }

/* 1 when the record has the shape of dialect d (the key its normaliser needs). A miss is
 * counted and gets its "skipped" finding (rule "record"): held back until a record of the
 * file matches, then moved to out; once one matched, straight into out. */
int shape_check(struct shape_tally *t, enum dialect d, json_t *record, const char *source, long line,
		struct findings *out);
/* At the end of a file: when it had records and none had the shape, prints the one message
 * (with the --catalog-type the records look like, when they look like another dialect),
 * drops the held-back findings and returns EXIT_INPUT; else moves them to out and returns 0.
 * Either way the tally is reset for the next file. */
int shape_finish(struct shape_tally *t, enum dialect d, const char *source, struct findings *out);
/* shape_check() in two steps, for a record classified on a catalog worker and counted, in
 * catalog order, on the thread that owns the tally. shape_classify is pure: SHAPE_MATCH, the
 * dialect the record looks like instead, or SHAPE_NONE; shape_skipped adds the record's
 * "skipped" finding to `to`. shape_count takes a miss's skipped findings (moved to out, held
 * back or dropped; skipped is emptied) and returns 1 for a match, else 0. */
#define SHAPE_MATCH (-2)
#define SHAPE_NONE (-1)
int shape_classify(enum dialect d, json_t *record);
/* The member names shape_classify and shape_skipped read, of any dialect (NULL-terminated). */
extern const char *const shape_keys[];
void shape_skipped(struct findings *to, enum dialect d, json_t *record, const char *source, long line);
int shape_count(struct shape_tally *t, enum dialect d, int looks, struct findings *skipped, const char *source,
		long line, struct findings *out);
void shape_tally_release(struct shape_tally *t);
#endif
