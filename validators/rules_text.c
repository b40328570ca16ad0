/* rules_text.c: value rules common to every kind (required, text hygiene, length, enum,
 * pattern, repeated values) and the dispatch to kind-specific rules.
 * Owns: nothing; repairs happen in the row's own buffers. */
#include "rules.h"
#include "htmltext.h"
#include "mojibake.h"
#include "rules_memo_impl.h"
#include "msg.h"
#include "text.h"
#include <ctype.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <string.h>

static const char *const placeholders[] = { "[object Object]", "undefined", "NaN", "null", NULL };

/* invisible-chars: one warning per attribute, naming the first such character. */
static void report_invisible(struct row *r, int attr, const char *s, size_t n, int repair)
{
	unsigned cp = 0;
	const char *name = "invisible character";
	long at = text_find_invisible(s, n, &cp, &name);

	if (at < 0)
		return;
	row_finding(r, SEV_WARNING, "invisible-chars", attr, "invisible characters such as U+%04X (%s) %s", cp, name,
		    repair ? "removed" : "found (they break search and matching; remove them)");
}

/* Printable ASCII, TAB, LF and CR (and the separator between values of a multi-valued
 * attribute): nothing for text_clean to repair, remove or report (issue 12: most values). */
static int plain_byte(unsigned char c, int multi)
{
	return (c >= 0x20 && c <= 0x7E) || c == '\t' || c == '\n' || c == '\r' || (multi && c == ITEM_VALUE_SEP);
}

/* Eight bytes: a word with no byte outside 0x20..0x7E needs no closer look. */
static int plain_word(const unsigned char *p, int multi)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	uint64_t w, del;

	memcpy(&w, p, 8);
	del = w ^ (0x7F * ones);
	/* a byte >= 0x80, < 0x20 (valid once none is >= 0x80), or 0x7F (a zero byte in del) */
	if (!((w | ((w - 0x20 * ones) & ~w) | ((del - ones) & ~del)) & highs))
		return 1;
	for (int k = 0; k < 8; k++)
		if (!plain_byte(p[k], multi))
			return 0;
	return 1;
}

/* Sixteen bytes a step with SSE2 (x86-64's baseline), then eight, and the last eight again
 * (overlapping) for the rest of a value of eight bytes or more: issue 12, the per-byte tail
 * and the eight-byte steps were 33 M instructions of the main thread for 2,000 products in
 * twelve feeds, 26 M after (two feeds: the main thread 385 M to 375 M). */
static int plain_text(const char *s, size_t n, int multi)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	if (n < 8) {
		for (; i < n; i++)
			if (!plain_byte(p[i], multi))
				return 0;
		return 1;
	}
#ifdef __SSE2__
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		/* signed bytes: those >= 0x80 are below 0x20 too */
		__m128i odd = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
		if (_mm_movemask_epi8(odd) && (!plain_word(p + i, multi) || !plain_word(p + i + 8, multi)))
			return 0;
	}
#endif
	for (; i + 8 <= n; i += 8)
		if (!plain_word(p + i, multi))
			return 0;
	return i == n || plain_word(p + n - 8, multi);
}

/* Text hygiene: invalid UTF-8, control characters, invisible characters, emoji where forbidden. The values of a
 * repeated or group attribute are cleaned one by one, so the ITEM_VALUE_SEP between them is
 * neither reported nor removed. Returns 1 when the value is plain ASCII text (left as it was). */
