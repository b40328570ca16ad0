/* summary_merge.h: `feedgen merge --summary OUT S1.json S2.json ...`: the run summaries
 * (--summary, summary.h) of the shards of one build (shard.h) as one summary of the whole. The
 * item counts are summed (items read, written, rejected, per feed too: the shards partition the
 * catalog), the findings too (errors, warnings, by rule), records_skipped is the largest (every
 * shard reads the whole catalog), timings the longest (the shards run side by side), exit_status
 * the worst; each feed's output is named without its ".shard-K-of-N". The summaries must name
 * the same feeds in the same order, and be of distinct shards 1..N of one N (from their feeds'
 * file names) when they are shards at all.
 * Owns: the JSON documents it loads. */
#ifndef FEEDGEN_SUMMARY_MERGE_H
#define FEEDGEN_SUMMARY_MERGE_H
#include <stddef.h>

/* Returns 0, EXIT_INPUT (a summary unreadable or not of this build's shards) or EXIT_OUTPUT,
 * after a message. OUT is written atomically ("-": standard output). */
int summary_merge(const char *out, const char *const *inputs, size_t n);
#endif
