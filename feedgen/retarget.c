/* retarget.c: the retargeting stage, its outputs and the exclusivity guard (see retarget.h;
 * its options and texts: retarget_config.c).
 * Owns: the voucher-codes output and the per-item scratch buffers of struct retarget. */
#include "retarget.h"
#include "retarget_impl.h"
#include "dates.h"
#include "csv.h"
#include "msg.h"
#include "promotions.h"
#include "text.h"
#include <errno.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <time.h>

void retarget_init(struct retarget *r)
{
	memset(r, 0, sizeof(*r));
	r->segment_field = ITEM_CUSTOM_LABEL_4;
	r->message_field = ITEM_CUSTOM_LABEL_3;
	r->code_field = ITEM_CUSTOM_LABEL_2;
	r->voucher_message_field = ITEM_CUSTOM_LABEL_3;
	r->payment_text = "Secure checkout";
	r->voucher_message = "Use code {code} for {discount} off";
	r->promotion_title = "{discount} off selected items";
	r->promotion_destination = "Shopping_ads";
	voucher_init(&r->voucher);
	strbuf_init(&r->scratch);
	strbuf_init(&r->code);
	strbuf_init(&r->date_before);
	strbuf_init(&r->discount);
	strbuf_init(&r->percent);
	strbuf_init(&r->amount);
	strbuf_init(&r->shipping_over);
	strbuf_init(&r->returns);
	strbuf_init(&r->benefit_text);
	strbuf_init(&r->voucher_text);
	strbuf_init(&r->message_text);
	strbuf_init(&r->guard_text);
	strbuf_init(&r->guard_fixed_text);
	ci_needle_init(&r->code_needle, NULL);
	ci_needle_init(&r->promotion_needle, NULL);
	ci_needle_init(&r->guard_needle, NULL);
}

void retarget_release(struct retarget *r)
{
	if (r->codes_open)
		output_abort(&r->codes);
	r->codes_open = 0;
	voucher_release(&r->voucher);
	strbuf_release(&r->scratch);
	strbuf_release(&r->code);
	strbuf_release(&r->date_before);
	strbuf_release(&r->discount);
	strbuf_release(&r->percent);
	strbuf_release(&r->amount);
	strbuf_release(&r->shipping_over);
	strbuf_release(&r->returns);
	strbuf_release(&r->benefit_text);
	strbuf_release(&r->voucher_text);
	strbuf_release(&r->message_text);
	strbuf_release(&r->guard_text);
	strbuf_release(&r->guard_fixed_text);
}
/* --- the stage --- */

static int ends_sentence(const char *s, size_t len)
{
	char c = len ? s[len - 1] : '\0';

	/* strchr(".!?", c) without the call, and the separators added without strlen (issue 12:
	 * add_part 14.8 M to 10.7 M instructions for 2,000 products in twelve feeds) */
	if (c == '.' || c == '!' || c == '?' || !c)
		return 1;
	/* 。！？ (U+3002, U+FF01, U+FF1F) */
	return len >= 3 && (!memcmp(s + len - 3, "\xe3\x80\x82", 3) || !memcmp(s + len - 3, "\xef\xbc\x81", 3) ||
			    !memcmp(s + len - 3, "\xef\xbc\x9f", 3));
}

/* Join message parts: ". " between them, or just " " after one that ends a sentence. */
static void add_part(struct strbuf *out, const char *part)
{
	if (!part || !*part)
		return;
	if (out->len) {
		if (ends_sentence(out->buf, out->len))
			strbuf_addch(out, ' ');
		else
			strbuf_add(out, ". ", 2);
	}
	strbuf_addstr(out, part);
}

#define BENEFIT_MAX_CHARS 100

