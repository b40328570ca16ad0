/* normalize_woocommerce.c: the WooCommerce dialect: a REST v3 product (variations embedded)
 * into one item for a simple product or one per variation of a variable product.
 * Owns: nothing beyond the call. */
#include "normalize_dialects.h"
#include "alloc.h"
#include "json_fast.h"
#include "msg.h"
#include <limits.h>
#include <stdio.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#define MAX_ADDITIONAL_IMAGES 10

/* Every member name read here, at any depth of a product (its variations, attributes, images,
 * brands, categories and meta_data entries): a worker decodes only these (json_fast_loadb_keys;
 * a REST v3 product has a hundred members, plugins' included, and decoding all of them was 86%
 * of a worker's instructions). A name read here goes through K and must be listed here. */
static const char *const woo_names[] = {
	"id", "sku", "name", "slug", "type", "status", "catalog_visibility", "description",
	"short_description", "permalink", "image", "images", "src", "attributes", "options", "option",
	"variation", "variations", "brands", "categories", "global_unique_id", "meta_data", "key",
	"value", "manage_stock", "stock_status", "stock_quantity", "backorders", "regular_price", "price",
	"sale_price", "date_on_sale_from", "date_on_sale_from_gmt", "date_on_sale_to", "date_on_sale_to_gmt",
	NULL
};

int normalize_woocommerce_keys(struct json_fast_keys *set)
{
	return json_fast_keys_add(set, woo_names, JSON_FAST_KEEP);
}

NORMALIZE_KEY_CHECK(normalize_woocommerce_keys, "normalize_woocommerce.c");
#define K NORMALIZE_KEY

static void skip(struct normalizer *n, json_t *p, const char *source, long line, enum severity sev, const char *why)
{
	char id[32];
	struct finding *f = findings_add(&n->findings, sev, "record", json_id(p, K("id"), id), NULL, "%s", why);
	f->source = xstrdup(source);
	f->line = line;
	n->skipped_records++;
}

/* "2025-11-20T00:00:00" -> "2025-11-20T00:00+00:00" (the _gmt fields are UTC) */
/* "2026-11-01T00:00:00" (WooCommerce's sale dates, UTC in the _gmt keys) as "2026-11-01T00:00+00:00";
 * anything not of that shape is no date (found by fuzz_woocommerce: "2026-11-30Tgröße" was cut
 * inside a UTF-8 character). */
static int sale_date(struct strbuf *out, const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd";

	if (!s || strlen(s) < 16)
		return -1;
	for (size_t i = 0; i < 16; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return -1;
	strbuf_add(out, s, 16);
	strbuf_addstr(out, "+00:00");
	return 0;
}

static const char *sale_field(json_t *obj, json_t *parent, const char *key)
{
	char gmt[40];
	const char *s;

	snprintf(gmt, sizeof(gmt), "%s_gmt", key);
	if ((s = json_text(obj, K(gmt))) && *s)
		return s;
	if ((s = json_text(obj, K(key))) && *s)
		return s;
	(void)parent;
	return NULL;
}

/* An attribute kind from its name ("Color", "pa_color", "Colour", "Size", "Brand", ...). */
static int attribute_field(const char *name)
{
	if (!name)
		return -1;
	if (!strncasecmp(name, "pa_", 3))
		name += 3;
	if (!strcasecmp(name, "color") || !strcasecmp(name, "colour") || !strcasecmp(name, "farbe") ||
	    !strcasecmp(name, "couleur"))
		return ITEM_COLOR;
	if (!strcasecmp(name, "size") || !strcasecmp(name, "größe") || !strcasecmp(name, "taille"))
		return ITEM_SIZE;
	if (!strcasecmp(name, "material"))
		return ITEM_MATERIAL;
	if (!strcasecmp(name, "pattern"))
		return ITEM_PATTERN;
	if (!strcasecmp(name, "gender"))
		return ITEM_GENDER;
	if (!strcasecmp(name, "age group") || !strcasecmp(name, "age_group"))
		return ITEM_AGE_GROUP;
	if (!strcasecmp(name, "brand"))
		return ITEM_BRAND;
	return -1;
}

/* Product attributes (options[] lists; the first value when it is not a variation axis or
 * has one value), then the variation's own attributes (option). */
static void attributes(struct item *it, json_t *product, json_t *variation)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(product, K("attributes")), i, a) {
		json_t *opts = json_object_get(a, K("options"));
		int f = attribute_field(json_text(a, K("name")));
		if (f < 0 && json_text(a, K("slug")))
			f = attribute_field(json_text(a, K("slug")));
		if (f < 0 || !json_is_array(opts) || !json_array_size(opts))
			continue;
		if (variation && json_is_true(json_object_get(a, K("variation"))) && json_array_size(opts) > 1)
			continue; /* the variation says which */
		if (json_string_value(json_array_get(opts, 0)))
			normalize_text(it, (enum item_field)f, json_string_value(json_array_get(opts, 0)), 1);
	}
	if (!variation)
		return;
	json_array_foreach(json_object_get(variation, K("attributes")), i, a) {
		int f = attribute_field(json_text(a, K("name")));
		const char *opt = json_text(a, K("option"));
		if (f < 0 && json_text(a, K("slug")))
			f = attribute_field(json_text(a, K("slug")));
		if (f >= 0 && opt && *opt)
			normalize_text(it, (enum item_field)f, opt, 1);
	}
}

