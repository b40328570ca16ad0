/* feed_digest.c: writing and loading a feed's digest (feed_digest.h). The format, version 3,
 * all integers little-endian:
 *   "FGDIGEST" u32 version (3) u64 length (of the whole digest) u64 params (feed_digest_params)
 *   u64 items u64 without_id u64 duplicates u64 entries     the feed's rows as the change report counts them
 *   u32 files, then per file: u64 size i64 mtime_sec i64 mtime_nsec u64 ino u64 dev,
 *     u32 name_len, name (no directory)                     the files it describes (parts in order)
 *   entries x { u32 id_len (>0), id, u32 prices, u32 other, i16 availability, u8 low, u8 0 }
 *     (version 1 had 64-bit hashes, version 2 FNV-1a where 3 has XXH3: such a digest is "another
 *     version", the feed is read)
 *   u32 crc32 (zlib) of every byte before it
 * Owns: the write buffer of one call, the mapping of one load. */
#include "feed_digest.h"
#include "msg.h"
#include "output.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#define DIGEST_MAGIC "FGDIGEST"
#define DIGEST_VERSION 3u

void feed_digest_path(struct strbuf *sb, const char *output)
{
	output_state_path(sb, output, "digest", 0);
}

uint64_t feed_digest_params(const struct diff_capture *c)
{
	const struct feed_diff *d = &c->d;
	const struct template *t = d->tpl;
	uint64_t h = IDINDEX_HASH_SEED;
	long u[8] = { DIGEST_VERSION, d->price_attr, d->sale_attr, d->availability_attr, d->flag_attr,
		      d->quantity_attr, t->id_attr, d->urgency->low_stock };

	h = idindex_hash(u, sizeof(u), h);
	for (size_t i = 0; i < t->nattrs; i++)
		h = idindex_hash(t->attrs[i].name, strlen(t->attrs[i].name) + 1, h);
	for (size_t i = 0; d->availability_attr >= 0 && i < t->attrs[d->availability_attr].nvalues; i++) {
		const struct enum_value *v = &t->attrs[d->availability_attr].values[i];
		h = idindex_hash(v->canonical, strlen(v->canonical) + 1, h);
		h = idindex_hash(v->spelling, strlen(v->spelling) + 1, h);
	}
	return h;
}

/* ---- writing ---- */
struct wbuf {
	struct output out;
	struct strbuf buf;
	uLong crc;
};

static void flush(struct wbuf *w)
{
	w->crc = crc32(w->crc, (const Bytef *)w->buf.buf, (uInt)w->buf.len);
	output_write(&w->out, w->buf.buf, w->buf.len);
	strbuf_reset(&w->buf);
}

static void put(struct wbuf *w, uint64_t v, int bytes)
{
	char b[8];

	for (int i = 0; i < bytes; i++)
		b[i] = (char)(v >> (8 * i));
	strbuf_add(&w->buf, b, (size_t)bytes);
}

static void put_entry(struct wbuf *w, const char *id, size_t len, const struct diff_record *r)
{
	put(w, len, 4);
	strbuf_add(&w->buf, id, len);
	put(w, r->prices, 4);
	put(w, r->other, 4);
	put(w, (uint16_t)r->availability, 2);
	put(w, r->low, 1);
	put(w, 0, 1);
	if (w->buf.len >= (1 << 16))
		flush(w);
}

static void put_file(struct wbuf *w, const struct feed_digest_file *f)
{
	put(w, f->size, 8);
	put(w, f->sec, 8);
	put(w, f->nsec, 8);
	put(w, f->ino, 8);
	put(w, f->dev, 8);
	put(w, strlen(f->name), 4);
	strbuf_addstr(&w->buf, f->name);
}

int feed_digest_write(const struct diff_capture *c, const char *output, const struct feed_digest_file *files,
		      size_t nfiles)
{
	struct strbuf path = STRBUF_INIT;
	struct wbuf w = { .crc = crc32(0, Z_NULL, 0) };
	const struct diff_record *rec;
	const char *id;
	size_t length_at, len;
	uint64_t length;
	int rc;

	output_state_path(&path, output, "digest", 1);
	if ((rc = output_open(&w.out, path.buf))) {
		strbuf_release(&path);
		return rc;
	}
	strbuf_init(&w.buf);
	strbuf_add(&w.buf, DIGEST_MAGIC, 8);
	put(&w, DIGEST_VERSION, 4);
	length_at = w.buf.len;
	put(&w, 0, 8); /* the length, known below */
	put(&w, feed_digest_params(c), 8);
	put(&w, c->counts.new_items, 8);
	put(&w, c->counts.without_id_new, 8);
	put(&w, c->counts.duplicates_new, 8);
	put(&w, c->nnew, 8);
	put(&w, nfiles, 4);
	for (size_t i = 0; i < nfiles; i++)
		put_file(&w, &files[i]);
	length = w.buf.len + 4;
	for (size_t i = 0; (rec = diff_capture_next_new(c, &i, &id, &len));)
		length += 4 + len + 12;
	for (int k = 0; k < 8; k++)
		w.buf.buf[length_at + (size_t)k] = (char)(length >> (8 * k));
	for (size_t i = 0; (rec = diff_capture_next_new(c, &i, &id, &len));)
		put_entry(&w, id, len, rec);
	flush(&w);
	put(&w, w.crc, 4);
	output_write(&w.out, w.buf.buf, w.buf.len);
	strbuf_release(&w.buf);
	rc = output_commit(&w.out);
	strbuf_release(&path);
	return rc;
}

/* ---- reading ---- */
struct rbuf {
	const unsigned char *p, *end;
};

