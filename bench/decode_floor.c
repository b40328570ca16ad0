/* bench/decode_floor.c: issue 12's "known floor", measured on this machine by `make bench`:
 * jansson decoding each product of a Shopify {"products": [...]} document one at a time on
 * THREADS threads, with a bump arena behind json_set_alloc_funcs reset after each product, and
 * nothing else (no normalising, no feed): what any build of that catalog costs at least.
 * Usage: decode_floor FILE THREADS. Not part of feedgen; owns nothing beyond its run. */
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define ARENA_BYTES (64u << 20) /* one product's tree, with room to spare */
#define MAX_THREADS 64

static __thread char *arena;
static __thread size_t arena_used;

static void *arena_malloc(size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (arena_used + n > ARENA_BYTES) {
		fprintf(stderr, "decode_floor: a product needs more than %u bytes\n", ARENA_BYTES);
		exit(1);
	}
	p = arena + arena_used;
	arena_used += n;
	return p;
}

static void arena_free(void *p)
{
	(void)p; /* the arena is reset after each product */
}

struct range {
	const char *s;
	size_t n;
};

static struct range *ranges;
static size_t nranges;
static long nthreads;

static void *decode_share(void *arg)
{
	long k = (long)arg, ok = 0;

	if (!(arena = malloc(ARENA_BYTES)))
		return NULL;
	for (size_t i = (size_t)k; i < nranges; i += (size_t)nthreads) {
		json_error_t e;
		arena_used = 0;
		if (json_loadb(ranges[i].s, ranges[i].n, 0, &e))
			ok++; /* no json_decref: the arena is reset */
	}
	free(arena);
	return (void *)ok;
}

/* The array's elements: depth counted, strings skipped (the document is trusted: ours). */
static void split_products(const char *p, const char *end)
{
	size_t cap = 1024;
	const char *q = memchr(p, '[', (size_t)(end - p));

	ranges = malloc(cap * sizeof(*ranges));
	for (q = q ? q + 1 : end; q < end;) {
		const char *s;
		int depth = 0;
		while (q < end && *q != '{' && *q != ']')
			q++;
		if (q >= end || *q == ']')
			break;
		for (s = q; q < end; q++) {
			if (*q == '"') {
				for (q++; q < end && *q != '"'; q++)
					if (*q == '\\')
						q++;
			} else if (*q == '{' || *q == '[') {
				depth++;
			} else if ((*q == '}' || *q == ']') && --depth == 0) {
				q++;
				break;
			}
		}
		if (nranges == cap)
			ranges = realloc(ranges, (cap *= 2) * sizeof(*ranges));
		ranges[nranges++] = (struct range){ s, (size_t)(q - s) };
	}
}

int main(int argc, char **argv)
{
	pthread_t t[MAX_THREADS];
	struct stat st;
	long ok = 0;
	const char *p;
	int fd;

	if (argc != 3 || (nthreads = atol(argv[2])) < 1 || nthreads > MAX_THREADS) {
		fprintf(stderr, "usage: decode_floor FILE THREADS (1-%d)\n", MAX_THREADS);
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY)) < 0 || fstat(fd, &st) || st.st_size == 0 ||
	    (p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		fprintf(stderr, "decode_floor: cannot read %s\n", argv[1]);
		return 1;
	}
	json_set_alloc_funcs(arena_malloc, arena_free);
	split_products(p, p + st.st_size);
	for (long k = 0; k < nthreads; k++)
		pthread_create(&t[k], NULL, decode_share, (void *)k);
	for (long k = 0; k < nthreads; k++) {
		void *r;
		pthread_join(t[k], &r);
		ok += (long)r;
	}
	printf("%zu products, %ld decoded\n", nranges, ok);
	return ok == (long)nranges ? 0 : 1;
}
