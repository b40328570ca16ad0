/* catalog_threaded.c: catalog_stream_threaded() (catalog.h): the scanning and JSON decoding of
 * catalog.c's stream on a reader thread, the callback on the calling thread, in catalog order.
 * Owns: the record queue between them and the records in it. */
#include "catalog.h"
#include "catalog_impl.h"
#include "alloc.h"
#include "arena.h"
#include "finding.h"
#include "iofault.h"
#include "msg.h"
#include "strbuf.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The reader thread: scanning and JSON decoding on one core, the stages on the other.
 * The reader hands decoded records through a bounded queue to the calling thread, which runs
 * the callback in catalog order: the output is the same whatever the thread count. The reader
 * never prints and never touches the caller's findings: findings and a fatal error travel with
 * the queue entries and are handed over in order. */

#define QUEUE_SIZE 64

struct queued_record {
	json_t *record;          /* NULL: end of stream */
	long line;
	struct findings findings;/* found while reading this record (lenient mode) */
};

struct record_queue {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	struct queued_record slot[QUEUE_SIZE];
	size_t head, count;
	int stop;                /* the consumer gave up: the reader ends at the next record */
	/* reader side */
	FILE *fp;
	const char *source;
	size_t max_record;
	struct findings pending; /* findings of the reader not yet attached to a record */
	int rc;                  /* the reader's result */
	struct strbuf error;     /* the reader's fatal message */
	/* records the consumer is done with: the reader frees them, so that every allocation of a
	 * record is freed by the thread (and malloc arena) that made it */
	json_t **done;
	size_t ndone, done_alloc;
	unsigned long pushes;    /* reader only */
};

/* Reader side: free the records the consumer has finished with. */
static void free_done(struct record_queue *q)
{
	json_t **list;
	size_t n;

	pthread_mutex_lock(&q->lock);
	list = q->done;
	n = q->ndone;
	q->done = NULL;
	q->ndone = q->done_alloc = 0;
	pthread_mutex_unlock(&q->lock);
	for (size_t i = 0; i < n; i++)
		arena_record_free(list[i]);
	free(list);
}

static void queue_push(struct record_queue *q, json_t *record, long line)
{
	struct queued_record *e;

	if (++q->pushes % 32 == 0) /* reader-private counter: tidy up now and then */
		free_done(q);
	pthread_mutex_lock(&q->lock);
	while (q->count == QUEUE_SIZE && !q->stop)
		pthread_cond_wait(&q->not_full, &q->lock);
	if (q->stop) {
		pthread_mutex_unlock(&q->lock);
		arena_record_free(record);
		return;
	}
	e = &q->slot[(q->head + q->count) % QUEUE_SIZE];
	e->record = record;
	e->line = line;
	e->findings = q->pending; /* moves the reader's findings along with the record */
	memset(&q->pending, 0, sizeof(q->pending));
	q->count++;
	pthread_cond_signal(&q->not_empty);
	pthread_mutex_unlock(&q->lock);
}

static int enqueue_record(void *arg, json_t *record, const char *source, long line)
{
	struct record_queue *q = arg;
	int stop;

	(void)source;
	queue_push(q, json_incref(record), line);
	pthread_mutex_lock(&q->lock);
	stop = q->stop;
	pthread_mutex_unlock(&q->lock);
	return stop ? -1 : 0;
}

static void *reader_main(void *arg)
{
	struct record_queue *q = arg;

	q->rc = catalog_stream_quiet(q->fp, q->source, q->max_record, enqueue_record, q, &q->pending, &q->error);
	queue_push(q, NULL, 0); /* end of stream, with the last findings */
	msg_thread_release(); /* a gzip source's message quotes on this thread */
	return NULL;
}

/* Consumer side: the next entry, waiting for the reader. */
static struct queued_record queue_pop(struct record_queue *q)
{
	struct queued_record e;

	pthread_mutex_lock(&q->lock);
	while (!q->count)
		pthread_cond_wait(&q->not_empty, &q->lock);
	e = q->slot[q->head];
	q->head = (q->head + 1) % QUEUE_SIZE;
	q->count--;
	pthread_cond_signal(&q->not_full);
	pthread_mutex_unlock(&q->lock);
	return e;
}

/* Consumer side: hand a record back for the reader to free; with stop, also stop the reader
 * (its pushes now drop their records). */
static void queue_done(struct record_queue *q, json_t *record, int stop)
{
	pthread_mutex_lock(&q->lock);
	ALLOC_GROW(q->done, q->ndone + 1, q->done_alloc);
	q->done[q->ndone++] = record;
	pthread_mutex_unlock(&q->lock);
	if (stop) {
		pthread_mutex_lock(&q->lock);
		q->stop = 1;
		pthread_cond_broadcast(&q->not_full);
		pthread_mutex_unlock(&q->lock);
	}
}

/* The queue's own resources, once the reader is gone (or never started). */
static void queue_free(struct record_queue *q)
{
	strbuf_release(&q->error);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->not_empty);
	pthread_cond_destroy(&q->not_full);
	free(q);
}

/* After the reader is joined: free what is left, print the reader's fatal error unless the
 * callback stopped first (rc), free the queue. Returns the stream's result. */
static int queue_finish(struct record_queue *q, int rc)
{
	while (q->count) { /* only after a stop: records queued before the flag was seen */
		struct queued_record *e = &q->slot[q->head];
		arena_record_free(e->record);
		findings_release(&e->findings);
		q->head = (q->head + 1) % QUEUE_SIZE;
		q->count--;
	}
	free_done(q);
	findings_release(&q->pending);
	if (!rc && q->rc > 0) {
		rc = q->rc;
		if (q->error.len)
			msg_error("%s", q->error.buf);
	}
	queue_free(q);
	return rc;
}

int catalog_stream_threaded(FILE *fp, const char *source, size_t max_record, record_fn fn, void *arg,
			    struct findings *findings)
{
	struct record_queue *q = xcalloc(1, sizeof(*q));
	pthread_t reader;
	int rc = 0;

	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->not_empty, NULL);
	pthread_cond_init(&q->not_full, NULL);
	strbuf_init(&q->error);
	q->fp = fp;
	q->source = source;
	q->max_record = max_record;
	json_object_seed(0); /* jansson's hash seed must be set before threads share the library */
	if (iofault(IO_THREAD) || pthread_create(&reader, NULL, reader_main, q)) {
		queue_free(q);
		return catalog_stream_lenient(fp, source, max_record, fn, arg, findings);
	}
	for (;;) {
		struct queued_record e = queue_pop(q);

		findings_move(findings, &e.findings);
		findings_release(&e.findings);
		if (!e.record)
			break;
		rc = fn(arg, e.record, source, e.line);
		queue_done(q, e.record, rc != 0);
		if (rc)
			break; /* the reader stops; it is waited for below */
	}
	pthread_join(reader, NULL);
	return queue_finish(q, rc);
}
