/* fetch.h: getting catalogs and stock over HTTP(S) with libcurl: shop APIs (Shopify Admin
 * REST, WooCommerce REST v3, TikTok Shop Open API), Shopify bulk-operation JSONL, and plain
 * http/https/file URLs. A feed is never built from part of a catalog: any request that still
 * fails after its retries ends the run with EXIT_INPUT before anything is published.
 * Owns: the HTTP client state, the conditional-request cache, progress output. */
#ifndef FEEDGEN_FETCH_H
#define FEEDGEN_FETCH_H
#include <stdio.h>
#include "catalog.h"
#include "inventory.h"

struct fetch_options {
	const char *source;        /* "shopify", "woocommerce", "tiktokshop", or NULL (files) */
	const char *store_url;     /* --store-url */
	const char *api_version;   /* --api-version (Shopify), default FETCH_SHOPIFY_API_VERSION */
	const char *api_url;       /* --api-url (TikTok Shop), default the production host */
	int inventory_from_shop;   /* --inventory-source shopify */
	long timeout;              /* --timeout seconds (total per request), default 60 */
	int retries;               /* --retries, default 4 */
	const char *cacert;        /* --cacert FILE */
	const char *cache_dir;     /* --cache-dir, conditional requests; NULL: off */
	int quiet;                 /* --quiet: no progress */
};
#define FETCH_SHOPIFY_API_VERSION "2025-01"

void fetch_options_init(struct fetch_options *fo);
/* True when s is an http://, https:// or file:// URL. */
int fetch_is_url(const char *s);
/* Open a URL's body for streaming (downloaded to an unlinked temporary file first, with the
 * size caps, retries and cache). Returns 0 with *fp set, or EXIT_INPUT after a message. */
int fetch_open_url(const struct fetch_options *fo, const char *url, FILE **fp);
/* Pull every product from the API named by fo->source and hand each record, in that
 * source's dialect, to fn. Shopify records are REST product objects; WooCommerce records are
 * product objects with their variations embedded as "variations":[{...}]; TikTok Shop
 * records are search-result product objects. With inventory_from_shop, per-location stock is
 * summed into the records (and into inv when given). Returns 0, EXIT_USAGE (missing option or
 * credential variable, named) or EXIT_INPUT (a request failed; URL redacted, status named). */
int fetch_source_records(const struct fetch_options *fo, struct inventory *inv, record_fn fn, void *arg);
/* The dialect of fo->source. */
enum dialect fetch_source_dialect(const struct fetch_options *fo);
/* The `feedgen fetch` command (writes a JSONL snapshot). */
int cmd_fetch(int argc, char **argv);
#endif
