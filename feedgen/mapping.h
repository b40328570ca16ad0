/* mapping.h: mapped catalogs (issue 13, docs/mapping.md): `catalog.type: "mapped"` with a
 * `catalog.mapping` object (or `--mapping FILE|JSON`) reads any JSON catalog (an array, records
 * under a path such as "products" or "data.items", JSON Lines) or CSV catalog (any delimiter)
 * and turns each record, or each of its variants, into an item: every item field names its
 * source (a JSON path, jsonpath.h, or a CSV column), with defaults. The values go through the
 * shared normaliser's helpers (normalize.h), so a mapped item is cleaned, priced, joined with
 * the inventory and checked by the same rules as a shop record.
 * Owns: struct mapping (compiled once, at configuration time) and its strings and paths. */
#ifndef FEEDGEN_MAPPING_H
#define FEEDGEN_MAPPING_H
#include "item.h"
#include "jsonpath.h"
#include "normalize.h"
#include <jansson.h>
#include <stdio.h>

enum mapping_format { MAPPING_DETECT = 0, MAPPING_JSON, MAPPING_CSV };
/* the sources of a mapping: every item field, and the currency of its prices */
#define MAPPING_CURRENCY ITEM_FIELD_COUNT
#define MAPPING_SLOTS (ITEM_FIELD_COUNT + 1)

struct mapping_source {
	char *text;             /* the path or column as written, NULL when the field is not mapped */
	struct jsonpath path;   /* parsed (empty for a CSV mapping) */
	char *def;              /* defaults.FIELD, or NULL */
};

struct mapping {
	enum mapping_format format;
	char delimiter;         /* CSV: ',' unless "delimiter" says otherwise */
	char *records;          /* JSON: the path of the records array ("data.items"), or NULL: detected */
	char *variants_text;
	struct jsonpath variants; /* JSON: one item per element of this array, when set */
	struct mapping_source src[MAPPING_SLOTS];
};

/* Compile a mapping object (borrowed). Returns the mapping, or NULL with where set to the
 * failing key's path inside the mapping ("fields.price") and why to the reason
 * ("bad path \"variants[x]\": expected a number or ']' at column 10"). */
struct mapping *mapping_compile(json_t *obj, struct strbuf *where, struct strbuf *why);
/* --mapping's argument: inline JSON (starting with '{') or a file holding the object. Returns
 * 0 with *out set, or EXIT_USAGE after a message naming the file and key. */
int mapping_load(const char *arg, struct mapping **out);
void mapping_free(struct mapping *m);
/* The name of a mapping slot ("price", "currency"). */
const char *mapping_slot_name(int slot);

/* Read the catalog fp (source names it in findings) with the mapping: each item is handed to
 * the normaliser's sink; records without an id, and records that are not objects, are skipped
 * with a finding in n->findings (file, line, record number). Returns 0, the sink's value,
 * EXIT_INPUT (unreadable or broken catalog) or EXIT_USAGE (a mapped column the CSV header does
 * not have). fp is not closed. */
int mapping_read_catalog(const struct mapping *m, struct normalizer *n, FILE *fp, const char *source);
#endif
