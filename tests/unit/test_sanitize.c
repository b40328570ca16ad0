/* test_sanitize.c: unit tests for msg_sanitize (issue 9 defect 4: forged lines, hidden text)
 * and the report's text line built from untrusted finding data. Owns: its scratch buffers. */
#include "check.h"
#include "msg.h"
#include "report.h"
#include "strbuf.h"
#include <string.h>

static struct strbuf sb = STRBUF_INIT;

static const char *clean_n(const char *s, size_t n)
{
	strbuf_reset(&sb);
	msg_sanitize(&sb, s, n, 0);
	return sb.buf;
}

static const char *clean(const char *s)
{
	return clean_n(s, strlen(s));
}

static void test_line_breaks(void)
{
	CHECK_STR(clean("SKU\nfeedgen: forged"), "SKU\\nfeedgen: forged");
	CHECK_STR(clean("a\r\nb"), "a\\r\\nb");
	CHECK_STR(clean("tab\tkept"), "tab\tkept");
	CHECK_STR(clean("\x1b[31mred"), "\\x1b[31mred");
	CHECK_STR(clean("del\x7f"), "del\\x7f");
	CHECK_STR(clean_n("AB\0CD", 5), "AB\\x00CD");
	CHECK_STR(clean("\xe2\x80\xa8sep\xe2\x80\xa9"), "\\u2028sep\\u2029");  /* U+2028, U+2029 */
}

static void test_c1(void)
{
	CHECK_STR(clean("\xc2\x9b" "31m"), "\\u009b31m");  /* CSI */
	CHECK_STR(clean("\xc2\x85nel"), "\\u0085nel");     /* NEL */
	CHECK_STR(clean("\xc2\xa0nbsp"), "\xc2\xa0nbsp");  /* U+00A0 is text */
	CHECK_STR(clean("bad\xff"), "bad\\xff");
}

static void test_bidi(void)
{
	CHECK_STR(clean("abc\xe2\x80\xae" "fdp.exe"), "abc\\u202efdp.exe");  /* RLO */
	CHECK_STR(clean("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad"), "\\u202a\\u202b\\u202c\\u202d");
	CHECK_STR(clean("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9"), "\\u2066\\u2067\\u2068\\u2069");
	CHECK_STR(clean("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c"), "\\u200e\\u200f\\u061c");
	CHECK_STR(clean("caf\xc3\xa9 \xe2\x82\xac \xd8\xb3\xd9\x84\xd8\xa7\xd9\x85"), "caf\xc3\xa9 \xe2\x82\xac \xd8\xb3\xd9\x84\xd8\xa7\xd9\x85");
	CHECK_STR(clean("\xe2\x80\x8d\xe2\x80\xaf"), "\xe2\x80\x8d\xe2\x80\xaf"); /* ZWJ, narrow nbsp: text */
}

static void test_quote(void)
{
	CHECK_STR(msg_quote("x\ny\xe2\x80\xae"), "'x\\ny\\u202e'");
}

/* Every piece of a finding goes through the sanitiser: one line, visible escapes. */
static void test_report_line(void)
{
	struct finding f;
	char id[] = "GHOST\nfeedgen: forged", field[] = "sku\xe2\x80\xae", msg[] = "bad\xc2\x9b", src[] = "a\nb.csv";

	memset(&f, 0, sizeof(f));
	f.severity = SEV_WARNING;
	f.rule = "inventory-unknown-sku";
	f.id = id;
	f.field = field;
	f.message = msg;
	f.source = src;
	f.line = 3;
	strbuf_reset(&sb);
	report_format_text(&sb, &f);
	CHECK_STR(sb.buf, "a\\nb.csv:3: warning[inventory-unknown-sku] GHOST\\nfeedgen: forged: sku\\u202e: bad\\u009b");
	CHECK(!strchr(sb.buf, '\n'));
}

int main(void)
{
	test_line_breaks();
	test_c1();
	test_bidi();
	test_quote();
	test_report_line();
	strbuf_release(&sb);
	return CHECK_DONE();
}
