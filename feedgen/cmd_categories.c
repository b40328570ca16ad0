/* cmd_categories.c: `feedgen categories` (issue 13 item 5, docs/categories.md): reads the catalog
 * normalised, as a build does (the configuration's sources, or --catalog ...), writing no feed
 * and no .feedgen/ state, and lists every product_type with its item count and how the category
 * map fills its google_product_category: a text table or JSON on stdout, and with --missing-csv
 * the product types left without one, as a category map to complete.
 * Owns: the run's configuration(s), report, pipeline and the listing. */
#include "commands.h"
#include "alloc.h"
#include "config_file.h"
#include "csv.h"
#include "msg.h"
#include "output.h"
#include "pipeline.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *match_name(enum category_match m)
{
	return m == CATEGORY_EXACT ? "exact" : m == CATEGORY_PREFIX ? "prefix" : "none";
}

static const struct category_map *sort_map; /* qsort has no context argument */

/* The most items first (the biggest gaps at the top), then by name. */
static int by_items(const void *a, const void *b)
{
	const struct category_seen *x = &sort_map->seen[*(const size_t *)a], *y = &sort_map->seen[*(const size_t *)b];

	if (x->items != y->items)
		return x->items < y->items ? 1 : -1;
	return strcmp(x->product_type, y->product_type);
}

static size_t *sorted(const struct category_map *m)
{
	size_t *order = xcalloc(m->nseen + 1, sizeof(*order));

	for (size_t i = 0; i < m->nseen; i++)
		order[i] = i;
	sort_map = m;
	qsort(order, m->nseen, sizeof(*order), by_items);
	return order;
}

struct totals {
	unsigned long items, catalog, mapped, missing, unmapped_types;
};

static struct totals sum(const struct category_map *m)
{
	struct totals t = { 0 };

	for (size_t i = 0; i < m->nseen; i++) {
		t.items += m->seen[i].items;
		t.catalog += m->seen[i].catalog;
		t.mapped += m->seen[i].mapped;
		t.missing += m->seen[i].missing;
		t.unmapped_types += m->seen[i].missing && *m->seen[i].product_type;
	}
	return t;
}

static void print_text(const struct category_map *m, const size_t *order)
{
	struct totals t = sum(m);
	struct strbuf line = STRBUF_INIT;

	printf("  items catalog  mapped missing  product_type -> google_product_category\n");
	for (size_t k = 0; k < m->nseen; k++) {
		const struct category_seen *s = &m->seen[order[k]];
		const struct category_row *r = s->row >= 0 ? &m->rows[s->row] : NULL;
		strbuf_reset(&line);
		strbuf_addf(&line, "%7lu %7lu %7lu %7lu  ", s->items, s->catalog, s->mapped, s->missing);
		if (*s->product_type)
			msg_sanitize(&line, s->product_type, strlen(s->product_type), 0);
		else
			strbuf_addstr(&line, "(no product_type)");
		strbuf_addstr(&line, " -> ");
		if (r) {
			msg_sanitize(&line, r->category, strlen(r->category), 0);
			if (s->match == CATEGORY_PREFIX) {
				strbuf_addstr(&line, " (prefix '");
				msg_sanitize(&line, r->product_type, strlen(r->product_type), 0);
				strbuf_addf(&line, "', line %ld)", r->line);
			} else {
				strbuf_addf(&line, " (line %ld)", r->line);
			}
		} else {
			strbuf_addstr(&line, m->path ? "(not in the category map)" : "(no category map)");
		}
		puts(line.buf);
	}
	printf("%zu product types, %lu items: %lu filled by the category map, %lu kept the catalog's own, "
	       "%lu without a google_product_category (%lu product type%s to add)\n",
	       m->nseen, t.items, t.mapped, t.catalog, t.missing, t.unmapped_types, t.unmapped_types == 1 ? "" : "s");
	strbuf_release(&line);
}

static json_t *json_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int print_json(const struct category_map *m, const size_t *order)
{
	struct totals t = sum(m);
	json_t *list = json_array(), *root;
	int rc;

	for (size_t k = 0; k < m->nseen; k++) {
		const struct category_seen *s = &m->seen[order[k]];
		const struct category_row *r = s->row >= 0 ? &m->rows[s->row] : NULL;
		json_array_append_new(list, json_pack("{s:s,s:I,s:I,s:I,s:I,s:s,s:o,s:o,s:o}", "product_type", s->product_type,
						      "items", (json_int_t)s->items, "catalog", (json_int_t)s->catalog,
						      "mapped", (json_int_t)s->mapped, "missing", (json_int_t)s->missing,
						      "match", match_name(s->match), "map_product_type",
						      json_or_null(r ? r->product_type : NULL), "line",
						      r ? json_integer(r->line) : json_null(), "google_product_category",
						      json_or_null(r ? r->category : NULL)));
	}
	root = json_pack("{s:o,s:o,s:{s:I,s:I,s:I,s:I,s:I,s:I}}", "category_map", json_or_null(m->path), "product_types", list,
			 "totals", "product_types", (json_int_t)m->nseen, "items", (json_int_t)t.items, "catalog",
			 (json_int_t)t.catalog, "mapped", (json_int_t)t.mapped, "missing", (json_int_t)t.missing,
			 "unmapped_product_types", (json_int_t)t.unmapped_types);
	rc = root ? json_dumpf(root, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER) : -1;
	json_decref(root);
	putchar('\n');
	return rc ? msg_fail(EXIT_OUTPUT, "cannot write the listing") : 0;
}

