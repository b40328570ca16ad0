/* enrich.c: the urgency stage and text templates (see enrich.h).
 * Owns: nothing. */
#include "enrich.h"
#include "text.h"
#include <stdio.h>
#include <string.h>

void urgency_options_init(struct urgency_options *u)
{
	u->low_stock = 5;
	u->last_chance = 0;
	u->flag_field = ITEM_CUSTOM_LABEL_0;
	u->text_field = ITEM_CUSTOM_LABEL_1;
	u->text = "Only {quantity} left in stock!";
}

void enrich_expand(struct strbuf *out, const char *tmpl, const struct item *it)
{
	const char *p = tmpl;

	while (*p) {
		const char *open = strchr(p, '{'), *close;
		if (!open || !(close = strchr(open, '}'))) {
			strbuf_addstr(out, p);
			return;
		}
		strbuf_add(out, p, (size_t)(open - p));
		{
			char name[48];
			int f;
			size_t n = (size_t)(close - open - 1);
			if (n < sizeof(name)) {
				memcpy(name, open + 1, n);
				name[n] = '\0';
				f = item_field_from_name(name);
				if (f >= 0) {
					const struct strbuf *v = &it->field[f];
					/* a multi-valued field shows its first value */
					const char *sep = memchr(v->buf, ITEM_VALUE_SEP, v->len);
					strbuf_add(out, v->buf, sep ? (size_t)(sep - v->buf) : v->len);
					p = close + 1;
					continue;
				}
			}
			strbuf_add(out, open, (size_t)(close - open + 1)); /* unknown: kept literally */
		}
		p = close + 1;
	}
}

int enrich_urgency_applies(const struct urgency_options *u, const struct item *it)
{
	return u->low_stock && it->stock == STOCK_TRACKED && it->quantity >= 1 && it->quantity <= u->low_stock;
}

void enrich_urgency(const struct urgency_options *u, struct item *it)
{
	struct strbuf text = STRBUF_INIT;

	if (!enrich_urgency_applies(u, it))
		return;
	item_set(it, u->flag_field, u->last_chance && it->quantity <= u->last_chance ? "last_chance" : "low_stock");
	if (u->text && *u->text) {
		enrich_expand(&text, u->text, it);
		item_set(it, u->text_field, text.buf);
	}
	strbuf_release(&text);
}
