/* pipeline_pool.c: a JSON catalog read on a pool of --threads N workers (issue 12 phase 2):
 * a reader thread only scans (catalog_scan: each record's bytes, line and column) and fills
 * batches of up to BATCH_RECORDS records; N workers decode and normalise whole batches, each
 * with its own normalizer (scratch item, description cache) into owned items; the calling
 * thread consumes the batches strictly in sequence order and does everything that has state
 * (the shape tally, snapshot headers, every feed's stages, the writers, the report), so the
 * output and the findings are the same for any N.
 * Owns: the pool (its batches, threads and queue); the pipeline is borrowed. */
#define _GNU_SOURCE /* memmem */
#include "pipeline_pool.h"
#include "alloc.h"
#include "arena.h"
#include "catalog_shape.h"
#include "iofault.h"
#include "json_fast.h"
#include "msg.h"
#include "normalize_dialects.h"
#include "thread_priority.h"
#include <pthread.h>
#include <string.h>

#define BATCH_RECORDS 64
#define BATCH_BYTES (1u << 20)  /* a batch closes at this much text (one huge record: alone) */

enum rec_kind { REC_UNDECODED, REC_SNAPSHOT, REC_MISS, REC_ITEMS };

/* One record of a batch: filled by the reader (bytes, position, dialect), then a worker. */
struct pool_record {
	size_t off, len;             /* its bytes in the batch's text */
	long line, col;
	enum dialect dialect;        /* what the record is read as (after any snapshot header) */
	enum rec_kind kind;
	int looks;                   /* REC_MISS: shape_classify() */
	char *snapshot_source;       /* REC_SNAPSHOT: its "source", or NULL */
	struct findings pre;         /* decoding and NUL findings: before the shape check */
	struct findings skipped;     /* REC_MISS: its "skipped" finding */
	struct findings post;        /* the normaliser's record findings */
	size_t item_end;             /* its items are items[previous item_end .. item_end) */
	unsigned long skipped_records;
};

struct pool_batch {
	int done;                    /* a worker has finished it (under the lock) */
	struct strbuf text;
	struct pool_record *rec;
	size_t nrec, rec_alloc;
	struct item *items;          /* items[0..nitems) this batch's; up to items_init initialised */
	size_t nitems, items_init, items_alloc;
};

struct pool {
	struct pipeline *p;
	FILE *fp;
	const char *source;
	pthread_mutex_t lock;
	pthread_cond_t work, done, room;
	struct pool_batch *slot;     /* batch seq is slot[seq % nslots] */
	size_t nslots;
	unsigned long filled, taken, consumed;
	int eof, stop;
	/* the reader's */
	struct pool_batch *cur;
	enum dialect dialect;
	int scan_rc;
	struct strbuf scan_error;
	/* the workers': what of a product of each dialect they decode (keys_ok 0: all of it) */
	struct json_fast_keys keys[DIALECT_TIKTOKSHOP + 1];
	int keys_ok[DIALECT_TIKTOKSHOP + 1];
};

struct pool_worker {
	struct pool *pool;
	struct normalizer norm;
	struct pool_batch *batch;    /* where the sink puts items */
	pthread_t thread;
	int started;
};

static void record_clear(struct pool_record *r)
{
	findings_clear(&r->pre);
	findings_clear(&r->skipped);
	findings_clear(&r->post);
	free(r->snapshot_source);
	r->snapshot_source = NULL;
}

static void batch_release(struct pool_batch *b)
{
	for (size_t i = 0; i < b->rec_alloc; i++) {
		record_clear(&b->rec[i]);
		findings_release(&b->rec[i].pre);
		findings_release(&b->rec[i].skipped);
		findings_release(&b->rec[i].post);
	}
	free(b->rec);
	for (size_t i = 0; i < b->items_init; i++)
		item_release(&b->items[i]);
	free(b->items);
	strbuf_release(&b->text);
}

/* ---- the reader: scan, hand batches over ---- */

/* Publish the reader's batch (if it has records). */
static int submit(struct pool *q)
{
	if (!q->cur)
		return 0;
	pthread_mutex_lock(&q->lock);
	q->filled++;
	q->cur = NULL;
	pthread_cond_broadcast(&q->work);
	pthread_mutex_unlock(&q->lock);
	return 0;
}

/* A free slot for the next batch, emptied; NULL when the consumer stopped. */
static struct pool_batch *next_batch(struct pool *q)
{
	struct pool_batch *b;

