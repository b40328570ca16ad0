/* validate.c: the rule runner: per attribute value rules by kind, then row rules, then the
 * id uniqueness check. Owns: struct validation. The rules themselves live in rules_*.c. */
#include "validate.h"
#include "alloc.h"
#include "msg.h"
#include "rules.h"
#include "rules_memo.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const struct rule_info validator_rules[] = {
	{ "required", "error", "a required attribute is missing or empty" },
	{ "required-when", "warning", "an attribute the channel requires for some values of another is missing (Google: availability_date for preorder and backorder)" },
	{ "recommended", "warning", "a recommended attribute is missing (validate only; one summary per attribute)" },
	{ "length", "error|warning", "longer than the channel's limit in characters (text that may be cut is truncated with a warning)" },
	{ "enum", "error|warning", "not one of the channel's values (error); a value the platform accepts in a spelling it does not prefer (warning, one summary per attribute and value; build: the preferred spelling is written)" },
	{ "price", "error", "not 'NUMBER CUR' with an ISO 4217 code" },
	{ "price-currency", "error|warning", "a price without its currency (error); completed from a separate currency column, or a channel that applies the feed's default currency (warning)" },
	{ "identifier-exists", "warning", "identifier_exists says the product has no GTIN or MPN, but one is given (Google: Incorrect value [identifier_exists])" },
	{ "sale-price", "warning", "sale_price not lower than price, or in another currency" },
	{ "date", "error", "not an ISO 8601 date or date range, or the range ends before it starts" },
	{ "url", "error", "not an http(s) URL, contains spaces, or longer than 2,000 characters" },
	{ "image-extension", "error", "image URL without a file extension the channel accepts" },
	{ "gtin-digits", "error", "GTIN has characters other than digits" },
	{ "gtin-length", "error", "GTIN is not 8, 12, 13 or 14 digits" },
	{ "gtin-check", "error|warning", "GTIN check digit is wrong (build: the value is dropped, the item kept)" },
	{ "gtin-prefix", "warning", "GTIN in a restricted range (prefix 2, 02, 04)" },
	{ "gtin-coupon", "warning", "GTIN in a coupon range (98, 99)" },
	{ "id-length", "error", "id longer than the channel allows" },
	{ "id-unique", "error", "id already used by an earlier item (Google: case-insensitive)" },
	{ "item-group", "warning", "a product with variants but no item_group_id" },
	{ "stock", "warning", "availability contradicts the quantity, or the quantity is negative" },
	{ "control-chars", "warning", "control characters in text (removed)" },
	{ "invalid-utf8", "warning", "invalid UTF-8 (repaired with U+FFFD)" },
	{ "emoji", "warning", "emoji in a title where the channel forbids them (removed)" },
	{ "html", "warning", "HTML markup or entities left in a description" },
	{ "all-caps", "warning", "title in capital letters only (8 or more, over two thirds of its letters: a Latin brand in an Arabic or CJK title is not)" },
	{ "too-many-values", "warning", "more repeated values than the channel accepts (extra values dropped)" },
	{ "integer", "error", "not a whole number" },
	{ "pattern", "error", "does not match the pattern the channel template declares" },
	{ "placeholder", "warning", "text such as \"[object Object]\", \"undefined\" or \"null\" left by a generator" },
	{ "image-link-page", "warning", "image URL without a file extension, or ending in '/': it probably points at a page" },
	{ "price-decimals", "error", "more decimals than the currency's ISO 4217 minor unit (build: zeros are fine, '250.000' EUR is 250.00; other digits are never rounded, the item is rejected)" },
	{ "invisible-chars", "warning", "zero-width characters, bidi marks, embeddings and isolates, a BOM inside text, soft hyphens (build: removed)" },
	{ "image-kind", "error", "image URL whose extension says video (.mp4 .mov ...), document (.pdf .zip ...) or web page (.html) (build: a bad additional image is dropped with a warning)" },
	{ "mojibake", "warning", "UTF-8 text once read as Latin-1, Windows-1252, CP437 or CP850 ('NeÃ³n', 'â€™', 'Ne├│n'): names the likely intended text" },
	{ "bom", "warning", "validate --feed: the file starts with a UTF-8 byte-order mark (some platforms reject it)" },
	{ "unknown-attribute", "warning", "validate --feed: a column or element the channel does not know, or a repeated column (ignored)" },
	{ "row-width", "error|warning", "validate --feed: a text row with more cells than the header (error) or fewer (warning)" },
	{ "feed-syntax", "error", "validate --feed: the file cannot be parsed from here on (malformed XML, unterminated quote, no header)" },
	{ "repaired", "warning", "repair: a value feedgen repair changed (the item, the attribute, the old and the new value)" },
	/* found while reading and normalising a catalog (build and validate) */
	{ "record", "error|warning", "a catalog record that is not a usable product (not valid JSON, no variants, not an object): skipped" },
	{ "currency", "warning", "a mapped catalog's currency is not an ISO 4217 code: the catalog's currency is used (docs/mapping.md)" },
	{ "inventory-quantity", "warning", "an inventory row whose quantity is not a whole number: skipped" },
	{ "inventory-row", "warning", "an inventory row without a SKU, with too few cells or with a NUL byte: skipped" },
	{ "inventory-unknown-sku", "warning", "an inventory row for a SKU the catalog does not have" },
	{ "category-unmapped", "warning", "a product_type the category map does not have (nor a prefix of it): one summary per product_type with its item count; those items have no google_product_category (docs/categories.md)" },
	{ "voucher-price", "warning", "the voucher cannot be applied to the price (it would reach zero or below, or its window does not fit the sale): the item keeps its price" },
	/* the run (issue 11) */
	{ "safety-guard", "error|warning", "build: a feed passed a limit of the safety guard (min_items, max_drop_percent, max_rejected_percent): nothing published (exit 7), or published with --force (warning)" },
	{ "upload-failed", "error", "build: a feed was published but its upload failed (exit 3): the next run uploads it again (README, Upload)" },
	{ NULL, NULL, NULL }
};

