/* upload_run.c: the uploads of a build (upload.h): after the local publish, each feed that
 * declares an upload sends its published files; a failure keeps the local publish, is reported
 * (message, "upload-failed" finding in the report, written again, the summary's feeds[].upload)
 * and leaves a pending marker DIR/.feedgen/upload-pending/NAME.json beside the feed so that the
 * next run uploads again even when nothing changed; a success removes the marker.
 * Owns: the results array it returns; the marker files. */
#include "upload.h"
#include "alloc.h"
#include "config.h"
#include "feed_parts.h"
#include "msg.h"
#include "output.h"
#include "pipeline.h"
#include "secrets.h"
#include "strbuf.h"
#include "summary.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PENDING_DIR ".feedgen/upload-pending"

void upload_pending_path(struct strbuf *out, const char *output)
{
	const char *slash = strrchr(output, '/');

	if (slash)
		strbuf_add(out, output, (size_t)(slash - output) + 1);
	strbuf_addf(out, PENDING_DIR "/%s.json", slash ? slash + 1 : output);
}

int upload_pending(const struct run_config *feed)
{
	struct strbuf path = STRBUF_INIT;
	int pending;

	if (!feed->upload.url || !feed->output || !strcmp(feed->output, "-"))
		return 0;
	upload_pending_path(&path, feed->output);
	pending = !access(path.buf, F_OK);
	strbuf_release(&path);
	return pending;
}

/* mkdir -p of the marker's directory (.feedgen/ is shared with the history, history.c). */
static int make_dirs(const char *marker)
{
	struct strbuf dir = STRBUF_INIT;
	const char *p = marker;
	int rc = 0;

	while (!rc && (p = strchr(p + 1, '/'))) {
		strbuf_reset(&dir);
		strbuf_add(&dir, marker, (size_t)(p - marker));
		if (mkdir(dir.buf, 0777) && errno != EEXIST)
			rc = msg_fail(EXIT_OUTPUT, "cannot create %s: %s", msg_quote(dir.buf), strerror(errno));
	}
	strbuf_release(&dir);
	return rc;
}

static void write_marker(const struct feed_spec *spec, const struct upload_result *res)
{
	struct strbuf path = STRBUF_INIT;
	struct output o;
	json_t *j;
	char *text;

	upload_pending_path(&path, spec->cfg->output);
	j = json_pack("{s:s,s:s,s:s?,s:i,s:s?,s:I}", "feed", spec->name, "output", spec->cfg->output, "url", res->url,
		      "attempts", res->attempts, "error", res->error, "failed_at", (json_int_t)time(NULL));
	secrets_mask_json(j);
	text = json_dumps(j, JSON_INDENT(2));
	json_decref(j);
	/* the run's output set has been published: this file is written on its own, atomically */
	if (text && !make_dirs(path.buf) && !output_open_mode(&o, path.buf, 0600)) {
		output_write(&o, text, strlen(text));
		output_write(&o, "\n", 1);
		output_commit(&o);
	}
	free(text);
	strbuf_release(&path);
}

static void clear_marker(const struct feed_spec *spec)
{
	struct strbuf path = STRBUF_INIT;

	upload_pending_path(&path, spec->cfg->output);
	if (unlink(path.buf) && errno != ENOENT)
		msg_warning("cannot remove the pending-upload marker %s: %s", msg_quote(path.buf), strerror(errno));
	strbuf_release(&path);
}

/* The files of a feed that go to its server, in the order they are uploaded: its feed file
 * (split parts and their index go here too, parts before the index, so that the index never
 * names a part the server does not have yet). *files is malloc'd; the paths are borrowed. */
/* The files a feed's publish put in place: the feed, or its parts then their index, or its .gz
 * name (feed_parts.h); the names are kept in storage. */
static size_t feed_files(const struct feed_spec *spec, struct strbuf *storage, const char ***files)
{
	size_t n = 0, alloc = 0;

	*files = NULL;
	feed_parts_published(spec->cfg->output, storage);
	for (size_t k = 0; k < storage->len; k += strlen(storage->buf + k) + 1) {
		ALLOC_GROW(*files, n + 1, alloc);
		(*files)[n++] = storage->buf + k;
	}
	if (!n) {
		ALLOC_GROW(*files, n + 1, alloc);
		(*files)[n++] = spec->cfg->output;
	}
	return n;
}

static void add_finding(struct report *report, const struct feed_spec *spec, const struct upload_result *res)
{
	struct findings f = FINDINGS_INIT;
	struct finding *x = findings_add(&f, SEV_ERROR, "upload-failed", NULL, NULL,
					 "upload of feed '%s' to '%s' failed: %s (the local feed is published; the "
					 "next run uploads it again)", spec->name, res->url ? res->url : "?",
					 res->error ? res->error : "?");
	int console = report->console;

	x->source = xstrdup(spec->cfg->output);
	report->console = 0; /* already said on stderr */
	report_take(report, &f, NULL);
	report->console = console;
	findings_release(&f);
}

int upload_run(const struct feed_spec *specs, size_t n, struct report *report, struct run_summary *sum,
	       struct upload_result **results)
{
	struct upload_result *res = xcalloc(n ? n : 1, sizeof(*res));
	const struct run_config *cfg = specs[0].cfg;
	struct strbuf names = STRBUF_INIT;
	int rc = 0, failed = 0;

	*results = res;
	for (size_t i = 0; i < n; i++) {
		const char **files;
		size_t nf;
		int urc;
		if (!specs[i].cfg->upload.url)
			continue;
		nf = feed_files(&specs[i], &names, &files);
		urc = upload_files(&specs[i].cfg->upload, &specs[i].cfg->fetch, files, nf, &res[i]);
		free(files);
		strbuf_reset(&names);
		if (urc) {
			write_marker(&specs[i], &res[i]);
			add_finding(report, &specs[i], &res[i]);
			rc = EXIT_INPUT;
			failed++;
		} else {
			clear_marker(&specs[i]);
		}
		if (i < sum->nfeeds)
			sum->feeds[i].upload = &res[i];
	}
	if (failed) {
		msg_error("%d upload%s failed: the local feed%s stay%s published; the next run uploads again", failed,
			  failed == 1 ? "" : "s", failed == 1 ? "" : "s", failed == 1 ? "s" : "");
		if (cfg->report && strcmp(cfg->report, "-"))
			report_write(report, (enum report_format)cfg->report_format, cfg->report);
	}
	strbuf_release(&names);
	return rc;
}

void upload_results_free(struct upload_result *results, size_t n)
{
	for (size_t i = 0; results && i < n; i++)
		upload_result_release(&results[i]);
	free(results);
}
