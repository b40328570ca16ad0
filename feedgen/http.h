/* http.h: the HTTP client under every fetch: one libcurl easy handle per run (connections
 * and TLS sessions reused), retries with backoff, size caps, redirects, redaction of secrets in
 * messages, the conditional-request cache and the progress line.
 * Owns: the curl handle, the response buffers it fills, the progress state. */
#ifndef FEEDGEN_HTTP_H
#define FEEDGEN_HTTP_H
#include <stdio.h>
#include <curl/curl.h>
#include <jansson.h>
#include "fetch.h"
#include "strbuf.h"

#ifndef FEEDGEN_VERSION
#define FEEDGEN_VERSION "0.0.0"
#endif
#define HTTP_MAX_RESPONSE_DEFAULT ((curl_off_t)256 << 20)  /* FEEDGEN_MAX_RESPONSE lowers it */
#define HTTP_RETRY_BASE_MS 500                             /* FEEDGEN_RETRY_BASE_MS shrinks it */
#define HTTP_RETRY_CAP_MS 30000
#define HTTP_RETRY_AFTER_CAP_MS 120000

/* Progress: one updating line on a terminal, a plain line every few seconds otherwise,
 * nothing when quiet. Counts are what the fetch loops report. */
struct progress {
	int enabled, tty;
	const char *what;              /* "shopify", "woocommerce", ... */
	unsigned long pages, records;
	unsigned long total_records;   /* 0: unknown (no ETA) */
	double bytes;
	double start, last;            /* monotonic seconds */
	int drawn;                     /* a terminal line is showing */
};
void progress_start(struct progress *p, const char *what, int quiet);
void progress_update(struct progress *p);
/* Erase the terminal line (before an error message) without ending. */
void progress_clear(struct progress *p);
/* Final summary line (info) and end of the terminal line. */
void progress_finish(struct progress *p);

struct http_client {
	CURL *curl;
	long timeout;                /* seconds, total per request */
	int retries;
	const char *cacert;
	const char *cache_dir;
	curl_off_t max_response;     /* decoded bytes */
	long retry_base_ms;
	const char *credential_env;  /* named in the message when the server answers 401/403 */
	struct progress progress;
	char errbuf[CURL_ERROR_SIZE];
};

/* Set up from the fetch options and the environment (FEEDGEN_MAX_RESPONSE,
 * FEEDGEN_RETRY_BASE_MS). Returns 0, or EXIT_USAGE after a message. */
int http_client_init(struct http_client *c, const struct fetch_options *fo);
void http_client_release(struct http_client *c);

struct http_request {
	const char *method;          /* NULL: GET */
	const char *url;
	struct curl_slist *headers;  /* borrowed; may carry secrets (never printed) */
	const char *body;            /* request body (POST) or NULL */
	size_t body_len;
	const char *username, *password; /* HTTP Basic auth, or NULL */
	int want_json;               /* a 2xx body must be one JSON value (parsed into rs->json) */
	int credentialed;            /* carries secrets: redirects only within the same origin */
	FILE *to_file;               /* write the body here (truncated on each attempt) instead of rs->body */
	const char *if_none_match, *if_modified_since; /* conditional request validators */
	/* Optional check of a parsed 2xx reply (API-level errors in a 200, e.g. TikTok Shop's
	 * code): return 0 to accept, 1 to retry, 2 to fail; put the reason in why. */
	int (*check)(void *arg, json_t *json, struct strbuf *why);
	/* Optional check of a 2xx reply's bytes instead of decoding them (want_json 0): the same
	 * return values; status is the reply's. check_arg is the argument of either. */
	int (*check_body)(void *arg, long status, const char *body, size_t len, struct strbuf *why);
	void *check_arg;
};

