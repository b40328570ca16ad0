/* thread_priority.h: the helper threads of a pooled read give way to the thread that consumes
 * the catalog in order (issue 12).
 * Owns: nothing (the calling thread's scheduling priority). */
#ifndef FEEDGEN_THREAD_PRIORITY_H
#define FEEDGEN_THREAD_PRIORITY_H

/* How many steps of nice a helper thread is below the thread that started it. */
#define THREAD_HELPER_NICE 5

/* Lower the calling thread's priority by THREAD_HELPER_NICE (at most to nice 19). Linux keeps a
 * nice value per thread; elsewhere, or when the system refuses, nothing changes. Returns the
 * thread's nice value after the call, or -100 when it could not be read. */
int thread_give_way(void);

/* The calling thread's nice value, or -100 when it cannot be read (tests). */
int thread_nice(void);
#endif
