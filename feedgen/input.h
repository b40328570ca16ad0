/* input.h: opening a local input (catalog, inventory, feed) for reading: a regular file, a
 * device, or a FIFO, for which it waits up to the --timeout for a writer instead of blocking
 * forever. Owns: nothing after return; the caller owns and fcloses the FILE. */
#ifndef FEEDGEN_INPUT_H
#define FEEDGEN_INPUT_H
#include <stdio.h>

/* How long to wait for a FIFO's writer, in seconds (--timeout; default 60). */
void input_set_timeout(long seconds);
long input_timeout(void);
/* Open `path` for reading; `what` names it in messages ("catalog"). *regular tells whether it is
 * a regular file (seekable), may be NULL. Returns 0 or EXIT_INPUT after a message. */
int input_open(const char *what, const char *path, FILE **fp, int *regular);
#endif