/* Whether the identifier switch's value says the product has no identifiers ("no"). */
static int switch_says_none(const struct attribute *sw, const char *value)
{
	int exact;
	const struct enum_value *ev = template_enum_match(sw, value, &exact);

	return ev && !strcmp(ev->canonical, "no");
}

void validation_init(struct validation *v, const struct template *tpl, int repair)
{
	memset(v, 0, sizeof(*v));
	v->tpl = tpl;
	v->repair = repair;
	strbuf_init(&v->scratch);
	v->match = pcre2_match_data_create(4, alloc_pcre2_general());
	v->recommended_missing = xcalloc(tpl->nattrs, sizeof(*v->recommended_missing));
	v->clean_text = xcalloc(tpl->nattrs, sizeof(*v->clean_text));
	strbuf_init(&v->memo_value);
	for (size_t i = 0; i < tpl->nattrs; i++)
		strbuf_init(&v->clean_text[i]);
	v->when_attrs = xcalloc(tpl->nattrs ? tpl->nattrs : 1, sizeof(*v->when_attrs));
	v->empty_checked = xcalloc(tpl->nattrs ? tpl->nattrs : 1, 1);
	for (size_t i = 0; i < tpl->nattrs; i++) {
		if (tpl->attrs[i].when_attr >= 0)
			v->when_attrs[v->nwhen_attrs++] = (int)i;
		v->empty_checked[i] = tpl->attrs[i].required != REQ_OPTIONAL;
	}
	if (tpl->identifier_switch_attr >= 0)
		v->empty_switch_says_none = switch_says_none(&tpl->attrs[tpl->identifier_switch_attr], "");
}

void validation_release(struct validation *v)
{
	for (size_t i = 0; i < v->nvariants; i++)
		free(v->variants[i].value);
	free(v->variants);
	v->variants = NULL;
	v->nvariants = 0;
	strmap_release(&v->variant_index);
	strmap_release(&v->seen_ids);
	free(v->recommended_missing);
	v->recommended_missing = NULL;
	for (size_t i = 0; v->clean_text && i < v->tpl->nattrs; i++)
		strbuf_release(&v->clean_text[i]);
	free(v->clean_text);
	v->clean_text = NULL;
	strbuf_release(&v->memo_value);
	if (v->memo_owner)
		rules_memo_free(v->memo);
	v->memo = NULL;
	strbuf_release(&v->scratch);
	pcre2_match_data_free(v->match);
	free(v->when_attrs);
	v->when_attrs = NULL;
	free(v->empty_checked);
	v->empty_checked = NULL;
	v->nwhen_attrs = 0;
}

void validation_share_ids(struct validation *v, struct id_set *set)
{
	if (set->users >= ID_SET_MAX_FEEDS)
		return;
	if (!set->users)
		set->ignore_case = v->tpl->id_case_insensitive;
	v->ids = set;
	v->id_bit = set->users++;
}

/* Accept id (key: as compared) for this feed: *created when this feed had not accepted it yet
 * (with a shared set another feed may have); *first_line the line this feed accepted it at. */
static void accept_id(struct validation *v, const char *id, const char *key, size_t len, long line, int *created,
		      long *first_line)
{
	struct strmap_entry *e, *own;
	struct id_mark m;
	uint32_t mine, n;
	int dummy;

	if (!v->ids) {
		e = strmap_put(&v->seen_ids, key, len, created);
		if (*created)
			e->value = line;
		*first_line = e->value;
		return;
	}
	mine = 1u << v->id_bit;
	n = id_set_number(v->ids, id, key, len);
	m = id_set_get(v->ids, n);
	*created = !(m.feeds & mine);
	if (!m.feeds) {
		m.line = line > 0 && line <= (long)UINT32_MAX ? (uint32_t)line : 0;
	} else if (!*created) {
		own = strmap_find(&v->seen_ids, key, len);
		*first_line = own ? own->value : (long)m.line;
		return;
	} else if ((long)m.line != line) { /* new to this feed, another feed's line in the mark */
		strmap_put(&v->seen_ids, key, len, &dummy)->value = line;
	}
	m.feeds |= mine;
	if (!id_set_put(v->ids, n, m)) /* another set's feed, another line: this feed's own */
		strmap_put(&v->seen_ids, key, len, &dummy)->value = line;
	*first_line = line;
}

