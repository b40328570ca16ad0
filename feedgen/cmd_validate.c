/* cmd_validate.c: `feedgen validate`: a catalog against one or more channels (the build
 * stages without writing), or an existing feed file against one channel (--feed).
 * Owns: the run's configuration and report. */
#include "commands.h"
#include "feed_reader.h"
#include "html_report.h"
#include "input.h"
#include "msg.h"
#include "pipeline.h"
#include <string.h>

int cmd_validate(int argc, char **argv)
{
	struct run_config cfg;
	struct report report;
	struct pipeline p;
	struct html_report html;
	struct strbuf shop = STRBUF_INIT;
	int rc;

	rc = config_parse(&cfg, "validate", argc, argv);
	if (rc) {
		config_release(&cfg); /* the lists parsed before the bad option */
		return rc < 0 ? EXIT_OK : rc;
	}
	report_init(&report, "validate");
	html_report_init(&html, "validate", cfg.urgency.low_stock);
	for (size_t i = 0; i < cfg.nchannels; i++)
		html_report_add_feed(&html, cfg.channels[i], cfg.channels[i], &cfg);
	report.console = !msg_is_quiet() && (!cfg.report || strcmp(cfg.report, "-"));
	report.max_console = (unsigned long)cfg.max_messages;
	if (!cfg.nchannels) {
		rc = msg_fail(EXIT_USAGE, "validate needs --channel (tiktok, google, meta or a template file)");
		goto out;
	}
	if (cfg.feed) {
		if (cfg.ncatalogs || cfg.fetch.source) {
			rc = msg_fail(EXIT_USAGE, "validate takes either --feed or a catalog (--catalog/--source), not both");
			goto out;
		}
		if (cfg.nchannels != 1) {
			rc = msg_fail(EXIT_USAGE, "validate --feed checks one channel; give --channel once");
			goto out;
		}
		input_set_timeout(cfg.fetch.timeout); /* a FIFO as --feed: how long to wait for its writer */
		rc = feed_validate_file(&cfg, &report);
	} else {
		if (!cfg.ncatalogs && !cfg.fetch.source) {
			rc = msg_fail(EXIT_USAGE, "validate needs --catalog FILE, --source API or --feed FILE (see 'feedgen validate --help')");
			goto out;
		}
		if ((rc = config_normalize_shop_url(&cfg, &shop)))
			goto out;
		rc = pipeline_open(&p, &cfg, &report, 0);
		p.html = cfg.html ? &html : NULL;
		if (!rc)
			rc = pipeline_run(&p);
		pipeline_close(&p, 0);
	}
	report_console_done(&report);
	if (!rc) {
		msg_info("%lu items checked: %lu valid, %lu with errors; %lu errors, %lu warnings",
			 report.items_read, report.items_valid, report.items_rejected, report.errors, report.warnings);
		if (report.errors || (cfg.fail_on_warning && report.warnings))
			rc = EXIT_FINDINGS;
	}
	/* a feed that breaks off (malformed XML) still gets its report: the findings so far and
	 * the feed-syntax error, so CI shows where it stopped */
	if (cfg.report && (!rc || rc == EXIT_FINDINGS || (cfg.feed && rc == EXIT_INPUT && report.errors))) {
		int rrc = report_write(&report, (enum report_format)cfg.report_format, cfg.report);
		if (rrc)
			rc = rrc;
	}
	if (cfg.html && cfg.nchannels) { /* the page is written whatever the outcome */
		int hrc = html_report_write_validate(&html, &report, rc, cfg.html);
		if (hrc && (!rc || rc == EXIT_FINDINGS))
			rc = hrc;
	}
out:
	html_report_release(&html);
	report_release(&report);
	config_release(&cfg);
	strbuf_release(&shop);
	return rc;
}
