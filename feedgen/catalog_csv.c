/* catalog_csv.c: CSV product exports as catalogs (see catalog_csv.h): detection, the column
 * helpers, and Shopify's export (rows grouped by Handle into a REST-shaped product).
 * Owns: the reader, the header copy and the product being assembled. */
#include "catalog_csv.h"
#include "alloc.h"
#include "msg.h"
#include "strbuf.h"
#include "text.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int catalog_is_csv(FILE *fp)
{
	int c = getc(fp);

	if (c == 0xEF) { /* a UTF-8 BOM */
		int b = getc(fp), d = b == 0xBB ? getc(fp) : EOF;
		if (b != 0xBB || d != 0xBF) {
			if (d != EOF)
				ungetc(d, fp);
			return 0; /* not a BOM: the JSON reader reports what it is */
		}
		c = getc(fp);
	}
	while (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		c = getc(fp);
	if (c == EOF)
		return 0; /* empty: the JSON reader says so */
	ungetc(c, fp);
	/* a header row starts with a column name; anything else (JSON, '<', a UTF-16 NUL) is left to
	 * the JSON reader and its messages */
	return (c < 0x80 && isalpha(c)) || c == '"';
}

static int has(char **fields, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcasecmp(fields[i], name))
			return 1;
	return 0;
}

enum csv_catalog_kind csv_catalog_kind_of_header(char **fields, size_t n)
{
	if (has(fields, n, "Handle") && (has(fields, n, "Variant SKU") || has(fields, n, "Variant Price")))
		return CSV_CATALOG_SHOPIFY;
	if (has(fields, n, "Type") && has(fields, n, "SKU") && has(fields, n, "Regular price"))
		return CSV_CATALOG_WOOCOMMERCE;
	return CSV_CATALOG_NONE;
}

const char *csv_catalog_kind_name(enum csv_catalog_kind k)
{
	return k == CSV_CATALOG_SHOPIFY ? "shopify-csv" : k == CSV_CATALOG_WOOCOMMERCE ? "woocommerce-csv" : "csv";
}

int catalog_type_parse(const char *name, enum dialect *dialect, enum csv_catalog_kind *csv)
{
	int d;

	*csv = CSV_CATALOG_NONE;
	if (!strcmp(name, "feed"))
		return 0; /* an existing feed (catalog_feed.h): the dialect is not used */
	if (!strcmp(name, "shopify-csv") || !strcmp(name, "woocommerce-csv")) {
		*csv = name[0] == 's' ? CSV_CATALOG_SHOPIFY : CSV_CATALOG_WOOCOMMERCE;
		*dialect = name[0] == 's' ? DIALECT_SHOPIFY : DIALECT_WOOCOMMERCE;
		return 0;
	}
	if ((d = dialect_from_name(name)) < 0)
		return -1;
	*dialect = (enum dialect)d;
	if (d != DIALECT_TIKTOKSHOP) /* the same shop's CSV export, should the file be one */
		*csv = d == DIALECT_SHOPIFY ? CSV_CATALOG_SHOPIFY : CSV_CATALOG_WOOCOMMERCE;
	return 0;
}

void csv_columns_init(struct csv_columns *c, char **fields, size_t n)
{
	c->names = xcalloc(n + 1, sizeof(*c->names));
	c->n = n;
	for (size_t i = 0; i < n; i++)
		c->names[i] = xstrdup(fields[i]);
}

void csv_columns_release(struct csv_columns *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
	c->names = NULL;
	c->n = 0;
}

int csv_column(const struct csv_columns *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcasecmp(c->names[i], name))
			return (int)i;
	return -1;
}

const char *csv_cell(const struct csv_reader *r, int col)
{
	return col >= 0 && (size_t)col < r->nfields ? r->fields[col] : "";
}

json_t *csv_string(const char *value)
{
	size_t n = strlen(value);
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	if (utf8_is_valid(value, n))
		return json_stringn(value, n);
	for (size_t i = 0; i < n;) { /* a Windows-1252 export: invalid bytes become U+FFFD */
		size_t k = utf8_sequence_length((const unsigned char *)value + i, n - i);
		if (k) {
			strbuf_add(&sb, value + i, k);
			i += k;
		} else {
			utf8_encode(&sb, 0xFFFD);
			i++;
		}
	}
	j = json_stringn(sb.buf, sb.len);
	strbuf_release(&sb);
	return j;
}

