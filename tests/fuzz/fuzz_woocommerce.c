/* fuzz_woocommerce.c: libFuzzer target for the WooCommerce record normaliser
 * (normalize_woocommerce.c): a REST v3 product (variations embedded) into one item, or one
 * per variation of a variable product (prices as strings or numbers, stock, images).
 * Owns: nothing beyond fuzz_normalize.h. */
#include "fuzz_normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_normalize(normalize_woocommerce_product, normalize_woocommerce_keys, data, size);
	return 0;
}
