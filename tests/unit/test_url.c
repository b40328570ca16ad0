/* test_url.c: unit tests for urlenc.c (percent-encoding, base URLs, feed URL checks, extensions).
 * Owns: its scratch buffer. */
#include "check.h"
#include "urlenc.h"
#include "item.h"
#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

static struct strbuf sb = STRBUF_INIT;

static const char *esc(const char *s)
{
	strbuf_reset(&sb);
	url_escape_component(&sb, s, strlen(s));
	return sb.buf;
}

static const char *norm(const char *s)
{
	strbuf_reset(&sb);
	url_normalize(&sb, s);
	return sb.buf;
}

static const char *ext(const char *url)
{
	static char e[8];

	memset(e, 'x', sizeof(e));
	url_extension(url, e);
	return e;
}

static void test_escape(void)
{
	CHECK_STR(esc("abcXYZ019-._~"), "abcXYZ019-._~");
	CHECK_STR(esc("blue shirt"), "blue%20shirt");
	CHECK_STR(esc("a/b?c=d&e#f"), "a%2Fb%3Fc%3Dd%26e%23f");
	CHECK_STR(esc("100%"), "100%25");
	CHECK_STR(esc("caf\xC3\xA9"), "caf%C3%A9");
	CHECK_STR(esc("+:@!$'()*,;"), "%2B%3A%40%21%24%27%28%29%2A%2C%3B");
	CHECK_STR(esc("\x01\x7F\xFF"), "%01%7F%FF");
	CHECK_STR(esc(""), "");
	strbuf_reset(&sb);
	url_escape_component(&sb, "a\0b", 3);
	CHECK_STR(sb.buf, "a%00b");
}

static void test_base(void)
{
	strbuf_reset(&sb);
	CHECK_INT(url_base(&sb, "https://shop.example.com/"), 0);
	CHECK_STR(sb.buf, "https://shop.example.com");
	strbuf_reset(&sb);
	CHECK_INT(url_base(&sb, "http://shop.example.com/store///"), 0);
	CHECK_STR(sb.buf, "http://shop.example.com/store");
	strbuf_reset(&sb);
	CHECK_INT(url_base(&sb, "https://shop.example.com"), 0);
	CHECK_STR(sb.buf, "https://shop.example.com");
	strbuf_reset(&sb);
	CHECK_INT(url_base(&sb, "shop.example.com"), -1);
	CHECK_STR(sb.buf, "");
	CHECK_INT(url_base(&sb, "ftp://shop.example.com"), -1);
	CHECK_INT(url_base(&sb, "https://"), -1);
	CHECK_INT(url_base(&sb, "https:///path"), -1);
	CHECK_INT(url_base(&sb, "https://shop example.com"), -1);
	CHECK_INT(url_base(&sb, ""), -1);
	CHECK_INT(url_base(&sb, NULL), -1);
	CHECK_STR(sb.buf, "");
}

static void test_problem(void)
{
	CHECK(url_problem("https://shop.example.com/products/tee", 0) == NULL);
	CHECK(url_problem("http://shop.example.com/p?id=1#top", 0) == NULL);
	CHECK(url_problem("HTTPS://SHOP.EXAMPLE.COM/", 0) == NULL);
	CHECK(url_problem("https://shop.example.com:8443/x", 0) == NULL);
	CHECK(url_problem("https://cdn.example.com/a%20b.jpg", 0) == NULL);
	CHECK_STR(url_problem("", 0), "is empty");
	CHECK_STR(url_problem(NULL, 0), "is empty");
	CHECK_STR(url_problem("shop.example.com/tee", 0), "has no http or https scheme");
	CHECK_STR(url_problem("//cdn.example.com/a.jpg", 0), "has no http or https scheme");
	CHECK_STR(url_problem("ftp://example.com/a", 0), "has no http or https scheme");
	CHECK_STR(url_problem("javascript:alert(1)", 0), "has no http or https scheme");
	CHECK_STR(url_problem("https://shop.example.com/blue shirt", 0), "contains a space");
	CHECK_STR(url_problem("https://shop.example.com/a\tb", 0), "contains a control character");
	CHECK_STR(url_problem("https://shop.example.com/a\n", 0), "contains a control character");
	CHECK_STR(url_problem("https://shop.example.com/caf\xC3\xA9", 0),
		  "contains non-ASCII characters (percent-encode them)");
	CHECK_STR(url_problem("https://", 0), "has no host");
	CHECK_STR(url_problem("https:///path", 0), "has no host");
	CHECK(url_problem("https://exa<mple.com/", 0) != NULL);
	CHECK(url_problem("https://shop.example.com/abcdef", 31) == NULL);
	CHECK_STR(url_problem("https://shop.example.com/abcdefgh", 31), "is too long");
	CHECK(url_problem("https://shop.example.com/", 25) == NULL);  /* exactly the limit */
}

