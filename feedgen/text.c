/* text.c: UTF-8 validation, repair and clean-up of every text that reaches a feed (see text.h).
 * Owns: nothing; pure functions over caller buffers, results appended to caller strbufs. */
#include "text.h"
#include <stdint.h>
#include <string.h>

#define REPLACEMENT_CHAR 0xFFFDu

size_t utf8_sequence_length(const unsigned char *s, size_t n)
{
	unsigned char c, lo = 0x80, hi = 0xBF;
	size_t len, i;

	if (!n)
		return 0;
	c = s[0];
	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0; /* continuation byte or overlong 2-byte lead */
	if (c < 0xE0)
		len = 2;
	else if (c < 0xF0) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;          /* overlong */
		else if (c == 0xED)
			hi = 0x9F;          /* surrogates U+D800-U+DFFF */
	} else if (c < 0xF5) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;          /* overlong */
		else if (c == 0xF4)
			hi = 0x8F;          /* above U+10FFFF */
	} else
		return 0;
	if (n < len)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len = utf8_sequence_length(s, n);

	switch (len) {
	case 1:
		*cp = s[0];
		break;
	case 2:
		*cp = ((unsigned)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		break;
	case 3:
		*cp = ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		break;
	case 4:
		*cp = ((unsigned)(s[0] & 0x07) << 18) | ((unsigned)(s[1] & 0x3F) << 12) |
		      ((unsigned)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		break;
	default:
		*cp = REPLACEMENT_CHAR;
		break;
	}
	return len;
}

void utf8_encode(struct strbuf *out, unsigned cp)
{
	char b[4];

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = REPLACEMENT_CHAR;
	if (cp < 0x80) {
		strbuf_addch(out, (int)cp);
		return;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(out, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(out, b, 4);
	}
}

/* Bytes taken by one character at s: a valid sequence, else the "maximal subpart" of an
 * invalid one (Unicode's recommended practice: one U+FFFD per broken sequence). */
static size_t char_span(const unsigned char *s, size_t n, int *valid)
{
	size_t len = utf8_sequence_length(s, n), want, i;
	unsigned char lo = 0x80, hi = 0xBF;

	*valid = len != 0;
	if (len)
		return len;
	if (s[0] < 0xC2 || s[0] > 0xF4)
		return 1;
	want = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	if (s[0] == 0xE0)
		lo = 0xA0;
	else if (s[0] == 0xED)
		hi = 0x9F;
	else if (s[0] == 0xF0)
		lo = 0x90;
	else if (s[0] == 0xF4)
		hi = 0x8F;
	for (i = 1; i < want && i < n; i++) {
		unsigned char lo_i = i == 1 ? lo : 0x80, hi_i = i == 1 ? hi : 0xBF;
		if (s[i] < lo_i || s[i] > hi_i)
			break;
	}
	return i;
}

size_t utf8_length(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, count = 0;
	int valid;

	while (i < n) {
		if (p[i] < 0x80)
			i++;
		else
			i += char_span(p + i, n - i, &valid);
		count++;
	}
	return count;
}

int utf8_is_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_sequence_length(p + i, n - i);
		if (!len)
			return 0;
		i += len;
	}
	return 1;
}

size_t utf8_prefix_bytes(const char *s, size_t n, size_t max_chars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, count = 0;
	int valid;

	while (i < n && count < max_chars) {
		uint64_t w;
		/* eight ASCII characters a step (issue 12: the retargeting benefit's first 100
		 * characters of every description, 1,020 instructions a walk to 290) */
		if (i + 8 <= n && count + 8 <= max_chars && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080ull))) {
			i += 8;
			count += 8;
			continue;
		}
		i += p[i] < 0x80 ? 1 : char_span(p + i, n - i, &valid);
		count++;
	}
	return i;
}

int text_is_emoji(unsigned cp)
{
	if (cp < 0x2000)
		return 0;
	if (cp >= 0x1F000)
		return (cp <= 0x1FAFF) ||                    /* pictographs, flags, skin tones */
		       (cp >= 0x1FC00 && cp <= 0x1FFFD) ||  /* reserved for future emoji */
		       (cp >= 0xE0020 && cp <= 0xE007F);    /* tags (subdivision flags) */
	return cp == 0x200D || cp == 0xFE0F || cp == 0x20E3 ||
	       (cp >= 0x231A && cp <= 0x231B) || (cp >= 0x23E9 && cp <= 0x23FA) ||
	       (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2934 && cp <= 0x2935) ||
	       (cp >= 0x2B05 && cp <= 0x2B07) || (cp >= 0x2B1B && cp <= 0x2B1C) ||
	       cp == 0x2B50 || cp == 0x2B55 || cp == 0x3030 || cp == 0x303D ||
	       cp == 0x3297 || cp == 0x3299;
}

