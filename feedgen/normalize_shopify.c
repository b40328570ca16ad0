/* normalize_shopify.c: the Shopify dialect: a product object (Admin REST, Storefront
 * /products.json, or a bulk-operation export reassembled by fetch) into one item per variant.
 * Owns: nothing beyond the call. */
#include "normalize.h"
#include "alloc.h"
#include "json_fast.h"
#include "msg.h"
#include "urlenc.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_ADDITIONAL_IMAGES 10

/* The members of a variant read here, found in one pass over it (json_members: about twenty
 * json_object_get a variant cost a worker a tenth of its instructions), named in the order
 * the Admin REST API lists them (json_members tries that order first); option1..3 in a row. */
enum variant_member {
	V_ID, V_TITLE, V_PRICE, V_COMPARE_AT_PRICE, V_SKU, V_INVENTORY_POLICY, V_INVENTORY_MANAGEMENT, V_OPTION1,
	V_OPTION2, V_OPTION3, V_BARCODE, V_WEIGHT, V_WEIGHT_UNIT, V_INVENTORY_QUANTITY, V_IMAGE_ID, V_AVAILABLE,
	V_FEATURED_IMAGE, V_IMAGE, V_NODE, V_MEMBERS
};
static const char *const variant_names[V_MEMBERS + 1] = {
	"id", "title", "price", "compare_at_price", "sku", "inventory_policy", "inventory_management", "option1",
	"option2", "option3", "barcode", "weight", "weight_unit", "inventory_quantity", "image_id", "available",
	"featured_image", "image", "node", NULL
};

/* The same for a product's members. */
enum product_member {
	P_ID, P_TITLE, P_BODY_HTML, P_VENDOR, P_PRODUCT_TYPE, P_HANDLE, P_TAGS, P_STATUS, P_VARIANTS, P_OPTIONS,
	P_IMAGES, P_IMAGE, P_MEMBERS
};
static const char *const product_names[P_MEMBERS + 1] = {
	"id", "title", "body_html", "vendor", "product_type", "handle", "tags", "status", "variants", "options",
	"images", "image", NULL
};

/* The names read one by one, below the two tables: an image's, an option's and GraphQL's
 * connection's; and those compared whole (json_equal: ids, an image's variant ids). A worker
 * decodes only the names of the tables and these (normalize_shopify_keys): a name read here
 * (through K below) must be listed here, or the worker path never sees it. */
static const char *const nested_names[] = { "edges", "name", "src", "url", NULL };
static const char *const whole_names[] = { "id", "variant_ids", NULL };

int normalize_shopify_keys(struct json_fast_keys *set)
{
	return json_fast_keys_add(set, whole_names, JSON_FAST_WHOLE) ||
	       json_fast_keys_add(set, product_names, JSON_FAST_KEEP) ||
	       json_fast_keys_add(set, variant_names, JSON_FAST_KEEP) ||
	       json_fast_keys_add(set, nested_names, JSON_FAST_KEEP);
}

/* Every member read by name below the tables goes through K (normalize.h's NORMALIZE_KEY: a
 * CHECK_KEYS build stops at a name the key set above lacks). */
NORMALIZE_KEY_CHECK(normalize_shopify_keys, "normalize_shopify.c");
#define K NORMALIZE_KEY

static const char *image_src(json_t *img)
{
	const char *s = json_text(img, K("src"));
	return s ? s : json_text(img, K("url"));
}

/* The variant's own image: image_id, an image listing the variant, or featured_image. */
static json_t *variant_image(json_t *images, json_t *const *v)
{
	json_t *img, *vid = v[V_ID], *iid = v[V_IMAGE_ID];
	size_t i, k;
	json_t *x;

	if (json_is_integer(iid)) {
		json_array_foreach(images, i, img)
			if (json_equal(json_object_get(img, K("id")), iid))
				return img;
	}
	if (vid) {
		json_array_foreach(images, i, img) {
			json_array_foreach(json_object_get(img, K("variant_ids")), k, x)
				if (json_equal(x, vid))
					return img;
		}
	}
	img = v[V_FEATURED_IMAGE];
	if (json_is_object(img))
		return img;
	img = v[V_IMAGE]; /* bulk exports */
	return json_is_object(img) ? img : NULL;
}

/* Option positions named like color/size, for the color and size attributes. */
static void option_positions(json_t *options, int *color, int *size)
{
	json_t *opt;
	size_t i;

	*color = *size = 0;
	json_array_foreach(options, i, opt) {
		const char *name = json_is_string(opt) ? json_string_value(opt) : json_text(opt, K("name"));
		if (!name || i >= 3)
			continue;
		if (!strcasecmp(name, "color") || !strcasecmp(name, "colour") || !strcasecmp(name, "farbe") ||
		    !strcasecmp(name, "couleur"))
			*color = (int)i + 1;
		else if (!strcasecmp(name, "size") || !strcasecmp(name, "größe") || !strcasecmp(name, "taille"))
			*size = (int)i + 1;
	}
}

