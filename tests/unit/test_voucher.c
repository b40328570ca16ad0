/* test_voucher.c: unit tests for voucher.c and promotions.c (issue 5): unique codes and their
 * verification, discounts per currency, the validity window, promotion ids and titles.
 * Owns: its scratch buffers. */
#include "check.h"
#include "promotions.h"
#include "voucher.h"
#include <string.h>

static const unsigned char key[] = "0123456789abcdef0123";
#define KEYLEN (sizeof(key) - 1)

static void test_unique_codes(void)
{
	struct strbuf sb = STRBUF_INIT;

	/* computed independently: python3 hmac.new(key, b"BACK10\0cart_abandoners\0NW-FJORD-NVY-S", sha256),
	 * first 50 bits in Crockford base32 */
	voucher_unique_code(&sb, key, KEYLEN, "BACK10", "BACK10", "cart_abandoners", "NW-FJORD-NVY-S");
	CHECK_STR(sb.buf, "BACK10-SKJTS19CM4");
	CHECK_INT(strcspn(sb.buf + 7, "ILOU"), 10);
	CHECK(voucher_verify(key, KEYLEN, "BACK10-SKJTS19CM4", NULL, "cart_abandoners", "NW-FJORD-NVY-S"));
	CHECK(voucher_verify(key, KEYLEN, "BACK10-SKJTS19CM4", "BACK10", "cart_abandoners", "NW-FJORD-NVY-S"));
	CHECK(!voucher_verify(key, KEYLEN, "BACK10-SKJTS19CM5", NULL, "cart_abandoners", "NW-FJORD-NVY-S"));
	CHECK(!voucher_verify(key, KEYLEN, "back10-skjts19cm4", NULL, "cart_abandoners", "NW-FJORD-NVY-S"));
	CHECK(!voucher_verify(key, KEYLEN, "BACK10-SKJTS19CM4", NULL, "viewers", "NW-FJORD-NVY-S"));
	CHECK(!voucher_verify(key, KEYLEN, "BACK10-SKJTS19CM4", NULL, "cart_abandoners", "NW-FJORD-NVY-M"));
	CHECK(!voucher_verify(key, KEYLEN, "BACK10-SKJTS19CM4", "spring", "cart_abandoners", "NW-FJORD-NVY-S"));
	CHECK(!voucher_verify(key, KEYLEN, "BACK10-SKJTS19CM", NULL, "cart_abandoners", "NW-FJORD-NVY-S"));
	CHECK(!voucher_verify(key, KEYLEN, "BACK10-SKJTS19CM4X", NULL, "cart_abandoners", "NW-FJORD-NVY-S"));
	CHECK(!voucher_verify(key, KEYLEN, "-SKJTS19CM4", NULL, "cart_abandoners", "NW-FJORD-NVY-S"));
	CHECK(!voucher_verify(key, KEYLEN, "", NULL, "cart_abandoners", "NW-FJORD-NVY-S"));
	/* a code prefix with '-' in it: the suffix starts after the last '-' */
	strbuf_reset(&sb);
	voucher_unique_code(&sb, key, KEYLEN, "VIP-5", "q2", "viewers", "A");
	CHECK(voucher_verify(key, KEYLEN, sb.buf, "q2", "viewers", "A"));
	CHECK(!voucher_verify(key, KEYLEN, sb.buf, NULL, "viewers", "A"));
	strbuf_release(&sb);
}

static money_t m(long long major, long long frac4)
{
	return (money_t)(major * MONEY_SCALE + frac4);
}

