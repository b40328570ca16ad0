/* pipeline.h: the run: source -> normalize -> enrich -> validate -> write, one item at a
 * time, for every feed of the run. The catalog is read and normalised once; each feed (a
 * spec: channel, format, output, segment, voucher, urgency) enriches its own copy of the
 * item and owns its writer, so two segment feeds never see each other's fields. `build`
 * writes every feed; `validate` runs the same stages for one or more channels without
 * writing. Owns: the feed runs (template, validation, row, item copy, writer, output) and
 * the normalizer of a run; each feed's run_config is borrowed. */
#ifndef FEEDGEN_PIPELINE_H
#define FEEDGEN_PIPELINE_H
#include "catalog_shape.h"
#include "config.h"
#include "skupool.h"
#include "validate.h"
#include "writer.h"
struct html_report;
struct diff_capture;

struct feed_run {
	struct run_config *cfg;   /* this feed's options (borrowed) */
	const char *channel;      /* template name or path */
	const char *label;        /* in findings when the run has several feeds, else NULL */
	const struct template *tpl;
	struct validation validation;
	struct row row;
	struct item item;         /* this feed's copy of the current item */
	int writing;
	struct output out;
	struct feed_parts *parts;  /* instead of out when gzipped or split (feed_parts.h) */
	struct feed_writer writer;
	struct diff_capture *capture; /* the change report's NEW side, or NULL (diff_capture.h) */
	unsigned long written, rejected;
};

/* One feed of a build with several (the configuration file's feeds). */
struct feed_spec {
	struct run_config *cfg;   /* its own options: one channel, output, segment, vouchers ... */
	const char *name;         /* for findings and messages */
};

struct pipeline {
	struct run_config *cfg;   /* the sources: catalogs, inventory, fetch, normalising options */
	struct report *report;
	struct inventory *inv;
	struct normalizer norm;
	enum dialect dialect;
	int csv_kind;              /* the CSV export --catalog-type names (catalog_csv.h), 0: detect */
	struct feed_run *feeds;
	size_t nfeeds;
	int snapshot_seen;
	struct shape_tally shape;  /* records of the current catalog without the dialect's shape */
	FILE **catalog_fp;         /* every --catalog, opened before any output is created */
	unsigned char *catalog_regular;
	struct html_report *html;  /* the HTML report's collector (set after opening), or NULL */
	struct id_set ids[2];      /* the feeds' accepted ids: [0] compared exactly, [1] ignoring case */
	struct retarget_memo retarget_memo; /* per item: what every feed's retargeting shares (retarget.h) */
	struct skupool *pool;      /* every SKU once, numbered (skupool.h): owns inv once made */
	/* feedgen preview (cmd_preview.c): gets each normalised item instead of the feeds; nonzero stops */
	int (*preview)(struct pipeline *p, struct item *it);
	void *preview_arg;
};

/* Load templates and the inventory, open every catalog, then the outputs (build: one feed from
 * cfg): an input that cannot be opened never leaves a temporary output behind. Returns 0 or an
 * exit code. validate (write 0) runs one feed per --channel of cfg. */
int pipeline_open(struct pipeline *p, struct run_config *cfg, struct report *report, int write);
/* The same for a build of several feeds, each with its own options; sources come from cfg. */
int pipeline_open_feeds(struct pipeline *p, struct run_config *cfg, const struct feed_spec *specs, size_t nspecs,
			struct report *report);
/* pipeline_open_feeds() in two steps, for a caller that decides between them whether to build
 * at all (history.h: unchanged sources): templates and sources, then every feed's output. */
int pipeline_open_feed_sources(struct pipeline *p, struct run_config *cfg, const struct feed_spec *specs,
			       size_t nspecs, struct report *report);
int pipeline_open_feed_outputs(struct pipeline *p);
/* Read every catalog source of the configuration through the stages. */
int pipeline_run(struct pipeline *p);
/* Finish: commit outputs when ok == 1 (else remove the temporaries). Returns 0 or an exit code. */
int pipeline_close(struct pipeline *p, int ok);
#endif
