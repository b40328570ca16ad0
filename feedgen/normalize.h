/* normalize.h: turning one shop record (Shopify product, WooCommerce product, TikTok Shop
 * product) into normalised items, one per variant, handed one at a time to a sink.
 * Owns: the shared normalisation helpers every shop dialect uses (prices, text, links,
 * GTIN, availability), so that all dialects produce items by the same rules. */
#ifndef FEEDGEN_NORMALIZE_H
#define FEEDGEN_NORMALIZE_H
#include <jansson.h>
#include "item.h"
#include "htmltext.h"
#include "inventory.h"

struct normalize_options {
	const char *currency;        /* ISO 4217, default "USD" */
	int currency_decimals;
	const char *shop_url;        /* base URL without trailing slash, or NULL */
	const char *default_brand;   /* --brand, or NULL */
	int include_inactive;        /* keep draft/archived/private products */
};

/* Called once per item; the item is the normalizer's scratch item, reset after the call.
 * Return 0 to go on, non-zero to stop the run (that value is returned up). */
typedef int (*item_sink_fn)(void *arg, struct item *it);

/* What every variant of a product shares, cleaned once per product and placed in each variant's
 * item as normalize_text and normalize_image would have put it (normalize_memo.c, issue 12). */
enum { MEMO_BRAND, MEMO_PRODUCT_TYPE, MEMO_TAGS, MEMO_TEXTS };
struct normalize_memo {
	struct strbuf text[MEMO_TEXTS];
	unsigned changes[MEMO_TEXTS];   /* text_clean's TEXT_* changes, reported on every variant */
	unsigned char set[MEMO_TEXTS];  /* 0: normalize_text would have had NULL */
	struct strbuf images;           /* the product's image links, normalised, back to back */
	struct memo_image {
		size_t off, len;
		int set;                /* 0: no link (normalize_image leaves the field alone) */
	} *image;
	size_t nimages, alloc;
};

struct normalizer {
	const struct normalize_options *opt;
	struct inventory *inv;       /* may be NULL */
	item_sink_fn sink;
	void *sink_arg;
	struct item item;            /* scratch */
	/* the last description: variants of one product share it, so its HTML is parsed once */
	struct strbuf desc_html, desc_text;
	unsigned desc_changes;
	struct html_parser html;     /* libxml2's context, kept from one description to the next */
	struct strbuf scratch[2];    /* a dialect's or a helper's work space within one call */
	struct findings findings;    /* findings about records, not items (skipped product, NUL removed) */
	struct normalize_memo memo;  /* the current product's shared values (its dialect fills it) */
	unsigned long records, skipped_records, items;
};

void normalizer_init(struct normalizer *n, const struct normalize_options *opt, struct inventory *inv,
		     item_sink_fn sink, void *sink_arg);
void normalizer_release(struct normalizer *n);

/* Dialects: each maps one JSON record (borrowed) into items. source/line locate the record
 * for findings. Return 0 or the sink's non-zero value. */
int normalize_shopify_product(struct normalizer *n, json_t *product, const char *source, long line);
/* Add to set every member name normalize_shopify_product reads, at any depth of a product, so
 * that a worker decodes only those (pipeline_pool.c, json_fast_loadb_keys): the members of its
 * product and variant tables, the few it reads one by one, and the ids it compares whole
 * (json_fast.h's JSON_FAST_KEEP, JSON_FAST_WHOLE). Returns 0, or -1 when the set is full. */
struct json_fast_keys;
int normalize_shopify_keys(struct json_fast_keys *set);

/* A dialect's readers name every member they read through NORMALIZE_KEY (below): in a
 * CHECK_KEYS build (Makefile; on with SANITIZE) a name that the dialect's key set does not
 * hold stops the run with a message at its first read, whatever the catalog holds: on the
 * worker threads such a member would never be decoded (pipeline_pool.c). */
struct normalize_key_check {
	int (*keys)(struct json_fast_keys *set); /* the dialect's normalize_*_keys */
	const char *file;
};
const char *normalize_checked_name(const struct normalize_key_check *c, const char *name);
/* In a dialect's file: NORMALIZE_KEY_CHECK(its keys function, "its file name"); once, then
 * NORMALIZE_KEY("name") wherever a member is read by name. */
#ifdef FEEDGEN_CHECK_KEYS
#define NORMALIZE_KEY_CHECK(keys_fn, file) \
	static const struct normalize_key_check normalize_key_check_ = { keys_fn, file }
#define NORMALIZE_KEY(name) normalize_checked_name(&normalize_key_check_, (name))
#else
#define NORMALIZE_KEY_CHECK(keys_fn, file) struct normalize_key_check
#define NORMALIZE_KEY(name) (name)
#endif

/* Every string of a record (borrowed) that holds NUL characters (JSON "\u0000") loses them, with
 * a control-chars warning naming the path (variants[0].sku): jansson keeps them, but every
 * reader of the record would see the string cut at the first one. */
void normalize_strip_nul(struct normalizer *n, json_t *record, const char *source, long line);

