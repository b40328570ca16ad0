/* idset.c: the build's accepted-id sets over the SKU pool (idset.h). Owns: each set's marks
 * (the feed bits by pool number; the lines are the pool's), its case-folding table and its
 * reference to the pool. */
#include "idset.h"
#include "alloc.h"
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
static uint64_t fold_hash(const char *s, size_t n)
{
	uint64_t h = IDINDEX_HASH_SEED;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)tolower((unsigned char)s[i]);
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The fold table's slot for hash h: its cap is not a power of two (multiply and shift, the
 * high bits of both halves folded). */
static size_t fold_slot(uint64_t h, size_t cap)
{
	return (size_t)(((uint64_t)(uint32_t)(h ^ (h >> 32)) * cap) >> 32);
}

/* The tag of hash h above a number of bits bits: the high half's low bits, which the slot
 * index hardly depends on. */
static uint32_t fold_tag(uint64_t h, unsigned bits)
{
	return (uint32_t)((h >> 32) << bits);
}

static unsigned bits_for(size_t v)
{
	unsigned b = 1;

	while (b < 31 && v >> b)
		b++;
	return b;
}

/* Room for pool number + 1 v in a slot: each tag loses its low bits (the high half's bits
 * shift up and out, as fold_tag with more bits gives them). */
static void fold_widen(struct id_set *s, size_t v)
{
	unsigned bits = bits_for(v);
	uint32_t mask = (1u << s->fold_bits) - 1;

	for (size_t i = 0; i < s->fold_cap; i++)
		if (s->fold[i])
			s->fold[i] = (uint32_t)((uint64_t)(s->fold[i] & ~mask) << (bits - s->fold_bits)) |
				     (s->fold[i] & mask);
	s->fold_bits = bits;
}

/* Sized at first from the pool (its ids are the inventory's SKUs, most of them the catalog's:
 * 5.7 bytes per id, not 5.3 to 10.7 of a power of two), then by half. */
static void fold_grow(struct id_set *s)
{
	size_t cap = s->fold_cap ? s->fold_cap + s->fold_cap / 2 : 1024, pool = skupool_count(s->pool);
	uint32_t *slots, mask;

	if (!s->fold_cap && (pool + pool / 16) / 3 * 4 > cap)
		cap = (pool + pool / 16) / 3 * 4;
	if (!s->fold_bits)
		s->fold_bits = bits_for(pool + 1);
	mask = (1u << s->fold_bits) - 1;
	slots = idindex_slots(cap);
	for (size_t i = 0; i < s->fold_cap; i++) {
		size_t len, k;
		uint64_t h;
		const char *key;
		if (!s->fold[i])
			continue;
		key = skupool_key(s->pool, (s->fold[i] & mask) - 1, &len);
		h = fold_hash(key, len);
		for (k = fold_slot(h, cap); slots[k]; k = k + 1 == cap ? 0 : k + 1)
			;
		slots[k] = fold_tag(h, s->fold_bits) | (s->fold[i] & mask);
	}
	free(s->fold);
	s->fold = slots;
	s->fold_cap = cap;
}

/* Whether pool number n's key, lowercased, is key. */
static int fold_is(const struct id_set *s, uint32_t n, const char *key, size_t len)
{
	size_t l, k;
	const char *have = skupool_key(s->pool, n, &l);

	for (k = 0; l == len && k < len && (char)tolower((unsigned char)have[k]) == key[k]; k++)
		;
	return l == len && k == len;
}

/* The number fold_number found last, + 1 (0: none), and its key's length and last byte. */
static void fold_remember(struct id_set *s, uint32_t n, const char *key, size_t len)
{
	s->fold_last = n + 1;
	s->fold_last_len = len;
	s->fold_last_end = len ? key[len - 1] : 0;
}

/* The number standing for key (lowercased) in the set: the first spelling met, added now when
 * none was. */
