/* htmltext_sink.h: the plain-text builder html_to_text's two readers share (libxml2's tree walk
 * in htmltext.c, the scanner of simple markup in htmltext_simple.c). Internal to htmltext.
 * Owns: nothing; the text goes to the caller's strbuf. */
#ifndef FEEDGEN_HTMLTEXT_SINK_H
#define FEEDGEN_HTMLTEXT_SINK_H
#include <stddef.h>
#include "strbuf.h"

/* Builds the output: white space collapses to one pending space, line breaks to one pending
 * newline; both are written only before the next visible character, so the result is trimmed
 * and has no blank lines. */
struct text_sink {
	struct strbuf *out;
	size_t start;
	int space, newline;
};

static inline void sink_break(struct text_sink *t)
{
	t->newline = 1;
}

/* Append text (valid UTF-8), collapsing white space; in <pre> newlines are line breaks. */
void sink_text(struct text_sink *t, const unsigned char *s, size_t n, int pre);

/* The digits of a character reference ("&#8217;", "&#x2014;") in s[k..end): the index of the
 * first byte that is not one (or end), the number they spell in *cp (both readers' bound on
 * the digits is the caller's end). */
size_t sink_charref_digits(const unsigned char *s, size_t k, size_t end, int hex, unsigned long *cp);

/* The text of s[0..n) when it is simple markup, appended through t: returns 0, or -1 (t and
 * its buffer then as they were) when s holds anything the scanner does not take for certain
 * to read as libxml2 would; the caller then parses with libxml2. s is valid UTF-8 without
 * the characters text_clean() removes. */
int html_simple_text(struct text_sink *t, const char *s, size_t n);
#endif
