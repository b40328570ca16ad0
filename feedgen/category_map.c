/* category_map.c: the category map (see category_map.h, docs/categories.md): loading and
 * checking the CSV (csv.c's reader), folding product_types into matching keys, filling items
 * and counting them per product_type, and the once-per-category warning.
 * Owns: struct category_map. */
#include "category_map.h"
#include "alloc.h"
#include "csv.h"
#include "encoding.h"
#include "msg.h"
#include "source.h"
#include "text.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CATEGORY_MAX_LEN 750 /* Google's product_type limit; no taxonomy path comes near it */

struct category_map *category_map_new(const char *path)
{
	struct category_map *m = xcalloc(1, sizeof(*m));

	m->path = path ? xstrdup(path) : NULL;
	strbuf_init(&m->key);
	return m;
}

void category_map_free(struct category_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nrows; i++) {
		free(m->rows[i].product_type);
		free(m->rows[i].category);
	}
	for (size_t i = 0; i < m->nseen; i++)
		free(m->seen[i].product_type);
	free(m->rows);
	free(m->seen);
	strmap_release(&m->index);
	strmap_release(&m->seen_index);
	strbuf_release(&m->key);
	free(m->path);
	free(m);
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* One segment (between '>'s) folded into out: trimmed, inner runs of space as one space, A-Z
 * and the Latin-1 capitals (U+00C0-U+00DE but U+00D7) lowercased. */
static void fold_segment(struct strbuf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	int space = 0;

	while (p < end && is_space(*p))
		p++;
	while (end > p && is_space(end[-1]))
		end--;
	for (; p < end; p++) {
		if (is_space(*p)) {
			space = 1;
			continue;
		}
		if (space)
			strbuf_addch(out, ' ');
		space = 0;
		if (*p >= 'A' && *p <= 'Z') {
			strbuf_addch(out, *p + 32);
		} else if (*p == 0xc3 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9e && p[1] != 0x97) {
			strbuf_addch(out, 0xc3);
			strbuf_addch(out, p[1] + 32);
			p++;
		} else {
			strbuf_addch(out, *p);
		}
	}
}

void category_fold(struct strbuf *out, const char *s)
{
	strbuf_reset(out);
	while (*s) {
		size_t n = strcspn(s, ">"), before = out->len;
		if (out->len)
			strbuf_addstr(out, " > ");
		size_t mark = out->len;
		fold_segment(out, s, n);
		if (out->len == mark) /* an empty segment ("A >> B", "A >") is left out */
			strbuf_setlen(out, before);
		s += n;
		if (*s == '>')
			s++;
	}
}

/* The category as feeds get it: digits as they are, a path with trimmed segments joined by
 * " > ". Returns NULL when it is fine, else what is wrong with it. */
static const char *check_category(const char *v, struct strbuf *out)
{
	size_t n = strlen(v);

	strbuf_reset(out);
	if (!n)
		return "is empty";
	if (strspn(v, "0123456789") == n)
		return n > 10 ? "is too long for a Google category id" : (strbuf_addstr(out, v), (const char *)NULL);
	if (n > CATEGORY_MAX_LEN)
		return "is longer than 750 characters";
	if (!utf8_is_valid(v, n))
		return "is not valid UTF-8";
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "has a control character";
	{ /* "187 - Apparel & Accessories > Shoes": a line of Google's taxonomy file */
		size_t d = strspn(v, "0123456789");
		if (d && !strncmp(v + d, " - ", 3))
			return "is a line of Google's taxonomy file: give the id alone (the digits) or the path alone";
		if (d) /* no top-level category starts with a digit: "12a" is a mistyped id */
			return "is neither a Google category id (digits) nor a path (names separated by ' > ')";
	}
	while (*v) {
		size_t seg = strcspn(v, ">"), letters = 0;
		const char *s = v, *e = v + seg;
		while (s < e && is_space((unsigned char)*s))
			s++;
		while (e > s && is_space((unsigned char)e[-1]))
			e--;
		for (const char *p = s; p < e; p++)
			letters += ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (unsigned char)*p >= 0x80;
		if (!letters)
			return "is neither a Google category id (digits) nor a path (names separated by ' > ')";
		if (out->len)
			strbuf_addstr(out, " > ");
		strbuf_add(out, s, (size_t)(e - s));
		v += seg;
		if (*v == '>' && !*++v)
			return "is neither a Google category id (digits) nor a path (names separated by ' > ')";
	}
	return NULL;
}

