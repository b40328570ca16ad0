/* http_url.c: the URLs and credentials every fetch uses (http.h): redaction of secrets in
 * URLs for messages, the base URL check (https, or loopback http), the credential variables
 * and their renames. Split from http.c. Owns: the credential renames table. */
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

/* ---------- URLs ---------- */

static int secret_param(const char *name, size_t n)
{
	static const char *const names[] = { "access_token", "token", "consumer_key", "consumer_secret",
		"sign", "signature", "key", "secret", "password", "passwd", "app_secret", "client_secret",
		"api_key", "apikey", "auth", "oauth_signature", "oauth_consumer_key", "x-tts-access-token",
		"refresh_token", "code", "sig", "shop_cipher",
		/* signed download URLs (Shopify bulk-operation results live on Google Cloud Storage) */
		"x-goog-signature", "x-goog-credential", "x-amz-signature", "x-amz-credential", "x-amz-security-token" };
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strlen(names[i]) == n && !strncasecmp(names[i], name, n))
			return 1;
	/* anything that merely ends in _token, _secret or _key is treated the same way */
	if ((n > 6 && !strncasecmp(name + n - 6, "_token", 6)) || (n > 7 && !strncasecmp(name + n - 7, "_secret", 7)) ||
	    (n > 4 && !strncasecmp(name + n - 4, "_key", 4)))
		return 1;
	return 0;
}

static void redact_url_parts(struct strbuf *out, const char *url);

void http_redact_url(struct strbuf *out, const char *url)
{
	struct strbuf red = STRBUF_INIT;

	redact_url_parts(&red, url);
	secrets_mask(&red); /* a credential anywhere else in the URL (a path, a page token) too */
	strbuf_add(out, red.buf, red.len);
	strbuf_release(&red);
}

/* Userinfo dropped, secret-looking query values replaced. */
static void redact_url_parts(struct strbuf *out, const char *url)
{
	const char *p = url, *scheme_end = strstr(url, "://"), *q;

	if (scheme_end) {
		const char *host = scheme_end + 3, *end = host + strcspn(host, "/?#"), *at = NULL;
		for (const char *s = host; s < end; s++)
			if (*s == '@')
				at = s;
		strbuf_add(out, url, (size_t)(host - url));
		p = at ? at + 1 : host;
	}
	q = strchr(p, '?');
	if (!q) {
		strbuf_addstr(out, p);
		return;
	}
	strbuf_add(out, p, (size_t)(q + 1 - p));
	p = q + 1;
	while (*p && *p != '#') {
		size_t len = strcspn(p, "&#"), klen = strcspn(p, "=&#");
		if (klen < len && secret_param(p, klen)) {
			strbuf_add(out, p, klen + 1);
			strbuf_addstr(out, "REDACTED");
		} else {
			strbuf_add(out, p, len);
		}
		p += len;
		if (*p == '&')
			strbuf_addch(out, *p++);
	}
	strbuf_addstr(out, p);
}

/* A rotating redacted copy for messages: the calling thread's ring (fetches run on the main
 * thread; a thread of its own would not share it). */
const char *http_redacted(const char *url)
{
	static _Thread_local struct strbuf slots[4];
	static _Thread_local unsigned next;
	struct strbuf *sb = &slots[next++ % 4];

	if (!sb->alloc)
		strbuf_init(sb);
	strbuf_reset(sb);
	http_redact_url(sb, url);
	return sb->buf;
}

static int is_loopback(const char *host)
{
	return !strcmp(host, "127.0.0.1") || !strcasecmp(host, "localhost") || !strcmp(host, "::1") ||
	       !strcmp(host, "[::1]") || !strncmp(host, "127.", 4);
}

int http_base_url(struct strbuf *out, const char *url, const char *opt, int credentialed)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	int rc = 0;
	size_t start = out->len;

	if (!url || !*url) {
		rc = msg_fail(EXIT_USAGE, "%s is required for this source", opt);
	} else if (curl_url_set(u, CURLUPART_URL, url, 0) || curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) ||
		   curl_url_get(u, CURLUPART_HOST, &host, 0)) {
		rc = msg_fail(EXIT_USAGE, "%s %s is not an absolute http or https URL", opt, msg_quote(http_redacted(url)));
	} else if (strcmp(scheme, "https") && strcmp(scheme, "http")) {
		rc = msg_fail(EXIT_USAGE, "%s %s is not an http or https URL", opt, msg_quote(http_redacted(url)));
	} else if (credentialed && !strcmp(scheme, "http") && !is_loopback(host)) {
		rc = msg_fail(EXIT_USAGE, "%s %s uses plain http: credentials are only sent over https "
			      "(plain http is accepted for loopback test servers)", opt, msg_quote(http_redacted(url)));
	} else if (strpbrk(url, "?#") || strchr(url + strlen(scheme) + 3, '@')) {
		rc = msg_fail(EXIT_USAGE, "%s %s must be a base URL without user, query or fragment", opt,
			      msg_quote(http_redacted(url)));
	} else {
		strbuf_addstr(out, url);
		while (out->len > start && out->buf[out->len - 1] == '/')
			strbuf_setlen(out, out->len - 1);
	}
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

/* Credential variables a configuration renamed (catalog.credentials): standard -> actual. */
static const char *const credential_names[] = {
	"SHOPIFY_ACCESS_TOKEN", "WOOCOMMERCE_CONSUMER_KEY", "WOOCOMMERCE_CONSUMER_SECRET", "TIKTOK_SHOP_APP_KEY",
	"TIKTOK_SHOP_APP_SECRET", "TIKTOK_SHOP_ACCESS_TOKEN", "TIKTOK_SHOP_CIPHER", NULL
};
static const char *credential_renamed[sizeof(credential_names) / sizeof(*credential_names)];

int http_credential_rename(const char *standard, const char *actual)
{
	for (size_t i = 0; credential_names[i]; i++)
		if (!strcmp(credential_names[i], standard)) {
			const char *v = getenv(actual);
			credential_renamed[i] = actual;
			if (v)
				secret_register(v); /* masked like the standard variables' values */
			return 0;
		}
	return -1;
}

void http_credential_renames_clear(void)
{
	for (size_t i = 0; credential_names[i]; i++)
		credential_renamed[i] = NULL;
}

const char *http_credential_names(void)
{
	return "SHOPIFY_ACCESS_TOKEN, WOOCOMMERCE_CONSUMER_KEY, WOOCOMMERCE_CONSUMER_SECRET, TIKTOK_SHOP_APP_KEY, "
	       "TIKTOK_SHOP_APP_SECRET, TIKTOK_SHOP_ACCESS_TOKEN, TIKTOK_SHOP_CIPHER";
}

const char *http_credential(const char *env, const char *what)
{
	const char *v;

	for (size_t i = 0; credential_names[i]; i++)
		if (!strcmp(credential_names[i], env) && credential_renamed[i])
			env = credential_renamed[i];
	v = getenv(env);
	if (!v || !*v) {
		msg_error("%s is not set: put the %s in that environment variable", env, what);
		return NULL;
	}
	return v;
}

int http_is_loopback(const char *host)
{
	return is_loopback(host);
}
