/* fetch.c: the entry points of fetch.h: options, plain URLs (downloaded to an unlinked
 * temporary file, with the conditional-request cache) and the dispatch to each shop API.
 * Owns: the cache directory's files (<sha256>.body, <sha256>.meta). */
#include "fetch.h"
#include "alloc.h"
#include "fetch_page.h"
#include "http.h"
#include "input.h"
#include "msg.h"
#include "secrets.h"
#include "strbuf.h"
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

void fetch_options_init(struct fetch_options *fo)
{
	memset(fo, 0, sizeof(*fo));
	fo->api_version = FETCH_SHOPIFY_API_VERSION;
	fo->timeout = 60;
	fo->retries = 4;
}

int fetch_is_url(const char *s)
{
	return s && (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8) || !strncasecmp(s, "file://", 7));
}

enum dialect fetch_source_dialect(const struct fetch_options *fo)
{
	int d = fo->source ? dialect_from_name(fo->source) : -1;
	return d < 0 ? DIALECT_SHOPIFY : (enum dialect)d;
}

int catalog_snapshot_dialect(const char *first_line_json)
{
	json_t *j = first_line_json ? json_loads(first_line_json, JSON_DISABLE_EOF_CHECK, NULL) : NULL;
	const char *src;
	int d = -1;

	if (j && json_is_object(j) && json_object_get(j, "feedgen_snapshot") &&
	    (src = json_string_value(json_object_get(j, "source"))))
		d = dialect_from_name(src);
	json_decref(j);
	return d;
}

/* Every record an API hands us is masked before anyone sees it: a server that echoes a
 * credential into a product (a title, a description) cannot carry it into a feed, a
 * report or a snapshot. */
struct masked_fn {
	record_fn fn;
	void *arg;
};

static int mask_record(void *arg, json_t *record, const char *source, long line)
{
	const struct masked_fn *m = arg;

	secrets_mask_json(record);
	return m->fn(m->arg, record, source, line);
}

static int source_records(const struct fetch_options *fo, struct inventory *inv, record_fn fn, void *arg);

int fetch_source_records(const struct fetch_options *fo, struct inventory *inv, record_fn fn, void *arg)
{
	struct masked_fn m = { fn, arg };

	return source_records(fo, inv, mask_record, &m);
}

struct line_sink {
	line_fn fn;
	void *arg;
	struct strbuf line;
};

static int record_line(void *arg, json_t *record, const char *source, long line)
{
	struct line_sink *k = arg;

	secrets_mask_json(record);
	if (fetch_record_line(record, &k->line))
		return EXIT_NOMEM;
	return k->fn(k->arg, k->line.buf, k->line.len);
}

int fetch_source_lines(const struct fetch_options *fo, line_fn fn, void *arg)
{
	struct line_sink k = { fn, arg, STRBUF_INIT };
	int rc;

	if (fo->source && dialect_from_name(fo->source) == DIALECT_SHOPIFY)
		return fetch_shopify_lines(fo, fn, arg);
	rc = source_records(fo, NULL, record_line, &k);
	strbuf_release(&k.line);
	return rc;
}

static int source_records(const struct fetch_options *fo, struct inventory *inv, record_fn fn, void *arg)
{
	if (!fo->source)
		return msg_fail(EXIT_USAGE, "--source is required (shopify, woocommerce or tiktokshop)");
	switch (dialect_from_name(fo->source)) {
	case DIALECT_SHOPIFY:
		return fetch_shopify_records(fo, inv, fn, arg);
	case DIALECT_WOOCOMMERCE:
		return fetch_woocommerce_records(fo, inv, fn, arg);
	case DIALECT_TIKTOKSHOP:
		return fetch_tiktokshop_records(fo, inv, fn, arg);
	default:
		return msg_fail(EXIT_USAGE, "--source %s is not one of shopify, woocommerce, tiktokshop",
				msg_quote(fo->source));
	}
}

/* ---------- plain URLs ---------- */

static int open_file_url(const char *url, FILE **fp)
{
	CURLU *u = curl_url();
	char *host = NULL, *path = NULL;
	int rc = 0;

	if (curl_url_set(u, CURLUPART_URL, url, 0) || curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE)) {
		rc = msg_fail(EXIT_INPUT, "%s is not a usable file:// URL", msg_quote(http_redacted(url)));
	} else if (!curl_url_get(u, CURLUPART_HOST, &host, 0) && host && *host && strcasecmp(host, "localhost")) {
		rc = msg_fail(EXIT_INPUT, "%s names a remote host; file:// URLs must be local", msg_quote(http_redacted(url)));
	} else {
		rc = input_open("file", path, fp, NULL); /* a FIFO waits for its writer, bounded */
	}
	curl_free(host);
	curl_free(path);
	curl_url_cleanup(u);
	return rc;
}

