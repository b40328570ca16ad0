/* cmd_merge.c: `feedgen merge --output FILE PART...`: one feed from the parts of a sharded build
 * (shard.h): the channel detected from the parts (or --channel) and their format (CSV, TSV or XML,
 * gzip too) read by the readers of `validate --feed` and `diff` (feed_reader.h), every part checked
 * against the first (the same channel, format, CSV/TSV header row, XML channel title, link and
 * description), then one header or XML envelope and every part's items in part order, written
 * by the build's own writer (writer.h) through the output set: atomic, gzipped when the output is
 * named *.gz, split as a build of the channel would be. An id found in two parts fails the merge
 * (the parts of one build cover the catalog once). `merge --summary OUT S...` is summary_merge.c.
 * Owns: the run's configuration, template, writer, output and the index of ids written. */
#include "commands.h"
#include "feed_reader.h"
#include "msg.h"
#include "row.h"
#include "source.h"
#include "strmap.h"
#include "summary_merge.h"
#include "writer.h"
#include "alloc.h"
#include "output.h"
#include <ctype.h>
#include <errno.h>
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What every part must share with the first: its format, its header row or XML channel. */
struct envelope {
	const char *kind;               /* "CSV", "TSV", "XML" or "empty" (feed_read_rows) */
	struct strbuf header;           /* CSV/TSV: the first line */
	struct strbuf title, link, description; /* XML: the channel's */
	int has_title, has_link, has_description;
};

static void envelope_release(struct envelope *e)
{
	strbuf_release(&e->header);
	strbuf_release(&e->title);
	strbuf_release(&e->link);
	strbuf_release(&e->description);
}

static int read_cb(void *ctx, char *buf, int len)
{
	size_t n = fread(buf, 1, (size_t)len, ctx);
	return n ? (int)n : ferror((FILE *)ctx) ? -1 : 0;
}

/* The channel's title, link and description: the elements under <channel> before its first item. */
static void xml_envelope(FILE *fp, const char *path, struct envelope *e)
{
	xmlTextReaderPtr r = xmlReaderForIO(read_cb, NULL, fp, path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
											   XML_PARSE_NOWARNING);

	while (r && xmlTextReaderRead(r) == 1) {
		const char *name = (const char *)xmlTextReaderConstLocalName(r);
		struct strbuf *to = NULL;
		int *has = NULL;
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		if (!strcmp(name, "item") || !strcmp(name, "entry"))
			break;
		if (xmlTextReaderDepth(r) != 2)
			continue;
		if (!strcmp(name, "title"))
			to = &e->title, has = &e->has_title;
		else if (!strcmp(name, "link"))
			to = &e->link, has = &e->has_link;
		else if (!strcmp(name, "description"))
			to = &e->description, has = &e->has_description;
		if (to && !*has) {
			xmlChar *s = xmlTextReaderReadString(r);
			strbuf_addstr(to, s ? (const char *)s : "");
			xmlFree(s);
			*has = 1;
		}
	}
	xmlFreeTextReader(r);
}

static int first_row_kind(void *ctx, const struct row *r)
{
	*(int *)ctx = 1;
	return 1;
}

/* Read what a part shares with the others (its rows are read by the merge). */
static int read_envelope(const char *path, const struct template *tpl, struct envelope *e)
{
	FILE *fp;
	int rc, any = 0;

	rc = feed_read_rows(path, tpl, first_row_kind, &any, &e->kind);
	if (rc == FEED_NO_HEADER)
		return msg_fail(EXIT_INPUT, "feed part %s has no header row naming a %s attribute (is it a part of a %s feed?)",
				msg_quote(path), tpl->channel, tpl->channel);
	if (rc)
		return rc;
	if ((rc = source_open("feed part", path, NULL, &fp, NULL)))
		return rc;
	if (!strcmp(e->kind, "XML")) {
		xml_envelope(fp, path, e);
	} else if (strcmp(e->kind, "empty")) {
		int c;
		while ((c = getc(fp)) != EOF && c != '\n')
			strbuf_addch(&e->header, (char)c);
	}
	source_close(fp);
	return 0;
}

