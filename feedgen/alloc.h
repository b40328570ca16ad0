/* alloc.h: the one place every allocation in feedgen goes through.
 * Owns: the out-of-memory policy (message + exit 4) and allocation fault injection for tests. */
#ifndef FEEDGEN_ALLOC_H
#define FEEDGEN_ALLOC_H
#include <stddef.h>

/* Each returns usable memory or ends the process with a message and EXIT_NOMEM:
 * a feed tool cannot usefully go on without memory, and a failed run must never publish.
 * With FEEDGEN_FAIL_ALLOC=N in the environment the N-th allocation fails (fault injection). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grow an array to hold at least `need` elements of `size`; *alloc is its capacity. */
void *xgrow(void *p, size_t need, size_t *alloc, size_t size);
#define ALLOC_GROW(p, need, alloc) ((p) = xgrow((p), (need), &(alloc), sizeof(*(p))))

/* Reads FEEDGEN_FAIL_ALLOC; called once from main(). Also routes libxml2 and jansson through us. */
void alloc_init(void);
#endif
