/* finding.c: findings as data (see finding.h).
 * Owns: the strings of every finding in a list. */
#include "finding.h"
#include "alloc.h"
#include "strbuf.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct finding *findings_vadd(struct findings *f, enum severity sev, const char *rule,
			      const char *id, const char *field, const char *fmt, va_list ap)
{
	struct strbuf msg = STRBUF_INIT;
	struct finding *x;

	strbuf_vaddf(&msg, fmt, ap);
	ALLOC_GROW(f->v, f->n + 1, f->alloc);
	x = &f->v[f->n++];
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
		ALLOC_GROW(dst->v, dst->n + 1, dst->alloc);
		dst->v[dst->n++] = src->v[i];
	}
	src->n = 0;
}

int findings_has_error(const struct findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].severity == SEV_ERROR)
			return 1;
	return 0;
}

void findings_clear(struct findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->v[i].id);
		free(f->v[i].field);
		free(f->v[i].message);
		free(f->v[i].source);
	}
	f->n = 0;
}

void findings_release(struct findings *f)
{
	findings_clear(f);
	free(f->v);
	f->v = NULL;
	f->alloc = 0;
}

const char *severity_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : "warning";
}
