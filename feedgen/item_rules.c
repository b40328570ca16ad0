/* item_rules.c: the rules compiler (see item_rules.h and docs/rules.md): the configuration's `rules` JSON
 * checked key by key, with the JSON path in every message, and turned into struct rule_set
 * (item_rules_impl.h): conditions, PCRE2 regexes (UTF, JIT), templates and bands. The evaluator is
 * item_rules_eval.c.
 * Owns: every struct rule_set it returns and all that hangs from it (item_rules_free). */
#include "item_rules_impl.h"
#include "alloc.h"
#include "msg.h"
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
/* PCRE2's JIT reads a subject in 16-byte blocks, past its end into a buffer's unused (and
 * uninitialised) bytes: harmless, but memcheck reports it; under valgrind the interpreter runs */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

struct compiler {
	const char *config_path;
	struct strbuf path;          /* the JSON path being checked */
	struct rule_set *rs;
};

static int bad(struct compiler *cc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct compiler *cc, const char *fmt, ...)
{
	struct strbuf m = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&m, fmt, ap);
	va_end(ap);
	msg_error("configuration %s: %s: %s", msg_quote(cc->config_path), cc->path.buf, m.buf);
	strbuf_release(&m);
	return EXIT_USAGE;
}

/* push ".key" (or "[i]" when key is NULL) onto the path; returns the length to restore */
static size_t push(struct compiler *cc, const char *key, size_t i)
{
	size_t saved = cc->path.len;

	if (key)
		strbuf_addf(&cc->path, ".%s", key);
	else
		strbuf_addf(&cc->path, "[%zu]", i);
	return saved;
}

static void field_list(struct strbuf *sb)
{
	for (int f = 0; f < ITEM_FIELD_COUNT; f++)
		strbuf_addf(sb, "%s%s", f ? ", " : "", item_field_name((enum item_field)f));
}

/* A field name; writing: the field a rule may change (price, sale_price and quantity have the
 * catalog's numbers behind them: a rule cannot set them). */
static int get_field(struct compiler *cc, const json_t *v, int writing, enum item_field *out)
{
	const char *s = json_string_value(v);
	int f = s ? item_field_from_name(s) : -1;

	if (!s)
		return bad(cc, "expected a field name such as \"title\"");
	if (f < 0) {
		struct strbuf list = STRBUF_INIT;
		int rc;
		field_list(&list);
		rc = bad(cc, "unknown field %s (fields: %s)", msg_quote(s), list.buf);
		strbuf_release(&list);
		return rc;
	}
	if (writing && (f == ITEM_PRICE || f == ITEM_SALE_PRICE || f == ITEM_QUANTITY))
		return bad(cc, "a rule cannot change %s: it comes from the catalog's numbers (vouchers and stock use them)", s);
	*out = (enum item_field)f;
	return 0;
}

