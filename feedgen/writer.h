/* writer.h: writing feed rows as CSV (RFC 4180), TSV (Google's text-feed rules) or RSS 2.0
 * XML (libxml2's xmlTextWriter for the document, rows escaped in one pass by xmltext.c), in
 * the template's attribute order and names.
 * Owns: the format state; the output file belongs to the caller (output.h). */
#ifndef FEEDGEN_WRITER_H
#define FEEDGEN_WRITER_H
#include <libxml/xmlwriter.h>
#include <stdint.h>
#include "feed_parts.h"
#include "output.h"
#include "row.h"

enum feed_format { FORMAT_CSV = 0, FORMAT_TSV, FORMAT_XML };
int feed_format_from_name(const char *name);       /* -1 when unknown */
int feed_format_from_path(const char *path);       /* by extension (.csv .tsv .txt .xml, + .gz), -1 */
const char *feed_format_name(enum feed_format f);

struct feed_meta {
	const char *title;         /* RSS channel title */
	const char *link;          /* RSS channel link (the shop) */
	const char *description;
};

/* An XML element's tags with the row's indentation, built once per feed (a group: its
 * sub-attributes' elements in sub). */
struct xml_tag {
	char *open, *close;        /* "      <g:price>" and "</g:price>\n" */
	size_t open_len, close_len;
	struct xml_tag *sub;
};

struct feed_writer {
	enum feed_format format;
	const struct template *tpl;
	struct output *out;
	struct feed_parts *parts;  /* instead of out: gzip and split (feed_parts.h), or NULL */
	struct strbuf line;
	struct strbuf cell;        /* text rows: a value that is joined, cleaned or quoted first */
	struct xml_tag *tags;      /* XML rows: per template attribute */
	xmlTextWriterPtr xml;
	int xml_pending;           /* libxml2 may hold header bytes: flush before the first row */
	unsigned long rows;
	/* Issue 12: the feeds of one template and format (a retargeting set's segments) write
	 * mostly the same cells for an item. A writer in a ring of such (feed_writer_share) copies
	 * a cell whose value equals the one the previous writer of the ring wrote last from that
	 * writer's line instead of scanning and escaping it again. */
	struct feed_writer *alike; /* the previous writer of its ring, or NULL */
	uint32_t *marks;           /* in a ring: where each attribute's bytes of the last row begin in
				    * line, and [nattrs] where one more would (not size_t: stores through
				    * it would alias every length) */
	const struct row *last;    /* in a ring: the row line holds, valid while its gen is last_gen */
	unsigned long last_gen;
	struct row_likeness like;  /* in a ring: the last row against the previous writer's (row.h) */
};

int feed_writer_begin(struct feed_writer *w, enum feed_format format, const struct template *tpl,
		      struct output *out, const struct feed_meta *meta);
/* The same into a feed's parts (gzip, split): the writer tells them where rows begin and end. */
int feed_writer_begin_parts(struct feed_writer *w, enum feed_format format, const struct template *tpl,
			    struct feed_parts *parts, const struct feed_meta *meta);
void feed_writer_row(struct feed_writer *w, const struct row *r);
/* Link the writers that write alike cells (one format, one template file) into rings, in the
 * order given (the order their rows are written for an item). Each written row must stay
 * unchanged, or get a new gen (row.h), while the next writer of its ring writes. */
void feed_writer_share(struct feed_writer **w, size_t n);
/* Finish the document (XML end tags). Returns 0 or EXIT_OUTPUT. The caller commits `out`. */
int feed_writer_end(struct feed_writer *w);
void feed_writer_release(struct feed_writer *w);
#endif
