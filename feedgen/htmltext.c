/* htmltext.c: HTML descriptions (Shopify body_html, WooCommerce) to plain text (see htmltext.h).
 * Owns: nothing beyond one call but a struct html_parser's libxml2 context; the document it
 * parses is freed before returning. */
#include "htmltext.h"
#include "htmltext_sink.h"
#include "text.h"
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

enum element_kind { EL_INLINE, EL_BLOCK, EL_CELL, EL_PRE, EL_SKIP };

/* Elements that are not inline, sorted for bsearch(). Skipped ones lose their content. */
static const struct element {
	const char *name;
	enum element_kind kind;
} elements[] = {
	{ "address", EL_BLOCK }, { "article", EL_BLOCK }, { "aside", EL_BLOCK },
	{ "blockquote", EL_BLOCK }, { "body", EL_BLOCK }, { "br", EL_BLOCK }, { "caption", EL_BLOCK },
	{ "center", EL_BLOCK }, { "dd", EL_BLOCK }, { "details", EL_BLOCK }, { "div", EL_BLOCK },
	{ "dl", EL_BLOCK }, { "dt", EL_BLOCK }, { "fieldset", EL_BLOCK }, { "figcaption", EL_BLOCK },
	{ "figure", EL_BLOCK }, { "footer", EL_BLOCK }, { "form", EL_BLOCK }, { "h1", EL_BLOCK },
	{ "h2", EL_BLOCK }, { "h3", EL_BLOCK }, { "h4", EL_BLOCK }, { "h5", EL_BLOCK }, { "h6", EL_BLOCK },
	{ "head", EL_SKIP }, { "header", EL_BLOCK }, { "hr", EL_BLOCK }, { "html", EL_BLOCK },
	{ "iframe", EL_SKIP }, { "li", EL_BLOCK }, { "main", EL_BLOCK }, { "math", EL_SKIP },
	{ "nav", EL_BLOCK }, { "noscript", EL_SKIP }, { "object", EL_SKIP }, { "ol", EL_BLOCK },
	{ "p", EL_BLOCK }, { "pre", EL_PRE }, { "script", EL_SKIP }, { "section", EL_BLOCK },
	{ "select", EL_SKIP }, { "style", EL_SKIP }, { "summary", EL_BLOCK }, { "svg", EL_SKIP },
	{ "table", EL_BLOCK }, { "tbody", EL_BLOCK }, { "td", EL_CELL }, { "template", EL_SKIP },
	{ "textarea", EL_SKIP }, { "tfoot", EL_BLOCK }, { "th", EL_CELL }, { "thead", EL_BLOCK },
	{ "title", EL_SKIP }, { "tr", EL_BLOCK }, { "ul", EL_BLOCK },
};

static int element_cmp(const void *key, const void *el)
{
	return strcmp(key, ((const struct element *)el)->name);
}

/* libxml2's HTML parser lower-cases element names. */
static enum element_kind element_kind(const char *name)
{
	const struct element *e;

	if (!name)
		return EL_INLINE;
	e = bsearch(name, elements, sizeof(elements) / sizeof(elements[0]), sizeof(elements[0]), element_cmp);
	return e ? e->kind : EL_INLINE;
}

/* For the fallback scanner: does "p>", "/div>", "br/>" name a block element? */
static int is_block_tag(const char *s, size_t n)
{
	char name[12];
	size_t i = 0, k = 0;

	if (n && s[0] == '/')
		i++;
	while (i < n && k < sizeof(name) - 1 && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
						(s[i] >= '1' && s[i] <= '6')))
		name[k++] = (char)(s[i++] | 0x20);
	name[k] = '\0';
	return k && (element_kind(name) == EL_BLOCK || element_kind(name) == EL_PRE);
}