/* A part that differs from the first: which way, or NULL. */
static const char *envelope_differs(const struct envelope *a, const struct envelope *b)
{
	if (strcmp(a->kind, b->kind))
		return "format";
	if (strcmp(a->header.buf, b->header.buf))
		return "header row";
	if (strcmp(a->title.buf, b->title.buf))
		return "channel title";
	if (strcmp(a->link.buf, b->link.buf))
		return "channel link";
	if (strcmp(a->description.buf, b->description.buf))
		return "channel description";
	return NULL;
}

/* The channel of the parts: --channel, else the one detected (cmd_diff.c's rule) from the first
 * part that has an item; every other part with an item must be detected as the same. The
 * detected name points into keep (the caller's, CHANNEL_NAMES bytes). */
#define CHANNEL_NAMES 1024
static int merge_channel(const struct run_config *cfg, char *keep, const char **channel)
{
	char scratch[CHANNEL_NAMES];
	const char *first = NULL;
	size_t first_at = 0;

	*channel = cfg->nchannels ? cfg->channels[0] : NULL;
	if (*channel)
		return 0;
	for (size_t i = 0; i < cfg->nargs; i++) {
		char *names = first ? scratch : keep; /* first points into keep: not overwritten */
		const char *found = NULL;
		int rc;
		template_list(names, CHANNEL_NAMES);
		if ((rc = feed_detect_channel(cfg->args[i], names, &found)))
			return rc;
		if (!found)
			continue;
		if (!first) {
			first = found;
			first_at = i;
		} else if (strcmp(first, found))
			return msg_fail(EXIT_INPUT, "feed part %s is a %s feed, but %s is a %s feed: merge joins parts of one feed "
					"(--channel NAME if the detection is wrong)", msg_quote(cfg->args[i]), found,
					msg_quote(cfg->args[first_at]), first);
	}
	*channel = first ? first : "google"; /* no part has an item: any channel writes an empty feed */
	return 0;
}

struct merge {
	struct feed_writer writer;
	int begun;                      /* the writer was started */
	struct strmap ids;              /* id -> the part it came from */
	const struct template *tpl;
	struct strbuf key;              /* the id as compared */
	const char *const *parts;
	size_t part;                    /* the part being read */
	unsigned long items, dropped;
};

/* An id the channel already has (tpl->id_case_insensitive: Google compares ids ignoring case)
 * is left out with a warning, as a build of the whole catalog rejects the later of two items
 * with one id (rule id-unique): two such items of different item groups can land in different
 * shards. Which of the two stays follows the part order, not the catalog's. */
static int merge_row(void *ctx, const struct row *r)
{
	struct merge *m = ctx;
	const char *id = row_id(r);
	size_t len = strlen(id);
	struct strmap_entry *e;
	int created;

	strbuf_reset(&m->key);
	strbuf_add(&m->key, id, len);
	if (m->tpl->id_case_insensitive)
		for (size_t i = 0; i < len; i++)
			m->key.buf[i] = (char)tolower((unsigned char)m->key.buf[i]);
	e = strmap_put(&m->ids, m->key.buf, len, &created);
	if (!created) {
		msg_warning("feed part %s line %ld: item %s left out: its id is already used by an item of %s%s",
			    msg_quote(m->parts[m->part]), r->line, msg_quote(id), msg_quote(m->parts[e->value]),
			    m->tpl->id_case_insensitive ? " (ids are compared ignoring case)" : "");
		m->dropped++;
		return 0;
	}
	e->value = (long)m->part;
	feed_writer_row(&m->writer, r);
	m->items++;
	return 0;
}

