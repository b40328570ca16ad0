/* fuzz_jsonpath.c: libFuzzer target for the JSON paths of mapped catalogs (jsonpath.c): the input
 * is a path. A path that parses has steps whose keys hold none of ". [ ]", prints back to a text
 * that parses to the same steps, and evaluates on a fixed document (input byte 0 picks the
 * current variant) without crashing, jsonpath_get giving jsonpath_each's first value; a path
 * that does not parse says where ("at column N", N within the text + 1).
 * Owns: the path and the document of each input. */
#include "jsonpath.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char doc_text[] = "{\"a\": {\"b\": [1, \"x\", {\"c\": [true, null, 2.5]}]}, \"v\": [{\"s\": \"A\"}, {\"s\": 7}],"
			       " \"images\": [\"u0\", \"u1\", \"u2\"], \"\": 1}";

static void print_path(const struct jsonpath *p, struct strbuf *out)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct jsonpath_step *s = &p->steps[i];
		switch (s->kind) {
		case JP_KEY: strbuf_addf(out, "%s%s", i ? "." : "", s->key); break;
		case JP_INDEX: strbuf_addf(out, "[%zu]", s->index); break;
		case JP_SLICE: strbuf_addf(out, "[%zu:]", s->index); break;
		case JP_CURRENT: strbuf_addstr(out, "[]"); break;
		}
	}
}

static int first(void *arg, json_t *v)
{
	json_t **out = arg;
	if (!*out)
		*out = v;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *doc;
	struct strbuf why = STRBUF_INIT, again = STRBUF_INIT;
	struct jsonpath p, q;
	char *text;

	if (!doc && !(doc = json_loads(doc_text, 0, NULL)))
		abort();
	if (size < 1 || size > 4096)
		return 0;
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (jsonpath_parse(&p, text, &why)) {
		const char *col = strstr(why.buf, "at column ");
		if (p.n || !col || (size_t)atol(col + 10) < 1 || (size_t)atol(col + 10) > strlen(text) + 1)
			abort();
	} else {
		json_t *v = NULL;
		if (!p.n)
			abort();
		for (size_t i = 0; i < p.n; i++)
			if (p.steps[i].kind == JP_KEY && (!*p.steps[i].key || strpbrk(p.steps[i].key, ".[]")))
				abort();
		print_path(&p, &again);
		if (jsonpath_parse(&q, again.buf, &why) || q.n != p.n || !jsonpath_starts_with(&q, &p))
			abort();
		jsonpath_release(&q);
		jsonpath_each(&p, doc, data[0] % 3, first, &v);
		if (jsonpath_get(&p, doc, data[0] % 3) != v)
			abort();
		jsonpath_release(&p);
	}
	free(text);
	strbuf_release(&why);
	strbuf_release(&again);
	return 0;
}
