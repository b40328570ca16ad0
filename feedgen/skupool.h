/* skupool.h: one copy of each SKU (item id) of a build, numbered, so that the indexes that grow
 * with the catalog (the feeds' accepted ids, each feed's change-report capture) refer to an id
 * by a 32-bit number instead of holding a copy and a hash table of their own (issue 12: 216 bytes
 * per SKU over five indexes, each with its own keys). The inventory's SKUs are numbers 0 .. n - 1
 * (its own map, read-only here: no second copy), other ids are added after them.
 * Owns: the ids not in the inventory (an idindex), a reference count; the inventory when one is
 * given (freed with the pool: the change report uses the pool after the pipeline closed). */
#ifndef FEEDGEN_SKUPOOL_H
#define FEEDGEN_SKUPOOL_H
#include "idindex.h"
#include <stddef.h>
#include <stdint.h>

struct inventory;

struct skupool {
	struct inventory *inv;  /* numbers 0 .. base - 1 are its SKUs (owned), or NULL */
	size_t base;            /* the inventory's SKUs when it was given (later ones go to more) */
	struct idindex more;    /* the other ids: numbers base + entry */
	uint32_t last;          /* the number skupool_intern gave last, + 1 (0: none): tried first, then the next */
	uint32_t *lines;        /* by number: the line of the first item a feed accepted (idset.c; 0: none) */
	size_t lines_alloc;
	int refs;
};

struct skupool *skupool_new(void);
/* Take one more reference; the last skupool_unref frees the pool (and its inventory). */
struct skupool *skupool_ref(struct skupool *p);
void skupool_unref(struct skupool *p);
/* Number the inventory's SKUs first (before any skupool_intern) and own it from now on. */
void skupool_set_inventory(struct skupool *p, struct inventory *inv);
/* The number of key, added when new (one thread: the pipeline's ordered consumer). */
uint32_t skupool_intern(struct skupool *p, const char *key, size_t len);
/* The number of key, or -1: reads only (the change report's threads at once). */
long skupool_find(const struct skupool *p, const char *key, size_t len);
/* Number n's key and its length (an inventory SKU is not NUL-terminated). */
const char *skupool_key(const struct skupool *p, uint32_t n, size_t *len);
size_t skupool_count(const struct skupool *p);
#endif
