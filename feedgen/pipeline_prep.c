/* pipeline_prep.c: the pure per-feed stages on a pool worker (issue 12 phase 3, see
 * pipeline_prep.h and the plan at the top of pipeline.c). A worker holds, per feed, a copy of
 * the feed's retarget options (the struct is per-item scratch plus read-only options: its
 * outputs and counts are never touched here) and its own struct validation (scratch, PCRE2
 * match data, the clean-text memo, the recommended counts, enum variants noted per row).
 * Owns: the worker's copies and the preps' contents. */
#include "pipeline_prep.h"
#include "alloc.h"
#include <stdlib.h>
#include <string.h>

/* Worth it when this thread would be the bottleneck: per item and feed it spends about as much
 * on the pure stages as a worker spends on decoding and normalising the item for 4 feeds-times-
 * threads (callgrind, 2,000 products: 0.95 G here against 1.7 G on the workers for 2 feeds), so
 * 2 feeds on 2 threads stay as they were (moving would make each worker 1.18 G against this
 * thread's 0.95 G) and 2 feeds on 3 threads or 12 feeds on 2 move (pipeline.c's plan). */
int pipeline_prep_wanted(const struct pipeline *p)
{
	return !p->cfg->category_map && p->nfeeds * (size_t)p->cfg->threads > 4;
}

void prep_worker_init(struct prep_worker *w, const struct pipeline *p)
{
	w->nfeeds = p->nfeeds;
	w->retarget = xcalloc(p->nfeeds, sizeof(*w->retarget));
	w->validation = xcalloc(p->nfeeds, sizeof(*w->validation));
	for (size_t i = 0; i < p->nfeeds; i++) {
		const struct feed_run *f = &p->feeds[i];
		w->retarget[i] = f->cfg->retarget; /* the options, shared read-only */
		strbuf_init(&w->retarget[i].scratch);
		strbuf_init(&w->retarget[i].code);
		strbuf_init(&w->retarget[i].date_before);
		validation_init(&w->validation[i], f->tpl, f->validation.repair);
		w->validation[i].check_recommended = f->validation.check_recommended;
		w->validation[i].note_variants = 1;
	}
}

void prep_worker_finish(struct prep_worker *w, struct pipeline *p)
{
	for (size_t i = 0; i < w->nfeeds && i < p->nfeeds; i++)
		for (size_t a = 0; a < p->feeds[i].tpl->nattrs; a++)
			p->feeds[i].validation.recommended_missing[a] += w->validation[i].recommended_missing[a];
}

void prep_worker_release(struct prep_worker *w)
{
	for (size_t i = 0; i < w->nfeeds; i++) {
		strbuf_release(&w->retarget[i].scratch);
		strbuf_release(&w->retarget[i].code);
		strbuf_release(&w->retarget[i].date_before);
		validation_release(&w->validation[i]);
	}
	free(w->retarget);
	free(w->validation);
	memset(w, 0, sizeof(*w));
}

static void notes_clear(struct feed_prep *fp)
{
	for (size_t i = 0; i < fp->nnotes; i++)
		free(fp->notes[i].value);
	fp->nnotes = 0;
}

void feed_prep_init(struct feed_prep *fp, const struct template *tpl)
{
	memset(fp, 0, sizeof(*fp));
	item_init(&fp->item);
	row_init(&fp->row, tpl);
	strbuf_init(&fp->date_before);
	strbuf_init(&fp->code);
}

void feed_prep_release(struct feed_prep *fp)
{
	item_release(&fp->item);
	row_release(&fp->row);
	strbuf_release(&fp->date_before);
	strbuf_release(&fp->code);
	notes_clear(fp);
	free(fp->notes);
	memset(fp, 0, sizeof(*fp));
}

/* As pipeline.c's feed_item up to the guard, then the row and its value checks. */
static void prep_feed(struct prep_worker *w, const struct pipeline *p, size_t i, const struct item *it,
		      struct feed_prep *fp)
{
	struct run_config *c = p->feeds[i].cfg;
	struct retarget *r = &w->retarget[i];
	struct validation *v = &w->validation[i];

	item_copy(&fp->item, it);
	enrich_urgency(&c->urgency, &fp->item);
	retarget_item(r, &c->urgency, &fp->item); /* returns 0 */
	fp->applied = r->applied;
	fp->sale_before = r->sale_before;
	strbuf_reset(&fp->date_before);
	strbuf_add(&fp->date_before, r->date_before.buf, r->date_before.len);
	strbuf_reset(&fp->code);
	strbuf_add(&fp->code, r->code.buf, r->code.len);
	row_from_item(&fp->row, &fp->item);
	/* the row's variants are noted into the prep's own array */
	notes_clear(fp);
	v->notes = fp->notes;
	v->nnotes = 0;
	v->notes_alloc = fp->notes_alloc;
	validate_row_values(v, &fp->row);
	fp->notes = v->notes;
	fp->nnotes = v->nnotes;
	fp->notes_alloc = v->notes_alloc;
	v->notes = NULL;
	v->nnotes = v->notes_alloc = 0;
}

void prep_item(struct prep_worker *w, const struct pipeline *p, const struct item *it, struct feed_prep *preps)
{
	for (size_t i = 0; i < p->nfeeds; i++)
		prep_feed(w, p, i, it, &preps[i]);
}

void feed_prep_restore(const struct feed_prep *fp, struct retarget *r)
{
	r->applied = fp->applied;
	r->sale_before = fp->sale_before;
	strbuf_reset(&r->date_before);
	strbuf_add(&r->date_before, fp->date_before.buf, fp->date_before.len);
	strbuf_reset(&r->code);
	strbuf_add(&r->code, fp->code.buf, fp->code.len);
}
