/* fuzz_jsonfast.c: libFuzzer target for the fast record reader (json_fast.c) against jansson:
 * whatever json_loadb(JSON_ALLOW_NUL) refuses, json_fast declines; whatever json_fast accepts,
 * json_loadb accepts too, with the same tree (json_equal, and the same compact dump: same
 * types, integer or real, same key order); and it never declines as invalid what jansson takes.
 * Owns: the two trees of each input. */
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
	json_decref(want);
	json_decref(got);
	return 0;
}
