/* html_svg.h: the charts of the HTML report (html_report.h) as inline SVG, drawn by feedgen:
 * the stacked bar of a feed's valid / warning / rejected items and the stock histogram. The
 * geometry is split from the drawing so that unit tests check it in pixels.
 * Owns: nothing; every function appends to the caller's strbuf. */
#ifndef FEEDGEN_HTML_SVG_H
#define FEEDGEN_HTML_SVG_H
#include "strbuf.h"
#include <stddef.h>

/* Split `width` pixels between n values in proportion (largest remainder): the parts sum to
 * width exactly when any value is nonzero (else all are 0), and every nonzero value gets at
 * least 1 pixel when width >= n. */
void svg_split(const unsigned long *v, size_t n, unsigned width, unsigned *out);
/* The height of a bar of value v when the highest bar (max) is `height` pixels: rounded, at
 * least 1 for any nonzero v, 0 for 0 (and for max 0). */
unsigned svg_scale(unsigned long v, unsigned long max, unsigned height);

/* A stacked bar of valid, warning and rejected items (v[0..2]), width x height, with a
 * <title> per part for a tooltip and an aria-label. */
void svg_stacked_bar(struct strbuf *out, const unsigned long v[3], unsigned width, unsigned height);

/* A histogram of n bins; labels[i] under bin i; bins low_from..low_to (inclusive) are the
 * low-stock ones, drawn in their own colour, with a dashed marker after low_to and the
 * caption `marker` (escaped) beside it; low_from > low_to: none. */
struct svg_histogram {
	const unsigned long *counts;
	const char *const *labels;
	size_t n, low_from, low_to;
	const char *marker;
};
/* Geometry of the histogram: the bar width and the plot's origin/size (pixels). */
#define SVG_HIST_BAR 18u
#define SVG_HIST_GAP 4u
#define SVG_HIST_LEFT 8u
#define SVG_HIST_TOP 22u
#define SVG_HIST_HEIGHT 120u
/* The x of bin i's left edge. */
unsigned svg_hist_x(size_t i);
void svg_draw_histogram(struct strbuf *out, const struct svg_histogram *h);
#endif
