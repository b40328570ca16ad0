/* test_normalize.c: unit tests for normalize.c's helpers that replace printf on the per-item
 * path, and normalize_memo.c's once-per-product values (issue 12). Owns: the items it fills. */
#include "check.h"
#include "normalize.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static int like_printf(double v)
{
	char want[64], buf[32];
	const char *got = normalize_format_g(buf, v);

	snprintf(want, sizeof(want), "%g", v);
	if (!strcmp(got, want))
		return 1;
	printf("# %.17g: '%s', printf '%s'\n", v, got, want);
	return 0;
}

/* normalize_format_g writes the short decimals by hand: printf's "%g" text for every one of
 * them, and for what it leaves to printf (too many digits, too small or large, NaN). */
static void test_format_g(void)
{
	static const double special[] = { 0, -0.5, 0.5, 1, 0.001, 0.0009999, 0.00123456, 0.001234567, 99999.9,
					  99999.95, 99999.99, 100000, 123456, 1e-5, 1e300, 12.3456789, 0.1 + 0.2 };
	unsigned long seed = 3;
	int bad = 0;

	for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		bad += !like_printf(special[i]);
	bad += !like_printf(NAN) + !like_printf(INFINITY);
	for (int i = 0; i < 200000 && bad < 10; i++) {
		bad += !like_printf(i / 1000.0) + !like_printf(i / 7.0) + !like_printf(i * 0.1) +
		       !like_printf(i / 1e6) + !like_printf(i * 0.5);
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		bad += !like_printf((double)(seed >> 11) / (double)(1ULL << 53) * pow(10, (int)(seed % 13) - 5));
	}
	CHECK_INT(bad, 0);
}

/* the same field bytes and the same findings (rule, field, message, in order) */
static int same_item(const struct item *a, const struct item *b)
{
	if (a->findings.n != b->findings.n)
		return 0;
	for (size_t i = 0; i < a->findings.n; i++)
		if (strcmp(a->findings.v[i].rule, b->findings.v[i].rule) || strcmp(a->findings.v[i].message, b->findings.v[i].message) ||
		    strcmp(a->findings.v[i].field ? a->findings.v[i].field : "", b->findings.v[i].field ? b->findings.v[i].field : ""))
			return 0;
	for (int f = 0; f < ITEM_FIELD_COUNT; f++)
		if (a->field[f].len != b->field[f].len || memcmp(a->field[f].buf, b->field[f].buf, a->field[f].len))
			return 0;
	return 1;
}

/* A product's shared values cleaned once (normalize_memo.c) land in every variant's item as
 * normalize_text and normalize_image put them: texts that text_clean repairs, strips or keeps,
 * NULL and empty; image links protocol-relative, with spaces, empty, NULL, as the image link and
 * as additional links (the separator, an empty one adding nothing) */
static void test_memo(void)
{
	static const char *const texts[] = { "Acme", "  Acme \t Co  ", "Ac\xE2\x80\x8Bme", "Ac\x01me", "Ac\xFFme", "", NULL,
					     "Shirts > T-Shirts", "a, b,\nc", "\xEF\xBB\xBF" "BOM" };
	static const char *const urls[] = { "https://cdn.example.com/a.jpg", "//cdn.example.com/b c.jpg", "", NULL,
					    "  https://cdn.example.com/%zz.jpg ", "https://cdn.example.com/caf\xC3\xA9.png" };
	struct normalize_memo m;
	struct item a, b;
	size_t nt = sizeof(texts) / sizeof(*texts), nu = sizeof(urls) / sizeof(*urls);
	int bad = 0, findings = 0;

	normalize_memo_init(&m);
	item_init(&a);
	item_init(&b);
	for (size_t i = 0; i < nt; i++)
		for (int variant = 0; variant < 2; variant++) {
			item_reset(&a);
			item_reset(&b);
			normalize_text(&a, ITEM_BRAND, texts[i], 1);
			normalize_text(&a, ITEM_TAGS, texts[(i + 3) % nt], 1);
			if (!variant) {
				normalize_memo_text(&m, MEMO_BRAND, texts[i]);
				normalize_memo_text(&m, MEMO_TAGS, texts[(i + 3) % nt]);
			}
			normalize_text_from_memo(&b, ITEM_BRAND, &m, MEMO_BRAND);
			normalize_text_from_memo(&b, ITEM_TAGS, &m, MEMO_TAGS);
			findings += (int)a.findings.n;
			bad += !same_item(&a, &b);
		}
	normalize_memo_images_reset(&m);
	for (size_t k = 0; k < nu; k++)
		normalize_memo_image(&m, urls[k]);
	for (size_t chosen = 0; chosen < nu; chosen++) {
		item_reset(&a);
		item_reset(&b);
		normalize_image(&a, ITEM_IMAGE_LINK, urls[chosen]);
		normalize_image_from_memo(&b, ITEM_IMAGE_LINK, &m, chosen);
		for (size_t k = 0; k < nu; k++)
			if (k != chosen) {
				normalize_image(&a, ITEM_ADDITIONAL_IMAGE_LINK, urls[k]);
				normalize_image_from_memo(&b, ITEM_ADDITIONAL_IMAGE_LINK, &m, k);
			}
		bad += !same_item(&a, &b);
	}
	CHECK_INT(bad, 0);
	CHECK(findings >= 6); /* the repairs and removals were reported, on both sides alike */
	CHECK_STR(item_get(&b, ITEM_IMAGE_LINK), "https://cdn.example.com/caf%C3%A9.png");
	item_release(&a);
	item_release(&b);
	normalize_memo_release(&m);
}

int main(void)
{
	test_format_g();
	test_memo();
	return CHECK_DONE();
}
