/* output.h: an output file written atomically: a temporary file in the target directory,
 * checked writes, fflush + fsync, then rename over the target. A run that fails calls
 * output_abort() and the previous file is untouched. "-" means standard output.
 * Owns: the temporary file (removed on abort) and its FILE*. */
#ifndef FEEDGEN_OUTPUT_H
#define FEEDGEN_OUTPUT_H
#include <stdio.h>

struct output {
	char *target;     /* final path, or "-" */
	char *tmp;        /* temporary path, or NULL for stdout */
	FILE *fp;
	int failed;       /* a write failed (errno kept in err) */
	int err;
};

/* Open; returns 0 or EXIT_OUTPUT after a message. */
int output_open(struct output *o, const char *path);
/* Write helpers that record failure instead of returning it on every call. */
void output_write(struct output *o, const void *data, size_t len);
/* Flush, fsync, close and rename into place. Returns 0 or EXIT_OUTPUT after a message (the
 * temporary file is removed). */
int output_commit(struct output *o);
/* Close and remove the temporary file: nothing is published. Safe to call twice. */
void output_abort(struct output *o);
/* Remove every temporary file still open (called from a signal handler path / atexit). */
void output_abort_all(void);
#endif
