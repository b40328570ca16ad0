/* test_writer.c: unit tests for the feed writer's CSV and TSV rows (writer.c, issue 12): a
 * value copied as it is (one strcspn) and a value joined, cleaned and quoted give byte for
 * byte the rows of the writer before, which joined and quoted every value through a cell; and
 * writers in a ring (feed_writer_share: cells copied from the previous writer's line) write,
 * in CSV, TSV and XML, byte for byte what the same writers write alone.
 * Owns: its template, rows, buffers and temporary files. */
#include "check.h"
#include "fixtures.h"
#include "csv.h"
#include "writer.h"
#include <stdlib.h>
#include <unistd.h>

/* The row as the writer wrote it before: every value joined into a cell, then quoted. */
static void reference_row(struct strbuf *line, const struct template *t, const struct row *r, enum feed_format format)
{
	char sep = format == FORMAT_TSV ? '\t' : ',';
	struct strbuf cell = STRBUF_INIT;

	for (size_t i = 0; i < t->nattrs; i++) {
		const struct attribute *a = &t->attrs[i];
		const struct strbuf *v = &r->values[i];
		int url = a->kind == KIND_URL || a->kind == KIND_IMAGE_URL;
		char join = a->kind == KIND_GROUP ? t->group_separator : t->list_separator;
		if (i)
			strbuf_addch(line, sep);
		if (!v->len)
			continue;
		strbuf_reset(&cell);
		if (!url && !memchr(v->buf, '\x1f', v->len)) /* one value: as it is */
			strbuf_add(&cell, v->buf, v->len);
		else for (const char *p = v->buf, *end = v->buf + v->len; p < end;) {
			size_t run = strcspn(p, url ? "\x1f," : "\x1f");
			strbuf_add(&cell, p, run);
			p += run;
			if (p >= end)
				break;
			if (*p == '\x1f')
				strbuf_addch(&cell, join);
			else
				strbuf_addstr(&cell, "%2C");
			p++;
		}
		if (format == FORMAT_TSV)
			for (size_t k = 0; k < cell.len; k++)
				if (cell.buf[k] == '\t' || cell.buf[k] == '\n' || cell.buf[k] == '\r')
					cell.buf[k] = ' ';
		csv_add_field(line, cell.buf, cell.len, sep);
	}
	strbuf_addstr(line, format == FORMAT_CSV ? "\r\n" : "\n");
	strbuf_release(&cell);
}

static void set(struct row *r, const char *attr, const char *value, size_t n)
{
	int a = template_attr_index(r->tpl, attr);
	strbuf_reset(&r->values[a]);
	strbuf_add(&r->values[a], value, n);
}
#define SET(r, attr, lit) set((r), (attr), (lit), sizeof(lit) - 1)

static void fill_rows(struct row *rows)
{
	SET(&rows[0], "id", "SKU-1");
	SET(&rows[0], "title", "Tee, \"Co\"\tnew");
	SET(&rows[0], "description", "two\r\nlines\nand \xC3\xA9 ");
	SET(&rows[0], "brand", " Lead");
	SET(&rows[0], "link", "https://c.example/p?a=1,2");
	SET(&rows[0], "additional_image_link", "https://c.example/1.jpg\x1fhttps://c.example/2,3.jpg\x1f\x1f");
	SET(&rows[0], "shipping", "US::Standard:4.95 USD\x1f" "DE:::");
	SET(&rows[0], "color", "red\0blue");
	SET(&rows[1], "id", "SKU-2");
	SET(&rows[1], "title", "plain title");
	SET(&rows[1], "description", "commas, but nothing else");
	SET(&rows[1], "link", "https://c.example/p2");
	SET(&rows[1], "color", "\"");
	/* rows[2]: nothing at all */
}

/* the output holds a NUL (a value's): search it as bytes */
static int has(const char *buf, size_t len, const char *s, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(buf + i, s, n))
			return 1;
	return 0;
}
#define HAS(buf, len, lit) has((buf), (len), (lit), sizeof(lit) - 1)

