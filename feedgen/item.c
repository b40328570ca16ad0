/* item.c: the normalised feed item (see item.h).
 * Owns: the field buffers and findings of an item. */
#include "item.h"
#include "alloc.h"
#include "urlenc.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_names[] = {
#define X(e, name) name,
	ITEM_FIELDS(X)
#undef X
};

void item_init(struct item *it)
{
	memset(it, 0, sizeof(*it));
	for (int i = 0; i < ITEM_FIELD_COUNT; i++)
		strbuf_init(&it->field[i]);
	for (int i = 0; i < 2; i++)
		strbuf_init(&it->verdict[i].value);
}

/* Field f of a borrowed item made its own again, holding the view's bytes when keep. */
static void field_own(struct item *it, int f, int keep)
{
	struct strbuf view = it->field[f];

	it->field[f] = it->own[f];
	it->borrowed &= ~ITEM_BIT(f);
	strbuf_reset(&it->field[f]);
	if (keep)
		strbuf_add(&it->field[f], view.buf, view.len);
}

/* Every field its own again (empty where it was a view). */
static void unborrow(struct item *it)
{
	for (uint64_t b = it->borrowed; b; b &= b - 1)
		field_own(it, __builtin_ctzll(b), 0);
}

void item_reset(struct item *it)
{
	unborrow(it);
	for (int i = 0; i < ITEM_FIELD_COUNT; i++)
		strbuf_reset(&it->field[i]);
	findings_clear(&it->findings);
	it->price = it->sale_price = 0;
	it->currency[0] = '\0';
	it->currency_decimals = 2;
	it->quantity = 0;
	it->stock = STOCK_UNKNOWN;
	it->has_variants = 0;
	it->source = NULL;
	it->line = 0;
	it->changed = 0;
	it->verdict[0].set = it->verdict[1].set = 0;
	it->verdict_of = NULL;
}

void item_release(struct item *it)
{
	unborrow(it);
	free(it->own);
	it->own = NULL;
	for (int i = 0; i < ITEM_FIELD_COUNT; i++)
		strbuf_release(&it->field[i]);
	for (int i = 0; i < 2; i++)
		strbuf_release(&it->verdict[i].value);
	findings_release(&it->findings);
}

/* Everything of src but its fields and findings (item_copy, item_borrow). */
static void copy_numbers(struct item *dst, const struct item *src)
{
	dst->changed = 0;
	findings_clear(&dst->findings);
	dst->price = src->price;
	dst->sale_price = src->sale_price;
	memcpy(dst->currency, src->currency, sizeof(dst->currency));
	dst->currency_decimals = src->currency_decimals;
	dst->quantity = src->quantity;
	dst->stock = src->stock;
	dst->has_variants = src->has_variants;
	dst->source = src->source;
	dst->line = src->line;
	dst->verdict[0].set = dst->verdict[1].set = 0;
	dst->verdict_of = src->verdict_of ? src->verdict_of : src->verdict;
}

void item_copy(struct item *dst, const struct item *src)
{
	unborrow(dst);
	for (int i = 0; i < ITEM_FIELD_COUNT; i++) {
		struct strbuf *d = &dst->field[i];
		const struct strbuf *s = &src->field[i];
		if (d->len || s->len) { /* an empty field stays empty without a call */
			if (d->alloc)
				d->len = 0;
			strbuf_add(d, s->buf, s->len);
		}
	}
	copy_numbers(dst, src);
}

void item_borrow(struct item *dst, const struct item *src)
{
	if (!dst->own) {
		dst->own = xcalloc(ITEM_FIELD_COUNT, sizeof(*dst->own));
		for (int i = 0; i < ITEM_FIELD_COUNT; i++)
			strbuf_init(&dst->own[i]);
	}
	const uint64_t all = ITEM_BIT(ITEM_FIELD_COUNT) - 1;
	for (uint64_t b = ~dst->borrowed & all; b; b &= b - 1) /* after the first item: what the feed wrote */
		dst->own[__builtin_ctzll(b)] = dst->field[__builtin_ctzll(b)];
	for (int i = 0; i < ITEM_FIELD_COUNT; i++)
		dst->field[i] = (struct strbuf){ src->field[i].buf, src->field[i].len, 0 };
	dst->borrowed = all;
	copy_numbers(dst, src);
}

static const enum item_field verdict_fields[2] = { ITEM_LINK, ITEM_IMAGE_LINK };

void item_find_url_verdicts(struct item *it)
{
	for (int i = 0; i < 2; i++) {
		const struct strbuf *f = &it->field[verdict_fields[i]];
		struct item_url_verdict *v = &it->verdict[i];
		if (!f->len)
			continue;
		if (v->value.len != f->len || memcmp(v->value.buf, f->buf, f->len)) {
			/* kept through item_reset (the value is always the one its problem was found
			 * for): the one-thread path's scratch item reuses it for the next variant's
			 * image; a worker's item is swapped into its batch, so there it rarely does */
			v->problem = url_problem(f->buf, URL_MAX_LENGTH);
			strbuf_reset(&v->value);
			strbuf_add(&v->value, f->buf, f->len);
		}
		v->set = 1;
	}
}

int item_url_verdict(const struct item *it, const char *value, size_t n, const char **problem)
{
	const struct item_url_verdict *v;

	if (!it)
		return 0;
	v = it->verdict_of ? it->verdict_of : it->verdict;
	for (int i = 0; i < 2; i++)
		if (v[i].set && v[i].value.len == n && !memcmp(v[i].value.buf, value, n)) {
			*problem = v[i].problem;
			return 1;
		}
	return 0;
}

void item_setn(struct item *it, enum item_field f, const char *value, size_t n)
{
	it->changed |= ITEM_BIT(f);
	if (it->borrowed & ITEM_BIT(f))
		field_own(it, f, 0);
	strbuf_reset(&it->field[f]);
	strbuf_add(&it->field[f], value, n);
}

void item_set(struct item *it, enum item_field f, const char *value)
{
	item_setn(it, f, value ? value : "", value ? strlen(value) : 0);
}

void item_add_value(struct item *it, enum item_field f, const char *value)
{
	if (!value || !*value)
		return;
	it->changed |= ITEM_BIT(f);
	if (it->borrowed & ITEM_BIT(f))
		field_own(it, f, 1);
	if (it->field[f].len)
		strbuf_addch(&it->field[f], ITEM_VALUE_SEP);
	strbuf_addstr(&it->field[f], value);
}

size_t item_value_count(const struct item *it, enum item_field f)
{
	const struct strbuf *sb = &it->field[f];
	size_t n = 0;

	if (!sb->len)
		return 0;
	for (size_t i = 0; i < sb->len; i++)
		n += sb->buf[i] == ITEM_VALUE_SEP;
	return n + 1;
}

int item_field_from_name(const char *name)
{
	for (int i = 0; i < ITEM_FIELD_COUNT; i++)
		if (field_names[i][0] == name[0] && !strcmp(field_names[i], name)) /* templates ask per item */
			return i;
	return -1;
}

const char *item_field_name(enum item_field f)
{
	return field_names[f];
}

struct finding *item_finding(struct item *it, enum severity sev, const char *rule, const char *field,
			     const char *fmt, ...)
{
	struct finding *x;
	va_list ap;

	va_start(ap, fmt);
	x = findings_vadd(&it->findings, sev, rule, it->field[ITEM_ID].len ? it->field[ITEM_ID].buf : NULL, field, fmt, ap);
	va_end(ap);
	x->source = it->source ? xstrdup(it->source) : NULL;
	x->line = it->line;
	return x;
}
