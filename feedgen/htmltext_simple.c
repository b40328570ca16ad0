/* htmltext_simple.c: the plain text of simple markup (most shop descriptions: <p>, <ul><li>,
 * <br>, <strong>, &amp;) without building a libxml2 tree, which cost 80,000 instructions a
 * description (issue 12). Owns: nothing beyond one call (see htmltext_sink.h).
 *
 * The scanner only takes what it can read exactly as htmlCtxtReadMemory + the tree walk of
 * htmltext.c would, and returns -1 on anything else, so the caller parses that with libxml2:
 * - tags from a short list (below), written <name>, <name attr="v" ...>, </name>, <br/>;
 *   the start tags close open elements as libxml2's do (a <p> closes an open <p> or <b>),
 *   every end tag closes the innermost open element or none (libxml2 ignores it), and all
 *   are closed at the end;
 * - no comment, doctype, CDATA, script, style, pre, table or other skipped content;
 * - entities ending in ';' (names libxml2 knows, &#8217;, &#x2014;) that stand for a
 *   character text_clean() keeps as it is (not &shy; or &#1;); no bare '&';
 * - white space alone between two tags: libxml2 drops it in some places (areBlanks(): after
 *   an <img>, a <br>...), so it is taken only where dropping it cannot change the text (a
 *   line break or a space is pending, or no text yet). */
#include "htmltext_sink.h"
#include "text.h"
#include <libxml/HTMLparser.h>
#include <string.h>

#define SIMPLE_MAX_DEPTH 64

enum simple_kind { SK_INLINE, SK_BLOCK, SK_VOID_BLOCK, SK_VOID_INLINE };

/* Start tags that close an open element (libxml2's htmlStartClose table, as far as these
 * elements go: <p> closes an open <p>, <b>, <h2>...; <li> an <li> or <h2>; <ul> an <ol> and the reverse; <a> an <a>). */
enum simple_closer { C_A = 1, C_P = 2, C_LI = 4, C_H = 8, C_DIV = 16, C_HR = 32, C_OL = 64, C_UL = 128 };
#define CLOSES_P (C_DIV | C_H | C_HR | C_LI | C_OL | C_P | C_UL)

/* Lower-case names; is: which closer the element is, closed_by: the start tags that close it. */
static const struct simple_element {
	const char *name;
	enum simple_kind kind;
	unsigned is, closed_by;
} simple_elements[] = {
	{ "a", SK_INLINE, C_A, C_A }, { "b", SK_INLINE, 0, C_P }, { "i", SK_INLINE, 0, C_P },
	{ "p", SK_BLOCK, C_P, CLOSES_P }, { "s", SK_INLINE, 0, C_P }, { "u", SK_INLINE, 0, C_P },
	{ "br", SK_VOID_BLOCK, 0, 0 }, { "em", SK_INLINE, 0, 0 }, { "h1", SK_BLOCK, C_H, C_LI | C_P },
	{ "h2", SK_BLOCK, C_H, C_LI | C_P }, { "h3", SK_BLOCK, C_H, C_LI | C_P }, { "h4", SK_BLOCK, C_H, C_LI | C_P },
	{ "h5", SK_BLOCK, C_H, C_LI | C_P }, { "h6", SK_BLOCK, C_H, C_LI | C_P }, { "hr", SK_VOID_BLOCK, C_HR, 0 },
	{ "li", SK_BLOCK, C_LI, C_LI }, { "ol", SK_BLOCK, C_OL, C_UL }, { "ul", SK_BLOCK, C_UL, C_OL },
	{ "div", SK_BLOCK, C_DIV, 0 }, { "img", SK_VOID_INLINE, 0, 0 }, { "sub", SK_INLINE, 0, 0 },
	{ "sup", SK_INLINE, 0, 0 }, { "span", SK_INLINE, 0, 0 }, { "small", SK_INLINE, 0, C_P },
	{ "strong", SK_INLINE, 0, 0 },
};

static int is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The element named s[0..n) (any case), or NULL when it is not one the scanner takes. */
static const struct simple_element *simple_lookup(const unsigned char *s, size_t n)
{
	char name[8];

	if (!n || n >= sizeof(name))
		return NULL;
	for (size_t i = 0; i < n; i++)
		name[i] = (char)(s[i] | (is_letter(s[i]) ? 0x20 : 0));
	for (size_t k = 0; k < sizeof(simple_elements) / sizeof(simple_elements[0]); k++)
		if (strlen(simple_elements[k].name) == n && !memcmp(simple_elements[k].name, name, n))
			return &simple_elements[k];
	return NULL;
}

