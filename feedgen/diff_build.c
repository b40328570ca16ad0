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
#include "feed_parts.h"
#include "feed_reader.h"
#include "iofault.h"
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

/* One feed's change report: its capture, OLD's files, the result. */
struct job {
	const struct feed_spec *spec;
	const char *fresh;          /* the completed temporary (the first file), NULL: no report */
	struct diff_capture *c;     /* NULL: both files are read (feed_diff_replaced) */
	struct strbuf news, olds;   /* NEW's and OLD's data files (final paths, NUL-separated) */
	int read_old;               /* OLD is read from its files (no usable digest) */
	int rc;                     /* 0, EXIT_INPUT (said), FEED_NO_HEADER, EXIT_OUTPUT */
	struct strbuf held;         /* the messages of a read on another thread */
	pthread_t thread;
	int threaded;
};

#define EACH(p, sb) (const char *p = (sb)->buf; p && p < (sb)->buf + (sb)->len; p += strlen(p) + 1)

/* The identities of the files listed in paths that exist (temporaries: of their completed
 * temporary, named as the file); *n of them. */
static struct feed_digest_file *identities(const struct strbuf *paths, int temporaries, size_t *n)
{
	struct feed_digest_file *f = NULL;
	size_t alloc = 0;

	*n = 0;
	for EACH(p, paths) {
		const char *file = temporaries ? output_set_completed(p) : p;
		struct stat st;
		if (!file || stat(file, &st) || !S_ISREG(st.st_mode))
			continue;
		ALLOC_GROW(f, *n + 1, alloc);
		feed_digest_identity(&f[(*n)++], &st, p);
	}
	return f;
}

/* OLD from its digest when it describes the files in place (feed_digest.h); else read_old. */
static void old_from_digest(struct job *j)
{
	const char *output = j->spec->cfg->output, *why;
	size_t n;
	struct feed_digest_file *files = identities(&j->olds, 0, &n);

	if (!n) { /* nothing to replace: every item added */
		free(files);
		return;
	}
	j->c->merged = 1;
	if (!feed_digest_load(j->c, output, files, n, &why)) {
		j->read_old = 1;
		if (msg_is_verbose())
			msg_info("%s: reading %s for the change report (its digest: %s)", j->spec->name, msg_quote(output), why);
	}
	free(files);
}

static void *read_old(void *arg)
{
	struct job *j = arg;

	if (j->threaded)
		msg_hold(&j->held);
	for EACH(p, &j->olds) {
		struct stat st;
		if (stat(p, &st) || !S_ISREG(st.st_mode))
			continue; /* a part gone: the others are compared */
		if ((j->rc = feed_read_rows(p, j->c->tpl, diff_capture_old_row, j->c, NULL)))
			break;
	}
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
			if (iofault(IO_THREAD) || pthread_create(&jobs[i].thread, NULL, read_old, &jobs[i]))
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

/* Which files NEW and OLD are: a feed in parts (gzip, split) its recorded files (feed_parts.h),
 * else the output path; fresh is NEW's first temporary, NULL when a file is not in the set. */
static void find_files(struct job *j)
{
	const struct run_config *cfg = j->spec->cfg;

	if (feed_parts_data_files(cfg->output, cfg->gzip, 1, &j->news))
		feed_parts_data_files(cfg->output, cfg->gzip, 0, &j->olds);
	else
		strbuf_add(&j->olds, cfg->output, strlen(cfg->output) + 1);
	j->fresh = j->news.len ? output_set_completed(j->news.buf) : NULL;
	for EACH(p, &j->news)
		if (!output_set_completed(p))
			j->fresh = NULL;
}

/* Every feed's counts into f->diff; a digest that cannot be written stops at once. */
static int count_feeds(struct job *jobs, size_t n, struct run_summary *sum)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		const struct run_config *cfg = jobs[i].spec->cfg;
		strbuf_init(&jobs[i].held);
		strbuf_init(&jobs[i].news);
		strbuf_init(&jobs[i].olds);
		if (!strcmp(cfg->output, "-") || !cfg->nchannels)
			continue; /* standard output: nothing kept to compare */
		if (!(jobs[i].c = diff_capture_take(i))) {
			jobs[i].fresh = cfg->gzip ? NULL : output_set_completed(cfg->output);
			continue;
		}
		find_files(&jobs[i]);
		if (jobs[i].fresh)
			old_from_digest(&jobs[i]);
	}
	read_olds(jobs, n);
	for (size_t i = 0; i < n; i++) {
		struct job *j = &jobs[i];
		const struct run_config *cfg = j->spec->cfg;
		struct feed_digest_file *files;
		size_t nf;
		if (!j->fresh)
			continue; /* a device or FIFO: nothing kept to compare */
		if (!j->c) {
			j->rc = feed_diff_replaced(cfg->channels[0], &cfg->urgency, cfg->output, j->fresh, &sum->feeds[i].diff);
			continue;
		}
		diff_capture_finish(j->c, &sum->feeds[i].diff);
		files = identities(&j->news, 1, &nf);
		if (!rc)
			rc = feed_digest_write(j->c, cfg->output, files, nf); /* NEW's, for the next run */
		free(files);
	}
	for (size_t i = 0; i < n; i++) {
		diff_capture_free(jobs[i].c);
		strbuf_release(&jobs[i].held);
		strbuf_release(&jobs[i].news);
		strbuf_release(&jobs[i].olds);
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

		if (!jobs[i].fresh)
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
