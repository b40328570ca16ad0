/* shard.h: `--shard K/N` (issue 12, beyond one machine): a build keeps only the items whose
 * item group id (the item's id when it has none) hashes to shard K of N, so N machines running
 * the same configuration each write one part of every feed, and `feedgen merge` joins them.
 * The hash is FNV-1a 64-bit of the id's UTF-8 bytes (offset basis 14695981039346656037, prime
 * 1099511628211), taken modulo N: shard K holds the ids whose hash % N == K - 1. Every file a
 * sharded run writes is named with ".shard-K-of-N" before its extension (feeds/google.xml:
 * feeds/google.shard-3-of-8.xml; .gz kept last), so shards never share a file, a lock, a
 * history or a safety-guard comparison. Owns: the renamed paths (shard_release frees them). */
#ifndef FEEDGEN_SHARD_H
#define FEEDGEN_SHARD_H
#include <stddef.h>
#include <stdint.h>
#include "strbuf.h"
struct item;
struct run_config;

struct shard {
	unsigned long k, n;   /* n == 0: no sharding */
	char **names;         /* paths renamed by shard_apply(), owned */
	size_t nnames;
};

/* Parse "K/N" (1 <= K <= N <= 65536). Returns 0, or EXIT_USAGE after a message. */
int shard_parse(struct shard *s, const char *arg);
uint64_t shard_hash(const char *bytes, size_t len);
/* 1 when the item belongs to this shard (always when s->n is 0). */
int shard_keeps(const struct shard *s, const struct item *it);
/* path with ".shard-K-of-N" inserted before its extension (before the one under ".gz"). */
void shard_path(struct strbuf *out, const char *path, const struct shard *s);
/* Rename every file c writes (the feed, promotions feed, voucher codes, report, summary,
 * metrics, HTML report, the lock) to its shard's name; "-" stays. No-op without --shard. */
void shard_apply(struct run_config *c);
void shard_release(struct shard *s);
/* The K and N of a name shard_path() made (0), or -1 when it has no ".shard-K-of-N". */
int shard_of_path(const char *path, unsigned long *k, unsigned long *n);
/* The name without its ".shard-K-of-N": the unsharded build's file (merge). */
void shard_plain_path(struct strbuf *out, const char *path);
/* A shard's history is its own: the configuration it records is "CONFIG#shard-K-of-N". */
struct history;
void shard_history(struct history *h, const struct shard *s);
#endif