/* The same file given twice is a mistake, not a part. */
static int check_distinct(const struct run_config *cfg)
{
	struct stat *st = xcalloc(cfg->nargs, sizeof(*st));
	int rc = 0;

	for (size_t i = 0; !rc && i < cfg->nargs; i++) {
		if (stat(cfg->args[i], &st[i]))
			rc = msg_fail(EXIT_INPUT, "cannot read feed part %s: %s", msg_quote(cfg->args[i]), strerror(errno));
		for (size_t k = 0; !rc && k < i; k++)
			if (S_ISREG(st[i].st_mode) && st[i].st_dev == st[k].st_dev && st[i].st_ino == st[k].st_ino)
				rc = msg_fail(EXIT_USAGE, "feed part %s is given twice (as %s too): give each part once",
					      msg_quote(cfg->args[i]), msg_quote(cfg->args[k]));
	}
	free(st);
	return rc;
}

static enum feed_format format_of_kind(const char *kind)
{
	return !strcmp(kind, "XML") ? FORMAT_XML : !strcmp(kind, "TSV") ? FORMAT_TSV : FORMAT_CSV;
}

/* Every part's envelope, checked against the first part that is not empty; *ref is its index. */
static int check_parts(const struct run_config *cfg, const struct template *tpl, struct envelope *env, size_t *ref)
{
	int rc;

	for (size_t i = 0; i < cfg->nargs; i++) {
		strbuf_init(&env[i].header);
		strbuf_init(&env[i].title);
		strbuf_init(&env[i].link);
		strbuf_init(&env[i].description);
	}
	*ref = cfg->nargs;
	for (size_t i = 0; i < cfg->nargs; i++) {
		const char *how;
		if ((rc = read_envelope(cfg->args[i], tpl, &env[i])))
			return rc;
		if (!strcmp(env[i].kind, "empty"))
			continue; /* an empty file adds nothing */
		if (*ref == cfg->nargs) {
			*ref = i;
			continue;
		}
		if ((how = envelope_differs(&env[*ref], &env[i])))
			return msg_fail(EXIT_INPUT, "feed part %s differs from %s in its %s: merge joins parts of one feed "
					"(written by one configuration with --shard K/N)", msg_quote(cfg->args[i]),
					msg_quote(cfg->args[*ref]), how);
	}
	if (*ref == cfg->nargs)
		return msg_fail(EXIT_INPUT, "every feed part is empty: nothing to merge");
	return 0;
}

/* Open the output (gzip and split as a build would, feed_parts.h) and write the header. */
static int open_merged(struct run_config *cfg, const struct template *tpl, const struct envelope *e,
		       struct output *out, struct feed_parts **parts, struct merge *m)
{
	struct feed_meta meta = { e->has_title ? e->title.buf : NULL, e->has_link ? e->link.buf : NULL,
				  e->has_description ? e->description.buf : NULL };
	enum feed_format format = format_of_kind(e->kind);
	int named = strcmp(cfg->output, "-") ? feed_format_from_path(cfg->output) : -1, rc;

	if (named >= 0 && (enum feed_format)named != format)
		return msg_fail(EXIT_USAGE, "output %s is named as a %s feed, but the parts are %s (name it .%s)",
				msg_quote(cfg->output), feed_format_name((enum feed_format)named), e->kind,
				format == FORMAT_XML ? "xml" : format == FORMAT_TSV ? "tsv" : "csv");
	if (feed_parts_wanted(cfg, tpl)) {
		if (!(*parts = feed_parts_new(cfg, tpl, &rc)))
			return rc;
		feed_writer_begin_parts(&m->writer, format, tpl, *parts, &meta);
		m->begun = 1;
		return feed_parts_failed(*parts);
	}
	if ((rc = output_open(out, cfg->output)))
		return rc;
	feed_writer_begin(&m->writer, format, tpl, out, &meta);
	m->begun = 1;
	return 0;
}