static int check_text(struct validation *v, struct row *r, int attr)
{
	const struct attribute *a = &v->tpl->attrs[attr];
	struct strbuf *val = &r->values[attr];
	unsigned flags = 0, changed = 0;
	int multi = a->repeated || a->kind == KIND_GROUP;
	const char *p = val->buf, *end = val->buf + val->len;

	if (plain_text(val->buf, val->len, multi))
		return 1; /* text_clean would change nothing: the normaliser cleaned it already */
	if (a->no_emoji)
		flags |= TEXT_STRIP_EMOJI;
	if (a->single_line)
		flags |= TEXT_SINGLE_LINE;
	flags |= TEXT_STRIP_INVISIBLE;
	strbuf_reset(&v->scratch);
	for (;;) {
		const char *sep = multi ? memchr(p, ITEM_VALUE_SEP, (size_t)(end - p)) : NULL;
		const char *stop = sep ? sep : end;
		changed |= text_clean(&v->scratch, p, (size_t)(stop - p), flags, 0);
		if (!sep)
			break;
		strbuf_addch(&v->scratch, ITEM_VALUE_SEP);
		p = sep + 1;
	}
	if (changed & TEXT_REPAIRED_UTF8)
		row_finding(r, SEV_WARNING, "invalid-utf8", attr, "invalid UTF-8 %s", v->repair ? "repaired" : "found");
	if (changed & TEXT_REMOVED_CONTROL)
		row_finding(r, SEV_WARNING, "control-chars", attr, "control characters %s",
			    v->repair ? "removed" : "found (XML and the ad platforms forbid them)");
	if (changed & TEXT_REMOVED_INVISIBLE)
		report_invisible(r, attr, val->buf, val->len, v->repair);
	if (changed & TEXT_REMOVED_EMOJI)
		row_finding(r, SEV_WARNING, "emoji", attr, "emoji %s (%s does not allow them in %s)",
			    v->repair ? "removed" : "found", v->tpl->title, a->name);
	if (v->repair && changed) {
		strbuf_reset(val);
		strbuf_add(val, v->scratch.buf, v->scratch.len);
	}
	return 0;
}

/* mojibake: UTF-8 once read as a single-byte code page; a warning naming the likely text. */
static void check_mojibake(struct row *r, int attr, const char *s, size_t n)
{
	struct strbuf word = STRBUF_INIT, fixed = STRBUF_INIT;
	const char *dec = mojibake_find(s, n, &word, &fixed);

	if (dec)
		row_finding(r, SEV_WARNING, "mojibake", attr, "%s looks like UTF-8 read as %s: %s", msg_quote(word.buf), dec,
			    msg_quote(fixed.buf));
	strbuf_release(&word);
	strbuf_release(&fixed);
}

static void check_length(struct validation *v, struct row *r, int attr)
{
	const struct attribute *a = &v->tpl->attrs[attr];
	struct strbuf *val = &r->values[attr];
	size_t chars;

	if (!a->max_length || a->repeated || val->len <= a->max_length)
		return; /* never more characters than bytes */
	chars = utf8_length(val->buf, val->len);
	if (chars <= a->max_length)
		return;
	if (a->kind == KIND_ID) {
		row_finding(r, SEV_ERROR, "id-length", attr, "%zu characters, more than the %zu allowed", chars,
			    a->max_length);
	} else if (a->truncate) {
		row_finding(r, SEV_WARNING, "length", attr, "%zu characters, more than the %zu allowed%s", chars,
			    a->max_length, v->repair ? "; truncated" : " (the platform truncates it)");
		if (v->repair)
			strbuf_setlen(val, utf8_prefix_bytes(val->buf, val->len, a->max_length));
	} else {
		row_finding(r, SEV_ERROR, "length", attr, "%zu characters, more than the %zu allowed", chars,
			    a->max_length);
	}
}

/* Lower-case letters and digits only: "In stock", "in_stock" and "InStock" all become "instock". */
static void squash(struct strbuf *out, const char *s)
{
	strbuf_reset(out);
	for (; *s; s++)
		if (isalnum((unsigned char)*s))
			strbuf_addch(out, tolower((unsigned char)*s));
}

