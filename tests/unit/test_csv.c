/* test_csv.c: unit tests for csv.c (RFC 4180 reader on temporary files, field writer).
 * Owns: the temporary files it creates (tmpfile(), gone when closed). */
#include "check.h"
#include "csv.h"
#include <stdlib.h>
#include <string.h>

static FILE *fp;
static struct csv_reader rd;

/* Start reading `n` bytes of data with separator `sep`. */
static void open_data(const char *data, size_t n, char sep)
{
	if (fp) {
		csv_reader_release(&rd);
		fclose(fp);
	}
	fp = tmpfile();
	if (!fp) {
		perror("tmpfile");
		exit(2);
	}
	fwrite(data, 1, n, fp);
	rewind(fp);
	csv_reader_init(&rd, fp, sep);
}

static void open_str(const char *data)
{
	open_data(data, strlen(data), ',');
}

/* Read one record and describe it as "[a|b|c]@line" for compact checks. */
static const char *rec(void)
{
	static struct strbuf d = STRBUF_INIT;
	size_t i;
	int r = csv_read(&rd);

	strbuf_reset(&d);
	if (r == 0)
		return "EOF";
	if (r < 0) {
		strbuf_addf(&d, "ERR %s @%ld", rd.error, rd.next_line);
		return d.buf;
	}
	strbuf_addch(&d, '[');
	for (i = 0; i < rd.nfields; i++) {
		if (i)
			strbuf_addch(&d, '|');
		strbuf_add(&d, rd.fields[i], rd.lengths[i]);
		if (strlen(rd.fields[i]) != rd.lengths[i] && !memchr(rd.fields[i], '\0', rd.lengths[i]))
			strbuf_addstr(&d, "<BADLEN>");
	}
	strbuf_addf(&d, "]@%ld", rd.line);
	return d.buf;
}

static void test_basic(void)
{
	open_str("sku,qty\nA,1\nB,2\n");
	CHECK_STR(rec(), "[sku|qty]@1");
	CHECK_STR(rec(), "[A|1]@2");
	CHECK_STR(rec(), "[B|2]@3");
	CHECK_STR(rec(), "EOF");
	CHECK_STR(rec(), "EOF");
	/* missing final newline */
	open_str("a,b\nc,d");
	CHECK_STR(rec(), "[a|b]@1");
	CHECK_STR(rec(), "[c|d]@2");
	CHECK_STR(rec(), "EOF");
	/* empty input */
	open_str("");
	CHECK_STR(rec(), "EOF");
	/* empty fields */
	open_str(",,\na,,b\n,\n");
	CHECK_STR(rec(), "[||]@1");
	CHECK_STR(rec(), "[a||b]@2");
	CHECK_STR(rec(), "[|]@3");
	CHECK_STR(rec(), "EOF");
	/* trailing separator at EOF */
	open_str("a,");
	CHECK_STR(rec(), "[a|]@1");
	CHECK_STR(rec(), "EOF");
	/* blank line: one empty field */
	open_str("a\n\nb\n");
	CHECK_STR(rec(), "[a]@1");
	CHECK_STR(rec(), "[]@2");
	CHECK_INT(rd.nfields, 1);
	CHECK_STR(rec(), "[b]@3");
}

static void test_line_ends(void)
{
	open_str("a,b\r\nc,d\r\n");
	CHECK_STR(rec(), "[a|b]@1");
	CHECK_STR(rec(), "[c|d]@2");
	CHECK_STR(rec(), "EOF");
	open_str("a\rb\rc");
	CHECK_STR(rec(), "[a]@1");
	CHECK_STR(rec(), "[b]@2");
	CHECK_STR(rec(), "[c]@3");
	CHECK_STR(rec(), "EOF");
	open_str("a\r\n\r\nb\r");
	CHECK_STR(rec(), "[a]@1");
	CHECK_STR(rec(), "[]@2");
	CHECK_STR(rec(), "[b]@3");
	CHECK_STR(rec(), "EOF");
}

static void test_bom(void)
{
	open_str("\xEF\xBB\xBFsku,qty\nA,1\n");
	CHECK_STR(rec(), "[sku|qty]@1");
	CHECK_STR(rec(), "[A|1]@2");
	open_str("\xEF\xBB\xBF\"quoted\",x\n");
	CHECK_STR(rec(), "[quoted|x]@1");
	open_str("\xEF\xBB\xBF");
	CHECK_STR(rec(), "EOF");
	/* an incomplete BOM is data */
	open_str("\xEF\xBBx,y\n");
	CHECK_STR(rec(), "[\xEF\xBBx|y]@1");
	open_str("\xEF,y\n");
	CHECK_STR(rec(), "[\xEF|y]@1");
	open_str("\xEF");
	CHECK_STR(rec(), "[\xEF]@1");
	CHECK_STR(rec(), "EOF");
	/* a BOM later in the file is data */
	open_str("a\n\xEF\xBB\xBF" "b\n");
	CHECK_STR(rec(), "[a]@1");
	CHECK_STR(rec(), "[\xEF\xBB\xBF" "b]@2");
}

