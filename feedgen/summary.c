/* summary.c: the run summary of a build (summary.h): the human line, the JSON document
 * (jansson) and the Prometheus textfile, each written with output.c's atomic writer.
 * Owns: struct run_summary's feeds array. */
#include "summary.h"
#include "feed_parts.h"
#include "alloc.h"
#include "item_rules.h"
#include "msg.h"
#include "output.h"
#include "strbuf.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double summary_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void summary_init(struct run_summary *s, size_t nfeeds)
{
	memset(s, 0, sizeof(*s));
	s->start = summary_now();
	s->feeds = xcalloc(nfeeds ? nfeeds : 1, sizeof(*s->feeds));
	s->nfeeds = nfeeds;
}

void summary_release(struct run_summary *s)
{
	free(s->feeds);
	s->feeds = NULL;
}

static void totals(const struct run_summary *s, unsigned long *written, unsigned long *rejected)
{
	*written = *rejected = 0;
	for (size_t i = 0; i < s->nfeeds; i++) {
		*written += s->feeds[i].written;
		*rejected += s->feeds[i].rejected;
	}
}

static double duration(const struct run_summary *s)
{
	return s->read_s + s->write_s + s->diff_s + s->guard_s + s->publish_s;
}

/* issue 13: the configuration has rules (the summary then reports them and "excluded") */
static int has_rules(const struct run_summary *s)
{
	int any = s->rules != NULL;

	for (size_t i = 0; i < s->nfeeds; i++)
		any |= s->feeds[i].rules != NULL;
	return any;
}

/* "rules: rules[0] 8, feeds[0].rules[0] 20 items touched; 7 excluded" */
static void summary_print_rules(const struct run_summary *s)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned long excluded = item_rules_excluded(s->rules);

	if (!has_rules(s) || s->skipped)
		return;
	item_rules_summary_text(s->rules, &sb);
	for (size_t i = 0; i < s->nfeeds; i++) {
		item_rules_summary_text(s->feeds[i].rules, &sb);
		excluded += item_rules_excluded(s->feeds[i].rules);
	}
	strbuf_addstr(&sb, " items touched; ");
	strbuf_add_count(&sb, excluded);
	msg_info("rules: %s excluded", sb.buf);
	strbuf_release(&sb);
}

void summary_print(const struct run_summary *s)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned long written, rejected;

	totals(s, &written, &rejected);
	strbuf_addf(&sb, "%zu feed%s, ", s->nfeeds, s->nfeeds == 1 ? "" : "s");
	strbuf_add_count(&sb, written);
	strbuf_addstr(&sb, " items, ");
	strbuf_add_count(&sb, rejected);
	strbuf_addstr(&sb, " rejected, ");
	if (s->skipped)
		strbuf_addstr(&sb, "sources unchanged, nothing rebuilt");
	else if (s->published)
		strbuf_addstr(&sb, s->guard && s->guard->forced ? "published with --force" : "published");
	else if (s->exit_status == EXIT_REFUSED)
		strbuf_addstr(&sb, "refused by the safety guard");
	else
		strbuf_addf(&sb, "not published (exit %d)", s->exit_status);
	strbuf_addf(&sb, " in %.1f s", duration(s));
	{ /* issue 11: uploads (upload.h) */
		size_t up = 0, bad = 0;
		for (size_t i = 0; i < s->nfeeds; i++)
			if (s->feeds[i].upload && s->feeds[i].upload->status) {
				up++;
				bad += s->feeds[i].upload->error != NULL;
			}
		if (bad)
			strbuf_addf(&sb, ", %zu of %zu uploads failed", bad, up);
		else if (up)
			strbuf_addf(&sb, ", uploaded");
	}
	msg_info("%s", sb.buf);
	strbuf_release(&sb);
	summary_print_rules(s); /* issue 13 */
}

/* Write text to path atomically (not through the run's output set: it has ended). */
static int write_file(const char *path, const char *text)
{
	struct output o;
	int rc;

	if ((rc = output_open(&o, path)))
		return rc;
	output_write(&o, text, strlen(text));
	return output_commit(&o);
}

static json_t *rules_json(const struct report *r)
{
	json_t *rules = json_object();

	for (size_t i = 0; i < r->nrules; i++)
		json_object_set_new(rules, r->rules[i].rule,
				    json_pack("{s:I,s:I}", "errors", (json_int_t)r->rules[i].errors, "warnings",
					      (json_int_t)r->rules[i].warnings));
	return rules;
}

