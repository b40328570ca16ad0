/* fuzz_normalize.h: the body shared by the shop-record normaliser targets (fuzz_shopify.c,
 * fuzz_woocommerce.c, fuzz_tiktokshop.c): input byte 0 picks the options (currency, shop URL,
 * inactive records, an inventory to join), the rest is one JSON record handed to the dialect;
 * every item it yields is checked (fuzz_on_item, also used by fuzz_catalogcsv.c). The record is
 * then decoded again with only the dialect's key set (json_fast_loadb_keys, as the workers of
 * --threads N decode it, pipeline_pool.c) and normalised again: the items, counts and findings
 * must be the same, or the key set lacks a name the dialect reads. Header-only: each target is
 * one translation unit.
 * Owns: the record, inventory and normaliser of each input. */
#ifndef FEEDGEN_FUZZ_NORMALIZE_H
#define FEEDGEN_FUZZ_NORMALIZE_H
#include "json_fast.h"
#include "msg.h"
#include "normalize_dialects.h"
#include "strbuf.h"
#include "text.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_on_item(void *arg, struct item *it)
{
	money_t amount;
	char cur[4];
	int dec;
	const char *why;

	(void)arg;
	/* every field is valid UTF-8 (catalog text is repaired on the way in) */
	for (int f = 0; f < ITEM_FIELD_COUNT; f++)
		if (!utf8_is_valid(it->field[f].buf, it->field[f].len))
			abort();
	/* a price that is set is a feed price "12.00 USD" */
	if (it->field[ITEM_PRICE].len && money_parse_price(item_get(it, ITEM_PRICE), &amount, cur, &dec, &why))
		abort();
	if (it->field[ITEM_SALE_PRICE].len && money_parse_price(item_get(it, ITEM_SALE_PRICE), &amount, cur, &dec, &why))
		abort();
	return 0;
}

/* Append a length and the bytes (a NULL s: none) to a run's record. */
static inline void fuzz_put(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_add(sb, (const char *)&len, sizeof(len));
	if (s)
		strbuf_add(sb, s, len);
}

/* fuzz_on_item's checks, then the item's fields and numbers into the run's record (arg). */
static inline int fuzz_record_item(void *arg, struct item *it)
{
	struct strbuf *sb = arg;
	long numbers[5];

	fuzz_on_item(NULL, it);
	for (int f = 0; f < ITEM_FIELD_COUNT; f++)
		fuzz_put(sb, it->field[f].buf, it->field[f].len);
	numbers[0] = (long)it->price, numbers[1] = (long)it->sale_price, numbers[2] = it->quantity;
	numbers[3] = (long)it->stock, numbers[4] = it->has_variants;
	fuzz_put(sb, (const char *)numbers, sizeof(numbers));
	for (size_t i = 0; i < it->findings.n; i++)
		fuzz_put(sb, it->findings.v[i].message, it->findings.v[i].message ? strlen(it->findings.v[i].message) : 0);
	return 0;
}

typedef int (*fuzz_dialect_fn)(struct normalizer *, json_t *, const char *, long);

/* Normalise record with opt and inv; what came out (items, counts, findings) into out. */
static inline void fuzz_run(fuzz_dialect_fn dialect, json_t *record, const struct normalize_options *opt,
		     struct inventory *inv, struct strbuf *out)
{
	struct normalizer n;
	unsigned long counts[3];

	normalizer_init(&n, opt, inv, fuzz_record_item, out);
	fuzz_put(out, NULL, (size_t)dialect(&n, record, "fuzz", 1));
	counts[0] = n.records, counts[1] = n.skipped_records, counts[2] = n.items;
	fuzz_put(out, (const char *)counts, sizeof(counts));
	for (size_t i = 0; i < n.findings.n; i++)
		fuzz_put(out, n.findings.v[i].message, n.findings.v[i].message ? strlen(n.findings.v[i].message) : 0);
	normalizer_release(&n);
}

static inline void fuzz_normalize(fuzz_dialect_fn dialect, int (*keys)(struct json_fast_keys *),
				  const uint8_t *data, size_t size)
{
	static const char *const currencies[] = { "USD", "JPY", "KWD", "EUR" };
	struct normalize_options opt = { 0 };
	struct inventory *inv = NULL;
	struct json_fast_keys set;
	struct strbuf whole = STRBUF_INIT, kept = STRBUF_INIT;
	json_error_t err;
	json_t *record, *filtered;

	if (size < 1)
		return;
	msg_set_quiet(1);
	record = json_loadb((const char *)data + 1, size - 1, 0, &err);
	if (!record)
		return;
	if (!json_is_object(record)) { /* the catalog readers hand on objects only */
		json_decref(record);
		return;
	}
	opt.currency = currencies[data[0] & 3];
	opt.currency_decimals = currency_decimals(opt.currency);
	opt.shop_url = (data[0] & 4) ? "https://shop.example" : NULL;
	opt.default_brand = (data[0] & 8) ? "Northwind" : NULL;
	opt.include_inactive = (data[0] & 16) != 0;
	if (data[0] & 32) {
		inv = inventory_new();
		inventory_add(inv, "SKU-1", 5);
		inventory_add(inv, "1", -2);
	}
	fuzz_run(dialect, record, &opt, inv, &whole);
	memset(&set, 0, sizeof(set));
	/* NULL: json_fast declines what it is not certain of; the workers then decode it whole */
	if (!keys(&set) && (filtered = json_fast_loadb_keys((const char *)data + 1, size - 1, &set, NULL))) {
		fuzz_run(dialect, filtered, &opt, inv, &kept);
		if (kept.len != whole.len || memcmp(kept.buf, whole.buf, whole.len))
			abort(); /* the key set hides a member the dialect reads */
		json_decref(filtered);
	}
	strbuf_release(&whole);
	strbuf_release(&kept);
	if (inv)
		inventory_free(inv);
	json_decref(record);
}
#endif
