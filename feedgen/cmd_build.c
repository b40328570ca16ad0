/* cmd_build.c: `feedgen build`: every feed of a run from one pass over the catalog, published
 * together: the feeds of a configuration file (--config, config_file.h), or the one feed the
 * command line describes (a one-feed specification). Only when every feed is complete are they
 * renamed into place, and only when the safety guard passes every feed (guard.h); a failure or a
 * refusal before that leaves every previous file as it was. Every build ends with the run
 * summary (summary.h). Owns: the run's configuration(s), report, lock, pipeline, guard, summary. */
#include "commands.h"
#include "alloc.h"
#include "config_file.h"
#include "fingerprint.h"
#include "diff_build.h"
#include "diff_capture.h"
#include "guard.h"
#include "history.h"
#include "html_report.h"
#include "msg.h"
#include "pipeline.h"
#include "runlock.h"
#include "shard.h"
#include "summary.h"
#include "upload.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	shard_apply(c); /* --shard K/N: NAME.shard-K-of-N.EXT for every file (shard.h) */
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

/* The safety guard over every feed of the run (guard.h): 0, EXIT_REFUSED or EXIT_INPUT. */
static int check_guard(const struct feed_spec *specs, size_t n, struct run_summary *sum, struct guard *g,
		       struct report *report)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		int r = guard_check_feed(g, report, specs[i].name, specs[i].cfg, sum->feeds[i].written, sum->feeds[i].rejected);
		if (r && rc != EXIT_INPUT)
			rc = r;
	}
	return rc;
}

static void say_written(const struct feed_spec *specs, size_t n, const struct run_summary *sum,
			const struct report *report)
{
	for (size_t i = 0; n > 1 && i < n; i++)
		msg_info("%s: wrote %lu items to %s", specs[i].name, sum->feeds[i].written, msg_quote(specs[i].cfg->output));
	if (n > 1)
		msg_info("published %zu feeds (%lu items read, %lu rejected somewhere, %lu skipped records; %lu errors, %lu warnings)",
			 n, report->items_read, report->items_rejected, report->records_skipped, report->errors,
			 report->warnings);
	else
		msg_info("wrote %lu items to %s (%lu read, %lu rejected, %lu skipped records; %lu errors, %lu warnings)",
			 report->items_written, msg_quote(specs[0].cfg->output), report->items_read, report->items_rejected,
			 report->records_skipped, report->errors, report->warnings);
}

/* The summary line and files, whatever the outcome (summary.h). Returns rc, or the first
 * failure to write a summary file when rc is 0. */
static int finish_summary(struct run_summary *sum, const struct run_config *cfg, int rc, int opened)
{
	int src;

	sum->exit_status = rc;
	if (rc != EXIT_USAGE || opened)
		summary_print(sum);
	if (cfg->summary && (src = summary_write_json(sum, cfg->summary)) && !rc)
		rc = src;
	if (cfg->metrics && (src = summary_write_metrics(sum, cfg->metrics)) && !rc)
		rc = src;
	return rc;
}

/* History (config runs, history.h): may this run be skipped? Only when the configuration and
 * options are the same, every source is byte-identical to the last published run's, its files
 * are still in place, it is younger than HISTORY_MAX_SKIP_AGE, and --force was not given. */
static int sources_unchanged(const struct history *h, const json_t *prev, const struct run_config *cfg)
{
	const char *hash = prev ? json_string_value(json_object_get(prev, "config_sha256")) : NULL;
	time_t now = time(NULL), then = prev ? (time_t)json_integer_value(json_object_get(prev, "time")) : 0;

	if (!h || !hash || cfg->force || cfg->fetch.source || strcmp(hash, h->config_sha256))
		return 0;
	if (now < then || now - then > HISTORY_MAX_SKIP_AGE)
		return 0;
	return fingerprint_unchanged() && history_files_intact(prev);
}

/* A failed upload of an earlier run is retried even when nothing changed (upload.h). */
static int uploads_pending(const struct feed_spec *specs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (upload_pending(specs[i].cfg))
			return 1;
	return 0;
}

/* A skipped run reports the counts of the run whose files stay. */
static void take_previous_counts(struct run_summary *sum, const json_t *prev)
{
	json_t *feeds = json_object_get(prev, "feeds");

	for (size_t i = 0; i < sum->nfeeds; i++) {
		json_t *f = json_array_get(feeds, i);
		const char *name = json_string_value(json_object_get(f, "name"));
		if (name && !strcmp(name, sum->feeds[i].name)) {
			sum->feeds[i].written = (unsigned long)json_integer_value(json_object_get(f, "items"));
			sum->feeds[i].rejected = (unsigned long)json_integer_value(json_object_get(f, "rejected"));
		}
	}
	sum->history_run = json_string_value(json_object_get(prev, "run"));
}

