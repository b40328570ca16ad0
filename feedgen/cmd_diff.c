/* cmd_diff.c: `feedgen diff OLD NEW`: the change report between two feeds (feed_diff.h), as
 * text (a summary line, then the lists, each cut at --max-list) or JSON (--report-format json:
 * an object whose "summary" holds the counts, then the lists, streamed item by item). The
 * channel is --channel, else detected from the first item: the template that names its id and
 * the most of its values. Exit 0 (1 with --exit-code when the feeds differ), 2, 3.
 * Owns: the run's configuration, template and diff. */
#include "commands.h"
#include "feed_channel.h"
#include "feed_diff.h"
#include "feed_reader.h"
#include "msg.h"
#include "row.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TEXT_MAX_LIST 20

/* ---- the channel, from the first item (feed_channel.h) ---- */

/* Standard input, a pipe or FIFO: read once (a missing file is the reader's to report). */
static int piped(const char *path)
{
	struct stat st;

	return !strcmp(path, "-") || (!stat(path, &st) && !S_ISREG(st.st_mode));
}

int feed_detect_channel(const char *path, char *names, const char **best)
{
	struct feed_source src = { path, NULL, path, "feed" };

	*best = NULL;
	if (piped(path))
		return 0; /* read once, by the comparison */
	return feed_channel_detect(&src, names, best);
}

/* ---- text ---- */

static void add_id(struct strbuf *sb, const char *id)
{
	msg_sanitize(sb, id, strlen(id), 200);
}

static const char *avail_text(const struct feed_diff *d, int code)
{
	const char *s = feed_diff_availability(d, code);

	return s ? s : code == DIFF_NO_AVAILABILITY ? "none" : "not a channel value";
}

static void add_item_text(struct strbuf *sb, const struct feed_diff *d, const char *id, const struct diff_values *v)
{
	strbuf_addstr(sb, "  ");
	add_id(sb, id);
	strbuf_addstr(sb, ": ");
	feed_diff_format_price(sb, v->price, v->currency);
	if (v->sale != DIFF_NO_PRICE) {
		strbuf_addstr(sb, " (sale ");
		feed_diff_format_price(sb, v->sale, v->sale_currency);
		strbuf_addch(sb, ')');
	}
	strbuf_addf(sb, ", %s%s\n", avail_text(d, v->availability), v->low ? ", low stock" : "");
}

static void add_change_text(struct strbuf *sb, const struct feed_diff *d, const struct diff_item *it)
{
	const struct diff_values *a = &it->v[0], *b = &it->v[1];
	const char *sep = "";

	strbuf_addstr(sb, "  ");
	add_id(sb, feed_diff_id(d, it));
	strbuf_addstr(sb, ": ");
	if (it->what & DIFF_PRICE) {
		strbuf_addstr(sb, "price ");
		feed_diff_format_price(sb, a->price, a->currency);
		strbuf_addstr(sb, " -> ");
		feed_diff_format_price(sb, b->price, b->currency);
		sep = "; ";
	}
	if (it->what & DIFF_SALE_PRICE) {
		strbuf_addf(sb, "%ssale price ", sep);
		feed_diff_format_price(sb, a->sale, a->sale_currency);
		strbuf_addstr(sb, " -> ");
		feed_diff_format_price(sb, b->sale, b->sale_currency);
		sep = "; ";
	}
	if (it->what & DIFF_AVAILABILITY) {
		strbuf_addf(sb, "%savailability %s -> %s", sep, avail_text(d, a->availability), avail_text(d, b->availability));
		sep = "; ";
	}
	if (it->what & (DIFF_LOW_ENTERED | DIFF_LOW_LEFT)) {
		strbuf_addf(sb, "%s%s low stock", sep, it->what & DIFF_LOW_ENTERED ? "entered" : "left");
		sep = "; ";
	}
	if (it->what & DIFF_OTHER)
		strbuf_addf(sb, "%sother fields", sep);
	strbuf_addch(sb, '\n');
}

