/* cisearch.c: see cisearch.h (split from text.c when it passed 600 lines).
 * Owns: nothing. */
#include "cisearch.h"
#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Candidates come from memchr (both cases) for the needle's rarest byte ("1" in BACK10 rather
 * than "b": letters by their frequency in English, digits and everything else rarer) before
 * strncasecmp checks them. */
static int byte_rarity(unsigned char c)
{
	/* rank of a..z in "etaoinshrdlcumwfgypbvkjxqz" */
	static const signed char letter_rank[26] = { 2, 19, 11, 9, 0, 15, 16, 7, 4, 22, 21, 10, 13,
						    5, 3, 18, 24, 8, 6, 1, 12, 20, 14, 23, 17, 25 };
	if (c == ' ')
		return -1;
	if (c >= 'a' && c <= 'z')
		return letter_rank[c - 'a'];
	if (c >= 'A' && c <= 'Z')
		return letter_rank[c - 'A'];
	return 30;
}

void ci_needle_init(struct ci_needle *nd, const char *s)
{
	nd->s = s ? s : "";
	nd->len = strlen(nd->s);
	nd->pick = 0;
	for (size_t j = 1; j < nd->len; j++)
		if (byte_rarity((unsigned char)nd->s[j]) > byte_rarity((unsigned char)nd->s[nd->pick]))
			nd->pick = j;
	nd->lower = tolower((unsigned char)nd->s[nd->pick]);
	nd->upper = toupper((unsigned char)nd->s[nd->pick]);
}

int ci_contains(const char *hay, size_t n, const struct ci_needle *nd)
{
	size_t k = nd->len, pick = nd->pick;

	if (!k || k > n)
		return 0;
	/* a match starting at offset i has its picked byte at i + pick, with i + k <= n */
	size_t to = n - k + pick + 1, at_lower = 0, at_upper = to, i = pick;
	int have_lower = 0, have_upper = nd->upper == nd->lower;

	while (i < to) {
		if (!have_lower || at_lower < i) {
			const char *c = memchr(hay + i, nd->lower, to - i);
			at_lower = c ? (size_t)(c - hay) : to;
			have_lower = 1;
		}
		if (!have_upper || at_upper < i) {
			const char *c = memchr(hay + i, nd->upper, to - i);
			at_upper = c ? (size_t)(c - hay) : to;
			have_upper = 1;
		}
		i = at_lower < at_upper ? at_lower : at_upper;
		if (i == to)
			return 0;
		if (!strncasecmp(hay + i - pick, nd->s, k))
			return 1;
		i++;
	}
	return 0;
}
