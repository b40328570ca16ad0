/* fuzz_shopify.c: libFuzzer target for the Shopify record normaliser (normalize_shopify.c): a
 * product (Admin REST, or the GraphQL and bulk shapes with variants under edges/node) into one
 * item per variant, each checked, and normalised again from the tree its key set keeps
 * (normalize_shopify_keys, as the workers decode it): the same items.
 * Owns: nothing beyond fuzz_normalize.h. */
#include "fuzz_normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_normalize(normalize_shopify_product, normalize_shopify_keys, data, size);
	return 0;
}
