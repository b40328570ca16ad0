/* pipeline.c: the stages in the order data meets them, one item at a time (see pipeline.h).
 * Owns: struct pipeline and its channel runs. */
#include "pipeline.h"
#include "alloc.h"
#include "input.h"
#include "msg.h"
#include "normalize_dialects.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The item sink: enrich, then per channel: map, validate, write or reject. */
static int on_item(void *arg, struct item *it)
{
	struct pipeline *p = arg;
	int item_error, valid_everywhere = 1, wrote = 0, rc;

	p->report->items_read++;
	enrich_urgency(&p->cfg->urgency, it);
	/* retargeting (issue 5): segment and voucher, then the exclusivity guard over the whole item */
	if ((rc = retarget_item(&p->cfg->retarget, &p->cfg->urgency, it)) || (rc = retarget_guard(&p->cfg->retarget, it)))
		return rc;
	/* an error found while normalising (unparsable price, ...) rejects the item everywhere */
	item_error = findings_has_error(&it->findings);
	for (size_t i = 0; i < p->nchannels; i++) {
		struct channel_run *ch = &p->channels[i];
		row_from_item(&ch->row, it);
		if (validate_row(&ch->validation, &ch->row) && !item_error) {
			if (ch->writing) {
				feed_writer_row(&ch->writer, &ch->row);
				wrote = 1;
			}
			ch->written++;
		} else {
			ch->rejected++;
			valid_everywhere = 0;
		}
	}
	report_take(p->report, &it->findings, NULL);
	for (size_t i = 0; i < p->nchannels; i++)
		report_take(p->report, &p->channels[i].row.findings, p->nchannels > 1 ? p->channels[i].tpl->channel : NULL);
	if (wrote)
		retarget_item_written(&p->cfg->retarget, it); /* issue 5: voucher codes file, promotion count */
	if (valid_everywhere)
		p->report->items_valid++;
	else
		p->report->items_rejected++;
	return 0;
}

static int on_record(void *arg, json_t *record, const char *source, long line)
{
	struct pipeline *p = arg;
	json_t *snap = json_object_get(record, "feedgen_snapshot");

	if (snap) {
		const char *src = json_string_value(json_object_get(record, "source"));
		int d = src ? dialect_from_name(src) : -1;
		if (d < 0)
			return msg_fail(EXIT_INPUT, "catalog %s line %ld: snapshot of unknown source %s", msg_quote(source), line,
					msg_quote(src ? src : "(none)"));
		p->dialect = (enum dialect)d;
		return 0;
	}
	switch (p->dialect) {
	case DIALECT_WOOCOMMERCE:
		return normalize_woocommerce_product(&p->norm, record, source, line);
	case DIALECT_TIKTOKSHOP:
		return normalize_tiktokshop_product(&p->norm, record, source, line);
	default:
		return normalize_shopify_product(&p->norm, record, source, line);
	}
}

/* Open (URLs: fetch) every catalog before any output exists: a missing file or a FIFO nobody
 * writes to (input_open waits up to --timeout) fails the run with nothing created. */
static int open_catalogs(struct pipeline *p)
{
	struct run_config *cfg = p->cfg;
	int rc, regular;

	p->catalog_fp = xcalloc(cfg->ncatalogs + 1, sizeof(*p->catalog_fp));
	p->catalog_regular = xcalloc(cfg->ncatalogs + 1, 1);
	for (size_t i = 0; i < cfg->ncatalogs; i++) {
		const char *path = cfg->catalogs[i];
		struct stat st;
		regular = 0;
		rc = 0;
		if (fetch_is_url(path))
			rc = fetch_open_url(&cfg->fetch, path, &p->catalog_fp[i]);
		else if (!strcmp(path, "-"))
			p->catalog_fp[i] = stdin;
		else
			rc = input_open("catalog", path, &p->catalog_fp[i], &regular);
		if (rc)
			return rc;
		/* a spooled download, or stdin redirected from a file, is seekable too */
		if ((fetch_is_url(path) || !strcmp(path, "-")) && !fstat(fileno(p->catalog_fp[i]), &st))
			regular = S_ISREG(st.st_mode);
		p->catalog_regular[i] = (unsigned char)regular;
	}
	return 0;
}

