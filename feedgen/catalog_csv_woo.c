/* catalog_csv_woo.c: WooCommerce's product CSV export as a catalog (see catalog_csv.h). Pass
 * one indexes the variation rows by the parent they name (Parent: "id:44" or the parent's
 * SKU) with their byte offsets; pass two reads the file in order and hands every product to
 * the record function as a WooCommerce REST product, a variable one with its variations
 * embedded (read back from their offsets). Variations whose parent is not in the file are
 * counted and named in one warning.
 * Owns: the variation index (an open-addressing map and node arrays). */
#include "catalog_csv.h"
#include "alloc.h"
#include "msg.h"
#include "strbuf.h"
#include "strmap.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum woo_col {
	W_ID, W_TYPE, W_SKU, W_NAME, W_PUBLISHED, W_VISIBILITY, W_SHORT, W_DESCRIPTION, W_SALE_FROM, W_SALE_TO,
	W_IN_STOCK, W_STOCK, W_BACKORDERS, W_SALE, W_REGULAR, W_CATEGORIES, W_TAGS, W_IMAGES, W_PARENT,
	W_EXTERNAL_URL, W_BRANDS, W_GTIN, W_WEIGHT, W_NCOLS
};
static const char *const woo_names[W_NCOLS] = {
	"ID", "Type", "SKU", "Name", "Published", "Visibility in catalog", "Short description", "Description",
	"Date sale price starts", "Date sale price ends", "In stock?", "Stock", "Backorders allowed?", "Sale price",
	"Regular price", "Categories", "Tags", "Images", "Parent", "External URL", "Brands", "GTIN, UPC, EAN, or ISBN",
	"Weight (lbs)"
};
#define WOO_MAX_ATTRIBUTES 10

struct woo_index {
	struct strmap by_parent;   /* parent key -> first node; flags: last node */
	long long *offset;
	long *line, *next;
	unsigned char *used;
	size_t n, alloc;
};

struct woo_csv {
	int col[W_NCOLS];
	int attr_name[WOO_MAX_ATTRIBUTES], attr_value[WOO_MAX_ATTRIBUTES];
	const char *shop_url;
	struct woo_index ix;
};

static void index_add(struct woo_index *ix, const char *parent, long long offset, long line)
{
	int created;
	struct strmap_entry *e = strmap_put(&ix->by_parent, parent, strlen(parent), &created);

	if (ix->n + 1 > ix->alloc) {
		ix->alloc = ix->alloc ? ix->alloc * 2 : 64;
		ix->offset = xrealloc(ix->offset, ix->alloc * sizeof(*ix->offset));
		ix->line = xrealloc(ix->line, ix->alloc * sizeof(*ix->line));
		ix->next = xrealloc(ix->next, ix->alloc * sizeof(*ix->next));
		ix->used = xrealloc(ix->used, ix->alloc);
	}
	ix->offset[ix->n] = offset;
	ix->line[ix->n] = line;
	ix->next[ix->n] = -1;
	ix->used[ix->n] = 0;
	if (created)
		e->value = (long)ix->n;
	else
		ix->next[e->flags] = (long)ix->n;
	e->flags = (int)ix->n;
	ix->n++;
}

static void index_release(struct woo_index *ix)
{
	strmap_release(&ix->by_parent);
	free(ix->offset);
	free(ix->line);
	free(ix->next);
	free(ix->used);
}

static int is_variation(const struct woo_csv *w, const struct csv_reader *r)
{
	return !strncasecmp(csv_cell(r, w->col[W_TYPE]), "variation", 9);
}

/* "simple, downloadable, virtual" is a simple product */
static void set_type(json_t *obj, const char *type)
{
	size_t n = strcspn(type, ", ");
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, type, n);
	csv_set_text(obj, "type", sb.buf);
	strbuf_release(&sb);
}

/* A comma-separated cell ("a, b, c") as an array of objects {key: value}. */
static json_t *list(const char *cell, const char *key, int last_segment)
{
	json_t *a = json_array();
	const char *p = cell;

	while (*p) {
		size_t n = strcspn(p, ",");
		struct strbuf v = STRBUF_INIT;
		strbuf_add(&v, p, n);
		strbuf_trim(&v);
		if (v.len) {
			const char *s = v.buf;
			if (last_segment == 2 && strchr(v.buf, '|')) /* several category paths: the first */
				strbuf_setlen(&v, strcspn(v.buf, "|"));
			json_array_append_new(a, key ? json_pack("{s:o}", key, csv_string(s)) : csv_string(s));
		}
		strbuf_release(&v);
		p += n;
		if (*p == ',')
			p++;
	}
	return a;
}

