/* fuzz_catalogcsv.c: libFuzzer target for the CSV product exports (catalog_csv.c,
 * catalog_csv_woo.c): input byte 0 picks the export asked for (any, Shopify, WooCommerce) and
 * whether a shop URL is given; the rest is the file. Every assembled product goes through its
 * dialect's normaliser, and every item is checked as the record targets check theirs
 * (fuzz_normalize.h: valid UTF-8, parsable prices).
 * Owns: the file, the normaliser of each input. */
#include "catalog_csv.h"
#include "fuzz_file.h"
#include "fuzz_normalize.h"

struct fuzz_run {
	struct normalizer n;
	enum dialect dialect;
};

static int on_record(void *arg, json_t *record, const char *source, long line)
{
	struct fuzz_run *run = arg;

	if (!json_is_object(record))
		abort(); /* the exports assemble objects only */
	if (run->dialect == DIALECT_WOOCOMMERCE)
		return normalize_woocommerce_product(&run->n, record, source, line);
	return normalize_shopify_product(&run->n, record, source, line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct normalize_options opt = { 0 };
	struct fuzz_run run;
	const char *path;
	FILE *fp;

	if (size < 1)
		return 0;
	msg_set_quiet(1);
	if (!(path = fuzz_file(data + 1, size - 1, ".csv")) || !(fp = fopen(path, "rb")))
		return 0;
	opt.currency = "EUR";
	opt.currency_decimals = 2;
	opt.shop_url = (data[0] & 4) ? NULL : "https://shop.example";
	run.dialect = DIALECT_SHOPIFY;
	normalizer_init(&run.n, &opt, NULL, fuzz_on_item, NULL);
	if (catalog_is_csv(fp))
		catalog_csv_stream(fp, "fuzz", (enum csv_catalog_kind)(data[0] % 3), opt.shop_url, &run.dialect, on_record, &run);
	normalizer_release(&run.n);
	fclose(fp);
	return 0;
}