/* Finish the writer and the output; a failure anywhere publishes nothing. */
static int close_merged(struct run_config *cfg, struct output *out, struct feed_parts *parts, struct merge *m, int ok)
{
	int rc = 0;

	if (!m->begun) {
		feed_parts_free(parts);
		output_set_abort();
		return 0;
	}
	if (feed_writer_end(&m->writer) && !parts && ok)
		rc = msg_fail(EXIT_OUTPUT, "cannot write %s: %s (the previous file is untouched)", msg_quote(cfg->output),
			      strerror(out->err));
	if (parts) {
		if (ok && !rc)
			rc = feed_parts_finish(parts);
		feed_parts_free(parts);
	} else if (ok && !rc) {
		rc = output_commit(out);
	} else {
		output_abort(out);
	}
	feed_writer_release(&m->writer);
	if (ok && !rc)
		rc = output_set_publish();
	else
		output_set_abort();
	return rc;
}

static int merge_feeds(struct run_config *cfg)
{
	struct envelope *env = xcalloc(cfg->nargs, sizeof(*env));
	struct merge m = { .ids = STRMAP_INIT, .key = STRBUF_INIT, .parts = cfg->args };
	const struct template *tpl = NULL;
	struct feed_parts *parts = NULL;
	struct output out = { 0 };
	const char *channel;
	char names[CHANNEL_NAMES];
	size_t ref;
	int rc, opened = 0;

	if ((rc = check_distinct(cfg)) || (rc = merge_channel(cfg, names, &channel)))
		goto out;
	if (!(tpl = template_load(channel))) {
		rc = EXIT_USAGE;
		goto out;
	}
	m.tpl = tpl;
	if ((rc = check_parts(cfg, tpl, env, &ref)))
		goto out;
	output_set_begin();
	rc = open_merged(cfg, tpl, &env[ref], &out, &parts, &m);
	opened = 1;
	for (m.part = 0; !rc && m.part < cfg->nargs; m.part++)
		rc = feed_read_rows(cfg->args[m.part], tpl, merge_row, &m, NULL);
	if (!rc && parts)
		rc = feed_parts_failed(parts);
	{
		int crc = close_merged(cfg, &out, parts, &m, !rc);
		if (!rc)
			rc = crc;
	}
	if (!rc)
		msg_info("merged %lu items of %zu %s parts into %s%s", m.items, cfg->nargs, tpl->channel, msg_quote(cfg->output),
			 m.dropped ? " (items with an id already used were left out)" : "");
	else
		msg_error("merge failed: %s was not written", msg_quote(cfg->output));
out:
	if (!opened && rc != EXIT_USAGE)
		msg_error("merge failed: %s was not written", msg_quote(cfg->output));
	for (size_t i = 0; i < cfg->nargs; i++)
		envelope_release(&env[i]);
	free(env);
	strmap_release(&m.ids);
	strbuf_release(&m.key);
	template_free(tpl);
	return rc;
}

int cmd_merge(int argc, char **argv)
{
	struct run_config cfg;
	int rc = config_parse(&cfg, "merge", argc, argv);

	if (rc) {
		config_release(&cfg);
		return rc < 0 ? EXIT_OK : rc;
	}
	if (cfg.output && cfg.summary)
		rc = msg_fail(EXIT_USAGE, "merge joins feeds (--output FILE PART...) or summaries (--summary FILE "
			      "SUMMARY...), one at a time");
	else if (!cfg.output && !cfg.summary)
		rc = msg_fail(EXIT_USAGE, "merge needs --output FILE and the feed parts, or --summary FILE and the summaries "
			      "(see 'feedgen merge --help')");
	else if (!cfg.nargs)
		rc = msg_fail(EXIT_USAGE, "merge needs the %s to join after --%s FILE", cfg.output ? "feed parts" : "summaries",
			      cfg.output ? "output" : "summary");
	else if (cfg.output)
		rc = merge_feeds(&cfg);
	else
		rc = summary_merge(cfg.summary, cfg.args, cfg.nargs);
	config_release(&cfg);
	return rc;
}
