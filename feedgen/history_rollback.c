/* history_rollback.c: `feedgen rollback` (history_rollback, history.h): the run before the newest
 * restored as one output set, its split feeds' records with it, the newest run retired.
 * Owns: the manifests it loads (freed before it returns). */
#include "history.h"
#include "history_impl.h"
#include "alloc.h"
#include "msg.h"
#include "output.h"
#include "strbuf.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Put a manifest's parts records back, in the rollback's output set. */
static int restore_parts_records(const char *dir, const json_t *manifest)
{
	const char *name;
	json_t *text;
	int rc = 0;

	json_object_foreach((json_t *)json_object_get(manifest, "parts_records"), name, text) {
		struct strbuf path = STRBUF_INIT;
		struct output o;
		strbuf_addf(&path, "%s/.feedgen/parts/%s", dir, name);
		if (strchr(name, '/') || !json_is_string(text) || (rc = output_open(&o, path.buf))) {
			strbuf_release(&path);
			if (rc)
				break;
			continue;
		}
		output_write(&o, json_string_value(text), json_string_length(text));
		rc = output_commit(&o);
		strbuf_release(&path);
		if (rc)
			break;
	}
	return rc;
}

/* The entries of run `id` in every directory (NULL where it has none). */
static json_t **load_run(const struct history *h, const char *id)
{
	json_t **m = xcalloc(h->ndirs + 1, sizeof(*m));

	for (size_t i = 0; i < h->ndirs; i++)
		m[i] = history_load_manifest(h->dirs[i], id);
	return m;
}

static void free_run(const struct history *h, json_t **m)
{
	for (size_t i = 0; m && i < h->ndirs; i++)
		json_decref(m[i]);
	free(m);
}

static int has_file(const json_t *m, const char *name)
{
	size_t i;
	json_t *f;

	json_array_foreach(json_object_get(m, "files"), i, f)
		if (!strcmp(json_string_value(f), name))
			return 1;
	return 0;
}

/* Move the rolled-back run's entries out of the history: .feedgen/rolled-back/ keeps the last. */
static void retire_run(const struct history *h, json_t **cur, const char *id)
{
	for (size_t i = 0; i < h->ndirs; i++) {
		struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
		DIR *d;
		struct dirent *e;
		if (!cur[i])
			continue;
		strbuf_addf(&to, "%s/" HISTORY_ROLLED_BACK, h->dirs[i]);
		mkdir(to.buf, 0777);
		if ((d = opendir(to.buf))) { /* only the last one rolled back is kept */
			while ((e = readdir(d))) {
				struct strbuf old = STRBUF_INIT;
				if (e->d_name[0] != '.') {
					strbuf_addf(&old, "%s/%s", to.buf, e->d_name);
					history_remove_entry(old.buf);
				}
				strbuf_release(&old);
			}
			closedir(d);
		}
		strbuf_addf(&to, "/%s", id);
		strbuf_addf(&from, "%s/" HISTORY_DIR "/%s", h->dirs[i], id);
		if (rename(from.buf, to.buf))
			history_remove_entry(from.buf);
		strbuf_release(&from);
		strbuf_release(&to);
	}
}

static void say_time(struct strbuf *sb, const json_t *m)
{
	time_t t = (time_t)json_integer_value(json_object_get(m, "time"));
	struct tm tm;
	char when[32];

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	strbuf_addstr(sb, when);
}

/* Put run `before` (its entries prev) back as one output set: its files and its split feeds'
 * records. Returns 0 with the files restored counted in *restored, or an exit code after the
 * message (nothing, or not all, published). */
static int restore_run(const struct history *h, json_t **prev, const char *before, size_t *restored)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	int rc = 0;

	output_set_begin(); /* every file comes back together, or none */
	for (size_t i = 0; !rc && i < h->ndirs; i++) {
		size_t k;
		json_t *f;
		json_array_foreach(prev[i] ? json_object_get(prev[i], "files") : NULL, k, f) {
			strbuf_reset(&from);
			strbuf_reset(&to);
			strbuf_addf(&from, "%s/" HISTORY_DIR "/%s/%s", h->dirs[i], before, json_string_value(f));
			strbuf_addf(&to, "%s/%s", h->dirs[i], json_string_value(f));
			if ((rc = output_set_add_copy(from.buf, to.buf)))
				break;
			(*restored)++;
		}
	}
	for (size_t i = 0; !rc && i < h->ndirs; i++)
		if (prev[i])
			rc = restore_parts_records(h->dirs[i], prev[i]);
	if (rc || (rc = output_set_publish())) {
		output_set_abort();
		msg_error("rollback failed: %s", output_set_partly_published() ? "some files were restored, the rest were not"
									     : "no file was changed");
	}
	strbuf_release(&from);
	strbuf_release(&to);
	return rc;
}

/* Remove the files the newest run (entries cur) added that the one before (prev) did not have;
 * returns how many were removed. */
static size_t remove_added(const struct history *h, json_t **cur, json_t **prev)
{
	struct strbuf path = STRBUF_INIT;
	size_t removed = 0;

	for (size_t i = 0; i < h->ndirs; i++) {
		size_t k;
		json_t *f;
		json_array_foreach(cur[i] ? json_object_get(cur[i], "files") : NULL, k, f) {
			if (prev[i] && has_file(prev[i], json_string_value(f)))
				continue;
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s", h->dirs[i], json_string_value(f));
			if (!unlink(path.buf))
				removed++;
		}
	}
	strbuf_release(&path);
	return removed;
}

int history_rollback(const struct history *h)
{
	char *newest = NULL, *before = NULL;
	json_t **cur = NULL, **prev = NULL;
	struct strbuf when = STRBUF_INIT;
	size_t restored = 0, removed;
	int n = history_pick_runs(h, &newest, &before), rc;

	if (n < 2) {
		rc = msg_fail(EXIT_INPUT, "nothing to roll back to: the history of %s holds %d published run%s (it is kept in "
			      "the .feedgen/history folder next to each feed; publish.keep sets how many)",
			      msg_quote(h->config), n, n == 1 ? "" : "s");
		goto out;
	}
	cur = load_run(h, newest);
	prev = load_run(h, before);
	if ((rc = restore_run(h, prev, before, &restored)))
		goto out;
	removed = remove_added(h, cur, prev);
	retire_run(h, cur, newest);
	for (size_t i = 0; i < h->ndirs && !when.len; i++)
		if (prev[i])
			say_time(&when, prev[i]);
	msg_info("rolled back to the run of %s (%s): %zu file%s restored%s; the run of %s is kept in "
		 HISTORY_ROLLED_BACK " until the next rollback", when.buf, before, restored, restored == 1 ? "" : "s",
		 removed ? ", files it did not have removed" : "", newest);
	msg_info("the next build starts from the sources again: fix the catalog, or stop the timer, first");
out:
	free_run(h, cur);
	free_run(h, prev);
	free(newest);
	free(before);
	strbuf_release(&when);
	return rc;
}
