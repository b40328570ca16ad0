/* rules_values.c: kind-specific value rules (price, date, URL, GTIN, integer) and the rules
 * across attributes of one row (sale price, item group, stock). Owns: nothing. */
#include "rules.h"
#include "rules_memo.h"
#include "dates.h"
#include "gtin.h"
#include "money.h"
#include "msg.h"
#include "urlenc.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A feed price with more decimals than its currency (ISO 4217 exponent): the file holds what
 * the platform reads, so even "12.500 EUR" is reported, with the exact form to write. */
static void price_decimals_finding(struct validation *v, struct row *r, int attr, const char *value, money_t amount,
				   const char *cur, int decimals, int want)
{
	strbuf_reset(&v->scratch);
	if (money_fits(amount, want)) {
		money_format(&v->scratch, amount, want, cur);
		row_finding(r, SEV_ERROR, "price-decimals", attr, "%s has %d decimals; %s has %d (write '%s')",
			    msg_quote(value), decimals, cur, want, v->scratch.buf);
	} else {
		row_finding(r, SEV_ERROR, "price-decimals", attr, "%s has %d decimals; %s has %d%s", msg_quote(value),
			    decimals, cur, want, decimals == 3 ? " (if the point is a thousands separator, remove it)" : "");
	}
}

int rule_price(struct validation *v, struct row *r, int attr, const char *value)
{
	money_t amount;
	char cur[4];
	int decimals, want;
	const char *why;

	if (money_parse_price(value, &amount, cur, &decimals, &why)) {
		if (!strncmp(why, "has no currency", 15)) {
			/* a bare number: Meta applies the feed's default currency (warn_rules), the others
			 * reject it; a feed's separate currency column was already applied (feed_reader.c) */
			row_finding(r, SEV_ERROR, "price-currency", attr, "%s %s", msg_quote(value), why);
			return 0;
		}
		row_finding(r, SEV_ERROR, "price", attr, "%s is not a price: %s%s", msg_quote(value), why,
			    strstr(why, "12.00") ? "" : " (expected like '12.00 USD')");
		return 0;
	}
	want = currency_decimals(cur);
	if (want < 0)
		row_finding(r, SEV_ERROR, "price", attr, "%s: '%s' is not an ISO 4217 currency code", msg_quote(value), cur);
	else if (decimals > want)
		price_decimals_finding(v, r, attr, value, amount, cur, decimals, want);
	return 0;
}

int rule_date(struct validation *v, struct row *r, int attr, const char *value, int range)
{
	const char *slash = strchr(value, '/');
	long long a, b;

	if (!range) {
		if (iso8601_parse(value, strlen(value), 0, &a))
			row_finding(r, SEV_ERROR, "date", attr, "%s is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDThh:mm+hh:mm)",
				    msg_quote(value));
		return 0;
	}
	if (!slash) {
		row_finding(r, SEV_ERROR, "date", attr, "%s is not a date range (expected START/END)", msg_quote(value));
		return 0;
	}
	if (iso8601_parse(value, (size_t)(slash - value), 0, &a) || iso8601_parse(slash + 1, strlen(slash + 1), 1, &b)) {
		row_finding(r, SEV_ERROR, "date", attr,
			    "%s is not an ISO 8601 date range (expected like 2026-12-01T00:00+00:00/2026-12-31T23:59+00:00)",
			    msg_quote(value));
		return 0;
	}
	if (a >= b)
		row_finding(r, SEV_ERROR, "date", attr, "%s ends before it starts", msg_quote(value));
	return 0;
}

/* Extensions that certainly do not name an image: video files, documents and archives, static
 * web pages. Script extensions (.php, .asp, .aspx, .jsp, .cgi) and extensionless links are left
 * out on purpose: many shops serve their images through them. */
static const struct {
	const char *ext, *kind;
} not_images[] = {
	{ "mp4", "a video" }, { "m4v", "a video" }, { "mov", "a video" }, { "webm", "a video" },
	{ "avi", "a video" }, { "mkv", "a video" }, { "wmv", "a video" }, { "flv", "a video" },
	{ "3gp", "a video" }, { "mpg", "a video" }, { "mpeg", "a video" }, { "ogv", "a video" },
	{ "m3u8", "a video playlist" },
	{ "pdf", "a document" }, { "doc", "a document" }, { "docx", "a document" }, { "xls", "a document" },
	{ "xlsx", "a document" }, { "ppt", "a document" }, { "pptx", "a document" }, { "odt", "a document" },
	{ "txt", "a document" }, { "zip", "an archive" }, { "rar", "an archive" }, { "7z", "an archive" },
	{ "html", "a web page" }, { "htm", "a web page" },
};