/* --- shared helpers for dialects (operate on n->item) --- */
/* Begin a new item from a record position. */
void normalize_begin(struct normalizer *n, const char *source, long line);
/* Hand the finished item to the sink (after final checks) and reset it. */
int normalize_emit(struct normalizer *n);
/* Plain text field: UTF-8 repaired, controls removed, single line for titles. */
void normalize_text(struct item *it, enum item_field f, const char *s, int single_line);
/* One more value of a multi-valued field (a feed's repeated or group attribute), cleaned and
 * reported as normalize_text does (single line); an empty result adds nothing. */
void normalize_add_text(struct item *it, enum item_field f, const char *s, size_t n);
/* Description from HTML into n->item (parsed once per distinct HTML: the variants of a
 * product share it); what cleaning changed is reported on every item that uses it. */
void normalize_description(struct normalizer *n, const char *html);
/* price/compare_at as decimal strings (either may be NULL/""): sets PRICE, SALE_PRICE, the
 * amounts and currency. A price that does not parse leaves PRICE empty with an error finding. */
void normalize_prices(struct item *it, const struct normalize_options *opt, const char *price,
		      const char *compare_at);
/* Regular and sale price (WooCommerce style: sale must be lower to count). */
void normalize_regular_sale(struct item *it, const struct normalize_options *opt, const char *regular,
			    const char *sale);
/* Barcode: kept in GTIN when valid, else dropped with a warning finding. */
void normalize_gtin(struct item *it, const char *barcode);
/* Availability from stock: tracked/quantity/backorder allowed. Warns on negative quantity. */
void normalize_stock(struct item *it, enum stock_tracking tracking, long quantity, int backorder_allowed);
/* Join inventory: when the SKU is in the index its summed quantity replaces *quantity. */
void normalize_join_inventory(struct normalizer *n, const char *sku, long *quantity);
/* An image link (NULL or "" adds nothing), percent-encoded where needed (url_normalize): the
 * image link replaced, or one more additional image link. */
void normalize_image(struct item *it, enum item_field f, const char *url);
/* normalize_image's steps: the field emptied (the image link) or a separator added (one more
 * additional link), returning where the link starts; the link's text ("https:" before a
 * protocol-relative link, then url_normalize; url not empty); an empty additional link undone. */
size_t normalize_image_begin(struct item *it, enum item_field f);
void normalize_image_text(struct strbuf *out, const char *url);
void normalize_image_end(struct item *it, enum item_field f, size_t mark);
/* What text_clean changed in field f, as warnings on it (normalize_text's findings). */
void normalize_text_changes(struct item *it, enum item_field f, unsigned changed);

/* --- normalize_memo.c: a product's shared values, cleaned once (struct normalize_memo) --- */
void normalize_memo_init(struct normalize_memo *m);
void normalize_memo_release(struct normalize_memo *m);
/* Slot k holds s cleaned as normalize_text(it, f, s, 1) cleans it (s may be NULL). */
void normalize_memo_text(struct normalize_memo *m, int k, const char *s);
/* normalize_text(it, f, s, 1) for the s of slot k: the same field and findings. */
void normalize_text_from_memo(struct item *it, enum item_field f, const struct normalize_memo *m, int k);
/* Forget the images; then each normalize_memo_image adds the next one (url may be NULL). */
void normalize_memo_images_reset(struct normalize_memo *m);
void normalize_memo_image(struct normalize_memo *m, const char *url);
/* normalize_image(it, f, url) for the url of image k (k < m->nimages). */
void normalize_image_from_memo(struct item *it, enum item_field f, const struct normalize_memo *m, size_t k);
/* printf's "%g" of v (a weight), into buf or pointing into it; the digits by hand for the
 * short decimals catalogs carry (printf cost 2,000 instructions, issue 12). */
const char *normalize_format_g(char buf[32], double v);
/* JSON helpers tolerant of real exports (numbers as strings and the reverse). */
const char *json_text(json_t *obj, const char *key);     /* string value or NULL; numbers -> NULL */
/* A decimal that may come as a string ("12.50") or a number (12.5), as real exports mix
 * them; the text is in buf when it was a number. NULL when absent. */
const char *json_number_text(json_t *obj, const char *key, char buf[48]);
/* The same for a value itself (a mapped catalog's JSON path gives values, not keys). */
const char *json_value_number_text(json_t *v, char buf[48]);
/* Integer id/quantity from a number or numeric string into buf; returns buf, or NULL when
 * absent or a string of 32 bytes or more (never cut). */
const char *json_id(json_t *obj, const char *key, char buf[32]);
int json_long(json_t *obj, const char *key, long *out);  /* 0 ok, -1 missing/not numeric */
/* json_id and json_long of a value itself. */
const char *json_value_id(json_t *v, char buf[32]);
int json_value_long(json_t *v, long *out);
/* The members of obj named names[0..n), in one pass over obj: out[i] is the value of names[i],
 * NULL when obj has none (or is no object). For an object whose members are read one after
 * the other: json_object_get hashes its key each time. */
void json_members(json_t *obj, const char *const *names, size_t n, json_t **out);
#endif
