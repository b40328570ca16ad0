/* test_html.c: unit tests for htmltext.c (HTML descriptions to plain text, markup detection).
 * Owns: its scratch buffer. */
#include "check.h"
#include "htmltext.h"
#include "text.h"
#include <stdio.h>
#include <string.h>

static struct strbuf sb = STRBUF_INIT;
static int ret;

static const char *to_text_n(const char *html, size_t n)
{
	strbuf_reset(&sb);
	ret = html_to_text(&sb, html, n);
	return sb.buf;
}

static const char *to_text(const char *html)
{
	return to_text_n(html, strlen(html));
}

#define DETECT(s) html_detect_markup((s), strlen(s))

static void test_fast_path(void)
{
	CHECK_STR(to_text("Plain text"), "Plain text");
	CHECK_INT(ret, 0);
	CHECK_STR(to_text("  Line1\n\n\nLine2\t\t end  "), "Line1 Line2 end");
	CHECK_STR(to_text("a\xC2\xA0\xC2\xA0" "b"), "a b");            /* NBSP collapses */
	CHECK_STR(to_text("one two  three \xC2\xA0" "four\n five six "), "one two three four five six");
	CHECK_STR(to_text("a b"), "a b");                                 /* one space in a run */
	CHECK_STR(to_text("a \xE2\x80\x83" "b c"), "a b c");
	CHECK_STR(to_text("a\xE3\x80\x80" "b\xE2\x80\x83" "c"), "a b c"); /* ideographic, em space */
	CHECK_STR(to_text(""), "");
	CHECK_STR(to_text("   \n\t "), "");
	CHECK_STR(to_text("caf\xE9 \x01ok"), "caf\xEF\xBF\xBD ok");  /* repaired, control removed */
	CHECK_STR(to_text_n("a\0b", 3), "ab");
	CHECK_STR(to_text("\x10" "div> \x1B[0m"), "div> [0m");   /* fuzz: control in valid UTF-8 */
}

static void test_blocks(void)
{
	CHECK_STR(to_text("<p>Hello</p><p>World</p>"), "Hello\nWorld");
	CHECK_STR(to_text("<p>One</p>\n\n<p></p><p> </p><div><br></div><p>Two</p>"), "One\nTwo");
	CHECK_STR(to_text("x<br>y<br/><br />z"), "x\ny\nz");
	CHECK_STR(to_text("<b>bold</b> <i>italic</i>"), "bold italic");
	CHECK_STR(to_text("<b>no</b><i>space</i>"), "nospace");
	CHECK_STR(to_text("<h1>Title</h1>Text<h2>Sub</h2>"), "Title\nText\nSub");
	CHECK_STR(to_text("<P>UPPER</P><DIV>case</DIV>"), "UPPER\ncase");
	CHECK_STR(to_text("<p>  lots   of\n\n space\t</p>"), "lots of space");
	CHECK_STR(to_text("<blockquote>q</blockquote><section>s</section><article>a</article>"
			  "<header>h</header><footer>f</footer>"), "q\ns\na\nh\nf");
	CHECK_STR(to_text("<dl><dt>Size</dt><dd>XL</dd></dl>"), "Size\nXL");
	CHECK_STR(to_text("<pre>a\n  b\nc</pre>"), "a\nb\nc");
	CHECK_STR(to_text("<span>in</span>line<em>!</em>"), "inline!");
}

static void test_lists_tables(void)
{
	CHECK_STR(to_text("<ul><li>One</li><li>Two<ul><li>Two.a</li><li>Two.b</li></ul></li><li>Three</li></ul>"),
		  "One\nTwo\nTwo.a\nTwo.b\nThree");
	CHECK_STR(to_text("<ol><li>first<li>second</ol>after"), "first\nsecond\nafter");
	CHECK_STR(to_text("<table><tr><th>Size</th><th>Chest</th></tr><tr><td>M</td><td>100 cm</td></tr></table>"),
		  "Size Chest\nM 100 cm");
}

