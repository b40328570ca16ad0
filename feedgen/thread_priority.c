/* thread_priority.c: see thread_priority.h.
 *
 * Why (issue 12, 2026-12-02): a pooled read (pipeline_pool.c) runs the consumer (every feed's
 * stages, in catalog order) on the calling thread and a reader plus N workers beside it. On two
 * cores the consumer is the critical path (perf cpu-clock, 100,000 products, two feeds: 2.3 s
 * of its CPU in a 3.0 s run; it waited for a batch only 0.06 s in all): the other 0.6 s it was
 * ready to run but shared a core with a helper that had work queued anyway. With the helpers
 * five steps of nice below it the scheduler hands the consumer a core first and the helpers fill
 * the rest: farm-bench, 10 A/B pairs, two feeds: 0.90x the wall time (3.04 s against 3.37 s
 * median) and 0.98x the CPU; the 12-feed set 0.96x. Ten steps measured the same as five; the
 * write-behind threads (output_wb.c) stay at the consumer's priority (giving them way too
 * measured no better: the consumer waits for their buffers).
 * Under load from other processes the helpers then get a smaller share than a nice-0 process's
 * threads; the consumer keeps its own. */
#define _GNU_SOURCE /* syscall(SYS_gettid) */
#include "thread_priority.h"
#include <errno.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#define NICE_UNKNOWN (-100)
#define NICE_MAX 19

int thread_nice(void)
{
#ifdef __linux__
	int nice;

	errno = 0;
	nice = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
	return nice == -1 && errno ? NICE_UNKNOWN : nice;
#else
	return NICE_UNKNOWN;
#endif
}

int thread_give_way(void)
{
#ifdef __linux__
	int nice = thread_nice();

	if (nice == NICE_UNKNOWN)
		return NICE_UNKNOWN;
	nice = nice + THREAD_HELPER_NICE > NICE_MAX ? NICE_MAX : nice + THREAD_HELPER_NICE;
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), nice); /* refused: as before */
#endif
	return thread_nice();
}
