/* test_validate_fast.c: the value checks of issue 12's cheaper paths find exactly what the slow
 * ones did: the eight-bytes-at-a-time plain text test at every offset, the length test that
 * skips counting characters when the bytes fit, the placeholder and mojibake checks, and the
 * per-run memo of value checks shared by the feeds of one build (validators/rules_memo.c), and
 * the empty values that skip both.
 * Owns: the templates, validations and rows it creates. */
#include "check.h"
#include "fixtures.h"
#include "rules_memo.h"
#include "validate.h"
#include <stdlib.h>

static int count_rule(const struct row *r, const char *rule)
{
	int n = 0;

	for (size_t i = 0; i < r->findings.n; i++)
		n += !strcmp(r->findings.v[i].rule, rule);
	return n;
}

/* One byte outside printable ASCII at each offset of a 24-byte title: a control character
 * (0x01, 0x7F) is found and removed wherever it sits in its eight-byte word, TAB is plain text,
 * a UTF-8 letter is no control character and stays. */
static void test_plain_text_offsets(const struct template *t, struct validation *v, struct row *r)
{
	static const struct {
		const char *bytes, *rule;
		int found;
	} cases[] = { { "\x01", "control-chars", 1 }, { "\x7f", "control-chars", 1 }, { "\t", "control-chars", 0 },
		      { "\xc3\xa9", "control-chars", 0 }, { "\x1f", "control-chars", 1 } };
	int title = template_attr_index(t, "title");
	int ok_found = 1, ok_value = 1;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		for (int at = 0; at <= 24; at++) {
			char value[64], id[32];
			const char *base = "Trail Cap Mesh Navy Blue";
			snprintf(value, sizeof(value), "%.*s%s%s", at, base, cases[c].bytes, base + at);
			snprintf(id, sizeof(id), "P-%zu-%d", c, at);
			fixture_row(r, id, "19.00 EUR");
			fixture_set(r, "title", value);
			validate_row(v, r);
			ok_found &= count_rule(r, cases[c].rule) == cases[c].found;
			/* a build removes a control character; anything else stays as it was */
			ok_value &= !strcmp(row_get(r, (size_t)title), cases[c].found ? base : value);
		}
	CHECK(ok_found);
	CHECK(ok_value);
}

/* The same at every offset of titles of 1 to 60 bytes (issue 12: sixteen bytes a step with SSE2,
 * then eight, then the last eight again, overlapping): a control character is found wherever
 * it sits, and a title of printable ASCII, TAB and LF alone has none. */
static void test_plain_text_lengths(struct validation *v, struct row *r)
{
	const char *base = "Trail Cap Mesh Navy Blue, Trail Cap Mesh Navy Blue\tand more text";
	int ok_found = 1, ok_clean = 1;

	for (int len = 1; len <= 60; len++) {
		char value[80], id[32];
		snprintf(value, sizeof(value), "%.*s", len, base);
		snprintf(id, sizeof(id), "PL-%d", len);
		fixture_row(r, id, "19.00 EUR");
		fixture_set(r, "title", value);
		validate_row(v, r);
		ok_clean &= count_rule(r, "control-chars") == 0;
		for (int at = 0; at < len; at++) {
			value[at] = at % 2 ? '\x7f' : '\x02';
			snprintf(id, sizeof(id), "PL-%d-%d", len, at);
			fixture_row(r, id, "19.00 EUR");
			fixture_set(r, "title", value);
			validate_row(v, r);
			ok_found &= count_rule(r, "control-chars") == 1;
			value[at] = base[at];
		}
	}
	CHECK(ok_found);
	CHECK(ok_clean);
}

/* "[object Object]" anywhere (after other '[', at the very end) is found; cut short it is not */
static void test_placeholder_offsets(struct validation *v, struct row *r)
{
	int ok = 1;

	for (int at = 0; at <= 30; at++) {
		char value[96], id[32];
		snprintf(value, sizeof(value), "%.*s[object Object]", at, "[a [b] cap [[ navy [x] trail [");
		snprintf(id, sizeof(id), "PO-%d", at);
		fixture_row(r, id, "19.00 EUR");
		fixture_set(r, "title", value);
		validate_row(v, r);
		ok &= count_rule(r, "placeholder") == 1;
		value[strlen(value) - 1] = '\0';
		snprintf(id, sizeof(id), "PN-%d", at);
		fixture_row(r, id, "19.00 EUR");
		fixture_set(r, "title", value);
		validate_row(v, r);
		ok &= count_rule(r, "placeholder") == 0;
	}
	CHECK(ok);
}