/* curl's own answer for s, as urlenc.c's curl_parse asks it (a host named, curl accepting it) */
static int curl_accepts(const char *s)
{
	const char *p = strstr(s, "://");
	CURLU *u;
	char *host = NULL;
	int ok;

	if (p && (p[3] == '\0' || p[3] == '/' || p[3] == '?' || p[3] == '#'))
		return 0;
	u = curl_url();
	ok = u && curl_url_set(u, CURLUPART_URL, s, 0) == CURLUE_OK &&
	     curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host && *host;
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

/* A link whose rest after the host is plain is accepted without a parse when its scheme and
 * host were (every link and image link of a catalog on one host): the verdict is curl's own
 * for every base, good or bad, and every rest, plain or not, with the base remembered first or not */
static void test_plain_rest(void)
{
	static const char *const bases[] = {
		"https://shop.example.com/products/tee", "https://shop.example.com", "http://a.example/c/../d",
		"https://h.example:8080/p", "https://h.example:99999/p", "https://[::1]/p", "https://[::1/p",
		"https://", "https:///p", "https://user@h.example/p", "https://h.example/p#frag",
		"https://h.example/p%zz", "https://h.example/p/", "https://h_1.example/p", "https://-h/p",
		"https://h.example:/p", "https://h.example:x/p", "https://@/p", "http://1.2.3.4/p",
		"https://h.example", "https://h.example:8080", "https://h.example:99999", "https://u:p@h.example",
		"https://[::1]", "https://[::1", "https://h..example", "http://h.example.", "https://h%20x.example",
		"https://:80", "HTTPS://H.EXAMPLE", "https://h.example:0",
	};
	static const char *const queries[] = { "?variant=123", "?a=b&c=d", "?", "?v=~._-", "?v=%41",
					       "?v=a:b", "?v=a/b", "?v=1#x", "?v=1?w=2", "??", "/x/../../y.jpg",
					       "/./a//b/", "//", "/a:b", "/%41", "/files/7000-0.jpg?v=2", "#x", "/" };
	size_t same = 0, accepted = 0, total = 0;
	char url[512];

	for (int primed = 0; primed < 2; primed++)
		for (size_t b = 0; b < sizeof(bases) / sizeof(*bases); b++)
			for (size_t q = 0; q < sizeof(queries) / sizeof(*queries); q++) {
				int want;
				snprintf(url, sizeof(url), "%s%s", bases[b], queries[q]);
				if (primed)
					(void)url_problem(bases[b], 0);
				want = curl_accepts(url);
				accepted += (size_t)want;
				same += (url_problem(url, 0) == NULL) == want;
				total++;
			}
	printf("# plain rest: %zu of %zu links accepted by curl\n", accepted / 2, total / 2);
	CHECK(same == total && accepted > 200 && accepted < total);
}

static void test_normalize(void)
{
	CHECK_STR(norm("https://cdn.example.com/a b.jpg"), "https://cdn.example.com/a%20b.jpg");
	CHECK_STR(norm("https://cdn.example.com/a%20b.jpg"), "https://cdn.example.com/a%20b.jpg");
	CHECK_STR(norm("https://cdn.example.com/caf\xC3\xA9.jpg?v=1#f"),
		  "https://cdn.example.com/caf%C3%A9.jpg?v=1#f");
	CHECK_STR(norm("https://x.com/100%.jpg"), "https://x.com/100%25.jpg");
	CHECK_STR(norm("https://x.com/%zz%4"), "https://x.com/%25zz%254");
	CHECK_STR(norm("https://x.com/%4"), "https://x.com/%254");
	CHECK_STR(norm("https://x.com/%41"), "https://x.com/%41");
	CHECK_STR(norm("  https://x.com/a.jpg \n"), "https://x.com/a.jpg");
	CHECK_STR(norm("https://x.com/{a}|\"b\"<c>\\^`"), "https://x.com/%7Ba%7D%7C%22b%22%3Cc%3E%5C%5E%60");
	CHECK_STR(norm("https://x.com/?a=1&b=2"), "https://x.com/?a=1&b=2");
	CHECK_STR(norm("https://x.com/a\x01" "b"), "https://x.com/a%01b");
	CHECK_STR(norm(""), "");
	CHECK(url_problem(norm("https://cdn.example.com/Blue Shirt \xE2\x9C\xA8.png"), 0) == NULL);
}

static void test_extension(void)
{
	CHECK_STR(ext("https://cdn.shopify.com/s/files/1/shirt.JPG?v=1712345"), "jpg");
	CHECK_STR(ext("https://x.com/a/b.png"), "png");
	CHECK_STR(ext("https://x.com/a/b.webp#frag"), "webp");
	CHECK_STR(ext("https://x.com/a.b/c"), "");
	CHECK_STR(ext("https://x.com/a/"), "");
	CHECK_STR(ext("https://x.com"), "");
	CHECK_STR(ext("https://x.com?a=b.jpg"), "");
	CHECK_STR(ext("https://x.com/a.jpg?x=y.png"), "jpg");
	CHECK_STR(ext("https://x.com/archive.tar.gz"), "gz");
	CHECK_STR(ext("https://x.com/file.toolongext"), "");
	CHECK_STR(ext("https://x.com/file.abcdefg"), "abcdefg");
	CHECK_STR(ext("https://x.com/.hidden"), "");
	CHECK_STR(ext("https://x.com/file."), "");
	CHECK_STR(ext("https://x.com/a.j%20g"), "");
	CHECK_STR(ext("image.jpeg"), "jpeg");
	CHECK_STR(ext(""), "");
	CHECK_STR(ext(NULL), "");
}

/* issue 12: the URLs curl accepted lately are remembered; that must never let a bad one pass,
 * however alike, and a URL too long to remember is still checked every time */
static void test_remembered(void)
{
	struct strbuf longurl = STRBUF_INIT;

	for (int round = 0; round < 2; round++) {
		CHECK(url_problem("https://shop.example.com/products/tee", 0) == NULL);
		CHECK_STR(url_problem("https://shop.example.com/products/tee ", 0), "contains a space");
		CHECK_STR(url_problem("https://shop.example.com/products/tee", 10), "is too long");
		CHECK_STR(url_problem("https:///products/tee", 0), "has no host");
		CHECK_STR(url_problem("https://[::1/products/tee", 0), "is not a valid URL");
	}
	for (int i = 0; i < 10; i++) { /* more than it remembers, then the first again */
		char u[64];
		snprintf(u, sizeof(u), "https://cdn.example.com/%d.jpg", i);
		CHECK(url_problem(u, 0) == NULL);
	}
	CHECK(url_problem("https://shop.example.com/products/tee", 0) == NULL);
	strbuf_addstr(&longurl, "https://shop.example.com/");
	for (int i = 0; i < 40; i++)
		strbuf_addstr(&longurl, "segment/");
	CHECK(url_problem(longurl.buf, 0) == NULL);
	CHECK(url_problem(longurl.buf, 0) == NULL);
	strbuf_addstr(&longurl, " x");
	CHECK_STR(url_problem(longurl.buf, 0), "contains a space");
	strbuf_release(&longurl);
}

/* url_normalize copies runs of bytes in one go (issue 12): the same text as encoding byte by
 * byte (RFC 3986's excluded characters, a '%' not starting %XX), over random links. */
static void ref_normalize(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t start = 0, end = strlen(s);

	while (start < end && strchr(" \t\r\n", s[start]))
		start++;
	while (end > start && strchr(" \t\r\n", s[end - 1]))
		end--;
	for (; start < end; start++) {
		unsigned char c = (unsigned char)s[start];
		int keep = c > 0x20 && c < 0x7F && !strchr("\"<>\\^`{|}", c);
		if (c == '%')
			keep = start + 2 < end && isxdigit((unsigned char)s[start + 1]) &&
			       isxdigit((unsigned char)s[start + 2]);
		if (keep) {
			strbuf_addch(out, c);
		} else {
			strbuf_addch(out, '%');
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 15]);
		}
	}
}