static void stock_fields(json_t *obj, const struct woo_csv *w, const struct csv_reader *r)
{
	const char *in = csv_cell(r, w->col[W_IN_STOCK]), *stock = csv_cell(r, w->col[W_STOCK]);
	const char *back = csv_cell(r, w->col[W_BACKORDERS]);

	if (!strcmp(in, "0"))
		json_object_set_new(obj, "stock_status", json_string("outofstock"));
	else if (!strcasecmp(in, "backorder"))
		json_object_set_new(obj, "stock_status", json_string("onbackorder"));
	else if (*in)
		json_object_set_new(obj, "stock_status", json_string("instock"));
	if (!strcasecmp(stock, "parent"))
		json_object_set_new(obj, "manage_stock", json_string("parent"));
	else if (csv_set_integer(obj, "stock_quantity", stock))
		json_object_set_new(obj, "manage_stock", json_true());
	json_object_set_new(obj, "backorders",
			    json_string(!strcmp(back, "1") ? "yes" : !strcasecmp(back, "notify") ? "notify" : "no"));
}

/* The export writes sale dates as "2026-11-01" (the whole day, shop time); the REST API as
 * date-times: a date starts the sale at midnight and ends it at the end of the day. */
static void sale_date(json_t *obj, const char *key, const char *value, const char *time_of_day)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, value);
	if (sb.len == 10 && value[4] == '-' && value[7] == '-')
		strbuf_addstr(&sb, time_of_day);
	csv_set_text(obj, key, sb.buf);
	strbuf_release(&sb);
}

/* The fields a product row and a variation row share. */
static void common_fields(json_t *obj, const struct woo_csv *w, const struct csv_reader *r)
{
	const char *published = csv_cell(r, w->col[W_PUBLISHED]), *gtin = csv_cell(r, w->col[W_GTIN]);

	csv_set_integer(obj, "id", csv_cell(r, w->col[W_ID]));
	csv_set_text(obj, "sku", csv_cell(r, w->col[W_SKU]));
	csv_set_text(obj, "regular_price", csv_cell(r, w->col[W_REGULAR]));
	csv_set_text(obj, "sale_price", csv_cell(r, w->col[W_SALE]));
	sale_date(obj, "date_on_sale_from", csv_cell(r, w->col[W_SALE_FROM]), "T00:00:00");
	sale_date(obj, "date_on_sale_to", csv_cell(r, w->col[W_SALE_TO]), "T23:59:59");
	csv_set_text(obj, "global_unique_id", gtin);
	/* Published: 1 published, 0 draft, -1 private */
	json_object_set_new(obj, "status", json_string(!strcmp(published, "1") || !*published ? "publish"
						       : !strcmp(published, "-1") ? "private" : "draft"));
	stock_fields(obj, w, r);
}

static void permalink(json_t *obj, const struct woo_csv *w, const char *id)
{
	struct strbuf sb = STRBUF_INIT;

	if (!w->shop_url || !*id)
		return;
	strbuf_addf(&sb, "%s/?p=%s", w->shop_url, id); /* WordPress answers with the product's permalink */
	json_object_set_new(obj, "permalink", csv_string(sb.buf));
	strbuf_release(&sb);
}

