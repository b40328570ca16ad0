/* idindex.c: the compact id index (idindex.h): linear probing over a power-of-two table kept
 * at most three quarters full, so a lookup touches a 4-byte slot or a few and, on a hash match,
 * one key. Per id: an 8-byte entry, 5.3 to 10.7 bytes of slots, the record and the key with its
 * NUL (issue 12: 24-byte entries and a table at most half full before).
 * Owns: the index's slots, entries, records and key arena. */
#include "idindex.h"
#include "alloc.h"
#include "msg.h"
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

void idindex_init(struct idindex *ix, size_t value_size)
{
	memset(ix, 0, sizeof(*ix));
	ix->value_size = value_size;
}

void idindex_release(struct idindex *ix)
{
	free(ix->slots);
	free(ix->entries);
	free(ix->values);
	free(ix->arena);
	idindex_init(ix, ix->value_size);
}

uint64_t idindex_hash(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The entry's hash: XXH3's 64 bits folded (the table has at most 2^32 slots); idindex_hash
 * (FNV-1a) stays the documented --shard hash, a byte at a time. */
static uint32_t key_hash(const char *key, size_t len)
{
	uint64_t h = XXH3_64bits(key, len);

	return (uint32_t)(h ^ (h >> 32));
}

static long probe(const struct idindex *ix, uint32_t h, const char *key, size_t len, size_t *slot)
{
	size_t mask = ix->cap - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t s = ix->slots[i];
		const struct idindex_entry *e;
		if (!s) {
			*slot = i;
			return -1;
		}
		e = &ix->entries[s - 1];
		if (e->hash == h && idindex_len(ix, s - 1) == len && !memcmp(ix->arena + e->key, key, len))
			return (long)(s - 1);
	}
}

long idindex_find(const struct idindex *ix, const char *key, size_t len)
{
	size_t slot;

	if (!ix->cap)
		return -1;
	return probe(ix, key_hash(key, len), key, len, &slot);
}

uint32_t *idindex_slots(size_t cap)
{
	if (cap > (size_t)UINT32_MAX)
		exit(msg_fail(EXIT_NOMEM, "out of memory: more than %zu ids in one index", (size_t)UINT32_MAX / 8 * 3));
	return xcalloc(cap, sizeof(uint32_t));
}

static void grow(struct idindex *ix)
{
	size_t cap = ix->cap ? ix->cap * 2 : 64, mask = cap - 1;
	uint32_t *slots = idindex_slots(cap);

	for (size_t k = 0; k < ix->n; k++) {
		size_t i = ix->entries[k].hash & mask;
		while (slots[i])
			i = (i + 1) & mask;
		slots[i] = (uint32_t)(k + 1);
	}
	free(ix->slots);
	ix->slots = slots;
	ix->cap = cap;
}

size_t idindex_put(struct idindex *ix, const char *key, size_t len, int *created)
{
	uint32_t h = key_hash(key, len);
	struct idindex_entry *e;
	size_t slot;
	long found;

	if ((ix->n + 1) * 4 > ix->cap * 3)
		grow(ix);
	if ((found = probe(ix, h, key, len, &slot)) >= 0) {
		*created = 0;
		return (size_t)found;
	}
	if (len >= UINT32_MAX - ix->arena_len)
		exit(msg_fail(EXIT_NOMEM, "out of memory: more than 4 GiB of ids in one index"));
	*created = 1;
	{
		size_t before = ix->entries_alloc;
		ALLOC_GROW(ix->entries, ix->n + 1, ix->entries_alloc);
		if (ix->value_size && ix->entries_alloc != before) /* the records follow the entries */
			ix->values = xrealloc(ix->values, ix->entries_alloc * ix->value_size);
		if (ix->value_size)
			memset(ix->values + ix->n * ix->value_size, 0, ix->value_size);
	}
	ALLOC_GROW(ix->arena, ix->arena_len + len + 1, ix->arena_alloc);
	e = &ix->entries[ix->n];
	e->hash = h;
	e->key = (uint32_t)ix->arena_len;
	memcpy(ix->arena + ix->arena_len, key, len);
	ix->arena[ix->arena_len + len] = '\0';
	ix->arena_len += len + 1;
	ix->slots[slot] = (uint32_t)(ix->n + 1);
	return ix->n++;
}
