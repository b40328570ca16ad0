/* pipeline_prep.h: the pure per-feed stages of an item, run on a pool worker (issue 12 phase 3):
 * item_copy, enrich_urgency, retarget_item, row_from_item and validate_row's value checks, into
 * a struct feed_prep per item and feed that the consumer finishes in catalog order (the guard,
 * the counts, the id, the writers: pipeline.c's feed_item).
 * Owns: the worker's copies of every feed's retarget and validation state, and the preps. */
#ifndef FEEDGEN_PIPELINE_PREP_H
#define FEEDGEN_PIPELINE_PREP_H
#include "pipeline.h"

/* One feed's stages of one item, as the worker left them. */
struct feed_prep {
	struct item item;            /* the feed's copy of the item, enriched */
	struct row row;              /* built from item, value-checked (findings in row.findings) */
	int applied;                 /* retarget's per-item results, for the guard and the codes file */
	money_t sale_before;
	struct strbuf date_before, code;
	struct variant_note *notes;  /* the row's accepted enum spellings, counted by the consumer */
	size_t nnotes, notes_alloc;
};

struct prep_worker {
	size_t nfeeds;
	struct retarget *retarget;   /* per feed: a shallow copy of its options, own scratch */
	struct validation *validation;
};

/* 1 when this run's feed stages are prepared on the workers: nothing before them keeps
 * order-dependent state (no category map), and this thread would be the bottleneck without
 * (feeds x threads > 4). */
int pipeline_prep_wanted(const struct pipeline *p);
void prep_worker_init(struct prep_worker *w, const struct pipeline *p);
/* After the worker was joined: its recommended counts go to the feeds. */
void prep_worker_finish(struct prep_worker *w, struct pipeline *p);
void prep_worker_release(struct prep_worker *w);
/* preps[0 .. p->nfeeds) for the item it (initialised by feed_prep_init). */
void prep_item(struct prep_worker *w, const struct pipeline *p, const struct item *it, struct feed_prep *preps);
void feed_prep_init(struct feed_prep *fp, const struct template *tpl);
void feed_prep_release(struct feed_prep *fp);
/* The consumer: put the worker's per-item retarget results back into the feed's retarget. */
void feed_prep_restore(const struct feed_prep *fp, struct retarget *r);
/* pipeline.c's item stage with the feeds' stages prepared: 0 or an exit code. */
int pipeline_item_prepared(struct pipeline *p, struct item *it, struct feed_prep *preps);
#endif