static int find_column(const struct csv_reader *r, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < r->nfields; i++) {
		const char *f = r->fields[i], *e = f + r->lengths[i];
		while (f < e && is_space((unsigned char)*f))
			f++;
		while (e > f && is_space((unsigned char)e[-1]))
			e--;
		if ((size_t)(e - f) == n && !strncasecmp(f, name, n))
			return (int)i;
	}
	return -1;
}

static char *trimmed(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, s);
	strbuf_trim(&sb);
	return strbuf_detach(&sb, NULL);
}

static int row_error(const struct category_map *m, long line, const char *what, const char *value, const char *fix)
{
	return msg_fail(EXIT_USAGE, "category map %s line %ld: %s %s%s%s", msg_quote(m->path), line, what,
			msg_quote(value), fix ? " " : "", fix ? fix : "");
}

/* One data row: checked, then added (a repeated product_type with the same category is fine). */
static int add_row(struct category_map *m, const struct csv_reader *r, int pt_col, int cat_col, struct strbuf *cat)
{
	const char *pt = (size_t)pt_col < r->nfields ? r->fields[pt_col] : "";
	const char *v = (size_t)cat_col < r->nfields ? r->fields[cat_col] : "";
	char *pt_trim = trimmed(pt), *v_trim = trimmed(v);
	const char *why;
	struct strmap_entry *e;
	int created, rc = 0;

	if ((size_t)pt_col < r->nfields && memchr(pt, '\0', r->lengths[pt_col]))
		rc = row_error(m, r->line, "product_type", pt, "has a NUL character");
	else if (!*pt_trim)
		rc = msg_fail(EXIT_USAGE, "category map %s line %ld: empty product_type (every row names one)", msg_quote(m->path),
			      r->line);
	else if (!*v_trim)
		rc = row_error(m, r->line, "empty google_product_category for product_type", pt_trim,
			       "(give an id such as 187 or a path such as 'Apparel & Accessories > Shoes', or remove the row)");
	else if ((size_t)cat_col < r->nfields && memchr(v, '\0', r->lengths[cat_col]))
		rc = row_error(m, r->line, "google_product_category", v, "has a NUL character");
	else if ((why = check_category(v_trim, cat)))
		rc = msg_fail(EXIT_USAGE, "category map %s line %ld: google_product_category %s %s (e.g. 187 or "
			      "'Apparel & Accessories > Shoes')", msg_quote(m->path), r->line, msg_quote(v_trim), why);
	if (rc)
		goto out;
	category_fold(&m->key, pt_trim);
	if (!m->key.len) { /* only separators: ">", " > > " */
		rc = row_error(m, r->line, "product_type", pt_trim, "has no name, only '>' separators");
		goto out;
	}
	e = strmap_put(&m->index, m->key.buf, m->key.len, &created);
	if (!created) {
		const struct category_row *first = &m->rows[e->value - 1];
		if (strcmp(first->category, cat->buf))
			rc = msg_fail(EXIT_USAGE, "category map %s line %ld: product_type %s is mapped to %s here and to %s on "
				      "line %ld (keep one row)", msg_quote(m->path), r->line, msg_quote(pt_trim),
				      msg_quote(cat->buf), msg_quote(first->category), first->line);
		goto out;
	}
	ALLOC_GROW(m->rows, m->nrows + 1, m->rows_alloc);
	m->rows[m->nrows] = (struct category_row){ pt_trim, strbuf_detach(cat, NULL), r->line };
	pt_trim = NULL;
	e->value = (long)++m->nrows;
out:
	free(pt_trim);
	free(v_trim);
	return rc;
}