static void test_quotes(void)
{
	open_str("\"a,b\",\"say \"\"hi\"\"\",\"\"\n");
	CHECK_STR(rec(), "[a,b|say \"hi\"|]@1");
	/* quoted newlines: the record starts at line 1, the next at line 4 */
	open_str("\"line1\nline2\r\nline3\",x\nnext,y\n");
	CHECK_STR(rec(), "[line1\nline2\r\nline3|x]@1");
	CHECK_INT(rd.next_line, 4);
	CHECK_STR(rec(), "[next|y]@4");
	/* bare quote inside an unquoted field is kept (lenient) */
	open_str("12\" pizza,5 \"large\"\n");
	CHECK_STR(rec(), "[12\" pizza|5 \"large\"]@1");
	/* text after a closing quote is kept */
	open_str("\"abc\"def,g\n");
	CHECK_STR(rec(), "[abcdef|g]@1");
	/* quoted field at EOF without newline */
	open_str("a,\"b\"");
	CHECK_STR(rec(), "[a|b]@1");
	CHECK_STR(rec(), "EOF");
	/* """" is one quote */
	open_str("\"\"\"\"\n");
	CHECK_STR(rec(), "[\"]@1");
	/* a quoted CR alone counts as a line */
	open_str("\"a\rb\",c\nd\n");
	CHECK_STR(rec(), "[a\rb|c]@1");
	CHECK_STR(rec(), "[d]@3");
}

static void test_errors(void)
{
	open_str("a,b\nc,\"unterminated\nmore\nlines");
	CHECK_STR(rec(), "[a|b]@1");
	CHECK_STR(rec(), "ERR unterminated quoted field (no closing quote before the end of the input) @2");
	CHECK_STR(rec(), "EOF");
	open_str("\"");
	CHECK_STR(rec(), "ERR unterminated quoted field (no closing quote before the end of the input) @1");
	/* field size cap */
	open_str("short,0123456789abcdef\nok\n");
	rd.max_field = 8;
	CHECK_STR(rec(), "ERR field is longer than 8 bytes @1");
	open_str("\"0123456789\"\n");
	rd.max_field = 8;
	CHECK_STR(rec(), "ERR field is longer than 8 bytes @1");
	open_str("01234567\n");
	rd.max_field = 8;
	CHECK_STR(rec(), "[01234567]@1");
}

static void test_tsv_and_nul(void)
{
	const char *tsv = "sku\tqty\n\"a\tb\"\t3\nx,y\t4\n";

	open_data(tsv, strlen(tsv), '\t');
	CHECK_STR(rec(), "[sku|qty]@1");
	CHECK_STR(rec(), "[a\tb|3]@2");
	CHECK_STR(rec(), "[x,y|4]@3");
	CHECK_STR(rec(), "EOF");
	/* an embedded NUL is kept and counted in lengths[] */
	open_data("a\0b,c\n", 6, ',');
	CHECK_INT(csv_read(&rd), 1);
	CHECK_INT(rd.nfields, 2);
	CHECK_INT(rd.lengths[0], 3);
	CHECK(memcmp(rd.fields[0], "a\0b", 4) == 0);
	CHECK_STR(rd.fields[1], "c");
}

static void test_many_rows(void)
{
	struct strbuf big = STRBUF_INIT;
	long i, ok = 0;

	for (i = 0; i < 20000; i++)
		strbuf_addf(&big, "SKU-%ld,%ld,\"loc, %ld\"\r\n", i, i % 7, i);
	open_data(big.buf, big.len, ',');
	for (i = 0; i < 20000; i++) {
		char want[32];
		if (csv_read(&rd) != 1 || rd.nfields != 3)
			break;
		snprintf(want, sizeof(want), "SKU-%ld", i);
		ok += !strcmp(rd.fields[0], want) && rd.line == i + 1;
	}
	CHECK_INT(ok, 20000);
	CHECK_INT(csv_read(&rd), 0);
	/* a record with many fields */
	strbuf_reset(&big);
	for (i = 0; i < 5000; i++)
		strbuf_addstr(&big, "x,");
	open_data(big.buf, big.len, ',');
	CHECK_INT(csv_read(&rd), 1);
	CHECK_INT(rd.nfields, 5001);
	CHECK_STR(rd.fields[4999], "x");
	CHECK_STR(rd.fields[5000], "");
	strbuf_release(&big);
}

static const char *field(const char *s, char sep)
{
	static struct strbuf out = STRBUF_INIT;

	strbuf_reset(&out);
	csv_add_field(&out, s, strlen(s), sep);
	return out.buf;
}

static void test_writer(void)
{
	struct strbuf line = STRBUF_INIT;

	CHECK_STR(field("plain", ','), "plain");
	CHECK_STR(field("", ','), "");
	CHECK_STR(field("a,b", ','), "\"a,b\"");
	CHECK_STR(field("a,b", '\t'), "a,b");
	CHECK_STR(field("a\tb", '\t'), "\"a\tb\"");
	CHECK_STR(field("say \"hi\"", ','), "\"say \"\"hi\"\"\"");
	CHECK_STR(field("\"", ','), "\"\"\"\"");
	CHECK_STR(field("two\nlines", ','), "\"two\nlines\"");
	CHECK_STR(field("cr\r", ','), "\"cr\r\"");
	CHECK_STR(field(" lead", ','), "\" lead\"");
	CHECK_STR(field("trail ", ','), "\"trail \"");
	CHECK_STR(field("in side", ','), "in side");
	CHECK_STR(field("caf\xC3\xA9", ','), "caf\xC3\xA9");
	/* round trip through the reader */
	csv_add_field(&line, "a,\"b\"\nc", 7, ',');
	strbuf_addch(&line, ',');
	csv_add_field(&line, " x ", 3, ',');
	strbuf_addstr(&line, "\n");
	open_data(line.buf, line.len, ',');
	CHECK_STR(rec(), "[a,\"b\"\nc| x ]@1");
	strbuf_release(&line);
}

int main(void)
{
	test_basic();
	test_line_ends();
	test_bom();
	test_quotes();
	test_errors();
	test_tsv_and_nul();
	test_many_rows();
	test_writer();
	if (fp) {
		csv_reader_release(&rd);
		fclose(fp);
	}
	return CHECK_DONE();
}
