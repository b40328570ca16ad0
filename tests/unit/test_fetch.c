/* test_fetch.c: the offline parts of the fetch layer: URL redaction, snapshot headers, bulk
 * JSONL assembly (any order, orphans), and the WooCommerce / TikTok Shop normalizers.
 * Owns: nothing. */
#include "check.h"
#include "fetch.h"
#include "http.h"
#include "normalize_dialects.h"
#include "alloc.h"
#include "msg.h"
#include <stdlib.h>

static int count_record(void *arg, json_t *record, const char *source, long line)
{
	json_t **out = arg;
	json_array_append(*out, record);
	return 0;
}

static FILE *file_of(const char *text)
{
	FILE *fp = tmpfile();
	fputs(text, fp);
	rewind(fp);
	return fp;
}

static const char *redact(const char *url)
{
	return http_redacted(url);
}

struct sink { int n; char ids[8][64]; char avail[8][32]; char price[8][32]; char sale[8][32]; char dates[8][80];
	      char brand[8][64]; char group[8][32]; };

static int sink_item(void *arg, struct item *it)
{
	struct sink *s = arg;
	if (s->n < 8) {
		snprintf(s->ids[s->n], 64, "%s", item_get(it, ITEM_ID));
		snprintf(s->avail[s->n], 32, "%s", item_get(it, ITEM_AVAILABILITY));
		snprintf(s->price[s->n], 32, "%s", item_get(it, ITEM_PRICE));
		snprintf(s->sale[s->n], 32, "%s", item_get(it, ITEM_SALE_PRICE));
		snprintf(s->dates[s->n], 80, "%s", item_get(it, ITEM_SALE_PRICE_EFFECTIVE_DATE));
		snprintf(s->brand[s->n], 64, "%s", item_get(it, ITEM_BRAND));
		snprintf(s->group[s->n], 32, "%s", item_get(it, ITEM_ITEM_GROUP_ID));
	}
	s->n++;
	return 0;
}

