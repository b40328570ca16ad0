/* diff_build.c: the change report of a build (diff_build.h): per feed written to a file, its
 * capture (NEW, taken while writing: diff_capture.h) merged with OLD from its digest
 * (feed_digest.h) or, failing that, from the file, read on a thread of its own when several
 * are; then the counts into the summary and the guard, and the next run's digest, in feed order.
 * Owns: the jobs of one call (each capture taken, and freed). */
#include "diff_build.h"
#include "alloc.h"
#include "diff_capture.h"
#include "feed_digest.h"
#include "feed_diff.h"
#include "feed_reader.h"
#include "msg.h"
#include "output.h"
#include "strbuf.h"
#include <pthread.h>
#include <stdlib.h>
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

/* One feed's change report: its capture, OLD's source, the result. */
struct job {
	const struct feed_spec *spec;
	const char *fresh;          /* the completed temporary, NULL: no report */
	struct diff_capture *c;     /* NULL: both files are read (feed_diff_replaced) */
	int read_old;               /* OLD is read from the file (no usable digest) */
	int rc;                     /* 0, EXIT_INPUT (said), FEED_NO_HEADER, EXIT_OUTPUT */
	struct strbuf held;         /* the messages of a read on another thread */
	pthread_t thread;
	int threaded;
};

/* OLD from its digest when it describes the file in place (feed_digest.h); else read_old. */
static void old_from_digest(struct job *j)
{
	const char *output = j->spec->cfg->output, *why;
	struct stat st;

	if (stat(output, &st) || !S_ISREG(st.st_mode))
		return; /* nothing to replace: every item added */
	j->c->merged = 1;
	if (feed_digest_load(j->c, output, &st, &why))
		return;
	j->read_old = 1;
	if (msg_is_verbose())
		msg_info("%s: reading %s for the change report (its digest: %s)", j->spec->name, msg_quote(output), why);
}

static void *read_old(void *arg)
{
	struct job *j = arg;

	if (j->threaded)
		msg_hold(&j->held);
	j->rc = feed_read_rows(j->spec->cfg->output, j->c->tpl, diff_capture_old_row, j->c, NULL);
	msg_hold(NULL);
	return NULL;
}

/* The feeds whose OLD has to be read are read at the same time, one thread each (when there
 * are two or more); their messages are said in feed order after. */
static void read_olds(struct job *jobs, size_t n)
{
	size_t reads = 0;

	for (size_t i = 0; i < n; i++)
		reads += jobs[i].read_old;
	for (size_t i = 0; reads > 1 && i < n; i++)
		if (jobs[i].read_old) {
			jobs[i].threaded = 1; /* before the thread looks */
			if (pthread_create(&jobs[i].thread, NULL, read_old, &jobs[i]))
				jobs[i].threaded = 0;
		}
	for (size_t i = 0; i < n; i++) {
		if (!jobs[i].read_old)
			continue;
		if (jobs[i].threaded)
			pthread_join(jobs[i].thread, NULL);
		else
			read_old(&jobs[i]);
		msg_put_held(&jobs[i].held);
	}
}

/* Every feed's counts into f->diff; a digest that cannot be written stops at once. */
static int count_feeds(struct job *jobs, size_t n, struct run_summary *sum)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		const struct run_config *cfg = jobs[i].spec->cfg;
		jobs[i].fresh = strcmp(cfg->output, "-") ? output_set_completed(cfg->output) : NULL;
		strbuf_init(&jobs[i].held);
		if (!jobs[i].fresh || !cfg->nchannels)
			continue; /* standard output, a device or FIFO: nothing kept to compare */
		if ((jobs[i].c = diff_capture_take(i)))
			old_from_digest(&jobs[i]);
	}
	read_olds(jobs, n);
	for (size_t i = 0; i < n; i++) {
		struct job *j = &jobs[i];
		const struct run_config *cfg = j->spec->cfg;
		if (!j->fresh || !cfg->nchannels)
			continue;
		if (!j->c) {
			j->rc = feed_diff_replaced(cfg->channels[0], &cfg->urgency, cfg->output, j->fresh, &sum->feeds[i].diff);
			continue;
		}
		diff_capture_finish(j->c, &sum->feeds[i].diff);
		if (!rc)
			rc = feed_digest_write(j->c, cfg->output, j->fresh); /* NEW's, for the next run */
	}
	for (size_t i = 0; i < n; i++) {
		diff_capture_free(jobs[i].c);
		strbuf_release(&jobs[i].held);
	}
	return rc;
}

int diff_build_feeds(const struct feed_spec *specs, size_t n, struct run_summary *sum, struct guard *g)
{
	struct job *jobs = xcalloc(n + 1, sizeof(*jobs));
	int rc;

	for (size_t i = 0; i < n; i++)
		jobs[i].spec = &specs[i];
	if ((rc = count_feeds(jobs, n, sum))) {
		free(jobs);
		return rc; /* a digest could not be written: nothing is published */
	}
	for (size_t i = 0; i < n; i++) {
		const struct run_config *cfg = specs[i].cfg;
		struct summary_feed *f = &sum->feeds[i];

		if (!jobs[i].fresh || !cfg->nchannels)
			continue;
		rc = jobs[i].rc;
		if (rc == EXIT_INPUT) { /* the file it replaces: the guard's to refuse, or --force's to overrule */
			guard_known_previous(g, cfg->output, 0, 0);
			continue;
		}
		if (rc == FEED_NO_HEADER) { /* no feed of this channel: the guard counts its rows itself */
			msg_warning("%s: no change report: %s, the file it replaces, has no header row naming %s attributes",
				    specs[i].name, msg_quote(cfg->output), cfg->channels[0]);
			continue;
		}
		if (rc && !cfg->force) {
			free(jobs);
			return rc == EXIT_OUTPUT ? msg_fail(EXIT_INPUT, "%s: cannot read back the feed this run wrote: "
							    "nothing was published", specs[i].name) : rc;
		}
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
	free(jobs);
	return 0;
}
