/* cmd_fetch.c: `feedgen fetch`: pull a shop's catalog (API or bulk JSONL URL) and write it as
 * a JSONL snapshot that `build` reads offline. Owns: the snapshot's temporary file until it
 * is renamed into place (nothing is written when any request fails). */
#include "fetch.h"
#include "alloc.h"
#include "config.h"
#include "http.h"
#include "msg.h"
#include "secrets.h"
#include "strbuf.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* Options come from the one option table (config.c), as for build and validate. */
int cmd_fetch(int argc, char **argv)
{
	struct run_config cfg;
	struct fetch_options fo;
	struct snapshot s = { NULL, 0, 0 };
	struct strbuf tmp = STRBUF_INIT, dir = STRBUF_INIT;
	const char *output, *catalog;
	enum dialect d;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	json_t *head;
	int rc, fd;

	rc = config_parse(&cfg, "fetch", argc, argv);
	fo = cfg.fetch;
	output = cfg.output;
	catalog = cfg.ncatalogs ? cfg.catalogs[0] : NULL;
	if (rc || cfg.ncatalogs > 1) {
		config_release(&cfg);
		if (rc < 0)
			return EXIT_OK; /* --help */
		return rc ? rc : msg_fail(EXIT_USAGE, "fetch: give --catalog once (one snapshot per catalog)");
	}
	config_release(&cfg); /* catalog and output point into argv, not into cfg */
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
