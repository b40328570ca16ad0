/* pipeline.c: the stages in the order data meets them, one item at a time (see pipeline.h).
 * Owns: struct pipeline and its channel runs. */

/* Issue 12 phase 2: a JSON catalog is read on a pool of --threads N workers (pipeline_pool.c).
 * Done: catalog.c's reader thread only scans (catalog_scan) and hands batches of 64 records
 * (by sequence number, a window of 2N+2 slots) to N workers; each decodes into its own arena
 * (catalog_decode) and normalises with its own struct normalizer (scratch item, description
 * cache) into owned items; this thread consumes the batches strictly in sequence and does what
 * has state: the shape tally (shape_classify on the worker, shape_count here), snapshot
 * headers, on_item (every feed's stages, the writers, report_take). The shared state is gone
 * from the worker path: msg_quote's ring is per thread, inventory_lookup's "used" mark is an
 * atomic store (the set is read after the workers are joined), the normaliser's findings
 * travel with their record. Same output and findings for any N (tests/cases/build-threads-identical).
 * Since (2026-12-01 evening): the feeds of a run share validators/rules_memo.c (a value a feed
 * of a channel checked is replayed, findings and repairs exactly, for the next) and
 * retarget.h's struct retarget_memo (per item: the guard's searches of the shared item's fields,
 * the first sentence); the writers escape in one pass; the change report hashes with XXH3. In
 * instructions an extra feed now costs 9.8% of a one-feed run (callgrind, 2,000 products: one
 * feed 1.78 G, the twelve of samples/feedgen.json 3.70 G), in wall time 25-28% (make bench: all
 * of it on this thread, while the first feed's decoding is shared by the workers). Both memos
 * are per consumer: with phase 3, one per worker (a worker takes all feeds of an item).
 * Since (2026-12-01 night): records are decoded by json_fast.c (jansson's values built from one
 * scan of the bytes: decode_record 1.14 G to 0.17 G instructions), catalog.c's scanner skips the
 * inside of strings a word at a time, the worker that normalises an item finds url_problem for
 * its link and image link (item_url_verdict: the validator here reuses it for the same bytes),
 * the value checks skip empty values, the feeds of a channel share the change report's hash
 * prefix, and each output file has a 256 KB buffer written back as it grows (since: behind, below). callgrind
 * --separate-threads=yes, 2,000 products, two feeds, --threads 2: this thread 455 M of 971 M
 * instructions, the workers 238 M and 215 M, the reader 64 M. THIS THREAD IS NOW THE CRITICAL
 * PATH: make bench's two-feed run went from 6.2 s to 3.5 s, the twelve-feed set only from 16.6 s
 * to 12.9 s, and each extra feed costs 38% of a one-feed run in wall time (22% in instructions:
 * one feed 0.71 G, twelve 2.46 G, --threads 1). Phase 3 below is where the rest of that is.
 * Since (2026-12-02): the write(2) calls of a feed file run on its write-behind thread
 * (output_wb.c), the id checks' probes read almost no other key (hash tags in skumap.c's and
 * idset.c's slots), the workers clean a product's shared values once (normalize_memo.c) and
 * parse a link's host once (urlenc.c), a feed that changes nothing in an item writes it without
 * a copy (feed_changes_item below), an attribute whose values never repeat skips the memo
 * (rules_memo.c), and the string skips take sixteen bytes a step (json_scan.h). perf cpu-clock,
 * 100,000 products, two feeds: this thread 2.46 s of the run's 5.3 s of CPU, the workers 0.97 s
 * each, the reader 0.51 s, the write-behind threads 0.37 s; both cores are about 90% busy while
 * the catalog streams, one core alone for the inventory load before (0.1 s) and the commit after
 * (0.05 s). So this thread is no longer the critical path on two cores: the run is CPU-bound,
 * and what is left is less work anywhere (make bench: 2.74 s, 4.45 s of CPU).
 * Since (2026-12-02, rows): the feeds of one template and format copy each other's equal cells
 * (writer.h, rings), and the change report's hash prefix knows its last row by reference, takes
 * the writer's comparison and the last row's numbers: this thread 1,945 M to 1,648 M
 * instructions for the twelve feeds of bench-small's retarget.json (an extra feed 155 M to 125 M;
 * callgrind --separate-threads, 2,000 products, --threads 2), two.json 398 M to 399 M.
 * Since (2026-12-02, validation and retargeting): the guard looks for a needle that holds the
 * voucher code only in the fields that hold the code, a row's value checks run in one loop with
 * the memo's lookup inline, and the plain-text, placeholder, link-extension, first-sentence and
 * identifier-switch checks read less: this thread 1.94 G to 1.70 G instructions with the
 * twelve-feed set of 2,000 products, 398 M to 363 M with two feeds (callgrind, --threads 2).
 * Since (2026-12-02, decoding less): a worker decodes only the members of a Shopify product
 * that something reads (json_fast_loadb_keys), reads a product's and a variant's members in one
 * pass (json_members) and gives a record's arena back without jansson's walk over its values
 * (arena_record_drop): callgrind --separate-threads, two.json, --threads 2: the workers 342 M to
 * 273 M instructions, this thread 362 M to 358 M, the whole run 747 M to 674 M.
 * Since (2026-12-02, late): a feed's copy of an item borrows the shared item's fields
 * (item_borrow): a field is copied only when the feed writes it, five of thirty-seven for a
 * segment feed: this thread 1,347 M to 1,311 M instructions with the twelve feeds (item_copy's
 * 74 M to item_borrow's 30 M). The rows could borrow the same way (row_from_item, 147 M, copies
 * every value again), but rows are read across feeds and items (a ring's o->last, the change
 * report's last row) and written by half a dozen repairs, so each of those needs the view's
 * lifetime checked first: not done.
 * Not yet (phase 3: built, measured, reverted; commit 1339137 on branch h-pool2 holds it): the
 * pure per-feed stages on the workers. callgrind --separate-threads=yes, 2,000 products
 * (gen_catalog.py --seed 7), --keep 0, --threads 2, instructions per thread: two feeds (tiktok
 * csv, google xml): this thread 0.95 G (on_item 0.89 G: validate_row 0.52 G of it,
 * rules_check_value 0.49 G; feed_writer_row 0.18 G; diff_capture_row 0.13 G; row_from_item
 * 0.03 G; item_copy 0.02 G; enrich_urgency 0.008 G), workers 0.94 G and 0.76 G, reader 0.10 G.
 * The sample's twelve feeds: this thread 7.19 G (rules_check_value 2.71 G, feed_writer_row
 * 1.08 G, diff_capture_row 0.83 G, retarget_guard 0.77 G, retarget_item 0.58 G), workers 0.72 G
 * and 0.97 G; with the stages below on the workers: 3.70 G, workers 2.85 G and 2.98 G (9.62 G
 * in all against 8.98 G). But perf stat -r 5 -e task-clock on this 2-core machine, same run:
 * 0.92-0.95 s before, 1.37 s after (1.48 s against 0.97 s with --threads 4), elapsed 0.98-1.24 s
 * before, 1.17-1.67 s after: +7% instructions cost +50% CPU. perf record (no call graphs
 * here) puts the growth in memchr (8.2% of samples against 2.1%; the guard's ci_contains is the
 * likely caller) and malloc/strbuf: every feed's item and row (dozens of separately allocated
 * buffers each) is written on a worker's core and read on this one. Likely needed before it
 * pays: a row that crosses as one contiguous block (an arena per batch), and the guard's scan
 * on the worker too (only its message here).
 * What has state, read from the code:
 * - retarget_item is pure per (feed options, item): its "state" (applied, code, sale_before,
 *   date_before, scratch) is per item and overwritten each time; voucher_unique_code is an
 *   HMAC of the item's id. So the row does NOT depend on this thread: a worker with its own
 *   copy of the feed's struct retarget (shallow options, own strbufs) can run item_copy,
 *   enrich_urgency, retarget_item, row_from_item. Those four per-item results travel with the
 *   row; this thread then runs retarget_guard (msg_fail, stops the run: in order) and
 *   retarget_item_written (codes file, promotion count) on them.
 * - validate_row: the value checks are pure on a per-worker struct validation (own scratch,
 *   PCRE2 match data, clean_text memo: the memo only skips checks that found nothing, so the
 *   findings do not depend on which worker saw the previous variant; rules_memo replays exact
 *   findings, so a per-worker one is as safe) except three counts:
 *   recommended_missing (a sum: per worker, added up after the join), validation_count_variant
 *   (first-seen order is the summary's order: record (attr, value) in the row, count here in
 *   order), rows (here). check_id_unique stays here, after the worker's findings.
 * - category_map_apply (on_item, before the feeds) counts per product_type in first-seen order:
 *   split it into a const lookup (worker) and the count (here), or keep the worker path off
 *   when a category map is set (and when h-rules' rules are, until they are split alike).
 * - this thread keeps: the html collector, the writers, diff_capture_row, report_take, in order.
 * The catch in instructions alone: with two feeds, moving ~0.55 G of this thread's 0.95 G leaves
 * it 0.42 G and each of 2 workers ~1.16 G: a longer critical path at --threads 2, a shorter one
 * from 3 workers on, so the reverted change moved them only when feeds x threads > 4.
 * tests/cases/build-threads-identical holds the twelve-feed sample configuration and enum
 * variants first seen in different batches for --threads 1..4. CSV exports, bulk exports,
 * API sources and a Shopify catalog without --shop-url keep the one-thread path
 * (catalog_stream_threaded with N > 1).
 * Another way, not built (2026-12-02, for the twelve-feed set, where this thread runs 1.40 G of
 * the run's 1.78 G instructions, callgrind, 2,000 products, --threads 2, and the workers idle):
 * split the FEEDS, not the items, across consumer threads. Each consumer takes whole channels
 * (what the feeds of a channel share stays on one thread: rules_memo, the writer rings, the change
 * report's prefix), reads the batch's items read-only (no item or row crosses cores; the cost
 * that sank phase 3) and keeps its own retarget_memo. What must stay in catalog order: report_take
 * and the html collector (each consumer keeps a batch's findings per item and feed, this thread
 * merges them in (item, feed) order), items_valid (an item is valid only if every feed took it),
 * and a run-stopping failure (retarget_guard's msg_fail: the first in (item, feed) order wins,
 * the other consumer's later one is dropped). A batch is freed when both consumers are done.
 * The bound: the disk. Writing the set's 5.6 GB and syncing it costs each extra feed a quarter to
 * a third of a one-feed run on this machine class before any CPU (make bench's write floor rows:
 * 34% and 38% on 2026-12-02 afternoon, against feedgen's 42% and 63%).
 * Measured for it (2026-12-02 night, 100,000 products, the twelve feeds): perf puts 14.8 s of
 * the run's samples on this thread, the wall time of the run (13.6-16.4 s), 96% of them user
 * code, and the other threads (workers, reader, write-behind) at 6.7 s, half of it kernel: so
 * the run is this thread's, and a second consumer would use the idle half core: about 20.7 s of
 * CPU over 2 cores, 10.5 s, each extra feed about 37% (not 10%). Besides what is listed above,
 * it must split per consumer: the accepted-id sets (p->ids, shared by every feed, with feed bits;
 * skupool_intern adds unknown ids to the shared pool), the value-check memo (validation_share_memo:
 * one for all feeds), the retarget memo; and defer per (item, feed) the counts written/rejected
 * and what report_take, the html collector and msg_fail see, so that a failed run says and counts
 * what it does now. The disk alone, without the page cache (dd oflag=direct, synced; make bench's
 * disk floor row): the set in 5.34 s, 11% of a one-feed run per extra feed before any CPU.
 * O_DIRECT for our own files was built and measured, then left out: 0.93x the wall time for two
 * feeds (farm-bench, 9 pairs, spread 0.75-1.09x; system time 0.75 s to 0.60 s), 1.02x for the
 * twelve (system time 4.2 s to 2.8 s, this thread unchanged), against a default few tools take
 * (an NFS client then writes each buffer synchronously, and some file systems accept the flag
 * only to refuse the writes).
 */
