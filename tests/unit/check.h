/* check.h: the unit-test harness: each CHECK prints one TAP line ("ok"/"not ok") that
 * tests/run.sh counts. Owns: the pass/fail counters of one test program. */
#ifndef FEEDGEN_CHECK_H
#define FEEDGEN_CHECK_H
#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

static inline int check_report(int ok, const char *what, const char *file, int line)
{
	if (ok) {
		check_passed++;
		printf("ok - %s\n", what);
	} else {
		check_failed++;
		printf("not ok - %s (%s:%d)\n", what, file, line);
	}
	return ok;
}

static inline int check_str(const char *got, const char *want, const char *what, const char *file, int line)
{
	int ok = got && want && strcmp(got, want) == 0;
	if (!check_report(ok, what, file, line))
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)", want ? want : "(null)");
	return ok;
}

#define CHECK(cond) check_report(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(got, want) check_str((got), (want), #got " == " #want, __FILE__, __LINE__)
#define CHECK_INT(got, want) \
	do { long long g_ = (long long)(got), w_ = (long long)(want); \
	     if (!check_report(g_ == w_, #got " == " #want, __FILE__, __LINE__)) \
		printf("#   got: %lld want: %lld\n", g_, w_); } while (0)
/* End of main(): exit status tells the runner whether anything failed. */
#define CHECK_DONE() (printf("# %d passed, %d failed\n", check_passed, check_failed), check_failed ? 1 : 0)
#endif