static int compile_regex(struct compiler *cc, const json_t *v, pcre2_code **re, pcre2_match_data **md)
{
	const char *s = json_string_value(v);
	PCRE2_SIZE off;
	int err;

	if (!s)
		return bad(cc, "expected a regular expression (a string)");
	*re = pcre2_compile((PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, alloc_pcre2_compile());
	if (!*re) {
		PCRE2_UCHAR buf[160];
		pcre2_get_error_message(err, buf, sizeof(buf));
		return bad(cc, "the regular expression %s does not compile at offset %zu: %s", msg_quote(s), (size_t)off,
			   (const char *)buf);
	}
	if (!RUNNING_ON_VALGRIND)
		pcre2_jit_compile(*re, PCRE2_JIT_COMPLETE); /* else (or when it fails) the interpreter */
	*md = pcre2_match_data_create_from_pattern(*re, alloc_pcre2_general());
	return 0;
}

static const char *const cond_keys[] = { "equals", "contains", "matches", "lt", "gt", "in", "empty", "all", "any", "not", NULL };
static int compile_cond(struct compiler *cc, const json_t *j, struct cond *c);

static int compile_kids(struct compiler *cc, const json_t *v, struct cond *c)
{
	size_t i;
	json_t *e;
	int rc;

	if (c->op == C_NOT) {
		c->kids = xcalloc(1, sizeof(*c->kids));
		c->nkids = 1;
		return compile_cond(cc, v, c->kids);
	}
	if (!json_is_array(v) || !json_array_size(v))
		return bad(cc, "expected a non-empty list of conditions");
	c->kids = xcalloc(json_array_size(v), sizeof(*c->kids));
	json_array_foreach(v, i, e) {
		size_t saved = push(cc, NULL, i);
		c->nkids++;
		rc = compile_cond(cc, e, &c->kids[i]);
		strbuf_setlen(&cc->path, saved);
		if (rc)
			return rc;
	}
	return 0;
}

/* The operand of a field condition. */
static int compile_operand(struct compiler *cc, const json_t *v, struct cond *c)
{
	size_t i;
	json_t *e;

	switch (c->op) {
	case C_EQUALS:
	case C_CONTAINS:
		if (!json_is_string(v))
			return bad(cc, "expected a string");
		c->text = xstrdup(json_string_value(v));
		return 0;
	case C_MATCHES:
		return compile_regex(cc, v, &c->re, &c->md);
	case C_LT:
	case C_GT:
		if (!json_is_number(v))
			return bad(cc, "expected a number such as 20 or 9.99");
		c->num = json_number_value(v);
		return 0;
	case C_EMPTY:
		if (!json_is_boolean(v))
			return bad(cc, "expected true or false");
		c->want_empty = json_is_true(v);
		return 0;
	default: /* C_IN */
		if (!json_is_array(v) || !json_array_size(v))
			return bad(cc, "expected a non-empty list of strings");
		c->list = xcalloc(json_array_size(v), sizeof(*c->list));
		json_array_foreach(v, i, e) {
			if (!json_is_string(e)) {
				push(cc, NULL, i);
				return bad(cc, "expected a string");
			}
			c->list[c->nlist++] = xstrdup(json_string_value(e));
		}
		return 0;
	}
}

/* {"field": F, OP: V} or {"all": [...]}, {"any": [...]}, {"not": {...}}: exactly one operator. */
static int compile_cond(struct compiler *cc, const json_t *j, struct cond *c)
{
	const char *key, *op = NULL;
	json_t *v, *opv = NULL;
	size_t saved;
	int rc;

	if (!json_is_object(j))
		return bad(cc, "expected a condition such as {\"field\": \"title\", \"contains\": \"sample\"}");
	json_object_foreach((json_t *)j, key, v) {
		int k = 0;
		while (cond_keys[k] && strcmp(cond_keys[k], key))
			k++;
		if (!cond_keys[k] && strcmp(key, "field")) {
			saved = push(cc, key, 0);
			rc = bad(cc, "unknown key (known: field, equals, contains, matches, lt, gt, in, empty, all, any, not)");
			strbuf_setlen(&cc->path, saved);
			return rc;
		}
		if (!cond_keys[k])
			continue;
		if (op)
			return bad(cc, "one operator per condition, not both %s and %s (combine conditions with all or any)", op, key);
		op = key;
		opv = v;
		c->op = (enum cond_op)k;
	}
	if (!op)
		return bad(cc, "missing operator: give one of equals, contains, matches, lt, gt, in, empty (or all, any, not)");
	v = json_object_get(j, "field");
	if (c->op >= C_ALL && v) {
		saved = push(cc, "field", 0);
		rc = bad(cc, "%s combines conditions: its field goes in each of them", op);
		strbuf_setlen(&cc->path, saved);
		return rc;
	}
	if (c->op < C_ALL && !v)
		return bad(cc, "missing \"field\": the item field that %s tests", op);
	if (v) {
		saved = push(cc, "field", 0);
		rc = get_field(cc, v, 0, &c->field);
		strbuf_setlen(&cc->path, saved);
		if (rc)
			return rc;
	}
	saved = push(cc, op, 0);
	rc = c->op >= C_ALL ? compile_kids(cc, opv, c) : compile_operand(cc, opv, c);
	strbuf_setlen(&cc->path, saved);
	return rc;
}

/* A template: text with {field}, {price_band}, {margin_band}; {{ and }} are literal braces. */
static int compile_tpl(struct compiler *cc, const json_t *v, struct tpl *t)
{
	const char *s = json_string_value(v), *p;
	struct strbuf lit = STRBUF_INIT;
	int rc = 0;

	if (!s)
		return bad(cc, "expected a text (a string; {field} inserts a field)");
	t->parts = xcalloc(strlen(s) + 1, sizeof(*t->parts));
	for (p = s; *p && !rc;) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			strbuf_addch(&lit, *p);
			p += 2;
			continue;
		}
		if (*p == '}') {
			rc = bad(cc, "unmatched '}' at offset %zu (write }} for a literal brace)", (size_t)(p - s));
			break;
		}
		if (*p != '{') {
			strbuf_addch(&lit, *p++);
			continue;
		}
		const char *end = strchr(p, '}');
		struct tpl_part part = { T_TEXT, ITEM_ID, NULL };
		if (!end) {
			rc = bad(cc, "unclosed '{' at offset %zu (write {{ for a literal brace)", (size_t)(p - s));
			break;
		}
		char *name = xstrndup(p + 1, (size_t)(end - p - 1));
		int f = item_field_from_name(name);
		if (!strcmp(name, "price_band"))
			part.kind = T_PRICE_BAND;
		else if (!strcmp(name, "margin_band"))
			part.kind = T_MARGIN_BAND;
		else if (f >= 0)
			part = (struct tpl_part){ T_FIELD, (enum item_field)f, NULL };
		if (part.kind == T_TEXT) {
			struct strbuf list = STRBUF_INIT;
			field_list(&list);
			rc = bad(cc, "unknown name %s in {} (fields: %s; and price_band, margin_band)", msg_quote(name), list.buf);
			strbuf_release(&list);
		} else if (part.kind == T_PRICE_BAND && !cc->rs->price.nedges) {
			rc = bad(cc, "{price_band} needs the price bands' edges: \"bands\": {\"price\": [20, 50, 100]}");
		} else if (part.kind == T_MARGIN_BAND && !cc->rs->margin.nedges) {
			rc = bad(cc, "{margin_band} needs the margin bands' edges: \"bands\": {\"margin\": [0.2, 0.4]}");
		}
		free(name);
		if (rc)
			break;
		if (lit.len)
			t->parts[t->n++] = (struct tpl_part){ T_TEXT, ITEM_ID, strbuf_detach(&lit, NULL) };
		t->parts[t->n++] = part;
		p = end + 1;
	}
	if (!rc && lit.len)
		t->parts[t->n++] = (struct tpl_part){ T_TEXT, ITEM_ID, strbuf_detach(&lit, NULL) };
	strbuf_release(&lit);
	return rc;
}