#include "pipeline.h"
#include "alloc.h"
#include "catalog_csv.h"
#include "category_map.h"
#include "diff_capture.h"
#include "catalog_feed.h"
#include "html_report.h"
#include "input.h"
#include "mapping.h"
#include "item_rules.h"
#include "source.h"
#include "msg.h"
#include "normalize_dialects.h"
#include "pipeline_pool.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A feed whose stages change nothing in this item (no rules of its own, no segment, stock
 * not low) writes the shared item as it is: no copy (issue 12: the copies were 5% of the main
 * thread's time with two such feeds). The shared item's findings were taken already (on_item),
 * as a copy's are cleared, so the checks see the same item either way. */
static int feed_changes_item(const struct run_config *c, const struct item *it)
{
	return c->feed_rules || c->retarget.segment != SEGMENT_NONE || enrich_urgency_applies(&c->urgency, it);
}

/* One feed's stages on its own copy of the item: enrich (urgency, segment, voucher, the
 * exclusivity guard), map, validate, write or reject. Returns 0 or an exit code. */
static int feed_item(struct pipeline *p, struct feed_run *f, const struct item *shared, int item_error, int *valid)
{
	struct run_config *c = f->cfg;
	const struct item *it = shared;
	int rc;

	if (feed_changes_item(c, shared)) {
		item_borrow(&f->item, shared); /* its fields copied only where the feed writes them */
		if (item_rules_apply(c->feed_rules, &f->item, NULL)) /* the feed's rules: excluded is not written, not rejected */
			return 0;
		enrich_urgency(&c->urgency, &f->item);
		if ((rc = retarget_item(&c->retarget, &c->urgency, &f->item, &p->retarget_memo)))
			return rc;
		it = &f->item;
	} else {
		retarget_item_unchanged(&c->retarget, shared);
	}
	if ((rc = retarget_guard(&c->retarget, it, &p->retarget_memo)))
		return rc;
	row_from_item(&f->row, it);
	int ok = validate_row(&f->validation, &f->row) && !item_error;
	if (p->html)
		html_report_feed_item(p->html, (size_t)(f - p->feeds), it, &f->row.findings, ok);
	if (ok) {
		if (f->writing) {
			feed_writer_row(&f->writer, &f->row);
			if (f->capture) /* the change report's NEW side (diff_capture.h) */
				diff_capture_row(f->capture, &f->row, &f->writer.like);
			retarget_item_written(&c->retarget, it); /* voucher codes file, promotion count */
		}
		f->written++;
	} else {
		f->rejected++;
		*valid = 0;
	}
	if (it == &f->item)
		report_take(p->report, &f->item.findings, f->label);
	report_take(p->report, &f->row.findings, f->label);
	return 0;
}

/* The item sink: the item the normaliser made goes to every feed. */
static int on_item(void *arg, struct item *it)
{
	struct pipeline *p = arg;
	int item_error, valid_everywhere = 1, rc;

	if (!shard_keeps(&p->cfg->shard, it)) /* --shard K/N: another shard's item (shard.h) */
		return 0;
	p->report->items_read++;
	/* an error found while normalising (unparsable price, ...) rejects the item everywhere */
	item_error = findings_has_error(&it->findings);
	if (p->html)
		html_report_catalog_item(p->html, it);
	report_take(p->report, &it->findings, NULL);
	/* issue 13's shaping, in this order: the category map fills google_product_category where
	 * the catalog has none, then the top level's rules (which may exclude the item) */
	category_map_apply(p->cfg->category_map, it); /* category_map.h */
	if (p->preview) /* feedgen preview (cmd_preview.c) instead of the feeds */
		return p->preview(p, it);
	if (item_rules_apply(p->cfg->rules, it, NULL)) /* item_rules.h */
		return 0;
	retarget_memo_reset(&p->retarget_memo, it); /* what the feeds' retargeting shares, per item */
	for (size_t i = 0; i < p->nfeeds; i++)
		if ((rc = feed_item(p, &p->feeds[i], it, item_error, &valid_everywhere)))
			return rc;
	if (valid_everywhere)
		p->report->items_valid++;
	else
		p->report->items_rejected++;
	return 0;
}

int pipeline_item(struct pipeline *p, struct item *it)
{
	return on_item(p, it);
}

static int on_record(void *arg, json_t *record, const char *source, long line)
{
	struct pipeline *p = arg;
	json_t *snap = json_object_get(record, "feedgen_snapshot");

	if (snap) {
		const char *src = json_string_value(json_object_get(record, "source"));
		int d = src ? dialect_from_name(src) : -1;
		if (d < 0)
			return msg_fail(EXIT_INPUT, "catalog %s line %ld: snapshot of unknown source %s", msg_quote(source), line,
					msg_quote(src ? src : "(none)"));
		p->dialect = (enum dialect)d;
		return 0;
	}
	normalize_strip_nul(&p->norm, record, source, line); /* issue 9: "a\u0000b" is not "a" */
	/* a record without the dialect's shape is skipped; a file of them gets one message */
	if (!shape_check(&p->shape, p->dialect, record, source, line, &p->norm.findings)) {
		p->norm.records++;
		p->norm.skipped_records++;
		return 0;
	}
	switch (p->dialect) {
	case DIALECT_WOOCOMMERCE:
		return normalize_woocommerce_product(&p->norm, record, source, line);
	case DIALECT_TIKTOKSHOP:
		return normalize_tiktokshop_product(&p->norm, record, source, line);
	default:
		return normalize_shopify_product(&p->norm, record, source, line);
	}
}

static int add_feed(struct pipeline *p, struct run_config *c, const char *channel, int check_recommended)
{
	struct feed_run *f = &p->feeds[p->nfeeds];

	memset(f, 0, sizeof(*f));
	f->cfg = c;
	f->channel = channel;
	item_init(&f->item);
	if (!(f->tpl = template_load(channel))) {
		item_release(&f->item);
		return EXIT_USAGE;
	}
	p->nfeeds++;
	validation_init(&f->validation, f->tpl, 1);
	validation_share_ids(&f->validation, &p->ids[f->tpl->id_case_insensitive ? 1 : 0]);
	validation_share_memo(&f->validation, p->nfeeds > 1 ? &p->feeds[0].validation : NULL); /* rules_memo.h */
	f->validation.check_recommended = check_recommended;
	row_init(&f->row, f->tpl);
	return 0;
}

/* Open (URLs: fetch) every catalog before any output exists: a missing file or a FIFO nobody
 * writes to (input_open waits up to --timeout) fails the run with nothing created. */
static int open_catalogs(struct pipeline *p)
{
	struct run_config *cfg = p->cfg;
	int rc, regular;

	p->catalog_fp = xcalloc(cfg->ncatalogs + 1, sizeof(*p->catalog_fp));
	p->catalog_regular = xcalloc(cfg->ncatalogs + 1, 1);
	for (size_t i = 0; i < cfg->ncatalogs; i++) {
		if ((rc = source_open("catalog", cfg->catalogs[i], &cfg->fetch, &p->catalog_fp[i], &regular)))
			return rc;
		p->catalog_regular[i] = (unsigned char)regular;
	}
	return 0;
}

/* Sources shared by every feed: the dialect, the inventory, the normaliser. */
static int open_sources(struct pipeline *p)
{
	struct run_config *cfg = p->cfg;
	int rc;

	input_set_timeout(cfg->fetch.timeout);
	p->dialect = DIALECT_SHOPIFY;
	if (cfg->catalog_type) {
		enum csv_catalog_kind kind;
		catalog_type_parse(cfg->catalog_type, &p->dialect, &kind); /* checked by config.c */
		p->csv_kind = (int)kind; /* a JSON type names its shop's CSV export too */
	}
	if (cfg->fetch.source)
		p->dialect = fetch_source_dialect(&cfg->fetch);
	if (cfg->inventory || cfg->fetch.inventory_from_shop) {
		p->inv = inventory_new();
		if (cfg->inventory) {
			struct findings f = FINDINGS_INIT;
			rc = inventory_load(p->inv, cfg->inventory, &cfg->inventory_opt, &cfg->fetch, &f);
			report_take(p->report, &f, NULL);
			findings_release(&f);
			if (rc)
				return rc;
		}
	}
	p->pool = skupool_new(); /* the ids of every index, once (issue 12) */
	skupool_set_inventory(p->pool, p->inv);
	for (size_t i = 0; i < 2; i++)
		id_set_use(&p->ids[i], p->pool);
	if (cfg->categories && !cfg->category_map && (rc = category_map_load(&cfg->category_map, cfg->categories, &cfg->fetch)))
		return rc;
	normalizer_init(&p->norm, &cfg->norm, p->inv, on_item, p);
	return open_catalogs(p);
}

/* Open a feed's output and writer, and its voucher codes file. */
static int open_feed_output(struct feed_run *f)
{
	struct run_config *c = f->cfg;
	struct feed_meta meta = { c->feed_title, c->norm.shop_url, NULL };
	int format = c->format >= 0 ? c->format : feed_format_from_path(c->output);
	int rc;

	if (format < 0)
		format = FORMAT_CSV;
	if (feed_parts_wanted(c, f->tpl)) { /* gzip, split (feed_parts.h) */
		if (!(f->parts = feed_parts_new(c, f->tpl, &rc)))
			return rc;
		f->writing = 1;
		feed_writer_begin_parts(&f->writer, (enum feed_format)format, f->tpl, f->parts, &meta);
		if ((rc = feed_parts_failed(f->parts)))
			return rc;
		return retarget_open(&c->retarget);
	}
	if ((rc = output_open(&f->out, c->output)))
		return rc;
	f->writing = 1;
	feed_writer_begin(&f->writer, (enum feed_format)format, f->tpl, &f->out, &meta);
	return retarget_open(&c->retarget); /* --voucher-codes-output */
}

int pipeline_open(struct pipeline *p, struct run_config *cfg, struct report *report, int write)
{
	int rc;

	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->report = report;
	p->feeds = xcalloc(cfg->nchannels, sizeof(*p->feeds));
	for (size_t i = 0; i < cfg->nchannels; i++)
		if ((rc = add_feed(p, cfg, cfg->channels[i], !write)))
			return rc;
	for (size_t i = 0; p->nfeeds > 1 && i < p->nfeeds; i++)
		p->feeds[i].label = p->feeds[i].tpl->channel;
	if ((rc = open_sources(p)))
		return rc;
	if (write && (rc = open_feed_output(&p->feeds[0])))
		return rc;
	return 0;
}

int pipeline_open_feed_sources(struct pipeline *p, struct run_config *cfg, const struct feed_spec *specs,
			       size_t nspecs, struct report *report)
{
	int rc;

	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->report = report;
	p->feeds = xcalloc(nspecs + 1, sizeof(*p->feeds));
	for (size_t i = 0; i < nspecs; i++)
		if ((rc = add_feed(p, specs[i].cfg, specs[i].cfg->channels[0], 0)))
			return rc;
	/* findings name the feed when the run has several; by channel unless two feeds share one */
	for (size_t i = 0; nspecs > 1 && i < nspecs; i++) {
		int shared = 0;
		for (size_t k = 0; k < nspecs; k++)
			shared |= k != i && !strcmp(p->feeds[k].tpl->channel, p->feeds[i].tpl->channel);
		p->feeds[i].label = shared ? specs[i].name : p->feeds[i].tpl->channel;
	}
	return open_sources(p);
}

int pipeline_open_feed_outputs(struct pipeline *p)
{
	struct feed_writer **w = xcalloc(p->nfeeds + 1, sizeof(*w));
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; !rc && i < p->nfeeds; i++)
		if (!(rc = open_feed_output(&p->feeds[i])) && p->feeds[i].writing)
			w[n++] = &p->feeds[i].writer;
	if (!rc) /* the feeds of a template and format copy each other's cells (writer.h) */
		feed_writer_share(w, n);
	free(w);
	return rc;
}

