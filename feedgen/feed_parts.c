/* feed_parts.c: gzip and split of a feed's files (see feed_parts.h): the parts written, each
 * within its byte budget (exact for plain files; for gzip, zlib's worst-case bound on what is not
 * yet flushed, flushed when the bound says the part might be full), and finished into the output
 * set (the names, the index and the record of the run's files: feed_parts_record.c).
 * Owns: struct feed_parts and its outputs. */
#include "feed_parts.h"
#include "feed_parts_impl.h"
#include "alloc.h"
#include "config.h"
#include "msg.h"
#include "template.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int feed_parts_wanted(const struct run_config *c, const struct template *tpl)
{
	if (c->gzip || parts_ends_with_gz(c->output) || c->max_items > 0 || c->max_bytes > 0)
		return 1;
	if (!strcmp(c->output, "-"))
		return 0;
	if ((c->max_items < 0 && tpl->max_items.value) || (c->max_bytes < 0 && tpl->max_bytes.value))
		return 1;
	/* an earlier run split or gzipped it: this one removes what it no longer writes */
	return parts_recorded(c->output);
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
	fp->gzip = c->gzip || parts_ends_with_gz(c->output);
	fp->level = (int)c->gzip_level;
	fp->name = strcmp(c->output, "-") ? parts_published_name(c->output, fp->gzip) : xstrdup("-");
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
	char *target = fp->nparts ? parts_part_name(fp->path, fp->gzip, fp->nparts + 1) : xstrdup(fp->name);
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
		fp->first->target = parts_part_name(fp->path, fp->gzip, 1);
		rc = output_commit(fp->first);
		free(fp->first);
		fp->first = NULL;
		if (rc)
			goto out;
	}
	warn_unconfirmed(fp);
	if (fp->direct)
		goto out;
	rc = parts_record_run(fp);
	if (!rc && fp->nparts > 1) {
		char *index = parts_part_name(fp->path, fp->gzip, 0);
		msg_info("split %s into %zu parts of %lu items in all, listed in %s", msg_quote(fp->path), fp->nparts, fp->items,
			 msg_quote(index));
		free(index);
	}
out:
	if (rc)
		feed_parts_abort(fp);
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