static void test_dropped(void)
{
	CHECK_STR(to_text("<script>alert('x')</script>Text"), "Text");
	CHECK_STR(to_text("<style>p { color: red }</style><p>Styled</p>"), "Styled");
	CHECK_STR(to_text("<template><p>t</p></template><noscript>ns</noscript>ok"), "ok");
	CHECK_STR(to_text("<html><head><title>T</title><meta name=x></head><body>Body</body></html>"), "Body");
	CHECK_STR(to_text("a<!-- comment -->b"), "ab");
	CHECK_STR(to_text("<script>var s = '</p><p>';</script>after"), "after");
	CHECK_STR(to_text("<SCRIPT type=\"text/javascript\">x()</SCRIPT>y"), "y");
	CHECK_STR(to_text("<p>a<script>b</script>c</p>"), "ac");
}

static void test_entities(void)
{
	CHECK_STR(to_text("Fish &amp; Chips"), "Fish & Chips");
	CHECK_STR(to_text("a&nbsp;&nbsp;b"), "a b");
	CHECK_STR(to_text("it&#39;s &quot;new&quot;"), "it's \"new\"");
	CHECK_STR(to_text("a &mdash; b &#8212; c &#x2014; d"), "a \xE2\x80\x94 b \xE2\x80\x94 c \xE2\x80\x94 d");
	CHECK_STR(to_text("&#x1F600; smile"), "\xF0\x9F\x98\x80 smile");
	CHECK_STR(to_text("caf&eacute; &euro;5 &copy; &reg; &trade;"),
		  "caf\xC3\xA9 \xE2\x82\xAC" "5 \xC2\xA9 \xC2\xAE \xE2\x84\xA2");
	CHECK_STR(to_text("a &lt;b&gt; c"), "a <b> c");
	CHECK_STR(to_text("&unknown; &amp"), "&unknown; &amp");
	/* numeric entities for characters XML forbids never come out */
	to_text("<p>x&#1;y&#x80;z&#xFFFE;w&#0;v&#xD800;u</p>");
	CHECK(utf8_is_valid(sb.buf, sb.len));
	CHECK(!memchr(sb.buf, 0x01, sb.len));
	CHECK(!strstr(sb.buf, "\xC2\x80"));
	CHECK(!strstr(sb.buf, "\xEF\xBF\xBE"));
	CHECK(!strncmp(sb.buf, "x", 1));
	CHECK(strchr(sb.buf, 'u') != NULL);
}

