/* test_skupool.c: the build's one copy of each SKU (skupool.h) and the indexes that refer to
 * it by number: the inventory's SKUs numbered first and in place, ids it lacks after them (also
 * one it gains later), the accepted-id sets (idset.h, ignoring case or not) and two change-report
 * captures over one pool (diff_capture.h): counts, NEW's ids for the digest, OLD's ids the pool
 * lacks. Owns: the pools, inventories, sets and captures it makes. */
#include "check.h"
#include "diff_capture.h"
#include "enrich.h"
#include "idset.h"
#include "inventory.h"
#include "skupool.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void pool_numbers(void)
{
	struct skupool *p = skupool_new();
	struct inventory *inv = inventory_new();
	size_t len;
	long q;

	/* without an inventory: numbers in first-seen order, the same id the same number */
	CHECK_INT(skupool_intern(p, "A", 1), 0);
	CHECK_INT(skupool_intern(p, "B", 1), 1);
	CHECK_INT(skupool_intern(p, "A", 1), 0);
	CHECK_INT(skupool_intern(p, "AB", 2), 2);
	CHECK_INT(skupool_find(p, "B", 1), 1);
	CHECK_INT(skupool_find(p, "C", 1), -1);
	CHECK_STR(skupool_key(p, 2, &len), "AB");
	CHECK_INT(len, 2);
	CHECK_INT(skupool_count(p), 3);
	CHECK(skupool_ref(p) == p);
	skupool_unref(p);
	skupool_unref(p);

	/* with one: its SKUs are 0 .. n - 1, kept once (in the inventory), the others follow */
	p = skupool_new();
	inventory_add(inv, "SKU-1", 3);
	inventory_add(inv, "SKU-2", 5);
	inventory_add(inv, "SKU-1", 4); /* summed, still one SKU */
	skupool_set_inventory(p, inv);
	CHECK_INT(skupool_count(p), 2);
	CHECK_INT(skupool_intern(p, "SKU-2", 5), 1);
	CHECK_INT(skupool_intern(p, "SKU-1", 5), 0);
	CHECK_INT(skupool_intern(p, "X", 1), 2);
	CHECK_INT(p->more.n, 1);
	/* an SKU the inventory gains later (an API source adds as it reads): numbers never change */
	inventory_add(inv, "Y", 1);
	CHECK_INT(skupool_intern(p, "Y", 1), 3);
	CHECK_INT(skupool_find(p, "Y", 1), 3);
	CHECK_INT(skupool_find(p, "SKU-2", 5), 1);
	CHECK(!memcmp(skupool_key(p, 0, &len), "SKU-1", 5) && len == 5); /* the inventory's: no NUL */
	CHECK_STR(skupool_key(p, 3, &len), "Y");
	CHECK(inventory_lookup(inv, "SKU-1", &q) && q == 7);
	skupool_unref(p); /* frees the inventory too (ASan: no leak, no double free) */
}

static struct id_mark mark_of(struct id_set *s, const char *id, const char *key)
{
	return id_set_get(s, id_set_number(s, id, key, strlen(key)));
}

static void id_sets(void)
{
	struct skupool *p = skupool_new();
	struct id_set exact = ID_SET_INIT, folded = ID_SET_INIT;
	struct id_mark m;
	uint32_t n;

	id_set_use(&exact, p);
	id_set_use(&folded, p);
	folded.ignore_case = 1;
	skupool_unref(p); /* the sets hold their references */
	n = id_set_number(&exact, "Ab-1", "Ab-1", 4);
	m = id_set_get(&exact, n);
	CHECK(m.feeds == 0 && m.line == 0);
	m.feeds = 1, m.line = 7;
	id_set_put(&exact, n, m);
	CHECK(mark_of(&exact, "Ab-1", "Ab-1").line == 7);
	CHECK(mark_of(&exact, "ab-1", "ab-1").feeds == 0); /* exact: another id */
	CHECK_INT(exact.width, 1);                      /* no users yet: a byte of feed bits */
	n = id_set_number(&folded, "AB-1", "ab-1", 4);
	CHECK(id_set_get(&folded, n).feeds == 0);
	m.feeds = 2, m.line = 9;
	id_set_put(&folded, n, m);
	CHECK(mark_of(&folded, "ab-1", "ab-1").line == 9); /* the same id, ignoring case */
	CHECK(mark_of(&folded, "Ab-1", "ab-1").feeds == 2);
	CHECK_INT(skupool_count(exact.pool), 3); /* Ab-1, ab-1, AB-1: each spelling once, shared */
	CHECK_INT(id_set_count(&exact), 1);
	CHECK_INT(id_set_count(&folded), 1);
	/* a feed bit beyond the byte (a 20th feed): the bits widen, every mark kept */
	m.feeds = 1u << 19 | 1, m.line = 11;
	id_set_put(&exact, id_set_number(&exact, "Z-9", "Z-9", 3), m);
	CHECK_INT(exact.width, 4);
	CHECK(mark_of(&exact, "Z-9", "Z-9").feeds == (1u << 19 | 1) && mark_of(&exact, "Z-9", "Z-9").line == 11);
	CHECK(mark_of(&exact, "Ab-1", "Ab-1").feeds == 1 && mark_of(&exact, "Ab-1", "Ab-1").line == 7);
	CHECK_INT(id_set_count(&exact), 2);
	/* many ids: the folding table grows and still finds each */
	{
		char k[32], low[32];
		int all = 1;
		for (int i = 0; i < 5000; i++) {
			int len = snprintf(k, sizeof(k), "SKU-%dX", i);
			struct id_mark w = { 1, (uint32_t)i + 1 };
			snprintf(low, sizeof(low), "sku-%dx", i);
			id_set_put(&folded, id_set_number(&folded, k, low, (size_t)len), w);
		}
		for (int i = 0; i < 5000; i++) {
			snprintf(low, sizeof(low), "sku-%dx", i);
			all &= mark_of(&folded, low, low).line == (uint32_t)i + 1;
		}
		CHECK(all);
		CHECK_INT(skupool_count(folded.pool), 5004);
		CHECK(folded.fold_cap * 3 >= folded.fold_n * 4);
	}
	id_set_release(&exact);
	id_set_release(&folded);
}

