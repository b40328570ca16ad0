/* shopify_bulk_convert.c: one object of a Shopify bulk export (GraphQL names: a product, a
 * variant, an image, an inventory level) into its REST shape, for shopify_bulk.c to assemble.
 * Owns: nothing (a product made is the caller's; variants and images go into their product). */
#include "shopify_bulk_impl.h"
#include "alloc.h"
#include "strbuf.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "gid://shopify/ProductVariant/42" -> type "ProductVariant" (into type), number 42 */
static json_t *gid_number(const char *gid)
{
	const char *slash;
	char *end;
	long long n;

	if (!gid)
		return json_null();
	slash = strrchr(gid, '/');
	if (slash && !strncmp(gid, "gid://", 6)) {
		n = strtoll(slash + 1, &end, 10);
		if (end != slash + 1 && (!*end || *end == '?'))
			return json_integer(n);
	}
	return json_string(gid);
}

static void gid_type(const char *gid, char type[32])
{
	type[0] = '\0';
	if (gid && !strncmp(gid, "gid://shopify/", 14)) {
		size_t n = strcspn(gid + 14, "/");
		if (n < 32) {
			memcpy(type, gid + 14, n);
			type[n] = '\0';
		}
	}
}

static json_t *lower_string(json_t *v)
{
	const char *s = json_string_value(v);
	char *d;
	json_t *r;

	if (!s)
		return json_null();
	d = xstrdup(s);
	for (char *p = d; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	r = json_string(d);
	free(d);
	return r;
}

static const char *money_amount(json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_object(v))
		return json_string_value(json_object_get(v, "amount"));
	return NULL;
}

static const char *image_url(json_t *img)
{
	const char *u;
	if (!json_is_object(img))
		return NULL;
	if ((u = json_string_value(json_object_get(img, "url"))) || (u = json_string_value(json_object_get(img, "src"))) ||
	    (u = json_string_value(json_object_get(img, "originalSrc"))) ||
	    (u = json_string_value(json_object_get(img, "transformedSrc"))))
		return u;
	return image_url(json_object_get(img, "image"));
}

/* Copy keys that are already REST-style (no upper case, not __parentId) when not set yet. */
static void copy_rest_keys(json_t *dst, json_t *src)
{
	const char *k;
	json_t *v;

	json_object_foreach(src, k, v) {
		int snake = 1;
		for (const char *p = k; *p; p++)
			if (isupper((unsigned char)*p))
				snake = 0;
		if (snake && strncmp(k, "__", 2) && !json_object_get(dst, k))
			json_object_set(dst, k, v);
	}
}

static void set_str(json_t *dst, const char *key, const char *s)
{
	if (s)
		json_object_set_new(dst, key, json_string(s));
}

static const char *weight_unit(const char *u)
{
	if (!u)
		return NULL;
	if (!strcmp(u, "KILOGRAMS"))
		return "kg";
	if (!strcmp(u, "GRAMS"))
		return "g";
	if (!strcmp(u, "POUNDS"))
		return "lb";
	if (!strcmp(u, "OUNCES"))
		return "oz";
	return u;
}

json_t *bulk_convert_product(json_t *g)
{
	json_t *p = json_object(), *v, *opts;
	const char *s;

	json_object_set_new(p, "id", gid_number(json_string_value(json_object_get(g, "id"))));
	set_str(p, "title", json_string_value(json_object_get(g, "title")));
	if ((s = json_string_value(json_object_get(g, "descriptionHtml"))) ||
	    (s = json_string_value(json_object_get(g, "bodyHtml"))))
		set_str(p, "body_html", s);
	set_str(p, "vendor", json_string_value(json_object_get(g, "vendor")));
	set_str(p, "product_type", json_string_value(json_object_get(g, "productType")));
	set_str(p, "handle", json_string_value(json_object_get(g, "handle")));
	if ((v = json_object_get(g, "status")))
		json_object_set_new(p, "status", lower_string(v));
	if (json_is_array(v = json_object_get(g, "tags"))) {
		struct strbuf tags = STRBUF_INIT;
		size_t i;
		json_t *t;
		json_array_foreach(v, i, t) {
			if (json_string_value(t))
				strbuf_addf(&tags, "%s%s", tags.len ? ", " : "", json_string_value(t));
		}
		set_str(p, "tags", tags.buf);
		strbuf_release(&tags);
	}
	set_str(p, "published_at", json_string_value(json_object_get(g, "publishedAt")));
	set_str(p, "created_at", json_string_value(json_object_get(g, "createdAt")));
	set_str(p, "updated_at", json_string_value(json_object_get(g, "updatedAt")));
	set_str(p, "online_store_url", json_string_value(json_object_get(g, "onlineStoreUrl")));
	if (json_is_array(opts = json_object_get(g, "options"))) {
		json_t *ro = json_array(), *o;
		size_t i;
		json_array_foreach(opts, i, o) {
			json_t *r = json_object(), *vals = json_object_get(o, "values"), *ov = json_object_get(o, "optionValues");
			set_str(r, "name", json_string_value(json_object_get(o, "name")));
			json_object_set_new(r, "position", json_integer((json_int_t)i + 1));
			if (json_is_array(vals)) {
				json_object_set(r, "values", vals);
			} else if (json_is_array(ov)) {
				json_t *arr = json_array(), *x;
				size_t k;
				json_array_foreach(ov, k, x) {
					if (json_string_value(json_object_get(x, "name")))
						json_array_append(arr, json_object_get(x, "name"));
				}
				json_object_set_new(r, "values", arr);
			}
			json_array_append_new(ro, r);
		}
		json_object_set_new(p, "options", ro);
	}
	json_object_set_new(p, "images", json_array());
	json_object_set_new(p, "variants", json_array());
	if ((s = image_url(json_object_get(g, "featuredImage"))) ||
	    (s = image_url(json_object_get(json_object_get(g, "featuredMedia"), "preview"))))
		json_object_set_new(p, "image", json_pack("{s:s}", "src", s));
	copy_rest_keys(p, g);
	return p;
}

