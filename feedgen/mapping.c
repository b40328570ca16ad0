/* mapping.c: compiling a mapping object (docs/mapping.md) into struct mapping: its keys
 * checked, every path parsed once, each error named by its key ("fields.price: bad path ...").
 * Reading a catalog with it is mapping_read.c. Owns: struct mapping and what it holds. */
#include "mapping.h"
#include "alloc.h"
#include "msg.h"
#include <stdlib.h>
#include <string.h>

static const char *const mapping_keys[] = { "records", "variants", "fields", "defaults", "format", "delimiter", NULL };

const char *mapping_slot_name(int slot)
{
	return slot == MAPPING_CURRENCY ? "currency" : item_field_name((enum item_field)slot);
}

static int slot_from_name(const char *name)
{
	return !strcmp(name, "currency") ? MAPPING_CURRENCY : item_field_from_name(name);
}

/* fields that hold several values (item.h: ITEM_VALUE_SEP) */
static int multi_valued(int slot)
{
	return slot == ITEM_ADDITIONAL_IMAGE_LINK || slot == ITEM_PROMOTION_ID;
}

static int fail(struct strbuf *where, struct strbuf *why, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct strbuf *where, struct strbuf *why, const char *key, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(where);
	strbuf_addstr(where, key);
	strbuf_reset(why);
	va_start(ap, fmt);
	strbuf_vaddf(why, fmt, ap);
	va_end(ap);
	return -1;
}

static void field_names(struct strbuf *out)
{
	strbuf_addstr(out, "currency");
	for (int f = 0; f < ITEM_FIELD_COUNT; f++)
		strbuf_addf(out, ", %s", item_field_name((enum item_field)f));
}

static int unknown_field(struct strbuf *where, struct strbuf *why, const char *section, const char *name)
{
	struct strbuf key = STRBUF_INIT, names = STRBUF_INIT;

	strbuf_addf(&key, "%s.%s", section, name);
	field_names(&names);
	fail(where, why, key.buf, "unknown field \"%s\" (fields: %s)", name, names.buf);
	strbuf_release(&key);
	strbuf_release(&names);
	return -1;
}

/* The checks of one field's path beyond its syntax: [N:] only where several values go, [] only
 * right after the variants path. */
static const char *path_problem(const struct mapping *m, int slot, const struct jsonpath *p)
{
	size_t current = jsonpath_count(p, JP_CURRENT);

	if (jsonpath_count(p, JP_SLICE) && !multi_valued(slot))
		return "[N:] gives several values: only additional_image_link and promotion_id take them";
	if (jsonpath_count(p, JP_SLICE) > 1)
		return "only one [N:] in a path";
	if (current && !m->variants.n)
		return "[] is the current variant: set \"variants\" to the path of the variants array";
	if (current > 1 || (current && !(jsonpath_starts_with(p, &m->variants) && p->n > m->variants.n &&
					  p->steps[m->variants.n].kind == JP_CURRENT)))
		return "[] must come right after the variants path";
	return NULL;
}

static int compile_fields(struct mapping *m, json_t *fields, struct strbuf *where, struct strbuf *why)
{
	struct strbuf key = STRBUF_INIT;
	const char *name;
	json_t *v;
	int rc = 0;

	if (!json_is_object(fields))
		return fail(where, why, "fields", "expected an object: item field -> JSON path or CSV column");
	json_object_foreach(fields, name, v) {
		int slot = slot_from_name(name);
		const char *problem;
		strbuf_reset(&key);
		strbuf_addf(&key, "fields.%s", name);
		if (slot < 0) {
			rc = unknown_field(where, why, "fields", name);
			break;
		}
		if (!json_is_string(v) || !*json_string_value(v)) {
			rc = fail(where, why, key.buf, "expected a JSON path or a CSV column name (a non-empty string)");
			break;
		}
		m->src[slot].text = xstrdup(json_string_value(v));
		if (m->format == MAPPING_CSV)
			continue; /* a column name, any text */
		if (jsonpath_parse(&m->src[slot].path, m->src[slot].text, why)) {
			struct strbuf reason = STRBUF_INIT;
			strbuf_addstr(&reason, why->buf);
			rc = fail(where, why, key.buf, "bad path \"%s\": %s", m->src[slot].text, reason.buf);
			strbuf_release(&reason);
			break;
		}
		if ((problem = path_problem(m, slot, &m->src[slot].path))) {
			rc = fail(where, why, key.buf, "bad path \"%s\": %s", m->src[slot].text, problem);
			break;
		}
	}
	strbuf_release(&key);
	return rc;
}

static int compile_defaults(struct mapping *m, json_t *defaults, struct strbuf *where, struct strbuf *why)
{
	const char *name;
	json_t *v;

	if (!json_is_object(defaults))
		return fail(where, why, "defaults", "expected an object: item field -> value");
	json_object_foreach(defaults, name, v) {
		int slot = slot_from_name(name);
		char buf[48];
		const char *text = json_value_number_text(v, buf);
		if (slot < 0)
			return unknown_field(where, why, "defaults", name);
		if (!text) {
			struct strbuf key = STRBUF_INIT;
			strbuf_addf(&key, "defaults.%s", name);
			fail(where, why, key.buf, "expected a string or a number");
			strbuf_release(&key);
			return -1;
		}
		m->src[slot].def = xstrdup(text);
	}
	return 0;
}

