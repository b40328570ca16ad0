/* feed_parts_impl.h: what feed_parts_record.c (the names of a feed's files and the record of a
 * run's) gives feed_parts.c (the parts written); nothing else includes it.
 * Owns: nothing (a name returned is the caller's, to free). */
#ifndef FEEDGEN_FEED_PARTS_IMPL_H
#define FEEDGEN_FEED_PARTS_IMPL_H
#include "feed_parts.h"

/* Whether path ends in ".gz" (any case). */
int parts_ends_with_gz(const char *path);
/* The name gzip gives the output: ".gz" appended unless present. */
char *parts_published_name(const char *path, int gzip);
/* Part k's file name: "dir/tiktok-k.csv" (+ ".gz"); k 0 is the index, "dir/tiktok-parts.txt". */
char *parts_part_name(const char *path, int gzip, size_t k);
/* Whether an earlier run left a record of the feed at output (.feedgen/parts/NAME). */
int parts_recorded(const char *output);
/* The finished feed's index (split feeds only) and record of the run's files, and the previous
 * run's files this one does not publish registered for removal: all in the output set.
 * Returns 0 or an exit code. */
int parts_record_run(const struct feed_parts *fp);
#endif
