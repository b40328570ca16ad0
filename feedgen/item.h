/* item.h: the normalised, channel-independent feed item (one per product variant).
 * Owns: the values of its fields (strbufs) and its findings. Templates map these fields
 * onto channel attributes by name (item_field_from_name). */
#ifndef FEEDGEN_ITEM_H
#define FEEDGEN_ITEM_H
#include "finding.h"
#include "money.h"
#include "strbuf.h"
#include <stdint.h>

/* Canonical values: availability is one of in_stock, out_of_stock, backorder (shown as
 * "available for order" by TikTok/Meta), preorder, discontinued; condition new|refurbished|used;
 * prices "12.00 USD" already formatted for the currency; multi-valued fields
 * (additional_image_link, promotion_id) hold their values separated by ITEM_VALUE_SEP. */
#define ITEM_VALUE_SEP '\x1f'
#define ITEM_FIELDS(X) \
	X(ID, "id") X(ITEM_GROUP_ID, "item_group_id") X(TITLE, "title") \
	X(DESCRIPTION, "description") X(AVAILABILITY, "availability") X(CONDITION, "condition") \
	X(PRICE, "price") X(SALE_PRICE, "sale_price") \
	X(SALE_PRICE_EFFECTIVE_DATE, "sale_price_effective_date") X(LINK, "link") \
	X(IMAGE_LINK, "image_link") X(ADDITIONAL_IMAGE_LINK, "additional_image_link") \
	X(VIDEO_LINK, "video_link") X(BRAND, "brand") X(GTIN, "gtin") X(MPN, "mpn") \
	X(PRODUCT_TYPE, "product_type") X(GOOGLE_PRODUCT_CATEGORY, "google_product_category") \
	X(COLOR, "color") X(SIZE, "size") X(MATERIAL, "material") X(PATTERN, "pattern") \
	X(GENDER, "gender") X(AGE_GROUP, "age_group") X(SHIPPING, "shipping") \
	X(SHIPPING_WEIGHT, "shipping_weight") X(QUANTITY, "quantity") \
	X(CUSTOM_LABEL_0, "custom_label_0") X(CUSTOM_LABEL_1, "custom_label_1") \
	X(CUSTOM_LABEL_2, "custom_label_2") X(CUSTOM_LABEL_3, "custom_label_3") \
	X(CUSTOM_LABEL_4, "custom_label_4") X(PROMOTION_ID, "promotion_id") \
	X(TAGS, "tags") X(BENEFIT, "benefit") X(COST, "cost")

enum item_field {
#define X(e, name) ITEM_##e,
	ITEM_FIELDS(X)
#undef X
	ITEM_FIELD_COUNT
};
#define ITEM_BIT(f) ((uint64_t)1 << (f))
_Static_assert(ITEM_FIELD_COUNT < 64, "item.changed has a bit per field");

enum stock_tracking { STOCK_UNKNOWN = 0, STOCK_TRACKED, STOCK_UNTRACKED };

struct item {
	struct strbuf field[ITEM_FIELD_COUNT];
	/* numbers behind the formatted fields, for enrich stages (vouchers, urgency) */
	money_t price, sale_price;   /* sale_price 0: none */
	char currency[4];
	int currency_decimals;
	long quantity;               /* joined stock; meaningful when stock == STOCK_TRACKED */
	enum stock_tracking stock;
	int has_variants;            /* the product has more than one variant */
	/* where it came from, for findings */
	const char *source;
	long line;
	struct findings findings;
	/* ITEM_BIT of every field set since item_copy (or item_reset): a feed's copy shares the
	 * results its feeds compute alike for the other fields (retarget_memo) */
	uint64_t changed;
	/* url_problem(value, URL_MAX_LENGTH) of the link and the image link as the normaliser
	 * left them, found on the worker that normalised the item (issue 12: off the main thread,
	 * whose validator reuses it for a value with exactly these bytes: item_url_verdict). A
	 * feed's copy borrows its item's (verdict_of), valid while that item is. */
	struct item_url_verdict {
		struct strbuf value;
		const char *problem;
		int set;
	} verdict[2];
	const struct item_url_verdict *verdict_of;
	/* item_borrow: the fields that are views of another item's bytes (alloc 0, not ours), and
	 * each field's own buffer, kept for the next write while the field is a view */
	uint64_t borrowed;
	struct strbuf *own;
};

void item_init(struct item *it);
void item_reset(struct item *it);   /* empty every field and finding, keep allocations */
void item_release(struct item *it);
/* Copy every field and number of src into dst (dst's findings are cleared, src's are not
 * copied: they are reported once, from the item the normaliser made); dst->changed is 0. */
void item_copy(struct item *dst, const struct item *src);
/* item_copy without copying a byte: dst's fields become views of src's, and a field is copied
 * only when it is written (item_set, item_setn, item_add_value: the only writers of a borrowed
 * item; a strbuf call on one of its fields would write src's bytes). dst reads as a copy while
 * src is unchanged; the next item_borrow, item_copy, item_reset or item_release of dst ends
 * the views (issue 12: a segment feed's copy of each item changes five fields of thirty-seven,
 * and copying them all was item_copy's 74 M of the main thread's 1.35 G instructions, twelve
 * feeds of 2,000 products). */
void item_borrow(struct item *dst, const struct item *src);
/* Find the url_problem verdicts of it's link and image link (the normaliser, on its worker). */
void item_find_url_verdicts(struct item *it);
/* 1 with *problem (NULL: fine) when it, or the item it was copied from, found url_problem for
 * exactly these bytes (item_find_url_verdicts); 0: not known. */
int item_url_verdict(const struct item *it, const char *value, size_t n, const char **problem);
/* Field access: value is "" when unset. */
static inline const char *item_get(const struct item *it, enum item_field f) { return it->field[f].buf; }
void item_set(struct item *it, enum item_field f, const char *value);
void item_setn(struct item *it, enum item_field f, const char *value, size_t n);
/* Append one value to a multi-valued field. */
void item_add_value(struct item *it, enum item_field f, const char *value);
size_t item_value_count(const struct item *it, enum item_field f);
/* Field by canonical name; -1 when unknown. */
int item_field_from_name(const char *name);
const char *item_field_name(enum item_field f);
/* Record a finding about this item (its id and source/line filled in). */
struct finding *item_finding(struct item *it, enum severity sev, const char *rule, const char *field,
			     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#endif
