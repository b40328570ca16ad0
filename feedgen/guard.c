/* guard.c: the safety guard (guard.h): three limits per feed, each recorded as a check; the
 * first message says which feed, which limit and its value, and that nothing was published.
 * Owns: struct guard's array. */
#include "guard.h"
#include "alloc.h"
#include "feed_parts.h"
#include "msg.h"
#include "strbuf.h"
#include <string.h>

void guard_init(struct guard *g, int config)
{
	memset(g, 0, sizeof(*g));
	g->config = config;
}

void guard_release(struct guard *g)
{
	free(g->v);
	free(g->known);
	memset(g, 0, sizeof(*g));
}

void guard_known_previous(struct guard *g, const char *output, int readable, unsigned long items)
{
	ALLOC_GROW(g->known, g->nknown + 1, g->known_alloc);
	g->known[g->nknown].output = output;
	g->known[g->nknown].readable = readable;
	g->known[g->nknown++].items = items;
}

const char *guard_result_name(enum guard_result r)
{
	return r == GUARD_REFUSED ? "refused" : r == GUARD_FORCED ? "forced" : "passed";
}

/* "50" or "33.3": a percentage as people write it. */
static void add_percent(struct strbuf *sb, double p)
{
	if (p == (double)(long)p)
		strbuf_addf(sb, "%ld%%", (long)p);
	else
		strbuf_addf(sb, "%.1f%%", p);
}

/* The limit as the user set it: publish.min_items in a configuration, else --min-items. */
static void add_limit(struct strbuf *sb, const struct guard *g, const char *limit, long value)
{
	if (g->config) {
		strbuf_addf(sb, "publish.%s %ld", limit, value);
		return;
	}
	strbuf_addstr(sb, "--");
	for (const char *p = limit; *p; p++)
		strbuf_addch(sb, *p == '_' ? '-' : *p);
	strbuf_addf(sb, " %ld", value);
}

/* Record one check; a passed limit says so (error, or warning with --force) with `what`. */
static int record(struct guard *g, struct report *report, const struct run_config *cfg, struct guard_check *c,
		  int passed_limit, const struct strbuf *what)
{
	struct findings f = FINDINGS_INIT;
	int console = report->console;

	c->result = !passed_limit ? GUARD_PASSED : cfg->force ? GUARD_FORCED : GUARD_REFUSED;
	ALLOC_GROW(g->v, g->n + 1, g->alloc);
	g->v[g->n++] = *c;
	if (!passed_limit)
		return 0;
	if (cfg->force) {
		g->forced++;
		msg_warning("%s; published anyway (--force)", what->buf);
	} else {
		g->refused++;
		msg_error("%s: nothing was published", what->buf);
	}
	findings_add(&f, cfg->force ? SEV_WARNING : SEV_ERROR, "safety-guard", NULL, NULL, "%s%s", what->buf,
		     cfg->force ? "; published anyway (--force)" : ": nothing was published");
	if (strcmp(cfg->output, "-"))
		f.v[0].source = xstrdup(cfg->output);
	report->console = 0; /* said above, whatever the console's cap */
	report_take(report, &f, NULL);
	report->console = console;
	findings_release(&f);
	return cfg->force ? 0 : EXIT_REFUSED;
}

/* The feed now at the output path (its parts when the last run split it, its .gz name when
 * gzipped: feed_parts.h; counted by the change report already when it read it): 1 with its items
 * counted, 0 when there is none to compare with, or EXIT_INPUT when it cannot be read (the drop
 * check cannot be made: refused, unless --force). */
static int previous_items(const struct guard *g, const struct run_config *cfg, unsigned long *n)
{
	const char *bad = cfg->output;
	size_t k;
	int r;

	if (!strcmp(cfg->output, "-"))
		return 0;
	for (k = 0; k < g->nknown; k++) /* read by the change report already? */
		if (!strcmp(g->known[k].output, cfg->output))
			break;
	if (k < g->nknown && g->known[k].readable) {
		*n = g->known[k].items;
		return 1;
	}
	if (k == g->nknown && (r = feed_parts_previous_items(cfg, n, &bad)) >= 0)
		return r;
	if (cfg->force) {
		msg_warning("cannot count the items of %s, the feed it replaces: published without the drop check (--force)",
			    msg_quote(bad));
		return 0;
	}
	return msg_fail(EXIT_INPUT, "cannot count the items of %s, the feed it replaces: nothing was published "
			"(--force publishes without the drop check)", msg_quote(bad));
}

int guard_check_feed(struct guard *g, struct report *report, const char *name, const struct run_config *cfg,
		     unsigned long written, unsigned long rejected)
{
	struct guard_check c = { name, cfg->output, "min_items", (double)written, cfg->min_items, 0, GUARD_PASSED };
	struct strbuf what = STRBUF_INIT, subject = STRBUF_INIT;
	unsigned long prev = 0, total = written + rejected;
	int rc = 0, r;

	if (g->config)
		strbuf_addf(&subject, "feed %s", msg_quote(name));
	else
		strbuf_addstr(&subject, "the feed");
	strbuf_addf(&what, "%s would have %lu items, fewer than ", subject.buf, written);
	add_limit(&what, g, "min_items", cfg->min_items);
	if (record(g, report, cfg, &c, (long)written < cfg->min_items, &what))
		rc = EXIT_REFUSED;

	if ((r = previous_items(g, cfg, &prev)) == EXIT_INPUT) {
		rc = EXIT_INPUT;
	} else if (r) {
		c.limit = "max_drop_percent";
		c.previous = prev;
		c.limit_value = cfg->max_drop_percent;
		c.value = prev && written < prev ? (double)(prev - written) * 100.0 / (double)prev : 0;
		strbuf_reset(&what);
		strbuf_addf(&what, "%s would have %lu items, ", subject.buf, written);
		add_percent(&what, c.value);
		strbuf_addf(&what, " fewer than the %lu of %s it replaces (", prev, msg_quote(cfg->output));
		add_limit(&what, g, "max_drop_percent", cfg->max_drop_percent);
		strbuf_addch(&what, ')');
		if (record(g, report, cfg, &c, c.value > (double)cfg->max_drop_percent, &what))
			rc = EXIT_REFUSED;
	}

	c.limit = "max_rejected_percent";
	c.previous = 0;
	c.limit_value = cfg->max_rejected_percent;
	c.value = total ? (double)rejected * 100.0 / (double)total : 0;
	strbuf_reset(&what);
	strbuf_addf(&what, "%s rejected %lu of the catalog's %lu items (", subject.buf, rejected, total);
	add_percent(&what, c.value);
	strbuf_addstr(&what, ", more than ");
	add_limit(&what, g, "max_rejected_percent", cfg->max_rejected_percent);
	strbuf_addch(&what, ')');
	if (record(g, report, cfg, &c, c.value > (double)cfg->max_rejected_percent, &what) && rc != EXIT_INPUT)
		rc = EXIT_REFUSED;

	strbuf_release(&what);
	strbuf_release(&subject);
	return rc;
}