/* "records" and "variants": paths of keys (variants may index: "offers[0].items"). */
static int compile_paths(struct mapping *m, json_t *obj, struct strbuf *where, struct strbuf *why)
{
	json_t *records = json_object_get(obj, "records"), *variants = json_object_get(obj, "variants");
	struct jsonpath p;

	if (records) {
		if (!json_is_string(records) || jsonpath_parse(&p, json_string_value(records), why))
			return fail(where, why, "records", "expected the path of the records array, as keys: \"products\", \"data.items\"");
		if (jsonpath_count(&p, JP_KEY) != p.n) {
			jsonpath_release(&p);
			return fail(where, why, "records", "expected the path of the records array, as keys: \"products\", \"data.items\"");
		}
		jsonpath_release(&p);
		m->records = xstrdup(json_string_value(records));
	}
	if (!variants)
		return 0;
	if (!json_is_string(variants) || m->format == MAPPING_CSV)
		return fail(where, why, "variants", m->format == MAPPING_CSV ? "a CSV catalog has one item per row: no variants"
									      : "expected the path of the variants array (a string)");
	m->variants_text = xstrdup(json_string_value(variants));
	if (jsonpath_parse(&m->variants, m->variants_text, why)) {
		struct strbuf reason = STRBUF_INIT;
		strbuf_addstr(&reason, why->buf);
		fail(where, why, "variants", "bad path \"%s\": %s", m->variants_text, reason.buf);
		strbuf_release(&reason);
		return -1;
	}
	if (jsonpath_count(&m->variants, JP_CURRENT) || jsonpath_count(&m->variants, JP_SLICE))
		return fail(where, why, "variants", "bad path \"%s\": the variants path names the array itself (no [] or [N:])",
			    m->variants_text);
	return 0;
}

static int compile_format(struct mapping *m, json_t *obj, struct strbuf *where, struct strbuf *why)
{
	json_t *format = json_object_get(obj, "format"), *delim = json_object_get(obj, "delimiter");
	const char *f = json_string_value(format), *d = json_string_value(delim);

	m->delimiter = ',';
	if (format && (!f || (strcmp(f, "json") && strcmp(f, "csv"))))
		return fail(where, why, "format", "expected \"json\" or \"csv\" (default: detected from the file)");
	if (f)
		m->format = !strcmp(f, "csv") ? MAPPING_CSV : MAPPING_JSON;
	if (delim && (!d || strlen(d) != 1 || *d == '"' || *d == '\r' || *d == '\n'))
		return fail(where, why, "delimiter", "expected one character such as \";\" or \"\\t\" (not a quote or line end)");
	if (d)
		m->delimiter = *d;
	return 0;
}

struct mapping *mapping_compile(json_t *obj, struct strbuf *where, struct strbuf *why)
{
	struct mapping *m;
	const char *name;
	json_t *v;

	if (!json_is_object(obj)) {
		fail(where, why, "", "expected an object with \"fields\" (docs/mapping.md)");
		return NULL;
	}
	json_object_foreach(obj, name, v) {
		size_t k = 0;
		while (mapping_keys[k] && strcmp(mapping_keys[k], name))
			k++;
		if (!mapping_keys[k]) {
			fail(where, why, name, "unknown key (known: records, variants, fields, defaults, format, delimiter)");
			return NULL;
		}
	}
	m = xcalloc(1, sizeof(*m));
	if (compile_format(m, obj, where, why) || compile_paths(m, obj, where, why) ||
	    compile_fields(m, json_object_get(obj, "fields") ? json_object_get(obj, "fields") : json_null(), where, why) ||
	    (json_object_get(obj, "defaults") && compile_defaults(m, json_object_get(obj, "defaults"), where, why))) {
		mapping_free(m);
		return NULL;
	}
	if (!m->src[ITEM_ID].text) {
		fail(where, why, "fields.id", "missing: every item needs an id (its SKU), e.g. \"id\": \"sku\"");
		mapping_free(m);
		return NULL;
	}
	return m;
}

int mapping_load(const char *arg, struct mapping **out)
{
	struct strbuf where = STRBUF_INIT, why = STRBUF_INIT, label = STRBUF_INIT;
	const char *s = arg + strspn(arg, " \t\r\n");
	json_error_t err;
	json_t *obj;
	int rc = 0;

	*out = NULL;
	if (*s == '{') {
		strbuf_addstr(&label, "option --mapping");
		obj = json_loads(s, JSON_REJECT_DUPLICATES, &err);
	} else {
		strbuf_addf(&label, "mapping %s", msg_quote(arg));
		obj = json_load_file(arg, JSON_REJECT_DUPLICATES, &err);
	}
	if (!obj)
		rc = msg_fail(EXIT_USAGE, "%s line %d column %d: %s", label.buf, err.line, err.column, err.text);
	else if (!(*out = mapping_compile(obj, &where, &why)))
		rc = msg_fail(EXIT_USAGE, "%s: %s%s%s", label.buf, where.buf, where.len ? ": " : "", why.buf);
	json_decref(obj);
	strbuf_release(&where);
	strbuf_release(&why);
	strbuf_release(&label);
	return rc;
}

void mapping_free(struct mapping *m)
{
	if (!m)
		return;
	for (int i = 0; i < MAPPING_SLOTS; i++) {
		free(m->src[i].text);
		free(m->src[i].def);
		jsonpath_release(&m->src[i].path);
	}
	jsonpath_release(&m->variants);
	free(m->variants_text);
	free(m->records);
	free(m);
}
