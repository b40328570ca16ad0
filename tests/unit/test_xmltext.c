/* test_xmltext.c: unit tests for the one-pass XML escaping (xmltext.c) and the feed writer's
 * XML rows (writer.c, issue 12): byte for byte what libxml2's xmlTextWriter wrote before, for
 * entities, CR, NUL, repeated values, groups (empty parts, no parts) and a row of nothing.
 * Owns: its templates, rows, buffers and temporary files. */
#include "check.h"
#include "fixtures.h"
#include "writer.h"
#include "xmltext.h"
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const texts[] = {
	"plain", "Tom & Jerry <b>\"bold\"</b> > 'quoted'", "line\r\nbreak\rcr", "&&&", "\xC3\xA9t\xC3\xA9 \xE2\x82\xAC",
	"tab\there", "]]>", "a", "",
	"one\x1ftwo & three\x1f", /* the writer's value separator, where the strcspn run stops (issue 12) */
};

/* libxml2's escaping of one text, for comparison */
static void check_text(const char *s, size_t n)
{
	struct strbuf got = STRBUF_INIT;
	char *copy = strndup(s, n);
	xmlChar *want = xmlEncodeSpecialChars(NULL, BAD_CAST copy);

	xml_add_text(&got, s, n);
	CHECK_STR(got.buf, (const char *)want);
	xmlFree(want);
	free(copy);
	strbuf_release(&got);
}

static void test_escaping(void)
{
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		check_text(texts[i], strlen(texts[i]));
	check_text("before\0after", 12); /* NUL ends the text, as it ended libxml2's C string */
}

/* The rows as the writer wrote them with xmlTextWriterWriteElement (before issue 12). */
static void reference_group(xmlTextWriterPtr x, const struct template *t, const struct attribute *a, const char *value,
			    size_t len)
{
	const char *p = value, *end = value + len;
	size_t k = 0;

	xmlTextWriterStartElement(x, BAD_CAST a->xml_name);
	while (p <= end && k < a->nsubattributes) {
		const char *colon = memchr(p, ':', (size_t)(end - p));
		const char *stop = colon && k + 1 < a->nsubattributes ? colon : end;
		if (stop > p) {
			char name[96];
			snprintf(name, sizeof(name), "%s%s%s", t->xml_prefix ? t->xml_prefix : "", t->xml_prefix ? ":" : "",
				 a->subattributes[k]);
			xmlTextWriterStartElement(x, BAD_CAST name);
			xmlTextWriterWriteFormatString(x, "%.*s", (int)(stop - p), p);
			xmlTextWriterEndElement(x);
		}
		k++;
		p = stop + 1;
	}
	xmlTextWriterEndElement(x);
}

static void reference_row(xmlTextWriterPtr x, const struct template *t, const struct row *r)
{
	xmlTextWriterStartElement(x, BAD_CAST "item");
	for (size_t i = 0; i < t->nattrs; i++) {
		const struct attribute *a = &t->attrs[i];
		const char *p = r->values[i].buf, *end = p + r->values[i].len;
		while (p < end) {
			const char *sep = memchr(p, ITEM_VALUE_SEP, (size_t)(end - p));
			const char *stop = sep ? sep : end;
			if (stop > p) {
				if (a->kind == KIND_GROUP && a->nsubattributes)
					reference_group(x, t, a, p, (size_t)(stop - p));
				else {
					char *v = strndup(p, (size_t)(stop - p));
					xmlTextWriterWriteElement(x, BAD_CAST a->xml_name, BAD_CAST v);
					free(v);
				}
			}
			p = stop + 1;
		}
	}
	xmlTextWriterEndElement(x);
}

static void fill_rows(struct row *rows, size_t nrows)
{
	for (size_t i = 0; i < nrows; i++)
		row_reset(&rows[i]);
	fixture_set(&rows[0], "id", "SKU-1");
	fixture_set(&rows[0], "title", "Tee & \"Co\" <new>");
	fixture_set(&rows[0], "description", "two\r\nlines\nand \xC3\xA9");
	fixture_set(&rows[0], "additional_image_link", "https://c.example/1.jpg\x1fhttps://c.example/2.jpg?a=1&b=2\x1f\x1f");
	fixture_set(&rows[0], "shipping", "US::Standard:4.95 USD\x1f" "DE:::\x1f:::\x1f:CA::0 USD:extra:parts");
	fixture_set(&rows[1], "id", "SKU-2");
	fixture_set(&rows[1], "shipping", ":::");
	/* rows[2]: nothing at all */
}

static void test_rows(void)
{
	const struct template *t = fixture_template("google");
	struct row rows[3];
	struct output out;
	struct feed_writer w;
	struct feed_meta meta = { "Shop & Co", "https://shop.example", NULL };
	char path[] = "/tmp/feedgen-xmltext-XXXXXX";
	int fd = mkstemp(path);
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr x = xmlNewTextWriterMemory(buf, 0);
	char *got;

	if (!CHECK(t && fd >= 0))
		return;
	close(fd);
	for (size_t i = 0; i < 3; i++)
		row_init(&rows[i], t);
	fill_rows(rows, 3);
	CHECK_INT(output_open(&out, path), 0);
	feed_writer_begin(&w, FORMAT_XML, t, &out, &meta);
	for (size_t i = 0; i < 3; i++)
		feed_writer_row(&w, &rows[i]);
	CHECK_INT(feed_writer_end(&w), 0);
	feed_writer_release(&w);
	CHECK_INT(output_commit(&out), 0);

	xmlTextWriterSetIndent(x, 1);
	xmlTextWriterSetIndentString(x, BAD_CAST "  ");
	xmlTextWriterStartDocument(x, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(x, BAD_CAST "rss");
	xmlTextWriterWriteAttribute(x, BAD_CAST "version", BAD_CAST "2.0");
	xmlTextWriterWriteAttribute(x, BAD_CAST "xmlns:g", BAD_CAST t->xml_namespace);
	xmlTextWriterStartElement(x, BAD_CAST "channel");
	xmlTextWriterWriteElement(x, BAD_CAST "title", BAD_CAST meta.title);
	xmlTextWriterWriteElement(x, BAD_CAST "link", BAD_CAST meta.link);
	xmlTextWriterWriteElement(x, BAD_CAST "description", BAD_CAST "Product feed written by feedgen");
	for (size_t i = 0; i < 3; i++)
		reference_row(x, t, &rows[i]);
	xmlTextWriterEndDocument(x);
	xmlFreeTextWriter(x);

	got = fixture_slurp(path, NULL);
	CHECK_STR(got, (const char *)xmlBufferContent(buf));
	CHECK(strstr(got, "      <g:shipping>\n        <g:country>US</g:country>\n") != NULL);
	CHECK(strstr(got, "      <g:shipping/>\n") != NULL);
	CHECK(strstr(got, "    <item/>\n") != NULL);
	free(got);
	xmlBufferFree(buf);
	unlink(path);
	for (size_t i = 0; i < 3; i++)
		row_release(&rows[i]);
	template_free(t);
}

int main(void)
{
	test_escaping();
	test_rows();
	return CHECK_DONE();
}
