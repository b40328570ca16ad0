/* upload.c: the transfer of a feed's files to a remote server with libcurl (upload.h): the URL
 * checks, the remote names (final and temporary), one libcurl upload per attempt with the
 * protocol's options (SFTP host key check and rename, FTP(S) RNFR/RNTO, HTTP PUT), and the
 * retries. Owns: the strings of struct upload_result; the curl handle of one upload_files(). */
#include "upload.h"
#include "alloc.h"
#include "config.h"
#include "http.h"
#include "msg.h"
#include "secrets.h"
#include "strbuf.h"
#include "summary.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------- configuration ---------- */

static int scheme_ok(const char *s)
{
	return !strcmp(s, "sftp") || !strcmp(s, "ftp") || !strcmp(s, "ftps") || !strcmp(s, "https") ||
	       !strcmp(s, "http");
}

int upload_check_url(const char *url, struct strbuf *why)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL, *pass = NULL, *query = NULL;
	int rc = -1;

	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0))
		strbuf_addf(why, "%s is not an absolute URL (e.g. sftp://host/feeds/)", msg_quote(http_redacted(url)));
	else if (!scheme_ok(scheme))
		strbuf_addf(why, "scheme '%s' is not one feedgen uploads with (use sftp, ftp, ftps, https or http)", scheme);
	else if (curl_url_get(u, CURLUPART_HOST, &host, 0) || !*host)
		strbuf_addf(why, "%s has no host", msg_quote(http_redacted(url)));
	else if (!curl_url_get(u, CURLUPART_USER, &user, 0) || !curl_url_get(u, CURLUPART_PASSWORD, &pass, 0))
		strbuf_addf(why, "%s holds a user or password: put them in environment variables and name those "
			    "(user_env, password_env)", msg_quote(http_redacted(url)));
	else if (strpbrk(url, "\r\n"))
		strbuf_addstr(why, "the URL holds a line break");
	else if (strncmp(scheme, "http", 4) && !curl_url_get(u, CURLUPART_QUERY, &query, 0))
		strbuf_addf(why, "%s has a query, which %s does not use", msg_quote(http_redacted(url)), scheme);
	else
		rc = 0;
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(pass);
	curl_free(query);
	curl_url_cleanup(u);
	return rc;
}

int upload_check_env(const char *name, struct strbuf *why)
{
	const char *v;

	if (!*name || strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name)) {
		strbuf_addf(why, "%s is not the name of an environment variable (the secret itself never goes in "
			    "the configuration)", msg_quote(name));
		return -1;
	}
	v = getenv(name);
	if (!v || !*v) {
		strbuf_addf(why, "environment variable %s is not set", name);
		return -1;
	}
	return 0;
}

static char *url_part_flags(const char *url, CURLUPart part, unsigned int flags)
{
	CURLU *u = curl_url();
	char *v = NULL, *copy = NULL;

	if (!curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) && !curl_url_get(u, part, &v, flags))
		copy = xstrdup(v);
	curl_free(v);
	curl_url_cleanup(u);
	return copy;
}

static char *url_part(const char *url, CURLUPart part)
{
	return url_part_flags(url, part, 0);
}

static int is_scheme(const char *url, const char *scheme)
{
	size_t n = strlen(scheme);
	return !strncasecmp(url, scheme, n) && !strncmp(url + n, "://", 3);
}

static int fail(const char *opt, const struct strbuf *why)
{
	return msg_fail(EXIT_USAGE, "option --%s: %s", opt, why->buf);
}

/* The known_hosts file an sftp upload checks against: the option's, else ~/.ssh/known_hosts. */
static const char *known_hosts_of(const struct upload_options *u, struct strbuf *storage)
{
	const char *home = getenv("HOME");

	if (u->known_hosts)
		return u->known_hosts;
	strbuf_reset(storage);
	strbuf_addf(storage, "%s/.ssh/known_hosts", home && *home ? home : "");
	return storage->buf;
}

