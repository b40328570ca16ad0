/* summary_merge.c: the shards' run summaries as one (see summary_merge.h).
 * Owns: the loaded summaries and the merged document. */
#include "summary_merge.h"
#include "alloc.h"
#include "msg.h"
#include "output.h"
#include "shard.h"
#include "strbuf.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_int_t int_at(const json_t *o, const char *a, const char *b)
{
	const json_t *v = json_object_get(o, a);
	return json_integer_value(b ? json_object_get(v, b) : v);
}

/* dst.key += src.key for every integer member of src (an object of counts). */
static void add_counts(json_t *dst, const json_t *src)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)src, key, v)
		if (json_is_integer(v))
			json_object_set_new(dst, key, json_integer(json_integer_value(json_object_get(dst, key)) +
								   json_integer_value(v)));
}

static void max_count(json_t *o, const char *key, const json_t *src)
{
	json_int_t a = json_integer_value(json_object_get(o, key)), b = json_integer_value(json_object_get(src, key));
	json_object_set_new(o, key, json_integer(a > b ? a : b));
}

/* Check the shape a summary must have, and that its feeds are the first one's. */
static int check_summary(const json_t *s, const json_t *first, const char *path, const char *first_path)
{
	json_t *feeds = json_object_get(s, "feeds"), *ff = first ? json_object_get(first, "feeds") : NULL;

	if (!json_is_object(json_object_get(s, "items")) || !json_is_array(feeds) ||
	    !json_is_object(json_object_get(s, "findings")))
		return msg_fail(EXIT_INPUT, "%s is not a feedgen run summary (build --summary FILE writes one)", msg_quote(path));
	if (!first)
		return 0;
	if (json_array_size(feeds) != json_array_size(ff))
		return msg_fail(EXIT_INPUT, "summary %s has %zu feeds, but %s has %zu: merge joins the shards of one build",
				msg_quote(path), json_array_size(feeds), msg_quote(first_path), json_array_size(ff));
	for (size_t i = 0; i < json_array_size(feeds); i++) {
		const char *a = json_string_value(json_object_get(json_array_get(feeds, i), "name"));
		const char *b = json_string_value(json_object_get(json_array_get(ff, i), "name"));
		if (!a || !b || strcmp(a, b))
			return msg_fail(EXIT_INPUT, "summary %s names feed %zu %s, but %s names it %s: merge joins the shards of "
					"one build", msg_quote(path), i + 1, msg_quote(a ? a : "(none)"), msg_quote(first_path),
					msg_quote(b ? b : "(none)"));
	}
	return 0;
}

/* Shards: every summary of one N, each K once, all of 1..N; or none of them sharded. */
static int check_shards(json_t *const *docs, const char *const *paths, size_t n)
{
	unsigned long want = 0, k, nn;
	unsigned char *seen = NULL;
	int rc = 0, sharded = 0;

	for (size_t i = 0; !rc && i < n; i++) {
		const char *out = json_string_value(json_object_get(json_array_get(json_object_get(docs[i], "feeds"), 0), "output"));
		if (!out || shard_of_path(out, &k, &nn)) {
			if (sharded || i)
				rc = msg_fail(EXIT_INPUT, "summary %s is not of a --shard build like the others", msg_quote(paths[i]));
			continue;
		}
		if (i && !sharded)
			rc = msg_fail(EXIT_INPUT, "summary %s is of a --shard build, but %s is not", msg_quote(paths[i]),
				      msg_quote(paths[0]));
		else if (!sharded) {
			sharded = 1;
			want = nn;
			seen = xcalloc(nn + 1, 1);
		}
		if (!rc && (nn != want || k < 1 || k > nn))
			rc = msg_fail(EXIT_INPUT, "summary %s is of shard %lu of %lu, but %s is of %lu shards", msg_quote(paths[i]), k,
				      nn, msg_quote(paths[0]), want);
		else if (!rc && seen[k]++)
			rc = msg_fail(EXIT_INPUT, "summary %s is of shard %lu of %lu, and so is an earlier one (was a summary given "
				      "twice?)", msg_quote(paths[i]), k, nn);
	}
	for (unsigned long s = 1; !rc && sharded && s <= want; s++)
		if (!seen[s])
			rc = msg_fail(EXIT_INPUT, "no summary of shard %lu of %lu: merge needs every shard's summary", s, want);
	free(seen);
	return rc;
}

