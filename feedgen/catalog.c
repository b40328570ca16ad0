/* catalog.c: streaming JSON catalog reader: finds each record's extent with a small
 * structural scanner and decodes only that record with jansson, so a 339 MB document is
 * never held whole (its records are decoded by catalog_decode.c; the reader thread of
 * catalog_stream_threaded: catalog_threaded.c).
 * Owns: the reading window (buffer) of one stream. */
#include "catalog.h"
#include "catalog_impl.h"
#include "alloc.h"
#include "arena.h"
#include "encoding.h"
#include "msg.h"
#include "strbuf.h"
#include "json_scan.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW_MIN (1u << 20)
#define DEFAULT_MAX_RECORD ((size_t)64 << 20)
#define MAX_DEPTH 2048 /* jansson's own limit: a deeper record could not be decoded anyway */

struct jstream {
	FILE *fp;
	char *buf;
	size_t start, end, cap;  /* unconsumed bytes are buf[start..end) */
	int eof, owned;
	long line, col;          /* position of buf[start], 1-based */
	size_t max_record;
	const char *source;
	record_fn fn;
	range_fn range;            /* catalog_scan(): records are handed over as bytes */
	void *arg;
	struct findings *findings; /* lenient mode */
	struct strbuf error;       /* the message of a fatal error, printed by the caller's thread */
	const char *records;       /* a mapped catalog's records path ("data.items"), or NULL */
};

static const char *const dialect_names[] = { "shopify", "woocommerce", "tiktokshop" };

const char *dialect_name(enum dialect d)
{
	return dialect_names[d];
}

int dialect_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof(dialect_names) / sizeof(*dialect_names); i++)
		if (!strcmp(name, dialect_names[i]))
			return (int)i;
	return -1;
}

/* Read more input; returns 1 when bytes were added, 0 at end of input, -1 on error. */
static int fill(struct jstream *js)
{
	size_t n;

	if (js->eof || !js->fp)
		return 0;
	if (js->start > 0) {
		memmove(js->buf, js->buf + js->start, js->end - js->start);
		js->end -= js->start;
		js->start = 0;
	}
	if (js->cap - js->end < WINDOW_MIN / 2) {
		if (js->end > js->max_record)
			return -2;
		js->cap = js->cap ? js->cap * 2 : WINDOW_MIN;
		if (js->cap > js->max_record + WINDOW_MIN) /* never twice the limit */
			js->cap = js->max_record + WINDOW_MIN;
		js->buf = xrealloc(js->buf, js->cap);
	}
	n = fread(js->buf + js->end, 1, js->cap - js->end, js->fp);
	js->end += n;
	if (n == 0) {
		if (ferror(js->fp))
			return -1;
		js->eof = 1;
		return 0;
	}
	return 1;
}

/* Advance the window start by k bytes, keeping line/column of the new start. */
static void consume(struct jstream *js, size_t k)
{
	const char *p = js->buf + js->start, *e = p + k, *nl;

	while ((nl = memchr(p, '\n', (size_t)(e - p)))) {
		js->line++;
		js->col = 1;
		p = nl + 1;
	}
	js->col += e - p;
	js->start += k;
}

/* Line/column of offset `off` from start. */
static void position_of(const struct jstream *js, size_t off, long *line, long *col)
{
	const char *p = js->buf + js->start, *e = p + off, *nl;

	*line = js->line;
	*col = js->col;
	while ((nl = memchr(p, '\n', (size_t)(e - p)))) {
		(*line)++;
		*col = 1;
		p = nl + 1;
	}
	*col += e - p;
}

/* A fatal error: the message is kept (not printed) so that a reader thread never prints;
 * the thread that called catalog_stream*() prints it. Returns EXIT_INPUT. */
static int stream_error(struct jstream *js, long line, long col, const char *what)
{
	strbuf_reset(&js->error);
	strbuf_addstr(&js->error, "catalog '");
	msg_sanitize(&js->error, js->source, strlen(js->source), 200);
	strbuf_addch(&js->error, '\'');
	if (line)
		strbuf_addf(&js->error, " line %ld column %ld", line, col);
	strbuf_addf(&js->error, ": %s", what);
	return EXIT_INPUT;
}

static int fail_at(struct jstream *js, size_t off, const char *what)
{
	long line, col;

	position_of(js, off, &line, &col);
	return stream_error(js, line, col, what);
}

