/* feed_diff.c: the change report's engine (feed_diff.h): each item of a feed reduced to a few
 * numbers (prices in money_t, availability code, low-stock flag, a hash of the other values);
 * OLD into the index, NEW compared item by item, the ids of OLD not seen counted last.
 * Owns: struct feed_diff's index, lists and id arena. */
#include "feed_diff.h"
#include "alloc.h"
#include "feed_reader.h"
#include "msg.h"
#include "row.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
/* XXH3 inlined: the change report hashes every value of every row (issue 12); same digest */
#define XXH_INLINE_ALL
#include <xxhash.h>

void feed_diff_init(struct feed_diff *d, const struct template *tpl, const struct urgency_options *u, size_t max_list)
{
	memset(d, 0, sizeof(*d));
	d->tpl = tpl;
	d->urgency = u;
	d->max_list = max_list;
	d->price_attr = tpl->attr_by_field[ITEM_PRICE];
	d->sale_attr = tpl->attr_by_field[ITEM_SALE_PRICE];
	d->availability_attr = tpl->attr_by_field[ITEM_AVAILABILITY];
	d->flag_attr = tpl->attr_by_field[u->flag_field];
	d->quantity_attr = tpl->attr_by_field[ITEM_QUANTITY];
	idindex_init(&d->old, sizeof(struct diff_values));
	strbuf_init(&d->ids);
	d->kind[0] = d->kind[1] = "empty";
}

void feed_diff_release(struct feed_diff *d)
{
	idindex_release(&d->old);
	for (int k = 0; k < DIFF_LISTS; k++)
		free(d->items[k]);
	strbuf_release(&d->ids);
	memset(d->items, 0, sizeof(d->items));
}

static const char *value(const struct row *r, int attr)
{
	return attr >= 0 ? row_get(r, (size_t)attr) : "";
}

/* "12.00 USD" (or a bare "12.00") into amount and currency. */
static money_t price_of(const char *s, char currency[4])
{
	money_t m;

	currency[0] = '\0';
	if (!*s)
		return DIFF_NO_PRICE;
	if (!money_parse_price(s, &m, currency, NULL, NULL) || !money_parse(s, &m, NULL))
		return m;
	currency[0] = '\0';
	return DIFF_BAD_PRICE;
}

static int16_t availability_of(const struct feed_diff *d, const char *s)
{
	const struct attribute *a;
	const struct enum_value *v;
	int exact;

	if (!*s)
		return DIFF_NO_AVAILABILITY;
	if (d->availability_attr < 0)
		return DIFF_BAD_AVAILABILITY;
	a = &d->tpl->attrs[d->availability_attr];
	if (!(v = template_enum_match(a, s, &exact)))
		return DIFF_BAD_AVAILABILITY;
	for (size_t i = 0; i < a->nvalues; i++)
		if (!strcmp(a->values[i].canonical, v->canonical))
			return (int16_t)i;
	return DIFF_BAD_AVAILABILITY;
}

/* Low on stock, as the urgency stage writes it (feed_diff.h). */
static int low_of(const struct feed_diff *d, const struct row *r)
{
	const char *flag = value(r, d->flag_attr), *q = value(r, d->quantity_attr);

	if (!strcmp(flag, "low_stock") || !strcmp(flag, "last_chance"))
		return 1;
	if (*q && d->urgency->low_stock > 0) {
		char *end;
		long n = strtol(q, &end, 10);
		return !*end && n >= 1 && n <= d->urgency->low_stock;
	}
	return 0;
}

/* The chain of attribute i's value into h: skipped when empty, the id, the flag, or a price,
 * sale price or availability that reads (those are compared as numbers). */
static uint64_t chain_value(const struct feed_diff *d, const struct diff_values *v, size_t i, const struct strbuf *s,
			    uint64_t h)
{
	int a = (int)i, bad = (a == d->price_attr && v->price == DIFF_BAD_PRICE) ||
			      (a == d->sale_attr && v->sale == DIFF_BAD_PRICE) ||
			      (a == d->availability_attr && v->availability == DIFF_BAD_AVAILABILITY);

	if (a == d->tpl->id_attr || a == d->flag_attr ||
	    (!bad && (a == d->price_attr || a == d->sale_attr || a == d->availability_attr)))
		return h;
	/* the attribute (in the seed), then its value with its NUL: XXH3, a word at a time
	 * (FNV-1a, a byte at a time, was 4 to 7% of a build; digest version 3) */
	return XXH3_64bits_withSeed(s->buf, s->len + 1, h ^ ((uint64_t)i + 1) * 0x9e3779b97f4a7c15ULL);
}

