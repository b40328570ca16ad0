/* test_money.c: unit tests for money.c (ISO 4217 table, parsing, rounding, formatting).
 * Owns: its scratch buffer. */
#include "check.h"
#include "money.h"
#include <stdio.h>
#include <string.h>

static struct strbuf sb = STRBUF_INIT;

static const char *fmt(money_t amount, int decimals, const char *cur)
{
	strbuf_reset(&sb);
	money_format(&sb, amount, decimals, cur);
	return sb.buf;
}

static void test_currencies(void)
{
	CHECK_INT(currency_decimals("USD"), 2);
	CHECK_INT(currency_decimals("EUR"), 2);
	CHECK_INT(currency_decimals("GBP"), 2);
	CHECK_INT(currency_decimals("JPY"), 0);
	CHECK_INT(currency_decimals("KRW"), 0);
	CHECK_INT(currency_decimals("VND"), 0);
	CHECK_INT(currency_decimals("CLP"), 0);
	CHECK_INT(currency_decimals("ISK"), 0);
	CHECK_INT(currency_decimals("XOF"), 0);
	CHECK_INT(currency_decimals("BHD"), 3);
	CHECK_INT(currency_decimals("KWD"), 3);
	CHECK_INT(currency_decimals("OMR"), 3);
	CHECK_INT(currency_decimals("JOD"), 3);
	CHECK_INT(currency_decimals("TND"), 3);
	CHECK_INT(currency_decimals("IQD"), 3);
	CHECK_INT(currency_decimals("LYD"), 3);
	CHECK_INT(currency_decimals("CLF"), 4);
	CHECK_INT(currency_decimals("UYW"), 4);
	CHECK_INT(currency_decimals("AED"), 2);   /* first */
	CHECK_INT(currency_decimals("ZWG"), 2);
	CHECK_INT(currency_decimals("ZWL"), 2);   /* last */
	CHECK_INT(currency_decimals("SLE"), 2);
	CHECK_INT(currency_decimals("VES"), 2);
	CHECK_INT(currency_decimals("usd"), -1);  /* upper case only */
	CHECK_INT(currency_decimals("HRK"), -1);  /* replaced by EUR in 2023 */
	CHECK_INT(currency_decimals("XXX"), -1);
	CHECK_INT(currency_decimals("XAU"), -1);  /* gold has no minor unit */
	CHECK_INT(currency_decimals("US"), -1);
	CHECK_INT(currency_decimals("USDX"), -1);
	CHECK_INT(currency_decimals(""), -1);
	CHECK_INT(currency_decimals(NULL), -1);
	CHECK_INT(currency_decimals("AAA"), -1);
	CHECK_INT(currency_decimals("ZZZ"), -1);
}

