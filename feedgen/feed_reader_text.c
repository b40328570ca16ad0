/* feed_reader_text.c: text feeds (CSV, TSV) for the feed reader (feed_reader.h): the header row
 * mapped onto the template's attributes ("g:id", "shipping(country:price)", TikTok's marker
 * column), each record into a row, and the count of a text feed's records.
 * Owns: the column map of struct feed_reader while it is built (freed with the reader). */
#include "feed_reader_impl.h"
#include "alloc.h"
#include "csv.h"
#include "msg.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HEADER_SCAN_LIMIT 10            /* records looked at for the header row */

/* Map a header cell onto an attribute: "g:id", "id", "shipping(country:price)". */
static void map_column(struct feed_reader *fr, struct column *c, const char *cell, size_t n, long line)
{
	const struct template *t = fr->tpl;
	struct strbuf name = STRBUF_INIT;
	const char *paren;
	size_t plen = t->xml_prefix ? strlen(t->xml_prefix) : 0;

	c->attr = -1;
	fr_trim(&cell, &n);
	if (plen && n > plen + 1 && !strncmp(cell, t->xml_prefix, plen) && cell[plen] == ':')
		cell += plen + 1, n -= plen + 1;
	paren = memchr(cell, '(', n);
	strbuf_add(&name, cell, paren && cell[n - 1] == ')' ? (size_t)(paren - cell) : n);
	strbuf_trim(&name);
	c->attr = name.len ? template_attr_index(t, name.buf) : -1;
	if (c->attr < 0 && !strcasecmp(name.buf, CURRENCY_NAME)) {
		c->attr = ATTR_CURRENCY;
		strbuf_release(&name);
		return;
	}
	if (c->attr < 0) {
		if (name.len)
			fr_report_unknown(fr, name.buf, line, "column");
		else if (n)
			fr_report_unknown(fr, cell, line, "column");
		strbuf_release(&name);
		return;
	}
	if (paren && cell[n - 1] == ')' && t->attrs[c->attr].kind == KIND_GROUP) {
		const struct attribute *a = &t->attrs[c->attr];
		const char *p = paren + 1, *end = cell + n - 1;
		while (p <= end) {
			const char *colon = memchr(p, ':', (size_t)(end - p));
			const char *stop = colon ? colon : end;
			const char *s = p;
			size_t len = (size_t)(stop - p);
			fr_trim(&s, &len);
			c->subs = xrealloc(c->subs, (c->nsubs + 1) * sizeof(*c->subs));
			c->subs[c->nsubs] = fr_sub_index(a, s, len);
			if (c->subs[c->nsubs] < 0) {
				struct strbuf full = STRBUF_INIT;
				strbuf_addf(&full, "%s(%.*s)", a->name, (int)len, s);
				fr_report_unknown(fr, full.buf, line, "sub-attribute");
				strbuf_release(&full);
			}
			c->nsubs++;
			p = stop + 1;
		}
	}
	strbuf_release(&name);
}

/* Is this record the header row? Builds fr->cols when it is. */
static int header_row(struct feed_reader *fr, struct csv_reader *rd)
{
	const char *first = rd->fields[0];
	size_t start = 0, known = 0;

	while (*first == ' ')
		first++;
	if (!strncasecmp(first, "context", 7))
		return 0; /* TikTok template: the row of column rules */
	if (!strcasecmp(first, "columns")) {
		fr->marker = 1; /* TikTok template: real names follow a marker column */
		start = 1;
	}
	for (size_t i = start; i < rd->nfields; i++) {
		const char *s = rd->fields[i];
		size_t n = rd->lengths[i];
		fr_trim(&s, &n);
		struct strbuf name = STRBUF_INIT;
		const char *paren = memchr(s, '(', n);
		strbuf_add(&name, s, paren ? (size_t)(paren - s) : n);
		if (name.len && (template_attr_index(fr->tpl, name.buf) >= 0 ||
				 (fr->tpl->xml_prefix && !strncmp(name.buf, fr->tpl->xml_prefix, strlen(fr->tpl->xml_prefix)) &&
				  name.buf[strlen(fr->tpl->xml_prefix)] == ':' &&
				  template_attr_index(fr->tpl, name.buf + strlen(fr->tpl->xml_prefix) + 1) >= 0)))
			known++;
		strbuf_release(&name);
	}
	if (!known) {
		fr->marker = 0;
		return 0;
	}
	fr->ncols = rd->nfields;
	fr->cols = xcalloc(rd->nfields, sizeof(*fr->cols));
	for (size_t i = 0; i < rd->nfields; i++) {
		fr->cols[i].attr = -1;
		if (i < start)
			continue;
		map_column(fr, &fr->cols[i], rd->fields[i], rd->lengths[i], rd->line);
		if (!rd->lengths[i] && i + 1 == rd->nfields)
			continue; /* a trailing separator: reported below only when rows fill it */
		if (!rd->lengths[i])
			fr_file_finding(fr, SEV_WARNING, "unknown-attribute", NULL, rd->line, "column %zu has no name (ignored)", i + 1);
		for (size_t k = start; k < i && fr->cols[i].attr >= 0; k++)
			if (fr->cols[k].attr == fr->cols[i].attr && !fr->tpl->attrs[fr->cols[i].attr].repeated &&
			    fr->tpl->attrs[fr->cols[i].attr].kind != KIND_GROUP) {
				fr_file_finding(fr, SEV_WARNING, "unknown-attribute", fr->tpl->attrs[fr->cols[i].attr].name, rd->line,
					     "column %zu repeats %s; only the first is read", i + 1,
					     msg_quote(fr->tpl->attrs[fr->cols[i].attr].name));
				fr->cols[i].attr = -1;
				break;
			}
	}
	return 1;
}

