/* feed_reader_impl.h: the reader of one feed file, shared by feed_reader.c (opening, detection, the
 * rows and their findings, the public calls), feed_reader_text.c (CSV, TSV) and feed_reader_xml.c
 * (RSS, Atom); nothing else includes it.
 * Owns: nothing (struct feed_reader is its caller's, see feed_reader.c). */
#ifndef FEEDGEN_FEED_READER_IMPL_H
#define FEEDGEN_FEED_READER_IMPL_H
#include "feed_reader.h"
#include "finding.h"
#include "row.h"
#include "strmap.h"
#include "validate.h"
#include <libxml/xmlversion.h>
#include <stdio.h>

#if LIBXML_VERSION >= 21200
#define XML_ERROR_CONST const
#else
#define XML_ERROR_CONST
#endif

enum feed_kind { FEED_CSV, FEED_TSV, FEED_XML };
/* A column or element that is no template attribute but is read: the item's currency. */
#define ATTR_CURRENCY (-2)
#define CURRENCY_NAME "currency"

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

/* A finding about the file (not an item), at line, straight to the report. */
void fr_file_finding(struct feed_reader *fr, enum severity sev, const char *rule, const char *field,
			 long line, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Report an attribute name the template does not know, once per file. */
void fr_report_unknown(struct feed_reader *fr, const char *name, long line, const char *what);
/* Strip spaces, tabs and line ends from both ends of s[0..n). */
void fr_trim(const char **s, size_t *n);
/* Put one value of an attribute into the row (see feed_reader.c). */
void fr_add_value(struct feed_reader *fr, int attr, const char *s, size_t n, long line);
/* Join the group parts collected in fr->slots in the template's order, ':' between them. */
void fr_add_group_slots(struct feed_reader *fr, int attr, long line);
/* Empty every group part slot. */
void fr_reset_slots(struct feed_reader *fr);
/* The position of subattribute name[0..n) in a group attribute, or -1 (case folded). */
int fr_sub_index(const struct attribute *a, const char *name, size_t n);
/* The row's separate currency column or element. */
void fr_set_currency(struct feed_reader *fr, const char *s, size_t n);
/* The row is complete: bare prices completed, then validated (or handed to fr->each). */
void fr_finish_row(struct feed_reader *fr);
/* Read a CSV (sep ',') or TSV ('\t') feed row by row (feed_reader_text.c). */
int fr_read_text(struct feed_reader *fr, FILE *fp, char sep);
/* Read an RSS 2.0 or Atom feed item by item (feed_reader_xml.c). */
int fr_read_xml(struct feed_reader *fr, FILE *fp);
/* The records of a text feed after its header row (feed_count_items()). */
int fr_count_text(const char *path, FILE *fp, char sep, unsigned long *n);
/* The <item>/<entry> elements of an XML feed (feed_count_items()). */
int fr_count_xml(const char *path, FILE *fp, unsigned long *n);
#endif
