/* test_count.c: unit tests for feed_count_items() (feed_reader.c), the safety guard's count of
 * the feed a build replaces: CSV with quoted newlines, TSV, Meta's '#' rows, TikTok's template
 * rows, RSS and Atom, gzip, an empty file, a malformed one.
 * Owns: the temporary files it writes (removed at the end). */
#include "check.h"
#include "feed_reader.h"
#include "msg.h"
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

static char path[] = "/tmp/feedgen-test-count-XXXXXX";

static void put(const char *data)
{
	FILE *fp = fopen(path, "wb");

	fputs(data, fp);
	fclose(fp);
}

static long count(const char *data)
{
	unsigned long n = 0;

	put(data);
	return feed_count_items(path, &n) ? -1 : (long)n;
}

static long count_gzip(const char *data)
{
	gzFile gz = gzopen(path, "wb");
	unsigned long n = 0;

	gzputs(gz, data);
	gzclose(gz);
	return feed_count_items(path, &n) ? -1 : (long)n;
}

int main(void)
{
	int fd = mkstemp(path);

	if (fd < 0)
		return 2;
	close(fd);
	msg_set_quiet(1);
	CHECK_INT(count(""), 0);
	CHECK_INT(count("id,title\n"), 0);
	CHECK_INT(count("id,title\n1,a\n2,\"two\nlines\"\n\n3,c\n"), 3);
	CHECK_INT(count("id\ttitle\n1\ta\n2\tb\n"), 2);
	CHECK_INT(count("# ref_application_id: 1\n# comment\nid,title\n1,a\n"), 1);
	CHECK_INT(count("Context,rules\nColumns,sku_id,title\nexample,X,Y\n,1,a\n,2,b\n"), 2);
	CHECK_INT(count("<?xml version=\"1.0\"?><rss><channel><title>t</title><item><title>a</title></item>"
			"<item><g:id xmlns:g=\"x\">2</g:id><item>nested</item></item><item/></channel></rss>"), 3);
	CHECK_INT(count("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>1</id></entry><entry/></feed>"), 2);
	CHECK_INT(count_gzip("id,title\n1,a\n2,b\n3,c\n"), 3);
	CHECK_INT(count_gzip("<rss><channel><item/><item/></channel></rss>"), 2);
	CHECK_INT(count("id,title\n1,\"unterminated\n"), -1);
	CHECK_INT(count("<rss><channel><item></channel>"), -1);
	unlink(path);
	return CHECK_DONE();
}
