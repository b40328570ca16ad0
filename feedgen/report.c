/* report.c: findings and summaries in text, JSON (jansson), JUnit XML (libxml2) and GitHub
 * annotation formats; the console echo of findings. Owns: struct report. */
#include "report.h"
#include "alloc.h"
#include "msg.h"
#include "output.h"
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
	findings_release(&r->kept);
	free(r->rules);
	for (size_t i = 0; i < r->nchannels; i++)
		free(r->channels[i]);
	free(r->channels);
}

/* The report's own copy of a channel name (findings outlive the template they came from). */
static const char *channel_name(struct report *r, const char *channel)
{
	if (!channel)
		return NULL;
	for (size_t i = 0; i < r->nchannels; i++)
		if (!strcmp(r->channels[i], channel))
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

void report_format_text(struct strbuf *out, const struct finding *f)
{
	if (f->source) {
		strbuf_addstr(out, f->source);
		if (f->line)
			strbuf_addf(out, ":%ld", f->line);
		if (f->line && f->column)
			strbuf_addf(out, ":%ld", f->column);
		strbuf_addstr(out, ": ");
	}
	strbuf_addf(out, "%s[%s]", severity_name(f->severity), f->rule);
	if (f->channel)
		strbuf_addf(out, " %s", f->channel);
	if (f->id)
		strbuf_addf(out, " %s", f->id);
	strbuf_addstr(out, ": ");
	if (f->field)
		strbuf_addf(out, "%s: ", f->field);
	strbuf_addstr(out, f->message);
}

void report_take(struct report *r, struct findings *f, const char *channel)
{
	channel = channel_name(r, channel);
	for (size_t i = 0; i < f->n; i++) {
		struct finding *x = &f->v[i];
		struct rule_count *rc = rule_counter(r, x->rule);
		x->channel = channel;
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
		if (r->kept.n < r->max_kept) {
			ALLOC_GROW(r->kept.v, r->kept.n + 1, r->kept.alloc);
			r->kept.v[r->kept.n++] = *x;
		} else {
			free(x->id);
			free(x->field);
			free(x->message);
			free(x->source);
			r->not_kept++;
		}
	}
	f->n = 0;
}

void report_console_done(struct report *r)
{
	unsigned long total = r->errors + r->warnings;

	if (r->console && total > r->console_shown)
		msg_info("%lu more findings not shown (write them all with --report FILE)", total - r->console_shown);
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

static void write_json(struct report *r, struct strbuf *out)
{
	json_t *root = json_object(), *summary = json_object(), *list = json_array(), *rules = json_object();
	char *text;

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
	json_object_set_new(root, "summary", summary);
	for (size_t i = 0; i < r->kept.n; i++)
		json_array_append_new(list, finding_json(&r->kept.v[i]));
	json_object_set_new(root, "findings", list);
	for (size_t i = 0; i < r->nrules; i++) {
		json_t *c = json_object();
		json_object_set_new(c, "errors", json_integer((json_int_t)r->rules[i].errors));
		json_object_set_new(c, "warnings", json_integer((json_int_t)r->rules[i].warnings));
		json_object_set_new(rules, r->rules[i].rule, c);
	}
	json_object_set_new(root, "rules", rules);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	strbuf_addstr(out, text);
	strbuf_addch(out, '\n');
	free(text);
	json_decref(root);
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
		xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST(f0->channel ? f0->channel : "feedgen"));
		xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST(f0->id ? f0->id : f0->rule));
		if (f0->source)
			xmlTextWriterWriteAttribute(w, BAD_CAST "file", BAD_CAST f0->source);
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

static void write_github(struct report *r, struct strbuf *out)
{
	for (size_t i = 0; i < r->kept.n; i++) {
		const struct finding *f = &r->kept.v[i];
		strbuf_addf(out, "::%s ", f->severity == SEV_ERROR ? "error" : "warning");
		if (f->source) {
			strbuf_addstr(out, "file=");
			gh_escape(out, f->source, 1);
			if (f->line)
				strbuf_addf(out, ",line=%ld", f->line);
			if (f->column)
				strbuf_addf(out, ",col=%ld", f->column);
			strbuf_addch(out, ',');
		}
		strbuf_addstr(out, "title=");
		gh_escape(out, f->rule, 1);
		strbuf_addstr(out, "::");
		{
			struct strbuf msg = STRBUF_INIT;
			if (f->channel)
				strbuf_addf(&msg, "%s ", f->channel);
			if (f->id)
				strbuf_addf(&msg, "%s: ", f->id);
			if (f->field)
				strbuf_addf(&msg, "%s: ", f->field);
			strbuf_addstr(&msg, f->message);
			gh_escape(out, msg.buf, 0);
			strbuf_release(&msg);
		}
		strbuf_addch(out, '\n');
	}
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