int pipeline_open_feeds(struct pipeline *p, struct run_config *cfg, const struct feed_spec *specs, size_t nspecs,
			struct report *report)
{
	int rc = pipeline_open_feed_sources(p, cfg, specs, nspecs, report);

	return rc ? rc : pipeline_open_feed_outputs(p);
}

/* A CSV export: read twice for WooCommerce, so a pipe is spooled to a temporary file first. */
static int read_csv_catalog(struct pipeline *p, size_t i)
{
	const char *path = p->cfg->catalogs[i];
	FILE *fp = p->catalog_fp[i], *spool = NULL;
	enum csv_catalog_kind want = (enum csv_catalog_kind)p->csv_kind;
	int rc = 0;

	if (!p->catalog_regular[i]) {
		char buf[1 << 16];
		size_t n;
		if (!(spool = tmpfile()))
			rc = msg_fail(EXIT_INPUT, "cannot spool catalog %s: %s", msg_quote(path), strerror(errno));
		while (!rc && (n = fread(buf, 1, sizeof(buf), fp)) > 0)
			if (fwrite(buf, 1, n, spool) != n)
				rc = msg_fail(EXIT_INPUT, "cannot spool catalog %s: %s", msg_quote(path), strerror(errno));
		if (!rc && (ferror(fp) || fflush(spool) || fseeko(spool, 0, SEEK_SET)))
			rc = msg_fail(EXIT_INPUT, "cannot read catalog %s: %s", msg_quote(path), strerror(errno ? errno : EIO));
	}
	if (!rc)
		rc = catalog_csv_stream(spool ? spool : fp, path, want, p->cfg->norm.shop_url, &p->dialect, on_record, p);
	if (spool)
		fclose(spool);
	if (fp != stdin)
		fclose(fp);
	p->catalog_fp[i] = NULL;
	if (!rc)
		rc = shape_finish(&p->shape, p->dialect, path, &p->norm.findings);
	return rc;
}

