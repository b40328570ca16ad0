/* mapping_read.c: reading a catalog with a mapping (see mapping.h): JSON records streamed by
 * catalog.c (records path, JSON Lines) or CSV rows by csv.c, each record (or each variant) made
 * into an item with the normaliser's helpers, so no normalising rule is copied here.
 * Owns: the reader state of one catalog (the current record, the CSV reader and columns). */
#include "mapping.h"
#include "alloc.h"
#include "catalog.h"
#include "catalog_csv.h"
#include "money.h"
#include "msg.h"
#include "urlenc.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct mapped_reader {
	const struct mapping *m;
	struct normalizer *n;
	unsigned long index;           /* the record's number in its catalog, from 1 */
	json_t *record;                /* JSON: the record (borrowed) and its current variant */
	size_t current;
	const struct csv_reader *csv;  /* CSV: the row, and each slot's column (-1: absent) */
	int col[MAPPING_SLOTS];
	char buf[MAPPING_SLOTS][48];   /* numbers as text, per slot */
};

/* A slot's value for the current record: its source when that is set and not empty, else its
 * default; NULL when neither. JSON numbers are given as their text ("19.9"). */
static const char *value(struct mapped_reader *r, int slot)
{
	const struct mapping_source *s = &r->m->src[slot];
	const char *v = NULL;

	if (s->text && r->csv)
		v = csv_cell(r->csv, r->col[slot]);
	else if (s->text)
		v = json_value_number_text(jsonpath_get(&s->path, r->record, r->current), r->buf[slot]);
	if ((!v || !*v) && s->def)
		v = s->def;
	return v && *v ? v : NULL;
}

/* A link or image: a path ("/p/tee") is made absolute with the shop URL when there is one. */
static void absolute(struct normalizer *n, struct strbuf *out, const char *v)
{
	strbuf_reset(out);
	if (v[0] == '/' && v[1] != '/' && n->opt->shop_url)
		strbuf_addstr(out, n->opt->shop_url);
	strbuf_addstr(out, v);
}

struct multi {
	struct mapped_reader *r;
	enum item_field f;
	struct strbuf url;
};

static void add_one(struct multi *mv, const char *v)
{
	if (!v || !*v)
		return;
	if (mv->f == ITEM_ADDITIONAL_IMAGE_LINK) {
		absolute(mv->r->n, &mv->url, v);
		normalize_image(&mv->r->n->item, mv->f, mv->url.buf);
	} else {
		item_add_value(&mv->r->n->item, mv->f, v);
	}
}

/* A value of a multi-valued field: an array gives each of its elements. */
static int add_json(void *arg, json_t *v)
{
	struct multi *mv = arg;
	char buf[48];
	size_t i;
	json_t *e;

	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			add_one(mv, json_value_number_text(e, buf));
	} else {
		add_one(mv, json_value_number_text(v, buf));
	}
	return 0;
}

/* Several values in a cell (CSV) or a default: separated by commas. */
static void add_split(struct multi *mv, const char *s)
{
	struct strbuf one = STRBUF_INIT;

	while (s && *s) {
		size_t k = strcspn(s, ",");
		strbuf_reset(&one);
		strbuf_add(&one, s, k);
		strbuf_trim(&one);
		add_one(mv, one.buf);
		s += k + (s[k] == ',');
	}
	strbuf_release(&one);
}

static void multi_field(struct mapped_reader *r, enum item_field f)
{
	const struct mapping_source *s = &r->m->src[f];
	struct multi mv = { r, f, STRBUF_INIT };
	size_t got = 0;

	if (s->text && r->csv)
		add_split(&mv, csv_cell(r->csv, r->col[f]));
	else if (s->text)
		got = jsonpath_each(&s->path, r->record, r->current, add_json, &mv);
	if (!item_value_count(&r->n->item, f) && !got && s->def)
		add_split(&mv, s->def);
	strbuf_release(&mv.url);
}

/* The currency of the item's prices: mapped, defaulted, else the catalog's (normalize_begin). */
static void item_currency(struct mapped_reader *r, struct normalize_options *o)
{
	struct item *it = &r->n->item;
	const char *cur = value(r, MAPPING_CURRENCY);
	int d;

	if (!cur)
		return;
	if ((d = currency_decimals(cur)) < 0) {
		item_finding(it, SEV_WARNING, "currency", "price", "currency %s is not an ISO 4217 code; %s used", msg_quote(cur),
			     it->currency);
		return;
	}
	o->currency = cur;
	o->currency_decimals = d;
	snprintf(it->currency, sizeof(it->currency), "%s", cur);
	it->currency_decimals = d;
}

/* A feed-style price "12.00 EUR" (a feed or a marketplace export as the catalog; money_split_price's
 * forms, so "12.00EUR" too): when the number is followed by a current ISO 4217 code, its amount
 * (into buf), and its currency for the item when the record maps none. Other text is as it is. */
