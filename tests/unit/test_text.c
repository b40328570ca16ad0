/* test_text.c: unit tests for text.c (UTF-8 checks and repair, controls, emoji, truncation).
 * Owns: its scratch buffers. */
#include "check.h"
#include "text.h"
#include <stdlib.h>
#include <string.h>

static struct strbuf sb = STRBUF_INIT;
static unsigned changes;

/* text_clean() of a byte string into the shared buffer. */
static const char *clean_n(const char *s, size_t n, unsigned flags, size_t max)
{
	strbuf_reset(&sb);
	changes = text_clean(&sb, s, n, flags, max);
	return sb.buf;
}

static const char *clean(const char *s, unsigned flags, size_t max)
{
	return clean_n(s, strlen(s), flags, max);
}

static size_t seqlen(const char *s)
{
	return utf8_sequence_length((const unsigned char *)s, strlen(s));
}

static void test_sequence_length(void)
{
	CHECK_INT(seqlen("A"), 1);
	CHECK_INT(seqlen("\xC3\xA9"), 2);               /* é */
	CHECK_INT(seqlen("\xE2\x82\xAC"), 3);           /* € */
	CHECK_INT(seqlen("\xF0\x9F\x98\x80"), 4);       /* 😀 */
	CHECK_INT(seqlen("\xF4\x8F\xBF\xBF"), 4);       /* U+10FFFF */
	CHECK_INT(seqlen("\xC0\xAF"), 0);               /* overlong '/' */
	CHECK_INT(seqlen("\xC1\xBF"), 0);               /* overlong */
	CHECK_INT(seqlen("\xE0\x80\xAF"), 0);           /* overlong 3-byte */
	CHECK_INT(seqlen("\xF0\x80\x80\xAF"), 0);       /* overlong 4-byte */
	CHECK_INT(seqlen("\xED\xA0\x80"), 0);           /* U+D800 surrogate */
	CHECK_INT(seqlen("\xED\xBF\xBF"), 0);           /* U+DFFF surrogate */
	CHECK_INT(seqlen("\xED\x9F\xBF"), 3);           /* U+D7FF is fine */
	CHECK_INT(seqlen("\xF4\x90\x80\x80"), 0);       /* above U+10FFFF */
	CHECK_INT(seqlen("\xF5\x80\x80\x80"), 0);
	CHECK_INT(seqlen("\xFF"), 0);
	CHECK_INT(seqlen("\x80"), 0);                   /* lone continuation */
	CHECK_INT(seqlen("\xE2\x82"), 0);               /* truncated */
	CHECK_INT(seqlen("\xE2\x82\x41"), 0);           /* bad continuation */
	CHECK_INT(utf8_sequence_length((const unsigned char *)"\xC3\xA9", 1), 0); /* cut by n */
	CHECK_INT(utf8_sequence_length((const unsigned char *)"", 0), 0);
}

