/* feed_parts_record.c: the names of a feed's files (the gzip name, the numbered parts, the
 * index) and the record of what a run published (.feedgen/parts/NAME, see feed_parts.h): written
 * with the index, the previous run's extra files registered for removal, and read back for the
 * summary, the safety guard and the change report.
 * Owns: the names it returns (the caller frees them). */
#include "feed_parts.h"
#include "feed_parts_impl.h"
#include "config.h"
#include "feed_reader.h"
#include "output.h"
#include "strbuf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define INDEX_SUFFIX "-parts.txt"

int parts_ends_with_gz(const char *path)
{
	size_t n = strlen(path);

	return n > 3 && !strcasecmp(path + n - 3, ".gz");
}

char *parts_published_name(const char *path, int gzip)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, path);
	if (gzip && !parts_ends_with_gz(path))
		strbuf_addstr(&sb, ".gz");
	return strbuf_detach(&sb, NULL);
}

/* path without ".gz", split at its extension: "dir/tiktok" and ".csv". */
static void split_name(const char *path, struct strbuf *stem, const char **ext_out, size_t *ext_len)
{
	size_t n = strlen(path);
	const char *slash, *dot;

	if (parts_ends_with_gz(path))
		n -= 3;
	strbuf_add(stem, path, n);
	slash = strrchr(stem->buf, '/');
	dot = strrchr(stem->buf, '.');
	if (!dot || (slash && dot < slash) || dot == (slash ? slash + 1 : stem->buf))
		dot = NULL;
	*ext_out = dot ? path + (dot - stem->buf) : path + n;
	*ext_len = dot ? (size_t)(stem->buf + stem->len - dot) : 0;
	if (dot)
		strbuf_setlen(stem, (size_t)(dot - stem->buf));
}

char *parts_part_name(const char *path, int gzip, size_t k)
{
	struct strbuf sb = STRBUF_INIT;
	const char *ext;
	size_t ext_len;

	split_name(path, &sb, &ext, &ext_len);
	if (!k) {
		strbuf_addstr(&sb, INDEX_SUFFIX);
		return strbuf_detach(&sb, NULL);
	}
	strbuf_addf(&sb, "-%zu", k);
	strbuf_add(&sb, ext, ext_len);
	if (gzip)
		strbuf_addstr(&sb, ".gz");
	return strbuf_detach(&sb, NULL);
}

/* Write `text` as the file `path` in the output set. */
static int write_small_file(const char *path, const struct strbuf *text)
{
	struct output o;
	int rc = output_open(&o, path);

	if (rc)
		return rc;
	output_write(&o, text->buf, text->len);
	return output_commit(&o);
}

/* The names a record file lists, one a line, appended to `names` as a list of NUL-separated
 * strings. */
static void read_names(const char *file, struct strbuf *names)
{
	char line[4096];
	FILE *f = fopen(file, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = 0;
		/* a file name of this directory, nothing else: a damaged record removes nothing elsewhere */
		if (*line && !strchr(line, '/') && strcmp(line, ".") && strcmp(line, ".."))
			strbuf_add(names, line, strlen(line) + 1);
	}
	fclose(f);
}

/* The names the previous run recorded (or none). */
static void read_record(const char *path, struct strbuf *names)
{
	struct strbuf rp = STRBUF_INIT;

	output_state_path(&rp, path, "parts", 0);
	read_names(rp.buf, names);
	strbuf_release(&rp);
}

/* The files this run publishes for the feed (names without the directory), NUL-separated:
 * the parts (or the one file), then the index when there are several. */
static void run_files(const struct feed_parts *fp, struct strbuf *names)
{
	if (fp->nparts == 1) {
		strbuf_add(names, output_base_name(fp->name), strlen(output_base_name(fp->name)) + 1);
		return;
	}
	for (size_t k = 1; k <= fp->nparts + 1; k++) {
		char *p = parts_part_name(fp->path, fp->gzip, k > fp->nparts ? 0 : k);
		strbuf_add(names, output_base_name(p), strlen(output_base_name(p)) + 1);
		free(p);
	}
}

static int listed(const struct strbuf *names, const char *name)
{
	for (size_t i = 0; i < names->len; i += strlen(names->buf + i) + 1)
		if (!strcmp(names->buf + i, name))
			return 1;
	return 0;
}

/* Removed when the set is published: what the previous run recorded, the configured name and its
 * gzip name, unless this run publishes them. */
static void register_removals(const struct feed_parts *fp, const struct strbuf *now)
{
	struct strbuf old = STRBUF_INIT, path = STRBUF_INIT;
	size_t dirlen = (size_t)(output_base_name(fp->path) - fp->path);
	char *gz = parts_published_name(fp->path, 1);

	read_record(fp->path, &old);
	strbuf_add(&old, output_base_name(fp->path), strlen(output_base_name(fp->path)) + 1);
	if (fp->gzip)
		strbuf_add(&old, output_base_name(gz), strlen(output_base_name(gz)) + 1);
	for (size_t i = 0; i < old.len; i += strlen(old.buf + i) + 1) {
		if (listed(now, old.buf + i))
			continue;
		strbuf_reset(&path);
		strbuf_add(&path, fp->path, dirlen);
		strbuf_addstr(&path, old.buf + i);
		output_set_remove(path.buf);
	}
	free(gz);
	strbuf_release(&old);
	strbuf_release(&path);
}