static const char *price_amount(struct mapped_reader *r, const char *v, struct normalize_options *o, char buf[48])
{
	struct item *it = &r->n->item;
	struct strbuf amount = STRBUF_INIT;
	const char *why;
	char cur[4];
	money_t m;
	int dec;

	if (!v)
		return v;
	money_split_price(v, &amount, cur);
	if (!cur[0] || (dec = currency_decimals(cur)) < 0 || amount.len >= 48 || money_parse(amount.buf, &m, &why)) {
		strbuf_release(&amount);
		return v;
	}
	memcpy(buf, amount.buf, amount.len + 1);
	strbuf_release(&amount);
	if (!value(r, MAPPING_CURRENCY)) {
		snprintf(it->currency, sizeof(it->currency), "%s", cur);
		it->currency_decimals = dec;
		o->currency = it->currency;
		o->currency_decimals = it->currency_decimals;
	}
	return buf;
}

/* Stock: a mapped quantity (a whole number, as text or a JSON number) or the inventory's by id
 * makes the item tracked; a mapped availability has the last word. */
static void item_stock(struct mapped_reader *r)
{
	struct item *it = &r->n->item;
	const char *v = value(r, ITEM_QUANTITY);
	long q = 0, joined = LONG_MIN;
	int tracked = 0;

	if (v) {
		char *end;
		errno = 0;
		q = strtol(v, &end, 10);
		while (*end == ' ' || *end == '\t')
			end++;
		if (!errno && end != v && !*end)
			tracked = 1;
		else
			item_finding(it, SEV_WARNING, "stock", "quantity", "quantity %s is not a whole number; stock not tracked",
				     msg_quote(v));
	}
	normalize_join_inventory(r->n, item_get(it, ITEM_ID), &joined);
	if (joined != LONG_MIN) {
		q = joined;
		tracked = 1;
	}
	normalize_stock(it, tracked ? STOCK_TRACKED : STOCK_UNTRACKED, tracked ? q : 0, 0);
	if ((v = value(r, ITEM_AVAILABILITY)))
		normalize_text(it, ITEM_AVAILABILITY, v, 1);
}

/* Fields filled by their own helper; every other field is single-line text. */
static int special(int f)
{
	return f == ITEM_ID || f == ITEM_DESCRIPTION || f == ITEM_PRICE || f == ITEM_SALE_PRICE || f == ITEM_GTIN ||
	       f == ITEM_QUANTITY || f == ITEM_AVAILABILITY || f == ITEM_LINK || f == ITEM_IMAGE_LINK ||
	       f == ITEM_ADDITIONAL_IMAGE_LINK || f == ITEM_PROMOTION_ID;
}

static void skip_no_id(struct mapped_reader *r, const char *source, long line, size_t variant)
{
	struct strbuf which = STRBUF_INIT;
	struct finding *f;

	if (variant != (size_t)-1)
		strbuf_addf(&which, " variant %zu", variant + 1);
	f = findings_add(&r->n->findings, SEV_ERROR, "record", NULL, "id", "record %lu%s has no id (fields.id %s); skipped",
			 r->index, which.buf, msg_quote(r->m->src[ITEM_ID].text));
	f->source = xstrdup(source);
	f->line = line;
	strbuf_release(&which);
}

/* One item from the current record (and variant). *emitted is set when it went to the sink. */
static int build_item(struct mapped_reader *r, const char *source, long line, int has_variants, int *emitted)
{
	struct normalizer *n = r->n;
	struct item *it = &n->item;
	struct normalize_options o = *n->opt;
	struct strbuf sb = STRBUF_INIT;
	char price[48], sale_buf[48];
	const char *v, *sale;

	normalize_begin(n, source, line);
	normalize_text(it, ITEM_ID, value(r, ITEM_ID), 1);
	strbuf_trim(&it->field[ITEM_ID]);
	if (!it->field[ITEM_ID].len) {
		skip_no_id(r, source, line, has_variants ? r->current : (size_t)-1);
		return 0;
	}
	it->has_variants = has_variants > 1;
	item_currency(r, &o);
	for (int f = 0; f < ITEM_FIELD_COUNT; f++)
		if (!special(f))
			normalize_text(it, (enum item_field)f, value(r, f), 1);
	if (!it->field[ITEM_BRAND].len && n->opt->default_brand)
		normalize_text(it, ITEM_BRAND, n->opt->default_brand, 1);
	normalize_description(n, value(r, ITEM_DESCRIPTION));
	if ((v = value(r, ITEM_LINK))) {
		struct strbuf abs = STRBUF_INIT;
		absolute(n, &abs, v);
		url_normalize(&sb, abs.buf);
		item_set(it, ITEM_LINK, sb.buf);
		strbuf_release(&abs);
	}
	if ((v = value(r, ITEM_IMAGE_LINK))) {
		absolute(n, &sb, v);
		normalize_image(it, ITEM_IMAGE_LINK, sb.buf);
	}
	multi_field(r, ITEM_ADDITIONAL_IMAGE_LINK);
	multi_field(r, ITEM_PROMOTION_ID);
	normalize_gtin(it, value(r, ITEM_GTIN));
	/* price is the regular price; a record with only its selling price (no "was" price) is sold at it */
	v = price_amount(r, value(r, ITEM_PRICE), &o, price);
	sale = price_amount(r, value(r, ITEM_SALE_PRICE), &o, sale_buf);
	normalize_regular_sale(it, &o, v ? v : sale, v ? sale : NULL);
	item_stock(r);
	strbuf_release(&sb);
	*emitted = 1;
	return normalize_emit(n);
}

