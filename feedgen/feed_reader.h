/* feed_reader.h: reading existing feed files (CSV, TSV, RSS/Atom XML; format detected) into
 * rows of a channel template, with the line (and column) of every value, for
 * `feedgen validate --feed`. XML is read as a stream with libxml2's xmlTextReader.
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
#endif
