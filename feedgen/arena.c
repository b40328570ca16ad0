/* arena.c: record arenas for jansson (see arena.h).
 * Owns: the reserved region (mmap, never unmapped: it ends with the process), its chunk table
 * and free list (under one mutex), and each thread's current arena. */
#include "arena.h"
#include "alloc.h"
#include "msg.h"
#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define CHUNK_SIZE ((size_t)32 << 10)  /* a typical decoded product fits one chunk */
#define CHUNKS 4096                      /* 128 MiB of address space; only chunks used are memory */
#define ARENA_MAX_ALLOC (CHUNK_SIZE / 4) /* larger values (long descriptions) go to the heap */
#define ALIGN 16

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static char *region;          /* NULL: mmap failed, every allocation uses the heap */
static int next_chunk[CHUNKS];/* the chunk after this one in its arena, -1 at the end */
static int owner[CHUNKS];     /* the first chunk of the arena this chunk belongs to */
static char spilled[CHUNKS];  /* by an arena's first chunk: some of its record's values are on the heap */
static int free_top = -1;     /* free list, linked through next_chunk */
static int untouched;         /* chunks [untouched, CHUNKS) were never used */

static _Thread_local struct {
	int active;
	int first, cur;           /* chunks of the arena being filled, -1: none yet */
	size_t used;              /* bytes used in cur */
	int spilled;              /* an allocation since arena_begin went to the heap */
} here = { 0, -1, -1, 0, 0 };

static void reserve(void)
{
	void *p = mmap(NULL, CHUNK_SIZE * CHUNKS, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		       -1, 0);

	region = p == MAP_FAILED ? NULL : p;
}

/* A free chunk, or -1. Taking one counts as an allocation for FEEDGEN_FAIL_ALLOC. */
static int take_chunk(int first)
{
	int c = -1;

	alloc_count_one();
	pthread_mutex_lock(&lock);
	if (free_top >= 0) {
		c = free_top;
		free_top = next_chunk[c];
	} else if (untouched < CHUNKS)
		c = untouched++;
	if (c >= 0) {
		next_chunk[c] = -1;
		owner[c] = first < 0 ? c : first;
	}
	pthread_mutex_unlock(&lock);
	return c;
}

static void give_back(int first)
{
	pthread_mutex_lock(&lock);
	while (first >= 0) {
		int next = next_chunk[first];
		next_chunk[first] = free_top;
		free_top = first;
		first = next;
	}
	pthread_mutex_unlock(&lock);
}

void arena_begin(void)
{
	pthread_once(&once, reserve);
	here.active = region != NULL;
	here.first = here.cur = -1;
	here.used = 0;
	here.spilled = 0;
}

void arena_end(int keep)
{
	if (!keep && here.first >= 0)
		give_back(here.first);
	else if (here.first >= 0)
		spilled[here.first] = (char)here.spilled;
	here.active = 0;
	here.first = here.cur = -1;
}

/* An allocation of n bytes from this thread's arena, or NULL when no arena is active, n is
 * large, or no chunk is left (the caller uses the heap). */
static void *arena_alloc(size_t n)
{
	void *p;

	if (!here.active)
		return NULL;
	if (n > ARENA_MAX_ALLOC) {
		here.spilled = 1;
		return NULL;
	}
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (here.cur < 0 || here.used + n > CHUNK_SIZE) {
		int c = take_chunk(here.first);
		if (c < 0) {
			here.active = 0; /* the region is full: the rest of this record uses the heap */
			here.spilled = 1;
			return NULL;
		}
		if (here.cur >= 0)
			next_chunk[here.cur] = c; /* chunks in use are only touched by their thread */
		else
			here.first = c;
		here.cur = c;
		here.used = 0;
	}
	p = region + (size_t)here.cur * CHUNK_SIZE + here.used;
	here.used += n;
	return p;
}

int arena_owns(const void *p)
{
	return region && (uintptr_t)p - (uintptr_t)region < CHUNK_SIZE * CHUNKS;
}

/* In this file, so that the arena's steps are inline in jansson's one call (issue 12: the two
 * calls a value cost the workers 6 M instructions of a two-feed run, 2,000 products). */
void *arena_json_malloc(size_t n)
{
	void *p = arena_alloc(n);
	return p ? p : xmalloc(n);
}

void arena_json_free(void *p)
{
	if (!arena_owns(p))
		free(p);
}

void arena_record_free(json_t *record)
{
	int last;

	if (!record)
		return;
	last = record->refcount == 1;
	json_decref(record);
	if (last && arena_owns(record))
		give_back(owner[((uintptr_t)record - (uintptr_t)region) / CHUNK_SIZE]);
}

void arena_record_drop(json_t *record)
{
	int first;

	if (!record || record->refcount != 1 || !arena_owns(record)) {
		arena_record_free(record);
		return;
	}
	first = owner[((uintptr_t)record - (uintptr_t)region) / CHUNK_SIZE];
	if (spilled[first])
		arena_record_free(record);
	else
		give_back(first); /* every value of the record is in these chunks: no walk, no free */
}
