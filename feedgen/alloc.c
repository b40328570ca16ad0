/* alloc.c: every allocation in feedgen goes through here (and libxml2's, jansson's, libcurl's
 * and PCRE2's, via their hooks).
 * Owns: out-of-memory handling and the FEEDGEN_FAIL_ALLOC fault injection counter. */
#include "alloc.h"
#include "arena.h"
#include "msg.h"
#include <curl/curl.h>
#include <jansson.h>
#include <libxml/xmlmemory.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static _Atomic unsigned long alloc_count; /* reader threads allocate too */
static unsigned long alloc_fail_at; /* 0: never */

static void *check(void *p, size_t n)
{
	if (!p && n) {
		msg_error("out of memory (%zu bytes)", n);
		exit(EXIT_NOMEM);
	}
	return p;
}

static int injected_failure(void)
{
	return alloc_fail_at && ++alloc_count == alloc_fail_at;
}

void alloc_count_one(void)
{
	if (injected_failure())
		check(NULL, 1);
}

void *xmalloc(size_t n)
{
	return check(injected_failure() ? NULL : malloc(n ? n : 1), n ? n : 1);
}

void *xcalloc(size_t count, size_t size)
{
	if (size && count > (size_t)-1 / size) {
		msg_error("out of memory (allocation size overflows)");
		exit(EXIT_NOMEM);
	}
	return check(injected_failure() ? NULL : calloc(count ? count : 1, size ? size : 1), 1);
}

void *xrealloc(void *p, size_t n)
{
	return check(injected_failure() ? NULL : realloc(p, n ? n : 1), n ? n : 1);
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void *xgrow(void *p, size_t need, size_t *alloc, size_t size)
{
	size_t n;

	if (need <= *alloc)
		return p;
	n = *alloc ? *alloc : 8;
	while (n < need) {
		if (n > ((size_t)-1 / 2) / size) {
			msg_error("out of memory (array too large)");
			exit(EXIT_NOMEM);
		}
		n *= 2;
	}
	*alloc = n;
	return xrealloc(p, n * size);
}

/* libxml2, jansson and libcurl take plain function pointers with libc signatures. */
static void *lib_malloc(size_t n) { return xmalloc(n); }
static void *lib_realloc(void *p, size_t n) { return xrealloc(p, n); }
static void *lib_calloc(size_t count, size_t size) { return xcalloc(count, size); }
static void lib_free(void *p) { free(p); }
static char *lib_strdup(const char *s) { return xstrdup(s); }
/* PCRE2's take a user data pointer too */
static void *pcre_malloc(size_t n, void *data) { (void)data; return xmalloc(n); }
static void pcre_free(void *p, void *data) { (void)data; free(p); }

void alloc_init(void)
{
	const char *at = getenv("FEEDGEN_FAIL_ALLOC");

	if (at && *at)
		alloc_fail_at = strtoul(at, NULL, 10);
	json_set_alloc_funcs(arena_json_malloc, arena_json_free); /* a record being decoded: its arena */
	xmlMemSetup(lib_free, lib_malloc, lib_realloc, lib_strdup);
}

int alloc_curl_global_init(long flags)
{
	return (int)curl_global_init_mem(flags, lib_malloc, lib_free, lib_realloc, lib_strdup, lib_calloc);
}

static pthread_once_t pcre_once = PTHREAD_ONCE_INIT;
static pcre2_general_context *pcre_general;
static pcre2_compile_context *pcre_compile;

static void pcre_contexts(void)
{
	/* our allocator never returns NULL: it ends the run with exit 4 first */
	pcre_general = pcre2_general_context_create(pcre_malloc, pcre_free, NULL);
	pcre_compile = pcre2_compile_context_create(pcre_general);
}

pcre2_general_context *alloc_pcre2_general(void)
{
	pthread_once(&pcre_once, pcre_contexts);
	return pcre_general;
}

pcre2_compile_context *alloc_pcre2_compile(void)
{
	pthread_once(&pcre_once, pcre_contexts);
	return pcre_compile;
}