static void test_format(const struct template *t, enum feed_format format)
{
	struct row rows[3];
	struct output out;
	struct feed_writer w;
	struct strbuf want = STRBUF_INIT;
	char path[] = "/tmp/feedgen-writer-XXXXXX";
	int fd = mkstemp(path);
	size_t header, len;
	char *got;

	if (!CHECK(fd >= 0))
		return;
	close(fd);
	for (size_t i = 0; i < 3; i++)
		row_init(&rows[i], t);
	fill_rows(rows);
	CHECK_INT(output_open(&out, path), 0);
	feed_writer_begin(&w, format, t, &out, NULL);
	for (size_t i = 0; i < 3; i++)
		feed_writer_row(&w, &rows[i]);
	CHECK_INT(feed_writer_end(&w), 0);
	feed_writer_release(&w);
	CHECK_INT(output_commit(&out), 0);
	got = fixture_slurp(path, &len);
	header = strcspn(got, "\n") + 1;
	for (size_t i = 0; i < 3; i++)
		reference_row(&want, t, &rows[i], format);
	CHECK_INT(len - header, want.len);
	CHECK(len - header == want.len && !memcmp(got + header, want.buf, want.len));
	if (format == FORMAT_CSV)
		CHECK(HAS(got, len, "\"Tee, \"\"Co\"\"\tnew\""));
	else
		CHECK(HAS(got, len, "\t\"Tee, \"\"Co\"\" new\"\t"));
	CHECK(HAS(got, len, "https://c.example/p?a=1%2C2"));
	CHECK(HAS(got, len, "red\0blue")); /* a NUL inside a value is kept, as before */
	CHECK(HAS(got, len, format == FORMAT_CSV ? ",plain title," : "\tplain title\t"));
	free(got);
	strbuf_release(&want);
	unlink(path);
	for (size_t i = 0; i < 3; i++)
		row_release(&rows[i]);
}

/* Row of writer k (0..2) for item `step`: the item's values, with the writer's own changes
 * (a label, a price, a title), some items repeating the last. Made anew: row_reset bumps gen. */
static void ring_row(struct row *r, int step, int k)
{
	static const char *const titles[] = { "Tee, \"Co\"", "plain title", "plain title", "two\nlines & <b>" };

	row_reset(r);
	if (step == 4) /* an empty row, then values again */
		return;
	set(r, "id", step < 2 ? "SKU-1" : "SKU-2", 5);
	set(r, "title", titles[step % 4], strlen(titles[step % 4]));
	SET(r, "description", "A light cap, with a mesh back\r\nand a clip");
	SET(r, "link", "https://c.example/p?a=1,2");
	SET(r, "additional_image_link", "https://c.example/1.jpg\x1fhttps://c.example/2,3.jpg");
	SET(r, "shipping", "US::Standard:4.95 USD\x1f" "DE:::");
	SET(r, "price", "19.00 EUR");
	if (k == 1)
		SET(r, "custom_label_4", "viewers");
	if (k == 2 && step % 2)
		SET(r, "price", "17.10 EUR");
	if (k == 2 && step == 3)
		SET(r, "title", "");
}

static void test_ring(const struct template *t, enum feed_format format)
{
	struct row rows[3];
	struct output out[6];
	struct feed_writer w[6], *ring[3] = { &w[0], &w[1], &w[2] };
	char paths[6][32];
	int ok = 1;

	for (int i = 0; i < 6; i++) { /* 0..2 in a ring, 3..5 alone */
		int fd;
		snprintf(paths[i], sizeof(paths[i]), "/tmp/feedgen-ring-XXXXXX");
		if (!CHECK((fd = mkstemp(paths[i])) >= 0))
			return;
		close(fd);
		CHECK_INT(output_open(&out[i], paths[i]), 0);
		feed_writer_begin(&w[i], format, t, &out[i], NULL);
	}
	feed_writer_share(ring, 3);
	CHECK(w[0].alike == &w[2] && w[1].alike == &w[0] && w[2].alike == &w[1] && !w[3].alike);
	for (int k = 0; k < 3; k++)
		row_init(&rows[k], t);
	for (int step = 0; step < 6; step++)
		for (int k = 0; k < 3; k++) {
			ring_row(&rows[k], step, k);
			feed_writer_row(&w[k], &rows[k]);
			feed_writer_row(&w[k + 3], &rows[k]);
		}
	for (int i = 0; i < 6; i++) {
		CHECK_INT(feed_writer_end(&w[i]), 0);
		feed_writer_release(&w[i]);
		CHECK_INT(output_commit(&out[i]), 0);
	}
	for (int k = 0; k < 3; k++) {
		size_t n, m;
		char *a = fixture_slurp(paths[k], &n), *b = fixture_slurp(paths[k + 3], &m);
		ok &= n == m && n > 0 && !memcmp(a, b, n);
		free(a);
		free(b);
		row_release(&rows[k]);
	}
	CHECK(ok);
	for (int i = 0; i < 6; i++)
		unlink(paths[i]);
}

int main(void)
{
	const struct template *t = fixture_template("google");

	if (!CHECK(t != NULL))
		return CHECK_DONE();
	test_format(t, FORMAT_CSV);
	test_format(t, FORMAT_TSV);
	test_ring(t, FORMAT_CSV);
	test_ring(t, FORMAT_TSV);
	test_ring(t, FORMAT_XML);
	template_free(t);
	return CHECK_DONE();
}