/* Attributes after a start tag's name: ( SP name="value" | SP name='value' )*, values without
 * '<' or '>'. Returns the offset just past them, or 0 when they are anything else. */
static size_t simple_attributes(const unsigned char *s, size_t i, size_t n)
{
	while (i < n && s[i] == ' ') {
		size_t start = ++i;
		unsigned char q;
		while (i < n && (is_letter(s[i]) || s[i] == '-' || s[i] == '_' || (s[i] >= '0' && s[i] <= '9')))
			i++;
		if (i == start || !is_letter(s[start]) || i + 1 >= n || s[i] != '=' ||
		    (s[i + 1] != '"' && s[i + 1] != '\''))
			return 0;
		q = s[i + 1];
		for (i += 2; i < n && s[i] != q; i++)
			if (s[i] == '<' || s[i] == '>')
				return 0;
		if (i >= n)
			return 0;
		i++; /* the closing quote */
	}
	return i;
}

/* One tag at s[i] == '<': its element and whether it is an end tag; returns the offset past
 * '>', or 0 when it is no tag the scanner takes. */
static size_t simple_tag(const unsigned char *s, size_t i, size_t n, const struct simple_element **el, int *end)
{
	size_t start;

	*end = i + 1 < n && s[i + 1] == '/';
	start = i + 1 + (size_t)*end;
	for (i = start; i < n && (is_letter(s[i]) || (s[i] >= '1' && s[i] <= '6')); i++)
		;
	if (i == start || !is_letter(s[start]) || !(*el = simple_lookup(s + start, i - start)))
		return 0;
	if (*end)
		return i < n && s[i] == '>' && (*el)->kind <= SK_BLOCK ? i + 1 : 0;
	if ((*el)->kind >= SK_VOID_BLOCK) { /* <br/>, <br />, <img src="x" /> */
		size_t k = i + (i < n && s[i] == ' ');
		if (k + 1 < n && s[k] == '/' && s[k + 1] == '>')
			return k + 2;
	}
	if (!(i = simple_attributes(s, i, n)))
		return 0;
	if (i < n && s[i] == '>')
		return i + 1;
	if ((*el)->kind >= SK_VOID_BLOCK) {
		i += i < n && s[i] == ' ';
		if (i + 1 < n && s[i] == '/' && s[i + 1] == '>')
			return i + 2;
	}
	return 0;
}

/* A character an entity may stand for here: one text_clean() keeps as it is (no control, no
 * invisible character, no U+FFFE/U+FFFF), so the scanner's text needs no second cleaning. */
static int plain_char(unsigned long cp)
{
	return ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
		(cp >= 0x10000 && cp <= 0x10FFFF)) && !text_is_invisible((unsigned)cp);
}

/* A character reference at s[i] == '&' ("&#8217;", "&#x2014;", both ending in ';'): its
 * code point, its length in *len; 0 when it is none (or none plain_char() takes). */
static unsigned long char_ref(const unsigned char *s, size_t i, size_t n, size_t *len)
{
	int hex = i + 2 < n && (s[i + 2] == 'x' || s[i + 2] == 'X');
	size_t start = i + 2 + (size_t)hex, k;
	unsigned long cp;

	k = sink_charref_digits(s, start, n < start + 7 ? n : start + 7, hex, &cp);
	if (k == start || k >= n || s[k] != ';' || !plain_char(cp))
		return 0;
	*len = k + 1 - i;
	return cp;
}

/* The entity at s[i] == '&' as the UTF-8 text it stands for (in buf), its length in *len:
 * the five common ones, character references and the names of libxml2's HTML table
 * ("&ldquo;"), each ending in ';'. NULL for anything else (a bare '&', "&shy;", "&#1;"). */
