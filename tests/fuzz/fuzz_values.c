/* fuzz_values.c: libFuzzer target for the value parsers a feed or catalog value goes through:
 * prices (money.c), ISO 8601 dates and windows (dates.c), GTINs (gtin.c) and URLs (urlenc.c,
 * libcurl's URL API underneath). Every parser gets the whole input as one NUL-terminated
 * string; what parses must survive a format/parse round trip.
 * Owns: the string copy and scratch buffers of each input. */
#include "dates.h"
#include "gtin.h"
#include "money.h"
#include "urlenc.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void prices(const char *s)
{
	struct strbuf out = STRBUF_INIT;
	const char *why = NULL;
	money_t m, back;
	char cur[4];
	int dec;

	if (money_parse(s, &m, &why) == 0) {
		if (m < 0)
			abort();
		money_format(&out, m, 4, "XXX");
		out.buf[out.len - 4] = '\0'; /* drop " XXX" */
		if (money_parse(out.buf, &back, &why) || back != m)
			abort();
	} else if (!why) {
		abort();
	}
	if (money_parse_price(s, &m, cur, &dec, &why) == 0) {
		/* decimals past the 4th are counted (the price-decimals rule names them) but must be
		 * zeros: nothing is rounded away ("12.000000 USD" is 12, found by CI's fuzz smoke when
		 * the old bound dec <= 4 no longer held) */
		if (strlen(cur) != 3 || dec < 0 || money_round(m, 4) != m)
			abort();
		currency_decimals(cur);
	}
	strbuf_release(&out);
}

static void dates(const char *s, size_t n)
{
	struct strbuf out = STRBUF_INIT;
	long long t, back, from, until;
	const char *why = NULL;

	if (iso8601_parse(s, n, 0, &t) == 0) {
		iso8601_format(&out, t, 1);
		if (iso8601_parse(out.buf, out.len, 0, &back) || back != t)
			abort();
	}
	iso8601_parse(s, n, 1, &t);
	if (iso8601_parse_window(s, &from, &until, &why) && !why)
		abort();
	strbuf_release(&out);
}

static void gtins(const char *s)
{
	char out[15];
	size_t n;

	if (gtin_check(s, out) != GTIN_OK)
		return;
	n = strlen(out);
	if ((n != 8 && n != 12 && n != 13 && n != 14) || out[n - 1] - '0' != gtin_check_digit(out, n - 1))
		abort();
	gtin_is_restricted(out);
	gtin_is_coupon(out);
}

static void urls(const char *s, size_t n)
{
	struct strbuf out = STRBUF_INIT;
	char ext[8];

	url_problem(s, 0);
	url_problem(s, 2000);
	url_normalize(&out, s);
	/* the normalised URL is ASCII without spaces */
	for (size_t i = 0; i < out.len; i++)
		if ((unsigned char)out.buf[i] >= 0x80 || out.buf[i] == ' ')
			abort();
	url_extension(s, ext);
	if (strlen(ext) > 7)
		abort();
	strbuf_reset(&out);
	url_base(&out, s);
	strbuf_reset(&out);
	url_escape_component(&out, s, n);
	strbuf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	size_t n;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	n = strlen(s);
	prices(s);
	dates(s, n);
	gtins(s);
	urls(s, n);
	free(s);
	return 0;
}