/* The first sentence of a plain-text description, at most 100 characters (cut at a space). */
static void first_sentence(struct strbuf *out, const char *s)
{
	size_t n = strlen(s), end = n, cut;

	while (*s == ' ' || *s == '\n' || *s == '\t')
		s++, n--;
	end = n;
	/* a sentence that ends past the first 100 characters is cut at them whatever its end, so the
	 * search stops there (descriptions run to thousands of characters, in every segment feed) */
	size_t scan = utf8_prefix_bytes(s, n, BENEFIT_MAX_CHARS);
	for (size_t i = 0; i < n && i <= scan; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			end = i;
			break;
		}
		if ((s[i] == '.' || s[i] == '!' || s[i] == '?') && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\n')) {
			end = i + 1;
			break;
		}
		if ((unsigned char)s[i] >= 0xe3 && i + 3 <= n && ends_sentence(s, i + 3)) {
			end = i + 3;
			break;
		}
	}
	/* no end found: the cut is the scan's, found already (issue 12: a second walk of the first
	 * 100 characters, 7 M instructions of 26 M in first_sentence for 2,000 products) */
	cut = end == n ? scan : utf8_prefix_bytes(s, end, BENEFIT_MAX_CHARS);
	if (cut < end) {
		size_t sp = cut;
		while (sp > 0 && s[sp] != ' ')
			sp--;
		if (sp > 0)
			cut = sp;
		while (cut > 0 && strchr(" ,;:-", s[cut - 1]))
			cut--;
	}
	strbuf_add(out, s, cut);
}

static void apply_price(struct retarget *r, struct item *it)
{
	const struct voucher *v = &r->voucher;
	money_t current = it->sale_price ? it->sale_price : it->price, discounted;
	long long from = v->from, until = v->until;
	int has_window = v->has_window;
	struct strbuf *s = &r->scratch;

	if (!current || !it->currency[0])
		return;
	discounted = voucher_discounted(v, current, it->currency_decimals);
	if (discounted <= 0) {
		strbuf_reset(s);
		money_format(s, current, it->currency_decimals, it->currency);
		item_finding(it, SEV_WARNING, "voucher-price", "sale_price",
			     "voucher '%s' would bring the price %s to zero or below; the price is kept", v->code, s->buf);
		return;
	}
	if (discounted >= current)
		return;
	/* a sale with its own window: the voucher price holds only where both windows overlap */
	if (it->sale_price && it->field[ITEM_SALE_PRICE_EFFECTIVE_DATE].len) {
		const char *d = item_get(it, ITEM_SALE_PRICE_EFFECTIVE_DATE), *slash = strchr(d, '/');
		long long a, b;
		if (slash && !iso8601_parse(d, (size_t)(slash - d), 0, &a) && !iso8601_parse(slash + 1, strlen(slash + 1), 1, &b)) {
			if (!has_window || a > from)
				from = a;
			if (!has_window || b < until)
				until = b;
			has_window = 1;
			if (from >= until) {
				item_finding(it, SEV_WARNING, "voucher-price", "sale_price_effective_date",
					     "the voucher's window and the sale's window %s do not overlap; the price is kept", d);
				return;
			}
		}
	}
	strbuf_reset(s);
	money_format(s, discounted, it->currency_decimals, it->currency);
	item_set(it, ITEM_SALE_PRICE, s->buf);
	it->sale_price = discounted;
	if (has_window) {
		strbuf_reset(s);
		iso8601_format(s, from, 0);
		strbuf_addch(s, '/');
		iso8601_format(s, until, 0);
		item_set(it, ITEM_SALE_PRICE_EFFECTIVE_DATE, s->buf);
	}
}

/* --- the per-item memo every feed shares --- */

void retarget_memo_reset(struct retarget_memo *m, const struct item *src)
{
	if (!m->ready) {
		strbuf_init(&m->benefit);
		for (size_t i = 0; i < RETARGET_MEMO_KEYS; i++)
			strbuf_init(&m->keys[i].s);
		m->ready = 1;
	}
	m->src = src;
	m->have_benefit = 0;
	m->nkeys = 0;
}

void retarget_memo_release(struct retarget_memo *m)
{
	if (!m->ready)
		return;
	strbuf_release(&m->benefit);
	for (size_t i = 0; i < RETARGET_MEMO_KEYS; i++)
		strbuf_release(&m->keys[i].s);
	m->ready = 0;
	m->src = NULL;
}

/* The fields of it among within that hold the needle. */
static uint64_t fields_holding(const struct item *it, uint64_t within, const struct ci_needle *nd)
{
	uint64_t fields = 0;

	for (; within; within &= within - 1) {
		int f = __builtin_ctzll(within);
		if (ci_contains(it->field[f].buf, it->field[f].len, nd))
			fields |= ITEM_BIT(f);
	}
	return fields;
}

/* The fields of the memo's item that hold the needle, found once per item and string; only
 * those of within are searched, which must hold every field that holds it. */
