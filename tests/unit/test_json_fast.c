/* test_json_fast.c: unit tests for the fast record reader (json_fast.c): hand-picked texts it
 * must decode to jansson's own tree (escapes, surrogate pairs, NUL in a value, duplicate keys,
 * integers and reals, depth 2048), texts it must decline as invalid (what json_loadb refuses)
 * or leave to jansson (long integers, exponents), the members a key set leaves out (and what it
 * still declines inside them), and every record of every JSON catalog in
 * ../shared/data/realworld (when present; never copied here) decoded to the same tree.
 * Owns: the trees it decodes. */
#define _GNU_SOURCE /* memmem: the answer json_fast_has_nul_escape must give */
#include "check.h"
#include "catalog.h"
#include "json_fast.h"
#include "strbuf.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* the same tree as json_loadb's: equal, and the same compact dump (types, key order) */
static int same_as_jansson(const char *text, size_t len, json_t *got)
{
	json_t *want = json_loadb(text, len, JSON_ALLOW_NUL, NULL);
	char *a = got ? json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	char *b = want ? json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	int same = a && b && json_equal(got, want) && !strcmp(a, b);

	free(a);
	free(b);
	json_decref(want);
	return same;
}

static const char *const accepted[] = {
	"{\"id\":7000000000,\"title\":\"Trail Cap\",\"tags\":[\"a\",\"b\"],\"ok\":true,\"no\":false,\"x\":null}",
	" {\n \"a\" : [ 1 , -2 , 0.5 ] ,\r\n\t\"o\" : { } , \"e\" : [ ] } \n",
	"{\"s\":\"q\\\"b\\\\s\\/f\\bf\\fn\\nr\\rt\\t\",\"u\":\"\\u00e9\\u20AC\\u0041\",\"k\\u00e9y\":1}",
	"{\"e\":\"\\ud83d\\ude00 \\uD834\\uDD1E\"}",
	"{\"n\":\"a\\u0000b\"}",
	"{\"a\":1,\"b\":2,\"a\":3,\"c\":{\"x\":1,\"x\":[2]}}",
	"[999999999999999999,-999999999999999999,0,-0,-0.0,0.1,19.99,0.30000000000000004,123456789012345.6]",
	"[0.0000000000000000000000001,100000000000000000000000.5,1.7976931348623157]",
	"{\"s\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}",
};

struct declined {
	const char *text;
	enum json_fast_decline why;
	size_t len; /* 0: strlen(text) */
};

static const struct declined declined[] = {
	{ "{\"s\":\"\\ud83d\"}", JSON_FAST_INVALID, 0 },           /* lone high surrogate */
	{ "{\"s\":\"\\ude00\"}", JSON_FAST_INVALID, 0 },           /* lone low surrogate */
	{ "{\"s\":\"\\ud83d\\ud83d\"}", JSON_FAST_INVALID, 0 },    /* high, then high */
	{ "{\"s\":\"\\x41\"}", JSON_FAST_INVALID, 0 },             /* no such escape */
	{ "{\"s\":\"\\u12g4\"}", JSON_FAST_INVALID, 0 },
	{ "{\"a\\u0000b\":1}", JSON_FAST_INVALID, 0 },             /* NUL in a key */
	{ "{\"s\":\"caf\xe9\"}", JSON_FAST_INVALID, 0 },           /* Latin-1, not UTF-8 */
	{ "{\"s\":\"\xc0\xaf\"}", JSON_FAST_INVALID, 0 },          /* overlong */
	{ "{\"s\":\"\xed\xa0\x80\"}", JSON_FAST_INVALID, 0 },      /* a surrogate in UTF-8 */
	{ "{\"s\":\"\xf4\x90\x80\x80\"}", JSON_FAST_INVALID, 0 },  /* past U+10FFFF */
	{ "{\"s\":\"a\tb\"}", JSON_FAST_INVALID, 0 },              /* a control character */
	{ "[01]", JSON_FAST_INVALID, 0 },
	{ "[1.]", JSON_FAST_INVALID, 0 },
	{ "[-]", JSON_FAST_INVALID, 0 },
	{ "[1,]", JSON_FAST_INVALID, 0 },
	{ "{\"a\":1,}", JSON_FAST_INVALID, 0 },
	{ "{\"a\" 1}", JSON_FAST_INVALID, 0 },
	{ "[truex]", JSON_FAST_INVALID, 0 },
	{ "\"text\"", JSON_FAST_INVALID, 0 },                      /* jansson decodes no scalar at the top */
	{ "{\"a\":1} x", JSON_FAST_INVALID, 0 },
	{ "{\"a\":1}{}", JSON_FAST_INVALID, 0 },
	{ "\xef\xbb\xbf{}", JSON_FAST_INVALID, 0 },
	{ "", JSON_FAST_INVALID, 0 },
	{ "{\"a\":[1,2", JSON_FAST_INVALID, 0 },
	{ "[9223372036854775807]", JSON_FAST_UNHANDLED, 0 },       /* 19 digits: jansson's strtoll decides */
	{ "[9223372036854775808]", JSON_FAST_UNHANDLED, 0 },       /* ... and refuses this one */
	{ "[1e5]", JSON_FAST_UNHANDLED, 0 },
	{ "[-2.5E-3]", JSON_FAST_UNHANDLED, 0 },
	{ "[94\0]", JSON_FAST_UNHANDLED, 5 }, /* jansson takes it as [94] (found by fuzz_jsonfast) */
};

