/* catalog_shape.c: the shape of each dialect's records and the one message for a catalog
 * read as the wrong dialect (see catalog_shape.h). Owns: the tally's held-back findings. */
#include "catalog_shape.h"
#include "alloc.h"
#include "msg.h"
#include "normalize.h"
#include "strbuf.h"
#include <stdio.h>
#include <string.h>

struct shape {
	const char *title;      /* "Shopify products" */
	const char *missing;    /* what a record lacks, for the file message */
	const char *skipped;    /* the per-record finding */
	const char *field;      /* its field, or NULL */
};

static const struct shape shapes[SHAPE_DIALECTS] = {
	[DIALECT_SHOPIFY] = { "Shopify products", "no 'variants'", "product has no variants; skipped", "variants" },
	[DIALECT_WOOCOMMERCE] = { "WooCommerce products", "no 'type' or 'regular_price'",
				  "record has no 'type', 'regular_price' or 'variations' (not a WooCommerce product); skipped",
				  NULL },
	[DIALECT_TIKTOKSHOP] = { "TikTok Shop products", "no 'skus'", "TikTok Shop product has no skus; skipped", "skus" },
};

const char *const shape_keys[] = { "id", "price", "regular_price", "skus", "type", "variants", "variations", NULL };

static int has(json_t *record, const char *key)
{
	return json_object_get(record, key) != NULL;
}

static int looks_like(json_t *record, enum dialect d)
{
	json_t *v;

	switch (d) {
	case DIALECT_SHOPIFY: /* REST/Storefront arrays, or GraphQL's {"edges": [...]} */
		v = json_object_get(record, "variants");
		return json_is_array(v) || json_is_object(v);
	case DIALECT_TIKTOKSHOP:
		return json_is_array(json_object_get(record, "skus"));
	default:
		return has(record, "type") || has(record, "regular_price") || has(record, "price") ||
		       has(record, "variations");
	}
}

static void add_skipped(struct findings *to, json_t *record, enum dialect d, const char *source, long line)
{
	struct finding *f;
	char id[32];

	if (!json_is_object(record))
		f = findings_add(to, SEV_ERROR, "record", NULL, NULL, "catalog record is not a JSON object; skipped");
	else
		f = findings_add(to, SEV_ERROR, "record", json_id(record, "id", id), shapes[d].field, "%s",
				 shapes[d].skipped);
	f->source = xstrdup(source);
	f->line = line;
}

int shape_classify(enum dialect d, json_t *record)
{
	if (json_is_object(record) && looks_like(record, d))
		return SHAPE_MATCH;
	if (json_is_object(record))
		for (int k = 0; k < SHAPE_DIALECTS; k++)
			if (k != (int)d && looks_like(record, (enum dialect)k))
				return k;
	return SHAPE_NONE;
}

void shape_skipped(struct findings *to, enum dialect d, json_t *record, const char *source, long line)
{
	add_skipped(to, record, d, source, line);
}

int shape_count(struct shape_tally *t, enum dialect d, int looks, struct findings *skipped, const char *source,
		long line, struct findings *out)
{
	t->records++;
	if (looks == SHAPE_MATCH) {
		if (!t->matched) {
			t->matched = 1;
			findings_move(out, &t->pending);
			if (t->dropped) {
				struct finding *f = findings_add(out, SEV_ERROR, "record", NULL, NULL,
								 "%lu more records before this one are not %s; skipped",
								 t->dropped, shapes[d].title);
				f->source = xstrdup(source);
				f->line = line;
			}
		}
		return 1;
	}
	if (!t->misses++)
		t->first_line = line;
	if (looks >= 0)
		t->looks[looks]++;
	if (t->matched)
		findings_move(out, skipped);
	else if (t->pending.n < SHAPE_PENDING_MAX)
		findings_move(&t->pending, skipped);
	else
		t->dropped++;
	findings_clear(skipped);
	return 0;
}

int shape_check(struct shape_tally *t, enum dialect d, json_t *record, const char *source, long line,
		struct findings *out)
{
	struct findings skipped = FINDINGS_INIT;
	int looks = shape_classify(d, record), rc;

	if (looks != SHAPE_MATCH && (t->matched || t->pending.n < SHAPE_PENDING_MAX))
		add_skipped(&skipped, record, d, source, line);
	rc = shape_count(t, d, looks, &skipped, source, line, out);
	findings_release(&skipped);
	return rc;
}

static void reset(struct shape_tally *t)
{
	findings_clear(&t->pending);
	t->records = t->misses = t->dropped = 0;
	memset(t->looks, 0, sizeof(t->looks));
	t->matched = 0;
	t->first_line = 0;
}

int shape_finish(struct shape_tally *t, enum dialect d, const char *source, struct findings *out)
{
	struct strbuf m = STRBUF_INIT;
	int guess = -1;

	if (!t->records || t->matched) {
		findings_move(out, &t->pending);
		reset(t);
		return 0;
	}
	for (int k = 0; k < SHAPE_DIALECTS; k++)
		if (t->looks[k] * 2 > t->misses)
			guess = k;
	strbuf_addf(&m, "catalog %s: none of the ", msg_quote(source));
	strbuf_add_count(&m, t->records);
	strbuf_addf(&m, " record%s look%s like %s (%s); ", t->records == 1 ? "" : "s", t->records == 1 ? "s" : "",
		    shapes[d].title, shapes[d].missing);
	if (guess >= 0)
		strbuf_addf(&m, "they look like %s: use --catalog-type %s", shapes[guess].title, dialect_name((enum dialect)guess));
	else
		strbuf_addstr(&m, "see --catalog-type");
	msg_error("%s", m.buf);
	strbuf_release(&m);
	reset(t);
	return EXIT_INPUT;
}

void shape_tally_release(struct shape_tally *t)
{
	findings_release(&t->pending);
}
