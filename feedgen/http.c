/* http.c: the libcurl client every fetch goes through (see http.h): retries, caps,
 * redirects. Redaction and credentials: http_url.c; the progress line: http_progress.c.
 * Owns: the easy handle and one response at a time. */
#include "http.h"
#include "alloc.h"
#include "msg.h"
#include "secrets.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* Resolve a possibly relative URL against base into out. Returns 0 or -1. */
static int resolve_url(struct strbuf *out, const char *base, const char *ref)
{
	CURLU *u = curl_url();
	char *full = NULL;
	int rc = -1;

	if (!curl_url_set(u, CURLUPART_URL, base, 0) && !curl_url_set(u, CURLUPART_URL, ref, 0) &&
	    !curl_url_get(u, CURLUPART_URL, &full, 0)) {
		strbuf_reset(out);
		strbuf_addstr(out, full);
		rc = 0;
	}
	curl_free(full);
	curl_url_cleanup(u);
	return rc;
}
/* ---------- client ---------- */

static long env_long(const char *name, long def, long min, long max)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v)
		return def;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return def;
	return n;
}

int http_client_init(struct http_client *c, const struct fetch_options *fo)
{
	static int global_done;

	memset(c, 0, sizeof(*c));
	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT))
			return msg_fail(EXIT_INPUT, "cannot initialise libcurl");
		global_done = 1;
		srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	}
	c->timeout = fo->timeout > 0 ? fo->timeout : 60;
	c->retries = fo->retries >= 0 ? fo->retries : 4;
	c->cacert = fo->cacert;
	c->cache_dir = fo->cache_dir;
	c->max_response = (curl_off_t)env_long("FEEDGEN_MAX_RESPONSE", (long)HTTP_MAX_RESPONSE_DEFAULT, 1,
					       (long)HTTP_MAX_RESPONSE_DEFAULT);
	c->retry_base_ms = env_long("FEEDGEN_RETRY_BASE_MS", HTTP_RETRY_BASE_MS, 0, 60000);
	if (c->cacert && access(c->cacert, R_OK))
		return msg_fail(EXIT_USAGE, "--cacert %s cannot be read: %s", msg_quote(c->cacert), strerror(errno));
	c->curl = curl_easy_init();
	if (!c->curl)
		return msg_fail(EXIT_INPUT, "cannot initialise libcurl");
	return 0;
}

void http_client_release(struct http_client *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	c->curl = NULL;
}

void http_response_init(struct http_response *rs)
{
	memset(rs, 0, sizeof(*rs));
	strbuf_init(&rs->body);
	strbuf_init(&rs->link_next);
	strbuf_init(&rs->etag);
	strbuf_init(&rs->last_modified);
	strbuf_init(&rs->effective_url);
	rs->wp_total = rs->wp_total_pages = rs->call_used = rs->call_limit = -1;
	rs->retry_after = -1;
}

void http_response_release(struct http_response *rs)
{
	strbuf_release(&rs->body);
	strbuf_release(&rs->link_next);
	strbuf_release(&rs->etag);
	strbuf_release(&rs->last_modified);
	strbuf_release(&rs->effective_url);
	if (rs->json)
		json_decref(rs->json);
	rs->json = NULL;
}

static void response_reset(struct http_response *rs)
{
	rs->status = 0;
	strbuf_reset(&rs->body);
	strbuf_reset(&rs->link_next);
	strbuf_reset(&rs->etag);
	strbuf_reset(&rs->last_modified);
	rs->wp_total = rs->wp_total_pages = rs->call_used = rs->call_limit = -1;
	rs->retry_after = -1;
	rs->received = 0;
	rs->too_large = 0;
	if (rs->json)
		json_decref(rs->json);
	rs->json = NULL;
	if (rs->file) {
		fflush(rs->file);
		if (ftruncate(fileno(rs->file), 0) == 0)
			rewind(rs->file);
	}
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct http_response *rs = arg;
	size_t n = size * nmemb;

	if (rs->received + (curl_off_t)n > rs->max) {
		rs->too_large = 1;
		return 0; /* abort the transfer: CURLE_WRITE_ERROR */
	}
	rs->received += (curl_off_t)n;
	if (rs->file) {
		if (fwrite(data, 1, n, rs->file) != n)
			return 0;
	} else {
		strbuf_add(&rs->body, data, n);
	}
	return n;
}

/* Value of a header line "Name: value\r\n" when the name matches, trimmed, else NULL. */
static int header_value(const char *line, size_t n, const char *name, struct strbuf *out)
{
	size_t nl = strlen(name);

	if (n <= nl || line[nl] != ':' || strncasecmp(line, name, nl))
		return 0;
	strbuf_reset(out);
	strbuf_add(out, line + nl + 1, n - nl - 1);
	strbuf_trim(out);
	return 1;
}