static void test_accepted(void)
{
	for (size_t i = 0; i < sizeof(accepted) / sizeof(*accepted); i++) {
		enum json_fast_decline why = JSON_FAST_INVALID;
		json_t *got = json_fast_loadb(accepted[i], strlen(accepted[i]), &why);
		printf("# accepted[%zu]\n", i);
		CHECK(got && why == JSON_FAST_OK);
		CHECK(same_as_jansson(accepted[i], strlen(accepted[i]), got));
		json_decref(got);
	}
}

static void test_declined(void)
{
	for (size_t i = 0; i < sizeof(declined) / sizeof(*declined); i++) {
		enum json_fast_decline why = JSON_FAST_OK;
		const char *t = declined[i].text;
		size_t len = declined[i].len ? declined[i].len : strlen(t);
		json_t *got = json_fast_loadb(t, len, &why);
		printf("# declined[%zu]\n", i);
		CHECK(!got);
		CHECK_INT(why, declined[i].why);
		if (declined[i].why == JSON_FAST_INVALID) /* jansson refuses it too */
			CHECK(!json_loadb(t, len, JSON_ALLOW_NUL, NULL));
	}
}

/* The values themselves, not only "the same as jansson": types, bytes, key order. */
static void test_values(void)
{
	const char *t = "{\"b\":1,\"a\":[19.99,-0,7000000000,\"\\ud83d\\ude00\",\"x\\u0000y\"],\"b\":\"last\"}";
	json_t *v = json_fast_loadb(t, strlen(t), NULL), *a = json_object_get(v, "a");
	void *it = json_object_iter(v);

	CHECK(v && json_object_size(v) == 2);
	CHECK_STR(json_object_iter_key(it), "b"); /* the duplicate keeps the first one's place */
	CHECK_STR(json_string_value(json_object_get(v, "b")), "last");
	CHECK(json_is_real(json_array_get(a, 0)) && json_real_value(json_array_get(a, 0)) == 19.99);
	CHECK(json_is_integer(json_array_get(a, 1)) && json_integer_value(json_array_get(a, 1)) == 0);
	CHECK(json_integer_value(json_array_get(a, 2)) == 7000000000LL);
	CHECK_STR(json_string_value(json_array_get(a, 3)), "\xf0\x9f\x98\x80");
	CHECK(json_string_length(json_array_get(a, 4)) == 3 && !memcmp(json_string_value(json_array_get(a, 4)), "x\0y", 3));
	json_decref(v);
}

/* jansson's limit: every value counts one level, 2048 at most. */
static void test_depth(void)
{
	for (int n = 2047; n <= 2049; n++) {
		struct strbuf s = STRBUF_INIT;
		json_t *v;
		enum json_fast_decline why;
		for (int i = 1; i < n; i++)
			strbuf_addch(&s, '[');
		strbuf_addch(&s, '1');
		for (int i = 1; i < n; i++)
			strbuf_addch(&s, ']');
		v = json_fast_loadb(s.buf, s.len, &why);
		printf("# a number at depth %d\n", n);
		CHECK(n <= 2048 ? v != NULL : v == NULL && why == JSON_FAST_INVALID);
		CHECK(n <= 2048 ? same_as_jansson(s.buf, s.len, v) : !json_loadb(s.buf, s.len, 0, NULL));
		json_decref(v);
		strbuf_release(&s);
	}
}

