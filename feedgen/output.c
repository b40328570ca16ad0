/* output.c: atomic file publication (see output.h): what kind of target a path names, the
 * temporary next to it, stale temporaries of dead runs, and the commit. A temporary's bytes
 * are written by its write-behind thread (output_wb.c: write(2), write-back, page cache);
 * stdout, devices and FIFOs through stdio, on the caller's thread.
 * Owns: the temporary files of the run, so a signal or a fatal error can remove them. */
#include "output.h"
#include "alloc.h"
#include "input.h"
#include "iofault.h"
#include "msg.h"
#include "output_wb.h"
#include "strbuf.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define OUTPUT_BUFFER OUTPUT_WB_BUFFER /* each file's buffer (a device's or FIFO's stdio one) */

/* Every temporary still open, so output_abort_all() can remove them; no fixed cap. */
static struct output **open_outputs;
static size_t nopen, open_alloc;

static void remember(struct output *o, int add)
{
	if (add) {
		ALLOC_GROW(open_outputs, nopen + 1, open_alloc); /* reserved by output_open_mode: no allocation */
		open_outputs[nopen++] = o;
		return;
	}
	for (size_t i = 0; i < nopen; i++)
		if (open_outputs[i] == o) {
			open_outputs[i] = open_outputs[--nopen];
			return;
		}
}

/* The output set (output.h): complete temporaries waiting for output_set_publish(). */
struct pending {
	char *tmp, *target;
};
static int set_active;
static struct pending *pending;
static size_t npending, pending_alloc;

void output_set_begin(void)
{
	set_active = 1;
}

/* output_set_remove(): stale files to delete once the set is published */
static char **removals;
static size_t nremovals, removals_alloc;

void output_set_remove(const char *path)
{
	ALLOC_GROW(removals, nremovals + 1, removals_alloc);
	removals[nremovals++] = xstrdup(path);
}

/* After a complete publish: remove the stale files, except those the set just put in place. */
static void remove_stale_files(void)
{
	for (size_t i = 0; i < nremovals; i++) {
		int kept = 0;
		for (size_t k = 0; k < npending && !kept; k++)
			kept = !strcmp(pending[k].target, removals[i]);
		if (!kept && unlink(removals[i]) && errno != ENOENT)
			msg_warning("cannot remove %s, a file of the previous run: %s", msg_quote(removals[i]), strerror(errno));
	}
}

static void pending_clear(void)
{
	for (size_t i = 0; i < nremovals; i++)
		free(removals[i]);
	free(removals);
	removals = NULL;
	nremovals = removals_alloc = 0;
	for (size_t i = 0; i < npending; i++) {
		free(pending[i].tmp);
		free(pending[i].target);
	}
	npending = 0;
	free(pending);
	pending = NULL;
	pending_alloc = 0;
	set_active = 0;
}

static size_t published_before_failure;
/* the targets the last successful output_set_publish() renamed into place */
static char **published;
static size_t npublished;

static void published_clear(void)
{
	for (size_t i = 0; i < npublished; i++)
		free(published[i]);
	free(published);
	published = NULL;
	npublished = 0;
}

size_t output_set_published(const char *const **targets)
{
	*targets = (const char *const *)published;
	return npublished;
}

size_t output_set_partly_published(void)
{
	return published_before_failure;
}

int output_set_publish(void)
{
	int rc = 0;

	published_before_failure = 0;
	published_clear();
	for (size_t i = 0; i < npending; i++) {
		if (rc) {
			unlink(pending[i].tmp);
			continue;
		}
		if (iofault(IO_RENAME) || rename(pending[i].tmp, pending[i].target)) {
			int e = errno ? errno : EIO;
			unlink(pending[i].tmp);
			rc = msg_fail(EXIT_OUTPUT, "cannot publish %s: %s (%zu of the run's %zu files were already in place)",
				      msg_quote(pending[i].target), strerror(e), i, npending);
			published_before_failure = i;
		}
	}
	if (!rc)
		remove_stale_files();
	if (!rc) {
		published = xcalloc(npending + 1, sizeof(*published));
		for (size_t i = 0; i < npending; i++) {
			published[i] = pending[i].target;
			pending[i].target = NULL;
		}
		npublished = npending;
	}
	pending_clear();
	return rc;
}

