/* input.c: opening local inputs without hanging on a FIFO (see input.h).
 * Owns: the FIFO wait bound. */
#include "input.h"
#include "iofault.h"
#include "msg.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long fifo_timeout = 60;

void input_set_timeout(long seconds)
{
	if (seconds > 0)
		fifo_timeout = seconds;
}

/* A FIFO opened O_NONBLOCK: wait until a writer has sent data or hung up. */
static int wait_for_writer(int fd, const char *what, const char *path)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	int n = poll(&pfd, 1, 0);

	if (n == 0) {
		msg_info("waiting for a writer on FIFO %s (%s; up to %ld s, see --timeout)", msg_quote(path), what,
			 fifo_timeout);
		do
			n = poll(&pfd, 1, (int)(fifo_timeout > 2000000 ? 2000000000 : fifo_timeout * 1000));
		while (n < 0 && errno == EINTR);
	}
	if (n < 0)
		return msg_fail(EXIT_INPUT, "cannot read %s %s: %s", what, msg_quote(path), strerror(errno));
	if (n == 0)
		return msg_fail(EXIT_INPUT, "no writer on FIFO %s (%s) after %ld s: nothing read, nothing written",
				msg_quote(path), what, fifo_timeout);
	return 0;
}

long input_timeout(void)
{
	return fifo_timeout;
}

int input_open(const char *what, const char *path, FILE **fp, int *regular)
{
	struct stat st;
	int fd, flags, rc;

	*fp = NULL;
	if (iofault(IO_OPEN) || (fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return msg_fail(EXIT_INPUT, "cannot open %s %s: %s", what, msg_quote(path), strerror(errno));
	if (fstat(fd, &st)) {
		rc = msg_fail(EXIT_INPUT, "cannot open %s %s: %s", what, msg_quote(path), strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = msg_fail(EXIT_INPUT, "cannot read %s %s: it is a directory (give a file)", what, msg_quote(path));
		goto fail;
	}
	if (S_ISFIFO(st.st_mode) && (rc = wait_for_writer(fd, what, path)))
		goto fail;
	/* reads block from here on, as for any file */
	if ((flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ||
	    !(*fp = iofault_fdopen(fd, "rb"))) {
		rc = msg_fail(EXIT_INPUT, "cannot open %s %s: %s", what, msg_quote(path), strerror(errno));
		goto fail;
	}
	if (regular)
		*regular = S_ISREG(st.st_mode);
	return 0;
fail:
	close(fd);
	return rc;
}
