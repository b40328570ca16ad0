/* report.c: findings and summaries in text, JSON (jansson), JUnit XML (libxml2) and GitHub
 * annotation formats; the console echo of findings. Owns: struct report. */
#include "report.h"
#include "alloc.h"
#include "msg.h"
#include "output.h"
#include "secrets.h"
#include "strbuf.h"
#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const format_names[] = { "text", "json", "junit", "github" };

int report_format_from_name(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (!strcasecmp(name, format_names[i]))
			return i;
	return -1;
}

void report_init(struct report *r, const char *command)
{
	memset(r, 0, sizeof(*r));
	r->command = command;
	r->max_kept = 100000;
	r->max_console = 20;
}

void report_release(struct report *r)
{
	r->kept.n = 0; /* their strings are in r->text */
	findings_release(&r->kept);
	for (size_t i = 0; i < r->ntext; i++)
		free(r->text[i]);
	free(r->text);
	free(r->rules);
	for (size_t i = 0; i < r->nchannels; i++)
		free(r->channels[i]);
	free(r->channels);
}

/* The report's own copy of a channel name (a template's name is freed with the pipeline,
 * before the report is written). */
static const char *channel_copy(struct report *r, const char *channel)
{
	if (!channel)
		return NULL;
	for (size_t i = 0; i < r->nchannels; i++)
		if (r->channels[i] == channel || !strcmp(r->channels[i], channel))
			return r->channels[i];
	ALLOC_GROW(r->channels, r->nchannels + 1, r->channels_alloc);
	return r->channels[r->nchannels++] = xstrdup(channel);
}

static struct rule_count *rule_counter(struct report *r, const char *rule)
{
	for (size_t i = 0; i < r->nrules; i++)
		if (!strcmp(r->rules[i].rule, rule))
			return &r->rules[i];
	ALLOC_GROW(r->rules, r->nrules + 1, r->rules_alloc);
	memset(&r->rules[r->nrules], 0, sizeof(*r->rules));
	r->rules[r->nrules].rule = rule;
	return &r->rules[r->nrules++];
}

/* Untrusted text (SKU, field, file name, message) as one visible line: see msg_sanitize. */
static void add_clean(struct strbuf *out, const char *s)
{
	msg_sanitize(out, s, strlen(s), 0);
}

void report_format_text(struct strbuf *out, const struct finding *f)
{
	if (f->source) {
		add_clean(out, f->source);
		if (f->line)
			strbuf_addf(out, ":%ld", f->line);
		if (f->line && f->column)
			strbuf_addf(out, ":%ld", f->column);
		strbuf_addstr(out, ": ");
	}
	strbuf_addf(out, "%s[%s]", severity_name(f->severity), f->rule);
	if (f->channel) {
		strbuf_addch(out, ' ');
		add_clean(out, f->channel);
	}
	if (f->id) {
		strbuf_addch(out, ' ');
		add_clean(out, f->id);
	}
	strbuf_addstr(out, ": ");
	if (f->field) {
		add_clean(out, f->field);
		strbuf_addstr(out, ": ");
	}
	add_clean(out, f->message);
}

/* Findings past the cap of the list they came in (finding.h): counted, never listed. */
static void take_dropped(struct report *r, struct findings *f)
{
	for (size_t i = 0; i < f->ndropped; i++) {
		const struct finding_tally *t = &f->dropped[i];
		struct rule_count *rc = rule_counter(r, t->rule);
		if (t->severity == SEV_ERROR) {
			r->errors += t->n;
			rc->errors += t->n;
		} else {
			r->warnings += t->n;
			rc->warnings += t->n;
		}
		r->not_kept += t->n;
	}
	f->ndropped = 0;
}

/* A credential quoted by a finding (an echoed value in a record) never reaches any format. */
static void mask_string(char **s)
{
	char *m = secrets_masked_dup(*s);

	if (m) {
		free(*s);
		*s = m;
	}
}

static void mask_finding(struct finding *x)
{
	if (!secrets_count())
		return;
	mask_string(&x->id);
	mask_string(&x->field);
	mask_string(&x->message);
	mask_string(&x->source);
}

#define TEXT_BLOCK 65536

/* A kept finding's string, moved into the report's text blocks (NULL stays NULL). */
static char *keep_text(struct report *r, char *s)
{
	size_t n;
	char *p;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	if (n > r->text_left) {
		size_t block = n > TEXT_BLOCK ? n : TEXT_BLOCK;
		ALLOC_GROW(r->text, r->ntext + 1, r->text_alloc);
		r->text[r->ntext++] = xmalloc(block);
		r->text_left = block;
	}
	p = r->text[r->ntext - 1] + (n > TEXT_BLOCK ? 0 : TEXT_BLOCK - r->text_left);
	memcpy(p, s, n);
	r->text_left -= n;
	free(s);
	return p;
}

