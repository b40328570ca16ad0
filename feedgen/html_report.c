/* html_report.c: what the HTML report needs, collected as the items pass (html_report.h),
 * and the page written atomically once the run is over (rendered by html_page.c).
 * Owns: struct html_report's feeds and the strings copied into them. */
#include "html_report.h"
#include "alloc.h"
#include "html_page.h"
#include "msg.h"
#include "output.h"
#include "summary.h"
#include <stdlib.h>
#include <string.h>

void html_report_init(struct html_report *h, const char *command, long low_stock)
{
	long top = 2 * low_stock;

	memset(h, 0, sizeof(*h));
	h->command = command;
	h->start = summary_now();
	h->low_stock = low_stock;
	h->stock_top = top < HTML_STOCK_TOP_MIN ? HTML_STOCK_TOP_MIN : top > HTML_STOCK_TOP_MAX ? HTML_STOCK_TOP_MAX : top;
}

static void preview_release(struct html_preview *p)
{
	char **s[] = { &p->id, &p->title, &p->price, &p->sale_price, &p->message, &p->urgency, &p->voucher, &p->image };

	for (size_t i = 0; i < sizeof(s) / sizeof(*s); i++) {
		free(*s[i]);
		*s[i] = NULL;
	}
	p->set = 0;
}

void html_report_release(struct html_report *h)
{
	for (size_t i = 0; i < h->nfeeds; i++) {
		free(h->feeds[i].name);
		free(h->feeds[i].channel);
		free(h->feeds[i].voucher);
		preview_release(&h->feeds[i].preview);
	}
	free(h->feeds);
	h->feeds = NULL;
	h->nfeeds = h->alloc = 0;
}

/* "BACK10, 10% off" / "unique codes of campaign X, 5.00 EUR off", or NULL: no voucher here. */
static char *voucher_text(const struct retarget *r)
{
	struct strbuf sb = STRBUF_INIT;

	if (!r->active || !r->voucher.code)
		return NULL;
	if (r->voucher.unique)
		strbuf_addf(&sb, "unique codes %s-…", r->voucher.code);
	else
		strbuf_addstr(&sb, r->voucher.code);
	if (r->voucher.percent)
		strbuf_addf(&sb, ", %ld%% off", r->voucher.percent);
	else if (r->voucher.amount) {
		strbuf_addstr(&sb, ", ");
		money_format(&sb, r->voucher.amount, r->decimals, r->currency ? r->currency : "");
		strbuf_addstr(&sb, " off");
	}
	return strbuf_detach(&sb, NULL);
}

void html_report_add_feed(struct html_report *h, const char *name, const char *channel, const struct run_config *cfg)
{
	struct html_feed *f;

	if (h->nfeeds == h->alloc) {
		h->alloc = h->alloc ? 2 * h->alloc : 8;
		h->feeds = xrealloc(h->feeds, h->alloc * sizeof(*h->feeds));
	}
	f = &h->feeds[h->nfeeds++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	f->channel = xstrdup(channel ? channel : "");
	f->segment = cfg->retarget.segment;
	f->voucher = voucher_text(&cfg->retarget);
	f->message_field = cfg->retarget.message_field;
	f->urgency_field = cfg->urgency.text_field;
	f->code_field = cfg->retarget.code_field;
	f->previous = -1;
}

void html_report_previous(struct html_report *h, const json_t *manifest)
{
	json_t *feeds = json_object_get(manifest, "feeds"), *f;
	size_t k;

	json_array_foreach(feeds, k, f) {
		const char *name = json_string_value(json_object_get(f, "name"));
		json_t *items = json_object_get(f, "items");
		for (size_t i = 0; name && json_is_integer(items) && i < h->nfeeds; i++)
			if (!strcmp(h->feeds[i].name, name))
				h->feeds[i].previous = (long)json_integer_value(items);
	}
}

static int has_warning(const struct findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].severity == SEV_WARNING)
			return 1;
	for (size_t i = 0; i < f->ndropped; i++)
		if (f->dropped[i].severity == SEV_WARNING)
			return 1;
	return 0;
}

