/* fuzz_bulk.c: libFuzzer target for the Shopify bulk-operation JSONL reader (shopify_bulk.c;
 * shopify_bulk_convert.c converts the GraphQL names): sniffing, then assembling children under
 * their parents, over a seekable in-memory FILE.
 * Owns: the in-memory FILE of each input. */
#include "fetch.h"
#include "msg.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_record(void *arg, json_t *record, const char *source, long line)
{
	(void)arg;
	(void)source;
	(void)line;
	if (!json_is_object(record)) /* the reader hands on assembled product objects only */
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp;

	if (!size) /* fmemopen() needs at least one byte */
		return 0;
	msg_set_quiet(1);
	fp = fmemopen((void *)(uintptr_t)data, size, "r");
	if (!fp)
		return 0;
	shopify_bulk_sniff(fp);
	shopify_bulk_stream(fp, "fuzz", on_record, NULL);
	fclose(fp);
	return 0;
}