static void test_parse(void)
{
	money_t m = -1;
	const char *why = NULL;

	CHECK_INT(money_parse("12", &m, &why), 0);
	CHECK_INT(m, 120000);
	CHECK_INT(money_parse("12.5", &m, &why), 0);
	CHECK_INT(m, 125000);
	CHECK_INT(money_parse("12.50", &m, &why), 0);
	CHECK_INT(m, 125000);
	CHECK_INT(money_parse(" 12.50 ", &m, &why), 0);
	CHECK_INT(m, 125000);
	CHECK_INT(money_parse("0.0001", &m, &why), 0);
	CHECK_INT(m, 1);
	CHECK_INT(money_parse("0", &m, &why), 0);
	CHECK_INT(m, 0);
	CHECK_INT(money_parse("007.10", &m, &why), 0);
	CHECK_INT(m, 71000);
	CHECK_INT(money_parse("19.99", &m, &why), 0);
	CHECK_INT(m, 199900);
	CHECK_INT(money_parse("9223372036854.9999", &m, &why), 0);
	CHECK_INT(m, INT64_C(92233720368549999));
	CHECK_INT(money_parse("9223372036855", &m, &why), -1);
	CHECK_STR(why, "is too large");
	CHECK_INT(money_parse("99999999999999999999999", &m, &why), -1);
	CHECK_STR(why, "is too large");
	CHECK_INT(money_parse("12.34567", &m, &why), -1);
	CHECK_STR(why, "has more than 4 decimals");
	CHECK_INT(money_parse("19,00", &m, &why), -1);
	CHECK(strstr(why, "decimal") != NULL);
	CHECK_INT(money_parse("1,000.00", &m, &why), -1);
	CHECK_INT(money_parse("-5", &m, &why), -1);
	CHECK_STR(why, "is negative");
	CHECK_INT(money_parse("+5", &m, &why), -1);
	CHECK_INT(money_parse("1e3", &m, &why), -1);
	CHECK_INT(money_parse("", &m, &why), -1);
	CHECK_STR(why, "is empty");
	CHECK_INT(money_parse("   ", &m, &why), -1);
	CHECK_INT(money_parse(NULL, &m, &why), -1);
	CHECK_INT(money_parse(".5", &m, &why), -1);
	CHECK_INT(money_parse("5.", &m, &why), -1);
	CHECK_INT(money_parse("1 2", &m, &why), -1);
	CHECK_INT(money_parse("12.00 USD", &m, &why), -1);
	CHECK_INT(money_parse("abc", &m, &why), -1);
	CHECK_INT(money_parse("1.2.3", &m, &why), -1);
	CHECK_INT(money_parse("NaN", &m, &why), -1);
	CHECK_INT(money_parse("\xEF\xBC\x91", &m, &why), -1);  /* fullwidth digit */
	CHECK_INT(money_parse("12", &m, NULL), 0);           /* why may be NULL */
}

/* issue 8: decimals as written, trailing zeros past the 4th accepted, and the exactness test
 * that replaces silent rounding */
static void test_decimals(void)
{
	money_t m = -1;
	int dec = -1;
	const char *why = NULL;

	CHECK_INT(money_parse_decimals("250.000", &m, &dec, &why), 0);
	CHECK_INT(m, 2500000);
	CHECK_INT(dec, 3);
	CHECK_INT(money_parse_decimals("12", &m, &dec, &why), 0);
	CHECK_INT(dec, 0);
	CHECK_INT(money_parse_decimals("250.000000", &m, &dec, &why), 0); /* zeros change nothing */
	CHECK_INT(m, 2500000);
	CHECK_INT(dec, 6);
	CHECK_INT(money_parse_decimals("1.00010", &m, &dec, &why), 0);
	CHECK_INT(m, 10001);
	CHECK_INT(money_parse_decimals("1.000001", &m, &dec, &why), -1);   /* would be rounded */
	CHECK_STR(why, "has more than 4 decimals");
	CHECK_INT(money_parse_decimals("12.5", &m, NULL, &why), 0);       /* decimals may be NULL */
	CHECK(money_fits(125000, 2));    /* 12.500 -> 12.50 */
	CHECK(money_fits(2500000, 0));   /* 250.000 JPY -> 250 */
	CHECK(!money_fits(125050, 2));   /* 12.505 */
	CHECK(!money_fits(2501230, 2));  /* 250.123 */
	CHECK(money_fits(125050, 3));    /* 12.505 OMR */
	CHECK(!money_fits(1, 3));
	CHECK(money_fits(1, 4));
	CHECK(money_fits(0, 0));
	CHECK(money_fits(120000, -1));   /* negative decimals read as 0 */
}

static void test_round(void)
{
	CHECK_INT(money_round(125000, 2), 125000);
	CHECK_INT(money_round(124950, 2), 125000);   /* 12.495 -> 12.50 */
	CHECK_INT(money_round(124949, 2), 124900);
	CHECK_INT(money_round(125000, 0), 130000);   /* 12.5 -> 13 */
	CHECK_INT(money_round(124999, 0), 120000);
	CHECK_INT(money_round(12345, 3), 12350);     /* 1.2345 -> 1.235 */
	CHECK_INT(money_round(12345, 4), 12345);
	CHECK_INT(money_round(-124950, 2), -125000); /* halves away from zero */
	CHECK_INT(money_round(-124949, 2), -124900);
	CHECK_INT(money_round(0, 0), 0);
	CHECK_INT(money_round(INT64_MAX, 0), INT64_MAX - 5807); /* no overflow: stays rounded down */
}

