/* fuzz_categorymap.c: libFuzzer target for the category map loader (category_map.c): the
 * header, rows, category checks and duplicates of any CSV; then, when it loads, every row is
 * found again by its own product_type (exactly), its category is an id or a clean " > " path,
 * and an item of that product_type gets it (a catalog value is kept).
 * Owns: the map and item of each input. */
#include "category_map.h"
#include "msg.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int clean_category(const char *c)
{
	size_t n = strlen(c);

	if (n && strspn(c, "0123456789") == n)
		return 1;
	if (!n || c[0] == ' ' || c[n - 1] == ' ' || c[0] == '>' || c[n - 1] == '>')
		return 0;
	for (const char *p = c; (p = strchr(p, '>')); p++) /* every separator is " > " */
		if (p[-1] != ' ' || p[1] != ' ' || p[2] == ' ' || p[2] == '>')
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp;
	struct category_map *m;
	struct item it;
	enum category_match how;

	msg_set_quiet(1);
	if (!size || !(fp = fmemopen((void *)data, size, "r")))
		return 0;
	m = category_map_new("fuzz.csv");
	if (category_map_read(m, fp)) {
		fclose(fp);
		category_map_free(m);
		return 0;
	}
	fclose(fp);
	item_init(&it);
	for (size_t i = 0; i < m->nrows; i++) {
		const struct category_row *r = &m->rows[i];
		if (!clean_category(r->category) || category_map_find(m, r->product_type, &how) != r || how != CATEGORY_EXACT)
			abort();
		item_reset(&it);
		item_set(&it, ITEM_PRODUCT_TYPE, r->product_type);
		category_map_apply(m, &it);
		if (strcmp(item_get(&it, ITEM_GOOGLE_PRODUCT_CATEGORY), r->category))
			abort();
		category_map_apply(m, &it); /* now it has one: kept */
		if (strcmp(item_get(&it, ITEM_GOOGLE_PRODUCT_CATEGORY), r->category))
			abort();
	}
	item_release(&it);
	category_map_free(m);
	return 0;
}
