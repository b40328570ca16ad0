/* jsonpath.c: parsing and evaluating the JSON paths of mapped catalogs (see jsonpath.h).
 * Owns: the steps array and key copies of each parsed path. */
#include "jsonpath.h"
#include "alloc.h"
#include <string.h>

#define MAX_INDEX 999999999UL

static int fail(struct jsonpath *p, struct strbuf *why, const char *what, size_t at)
{
	jsonpath_release(p);
	strbuf_reset(why);
	strbuf_addf(why, "%s at column %zu", what, at + 1);
	return -1;
}

static void add_step(struct jsonpath *p, enum jsonpath_kind kind, const char *key, size_t keylen, size_t index)
{
	struct jsonpath_step *s;

	p->steps = xrealloc(p->steps, (p->n + 1) * sizeof(*p->steps));
	s = &p->steps[p->n++];
	s->kind = kind;
	s->key = key ? xstrndup(key, keylen) : NULL;
	s->index = index;
}

/* "[...]" at text[*at] (the '['): [], [N] or [N:]. */
static int parse_bracket(struct jsonpath *p, const char *text, size_t *at, struct strbuf *why)
{
	size_t i = *at + 1, index = 0;
	int digits = 0;

	if (text[i] == ']') {
		add_step(p, JP_CURRENT, NULL, 0, 0);
		*at = i + 1;
		return 0;
	}
	while (text[i] >= '0' && text[i] <= '9') {
		index = index * 10 + (size_t)(text[i++] - '0');
		if (index > MAX_INDEX)
			return fail(p, why, "index too large", i - 1);
		digits = 1;
	}
	if (!digits)
		return fail(p, why, "expected a number or ']'", i);
	if (text[i] == ':') {
		if (text[++i] != ']')
			return fail(p, why, "expected ']' after ':'", i);
		add_step(p, JP_SLICE, NULL, 0, index);
	} else if (text[i] == ']') {
		add_step(p, JP_INDEX, NULL, 0, index);
	} else {
		return fail(p, why, "expected ']' or ':'", i);
	}
	*at = i + 1;
	return 0;
}

int jsonpath_parse(struct jsonpath *p, const char *text, struct strbuf *why)
{
	size_t i = 0;

	p->steps = NULL;
	p->n = 0;
	if (!*text)
		return fail(p, why, "empty path", 0);
	for (;;) {
		if (text[i] == '[') {
			if (parse_bracket(p, text, &i, why))
				return -1;
		} else {
			size_t n = strcspn(text + i, ".[]");
			if (!n)
				return fail(p, why, text[i] == ']' ? "unexpected ']'" : "expected a key", i);
			add_step(p, JP_KEY, text + i, n, 0);
			i += n;
		}
		if (!text[i])
			return 0;
		if (text[i] == '.')
			i++;
		else if (text[i] != '[')
			return fail(p, why, "expected '.' or '['", i);
		if (!text[i])
			return fail(p, why, "expected a key", i);
	}
}

void jsonpath_release(struct jsonpath *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->steps[i].key);
	free(p->steps);
	p->steps = NULL;
	p->n = 0;
}

size_t jsonpath_count(const struct jsonpath *p, enum jsonpath_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		n += p->steps[i].kind == k;
	return n;
}

int jsonpath_starts_with(const struct jsonpath *p, const struct jsonpath *prefix)
{
	if (prefix->n > p->n)
		return 0;
	for (size_t i = 0; i < prefix->n; i++) {
		const struct jsonpath_step *a = &p->steps[i], *b = &prefix->steps[i];
		if (a->kind != b->kind || a->index != b->index || (a->key && strcmp(a->key, b->key)))
			return 0;
	}
	return 1;
}

/* Walk steps from i on v; returns 1 when fn asked to stop. */
static int walk(const struct jsonpath *p, size_t i, json_t *v, size_t current, jsonpath_fn fn, void *arg,
		size_t *count)
{
	for (; v && i < p->n; i++) {
		const struct jsonpath_step *s = &p->steps[i];
		switch (s->kind) {
		case JP_KEY:
			v = json_object_get(v, s->key);
			break;
		case JP_INDEX:
			v = json_array_get(v, s->index);
			break;
		case JP_CURRENT:
			v = json_array_get(v, current);
			break;
		case JP_SLICE:
			for (size_t k = s->index; k < json_array_size(v); k++)
				if (walk(p, i + 1, json_array_get(v, k), current, fn, arg, count))
					return 1;
			return 0;
		}
	}
	if (!v)
		return 0;
	(*count)++;
	return fn(arg, v);
}

size_t jsonpath_each(const struct jsonpath *p, json_t *root, size_t current, jsonpath_fn fn, void *arg)
{
	size_t count = 0;

	walk(p, 0, root, current, fn, arg, &count);
	return count;
}

static int take_first(void *arg, json_t *v)
{
	*(json_t **)arg = v;
	return 1;
}

json_t *jsonpath_get(const struct jsonpath *p, json_t *root, size_t current)
{
	json_t *v = NULL;

	jsonpath_each(p, root, current, take_first, &v);
	return v;
}
