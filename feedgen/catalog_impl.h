/* catalog_impl.h: what catalog.c (the scanner and streams), catalog_decode.c (a record's
 * decoding) and catalog_threaded.c (the reader thread of catalog_stream_threaded) share;
 * nothing else includes it.
 * Owns: nothing (messages go into the caller's buffer, records are the caller's). */
#ifndef FEEDGEN_CATALOG_IMPL_H
#define FEEDGEN_CATALOG_IMPL_H
#include "catalog.h"

/* Decode one record (it starts at line/col) into its own arena. Lenient (findings set): a
 * record with invalid UTF-8 is repaired with a warning; one that does not decode gets an error
 * finding and NULL. Else NULL with *err and the error's position in *eline, *ecol. */
json_t *catalog_decode_record(const char *rec, size_t len, const char *source, long line, long col,
			      struct findings *findings, json_error_t *err, long *eline, long *ecol);

/* catalog_stream_lenient() for a thread that must not print: a fatal error's message is
 * appended to *error instead, for the calling thread to print in order. */
int catalog_stream_quiet(FILE *fp, const char *source, size_t max_record, record_fn fn, void *arg,
			 struct findings *findings, struct strbuf *error);
#endif
