/* strmap.c: open-addressing (linear probing) string hash map with an arena for keys.
 * Owns: the slot array and the key arena of each map. */
#include "strmap.h"
#include "alloc.h"
#include <stdlib.h>
#include <string.h>

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

static const char *arena_copy(struct strmap *m, const char *key, size_t len)
{
	char *p;

	if (len + 1 > m->arena_left) {
		size_t block = len + 1 > 65536 ? len + 1 : 65536;
		ALLOC_GROW(m->arena, m->arena_n + 1, m->arena_alloc);
		m->arena[m->arena_n++] = m->arena_next = xmalloc(block);
		m->arena_left = block;
	}
	p = m->arena_next;
	memcpy(p, key, len);
	p[len] = '\0';
	m->arena_next += len + 1;
	m->arena_left -= len + 1;
	return p;
}

static struct strmap_entry *probe(struct strmap_entry *slots, size_t cap, unsigned long h,
				  const char *key, size_t len)
{
	size_t i = h & (cap - 1);

	for (;;) {
		struct strmap_entry *e = &slots[i];
		if (!e->key || (e->hash == h && e->keylen == len && !memcmp(e->key, key, len)))
			return e;
		i = (i + 1) & (cap - 1);
	}
}

static void rehash(struct strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024, i;
	struct strmap_entry *ns = xcalloc(ncap, sizeof(*ns));

	for (i = 0; i < m->cap; i++) {
		struct strmap_entry *e = &m->slots[i];
		if (e->key)
			*probe(ns, ncap, e->hash, e->key, e->keylen) = *e;
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
}

struct strmap_entry *strmap_find(struct strmap *m, const char *key, size_t len)
{
	struct strmap_entry *e;

	if (!m->cap)
		return NULL;
	e = probe(m->slots, m->cap, hash_bytes(key, len), key, len);
	return e->key ? e : NULL;
}

struct strmap_entry *strmap_put(struct strmap *m, const char *key, size_t len, int *created)
{
	unsigned long h = hash_bytes(key, len);
	struct strmap_entry *e;

	if ((m->count + 1) * 4 > m->cap * 3)
		rehash(m);
	e = probe(m->slots, m->cap, h, key, len);
	*created = !e->key;
	if (!e->key) {
		e->key = arena_copy(m, key, len);
		e->keylen = len;
		e->hash = h;
		e->value = 0;
		e->flags = 0;
		m->count++;
	}
	return e;
}

struct strmap_entry *strmap_next(struct strmap *m, size_t *i)
{
	while (*i < m->cap) {
		struct strmap_entry *e = &m->slots[(*i)++];
		if (e->key)
			return e;
	}
	return NULL;
}

void strmap_release(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->arena_n; i++)
		free(m->arena[i]);
	free(m->arena);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
