/* writer.c: feed formats: CSV, TSV and RSS 2.0 XML (see writer.h).
 * Owns: the per-format state of one feed being written. */
#include "writer.h"
#include "alloc.h"
#include "csv.h"
#include "msg.h"
#include "xmltext.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const format_names[] = { "csv", "tsv", "xml" };

int feed_format_from_name(const char *name)
{
	for (int i = 0; i < 3; i++)
		if (!strcasecmp(name, format_names[i]))
			return i;
	return -1;
}

const char *feed_format_name(enum feed_format f)
{
	return format_names[f];
}

int feed_format_from_path(const char *path)
{
	static const char *const exts[] = { ".csv", ".tsv", ".txt", ".xml", ".rss" };
	static const int formats[] = { FORMAT_CSV, FORMAT_TSV, FORMAT_TSV, FORMAT_XML, FORMAT_XML };
	size_t n = strlen(path), k;

	if (n > 3 && !strcasecmp(path + n - 3, ".gz")) /* tiktok.csv.gz: the format of tiktok.csv */
		n -= 3;
	for (k = n; k > 0 && path[k - 1] != '.' && path[k - 1] != '/'; k--)
		;
	if (!k || path[k - 1] != '.' || n - k + 1 != 4)
		return -1;
	for (int i = 0; i < 5; i++)
		if (!strncasecmp(path + k - 1, exts[i], 4))
			return formats[i];
	return -1;
}

static int xml_close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

/* Every byte of the feed goes out here: into the output, or into its parts. */
static void emit(struct feed_writer *w, const void *data, size_t len)
{
	if (w->parts)
		feed_parts_write(w->parts, data, len);
	else
		output_write(w->out, data, len);
}

/* A row's bytes, all of them (libxml2 holds none). */
static void emit_row(struct feed_writer *w, const struct row *r)
{
	if (w->parts) /* the parts place it */
		feed_parts_row(w->parts, w->line.buf, w->line.len, row_id(r));
	else
		output_write(w->out, w->line.buf, w->line.len);
}

static int xml_write_cb(void *ctx, const char *buf, int len)
{
	struct feed_writer *w = ctx;

	emit(w, buf, (size_t)len);
	return (w->parts ? feed_parts_failed(w->parts) : w->out->failed) ? -1 : len;
}

/* What ends an XML part (the channel's and the document's end tags, as this writer indents
 * them), from a throwaway document written the same way. */
static void xml_footer(struct strbuf *footer)
{
	xmlBufferPtr b = xmlBufferCreate();
	xmlTextWriterPtr x = xmlNewTextWriterMemory(b, 0);
	size_t mark;

	xmlTextWriterSetIndent(x, 1);
	xmlTextWriterSetIndentString(x, BAD_CAST "  ");
	xmlTextWriterStartDocument(x, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(x, BAD_CAST "rss");
	xmlTextWriterStartElement(x, BAD_CAST "channel");
	xmlTextWriterStartElement(x, BAD_CAST "item");
	xmlTextWriterEndElement(x);
	xmlTextWriterFlush(x);
	mark = (size_t)xmlBufferLength(b);
	xmlTextWriterEndDocument(x);
	xmlTextWriterFlush(x);
	strbuf_add(footer, xmlBufferContent(b) + mark, (size_t)xmlBufferLength(b) - mark);
	xmlFreeTextWriter(x);
	xmlBufferFree(b);
}

static void writer_start(struct feed_writer *w, enum feed_format format, const struct template *tpl,
			 const struct feed_meta *meta);
static void tags_init(struct feed_writer *w);
static void tags_release(struct feed_writer *w);

int feed_writer_begin(struct feed_writer *w, enum feed_format format, const struct template *tpl,
		      struct output *out, const struct feed_meta *meta)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	writer_start(w, format, tpl, meta);
	return 0;
}

int feed_writer_begin_parts(struct feed_writer *w, enum feed_format format, const struct template *tpl,
			    struct feed_parts *parts, const struct feed_meta *meta)
{
	struct strbuf footer = STRBUF_INIT;

	memset(w, 0, sizeof(*w));
	w->parts = parts;
	writer_start(w, format, tpl, meta);
	if (w->xml) {
		xmlTextWriterFlush(w->xml);
		xml_footer(&footer);
	}
	feed_parts_header_end(parts, footer.buf, footer.len);
	strbuf_release(&footer);
	return 0;
}