static int get(struct rbuf *r, uint64_t *v, int bytes)
{
	*v = 0;
	if (r->end - r->p < bytes)
		return 0;
	for (int i = 0; i < bytes; i++)
		*v |= (uint64_t)r->p[i] << (8 * i);
	r->p += bytes;
	return 1;
}

/* Walk the entries (after the header): merge them into c when c is given. */
static const char *entries(struct rbuf *r, uint64_t n, struct diff_capture *c)
{
	for (uint64_t k = 0; k < n; k++) {
		uint64_t len, prices, other, avail, low, zero;
		const char *id;
		if (!get(r, &len, 4) || !len || (uint64_t)(r->end - r->p) < len)
			return "truncated";
		id = (const char *)r->p;
		r->p += len;
		if (!get(r, &prices, 4) || !get(r, &other, 4) || !get(r, &avail, 2) || !get(r, &low, 1) ||
		    !get(r, &zero, 1))
			return "truncated";
		if (low > 1 || zero || memchr(id, '\0', len))
			return "damaged";
		if (c) {
			struct diff_record rec = { (uint32_t)prices, (uint32_t)other, (int16_t)(uint16_t)avail,
						   (uint8_t)low, 0 };
			diff_capture_old_record(c, id, (size_t)len, &rec);
		}
	}
	return NULL;
}

static int same_file(const struct feed_digest_file *a, const struct feed_digest_file *b)
{
	return a->size == b->size && a->sec == b->sec && a->nsec == b->nsec && a->ino == b->ino && a->dev == b->dev &&
	       !strcmp(a->name, b->name);
}

static const char *get_file(struct rbuf *r, struct feed_digest_file *f)
{
	uint64_t namelen;

	if (!get(r, &f->size, 8) || !get(r, &f->sec, 8) || !get(r, &f->nsec, 8) || !get(r, &f->ino, 8) ||
	    !get(r, &f->dev, 8) || !get(r, &namelen, 4))
		return "truncated";
	if (namelen >= sizeof(f->name) || (uint64_t)(r->end - r->p) < namelen)
		return "truncated";
	memcpy(f->name, r->p, (size_t)namelen);
	f->name[namelen] = '\0';
	r->p += namelen;
	return NULL;
}

const char *feed_digest_parse(const unsigned char *buf, size_t len, uint64_t params,
			      const struct feed_digest_file *files, size_t nfiles, struct diff_capture *c)
{
	struct rbuf r = { buf, buf + len };
	uint64_t v, n, items, without, dups, nf, crc, want;
	struct feed_digest_file got;
	const unsigned char *body;
	const char *why;
	int changed = 0;

	if (len < 12 || memcmp(buf, DIGEST_MAGIC, 8))
		return "not a digest";
	r.p += 8;
	if (!get(&r, &v, 4) || v != DIGEST_VERSION)
		return "another version";
	if (!get(&r, &v, 8) || v > len)
		return "truncated";
	if (v < len)
		return "damaged (longer than it says)";
	if (!get(&r, &v, 8))
		return "truncated";
	if (v != params)
		return "another template or urgency options";
	r.end = buf + len - 4; /* the checksum after */
	if (!get(&r, &items, 8) || !get(&r, &without, 8) || !get(&r, &dups, 8) || !get(&r, &n, 8) || !get(&r, &nf, 4))
		return "truncated";
	{
		struct rbuf t = { r.end, buf + len };
		get(&t, &want, 4);
		crc = crc32_z(crc32(0, Z_NULL, 0), buf, len - 4);
		if (want != crc)
			return "damaged (checksum)";
	}
	changed = files && nf != nfiles;
	for (uint64_t k = 0; k < nf; k++) {
		if ((why = get_file(&r, &got)))
			return why;
		if (files && !changed && !same_file(&files[k], &got))
			changed = 1;
	}
	body = r.p;
	if (n > items || (uint64_t)(r.end - r.p) / 25 < n)
		return "damaged";
	if ((why = entries(&r, n, NULL)) || r.p != r.end)
		return why ? why : "damaged";
	if (changed)
		return "the feed changed since its digest was written";
	if (c) {
		r.p = body;
		entries(&r, n, c);
		diff_capture_old_totals(c, (unsigned long)items, (unsigned long)without, (unsigned long)dups);
	}
	return NULL;
}

void feed_digest_identity(struct feed_digest_file *f, const struct stat *st, const char *path)
{
	memset(f, 0, sizeof(*f));
	f->size = (uint64_t)st->st_size;
	f->sec = (uint64_t)st->st_mtim.tv_sec;
	f->nsec = (uint64_t)st->st_mtim.tv_nsec;
	f->ino = (uint64_t)st->st_ino;
	f->dev = (uint64_t)st->st_dev;
	snprintf(f->name, sizeof(f->name), "%s", output_base_name(path));
}

int feed_digest_load(struct diff_capture *c, const char *output, const struct feed_digest_file *files, size_t nfiles,
		     const char **why)
{
	struct strbuf path = STRBUF_INIT;
	struct stat ds;
	void *map;
	int fd;

	feed_digest_path(&path, output);
	fd = open(path.buf, O_RDONLY | O_CLOEXEC);
	strbuf_release(&path);
	*why = "no digest";
	if (fd < 0)
		return 0;
	if (fstat(fd, &ds) || !S_ISREG(ds.st_mode) || ds.st_size < 16 ||
	    (map = mmap(NULL, (size_t)ds.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
		*why = ds.st_size < 16 ? "truncated" : "unreadable";
		close(fd);
		return 0;
	}
	close(fd);
	madvise(map, (size_t)ds.st_size, MADV_SEQUENTIAL);
	/* every byte and the files' identities are checked before the first entry is merged */
	*why = feed_digest_parse(map, (size_t)ds.st_size, feed_digest_params(c), files, nfiles, c);
	munmap(map, (size_t)ds.st_size);
	return !*why;
}
