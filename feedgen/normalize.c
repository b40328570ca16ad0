/* normalize.c: the normalisation rules shared by every shop dialect: text hygiene, prices,
 * GTIN, availability, inventory join, images (see normalize.h).
 * Owns: the normalizer's scratch item and record-level findings. */
#include "normalize.h"
#include "alloc.h"
#include "gtin.h"
#include "htmltext.h"
#include "json_fast.h"
#include "msg.h"
#include "text.h"
#include "urlenc.h"
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

void normalizer_init(struct normalizer *n, const struct normalize_options *opt, struct inventory *inv,
		     item_sink_fn sink, void *sink_arg)
{
	memset(n, 0, sizeof(*n));
	n->opt = opt;
	n->inv = inv;
	n->sink = sink;
	n->sink_arg = sink_arg;
	item_init(&n->item);
	strbuf_init(&n->desc_html);
	strbuf_init(&n->desc_text);
	strbuf_init(&n->scratch[0]);
	strbuf_init(&n->scratch[1]);
	html_parser_init(&n->html);
	normalize_memo_init(&n->memo);
}

void normalizer_release(struct normalizer *n)
{
	strbuf_release(&n->desc_html);
	strbuf_release(&n->desc_text);
	strbuf_release(&n->scratch[0]);
	strbuf_release(&n->scratch[1]);
	html_parser_release(&n->html);
	item_release(&n->item);
	findings_release(&n->findings);
	normalize_memo_release(&n->memo);
}

/* The decimal digits of v into buf (at least 21 bytes), NUL-terminated; returns where they
 * start. printf's "%lld" cost a thousand instructions a field (issue 12). */