static void writer_start(struct feed_writer *w, enum feed_format format, const struct template *tpl,
			 const struct feed_meta *meta)
{
	w->format = format;
	w->tpl = tpl;
	strbuf_init(&w->line);
	strbuf_init(&w->cell);
	if (format == FORMAT_XML) {
		tags_init(w);
		xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(xml_write_cb, xml_close_cb, w, NULL);
		w->xml = xmlNewTextWriter(ob);
		xmlTextWriterSetIndent(w->xml, 1);
		xmlTextWriterSetIndentString(w->xml, BAD_CAST "  ");
		xmlTextWriterStartDocument(w->xml, NULL, "UTF-8", NULL);
		xmlTextWriterStartElement(w->xml, BAD_CAST "rss");
		xmlTextWriterWriteAttribute(w->xml, BAD_CAST "version", BAD_CAST "2.0");
		if (tpl->xml_prefix && tpl->xml_namespace) {
			char attr[64];
			snprintf(attr, sizeof(attr), "xmlns:%s", tpl->xml_prefix);
			xmlTextWriterWriteAttribute(w->xml, BAD_CAST attr, BAD_CAST tpl->xml_namespace);
		}
		xmlTextWriterStartElement(w->xml, BAD_CAST "channel");
		xmlTextWriterWriteElement(w->xml, BAD_CAST "title", BAD_CAST(meta && meta->title ? meta->title : tpl->title));
		xmlTextWriterWriteElement(w->xml, BAD_CAST "link", BAD_CAST(meta && meta->link ? meta->link : ""));
		xmlTextWriterWriteElement(w->xml, BAD_CAST "description",
					  BAD_CAST(meta && meta->description ? meta->description : "Product feed written by feedgen"));
		w->xml_pending = 1;
		return;
	}
	for (size_t i = 0; i < tpl->nattrs; i++) {
		const struct attribute *a = &tpl->attrs[i];
		if (i)
			strbuf_addch(&w->line, format == FORMAT_TSV ? '\t' : ',');
		if (a->kind == KIND_GROUP && a->nsubattributes && format == FORMAT_TSV) {
			/* Google: declare the sub-attribute order in the header: shipping(country:region:service:price) */
			struct strbuf h = STRBUF_INIT;
			strbuf_addf(&h, "%s(", a->name);
			for (size_t k = 0; k < a->nsubattributes; k++)
				strbuf_addf(&h, "%s%s", k ? ":" : "", a->subattributes[k]);
			strbuf_addch(&h, ')');
			csv_add_field(&w->line, h.buf, h.len, '\t');
			strbuf_release(&h);
		} else
			csv_add_field(&w->line, a->name, strlen(a->name), format == FORMAT_TSV ? '\t' : ',');
	}
	strbuf_addstr(&w->line, format == FORMAT_CSV ? "\r\n" : "\n");
	emit(w, w->line.buf, w->line.len);
}

/* Join the values of a multi-valued attribute for a text cell. */
static void join_values(struct strbuf *cell, const struct attribute *a, const struct strbuf *v, char sep)
{
	int url = a->kind == KIND_URL || a->kind == KIND_IMAGE_URL;
	const char *p = v->buf, *end = v->buf + v->len;

	if (!url && !memchr(p, ITEM_VALUE_SEP, v->len)) {
		strbuf_add(cell, p, v->len); /* the common case: one value */
		return;
	}
	while (p < end) {
		size_t run = strcspn(p, url ? "\x1f," : "\x1f");
		strbuf_add(cell, p, run);
		p += run;
		if (p >= end)
			break;
		if (*p == ITEM_VALUE_SEP)
			strbuf_addch(cell, sep);
		else
			strbuf_addstr(cell, "%2C"); /* a comma inside one URL must not split it */
		p++;
	}
}

/* A value the cell takes as it is: one value, nothing to quote, clean or escape (no separator,
 * quote, line break, tab in TSV, comma in a URL, NUL, space at either end). One strcspn (a
 * strbuf ends in NUL) decides it for most values: they are copied once, into the line. */