int upload_finish(struct run_config *c)
{
	struct upload_options *u = &c->upload;
	struct strbuf why = STRBUF_INIT, kh = STRBUF_INIT;
	int rc = 0;

	if (c->config) /* build --config: each feed's own parse checks its upload */
		return 0;
	if (!u->url) {
		if (u->user_env || u->password_env || u->known_hosts || u->key_file || u->direct)
			rc = msg_fail(EXIT_USAGE, "the upload options need --upload-url (upload.url)");
		return rc;
	}
	if (upload_check_url(u->url, &why))
		rc = fail("upload-url", &why);
	else if (!c->output || !strcmp(c->output, "-"))
		rc = msg_fail(EXIT_USAGE, "option --upload-url: the feed must be written to a file (--output FILE) to be uploaded");
	else if (!is_scheme(u->url, "http") && !is_scheme(u->url, "https") && !u->user_env)
		rc = msg_fail(EXIT_USAGE, "option --upload-url: %s needs --upload-user-env (upload.user_env): the variable "
			      "holding the user name", msg_quote(http_redacted(u->url)));
	else if (u->user_env && upload_check_env(u->user_env, &why))
		rc = fail("upload-user-env", &why);
	else if (u->password_env && upload_check_env(u->password_env, &why))
		rc = fail("upload-password-env", &why);
	else if (!u->password_env && !u->key_file && !is_scheme(u->url, "http") && !is_scheme(u->url, "https"))
		rc = msg_fail(EXIT_USAGE, "option --upload-url: %s needs --upload-password-env (upload.password_env)%s",
			      msg_quote(http_redacted(u->url)), is_scheme(u->url, "sftp") ? " or --upload-key-file" : "");
	else if (u->key_file && !is_scheme(u->url, "sftp"))
		rc = msg_fail(EXIT_USAGE, "option --upload-key-file: key authentication is for sftp:// only");
	else if (u->key_file && access(u->key_file, R_OK))
		rc = msg_fail(EXIT_USAGE, "option --upload-key-file: %s cannot be read: %s", msg_quote(u->key_file), strerror(errno));
	else if (is_scheme(u->url, "sftp") && access(known_hosts_of(u, &kh), R_OK))
		rc = msg_fail(EXIT_USAGE, "option --upload-known-hosts: %s cannot be read: %s (sftp checks the server's host "
			      "key against it; add the host with 'ssh-keyscan -p PORT HOST >> FILE' after checking its fingerprint)",
			      msg_quote(known_hosts_of(u, &kh)), strerror(errno));
	if (!rc && u->password_env)
		secret_register(getenv(u->password_env));
	if (!rc && is_scheme(u->url, "http")) {
		char *host = url_part(u->url, CURLUPART_HOST);
		if (!host || !http_is_loopback(host))
			msg_warning("upload URL %s uses plain http: the feed and the credentials travel unencrypted "
				    "(use https)", msg_quote(http_redacted(u->url)));
		free(host);
	}
	strbuf_release(&why);
	strbuf_release(&kh);
	return rc;
}

/* ---------- remote names ---------- */

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Where one file goes: url and its decoded path, the temporary beside it (tmp_url, tmp_path),
 * and both base names (for FTP's RNFR/RNTO, run in the file's directory). */
struct remote {
	struct strbuf url, tmp_url, path, tmp_path, name, tmp_name;
};

static void remote_init(struct remote *r)
{
	strbuf_init(&r->url);
	strbuf_init(&r->tmp_url);
	strbuf_init(&r->path);
	strbuf_init(&r->tmp_path);
	strbuf_init(&r->name);
	strbuf_init(&r->tmp_name);
}

static void remote_release(struct remote *r)
{
	strbuf_release(&r->url);
	strbuf_release(&r->tmp_url);
	strbuf_release(&r->path);
	strbuf_release(&r->tmp_path);
	strbuf_release(&r->name);
	strbuf_release(&r->tmp_name);
}

