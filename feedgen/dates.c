/* dates.c: ISO 8601 parsing and formatting (see dates.h).
 * Owns: nothing. */
#include "dates.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int two(const char *s, int *out)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0) ? 29 : d[m - 1];
}

int iso8601_parse(const char *s, size_t n, int end_of_day, long long *out)
{
	struct tm tm = { 0 };
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0, c;
	size_t i = 10;

	if (n < 10 || s[4] != '-' || s[7] != '-' || two(s, &c) || two(s + 2, &y) || two(s + 5, &mo) || two(s + 8, &d))
		return -1;
	y += c * 100;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	if (n == 10) {
		if (end_of_day)
			h = 23, mi = 59, sec = 59;
	} else {
		if (s[i] == ' ' && i + 1 < n && (s[i + 1] == 'T' || s[i + 1] == 't'))
			i++; /* TikTok's template writes "2017-12-01 T0:00" */
		if (s[i] != 'T' && s[i] != 't')
			return -1;
		i++;
		if (n >= i + 4 && s[i] >= '0' && s[i] <= '9' && s[i + 1] == ':') {
			h = s[i] - '0'; /* one-digit hour, as in that template */
			i += 1;
		} else if (n < i + 5 || two(s + i, &h)) {
			return -1;
		} else
			i += 2;
		if (s[i] != ':' || n < i + 3 || two(s + i + 1, &mi))
			return -1;
		i += 3;
		if (i < n && s[i] == ':') {
			if (n < i + 3 || two(s + i + 1, &sec))
				return -1;
			i += 3;
		}
		if (h > 23 || mi > 59 || sec > 59)
			return -1;
		if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
			i++;
		} else if (i < n && (s[i] == '+' || s[i] == '-')) {
			int oh, om, sign = s[i] == '-' ? -1 : 1;
			if (n >= i + 6 && s[i + 3] == ':' && !two(s + i + 1, &oh) && !two(s + i + 4, &om))
				i += 6;
			else if (n >= i + 5 && !two(s + i + 1, &oh) && !two(s + i + 3, &om))
				i += 5;
			else
				return -1;
			if (oh > 14 || om > 59)
				return -1;
			off = sign * (oh * 3600 + om * 60);
		}
		if (i != n)
			return -1;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = (long long)timegm(&tm) - off;
	return 0;
}

int iso8601_parse_window(const char *s, long long *from, long long *until, const char **why)
{
	const char *slash = strchr(s, '/');

	if (!slash || strchr(slash + 1, '/')) {
		*why = "is not FROM/UNTIL (e.g. 2026-05-01/2026-05-31)";
		return -1;
	}
	if (iso8601_parse(s, (size_t)(slash - s), 0, from) || iso8601_parse(slash + 1, strlen(slash + 1), 1, until)) {
		*why = "has a date that is not ISO 8601 (YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][+hh:mm])";
		return -1;
	}
	if (*from >= *until) {
		*why = "ends before it starts";
		return -1;
	}
	return 0;
}

void iso8601_format(struct strbuf *out, long long t, int seconds)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strbuf_addf(out, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	if (seconds)
		strbuf_addf(out, ":%02d", tm.tm_sec);
	strbuf_addstr(out, "+00:00");
}

long long dates_run_time(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	if (e && *e) {
		errno = 0;
		t = strtoll(e, &end, 10);
		if (!errno && !*end && t >= 0)
			return t;
	}
	return (long long)time(NULL);
}