static int text_verbatim(const struct feed_writer *w, const struct attribute *a, const struct strbuf *v)
{
	int url = a->kind == KIND_URL || a->kind == KIND_IMAGE_URL;
	const char *reject = w->format == FORMAT_TSV ? (url ? "\t\"\r\n\x1f," : "\t\"\r\n\x1f") : ",\"\r\n\x1f";

	return v->buf[0] != ' ' && v->buf[v->len - 1] != ' ' && strcspn(v->buf, reject) == v->len;
}

/* One non-empty cell of a text row into the line. */
static inline void text_cell(struct feed_writer *w, const struct attribute *a, const struct strbuf *v)
{
	const struct template *t = w->tpl;
	char sep = w->format == FORMAT_TSV ? '\t' : ',';
	struct strbuf *cell = &w->cell;

	if (text_verbatim(w, a, v)) {
		strbuf_add(&w->line, v->buf, v->len);
		return;
	}
	if (w->format == FORMAT_CSV && a->kind != KIND_URL && a->kind != KIND_IMAGE_URL &&
	    !memchr(v->buf, ITEM_VALUE_SEP, v->len)) {
		csv_add_field(&w->line, v->buf, v->len, sep); /* one value, quoted: no cell */
		return;
	}
	strbuf_reset(cell);
	join_values(cell, a, v, a->kind == KIND_GROUP ? t->group_separator : t->list_separator);
	if (w->format == FORMAT_TSV) {
		/* a text feed has one product per line: tabs and line breaks become spaces */
		for (size_t k = 0; k < cell->len; k++)
			if (cell->buf[k] == '\t' || cell->buf[k] == '\n' || cell->buf[k] == '\r')
				cell->buf[k] = ' ';
	}
	csv_add_field(&w->line, cell->buf, cell->len, sep);
}

/* The previous writer of w's ring while the row its line holds is unchanged, or NULL. */
static const struct feed_writer *alike_of(const struct feed_writer *w)
{
	const struct feed_writer *o = w->alike;

	return o && o->last && o->last->gen == o->last_gen ? o : NULL;
}

/* Attribute i of r has the value o wrote last (both may be empty). */
static inline int same_value(const struct feed_writer *o, const struct row *r, size_t i)
{
	const struct strbuf *ov = &o->last->values[i], *v = &r->values[i];

	return ov->len == v->len && (!v->len || !memcmp(ov->buf, v->buf, v->len));
}

/* Bytes between two cells of a row: a text row's separator, none in XML. */
static inline size_t cell_gap(const struct feed_writer *w)
{
	return w->format == FORMAT_XML ? 0 : 1;
}

/* The cells from i on whose values are o's: copied from o's line in one piece (with the gap
 * before the first and the gaps between them), their places marked. Returns the first cell
 * after them. */
static size_t copy_alike(struct feed_writer *w, const struct feed_writer *o, const struct row *r, size_t i)
{
	size_t j = i + 1, n = w->tpl->nattrs, gap = cell_gap(w), src = o->marks[i] - (i ? gap : 0);
	uint32_t delta = (uint32_t)(w->line.len - src); /* modulo 2^32, as the marks */

	while (j < n && same_value(o, r, j))
		j++;
	strbuf_add(&w->line, o->line.buf + src, o->marks[j] - gap - src);
	for (size_t k = i; k < j; k++)
		w->marks[k] = o->marks[k] + delta;
	return j;
}

/* Where attribute i's bytes of this row begin in the line (a writer in a ring): they end
 * where cell i + 1 begins, less the gap. */
static inline void cell_mark(struct feed_writer *w, size_t i, size_t start)
{
	w->marks[i] = (uint32_t)start;
}

static inline void row_done(struct feed_writer *w, const struct row *r)
{
	w->marks[w->tpl->nattrs] = (uint32_t)(w->line.len + cell_gap(w)); /* where one more would begin */
	w->last = w->line.len < UINT32_MAX ? r : NULL; /* a line past 4 GB is nobody's to copy from */
	w->last_gen = r->gen;
}

/* The row was compared with o's last (o NULL: with none): its first lead values are o's. */
static inline void like_done(struct feed_writer *w, const struct feed_writer *o, size_t lead)
{
	w->like.row = o ? o->last : NULL;
	w->like.gen = o ? o->last_gen : 0;
	w->like.n = lead;
}

static inline void xml_attribute(struct feed_writer *w, size_t i, const struct strbuf *v);

/* The cells of a row. Inlined for each of its four uses, ring and xml constants: a writer
 * alone in its format and template pays nothing for the rings (its loop is the one before them). */