/* The index (split feeds only: the parts, one a line) and the record of the run's files (the
 * same, then the index). */
static int write_index_and_record(const struct feed_parts *fp, const struct strbuf *now)
{
	struct strbuf text = STRBUF_INIT, rp = STRBUF_INIT;
	size_t nfiles = 0;
	int rc = 0;

	for (size_t i = 0; i < now->len; i += strlen(now->buf + i) + 1) {
		if (fp->nparts > 1 && ++nfiles > fp->nparts)
			break;
		strbuf_addf(&text, "%s\n", now->buf + i);
	}
	if (fp->nparts > 1) {
		char *index = parts_part_name(fp->path, fp->gzip, 0);
		rc = write_small_file(index, &text);
		strbuf_addf(&text, "%s\n", output_base_name(index));
		free(index);
	}
	if (!rc) {
		output_state_path(&rp, fp->path, "parts", 1);
		rc = write_small_file(rp.buf, &text);
	}
	strbuf_release(&text);
	strbuf_release(&rp);
	return rc;
}

int parts_recorded(const char *output)
{
	struct strbuf rp = STRBUF_INIT;
	struct stat st;
	int recorded;

	output_state_path(&rp, output, "parts", 0);
	recorded = !stat(rp.buf, &st);
	strbuf_release(&rp);
	return recorded;
}

int parts_record_run(const struct feed_parts *fp)
{
	struct strbuf now = STRBUF_INIT;
	int rc;

	run_files(fp, &now);
	register_removals(fp, &now);
	rc = write_index_and_record(fp, &now);
	strbuf_release(&now);
	return rc;
}

void feed_parts_published(const char *output, struct strbuf *paths)
{
	struct strbuf names = STRBUF_INIT;
	size_t dirlen = (size_t)(output_base_name(output) - output);

	read_record(output, &names);
	if (!names.len)
		strbuf_add(&names, output_base_name(output), strlen(output_base_name(output)) + 1);
	for (size_t i = 0; i < names.len; i += strlen(names.buf + i) + 1) {
		strbuf_add(paths, output, dirlen);
		strbuf_add(paths, names.buf + i, strlen(names.buf + i) + 1);
	}
	strbuf_release(&names);
}

int feed_parts_previous_items(const struct run_config *c, unsigned long *n, const char **bad)
{
	static struct strbuf path = STRBUF_INIT;
	struct strbuf names = STRBUF_INIT;
	struct stat st;
	char *name = parts_published_name(c->output, c->gzip);
	int found = 0, rc = 0;

	*n = 0;
	read_record(c->output, &names);
	if (!names.len) /* no record: the file at the output path */
		strbuf_add(&names, output_base_name(name), strlen(output_base_name(name)) + 1);
	for (size_t i = 0; !rc && i < names.len; i += strlen(names.buf + i) + 1) {
		unsigned long k = 0;
		if (i && i + strlen(names.buf + i) + 1 == names.len)
			break; /* a split run's last line is its index: the parts are counted */
		strbuf_reset(&path);
		strbuf_add(&path, c->output, (size_t)(output_base_name(c->output) - c->output));
		strbuf_addstr(&path, names.buf + i);
		if (stat(path.buf, &st) || !S_ISREG(st.st_mode))
			continue;
		if (feed_count_items(path.buf, &k)) {
			*bad = path.buf;
			rc = -1;
		}
		*n += k;
		found = 1;
	}
	free(name);
	strbuf_release(&names);
	return rc ? rc : found;
}

int feed_parts_data_files(const char *output, int gzip, int pending, struct strbuf *paths)
{
	struct strbuf names = STRBUF_INIT, rp = STRBUF_INIT;
	size_t dirlen = (size_t)(output_base_name(output) - output), count = 0;
	const char *tmp;
	int recorded;

	output_state_path(&rp, output, "parts", 0);
	if (!pending)
		read_names(rp.buf, &names);
	else if ((tmp = output_set_completed(rp.buf)))
		read_names(tmp, &names);
	recorded = names.len > 0;
	if (!names.len) { /* no record: the one file */
		char *name = parts_published_name(output, gzip);
		strbuf_add(&names, output_base_name(name), strlen(output_base_name(name)) + 1);
		free(name);
	}
	for (size_t i = 0; i < names.len; i += strlen(names.buf + i) + 1)
		count++;
	for (size_t i = 0, k = 0; i < names.len; i += strlen(names.buf + i) + 1, k++) {
		if (count > 1 && k + 1 == count)
			break; /* a split run's last line is its index */
		strbuf_add(paths, output, dirlen);
		strbuf_add(paths, names.buf + i, strlen(names.buf + i) + 1);
	}
	strbuf_release(&names);
	strbuf_release(&rp);
	return recorded;
}
