/* fuzz_jsonfast.c: libFuzzer target for the fast record reader (json_fast.c) against jansson:
 * whatever json_loadb(JSON_ALLOW_NUL) refuses, json_fast declines; whatever json_fast accepts,
 * json_loadb accepts too, with the same tree (json_equal, and the same compact dump: same
 * types, integer or real, same key order); and it never declines as invalid what jansson takes.
 * With a key set (json_fast_loadb_keys), whatever it accepts jansson accepts, and its tree is
 * jansson's with the members not in the set left out (but below a JSON_FAST_WHOLE one).
 * Owns: the trees of each input. */
#include "json_fast.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_dump(const json_t *a, const json_t *b)
{
	char *da = json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY), *db = json_dumps(b, JSON_COMPACT | JSON_ENCODE_ANY);
	int same = da && db && !strcmp(da, db);

	free(da);
	free(db);
	return same;
}

/* v with the members not in set removed, at every depth but below a JSON_FAST_WHOLE member */
static void drop_unlisted(json_t *v, const struct json_fast_keys *set)
{
	const char *key;
	size_t i;
	json_t *x;
	void *tmp;

	if (json_is_array(v))
		json_array_foreach(v, i, x)
			drop_unlisted(x, set);
	if (!json_is_object(v))
		return;
	json_object_foreach_safe(v, tmp, key, x) {
		enum json_fast_keep how = json_fast_keys_how(set, key, strlen(key));
		if (how == JSON_FAST_DROP)
			json_object_del(v, key);
		else if (how == JSON_FAST_KEEP)
			drop_unlisted(x, set);
	}
}

static void check_keys(const uint8_t *data, size_t size, json_t *want)
{
	static const char *const keep[] = { "a", "b", "variants", "sku", "", NULL }, *const whole[] = { "id", NULL };
	struct json_fast_keys set;
	enum json_fast_decline why = JSON_FAST_OK;
	json_t *got;

	memset(&set, 0, sizeof(set));
	json_fast_keys_add(&set, whole, JSON_FAST_WHOLE);
	json_fast_keys_add(&set, keep, JSON_FAST_KEEP);
	got = json_fast_loadb_keys((const char *)data, size, &set, &why);
	if (!got && why == JSON_FAST_OK)
		abort();
	if (got && !want)
		abort(); /* accepted what jansson refuses */
	if (got) {
		json_t *cut = json_deep_copy(want);
		drop_unlisted(cut, &set);
		if (!json_equal(got, cut) || !same_dump(got, cut))
			abort(); /* another tree */
		json_decref(cut);
	}
	json_decref(got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum json_fast_decline why = JSON_FAST_OK;
	json_t *want = json_loadb((const char *)data, size, JSON_ALLOW_NUL, NULL);
	json_t *got = json_fast_loadb((const char *)data, size, &why);

	if (!want && got)
		abort(); /* accepted what jansson refuses */
	if (!got && why == JSON_FAST_OK)
		abort(); /* NULL without a reason */
	if (got && (why != JSON_FAST_OK || !json_equal(got, want) || !same_dump(got, want)))
		abort(); /* another tree */
	if (want && !got && why == JSON_FAST_INVALID)
		abort(); /* called invalid what jansson takes (a decline that costs a second decode) */
	check_keys(data, size, want);
	json_decref(want);
	json_decref(got);
	return 0;
}
