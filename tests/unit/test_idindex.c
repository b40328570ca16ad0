/* test_idindex.c: the compact id index (idindex.h): insert, find, records kept across growth,
 * keys with NUL bytes and of every length, insertion order. Owns: nothing. */
#include "check.h"
#include "idindex.h"
#include <stdio.h>

struct rec {
	long a;
	int b;
};

int main(void)
{
	struct idindex ix;
	char key[32];
	int created, all = 1;
	size_t i;

	idindex_init(&ix, sizeof(struct rec));
	CHECK_INT(idindex_find(&ix, "x", 1), -1);
	for (i = 0; i < 100000; i++) {
		int n = snprintf(key, sizeof(key), "SKU-%zu", i);
		size_t e = idindex_put(&ix, key, (size_t)n, &created);
		struct rec *r = idindex_value(&ix, e);
		if (!created || e != i || r->a || r->b)
			all = 0;
		r->a = (long)i * 3;
		r->b = (int)(i % 7);
	}
	CHECK(all);
	CHECK_INT(ix.n, 100000);
	CHECK(ix.cap * 3 >= ix.n * 4);
	all = 1;
	for (i = 0; i < 100000; i++) {
		int n = snprintf(key, sizeof(key), "SKU-%zu", i);
		long e = idindex_find(&ix, key, (size_t)n);
		const struct rec *r = e >= 0 ? idindex_value(&ix, (size_t)e) : NULL;
		if (e != (long)i || !r || r->a != (long)i * 3 || r->b != (int)(i % 7) || strcmp(idindex_key(&ix, (size_t)e), key))
			all = 0;
	}
	CHECK(all); /* every record survived the table's and the arrays' growth */
	CHECK_INT(idindex_put(&ix, "SKU-42", 6, &created), 42);
	CHECK_INT(created, 0);
	CHECK_INT(idindex_find(&ix, "SKU-100000", 10), -1);
	CHECK_INT(idindex_find(&ix, "SKU-4", 4), -1);    /* a prefix of keys is not a key */
	CHECK_INT(idindex_find(&ix, "SKU-42 ", 7), -1);
	/* the empty key and keys with NUL bytes are keys like any other */
	CHECK_INT(idindex_put(&ix, "", 0, &created), 100000);
	CHECK_INT(created, 1);
	CHECK_INT(idindex_put(&ix, "a\0b", 3, &created), 100001);
	CHECK_INT(idindex_put(&ix, "a\0c", 3, &created), 100002);
	CHECK_INT(idindex_find(&ix, "a\0b", 3), 100001);
	CHECK_INT(idindex_find(&ix, "a", 1), -1);
	CHECK_INT(idindex_find(&ix, "", 0), 100000);
	CHECK_STR(idindex_key(&ix, 7), "SKU-7");
	/* the lengths are implied by the key offsets (issue 12: 8-byte entries) */
	CHECK_INT(sizeof(struct idindex_entry), 8);
	CHECK_INT(idindex_len(&ix, 7), 5);
	CHECK_INT(idindex_len(&ix, 99999), 9);
	CHECK_INT(idindex_len(&ix, 100000), 0);
	CHECK_INT(idindex_len(&ix, 100002), 3);   /* the last entry: up to the arena's end */
	idindex_release(&ix);
	CHECK_INT(idindex_find(&ix, "SKU-7", 5), -1);

	/* the table is kept at most three quarters full (issue 12; half full before): 96 ids fit
	 * 128 slots, the 97th doubles them */
	{
		struct idindex t;
		idindex_init(&t, 0);
		for (i = 0; i < 96; i++)
			idindex_put(&t, key, (size_t)snprintf(key, sizeof(key), "T%zu", i), &created);
		CHECK_INT(t.cap, 128);
		idindex_put(&t, "T96", 3, &created);
		CHECK_INT(t.cap, 256);
		idindex_release(&t);
	}

	/* a set: no records */
	idindex_init(&ix, 0);
	CHECK_INT(idindex_put(&ix, "x", 1, &created), 0);
	CHECK_INT(idindex_put(&ix, "x", 1, &created), 0);
	CHECK_INT(created, 0);
	CHECK(ix.values == NULL);
	idindex_release(&ix);
	/* FNV-1a 64 of "a" (the published test vector) */
	CHECK(idindex_hash("a", 1, IDINDEX_HASH_SEED) == 0xaf63dc4c8601ec8cULL);
	return CHECK_DONE();
}