static void numbers_kept(const struct feed_diff *d, const struct row *r, struct diff_values *v,
			 const struct diff_prefix *p, size_t m);

void feed_diff_values(const struct feed_diff *d, const struct row *r, struct diff_values *v)
{
	uint64_t h = 0;

	numbers_kept(d, r, v, NULL, 0);
	for (size_t i = 0; i < d->tpl->nattrs; i++)
		if (r->values[i].len) /* most attributes of a row: decided before the others are looked at */
			h = chain_value(d, v, i, &r->values[i], h);
	v->other = h;
}

struct diff_prefix *diff_prefix_new(const struct feed_diff *d)
{
	struct diff_prefix *p = xcalloc(1, sizeof(*p));

	p->nattrs = d->tpl->nattrs;
	p->id_attr = d->tpl->id_attr;
	p->flag_attr = d->flag_attr;
	p->price_attr = d->price_attr;
	p->sale_attr = d->sale_attr;
	p->availability_attr = d->availability_attr;
	p->chain = xcalloc(p->nattrs ? p->nattrs : 1, sizeof(*p->chain));
	p->refs = 1;
	return p;
}

int feed_diff_prefix_fits(const struct diff_prefix *p, const struct feed_diff *d)
{
	return p->nattrs == d->tpl->nattrs && p->id_attr == d->tpl->id_attr && p->flag_attr == d->flag_attr &&
	       p->price_attr == d->price_attr && p->sale_attr == d->sale_attr &&
	       p->availability_attr == d->availability_attr;
}

void diff_prefix_unref(struct diff_prefix *p)
{
	if (!p || --p->refs)
		return;
	free(p->chain);
	free(p);
}

/* Attribute a is none or among the first m values, which are the last row's. */
static inline int kept(int a, size_t m)
{
	return m && (a < 0 || (size_t)a < m);
}

/* The row's numbers (price, sale price, availability, low stock), each whose attributes are
 * among the first m values (equal to the last row's of p; m 0: none, p may be NULL) taken from
 * p instead of parsed again (issue 12: the feeds of a retargeting set give the same item's
 * prices and availability; parsing them was a fifth of the capture). */
static void numbers_kept(const struct feed_diff *d, const struct row *r, struct diff_values *v,
			 const struct diff_prefix *p, size_t m)
{
	const struct diff_values *k = m ? &p->numbers : NULL;

	memset(v, 0, sizeof(*v));
	if (kept(d->price_attr, m))
		v->price = k->price, memcpy(v->currency, k->currency, sizeof(v->currency));
	else
		v->price = price_of(value(r, d->price_attr), v->currency);
	if (kept(d->sale_attr, m))
		v->sale = k->sale, memcpy(v->sale_currency, k->sale_currency, sizeof(v->sale_currency));
	else
		v->sale = price_of(value(r, d->sale_attr), v->sale_currency);
	v->availability = kept(d->availability_attr, m) ? k->availability : availability_of(d, value(r, d->availability_attr));
	if (kept(d->flag_attr, m) && kept(d->quantity_attr, m) && p->low_stock == d->urgency->low_stock)
		v->low = k->low;
	else
		v->low = (uint8_t)low_of(d, r);
}

void feed_diff_values_prefix(const struct feed_diff *d, const struct row *r, struct diff_values *v,
			     struct diff_prefix *p, const struct row_likeness *like)
{
	const struct row *last = p->last && p->last->gen == p->last_gen ? p->last : NULL;
	size_t i = 0, n = d->tpl->nattrs, nvalid = last ? p->nvalid : 0;
	uint64_t h = 0;

