/* html_page.c: the HTML report's page (html_page.h): one self-contained document, inline CSS
 * and SVG, no script, no font, no image fetched. Product images in the ad previews are drawn
 * as a placeholder box with the image URL as text: an <img> would be a request to the shop's
 * CDN from whoever opens the page (CI viewer, e-mail client).
 * Owns: nothing; every string from catalog data goes through html_escape(). */
#include "html_page.h"
#include "html_report.h"
#include "html_svg.h"
#include "alloc.h"
#include "dates.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void html_escape(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		case '\'': strbuf_addstr(out, "&#39;"); break;
		default:
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
				strbuf_addstr(out, "\xEF\xBF\xBD");
			else
				strbuf_addch(out, c);
		}
	}
}

static const char style[] =
	":root{--ok:#2e7d32;--warn:#f9a825;--rej:#c62828;--ink:#1c1f24;--mute:#5f6670;--line:#d9dde3}"
	"*{box-sizing:border-box}"
	"body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);background:#f5f6f8}"
	"main{max-width:1040px;margin:0 auto;padding:16px}"
	"h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:0 0 .6em}"
	"section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:14px 0}"
	".meta,.note{color:var(--mute);font-size:.9em}"
	".stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px;margin:0}"
	".stats div{border:1px solid var(--line);border-radius:6px;padding:8px 10px}"
	".stats dt{color:var(--mute);font-size:.85em}.stats dd{margin:0;font-size:1.45em;font-weight:600}"
	".r-published,.r-valid{color:var(--ok)}.r-refused,.r-failed,.r-findings{color:var(--rej)}.r-skipped{color:var(--mute)}"
	".scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.92em}"
	"th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
	"svg.bar{display:block;max-width:100%}svg .valid{fill:var(--ok)}svg .warn{fill:var(--warn)}svg .rej{fill:var(--rej)}svg .none{fill:#e6e8eb}"
	".legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}"
	"svg.hist{width:100%;max-width:760px;height:auto}svg .stock{fill:#607d8b}svg .low{fill:var(--warn)}"
	"svg .axis{stroke:#888}svg .mark{stroke:var(--rej);stroke-dasharray:4 3}"
	"svg text{font-size:10px;text-anchor:middle;fill:var(--mute)}svg text.m{text-anchor:start;fill:var(--rej)}"
	".funnel{display:flex;flex-direction:column;align-items:center;gap:6px}"
	".stage{background:#e8eef7;border-radius:6px;padding:8px 12px;text-align:center}"
	".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px}"
	".ad{border:1px solid var(--line);border-radius:10px;overflow:hidden;background:#fff;break-inside:avoid}"
	".ad-img{height:110px;background:#eceff1;display:flex;flex-direction:column;align-items:center;justify-content:center;padding:8px}"
	".ad-img .url{font-size:.72em;color:var(--mute);word-break:break-all;text-align:center;margin-top:4px}"
	".ad-body{padding:10px 12px}.ad-seg{font-size:.78em;color:var(--mute);text-transform:uppercase;margin:0}"
	".ad-title{font-size:1em;margin:.2em 0}.ad-price s{color:var(--mute);margin-right:6px}.ad-price b{color:var(--rej)}"
	".ad-msg{margin:.3em 0;font-size:.9em}.ad-urg{color:#e65100;font-weight:600;margin:.3em 0;font-size:.9em}"
	".ad-voucher{display:inline-block;border:1px dashed var(--ok);color:var(--ok);padding:1px 6px;border-radius:4px;font-size:.85em}"
	".ad-btn{display:block;margin-top:10px;background:#1565c0;color:#fff;text-align:center;padding:7px;border-radius:6px;font-weight:600}"
	".sev-error{color:var(--rej)}.sev-warning{color:#a66d00}code{font-size:.9em}"
	"details summary{cursor:pointer;color:#1565c0;margin:.4em 0}"
	"@media (max-width:600px){main{padding:8px}section{padding:10px}.stats dd{font-size:1.2em}}"
	"@media print{body{background:#fff}section{border:0;padding:0;margin:10px 0;break-inside:avoid-page}"
	".ad-btn{border:1px solid #1565c0}details{display:block}}";