	pthread_mutex_lock(&q->lock);
	while (!q->stop && q->filled - q->consumed >= q->nslots)
		pthread_cond_wait(&q->room, &q->lock);
	b = q->stop ? NULL : &q->slot[q->filled % q->nslots];
	pthread_mutex_unlock(&q->lock);
	if (!b)
		return NULL;
	for (size_t i = 0; i < b->nrec; i++)
		record_clear(&b->rec[i]);
	b->nrec = b->nitems = 0;
	strbuf_reset(&b->text);
	return b;
}

/* A `feedgen fetch` snapshot header names the dialect of the records after it: the reader
 * reads it too, so that the workers read those records as the consumer will see them. */
static void follow_snapshot(struct pool *q, const char *bytes, size_t len, long line, long col)
{
	struct findings ignored = FINDINGS_INIT;
	json_t *v;

	if (!memmem(bytes, len, "\"feedgen_snapshot\"", 18))
		return;
	if ((v = catalog_decode(bytes, len, q->source, line, col, &ignored))) {
		const char *src = json_string_value(json_object_get(v, "source"));
		int d = src && json_object_get(v, "feedgen_snapshot") ? dialect_from_name(src) : -1;
		if (d >= 0)
			q->dialect = (enum dialect)d;
		arena_record_free(v);
	}
	findings_release(&ignored);
}

static int on_range(void *arg, const char *bytes, size_t len, long line, long col)
{
	struct pool *q = arg;
	struct pool_batch *b = q->cur;
	struct pool_record *r;

	if (!b && !(b = q->cur = next_batch(q)))
		return -1;
	follow_snapshot(q, bytes, len, line, col);
	if (b->nrec == b->rec_alloc) {
		size_t old = b->rec_alloc;
		ALLOC_GROW(b->rec, b->nrec + 1, b->rec_alloc);
		memset(b->rec + old, 0, (b->rec_alloc - old) * sizeof(*b->rec));
	}
	r = &b->rec[b->nrec++];
	r->off = b->text.len;
	r->len = len;
	r->line = line;
	r->col = col;
	r->dialect = q->dialect;
	strbuf_add(&b->text, bytes, len);
	if (b->nrec == BATCH_RECORDS || b->text.len >= BATCH_BYTES)
		return submit(q);
	return 0;
}

static void *reader_main(void *arg)
{
	struct pool *q = arg;
	int rc;

	thread_give_way(); /* this thread (the consumer) is the critical path: thread_priority.c */
	rc = catalog_scan(q->fp, q->source, 0, on_range, q, &q->scan_error);

	submit(q); /* the records before a structural error are read first, as on one thread */
	pthread_mutex_lock(&q->lock);
	q->scan_rc = rc > 0 ? rc : 0; /* < 0: stopped by the consumer */
	q->eof = 1;
	pthread_cond_broadcast(&q->work);
	pthread_cond_broadcast(&q->done);
	pthread_mutex_unlock(&q->lock);
	msg_thread_release(); /* a gzip source's message quotes on this thread */
	return NULL;
}

/* ---- the workers: decode and normalise a batch ---- */

/* The normaliser's sink: the item moves into the batch (its allocations are swapped, not
 * copied); the normaliser resets what it gets back. */
static int batch_sink(void *arg, struct item *it)
{
	struct pool_batch *b = ((struct pool_worker *)arg)->batch;
	struct item tmp;

	if (b->nitems == b->items_init) {
		ALLOC_GROW(b->items, b->items_init + 1, b->items_alloc);
		item_init(&b->items[b->items_init++]);
	}
	tmp = b->items[b->nitems];
	b->items[b->nitems++] = *it;
	*it = tmp;
	return 0;
}

/* What work_record reads of a snapshot header. */
static const char *const snapshot_keys[] = { "feedgen_snapshot", "source", NULL };

/* The members of a product of each dialect that anything on a worker reads: its normaliser's,
 * the shape's and the snapshot header's. Left unset (all members decoded) if they do not fit. */
static void keys_init(struct pool *q)
{
	static int (*const normaliser_keys[])(struct json_fast_keys *) = {
		[DIALECT_SHOPIFY] = normalize_shopify_keys,
		[DIALECT_WOOCOMMERCE] = normalize_woocommerce_keys,
		[DIALECT_TIKTOKSHOP] = normalize_tiktokshop_keys,
	};

	for (size_t d = 0; d <= DIALECT_TIKTOKSHOP; d++)
		q->keys_ok[d] = !normaliser_keys[d](&q->keys[d]) &&
				!json_fast_keys_add(&q->keys[d], shape_keys, JSON_FAST_KEEP) &&
				!json_fast_keys_add(&q->keys[d], snapshot_keys, JSON_FAST_KEEP);
}

/* The record's tree: a product with only the members read of it (a third of a Shopify
 * product's values are not: created_at, grams, taxable...; most of a WooCommerce product's, a
 * hundred members with its plugins'; json_fast.h), in its own arena as
 * catalog_decode's; whatever that declines, and a record with \u0000 (normalize_strip_nul
 * walks every string), decoded whole by catalog_decode. */
