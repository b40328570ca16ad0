/* skupool.c: the build's one copy of each SKU (skupool.h): the inventory's map numbers its
 * SKUs, an idindex (8-byte entries, 4-byte slots, the key and its NUL) the ids it lacks.
 * Owns: the pool, its idindex and, once given, the inventory. */
#include "skupool.h"
#include "alloc.h"
#include "inventory.h"
#include "msg.h"
#include <stdlib.h>
#include <string.h>

struct skupool *skupool_new(void)
{
	struct skupool *p = xcalloc(1, sizeof(*p));

	idindex_init(&p->more, 0);
	p->refs = 1;
	return p;
}

struct skupool *skupool_ref(struct skupool *p)
{
	p->refs++;
	return p;
}

void skupool_unref(struct skupool *p)
{
	if (!p || --p->refs > 0)
		return;
	idindex_release(&p->more);
	inventory_free(p->inv);
	free(p->lines);
	free(p);
}

void skupool_set_inventory(struct skupool *p, struct inventory *inv)
{
	p->inv = inv;
	if (inv)
		inventory_trim(inv); /* the last SKUs an API source added */
	p->base = inv ? inventory_size(inv) : 0;
	if (p->more.n || p->base > UINT32_MAX / 2)
		exit(msg_fail(EXIT_NOMEM, "out of memory: more than %u SKUs", UINT32_MAX / 2));
}

/* In the inventory as it was given: an SKU it gained later (API sources add as they go) is
 * one of the others, so that a number never changes. */
static long in_base(const struct skupool *p, const char *key, size_t len)
{
	long n;

	if (!p->base)
		return -1;
	n = inventory_number(p->inv, key, len);
	return n >= 0 && (size_t)n < p->base ? n : -1;
}

const char *skupool_key(const struct skupool *p, uint32_t n, size_t *len)
{
	if (n < p->base)
		return inventory_sku(p->inv, n, len);
	*len = idindex_len(&p->more, n - p->base);
	return idindex_key(&p->more, n - p->base);
}

long skupool_find(const struct skupool *p, const char *key, size_t len)
{
	long n = in_base(p, key, len);

	if (n < 0 && (n = idindex_find(&p->more, key, len)) >= 0)
		n += (long)p->base;
	return n;
}

static int is_key(const struct skupool *p, uint32_t n, const char *key, size_t len)
{
	size_t l;
	const char *k = skupool_key(p, n, &l);

	return l == len && !memcmp(k, key, len);
}

uint32_t skupool_intern(struct skupool *p, const char *key, size_t len)
{
	long n;
	int created;

	/* the feeds of a build ask for the same id one after the other, and a catalog often lists
	 * its SKUs in its inventory's order: the number given last, then the one after it (its
	 * key beside the last one's), before a probe (a cache miss or two in a large table) */
	if (p->last) {
		if (is_key(p, p->last - 1, key, len))
			return p->last - 1;
		if (p->last < skupool_count(p) && is_key(p, p->last, key, len))
			return p->last++;
	}
	if ((n = in_base(p, key, len)) < 0) {
		if (p->base + p->more.n >= UINT32_MAX / 2)
			exit(msg_fail(EXIT_NOMEM, "out of memory: more than %u SKUs", UINT32_MAX / 2));
		n = (long)(p->base + idindex_put(&p->more, key, len, &created));
	}
	p->last = (uint32_t)n + 1;
	return (uint32_t)n;
}

size_t skupool_count(const struct skupool *p)
{
	return p->base + p->more.n;
}
