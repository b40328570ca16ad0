/* test_encoding.c: unit tests for encoding.c (UTF-16/32 and binary inputs named from their
 * first bytes, the message). Owns: its scratch buffer. */
#include "check.h"
#include "encoding.h"
#include "strbuf.h"
#include <string.h>

#define B(s) (const unsigned char *)(s), sizeof(s) - 1

/* One detection case: the bytes, the form and BOM length wanted, and a readable name (the
 * bytes themselves hold NULs, which must not reach the TAP output). */
static void detect_case(const char *name, const char *bytes, size_t n, enum text_form want, size_t want_bom)
{
	size_t bom = 99;
	enum text_form got = encoding_detect((const unsigned char *)bytes, n, &bom);

	if (!check_report(got == want && bom == want_bom, name, __FILE__, __LINE__))
		printf("#   got form %d bom %zu, want form %d bom %zu\n", (int)got, bom, (int)want, want_bom);
}
#define DETECT(name, s, want, bom) detect_case(name, s, sizeof(s) - 1, want, bom)

static const char *message(const char *what, const unsigned char *buf, size_t n)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	encoding_message(&sb, what, "x.json", "a JSON catalog", buf, n, encoding_detect(buf, n, NULL));
	return sb.buf;
}

static void test_detect(void)
{
	DETECT("JSON in UTF-8", "[{\"id\":1}]", FORM_UTF8, 0);
	DETECT("UTF-8 with its BOM", "\xEF\xBB\xBF[]", FORM_UTF8, 0);
	DETECT("UTF-16LE BOM", "\xFF\xFE[\0{\0", FORM_UTF16LE, 2);
	DETECT("UTF-16BE BOM", "\xFE\xFF\0[\0{", FORM_UTF16BE, 2);
	DETECT("UTF-32LE BOM (not UTF-16LE)", "\xFF\xFE\0\0[\0\0\0", FORM_UTF32LE, 4);
	DETECT("UTF-32BE BOM", "\0\0\xFE\xFF\0\0\0[", FORM_UTF32BE, 4);
	/* without a byte-order mark: the NUL pattern of ASCII text */
	DETECT("UTF-16LE without BOM", "[\0{\0\"\0i\0", FORM_UTF16LE, 0);
	DETECT("UTF-16BE without BOM", "\0s\0k\0u\0,", FORM_UTF16BE, 0);
	DETECT("UTF-32LE without BOM", "<\0\0\0?\0\0\0x\0\0\0", FORM_UTF32LE, 0);
	DETECT("UTF-32BE without BOM", "\0\0\0<\0\0\0?", FORM_UTF32BE, 0);
	/* NUL bytes without the pattern are binary; one code unit is too short to tell */
	DETECT("NUL bytes are binary", "\0\0\0\0\0\0\0\0", FORM_BINARY, 0);
	DETECT("gzip header is binary", "\x1f\x8b\x08\0\0\0", FORM_BINARY, 0);
	DETECT("one UTF-16 unit is binary", "[\0", FORM_BINARY, 0);
	DETECT("short UTF-8", "[]\n", FORM_UTF8, 0);
	DETECT("empty input", "", FORM_UTF8, 0);
	DETECT("UTF-8 accents", "id,title\nA,N\xC3\xA9on\n", FORM_UTF8, 0);
}

static void test_first_char(void)
{
	CHECK_INT(encoding_first_char(B("\xFF\xFE<\0?\0"), FORM_UTF16LE), '<');
	CHECK_INT(encoding_first_char(B("\0 \0\n\0<\0?"), FORM_UTF16BE), '<');
	CHECK_INT(encoding_first_char(B("\xFF\xFE\0\0<\0\0\0"), FORM_UTF32LE), '<');
	CHECK_INT(encoding_first_char(B("\xEF\xBB\xBF <rss"), FORM_UTF8), '<');
	CHECK_INT(encoding_first_char(B("\xFF\xFEi\0d\0"), FORM_UTF16LE), 'i');
	CHECK_INT(encoding_first_char(B("\xFF\xFE"), FORM_UTF16LE), -1);
	CHECK_INT(encoding_first_char(B("\0\0"), FORM_BINARY), -1);
}

static void test_message(void)
{
	CHECK_STR(message("catalog", B("\xFF\xFE[\0{\0")),
		  "catalog 'x.json' is UTF-16LE (byte-order mark FF FE): save it as UTF-8");
	CHECK_STR(message("inventory", B("\0\0\xFE\xFF\0\0\0[")),
		  "inventory 'x.json' is UTF-32BE (byte-order mark 00 00 FE FF): save it as UTF-8");
	CHECK_STR(message("feed", B("i\0d\0,\0t\0")),
		  "feed 'x.json' is UTF-16LE (no byte-order mark; NUL bytes in every other byte): save it as UTF-8");
	CHECK_STR(message("feed", B("\0\0\0i\0\0\0d")),
		  "feed 'x.json' is UTF-32BE (no byte-order mark; three NUL bytes in every four): save it as UTF-8");
	CHECK_STR(message("catalog", B("\0\0\0\0")),
		  "catalog 'x.json' is binary data (a NUL byte at byte 1), not UTF-8 text: expected a JSON catalog");
}

int main(void)
{
	test_detect();
	test_first_char();
	test_message();
	return CHECK_DONE();
}
