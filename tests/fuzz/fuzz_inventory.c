/* fuzz_inventory.c: libFuzzer target for the inventory CSV reader (inventory.c): header
 * columns, quantities, rows summed per SKU, the findings of unusable rows.
 * Owns: the index and findings of each input. */
#include "fuzz_file.h"
#include "inventory.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory_options opt = { NULL, NULL, NULL };
	struct findings findings = FINDINGS_INIT;
	struct inventory *inv;
	const char *path;
	long q;

	msg_set_quiet(1);
	if (!(path = fuzz_file(data, size, "")))
		return 0;
	inv = inventory_new();
	inventory_load(inv, path, &opt, NULL, &findings);
	/* a SKU the input cannot hold (the reader trims leading spaces) is never found */
	if (inventory_lookup(inv, " ", &q))
		abort();
	inventory_report_unused(inv, &findings);
	inventory_free(inv);
	findings_release(&findings);
	return 0;
}
