/* feed_parts.c: gzip and split of a feed's files (see feed_parts.h): the part names, the byte
 * budget of a part (exact for plain files; for gzip, zlib's worst-case bound on what is not yet
 * flushed, flushed when the bound says the part might be full), the index, the record of the
 * run's files and the removal of the previous run's extra files.
 * Owns: struct feed_parts and its outputs. */
#include "feed_parts.h"
#include "alloc.h"
#include "config.h"
#include "feed_reader.h"
#include "msg.h"
#include "template.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define RECORD_DIR ".feedgen/parts/"
#define INDEX_SUFFIX "-parts.txt"

static int ends_with_gz(const char *path)
{
	size_t n = strlen(path);

	return n > 3 && !strcasecmp(path + n - 3, ".gz");
}

/* The name gzip gives the output: ".gz" appended unless present. */
static char *published_name(const char *path, int gzip)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, path);
	if (gzip && !ends_with_gz(path))
		strbuf_addstr(&sb, ".gz");
	return strbuf_detach(&sb, NULL);
}

/* path without ".gz", split at its extension: "dir/tiktok" and ".csv". */
static void split_name(const char *path, struct strbuf *stem, const char **ext_out, size_t *ext_len)
{
	size_t n = strlen(path);
	const char *slash, *dot;

	if (ends_with_gz(path))
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

/* Part k's file name: "dir/tiktok-k.csv" (+ ".gz"); k 0 is the index, "dir/tiktok-parts.txt". */
static char *part_name(const char *path, int gzip, size_t k)
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

/* "dir/" (or "") and the file name of path. */
static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void record_path(struct strbuf *sb, const char *path, int make_dirs)
{
	strbuf_add(sb, path, (size_t)(base_of(path) - path));
	strbuf_addstr(sb, ".feedgen");
	if (make_dirs)
		mkdir(sb->buf, 0777);
	strbuf_addstr(sb, "/parts");
	if (make_dirs)
		mkdir(sb->buf, 0777);
	strbuf_addf(sb, "/%s", base_of(path));
}

int feed_parts_wanted(const struct run_config *c, const struct template *tpl)
{
	struct strbuf rp = STRBUF_INIT;
	struct stat st;
	int recorded;

	if (c->gzip || ends_with_gz(c->output) || c->max_items > 0 || c->max_bytes > 0)
		return 1;
	if (!strcmp(c->output, "-"))
		return 0;
	if ((c->max_items < 0 && tpl->max_items.value) || (c->max_bytes < 0 && tpl->max_bytes.value))
		return 1;
	/* an earlier run split or gzipped it: this one removes what it no longer writes */
	record_path(&rp, c->output, 0);
	recorded = !stat(rp.buf, &st);
	strbuf_release(&rp);
	return recorded;
}

struct feed_parts *feed_parts_new(const struct run_config *c, const struct template *tpl, int *rc)
{
	struct feed_parts *fp;

	if (!strcmp(c->output, "-") && (c->max_items > 0 || c->max_bytes > 0)) {
		*rc = msg_fail(EXIT_USAGE, "cannot split a feed written to standard output (--max-items, --max-bytes): give --output FILE");
		return NULL;
	}
	fp = xcalloc(1, sizeof(*fp));
	fp->path = xstrdup(c->output);
	fp->gzip = c->gzip || ends_with_gz(c->output);
	fp->level = (int)c->gzip_level;
	fp->name = strcmp(c->output, "-") ? published_name(c->output, fp->gzip) : xstrdup("-");
	fp->channel = tpl->channel;
	if (c->max_items >= 0)
		fp->max_items = (unsigned long)c->max_items;
	else if (tpl->max_items.confirmed)
		fp->max_items = (unsigned long)tpl->max_items.value;
	else
		fp->warn_items = (unsigned long)tpl->max_items.value;
	if (c->max_bytes >= 0)
		fp->max_bytes = (unsigned long long)c->max_bytes;
	else if (tpl->max_bytes.confirmed)
		fp->max_bytes = tpl->max_bytes.value;
	else
		fp->warn_bytes = tpl->max_bytes.value;
	strbuf_init(&fp->header);
	strbuf_init(&fp->footer);
	strbuf_init(&fp->row);
	fp->in_header = 1;
	return fp;
}

static void *z_alloc(void *opaque, unsigned items, unsigned size)
{
	(void)opaque;
	return xcalloc(items, size); /* counted by FEEDGEN_FAIL_ALLOC; out of memory is exit 4 */
}

static void z_free(void *opaque, void *p)
{
	(void)opaque;
	free(p);
}

/* Compress what zlib holds with `flush`, writing every byte it gives out to the part. */
static void z_drain(struct feed_parts *fp, int flush)
{
	int zrc;

	do {
		size_t n;
		fp->z.next_out = fp->zbuf;
		fp->z.avail_out = sizeof(fp->zbuf);
		zrc = deflate(&fp->z, flush);
		n = sizeof(fp->zbuf) - fp->z.avail_out;
		output_write(fp->cur, fp->zbuf, n);
		fp->emitted += n;
	} while (fp->z.avail_out == 0 || (flush == Z_FINISH && zrc == Z_OK));
}

/* Bytes into the current part (through zlib when gzipped). */
static void part_put(struct feed_parts *fp, const void *data, size_t len)
{
	if (!len)
		return;
	if (!fp->gzip) {
		output_write(fp->cur, data, len);
		fp->emitted += len;
		return;
	}
	fp->z.next_in = (Bytef *)(uintptr_t)data;
	fp->z.avail_in = (uInt)len;
	z_drain(fp, Z_NO_FLUSH);
	fp->unflushed += len;
}

static int part_open(struct feed_parts *fp)
{
	struct output *o = xcalloc(1, sizeof(*o));
	char *target = fp->nparts ? part_name(fp->path, fp->gzip, fp->nparts + 1) : xstrdup(fp->name);
	int rc = output_open(o, target);

	free(target);
	if (rc) {
		free(o);
		return fp->failed = rc;
	}
	fp->nparts++;
	fp->cur = o;
	if (fp->nparts == 1) {
		fp->first = o;
		fp->direct = o->direct || !o->tmp; /* a device, a FIFO or standard output */
	}
	fp->emitted = fp->unflushed = 0;
	fp->part_items = 0;
	if (fp->gzip) {
		memset(&fp->z, 0, sizeof(fp->z));
		fp->z.zalloc = z_alloc;
		fp->z.zfree = z_free;
		if (deflateInit2(&fp->z, fp->level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
			return fp->failed = msg_fail(EXIT_OUTPUT, "cannot compress %s: zlib refused level %d", msg_quote(fp->name), fp->level);
		fp->z_active = 1;
	}
	part_put(fp, fp->header.buf, fp->header.len);
	return 0;
}

/* End the current part with `footer`; part 1 stays open (it is renamed at the end), the others
 * are completed into the output set now. */
static int part_close(struct feed_parts *fp, const char *footer, size_t len, int last)
{
	struct output *o = fp->cur;
	int rc = 0;

	part_put(fp, footer, len);
	if (fp->z_active) {
		z_drain(fp, Z_FINISH);
		deflateEnd(&fp->z);
		fp->z_active = 0;
	}
	fp->total_bytes += fp->emitted;
	fp->cur = NULL;
	if (o == fp->first && !last)
		return 0;
	rc = output_commit(o);
	if (o == fp->first)
		fp->first = NULL;
	free(o);
	return rc;
}

void feed_parts_write(struct feed_parts *fp, const void *data, size_t len)
{
	strbuf_add(fp->in_header ? &fp->header : &fp->row, data, len);
}

void feed_parts_header_end(struct feed_parts *fp, const char *footer, size_t len)
{
	fp->in_header = 0;
	strbuf_add(&fp->footer, footer, len);
	part_open(fp);
}

/* The most bytes the part can end with if `more` bytes are added now: exact for a plain file;
 * gzipped, zlib's worst case for what it has not flushed (stored blocks) plus the trailer. */
static unsigned long long part_bound(const struct feed_parts *fp, unsigned long long more)
{
	unsigned long long n = fp->unflushed + more;

	if (!fp->gzip)
		return fp->emitted + more;
	return fp->emitted + n + (n >> 12) + (n >> 14) + (n >> 25) + 16 + 8;
}

static int row_fits(struct feed_parts *fp, size_t len)
{
	unsigned long long more = len + fp->footer.len;

	if (fp->max_items && fp->part_items >= fp->max_items)
		return 0;
	if (!fp->max_bytes || part_bound(fp, more) <= fp->max_bytes)
		return 1;
	if (fp->gzip && fp->unflushed) {
		/* the bound is loose: flush to know the real size so far, then ask again */
		z_drain(fp, Z_SYNC_FLUSH);
		fp->unflushed = 0;
		return part_bound(fp, more) <= fp->max_bytes;
	}
	return 0;
}

/* A complete row's len bytes into the current part, or into a new one (feed_parts_row_end). */
static void place_row(struct feed_parts *fp, const char *data, size_t len, const char *id)
{
	int fits;

	if (fp->failed || !fp->cur)
		return;
	fits = row_fits(fp, len);
	if (!fits && fp->part_items) {
		if (fp->direct)
			fp->failed = msg_fail(EXIT_OUTPUT, "cannot split %s into parts: it is not a regular file (give a file name)",
					      msg_quote(fp->name));
		else if (!(fp->failed = part_close(fp, fp->footer.buf, fp->footer.len, 0)))
			part_open(fp);
		if (fp->failed)
			return;
		fits = row_fits(fp, len);
	}
	if (!fits) {
		fp->failed = msg_fail(EXIT_OUTPUT, "item %s does not fit in a part of %s: with the header and footer it takes more "
				      "than max_bytes %llu (raise max_bytes): nothing was published",
				      msg_quote(id ? id : ""), msg_quote(fp->name), fp->max_bytes);
		return;
	}
	part_put(fp, data, len);
	fp->part_items++;
	fp->items++;
}

void feed_parts_row_end(struct feed_parts *fp, const char *id)
{
	place_row(fp, fp->row.buf, fp->row.len, id);
	strbuf_reset(&fp->row);
}

void feed_parts_row(struct feed_parts *fp, const void *data, size_t len, const char *id)
{
	if (fp->in_header || fp->row.len) { /* bytes of the row came before: gathered */
		feed_parts_write(fp, data, len);
		feed_parts_row_end(fp, id);
		return;
	}
	place_row(fp, data, len, id); /* the common case: placed without a copy first */
}

int feed_parts_failed(const struct feed_parts *fp)
{
	return fp->failed ? fp->failed : fp->cur && fp->cur->failed ? EXIT_OUTPUT : 0;
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

	record_path(&rp, path, 0);
	read_names(rp.buf, names);
	strbuf_release(&rp);
}

/* The files this run publishes for the feed (names without the directory), NUL-separated:
 * the parts (or the one file), then the index when there are several. */
static void run_files(const struct feed_parts *fp, struct strbuf *names)
{
	if (fp->nparts == 1) {
		strbuf_add(names, base_of(fp->name), strlen(base_of(fp->name)) + 1);
		return;
	}
	for (size_t k = 1; k <= fp->nparts + 1; k++) {
		char *p = part_name(fp->path, fp->gzip, k > fp->nparts ? 0 : k);
		strbuf_add(names, base_of(p), strlen(base_of(p)) + 1);
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
	size_t dirlen = (size_t)(base_of(fp->path) - fp->path);
	char *gz = published_name(fp->path, 1);

	read_record(fp->path, &old);
	strbuf_add(&old, base_of(fp->path), strlen(base_of(fp->path)) + 1);
	if (fp->gzip)
		strbuf_add(&old, base_of(gz), strlen(base_of(gz)) + 1);
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
		char *index = part_name(fp->path, fp->gzip, 0);
		rc = write_small_file(index, &text);
		strbuf_addf(&text, "%s\n", base_of(index));
		free(index);
	}
	if (!rc) {
		record_path(&rp, fp->path, 1);
		rc = write_small_file(rp.buf, &text);
	}
	strbuf_release(&text);
	strbuf_release(&rp);
	return rc;
}

static void warn_unconfirmed(const struct feed_parts *fp)
{
	if (fp->warn_bytes && fp->total_bytes > fp->warn_bytes)
		msg_warning("%s has %llu bytes, more than the %llu the %s template gives as the platform's limit (unconfirmed, "
			    "so not split: set max_bytes to split it)", msg_quote(fp->name), fp->total_bytes, fp->warn_bytes,
			    fp->channel);
	if (fp->warn_items && fp->items > fp->warn_items)
		msg_warning("%s has %lu items, more than the %lu the %s template gives as the platform's limit (unconfirmed, "
			    "so not split: set max_items to split it)", msg_quote(fp->name), fp->items, fp->warn_items, fp->channel);
}

int feed_parts_finish(struct feed_parts *fp)
{
	struct strbuf now = STRBUF_INIT;
	int rc;

	if (fp->failed || !fp->cur) {
		feed_parts_abort(fp);
		return fp->failed ? fp->failed : EXIT_OUTPUT;
	}
	/* the last part ends with what the writer wrote last (its own end tags); a write that
	 * failed is said by output_commit() */
	if ((rc = part_close(fp, fp->row.buf, fp->row.len, 1)))
		goto out;
	if (fp->first) { /* part 1 of several: from the plain name to its number */
		free(fp->first->target);
		fp->first->target = part_name(fp->path, fp->gzip, 1);
		rc = output_commit(fp->first);
		free(fp->first);
		fp->first = NULL;
		if (rc)
			goto out;
	}
	warn_unconfirmed(fp);
	if (fp->direct)
		goto out;
	run_files(fp, &now);
	register_removals(fp, &now);
	rc = write_index_and_record(fp, &now);
	if (!rc && fp->nparts > 1) {
		char *index = part_name(fp->path, fp->gzip, 0);
		msg_info("split %s into %zu parts of %lu items in all, listed in %s", msg_quote(fp->path), fp->nparts, fp->items,
			 msg_quote(index));
		free(index);
	}
out:
	if (rc)
		feed_parts_abort(fp);
	strbuf_release(&now);
	return rc;
}

void feed_parts_abort(struct feed_parts *fp)
{
	if (fp->z_active)
		deflateEnd(&fp->z);
	fp->z_active = 0;
	if (fp->cur && fp->cur != fp->first) {
		output_abort(fp->cur);
		free(fp->cur);
	}
	if (fp->first) {
		output_abort(fp->first);
		free(fp->first);
	}
	fp->cur = fp->first = NULL;
}

void feed_parts_free(struct feed_parts *fp)
{
	if (!fp)
		return;
	feed_parts_abort(fp);
	strbuf_release(&fp->header);
	strbuf_release(&fp->footer);
	strbuf_release(&fp->row);
	free(fp->path);
	free(fp->name);
	free(fp);
}

void feed_parts_published(const char *output, struct strbuf *paths)
{
	struct strbuf names = STRBUF_INIT;
	size_t dirlen = (size_t)(base_of(output) - output);

	read_record(output, &names);
	if (!names.len)
		strbuf_add(&names, base_of(output), strlen(base_of(output)) + 1);
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
	char *name = published_name(c->output, c->gzip);
	int found = 0, rc = 0;

	*n = 0;
	read_record(c->output, &names);
	if (!names.len) /* no record: the file at the output path */
		strbuf_add(&names, base_of(name), strlen(base_of(name)) + 1);
	for (size_t i = 0; !rc && i < names.len; i += strlen(names.buf + i) + 1) {
		unsigned long k = 0;
		if (i && i + strlen(names.buf + i) + 1 == names.len)
			break; /* a split run's last line is its index: the parts are counted */
		strbuf_reset(&path);
		strbuf_add(&path, c->output, (size_t)(base_of(c->output) - c->output));
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
	size_t dirlen = (size_t)(base_of(output) - output), count = 0;
	const char *tmp;
	int recorded;

	record_path(&rp, output, 0);
	if (!pending)
		read_names(rp.buf, &names);
	else if ((tmp = output_set_completed(rp.buf)))
		read_names(tmp, &names);
	recorded = names.len > 0;
	if (!names.len) { /* no record: the one file */
		char *name = published_name(output, gzip);
		strbuf_add(&names, base_of(name), strlen(base_of(name)) + 1);
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
