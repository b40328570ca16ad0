/* history.c: the published versions of a configuration's files (see history.h): recording a
 * run's entry, pruning to publish.keep, finding the newest runs (rolling back: history_rollback.c).
 * Owns: struct history; the manifests it loads are returned as new references. */
#include "history.h"
#include "history_impl.h"
#include "alloc.h"
#include "fingerprint.h"
#include "msg.h"
#include "strbuf.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* The absolute form of a path's directory, without resolving links (it may not exist yet). */
static char *absolute_dir(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	char cwd[PATH_MAX];

	if (path[0] != '/') {
		if (!getcwd(cwd, sizeof(cwd)))
			return NULL;
		strbuf_addf(&sb, "%s/", cwd);
	}
	if (slash)
		strbuf_add(&sb, path, (size_t)(slash - path));
	else if (sb.len)
		strbuf_setlen(&sb, sb.len - 1);
	else
		strbuf_addch(&sb, '/');
	{ /* a real directory is named by its real path: two spellings are one history */
		char *real = realpath(sb.buf, NULL);
		if (real) {
			strbuf_release(&sb);
			return real;
		}
	}
	return strbuf_detach(&sb, NULL);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Options that change how a run is watched, not what it writes: left out of the hash. */
static int outside_hash(const char *arg, int *takes_value)
{
	static const char *const with_value[] = { "--summary", "--metrics", "--html", "--wait", "--keep", "--max-messages", "--lock", "--cache-dir", NULL };
	static const char *const flags[] = { "--quiet", "-q", "--verbose", "-v", "--force", NULL };

	*takes_value = 0;
	for (size_t i = 0; flags[i]; i++)
		if (!strcmp(arg, flags[i]))
			return 1;
	for (size_t i = 0; with_value[i]; i++) {
		size_t n = strlen(with_value[i]);
		if (!strncmp(arg, with_value[i], n) && (arg[n] == '=' || !arg[n])) {
			*takes_value = !arg[n];
			return 1;
		}
	}
	return 0;
}

/* SHA-256 over the configuration's bytes and the command-line options that shape the feeds. */
static int config_hash(const char *path, int argc, char **argv, char out[65])
{
	struct strbuf sb = STRBUF_INIT;
	FILE *fp = fopen(path, "rb");
	char buf[8192];
	size_t n;

	if (!fp)
		return msg_fail(EXIT_USAGE, "cannot read configuration %s: %s", msg_quote(path), strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	for (int i = 1; i < argc; i++) {
		int skip_value;
		if (outside_hash(argv[i], &skip_value)) {
			i += skip_value;
			continue;
		}
		strbuf_addch(&sb, '\0');
		strbuf_addstr(&sb, argv[i]);
	}
	strbuf_addf(&sb, "%cfeedgen %s", 0, FEEDGEN_VERSION);
	fingerprint_sha256_hex(sb.buf, sb.len, out);
	strbuf_release(&sb);
	return 0;
}

int history_init(struct history *h, const char *config, int argc, char **argv, const char *const *outputs,
		 size_t noutputs, long keep)
{
	char hex[65], *real;
	int rc;

	memset(h, 0, sizeof(*h));
	h->keep = keep;
	real = realpath(config, NULL);
	h->config = real ? real : xstrdup(config);
	if ((rc = config_hash(config, argc, argv, hex)))
		return rc;
	h->config_sha256 = xstrdup(hex);
	h->dirs = xcalloc(noutputs + 1, sizeof(*h->dirs));
	for (size_t i = 0; i < noutputs; i++) {
		struct stat st;
		char *d;
		int seen = 0;
		if (!outputs[i] || !strcmp(outputs[i], "-") || (!stat(outputs[i], &st) && !S_ISREG(st.st_mode)))
			continue; /* stdout, a device or a FIFO: written straight into, never kept */
		if (!(d = absolute_dir(outputs[i])))
			continue;
		for (size_t k = 0; k < h->ndirs; k++)
			seen |= !strcmp(h->dirs[k], d);
		if (seen)
			free(d);
		else
			h->dirs[h->ndirs++] = d;
	}
	return 0;
}

void history_release(struct history *h)
{
	for (size_t i = 0; i < h->ndirs; i++)
		free(h->dirs[i]);
	free(h->dirs);
	free(h->config);
	free(h->config_sha256);
	memset(h, 0, sizeof(*h));
}

json_t *history_load_manifest(const char *dir, const char *id)
{
	struct strbuf path = STRBUF_INIT;
	json_t *m;

	strbuf_addf(&path, "%s/" HISTORY_DIR "/%s/manifest.json", dir, id);
	m = json_load_file(path.buf, 0, NULL);
	strbuf_release(&path);
	return m;
}

static int by_name_descending(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

/* The run ids of this configuration in dir, newest first (a NULL-terminated array). */
static char **list_runs(const struct history *h, const char *dir, size_t *count)
{
	struct strbuf path = STRBUF_INIT;
	char **ids = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *e;
	DIR *d;

	strbuf_addf(&path, "%s/" HISTORY_DIR, dir);
	d = opendir(path.buf);
	strbuf_release(&path);
	while (d && (e = readdir(d))) {
		json_t *m;
		if (e->d_name[0] == '.' || !(m = history_load_manifest(dir, e->d_name)))
			continue;
		const char *config = json_string_value(json_object_get(m, "config"));
		if (config && !strcmp(config, h->config)) {
			ALLOC_GROW(ids, n + 2, alloc);
			ids[n++] = xstrdup(e->d_name);
		}
		json_decref(m);
	}
	if (d)
		closedir(d);
	if (!ids)
		ids = xcalloc(1, sizeof(*ids));
	ids[n] = NULL;
	qsort(ids, n, sizeof(*ids), by_name_descending);
	*count = n;
	return ids;
}

static void free_ids(char **ids)
{
	for (size_t i = 0; ids && ids[i]; i++)
		free(ids[i]);
	free(ids);
}

json_t *history_latest(const struct history *h)
{
	json_t *best = NULL;

	for (size_t i = 0; i < h->ndirs; i++) {
		size_t n;
		char **ids = list_runs(h, h->dirs[i], &n);
		if (n && (!best || strcmp(ids[0], json_string_value(json_object_get(best, "run"))) > 0)) {
			json_t *m = history_load_manifest(h->dirs[i], ids[0]);
			if (m) {
				json_object_set_new(m, "dir", json_string(h->dirs[i]));
				json_decref(best);
				best = m;
			}
		}
		free_ids(ids);
	}
	return best;
}

int history_pick_runs(const struct history *h, char **newest, char **before)
{
	char **all = NULL;
	size_t n = 0, alloc = 0, k;

	for (size_t i = 0; i < h->ndirs; i++) {
		char **ids = list_runs(h, h->dirs[i], &k);
		for (size_t j = 0; j < k; j++) {
			int dup = 0;
			for (size_t x = 0; x < n; x++)
				dup |= !strcmp(all[x], ids[j]);
			ALLOC_GROW(all, n + 1, alloc);
			if (!dup)
				all[n++] = xstrdup(ids[j]);
		}
		free_ids(ids);
	}
	if (n)
		qsort(all, n, sizeof(*all), by_name_descending);
	*newest = n > 0 ? xstrdup(all[0]) : NULL;
	*before = n > 1 ? xstrdup(all[1]) : NULL;
	for (size_t i = 0; i < n; i++)
		free(all[i]);
	free(all);
	return (int)n;
}

int history_files_intact(const json_t *manifest)
{
	const char *dir = json_string_value(json_object_get(manifest, "dir"));
	const char *id = json_string_value(json_object_get(manifest, "run"));
	json_t *files = json_object_get(manifest, "files"), *f;
	size_t i;

	if (!dir || !id || !json_array_size(files))
		return 0;
	json_array_foreach(files, i, f) {
		struct strbuf live = STRBUF_INIT, kept = STRBUF_INIT;
		struct stat a, b;
		int same;
		strbuf_addf(&live, "%s/%s", dir, json_string_value(f));
		strbuf_addf(&kept, "%s/" HISTORY_DIR "/%s/%s", dir, id, json_string_value(f));
		same = !stat(live.buf, &a) && !stat(kept.buf, &b) && a.st_dev == b.st_dev && a.st_ino == b.st_ino &&
		       a.st_size == b.st_size;
		strbuf_release(&live);
		strbuf_release(&kept);
		if (!same)
			return 0;
	}
	return 1;
}

void history_remove_entry(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		struct strbuf f = STRBUF_INIT;
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			strbuf_addf(&f, "%s/%s", path, e->d_name);
			unlink(f.buf);
		}
		strbuf_release(&f);
	}
	if (d)
		closedir(d);
	rmdir(path);
}

/* Entries beyond keep, and the half-made entries of runs that died. */
static void prune(const struct history *h, const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	size_t n;
	char **ids = list_runs(h, dir, &n);
	DIR *d;
	struct dirent *e;

	for (size_t i = (size_t)h->keep; i < n; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/" HISTORY_DIR "/%s", dir, ids[i]);
		history_remove_entry(path.buf);
	}
	free_ids(ids);
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/" HISTORY_DIR, dir);
	d = opendir(path.buf);
	while (d && (e = readdir(d))) {
		long pid;
		if (strncmp(e->d_name, ".tmp-", 5) || (pid = strtol(e->d_name + 5, NULL, 10)) <= 0 ||
		    pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		{
			struct strbuf t = STRBUF_INIT;
			strbuf_addf(&t, "%s/%s", path.buf, e->d_name);
			history_remove_entry(t.buf);
			strbuf_release(&t);
		}
	}
	if (d)
		closedir(d);
	strbuf_release(&path);
}

static void make_run_id(char out[40])
{
	struct timeval tv;
	struct tm tm;
	char stamp[24];

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &tm);
	snprintf(out, 40, "%s.%06ldZ", stamp, (long)tv.tv_usec);
}

/* Copy a file (when a hard link is impossible: another file system, no link permission). */
static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
	char buf[1 << 16];
	size_t n;
	int rc = 0;

	if (!in || !out)
		rc = -1;
	while (!rc && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in && ferror(in))
		rc = -1;
	if (in)
		fclose(in);
	if (out && fclose(out))
		rc = -1;
	return rc;
}

