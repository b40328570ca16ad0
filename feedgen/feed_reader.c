/* feed_reader.c: reading existing feed files for `validate --feed`: the format is detected
 * from the content (CSV, TSV, RSS/Atom XML; gzip unpacked first), text feeds are read with
 * the streaming CSV reader, XML with libxml2's xmlTextReader, and every item becomes a row of
 * the channel's template that validate_row() checks in report-only mode (or, for `feedgen
 * diff`, that feed_read_rows() hands to its caller unchecked). This file opens and detects the
 * feed and fills and finishes the rows; feed_reader_text.c reads CSV/TSV, feed_reader_xml.c XML.
 * Owns: struct feed_reader (template, validation state, current row, the column map of a text
 * feed, the names of unknown attributes already reported) and the FILE it opened. */
#include "feed_reader_impl.h"
#include "alloc.h"
#include "encoding.h"
#include "msg.h"
#include "row.h"
#include "source.h"
#include "strmap.h"
#include "validate.h"
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>

#define GZIP_MAX ((unsigned long long)4 << 30) /* Google's fetch limit: 4 GB */
static const char *const feed_kind_names[] = { "CSV", "TSV", "XML" };

void fr_file_finding(struct feed_reader *fr, enum severity sev, const char *rule, const char *field,
			 long line, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	struct finding *f;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	f = findings_add(&fr->findings, sev, rule, NULL, field, "%s", msg.buf);
	f->source = xstrdup(fr->source);
	f->line = line;
	strbuf_release(&msg);
	report_take(fr->report, &fr->findings, NULL);
}

/* Report an attribute name the template does not know, once per file. */
void fr_report_unknown(struct feed_reader *fr, const char *name, long line, const char *what)
{
	int created;

	strmap_put(&fr->unknown, name, strlen(name), &created);
	if (created)
		fr_file_finding(fr, SEV_WARNING, "unknown-attribute", name, line, "%s %s is not a %s attribute (ignored)",
			     what, msg_quote(name), fr->tpl->title);
}

void fr_trim(const char **s, size_t *n)
{
	static const char ws[] = " \t\r\n";

	while (*n && strchr(ws, (*s)[0]))
		(*s)++, (*n)--;
	while (*n && strchr(ws, (*s)[*n - 1]))
		(*n)--;
}

/* Put one value of an attribute into the row: repeated and group attributes collect every
 * value (separated by ITEM_VALUE_SEP); a single-valued attribute keeps the first. */
void fr_add_value(struct feed_reader *fr, int attr, const char *s, size_t n, long line)
{
	const struct attribute *a = &fr->tpl->attrs[attr];
	struct strbuf *dst = &fr->row.values[attr];

	fr_trim(&s, &n);
	if (!n)
		return;
	if (dst->len) {
		if (!a->repeated && a->kind != KIND_GROUP)
			return;
		strbuf_addch(dst, ITEM_VALUE_SEP);
	} else if (line) {
		fr->row.lines[attr] = line;
	}
	strbuf_add(dst, s, n);
}

/* Join the group parts collected in fr->slots in the template's order, ':' between them. */
void fr_add_group_slots(struct feed_reader *fr, int attr, long line)
{
	const struct attribute *a = &fr->tpl->attrs[attr];
	int any = 0;

	strbuf_reset(&fr->part);
	for (size_t k = 0; k < a->nsubattributes; k++) {
		if (k)
			strbuf_addch(&fr->part, ':');
		strbuf_add(&fr->part, fr->slots[k].buf, fr->slots[k].len);
		any |= fr->slots[k].len > 0;
	}
	if (any)
		fr_add_value(fr, attr, fr->part.buf, fr->part.len, line);
}

void fr_reset_slots(struct feed_reader *fr)
{
	for (size_t k = 0; k < fr->nslots; k++)
		strbuf_reset(&fr->slots[k]);
}

