/* row.c: mapping normalised items onto a channel's attributes (see row.h).
 * Owns: the row's value buffers and findings. */
#include "row.h"
#include "alloc.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void row_init(struct row *r, const struct template *tpl)
{
	memset(r, 0, sizeof(*r));
	r->tpl = tpl;
	r->values = xcalloc(tpl->nattrs, sizeof(*r->values));
	r->columns = xcalloc(tpl->nattrs, sizeof(*r->columns));
	r->lines = xcalloc(tpl->nattrs, sizeof(*r->lines));
	for (size_t i = 0; i < tpl->nattrs; i++)
		strbuf_init(&r->values[i]);
}

void row_reset(struct row *r)
{
	for (size_t i = 0; i < r->tpl->nattrs; i++) {
		strbuf_reset(&r->values[i]);
		r->columns[i] = 0;
		r->lines[i] = 0;
	}
	findings_clear(&r->findings);
	r->item = NULL;
	r->line = 0;
	r->gen++;
}

void row_release(struct row *r)
{
	for (size_t i = 0; i < r->tpl->nattrs; i++)
		strbuf_release(&r->values[i]);
	free(r->values);
	free(r->columns);
	free(r->lines);
	findings_release(&r->findings);
}

void row_from_item(struct row *r, const struct item *it)
{
	const struct template *t = r->tpl;

	/* row_reset and the copy in one pass over the attributes (issue 12) */
	findings_clear(&r->findings);
	memset(r->columns, 0, t->nattrs * sizeof(*r->columns));
	memset(r->lines, 0, t->nattrs * sizeof(*r->lines));
	r->gen++;
	r->item = it;
	r->source = it->source;
	r->line = it->line;
	for (size_t i = 0; i < t->nattrs; i++) {
		const struct attribute *a = &t->attrs[i];
		struct strbuf *out = &r->values[i];
		const struct strbuf *v;
		const char *spelling;

		if (out->alloc) /* strbuf_reset, inline */
			out->len = 0, out->buf[0] = '\0';
		if (a->from < 0)
			continue;
		v = &it->field[a->from];
		if (!v->len)
			continue;
		if (a->kind == KIND_ENUM && (spelling = template_enum_spelling(a, v->buf)))
			strbuf_addstr(out, spelling);
		else
			strbuf_add(out, v->buf, v->len);
	}
}

struct finding *row_finding(struct row *r, enum severity sev, const char *rule, int attr,
			    const char *fmt, ...)
{
	struct finding *f;
	va_list ap;
	const char *id = row_id(r);

	/* a template can say a rule is only a warning on an attribute (the platform accepts it) */
	if (sev == SEV_ERROR && attr >= 0 && template_rule_is_warning(&r->tpl->attrs[attr], rule))
		sev = SEV_WARNING;
	va_start(ap, fmt);
	f = findings_vadd(&r->findings, sev, rule, *id ? id : NULL, attr >= 0 ? r->tpl->attrs[attr].name : NULL, fmt, ap);
	va_end(ap);
	f->source = r->source ? xstrdup(r->source) : NULL;
	f->line = attr >= 0 && r->lines[attr] ? r->lines[attr] : r->line;
	f->column = attr >= 0 ? r->columns[attr] : 0;
	return f;
}
