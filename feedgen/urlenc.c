/* urlenc.c: percent-encoding, URL checks for feeds and image URL clean-up (see urlenc.h).
 * Owns: a per-thread list of the last URLs curl accepted; libcurl's URL handles it uses are freed
 * before returning. */
#include "urlenc.h"
#include <curl/curl.h>
#include <string.h>
#include <strings.h>

static const char hex_digits[] = "0123456789ABCDEF";

/* Byte classes, one look-up a byte on the links of every variant (issue 12): UNRESERVED, RFC 3986's
 * unreserved characters (letters, digits, "-._~"); KEPT_NOT, what url_normalize does not copy as it
 * is: '%' and the characters needs_pct lists; PLAIN_REST, what good_authority lets follow a host:
 * the unreserved characters and "/?=&". */
enum { UNRESERVED = 1, KEPT_NOT = 2, PLAIN_REST = 4 };
#define PLAIN_REST_MAX 100000 /* far under curl's CURL_MAX_INPUT_LENGTH (8,000,000) */
static const unsigned char url_class[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 0, 2, 0, 0, 2, 4, 0, 0, 0, 0, 0, 0, 5, 5, 4,
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 2, 4, 2, 4,
	0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 2, 0, 2, 5,
	2, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 2, 2, 2, 5, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static int is_unreserved(unsigned char c)
{
	return url_class[c] & UNRESERVED;
}

static int is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static void add_pct(struct strbuf *out, unsigned char c)
{
	char b[3] = { '%', hex_digits[c >> 4], hex_digits[c & 15] };

	strbuf_add(out, b, 3);
}

/* curl_easy_escape() does the same, but allocates per call and takes an int length; this runs
 * for every link of every product, so it is done inline with runs copied in one go. */
void url_escape_component(struct strbuf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run;

	strbuf_grow(out, n);
	while (i < n) {
		for (run = i; run < n && is_unreserved(p[run]); run++)
			;
		if (run > i) {
			strbuf_add(out, p + i, run - i);
			i = run;
			continue;
		}
		add_pct(out, p[i++]);
	}
}

static int has_http_scheme(const char *s)
{
	return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8);
}

/* URLs curl accepted lately, per thread: every feed of a run checks the same links, and the
 * variants of a product share their images (a curl parse per link was 5% of a build, issue 12). */
#define GOOD_URLS 4
#define GOOD_URL_MAX 256
static _Thread_local struct {
	size_t len;
	char s[GOOD_URL_MAX];
} good_urls[GOOD_URLS];
static _Thread_local unsigned good_next;

static int known_good(const char *s, size_t n)
{
	for (unsigned i = 0; i < GOOD_URLS; i++)
		if (good_urls[i].len == n && !memcmp(good_urls[i].s, s, n))
			return 1;
	return 0;
}

static void remember_good(const char *s, size_t n)
{
	if (!n || n >= GOOD_URL_MAX)
		return;
	memcpy(good_urls[good_next].s, s, n);
	good_urls[good_next].len = n;
	good_next = (good_next + 1) % GOOD_URLS;
}

static int curl_parse(const char *s, int *no_host);

/* Whether s (n bytes) is accepted because its scheme and authority are: curl ends the
 * authority at the first '/', '?' or '#' after "scheme://" and checks no byte of the path, the
 * query or the fragment (url_problem has refused spaces and control bytes, libcurl's junkscan,
 * already), so "https://host" parses alone as it does in s. Only with a plain rest (letters,
 * digits, "-._~/?=&") and under curl's input limit: then every link and image link of a
 * catalog on one host costs one parse in all, not one each (5,000 instructions a parse: 12% of
 * a worker's, issue 12). An authority curl refuses says nothing: s is then parsed whole. */
static int good_authority(const char *s, size_t n)
{
	size_t start, end;
	int no_host;
	char buf[GOOD_URL_MAX];

	if (n > 8 && !strncasecmp(s, "https://", 8))
		start = 8;
	else if (n > 7 && !strncasecmp(s, "http://", 7))
		start = 7;
	else
		return 0;
	for (end = start; end < n && s[end] != '/' && s[end] != '?' && s[end] != '#'; end++)
		;
	if (end == start || end >= GOOD_URL_MAX || n > PLAIN_REST_MAX)
		return 0;
	for (size_t i = end; i < n; i++)
		if (!(url_class[(unsigned char)s[i]] & PLAIN_REST))
			return 0;
	if (known_good(s, end))
		return 1;
	memcpy(buf, s, end);
	buf[end] = '\0';
	if (curl_parse(buf, &no_host))
		return 0;
	remember_good(buf, end);
	return 1;
}

