/* jsonpath.h: the small JSON paths of mapped catalogs (issue 13, docs/mapping.md): dotted keys
 * with [N] (one element), [N:] (every element from N: several values) and [] (the current
 * variant), e.g. "variants[].price.amount", "images[1:].src". Parsed once, at configuration
 * time; evaluated per record without allocating.
 * Owns: the steps of a parsed path and their key strings. */
#ifndef FEEDGEN_JSONPATH_H
#define FEEDGEN_JSONPATH_H
#include "strbuf.h"
#include <jansson.h>
#include <stddef.h>

enum jsonpath_kind { JP_KEY, JP_INDEX, JP_SLICE, JP_CURRENT };

struct jsonpath_step {
	enum jsonpath_kind kind;
	char *key;          /* JP_KEY */
	size_t index;       /* JP_INDEX: the element; JP_SLICE: the first element */
};

struct jsonpath {
	struct jsonpath_step *steps;
	size_t n;
};

/* Parse text into p. Returns 0, or -1 with why set to the reason and its 1-based column
 * ("expected a number or ']' at column 10"); p is then empty. */
int jsonpath_parse(struct jsonpath *p, const char *text, struct strbuf *why);
void jsonpath_release(struct jsonpath *p);
/* The number of steps of kind k. */
size_t jsonpath_count(const struct jsonpath *p, enum jsonpath_kind k);
/* 1 when the steps of prefix are the first steps of p. */
int jsonpath_starts_with(const struct jsonpath *p, const struct jsonpath *prefix);

/* Every value at p in root (borrowed), in order, handed to fn until it returns non-zero; a []
 * step stands for element `current` of the array it is applied to. Returns the number of
 * values handed on. */
typedef int (*jsonpath_fn)(void *arg, json_t *value);
size_t jsonpath_each(const struct jsonpath *p, json_t *root, size_t current, jsonpath_fn fn, void *arg);
/* The first value at p in root (borrowed), or NULL. */
json_t *jsonpath_get(const struct jsonpath *p, json_t *root, size_t current);
#endif
