/* cmd_build.c: `feedgen build`: one channel's feed from a catalog, written atomically.
 * Owns: the run's configuration, report and pipeline. */
#include "commands.h"
#include "msg.h"
#include "pipeline.h"
#include <string.h>

static int check_build_config(struct run_config *c)
{
	if (!c->ncatalogs && !c->fetch.source)
		return msg_fail(EXIT_USAGE, "build needs --catalog FILE or --source API (see 'feedgen build --help')");
	if (c->nchannels != 1)
		return msg_fail(EXIT_USAGE, c->nchannels ? "build writes one channel; give --channel once"
						  : "build needs --channel (tiktok, google, meta or a template file)");
	if (!c->output)
		return msg_fail(EXIT_USAGE, "build needs --output FILE (- for standard output)");
	if (c->format < 0 && strcmp(c->output, "-") && feed_format_from_path(c->output) < 0)
		c->format = FORMAT_CSV;
	return 0;
}

int config_normalize_shop_url(struct run_config *c, struct strbuf *storage)
{
	if (!c->norm.shop_url && c->fetch.source && !strcmp(c->fetch.source, "shopify"))
		c->norm.shop_url = c->fetch.store_url; /* links on the store's own domain */
	if (!c->norm.shop_url)
		return 0;
	if (url_base(storage, c->norm.shop_url))
		return msg_fail(EXIT_USAGE, "option --shop-url: %s is not an absolute http(s) URL", msg_quote(c->norm.shop_url));
	c->norm.shop_url = storage->buf;
	return 0;
}

int cmd_build(int argc, char **argv)
{
	struct run_config cfg;
	struct report report;
	struct pipeline p;
	struct strbuf shop = STRBUF_INIT;
	int rc, ok;

	rc = config_parse(&cfg, "build", argc, argv);
	if (rc) {
		config_release(&cfg);
		return rc < 0 ? EXIT_OK : rc;
	}
	report_init(&report, "build");
	report.console = !msg_is_quiet();
	report.max_console = (unsigned long)cfg.max_messages;
	if ((rc = check_build_config(&cfg)) || (rc = config_normalize_shop_url(&cfg, &shop)))
		goto out;
	rc = pipeline_open(&p, &cfg, &report, 1);
	if (!rc)
		rc = pipeline_run(&p);
	report.items_written = p.nfeeds ? p.feeds[0].written : 0;
	ok = !rc;
	if (ok && report.items_written == 0 && !cfg.allow_empty) {
		rc = msg_fail(EXIT_INPUT, "no valid items: nothing written, %s left as it was (--allow-empty writes an empty feed)",
			      msg_quote(cfg.output));
		ok = 0;
	}
	{
		int crc = pipeline_close(&p, ok);
		if (!rc)
			rc = crc;
	}
	report_console_done(&report);
	if (!rc)
		msg_info("wrote %lu items to %s (%lu read, %lu rejected, %lu skipped records; %lu errors, %lu warnings)",
			 report.items_written, msg_quote(cfg.output), report.items_read, report.items_rejected,
			 report.records_skipped, report.errors, report.warnings);
	else if (rc != EXIT_USAGE || p.nfeeds)
		msg_error("build failed: nothing was published");
	if (cfg.report) {
		int rrc = report_write(&report, (enum report_format)cfg.report_format, cfg.report);
		if (!rc)
			rc = rrc;
	}
out:
	report_release(&report);
	config_release(&cfg);
	strbuf_release(&shop);
	return rc;
}