struct http_response {
	long status;
	struct strbuf body;
	json_t *json;                /* owned: parsed body when want_json */
	struct strbuf link_next;     /* Link rel="next" URL, absolute */
	long wp_total, wp_total_pages;  /* X-WP-Total, X-WP-TotalPages, -1 when absent */
	long call_used, call_limit;  /* X-Shopify-Shop-Api-Call-Limit, -1 when absent */
	double retry_after;          /* seconds, -1 when absent */
	struct strbuf etag, last_modified;
	/* internal */
	FILE *file;
	curl_off_t received, max;
	int too_large;
	struct strbuf effective_url; /* after redirects */
};
void http_response_init(struct http_response *rs);
void http_response_release(struct http_response *rs);
/* Parse one response header line ("Name: value\r\n", NUL-terminated, n bytes) into rs as
 * libcurl's header callback does: Link rel="next", X-WP-Total(Pages), call limit, Retry-After,
 * ETag, Last-Modified. Returns n. The fuzz target's entry point (tests/fuzz/fuzz_headers.c). */
size_t http_parse_header_line(struct http_response *rs, const char *line, size_t n);

/* Perform a request with retries (429, 5xx, connection errors, invalid JSON in a 2xx reply,
 * a check that asks for it), backoff with full jitter, Retry-After honoured. 2xx and 304 end
 * in 0; anything else after the last attempt prints one error (method, redacted URL, status
 * or curl error, credential variable on 401/403) and returns EXIT_INPUT. */
int http_perform(struct http_client *c, const struct http_request *rq, struct http_response *rs);

/* Append url with userinfo removed, secret-looking query values (access_token, token,
 * consumer_key, consumer_secret, sign, signature, key, secret, password, shop_cipher, ...)
 * replaced by "REDACTED", and every registered credential (secrets.h) masked. */
void http_redact_url(struct strbuf *out, const char *url);
/* The same in a rotating buffer (4 slots, the calling thread's), for message arguments. */
const char *http_redacted(const char *url);
/* A store base URL checked (http or https, a host; plain http only for loopback hosts when
 * credentials will be sent) and appended to out without trailing slashes. Returns 0, or
 * EXIT_USAGE after a message naming opt ("--store-url"). */
int http_base_url(struct strbuf *out, const char *url, const char *opt, int credentialed);
/* 1 when a and b have the same origin (scheme, host and port, as libcurl's URL API parses
 * them, default ports filled in), else 0 (also when either does not parse). */
int http_same_origin(const char *a, const char *b);
/* The one check every URL a server hands us goes through before credentials follow it
 * (redirects of credentialed requests, Link rel="next" pages): 0 when to has from's origin,
 * else -1 with "another host 'HOST:PORT': ..." appended to why. */
int http_follow_check(const char *from, const char *to, struct strbuf *why);
/* The retry policy of http_perform() for other transfers (uploads): the backoff before retry
 * number attempt+1 (full jitter, FEEDGEN_RETRY_BASE_MS), and whether a libcurl error is worth
 * a retry (connection refused, timeouts, cut transfers). */
long http_retry_delay_ms(const struct http_client *c, int attempt);
int http_retryable_error(CURLcode r);
/* 1 when host (as libcurl's URL API gives it) is a loopback name or address. */
int http_is_loopback(const char *host);
/* Sleep for ms milliseconds (interrupted sleeps resume). */
void http_sleep_ms(long ms);
/* A credential from the environment: NULL after a usage message naming the variable. */
const char *http_credential(const char *env, const char *what);
/* A configuration names the variable that holds a credential (catalog.credentials:
 * {"SHOPIFY_ACCESS_TOKEN": "ACME_SHOPIFY_TOKEN"}): http_credential(standard) then reads actual,
 * and its value is registered for masking. Returns 0, or -1 when standard is not a credential
 * variable feedgen reads. Call before any thread starts. */
int http_credential_rename(const char *standard, const char *actual);
/* Forget the renames (their names belong to the configuration being released). */
void http_credential_renames_clear(void);
/* The credential variables, for messages. */
const char *http_credential_names(void);
#endif
