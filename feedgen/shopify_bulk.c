/* shopify_bulk.c: Shopify bulk-operation JSONL (products, variants, images, inventory levels
 * flattened to one object per line, children pointing up with "__parentId", any order)
 * assembled into REST-shaped product objects (the GraphQL names converted by
 * shopify_bulk_convert.c).
 * Owns: an index of line offsets and ids (grows with the file, the records do not). */
#include "fetch.h"
#include "shopify_bulk_impl.h"
#include "alloc.h"
#include "msg.h"
#include "strmap.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define BULK_MAX_LINE ((size_t)64 << 20)

struct bline {
	off_t off;
	long lineno;
	const char *parent_key;  /* arena copy of __parentId, or NULL */
	long parent;             /* line index of the parent, -1 for a root */
	long first_child, last_child, next_child; /* children of a root, in file order */
};

struct bulk {
	FILE *fp;
	const char *source;
	struct bline *v;
	size_t n, alloc;
	struct strmap ids;       /* gid -> line index, -1 while only named as a parent */
	char *line;
	size_t line_alloc;
};

static int bulk_error(struct bulk *b, long lineno, const char *what)
{
	return msg_fail(EXIT_INPUT, "bulk file %s line %ld: %s", msg_quote(b->source), lineno, what);
}

/* Read the line at the current position into b->line; returns its length, -1 at the end. */
static ssize_t read_line(struct bulk *b)
{
	ssize_t n = getline(&b->line, &b->line_alloc, b->fp);
	if (n > 0 && b->line[n - 1] == '\n')
		b->line[--n] = '\0';
	if (n > 0 && b->line[n - 1] == '\r')
		b->line[--n] = '\0';
	return n;
}

static int blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return !*s;
}

static json_t *parse_line(struct bulk *b, ssize_t n, long lineno, int *rc)
{
	json_error_t err;
	json_t *j;
	char what[200];

	if ((size_t)n > BULK_MAX_LINE) {
		*rc = bulk_error(b, lineno, "line longer than 64 MiB");
		return NULL;
	}
	j = json_loadb(b->line, (size_t)n, 0, &err);
	if (!j) {
		snprintf(what, sizeof(what), "column %d: %s", err.column, err.text);
		*rc = bulk_error(b, lineno, what);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		*rc = bulk_error(b, lineno, "expected a JSON object");
		return NULL;
	}
	return j;
}

/* Build and emit the product of root line r. */
static int emit_product(struct bulk *b, size_t r, record_fn fn, void *arg)
{
	json_t *g, *p, *variants_by_gid = json_object();
	long c;
	ssize_t n;
	int rc = 0;

	if (fseeko(b->fp, b->v[r].off, SEEK_SET) || (n = read_line(b)) < 0)
		return bulk_error(b, b->v[r].lineno, "cannot read the line again");
	if (!(g = parse_line(b, n, b->v[r].lineno, &rc)))
		return rc;
	if (bulk_kind_of(g) != BULK_PRODUCT) {
		json_decref(g);
		json_decref(variants_by_gid);
		return 0; /* a root that is not a product (another connection of the query) */
	}
	p = bulk_convert_product(g);
	json_decref(g);
	/* variants and images first (file order), then what hangs below variants */
	for (int pass = 0; pass < 2 && !rc; pass++) {
		for (c = b->v[r].first_child; c >= 0 && !rc; c = b->v[c].next_child) {
			int direct = b->v[c].parent == (long)r;
			enum bulk_kind k;
			if (direct != (pass == 0))
				continue;
			if (fseeko(b->fp, b->v[c].off, SEEK_SET) || (n = read_line(b)) < 0) {
				rc = bulk_error(b, b->v[c].lineno, "cannot read the line again");
				break;
			}
			if (!(g = parse_line(b, n, b->v[c].lineno, &rc)))
				break;
			k = bulk_kind_of(g);
			if (direct && k == BULK_VARIANT) {
				json_t *v = bulk_convert_variant(p, g);
				const char *gid = json_string_value(json_object_get(g, "id"));
				if (gid)
					json_object_set(variants_by_gid, gid, v);
			} else if (direct && k == BULK_IMAGE) {
				bulk_convert_image(p, g);
			} else if (!direct && k == BULK_LEVEL) {
				json_t *v = json_object_get(variants_by_gid, json_string_value(json_object_get(g, "__parentId")));
				if (v) {
					json_t *sum = json_object_get(v, "_levels_sum");
					json_object_set_new(v, "_levels_sum",
							    json_integer((sum ? json_integer_value(sum) : 0) + bulk_level_available(g)));
				}
			}
			json_decref(g);
		}
	}
	if (!rc) {
		const char *k;
		json_t *v;
		json_object_foreach(variants_by_gid, k, v) {
			json_t *sum = json_object_get(v, "_levels_sum");
			if (sum && !json_object_get(v, "inventory_quantity"))
				json_object_set(v, "inventory_quantity", sum);
			json_object_del(v, "_levels_sum");
		}
		bulk_sort_variants(p);
		rc = fn(arg, p, b->source, b->v[r].lineno);
	}
	json_decref(p);
	json_decref(variants_by_gid);
	return rc;
}

