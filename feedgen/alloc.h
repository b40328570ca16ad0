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

/* Counts one allocation made elsewhere (an arena's chunk, arena.h) for FEEDGEN_FAIL_ALLOC:
 * when it is the one to fail, the run ends with the out-of-memory message and EXIT_NOMEM. */
void alloc_count_one(void);

/* Reads FEEDGEN_FAIL_ALLOC; called once from main(), before any library is used. Also routes
 * libxml2 (xmlMemSetup) and jansson (json_set_alloc_funcs; a record being decoded into its
 * arena, arena.h) through us. */
void alloc_init(void);
/* curl_global_init with libcurl's allocations routed through us (curl_global_init_mem), so
 * they count for FEEDGEN_FAIL_ALLOC and end in exit 4 like ours. 0, or libcurl's error code. */
int alloc_curl_global_init(long flags);
/* PCRE2 contexts whose allocations go through us, created once (thread-safe) and kept for the
 * process: pass the general context to pcre2_match_data_create (the match's heap frames are
 * the match data's), the compile context to pcre2_compile (the compiled code keeps it). */
struct pcre2_real_general_context_8;
struct pcre2_real_compile_context_8;
struct pcre2_real_general_context_8 *alloc_pcre2_general(void);
struct pcre2_real_compile_context_8 *alloc_pcre2_compile(void);
#endif