static void check_enum(struct validation *v, struct row *r, int attr, const char *value)
{
	const struct attribute *a = &v->tpl->attrs[attr];
	struct strbuf list = STRBUF_INIT, got = STRBUF_INIT, cand = STRBUF_INIT;
	const char *hint = NULL;

	const struct enum_value *match;
	int exact;

	if ((match = template_enum_match(a, value, &exact))) {
		/* accepted, but not in the spelling the platform prefers: one summary per value, and
		 * a build writes the preferred spelling */
		if (!exact) {
			validation_count_variant(v, attr, value, match->spelling);
			v->memo_skip = 1; /* a count of this feed's: checked again next time */
			if (v->repair) {
				strbuf_reset(&r->values[attr]);
				strbuf_addstr(&r->values[attr], match->spelling);
			}
		}
		return;
	}
	/* a known value spelled another way (another channel's spelling, case, '_' or ' '):
	 * name the spelling this channel expects */
	squash(&got, value);
	for (size_t i = 0; i < a->nvalues && !hint && got.len; i++) {
		squash(&cand, a->values[i].spelling);
		if (!strcmp(cand.buf, got.buf))
			hint = a->values[i].spelling;
		squash(&cand, a->values[i].canonical);
		if (!hint && !strcmp(cand.buf, got.buf))
			hint = a->values[i].spelling;
	}
	if (hint) {
		row_finding(r, SEV_ERROR, "enum", attr, "%s is not spelled as %s expects (use '%s')", msg_quote(value),
			    v->tpl->title, hint);
	} else {
		for (size_t i = 0; i < a->nvalues; i++)
			strbuf_addf(&list, "%s'%s'", i ? ", " : "", a->values[i].spelling);
		row_finding(r, SEV_ERROR, "enum", attr, "%s is not a valid value (use one of %s)", msg_quote(value), list.buf);
	}
	strbuf_release(&list);
	strbuf_release(&got);
	strbuf_release(&cand);
}

/* A group value (shipping "country:region:service:price"): the part in the position of a
 * sub-attribute named "price" must be a price. The part ends at the next ':' so TikTok's
 * five-part form (…:PRICE:SERVICE) is read too. */
static int check_group(struct validation *v, struct row *r, int attr, const char *value)
{
	const struct attribute *a = &v->tpl->attrs[attr];
	size_t k, pos;
	const char *p = value, *stop;
	char part[64];

	for (pos = 0; pos < a->nsubattributes; pos++)
		if (!strcmp(a->subattributes[pos], "price"))
			break;
	if (pos == a->nsubattributes)
		return 0;
	for (k = 0; k < pos && p; k++) {
		p = strchr(p, ':');
		if (p)
			p++;
	}
	stop = p ? p + strcspn(p, ":") : NULL;
	while (p && p < stop && *p == ' ')
		p++;
	if (!p || p == stop) {
		row_finding(r, SEV_ERROR, "price", attr, "%s has no price (expected %s%s)", msg_quote(value),
			    a->subattributes[0], a->nsubattributes > 1 ? ":...:price" : "");
		return 0;
	}
	snprintf(part, sizeof(part), "%.*s", (int)(stop - p), p);
	return rule_price(v, r, attr, part);
}

static void check_pattern(struct validation *v, struct row *r, int attr, const char *value)
{
	const struct attribute *a = &v->tpl->attrs[attr];

	if (!a->pattern)
		return;
	if (pcre2_match(a->pattern, (PCRE2_SPTR)value, strlen(value), 0, 0, v->match, NULL) < 0)
		row_finding(r, SEV_ERROR, "pattern", attr, "%s does not match %s%s%s", msg_quote(value),
			    a->pattern_source, a->pattern_message ? ": " : "", a->pattern_message ? a->pattern_message : "");
}

/* Kind rules on one value; returns -1 when the value must be dropped (repair mode). */
static int check_one(struct validation *v, struct row *r, int attr, const char *value)
{
	const struct attribute *a = &v->tpl->attrs[attr];

	size_t len = a->repeated && a->max_length ? strlen(value) : 0, chars;

	if (len > a->max_length && (chars = utf8_length(value, len)) > a->max_length)
		row_finding(r, SEV_ERROR, "length", attr, "a value of %zu characters, more than the %zu allowed", chars,
			    a->max_length);
	check_pattern(v, r, attr, value);
	switch (a->kind) {
	case KIND_ENUM:
		check_enum(v, r, attr, value);
		return 0;
	case KIND_PRICE:
		return rule_price(v, r, attr, value);
	case KIND_DATE_RANGE:
		return rule_date(v, r, attr, value, 1);
	case KIND_DATE:
		return rule_date(v, r, attr, value, 0);
	case KIND_URL:
		return rule_url(v, r, attr, value, 0);
	case KIND_IMAGE_URL:
		return rule_url(v, r, attr, value, 1);
	case KIND_GTIN:
		return rule_gtin(v, r, attr, value);
	case KIND_INTEGER:
		return rule_integer(v, r, attr, value);
	case KIND_GROUP:
		return check_group(v, r, attr, value);
	default:
		return 0;
	}
}

