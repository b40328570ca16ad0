/* feed_diff.h: the change report between two feeds of one channel (issue 11): items added,
 * removed and changed by id, with price, sale price and availability changes and items entering
 * or leaving low stock. OLD is read once into a compact index (idindex.h: per id the price and
 * sale price in money_t, the availability code, the low-stock flag and a 64-bit hash of every
 * other value), NEW is streamed against it, then the ids of OLD not seen are the removed ones:
 * memory is O(1) per item beyond the index (and the listed items, up to max_list per list).
 * An item is low on stock when its urgency flag field (--urgency-flag-field, default
 * custom_label_0) says low_stock or last_chance, or when the feed carries a quantity
 * (Meta's quantity_to_sell_on_facebook) from 1 to --low-stock N (default 5): what the build's
 * urgency stage writes (enrich.c).
 * Owns: the index, the listed items and their ids; the template and options are borrowed. */
#ifndef FEEDGEN_FEED_DIFF_H
#define FEEDGEN_FEED_DIFF_H
#include "enrich.h"
#include "idindex.h"
#include "money.h"
#include "strbuf.h"
#include "template.h"
#include <jansson.h>

struct row;
struct row_likeness;

struct diff_counts {
	int previous;                  /* build: there was a file to compare with */
	unsigned long old_items, new_items; /* items read, duplicates and items without id included */
	unsigned long added, removed, changed, unchanged;
	unsigned long price_changed, availability_changed, low_stock_entered, low_stock_left;
	unsigned long duplicates_old, duplicates_new;   /* repeats of an id (the first is compared) */
	unsigned long without_id_old, without_id_new;   /* items with an empty id (not compared) */
};

/* What changed in an item (struct diff_item.what). */
enum { DIFF_PRICE = 1, DIFF_SALE_PRICE = 2, DIFF_AVAILABILITY = 4, DIFF_LOW_ENTERED = 8, DIFF_LOW_LEFT = 16,
       DIFF_OTHER = 32 };
#define DIFF_NO_PRICE INT64_MIN        /* no price (or sale price) given */
#define DIFF_BAD_PRICE (INT64_MIN + 1) /* a value that is no price; compared as another field */
#define DIFF_NO_AVAILABILITY (-1)
#define DIFF_BAD_AVAILABILITY (-2)     /* not one of the channel's values */

/* The compared values of one item of a feed. */
struct diff_values {
	money_t price, sale;
	uint64_t other;                /* hash of every value but id, prices, availability, flag */
	char currency[4], sale_currency[4];
	int16_t availability;          /* index in the availability attribute's values, or the above */
	uint8_t low;                   /* low on stock */
	uint8_t state;                 /* in the index: 0 OLD not seen in NEW, 1 seen, 2 NEW only */
};

enum diff_list { DIFF_ADDED, DIFF_CHANGED, DIFF_DUPLICATE, DIFF_LISTS };

/* One listed item: added (v[1]), changed (v[0] old, v[1] new, what) or a duplicate id. */
struct diff_item {
	size_t id;                     /* offset of the id in struct feed_diff.ids */
	unsigned what;
	struct diff_values v[2];
	long line;                     /* the item's line in its feed */
	int in_new;                    /* duplicate: in NEW (else OLD) */
};

struct feed_diff {
	const struct template *tpl;
	const struct urgency_options *urgency;
	int price_attr, sale_attr, availability_attr, flag_attr, quantity_attr;
	size_t max_list;               /* items kept per list (SIZE_MAX: all) */
	struct diff_counts counts;
	struct idindex old;            /* id -> struct diff_values */
	struct diff_item *items[DIFF_LISTS];
	size_t nitems[DIFF_LISTS], items_alloc[DIFF_LISTS];
	struct strbuf ids;             /* the listed ids, NUL-separated */
	const char *kind[2];           /* "CSV", "TSV", "XML" or "empty" for OLD and NEW */
	int reading_new;
	int lenient_old;               /* an OLD without a header row is FEED_NO_HEADER, not an error */
};

