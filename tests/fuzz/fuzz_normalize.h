/* fuzz_normalize.h: the body shared by the shop-record normaliser targets (fuzz_woocommerce.c,
 * fuzz_tiktokshop.c): input byte 0 picks the options (currency, shop URL, inactive records,
 * an inventory to join), the rest is one JSON record handed to the dialect; every item it
 * yields is checked (fuzz_on_item, also used by fuzz_catalogcsv.c). Header-only: each target is
 * one translation unit.
 * Owns: the record, inventory and normaliser of each input. */
#ifndef FEEDGEN_FUZZ_NORMALIZE_H
#define FEEDGEN_FUZZ_NORMALIZE_H
#include "msg.h"
#include "normalize_dialects.h"
#include "text.h"
#include <stdint.h>
#include <stdlib.h>

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

static inline void fuzz_normalize(int (*dialect)(struct normalizer *, json_t *, const char *, long),
			   const uint8_t *data, size_t size)
{
	static const char *const currencies[] = { "USD", "JPY", "KWD", "EUR" };
	struct normalize_options opt = { 0 };
	struct normalizer n;
	struct inventory *inv = NULL;
	json_error_t err;
	json_t *record;

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
	normalizer_init(&n, &opt, inv, fuzz_on_item, NULL);
	dialect(&n, record, "fuzz", 1);
	normalizer_release(&n);
	if (inv)
		inventory_free(inv);
	json_decref(record);
}
#endif