/* The product types left without a category, as a map to complete: product_type,
 * google_product_category (empty) and items (a note column, ignored when the map is read). */
static int write_missing(const struct category_map *m, const size_t *order, const char *path)
{
	struct output o;
	struct strbuf sb = STRBUF_INIT;
	unsigned long n = 0;
	int rc;

	if ((rc = output_open(&o, path)))
		return rc;
	strbuf_addstr(&sb, "product_type,google_product_category,items\r\n");
	for (size_t k = 0; k < m->nseen; k++) {
		const struct category_seen *s = &m->seen[order[k]];
		if (!s->missing || !*s->product_type)
			continue;
		csv_add_field(&sb, s->product_type, strlen(s->product_type), ',');
		strbuf_addf(&sb, ",,%lu\r\n", s->missing);
		n++;
	}
	output_write(&o, sb.buf, sb.len);
	strbuf_release(&sb);
	if ((rc = output_commit(&o)))
		return rc;
	msg_info("wrote %lu product type%s without a google_product_category to %s: fill in their categories and add "
		 "the rows to the category map", n, n == 1 ? "" : "s", msg_quote(path));
	return 0;
}

/* The catalog through the normaliser and the map, no feed: the sources of cfg (borrowed). */
static int read_catalog(const struct run_config *cfg, struct category_map **map)
{
	struct run_config run = *cfg;
	struct report report;
	struct pipeline p;
	int rc;

	run.nchannels = 0;        /* no feed: items are only counted */
	run.inventory = NULL;     /* stock changes no product_type */
	run.category_map = cfg->categories ? NULL : category_map_new(NULL);
	report_init(&report, "categories");
	rc = pipeline_open(&p, &run, &report, 0);
	if (!rc)
		rc = pipeline_run(&p);
	pipeline_close(&p, 0);
	if (!rc)
		msg_info("%lu items read (%lu records skipped)", report.items_read, report.records_skipped);
	report_release(&report);
	*map = run.category_map;
	return rc;
}

static int list(const struct run_config *cfg, const struct run_config *opts)
{
	struct category_map *map = NULL;
	size_t *order;
	int rc = read_catalog(cfg, &map);

	if (rc) {
		category_map_free(map);
		return rc;
	}
	order = sorted(map);
	if (opts->report_format == REPORT_JSON)
		rc = print_json(map, order);
	else
		print_text(map, order);
	if (!rc && opts->missing_csv)
		rc = write_missing(map, order, opts->missing_csv);
	free(order);
	category_map_free(map);
	return rc;
}

/* argv for the configuration's feeds: without --config, --missing-csv and --report-format
 * (the listing's own), as build takes them. */
static char **build_argv(int argc, char **argv, int *outc)
{
	static const char *const own[] = { "--config", "--missing-csv", "--report-format", NULL };
	char **av = xcalloc((size_t)argc + 1, sizeof(*av));
	int n = 0;

	av[n++] = (char *)"build";
	for (int i = 1; i < argc; i++) {
		int skip = 0;
		for (int k = 0; own[k]; k++) {
			size_t len = strlen(own[k]);
			if (!strcmp(argv[i], own[k]))
				skip = 2;
			else if (!strncmp(argv[i], own[k], len) && argv[i][len] == '=')
				skip = 1;
		}
		if (skip == 2)
			i++;
		else if (!skip)
			av[n++] = argv[i];
	}
	*outc = n;
	return av;
}

static int from_config(const struct run_config *cmdline, int argc, char **argv)
{
	struct config_file cf;
	struct strbuf shop = STRBUF_INIT;
	int ac, rc;
	char **av = build_argv(argc, argv, &ac);

	rc = config_file_load(&cf, cmdline->config, ac, av);
	if (!rc && !(rc = config_normalize_shop_url(cf.feeds[0].cfg, &shop)))
		rc = list(cf.feeds[0].cfg, cmdline);
	config_file_release(&cf);
	strbuf_release(&shop);
	free(av);
	return rc;
}

int cmd_categories(int argc, char **argv)
{
	struct run_config cfg;
	struct strbuf shop = STRBUF_INIT;
	int rc = config_parse(&cfg, "categories", argc, argv);

	if (rc) {
		config_release(&cfg);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (cfg.report_format != REPORT_TEXT && cfg.report_format != REPORT_JSON)
		rc = msg_fail(EXIT_USAGE, "option --report-format: categories lists as text or json");
	else if (cfg.config)
		rc = from_config(&cfg, argc, argv);
	else if (!cfg.ncatalogs && !cfg.fetch.source)
		rc = msg_fail(EXIT_USAGE, "categories needs --config FILE, --catalog FILE or --source API (see 'feedgen "
			      "categories --help')");
	else if (!(rc = config_normalize_shop_url(&cfg, &shop)))
		rc = list(&cfg, &cfg);
	config_release(&cfg);
	strbuf_release(&shop);
	return rc == -1 ? EXIT_OK : rc;
}
