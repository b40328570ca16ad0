/* output_wb.h: write-behind for one output file (output.h): the caller fills buffers of
 * OUTPUT_WB_BUFFER bytes and hands each full one over; a thread of the file's own writes them
 * (write(2), in order), asks the kernel to start their write-back every 8 MB
 * (sync_file_range) and drops the pages written back before (posix_fadvise), so the thread
 * that produces the bytes waits for the kernel only when every buffer is in flight. The
 * thread starts with the second buffer: a file that fits in one is written by the caller at
 * the end, with no thread. The first write error (errno) stops the writing and is reported by
 * the next hand-over or by output_wb_finish(); writes go through iofault(IO_WRITE).
 * Owns: the buffers and the thread; not the descriptor (output.c closes it). */
#ifndef FEEDGEN_OUTPUT_WB_H
#define FEEDGEN_OUTPUT_WB_H
#include <stddef.h>

#define OUTPUT_WB_BUFFER (256 << 10)

struct output_wb;

/* A writer whose first (empty) buffer is `first` (OUTPUT_WB_BUFFER bytes, from xmalloc; w owns
 * it from now on). Allocates (xcalloc): call it before the file exists. */
struct output_wb *output_wb_new(char *first);
/* The descriptor to write into (the file, once it exists). */
void output_wb_attach(struct output_wb *w, int fd);
/* Hand over buf (len bytes, the one from output_wb_new or the last hand-over) to be written;
 * returns the next empty buffer in *buf. Returns 0, or the errno of a write that failed
 * (then nothing more is written). */
int output_wb_hand_over(struct output_wb *w, char **buf, size_t len);
/* Write the last len bytes of buf, wait until everything is written and end the thread.
 * Returns 0 or the errno of the first write that failed. Frees w and every buffer. */
int output_wb_finish(struct output_wb *w, char *buf, size_t len);
/* Stop without writing what is still queued (the file is being removed), end the thread,
 * free w and every buffer (the one being filled too). */
void output_wb_abort(struct output_wb *w);
#endif
