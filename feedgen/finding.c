/* finding.c: findings as data (see finding.h).
 * Owns: the strings of every finding in a list, and the counts of those past its cap. */
#include "finding.h"
#include "alloc.h"
#include "strbuf.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void finding_free_strings(struct finding *x)
{
	free(x->id);
	free(x->field);
	free(x->message);
	free(x->source);
}

static void tally(struct findings *f, const char *rule, enum severity sev, unsigned long n)
{
	for (size_t i = 0; i < f->ndropped; i++)
		if (f->dropped[i].severity == sev && !strcmp(f->dropped[i].rule, rule)) {
			f->dropped[i].n += n;
			return;
		}
	ALLOC_GROW(f->dropped, f->ndropped + 1, f->dropped_alloc);
	f->dropped[f->ndropped].rule = rule;
	f->dropped[f->ndropped].severity = sev;
	f->dropped[f->ndropped++].n = n;
}

static size_t cap(const struct findings *f)
{
	return f->max ? f->max : FINDINGS_MAX;
}

struct finding *findings_vadd(struct findings *f, enum severity sev, const char *rule,
			      const char *id, const char *field, const char *fmt, va_list ap)
{
	struct strbuf msg = STRBUF_INIT;
	struct finding *x;

	strbuf_vaddf(&msg, fmt, ap);
	if (f->n >= cap(f)) {
		tally(f, rule, sev, 1);
		x = &f->spill;
		finding_free_strings(x);
	} else {
		ALLOC_GROW(f->v, f->n + 1, f->alloc);
		x = &f->v[f->n++];
	}
	memset(x, 0, sizeof(*x));
	x->severity = sev;
	x->rule = rule;
	x->id = id ? xstrdup(id) : NULL;
	x->field = field ? xstrdup(field) : NULL;
	x->message = strbuf_detach(&msg, NULL);
	return x;
}

struct finding *findings_add(struct findings *f, enum severity sev, const char *rule,
			     const char *id, const char *field, const char *fmt, ...)
{
	struct finding *x;
	va_list ap;

	va_start(ap, fmt);
	x = findings_vadd(f, sev, rule, id, field, fmt, ap);
	va_end(ap);
	return x;
}

void findings_move(struct findings *dst, struct findings *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		if (dst->n >= cap(dst)) {
			tally(dst, src->v[i].rule, src->v[i].severity, 1);
			finding_free_strings(&src->v[i]);
			continue;
		}
		ALLOC_GROW(dst->v, dst->n + 1, dst->alloc);
		dst->v[dst->n++] = src->v[i];
	}
	src->n = 0;
	for (i = 0; i < src->ndropped; i++)
		tally(dst, src->dropped[i].rule, src->dropped[i].severity, src->dropped[i].n);
	src->ndropped = 0;
}

int findings_has_error(const struct findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].severity == SEV_ERROR)
			return 1;
	for (i = 0; i < f->ndropped; i++)
		if (f->dropped[i].severity == SEV_ERROR)
			return 1;
	return 0;
}

unsigned long findings_dropped(const struct findings *f)
{
	unsigned long n = 0;

	for (size_t i = 0; i < f->ndropped; i++)
		n += f->dropped[i].n;
	return n;
}

void findings_clear(struct findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		finding_free_strings(&f->v[i]);
	f->n = 0;
	f->ndropped = 0;
	finding_free_strings(&f->spill);
	memset(&f->spill, 0, sizeof(f->spill));
}

void findings_release(struct findings *f)
{
	findings_clear(f);
	free(f->v);
	f->v = NULL;
	f->alloc = 0;
	free(f->dropped);
	f->dropped = NULL;
	f->dropped_alloc = 0;
}

const char *severity_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : "warning";
}
