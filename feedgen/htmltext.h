/* htmltext.h: HTML (Shopify body_html, WooCommerce description) to plain text.
 * Owns: nothing (a struct html_parser owns its libxml2 context); parses simple markup with
 * its own scanner and the rest with libxml2's HTML parser, whose entity tables decode named
 * and numeric entities. */
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

/* A libxml2 HTML parser context kept from one description to the next (a normaliser's, on one
 * thread), renewed now and then; html_parser_release() frees it. */
struct html_parser {
	void *ctxt;
	unsigned uses;
};
void html_parser_init(struct html_parser *p);
void html_parser_release(struct html_parser *p);
enum html_text_flags {
	HTML_TEXT_CLEAN = 1 << 0,   /* html is valid UTF-8 without what text_clean() removes */
	HTML_TEXT_LIBXML2 = 1 << 1  /* always parse with libxml2 (tests compare the two readers) */
};
/* html_to_text() with p's parser context (p may be NULL: a new one for this call). Returns 1
 * when simple markup was read without libxml2: the text then holds nothing text_clean()
 * would remove unless html did (no entity but &amp; &lt; &gt; &quot; &nbsp; is decoded). */
int html_parser_text(struct html_parser *p, struct strbuf *out, const char *html, size_t len, unsigned flags);
/* True when text still looks like HTML: a tag such as <p>, </div>, <br/> or an entity &amp; &#39;. */
int html_detect_markup(const char *s, size_t n);
#endif
