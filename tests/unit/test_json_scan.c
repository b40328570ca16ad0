/* test_json_scan.c: json_scan.h's two skips over a string's bytes against their byte-by-byte
 * definitions: json_scan_plain_run (stops at '"', '\\', a byte below 0x20 or from 0x80) and
 * json_scan_quote_or_backslash (stops at '"' or '\\'), whichever path answers (sixteen bytes
 * with SSE2, eight, then one): every byte value at every offset of runs of 0 to 70 bytes, and
 * 200,000 random texts mostly of plain bytes with a few special ones.
 * Owns: the buffers it fills. */
#include "check.h"
#include "json_scan.h"
#include <stdlib.h>
#include <string.h>

static const unsigned char *plain_run_bytewise(const unsigned char *p, const unsigned char *end)
{
	while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
		p++;
	return p;
}

static size_t quote_or_backslash_bytewise(const char *b, size_t i, size_t n)
{
	while (i < n && b[i] != '"' && b[i] != '\\')
		i++;
	return i;
}

/* One text from one start: both skips agree with the definitions. */
static int agree_from(const unsigned char *buf, size_t start, size_t n)
{
	return json_scan_plain_run(buf + start, buf + n) == plain_run_bytewise(buf + start, buf + n) &&
	       json_scan_quote_or_backslash((const char *)buf, start, n) ==
		       quote_or_backslash_bytewise((const char *)buf, start, n);
}

/* ... from the starts that put the text's bytes at each path's edges. */
static int agree(const unsigned char *buf, size_t n)
{
	static const size_t starts[] = { 0, 1, 7, 8, 9, 15, 16, 17 };

	for (size_t k = 0; k < sizeof(starts) / sizeof(*starts); k++)
		if (starts[k] <= n && !agree_from(buf, starts[k], n))
			return 0;
	return 1;
}

/* Every byte value at every offset of a run of plain letters, for lengths 0 to 70 (the lengths
 * around 8 and 16 reach each path's edge). */
static void test_every_byte_everywhere(void)
{
	unsigned char buf[80];
	int ok = 1;

	for (size_t n = 0; n <= 70 && ok; n++)
		for (size_t at = 0; at < n && ok; at++)
			for (int c = 0; c < 256 && ok; c++) {
				memset(buf, 'a', sizeof(buf)); /* bytes past n are plain: no path may read them as the end */
				buf[at] = (unsigned char)c;
				ok = agree(buf, n);
			}
	CHECK(ok);
}

static void test_random_texts(void)
{
	static const unsigned char special[] = { '"', '\\', 0x00, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xC3, 0xFF };
	unsigned char buf[200];
	int ok = 1;

	srand(12);
	for (int t = 0; t < 200000 && ok; t++) {
		size_t n = (size_t)(rand() % 200);
		for (size_t i = 0; i < n; i++)
			buf[i] = rand() % 40 ? (unsigned char)(' ' + rand() % 95) : special[rand() % (int)sizeof(special)];
		ok = agree_from(buf, 0, n) && agree_from(buf, n ? (size_t)rand() % n : 0, n);
	}
	CHECK(ok);
}

int main(void)
{
	test_every_byte_everywhere();
	test_random_texts();
	return CHECK_DONE();
}