static int url_with_path(struct strbuf *out, struct strbuf *decoded, const char *url, const char *dir,
			 const char *name, int ftps)
{
	CURLU *u = curl_url();
	char *full = NULL, *dec = NULL, *esc = curl_easy_escape(NULL, name, 0);
	struct strbuf path = STRBUF_INIT;
	int rc = -1;

	strbuf_addf(&path, "%s%s", dir, esc ? esc : "");
	if (esc && !curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) &&
	    !curl_url_set(u, CURLUPART_PATH, path.buf, 0) && (!ftps || !curl_url_set(u, CURLUPART_SCHEME, "ftp", 0)) &&
	    !curl_url_get(u, CURLUPART_URL, &full, 0) && !curl_url_get(u, CURLUPART_PATH, &dec, CURLU_URLDECODE)) {
		strbuf_reset(out);
		strbuf_addstr(out, full);
		strbuf_reset(decoded);
		strbuf_addstr(decoded, dec);
		rc = 0;
	}
	curl_free(esc);
	curl_free(full);
	curl_free(dec);
	strbuf_release(&path);
	curl_url_cleanup(u);
	return rc;
}

/* The remote names for local file `file`: the upload URL, with the file's name appended when it
 * ends in '/' (and for every file but the first when it names a file); the temporary is
 * ".NAME.tmp-feedgen" beside it. Returns 0 or -1. */
static int remote_for(struct remote *r, const char *url, const char *file, int first)
{
	char *path = url_part(url, CURLUPART_PATH);
	struct strbuf dir = STRBUF_INIT;
	int ftps = is_scheme(url, "ftps"), rc = -1;
	size_t slash;

	if (!path)
		return -1;
	slash = strlen(path);
	while (slash && path[slash - 1] != '/')
		slash--;
	strbuf_add(&dir, path, slash);
	strbuf_reset(&r->name);
	if (!path[slash] || !first) {
		strbuf_addstr(&r->name, base_name(file));
	} else {
		char *dec = url_part_flags(url, CURLUPART_PATH, CURLU_URLDECODE);
		strbuf_addstr(&r->name, dec ? base_name(dec) : "");
		free(dec);
	}
	strbuf_reset(&r->tmp_name);
	strbuf_addf(&r->tmp_name, ".%s.tmp-feedgen", r->name.buf);
	if (r->name.len && !strpbrk(r->name.buf, "\r\n") &&
	    !url_with_path(&r->url, &r->path, url, dir.buf, r->name.buf, ftps) &&
	    !url_with_path(&r->tmp_url, &r->tmp_path, url, dir.buf, r->tmp_name.buf, ftps))
		rc = 0;
	free(path);
	strbuf_release(&dir);
	return rc;
}

/* ---------- one transfer ---------- */

struct hostkey_check {
	enum curl_khmatch match;
	int called;
};

static int hostkey_cb(CURL *easy, const struct curl_khkey *known, const struct curl_khkey *found,
		      enum curl_khmatch match, void *arg)
{
	struct hostkey_check *hk = arg;

	hk->called = 1;
	hk->match = match;
	return match == CURLKHMATCH_OK ? CURLKHSTAT_FINE : CURLKHSTAT_REJECT;
}

/* An SFTP quote path: double-quoted, '"' and '\' escaped; "/~/x" is x in the login directory. */
static void sftp_quoted(struct strbuf *sb, const char *path)
{
	if (!strncmp(path, "/~/", 3))
		path += 3;
	strbuf_addch(sb, '"');
	for (; *path; path++) {
		if (*path == '"' || *path == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *path);
	}
	strbuf_addch(sb, '"');
}

/* The commands that move the temporary file over the final name once it is complete. SFTP v3
 * (OpenSSH) refuses to rename over an existing file, so the old one is removed first ('*':
 * a missing one is no failure): the final name is briefly absent, never half written. */
static struct curl_slist *rename_commands(const struct remote *r, int sftp)
{
	struct curl_slist *l = NULL;
	struct strbuf sb = STRBUF_INIT;

