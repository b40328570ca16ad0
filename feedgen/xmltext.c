/* xmltext.c: one-pass XML escaping into a buffer (see xmltext.h); the feed writer's rows used
 * xmlTextWriterWriteElement, which escaped into a fresh allocation and copied it twice (issue 12);
 * runs of plain bytes are found by strcspn (SIMD in glibc), not byte by byte.
 * Owns: nothing. */
#include "xmltext.h"
#include <string.h>

/* The bytes that need an entity, plus the multi-value separator (a run that reaches it has
 * reached the end of the writer's value); strcspn also stops at NUL, which ends the text. */
static const char special[] = "&<>\"\r\x1f";

void xml_add_text(struct strbuf *out, const char *s, size_t n)
{
	size_t i = 0;

	strbuf_grow(out, n);
	while (i < n) {
		size_t run = strcspn(s + i, special);
		if (run >= n - i) {
			strbuf_add(out, s + i, n - i);
			break;
		}
		strbuf_add(out, s + i, run);
		i += run;
		switch (s[i]) {
		case '&': strbuf_add(out, "&amp;", 5); break;
		case '<': strbuf_add(out, "&lt;", 4); break;
		case '>': strbuf_add(out, "&gt;", 4); break;
		case '"': strbuf_add(out, "&quot;", 6); break;
		case '\r': strbuf_add(out, "&#13;", 5); break;
		case '\x1f': strbuf_addch(out, '\x1f'); break;
		default: return; /* NUL */
		}
		i++;
	}
}

static void add_spaces(struct strbuf *out, size_t n)
{
	static const char spaces[] = "                ";

	while (n) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		strbuf_add(out, spaces, k);
		n -= k;
	}
}

void xml_add_element(struct strbuf *out, size_t indent, const char *name, const char *s, size_t n)
{
	size_t len = strlen(name);

	add_spaces(out, indent);
	strbuf_addch(out, '<');
	strbuf_add(out, name, len);
	strbuf_addch(out, '>');
	xml_add_text(out, s, n);
	strbuf_add(out, "</", 2);
	strbuf_add(out, name, len);
	strbuf_add(out, ">\n", 2);
}
