/* cmd_fetch.c: `feedgen fetch`: pull a shop's catalog (API or bulk JSONL URL) and write it as
 * a JSONL snapshot that `build` reads offline. Owns: the snapshot's temporary file until it
 * is renamed into place (nothing is written when any request fails). */
#include "fetch.h"
#include "alloc.h"
#include "http.h"
#include "msg.h"
#include "secrets.h"
#include "strbuf.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char fetch_usage[] =
	"usage: feedgen fetch --source shopify|woocommerce|tiktokshop --output FILE [options]\n"
	"       feedgen fetch --catalog URL --output FILE [options]   (Shopify bulk JSONL or a catalog file)\n"
	"\n"
	"  --source S             shop API to read: shopify, woocommerce, tiktokshop\n"
	"  --store-url URL        shop base URL (Shopify, WooCommerce)\n"
	"  --api-version V        Shopify Admin API version (default " FETCH_SHOPIFY_API_VERSION ")\n"
	"  --api-url URL          TikTok Shop API host (default https://open-api.tiktokglobalshop.com)\n"
	"  --inventory-source shopify  per-location stock from inventory_levels.json\n"
	"  --catalog URL|FILE     a Shopify bulk-operation JSONL file (or any catalog) instead of an API\n"
	"  --output FILE          the JSONL snapshot to write (atomically)\n"
	"  --timeout SECONDS      total time per request (default 60)\n"
	"  --retries N            retries after a failed request (default 4)\n"
	"  --cacert FILE          trust this CA certificate (private CA); verification is always on\n"
	"  --cache-dir DIR        keep ETag/Last-Modified for plain URLs (conditional requests)\n"
	"  --quiet                no progress output\n"
	"\n"
	"Credentials come only from the environment: SHOPIFY_ACCESS_TOKEN; WOOCOMMERCE_CONSUMER_KEY,\n"
	"WOOCOMMERCE_CONSUMER_SECRET; TIKTOK_SHOP_APP_KEY, TIKTOK_SHOP_APP_SECRET,\n"
	"TIKTOK_SHOP_ACCESS_TOKEN, TIKTOK_SHOP_CIPHER.\n"
	"Exit: 0 written, 2 usage (or a credential variable not set), 3 a request failed (nothing\n"
	"written), 5 the snapshot could not be written.\n";

struct snapshot {
	FILE *fp;
	unsigned long records;
	int failed;
};

static int write_record(void *arg, json_t *record, const char *source, long line)
{
	struct snapshot *s = arg;

	secrets_mask_json(record); /* records of --catalog URLs too, not only the APIs' */
	if (json_dumpf(record, s->fp, JSON_COMPACT) || fputc('\n', s->fp) == EOF) {
		s->failed = 1;
		return EXIT_OUTPUT;
	}
	s->records++;
	return 0;
}

static int parse_long(const char *opt, const char *v, long min, long max, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < min || n > max)
		return msg_fail(EXIT_USAGE, "%s %s is not a number from %ld to %ld", opt, msg_quote(v), min, max);
	*out = n;
	return 0;
}

/* Read the catalog named by --catalog (URL or local path) into the snapshot. */
static int fetch_catalog(const struct fetch_options *fo, const char *catalog, struct snapshot *s, enum dialect *d)
{
	FILE *fp = NULL;
	int rc;

	if (fetch_is_url(catalog)) {
		if ((rc = fetch_open_url(fo, catalog, &fp)))
			return rc;
	} else if (!(fp = fopen(catalog, "rb"))) {
		return msg_fail(EXIT_INPUT, "cannot open %s: %s", msg_quote(catalog), strerror(errno));
	}
	if (shopify_bulk_sniff(fp)) {
		*d = DIALECT_SHOPIFY;
		rc = shopify_bulk_stream(fp, http_redacted(catalog), write_record, s);
	} else {
		rc = catalog_stream(fp, http_redacted(catalog), 0, write_record, s);
	}
	fclose(fp);
	return rc;
}