/* A read-write temporary file in dir (or $TMPDIR), unlinked unless name is wanted. */
static FILE *temp_file(const char *dir, struct strbuf *name)
{
	struct strbuf path = STRBUF_INIT;
	const char *tmp = dir ? dir : getenv("TMPDIR");
	FILE *fp = NULL;
	int fd;

	strbuf_addf(&path, "%s/.feedgen-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path.buf);
	if (fd >= 0) {
		fp = fdopen(fd, "w+b");
		if (!fp)
			close(fd);
		if (!fp || !name)
			unlink(path.buf);
		else
			strbuf_addstr(name, path.buf);
	}
	strbuf_release(&path);
	return fp;
}

static void cache_key(const char *url, struct strbuf *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(url, strlen(url), md, &n, EVP_sha256(), NULL);
	for (unsigned i = 0; i < n && i < 16; i++)
		strbuf_addf(out, "%02x", md[i]);
}

static int write_meta(const char *path, const char *url, const struct http_response *rs)
{
	struct strbuf tmp = STRBUF_INIT, red = STRBUF_INIT;
	json_t *meta = json_object();
	int rc = -1;

	http_redact_url(&red, url);
	json_object_set_new(meta, "url", json_string(red.buf));
	json_object_set_new(meta, "etag", json_string(rs->etag.buf));
	json_object_set_new(meta, "last_modified", json_string(rs->last_modified.buf));
	strbuf_addf(&tmp, "%s.tmp", path);
	if (!json_dump_file(meta, tmp.buf, JSON_COMPACT) && !rename(tmp.buf, path))
		rc = 0;
	else
		unlink(tmp.buf);
	json_decref(meta);
	strbuf_release(&tmp);
	strbuf_release(&red);
	return rc;
}

int fetch_open_url(const struct fetch_options *fo, const char *url, FILE **fp)
{
	struct http_client c;
	struct http_request rq;
	struct http_response rs;
	struct strbuf key = STRBUF_INIT, body_path = STRBUF_INIT, meta_path = STRBUF_INIT, tmp_name = STRBUF_INIT;
	json_t *meta = NULL;
	FILE *out = NULL;
	int rc;

	*fp = NULL;
	if (!strncasecmp(url, "file://", 7))
		return open_file_url(url, fp);
	if ((rc = http_client_init(&c, fo)))
		return rc;
	progress_start(&c.progress, "URL", fo->quiet);
	memset(&rq, 0, sizeof(rq));
	rq.url = url;
	rq.credentialed = strchr(url + strcspn(url, "/") + 2, '@') != NULL;
	http_response_init(&rs);

	if (c.cache_dir) {
		if (mkdir(c.cache_dir, 0700) && errno != EEXIST) {
			rc = msg_fail(EXIT_USAGE, "--cache-dir %s cannot be created: %s", msg_quote(c.cache_dir),
				      strerror(errno));
			goto done;
		}
		cache_key(url, &key);
		strbuf_addf(&body_path, "%s/%s.body", c.cache_dir, key.buf);
		strbuf_addf(&meta_path, "%s/%s.meta", c.cache_dir, key.buf);
		if (access(body_path.buf, R_OK) == 0 && (meta = json_load_file(meta_path.buf, 0, NULL))) {
			rq.if_none_match = json_string_value(json_object_get(meta, "etag"));
			rq.if_modified_since = json_string_value(json_object_get(meta, "last_modified"));
		}
		out = temp_file(c.cache_dir, &tmp_name);
	} else {
		out = temp_file(NULL, NULL);
	}
	if (!out) {
		rc = msg_fail(EXIT_INPUT, "cannot create a temporary file for %s: %s", msg_quote(http_redacted(url)), strerror(errno));
		goto done;
	}
	rq.to_file = out;
	if ((rc = http_perform(&c, &rq, &rs)))
		goto done;
	if (rs.status == 304) {
		fclose(out);
		out = NULL;
		if (!(*fp = fopen(body_path.buf, "rb")))
			rc = msg_fail(EXIT_INPUT, "cached copy of %s is gone: %s", msg_quote(http_redacted(url)), strerror(errno));
		else if (!fo->quiet)
			msg_info("%s not modified; using the cached copy", msg_quote(http_redacted(url)));
		goto done;
	}
	if (fflush(out) || ferror(out)) {
		rc = msg_fail(EXIT_INPUT, "cannot store the body of %s: %s", msg_quote(http_redacted(url)), strerror(errno));
		goto done;
	}
	if (tmp_name.len) {
		/* keep it for the next conditional request only when the server gave validators */
		if ((rs.etag.len || rs.last_modified.len) && !rename(tmp_name.buf, body_path.buf))
			write_meta(meta_path.buf, url, &rs);
		else
			unlink(tmp_name.buf);
		strbuf_reset(&tmp_name);
	}
	rewind(out);
	*fp = out;
	out = NULL;
done:
	if (out)
		fclose(out);
	if (tmp_name.len)
		unlink(tmp_name.buf);
	json_decref(meta);
	http_response_release(&rs);
	http_client_release(&c);
	strbuf_release(&key);
	strbuf_release(&body_path);
	strbuf_release(&meta_path);
	strbuf_release(&tmp_name);
	return rc;
}
