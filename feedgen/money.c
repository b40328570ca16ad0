/* money.c: decimal prices in fixed point and the ISO 4217 currency table (see money.h).
 * Owns: the currency table (code -> minor-unit digits), read-only. */
#include "money.h"
#include <ctype.h>
#include <stdint.h>
#include <string.h>

/* Active ISO 4217 codes with their minor-unit digits, sorted for binary search. Codes without
 * minor units ("N.A.": XAU, XDR, XXX, ...) are not prices and are left out. ANG, CUC, SLL and
 * ZWL are on their way out but still appear in exports, so they are kept. */
static const struct currency {
	char code[4];
	signed char decimals;
} currencies[] = {
	{ "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 }, { "AOA", 2 },
	{ "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 }, { "BAM", 2 }, { "BBD", 2 },
	{ "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 }, { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 },
	{ "BOB", 2 }, { "BOV", 2 }, { "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 },
	{ "BYN", 2 }, { "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
	{ "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 }, { "COU", 2 },
	{ "CRC", 2 }, { "CUC", 2 }, { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 }, { "DJF", 0 },
	{ "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 }, { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 },
	{ "EUR", 2 }, { "FJD", 2 }, { "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 },
	{ "GIP", 2 }, { "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 },
	{ "HNL", 2 }, { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 }, { "INR", 2 },
	{ "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 }, { "JPY", 0 },
	{ "KES", 2 }, { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 },
	{ "KWD", 3 }, { "KYD", 2 }, { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 },
	{ "LRD", 2 }, { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 },
	{ "MKD", 2 }, { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 },
	{ "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 }, { "MYR", 2 }, { "MZN", 2 },
	{ "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 },
	{ "OMR", 3 }, { "PAB", 2 }, { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 },
	{ "PLN", 2 }, { "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 },
	{ "RWF", 0 }, { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 },
	{ "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 }, { "SLL", 2 }, { "SOS", 2 }, { "SRD", 2 },
	{ "SSP", 2 }, { "STN", 2 }, { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 },
	{ "TJS", 2 }, { "TMT", 2 }, { "TND", 3 }, { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 },
	{ "TWD", 2 }, { "TZS", 2 }, { "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "USN", 2 },
	{ "UYI", 0 }, { "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 }, { "VED", 2 }, { "VES", 2 },
	{ "VND", 0 }, { "VUV", 0 }, { "WST", 2 }, { "XAF", 0 }, { "XCD", 2 }, { "XCG", 2 },
	{ "XOF", 0 }, { "XPF", 0 }, { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 },
	{ "ZWL", 2 },
};

int currency_decimals(const char *code)
{
	size_t lo = 0, hi = sizeof(currencies) / sizeof(currencies[0]);

	if (!code || strlen(code) != 3)
		return -1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(code, currencies[mid].code);
		if (!cmp)
			return currencies[mid].decimals;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* The header's documented ceiling: leaves room for sums and scaling without overflow. */
#define MONEY_MAX_UNITS INT64_C(9223372036854)

static const money_t pow10_table[] = { 1, 10, 100, 1000, 10000 };

/* Parse digits[.digits] at *sp (no spaces); advances *sp past the number. */
static int parse_number(const char **sp, money_t *out, int *decimals, const char **why)
{
	const char *s = *sp;
	int64_t units = 0, frac = 0;
	int ndec = 0, nint = 0;

	if (*s == '-' || *s == '+') {
		*why = *s == '-' ? "is negative" : "has a sign";
		return -1;
	}
	while (*s >= '0' && *s <= '9') {
		if (units > MONEY_MAX_UNITS / 10 ||
		    (units = units * 10 + (*s - '0')) > MONEY_MAX_UNITS) {
			*why = "is too large";
			return -1;
		}
		s++;
		nint++;
	}
	if (*s == ',') {
		*why = "is not a decimal number (use a point as the decimal separator, no thousands separators)";
		return -1;
	}
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9') {
			/* zeros past the 4th decimal change nothing ("250.00000"); other digits
			 * would have to be rounded away, which is never done silently */
			if (++ndec > 4 && *s != '0') {
				*why = "has more than 4 decimals";
				return -1;
			}
			if (ndec <= 4)
				frac = frac * 10 + (*s - '0');
			s++;
		}
		if (!ndec) {
			*why = "is not a decimal number (no digits after the point)";
			return -1;
		}
	}
	if (!nint) {
		*why = ndec ? "is not a decimal number (no digits before the point)" : "is not a decimal number";
		return -1;
	}
	if (*s == 'e' || *s == 'E') {
		*why = "is not a decimal number (no exponents)";
		return -1;
	}
	*out = units * MONEY_SCALE + frac * pow10_table[4 - (ndec > 4 ? 4 : ndec)];
	*decimals = ndec;
	*sp = s;
	return 0;
}

int money_parse(const char *s, money_t *out, const char **why)
{
	return money_parse_decimals(s, out, NULL, why);
}

int money_parse_decimals(const char *s, money_t *out, int *decimals_seen, const char **why)
{
	const char *dummy;
	int ndec;

	if (!why)
		why = &dummy;
	if (!s) {
		*why = "is empty";
		return -1;
	}
	while (*s == ' ')
		s++;
	if (!*s) {
		*why = "is empty";
		return -1;
	}
	if (parse_number(&s, out, &ndec, why))
		return -1;
	while (*s == ' ')
		s++;
	if (*s) {
		*why = "is not a decimal number";
		return -1;
	}
	if (decimals_seen)
		*decimals_seen = ndec;
	return 0;
}

int money_fits(money_t amount, int decimals)
{
	if (decimals < 0)
		decimals = 0;
	return decimals >= 4 || amount % pow10_table[4 - decimals] == 0;
}

money_t money_round(money_t amount, int decimals)
{
	money_t unit, rem, base;

	if (decimals < 0)
		decimals = 0;
	if (decimals >= 4)
		return amount;
	unit = pow10_table[4 - decimals];
	rem = amount % unit; /* same sign as amount */
	base = amount - rem;
	/* half-up, symmetric: halves move away from zero */
	if (rem >= unit / 2 + unit % 2 && base <= INT64_MAX - unit)
		base += unit;
	else if (rem <= -(unit / 2 + unit % 2) && base >= INT64_MIN + unit)
		base -= unit;
	return base;
}

void money_format(struct strbuf *out, money_t amount, int decimals, const char *currency)
{
	uint64_t mag, major, minor;
	char buf[32]; /* "-" 20 digits "." 4 digits */
	size_t i;
	int d;

	if (decimals < 0)
		decimals = 0;
	if (decimals > 4)
		decimals = 4;
	amount = money_round(amount, decimals);
	mag = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
	major = mag / MONEY_SCALE;
	minor = (mag % MONEY_SCALE) / (uint64_t)pow10_table[4 - decimals];
	/* digits by hand: snprintf cost 5,000 instructions a price (issue 12) */
	i = sizeof(buf);
	for (d = 0; d < decimals; d++) {
		buf[--i] = (char)('0' + minor % 10);
		minor /= 10;
	}
	if (decimals)
		buf[--i] = '.';
	do {
		buf[--i] = (char)('0' + major % 10);
		major /= 10;
	} while (major);
	if (amount < 0)
		buf[--i] = '-';
	strbuf_add(out, buf + i, sizeof(buf) - i);
	if (currency && *currency) {
		strbuf_addch(out, ' ');
		strbuf_addstr(out, currency);
	}
}

int money_parse_price(const char *s, money_t *amount, char currency[4], int *decimals_seen, const char **why)
{
	const char *dummy;
	int ndec, i;

	if (!why)
		why = &dummy;
	if (!s || !*s) {
		*why = "is empty";
		return -1;
	}
	if (*s == ' ') {
		*why = "starts with a space";
		return -1;
	}
	if (parse_number(&s, amount, &ndec, why))
		return -1;
	if (!*s) {
		*why = "has no currency (use a number, a space and an ISO 4217 code: '12.00 USD')";
		return -1;
	}
	if (*s != ' ') {
		*why = "is not a number, one space and a currency code ('12.00 USD')";
		return -1;
	}
	s++;
	for (i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			break;
	if (i < 3 || s[3]) {
		*why = "is not a number, one space and a currency code ('12.00 USD')";
		return -1;
	}
	/* whether the code is a current ISO 4217 currency is the caller's check (currency_decimals) */
	memcpy(currency, s, 3);
	currency[3] = '\0';
	if (decimals_seen)
		*decimals_seen = ndec;
	return 0;
}

void money_split_price(const char *s, struct strbuf *amount, char cur[4])
{
	size_t n = strlen(s);

	cur[0] = '\0';
	while (n && s[n - 1] == ' ')
		n--;
	if (n > 3 && isalpha((unsigned char)s[n - 1]) && isalpha((unsigned char)s[n - 2]) && isalpha((unsigned char)s[n - 3]) &&
	    !isalpha((unsigned char)s[n - 4])) {
		for (int k = 0; k < 3; k++)
			cur[k] = (char)toupper((unsigned char)s[n - 3 + k]);
		cur[3] = '\0';
		n -= 3;
	}
	strbuf_reset(amount);
	strbuf_add(amount, s, n);
	strbuf_trim(amount);
}
