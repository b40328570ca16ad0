/* html_page.h: the HTML report's page (html_report.h) rendered into a strbuf: escaping, the
 * headline, the feeds, the stock histogram, the funnel, the ad previews and the findings.
 * Owns: nothing; the report, its counts and every string are borrowed. */
#ifndef FEEDGEN_HTML_PAGE_H
#define FEEDGEN_HTML_PAGE_H
#include "strbuf.h"

/* Append s with & < > " ' as character references and C0 controls (but tab, newline, CR)
 * and DEL as U+FFFD: safe in text and in quoted attribute values. */
void html_escape(struct strbuf *out, const char *s);

/* Findings listed per rule (3 shown, the rest behind <details>) and in all: beyond the caps
 * they are counted, not listed, so a page stays small whatever the run. */
#define HTML_EXAMPLES_SHOWN 3
#define HTML_FINDINGS_PER_RULE 50
#define HTML_FINDINGS_MAX 1000

/* The run's headline, as the summary (build) or the report (validate) counts it. */
struct html_headline {
	const char *command;
	const char *result;                /* published, refused, skipped, failed; validate: valid, findings */
	unsigned long items_read, items_written, rejected, errors, warnings;
	double duration;                   /* seconds */
	int exit_status;
	/* per feed, written and rejected (2 per feed), for feeds the pipeline did not count item by
	 * item (a skipped build, validate --feed), or NULL */
	const unsigned long *feed_counts;
	size_t nfeed_counts;
};

struct html_report;
struct report;
void html_page_render(struct strbuf *out, const struct html_report *h, const struct html_headline *hl,
		      const struct report *r);
#endif
