/* encoding.h: recognising input that is not UTF-8 text (UTF-16, UTF-32, binary data with NUL
 * bytes) from the first bytes a reader already holds, and the one message that names it.
 * Owns: nothing; pure functions over the caller's bytes (safe in the catalog reader thread). */
#ifndef FEEDGEN_ENCODING_H
#define FEEDGEN_ENCODING_H
#include <stddef.h>

enum text_form {
	FORM_UTF8 = 0,   /* UTF-8 or ASCII, or too short to tell: the readers go on */
	FORM_UTF16LE, FORM_UTF16BE, FORM_UTF32LE, FORM_UTF32BE,
	FORM_BINARY      /* NUL bytes at the start without a UTF-16/32 pattern */
};

/* Bytes the detection looks at: a reader that holds fewer (short file) may still call it. */
#define ENCODING_PEEK 16

/* The form of a text from its first n bytes: a byte-order mark (UTF-32 checked before UTF-16,
 * as FF FE 00 00 starts both), else the NUL pattern of ASCII characters in UTF-16/32 over the
 * first code units, else NUL bytes in the first ENCODING_PEEK bytes (binary). *bom is set to
 * the length of the byte-order mark (0 without one); may be NULL. */
enum text_form encoding_detect(const unsigned char *buf, size_t n, size_t *bom);
/* "UTF-16LE", ...; "UTF-8" for FORM_UTF8, "binary data" for FORM_BINARY. */
const char *encoding_name(enum text_form form);
/* The first character after the byte-order mark and white space, decoded as one code unit of
 * the form (so '<' in UTF-16 is seen as '<'), or -1 when there is none in the n bytes. */
int encoding_first_char(const unsigned char *buf, size_t n, enum text_form form);

/* Append the message for an input of a form other than UTF-8, e.g.
 * "catalog 'x.json' is UTF-16LE (byte-order mark FF FE): save it as UTF-8"; what is the
 * input's role ("catalog", "inventory", "feed"), expected what it should hold ("a JSON
 * catalog", used for binary data). The source is quoted and sanitised. */
struct strbuf;
void encoding_message(struct strbuf *out, const char *what, const char *source, const char *expected,
		      const unsigned char *buf, size_t n, enum text_form form);
#endif