/* Link: <url>; rel="next", <url>; rel="previous" */
static void parse_link(struct http_response *rs, const char *v)
{
	const char *p = v;

	while ((p = strchr(p, '<'))) {
		const char *end = strchr(p, '>'), *params, *stop;
		if (!end)
			return;
		params = end + 1;
		stop = strchr(params, '<');
		if (!stop)
			stop = params + strlen(params);
		for (const char *r = params; r < stop; r++) {
			if (!strncasecmp(r, "rel=", 4)) {
				const char *val = r + 4;
				size_t len;
				if (*val == '"')
					val++;
				len = strcspn(val, "\";,");
				/* rel may hold several space-separated relations */
				for (const char *w = val; w < val + len;) {
					size_t wl = strcspn(w, " \";,");
					if (wl == 4 && !strncasecmp(w, "next", 4)) {
						strbuf_reset(&rs->link_next);
						strbuf_add(&rs->link_next, p + 1, (size_t)(end - p - 1));
						return;
					}
					w += wl ? wl : 1;
				}
			}
		}
		p = end + 1;
	}
}

static size_t header_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct http_response *rs = arg;
	size_t n = size * nmemb;
	struct strbuf v = STRBUF_INIT;

	if (n >= 5 && !strncmp(data, "HTTP/", 5)) {
		/* a new header block (after 100 Continue): forget the previous one */
		strbuf_reset(&rs->link_next);
		strbuf_reset(&rs->etag);
		strbuf_reset(&rs->last_modified);
		rs->wp_total = rs->wp_total_pages = rs->call_used = rs->call_limit = -1;
		rs->retry_after = -1;
		return n;
	}
	if (header_value(data, n, "link", &v)) {
		parse_link(rs, v.buf);
	} else if (header_value(data, n, "x-wp-total", &v)) {
		rs->wp_total = strtol(v.buf, NULL, 10);
	} else if (header_value(data, n, "x-wp-totalpages", &v)) {
		rs->wp_total_pages = strtol(v.buf, NULL, 10);
	} else if (header_value(data, n, "x-shopify-shop-api-call-limit", &v)) {
		long used, limit;
		if (sscanf(v.buf, "%ld/%ld", &used, &limit) == 2 && limit > 0) {
			rs->call_used = used;
			rs->call_limit = limit;
		}
	} else if (header_value(data, n, "retry-after", &v)) {
		char *end;
		double s = strtod(v.buf, &end);
		if (end != v.buf && !*end && s >= 0) {
			rs->retry_after = s;
		} else {
			time_t when = curl_getdate(v.buf, NULL);
			if (when != -1)
				rs->retry_after = when > time(NULL) ? (double)(when - time(NULL)) : 0;
		}
	} else if (header_value(data, n, "etag", &v)) {
		strbuf_reset(&rs->etag);
		strbuf_addstr(&rs->etag, v.buf);
	} else if (header_value(data, n, "last-modified", &v)) {
		strbuf_reset(&rs->last_modified);
		strbuf_addstr(&rs->last_modified, v.buf);
	}
	strbuf_release(&v);
	return n;
}

size_t http_parse_header_line(struct http_response *rs, const char *line, size_t n)
{
	return header_cb((char *)line, 1, n, rs);
}

static int retryable_curl_error(CURLcode r)
{
	switch (r) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_WEIRD_SERVER_REPLY:
		return 1;
	default:
		return 0;
	}
}

static long backoff_ms(const struct http_client *c, int attempt, double retry_after)
{
	long cap = (long)c->retry_base_ms << (attempt < 16 ? attempt : 16);
	long ms;

	if (cap > HTTP_RETRY_CAP_MS || cap < 0)
		cap = HTTP_RETRY_CAP_MS;
	ms = cap > 0 ? (long)(random() % (cap + 1)) : 0; /* full jitter */
	if (retry_after >= 0) {
		double ra = retry_after * 1000.0;
		if (ra > HTTP_RETRY_AFTER_CAP_MS)
			ra = HTTP_RETRY_AFTER_CAP_MS;
		ms = (long)ra; /* the server said when: wait exactly that */
	}
	return ms;
}

/* The retry policy for other transfers (uploads, upload.h): the same backoff and the same
 * retryable libcurl errors as http_perform(). */
long http_retry_delay_ms(const struct http_client *c, int attempt)
{
	return backoff_ms(c, attempt, -1);
}

int http_retryable_error(CURLcode r)
{
	return retryable_curl_error(r);
}

static const char *status_reason(long s)
{
	switch (s) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 408: return "Request Timeout";
	case 410: return "Gone";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "";
	}
}

enum outcome { OUT_OK, OUT_RETRY, OUT_FAIL };