/* The extensions most image links end in, none of them in not_images: answered before the table
 * is read (issue 12: its 27 compares for each image link cost the main thread 4.6 M
 * instructions of a two-feed run, 2,000 products). */
static const char *const common_images[] = { "jpg", "png", "jpeg", "webp", "gif" };

/* image-kind: the link's extension says it is a video, a document or a page. */
static const char *image_kind_problem(const char *ext)
{
	for (size_t i = 0; i < sizeof(common_images) / sizeof(common_images[0]); i++)
		if (ext[0] == common_images[i][0] && !strcmp(ext, common_images[i]))
			return NULL;
	for (size_t i = 0; i < sizeof(not_images) / sizeof(not_images[0]); i++)
		if (ext[0] == not_images[i].ext[0] && !strcmp(ext, not_images[i].ext))
			return not_images[i].kind;
	return NULL;
}

int rule_url(struct validation *v, struct row *r, int attr, const char *value, int image)
{
	const struct attribute *a = &v->tpl->attrs[attr];
	const char *problem;
	char ext[8];

	/* url_problem: found by the normaliser's worker for the item's own link and image link,
	 * else from the memo of this run's feeds */
	if (!item_url_verdict(r->item, value, strlen(value), &problem))
		problem = rules_memo_url_problem(v->memo, value, URL_MAX_LENGTH);

	/* one bad extra value (additional_image_link) is dropped in a build, not fatal */
	int drop = v->repair && a->repeated;

	if (problem) {
		row_finding(r, drop ? SEV_WARNING : SEV_ERROR, "url", attr, "%s %s%s", msg_quote(value), problem,
			    drop ? "; value dropped" : "");
		return drop ? -1 : 0;
	}
	if (image) {
		const char *kind;
		url_extension(value, ext); /* once: the checks below read it too */
		if ((kind = image_kind_problem(ext))) {
			row_finding(r, drop ? SEV_WARNING : SEV_ERROR, "image-kind", attr, "%s is %s file (.%s), not an image%s",
				    msg_quote(value), kind, ext, drop ? "; value dropped" : "");
			return drop ? -1 : 0;
		}
	}
	if (image && a->nextensions) {
		size_t i;
		for (i = 0; i < a->nextensions; i++)
			if (!strcmp(ext, a->extensions[i]))
				break;
		if (i == a->nextensions) {
			struct strbuf list = STRBUF_INIT;
			for (i = 0; i < a->nextensions; i++)
				strbuf_addf(&list, "%s.%s", i ? ", " : "", a->extensions[i]);
			row_finding(r, drop ? SEV_WARNING : SEV_ERROR, "image-extension", attr, "%s does not end in %s%s%s",
				    msg_quote(value), list.buf, *ext ? "" : " (it looks like a page, not an image)",
				    drop ? "; value dropped" : "");
			strbuf_release(&list);
			return drop ? -1 : 0;
		}
	}
	if (image && !a->nextensions) {
		/* channels that accept many image formats list none; a link without any extension,
		 * or ending in '/', is still most likely a shop page (a home page, a product page) */
		size_t path_end = strcspn(value, "?#");
		if (!*ext || (path_end && value[path_end - 1] == '/'))
			row_finding(r, SEV_WARNING, "image-link-page", attr,
				    "%s has no image file extension: it probably points at a page, not an image", msg_quote(value));
	}
	return 0;
}

int rule_gtin(struct validation *v, struct row *r, int attr, const char *value)
{
	char norm[15];
	enum gtin_status st = gtin_check(value, norm);

	switch (st) {
	case GTIN_OK:
		if (gtin_is_restricted(norm))
			row_finding(r, SEV_WARNING, "gtin-prefix", attr, "%s is in a restricted range (prefix 2, 02 or 04: store-internal numbers)",
				    msg_quote(value));
		else if (gtin_is_coupon(norm))
			row_finding(r, SEV_WARNING, "gtin-coupon", attr, "%s is in a coupon range (98, 99)", msg_quote(value));
		return 0;
	case GTIN_NOT_DIGITS:
		row_finding(r, SEV_ERROR, "gtin-digits", attr, "%s has characters other than digits", msg_quote(value));
		break;
	case GTIN_BAD_LENGTH:
		row_finding(r, SEV_ERROR, "gtin-length", attr, "%s is not 8, 12, 13 or 14 digits", msg_quote(value));
		break;
	case GTIN_BAD_CHECK:
		row_finding(r, SEV_ERROR, "gtin-check", attr, "%s has a wrong check digit (expected %d)", msg_quote(value),
			    gtin_check_digit(norm, strlen(norm) - 1));
		break;
	}
	return -1;
}