static void test_normalize_like_bytewise(void)
{
	static const char alphabet[] = "ab/.:?=&%4F% g\t\"<>{}|^`\\\xC3\xA9\x7F\x01 ";
	struct strbuf want = STRBUF_INIT;
	unsigned long seed = 5;
	char url[64];
	int bad = 0;

	for (int i = 0; i < 20000; i++) {
		size_t n = (size_t)(i % 40);
		for (size_t k = 0; k < n; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			url[k] = alphabet[(seed >> 33) % (sizeof(alphabet) - 1)];
		}
		url[n] = '\0';
		strbuf_reset(&want);
		ref_normalize(&want, url);
		if (strcmp(norm(url), want.buf) && bad++ < 5)
			CHECK_STR(sb.buf, want.buf);
	}
	CHECK_INT(bad, 0);
	strbuf_release(&want);
}

/* urlenc.c's byte classes are one table (issue 12): every byte from 1 to 255, inside a link,
 * normalised, escaped and checked as the byte-by-byte rules say (RFC 3986's unreserved
 * characters kept by the escape; a space, a control byte, a non-ASCII byte refused by name) */
static void test_every_byte(void)
{
	struct strbuf want = STRBUF_INIT;
	char url[64];
	int bad_norm = 0, bad_esc = 0, bad_problem = 0;

	for (int c = 1; c < 256; c++) {
		const char *problem, *expect;
		int unreserved = isalnum(c) && c < 0x80;
		snprintf(url, sizeof(url), "https://x.example/a%cb", c);
		strbuf_reset(&want);
		ref_normalize(&want, url);
		bad_norm += strcmp(norm(url), want.buf) != 0;
		strbuf_reset(&want);
		unreserved = unreserved || c == '-' || c == '.' || c == '_' || c == '~';
		if (unreserved)
			strbuf_addch(&want, (char)c);
		else
			strbuf_addf(&want, "%%%02X", c);
		bad_esc += strcmp(esc((char[]){ (char)c, '\0' }), want.buf) != 0;
		problem = url_problem(url, 0);
		expect = c == ' ' ? "contains a space" : c < 0x20 || c == 0x7F ? "contains a control character"
			 : c >= 0x80 ? "contains non-ASCII characters (percent-encode them)" : NULL;
		bad_problem += expect ? !problem || strcmp(problem, expect) : problem && c != '#' && c != '%' && c != '\\' &&
					      c != '"' && c != '<' && c != '>' && c != '^' && c != '`' && c != '{' &&
					      c != '|' && c != '}';
	}
	CHECK_INT(bad_norm, 0);
	CHECK_INT(bad_esc, 0);
	CHECK_INT(bad_problem, 0);
	CHECK(url_problem("https://x.example/ab", 20) == NULL && url_problem("https://x.example/ab", 19));
	strbuf_release(&want);
}