/* Depth-first walk without recursion: nesting depth comes from untrusted input. */
static void walk(struct text_sink *t, xmlNode *root)
{
	xmlNode *node = root;
	enum element_kind kind;
	int pre = 0;

	while (node) {
		int descend = 0;

		if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
			if (node->content)
				sink_text(t, node->content, strlen((const char *)node->content), pre);
		} else if (node->type == XML_ELEMENT_NODE) {
			kind = element_kind((const char *)node->name);
			if (kind == EL_BLOCK || kind == EL_PRE)
				sink_break(t);
			else if (kind == EL_CELL)
				t->space = 1;
			pre += kind == EL_PRE;
			descend = kind != EL_SKIP && node->children;
		} else if (node->type == XML_HTML_DOCUMENT_NODE || node->type == XML_DOCUMENT_NODE) {
			descend = node->children != NULL;
		}
		if (descend) {
			node = node->children;
			continue;
		}
		/* leave the node (and finished parents): blocks end with a line break */
		for (;;) {
			if (node->type == XML_ELEMENT_NODE) {
				kind = element_kind((const char *)node->name);
				if (kind == EL_BLOCK || kind == EL_PRE)
					sink_break(t);
				else if (kind == EL_CELL)
					t->space = 1;
				pre -= kind == EL_PRE && pre > 0;
			}
			if (node == root)
				return;
			if (node->next) {
				node = node->next;
				break;
			}
			node = node->parent;
			if (!node)
				return;
		}
	}
}

/* Decode the entity at s[0] == '&' into out; returns the bytes used, 0 when it is none. */
static size_t decode_entity(struct strbuf *out, const char *s, size_t n)
{
	char name[33];
	size_t i = 1;
	unsigned long cp = 0;

	if (n > 2 && s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X';
		i = sink_charref_digits((const unsigned char *)s, hex ? 3 : 2, n < 12 ? n : 12, hex, &cp);
		if (i >= n || s[i] != ';' || i == (hex ? 3u : 2u))
			return 0;
	} else {
		const htmlEntityDesc *e;
		while (i < n && i < sizeof(name) && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
						    (s[i] >= '0' && s[i] <= '9')))
			i++;
		if (i >= n || s[i] != ';' || i == 1)
			return 0;
		memcpy(name, s + 1, i - 1);
		name[i - 1] = '\0';
		e = htmlEntityLookup((const xmlChar *)name);
		if (!e)
			return 0;
		cp = e->value;
	}
	utf8_encode(out, cp > 0x10FFFF ? 0xFFFD : (unsigned)cp);
	return i + 1;
}

/* Last resort when libxml2 gives up (too deeply nested, too large): drop everything between
 * '<' and '>' and the content of script and style, decode entities. */
static void strip_tags(struct text_sink *t, const char *s, size_t n)
{
	struct strbuf ent = STRBUF_INIT;
	size_t i = 0, j, used;

	while (i < n) {
		if (s[i] == '<') {
			const char *gt = memchr(s + i, '>', n - i);
			if (!gt)
				break;
			if (n - i > 7 && (!strncasecmp(s + i, "<script", 7) || !strncasecmp(s + i, "<style", 6))) {
				const char *close = s[i + 2] == 'c' || s[i + 2] == 'C' ? "</script" : "</style";
				size_t k;
				for (k = i + 1; k + strlen(close) <= n; k++)
					if (!strncasecmp(s + k, close, strlen(close)))
						break;
				gt = k + strlen(close) <= n ? memchr(s + k, '>', n - k) : NULL;
				if (!gt)
					break;
			}
			if (n - i > 1 && is_block_tag(s + i + 1, n - i - 1))
				sink_break(t);
			i = (size_t)(gt - s) + 1;
			continue;
		}
		if (s[i] == '&' && (used = decode_entity(&ent, s + i, n - i))) {
			sink_text(t, (const unsigned char *)ent.buf, ent.len, 0);
			strbuf_reset(&ent);
			i += used;
			continue;
		}
		j = i + 1;
		while (j < n && s[j] != '<' && s[j] != '&')
			j++;
		sink_text(t, (const unsigned char *)s + i, j - i, 0);
		i = j;
	}
	strbuf_release(&ent);
}