	if (sftp) {
		strbuf_addstr(&sb, "*rm ");
		sftp_quoted(&sb, r->path.buf);
		l = curl_slist_append(l, sb.buf);
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "rename ");
		sftp_quoted(&sb, r->tmp_path.buf);
		strbuf_addch(&sb, ' ');
		sftp_quoted(&sb, r->path.buf);
		l = curl_slist_append(l, sb.buf);
	} else {
		strbuf_addf(&sb, "RNFR %s", r->tmp_name.buf);
		l = curl_slist_append(l, sb.buf);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "RNTO %s", r->name.buf);
		l = curl_slist_append(l, sb.buf);
	}
	strbuf_release(&sb);
	return l;
}

enum attempt { ATTEMPT_OK, ATTEMPT_RETRY, ATTEMPT_FAIL };

struct transfer {
	struct http_client *c;
	const struct upload_options *u;
	const char *user, *password, *known_hosts;
	const char *file;
	curl_off_t size;
	const struct remote *r;
	int sftp, ftp, ftps, http;
};

static void set_auth(CURL *h, const struct transfer *t, struct hostkey_check *hk)
{
	if (t->user)
		curl_easy_setopt(h, CURLOPT_USERNAME, t->user);
	if (t->password && !t->u->key_file)
		curl_easy_setopt(h, CURLOPT_PASSWORD, t->password);
	if (t->sftp) {
		/* a password also answers keyboard-interactive (servers that only offer it, via PAM) */
		curl_easy_setopt(h, CURLOPT_SSH_AUTH_TYPES, t->u->key_file ? (long)CURLSSH_AUTH_PUBLICKEY
								: (long)(CURLSSH_AUTH_PASSWORD | CURLSSH_AUTH_KEYBOARD));
		if (t->u->key_file) {
			curl_easy_setopt(h, CURLOPT_SSH_PRIVATE_KEYFILE, t->u->key_file);
			if (t->password)
				curl_easy_setopt(h, CURLOPT_KEYPASSWD, t->password);
		}
		curl_easy_setopt(h, CURLOPT_SSH_KNOWNHOSTS, t->known_hosts);
		curl_easy_setopt(h, CURLOPT_SSH_KEYFUNCTION, hostkey_cb);
		curl_easy_setopt(h, CURLOPT_SSH_KEYDATA, hk);
	}
	if (t->http && t->user) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		if (!t->password)
			curl_easy_setopt(h, CURLOPT_PASSWORD, "");
	}
}

/* A server's reply body (HTTP PUT's, an error page) is not ours to print: libcurl would write it
 * to standard output. */
static size_t discard_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	return size * nmemb;
}

static void set_transfer(CURL *h, const struct transfer *t, FILE *in, struct curl_slist *post,
			 struct curl_slist *headers)
{
	const char *speed = getenv("FEEDGEN_UPLOAD_MAX_SPEED"); /* bytes per second; tests watch a slow upload */

	curl_easy_setopt(h, CURLOPT_URL, t->u->direct || t->http ? t->r->url.buf : t->r->tmp_url.buf);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->c->errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, t->sftp ? "sftp" : t->ftp ? "ftp" : t->http ? "http,https" : "");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READDATA, in);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_cb);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, t->size);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, t->c->timeout < 30 ? t->c->timeout : 30L);
	/* --timeout bounds a stall, not the transfer: a feed of a few hundred MB takes minutes */
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, t->c->timeout);
	curl_easy_setopt(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, t->c->timeout);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "feedgen/" FEEDGEN_VERSION);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (t->c->cacert)
		curl_easy_setopt(h, CURLOPT_CAINFO, t->c->cacert);
	if (t->ftps) { /* explicit FTPS: AUTH TLS, then TLS on the control and every data connection */
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
		curl_easy_setopt(h, CURLOPT_FTPSSLAUTH, (long)CURLFTPAUTH_TLS);
	}
	if (post)
		curl_easy_setopt(h, CURLOPT_POSTQUOTE, post);
	if (headers)
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	if (speed && atol(speed) > 0)
		curl_easy_setopt(h, CURLOPT_MAX_SEND_SPEED_LARGE, (curl_off_t)atol(speed));
}