	/* the chain after a value equal to the last row's, all values before it equal too, is
	 * the last row's: the same attributes, values and numbers went into it */
	if (last && like && like->row == last && like->gen == p->last_gen) { /* the writer compared them */
		i = like->n < nvalid ? like->n : nvalid;
		h = i ? p->chain[i - 1] : 0;
		nvalid = i;
	}
	for (; i < nvalid; i++) {
		const struct strbuf *s = &r->values[i], *k = &last->values[i];
		if (s->len != k->len || (s->len && memcmp(s->buf, k->buf, s->len)))
			break;
		h = p->chain[i];
	}
	numbers_kept(d, r, v, p, i);
	for (; i < n; i++) {
		const struct strbuf *s = &r->values[i];
		if (s->len)
			h = chain_value(d, v, i, s, h);
		p->chain[i] = h;
	}
	p->nvalid = n;
	p->last = r;
	p->last_gen = r->gen;
	p->numbers = *v;
	p->low_stock = d->urgency->low_stock;
	v->other = h;
}

static struct diff_item *list_add(struct feed_diff *d, enum diff_list k, const char *id, size_t len, long line)
{
	struct diff_item *it;

	if (d->nitems[k] >= d->max_list)
		return NULL;
	ALLOC_GROW(d->items[k], d->nitems[k] + 1, d->items_alloc[k]);
	it = &d->items[k][d->nitems[k]++];
	memset(it, 0, sizeof(*it));
	it->id = d->ids.len;
	strbuf_add(&d->ids, id, len);
	strbuf_addch(&d->ids, '\0');
	it->line = line;
	return it;
}

static void duplicate(struct feed_diff *d, const char *id, size_t len, long line)
{
	struct diff_item *it;

	if (d->reading_new)
		d->counts.duplicates_new++;
	else
		d->counts.duplicates_old++;
	if ((it = list_add(d, DIFF_DUPLICATE, id, len, line)))
		it->in_new = d->reading_new;
}

static int old_row(void *ctx, const struct row *r)
{
	struct feed_diff *d = ctx;
	const char *id = row_id(r);
	size_t len = strlen(id), e;
	int created;

	d->counts.old_items++;
	if (!len) {
		d->counts.without_id_old++;
		return 0;
	}
	e = idindex_put(&d->old, id, len, &created);
	if (!created) {
		duplicate(d, id, len, r->line);
		return 0;
	}
	feed_diff_values(d, r, idindex_value(&d->old, e));
	return 0;
}

static unsigned compare(const struct diff_values *a, const struct diff_values *b)
{
	unsigned what = 0;

	if (a->price != b->price || strcmp(a->currency, b->currency))
		what |= DIFF_PRICE;
	if (a->sale != b->sale || strcmp(a->sale_currency, b->sale_currency))
		what |= DIFF_SALE_PRICE;
	if (a->availability != b->availability)
		what |= DIFF_AVAILABILITY;
	if (!a->low && b->low)
		what |= DIFF_LOW_ENTERED;
	if (a->low && !b->low)
		what |= DIFF_LOW_LEFT;
	if (a->other != b->other)
		what |= DIFF_OTHER;
	return what;
}

static int new_row(void *ctx, const struct row *r)
{
	struct feed_diff *d = ctx;
	struct diff_counts *c = &d->counts;
	const char *id = row_id(r);
	size_t len = strlen(id), e;
	struct diff_values nv, *ov;
	struct diff_item *it;
	int created;
	unsigned what;

	c->new_items++;
	if (!len) {
		c->without_id_new++;
		return 0;
	}
	e = idindex_put(&d->old, id, len, &created);
	ov = idindex_value(&d->old, e);
	if (!created && ov->state) {
		duplicate(d, id, len, r->line);
		return 0;
	}
	feed_diff_values(d, r, &nv);
	if (created) {
		nv.state = 2;
		*ov = nv;
		c->added++;
		if ((it = list_add(d, DIFF_ADDED, id, len, r->line)))
			it->v[1] = nv;
		return 0;
	}
	ov->state = 1;
	if (!(what = compare(ov, &nv))) {
		c->unchanged++;
		return 0;
	}
	c->changed++;
	c->price_changed += (what & (DIFF_PRICE | DIFF_SALE_PRICE)) != 0;
	c->availability_changed += (what & DIFF_AVAILABILITY) != 0;
	c->low_stock_entered += (what & DIFF_LOW_ENTERED) != 0;
	c->low_stock_left += (what & DIFF_LOW_LEFT) != 0;
	if ((it = list_add(d, DIFF_CHANGED, id, len, r->line))) {
		it->what = what;
		it->v[0] = *ov;
		it->v[1] = nv;
	}
	return 0;
}

