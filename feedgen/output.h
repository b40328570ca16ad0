/* output.h: an output file written atomically: a temporary file in the target directory
 * (named .NAME.tmp-PID-XXXXXX), checked writes, fflush + fsync, then rename over the target.
 * A run that fails calls output_abort() and the previous file is untouched. "-" means standard
 * output; a character device or a FIFO (/dev/null, a pipe) is written straight into, never
 * renamed over; a directory, socket or block device is refused; a symlink to a file is followed
 * (the file it points to is replaced atomically, the link stays). Temporaries left by dead runs
 * for the same target are removed when it is opened.
 * A temporary file is written behind (output_wb.h): output_write fills 256 KB buffers, a thread
 * of the file's own makes the write(2) calls; a write that failed there is seen by a later
 * output_write (o->failed) or at the latest by output_commit, with the same message and exit
 * code. Standard output, devices and FIFOs are written through stdio by the caller, as before.
 * Owns: the temporary file (removed on abort), its write-behind buffers and thread (ended
 * before output_commit or output_abort returns), and the FILE* of stdout/devices/FIFOs. */
#ifndef FEEDGEN_OUTPUT_H
#define FEEDGEN_OUTPUT_H
#include <stdio.h>
#include <sys/types.h>

struct output {
	char *target;     /* final path (a symlink resolved), or "-" */
	char *tmp;        /* temporary path, or NULL for stdout and devices/FIFOs */
	FILE *fp;         /* stdout, a device or a FIFO (NULL for a temporary: wb) */
	struct output_wb *wb; /* a temporary's write-behind (output_wb.h), or NULL */
	int fd;           /* the temporary's, or fp's (fp may be a counted stream without one: iofault.h) */
	int direct;       /* written straight into a device or FIFO: no temporary, no rename */
	int failed;       /* a write failed (errno kept in err) */
	int err;
	char *buf;              /* the buffer being filled (wb), or fp's (devices, FIFOs); stdout keeps its own */
	size_t fill;            /* bytes in buf (wb) */
};

/* Open; returns 0 or EXIT_OUTPUT after a message. A new file gets mode 0666 minus the umask. */
int output_open(struct output *o, const char *path);
/* The same with an exact mode for a new file (0600: snapshots). */
int output_open_mode(struct output *o, const char *path, mode_t mode);
/* Write helpers that record failure instead of returning it on every call. */
void output_write(struct output *o, const void *data, size_t len);
/* Flush, fsync, close and rename into place. Returns 0 or EXIT_OUTPUT after a message (the
 * temporary file is removed). */
int output_commit(struct output *o);
/* Close and remove the temporary file: nothing is published. Safe to call twice. */
void output_abort(struct output *o);
/* Remove the temporaries of target left by runs that died (output_open does it too; a run that
 * opens no output, such as one skipped because nothing changed, calls this). */
void output_remove_stale(const char *target);
/* Remove every temporary file still open (called from a signal handler path / atexit). */
void output_abort_all(void);

/* The output set: one transaction for every file of a run. After output_set_begin(),
 * output_commit() only completes a file (flush, fsync, close) and keeps its temporary;
 * output_set_publish() renames every completed file into place, in the order they were
 * committed, and output_set_abort() removes them all, so a run that fails anywhere leaves
 * every previous file byte-identical. Devices, FIFOs and stdout are written directly. */
void output_set_begin(void);
int output_set_publish(void);
/* After a failed output_set_publish(): how many files were renamed before the failure (0:
 * nothing was published). */
size_t output_set_partly_published(void);
/* The completed temporary waiting to replace path (a symlink resolved as output_open does), or
 * NULL: what the run is about to publish there, read by the change report (feed_diff.h). */
const char *output_set_completed(const char *path);
void output_set_abort(void);
/* After a successful output_set_publish(): the targets it renamed into place, in order (valid
 * until the next publish). */
size_t output_set_published(const char *const **targets);
/* Add a copy of the file `source` as `target` to the set: a hard link under the temporary name
 * when the file system allows one (no bytes copied), else a copy. Returns 0 or an exit code. */
int output_set_add_copy(const char *source, const char *target);
/* A file to remove when the set is published, after every file is in place (a part of a split
 * feed that this run no longer writes, feed_parts.h); a path the set also publishes is kept.
 * Forgotten by output_set_abort(). A removal that fails is a warning: the run is published. */
void output_set_remove(const char *path);

/* Where feedgen keeps what it knows about a file it writes, beside it: append DIR/.feedgen/SUB/NAME
 * to sb for the file DIR/NAME (a bare NAME: .feedgen/SUB/NAME); with make_dirs, .feedgen and
 * .feedgen/SUB are made first where missing (the change report's digest, a split feed's record). */
struct strbuf;
void output_state_path(struct strbuf *sb, const char *file, const char *sub, int make_dirs);
/* The file name of path: what follows its last '/', or path itself. */
const char *output_base_name(const char *path);
#endif
