/* feed_reader_xml.c: XML feeds (RSS 2.0 <item>, Atom <entry>) for the feed reader (feed_reader.h),
 * read as a stream with libxml2's xmlTextReader: each item's child elements into a row, with
 * their lines, libxml2's first error kept for the message; and the count of a feed's items.
 * Owns: the xmlTextReader while a feed is read. */
#include "feed_reader_impl.h"
#include "msg.h"
#include <libxml/xmlreader.h>
#include <string.h>

#define ATOM_NS "http://www.w3.org/2005/Atom"

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
		fr_report_unknown(fr, (const char *)xmlTextReaderConstName(rd), line, "element");
		return -1;
	}
	a = template_attr_index(t, local);
	if (a < 0 && !strcmp(local, CURRENCY_NAME))
		return ATTR_CURRENCY;
	if (a < 0)
		fr_report_unknown(fr, (const char *)xmlTextReaderConstName(rd), line, "element");
	return a;
}

int fr_read_xml(struct feed_reader *fr, FILE *fp)
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
						fr_finish_row(fr);
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
				fr_reset_slots(fr);
				if (attr >= 0 && xmlTextReaderIsEmptyElement(rd)) {
					/* Atom <link href="..."/> */
					xmlChar *href = xmlTextReaderGetAttribute(rd, BAD_CAST "href");
					if (href)
						fr_add_value(fr, attr, (const char *)href, strlen((const char *)href), attr_line);
					xmlFree(href);
					attr = -1;
				}
			} else if (depth == item_depth + 2 && attr >= 0 && fr->tpl->attrs[attr].kind == KIND_GROUP) {
				sub = fr_sub_index(&fr->tpl->attrs[attr], local, strlen(local));
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
				fr_finish_row(fr);
				item_depth = -1;
			} else if (depth == item_depth + 1 && attr == ATTR_CURRENCY) {
				fr_set_currency(fr, fr->value.buf, fr->value.len);
				attr = -1;
			} else if (depth == item_depth + 1 && attr >= 0) {
				if (fr->tpl->attrs[attr].kind == KIND_GROUP)
					fr_add_group_slots(fr, attr, attr_line);
				else
					fr_add_value(fr, attr, fr->value.buf, fr->value.len, attr_line);
				attr = -1;
			} else if (depth == item_depth + 2 && attr >= 0 && sub >= 0) {
				const char *s = fr->part.buf;
				size_t n = fr->part.len;
				fr_trim(&s, &n);
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
		fr_file_finding(fr, SEV_ERROR, "feed-syntax", NULL, fr->xml_error_line,
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

static void count_xml_error(void *arg, XML_ERROR_CONST xmlError *err)
{
	(void)arg; /* quiet: the outcome says it */
	(void)err;
}

int fr_count_xml(const char *path, FILE *fp, unsigned long *n)
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
