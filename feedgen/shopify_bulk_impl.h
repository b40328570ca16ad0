/* shopify_bulk_impl.h: what shopify_bulk_convert.c (one object's GraphQL names into REST's)
 * gives shopify_bulk.c (the lines of a bulk export assembled into products); nothing else
 * includes it.
 * Owns: nothing (see each call). */
#ifndef FEEDGEN_SHOPIFY_BULK_IMPL_H
#define FEEDGEN_SHOPIFY_BULK_IMPL_H
#include <jansson.h>

/* What a line of a bulk export is: by its gid's type, its __typename, else by its keys. */
enum bulk_kind { BULK_OTHER, BULK_PRODUCT, BULK_VARIANT, BULK_IMAGE, BULK_LEVEL };
enum bulk_kind bulk_kind_of(json_t *g);

/* A REST-shaped product (a new reference) of product object g, with empty "images" and
 * "variants" arrays for the calls below. */
json_t *bulk_convert_product(json_t *g);
/* Variant object g appended to product p's variants (and its image to p's images); returns the
 * variant, borrowed from p. */
json_t *bulk_convert_variant(json_t *p, json_t *g);
/* Image object g added to product p's images (once per id or URL). */
void bulk_convert_image(json_t *p, json_t *g);
/* The "available" quantity of inventory level object g (0 when it names none). */
long bulk_level_available(json_t *g);
/* p's variants in their "position" order, when every variant has one. */
void bulk_sort_variants(json_t *p);
#endif