/* After a publish: keep the set in the history (a failure there is a warning: the publish stands). */
static void record_history(const struct history *h, struct run_summary *sum, char run_id[40])
{
	const char *const *targets;
	size_t nt = output_set_published(&targets);
	json_t *feeds = json_array();

	for (size_t i = 0; i < sum->nfeeds; i++)
		json_array_append_new(feeds, json_pack("{s:s,s:s,s:I,s:I}", "name", sum->feeds[i].name, "output",
						       sum->feeds[i].output, "items", (json_int_t)sum->feeds[i].written,
						       "rejected", (json_int_t)sum->feeds[i].rejected));
	if (!history_record(h, targets, nt, feeds, fingerprint_json(), run_id))
		sum->history_run = run_id;
}

/* The run: one pass, every feed, the safety guard, one publish. specs[0].cfg also names the
 * sources and the summary files. */
static int run_build(const struct feed_spec *specs, size_t n, struct report *report, int config, struct history *hist)
{
	struct run_config *cfg = specs[0].cfg;
	struct pipeline p;
	struct run_summary sum;
	struct guard guard;
	struct html_report html;
	json_t *prev = NULL;
	char run_id[40];
	struct upload_result *uploads = NULL;
	size_t opened;
	double t;
	int rc, ok;

	summary_init(&sum, n);
	guard_init(&guard, config);
	if (hist) { /* the sources' fingerprints are taken as they are opened (fingerprint.h) */
		prev = history_latest(hist);
		fingerprint_begin(prev ? json_object_get(prev, "sources") : NULL);
	}
	sum.report = report;
	report->count_only = !cfg->report && !cfg->html; /* issue 12: findings nobody lists are not kept */
	html_report_init(&html, "build", cfg->urgency.low_stock);
	for (size_t i = 0; i < n; i++)
		html_report_add_feed(&html, specs[i].name, specs[i].cfg->nchannels ? specs[i].cfg->channels[0] : "", specs[i].cfg);
	if (prev)
		html_report_previous(&html, prev);
	for (size_t i = 0; i < n; i++) {
		sum.feeds[i].name = specs[i].name;
		sum.feeds[i].channel = specs[i].cfg->nchannels ? specs[i].cfg->channels[0] : "";
		sum.feeds[i].output = specs[i].cfg->output;
		sum.feeds[i].also[0] = specs[i].cfg->retarget.promotions_output;
		sum.feeds[i].also[1] = specs[i].cfg->retarget.codes_output;
		sum.feeds[i].rules = specs[i].cfg->feed_rules; /* issue 13 (item_rules.h) */
	}
	sum.report_path = cfg->report;
	sum.rules = cfg->rules;
	output_set_begin(); /* every file of the run is published together, or none */
	rc = pipeline_open_feed_sources(&p, cfg, specs, n, report);
	p.html = cfg->html ? &html : NULL;
	fingerprint_freeze();
	if (!rc && sources_unchanged(hist, prev, cfg) && !uploads_pending(specs, n)) {
		pipeline_close(&p, 0);
		output_set_abort();
		for (size_t i = 0; i < n; i++) /* what a run that died left behind goes, as in any run */
			if (strcmp(specs[i].cfg->output, "-"))
				output_remove_stale(specs[i].cfg->output);
		take_previous_counts(&sum, prev);
		sum.skipped = 1;
		sum.read_s = summary_now() - sum.start;
		msg_info("every source is byte-identical to the run of %s and its files are in place: nothing rebuilt "
			 "(--force rebuilds)", sum.history_run);
		rc = html_report_finish_build(&html, &sum, cfg->html, finish_summary(&sum, cfg, 0, 1));
		goto out;
	}
	if (!rc)
		rc = pipeline_open_feed_outputs(&p);
	if (!rc)
		diff_capture_attach(&p); /* the change report's NEW side, taken while writing */
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
	for (size_t i = 0; i < p.nfeeds; i++) {
		sum.feeds[i].written = p.feeds[i].written;
		sum.feeds[i].rejected = p.feeds[i].rejected;
	}
	t = summary_now();
	sum.read_s = t - sum.start;
	{
		int crc = pipeline_close(&p, ok);
		if (!rc)
			rc = crc;
	}
	sum.write_s = summary_now() - t;
	report_console_done(report);
	if (!rc) {
		t = summary_now();
		rc = diff_build_feeds(specs, n, &sum, &guard); /* the change report, before the guard (diff_build.h) */
		sum.diff_s = summary_now() - t;
	}
	if (!rc) {
		t = summary_now();
		rc = check_guard(specs, n, &sum, &guard, report);
		sum.guard = &guard;
		sum.guard_s = summary_now() - t;
	}
	if (rc == EXIT_REFUSED)
		output_set_abort(); /* the report says why: written on its own, outside the set */
	if (cfg->report) {
		int rrc = report_write(report, (enum report_format)cfg->report_format, cfg->report);
		if (!rc)
			rc = rrc;
	}
	t = summary_now();
	if (!rc) {
		rc = output_set_publish();
		sum.published = !rc;
	} else {
		output_set_abort();
	}
	sum.publish_s = summary_now() - t;
	if (sum.published && hist)
		record_history(hist, &sum, run_id);
	/* said only now, so that it is true */
	if (!rc)
		say_written(specs, n, &sum, report);
	else if (output_set_partly_published())
		msg_error("build failed while publishing: %zu files were replaced before it, the rest were not",
			  output_set_partly_published());
	else if (rc != EXIT_REFUSED && (rc != EXIT_USAGE || opened))
		msg_error("build failed: nothing was published%s", n > 1 ? " (no feed of the configuration was replaced)" : "");
	if (!rc && sum.published) /* issue 11: uploads follow a successful publish, never a failed one */
		rc = upload_run(specs, n, report, &sum, &uploads);
	for (size_t i = 0; i < n && i < html.nfeeds; i++) { /* the change report, in the page too */
		const struct diff_counts *d = &sum.feeds[i].diff;
		if (sum.feeds[i].diffed && d->previous)
			html.feeds[i].change = (struct html_change){ 1, d->added, d->removed, d->price_changed,
								    d->availability_changed };
	}
	rc = html_report_finish_build(&html, &sum, cfg->html, finish_summary(&sum, cfg, rc, opened > 0));
out:
	diff_capture_release_all();
	fingerprint_end();
	json_decref(prev);
	upload_results_free(uploads, n);
	guard_release(&guard);
	html_report_release(&html);
	summary_release(&sum);
	return rc;
}