static void add_count(struct strbuf *out, unsigned long n)
{
	strbuf_add_count(out, n);
}

static void stat(struct strbuf *out, const char *id, const char *label, unsigned long n)
{
	strbuf_addf(out, "<div><dt>%s</dt><dd id=\"%s\" data-value=\"%lu\">", label, id, n);
	add_count(out, n);
	strbuf_addstr(out, "</dd></div>");
}

static void headline(struct strbuf *out, const struct html_report *h, const struct html_headline *hl)
{
	time_t t = (time_t)dates_run_time();
	struct tm tm;
	char when[32];
	int build = !strcmp(hl->command, "build");

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	strbuf_addf(out, "<header><h1>Feed health report</h1><p class=\"meta\">feedgen %s &middot; %s &middot; exit %d</p></header>\n",
		    hl->command, when, hl->exit_status);
	strbuf_addstr(out, "<section id=\"headline\"><h2>Run</h2><dl class=\"stats\">");
	stat(out, "h-feeds", "Feeds", (unsigned long)h->nfeeds);
	stat(out, "h-read", "Catalog items", hl->items_read);
	stat(out, "h-items", build ? "Items written" : "Valid items", hl->items_written);
	stat(out, "h-rejected", build ? "Rejected" : "Items with errors", hl->rejected);
	stat(out, "h-errors", "Errors", hl->errors);
	stat(out, "h-warnings", "Warnings", hl->warnings);
	strbuf_addf(out, "<div><dt>Result</dt><dd id=\"h-result\" class=\"r-%s\">%s</dd></div>", hl->result, hl->result);
	strbuf_addf(out, "<div><dt>Duration</dt><dd id=\"h-duration\" class=\"dur\">%.1f s</dd></div>", hl->duration);
	strbuf_addstr(out, "</dl></section>\n");
}

/* A feed's valid / warning / rejected items: counted item by item, or the run's counts. */
static void feed_counts(const struct html_report *h, const struct html_headline *hl, size_t i, unsigned long v[3])
{
	const struct html_feed *f = &h->feeds[i];

	v[0] = f->valid;
	v[1] = f->warned;
	v[2] = f->rejected;
	if (!h->collected && hl->feed_counts && i < hl->nfeed_counts) {
		v[0] = hl->feed_counts[2 * i];
		v[1] = 0;
		v[2] = hl->feed_counts[2 * i + 1];
	}
}

static void change_cell(struct strbuf *out, const struct html_feed *f, unsigned long now)
{
	strbuf_addstr(out, "<td class=\"n\">");
	if (f->previous >= 0) {
		long d = (long)now - f->previous;
		add_count(out, (unsigned long)f->previous);
		strbuf_addf(out, " <span class=\"note\">(%s%ld)</span>", d > 0 ? "+" : "", d);
	} else {
		strbuf_addstr(out, "<span class=\"note\">&ndash;</span>");
	}
	strbuf_addstr(out, "</td>");
	if (f->change.known)
		strbuf_addf(out, "<td>+%lu added, &minus;%lu removed, %lu price, %lu availability</td>", f->change.added,
			    f->change.removed, f->change.price_changed, f->change.availability_changed);
}

static void feeds_section(struct strbuf *out, const struct html_report *h, const struct html_headline *hl)
{
	int changes = 0;

	for (size_t i = 0; i < h->nfeeds; i++)
		changes |= h->feeds[i].change.known;
	strbuf_addstr(out, "<section id=\"feeds\"><h2>Feeds</h2><p class=\"legend note\"><span><i class=\"lv\" style=\"background:#2e7d32\"></i>valid</span>"
			   "<span><i style=\"background:#f9a825\"></i>valid with warnings</span><span><i style=\"background:#c62828\"></i>rejected</span></p>"
			   "<div class=\"scroll\"><table><thead><tr><th>Feed</th><th>Channel</th><th>Segment</th><th>Items</th>"
			   "<th class=\"n\">Valid</th><th class=\"n\">Warnings</th><th class=\"n\">Rejected</th><th class=\"n\">Previous run</th>");
	if (changes)
		strbuf_addstr(out, "<th>Change</th>");
	strbuf_addstr(out, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < h->nfeeds; i++) {
		const struct html_feed *f = &h->feeds[i];
		unsigned long v[3];
		feed_counts(h, hl, i, v);
		strbuf_addstr(out, "<tr data-feed=\"");
		html_escape(out, f->name);
		strbuf_addf(out, "\" data-items=\"%lu\" data-rejected=\"%lu\" data-previous=\"%ld\"><td>", v[0] + v[1], v[2],
			    f->previous);
		html_escape(out, f->name);
		strbuf_addstr(out, "</td><td>");
		html_escape(out, f->channel);
		strbuf_addf(out, "</td><td>%s</td><td>", f->segment ? segment_name(f->segment) : "prospecting");
		svg_stacked_bar(out, v, 160, 14);
		strbuf_addf(out, "</td><td class=\"n\">%lu</td><td class=\"n\">%lu</td><td class=\"n\">%lu</td>", v[0], v[1], v[2]);
		change_cell(out, f, v[0] + v[1]);
		if (changes && !f->change.known)
			strbuf_addstr(out, "<td></td>");
		strbuf_addstr(out, "</tr>\n");
	}
	strbuf_addstr(out, "</tbody></table></div></section>\n");
}