static json_t *product_of_row(const struct woo_csv *w, const struct csv_reader *r)
{
	json_t *p = json_object(), *attrs = json_array(), *cats;
	const char *url = csv_cell(r, w->col[W_EXTERNAL_URL]), *images = csv_cell(r, w->col[W_IMAGES]);

	common_fields(p, w, r);
	set_type(p, csv_cell(r, w->col[W_TYPE]));
	csv_set_text(p, "name", csv_cell(r, w->col[W_NAME]));
	csv_set_text(p, "short_description", csv_cell(r, w->col[W_SHORT]));
	csv_set_text(p, "description", csv_cell(r, w->col[W_DESCRIPTION]));
	csv_set_text(p, "catalog_visibility", csv_cell(r, w->col[W_VISIBILITY]));
	/* "Clothing > Tshirts, Sale": the first category, as its whole path (a good product_type) */
	cats = list(csv_cell(r, w->col[W_CATEGORIES]), "name", 2);
	json_object_set_new(p, "categories", cats);
	json_object_set_new(p, "tags", list(csv_cell(r, w->col[W_TAGS]), "name", 0));
	json_object_set_new(p, "images", list(images, "src", 0));
	json_object_set_new(p, "brands", list(csv_cell(r, w->col[W_BRANDS]), "name", 0));
	for (int k = 0; k < WOO_MAX_ATTRIBUTES; k++) {
		const char *name = csv_cell(r, w->attr_name[k]);
		if (*name)
			json_array_append_new(attrs, json_pack("{s:o,s:o,s:b}", "name", csv_string(name), "options",
							       list(csv_cell(r, w->attr_value[k]), NULL, 0), "variation", 1));
	}
	json_object_set_new(p, "attributes", attrs);
	if (*url)
		json_object_set_new(p, "permalink", csv_string(url)); /* an external product's own page */
	else
		permalink(p, w, csv_cell(r, w->col[W_ID]));
	return p;
}

static json_t *variation_of_row(const struct woo_csv *w, const struct csv_reader *r, const char *parent_id)
{
	json_t *v = json_object(), *attrs = json_array();
	const char *images = csv_cell(r, w->col[W_IMAGES]), *desc = csv_cell(r, w->col[W_DESCRIPTION]);

	common_fields(v, w, r);
	csv_set_text(v, "description", desc);
	if (*images) {
		json_t *l = list(images, "src", 0);
		if (json_array_size(l))
			json_object_set(v, "image", json_array_get(l, 0));
		json_decref(l);
	}
	for (int k = 0; k < WOO_MAX_ATTRIBUTES; k++) {
		const char *name = csv_cell(r, w->attr_name[k]), *value = csv_cell(r, w->attr_value[k]);
		if (*name && *value)
			json_array_append_new(attrs, json_pack("{s:o,s:o}", "name", csv_string(name), "option", csv_string(value)));
	}
	json_object_set_new(v, "attributes", attrs);
	permalink(v, w, parent_id);
	return v;
}

/* Nodes are numbered in file order (pass one appends them as it reads). */
static int by_node(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

/* The variation nodes indexed under either key (id:N and the SKU), in file order. */
static size_t variation_nodes(struct woo_csv *w, const char *key1, const char *key2, long **out)
{
	const char *keys[2] = { key1, key2 };
	size_t n = 0, alloc = 0;
	long *v = NULL;

	for (int i = 0; i < 2; i++) {
		struct strmap_entry *e = keys[i] && *keys[i] ? strmap_find(&w->ix.by_parent, keys[i], strlen(keys[i])) : NULL;
		for (long k = e ? e->value : -1; k >= 0; k = w->ix.next[k])
			if (!w->ix.used[k]) {
				ALLOC_GROW(v, n + 1, alloc);
				v[n++] = k;
				w->ix.used[k] = 1;
			}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), by_node);
	*out = v;
	return n;
}

/* Read the product's variations back from their offsets into its "variations". */
static int attach(struct woo_csv *w, struct csv_reader *r, json_t *p, const char *id, const char *sku,
		  const char *source)
{
	struct strbuf key = STRBUF_INIT;
	json_t *vars = json_object_get(p, "variations");
	long *nodes;
	size_t n;
	int rc = 0;

	if (*id)
		strbuf_addf(&key, "id:%s", id);
	n = variation_nodes(w, key.buf, sku, &nodes);
	for (size_t i = 0; !rc && i < n; i++) {
		long k = nodes[i];
		if (csv_reader_seek(r, w->ix.offset[k], w->ix.line[k]) || csv_read(r) <= 0)
			rc = msg_fail(EXIT_INPUT, "catalog %s line %ld: cannot read the variation row again: %s", msg_quote(source),
				      w->ix.line[k], r->error[0] ? r->error : "read error");
		else
			json_array_append_new(vars, variation_of_row(w, r, id));
	}
	free(nodes);
	strbuf_release(&key);
	return rc;
}

