/* shard.c: which items a `--shard K/N` build keeps, and the names of its files (see shard.h).
 * Owns: the renamed paths of a run_config's shard. */
#include "shard.h"
#include "idindex.h"
#include "alloc.h"
#include "config.h"
#include "history.h"
#include "item.h"
#include "msg.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SHARD_MAX 65536UL

static int parse_number(const char *s, const char *end, unsigned long *out)
{
	char *stop;

	if (s == end || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoul(s, &stop, 10);
	return errno || stop != end ? -1 : 0;
}

int shard_parse(struct shard *s, const char *arg)
{
	const char *slash = strchr(arg, '/');
	unsigned long k, n;

	if (!slash || parse_number(arg, slash, &k) || parse_number(slash + 1, slash + 1 + strlen(slash + 1), &n))
		return msg_fail(EXIT_USAGE, "option --shard: %s is not K/N (e.g. 3/8: the third of 8 shards)", msg_quote(arg));
	if (n < 1 || n > SHARD_MAX)
		return msg_fail(EXIT_USAGE, "option --shard: %s: the number of shards must be from 1 to %lu", msg_quote(arg),
				SHARD_MAX);
	if (k < 1 || k > n)
		return msg_fail(EXIT_USAGE, "option --shard: %s: the shard must be from 1 to %lu", msg_quote(arg), n);
	s->k = k;
	s->n = n;
	return 0;
}

uint64_t shard_hash(const char *bytes, size_t len)
{
	return idindex_hash(bytes, len, IDINDEX_HASH_SEED); /* FNV-1a 64, the id index's hash */
}

int shard_keeps(const struct shard *s, const struct item *it)
{
	const struct strbuf *key = &it->field[ITEM_ITEM_GROUP_ID];

	if (!s->n)
		return 1;
	if (!key->len)
		key = &it->field[ITEM_ID];
	return shard_hash(key->buf, key->len) % s->n == s->k - 1;
}

void shard_path(struct strbuf *out, const char *path, const struct shard *s)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t end = strlen(path), cut;

	if (end - (size_t)(base - path) > 3 && !strcmp(path + end - 3, ".gz"))
		end -= 3;
	cut = end;
	for (size_t i = end; i > (size_t)(base - path) + 1; i--)
		if (path[i - 1] == '.') {
			cut = i - 1;
			break;
		}
	strbuf_add(out, path, cut);
	strbuf_addf(out, ".shard-%lu-of-%lu", s->k, s->n);
	strbuf_addstr(out, path + cut);
}

static void rename_one(struct shard *s, const char **path)
{
	struct strbuf sb = STRBUF_INIT;

	if (!*path || !strcmp(*path, "-"))
		return;
	shard_path(&sb, *path, s);
	s->names = xrealloc(s->names, (s->nnames + 1) * sizeof(*s->names));
	s->names[s->nnames++] = strbuf_detach(&sb, NULL);
	*path = s->names[s->nnames - 1];
}

void shard_apply(struct run_config *c)
{
	struct shard *s = &c->shard;
	struct strbuf lock = STRBUF_INIT;

	if (!s->n || s->nnames) /* applied once */
		return;
	rename_one(s, &c->output);
	rename_one(s, &c->retarget.promotions_output);
	rename_one(s, &c->retarget.codes_output);
	rename_one(s, &c->report);
	rename_one(s, &c->summary);
	rename_one(s, &c->metrics);
	rename_one(s, &c->html);
	if (c->config) { /* the configuration's lock: CONFIG.shard-K-of-N.lock by default */
		if (!c->lock)
			strbuf_addf(&lock, "%s.lock", c->config);
		rename_one(s, c->lock ? &c->lock : &(const char *){ lock.buf });
		if (!c->lock)
			c->lock = s->names[s->nnames - 1];
	}
	strbuf_release(&lock);
}

void shard_release(struct shard *s)
{
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->names);
	s->names = NULL;
	s->nnames = 0;
}

void shard_history(struct history *h, const struct shard *s)
{
	struct strbuf sb = STRBUF_INIT;

	if (!s->n)
		return;
	strbuf_addf(&sb, "%s#shard-%lu-of-%lu", h->config, s->k, s->n);
	free(h->config);
	h->config = strbuf_detach(&sb, NULL);
}

/* The ".shard-K-of-N" in a file name: its offset and length, and K and N; 0 when none. */
static size_t find_shard(const char *path, size_t *at, unsigned long *k, unsigned long *n)
{
	const char *slash = strrchr(path, '/'), *p = slash ? slash + 1 : path;

	for (; (p = strstr(p, ".shard-")); p++) {
		char *end;
		const char *q = p + 7;
		if (*q < '0' || *q > '9')
			continue;
		*k = strtoul(q, &end, 10);
		if (strncmp(end, "-of-", 4) || end[4] < '0' || end[4] > '9')
			continue;
		*n = strtoul(end + 4, &end, 10);
		*at = (size_t)(p - path);
		return (size_t)(end - p);
	}
	return 0;
}

int shard_of_path(const char *path, unsigned long *k, unsigned long *n)
{
	size_t at;

	return find_shard(path, &at, k, n) ? 0 : -1;
}

void shard_plain_path(struct strbuf *out, const char *path)
{
	unsigned long k, n;
	size_t at, len = find_shard(path, &at, &k, &n);

	if (!len) {
		strbuf_addstr(out, path);
		return;
	}
	strbuf_add(out, path, at);
	strbuf_addstr(out, path + at + len);
}
