/* source.h: the one way in: every input of a run (catalogs, the inventory, feeds to validate,
 * fetch --catalog) is opened here, whatever it is: an http(s)/file URL (fetched with the run's
 * fetch options: timeouts, retries, CA, cache, size caps), "-" (standard input), or a local
 * path (a file, a device, or a FIFO waited for up to --timeout, input.h).
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
/* fclose unless it is stdin. */
void source_close(FILE *fp);
#endif