static int emit_product(struct woo_csv *w, struct csv_reader *r, const char *source, record_fn fn, void *arg)
{
	long long back = csv_reader_tell(r);
	long back_line = r->next_line, line = r->line;
	json_t *p = product_of_row(w, r);
	struct strbuf id = STRBUF_INIT;
	const char *sku = json_string_value(json_object_get(p, "sku"));
	const char *type = json_string_value(json_object_get(p, "type"));
	int rc = 0;

	if (json_is_integer(json_object_get(p, "id")))
		strbuf_addf(&id, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(p, "id")));
	if (type && !strcmp(type, "variable")) {
		json_object_set_new(p, "variations", json_array());
		rc = attach(w, r, p, id.buf, sku, source);
		if (!rc && csv_reader_seek(r, back, back_line))
			rc = msg_fail(EXIT_INPUT, "catalog %s: cannot seek back: %s", msg_quote(source), strerror(errno));
	}
	if (!rc)
		rc = fn(arg, p, source, line);
	json_decref(p);
	strbuf_release(&id);
	return rc;
}

static void report_orphans(const struct woo_csv *w, const char *source)
{
	size_t orphans = 0;
	long first = 0;

	for (size_t k = 0; k < w->ix.n; k++)
		if (!w->ix.used[k] && !orphans++)
			first = w->ix.line[k];
	if (orphans)
		msg_warning("catalog %s: %zu variation row%s (the first on line %ld) name%s a parent that is not in the file; "
			    "skipped", msg_quote(source), orphans, orphans == 1 ? "" : "s", first, orphans == 1 ? "s" : "");
}

int catalog_csv_woocommerce(struct csv_reader *r, const struct csv_columns *cols, const char *source,
			    const char *shop_url, record_fn fn, void *arg)
{
	struct woo_csv w;
	unsigned long not_utf8 = 0;
	long first_bad = 0;
	long long data_start = csv_reader_tell(r);
	long data_line = r->next_line;
	int st, rc = 0;

	memset(&w, 0, sizeof(w));
	w.shop_url = shop_url;
	for (int i = 0; i < W_NCOLS; i++)
		w.col[i] = csv_column(cols, woo_names[i]);
	for (int k = 0; k < WOO_MAX_ATTRIBUTES; k++) {
		char name[40];
		snprintf(name, sizeof(name), "Attribute %d name", k + 1);
		w.attr_name[k] = csv_column(cols, name);
		snprintf(name, sizeof(name), "Attribute %d value(s)", k + 1);
		w.attr_value[k] = csv_column(cols, name);
	}
	if (!shop_url)
		return msg_fail(EXIT_USAGE, "catalog %s: WooCommerce's CSV export carries no product URLs: give the public shop "
				"URL with --shop-url (links become SHOP/?p=ID)", msg_quote(source));
	if (data_start < 0)
		return msg_fail(EXIT_INPUT, "catalog %s: a WooCommerce CSV is read twice and must be a file", msg_quote(source));
	/* pass one: where each variation row is */
	for (;;) {
		long long at = csv_reader_tell(r);
		if ((st = csv_read(r)) <= 0)
			break;
		if (is_variation(&w, r) && *csv_cell(r, w.col[W_PARENT]))
			index_add(&w.ix, csv_cell(r, w.col[W_PARENT]), at, r->line);
	}
	if (st < 0)
		rc = msg_fail(EXIT_INPUT, "catalog %s line %ld: %s", msg_quote(source), r->next_line, r->error);
	else if (csv_reader_seek(r, data_start, data_line))
		rc = msg_fail(EXIT_INPUT, "catalog %s: cannot read it again: %s", msg_quote(source), strerror(errno));
	/* pass two: every product in file order */
	while (!rc && (st = csv_read(r)) > 0) {
		if (!csv_row_is_utf8(r) && !not_utf8++)
			first_bad = r->line;
		if ((r->nfields == 1 && !*r->fields[0]) || is_variation(&w, r))
			continue;
		rc = emit_product(&w, r, source, fn, arg);
	}
	if (!rc && st < 0)
		rc = msg_fail(EXIT_INPUT, "catalog %s line %ld: %s", msg_quote(source), r->next_line, r->error);
	if (!rc) {
		report_orphans(&w, source);
		csv_warn_not_utf8(source, first_bad, not_utf8);
	}
	index_release(&w.ix);
	return rc;
}
