/* diff_capture.h: a build's change report without reading back what it wrote (issue 12): each
 * row the pipeline writes goes into a record (the values feed_diff
 * compares, reduced to struct diff_record) while the feed is written; afterwards the feed it
 * replaces (its digest, feed_digest.h, or the file itself) is merged into the same index, which
 * gives the counts feed_diff_replaced() gives for the two files. NEW's records are kept by the
 * id's number in the build's SKU pool (skupool.h: 12 bytes per id, no key or table of its own,
 * issue 12), and are also the next run's digest; OLD's ids that the pool lacks get an index of
 * their own (the pool is only read then: the captures of a build merge OLD at once).
 * Owns: the records, OLD's index, a reference to the pool, the template and the feed_diff
 * options (the urgency options are borrowed). */
#ifndef FEEDGEN_DIFF_CAPTURE_H
#define FEEDGEN_DIFF_CAPTURE_H
#include "feed_diff.h"
#include "row.h"
#include "skupool.h"

struct pipeline;

/* The compared values of one id: the prices and currencies hashed together, the hash of every
 * other value, the availability code and the low-stock flag (feed_diff.h's struct diff_values).
 * 12 bytes (issue 12: 24 before): the two hashes are folded to 32 bits. A change REPORT may
 * miss a change with probability 2^-32 per changed item and hash (one in 4 billion: about one
 * item in 12,000 runs of a catalog whose 340,000 items all change); nothing that accepts or
 * rejects an item uses these hashes. */
struct diff_record {
	uint32_t prices;
	uint32_t other;
	int16_t availability;
	uint8_t low;
	uint8_t state;          /* in the index: DIFF_IN_NEW, DIFF_IN_OLD or both */
};
enum { DIFF_IN_NEW = 1, DIFF_IN_OLD = 2 };

struct diff_capture {
	const struct template *tpl; /* the channel's, loaded again: the pipeline frees its own */
	struct feed_diff d;     /* the options and attribute numbers; its own index stays empty */
	struct skupool *pool;   /* a reference */
	struct diff_record *recs; /* NEW's, by pool number (state 0: no row of NEW has the id) */
	size_t recs_alloc;
	struct idindex old;     /* OLD's ids without a record of NEW -> struct diff_record */
	size_t nnew;            /* NEW's ids (records with DIFF_IN_NEW) */
	struct diff_counts counts;
	int merged;             /* an OLD was merged (the counts of NEW are then final too) */
	int tsv;                /* a TSV feed: values compared as they are read back (diff_capture.c) */
	struct row view;        /* a TSV row as read back */
	struct diff_prefix *prefix; /* a reference to the hash prefix the feeds of its channel share, or NULL */
};

/* NULL when the channel's template cannot be loaded (said). pool: the build's (a reference is
 * taken), or NULL: one of its own. */
struct diff_capture *diff_capture_new(const char *channel, const struct urgency_options *u);
struct diff_capture *diff_capture_new_in(const char *channel, const struct urgency_options *u, struct skupool *pool);
void diff_capture_free(struct diff_capture *c);
/* A row written to the feed; like: what its writer found (row.h), or NULL. */
void diff_capture_row(struct diff_capture *c, const struct row *r, const struct row_likeness *like);
/* One item of OLD: a row read from the replaced file, or an id with its record (a digest). */
int diff_capture_old_row(void *c, const struct row *r);
void diff_capture_old_record(struct diff_capture *c, const char *id, size_t len, const struct diff_record *rec);
/* OLD's rows, items without id and repeated ids, as a digest counts them. */
void diff_capture_old_totals(struct diff_capture *c, unsigned long items, unsigned long without_id,
			     unsigned long duplicates);
/* The counts (previous: an OLD was merged): added and removed counted from the index. An OLD
 * that failed half-way leaves counts of no use, but NEW's entries as written (the digest). */
void diff_capture_finish(struct diff_capture *c, struct diff_counts *out);
/* NEW's ids and records, in pool order (the digest):
 * for (size_t i = 0; (rec = diff_capture_next_new(c, &i, &id, &len));) */
const struct diff_record *diff_capture_next_new(const struct diff_capture *c, size_t *i, const char **id, size_t *len);

/* The captures of a build, one per feed of the pipeline (NULL for a feed written to standard
 * output, a device or a FIFO: those have no change report). attach sets each
 * feed_run's capture; take hands feed i's to the caller; release_all frees what was not taken. */
void diff_capture_attach(struct pipeline *p);
struct diff_capture *diff_capture_take(size_t i);
void diff_capture_release_all(void);
#endif