static int read_error(struct jstream *js, int r, size_t off)
{
	char what[160];

	if (r == -2) {
		snprintf(what, sizeof(what), "record larger than the limit of %zu MiB (is this a JSON catalog?)",
			 js->max_record >> 20);
		return fail_at(js, off, what);
	}
	if (r == -4) {
		snprintf(what, sizeof(what), "record nested deeper than %d levels (is this a JSON catalog?)", MAX_DEPTH);
		return fail_at(js, off, what);
	}
	/* errno is the reading thread's only with --threads 1; an unpacking error (gzip) was said */
	snprintf(what, sizeof(what), "read error%s%s", errno ? ": " : "", errno ? strerror(errno) : "");
	return stream_error(js, 0, 0, what);
}

/* Offset (from start) of the first non-white-space byte at or after off; fills as needed.
 * Returns 1 with *at set, 0 at end of input, or a negative read error. */
static int skip_ws(struct jstream *js, size_t off, size_t *at)
{
	for (;;) {
		while (js->start + off < js->end) {
			char c = js->buf[js->start + off];
			if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
				*at = off;
				return 1;
			}
			off++;
		}
		int r = fill(js);
		if (r <= 0)
			return r;
	}
}

/* Find the end of the JSON value starting at offset off. Returns 1 with *end one past it,
 * 0 when input ends inside it, -3 on a structural error (at *end), -4 when it nests deeper
 * than MAX_DEPTH, or a read error. */
static int scan_value(struct jstream *js, size_t off, size_t *end)
{
	int depth = 0, in_string = 0, escape = 0;
	size_t i = off;
	char first = js->buf[js->start + off];

	if (first != '{' && first != '[' && first != '"') {
		/* scalar: runs until a delimiter */
		for (;;) {
			while (js->start + i < js->end) {
				char c = js->buf[js->start + i];
				if (c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
					*end = i;
					return 1;
				}
				i++;
			}
			int r = fill(js);
			if (r < 0)
				return r;
			if (r == 0) {
				*end = i;
				return 1;
			}
		}
	}
	for (;;) {
		const char *b = js->buf + js->start;
		size_t n = js->end - js->start;
		while (i < n) {
			char c;
			if (in_string) {
				if (escape) { /* the byte after a backslash, maybe past a refill */
					escape = 0;
					i++;
					continue;
				}
				if ((i = json_scan_quote_or_backslash(b, i, n)) == n)
					break;
				if (b[i++] == '\\')
					escape = 1;
				else {
					in_string = 0;
					if (depth == 0) {
						*end = i;
						return 1;
					}
				}
				continue;
			}
			c = b[i++];
			if (c == '"')
				in_string = 1;
			else if (c == '{' || c == '[') {
				if (++depth > MAX_DEPTH)
					return -4;
			}
			else if (c == '}' || c == ']') {
				if (--depth == 0) {
					*end = i;
					return 1;
				}
				if (depth < 0) {
					*end = i - 1;
					return -3;
				}
			}
		}
		int r = fill(js);
		if (r < 0)
			return r;
		if (r == 0)
			return 0;
	}
}

/* Decode the value buf[start+off .. start+end) with jansson and hand it to the callback (a
 * scan hands the bytes instead). */
static int emit_record(struct jstream *js, size_t off, size_t end)
{
	const char *rec = js->buf + js->start + off;
	size_t len = end - off;
	json_error_t err;
	json_t *v;
	long line, col, eline, ecol;
	int rc;

	position_of(js, off, &line, &col);
	if (js->range)
		return js->range(js->arg, rec, len, line, col);
	if (!(v = catalog_decode_record(rec, len, js->source, line, col, js->findings, &err, &eline, &ecol)))
		return js->findings ? 0 : stream_error(js, eline, ecol, err.text);
	rc = js->fn(js->arg, v, js->source, line);
	arena_record_free(v);
	return rc;
}

static int unexpected(struct jstream *js, size_t at, const char *expected)
{
	char what[96];
	unsigned char c = (unsigned char)js->buf[js->start + at];

	if (c >= 0x20 && c < 0x7f)
		snprintf(what, sizeof(what), "expected %s, found '%c'", expected, c);
	else
		snprintf(what, sizeof(what), "expected %s, found byte 0x%02x", expected, c);
	return fail_at(js, at, what);
}

static int truncated(struct jstream *js, size_t at)
{
	return fail_at(js, at, "unexpected end of input (truncated JSON?)");
}

/* Stream the elements of the array whose '[' is at offset off. On return the window start
 * is just past the closing ']'. */