static inline __attribute__((always_inline)) void row_cells(struct feed_writer *w, const struct row *r, int ring,
							     int xml)
{
	const struct feed_writer *o = ring ? alike_of(w) : NULL;
	char sep = w->format == FORMAT_TSV ? '\t' : ',';
	size_t n = w->tpl->nattrs, lead = n;

	for (size_t i = 0; i < n;) {
		const struct strbuf *v = &r->values[i];
		size_t start;
		if (ring && o && same_value(o, r, i)) {
			i = copy_alike(w, o, r, i);
			continue;
		}
		if (i < lead)
			lead = i;
		if (i && !xml)
			strbuf_addch(&w->line, sep);
		start = w->line.len;
		if (v->len && xml)
			xml_attribute(w, i, v);
		else if (v->len)
			text_cell(w, &w->tpl->attrs[i], v);
		if (ring)
			cell_mark(w, i, start);
		i++;
	}
	if (ring)
		like_done(w, o, lead);
}

static void text_row(struct feed_writer *w, const struct row *r)
{
	strbuf_reset(&w->line);
	if (w->marks)
		row_cells(w, r, 1, 0), row_done(w, r);
	else
		row_cells(w, r, 0, 0);
	strbuf_add(&w->line, w->format == FORMAT_CSV ? "\r\n" : "\n", w->format == FORMAT_CSV ? 2 : 1);
	emit_row(w, r);
}

/* A row is written as the bytes xmlTextWriter (indenting by two spaces) wrote for it, built
 * in w->line with one-pass escaping (xmltext.c) between tags built once per feed, and written
 * in one piece: the text writer escaped each value into a fresh allocation and copied it
 * twice (issue 12). Its header and end tags stay libxml2's; it is flushed first so the bytes
 * stay in order. */
#define XML_ITEM_INDENT 4

static void tag_init(struct xml_tag *tag, size_t indent, const char *name, int group)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%*s<%s>%s", (int)indent, "", name, group ? "\n" : "");
	tag->open = strbuf_detach(&sb, &tag->open_len);
	strbuf_addf(&sb, "%*s</%s>\n", group ? (int)indent : 0, "", name);
	tag->close = strbuf_detach(&sb, &tag->close_len);
	tag->sub = NULL;
}

static void tags_init(struct feed_writer *w)
{
	const struct template *t = w->tpl;

	w->tags = xcalloc(t->nattrs, sizeof(*w->tags));
	for (size_t i = 0; i < t->nattrs; i++) {
		const struct attribute *a = &t->attrs[i];
		int group = a->kind == KIND_GROUP && a->nsubattributes;
		tag_init(&w->tags[i], XML_ITEM_INDENT + 2, a->xml_name, group);
		if (!group)
			continue;
		w->tags[i].sub = xcalloc(a->nsubattributes, sizeof(*w->tags[i].sub));
		for (size_t k = 0; k < a->nsubattributes; k++) {
			struct strbuf name = STRBUF_INIT;
			if (t->xml_prefix)
				strbuf_addf(&name, "%s:", t->xml_prefix);
			strbuf_addstr(&name, a->subattributes[k]);
			tag_init(&w->tags[i].sub[k], XML_ITEM_INDENT + 4, name.buf, 0);
			strbuf_release(&name);
		}
	}
}

static void tags_release(struct feed_writer *w)
{
	if (!w->tags)
		return;
	for (size_t i = 0; i < w->tpl->nattrs; i++) {
		struct xml_tag *tag = &w->tags[i];
		for (size_t k = 0; tag->sub && k < w->tpl->attrs[i].nsubattributes; k++) {
			free(tag->sub[k].open);
			free(tag->sub[k].close);
		}
		free(tag->sub);
		free(tag->open);
		free(tag->close);
	}
	free(w->tags);
	w->tags = NULL;
}

static inline void xml_element(struct strbuf *o, const struct xml_tag *tag, const char *s, size_t n)
{
	strbuf_add(o, tag->open, tag->open_len);
	xml_add_text(o, s, n);
	strbuf_add(o, tag->close, tag->close_len);
}

