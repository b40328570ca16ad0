/* runlock.h: the lock that keeps two runs of one configuration from overlapping: an flock(2)
 * on FILE.lock next to the configuration (or the file --lock names), taken before any source is read and held until the
 * process ends. The kernel drops the lock of a process that died, so a lock left by a dead run
 * is simply taken over; the file itself stays (it holds the last holder's pid, for messages).
 * Owns: the lock file descriptor. */
#ifndef FEEDGEN_RUNLOCK_H
#define FEEDGEN_RUNLOCK_H

/* Take the lock of config_path (lock_path, --lock, when not NULL), waiting up to wait_seconds (0: do not wait). Returns 0 with
 * *fd set, EXIT_LOCKED ("another run holds the lock") or EXIT_OUTPUT after a message. */
int run_lock(const char *config_path, const char *lock_path, long wait_seconds, int *fd);
void run_unlock(int fd);
#endif
