/* secrets.h: the registry of the credential values a run knows, and the masking that keeps
 * them out of every text feedgen prints or writes (messages, reports, snapshots, URLs in
 * messages and record sources, records fetched from an API).
 * Owns: copies of the registered values and of the forms they are sent in (URL-encoded,
 * HTTP Basic base64). Register before any thread starts (main() calls secrets_from_env());
 * after that the registry is only read, so masking is safe from any thread. Masking an empty
 * registry costs one comparison. Values shorter than SECRET_MIN_LEN bytes are not registered:
 * masking them would mangle ordinary text, and no shop issues credentials that short. */
#ifndef FEEDGEN_SECRETS_H
#define FEEDGEN_SECRETS_H
#include <stddef.h>
#include <jansson.h>

#define SECRET_MIN_LEN 4
#define SECRET_MASK "***"

struct strbuf;
/* Register every credential variable feedgen reads (SHOPIFY_ACCESS_TOKEN, WOOCOMMERCE_*,
 * TIKTOK_SHOP_*, FEEDGEN_VOUCHER_SECRET) that is set, with its URL-encoded form, and the
 * base64 of WooCommerce's "key:secret" (the Authorization header). */
void secrets_from_env(void);
/* Register one value (copied) and its URL-encoded form. */
void secret_register(const char *value);
/* Register the HTTP Basic form base64("user:password"). */
void secret_register_basic(const char *user, const char *password);
/* Number of registered forms (0: masking is a no-op). */
size_t secrets_count(void);
/* Replace every occurrence of a registered form in sb by SECRET_MASK; returns how many. */
size_t secrets_mask(struct strbuf *sb);
/* A masked copy of s (malloc'd) when s holds a registered form, else NULL. */
char *secrets_masked_dup(const char *s);
/* Mask every string value and key inside a JSON value, in place (records from an API). */
void secrets_mask_json(json_t *j);
/* Forget everything (tests). */
void secrets_clear(void);
#endif