static const char *json_kind(json_t *v)
{
	return json_is_array(v) ? "an array" : json_is_string(v) ? "a string" : json_is_number(v) ? "a number"
	       : json_is_boolean(v) ? "a boolean" : "null";
}

static int on_json_record(void *arg, json_t *rec, const char *source, long line)
{
	struct mapped_reader *r = arg;
	struct normalizer *n = r->n;
	json_t *variants;
	size_t nv;
	int rc = 0, emitted = 0;

	r->index++;
	n->records++;
	if (!json_is_object(rec)) {
		struct finding *f = findings_add(&n->findings, SEV_ERROR, "record", NULL, NULL,
						 "record %lu is %s, not an object; skipped", r->index, json_kind(rec));
		f->source = xstrdup(source);
		f->line = line;
		n->skipped_records++;
		return 0;
	}
	normalize_strip_nul(n, rec, source, line);
	r->record = rec;
	variants = r->m->variants.n ? jsonpath_get(&r->m->variants, rec, 0) : NULL;
	nv = json_array_size(variants);
	if (!nv) { /* no variants: the record is the item ([] paths give nothing) */
		r->current = (size_t)-1;
		rc = build_item(r, source, line, 0, &emitted);
	}
	for (size_t i = 0; i < nv && !rc; i++) {
		r->current = i;
		rc = build_item(r, source, line, nv > 1 ? 2 : 1, &emitted);
	}
	if (!emitted)
		n->skipped_records++;
	return rc;
}

/* Every mapped column must be in the header: a misspelt column would empty a field silently. */
static int resolve_columns(struct mapped_reader *r, const struct csv_columns *cols, const char *source)
{
	for (int s = 0; s < MAPPING_SLOTS; s++) {
		struct strbuf names = STRBUF_INIT;
		int rc;
		r->col[s] = -1;
		if (!r->m->src[s].text || (r->col[s] = csv_column(cols, r->m->src[s].text)) >= 0)
			continue;
		for (size_t i = 0; i < cols->n && i < 40; i++)
			strbuf_addf(&names, "%s%s", i ? ", " : "", cols->names[i]);
		rc = msg_fail(EXIT_USAGE, "catalog %s line 1: the mapping's fields.%s names column %s, which the header does not "
			      "have (columns: %s%s)", msg_quote(source), mapping_slot_name(s), msg_quote(r->m->src[s].text),
			      names.buf, cols->n > 40 ? ", ..." : "");
		strbuf_release(&names);
		return rc;
	}
	return 0;
}

static int read_csv(struct mapped_reader *r, FILE *fp, const char *source)
{
	struct csv_reader cr;
	struct csv_columns cols = { NULL, 0 };
	int got, rc = 0;

	csv_reader_init(&cr, fp, r->m->delimiter);
	if ((got = csv_read(&cr)) <= 0) {
		rc = got < 0 ? msg_fail(EXIT_INPUT, "catalog %s line %ld: %s", msg_quote(source), cr.next_line, cr.error)
			     : msg_fail(EXIT_INPUT, "catalog %s: empty (no header row)", msg_quote(source));
		csv_reader_release(&cr);
		return rc;
	}
	csv_columns_init(&cols, cr.fields, cr.nfields);
	rc = resolve_columns(r, &cols, source);
	r->csv = &cr;
	while (!rc && (got = csv_read(&cr)) > 0) {
		int emitted = 0;
		if (cr.nfields == 1 && !*cr.fields[0])
			continue; /* a blank line */
		r->index++;
		r->n->records++;
		rc = build_item(r, source, cr.line, 0, &emitted);
		if (!emitted)
			r->n->skipped_records++;
	}
	if (!rc && got < 0)
		rc = msg_fail(EXIT_INPUT, "catalog %s line %ld: %s", msg_quote(source), cr.next_line, cr.error);
	r->csv = NULL;
	csv_columns_release(&cols);
	csv_reader_release(&cr);
	return rc;
}

int mapping_read_catalog(const struct mapping *m, struct normalizer *n, FILE *fp, const char *source)
{
	struct mapped_reader *r = xcalloc(1, sizeof(*r));
	int rc, csv;

	r->m = m;
	r->n = n;
	csv = m->format == MAPPING_CSV || (m->format == MAPPING_DETECT && catalog_is_csv(fp));
	if (csv)
		rc = read_csv(r, fp, source);
	else
		rc = catalog_stream_records(fp, source, m->records, on_json_record, r, &n->findings);
	free(r);
	return rc;
}