/* Whether s[0..n) holds needle (of k > 0 bytes): each of its first byte's places, by memchr
 * (issue 12: a text with no '[' is read once; glibc's memmem cost 210 instructions a value,
 * 16 M of the main thread's instructions for 2,000 products in twelve feeds). */
static int holds(const char *s, size_t n, const char *needle, size_t k)
{
	const char *end = s + n, *p = memchr(s, needle[0], n);

	for (; p && (size_t)(end - p) >= k; p = memchr(p + 1, needle[0], (size_t)(end - p - 1)))
		if (!memcmp(p, needle, k))
			return 1;
	return 0;
}

/* The first placeholder anywhere in the value, the others as the whole value (up to a NUL). */
static void check_placeholder(struct row *r, int attr, const char *value)
{
	size_t n = strlen(value);

	for (int i = 0; placeholders[i]; i++) {
		size_t plen = strlen(placeholders[i]);
		if (i == 0 ? holds(value, n, placeholders[i], plen) : n == plen && !memcmp(value, placeholders[i], n)) {
			row_finding(r, SEV_WARNING, "placeholder", attr, "contains %s, text left by a broken generator",
				    msg_quote(placeholders[i]));
			return;
		}
	}
}

static int item_has_finding(const struct item *it, int field)
{
	const char *name = item_field_name((enum item_field)field);

	for (size_t i = 0; i < it->findings.n; i++)
		if (it->findings.v[i].field && !strcmp(it->findings.v[i].field, name))
			return 1;
	return 0;
}

/* An empty value: missing when required or recommended, unless the normaliser already said why
 * it is empty. Most empty attributes are neither and cost two tests here, inline (issue 12: two
 * of every three values of a row are empty); the others look at the item's findings. */
static __attribute__((noinline)) void report_empty(struct validation *v, struct row *r, int attr, int required)
{
	const struct attribute *a = &v->tpl->attrs[attr];

	if (a->from >= 0 && r->item && item_has_finding(r->item, a->from))
		return;
	if (required)
		row_finding(r, SEV_ERROR, "required", attr, "missing (%s requires it)", v->tpl->title);
	else
		v->recommended_missing[attr]++;
}

static inline void check_empty(struct validation *v, struct row *r, int attr)
{
	const struct attribute *a = &v->tpl->attrs[attr];

	if (a->required == REQ_REQUIRED)
		report_empty(v, r, attr, 1);
	else if (a->required == REQ_RECOMMENDED && v->check_recommended && !(a->identifier && v->row_without_identifiers))
		report_empty(v, r, attr, 0);
}

/* Shorter values are checked every time: the comparison would cost what the checks cost. */
#define TEXT_MEMO_MIN 64

/* The value-only checks of a long text value (hygiene, length, placeholders, mojibake, markup,
 * capitals) found nothing in the last value of this attribute and left it as it was: the same
 * value again needs none of them (the variants of a product share their description). */
static int text_memo_hit(struct validation *v, int attr, const struct strbuf *val)
{
	const struct strbuf *memo = &v->clean_text[attr];

	return memo->len == val->len && !memcmp(memo->buf, val->buf, val->len);
}

/* Not inlined: most values are empty or answered by the memo in rules_check_values, whose loop
 * then saves none of this function's registers (issue 12: inlined, 25 M instructions
 * more in the twelve-feed set of 2,000 products, 3.3 million values). */
