/* iofault.h: the I/O fault hook for tests. FEEDGEN_FAIL_IO=STEP:N makes the N-th call of one
 * I/O step fail (write with ENOSPC, thread, the start of a helper thread, with EAGAIN as in a
 * container at its pids limit, the others with EIO); FEEDGEN_FAIL_IO=count prints how many
 * calls of each step the run made, at exit. Read once at start; costs one branch when unset.
 * Owns: the per-step call counters. */
#ifndef FEEDGEN_IOFAULT_H
#define FEEDGEN_IOFAULT_H
#include <stdio.h>

enum io_step { IO_OPEN, IO_READ, IO_WRITE, IO_FSYNC, IO_CLOSE, IO_RENAME, IO_THREAD, IO_NSTEPS };

extern int iofault_armed;
void iofault_init(void);
int iofault_hit(enum io_step step);
/* 0, or -1 with errno set: the caller fails this call as if the system had. */
static inline int iofault(enum io_step step)
{
	return iofault_armed ? iofault_hit(step) : 0;
}
/* fdopen(fd, mode); with the hook armed, a FILE whose read(2)/write(2) calls are counted and
 * fail on cue, so every stdio reader and writer above it sees a real stream error. */
FILE *iofault_fdopen(int fd, const char *mode);
#endif
