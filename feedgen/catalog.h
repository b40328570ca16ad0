/* catalog.h: reading catalog records (shop products as JSON) from files, streams and URLs,
 * one record at a time, and handing each to the dialect's normalizer.
 * Owns: the record stream (reader buffer); records passed to a record_fn are borrowed. */
#ifndef FEEDGEN_CATALOG_H
#define FEEDGEN_CATALOG_H
#include <stdio.h>
#include <jansson.h>

enum dialect { DIALECT_SHOPIFY = 0, DIALECT_WOOCOMMERCE, DIALECT_TIKTOKSHOP };
const char *dialect_name(enum dialect d);
int dialect_from_name(const char *name); /* -1 when unknown */

/* One record (borrowed: the callee takes its own reference to keep it). source is the file
 * name or URL, line the line where the record starts (0 when unknown).
 * Return 0 to go on, anything else to stop (returned up). */
typedef int (*record_fn)(void *arg, json_t *record, const char *source, long line);

/* Stream the records of a JSON document from fp: the elements of a top-level array, of the
 * "products" array of a top-level object (also "data.products"), or each top-level object
 * (JSON Lines / concatenated JSON) when the object is itself a record. The header line of a
 * `feedgen fetch` snapshot ({"feedgen_snapshot":1,...}) is passed on like any record: the
 * caller reads the dialect from it. Memory is bounded by the largest record (max_record
 * bytes, 0: 64 MiB).
 * Returns 0, the callback's value, or EXIT_INPUT after printing a message with file, line
 * and column. */
int catalog_stream(FILE *fp, const char *source, size_t max_record, record_fn fn, void *arg);
/* The same, for a build: a record whose bytes are not valid UTF-8 is repaired (U+FFFD) and
 * read, with a warning; a record that still does not decode is reported as an error finding
 * and skipped, and the rest of the catalog goes on. Only a broken document structure
 * (truncated, unbalanced) ends the stream with EXIT_INPUT. */
struct findings;
int catalog_stream_lenient(FILE *fp, const char *source, size_t max_record, record_fn fn, void *arg,
			   struct findings *findings);
/* catalog_stream_lenient() with the scanning and decoding in a reader thread and the
 * callback in the calling thread, in catalog order (the output does not depend on it). */
int catalog_stream_threaded(FILE *fp, const char *source, size_t max_record, record_fn fn, void *arg,
			    struct findings *findings);
/* catalog_stream_lenient() for a mapped catalog (mapping.h): the records are the array at the
 * path records names ("items", "data.items"; NULL: as catalog_stream). */
int catalog_stream_records(FILE *fp, const char *source, const char *records, record_fn fn, void *arg,
			   struct findings *findings);
/* The scanning half of catalog_stream_lenient(), for a pool of decoders (pipeline_pool.c):
 * each record's bytes (borrowed until the callback returns) and the line and column it starts
 * at go to fn, which returns 0 to go on. A broken document structure ends the scan with
 * EXIT_INPUT and its message in *error (not printed: the caller prints it in order). */
struct strbuf;
typedef int (*range_fn)(void *arg, const char *bytes, size_t len, long line, long col);
int catalog_scan(FILE *fp, const char *source, size_t max_record, range_fn fn, void *arg, struct strbuf *error);
/* The decoding half: one record's bytes into a record freed with arena_record_free(), the
 * lenient way (invalid UTF-8 repaired with a warning in findings; a record that does not
 * decode: an error finding and NULL). Safe on any thread. */
json_t *catalog_decode(const char *rec, size_t len, const char *source, long line, long col,
		       struct findings *findings);
/* Same over a memory buffer. */
int catalog_stream_buffer(const char *buf, size_t len, const char *source, record_fn fn, void *arg);
#endif