static void more(struct strbuf *sb, unsigned long total, size_t shown)
{
	if (total > shown)
		strbuf_addf(sb, "  ... and %lu more (--max-list 0 lists all)\n", total - (unsigned long)shown);
}

static void print_text(const struct feed_diff *d, FILE *out)
{
	const struct diff_counts *c = &d->counts;
	struct strbuf sb = STRBUF_INIT;
	const struct diff_values *v;
	const char *id;
	size_t pos = 0, shown = 0;

	strbuf_addf(&sb, "%lu added, %lu removed, %lu changed (%lu price, %lu availability, %lu entered low stock, "
		    "%lu left low stock), %lu unchanged\n", c->added, c->removed, c->changed, c->price_changed,
		    c->availability_changed, c->low_stock_entered, c->low_stock_left, c->unchanged);
	if (c->added)
		strbuf_addf(&sb, "added (%lu):\n", c->added);
	for (size_t i = 0; i < d->nitems[DIFF_ADDED]; i++)
		add_item_text(&sb, d, feed_diff_id(d, &d->items[DIFF_ADDED][i]), &d->items[DIFF_ADDED][i].v[1]);
	more(&sb, c->added, d->nitems[DIFF_ADDED]);
	if (c->removed)
		strbuf_addf(&sb, "removed (%lu):\n", c->removed);
	while (shown < d->max_list && feed_diff_next_removed(d, &pos, &id, &v)) {
		add_item_text(&sb, d, id, v);
		shown++;
	}
	more(&sb, c->removed, shown);
	if (c->changed)
		strbuf_addf(&sb, "changed (%lu):\n", c->changed);
	for (size_t i = 0; i < d->nitems[DIFF_CHANGED]; i++)
		add_change_text(&sb, d, &d->items[DIFF_CHANGED][i]);
	more(&sb, c->changed, d->nitems[DIFF_CHANGED]);
	if (c->duplicates_old + c->duplicates_new)
		strbuf_addf(&sb, "duplicate ids (%lu):\n", c->duplicates_old + c->duplicates_new);
	for (size_t i = 0; i < d->nitems[DIFF_DUPLICATE]; i++) {
		const struct diff_item *it = &d->items[DIFF_DUPLICATE][i];
		strbuf_addstr(&sb, "  ");
		add_id(&sb, feed_diff_id(d, it));
		strbuf_addf(&sb, ": again in %s line %ld (the first is compared)\n", it->in_new ? "NEW" : "OLD", it->line);
	}
	more(&sb, c->duplicates_old + c->duplicates_new, d->nitems[DIFF_DUPLICATE]);
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

/* ---- JSON, streamed one listed item at a time ---- */

/* A JSON string of s; bytes that are not UTF-8 (a Latin-1 feed) as the \xNN escapes msg.c
 * shows on terminals, so no id is ever dropped. */
static json_t *text_json(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j = json_string(s);

	if (j)
		return j;
	msg_sanitize(&sb, s, strlen(s), 0);
	j = json_string(sb.buf);
	strbuf_release(&sb);
	return j;
}

static json_t *price_json(money_t amount, const char *currency)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	if (amount == DIFF_NO_PRICE)
		return json_null();
	feed_diff_format_price(&sb, amount, currency);
	j = json_string(sb.buf);
	strbuf_release(&sb);
	return j;
}

static json_t *avail_json(const struct feed_diff *d, int code)
{
	const char *s = feed_diff_availability(d, code);

	return s ? json_string(s) : json_null();
}

static json_t *item_json(const struct feed_diff *d, const char *id, const struct diff_values *v, long line)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", text_json(id));
	if (line)
		json_object_set_new(o, "line", json_integer(line));
	json_object_set_new(o, "price", price_json(v->price, v->currency));
	json_object_set_new(o, "sale_price", price_json(v->sale, v->sale_currency));
	json_object_set_new(o, "availability", avail_json(d, v->availability));
	json_object_set_new(o, "low_stock", json_boolean(v->low));
	return o;
}

