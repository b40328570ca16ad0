/* source.h: the one way in: every input of a run (catalogs, the inventory, feeds to validate,
 * fetch --catalog) is opened here, whatever it is: an http(s)/file URL (fetched with the run's
 * fetch options: timeouts, retries, CA, cache, size caps), "-" (standard input), or a local
 * path (a file, a device, or a FIFO waited for up to --timeout, input.h). gzip data (by its magic
 * bytes, whatever the name) is unpacked on the fly (source_gzip.c).
 * Owns: nothing after return; the caller fcloses the FILE unless it is stdin. */
#ifndef FEEDGEN_SOURCE_H
#define FEEDGEN_SOURCE_H
#include <stdio.h>

struct fetch_options;
/* Open `path` for reading; `what` names it in messages ("catalog", "inventory", "feed"). fo
 * NULL: the default fetch options. *seekable (may be NULL) tells whether the stream is a
 * regular file that can be rewound (local files, downloaded URLs, stdin redirected from a
 * file). Returns 0, or EXIT_INPUT after a message. */
int source_open(const char *what, const char *path, const struct fetch_options *fo, FILE **fp, int *seekable);
/* The same without unpacking gzip (validate --feed spools and unpacks a feed itself). */
int source_open_raw(const char *what, const char *path, const struct fetch_options *fo, FILE **fp, int *seekable);
/* When *fp starts with the gzip magic (1f 8b), replace it by a stream of the unpacked bytes:
 * members one after another, each checked by zlib (a CRC error, truncated data or bytes after
 * the end that are not gzip fail the read with a message naming `what` and `path`), at most
 * SOURCE_GZIP_MAX unpacked bytes (a gzip bomb: a message, then read errors), rewindable when
 * *fp is (rewind unpacks again), closing *fp (not stdin) when closed. Else *fp is left as it
 * was, nothing consumed. Returns 0, or EXIT_INPUT after a message. */
#define SOURCE_GZIP_MAX ((unsigned long long)4 << 30)
extern unsigned long long source_gzip_max; /* SOURCE_GZIP_MAX; unit tests lower it */
int source_gunzip(const char *what, const char *path, FILE **fp);
/* fclose unless it is stdin. */
void source_close(FILE *fp);
#endif
