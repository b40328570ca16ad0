/* test_normalize.c: unit tests for normalize.c's helpers that replace printf on the per-item
 * path (issue 12). Owns: nothing. */
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

int main(void)
{
	test_format_g();
	return CHECK_DONE();
}
