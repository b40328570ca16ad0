/* test_probe_tags.c: the hash tags in the slots of the inventory's SKU table (skumap.c) and of
 * an id set's case-folding table (idset.c), which let a probe pass a slot without reading its
 * key: every key still found at its number after the tables grow past 2^16 entries (the tags
 * recomputed, the fold table's numbers widened from the inventory's 10 bits to 17), keys of
 * 253 to 306 bytes (the 1- and 5-byte length heads), keys whose hashes collide in every bit a
 * table looks at (the same slot and the same tag: found by brute force), each entry iterated
 * once (test_skumap.c holds the slot order to strmap.c's at 70,000 keys); and the pool's
 * guess of the number after the last one (skupool.c) giving the numbers a probe gives, in
 * order, out of order, beyond the inventory, for a key that is a prefix of the guessed one or
 * longer.
 * Owns: the tables, pools and sets it makes. */
#include "check.h"
#include "idset.h"
#include "inventory.h"
#include "skumap.h"
#include "skupool.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MANY 70000 /* more than 2^16 entries: a table of 2^17 slots */

static uint64_t fnv(const char *s, size_t n, int fold)
{
	uint64_t h = fold ? 0xcbf29ce484222325ULL : 1469598103934665603ULL; /* idset.c's seed, skumap.c's */

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)(fold ? tolower((unsigned char)s[i]) : s[i]);
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t key_of(char *buf, size_t i)
{
	if (i % 9973 < 5) { /* 253 .. 257 bytes and beyond: both length heads */
		size_t len = 253 + i % 9973 + (i / 9973) * 7;
		memset(buf, 'K', len);
		snprintf(buf, 16, "%zu-", i);
		buf[strlen(buf)] = 'K';
		return len;
	}
	return (size_t)snprintf(buf, 64, "Sku-%07zu-%02zu", i / 4, i % 4);
}

struct pair {
	uint32_t h;
	uint32_t i;
};

static int by_hash(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	return x->h < y->h ? -1 : x->h > y->h ? 1 : (x->i > y->i) - (x->i < y->i);
}

/* Key i of the collision search: "C-" and 16 hex digits of a xorshift of i. */
static int c_key(char *buf, size_t size, uint32_t i, int upper)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL * (i + 1);

	x ^= x >> 31;
	return snprintf(buf, size, upper ? "C-%016llX" : "C-%016llx", (unsigned long long)x);
}

/* Up to want pairs of keys c_key whose 32-bit hash h (the low half, or both halves folded
 * for the fold table) is equal: the same slot and tag in every table up to 2^32 slots. */
static size_t colliding(uint32_t (*out)[2], size_t want, int fold)
{
	size_t n = 400000, got = 0;
	struct pair *p = malloc(n * sizeof(*p));
	char k[32];

	for (size_t i = 0; i < n; i++) {
		int len = c_key(k, sizeof(k), (uint32_t)i, 0);
		uint64_t h = fnv(k, (size_t)len, fold);
		p[i].h = fold ? (uint32_t)(h ^ (h >> 32)) : (uint32_t)h;
		p[i].i = (uint32_t)i;
	}
	qsort(p, n, sizeof(*p), by_hash);
	for (size_t i = 1; i < n && got < want; i++)
		if (p[i].h == p[i - 1].h) {
			out[got][0] = p[i - 1].i;
			out[got++][1] = p[i].i;
		}
	free(p);
	return got;
}

/* skumap_next gives each entry number once. */
static int each_once(const struct skumap *km)
{
	unsigned char *seen = calloc(km->count, 1);
	size_t i = 0, n = 0;
	long e;
	int ok = 1;

	while ((e = skumap_next(km, &i)) >= 0) {
		ok &= (size_t)e < km->count && !seen[e];
		if ((size_t)e < km->count)
			seen[e] = 1;
		n++;
	}
	free(seen);
	return ok && n == km->count;
}

