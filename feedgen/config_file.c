/* config_file.c: the JSON run configuration (see config_file.h and docs/config.md): a table of
 * sections and keys, each naming the long option it stands for and its JSON type; the file is
 * checked against the table (paths in every message), turned into option strings
 * (config_file_keys.c), and every feed's options are parsed by config_parse() like a command line.
 * Owns: struct config_file. */
#include "config_file_impl.h"
#include "alloc.h"
#include "http.h"
#include "item_rules.h"
#include "msg.h"
#include "strbuf.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Options of the command line that name one feed's own settings: with --config each feed
 * sets them in the file. */
static const char *const per_feed_options[] = {
	"channel", "format", "output", "promotions-output", "segment", "voucher-codes-output", NULL
};

static int scan_command_line(struct loader *ld, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) && strcmp(a, "-o"))
			continue;
		a += a[1] == '-' ? 2 : 1;
		for (int k = 0; per_feed_options[k]; k++) {
			size_t n = strlen(per_feed_options[k]);
			if ((!strncmp(a, per_feed_options[k], n) && (!a[n] || a[n] == '=')) || !strcmp(a, "o"))
				return msg_fail(EXIT_USAGE, "option %s cannot be combined with --config: each feed of %s sets it "
						"(feeds[].%s)", msg_quote(argv[i]), msg_quote(ld->cf->path),
						!strcmp(a, "o") ? "output" : per_feed_options[k]);
		}
		if (!strncmp(a, "mapping", 7) && (!a[7] || a[7] == '='))
			return msg_fail(EXIT_USAGE, "option %s cannot be combined with --config: put the mapping in %s's "
					"catalog.mapping", msg_quote(argv[i]), msg_quote(ld->cf->path));
		if (!strncmp(a, "catalog", 7) || !strncmp(a, "source", 6))
			ld->cmd_has_catalog = 1;
	}
	return 0;
}

static int has_option(const struct optlist *ol, const char *option)
{
	for (size_t i = 0; i < ol->n; i++)
		if (!strncmp(ol->v[i], "--", 2) && !strcmp(ol->v[i] + 2, option))
			return 1;
	return 0;
}

static const char *option_value(const struct optlist *ol, const char *option)
{
	const char *v = NULL;

	for (size_t i = 0; i + 1 < ol->n; i++)
		if (!strncmp(ol->v[i], "--", 2) && !strcmp(ol->v[i] + 2, option))
			v = ol->v[i + 1];
	return v;
}

/* One feed: its keys and overrides into fo; checks what a feed needs. */
static int convert_feed(struct loader *ld, json_t *feed, size_t i, const struct optlist *base, struct optlist *fo)
{
	struct config_file *cf = ld->cf;
	json_t *name = json_object_get(feed, "name");
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if ((rc = config_file_convert_feed_keys(ld, feed, fo)))
		return rc;
	if (!json_object_get(feed, "channel"))
		return config_file_bad(ld, "missing \"channel\" (tiktok, google, meta or a template file)");
	if (!json_object_get(feed, "output"))
		return config_file_bad(ld, "missing \"output\" (the file this feed is written to)");
	if (has_option(fo, "promotions-output") && !has_option(base, "voucher-valid") && !has_option(fo, "voucher-valid"))
		return config_file_bad(ld, "promotions_output needs vouchers.valid (FROM/UNTIL), so that a rerun on unchanged sources "
			   "writes byte-identical files");
	if (json_is_string(name)) {
		strbuf_addstr(&sb, json_string_value(name));
	} else {
		const char *seg = json_string_value(json_object_get(feed, "segment"));
		strbuf_addstr(&sb, json_string_value(json_object_get(feed, "channel")));
		if (seg)
			strbuf_addf(&sb, "-%s", seg);
	}
	for (size_t k = 0; k < i; k++) {
		if (!strcmp(cf->names[k], sb.buf)) {
			strbuf_release(&sb);
			return config_file_bad(ld, "two feeds are named %s (feeds[%zu] too): give each a distinct \"name\"",
				   msg_quote(cf->names[k]), k);
		}
		if (!strcmp(option_value(fo, "output"), cf->feed_cfgs[k].output)) {
			strbuf_release(&sb);
			return config_file_bad(ld, "output %s is also the output of feeds[%zu]", msg_quote(option_value(fo, "output")), k);
		}
	}
	cf->names[i] = strbuf_detach(&sb, NULL);
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct strbuf sb = STRBUF_INIT;

	if (slash)
		strbuf_add(&sb, path, (size_t)(slash - path) + 1);
	return strbuf_detach(&sb, NULL);
}

/* Parse one feed's options: the file's shared ones, the feed's, then the command line's. */
static int parse_feed(struct loader *ld, size_t i, const struct optlist *base, const struct optlist *fo, int argc,
		      char **argv)
{
	struct config_file *cf = ld->cf;
	size_t n = 1 + base->n + fo->n + (size_t)(argc - 1), k = 0;
	char **av = xcalloc(n + 1, sizeof(*av));
	int rc;

	av[k++] = argv[0];
	for (size_t j = 0; j < base->n; j++)
		av[k++] = (char *)base->v[j];
	for (size_t j = 0; j < fo->n; j++)
		av[k++] = (char *)fo->v[j];
	for (int j = 1; j < argc; j++)
		av[k++] = argv[j];
	rc = config_parse(&cf->feed_cfgs[i], argv[0], (int)k, av);
	free(av);
	if (rc) {
		config_release(&cf->feed_cfgs[i]);
		if (rc > 0)
			msg_error("in configuration %s, feeds[%zu] (%s)", msg_quote(cf->path), i, cf->names[i]);
	}
	return rc;
}