void feed_diff_init(struct feed_diff *d, const struct template *tpl, const struct urgency_options *u, size_t max_list);
void feed_diff_release(struct feed_diff *d);
/* Read OLD into the index, then stream NEW against it and finish the counts. Each returns 0, or
 * EXIT_INPUT after a message naming the file and the line (feed_read_rows; with lenient_old an
 * OLD without a header row is FEED_NO_HEADER, unsaid). */
int feed_diff_read_old(struct feed_diff *d, const char *path);
int feed_diff_read_new(struct feed_diff *d, const char *path);
/* The compared values of one row (state 0); for a build's change report taken while writing
 * (diff_capture.h). */
void feed_diff_values(const struct feed_diff *d, const struct row *r, struct diff_values *v);
/* The hash of `other` is a chain over the attributes in template order, so the feeds of one
 * channel (a retargeting set: the same item's title, description and links in every segment's
 * feed) share the part before the first value that differs (issue 12). A prefix knows the last
 * row and the chain after each attribute; feed_diff_values_prefix gives exactly what
 * feed_diff_values gives, with p's hashes for the leading values equal to p's, and leaves this
 * row in p. Shared only by feeds whose templates number and treat their attributes alike
 * (feed_diff_prefix_fits). The last row is not copied (issue 12: the copies were 28 M of
 * 1,742 M instructions of the main thread, twelve feeds): it is only compared with while its
 * gen (row.h) is the one it had, so a row must be unchanged, or get a new gen, after it was
 * given. Owns: nothing of the rows. */
struct diff_prefix {
	size_t nattrs;
	int id_attr, flag_attr, price_attr, sale_attr, availability_attr;
	size_t nvalid;          /* attributes of the last row kept (0: none yet) */
	const struct row *last; /* the last row, while its gen is last_gen */
	unsigned long last_gen;
	uint64_t *chain;        /* the hash after attribute i */
	struct diff_values numbers; /* the last row's (other aside), found with --low-stock low_stock */
	long low_stock;
	unsigned refs;
};
struct diff_prefix *diff_prefix_new(const struct feed_diff *d);
int feed_diff_prefix_fits(const struct diff_prefix *p, const struct feed_diff *d);
void diff_prefix_unref(struct diff_prefix *p);
/* like: what the row's writer found (row.h), or NULL. */
void feed_diff_values_prefix(const struct feed_diff *d, const struct row *r, struct diff_values *v,
			     struct diff_prefix *p, const struct row_likeness *like);
static inline const char *feed_diff_id(const struct feed_diff *d, const struct diff_item *it) { return d->ids.buf + it->id; }
/* Removed items, in OLD's order: for (size_t i = 0; feed_diff_next_removed(d, &i, &id, &v);) */
int feed_diff_next_removed(const struct feed_diff *d, size_t *pos, const char **id, const struct diff_values **v);
/* "12.00 USD", "none" or "not a price" into out. */
void feed_diff_format_price(struct strbuf *out, money_t amount, const char *currency);
/* The channel's spelling of an availability code, or NULL (none, or not a channel value). */
const char *feed_diff_availability(const struct feed_diff *d, int code);
/* The summary object: added, removed, changed, price_changed, availability_changed,
 * low_stock_entered, low_stock_left, unchanged, old_items, new_items, duplicates_old,
 * duplicates_new, without_id_old, without_id_new (and "previous" when with_previous). New reference. */
json_t *feed_diff_summary_json(const struct diff_counts *c, int with_previous);
/* The change report for a build (cmd_build.c): the file now at old_path (none: previous 0, every
 * item added) against the completed new file, for template `channel`. Returns 0; EXIT_INPUT when
 * OLD cannot be read (message said), FEED_NO_HEADER when it is no feed of the channel (unsaid),
 * EXIT_OUTPUT when NEW cannot be read back (message said): the counts are then of no use. */
int feed_diff_replaced(const char *channel, const struct urgency_options *u, const char *old_path,
		       const char *new_path, struct diff_counts *out);
#endif
