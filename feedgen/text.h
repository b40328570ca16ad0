/* text.h: UTF-8 text hygiene for everything that reaches a feed.
 * Owns: nothing (pure functions over caller buffers; results appended to caller strbufs). */
#ifndef FEEDGEN_TEXT_H
#define FEEDGEN_TEXT_H
#include <stddef.h>
#include "strbuf.h"

/* What text_clean() changed, so callers can turn it into findings. */
enum text_change {
	TEXT_REPAIRED_UTF8 = 1 << 0,  /* invalid UTF-8 bytes were replaced by U+FFFD */
	TEXT_REMOVED_CONTROL = 1 << 1,/* C0 (not TAB/LF/CR), DEL, C1, U+FFFE/U+FFFF removed */
	TEXT_REMOVED_EMOJI = 1 << 2,  /* emoji removed (only with TEXT_STRIP_EMOJI) */
	TEXT_TRUNCATED = 1 << 3,      /* cut to the character limit */
	TEXT_REMOVED_INVISIBLE = 1 << 4 /* invisible format characters removed (TEXT_STRIP_INVISIBLE) */
};
enum text_flags {
	TEXT_STRIP_EMOJI = 1 << 0,    /* drop emoji (pictographs, dingbats, VS16, ZWJ in emoji) */
	TEXT_SINGLE_LINE = 1 << 1,    /* TAB/LF/CR become spaces, runs of spaces collapse */
	TEXT_KEEP_CONTROL = 1 << 2,   /* keep TAB/LF/CR (the default keeps them too unless SINGLE_LINE) */
	TEXT_STRIP_INVISIBLE = 1 << 3 /* drop invisible format characters (text_is_invisible) */
};

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid (overlongs, surrogates,
 * > U+10FFFF and truncated sequences are invalid). */
size_t utf8_sequence_length(const unsigned char *s, size_t n);
/* Decode one code point; returns bytes used (0 when invalid). */
size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp);
void utf8_encode(struct strbuf *out, unsigned cp);
/* Number of code points in valid UTF-8 text. */
size_t utf8_length(const char *s, size_t n);
int utf8_is_valid(const char *s, size_t n);
/* Byte length of the longest prefix of s with at most max_chars code points. */
size_t utf8_prefix_bytes(const char *s, size_t n, size_t max_chars);

/* Append s to out: invalid UTF-8 repaired (U+FFFD), characters XML 1.0 forbids and other
 * controls removed, optional emoji removal and single-lining, then cut to max_chars
 * (0: no limit) at a character boundary. Returns a mask of enum text_change. */
unsigned text_clean(struct strbuf *out, const char *s, size_t n, unsigned flags, size_t max_chars);
/* True when cp is an emoji or emoji modifier/joiner TikTok rejects in titles. */
int text_is_emoji(unsigned cp);
/* Invisible format characters a feed should not carry: zero-width space/non-joiner/joiner,
 * LRM/RLM (U+200B..U+200F), bidi embeddings, overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069), word joiner U+2060, U+FEFF (a BOM inside text), soft hyphen U+00AD and the
 * Arabic letter mark U+061C. ZWJ between two emoji (a family, a profession) and ZWNJ/ZWJ
 * between two letters of Arabic or an Indic script (Persian, Devanagari... spelling) are
 * part of the text: text_clean() keeps them, text_find_invisible() skips them. */
int text_is_invisible(unsigned cp);
/* The first invisible character text_clean() would remove: its byte offset (and *cp, *name:
 * "zero-width space"), or -1 when there is none. */
long text_find_invisible(const char *s, size_t n, unsigned *cp, const char **name);
/* True when the text shouts: no lower-case letter, at least 8 upper-case letters, and these
 * are more than two thirds of all its letters, letters of scripts without case included (an
 * upper-case Latin brand in an Arabic, Hebrew, CJK or Thai title is not shouting). */
int text_is_all_caps(const char *s, size_t n);

#endif