static int mkdirs(const char *dir)
{
	struct strbuf p = STRBUF_INIT;
	int rc = 0;

	strbuf_addf(&p, "%s/.feedgen", dir);
	if (mkdir(p.buf, 0777) && errno != EEXIST)
		rc = -1;
	strbuf_addstr(&p, "/history");
	if (!rc && mkdir(p.buf, 0777) && errno != EEXIST)
		rc = -1;
	strbuf_release(&p);
	return rc;
}

/* The split feeds' records of this directory (.feedgen/parts/NAME, feed_parts.h: which files a
 * feed's last publish put in place), kept in the manifest so that a rollback puts them back
 * with the files: the next run then removes exactly the parts the restored set does not have. */
static json_t *parts_records(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	json_t *records = json_object();
	struct dirent *e;
	DIR *d;

	strbuf_addf(&path, "%s/.feedgen/parts", dir);
	d = opendir(path.buf);
	while (d && (e = readdir(d))) {
		struct strbuf f = STRBUF_INIT, text = STRBUF_INIT;
		FILE *fp;
		char buf[4096];
		size_t n;
		if (e->d_name[0] == '.')
			continue;
		strbuf_addf(&f, "%s/%s", path.buf, e->d_name);
		if ((fp = fopen(f.buf, "rb"))) {
			while ((n = fread(buf, 1, sizeof(buf), fp)) > 0 && text.len < (1 << 20))
				strbuf_add(&text, buf, n);
			fclose(fp);
			json_object_set_new(records, e->d_name, json_stringn(text.buf, text.len));
		}
		strbuf_release(&f);
		strbuf_release(&text);
	}
	if (d)
		closedir(d);
	strbuf_release(&path);
	return records;
}

