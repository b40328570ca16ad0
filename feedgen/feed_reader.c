/* feed_reader.c: reading existing feed files for `validate --feed`: the format is detected
 * from the content (CSV, TSV, RSS/Atom XML; gzip unpacked first), text feeds are read with
 * the streaming CSV reader, XML with libxml2's xmlTextReader, and every item becomes a row of
 * the channel's template that validate_row() checks in report-only mode (or, for `feedgen
 * diff`, that feed_read_rows() hands to its caller unchecked).
 * Owns: struct feed_reader (template, validation state, current row, the column map of a text
 * feed, the names of unknown attributes already reported) and the FILE it opened. */
#include "feed_reader.h"
#include "alloc.h"
#include "csv.h"
#include "encoding.h"
#include "input.h"
#include "msg.h"
#include "row.h"
#include "source.h"
#include "strmap.h"
#include "validate.h"
#include <errno.h>
#include <libxml/xmlreader.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include <unistd.h>

#if LIBXML_VERSION >= 21200
#define XML_ERROR_CONST const
#else
#define XML_ERROR_CONST
#endif

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define HEADER_SCAN_LIMIT 10            /* records looked at for the header row */
#define GZIP_MAX ((unsigned long long)4 << 30) /* Google's fetch limit: 4 GB */

enum feed_kind { FEED_CSV, FEED_TSV, FEED_XML };
/* A column or element that is no template attribute but is read: the item's currency. */
#define ATTR_CURRENCY (-2)
#define CURRENCY_NAME "currency"
static const char *const feed_kind_names[] = { "CSV", "TSV", "XML" };

/* One column of a text feed. */
struct column {
	int attr;          /* template attribute, or -1 (ignored) */
	int *subs;         /* group declared as name(a:b): template position of each part, or -1 */
	size_t nsubs;      /* 0: the parts are in the template's order */
};

struct feed_reader {
	const struct template *tpl;
	struct report *report;
	const char *source;
	struct validation v;
	struct row row;
	struct strmap unknown;     /* attribute names already reported as unknown */
	struct strbuf value, part;
	struct strbuf *slots;      /* group parts in template order (XML and declared headers) */
	size_t nslots;
	struct findings findings;  /* findings about the file, on their way to the report */
	/* text feeds */
	struct column *cols;
	size_t ncols;
	int marker;                /* TikTok's template layout: column 0 is a marker column */
	/* a separate currency column or element (exporters that write '12.00' and 'USD' apart):
	 * it completes a bare price of the same row; counted per attribute for one summary */
	struct strbuf currency;
	unsigned long *currency_completed;
	/* XML */
	char xml_error[256];
	long xml_error_line, xml_error_column;
	/* feed_read_rows(): each item goes to the callback instead of the validator */
	feed_row_fn each;
	void *each_ctx;
	int stop;                  /* the callback asked to stop */
};

