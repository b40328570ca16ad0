/* test_catalog.c: the streaming JSON catalog reader: document shapes, positions in messages,
 * lenient repair, and that records arrive one at a time. Owns: nothing. */
#include "check.h"
#include "alloc.h"
#include "catalog.h"
#include "finding.h"
#include "msg.h"
#include <stdint.h>
#include <stdlib.h>
#include "strbuf.h"

struct seen {
	int count;
	long lines[16];
	char ids[16][32];
};

static int collect(void *arg, json_t *record, const char *source, long line)
{
	struct seen *s = arg;
	json_t *id = json_object_get(record, "id");

	(void)source;
	if (s->count < 16) {
		s->lines[s->count] = line;
		snprintf(s->ids[s->count], 32, "%s", json_is_integer(id) ? "int" : json_is_string(id) ? json_string_value(id) : "?");
	}
	s->count++;
	return 0;
}

static int stream_text(const char *text, struct seen *s, struct findings *f)
{
	FILE *fp = fmemopen((void *)(uintptr_t)text, strlen(text), "rb");
	int rc;

	memset(s, 0, sizeof(*s));
	rc = f ? catalog_stream_lenient(fp, "t.json", 0, collect, s, f) : catalog_stream(fp, "t.json", 0, collect, s);
	fclose(fp);
	return rc;
}

int main(void)
{
	struct seen s;
	struct findings f = FINDINGS_INIT;

	alloc_init();
	msg_set_quiet(1);

	CHECK_INT(stream_text("{\"products\":[{\"id\":\"a\"},{\"id\":\"b\"}]}", &s, NULL), 0);
	CHECK_INT(s.count, 2);
	CHECK_STR(s.ids[1], "b");

	CHECK_INT(stream_text("\xEF\xBB\xBF[\n{\"id\":\"a\"},\n{\"id\":\"b\"}\n]", &s, NULL), 0);
	CHECK_INT(s.count, 2);
	CHECK_INT(s.lines[1], 3);

	CHECK_INT(stream_text("{\"id\":\"a\",\"variants\":[]}\n{\"id\":\"b\"}\n\n{\"id\":\"c\"}\n", &s, NULL), 0);
	CHECK_INT(s.count, 3); /* JSON Lines */
	CHECK_INT(s.lines[2], 4);

	CHECK_INT(stream_text("{\"code\":0,\"data\":{\"total\":2,\"products\":[{\"id\":\"x\"},{\"id\":\"y\"}],\"next_page_token\":\"\"}}", &s, NULL), 0);
	CHECK_INT(s.count, 2); /* TikTok Shop envelope */

	CHECK_INT(stream_text("{\"meta\":{\"a\":[1,2,{\"b\":\"}\"}]},\"products\":[{\"id\":\"a\"}],\"x\":1}", &s, NULL), 0);
	CHECK_INT(s.count, 1); /* members before and after the array, braces inside strings */

	CHECK_INT(stream_text("{\"products\":[]}", &s, NULL), 0);
	CHECK_INT(s.count, 0);

	CHECK_INT(stream_text("", &s, NULL), EXIT_INPUT);
	CHECK_INT(stream_text("{\"products\":[{\"id\":\"a\"},{\"id\":", &s, NULL), EXIT_INPUT);
	CHECK_INT(s.count, 1); /* records before the cut were handed on; the caller must not publish */
	CHECK_INT(stream_text("{\"products\":[{\"id\":\"a\"} {\"id\":\"b\"}]}", &s, NULL), EXIT_INPUT);
	CHECK_INT(stream_text("<html>", &s, NULL), EXIT_INPUT);
	CHECK_INT(stream_text("{\"products\":[{\"id\":\"a\",}]}", &s, NULL), EXIT_INPUT); /* trailing comma */

	/* lenient: a bad record is a finding and the rest goes on */
	CHECK_INT(stream_text("[{\"id\":\"a\",},{\"id\":\"b\"}]", &s, &f), 0);
	CHECK_INT(s.count, 1);
	CHECK_INT(f.n, 1);
	CHECK(f.n && f.v[0].severity == SEV_ERROR && !strcmp(f.v[0].rule, "record"));
	CHECK(f.n && f.v[0].line == 1 && f.v[0].column > 1);
	findings_clear(&f);

	CHECK_INT(stream_text("[{\"id\":\"a\xff\"},{\"id\":\"b\"}]", &s, &f), 0);
	CHECK_INT(s.count, 2);
	CHECK_STR(s.ids[0], "a\xEF\xBF\xBD");
	CHECK(f.n == 1 && !strcmp(f.v[0].rule, "invalid-utf8") && f.v[0].severity == SEV_WARNING);
	findings_release(&f);

	/* a large catalog streams through a small window: records bigger than the first read */
	{
		struct strbuf big = STRBUF_INIT;
		strbuf_addstr(&big, "{\"products\":[");
		for (int i = 0; i < 3000; i++) {
			strbuf_addf(&big, "%s{\"id\":\"p%d\",\"body_html\":\"", i ? "," : "", i);
			for (int k = 0; k < 100; k++)
				strbuf_addstr(&big, "lorem ipsum \\\"quoted\\\" [brackets] {braces} ");
			strbuf_addstr(&big, "\"}");
		}
		strbuf_addstr(&big, "]}");
		CHECK_INT(stream_text(big.buf, &s, NULL), 0);
		CHECK_INT(s.count, 3000);
		CHECK_STR(s.ids[15], "p15");
		strbuf_release(&big);
	}
	return CHECK_DONE();
}
