/* test_strmap.c: unit tests for the string hash map (strmap.c, issue 12's compact slots): every
 * key found again with its value, absent keys absent, entries that never move while the map
 * grows, keys with NUL bytes and of every length, and the iteration order of the earlier
 * 40-byte-slot map (FNV-1a, linear probing, doubling at 75% load), which report order depends on.
 * Owns: its maps and the model's arrays. */
#include "check.h"
#include "strmap.h"
#include <stdlib.h>

#define N 100000

static void key_of(char *buf, size_t size, int i)
{
	snprintf(buf, size, "SKU-%07d-%02d", i / 7, i % 7);
}

/* The old map, as a model: slots of (key index, full hash). */
static unsigned long fnv(const char *s, size_t n)
{
	unsigned long h = 1469598103934665603UL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211UL;
	}
	return h;
}

struct model { long *key; unsigned long *hash; size_t cap, count; };

static void model_insert(struct model *m, long k, unsigned long h)
{
	if ((m->count + 1) * 4 > m->cap * 3) {
		size_t ncap = m->cap ? m->cap * 2 : 1024;
		long *nk = malloc(ncap * sizeof(*nk));
		unsigned long *nh = malloc(ncap * sizeof(*nh));
		for (size_t i = 0; i < ncap; i++)
			nk[i] = -1;
		for (size_t i = 0; i < m->cap; i++) {
			if (m->key[i] < 0)
				continue;
			size_t j = m->hash[i] & (ncap - 1);
			while (nk[j] >= 0)
				j = (j + 1) & (ncap - 1);
			nk[j] = m->key[i];
			nh[j] = m->hash[i];
		}
		free(m->key);
		free(m->hash);
		m->key = nk;
		m->hash = nh;
		m->cap = ncap;
	}
	size_t j = h & (m->cap - 1);
	while (m->key[j] >= 0)
		j = (j + 1) & (m->cap - 1);
	m->key[j] = k;
	m->hash[j] = h;
	m->count++;
}

static void test_map(void)
{
	struct strmap m = STRMAP_INIT;
	struct model model = { NULL, NULL, 0, 0 };
	struct strmap_entry *first, *e;
	char key[32];
	int created, bad = 0, order_bad = 0;
	size_t i = 0, seen = 0, slot = 0;

	first = strmap_put(&m, "SKU-0000000-00", 14, &created);
	CHECK(created);
	first->value = 42;
	model_insert(&model, 0, fnv("SKU-0000000-00", 14));
	for (int k = 1; k < N; k++) {
		key_of(key, sizeof(key), k);
		e = strmap_put(&m, key, strlen(key), &created);
		bad += !created;
		e->value = k;
		model_insert(&model, k, fnv(key, strlen(key)));
	}
	CHECK_INT(bad, 0);
	CHECK_INT(m.count, N);
	CHECK(strmap_find(&m, "SKU-0000000-00", 14) == first); /* never moved */
	CHECK_INT(first->value, 42);
	for (int k = 1; k < N; k++) {
		key_of(key, sizeof(key), k);
		e = strmap_find(&m, key, strlen(key));
		bad += !e || e->value != k || strcmp(strmap_key(&m, e), key) || strmap_keylen(&m, e) != strlen(key);
	}
	CHECK_INT(bad, 0);
	CHECK(strmap_find(&m, "SKU-0000000-0", 13) == NULL);
	CHECK(strmap_find(&m, "SKU-9999999-00", 14) == NULL);
	e = strmap_put(&m, "SKU-0000001-03", 14, &created);
	CHECK(!created && e->value == 10);
	/* the order of the model's slots */
	while ((e = strmap_next(&m, &i))) {
		while (slot < model.cap && model.key[slot] < 0)
			slot++;
		if (slot >= model.cap)
			order_bad++;
		else {
			long want = model.key[slot++];
			order_bad += e->value != (want ? want : 42);
		}
		seen++;
	}
	CHECK_INT(seen, N);
	CHECK_INT(order_bad, 0);
	free(model.key);
	free(model.hash);
	strmap_release(&m);
}

static void test_odd_keys(void)
{
	struct strmap m = STRMAP_INIT;
	struct strmap_entry *a, *b, *c;
	char big[70000];
	int created;

	memset(big, 'k', sizeof(big));
	a = strmap_put(&m, "AB\0CD", 5, &created);
	b = strmap_put(&m, "AB", 2, &created);
	CHECK(a != b && created);
	c = strmap_put(&m, "", 0, &created);
	CHECK(created && strmap_keylen(&m, c) == 0 && strmap_find(&m, "", 0) == c);
	c = strmap_put(&m, big, sizeof(big), &created); /* longer than a key block */
	CHECK(created && strmap_find(&m, big, sizeof(big)) == c);
	CHECK(strmap_find(&m, "AB\0CD", 5) == a);
	CHECK_INT(m.count, 4);
	CHECK(strmap_keylen(&m, c) == sizeof(big) && !memcmp(strmap_key(&m, c), big, sizeof(big)));
	CHECK(strmap_keylen(&m, a) == 5 && !memcmp(strmap_key(&m, a), "AB\0CD", 6));
	strmap_release(&m);
	CHECK(strmap_find(&m, "AB", 2) == NULL); /* released: empty */
}

/* issue 12: 16-byte entries; keys named by a reference into 64 KiB arena blocks, their length
 * stored before them in one byte below 255, else in five: every length across that boundary
 * and across block ends reads back, and a key never moves */
static void test_key_lengths(void)
{
	struct strmap m = STRMAP_INIT;
	static char key[70000];
	struct strmap_entry *first;
	const char *first_key;
	int created, bad = 0;

	CHECK_INT(sizeof(struct strmap_entry), 16);
	first = strmap_put(&m, "first", 5, &created);
	first_key = strmap_key(&m, first);
	for (size_t len = 0; len < 600; len++) { /* 600 keys of 0 to 599 bytes: about 3 blocks */
		memset(key, 'a' + (int)(len % 26), len);
		struct strmap_entry *e = strmap_put(&m, key, len, &created);
		e->value = (long)len;
		bad += !created;
	}
	memset(key, 'z', sizeof(key));
	strmap_put(&m, key, sizeof(key), &created)->value = 70000; /* a block of its own */
	strmap_put(&m, key, 65530, &created)->value = 65530;       /* then a new block */
	for (size_t len = 0; len < 600; len++) {
		memset(key, 'a' + (int)(len % 26), len);
		struct strmap_entry *e = strmap_find(&m, key, len);
		bad += !e || e->value != (long)len || strmap_keylen(&m, e) != len ||
		       memcmp(strmap_key(&m, e), key, len) || strmap_key(&m, e)[len];
	}
	CHECK_INT(bad, 0);
	memset(key, 'z', sizeof(key));
	CHECK(strmap_find(&m, key, sizeof(key)) && strmap_find(&m, key, sizeof(key))->value == 70000);
	CHECK(strmap_find(&m, key, 65530) && strmap_keylen(&m, strmap_find(&m, key, 65530)) == 65530);
	CHECK(strmap_key(&m, first) == first_key && !strcmp(first_key, "first"));
	strmap_release(&m);
}

int main(void)
{
	test_map();
	test_odd_keys();
	test_key_lengths();
	return CHECK_DONE();
}