int csv_row_is_utf8(const struct csv_reader *r)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (!utf8_is_valid(r->fields[i], r->lengths[i]))
			return 0;
	return 1;
}

void csv_warn_not_utf8(const char *source, long first_line, unsigned long rows)
{
	if (rows)
		msg_warning("catalog %s: %lu row%s (the first on line %ld) %s not UTF-8; the bytes that are not were replaced "
			    "by U+FFFD (save the export as UTF-8)", msg_quote(source), rows, rows == 1 ? "" : "s", first_line,
			    rows == 1 ? "is" : "are");
}

void csv_set_text(json_t *obj, const char *key, const char *value)
{
	if (value && *value)
		json_object_set_new(obj, key, csv_string(value));
}

int csv_set_integer(json_t *obj, const char *key, const char *value)
{
	char *end;
	long long v;

	if (!value || !*value)
		return 0;
	errno = 0;
	v = strtoll(value, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || *end || end == value)
		return 0;
	json_object_set_new(obj, key, json_integer((json_int_t)v));
	return 1;
}

/* ---- Shopify's product export ---- */

enum shopify_col {
	S_HANDLE, S_TITLE, S_BODY, S_VENDOR, S_TYPE, S_TAGS, S_PUBLISHED, S_STATUS,
	S_OPT1_NAME, S_OPT1_VALUE, S_OPT2_NAME, S_OPT2_VALUE, S_OPT3_NAME, S_OPT3_VALUE,
	S_SKU, S_GRAMS, S_TRACKER, S_QTY, S_POLICY, S_PRICE, S_COMPARE, S_BARCODE,
	S_IMAGE_SRC, S_IMAGE_POS, S_IMAGE_ALT, S_VARIANT_IMAGE, S_WEIGHT_UNIT, S_COST, S_NCOLS
};
static const char *const shopify_names[S_NCOLS] = {
	"Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Published", "Status",
	"Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value",
	"Variant SKU", "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty", "Variant Inventory Policy",
	"Variant Price", "Variant Compare At Price", "Variant Barcode", "Image Src", "Image Position", "Image Alt Text",
	"Variant Image", "Variant Weight Unit", "Cost per item"
};

struct shopify_csv {
	int col[S_NCOLS];
	json_t *product;   /* being assembled, or NULL */
	char *handle;
	long line;         /* of its first row */
	json_int_t next_image_id;
};

static int is_false(const char *s)
{
	return !strcasecmp(s, "false") || !strcmp(s, "0") || !strcasecmp(s, "no");
}

/* A weight in grams in the variant's display unit, as the REST API gives it. */
static void set_weight(json_t *variant, const char *grams, const char *unit)
{
	static const struct { const char *unit; double grams; } units[] = {
		{ "g", 1 }, { "kg", 1000 }, { "lb", 453.59237 }, { "oz", 28.349523125 }
	};
	char *end;
	double g = strtod(grams, &end), v;
	char buf[48];

	if (!*grams || *end || g <= 0)
		return;
	if (!*unit)
		unit = "g";
	for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++)
		if (!strcasecmp(unit, units[i].unit)) {
			v = g / units[i].grams;
			snprintf(buf, sizeof(buf), "%.2f", v); /* the unit's own precision, as the admin shows it */
			json_object_set_new(variant, "weight", json_real(strtod(buf, NULL)));
			json_object_set_new(variant, "weight_unit", json_string(units[i].unit));
			return;
		}
}

/* The image with this src in the product's images, adding it when new; returns its id. */
static json_int_t image_id(struct shopify_csv *s, const char *src, const char *position, const char *alt)
{
	json_t *images = json_object_get(s->product, "images"), *img;
	size_t i;

	json_array_foreach(images, i, img)
		if (json_string_value(json_object_get(img, "src")) && !strcmp(json_string_value(json_object_get(img, "src")), src))
			return json_integer_value(json_object_get(img, "id"));
	img = json_pack("{s:I,s:o}", "id", s->next_image_id, "src", csv_string(src));
	if (!csv_set_integer(img, "position", position))
		json_object_set_new(img, "position", json_integer((json_int_t)json_array_size(images) + 1));
	csv_set_text(img, "alt", alt);
	json_array_append_new(images, img);
	return s->next_image_id++;
}

static int by_position(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "position"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "position"));
	return x < y ? -1 : x > y;
}

