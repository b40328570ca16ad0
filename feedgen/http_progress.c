/* http_progress.c: the progress line of long fetches and uploads on a terminal (http.h:
 * struct progress), and the client's clock and sleep. Split from http.c. Owns: the progress
 * line's state in struct progress. */
#include "http.h"
#include "alloc.h"
#include "msg.h"
#include "secrets.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* ---------- time and sleeping ---------- */

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void http_sleep_ms(long ms)
{
	struct timespec ts, rem;

	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &rem) == -1 && errno == EINTR)
		ts = rem;
}

/* ---------- progress ---------- */

static void human_bytes(struct strbuf *sb, double b)
{
	if (b >= 1e9)
		strbuf_addf(sb, "%.1f GB", b / 1e9);
	else if (b >= 1e6)
		strbuf_addf(sb, "%.1f MB", b / 1e6);
	else if (b >= 1e3)
		strbuf_addf(sb, "%.1f kB", b / 1e3);
	else
		strbuf_addf(sb, "%.0f B", b);
}

static void progress_text(struct progress *p, struct strbuf *sb, double t)
{
	double el = t - p->start, rate = el > 0.05 ? (double)p->records / el : 0;

	strbuf_addf(sb, "fetching %s: %lu page%s, %lu record%s", p->what, p->pages, p->pages == 1 ? "" : "s",
		    p->records, p->records == 1 ? "" : "s");
	if (p->total_records)
		strbuf_addf(sb, " of %lu", p->total_records);
	strbuf_addstr(sb, ", ");
	human_bytes(sb, p->bytes);
	if (rate > 0)
		strbuf_addf(sb, ", %.0f/s", rate);
	if (p->total_records && rate > 0 && p->records < p->total_records)
		strbuf_addf(sb, ", ETA %.0f s", (double)(p->total_records - p->records) / rate);
}

void progress_start(struct progress *p, const char *what, int quiet)
{
	memset(p, 0, sizeof(*p));
	p->what = what;
	p->enabled = !quiet;
	p->tty = isatty(STDERR_FILENO);
	p->start = p->last = now_seconds();
}

/* The terminal line is the one place that writes to stderr without a newline; it holds only
 * our own counters (no catalog data) and is erased before any message. */
static void progress_draw(struct progress *p, const char *text)
{
	fprintf(stderr, "\rfeedgen: %-70.110s", text);
	fflush(stderr);
	p->drawn = 1;
}

void progress_update(struct progress *p)
{
	struct strbuf sb = STRBUF_INIT;
	double t = now_seconds();

	if (!p->enabled)
		return;
	if (p->tty ? t - p->last < 0.2 : t - p->last < 5.0)
		return;
	p->last = t;
	progress_text(p, &sb, t);
	if (p->tty)
		progress_draw(p, sb.buf);
	else
		msg_info("%s", sb.buf);
	strbuf_release(&sb);
}

void progress_clear(struct progress *p)
{
	if (p->drawn) {
		fprintf(stderr, "\r%-80s\r", "");
		fflush(stderr);
		p->drawn = 0;
	}
}

void progress_finish(struct progress *p)
{
	struct strbuf sb = STRBUF_INIT;

	if (!p->enabled)
		return;
	progress_clear(p);
	progress_text(p, &sb, now_seconds());
	msg_info("%s, done", sb.buf);
	strbuf_release(&sb);
}