static const char *gtin_of(json_t *obj)
{
	static const char *const keys[] = { "_global_unique_id", "gtin", "_gtin", "ean", "_ean", "upc", "_upc",
		"_wpm_gtin_code", "hwp_product_gtin", "hwp_var_gtin" };
	const char *s = json_text(obj, K("global_unique_id"));
	json_t *m;
	size_t i;

	if (s && *s)
		return s;
	json_array_foreach(json_object_get(obj, K("meta_data")), i, m) {
		const char *k = json_text(m, K("key")), *v = json_text(m, K("value"));
		if (!k || !v || !*v)
			continue;
		for (size_t j = 0; j < sizeof(keys) / sizeof(*keys); j++)
			if (!strcasecmp(k, keys[j]))
				return v;
	}
	return NULL;
}

static void stock(struct normalizer *n, json_t *obj, json_t *parent, const char *sku)
{
	struct item *it = &n->item;
	json_t *manage = json_object_get(obj, K("manage_stock"));
	const char *status = json_text(obj, K("stock_status")), *backorders;
	long qty = LONG_MIN, joined;
	json_t *src = obj;

	if (parent && json_is_string(manage) && !strcmp(json_string_value(manage), "parent")) {
		src = parent; /* the variation's stock is the parent's */
		manage = json_object_get(parent, K("manage_stock"));
	}
	backorders = json_text(src, K("backorders"));
	joined = LONG_MIN;
	normalize_join_inventory(n, sku, &joined);
	if (joined != LONG_MIN) {
		normalize_stock(it, STOCK_TRACKED, joined, backorders && strcmp(backorders, "no"));
		return;
	}
	if (json_is_true(manage) && json_long(src, K("stock_quantity"), &qty) == 0) {
		normalize_stock(it, STOCK_TRACKED, qty, backorders && strcmp(backorders, "no"));
		/* WooCommerce's own verdict wins when it is more cautious */
		if (status && !strcmp(status, "outofstock"))
			item_set(it, ITEM_AVAILABILITY, "out_of_stock");
		return;
	}
	normalize_stock(it, STOCK_UNTRACKED, 0, 0);
	if (status && !strcmp(status, "outofstock"))
		item_set(it, ITEM_AVAILABILITY, "out_of_stock");
	else if (status && !strcmp(status, "onbackorder"))
		item_set(it, ITEM_AVAILABILITY, "backorder");
}

static void images(struct item *it, json_t *product, json_t *own)
{
	json_t *imgs = json_object_get(product, K("images")), *img;
	const char *main = own ? json_text(own, K("src")) : NULL;
	size_t i, added = 0;

	if (!main || !*main)
		main = json_text(json_array_get(imgs, 0), K("src"));
	normalize_image(it, ITEM_IMAGE_LINK, main);
	json_array_foreach(imgs, i, img) {
		const char *src = json_text(img, K("src"));
		if (!src || !*src || (main && !strcmp(src, main)))
			continue;
		if (added++ >= MAX_ADDITIONAL_IMAGES)
			break;
		normalize_image(it, ITEM_ADDITIONAL_IMAGE_LINK, src);
	}
}

