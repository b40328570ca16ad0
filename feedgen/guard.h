/* guard.h: the safety guard of `feedgen build` (issue 11): after every feed of a run is
 * written and before the output set is published, each feed is checked against its limits
 * (run_config: min_items, max_drop_percent, max_rejected_percent); one limit passed refuses
 * the whole publish (EXIT_REFUSED), unless --force publishes anyway with a warning per limit.
 * "The feed it replaces" is the file now at the output path, counted by feed_count_items().
 * Owns: the list of checks (their feed names and outputs are borrowed). */
#ifndef FEEDGEN_GUARD_H
#define FEEDGEN_GUARD_H
#include "config.h"
#include "report.h"

enum guard_result { GUARD_PASSED, GUARD_REFUSED, GUARD_FORCED };

/* One limit checked for one feed. */
struct guard_check {
	const char *feed;          /* the feed's name (borrowed) */
	const char *output;        /* its output path (borrowed) */
	const char *limit;         /* "min_items", "max_drop_percent" or "max_rejected_percent" */
	double value;              /* items written, percent dropped, percent rejected */
	long limit_value;
	unsigned long previous;    /* max_drop_percent: items of the file it replaces */
	enum guard_result result;
};

/* The items of the file a feed replaces, counted already (the change report, diff_build.h). */
struct guard_known {
	const char *output;        /* borrowed */
	unsigned long items;
	int readable;              /* 0: it could not be read (as when feed_count_items() fails) */
};

struct guard {
	struct guard_check *v;
	size_t n, alloc;
	struct guard_known *known;
	size_t nknown, known_alloc;
	int config;                /* a --config run: limits are named publish.*, else --options */
	int refused, forced;       /* counts of checks */
};

void guard_init(struct guard *g, int config);
/* Check one feed (name for messages, written and rejected items of this run; cfg holds its
 * limits, output and --force). A limit passed is an error message (a warning with --force) and
 * a "safety-guard" finding in report. Returns 0, EXIT_REFUSED, or EXIT_INPUT when the file it
 * replaces cannot be read to count its items. */
int guard_check_feed(struct guard *g, struct report *report, const char *name, const struct run_config *cfg,
		     unsigned long written, unsigned long rejected);
const char *guard_result_name(enum guard_result r);
/* The file at output has `items` items, or could not be read (readable 0), as the change report
 * found: it is not read again. */
void guard_known_previous(struct guard *g, const char *output, int readable, unsigned long items);
void guard_release(struct guard *g);
#endif