static void test_format(void)
{
	CHECK_STR(fmt(120000, 2, "USD"), "12.00 USD");
	CHECK_STR(fmt(125000, 2, "EUR"), "12.50 EUR");
	CHECK_STR(fmt(124950, 2, "EUR"), "12.50 EUR");
	CHECK_STR(fmt(1500000, 0, "JPY"), "150 JPY");
	CHECK_STR(fmt(15000, 0, "JPY"), "2 JPY");
	CHECK_STR(fmt(12345, 3, "KWD"), "1.235 KWD");
	CHECK_STR(fmt(12345, 4, "CLF"), "1.2345 CLF");
	CHECK_STR(fmt(5, 2, "USD"), "0.00 USD");
	CHECK_STR(fmt(50, 2, "USD"), "0.01 USD");
	CHECK_STR(fmt(1, 2, "USD"), "0.00 USD");
	CHECK_STR(fmt(-120000, 2, "USD"), "-12.00 USD");
	CHECK_STR(fmt(120000, 2, NULL), "12.00");
	CHECK_STR(fmt(INT64_C(92233720368549999), 4, "USD"), "9223372036854.9999 USD");
	CHECK_STR(fmt(INT64_MIN, 0, "USD"), "-922337203685477 USD");
	CHECK_STR(fmt(-50, 2, "USD"), "-0.01 USD");
	CHECK_STR(fmt(INT64_MAX, 4, ""), "922337203685477.5807");
	CHECK_STR(fmt(INT64_MIN, 4, "EUR"), "-922337203685477.5808 EUR");
	CHECK_STR(fmt(125000, -1, "X"), "13 X");   /* decimals clamped to 0..4 */
	CHECK_STR(fmt(12345, 9, "X"), "1.2345 X");
}

/* money_format writes its digits by hand (issue 12): the same text as printf's, amount by
 * amount, over every decimals and signs, zeros and the extremes. */
static void test_format_like_printf(void)
{
	static const money_t base[] = { 0, 1, 4, 5, 9, 49, 50, 99, 100, 9999, 10000, 10001, 99995, 123456789,
					INT64_C(92233720368549999), INT64_MAX - 1, INT64_MAX };
	char want[64];
	int bad = 0;

	for (size_t b = 0; b < sizeof(base) / sizeof(base[0]); b++)
		for (int sign = 0; sign < 2; sign++)
			for (int d = 0; d <= 4; d++) {
				money_t a = sign ? -base[b] : base[b], r = money_round(a, d);
				uint64_t mag = r < 0 ? (uint64_t)0 - (uint64_t)r : (uint64_t)r;
				static const uint64_t div[] = { 10000, 1000, 100, 10, 1 };
				if (d)
					snprintf(want, sizeof(want), "%s%llu.%0*llu USD", r < 0 ? "-" : "",
						 (unsigned long long)(mag / 10000), d,
						 (unsigned long long)((mag % 10000) / div[d]));
				else
					snprintf(want, sizeof(want), "%s%llu USD", r < 0 ? "-" : "",
						 (unsigned long long)(mag / 10000));
				if (strcmp(fmt(a, d, "USD"), want) && bad++ < 5)
					CHECK_STR(sb.buf, want);
			}
	CHECK_INT(bad, 0);
}