static int stream_array(struct jstream *js, size_t off)
{
	size_t at, end;
	int r, first = 1;

	consume(js, off + 1);
	for (;;) {
		r = skip_ws(js, 0, &at);
		if (r < 0)
			return read_error(js, r, 0);
		if (r == 0)
			return truncated(js, 0);
		if (js->buf[js->start + at] == ']') {
			consume(js, at + 1);
			return 0;
		}
		if (!first) {
			if (js->buf[js->start + at] != ',')
				return unexpected(js, at, "',' or ']'");
			r = skip_ws(js, at + 1, &at);
			if (r < 0)
				return read_error(js, r, 0);
			if (r == 0)
				return truncated(js, at);
		}
		first = 0;
		r = scan_value(js, at, &end);
		if (r == 0)
			return truncated(js, at);
		if (r == -3)
			return unexpected(js, end, "a JSON value");
		if (r < 0)
			return read_error(js, r, at);
		if ((r = emit_record(js, at, end)))
			return r;
		consume(js, end);
	}
}

/* Read a JSON string key at offset off (which holds '"'); copies it (escapes kept as they
 * are: the keys we look for have none) into key. Returns 1 with *after set, else error. */
static int read_key(struct jstream *js, size_t off, struct strbuf *key, size_t *after)
{
	size_t end;
	int r = scan_value(js, off, &end);

	if (r != 1)
		return r == 0 ? truncated(js, off) : read_error(js, r, off);
	strbuf_reset(key);
	strbuf_add(key, js->buf + js->start + off + 1, end - off - 2);
	*after = end;
	return 1;
}

/* Whether member key (of an object at depth) leads to the records: '[' the records array, '{'
 * an object on the way to it, 0 neither. Without a records path: "products", or "data" then
 * "products"; with one ("items", "data.items", mapping.h), its keys. */
static int records_key(const struct jstream *js, const char *key, int depth, char c)
{
	const char *p = js->records;
	size_t n;

	if (!p)
		return c == '[' && !strcmp(key, "products") ? '[' : c == '{' && !depth && !strcmp(key, "data") ? '{' : 0;
	for (int d = 0; d < depth && p; d++)
		if ((p = strchr(p, '.')))
			p++;
	n = p ? strcspn(p, ".") : 0;
	if (!p || strlen(key) != n || strncmp(key, p, n))
		return 0;
	return p[n] ? (c == '{' ? '{' : 0) : (c == '[' ? '[' : 0);
}

/* The next member of the object whose '{' is at offset off, from offset *at: its name into key
 * and the offset of its value's first byte into *at; or *closed set at the closing '}' (*at
 * just past it). Returns 0 or EXIT_INPUT after the message. */
static int next_member(struct jstream *js, size_t off, size_t *at, struct strbuf *key, int *closed)
{
	int r = skip_ws(js, *at, at);
	char c;

	*closed = 0;
	if (r <= 0)
		return r < 0 ? read_error(js, r, *at) : truncated(js, off);
	c = js->buf[js->start + *at];
	if (c == '}') {
		++*at;
		*closed = 1;
		return 0;
	}
	if (c == ',') {
		r = skip_ws(js, *at + 1, at);
		if (r <= 0)
			return r < 0 ? read_error(js, r, *at) : truncated(js, off);
		c = js->buf[js->start + *at];
	}
	if (c != '"')
		return unexpected(js, *at, "a member name");
	if ((r = read_key(js, *at, key, at)) != 1)
		return r;
	r = skip_ws(js, *at, at);
	if (r <= 0 || js->buf[js->start + *at] != ':')
		return r < 0 ? read_error(js, r, *at) : r == 0 ? truncated(js, off) : unexpected(js, *at, "':'");
	r = skip_ws(js, *at + 1, at);
	if (r <= 0)
		return r < 0 ? read_error(js, r, *at) : truncated(js, off);
	return 0;
}

/* The object whose '{' is at offset off: if it (or its "data" member) holds a "products"
 * array, stream that; otherwise it is a record itself. On return the window start is just
 * past the object. */
static int stream_object(struct jstream *js, size_t off, int depth)
{
	struct strbuf key = STRBUF_INIT;
	size_t at = off + 1, end;
	int r, rc = 0, streamed = 0, closed;

	for (;;) {
		if ((rc = next_member(js, off, &at, &key, &closed)))
			goto out;
		if (closed)
			break;
		char c = js->buf[js->start + at];
		if (records_key(js, key.buf, depth, c) == '[') {
			/* the wrapper: stream its array, then skip the rest of the wrapper */
			streamed = 1;
			if ((rc = stream_array(js, at)))
				goto out;
			at = 0;
			continue;
		}
		if (records_key(js, key.buf, depth, c) == '{') {
			consume(js, at);
			if ((rc = stream_object(js, 0, depth + 1)))
				goto out;
			streamed = 1;
			at = 0;
			continue;
		}
		r = scan_value(js, at, &end);
		if (r != 1) {
			rc = r == 0 ? truncated(js, at) : r == -3 ? unexpected(js, end, "a JSON value") : read_error(js, r, at);
			goto out;
		}
		at = end;
	}
	if (!streamed) {
		if (depth > 0) {
			consume(js, at);
			rc = 0; /* "data" without products: nothing to read */
			goto out;
		}
		rc = emit_record(js, off, at);
	}
	if (!rc)
		consume(js, at);
out:
	strbuf_release(&key);
	return rc;
}