static void file_finding(struct feed_reader *fr, enum severity sev, const char *rule, const char *field,
			 long line, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void file_finding(struct feed_reader *fr, enum severity sev, const char *rule, const char *field,
			 long line, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	struct finding *f;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	f = findings_add(&fr->findings, sev, rule, NULL, field, "%s", msg.buf);
	f->source = xstrdup(fr->source);
	f->line = line;
	strbuf_release(&msg);
	report_take(fr->report, &fr->findings, NULL);
}

/* Report an attribute name the template does not know, once per file. */
static void report_unknown(struct feed_reader *fr, const char *name, long line, const char *what)
{
	int created;

	strmap_put(&fr->unknown, name, strlen(name), &created);
	if (created)
		file_finding(fr, SEV_WARNING, "unknown-attribute", name, line, "%s %s is not a %s attribute (ignored)",
			     what, msg_quote(name), fr->tpl->title);
}

static void trim(const char **s, size_t *n)
{
	static const char ws[] = " \t\r\n";

	while (*n && strchr(ws, (*s)[0]))
		(*s)++, (*n)--;
	while (*n && strchr(ws, (*s)[*n - 1]))
		(*n)--;
}

/* Put one value of an attribute into the row: repeated and group attributes collect every
 * value (separated by ITEM_VALUE_SEP); a single-valued attribute keeps the first. */
static void add_value(struct feed_reader *fr, int attr, const char *s, size_t n, long line)
{
	const struct attribute *a = &fr->tpl->attrs[attr];
	struct strbuf *dst = &fr->row.values[attr];

	trim(&s, &n);
	if (!n)
		return;
	if (dst->len) {
		if (!a->repeated && a->kind != KIND_GROUP)
			return;
		strbuf_addch(dst, ITEM_VALUE_SEP);
	} else if (line) {
		fr->row.lines[attr] = line;
	}
	strbuf_add(dst, s, n);
}

/* Join the group parts collected in fr->slots in the template's order, ':' between them. */
static void add_group_slots(struct feed_reader *fr, int attr, long line)
{
	const struct attribute *a = &fr->tpl->attrs[attr];
	int any = 0;

	strbuf_reset(&fr->part);
	for (size_t k = 0; k < a->nsubattributes; k++) {
		if (k)
			strbuf_addch(&fr->part, ':');
		strbuf_add(&fr->part, fr->slots[k].buf, fr->slots[k].len);
		any |= fr->slots[k].len > 0;
	}
	if (any)
		add_value(fr, attr, fr->part.buf, fr->part.len, line);
}

static void reset_slots(struct feed_reader *fr)
{
	for (size_t k = 0; k < fr->nslots; k++)
		strbuf_reset(&fr->slots[k]);
}

static int sub_index(const struct attribute *a, const char *name, size_t n)
{
	for (size_t k = 0; k < a->nsubattributes; k++)
		if (strlen(a->subattributes[k]) == n && !strncasecmp(a->subattributes[k], name, n))
			return (int)k;
	return -1;
}

/* ---- text feeds (CSV, TSV) ---- */

static void free_columns(struct feed_reader *fr)
{
	for (size_t i = 0; i < fr->ncols; i++)
		free(fr->cols[i].subs);
	free(fr->cols);
	fr->cols = NULL;
	fr->ncols = 0;
}

/* What a reader holds once its feed is read (validate --feed and feed_read_rows alike). */
static void release_reader(struct feed_reader *fr)
{
	free_columns(fr);
	for (size_t k = 0; k < fr->nslots; k++)
		strbuf_release(&fr->slots[k]);
	free(fr->slots);
	strbuf_release(&fr->value);
	strbuf_release(&fr->part);
	strbuf_release(&fr->currency);
	free(fr->currency_completed);
	strmap_release(&fr->unknown);
	findings_release(&fr->findings);
	row_release(&fr->row);
}

/* Map a header cell onto an attribute: "g:id", "id", "shipping(country:price)". */
static void map_column(struct feed_reader *fr, struct column *c, const char *cell, size_t n, long line)
{
	const struct template *t = fr->tpl;
	struct strbuf name = STRBUF_INIT;
	const char *paren;
	size_t plen = t->xml_prefix ? strlen(t->xml_prefix) : 0;

	c->attr = -1;
	trim(&cell, &n);
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
			report_unknown(fr, name.buf, line, "column");
		else if (n)
			report_unknown(fr, cell, line, "column");
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
			trim(&s, &len);
			c->subs = xrealloc(c->subs, (c->nsubs + 1) * sizeof(*c->subs));
			c->subs[c->nsubs] = sub_index(a, s, len);
			if (c->subs[c->nsubs] < 0) {
				struct strbuf full = STRBUF_INIT;
				strbuf_addf(&full, "%s(%.*s)", a->name, (int)len, s);
				report_unknown(fr, full.buf, line, "sub-attribute");
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
		trim(&s, &n);
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
			file_finding(fr, SEV_WARNING, "unknown-attribute", NULL, rd->line, "column %zu has no name (ignored)", i + 1);
		for (size_t k = start; k < i && fr->cols[i].attr >= 0; k++)
			if (fr->cols[k].attr == fr->cols[i].attr && !fr->tpl->attrs[fr->cols[i].attr].repeated &&
			    fr->tpl->attrs[fr->cols[i].attr].kind != KIND_GROUP) {
				file_finding(fr, SEV_WARNING, "unknown-attribute", fr->tpl->attrs[fr->cols[i].attr].name, rd->line,
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
		add_value(fr, c->attr, s, n, line);
		return;
	}
	reset_slots(fr);
	for (size_t k = 0; k < c->nsubs && p <= end; k++) {
		const char *colon = k + 1 < c->nsubs ? memchr(p, ':', (size_t)(end - p)) : NULL;
		const char *stop = colon ? colon : end;
		if (c->subs[k] >= 0)
			strbuf_add(&fr->slots[c->subs[k]], p, (size_t)(stop - p));
		p = stop + 1;
	}
	add_group_slots(fr, c->attr, line);
}

static void add_cell(struct feed_reader *fr, const struct column *c, const char *s, size_t n, long line)
{
	const struct attribute *a = &fr->tpl->attrs[c->attr];
	char sep;
	const char *p = s, *end = s + n;

	if (!a->repeated && a->kind != KIND_GROUP) {
		add_value(fr, c->attr, s, n, line);
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
			add_value(fr, c->attr, p, (size_t)(stop - p), line);
		p = stop + 1;
	}
}

static void set_currency(struct feed_reader *fr, const char *s, size_t n)
{
	trim(&s, &n);
	strbuf_reset(&fr->currency);
	strbuf_add(&fr->currency, s, n);
}

/* 1 when s is a bare amount ("12", "12.50"): digits with at most one point. */
static int bare_amount(const char *s)
{
	int digits = 0, points = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '.' && !points++)
			;
		else
			return 0;
	}
	return digits > 0;
}

/* The row's currency column completes every bare price ("12.00" + "USD" -> "12.00 USD"); the
 * price rule then checks the result, ISO 4217 code included. */
static void complete_prices(struct feed_reader *fr)
{
	if (!fr->currency.len)
		return;
	for (size_t i = 0; i < fr->tpl->nattrs; i++) {
		struct strbuf *val = &fr->row.values[i];
		if (fr->tpl->attrs[i].kind != KIND_PRICE || !val->len || !bare_amount(val->buf))
			continue;
		strbuf_addch(val, ' ');
		strbuf_add(val, fr->currency.buf, fr->currency.len);
		fr->currency_completed[i]++;
	}
	strbuf_reset(&fr->currency);
}

/* After the last row: one warning per price attribute that the currency column completed. */
static void currency_summary(struct feed_reader *fr)
{
	for (size_t i = 0; i < fr->tpl->nattrs; i++)
		if (fr->currency_completed[i])
			file_finding(fr, SEV_WARNING, "price-currency", fr->tpl->attrs[i].name, 0,
				     "no currency in %lu of %lu items; taken from the separate '%s' %s: combine them "
				     "(%s expects '12.00 USD' in %s itself)",
				     fr->currency_completed[i], fr->report->items_read, CURRENCY_NAME,
				     fr->cols ? "column" : "element", fr->tpl->title, fr->tpl->attrs[i].name);
}

static void finish_row(struct feed_reader *fr)
{
	struct report *rep = fr->report;

	complete_prices(fr);

	rep->items_read++;
	if (fr->each) {
		fr->stop = fr->each(fr->each_ctx, &fr->row);
		findings_clear(&fr->row.findings);
		return;
	}
	if (validate_row(&fr->v, &fr->row))
		rep->items_valid++;
	else
		rep->items_rejected++;
	report_take(rep, &fr->row.findings, NULL);
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
			set_currency(fr, rd->fields[i], rd->lengths[i]);
	for (i = fr->ncols; i < rd->nfields; i++)
		extra += rd->lengths[i] > 0;
	if (extra)
		row_finding(&fr->row, SEV_ERROR, "row-width", -1,
			    "%zu cells, but the header has %zu: values are shifted (an unquoted separator?)", rd->nfields, fr->ncols);
	else if (rd->nfields < fr->ncols)
		row_finding(&fr->row, SEV_WARNING, "row-width", -1, "%zu cells, but the header has %zu (the rest are read as empty)",
			    rd->nfields, fr->ncols);
	finish_row(fr);
}

static int read_text(struct feed_reader *fr, FILE *fp, char sep)
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
		file_finding(fr, SEV_ERROR, "feed-syntax", NULL, rd.next_line, "%s; the rest of the file is not read", rd.error);
		rc = msg_fail(EXIT_INPUT, "feed %s line %ld: %s (%lu items checked before it)", msg_quote(fr->source),
			      rd.next_line, rd.error, fr->report->items_read);
	} else if (!fr->cols && fr->each) {
		rc = FEED_NO_HEADER; /* the caller says it, or counts the file another way */
	} else if (!fr->cols) {
		file_finding(fr, SEV_ERROR, "feed-syntax", NULL, 1, "no header row naming %s attributes", fr->tpl->title);
		rc = msg_fail(EXIT_INPUT, "feed %s: no header row naming %s attributes (such as %s) in its first %d records",
			      msg_quote(fr->source), fr->tpl->title, fr->tpl->id_attribute, HEADER_SCAN_LIMIT);
	}
	csv_reader_release(&rd);
	return rc;
}

