/* cmd_repair.c: `feedgen repair --feed IN --channel NAME --output OUT`: an existing feed written
 * again in the same channel and format (or --format) with every safe repair made. Each row is
 * read (feed_reader.h), turned into an item by the feed catalog's rules (catalog_feed.h: prices
 * reformatted, text cleaned, enum values read in any accepted spelling, images normalised),
 * mapped back onto the channel, and checked by the validator in repair mode (preferred enum
 * spellings, control and invisible characters removed, text cut at its limit, bad or surplus
 * repeated values dropped). A value the item could not take (an unreadable price, a bad GTIN)
 * and an attribute no item field carries are kept as they were, so nothing is lost: an item
 * whose errors cannot be repaired is written as it is and reported (exit 1, as validate), or
 * left out with --drop-invalid. Every change is a finding (rule "repaired": item id, attribute,
 * old and new value) and a count summary closes the run. The output is one file of the output
 * set: a repair that fails leaves no file and the previous one untouched.
 * Owns: the run's configuration, report, template, normaliser, validation, writer and output. */
#include "commands.h"
#include "catalog_feed.h"
#include "feed_reader.h"
#include "alloc.h"
#include "input.h"
#include "msg.h"
#include "output.h"
#include "row.h"
#include "validate.h"
#include "writer.h"
#include <stdlib.h>
#include <string.h>

#define SHOWN_VALUE 60 /* longer values are described by their length in change findings */

struct repair {
	struct run_config *cfg;
	struct report *report;
	const struct template *tpl;
	struct normalizer norm;
	struct validation v;
	struct row out;
	struct output o;
	struct feed_writer writer;
	const char *kind;           /* the input's format, set by the reader before the first row */
	int opened, rc;
	unsigned char *restored;    /* per attribute: the source value was kept as it was */
	unsigned long *by_attr;     /* changes per attribute */
	unsigned long items, changed_items, changes, invalid, dropped;
};

static int discard_item(void *arg, struct item *it)
{
	(void)arg;
	(void)it;
	return 0;
}

static int open_output(struct repair *r)
{
	struct feed_meta meta = { r->cfg->feed_title ? r->cfg->feed_title : r->tpl->title, NULL, NULL };
	int format = r->cfg->format;
	int rc;

	if (format < 0)
		format = r->kind && !strcmp(r->kind, "XML") ? FORMAT_XML : r->kind && !strcmp(r->kind, "TSV") ? FORMAT_TSV : FORMAT_CSV;
	if ((rc = output_open(&r->o, r->cfg->output)))
		return rc;
	r->opened = 1;
	return feed_writer_begin(&r->writer, (enum feed_format)format, r->tpl, &r->o, &meta);
}

/* A value as a change finding shows it: ITEM_VALUE_SEP as ", ". */
static void shown(struct strbuf *sb, const char *v)
{
	strbuf_reset(sb);
	for (; *v; v++)
		if (*v == ITEM_VALUE_SEP)
			strbuf_addstr(sb, ", ");
		else
			strbuf_addch(sb, *v);
}

static void report_change(struct repair *r, const struct row *src, size_t attr)
{
	const char *before = row_get(src, attr), *after = row_get(&r->out, attr);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct finding *f;

	shown(&a, before);
	shown(&b, after);
	if (!*after)
		f = row_finding(&r->out, SEV_WARNING, "repaired", (int)attr, "%s removed", a.len > SHOWN_VALUE ? "value" : msg_quote(a.buf));
	else if (a.len > SHOWN_VALUE || b.len > SHOWN_VALUE)
		f = row_finding(&r->out, SEV_WARNING, "repaired", (int)attr, "changed (%zu -> %zu bytes)", strlen(before), strlen(after));
	else
		f = row_finding(&r->out, SEV_WARNING, "repaired", (int)attr, "'%s' -> '%s'", a.buf, b.buf);
	(void)f;
	r->by_attr[attr]++;
	r->changes++;
	strbuf_release(&a);
	strbuf_release(&b);
}

/* The item's findings but those about a value kept as it was (the validator speaks of it). */
static void take_item_findings(struct repair *r, struct findings *kept)
{
	struct findings *all = &r->norm.item.findings;

	for (size_t k = 0; k < all->n; k++) {
		const struct finding *f = &all->v[k];
		int attr = f->field ? template_attr_index(r->tpl, f->field) : -1;
		struct finding *c;
		if (attr >= 0 && r->restored[attr])
			continue;
		c = findings_add(kept, f->severity, f->rule, f->id, f->field, "%s", f->message);
		c->source = f->source ? xstrdup(f->source) : NULL;
		c->line = f->line;
	}
	findings_clear(all);
}

static int on_row(void *ctx, const struct row *src)
{
	struct repair *r = ctx;
	struct findings item_findings = FINDINGS_INIT;
	int ok, changed = 0;

	if (!r->opened && (r->rc = open_output(r)))
		return 1;
	r->items++;
	catalog_feed_item(&r->norm, src);
	row_from_item(&r->out, &r->norm.item);
	r->out.source = src->source;
	r->out.line = src->line;
	for (size_t i = 0; i < r->tpl->nattrs; i++) {
		r->restored[i] = !r->out.values[i].len && src->values[i].len;
		if (r->restored[i]) { /* no item field, or a value the item could not take */
			strbuf_addstr(&r->out.values[i], row_get(src, i));
			r->out.lines[i] = src->lines[i];
		}
	}
	take_item_findings(r, &item_findings);
	ok = validate_row(&r->v, &r->out) && !findings_has_error(&item_findings);
	for (size_t i = 0; i < r->tpl->nattrs; i++)
		if (strcmp(row_get(src, i), row_get(&r->out, i))) {
			report_change(r, src, i);
			changed = 1;
		}
	r->changed_items += changed;
	if (!ok)
		r->invalid++;
	if (ok || !r->cfg->drop_invalid)
		feed_writer_row(&r->writer, &r->out);
	else
		r->dropped++;
	report_take(r->report, &item_findings, NULL);
	report_take(r->report, &r->out.findings, NULL);
	findings_release(&item_findings);
	r->report->items_read++;
	if (ok)
		r->report->items_valid++;
	else
		r->report->items_rejected++;
	return 0;
}