/* 1 (why says it) when a redirect from url to next must not be followed: too many, not
 * http(s), https to http, or, for a request that carries credentials, another origin than
 * the request's own (the one check every followed URL goes through: http_follow_check). */
static int redirect_refused(const struct http_request *rq, const char *url, const char *next, int redirects,
			    struct strbuf *why)
{
	struct strbuf foreign = STRBUF_INIT;
	int refused = 1;

	if (redirects > 5)
		strbuf_addstr(why, "more than 5 redirects");
	else if (strncmp(next, "https://", 8) && strncmp(next, "http://", 7))
		strbuf_addstr(why, "redirected to a URL that is not http or https");
	else if (!strncmp(url, "https://", 8) && strncmp(next, "https://", 8))
		strbuf_addf(why, "redirected from https to plain http (%s); not followed", http_redacted(next));
	else if (rq->credentialed && http_follow_check(rq->url, next, &foreign))
		strbuf_addf(why, "redirected to %s", foreign.buf);
	else
		refused = 0;
	strbuf_release(&foreign);
	return refused;
}

/* One attempt (following permitted redirects). Sets why on anything but OUT_OK. */
static enum outcome attempt_once(struct http_client *c, const struct http_request *rq, struct http_response *rs,
				 struct strbuf *why)
{
	CURL *h = c->curl;
	struct strbuf url = STRBUF_INIT, ua = STRBUF_INIT;
	struct curl_slist *headers = NULL;
	const char *method = rq->method ? rq->method : "GET";
	enum outcome out = OUT_FAIL;
	int redirects = 0;

	strbuf_addstr(&url, rq->url);
	strbuf_addstr(&ua, "feedgen/" FEEDGEN_VERSION);
	for (struct curl_slist *s = rq->headers; s; s = s->next)
		headers = curl_slist_append(headers, s->data);
	if (rq->if_none_match && *rq->if_none_match) {
		struct strbuf hv = STRBUF_INIT;
		strbuf_addf(&hv, "If-None-Match: %s", rq->if_none_match);
		headers = curl_slist_append(headers, hv.buf);
		strbuf_release(&hv);
	}
	if (rq->if_modified_since && *rq->if_modified_since) {
		struct strbuf hv = STRBUF_INIT;
		strbuf_addf(&hv, "If-Modified-Since: %s", rq->if_modified_since);
		headers = curl_slist_append(headers, hv.buf);
		strbuf_release(&hv);
	}
	headers = curl_slist_append(headers, "Expect:");

