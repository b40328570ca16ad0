/* test_shard.c: unit tests for --shard K/N (shard.c): the hash is FNV-1a 64 (the published test
 * vectors), an item goes by its item group id and else by its id, the shards of N cover every
 * id once, the file names of a shard (before the extension, under .gz) and back, and every bad
 * K/N refused with exit 2. Owns: its items and buffers. */
#include "check.h"
#include "item.h"
#include "msg.h"
#include "shard.h"

static const char *path_of(struct strbuf *sb, const char *path, unsigned long k, unsigned long n)
{
	struct shard s = { k, n, NULL, 0 };

	strbuf_reset(sb);
	shard_path(sb, path, &s);
	return sb->buf;
}

static const char *plain_of(struct strbuf *sb, const char *path)
{
	strbuf_reset(sb);
	shard_plain_path(sb, path);
	return sb->buf;
}

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct shard s = { 0, 0, NULL, 0 };
	struct item it;
	unsigned long k, n, hits[4] = { 0 };

	/* FNV-1a 64: the offset basis for "", and the reference vectors for "a" and "foobar" */
	CHECK(shard_hash("", 0) == 0xcbf29ce484222325ULL);
	CHECK(shard_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
	CHECK(shard_hash("foobar", 6) == 0x85944171f73967e8ULL);

	item_init(&it);
	item_set(&it, ITEM_ID, "a");
	CHECK(shard_parse(&s, "1/1") == 0 && shard_keeps(&s, &it));
	s.n = 0;
	CHECK(shard_keeps(&s, &it)); /* no --shard: every item */
	/* 0x85944171f73967e8 % 3 == 0: "foobar" is in shard 1 of 3, by group, whatever the id */
	item_set(&it, ITEM_ITEM_GROUP_ID, "foobar");
	CHECK(shard_parse(&s, "1/3") == 0 && shard_keeps(&s, &it));
	CHECK(shard_parse(&s, "2/3") == 0 && !shard_keeps(&s, &it));
	item_set(&it, ITEM_ITEM_GROUP_ID, "");
	/* by id without a group: 0xaf63dc4c8601ec8c % 3 == 1, "a" is in shard 2 of 3 */
	CHECK(shard_parse(&s, "2/3") == 0 && shard_keeps(&s, &it));
	CHECK(shard_parse(&s, "1/3") == 0 && !shard_keeps(&s, &it));
	/* every id is in exactly one of 4 shards */
	for (int i = 0; i < 1000; i++) {
		char id[32];
		int in = 0;
		snprintf(id, sizeof(id), "SKU-%d", i);
		item_set(&it, ITEM_ID, id);
		for (unsigned long j = 1; j <= 4; j++) {
			struct shard q = { j, 4, NULL, 0 };
			if (shard_keeps(&q, &it)) {
				in++;
				hits[j - 1]++;
			}
		}
		if (in != 1)
			CHECK(in == 1);
	}
	CHECK(hits[0] + hits[1] + hits[2] + hits[3] == 1000);
	CHECK(hits[0] > 200 && hits[1] > 200 && hits[2] > 200 && hits[3] > 200); /* spread about evenly */
	item_release(&it);

	CHECK_STR(path_of(&sb, "feeds/google.xml", 3, 8), "feeds/google.shard-3-of-8.xml");
	CHECK_STR(path_of(&sb, "feeds/google.xml.gz", 3, 8), "feeds/google.shard-3-of-8.xml.gz");
	CHECK_STR(path_of(&sb, "out.v2/feed", 1, 2), "out.v2/feed.shard-1-of-2");
	CHECK_STR(path_of(&sb, ".hidden", 1, 2), ".hidden.shard-1-of-2");
	CHECK_STR(path_of(&sb, "c.json.lock", 2, 4), "c.json.shard-2-of-4.lock");
	CHECK_STR(plain_of(&sb, "feeds/google.shard-3-of-8.xml.gz"), "feeds/google.xml.gz");
	CHECK_STR(plain_of(&sb, "feeds/google.xml"), "feeds/google.xml");
	CHECK(shard_of_path("a/tiktok.shard-12-of-16.csv", &k, &n) == 0 && k == 12 && n == 16);
	CHECK(shard_of_path("a.shard-x-of-2.csv", &k, &n) == -1);

	if (!freopen("/dev/null", "w", stderr)) /* the messages of the refusals below */
		return 1;
	CHECK_INT(shard_parse(&s, "0/4"), EXIT_USAGE);
	CHECK_INT(shard_parse(&s, "5/4"), EXIT_USAGE);
	CHECK_INT(shard_parse(&s, "a/b"), EXIT_USAGE);
	CHECK_INT(shard_parse(&s, "1/0"), EXIT_USAGE);
	CHECK_INT(shard_parse(&s, "1/"), EXIT_USAGE);
	CHECK_INT(shard_parse(&s, "2"), EXIT_USAGE);
	CHECK_INT(shard_parse(&s, " 1/2"), EXIT_USAGE);
	CHECK_INT(shard_parse(&s, "1/2x"), EXIT_USAGE);
	CHECK_INT(shard_parse(&s, "1/99999999999999999999"), EXIT_USAGE);
	CHECK(shard_parse(&s, "4/4") == 0 && s.k == 4 && s.n == 4);
	strbuf_release(&sb);
	return CHECK_DONE();
}
