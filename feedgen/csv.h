/* csv.h: streaming RFC 4180 reader and writer (comma or tab separated).
 * Owns: the reader's buffer and current record; the writer only formats into a strbuf. */
#ifndef FEEDGEN_CSV_H
#define FEEDGEN_CSV_H
#include <stdio.h>
#include "strbuf.h"

/* Reader: reads records from a FILE*, bounded memory (a field over max_field bytes is an
 * error, default 1 MiB). Handles a UTF-8 BOM, CRLF/LF/CR line ends, quoted fields with
 * embedded separators, quotes ("") and newlines. A quote inside an unquoted field is kept
 * literally (lenient, as real exports do that). */
struct csv_reader {
	FILE *fp;
	char sep;
	size_t max_field;
	long line;          /* line where the current record starts (1-based) */
	long next_line;     /* physical line the reader is on */
	char **fields;      /* the current record; valid until the next csv_read() */
	size_t *lengths;
	size_t nfields, fields_alloc;
	struct strbuf data; /* storage for the fields */
	size_t *offsets;
	size_t offsets_alloc;
	int at_start;       /* BOM not yet checked */
	int eof;
	char error[160];    /* message when csv_read() returns -1 */
	/* 1-byte pushback for CR LF handling */
	int pending;
};
void csv_reader_init(struct csv_reader *r, FILE *fp, char sep);
/* 1: a record is in r->fields; 0: end of input; -1: error (r->error, r->next_line). A blank
 * line yields a record with one empty field. */
int csv_read(struct csv_reader *r);
void csv_reader_release(struct csv_reader *r);
/* The byte offset where the next record starts, for a second pass over a seekable file
 * (catalog_csv.h), or -1 when the stream cannot tell. */
long long csv_reader_tell(const struct csv_reader *r);
/* Go back (or on) to an offset csv_reader_tell() gave; line is that record's line number.
 * Returns 0, or -1 with errno. */
int csv_reader_seek(struct csv_reader *r, long long offset, long line);

/* Writer: append one field, quoted when it contains sep, '"', CR or LF, or leading/trailing
 * spaces; quotes doubled. */
void csv_add_field(struct strbuf *out, const char *s, size_t n, char sep);
#endif
