/* fuzz_page.c: libFuzzer target for the page checker of `feedgen fetch` (fetch_page.c), against
 * jansson: the checker must accept exactly the bodies jansson decodes, and its records (the
 * body's bytes or their compact copy) must decode to the elements of jansson's "products".
 * Owns: the page state of each input. */
#include "fetch_page.h"
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fetch_page pg;
	struct strbuf why = STRBUF_INIT, line = STRBUF_INIT;
	json_t *want = json_loadb((const char *)data, size, JSON_ALLOW_NUL, NULL), *arr;
	int rc;

	fetch_page_init(&pg, "products");
	rc = fetch_page_check(&pg, 200, (const char *)data, size, &why);
	if (rc != (want ? 0 : 1) || (rc && !why.len))
		abort();
	arr = json_object_get(want, "products");
	if (want && !pg.json) {
		/* the fast path: the same array, element by element */
		if (pg.has_array != json_is_array(arr) || (pg.has_array && pg.n != json_array_size(arr)))
			abort();
		for (size_t i = 0; i < pg.n; i++) {
			json_t *got;
			if (fetch_page_line(&pg, i, &line))
				abort();
			got = json_loadb(line.buf, line.len, JSON_ALLOW_NUL | JSON_DECODE_ANY, NULL);
			if (!got || !json_equal(got, json_array_get(arr, i)) ||
			    fetch_page_is_object(&pg, i) != json_is_object(got))
				abort();
			json_decref(got);
		}
	}
	json_decref(want);
	strbuf_release(&why);
	strbuf_release(&line);
	fetch_page_release(&pg);
	return 0;
}
