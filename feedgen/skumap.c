/* skumap.c: the inventory's SKU table (skumap.h): linear probing over 4-byte slots, grown (to
 * twice, from 1024) before a put would make it more than three quarters full, slots at
 * FNV-1a(key) & (cap - 1): strmap.c's table, whose slot order the unknown-SKU warnings follow,
 * without its hashes and 16-byte entries. A slot names an entry; the entry's key is found from
 * the offset of its group of 8 by skipping the keys before it in the group (at most 7 length
 * bytes read, in one or a few cache lines). A slot's low log2(cap) bits hold the entry number
 * + 1 (below cap: the table is at most three quarters full); its other bits, a tag, are the
 * hash's bits above the slot index, so a probe passes a slot whose tag differs without reading
 * its key (a key compare is a cache miss or two in a table of megabytes; with 13 tag bits at
 * 2^19 slots, one occupied slot in 8,192 is compared in vain). A grow recomputes the tags.
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

/* A slot of a table of cap slots: the entry number + 1 under the tag of hash h. */
static uint32_t slot_of(uint64_t h, size_t cap, size_t entry)
{
	return ((uint32_t)h & ~(uint32_t)(cap - 1)) | (uint32_t)(entry + 1);
}

/* The slot holding key, or the empty slot where it goes. */
static size_t probe(const struct skumap *m, uint64_t h, const char *key, size_t len)
{
	uint32_t mask = (uint32_t)(m->cap - 1), tag = (uint32_t)h & ~mask;
	size_t i = h & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t s = m->slots[i];
		size_t l;
		const char *k;
		if (!s)
			return i;
		if ((s & ~mask) != tag)
			continue;
		k = skumap_key(m, (s & mask) - 1, &l);
		if (l == len && !memcmp(k, key, len))
			return i;
	}
}

long skumap_find(const struct skumap *m, const char *key, size_t len)
{
	uint32_t s;

	if (!m->cap)
		return -1;
	s = m->slots[probe(m, hash_bytes(key, len), key, len)];
	return (long)(s & (uint32_t)(m->cap - 1)) - 1;
}

static void grow(struct skumap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 1024, mask = cap - 1;
	uint32_t *slots = idindex_slots(cap);

	/* re-inserted in slot order, as strmap.c's rehash: the same slots as its table */
	for (size_t i = 0; i < m->cap; i++) {
		size_t len, k, n;
		uint64_t h;
		const char *key;
		if (!m->slots[i])
			continue;
		n = (m->slots[i] & (uint32_t)(m->cap - 1)) - 1;
		key = skumap_key(m, n, &len);
		h = hash_bytes(key, len);
		for (k = h & mask; slots[k]; k = (k + 1) & mask)
			;
		slots[k] = slot_of(h, cap, n);
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
		return (m->slots[slot] & (uint32_t)(m->cap - 1)) - 1;
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
	m->slots[slot] = slot_of(h, m->cap, m->count++);
	return m->count - 1;
}

long skumap_next(const struct skumap *m, size_t *i)
{
	while (*i < m->cap) {
		uint32_t s = m->slots[(*i)++];
		if (s)
			return (long)(s & (uint32_t)(m->cap - 1)) - 1;
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
