/* feed_digest.h: the digest a build leaves of each feed it publishes (issue 12), so that the
 * next build's change report need not read the feed it replaces: .feedgen/digest/NAME beside
 * the feed (NAME: the configured output's file name) holds, per id, the values the change
 * report compares (diff_capture.h's struct diff_record) and the identity of each file it
 * describes (the feed, or its gzip file or parts: size, modification time to the nanosecond,
 * inode and device, as the run completed it; a rename keeps all four). It is published through
 * the output set with the feed, after it.
 * It is used only when it provably describes the file in place: the same format version, the
 * same channel template and urgency options, an intact checksum, and the feed's size, time,
 * inode and device unchanged. A file edited by hand, restored by `feedgen rollback` (another
 * inode), or a digest that is truncated, damaged or from another version is not used: the
 * change report then reads the feed, as without a digest (said with --verbose only; the
 * counts are the same either way). Not detected: an edit that gives the file back its size
 * and time (touch -r) in place. The digest does not depend on the history: it is written with
 * publish.keep 0 too, a history entry only adds a hard link (the same inode and time), and a
 * rollback restores other inodes, so the next run reads the restored files. A split feed's
 * digest lists every part in order; a part more, less or changed is a changed feed.
 * Owns: nothing beyond each call (the mapping of a digest is released before returning). */
#ifndef FEEDGEN_FEED_DIGEST_H
#define FEEDGEN_FEED_DIGEST_H
#include "diff_capture.h"
#include "strbuf.h"
#include <stddef.h>
#include <sys/stat.h>

/* The digest's path for the feed at output: DIR/.feedgen/digest/NAME, into sb. */
void feed_digest_path(struct strbuf *sb, const char *output);
/* The identity of a feed file: what a digest records and load compares. */
struct feed_digest_file {
	uint64_t size, sec, nsec, ino, dev;
	char name[4096];
};
/* f from st, named by path's file name. */
void feed_digest_identity(struct feed_digest_file *f, const struct stat *st, const char *path);
/* Write the digest of NEW's entries of c for the files of the feed at output (the completed
 * temporaries' identities under their final names; parts in order) into the output set.
 * Returns 0 or EXIT_OUTPUT after a message. */
int feed_digest_write(const struct diff_capture *c, const char *output, const struct feed_digest_file *files,
		      size_t nfiles);
/* Merge the digest of the feed at output into c as its OLD when it describes exactly `files`
 * (the feed's files in place). Returns 1 when it did, 0 when there is no usable digest (c
 * untouched; *why says why, for --verbose). */
int feed_digest_load(struct diff_capture *c, const char *output, const struct feed_digest_file *files, size_t nfiles,
		     const char **why);
/* Check a digest's bytes: NULL when well-formed, of these params and (files not NULL) of
 * exactly those files, else why not. Only then, with c, its entries are merged into c as OLD.
 * For load and the fuzz target. */
const char *feed_digest_parse(const unsigned char *buf, size_t len, uint64_t params,
			      const struct feed_digest_file *files, size_t nfiles, struct diff_capture *c);
/* The hash of what the records depend on: the digest's version, the channel template's
 * attributes and availability values, the urgency options. */
uint64_t feed_digest_params(const struct diff_capture *c);
#endif
