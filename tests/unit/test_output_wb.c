/* test_output_wb.c: write-behind (output_wb.h) and the output files written through it
 * (output.h): every byte in order across many buffers, a file of less than one buffer, the
 * first write error (ENOSPC from /dev/full, EBADF) reported by a hand-over or at the latest by
 * finish, an abort that returns with buffers queued, and output_commit of a file of many buffers.
 * Owns: the scratch directory and the files in it. */
#include "check.h"
#include "output.h"
#include "output_wb.h"
#include "alloc.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/test_output_wb.XXXXXX";

/* byte i of the test stream */
static char byte_at(long long i)
{
	return (char)('a' + (i * 7 + i / 4099) % 26);
}

/* Write `total` bytes of the stream through a writer on fd, a buffer at a time; returns the
 * first error seen (hand-over or finish), and the hand-over that saw it in *seen_at (0: finish). */
static int write_stream(int fd, long long total, long *seen_at)
{
	char *buf = xmalloc(OUTPUT_WB_BUFFER);
	struct output_wb *w = output_wb_new(buf);
	size_t fill = 0;
	long handovers = 0;
	int err = 0, e;

	output_wb_attach(w, fd);
	*seen_at = -1;
	for (long long i = 0; i < total; i++) {
		buf[fill++] = byte_at(i);
		if (fill < OUTPUT_WB_BUFFER)
			continue;
		handovers++;
		if ((e = output_wb_hand_over(w, &buf, fill)) && !err) {
			err = e;
			*seen_at = handovers;
		}
		fill = 0;
	}
	e = output_wb_finish(w, buf, fill);
	if (e && !err) {
		err = e;
		*seen_at = 0;
	}
	return err;
}

static int file_is_stream(const char *path, long long total)
{
	FILE *f = fopen(path, "rb");
	long long i = 0;
	int c, ok = f != NULL;

	while (ok && (c = getc(f)) != EOF)
		ok = i < total && (char)c == byte_at(i++);
	if (f)
		fclose(f);
	return ok && i == total;
}

static void in_order(void)
{
	char path[64];
	long seen;
	long long total = 10LL * OUTPUT_WB_BUFFER + 12345; /* more buffers than in flight, a partial last one */
	int fd;

	snprintf(path, sizeof(path), "%s/many", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK_INT(write_stream(fd, total, &seen), 0);
	close(fd);
	CHECK(file_is_stream(path, total));

	snprintf(path, sizeof(path), "%s/small", dir); /* less than one buffer: no thread */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK_INT(write_stream(fd, 1000, &seen), 0);
	close(fd);
	CHECK(file_is_stream(path, 1000));

	snprintf(path, sizeof(path), "%s/empty", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK_INT(write_stream(fd, 0, &seen), 0);
	close(fd);
	CHECK(file_is_stream(path, 0));
}

static void errors(void)
{
	char path[64];
	long seen;
	int fd = open("/dev/full", O_WRONLY);

	/* ENOSPC on the writing thread: not seen by the hand-over that queued the first buffer, seen
	 * at the latest by the 4th, which waits for the first buffer back (4 buffers, one filled) */
	if (fd >= 0) {
		CHECK_INT(write_stream(fd, 20LL * OUTPUT_WB_BUFFER, &seen), ENOSPC);
		CHECK(seen >= 2 && seen <= 4);
		close(fd);
	}
	/* ... and one that only finish writes (the last, partial buffer) is seen by finish */
	fd = open("/dev/full", O_WRONLY);
	if (fd >= 0) {
		CHECK_INT(write_stream(fd, 100, &seen), ENOSPC);
		CHECK_INT(seen, 0);
		close(fd);
	}
	/* a descriptor not open for writing: EBADF, whatever the size */
	snprintf(path, sizeof(path), "%s/many", dir);
	fd = open(path, O_RDONLY);
	CHECK_INT(write_stream(fd, 3LL * OUTPUT_WB_BUFFER, &seen), EBADF);
	close(fd);
}

static void aborted(void)
{
	char path[64], *buf = xmalloc(OUTPUT_WB_BUFFER);
	struct output_wb *w = output_wb_new(buf);
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/aborted", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	output_wb_attach(w, fd);
	for (int i = 0; i < 8; i++) {
		memset(buf, 'x', OUTPUT_WB_BUFFER);
		CHECK_INT(output_wb_hand_over(w, &buf, OUTPUT_WB_BUFFER), 0);
	}
	output_wb_abort(w); /* returns with the thread ended: what was queued is dropped */
	CHECK(!fstat(fd, &st) && st.st_size <= 8LL * OUTPUT_WB_BUFFER && st.st_size % OUTPUT_WB_BUFFER == 0);
	close(fd);
}

/* output.h over write-behind: a 3 MB file in pieces of odd sizes, committed and renamed */
static void through_output(void)
{
	char path[64], piece[777];
	struct output o;
	long long total = 3LL << 20, done = 0;

	snprintf(path, sizeof(path), "%s/feed.txt", dir);
	CHECK_INT(output_open(&o, path), 0);
	CHECK(o.wb != NULL && o.fp == NULL);
	while (done < total) {
		size_t n = total - done < (long long)sizeof(piece) ? (size_t)(total - done) : sizeof(piece);
		if (done == 1000000) /* one piece larger than a buffer */
			n = total - done > OUTPUT_WB_BUFFER + 5 ? OUTPUT_WB_BUFFER + 5 : (size_t)(total - done);
		{
			char *big = n > sizeof(piece) ? xmalloc(n) : piece;
			for (size_t k = 0; k < n; k++)
				big[k] = byte_at(done + (long long)k);
			output_write(&o, big, n);
			if (big != piece)
				free(big);
		}
		done += (long long)n;
	}
	CHECK(!o.failed);
	CHECK_INT(output_commit(&o), 0);
	CHECK(file_is_stream(path, total));
}

int main(void)
{
	char cmd[80];
	int rc;

	if (!mkdtemp(dir))
		return 1;
	in_order();
	errors();
	aborted();
	through_output();
	rc = CHECK_DONE();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		return 1;
	return rc;
}
