/* shopify_bulk.c: Shopify bulk-operation JSONL (products, variants, images, inventory levels
 * flattened to one object per line, children pointing up with "__parentId", any order)
 * assembled into REST-shaped product objects with the GraphQL names converted.
 * Owns: an index of line offsets and ids (grows with the file, the records do not). */
#include "fetch.h"
#include "alloc.h"
#include "msg.h"
#include "strbuf.h"
#include "strmap.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define BULK_MAX_LINE ((size_t)64 << 20)

struct bline {
	off_t off;
	long lineno;
	const char *parent_key;  /* arena copy of __parentId, or NULL */
	long parent;             /* line index of the parent, -1 for a root */
	long first_child, last_child, next_child; /* children of a root, in file order */
};

struct bulk {
	FILE *fp;
	const char *source;
	struct bline *v;
	size_t n, alloc;
	struct strmap ids;       /* gid -> line index, -1 while only named as a parent */
	char *line;
	size_t line_alloc;
};

static int bulk_error(struct bulk *b, long lineno, const char *what)
{
	return msg_fail(EXIT_INPUT, "bulk file %s line %ld: %s", msg_quote(b->source), lineno, what);
}

/* Read the line at the current position into b->line; returns its length, -1 at the end. */
static ssize_t read_line(struct bulk *b)
{
	ssize_t n = getline(&b->line, &b->line_alloc, b->fp);
	if (n > 0 && b->line[n - 1] == '\n')
		b->line[--n] = '\0';
	if (n > 0 && b->line[n - 1] == '\r')
		b->line[--n] = '\0';
	return n;
}

static int blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return !*s;
}

static json_t *parse_line(struct bulk *b, ssize_t n, long lineno, int *rc)
{
	json_error_t err;
	json_t *j;
	char what[200];

	if ((size_t)n > BULK_MAX_LINE) {
		*rc = bulk_error(b, lineno, "line longer than 64 MiB");
		return NULL;
	}
	j = json_loadb(b->line, (size_t)n, 0, &err);
	if (!j) {
		snprintf(what, sizeof(what), "column %d: %s", err.column, err.text);
		*rc = bulk_error(b, lineno, what);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		*rc = bulk_error(b, lineno, "expected a JSON object");
		return NULL;
	}
	return j;
}

/* ---------- GraphQL -> REST ---------- */

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

static json_t *convert_product(json_t *g)
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

static void convert_image(json_t *p, json_t *g)
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