static void summary(struct repair *r)
{
	struct strbuf m = STRBUF_INIT;

	for (size_t i = 0; i < r->tpl->nattrs; i++)
		if (r->by_attr[i])
			strbuf_addf(&m, "%s%s %lu", m.len ? ", " : "", r->tpl->attrs[i].name, r->by_attr[i]);
	msg_info("repaired %s: %lu items, %lu changed (%lu changes%s%s), %lu with errors %s%s", msg_quote(r->cfg->output),
		 r->items, r->changed_items, r->changes, m.len ? ": " : "", m.buf, r->invalid,
		 r->cfg->drop_invalid ? "left out" : "written as they are", r->invalid && !r->cfg->drop_invalid ? " (exit 1)" : "");
	strbuf_release(&m);
}

static int check_args(const struct run_config *cfg)
{
	if (!cfg->feed)
		return msg_fail(EXIT_USAGE, "repair needs --feed FILE (see 'feedgen repair --help')");
	if (cfg->nchannels != 1)
		return msg_fail(EXIT_USAGE, "repair needs --channel NAME once (tiktok, google, meta or a template file)");
	if (!cfg->output)
		return msg_fail(EXIT_USAGE, "repair needs --output FILE (- for standard output)");
	return 0;
}

/* Read, repair and write; the output is completed, not yet published. */
static int run(struct repair *r)
{
	int rc = feed_read_rows(r->cfg->feed, r->tpl, on_row, r, &r->kind);

	if (r->rc)
		return r->rc;
	if (rc == FEED_NO_HEADER)
		return msg_fail(EXIT_INPUT, "feed %s: no header row naming %s attributes (such as %s)", msg_quote(r->cfg->feed),
				r->tpl->title, r->tpl->id_attribute);
	if (rc)
		return rc;
	if (!r->opened && (rc = open_output(r)))
		return rc; /* an empty feed stays empty */
	{
		struct findings f = FINDINGS_INIT;
		validation_summary(&r->v, &f);
		report_take(r->report, &f, NULL);
		findings_release(&f);
	}
	if (feed_writer_end(&r->writer))
		return msg_fail(EXIT_OUTPUT, "cannot write %s: %s (the previous file is untouched)", msg_quote(r->cfg->output),
				strerror(r->o.err));
	return output_commit(&r->o);
}

int cmd_repair(int argc, char **argv)
{
	struct run_config cfg;
	struct report report;
	struct repair r;
	int rc;

	rc = config_parse(&cfg, "repair", argc, argv);
	if (rc) {
		config_release(&cfg);
		return rc < 0 ? EXIT_OK : rc;
	}
	memset(&r, 0, sizeof(r));
	report_init(&report, "repair");
	report.console = !msg_is_quiet() && (!cfg.report || strcmp(cfg.report, "-"));
	report.max_console = (unsigned long)cfg.max_messages;
	r.cfg = &cfg;
	r.report = &report;
	if ((rc = check_args(&cfg)) || !(r.tpl = template_load(cfg.channels[0]))) {
		rc = rc ? rc : EXIT_USAGE;
		goto out;
	}
	normalizer_init(&r.norm, &cfg.norm, NULL, discard_item, NULL);
	validation_init(&r.v, r.tpl, 1);
	row_init(&r.out, r.tpl);
	r.restored = calloc(r.tpl->nattrs + 1, 1);
	r.by_attr = calloc(r.tpl->nattrs + 1, sizeof(*r.by_attr));
	if (!r.restored || !r.by_attr) {
		rc = msg_fail(EXIT_NOMEM, "out of memory");
		goto release;
	}
	input_set_timeout(cfg.fetch.timeout);
	output_set_begin();
	rc = run(&r);
	report_console_done(&report);
	if (!rc) {
		summary(&r);
		if (report.errors || (cfg.fail_on_warning && report.warnings))
			rc = EXIT_FINDINGS;
	}
	if (cfg.report && (!rc || rc == EXIT_FINDINGS)) {
		int rrc = report_write(&report, (enum report_format)cfg.report_format, cfg.report);
		if (rrc)
			rc = rrc;
	}
	if ((!rc || rc == EXIT_FINDINGS) && output_set_publish())
		rc = EXIT_OUTPUT;
	else if (rc && rc != EXIT_FINDINGS)
		output_set_abort();
release:
	if (r.opened && rc && rc != EXIT_FINDINGS)
		output_abort(&r.o);
	if (r.opened)
		feed_writer_release(&r.writer);
	free(r.restored);
	free(r.by_attr);
	row_release(&r.out);
	validation_release(&r.v);
	normalizer_release(&r.norm);
	template_free(r.tpl);
out:
	report_release(&report);
	config_release(&cfg);
	return rc;
}
