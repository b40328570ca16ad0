/* html_svg.c: inline SVG charts of the HTML report (html_svg.h): proportional splits, bar
 * heights, the stacked bar and the stock histogram, with no script and no external resource.
 * Owns: nothing. */
#include "html_svg.h"
#include "html_page.h"
#include <string.h>

void svg_split(const unsigned long *v, size_t n, unsigned width, unsigned *out)
{
	unsigned long long total = 0;
	unsigned used = 0;

	for (size_t i = 0; i < n; i++)
		total += v[i];
	for (size_t i = 0; i < n; i++)
		out[i] = 0;
	if (!total)
		return;
	for (size_t i = 0; i < n; i++) {
		out[i] = (unsigned)((unsigned long long)v[i] * width / total);
		used += out[i];
	}
	/* the pixels rounding left over (fewer than n) go to the largest remainders, one each */
	while (used < width) {
		size_t best = n;
		unsigned long long best_rem = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned long long exact = (unsigned long long)v[i] * width, given = (unsigned long long)out[i] * total;
			unsigned long long rem = exact > given ? exact - given : 0;
			if (rem > best_rem) {
				best = i;
				best_rem = rem;
			}
		}
		if (best == n)
			break;
		out[best]++;
		used++;
	}
	/* a nonzero value is never invisible: take its pixel from the widest part */
	for (size_t i = 0; width >= n && i < n; i++)
		if (v[i] && !out[i]) {
			size_t w = 0;
			for (size_t k = 1; k < n; k++)
				if (out[k] > out[w])
					w = k;
			out[w]--;
			out[i]++;
		}
}

unsigned svg_scale(unsigned long v, unsigned long max, unsigned height)
{
	unsigned long long h;

	if (!v || !max)
		return 0;
	h = ((unsigned long long)v * height * 2 + max) / (2ull * max);
	return h ? (unsigned)h : 1;
}

void svg_stacked_bar(struct strbuf *out, const unsigned long v[3], unsigned width, unsigned height)
{
	static const char *const cls[3] = { "valid", "warn", "rej" };
	static const char *const what[3] = { "valid", "with warnings", "rejected" };
	unsigned w[3], x = 0;

	svg_split(v, 3, width, w);
	strbuf_addf(out, "<svg class=\"bar\" viewBox=\"0 0 %u %u\" width=\"%u\" height=\"%u\" role=\"img\" aria-label=\"%lu valid, %lu with warnings, %lu rejected\">",
		    width, height, width, height, v[0], v[1], v[2]);
	if (!v[0] && !v[1] && !v[2])
		strbuf_addf(out, "<rect class=\"none\" x=\"0\" y=\"0\" width=\"%u\" height=\"%u\"/>", width, height);
	for (int i = 0; i < 3; i++) {
		if (!w[i])
			continue;
		strbuf_addf(out, "<rect class=\"%s\" x=\"%u\" y=\"0\" width=\"%u\" height=\"%u\"><title>%lu %s</title></rect>",
			    cls[i], x, w[i], height, v[i], what[i]);
		x += w[i];
	}
	strbuf_addstr(out, "</svg>");
}

unsigned svg_hist_x(size_t i)
{
	return SVG_HIST_LEFT + (unsigned)i * (SVG_HIST_BAR + SVG_HIST_GAP);
}

void svg_draw_histogram(struct strbuf *out, const struct svg_histogram *h)
{
	unsigned long max = 0;
	unsigned width = svg_hist_x(h->n) + 90, base = SVG_HIST_TOP + SVG_HIST_HEIGHT;
	size_t every = h->n > 30 ? 10 : h->n > 12 ? 2 : 1;

	for (size_t i = 0; i < h->n; i++)
		if (h->counts[i] > max)
			max = h->counts[i];
	strbuf_addf(out, "<svg class=\"hist\" viewBox=\"0 0 %u %u\" role=\"img\" aria-label=\"items by stock quantity\">",
		    width, base + 20);
	strbuf_addf(out, "<line class=\"axis\" x1=\"%u\" y1=\"%u\" x2=\"%u\" y2=\"%u\"/>", SVG_HIST_LEFT, base,
		    svg_hist_x(h->n), base);
	for (size_t i = 0; i < h->n; i++) {
		unsigned bh = svg_scale(h->counts[i], max, SVG_HIST_HEIGHT), x = svg_hist_x(i);
		int low = i >= h->low_from && i <= h->low_to;
		strbuf_addf(out, "<rect class=\"%s\" x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\"><title>", low ? "low" : "stock",
			    x, base - bh, SVG_HIST_BAR, bh);
		html_escape(out, h->labels[i]);
		strbuf_addf(out, ": %lu item%s</title></rect>", h->counts[i], h->counts[i] == 1 ? "" : "s");
		if (h->counts[i] && h->n <= 40)
			strbuf_addf(out, "<text class=\"n\" x=\"%u\" y=\"%u\">%lu</text>", x + SVG_HIST_BAR / 2, base - bh - 3,
				    h->counts[i]);
		if (i % every == 0 || i + 1 == h->n) {
			strbuf_addf(out, "<text class=\"l\" x=\"%u\" y=\"%u\">", x + SVG_HIST_BAR / 2, base + 14);
			html_escape(out, h->labels[i]);
			strbuf_addstr(out, "</text>");
		}
	}
	if (h->low_from <= h->low_to && h->low_to < h->n) {
		unsigned mx = svg_hist_x(h->low_to + 1) - SVG_HIST_GAP / 2;
		strbuf_addf(out, "<line class=\"mark\" x1=\"%u\" y1=\"%u\" x2=\"%u\" y2=\"%u\"/>", mx, SVG_HIST_TOP - 14, mx, base);
		strbuf_addf(out, "<text class=\"m\" x=\"%u\" y=\"%u\">", mx + 4, SVG_HIST_TOP - 4);
		html_escape(out, h->marker ? h->marker : "");
		strbuf_addstr(out, "</text>");
	}
	strbuf_addstr(out, "</svg>");
}
