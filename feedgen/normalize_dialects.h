/* normalize_dialects.h: the WooCommerce and TikTok Shop dialects of normalize.h (Shopify's is
 * declared there). Owns: nothing (each maps one borrowed record into items via the sink).
 * Return 0 or the sink's non-zero value; records that yield no item count in
 * n->skipped_records (with a finding in n->findings when something is wrong with them). */
#ifndef FEEDGEN_NORMALIZE_DIALECTS_H
#define FEEDGEN_NORMALIZE_DIALECTS_H
#include "normalize.h"

/* A WooCommerce REST v3 product; a variable product's variations embedded as
 * "variations":[{full variation objects}] (as `fetch` writes them). Only status publish and
 * catalog_visibility visible|catalog unless opt->include_inactive. */
int normalize_woocommerce_product(struct normalizer *n, json_t *product, const char *source, long line);
/* A TikTok Shop product (search result or product detail): one item per entry of skus[]. */
int normalize_tiktokshop_product(struct normalizer *n, json_t *product, const char *source, long line);
/* As normalize_shopify_keys (normalize.h): every member name each reads, at any depth. */
int normalize_woocommerce_keys(struct json_fast_keys *set);
int normalize_tiktokshop_keys(struct json_fast_keys *set);
#endif
