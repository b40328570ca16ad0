/* htmltext.h: HTML (Shopify body_html, WooCommerce description) to plain text.
 * Owns: nothing; parses with libxml2's HTML parser, whose entity tables decode named and
 * numeric entities. */
#ifndef FEEDGEN_HTMLTEXT_H
#define FEEDGEN_HTMLTEXT_H
#include <stddef.h>
#include "strbuf.h"

/* Append the plain text of an HTML fragment to out: tags removed, script/style/template/head
 * content dropped, entities decoded, block elements (p, div, li, br, h1-6, tr, ul, ol, table,
 * blockquote, section, article, header, footer, pre, dt, dd) become a line break, runs of
 * white space (incl. NBSP) collapse to one space, blank lines collapse, result trimmed.
 * Text without any '<' or '&' is only whitespace-collapsed (fast path).
 * Returns 0, or -1 when the input could not be parsed at all (out then holds the input with
 * tags stripped by a simple scanner). */
int html_to_text(struct strbuf *out, const char *html, size_t len);
/* True when text still looks like HTML: a tag such as <p>, </div>, <br/> or an entity &amp; &#39;. */
int html_detect_markup(const char *s, size_t n);
#endif
