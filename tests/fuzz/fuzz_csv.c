/* fuzz_csv.c: libFuzzer target for the CSV reader (csv.c) and writer round trip.
 * Owns: the in-memory FILE it reads each input from. */
#include "csv.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader r;
	struct strbuf out = STRBUF_INIT;
	FILE *fp;
	char sep;
	size_t i;
	int rc;

	if (size < 2) /* fmemopen() needs at least one byte; empty input is a unit test */
		return 0;
	/* first byte picks the separator and a small field cap, to reach the limit paths */
	sep = (data[0] & 1) ? '\t' : ',';
	fp = fmemopen((void *)(uintptr_t)(data + 1), size - 1, "r");
	if (!fp)
		return 0;
	csv_reader_init(&r, fp, sep);
	if (data[0] & 2)
		r.max_field = 16;
	while ((rc = csv_read(&r)) == 1) {
		if (r.nfields < 1 || r.line < 1 || r.next_line < r.line)
			abort();
		strbuf_reset(&out);
		for (i = 0; i < r.nfields; i++) {
			if (r.fields[i][r.lengths[i]] != '\0')
				abort();
			csv_add_field(&out, r.fields[i], r.lengths[i], sep);
		}
	}
	if (rc == -1 && !r.error[0])
		abort();
	csv_reader_release(&r);
	fclose(fp);
	strbuf_release(&out);
	return 0;
}