int rule_integer(struct validation *v, struct row *r, int attr, const char *value)
{
	const char *p = value;

	if (*p == '-' || *p == '+')
		p++;
	if (!*p)
		goto bad;
	for (; *p; p++)
		if (!isdigit((unsigned char)*p))
			goto bad;
	return 0;
bad:
	row_finding(r, SEV_ERROR, "integer", attr, "%s is not a whole number", msg_quote(value));
	return 0;
}

static void check_sale_price(struct validation *v, struct row *r)
{
	int pa = v->tpl->attr_by_field[ITEM_PRICE], sa = v->tpl->attr_by_field[ITEM_SALE_PRICE];
	money_t p, s;
	char pc[4], sc[4];
	int d;
	const char *why;

	if (pa < 0 || sa < 0 || !r->values[pa].len || !r->values[sa].len)
		return;
	if (money_parse_price(r->values[pa].buf, &p, pc, &d, &why) || money_parse_price(r->values[sa].buf, &s, sc, &d, &why))
		return; /* the price rule reported it */
	/* warnings: FEEDS.md §6 lists "sale_price must be < price" as UNCONFIRMED as a hard rule */
	if (strcmp(pc, sc))
		row_finding(r, SEV_WARNING, "sale-price", sa, "currency %s differs from the price's %s", sc, pc);
	else if (s >= p)
		row_finding(r, SEV_WARNING, "sale-price", sa, "%s is not lower than the price %s", msg_quote(r->values[sa].buf),
			    msg_quote(r->values[pa].buf));
}

static void check_item_group(struct validation *v, struct row *r)
{
	int ga = v->tpl->attr_by_field[ITEM_ITEM_GROUP_ID];

	if (ga < 0 || !r->item || !r->item->has_variants || r->values[ga].len)
		return;
	row_finding(r, SEV_WARNING, "item-group", ga, "the product has variants but no item_group_id");
}

static void check_stock(struct validation *v, struct row *r)
{
	int aa = v->tpl->attr_by_field[ITEM_AVAILABILITY], qa = v->tpl->attr_by_field[ITEM_QUANTITY];
	long q;
	const char *avail, *in_stock;
	char *end;

	if (aa < 0)
		return;
	if (r->item) {
		if (r->item->stock != STOCK_TRACKED)
			return;
		q = r->item->quantity;
	} else {
		if (qa < 0 || !r->values[qa].len)
			return;
		q = strtol(r->values[qa].buf, &end, 10);
		if (*end)
			return;
		if (q < 0)
			row_finding(r, SEV_WARNING, "stock", qa, "negative quantity %ld", q);
	}
	/* first: most items are in stock (issue 12: rules_check_row 25.3 M to 19.1 M instructions
	 * for 2,000 products in twelve feeds) */
	if (q > 0)
		return;
	avail = r->values[aa].buf;
	in_stock = template_enum_spelling(&v->tpl->attrs[aa], "in_stock");
	if (in_stock && !strcmp(avail, in_stock))
		row_finding(r, SEV_WARNING, "stock", aa, "'%s' but the quantity is %ld", avail, q);
}

/* An attribute a template requires only for some values of another (required_when). */
static void check_required_when(struct validation *v, struct row *r)
{
	const struct template *t = v->tpl;

	for (size_t w = 0; w < v->nwhen_attrs; w++) {
		size_t i = (size_t)v->when_attrs[w];
		const struct attribute *a = &t->attrs[i];
		const char *on;
		if (r->values[i].len)
			continue;
		on = r->values[a->when_attr].buf;
		for (size_t k = 0; k < a->nwhen_values; k++)
			if (!strcmp(on, a->when_values[k])) {
				row_finding(r, SEV_WARNING, "required-when", (int)i, "missing, but %s requires it when %s is '%s'",
					    t->title, t->attrs[a->when_attr].name, on);
				break;
			}
	}
}

void rules_check_row(struct validation *v, struct row *r)
{
	check_required_when(v, r);
	check_sale_price(v, r);
	check_item_group(v, r);
	check_stock(v, r);
}
