/* source_gzip.c: gzip-compressed inputs unpacked on the fly (see source.h): a FILE whose reads
 * inflate the underlying stream (zlib, gzip members one after another, the CRC and length of each
 * checked by zlib), stopped with a message past SOURCE_GZIP_MAX unpacked bytes, so a gzip bomb
 * fills neither memory nor disk. Rewinding re-reads from the start when the underlying stream can
 * seek. Owns: the zlib stream and its input buffer; the underlying FILE once wrapped. */
#define _GNU_SOURCE /* fopencookie */
#include "source.h"
#include "alloc.h"
#include "msg.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

unsigned long long source_gzip_max = SOURCE_GZIP_MAX;

struct gunzip {
	FILE *in;
	z_stream z;
	const char *what;
	char *path;
	unsigned long long total;  /* unpacked bytes so far */
	int failed, ended;
	unsigned char buf[1 << 16];
};

static void *gz_alloc(void *opaque, unsigned items, unsigned size)
{
	(void)opaque;
	return xcalloc(items, size); /* counted by FEEDGEN_FAIL_ALLOC; out of memory is exit 4 */
}

static void gz_free(void *opaque, void *p)
{
	(void)opaque;
	free(p);
}

static ssize_t fail(struct gunzip *g, const char *why)
{
	g->failed = 1;
	msg_error("%s %s: %s; the rest is not read", g->what, msg_quote(g->path), why);
	errno = EIO;
	return -1;
}

/* After a member's end: another member, the end of the input, or bytes that are not gzip. */
static int next_member(struct gunzip *g)
{
	if (!g->z.avail_in) {
		size_t n = fread(g->buf, 1, sizeof(g->buf), g->in);
		g->z.next_in = g->buf;
		g->z.avail_in = (uInt)n;
	}
	if (!g->z.avail_in)
		return ferror(g->in) ? -1 : 0;
	if (g->z.avail_in >= 2 && g->z.next_in[0] == 0x1f && g->z.next_in[1] == 0x8b) {
		inflateReset(&g->z);
		return 1;
	}
	return -2;
}

static ssize_t gunzip_read(void *cookie, char *out, size_t size)
{
	struct gunzip *g = cookie;

	if (g->failed)
		return -1;
	if (g->ended || !size)
		return 0;
	g->z.next_out = (Bytef *)out;
	g->z.avail_out = (uInt)(size > (1u << 30) ? 1u << 30 : size);
	while (g->z.next_out == (Bytef *)out) {
		int zrc, more;
		if (!g->z.avail_in) {
			size_t n = fread(g->buf, 1, sizeof(g->buf), g->in);
			if (!n)
				return fail(g, ferror(g->in) ? "read error in the gzip data" : "truncated gzip data");
			g->z.next_in = g->buf;
			g->z.avail_in = (uInt)n;
		}
		zrc = inflate(&g->z, Z_NO_FLUSH);
		if (zrc == Z_MEM_ERROR)
			return fail(g, "out of memory unpacking the gzip data");
		if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR)
			return fail(g, "damaged gzip data");
		if (zrc == Z_STREAM_END) {
			if ((more = next_member(g)) == -2)
				return fail(g, "damaged gzip data (bytes after the end that are not gzip)");
			if (more < 0)
				return fail(g, "read error in the gzip data");
			if (!more) {
				g->ended = 1;
				break;
			}
		}
	}
	g->total += (size_t)(g->z.next_out - (Bytef *)out);
	if (g->total > source_gzip_max)
		return fail(g, "larger than 4 GiB once unpacked (a gzip bomb?): unpack it yourself if it is genuine");
	return g->z.next_out - (Bytef *)out;
}

/* Only back to the start (rewind), which unpacks again, or where we are (ftell). */
static int gunzip_seek(void *cookie, off64_t *pos, int whence)
{
	struct gunzip *g = cookie;

	if (whence == SEEK_CUR && *pos == 0) {
		*pos = (off64_t)g->total;
		return 0;
	}
	if (whence != SEEK_SET || *pos != 0 || fseek(g->in, 0, SEEK_SET)) {
		errno = ESPIPE;
		return -1;
	}
	inflateReset(&g->z);
	g->z.avail_in = 0;
	g->total = 0;
	g->failed = g->ended = 0;
	return 0;
}

static int gunzip_close(void *cookie)
{
	struct gunzip *g = cookie;
	int rc = g->in != stdin ? fclose(g->in) : 0;

	inflateEnd(&g->z);
	free(g->path);
	free(g);
	return rc;
}

int source_gunzip(const char *what, const char *path, FILE **fp)
{
	static const cookie_io_functions_t io = { gunzip_read, NULL, gunzip_seek, gunzip_close };
	struct gunzip *g;
	int c1 = getc(*fp), c2 = c1 == 0x1f ? getc(*fp) : EOF;
	FILE *wrapped;

	/* not gzip: the bytes go back (glibc keeps two pushed-back bytes) */
	if (c1 != 0x1f || c2 != 0x8b) {
		if (c2 != EOF)
			ungetc(c2, *fp);
		if (c1 != EOF)
			ungetc(c1, *fp);
		return ferror(*fp) ? msg_fail(EXIT_INPUT, "cannot read %s %s: %s", what, msg_quote(path), strerror(errno)) : 0;
	}
	g = xcalloc(1, sizeof(*g));
	g->in = *fp;
	g->what = what;
	g->path = xstrdup(path);
	g->buf[0] = 0x1f;
	g->buf[1] = 0x8b;
	g->z.next_in = g->buf;
	g->z.avail_in = 2;
	g->z.zalloc = gz_alloc;
	g->z.zfree = gz_free;
	if (inflateInit2(&g->z, 15 + 16) != Z_OK || !(wrapped = fopencookie(g, "rb", io))) {
		inflateEnd(&g->z);
		free(g->path);
		free(g);
		return msg_fail(EXIT_INPUT, "cannot unpack %s %s: out of resources", what, msg_quote(path));
	}
	*fp = wrapped;
	return 0;
}
