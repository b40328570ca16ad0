/* validate.c: the rule runner: per attribute value rules by kind, then row rules, then the
 * id uniqueness check. Owns: struct validation. The rules themselves live in rules_*.c. */
#include "validate.h"
#include "alloc.h"
#include "rules.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const struct rule_info validator_rules[] = {
	{ "required", "error", "a required attribute is missing or empty" },
	{ "required-when", "warning", "an attribute the channel requires for some values of another is missing (Google: availability_date for preorder and backorder)" },
	{ "recommended", "warning", "a recommended attribute is missing (validate only; one summary per attribute)" },
	{ "length", "error|warning", "longer than the channel's limit in characters (text that may be cut is truncated with a warning)" },
	{ "enum", "error", "not one of the channel's values, spelled exactly" },
	{ "price", "error", "not 'NUMBER CUR' with an ISO 4217 code and that currency's decimals" },
	{ "sale-price", "error", "sale_price not lower than price, or in another currency" },
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
	{ "all-caps", "warning", "title in capital letters only" },
	{ "too-many-values", "warning", "more repeated values than the channel accepts (extra values dropped)" },
	{ "integer", "error", "not a whole number" },
	{ "pattern", "error", "does not match the pattern the channel template declares" },
	{ "placeholder", "warning", "text such as \"[object Object]\", \"undefined\" or \"null\" left by a generator" },
	{ "image-link-page", "warning", "image URL without a file extension, or ending in '/': it probably points at a page" },
	{ "bom", "warning", "validate --feed: the file starts with a UTF-8 byte-order mark (some platforms reject it)" },
	{ "unknown-attribute", "warning", "validate --feed: a column or element the channel does not know, or a repeated column (ignored)" },
	{ "row-width", "error|warning", "validate --feed: a text row with more cells than the header (error) or fewer (warning)" },
	{ "feed-syntax", "error", "validate --feed: the file cannot be parsed from here on (malformed XML, unterminated quote, no header)" },
	/* found while reading and normalising a catalog (build and validate) */
	{ "record", "error|warning", "a catalog record that is not a usable product (not valid JSON, no variants, not an object): skipped" },
	{ "inventory-quantity", "warning", "an inventory row whose quantity is not a whole number: skipped" },
	{ "inventory-row", "warning", "an inventory row without a SKU or with too few cells: skipped" },
	{ "inventory-unknown-sku", "warning", "an inventory row for a SKU the catalog does not have" },
	{ "voucher-price", "warning", "the voucher cannot be applied to the price (it would reach zero or below, or its window does not fit the sale): the item keeps its price" },
	{ NULL, NULL, NULL }
};

void validation_init(struct validation *v, const struct template *tpl, int repair)
{
	memset(v, 0, sizeof(*v));
	v->tpl = tpl;
	v->repair = repair;
	strbuf_init(&v->scratch);
	v->match = pcre2_match_data_create(4, alloc_pcre2_general());
	v->recommended_missing = xcalloc(tpl->nattrs, sizeof(*v->recommended_missing));
}

void validation_release(struct validation *v)
{
	strmap_release(&v->seen_ids);
	free(v->recommended_missing);
	v->recommended_missing = NULL;
	strbuf_release(&v->scratch);
	pcre2_match_data_free(v->match);
}

static int check_id_unique(struct validation *v, struct row *r)
{
	const char *id = row_id(r);
	size_t len = strlen(id);
	struct strmap_entry *e;
	int created;

	if (!len)
		return 1;
	strbuf_reset(&v->scratch);
	strbuf_add(&v->scratch, id, len);
	if (v->tpl->id_case_insensitive)
		for (size_t i = 0; i < len; i++)
			v->scratch.buf[i] = (char)tolower((unsigned char)v->scratch.buf[i]);
	e = strmap_put(&v->seen_ids, v->scratch.buf, len, &created);
	if (!created) {
		if (e->value > 0)
			row_finding(r, SEV_ERROR, "id-unique", v->tpl->id_attr,
				    "id already used by the item at line %ld%s", e->value,
				    v->tpl->id_case_insensitive ? " (ids are compared ignoring case)" : "");
		else
			row_finding(r, SEV_ERROR, "id-unique", v->tpl->id_attr, "id already used by an earlier item%s",
				    v->tpl->id_case_insensitive ? " (ids are compared ignoring case)" : "");
		return 0;
	}
	e->value = r->line;
	return 1;
}

void validation_summary(struct validation *v, struct findings *out)
{
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
	for (size_t i = 0; i < t->nattrs; i++)
		rules_check_value(v, r, (int)i);
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
