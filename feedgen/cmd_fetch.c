/* cmd_fetch.c: `feedgen fetch`: pull a shop's catalog (API or bulk JSONL URL) and write it as
 * a JSONL snapshot that `build` reads offline. Owns: the snapshot's output (output.h: written
 * atomically, mode 0600; nothing is written when any request fails). */
#include "fetch.h"
#include "alloc.h"
#include "config.h"
#include "http.h"
#include "input.h"
#include "msg.h"
#include "output.h"
#include "secrets.h"
#include "source.h"
#include "strbuf.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct snapshot {
	struct output out;
	struct strbuf line; /* the record being dumped: one write per line, not one per token */
	unsigned long records;
};

static int dump_cb(const char *buf, size_t len, void *arg)
{
	strbuf_add(arg, buf, len);
	return 0;
}

/* One JSON line; the error is reported by output_commit (with the file name). */
static int dump_line(struct snapshot *s, json_t *record)
{
	strbuf_reset(&s->line);
	if (json_dump_callback(record, dump_cb, &s->line, JSON_COMPACT)) {
		/* jansson ran out of memory: the commit fails with that, and nothing is written */
		if (!s->out.failed) {
			s->out.failed = 1;
			s->out.err = ENOMEM;
		}
		return EXIT_OUTPUT;
	}
	strbuf_addch(&s->line, '\n');
	output_write(&s->out, s->line.buf, s->line.len);
	return s->out.failed ? EXIT_OUTPUT : 0;
}

static int write_record(void *arg, json_t *record, const char *source, long line)
{
	struct snapshot *s = arg;

	secrets_mask_json(record); /* records of --catalog URLs too, not only the APIs' */
	if (dump_line(s, record))
		return EXIT_OUTPUT;
	s->records++;
	return 0;
}

/* One line from a shop API (fetch_source_lines(): masked already). */
static int write_line(void *arg, const char *json, size_t len)
{
	struct snapshot *s = arg;

	output_write(&s->out, json, len);
	output_write(&s->out, "\n", 1);
	if (s->out.failed)
		return EXIT_OUTPUT;
	s->records++;
	return 0;
}

/* Read the catalog named by --catalog (URL or local path) into the snapshot. */
static int fetch_catalog(const struct fetch_options *fo, const char *catalog, struct snapshot *s, enum dialect *d)
{
	FILE *fp = NULL;
	int rc;

	if ((rc = source_open("catalog", catalog, fo, &fp, NULL)))
		return rc;
	if ((rc = shopify_bulk_sniff(fp)) < 0) {
		rc = msg_fail(EXIT_INPUT, "cannot read %s: %s", msg_quote(http_redacted(catalog)), strerror(errno ? errno : EIO));
	} else if (rc) {
		*d = DIALECT_SHOPIFY;
		rc = shopify_bulk_stream(fp, http_redacted(catalog), write_record, s);
	} else {
		rc = catalog_stream(fp, http_redacted(catalog), 0, write_record, s);
	}
	source_close(fp);
	return rc;
}

int cmd_fetch(int argc, char **argv)
{
	struct run_config cfg;
	struct fetch_options fo;
	struct snapshot s;
	const char *output, *catalog;
	enum dialect d;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	json_t *head;
	int rc;

	memset(&s, 0, sizeof(s));
	strbuf_init(&s.line);
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
	input_set_timeout(fo.timeout); /* a FIFO as --catalog or --output: how long to wait */

	/* the snapshot is published (output.h) only when everything arrived; mode 0600: it is the
	 * shop's whole catalog, for this user's later builds */
	if ((rc = output_open_mode(&s.out, output, 0600)))
		goto out;
	/* the header first: the dialect for `build`, and when the shop was read */
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	head = json_pack("{s:i,s:s,s:s}", "feedgen_snapshot", 1, "source", dialect_name(d), "fetched_at", stamp);
	rc = dump_line(&s, head);
	json_decref(head);
	if (!rc) {
		if (catalog)
			rc = fetch_catalog(&fo, catalog, &s, &d);
		else
			rc = fetch_source_lines(&fo, write_line, &s);
	}
	if (rc == EXIT_OUTPUT) /* a failed write: the commit says which and why */
		rc = 0;
	if (!rc)
		rc = output_commit(&s.out);
	else
		output_abort(&s.out);
	if (rc) {
		msg_error("nothing written to %s", msg_quote(output));
		goto out;
	}
	if (!fo.quiet)
		msg_info("wrote %lu %s record%s to %s", s.records, dialect_name(d), s.records == 1 ? "" : "s",
			 msg_quote(output));
out:
	strbuf_release(&s.line);
	return rc;
}
