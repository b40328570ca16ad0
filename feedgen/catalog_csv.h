/* catalog_csv.h: CSV product exports as catalogs (issue 13): Shopify's product export
 * (`shopify-csv`: one row per variant, the product's fields on its first row, image rows after,
 * rows grouped by Handle) and WooCommerce's (`woocommerce-csv`: a row per product and per
 * variation, variations naming their parent by id:N or SKU, anywhere in the file). Each
 * product is assembled into the record the shop's JSON dialect already has (a Shopify REST
 * product, a WooCommerce REST product with its variations embedded) and handed to the same
 * record_fn as JSON catalogs, so the normalising rules exist once. Memory: one product for
 * Shopify (its rows are contiguous); for WooCommerce an index of the variation rows' offsets
 * (two passes over a seekable file; a pipe is spooled to a temporary file first).
 * Owns: the CSV reader and the record being built. */
#ifndef FEEDGEN_CATALOG_CSV_H
#define FEEDGEN_CATALOG_CSV_H
#include "catalog.h"
#include "csv.h"
#include <jansson.h>
#include <stdio.h>

enum csv_catalog_kind { CSV_CATALOG_NONE = 0, CSV_CATALOG_SHOPIFY, CSV_CATALOG_WOOCOMMERCE };

/* 1 when fp, at its start, holds CSV rather than JSON (the first byte after a BOM and white
 * space is an ASCII letter or '"', as a header row's first column name). Consumes nothing but a
 * BOM and leading white space. */
int catalog_is_csv(FILE *fp);
/* The kind of export a header row is ("Handle" + "Variant SKU"/"Variant Price": Shopify; "Type" +
 * "SKU" + "Regular price": WooCommerce), or CSV_CATALOG_NONE. */
enum csv_catalog_kind csv_catalog_kind_of_header(char **fields, size_t n);
const char *csv_catalog_kind_name(enum csv_catalog_kind k);
/* A --catalog-type: shopify, woocommerce, tiktokshop (JSON, or CSV when the file is one),
 * shopify-csv, woocommerce-csv, or feed (catalog_feed.h; *dialect left as it was). Returns 0 with the dialect and the CSV export it names
 * (CSV_CATALOG_NONE: any, detected), or -1 when unknown. */
int catalog_type_parse(const char *name, enum dialect *dialect, enum csv_catalog_kind *csv);

/* Stream the catalog fp (positioned after catalog_is_csv()): read the header, check it is the
 * export `want` names (CSV_CATALOG_NONE: detect it), and hand every assembled product to fn.
 * shop_url (may be NULL) makes WooCommerce permalinks (SHOP/?p=ID: exports carry none).
 * *dialect is set to the JSON dialect of the records. Returns 0, fn's value, EXIT_USAGE
 * (not the export asked for, WooCommerce without a shop URL) or EXIT_INPUT (a bad row, named by
 * file and line). */
int catalog_csv_stream(FILE *fp, const char *source, enum csv_catalog_kind want, const char *shop_url,
		       enum dialect *dialect, record_fn fn, void *arg);

/* Shared by the two exports (catalog_csv.c): columns by header name. */
struct csv_columns {
	char **names;   /* the header (copied) */
	size_t n;
};
void csv_columns_init(struct csv_columns *c, char **fields, size_t n);
void csv_columns_release(struct csv_columns *c);
/* The column named name, or -1. */
int csv_column(const struct csv_columns *c, const char *name);
/* The record's value in column col ("" when the column is absent or the row is short). */
const char *csv_cell(const struct csv_reader *r, int col);
/* A JSON string of a cell: bytes that are not UTF-8 replaced by U+FFFD. */
json_t *csv_string(const char *value);
/* 0 when a field of the current record is not UTF-8 (for one warning per file). */
int csv_row_is_utf8(const struct csv_reader *r);
void csv_warn_not_utf8(const char *source, long first_line, unsigned long rows);
/* Set key to the cell's text unless it is empty (repaired as csv_string does). */
void csv_set_text(json_t *obj, const char *key, const char *value);
/* Set key to a whole number when the cell is one; returns 1 when set. */
int csv_set_integer(json_t *obj, const char *key, const char *value);

/* The WooCommerce export (catalog_csv_woo.c). */
int catalog_csv_woocommerce(struct csv_reader *r, const struct csv_columns *cols, const char *source,
			    const char *shop_url, record_fn fn, void *arg);
#endif
