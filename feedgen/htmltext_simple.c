/* htmltext_simple.c: the plain text of simple markup (most shop descriptions: <p>, <ul><li>,
 * <br>, <strong>, &amp;) without building a libxml2 tree, which cost 80,000 instructions a
 * description (issue 12). Owns: nothing beyond one call (see htmltext_sink.h).
 *
 * The scanner only takes what it can read exactly as htmlCtxtReadMemory + the tree walk of
 * htmltext.c would, and returns -1 on anything else, so the caller parses that with libxml2:
 * - tags from a short list (below), written <name>, <name attr="v" ...>, </name>, <br/>;
 *   the start tags close open elements as libxml2's do (a <p> closes an open <p> or <b>),
 *   every end tag closes the innermost open element, and all are closed at the end;
 * - no comment, doctype, CDATA, script, style, pre, table or other skipped content;
 * - the entities &amp; &lt; &gt; &quot; &nbsp; (no other '&');
 * - white space alone between two tags: libxml2 drops it in some places (areBlanks(): after
 *   an <img>, a <br>...), so it is taken only where dropping it cannot change the text (a
 *   line break or a space is pending, or no text yet). */
#include "htmltext_sink.h"
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

/* "&amp;" and its four siblings at s[i] == '&': the text it stands for, its length in *len. */
static const char *simple_entity(const unsigned char *s, size_t i, size_t n, size_t *len)
{
	static const struct {
		const char *ref, *text;
	} entities[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&nbsp;", "\xC2\xA0" },
	};

	for (size_t k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
		size_t l = strlen(entities[k].ref);
		if (n - i >= l && !memcmp(s + i, entities[k].ref, l)) {
			*len = l;
			return entities[k].text;
		}
	}
	return NULL;
}

static int is_blank(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

int html_simple_text(struct text_sink *t, const char *html, size_t n)
{
	const unsigned char *s = (const unsigned char *)html;
	const struct simple_element *open[SIMPLE_MAX_DEPTH], *el;
	struct text_sink saved = *t;
	size_t mark = t->out->len, i = 0, j, depth = 0, len;
	int end, unsure = 0; /* white space libxml2 may drop is all that separates two texts */
	const char *ent;

	while (i < n) {
		if (s[i] == '<') {
			if (!(j = simple_tag(s, i, n, &el, &end)))
				goto give_up;
			if (end) {
				/* closing the innermost element: libxml2 does just that; an end tag of
				 * an element it closed already is ignored there (no line break) */
				if (!depth || open[depth - 1] != el)
					goto give_up;
				depth--;
			} else {
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
			if (!(ent = simple_entity(s, i, n, &len)))
				goto give_up;
			sink_text(t, (const unsigned char *)ent, strlen(ent), 0);
			i += len;
			continue;
		}
		for (j = i; j < n && s[j] != '<' && s[j] != '&'; j++)
			;
		if (j < n && s[j] == '<' && is_blank(s + i, j - i) && t->out->len > t->start && !t->space && !t->newline)
			unsure = 1;
		sink_text(t, s + i, j - i, 0);
		i = j;
	}
	if (!depth)
		return 0;
give_up:
	strbuf_setlen(t->out, mark);
	*t = saved;
	return -1;
}
