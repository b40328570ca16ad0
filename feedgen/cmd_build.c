/* cmd_build.c: `feedgen build`: every feed of a run from one pass over the catalog, published
 * together: the feeds of a configuration file (--config, config_file.h), or the one feed the
 * command line describes (a one-feed specification). Only when every feed is complete are they
 * renamed into place; a failure before that leaves every previous file as it was.
 * Owns: the run's configuration(s), report, lock and pipeline. */
#include "commands.h"
#include "alloc.h"
#include "config_file.h"
#include "msg.h"
#include "pipeline.h"
#include "runlock.h"
#include <stdlib.h>
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

/* The run: one pass, every feed, one publish. specs[0].cfg also names the sources. */
static int run_build(const struct feed_spec *specs, size_t n, struct report *report)
{
	struct run_config *cfg = specs[0].cfg;
	struct pipeline p;
	unsigned long *written = xcalloc(n, sizeof(*written));
	size_t opened;
	int rc, ok;

	output_set_begin(); /* every file of the run is published together, or none */
	rc = pipeline_open_feeds(&p, cfg, specs, n, report);
	if (!rc)
		rc = pipeline_run(&p);
	report->items_written = p.nfeeds ? p.feeds[0].written : 0;
	ok = !rc;
	for (size_t i = 0; ok && i < p.nfeeds; i++)
		if (!p.feeds[i].written && !specs[i].cfg->allow_empty) {
			rc = msg_fail(EXIT_INPUT, "no valid items%s%s: nothing written, %s left as it was (--allow-empty writes an empty feed)",
				      n > 1 ? " for " : "", n > 1 ? specs[i].name : "", msg_quote(specs[i].cfg->output));
			ok = 0;
		}
	opened = p.nfeeds;
	for (size_t i = 0; i < p.nfeeds; i++)
		written[i] = p.feeds[i].written;
	{
		int crc = pipeline_close(&p, ok);
		if (!rc)
			rc = crc;
	}
	report_console_done(report);
	if (cfg->report) {
		int rrc = report_write(report, (enum report_format)cfg->report_format, cfg->report);
		if (!rc)
			rc = rrc;
	}
	if (!rc)
		rc = output_set_publish();
	else
		output_set_abort();
	/* said only now, so that it is true */
	if (!rc) {
		for (size_t i = 0; n > 1 && i < n; i++)
			msg_info("%s: wrote %lu items to %s", specs[i].name, written[i], msg_quote(specs[i].cfg->output));
		if (n > 1)
			msg_info("published %zu feeds (%lu items read, %lu rejected somewhere, %lu skipped records; %lu errors, %lu warnings)",
				 n, report->items_read, report->items_rejected, report->records_skipped, report->errors,
				 report->warnings);
		else
			msg_info("wrote %lu items to %s (%lu read, %lu rejected, %lu skipped records; %lu errors, %lu warnings)",
				 report->items_written, msg_quote(cfg->output), report->items_read, report->items_rejected,
				 report->records_skipped, report->errors, report->warnings);
	} else if (output_set_partly_published()) {
		msg_error("build failed while publishing: %zu files were replaced before it, the rest were not",
			  output_set_partly_published());
	} else if (rc != EXIT_USAGE || opened) {
		msg_error("build failed: nothing was published%s", n > 1 ? " (no feed of the configuration was replaced)" : "");
	}
	free(written);
	return rc;
}

/* argv without --config FILE / --config=FILE, for the configuration's feeds. */
static char **without_config(int argc, char **argv, int *outc)
{
	char **av = xcalloc((size_t)argc + 1, sizeof(*av));
	int n = 0;

	for (int i = 0; i < argc; i++) {
		if (i && !strcmp(argv[i], "--config")) {
			i++;
			continue;
		}
		if (i && !strncmp(argv[i], "--config=", 9))
			continue;
		av[n++] = argv[i];
	}
	*outc = n;
	return av;
}

static int build_from_config(struct run_config *cmdline, int argc, char **argv)
{
	struct config_file cf;
	struct report report;
	struct strbuf *shops = NULL;
	int rc, lock = -1, ac;
	char **av = without_config(argc, argv, &ac);

	report_init(&report, "build");
	/* the lock first: nothing of the configuration is read while another run holds it */
	if ((rc = run_lock(cmdline->config, cmdline->wait, &lock))) {
		free(av);
		report_release(&report);
		return rc;
	}
	rc = config_file_load(&cf, cmdline->config, ac, av);
	if (rc) {
		config_file_release(&cf);
		goto out;
	}
	shops = xcalloc(cf.nfeeds, sizeof(*shops));
	for (size_t i = 0; !rc && i < cf.nfeeds; i++) {
		strbuf_init(&shops[i]);
		if ((rc = check_build_config(cf.feeds[i].cfg)) || (rc = config_normalize_shop_url(cf.feeds[i].cfg, &shops[i])))
			msg_error("in configuration %s, feeds[%zu] (%s)", msg_quote(cf.path), i, cf.feeds[i].name);
	}
	if (!rc) {
		report.console = !msg_is_quiet();
		report.max_console = (unsigned long)cf.feeds[0].cfg->max_messages;
		rc = run_build(cf.feeds, cf.nfeeds, &report);
	}
	for (size_t i = 0; shops && i < cf.nfeeds; i++)
		strbuf_release(&shops[i]);
	free(shops);
	config_file_release(&cf);
out:
	run_unlock(lock);
	report_release(&report);
	free(av);
	return rc == -1 ? EXIT_OK : rc;
}

int cmd_build(int argc, char **argv)
{
	struct run_config cfg;
	struct report report;
	struct strbuf shop = STRBUF_INIT;
	struct feed_spec spec = { &cfg, "feed" };
	int rc;

	rc = config_parse(&cfg, "build", argc, argv);
	if (rc) {
		config_release(&cfg);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (cfg.config) {
		rc = build_from_config(&cfg, argc, argv);
		config_release(&cfg);
		return rc;
	}
	report_init(&report, "build");
	report.console = !msg_is_quiet();
	report.max_console = (unsigned long)cfg.max_messages;
	if (!(rc = check_build_config(&cfg)) && !(rc = config_normalize_shop_url(&cfg, &shop)))
		rc = run_build(&spec, 1, &report);
	report_release(&report);
	config_release(&cfg);
	strbuf_release(&shop);
	return rc;
}
