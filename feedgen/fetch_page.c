/* fetch_page.c: the checks and splitting of fetch_page.h: a strict JSON scanner (structure,
 * UTF-8, numbers, literals by hand; escaped strings, long integers and exponents handed to
 * jansson, which has the last word; the byte-level pieces are json_scan.h's) that copies the
 * records array's elements compactly.
 * Owns: nothing beyond the struct fetch_page it fills. */
#include "fetch_page.h"
#include "alloc.h"
#include "json_scan.h"
#include "secrets.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 2048 /* jansson's JSON_PARSER_MAX_DEPTH: every value counts one level */

struct scan {
	const unsigned char *p, *end;
	struct fetch_page *pg;
	int depth;
	int masked;      /* the record being scanned has an escaped string naming a credential */
	int spaced;      /* ... or white space outside its strings */
};

#define REC_MASKED 1 /* flags: an escaped string names a credential */
#define REC_IN_BODY 2 /* the record is the body's bytes (no white space to remove) */

void fetch_page_init(struct fetch_page *pg, const char *array_key)
{
	memset(pg, 0, sizeof(*pg));
	pg->array_key = array_key;
	strbuf_init(&pg->text);
	strbuf_init(&pg->scratch);
}

void fetch_page_release(struct fetch_page *pg)
{
	strbuf_release(&pg->text);
	strbuf_release(&pg->scratch);
	free(pg->off);
	free(pg->len);
	free(pg->flags);
	json_decref(pg->json);
	memset(pg, 0, sizeof(*pg));
}

static void skip_ws_slow(struct scan *s)
{
	const unsigned char *p = s->p;

	while (p < s->end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	if (p != s->p)
		s->spaced = 1;
	s->p = p;
}

/* White space is rare in a compact page: one comparison when there is none. */
static inline void skip_ws(struct scan *s)
{
	if (s->p < s->end && *s->p > ' ')
		return;
	skip_ws_slow(s);
}

/* A string with an escape, decoded by jansson (escapes, surrogate pairs; no NUL in a key).
 * Sets *is_key_match when it decodes to the records key, and s->masked when its text holds a
 * registered credential. Returns 0, or -1 when jansson refuses it. */
static int check_escaped(struct scan *s, const unsigned char *tok, size_t n, int key, int *is_key_match)
{
	json_t *j = json_loadb((const char *)tok, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	const char *v = json_string_value(j);
	size_t len = json_string_length(j);
	int rc = 0;

	if (!v || (key && strlen(v) != len)) {
		rc = -1;
	} else {
		if (is_key_match)
			*is_key_match = !strcmp(v, s->pg->array_key);
		if (secrets_count()) {
			strbuf_reset(&s->pg->scratch);
			strbuf_add(&s->pg->scratch, v, len);
			if (secrets_mask(&s->pg->scratch))
				s->masked = 1;
		}
	}
	json_decref(j);
	return rc;
}

/* The string at s->p ('"'), appended to out when out is not NULL. key: a member name;
 * is_key_match (for the top-level object's keys) says whether it is the records key. */
static int scan_string(struct scan *s, struct strbuf *out, int key, int *is_key_match)
{
	const unsigned char *tok = s->p, *p = s->p + 1, *end = s->end;
	int escaped = 0;

	while ((p = json_scan_plain_run(p, end)) < end && *p != '"') {
		unsigned char c = *p;
		size_t n;
		if (c == '\\') {
			if (end - p < 2)
				return -1;
			escaped = 1;
			p += 2; /* the escape's letter; \u's digits are plain bytes; jansson checks it all */
		} else if (c < 0x20 || !(n = json_scan_utf8_len(p, end))) {
			return -1;
		} else {
			p += n;
		}
	}
	if (p >= end)
		return -1;
	s->p = ++p;
	if (escaped) {
		if (check_escaped(s, tok, (size_t)(p - tok), key, is_key_match))
			return -1;
	} else if (is_key_match) {
		size_t n = (size_t)(p - tok) - 2;
		*is_key_match = strlen(s->pg->array_key) == n && !memcmp(tok + 1, s->pg->array_key, n);
	}
	if (out)
		strbuf_add(out, tok, (size_t)(p - tok));
	return 0;
}

/* A number as RFC 8259 spells it (json_scan.h); integers too long for certain to fit and numbers
 * with an exponent are handed to jansson, which refuses what does not fit (as it would in the page). */
static int scan_number(struct scan *s, struct strbuf *out)
{
	const unsigned char *tok = s->p, *p;
	int kind;
	size_t n;

	if (!(p = json_scan_number(tok, s->end, &kind)))
		return -1;
	n = (size_t)(p - tok);
	if ((kind & JSON_SCAN_EXPONENT) || n > 18) {
		json_t *j = json_loadb((const char *)tok, n, JSON_DECODE_ANY, NULL);
		if (!j)
			return -1;
		json_decref(j);
	}
	s->p = p;
	if (out)
		strbuf_add(out, tok, n);
	return 0;
}

static int scan_literal(struct scan *s, struct strbuf *out, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n))
		return -1;
	if (out)
		strbuf_add(out, word, n);
	s->p += n;
	return 0;
}