/* argv without --config FILE / --config=FILE, for the configuration's feeds. */
char **argv_without_config(int argc, char **argv, int *outc)
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

int config_history(struct history *h, const struct config_file *cf, const char *path, int argc, char **argv)
{
	const char **outputs = xcalloc(cf->nfeeds * 3 + 1, sizeof(*outputs));
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < cf->nfeeds; i++) {
		const struct run_config *c = cf->feeds[i].cfg;
		outputs[n++] = c->output;
		outputs[n++] = c->retarget.promotions_output;
		outputs[n++] = c->retarget.codes_output;
	}
	outputs[n++] = cf->feeds[0].cfg->report;
	rc = history_init(h, path, argc, argv, outputs, n, cf->feeds[0].cfg->keep);
	free(outputs);
	if (!rc)
		shard_history(h, &cf->feeds[0].cfg->shard); /* each shard has its own history */
	return rc;
}

static int build_from_config(struct run_config *cmdline, int argc, char **argv)
{
	struct history hist = { 0 };
	struct config_file cf;
	struct report report;
	struct strbuf *shops = NULL;
	int rc, lock = -1, ac;
	char **av = argv_without_config(argc, argv, &ac);

	report_init(&report, "build");
	shard_apply(cmdline); /* the shard's own lock (shard.h) */
	/* the lock first: nothing of the configuration is read while another run holds it */
	if ((rc = run_lock(cmdline->config, cmdline->lock, cmdline->wait, &lock))) {
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
	if (!rc)
		rc = config_history(&hist, &cf, cmdline->config, argc, argv);
	if (!rc) {
		report.console = !msg_is_quiet();
		report.max_console = (unsigned long)cf.feeds[0].cfg->max_messages;
		/* publish.keep 0: no history, so nothing to skip against and no sources to hash */
		rc = run_build(cf.feeds, cf.nfeeds, &report, 1, hist.keep > 0 ? &hist : NULL);
	}
	history_release(&hist);
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
		rc = run_build(&spec, 1, &report, 0, NULL);
	report_release(&report);
	config_release(&cfg);
	strbuf_release(&shop);
	return rc;
}