static uint64_t memo_fields(struct retarget_memo *m, const struct ci_needle *nd, uint64_t within)
{
	uint64_t fields;
	size_t i;

	if (!nd->len)
		return 0;
	for (i = 0; i < m->nkeys; i++)
		if (m->keys[i].s.len == nd->len && !memcmp(m->keys[i].s.buf, nd->s, nd->len))
			return m->keys[i].fields;
	fields = fields_holding(m->src, within, nd);
	if (m->nkeys < RETARGET_MEMO_KEYS) {
		strbuf_reset(&m->keys[m->nkeys].s);
		strbuf_add(&m->keys[m->nkeys].s, nd->s, nd->len);
		m->keys[m->nkeys++].fields = fields;
	}
	return fields;
}

/* The benefit without a --benefit template: the description's first sentence, once per item
 * while the feed has not changed the description. */
static void add_benefit(struct strbuf *out, const struct item *it, struct retarget_memo *m)
{
	if (!m || !m->src || (it->changed & ITEM_BIT(ITEM_DESCRIPTION))) {
		first_sentence(out, item_get(it, ITEM_DESCRIPTION));
		return;
	}
	if (!m->have_benefit) {
		strbuf_reset(&m->benefit);
		first_sentence(&m->benefit, item_get(it, ITEM_DESCRIPTION));
		m->have_benefit = 1;
	}
	strbuf_add(out, m->benefit.buf, m->benefit.len);
}

/* The segment message: a --segment-message template, or the segment's default parts. */
static void segment_message(struct retarget *r, struct item *it, const char *urgency)
{
	struct strbuf *msg = &r->message_text;
	const char *benefit = r->benefit_text.buf, *vmsg = r->voucher_text.buf;

	strbuf_reset(msg);
	if (r->message) {
		money_t current = it->sale_price ? it->sale_price : it->price;
		const char *shipping = !r->free_shipping_over ? ""
				       : current && current >= r->free_shipping_over ? "Free shipping" : r->shipping_over.buf;
		const struct retarget_var vars[] = {
			{ "benefit", benefit }, { "voucher_message", vmsg }, { "voucher_code", r->code.buf },
			{ "urgency", urgency }, { "free_shipping", shipping }, { "returns", r->returns.buf },
			{ "payment", r->payment_text }, { "segment", segment_name(r->segment) }, { "discount", r->applied ? r->discount.buf : "" },
		};
		retarget_expand(msg, r->message, vars, sizeof(vars) / sizeof(*vars), it);
		return;
	}
	switch (r->segment) {
	case SEGMENT_VIEWERS:
		add_part(msg, benefit);
		add_part(msg, vmsg);
		break;
	case SEGMENT_CART_ABANDONERS:
		add_part(msg, vmsg);
		add_part(msg, urgency);
		break;
	case SEGMENT_CHECKOUT_DROPOFFS: {
		money_t current = it->sale_price ? it->sale_price : it->price;
		add_part(msg, vmsg);
		if (r->free_shipping_over)
			add_part(msg, current && current >= r->free_shipping_over ? "Free shipping" : r->shipping_over.buf);
		add_part(msg, r->returns.buf);
		add_part(msg, r->payment_text);
		break;
	}
	default:
		break;
	}
}

void retarget_item_unchanged(struct retarget *r, const struct item *it)
{
	r->applied = 0;
	r->sale_before = it->sale_price;
	strbuf_reset(&r->date_before);
	strbuf_addstr(&r->date_before, item_get(it, ITEM_SALE_PRICE_EFFECTIVE_DATE));
	strbuf_reset(&r->code);
}

