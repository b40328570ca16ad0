/* report.h: the one formatter for findings and run summaries: text, json, junit, github.
 * Owns: the findings it keeps (up to a cap; beyond it only counts), per-rule counts and the
 * run's counters. */
#ifndef FEEDGEN_REPORT_H
#define FEEDGEN_REPORT_H
#include "finding.h"

enum report_format { REPORT_TEXT = 0, REPORT_JSON, REPORT_JUNIT, REPORT_GITHUB };
int report_format_from_name(const char *name);  /* -1 when unknown */

struct rule_count {
	const char *rule;
	unsigned long errors, warnings;
};

struct report {
	const char *command;          /* "build" or "validate" */
	struct findings kept;         /* their strings in `text`, not each its own allocation */
	size_t max_kept;              /* default 100000 */
	int count_only;               /* no report file or page will list them (build without
				       * --report or html): findings are counted, not kept */
	char **text;                  /* blocks of the kept findings' strings (issue 12: a report of
				       * 100,000 findings took 28 MB in four mallocs each) */
	size_t ntext, text_alloc, text_left;
	unsigned long not_kept;
	struct rule_count *rules;
	size_t nrules, rules_alloc;
	unsigned long errors, warnings;
	/* counters filled by the command */
	unsigned long items_read, items_valid, items_written, items_rejected, records_skipped;
	/* the channel names findings point at, owned here: templates are freed before the
	 * report is written */
	char **channels;
	size_t nchannels, channels_alloc;
	/* console echo: the first max_console findings go to stderr as they arrive */
	int console;
	unsigned long max_console, console_shown;
};

void report_init(struct report *r, const char *command);
void report_release(struct report *r);
/* Take every finding of f (f is left empty); channel is copied (once per name). */
void report_take(struct report *r, struct findings *f, const char *channel);
/* Write the report to path ("-" for stdout) atomically. Returns 0 or EXIT_OUTPUT. */
int report_write(struct report *r, enum report_format fmt, const char *path);
/* Format one finding as a text line (no newline): SOURCE:LINE: error[rule] id: field: message */
struct strbuf;
void report_format_text(struct strbuf *out, const struct finding *f);
/* Print the "N more findings" note if the console was cut. */
void report_console_done(struct report *r);
#endif