int fr_sub_index(const struct attribute *a, const char *name, size_t n)
{
	for (size_t k = 0; k < a->nsubattributes; k++)
		if (strlen(a->subattributes[k]) == n && !strncasecmp(a->subattributes[k], name, n))
			return (int)k;
	return -1;
}


static void free_columns(struct feed_reader *fr)
{
	for (size_t i = 0; i < fr->ncols; i++)
		free(fr->cols[i].subs);
	free(fr->cols);
	fr->cols = NULL;
	fr->ncols = 0;
}

/* What a reader holds once its feed is read (validate --feed and feed_read_rows alike). */
static void release_reader(struct feed_reader *fr)
{
	free_columns(fr);
	for (size_t k = 0; k < fr->nslots; k++)
		strbuf_release(&fr->slots[k]);
	free(fr->slots);
	strbuf_release(&fr->value);
	strbuf_release(&fr->part);
	strbuf_release(&fr->currency);
	free(fr->currency_completed);
	strmap_release(&fr->unknown);
	findings_release(&fr->findings);
	row_release(&fr->row);
}

void fr_set_currency(struct feed_reader *fr, const char *s, size_t n)
{
	fr_trim(&s, &n);
	strbuf_reset(&fr->currency);
	strbuf_add(&fr->currency, s, n);
}

/* 1 when s is a bare amount ("12", "12.50"): digits with at most one point. */
static int bare_amount(const char *s)
{
	int digits = 0, points = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '.' && !points++)
			;
		else
			return 0;
	}
	return digits > 0;
}

/* The row's currency column completes every bare price ("12.00" + "USD" -> "12.00 USD"); the
 * price rule then checks the result, ISO 4217 code included. */
static void complete_prices(struct feed_reader *fr)
{
	if (!fr->currency.len)
		return;
	for (size_t i = 0; i < fr->tpl->nattrs; i++) {
		struct strbuf *val = &fr->row.values[i];
		if (fr->tpl->attrs[i].kind != KIND_PRICE || !val->len || !bare_amount(val->buf))
			continue;
		strbuf_addch(val, ' ');
		strbuf_add(val, fr->currency.buf, fr->currency.len);
		fr->currency_completed[i]++;
	}
	strbuf_reset(&fr->currency);
}

/* After the last row: one warning per price attribute that the currency column completed. */
static void currency_summary(struct feed_reader *fr)
{
	for (size_t i = 0; i < fr->tpl->nattrs; i++)
		if (fr->currency_completed[i])
			fr_file_finding(fr, SEV_WARNING, "price-currency", fr->tpl->attrs[i].name, 0,
				     "no currency in %lu of %lu items; taken from the separate '%s' %s: combine them "
				     "(%s expects '12.00 USD' in %s itself)",
				     fr->currency_completed[i], fr->report->items_read, CURRENCY_NAME,
				     fr->cols ? "column" : "element", fr->tpl->title, fr->tpl->attrs[i].name);
}

void fr_finish_row(struct feed_reader *fr)
{
	struct report *rep = fr->report;

	complete_prices(fr);

	rep->items_read++;
	if (fr->each) {
		fr->stop = fr->each(fr->each_ctx, &fr->row);
		findings_clear(&fr->row.findings);
		return;
	}
	if (validate_row(&fr->v, &fr->row))
		rep->items_valid++;
	else
		rep->items_rejected++;
	report_take(rep, &fr->row.findings, NULL);
}

/* ---- opening and detection ---- */

/* A feed in UTF-16 that starts with '<' is XML, which libxml2 decodes itself; any other
 * UTF-16 feed, UTF-32 (libxml2 cannot read it), or binary data, is refused from its first
 * bytes with the one message. */
static int refuse_encoding(struct feed_reader *fr, const unsigned char *head, size_t n)
{
	enum text_form form = encoding_detect(head, n, NULL);
	struct strbuf m = STRBUF_INIT;

	if (!form || ((form == FORM_UTF16LE || form == FORM_UTF16BE) && encoding_first_char(head, n, form) == '<'))
		return 0;
	encoding_message(&m, "feed", fr->source, "a CSV, TSV or XML feed", head, n, form);
	msg_error("%s", m.buf);
	strbuf_release(&m);
	return EXIT_INPUT;
}

