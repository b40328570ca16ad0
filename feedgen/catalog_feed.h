/* catalog_feed.h: existing feeds as catalogs (issue 13): a Google XML/TSV, Meta CSV/XML or
 * TikTok CSV feed, read by the feed readers of `validate --feed` (feed_reader.h) as rows of its
 * channel's template, each row turned back into an item (each attribute into the item field its
 * template fills it from) with the shared normaliser's helpers, so the same cleaning and
 * findings apply. Used by `build --catalog-type feed` (detected) and `feedgen repair`.
 * Owns: the spooled copy of a piped feed and the source template while a feed is read. */
#ifndef FEEDGEN_CATALOG_FEED_H
#define FEEDGEN_CATALOG_FEED_H
#include "normalize.h"
#include "row.h"
#include "template.h"
#include <stdio.h>

/* Whether the catalog fp (just opened, at its start) is to be read as a feed. type is the
 * --catalog-type (NULL: detect): with "feed", anything but JSON is; without a type, an XML
 * document whose root is rss/feed with Google's namespace or <item>/<entry> elements, or a
 * CSV/TSV whose header names id (or sku_id) + title + price/availability and is no shop export.
 * A shop's type given for a feed is a usage error (EXIT_USAGE, the fix named); another type
 * (mapped) is never a feed. JSON is told by its first byte (a BOM and white space before it
 * consumed, as catalog_is_csv() does); another seekable fp is read ahead and rewound; a pipe is
 * only looked at by its first byte ('<'). Returns 0 (*is_feed set), EXIT_USAGE or EXIT_INPUT
 * (a read error) after a message. */
int catalog_feed_detect(const char *type, FILE *fp, int seekable, const char *source, int *is_feed);

/* The channel template of the feed fp (rewindable, read from its start): `given` (a template
 * name) or the template, of those found in name order, that names the id and the most values of
 * the first item. Returns 0 with *tpl (the caller frees it), EXIT_USAGE (an unknown template),
 * or EXIT_INPUT after a message (unreadable, no header naming feed attributes). */
int catalog_feed_channel(FILE *fp, const char *source, const char *given, const struct template **tpl);

/* Read the feed catalog fp into items handed to n's sink (one per row; fp is closed unless it
 * is stdin; a pipe is spooled to a temporary file first, the channel detection reads it
 * twice). channel: as catalog_feed_channel's `given`. Returns 0, the sink's value, EXIT_USAGE
 * or EXIT_INPUT after a message naming the file and line. */
int catalog_feed_read(FILE *fp, int seekable, const char *source, const char *channel, struct normalizer *n);

/* One feed row as n's scratch item (normalize_begin, then every attribute with an item field;
 * the row's own findings become the item's). The caller emits it or uses it. */
void catalog_feed_item(struct normalizer *n, const struct row *r);
#endif
