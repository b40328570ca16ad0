/* normalize_tiktokshop.c: the TikTok Shop dialect: a product (the product detail merged over
 * its products/search result, see fetch_tiktokshop.c) into one item per SKU: seller_sku,
 * price, stock summed over warehouses, images, description, brand, GTIN, link.
 * Owns: nothing beyond the call. */
#include "normalize_dialects.h"
#include "alloc.h"
#include "money.h"
#include "json_fast.h"
#include "msg.h"
#include "urlenc.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_ADDITIONAL_IMAGES 10

/* Every member name read here, at any depth of a product (its skus, their price, inventory,
 * sales attributes and identifier code, its images and brand): a worker decodes only these
 * (json_fast_loadb_keys). A name read here goes through K and must be listed here. */
static const char *const tiktokshop_names[] = {
	"id", "status", "is_not_for_sale", "title", "description", "product_url", "main_images", "urls",
	"thumb_urls", "brand", "name", "skus", "seller_sku", "sales_attributes", "value_name", "sku_img",
	"identifier_code", "code", "price", "currency", "amount", "sale_price", "tax_exclusive_price",
	"inventory", "quantity", NULL
};

int normalize_tiktokshop_keys(struct json_fast_keys *set)
{
	return json_fast_keys_add(set, tiktokshop_names, JSON_FAST_KEEP);
}

NORMALIZE_KEY_CHECK(normalize_tiktokshop_keys, "normalize_tiktokshop.c");
#define K NORMALIZE_KEY

/* An image object's URL: urls[0], else thumb_urls[0] (a smaller rendition, still an image). */
static const char *first_url(json_t *img)
{
	const char *u = json_string_value(json_array_get(json_object_get(img, K("urls")), 0));

	if (!u || !*u)
		u = json_string_value(json_array_get(json_object_get(img, K("thumb_urls")), 0));
	return u && *u ? u : NULL;
}

/* The link: the API's product_url when a record has one (the 202309 product detail has none);
 * otherwise the product page under --shop-url, shop_url + "/view/product/" + product id, which
 * is the form of TikTok Shop's own product pages (https://shop.tiktok.com/view/product/ID),
 * so --shop-url https://shop.tiktok.com links to the product on TikTok. Without either the
 * link stays empty and the channel's validation rejects the item as having no link. */
static void set_link(struct normalizer *n, json_t *p, const char *pid)
{
	struct strbuf *l = &n->item.field[ITEM_LINK];
	const char *s = json_text(p, K("product_url"));

	strbuf_reset(l);
	if (s && *s) {
		strbuf_addstr(l, s);
	} else if (n->opt->shop_url && *pid) {
		strbuf_addstr(l, n->opt->shop_url);
		strbuf_addstr(l, "/view/product/");
		url_escape_component(l, pid, strlen(pid));
	}
}

static void sales_attributes(struct item *it, json_t *sku, const char **sku_img)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(sku, K("sales_attributes")), i, a) {
		const char *name = json_text(a, K("name")), *value = json_text(a, K("value_name"));
		if (!*sku_img)
			*sku_img = first_url(json_object_get(a, K("sku_img")));
		if (!name || !value || !*value)
			continue;
		if (!strcasecmp(name, "color") || !strcasecmp(name, "colour"))
			normalize_text(it, ITEM_COLOR, value, 1);
		else if (!strcasecmp(name, "size"))
			normalize_text(it, ITEM_SIZE, value, 1);
	}
}