/* An emoji base on its own (not a joiner or a presentation selector). */
static int is_emoji_base(unsigned cp)
{
	return text_is_emoji(cp) && cp != 0x200D && cp != 0xFE0F;
}

static int is_forbidden_control(unsigned cp)
{
	if (cp < 0x20)
		return cp != '\t' && cp != '\n' && cp != '\r';
	return cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

int text_is_invisible(unsigned cp)
{
	return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2060 || cp == 0xFEFF || cp == 0xAD || cp == 0x61C;
}

static const char *invisible_name(unsigned cp)
{
	switch (cp) {
	case 0x200B: return "zero-width space";
	case 0x200C: return "zero-width non-joiner";
	case 0x200D: return "zero-width joiner";
	case 0x200E: return "left-to-right mark";
	case 0x200F: return "right-to-left mark";
	case 0x2060: return "word joiner";
	case 0xFEFF: return "byte-order mark";
	case 0xAD: return "soft hyphen";
	case 0x61C: return "Arabic letter mark";
	default: return cp >= 0x2066 ? "bidi isolate" : "bidi embedding or override";
	}
}

/* Scripts whose spelling uses ZWNJ/ZWJ between letters: Arabic, Syriac, Thaana, NKo and the
 * Indic blocks up to Sinhala (U+0600..U+0DFF), Arabic presentation forms. */
static int joins_letters(unsigned cp)
{
	return ((cp >= 0x600 && cp <= 0xDFF) || (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFC)) &&
	       cp != 0x61C; /* the Arabic letter mark is itself removed */
}

/* A joiner that belongs to the text: ZWJ between emoji, ZWNJ/ZWJ inside a word of a joining
 * script. prev is the code point before it (0 at the start), next the one after (0 at the end). */
static int joiner_is_text(unsigned cp, unsigned prev, unsigned next)
{
	if (cp != 0x200C && cp != 0x200D)
		return 0;
	/* between two emoji, not next to another joiner (U+1F468 ZWJ ZWJ: the first is no sequence) */
	if (cp == 0x200D && text_is_emoji(prev) && prev != 0x200D && text_is_emoji(next) && next != 0x200D)
		return 1;
	return joins_letters(prev) && joins_letters(next);
}

/* One decoding step: the code point at s (U+FFFD for a broken sequence) and its byte span. */
static size_t next_cp(const unsigned char *s, size_t n, unsigned *cp, int *valid)
{
	size_t len;

	if (s[0] < 0x80) {
		*cp = s[0];
		*valid = 1;
		return 1;
	}
	len = char_span(s, n, valid);
	if (*valid)
		utf8_decode(s, n, cp);
	else
		*cp = REPLACEMENT_CHAR;
	return len;
}

/* The code point after the one at s[0..len), 0 at the end. */
static unsigned peek_next(const unsigned char *s, size_t n, size_t len)
{
	unsigned next = 0;
	int valid;

	if (len < n)
		next_cp(s + len, n - len, &next, &valid);
	return next;
}

long text_find_invisible(const char *s, size_t n, unsigned *cp, const char **name)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	unsigned c, prev = 0;
	int valid;

	while (i < n) {
		len = next_cp(p + i, n - i, &c, &valid);
		if (valid && text_is_invisible(c) && !joiner_is_text(c, prev, peek_next(p + i, n - i, len))) {
			if (cp)
				*cp = c;
			if (name)
				*name = invisible_name(c);
			return (long)i;
		}
		prev = c;
		i += len;
	}
	return -1;
}

struct cleaner {
	struct strbuf *out;
	unsigned flags;
	size_t max_chars, chars;
	int pending_space;  /* SINGLE_LINE: a space waits for the next visible character */
	int full;           /* reached max_chars */
	unsigned changes;
};

