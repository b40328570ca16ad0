/* output.c: atomic file publication (see output.h).
 * Owns: the temporary files of the run, so a signal or a fatal error can remove them. */
#include "output.h"
#include "alloc.h"
#include "msg.h"
#include "strbuf.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_OPEN 16
static struct output *open_outputs[MAX_OPEN];

static void remember(struct output *o, int add)
{
	for (int i = 0; i < MAX_OPEN; i++) {
		if (add && !open_outputs[i]) {
			open_outputs[i] = o;
			return;
		}
		if (!add && open_outputs[i] == o) {
			open_outputs[i] = NULL;
			return;
		}
	}
}

int output_open(struct output *o, const char *path)
{
	struct strbuf tmp = STRBUF_INIT;
	const char *slash;
	int fd;

	memset(o, 0, sizeof(*o));
	o->target = xstrdup(path);
	if (!strcmp(path, "-")) {
		o->fp = stdout;
		return 0;
	}
	slash = strrchr(path, '/');
	if (slash)
		strbuf_add(&tmp, path, (size_t)(slash - path + 1));
	strbuf_addf(&tmp, ".%s.tmp-XXXXXX", slash ? slash + 1 : path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		int e = errno;
		strbuf_release(&tmp);
		free(o->target);
		o->target = NULL;
		return msg_fail(EXIT_OUTPUT, "cannot create a temporary file next to %s: %s", msg_quote(path), strerror(e));
	}
	/* mkstemp makes 0600; feeds are read by web servers and upload tools: honour the umask */
	{
		mode_t um = umask(0);
		umask(um);
		fchmod(fd, 0666 & ~um);
	}
	o->tmp = strbuf_detach(&tmp, NULL);
	o->fp = fdopen(fd, "wb");
	if (!o->fp) {
		close(fd);
		unlink(o->tmp);
		return msg_fail(EXIT_OUTPUT, "cannot open %s: %s", msg_quote(o->tmp), strerror(errno));
	}
	setvbuf(o->fp, NULL, _IOFBF, 1 << 16);
	remember(o, 1);
	return 0;
}

void output_write(struct output *o, const void *data, size_t len)
{
	if (o->failed || !len)
		return;
	if (fwrite(data, 1, len, o->fp) != len) {
		o->failed = 1;
		o->err = errno ? errno : EIO;
	}
}

int output_commit(struct output *o)
{
	int rc = 0;

	if (!o->fp)
		return 0;
	if (fflush(o->fp) || ferror(o->fp)) {
		o->failed = 1;
		o->err = errno ? errno : EIO;
	}
	if (!o->tmp) { /* stdout */
		o->fp = NULL;
		if (o->failed)
			rc = msg_fail(EXIT_OUTPUT, "writing to standard output failed: %s", strerror(o->err));
		free(o->target);
		o->target = NULL;
		return rc;
	}
	if (!o->failed && fsync(fileno(o->fp)) && errno != EINVAL) {
		o->failed = 1;
		o->err = errno;
	}
	if (fclose(o->fp) && !o->failed) {
		o->failed = 1;
		o->err = errno;
	}
	o->fp = NULL;
	if (!o->failed && rename(o->tmp, o->target)) {
		o->failed = 1;
		o->err = errno;
	}
	if (o->failed) {
		rc = msg_fail(EXIT_OUTPUT, "cannot write %s: %s (the previous file is untouched)", msg_quote(o->target),
			      strerror(o->err));
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
	if (o->fp && o->tmp)
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	o->fp = NULL;
	remember(o, 0);
	free(o->tmp);
	free(o->target);
	o->tmp = o->target = NULL;
}

void output_abort_all(void)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (open_outputs[i] && open_outputs[i]->tmp)
			unlink(open_outputs[i]->tmp); /* async-signal-safe part only */
}
