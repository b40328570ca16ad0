/* fuzz_mapped.c: libFuzzer target for the mapped-record path (mapping.c, mapping_read.c): input
 * byte 0 picks one of four mappings (a PIM JSON with variants and [N:], a ';' CSV, a records
 * path "data.items", or the input's own mapping: the text up to the first NUL byte) and whether
 * a shop URL is given; the rest is the catalog file, streamed as JSON or CSV. Every item must
 * have an id and pass the record targets' checks (fuzz_normalize.h: valid UTF-8, prices).
 * Owns: the mapping, the file and the normaliser of each input. */
#include "fuzz_file.h"
#include "fuzz_normalize.h"
#include "mapping.h"

static const char *const mappings[] = {
	"{\"records\": \"products\", \"variants\": \"variants\", \"fields\": {\"id\": \"variants[].sku\", \"item_group_id\": \"code\","
	" \"title\": \"name\", \"description\": \"text\", \"price\": \"variants[].was\", \"sale_price\": \"variants[].price.amount\","
	" \"currency\": \"variants[].price.currency\", \"quantity\": \"variants[].stock\", \"gtin\": \"variants[].ean\","
	" \"image_link\": \"images[0]\", \"additional_image_link\": \"images[1:]\", \"link\": \"url\", \"cost\": \"cost\"},"
	" \"defaults\": {\"condition\": \"new\", \"brand\": \"B\"}}",
	"{\"format\": \"csv\", \"delimiter\": \";\", \"fields\": {\"id\": \"sku\", \"title\": \"name\", \"price\": \"price\","
	" \"sale_price\": \"sale\", \"quantity\": \"stock\", \"currency\": \"cur\", \"additional_image_link\": \"more\","
	" \"link\": \"url\", \"description\": \"text\"}}",
	"{\"records\": \"data.items\", \"fields\": {\"id\": \"id\", \"title\": \"t\", \"price\": \"p\", \"promotion_id\": \"promo\","
	" \"additional_image_link\": \"imgs\"}, \"defaults\": {\"currency\": \"JPY\", \"price\": \"5\"}}",
};

static int on_item(void *arg, struct item *it)
{
	if (!it->field[ITEM_ID].len)
		abort(); /* a record without an id is skipped, never an item */
	return fuzz_on_item(arg, it);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct normalize_options opt = { 0 };
	struct mapping *m = NULL;
	struct normalizer n;
	const uint8_t *file = data + 1;
	size_t len = size ? size - 1 : 0;
	const char *path;
	FILE *fp;

	if (size < 1)
		return 0;
	msg_set_quiet(1);
	if ((data[0] & 3) == 3) { /* the input's own mapping, then the catalog */
		const uint8_t *nul = memchr(file, 0, len);
		char *text;
		if (!nul)
			return 0;
		text = strndup((const char *)file, (size_t)(nul - file));
		if (*text == '{')
			mapping_load(text, &m);
		free(text);
		len -= (size_t)(nul - file) + 1;
		file = nul + 1;
	} else {
		mapping_load(mappings[data[0] & 3], &m);
	}
	if (!m)
		return 0;
	if (!(path = fuzz_file(file, len, ".dat")) || !(fp = fopen(path, "rb"))) {
		mapping_free(m);
		return 0;
	}
	opt.currency = "EUR";
	opt.currency_decimals = 2;
	opt.shop_url = (data[0] & 4) ? NULL : "https://shop.example";
	normalizer_init(&n, &opt, NULL, on_item, NULL);
	mapping_read_catalog(m, &n, fp, "fuzz");
	normalizer_release(&n);
	fclose(fp);
	mapping_free(m);
	return 0;
}