static void test_discounts(void)
{
	struct voucher v;

	voucher_init(&v);
	v.percent = 15;
	CHECK_INT(voucher_discounted(&v, m(19, 9500), 2), m(16, 9600));  /* 16.9575 -> 16.96 */
	CHECK_INT(voucher_discounted(&v, m(0, 1000), 2), m(0, 900));     /* 0.085 -> 0.09 (half-up) */
	CHECK_INT(voucher_discounted(&v, m(1990, 0), 0), m(1692, 0));    /* 1691.5 -> 1692 */
	CHECK_INT(voucher_discounted(&v, m(1999, 0), 0), m(1699, 0));    /* 1699.15 -> 1699 */
	CHECK_INT(voucher_discounted(&v, m(12, 3450), 3), m(10, 4930));  /* 10.49325 -> 10.493 */
	CHECK_INT(voucher_discounted(&v, m(0, 100), 3), m(0, 90));       /* 0.0085 -> 0.009 */
	v.percent = 99;
	CHECK_INT(voucher_discounted(&v, m(1, 0), 0), m(0, 0));          /* 0.01 JPY -> 0: caller keeps the price */
	v.percent = 0;
	v.amount = m(5, 0);
	CHECK_INT(voucher_discounted(&v, m(19, 9500), 2), m(14, 9500));
	CHECK(voucher_discounted(&v, m(4, 0), 2) < 0);
	CHECK_INT(voucher_discounted(&v, m(5, 0), 2), 0);
	voucher_release(&v);
}

static void test_dates(void)
{
	struct strbuf sb = STRBUF_INIT;
	long long a, b;
	const char *why;

	CHECK_INT(iso8601_parse("2026-06-01", 10, 0, &a), 0);
	CHECK_INT(a, 1780272000);
	CHECK_INT(iso8601_parse("2026-06-01", 10, 1, &b), 0);
	CHECK_INT(b - a, 86399);
	CHECK_INT(iso8601_parse("2026-06-01T08:00-02:00", 22, 0, &a), 0);
	CHECK_INT(a, 1780272000 + 10 * 3600);
	CHECK_INT(iso8601_parse("2026-06-01T08:00:30Z", 20, 0, &a), 0);
	CHECK_INT(iso8601_parse("2026-06-01T08:00+0530", 21, 0, &a), 0);
	CHECK_INT(iso8601_parse("2026-02-29", 10, 0, &a), -1);
	CHECK_INT(iso8601_parse("2028-02-29", 10, 0, &a), 0);
	CHECK_INT(iso8601_parse("2026-06-01T24:00", 16, 0, &a), -1);
	CHECK_INT(iso8601_parse("2026-06-01 08:00", 16, 0, &a), -1);
	CHECK_INT(iso8601_parse("2026-6-1", 8, 0, &a), -1);
	CHECK_INT(iso8601_parse_window("2026-06-01/2026-06-30", &a, &b, &why), 0);
	strbuf_reset(&sb);
	iso8601_format(&sb, a, 1);
	strbuf_addch(&sb, '/');
	iso8601_format(&sb, b, 1);
	CHECK_STR(sb.buf, "2026-06-01T00:00:00+00:00/2026-06-30T23:59:59+00:00");
	strbuf_reset(&sb);
	iso8601_format(&sb, b, 0);
	CHECK_STR(sb.buf, "2026-06-30T23:59+00:00");
	CHECK_INT(iso8601_parse_window("2026-06-30/2026-06-01", &a, &b, &why), -1);
	CHECK_INT(iso8601_parse_window("2026-06-01/2026-06-01", &a, &b, &why), 0); /* one whole day */
	CHECK_INT(iso8601_parse_window("2026-06-01T10:00/2026-06-01T10:00", &a, &b, &why), -1);
	CHECK_INT(iso8601_parse_window("2026-06-01", &a, &b, &why), -1);
	CHECK_INT(iso8601_parse_window("2026-06-01/2026-06-02/2026-06-03", &a, &b, &why), -1);
	strbuf_release(&sb);
}

