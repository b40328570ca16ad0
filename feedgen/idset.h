/* idset.h: the ids accepted by the feeds of one build that compare ids the same way (exactly,
 * or ignoring case), by their number in the build's SKU pool (skupool.h): per number a bit per
 * feed (1 byte for up to 8 feeds, 2 for 16, else 4), and in the pool the line of the first
 * item a feed accepted with the id (4 bytes, one for all the sets: the feeds of a build see
 * the same items, so the line is the same but where a feed rejected the first), so that twelve feeds of one catalog hold its ids once, in the pool (issue 12: a key and a hash
 * table per set before, 44 bytes per SKU; 8 bytes of marks per set before).
 * A set that ignores case adds a table of its own: numbers hashed by the lowercased id (4-byte
 * slots, sized from the pool; a slot's bits above the number are a tag from the hash, so that
 * a probe compares the key of almost no slot but the one it looks for), the first spelling of
 * an id standing for all of them.
 * Owns: the marks, the table, a reference to the pool. */
#ifndef FEEDGEN_IDSET_H
#define FEEDGEN_IDSET_H
#include "skupool.h"
#include <stddef.h>
#include <stdint.h>

#define ID_SET_MAX_FEEDS 31
struct id_mark {               /* a copy (id_set_get, id_set_put) */
	uint32_t feeds;        /* the feeds that accepted the id: bit 1 << feed (0: none yet) */
	uint32_t line;         /* the line of the first feed's item (0: none, or beyond 2^32) */
};

struct id_set {
	struct skupool *pool;  /* a reference (id_set_use), or NULL: a pool of its own at first use */
	int ignore_case;
	int users;             /* feeds sharing it: bits 0 .. users - 1 */
	unsigned char *feeds;  /* by pool number: the feed bits, width bytes each */
	size_t width, marks_alloc; /* width: 1, 2 or 4 (the users when the first id came; wider later) */
	uint32_t *fold;        /* ignoring case: per slot, pool number + 1 in the low fold_bits (0: empty), a tag above */
	size_t fold_cap, fold_n;
	unsigned fold_bits;    /* the pool numbers' width in a slot (widened when the pool outgrows it) */
	/* ignoring case: the number fold_number found last, + 1 (0: none), its key's length and
	 * last byte (lowercased): most misses are told without reading the key */
	uint32_t fold_last;
	size_t fold_last_len;
	char fold_last_end;
};
#define ID_SET_INIT { NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, 0, 0, 0, 0 }

/* Use pool (a reference is taken) for the set's ids; before the first id_set_number. */
void id_set_use(struct id_set *s, struct skupool *pool);
/* The number of id in the set (key: id lowercased when the set ignores case, else id itself),
 * its mark made (zero) when new. */
uint32_t id_set_number(struct id_set *s, const char *id, const char *key, size_t len);
/* Number n's mark, and a new one for it (n from id_set_number). The line is the pool's, shared
 * by the sets: set once (a 0 line may be replaced), so put returns 0 when another set's feed
 * gave n another line (the caller keeps this feed's own), else 1. */
struct id_mark id_set_get(const struct id_set *s, uint32_t n);
int id_set_put(struct id_set *s, uint32_t n, struct id_mark m);
/* The ids with a mark made (for tests and the README's figures). */
size_t id_set_count(const struct id_set *s);
void id_set_release(struct id_set *s);
#endif