static void skumap_tags(void)
{
	struct skumap km = SKUMAP_INIT;
	char buf[400];
	int c, numbers = 1, found = 1, absent = 1, once = 1, again = 1;
	uint32_t pairs[8][2];
	size_t npairs;

	for (size_t i = 0; i < MANY; i++) {
		size_t len = key_of(buf, i);
		numbers &= skumap_put(&km, buf, len, &c) == i && c;
		if (i == 1535 || i == 49151 || i == 49152) /* the last put before a grow, the first after */
			once &= each_once(&km);
	}
	CHECK(numbers);
	CHECK_INT(km.cap, 131072);
	for (size_t i = 0; i < MANY; i++) {
		size_t len = key_of(buf, i);
		found &= skumap_find(&km, buf, len) == (long)i;
		again &= skumap_put(&km, buf, len, &c) == i && !c;
		buf[len] = '#'; /* a byte more: another key */
		absent &= skumap_find(&km, buf, len + 1) < 0;
	}
	CHECK(found);
	CHECK(again);
	CHECK(absent);
	CHECK(once && each_once(&km));
	{
		size_t len = key_of(buf, 9973 * 3 + 4), got; /* 253 + 4 + 21 bytes: a 5-byte head */
		const char *k = skumap_key(&km, 9973 * 3 + 4, &got);
		CHECK(len == 278 && got == len && !memcmp(k, buf, len));
		len = key_of(buf, 9973 + 1); /* 254 + 7: 261 */
		CHECK_INT(skumap_find(&km, buf, len), 9973 + 1);
		len = key_of(buf, 0); /* 253 bytes: a 1-byte head */
		CHECK(len == 253 && skumap_find(&km, buf, len) == 0);
	}
	/* keys whose hashes share the low 32 bits: the same slot and the same tag */
	npairs = colliding(pairs, 8, 0);
	CHECK(npairs >= 2);
	{
		struct skumap small = SKUMAP_INIT;
		int ok = 1;
		for (size_t i = 0; i < npairs; i++)
			for (int j = 0; j < 2; j++) {
				int len = c_key(buf, sizeof(buf), pairs[i][j], 0);
				ok &= skumap_put(&small, buf, (size_t)len, &c) == 2 * i + (size_t)j && c;
			}
		for (size_t i = 0; i < npairs; i++)
			for (int j = 0; j < 2; j++) {
				int len = c_key(buf, sizeof(buf), pairs[i][j], 0);
				ok &= skumap_find(&small, buf, (size_t)len) == (long)(2 * i + (size_t)j);
				ok &= skumap_find(&km, buf, (size_t)len) < 0;
			}
		CHECK(ok);
		skumap_release(&small);
	}
	skumap_release(&km);
}

static uint32_t number_of(struct id_set *s, const char *id)
{
	char low[400];
	size_t len = strlen(id);

	for (size_t i = 0; i <= len; i++)
		low[i] = (char)tolower((unsigned char)id[i]);
	return id_set_number(s, id, low, len);
}

