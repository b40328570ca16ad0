/* pipeline.h: the run: source -> normalize -> enrich -> validate -> write, one item at a
 * time, for one or more channels. `build` writes one channel's feed; `validate` runs the
 * same stages without writing. Owns: the per-channel state (template, validation, row,
 * writer, output) and the normalizer of a run. */
#ifndef FEEDGEN_PIPELINE_H
#define FEEDGEN_PIPELINE_H
#include "catalog_shape.h"
#include "config.h"
#include "validate.h"
#include "writer.h"

struct channel_run {
	struct template *tpl;
	struct validation validation;
	struct row row;
	int writing;
	struct output out;
	struct feed_writer writer;
	unsigned long written, rejected;
};

struct pipeline {
	struct run_config *cfg;
	struct report *report;
	struct inventory *inv;
	struct normalizer norm;
	enum dialect dialect;
	struct channel_run *channels;
	size_t nchannels;
	int snapshot_seen;
	struct shape_tally shape;   /* records of the current catalog without the dialect's shape */
};

/* Load templates and the inventory, open outputs (build). Returns 0 or an exit code. */
int pipeline_open(struct pipeline *p, struct run_config *cfg, struct report *report, int write);
/* Read every catalog source of the configuration through the stages. */
int pipeline_run(struct pipeline *p);
/* Finish: commit outputs when ok == 1 (else remove the temporaries). Returns 0 or an exit code. */
int pipeline_close(struct pipeline *p, int ok);
#endif