static int scan_value(struct scan *s, struct strbuf *out);
static int scan_records(struct scan *s);

/* An object or array at s->p (open is '{' or '['). top: the page's object, whose records
 * key's array is split into records instead of copied. */
static int scan_container(struct scan *s, struct strbuf *out, char open, int top)
{
	char close = open == '{' ? '}' : ']';

	s->p++;
	if (out)
		strbuf_addch(out, open);
	skip_ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		if (out)
			strbuf_addch(out, close);
		return 0;
	}
	for (;;) {
		int match = 0;
		skip_ws(s);
		if (open == '{') {
			if (s->p >= s->end || *s->p != '"' || scan_string(s, out, 1, top ? &match : NULL))
				return -1;
			skip_ws(s);
			if (s->p >= s->end || *s->p != ':')
				return -1;
			s->p++;
			if (out)
				strbuf_addch(out, ':');
			skip_ws(s);
		}
		if (match) {
			/* the last records member counts, as jansson keeps the last of duplicate keys */
			s->pg->n = 0;
			strbuf_reset(&s->pg->text);
			s->pg->has_array = s->p < s->end && *s->p == '[';
			if (s->pg->has_array ? scan_records(s) : scan_value(s, NULL))
				return -1;
		} else if (scan_value(s, out)) {
			return -1;
		}
		skip_ws(s);
		if (s->p >= s->end)
			return -1;
		if (*s->p == close) {
			s->p++;
			if (out)
				strbuf_addch(out, close);
			return 0;
		}
		if (*s->p != ',')
			return -1;
		s->p++;
		if (out)
			strbuf_addch(out, ',');
	}
}

static int scan_value(struct scan *s, struct strbuf *out)
{
	int rc;

	if (++s->depth > MAX_DEPTH || s->p >= s->end)
		return -1;
	switch (*s->p) {
	case '{':
	case '[':
		rc = scan_container(s, out, (char)*s->p, 0);
		break;
	case '"':
		rc = scan_string(s, out, 0, NULL);
		break;
	case 't':
		rc = scan_literal(s, out, "true");
		break;
	case 'f':
		rc = scan_literal(s, out, "false");
		break;
	case 'n':
		rc = scan_literal(s, out, "null");
		break;
	default:
		rc = scan_number(s, out);
		break;
	}
	s->depth--;
	return rc;
}

static void add_record(struct fetch_page *pg, size_t off, size_t len, int flags)
{
	if (pg->n == pg->alloc) {
		pg->alloc = pg->alloc ? pg->alloc * 2 : 256;
		pg->off = xrealloc(pg->off, pg->alloc * sizeof(*pg->off));
		pg->len = xrealloc(pg->len, pg->alloc * sizeof(*pg->len));
		pg->flags = xrealloc(pg->flags, pg->alloc);
	}
	pg->off[pg->n] = off;
	pg->len[pg->n] = len;
	pg->flags[pg->n] = (unsigned char)flags;
	pg->n++;
}

