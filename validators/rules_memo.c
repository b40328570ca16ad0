/* rules_memo.c: the value checks' memo of one build (see rules_memo.h): a direct-mapped table
 * of MEMO_SLOTS slots, each the last (template, attribute, mode, value) that hashed to it with the
 * findings its checks made and the value they left. A new key replaces the slot's old one, so
 * the memo has a fixed size whatever the catalog; long values are not kept.
 * Owns: struct rules_memo (laid out in rules_memo_impl.h), its slots' value copies and finding
 * messages, the template paths. */
#include "rules_memo_impl.h"
#include "alloc.h"
#include "urlenc.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
/* XXH3 inlined: a hash per value checked (issue 12); the same function as the library's */
#define XXH_INLINE_ALL
#include <xxhash.h>

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

void rules_memo_replay(struct memo_slot *s, struct row *r, int attr)
{
	for (size_t i = 0; i < s->nfindings; i++)
		row_finding(r, s->findings[i].severity, s->findings[i].rule, attr, "%s", s->findings[i].message);
	if (s->changed)
		keep_bytes(&r->values[attr], s->result.buf, s->result.len);
}

int rules_memo_lookup_hashed(struct validation *v, struct row *r, int attr, unsigned key, struct memo_slot **slot)
{
	struct rules_memo *m = v->memo;
	const struct strbuf *val = &r->values[attr];
	int *last = &m->classes[v->memo_class].last[attr];
	uint64_t h = XXH3_64bits_withSeed(val->buf, val->len, key);
	struct memo_slot *s;

	*last = (int)((h ^ h >> 32) & (MEMO_SLOTS - 1));
	s = &m->slot[*last];
	if (s->hash == h && slot_holds(s, key, val)) {
		m->hits++;
		m->classes[v->memo_class].rate[attr].found++;
		rules_memo_replay(s, r, attr);
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