int retarget_item(struct retarget *r, const struct urgency_options *u, struct item *it, struct retarget_memo *m)
{
	struct voucher *v = &r->voucher;
	const char *urgency = "";

	retarget_item_unchanged(r, it);
	if (r->segment == SEGMENT_NONE)
		return 0;

	item_set(it, r->segment_field, segment_name(r->segment));
	strbuf_reset(&r->benefit_text);
	if (r->benefit)
		retarget_expand(&r->benefit_text, r->benefit, NULL, 0, it);
	else
		add_benefit(&r->benefit_text, it, m);
	item_set(it, ITEM_BENEFIT, r->benefit_text.buf);
	if (u && (!strcmp(item_get(it, u->flag_field), "low_stock") || !strcmp(item_get(it, u->flag_field), "last_chance")))
		urgency = item_get(it, u->text_field);

	strbuf_reset(&r->voucher_text);
	if (r->active && voucher_for_product(v, item_get(it, ITEM_ID), item_get(it, ITEM_ITEM_GROUP_ID))) {
		struct retarget_var vars[] = { { "code", NULL }, { "discount", r->discount.buf }, { "percent", r->percent.buf },
				      { "amount", r->amount.buf } };
		if (v->unique)
			voucher_unique_code(&r->code, v->secret, v->secret_len, v->code, v->campaign, segment_name(r->segment),
					    item_get(it, ITEM_ID));
		else
			strbuf_addstr(&r->code, v->code);
		vars[0].value = r->code.buf;
		/* a shared code: the guard's message is the same text (issue 12: 11.5 M instructions
		 * for 2,000 products in twelve feeds) */
		if (r->guard_fixed && !v->unique)
			strbuf_add(&r->voucher_text, r->guard_fixed_text.buf, r->guard_fixed_text.len);
		else
			retarget_expand(&r->voucher_text, r->voucher_message, vars, 4, it);
		item_set(it, r->code_field, r->code.buf);
		item_set(it, r->voucher_message_field, r->voucher_text.buf);
		item_add_value(it, ITEM_PROMOTION_ID, v->promotion_id);
		if (v->apply_price)
			apply_price(r, it);
		r->applied = 1;
	}
	segment_message(r, it, urgency);
	if (r->message_text.len)
		item_set(it, r->message_field, r->message_text.buf);
	return 0;
}

int retarget_guard(struct retarget *r, const struct item *it, struct retarget_memo *m)
{
	const struct voucher *v = &r->voucher;
	const char *where = r->segment == SEGMENT_NONE ? "a feed for new audiences (no --segment)" : segment_name(r->segment);
	struct strbuf *msg = &r->guard_text;
	static const char *const what[] = { "code", "promotion id", "message" };
	struct ci_needle needles[3];
	uint64_t hits[3];
	int memo = m && m->src;

	if (r->applied || !v->code)
		return 0;
	if (it->sale_price != r->sale_before || strcmp(item_get(it, ITEM_SALE_PRICE_EFFECTIVE_DATE), r->date_before.buf))
		return msg_fail(EXIT_USAGE, "SKU %s: the sale price changed outside the voucher's segment, in %s: nothing is published",
				msg_quote(item_get(it, ITEM_ID)), where);
	int holds_code[3] = { 0, r->promotion_holds_code, r->guard_holds_code };
	needles[0] = r->code_needle;
	needles[1] = r->promotion_needle;
	if (r->guard_fixed)
		needles[2] = r->guard_needle;
	else {
		/* the message as it would read for this item with the shared code */
		const struct retarget_var vars[] = { { "code", v->code }, { "discount", r->discount.buf }, { "percent", r->percent.buf },
					    { "amount", r->amount.buf } };
		strbuf_reset(msg);
		retarget_expand(msg, r->voucher_message, vars, 4, it);
		ci_needle_init(&needles[2], msg->len >= 8 ? msg->buf : NULL);
		holds_code[2] = ci_contains(needles[2].s, needles[2].len, &needles[0]);
	}
	/* the fields this feed did not change are the item's, searched once for every feed; the
	 * others (the segment's labels, a rule's) in this feed's copy; a feed that changes no
	 * item is given the item itself (pipeline.c), whose fields are all the memo's */
	const uint64_t all = ITEM_BIT(ITEM_FIELD_COUNT) - 1;
	uint64_t own = !memo ? all : it == m->src ? 0 : it->changed, any = 0, memo_code = 0;
	for (int k = 0; k < 3; k++) {
		/* a needle that holds the code (the message "Use code BACK10 ...") is only in fields
		 * that hold the code: only those are searched (issue 12: the twelve-feed set, 2,000
		 * products: 1.24 M ci_contains calls to 0.41 M, retarget_guard 121 M instructions to 67 M) */
		int in_code = holds_code[k];
		uint64_t mf = memo ? memo_fields(m, &needles[k], in_code ? memo_code : all) : 0;
		if (!k)
			memo_code = mf;
		hits[k] = (mf & ~own) | fields_holding(it, in_code ? own & hits[0] : own, &needles[k]);
		any |= hits[k];
	}
	if (!any)
		return 0;
	/* the first field holding any, and the first of the three it holds */
	int f = __builtin_ctzll(any), k = 0;
	while (!(hits[k] & ITEM_BIT(f)))
		k++;
	return msg_fail(EXIT_USAGE, "SKU %s: the %s of voucher %s is in its %s, in %s: nothing is published "
			"(a voucher goes only into the feeds of its --voucher-segments)",
			msg_quote(item_get(it, ITEM_ID)), what[k], msg_quote(v->code), item_field_name((enum item_field)f), where);
}