static json_t *decode(struct pool *q, struct pool_record *r, const char *bytes, int nul)
{
	json_t *v = NULL;

	if (q->keys_ok[r->dialect] && !nul) {
		arena_begin();
		v = json_fast_loadb_keys(bytes, r->len, &q->keys[r->dialect], NULL);
		arena_end(v != NULL);
	}
	return v ? v : catalog_decode(bytes, r->len, q->source, r->line, r->col, &r->pre);
}

/* The record's tree given back: without a walk over its values when nothing was set into it
 * (normalize_strip_nul replaces the strings of a record with \u0000; arena.h). */
static void record_done(json_t *v, int nul)
{
	if (nul)
		arena_record_free(v);
	else
		arena_record_drop(v);
}

static void work_record(struct pool_worker *w, struct pool_batch *b, struct pool_record *r)
{
	struct normalizer *n = &w->norm;
	const char *source = w->pool->source, *bytes = b->text.buf + r->off;
	unsigned long skipped = n->skipped_records;
	/* a NUL in a decoded string can only come from the escape \u0000 (JSON has no raw control
	 * bytes in strings, and the UTF-8 repair makes no escapes), so a record without those six
	 * bytes is not walked (2.6% of a build) */
	int nul = json_fast_has_nul_escape(bytes, r->len);
	json_t *v = decode(w->pool, r, bytes, nul);

	r->kind = REC_UNDECODED;
	r->item_end = b->nitems;
	if (!v)
		return;
	if (json_object_get(v, "feedgen_snapshot")) {
		const char *src = json_string_value(json_object_get(v, "source"));
		r->kind = REC_SNAPSHOT;
		r->snapshot_source = src ? xstrdup(src) : NULL;
		record_done(v, nul);
		return;
	}
	if (nul) /* as pipeline.c's on_record, in its order */
		normalize_strip_nul(n, v, source, r->line);
	findings_move(&r->pre, &n->findings);
	if ((r->looks = shape_classify(r->dialect, v)) != SHAPE_MATCH) {
		r->kind = REC_MISS;
		shape_skipped(&r->skipped, r->dialect, v, source, r->line);
		record_done(v, nul);
		return;
	}
	r->kind = REC_ITEMS;
	switch (r->dialect) { /* the sink never stops them; a Shopify catalog has --shop-url here */
	case DIALECT_WOOCOMMERCE:
		normalize_woocommerce_product(n, v, source, r->line);
		break;
	case DIALECT_TIKTOKSHOP:
		normalize_tiktokshop_product(n, v, source, r->line);
		break;
	default:
		normalize_shopify_product(n, v, source, r->line);
	}
	record_done(v, nul);
	findings_move(&r->post, &n->findings);
	r->skipped_records = n->skipped_records - skipped;
	r->item_end = b->nitems;
}

static void *worker_main(void *arg)
{
	struct pool_worker *w = arg;
	struct pool *q = w->pool;

	thread_give_way(); /* thread_priority.c */
	for (;;) {
		struct pool_batch *b;
		pthread_mutex_lock(&q->lock);
		while (!q->stop && q->taken == q->filled && !q->eof)
			pthread_cond_wait(&q->work, &q->lock);
		if (q->stop || q->taken == q->filled) {
			pthread_mutex_unlock(&q->lock);
			break;
		}
		b = &q->slot[q->taken++ % q->nslots];
		pthread_mutex_unlock(&q->lock);
		w->batch = b;
		for (size_t i = 0; i < b->nrec; i++)
			work_record(w, b, &b->rec[i]);
		pthread_mutex_lock(&q->lock);
		b->done = 1;
		pthread_cond_broadcast(&q->done);
		pthread_mutex_unlock(&q->lock);
	}
	msg_thread_release();
	return NULL;
}

/* ---- the consumer: this thread, in catalog order ---- */

