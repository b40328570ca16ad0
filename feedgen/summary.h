/* summary.h: the end of a build (issue 11): one human line on stderr ("feedgen: 9 feeds,
 * 338,812 items, 412 rejected, published in 6.2 s"), the JSON summary (--summary FILE) and the
 * Prometheus textfile for the node exporter (--metrics FILE). Both files are written even when
 * the run failed or was refused, atomically, but not through the run's output set: they are
 * about the publish, not part of it.
 * Owns: the feeds array; the report, guard and every string are borrowed. */
#ifndef FEEDGEN_SUMMARY_H
#define FEEDGEN_SUMMARY_H
#include "feed_diff.h"
#include "guard.h"
#include "report.h"
#include "upload.h"
struct rule_set;

struct summary_feed {
	const char *name, *channel, *output;
	const char *also[2];                  /* its promotions feed and voucher codes file, or NULL */
	unsigned long written, rejected;
	struct diff_counts diff;              /* against the file it replaces (diff_build.h) */
	int diffed;                           /* diff is filled (else "diff": null) */
	const struct upload_result *upload;   /* its upload (upload.h), or NULL */
	const struct rule_set *rules;         /* its own rules (item_rules.h), or NULL */
};

struct run_summary {
	double start;                         /* summary_now() when the run began */
	double read_s, write_s, guard_s, publish_s; /* stage durations, seconds */
	double diff_s;                        /* the change report (diff_build.h) */
	struct summary_feed *feeds;
	size_t nfeeds;
	const struct report *report;
	const struct guard *guard;            /* NULL when the run stopped before the guard */
	const char *report_path;              /* the run's report (published with the feeds), or NULL */
	int published;                        /* the output set was renamed into place */
	int skipped;                          /* sources unchanged: nothing rebuilt (history.h) */
	const char *history_run;              /* the history entry this run made, or the one it kept */
	int exit_status;
	const struct rule_set *rules;         /* the top level's rules (every feed), or NULL */
};

double summary_now(void);                 /* a monotonic clock, seconds */
void summary_init(struct run_summary *s, size_t nfeeds);
void summary_release(struct run_summary *s);
/* The human line (msg_info: not with --quiet). */
void summary_print(const struct run_summary *s);
/* Write the JSON summary / the metrics textfile. Returns 0 or EXIT_OUTPUT after a message. */
int summary_write_json(const struct run_summary *s, const char *path);
int summary_write_metrics(const struct run_summary *s, const char *path);
#endif
