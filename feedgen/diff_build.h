/* diff_build.h: the change report of every `build` (issue 11): after the feeds of a run are
 * complete and before the safety guard, each feed's completed temporary (output.h) is compared
 * with the file now at its output path (feed_diff.h): NEW as it was written (diff_capture.h),
 * OLD from its digest (feed_digest.h) or read; each feed's digest for the next run goes into
 * the output set, and one that cannot be written fails the run (exit 5, nothing published). The counts go into the run summary
 * (summary_feed.diff: "previous": false when there is no file to replace), into one line per
 * feed with --verbose, and the number of items of the replaced file to the guard, which then
 * does not read it again. A file to replace that cannot be read is the guard's to refuse (exit
 * 3, or --force); a new feed that cannot be read back stops the run (exit 3).
 * Owns: nothing (the specs, summary and guard are the caller's). */
#ifndef FEEDGEN_DIFF_BUILD_H
#define FEEDGEN_DIFF_BUILD_H
#include "guard.h"
#include "pipeline.h"
#include "summary.h"

/* Returns 0, EXIT_OUTPUT when a digest cannot be written, or EXIT_INPUT when a new feed without
 * a capture cannot be read back (after a message; --force: a warning and no report for it). */
int diff_build_feeds(const struct feed_spec *specs, size_t n, struct run_summary *sum, struct guard *g);
#endif