/* ---- XML (RSS 2.0 <item>, Atom <entry>) ---- */

static int xml_read_cb(void *ctx, char *buf, int len)
{
	size_t n = fread(buf, 1, (size_t)len, ctx);

	return n || !ferror((FILE *)ctx) ? (int)n : -1;
}

static int xml_close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

static void xml_error_cb(void *arg, XML_ERROR_CONST xmlError *err)
{
	struct feed_reader *fr = arg;
	size_t n;

	if (!err || err->level < XML_ERR_ERROR || fr->xml_error[0])
		return;
	snprintf(fr->xml_error, sizeof(fr->xml_error), "%s", err->message ? err->message : "malformed XML");
	n = strlen(fr->xml_error);
	while (n && (fr->xml_error[n - 1] == '\n' || fr->xml_error[n - 1] == ' '))
		fr->xml_error[--n] = '\0';
	fr->xml_error_line = err->line;
	fr->xml_error_column = err->int2;
}

/* The line of the reader's current node: exact from the tree up to 65,534, else the parser's
 * position (which may be a little ahead). */
static long xml_line(xmlTextReaderPtr rd)
{
	xmlNodePtr node = xmlTextReaderCurrentNode(rd);
	long line = node ? xmlGetLineNo(node) : -1;

	if (line <= 0 || line >= 65535)
		line = xmlTextReaderGetParserLineNumber(rd);
	return line;
}