/* Images in their positions' order (rows may list them in any order). */
static void sort_images(json_t *product)
{
	json_t *images = json_object_get(product, "images"), *sorted = json_array();
	size_t n = json_array_size(images);
	json_t **v = xcalloc(n + 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(images, i);
	qsort(v, n, sizeof(*v), by_position);
	for (size_t i = 0; i < n; i++)
		json_array_append(sorted, v[i]);
	free(v);
	json_object_set_new(product, "images", sorted);
}

static void start_product(struct shopify_csv *s, const struct csv_reader *r)
{
	const char *status = csv_cell(r, s->col[S_STATUS]), *published = csv_cell(r, s->col[S_PUBLISHED]);
	json_t *options = json_array();
	struct strbuf lower = STRBUF_INIT;

	s->product = json_pack("{s:o,s:o,s:o}", "handle", csv_string(csv_cell(r, s->col[S_HANDLE])), "variants",
			       json_array(), "images", json_array());
	s->handle = xstrdup(csv_cell(r, s->col[S_HANDLE]));
	s->line = r->line;
	s->next_image_id = 1;
	csv_set_text(s->product, "title", csv_cell(r, s->col[S_TITLE]));
	csv_set_text(s->product, "body_html", csv_cell(r, s->col[S_BODY]));
	csv_set_text(s->product, "vendor", csv_cell(r, s->col[S_VENDOR]));
	csv_set_text(s->product, "product_type", csv_cell(r, s->col[S_TYPE]));
	csv_set_text(s->product, "tags", csv_cell(r, s->col[S_TAGS]));
	csv_set_text(s->product, "cost", csv_cell(r, s->col[S_COST]));
	for (const char *c = status; *c; c++)
		strbuf_addch(&lower, tolower((unsigned char)*c));
	/* Status (active, draft, archived); an export without it has Published only */
	if (*published && is_false(published))
		json_object_set_new(s->product, "status", json_string("unpublished"));
	else
		json_object_set_new(s->product, "status", csv_string(lower.len ? lower.buf : "active"));
	strbuf_release(&lower);
	for (int k = 0; k < 3; k++) {
		const char *name = csv_cell(r, s->col[S_OPT1_NAME + 2 * k]);
		if (*name)
			json_array_append_new(options, json_pack("{s:o}", "name", csv_string(name)));
	}
	json_object_set_new(s->product, "options", options);
}

static void add_variant(struct shopify_csv *s, const struct csv_reader *r)
{
	json_t *v = json_object();
	struct strbuf title = STRBUF_INIT;
	const char *tracker = csv_cell(r, s->col[S_TRACKER]), *vimg = csv_cell(r, s->col[S_VARIANT_IMAGE]);

	csv_set_text(v, "sku", csv_cell(r, s->col[S_SKU]));
	csv_set_text(v, "price", csv_cell(r, s->col[S_PRICE]));
	csv_set_text(v, "compare_at_price", csv_cell(r, s->col[S_COMPARE]));
	csv_set_text(v, "barcode", csv_cell(r, s->col[S_BARCODE]));
	csv_set_text(v, "inventory_policy", csv_cell(r, s->col[S_POLICY]));
	for (int k = 0; k < 3; k++) {
		const char *value = csv_cell(r, s->col[S_OPT1_VALUE + 2 * k]);
		char key[16];
		if (!*value)
			continue;
		snprintf(key, sizeof(key), "option%d", k + 1);
		json_object_set_new(v, key, csv_string(value));
		if (title.len)
			strbuf_addstr(&title, " / ");
		strbuf_addstr(&title, value);
	}
	csv_set_text(v, "title", title.buf);
	/* the tracker column names who counts the stock; empty: not tracked */
	if (s->col[S_QTY] >= 0 || s->col[S_TRACKER] >= 0) {
		json_object_set_new(v, "inventory_management", *tracker ? csv_string(tracker) : json_null());
		if (!csv_set_integer(v, "inventory_quantity", csv_cell(r, s->col[S_QTY])))
			json_object_set_new(v, "inventory_quantity", json_integer(0));
	}
	set_weight(v, csv_cell(r, s->col[S_GRAMS]), csv_cell(r, s->col[S_WEIGHT_UNIT]));
	if (*vimg)
		json_object_set_new(v, "image_id", json_integer(image_id(s, vimg, "", "")));
	json_array_append_new(json_object_get(s->product, "variants"), v);
	strbuf_release(&title);
}

static int finish_product(struct shopify_csv *s, const char *source, record_fn fn, void *arg)
{
	int rc = 0;

	if (!s->product)
		return 0;
	sort_images(s->product);
	rc = fn(arg, s->product, source, s->line);
	json_decref(s->product);
	free(s->handle);
	s->product = NULL;
	s->handle = NULL;
	return rc;
}

/* A row that belongs to a variant (not an image row). */
static int is_variant_row(const struct shopify_csv *s, const struct csv_reader *r)
{
	return *csv_cell(r, s->col[S_SKU]) || *csv_cell(r, s->col[S_PRICE]) || *csv_cell(r, s->col[S_OPT1_VALUE]);
}

static int shopify_rows(struct csv_reader *r, const struct csv_columns *cols, const char *source, record_fn fn,
			void *arg)
{
	struct shopify_csv s = { 0 };
	unsigned long not_utf8 = 0;
	long first_bad = 0;
	int st, rc = 0;

	for (int i = 0; i < S_NCOLS; i++)
		s.col[i] = csv_column(cols, shopify_names[i]);
	while (!rc && (st = csv_read(r)) > 0) {
		const char *handle = csv_cell(r, s.col[S_HANDLE]), *img = csv_cell(r, s.col[S_IMAGE_SRC]);
		if (r->nfields == 1 && !*r->fields[0])
			continue; /* a blank line */
		if (!csv_row_is_utf8(r) && !not_utf8++)
			first_bad = r->line;
		if (!*handle) {
			rc = msg_fail(EXIT_INPUT, "catalog %s line %ld: a row without a Handle (Shopify's export starts every "
				      "row of a product with its handle)", msg_quote(source), r->line);
			break;
		}
		if (!s.product || strcmp(handle, s.handle)) {
			if ((rc = finish_product(&s, source, fn, arg)))
				break;
			start_product(&s, r);
		}
		if (is_variant_row(&s, r))
			add_variant(&s, r);
		if (*img)
			image_id(&s, img, csv_cell(r, s.col[S_IMAGE_POS]), csv_cell(r, s.col[S_IMAGE_ALT]));
	}
	if (!rc && st < 0)
		rc = msg_fail(EXIT_INPUT, "catalog %s line %ld: %s", msg_quote(source), r->next_line, r->error);
	if (!rc)
		rc = finish_product(&s, source, fn, arg);
	csv_warn_not_utf8(source, first_bad, not_utf8);
	json_decref(s.product);
	free(s.handle);
	return rc;
}

int catalog_csv_stream(FILE *fp, const char *source, enum csv_catalog_kind want, const char *shop_url,
		       enum dialect *dialect, record_fn fn, void *arg)
{
	struct csv_reader r;
	struct csv_columns cols = { NULL, 0 };
	enum csv_catalog_kind kind;
	int st, rc;

	csv_reader_init(&r, fp, ',');
	st = csv_read(&r);
	if (st <= 0) {
		rc = msg_fail(EXIT_INPUT, "catalog %s line %ld: %s", msg_quote(source), r.next_line,
			      st < 0 ? r.error : "no header row (expected a Shopify or WooCommerce product export)");
		csv_reader_release(&r);
		return rc;
	}
	kind = csv_catalog_kind_of_header(r.fields, r.nfields);
	if (kind == CSV_CATALOG_NONE || (want != CSV_CATALOG_NONE && want != kind)) {
		if (kind == CSV_CATALOG_NONE)
			rc = msg_fail(EXIT_INPUT, "catalog %s line 1: a CSV file, but not a product export feedgen knows (expected "
				      "Shopify's columns Handle, Variant SKU, Variant Price ..., or WooCommerce's ID, Type, SKU, "
				      "Regular price ...; another CSV needs a mapping, docs/mapping.md)", msg_quote(source));
		else
			rc = msg_fail(EXIT_USAGE, "catalog %s line 1: the header is a %s export, not %s: use --catalog-type %s",
				      msg_quote(source), csv_catalog_kind_name(kind), csv_catalog_kind_name(want),
				      csv_catalog_kind_name(kind));
		csv_reader_release(&r);
		return rc;
	}
	csv_columns_init(&cols, r.fields, r.nfields);
	*dialect = kind == CSV_CATALOG_SHOPIFY ? DIALECT_SHOPIFY : DIALECT_WOOCOMMERCE;
	if (kind == CSV_CATALOG_SHOPIFY)
		rc = shopify_rows(&r, &cols, source, fn, arg);
	else
		rc = catalog_csv_woocommerce(&r, &cols, source, shop_url, fn, arg);
	csv_columns_release(&cols);
	csv_reader_release(&r);
	return rc;
}
