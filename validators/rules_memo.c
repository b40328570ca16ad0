/* rules_memo.c: the value checks' memo of one build (see rules_memo.h): a direct-mapped table
 * of MEMO_SLOTS slots, each the last (template, attribute, mode, value) that hashed to it with the
 * findings its checks made and the value they left. A new key replaces the slot's old one, so
 * the memo has a fixed size whatever the catalog; long values are not kept.
 * Owns: struct rules_memo, its slots' value copies and finding messages, the template paths. */
#include "rules_memo.h"
#include "alloc.h"
#include "urlenc.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
/* XXH3 inlined: a hash per value checked (issue 12); the same function as the library's */
#define XXH_INLINE_ALL
#include <xxhash.h>

/* A power of two; about a dozen items of three channels' thirty attributes each. */
#define MEMO_SLOTS 1024
/* Longer values are checked every time (Google's description limit is 5,000 characters). */
#define MEMO_MAX_VALUE 8192

struct memo_finding {
	enum severity severity;    /* as row_finding left it (a template's warn_rules applied) */
	const char *rule;          /* static */
	char *message;
};

struct memo_slot {
	int valid;                 /* the checks of this key are recorded */
	unsigned key;              /* template class, attribute, mode and identifier switch */
	uint64_t hash;             /* XXH3 of the value, seeded with key */
	struct strbuf value;       /* the value checked */
	int changed;               /* the checks repaired it into result */
	struct strbuf result;
	struct memo_finding *findings;
	size_t nfindings, alloc;
};

/* url_problem's answer for a link, whichever channel asks (its checks know no channel). */
#define URL_SLOTS 256
struct url_slot {
	uint64_t hash;
	struct strbuf url;
	const char *problem;       /* url_problem's static text, or NULL */
};

/* The values of some attributes are all different (a variant's title, link, GTIN): looking
 * them up costs a hash, a slot and a copy each time, for nothing. An attribute whose last
 * MEMO_RATE_WINDOW values were found fewer than MEMO_RATE_MIN times is checked without the
 * memo for its next MEMO_RATE_PAUSE values, then measured again. Which values skip the memo
 * changes no output: the memo replays exactly what the checks would find. */
#define MEMO_RATE_WINDOW 256
#define MEMO_RATE_MIN 8
#define MEMO_RATE_PAUSE 4096
struct memo_rate {
	unsigned tries, found, pause;
};

struct rules_memo {
	struct memo_slot slot[MEMO_SLOTS];
	struct url_slot url[URL_SLOTS];
	/* a class per template file; per attribute, the slot of its last value: the next feed of the
	 * channel checks the same item's value, found with a compare and no hash */
	struct memo_class {
		char *path;
		int *last;             /* tpl->nattrs slot indexes, -1: none */
		struct memo_rate *rate; /* tpl->nattrs: how often the memo answers */
	} *classes;
	size_t nclasses;
	unsigned long hits, misses;
};

struct rules_memo *rules_memo_new(void)
{
	struct rules_memo *m = xcalloc(1, sizeof(*m));

	for (size_t i = 0; i < MEMO_SLOTS; i++) {
		strbuf_init(&m->slot[i].value);
		strbuf_init(&m->slot[i].result);
	}
	for (size_t i = 0; i < URL_SLOTS; i++)
		strbuf_init(&m->url[i].url);
	return m;
}

static void slot_clear(struct memo_slot *s)
{
	for (size_t i = 0; i < s->nfindings; i++)
		free(s->findings[i].message);
	s->nfindings = 0;
	s->valid = 0;
	s->changed = 0;
}

void rules_memo_free(struct rules_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < MEMO_SLOTS; i++) {
		slot_clear(&m->slot[i]);
		free(m->slot[i].findings);
		strbuf_release(&m->slot[i].value);
		strbuf_release(&m->slot[i].result);
	}
	for (size_t i = 0; i < URL_SLOTS; i++)
		strbuf_release(&m->url[i].url);
	for (size_t i = 0; i < m->nclasses; i++) {
		free(m->classes[i].path);
		free(m->classes[i].last);
		free(m->classes[i].rate);
	}
	free(m->classes);
	free(m);
}

