/* json_scan.h: the byte-level pieces of a strict RFC 8259 scanner, shared by fetch_page.c (the
 * page checker of `feedgen fetch`) and json_fast.c (the catalog record reader): runs of plain
 * string bytes, UTF-8 sequences as jansson accepts them, and the grammar of a number; and the
 * skip to a string's end that catalog.c's structural scanner uses.
 * Owns: nothing (pure functions of the bytes they are given; no state, any thread). */
#ifndef FEEDGEN_JSON_SCAN_H
#define FEEDGEN_JSON_SCAN_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h> /* x86-64's baseline: sixteen bytes a step where a catalog's long strings are */
#endif

/* The end of the run of plain string bytes at p (printable ASCII but '"' and '\\'), sixteen
 * bytes at a time with SSE2 (eight without) while no byte of them is special: most of a
 * catalog is such runs. */
static inline const unsigned char *json_scan_plain_run(const unsigned char *p, const unsigned char *end)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;

#ifdef __SSE2__
	/* a byte < 0x20 or >= 0x80 is below 0x20 as a signed byte */
	const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
	while (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		int m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
						       _mm_cmplt_epi8(x, space)));
		if (m)
			return p + __builtin_ctz((unsigned)m);
		p += 16;
	}
#endif
	while (end - p >= 8) {
		uint64_t x, q, b, m;
		memcpy(&x, p, 8);
		q = x ^ (ones * '"');
		b = x ^ (ones * '\\');
		/* a byte >= 0x80, < 0x20, equal to '"' or to '\\' (the has-zero-byte trick: the
		 * lowest flagged byte is always a true one, and the first in memory on little-endian) */
		m = (x | ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b)) & highs;
		if (m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return p + (__builtin_ctzll(m) >> 3);
#else
			break;
#endif
		}
		p += 8;
	}
	while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
		p++;
	return p;
}

/* The offset of the first '"' or '\\' in b[i..n), or n: the structural scanner's skip over the
 * inside of a string (catalog.c), where any other byte, UTF-8 or not, is the string's. Sixteen
 * bytes at a time with SSE2, then eight with the has-zero-byte trick of json_scan_plain_run. */
static inline size_t json_scan_quote_or_backslash(const char *b, size_t i, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;

#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
		int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
		if (m)
			return i + (size_t)__builtin_ctz((unsigned)m);
	}
#endif
	for (; i + 8 <= n; i += 8) {
		uint64_t x, q, s;
		memcpy(&x, b + i, 8);
		q = x ^ (ones * '"');
		s = x ^ (ones * '\\');
		if (((q - ones) & ~q & highs) | ((s - ones) & ~s & highs))
			break; /* one of these eight: found below */
	}
	for (; i < n; i++)
		if (b[i] == '"' || b[i] == '\\')
			return i;
	return n;
}

/* Length of the UTF-8 sequence at p (p < end), or 0 when it is not one (overlong, surrogate,
 * past U+10FFFF, cut short): the sequences jansson accepts. */
static inline size_t json_scan_utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t n;

	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

#define JSON_SCAN_FRACTION 1 /* json_scan_number's *kind: the number has a '.' */
#define JSON_SCAN_EXPONENT 2 /* ... an 'e' or 'E' (jansson makes both a real) */

static inline int json_scan_is_digit(const unsigned char *p, const unsigned char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* The end of the number at p as RFC 8259 spells it (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?,
 * as jansson's lexer: no leading zero, no '+', no bare '.'), or NULL when there is none; *kind
 * says which parts it has. Whether it fits is the caller's question. */
static inline const unsigned char *json_scan_number(const unsigned char *p, const unsigned char *end, int *kind)
{
	*kind = 0;
	if (p < end && *p == '-')
		p++;
	if (!json_scan_is_digit(p, end))
		return NULL;
	if (*p++ != '0')
		while (json_scan_is_digit(p, end))
			p++;
	if (p < end && *p == '.') {
		*kind |= JSON_SCAN_FRACTION;
		if (!json_scan_is_digit(++p, end))
			return NULL;
		while (json_scan_is_digit(p, end))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		*kind |= JSON_SCAN_EXPONENT;
		if (++p < end && (*p == '+' || *p == '-'))
			p++;
		if (!json_scan_is_digit(p, end))
			return NULL;
		while (json_scan_is_digit(p, end))
			p++;
	}
	return p;
}
#endif