/* Why an attempt failed, in words a user can act on; whether retrying may help. */
static enum attempt explain(const struct transfer *t, CURLcode r, long status, const struct hostkey_check *hk,
			    struct strbuf *why)
{
	char *host = url_part(t->r->url.buf, CURLUPART_HOST), *port = url_part(t->r->url.buf, CURLUPART_PORT);
	enum attempt a = ATTEMPT_FAIL;

	if (t->sftp && hk->called && hk->match != CURLKHMATCH_OK)
		strbuf_addf(why, hk->match == CURLKHMATCH_MISMATCH
			    ? "the host key of '%s' port %s does NOT match the one in known_hosts %s: refused (if the "
			      "server's key really changed, check its fingerprint and update the file)"
			    : "host '%s' port %s is not in known_hosts %s: refused (add it with 'ssh-keyscan -p PORT HOST "
			      ">> FILE' after checking its fingerprint)",
			    host ? host : "?", port ? port : "22", msg_quote(t->known_hosts));
	else if (r == CURLE_LOGIN_DENIED)
		strbuf_addf(why, "login refused: check the user in %s and the %s in %s", t->u->user_env ? t->u->user_env : "?",
			    t->u->key_file ? "key" : "password", t->u->key_file ? t->u->key_file : t->u->password_env ? t->u->password_env : "?");
	else if (r == CURLE_USE_SSL_FAILED)
		strbuf_addstr(why, "the server does not offer TLS (AUTH TLS): ftps:// needs explicit FTPS");
	else if (r != CURLE_OK) {
		strbuf_addstr(why, t->c->errbuf[0] ? t->c->errbuf : curl_easy_strerror(r));
		if (r == CURLE_OPERATION_TIMEDOUT)
			strbuf_addf(why, " (nothing moved for --timeout %ld s)", t->c->timeout);
		if (r == CURLE_QUOTE_ERROR)
			strbuf_addstr(why, " (renaming the temporary file over the final name; upload.direct skips it)");
		a = http_retryable_error(r) || r == CURLE_UPLOAD_FAILED ? ATTEMPT_RETRY : ATTEMPT_FAIL;
	} else if (t->http && (status < 200 || status > 299)) {
		strbuf_addf(why, "the server answered HTTP %ld", status);
		if (status == 401 || status == 403)
			strbuf_addf(why, " (check the user in %s and the password in %s)", t->u->user_env ? t->u->user_env : "-",
				    t->u->password_env ? t->u->password_env : "-");
		a = status == 408 || status == 429 || status >= 500 ? ATTEMPT_RETRY : ATTEMPT_FAIL;
	} else {
		a = ATTEMPT_OK;
	}
	free(host);
	free(port);
	return a;
}

static enum attempt attempt_once(const struct transfer *t, struct strbuf *why)
{
	CURL *h = t->c->curl;
	struct hostkey_check hk = { CURLKHMATCH_MISSING, 0 };
	struct curl_slist *post = NULL, *headers = NULL;
	FILE *in = fopen(t->file, "rb");
	long status = 0;
	enum attempt a;
	CURLcode r;

	if (!in) {
		strbuf_addf(why, "cannot read %s: %s", msg_quote(t->file), strerror(errno));
		return ATTEMPT_FAIL;
	}
	if (!t->http && !t->u->direct)
		post = rename_commands(t->r, t->sftp);
	if (t->http)
		headers = curl_slist_append(headers, "Expect:");
	curl_easy_reset(h);
	t->c->errbuf[0] = '\0';
	set_transfer(h, t, in, post, headers);
	set_auth(h, t, &hk);
	r = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	a = explain(t, r, status, &hk, why);
	curl_easy_reset(h); /* no pointer into this frame stays in the handle */
	curl_slist_free_all(post);
	curl_slist_free_all(headers);
	fclose(in);
	secrets_mask(why);
	return a;
}