/* Feeds of one channel load its template file each: they share a class. */
static int memo_class(struct rules_memo *m, const struct template *t)
{
	struct memo_class *c;

	for (size_t i = 0; t->path && i < m->nclasses; i++)
		if (m->classes[i].path && !strcmp(m->classes[i].path, t->path))
			return (int)i;
	m->classes = xrealloc(m->classes, (m->nclasses + 1) * sizeof(*m->classes));
	c = &m->classes[m->nclasses];
	c->path = t->path ? xstrdup(t->path) : NULL; /* no path: a class of its own */
	c->last = xcalloc(t->nattrs ? t->nattrs : 1, sizeof(*c->last));
	c->rate = xcalloc(t->nattrs ? t->nattrs : 1, sizeof(*c->rate));
	for (size_t i = 0; i < t->nattrs; i++)
		c->last[i] = -1;
	return (int)m->nclasses++;
}

void validation_share_memo(struct validation *v, struct validation *first)
{
	if (first && first->memo) {
		v->memo = first->memo;
	} else {
		v->memo = rules_memo_new();
		v->memo_owner = 1;
	}
	v->memo_class = memo_class(v->memo, v->tpl);
	v->memo_key = (unsigned)v->memo_class << 16 | (v->repair ? 2u : 0u);
}

/* Copy into a slot's buffer, giving back the room a long value once took. */
static void keep_bytes(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->alloc > 1024 && n < sb->alloc / 4)
		strbuf_release(sb);
	strbuf_reset(sb);
	strbuf_add(sb, s, n);
}

/* Whether a and b hold the same n bytes: from 4 to 16 bytes (most of a row's values: prices,
 * enum values, GTINs) in two overlapping loads of each, without a call to memcmp (issue 12:
 * the memo's memcmp calls 1.21 M to 0.65 M, 31 M instructions to 19 M, in the twelve-feed set
 * of 2,000 products). */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t a0, a1, b0, b1;
	uint32_t c0, c1, d0, d1;

	if (n >= 8 && n <= 16) {
		memcpy(&a0, a, 8), memcpy(&a1, a + n - 8, 8), memcpy(&b0, b, 8), memcpy(&b1, b + n - 8, 8);
		return !((a0 ^ b0) | (a1 ^ b1));
	}
	if (n >= 4 && n < 8) {
		memcpy(&c0, a, 4), memcpy(&c1, a + n - 4, 4), memcpy(&d0, b, 4), memcpy(&d1, b + n - 4, 4);
		return !((c0 ^ d0) | (c1 ^ d1));
	}
	return !memcmp(a, b, n);
}

static int slot_holds(const struct memo_slot *s, unsigned key, const struct strbuf *val)
{
	return s->valid && s->key == key && s->value.len == val->len &&
	       same_bytes(s->value.buf, val->buf, val->len);
}

/* The findings and value the checks left, on this row. */
static void replay(struct memo_slot *s, struct row *r, int attr)
{
	for (size_t i = 0; i < s->nfindings; i++)
		row_finding(r, s->findings[i].severity, s->findings[i].rule, attr, "%s", s->findings[i].message);
	if (s->changed)
		keep_bytes(&r->values[attr], s->result.buf, s->result.len);
}

/* The slot of the value's hash, after the last value of the attribute was another. */
static __attribute__((noinline)) int lookup_hashed(struct rules_memo *m, struct validation *v, struct row *r,
						   int attr, unsigned key, struct memo_slot **slot)
{
	const struct strbuf *val = &r->values[attr];
	int *last = &m->classes[v->memo_class].last[attr];
	uint64_t h = XXH3_64bits_withSeed(val->buf, val->len, key);
	struct memo_slot *s;

	*last = (int)((h ^ h >> 32) & (MEMO_SLOTS - 1));
	s = &m->slot[*last];
	if (s->hash == h && slot_holds(s, key, val)) {
		m->hits++;
		m->classes[v->memo_class].rate[attr].found++;
		replay(s, r, attr);
		return 1;
	}
	m->misses++;
	slot_clear(s);
	s->key = key;
	s->hash = h;
	keep_bytes(&s->value, val->buf, val->len);
	v->memo_skip = 0;
	*slot = s;
	return 0;
}

