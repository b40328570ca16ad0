/* feed_reader.h: reading existing feed files (CSV, TSV, RSS/Atom XML; format detected) into
 * rows of a channel template, with the line (and column) of every value, for
 * `feedgen validate --feed` and `feedgen diff` (feed_read_rows). XML is read as a stream with libxml2's xmlTextReader.
 * Owns: the reader state of one feed. */
#ifndef FEEDGEN_FEED_READER_H
#define FEEDGEN_FEED_READER_H
#include "config.h"
#include "report.h"

/* Validate cfg->feed against cfg->channels[0]; findings and counters go to report.
 * Returns 0 (findings decide the exit code), EXIT_USAGE or EXIT_INPUT. */
int feed_validate_file(struct run_config *cfg, struct report *report);
/* Count the items of the feed file at path (format detected as above, gzip too): the records
 * of a CSV/TSV feed after its header row (blank lines, '#' rows before it and TikTok's template
 * rows not counted), the <item>/<entry> elements of an XML feed. An empty file has 0 items.
 * For the safety guard (guard.h). Returns 0, or EXIT_INPUT after a message. */
int feed_count_items(const char *path, unsigned long *n);
/* Read the feed at path (a file; format detected as above, gzip too) item by item as rows of
 * tpl, for `feedgen diff` (feed_diff.h): fn gets each row (its values, its line) and returns 0
 * to go on, 1 to stop. Nothing is validated. An empty file has no items. *kind_name (when not
 * NULL) is set to "CSV", "TSV", "XML" or "empty". Returns 0, EXIT_INPUT after a message
 * naming the file, the line and what was expected, or FEED_NO_HEADER (no message) when a CSV/TSV
 * file has no header row naming an attribute of tpl in its first records. */
#define FEED_NO_HEADER (-2)
struct row;
typedef int (*feed_row_fn)(void *ctx, const struct row *row);
int feed_read_rows(const char *path, const struct template *tpl, feed_row_fn fn, void *ctx, const char **kind_name);
/* The same over an open, rewindable stream read from its start (a catalog that is a feed,
 * catalog_feed.h; gzip already unpacked by the source opener), named source in messages; fp
 * is neither closed nor rewound after. An empty stream has no items. */
#include <stdio.h>
int feed_read_rows_stream(FILE *fp, const char *source, const struct template *tpl, feed_row_fn fn, void *ctx,
			  const char **kind_name);
#endif