static char *format_integer(char *buf, size_t size, long long v)
{
	unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	char *p = buf + size;

	*--p = '\0';
	do {
		*--p = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	if (v < 0)
		*--p = '-';
	return p;
}

const char *normalize_format_g(char buf[32], double v)
{
	static const double pow10[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
	long long r = 0;
	int d, found = 0;
	char *p;

	/* v is the double nearest a decimal r / 10^d of at most 6 digits: printf's 6 significant
	 * digits are then r's, in fixed notation for 0.001 <= v < 100000 */
	if (v >= 0.001 && v < 100000)
		for (d = 0; d <= 6 && !found; d++) {
			double scaled = v * pow10[d];
			if (scaled >= 999999.5)
				break;
			r = (long long)(scaled + 0.5);
			found = (double)r / pow10[d] == v;
		}
	if (!found) {
		snprintf(buf, 32, "%g", v);
		return buf;
	}
	d--; /* the loop went one past */
	p = buf + 31;
	*p = '\0';
	for (int k = 0; k < d; k++) {
		*--p = (char)('0' + r % 10);
		r /= 10;
	}
	if (d)
		*--p = '.';
	do {
		*--p = (char)('0' + r % 10);
		r /= 10;
	} while (r);
	return p;
}

void normalize_begin(struct normalizer *n, const char *source, long line)
{
	size_t k;

	item_reset(&n->item);
	n->item.source = source;
	n->item.line = line;
	n->item.currency_decimals = n->opt->currency_decimals;
	for (k = 0; k + 1 < sizeof(n->item.currency) && n->opt->currency[k]; k++)
		n->item.currency[k] = n->opt->currency[k];
	n->item.currency[k] = '\0';
}

int normalize_emit(struct normalizer *n)
{
	int rc;

	n->items++;
	item_find_url_verdicts(&n->item);
	rc = n->sink(n->sink_arg, &n->item);
	item_reset(&n->item);
	return rc;
}

void normalize_text_changes(struct item *it, enum item_field f, unsigned changed)
{
	if (changed & TEXT_REPAIRED_UTF8)
		item_finding(it, SEV_WARNING, "invalid-utf8", item_field_name(f), "invalid UTF-8 in the catalog repaired");
	if (changed & TEXT_REMOVED_CONTROL)
		item_finding(it, SEV_WARNING, "control-chars", item_field_name(f), "control characters removed");
	if (changed & TEXT_REMOVED_INVISIBLE)
		item_finding(it, SEV_WARNING, "invisible-chars", item_field_name(f),
			     "invisible characters (zero-width, bidi marks, soft hyphens, BOM) removed");
}

void normalize_text(struct item *it, enum item_field f, const char *s, int single_line)
{
	unsigned changed;

	strbuf_reset(&it->field[f]);
	if (!s)
		return;
	changed = text_clean(&it->field[f], s, strlen(s), TEXT_STRIP_INVISIBLE | (single_line ? TEXT_SINGLE_LINE : 0), 0);
	normalize_text_changes(it, f, changed);
}

void normalize_add_text(struct item *it, enum item_field f, const char *s, size_t n)
{
	struct strbuf clean = STRBUF_INIT;

	normalize_text_changes(it, f, text_clean(&clean, s, n, TEXT_STRIP_INVISIBLE | TEXT_SINGLE_LINE, 0));
	if (clean.len)
		item_add_value(it, f, clean.buf);
	strbuf_release(&clean);
}

void normalize_description(struct normalizer *n, const char *html)
{
	struct item *it = &n->item;

	strbuf_reset(&it->field[ITEM_DESCRIPTION]);
	if (!html || !*html)
		return;
	if (!n->desc_html.len || strcmp(n->desc_html.buf, html)) {
		struct strbuf *clean = &n->scratch[0], *plain = &n->scratch[1];
		strbuf_reset(clean);
		strbuf_reset(plain);
		strbuf_reset(&n->desc_html);
		strbuf_addstr(&n->desc_html, html);
		strbuf_reset(&n->desc_text);
		/* clean the raw text first so what is removed can be reported (html_to_text also
		 * drops such characters, silently), then again after entities are decoded (&#1;) */
		n->desc_changes = text_clean(clean, html, n->desc_html.len, TEXT_STRIP_INVISIBLE, 0);
		/* simple markup read without libxml2 decodes nothing to clean again: its text is
		 * the description (text_clean would copy it unchanged) */
		if (html_parser_text(&n->html, plain, clean->buf, clean->len, HTML_TEXT_CLEAN) > 0)
			strbuf_add(&n->desc_text, plain->buf, plain->len);
		else
			n->desc_changes |= text_clean(&n->desc_text, plain->buf, plain->len, TEXT_STRIP_INVISIBLE, 0);
	}
	strbuf_add(&it->field[ITEM_DESCRIPTION], n->desc_text.buf, n->desc_text.len);
	normalize_text_changes(it, ITEM_DESCRIPTION, n->desc_changes);
}

/* A catalog amount in the item's currency. More decimals than the currency has are an error
 * unless the extra digits are all zeros ("250.000" EUR is 250.00): rounding "250.123" to
 * "250.12" would hide a value that may be 1000 times off (a thousands separator). */
static int parse_amount(struct item *it, const char *what, const char *s, money_t *out)
{
	const char *why;
	int ndec, want = it->currency_decimals;

	if (money_parse_decimals(s, out, &ndec, &why)) {
		item_finding(it, SEV_ERROR, "price", what, "%s %s", msg_quote(s), why);
		return -1;
	}
	if (ndec > want && !money_fits(*out, want)) {
		item_finding(it, SEV_ERROR, "price-decimals", what, "%s has %d decimals but %s has %d; not rounded%s",
			     msg_quote(s), ndec, it->currency, want,
			     ndec == 3 ? " (if the point is a thousands separator, remove it)" : "");
		return -1;
	}
	return 0;
}

static void set_price_field(struct item *it, enum item_field f, money_t amount)
{
	strbuf_reset(&it->field[f]);
	money_format(&it->field[f], amount, it->currency_decimals, it->currency);
}

/* Amounts reach here exact for the currency (parse_amount), so nothing below rounds. */
void normalize_prices(struct item *it, const struct normalize_options *opt, const char *price,
		      const char *compare_at)
{
	money_t p, c;

	if (!price || !*price) {
		item_finding(it, SEV_ERROR, "required", "price", "no price in the catalog");
		return;
	}
	if (parse_amount(it, "price", price, &p))
		return;
	it->price = p;
	it->sale_price = 0;
	/* an unreadable compare-at price is ignored, as before; one with too many decimals is
	 * reported (it would become the price) */
	if (compare_at && *compare_at && !money_parse(compare_at, &c, &(const char *){ NULL }) &&
	    !parse_amount(it, "price", compare_at, &c) && c > it->price) {
		it->sale_price = it->price;
		it->price = c;
		set_price_field(it, ITEM_SALE_PRICE, it->sale_price);
	}
	set_price_field(it, ITEM_PRICE, it->price);
}

void normalize_regular_sale(struct item *it, const struct normalize_options *opt, const char *regular,
			    const char *sale)
{
	money_t s;

	normalize_prices(it, opt, regular, NULL);
	if (!it->price || !sale || !*sale)
		return;
	if (parse_amount(it, "sale_price", sale, &s))
		return;
	if (s < it->price) {
		it->sale_price = s;
		set_price_field(it, ITEM_SALE_PRICE, s);
	}
}

void normalize_gtin(struct item *it, const char *barcode)
{
	char norm[15];
	enum gtin_status st;

	if (!barcode || !*barcode)
		return;
	st = gtin_check(barcode, norm);
	if (st == GTIN_OK)
		item_set(it, ITEM_GTIN, norm);
	else
		item_finding(it, SEV_WARNING, st == GTIN_BAD_CHECK ? "gtin-check" : st == GTIN_BAD_LENGTH ? "gtin-length" : "gtin-digits",
			     "gtin", "barcode %s is not a valid GTIN (%s); left out of the feed", msg_quote(barcode),
			     gtin_status_message(st));
}

void normalize_stock(struct item *it, enum stock_tracking tracking, long quantity, int backorder_allowed)
{
	char buf[24];

	it->stock = tracking;
	it->quantity = quantity;
	if (tracking != STOCK_TRACKED) {
		item_set(it, ITEM_AVAILABILITY, "in_stock");
		return;
	}
	/* a negative stock (oversold) is reported and written as 0: no platform accepts less */
	item_set(it, ITEM_QUANTITY, format_integer(buf, sizeof(buf), quantity < 0 ? 0 : quantity));
	if (quantity < 0)
		item_finding(it, SEV_WARNING, "stock", "quantity", "negative quantity %ld (oversold?); treated as 0", quantity);
	if (quantity > 0)
		item_set(it, ITEM_AVAILABILITY, "in_stock");
	else if (backorder_allowed)
		item_set(it, ITEM_AVAILABILITY, "backorder");
	else
		item_set(it, ITEM_AVAILABILITY, "out_of_stock");
}

void normalize_join_inventory(struct normalizer *n, const char *sku, long *quantity)
{
	if (n->inv && sku && *sku)
		inventory_lookup(n->inv, sku, quantity);
}

/* Written straight into the field (item_set, or item_add_value for additional images): no
 * buffer of its own (issue 12). */
void normalize_image(struct item *it, enum item_field f, const char *url)
{
	size_t mark;

	if (!url || !*url)
		return;
	mark = normalize_image_begin(it, f);
	normalize_image_text(&it->field[f], url);
	normalize_image_end(it, f, mark);
}

size_t normalize_image_begin(struct item *it, enum item_field f)
{
	struct strbuf *sb = &it->field[f];

	if (f != ITEM_ADDITIONAL_IMAGE_LINK)
		strbuf_reset(sb);
	else if (sb->len)
		strbuf_addch(sb, ITEM_VALUE_SEP);
	return sb->len;
}

void normalize_image_text(struct strbuf *out, const char *url)
{
	if (url[0] == '/' && url[1] == '/')
		strbuf_addstr(out, "https:"); /* protocol-relative Shopify CDN links */
	url_normalize(out, url);
}

void normalize_image_end(struct item *it, enum item_field f, size_t mark)
{
	struct strbuf *sb = &it->field[f];

	if (f == ITEM_ADDITIONAL_IMAGE_LINK && sb->len == mark)
		strbuf_setlen(sb, mark ? mark - 1 : 0); /* an empty value adds nothing */
}

/* One string of the record holds NUL: remove them (json_string_value() would cut it there) and
 * say so, naming where it was and what it was. */
static void strip_nul(struct normalizer *n, json_t *v, const char *path, const char *id, const char *source,
		      long line)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), k = 0;
	struct strbuf clean = STRBUF_INIT, shown = STRBUF_INIT;
	struct finding *f;

	for (size_t i = 0; i < len; i++)
		if (s[i])
			strbuf_addch(&clean, s[i]);
		else
			k++;
	msg_sanitize(&shown, s, len, 200);
	f = findings_add(&n->findings, SEV_WARNING, "control-chars", id, path,
			 "%zu NUL character%s removed from '%s'", k, k == 1 ? "" : "s", shown.buf);
	f->source = xstrdup(source);
	f->line = line;
	json_string_setn(v, clean.buf, clean.len);
	strbuf_release(&clean);
	strbuf_release(&shown);
}