/* Whether to look this attribute's value up now (memo_rate above). */
static int rate_wants(struct memo_rate *rt)
{
	if (rt->pause) {
		rt->pause--;
		return 0;
	}
	if (++rt->tries == MEMO_RATE_WINDOW) {
		if (rt->found < MEMO_RATE_MIN)
			rt->pause = MEMO_RATE_PAUSE;
		rt->tries = rt->found = 0;
	}
	return 1;
}

int rules_memo_lookup(struct validation *v, struct row *r, int attr, struct memo_slot **slot)
{
	struct rules_memo *m = v->memo;
	const struct strbuf *val = &r->values[attr];
	struct memo_class *c;
	unsigned key;
	int last;

	*slot = NULL;
	if (!m || !val->len || val->len > MEMO_MAX_VALUE || attr == v->tpl->id_attr)
		return 0;
	c = &m->classes[v->memo_class];
	if (!rate_wants(&c->rate[attr]))
		return 0;
	/* the class and mode found once per feed (issue 12: 20 M instructions in the twelve-feed
	 * set of 2,000 products when found here for each of its 1.5 million values) */
	key = v->memo_key | (unsigned)attr << 2 | (v->row_without_identifiers ? 1u : 0u);
	/* the hot path (issue 12): the next feed of the channel checks the value the last one did,
	 * mostly with nothing to replay; the other paths are tail calls, so that this one saves
	 * no registers */
	last = c->last[attr];
	if (last >= 0 && slot_holds(&m->slot[last], key, val)) {
		struct memo_slot *s = &m->slot[last];
		m->hits++;
		c->rate[attr].found++;
		if (s->nfindings || s->changed)
			replay(s, r, attr);
		return 1;
	}
	return lookup_hashed(m, v, r, attr, key, slot);
}

void rules_memo_record(struct validation *v, struct row *r, int attr, struct memo_slot *s, size_t first)
{
	const struct strbuf *val = &r->values[attr];

	/* a check with an effect beyond the row, or findings past the row's cap: not kept */
	if (!s || v->memo_skip || r->findings.ndropped || r->findings.n < first)
		return;
	for (size_t i = first; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];
		ALLOC_GROW(s->findings, s->nfindings + 1, s->alloc);
		s->findings[s->nfindings++] = (struct memo_finding){ f->severity, f->rule, xstrdup(f->message) };
	}
	s->changed = val->len != s->value.len || memcmp(val->buf, s->value.buf, val->len);
	if (s->changed)
		keep_bytes(&s->result, val->buf, val->len);
	s->valid = 1;
}

const char *rules_memo_url_problem(struct rules_memo *m, const char *url, size_t max_len)
{
	size_t n = strlen(url);
	uint64_t h;
	struct url_slot *s;

	if (!m || !n || n > max_len || max_len != URL_MAX_LENGTH)
		return url_problem(url, max_len);
	h = XXH3_64bits(url, n);
	s = &m->url[(h ^ h >> 32) & (URL_SLOTS - 1)];
	if (s->url.len == n && s->hash == h && !memcmp(s->url.buf, url, n))
		return s->problem;
	s->problem = url_problem(url, max_len);
	s->hash = h;
	keep_bytes(&s->url, url, n);
	return s->problem;
}

void rules_memo_stats(const struct rules_memo *m, unsigned long *hits, unsigned long *misses)
{
	*hits = m ? m->hits : 0;
	*misses = m ? m->misses : 0;
}