static void stock_section(struct strbuf *out, const struct html_report *h)
{
	size_t n = (size_t)h->stock_top + 2;
	char (*labels)[24] = xcalloc(n, sizeof(*labels));
	const char **lp = xcalloc(n, sizeof(*lp));
	unsigned long low = 0, tracked = 0;
	struct svg_histogram g = { h->stock, lp, n, 1, 0, NULL };
	char marker[48];

	for (size_t i = 0; i < n; i++) {
		if (i + 1 == n)
			snprintf(labels[i], sizeof(labels[i]), "%ld+", h->stock_top + 1);
		else
			snprintf(labels[i], sizeof(labels[i]), "%zu", i);
		lp[i] = labels[i];
		tracked += h->stock[i];
		if (i >= 1 && (long)i <= h->low_stock && i + 1 < n)
			low += h->stock[i];
	}
	if (h->low_stock > 0) {
		g.low_to = (size_t)(h->low_stock < h->stock_top ? h->low_stock : h->stock_top);
		snprintf(marker, sizeof(marker), "low stock: 1 to %ld", h->low_stock);
		g.marker = marker;
	}
	strbuf_addstr(out, "<section id=\"stock\"><h2>Stock</h2>");
	if (!tracked) {
		strbuf_addstr(out, "<p class=\"note\">No item of this run has tracked stock.</p></section>\n");
		goto out;
	}
	svg_draw_histogram(out, &g);
	strbuf_addf(out, "<p class=\"note\"><span id=\"s-low\" data-value=\"%lu\">", low);
	add_count(out, low);
	strbuf_addf(out, "</span> of %lu catalog items with tracked stock are low in stock (1 to %ld, --low-stock), ", tracked,
		    h->low_stock);
	add_count(out, h->stock[0]);
	strbuf_addstr(out, " are out of stock; ");
	add_count(out, h->untracked);
	strbuf_addstr(out, " do not track stock.</p></section>\n");
out:
	free(lp);
	free(labels);
}

static void funnel_section(struct strbuf *out, const struct html_report *h)
{
	static const char *const stage[SEGMENT_COUNT] = { "Prospecting", "Viewers", "Cart abandoners", "Checkout drop-offs" };
	static const char *const who[SEGMENT_COUNT] = { "new audiences", "viewed a product", "added to cart, did not buy",
							"started checkout, did not finish" };
	int any = 0;

	for (size_t i = 0; i < h->nfeeds; i++)
		any |= h->feeds[i].segment != SEGMENT_NONE;
	if (!any)
		return;
	strbuf_addstr(out, "<section id=\"funnel\"><h2>Retargeting funnel</h2><div class=\"funnel\">\n");
	for (int s = 0; s < SEGMENT_COUNT; s++) {
		int first = 1;
		strbuf_addf(out, "<div class=\"stage\" style=\"width:%d%%\"><b>%s</b> <span class=\"note\">(%s)</span><br>", 100 - 14 * s,
			    stage[s], who[s]);
		for (size_t i = 0; i < h->nfeeds; i++) {
			const struct html_feed *f = &h->feeds[i];
			if (f->segment != (enum segment)s)
				continue;
			strbuf_addstr(out, first ? "" : " &middot; ");
			first = 0;
			html_escape(out, f->name);
			strbuf_addf(out, ": %lu items", f->valid + f->warned);
			if (f->voucher) {
				strbuf_addstr(out, ", voucher <span class=\"ad-voucher\">");
				html_escape(out, f->voucher);
				strbuf_addstr(out, "</span>");
			}
		}
		if (first)
			strbuf_addstr(out, "<span class=\"note\">no feed</span>");
		strbuf_addstr(out, "</div>\n");
	}
	strbuf_addstr(out, "</div></section>\n");
}