int main(void)
{
	json_t *recs = json_array(), *p;
	FILE *fp;

	alloc_init();
	msg_set_quiet(1);
	/* redaction */
	CHECK_STR(redact("https://user:pw@shop.example.com/x?a=1&access_token=abc&consumer_secret=s&page=2"),
		  "https://shop.example.com/x?a=1&access_token=REDACTED&consumer_secret=REDACTED&page=2");
	CHECK_STR(redact("https://h/p?sign=abc#frag"), "https://h/p?sign=REDACTED#frag");
	CHECK_STR(redact("https://h/products.json?page_info=abc&limit=250"), "https://h/products.json?page_info=abc&limit=250");
	/* snapshot header */
	CHECK_INT(catalog_snapshot_dialect("{\"feedgen_snapshot\":1,\"source\":\"woocommerce\"}"), DIALECT_WOOCOMMERCE);
	CHECK_INT(catalog_snapshot_dialect("{\"id\":1}"), -1);
	CHECK_INT(fetch_is_url("HTTPS://x") && fetch_is_url("file:///tmp/a") && !fetch_is_url("shop.json"), 1);

	/* bulk: children before parents, a grandchild inventory level, option order by name */
	fp = file_of("{\"id\":\"gid://shopify/ProductVariant/11\",\"sku\":\"TEE-L\",\"price\":\"19.00\",\"position\":2,"
		     "\"selectedOptions\":[{\"name\":\"Size\",\"value\":\"L\"}],\"__parentId\":\"gid://shopify/Product/1\"}\n"
		     "{\"id\":\"gid://shopify/InventoryLevel/9?inventory_item_id=5\",\"quantities\":[{\"name\":\"available\",\"quantity\":4}],"
		     "\"__parentId\":\"gid://shopify/ProductVariant/10\"}\n"
		     "{\"id\":\"gid://shopify/Product/1\",\"title\":\"Tee\",\"status\":\"ACTIVE\",\"descriptionHtml\":\"<p>x</p>\","
		     "\"options\":[{\"name\":\"Size\",\"values\":[\"S\",\"L\"]}]}\n"
		     "{\"id\":\"gid://shopify/ProductVariant/10\",\"sku\":\"TEE-S\",\"price\":\"19.00\",\"position\":1,"
		     "\"compareAtPrice\":\"25.00\",\"inventoryPolicy\":\"CONTINUE\",\"__parentId\":\"gid://shopify/Product/1\"}\n"
		     "\n{\"id\":\"gid://shopify/Product/2\",\"title\":\"Cap\"}\n");
	CHECK(shopify_bulk_sniff(fp));
	CHECK_INT(shopify_bulk_stream(fp, "bulk.jsonl", count_record, &recs), 0);
	fclose(fp);
	CHECK_INT(json_array_size(recs), 2);
	p = json_array_get(recs, 0);
	CHECK_INT(json_integer_value(json_object_get(p, "id")), 1);
	CHECK_STR(json_string_value(json_object_get(p, "status")), "active");
	CHECK_STR(json_string_value(json_object_get(p, "body_html")), "<p>x</p>");
	CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(p, "variants"), 0), "sku")), "TEE-S");
	CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(p, "variants"), 0), "compare_at_price")), "25.00");
	CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(p, "variants"), 0), "inventory_policy")), "continue");
	CHECK_INT(json_integer_value(json_object_get(json_array_get(json_object_get(p, "variants"), 0), "inventory_quantity")), 4);
	CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(p, "variants"), 1), "option1")), "L");
	/* an orphan child is an incomplete export: EXIT_INPUT */
	json_array_clear(recs);
	fp = file_of("{\"id\":\"gid://shopify/ProductVariant/11\",\"sku\":\"A\",\"__parentId\":\"gid://shopify/Product/404\"}\n");
	CHECK_INT(shopify_bulk_stream(fp, "bulk.jsonl", count_record, &recs), EXIT_INPUT);
	CHECK_INT(json_array_size(recs), 0);
	fclose(fp);

	/* WooCommerce: a variable product with embedded variations, brand taxonomy, sale dates */
	{
		struct normalize_options opt = { "USD", 2, NULL, "Fallback", 0 };
		struct normalizer n;
		struct sink s;
		json_t *prod = json_loads(
			"{\"id\":5,\"name\":\"Shirt\",\"type\":\"variable\",\"status\":\"publish\",\"catalog_visibility\":\"visible\","
			"\"permalink\":\"https://w.example/p/shirt\",\"brands\":[{\"name\":\"Acme\"}],"
			"\"variations\":[{\"id\":51,\"sku\":\"SH-S\",\"regular_price\":\"20.00\",\"sale_price\":\"15.00\","
			"\"date_on_sale_from_gmt\":\"2026-11-01T00:00:00\",\"date_on_sale_to_gmt\":\"2026-11-30T23:59:00\","
			"\"manage_stock\":true,\"stock_quantity\":0,\"backorders\":\"notify\",\"stock_status\":\"onbackorder\"},"
			"{\"id\":52,\"sku\":\"SH-M\",\"regular_price\":\"20.00\",\"manage_stock\":false,\"stock_status\":\"outofstock\"},"
			"{\"id\":53,\"sku\":\"SH-L\",\"status\":\"private\",\"regular_price\":\"20.00\"}]}", 0, NULL);
		json_t *simple = json_loads("{\"id\":7,\"name\":\"Mug\",\"type\":\"simple\",\"status\":\"publish\",\"regular_price\":\"9.5\","
					    "\"stock_status\":\"instock\",\"manage_stock\":false}", 0, NULL);
		json_t *draft = json_loads("{\"id\":8,\"name\":\"D\",\"type\":\"simple\",\"status\":\"draft\",\"regular_price\":\"1\"}", 0, NULL);

		memset(&s, 0, sizeof(s));
		normalizer_init(&n, &opt, NULL, sink_item, &s);
		CHECK_INT(normalize_woocommerce_product(&n, prod, "woo", 1), 0);
		CHECK_INT(normalize_woocommerce_product(&n, simple, "woo", 2), 0);
		CHECK_INT(normalize_woocommerce_product(&n, draft, "woo", 3), 0);
		CHECK_INT(s.n, 3);
		CHECK_STR(s.ids[0], "SH-S");
		CHECK_STR(s.group[0], "5");
		CHECK_STR(s.avail[0], "backorder");
		CHECK_STR(s.price[0], "20.00 USD");
		CHECK_STR(s.sale[0], "15.00 USD");
		CHECK_STR(s.dates[0], "2026-11-01T00:00+00:00/2026-11-30T23:59+00:00");
		CHECK_STR(s.brand[0], "Acme");
		CHECK_STR(s.avail[1], "out_of_stock");
		CHECK_STR(s.ids[2], "7");
		CHECK_STR(s.brand[2], "Fallback");
		CHECK_STR(s.avail[2], "in_stock");
		CHECK_INT(n.skipped_records, 1);
		normalizer_release(&n);
		json_decref(prod);
		json_decref(simple);
		json_decref(draft);
	}
	/* TikTok Shop: stock summed over warehouses, price currency from the record */
	{
		struct normalize_options opt = { "USD", 2, NULL, NULL, 0 };
		struct normalizer n;
		struct sink s;
		json_t *prod = json_loads(
			"{\"id\":\"17\",\"title\":\"Bag\",\"status\":\"ACTIVATE\",\"skus\":[{\"id\":\"1\",\"seller_sku\":\"BAG-1\","
			"\"price\":{\"currency\":\"GBP\",\"sale_price\":\"30.00\",\"tax_exclusive_price\":\"25.00\"},"
			"\"inventory\":[{\"warehouse_id\":\"a\",\"quantity\":2},{\"warehouse_id\":\"b\",\"quantity\":3}]}]}", 0, NULL);

		memset(&s, 0, sizeof(s));
		normalizer_init(&n, &opt, NULL, sink_item, &s);
		CHECK_INT(normalize_tiktokshop_product(&n, prod, "tts", 0), 0);
		CHECK_INT(s.n, 1);
		CHECK_STR(s.ids[0], "BAG-1");
		CHECK_STR(s.price[0], "30.00 GBP");
		CHECK_STR(s.avail[0], "in_stock");
		normalizer_release(&n);
		json_decref(prod);
	}
	json_decref(recs);
	return CHECK_DONE();
}