int pipeline_open(struct pipeline *p, struct run_config *cfg, struct report *report, int write)
{
	int rc;

	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	input_set_timeout(cfg->fetch.timeout);
	p->report = report;
	p->dialect = cfg->catalog_type ? (enum dialect)dialect_from_name(cfg->catalog_type) : DIALECT_SHOPIFY;
	if (cfg->fetch.source)
		p->dialect = fetch_source_dialect(&cfg->fetch);
	p->channels = xcalloc(cfg->nchannels, sizeof(*p->channels));
	for (size_t i = 0; i < cfg->nchannels; i++) {
		struct channel_run *ch = &p->channels[i];
		if (!(ch->tpl = template_load(cfg->channels[i])))
			return EXIT_USAGE;
		p->nchannels++;
		validation_init(&ch->validation, ch->tpl, 1);
		ch->validation.check_recommended = !write;
		row_init(&ch->row, ch->tpl);
	}
	if (cfg->inventory || cfg->fetch.inventory_from_shop) {
		p->inv = inventory_new();
		if (cfg->inventory) {
			struct findings f = FINDINGS_INIT;
			rc = inventory_load(p->inv, cfg->inventory, &cfg->inventory_opt, &f);
			report_take(report, &f, NULL);
			findings_release(&f);
			if (rc)
				return rc;
		}
	}
	normalizer_init(&p->norm, &cfg->norm, p->inv, on_item, p);
	if ((rc = open_catalogs(p)))
		return rc;
	if (write) {
		struct channel_run *ch = &p->channels[0];
		struct feed_meta meta = { cfg->feed_title, cfg->norm.shop_url, NULL };
		int format = cfg->format >= 0 ? cfg->format : feed_format_from_path(cfg->output);
		if (format < 0)
			format = FORMAT_CSV;
		if ((rc = output_open(&ch->out, cfg->output)))
			return rc;
		ch->writing = 1;
		feed_writer_begin(&ch->writer, (enum feed_format)format, ch->tpl, &ch->out, &meta);
		if ((rc = retarget_open(&cfg->retarget))) /* issue 5: --voucher-codes-output */
			return rc;
	}
	return 0;
}

static int read_catalog(struct pipeline *p, size_t i)
{
	const char *path = p->cfg->catalogs[i];
	FILE *fp = p->catalog_fp[i];
	int rc, bulk = 0;

	/* bulk exports need two passes (children come in any order): only from a seekable file */
	if (p->dialect == DIALECT_SHOPIFY && p->catalog_regular[i])
		bulk = shopify_bulk_sniff(fp);
	if (bulk < 0)
		rc = msg_fail(EXIT_INPUT, "cannot read catalog %s: %s", msg_quote(path), strerror(errno ? errno : EIO));
	else if (bulk)
		rc = shopify_bulk_stream(fp, path, on_record, p);
	else
		rc = (p->cfg->threads > 1 ? catalog_stream_threaded : catalog_stream_lenient)(fp, path, 0, on_record, p,
										 &p->norm.findings);
	if (fp != stdin)
		fclose(fp);
	p->catalog_fp[i] = NULL;
	return rc;
}

int pipeline_run(struct pipeline *p)
{
	int rc = 0;

	if (p->cfg->fetch.source)
		rc = fetch_source_records(&p->cfg->fetch, p->inv, on_record, p);
	for (size_t i = 0; !rc && i < p->cfg->ncatalogs; i++)
		rc = read_catalog(p, i);
	if (!rc) {
		report_take(p->report, &p->norm.findings, NULL);
		for (size_t i = 0; i < p->nchannels; i++) {
			struct findings f = FINDINGS_INIT;
			validation_summary(&p->channels[i].validation, &f);
			report_take(p->report, &f, p->nchannels > 1 ? p->channels[i].tpl->channel : NULL);
			findings_release(&f);
		}
		if (p->inv && p->cfg->inventory) {
			struct findings f = FINDINGS_INIT;
			inventory_report_unused(p->inv, &f);
			report_take(p->report, &f, NULL);
			findings_release(&f);
		}
	}
	p->report->records_skipped = p->norm.skipped_records;
	return rc;
}

int pipeline_close(struct pipeline *p, int ok)
{
	int rc = 0;

	for (size_t i = 0; i < p->nchannels; i++) {
		struct channel_run *ch = &p->channels[i];
		if (ch->writing) {
			int wrc = feed_writer_end(&ch->writer);
			if (ok && !wrc)
				rc = output_commit(&ch->out);
			else {
				if (ok && wrc)
					rc = msg_fail(EXIT_OUTPUT, "cannot write %s: %s%s", msg_quote(p->cfg->output),
						      strerror(ch->out.err), ch->out.direct ? "" : " (the previous file is untouched)");
				output_abort(&ch->out);
			}
			feed_writer_release(&ch->writer);
		}
		row_release(&ch->row);
		validation_release(&ch->validation);
		template_free(ch->tpl);
	}
	if (p->cfg) { /* issue 5: voucher codes and promotions feed, only when the feed was published */
		int rrc = retarget_close(&p->cfg->retarget, ok && !rc);
		if (!rc)
			rc = rrc;
	}
	for (size_t i = 0; p->catalog_fp && p->cfg && i < p->cfg->ncatalogs; i++)
		if (p->catalog_fp[i] && p->catalog_fp[i] != stdin)
			fclose(p->catalog_fp[i]);
	free(p->catalog_fp);
	free(p->catalog_regular);
	p->catalog_fp = NULL;
	p->catalog_regular = NULL;
	free(p->channels);
	p->channels = NULL;
	normalizer_release(&p->norm);
	inventory_free(p->inv);
	p->inv = NULL;
	return rc;
}
