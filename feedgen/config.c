/* config.c: the command-line options of build, validate and fetch, as one table (curl's habit:
 * options sorted by name, each with its argument and help line), parsed with getopt_long.
 * Owns: the arrays in struct run_config. */
#include "config.h"
#include "catalog_csv.h"
#include "alloc.h"
#include "mapping.h"
#include "money.h"
#include "msg.h"
#include "urlenc.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum opt_id {
	OPT_ALLOW_EMPTY = 256, OPT_API_URL, OPT_API_VERSION, OPT_BRAND, OPT_CACERT, OPT_CACHE_DIR, OPT_CATALOG,
	OPT_CATALOG_CHANNEL, OPT_CATALOG_TYPE, OPT_CHANNEL, OPT_CONFIG, OPT_CURRENCY, OPT_DROP_INVALID, OPT_EXIT_CODE, OPT_FAIL_ON, OPT_FEED, OPT_FEED_TITLE, OPT_FORCE, OPT_FORMAT, OPT_GZIP, OPT_GZIP_LEVEL, OPT_HELP, OPT_HTML,
	OPT_INCLUDE_INACTIVE, OPT_INVENTORY, OPT_INVENTORY_LOCATION_COLUMN, OPT_INVENTORY_QUANTITY_COLUMN,
	OPT_INVENTORY_SKU_COLUMN, OPT_INVENTORY_SOURCE, OPT_KEEP, OPT_LAST_CHANCE, OPT_LOCK, OPT_LOW_STOCK, OPT_MAPPING, OPT_MAX_BYTES, OPT_MAX_DROP_PERCENT, OPT_MAX_ITEMS, OPT_MAX_LIST, OPT_MAX_MESSAGES, OPT_MAX_REJECTED_PERCENT, OPT_METRICS, OPT_MIN_ITEMS,
	OPT_OUTPUT, OPT_QUIET, OPT_REPORT, OPT_REPORT_FORMAT, OPT_RETRIES, OPT_SHARD, OPT_SHOP_URL, OPT_SOURCE,
	OPT_STORE_URL, OPT_SUMMARY, OPT_THREADS, OPT_TIMEOUT, OPT_UPLOAD_DIRECT, OPT_UPLOAD_KEY_FILE, OPT_UPLOAD_KNOWN_HOSTS,
	OPT_UPLOAD_PASSWORD_ENV, OPT_UPLOAD_URL, OPT_UPLOAD_USER_ENV, OPT_URGENCY_FLAG_FIELD, OPT_URGENCY_TEXT, OPT_URGENCY_TEXT_FIELD, OPT_VERBOSE, OPT_WAIT,
	OPT_CATEGORIES, OPT_MISSING_CSV, /* the category map (issue 13, category_map.h) */
	/* retargeting (issue 5): parsed by retarget_option() in retarget.c */
	OPT_BENEFIT, OPT_FREE_SHIPPING_OVER, OPT_PAYMENT_TEXT, OPT_PROMOTION_DESTINATION, OPT_PROMOTION_TITLE,
	OPT_PROMOTIONS_OUTPUT, OPT_RETURNS_DAYS, OPT_SEGMENT, OPT_SEGMENT_FIELD, OPT_SEGMENT_MESSAGE,
	OPT_SEGMENT_MESSAGE_FIELD, OPT_UNIQUE_VOUCHERS, OPT_VOUCHER_AMOUNT, OPT_VOUCHER_APPLY_PRICE, OPT_VOUCHER_CAMPAIGN,
	OPT_VOUCHER_CODE, OPT_VOUCHER_CODE_FIELD, OPT_VOUCHER_CODES_OUTPUT, OPT_VOUCHER_MESSAGE, OPT_VOUCHER_MESSAGE_FIELD,
	OPT_VOUCHER_PERCENT, OPT_VOUCHER_PRODUCTS, OPT_VOUCHER_SEGMENTS, OPT_VOUCHER_VALID,
	OPT_ID, OPT_LIMIT /* preview (issue 13) */
};

struct option_help {
	struct option opt;
	const char *arg;      /* argument name for usage, or NULL */
	const char *commands; /* "build validate", "build", ... */
	const char *help;
};