static json_t *guard_json(const struct guard *g)
{
	json_t *checks = json_array();

	for (size_t i = 0; g && i < g->n; i++) {
		const struct guard_check *c = &g->v[i];
		json_t *o = json_pack("{s:s,s:s,s:f,s:I,s:s}", "feed", c->feed, "limit", c->limit, "value", c->value,
				      "limit_value", (json_int_t)c->limit_value, "result", guard_result_name(c->result));
		if (!strcmp(c->limit, "max_drop_percent"))
			json_object_set_new(o, "previous_items", json_integer((json_int_t)c->previous));
		json_array_append_new(checks, o);
	}
	return checks;
}

int summary_write_json(const struct run_summary *s, const char *path)
{
	json_t *root, *feeds = json_array(), *published = json_array(), *uploaded = json_array();
	unsigned long written, rejected;
	char *text;
	int rc;

	totals(s, &written, &rejected);
	for (size_t i = 0; i < s->nfeeds; i++) {
		const struct summary_feed *f = &s->feeds[i];
		json_t *fo = json_pack("{s:s,s:s,s:s,s:I,s:I}", "name", f->name, "channel", f->channel, "output", f->output,
				       "items_written", (json_int_t)f->written, "rejected", (json_int_t)f->rejected);
		json_object_set_new(fo, "diff", f->diffed ? feed_diff_summary_json(&f->diff, 1) : json_null());
		if (has_rules(s)) { /* issue 13: items the rules excluded from this feed (never rejected) */
			json_object_set_new(fo, "excluded", json_integer((json_int_t)(item_rules_excluded(s->rules) +
										     item_rules_excluded(f->rules))));
			json_object_set_new(fo, "rules", item_rules_summary_json(f->rules));
		}
		if (f->upload && f->upload->status) /* issue 11: {url, status, attempts, error} */
			json_object_set_new(fo, "upload", upload_result_json(f->upload));
		if (f->upload && f->upload->status && !f->upload->error && f->upload->url)
			json_array_append_new(uploaded, json_string(f->upload->url));
		json_array_append_new(feeds, fo);
		if (s->published && strcmp(f->output, "-")) { /* a split or gzipped feed: its files (feed_parts.h) */
			struct strbuf paths = STRBUF_INIT;
			feed_parts_published(f->output, &paths);
			for (size_t k = 0; k < paths.len; k += strlen(paths.buf + k) + 1)
				json_array_append_new(published, json_string(paths.buf + k));
			strbuf_release(&paths);
		}
		for (size_t k = 0; s->published && k < 2; k++)
			if (f->also[k] && strcmp(f->also[k], "-"))
				json_array_append_new(published, json_string(f->also[k]));
	}
	if (s->published && s->report_path && strcmp(s->report_path, "-"))
		json_array_append_new(published, json_string(s->report_path));
	root = json_pack("{s:i,s:s,s:b,s:b,s:{s:f,s:f,s:f,s:f,s:f,s:f},s:{s:I,s:I,s:I,s:I,s:I},s:o,s:{s:I,s:I,s:o},s:o,s:o}",
			 "exit_status", s->exit_status,
			 "result", s->skipped ? "skipped" : s->published ? "published" : s->exit_status == EXIT_REFUSED ? "refused" : "failed",
			 "published", s->published, "forced", s->guard && s->guard->forced,
			 "timings", "read_normalise", s->read_s, "write", s->write_s, "diff", s->diff_s, "guard", s->guard_s, "publish",
			 s->publish_s, "total", duration(s),
			 "items", "read", (json_int_t)s->report->items_read, "written", (json_int_t)written, "rejected",
			 (json_int_t)rejected, "rejected_somewhere", (json_int_t)s->report->items_rejected,
			 "records_skipped", (json_int_t)s->report->records_skipped,
			 "feeds", feeds,
			 "findings", "errors", (json_int_t)s->report->errors, "warnings", (json_int_t)s->report->warnings,
			 "by_rule", rules_json(s->report),
			 "published_paths", published, "guard", guard_json(s->guard));
	json_object_set_new(root, "skipped", json_boolean(s->skipped));
	if (s->skipped)
		json_object_set_new(root, "skip_reason", json_string("every source is byte-identical to the last published run's"));
	json_object_set_new(root, "history_run", s->history_run ? json_string(s->history_run) : json_null());
	json_object_set_new(root, "uploaded_urls", uploaded);
	if (has_rules(s))
		json_object_set_new(root, "rules", item_rules_summary_json(s->rules));
	text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
	json_decref(root);
	if (!text)
		return msg_fail(EXIT_NOMEM, "out of memory writing the summary");
	{
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s\n", text);
		rc = write_file(path, sb.buf);
		strbuf_release(&sb);
	}
	free(text);
	return rc;
}

