/* idset.c: the build's accepted-id sets over the SKU pool (idset.h). Owns: each set's marks,
 * its case-folding table and its reference to the pool. */
#include "idset.h"
#include "alloc.h"
#include "msg.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void id_set_use(struct id_set *s, struct skupool *pool)
{
	if (s->pool)
		skupool_unref(s->pool);
	s->pool = pool ? skupool_ref(pool) : NULL;
}

/* FNV-1a over the lowercased bytes: ids are short, and no copy is made to hash them. */
static uint32_t fold_hash(const char *s, size_t n)
{
	uint64_t h = IDINDEX_HASH_SEED;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)tolower((unsigned char)s[i]);
		h *= 0x100000001b3ULL;
	}
	return (uint32_t)(h ^ (h >> 32));
}

static void fold_grow(struct id_set *s)
{
	size_t cap = s->fold_cap ? s->fold_cap * 2 : 1024, mask = cap - 1;
	uint32_t *slots;

	if (cap > (size_t)UINT32_MAX)
		exit(msg_fail(EXIT_NOMEM, "out of memory: more than %zu ids in one index", (size_t)UINT32_MAX / 8 * 3));
	slots = xcalloc(cap, sizeof(*slots));
	for (size_t i = 0; i < s->fold_cap; i++) {
		size_t len, k;
		const char *key;
		if (!s->fold[i])
			continue;
		key = skupool_key(s->pool, s->fold[i] - 1, &len);
		for (k = fold_hash(key, len) & mask; slots[k]; k = (k + 1) & mask)
			;
		slots[k] = s->fold[i];
	}
	free(s->fold);
	s->fold = slots;
	s->fold_cap = cap;
}

/* The number standing for key (lowercased) in the set: the first spelling met, added now when
 * none was. */
static uint32_t fold_number(struct id_set *s, const char *id, const char *key, size_t len)
{
	size_t mask, i;

	if ((s->fold_n + 1) * 4 > s->fold_cap * 3)
		fold_grow(s);
	mask = s->fold_cap - 1;
	for (i = fold_hash(key, len) & mask; s->fold[i]; i = (i + 1) & mask) {
		size_t l, k;
		const char *have = skupool_key(s->pool, s->fold[i] - 1, &l);
		for (k = 0; l == len && k < len && (char)tolower((unsigned char)have[k]) == key[k]; k++)
			;
		if (l == len && k == len)
			return s->fold[i] - 1;
	}
	s->fold[i] = skupool_intern(s->pool, id, len) + 1;
	s->fold_n++;
	return s->fold[i] - 1;
}

struct id_mark *id_set_mark(struct id_set *s, const char *id, const char *key, size_t len)
{
	uint32_t n;

	if (!s->pool)
		s->pool = skupool_new();
	n = s->ignore_case ? fold_number(s, id, key, len) : skupool_intern(s->pool, id, len);
	if (n >= s->marks_alloc) { /* the pool as it is (the inventory's SKUs), then by half */
		size_t want = skupool_count(s->pool), grown = s->marks_alloc + s->marks_alloc / 2;
		if (want < grown)
			want = grown;
		if (want <= n)
			want = (size_t)n + 1;
		s->marks = xrealloc(s->marks, want * sizeof(*s->marks));
		memset(s->marks + s->marks_alloc, 0, (want - s->marks_alloc) * sizeof(*s->marks));
		s->marks_alloc = want;
	}
	return &s->marks[n];
}

size_t id_set_count(const struct id_set *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->marks_alloc; i++)
		n += s->marks[i].feeds != 0;
	return n;
}

void id_set_release(struct id_set *s)
{
	skupool_unref(s->pool);
	free(s->marks);
	free(s->fold);
	memset(s, 0, sizeof(*s));
}
