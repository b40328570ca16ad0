/* runlock.c: one run of a configuration at a time (see runlock.h).
 * Owns: the lock file descriptor it returns. */
#include "runlock.h"
#include "msg.h"
#include "strbuf.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

static long holder_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

int run_lock(const char *config_path, const char *lock_path, long wait_seconds, int *fdp)
{
	struct strbuf path = STRBUF_INIT;
	struct timespec nap = { 0, 100 * 1000 * 1000 };
	long waited_ms = 0;
	int fd, rc = 0;
	char pid[32];

	if (lock_path)
		strbuf_addstr(&path, lock_path);
	else
		strbuf_addf(&path, "%s.lock", config_path);
	fd = open(path.buf, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = msg_fail(EXIT_OUTPUT, "cannot create the lock %s: %s%s", msg_quote(path.buf), strerror(errno),
			      lock_path ? "" : " (--lock FILE puts it in a writable directory)");
		goto out;
	}
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			rc = msg_fail(EXIT_OUTPUT, "cannot lock %s: %s", msg_quote(path.buf), strerror(errno));
			break;
		}
		if (waited_ms >= wait_seconds * 1000) {
			long holder = holder_pid(fd);
			char who[48] = "";
			if (holder > 0)
				snprintf(who, sizeof(who), " (pid %ld)", holder);
			rc = msg_fail(EXIT_LOCKED, "another run holds the lock %s%s: nothing was done (--wait SECONDS waits for it)",
				      msg_quote(path.buf), who);
			break;
		}
		nanosleep(&nap, NULL);
		waited_ms += 100;
	}
	if (rc) {
		close(fd);
		goto out;
	}
	snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, strlen(pid), 0) < 0) {
		/* the pid is only for messages */
	}
	*fdp = fd;
out:
	strbuf_release(&path);
	return rc;
}

void run_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