static void row_of(struct row *r, const char *id, const char *price)
{
	for (size_t i = 0; i < r->tpl->nattrs; i++)
		strbuf_reset(&r->values[i]);
	strbuf_addstr(&r->values[r->tpl->id_attr], id);
	strbuf_addstr(&r->values[template_attr_index(r->tpl, "price")], price);
}

static void captures(void)
{
	const char *dir = getenv("TEMPLATES");
	char path[512];
	struct urgency_options u;
	struct skupool *p = skupool_new();
	struct diff_capture *a, *b;
	struct diff_counts k;
	const struct diff_record *rec, *old;
	struct row r;
	const char *id;
	size_t len, i, n;

	snprintf(path, sizeof(path), "%s/tiktok.json", dir && *dir ? dir : "templates");
	urgency_options_init(&u);
	a = diff_capture_new_in(path, &u, p);
	b = diff_capture_new_in(path, &u, p);
	skupool_unref(p);
	if (!CHECK(a && b))
		return;
	row_init(&r, a->tpl);
	row_of(&r, "P-1", "10.00 USD");
	diff_capture_row(a, &r, NULL);
	diff_capture_row(b, &r, NULL);
	row_of(&r, "P-2", "12.00 USD");
	diff_capture_row(a, &r, NULL);
	diff_capture_row(a, &r, NULL); /* a repeat */
	CHECK_INT(skupool_count(p), 2); /* both captures' ids, once */
	CHECK_INT(a->nnew, 2);
	CHECK_INT(b->nnew, 1);
	/* NEW's ids for the digest, in pool order */
	for (i = 0, n = 0; (rec = diff_capture_next_new(a, &i, &id, &len)); n++)
		CHECK(rec->state == DIFF_IN_NEW && len == 3 && !memcmp(id, n ? "P-2" : "P-1", 3));
	CHECK_INT(n, 2);
	/* OLD: P-1 unchanged, P-2 with another price, P-9 (not in the pool) removed, repeated */
	i = 0;
	old = diff_capture_next_new(a, &i, &id, &len);
	{
		struct diff_record o = *old, changed = *old;
		changed.prices ^= 1;
		diff_capture_old_record(a, "P-1", 3, &o);
		diff_capture_old_record(a, "P-2", 3, &changed);
		diff_capture_old_record(a, "P-9", 3, &o);
		diff_capture_old_record(a, "P-9", 3, &o);
		diff_capture_old_totals(a, 4, 0, 0);
	}
	CHECK_INT(skupool_count(a->pool), 2); /* OLD's ids are not added to the shared pool */
	diff_capture_finish(a, &k);
	CHECK(k.previous == 1 && k.unchanged == 1 && k.changed == 1 && k.price_changed == 1);
	CHECK(k.added == 0 && k.removed == 1 && k.duplicates_old == 1 && k.duplicates_new == 1);
	diff_capture_finish(b, &k);
	CHECK(k.previous == 0 && k.added == 1 && k.new_items == 1);
	row_release(&r);
	diff_capture_free(a);
	diff_capture_free(b); /* the last reference frees the pool */
}

int main(void)
{
	pool_numbers();
	id_sets();
	captures();
	return CHECK_DONE();
}
