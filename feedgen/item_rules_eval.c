/* item_rules_eval.c: the rules evaluator (see item_rules.h and docs/rules.md): conditions on an item's
 * fields, the actions (copy, set, replace, prepend, append, exclude), templates with {field},
 * {price_band} and {margin_band}, and the per-rule counters of the summary.
 * Owns: nothing but the rule set's scratch buffers while a rule runs. */
#include "item_rules_impl.h"
#include "alloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int item_rules_number(const char *s, double *out)
{
	char buf[64];
	size_t n = 0;
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-' || *s == '+')
		buf[n++] = *s++;
	/* digits and one point only: "0x1A", "inf" and "1e9" are not numbers here */
	for (int point = 0; n < sizeof(buf) - 1 && ((*s >= '0' && *s <= '9') || (*s == '.' && !point)); s++) {
		point |= *s == '.';
		buf[n++] = *s;
	}
	buf[n] = '\0';
	if (!strpbrk(buf, "0123456789"))
		return -1;
	*out = strtod(buf, &end);
	return isfinite(*out) ? 0 : -1;
}

int item_rules_cond_true(const struct rule_set *rs, const struct cond *c, const struct item *it)
{
	const char *v = item_get(it, c->field);
	size_t len = it->field[c->field].len;
	double x;

	switch (c->op) {
	case C_EQUALS:
		return !strcmp(v, c->text);
	case C_CONTAINS:
		return strstr(v, c->text) != NULL;
	case C_MATCHES:
		return pcre2_match(c->re, (PCRE2_SPTR)v, len, 0, 0, c->md, NULL) >= 0;
	case C_LT:
		return !item_rules_number(v, &x) && x < c->num;
	case C_GT:
		return !item_rules_number(v, &x) && x > c->num;
	case C_IN:
		for (size_t i = 0; i < c->nlist; i++)
			if (!strcmp(v, c->list[i]))
				return 1;
		return 0;
	case C_EMPTY:
		return (len == 0) == c->want_empty;
	case C_ALL:
		for (size_t i = 0; i < c->nkids; i++)
			if (!item_rules_cond_true(rs, &c->kids[i], it))
				return 0;
		return 1;
	case C_ANY:
		for (size_t i = 0; i < c->nkids; i++)
			if (item_rules_cond_true(rs, &c->kids[i], it))
				return 1;
		return 0;
	default: /* C_NOT */
		return !item_rules_cond_true(rs, c->kids, it);
	}
}

/* The label of the band x falls in: edges [20, 50] give 0-20, 20-50, 50+ (an edge starts its
 * band); below 0 (a loss) is "<0". */
static const char *band_of(const struct bands *b, double x)
{
	size_t i = 0;

	if (x < 0)
		return "<0";
	while (i < b->nedges && x >= b->edges[i])
		i++;
	return b->labels[i];
}

static const char *price_band(const struct rule_set *rs, const struct item *it)
{
	double price;

	return item_rules_number(item_get(it, ITEM_PRICE), &price) ? "" : band_of(&rs->price, price);
}

/* (selling price - cost) / selling price, the selling price being the sale price when there is one */
static const char *margin_band(const struct rule_set *rs, const struct item *it)
{
	double sell, cost;

	if (item_rules_number(item_get(it, ITEM_COST), &cost))
		return "";
	if (item_rules_number(item_get(it, ITEM_SALE_PRICE), &sell) || sell <= 0)
		if (item_rules_number(item_get(it, ITEM_PRICE), &sell) || sell <= 0)
			return "";
	return band_of(&rs->margin, (sell - cost) / sell);
}

static void expand(const struct rule_set *rs, const struct tpl *t, const struct item *it, struct strbuf *out)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct tpl_part *p = &t->parts[i];
		switch (p->kind) {
		case T_TEXT: strbuf_addstr(out, p->text); break;
		case T_FIELD: strbuf_add(out, it->field[p->field].buf, it->field[p->field].len); break;
		case T_PRICE_BAND: strbuf_addstr(out, price_band(rs, it)); break;
		default: strbuf_addstr(out, margin_band(rs, it)); break;
		}
	}
}

