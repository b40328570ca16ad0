/* htmltext_sink.c: the plain-text builder of html_to_text (see htmltext_sink.h): white space
 * collapsed, line breaks pending until the next visible character. Owns: nothing. */
#include "htmltext_sink.h"

/* The bytes that end a run of ordinary text: white space and the lead bytes of the wide
 * spaces sink_text() collapses (U+00A0, U+2000-U+200A, U+202F, U+3000). */
static const unsigned char stops_run[256] = {
	['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, [0xC2] = 1, [0xE2] = 1, [0xE3] = 1,
};

void sink_text(struct text_sink *t, const unsigned char *s, size_t n, int pre)
{
	size_t i = 0, run;

	while (i < n) {
		unsigned char c = s[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			t->space = 1;
			i++;
			continue;
		}
		if (c == '\n') {
			if (pre)
				t->newline = 1;
			else
				t->space = 1;
			i++;
			continue;
		}
		if (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) { /* NBSP */
			t->space = 1;
			i += 2;
			continue;
		}
		if (c == 0xE3 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0x80) { /* ideographic space */
			t->space = 1;
			i += 3;
			continue;
		}
		if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] <= 0x8A || s[i + 2] == 0xAF)) {
			t->space = 1; /* U+2000-U+200A en/em/thin spaces, U+202F narrow NBSP */
			i += 3;
			continue;
		}
		if (t->out->len > t->start) {
			if (t->newline)
				strbuf_addch(t->out, '\n');
			else if (t->space)
				strbuf_addch(t->out, ' ');
		}
		t->space = t->newline = 0;
		/* copy the run of ordinary bytes in one go */
		run = 1;
		for (;;) {
			if (i + run < n && !stops_run[s[i + run]])
				run++;
			else if (i + run + 1 < n && s[i + run] == ' ' && !stops_run[s[i + run + 1]])
				run += 2; /* one space between words stays one space */
			else
				break;
		}
		strbuf_add(t->out, s + i, run);
		i += run;
	}
}

size_t sink_charref_digits(const unsigned char *s, size_t k, size_t end, int hex, unsigned long *cp)
{
	for (*cp = 0; k < end; k++) {
		unsigned c = s[k];
		if (c >= '0' && c <= '9')
			*cp = *cp * (hex ? 16 : 10) + (c - '0');
		else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*cp = *cp * 16 + ((c | 0x20) - 'a' + 10);
		else
			break;
	}
	return k;
}
