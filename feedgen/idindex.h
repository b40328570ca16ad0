/* idindex.h: a compact index from ids (byte strings) to a fixed-size record, for the indexes
 * that grow with a feed (feedgen diff's items of OLD): open addressing over 32-bit slots, the
 * keys in one arena, the records in one array, entries numbered in insertion order.
 * Owns: copies of its keys (the arena), the entries and their records. */
#ifndef FEEDGEN_IDINDEX_H
#define FEEDGEN_IDINDEX_H
#include <stddef.h>
#include <stdint.h>

/* 8 bytes (issue 12: 24 before): the hash's two halves folded, and the key's offset in the
 * arena; its length is implied (keys are stored in entry order: the next key's offset - 1). */
struct idindex_entry {
	uint32_t hash;
	uint32_t key;          /* offset of the key in the arena (NUL-terminated there) */
};

struct idindex {
	uint32_t *slots;       /* 0: empty, else entry number + 1 */
	size_t cap;            /* slots, a power of two (0 before the first insert) */
	struct idindex_entry *entries;
	size_t n, entries_alloc;
	unsigned char *values; /* n records of value_size bytes */
	size_t value_size;
	char *arena;           /* at most 4 GiB (an index that needs more fails, EXIT_NOMEM) */
	size_t arena_len, arena_alloc;
};

/* value_size: bytes of each record (0: a set of ids). */
void idindex_init(struct idindex *ix, size_t value_size);
void idindex_release(struct idindex *ix);
/* FNV-1a 64 (the --shard hash, shard.h; the index itself hashes keys with XXH3). */
uint64_t idindex_hash(const void *data, size_t len, uint64_t seed);
#define IDINDEX_HASH_SEED 0xcbf29ce484222325ULL
/* A table of cap empty 4-byte slots (this index's, skumap.c's, idset.c's); exits with
 * EXIT_NOMEM beyond 2^32 slots. */
uint32_t *idindex_slots(size_t cap);
/* The entry number of key, or -1 when absent. */
long idindex_find(const struct idindex *ix, const char *key, size_t len);
/* Find or insert key; *created says which (a new record is zeroed). Returns the entry number. */
size_t idindex_put(struct idindex *ix, const char *key, size_t len, int *created);
/* Entry i's key (NUL-terminated, valid until the next idindex_put) and record. */
static inline const char *idindex_key(const struct idindex *ix, size_t i) { return ix->arena + ix->entries[i].key; }
static inline size_t idindex_len(const struct idindex *ix, size_t i)
{
	return (i + 1 < ix->n ? ix->entries[i + 1].key : ix->arena_len) - ix->entries[i].key - 1;
}
static inline void *idindex_value(const struct idindex *ix, size_t i) { return ix->values + i * ix->value_size; }
#endif