static json_t *convert_variant(json_t *p, json_t *g)
{
	json_t *v = json_object(), *x, *item, *sel;
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
	/* tracking: inventoryManagement (older versions) or inventoryItem.tracked */
	item = json_object_get(g, "inventoryItem");
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
	/* selectedOptions -> option1..3 in the product's option order */
	if (json_is_array(sel = json_object_get(g, "selectedOptions"))) {
		json_t *opts = json_object_get(p, "options"), *o;
		size_t i, k, seq = 0;
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
	/* the variant's image: joined to the product's images by id, as REST does */
	if ((x = json_object_get(g, "image")) && (s = image_url(x))) {
		json_t *id = gid_number(json_string_value(json_object_get(x, "id")));
		json_t *img = product_image(p, id, s);
		if (json_is_integer(json_object_get(img, "id")))
			json_object_set(v, "image_id", json_object_get(img, "id"));
		else
			json_object_set_new(v, "image", json_pack("{s:s}", "src", s));
		json_array_append(json_object_get(img, "variant_ids"), json_object_get(v, "id"));
		json_decref(id);
	}
	copy_rest_keys(v, g);
	json_array_append_new(json_object_get(p, "variants"), v);
	return v;
}

static long level_available(json_t *g)
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

enum kind { K_OTHER, K_PRODUCT, K_VARIANT, K_IMAGE, K_LEVEL };

static enum kind kind_of(json_t *g)
{
	char type[32];
	const char *tn = json_string_value(json_object_get(g, "__typename"));

	gid_type(json_string_value(json_object_get(g, "id")), type);
	if (!type[0] && tn)
		snprintf(type, sizeof(type), "%s", tn);
	if (!strcmp(type, "Product"))
		return K_PRODUCT;
	if (!strcmp(type, "ProductVariant"))
		return K_VARIANT;
	if (!strcmp(type, "ProductImage") || !strcmp(type, "MediaImage") || !strcmp(type, "Image"))
		return K_IMAGE;
	if (!strcmp(type, "InventoryLevel"))
		return K_LEVEL;
	if (type[0])
		return K_OTHER;
	if (json_object_get(g, "sku") || json_object_get(g, "price"))
		return K_VARIANT;
	if (image_url(g))
		return K_IMAGE;
	if (json_object_get(g, "quantities") || json_object_get(g, "available"))
		return K_LEVEL;
	return K_OTHER;
}

static int variant_position_cmp(const void *a, const void *b)
{
	json_t *const *x = a, *const *y = b;
	json_int_t px = json_integer_value(json_object_get(*x, "position"));
	json_int_t py = json_integer_value(json_object_get(*y, "position"));
	return px < py ? -1 : px > py;
}

static void sort_variants(json_t *p)
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

/* Build and emit the product of root line r. */
static int emit_product(struct bulk *b, size_t r, record_fn fn, void *arg)
{
	json_t *g, *p, *variants_by_gid = json_object();
	long c;
	ssize_t n;
	int rc = 0;

	if (fseeko(b->fp, b->v[r].off, SEEK_SET) || (n = read_line(b)) < 0)
		return bulk_error(b, b->v[r].lineno, "cannot read the line again");
	if (!(g = parse_line(b, n, b->v[r].lineno, &rc)))
		return rc;
	if (kind_of(g) != K_PRODUCT) {
		json_decref(g);
		json_decref(variants_by_gid);
		return 0; /* a root that is not a product (another connection of the query) */
	}
	p = convert_product(g);
	json_decref(g);
	/* variants and images first (file order), then what hangs below variants */
	for (int pass = 0; pass < 2 && !rc; pass++) {
		for (c = b->v[r].first_child; c >= 0 && !rc; c = b->v[c].next_child) {
			int direct = b->v[c].parent == (long)r;
			enum kind k;
			if (direct != (pass == 0))
				continue;
			if (fseeko(b->fp, b->v[c].off, SEEK_SET) || (n = read_line(b)) < 0) {
				rc = bulk_error(b, b->v[c].lineno, "cannot read the line again");
				break;
			}
			if (!(g = parse_line(b, n, b->v[c].lineno, &rc)))
				break;
			k = kind_of(g);
			if (direct && k == K_VARIANT) {
				json_t *v = convert_variant(p, g);
				const char *gid = json_string_value(json_object_get(g, "id"));
				if (gid)
					json_object_set(variants_by_gid, gid, v);
			} else if (direct && k == K_IMAGE) {
				convert_image(p, g);
			} else if (!direct && k == K_LEVEL) {
				json_t *v = json_object_get(variants_by_gid, json_string_value(json_object_get(g, "__parentId")));
				if (v) {
					json_t *sum = json_object_get(v, "_levels_sum");
					json_object_set_new(v, "_levels_sum",
							    json_integer((sum ? json_integer_value(sum) : 0) + level_available(g)));
				}
			}
			json_decref(g);
		}
	}
	if (!rc) {
		const char *k;
		json_t *v;
		json_object_foreach(variants_by_gid, k, v) {
			json_t *sum = json_object_get(v, "_levels_sum");
			if (sum && !json_object_get(v, "inventory_quantity"))
				json_object_set(v, "inventory_quantity", sum);
			json_object_del(v, "_levels_sum");
		}
		sort_variants(p);
		rc = fn(arg, p, b->source, b->v[r].lineno);
	}
	json_decref(p);
	json_decref(variants_by_gid);
	return rc;
}

int shopify_bulk_sniff(FILE *fp)
{
	char buf[512];
	size_t n;
	int yes = 0;

	n = fread(buf, 1, sizeof(buf) - 1, fp);
	if (ferror(fp)) { /* rewind would clear the error: say so instead */
		rewind(fp);
		return -1;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (strstr(buf, "\"gid://shopify/") && (strstr(buf, "\"id\"") || strstr(buf, "\"__parentId\"")))
		yes = 1;
	rewind(fp);
	return yes;
}

int shopify_bulk_stream(FILE *fp, const char *source, record_fn fn, void *arg)
{
	struct bulk b;
	long lineno = 0;
	size_t i;
	int rc = 0;

	memset(&b, 0, sizeof(b));
	b.fp = fp;
	b.source = source;
	rewind(fp);
	/* pass 1: index every line by id and parent */
	for (;;) {
		off_t off = ftello(fp);
		ssize_t n = read_line(&b);
		json_t *j, *id, *parent;
		struct bline *l;

		if (n < 0)
			break;
		lineno++;
		if (blank(b.line))
			continue;
		if (!(j = parse_line(&b, n, lineno, &rc)))
			goto out;
		ALLOC_GROW(b.v, b.n + 1, b.alloc);
		l = &b.v[b.n];
		memset(l, 0, sizeof(*l));
		l->off = off;
		l->lineno = lineno;
		l->parent = -1;
		l->first_child = l->last_child = l->next_child = -1;
		id = json_object_get(j, "id");
		parent = json_object_get(j, "__parentId");
		if (json_is_string(id)) {
			int created;
			struct strmap_entry *e = strmap_put(&b.ids, json_string_value(id), json_string_length(id), &created);
			if (!created && e->value != -1) {
				json_decref(j);
				rc = bulk_error(&b, lineno, "the same id appears on two lines");
				goto out;
			}
			e->value = (long)b.n;
		}
		if (json_is_string(parent)) {
			int created;
			struct strmap_entry *e = strmap_put(&b.ids, json_string_value(parent), json_string_length(parent), &created);
			if (created)
				e->value = -1;
			l->parent_key = strmap_key(&b.ids, e);
		}
		b.n++;
		json_decref(j);
	}
	if (ferror(fp)) {
		rc = msg_fail(EXIT_INPUT, "cannot read %s: %s", msg_quote(source), strerror(errno));
		goto out;
	}
	/* pass 2: link children to their parents and roots */
	for (i = 0; i < b.n; i++) {
		struct strmap_entry *e;
		if (!b.v[i].parent_key)
			continue;
		e = strmap_find(&b.ids, b.v[i].parent_key, strlen(b.v[i].parent_key));
		if (!e || e->value < 0) {
			char what[300];
			snprintf(what, sizeof(what), "__parentId %s names no object in the file (incomplete export?)",
				 msg_quote(b.v[i].parent_key));
			rc = bulk_error(&b, b.v[i].lineno, what);
			goto out;
		}
		b.v[i].parent = e->value;
	}
	for (i = 0; i < b.n; i++) {
		long r = (long)i;
		int depth = 0;
		if (b.v[i].parent < 0)
			continue;
		while (b.v[r].parent >= 0 && depth++ < 8)
			r = b.v[r].parent;
		if (b.v[r].parent >= 0) {
			rc = bulk_error(&b, b.v[i].lineno, "__parentId links form a cycle");
			goto out;
		}
		if (b.v[r].last_child >= 0)
			b.v[b.v[r].last_child].next_child = (long)i;
		else
			b.v[r].first_child = (long)i;
		b.v[r].last_child = (long)i;
	}
	/* pass 3: one product at a time */
	for (i = 0; i < b.n && !rc; i++)
		if (b.v[i].parent < 0)
			rc = emit_product(&b, i, fn, arg);
out:
	free(b.v);
	free(b.line);
	strmap_release(&b.ids);
	return rc;
}
