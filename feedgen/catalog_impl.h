/* catalog_impl.h: what catalog.c (the scanner and streams) gives catalog_threaded.c (the reader
 * thread of catalog_stream_threaded); nothing else includes it.
 * Owns: nothing (the message goes into the caller's buffer). */
#ifndef FEEDGEN_CATALOG_IMPL_H
#define FEEDGEN_CATALOG_IMPL_H
#include "catalog.h"

/* catalog_stream_lenient() for a thread that must not print: a fatal error's message is
 * appended to *error instead, for the calling thread to print in order. */
int catalog_stream_quiet(FILE *fp, const char *source, size_t max_record, record_fn fn, void *arg,
			 struct findings *findings, struct strbuf *error);
#endif
