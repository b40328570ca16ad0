/* fuzz_feedsrc.c: libFuzzer target for existing feeds as catalogs (catalog_feed.c): input byte 0
 * picks the --catalog-type (detected or "feed"), the source channel (given as a template path,
 * or detected from the first item), the run's currency and an inventory to join; the rest is
 * the file. Detection, the feed readers and every row turned into an item run as in a build,
 * and every item is checked as the record targets check theirs (fuzz_normalize.h: valid UTF-8,
 * parsable prices).
 * Owns: the file, the inventory and the normaliser of each input. */
#include "catalog_feed.h"
#include "fuzz_file.h"
#include "fuzz_normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const channels[] = { NULL, "templates/google.json", "templates/meta.json",
						"templates/tiktok.json" };
	static const char *const currencies[] = { "USD", "JPY" };
	struct normalize_options opt = { 0 };
	struct inventory *inv = NULL;
	struct normalizer n;
	const char *path, *type = (data && size && (data[0] & 1)) ? "feed" : NULL;
	int is_feed = 0;
	FILE *fp;

	if (size < 1)
		return 0;
	msg_set_quiet(1);
	if (!(path = fuzz_file(data + 1, size - 1, "")) || !(fp = fopen(path, "rb")))
		return 0;
	opt.currency = currencies[(data[0] >> 3) & 1];
	opt.currency_decimals = currency_decimals(opt.currency);
	if (data[0] & 16) {
		inv = inventory_new();
		inventory_add(inv, "SKU-1", 5);
		inventory_add(inv, "SKU-2", -2);
	}
	normalizer_init(&n, &opt, inv, fuzz_on_item, NULL);
	if (!catalog_feed_detect(type, fp, 1, "fuzz", &is_feed) && is_feed)
		catalog_feed_read(fp, 1, "fuzz", channels[(data[0] >> 1) & 3], &n); /* closes fp */
	else
		fclose(fp);
	normalizer_release(&n);
	if (inv)
		inventory_free(inv);
	return 0;
}