	for (;;) {
		CURLcode r;
		char *location = NULL;

		response_reset(rs);
		curl_easy_reset(h);
		c->errbuf[0] = '\0';
		curl_easy_setopt(h, CURLOPT_URL, url.buf);
		curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
		curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
		/* redirects are followed below, each checked (http_follow_check); libcurl itself never
		 * follows one, so neither the auth nor the custom headers (X-Shopify-Access-Token)
		 * can reach another host; and auth is never sent on to another host regardless */
		curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, 0L);
		curl_easy_setopt(h, CURLOPT_USERAGENT, ua.buf);
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
		curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding libcurl decodes */
		curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
		if (c->cacert)
			curl_easy_setopt(h, CURLOPT_CAINFO, c->cacert);
		curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->timeout < 30 ? c->timeout : 30L);
		curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout);
		curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, c->max_response);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
		curl_easy_setopt(h, CURLOPT_WRITEDATA, rs);
		curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
		curl_easy_setopt(h, CURLOPT_HEADERDATA, rs);
		if (rq->username) {
			curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
			curl_easy_setopt(h, CURLOPT_USERNAME, rq->username);
			curl_easy_setopt(h, CURLOPT_PASSWORD, rq->password ? rq->password : "");
		}
		if (!strcmp(method, "POST")) {
			curl_easy_setopt(h, CURLOPT_POST, 1L);
			curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
			curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(rq->body ? rq->body_len : 0));
		} else if (strcmp(method, "GET")) {
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
		}
		rs->file = rq->to_file;
		rs->max = c->max_response;
		if (rs->file)
			response_reset(rs);

		r = curl_easy_perform(h);
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &rs->status);
		c->progress.bytes += (double)rs->received;
		if (rs->too_large || r == CURLE_FILESIZE_EXCEEDED) {
			strbuf_addf(why, "response larger than %lld bytes (FEEDGEN_MAX_RESPONSE)",
				    (long long)c->max_response);
			out = OUT_FAIL;
			break;
		}
		if (r != CURLE_OK) {
			strbuf_addf(why, "%s", c->errbuf[0] ? c->errbuf : curl_easy_strerror(r));
			if (r == CURLE_OPERATION_TIMEDOUT)
				strbuf_addf(why, " (--timeout %ld)", c->timeout);
			out = retryable_curl_error(r) ? OUT_RETRY : OUT_FAIL;
			break;
		}
		if (rs->status >= 300 && rs->status < 400 && rs->status != 304) {
			struct strbuf next = STRBUF_INIT;
			curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location);
			if (!location || resolve_url(&next, url.buf, location)) {
				strbuf_addf(why, "HTTP %ld redirect without a usable Location", rs->status);
				strbuf_release(&next);
				break;
			}
			if (!redirect_refused(rq, url.buf, next.buf, ++redirects, why)) {
				strbuf_reset(&url);
				strbuf_addstr(&url, next.buf);
				strbuf_release(&next);
				if (rs->status == 303)
					method = "GET";
				continue;
			}
			strbuf_release(&next);
			break;
		}
		strbuf_reset(&rs->effective_url);
		strbuf_addstr(&rs->effective_url, url.buf);
		if (rs->link_next.len && !strstr(rs->link_next.buf, "://")) {
			struct strbuf abs = STRBUF_INIT;
			if (!resolve_url(&abs, url.buf, rs->link_next.buf)) {
				strbuf_reset(&rs->link_next);
				strbuf_addstr(&rs->link_next, abs.buf);
			}
			strbuf_release(&abs);
		}
		if (rs->status == 304) {
			out = OUT_OK;
			break;
		}
		if (rs->status < 200 || rs->status >= 300) {
			strbuf_addf(why, "HTTP %ld", rs->status);
			if (*status_reason(rs->status))
				strbuf_addf(why, " %s", status_reason(rs->status));
			out = (rs->status == 429 || rs->status == 408 || rs->status >= 500) ? OUT_RETRY : OUT_FAIL;
			if (rq->check && rs->status >= 400 && rs->status < 500 && rs->status != 429) {
				/* an API error envelope says more than the status (TikTok Shop 106001) */
				json_t *j = json_loadb(rs->body.buf, rs->body.len, 0, NULL);
				if (json_is_object(j)) {
					strbuf_addstr(why, ": ");
					rq->check(rq->check_arg, j, why);
				}
				json_decref(j);
			}
			break;
		}
		if (rq->want_json) {
			json_error_t err;
			rs->json = json_loadb(rs->body.buf, rs->body.len, JSON_ALLOW_NUL, &err);
			if (!rs->json) {
				strbuf_addf(why, "HTTP %ld with a body that is not valid JSON (%s at byte %d of %zu)",
					    rs->status, err.text, err.position, rs->body.len);
				out = OUT_RETRY;
				break;
			}
			if (rq->check) {
				int k = rq->check(rq->check_arg, rs->json, why);
				if (k) {
					out = k == 1 ? OUT_RETRY : OUT_FAIL;
					break;
				}
			}
		}
		if (!rq->want_json && rq->check_body && !rs->file) {
			int k = rq->check_body(rq->check_arg, rs->status, rs->body.buf, rs->body.len, why);
			if (k) {
				out = k == 1 ? OUT_RETRY : OUT_FAIL;
				break;
			}
		}
		out = OUT_OK;
		break;
	}
	if (rs->file)
		fflush(rs->file);
	curl_slist_free_all(headers);
	strbuf_release(&url);
	strbuf_release(&ua);
	return out;
}

int http_perform(struct http_client *c, const struct http_request *rq, struct http_response *rs)
{
	struct strbuf why = STRBUF_INIT;
	const char *method = rq->method ? rq->method : "GET";
	int attempt;

	for (attempt = 0;; attempt++) {
		enum outcome o;
		long ms;

		strbuf_reset(&why);
		o = attempt_once(c, rq, rs, &why);
		if (o == OUT_OK) {
			strbuf_release(&why);
			return 0;
		}
		if (o == OUT_FAIL || attempt >= c->retries)
			break;
		ms = backoff_ms(c, attempt, rs->retry_after);
		progress_clear(&c->progress);
		msg_warning("%s %s: %s; retrying in %.1f s (attempt %d of %d)", method, http_redacted(rq->url), why.buf,
			    (double)ms / 1000.0, attempt + 2, c->retries + 1);
		http_sleep_ms(ms);
	}
	progress_clear(&c->progress);
	if ((rs->status == 401 || rs->status == 403) && c->credential_env && !strstr(why.buf, "was refused"))
		msg_error("%s %s: %s: the credential in %s was refused", method, http_redacted(rq->url), why.buf,
			  c->credential_env);
	else if (attempt > 0)
		msg_error("%s %s failed: %s (after %d attempts)", method, http_redacted(rq->url), why.buf, attempt + 1);
	else
		msg_error("%s %s failed: %s", method, http_redacted(rq->url), why.buf);
	strbuf_release(&why);
	return EXIT_INPUT;
}