static void emit(struct cleaner *c, unsigned cp, const unsigned char *bytes, size_t len)
{
	if (c->full) {
		c->changes |= TEXT_TRUNCATED;
		return;
	}
	if (c->pending_space) {
		if (c->max_chars && c->chars + 2 > c->max_chars) {
			c->full = 1;
			c->changes |= TEXT_TRUNCATED;
			return;
		}
		strbuf_addch(c->out, ' ');
		c->chars++;
		c->pending_space = 0;
	}
	if (c->max_chars && c->chars >= c->max_chars) {
		c->full = 1;
		c->changes |= TEXT_TRUNCATED;
		return;
	}
	if (bytes)
		strbuf_add(c->out, bytes, len);
	else
		utf8_encode(c->out, cp);
	c->chars++;
}

#define VISIBLE_ASCII(b) ((b) > 0x20 && (b) < 0x7F)

/* The end of the run of text from p[i] (visible ASCII) that text_clean copies unchanged:
 * visible ASCII and the spaces between, where one space stays one space (in single-line
 * text, a space followed by visible ASCII: no run of spaces to collapse, none at the end). */
static size_t ascii_run(const unsigned char *p, size_t i, size_t n, int single)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	const uint64_t lo = ones * (single ? 0x21 : 0x20); /* multi-line: every space goes on too */
	size_t j = i + 1;

	/* eight bytes at a time while all are at least lo and at most 0x7E (no byte below lo:
	 * subtracting lo borrows into no high bit; none above 0x7E: adding 1 carries into none) */
	while (j + 8 <= n) {
		uint64_t x;
		memcpy(&x, p + j, 8);
		if (((x - lo) & ~x & high) || (((x + ones) | x) & high))
			break;
		j += 8;
	}
	while (j < n) {
		if (VISIBLE_ASCII(p[j]))
			j++;
		else if (p[j] == ' ' && (!single || (j + 1 < n && VISIBLE_ASCII(p[j + 1]))))
			j++;
		else
			break;
	}
	return j;
}

unsigned text_clean(struct strbuf *out, const char *s, size_t n, unsigned flags, size_t max_chars)
{
	const unsigned char *p = (const unsigned char *)s;
	struct cleaner c = { out, flags, max_chars, 0, 0, 0, 0 };
	size_t start = out->len, i = 0, len;
	int valid, prev_emoji = 0, dropped_emoji = 0, single = !!(flags & TEXT_SINGLE_LINE);
	int keep_ws = !!(flags & TEXT_KEEP_CONTROL);
	unsigned cp, prev_cp = 0; /* the last code point read and kept (for joiners) */

	strbuf_grow(out, n);
	while (i < n && !c.full) {
		/* fast path: a run of visible ASCII needs no decoding, only copying */
		if (p[i] > 0x20 && p[i] < 0x7F) {
			size_t j = ascii_run(p, i, n, single), run;
			run = j - i;
			if (!max_chars || c.chars + run + (size_t)c.pending_space < max_chars) {
				if (c.pending_space) {
					strbuf_addch(out, ' ');
					c.chars++;
					c.pending_space = 0;
				}
				strbuf_add(out, p + i, run);
				c.chars += run;
				prev_emoji = dropped_emoji = 0;
				prev_cp = p[j - 1];
				i = j;
				continue;
			}
		}
		len = next_cp(p + i, n - i, &cp, &valid);
		if (!valid) {
			c.changes |= TEXT_REPAIRED_UTF8;
			prev_emoji = 0;
			prev_cp = REPLACEMENT_CHAR;
			emit(&c, REPLACEMENT_CHAR, NULL, 0);
			i += len;
			continue;
		}
		if (is_forbidden_control(cp)) {
			c.changes |= TEXT_REMOVED_CONTROL;
			i += len;
			continue;
		}
		if (flags & TEXT_STRIP_EMOJI) {
			int drop = 0;
			if (is_emoji_base(cp) || cp == 0xFE0F)
				drop = 1;
			else if (cp == 0x200D || cp == 0xFE0E) {
				/* a joiner or text selector belongs to an emoji sequence when a
				 * neighbour is an emoji; ZWJ elsewhere (Indic scripts) stays */
				unsigned next = 0;
				int nv = 0;
				if (i + len < n)
					next_cp(p + i + len, n - i - len, &next, &nv);
				drop = prev_emoji || (nv && text_is_emoji(next));
			} else if ((cp == 0xA9 || cp == 0xAE) && i + len + 3 <= n &&
				   memcmp(p + i + len, "\xEF\xB8\x8F", 3) == 0)
				drop = 1; /* (c) and (R) only as emoji with VS16 */
			if (drop) {
				c.changes |= TEXT_REMOVED_EMOJI;
				prev_emoji = 1;
				dropped_emoji = 1;
				i += len;
				continue;
			}
		}
		if ((flags & TEXT_STRIP_INVISIBLE) && text_is_invisible(cp) &&
		    !joiner_is_text(cp, prev_cp, peek_next(p + i, n - i, len))) {
			c.changes |= TEXT_REMOVED_INVISIBLE;
			i += len;
			continue;
		}
		prev_emoji = 0;
		prev_cp = cp;
		if (cp == ' ' || (single && !keep_ws && (cp == '\t' || cp == '\n' || cp == '\r'))) {
			if (single) {
				if (c.out->len > start || c.chars)
					c.pending_space = 1;
			} else if (dropped_emoji && (out->len == start || out->buf[out->len - 1] == ' ')) {
				/* "✨ New" -> "New", "Big ✨ sale" -> "Big sale" */
			} else
				emit(&c, ' ', p + i, 1);
			dropped_emoji = 0;
			i += len;
			continue;
		}
		dropped_emoji = 0;
		emit(&c, cp, p + i, len);
		i += len;
	}
	if (i < n && c.full)
		c.changes |= TEXT_TRUNCATED;
	/* text ending in a removed emoji: drop the space that stood before it */
	if (!single && (c.changes & TEXT_REMOVED_EMOJI) && out->len > start && out->buf[out->len - 1] == ' ' &&
	    prev_emoji)
		strbuf_setlen(out, out->len - 1);
	return c.changes;
}

