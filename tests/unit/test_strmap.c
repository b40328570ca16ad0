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
		bad += !e || e->value != k || strcmp(e->key, key) || e->keylen != strlen(key);
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
	CHECK(created && c->keylen == 0 && strmap_find(&m, "", 0) == c);
	c = strmap_put(&m, big, sizeof(big), &created); /* longer than a key block */
	CHECK(created && strmap_find(&m, big, sizeof(big)) == c);
	CHECK(strmap_find(&m, "AB\0CD", 5) == a);
	CHECK_INT(m.count, 4);
	strmap_release(&m);
	CHECK(strmap_find(&m, "AB", 2) == NULL); /* released: empty */
}

int main(void)
{
	test_map();
	test_odd_keys();
	return CHECK_DONE();
}