/* The attribute an item's child element stands for, or -1. */
static int xml_attr(struct feed_reader *fr, xmlTextReaderPtr rd, const char *local, const char *ns, long line)
{
	const struct template *t = fr->tpl;
	int a;

	if (ns && !strcmp(ns, ATOM_NS)) {
		/* Atom's own elements: title, link href, summary stand for the feed attributes */
		if (!strcmp(local, "summary"))
			local = "description";
		else if (strcmp(local, "title") && strcmp(local, "link") && strcmp(local, "description"))
			return -1;
		return template_attr_index(t, local);
	}
	if (ns && *ns && !(t->xml_namespace && !strcmp(ns, t->xml_namespace))) {
		report_unknown(fr, (const char *)xmlTextReaderConstName(rd), line, "element");
		return -1;
	}
	a = template_attr_index(t, local);
	if (a < 0 && !strcmp(local, CURRENCY_NAME))
		return ATTR_CURRENCY;
	if (a < 0)
		report_unknown(fr, (const char *)xmlTextReaderConstName(rd), line, "element");
	return a;
}

static int read_xml(struct feed_reader *fr, FILE *fp)
{
	xmlTextReaderPtr rd;
	int ret = 0, item_depth = -1, attr = -1, sub = -1, rc = 0;
	long attr_line = 0;

	rd = xmlReaderForIO(xml_read_cb, xml_close_cb, fp, fr->source, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES);
	if (!rd)
		return msg_fail(EXIT_INPUT, "feed %s: cannot start the XML reader", msg_quote(fr->source));
	xmlTextReaderSetStructuredErrorHandler(rd, xml_error_cb, fr);
	while (!fr->stop && (ret = xmlTextReaderRead(rd)) == 1) {
		int type = xmlTextReaderNodeType(rd), depth = xmlTextReaderDepth(rd);
		const char *local, *ns;

		switch (type) {
		case XML_READER_TYPE_ELEMENT:
			local = (const char *)xmlTextReaderConstLocalName(rd);
			ns = (const char *)xmlTextReaderConstNamespaceUri(rd);
			if (item_depth < 0) {
				if (!strcmp(local, "item") || !strcmp(local, "entry")) {
					item_depth = depth;
					row_reset(&fr->row);
					fr->row.source = fr->source;
					fr->row.line = xml_line(rd);
					strbuf_reset(&fr->currency);
					if (xmlTextReaderIsEmptyElement(rd)) {
						finish_row(fr);
						item_depth = -1;
					}
				}
				break;
			}
			if (depth == item_depth + 1) {
				attr_line = xml_line(rd);
				attr = xml_attr(fr, rd, local, ns, attr_line);
				sub = -1;
				strbuf_reset(&fr->value);
				reset_slots(fr);
				if (attr >= 0 && xmlTextReaderIsEmptyElement(rd)) {
					/* Atom <link href="..."/> */
					xmlChar *href = xmlTextReaderGetAttribute(rd, BAD_CAST "href");
					if (href)
						add_value(fr, attr, (const char *)href, strlen((const char *)href), attr_line);
					xmlFree(href);
					attr = -1;
				}
			} else if (depth == item_depth + 2 && attr >= 0 && fr->tpl->attrs[attr].kind == KIND_GROUP) {
				sub = sub_index(&fr->tpl->attrs[attr], local, strlen(local));
				strbuf_reset(&fr->part);
			}
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (item_depth < 0 || (attr < 0 && attr != ATTR_CURRENCY) || depth < item_depth + 2)
				break;
			if (attr == ATTR_CURRENCY)
				strbuf_addstr(&fr->value, (const char *)xmlTextReaderConstValue(rd));
			else if (fr->tpl->attrs[attr].kind == KIND_GROUP) {
				if (sub >= 0 && depth >= item_depth + 3)
					strbuf_addstr(&fr->part, (const char *)xmlTextReaderConstValue(rd));
			} else
				strbuf_addstr(&fr->value, (const char *)xmlTextReaderConstValue(rd));
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if (item_depth < 0)
				break;
			if (depth == item_depth) {
				finish_row(fr);
				item_depth = -1;
			} else if (depth == item_depth + 1 && attr == ATTR_CURRENCY) {
				set_currency(fr, fr->value.buf, fr->value.len);
				attr = -1;
			} else if (depth == item_depth + 1 && attr >= 0) {
				if (fr->tpl->attrs[attr].kind == KIND_GROUP)
					add_group_slots(fr, attr, attr_line);
				else
					add_value(fr, attr, fr->value.buf, fr->value.len, attr_line);
				attr = -1;
			} else if (depth == item_depth + 2 && attr >= 0 && sub >= 0) {
				const char *s = fr->part.buf;
				size_t n = fr->part.len;
				trim(&s, &n);
				if (!fr->slots[sub].len)
					strbuf_add(&fr->slots[sub], s, n);
				sub = -1;
			}
			break;
		default:
			break;
		}
	}
	if (ret < 0) {
		if (!fr->xml_error[0])
			snprintf(fr->xml_error, sizeof(fr->xml_error), "malformed XML");
		if (!fr->xml_error_line)
			fr->xml_error_line = xmlTextReaderGetParserLineNumber(rd);
		file_finding(fr, SEV_ERROR, "feed-syntax", NULL, fr->xml_error_line,
			     "column %ld: %s; the rest of the file is not read%s", fr->xml_error_column, fr->xml_error,
			     item_depth >= 0 ? " (the item open there is not checked)" : "");
		rc = msg_fail(EXIT_INPUT, "feed %s line %ld column %ld: %s (%lu items checked before it)",
			      msg_quote(fr->source), fr->xml_error_line, fr->xml_error_column, fr->xml_error,
			      fr->report->items_read);
	} else if (!fr->report->items_read && !fr->each) {
		msg_warning("feed %s has no <item> or <entry> elements", msg_quote(fr->source));
	}
	xmlFreeTextReader(rd);
	return rc;
}