static void test_malformed(void)
{
	CHECK_STR(to_text("<p>unclosed <b>bold <div>x"), "unclosed bold\nx");
	CHECK_INT(ret, 0);
	CHECK_STR(to_text("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
	CHECK_STR(to_text("I <3 this <b>shirt</b>"), "I <3 this shirt");
	CHECK_STR(to_text("<"), "<");
	CHECK_STR(to_text("trailing <"), "trailing <");
	CHECK_STR(to_text("</p>stray close</div>"), "stray close");
	CHECK_STR(to_text("<p attr='<3'>ok</p>"), "ok");
	CHECK_STR(to_text("<p>a</b></i>b</p>"), "ab");
	CHECK_STR(to_text("<div><div><div><p>deep</p></div>"), "deep");
	CHECK_STR(to_text("]]> <p>cdata end</p>"), "]]>\ncdata end");
	/* invalid UTF-8 inside HTML: repaired, not read as Latin-1 for the rest */
	CHECK_STR(to_text("<p>caf\xE9</p><p>\xC3\xA9t\xC3\xA9</p>"), "caf\xEF\xBF\xBD\n\xC3\xA9t\xC3\xA9");
	/* an encoding declaration inside the fragment is ignored */
	CHECK_STR(to_text("<meta charset=\"iso-8859-1\"><p>\xC3\xA9t\xC3\xA9</p>"), "\xC3\xA9t\xC3\xA9");
	CHECK_STR(to_text("<p>a\x01" "b\x7F" "c</p>"), "abc");
}

static void test_deep_and_big(void)
{
	struct strbuf big = STRBUF_INIT;
	int i;

	for (i = 0; i < 5000; i++)
		strbuf_addstr(&big, "<div><span>");
	strbuf_addstr(&big, "core");
	to_text_n(big.buf, big.len);
	CHECK_STR(sb.buf, "core");
	CHECK_INT(ret, -1); /* deeper than libxml2 allows: the fallback scanner */
	strbuf_reset(&big);
	for (i = 0; i < 300; i++)
		strbuf_addstr(&big, "<div>");
	strbuf_addstr(&big, "a &amp; &#x263A; <script>x()</script><style>p{}</style><p>b</p>");
	to_text_n(big.buf, big.len);
	CHECK_STR(sb.buf, "a & \xE2\x98\xBA\nb");
	strbuf_reset(&big);
	for (i = 0; i < 2000; i++)
		strbuf_addf(&big, "<li>item %d &amp; more</li>", i);
	to_text_n(big.buf, big.len);
	CHECK(!strncmp(sb.buf, "item 0 & more\nitem 1 & more\n", 28));
	CHECK(strstr(sb.buf, "item 1999 & more") != NULL);
	strbuf_release(&big);
}

static void test_append(void)
{
	struct strbuf out = STRBUF_INIT;

	strbuf_addstr(&out, "desc: ");
	html_to_text(&out, "<p> a </p>", 10);
	CHECK_STR(out.buf, "desc: a");
	strbuf_release(&out);
}

static void test_detect(void)
{
	CHECK(DETECT("<p>text</p>"));
	CHECK(DETECT("text</div>"));
	CHECK(DETECT("line<br/>"));
	CHECK(DETECT("line<br />"));
	CHECK(DETECT("<span class=\"x\">y"));
	CHECK(DETECT("Fish &amp; Chips"));
	CHECK(DETECT("it&#39;s"));
	CHECK(DETECT("&#x2014;"));
	CHECK(DETECT("a&nbsp;b"));
	CHECK(DETECT("<!-- note -->"));
	CHECK(!DETECT("plain text"));
	CHECK(!DETECT("1 < 2 > 0"));
	CHECK(!DETECT("I <3 it"));
	CHECK(!DETECT("R&D; Tools"));      /* not an entity libxml2 knows */
	CHECK(!DETECT("A & B"));
	CHECK(!DETECT("&#;"));
	CHECK(!DETECT("<span"));
	CHECK(!DETECT(""));
	CHECK(!DETECT("a <b c"));
}

/* The three ways to one text must agree: libxml2 with a new context, libxml2 with a context
 * kept between calls (a normaliser's), and the scanner of simple markup when it takes the
 * input (issue 12). Returns whether the scanner took it. */
static struct html_parser kept;

static int same_text(const char *html, int want_simple)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;
	size_t n = strlen(html);
	int simple, ok;

	html_parser_text(NULL, &a, html, n, HTML_TEXT_LIBXML2);
	html_parser_text(&kept, &b, html, n, HTML_TEXT_LIBXML2);
	simple = html_parser_text(&kept, &c, html, n, 0) == 1;
	ok = !strcmp(a.buf, b.buf) && !strcmp(a.buf, c.buf) && (want_simple < 0 || simple == want_simple);
	if (!ok)
		printf("# differ on '%s': libxml2 '%s' kept context '%s' %s '%s'\n", html, a.buf, b.buf,
		       simple ? "scanner" : "libxml2 again", c.buf);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&c);
	return ok;
}

