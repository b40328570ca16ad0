/* category_map.h: the category map (issue 13 item 5, docs/categories.md): a CSV with the
 * columns product_type and google_product_category that fills an item's
 * google_product_category from its product_type, when the catalog gives none. Matching is
 * exact after folding (spaces trimmed and collapsed, ASCII and Latin-1 letters lowercased, '>'
 * separators spaced as " > "), then the longest " > " prefix of the product_type ("Shoes >
 * Sneakers" falls back to a "Shoes" row). The map also counts every product_type it sees (for
 * the once-per-category warning and `feedgen categories`).
 * Owns: its rows (copies of their strings), the index and the per product_type counts. */
#ifndef FEEDGEN_CATEGORY_MAP_H
#define FEEDGEN_CATEGORY_MAP_H
#include "item.h"
#include "strmap.h"
#include <stdio.h>

struct fetch_options;

struct category_row {
	char *product_type;      /* as written in the file, trimmed */
	char *category;          /* google_product_category as written to feeds: digits, or a path with " > " */
	long line;
};

enum category_match { CATEGORY_NONE = 0, CATEGORY_EXACT, CATEGORY_PREFIX };

/* One product_type of the catalog (folded spellings count as one; the first spelling is kept). */
struct category_seen {
	char *product_type;      /* "" for items without one */
	unsigned long items;     /* items of this product_type */
	unsigned long catalog;   /* of them, items that brought their own google_product_category (kept) */
	unsigned long mapped;    /* filled by the map */
	unsigned long missing;   /* left without a google_product_category */
	enum category_match match;
	long row;                /* the row matched (index into rows), -1: none */
};

struct category_map {
	char *path;              /* NULL: no map file (feedgen categories without one) */
	struct category_row *rows;
	size_t nrows, rows_alloc;
	struct strmap index;     /* folded product_type -> row index + 1 */
	struct category_seen *seen;
	size_t nseen, seen_alloc;
	struct strmap seen_index;/* folded product_type -> seen index + 1 */
	struct strbuf key;       /* scratch */
};

/* An empty map (path may be NULL); category_map_free() releases it. */
struct category_map *category_map_new(const char *path);
void category_map_free(struct category_map *m);
/* Open path (a file, a URL fetched with fo, or -: source.h) and read it into a new *out.
 * Returns 0; EXIT_USAGE after a message naming the file and line (no header, a missing column,
 * an empty product_type or category, a category that is neither an id nor a path, a
 * product_type mapped twice to different categories, a malformed CSV); EXIT_INPUT when it
 * cannot be opened. */
int category_map_load(struct category_map **out, const char *path, const struct fetch_options *fo);
/* Read the rows of fp into m (m->path names it in messages). Returns 0 or EXIT_USAGE. */
int category_map_read(struct category_map *m, FILE *fp);
/* The row for a product_type (exact, else the longest prefix), or NULL; *match says which. */
const struct category_row *category_map_find(struct category_map *m, const char *product_type,
					     enum category_match *match);
/* Fill the item's google_product_category when it has none and the map knows its product_type;
 * count it. m NULL: nothing. */
void category_map_apply(struct category_map *m, struct item *it);
/* One warning (rule category-unmapped) per product_type whose items were left without a
 * google_product_category, with their count; one more for items with no product_type.
 * Only when the map has a file. m NULL: nothing. */
void category_map_report(const struct category_map *m, struct findings *f);
/* Fold a product_type into out (reset first): the matching key. */
void category_fold(struct strbuf *out, const char *s);
#endif
