/* strmap.c: open-addressing (linear probing) string hash map with an arena for keys.
 * Owns: the slot array, the entry blocks and the key arena of each map. Slots are 8 bytes (the
 * entry's index and the low half of its hash), entries 16 bytes in blocks that never move:
 * the inventory and the seen-id indexes of a 340,000-variant catalog held 40-byte slots at up
 * to 75% load, then 24-byte entries with a key pointer and length (issue 12). An entry names its
 * key by a 32-bit reference, block << 16 | offset, into arena blocks of 64 KiB (a longer key
 * has a block of its own, at offset 0): the key is stored after its length (one byte below
 * 255, else 255 and four bytes) and before a NUL. */
#include "strmap.h"
#include "alloc.h"
#include "msg.h"
#include <stdlib.h>
#include <string.h>

#define STRMAP_BLOCK 4096

static unsigned long hash_bytes(const char *s, size_t n)
{
	unsigned long h = 1469598103934665603UL; /* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211UL;
	}
	return h;
}

#define ARENA_BLOCK 65536
#define ARENA_BLOCKS 65536 /* 4 GiB of keys */

/* Copy the key into the arena; returns its reference. */
static uint32_t arena_copy(struct strmap *m, const char *key, size_t len)
{
	size_t head = len < 255 ? 1 : 5, need = head + len + 1;
	uint32_t ref;
	char *p;

	if (need > m->arena_left) {
		size_t block = need > ARENA_BLOCK ? need : ARENA_BLOCK;
		if (m->arena_n >= ARENA_BLOCKS || len > UINT32_MAX)
			exit(msg_fail(EXIT_NOMEM, "out of memory: more than 4 GiB of keys in one index"));
		ALLOC_GROW(m->arena, m->arena_n + 1, m->arena_alloc);
		m->arena[m->arena_n++] = m->arena_next = xmalloc(block);
		m->arena_left = block;
	}
	ref = (uint32_t)((m->arena_n - 1) << 16 | (size_t)(m->arena_next - m->arena[m->arena_n - 1]));
	p = m->arena_next;
	if (head == 1) {
		*p = (char)len;
	} else {
		uint32_t l = (uint32_t)len;
		*p = (char)255;
		memcpy(p + 1, &l, 4);
	}
	memcpy(p + head, key, len);
	p[head + len] = '\0';
	m->arena_next += need;
	m->arena_left -= need;
	return ref;
}

static const unsigned char *key_head(const struct strmap *m, uint32_t ref)
{
	return (const unsigned char *)m->arena[ref >> 16] + (ref & 0xffff);
}

const char *strmap_key(const struct strmap *m, const struct strmap_entry *e)
{
	const unsigned char *p = key_head(m, e->key);

	return (const char *)p + (*p == 255 ? 5 : 1);
}

size_t strmap_keylen(const struct strmap *m, const struct strmap_entry *e)
{
	const unsigned char *p = key_head(m, e->key);
	uint32_t l;

	if (*p != 255)
		return *p;
	memcpy(&l, p + 1, 4);
	return l;
}

static struct strmap_entry *entry(const struct strmap *m, uint32_t index)
{
	return &m->blocks[index / STRMAP_BLOCK][index % STRMAP_BLOCK];
}

/* The slot holding key, or the empty slot where it goes. */
static struct strmap_slot *probe(const struct strmap *m, struct strmap_slot *slots, size_t cap, unsigned long h,
				 const char *key, size_t len)
{
	size_t i = h & (cap - 1);

	for (;;) {
		struct strmap_slot *s = &slots[i];
		if (!s->entry)
			return s;
		if (s->hash == (uint32_t)h) {
			const struct strmap_entry *e = entry(m, s->entry - 1);
			if (strmap_keylen(m, e) == len && !memcmp(strmap_key(m, e), key, len))
				return s;
		}
		i = (i + 1) & (cap - 1);
	}
}

static void rehash(struct strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024, i;
	struct strmap_slot *ns = xcalloc(ncap, sizeof(*ns));

	/* the same slot order as a map of the full hashes: h & (cap - 1) only needs the low half
	 * while cap <= 2^32, and re-inserting in slot order keeps every probe sequence */
	for (i = 0; i < m->cap; i++) {
		struct strmap_slot *s = &m->slots[i];
		if (s->entry) {
			size_t k = s->hash & (ncap - 1);
			while (ns[k].entry)
				k = (k + 1) & (ncap - 1);
			ns[k] = *s;
		}
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
}

struct strmap_entry *strmap_find(struct strmap *m, const char *key, size_t len)
{
	struct strmap_slot *s;

	if (!m->cap)
		return NULL;
	s = probe(m, m->slots, m->cap, hash_bytes(key, len), key, len);
	return s->entry ? entry(m, s->entry - 1) : NULL;
}

long strmap_index(const struct strmap *m, const char *key, size_t len)
{
	struct strmap_slot *s;

	if (!m->cap)
		return -1;
	s = probe(m, m->slots, m->cap, hash_bytes(key, len), key, len);
	return s->entry ? (long)s->entry - 1 : -1;
}

struct strmap_entry *strmap_at(const struct strmap *m, size_t i)
{
	return entry(m, (uint32_t)i);
}

struct strmap_entry *strmap_put(struct strmap *m, const char *key, size_t len, int *created)
{
	unsigned long h = hash_bytes(key, len);
	struct strmap_slot *s;
	struct strmap_entry *e;

	if ((m->count + 1) * 4 > m->cap * 3)
		rehash(m);
	s = probe(m, m->slots, m->cap, h, key, len);
	*created = !s->entry;
	if (s->entry)
		return entry(m, s->entry - 1);
	if (m->count % STRMAP_BLOCK == 0) {
		ALLOC_GROW(m->blocks, m->count / STRMAP_BLOCK + 1, m->blocks_alloc);
		m->blocks[m->count / STRMAP_BLOCK] = xmalloc(STRMAP_BLOCK * sizeof(struct strmap_entry));
	}
	e = entry(m, (uint32_t)m->count);
	e->key = arena_copy(m, key, len);
	e->value = 0;
	e->flags = 0;
	s->entry = (uint32_t)++m->count;
	s->hash = (uint32_t)h;
	return e;
}

struct strmap_entry *strmap_next(struct strmap *m, size_t *i)
{
	while (*i < m->cap) {
		struct strmap_slot *s = &m->slots[(*i)++];
		if (s->entry)
			return entry(m, s->entry - 1);
	}
	return NULL;
}

void strmap_release(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->arena_n; i++)
		free(m->arena[i]);
	free(m->arena);
	for (i = 0; i * STRMAP_BLOCK < m->count; i++)
		free(m->blocks[i]);
	free(m->blocks);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