/* Does s hold what text_clean() would remove: C0 controls other than TAB/LF/CR, DEL, C1, U+FFFE/U+FFFF? */
static int has_forbidden(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c >= 0x20 && c < 0x7F)
			continue;
		if (c < 0x20 ? c != '\n' && c != '\t' && c != '\r' : c == 0x7F)
			return 1;
		if ((c == 0xC2 && i + 1 < n && p[i + 1] <= 0x9F) ||
		    (c == 0xEF && i + 2 < n && p[i + 1] == 0xBF && p[i + 2] >= 0xBE))
			return 1;
	}
	return 0;
}

/* Numeric entities can produce what the input did not contain (&#1; &#x80; &#xFFFE;): remove
 * them from the text appended since start, as text_clean() would. */
static void recheck_output(struct strbuf *out, size_t start)
{
	struct strbuf tmp = STRBUF_INIT;

	if (!has_forbidden(out->buf + start, out->len - start))
		return;
	text_clean(&tmp, out->buf + start, out->len - start, 0, 0);
	strbuf_setlen(out, start);
	strbuf_add(out, tmp.buf, tmp.len);
	strbuf_release(&tmp);
}

static int is_tag_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!' || c == '?';
}

/* libxml2 drops a '<' that cannot start a tag ("<3", "< 5 cm" at the end): escape those. */
static const char *escape_bare_lt(struct strbuf *tmp, const char *s, size_t *len)
{
	const char *p = s, *end = s + *len, *lt;
	struct strbuf esc = STRBUF_INIT;

	while ((lt = memchr(p, '<', (size_t)(end - p)))) {
		if (lt + 1 < end && is_tag_start((unsigned char)lt[1])) {
			p = lt + 1;
			continue;
		}
		if (!esc.alloc)
			strbuf_grow(&esc, *len + 16);
		strbuf_add(&esc, s, (size_t)(lt - s));
		strbuf_addstr(&esc, "&lt;");
		s = p = lt + 1;
	}
	if (!esc.alloc)
		return s;
	strbuf_add(&esc, s, (size_t)(end - s));
	strbuf_release(tmp);
	*tmp = esc;
	*len = tmp->len;
	return tmp->buf;
}

void html_parser_init(struct html_parser *p)
{
	p->ctxt = NULL;
	p->uses = 0;
}

void html_parser_release(struct html_parser *p)
{
	if (p->ctxt)
		htmlFreeParserCtxt(p->ctxt);
	html_parser_init(p);
}

/* A context for one parse: p's (a new one every HTML_PARSER_USES parses, so that its
 * dictionary of names does not grow with the catalog), or a new one when p is NULL. */
#define HTML_PARSER_USES 1024
static htmlParserCtxtPtr parser_context(struct html_parser *p)
{
	if (!p)
		return htmlNewParserCtxt();
	if (p->ctxt && p->uses >= HTML_PARSER_USES)
		html_parser_release(p);
	if (!p->ctxt)
		p->ctxt = htmlNewParserCtxt();
	p->uses++;
	return p->ctxt;
}

/* Parse s with libxml2 and walk its tree into t (the fallback scanner when libxml2 gives up). */
static int parse_and_walk(struct html_parser *p, struct text_sink *t, const char *s, size_t len)
{
	htmlParserCtxtPtr ctxt = len <= INT_MAX ? parser_context(p) : NULL;
	htmlDocPtr doc;

	doc = ctxt ? htmlCtxtReadMemory(ctxt, s, (int)len, NULL, "UTF-8",
					HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT)
		   : NULL;
	/* a parser that stopped early (nesting deeper than libxml2 allows) lost text: the
	 * fallback scanner keeps it */
	if (doc && ctxt->disableSAX) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (ctxt && !p)
		htmlFreeParserCtxt(ctxt);
	if (doc) {
		walk(t, (xmlNode *)doc);
		xmlFreeDoc(doc);
		return 0;
	}
	strip_tags(t, s, len);
	return -1;
}