/* pcre2_substitute, global, into out; 0 when the subject cannot be substituted (bad UTF-8) */
static int substitute(const struct action *a, const struct strbuf *subject, struct strbuf *out)
{
	PCRE2_SIZE n = subject->len + 64;
	int rc;

	for (int tries = 0; tries < 2; tries++) {
		strbuf_reset(out);
		strbuf_grow(out, n + 1);
		n = out->alloc - 1;
		rc = pcre2_substitute(a->re, (PCRE2_SPTR)subject->buf, subject->len, 0,
				      PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, a->md, NULL,
				      (PCRE2_SPTR)a->with, PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)out->buf, &n);
		if (rc >= 0) {
			strbuf_setlen(out, n);
			return 1;
		}
		if (rc != PCRE2_ERROR_NOMEMORY)
			return 0;
	}
	return 0;
}

/* One action; returns 1 when it changed the field. */
static int act(struct rule_set *rs, const struct action *a, struct item *it)
{
	struct strbuf *v = &rs->value, *cur = &it->field[a->field];

	strbuf_reset(v);
	switch (a->kind) {
	case A_COPY:
		strbuf_add(v, it->field[a->src].buf, it->field[a->src].len);
		break;
	case A_SET:
		expand(rs, &a->tpl, it, v);
		break;
	case A_PREPEND:
		expand(rs, &a->tpl, it, v);
		strbuf_add(v, cur->buf, cur->len);
		break;
	case A_APPEND:
		strbuf_add(v, cur->buf, cur->len);
		expand(rs, &a->tpl, it, v);
		break;
	default: /* A_REPLACE */
		if (!substitute(a, cur, v))
			return 0;
		break;
	}
	if (v->len == cur->len && !memcmp(v->buf, cur->buf, v->len))
		return 0;
	item_setn(it, a->field, v->buf, v->len);
	return 1;
}

int item_rules_apply(struct rule_set *rs, struct item *it, struct strbuf *trace)
{
	if (!rs)
		return 0;
	for (size_t i = 0; i < rs->n; i++) {
		struct rule *r = &rs->rules[i];
		int changed = r->exclude;
		if (r->when && !item_rules_cond_true(rs, r->when, it))
			continue;
		r->matched++;
		for (size_t k = 0; k < r->nacts; k++)
			changed |= act(rs, &r->acts[k], it);
		if (changed) {
			r->touched++;
			if (trace)
				strbuf_addf(trace, "%s%s", trace->len ? ", " : "", r->label);
		}
		if (r->exclude) {
			rs->excluded++;
			return 1;
		}
	}
	return 0;
}

size_t item_rules_count(const struct rule_set *rs)
{
	return rs ? rs->n : 0;
}

unsigned long item_rules_excluded(const struct rule_set *rs)
{
	return rs ? rs->excluded : 0;
}

json_t *item_rules_summary_json(const struct rule_set *rs)
{
	json_t *a = json_array();

	for (size_t i = 0; rs && i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		json_t *o = json_pack("{s:s}", "rule", r->label);
		if (r->name)
			json_object_set_new(o, "name", json_string(r->name));
		json_object_set_new(o, "matched", json_integer((json_int_t)r->matched));
		json_object_set_new(o, "touched", json_integer((json_int_t)r->touched));
		json_array_append_new(a, o);
	}
	return a;
}

void item_rules_summary_text(const struct rule_set *rs, struct strbuf *out)
{
	for (size_t i = 0; rs && i < rs->n; i++) {
		strbuf_addf(out, "%s%s ", out->len ? ", " : "", rs->rules[i].label);
		strbuf_add_count(out, rs->rules[i].touched);
	}
}
