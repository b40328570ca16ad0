/* test_html_report.c: unit tests for the HTML report (issue 14): html_escape, the SVG
 * geometry (proportional splits, bar heights, histogram positions and the low-stock marker)
 * and the bounded stock bins. Owns: its scratch buffers. */
#include "check.h"
#include "html_page.h"
#include "html_report.h"
#include "html_svg.h"
#include <stdlib.h>
#include <string.h>

static struct strbuf sb = STRBUF_INIT;

static const char *esc(const char *s)
{
	strbuf_reset(&sb);
	html_escape(&sb, s);
	return sb.buf;
}

static void test_escape(void)
{
	CHECK_STR(esc("plain text"), "plain text");
	CHECK_STR(esc(""), "");
	CHECK_STR(esc("<script>document.title='pwned'</script>"),
		  "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;");
	CHECK_STR(esc("<img src=x onerror=\"alert(1)\">"), "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
	CHECK_STR(esc("A & B &amp;"), "A &amp; B &amp;amp;");
	CHECK_STR(esc("tab\tnl\ncr\r"), "tab\tnl\ncr\r");
	CHECK_STR(esc("bell\x07" "esc\x1b" "del\x7f"), "bell\xEF\xBF\xBD" "esc\xEF\xBF\xBD" "del\xEF\xBF\xBD");
	CHECK_STR(esc("caf\xC3\xA9 \xE2\x82\xAC"), "caf\xC3\xA9 \xE2\x82\xAC"); /* UTF-8 passes through */
}

static void test_split(void)
{
	unsigned long v[3];
	unsigned w[3];

	v[0] = 29; v[1] = 6; v[2] = 2;   /* the sample's tiktok feed */
	svg_split(v, 3, 160, w);
	CHECK_INT(w[0] + w[1] + w[2], 160);
	CHECK_INT(w[0], 125);            /* 29*160/37 = 125.4 */
	CHECK_INT(w[1], 26);             /* 25.9: the largest remainder gets the pixel */
	CHECK_INT(w[2], 9);              /* 8.6 */
	v[0] = 1000000; v[1] = 0; v[2] = 1;  /* a tiny part stays visible */
	svg_split(v, 3, 100, w);
	CHECK_INT(w[0], 99);
	CHECK_INT(w[1], 0);
	CHECK_INT(w[2], 1);
	v[0] = v[1] = v[2] = 0;
	svg_split(v, 3, 100, w);
	CHECK_INT(w[0] + w[1] + w[2], 0);
	v[0] = 1; v[1] = 1; v[2] = 1;    /* thirds of 100: 34 33 33 */
	svg_split(v, 3, 100, w);
	CHECK_INT(w[0] + w[1] + w[2], 100);
	CHECK(w[0] >= 33 && w[1] >= 33 && w[2] >= 33);
	v[0] = 7; v[1] = 0; v[2] = 0;
	svg_split(v, 3, 160, w);
	CHECK_INT(w[0], 160);
}

static void test_scale(void)
{
	CHECK_INT(svg_scale(0, 10, 120), 0);
	CHECK_INT(svg_scale(5, 0, 120), 0);
	CHECK_INT(svg_scale(10, 10, 120), 120);
	CHECK_INT(svg_scale(3, 8, 120), 45);
	CHECK_INT(svg_scale(1, 1000000, 120), 1);  /* nonzero is never invisible */
	CHECK_INT(svg_scale(1, 3, 120), 40);
}

static void test_bar(void)
{
	unsigned long v[3] = { 29, 6, 2 };

	strbuf_reset(&sb);
	svg_stacked_bar(&sb, v, 160, 14);
	CHECK(strstr(sb.buf, "<rect class=\"valid\" x=\"0\" y=\"0\" width=\"125\" height=\"14\">") != NULL);
	CHECK(strstr(sb.buf, "<rect class=\"warn\" x=\"125\" y=\"0\" width=\"26\"") != NULL);
	CHECK(strstr(sb.buf, "<rect class=\"rej\" x=\"151\" y=\"0\" width=\"9\"") != NULL);
	CHECK(strstr(sb.buf, "aria-label=\"29 valid, 6 with warnings, 2 rejected\"") != NULL);
	v[0] = v[1] = v[2] = 0;
	strbuf_reset(&sb);
	svg_stacked_bar(&sb, v, 160, 14);
	CHECK(strstr(sb.buf, "class=\"none\"") != NULL && !strstr(sb.buf, "class=\"valid\""));
}

static void test_histogram(void)
{
	unsigned long counts[4] = { 2, 4, 1, 0 };
	const char *labels[4] = { "0", "1", "2", "<3+>" };
	struct svg_histogram g = { counts, labels, 4, 1, 1, "low stock: 1 to 1" };
	char want[128];

	CHECK_INT(svg_hist_x(0), SVG_HIST_LEFT);
	CHECK_INT(svg_hist_x(3), SVG_HIST_LEFT + 3 * (SVG_HIST_BAR + SVG_HIST_GAP));
	strbuf_reset(&sb);
	svg_draw_histogram(&sb, &g);
	/* bin 1 is the highest: full height, from the top of the plot, in the low-stock colour */
	snprintf(want, sizeof(want), "<rect class=\"low\" x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\">", svg_hist_x(1),
		 SVG_HIST_TOP, SVG_HIST_BAR, SVG_HIST_HEIGHT);
	CHECK(strstr(sb.buf, want) != NULL);
	snprintf(want, sizeof(want), "<rect class=\"stock\" x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\">", svg_hist_x(0),
		 SVG_HIST_TOP + SVG_HIST_HEIGHT / 2, SVG_HIST_BAR, SVG_HIST_HEIGHT / 2);
	CHECK(strstr(sb.buf, want) != NULL);
	/* the marker sits in the gap after the last low-stock bin */
	snprintf(want, sizeof(want), "<line class=\"mark\" x1=\"%u\"", svg_hist_x(2) - SVG_HIST_GAP / 2);
	CHECK(strstr(sb.buf, want) != NULL);
	CHECK(strstr(sb.buf, "&lt;3+&gt;") != NULL && !strstr(sb.buf, "<3+>")); /* labels escaped */
	g.low_from = 1;
	g.low_to = 0;                     /* --low-stock 0: no marker, no low bins */
	strbuf_reset(&sb);
	svg_draw_histogram(&sb, &g);
	CHECK(!strstr(sb.buf, "class=\"mark\"") && !strstr(sb.buf, "class=\"low\""));
}

static void test_stock_bins(void)
{
	struct html_report h;
	struct item it;
	long q[] = { 0, -3, 1, 5, 20, 21, 1000000000L };

	html_report_init(&h, "build", 5);
	CHECK_INT(h.stock_top, HTML_STOCK_TOP_MIN);
	item_init(&it);
	it.stock = STOCK_TRACKED;
	for (size_t i = 0; i < sizeof(q) / sizeof(*q); i++) {
		it.quantity = q[i];
		html_report_catalog_item(&h, &it);
	}
	it.stock = STOCK_UNTRACKED;
	html_report_catalog_item(&h, &it);
	CHECK_INT(h.stock[0], 2);         /* 0 and -3: out of stock */
	CHECK_INT(h.stock[1], 1);
	CHECK_INT(h.stock[5], 1);
	CHECK_INT(h.stock[20], 1);
	CHECK_INT(h.stock[21], 2);        /* 21 and a billion: the last bin */
	CHECK_INT(h.untracked, 1);
	html_report_release(&h);
	html_report_init(&h, "build", 1000000);
	CHECK_INT(h.stock_top, HTML_STOCK_TOP_MAX); /* bounded whatever the threshold */
	html_report_release(&h);
	item_release(&it);
}

/* Per feed: valid, valid with a warning, rejected; the first written item of a segment feed
 * is its preview; every string of it is escaped on the page. */
static void test_feed_counts_and_page(void)
{
	static const char hostile[] = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
	struct html_report h;
	struct run_config cfg;
	struct report r;
	struct item it;
	struct findings row = FINDINGS_INIT;
	struct html_headline hl = { "build", "published", 3, 2, 1, 0, 1, 0.5, 0, NULL, 0 };

	memset(&cfg, 0, sizeof(cfg));
	retarget_init(&cfg.retarget);
	urgency_options_init(&cfg.urgency);
	cfg.retarget.segment = SEGMENT_VIEWERS;
	html_report_init(&h, "build", 5);
	html_report_add_feed(&h, "viewers <b>", "tiktok", &cfg);
	item_init(&it);
	item_set(&it, ITEM_ID, "SKU-1");
	item_set(&it, ITEM_TITLE, hostile);
	item_set(&it, ITEM_PRICE, "10.00 EUR");
	html_report_catalog_item(&h, &it);
	html_report_feed_item(&h, 0, &it, &row, 0);        /* rejected: no preview from it */
	CHECK(!h.feeds[0].preview.set);
	html_report_feed_item(&h, 0, &it, &row, 1);        /* valid: the preview */
	findings_add(&row, SEV_WARNING, "length", "SKU-2", "title", "too long");
	item_set(&it, ITEM_TITLE, "second");
	html_report_feed_item(&h, 0, &it, &row, 1);        /* valid with a warning */
	html_report_feed_item(&h, 7, &it, &row, 1);        /* no such feed: ignored */
	CHECK_INT(h.feeds[0].valid, 1);
	CHECK_INT(h.feeds[0].warned, 1);
	CHECK_INT(h.feeds[0].rejected, 1);
	CHECK_STR(h.feeds[0].preview.title, hostile);
	CHECK(h.feeds[0].voucher == NULL);
	report_init(&r, "build");
	strbuf_reset(&sb);
	html_page_render(&sb, &h, &hl, &r);
	CHECK(strstr(sb.buf, "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;&lt;img src=x") != NULL);
	CHECK(!strstr(sb.buf, "<script") && !strstr(sb.buf, "<img"));
	CHECK(strstr(sb.buf, "data-feed=\"viewers &lt;b&gt;\" data-items=\"2\" data-rejected=\"1\"") != NULL);
	CHECK(strstr(sb.buf, "<dd id=\"h-items\" data-value=\"2\">2</dd>") != NULL);
	report_release(&r);
	findings_release(&row);
	item_release(&it);
	html_report_release(&h);
	retarget_release(&cfg.retarget);
}

int main(void)
{
	test_feed_counts_and_page();
	test_escape();
	test_split();
	test_scale();
	test_bar();
	test_histogram();
	test_stock_bins();
	strbuf_release(&sb);
	return CHECK_DONE();
}
