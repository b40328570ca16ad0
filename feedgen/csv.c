/* csv.c: streaming RFC 4180 reader (comma or tab) and the field writer (see csv.h).
 * Owns: the reader's field storage and current record, released by csv_reader_release(). */
#include "csv.h"
#include "alloc.h"
#include <stdlib.h>
#include <string.h>

#define CSV_DEFAULT_MAX_FIELD ((size_t)1 << 20)
#define CSV_MAX_FIELDS 100000
#define NO_PENDING (-2)

void csv_reader_init(struct csv_reader *r, FILE *fp, char sep)
{
	memset(r, 0, sizeof(*r));
	r->fp = fp;
	r->sep = sep ? sep : ',';
	r->max_field = CSV_DEFAULT_MAX_FIELD;
	r->line = 1;
	r->next_line = 1;
	strbuf_init(&r->data);
	r->at_start = 1;
	r->pending = NO_PENDING;
}

void csv_reader_release(struct csv_reader *r)
{
	free(r->fields);
	free(r->lengths);
	free(r->offsets);
	strbuf_release(&r->data);
	r->fields = NULL;
	r->lengths = NULL;
	r->offsets = NULL;
	r->nfields = r->fields_alloc = r->offsets_alloc = 0;
}

long long csv_reader_tell(const struct csv_reader *r)
{
	long long off = (long long)ftello(r->fp);

	if (off < 0)
		return -1;
	return off - (r->pending >= 0 ? 1 : 0); /* a byte read ahead after a CR */
}

int csv_reader_seek(struct csv_reader *r, long long offset, long line)
{
	if (fseeko(r->fp, (off_t)offset, SEEK_SET))
		return -1;
	r->pending = NO_PENDING;
	r->eof = 0;
	r->at_start = offset == 0;
	r->line = r->next_line = line;
	return 0;
}

static inline int next_byte(struct csv_reader *r)
{
	int c;

	if (r->pending != NO_PENDING) {
		c = r->pending;
		r->pending = NO_PENDING;
		return c;
	}
	return getc_unlocked(r->fp);
}

/* Append one byte to the record storage (the NUL invariant is restored when a field ends). */
static inline void put_byte(struct csv_reader *r, int c)
{
	struct strbuf *d = &r->data;

	if (d->len + 2 > d->alloc)
		strbuf_grow(d, 1 + d->len / 2);
	d->buf[d->len++] = (char)c;
}

static int fail(struct csv_reader *r, const char *what, long line)
{
	snprintf(r->error, sizeof(r->error), "%s", what);
	r->next_line = line;
	r->eof = 1;
	if (r->data.alloc)
		r->data.buf[r->data.len] = '\0';
	r->nfields = 0;
	return -1;
}

static void begin_field(struct csv_reader *r)
{
	ALLOC_GROW(r->offsets, r->nfields + 1, r->offsets_alloc);
	r->offsets[r->nfields] = r->data.len;
}

static void end_field(struct csv_reader *r)
{
	put_byte(r, '\0');
	r->data.buf[r->data.len] = '\0';
	r->nfields++;
}

/* Point fields[] and lengths[] into the storage once the record is complete. */
static int finish_record(struct csv_reader *r)
{
	size_t i;

	if (r->nfields > r->fields_alloc) {
		size_t want = r->nfields;
		ALLOC_GROW(r->fields, want, r->fields_alloc);
		r->lengths = xrealloc(r->lengths, r->fields_alloc * sizeof(*r->lengths));
	}
	for (i = 0; i < r->nfields; i++) {
		size_t end = i + 1 < r->nfields ? r->offsets[i + 1] : r->data.len;
		r->fields[i] = r->data.buf + r->offsets[i];
		r->lengths[i] = end - r->offsets[i] - 1;
	}
	return 1;
}

/* Skip a UTF-8 BOM. Returns how many bytes of an incomplete BOM were read (0-2): they are data
 * of the first field; the byte after them is left in r->pending. */
static int check_bom(struct csv_reader *r)
{
	static const unsigned char bom[3] = { 0xEF, 0xBB, 0xBF };
	int i, c;

	r->at_start = 0;
	for (i = 0; i < 3; i++) {
		c = getc_unlocked(r->fp);
		if (c != bom[i]) {
			r->pending = c;
			return i;
		}
	}
	return 0;
}

