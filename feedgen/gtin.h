/* gtin.h: GTIN-8/12/13/14 checks (GS1 mod-10) and the ranges Google refuses.
 * Owns: nothing. */
#ifndef FEEDGEN_GTIN_H
#define FEEDGEN_GTIN_H
#include <stddef.h>

enum gtin_status {
	GTIN_OK = 0,
	GTIN_NOT_DIGITS,    /* a character other than 0-9 (after removing spaces and dashes) */
	GTIN_BAD_LENGTH,    /* not 8, 12, 13 or 14 digits */
	GTIN_BAD_CHECK      /* check digit wrong */
};
/* Normalise (remove spaces and dashes) into out (at least 15 bytes) and check. */
enum gtin_status gtin_check(const char *s, char out[15]);
/* GS1 check digit of the first n digits of s. */
int gtin_check_digit(const char *digits, size_t n);
/* For a valid GTIN: 1 when it starts with a restricted prefix (2, 02, 04; for GTIN-14 the
 * first digit is ignored), else 0. */
int gtin_is_restricted(const char *gtin);
/* For a valid GTIN: 1 when it is in a coupon range (98, 99 after the same padding rule). */
int gtin_is_coupon(const char *gtin);
const char *gtin_status_message(enum gtin_status st);
#endif
