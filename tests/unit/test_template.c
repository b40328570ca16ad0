/* test_template.c: unit tests for template.c's shared templates (issue 12: a run's feeds of one
 * channel load one template, not one each): the same file gives the same template, each load
 * is matched by a free, the last free ends it and a later load reads the file again; a name
 * that is no template still fails. Templates from $TEMPLATES (tests/run.sh), else templates/.
 * Owns: nothing. */
#include "check.h"
#include "msg.h"
#include "strbuf.h"
#include "template.h"
#include <stdlib.h>
#include <string.h>

static char *template_path(const char *channel)
{
	struct strbuf sb = STRBUF_INIT;
	const char *dir = getenv("TEMPLATES");

	strbuf_addf(&sb, "%s/%s.json", dir && *dir ? dir : "templates", channel);
	return strbuf_detach(&sb, NULL);
}

static void test_shared(void)
{
	char *tiktok = template_path("tiktok"), *google = template_path("google");
	struct template *a = template_load(tiktok), *b = template_load(tiktok), *g = template_load(google);

	CHECK(a && b && g);
	if (!a || !b || !g)
		goto out;
	CHECK(a == b);                       /* one file, one template */
	CHECK(a != g);
	CHECK_STR(a->path, tiktok);
	template_free(b);                    /* a's reference still holds it */
	CHECK(a->nattrs > 0 && template_attr_index(a, "sku_id") == a->id_attr);
	b = template_load(tiktok);
	CHECK(b == a);
	template_free(b);
	template_free(a);                    /* the last: freed (ASan and valgrind see a leak else) */
	a = template_load(tiktok);           /* read again */
	CHECK(a && a->nattrs > 0 && template_attr_index(a, "sku_id") == a->id_attr);
	template_free(a);
	CHECK(g->nattrs > 0);                /* untouched by tiktok's frees */
	template_free(g);
	template_free(NULL);
out:
	free(tiktok);
	free(google);
}

static void test_missing(void)
{
	struct strbuf said = STRBUF_INIT;

	msg_hold(&said);
	CHECK(!template_load("no/such/template.json"));
	CHECK(strstr(said.buf, "no/such/template.json") != NULL);
	strbuf_reset(&said);
	CHECK(!template_load("no/such/template.json")); /* a failure is not kept: said again */
	CHECK(strstr(said.buf, "no/such/template.json") != NULL);
	msg_hold(NULL);
	strbuf_release(&said);
}

int main(void)
{
	test_shared();
	test_missing();
	return CHECK_DONE();
}