int output_set_add_copy(const char *source, const char *target)
{
	struct output o;
	struct strbuf link_tmp = STRBUF_INIT;
	int rc = output_open(&o, target);

	if (rc)
		return rc;
	if (o.tmp) { /* the same file as the source, under the temporary name: nothing copied */
		strbuf_addf(&link_tmp, "%s.link", o.tmp);
		if (!link(source, link_tmp.buf) && !rename(link_tmp.buf, o.tmp)) {
			strbuf_release(&link_tmp);
			return output_commit(&o);
		}
		unlink(link_tmp.buf);
		strbuf_release(&link_tmp);
	}
	{
		FILE *in = fopen(source, "rb");
		char buf[1 << 16];
		size_t n;
		if (!in) {
			int e = errno;
			output_abort(&o);
			return msg_fail(EXIT_INPUT, "cannot read %s: %s", msg_quote(source), strerror(e));
		}
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			output_write(&o, buf, n);
		if (ferror(in)) {
			int e = errno ? errno : EIO;
			fclose(in);
			output_abort(&o);
			return msg_fail(EXIT_INPUT, "cannot read %s: %s", msg_quote(source), strerror(e));
		}
		fclose(in);
	}
	return output_commit(&o);
}

const char *output_set_completed(const char *path)
{
	char *real = NULL;
	const char *found = NULL;

	for (int pass = 0; pass < 2 && !found; pass++) {
		const char *want = pass ? (real = realpath(path, NULL)) : path;
		for (size_t i = 0; want && i < npending && !found; i++)
			if (!strcmp(pending[i].target, want))
				found = pending[i].tmp;
	}
	free(real);
	return found;
}

void output_set_abort(void)
{
	for (size_t i = 0; i < npending; i++)
		unlink(pending[i].tmp);
	pending_clear();
}

/* Is `name` ".BASE.tmp-PID-XXXXXX" (our temporary for BASE)? Returns the PID, or 0. */
static long stale_pid(const char *name, const char *base)
{
	size_t blen = strlen(base), k;
	const char *p;
	long pid = 0;

	if (name[0] != '.' || strncmp(name + 1, base, blen) || strncmp(name + 1 + blen, ".tmp-", 5))
		return 0;
	p = name + 1 + blen + 5;
	for (k = 0; p[k] >= '0' && p[k] <= '9' && k < 10; k++)
		pid = pid * 10 + (p[k] - '0');
	if (!k || p[k] != '-' || strlen(p + k + 1) != 6)
		return 0;
	for (const char *x = p + k + 1; *x; x++)
		if (!((*x >= '0' && *x <= '9') || (*x >= 'a' && *x <= 'z') || (*x >= 'A' && *x <= 'Z')))
			return 0;
	return pid;
}

/* Remove temporaries for BASE in DIR ("" or "path/") left by runs that died (SIGKILL, power loss): our exact
 * naming, a regular file of ours, not newer than this run, and its PID no longer running. */
static void remove_stale(const char *dir, const char *base, time_t start)
{
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		struct strbuf path = STRBUF_INIT;
		struct stat st;
		long pid = stale_pid(e->d_name, base);
		if (pid <= 0 || pid == (long)getpid() || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue; /* not ours, or its process is alive (or not ours to signal) */
		strbuf_addf(&path, "%s%s", dir, e->d_name); /* dir is "" or ends with '/' */
		if (!lstat(path.buf, &st) && S_ISREG(st.st_mode) && st.st_uid == geteuid() && st.st_mtime <= start &&
		    !unlink(path.buf))
			msg_info("removed %s, a temporary file left by a run that died (process %ld)", msg_quote(path.buf), pid);
		strbuf_release(&path);
	}
	closedir(d);
}