/* One file, with retries. Returns 0 or -1 with why set. */
static int upload_one(struct transfer *t, struct upload_result *res, struct strbuf *why)
{
	for (int attempt = 0;; attempt++) {
		enum attempt a;
		long ms;

		strbuf_reset(why);
		res->attempts++;
		a = attempt_once(t, why);
		if (a == ATTEMPT_OK)
			return 0;
		if (a == ATTEMPT_FAIL || attempt >= t->c->retries)
			return -1;
		ms = http_retry_delay_ms(t->c, attempt);
		msg_warning("upload of %s to %s: %s; retrying in %.1f s (attempt %d of %d)", msg_quote(t->file),
			    msg_quote(http_redacted(t->r->url.buf)), why->buf, (double)ms / 1000.0, attempt + 2,
			    t->c->retries + 1);
		http_sleep_ms(ms);
	}
}

int upload_files(const struct upload_options *u, const struct fetch_options *fo, const char *const *files,
		 size_t n, struct upload_result *res)
{
	struct http_client c;
	struct remote r;
	struct strbuf why = STRBUF_INIT, kh = STRBUF_INIT;
	struct transfer t;
	double start = summary_now();
	int rc = 0;

	memset(res, 0, sizeof(*res));
	memset(&t, 0, sizeof(t));
	res->status = "failed";
	remote_init(&r);
	if ((rc = http_client_init(&c, fo))) {
		res->error = xstrdup("cannot initialise libcurl");
		http_client_release(&c);
		remote_release(&r);
		return EXIT_INPUT;
	}
	t.c = &c;
	t.u = u;
	t.user = u->user_env ? getenv(u->user_env) : NULL;
	t.password = u->password_env ? getenv(u->password_env) : NULL;
	t.known_hosts = known_hosts_of(u, &kh);
	t.sftp = is_scheme(u->url, "sftp");
	t.ftps = is_scheme(u->url, "ftps");
	t.ftp = t.ftps || is_scheme(u->url, "ftp");
	t.http = !t.sftp && !t.ftp;
	t.r = &r;
	for (size_t i = 0; !rc && i < n; i++) {
		struct stat st;
		t.file = files[i];
		t.size = !stat(files[i], &st) ? (curl_off_t)st.st_size : -1;
		if (remote_for(&r, u->url, files[i], i == 0)) {
			strbuf_addf(&why, "cannot make a remote name for %s from the upload URL", msg_quote(base_name(files[i])));
			rc = EXIT_INPUT;
			break;
		}
		free(res->url);
		res->url = xstrdup(http_redacted(r.url.buf));
		if (upload_one(&t, res, &why))
			rc = EXIT_INPUT;
		else
			msg_info("uploaded %s to %s", msg_quote(files[i]), msg_quote(res->url));
	}
	if (rc) {
		msg_error("upload of %s to %s failed: %s%s", msg_quote(t.file ? t.file : "?"),
			  msg_quote(res->url ? res->url : http_redacted(u->url)), why.buf,
			  res->attempts > 1 ? " (after every retry)" : "");
		res->error = xstrdup(why.buf);
	} else {
		res->status = "uploaded";
	}
	res->seconds = summary_now() - start;
	http_client_release(&c);
	remote_release(&r);
	strbuf_release(&why);
	strbuf_release(&kh);
	return rc;
}

void upload_result_release(struct upload_result *r)
{
	free(r->url);
	free(r->error);
	r->url = r->error = NULL;
}

json_t *upload_result_json(const struct upload_result *r)
{
	json_t *o = json_pack("{s:s?,s:s,s:i,s:f}", "url", r->url, "status", r->status ? r->status : "failed",
			      "attempts", r->attempts, "seconds", r->seconds);

	json_object_set_new(o, "error", r->error ? json_string(r->error) : json_null());
	secrets_mask_json(o);
	return o;
}