/* 150 characters is Google's title limit: 150 two-byte letters (300 bytes) fit, 151 do not */
static void test_length(const struct template *t, struct validation *v, struct row *r)
{
	struct strbuf s = STRBUF_INIT;

	for (int i = 0; i < 150; i++)
		strbuf_addstr(&s, "\xc3\xa9");
	fixture_row(r, "LEN-1", "19.00 EUR");
	fixture_set(r, "title", s.buf);
	validate_row(v, r);
	CHECK_INT(count_rule(r, "length"), 0);
	strbuf_addstr(&s, "\xc3\xa9");
	fixture_row(r, "LEN-2", "19.00 EUR");
	fixture_set(r, "title", s.buf);
	validate_row(v, r);
	CHECK_INT(count_rule(r, "length"), 1);
	CHECK_STR(r->findings.v[0].message, "151 characters, more than the 150 allowed; truncated");
	strbuf_release(&s);
	(void)t;
}

static void test_placeholder_mojibake(struct validation *v, struct row *r)
{
	fixture_row(r, "PH-1", "19.00 EUR");
	fixture_set(r, "title", "Cap [object Object] navy");
	validate_row(v, r);
	CHECK_INT(count_rule(r, "placeholder"), 1);
	fixture_row(r, "PH-2", "19.00 EUR");
	fixture_set(r, "title", "null");
	validate_row(v, r);
	CHECK_INT(count_rule(r, "placeholder"), 1);
	fixture_row(r, "PH-3", "19.00 EUR");
	fixture_set(r, "title", "nullable cap");
	validate_row(v, r);
	CHECK_INT(count_rule(r, "placeholder"), 0);
	fixture_row(r, "MJ-1", "19.00 EUR");
	fixture_set(r, "title", "Ne\xc3\x83\xc2\xb3n cap");
	validate_row(v, r);
	CHECK_INT(count_rule(r, "mojibake"), 1);
}

/* The rows the memo tests check: findings of several rules, repairs (a control character
 * removed, a bad additional image dropped, a long title truncated), an enum spelling counted
 * per feed, an identifier contradicted by identifier_exists. */
static void fill_case(struct row *r, int k, long line)
{
	char id[32];

	snprintf(id, sizeof(id), "MEMO-%d-%ld", k, line);
	fixture_row(r, id, "19.00 EUR");
	r->line = line;
	switch (k % 5) {
	case 0:
		fixture_set(r, "title", "Trail\x01 Cap [object Object] undefined");
		fixture_set(r, "additional_image_link", "https://cdn.example/a.jpg\x1fhttps://cdn.example/b.mp4\x1fhttps://cdn.example/c.png");
		break;
	case 1:
		fixture_set(r, "availability", "In Stock");
		fixture_set(r, "description", "<p>A light cap</p> NeÃ³n");
		break;
	case 2:
		fixture_set(r, "gtin", "4006381333931");
		fixture_set(r, "identifier_exists", "no");
		break;
	case 3:
		fixture_set(r, "gtin", "4006381333931");
		fixture_set(r, "price", "19.001 EUR");
		fixture_set(r, "link", "https://shop example/p/cap");
		break;
	default:
		fixture_set(r, "title", "TRAIL CAP FOR HOT DAYS AND LONG RUNS WITH A CURVED BRIM AND A MESH BACK, "
			       "IN NAVY, OLIVE AND SAND, ONE SIZE FITS MOST, MACHINE WASHABLE AT THIRTY DEGREES, "
			       "RECYCLED POLYESTER");
		break;
	}
}

static int same_findings(const struct row *a, const struct row *b)
{
	if (a->findings.n != b->findings.n)
		return 0;
	for (size_t i = 0; i < a->findings.n; i++) {
		const struct finding *x = &a->findings.v[i], *y = &b->findings.v[i];
		if (x->severity != y->severity || strcmp(x->rule, y->rule) || strcmp(x->message, y->message) ||
		    strcmp(x->field, y->field) || strcmp(x->id, y->id) || x->line != y->line || strcmp(x->source, y->source))
			return 0;
	}
	for (size_t i = 0; i < a->tpl->nattrs; i++)
		if (a->values[i].len != b->values[i].len || memcmp(a->values[i].buf, b->values[i].buf, a->values[i].len))
			return 0;
	return 1;
}