static int check_id_unique(struct validation *v, struct row *r)
{
	const char *id = row_id(r);
	size_t len = strlen(id);
	long first_line;
	int created;

	if (!len)
		return 1;
	strbuf_reset(&v->scratch);
	strbuf_add(&v->scratch, id, len);
	if (v->tpl->id_case_insensitive)
		for (size_t i = 0; i < len; i++)
			v->scratch.buf[i] = (char)tolower((unsigned char)v->scratch.buf[i]);
	accept_id(v, id, v->scratch.buf, len, r->line, &created, &first_line);
	if (!created) {
		if (first_line > 0)
			row_finding(r, SEV_ERROR, "id-unique", v->tpl->id_attr,
				    "id already used by the item at line %ld%s", first_line,
				    v->tpl->id_case_insensitive ? " (ids are compared ignoring case)" : "");
		else
			row_finding(r, SEV_ERROR, "id-unique", v->tpl->id_attr, "id already used by an earlier item%s",
				    v->tpl->id_case_insensitive ? " (ids are compared ignoring case)" : "");
		return 0;
	}
	return 1;
}

/* At most this many distinct (attribute, spelling) pairs are listed; the rest are counted. */
#define MAX_VARIANTS 1000

void validation_count_variant(struct validation *v, int attr, const char *value, const char *preferred)
{
	struct strmap_entry *e;
	int created;

	strbuf_reset(&v->scratch);
	strbuf_addf(&v->scratch, "%d\x1f%s", attr, value);
	e = strmap_put(&v->variant_index, v->scratch.buf, v->scratch.len, &created);
	if (!created) {
		v->variants[e->value].count++;
		return;
	}
	if (v->nvariants >= MAX_VARIANTS) {
		e->value = -1;
		v->variants_not_listed++;
		return;
	}
	if (v->nvariants == v->variants_alloc) {
		v->variants_alloc = v->variants_alloc ? 2 * v->variants_alloc : 8;
		v->variants = xrealloc(v->variants, v->variants_alloc * sizeof(*v->variants));
	}
	e->value = (long)v->nvariants;
	v->variants[v->nvariants++] = (struct enum_variant){ attr, xstrdup(value), preferred, 1 };
}

static void variant_summary(struct validation *v, struct findings *out)
{
	for (size_t i = 0; i < v->nvariants; i++) {
		const struct enum_variant *ev = &v->variants[i];
		findings_add(out, SEV_WARNING, "enum", NULL, v->tpl->attrs[ev->attr].name,
			     "%s %s in %lu of %lu items: accepted, but the preferred spelling is '%s' (%s)%s",
			     v->tpl->attrs[ev->attr].name, msg_quote(ev->value), ev->count, v->rows, ev->preferred,
			     v->tpl->title, v->repair ? "; written so" : "");
	}
	if (v->variants_not_listed)
		findings_add(out, SEV_WARNING, "enum", NULL, NULL,
			     "%lu more accepted spellings that %s does not prefer are not listed", v->variants_not_listed,
			     v->tpl->title);
}

void validation_summary(struct validation *v, struct findings *out)
{
	variant_summary(v, out);
	for (size_t i = 0; i < v->tpl->nattrs; i++) {
		if (!v->recommended_missing[i])
			continue;
		findings_add(out, SEV_WARNING, "recommended", NULL, v->tpl->attrs[i].name,
			     "missing in %lu of %lu items (%s recommends it)", v->recommended_missing[i], v->rows,
			     v->tpl->title);
	}
}

int validate_row(struct validation *v, struct row *r)
{
	const struct template *t = v->tpl;
	int unique;

	v->rows++;
	v->row_without_identifiers = 0;
	if (t->identifier_switch_attr >= 0) {
		/* mostly empty (Google's identifier_exists has no item field): its answer found once
		 * (issue 12: template_enum_match 10.3 M instructions in the twelve-feed set of
		 * 2,000 products, 380 a row) */
		const char *sw = row_get(r, (size_t)t->identifier_switch_attr);
		v->row_without_identifiers = *sw ? switch_says_none(&t->attrs[t->identifier_switch_attr], sw)
						 : v->empty_switch_says_none;
	}
	rules_check_values(v, r);
	rules_check_row(v, r);
	if (v->repair) {
		/* build: a rejected item is not written, so its id stays free for a later item */
		if (findings_has_error(&r->findings) || (r->item && findings_has_error(&r->item->findings)))
			return 0;
		return check_id_unique(v, r);
	}
	/* report only (validate --feed): every row of the file claims its id, errors or not */
	unique = check_id_unique(v, r);
	return unique && !findings_has_error(&r->findings);
}
