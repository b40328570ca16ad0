/* http_origin.c: the one same-origin check (http.h) every URL a server hands us goes through
 * before credentials follow it: redirects of credentialed requests and Link rel="next" pages.
 * Scheme, host and port are compared as libcurl's URL API parses them. Owns: nothing. */
#include "http.h"
#include "msg.h"
#include <string.h>
#include <strings.h>

/* scheme://host:port with libcurl's URL parser (default ports filled in, host as parsed);
 * empty when url does not parse. */
static void url_origin(const char *url, struct strbuf *out)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;

	if (!curl_url_set(u, CURLUPART_URL, url, 0) && !curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) &&
	    !curl_url_get(u, CURLUPART_HOST, &host, 0) && !curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT))
		strbuf_addf(out, "%s://%s:%s", scheme, host, port);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
}

int http_same_origin(const char *a, const char *b)
{
	struct strbuf oa = STRBUF_INIT, ob = STRBUF_INIT;
	int same;

	url_origin(a, &oa);
	url_origin(b, &ob);
	same = oa.len && ob.len && !strcasecmp(oa.buf, ob.buf);
	strbuf_release(&oa);
	strbuf_release(&ob);
	return same;
}

int http_follow_check(const char *from, const char *to, struct strbuf *why)
{
	CURLU *u;
	char *host = NULL, *port = NULL;
	struct strbuf hp = STRBUF_INIT;

	if (http_same_origin(from, to))
		return 0;
	u = curl_url();
	if (!curl_url_set(u, CURLUPART_URL, to, 0) && !curl_url_get(u, CURLUPART_HOST, &host, 0)) {
		strbuf_addstr(&hp, host);
		if (!curl_url_get(u, CURLUPART_PORT, &port, 0))
			strbuf_addf(&hp, ":%s", port);
		strbuf_addf(why, "another host %s", msg_quote(hp.buf));
	} else {
		strbuf_addstr(why, "a URL that is not absolute http or https");
	}
	strbuf_addstr(why, ": credentials are only sent to the origin they belong to; not followed");
	strbuf_release(&hp);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return -1;
}
