/* html_report.h: the HTML feed health report (issue 14, --html FILE / publish.html): one
 * self-contained page per build or validate run (inline CSS and SVG, no script, no external
 * resource). What the page needs beyond the report and the run summary is collected here as
 * the items pass: per feed valid / warning / rejected items and its first written item (the ad
 * preview), and a bounded histogram of stock quantities (bins, never the list of quantities).
 * Owns: struct html_report, its feeds and their copied strings. */
#ifndef FEEDGEN_HTML_REPORT_H
#define FEEDGEN_HTML_REPORT_H
#include "config.h"
#include "item.h"
#include "report.h"
#include <jansson.h>

/* Stock bins: [0] out of stock (0 or less), [1..top] one per quantity, [top+1] more; top is
 * max(HTML_STOCK_TOP_MIN, 2 x low stock) capped at HTML_STOCK_TOP_MAX. */
#define HTML_STOCK_TOP_MIN 20
#define HTML_STOCK_TOP_MAX 200

/* The change of a feed against the previous published run's, when something knows it (the
 * per-feed diff summary of `feedgen diff` fills it at merge; known 0: not shown). */
struct html_change {
	int known;
	unsigned long added, removed, price_changed, availability_changed;
};

/* The example item of a segment feed's ad preview: copies of its fields ("" when unset). */
struct html_preview {
	int set;
	char *id, *title, *price, *sale_price, *message, *urgency, *voucher, *image;
};

struct html_feed {
	char *name, *channel;
	enum segment segment;
	char *voucher;                     /* "BACK10, 10% off", or NULL when the feed carries none */
	enum item_field message_field, urgency_field, code_field;
	unsigned long valid, warned, rejected; /* items: valid without warnings, valid with, rejected */
	long previous;                     /* items of the previous published run, -1: unknown */
	struct html_change change;
	struct html_preview preview;
};

struct html_report {
	const char *command;               /* "build" or "validate" */
	double start;                      /* summary_now() at init: validate's duration */
	long low_stock;
	struct html_feed *feeds;
	size_t nfeeds, alloc;
	unsigned long stock[HTML_STOCK_TOP_MAX + 2];
	long stock_top;
	unsigned long untracked;           /* catalog items whose stock is not tracked */
	int collected;                     /* the pipeline handed items over */
	int item_warned;                   /* the current catalog item had a normalisation warning */
};

void html_report_init(struct html_report *h, const char *command, long low_stock);
void html_report_release(struct html_report *h);
/* One feed of the run, in pipeline order: its voucher, segment and fields are read from cfg. */
void html_report_add_feed(struct html_report *h, const char *name, const char *channel, const struct run_config *cfg);
/* The item counts of the previous published run (a history manifest, history.h), by feed name. */
void html_report_previous(struct html_report *h, const json_t *manifest);

/* Pipeline hooks (pipeline.c): each catalog item once, before its findings are taken; then
 * each feed's copy after its stages, with the row's findings and whether it was written. */
void html_report_catalog_item(struct html_report *h, const struct item *it);
void html_report_feed_item(struct html_report *h, size_t feed, const struct item *it, const struct findings *row,
			   int valid);

/* Write the page atomically, outside the run's output set. Returns 0 or EXIT_OUTPUT after a
 * message. The build's page is about the run (struct run_summary, summary.h). */
struct run_summary;
int html_report_write_build(const struct html_report *h, const struct run_summary *s, const char *path);
/* A build's last step: the page when path is set; returns rc, or the page's failure when rc is 0. */
int html_report_finish_build(const struct html_report *h, const struct run_summary *s, const char *path, int rc);
int html_report_write_validate(const struct html_report *h, const struct report *r, int exit_status, const char *path);
#endif
