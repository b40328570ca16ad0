/* promotions.h: the Google Merchant Center promotions feed (FEEDS.md §2.7): one promotion
 * per voucher, written atomically as TSV (header + one row; a repeated attribute repeats its
 * column, as Google's template does) or XML (<promotions><promotion>...</promotion></promotions>,
 * Google's promotions XML layout), chosen by the file's extension.
 * Owns: nothing (the promotion's strings are the caller's). */
#ifndef FEEDGEN_PROMOTIONS_H
#define FEEDGEN_PROMOTIONS_H
#include <stddef.h>

struct promotion {
	const char *promotion_id;
	const char *product_applicability;  /* all_products | specific_products */
	const char *offer_type;             /* generic_code */
	const char *generic_redemption_code;
	const char *long_title;             /* 1-60 characters, no code, no date */
	const char *effective_dates;        /* START/END, YYYY-MM-DDThh:mm:ss+00:00 */
	const char *redemption_channel;     /* online */
	const char *const *destinations;    /* Shopping_ads, Free_listings, ... */
	size_t ndestinations;
	const char *coupon_value_type;      /* percent_off | money_off */
	const char *percent_off;            /* "10", or NULL */
	const char *money_off_amount;       /* "5.00 EUR", or NULL */
};

enum promotions_format { PROMOTIONS_TSV = 0, PROMOTIONS_XML };
/* By extension: .xml is XML; .tsv and .txt are TSV; -1 otherwise. */
int promotions_format_from_path(const char *path);
/* NULL when the promotion follows FEEDS.md §2.7, else the first problem (static text). */
const char *promotion_problem(const struct promotion *p);
/* NULL when `title` is a valid long_title for a promotion with this code: 1-60 characters,
 * neither the code nor a date inside. */
const char *promotion_title_problem(const char *title, const char *code);
/* Write the promotions feed. Returns 0 or EXIT_OUTPUT after a message (nothing published). */
int promotions_write(const char *path, const struct promotion *p);
#endif
