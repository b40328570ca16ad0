/* feed_parts.h: the size of a feed's files: gzip compression while the feed is written (zlib,
 * streaming, never the whole file in memory) and the split into numbered complete files
 * (tiktok-1.csv, tiktok-2.csv, ... for tiktok.csv) of at most max_items items and max_bytes bytes
 * each (compressed bytes when gzipped), each with the feed's header (CSV/TSV) or its XML
 * prologue and channel element, listed in an index file (tiktok-parts.txt, one part name a line).
 * A feed that fits in one part keeps its plain name and has no index. Every file goes through the
 * output set (output.h); the files of this feed that the previous run published and this one does
 * not (more parts, the plain name of an unsplit run, the index) are removed when the set is
 * published. What a run published is kept in .feedgen/parts/NAME beside the feed (one file name a
 * line), so the next run knows what to remove and the safety guard what to count.
 * The writer (writer.h) hands it the header, each row and the footer.
 * Owns: the part outputs, the zlib stream, the header, footer and row buffers, the part names. */
#ifndef FEEDGEN_FEED_PARTS_H
#define FEEDGEN_FEED_PARTS_H
#include "output.h"
#include "strbuf.h"
#include <zlib.h>

struct run_config;
struct template;

struct feed_parts {
	char *path;                    /* the output as configured */
	char *name;                    /* the plain name published: path, + ".gz" when gzipped */
	int gzip, level;
	unsigned long max_items;       /* per part; 0: no limit */
	unsigned long long max_bytes;  /* per part; 0: no limit */
	unsigned long long warn_bytes; /* an unconfirmed platform limit: a warning when passed */
	unsigned long warn_items;
	const char *channel;
	struct output *first, *cur;    /* part 1 stays open until the end: it may keep the plain name */
	z_stream z;
	int z_active;
	struct strbuf header, footer, row;
	int in_header;
	unsigned long part_items, items;
	unsigned long long emitted;    /* bytes of the current part written to its file */
	unsigned long long unflushed;  /* gzip: bytes given to zlib since the last flush */
	unsigned long long total_bytes;
	size_t nparts;
	int failed;                    /* an exit code, said already */
	int direct;                    /* written into a device, FIFO or stdout: no parts, no record */
	unsigned char zbuf[1 << 15];
};

/* Whether a feed needs this (gzip, a split option, or a limit in its channel's template). */
int feed_parts_wanted(const struct run_config *c, const struct template *tpl);
/* A new feed_parts for the feed c describes (c->output), or NULL after a message with *rc set
 * (EXIT_USAGE: a split of standard output). Opens nothing yet. */
struct feed_parts *feed_parts_new(const struct run_config *c, const struct template *tpl, int *rc);
/* The writer's bytes: the header until feed_parts_header_end(), then each row until
 * feed_parts_row_end(), then the footer. */
void feed_parts_write(struct feed_parts *fp, const void *data, size_t len);
/* The header is complete; `footer` is what ends every part (the XML end tags). Opens part 1. */
void feed_parts_header_end(struct feed_parts *fp, const char *footer, size_t len);
/* The row written since the last call is complete: into the current part, or into a new one
 * when it would pass a limit. id names the item when it cannot fit even an empty part. */
void feed_parts_row_end(struct feed_parts *fp, const char *id);
/* feed_parts_write of a whole row's bytes, then feed_parts_row_end, without gathering them
 * first (issue 12: a copy of every row of a split or gzipped feed). */
void feed_parts_row(struct feed_parts *fp, const void *data, size_t len, const char *id);
/* EXIT_OUTPUT (or another code) once a part failed, else 0. */
int feed_parts_failed(const struct feed_parts *fp);
/* Close the last part, name the parts, write the index and the record of the run's files, and
 * register the stale files for removal: all in the output set. Returns 0 or an exit code. */
int feed_parts_finish(struct feed_parts *fp);
/* Remove every temporary: nothing is published. */
void feed_parts_abort(struct feed_parts *fp);
void feed_parts_free(struct feed_parts *fp);

/* The files the last publish of the feed at `output` put in place (its record: the parts and
 * the index, or its gzip name), else `output` itself; appended to `paths` as NUL-terminated
 * paths. For the run summary and uploads. */
void feed_parts_published(const char *output, struct strbuf *paths);
/* The data files of the feed at output (no index), appended to paths as NUL-terminated final
 * paths: the last publish's (pending 0: its record, else the file at the output path, with
 * ".gz" when gzip), or those the run's output set is about to publish (pending 1: the record it
 * completed, else the output path; output_set_completed() gives their temporaries). For the
 * change report (diff_build.h). Returns 1 when the names came from a record. */
int feed_parts_data_files(const char *output, int gzip, int pending, struct strbuf *paths);
/* The items of the feed a build of c would replace: the files the last run recorded
 * (.feedgen/parts/NAME), else the file at the output path (with ".gz" when c gzips). 1 counted,
 * 0 nothing to compare with, -1 a file that cannot be read (its name in *bad, static). */
int feed_parts_previous_items(const struct run_config *c, unsigned long *n, const char **bad);
#endif