/* pcre2_substitute's replacement: $$, $N, ${N}, $name, ${name}; every group must exist. */
static int check_with(struct compiler *cc, const char *with, const pcre2_code *re)
{
	uint32_t groups = 0;

	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
	for (const char *p = with; (p = strchr(p, '$'));) {
		const char *start, *end;
		p++;
		if (*p == '$') {
			p++;
			continue;
		}
		start = *p == '{' ? p + 1 : p;
		end = start;
		while ((*end >= '0' && *end <= '9') || (*end >= 'a' && *end <= 'z') || (*end >= 'A' && *end <= 'Z') || *end == '_')
			end++;
		if (end == start || (*p == '{' && *end != '}'))
			return bad(cc, "'$' at offset %zu must be followed by a group ($1, ${1}, ${name}); $$ is a literal $",
				   (size_t)(p - 1 - with));
		char *ref = xstrndup(start, (size_t)(end - start));
		int ok = ref[0] >= '0' && ref[0] <= '9' ? strspn(ref, "0123456789") == strlen(ref) && strtoul(ref, NULL, 10) <= groups
							: pcre2_substring_number_from_name(re, (PCRE2_SPTR)ref) >= 0;
		int rc = ok ? 0 : bad(cc, "the pattern has no group %s (it has %u)", msg_quote(ref), (unsigned)groups);
		free(ref);
		if (rc)
			return rc;
		p = *p == '{' ? end + 1 : end;
	}
	return 0;
}

static int compile_replace(struct compiler *cc, const json_t *v, struct action *a)
{
	const char *key;
	json_t *e;
	size_t saved;
	int rc;

	if (!json_is_object(v) || !json_object_get(v, "pattern"))
		return bad(cc, "expected {\"pattern\": REGEX, \"with\": TEXT}");
	json_object_foreach((json_t *)v, key, e)
		if (strcmp(key, "pattern") && strcmp(key, "with")) {
			saved = push(cc, key, 0);
			rc = bad(cc, "unknown key (known: pattern, with)");
			strbuf_setlen(&cc->path, saved);
			return rc;
		}
	saved = push(cc, "pattern", 0);
	rc = compile_regex(cc, json_object_get(v, "pattern"), &a->re, &a->md);
	strbuf_setlen(&cc->path, saved);
	if (rc)
		return rc;
	e = json_object_get(v, "with");
	saved = push(cc, "with", 0);
	if (e && !json_is_string(e))
		rc = bad(cc, "expected a text (a string; $1 or ${name} inserts a group)");
	else
		rc = check_with(cc, (a->with = xstrdup(e ? json_string_value(e) : "")), a->re);
	strbuf_setlen(&cc->path, saved);
	return rc;
}

static const char *const act_names[] = { "copy", "set", "replace", "prepend", "append" };