/* Copy a stream into an anonymous temporary file (stdin, a pipe or FIFO), so the format can
 * be detected and the file read from the start (gzip data is then read from the copy). */
static int spool(struct feed_reader *fr, FILE *in, FILE **out)
{
	FILE *tmp = tmpfile();
	char buf[65536];
	unsigned long long total = 0;
	size_t n;

	if (!tmp)
		return msg_fail(EXIT_INPUT, "feed %s: cannot create a temporary file: %s", msg_quote(fr->source), strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		/* refuse /dev/zero or a pipe of NUL bytes at once, not after 4 GB */
		if (!total && !(n >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b) &&
		    refuse_encoding(fr, (const unsigned char *)buf, n)) {
			fclose(tmp);
			return EXIT_INPUT;
		}
		total += n;
		if (total > GZIP_MAX || fwrite(buf, 1, n, tmp) != n) {
			fclose(tmp);
			return msg_fail(EXIT_INPUT, "feed %s: %s", msg_quote(fr->source),
					total > GZIP_MAX ? "larger than 4 GB" : "cannot write a temporary file");
		}
	}
	if (ferror(in)) {
		fclose(tmp);
		return msg_fail(EXIT_INPUT, "feed %s: read error", msg_quote(fr->source));
	}
	rewind(tmp);
	*out = tmp;
	return 0;
}

/* Open the gzip data of fp (a regular file or the spooled copy of a stream) through the source
 * opener's unpacker (source_gzip.c: streamed, checked, capped, so a gzip bomb costs neither
 * disk nor memory): the head is unpacked into head for detection; the caller rewinds. */
static int open_gzip(struct feed_reader *fr, FILE *fp, unsigned char *head, size_t cap, size_t *n, FILE **out)
{
	int rc;

	rewind(fp);
	if ((rc = source_gunzip("feed", fr->source, &fp))) {
		fclose(fp);
		return rc;
	}
	*n = fread(head, 1, cap, fp);
	if (ferror(fp)) {
		fclose(fp);
		return EXIT_INPUT; /* said by the unpacker */
	}
	*out = fp;
	return 0;
}

/* Detect the format from the first bytes: after an optional BOM, '<' is XML (also in UTF-16
 * or UTF-32, which libxml2 reads); else the first line that is not a '#' comment decides:
 * more tabs than commas is TSV, else CSV. */
static enum feed_kind detect(const unsigned char *buf, size_t n, int *bom)
{
	size_t i = 0, tabs = 0, commas = 0;
	enum text_form form = encoding_detect(buf, n, NULL);

	*bom = n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF;
	if (form != FORM_BINARY && encoding_first_char(buf, n, form) == '<')
		return FEED_XML;
	i = *bom ? 3 : 0;
	while (i < n && buf[i] == '#') {
		while (i < n && buf[i] != '\n')
			i++;
		i++;
	}
	for (; i < n && buf[i] != '\n' && buf[i] != '\r'; i++) {
		tabs += buf[i] == '\t';
		commas += buf[i] == ',';
	}
	return tabs > commas ? FEED_TSV : FEED_CSV;
}

static int open_feed(struct feed_reader *fr, const char *path, const struct fetch_options *fo, FILE **fpp,
		     enum feed_kind *kind, int *bom)
{
	unsigned char head[65536];
	FILE *fp;
	size_t n;
	int rc, seekable;