/* Case of a letter: 1 upper, -1 lower, 0 not a cased letter (or a script we do not classify). */
static int letter_case(unsigned cp)
{
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			return 1;
		if (cp >= 'a' && cp <= 'z')
			return -1;
		return 0;
	}
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return 1;
	if (cp >= 0xDF && cp <= 0xFF && cp != 0xF7)
		return -1;
	if (cp == 0xB5 || cp == 0xAA || cp == 0xBA)
		return -1;
	if (cp >= 0x100 && cp <= 0x17F) {
		if (cp == 0x138 || cp == 0x149 || cp == 0x17F)
			return -1;
		if (cp == 0x178)
			return 1;
		if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
			return (cp & 1) ? 1 : -1;
		return (cp & 1) ? -1 : 1;
	}
	if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
		return 1;
	if (cp >= 0x3AC && cp <= 0x3CE)
		return -1;
	if (cp >= 0x400 && cp <= 0x42F)
		return 1;
	if (cp >= 0x430 && cp <= 0x45F)
		return -1;
	if (cp >= 0x1E00 && cp <= 0x1EFF)
		return (cp & 1) ? -1 : 1; /* Latin Extended Additional (Vietnamese) */
	return 0;
}

/* A letter of a script without case (Hebrew, Arabic, Indic, Thai, CJK, kana, Hangul...), counted
 * so that an upper-case Latin brand inside such a title is a minority. Digits and the CJK
 * punctuation block are not letters; combining marks are counted (it only makes the rule
 * quieter on those scripts). */
static int uncased_letter(unsigned cp)
{
	if ((cp >= 0x660 && cp <= 0x669) || (cp >= 0x6F0 && cp <= 0x6F9) || (cp >= 0xE50 && cp <= 0xE59) ||
	    cp == 0x60C || cp == 0x61B || cp == 0x61F || cp == 0x6D4 || cp == 0x5BE || cp == 0x5C0 || cp == 0x5C3)
		return 0;
	return (cp >= 0x590 && cp <= 0x1CFF) || (cp >= 0x3040 && cp <= 0xD7FF) ||
	       (cp >= 0x2E80 && cp <= 0x2FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
	       (cp >= 0xFE70 && cp <= 0xFEFC) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

int text_is_all_caps(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, upper = 0, uncased = 0;
	unsigned cp;
	int valid, lc;

	while (i < n) {
		i += next_cp(p + i, n - i, &cp, &valid);
		lc = letter_case(cp);
		if (lc < 0)
			return 0;
		if (lc > 0)
			upper++;
		else if (uncased_letter(cp))
			uncased++;
	}
	/* at least 8 cased letters (shorter all-caps titles are mostly model names: "LED TV",
	 * "USB-C HUB"), and more than two thirds of all letters */
	return upper >= 8 && upper * 3 > (upper + uncased) * 2;
}