/* One directory's entry: links of its files, the manifest, then renamed into place whole. */
static int record_dir(const struct history *h, const char *dir, const char *const *targets, size_t ntargets,
		      json_t *common, const char *id)
{
	struct strbuf tmp = STRBUF_INIT, f = STRBUF_INIT, final = STRBUF_INIT;
	json_t *m = json_deep_copy(common), *files = json_array();
	int rc = -1;

	if (mkdirs(dir))
		goto out;
	strbuf_addf(&tmp, "%s/" HISTORY_DIR "/.tmp-%ld-%s", dir, (long)getpid(), id);
	if (mkdir(tmp.buf, 0777))
		goto out;
	for (size_t i = 0; i < ntargets; i++) {
		char *d = absolute_dir(targets[i]);
		int here = d && !strcmp(d, dir);
		free(d);
		if (!here)
			continue;
		strbuf_reset(&f);
		strbuf_addf(&f, "%s/%s", tmp.buf, base_name(targets[i]));
		if (link(targets[i], f.buf) && copy_file(targets[i], f.buf))
			goto out;
		json_array_append_new(files, json_string(base_name(targets[i])));
	}
	if (!json_array_size(files)) { /* nothing of this run went there */
		history_remove_entry(tmp.buf);
		strbuf_reset(&tmp);
		rc = 0;
		goto out;
	}
	json_object_set(m, "files", files);
	json_object_set_new(m, "parts_records", parts_records(dir));
	strbuf_reset(&f);
	strbuf_addf(&f, "%s/manifest.json", tmp.buf);
	if (json_dump_file(m, f.buf, JSON_INDENT(2)))
		goto out;
	strbuf_addf(&final, "%s/" HISTORY_DIR "/%s", dir, id);
	if (rename(tmp.buf, final.buf))
		goto out;
	rc = 0;
	prune(h, dir);
out:
	if (rc) {
		msg_warning("cannot keep this run's files in %s/" HISTORY_DIR " (%s): the feeds are published, but "
			 "`feedgen rollback` cannot return to them", msg_quote(dir), strerror(errno ? errno : EIO));
		if (tmp.len)
			history_remove_entry(tmp.buf);
	}
	json_decref(files);
	json_decref(m);
	strbuf_release(&tmp);
	strbuf_release(&f);
	strbuf_release(&final);
	return rc;
}

int history_record(const struct history *h, const char *const *targets, size_t ntargets, json_t *feeds,
		   json_t *sources, char run_id[40])
{
	json_t *common;
	int rc = 0;

	make_run_id(run_id);
	common = json_pack("{s:i,s:s,s:I,s:s,s:s,s:s,s:o,s:o}", "feedgen_history", 1, "run", run_id, "time",
			   (json_int_t)time(NULL), "config", h->config, "config_sha256", h->config_sha256, "version",
			   FEEDGEN_VERSION, "feeds", feeds, "sources", sources);
	for (size_t i = 0; i < h->ndirs && h->keep > 0; i++)
		if (record_dir(h, h->dirs[i], targets, ntargets, common, run_id))
			rc = -1;
	json_decref(common);
	return rc;
}
