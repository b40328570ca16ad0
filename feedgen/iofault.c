/* iofault.c: the FEEDGEN_FAIL_IO fault hook (see iofault.h).
 * Owns: the counters and the counted stream wrapper (glibc fopencookie). */
#define _GNU_SOURCE
#include "iofault.h"
#include "msg.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static const char *const step_names[IO_NSTEPS] = { "open", "read", "write", "fsync", "close", "rename", "thread" };
int iofault_armed;
static int counting, fail_step = -1;
static unsigned long fail_at;
static _Atomic unsigned long calls[IO_NSTEPS]; /* the catalog reader thread reads too */

static void print_counts(void)
{
	char line[200];
	int n = snprintf(line, sizeof(line), "feedgen: FEEDGEN_FAIL_IO counts:");

	for (int s = 0; s < IO_NSTEPS && n > 0 && (size_t)n < sizeof(line); s++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " %s=%lu", step_names[s], (unsigned long)calls[s]);
	msg_raw(line);
	msg_raw("\n");
}

void iofault_init(void)
{
	const char *v = getenv("FEEDGEN_FAIL_IO"), *colon;

	if (!v || !*v)
		return;
	iofault_armed = 1;
	if (!strcmp(v, "count")) {
		counting = 1;
		atexit(print_counts);
		return;
	}
	colon = strchr(v, ':');
	for (int s = 0; colon && s < IO_NSTEPS; s++)
		if (strlen(step_names[s]) == (size_t)(colon - v) && !strncmp(v, step_names[s], (size_t)(colon - v)))
			fail_step = s;
	fail_at = colon ? strtoul(colon + 1, NULL, 10) : 0;
	if (fail_step < 0 || !fail_at)
		msg_warning("FEEDGEN_FAIL_IO=%s is not STEP:N (open, read, write, fsync, close, rename, thread) or count; ignored",
			    msg_quote(v));
}

int iofault_hit(enum io_step step)
{
	unsigned long n = ++calls[step];

	if (counting || (int)step != fail_step || n != fail_at)
		return 0;
	errno = step == IO_WRITE ? ENOSPC : step == IO_THREAD ? EAGAIN : EIO;
	return -1;
}

static ssize_t cookie_read(void *c, char *buf, size_t len)
{
	if (iofault(IO_READ))
		return -1;
	return read((int)(long)c, buf, len);
}

static ssize_t cookie_write(void *c, const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) { /* stdio wants all of it or an error */
		ssize_t n;
		if (iofault(IO_WRITE))
			return done ? (ssize_t)done : -1;
		n = write((int)(long)c, buf + done, len - done);
		if (n < 0)
			return done ? (ssize_t)done : -1;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int cookie_seek(void *c, off64_t *pos, int whence)
{
	off_t r = lseek((int)(long)c, (off_t)*pos, whence);

	if (r < 0)
		return -1;
	*pos = r;
	return 0;
}

static int cookie_close(void *c)
{
	return close((int)(long)c);
}

FILE *iofault_fdopen(int fd, const char *mode)
{
	static const cookie_io_functions_t io = { cookie_read, cookie_write, cookie_seek, cookie_close };

	if (!iofault_armed)
		return fdopen(fd, mode);
	return fopencookie((void *)(long)fd, mode, io);
}