	/* a file, a URL (downloaded with the run's fetch options), standard input or a FIFO */
	if ((rc = source_open_raw("feed", path, fo, &fp, &seekable))) /* gzip: open_gzip() below */
		return rc;
	if (!seekable) {
		/* a pipe or FIFO (-, /dev/stdin, <(...)) cannot be rewound: spool it first */
		FILE *spooled = NULL;
		rc = spool(fr, fp, &spooled);
		source_close(fp);
		if (rc)
			return rc;
		fp = spooled;
	}
	n = fread(head, 1, sizeof(head), fp);
	if (ferror(fp)) {
		fclose(fp);
		return msg_fail(EXIT_INPUT, "cannot read feed %s: %s", msg_quote(path), strerror(errno));
	}
	if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b) {
		/* gzip (accepted by TikTok and Google): read through zlib as a stream */
		FILE *gzfp = NULL;
		rc = open_gzip(fr, fp, head, sizeof(head), &n, &gzfp);
		if (rc)
			return rc;
		fp = gzfp;
	}
	if (!n) {
		fclose(fp);
		return msg_fail(EXIT_INPUT, "feed %s is empty", msg_quote(path));
	}
	if ((rc = refuse_encoding(fr, head, n))) {
		fclose(fp);
		return rc;
	}
	*kind = detect(head, n, bom);
	rewind(fp); /* a gzip stream unpacks again from the start */
	*fpp = fp;
	return 0;
}

int feed_validate_file(struct run_config *cfg, struct report *report)
{
	struct feed_reader fr;
	enum feed_kind kind;
	FILE *fp = NULL;
	int bom = 0, rc;
	size_t maxsub = 0;

	memset(&fr, 0, sizeof(fr));
	fr.report = report;
	fr.source = cfg->feed;
	if (!(fr.tpl = template_load(cfg->channels[0])))
		return EXIT_USAGE;
	if ((rc = open_feed(&fr, cfg->feed, &cfg->fetch, &fp, &kind, &bom))) {
		template_free(fr.tpl);
		return rc;
	}
	if (msg_is_verbose())
		msg_info("reading %s as %s for %s", msg_quote(cfg->feed), feed_kind_names[kind], fr.tpl->title);
	for (size_t i = 0; i < fr.tpl->nattrs; i++)
		if (fr.tpl->attrs[i].nsubattributes > maxsub)
			maxsub = fr.tpl->attrs[i].nsubattributes;
	fr.nslots = maxsub;
	fr.slots = xcalloc(maxsub + 1, sizeof(*fr.slots));
	for (size_t k = 0; k < maxsub; k++)
		strbuf_init(&fr.slots[k]);
	validation_init(&fr.v, fr.tpl, 0);
	fr.v.check_recommended = 1;
	fr.currency_completed = xcalloc(fr.tpl->nattrs + 1, sizeof(*fr.currency_completed));
	row_init(&fr.row, fr.tpl);
	if (bom)
		fr_file_finding(&fr, SEV_WARNING, "bom", NULL, 1,
			     "the file starts with a UTF-8 byte-order mark%s; some platforms reject it (save as UTF-8 without BOM)",
			     kind == FEED_XML ? " before <?xml" : " before the header");
	if (kind == FEED_XML)
		rc = fr_read_xml(&fr, fp);
	else
		rc = fr_read_text(&fr, fp, kind == FEED_TSV ? '\t' : ',');
	fclose(fp);
	currency_summary(&fr);
	{
		struct findings summary = FINDINGS_INIT;
		validation_summary(&fr.v, &summary);
		for (size_t k = 0; k < summary.n; k++)
			summary.v[k].source = xstrdup(cfg->feed);
		report_take(report, &summary, NULL);
		findings_release(&summary);
	}
	release_reader(&fr);
	validation_release(&fr.v);
	template_free(fr.tpl);
	return rc;
}

/* ---- counting (the safety guard's "the feed it replaces") ---- */