/* The first summary's feeds, with the counts summed over all and the plain output names. */
static json_t *merged_feeds(json_t *const *docs, size_t n)
{
	json_t *feeds = json_array(), *f;
	size_t i;

	json_array_foreach(json_object_get(docs[0], "feeds"), i, f) {
		struct strbuf plain = STRBUF_INIT;
		json_int_t written = 0, rejected = 0;
		for (size_t d = 0; d < n; d++) {
			json_t *g = json_array_get(json_object_get(docs[d], "feeds"), i);
			written += int_at(g, "items_written", NULL);
			rejected += int_at(g, "rejected", NULL);
		}
		const char *output = json_string_value(json_object_get(f, "output"));
		shard_plain_path(&plain, output ? output : "");
		json_array_append_new(feeds, json_pack("{s:O,s:O,s:s,s:I,s:I}", "name", json_object_get(f, "name"), "channel",
						       json_object_get(f, "channel"), "output", plain.buf, "items_written",
						       written, "rejected", rejected));
		strbuf_release(&plain);
	}
	return feeds;
}

static json_t *merge_docs(json_t *const *docs, const char *const *paths, size_t n)
{
	json_t *items = json_object(), *findings = json_pack("{s:I,s:I,s:o}", "errors", (json_int_t)0, "warnings",
							       (json_int_t)0, "by_rule", json_object());
	json_t *timings = json_object(), *parts = json_array(), *published = json_array();
	int status = 0, all_published = 1;

	for (size_t d = 0; d < n; d++) {
		json_t *s = docs[d], *by = json_object_get(json_object_get(s, "findings"), "by_rule"), *v, *p;
		const char *rule, *key;
		size_t i;
		int st = (int)int_at(s, "exit_status", NULL);
		json_t *saved = json_object_get(items, "records_skipped");
		json_int_t skipped = saved ? json_integer_value(saved) : 0;
		add_counts(items, json_object_get(s, "items"));
		json_object_set_new(items, "records_skipped", json_integer(skipped)); /* the whole catalog's, in every shard */
		max_count(items, "records_skipped", json_object_get(s, "items"));
		add_counts(findings, json_object_get(s, "findings"));
		json_object_foreach(by, rule, v) {
			json_t *have = json_object_get(json_object_get(findings, "by_rule"), rule);
			if (!have)
				json_object_set_new(json_object_get(findings, "by_rule"), rule, have = json_object());
			add_counts(have, v);
		}
		json_object_foreach(json_object_get(s, "timings"), key, v)
			if (json_is_number(v) && json_number_value(v) > json_number_value(json_object_get(timings, key)))
				json_object_set_new(timings, key, json_real(json_number_value(v)));
		json_array_foreach(json_object_get(s, "published_paths"), i, p)
			json_array_append(published, p);
		if (st > status)
			status = st;
		all_published &= json_is_true(json_object_get(s, "published")) || json_is_true(json_object_get(s, "skipped"));
		json_array_append_new(parts, json_string(paths[d]));
	}
	return json_pack("{s:i,s:s,s:b,s:I,s:o,s:o,s:o,s:o,s:o,s:o}", "exit_status", status, "result",
			 all_published ? "published" : "failed", "published", all_published, "shards", (json_int_t)n,
			 "timings", timings, "items", items, "feeds", merged_feeds(docs, n), "findings", findings,
			 "published_paths", published, "merged_from", parts);
}

static int write_merged(const char *out, json_t *doc)
{
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
	struct output o;
	int rc;

	if (!text)
		return msg_fail(EXIT_NOMEM, "out of memory writing the summary");
	if (!(rc = output_open(&o, out))) {
		output_write(&o, text, strlen(text));
		output_write(&o, "\n", 1);
		rc = output_commit(&o);
	}
	free(text);
	return rc;
}

int summary_merge(const char *out, const char *const *inputs, size_t n)
{
	json_t **docs = xcalloc(n, sizeof(*docs)), *merged = NULL;
	int rc = 0;

	for (size_t i = 0; !rc && i < n; i++) {
		json_error_t err;
		if (!(docs[i] = json_load_file(inputs[i], JSON_REJECT_DUPLICATES, &err)) && err.line < 1)
			rc = msg_fail(EXIT_INPUT, "cannot read summary %s: %s", msg_quote(inputs[i]), err.text);
		else if (!docs[i])
			rc = msg_fail(EXIT_INPUT, "summary %s line %d: %s", msg_quote(inputs[i]), err.line, err.text);
		else
			rc = check_summary(docs[i], i ? docs[0] : NULL, inputs[i], inputs[0]);
	}
	if (!rc)
		rc = check_shards(docs, inputs, n);
	if (!rc && (merged = merge_docs(docs, inputs, n)))
		rc = write_merged(out, merged);
	if (!rc)
		msg_info("merged %zu summaries into %s", n, msg_quote(out));
	json_decref(merged);
	for (size_t i = 0; i < n; i++)
		json_decref(docs[i]);
	free(docs);
	return rc;
}