int category_map_read(struct category_map *m, FILE *fp)
{
	struct csv_reader r;
	struct strbuf cat = STRBUF_INIT;
	int st, rc = 0, pt_col, cat_col;

	csv_reader_init(&r, fp, ',');
	st = csv_read(&r);
	if (st > 0) {
		const unsigned char *head = (const unsigned char *)r.data.buf;
		enum text_form form = encoding_detect(head, r.nfields ? r.lengths[0] : r.data.len, NULL);
		if (form) {
			struct strbuf msg = STRBUF_INIT;
			encoding_message(&msg, "category map", m->path, "a CSV file with a header row", head,
					 r.nfields ? r.lengths[0] : r.data.len, form);
			msg_error("%s", msg.buf);
			strbuf_release(&msg);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	if (st <= 0) {
		rc = st < 0 ? msg_fail(EXIT_USAGE, "category map %s line %ld: %s", msg_quote(m->path), r.next_line, r.error)
			    : msg_fail(EXIT_USAGE, "category map %s is empty (expected a header row: "
				       "product_type,google_product_category)", msg_quote(m->path));
		goto out;
	}
	pt_col = find_column(&r, "product_type");
	cat_col = find_column(&r, "google_product_category");
	if (pt_col < 0 || cat_col < 0) {
		rc = msg_fail(EXIT_USAGE, "category map %s line 1: no %s column (the header names product_type and "
			      "google_product_category; other columns are ignored)", msg_quote(m->path),
			      pt_col < 0 ? "'product_type'" : "'google_product_category'");
		goto out;
	}
	while (!rc && (st = csv_read(&r)) > 0)
		if (!(r.nfields == 1 && !r.lengths[0])) /* a blank line */
			rc = add_row(m, &r, pt_col, cat_col, &cat);
	if (!rc && st < 0)
		rc = msg_fail(EXIT_USAGE, "category map %s line %ld: %s", msg_quote(m->path), r.next_line, r.error);
out:
	strbuf_release(&cat);
	csv_reader_release(&r);
	return rc;
}

int category_map_load(struct category_map **out, const char *path, const struct fetch_options *fo)
{
	FILE *fp;
	int rc;

	*out = NULL;
	if ((rc = source_open("category map", path, fo, &fp, NULL)))
		return rc;
	*out = category_map_new(path);
	rc = category_map_read(*out, fp);
	source_close(fp);
	if (rc) {
		category_map_free(*out);
		*out = NULL;
	}
	return rc;
}

/* The row of a folded key, or of its longest " > " prefix; key is cut to the prefix tried last. */
static long find_folded(struct category_map *m, struct strbuf *key, enum category_match *match)
{
	*match = CATEGORY_EXACT;
	while (key->len) {
		struct strmap_entry *e = strmap_find(&m->index, key->buf, key->len);
		char *cut;
		if (e)
			return e->value - 1;
		*match = CATEGORY_PREFIX;
		/* segments are joined by exactly " > " after folding */
		for (cut = key->buf + key->len; cut > key->buf && strncmp(cut, " > ", 3); cut--)
			;
		strbuf_setlen(key, (size_t)(cut - key->buf));
	}
	*match = CATEGORY_NONE;
	return -1;
}

const struct category_row *category_map_find(struct category_map *m, const char *product_type,
					     enum category_match *match)
{
	long row;

	category_fold(&m->key, product_type);
	row = find_folded(m, &m->key, match);
	return row < 0 ? NULL : &m->rows[row];
}

/* The counts of a product_type, found or added (its match decided once, on first sight). */
static struct category_seen *seen_entry(struct category_map *m, const char *product_type)
{
	struct strmap_entry *e;
	struct category_seen *s;
	int created;

	category_fold(&m->key, product_type);
	e = strmap_put(&m->seen_index, m->key.buf, m->key.len, &created);
	if (!created)
		return &m->seen[e->value - 1];
	ALLOC_GROW(m->seen, m->nseen + 1, m->seen_alloc);
	s = &m->seen[m->nseen];
	memset(s, 0, sizeof(*s));
	s->product_type = trimmed(product_type);
	e->value = (long)++m->nseen;
	s->row = find_folded(m, &m->key, &s->match);
	return s;
}

void category_map_apply(struct category_map *m, struct item *it)
{
	struct category_seen *s;

	if (!m)
		return;
	s = seen_entry(m, item_get(it, ITEM_PRODUCT_TYPE));
	s->items++;
	if (*item_get(it, ITEM_GOOGLE_PRODUCT_CATEGORY)) {
		s->catalog++; /* the catalog's own value wins */
	} else if (s->row >= 0) {
		item_set(it, ITEM_GOOGLE_PRODUCT_CATEGORY, m->rows[s->row].category);
		s->mapped++;
	} else {
		s->missing++;
	}
}

void category_map_report(const struct category_map *m, struct findings *f)
{
	if (!m || !m->path)
		return;
	for (size_t i = 0; i < m->nseen; i++) {
		const struct category_seen *s = &m->seen[i];
		struct finding *x;
		if (!s->missing)
			continue;
		if (*s->product_type)
			x = findings_add(f, SEV_WARNING, "category-unmapped", NULL, "product_type",
					 "product_type '%s' is not in the category map: %lu item%s no google_product_category "
					 "(add a row for it: feedgen categories --missing-csv)", s->product_type, s->missing,
					 s->missing == 1 ? " has" : "s have");
		else
			x = findings_add(f, SEV_WARNING, "category-unmapped", NULL, "product_type",
					 "%lu item%s no product_type and no google_product_category: the category map cannot "
					 "fill them", s->missing, s->missing == 1 ? " has" : "s have");
		x->source = xstrdup(m->path);
	}
}
