/* arena.h: record arenas for jansson: the values of one catalog record decoded into chunks
 * of one reserved region and given back whole, instead of a malloc and a free per value
 * (issue 12: malloc/free were a tenth of a build).
 * Owns: the region, its chunks and the list of free chunks (process-wide, thread-safe); each
 * thread's current arena. */
#ifndef FEEDGEN_ARENA_H
#define FEEDGEN_ARENA_H
#include <stddef.h>

struct json_t;

/* From here to arena_end(), this thread's jansson allocations go to a fresh arena: decode one
 * record (json_loadb) in between, and nothing else. When the region has no chunk left, the
 * values go to the heap as before (jansson's free tells them apart by address). */
void arena_begin(void);
/* Back to the heap. keep 0: nothing of the arena is in use (the decoding failed): it is given
 * back at once; keep 1: it lives as long as the record decoded into it. */
void arena_end(int keep);
/* json_decref(record); when that was the last reference and the record lives in an arena, the
 * arena is given back. Every record decoded between arena_begin and arena_end is freed here. */
void arena_record_free(struct json_t *record);
/* arena_record_free for a record not changed since it was decoded (nothing set into it since
 * arena_end): when every one of its values is in its arena, the arena is given back without
 * json_decref's walk over them (a worker's tenth of its decoding, issue 12). A record with a
 * value on the heap (a large one, or the region full) is freed by arena_record_free. */
void arena_record_drop(struct json_t *record);

/* jansson's allocation functions (alloc.c sets them): n bytes from this thread's arena, else
 * (no arena active, n large, no chunk left) from the heap; and the free of p, a no-op inside
 * the region. Whether p is inside the region. */
void *arena_json_malloc(size_t n);
void arena_json_free(void *p);
int arena_owns(const void *p);
#endif