static void test_simple_markup(void)
{
	/* taken by the scanner */
	CHECK(same_text("<p>denim red</p><ul><li>Care: machine wash &amp; dry</li><li>Fit: true</li></ul>", 1));
	CHECK(same_text("<p>a<br>b<br/>c<br />d</p>", 1));
	CHECK(same_text("<P>Upper <STRONG>case</STRONG></P>", 1));
	CHECK(same_text("<p class=\"x\" style='color: red'>styled <a href=\"/x?a=1&b=2\">link</a></p>", 1));
	CHECK(same_text("<p>a</p> <p>b</p>\n<p>c</p>", 1));
	CHECK(same_text("text first<ul><li>one</li></ul>after", 1));
	CHECK(same_text("<b>x<p>y</p>z</b>", 1));  /* <p> closed <b>: </b> is ignored */
	CHECK(same_text("<p>a<p>b</p>c</p>", 1));
	CHECK(same_text("<li>x<li>y</li>z</li>", 1));
	CHECK(same_text("<p>a<p>b</p><ul><li>c<li>d</li></ul><h2>e<p>f</p>", 1)); /* closed as libxml2 does */
	CHECK(same_text("word<p class=\"k\"><hr>caf\xC3\xA9</p>word", 1)); /* <hr> closed <p>: no break at </p> */
	CHECK(same_text("<span>hi<p>x</p></span>", 1));
	CHECK(same_text("a &lt;b&gt; &quot;c&quot; d&nbsp;e", 1));
	CHECK(same_text("<p>a </p>b<span> c</span> <br>d", 1));
	CHECK(same_text("<h2>Title</h2><div><em>x</em>, <i>y</i></div><hr><small>z</small>", 1));
	CHECK(same_text("<p>caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80</p>", 1));
	CHECK(same_text("<img src=\"a.jpg\">a<img src=\"b.jpg\"/>b", 1));
	/* left to libxml2 */
	CHECK(same_text("<span>a</span> <span>b</span>", 0));      /* white space libxml2 may drop */
	CHECK(same_text("a<img src=\"x\"> <b>c</b>", 0));
	CHECK(same_text("<p>a<b>b</p>c</b>", 0));                    /* misnested */
	CHECK(same_text("<p>unclosed", 0));
	CHECK(same_text("<p>a</p></p>", 1));
	CHECK(same_text("<!-- c --><p>x</p>", 0));
	CHECK(same_text("<table><tr><td>a</td><td>b</td></tr></table>", 0));
	CHECK(same_text("<pre>a\n b</pre>", 0));
	CHECK(same_text("<script>x</script>y", 0));
	CHECK(same_text("Salt & pepper", 0));
	CHECK(same_text("&#8203;a&#x41;&eacute;&apos;", 0)); /* invisible, &apos; is not HTML 4 */
	CHECK(same_text("&ldquo;Tea&rdquo; &#8217;s &#x2014; &eacute;t&eacute;", 1));
	CHECK(same_text("x</p>y", 0));                               /* would close libxml2's own <p> */
	CHECK(same_text("</p>x", 1));
	CHECK(same_text("<p class=x>unquoted</p>", 0));
	CHECK(same_text("<p  class=\"x\">two spaces</p>", 0));
	CHECK(same_text("<br></br>", 0));
	CHECK(same_text("<p/>a", 0));
	CHECK(same_text("a < b", 0));
	CHECK(same_text("<custom>x</custom>", 0));
}

/* The random tests' pieces: piece appended to buf (of size bytes, NUL-terminated) unless it
 * does not fit (then 0). */
static int add_piece(char *buf, size_t size, size_t *len, const char *piece)
{
	size_t n = strlen(piece);

	if (*len + n + 1 > size)
		return 0;
	memcpy(buf + *len, piece, n);
	*len += n;
	buf[*len] = '\0';
	return 1;
}

/* One random input checked the three ways (same_text), counted in *bad when they differ (0:
 * stop, after more than ten) and in *simple when the scanner read it. */
static int read_three_ways(const char *buf, size_t len, int *bad, int *simple)
{
	struct strbuf t = STRBUF_INIT;

	if (!same_text(buf, -1) && (*bad)++ > 10)
		return 0;
	*simple += html_parser_text(NULL, &t, buf, len, 0) == 1;
	strbuf_release(&t);
	return 1;
}

/* Random markup from pieces the scanner takes and pieces it must refuse: every one reads the
 * same through the three ways (a fixed seed: the same inputs every run). */