int normalize_tiktokshop_product(struct normalizer *n, json_t *p, const char *source, long line)
{
	json_t *skus, *sku, *images;
	const char *status, *title;
	char pid[32] = "";
	size_t i, nskus;
	int rc = 0;

	n->records++;
	if (!json_is_object(p) || !json_is_array(skus = json_object_get(p, K("skus"))) || !json_array_size(skus)) {
		struct finding *f = findings_add(&n->findings, SEV_ERROR, "record", json_is_object(p) ? json_id(p, K("id"), pid) : NULL,
						 "skus", "TikTok Shop product has no skus; skipped");
		f->source = xstrdup(source);
		f->line = line;
		n->skipped_records++;
		return 0;
	}
	status = json_text(p, K("status"));
	if (!n->opt->include_inactive &&
	    ((status && strcmp(status, "ACTIVATE")) || json_is_true(json_object_get(p, K("is_not_for_sale"))))) {
		n->skipped_records++;
		return 0;
	}
	json_id(p, K("id"), pid);
	title = json_text(p, K("title"));
	images = json_object_get(p, K("main_images"));
	nskus = json_array_size(skus);
	json_array_foreach(skus, i, sku) {
		struct item *it = &n->item;
		struct normalize_options o = *n->opt;
		json_t *price = json_object_get(sku, K("price")), *inv, *w;
		const char *seller_sku = json_text(sku, K("seller_sku")), *regular, *sale = NULL, *cur, *s, *sku_img = NULL;
		char rbuf[48], sbuf[48];
		long qty = 0, q, joined = LONG_MIN;
		size_t k, added = 0;
		char sid[32];

		/* prices carry their currency (per sales region) */
		cur = json_text(price, K("currency"));
		if (cur && currency_decimals(cur) >= 0) {
			o.currency = cur;
			o.currency_decimals = currency_decimals(cur);
		}
		normalize_begin(n, source, line);
		if (cur && currency_decimals(cur) >= 0) {
			snprintf(it->currency, sizeof(it->currency), "%s", cur);
			it->currency_decimals = o.currency_decimals;
		}
		it->has_variants = nskus > 1;
		if (seller_sku && *seller_sku)
			normalize_text(it, ITEM_ID, seller_sku, 1);
		else if (json_id(sku, K("id"), sid))
			item_set(it, ITEM_ID, sid);
		strbuf_trim(&it->field[ITEM_ID]);
		if (*pid)
			item_set(it, ITEM_ITEM_GROUP_ID, pid);
		normalize_text(it, ITEM_TITLE, title, 1);
		normalize_description(n, json_text(p, K("description")));
		set_link(n, p, pid);
		sales_attributes(it, sku, &sku_img);
		normalize_image(it, ITEM_IMAGE_LINK, sku_img ? sku_img : first_url(json_array_get(images, 0)));
		json_array_foreach(images, k, w) {
			const char *u = first_url(w);
			if (!u || (sku_img ? !strcmp(u, sku_img) : k == 0))
				continue;
			if (added++ >= MAX_ADDITIONAL_IMAGES)
				break;
			normalize_image(it, ITEM_ADDITIONAL_IMAGE_LINK, u);
		}
		if ((s = json_text(json_object_get(p, K("brand")), K("name"))) && *s)
			normalize_text(it, ITEM_BRAND, s, 1);
		else if (n->opt->default_brand)
			normalize_text(it, ITEM_BRAND, n->opt->default_brand, 1);
		item_set(it, ITEM_CONDITION, "new");
		/* detail: identifier_code {code, type: GTIN, EAN, UPC, ISBN} */
		if ((s = json_text(json_object_get(sku, K("identifier_code")), K("code"))) && *s)
			normalize_gtin(it, s);
		/* detail: {amount, sale_price}; search: {sale_price, tax_exclusive_price} */
		regular = json_number_text(price, K("amount"), rbuf);
		if (regular && *regular)
			sale = json_number_text(price, K("sale_price"), sbuf);
		else if (!(regular = json_number_text(price, K("sale_price"), rbuf)) || !*regular)
			regular = json_number_text(price, K("tax_exclusive_price"), rbuf);
		normalize_regular_sale(it, &o, regular, sale);
		inv = json_object_get(sku, K("inventory"));
		json_array_foreach(inv, k, w)
			if (json_long(w, K("quantity"), &q) == 0 && __builtin_add_overflow(qty, q, &qty))
				qty = q > 0 ? LONG_MAX : LONG_MIN; /* saturate, as the inventory index does */
		normalize_join_inventory(n, seller_sku, &joined);
		normalize_stock(it, STOCK_TRACKED, joined != LONG_MIN ? joined : qty, 0);
		if ((rc = normalize_emit(n)))
			break;
	}
	return rc;
}