/* Sorted by option name. */
static const struct option_help options[] = {
	{ { "allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY }, NULL, "build", "publish a feed even when no item is valid" },
	{ { "api-url", required_argument, NULL, OPT_API_URL }, "URL", "build validate fetch", "TikTok Shop API host (default the production host)" },
	{ { "api-version", required_argument, NULL, OPT_API_VERSION }, "V", "build validate fetch", "Shopify Admin API version (default " FETCH_SHOPIFY_API_VERSION ")" },
	{ { "benefit", required_argument, NULL, OPT_BENEFIT }, "TEXT", "build validate", "viewers' benefit line template (default: first sentence of the description)" }, /* issue 5 */
	{ { "brand", required_argument, NULL, OPT_BRAND }, "NAME", "build validate", "brand for products whose catalog names none" },
	{ { "cacert", required_argument, NULL, OPT_CACERT }, "FILE", "build validate fetch", "trust this CA certificate (PEM) for HTTPS" },
	{ { "cache-dir", required_argument, NULL, OPT_CACHE_DIR }, "DIR", "build validate fetch", "keep ETag/Last-Modified of URL sources here (conditional requests)" },
	{ { "catalog", required_argument, NULL, OPT_CATALOG }, "FILE|URL", "build validate fetch", "catalog: JSON document, API page or JSON Lines (repeatable; - for stdin)" },
	{ { "catalog-channel", required_argument, NULL, OPT_CATALOG_CHANNEL }, "NAME", "build validate", "the channel of a catalog that is a feed (default: detected from its first item)" },
	{ { "catalog-type", required_argument, NULL, OPT_CATALOG_TYPE }, "TYPE", "build validate", "shopify (default), woocommerce, tiktokshop (JSON; their CSV exports are detected), shopify-csv, woocommerce-csv, mapped (with --mapping), feed (an existing feed; detected)" },
	{ { "categories", required_argument, NULL, OPT_CATEGORIES }, "FILE|URL", "build validate categories", "category map CSV (product_type, google_product_category): fills google_product_category where the catalog has none (docs/categories.md)" },
	{ { "channel", required_argument, NULL, OPT_CHANNEL }, "NAME", "build validate diff repair merge", "channel template: tiktok, google, meta, or a template file (validate: repeatable; diff: default detected)" },
	{ { "config", required_argument, NULL, OPT_CONFIG }, "FILE", "build rollback preview", "build every feed the JSON configuration declares, in one pass (docs/config.md)" },
	{ { "currency", required_argument, NULL, OPT_CURRENCY }, "CODE", "build validate repair", "ISO 4217 currency of catalog prices (default USD)" },
	{ { "drop-invalid", no_argument, NULL, OPT_DROP_INVALID }, NULL, "repair", "leave out the items that keep errors after the repairs (default: written as they are)" },
	{ { "exit-code", no_argument, NULL, OPT_EXIT_CODE }, NULL, "diff", "exit 1 when the feeds differ (as git diff --exit-code)" },
	{ { "fail-on", required_argument, NULL, OPT_FAIL_ON }, "warning", "validate repair", "exit 1 on warnings too" },
	{ { "feed", required_argument, NULL, OPT_FEED }, "FILE|URL", "validate repair", "validate or repair an existing feed (CSV, TSV or XML, detected; a URL is fetched with the fetch options)" },
	{ { "feed", required_argument, NULL, OPT_FEED }, "NAME", "preview", "the configuration's feed whose rules are shown after the top level's (default the first)" },
	{ { "feed-title", required_argument, NULL, OPT_FEED_TITLE }, "TEXT", "build repair", "title of the XML feed's channel" },
	{ { "force", no_argument, NULL, OPT_FORCE }, NULL, "build", "publish even when the safety guard refuses (a warning per limit passed)" },
	{ { "format", required_argument, NULL, OPT_FORMAT }, "FMT", "build repair", "csv, tsv or xml (default: from the output name, else csv; repair: the input's)" },
	{ { "free-shipping-over", required_argument, NULL, OPT_FREE_SHIPPING_OVER }, "AMOUNT", "build validate", "checkout_dropoffs message: free shipping from this order value" }, /* issue 5 */
	{ { "gzip", no_argument, NULL, OPT_GZIP }, NULL, "build merge", "compress the feed with gzip while writing it ('.gz' is appended to the output name)" },
	{ { "gzip-level", required_argument, NULL, OPT_GZIP_LEVEL }, "N", "build", "gzip compression level, 1 (fastest) to 9 (smallest; default 6)" },
	{ { "help", no_argument, NULL, OPT_HELP }, NULL, "build validate fetch diff rollback repair merge preview", "show this help" },
	{ { "html", required_argument, NULL, OPT_HTML }, "FILE", "build validate", "write a self-contained HTML feed health report (build: even when it fails)" },
	{ { "id", required_argument, NULL, OPT_ID }, "ID", "preview", "show the item with this id or item_group_id (repeatable; instead of the first --limit items)" },
	{ { "include-inactive", no_argument, NULL, OPT_INCLUDE_INACTIVE }, NULL, "build validate", "keep draft and archived products" },
	{ { "inventory", required_argument, NULL, OPT_INVENTORY }, "FILE|URL", "build validate", "inventory CSV: sku, quantity[, location]; summed per SKU" },
	{ { "inventory-location-column", required_argument, NULL, OPT_INVENTORY_LOCATION_COLUMN }, "NAME", "build validate", "location column name (default location)" },
	{ { "inventory-quantity-column", required_argument, NULL, OPT_INVENTORY_QUANTITY_COLUMN }, "NAME", "build validate", "quantity column name (default quantity)" },
	{ { "inventory-sku-column", required_argument, NULL, OPT_INVENTORY_SKU_COLUMN }, "NAME", "build validate", "SKU column name (default sku)" },
	{ { "inventory-source", required_argument, NULL, OPT_INVENTORY_SOURCE }, "shopify", "build validate fetch", "read per-location stock from the Shopify API" },
	{ { "keep", required_argument, NULL, OPT_KEEP }, "N", "build", "with --config: keep the last N published versions of every file in .feedgen/history/ (default 3; 0: none)" },
	{ { "last-chance", required_argument, NULL, OPT_LAST_CHANCE }, "N", "build validate", "flag 1..N units as last_chance instead of low_stock (default off; 2 is usual)" },
	{ { "limit", required_argument, NULL, OPT_LIMIT }, "N", "preview", "show the first N items (default 5)" },
	{ { "lock", required_argument, NULL, OPT_LOCK }, "FILE", "build rollback", "with --config: the lock file (default CONFIG.lock; for a read-only configuration directory)" },
	{ { "low-stock", required_argument, NULL, OPT_LOW_STOCK }, "N", "build validate diff", "flag 1..N units as low_stock with an urgency text (default 5; 0: off)" },
	{ { "mapping", required_argument, NULL, OPT_MAPPING }, "FILE|JSON", "build validate", "read the catalog with this field mapping (a JSON object, or a file holding it: docs/mapping.md); implies --catalog-type mapped" },
	{ { "max-bytes", required_argument, NULL, OPT_MAX_BYTES }, "N[K|M|G]", "build", "split the feed into numbered files of at most N bytes each (gzipped: compressed bytes; 0: never)" },
	{ { "max-drop-percent", required_argument, NULL, OPT_MAX_DROP_PERCENT }, "N", "build", "refuse to publish a feed with over N% fewer items than the file it replaces (default 20)" },
	{ { "max-items", required_argument, NULL, OPT_MAX_ITEMS }, "N", "build", "split the feed into numbered files of at most N items each (0: never)" },
	{ { "max-list", required_argument, NULL, OPT_MAX_LIST }, "N", "diff", "items shown per list (default 20 in text, all in JSON; 0: all)" },
	{ { "max-messages", required_argument, NULL, OPT_MAX_MESSAGES }, "N", "build validate repair", "findings shown on stderr (default 20; the report has all)" },
	{ { "max-rejected-percent", required_argument, NULL, OPT_MAX_REJECTED_PERCENT }, "N", "build", "refuse to publish when over N% of the catalog's items are rejected (default 10)" },
	{ { "metrics", required_argument, NULL, OPT_METRICS }, "FILE", "build", "write a Prometheus textfile (node exporter) about the run, even when it fails" },
	{ { "min-items", required_argument, NULL, OPT_MIN_ITEMS }, "N", "build", "refuse to publish a feed of fewer than N items (default 1; 0 with --allow-empty)" },
	{ { "missing-csv", required_argument, NULL, OPT_MISSING_CSV }, "FILE", "categories", "write the product types left without a google_product_category as a category map to complete" },
	{ { "output", required_argument, NULL, OPT_OUTPUT }, "FILE", "build fetch repair merge", "file to write atomically (build: - for stdout; fetch: the JSONL snapshot)" },
	{ { "payment-text", required_argument, NULL, OPT_PAYMENT_TEXT }, "TEXT", "build validate", "checkout_dropoffs message: payment line (default 'Secure checkout'; '' omits it)" }, /* issue 5 */
	{ { "promotion-destination", required_argument, NULL, OPT_PROMOTION_DESTINATION }, "LIST", "build", "promotions feed destinations (default Shopping_ads)" }, /* issue 5 */
	{ { "promotion-title", required_argument, NULL, OPT_PROMOTION_TITLE }, "TEXT", "build validate", "promotion long_title, <= 60 chars, no code or date (default '{discount} off selected items')" }, /* issue 5 */
	{ { "promotions-output", required_argument, NULL, OPT_PROMOTIONS_OUTPUT }, "FILE", "build", "write the Google promotions feed (.tsv/.txt or .xml) for the voucher" }, /* issue 5 */
	{ { "quiet", no_argument, NULL, OPT_QUIET }, NULL, "build validate fetch diff rollback repair merge preview", "only errors on stderr" },
	{ { "report", required_argument, NULL, OPT_REPORT }, "FILE", "build validate repair", "write every finding and the summary to FILE (- for stdout)" },
	{ { "report-format", required_argument, NULL, OPT_REPORT_FORMAT }, "FMT", "build validate diff repair preview", "text (default), json, junit or github (diff, categories, preview: text or json)" },
	{ { "retries", required_argument, NULL, OPT_RETRIES }, "N", "build validate fetch", "retries of a failed HTTP request (default 4)" },
	{ { "returns-days", required_argument, NULL, OPT_RETURNS_DAYS }, "N", "build validate", "checkout_dropoffs message: 'N-day returns'" }, /* issue 5 */
	{ { "segment", required_argument, NULL, OPT_SEGMENT }, "NAME", "build validate", "retargeting feed for viewers, cart_abandoners or checkout_dropoffs (default: none, new audiences)" }, /* issue 5 */
	{ { "segment-field", required_argument, NULL, OPT_SEGMENT_FIELD }, "FIELD", "build validate", "field for the segment name (default custom_label_4)" }, /* issue 5 */
	{ { "segment-message", required_argument, NULL, OPT_SEGMENT_MESSAGE }, "TEXT", "build validate", "segment message template ({benefit} {voucher_message} {urgency} {free_shipping} ...)" }, /* issue 5 */
	{ { "segment-message-field", required_argument, NULL, OPT_SEGMENT_MESSAGE_FIELD }, "FIELD", "build validate", "field for the segment message (default custom_label_3)" }, /* issue 5 */
	{ { "shard", required_argument, NULL, OPT_SHARD }, "K/N", "build rollback", "keep only shard K of N (FNV-1a 64 of the item group id, else id, mod N; files named NAME.shard-K-of-N.EXT)" }, /* issue 12 */
	{ { "shop-url", required_argument, NULL, OPT_SHOP_URL }, "URL", "build validate", "public shop URL for product links (required for Shopify catalogs)" },
	{ { "source", required_argument, NULL, OPT_SOURCE }, "API", "build validate fetch", "fetch the catalog from shopify, woocommerce or tiktokshop" },
	{ { "store-url", required_argument, NULL, OPT_STORE_URL }, "URL", "build validate fetch", "the shop API's base URL (with --source)" },
	{ { "summary", required_argument, NULL, OPT_SUMMARY }, "FILE", "build merge", "write the run summary as JSON (timings, counts, guard decisions), even when it fails" },
	{ { "threads", required_argument, NULL, OPT_THREADS }, "N", "build validate", "decode and normalise a JSON catalog on N worker threads (default: the number of cores; 1: all on one thread; CSV and bulk exports and API sources: one thread)" },
	{ { "timeout", required_argument, NULL, OPT_TIMEOUT }, "SECONDS", "build validate fetch", "total time allowed per HTTP request, and the wait for a FIFO's writer or reader (default 60)" },
	{ { "unique-vouchers", no_argument, NULL, OPT_UNIQUE_VOUCHERS }, NULL, "build validate", "one code per SKU: CODE-XXXXXXXXXX from HMAC-SHA256 keyed with $FEEDGEN_VOUCHER_SECRET" }, /* issue 5 */
	{ { "upload-direct", no_argument, NULL, OPT_UPLOAD_DIRECT }, NULL, "build", "upload under the final name (no temporary name + rename: servers that refuse renames)" },
	{ { "upload-key-file", required_argument, NULL, OPT_UPLOAD_KEY_FILE }, "FILE", "build", "sftp: log in with this private key (the password variable, if named, is its passphrase)" },
	{ { "upload-known-hosts", required_argument, NULL, OPT_UPLOAD_KNOWN_HOSTS }, "FILE", "build", "sftp: the server's host key must be in FILE (default ~/.ssh/known_hosts)" },
	{ { "upload-password-env", required_argument, NULL, OPT_UPLOAD_PASSWORD_ENV }, "VAR", "build", "the environment variable holding the upload password" },
	{ { "upload-url", required_argument, NULL, OPT_UPLOAD_URL }, "URL", "build", "after publishing, upload the feed: sftp://, ftp://, ftps:// (explicit TLS), https:// (PUT); a URL ending in / gets the file's name" },
	{ { "upload-user-env", required_argument, NULL, OPT_UPLOAD_USER_ENV }, "VAR", "build", "the environment variable holding the upload user name" },
	{ { "urgency-flag-field", required_argument, NULL, OPT_URGENCY_FLAG_FIELD }, "FIELD", "build validate diff", "field for the low_stock flag (default custom_label_0)" },
	{ { "urgency-text", required_argument, NULL, OPT_URGENCY_TEXT }, "TEXT", "build validate", "urgency text template (default 'Only {quantity} left in stock!')" },
	{ { "urgency-text-field", required_argument, NULL, OPT_URGENCY_TEXT_FIELD }, "FIELD", "build validate", "field for the urgency text (default custom_label_1)" },
	{ { "verbose", no_argument, NULL, OPT_VERBOSE }, NULL, "build validate fetch diff rollback repair merge", "more progress messages" },
	{ { "voucher-amount", required_argument, NULL, OPT_VOUCHER_AMOUNT }, "N", "build validate", "voucher amount off, in the feed currency" }, /* issue 5 */
	{ { "voucher-apply-price", no_argument, NULL, OPT_VOUCHER_APPLY_PRICE }, NULL, "build validate", "set sale_price to the discounted price (window: sale_price_effective_date)" }, /* issue 5 */
	{ { "voucher-campaign", required_argument, NULL, OPT_VOUCHER_CAMPAIGN }, "NAME", "build validate", "campaign of unique codes and promotion id (default: the code)" }, /* issue 5 */
	{ { "voucher-code", required_argument, NULL, OPT_VOUCHER_CODE }, "CODE", "build validate", "exclusive voucher code for the segment feed (3-20 of A-Z 0-9 - _)" }, /* issue 5 */
	{ { "voucher-code-field", required_argument, NULL, OPT_VOUCHER_CODE_FIELD }, "FIELD", "build validate", "field for the voucher code (default custom_label_2)" }, /* issue 5 */
	{ { "voucher-codes-output", required_argument, NULL, OPT_VOUCHER_CODES_OUTPUT }, "FILE", "build", "write code,sku,segment,campaign CSV of the unique codes (shop import)" }, /* issue 5 */
	{ { "voucher-message", required_argument, NULL, OPT_VOUCHER_MESSAGE }, "TEXT", "build validate", "voucher message template (default 'Use code {code} for {discount} off')" }, /* issue 5 */
	{ { "voucher-message-field", required_argument, NULL, OPT_VOUCHER_MESSAGE_FIELD }, "FIELD", "build validate", "field for the voucher message (default custom_label_3)" }, /* issue 5 */
	{ { "voucher-percent", required_argument, NULL, OPT_VOUCHER_PERCENT }, "N", "build validate", "voucher percent off, 1 to 99" }, /* issue 5 */
	{ { "voucher-products", required_argument, NULL, OPT_VOUCHER_PRODUCTS }, "LIST", "build validate", "limit the voucher to these ids or item_group_ids (comma-separated)" }, /* issue 5 */
	{ { "voucher-segments", required_argument, NULL, OPT_VOUCHER_SEGMENTS }, "LIST", "build validate", "segments the voucher is for (default cart_abandoners)" }, /* issue 5 */
	{ { "voucher-valid", required_argument, NULL, OPT_VOUCHER_VALID }, "FROM/UNTIL", "build validate", "voucher validity window, ISO 8601 dates or date-times (UTC unless an offset is given)" }, /* issue 5 */
	{ { "wait", required_argument, NULL, OPT_WAIT }, "SECONDS", "build rollback", "with --config: wait this long for another run of the configuration to finish (default 0: exit 6)" },
};
#define NOPTIONS (sizeof(options) / sizeof(*options))

/* `feedgen categories` reads the catalog as validate does: these options too (cmd_categories.c) */
static const char *const categories_options[] = {
	"api-url", "api-version", "brand", "cacert", "cache-dir", "catalog", "catalog-type", "config", "currency", "help",
	"include-inactive", "quiet", "report-format", "retries", "shop-url", "source", "store-url", "threads", "timeout",
	"verbose", NULL
};

static int for_command(const struct option_help *o, const char *command)
{
	for (size_t i = 0; !strcmp(command, "categories") && categories_options[i]; i++)
		if (!strcmp(o->opt.name, categories_options[i]))
			return 1;
	return strstr(o->commands, command) != NULL;
}

void config_usage(const char *command, FILE *to)
{
	if (!strcmp(command, "fetch"))
		fprintf(to, "usage: feedgen fetch --source shopify|woocommerce|tiktokshop --output FILE [options]\n"
			    "       feedgen fetch --catalog URL --output FILE [options]   (Shopify bulk JSONL or a catalog file)\n\n");
	else if (!strcmp(command, "rollback"))
		fprintf(to, "usage: feedgen rollback --config FILE [--shard K/N] [--wait SECONDS] [--lock FILE]\n"
			    "       put back the set of files the run before the last one published (.feedgen/history/)\n\n");
	else if (!strcmp(command, "build"))
		fprintf(to, "usage: feedgen build --config FILE [--wait SECONDS] [options]   (every feed of one shop: docs/config.md)\n"
			    "       feedgen build --catalog FILE [--catalog FILE ...] [--inventory FILE] --channel NAME\n"
			    "                     --format csv|tsv|xml --output FILE [options]\n"
			    "       feedgen build --source shopify|woocommerce|tiktokshop --store-url URL --channel NAME ...\n\n");
	else if (!strcmp(command, "categories"))
		fprintf(to, "usage: feedgen categories --config FILE [--categories FILE] [--report-format text|json] [--missing-csv FILE]\n"
			    "       feedgen categories --catalog FILE [--catalog FILE ...] [--categories FILE] [options]\n\n"
			    "Lists every product_type of the catalog with its item count and how the category map\n"
			    "fills its google_product_category (docs/categories.md); writes no feed.\n\n");
	else if (!strcmp(command, "repair"))
		fprintf(to, "usage: feedgen repair --feed FILE --channel NAME --output FILE [--format csv|tsv|xml] [--drop-invalid]\n"
			    "                      [--report FILE] [--report-format FMT]\n\n"
			    "Writes the feed again with every safe repair made (enum spellings, invisible and control\n"
			    "characters, text cut at the channel's limits, bad extra images dropped, prices reformatted) and\n"
			    "reports each change; items with errors that cannot be repaired are kept as they are (exit 1).\n\n");
	else if (!strcmp(command, "merge")) /* issue 12 (shard.h) */
		fprintf(to, "usage: feedgen merge --output FILE PART... [--channel NAME] [--gzip]\n"
			    "       feedgen merge --summary FILE SUMMARY...\n\n"
			    "Joins the feed parts of a sharded build (build --shard K/N) into one feed: one header or XML\n"
			    "channel, the parts' items in part order; or their run summaries into one.\n\n");
	else if (!strcmp(command, "preview"))
		fprintf(to, "usage: feedgen preview --config FILE [--feed NAME] [--limit N] [--id ID ...] [--report-format text|json]\n\n"
			    "Runs the configuration's rules (docs/rules.md) on a sample of normalised items and prints each\n"
			    "item before and after, field by field; writes no feed and leaves .feedgen/ alone.\n\n");
	else if (!strcmp(command, "diff"))
		fprintf(to, "usage: feedgen diff OLD NEW [--channel NAME] [--report-format text|json] [--exit-code] [options]\n\n"
			    "Compares two feeds (CSV, TSV or XML, detected; gzip too) by id: items added, removed and\n"
			    "changed, price and availability changes, items entering or leaving low stock.\n\n");
	else
		fprintf(to, "usage: feedgen validate --catalog FILE [--catalog FILE ...] [--inventory FILE] --channel NAME\n"
			    "                        [--channel NAME ...] [--report FILE] [--report-format FMT] [--fail-on warning]\n"
			    "       feedgen validate --feed FILE --channel NAME [report options]\n\n");
	fprintf(to, "options:\n");
	for (size_t i = 0; i < NOPTIONS; i++) {
		char left[64];
		if (!for_command(&options[i], command))
			continue;
		snprintf(left, sizeof(left), "--%s%s%s", options[i].opt.name, options[i].arg ? " " : "",
			 options[i].arg ? options[i].arg : "");
		fprintf(to, "  %-34s %s\n", left, options[i].help);
	}
	if (!strcmp(command, "diff")) {
		fprintf(to, "\nexit codes: 0 compared (1 with --exit-code when they differ), 2 usage, 3 a feed could not be\n"
			    "read or is malformed (the file and line are named)\n");
		return;
	}
	if (!strcmp(command, "fetch")) {
		fprintf(to, "\nCredentials come only from the environment: SHOPIFY_ACCESS_TOKEN; WOOCOMMERCE_CONSUMER_KEY,\n"
			    "WOOCOMMERCE_CONSUMER_SECRET; TIKTOK_SHOP_APP_KEY, TIKTOK_SHOP_APP_SECRET,\n"
			    "TIKTOK_SHOP_ACCESS_TOKEN, TIKTOK_SHOP_CIPHER.\n"
			    "exit codes: 0 written, 2 usage (or a credential variable not set), 3 a request failed (nothing\n"
			    "written), 5 the snapshot could not be written\n");
		return;
	}
	if (!strcmp(command, "categories")) {
		fprintf(to, "\nexit codes: 0 listed, 2 usage, configuration or category map error (the file and line are\n"
			    "named), 3 the catalog could not be read, 5 the --missing-csv file could not be written\n");
		return;
	}
	if (!strcmp(command, "merge")) {
		fprintf(to, "\nexit codes: 0 merged, 2 usage, 3 a part or summary could not be read or does not belong with\n"
			    "the others (another channel, format, header or build; an id in two parts), 5 the output could not\n"
			    "be written (nothing was replaced)\n");
		return;
	}
	if (!strcmp(command, "preview")) {
		fprintf(to, "\nexit codes: 0 shown, 2 usage or configuration error (an unknown feed or --id), 3 a catalog\n"
			    "could not be read, 4 out of memory\n");
		return;
	}
	if (!strcmp(command, "rollback")) {
		fprintf(to, "\nexit codes: 0 rolled back, 2 usage or configuration error, 3 no earlier run in the history,\n"
			    "5 a file could not be restored (none was changed), 6 another run of the configuration holds its lock\n");
		return;
	}
	fprintf(to, "\nexit codes: 0 success (rejected items are reported, not fatal)%s, 2 usage or configuration\n"
		    "error, 3 input could not be read (nothing written), 4 out of memory, 5 output could not be written%s\n",
		    strcmp(command, "build") ? ", 1 errors found" : "",
		    strcmp(command, "build") ? "" : ",\n6 another run of the --config file holds its lock, 7 publish refused by the safety guard;\n"
		    "3 also when an upload failed after the publish (the local feeds stay published)");
}

static int parse_long(const char *opt, const char *arg, long min, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(arg, &end, 10);
	if (errno || *end || end == arg || *out < min || *out > max)
		return msg_fail(EXIT_USAGE, "option --%s: %s is not a whole number from %ld to %ld", opt, msg_quote(arg), min, max);
	return 0;
}

/* A byte count: digits with an optional K, M or G suffix (powers of 1024). */
static int parse_size(const char *opt, const char *arg, long long *out)
{
	char *end;
	long long v, mult = 1;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (*end && !end[1]) {
		const char *units = "KMG", *u = (end[0] & ~0x20) ? strchr(units, end[0] & ~0x20) : NULL;
		for (const char *k = units; u && k <= u; k++)
			mult *= 1024;
		if (u)
			end++;
	}
	if (errno || *end || end == arg || v < 0 || v > (1LL << 50) / mult)
		return msg_fail(EXIT_USAGE, "option --%s: %s is not a byte count (digits, optionally followed by K, M or G)", opt,
				msg_quote(arg));
	*out = v * mult;
	return 0;
}

static int parse_field(const char *opt, const char *arg, enum item_field *out)
{
	int f = item_field_from_name(arg);

	if (f < 0)
		return msg_fail(EXIT_USAGE, "option --%s: unknown field %s (e.g. custom_label_0)", opt, msg_quote(arg));
	*out = (enum item_field)f;
	return 0;
}

int config_parse(struct run_config *c, const char *command, int argc, char **argv)
{
	struct option longopts[NOPTIONS + 1];
	size_t n = 0;
	long num;
	int opt, idx = 0, rc = 0;

	memset(c, 0, sizeof(*c));
	c->command = command;
	c->format = -1;
	c->report_format = REPORT_TEXT;
	c->max_messages = 20;
	c->threads = sysconf(_SC_NPROCESSORS_ONLN); /* --threads' default: one worker per core */
	c->threads = c->threads < 1 ? 1 : c->threads > 64 ? 64 : c->threads;
	c->norm.currency = "USD";
	c->norm.currency_decimals = 2;
	urgency_options_init(&c->urgency);
	retarget_init(&c->retarget); /* issue 5 */
	fetch_options_init(&c->fetch);
	c->min_items = -1; /* default below: 1, or 0 with --allow-empty */
	c->max_drop_percent = 20;
	c->max_rejected_percent = 10;
	c->keep = 3;
	c->max_list = -1; /* diff: 20 in text, all in JSON */
	c->gzip_level = 6;
	c->limit = 5; /* preview */
	c->max_items = c->max_bytes = -1; /* the channel template's limits (feed_parts.h) */
	for (size_t i = 0; i < NOPTIONS; i++)
		if (for_command(&options[i], command))
			longopts[n++] = options[i].opt;
	memset(&longopts[n], 0, sizeof(longopts[n]));
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":hqvo:", longopts, &idx)) != -1) {
		const char *name = optind > 0 && optind <= argc ? argv[optind - 1] : "";
		switch (opt) {
		case OPT_CATALOG:
			ALLOC_GROW(c->catalogs, c->ncatalogs + 1, c->catalogs_alloc);
			c->catalogs[c->ncatalogs++] = optarg;
			break;
		case OPT_CHANNEL:
			ALLOC_GROW(c->channels, c->nchannels + 1, c->channels_alloc);
			c->channels[c->nchannels++] = optarg;
			break;
		case OPT_CATALOG_TYPE:
			if (strcmp(optarg, "mapped") && /* mapped: with --mapping (mapping.h) */
			    catalog_type_parse(optarg, &(enum dialect){ DIALECT_SHOPIFY }, &(enum csv_catalog_kind){ CSV_CATALOG_NONE }))
				return msg_fail(EXIT_USAGE, "option --catalog-type: unknown type %s (use shopify, woocommerce, tiktokshop, "
					       "shopify-csv, woocommerce-csv, mapped or feed)", msg_quote(optarg));
			c->catalog_type = optarg;
			break;
		case OPT_MAPPING:
			mapping_free(c->mapping);
			if ((rc = mapping_load(optarg, &c->mapping)))
				return rc;
			break;
		case OPT_CATALOG_CHANNEL: c->catalog_channel = optarg; break;
		case OPT_DROP_INVALID: c->drop_invalid = 1; break;
		case OPT_INVENTORY: c->inventory = optarg; break;
		case OPT_INVENTORY_SKU_COLUMN: c->inventory_opt.sku_column = optarg; break;
		case OPT_INVENTORY_QUANTITY_COLUMN: c->inventory_opt.quantity_column = optarg; break;
		case OPT_INVENTORY_LOCATION_COLUMN: c->inventory_opt.location_column = optarg; break;
		case OPT_FORMAT:
			if ((c->format = feed_format_from_name(optarg)) < 0)
				return msg_fail(EXIT_USAGE, "option --format: unknown format %s (use csv, tsv or xml)", msg_quote(optarg));
			break;
		case 'o':
		case OPT_OUTPUT: c->output = optarg; break;
		case OPT_FEED: c->feed = optarg; break;
		case OPT_REPORT: c->report = optarg; break;
		case OPT_REPORT_FORMAT:
			if ((c->report_format = report_format_from_name(optarg)) < 0)
				return msg_fail(EXIT_USAGE, "option --report-format: unknown format %s (use text, json, junit or github)", msg_quote(optarg));
			break;
		case OPT_FAIL_ON:
			if (!strcmp(optarg, "warning"))
				c->fail_on_warning = 1;
			else if (strcmp(optarg, "error"))
				return msg_fail(EXIT_USAGE, "option --fail-on: use 'warning' or 'error', not %s", msg_quote(optarg));
			break;
		case OPT_ALLOW_EMPTY: c->allow_empty = 1; break;
		case OPT_MAX_MESSAGES:
			if ((rc = parse_long("max-messages", optarg, 0, 1000000000L, &c->max_messages)))
				return rc;
			break;
		case OPT_FEED_TITLE: c->feed_title = optarg; break;
		case OPT_CURRENCY: c->currency_arg = optarg; break;
		case OPT_SHOP_URL: c->norm.shop_url = optarg; break;
		case OPT_BRAND: c->norm.default_brand = optarg; break;
		case OPT_INCLUDE_INACTIVE: c->norm.include_inactive = 1; break;
		case OPT_LOW_STOCK:
			if ((rc = parse_long("low-stock", optarg, 0, 1000000000L, &c->urgency.low_stock)))
				return rc;
			break;
		case OPT_LAST_CHANCE:
			if ((rc = parse_long("last-chance", optarg, 0, 1000000000L, &c->urgency.last_chance)))
				return rc;
			break;
		case OPT_URGENCY_TEXT: c->urgency.text = optarg; break;
		case OPT_URGENCY_FLAG_FIELD:
			if ((rc = parse_field("urgency-flag-field", optarg, &c->urgency.flag_field)))
				return rc;
			break;
		case OPT_URGENCY_TEXT_FIELD:
			if ((rc = parse_field("urgency-text-field", optarg, &c->urgency.text_field)))
				return rc;
			break;
		case OPT_SOURCE:
			if (strcmp(optarg, "shopify") && strcmp(optarg, "woocommerce") && strcmp(optarg, "tiktokshop"))
				return msg_fail(EXIT_USAGE, "option --source: unknown source %s (use shopify, woocommerce or tiktokshop)", msg_quote(optarg));
			c->fetch.source = optarg;
			break;
		case OPT_STORE_URL: c->fetch.store_url = optarg; break;
		case OPT_API_VERSION: c->fetch.api_version = optarg; break;
		case OPT_API_URL: c->fetch.api_url = optarg; break;
		case OPT_INVENTORY_SOURCE:
			if (strcmp(optarg, "shopify"))
				return msg_fail(EXIT_USAGE, "option --inventory-source: only 'shopify' is supported, not %s", msg_quote(optarg));
			c->fetch.inventory_from_shop = 1;
			break;
		case OPT_THREADS:
			if ((rc = parse_long("threads", optarg, 1, 64, &c->threads)))
				return rc;
			break;
		case OPT_TIMEOUT:
			if ((rc = parse_long("timeout", optarg, 1, 86400, &num)))
				return rc;
			c->fetch.timeout = num;
			break;
		case OPT_RETRIES:
			if ((rc = parse_long("retries", optarg, 0, 100, &num)))
				return rc;
			c->fetch.retries = (int)num;
			break;
		case OPT_SHARD:
			if ((rc = shard_parse(&c->shard, optarg)))
				return rc;
			break;
		case OPT_CONFIG: c->config = optarg; break;
		case OPT_LIMIT:
			if ((rc = parse_long("limit", optarg, 1, 1000000000L, &c->limit)))
				return rc;
			break;
		case OPT_ID:
			ALLOC_GROW(c->ids, c->nids + 1, c->ids_alloc);
			c->ids[c->nids++] = optarg;
			break;
		case OPT_LOCK: c->lock = optarg; break;
		case OPT_WAIT:
			if ((rc = parse_long("wait", optarg, 0, 86400, &c->wait)))
				return rc;
			break;
		case OPT_MIN_ITEMS:
			if ((rc = parse_long("min-items", optarg, 0, 1000000000L, &c->min_items)))
				return rc;
			break;
		case OPT_MAX_DROP_PERCENT:
			if ((rc = parse_long("max-drop-percent", optarg, 0, 100, &c->max_drop_percent)))
				return rc;
			break;
		case OPT_MAX_REJECTED_PERCENT:
			if ((rc = parse_long("max-rejected-percent", optarg, 0, 100, &c->max_rejected_percent)))
				return rc;
			break;
		case OPT_FORCE: c->force = 1; break;
		case OPT_GZIP: c->gzip = 1; break;
		case OPT_GZIP_LEVEL:
			if ((rc = parse_long("gzip-level", optarg, 1, 9, &c->gzip_level)))
				return rc;
			break;
		case OPT_MAX_ITEMS:
			if ((rc = parse_long("max-items", optarg, 0, 1000000000L, &c->max_items)))
				return rc;
			break;
		case OPT_MAX_BYTES:
			if ((rc = parse_size("max-bytes", optarg, &c->max_bytes)))
				return rc;
			break;
		case OPT_KEEP:
			if ((rc = parse_long("keep", optarg, 0, 1000, &c->keep)))
				return rc;
			break;
		case OPT_EXIT_CODE: c->exit_code = 1; break;
		case OPT_MAX_LIST:
			if ((rc = parse_long("max-list", optarg, 0, 1000000000L, &c->max_list)))
				return rc;
			break;
		case OPT_SUMMARY: c->summary = optarg; break;
		case OPT_HTML: c->html = optarg; break;
		case OPT_CATEGORIES: c->categories = optarg; break;
		case OPT_MISSING_CSV: c->missing_csv = optarg; break;
		case OPT_METRICS: c->metrics = optarg; break;
		case OPT_CACERT: c->fetch.cacert = optarg; break;
		case OPT_UPLOAD_DIRECT: c->upload.direct = 1; break;
		case OPT_UPLOAD_KEY_FILE: c->upload.key_file = optarg; break;
		case OPT_UPLOAD_KNOWN_HOSTS: c->upload.known_hosts = optarg; break;
		case OPT_UPLOAD_PASSWORD_ENV: c->upload.password_env = optarg; break;
		case OPT_UPLOAD_URL: c->upload.url = optarg; break;
		case OPT_UPLOAD_USER_ENV: c->upload.user_env = optarg; break;
		case OPT_CACHE_DIR: c->fetch.cache_dir = optarg; break;
		case 'q':
		case OPT_QUIET:
			msg_set_quiet(1);
			c->fetch.quiet = 1;
			break;
		case 'v':
		case OPT_VERBOSE: msg_set_verbose(1); break;
		/* retargeting (issue 5) */
		case OPT_BENEFIT: case OPT_FREE_SHIPPING_OVER: case OPT_PAYMENT_TEXT: case OPT_PROMOTION_DESTINATION:
		case OPT_PROMOTION_TITLE: case OPT_PROMOTIONS_OUTPUT: case OPT_RETURNS_DAYS: case OPT_SEGMENT:
		case OPT_SEGMENT_FIELD: case OPT_SEGMENT_MESSAGE: case OPT_SEGMENT_MESSAGE_FIELD: case OPT_UNIQUE_VOUCHERS:
		case OPT_VOUCHER_AMOUNT: case OPT_VOUCHER_APPLY_PRICE: case OPT_VOUCHER_CAMPAIGN: case OPT_VOUCHER_CODE:
		case OPT_VOUCHER_CODE_FIELD: case OPT_VOUCHER_CODES_OUTPUT: case OPT_VOUCHER_MESSAGE:
		case OPT_VOUCHER_MESSAGE_FIELD: case OPT_VOUCHER_PERCENT: case OPT_VOUCHER_PRODUCTS: case OPT_VOUCHER_SEGMENTS:
		case OPT_VOUCHER_VALID:
			if ((rc = retarget_option(&c->retarget, longopts[idx].name, optarg)))
				return rc;
			break;
		case 'h':
		case OPT_HELP:
			config_usage(command, stdout);
			return -1;
		case ':':
			return msg_fail(EXIT_USAGE, "option %s needs a value (see 'feedgen %s --help')", msg_quote(name), command);
		default:
			return msg_fail(EXIT_USAGE, "unknown option %s for '%s' (see 'feedgen %s --help')", msg_quote(name), command, command);
		}
	}
	if (c->mapping && c->catalog_type && strcmp(c->catalog_type, "mapped"))
		return msg_fail(EXIT_USAGE, "option --mapping reads a mapped catalog, not --catalog-type %s", msg_quote(c->catalog_type));
	if (!c->mapping && c->catalog_type && !strcmp(c->catalog_type, "mapped"))
		return msg_fail(EXIT_USAGE, "option --catalog-type mapped needs --mapping FILE (docs/mapping.md)");
	if (c->min_items < 0)
		c->min_items = !c->allow_empty;
	if (!strcmp(command, "diff") || !strcmp(command, "merge")) { /* OLD NEW; merge's PART... */
		c->args = (const char **)argv + optind;
		c->nargs = (size_t)(argc - optind);
	} else if (optind < argc)
		return msg_fail(EXIT_USAGE, "unexpected argument %s (see 'feedgen %s --help')", msg_quote(argv[optind]), command);
	if (c->currency_arg) {
		int d = currency_decimals(c->currency_arg);
		if (d < 0)
			return msg_fail(EXIT_USAGE, "option --currency: %s is not an ISO 4217 currency code (e.g. USD, EUR, JPY)", msg_quote(c->currency_arg));
		c->norm.currency = c->currency_arg;
		c->norm.currency_decimals = d;
	}
	if (!strcmp(command, "build") && (rc = upload_finish(c))) /* issue 11: the upload options together */
		return rc;
	/* retargeting (issue 5): check the voucher and segment options together */
	return retarget_finish(&c->retarget, c->norm.currency, c->norm.currency_decimals, !strcmp(command, "build"));
}

void config_release(struct run_config *c)
{
	free(c->catalogs);
	free(c->channels);
	mapping_free(c->mapping);
	c->mapping = NULL;
	free(c->ids);
	c->catalogs = c->channels = c->ids = NULL;
	category_map_free(c->category_map);
	c->category_map = NULL;
	retarget_release(&c->retarget); /* issue 5 */
	shard_release(&c->shard);       /* issue 12 */
}
