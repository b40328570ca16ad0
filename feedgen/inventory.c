/* inventory.c: the stock index read from an inventory CSV (sku, quantity, optional location),
 * quantities summed per SKU. Owns: the SKU table (skumap.h), a 2-byte quantity and a "used" bit
 * per SKU, and the few quantities that need more than 16 bits (a string map by SKU: about 45
 * bytes each). */
#include "inventory.h"
#include "alloc.h"
#include "csv.h"
#include "encoding.h"
#include "fetch.h"
#include "input.h"
#include "msg.h"
#include "source.h"
#include "skumap.h"
#include "strmap.h"
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct inventory {
	struct skumap map;
	int16_t *qty;          /* by entry number; QTY_WIDE: the quantity is in wide */
	size_t qty_alloc;
	unsigned char *used;   /* a bit per entry: asked for by a catalog item (atomic) */
	size_t used_alloc;
	struct strmap wide;    /* the quantities outside int16 (few: stock counts are small), by SKU */
};
#define QTY_WIDE INT16_MIN

struct inventory *inventory_new(void)
{
	struct inventory *inv = xcalloc(1, sizeof(*inv));
	return inv;
}

void inventory_free(struct inventory *inv)
{
	if (!inv)
		return;
	skumap_release(&inv->map);
	strmap_release(&inv->wide);
	free(inv->qty);
	free(inv->used);
	free(inv);
}

static long quantity_of(const struct inventory *inv, size_t n, const char *sku, size_t len)
{
	struct strmap_entry *e;

	if (inv->qty[n] != QTY_WIDE)
		return inv->qty[n];
	e = strmap_find((struct strmap *)&inv->wide, sku, len); /* reads only */
	return e ? e->value : 0;
}

void inventory_add(struct inventory *inv, const char *sku, long quantity)
{
	size_t len = strlen(sku), n;
	int created;
	long have;

	n = skumap_put(&inv->map, sku, len, &created);
	if (created) {
		ALLOC_GROW(inv->qty, n + 1, inv->qty_alloc);
		inv->qty[n] = 0;
		if (n / 8 >= inv->used_alloc) {
			size_t was = inv->used_alloc;
			ALLOC_GROW(inv->used, n / 8 + 1, inv->used_alloc);
			memset(inv->used + was, 0, inv->used_alloc - was);
		}
	}
	have = quantity_of(inv, n, sku, len);
	if ((quantity > 0 && have > LONG_MAX - quantity) || (quantity < 0 && have < LONG_MIN - quantity))
		have = quantity > 0 ? LONG_MAX : LONG_MIN;
	else
		have += quantity;
	if (have > INT16_MIN && have <= INT16_MAX) {
		inv->qty[n] = (int16_t)have;
	} else {
		inv->qty[n] = QTY_WIDE;
		strmap_put(&inv->wide, sku, len, &created)->value = have;
	}
}

int inventory_lookup(struct inventory *inv, const char *sku, long *quantity)
{
	size_t len = strlen(sku);
	long n = skumap_find(&inv->map, sku, len);
	unsigned char bit;

	if (n < 0)
		return 0;
	/* catalog workers look up at the same time: the "used" bit is the only write, the same
	 * from every thread, read once all of them are done (inventory_report_unused) */
	bit = (unsigned char)(1u << (n % 8));
	if (!(__atomic_load_n(&inv->used[n / 8], __ATOMIC_RELAXED) & bit))
		__atomic_fetch_or(&inv->used[n / 8], bit, __ATOMIC_RELAXED);
	*quantity = quantity_of(inv, (size_t)n, sku, len);
	return 1;
}

size_t inventory_size(const struct inventory *inv)
{
	return inv->map.count;
}

void inventory_trim(struct inventory *inv)
{
	size_t n = inv->map.count;

	skumap_trim(&inv->map);
	if (n && inv->qty_alloc > n) {
		inv->qty = xrealloc(inv->qty, n * sizeof(*inv->qty));
		inv->qty_alloc = n;
	}
}

long inventory_number(const struct inventory *inv, const char *sku, size_t len)
{
	return skumap_find(&inv->map, sku, len);
}

const char *inventory_sku(const struct inventory *inv, size_t n, size_t *len)
{
	return skumap_key(&inv->map, n, len);
}

void inventory_report_unused(struct inventory *inv, struct findings *findings)
{
	struct strbuf sku = STRBUF_INIT;
	size_t i = 0, len;
	long n;

	while ((n = skumap_next(&inv->map, &i)) >= 0) {
		const char *k;
		if (inv->used[n / 8] & (1u << (n % 8)))
			continue;
		k = skumap_key(&inv->map, (size_t)n, &len);
		strbuf_reset(&sku);
		strbuf_add(&sku, k, len); /* the table keeps no NUL */
		findings_add(findings, SEV_WARNING, "inventory-unknown-sku", sku.buf, "sku",
			     "inventory row for SKU not in the catalog, ignored");
	}
	strbuf_release(&sku);
}

static int find_column(const struct csv_reader *r, const char *name)
{
	for (size_t i = 0; i < r->nfields; i++) {
		const char *f = r->fields[i];
		while (*f == ' ')
			f++;
		size_t n = strlen(name);
		if (!strncasecmp(f, name, n) && (f[n] == '\0' || f[n] == ' '))
			return (int)i;
	}
	return -1;
}