static void set_link(struct normalizer *n, const char *handle, const char *variant_id)
{
	struct item *it = &n->item;
	struct strbuf *l = &it->field[ITEM_LINK];

	strbuf_reset(l);
	if (!n->opt->shop_url || !handle || !*handle)
		return;
	strbuf_addstr(l, n->opt->shop_url);
	strbuf_addstr(l, "/products/");
	url_escape_component(l, handle, strlen(handle));
	if (variant_id) {
		strbuf_addstr(l, "?variant=");
		url_escape_component(l, variant_id, strlen(variant_id));
	}
}

/* What every variant of the product shares, cleaned once (normalize_memo.c): the brand (the
 * vendor, else the default brand), the product type, the tags, each image's link. */
static void product_memo(struct normalizer *n, json_t *images, const char *vendor, const char *ptype,
			 const char *tags)
{
	size_t i;
	json_t *img;

	normalize_memo_text(&n->memo, MEMO_BRAND, vendor && *vendor ? vendor : n->opt->default_brand);
	normalize_memo_text(&n->memo, MEMO_PRODUCT_TYPE, ptype && *ptype ? ptype : NULL);
	normalize_memo_text(&n->memo, MEMO_TAGS, tags);
	normalize_memo_images_reset(&n->memo);
	json_array_foreach(images, i, img)
		normalize_memo_image(&n->memo, image_src(img));
}

/* The variant's image link: from the memo when the image is one of the product's images. */
static void chosen_image(struct normalizer *n, json_t *images, json_t *chosen)
{
	size_t i;
	json_t *img;

	json_array_foreach(images, i, img)
		if (img == chosen) {
			normalize_image_from_memo(&n->item, ITEM_IMAGE_LINK, &n->memo, i);
			return;
		}
	normalize_image(&n->item, ITEM_IMAGE_LINK, image_src(chosen));
}

static int is_active(struct normalizer *n, const char *status)
{
	if (n->opt->include_inactive || !status)
		return 1;
	return !strcasecmp(status, "active");
}