static json_t *pair(json_t *a, json_t *b)
{
	json_t *o = json_object();

	json_object_set_new(o, "old", a);
	json_object_set_new(o, "new", b);
	return o;
}

static json_t *change_json(const struct feed_diff *d, const struct diff_item *it)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ DIFF_PRICE, "price" }, { DIFF_SALE_PRICE, "sale_price" }, { DIFF_AVAILABILITY, "availability" },
		{ DIFF_LOW_ENTERED, "low_stock_entered" }, { DIFF_LOW_LEFT, "low_stock_left" }, { DIFF_OTHER, "other" },
	};
	const struct diff_values *a = &it->v[0], *b = &it->v[1];
	json_t *o = json_object(), *what = json_array();

	json_object_set_new(o, "id", text_json(feed_diff_id(d, it)));
	json_object_set_new(o, "line", json_integer(it->line));
	for (size_t k = 0; k < sizeof(names) / sizeof(*names); k++)
		if (it->what & names[k].bit)
			json_array_append_new(what, json_string(names[k].name));
	json_object_set_new(o, "changes", what);
	if (it->what & DIFF_PRICE)
		json_object_set_new(o, "price", pair(price_json(a->price, a->currency), price_json(b->price, b->currency)));
	if (it->what & DIFF_SALE_PRICE)
		json_object_set_new(o, "sale_price", pair(price_json(a->sale, a->sale_currency),
							  price_json(b->sale, b->sale_currency)));
	if (it->what & DIFF_AVAILABILITY)
		json_object_set_new(o, "availability", pair(avail_json(d, a->availability), avail_json(d, b->availability)));
	if (it->what & (DIFF_LOW_ENTERED | DIFF_LOW_LEFT))
		json_object_set_new(o, "low_stock", pair(json_boolean(a->low), json_boolean(b->low)));
	return o;
}

/* Print j (stolen) as the next element of a list. */
static void element(FILE *out, json_t *j, size_t *n)
{
	char *text = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);

	json_decref(j);
	if (!text)
		exit(msg_fail(EXIT_NOMEM, "out of memory writing the diff"));
	fprintf(out, "%s\n    %s", (*n)++ ? "," : "", text);
	free(text);
}

static void end_list(FILE *out, size_t n, int last)
{
	fprintf(out, "%s]%s\n", n ? "\n  " : "", last ? "" : ",");
}

