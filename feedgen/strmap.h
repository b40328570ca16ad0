/* strmap.h: an open-addressing hash map from strings to a long value, used for the indexes
 * that must grow with the catalog (inventory by SKU, ids already written).
 * Owns: copies of its keys (kept in one arena, freed together). */
#ifndef FEEDGEN_STRMAP_H
#define FEEDGEN_STRMAP_H
#include <stddef.h>

struct strmap_entry {
	const char *key;
	size_t keylen;
	unsigned long hash;
	long value;
	int flags;         /* free for the user (inventory: "used by an item") */
};

struct strmap {
	struct strmap_entry *slots;
	size_t cap, count;
	char **arena;      /* key storage blocks */
	size_t arena_n, arena_alloc, arena_left;
	char *arena_next;
};
#define STRMAP_INIT { NULL, 0, 0, NULL, 0, 0, 0, NULL }

/* Find the entry for key; NULL when absent. */
struct strmap_entry *strmap_find(struct strmap *m, const char *key, size_t len);
/* Find or insert (value 0, flags 0); *created tells which. */
struct strmap_entry *strmap_put(struct strmap *m, const char *key, size_t len, int *created);
void strmap_release(struct strmap *m);
/* Iterate: for (i = 0; (e = strmap_next(m, &i));) */
struct strmap_entry *strmap_next(struct strmap *m, size_t *i);
#endif