static int too_long(struct csv_reader *r)
{
	char msg[80];

	snprintf(msg, sizeof(msg), "field is longer than %zu bytes", r->max_field);
	return fail(r, msg, r->line);
}

int csv_read(struct csv_reader *r)
{
	const int sep = (unsigned char)r->sep;
	const size_t max_record = r->max_field * 8 > r->max_field ? r->max_field * 8 : r->max_field;
	size_t field_start;
	long quote_line;
	int c, resumed;

	if (r->eof)
		return 0;
	strbuf_reset(&r->data);
	r->nfields = 0;
	r->error[0] = '\0';
	resumed = 0;
	r->line = r->next_line;
	if (r->at_start) {
		int partial = check_bom(r);
		if (partial) {
			/* "\xEF" or "\xEF\xBB" without the rest: an unquoted field begins with them */
			begin_field(r);
			put_byte(r, 0xEF);
			if (partial > 1)
				put_byte(r, 0xBB);
			resumed = 1;
		}
	}

	c = next_byte(r);
	if (c == EOF && !resumed) {
		r->eof = 1;
		if (ferror(r->fp))
			return fail(r, "read error", r->next_line);
		return 0;
	}
	for (;;) {
		/* c is the first byte of a field */
		if (r->nfields >= CSV_MAX_FIELDS)
			return fail(r, "record has more than 100000 fields", r->line);
		if (!resumed)
			begin_field(r);
		field_start = r->offsets[r->nfields];
		if (c == '"' && !resumed) {
			quote_line = r->next_line;
			for (;;) {
				c = getc_unlocked(r->fp);
				if (c == EOF) {
					if (ferror(r->fp))
						return fail(r, "read error", r->next_line);
					/* next_line points at the opening quote */
					return fail(r, "unterminated quoted field (no closing quote before the end of "
						    "the input)", quote_line);
				}
				if (c == '"') {
					c = getc_unlocked(r->fp);
					if (c != '"')
						break; /* closing quote; c follows it */
				} else if (c == '\n') {
					r->next_line++;
				} else if (c == '\r') {
					int d = getc_unlocked(r->fp);
					if (d != '\n')
						r->next_line++;
					if (d != EOF)
						ungetc(d, r->fp);
				}
				put_byte(r, c);
				if (r->data.len - field_start > r->max_field)
					return too_long(r);
			}
			/* after the closing quote: text up to the separator is kept (lenient) */
		}
		resumed = 0;
		while (c != sep && c != '\n' && c != '\r' && c != EOF) {
			put_byte(r, c);
			if (r->data.len - field_start > r->max_field)
				return too_long(r);
			c = getc_unlocked(r->fp);
		}
		end_field(r);
		if (r->data.len > max_record)
			return fail(r, "record is longer than the limit", r->line);
		if (c == sep) {
			c = getc_unlocked(r->fp);
			continue;
		}
		if (c == '\r') {
			c = getc_unlocked(r->fp);
			if (c != '\n' && c != EOF)
				r->pending = c;
		}
		if (c == EOF) {
			if (ferror(r->fp))
				return fail(r, "read error", r->next_line);
			r->eof = 1;
		} else
			r->next_line++;
		return finish_record(r);
	}
}

void csv_add_field(struct strbuf *out, const char *s, size_t n, char sep)
{
	size_t i;
	/* four memchr (SIMD in glibc) instead of four compares per byte (issue 12) */
	int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ' || memchr(s, sep, n) || memchr(s, '"', n) ||
			      memchr(s, '\n', n) || memchr(s, '\r', n));

	if (!quote) {
		strbuf_add(out, s, n);
		return;
	}
	strbuf_grow(out, n + 2);
	strbuf_addch(out, '"');
	for (i = 0; i < n; i++) {
		const char *q = memchr(s + i, '"', n - i);
		size_t run = q ? (size_t)(q - (s + i)) : n - i;
		strbuf_add(out, s + i, run);
		i += run;
		if (i < n)
			strbuf_add(out, "\"\"", 2);
	}
	strbuf_addch(out, '"');
}