void report_take(struct report *r, struct findings *f, const char *channel)
{
	if (f->n)
		channel = channel_copy(r, channel);
	for (size_t i = 0; i < f->n; i++) {
		struct finding *x = &f->v[i];
		struct rule_count *rc = rule_counter(r, x->rule);
		x->channel = channel;
		if (!r->count_only || (r->console && r->console_shown < r->max_console))
			mask_finding(x); /* before anything shows or keeps it */
		if (x->severity == SEV_ERROR) {
			r->errors++;
			rc->errors++;
		} else {
			r->warnings++;
			rc->warnings++;
		}
		if (r->console && r->console_shown < r->max_console) {
			struct strbuf line = STRBUF_INIT;
			strbuf_addstr(&line, "feedgen: ");
			report_format_text(&line, x);
			msg_raw(line.buf);
			strbuf_release(&line);
			r->console_shown++;
		}
		if (r->count_only) {
			free(x->id);
			free(x->field);
			free(x->message);
			free(x->source);
		} else if (r->kept.n < r->max_kept) {
			struct finding *k;
			if (r->kept.n == r->kept.alloc) { /* by half, not beyond the cap */
				size_t n = r->kept.alloc < 64 ? 64 : r->kept.alloc + r->kept.alloc / 2;
				r->kept.alloc = n < r->max_kept ? n : r->max_kept;
				r->kept.v = xrealloc(r->kept.v, r->kept.alloc * sizeof(*r->kept.v));
			}
			k = &r->kept.v[r->kept.n++];
			*k = *x;
			k->id = keep_text(r, x->id);
			k->field = keep_text(r, x->field);
			k->message = keep_text(r, x->message);
			k->source = keep_text(r, x->source);
		} else {
			free(x->id);
			free(x->field);
			free(x->message);
			free(x->source);
			r->not_kept++;
		}
	}
	f->n = 0;
	take_dropped(r, f);
}

void report_console_done(struct report *r)
{
	unsigned long total = r->errors + r->warnings;

	if (r->console && total > r->console_shown && !r->not_kept)
		msg_info("%lu more findings not shown (write them all with --report FILE)", total - r->console_shown);
	else if (r->console && total > r->console_shown)
		msg_info("%lu more findings not shown (--report FILE lists the first %lu; its counts cover all %lu)",
			 total - r->console_shown, total - r->not_kept, total);
}

static int cmp_rule(const void *a, const void *b)
{
	return strcmp(((const struct rule_count *)a)->rule, ((const struct rule_count *)b)->rule);
}

static void write_text(struct report *r, struct strbuf *out)
{
	for (size_t i = 0; i < r->kept.n; i++) {
		report_format_text(out, &r->kept.v[i]);
		strbuf_addch(out, '\n');
	}
	if (r->not_kept)
		strbuf_addf(out, "(%lu more findings not listed)\n", r->not_kept);
	if (r->nrules) /* rules is NULL when there is no finding */
		qsort(r->rules, r->nrules, sizeof(*r->rules), cmp_rule);
	if (r->nrules)
		strbuf_addstr(out, "\nfindings by rule:\n");
	for (size_t i = 0; i < r->nrules; i++)
		strbuf_addf(out, "  %-18s %6lu errors %6lu warnings\n", r->rules[i].rule, r->rules[i].errors, r->rules[i].warnings);
	strbuf_addf(out, "\n%lu items read, %lu valid, %lu rejected", r->items_read, r->items_valid, r->items_rejected);
	if (!strcmp(r->command, "build"))
		strbuf_addf(out, ", %lu written", r->items_written);
	strbuf_addf(out, "; %lu errors, %lu warnings\n", r->errors, r->warnings);
}

static json_t *finding_json(const struct finding *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "severity", json_string(severity_name(f->severity)));
	json_object_set_new(o, "rule", json_string(f->rule));
	json_object_set_new(o, "id", f->id ? json_string(f->id) : json_null());
	json_object_set_new(o, "field", f->field ? json_string(f->field) : json_null());
	json_object_set_new(o, "message", json_string(f->message));
	if (f->channel)
		json_object_set_new(o, "channel", json_string(f->channel));
	if (f->source)
		json_object_set_new(o, "source", json_string(f->source));
	if (f->line)
		json_object_set_new(o, "line", json_integer(f->line));
	if (f->column)
		json_object_set_new(o, "column", json_integer(f->column));
	return o;
}