static void test_names(void)
{
	char id[PROMOTION_ID_MAX + 1];
	unsigned mask;
	const char *bad;

	CHECK(voucher_code_problem("BACK10") == NULL);
	CHECK(voucher_code_problem("back_10-x") == NULL);
	CHECK(voucher_code_problem("AB") != NULL);
	CHECK(voucher_code_problem("ABCDEFGHIJKLMNOPQRSTU") != NULL); /* 21 */
	CHECK(voucher_code_problem("-BACK") != NULL);
	CHECK(voucher_code_problem("BACK 10") != NULL);
	CHECK(voucher_code_problem("BÄCK10") != NULL);
	CHECK(voucher_campaign_problem("q2.retarget") == NULL);
	CHECK(voucher_campaign_problem("spring sale") != NULL);
	CHECK(voucher_campaign_problem("") != NULL);
	voucher_promotion_id(id, "BACK10", "BACK10");
	CHECK_STR(id, "promo_BACK10");
	voucher_promotion_id(id, "BACK10", "q2.retarget");
	CHECK_STR(id, "promo_BACK10_q2_retarget");
	voucher_promotion_id(id, "ABCDEFGHIJKLMNOPQRST", "campaign-with-a-very-long-name-0123456789");
	CHECK_INT(strlen(id), 50);
	CHECK_INT(strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"), 50);
	CHECK_INT(segment_parse_list("viewers, checkout_dropoffs", &mask, &bad), 0);
	CHECK_INT(mask, SEGMENT_BIT(SEGMENT_VIEWERS) | SEGMENT_BIT(SEGMENT_CHECKOUT_DROPOFFS));
	CHECK_INT(segment_parse_list("viewers,buyers", &mask, &bad), -1);
	CHECK_STR(bad, "buyers");
	CHECK_STR(segment_name(SEGMENT_CART_ABANDONERS), "cart_abandoners");
	CHECK_INT(segment_from_name("none"), -1);
}

static void test_promotions(void)
{
	static const char *const dest[] = { "Shopping_ads" };
	struct promotion p = { "promo_BACK10", "specific_products", "generic_code", "BACK10", "10% off selected items",
			       "2026-06-01T00:00:00+00:00/2026-06-30T23:59:59+00:00", "online", dest, 1, "percent_off", "10", NULL };

	CHECK(promotion_problem(&p) == NULL);
	CHECK(promotion_title_problem("10% off selected items", "BACK10") == NULL);
	CHECK(promotion_title_problem("", "BACK10") != NULL);
	CHECK(promotion_title_problem("Use back10 today", "BACK10") != NULL);
	CHECK(promotion_title_problem("10% off until 2026-06-30", "BACK10") != NULL);
	CHECK(promotion_title_problem("10% off until 6/30", "BACK10") != NULL);
	CHECK(promotion_title_problem("10% bis 30.06.", "BACK10") != NULL);
	CHECK(promotion_title_problem("10.5% off 2 items", "BACK10") == NULL);
	CHECK(promotion_title_problem("0123456789012345678901234567890123456789012345678901234567890", "X1Y") != NULL);
	CHECK(promotion_title_problem("ÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜä", "BACK10") == NULL); /* 60 */
	p.promotion_id = "promo BACK10";
	CHECK(promotion_problem(&p) != NULL);
	p.promotion_id = "promo_BACK10";
	p.money_off_amount = "5.00 EUR";
	CHECK(promotion_problem(&p) != NULL); /* both discounts */
	p.money_off_amount = NULL;
	p.coupon_value_type = "money_off";
	CHECK(promotion_problem(&p) != NULL);
	CHECK_INT(promotions_format_from_path("out/p.xml"), PROMOTIONS_XML);
	CHECK_INT(promotions_format_from_path("p.txt"), PROMOTIONS_TSV);
	CHECK_INT(promotions_format_from_path("p.csv"), -1);
	CHECK_INT(promotions_format_from_path("dir.xml/p"), -1);
}

int main(void)
{
	test_unique_codes();
	test_discounts();
	test_dates();
	test_names();
	test_promotions();
	return CHECK_DONE();
}