struct realworld {
	size_t records, declined, differ;
	size_t documents, documents_differ; /* each file whole, wrapper and all */
};

static int compare_record(void *arg, const char *bytes, size_t len, long line, long col)
{
	struct realworld *rw = arg;
	json_t *got = json_fast_loadb(bytes, len, NULL);

	rw->records++;
	if (!got)
		rw->declined++;
	else if (!same_as_jansson(bytes, len, got))
		rw->differ++;
	json_decref(got);
	return 0;
}

/* Every record of every JSON catalog under dir (recursively), split by catalog_scan. */
static void realworld_dir(const char *dir, struct realworld *rw, int *files)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		struct strbuf path = STRBUF_INIT, error = STRBUF_INIT;
		size_t n = strlen(e->d_name);
		FILE *fp;
		if (e->d_name[0] == '.')
			continue;
		strbuf_addf(&path, "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR) {
			realworld_dir(path.buf, rw, files);
		} else if (((n > 5 && !strcmp(e->d_name + n - 5, ".json")) || (n > 6 && !strcmp(e->d_name + n - 6, ".jsonl"))) &&
			   (fp = fopen(path.buf, "rb"))) {
			struct strbuf doc = STRBUF_INIT;
			char buf[65536];
			size_t got;
			json_t *v;
			(*files)++;
			catalog_scan(fp, path.buf, 0, compare_record, rw, &error);
			rewind(fp);
			while ((got = fread(buf, 1, sizeof(buf), fp)) > 0)
				strbuf_add(&doc, buf, got);
			fclose(fp);
			v = json_fast_loadb(doc.buf, doc.len, NULL);
			rw->documents++;
			if (v && !same_as_jansson(doc.buf, doc.len, v))
				rw->documents_differ++;
			json_decref(v);
			strbuf_release(&doc);
		}
		strbuf_release(&path);
		strbuf_release(&error);
	}
	if (d)
		closedir(d);
}

/* json_fast_has_nul_escape answers as memmem(buf, len, "\\u0000", 6) did: hand-picked texts
 * (the escape at either end, cut short, after an escaped backslash) and 200,000 random ones
 * over the escape's own bytes */
static void test_nul_escape(void)
{
	static const char *const texts[] = { "", "\\", "\\u0000", "x\\u0000", "\\u000", "\\u00000",
					     "\\\\u0000", "\\u0001\\u0000", "\\\\\\", "a\\nb", "\\U0000" };
	static const char alphabet[] = "\\u0a";
	unsigned seed = 12;
	size_t same = 0, found = 0;
	char buf[24];

	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		size_t n = strlen(texts[i]);
		CHECK(json_fast_has_nul_escape(texts[i], n) == (memmem(texts[i], n, "\\u0000", 6) != NULL));
	}
	CHECK(json_fast_has_nul_escape("x\\u0000", 7) && !json_fast_has_nul_escape("x\\u0000", 6));
	for (int t = 0; t < 200000; t++) {
		size_t n = (size_t)(t % (int)sizeof(buf));
		int want;
		for (size_t k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			buf[k] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		want = memmem(buf, n, "\\u0000", 6) != NULL;
		found += (size_t)want;
		same += json_fast_has_nul_escape(buf, n) == want;
	}
	printf("# nul escape: %zu of 200000 random texts hold one\n", found);
	CHECK(same == 200000 && found > 100);
}

/* json_fast_loadb_keys: the members not in the set are left out at every depth, but not below a
 * JSON_FAST_WHOLE one; what json_fast_loadb declines inside a left-out member, it declines. */
