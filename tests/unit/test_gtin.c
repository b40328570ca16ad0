/* test_gtin.c: unit tests for gtin.c (normalisation, GS1 check digits, restricted and coupon ranges).
 * Owns: nothing. */
#include "check.h"
#include "gtin.h"
#include <string.h>

#define DIGIT(s) gtin_check_digit((s), strlen(s))

static void test_check_digit(void)
{
	CHECK_INT(DIGIT("629104150021"), 3);
	CHECK_INT(DIGIT("539123456789"), 2);
	CHECK_INT(DIGIT("890400021003"), 7);
	CHECK_INT(DIGIT("730001100001"), 7);
	CHECK_INT(DIGIT("03600029145"), 2);     /* UPC-A 036000291452 */
	CHECK_INT(DIGIT("9638507"), 4);         /* EAN-8 96385074 */
	CHECK_INT(DIGIT("1061414100001"), 9);   /* GTIN-14 10614141000019 */
	CHECK_INT(DIGIT("000000000000"), 0);
	CHECK_INT(DIGIT("12a"), -1);
	CHECK_INT(gtin_check_digit("", 0), 0);
}

static void test_check(void)
{
	char out[15];

	CHECK_INT(gtin_check("6291041500213", out), GTIN_OK);
	CHECK_STR(out, "6291041500213");
	CHECK_INT(gtin_check("5391234567892", out), GTIN_OK);
	CHECK_INT(gtin_check("8904000210037", out), GTIN_OK);
	CHECK_INT(gtin_check("7300011000017", out), GTIN_OK);
	CHECK_INT(gtin_check("036000291452", out), GTIN_OK);      /* GTIN-12 */
	CHECK_INT(gtin_check("96385074", out), GTIN_OK);          /* GTIN-8 */
	CHECK_INT(gtin_check("10614141000019", out), GTIN_OK);    /* GTIN-14 */
	CHECK_INT(gtin_check("629-1041-500213", out), GTIN_OK);
	CHECK_STR(out, "6291041500213");
	CHECK_INT(gtin_check(" 6 291041 500213 ", out), GTIN_OK);
	CHECK_STR(out, "6291041500213");
	CHECK_INT(gtin_check("6291041500214", out), GTIN_BAD_CHECK);
	CHECK_INT(gtin_check("036000291453", out), GTIN_BAD_CHECK);
	CHECK_INT(gtin_check("629104150021", out), GTIN_BAD_CHECK);  /* 12 digits, wrong check */
	CHECK_INT(gtin_check("62910415002", out), GTIN_BAD_LENGTH);
	CHECK_INT(gtin_check("123456789", out), GTIN_BAD_LENGTH);
	CHECK_INT(gtin_check("123456789012345", out), GTIN_BAD_LENGTH);
	CHECK_INT(strlen(out), 14);
	CHECK_INT(gtin_check("12345678901234567890123456789", out), GTIN_BAD_LENGTH);
	CHECK_INT(gtin_check("", out), GTIN_BAD_LENGTH);
	CHECK_INT(gtin_check(NULL, out), GTIN_BAD_LENGTH);
	CHECK_INT(gtin_check("629104150021X", out), GTIN_NOT_DIGITS);
	CHECK_INT(gtin_check("ABC", out), GTIN_NOT_DIGITS);
	CHECK_INT(gtin_check("6291041500213.0", out), GTIN_NOT_DIGITS);
	CHECK_INT(gtin_check("6.291041500213E12", out), GTIN_NOT_DIGITS); /* spreadsheet export */
	CHECK_INT(gtin_check("\xEF\xBC\x96", out), GTIN_NOT_DIGITS);
	CHECK_INT(gtin_check("00000000", out), GTIN_OK);
}

static void test_ranges(void)
{
	CHECK(!gtin_is_restricted("6291041500213"));
	CHECK(gtin_is_restricted("2000000000008"));     /* GTIN-13 starting 2 */
	CHECK(gtin_is_restricted("0200000000003"));     /* 02 */
	CHECK(gtin_is_restricted("0400000000001"));     /* 04 */
	CHECK(gtin_is_restricted("200000000007"));      /* GTIN-12 starting 2 = GTIN-13 02... */
	CHECK(gtin_is_restricted("400000000003"));      /* GTIN-12 starting 4 = 04 */
	CHECK(!gtin_is_restricted("036000291452"));     /* UPC 0 -> 00 */
	CHECK(gtin_is_restricted("12000000000005"));    /* GTIN-14: indicator ignored, then 2 */
	CHECK(gtin_is_restricted("90200000000008"));
	CHECK(!gtin_is_restricted("10614141000019"));
	CHECK(!gtin_is_restricted("96385074"));         /* GTIN-8 pads to 00000... */
	CHECK(!gtin_is_restricted("notdigits"));
	CHECK(!gtin_is_restricted(NULL));
	CHECK(gtin_is_coupon("9800000000003"));
	CHECK(gtin_is_coupon("9912345678904"));
	CHECK(!gtin_is_coupon("9780306406157"));        /* ISBN */
	CHECK(gtin_is_coupon("19912345678904"));        /* GTIN-14 indicator ignored */
	CHECK(!gtin_is_coupon("990000000003"));         /* GTIN-12 9 -> 09, not a coupon */
	CHECK(!gtin_is_coupon("6291041500213"));
	CHECK(!gtin_is_coupon(""));
}

static void test_messages(void)
{
	enum gtin_status st;

	for (st = GTIN_OK; st <= GTIN_BAD_CHECK; st++) {
		const char *m = gtin_status_message(st);
		CHECK(m && *m && m[0] >= 'a' && m[0] <= 'z' && m[strlen(m) - 1] != '.');
	}
	CHECK_STR(gtin_status_message(GTIN_BAD_CHECK), "has a wrong check digit");
}

int main(void)
{
	test_check_digit();
	test_check();
	test_ranges();
	test_messages();
	return CHECK_DONE();
}
