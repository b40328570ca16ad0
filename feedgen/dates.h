/* dates.h: ISO 8601 dates and date-times as feeds and vouchers use them (sale windows,
 * promotion dates), parsed into seconds since the epoch with libc's timegm.
 * Owns: nothing. */
#ifndef FEEDGEN_DATES_H
#define FEEDGEN_DATES_H
#include <stddef.h>
#include "strbuf.h"

/* The time of this run: $SOURCE_DATE_EPOCH when it is set (reproducible builds, tests), else
 * now. Voucher windows and the HTML report's date are judged against it. */
long long dates_run_time(void);

/* ISO 8601 "YYYY-MM-DD" or "YYYY-MM-DDThh:mm[:ss][Z|±hh:mm|±hhmm]" (no offset: UTC) into
 * seconds since the epoch (a space before T and a one-digit hour, as in TikTok's
 * template, are tolerated). A date alone is 00:00:00, or 23:59:59 with end_of_day. 0 or -1. */
int iso8601_parse(const char *s, size_t n, int end_of_day, long long *out);
/* "FROM/UNTIL" (dates or date-times). Returns 0, or -1 with *why set. */
int iso8601_parse_window(const char *s, long long *from, long long *until, const char **why);
/* Append "YYYY-MM-DDThh:mm:ss+00:00" (seconds) or "YYYY-MM-DDThh:mm+00:00" (no seconds). */
void iso8601_format(struct strbuf *out, long long t, int seconds);
#endif
