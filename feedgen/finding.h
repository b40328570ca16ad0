/* finding.h: a validation or normalisation finding as data (after STYLE.md "findings are data").
 * Owns: struct finding and struct findings (a growable list that owns its findings' strings). */
#ifndef FEEDGEN_FINDING_H
#define FEEDGEN_FINDING_H
#include <stdarg.h>
#include <stddef.h>

enum severity { SEV_WARNING = 0, SEV_ERROR = 1 };

struct finding {
	enum severity severity;
	const char *rule;   /* stable rule id, static string: "required", "gtin-check", ... */
	char *id;           /* item id (SKU) or NULL */
	char *field;        /* attribute or field name, or NULL */
	char *message;      /* human text; may contain untrusted data (sanitised when printed) */
	char *source;       /* file name or URL, or NULL */
	long line, column;  /* 0 when unknown */
	const char *channel;/* channel the finding is about (borrowed from its template), or NULL */
};

/* Findings beyond a list's cap: only counted, per rule and severity. */
struct finding_tally {
	const char *rule;
	enum severity severity;
	unsigned long n;
};

/* A list holds at most FINDINGS_MAX findings (the number a report lists, README): a catalog of
 * millions of bad records must not keep millions of findings. Those beyond are counted in
 * `dropped` (complete per rule), and report_take() adds them to the counts. */
#define FINDINGS_MAX 100000
struct findings {
	struct finding *v;
	size_t n, alloc;
	size_t max;                    /* cap; 0: FINDINGS_MAX */
	struct finding_tally *dropped; /* counts of the findings not kept, one entry per rule/severity */
	size_t ndropped, dropped_alloc;
	struct finding spill;          /* what an add beyond the cap returns (overwritten by the next) */
};
#define FINDINGS_INIT { .v = NULL }

/* Add a finding; strings are copied. Returns the new finding (valid until the next add); past
 * the cap, a scratch finding that is only counted, so callers may set its fields all the same. */
struct finding *findings_add(struct findings *f, enum severity sev, const char *rule,
			     const char *id, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
struct finding *findings_vadd(struct findings *f, enum severity sev, const char *rule,
			      const char *id, const char *field, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));
/* Move all findings of src to the end of dst, counts of dropped ones too (src is left empty). */
void findings_move(struct findings *dst, struct findings *src);
int findings_has_error(const struct findings *f);   /* kept or dropped */
unsigned long findings_dropped(const struct findings *f);
void findings_clear(struct findings *f);   /* frees the findings and counts, keeps the array */
void findings_release(struct findings *f); /* frees everything */
const char *severity_name(enum severity s);
#endif
