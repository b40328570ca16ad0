/* enrich.h: stages that add marketing data to a normalised item before it is mapped onto a
 * channel: low-stock urgency today; vouchers and funnel segments (retargeting) next.
 * Each stage takes an item and may set fields and add findings.
 * Owns: nothing but the options it is given. */
#ifndef FEEDGEN_ENRICH_H
#define FEEDGEN_ENRICH_H
#include "item.h"

struct urgency_options {
	long low_stock;            /* 1..low_stock units: flag (default 5; 0 turns urgency off) */
	long last_chance;          /* 1..last_chance units: "last_chance" flag instead (0: off) */
	enum item_field flag_field;/* default ITEM_CUSTOM_LABEL_0 */
	enum item_field text_field;/* default ITEM_CUSTOM_LABEL_1 */
	const char *text;          /* default "Only {quantity} left in stock!" */
};

void urgency_options_init(struct urgency_options *u);
/* Low-stock flag and text, only on tracked items that are in stock. */
/* 1 when enrich_urgency would flag it (its stock is low). */
int enrich_urgency_applies(const struct urgency_options *u, const struct item *it);
void enrich_urgency(const struct urgency_options *u, struct item *it);
/* Expand {quantity}, {title}, {price}, ... in a text template from the item's fields. */
void enrich_expand(struct strbuf *out, const char *tmpl, const struct item *it);
#endif
