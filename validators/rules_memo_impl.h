/* rules_memo_impl.h: the value checks' memo table (see rules_memo.h), shared by rules_memo.c and
 * the lookup of each value, inline in the value checks' loop (rules_text.c): issue 12, a call
 * per value that is there, 1.5 million in the twelve-feed set of 2,000 products, cost the main
 * thread 53 M instructions of its 1.75 G). Internal to them. Owns: nothing. */
#ifndef FEEDGEN_RULES_MEMO_IMPL_H
#define FEEDGEN_RULES_MEMO_IMPL_H
#include "rules_memo.h"
#include <stdint.h>
#include <string.h>

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

static inline int slot_holds(const struct memo_slot *s, unsigned key, const struct strbuf *val)
{
	return s->valid && s->key == key && s->value.len == val->len &&
	       same_bytes(s->value.buf, val->buf, val->len);
}

/* The findings and value the checks left, on this row. */
void rules_memo_replay(struct memo_slot *s, struct row *r, int attr);
/* The slot of the value's hash, after the last value of the attribute was another. */
int rules_memo_lookup_hashed(struct validation *v, struct row *r, int attr, unsigned key, struct memo_slot **slot);

/* Whether to look this attribute's value up now (memo_rate above). */
static inline int rate_wants(struct memo_rate *rt)
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

/* Look up the value of attribute attr of the row. 1: found; its findings were added to the row
 * and its value set as the checks left it. 0: not found; *slot is where rules_memo_record keeps
 * the checks about to run (NULL: they are not to be kept). */
static inline int rules_memo_lookup(struct validation *v, struct row *r, int attr, struct memo_slot **slot)
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
	 * mostly with nothing to replay */
	last = c->last[attr];
	if (last >= 0 && slot_holds(&m->slot[last], key, val)) {
		struct memo_slot *s = &m->slot[last];
		m->hits++;
		c->rate[attr].found++;
		if (s->nfindings || s->changed)
			rules_memo_replay(s, r, attr);
		return 1;
	}
	return rules_memo_lookup_hashed(v, r, attr, key, slot);
}
#endif
