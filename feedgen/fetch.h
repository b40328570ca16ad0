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
	/* Environment (not options): FEEDGEN_RETRY_BASE_MS shrinks the backoff base (tests),
	 * FEEDGEN_MAX_RESPONSE lowers the 256 MiB response cap. Credentials only come from the
	 * environment: SHOPIFY_ACCESS_TOKEN, WOOCOMMERCE_CONSUMER_KEY/_SECRET,
	 * TIKTOK_SHOP_APP_KEY/_APP_SECRET/_ACCESS_TOKEN/_CIPHER. */
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
 * records are product details (GET /product/202309/products/{id}, one request per product)
 * merged over their search results. With inventory_from_shop, per-location stock is
 * summed into the records (and into inv when given). Returns 0, EXIT_USAGE (missing option or
 * credential variable, named) or EXIT_INPUT (a request failed; URL redacted, status named). */
int fetch_source_records(const struct fetch_options *fo, struct inventory *inv, record_fn fn, void *arg);
/* One record as one line of compact JSON (no newline; borrowed until the call returns). */
typedef int (*line_fn)(void *arg, const char *json, size_t len);
/* fetch_source_records() for a snapshot: each record, masked, as one JSON line to fn.
 * Shopify's pages (without --inventory-source shopify) are checked and split as bytes
 * (fetch_page.h): the lines keep the server's spelling of strings and numbers; the other
 * sources' records are dumped by jansson. Returns as fetch_source_records(). */
int fetch_source_lines(const struct fetch_options *fo, line_fn fn, void *arg);
/* The dialect of fo->source. */
enum dialect fetch_source_dialect(const struct fetch_options *fo);
/* The dialect named by a snapshot's first line ({"feedgen_snapshot":1,"source":"woocommerce",...},
 * as `feedgen fetch` writes it), or -1 when the line is not a snapshot header. */
int catalog_snapshot_dialect(const char *first_line_json);
/* Shopify bulk-operation JSONL (child lines carry "__parentId", in any order): 1 when the
 * first line of fp looks like one (an "id" of the form gid://shopify/...), else 0; fp is
 * rewound (it must be seekable, as fetch_open_url's files are); -1 when reading failed. */
int shopify_bulk_sniff(FILE *fp);
/* Assemble a bulk JSONL file into Shopify REST-shaped product objects (variants, images,
 * options; GraphQL names converted) and hand each to fn, in the order the products appear.
 * Memory holds an index of line offsets, not the records. fp must be seekable.
 * Returns 0, fn's value, or EXIT_INPUT (bad line, child whose parent is missing). */
int shopify_bulk_stream(FILE *fp, const char *source, record_fn fn, void *arg);
/* The per-source fetchers behind fetch_source_records(). */
int fetch_shopify_records(const struct fetch_options *fo, struct inventory *inv, record_fn fn, void *arg);
int fetch_woocommerce_records(const struct fetch_options *fo, struct inventory *inv, record_fn fn, void *arg);
int fetch_tiktokshop_records(const struct fetch_options *fo, struct inventory *inv, record_fn fn, void *arg);
int fetch_shopify_lines(const struct fetch_options *fo, line_fn fn, void *arg);
/* The `feedgen fetch` command (writes a JSONL snapshot). */
int cmd_fetch(int argc, char **argv);
#endif