/* The verdicts a worker's normaliser finds for an item's link and image link (item.h):
 * url_problem's answer for exactly those bytes, borrowed by a feed's copy, never for others. */
static void test_item_verdicts(void)
{
	struct item it, copy;
	const char *problem = "unset";

	item_init(&it);
	item_init(&copy);
	item_set(&it, ITEM_LINK, "https://shop.example.com/products/tee?variant=1");
	item_set(&it, ITEM_IMAGE_LINK, "https://cdn.example.com/a b.jpg");
	CHECK(!item_url_verdict(&it, item_get(&it, ITEM_LINK), it.field[ITEM_LINK].len, &problem));
	item_find_url_verdicts(&it);
	CHECK(item_url_verdict(&it, item_get(&it, ITEM_LINK), it.field[ITEM_LINK].len, &problem) && problem == NULL);
	CHECK(item_url_verdict(&it, "https://cdn.example.com/a b.jpg", 31, &problem));
	CHECK_STR(problem, "contains a space");
	/* other bytes, a prefix, a longer value: not known, the validator asks url_problem */
	CHECK(!item_url_verdict(&it, "https://shop.example.com/products/tee?variant=2", 47, &problem));
	CHECK(!item_url_verdict(&it, "https://shop.example.com/products/tee", 37, &problem));
	CHECK(!item_url_verdict(&it, "https://cdn.example.com/a b.jpg?x", 33, &problem));
	/* a feed's copy borrows them, also after it changed its own link */
	item_copy(&copy, &it);
	CHECK(item_url_verdict(&copy, "https://cdn.example.com/a b.jpg", 31, &problem));
	item_set(&copy, ITEM_LINK, "https://shop.example.com/products/tee?variant=1&utm_source=tiktok");
	CHECK(!item_url_verdict(&copy, item_get(&copy, ITEM_LINK), copy.field[ITEM_LINK].len, &problem));
	/* reset and found again with a new link: the old link is no longer known */
	item_reset(&it);
	CHECK(!item_url_verdict(&it, "https://cdn.example.com/a b.jpg", 31, &problem));
	item_set(&it, ITEM_LINK, "ftp://shop.example.com/tee");
	item_set(&it, ITEM_IMAGE_LINK, "https://cdn.example.com/a b.jpg"); /* the last image: kept */
	item_find_url_verdicts(&it);
	CHECK(item_url_verdict(&it, "ftp://shop.example.com/tee", 26, &problem));
	CHECK_STR(problem, "has no http or https scheme");
	CHECK(!item_url_verdict(&it, "https://shop.example.com/products/tee?variant=1", 47, &problem));
	CHECK(item_url_verdict(&it, "https://cdn.example.com/a b.jpg", 31, &problem));
	CHECK_STR(problem, "contains a space");
	item_release(&it);
	item_release(&copy);
}

