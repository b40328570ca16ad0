/* retarget.h: the retargeting stage (issue 5): a feed per funnel segment (viewers, cart
 * abandoners, checkout drop-offs) with the segment's name and message in custom labels, the
 * voucher where it is meant to be, the voucher-codes CSV and the Google promotions feed, and
 * the exclusivity guard that keeps every voucher out of feeds shown to new audiences.
 *
 * Exclusivity is structural: the voucher stage runs only when the build has a --segment AND
 * that segment is one of the voucher's segments (default: cart_abandoners only); after the
 * stages, retarget_guard() fails the build when an item the voucher was not applied to holds
 * its code, message or promotion id in any field, or had its sale price changed.
 *
 * Owns: its options' copies (voucher.h), the voucher-codes output and the per-item scratch. */
#ifndef FEEDGEN_RETARGET_H
#define FEEDGEN_RETARGET_H
#include "enrich.h"
#include "item.h"
#include "output.h"
#include "cisearch.h"
#include "text.h"
#include "voucher.h"

struct retarget {
	/* options (config.c fills them through retarget_option) */
	enum segment segment;              /* --segment; SEGMENT_NONE: prospecting */
	enum item_field segment_field;     /* --segment-field (default custom_label_4) */
	enum item_field message_field;     /* --segment-message-field (default custom_label_3) */
	const char *message;               /* --segment-message template, or NULL: the default parts */
	const char *benefit;               /* --benefit template, or NULL: first sentence of the description */
	money_t free_shipping_over;        /* --free-shipping-over, 0: not stated */
	long returns_days;                 /* --returns-days, 0: not stated */
	const char *payment_text;          /* --payment-text (default "Secure checkout"; "" omits it) */
	struct voucher voucher;
	const char *voucher_message;       /* --voucher-message (default "Use code {code} for {discount} off") */
	enum item_field code_field;        /* --voucher-code-field (default custom_label_2) */
	enum item_field voucher_message_field; /* --voucher-message-field (default custom_label_3) */
	const char *codes_output;          /* --voucher-codes-output FILE (CSV) */
	const char *promotions_output;     /* --promotions-output FILE (TSV or XML) */
	const char *promotion_title;       /* --promotion-title (default "{discount} off selected items") */
	const char *promotion_destination; /* --promotion-destination LIST (default Shopping_ads) */
	const char *voucher_options_seen;  /* an option that needs --voucher-code, for the message */
	/* derived by retarget_finish */
	const char *currency;
	int decimals;
	long long now;                     /* build time (SOURCE_DATE_EPOCH when set) */
	int active;                        /* the voucher applies to this build */
	/* run state */
	int writing;
	struct output codes;
	int codes_open;
	unsigned long items_with_voucher;
	int applied;                       /* the voucher was applied to the current item */
	money_t sale_before;
	struct strbuf scratch, code, date_before;
	/* the same for every item, built by retarget_finish (issue 12) */
	struct strbuf discount, percent, amount;   /* the voucher's {discount} {percent} {amount} */
	struct strbuf shipping_over, returns;      /* "Free shipping over 50.00 EUR", "30-day returns" */
	struct ci_needle code_needle, promotion_needle;
	int guard_fixed;                           /* the voucher message reads no item field: */
	struct strbuf guard_fixed_text;            /* the guard's message for every item */
	struct ci_needle guard_needle;
	int promotion_holds_code, guard_holds_code; /* the needle holds the code's (ignoring case) */
	/* per item, reused */
	struct strbuf benefit_text, voucher_text, message_text, guard_text;
};

/* What every feed's retargeting finds alike in one item: the first sentence of its
 * description, and which of its fields hold the guard's strings (the code, the promotion id,
 * a voucher message). The run keeps one, reset at each item (retarget_memo_reset names the
 * item every feed copies); a feed uses it only for the fields it did not change
 * (item.changed), so the twelve feeds of a retargeting set scan an item's description once,
 * not twelve times (issue 12). Zeroed memory is an empty memo. */
#define RETARGET_MEMO_KEYS 8
struct retarget_memo {
	int ready;
	const struct item *src;
	int have_benefit;
	struct strbuf benefit;
	size_t nkeys;
	struct {
		struct strbuf s;
		uint64_t fields;             /* ITEM_BIT of every field of src holding s */
	} keys[RETARGET_MEMO_KEYS];
};
void retarget_memo_reset(struct retarget_memo *m, const struct item *src);
void retarget_memo_release(struct retarget_memo *m);

void retarget_init(struct retarget *r);
/* Do not say "voucher not applied" for feeds it is not for (a configuration with many feeds). */
void retarget_quiet_skips(int on);
/* One command-line option by its long name (without "--"). Returns 0, or EXIT_USAGE after a
 * message. */
int retarget_option(struct retarget *r, const char *name, const char *arg);
/* After all options: check the combination, read the secret when unique codes will be made,
 * decide whether the voucher applies to this build. `writing`: a build (outputs allowed).
 * Returns 0 or EXIT_USAGE. */
int retarget_finish(struct retarget *r, const char *currency, int decimals, int writing);
/* Open the voucher-codes output (build). Returns 0 or EXIT_OUTPUT. */
int retarget_open(struct retarget *r);
/* The stage: segment label, benefit, voucher, segment message. Returns 0. m: the run's
 * memo of the item `it` is a copy of, or NULL (then nothing is shared). */
int retarget_item(struct retarget *r, const struct urgency_options *u, struct item *it, struct retarget_memo *m);
/* What retarget_item does for a feed without a segment (it changes nothing then): what the
 * guard compares with, kept from `it`, which the feed writes as it is. */
void retarget_item_unchanged(struct retarget *r, const struct item *it);
/* The exclusivity guard, after every stage. Returns 0, or EXIT_USAGE after a message. m: as
 * for retarget_item. */
int retarget_guard(struct retarget *r, const struct item *it, struct retarget_memo *m);
/* The item was written to the feed: its code goes to the codes file, the promotion counts it. */
void retarget_item_written(struct retarget *r, const struct item *it);
/* Commit (ok) or abort the codes file; write the promotions feed (ok). Returns 0 or an exit code. */
int retarget_close(struct retarget *r, int ok);
void retarget_release(struct retarget *r);
#endif
