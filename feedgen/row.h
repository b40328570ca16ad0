/* row.h: one feed row in a channel's attributes, the unit validators check and writers
 * write. A row is built from a normalised item (build) or read from a feed file (validate).
 * Owns: its values (one strbuf per template attribute; repeated values separated by
 * ITEM_VALUE_SEP) and its findings. */
#ifndef FEEDGEN_ROW_H
#define FEEDGEN_ROW_H
#include "finding.h"
#include "item.h"
#include "strbuf.h"
#include "template.h"

struct row {
	const struct template *tpl;
	struct strbuf *values;       /* tpl->nattrs */
	const struct item *item;     /* the item it came from, or NULL (read from a feed) */
	const char *source;          /* file name (feed) or catalog source */
	long line;
	long *columns;               /* per attribute: column where the value started, 0: unknown */
	long *lines;                 /* per attribute: line where the value started, 0: the row's line */
	unsigned long gen;           /* bumped when the values are made anew (row_from_item, row_reset):
				      * a writer that copies another feed's cells checks it (writer.h) */
	struct findings findings;
};

/* What a writer in a ring found (writer.h): the first n values of the row it wrote were those
 * of `row` at its gen `gen` (row NULL: nothing known), so the change report's hash prefix need
 * not compare them again (feed_diff.h; issue 12: the comparisons were 48 M instructions of the
 * main thread's 1,718 M, twelve feeds). */
struct row_likeness {
	const struct row *row;
	unsigned long gen;
	size_t n;
};

void row_init(struct row *r, const struct template *tpl);
void row_reset(struct row *r);
void row_release(struct row *r);
/* Fill the row from an item: each attribute from its "from" field, enum values translated
 * to the channel's spelling. Findings of the item are not copied. */
void row_from_item(struct row *r, const struct item *it);
static inline const char *row_get(const struct row *r, size_t attr) { return r->values[attr].buf; }
static inline const char *row_id(const struct row *r) { return r->values[r->tpl->id_attr].buf; }
/* A finding about this row, located at its source/line (and the attribute's column). */
struct finding *row_finding(struct row *r, enum severity sev, const char *rule, int attr,
			    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#endif