static __attribute__((noinline)) void check_value(struct validation *v, struct row *r, int attr)
{
	const struct attribute *a = &v->tpl->attrs[attr];
	struct strbuf *val = &r->values[attr];

	int memo = a->kind == KIND_TEXT && !a->identifier && val->len >= TEXT_MEMO_MIN && v->clean_text;
	size_t nfindings = r->findings.n;
	int ascii = 0; /* plain ASCII: no mojibake (its sequences are all bytes >= 0x80) */

	if (memo) {
		if (text_memo_hit(v, attr, val))
			goto kind_rules;
		strbuf_reset(&v->clean_text[attr]);
		strbuf_reset(&v->memo_value);
		strbuf_add(&v->memo_value, val->buf, val->len);
	}
	if (val->len && a->kind != KIND_URL && a->kind != KIND_IMAGE_URL)
		ascii = check_text(v, r, attr);
	if (!val->len) {
		check_empty(v, r, attr);
		return;
	}
	/* only a GTIN contradicts identifier_exists no (G-9464748); an MPN such as the SKU is fine */
	if (a->identifier && a->kind == KIND_GTIN && v->row_without_identifiers)
		row_finding(r, SEV_WARNING, "identifier-exists", attr,
			    "given, but %s says the product has none (%s: Incorrect value [%s]): remove one or the other",
			    v->tpl->attrs[v->tpl->identifier_switch_attr].name, v->tpl->title,
			    v->tpl->attrs[v->tpl->identifier_switch_attr].name);
	check_length(v, r, attr);
	if (a->kind == KIND_TEXT) {
		check_placeholder(r, attr, val->buf);
		if (!ascii)
			check_mojibake(r, attr, val->buf, val->len);
		if (!strcmp(a->name, "description") && html_detect_markup(val->buf, val->len))
			row_finding(r, SEV_WARNING, "html", attr, "HTML markup or entities in a plain-text description");
		if (!strcmp(a->name, "title") && text_is_all_caps(val->buf, val->len))
			row_finding(r, SEV_WARNING, "all-caps", attr, "title in capital letters only (platforms disapprove it)");
	}
	if (memo && r->findings.n == nfindings && val->len == v->memo_value.len &&
	    !memcmp(val->buf, v->memo_value.buf, val->len))
		strbuf_add(&v->clean_text[attr], val->buf, val->len);
kind_rules:
	if (!a->repeated && a->kind != KIND_GROUP) {
		if (check_one(v, r, attr, val->buf) < 0 && v->repair)
			strbuf_reset(val);
		return;
	}
	/* repeated or group: check each value, drop bad ones (repair) and extras over max_count */
	{
		struct strbuf kept = STRBUF_INIT;
		size_t count = 0, dropped_extra = 0;
		char *p = val->buf, *end = val->buf + val->len;
		while (p <= end) {
			char *sep = memchr(p, ITEM_VALUE_SEP, (size_t)(end - p));
			char *stop = sep ? sep : end;
			char save = *stop;
			*stop = '\0';
			if (*p && check_one(v, r, attr, p) == 0) {
				if (a->max_count && count >= a->max_count)
					dropped_extra++;
				else {
					if (kept.len)
						strbuf_addch(&kept, ITEM_VALUE_SEP);
					strbuf_addstr(&kept, p);
					count++;
				}
			}
			*stop = save;
			p = stop + 1;
		}
		if (dropped_extra)
			row_finding(r, SEV_WARNING, "too-many-values", attr, "%zu values, more than the %zu allowed%s",
				    count + dropped_extra, a->max_count, v->repair ? "; extra values dropped" : "");
		if (v->repair) {
			strbuf_reset(val);
			strbuf_add(val, kept.buf, kept.len);
		}
		strbuf_release(&kept);
	}
}

/* A value that is there: from the memo, else checked (and kept for the next time). */
static inline void check_present(struct validation *v, struct row *r, int attr)
{
	struct memo_slot *slot = NULL;
	size_t first;

	if (v->memo && rules_memo_lookup(v, r, attr, &slot))
		return; /* an earlier feed or item checked this value of this attribute */
	first = r->findings.n;
	check_value(v, r, attr);
	if (slot)
		rules_memo_record(v, r, attr, slot, first);
}

/* One loop for the row's attributes, the two cases inline: two of every three values are
 * empty, most others answered by the memo (issue 12: a call per attribute and one per value
 * that is there, 3.3 and 1.5 million in the twelve-feed set of 2,000 products, cost the main
 * thread 32 M instructions of its 1.89 G) */
void rules_check_values(struct validation *v, struct row *r)
{
	for (size_t i = 0; i < v->tpl->nattrs; i++) {
		if (r->values[i].len)
			check_present(v, r, (int)i);
		else if (v->empty_checked[i])
			check_empty(v, r, (int)i); /* no memo: nothing to look up */
	}
}
