/* cisearch.h: ASCII case-insensitive search of one string in many texts (the voucher guard,
 * promotion titles).
 * Owns: nothing (a needle borrows its string). */
#ifndef FEEDGEN_CISEARCH_H
#define FEEDGEN_CISEARCH_H
#include <stddef.h>

/* ASCII case-insensitive search for one string in many texts (the voucher guard scans every
 * field of every item): the needle is prepared once (its rarest byte, found by memchr). s is
 * borrowed; an empty or NULL needle is found nowhere. */
struct ci_needle {
	const char *s;
	size_t len, pick;
	int lower, upper;
};
void ci_needle_init(struct ci_needle *nd, const char *s);
/* Whether hay[0..n) holds the needle. */
int ci_contains(const char *hay, size_t n, const struct ci_needle *nd);
#endif
