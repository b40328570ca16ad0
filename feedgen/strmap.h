/* strmap.h: an open-addressing hash map from strings to a long value (ids a feed accepted on
 * its own, category maps, variant indexes; the inventory has a smaller table, skumap.h, that
 * keeps this one's slot order).
 * Owns: its entries (in fixed blocks: an entry never moves) and copies of its keys (kept in one
 * arena, freed together; a key never moves either). 16 bytes per entry, 8 per slot at 38 to 75%
 * load, and the key with a 1-byte length (5 from 255 bytes) and its NUL: 43 bytes for a
 * 14-byte SKU in a map of 340,000 (issue 12; 51 before). */
#ifndef FEEDGEN_STRMAP_H
#define FEEDGEN_STRMAP_H
#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
	long value;
	uint32_t key;      /* the key's place in the arena (strmap_key, strmap_keylen) */
	int flags;         /* free for the user (inventory: "used by an item") */
};

struct strmap_slot {
	uint32_t entry;    /* index + 1 into the entries; 0: empty */
	uint32_t hash;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap, count;
	struct strmap_entry **blocks; /* entries, STRMAP_BLOCK per block */
	size_t blocks_alloc;
	char **arena;      /* key storage blocks */
	size_t arena_n, arena_alloc, arena_left;
	char *arena_next;
};
#define STRMAP_INIT { NULL, 0, 0, NULL, 0, NULL, 0, 0, 0, NULL }

/* Find the entry for key; NULL when absent. */
struct strmap_entry *strmap_find(struct strmap *m, const char *key, size_t len);
/* Find or insert (value 0, flags 0); *created tells which. Keys are shorter than 4 GiB. The
 * entry stays where it is for the map's life. */
struct strmap_entry *strmap_put(struct strmap *m, const char *key, size_t len, int *created);
void strmap_release(struct strmap *m);
/* An entry's key (NUL-terminated, valid for the map's life) and its length. */
const char *strmap_key(const struct strmap *m, const struct strmap_entry *e);
size_t strmap_keylen(const struct strmap *m, const struct strmap_entry *e);
/* Entries are numbered in insertion order from 0 (skupool.h numbers the inventory's SKUs so):
 * the number of key's entry, or -1; entry number i (below count). */
long strmap_index(const struct strmap *m, const char *key, size_t len);
struct strmap_entry *strmap_at(const struct strmap *m, size_t i);
/* Iterate (in slot order): for (i = 0; (e = strmap_next(m, &i));) */
struct strmap_entry *strmap_next(struct strmap *m, size_t *i);
#endif