/* 0 when curl accepts s as an absolute URL with a host; else -1. */
static int curl_check(const char *s, int *no_host)
{
	size_t n = strlen(s);

	*no_host = 0;
	if (known_good(s, n) || good_authority(s, n))
		return 0;
	if (curl_parse(s, no_host))
		return -1;
	remember_good(s, n);
	return 0;
}

static int curl_parse(const char *s, int *no_host)
{
	CURLU *u = curl_url();
	const char *p;
	char *host = NULL;
	CURLUcode rc;
	int ret = -1;

	*no_host = 0;
	/* curl reads "https:///path" as host "path"; a feed URL must name its host */
	p = strstr(s, "://");
	if (p && (p[3] == '\0' || p[3] == '/' || p[3] == '?' || p[3] == '#')) {
		*no_host = 1;
		curl_url_cleanup(u);
		return -1;
	}
	if (!u)
		return -1;
	rc = curl_url_set(u, CURLUPART_URL, s, 0);
	if (rc == CURLUE_NO_HOST)
		*no_host = 1;
	if (rc == CURLUE_OK) {
		if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host && *host)
			ret = 0;
		else
			*no_host = 1;
	}
	curl_free(host);
	curl_url_cleanup(u);
	return ret;
}

int url_base(struct strbuf *out, const char *base)
{
	size_t n;
	int no_host;

	if (!base || !has_http_scheme(base) || url_problem(base, 0) || curl_check(base, &no_host))
		return -1;
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	strbuf_add(out, base, n);
	return 0;
}

const char *url_problem(const char *s, size_t max_len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, n;
	int no_host;

	if (!s || !*s)
		return "is empty";
	/* to the first byte that is not visible ASCII, one test a byte: the end, or the problem */
	for (i = 0;; i++) {
		if ((unsigned)(p[i] - 0x21) < 0x5E)
			continue;
		if (!p[i])
			break;
		if (p[i] == ' ')
			return "contains a space";
		if (p[i] < 0x20 || p[i] == 0x7F)
			return "contains a control character";
		return "contains non-ASCII characters (percent-encode them)";
	}
	n = i;
	if (max_len && n > max_len)
		return "is too long";
	if (!has_http_scheme(s))
		return "has no http or https scheme";
	if (curl_check(s, &no_host))
		return no_host ? "has no host" : "is not a valid URL";
	return NULL;
}

/* Characters RFC 3986 does not allow anywhere in a URL. */
static int needs_pct(unsigned char c)
{
	return c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
	       c == '`' || c == '{' || c == '|' || c == '}';
}

void url_normalize(struct strbuf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = 0, end;

	if (!s)
		return;
	end = strlen(s);
	/* catalogs carry stray white space around links */
	while (start < end && (p[start] == ' ' || p[start] == '\t' || p[start] == '\r' || p[start] == '\n'))
		start++;
	while (end > start && (p[end - 1] == ' ' || p[end - 1] == '\t' || p[end - 1] == '\r' || p[end - 1] == '\n'))
		end--;
	strbuf_grow(out, end - start);
	for (; start < end; start++) {
		unsigned char c = p[start];
		size_t run = start;
		/* the run of bytes kept as they are, in one copy (issue 12) */
		while (run < end && !(url_class[p[run]] & KEPT_NOT))
			run++;
		if (run > start) {
			strbuf_add(out, p + start, run - start);
			start = run - 1;
			continue;
		}
		if (c == '%') {
			if (start + 2 < end && is_hex(p[start + 1]) && is_hex(p[start + 2]))
				strbuf_addch(out, '%'); /* already encoded: keep */
			else
				add_pct(out, c);
		} else if (needs_pct(c))
			add_pct(out, c);
		else
			strbuf_addch(out, c);
	}
}

void url_extension(const char *url, char ext[8])
{
	const char *end, *seg, *dot, *p;
	size_t n, i;

	ext[0] = '\0';
	if (!url)
		return;
	end = url + strcspn(url, "?#");
	p = strstr(url, "://");
	if (p && p < end) {
		p += 3;
		p = memchr(p, '/', (size_t)(end - p)); /* the path starts after the host */
		if (!p)
			return;
	} else
		p = url;
	/* the last segment and its last dot, from the end: the path is not read twice (issue 12:
	 * url_extension 14.0 M instructions to 10.2 M for 2,000 products in twelve feeds) */
	for (seg = end; seg > p && seg[-1] != '/'; seg--)
		;
	for (dot = end; dot > seg && dot[-1] != '.'; dot--)
		;
	if (dot == seg || --dot == seg) /* no dot, or the segment's first byte */
		return;
	n = (size_t)(end - dot - 1);
	if (n == 0 || n > 7)
		return;
	for (i = 0; i < n; i++) {
		char c = dot[1 + i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			ext[0] = '\0';
			return;
		}
		ext[i] = c;
	}
	ext[n] = '\0';
}
