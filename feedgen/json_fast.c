/* json_fast.c: the catalog record reader of json_fast.h. json_loadb spends about 170
 * instructions per input byte (a function call, a UTF-8 check and a memcpy per byte; every
 * string copied twice); building the same tree with jansson's constructors costs about a fifth
 * of that. This reader scans the bytes once (plain string runs eight bytes at a time,
 * json_scan.h, shared with fetch_page.c) and calls those constructors: json_object() +
 * json_object_setn_new_nocheck (as jansson's parser: the last of duplicate keys wins, in the
 * first one's place), json_array_append_new, json_stringn_nocheck (straight from the input when
 * the string has no escape), json_integer, json_real, json_true/false/null. So every caller
 * keeps its json_t, and the values go to the record's arena as before. Measured (callgrind,
 * the 2,000-product catalog, 6.8 MB): 0.17 G instructions against json_loadb's 1.14 G, most of
 * it now jansson's constructors (json_object_setn_new_nocheck's hashing 0.07 G) and the arena.
 * Why jansson still has the last word: this reader is only trusted where it is certain. Any
 * error (NUL in a key, depth past jansson's 2048 included), and anything it chooses not to
 * handle (integers of 19+ digits, exponents, a NUL byte outside a string), declines, and
 * catalog_decode.c decodes the record with json_loadb:
 * its error messages and positions, and the invalid-UTF-8 repair, are unchanged.
 * tests/fuzz/fuzz_jsonfast.c holds it to that against the library itself.
 * json_fast_loadb_keys builds only the members of a key set (a reader's names, json_fast.h):
 * the others are checked by skip_value for everything value_at would decline, and not built.
 * Owns: the scratch buffer of one call (the decoded text of escaped strings). */
#include "json_fast.h"
#include "alloc.h"
#include "json_scan.h"
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 2048   /* jansson's JSON_PARSER_MAX_DEPTH: every value counts one level */
#define MAX_DIGITS 18    /* an integer of up to 18 digits fits a json_int_t for certain */
#define SMALL_SCRATCH 4096

struct jf {
	const unsigned char *p, *end;
	enum json_fast_decline why;
	char *scratch;   /* decoded escaped strings, back to back: never more than the input */
	size_t used;
	size_t len;      /* of the whole input */
	const struct json_fast_keys *keep; /* NULL: every member is built */
	char small[SMALL_SCRATCH];
};

static void *decline(struct jf *f, enum json_fast_decline why)
{
	/* a NUL byte where a token should be: jansson's lexer skips one after a number or a
	 * literal ("[94\0]" decodes as [94]), so what it makes of one is left to it */
	if (why == JSON_FAST_INVALID && f->p < f->end && !*f->p)
		why = JSON_FAST_UNHANDLED;
	if (!f->why)
		f->why = why;
	return NULL;
}