static int load_feeds(struct loader *ld, json_t *root, const struct optlist *base, int argc, char **argv)
{
	struct config_file *cf = ld->cf;
	json_t *feeds = json_object_get(root, "feeds"), *feed;
	struct optlist *per;
	size_t i, saved;
	int rc = 0;

	strbuf_reset(&ld->path);
	strbuf_addstr(&ld->path, "feeds");
	if (!json_is_array(feeds) || !json_array_size(feeds))
		return config_file_bad(ld, feeds ? "expected a non-empty list of feeds" : "missing: list the feeds to write");
	cf->nfeeds = json_array_size(feeds);
	cf->feed_cfgs = xcalloc(cf->nfeeds, sizeof(*cf->feed_cfgs));
	cf->feeds = xcalloc(cf->nfeeds, sizeof(*cf->feeds));
	cf->names = xcalloc(cf->nfeeds, sizeof(*cf->names));
	per = xcalloc(cf->nfeeds, sizeof(*per));
	/* the whole file is checked before any feed's options are parsed */
	json_array_foreach(feeds, i, feed) {
		saved = ld->path.len;
		strbuf_addf(&ld->path, "[%zu]", i);
		rc = convert_feed(ld, feed, i, base, &per[i]);
		strbuf_setlen(&ld->path, saved);
		if (rc)
			goto out;
		cf->feed_cfgs[i].output = option_value(&per[i], "output"); /* for the duplicate check */
	}
	retarget_quiet_skips(1);
	for (i = 0; i < cf->nfeeds; i++) {
		if ((rc = parse_feed(ld, i, base, &per[i], argc, argv)))
			goto out;
		cf->feeds[i].cfg = &cf->feed_cfgs[i];
		cf->feeds[i].name = cf->names[i];
	}
out:
	for (i = 0; i < cf->nfeeds; i++)
		free(per[i].v);
	free(per);
	return rc;
}

/* issue 13: the top level's rules and each feed's (item_rules.h), borrowed by every feed's run_config */
static int load_rules(struct config_file *cf, json_t *root)
{
	json_t *bands = json_object_get(root, "bands"), *feeds = json_object_get(root, "feeds");
	struct strbuf path = STRBUF_INIT;
	int rc;

	if (!json_object_get(root, "rules") && bands && (rc = item_rules_check_bands(bands, cf->path)))
		return rc;
	cf->rules = item_rules_compile(json_object_get(root, "rules"), bands, "rules", cf->path, &rc);
	cf->feed_rules = xcalloc(cf->nfeeds + 1, sizeof(*cf->feed_rules));
	for (size_t i = 0; !rc && i < cf->nfeeds; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "feeds[%zu].rules", i);
		cf->feed_rules[i] = item_rules_compile(json_object_get(json_array_get(feeds, i), "rules"), bands, path.buf,
						       cf->path, &rc);
		cf->feed_cfgs[i].rules = cf->rules;
		cf->feed_cfgs[i].feed_rules = cf->feed_rules[i];
	}
	strbuf_release(&path);
	return rc;
}

int config_file_load(struct config_file *cf, const char *path, int argc, char **argv)
{
	struct loader ld = { cf, NULL, STRBUF_INIT, 0 };
	struct optlist base = { NULL, 0, 0 };
	json_error_t err;
	json_t *root;
	char *dir;
	int rc;

	memset(cf, 0, sizeof(*cf));
	cf->path = path;
	if ((rc = scan_command_line(&ld, argc, argv)))
		return rc;
	if (!(root = json_load_file(path, JSON_REJECT_DUPLICATES, &err)))
		return msg_fail(EXIT_USAGE, "configuration %s line %d column %d: %s", msg_quote(path), err.line, err.column,
				err.text);
	ld.dir = dir = dir_of(path);
	rc = config_file_convert_top(&ld, root, &base);
	if (!rc)
		rc = load_feeds(&ld, root, &base, argc, argv);
	if (!rc)
		rc = load_rules(cf, root);
	json_decref(root);
	free(base.v);
	free(dir);
	strbuf_release(&ld.path);
	return rc;
}

void config_file_release(struct config_file *cf)
{
	http_credential_renames_clear(); /* they point into cf->args */
	item_rules_free(cf->rules);
	for (size_t i = 0; cf->feed_rules && i < cf->nfeeds; i++)
		item_rules_free(cf->feed_rules[i]);
	free(cf->feed_rules);
	for (size_t i = 0; i < cf->nfeeds; i++) {
		if (cf->feeds && cf->feeds[i].cfg)
			config_release(&cf->feed_cfgs[i]);
		free(cf->names[i]);
	}
	for (size_t i = 0; i < cf->nargs; i++)
		free(cf->args[i]);
	free(cf->args);
	free(cf->feed_cfgs);
	free(cf->feeds);
	free(cf->names);
	memset(cf, 0, sizeof(*cf));
}