static void fold_tags(void)
{
	struct inventory *inv = inventory_new();
	struct skupool *p = skupool_new();
	struct id_set set = ID_SET_INIT;
	char buf[400];
	int first = 1, spelled = 1;
	uint32_t pairs[8][2];
	size_t npairs;

	for (int i = 0; i < 1000; i++) { /* the pool's first 1,000 numbers: 10 bits at first */
		snprintf(buf, sizeof(buf), "INV-%d", i);
		inventory_add(inv, buf, 1);
	}
	skupool_set_inventory(p, inv);
	id_set_use(&set, p);
	set.ignore_case = 1;
	skupool_unref(p);
	CHECK_INT(number_of(&set, "INV-7"), 7); /* the inventory's number, the first spelling met */
	CHECK_INT(number_of(&set, "inv-7"), 7);
	CHECK_INT(set.fold_bits, 10);
	for (size_t i = 0; i < MANY; i++) {
		size_t len = key_of(buf, i);
		buf[len] = '\0';
		first &= number_of(&set, buf) == 1000 + i; /* each a new pool number, in order */
	}
	CHECK(first);
	CHECK_INT(set.fold_bits, 17); /* widened: 71,000 numbers */
	CHECK_INT(skupool_count(set.pool), 1000 + MANY);
	for (size_t i = 0; i < MANY; i++) {
		size_t len = key_of(buf, i);
		buf[len] = '\0';
		for (size_t k = 0; k < len; k++) /* another spelling: the first one's number */
			buf[k] = (char)(isupper((unsigned char)buf[k]) ? tolower((unsigned char)buf[k])
								    : toupper((unsigned char)buf[k]));
		spelled &= number_of(&set, buf) == 1000 + i;
	}
	CHECK(spelled);
	CHECK_INT(number_of(&set, "Inv-999"), 1000 + MANY); /* first met now: a number of its own */
	CHECK_INT(number_of(&set, "INV-999"), 1000 + MANY);
	CHECK_INT(skupool_count(set.pool), 1001 + MANY); /* no other spelling added */
	/* lowercased ids whose folded hashes are equal: the same slot, told apart by key */
	npairs = colliding(pairs, 8, 1);
	CHECK(npairs >= 2);
	{
		int ok = 1;
		size_t base = skupool_count(set.pool);
		for (size_t i = 0; i < npairs; i++)
			for (int j = 0; j < 2; j++) {
				c_key(buf, sizeof(buf), pairs[i][j], 1);
				ok &= number_of(&set, buf) == base + 2 * i + (size_t)j;
			}
		for (size_t i = 0; i < npairs; i++)
			for (int j = 0; j < 2; j++) {
				c_key(buf, sizeof(buf), pairs[i][j], 0);
				ok &= number_of(&set, buf) == base + 2 * i + (size_t)j;
			}
		CHECK(ok);
	}
	id_set_release(&set);
}

static void next_guess(void)
{
	struct inventory *inv = inventory_new();
	struct skupool *p = skupool_new();
	static const char *const skus[] = { "A", "B", "BB", "C", "" };
	size_t len;

	for (int i = 0; i < 4; i++)
		inventory_add(inv, skus[i], 1);
	skupool_set_inventory(p, inv);
	CHECK_INT(skupool_intern(p, "A", 1), 0);
	CHECK_INT(skupool_intern(p, "B", 1), 1);   /* guessed */
	CHECK_INT(skupool_intern(p, "B", 1), 1);   /* the last one */
	CHECK_INT(skupool_intern(p, "B", 1), 1);
	CHECK_INT(skupool_intern(p, "BB", 2), 2);  /* guessed: B a prefix */
	CHECK_INT(skupool_intern(p, "A", 1), 0);   /* back: a probe */
	CHECK_INT(skupool_intern(p, "BB", 2), 2);  /* the next is B, not BB: a probe */
	CHECK_INT(skupool_intern(p, "C", 1), 3);
	CHECK_INT(skupool_intern(p, "D", 1), 4);   /* beyond the inventory: added */
	CHECK_INT(skupool_intern(p, "E", 1), 5);
	CHECK_INT(skupool_intern(p, "C", 1), 3);
	CHECK_INT(skupool_intern(p, "D", 1), 4);   /* guessed across the inventory's end */
	CHECK_INT(skupool_intern(p, "E", 1), 5);   /* guessed among the added */
	CHECK_INT(skupool_intern(p, "EE", 2), 6);  /* the last one's key a prefix: added */
	CHECK_INT(skupool_intern(p, "", 0), 7);    /* after the last number: nothing to guess */
	CHECK_INT(skupool_intern(p, "", 0), 7);
	CHECK_INT(skupool_count(p), 8);
	CHECK(!strcmp(skupool_key(p, 6, &len), "EE") && len == 2);
	skupool_unref(p);
}

int main(void)
{
	skumap_tags();
	fold_tags();
	next_guess();
	return CHECK_DONE();
}
