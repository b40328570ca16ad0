/* diff_build.c: the change report of a build (diff_build.h): one feed_diff_replaced() per
 * feed written to a file, its counts into the summary and the guard.
 * Owns: nothing. */
#include "diff_build.h"
#include "diff_capture.h"
#include "feed_digest.h"
#include "feed_diff.h"
#include "feed_reader.h"
#include "msg.h"
#include "output.h"
#include "strbuf.h"
#include <string.h>
#include <sys/stat.h>

static void say(const char *name, const char *output, const struct diff_counts *c)
{
	struct strbuf sb = STRBUF_INIT;

	if (!c->previous) {
		msg_info("%s: no file at %s to compare with: %lu items added", name, msg_quote(output), c->added);
		return;
	}
	strbuf_addf(&sb, "%s: against the %lu items of %s: %lu added, %lu removed, %lu changed (%lu price, "
		    "%lu availability, %lu entered low stock, %lu left low stock), %lu unchanged",
		    name, c->old_items, msg_quote(output), c->added, c->removed, c->changed, c->price_changed,
		    c->availability_changed, c->low_stock_entered, c->low_stock_left, c->unchanged);
	msg_info("%s", sb.buf);
	strbuf_release(&sb);
}

/* OLD into the capture: the digest when it describes the file in place (feed_digest.h), else
 * the file itself. Returns 0, EXIT_INPUT (said) or FEED_NO_HEADER, as feed_diff_replaced(). */
static int old_into(struct diff_capture *c, const char *name, const char *output)
{
	const char *why;
	struct stat st;
	int rc;

	if (stat(output, &st) || !S_ISREG(st.st_mode))
		return 0; /* nothing to replace: every item added */
	c->merged = 1;
	if (feed_digest_load(c, output, &st, &why))
		return 0;
	if (msg_is_verbose())
		msg_info("%s: reading %s for the change report (its digest: %s)", name, msg_quote(output), why);
	rc = feed_read_rows(output, c->tpl, diff_capture_old_row, c, NULL);
	return rc;
}

/* Feed i's counts: from its capture (and the next run's digest), else by reading both files. */
static int feed_counts(const struct feed_spec *spec, size_t i, const char *fresh, struct diff_counts *out, int *wrc)
{
	const struct run_config *cfg = spec->cfg;
	struct diff_capture *c = diff_capture_take(i);
	int rc;

	*wrc = 0;
	if (!c)
		return feed_diff_replaced(cfg->channels[0], &cfg->urgency, cfg->output, fresh, out);
	rc = old_into(c, spec->name, cfg->output);
	diff_capture_finish(c, out);
	*wrc = feed_digest_write(c, cfg->output, fresh);
	diff_capture_free(c);
	return rc;
}

int diff_build_feeds(const struct feed_spec *specs, size_t n, struct run_summary *sum, struct guard *g)
{
	for (size_t i = 0; i < n; i++) {
		const struct run_config *cfg = specs[i].cfg;
		const char *fresh = strcmp(cfg->output, "-") ? output_set_completed(cfg->output) : NULL;
		struct summary_feed *f = &sum->feeds[i];
		int rc, wrc;

		if (!fresh || !cfg->nchannels)
			continue; /* standard output, a device or FIFO: nothing kept to compare */
		rc = feed_counts(&specs[i], i, fresh, &f->diff, &wrc);
		if (wrc)
			return wrc; /* the digest could not be written: nothing is published */
		if (rc == EXIT_INPUT) { /* the file it replaces: the guard's to refuse, or --force's to overrule */
			guard_known_previous(g, cfg->output, 0, 0);
			continue;
		}
		if (rc == FEED_NO_HEADER) { /* no feed of this channel: the guard counts its rows itself */
			msg_warning("%s: no change report: %s, the file it replaces, has no header row naming %s attributes",
				    specs[i].name, msg_quote(cfg->output), cfg->channels[0]);
			continue;
		}
		if (rc && !cfg->force)
			return rc == EXIT_OUTPUT ? msg_fail(EXIT_INPUT, "%s: cannot read back the feed this run wrote: "
							    "nothing was published", specs[i].name) : rc;
		if (rc) {
			msg_warning("%s: cannot read back the feed this run wrote: published without its change report (--force)",
				    specs[i].name);
			continue;
		}
		f->diffed = 1;
		if (f->diff.previous)
			guard_known_previous(g, cfg->output, 1, f->diff.old_items);
		if (msg_is_verbose())
			say(specs[i].name, cfg->output, &f->diff);
	}
	return 0;
}