static int read_rows(struct feed_diff *d, const char *path, feed_row_fn fn, int lenient)
{
	int rc = feed_read_rows(path, d->tpl, fn, d, &d->kind[d->reading_new]);

	if (rc == FEED_NO_HEADER && !lenient)
		rc = msg_fail(EXIT_INPUT, "feed %s: no header row naming %s attributes (such as %s) in its first records",
			      msg_quote(path), d->tpl->title, d->tpl->id_attribute);
	return rc;
}

int feed_diff_read_old(struct feed_diff *d, const char *path)
{
	d->reading_new = 0;
	return read_rows(d, path, old_row, d->lenient_old);
}

int feed_diff_read_new(struct feed_diff *d, const char *path)
{
	int rc;

	d->reading_new = 1;
	if ((rc = read_rows(d, path, new_row, 0)))
		return rc;
	for (size_t i = 0; i < d->old.n; i++)
		d->counts.removed += !((const struct diff_values *)idindex_value(&d->old, i))->state;
	return 0;
}

int feed_diff_next_removed(const struct feed_diff *d, size_t *pos, const char **id, const struct diff_values **v)
{
	for (; *pos < d->old.n; (*pos)++) {
		const struct diff_values *x = idindex_value(&d->old, *pos);
		if (x->state)
			continue;
		*id = idindex_key(&d->old, *pos);
		*v = x;
		(*pos)++;
		return 1;
	}
	return 0;
}

void feed_diff_format_price(struct strbuf *out, money_t amount, const char *currency)
{
	int dec = *currency ? currency_decimals(currency) : 2;

	if (amount == DIFF_NO_PRICE)
		strbuf_addstr(out, "none");
	else if (amount == DIFF_BAD_PRICE)
		strbuf_addstr(out, "not a price");
	else if (*currency)
		money_format(out, amount, dec < 0 || !money_fits(amount, dec) ? 4 : dec, currency);
	else
		money_format(out, amount, money_fits(amount, 2) ? 2 : 4, NULL); /* a bare number */
}

const char *feed_diff_availability(const struct feed_diff *d, int code)
{
	if (code < 0 || d->availability_attr < 0)
		return NULL;
	return d->tpl->attrs[d->availability_attr].values[code].spelling;
}

json_t *feed_diff_summary_json(const struct diff_counts *c, int with_previous)
{
	json_t *o = json_object();
	const struct { const char *name; unsigned long n; } f[] = {
		{ "added", c->added }, { "removed", c->removed }, { "changed", c->changed },
		{ "price_changed", c->price_changed }, { "availability_changed", c->availability_changed },
		{ "low_stock_entered", c->low_stock_entered }, { "low_stock_left", c->low_stock_left },
		{ "unchanged", c->unchanged }, { "old_items", c->old_items }, { "new_items", c->new_items },
		{ "duplicates_old", c->duplicates_old }, { "duplicates_new", c->duplicates_new },
		{ "without_id_old", c->without_id_old }, { "without_id_new", c->without_id_new },
	};

	if (with_previous)
		json_object_set_new(o, "previous", json_boolean(c->previous));
	for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++)
		json_object_set_new(o, f[i].name, json_integer((json_int_t)f[i].n));
	return o;
}

int feed_diff_replaced(const char *channel, const struct urgency_options *u, const char *old_path,
		       const char *new_path, struct diff_counts *out)
{
	const struct template *tpl = template_load(channel);
	struct feed_diff d;
	struct stat st;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!tpl)
		return EXIT_USAGE;
	feed_diff_init(&d, tpl, u, 0);
	d.lenient_old = 1;
	d.counts.previous = old_path && !stat(old_path, &st) && S_ISREG(st.st_mode);
	if (d.counts.previous)
		rc = feed_diff_read_old(&d, old_path);
	if (!rc && (rc = feed_diff_read_new(&d, new_path)))
		rc = EXIT_OUTPUT;
	*out = d.counts;
	feed_diff_release(&d);
	template_free(tpl);
	return rc;
}