static void test_keys(void)
{
	static const char *const keep[] = { "variants", "sku", "", NULL }, *const whole[] = { "id", NULL };
	static const struct declined declined_keys[] = {
		{ "{\"x\":[1,}", JSON_FAST_INVALID, 0 },
		{ "{\"x\":{\"a\\u0000\":1}}", JSON_FAST_INVALID, 0 },
		{ "{\"x\":\"\\ud83d\"}", JSON_FAST_INVALID, 0 },
		{ "{\"x\":tru}", JSON_FAST_INVALID, 0 },
		{ "{\"x\":1e5}", JSON_FAST_UNHANDLED, 0 },
		{ "{\"x\":[12345678901234567890]}", JSON_FAST_UNHANDLED, 0 },
		{ "{\"x\":0.1234567890123456789012345678901234567890123456789012345678901234}", JSON_FAST_UNHANDLED, 0 },
	};
	const char *t = "{\"id\":{\"a\":1,\"sku\":2},\"x\":{\"y\":[1,\"s\\n\",null,true,false,-0.5,{}]},"
			"\"variants\":[{\"sku\":\"A\",\"grams\":5,\"id\":[{\"b\":1}]},{\"taxable\":true}],\"\":0,\"sku\":1}";
	struct json_fast_keys set;
	enum json_fast_decline why = JSON_FAST_INVALID;
	json_t *v;
	char *dump;

	memset(&set, 0, sizeof(set));
	CHECK(!json_fast_keys_add(&set, whole, JSON_FAST_WHOLE) && !json_fast_keys_add(&set, keep, JSON_FAST_KEEP));
	CHECK(!json_fast_keys_add(&set, whole, JSON_FAST_KEEP) && set.n == 4); /* added once, as it was */
	CHECK_INT(json_fast_keys_how(&set, "id", 2), JSON_FAST_WHOLE);
	CHECK_INT(json_fast_keys_how(&set, "sku", 3), JSON_FAST_KEEP);
	CHECK_INT(json_fast_keys_how(&set, "sk", 2), JSON_FAST_DROP);
	CHECK_INT(json_fast_keys_how(&set, "", 0), JSON_FAST_KEEP);
	v = json_fast_loadb_keys(t, strlen(t), &set, &why);
	dump = v ? json_dumps(v, JSON_COMPACT) : NULL;
	CHECK(v && why == JSON_FAST_OK);
	CHECK_STR(dump, "{\"id\":{\"a\":1,\"sku\":2},\"variants\":[{\"sku\":\"A\",\"id\":[{\"b\":1}]},{}],\"\":0,\"sku\":1}");
	free(dump);
	json_decref(v);
	for (size_t i = 0; i < sizeof(declined_keys) / sizeof(*declined_keys); i++) {
		const char *d = declined_keys[i].text;
		printf("# declined_keys[%zu]\n", i);
		why = JSON_FAST_OK;
		CHECK(!json_fast_loadb_keys(d, strlen(d), &set, &why));
		CHECK_INT(why, declined_keys[i].why);
	}
	/* a full set refuses more names */
	{
		static char names[JSON_FAST_KEY_SLOTS / 2 + 1][8];
		const char *list[JSON_FAST_KEY_SLOTS / 2 + 2];
		struct json_fast_keys full;
		size_t k;
		memset(&full, 0, sizeof(full));
		for (k = 0; k <= JSON_FAST_KEY_SLOTS / 2; k++) {
			snprintf(names[k], sizeof(names[k]), "k%zu", k);
			list[k] = names[k];
		}
		list[k] = NULL;
		CHECK(json_fast_keys_add(&full, list, JSON_FAST_KEEP) < 0 && full.n == JSON_FAST_KEY_SLOTS / 2);
		CHECK_INT(json_fast_keys_how(&full, "k0", 2), JSON_FAST_KEEP);
	}
}

static void test_realworld(void)
{
	const char *top = getenv("TOP");
	struct strbuf dir = STRBUF_INIT;
	struct realworld rw = { 0, 0, 0, 0, 0 };
	int files = 0;

	strbuf_addf(&dir, "%s/../shared/data/realworld", top ? top : ".");
	realworld_dir(dir.buf, &rw, &files);
	if (!files) {
		printf("ok - realworld catalogs # SKIP %s absent\n", dir.buf);
	} else {
		printf("# realworld: %d files, %zu records, %zu declined, %zu differ; whole files: %zu differ\n", files,
		       rw.records, rw.declined, rw.differ, rw.documents_differ);
		CHECK(rw.records > 0 && rw.differ == 0);
		CHECK(rw.documents == (size_t)files && rw.documents_differ == 0);
	}
	strbuf_release(&dir);
}

int main(void)
{
	test_accepted();
	test_keys();
	test_declined();
	test_values();
	test_depth();
	test_nul_escape();
	test_realworld();
	return CHECK_DONE();
}