int shopify_bulk_sniff(FILE *fp)
{
	char buf[512];
	size_t n;
	int yes = 0;

	n = fread(buf, 1, sizeof(buf) - 1, fp);
	if (ferror(fp)) { /* rewind would clear the error: say so instead */
		rewind(fp);
		return -1;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (strstr(buf, "\"gid://shopify/") && (strstr(buf, "\"id\"") || strstr(buf, "\"__parentId\"")))
		yes = 1;
	rewind(fp);
	return yes;
}

/* Index one object line (at off): its id and its parent's. Returns 0 or EXIT_INPUT. */
static int index_line(struct bulk *b, off_t off, ssize_t n, long lineno)
{
	json_t *j, *id, *parent;
	struct bline *l;
	int rc = 0;

	if (!(j = parse_line(b, n, lineno, &rc)))
		return rc;
	ALLOC_GROW(b->v, b->n + 1, b->alloc);
	l = &b->v[b->n];
	memset(l, 0, sizeof(*l));
	l->off = off;
	l->lineno = lineno;
	l->parent = -1;
	l->first_child = l->last_child = l->next_child = -1;
	id = json_object_get(j, "id");
	parent = json_object_get(j, "__parentId");
	if (json_is_string(id)) {
		int created;
		struct strmap_entry *e = strmap_put(&b->ids, json_string_value(id), json_string_length(id), &created);
		if (!created && e->value != -1) {
			json_decref(j);
			return bulk_error(b, lineno, "the same id appears on two lines");
		}
		e->value = (long)b->n;
	}
	if (json_is_string(parent)) {
		int created;
		struct strmap_entry *e = strmap_put(&b->ids, json_string_value(parent), json_string_length(parent), &created);
		if (created)
			e->value = -1;
		l->parent_key = strmap_key(&b->ids, e);
	}
	b->n++;
	json_decref(j);
	return 0;
}

/* Pass 1: index every line by id and parent. */
static int index_lines(struct bulk *b)
{
	long lineno = 0;
	int rc;

	for (;;) {
		off_t off = ftello(b->fp);
		ssize_t n = read_line(b);

		if (n < 0)
			break;
		lineno++;
		if (blank(b->line))
			continue;
		if ((rc = index_line(b, off, n, lineno)))
			return rc;
	}
	if (ferror(b->fp))
		return msg_fail(EXIT_INPUT, "cannot read %s: %s", msg_quote(b->source), strerror(errno));
	return 0;
}

/* Pass 2: link children to their parents and roots. */
static int link_children(struct bulk *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		struct strmap_entry *e;
		if (!b->v[i].parent_key)
			continue;
		e = strmap_find(&b->ids, b->v[i].parent_key, strlen(b->v[i].parent_key));
		if (!e || e->value < 0) {
			char what[300];
			snprintf(what, sizeof(what), "__parentId %s names no object in the file (incomplete export?)",
				 msg_quote(b->v[i].parent_key));
			return bulk_error(b, b->v[i].lineno, what);
		}
		b->v[i].parent = e->value;
	}
	for (i = 0; i < b->n; i++) {
		long r = (long)i;
		int depth = 0;
		if (b->v[i].parent < 0)
			continue;
		while (b->v[r].parent >= 0 && depth++ < 8)
			r = b->v[r].parent;
		if (b->v[r].parent >= 0)
			return bulk_error(b, b->v[i].lineno, "__parentId links form a cycle");
		if (b->v[r].last_child >= 0)
			b->v[b->v[r].last_child].next_child = (long)i;
		else
			b->v[r].first_child = (long)i;
		b->v[r].last_child = (long)i;
	}
	return 0;
}

int shopify_bulk_stream(FILE *fp, const char *source, record_fn fn, void *arg)
{
	struct bulk b;
	int rc;

	memset(&b, 0, sizeof(b));
	b.fp = fp;
	b.source = source;
	rewind(fp);
	if (!(rc = index_lines(&b)) && !(rc = link_children(&b))) {
		/* pass 3: one product at a time */
		for (size_t i = 0; i < b.n && !rc; i++)
			if (b.v[i].parent < 0)
				rc = emit_product(&b, i, fn, arg);
	}
	free(b.v);
	free(b.line);
	strmap_release(&b.ids);
	return rc;
}
