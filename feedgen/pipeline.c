/* pipeline.c: the stages in the order data meets them, one item at a time (see pipeline.h).
 * Owns: struct pipeline and its channel runs. */
#include "pipeline.h"
#include "alloc.h"
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
	/* a record without the dialect's shape is skipped; a file of them gets one message */
	if (!shape_check(&p->shape, p->dialect, record, source, line, &p->norm.findings)) {
		p->norm.records++;
		p->norm.skipped_records++;
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

int pipeline_open(struct pipeline *p, struct run_config *cfg, struct report *report, int write)
{
	int rc;

	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
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

static int is_regular_file(FILE *fp)
{
	struct stat st;

	return fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
}

static int is_directory(FILE *fp)
{
	struct stat st;

	return fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode);
}

static int read_catalog(struct pipeline *p, const char *path)
{
	FILE *fp;
	int rc;

	if (fetch_is_url(path)) {
		if ((rc = fetch_open_url(&p->cfg->fetch, path, &fp)))
			return rc;
	} else if (!strcmp(path, "-")) {
		fp = stdin;
	} else if (!(fp = fopen(path, "rb"))) {
		return msg_fail(EXIT_INPUT, "cannot open catalog %s: %s", msg_quote(path), strerror(errno));
	} else if (is_directory(fp)) {
		fclose(fp);
		return msg_fail(EXIT_INPUT, "catalog %s is a directory: expected a JSON catalog file", msg_quote(path));
	}
	/* bulk exports need two passes (children come in any order): only from a seekable file */
	if (p->dialect == DIALECT_SHOPIFY && is_regular_file(fp) && shopify_bulk_sniff(fp))
		rc = shopify_bulk_stream(fp, path, on_record, p);
	else
		rc = (p->cfg->threads > 1 ? catalog_stream_threaded : catalog_stream_lenient)(fp, path, 0, on_record, p,
										 &p->norm.findings);
	if (fp != stdin)
		fclose(fp);
	if (!rc)
		rc = shape_finish(&p->shape, p->dialect, path, &p->norm.findings);
	return rc;
}

int pipeline_run(struct pipeline *p)
{
	int rc = 0;

	if (p->cfg->fetch.source && !(rc = fetch_source_records(&p->cfg->fetch, p->inv, on_record, p)))
		rc = shape_finish(&p->shape, p->dialect, p->cfg->fetch.source, &p->norm.findings);
	for (size_t i = 0; !rc && i < p->cfg->ncatalogs; i++)
		rc = read_catalog(p, p->cfg->catalogs[i]);
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
				output_abort(&ch->out);
				if (ok && wrc)
					rc = msg_fail(EXIT_OUTPUT, "cannot write the feed: %s (the previous file is untouched)",
						      strerror(ch->out.err));
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
	free(p->channels);
	p->channels = NULL;
	normalizer_release(&p->norm);
	shape_tally_release(&p->shape);
	inventory_free(p->inv);
	p->inv = NULL;
	return rc;
}
