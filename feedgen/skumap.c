/* skumap.c: the inventory's SKU table (skumap.h): linear probing over 4-byte slots, grown (to
 * twice, from 1024) before a put would make it more than three quarters full, slots at
 * FNV-1a(key) & (cap - 1): strmap.c's table, whose slot order the unknown-SKU warnings follow,
 * without its hashes and 16-byte entries. A slot names an entry; the entry's key is found from
 * the offset of its group of 8 by skipping the keys before it in the group (at most 7 length
 * bytes read, in one or a few cache lines). Without a hash in the slot a probe compares the key.
 * Owns: the slots, the arena and the group offsets of each table. */
#include "skumap.h"
#include "alloc.h"
#include "idindex.h"
#include "msg.h"
#include <stdlib.h>
#include <string.h>

#define GROUP 8

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a, as strmap.c */

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The length of the key stored at p, and where its bytes start. */
static const unsigned char *key_at(const unsigned char *p, size_t *len)
{
	uint32_t l;

	if (*p != 255) {
		*len = *p;
		return p + 1;
	}
	memcpy(&l, p + 1, 4);
	*len = l;
	return p + 5;
}

const char *skumap_key(const struct skumap *m, size_t n, size_t *len)
{
	const unsigned char *p = m->arena + m->group[n / GROUP];

	for (size_t k = n % GROUP; k; k--) {
		p = key_at(p, len);
		p += *len;
	}
	return (const char *)key_at(p, len);
}

/* The slot holding key, or the empty slot where it goes. */
static size_t probe(const struct skumap *m, uint64_t h, const char *key, size_t len)
{
	size_t mask = m->cap - 1, i = h & mask;

	for (;; i = (i + 1) & mask) {
		size_t l;
		const char *k;
		if (!m->slots[i])
			return i;
		k = skumap_key(m, m->slots[i] - 1, &l);
		if (l == len && !memcmp(k, key, len))
			return i;
	}
}

long skumap_find(const struct skumap *m, const char *key, size_t len)
{
	if (!m->cap)
		return -1;
	return (long)m->slots[probe(m, hash_bytes(key, len), key, len)] - 1;
}

static void grow(struct skumap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 1024, mask = cap - 1;
	uint32_t *slots = idindex_slots(cap);

	/* re-inserted in slot order, as strmap.c's rehash: the same slots as its table */
	for (size_t i = 0; i < m->cap; i++) {
		size_t len, k;
		const char *key;
		if (!m->slots[i])
			continue;
		key = skumap_key(m, m->slots[i] - 1, &len);
		for (k = hash_bytes(key, len) & mask; slots[k]; k = (k + 1) & mask)
			;
		slots[k] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}

size_t skumap_put(struct skumap *m, const char *key, size_t len, int *created)
{
	uint64_t h = hash_bytes(key, len);
	size_t slot, head = len < 255 ? 1 : 5;
	unsigned char *p;

	if ((m->count + 1) * 4 > m->cap * 3)
		grow(m);
	slot = probe(m, h, key, len);
	*created = !m->slots[slot];
	if (!*created)
		return m->slots[slot] - 1;
	if (len > UINT32_MAX || head + len > UINT32_MAX - m->arena_len)
		exit(msg_fail(EXIT_NOMEM, "out of memory: more than 4 GiB of SKUs in the inventory"));
	if (m->count % GROUP == 0) {
		ALLOC_GROW(m->group, m->count / GROUP + 1, m->group_alloc);
		m->group[m->count / GROUP] = (uint32_t)m->arena_len;
	}
	ALLOC_GROW(m->arena, m->arena_len + head + len, m->arena_alloc);
	p = m->arena + m->arena_len;
	if (head == 1) {
		*p = (unsigned char)len;
	} else {
		uint32_t l = (uint32_t)len;
		*p = 255;
		memcpy(p + 1, &l, 4);
	}
	memcpy(p + head, key, len);
	m->arena_len += head + len;
	m->slots[slot] = (uint32_t)++m->count;
	return m->count - 1;
}

long skumap_next(const struct skumap *m, size_t *i)
{
	while (*i < m->cap) {
		uint32_t s = m->slots[(*i)++];
		if (s)
			return (long)s - 1;
	}
	return -1;
}

void skumap_trim(struct skumap *m)
{
	size_t groups = (m->count + GROUP - 1) / GROUP;

	if (m->arena_len && m->arena_alloc > m->arena_len) {
		m->arena = xrealloc(m->arena, m->arena_len);
		m->arena_alloc = m->arena_len;
	}
	if (groups && m->group_alloc > groups) {
		m->group = xrealloc(m->group, groups * sizeof(*m->group));
		m->group_alloc = groups;
	}
}

void skumap_release(struct skumap *m)
{
	free(m->slots);
	free(m->arena);
	free(m->group);
	memset(m, 0, sizeof(*m));
}