static void walk_nul(struct normalizer *n, json_t *v, struct strbuf *path, const char *id, const char *source,
		     long line)
{
	size_t mark = path->len, i;
	const char *key;
	json_t *x;

	if (json_is_string(v)) {
		if (strlen(json_string_value(v)) != json_string_length(v))
			strip_nul(n, v, path->buf, id, source, line);
	} else if (json_is_object(v)) {
		json_object_foreach(v, key, x) {
			strbuf_addf(path, "%s%s", mark ? "." : "", key);
			walk_nul(n, x, path, id, source, line);
			strbuf_setlen(path, mark);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			strbuf_addf(path, "[%zu]", i);
			walk_nul(n, x, path, id, source, line);
			strbuf_setlen(path, mark);
		}
	}
}

/* Whether any string of v holds NUL: the common answer is no, found without building paths
 * (walk_nul's path formatting cost a tenth of a build's instructions, issue 12). */
static int has_nul(json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_string(v))
		return memchr(json_string_value(v), '\0', json_string_length(v)) != NULL;
	if (json_is_object(v)) {
		json_object_foreach(v, key, x)
			if (has_nul(x))
				return 1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (has_nul(x))
				return 1;
	}
	return 0;
}

void normalize_strip_nul(struct normalizer *n, json_t *record, const char *source, long line)
{
	struct strbuf path = STRBUF_INIT;
	char id[32];

	if (!has_nul(record))
		return;
	walk_nul(n, record, &path, json_id(record, "id", id), source, line);
	strbuf_release(&path);
}