/* Add (or find) an image in the product's images; returns it. */
static json_t *product_image(json_t *p, json_t *id, const char *src)
{
	json_t *images = json_object_get(p, "images"), *img;
	size_t i;

	json_array_foreach(images, i, img) {
		if ((json_is_integer(id) && json_equal(json_object_get(img, "id"), id)) ||
		    (src && !json_is_integer(id) && json_string_value(json_object_get(img, "src")) &&
		     !strcmp(json_string_value(json_object_get(img, "src")), src)))
			return img;
	}
	img = json_object();
	if (json_is_integer(id))
		json_object_set(img, "id", id);
	json_object_set(img, "product_id", json_object_get(p, "id"));
	json_object_set_new(img, "position", json_integer((json_int_t)json_array_size(images) + 1));
	set_str(img, "src", src);
	json_object_set_new(img, "variant_ids", json_array());
	json_array_append_new(images, img);
	return img;
}

void bulk_convert_image(json_t *p, json_t *g)
{
	json_t *inner = json_object_get(g, "image"), *id, *img;
	const char *src = image_url(g);
	const char *alt = json_string_value(json_object_get(g, "altText"));

	if (!src)
		return;
	if (!alt && json_is_object(inner))
		alt = json_string_value(json_object_get(inner, "altText"));
	id = gid_number(json_string_value(json_object_get(g, "id")));
	img = product_image(p, id, src);
	set_str(img, "alt", alt);
	if (json_object_get(g, "width"))
		json_object_set(img, "width", json_object_get(g, "width"));
	if (json_object_get(g, "height"))
		json_object_set(img, "height", json_object_get(g, "height"));
	json_decref(id);
}

/* Inventory tracking, the inventory item and the weight of variant object g into v:
 * inventoryManagement (older versions) or inventoryItem.tracked. */
static void variant_inventory(json_t *v, json_t *g)
{
	json_t *item = json_object_get(g, "inventoryItem"), *x;
	const char *s;

	if (json_is_object(item)) {
		json_t *w = json_object_get(json_object_get(item, "measurement"), "weight");
		json_object_set_new(v, "inventory_item_id", gid_number(json_string_value(json_object_get(item, "id"))));
		if (json_is_boolean(x = json_object_get(item, "tracked")))
			json_object_set_new(v, "inventory_management", json_is_true(x) ? json_string("shopify") : json_null());
		if (json_is_object(w)) {
			json_object_set(v, "weight", json_object_get(w, "value"));
			set_str(v, "weight_unit", weight_unit(json_string_value(json_object_get(w, "unit"))));
		}
	}
	if ((s = json_string_value(json_object_get(g, "inventoryManagement"))))
		json_object_set_new(v, "inventory_management", strcmp(s, "NOT_MANAGED") ? json_string("shopify") : json_null());
	if (!json_object_get(v, "inventory_management") && json_object_get(v, "inventory_quantity"))
		json_object_set_new(v, "inventory_management", json_string("shopify"));
	if (json_is_number(x = json_object_get(g, "weight")))
		json_object_set(v, "weight", x);
	set_str(v, "weight_unit", weight_unit(json_string_value(json_object_get(g, "weightUnit"))));
}

/* selectedOptions (sel) -> option1..3 of v in product p's option order. */
static void variant_options(json_t *v, json_t *p, json_t *sel)
{
	json_t *opts = json_object_get(p, "options"), *o;
	size_t i, k, seq = 0;

	if (!json_is_array(sel))
		return;
	json_array_foreach(sel, i, o) {
		const char *name = json_string_value(json_object_get(o, "name"));
		size_t slot = 0;
		char key[8];
		json_t *po;
		json_array_foreach(opts, k, po) {
			const char *pn = json_string_value(json_object_get(po, "name"));
			if (name && pn && !strcmp(name, pn))
				slot = k + 1;
		}
		if (!slot)
			slot = ++seq;
		if (slot > 3)
			continue;
		snprintf(key, sizeof(key), "option%zu", slot);
		json_object_set(v, key, json_object_get(o, "value"));
	}
}