void html_report_catalog_item(struct html_report *h, const struct item *it)
{
	h->collected = 1;
	h->item_warned = has_warning(&it->findings);
	if (it->stock != STOCK_TRACKED)
		h->untracked++;
	else if (it->quantity <= 0)
		h->stock[0]++;
	else if (it->quantity > h->stock_top)
		h->stock[h->stock_top + 1]++;
	else
		h->stock[it->quantity]++;
}

static char *copy_field(const struct item *it, enum item_field f)
{
	return xstrdup(item_get(it, f));
}

void html_report_feed_item(struct html_report *h, size_t feed, const struct item *it, const struct findings *row,
			   int valid)
{
	struct html_feed *f;

	if (feed >= h->nfeeds)
		return;
	f = &h->feeds[feed];
	if (!valid) {
		f->rejected++;
		return;
	}
	if (h->item_warned || has_warning(&it->findings) || has_warning(row))
		f->warned++;
	else
		f->valid++;
	if (f->preview.set || f->segment == SEGMENT_NONE)
		return;
	f->preview.set = 1;
	f->preview.id = copy_field(it, ITEM_ID);
	f->preview.title = copy_field(it, ITEM_TITLE);
	f->preview.price = copy_field(it, ITEM_PRICE);
	f->preview.sale_price = copy_field(it, ITEM_SALE_PRICE);
	f->preview.message = copy_field(it, f->message_field);
	f->preview.urgency = copy_field(it, f->urgency_field);
	f->preview.voucher = copy_field(it, f->code_field);
	f->preview.image = copy_field(it, ITEM_IMAGE_LINK);
}

static int write_page(const struct html_report *h, const struct html_headline *hl, const struct report *r,
		      const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct output o;
	int rc;

	html_page_render(&sb, h, hl, r);
	if (!(rc = output_open(&o, path))) {
		output_write(&o, sb.buf, sb.len);
		rc = output_commit(&o);
	}
	strbuf_release(&sb);
	return rc;
}

int html_report_write_build(const struct html_report *h, const struct run_summary *s, const char *path)
{
	struct html_headline hl = { .command = "build", .exit_status = s->exit_status };
	unsigned long *counts;
	int rc;

	hl.result = s->skipped ? "skipped" : s->published ? "published" : s->exit_status == EXIT_REFUSED ? "refused" : "failed";
	for (size_t i = 0; i < s->nfeeds; i++) {
		hl.items_written += s->feeds[i].written;
		hl.rejected += s->feeds[i].rejected;
	}
	hl.items_read = s->report->items_read;
	hl.errors = s->report->errors;
	hl.warnings = s->report->warnings;
	hl.duration = s->read_s + s->write_s + s->guard_s + s->publish_s;
	counts = xcalloc(2 * s->nfeeds + 1, sizeof(*counts));
	for (size_t i = 0; i < s->nfeeds; i++) {
		counts[2 * i] = s->feeds[i].written;
		counts[2 * i + 1] = s->feeds[i].rejected;
	}
	hl.feed_counts = counts;
	hl.nfeed_counts = s->nfeeds;
	rc = write_page(h, &hl, s->report, path);
	free(counts);
	return rc;
}

int html_report_finish_build(const struct html_report *h, const struct run_summary *s, const char *path, int rc)
{
	int hrc = path ? html_report_write_build(h, s, path) : 0;

	return rc ? rc : hrc;
}

int html_report_write_validate(const struct html_report *h, const struct report *r, int exit_status, const char *path)
{
	struct html_headline hl = { .command = "validate", .exit_status = exit_status };
	unsigned long counts[2] = { r->items_valid, r->items_rejected }; /* validate --feed: one feed */

	hl.result = !exit_status ? "valid" : exit_status == EXIT_FINDINGS ? "findings" : "failed";
	hl.items_read = r->items_read;
	hl.items_written = r->items_valid;
	hl.rejected = r->items_rejected;
	hl.errors = r->errors;
	hl.warnings = r->warnings;
	hl.duration = summary_now() - h->start;
	if (h->nfeeds == 1) {
		hl.feed_counts = counts;
		hl.nfeed_counts = 1;
	}
	return write_page(h, &hl, r, path);
}