void json_members(json_t *obj, const char *const *names, size_t n, json_t **out)
{
	size_t next = 0;

	memset(out, 0, n * sizeof(*out));
	for (void *it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
		const char *key = json_object_iter_key(it);
		/* the names are tried from the one after the last found: most objects list their
		 * members in the order of names, so the first try is mostly the one */
		for (size_t k = 0; k < n; k++) {
			size_t i = next + k < n ? next + k : next + k - n;
			if (key[0] == names[i][0] && !strcmp(key, names[i])) {
				out[i] = json_object_iter_value(it);
				next = i + 1 < n ? i + 1 : 0;
				break;
			}
		}
	}
}

const char *json_text(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *json_id(json_t *obj, const char *key, char buf[32])
{
	return json_value_id(json_object_get(obj, key), buf);
}

const char *json_value_id(json_t *v, char buf[32])
{
	if (json_is_integer(v)) {
		char digits[24], *d = format_integer(digits, sizeof(digits), (long long)json_integer_value(v));
		memcpy(buf, d, (size_t)(digits + sizeof(digits) - d));
		return buf;
	}
	/* a longer string is no id of ours: cut, it could match another record's id (and end
	 * inside a UTF-8 character, found by fuzz_tiktokshop) */
	if (json_is_string(v) && *json_string_value(v) && json_string_length(v) < 32) {
		memcpy(buf, json_string_value(v), json_string_length(v) + 1);
		return buf;
	}
	return NULL;
}

/* The set is built anew for each name: this runs only in CHECK_KEYS builds, and so needs no
 * state shared by the workers. */
const char *normalize_checked_name(const struct normalize_key_check *c, const char *name)
{
	struct json_fast_keys set;

	memset(&set, 0, sizeof(set));
	if (c->keys(&set) || json_fast_keys_how(&set, name, strlen(name)) == JSON_FAST_DROP) {
		fprintf(stderr, "%s: member \"%s\" is read but not in the dialect's key set: add it there\n", c->file, name);
		abort();
	}
	return name;
}

const char *json_number_text(json_t *obj, const char *key, char buf[48])
{
	return json_value_number_text(json_object_get(obj, key), buf);
}

const char *json_value_number_text(json_t *v, char buf[48])
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, 48, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		/* the shortest text that reads back as the same double: 19.99 stays "19.99" and
		 * 12.34567 stays "12.34567" (a fixed "%.4f" rounded it silently to 12.3457) */
		double d = json_real_value(v);
		snprintf(buf, 48, "%.15g", d);
		if (strtod(buf, NULL) != d)
			snprintf(buf, 48, "%.17g", d);
		return buf;
	}
	return NULL;
}

int json_long(json_t *obj, const char *key, long *out)
{
	return json_value_long(json_object_get(obj, key), out);
}

int json_value_long(json_t *v, long *out)
{
	char *end;

	if (json_is_integer(v)) {
		*out = (long)json_integer_value(v);
		return 0;
	}
	if (json_is_real(v)) {
		double d = json_real_value(v);
		/* saturated: a cast of a real outside long's range is undefined (fuzz_tiktokshop) */
		*out = d >= 9.2233720368547758e18 ? LONG_MAX : d <= -9.2233720368547758e18 ? LONG_MIN : (long)d;
		return 0;
	}
	if (json_is_string(v) && *json_string_value(v)) {
		*out = strtol(json_string_value(v), &end, 10);
		return *end ? -1 : 0;
	}
	return -1;
}
