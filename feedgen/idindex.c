/* idindex.c: the compact id index (idindex.h): linear probing over a power-of-two table kept
 * at most half full, so a lookup touches a 4-byte slot and, on a hash match, one key.
 * Owns: the index's slots, entries, records and key arena. */
#include "idindex.h"
#include "alloc.h"
#include "msg.h"
#include <stdlib.h>
#include <string.h>

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

static long probe(const struct idindex *ix, uint64_t h, const char *key, size_t len, size_t *slot)
{
	size_t mask = ix->cap - 1, i = (size_t)(h ^ (h >> 32)) & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t s = ix->slots[i];
		const struct idindex_entry *e;
		if (!s) {
			*slot = i;
			return -1;
		}
		e = &ix->entries[s - 1];
		if (e->hash == h && e->len == len && !memcmp(ix->arena + e->key, key, len))
			return (long)(s - 1);
	}
}

long idindex_find(const struct idindex *ix, const char *key, size_t len)
{
	size_t slot;

	if (!ix->cap)
		return -1;
	return probe(ix, idindex_hash(key, len, IDINDEX_HASH_SEED), key, len, &slot);
}

static void grow(struct idindex *ix)
{
	size_t cap = ix->cap ? ix->cap * 2 : 64, mask = cap - 1;
	uint32_t *slots;

	if (cap > (size_t)UINT32_MAX)
		exit(msg_fail(EXIT_NOMEM, "out of memory: more than %zu ids in one index", (size_t)UINT32_MAX / 2));
	slots = xcalloc(cap, sizeof(*slots));
	for (size_t k = 0; k < ix->n; k++) {
		uint64_t h = ix->entries[k].hash;
		size_t i = (size_t)(h ^ (h >> 32)) & mask;
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
	uint64_t h = idindex_hash(key, len, IDINDEX_HASH_SEED);
	struct idindex_entry *e;
	size_t slot;
	long found;

	if ((ix->n + 1) * 2 > ix->cap)
		grow(ix);
	if ((found = probe(ix, h, key, len, &slot)) >= 0) {
		*created = 0;
		return (size_t)found;
	}
	if (len > UINT32_MAX)
		exit(msg_fail(EXIT_NOMEM, "out of memory: an id of %zu bytes", len));
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
	e->key = ix->arena_len;
	e->len = (uint32_t)len;
	memcpy(ix->arena + ix->arena_len, key, len);
	ix->arena[ix->arena_len + len] = '\0';
	ix->arena_len += len + 1;
	ix->slots[slot] = (uint32_t)(ix->n + 1);
	return ix->n++;
}
