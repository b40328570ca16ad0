/* gtin.c: GTIN-8/12/13/14 normalisation, GS1 mod-10 check digits and restricted ranges (see gtin.h).
 * Owns: nothing. */
#include "gtin.h"
#include <string.h>

int gtin_check_digit(const char *digits, size_t n)
{
	int sum = 0, weight = 3;
	size_t i;

	/* weights 3,1,3,1... from the rightmost digit of the payload */
	for (i = n; i-- > 0;) {
		if (digits[i] < '0' || digits[i] > '9')
			return -1;
		sum += (digits[i] - '0') * weight;
		weight = 4 - weight;
	}
	return (10 - sum % 10) % 10;
}

enum gtin_status gtin_check(const char *s, char out[15])
{
	size_t n = 0;
	int not_digits = 0, too_long = 0;

	out[0] = '\0';
	if (!s)
		return GTIN_BAD_LENGTH;
	for (; *s; s++) {
		if (*s == ' ' || *s == '-')
			continue;
		if (*s < '0' || *s > '9')
			not_digits = 1;
		if (n < 14)
			out[n++] = *s;
		else
			too_long = 1;
	}
	out[n] = '\0';
	if (not_digits)
		return GTIN_NOT_DIGITS;
	if (too_long || (n != 8 && n != 12 && n != 13 && n != 14))
		return GTIN_BAD_LENGTH;
	if (gtin_check_digit(out, n - 1) != out[n - 1] - '0')
		return GTIN_BAD_CHECK;
	return GTIN_OK;
}

/* The GTIN left-padded with zeros to 14 digits, minus the GTIN-14 indicator digit: the
 * GTIN-13 view in which GS1 prefixes are defined. NULL when gtin is not 8-14 digits. */
static const char *gtin13_view(const char *gtin, char buf[14])
{
	size_t n = gtin ? strlen(gtin) : 0, i;

	if (n < 8 || n > 14)
		return NULL;
	for (i = 0; i < n; i++)
		if (gtin[i] < '0' || gtin[i] > '9')
			return NULL;
	memset(buf, '0', 14);
	memcpy(buf + 14 - n, gtin, n);
	return buf + 1;
}

int gtin_is_restricted(const char *gtin)
{
	char buf[14];
	const char *p = gtin13_view(gtin, buf);

	if (!p)
		return 0;
	return p[0] == '2' || (p[0] == '0' && (p[1] == '2' || p[1] == '4'));
}

int gtin_is_coupon(const char *gtin)
{
	char buf[14];
	const char *p = gtin13_view(gtin, buf);

	if (!p)
		return 0;
	return p[0] == '9' && (p[1] == '8' || p[1] == '9');
}

const char *gtin_status_message(enum gtin_status st)
{
	switch (st) {
	case GTIN_OK:
		return "is a valid GTIN";
	case GTIN_NOT_DIGITS:
		return "contains characters other than digits, spaces and dashes";
	case GTIN_BAD_LENGTH:
		return "is not 8, 12, 13 or 14 digits long";
	case GTIN_BAD_CHECK:
		return "has a wrong check digit";
	}
	return "is not a GTIN";
}