static uint32_t fold_number(struct id_set *s, const char *id, const char *key, size_t len)
{
	size_t i, cap;
	uint64_t h;
	uint32_t mask, tag, v, n;

	/* the feeds of a build ask for an id one after the other: the number found last, without
	 * a hash and a probe (issue 12: check_id_unique 38.6 M instructions to 34.1 M in the
	 * twelve-feed set of 2,000 products, four of whose feeds ignore case; with one such feed,
	 * 7.7 M to 7.9 M) */
	if (s->fold_last && s->fold_last_len == len && (!len || s->fold_last_end == key[len - 1]) &&
	    fold_is(s, s->fold_last - 1, key, len))
		return s->fold_last - 1;
	h = fold_hash(key, len);
	if ((s->fold_n + 1) * 4 > s->fold_cap * 3)
		fold_grow(s);
	cap = s->fold_cap;
	mask = (1u << s->fold_bits) - 1;
	tag = fold_tag(h, s->fold_bits);
	for (i = fold_slot(h, cap); (v = s->fold[i]); i = i + 1 == cap ? 0 : i + 1)
		if ((v & ~mask) == tag && fold_is(s, (v & mask) - 1, key, len)) {
			fold_remember(s, (v & mask) - 1, key, len);
			return (v & mask) - 1;
		}
	n = skupool_intern(s->pool, id, len);
	if ((n + 1) > mask) {
		fold_widen(s, (size_t)n + 1);
		mask = (1u << s->fold_bits) - 1;
	}
	s->fold[i] = fold_tag(h, s->fold_bits) | (n + 1);
	s->fold_n++;
	fold_remember(s, n, key, len);
	return n;
}

static uint32_t feeds_at(const struct id_set *s, size_t n)
{
	uint16_t w2;
	uint32_t w4;

	if (s->width == 1)
		return s->feeds[n];
	if (s->width == 2)
		return memcpy(&w2, s->feeds + 2 * n, 2), w2;
	return memcpy(&w4, s->feeds + 4 * n, 4), w4;
}

static void feeds_set(struct id_set *s, size_t n, uint32_t bits)
{
	uint16_t w2 = (uint16_t)bits;

	if (s->width == 1)
		s->feeds[n] = (unsigned char)bits;
	else if (s->width == 2)
		memcpy(s->feeds + 2 * n, &w2, 2);
	else
		memcpy(s->feeds + 4 * n, &bits, 4);
}

/* Room for number n: the pool as it is (the inventory's SKUs), then by half; the feed bits as
 * wide as the users need. */
static void marks_grow(struct id_set *s, size_t n, size_t width)
{
	size_t want = skupool_count(s->pool), grown = s->marks_alloc + s->marks_alloc / 2;
	unsigned char *feeds;

	if (want < grown)
		want = grown;
	if (want <= n)
		want = n + 1;
	if (width == s->width) {
		s->feeds = xrealloc(s->feeds, want * width);
		memset(s->feeds + s->marks_alloc * width, 0, (want - s->marks_alloc) * width);
	} else { /* wider: copied bit for bit */
		struct id_set wide = *s;
		feeds = xcalloc(want, width);
		wide.feeds = feeds;
		wide.width = width;
		for (size_t i = 0; i < s->marks_alloc; i++)
			feeds_set(&wide, i, feeds_at(s, i));
		free(s->feeds);
		s->feeds = feeds;
		s->width = width;
	}
	s->marks_alloc = want;
	if (want > s->pool->lines_alloc) { /* the pool's lines, shared by the sets */
		struct skupool *p = s->pool;
		p->lines = xrealloc(p->lines, want * sizeof(*p->lines));
		memset(p->lines + p->lines_alloc, 0, (want - p->lines_alloc) * sizeof(*p->lines));
		p->lines_alloc = want;
	}
}

static size_t width_for(int users)
{
	return users <= 8 ? 1 : users <= 16 ? 2 : 4;
}

uint32_t id_set_number(struct id_set *s, const char *id, const char *key, size_t len)
{
	uint32_t n;

	if (!s->pool)
		s->pool = skupool_new();
	n = s->ignore_case ? fold_number(s, id, key, len) : skupool_intern(s->pool, id, len);
	if (n >= s->marks_alloc)
		marks_grow(s, n, s->width ? s->width : width_for(s->users));
	return n;
}

struct id_mark id_set_get(const struct id_set *s, uint32_t n)
{
	struct id_mark m = { feeds_at(s, n), s->pool->lines[n] };

	return m;
}

int id_set_put(struct id_set *s, uint32_t n, struct id_mark m)
{
	uint32_t *line;

	if (s->width < 4 && m.feeds >> (8 * s->width))
		marks_grow(s, n, 4); /* may move the pool's lines */
	line = &s->pool->lines[n];
	feeds_set(s, n, m.feeds);
	if (!*line)
		*line = m.line;
	return *line == m.line;
}

size_t id_set_count(const struct id_set *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->marks_alloc; i++)
		n += feeds_at(s, i) != 0;
	return n;
}

void id_set_release(struct id_set *s)
{
	skupool_unref(s->pool);
	free(s->feeds);
	free(s->fold);
	memset(s, 0, sizeof(*s));
}