static void print_json(const struct feed_diff *d, const char *old_path, const char *new_path, const char *channel,
		       FILE *out)
{
	json_t *head = json_object();
	const struct diff_values *v;
	const char *id;
	char *text;
	size_t pos = 0, n = 0;

	json_object_set_new(head, "old", json_pack("{s:o,s:s}", "path", text_json(old_path), "format", d->kind[0]));
	json_object_set_new(head, "new", json_pack("{s:o,s:s}", "path", text_json(new_path), "format", d->kind[1]));
	json_object_set_new(head, "channel", json_string(channel));
	json_object_set_new(head, "summary", feed_diff_summary_json(&d->counts, 0));
	text = json_dumps(head, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
	json_decref(head);
	if (!text)
		exit(msg_fail(EXIT_NOMEM, "out of memory writing the diff"));
	text[strlen(text) - 2] = '\0'; /* the object goes on: drop its "\n}" */
	fprintf(out, "%s,\n  \"added\": [", text);
	free(text);
	for (size_t i = 0; i < d->nitems[DIFF_ADDED]; i++)
		element(out, item_json(d, feed_diff_id(d, &d->items[DIFF_ADDED][i]), &d->items[DIFF_ADDED][i].v[1],
				       d->items[DIFF_ADDED][i].line), &n);
	end_list(out, n, 0);
	fprintf(out, "  \"removed\": [");
	n = 0;
	while (n < d->max_list && feed_diff_next_removed(d, &pos, &id, &v))
		element(out, item_json(d, id, v, 0), &n);
	end_list(out, n, 0);
	fprintf(out, "  \"changed\": [");
	n = 0;
	for (size_t i = 0; i < d->nitems[DIFF_CHANGED]; i++)
		element(out, change_json(d, &d->items[DIFF_CHANGED][i]), &n);
	end_list(out, n, 0);
	fprintf(out, "  \"duplicates\": [");
	n = 0;
	for (size_t i = 0; i < d->nitems[DIFF_DUPLICATE]; i++) {
		const struct diff_item *it = &d->items[DIFF_DUPLICATE][i];
		element(out, json_pack("{s:o,s:s,s:I}", "id", text_json(feed_diff_id(d, it)), "feed", it->in_new ? "new" : "old",
				       "line", (json_int_t)it->line), &n);
	}
	end_list(out, n, 1);
	fprintf(out, "}\n");
}

/* ---- the command ---- */

static int check_args(const struct run_config *cfg)
{
	if (cfg->nargs != 2)
		return msg_fail(EXIT_USAGE, "diff compares two feeds: feedgen diff OLD NEW (see 'feedgen diff --help')");
	if (cfg->nchannels > 1)
		return msg_fail(EXIT_USAGE, "diff compares feeds of one channel; give --channel once");
	if (cfg->report_format != REPORT_TEXT && cfg->report_format != REPORT_JSON)
		return msg_fail(EXIT_USAGE, "option --report-format: diff writes text or json");
	return 0;
}

static void say_duplicates(const struct feed_diff *d, const char *old_path, const char *new_path)
{
	for (int k = 0; k < 2; k++) {
		unsigned long n = k ? d->counts.duplicates_new : d->counts.duplicates_old;
		if (n)
			msg_warning("feed %s repeats an id %lu time%s: the first item of each id is compared",
				    msg_quote(k ? new_path : old_path), n, n == 1 ? "" : "s");
	}
}

int cmd_diff(int argc, char **argv)
{
	struct run_config cfg;
	const struct template *tpl = NULL;
	struct feed_diff d;
	const char *channel = NULL, *old_path, *new_path;
	char names[1024];
	int rc, json;

	if ((rc = config_parse(&cfg, "diff", argc, argv)) || (rc = check_args(&cfg))) {
		config_release(&cfg);
		return rc < 0 ? EXIT_OK : rc;
	}
	old_path = cfg.args[0];
	new_path = cfg.args[1];
	json = cfg.report_format == REPORT_JSON;
	if (cfg.nchannels)
		channel = cfg.channels[0];
	for (int k = 0; !channel && k < 2; k++) {
		template_list(names, sizeof(names));
		if ((rc = feed_detect_channel(k ? new_path : old_path, names, &channel)))
			goto out;
	}
	if (!channel && (piped(old_path) || piped(new_path))) {
		rc = msg_fail(EXIT_USAGE, "diff reads a pipe or standard input once: give --channel to compare %s",
			      msg_quote(piped(old_path) ? old_path : new_path));
		goto out;
	}
	if (!channel)
		channel = "google"; /* neither feed has an item: any channel says so */
	if (msg_is_verbose())
		msg_info("comparing %s with %s as %s feeds", msg_quote(old_path), msg_quote(new_path), channel);
	if (!(tpl = template_load(channel))) {
		rc = EXIT_USAGE;
		goto out;
	}
	feed_diff_init(&d, tpl, &cfg.urgency,
		       cfg.max_list == 0 ? SIZE_MAX : cfg.max_list > 0 ? (size_t)cfg.max_list : json ? SIZE_MAX : TEXT_MAX_LIST);
	if (!(rc = feed_diff_read_old(&d, old_path)) && !(rc = feed_diff_read_new(&d, new_path))) {
		say_duplicates(&d, old_path, new_path);
		if (json)
			print_json(&d, old_path, new_path, tpl->channel, stdout);
		else
			print_text(&d, stdout);
		if (cfg.exit_code && (d.counts.added || d.counts.removed || d.counts.changed))
			rc = EXIT_FINDINGS;
	}
	feed_diff_release(&d);
out:
	template_free(tpl);
	config_release(&cfg);
	return rc;
}
