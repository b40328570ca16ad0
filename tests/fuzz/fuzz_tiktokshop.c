/* fuzz_tiktokshop.c: libFuzzer target for the TikTok Shop record normaliser
 * (normalize_tiktokshop.c): a product into one item per SKU (seller_sku, price, stock summed
 * over warehouses, images, description, brand, GTIN, link).
 * Owns: nothing beyond fuzz_normalize.h. */
#include "fuzz_normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_normalize(normalize_tiktokshop_product, normalize_tiktokshop_keys, data, size);
	return 0;
}
