/* money.h: decimal prices and ISO 4217 currencies, with no floating point.
 * Owns: the currency table (code -> minor-unit digits). */
#ifndef FEEDGEN_MONEY_H
#define FEEDGEN_MONEY_H
#include <stddef.h>
#include <stdint.h>
#include "strbuf.h"

/* An amount in 1/10000 of the currency's major unit (4 decimals are enough for every ISO 4217
 * currency: the most is 4, CLF/UYW). 9,223,372,036,854 major units at most. */
typedef int64_t money_t;
#define MONEY_SCALE 10000

/* Minor-unit digits for an ISO 4217 alphabetic code (USD 2, JPY 0, OMR 3, CLF 4), or -1 when
 * the code is not a current ISO 4217 currency. Codes are upper case only. */
int currency_decimals(const char *code);
/* Parse a plain decimal "12", "12.5", "12.50", " 12.50 " (no sign, no thousands separator,
 * no exponent, at most 4 decimals other than trailing zeros: "250.00000" is 250). Returns 0, or
 * -1 with *why set to a static explanation. Nothing is rounded. */
int money_parse(const char *s, money_t *out, const char **why);
/* money_parse, and *decimals_seen (when not NULL) the number of digits after the point as
 * written, trailing zeros included ("12.500" -> 3). */
int money_parse_decimals(const char *s, money_t *out, int *decimals_seen, const char **why);
/* True when amount needs no more than `decimals` digits: money_fits(12.500, 2) is true,
 * money_fits(12.505, 2) false. The test callers make before formatting, so that a value
 * money_format() would round is reported instead. */
int money_fits(money_t amount, int decimals);
/* Append amount rounded half-up to `decimals` digits, then " " and currency: "12.00 USD". */
void money_format(struct strbuf *out, money_t amount, int decimals, const char *currency);
/* Round half-up to `decimals` digits (still in MONEY_SCALE units). */
money_t money_round(money_t amount, int decimals);
/* Parse a feed price "12.00 USD": number, one space, 3-letter code. Returns 0 or -1 (*why). On
 * success *decimals_seen holds how many decimals the number had. */
int money_parse_price(const char *s, money_t *amount, char currency[4], int *decimals_seen, const char **why);
/* Split a price as feeds and exports write it, leniently: "12.00 USD", "12.00USD", "12.00 usd",
 * "12.00" (trailing spaces ignored). The text before a trailing 3-letter word goes into amount
 * (reset, then trimmed; not parsed), the word upper-cased into currency ("" when there is none:
 * "Free" and "12.00" have none). Whether the amount is a number and the code a current ISO 4217
 * currency are the caller's checks (money_parse, currency_decimals). */
void money_split_price(const char *s, struct strbuf *amount, char currency[4]);
#endif