static int read_catalog(struct pipeline *p, size_t i)
{
	const char *path = p->cfg->catalogs[i];
	FILE *fp = p->catalog_fp[i];
	int rc, bulk = 0, feed;

	if (p->cfg->mapping) /* a mapped catalog, JSON or CSV (mapping.h, issue 13); fp closed by pipeline_close */
		return mapping_read_catalog(p->cfg->mapping, &p->norm, fp, path);
	if ((rc = catalog_feed_detect(p->cfg->catalog_type, fp, p->catalog_regular[i], path, &feed)))
		return rc;
	if (feed) { /* an existing feed (issue 13): closed by its reader */
		p->catalog_fp[i] = NULL;
		return catalog_feed_read(fp, p->catalog_regular[i], path, p->cfg->catalog_channel, &p->norm);
	}
	if (catalog_is_csv(fp)) /* a shop's CSV product export (issue 13) */
		return read_csv_catalog(p, i);
	/* bulk exports need two passes (children come in any order): only from a seekable file */
	if (p->dialect == DIALECT_SHOPIFY && p->catalog_regular[i])
		bulk = shopify_bulk_sniff(fp);
	if (bulk < 0)
		rc = msg_fail(EXIT_INPUT, "cannot read catalog %s: %s", msg_quote(path), strerror(errno ? errno : EIO));
	else if (bulk)
		rc = shopify_bulk_stream(fp, path, on_record, p);
	else if (!pipeline_pool_wanted(p) || (rc = pipeline_pool_read(p, fp, path)) < 0) /* pipeline_pool.h */
		rc = (p->cfg->threads > 1 ? catalog_stream_threaded : catalog_stream_lenient)(fp, path, 0, on_record, p,
										 &p->norm.findings);
	if (fp != stdin)
		fclose(fp);
	p->catalog_fp[i] = NULL;
	if (!rc)
		rc = shape_finish(&p->shape, p->dialect, path, &p->norm.findings);
	return rc;
}