/* url_extension as it read the path before issue 12 (forward, twice): the definition the
 * backward scan must agree with */
static void forward_extension(const char *url, char out[8])
{
	const char *end = url + strcspn(url, "?#"), *p = strstr(url, "://"), *seg, *dot = NULL;
	size_t n, i;

	out[0] = '\0';
	if (p && p < end) {
		if (!(p = memchr(p + 3, '/', (size_t)(end - p - 3))))
			return;
	} else
		p = url;
	for (seg = p; p < end; p++)
		if (*p == '/')
			seg = p + 1;
	for (p = seg; p < end; p++)
		if (*p == '.')
			dot = p;
	if (!dot || dot == seg || (n = (size_t)(end - dot - 1)) == 0 || n > 7)
		return;
	for (i = 0; i < n; i++) {
		char c = (char)tolower((unsigned char)dot[1 + i]);
		if (!isalnum((unsigned char)c) || (unsigned char)c >= 0x80) {
			out[0] = '\0';
			return;
		}
		out[i] = c;
	}
	out[n] = '\0';
}

/* over 300,000 random links of slashes, dots, schemes, queries and letters */
static void test_extension_random(void)
{
	static const char *const tokens[] = { "/", ".", "a", "B", "jpg", "://", "?", "#", "x.", "9", "-", "PNG", "..", "//" };
	unsigned long seed = 3;
	int bad = 0;

	for (int t = 0; t < 300000; t++) {
		char url[256] = "", want[8];
		for (int k = 0; k < t % 15; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			strcat(url, tokens[(seed >> 33) % (sizeof(tokens) / sizeof(*tokens))]);
		}
		forward_extension(url, want);
		bad += strcmp(ext(url), want) != 0;
	}
	CHECK_INT(bad, 0);
}

int main(void)
{
	test_escape();
	test_extension_random();
	test_base();
	test_problem();
	test_remembered();
	test_plain_rest();
	test_normalize();
	test_normalize_like_bytewise();
	test_every_byte();
	test_extension();
	test_item_verdicts();
	strbuf_release(&sb);
	return CHECK_DONE();
}
