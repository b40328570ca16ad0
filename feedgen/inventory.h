/* inventory.h: the stock index (SKU -> quantity summed over locations) read from an
 * inventory CSV, one of the few structures that grow with the catalog.
 * Owns: its SKU table, quantities and "used" marks (inventory.c). */
#ifndef FEEDGEN_INVENTORY_H
#define FEEDGEN_INVENTORY_H
#include <stddef.h>
#include "finding.h"

struct inventory_options {
	const char *sku_column;       /* default "sku" */
	const char *quantity_column;  /* default "quantity" */
	const char *location_column;  /* default "location" (optional column) */
};

struct inventory;
struct inventory *inventory_new(void);
void inventory_free(struct inventory *inv);
/* Read a CSV (path, "-" or a URL fetched with fo: the run's timeouts, retries, CA and cache;
 * NULL: the defaults); rows are summed per SKU. Unusable rows become warnings in `findings`.
 * Returns 0, EXIT_INPUT when unreadable, EXIT_USAGE when a column is missing. */
struct fetch_options;
int inventory_load(struct inventory *inv, const char *path, const struct inventory_options *opt,
		   const struct fetch_options *fo, struct findings *findings);
/* Add (sum) a quantity for a SKU directly (API sources). */
void inventory_add(struct inventory *inv, const char *sku, long quantity);
/* 1 and *quantity when the SKU is known (and marks it used), else 0. Safe from several
 * threads at once (catalog workers): nothing but the mark is written, atomically. */
int inventory_lookup(struct inventory *inv, const char *sku, long *quantity);
size_t inventory_size(const struct inventory *inv);
/* Give back the unused room of its arrays (after the last inventory_add of a load). */
void inventory_trim(struct inventory *inv);
/* SKUs are numbered in the order they were first added (skupool.h): key's number or -1 (reads
 * only, marks nothing); number n's SKU (not NUL-terminated) and its length. */
long inventory_number(const struct inventory *inv, const char *sku, size_t len);
const char *inventory_sku(const struct inventory *inv, size_t n, size_t *len);
/* Report every SKU that no catalog item asked for ("unknown SKU" warnings). */
void inventory_report_unused(struct inventory *inv, struct findings *findings);
#endif