int pipeline_run(struct pipeline *p)
{
	int rc = 0;

	if (p->cfg->fetch.source && !(rc = fetch_source_records(&p->cfg->fetch, p->inv, on_record, p)))
		rc = shape_finish(&p->shape, p->dialect, p->cfg->fetch.source, &p->norm.findings);
	for (size_t i = 0; !rc && i < p->cfg->ncatalogs; i++)
		rc = read_catalog(p, i);
	if (!rc) {
		category_map_report(p->cfg->category_map, &p->norm.findings); /* once per product_type */
		report_take(p->report, &p->norm.findings, NULL);
		for (size_t i = 0; i < p->nfeeds; i++) {
			struct findings f = FINDINGS_INIT;
			validation_summary(&p->feeds[i].validation, &f);
			report_take(p->report, &f, p->feeds[i].label);
			findings_release(&f);
		}
		if (p->inv && p->cfg->inventory) {
			struct findings f = FINDINGS_INIT;
			inventory_report_unused(p->inv, &f);
			report_take(p->report, &f, NULL);
			findings_release(&f);
		}
	}
	p->report->records_skipped = p->norm.skipped_records;
	return rc;
}

int pipeline_close(struct pipeline *p, int ok)
{
	int rc = 0;

	/* every feed's writer first: a failure anywhere publishes nothing */
	for (size_t i = 0; i < p->nfeeds; i++) {
		struct feed_run *f = &p->feeds[i];
		if (f->writing && f->parts) {
			feed_writer_end(&f->writer); /* a part that failed says so when it is finished */
			continue;
		}
		if (f->writing && feed_writer_end(&f->writer) && ok && !rc)
			rc = msg_fail(EXIT_OUTPUT, "cannot write %s: %s%s", msg_quote(f->cfg->output), strerror(f->out.err),
				      f->out.direct ? "" : " (the previous file is untouched)");
	}
	for (size_t i = 0; i < p->nfeeds; i++) {
		struct feed_run *f = &p->feeds[i];
		if (f->writing && f->parts) {
			if (ok && !rc)
				rc = feed_parts_finish(f->parts);
			feed_writer_release(&f->writer);
			feed_parts_free(f->parts); /* removes what was not finished */
			f->parts = NULL;
		} else if (f->writing) {
			if (ok && !rc)
				rc = output_commit(&f->out);
			else
				output_abort(&f->out);
			feed_writer_release(&f->writer);
		}
	}
	/* voucher codes and promotions feed, only when the feeds were published; a feed shared
	 * by validate's channels closes its retarget state once */
	for (size_t i = 0; i < p->nfeeds; i++) {
		struct feed_run *f = &p->feeds[i];
		if (!i || f->cfg != p->feeds[i - 1].cfg) {
			int rrc = retarget_close(&f->cfg->retarget, ok && !rc);
			if (!rc)
				rc = rrc;
		}
		row_release(&f->row);
		validation_release(&f->validation);
		template_free(f->tpl);
		item_release(&f->item);
	}
	for (size_t i = 0; p->catalog_fp && p->cfg && i < p->cfg->ncatalogs; i++)
		if (p->catalog_fp[i] && p->catalog_fp[i] != stdin)
			fclose(p->catalog_fp[i]);
	free(p->catalog_fp);
	free(p->catalog_regular);
	p->catalog_fp = NULL;
	p->catalog_regular = NULL;
	free(p->feeds);
	p->feeds = NULL;
	for (size_t i = 0; i < 2; i++)
		id_set_release(&p->ids[i]);
	normalizer_release(&p->norm);
	retarget_memo_release(&p->retarget_memo);
	shape_tally_release(&p->shape);
	if (p->pool) /* it owns the inventory, kept for the change report's captures */
		skupool_unref(p->pool);
	else
		inventory_free(p->inv);
	p->pool = NULL;
	p->inv = NULL;
	return rc;
}
