/* test_cisearch.c: unit tests for the ASCII case-insensitive search of cisearch.c (ci_contains,
 * the voucher guard's and the promotion title check's one function, issue 12): fixed cases
 * at the edges, then random texts from a small alphabet against the naive search.
 * Owns: nothing. */
#include "check.h"
#include "cisearch.h"
#include "text.h"
#include <stdlib.h>
#include <strings.h>

static int found(const char *hay, const char *needle)
{
	struct ci_needle nd;

	ci_needle_init(&nd, needle);
	return ci_contains(hay, strlen(hay), &nd);
}

static int naive(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; k && i + k <= n; i++)
		if (!strncasecmp(hay + i, needle, k))
			return 1;
	return 0;
}

static void test_fixed(void)
{
	CHECK(found("Use code BACK10 today", "BACK10"));
	CHECK(found("use back10", "BACK10"));
	CHECK(found("BaCk10", "back10"));
	CHECK(found("back10", "BACK10"));          /* the whole text */
	CHECK(found("xxback10", "BACK10"));        /* at the end */
	CHECK(!found("back1", "BACK10"));          /* longer than the text */
	CHECK(!found("back 10 bac10 ack10", "BACK10"));
	CHECK(!found("anything", ""));             /* an empty needle is found nowhere */
	CHECK(!found("anything", NULL));
	CHECK(!found("", "a"));
	CHECK(found("1111110", "110"));            /* the picked byte repeats */
	CHECK(found("--==--", "=="));              /* no letters */
	CHECK(found("Use code BACK10 for 10% off", "use code back10 for 10% OFF"));
}

static void test_random(void)
{
	static const char alphabet[] = "aAbB10 ";
	char hay[24], needle[5];
	int mismatches = 0;

	srand(12);
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(rand() % 23), k = (size_t)(rand() % 4) + 1;
		struct ci_needle nd;
		for (size_t i = 0; i < n; i++)
			hay[i] = alphabet[rand() % 7];
		hay[n] = '\0';
		for (size_t i = 0; i < k; i++)
			needle[i] = alphabet[rand() % 7];
		needle[k] = '\0';
		ci_needle_init(&nd, needle);
		if (ci_contains(hay, n, &nd) != naive(hay, n, needle) && mismatches++ < 3)
			printf("# '%s' in '%s': %d\n", needle, hay, ci_contains(hay, n, &nd));
	}
	CHECK_INT(mismatches, 0);
}

int main(void)
{
	test_fixed();
	test_random();
	return CHECK_DONE();
}
