/* skumap.h: the inventory's SKU table (issue 12: bytes per SKU): SKU -> entry number, entries
 * numbered from 0 in insertion order, iterated in slot order (the order of the unknown-SKU
 * warnings: the same table growth, hash and probing as strmap.c, so the same order).
 * Per SKU: 4-byte slots (the entry number + 1 under a hash tag that spares a probe most key
 * compares, at 38 to 75% load: 5.3 to 10.7 bytes), the key
 * packed in one arena after its length (1 byte below 255, else 255 and 4; no NUL), and
 * the arena offset of every 8th key (the others are reached by skipping keys): about 22 bytes
 * for a 14-byte SKU in a table of 340,000 (strmap: 43).
 * Owns: the slots, the key arena and the offsets. */
#ifndef FEEDGEN_SKUMAP_H
#define FEEDGEN_SKUMAP_H
#include <stddef.h>
#include <stdint.h>

struct skumap {
	uint32_t *slots;       /* low log2(cap) bits: entry number + 1 (0: empty); above: a hash tag */
	size_t cap, count;
	unsigned char *arena;  /* the keys in entry order (at most 4 GiB) */
	size_t arena_len, arena_alloc;
	uint32_t *group;       /* arena offset of entry 8 * i */
	size_t group_alloc;
};
#define SKUMAP_INIT { NULL, 0, 0, NULL, 0, 0, NULL, 0 }

/* The entry number of key, or -1 (reads only: safe from several threads). */
long skumap_find(const struct skumap *m, const char *key, size_t len);
/* Find or insert key; *created tells which. Returns its entry number. */
size_t skumap_put(struct skumap *m, const char *key, size_t len, int *created);
/* Entry n's key (not NUL-terminated; valid until the next skumap_put) and its length. */
const char *skumap_key(const struct skumap *m, size_t n, size_t *len);
/* Iterate entry numbers in slot order: for (i = 0; (n = skumap_next(m, &i)) >= 0;) */
long skumap_next(const struct skumap *m, size_t *i);
/* Give back the arrays' unused room (after loading a file). */
void skumap_trim(struct skumap *m);
void skumap_release(struct skumap *m);
#endif