/* ---- opening and detection ---- */

/* A feed in UTF-16 that starts with '<' is XML, which libxml2 decodes itself; any other
 * UTF-16 feed, UTF-32 (libxml2 cannot read it), or binary data, is refused from its first
 * bytes with the one message. */
static int refuse_encoding(struct feed_reader *fr, const unsigned char *head, size_t n)
{
	enum text_form form = encoding_detect(head, n, NULL);
	struct strbuf m = STRBUF_INIT;

	if (!form || ((form == FORM_UTF16LE || form == FORM_UTF16BE) && encoding_first_char(head, n, form) == '<'))
		return 0;
	encoding_message(&m, "feed", fr->source, "a CSV, TSV or XML feed", head, n, form);
	msg_error("%s", m.buf);
	strbuf_release(&m);
	return EXIT_INPUT;
}

/* Copy a stream into an anonymous temporary file (stdin, a pipe or FIFO), so the format can
 * be detected and the file read from the start (gzip data is then read from the copy). */
static int spool(struct feed_reader *fr, FILE *in, FILE **out)
{
	FILE *tmp = tmpfile();
	char buf[65536];
	unsigned long long total = 0;
	size_t n;

	if (!tmp)
		return msg_fail(EXIT_INPUT, "feed %s: cannot create a temporary file: %s", msg_quote(fr->source), strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		/* refuse /dev/zero or a pipe of NUL bytes at once, not after 4 GB */
		if (!total && !(n >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b) &&
		    refuse_encoding(fr, (const unsigned char *)buf, n)) {
			fclose(tmp);
			return EXIT_INPUT;
		}
		total += n;
		if (total > GZIP_MAX || fwrite(buf, 1, n, tmp) != n) {
			fclose(tmp);
			return msg_fail(EXIT_INPUT, "feed %s: %s", msg_quote(fr->source),
					total > GZIP_MAX ? "larger than 4 GB" : "cannot write a temporary file");
		}
	}
	if (ferror(in)) {
		fclose(tmp);
		return msg_fail(EXIT_INPUT, "feed %s: read error", msg_quote(fr->source));
	}
	rewind(tmp);
	*out = tmp;
	return 0;
}

