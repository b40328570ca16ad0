/* fuzz_encoding.c: libFuzzer target for encoding.c (UTF-16/32 and binary inputs named from
 * their first bytes) and for the message it builds from those bytes.
 * Owns: the message buffer of one input. */
#include "encoding.h"
#include "strbuf.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf m = STRBUF_INIT;
	size_t bom = 0;
	enum text_form form = encoding_detect(data, size, &bom);
	int c = encoding_first_char(data, size, form);

	if (bom > size || (bom && form == FORM_UTF8) || form > FORM_BINARY || c > 0x7f)
		abort();
	if (form == FORM_BINARY && !memchr(data, 0, size < ENCODING_PEEK ? size : ENCODING_PEEK))
		abort();
	if (form != FORM_UTF8) {
		/* the input doubles as a source name: the message must neutralise it (msg_sanitize
		 * keeps tabs, as every message does) */
		char *source = strndup((const char *)data, size > 64 ? 64 : size);
		encoding_message(&m, "catalog", source ? source : "", "a JSON catalog", data, size, form);
		for (size_t i = 0; i < m.len; i++)
			if (((unsigned char)m.buf[i] < 0x20 && m.buf[i] != '\t') || m.buf[i] == 0x7f)
				abort();
		if (strncmp(m.buf, "catalog '", 9))
			abort();
		free(source);
	}
	strbuf_release(&m);
	return 0;
}
