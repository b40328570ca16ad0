/* cmd_preview.c: `feedgen preview --config FILE [--feed NAME] [--limit N] [--id ID]...` (issue 13):
 * the configuration's sources are read and normalised as a build reads them, and the first N
 * items (or the given ids) go through the top level's rules and then one feed's, instead of the
 * feeds: each is printed before and after, field by field, with the rules that changed it. No
 * feed, lock, history or .feedgen/ state is written. --report-format json gives the same as data.
 * Owns: the preview's configuration, pipeline and item copies. */
#include "alloc.h"
#include "commands.h"
#include "config_file.h"
#include "item_rules.h"
#include "msg.h"
#include "pipeline.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define PREVIEW_DONE 100 /* the sink's "enough items": not an exit code */
#define TEXT_WIDTH 100   /* text output: longer values are cut (JSON has them whole) */

struct preview {
	const struct run_config *opt;   /* the command line: --limit, --id, --report-format */
	const struct run_config *feed;  /* the feed whose rules follow the top level's */
	struct item before, after;
	struct strbuf trace;
	unsigned char *found;           /* per --id */
	long shown;
	json_t *items;                  /* JSON: the items shown */
};

/* A value for the terminal: the multi-value separator as " | ", other control characters as
 * \xNN, cut at TEXT_WIDTH bytes (on a UTF-8 boundary). */
static void put_value(const struct strbuf *v)
{
	size_t n = v->len;

	if (n > TEXT_WIDTH) {
		n = TEXT_WIDTH;
		while (n && ((unsigned char)v->buf[n] & 0xC0) == 0x80)
			n--;
	}
	putchar('\'');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v->buf[i];
		if (c == ITEM_VALUE_SEP)
			fputs(" | ", stdout);
		else if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('\'');
	if (n < v->len)
		printf("... (%zu bytes)", v->len);
}

static const char *excluded_by(const struct strbuf *trace)
{
	const char *last = strrchr(trace->buf, ' ');

	return last ? last + 1 : trace->buf;
}

static void print_text(struct preview *pv, int excluded)
{
	const struct item *b = &pv->before, *a = &pv->after;

	printf("%sitem %ld: %s", pv->shown > 1 ? "\n" : "", pv->shown, item_get(b, ITEM_ID));
	if (b->source)
		printf(" (%s line %ld)", b->source, b->line);
	printf("\n  rules: %s\n", pv->trace.len ? pv->trace.buf : "none changed it");
	if (excluded)
		printf("  excluded by %s: not written, not rejected\n", excluded_by(&pv->trace));
	for (int f = 0; f < ITEM_FIELD_COUNT; f++) {
		const struct strbuf *x = &b->field[f], *y = &a->field[f];
		int changed = x->len != y->len || memcmp(x->buf, y->buf, x->len);
		if (!x->len && !y->len)
			continue;
		printf("%c %s: ", changed ? '*' : ' ', item_field_name((enum item_field)f));
		put_value(x);
		if (changed) {
			fputs(" -> ", stdout);
			put_value(y);
		}
		putchar('\n');
	}
}

static json_t *item_json(struct preview *pv, int excluded)
{
	const struct item *b = &pv->before, *a = &pv->after;
	json_t *fields = json_object(), *changed = json_array(), *rules = json_array();
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, pv->trace.buf);
	for (char *tok = strtok(sb.buf, ", "); tok; tok = strtok(NULL, ", "))
		json_array_append_new(rules, json_string(tok));
	strbuf_release(&sb);
	for (int f = 0; f < ITEM_FIELD_COUNT; f++) {
		const struct strbuf *x = &b->field[f], *y = &a->field[f];
		const char *name = item_field_name((enum item_field)f);
		if (!x->len && !y->len)
			continue;
		json_object_set_new(fields, name, json_pack("{s:s%,s:s%}", "before", x->buf, x->len, "after", y->buf, y->len));
		if (x->len != y->len || memcmp(x->buf, y->buf, x->len))
			json_array_append_new(changed, json_string(name));
	}
	return json_pack("{s:s,s:s?,s:I,s:b,s:s?,s:o,s:o,s:o}", "id", item_get(b, ITEM_ID), "source", b->source, "line",
			 (json_int_t)b->line, "excluded", excluded, "excluded_by", excluded ? excluded_by(&pv->trace) : NULL,
			 "rules", rules, "changed", changed, "fields", fields);
}

/* --id: the item's id or item_group_id is one of them (marked found) */
static int wanted(struct preview *pv, const struct item *it)
{
	int yes = 0;

	for (size_t i = 0; i < pv->opt->nids; i++)
		if (!strcmp(item_get(it, ITEM_ID), pv->opt->ids[i]) || !strcmp(item_get(it, ITEM_ITEM_GROUP_ID), pv->opt->ids[i]))
			yes = pv->found[i] = 1;
	return yes;
}