/* Open the gzip data of fp (a regular file or the spooled copy of a stream) through the source
 * opener's unpacker (source_gzip.c: streamed, checked, capped, so a gzip bomb costs neither
 * disk nor memory): the head is unpacked into head for detection; the caller rewinds. */
static int open_gzip(struct feed_reader *fr, FILE *fp, unsigned char *head, size_t cap, size_t *n, FILE **out)
{
	int rc;

	rewind(fp);
	if ((rc = source_gunzip("feed", fr->source, &fp))) {
		fclose(fp);
		return rc;
	}
	*n = fread(head, 1, cap, fp);
	if (ferror(fp)) {
		fclose(fp);
		return EXIT_INPUT; /* said by the unpacker */
	}
	*out = fp;
	return 0;
}

/* Detect the format from the first bytes: after an optional BOM, '<' is XML (also in UTF-16
 * or UTF-32, which libxml2 reads); else the first line that is not a '#' comment decides:
 * more tabs than commas is TSV, else CSV. */
static enum feed_kind detect(const unsigned char *buf, size_t n, int *bom)
{
	size_t i = 0, tabs = 0, commas = 0;
	enum text_form form = encoding_detect(buf, n, NULL);

	*bom = n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF;
	if (form != FORM_BINARY && encoding_first_char(buf, n, form) == '<')
		return FEED_XML;
	i = *bom ? 3 : 0;
	while (i < n && buf[i] == '#') {
		while (i < n && buf[i] != '\n')
			i++;
		i++;
	}
	for (; i < n && buf[i] != '\n' && buf[i] != '\r'; i++) {
		tabs += buf[i] == '\t';
		commas += buf[i] == ',';
	}
	return tabs > commas ? FEED_TSV : FEED_CSV;
}

static int open_feed(struct feed_reader *fr, const char *path, const struct fetch_options *fo, FILE **fpp,
		     enum feed_kind *kind, int *bom)
{
	unsigned char head[65536];
	FILE *fp;
	size_t n;
	int rc, seekable;

	/* a file, a URL (downloaded with the run's fetch options), standard input or a FIFO */
	if ((rc = source_open_raw("feed", path, fo, &fp, &seekable))) /* gzip: open_gzip() below */
		return rc;
	if (!seekable) {
		/* a pipe or FIFO (-, /dev/stdin, <(...)) cannot be rewound: spool it first */
		FILE *spooled = NULL;
		rc = spool(fr, fp, &spooled);
		source_close(fp);
		if (rc)
			return rc;
		fp = spooled;
	}
	n = fread(head, 1, sizeof(head), fp);
	if (ferror(fp)) {
		fclose(fp);
		return msg_fail(EXIT_INPUT, "cannot read feed %s: %s", msg_quote(path), strerror(errno));
	}
	if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b) {
		/* gzip (accepted by TikTok and Google): read through zlib as a stream */
		FILE *gzfp = NULL;
		rc = open_gzip(fr, fp, head, sizeof(head), &n, &gzfp);
		if (rc)
			return rc;
		fp = gzfp;
	}
	if (!n) {
		fclose(fp);
		return msg_fail(EXIT_INPUT, "feed %s is empty", msg_quote(path));
	}
	if ((rc = refuse_encoding(fr, head, n))) {
		fclose(fp);
		return rc;
	}
	*kind = detect(head, n, bom);
	rewind(fp); /* a gzip stream unpacks again from the start */
	*fpp = fp;
	return 0;
}

