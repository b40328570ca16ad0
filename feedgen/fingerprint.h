/* fingerprint.h: what a run read, as content hashes (issue 11, "unchanged sources"). While
 * recording is on, every input the source opener hands out (catalogs, the inventory: source.h)
 * is fingerprinted: its SHA-256 (libcrypto) over the bytes, and its stat identity (device,
 * inode, size, mtime) so that a file whose identity equals the previous run's record is not
 * read twice: the previous run's hash is taken. A stream that cannot be rewound (a pipe, a
 * FIFO) has no fingerprint, and a run that read one is never "unchanged".
 * Owns: the list of fingerprints of the run (one global recorder: sources are opened by the
 * main thread before the run starts) and the previous run's list (JSON, borrowed reference). */
#ifndef FEEDGEN_FINGERPRINT_H
#define FEEDGEN_FINGERPRINT_H
#include <jansson.h>
#include <stdio.h>

/* Start recording; previous is the previous run's fingerprint array (fingerprint_json()), or
 * NULL. Its reference is kept until fingerprint_end(). */
void fingerprint_begin(json_t *previous);
/* Called by source_open() for every input: fingerprint fp (rewound to where it was) when
 * recording. Returns 0, or EXIT_INPUT after a message when reading it failed. */
int fingerprint_source(const char *what, const char *path, FILE *fp);
/* The run's fingerprints, a new JSON array of {"what","path","sha256","size","dev","ino",
 * "mtime_ns"} ("sha256" null for a stream that could not be read twice). */
json_t *fingerprint_json(void);
/* Stop recording (the run's sources are open; later reads, such as the guard counting the feed
 * a file replaces, are not sources). The list is kept until fingerprint_end(). */
void fingerprint_freeze(void);
/* 1 when every source of this run has a hash and the list equals previous (same sources in
 * the same order, same hashes); 0 otherwise. */
int fingerprint_unchanged(void);
void fingerprint_end(void);
/* SHA-256 of a byte string as 64 lowercase hex digits into out[65]. */
void fingerprint_sha256_hex(const void *data, size_t len, char out[65]);
#endif