static void xml_group(struct feed_writer *w, const struct attribute *a, const struct xml_tag *tag, const char *value,
		      size_t len)
{
	struct strbuf *o = &w->line;
	const char *p = value, *end = value + len;
	size_t k = 0, open = o->len;
	int children = 0;

	strbuf_add(o, tag->open, tag->open_len);
	while (p <= end && k < a->nsubattributes) {
		const char *colon = memchr(p, ':', (size_t)(end - p));
		const char *stop = colon && k + 1 < a->nsubattributes ? colon : end;
		if (stop > p) {
			xml_element(o, &tag->sub[k], p, (size_t)(stop - p));
			children = 1;
		}
		k++;
		p = stop + 1;
	}
	if (!children) { /* an empty element: <g:shipping/> */
		strbuf_setlen(o, open);
		strbuf_add(o, tag->open, tag->open_len - 2);
		strbuf_add(o, "/>\n", 3);
		return;
	}
	strbuf_add(o, tag->close, tag->close_len);
}

/* Attribute i's elements: one per value (a group's: its sub-attributes' elements in one). */
static inline void xml_attribute(struct feed_writer *w, size_t i, const struct strbuf *v)
{
	const char *p = v->buf, *end = v->buf + v->len;

	while (p < end) {
		const char *sep = memchr(p, ITEM_VALUE_SEP, (size_t)(end - p));
		const char *stop = sep ? sep : end;
		if (stop > p) {
			if (w->tags[i].sub)
				xml_group(w, &w->tpl->attrs[i], &w->tags[i], p, (size_t)(stop - p));
			else
				xml_element(&w->line, &w->tags[i], p, (size_t)(stop - p));
		}
		p = stop + 1;
	}
}

static void xml_row(struct feed_writer *w, const struct row *r)
{
	struct strbuf *o = &w->line;

	if (w->xml_pending) { /* the header's bytes go out before the first row's */
		xmlTextWriterFlush(w->xml);
		w->xml_pending = 0;
	}
	strbuf_reset(o);
	strbuf_add(o, "    <item>\n", XML_ITEM_INDENT + 7);
	if (w->marks)
		row_cells(w, r, 1, 1), row_done(w, r);
	else
		row_cells(w, r, 0, 1);
	if (o->len > XML_ITEM_INDENT + 7) /* an element was written */
		strbuf_add(o, "    </item>\n", XML_ITEM_INDENT + 8);
	else
		strbuf_setlen(o, o->len - 2), strbuf_add(o, "/>\n", 3);
	emit_row(w, r);
}

void feed_writer_row(struct feed_writer *w, const struct row *r)
{
	w->rows++;
	if (w->format == FORMAT_XML)
		xml_row(w, r);
	else
		text_row(w, r);
}

int feed_writer_end(struct feed_writer *w)
{
	if (w->xml) {
		xmlTextWriterEndDocument(w->xml);
		xmlTextWriterFlush(w->xml);
		xmlFreeTextWriter(w->xml); /* also frees the output buffer */
		w->xml = NULL;
	}
	if (w->parts)
		return feed_parts_failed(w->parts);
	return w->out->failed ? EXIT_OUTPUT : 0;
}

/* Writers whose cells are alike for alike values: one format, one template file. */
static int writers_alike(const struct feed_writer *a, const struct feed_writer *b)
{
	return a->format == b->format && a->tpl->nattrs == b->tpl->nattrs && !strcmp(a->tpl->path, b->tpl->path);
}

void feed_writer_share(struct feed_writer **w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct feed_writer *prev = w[i];
		if (w[i]->alike)
			continue; /* in a ring already */
		for (size_t j = i + 1; j < n; j++)
			if (!w[j]->alike && writers_alike(w[i], w[j]))
				w[j]->alike = prev, prev = w[j];
		if (prev == w[i])
			continue; /* alone */
		w[i]->alike = prev; /* the first copies from the last: the previous item's row */
		for (size_t j = i; j < n; j++)
			if (w[j]->alike && !w[j]->marks)
				w[j]->marks = xcalloc(w[j]->tpl->nattrs + 1, sizeof(*w[j]->marks));
	}
}

void feed_writer_release(struct feed_writer *w)
{
	free(w->marks);
	w->marks = NULL;
	w->alike = NULL;
	if (w->xml)
		xmlFreeTextWriter(w->xml);
	w->xml = NULL;
	tags_release(w);
	strbuf_release(&w->line);
	strbuf_release(&w->cell);
}