int feed_validate_file(struct run_config *cfg, struct report *report)
{
	struct feed_reader fr;
	enum feed_kind kind;
	FILE *fp = NULL;
	int bom = 0, rc;
	size_t maxsub = 0;

	memset(&fr, 0, sizeof(fr));
	fr.report = report;
	fr.source = cfg->feed;
	if (!(fr.tpl = template_load(cfg->channels[0])))
		return EXIT_USAGE;
	if ((rc = open_feed(&fr, cfg->feed, &cfg->fetch, &fp, &kind, &bom))) {
		template_free((struct template *)fr.tpl);
		return rc;
	}
	if (msg_is_verbose())
		msg_info("reading %s as %s for %s", msg_quote(cfg->feed), feed_kind_names[kind], fr.tpl->title);
	for (size_t i = 0; i < fr.tpl->nattrs; i++)
		if (fr.tpl->attrs[i].nsubattributes > maxsub)
			maxsub = fr.tpl->attrs[i].nsubattributes;
	fr.nslots = maxsub;
	fr.slots = xcalloc(maxsub + 1, sizeof(*fr.slots));
	for (size_t k = 0; k < maxsub; k++)
		strbuf_init(&fr.slots[k]);
	validation_init(&fr.v, fr.tpl, 0);
	fr.v.check_recommended = 1;
	fr.currency_completed = xcalloc(fr.tpl->nattrs + 1, sizeof(*fr.currency_completed));
	row_init(&fr.row, fr.tpl);
	if (bom)
		file_finding(&fr, SEV_WARNING, "bom", NULL, 1,
			     "the file starts with a UTF-8 byte-order mark%s; some platforms reject it (save as UTF-8 without BOM)",
			     kind == FEED_XML ? " before <?xml" : " before the header");
	if (kind == FEED_XML)
		rc = read_xml(&fr, fp);
	else
		rc = read_text(&fr, fp, kind == FEED_TSV ? '\t' : ',');
	fclose(fp);
	currency_summary(&fr);
	{
		struct findings summary = FINDINGS_INIT;
		validation_summary(&fr.v, &summary);
		for (size_t k = 0; k < summary.n; k++)
			summary.v[k].source = xstrdup(cfg->feed);
		report_take(report, &summary, NULL);
		findings_release(&summary);
	}
	release_reader(&fr);
	validation_release(&fr.v);
	template_free((struct template *)fr.tpl);
	return rc;
}

/* ---- counting (the safety guard's "the feed it replaces") ---- */

static int count_text(const char *path, FILE *fp, char sep, unsigned long *n)
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

static void count_xml_error(void *arg, XML_ERROR_CONST xmlError *err)
{
	(void)arg; /* quiet: the outcome says it */
	(void)err;
}

static int count_xml(const char *path, FILE *fp, unsigned long *n)
{
	xmlTextReaderPtr rd = xmlReaderForIO(xml_read_cb, xml_close_cb, fp, path, NULL, XML_PARSE_NONET);
	int ret;

	if (!rd)
		return msg_fail(EXIT_INPUT, "feed %s: cannot start the XML reader", msg_quote(path));
	xmlTextReaderSetStructuredErrorHandler(rd, count_xml_error, NULL);
	ret = xmlTextReaderRead(rd);
	while (ret == 1) {
		const char *local = (const char *)xmlTextReaderConstLocalName(rd);
		if (xmlTextReaderNodeType(rd) == XML_READER_TYPE_ELEMENT && (!strcmp(local, "item") || !strcmp(local, "entry"))) {
			(*n)++;
			ret = xmlTextReaderNext(rd); /* past its subtree, unreported (still parsed) */
		} else {
			ret = xmlTextReaderRead(rd);
		}
	}
	xmlFreeTextReader(rd);
	return ret < 0 ? msg_fail(EXIT_INPUT, "feed %s: malformed XML", msg_quote(path)) : 0;
}