int normalize_shopify_product(struct normalizer *n, json_t *product, const char *source, long line)
{
	json_t *variants, *images, *variant, *chosen, *p[P_MEMBERS];
	const char *title, *vendor, *handle, *ptype, *body, *tags;
	char pid[32], vid[32], buf1[48], buf2[48], weight[32];
	size_t i, nvariants;
	int color_pos, size_pos, rc = 0;

	n->records++;
	if (!json_is_object(product)) {
		struct finding *f = findings_add(&n->findings, SEV_ERROR, "record", NULL, NULL,
						 "catalog record is not a JSON object; skipped");
		f->source = xstrdup(source);
		f->line = line;
		n->skipped_records++;
		return 0;
	}
	if (!n->opt->shop_url)
		return msg_fail(EXIT_USAGE, "catalog %s line %ld: Shopify catalogs carry no product URLs: give the public "
				"shop URL with --shop-url (e.g. --shop-url https://shop.example.com)", msg_quote(source), line);
	json_members(product, product_names, P_MEMBERS, p);
	if (!is_active(n, json_string_value(p[P_STATUS]))) {
		n->skipped_records++;
		return 0;
	}
	variants = p[P_VARIANTS];
	if (json_is_object(variants) && json_is_array(json_object_get(variants, K("edges"))))
		variants = json_object_get(variants, K("edges"));
	nvariants = json_is_array(variants) ? json_array_size(variants) : 0;
	if (!nvariants) {
		struct finding *f = findings_add(&n->findings, SEV_ERROR, "record", json_value_id(p[P_ID], pid), "variants",
						 "product has no variants; skipped");
		f->source = xstrdup(source);
		f->line = line;
		n->skipped_records++;
		return 0;
	}
	images = json_is_array(p[P_IMAGES]) ? p[P_IMAGES] : NULL;
	title = json_string_value(p[P_TITLE]);
	vendor = json_string_value(p[P_VENDOR]);
	handle = json_string_value(p[P_HANDLE]);
	ptype = json_string_value(p[P_PRODUCT_TYPE]);
	body = json_string_value(p[P_BODY_HTML]);
	tags = json_string_value(p[P_TAGS]);
	if (!json_value_id(p[P_ID], pid))
		pid[0] = '\0'; /* no product id: no item_group_id (pid was read uninitialised) */
	option_positions(p[P_OPTIONS], &color_pos, &size_pos);
	product_memo(n, images, vendor, ptype, tags);

	json_array_foreach(variants, i, variant) {
		struct item *it = &n->item;
		const char *sku, *vtitle, *opt, *policy;
		long qty = 0;
		int tracked, backorder;
		json_t *img, *mgmt, *v[V_MEMBERS];

		json_members(variant, variant_names, V_MEMBERS, v);
		if (json_is_object(v[V_NODE])) /* GraphQL's edges: the variant is the node */
			json_members(v[V_NODE], variant_names, V_MEMBERS, v);
		normalize_begin(n, source, line);
		it->has_variants = nvariants > 1;
		sku = json_string_value(v[V_SKU]);
		if (!json_value_id(v[V_ID], vid))
			vid[0] = '\0';
		if (sku && *sku)
			normalize_text(it, ITEM_ID, sku, 1);
		else
			item_set(it, ITEM_ID, vid);
		strbuf_trim(&it->field[ITEM_ID]);
		if (*pid)
			item_set(it, ITEM_ITEM_GROUP_ID, pid);
		else if (handle && *handle)
			normalize_text(it, ITEM_ITEM_GROUP_ID, handle, 1); /* a CSV export has no ids: its handle groups */

		/* title: product title, " - " and the variant title unless it is the default */
		vtitle = json_string_value(v[V_TITLE]);
		{
			struct strbuf *t = &n->scratch[0];
			strbuf_reset(t);
			if (title)
				strbuf_addstr(t, title);
			if (vtitle && *vtitle && strcmp(vtitle, "Default Title")) {
				if (t->len)
					strbuf_addstr(t, " - ");
				strbuf_addstr(t, vtitle);
			}
			normalize_text(it, ITEM_TITLE, t->buf, 1);
		}
		normalize_description(n, body);

		normalize_prices(it, n->opt, json_value_number_text(v[V_PRICE], buf1),
				 json_value_number_text(v[V_COMPARE_AT_PRICE], buf2));
		set_link(n, handle, *vid ? vid : NULL);

		img = images ? variant_image(images, v) : NULL;
		chosen = img;
		if (!img && images && json_array_size(images))
			chosen = json_array_get(images, 0);
		if (!chosen && json_is_object(p[P_IMAGE]))
			chosen = p[P_IMAGE];
		if (chosen)
			chosen_image(n, images, chosen);
		if (images) {
			size_t k, added = 0;
			json_t *other, *chosen_id = json_object_get(chosen, K("id"));
			json_array_foreach(images, k, other) {
				if (other == chosen || json_equal(json_object_get(other, K("id")), chosen_id))
					continue;
				if (added++ >= MAX_ADDITIONAL_IMAGES)
					break;
				normalize_image_from_memo(it, ITEM_ADDITIONAL_IMAGE_LINK, &n->memo, k);
			}
		}
		normalize_text_from_memo(it, ITEM_BRAND, &n->memo, MEMO_BRAND);
		item_set(it, ITEM_CONDITION, "new");
		normalize_text_from_memo(it, ITEM_PRODUCT_TYPE, &n->memo, MEMO_PRODUCT_TYPE);
		if (color_pos && (opt = json_string_value(v[V_OPTION1 + color_pos - 1])))
			normalize_text(it, ITEM_COLOR, opt, 1);
		if (size_pos && (opt = json_string_value(v[V_OPTION1 + size_pos - 1])))
			normalize_text(it, ITEM_SIZE, opt, 1);
		{
			const char *unit = json_string_value(v[V_WEIGHT_UNIT]);
			json_t *w = v[V_WEIGHT];
			if (json_is_number(w) && json_number_value(w) > 0 && unit) {
				struct strbuf *sw = &it->field[ITEM_SHIPPING_WEIGHT];
				strbuf_reset(sw);
				strbuf_addstr(sw, normalize_format_g(weight, json_number_value(w)));
				strbuf_addch(sw, ' ');
				strbuf_addstr(sw, unit);
				if (sw->len > 63)
					strbuf_setlen(sw, 63); /* as the 64-byte buffer it was printed into */
			}
		}
		normalize_gtin(it, json_string_value(v[V_BARCODE]));
		normalize_text_from_memo(it, ITEM_TAGS, &n->memo, MEMO_TAGS);

		/* stock: inventory_management null means Shopify does not track it */
		mgmt = v[V_INVENTORY_MANAGEMENT];
		policy = json_string_value(v[V_INVENTORY_POLICY]);
		backorder = policy && !strcasecmp(policy, "continue");
		if (mgmt) {
			tracked = !json_is_null(mgmt);
			json_value_long(v[V_INVENTORY_QUANTITY], &qty);
		} else if (json_is_boolean(v[V_AVAILABLE])) {
			/* Storefront JSON: only availability is known */
			tracked = 0;
		} else {
			tracked = json_value_long(v[V_INVENTORY_QUANTITY], &qty) == 0;
		}
		if (sku && *sku && n->inv && inventory_lookup(n->inv, sku, &qty))
			tracked = 1;
		if (!tracked && json_is_false(v[V_AVAILABLE])) {
			normalize_stock(it, STOCK_TRACKED, 0, 0);
		} else
			normalize_stock(it, tracked ? STOCK_TRACKED : STOCK_UNTRACKED, qty, backorder);

		if ((rc = normalize_emit(n)))
			break;
	}
	return rc;
}