/* Three feeds of one channel sharing a memo find, row by row, exactly what a feed without the
 * memo finds (same findings in the same order, with each row's id and line; same repaired
 * values), and each counts its enum spellings itself. */
static void test_memo_replays(const struct template *t)
{
	struct validation plain, v[3];
	struct row want, got;
	unsigned long hits, misses;
	int same = 1, results = 1;

	row_init(&want, t);
	row_init(&got, t);
	validation_init(&plain, t, 1);
	for (int f = 0; f < 3; f++) {
		validation_init(&v[f], t, 1);
		validation_share_memo(&v[f], f ? &v[0] : NULL);
	}
	CHECK(v[0].memo_owner && !v[1].memo_owner && v[1].memo == v[0].memo && v[2].memo_class == v[0].memo_class);
	for (int k = 0; k < 10; k++) {
		fill_case(&want, k, 10 + k);
		int ok = validate_row(&plain, &want);
		for (int f = 0; f < 3; f++) {
			fill_case(&got, k, 10 + k);
			results &= validate_row(&v[f], &got) == ok;
			same &= same_findings(&want, &got);
		}
	}
	CHECK(same);
	CHECK(results);
	rules_memo_stats(v[0].memo, &hits, &misses);
	CHECK(hits > misses);
	/* "In Stock" in rows 1 and 6: counted by each feed, not only by the first */
	CHECK(plain.nvariants == 1 && plain.variants[0].count == 2);
	CHECK(v[2].nvariants == 1 && v[2].variants[0].count == 2);
	for (int f = 2; f >= 0; f--)
		validation_release(&v[f]);
	validation_release(&plain);
	row_release(&want);
	row_release(&got);
}

/* An attribute whose values are all different is checked without the memo for a while
 * (rules_memo.c memo_rate), then looked up again: the findings are those of a feed without the
 * memo all along, and the memo answers again once the values repeat. Titles: 300 different
 * ones with a placeholder (a warning each), then one title 5,000 times (past the pause). */
static void test_memo_rate(const struct template *t)
{
	struct validation plain, v;
	struct row want, got;
	unsigned long hits, misses, hits_before;
	int same = 1;
	char title[96];

	row_init(&want, t);
	row_init(&got, t);
	validation_init(&plain, t, 1);
	validation_init(&v, t, 1);
	validation_share_memo(&v, NULL);
	for (int k = 0; k < 5300; k++) {
		long line = 10 + k;
		char id[32];
		if (k < 300)
			snprintf(title, sizeof(title), "Trail cap [object Object], model %d", k);
		else
			snprintf(title, sizeof(title), "Trail cap [object Object], the same one");
		snprintf(id, sizeof(id), "RATE-%d", k);
		fixture_row(&want, id, "19.00 EUR");
		fixture_set(&want, "title", title);
		want.line = line;
		fixture_row(&got, id, "19.00 EUR");
		fixture_set(&got, "title", title);
		got.line = line;
		validate_row(&plain, &want);
		validate_row(&v, &got);
		same &= same_findings(&want, &got) && count_rule(&got, "placeholder") == 1;
		if (k == 300)
			rules_memo_stats(v.memo, &hits_before, &misses);
	}
	CHECK(same);
	rules_memo_stats(v.memo, &hits, &misses);
	CHECK(hits > hits_before + 500); /* looked up again after the pause, and found */
	validation_release(&v);
	validation_release(&plain);
	row_release(&want);
	row_release(&got);
}

/* Feeds of two channels share a memo but not their results: a 200-character title is too long
 * for Google (150), not for TikTok (500); the same attribute index is another attribute. */
