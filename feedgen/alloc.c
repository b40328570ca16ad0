/* alloc.c: every allocation in feedgen goes through here (and libxml2's and jansson's, via their hooks).
 * Owns: out-of-memory handling and the FEEDGEN_FAIL_ALLOC fault injection counter. */
#include "alloc.h"
#include "msg.h"
#include <jansson.h>
#include <libxml/xmlmemory.h>
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

/* libxml2 and jansson take plain function pointers with libc signatures. */
static void *lib_malloc(size_t n) { return xmalloc(n); }
static void *lib_realloc(void *p, size_t n) { return xrealloc(p, n); }
static void lib_free(void *p) { free(p); }
static char *lib_strdup(const char *s) { return xstrdup(s); }

void alloc_init(void)
{
	const char *at = getenv("FEEDGEN_FAIL_ALLOC");

	if (at && *at)
		alloc_fail_at = strtoul(at, NULL, 10);
	json_set_alloc_funcs(lib_malloc, lib_free);
	xmlMemSetup(lib_free, lib_malloc, lib_realloc, lib_strdup);
}