static int stream_top(struct jstream *js)
{
	enum text_form form;
	size_t at;
	int r, rc;

	/* a UTF-8 byte-order mark before the document is tolerated; UTF-16/32 is named */
	if (js->end - js->start < ENCODING_PEEK && fill(js) < 0)
		return read_error(js, -1, 0);
	if ((form = encoding_detect((const unsigned char *)js->buf + js->start, js->end - js->start, NULL))) {
		strbuf_reset(&js->error);
		encoding_message(&js->error, "catalog", js->source, "a JSON catalog",
				 (const unsigned char *)js->buf + js->start, js->end - js->start, form);
		return EXIT_INPUT;
	}
	if (js->end - js->start >= 3 && !memcmp(js->buf + js->start, "\xEF\xBB\xBF", 3)) {
		js->start += 3;
	}
	for (int count = 0;; count++) {
		r = skip_ws(js, 0, &at);
		if (r < 0)
			return read_error(js, r, 0);
		if (r == 0)
			return count == 0 ? fail_at(js, 0, "empty catalog (no JSON value)") : 0;
		switch (js->buf[js->start + at]) {
		case '[':
			rc = stream_array(js, at);
			break;
		case '{':
			rc = stream_object(js, at, 0);
			break;
		default:
			return unexpected(js, at, "'{' or '['");
		}
		if (rc)
			return rc;
	}
}

int catalog_stream(FILE *fp, const char *source, size_t max_record, record_fn fn, void *arg)
{
	return catalog_stream_lenient(fp, source, max_record, fn, arg, NULL);
}

static void jstream_init(struct jstream *js, const char *source, record_fn fn, void *arg)
{
	memset(js, 0, sizeof(*js));
	strbuf_init(&js->error);
	js->line = js->col = 1;
	js->source = source;
	js->fn = fn;
	js->arg = arg;
}

/* Run a stream in the calling thread, print its fatal error, free it. */
static int jstream_run(struct jstream *js)
{
	int rc = stream_top(js);

	if (js->error.len)
		msg_error("%s", js->error.buf);
	strbuf_release(&js->error);
	free(js->buf);
	return rc;
}

/* A stream of fp (lenient when findings is set; max_record 0: the default limit). */
static void jstream_open(struct jstream *js, FILE *fp, const char *source, size_t max_record, record_fn fn,
			 void *arg, struct findings *findings)
{
	jstream_init(js, source, fn, arg);
	js->findings = findings;
	js->fp = fp;
	js->max_record = max_record ? max_record : DEFAULT_MAX_RECORD;
}

int catalog_stream_lenient(FILE *fp, const char *source, size_t max_record, record_fn fn, void *arg,
			   struct findings *findings)
{
	struct jstream js;

	jstream_open(&js, fp, source, max_record, fn, arg, findings);
	return jstream_run(&js);
}

int catalog_stream_records(FILE *fp, const char *source, const char *records, record_fn fn, void *arg,
			   struct findings *findings)
{
	struct jstream js;

	jstream_open(&js, fp, source, 0, fn, arg, findings);
	js.records = records;
	return jstream_run(&js);
}

/* Run a stream, hand its fatal error (not printed) to *error, free it: for another thread. */
static int jstream_run_quiet(struct jstream *js, struct strbuf *error)
{
	int rc = stream_top(js);

	strbuf_add(error, js->error.buf, js->error.len);
	strbuf_release(&js->error);
	free(js->buf);
	return rc;
}

int catalog_stream_quiet(FILE *fp, const char *source, size_t max_record, record_fn fn, void *arg,
			 struct findings *findings, struct strbuf *error)
{
	struct jstream js;

	jstream_open(&js, fp, source, max_record, fn, arg, findings);
	return jstream_run_quiet(&js, error);
}

int catalog_scan(FILE *fp, const char *source, size_t max_record, range_fn fn, void *arg, struct strbuf *error)
{
	struct jstream js;

	jstream_open(&js, fp, source, max_record, NULL, arg, NULL);
	js.range = fn;
	return jstream_run_quiet(&js, error);
}

int catalog_stream_buffer(const char *buf, size_t len, const char *source, record_fn fn, void *arg)
{
	struct jstream js;

	jstream_init(&js, source, fn, arg);
	js.buf = xmalloc(len + 1);
	memcpy(js.buf, buf, len);
	js.end = len;
	js.cap = len + 1;
	js.eof = 1;
	js.max_record = (size_t)-1;
	return jstream_run(&js);
}