static void test_memo_channels(const struct template *google, const struct template *tiktok)
{
	struct validation g, k;
	struct row rg, rk;
	char title[256];

	memset(title, 'a', 200);
	title[200] = '\0';
	validation_init(&g, google, 1);
	validation_init(&k, tiktok, 1);
	validation_share_memo(&g, NULL);
	validation_share_memo(&k, &g);
	CHECK(k.memo == g.memo && k.memo_class != g.memo_class);
	row_init(&rg, google);
	row_init(&rk, tiktok);
	fixture_row(&rg, "CH-1", "19.00 EUR");
	fixture_set(&rg, "title", title);
	validate_row(&g, &rg);
	CHECK_INT(count_rule(&rg, "length"), 1);
	row_reset(&rk);
	fixture_set(&rk, "sku_id", "CH-1");
	fixture_set(&rk, "title", title);
	validate_row(&k, &rk);
	CHECK_INT(count_rule(&rk, "length"), 0);
	CHECK_INT(rk.values[template_attr_index(tiktok, "title")].len, 200);
	/* a link's URL checks are the same for every channel: one answer, given to both */
	fixture_row(&rg, "CH-2", "19.00 EUR");
	fixture_set(&rg, "link", "https://shop example/p/cap");
	validate_row(&g, &rg);
	row_reset(&rk);
	fixture_set(&rk, "sku_id", "CH-2");
	fixture_set(&rk, "link", "https://shop example/p/cap");
	validate_row(&k, &rk);
	CHECK_INT(count_rule(&rg, "url"), 1);
	CHECK_INT(count_rule(&rk, "url"), 1);
	for (size_t i = 0; i < rk.findings.n; i++)
		if (!strcmp(rk.findings.v[i].rule, "url"))
			CHECK_STR(rk.findings.v[i].message, "'https://shop example/p/cap' contains a space");
	validation_release(&g);
	validation_release(&k);
	row_release(&rg);
	row_release(&rk);
}

/* An empty value, the cheap path (issue 12: most values of a row are empty): a required one is
 * an error unless the normaliser said why it is empty (a finding on its item field), a
 * recommended one is counted (not for gtin when identifier_exists is no), the others say
 * nothing; with the memo of a build as without it. */
static void test_empty_values(const struct template *t)
{
	struct validation v;
	struct item it;
	struct row r;
	int gtin = template_attr_index(t, "gtin"), material = template_attr_index(t, "material");

	item_init(&it);
	row_init(&r, t);
	for (int memo = 0; memo < 2; memo++) {
		validation_init(&v, t, 1);
		v.check_recommended = 1;
		if (memo)
			validation_share_memo(&v, NULL);
		fixture_row(&r, "E-1", "19.00 EUR");
		fixture_set(&r, "title", "");
		CHECK(validate_row(&v, &r) == 0);
		CHECK_INT(count_rule(&r, "required"), 1);
		CHECK_INT((int)v.recommended_missing[gtin], 1);
		CHECK_INT((int)v.recommended_missing[material], 0); /* optional: never counted */
		/* the normaliser's finding on the title is the reason: no second one */
		item_reset(&it);
		item_finding(&it, SEV_ERROR, "title", "title", "no title in the catalog");
		fixture_row(&r, "E-2", "19.00 EUR");
		fixture_set(&r, "title", "");
		r.item = &it;
		validate_row(&v, &r);
		CHECK_INT(count_rule(&r, "required"), 0);
		CHECK_INT((int)v.recommended_missing[gtin], 2);
		/* identifier_exists no: a missing gtin is expected */
		fixture_row(&r, "E-3", "19.00 EUR");
		fixture_set(&r, "identifier_exists", "no");
		CHECK(validate_row(&v, &r) == 1 && r.findings.n == 0);
		CHECK_INT((int)v.recommended_missing[gtin], 2);
		validation_release(&v);
	}
	row_release(&r);
	item_release(&it);
}

int main(void)
{
	const struct template *t = fixture_template("google");
	struct validation v;
	struct row r;

	if (!CHECK(t != NULL))
		return CHECK_DONE();
	row_init(&r, t);
	validation_init(&v, t, 1);
	test_plain_text_offsets(t, &v, &r);
	test_length(t, &v, &r);
	test_placeholder_mojibake(&v, &r);
	test_plain_text_lengths(&v, &r);
	test_placeholder_offsets(&v, &r);
	validation_release(&v);
	row_release(&r);
	test_memo_replays(t);
	test_memo_rate(t);
	test_empty_values(t);
	{
		const struct template *k = fixture_template("tiktok");
		if (CHECK(k != NULL))
			test_memo_channels(t, k);
		template_free(k);
	}
	template_free(t);
	return CHECK_DONE();
}
