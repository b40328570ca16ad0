/* feed_channel.h: which channel a feed file is written for, when nobody said: the template whose
 * header names the first item's id and the most of its values (feedgen diff and merge, and a feed
 * read as a catalog, catalog_feed.c). Owns: nothing. */
#ifndef FEEDGEN_FEED_CHANNEL_H
#define FEEDGEN_FEED_CHANNEL_H
#include <stdio.h>

/* A feed by its path (read by feed_read_rows), or an open stream (fp, named source, a `what`
 * such as "catalog" for messages: rewound before each candidate is tried, not after the last). */
struct feed_source {
	const char *path;
	FILE *fp;
	const char *source, *what;
};

/* Try each template named in names (space-separated; changed), in name order; *best is the one
 * that names the first item's id and the most of its values, or NULL when none does (no item,
 * or no header naming any attribute). Returns 0, or EXIT_INPUT after a message. */
int feed_channel_detect(const struct feed_source *src, char *names, const char **best);
#endif
