/* mojibake.c: finds UTF-8 text that was once decoded as Latin-1, Windows-1252, CP437 or CP850
 * and saved again ("NeÃ³n", "Ne├│n", "ÔÇÖ"), and names the intended text (see mojibake.h).
 * Owns: the code page tables (read-only); results go to caller strbufs. */
#include "mojibake.h"
#include "text.h"
#include <string.h>

/* What bytes 0x80..0xBF (UTF-8 continuation bytes) look like when read in a DOS code page. */
static const unsigned short cp437_cont[64] = {
	0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
	0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
	0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
	0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
	0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
	0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
	0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
};
static const unsigned short cp850_cont[64] = {
	0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
	0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
	0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
	0x00FF, 0x00D6, 0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192,
	0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
	0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2, 0x00C0,
	0x00A9, 0x2563, 0x2551, 0x2557, 0x255D, 0x00A2, 0x00A5, 0x2510,
};

enum decoding { DEC_LATIN1, DEC_CP437, DEC_CP850, DEC_COUNT };
static const char *const decoding_names[DEC_COUNT] = { "Latin-1", "CP437", "CP850" };

/* Windows-1252's characters for 0x80..0x9F (where Latin-1 has C1 controls). */
static int cp1252_byte(unsigned cp)
{
	switch (cp) {
	case 0x20AC: return 0x80;
	case 0x201A: return 0x82;
	case 0x0192: return 0x83;
	case 0x201E: return 0x84;
	case 0x2026: return 0x85;
	case 0x2020: return 0x86;
	case 0x2021: return 0x87;
	case 0x02C6: return 0x88;
	case 0x2030: return 0x89;
	case 0x0160: return 0x8A;
	case 0x2039: return 0x8B;
	case 0x0152: return 0x8C;
	case 0x017D: return 0x8E;
	case 0x2018: return 0x91;
	case 0x2019: return 0x92;
	case 0x201C: return 0x93;
	case 0x201D: return 0x94;
	case 0x2022: return 0x95;
	case 0x2013: return 0x96;
	case 0x2014: return 0x97;
	case 0x02DC: return 0x98;
	case 0x2122: return 0x99;
	case 0x0161: return 0x9A;
	case 0x203A: return 0x9B;
	case 0x0153: return 0x9C;
	case 0x017E: return 0x9E;
	case 0x0178: return 0x9F;
	default: return -1;
	}
}

/* The UTF-8 lead byte that code point cp stands for when UTF-8 was read in decoding d, or -1.
 * Only leads that real mojibake produces and real text hardly ever holds before such a
 * continuation are taken: Latin-1 Â Ã Ä Å Ð Ñ (2-byte sequences) and à..ô (3 and 4 bytes);
 * in the DOS pages the box-drawing leads ┬├─┼ (and CP437 ╨ ╤ Γ ≡, CP850 Ô). */
static int lead_byte(enum decoding d, unsigned cp)
{
	if (d == DEC_LATIN1)
		return (cp >= 0xC2 && cp <= 0xC5) || cp == 0xD0 || cp == 0xD1 || (cp >= 0xE0 && cp <= 0xF4) ? (int)cp : -1;
	switch (cp) {
	case 0x252C: return 0xC2;
	case 0x251C: return 0xC3;
	case 0x2500: return 0xC4;
	case 0x253C: return 0xC5;
	default: break;
	}
	if (d == DEC_CP437)
		return cp == 0x2568 ? 0xD0 : cp == 0x2564 ? 0xD1 : cp == 0x0393 ? 0xE2 : cp == 0x2261 ? 0xF0 : -1;
	return cp == 0xD4 ? 0xE2 : -1;
}

/* The continuation byte (0x80..0xBF) that cp stands for in decoding d, or -1. */
static int cont_byte(enum decoding d, unsigned cp, int *cp1252)
{
	const unsigned short *table;
	int b;

	if (d == DEC_LATIN1) {
		if (cp >= 0x80 && cp <= 0xBF)
			return (int)cp;
		b = cp1252_byte(cp);
		if (b >= 0)
			*cp1252 = 1;
		return b;
	}
	table = d == DEC_CP437 ? cp437_cont : cp850_cont;
	for (int i = 0; i < 64; i++)
		if (table[i] == cp)
			return 0x80 + i;
	return -1;
}

/* Bytes of s taken by one mis-decoded UTF-8 sequence at s in decoding d (0: none there);
 * *intended is the character it was meant to be. */
static size_t match_at(const unsigned char *s, size_t n, enum decoding d, unsigned *intended, int *cp1252)
{
	unsigned char bytes[4];
	unsigned cp;
	size_t used, len, want, k;
	int b;

	used = utf8_decode(s, n, &cp);
	if (!used || cp < 0x80 || (b = lead_byte(d, cp)) < 0)
		return 0;
	want = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
	bytes[0] = (unsigned char)b;
	for (k = 1; k < want; k++) {
		len = used < n ? utf8_decode(s + used, n - used, &cp) : 0;
		if (!len || (b = cont_byte(d, cp, cp1252)) < 0)
			return 0;
		bytes[k] = (unsigned char)b;
		used += len;
	}
	if (utf8_sequence_length(bytes, want) != want)
		return 0;
	utf8_decode(bytes, want, intended);
	return used;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The word around s[at..at+len): up to the spaces on either side, at most WORD_MAX bytes each
 * way, on character boundaries. */
#define WORD_MAX 40
static void word_bounds(const unsigned char *s, size_t n, size_t at, size_t len, size_t *start, size_t *end)
{
	size_t a = at, z = at + len;

	while (a > 0 && !is_space(s[a - 1]) && at - a < WORD_MAX)
		a--;
	while (a < at && (s[a] & 0xC0) == 0x80)
		a++;
	while (z < n && !is_space(s[z]) && z - (at + len) < WORD_MAX)
		z++;
	while (z > at + len && z < n && (s[z] & 0xC0) == 0x80)
		z--;
	*start = a;
	*end = z;
}

/* The word with every mis-decoded sequence in decoding d replaced by what it meant. */
static void repair_word(struct strbuf *out, const unsigned char *s, size_t n, enum decoding d)
{
	size_t i = 0, used;
	unsigned cp;
	int dummy = 0;

	while (i < n) {
		used = match_at(s + i, n - i, d, &cp, &dummy);
		if (used) {
			utf8_encode(out, cp);
			i += used;
			continue;
		}
		used = utf8_sequence_length(s + i, n - i);
		if (!used)
			used = 1;
		strbuf_add(out, s + i, used);
		i += used;
	}
}

const char *mojibake_find(const char *text, size_t n, struct strbuf *word, struct strbuf *fixed)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, used, a, z;
	unsigned cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		for (int d = 0; d < DEC_COUNT; d++) {
			int cp1252 = 0;
			used = match_at(s + i, n - i, (enum decoding)d, &cp, &cp1252);
			if (!used)
				continue;
			word_bounds(s, n, i, used, &a, &z);
			if (word)
				strbuf_add(word, s + a, z - a);
			if (fixed)
				repair_word(fixed, s + a, z - a, (enum decoding)d);
			return d == DEC_LATIN1 && cp1252 ? "Windows-1252" : decoding_names[d];
		}
		used = utf8_sequence_length(s + i, n - i);
		i += used ? used : 1;
	}
	return NULL;
}
