/* test_category_map.c: unit tests for the category map (category_map.c): folding (case, spaces,
 * separators, Latin-1 capitals), exact and longest-prefix matching, categories normalised as
 * feeds get them, a catalog's own google_product_category kept, the per product_type counts
 * and the one warning per unmapped product_type.
 * Owns: its maps and items. */
#include "check.h"
#include "category_map.h"
#include "msg.h"
#include <stdlib.h>

static struct category_map *map_of(const char *csv, int *rc)
{
	FILE *fp = fmemopen((void *)csv, strlen(csv), "r");
	struct category_map *m = category_map_new("test.csv");

	*rc = category_map_read(m, fp);
	fclose(fp);
	return m;
}

static const char *fold(const char *s)
{
	static struct strbuf sb = STRBUF_INIT;

	category_fold(&sb, s);
	return sb.buf;
}

static void item_of(struct item *it, const char *type, const char *category)
{
	item_reset(it);
	item_set(it, ITEM_ID, "SKU");
	item_set(it, ITEM_PRODUCT_TYPE, type);
	if (category)
		item_set(it, ITEM_GOOGLE_PRODUCT_CATEGORY, category);
}

int main(void)
{
	struct findings f = FINDINGS_INIT;
	struct category_map *m;
	struct item it;
	enum category_match how;
	const struct category_row *r;
	int rc;

	msg_set_quiet(1);
	CHECK_STR(fold("  Shoes>Sneakers  "), "shoes > sneakers");
	CHECK_STR(fold("APPAREL  >  Base   Layers"), "apparel > base layers");
	CHECK_STR(fold("VÊTEMENTS > Polaires"), "vêtements > polaires");
	CHECK_STR(fold("A >> B >"), "a > b");
	CHECK_STR(fold(""), "");

	m = map_of("\xEF\xBB\xBFnote,Product_Type,google_product_category\r\n"
		   "x,Shoes,187\r\n"
		   "\r\n"
		   "y,\"Apparel > Jackets\",\"Apparel & Accessories>Clothing >  Outerwear\"\r\n"
		   "z,shoes,187\r\n", &rc);
	CHECK_INT(rc, 0);
	CHECK_INT(m->nrows, 2);
	r = category_map_find(m, "SHOES > Sneakers > Kids", &how);
	CHECK(r && !strcmp(r->category, "187") && how == CATEGORY_PREFIX && r->line == 2);
	r = category_map_find(m, "apparel>jackets", &how);
	CHECK(r && how == CATEGORY_EXACT && r->line == 4);
	CHECK_STR(r ? r->category : NULL, "Apparel & Accessories > Clothing > Outerwear");
	CHECK(!category_map_find(m, "Shoe", &how) && how == CATEGORY_NONE);
	CHECK(!category_map_find(m, "Apparel", &how)); /* a prefix of a row is not a match */

	item_init(&it);
	item_of(&it, "Shoes > Boots", NULL);
	category_map_apply(m, &it);
	CHECK_STR(item_get(&it, ITEM_GOOGLE_PRODUCT_CATEGORY), "187");
	item_of(&it, "shoes > boots", "Apparel & Accessories > Shoes > Boots");
	category_map_apply(m, &it);
	CHECK_STR(item_get(&it, ITEM_GOOGLE_PRODUCT_CATEGORY), "Apparel & Accessories > Shoes > Boots"); /* the catalog's wins */
	for (int i = 0; i < 3; i++) {
		item_of(&it, "Hats", NULL);
		category_map_apply(m, &it);
	}
	CHECK_STR(item_get(&it, ITEM_GOOGLE_PRODUCT_CATEGORY), "");
	item_of(&it, "", NULL);
	category_map_apply(m, &it);
	CHECK_INT(m->nseen, 3);
	CHECK(m->seen[0].items == 2 && m->seen[0].mapped == 1 && m->seen[0].catalog == 1 && m->seen[0].missing == 0);
	CHECK_STR(m->seen[0].product_type, "Shoes > Boots"); /* the first spelling */
	CHECK(m->seen[1].items == 3 && m->seen[1].missing == 3 && m->seen[1].match == CATEGORY_NONE);
	category_map_report(m, &f);
	CHECK_INT(f.n, 2);
	CHECK(f.n == 2 && !strcmp(f.v[0].rule, "category-unmapped") && f.v[0].severity == SEV_WARNING &&
	      strstr(f.v[0].message, "'Hats'") && strstr(f.v[0].message, "3 items have no google_product_category") &&
	      !strcmp(f.v[0].source, "test.csv"));
	CHECK(f.n == 2 && strstr(f.v[1].message, "1 item has no product_type"));
	findings_release(&f);
	category_map_free(m);

	/* without a map file (feedgen categories alone): counted, never reported */
	m = category_map_new(NULL);
	item_of(&it, "Hats", NULL);
	category_map_apply(m, &it);
	category_map_report(m, &f);
	CHECK(m->nseen == 1 && m->seen[0].missing == 1 && f.n == 0);
	category_map_free(m);
	category_map_apply(NULL, &it); /* no map: nothing */
	item_release(&it);

	/* load errors */
	{
		static const char *const bad[] = {
			"product_type\nShoes\n", "google_product_category,x\n187,y\n", "", "product_type,google_product_category\n,187\n",
			"product_type,google_product_category\nShoes,\n", "product_type,google_product_category\nShoes,12a\n",
			"product_type,google_product_category\nShoes,> Shoes\n", "product_type,google_product_category\nShoes,Shoes >\n",
			"product_type,google_product_category\nShoes,187 - Apparel & Accessories > Shoes\n",
			"product_type,google_product_category\nShoes,187\nSHOES,188\n", "product_type,google_product_category\nShoes,\"187\n",
			"product_type,google_product_category\nShoes,12345678901\n", "product_type,google_product_category\n > > ,187\n", NULL
		};
		for (int i = 0; bad[i]; i++) {
			m = map_of(bad[i], &rc);
			if (!check_report(rc == EXIT_USAGE, "a bad map is a configuration error", __FILE__, __LINE__))
				printf("#   input %d\n", i);
			category_map_free(m);
		}
	}
	return CHECK_DONE();
}
