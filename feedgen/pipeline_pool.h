/* pipeline_pool.h: a JSON catalog read on a pool of --threads N workers: scanned by a reader
 * thread, decoded and normalised by the workers, every stage with state run on the calling
 * thread in catalog order, so the output and the findings do not depend on N.
 * Owns: the pool of one read (threads, batches); the pipeline is borrowed. */
#ifndef FEEDGEN_PIPELINE_POOL_H
#define FEEDGEN_PIPELINE_POOL_H
#include "pipeline.h"

/* 1 when a JSON catalog of this run can be read on the pool (--threads 2 or more, a dialect
 * the workers know, --shop-url given: a Shopify record without it stops the run, which the
 * one-thread path says in order). */
int pipeline_pool_wanted(const struct pipeline *p);
/* Read the JSON catalog fp (not closed) through the pipeline's stages. Returns 0, an exit code
 * (a message was printed, after everything before the failing record was processed), or -1
 * when no thread could be started (nothing was read: use the one-thread path). */
int pipeline_pool_read(struct pipeline *p, FILE *fp, const char *source);
/* pipeline.c's item stage (every feed), for the pool's consumer: 0 or an exit code. */
int pipeline_item(struct pipeline *p, struct item *it);
#endif