/* One action object {field: value, ...}: kind's actions appended to r. */
static int compile_action(struct compiler *cc, const json_t *v, enum act_kind kind, struct rule *r)
{
	const char *key;
	json_t *e;
	int rc = 0;

	if (!json_is_object(v) || !json_object_size(v))
		return bad(cc, kind == A_COPY ? "expected {\"destination_field\": \"source_field\", ...}"
			   : kind == A_REPLACE ? "expected {\"field\": {\"pattern\": REGEX, \"with\": TEXT}, ...}"
			   : "expected {\"field\": \"text or {template}\", ...}");
	r->acts = xrealloc(r->acts, (r->nacts + json_object_size(v)) * sizeof(*r->acts));
	json_object_foreach((json_t *)v, key, e) {
		struct action *a = &r->acts[r->nacts];
		json_t *name = json_string(key);
		size_t saved = push(cc, key, 0);
		memset(a, 0, sizeof(*a));
		a->kind = kind;
		r->nacts++;
		rc = get_field(cc, name, 1, &a->field);
		json_decref(name);
		if (!rc && kind == A_COPY)
			rc = get_field(cc, e, 0, &a->src);
		else if (!rc && kind == A_REPLACE)
			rc = compile_replace(cc, e, a);
		else if (!rc)
			rc = compile_tpl(cc, e, &a->tpl);
		strbuf_setlen(&cc->path, saved);
		if (rc)
			return rc;
	}
	return 0;
}

static int compile_rule(struct compiler *cc, const json_t *j, struct rule *r)
{
	const char *key;
	json_t *v;
	size_t saved;
	int rc = 0;

	r->label = xstrdup(cc->path.buf);
	if (!json_is_object(j))
		return bad(cc, "expected a rule such as {\"when\": {...}, \"set\": {\"custom_label_0\": \"sale\"}}");
	json_object_foreach((json_t *)j, key, v) {
		int known = !strcmp(key, "when") || !strcmp(key, "name") || !strcmp(key, "exclude");
		for (size_t k = 0; k < sizeof(act_names) / sizeof(*act_names); k++)
			known |= !strcmp(key, act_names[k]);
		saved = push(cc, key, 0);
		if (!known)
			rc = bad(cc, "unknown key (known: when, name, set, append, prepend, replace, copy, exclude)");
		else if (!strcmp(key, "name") && !json_is_string(v))
			rc = bad(cc, "expected a string");
		else if (!strcmp(key, "exclude") && !json_is_true(v))
			rc = bad(cc, "expected true (leave exclude out to keep the item)");
		strbuf_setlen(&cc->path, saved);
		if (rc)
			return rc;
	}
	if ((v = json_object_get(j, "name")))
		r->name = xstrdup(json_string_value(v));
	r->exclude = json_is_true(json_object_get(j, "exclude"));
	if ((v = json_object_get(j, "when"))) {
		saved = push(cc, "when", 0);
		r->when = xcalloc(1, sizeof(*r->when));
		rc = compile_cond(cc, v, r->when);
		strbuf_setlen(&cc->path, saved);
		if (rc)
			return rc;
	}
	/* actions run in this order whatever the order of the keys: copy, set, replace, prepend, append */
	for (size_t k = 0; k < sizeof(act_names) / sizeof(*act_names); k++) {
		if (!(v = json_object_get(j, act_names[k])))
			continue;
		saved = push(cc, act_names[k], 0);
		rc = compile_action(cc, v, (enum act_kind)k, r);
		strbuf_setlen(&cc->path, saved);
		if (rc)
			return rc;
	}
	if (!r->nacts && !r->exclude)
		return bad(cc, "a rule needs an action: set, append, prepend, replace, copy or exclude");
	return 0;
}

/* "price": [20, 50, 100] -> 0-20, 20-50, 50-100, 100+ (ascending, above 0). */
static int compile_bands(struct compiler *cc, const json_t *bands, const char *which, struct bands *b)
{
	json_t *v = json_object_get(bands, which), *e;
	size_t i, saved = push(cc, which, 0);
	int rc = 0;

	if (!json_is_array(v) || !json_array_size(v))
		rc = bad(cc, "expected a non-empty list of ascending numbers (the bands' edges), e.g. %s",
			 !strcmp(which, "price") ? "[20, 50, 100]" : "[0.2, 0.4]");
	b->edges = xcalloc(json_array_size(v) + 1, sizeof(*b->edges));
	b->labels = xcalloc(json_array_size(v) + 1, sizeof(*b->labels));
	json_array_foreach(v, i, e) {
		if (rc)
			break;
		double x = json_number_value(e);
		size_t at = push(cc, NULL, i);
		if (!json_is_number(e) || !isfinite(x) || x <= 0 || (i && x <= b->edges[i - 1]))
			rc = bad(cc, "expected a number above 0 and above the edge before it");
		strbuf_setlen(&cc->path, at);
		b->edges[b->nedges++] = x;
	}
	for (i = 0; !rc && i <= b->nedges; i++) { /* "lo-hi", the last "lo+" */
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, i < b->nedges ? "%.10g-%.10g" : "%.10g+", i ? b->edges[i - 1] : 0, b->edges[i < b->nedges ? i : 0]);
		b->labels[i] = strbuf_detach(&sb, NULL);
	}
	strbuf_setlen(&cc->path, saved);
	return rc;
}