int html_parser_text(struct html_parser *p, struct strbuf *out, const char *html, size_t len, unsigned flags)
{
	struct text_sink t = { out, out->len, 0, 0 };
	struct strbuf clean = STRBUF_INIT;
	const char *s = html;
	int ret;

	if (!html || !len)
		return 0;
	/* libxml2 falls back to Latin-1 after the first invalid byte and NUL ends its input: hand
	 * it repaired UTF-8 without control characters */
	if (!(flags & HTML_TEXT_CLEAN) && (!utf8_is_valid(html, len) || has_forbidden(html, len))) {
		text_clean(&clean, html, len, 0, 0);
		s = clean.buf;
		len = clean.len;
	}
	if (!memchr(s, '<', len) && !memchr(s, '&', len)) {
		sink_text(&t, (const unsigned char *)s, len, 0);
		strbuf_release(&clean);
		return 0;
	}
	/* most descriptions are simple markup: read without libxml2 when that is certain to give
	 * the same text (htmltext_simple.c), which decodes no entity that could add controls */
	if (!(flags & HTML_TEXT_LIBXML2) && !html_simple_text(&t, s, len)) {
		strbuf_release(&clean);
		return 1;
	}
	s = escape_bare_lt(&clean, s, &len);
	ret = parse_and_walk(p, &t, s, len);
	recheck_output(out, t.start);
	strbuf_release(&clean);
	return ret;
}

int html_to_text(struct strbuf *out, const char *html, size_t len)
{
	int ret = html_parser_text(NULL, out, html, len, 0);

	return ret > 0 ? 0 : ret;
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(unsigned char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* A tag at s[0] == '<': "<p>", "</div>", "<br/>", "<span class=x>", "<!-- ... -->". */
static int looks_like_tag(const unsigned char *s, size_t n)
{
	size_t i = 1;

	if (n >= 4 && !memcmp(s, "<!--", 4))
		return 1;
	if (i < n && s[i] == '/')
		i++;
	if (i >= n || !is_alpha(s[i]))
		return 0;
	while (i < n && (is_alnum(s[i]) || s[i] == '-'))
		i++;
	if (i >= n)
		return 0;
	if (s[i] == '>')
		return 1;
	if (s[i] == '/' && i + 1 < n && s[i + 1] == '>')
		return 1;
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		/* attributes: needs a closing '>' before the next '<' */
		for (; i < n && s[i] != '<'; i++)
			if (s[i] == '>')
				return 1;
	}
	return 0;
}

/* An entity at s[0] == '&': "&amp;", "&#39;", "&#x2014;" or any entity libxml2's HTML table knows. */
static int looks_like_entity(const unsigned char *s, size_t n)
{
	size_t i = 1, start;
	char name[33];

	if (i < n && s[i] == '#') {
		i++;
		if (i < n && (s[i] == 'x' || s[i] == 'X')) {
			i++;
			start = i;
			while (i < n && i - start < 8 && ((s[i] >= '0' && s[i] <= '9') ||
							  ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')))
				i++;
		} else {
			start = i;
			while (i < n && i - start < 8 && s[i] >= '0' && s[i] <= '9')
				i++;
		}
		return i > start && i < n && s[i] == ';';
	}
	start = i;
	while (i < n && i - start < sizeof(name) - 1 && is_alnum(s[i]))
		i++;
	if (i == start || i >= n || s[i] != ';')
		return 0;
	memcpy(name, s + start, i - start);
	name[i - start] = '\0';
	return htmlEntityLookup((const xmlChar *)name) != NULL || !strcmp(name, "apos");
}

/* The next c in [p, end), or NULL. */
static const unsigned char *next_byte(const unsigned char *p, const unsigned char *end, int c)
{
	return p < end ? memchr(p, c, (size_t)(end - p)) : NULL;
}

int html_detect_markup(const char *s, size_t n)
{
	/* memchr to each '<' and '&' rather than a test per byte: the validator asks this of every
	 * feed's description, most of which hold neither (issue 12: the main thread's time) */
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	const unsigned char *lt = next_byte(p, end, '<'), *amp = next_byte(p, end, '&');

	while (lt || amp) {
		if (lt && (!amp || lt < amp)) {
			if (looks_like_tag(lt, (size_t)(end - lt)))
				return 1;
			lt = next_byte(lt + 1, end, '<');
		} else {
			if (looks_like_entity(amp, (size_t)(end - amp)))
				return 1;
			amp = next_byte(amp + 1, end, '&');
		}
	}
	return 0;
}