static void tag(struct strbuf *out, const char *open, const char *text, const char *close)
{
	if (!text || !*text)
		return;
	strbuf_addstr(out, open);
	html_escape(out, text);
	strbuf_addstr(out, close);
}

static void preview_card(struct strbuf *out, const struct html_feed *f)
{
	const struct html_preview *p = &f->preview;

	strbuf_addstr(out, "<article class=\"ad\"><div class=\"ad-img\" role=\"img\" aria-label=\"product image (not loaded)\">"
			   "<svg width=\"56\" height=\"44\" viewBox=\"0 0 56 44\" aria-hidden=\"true\"><rect x=\"1\" y=\"1\" width=\"54\" height=\"42\" rx=\"4\" fill=\"none\" stroke=\"#90a4ae\" stroke-width=\"2\"/>"
			   "<circle cx=\"18\" cy=\"15\" r=\"5\" fill=\"#90a4ae\"/><path d=\"M4 40 L20 24 L30 33 L38 26 L52 40 Z\" fill=\"#90a4ae\"/></svg>");
	tag(out, "<span class=\"url\">", p->image, "</span>");
	strbuf_addstr(out, "</div><div class=\"ad-body\"><p class=\"ad-seg\">");
	html_escape(out, f->name);
	strbuf_addf(out, " &middot; %s</p>", segment_name(f->segment));
	tag(out, "<h3 class=\"ad-title\">", p->title, "</h3>");
	strbuf_addstr(out, "<p class=\"ad-price\">");
	if (*p->sale_price) {
		tag(out, "<s>", p->price, "</s>");
		tag(out, "<b>", p->sale_price, "</b>");
	} else {
		html_escape(out, p->price);
	}
	strbuf_addstr(out, "</p>");
	tag(out, "<p class=\"ad-msg\">", p->message, "</p>");
	tag(out, "<p class=\"ad-urg\">", p->urgency, "</p>");
	tag(out, "<span class=\"ad-voucher\">Code ", p->voucher, "</span>");
	strbuf_addstr(out, "<span class=\"ad-btn\">Shop Now</span>");
	tag(out, "<p class=\"note\">example item ", p->id, "</p>");
	strbuf_addstr(out, "</div></article>\n");
}

static void previews_section(struct strbuf *out, const struct html_report *h)
{
	int any = 0;

	for (size_t i = 0; i < h->nfeeds; i++)
		any |= h->feeds[i].segment != SEGMENT_NONE;
	if (!any)
		return;
	strbuf_addstr(out, "<section id=\"previews\"><h2>Ad previews</h2><p class=\"note\">The first item each segment feed "
			   "carries, drawn as a dynamic product ad shows it. Images are not fetched: the box names the image URL.</p><div class=\"cards\">\n");
	for (size_t i = 0; i < h->nfeeds; i++) {
		const struct html_feed *f = &h->feeds[i];
		if (f->segment == SEGMENT_NONE)
			continue;
		if (f->preview.set) {
			preview_card(out, f);
		} else {
			strbuf_addstr(out, "<article class=\"ad\"><div class=\"ad-body\"><p class=\"ad-seg\">");
			html_escape(out, f->name);
			strbuf_addstr(out, "</p><p class=\"note\">no item written</p></div></article>\n");
		}
	}
	strbuf_addstr(out, "</div></section>\n");
}