/* Fill and emit one item from the product and, for a variable product, one variation. */
static int one_item(struct normalizer *n, json_t *p, json_t *v, const char *source, long line, int many)
{
	struct item *it = &n->item;
	json_t *obj = v ? v : p, *brands, *cat;
	const char *sku = json_text(obj, K("sku")), *s, *regular, *sale;
	char rbuf[48], sbuf[48];
	char id[32];

	normalize_begin(n, source, line);
	it->has_variants = many;
	if (sku && *sku)
		normalize_text(it, ITEM_ID, sku, 1);
	else if (json_id(obj, K("id"), id))
		item_set(it, ITEM_ID, id);
	strbuf_trim(&it->field[ITEM_ID]);
	if (v && json_id(p, K("id"), id))
		item_set(it, ITEM_ITEM_GROUP_ID, id);
	normalize_text(it, ITEM_TITLE, json_text(p, K("name")), 1);
	if ((v && (s = json_text(v, K("description"))) && *s) || ((s = json_text(p, K("description"))) && *s) ||
	    ((s = json_text(p, K("short_description"))) && *s))
		normalize_description(n, s);
	if ((v && (s = json_text(v, K("permalink"))) && *s) || (s = json_text(p, K("permalink"))))
		item_set(it, ITEM_LINK, s);
	images(it, p, v ? json_object_get(v, K("image")) : NULL);
	attributes(it, p, v);
	/* brand: the brands taxonomy (WooCommerce 9.6+), else a Brand attribute, else --brand */
	brands = json_object_get(p, K("brands"));
	if ((s = json_text(json_array_get(brands, 0), K("name"))) && *s)
		normalize_text(it, ITEM_BRAND, s, 1);
	if (!it->field[ITEM_BRAND].len && n->opt->default_brand)
		normalize_text(it, ITEM_BRAND, n->opt->default_brand, 1);
	item_set(it, ITEM_CONDITION, "new");
	cat = json_array_get(json_object_get(p, K("categories")), 0);
	if ((s = json_text(cat, K("name"))) && *s)
		normalize_text(it, ITEM_PRODUCT_TYPE, s, 1);
	normalize_gtin(it, (v && gtin_of(v)) ? gtin_of(v) : gtin_of(p));

	/* real exports mix strings and numbers for prices */
	regular = json_number_text(obj, K("regular_price"), rbuf);
	if (!regular || !*regular)
		regular = json_number_text(obj, K("price"), rbuf);
	sale = json_number_text(obj, K("sale_price"), sbuf);
	normalize_regular_sale(it, n->opt, regular, sale);
	if (it->sale_price) {
		const char *from = sale_field(obj, p, "date_on_sale_from"), *to = sale_field(obj, p, "date_on_sale_to");
		struct strbuf d = STRBUF_INIT;
		if (from && to && !sale_date(&d, from)) {
			strbuf_addch(&d, '/');
			if (!sale_date(&d, to))
				item_set(it, ITEM_SALE_PRICE_EFFECTIVE_DATE, d.buf);
		}
		strbuf_release(&d);
	}
	stock(n, obj, v ? p : NULL, sku);
	return normalize_emit(n);
}

int normalize_woocommerce_product(struct normalizer *n, json_t *p, const char *source, long line)
{
	const char *status, *vis, *type;
	json_t *vars, *v;
	size_t i, usable = 0;
	int rc = 0;

	n->records++;
	if (!json_is_object(p)) {
		skip(n, p, source, line, SEV_ERROR, "catalog record is not a JSON object; skipped");
		return 0;
	}
	status = json_text(p, K("status"));
	vis = json_text(p, K("catalog_visibility"));
	if (!n->opt->include_inactive &&
	    ((status && strcmp(status, "publish")) || (vis && strcmp(vis, "visible") && strcmp(vis, "catalog")))) {
		n->skipped_records++;
		return 0;
	}
	type = json_text(p, K("type"));
	if (type && !strcmp(type, "grouped")) {
		n->skipped_records++; /* a grouped product is a list of other products, each listed itself */
		return 0;
	}
	if (!type || strcmp(type, "variable"))
		return one_item(n, p, NULL, source, line, 0);
	vars = json_object_get(p, K("variations"));
	json_array_foreach(vars, i, v)
		if (json_is_object(v))
			usable++;
	if (!usable) {
		skip(n, p, source, line, SEV_ERROR,
		     json_array_size(vars) ? "variable product lists variation ids only (fetch it with --source "
					     "woocommerce to embed them); skipped"
					   : "variable product has no variations; skipped");
		return 0;
	}
	json_array_foreach(vars, i, v) {
		const char *vs;
		if (!json_is_object(v))
			continue;
		vs = json_text(v, K("status"));
		if (!n->opt->include_inactive && vs && strcmp(vs, "publish"))
			continue; /* a disabled (private) variation */
		if ((rc = one_item(n, p, v, source, line, usable > 1)))
			break;
	}
	return rc;
}