static const char *simple_entity(const unsigned char *s, size_t i, size_t n, size_t *len, struct strbuf *buf)
{
	static const struct {
		const char *ref, *text;
	} entities[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&nbsp;", "\xC2\xA0" },
	};
	unsigned long cp = 0;
	size_t k;

	for (k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
		size_t l = strlen(entities[k].ref);
		if (n - i >= l && !memcmp(s + i, entities[k].ref, l)) {
			*len = l;
			return entities[k].text;
		}
	}
	if (i + 1 < n && s[i + 1] == '#') {
		cp = char_ref(s, i, n, len);
	} else {
		char name[32];
		const htmlEntityDesc *e;
		for (k = i + 1; k < n && k - i - 1 < sizeof(name) - 1 && (is_letter(s[k]) || (s[k] >= '0' && s[k] <= '9')); k++)
			;
		if (k == i + 1 || k >= n || s[k] != ';')
			return NULL;
		memcpy(name, s + i + 1, k - i - 1);
		name[k - i - 1] = '\0';
		if ((e = htmlEntityLookup((const xmlChar *)name)) && plain_char(e->value)) {
			cp = e->value;
			*len = k + 1 - i;
		}
	}
	if (!cp)
		return NULL;
	strbuf_reset(buf);
	utf8_encode(buf, (unsigned)cp);
	return buf->buf;
}

static int is_blank(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

/* The end of the text at s[i]: the next '<' or '&', or n. Two memchr, a word or more a step
 * (a description's text is mostly long runs; a byte loop here cost a worker 7.5 M of its
 * 200 M instructions, 2,000 products). */
static size_t text_run_end(const unsigned char *s, size_t i, size_t n)
{
	const unsigned char *lt = memchr(s + i, '<', n - i);
	size_t end = lt ? (size_t)(lt - s) : n;
	const unsigned char *amp = memchr(s + i, '&', end - i);

	return amp ? (size_t)(amp - s) : end;
}

int html_simple_text(struct text_sink *t, const char *html, size_t n)
{
	const unsigned char *s = (const unsigned char *)html;
	const struct simple_element *open[SIMPLE_MAX_DEPTH], *el;
	struct text_sink saved = *t;
	struct strbuf ebuf = STRBUF_INIT;
	size_t mark = t->out->len, i = 0, j, depth = 0, len, k;
	int end, unsure = 0; /* white space libxml2 may drop is all that separates two texts */
	int seen = 0, implied_p = 0; /* text came first: libxml2 holds it in a <p> of its own */
	const char *ent;

	while (i < n) {
		if (s[i] == '<') {
			if (!(j = simple_tag(s, i, n, &el, &end)))
				goto give_up;
			seen |= !end; /* an end tag first is ignored: nothing is open yet */
			if (end) {
				/* closing the innermost element: libxml2 does just that; one that is
				 * not open (closed already) it ignores: no line break */
				for (k = depth; k && open[k - 1] != el; k--)
					;
				if (k && k != depth)
					goto give_up; /* misnested */
				if (!k && el->is == C_P && implied_p)
					goto give_up; /* it would close libxml2's own <p> */
				if (!k) {
					i = j;
					continue;
				}
				depth--;
			} else {
				if (!depth && (CLOSES_P & el->is))
					implied_p = 0;
				while (depth && (open[depth - 1]->closed_by & el->is)) {
					if (open[depth - 1]->kind == SK_BLOCK)
						sink_break(t);
					depth--;
				}
				if (el->kind <= SK_BLOCK) {
					if (depth == SIMPLE_MAX_DEPTH)
						goto give_up;
					open[depth++] = el;
				}
			}
			if (el->kind == SK_BLOCK || el->kind == SK_VOID_BLOCK) {
				sink_break(t);
				unsure = 0;
			}
			i = j;
			continue;
		}
		if (unsure && !t->newline)
			goto give_up;
		if (s[i] == '&') {
			if (!(ent = simple_entity(s, i, n, &len, &ebuf)))
				goto give_up;
			implied_p |= !seen;
			seen = 1;
			sink_text(t, (const unsigned char *)ent, strlen(ent), 0);
			i += len;
			continue;
		}
		j = text_run_end(s, i, n);
		if (is_blank(s + i, j - i)) {
			if (j < n && s[j] == '<' && t->out->len > t->start && !t->space && !t->newline)
				unsure = 1;
		} else {
			implied_p |= !seen; /* leading white space libxml2 skips */
			seen = 1;
		}
		sink_text(t, s + i, j - i, 0);
		i = j;
	}
	strbuf_release(&ebuf);
	if (!depth)
		return 0;
give_up:
	strbuf_release(&ebuf);
	strbuf_setlen(t->out, mark);
	*t = saved;
	return -1;
}