/* A FIFO as output: open it for writing, waiting (bounded) for a reader. */
static int open_fifo(const char *path)
{
	long waited = 0, limit = input_timeout() * 10;
	int fd;

	while ((fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0 && errno == ENXIO && waited < limit) {
		if (!waited)
			msg_info("waiting for a reader on FIFO %s (up to %ld s, see --timeout)", msg_quote(path), input_timeout());
		nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
		waited++;
	}
	if (fd < 0 && errno == ENXIO)
		errno = ETIMEDOUT;
	if (fd >= 0)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

/* What to do with `path`: 0 atomic (o->target set, resolved through a symlink), 1 write
 * straight in (a character device or FIFO), or EXIT_OUTPUT after a message. */
static int classify(struct output *o, const char *path)
{
	struct stat st;

	if (lstat(path, &st)) {
		if (errno != ENOENT)
			return msg_fail(EXIT_OUTPUT, "cannot write %s: %s", msg_quote(path), strerror(errno));
		o->target = xstrdup(path);
		return 0;
	}
	if (S_ISLNK(st.st_mode)) {
		char *real;
		if (stat(path, &st) || !S_ISREG(st.st_mode) || !(real = realpath(path, NULL))) {
			if (!S_ISREG(st.st_mode) && !stat(path, &st))
				goto special; /* a link to a device or FIFO (/dev/stdout): write into it */
			o->target = xstrdup(path); /* a dangling link: replaced by the file */
			return 0;
		}
		o->target = real; /* the link stays; the file it names is replaced atomically */
		return 0;
	}
	if (S_ISREG(st.st_mode)) {
		o->target = xstrdup(path);
		return 0;
	}
special:
	o->target = xstrdup(path);
	if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
		return 1;
	return msg_fail(EXIT_OUTPUT, "cannot write %s: it is a %s, not a file (give a file name)", msg_quote(path),
			S_ISDIR(st.st_mode) ? "directory" : S_ISSOCK(st.st_mode) ? "socket" : S_ISBLK(st.st_mode) ? "block device" : "special file");
}

static int open_direct(struct output *o)
{
	struct stat st;
	int fd;

	if (iofault(IO_OPEN))
		fd = -1;
	else if (!stat(o->target, &st) && S_ISFIFO(st.st_mode))
		fd = open_fifo(o->target);
	else
		fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return msg_fail(EXIT_OUTPUT, "cannot write %s: %s", msg_quote(o->target), strerror(errno));
	o->direct = 1;
	o->fd = fd;
	if (!(o->fp = iofault_fdopen(fd, "wb"))) {
		close(fd);
		return msg_fail(EXIT_OUTPUT, "cannot write %s: %s", msg_quote(o->target), strerror(errno));
	}
	return 0;
}

static time_t run_start;

void output_remove_stale(const char *target)
{
	struct strbuf dir = STRBUF_INIT;
	const char *slash = strrchr(target, '/');

	if (!run_start)
		run_start = time(NULL);
	if (slash)
		strbuf_add(&dir, target, (size_t)(slash - target + 1));
	remove_stale(dir.buf, slash ? slash + 1 : target, run_start);
	strbuf_release(&dir);
}

static int open_temporary(struct output *o, mode_t mode)
{
	struct strbuf tmp = STRBUF_INIT, dir = STRBUF_INIT;
	const char *slash = strrchr(o->target, '/'), *base = slash ? slash + 1 : o->target;
	int fd;

	if (!run_start)
		run_start = time(NULL);
	if (slash)
		strbuf_add(&dir, o->target, (size_t)(slash - o->target + 1));
	remove_stale(dir.buf, base, run_start);
	strbuf_addf(&tmp, "%s.%s.tmp-%ld-XXXXXX", dir.buf, base, (long)getpid());
	strbuf_release(&dir);
	fd = iofault(IO_OPEN) ? -1 : mkstemp(tmp.buf);
	if (fd < 0) {
		int e = errno;
		strbuf_release(&tmp);
		return msg_fail(EXIT_OUTPUT, "cannot create a temporary file next to %s: %s", msg_quote(o->target),
				strerror(e));
	}
	if (!mode) { /* feeds are read by web servers and upload tools: honour the umask */
		mode_t um = umask(0);
		umask(um);
		mode = 0666 & ~um;
	}
	fchmod(fd, mode);
	o->tmp = strbuf_detach(&tmp, NULL);
	o->fd = fd;
	output_wb_attach(o->wb, fd);
	return 0;
}

int output_open_mode(struct output *o, const char *path, mode_t mode)
{
	char *buf;
	int rc;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	if (!strcmp(path, "-")) {
		o->target = xstrdup(path);
		o->fp = stdout;
		return 0;
	}
	/* room in the list of open temporaries, and the stream's buffer, before one exists: an
	 * allocation that fails later (exit 4) must still find it to remove it */
	ALLOC_GROW(open_outputs, nopen + 1, open_alloc);
	buf = xmalloc(OUTPUT_BUFFER);
	rc = classify(o, path);
	if (rc == 1)
		rc = open_direct(o);
	else if (!rc) {
		o->wb = output_wb_new(buf); /* owns buf from now on */
		rc = open_temporary(o, mode);
	}
	if (rc) {
		if (o->wb)
			output_wb_abort(o->wb);
		else
			free(buf);
		free(o->target);
		free(o->tmp);
		memset(o, 0, sizeof(*o));
		return rc;
	}
	o->buf = buf;
	/* setvbuf with a NULL buffer keeps glibc's 4 KB one (st_blksize): a 980 MB feed took
	 * 239,000 write calls; a buffer of our own makes them 256 KB each */
	if (o->fp)
		setvbuf(o->fp, o->buf, _IOFBF, OUTPUT_BUFFER);
	remember(o, 1);
	return 0;
}

int output_open(struct output *o, const char *path)
{
	return output_open_mode(o, path, 0);
}

/* A temporary: append to the buffer being filled, hand each full one to the write-behind
 * thread (no stdio: one copy of each byte). */
static void write_behind(struct output *o, const char *data, size_t len)
{
	while (len) {
		size_t n = OUTPUT_BUFFER - o->fill < len ? OUTPUT_BUFFER - o->fill : len;
		int e;
		memcpy(o->buf + o->fill, data, n);
		o->fill += n;
		data += n;
		len -= n;
		if (o->fill < OUTPUT_BUFFER)
			return;
		e = output_wb_hand_over(o->wb, &o->buf, o->fill);
		o->fill = 0;
		if (e) {
			o->failed = 1;
			o->err = e;
			return;
		}
	}
}

void output_write(struct output *o, const void *data, size_t len)
{
	if (o->failed || !len)
		return;
	if (o->wb) {
		if (len < OUTPUT_BUFFER - o->fill) { /* the common case: a row, a few elements */
			memcpy(o->buf + o->fill, data, len);
			o->fill += len;
		} else
			write_behind(o, data, len);
		return;
	}
	if (fwrite(data, 1, len, o->fp) != len) {
		o->failed = 1;
		o->err = errno ? errno : EIO;
	}
}

/* Mark a failed step (errno) unless an earlier one failed. */
static void step_failed(struct output *o)
{
	if (!o->failed) {
		o->failed = 1;
		o->err = errno ? errno : EIO;
	}
}

/* fclose (a device or FIFO) or close (a temporary, its thread ended) */
static int close_file(struct output *o)
{
	return o->fp ? fclose(o->fp) : close(o->fd);
}

int output_commit(struct output *o)
{
	int rc = 0;

	if (!o->fp && !o->wb)
		return 0;
	errno = 0;
	if (o->wb) { /* the last bytes, then the thread ends */
		int e = output_wb_finish(o->wb, o->buf, o->failed ? 0 : o->fill);
		o->wb = NULL;
		o->buf = NULL;
		if (e && !o->failed) {
			o->failed = 1;
			o->err = e;
		}
	} else if (fflush(o->fp) || ferror(o->fp))
		step_failed(o);
	if (!o->tmp && !o->direct) { /* stdout */
		o->fp = NULL;
		if (o->failed)
			rc = msg_fail(EXIT_OUTPUT, "writing to standard output failed: %s", strerror(o->err));
		free(o->target);
		o->target = NULL;
		return rc;
	}
	if (!o->failed && !o->direct && (iofault(IO_FSYNC) || fsync(o->fd)) && errno != EINVAL)
		step_failed(o);
	if (!o->failed && iofault(IO_CLOSE)) {
		step_failed(o);
		close_file(o);
	} else if (close_file(o))
		step_failed(o);
	o->fp = NULL;
	o->fd = -1;
	free(o->buf);
	o->buf = NULL;
	if (!o->failed && o->tmp && set_active) {
		/* complete: renamed into place with the rest of the run's files (output_set_publish) */
		for (size_t i = 0; i < npending; i++)
			if (!strcmp(pending[i].target, o->target)) { /* a part of a split feed named like another output */
				rc = msg_fail(EXIT_USAGE, "%s would be written twice by this run (another output, or a part of a "
					      "split feed, has that name): nothing was published", msg_quote(o->target));
				unlink(o->tmp);
				remember(o, 0);
				free(o->tmp);
				free(o->target);
				o->tmp = o->target = NULL;
				return rc;
			}
		ALLOC_GROW(pending, npending + 1, pending_alloc);
		pending[npending].tmp = o->tmp;
		pending[npending++].target = o->target;
		remember(o, 0);
		o->tmp = o->target = NULL;
		return 0;
	}
	if (!o->failed && o->tmp && (iofault(IO_RENAME) || rename(o->tmp, o->target)))
		step_failed(o);
	if (o->failed) {
		rc = msg_fail(EXIT_OUTPUT, "cannot write %s: %s%s", msg_quote(o->target), strerror(o->err),
			      o->tmp ? " (the previous file is untouched)" : "");
		if (o->tmp)
			unlink(o->tmp);
	}
	remember(o, 0);
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
	return rc;
}

void output_abort(struct output *o)
{
	if (o->wb) { /* what is queued is dropped; the thread ends before the file goes */
		output_wb_abort(o->wb);
		o->wb = NULL;
		o->buf = NULL;
		close(o->fd);
	} else if (o->fp && (o->tmp || o->direct))
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	o->fp = NULL;
	free(o->buf);
	o->buf = NULL;
	remember(o, 0);
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
}

void output_abort_all(void)
{
	/* async-signal-safe part only */
	for (size_t i = 0; i < nopen; i++)
		if (open_outputs[i] && open_outputs[i]->tmp)
			unlink(open_outputs[i]->tmp);
	for (size_t i = 0; i < npending; i++)
		unlink(pending[i].tmp);
}

const char *output_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

void output_state_path(struct strbuf *sb, const char *file, const char *sub, int make_dirs)
{
	const char *name = output_base_name(file);

	strbuf_add(sb, file, (size_t)(name - file));
	strbuf_addstr(sb, ".feedgen");
	if (make_dirs)
		mkdir(sb->buf, 0777);
	strbuf_addf(sb, "/%s", sub);
	if (make_dirs)
		mkdir(sb->buf, 0777);
	strbuf_addf(sb, "/%s", name);
}