static int compile_all_bands(struct compiler *cc, const json_t *bands, struct rule_set *rs)
{
	const char *key;
	json_t *v;
	size_t saved;
	int rc = 0;

	if (!bands)
		return 0;
	strbuf_reset(&cc->path);
	strbuf_addstr(&cc->path, "bands");
	if (!json_is_object(bands))
		return bad(cc, "expected {\"price\": [20, 50, 100], \"margin\": [0.2, 0.4]}");
	json_object_foreach((json_t *)bands, key, v) {
		saved = push(cc, key, 0);
		if (strcmp(key, "price") && strcmp(key, "margin"))
			rc = bad(cc, "unknown key (known: price, margin)");
		strbuf_setlen(&cc->path, saved);
		if (!rc)
			rc = compile_bands(cc, bands, key, !strcmp(key, "price") ? &rs->price : &rs->margin);
		if (rc)
			return rc;
	}
	return 0;
}

struct rule_set *item_rules_compile(const json_t *rules, const json_t *bands, const char *path, const char *config_path,
			       int *rc)
{
	struct compiler cc = { config_path, STRBUF_INIT, NULL };
	struct rule_set *rs;
	size_t i;
	json_t *e;

	*rc = 0;
	if (!rules)
		return NULL;
	cc.rs = rs = xcalloc(1, sizeof(*rs));
	strbuf_init(&rs->scratch);
	strbuf_init(&rs->value);
	*rc = compile_all_bands(&cc, bands, rs);
	strbuf_reset(&cc.path);
	strbuf_addstr(&cc.path, path);
	if (!*rc && !json_is_array(rules))
		*rc = bad(&cc, "expected a list of rules, applied in order");
	if (!*rc)
		rs->rules = xcalloc(json_array_size(rules) + 1, sizeof(*rs->rules));
	json_array_foreach(rules, i, e) {
		if (*rc)
			break;
		size_t saved = push(&cc, NULL, i);
		rs->n++;
		*rc = compile_rule(&cc, e, &rs->rules[i]);
		strbuf_setlen(&cc.path, saved);
	}
	strbuf_release(&cc.path);
	if (*rc) {
		item_rules_free(rs);
		return NULL;
	}
	return rs;
}

static void bands_release(struct bands *b);
int item_rules_check_bands(const json_t *bands, const char *config_path)
{
	struct rule_set rs;
	struct compiler cc = { config_path, STRBUF_INIT, &rs };
	int rc;

	memset(&rs, 0, sizeof(rs));
	rc = compile_all_bands(&cc, bands, &rs);
	strbuf_release(&cc.path);
	bands_release(&rs.price);
	bands_release(&rs.margin);
	return rc;
}

static void cond_release(struct cond *c)
{
	free(c->text);
	for (size_t i = 0; i < c->nlist; i++)
		free(c->list[i]);
	free(c->list);
	pcre2_match_data_free(c->md);
	pcre2_code_free(c->re);
	for (size_t i = 0; i < c->nkids; i++)
		cond_release(&c->kids[i]);
	free(c->kids);
}

static void bands_release(struct bands *b)
{
	for (size_t i = 0; b->labels && i <= b->nedges; i++)
		free(b->labels[i]);
	free(b->labels);
	free(b->edges);
}

void item_rules_free(struct rule_set *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++) {
		struct rule *r = &rs->rules[i];
		free(r->label);
		free(r->name);
		if (r->when) {
			cond_release(r->when);
			free(r->when);
		}
		for (size_t k = 0; k < r->nacts; k++) {
			struct action *a = &r->acts[k];
			for (size_t t = 0; t < a->tpl.n; t++)
				free(a->tpl.parts[t].text);
			free(a->tpl.parts);
			pcre2_match_data_free(a->md);
			pcre2_code_free(a->re);
			free(a->with);
		}
		free(r->acts);
	}
	free(rs->rules);
	bands_release(&rs->price);
	bands_release(&rs->margin);
	strbuf_release(&rs->scratch);
	strbuf_release(&rs->value);
	free(rs);
}
