/* feed_channel.c: the channel a feed file is written for (see feed_channel.h).
 * Owns: nothing (each candidate template is loaded and freed in turn). */
#include "feed_channel.h"
#include "feed_reader.h"
#include "msg.h"
#include "template.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct first_item {
	int has_id;
	size_t values;
};

static int first_row(void *ctx, const struct row *r)
{
	struct first_item *f = ctx;

	f->has_id = row_id(r)[0] != '\0';
	for (size_t i = 0; i < r->tpl->nattrs; i++)
		f->values += r->values[i].len > 0;
	return 1; /* enough */
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int read_first(const struct feed_source *src, const struct template *tpl, struct first_item *f)
{
	int rc;

	if (!src->fp)
		return feed_read_rows(src->path, tpl, first_row, f, NULL);
	rewind(src->fp);
	rc = feed_read_rows_stream(src->fp, src->source, tpl, first_row, f, NULL);
	if (!rc && ferror(src->fp)) /* a read error the reader took for the end: rewind would hide it */
		rc = msg_fail(EXIT_INPUT, "cannot read %s %s: %s", src->what, msg_quote(src->source),
			      strerror(errno ? errno : EIO));
	return rc;
}

int feed_channel_detect(const struct feed_source *src, char *names, const char **best)
{
	const char *cand[32];
	size_t n = 0, best_values = 0;
	char *save = NULL;

	*best = NULL;
	for (char *t = strtok_r(names, " ", &save); t && n < 32; t = strtok_r(NULL, " ", &save))
		cand[n++] = t;
	qsort(cand, n, sizeof(*cand), by_name);
	for (size_t i = 0; i < n; i++) {
		const struct template *tpl = template_load(cand[i]);
		struct first_item f = { 0, 0 };
		int rc;
		if (!tpl)
			continue;
		rc = read_first(src, tpl, &f);
		template_free(tpl);
		if (rc == FEED_NO_HEADER)
			continue; /* its header names none of this channel's attributes */
		if (rc)
			return rc;
		if (f.has_id && f.values > best_values) {
			best_values = f.values;
			*best = cand[i];
		}
	}
	return 0;
}
