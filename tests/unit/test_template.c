/* test_template.c: unit tests for template.c's shared templates (issue 12: a run's feeds of one
 * channel load one template, not one each): the same file gives the same template, each load
 * is matched by a free, the last free ends it and a later load reads the file again; a name
 * that is no template still fails. Templates from fixtures.h (tests/run.sh's $TEMPLATES).
 * Owns: nothing. */
#include "check.h"
#include "fixtures.h"
#include "msg.h"
#include "strbuf.h"
#include "template.h"
#include <stdlib.h>
#include <string.h>

static void test_shared(void)
{
	const struct template *a = fixture_template("tiktok"), *b = fixture_template("tiktok");
	const struct template *g = fixture_template("google");

	CHECK(a && b && g);
	if (!a || !b || !g)
		return;
	CHECK(a == b);                       /* one file, one template */
	CHECK(a != g);
	CHECK(strstr(a->path, "tiktok.json") != NULL);
	template_free(b);                    /* a's reference still holds it */
	CHECK(a->nattrs > 0 && template_attr_index(a, "sku_id") == a->id_attr);
	b = fixture_template("tiktok");
	CHECK(b == a);
	template_free(b);
	template_free(a);                    /* the last: freed (ASan and valgrind see a leak else) */
	a = fixture_template("tiktok");      /* read again */
	CHECK(a && a->nattrs > 0 && template_attr_index(a, "sku_id") == a->id_attr);
	template_free(a);
	CHECK(g->nattrs > 0);                /* untouched by tiktok's frees */
	template_free(g);
	template_free(NULL);
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