static void test_decode_encode(void)
{
	unsigned cp = 0;
	struct strbuf e = STRBUF_INIT;

	CHECK_INT(utf8_decode((const unsigned char *)"\xE2\x9C\xA8", 3, &cp), 3);
	CHECK_INT(cp, 0x2728);
	CHECK_INT(utf8_decode((const unsigned char *)"\xF0\x9F\x91\x9F", 4, &cp), 4);
	CHECK_INT(cp, 0x1F45F);
	CHECK_INT(utf8_decode((const unsigned char *)"\xC3\xA9", 2, &cp), 2);
	CHECK_INT(cp, 0xE9);
	CHECK_INT(utf8_decode((const unsigned char *)"\x80", 1, &cp), 0);
	utf8_encode(&e, 'A');
	utf8_encode(&e, 0xE9);
	utf8_encode(&e, 0x20AC);
	utf8_encode(&e, 0x1F600);
	CHECK_STR(e.buf, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
	strbuf_reset(&e);
	utf8_encode(&e, 0xD800);
	utf8_encode(&e, 0x110000);
	CHECK_STR(e.buf, "\xEF\xBF\xBD\xEF\xBF\xBD");
	strbuf_release(&e);
}

static void test_length_and_prefix(void)
{
	const char *s = "h\xC3\xA9llo \xF0\x9F\x98\x80!";

	CHECK_INT(utf8_length(s, strlen(s)), 8);
	CHECK_INT(utf8_length("", 0), 0);
	CHECK(utf8_is_valid(s, strlen(s)));
	CHECK(!utf8_is_valid("a\xC0\xAF", 3));
	CHECK(!utf8_is_valid("\xED\xA0\x80", 3));
	CHECK(!utf8_is_valid("\xE2\x82", 2));
	CHECK(utf8_is_valid("", 0));
	CHECK_INT(utf8_prefix_bytes(s, strlen(s), 0), 0);
	CHECK_INT(utf8_prefix_bytes(s, strlen(s), 1), 1);
	CHECK_INT(utf8_prefix_bytes(s, strlen(s), 2), 3);
	CHECK_INT(utf8_prefix_bytes(s, strlen(s), 7), 11);
	CHECK_INT(utf8_prefix_bytes(s, strlen(s), 8), 12);
	CHECK_INT(utf8_prefix_bytes(s, strlen(s), 100), 12);
}

static void test_repair(void)
{
	CHECK_STR(clean("plain ascii", 0, 0), "plain ascii");
	CHECK_INT(changes, 0);
	CHECK_STR(clean("caf\xC3\xA9", 0, 0), "caf\xC3\xA9");
	CHECK_INT(changes, 0);
	CHECK_STR(clean("caf\xE9", 0, 0), "caf\xEF\xBF\xBD");       /* Latin-1 é */
	CHECK_INT(changes, TEXT_REPAIRED_UTF8);
	CHECK_STR(clean("a\xC0\xAFz", 0, 0), "a\xEF\xBF\xBD\xEF\xBF\xBDz"); /* overlong: 2 bytes, each invalid */
	CHECK_STR(clean("a\x80z", 0, 0), "a\xEF\xBF\xBDz");          /* lone continuation */
	CHECK_STR(clean("a\xE2\x82z", 0, 0), "a\xEF\xBF\xBDz");      /* truncated: one U+FFFD */
	CHECK_STR(clean("end\xF0\x9F\x98", 0, 0), "end\xEF\xBF\xBD"); /* truncated at the end */
	CHECK_STR(clean("\xED\xA0\x80", 0, 0), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); /* surrogate */
	CHECK_INT(changes, TEXT_REPAIRED_UTF8);
	CHECK_STR(clean("\xED\xA0\xBD\xED\xB8\x80", 0, 0),  /* CESU-8 pair is not UTF-8 */
		  "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	CHECK_STR(clean("\xFF\xFE", 0, 0), "\xEF\xBF\xBD\xEF\xBF\xBD");
	CHECK_STR(clean("\xF4\x90\x80\x80", 0, 0), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	clean("\xC3\x28\xA0\xA1\xE2\x28\xA1\xF0\x28\x8C\xBC", 0, 0);
	CHECK(utf8_is_valid(sb.buf, sb.len));
	CHECK_INT(utf8_length(sb.buf, sb.len), 11);
	/* embedded NUL is a C0 control */
	CHECK_STR(clean_n("a\0b", 3, 0, 0), "ab");
	CHECK_INT(changes, TEXT_REMOVED_CONTROL);
}

static void test_controls(void)
{
	CHECK_STR(clean("a\x01" "b\x08" "c\x0B" "d\x0C" "e\x1B[31mf\x7F", 0, 0), "abcde[31mf");
	CHECK_INT(changes, TEXT_REMOVED_CONTROL);
	CHECK_STR(clean("tab\there\nline\r\nend", 0, 0), "tab\there\nline\r\nend");
	CHECK_INT(changes, 0);
	CHECK_STR(clean("c1\xC2\x80" "x\xC2\x85" "y\xC2\x9F" "z\xC2\xA0", 0, 0), "c1xyz\xC2\xA0");
	CHECK_INT(changes, TEXT_REMOVED_CONTROL);
	CHECK_STR(clean("non\xEF\xBF\xBE" "char\xEF\xBF\xBF", 0, 0), "nonchar");
	CHECK_STR(clean("keep\xEF\xBF\xBD", 0, 0), "keep\xEF\xBF\xBD");
	/* XML's CDATA terminator is plain text here: escaping is the writer's job */
	CHECK_STR(clean("a]]>b", 0, 0), "a]]>b");
	CHECK_INT(changes, 0);
	CHECK_STR(clean("\x01\x02\x03", 0, 0), "");
}

static void test_single_line(void)
{
	CHECK_STR(clean("  Blue \t T-Shirt\r\n(large)  ", TEXT_SINGLE_LINE, 0), "Blue T-Shirt (large)");
	CHECK_INT(changes, 0);
	CHECK_STR(clean("a    b", TEXT_SINGLE_LINE, 0), "a b");
	CHECK_STR(clean("\n\n\n", TEXT_SINGLE_LINE, 0), "");
	CHECK_STR(clean("a\x01\n\x02 b", TEXT_SINGLE_LINE, 0), "a b");
	CHECK_STR(clean("a    b", 0, 0), "a    b");               /* only with SINGLE_LINE */
	CHECK_STR(clean("x\ty", TEXT_SINGLE_LINE | TEXT_KEEP_CONTROL, 0), "x\ty");
}

static void test_emoji_detection(void)
{
	CHECK(text_is_emoji(0x2728));    /* ✨ */
	CHECK(text_is_emoji(0x1F45F));   /* 👟 */
	CHECK(text_is_emoji(0x1F600));
	CHECK(text_is_emoji(0x1F1FA));   /* regional indicator U */
	CHECK(text_is_emoji(0x1F3FD));   /* skin tone */
	CHECK(text_is_emoji(0xFE0F));
	CHECK(text_is_emoji(0x200D));
	CHECK(text_is_emoji(0x2B50));
	CHECK(text_is_emoji(0x2B55));
	CHECK(text_is_emoji(0x231A));
	CHECK(text_is_emoji(0x23F0));
	CHECK(text_is_emoji(0x2764));    /* ❤ */
	CHECK(text_is_emoji(0x2600));
	CHECK(text_is_emoji(0x3030));
	CHECK(text_is_emoji(0x3299));
	CHECK(text_is_emoji(0x1FA77));
	CHECK(!text_is_emoji('A'));
	CHECK(!text_is_emoji(0xA9));     /* © alone is text */
	CHECK(!text_is_emoji(0xAE));
	CHECK(!text_is_emoji(0x2122));   /* ™ is text in titles */
	CHECK(!text_is_emoji(0xE9));
	CHECK(!text_is_emoji(0x4E2D));   /* CJK */
	CHECK(!text_is_emoji(0x20AC));   /* € */
	CHECK(!text_is_emoji(0x1FB00));  /* legacy computing, not emoji */
}

static void test_emoji_strip(void)
{
	unsigned f = TEXT_STRIP_EMOJI | TEXT_SINGLE_LINE;

	CHECK_STR(clean("\xE2\x9C\xA8 New Sneakers \xF0\x9F\x91\x9F", f, 0), "New Sneakers");
	CHECK_INT(changes, TEXT_REMOVED_EMOJI);
	CHECK_STR(clean("\xE2\x9C\xA8 New Sneakers \xF0\x9F\x91\x9F", TEXT_STRIP_EMOJI, 0), "New Sneakers");
	CHECK_STR(clean("Big \xE2\x9C\xA8 sale", TEXT_STRIP_EMOJI, 0), "Big sale");
	/* emoji kept without the flag */
	CHECK_STR(clean("\xE2\x9C\xA8 New", TEXT_SINGLE_LINE, 0), "\xE2\x9C\xA8 New");
	CHECK_INT(changes, 0);
	/* ZWJ family: man ZWJ woman ZWJ girl */
	CHECK_STR(clean("Gift \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 set", f, 0),
		  "Gift set");
	/* thumbs up with skin tone */
	CHECK_STR(clean("ok\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", f, 0), "ok");
	/* flag: regional indicators U S */
	CHECK_STR(clean("Made in \xF0\x9F\x87\xBA\xF0\x9F\x87\xB8 USA", f, 0), "Made in USA");
	/* heart with VS16 */
	CHECK_STR(clean("I \xE2\x9D\xA4\xEF\xB8\x8F NY", f, 0), "I NY");
	/* keycap 1 */
	CHECK_STR(clean("Top1\xEF\xB8\x8F\xE2\x83\xA3", f, 0), "Top1");
	/* (c) and (R): text unless followed by VS16 */
	CHECK_STR(clean("Brand\xC2\xAE Shoes\xC2\xA9", f, 0), "Brand\xC2\xAE Shoes\xC2\xA9");
	CHECK_INT(changes, 0);
	CHECK_STR(clean("Brand\xC2\xAE\xEF\xB8\x8F Shoes", f, 0), "Brand Shoes");
	/* ZWJ inside Devanagari (not next to an emoji) stays */
	CHECK_STR(clean("\xE0\xA4\x95\xE2\x80\x8D\xE0\xA4\xB7", f, 0), "\xE0\xA4\x95\xE2\x80\x8D\xE0\xA4\xB7");
	CHECK_INT(changes, 0);
	/* ™ stays */
	CHECK_STR(clean("Acme\xE2\x84\xA2 Boot", f, 0), "Acme\xE2\x84\xA2 Boot");
	/* only emoji */
	CHECK_STR(clean("\xF0\x9F\x98\x80\xF0\x9F\x98\x80", f, 0), "");
	/* stars and dingbats */
	CHECK_STR(clean("\xE2\xAD\x90\xE2\xAD\x90\xE2\xAD\x90 5 star", f, 0), "5 star");
	/* subdivision flag (England): black flag + tags */
	CHECK_STR(clean("Kit \xF0\x9F\x8F\xB4\xF3\xA0\x81\xA7\xF3\xA0\x81\xA2\xF3\xA0\x81\xA5\xF3\xA0\x81\xAE"
			"\xF3\xA0\x81\xA7\xF3\xA0\x81\xBF", f, 0), "Kit");
}

static void test_truncation(void)
{
	struct strbuf big = STRBUF_INIT;
	size_t i;

	CHECK_STR(clean("Hello world", 0, 5), "Hello");
	CHECK_INT(changes, TEXT_TRUNCATED);
	CHECK_STR(clean("Hello world", 0, 11), "Hello world");
	CHECK_INT(changes, 0);
	CHECK_STR(clean("Hello world", TEXT_SINGLE_LINE, 6), "Hello");  /* no trailing space */
	CHECK_INT(changes, TEXT_TRUNCATED);
	CHECK_STR(clean("h\xC3\xA9h\xC3\xA9", 0, 2), "h\xC3\xA9");
	CHECK_STR(clean("\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 0, 1), "\xF0\x9F\x98\x80");
	/* characters removed before counting */
	CHECK_STR(clean("a\x01\x02\x03" "bcd", 0, 3), "abc");
	CHECK_INT(changes, TEXT_REMOVED_CONTROL | TEXT_TRUNCATED);
	/* 5,000 characters of "é" (2 bytes) cut at 150: 300 bytes, valid */
	for (i = 0; i < 5000; i++)
		strbuf_add(&big, "\xC3\xA9", 2);
	clean_n(big.buf, big.len, TEXT_SINGLE_LINE, 150);
	CHECK_INT(sb.len, 300);
	CHECK_INT(utf8_length(sb.buf, sb.len), 150);
	CHECK(utf8_is_valid(sb.buf, sb.len));
	CHECK(changes & TEXT_TRUNCATED);
	/* mixed widths: 1, 2, 3, 4 byte characters; every cut stays on a boundary */
	strbuf_reset(&big);
	for (i = 0; i < 1250; i++)
		strbuf_add(&big, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 10);
	for (i = 1; i < 40; i++) {
		clean_n(big.buf, big.len, 0, i);
		if (!utf8_is_valid(sb.buf, sb.len) || utf8_length(sb.buf, sb.len) != i)
			break;
	}
	CHECK_INT(i, 40);
	CHECK_INT(utf8_prefix_bytes(big.buf, big.len, 4999), 12496);
	/* truncating output of a repair keeps U+FFFD whole */
	CHECK_STR(clean("\xFF\xFF\xFF", 0, 2), "\xEF\xBF\xBD\xEF\xBF\xBD");
	strbuf_release(&big);
}

static void test_append(void)
{
	struct strbuf out = STRBUF_INIT;

	strbuf_addstr(&out, "title: ");
	text_clean(&out, "  x  ", 5, TEXT_SINGLE_LINE, 0);
	CHECK_STR(out.buf, "title: x");
	text_clean(&out, "yz", 2, 0, 1);
	CHECK_STR(out.buf, "title: xy");
	strbuf_release(&out);
}

/* issue 12: runs of visible ASCII and single spaces are copied whole; what the character path
 * does to spaces (collapsing, trimming, the space before a dropped emoji, the cut) is kept */
static void test_ascii_runs(void)
{
	CHECK_STR(clean("soft cotton tee, size M", 0, 0), "soft cotton tee, size M");
	CHECK_INT(changes, 0);
	CHECK_STR(clean("a  b   c ", 0, 0), "a  b   c ");
	CHECK_STR(clean("a  b \t c ", TEXT_SINGLE_LINE, 0), "a b c");
	CHECK_STR(clean(" lead trail ", TEXT_SINGLE_LINE, 0), "lead trail");
	CHECK_STR(clean("one two\nthree four", TEXT_SINGLE_LINE, 0), "one two three four");
	CHECK_STR(clean("Big \xE2\x9C\xA8 sale", TEXT_STRIP_EMOJI, 0), "Big sale");
	CHECK_STR(clean("New drop \xE2\x9C\xA8", TEXT_STRIP_EMOJI, 0), "New drop");
	CHECK_STR(clean("caf\xC3\xA9 au lait", TEXT_SINGLE_LINE, 0), "caf\xC3\xA9 au lait");
	CHECK_STR(clean("ab cd ef", 0, 3), "ab ");
	CHECK_INT(changes, TEXT_TRUNCATED);
	CHECK_STR(clean("ab cd ef", TEXT_SINGLE_LINE, 3), "ab");
	CHECK_STR(clean("ab cd ef", TEXT_SINGLE_LINE, 5), "ab cd");
	CHECK_STR(clean("ab cd ef", 0, 8), "ab cd ef");
	CHECK_INT(changes, 0);
	CHECK_STR(clean("a b\x01 c", TEXT_SINGLE_LINE, 0), "a b c");
	CHECK_INT(changes, TEXT_REMOVED_CONTROL);
}

/* issue 8: invisible format characters, and the joiners that are part of the text */
static void test_invisible(void)
{
	unsigned cp = 0;
	const char *name = NULL;

	CHECK_STR(clean("Trail\xE2\x80\x8B Cap", TEXT_STRIP_INVISIBLE, 0), "Trail Cap");   /* ZWSP */
	CHECK_INT(changes, TEXT_REMOVED_INVISIBLE);
	CHECK_STR(clean("\xE2\x80\x8E" "A\xE2\x80\x8F", TEXT_STRIP_INVISIBLE, 0), "A");        /* LRM, RLM */
	CHECK_STR(clean("\xE2\x80\xAA" "a\xE2\x80\xAE\xE2\x81\xA6" "b\xE2\x81\xA9", TEXT_STRIP_INVISIBLE, 0), "ab");
	CHECK_STR(clean("a\xE2\x81\xA0" "b\xEF\xBB\xBF" "c\xC2\xAD" "d\xD8\x9C", TEXT_STRIP_INVISIBLE, 0), "abcd");
	CHECK_STR(clean("a\xE2\x80\x8D" "b", TEXT_STRIP_INVISIBLE, 0), "ab");                  /* ZWJ between Latin letters */
	CHECK_STR(clean("a\xE2\x80\x8B", 0, 0), "a\xE2\x80\x8B");                           /* only with the flag */
	CHECK_INT(changes, 0);
	/* kept: ZWJ inside emoji sequences, ZWNJ in Persian, ZWJ in Devanagari, NBSP */
	CHECK_STR(clean("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9", TEXT_STRIP_INVISIBLE, 0),
		  "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9");
	CHECK_INT(changes, 0);
	CHECK_STR(clean("\xE2\x9D\xA4\xEF\xB8\x8F\xE2\x80\x8D\xF0\x9F\x94\xA5", TEXT_STRIP_INVISIBLE, 0),
		  "\xE2\x9D\xA4\xEF\xB8\x8F\xE2\x80\x8D\xF0\x9F\x94\xA5");       /* heart on fire */
	CHECK_STR(clean("\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE", TEXT_STRIP_INVISIBLE, 0), "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE");
	CHECK_STR(clean("\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE0\xA4\xB7", TEXT_STRIP_INVISIBLE, 0),
		  "\xE0\xA4\x95\xE0\xA5\x8D\xE2\x80\x8D\xE0\xA4\xB7");
	CHECK_STR(clean("a\xC2\xA0" "b", TEXT_STRIP_INVISIBLE, 0), "a\xC2\xA0" "b");
	CHECK_INT(changes, 0);
	/* a joiner at the edge of an emoji, not between two, is removed */
	CHECK_STR(clean("\xF0\x9F\x91\xA8\xE2\x80\x8D", TEXT_STRIP_INVISIBLE, 0), "\xF0\x9F\x91\xA8");
	/* the finder names the first one and agrees with the cleaner */
	CHECK_INT(text_find_invisible("ab\xC2\xAD", 4, &cp, &name), 2);
	CHECK_INT(cp, 0xAD);
	CHECK_STR(name, "soft hyphen");
	CHECK_INT(text_find_invisible("\xD9\x85\xE2\x80\x8C\xD8\xAE", 7, &cp, &name), -1);
	CHECK_INT(text_find_invisible("x\xE2\x80\x8Dy", 5, &cp, &name), 1);
	CHECK_STR(name, "zero-width joiner");
	CHECK_INT(text_find_invisible("", 0, NULL, NULL), -1);
	/* found by fuzz_html: a joiner next to what is removed or repaired is not kept */
	CHECK_STR(clean("\xDB\x8C\xE2\x80\x8C\xD8\x9C" "x", TEXT_STRIP_INVISIBLE, 0), "\xDB\x8C" "x");       /* ZWNJ + ALM */
	CHECK_STR(clean("\xD9\x85\xFF\xE2\x80\x8C\xD8\xAE", TEXT_STRIP_INVISIBLE, 0), "\xD9\x85\xEF\xBF\xBD\xD8\xAE"); /* after U+FFFD */
}

#define CAPS(s) text_is_all_caps((s), strlen(s))

static void test_all_caps(void)
{
	CHECK(CAPS("BRAND NEW SNEAKERS"));
	CHECK(!CAPS("Brand New Sneakers"));
	CHECK(!CAPS("NEW TEE"));           /* fewer than 8 letters */
	CHECK(CAPS("ABCDEFGH"));
	CHECK(!CAPS("ABCDEFG1"));
	CHECK(CAPS("T-SHIRT XL 100% COTTON"));
	CHECK(!CAPS("T-SHIRT XL 100% COTTOn"));
	CHECK(CAPS("\xC3\x89T\xC3\x89 CHAUSSURES")); /* ÉTÉ */
	CHECK(!CAPS("CHAUSSURES \xC3\xA9t\xC3\xA9"));
	CHECK(CAPS("\xD0\x9F\xD0\xA0\xD0\x98\xD0\x92\xD0\x95\xD0\xA2 WORLD")); /* ПРИВЕТ */
	CHECK(!CAPS("\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87\xE4\xB8\xAD\xE6\x96\x87"));
	CHECK(!CAPS(""));
	/* issue 8: an upper-case Latin brand in a title of a script without case */
	CHECK(!CAPS("\xD8\xB3\xD8\xA7\xD8\xB9\xD8\xA9 CASIO \xD8\xAC\xD8\xAF\xD9\x8A\xD8\xAF\xD8\xA9"));  /* ساعة CASIO جديدة */
	CHECK(!CAPS("\xE3\x83\x8A\xE3\x82\xA4\xE3\x82\xAD NIKE \xE3\x82\xB7\xE3\x83\xA5\xE3\x83\xBC\xE3\x82\xBA")); /* ナイキ NIKE シューズ */
	CHECK(!CAPS("\xE3\x83\x8A\xE3\x82\xA4\xE3\x82\xAD NIKE AIR MAX \xE3\x82\xB7\xE3\x83\xA5\xE3\x83\xBC\xE3\x82\xBA")); /* 10 of 17 letters */
	CHECK(!CAPS("\xD8\xB3\xD8\xA7\xD8\xB9\xD8\xA9 CASIO G-SHOCK \xD8\xAC\xD8\xAF\xD9\x8A\xD8\xAF\xD8\xA9"));       /* 10 of 19 */
	CHECK(!CAPS("\xD7\xA9\xD7\xA2\xD7\x95\xD7\x9F \xD7\x99\xD7\x93 \xD7\x97\xD7\x9B\xD7\x9D SAMSUNG GALAXY")); /* 13 of 22 */
	CHECK(CAPS("\xD7\xA9\xD7\xA2\xD7\x95\xD7\x9F SAMSUNG GALAXY WATCH"));  /* 18 of 22 */
	CHECK(!CAPS("\xE0\xB8\x99\xE0\xB8\xB2\xE0\xB8\xAC\xE0\xB8\xB4\xE0\xB8\x81\xE0\xB8\xB2 CASIO"));  /* Thai */
	CHECK(CAPS("BRAND NEW SNEAKERS \xE2\x80\x93 50% OFF"));
	CHECK(!CAPS("LED TV 4K"));        /* fewer than 8 cased letters: never */
	CHECK(!CAPS("ABC"));
}

/* text_clean skips runs of visible ASCII eight bytes at a time (issue 12): over random texts of
 * up to 40 tokens (letters, digits, punctuation, spaces, tabs, newlines, DEL, an 'é'), single-line
 * cleaning is the words joined by one space, multi-line cleaning keeps every byte, and both drop
 * DEL (a control character) */
static void test_ascii_words(void)
{
	static const char *const tokens[] = { "a", "X", "0", "-", "~", "!", " ", " ", "\t", "\n", "\x7F", "\xC3\xA9" };
	struct strbuf text = STRBUF_INIT, single = STRBUF_INIT, multi = STRBUF_INIT;
	unsigned long seed = 11;
	int bad_single = 0, bad_multi = 0;

	for (int t = 0; t < 100000; t++) {
		int pending = 0;
		strbuf_reset(&text);
		strbuf_reset(&single);
		strbuf_reset(&multi);
		for (int k = 0; k < t % 41; k++) {
			const char *tok;
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			tok = tokens[(seed >> 33) % (sizeof(tokens) / sizeof(*tokens))];
			strbuf_addstr(&text, tok);
			if (!strcmp(tok, "\x7F"))
				continue;
			strbuf_addstr(&multi, tok);
			if (!strcmp(tok, " ") || !strcmp(tok, "\t") || !strcmp(tok, "\n")) {
				pending = single.len > 0;
				continue;
			}
			if (pending)
				strbuf_addch(&single, ' ');
			pending = 0;
			strbuf_addstr(&single, tok);
		}
		bad_single += strcmp(clean_n(text.buf, text.len, TEXT_SINGLE_LINE | TEXT_STRIP_INVISIBLE, 0), single.buf) != 0;
		bad_multi += strcmp(clean_n(text.buf, text.len, TEXT_STRIP_INVISIBLE, 0), multi.buf) != 0;
	}
	CHECK_INT(bad_single, 0);
	CHECK_INT(bad_multi, 0);
	strbuf_release(&text);
	strbuf_release(&single);
	strbuf_release(&multi);
}

/* utf8_prefix_bytes steps over eight ASCII characters at a time (issue 12): over random texts of
 * ASCII, two- to four-byte characters, stray continuation and lead bytes, every prefix length
 * is the one a walk of one character at a time finds */
static void test_prefix_steps(void)
{
	static const char *const tokens[] = { "a", "Z", " ", ".", "\xC3\xA9", "\xE3\x80\x82", "\xF0\x9F\x98\x80",
					      "\x80", "\xC3", "\xE3\x80", "\xFF" };
	struct strbuf text = STRBUF_INIT;
	unsigned long seed = 5;
	int bad = 0;

	for (int t = 0; t < 20000; t++) {
		strbuf_reset(&text);
		for (int k = 0; k < t % 61; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			strbuf_addstr(&text, tokens[(seed >> 33) % (sizeof(tokens) / sizeof(*tokens))]);
		}
		for (size_t max = 0; max <= 70; max += 1 + max / 8) {
			size_t i = 0, count = 0;
			while (i < text.len && count < max) {
				i += utf8_prefix_bytes(text.buf + i, text.len - i, 1);
				count++;
			}
			bad += utf8_prefix_bytes(text.buf, text.len, max) != i;
		}
	}
	CHECK_INT(bad, 0);
	strbuf_release(&text);
}

int main(void)
{
	test_ascii_words();
	test_prefix_steps();
	test_sequence_length();
	test_decode_encode();
	test_length_and_prefix();
	test_repair();
	test_controls();
	test_single_line();
	test_emoji_detection();
	test_emoji_strip();
	test_truncation();
	test_append();
	test_ascii_runs();
	test_invisible();
	test_all_caps();
	strbuf_release(&sb);
	return CHECK_DONE();
}
