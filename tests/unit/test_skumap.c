/* test_skumap.c: the inventory's SKU table (skumap.h) against strmap.c, whose slot order it
 * keeps (the order of the unknown-SKU warnings): the same keys (long, empty, repeated so that a
 * put of a known key grows the table) iterate in the same order at every size; numbers in
 * insertion order, keys read back (by length: no NUL); and the inventory's quantities beyond
 * 16 bits (kept aside, summed and saturated as before) and "used" bits (inventory.c).
 * Owns: the tables, inventories and findings it makes. */
#include "check.h"
#include "finding.h"
#include "inventory.h"
#include "skumap.h"
#include "strmap.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t make_key(char *buf, size_t i)
{
	if (i == 7)
		return 0; /* the empty key */
	if (i % 1000 == 3) { /* a long key: 5-byte length head */
		memset(buf, 'L', 300);
		return (size_t)snprintf(buf + 300, 32, "-%zu", i) + 300;
	}
	return (size_t)snprintf(buf, 64, "SKU-%07zu-%02zu", i / 3, i % 3);
}

/* Both tables' keys in slot order, the same. */
static int same_order(struct strmap *sm, struct skumap *km)
{
	size_t i = 0, j = 0, len;
	struct strmap_entry *e;
	long n;

	while ((e = strmap_next(sm, &i))) {
		const char *k;
		if ((n = skumap_next(km, &j)) < 0)
			return 0;
		k = skumap_key(km, (size_t)n, &len);
		if (len != strmap_keylen(sm, e) || memcmp(k, strmap_key(sm, e), len))
			return 0;
	}
	return skumap_next(km, &j) < 0;
}

static void order_as_strmap(void)
{
	struct strmap sm = STRMAP_INIT;
	struct skumap km = SKUMAP_INIT;
	char buf[400];
	int c1, c2, same = 1, numbers = 1;

	for (size_t i = 0; i < 70000; i++) { /* beyond 2^16 entries (the slots' hash tags narrow as it grows) */
		size_t len = make_key(buf, i), n;
		strmap_put(&sm, buf, len, &c1);
		n = skumap_put(&km, buf, len, &c2);
		numbers &= c1 == c2 && n == i;
		if (i % 5 == 0) { /* a known key again: may grow the table first, as strmap's put */
			len = make_key(buf, i / 2);
			strmap_put(&sm, buf, len, &c1);
			n = skumap_put(&km, buf, len, &c2);
			numbers &= !c1 && !c2 && n == i / 2;
		}
		if (i == 767 || i == 768 || i == 1535 || i == 49151 || i == 49152 || i % 4999 == 0)
			same &= same_order(&sm, &km);
	}
	CHECK(numbers);
	CHECK(same);
	CHECK(same_order(&sm, &km));
	CHECK_INT(km.count, 70000);
	CHECK_INT(km.cap, sm.cap);
	{
		size_t len = make_key(buf, 3003), got;
		const char *k;
		CHECK_INT(skumap_find(&km, buf, len), 3003);
		k = skumap_key(&km, 3003, &got);
		CHECK(got == len && !memcmp(k, buf, len));
		CHECK_INT(skumap_find(&km, "", 0), 7);
		CHECK_INT(skumap_find(&km, "SKU-0000001-00x", 15), -1);
	}
	skumap_trim(&km);
	CHECK_INT(km.arena_alloc, km.arena_len);
	CHECK(same_order(&sm, &km));
	strmap_release(&sm);
	skumap_release(&km);
}

static void quantities(void)
{
	struct inventory *inv = inventory_new();
	struct findings f = FINDINGS_INIT;
	long q = 0;

	inventory_add(inv, "A", 3);
	inventory_add(inv, "A", 4);
	inventory_add(inv, "BIG", 3000000000L);          /* beyond int16 and int32: kept aside */
	inventory_add(inv, "MAX", LONG_MAX);
	inventory_add(inv, "MAX", 5);                    /* saturates, as before */
	inventory_add(inv, "MIN", INT32_MIN);
	inventory_add(inv, "BACK", 2147483648L);
	inventory_add(inv, "BACK", -2147483647L);         /* 1: in the table again */
	inventory_add(inv, "NEG", -9);
	inventory_add(inv, "K32", 32767);                /* int16's largest: in the table */
	inventory_add(inv, "K32", 1);                    /* 32768: kept aside */
	inventory_add(inv, "M16", INT16_MIN);            /* the marker value itself */
	inventory_trim(inv);
	CHECK_INT(inventory_size(inv), 8);
	CHECK(inventory_lookup(inv, "A", &q) && q == 7);
	CHECK(inventory_lookup(inv, "BIG", &q) && q == 3000000000L);
	CHECK(inventory_lookup(inv, "MAX", &q) && q == LONG_MAX);
	CHECK(inventory_lookup(inv, "MIN", &q) && q == INT32_MIN);
	CHECK(inventory_lookup(inv, "BACK", &q) && q == 1);
	CHECK(inventory_lookup(inv, "K32", &q) && q == 32768);
	CHECK(inventory_lookup(inv, "M16", &q) && q == -32768);
	CHECK(!inventory_lookup(inv, "B", &q));
	inventory_report_unused(inv, &f); /* NEG only: the others were looked up */
	CHECK_INT(f.n, 1);
	CHECK(f.n == 1 && !strcmp(f.v[0].id, "NEG") && !strcmp(f.v[0].rule, "inventory-unknown-sku"));
	CHECK(inventory_lookup(inv, "NEG", &q) && q == -9);
	findings_release(&f);
	inventory_free(inv);
}

int main(void)
{
	order_as_strmap();
	quantities();
	return CHECK_DONE();
}
