/* diff_capture.c: the change report of a build taken while its feeds are written
 * (diff_capture.h): NEW's rows into the index as they are written, OLD merged into it after.
 * Owns: each capture's index, and the list of a build's captures until diff_build takes them. */
#include "diff_capture.h"
#include "alloc.h"
#include "pipeline.h"
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct diff_capture *diff_capture_new(const char *channel, const struct urgency_options *u)
{
	return diff_capture_new_in(channel, u, NULL);
}

struct diff_capture *diff_capture_new_in(const char *channel, const struct urgency_options *u, struct skupool *pool)
{
	const struct template *tpl = template_load(channel);
	struct diff_capture *c;

	if (!tpl)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->tpl = tpl;
	row_init(&c->view, tpl);
	feed_diff_init(&c->d, tpl, u, 0);
	idindex_init(&c->old, sizeof(struct diff_record));
	c->pool = pool ? skupool_ref(pool) : skupool_new();
	return c;
}

void diff_capture_free(struct diff_capture *c)
{
	if (!c)
		return;
	idindex_release(&c->old);
	diff_prefix_unref(c->prefix);
	free(c->recs);
	skupool_unref(c->pool);
	feed_diff_release(&c->d);
	row_release(&c->view);
	template_free(c->tpl);
	free(c);
}

static void record_of(const struct diff_values *v, struct diff_record *rec)
{
	unsigned char b[2 * sizeof(v->price) + sizeof(v->currency) + sizeof(v->sale_currency)], *p = b;
	uint64_t h;

	/* the prices and currencies, packed (no padding), hashed with XXH3 (digest version 3) */
	memcpy(p, &v->price, sizeof(v->price)), p += sizeof(v->price);
	memcpy(p, v->currency, sizeof(v->currency)), p += sizeof(v->currency);
	memcpy(p, &v->sale, sizeof(v->sale)), p += sizeof(v->sale);
	memcpy(p, v->sale_currency, sizeof(v->sale_currency));
	h = XXH3_64bits(b, sizeof(b));
	rec->prices = (uint32_t)(h ^ (h >> 32));
	rec->other = (uint32_t)(v->other ^ (v->other >> 32));
	rec->availability = v->availability;
	rec->low = v->low;
}

/* A TSV feed's value as a reader sees it (writer.c: tabs and line breaks become spaces;
 * feed_reader.c: each value trimmed, empty ones dropped), so that NEW's values are the values
 * the next run would read back. */
static void tsv_view(struct strbuf *out, const struct strbuf *v)
{
	const char *p = v->buf, *end = v->buf + v->len;

	strbuf_reset(out);
	while (p < end) {
		const char *sep = memchr(p, ITEM_VALUE_SEP, (size_t)(end - p)), *stop = sep ? sep : end;
		size_t start = out->len;
		if (out->len)
			strbuf_addch(out, ITEM_VALUE_SEP);
		while (p < stop && strchr(" \t\r\n", *p))
			p++;
		while (stop > p && strchr(" \t\r\n", stop[-1]))
			stop--;
		for (; p < stop; p++)
			strbuf_addch(out, *p == '\t' || *p == '\r' || *p == '\n' ? ' ' : *p);
		if (out->len == start + (start > 0))
			strbuf_setlen(out, start); /* an empty value is not read */
		p = sep ? sep + 1 : end;
	}
}

static const struct row *as_read(struct diff_capture *c, const struct row *r)
{
	if (!c->tsv)
		return r;
	c->view.gen++; /* made anew (a hash prefix may know the last view: feed_diff.h) */
	for (size_t i = 0; i < c->tpl->nattrs; i++)
		tsv_view(&c->view.values[i], &r->values[i]);
	return &c->view;
}

/* The record of pool number n, made (zero) when new: the array covers the pool as it is (the
 * inventory's SKUs at the first row), then grows by half. */
static struct diff_record *record_at(struct diff_capture *c, uint32_t n)
{
	if (n >= c->recs_alloc) {
		size_t want = skupool_count(c->pool), grown = c->recs_alloc + c->recs_alloc / 2;
		if (want < grown)
			want = grown;
		if (want <= n)
			want = (size_t)n + 1;
		c->recs = xrealloc(c->recs, want * sizeof(*c->recs));
		memset(c->recs + c->recs_alloc, 0, (want - c->recs_alloc) * sizeof(*c->recs));
		c->recs_alloc = want;
	}
	return &c->recs[n];
}

void diff_capture_row(struct diff_capture *c, const struct row *r, const struct row_likeness *like)
{
	const char *id = row_id(r);
	size_t len = strlen(id);
	struct diff_values v;
	struct diff_record *rec;

	c->counts.new_items++;
	if (!len) {
		c->counts.without_id_new++;
		return;
	}
	rec = record_at(c, skupool_intern(c->pool, id, len));
	if (rec->state) { /* a repeat: the first of each id is compared */
		c->counts.duplicates_new++;
		return;
	}
	if (c->prefix)
		feed_diff_values_prefix(&c->d, as_read(c, r), &v, c->prefix, like);
	else
		feed_diff_values(&c->d, as_read(c, r), &v);
	record_of(&v, rec);
	rec->state = DIFF_IN_NEW;
	c->nnew++;
}

/* NEW's record of id, or NULL (reads the pool only: OLD is merged on threads of its own). */
static struct diff_record *new_record(const struct diff_capture *c, const char *id, size_t len)
{
	long n = skupool_find(c->pool, id, len);

