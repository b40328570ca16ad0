/* encoding.c: naming UTF-16, UTF-32 and binary inputs from their first bytes (see encoding.h),
 * so that every reader of outside files refuses them with one clear message instead of a
 * syntax error about byte 0xff. Owns: nothing. */
#include "encoding.h"
#include "msg.h"
#include "strbuf.h"
#include <string.h>

#define MAX_UNITS 4 /* code units looked at for the NUL pattern */

static const char *const form_names[] = { "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "binary data" };

const char *encoding_name(enum text_form form)
{
	return form_names[form];
}

static size_t unit_size(enum text_form form)
{
	return form == FORM_UTF16LE || form == FORM_UTF16BE ? 2 : form == FORM_UTF32LE || form == FORM_UTF32BE ? 4 : 1;
}

/* Code unit k of the form at p (little or big endian). */
static unsigned long unit_at(const unsigned char *p, enum text_form form)
{
	switch (form) {
	case FORM_UTF16LE: return p[0] | (unsigned long)p[1] << 8;
	case FORM_UTF16BE: return p[1] | (unsigned long)p[0] << 8;
	case FORM_UTF32LE: return p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
	case FORM_UTF32BE: return p[3] | (unsigned long)p[2] << 8 | (unsigned long)p[1] << 16 | (unsigned long)p[0] << 24;
	default: return p[0];
	}
}

/* Do the first code units (at least two, at most MAX_UNITS) all hold one ASCII character
 * other than NUL in this form? That is the shape of JSON, CSV or XML saved as UTF-16/32. */
static int ascii_units(const unsigned char *buf, size_t n, enum text_form form)
{
	size_t u = unit_size(form), k;

	if (n < 2 * u)
		return 0;
	for (k = 0; k < MAX_UNITS && (k + 1) * u <= n; k++) {
		unsigned long c = unit_at(buf + k * u, form);
		if (c == 0 || c >= 0x80)
			return 0;
	}
	return 1;
}

enum text_form encoding_detect(const unsigned char *buf, size_t n, size_t *bom)
{
	static const enum text_form by_pattern[] = { FORM_UTF32LE, FORM_UTF32BE, FORM_UTF16LE, FORM_UTF16BE };
	size_t dummy;

	if (!bom)
		bom = &dummy;
	*bom = 0;
	if (n >= 4 && !memcmp(buf, "\xFF\xFE\0\0", 4))
		return *bom = 4, FORM_UTF32LE;
	if (n >= 4 && !memcmp(buf, "\0\0\xFE\xFF", 4))
		return *bom = 4, FORM_UTF32BE;
	if (n >= 2 && buf[0] == 0xFF && buf[1] == 0xFE)
		return *bom = 2, FORM_UTF16LE;
	if (n >= 2 && buf[0] == 0xFE && buf[1] == 0xFF)
		return *bom = 2, FORM_UTF16BE;
	for (size_t i = 0; i < sizeof(by_pattern) / sizeof(*by_pattern); i++)
		if (ascii_units(buf, n, by_pattern[i]))
			return by_pattern[i];
	if (memchr(buf, 0, n < ENCODING_PEEK ? n : ENCODING_PEEK))
		return FORM_BINARY;
	return FORM_UTF8;
}

int encoding_first_char(const unsigned char *buf, size_t n, enum text_form form)
{
	size_t bom, u = unit_size(form), i;

	if (form == FORM_BINARY)
		return -1;
	encoding_detect(buf, n, &bom);
	if (form == FORM_UTF8 && !(n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)))
		bom = 0;
	else if (form == FORM_UTF8)
		bom = 3;
	for (i = bom; i + u <= n; i += u) {
		unsigned long c = unit_at(buf + i, form);
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			return c < 0x80 ? (int)c : -1;
	}
	return -1;
}

void encoding_message(struct strbuf *out, const char *what, const char *source, const char *expected,
		      const unsigned char *buf, size_t n, enum text_form form)
{
	size_t bom;

	strbuf_addf(out, "%s '", what);
	msg_sanitize(out, source, strlen(source), 200);
	strbuf_addstr(out, "' is ");
	if (form == FORM_BINARY) {
		const unsigned char *nul = memchr(buf, 0, n);
		strbuf_addf(out, "binary data (a NUL byte at byte %zu), not UTF-8 text: expected %s",
			    nul ? (size_t)(nul - buf) + 1 : (size_t)1, expected);
		return;
	}
	encoding_detect(buf, n, &bom);
	strbuf_addf(out, "%s (", encoding_name(form));
	if (bom) {
		strbuf_addstr(out, "byte-order mark");
		for (size_t i = 0; i < bom; i++)
			strbuf_addf(out, " %02X", buf[i]);
	} else {
		strbuf_addstr(out, unit_size(form) == 2 ? "no byte-order mark; NUL bytes in every other byte"
							 : "no byte-order mark; three NUL bytes in every four");
	}
	strbuf_addstr(out, "): save it as UTF-8");
}