/* The variant's image (object x, or NULL): joined to product p's images by id, as REST does. */
static void variant_image(json_t *v, json_t *p, json_t *x)
{
	const char *s = x ? image_url(x) : NULL;
	json_t *id, *img;

	if (!s)
		return;
	id = gid_number(json_string_value(json_object_get(x, "id")));
	img = product_image(p, id, s);
	if (json_is_integer(json_object_get(img, "id")))
		json_object_set(v, "image_id", json_object_get(img, "id"));
	else
		json_object_set_new(v, "image", json_pack("{s:s}", "src", s));
	json_array_append(json_object_get(img, "variant_ids"), json_object_get(v, "id"));
	json_decref(id);
}

json_t *bulk_convert_variant(json_t *p, json_t *g)
{
	json_t *v = json_object(), *x;
	const char *s;

	json_object_set_new(v, "id", gid_number(json_string_value(json_object_get(g, "id"))));
	json_object_set(v, "product_id", json_object_get(p, "id"));
	set_str(v, "title", json_string_value(json_object_get(g, "title")));
	set_str(v, "sku", json_string_value(json_object_get(g, "sku")));
	set_str(v, "barcode", json_string_value(json_object_get(g, "barcode")));
	if ((s = money_amount(json_object_get(g, "price"))) || (s = money_amount(json_object_get(g, "priceV2"))))
		set_str(v, "price", s);
	x = json_object_get(g, "compareAtPrice");
	if (!x)
		x = json_object_get(g, "compareAtPriceV2");
	if (x)
		json_object_set_new(v, "compare_at_price", money_amount(x) ? json_string(money_amount(x)) : json_null());
	if (json_is_integer(x = json_object_get(g, "position")))
		json_object_set(v, "position", x);
	if (json_is_integer(x = json_object_get(g, "inventoryQuantity")))
		json_object_set(v, "inventory_quantity", x);
	if ((x = json_object_get(g, "inventoryPolicy")))
		json_object_set_new(v, "inventory_policy", lower_string(x));
	if (json_is_boolean(x = json_object_get(g, "taxable")))
		json_object_set(v, "taxable", x);
	if (json_is_boolean(x = json_object_get(g, "requiresShipping")))
		json_object_set(v, "requires_shipping", x);
	if (json_is_boolean(x = json_object_get(g, "availableForSale")))
		json_object_set(v, "available_for_sale", x);
	variant_inventory(v, g);
	variant_options(v, p, json_object_get(g, "selectedOptions"));
	variant_image(v, p, json_object_get(g, "image"));
	copy_rest_keys(v, g);
	json_array_append_new(json_object_get(p, "variants"), v);
	return v;
}

long bulk_level_available(json_t *g)
{
	json_t *q = json_object_get(g, "quantities"), *x;
	size_t i;

	if (json_is_integer(x = json_object_get(g, "available")))
		return (long)json_integer_value(x);
	json_array_foreach(q, i, x) {
		const char *name = json_string_value(json_object_get(x, "name"));
		if (name && !strcmp(name, "available") && json_is_integer(json_object_get(x, "quantity")))
			return (long)json_integer_value(json_object_get(x, "quantity"));
	}
	return 0;
}

enum bulk_kind bulk_kind_of(json_t *g)
{
	char type[32];
	const char *tn = json_string_value(json_object_get(g, "__typename"));

	gid_type(json_string_value(json_object_get(g, "id")), type);
	if (!type[0] && tn)
		snprintf(type, sizeof(type), "%s", tn);
	if (!strcmp(type, "Product"))
		return BULK_PRODUCT;
	if (!strcmp(type, "ProductVariant"))
		return BULK_VARIANT;
	if (!strcmp(type, "ProductImage") || !strcmp(type, "MediaImage") || !strcmp(type, "Image"))
		return BULK_IMAGE;
	if (!strcmp(type, "InventoryLevel"))
		return BULK_LEVEL;
	if (type[0])
		return BULK_OTHER;
	if (json_object_get(g, "sku") || json_object_get(g, "price"))
		return BULK_VARIANT;
	if (image_url(g))
		return BULK_IMAGE;
	if (json_object_get(g, "quantities") || json_object_get(g, "available"))
		return BULK_LEVEL;
	return BULK_OTHER;
}

static int variant_position_cmp(const void *a, const void *b)
{
	json_t *const *x = a, *const *y = b;
	json_int_t px = json_integer_value(json_object_get(*x, "position"));
	json_int_t py = json_integer_value(json_object_get(*y, "position"));
	return px < py ? -1 : px > py;
}

void bulk_sort_variants(json_t *p)
{
	json_t *vars = json_object_get(p, "variants"), *v, **tmp;
	size_t i, n = json_array_size(vars);

	json_array_foreach(vars, i, v) {
		if (!json_is_integer(json_object_get(v, "position")))
			return;
	}
	tmp = xcalloc(n ? n : 1, sizeof(*tmp));
	for (i = 0; i < n; i++)
		tmp[i] = json_incref(json_array_get(vars, i));
	qsort(tmp, n, sizeof(*tmp), variant_position_cmp); /* not stable, positions are unique */
	json_array_clear(vars);
	for (i = 0; i < n; i++)
		json_array_append_new(vars, tmp[i]);
	free(tmp);
}
