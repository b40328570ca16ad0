/* fuzz_catalog.c: libFuzzer target for the streaming JSON catalog reader (catalog.c; its records
 * decoded by catalog_decode.c), over a FILE (catalog_stream_lenient) and over a buffer
 * (catalog_stream_buffer).
 * Owns: the in-memory FILE and the findings list of each input, released after it. */
#include "catalog.h"
#include "finding.h"
#include "msg.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_record(void *arg, json_t *record, const char *source, long line)
{
	(void)arg;
	(void)record;
	(void)source;
	(void)line;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct findings findings = FINDINGS_INIT;
	FILE *fp;

	msg_set_quiet(1);
	catalog_stream_buffer((const char *)data, size, "fuzz", on_record, NULL);
	if (!size) /* fmemopen() needs at least one byte */
		return 0;
	fp = fmemopen((void *)(uintptr_t)data, size, "r");
	if (!fp)
		return 0;
	catalog_stream_lenient(fp, "fuzz", 0, on_record, NULL, &findings);
	fclose(fp);
	findings_release(&findings);
	return 0;
}