/* Append v as jansson would print it `depth` levels deep inside an indented document. */
static void add_json(struct strbuf *out, json_t *v, int depth)
{
	char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);

	for (const char *p = text; *p; p++) {
		strbuf_addch(out, *p);
		if (*p == '\n')
			strbuf_addf(out, "%*s", 2 * depth, "");
	}
	free(text);
	json_decref(v);
}

/* The JSON report, written one finding at a time: a tree of 100,000 findings would cost ten
 * times the text (issue 9). The layout is jansson's JSON_INDENT(2). */
static void write_json(struct report *r, struct strbuf *out)
{
	json_t *summary = json_object(), *rules = json_object();

	json_object_set_new(summary, "command", json_string(r->command));
	json_object_set_new(summary, "items", json_integer((json_int_t)r->items_read));
	json_object_set_new(summary, "valid", json_integer((json_int_t)r->items_valid));
	json_object_set_new(summary, "rejected", json_integer((json_int_t)r->items_rejected));
	if (!strcmp(r->command, "build"))
		json_object_set_new(summary, "written", json_integer((json_int_t)r->items_written));
	json_object_set_new(summary, "skipped_records", json_integer((json_int_t)r->records_skipped));
	json_object_set_new(summary, "errors", json_integer((json_int_t)r->errors));
	json_object_set_new(summary, "warnings", json_integer((json_int_t)r->warnings));
	json_object_set_new(summary, "findings_not_listed", json_integer((json_int_t)r->not_kept));
	strbuf_addstr(out, "{\n  \"summary\": ");
	add_json(out, summary, 1);
	strbuf_addstr(out, ",\n  \"findings\": [");
	for (size_t i = 0; i < r->kept.n; i++) {
		strbuf_addstr(out, i ? ",\n    " : "\n    ");
		add_json(out, finding_json(&r->kept.v[i]), 2);
	}
	strbuf_addstr(out, r->kept.n ? "\n  ],\n  \"rules\": " : "],\n  \"rules\": ");
	for (size_t i = 0; i < r->nrules; i++) {
		json_t *c = json_object();
		json_object_set_new(c, "errors", json_integer((json_int_t)r->rules[i].errors));
		json_object_set_new(c, "warnings", json_integer((json_int_t)r->rules[i].warnings));
		json_object_set_new(rules, r->rules[i].rule, c);
	}
	add_json(out, rules, 1);
	strbuf_addstr(out, "\n}\n");
}

static int xml_to_strbuf(void *ctx, const char *buf, int len)
{
	strbuf_add(ctx, buf, (size_t)len);
	return len;
}

static int xml_noclose(void *ctx)
{
	(void)ctx;
	return 0;
}

/* XML 1.0 allows C1 and bidi controls, but a CI log shows them raw: the visible escapes of
 * msg_sanitize, as in the text report. */
static void junit_attribute(xmlTextWriterPtr w, const char *name, const char *value)
{
	struct strbuf clean = STRBUF_INIT;

	add_clean(&clean, value);
	xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST clean.buf);
	strbuf_release(&clean);
}

/* JUnit: one test case per item that has findings (errors are failures, warnings go to
 * system-out), plus one passing case for the valid items. */
static void write_junit(struct report *r, struct strbuf *out)
{
	xmlTextWriterPtr w = xmlNewTextWriter(xmlOutputBufferCreateIO(xml_to_strbuf, xml_noclose, out, NULL));
	size_t i = 0;
	unsigned long cases = 0, failures = 0;

	/* count cases first */
	for (size_t k = 0; k < r->kept.n;) {
		size_t j = k;
		int err = 0;
		while (j < r->kept.n && ((r->kept.v[j].id && r->kept.v[k].id && !strcmp(r->kept.v[j].id, r->kept.v[k].id)) ||
					 (!r->kept.v[j].id && !r->kept.v[k].id && j == k)))
			err |= r->kept.v[j++].severity == SEV_ERROR;
		if (j == k)
			j++;
		cases++;
		failures += err;
		k = j;
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	xmlTextWriterStartElement(w, BAD_CAST "testsuite");
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "name", "feedgen %s", r->command);
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "tests", "%lu", cases + 1);
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "failures", "%lu", failures);
	xmlTextWriterWriteAttribute(w, BAD_CAST "errors", BAD_CAST "0");
	while (i < r->kept.n) {
		size_t j = i;
		struct strbuf failure = STRBUF_INIT, sysout = STRBUF_INIT;
		const struct finding *f0 = &r->kept.v[i];
		do {
			const struct finding *f = &r->kept.v[j];
			struct strbuf *dst = f->severity == SEV_ERROR ? &failure : &sysout;
			report_format_text(dst, f);
			strbuf_addch(dst, '\n');
			j++;
		} while (j < r->kept.n && f0->id && r->kept.v[j].id && !strcmp(r->kept.v[j].id, f0->id));
		xmlTextWriterStartElement(w, BAD_CAST "testcase");
		junit_attribute(w, "classname", f0->channel ? f0->channel : "feedgen");
		junit_attribute(w, "name", f0->id ? f0->id : f0->rule);
		if (f0->source)
			junit_attribute(w, "file", f0->source);
		if (f0->line)
			xmlTextWriterWriteFormatAttribute(w, BAD_CAST "line", "%ld", f0->line);
		if (failure.len) {
			xmlTextWriterStartElement(w, BAD_CAST "failure");
			xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST f0->rule);
			xmlTextWriterWriteAttribute(w, BAD_CAST "message", BAD_CAST "item has errors");
			xmlTextWriterWriteString(w, BAD_CAST failure.buf);
			xmlTextWriterEndElement(w);
		}
		if (sysout.len)
			xmlTextWriterWriteElement(w, BAD_CAST "system-out", BAD_CAST sysout.buf);
		xmlTextWriterEndElement(w);
		strbuf_release(&failure);
		strbuf_release(&sysout);
		i = j;
	}
	xmlTextWriterStartElement(w, BAD_CAST "testcase");
	xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST "feedgen");
	xmlTextWriterWriteFormatAttribute(w, BAD_CAST "name", "%lu items valid of %lu", r->items_valid, r->items_read);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
}

