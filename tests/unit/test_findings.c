/* test_findings.c: unit tests for the findings cap (finding.c) and how a report counts what a
 * list dropped (issue 9 defect 6). Owns: its lists and report. */
#include "check.h"
#include "finding.h"
#include "report.h"
#include "strbuf.h"
#include <jansson.h>
#include <stdlib.h>
#include <unistd.h>

static void test_cap(void)
{
	struct findings f = FINDINGS_INIT, g = FINDINGS_INIT;
	struct finding *x;

	f.max = 2;
	findings_add(&f, SEV_WARNING, "stock", "A", NULL, "one");
	findings_add(&f, SEV_WARNING, "stock", "B", NULL, "two");
	x = findings_add(&f, SEV_ERROR, "record", NULL, NULL, "three");
	x->source = strdup("cat.json"); /* callers set fields on what they get back, kept or not */
	x = findings_add(&f, SEV_ERROR, "record", NULL, NULL, "four");
	x->source = strdup("cat.json");
	findings_add(&f, SEV_WARNING, "stock", "C", NULL, "five");
	CHECK_INT(f.n, 2);
	CHECK_INT(findings_dropped(&f), 3);
	CHECK_INT(f.ndropped, 2);
	CHECK(findings_has_error(&f)); /* an error is an error even when not listed */

	g.max = 3;
	findings_add(&g, SEV_WARNING, "gtin-check", "Z", NULL, "zero");
	findings_move(&g, &f);
	CHECK_INT(f.n, 0);
	CHECK_INT(findings_dropped(&f), 0);
	CHECK_INT(g.n, 3);
	CHECK_INT(findings_dropped(&g), 3);
	CHECK_STR(g.v[2].id, "B");
	findings_release(&f);
	findings_release(&g);
}

static void test_report_counts(void)
{
	struct findings f = FINDINGS_INIT;
	struct report r;

	report_init(&r, "validate");
	r.max_kept = 2;
	f.max = 3;
	for (int i = 0; i < 10; i++)
		findings_add(&f, i % 2 ? SEV_ERROR : SEV_WARNING, "record", NULL, NULL, "bad %d", i);
	report_take(&r, &f, NULL);
	CHECK_INT(r.kept.n, 2);
	CHECK_INT(r.not_kept, 8);  /* one past the report's cap, seven past the list's */
	CHECK_INT(r.errors, 5);
	CHECK_INT(r.warnings, 5);
	CHECK_INT(r.nrules, 1);
	CHECK_INT(r.rules[0].errors, 5);
	CHECK_INT(r.rules[0].warnings, 5);
	CHECK_INT(findings_dropped(&f), 0);
	findings_release(&f);
	report_release(&r);
}

/* The JSON report is written one finding at a time: its bytes must be what jansson prints for
 * the whole document (JSON_INDENT(2), order kept, ASCII), with none or many findings. */
static void check_json_layout(struct report *r)
{
	char path[] = "/tmp/feedgen-test-report-XXXXXX";
	int fd = mkstemp(path);
	json_error_t err;
	json_t *doc;
	char *want = NULL;
	struct strbuf got = STRBUF_INIT;
	FILE *fp;

	close(fd);
	CHECK_INT(report_write(r, REPORT_JSON, path), 0);
	if ((fp = fopen(path, "rb"))) {
		char buf[4096];
		size_t n;
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			strbuf_add(&got, buf, n);
		fclose(fp);
	}
	unlink(path);
	doc = json_loads(got.buf, 0, &err);
	CHECK(doc != NULL);
	if (doc)
		want = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	if (want) {
		CHECK(got.len == strlen(want) + 1 && !strncmp(got.buf, want, strlen(want)));
		CHECK(got.buf[got.len - 1] == '\n');
	}
	free(want);
	json_decref(doc);
	strbuf_release(&got);
}

static void test_json_layout(void)
{
	struct findings f = FINDINGS_INIT;
	struct report r;
	struct finding *x;

	report_init(&r, "build");
	check_json_layout(&r);
	x = findings_add(&f, SEV_ERROR, "required", "SKU\n1\xe2\x80\xae", "image_link", "missing");
	x->source = strdup("cat.json");
	x->line = 12;
	findings_add(&f, SEV_WARNING, "stock", NULL, NULL, "negative \"quantity\"");
	report_take(&r, &f, "tiktok");
	check_json_layout(&r);
	findings_release(&f);
	report_release(&r);
}

int main(void)
{
	test_cap();
	test_report_counts();
	test_json_layout();
	return CHECK_DONE();
}