static inline void skip_ws(struct jf *f)
{
	const unsigned char *p = f->p, *end = f->end;

	/* most records have no white space between tokens: one compare says so */
	while (p < end && *p <= ' ' && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	f->p = p;
}

static int hex4(const unsigned char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* The escape at p ('\\'), its UTF-8 written at *d. Returns the bytes it took, 0 when it is not
 * one jansson accepts (or \u0000 in a key). */
static size_t unescape(const unsigned char *p, const unsigned char *end, char **d, int key)
{
	static const char simple[][2] = { { '"', '"' }, { '\\', '\\' }, { '/', '/' }, { 'b', '\b' },
					  { 'f', '\f' }, { 'n', '\n' }, { 'r', '\r' }, { 't', '\t' } };
	char *o = *d;
	long cp;
	size_t n = 6;

	if (end - p < 2)
		return 0;
	if (p[1] != 'u') {
		for (size_t i = 0; i < sizeof(simple) / sizeof(*simple); i++)
			if (p[1] == simple[i][0]) {
				*(*d)++ = simple[i][1];
				return 2;
			}
		return 0;
	}
	if (end - p < 6 || (cp = hex4(p + 2)) < 0 || (cp >= 0xDC00 && cp <= 0xDFFF) || (key && cp == 0))
		return 0;
	if (cp >= 0xD800 && cp <= 0xDBFF) { /* a high surrogate: its low one must follow */
		long lo;
		if (end - p < 12 || p[6] != '\\' || p[7] != 'u' || (lo = hex4(p + 8)) < 0xDC00 || lo > 0xDFFF)
			return 0;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		n = 12;
	}
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xC0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xE0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xF0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	*d = o;
	return n;
}

/* The rest of a string with an escape at p: its text decoded into the scratch buffer (a decoded
 * string is never longer than its bytes, so the input's length is enough for all of them). */
static int string_escaped(struct jf *f, const unsigned char *start, const unsigned char *p, int key,
			  const char **out, size_t *n)
{
	const unsigned char *end = f->end;
	char *d, *first;
	size_t k;

	if (!f->scratch)
		f->scratch = f->len <= SMALL_SCRATCH ? f->small : xmalloc(f->len);
	first = d = f->scratch + f->used;
	memcpy(d, start, (size_t)(p - start));
	d += p - start;
	for (;;) {
		const unsigned char *q = json_scan_plain_run(p, end);
		memcpy(d, p, (size_t)(q - p));
		d += q - p;
		if ((p = q) >= end)
			return -1;
		if (*p == '"')
			break;
		if (*p == '\\') {
			if (!(k = unescape(p, end, &d, key)))
				return -1;
		} else if (*p < 0x20 || !(k = json_scan_utf8_len(p, end))) {
			return -1;
		} else {
			memcpy(d, p, k);
			d += k;
		}
		p += k;
	}
	f->p = p + 1;
	*out = first;
	*n = (size_t)(d - first);
	f->used += *n;
	return 0;
}

/* The string at f->p ('"'): *out, *n point into the input when it has no escape, else into the
 * scratch buffer (valid until the call ends). key: a member name (no NUL). */
static int string_at(struct jf *f, int key, const char **out, size_t *n)
{
	const unsigned char *start = f->p + 1, *p = start, *end = f->end;
	size_t k;

	for (;;) {
		p = json_scan_plain_run(p, end);
		if (p >= end)
			return -1;
		if (*p == '"')
			break;
		if (*p == '\\')
			return string_escaped(f, start, p, key, out, n);
		if (*p < 0x20 || !(k = json_scan_utf8_len(p, end)))
			return -1;
		p += k;
	}
	f->p = p + 1;
	*out = (const char *)start;
	*n = (size_t)(p - start);
	return 0;
}

/* A real without exponent: m / 10^k is correctly rounded, as strtod is, while m < 2^53 and
 * k <= 22 (both exact doubles, one rounding); else strtod, as jansson, in a '.' locale. */
static json_t *real_at(struct jf *f, const unsigned char *tok, size_t n)
{
	static const double pow10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
					1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	const unsigned char *p = tok, *q = tok + n;
	uint64_t m = 0;
	int digits = 0, k = 0, neg = *p == '-', frac = 0;
	char copy[64];
	double d;

	for (p += neg; p < q; p++) {
		if (*p == '.') {
			frac = 1;
			continue;
		}
		if (m || *p != '0')
			digits++;
		if (digits > 15)
			break;
		m = m * 10 + (uint64_t)(*p - '0');
		k += frac;
	}
	if (p == q && k <= 22) {
		d = (double)m / pow10[k];
		return json_real(neg ? -d : d);
	}
	if (n >= sizeof(copy) || localeconv()->decimal_point[0] != '.' || localeconv()->decimal_point[1])
		return decline(f, JSON_FAST_UNHANDLED);
	memcpy(copy, tok, n);
	copy[n] = '\0';
	return json_real(strtod(copy, NULL)); /* no exponent, under 64 bytes: no overflow */
}

/* The number at f->p scanned and passed over: its kind (JSON_SCAN_FRACTION or 0), or -1 having
 * declined (invalid; an exponent or an integer of more than MAX_DIGITS digits is left to jansson). */
static int number_scan(struct jf *f, const unsigned char **tok)
{
	const unsigned char *q;
	int kind;

	*tok = f->p;
	if (!(q = json_scan_number(*tok, f->end, &kind))) {
		decline(f, JSON_FAST_INVALID);
		return -1;
	}
	f->p = q;
	if ((kind & JSON_SCAN_EXPONENT) ||
	    (!(kind & JSON_SCAN_FRACTION) && q - *tok - (**tok == '-') > MAX_DIGITS)) {
		decline(f, JSON_FAST_UNHANDLED);
		return -1;
	}
	return kind & JSON_SCAN_FRACTION;
}

static json_t *number_at(struct jf *f)
{
	const unsigned char *tok, *p;
	int kind = number_scan(f, &tok);
	json_int_t v = 0;

	if (kind < 0)
		return NULL;
	if (kind)
		return real_at(f, tok, (size_t)(f->p - tok));
	for (p = tok + (*tok == '-'); p < f->p; p++)
		v = v * 10 + (*p - '0');
	return json_integer(*tok == '-' ? -v : v);
}

static json_t *value_at(struct jf *f, int depth);

/* Past the '{' or '[' at f->p: whether the container closes at once. */
static int empty_container(struct jf *f, unsigned char close)
{
	f->p++;
	skip_ws(f);
	if (f->p < f->end && *f->p == close) {
		f->p++;
		return 1;
	}
	return 0;
}

/* After a member or element: 1 at ',' (another follows), 0 at close (the container ends), -1
 * at anything else. */
static int next_in_container(struct jf *f, unsigned char close)
{
	skip_ws(f);
	if (f->p < f->end && (*f->p == ',' || *f->p == close)) {
		int more = *f->p == ',';
		f->p++;
		skip_ws(f);
		return more;
	}
	return -1;
}

static inline size_t key_slot(const char *key, size_t n)
{
	size_t h = n ? n * 31 + (unsigned char)key[0] * 7 + (unsigned char)key[n - 1] : 0;
	return h & (JSON_FAST_KEY_SLOTS - 1);
}

/* json_fast_keys_how, inline in object_at's loop */
static inline enum json_fast_keep keys_how(const struct json_fast_keys *set, const char *key, size_t n)
{
	for (size_t i = key_slot(key, n); set->name[i]; i = (i + 1) & (JSON_FAST_KEY_SLOTS - 1))
		if (set->len[i] == n && !memcmp(set->name[i], key, n))
			return set->how[i];
	return JSON_FAST_DROP;
}

/* The member name at f->p and the ':' after it, f->p left at its value: 0, or -1 (invalid). */
static int member_key(struct jf *f, const char **key, size_t *n)
{
	if (f->p >= f->end || *f->p != '"' || string_at(f, 1, key, n))
		return -1;
	skip_ws(f);
	if (f->p >= f->end || *f->p != ':')
		return -1;
	f->p++;
	skip_ws(f);
	return 0;
}

static int skip_value(struct jf *f, int depth);

static json_t *object_at(struct jf *f, int depth)
{
	json_t *obj = json_object(), *v;
	const char *key;
	size_t n;
	int more = 1;
	enum json_fast_keep how;

	if (!obj)
		return decline(f, JSON_FAST_NOMEM);
	if (empty_container(f, '}'))
		return obj;
	while (more > 0) {
		if (member_key(f, &key, &n))
			goto invalid;
		how = f->keep ? keys_how(f->keep, key, n) : JSON_FAST_KEEP;
		if (how == JSON_FAST_DROP) {
			if (skip_value(f, depth + 1))
				goto out;
		} else {
			const struct json_fast_keys *keep = f->keep;
			if (how == JSON_FAST_WHOLE)
				f->keep = NULL;
			v = value_at(f, depth + 1);
			f->keep = keep;
			if (!v)
				goto out;
			if (json_object_setn_new_nocheck(obj, key, n, v)) { /* it gave v back */
				decline(f, JSON_FAST_NOMEM);
				goto out;
			}
		}
		more = next_in_container(f, '}');
	}
	if (!more)
		return obj;
invalid:
	decline(f, JSON_FAST_INVALID);
out:
	json_decref(obj);
	return NULL;
}

static json_t *array_at(struct jf *f, int depth)
{
	json_t *arr = json_array(), *v;
	int more = 1;

	if (!arr)
		return decline(f, JSON_FAST_NOMEM);
	if (empty_container(f, ']'))
		return arr;
	while (more > 0) {
		if (!(v = value_at(f, depth + 1)))
			goto out;
		if (json_array_append_new(arr, v)) {
			decline(f, JSON_FAST_NOMEM);
			goto out;
		}
		more = next_in_container(f, ']');
	}
	if (!more)
		return arr;
	decline(f, JSON_FAST_INVALID);
out:
	json_decref(arr);
	return NULL;
}

/* The literal word at f->p passed over: 0, or -1 having declined. */
static int literal_scan(struct jf *f, const char *word, size_t n)
{
	if ((size_t)(f->end - f->p) < n || memcmp(f->p, word, n)) {
		decline(f, JSON_FAST_INVALID);
		return -1;
	}
	f->p += n;
	return 0;
}

static json_t *literal_at(struct jf *f, const char *word, size_t n, json_t *(*make)(void))
{
	return literal_scan(f, word, n) ? NULL : make();
}

/* The container at f->p ('{' or '['), checked as object_at or array_at would and passed over. */
static int skip_container(struct jf *f, int depth)
{
	unsigned char close = *f->p == '{' ? '}' : ']';
	const char *key;
	size_t n;
	int more = 1;

	if (empty_container(f, close))
		return 0;
	while (more > 0) {
		if (close == '}' && member_key(f, &key, &n))
			break;
		if (skip_value(f, depth + 1))
			return -1;
		more = next_in_container(f, close);
	}
	if (!more)
		return 0;
	decline(f, JSON_FAST_INVALID);
	return -1;
}

/* The value of a member that f->keep leaves out: checked as value_at would, but nothing built.
 * 0, or -1 having declined. A real of 64 or more bytes declines (real_at might need strtod, and
 * its overflow is an error to jansson). */
static int skip_value(struct jf *f, int depth)
{
	const unsigned char *tok;
	const char *s;
	size_t n, mark = f->used;

	if (depth > MAX_DEPTH || f->p >= f->end) {
		decline(f, JSON_FAST_INVALID);
		return -1;
	}
	switch (*f->p) {
	case '{':
	case '[':
		return skip_container(f, depth);
	case '"':
		if (string_at(f, 0, &s, &n)) {
			decline(f, JSON_FAST_INVALID);
			return -1;
		}
		f->used = mark;
		return 0;
	case 't':
		return literal_scan(f, "true", 4);
	case 'f':
		return literal_scan(f, "false", 5);
	case 'n':
		return literal_scan(f, "null", 4);
	default:
		switch (number_scan(f, &tok)) {
		case -1:
			return -1;
		case 0:
			return 0;
		default:
			if (f->p - tok < 64)
				return 0;
			decline(f, JSON_FAST_UNHANDLED);
			return -1;
		}
	}
}

static json_t *value_at(struct jf *f, int depth)
{
	const char *s;
	size_t n, mark;
	json_t *v;

	if (depth > MAX_DEPTH || f->p >= f->end)
		return decline(f, JSON_FAST_INVALID);
	switch (*f->p) {
	case '{':
		return object_at(f, depth);
	case '[':
		return array_at(f, depth);
	case '"':
		mark = f->used;
		if (string_at(f, 0, &s, &n))
			return decline(f, JSON_FAST_INVALID);
		v = json_stringn_nocheck(s, n);
		f->used = mark; /* copied: its scratch text is free again (a key's is kept) */
		break;
	case 't':
		v = literal_at(f, "true", 4, json_true);
		break;
	case 'f':
		v = literal_at(f, "false", 5, json_false);
		break;
	case 'n':
		v = literal_at(f, "null", 4, json_null);
		break;
	default:
		v = number_at(f);
		break;
	}
	return v || f->why ? v : decline(f, JSON_FAST_NOMEM);
}

json_t *json_fast_loadb_keys(const char *buf, size_t len, const struct json_fast_keys *keep,
			     enum json_fast_decline *why)
{
	struct jf f;
	json_t *v = NULL;

	f.p = (const unsigned char *)buf;
	f.end = f.p + len;
	f.why = JSON_FAST_OK;
	f.scratch = NULL;
	f.used = 0;
	f.len = len;
	f.keep = keep;
	skip_ws(&f);
	if (f.p < f.end && (*f.p == '{' || *f.p == '['))
		v = value_at(&f, 1);
	else
		decline(&f, JSON_FAST_INVALID);
	if (v) {
		skip_ws(&f);
		if (f.p != f.end) {
			json_decref(v);
			v = decline(&f, JSON_FAST_INVALID);
		}
	}
	if (f.scratch && f.scratch != f.small)
		free(f.scratch);
	if (why)
		*why = f.why;
	return v;
}

json_t *json_fast_loadb(const char *buf, size_t len, enum json_fast_decline *why)
{
	return json_fast_loadb_keys(buf, len, NULL, why);
}

enum json_fast_keep json_fast_keys_how(const struct json_fast_keys *set, const char *key, size_t n)
{
	return keys_how(set, key, n);
}

int json_fast_keys_add(struct json_fast_keys *set, const char *const *names, enum json_fast_keep how)
{
	for (; *names; names++) {
		size_t n = strlen(*names), i = key_slot(*names, n);
		if (json_fast_keys_how(set, *names, n) != JSON_FAST_DROP)
			continue;
		if (set->n >= JSON_FAST_KEY_SLOTS / 2)
			return -1;
		while (set->name[i])
			i = (i + 1) & (JSON_FAST_KEY_SLOTS - 1);
		set->name[i] = *names;
		set->len[i] = n;
		set->how[i] = how;
		set->n++;
	}
	return 0;
}

int json_fast_has_nul_escape(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	while ((p = memchr(p, '\\', (size_t)(end - p)))) {
		if (end - p >= 6 && !memcmp(p + 1, "u0000", 5))
			return 1;
		p++;
	}
	return 0;
}