/* GitHub workflow commands: data escaped as the runner expects (%, CR, LF; and : , in properties). */
static void gh_escape(struct strbuf *out, const char *s, int property)
{
	for (; *s; s++) {
		if (*s == '%')
			strbuf_addstr(out, "%25");
		else if (*s == '\r')
			strbuf_addstr(out, "%0D");
		else if (*s == '\n')
			strbuf_addstr(out, "%0A");
		else if (property && *s == ':')
			strbuf_addstr(out, "%3A");
		else if (property && *s == ',')
			strbuf_addstr(out, "%2C");
		else
			strbuf_addch(out, *s);
	}
}

/* One finding as a workflow command: the data made visible first (no raw newline or bidi
 * control), then escaped for the runner. */
static void github_line(struct strbuf *out, const struct finding *f)
{
	struct strbuf clean = STRBUF_INIT;

	strbuf_addf(out, "::%s ", f->severity == SEV_ERROR ? "error" : "warning");
	if (f->source) {
		strbuf_addstr(out, "file=");
		add_clean(&clean, f->source);
		gh_escape(out, clean.buf, 1);
		strbuf_reset(&clean);
		if (f->line)
			strbuf_addf(out, ",line=%ld", f->line);
		if (f->column)
			strbuf_addf(out, ",col=%ld", f->column);
		strbuf_addch(out, ',');
	}
	strbuf_addstr(out, "title=");
	gh_escape(out, f->rule, 1);
	strbuf_addstr(out, "::");
	if (f->channel) {
		add_clean(&clean, f->channel);
		strbuf_addch(&clean, ' ');
	}
	if (f->id) {
		add_clean(&clean, f->id);
		strbuf_addstr(&clean, ": ");
	}
	if (f->field) {
		add_clean(&clean, f->field);
		strbuf_addstr(&clean, ": ");
	}
	add_clean(&clean, f->message);
	gh_escape(out, clean.buf, 0);
	strbuf_addch(out, '\n');
	strbuf_release(&clean);
}

static void write_github(struct report *r, struct strbuf *out)
{
	for (size_t i = 0; i < r->kept.n; i++)
		github_line(out, &r->kept.v[i]);
	strbuf_addf(out, "%lu items read, %lu valid, %lu rejected; %lu errors, %lu warnings\n", r->items_read,
		    r->items_valid, r->items_rejected, r->errors, r->warnings);
}

int report_write(struct report *r, enum report_format fmt, const char *path)
{
	struct strbuf text = STRBUF_INIT, safe = STRBUF_INIT;
	struct output o;
	int rc;

	switch (fmt) {
	case REPORT_TEXT: write_text(r, &text); break;
	case REPORT_JSON: write_json(r, &text); break;
	case REPORT_JUNIT: write_junit(r, &text); break;
	case REPORT_GITHUB: write_github(r, &text); break;
	}
	secrets_mask(&text); /* and the whole text once more: summaries, names, anything */
	if ((rc = output_open(&o, path)))
		goto out;
	if (fmt == REPORT_TEXT || fmt == REPORT_GITHUB) {
		/* catalog text inside messages must not reach a terminal raw */
		msg_sanitize_lines(&safe, text.buf);
		output_write(&o, safe.buf, safe.len);
	} else
		output_write(&o, text.buf, text.len);
	rc = output_commit(&o);
out:
	strbuf_release(&text);
	strbuf_release(&safe);
	return rc;
}