	return n >= 0 && (size_t)n < c->recs_alloc && c->recs[n].state ? &c->recs[n] : NULL;
}

/* OLD's first item of an id against NEW's (feed_diff.c's compare, on records). */
static void compare(struct diff_counts *k, const struct diff_record *o, const struct diff_record *n)
{
	int price = o->prices != n->prices, avail = o->availability != n->availability;
	int entered = !o->low && n->low, left = o->low && !n->low;

	if (!price && !avail && !entered && !left && o->other == n->other) {
		k->unchanged++;
		return;
	}
	k->changed++;
	k->price_changed += price;
	k->availability_changed += avail;
	k->low_stock_entered += entered;
	k->low_stock_left += left;
}

void diff_capture_old_record(struct diff_capture *c, const char *id, size_t len, const struct diff_record *old)
{
	struct diff_record *rec = new_record(c, id, len);
	int created;

	if (!rec) { /* not in NEW: removed, unless repeated */
		rec = idindex_value(&c->old, idindex_put(&c->old, id, len, &created));
		if (!created)
			c->counts.duplicates_old++;
		rec->state = DIFF_IN_OLD;
		return;
	}
	if (rec->state & DIFF_IN_OLD) {
		c->counts.duplicates_old++;
		return;
	}
	rec->state |= DIFF_IN_OLD;
	compare(&c->counts, old, rec);
}

int diff_capture_old_row(void *ctx, const struct row *r)
{
	struct diff_capture *c = ctx;
	const char *id = row_id(r);
	size_t len = strlen(id);
	const struct diff_record *have;
	struct diff_record rec;

	c->merged = 1;
	c->counts.old_items++;
	if (!len) {
		c->counts.without_id_old++;
		return 0;
	}
	memset(&rec, 0, sizeof(rec));
	if ((have = new_record(c, id, len)) && !(have->state & DIFF_IN_OLD)) {
		struct diff_values v; /* the values only when they are compared */
		feed_diff_values(&c->d, r, &v);
		record_of(&v, &rec);
	}
	diff_capture_old_record(c, id, len, &rec);
	return 0;
}

void diff_capture_old_totals(struct diff_capture *c, unsigned long items, unsigned long without_id,
			     unsigned long duplicates)
{
	c->merged = 1;
	c->counts.old_items += items;
	c->counts.without_id_old += without_id;
	c->counts.duplicates_old += duplicates;
}

void diff_capture_finish(struct diff_capture *c, struct diff_counts *out)
{
	*out = c->counts;
	out->previous = c->merged;
	out->added = out->removed = 0;
	for (size_t i = 0; i < c->recs_alloc; i++)
		out->added += c->recs[i].state == DIFF_IN_NEW;
	out->removed = c->old.n; /* OLD's ids that NEW lacks */
}

const struct diff_record *diff_capture_next_new(const struct diff_capture *c, size_t *i, const char **id, size_t *len)
{
	for (; *i < c->recs_alloc; (*i)++)
		if (c->recs[*i].state & DIFF_IN_NEW) {
			*id = skupool_key(c->pool, (uint32_t)*i, len);
			return &c->recs[(*i)++];
		}
	return NULL;
}

/* ---- the build's captures ---- */
static struct diff_capture **captures;
static size_t ncaptures;

/* The captures of feeds of one channel, format kind and urgency flag share a hash prefix (a
 * feed alone in its channel keeps none: it would only copy its values). */
static void share_prefixes(struct pipeline *p)
{
	for (size_t i = 0; i < ncaptures; i++) {
		struct diff_capture *c = captures[i];
		for (size_t j = 0; c && !c->prefix && j < i; j++) {
			struct diff_capture *o = captures[j];
			if (!o || strcmp(p->feeds[j].channel, p->feeds[i].channel) || o->tsv != c->tsv ||
			    (o->prefix && !feed_diff_prefix_fits(o->prefix, &c->d)))
				continue;
			if (!o->prefix) {
				o->prefix = diff_prefix_new(&o->d);
				if (!feed_diff_prefix_fits(o->prefix, &c->d)) {
					diff_prefix_unref(o->prefix);
					o->prefix = NULL;
					continue;
				}
			}
			c->prefix = o->prefix;
			c->prefix->refs++;
		}
	}
}

void diff_capture_attach(struct pipeline *p)
{
	diff_capture_release_all();
	captures = xcalloc(p->nfeeds + 1, sizeof(*captures));
	ncaptures = p->nfeeds;
	for (size_t i = 0; i < p->nfeeds; i++) {
		struct feed_run *f = &p->feeds[i];
		if (!f->writing || !f->cfg->nchannels || (f->parts ? f->parts->direct : f->out.direct || !f->out.tmp))
			continue; /* nothing kept to compare (diff_build.h) */
		f->capture = captures[i] = diff_capture_new_in(f->channel, &f->cfg->urgency, p->pool);
		if (f->capture)
			f->capture->tsv = f->writer.format == FORMAT_TSV;
	}
	share_prefixes(p);
}

struct diff_capture *diff_capture_take(size_t i)
{
	struct diff_capture *c = i < ncaptures ? captures[i] : NULL;

	if (c)
		captures[i] = NULL;
	return c;
}

void diff_capture_release_all(void)
{
	for (size_t i = 0; i < ncaptures; i++)
		diff_capture_free(captures[i]);
	free(captures);
	captures = NULL;
	ncaptures = 0;
}