static void test_simple_markup_random(void)
{
	static const char *const pieces[] = {
		"<p>", "</p>", "<ul>", "</ul>", "<li>", "</li>", "<b>", "</b>", "<strong>", "</strong>",
		"<span class=\"c\">", "</span>", "<br>", "<br/>", "<div>", "</div>", "<em>", "</em>",
		"<a href=\"/p?x=1&y=2\">", "</a>", "<h2>", "</h2>", "<img src=\"i.png\">", "<hr>",
		"word", "two words", " ", "  ", "\n", "\t", " lead", "trail ", "&amp;", "&lt;", "&nbsp;",
		"&quot;", "\xC2\xA0", "\xE2\x80\x83", "caf\xC3\xA9", "&eacute;", "&#39;", "& ", "<!--c-->",
		"<td>", "<pre>", "</pre>", "<i>", "</i>", "<small>", "</small>", "<ol>", "</ol>",
	};
	unsigned long seed = 12;
	int bad = 0, simple = 0, i, k;
	char buf[512];

	for (i = 0; i < 3000; i++) {
		size_t len = 0;
		int count = 1 + (int)((seed >> 16) % 12);
		buf[0] = '\0';
		for (k = 0; k < count; k++) {
			const char *piece;
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			piece = pieces[(seed >> 33) % (sizeof(pieces) / sizeof(pieces[0]))];
			if (!add_piece(buf, sizeof(buf), &len, piece))
				break;
		}
		if (!read_three_ways(buf, len, &bad, &simple))
			break;
	}
	CHECK_INT(bad, 0);
	CHECK(simple > 50); /* the scanner took some of them */
	printf("# %d of %d random inputs read by the scanner\n", simple, i);
}

/* Random well-nested markup of the elements the scanner takes, with the white space, entities
 * and characters it must place as libxml2 does: most of it is read by the scanner, all of it
 * reads the same as through libxml2. */
static void test_simple_markup_nested(void)
{
	static const char *const names[] = { "p", "ul", "li", "b", "strong", "span", "div", "em", "a", "h2",
					      "i", "small", "ol", "u", "sup" };
	static const char *const texts[] = { "word", "two words", " ", "  ", "\n", " lead", "trail ", "&amp;",
					     "&nbsp;", "&lt;", "\xC2\xA0", "\xE2\x80\x83", "caf\xC3\xA9", "<br>",
					     "<br/>", "<img src=\"i.png\">", "<hr>", "x\ty", "\xE3\x80\x80", "&ldquo;",
					     "&#8217;", "&#x2014;", "&#39;", "&shy;", "&#1;", "&eacute;", "</p>", "</li>",
					     "</b>", "</ul>", "&zwj;", "&#x200B;", "&#128512;" };
	unsigned long seed = 4242;
	int bad = 0, simple = 0, i;
	char buf[1024];

	for (i = 0; i < 20000; i++) {
		const char *open[16];
		size_t len = 0, depth = 0;
		int steps = 1 + (int)(i % 40);
		buf[0] = '\0';
		for (int k = 0; k < steps || depth; k++) {
			char piece[64];
			unsigned r;
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			r = (unsigned)(seed >> 33);
			if (k >= steps || (depth && r % 4 == 0)) {
				snprintf(piece, sizeof(piece), "</%s>", open[--depth]);
			} else if (r % 4 == 1 && depth < 16) {
				open[depth] = names[(r >> 4) % (sizeof(names) / sizeof(names[0]))];
				snprintf(piece, sizeof(piece), (r >> 12) % 3 ? "<%s>" : "<%s class=\"k\">", open[depth]);
				depth++;
			} else {
				snprintf(piece, sizeof(piece), "%s", texts[(r >> 4) % (sizeof(texts) / sizeof(texts[0]))]);
			}
			if (!add_piece(buf, sizeof(buf), &len, piece))
				break;
		}
		if (!read_three_ways(buf, len, &bad, &simple))
			break;
	}
	CHECK_INT(bad, 0);
	CHECK(simple > 3000);
	printf("# %d of %d nested random inputs read by the scanner\n", simple, i);
}

int main(void)
{
	test_fast_path();
	test_blocks();
	test_lists_tables();
	test_dropped();
	test_entities();
	test_malformed();
	test_deep_and_big();
	test_append();
	test_detect();
	test_simple_markup();
	test_simple_markup_random();
	test_simple_markup_nested();
	html_parser_release(&kept);
	strbuf_release(&sb);
	return CHECK_DONE();
}