static void test_parse_price(void)
{
	money_t m = 0;
	char cur[4] = "";
	int dec = -1;
	const char *why = NULL;

	CHECK_INT(money_parse_price("12.00 USD", &m, cur, &dec, &why), 0);
	CHECK_INT(m, 120000);
	CHECK_STR(cur, "USD");
	CHECK_INT(dec, 2);
	CHECK_INT(money_parse_price("1500 JPY", &m, cur, &dec, &why), 0);
	CHECK_INT(m, 15000000);
	CHECK_STR(cur, "JPY");
	CHECK_INT(dec, 0);
	CHECK_INT(money_parse_price("1.234 KWD", &m, cur, &dec, &why), 0);
	CHECK_INT(dec, 3);
	CHECK_INT(money_parse_price("12.00", &m, cur, &dec, &why), -1);
	CHECK(strstr(why, "currency") != NULL);
	CHECK_INT(money_parse_price("12.00  USD", &m, cur, &dec, &why), -1);
	CHECK_INT(money_parse_price("12.00 usd", &m, cur, &dec, &why), -1);
	CHECK_INT(money_parse_price("12.00 US", &m, cur, &dec, &why), -1);
	CHECK_INT(money_parse_price("12.00 USDX", &m, cur, &dec, &why), -1);
	CHECK_INT(money_parse_price("12.00 USD ", &m, cur, &dec, &why), -1);
	CHECK_INT(money_parse_price(" 12.00 USD", &m, cur, &dec, &why), -1);
	CHECK_INT(money_parse_price("USD 12.00", &m, cur, &dec, &why), -1);
	CHECK_INT(money_parse_price("$12.00", &m, cur, &dec, &why), -1);
	CHECK_INT(money_parse_price("12,00 EUR", &m, cur, &dec, &why), -1);
	/* the format is checked here; the code against the table by currency_decimals() */
	CHECK_INT(money_parse_price("12.00 ABC", &m, cur, &dec, &why), 0);
	CHECK_STR(cur, "ABC");
	CHECK_INT(money_parse_price("12.00\tUSD", &m, cur, &dec, &why), -1);
	CHECK_INT(money_parse_price("", &m, cur, &dec, &why), -1);
	CHECK_INT(money_parse_price(NULL, &m, cur, &dec, &why), -1);
	CHECK_INT(money_parse_price("12.00 USD", &m, cur, NULL, NULL), 0);
}

/* money_split_price: the lenient splitter that feeds read as catalogs and mapped catalogs share */
static const char *split(const char *s, char cur[4])
{
	money_split_price(s, &sb, cur);
	return sb.buf;
}

static void test_split_price(void)
{
	char cur[4] = "?";

	CHECK_STR(split("12.00 USD", cur), "12.00");
	CHECK_STR(cur, "USD");
	CHECK_STR(split("12.00USD", cur), "12.00");
	CHECK_STR(cur, "USD");
	CHECK_STR(split("12.00 eur", cur), "12.00");
	CHECK_STR(cur, "EUR");
	CHECK_STR(split("  7.5  chf  ", cur), "7.5");
	CHECK_STR(cur, "CHF");
	CHECK_STR(split("1500 JPY", cur), "1500");
	CHECK_STR(cur, "JPY");
	/* no code: the whole text (trimmed) is the amount */
	CHECK_STR(split("12.00", cur), "12.00");
	CHECK_STR(cur, "");
	CHECK_STR(split(" 12.00 ", cur), "12.00");
	CHECK_STR(cur, "");
	CHECK_STR(split("", cur), "");
	CHECK_STR(cur, "");
	/* a word of three letters only when it ends the text and stands after a non-letter */
	CHECK_STR(split("Free", cur), "Free");
	CHECK_STR(cur, "");
	CHECK_STR(split("USD", cur), "USD");
	CHECK_STR(cur, "");
	CHECK_STR(split("12.00 USDX", cur), "12.00 USDX");
	CHECK_STR(cur, "");
	CHECK_STR(split("12.00 US", cur), "12.00 US");
	CHECK_STR(cur, "");
	CHECK_STR(split("USD 12.00", cur), "USD 12.00");
	CHECK_STR(cur, "");
	/* the amount is not parsed, the code not looked up: the callers' checks */
	CHECK_STR(split("12,00 XYZ", cur), "12,00");
	CHECK_STR(cur, "XYZ");
	CHECK_STR(split("1 box", cur), "1");
	CHECK_STR(cur, "BOX");
	/* the amount buffer is reset, not appended to */
	strbuf_addstr(&sb, "old");
	CHECK_STR(split("3 GBP", cur), "3");
}

int main(void)
{
	test_currencies();
	test_parse();
	test_decimals();
	test_round();
	test_format();
	test_format_like_printf();
	test_parse_price();
	test_split_price();
	strbuf_release(&sb);
	return CHECK_DONE();
}
