/* tests/unit/fixtures.h: what several unit tests build their cases from: a channel template
 * from $TEMPLATES (else templates/), a row value set by attribute name, a file read whole.
 * Owns: nothing; each result is the caller's. */
#ifndef FEEDGEN_TEST_FIXTURES_H
#define FEEDGEN_TEST_FIXTURES_H
#include "row.h"
#include "strbuf.h"
#include "template.h"
#include <stdio.h>
#include <stdlib.h>

static inline const struct template *fixture_template(const char *name)
{
	char path[512];
	const char *dir = getenv("TEMPLATES");

	snprintf(path, sizeof(path), "%s/%s.json", dir && *dir ? dir : "templates", name);
	return template_load(path);
}

static inline void fixture_set(struct row *r, const char *attr, const char *value)
{
	int a = template_attr_index(r->tpl, attr);
	strbuf_reset(&r->values[a]);
	strbuf_addstr(&r->values[a], value);
}

/* A clean Google/TikTok row for the validator tests: id and price given, the other required
 * attributes set to values no rule flags. */
static inline void fixture_row(struct row *r, const char *id, const char *price)
{
	row_reset(r);
	r->source = "feed.csv";
	fixture_set(r, "id", id);
	fixture_set(r, "title", "Trail Cap");
	fixture_set(r, "description", "A light cap");
	fixture_set(r, "link", "https://shop.example/p/cap");
	fixture_set(r, "image_link", "https://cdn.example/cap.jpg");
	fixture_set(r, "availability", "in_stock");
	fixture_set(r, "price", price);
}

/* The whole file (NULL-safe: an unreadable one reads as empty), its length in *len if given. */
static inline char *fixture_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	while (fp && (n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	if (fp)
		fclose(fp);
	return strbuf_detach(&sb, len);
}
#endif