int cmd_fetch(int argc, char **argv)
{
	struct fetch_options fo;
	struct snapshot s = { NULL, 0, 0 };
	struct strbuf tmp = STRBUF_INIT, dir = STRBUF_INIT;
	const char *output = NULL, *catalog = NULL;
	enum dialect d;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	json_t *head;
	int rc = 0, fd;

	fetch_options_init(&fo);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '='), *v = NULL;
		char name[40];
		long n;
		size_t len = eq ? (size_t)(eq - a) : strlen(a);

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(fetch_usage, stdout);
			return 0;
		}
		if (len >= sizeof(name) || strncmp(a, "--", 2))
			return msg_fail(EXIT_USAGE, "fetch: unexpected argument %s (see feedgen fetch --help)", msg_quote(a));
		memcpy(name, a, len);
		name[len] = '\0';
		if (!strcmp(name, "--quiet")) {
			fo.quiet = 1;
			msg_set_quiet(1);
			continue;
		}
		if (eq)
			v = eq + 1;
		else if (i + 1 < argc)
			v = argv[++i];
		else
			return msg_fail(EXIT_USAGE, "fetch: %s needs a value", name);
		if (!strcmp(name, "--source"))
			fo.source = v;
		else if (!strcmp(name, "--store-url"))
			fo.store_url = v;
		else if (!strcmp(name, "--api-version"))
			fo.api_version = v;
		else if (!strcmp(name, "--api-url"))
			fo.api_url = v;
		else if (!strcmp(name, "--inventory-source")) {
			if (strcmp(v, "shopify"))
				return msg_fail(EXIT_USAGE, "fetch: --inventory-source %s: only 'shopify' is fetched from a shop",
						msg_quote(v));
			fo.inventory_from_shop = 1;
		} else if (!strcmp(name, "--timeout")) {
			if ((rc = parse_long(name, v, 1, 86400, &n)))
				return rc;
			fo.timeout = n;
		} else if (!strcmp(name, "--retries")) {
			if ((rc = parse_long(name, v, 0, 100, &n)))
				return rc;
			fo.retries = (int)n;
		} else if (!strcmp(name, "--cacert"))
			fo.cacert = v;
		else if (!strcmp(name, "--cache-dir"))
			fo.cache_dir = v;
		else if (!strcmp(name, "--output") || !strcmp(name, "-o"))
			output = v;
		else if (!strcmp(name, "--catalog"))
			catalog = v;
		else
			return msg_fail(EXIT_USAGE, "fetch: unknown option %s (see feedgen fetch --help)", msg_quote(name));
	}
	if (!output)
		return msg_fail(EXIT_USAGE, "fetch: --output FILE is required");
	if (!fo.source && !catalog)
		return msg_fail(EXIT_USAGE, "fetch: --source or --catalog is required");
	if (fo.source && dialect_from_name(fo.source) < 0)
		return msg_fail(EXIT_USAGE, "fetch: --source %s is not one of shopify, woocommerce, tiktokshop",
				msg_quote(fo.source));
	d = fetch_source_dialect(&fo);

	/* temporary file next to the output, renamed into place only when everything arrived */
	strbuf_addstr(&dir, output);
	while (dir.len && dir.buf[dir.len - 1] != '/')
		strbuf_setlen(&dir, dir.len - 1);
	strbuf_addf(&tmp, "%s.%s.XXXXXX", dir.len ? dir.buf : "./", output + dir.len);
	if ((fd = mkstemp(tmp.buf)) < 0 || !(s.fp = fdopen(fd, "w"))) {
		rc = msg_fail(EXIT_OUTPUT, "cannot create a temporary file next to %s: %s", msg_quote(output),
			      strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp.buf);
		}
		goto out;
	}
	/* the header first: the dialect for `build`, and when the shop was read */
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	head = json_pack("{s:i,s:s,s:s}", "feedgen_snapshot", 1, "source", dialect_name(d), "fetched_at", stamp);
	if (json_dumpf(head, s.fp, JSON_COMPACT) || fputc('\n', s.fp) == EOF)
		s.failed = 1;
	json_decref(head);
	if (!s.failed) {
		if (catalog)
			rc = fetch_catalog(&fo, catalog, &s, &d);
		else
			rc = fetch_source_records(&fo, NULL, write_record, &s);
	}
	if (!rc && s.failed)
		rc = EXIT_OUTPUT;
	if (!rc && (fflush(s.fp) || fsync(fileno(s.fp)))) {
		s.failed = 1;
		rc = EXIT_OUTPUT;
	}
	if (fclose(s.fp) && !rc) {
		s.failed = 1;
		rc = EXIT_OUTPUT;
	}
	if (!rc && rename(tmp.buf, output)) {
		s.failed = 1;
		rc = EXIT_OUTPUT;
	}
	if (rc) {
		if (s.failed)
			msg_error("cannot write %s: %s", msg_quote(output), strerror(errno));
		unlink(tmp.buf);
		msg_error("nothing written to %s", msg_quote(output));
		goto out;
	}
	if (!fo.quiet)
		msg_info("wrote %lu %s record%s to %s", s.records, dialect_name(d), s.records == 1 ? "" : "s",
			 msg_quote(output));
out:
	strbuf_release(&tmp);
	strbuf_release(&dir);
	return rc;
}