/* The pipeline's sink (pipeline.h): the item the normaliser made, before any rule. */
static int on_preview(struct pipeline *p, struct item *it)
{
	struct preview *pv = p->preview_arg;
	int excluded;

	if (pv->opt->nids ? !wanted(pv, it) : pv->shown >= pv->opt->limit)
		return 0;
	pv->shown++;
	strbuf_reset(&pv->trace);
	item_copy(&pv->before, it);
	excluded = item_rules_apply(p->cfg->rules, it, &pv->trace);
	item_copy(&pv->after, it);
	if (!excluded)
		excluded = item_rules_apply(pv->feed->feed_rules, &pv->after, &pv->trace);
	if (pv->items)
		json_array_append_new(pv->items, item_json(pv, excluded));
	else
		print_text(pv, excluded);
	return !pv->opt->nids && pv->shown >= pv->opt->limit ? PREVIEW_DONE : 0;
}

static int find_feed(const struct config_file *cf, const char *name, size_t *out)
{
	struct strbuf names = STRBUF_INIT;
	int rc;

	*out = 0;
	for (size_t i = 0; name && i < cf->nfeeds; i++)
		if (!strcmp(cf->names[i], name)) {
			*out = i;
			return 0;
		}
	if (!name)
		return 0;
	for (size_t i = 0; i < cf->nfeeds; i++)
		strbuf_addf(&names, "%s%s", i ? ", " : "", cf->names[i]);
	rc = msg_fail(EXIT_USAGE, "no feed named %s in configuration %s (feeds: %s)", msg_quote(name), msg_quote(cf->path),
		      names.buf);
	strbuf_release(&names);
	return rc;
}

/* Read the sources through on_preview; then the ids that were not found. */
static int run_preview(struct config_file *cf, size_t fi, struct preview *pv)
{
	struct run_config *src = cf->feeds[0].cfg;
	struct strbuf shop = STRBUF_INIT, feed_shop = STRBUF_INIT;
	struct report report;
	struct pipeline p;
	int rc;

	report_init(&report, "build");
	report.console = 0;
	if (!(rc = config_normalize_shop_url(src, &shop)) && cf->feeds[fi].cfg != src)
		rc = config_normalize_shop_url(cf->feeds[fi].cfg, &feed_shop);
	if (!rc && !src->ncatalogs && !src->fetch.source)
		rc = msg_fail(EXIT_USAGE, "configuration %s names no catalog to preview", msg_quote(cf->path));
	if (!rc) {
		rc = pipeline_open_feed_sources(&p, src, &cf->feeds[fi], 1, &report);
		p.preview = on_preview;
		p.preview_arg = pv;
		if (!rc)
			rc = pipeline_run(&p);
		pipeline_close(&p, 0);
	}
	if (rc == PREVIEW_DONE)
		rc = 0;
	for (size_t i = 0; !rc && i < pv->opt->nids; i++)
		if (!pv->found[i])
			rc = msg_fail(EXIT_USAGE, "no item with id or item_group_id %s in the catalog", msg_quote(pv->opt->ids[i]));
	report_release(&report);
	strbuf_release(&shop);
	strbuf_release(&feed_shop);
	return rc;
}

int cmd_preview(int argc, char **argv)
{
	struct run_config opt;
	struct config_file cf;
	struct preview pv;
	char *build_argv[] = { (char *)"build", NULL };
	size_t fi;
	int rc;

	if ((rc = config_parse(&opt, "preview", argc, argv))) {
		config_release(&opt);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (!opt.config)
		rc = msg_fail(EXIT_USAGE, "preview needs --config FILE (see 'feedgen preview --help')");
	else if (opt.report_format != REPORT_TEXT && opt.report_format != REPORT_JSON)
		rc = msg_fail(EXIT_USAGE, "option --report-format: preview writes text or json");
	if (rc) {
		config_release(&opt);
		return rc;
	}
	memset(&pv, 0, sizeof(pv));
	pv.opt = &opt;
	item_init(&pv.before);
	item_init(&pv.after);
	strbuf_init(&pv.trace);
	pv.found = xcalloc(opt.nids + 1, 1);
	if (opt.report_format == REPORT_JSON)
		pv.items = json_array();
	if (!(rc = config_file_load(&cf, opt.config, 1, build_argv)) && !(rc = find_feed(&cf, opt.feed, &fi))) {
		pv.feed = cf.feeds[fi].cfg;
		rc = run_preview(&cf, fi, &pv);
	}
	if (!rc && pv.items) {
		json_t *doc = json_pack("{s:s,s:O}", "feed", cf.names[fi], "items", pv.items);
		char *text = json_dumps(doc, JSON_INDENT(2));
		if (text)
			printf("%s\n", text);
		free(text);
		json_decref(doc);
	} else if (!rc && !pv.shown) {
		msg_info("the catalog has no item to preview");
	}
	json_decref(pv.items);
	config_file_release(&cf);
	item_release(&pv.before);
	item_release(&pv.after);
	strbuf_release(&pv.trace);
	free(pv.found);
	config_release(&opt);
	return rc;
}