/* The records array at s->p ('['): each element as the body's bytes, or, when it has white
 * space outside its strings, scanned again and copied compactly into pg->text. */
static int scan_records(struct scan *s)
{
	s->p++;
	if (++s->depth > MAX_DEPTH)
		return -1;
	skip_ws(s);
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		s->depth--;
		return 0;
	}
	for (;;) {
		const unsigned char *start;
		skip_ws(s);
		start = s->p;
		s->masked = s->spaced = 0;
		if (scan_value(s, NULL))
			return -1;
		if (!s->spaced) {
			add_record(s->pg, (size_t)(start - (const unsigned char *)s->pg->body), (size_t)(s->p - start),
				   REC_IN_BODY | (s->masked ? REC_MASKED : 0));
		} else {
			size_t off = s->pg->text.len;
			s->p = start; /* checked already: this pass copies */
			if (scan_value(s, &s->pg->text))
				return -1;
			add_record(s->pg, off, s->pg->text.len - off, s->masked ? REC_MASKED : 0);
		}
		skip_ws(s);
		if (s->p >= s->end)
			return -1;
		if (*s->p == ']') {
			s->p++;
			s->depth--;
			return 0;
		}
		if (*s->p++ != ',')
			return -1;
	}
}

/* The whole body: one object or array (jansson decodes no other top level), then only
 * white space. */
static int scan_body(struct scan *s)
{
	int rc;

	skip_ws(s);
	if (s->p >= s->end || (*s->p != '{' && *s->p != '['))
		return -1;
	s->depth = 1;
	rc = scan_container(s, NULL, (char)*s->p, *s->p == '{');
	skip_ws(s);
	return rc || s->p != s->end ? -1 : 0;
}

int fetch_page_check(void *arg, long status, const char *body, size_t len, struct strbuf *why)
{
	struct fetch_page *pg = arg;
	struct scan s = { (const unsigned char *)body, (const unsigned char *)body + len, pg, 0, 0, 0 };
	json_error_t err;

	pg->n = 0;
	pg->has_array = 0;
	pg->body = body;
	strbuf_reset(&pg->text);
	json_decref(pg->json);
	pg->json = NULL;
	if (!scan_body(&s))
		return 0;
	/* refused: jansson has the last word (the slow path when it takes the page), and its
	 * reason is the message */
	pg->n = 0;
	pg->has_array = 0;
	if ((pg->json = json_loadb(body, len, JSON_ALLOW_NUL, &err)))
		return 0;
	strbuf_addf(why, "HTTP %ld with a body that is not valid JSON (%s at byte %d of %zu)", status, err.text,
		    err.position, len);
	return 1;
}

static int dump_cb(const char *buf, size_t size, void *arg)
{
	strbuf_add(arg, buf, size);
	return 0;
}

int fetch_record_line(json_t *record, struct strbuf *line)
{
	strbuf_reset(line);
	return json_dump_callback(record, dump_cb, line, JSON_COMPACT | JSON_ENCODE_ANY) ? -1 : 0;
}

int fetch_page_is_object(const struct fetch_page *pg, size_t i)
{
	return ((pg->flags[i] & REC_IN_BODY ? pg->body : pg->text.buf) + pg->off[i])[0] == '{';
}

int fetch_page_line(struct fetch_page *pg, size_t i, struct strbuf *line)
{
	const char *rec = (pg->flags[i] & REC_IN_BODY ? pg->body : pg->text.buf) + pg->off[i];
	json_t *j;
	int rc;

	strbuf_reset(line);
	strbuf_add(line, rec, pg->len[i]);
	/* no escape and no credential in the bytes: none in the decoded record either */
	if (!(pg->flags[i] & REC_MASKED) && !secrets_mask(line))
		return 0;
	if (!(j = json_loadb(rec, pg->len[i], JSON_ALLOW_NUL | JSON_DECODE_ANY, NULL)))
		return -1;
	secrets_mask_json(j);
	rc = fetch_record_line(j, line);
	json_decref(j);
	return rc;
}