/* One cell's group value in the column's declared order, stored in template order. */
static void add_group_text(struct feed_reader *fr, const struct column *c, const char *s, size_t n, long line)
{
	const char *p = s, *end = s + n;

	if (!c->nsubs) {
		fr_add_value(fr, c->attr, s, n, line);
		return;
	}
	fr_reset_slots(fr);
	for (size_t k = 0; k < c->nsubs && p <= end; k++) {
		const char *colon = k + 1 < c->nsubs ? memchr(p, ':', (size_t)(end - p)) : NULL;
		const char *stop = colon ? colon : end;
		if (c->subs[k] >= 0)
			strbuf_add(&fr->slots[c->subs[k]], p, (size_t)(stop - p));
		p = stop + 1;
	}
	fr_add_group_slots(fr, c->attr, line);
}

static void add_cell(struct feed_reader *fr, const struct column *c, const char *s, size_t n, long line)
{
	const struct attribute *a = &fr->tpl->attrs[c->attr];
	char sep;
	const char *p = s, *end = s + n;

	if (!a->repeated && a->kind != KIND_GROUP) {
		fr_add_value(fr, c->attr, s, n, line);
		return;
	}
	sep = a->kind == KIND_GROUP ? fr->tpl->group_separator : fr->tpl->list_separator;
	while (p <= end) {
		const char *stop = memchr(p, sep, (size_t)(end - p));
		if (!stop)
			stop = end;
		if (a->kind == KIND_GROUP)
			add_group_text(fr, c, p, (size_t)(stop - p), line);
		else
			fr_add_value(fr, c->attr, p, (size_t)(stop - p), line);
		p = stop + 1;
	}
}

static void text_record(struct feed_reader *fr, struct csv_reader *rd)
{
	size_t i, extra = 0;

	row_reset(&fr->row);
	fr->row.source = fr->source;
	fr->row.line = rd->line;
	strbuf_reset(&fr->currency);
	for (i = 0; i < rd->nfields && i < fr->ncols; i++)
		if (fr->cols[i].attr >= 0)
			add_cell(fr, &fr->cols[i], rd->fields[i], rd->lengths[i], 0);
		else if (fr->cols[i].attr == ATTR_CURRENCY)
			fr_set_currency(fr, rd->fields[i], rd->lengths[i]);
	for (i = fr->ncols; i < rd->nfields; i++)
		extra += rd->lengths[i] > 0;
	if (extra)
		row_finding(&fr->row, SEV_ERROR, "row-width", -1,
			    "%zu cells, but the header has %zu: values are shifted (an unquoted separator?)", rd->nfields, fr->ncols);
	else if (rd->nfields < fr->ncols)
		row_finding(&fr->row, SEV_WARNING, "row-width", -1, "%zu cells, but the header has %zu (the rest are read as empty)",
			    rd->nfields, fr->ncols);
	fr_finish_row(fr);
}

int fr_read_text(struct feed_reader *fr, FILE *fp, char sep)
{
	struct csv_reader rd;
	int st = 0, scanned = 0, rc = 0;

	csv_reader_init(&rd, fp, sep);
	while (!fr->stop && (st = csv_read(&rd)) > 0) {
		if (rd.nfields == 1 && !rd.lengths[0])
			continue; /* blank line */
		if (!fr->cols) {
			if (rd.fields[0][0] == '#')
				continue; /* Meta's comment and metadata rows */
			if (header_row(fr, &rd))
				continue;
			fr->report->records_skipped++;
			if (++scanned < HEADER_SCAN_LIMIT)
				continue;
			break;
		}
		if (fr->marker && rd.nfields && rd.lengths[0]) {
			fr->report->records_skipped++; /* TikTok template's "example" row */
			continue;
		}
		text_record(fr, &rd);
	}
	if (st < 0) {
		fr_file_finding(fr, SEV_ERROR, "feed-syntax", NULL, rd.next_line, "%s; the rest of the file is not read", rd.error);
		rc = msg_fail(EXIT_INPUT, "feed %s line %ld: %s (%lu items checked before it)", msg_quote(fr->source),
			      rd.next_line, rd.error, fr->report->items_read);
	} else if (!fr->cols && fr->each) {
		rc = FEED_NO_HEADER; /* the caller says it, or counts the file another way */
	} else if (!fr->cols) {
		fr_file_finding(fr, SEV_ERROR, "feed-syntax", NULL, 1, "no header row naming %s attributes", fr->tpl->title);
		rc = msg_fail(EXIT_INPUT, "feed %s: no header row naming %s attributes (such as %s) in its first %d records",
			      msg_quote(fr->source), fr->tpl->title, fr->tpl->id_attribute, HEADER_SCAN_LIMIT);
	}
	csv_reader_release(&rd);
	return rc;
}

int fr_count_text(const char *path, FILE *fp, char sep, unsigned long *n)
{
	struct csv_reader rd;
	int st, header = 0, marker = 0, rc = 0;

	csv_reader_init(&rd, fp, sep);
	while ((st = csv_read(&rd)) > 0) {
		if (rd.nfields == 1 && !rd.lengths[0])
			continue; /* blank line */
		if (!header) {
			const char *first = rd.fields[0];
			while (*first == ' ')
				first++;
			if (*first == '#' || !strncasecmp(first, "context", 7))
				continue; /* Meta's comment rows, TikTok's row of column rules */
			marker = !strcasecmp(first, "columns");
			header = 1;
			continue;
		}
		if (marker && rd.lengths[0])
			continue; /* TikTok template's "example" row */
		(*n)++;
	}
	if (st < 0)
		rc = msg_fail(EXIT_INPUT, "feed %s line %ld: %s", msg_quote(path), rd.next_line, rd.error);
	csv_reader_release(&rd);
	return rc;
}