static int consume_record(struct pool *q, struct pool_batch *b, struct pool_record *r, size_t first_item)
{
	struct pipeline *p = q->p;
	int rc, d;

	findings_move(&p->norm.findings, &r->pre);
	switch (r->kind) {
	case REC_UNDECODED:
		return 0;
	case REC_SNAPSHOT:
		if ((d = r->snapshot_source ? dialect_from_name(r->snapshot_source) : -1) < 0)
			return msg_fail(EXIT_INPUT, "catalog %s line %ld: snapshot of unknown source %s", msg_quote(q->source),
					r->line, msg_quote(r->snapshot_source ? r->snapshot_source : "(none)"));
		p->dialect = (enum dialect)d;
		return 0;
	case REC_MISS:
		p->norm.records++;
		p->norm.skipped_records++;
		shape_count(&p->shape, r->dialect, r->looks, &r->skipped, q->source, r->line, &p->norm.findings);
		return 0;
	case REC_ITEMS:
		break;
	}
	shape_count(&p->shape, r->dialect, SHAPE_MATCH, NULL, q->source, r->line, &p->norm.findings);
	findings_move(&p->norm.findings, &r->post);
	p->norm.records++;
	p->norm.skipped_records += r->skipped_records;
	for (size_t i = first_item; i < r->item_end; i++) {
		p->norm.items++;
		if ((rc = pipeline_item(p, &b->items[i])))
			return rc;
	}
	return 0;
}

static int consume(struct pool *q)
{
	int rc = 0;

	for (;;) {
		struct pool_batch *b;
		size_t first = 0;
		pthread_mutex_lock(&q->lock);
		while (!(q->consumed < q->filled && q->slot[q->consumed % q->nslots].done) &&
		       !(q->eof && q->consumed == q->filled))
			pthread_cond_wait(&q->done, &q->lock);
		b = q->consumed < q->filled ? &q->slot[q->consumed % q->nslots] : NULL;
		pthread_mutex_unlock(&q->lock);
		if (!b)
			return 0;
		for (size_t i = 0; !rc && i < b->nrec; i++) {
			rc = consume_record(q, b, &b->rec[i], first);
			first = b->rec[i].item_end;
		}
		pthread_mutex_lock(&q->lock);
		b->done = 0;
		q->consumed++;
		pthread_cond_broadcast(&q->room);
		pthread_mutex_unlock(&q->lock);
		if (rc)
			return rc;
	}
}

int pipeline_pool_wanted(const struct pipeline *p)
{
	/* a Shopify record without --shop-url stops the run with a message: said in order by the
	 * one-thread path; new record kinds of on_record need their line in work_record first */
	return p->cfg->threads > 1 && p->cfg->norm.shop_url && p->dialect <= DIALECT_TIKTOKSHOP;
}

int pipeline_pool_read(struct pipeline *p, FILE *fp, const char *source)
{
	struct pool q;
	size_t nworkers = (size_t)p->cfg->threads;
	struct pool_worker *w = xcalloc(nworkers, sizeof(*w));
	pthread_t reader;
	int rc;

	memset(&q, 0, sizeof(q));
	q.p = p;
	q.fp = fp;
	q.source = source;
	q.dialect = p->dialect;
	q.nslots = 2 * nworkers + 2;
	q.slot = xcalloc(q.nslots, sizeof(*q.slot));
	for (size_t i = 0; i < q.nslots; i++)
		strbuf_init(&q.slot[i].text);
	strbuf_init(&q.scan_error);
	pthread_mutex_init(&q.lock, NULL);
	pthread_cond_init(&q.work, NULL);
	pthread_cond_init(&q.done, NULL);
	pthread_cond_init(&q.room, NULL);
	json_object_seed(0); /* jansson's hash seed must be set before threads share the library */
	keys_init(&q);
	for (size_t i = 0; i < nworkers; i++) {
		w[i].pool = &q;
		normalizer_init(&w[i].norm, &p->cfg->norm, p->inv, batch_sink, &w[i]);
		w[i].started = !iofault(IO_THREAD) && !pthread_create(&w[i].thread, NULL, worker_main, &w[i]);
	}
	int reading = w[0].started && !iofault(IO_THREAD) && !pthread_create(&reader, NULL, reader_main, &q);
	rc = reading ? consume(&q) : -1; /* -1: no thread, nothing read: the caller reads on its own */
	pthread_mutex_lock(&q.lock);
	q.stop = 1; /* the reader and the workers end at their next step */
	pthread_cond_broadcast(&q.work);
	pthread_cond_broadcast(&q.room);
	pthread_mutex_unlock(&q.lock);
	if (reading)
		pthread_join(reader, NULL);
	for (size_t i = 0; i < nworkers; i++) {
		if (w[i].started)
			pthread_join(w[i].thread, NULL);
		normalizer_release(&w[i].norm);
	}
	if (!rc && q.scan_rc) { /* a broken document: said after every record before it */
		msg_error("%s", q.scan_error.buf);
		rc = q.scan_rc;
	}
	for (size_t i = 0; i < q.nslots; i++)
		batch_release(&q.slot[i]);
	free(q.slot);
	free(w);
	strbuf_release(&q.scan_error);
	pthread_mutex_destroy(&q.lock);
	pthread_cond_destroy(&q.work);
	pthread_cond_destroy(&q.done);
	pthread_cond_destroy(&q.room);
	return rc;
}
