/* voucher.h: the voucher of a retargeting feed: its code and discount, the funnel segments
 * it is for, unique per-SKU codes (HMAC-SHA256, OpenSSL), the discounted price, and the
 * ISO 8601 validity window in the formats Google and Meta take.
 * Owns: the product list it splits (products_buf) and the secret it copied (wiped on release). */
#ifndef FEEDGEN_VOUCHER_H
#define FEEDGEN_VOUCHER_H
#include <stddef.h>
#include "money.h"
#include "strbuf.h"
#include "dates.h"

/* The funnel segments a retargeting feed (and a voucher) is for. SEGMENT_NONE is the
 * prospecting feed (new audiences), which never carries a voucher. */
enum segment { SEGMENT_NONE = 0, SEGMENT_VIEWERS, SEGMENT_CART_ABANDONERS, SEGMENT_CHECKOUT_DROPOFFS, SEGMENT_COUNT };
#define SEGMENT_BIT(s) (1u << (s))
/* "viewers", "cart_abandoners", "checkout_dropoffs" ("" for SEGMENT_NONE); -1 when unknown. */
const char *segment_name(enum segment s);
int segment_from_name(const char *name);
/* Comma-separated segment names into a SEGMENT_BIT mask. Returns 0, or -1 with *bad set to
 * the (static copy of the) first unknown name. */
int segment_parse_list(const char *list, unsigned *mask, const char **bad);

#define VOUCHER_CODE_MIN 3
#define VOUCHER_CODE_MAX 20          /* the plain code; unique codes add '-' and 10 characters */
#define VOUCHER_UNIQUE_CHARS 10      /* Crockford base32 of the first 50 bits of the MAC */
#define VOUCHER_CAMPAIGN_MAX 40
#define VOUCHER_SECRET_ENV "FEEDGEN_VOUCHER_SECRET"
#define VOUCHER_SECRET_MIN 16        /* bytes */
#define PROMOTION_ID_MAX 50

struct voucher {
	const char *code;            /* --voucher-code; NULL: no voucher */
	long percent;                /* 1..99, or 0 */
	money_t amount;              /* amount off in the feed currency, or 0 */
	int has_window;
	long long from, until;       /* validity window, seconds since the epoch (UTC) */
	unsigned segments;           /* SEGMENT_BIT mask; default cart_abandoners only */
	const char *campaign;        /* default: the code */
	char **products;             /* ids or item_group_ids it is limited to; none: every item */
	size_t nproducts;
	char *products_buf;
	int unique;                  /* --unique-vouchers */
	int apply_price;             /* --voucher-apply-price */
	unsigned char *secret;       /* FEEDGEN_VOUCHER_SECRET (unique codes only) */
	size_t secret_len;
	char promotion_id[PROMOTION_ID_MAX + 1];
};

void voucher_init(struct voucher *v);
void voucher_release(struct voucher *v);
/* NULL when `code` is a valid plain code (3-20 of A-Z a-z 0-9 _ -, starting with a letter or
 * digit), else why it is not. */
const char *voucher_code_problem(const char *code);
/* NULL when `name` is a valid campaign name (1-40 of A-Z a-z 0-9 _ . -), else why not. */
const char *voucher_campaign_problem(const char *name);
/* Split a comma-separated product list (copied). */
void voucher_set_products(struct voucher *v, const char *list);
/* 1 when the voucher is for this item (its id or item group id is listed, or no list). */
int voucher_for_product(const struct voucher *v, const char *id, const char *group_id);
/* Read the secret from the environment. Returns 0, or EXIT_USAGE after a message naming the
 * variable (never its value). */
int voucher_load_secret(struct voucher *v);
/* The stable promotion id of code and campaign: "promo_CODE" or "promo_CODE_CAMPAIGN",
 * letters, digits, _ and - only, at most 50 characters (a longer one is cut and ends in 8
 * hex digits of its SHA-256, so it stays unique). */
void voucher_promotion_id(char out[PROMOTION_ID_MAX + 1], const char *code, const char *campaign);

/* Unique code: prefix '-' Crockford base32 (0-9 A-Z without I L O U) of the first 50 bits of
 * HMAC-SHA256(key, campaign NUL segment NUL sku). Appended to out. */
void voucher_unique_code(struct strbuf *out, const unsigned char *key, size_t keylen, const char *prefix,
			 const char *campaign, const char *segment, const char *sku);
/* 1 when `code` is exactly the code issued for campaign (NULL: the code's prefix), segment
 * and sku; 0 otherwise. Constant-time comparison. */
int voucher_verify(const unsigned char *key, size_t keylen, const char *code, const char *campaign,
		   const char *segment, const char *sku);

/* The price after the voucher, rounded half-up to `decimals`: percent: price*(100-p)/100;
 * amount: price - amount. May be zero or negative (the caller keeps the price then). */
money_t voucher_discounted(const struct voucher *v, money_t price, int decimals);
/* "10%" or "5.00 EUR". */
void voucher_discount_text(struct strbuf *out, const struct voucher *v, int decimals, const char *currency);

#endif
