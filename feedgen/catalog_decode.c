/* catalog_decode.c: one catalog record's bytes into its JSON values (catalog_decode, catalog.h):
 * json_fast.c's decoder, else jansson's; lenient, invalid UTF-8 repaired and findings made.
 * Owns: nothing past a call (the record's values are in its own arena, freed by the caller). */
#include "catalog.h"
#include "catalog_impl.h"
#include "alloc.h"
#include "arena.h"
#include "finding.h"
#include "json_fast.h"
#include "strbuf.h"
#include "text.h"
#include <stdio.h>

static void record_finding(struct findings *findings, const char *source, enum severity sev, const char *rule,
			   long line, long col, const char *message)
{
	struct finding *f = findings_add(findings, sev, rule, NULL, NULL, "%s", message);

	f->source = xstrdup(source);
	f->line = line;
	f->column = col;
}

json_t *catalog_decode_record(const char *rec, size_t len, const char *source, long line, long col,
			      struct findings *findings, json_error_t *err, long *eline, long *ecol)
{
	struct strbuf repaired = STRBUF_INIT;
	json_t *v;

	arena_begin(); /* the record's values in one arena, freed whole (issue 12) */
	/* json_fast.h: the same tree for a fifth of the cost; what it declines, jansson decodes */
	if (!(v = json_fast_loadb(rec, len, NULL)))
		v = json_loadb(rec, len, JSON_ALLOW_NUL, err);
	if (!v && findings && !utf8_is_valid(rec, len)) {
		/* one bad byte in a description must not lose the product: repair, then decode */
		text_clean(&repaired, rec, len, TEXT_KEEP_CONTROL, 0);
		v = json_loadb(repaired.buf, repaired.len, JSON_ALLOW_NUL, err);
		if (v)
			record_finding(findings, source, SEV_WARNING, "invalid-utf8", line, col,
				       "record holds invalid UTF-8; repaired with U+FFFD");
	}
	arena_end(v != NULL);
	strbuf_release(&repaired);
	if (!v) {
		*eline = line + err->line - 1;
		*ecol = err->line <= 1 ? col + (err->column > 0 ? err->column - 1 : 0) : err->column;
		if (findings) {
			char what[256];
			snprintf(what, sizeof(what), "record is not valid JSON (%s); skipped", err->text);
			record_finding(findings, source, SEV_ERROR, "record", *eline, *ecol, what);
		}
	}
	return v;
}

json_t *catalog_decode(const char *rec, size_t len, const char *source, long line, long col,
		       struct findings *findings)
{
	json_error_t err;
	long eline, ecol;

	return catalog_decode_record(rec, len, source, line, col, findings, &err, &eline, &ecol);
}