int feed_count_items(const char *path, unsigned long *n)
{
	struct feed_reader fr;
	struct stat st;
	enum feed_kind kind;
	FILE *fp = NULL;
	int bom, rc;

	*n = 0;
	if (!stat(path, &st) && S_ISREG(st.st_mode) && !st.st_size)
		return 0;
	memset(&fr, 0, sizeof(fr));
	fr.source = path;
	if ((rc = open_feed(&fr, path, NULL, &fp, &kind, &bom)))
		return rc;
	if (kind == FEED_XML)
		rc = count_xml(path, fp, n);
	else
		rc = count_text(path, fp, kind == FEED_TSV ? '\t' : ',', n);
	fclose(fp);
	return rc;
}

/* ---- rows for other readers (feedgen diff: feed_diff.h) ---- */

/* The reader of feed_read_rows() and feed_read_rows_stream() on an opened feed of this kind. */
static int read_rows(struct feed_reader *fr, FILE *fp, enum feed_kind kind)
{
	const struct template *tpl = fr->tpl;
	size_t maxsub = 0;

	for (size_t i = 0; i < tpl->nattrs; i++)
		if (tpl->attrs[i].nsubattributes > maxsub)
			maxsub = tpl->attrs[i].nsubattributes;
	fr->nslots = maxsub;
	fr->slots = xcalloc(maxsub + 1, sizeof(*fr->slots));
	for (size_t k = 0; k < maxsub; k++)
		strbuf_init(&fr->slots[k]);
	fr->currency_completed = xcalloc(tpl->nattrs + 1, sizeof(*fr->currency_completed));
	row_init(&fr->row, tpl);
	return kind == FEED_XML ? read_xml(fr, fp) : read_text(fr, fp, kind == FEED_TSV ? '\t' : ',');
}

int feed_read_rows(const char *path, const struct template *tpl, feed_row_fn fn, void *ctx, const char **kind_name)
{
	struct feed_reader fr;
	struct report report;
	struct stat st;
	enum feed_kind kind;
	FILE *fp = NULL;
	int bom = 0, rc;

	if (kind_name)
		*kind_name = "empty";
	if (!stat(path, &st) && S_ISREG(st.st_mode) && !st.st_size)
		return 0; /* an empty file: a feed of no items, as feed_count_items() says */
	memset(&fr, 0, sizeof(fr));
	report_init(&report, "diff");
	report.max_kept = 0; /* notes about the file (unknown columns) are not the caller's concern */
	fr.report = &report;
	fr.source = path;
	fr.tpl = tpl;
	fr.each = fn;
	fr.each_ctx = ctx;
	if ((rc = open_feed(&fr, path, NULL, &fp, &kind, &bom))) {
		report_release(&report);
		return rc;
	}
	if (kind_name)
		*kind_name = feed_kind_names[kind];
	rc = read_rows(&fr, fp, kind);
	fclose(fp);
	release_reader(&fr);
	report_release(&report);
	return rc;
}

int feed_read_rows_stream(FILE *fp, const char *source, const struct template *tpl, feed_row_fn fn, void *ctx,
			  const char **kind_name)
{
	unsigned char head[65536]; /* for detection only */
	struct feed_reader fr;
	struct report report;
	enum feed_kind kind;
	size_t n;
	int bom = 0, rc;

	if (kind_name)
		*kind_name = "empty";
	memset(&fr, 0, sizeof(fr));
	fr.source = source;
	n = fread(head, 1, sizeof(head), fp);
	if (ferror(fp))
		return msg_fail(EXIT_INPUT, "cannot read %s: %s", msg_quote(source), strerror(errno ? errno : EIO));
	if (!n)
		return 0;
	if ((rc = refuse_encoding(&fr, head, n)))
		return rc;
	kind = detect(head, n, &bom);
	rewind(fp);
	if (kind_name)
		*kind_name = feed_kind_names[kind];
	report_init(&report, "diff");
	report.max_kept = 0;
	fr.report = &report;
	fr.tpl = tpl;
	fr.each = fn;
	fr.each_ctx = ctx;
	rc = read_rows(&fr, fp, kind);
	release_reader(&fr);
	report_release(&report);
	return rc;
}