static void finding_row(struct strbuf *out, const struct finding *f)
{
	strbuf_addf(out, "<tr><td class=\"sev-%s\">%s</td><td>", severity_name(f->severity), severity_name(f->severity));
	html_escape(out, f->channel ? f->channel : "");
	strbuf_addstr(out, "</td><td>");
	html_escape(out, f->id ? f->id : "");
	strbuf_addstr(out, "</td><td>");
	html_escape(out, f->field ? f->field : "");
	strbuf_addstr(out, "</td><td>");
	html_escape(out, f->message ? f->message : "");
	strbuf_addstr(out, "</td><td>");
	if (f->source) {
		html_escape(out, f->source);
		if (f->line)
			strbuf_addf(out, ":%ld", f->line);
	}
	strbuf_addstr(out, "</td></tr>\n");
}

static const char finding_head[] = "<div class=\"scroll\"><table><thead><tr><th>Severity</th><th>Feed</th><th>Item</th>"
				   "<th>Field</th><th>Message</th><th>Source</th></tr></thead><tbody>\n";

/* One rule: its counts, the first examples, the rest up to the caps behind <details>. */
static void rule_block(struct strbuf *out, const struct report *r, const struct rule_count *rc, size_t *listed)
{
	size_t shown = 0, open = 0;
	unsigned long total = rc->errors + rc->warnings;

	strbuf_addstr(out, "<div class=\"rule\"><h3><code>");
	html_escape(out, rc->rule);
	strbuf_addf(out, "</code> <span class=\"note\">%lu errors, %lu warnings</span></h3>\n", rc->errors, rc->warnings);
	for (size_t i = 0; i < r->kept.n && shown < HTML_FINDINGS_PER_RULE && *listed < HTML_FINDINGS_MAX; i++) {
		const struct finding *f = &r->kept.v[i];
		if (strcmp(f->rule, rc->rule))
			continue;
		if (shown == 0)
			strbuf_addstr(out, finding_head);
		if (shown == HTML_EXAMPLES_SHOWN) {
			strbuf_addstr(out, "</tbody></table></div><details><summary>more ");
			html_escape(out, rc->rule);
			strbuf_addstr(out, " findings</summary>");
			strbuf_addstr(out, finding_head);
			open = 1;
		}
		finding_row(out, f);
		shown++;
		(*listed)++;
	}
	if (shown)
		strbuf_addstr(out, open ? "</tbody></table></div></details>\n" : "</tbody></table></div>\n");
	if (total > shown)
		strbuf_addf(out, "<p class=\"note\">%lu more not listed here (the report file lists them all)</p>\n",
			    total - shown);
	strbuf_addstr(out, "</div>\n");
}

static int by_count(const void *a, const void *b)
{
	const struct rule_count *x = *(const struct rule_count *const *)a, *y = *(const struct rule_count *const *)b;

	if (x->errors != y->errors)
		return x->errors < y->errors ? 1 : -1;
	if (x->warnings != y->warnings)
		return x->warnings < y->warnings ? 1 : -1;
	return strcmp(x->rule, y->rule);
}

static void findings_section(struct strbuf *out, const struct report *r)
{
	const struct rule_count **order = xcalloc(r->nrules + 1, sizeof(*order));
	size_t listed = 0;

	strbuf_addstr(out, "<section id=\"findings\"><h2>Findings by rule</h2>\n");
	if (!r->nrules)
		strbuf_addstr(out, "<p class=\"note\">No findings.</p>\n");
	for (size_t i = 0; i < r->nrules; i++)
		order[i] = &r->rules[i];
	qsort(order, r->nrules, sizeof(*order), by_count);
	for (size_t i = 0; i < r->nrules; i++)
		rule_block(out, r, order[i], &listed);
	strbuf_addstr(out, "</section>\n");
	free(order);
}

void html_page_render(struct strbuf *out, const struct html_report *h, const struct html_headline *hl,
		      const struct report *r)
{
	strbuf_addstr(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
			   "<title>feedgen feed health report</title>\n<style>");
	strbuf_addstr(out, style);
	strbuf_addstr(out, "</style>\n</head>\n<body>\n<main>\n");
	headline(out, h, hl);
	feeds_section(out, h, hl);
	funnel_section(out, h);
	stock_section(out, h);
	previews_section(out, h);
	findings_section(out, r);
	strbuf_addstr(out, "<footer class=\"note\">Written by feedgen. Self-contained: no script, no external resource.</footer>\n"
			   "</main>\n</body>\n</html>\n");
}