int feed_count_items(const char *path, unsigned long *n)
{
	struct feed_reader fr;
	struct stat st;
	enum feed_kind kind;
	FILE *fp = NULL;
	int bom, rc;

	*n = 0;
	if (!stat(path, &st) && S_ISREG(st.st_mode) && !st.st_size)
		return 0;
	memset(&fr, 0, sizeof(fr));
	fr.source = path;
	if ((rc = open_feed(&fr, path, NULL, &fp, &kind, &bom)))
		return rc;
	if (kind == FEED_XML)
		rc = fr_count_xml(path, fp, n);
	else
		rc = fr_count_text(path, fp, kind == FEED_TSV ? '\t' : ',', n);
	fclose(fp);
	return rc;
}

/* ---- rows for other readers (feedgen diff: feed_diff.h) ---- */

/* The reader of feed_read_rows() and feed_read_rows_stream() on an opened feed of this kind. */
static int read_rows(struct feed_reader *fr, FILE *fp, enum feed_kind kind)
{
	const struct template *tpl = fr->tpl;
	size_t maxsub = 0;

	for (size_t i = 0; i < tpl->nattrs; i++)
		if (tpl->attrs[i].nsubattributes > maxsub)
			maxsub = tpl->attrs[i].nsubattributes;
	fr->nslots = maxsub;
	fr->slots = xcalloc(maxsub + 1, sizeof(*fr->slots));
	for (size_t k = 0; k < maxsub; k++)
		strbuf_init(&fr->slots[k]);
	fr->currency_completed = xcalloc(tpl->nattrs + 1, sizeof(*fr->currency_completed));
	row_init(&fr->row, tpl);
	return kind == FEED_XML ? fr_read_xml(fr, fp) : fr_read_text(fr, fp, kind == FEED_TSV ? '\t' : ',');
}

int feed_read_rows(const char *path, const struct template *tpl, feed_row_fn fn, void *ctx, const char **kind_name)
{
	struct feed_reader fr;
	struct report report;
	struct stat st;
	enum feed_kind kind;
	FILE *fp = NULL;
	int bom = 0, rc;

	if (kind_name)
		*kind_name = "empty";
	if (!stat(path, &st) && S_ISREG(st.st_mode) && !st.st_size)
		return 0; /* an empty file: a feed of no items, as feed_count_items() says */
	memset(&fr, 0, sizeof(fr));
	report_init(&report, "diff");
	report.max_kept = 0; /* notes about the file (unknown columns) are not the caller's concern */
	fr.report = &report;
	fr.source = path;
	fr.tpl = tpl;
	fr.each = fn;
	fr.each_ctx = ctx;
	if ((rc = open_feed(&fr, path, NULL, &fp, &kind, &bom))) {
		report_release(&report);
		return rc;
	}
	if (kind_name)
		*kind_name = feed_kind_names[kind];
	rc = read_rows(&fr, fp, kind);
	fclose(fp);
	release_reader(&fr);
	report_release(&report);
	return rc;
}

int feed_read_rows_stream(FILE *fp, const char *source, const struct template *tpl, feed_row_fn fn, void *ctx,
			  const char **kind_name)
{
	unsigned char head[65536]; /* for detection only */
	struct feed_reader fr;
	struct report report;
	enum feed_kind kind;
	size_t n;
	int bom = 0, rc;

	if (kind_name)
		*kind_name = "empty";
	memset(&fr, 0, sizeof(fr));
	fr.source = source;
	n = fread(head, 1, sizeof(head), fp);
	if (ferror(fp))
		return msg_fail(EXIT_INPUT, "cannot read %s: %s", msg_quote(source), strerror(errno ? errno : EIO));
	if (!n)
		return 0;
	if ((rc = refuse_encoding(&fr, head, n)))
		return rc;
	kind = detect(head, n, &bom);
	rewind(fp);
	if (kind_name)
		*kind_name = feed_kind_names[kind];
	report_init(&report, "diff");
	report.max_kept = 0;
	fr.report = &report;
	fr.tpl = tpl;
	fr.each = fn;
	fr.each_ctx = ctx;
	rc = read_rows(&fr, fp, kind);
	release_reader(&fr);
	report_release(&report);
	return rc;
}