/* A whole number, optionally signed, surrounding spaces allowed. */
static int parse_quantity(const char *s, long *out)
{
	char *end;

	while (*s == ' ')
		s++;
	if (!*s)
		return -1;
	errno = 0;
	*out = strtol(s, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || *end || end == s)
		return -1;
	return 0;
}

/* A UTF-16/32 (or binary) file shows in the raw bytes of the header's first field (also
 * when reading it failed: /dev/zero fills the field cap): the reader's own copy, so standard
 * input and URLs need no rewinding. */
static int check_encoding(const struct csv_reader *r, const char *path)
{
	const unsigned char *head = (const unsigned char *)r->data.buf;
	size_t n = r->nfields ? r->lengths[0] : r->data.len;
	enum text_form form = encoding_detect(head, n, NULL);
	struct strbuf m = STRBUF_INIT;

	if (!form)
		return 0;
	encoding_message(&m, "inventory", path, "a CSV file with a header row", head, n, form);
	msg_error("%s", m.buf);
	strbuf_release(&m);
	return EXIT_INPUT;
}

int inventory_load(struct inventory *inv, const char *path, const struct inventory_options *opt,
		   const struct fetch_options *run_fetch, struct findings *findings)
{
	const char *sku_name = opt && opt->sku_column ? opt->sku_column : "sku";
	const char *qty_name = opt && opt->quantity_column ? opt->quantity_column : "quantity";
	struct csv_reader r;
	FILE *fp;
	int sku_col, qty_col, rc = 0, st;

	if ((rc = source_open("inventory", path, run_fetch, &fp, NULL)))
		return rc;
	csv_reader_init(&r, fp, ',');
	st = csv_read(&r);
	if (st != 0 && (rc = check_encoding(&r, path)))
		goto out;
	if (st <= 0) {
		rc = st < 0 ? msg_fail(EXIT_INPUT, "inventory %s line %ld: %s", msg_quote(path), r.next_line, r.error)
			    : msg_fail(EXIT_INPUT, "inventory %s is empty (expected a header row with %s and %s)",
				       msg_quote(path), msg_quote(sku_name), msg_quote(qty_name));
		goto out;
	}
	sku_col = find_column(&r, sku_name);
	qty_col = find_column(&r, qty_name);
	if (sku_col < 0 || qty_col < 0) {
		rc = msg_fail(EXIT_USAGE, "inventory %s line 1: no %s column (header has %zu columns; "
			      "name it with --inventory-%s-column)", msg_quote(path),
			      msg_quote(sku_col < 0 ? sku_name : qty_name), r.nfields, sku_col < 0 ? "sku" : "quantity");
		goto out;
	}
	while ((st = csv_read(&r)) > 0) {
		long q;
		const char *sku;
		struct finding *f;

		if (r.nfields == 1 && !r.lengths[0])
			continue; /* blank line */
		if ((size_t)sku_col >= r.nfields || (size_t)qty_col >= r.nfields) {
			f = findings_add(findings, SEV_WARNING, "inventory-row", NULL, NULL,
					 "inventory row has %zu fields, expected at least %d; skipped", r.nfields,
					 (sku_col > qty_col ? sku_col : qty_col) + 1);
			f->source = xstrdup(path);
			f->line = r.line;
			continue;
		}
		if (memchr(r.fields[sku_col], '\0', r.lengths[sku_col]) || memchr(r.fields[qty_col], '\0', r.lengths[qty_col])) {
			/* the SKU would be cut at the NUL and could join another product ("AB\0CD" as "AB") */
			struct strbuf shown = STRBUF_INIT;
			int in_sku = memchr(r.fields[sku_col], '\0', r.lengths[sku_col]) != NULL;
			msg_sanitize(&shown, r.fields[in_sku ? sku_col : qty_col], r.lengths[in_sku ? sku_col : qty_col], 200);
			f = findings_add(findings, SEV_WARNING, "inventory-row", NULL, in_sku ? "sku" : "quantity",
					 "inventory row with a NUL character in '%s'; skipped", shown.buf);
			f->source = xstrdup(path);
			f->line = r.line;
			strbuf_release(&shown);
			continue;
		}
		sku = r.fields[sku_col];
		while (*sku == ' ')
			sku++;
		if (!*sku) {
			f = findings_add(findings, SEV_WARNING, "inventory-row", NULL, "sku",
					 "inventory row without SKU; skipped");
			f->source = xstrdup(path);
			f->line = r.line;
			continue;
		}
		if (parse_quantity(r.fields[qty_col], &q)) {
			f = findings_add(findings, SEV_WARNING, "inventory-quantity", sku, "quantity",
					 "quantity %s is not a whole number; row skipped", msg_quote(r.fields[qty_col]));
			f->source = xstrdup(path);
			f->line = r.line;
			continue;
		}
		inventory_add(inv, sku, q);
	}
	if (st < 0)
		rc = msg_fail(EXIT_INPUT, "inventory %s line %ld: %s", msg_quote(path), r.next_line, r.error);
	else if (ferror(fp)) /* a read error looks like the end to getc: not a short inventory */
		rc = msg_fail(EXIT_INPUT, "cannot read inventory %s: %s", msg_quote(path), strerror(errno ? errno : EIO));
out:
	inventory_trim(inv);
	csv_reader_release(&r);
	if (fp != stdin)
		fclose(fp);
	return rc;
}