/* The value of the metric `name` (no labels) in the textfile at path, or NULL. */
static char *previous_metric(const char *path, const char *name)
{
	FILE *fp = fopen(path, "r");
	char line[512], *v = NULL;
	size_t n = strlen(name);

	if (!fp)
		return NULL;
	while (!v && fgets(line, sizeof(line), fp))
		if (!strncmp(line, name, n) && line[n] == ' ') {
			line[strcspn(line, "\n")] = 0;
			v = xstrdup(line + n + 1);
		}
	fclose(fp);
	return v;
}

/* A label value with \, " and newline escaped (the text exposition format). */
static void add_label(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			strbuf_addch(sb, '\\');
		if (*s == '\n')
			strbuf_addstr(sb, "\\n");
		else
			strbuf_addch(sb, *s);
	}
}

static void metric_head(struct strbuf *sb, const char *name, const char *help)
{
	strbuf_addf(sb, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void per_feed(struct strbuf *sb, const struct run_summary *s, const char *name, int rejected)
{
	for (size_t i = 0; i < s->nfeeds; i++) {
		strbuf_addf(sb, "%s{feed=\"", name);
		add_label(sb, s->feeds[i].name);
		strbuf_addf(sb, "\"} %lu\n", rejected ? s->feeds[i].rejected : s->feeds[i].written);
	}
}

/* feedgen_upload_success{feed=...} 1 or 0 for each feed that uploaded or tried to (upload.h) */
static void upload_metrics(struct strbuf *sb, const struct run_summary *s)
{
	int head = 0;

	for (size_t i = 0; i < s->nfeeds; i++) {
		const struct upload_result *u = s->feeds[i].upload;
		if (!u || !u->status)
			continue;
		if (!head++)
			metric_head(sb, "feedgen_upload_success", "1 when the last build's upload of the feed succeeded, 0 when it failed.");
		strbuf_addstr(sb, "feedgen_upload_success{feed=\"");
		add_label(sb, s->feeds[i].name);
		strbuf_addf(sb, "\"} %d\n", !u->error);
	}
}

int summary_write_metrics(const struct run_summary *s, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int current = s->published || s->skipped; /* a skipped run leaves feeds that are current */
	char *last = current ? NULL : previous_metric(path, "feedgen_last_success_timestamp_seconds");
	long long now = (long long)time(NULL);
	int rc;

	metric_head(&sb, "feedgen_last_success_timestamp_seconds", "Unix time of the last build that published, or found the feeds current.");
	if (current)
		strbuf_addf(&sb, "feedgen_last_success_timestamp_seconds %lld\n", now);
	else
		strbuf_addf(&sb, "feedgen_last_success_timestamp_seconds %s\n", last ? last : "0");
	metric_head(&sb, "feedgen_last_run_timestamp_seconds", "Unix time of the last build.");
	strbuf_addf(&sb, "feedgen_last_run_timestamp_seconds %lld\n", now);
	metric_head(&sb, "feedgen_last_run_status", "Exit status of the last build (0 published, 7 refused by the safety guard).");
	strbuf_addf(&sb, "feedgen_last_run_status %d\n", s->exit_status);
	metric_head(&sb, "feedgen_last_run_skipped", "1 when the last build found every source unchanged and rebuilt nothing.");
	strbuf_addf(&sb, "feedgen_last_run_skipped %d\n", s->skipped);
	metric_head(&sb, "feedgen_duration_seconds", "Duration of the last build.");
	strbuf_addf(&sb, "feedgen_duration_seconds %.3f\n", duration(s));
	metric_head(&sb, "feedgen_items", "Items the last build wrote, per feed.");
	per_feed(&sb, s, "feedgen_items", 0);
	metric_head(&sb, "feedgen_rejected", "Catalog items the last build rejected, per feed.");
	per_feed(&sb, s, "feedgen_rejected", 1);
	upload_metrics(&sb, s);
	rc = write_file(path, sb.buf);
	free(last);
	strbuf_release(&sb);
	return rc;
}