void retarget_item_written(struct retarget *r, const struct item *it)
{
	struct strbuf *line = &r->scratch;

	if (!r->applied)
		return;
	r->items_with_voucher++;
	if (!r->codes_open)
		return;
	strbuf_reset(line);
	csv_add_field(line, r->code.buf, r->code.len, ',');
	strbuf_addch(line, ',');
	csv_add_field(line, item_get(it, ITEM_ID), it->field[ITEM_ID].len, ',');
	strbuf_addch(line, ',');
	strbuf_addstr(line, segment_name(r->segment));
	strbuf_addch(line, ',');
	csv_add_field(line, r->voucher.campaign, strlen(r->voucher.campaign), ',');
	strbuf_addstr(line, "\r\n");
	output_write(&r->codes, line->buf, line->len);
}

static int write_promotions(struct retarget *r)
{
	const struct voucher *v = &r->voucher;
	struct strbuf title = STRBUF_INIT, dates = STRBUF_INIT, discount = STRBUF_INIT, percent = STRBUF_INIT, amount = STRBUF_INIT;
	struct promotion p = { 0 };
	char buf[256];
	const char *dest[8];
	const char *why;
	size_t ndest;
	int rc;

	if (!r->items_with_voucher) {
		msg_warning("no item in the feed carries promotion %s: promotions feed %s not written (Google disapproves a "
			    "specific_products promotion without products)", v->promotion_id, msg_quote(r->promotions_output));
		return 0;
	}
	retarget_discount_vars(r, &discount, &percent, &amount);
	{
		struct retarget_var vars[] = { { "discount", discount.buf }, { "percent", percent.buf }, { "amount", amount.buf } };
		retarget_expand(&title, r->promotion_title, vars, 3, NULL);
	}
	iso8601_format(&dates, v->has_window ? v->from : r->now, 1);
	strbuf_addch(&dates, '/');
	iso8601_format(&dates, v->has_window ? v->until : r->now + PROMOTION_DEFAULT_DAYS * 86400LL, 1);
	retarget_split_destinations(r->promotion_destination, buf, sizeof(buf), dest, 8, &ndest);
	p.promotion_id = v->promotion_id;
	/* always specific_products: only the items of this segment's feed carry the promotion id,
	 * so the promotion cannot reach the prospecting feed's products (all_products would) */
	p.product_applicability = "specific_products";
	p.offer_type = "generic_code";
	p.generic_redemption_code = v->code;
	p.long_title = title.buf;
	p.effective_dates = dates.buf;
	p.redemption_channel = "online";
	p.destinations = dest;
	p.ndestinations = ndest;
	p.coupon_value_type = v->percent ? "percent_off" : "money_off";
	p.percent_off = v->percent ? percent.buf : NULL;
	p.money_off_amount = v->percent ? NULL : amount.buf;
	if ((why = promotion_problem(&p)))
		rc = msg_fail(EXIT_USAGE, "promotion %s: %s", v->promotion_id, why);
	else if (!(rc = promotions_write(r->promotions_output, &p)))
		msg_info("wrote promotion %s for %lu items to %s", v->promotion_id, r->items_with_voucher,
			 msg_quote(r->promotions_output));
	strbuf_release(&title);
	strbuf_release(&dates);
	strbuf_release(&discount);
	strbuf_release(&percent);
	strbuf_release(&amount);
	return rc;
}

int retarget_close(struct retarget *r, int ok)
{
	int rc = 0;

	if (r->codes_open) {
		r->codes_open = 0;
		if (ok && !r->codes.failed) {
			rc = output_commit(&r->codes);
			if (!rc)
				msg_info("wrote %lu voucher codes to %s", r->items_with_voucher, msg_quote(r->codes_output));
		} else {
			int err = r->codes.err;
			output_abort(&r->codes);
			if (ok)
				rc = msg_fail(EXIT_OUTPUT, "cannot write the voucher codes %s: %s", msg_quote(r->codes_output),
					      strerror(err));
		}
	}
	if (!rc && ok && r->active && r->writing && r->promotions_output)
		rc = write_promotions(r);
	return rc;
}
