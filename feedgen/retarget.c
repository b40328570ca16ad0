/* retarget.c: the retargeting stage, its outputs and the exclusivity guard (see retarget.h).
 * Owns: the voucher-codes output and the per-item scratch buffers of struct retarget. */
#include "retarget.h"
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

#define PROMOTION_DEFAULT_DAYS 30

/* A configuration declares which feeds carry the voucher (vouchers.segments): saying for
 * every other feed that it does not is noise there. Set before any option is parsed. */
static int quiet_skips;

void retarget_quiet_skips(int on)
{
	quiet_skips = on;
}

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

/* --- options --- */

static int parse_field(const char *opt, const char *arg, enum item_field *out)
{
	int f = item_field_from_name(arg);

	if (f < 0)
		return msg_fail(EXIT_USAGE, "option --%s: unknown field %s (e.g. custom_label_3)", opt, msg_quote(arg));
	*out = (enum item_field)f;
	return 0;
}

static int parse_number(const char *opt, const char *arg, long min, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(arg, &end, 10);
	if (errno || *end || end == arg || *out < min || *out > max)
		return msg_fail(EXIT_USAGE, "option --%s: %s is not a whole number from %ld to %ld", opt, msg_quote(arg), min, max);
	return 0;
}

static int parse_amount(const char *opt, const char *arg, money_t *out)
{
	const char *why;

	if (money_parse(arg, out, &why))
		return msg_fail(EXIT_USAGE, "option --%s: %s %s (e.g. 5.00)", opt, msg_quote(arg), why);
	if (*out <= 0)
		return msg_fail(EXIT_USAGE, "option --%s: %s must be above zero", opt, msg_quote(arg));
	return 0;
}

int retarget_option(struct retarget *r, const char *name, const char *arg)
{
	struct voucher *v = &r->voucher;
	const char *why;
	int s;

	if (!strncmp(name, "voucher-", 8) && strcmp(name, "voucher-code") && strcmp(name, "voucher-code-field"))
		r->voucher_options_seen = name;
	if (!strcmp(name, "unique-vouchers"))
		r->voucher_options_seen = name;

	if (!strcmp(name, "segment")) {
		if ((s = segment_from_name(arg)) < 0)
			return msg_fail(EXIT_USAGE, "option --segment: unknown segment %s (use viewers, cart_abandoners or checkout_dropoffs)",
					msg_quote(arg));
		r->segment = (enum segment)s;
	} else if (!strcmp(name, "segment-field"))
		return parse_field(name, arg, &r->segment_field);
	else if (!strcmp(name, "segment-message-field"))
		return parse_field(name, arg, &r->message_field);
	else if (!strcmp(name, "voucher-code-field"))
		return parse_field(name, arg, &r->code_field);
	else if (!strcmp(name, "voucher-message-field"))
		return parse_field(name, arg, &r->voucher_message_field);
	else if (!strcmp(name, "segment-message"))
		r->message = arg;
	else if (!strcmp(name, "benefit"))
		r->benefit = arg;
	else if (!strcmp(name, "payment-text"))
		r->payment_text = arg;
	else if (!strcmp(name, "voucher-message"))
		r->voucher_message = arg;
	else if (!strcmp(name, "promotion-title"))
		r->promotion_title = arg;
	else if (!strcmp(name, "promotion-destination"))
		r->promotion_destination = arg;
	else if (!strcmp(name, "voucher-codes-output"))
		r->codes_output = arg;
	else if (!strcmp(name, "promotions-output"))
		r->promotions_output = arg;
	else if (!strcmp(name, "free-shipping-over"))
		return parse_amount(name, arg, &r->free_shipping_over);
	else if (!strcmp(name, "returns-days"))
		return parse_number(name, arg, 1, 3650, &r->returns_days);
	else if (!strcmp(name, "voucher-code")) {
		if ((why = voucher_code_problem(arg)))
			return msg_fail(EXIT_USAGE, "option --voucher-code: %s %s", msg_quote(arg), why);
		v->code = arg;
	} else if (!strcmp(name, "voucher-percent"))
		return parse_number(name, arg, 1, 99, &v->percent);
	else if (!strcmp(name, "voucher-amount"))
		return parse_amount(name, arg, &v->amount);
	else if (!strcmp(name, "voucher-valid")) {
		if (iso8601_parse_window(arg, &v->from, &v->until, &why))
			return msg_fail(EXIT_USAGE, "option --voucher-valid: %s %s", msg_quote(arg), why);
		v->has_window = 1;
	} else if (!strcmp(name, "voucher-segments")) {
		if (segment_parse_list(arg, &v->segments, &why))
			return msg_fail(EXIT_USAGE, "option --voucher-segments: unknown segment %s (use viewers, cart_abandoners, checkout_dropoffs)",
					msg_quote(why));
	} else if (!strcmp(name, "voucher-products"))
		voucher_set_products(v, arg);
	else if (!strcmp(name, "voucher-campaign")) {
		if ((why = voucher_campaign_problem(arg)))
			return msg_fail(EXIT_USAGE, "option --voucher-campaign: %s %s", msg_quote(arg), why);
		v->campaign = arg;
	} else if (!strcmp(name, "unique-vouchers"))
		v->unique = 1;
	else if (!strcmp(name, "voucher-apply-price"))
		v->apply_price = 1;
	else
		return msg_fail(EXIT_USAGE, "option --%s: not a retargeting option", name);
	return 0;
}

/* --- templates with {name} placeholders --- */

struct var {
	const char *name, *value;
};

/* Expand {name} from vars, then from the item's fields (when it is given); unknown names are
 * kept literally. One pass: values are never expanded again. */
static void expand(struct strbuf *out, const char *tmpl, const struct var *vars, size_t nvars, const struct item *it)
{
	const char *p = tmpl;

	while (*p) {
		const char *open = strchr(p, '{'), *close;
		size_t n, i;
		if (!open || !(close = strchr(open + 1, '}'))) {
			strbuf_addstr(out, p);
			return;
		}
		strbuf_add(out, p, (size_t)(open - p));
		n = (size_t)(close - open - 1);
		for (i = 0; i < nvars; i++)
			if (strlen(vars[i].name) == n && !memcmp(vars[i].name, open + 1, n))
				break;
		if (i < nvars) {
			strbuf_addstr(out, vars[i].value ? vars[i].value : "");
		} else if (it && n < 48) {
			char token[52];
			memcpy(token, open, n + 2);
			token[n + 2] = '\0';
			enrich_expand(out, token, it);
		} else {
			strbuf_add(out, open, n + 2);
		}
		p = close + 1;
	}
}

/* Whether expand() would read the item: a {name} none of vars names. */
static int uses_item(const char *tmpl, const struct var *vars, size_t nvars)
{
	for (const char *p = tmpl, *open, *close; (open = strchr(p, '{')) && (close = strchr(open + 1, '}')); p = close + 1) {
		size_t n = (size_t)(close - open - 1), i;
		for (i = 0; i < nvars; i++)
			if (strlen(vars[i].name) == n && !memcmp(vars[i].name, open + 1, n))
				break;
		if (i == nvars && n < 48)
			return 1;
	}
	return 0;
}

static void discount_vars(struct retarget *r, struct strbuf *discount, struct strbuf *percent, struct strbuf *amount)
{
	voucher_discount_text(discount, &r->voucher, r->decimals, r->currency);
	if (r->voucher.percent)
		strbuf_addf(percent, "%ld", r->voucher.percent);
	else
		money_format(amount, r->voucher.amount, r->decimals, r->currency);
}

/* --- finish: check the combination --- */

static int split_destinations(const char *list, char *buf, size_t size, const char **out, size_t max, size_t *n)
{
	char *p = buf;

	*n = 0;
	if (strlen(list) >= size)
		return -1;
	strcpy(buf, list);
	while (p) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		while (*p == ' ')
			p++;
		if (*p) {
			if (*n == max)
				return -1;
			out[(*n)++] = p;
		}
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

/* What every item's voucher texts and the guard share, built once (issue 12): {discount}
 * {percent} {amount}, the code's and promotion id's needles, and the guard's message when it
 * names no item field. */
static void voucher_texts(struct retarget *r)
{
	const struct voucher *v = &r->voucher;

	strbuf_reset(&r->discount);
	strbuf_reset(&r->percent);
	strbuf_reset(&r->amount);
	discount_vars(r, &r->discount, &r->percent, &r->amount);
	ci_needle_init(&r->code_needle, v->code);
	ci_needle_init(&r->promotion_needle, v->promotion_id);
	const struct var vars[] = { { "code", v->code }, { "discount", r->discount.buf }, { "percent", r->percent.buf },
				    { "amount", r->amount.buf } };
	r->guard_fixed = !uses_item(r->voucher_message, vars, 4);
	strbuf_reset(&r->guard_fixed_text);
	if (r->guard_fixed)
		expand(&r->guard_fixed_text, r->voucher_message, vars, 4, NULL);
	ci_needle_init(&r->guard_needle, r->guard_fixed && r->guard_fixed_text.len >= 8 ? r->guard_fixed_text.buf : NULL);
}

int retarget_finish(struct retarget *r, const char *currency, int decimals, int writing)
{
	struct voucher *v = &r->voucher;

	r->currency = currency;
	r->decimals = decimals;
	r->writing = writing;
	r->now = dates_run_time();
	/* what every item's messages share, built once (issue 12) */
	strbuf_reset(&r->shipping_over);
	strbuf_reset(&r->returns);
	if (r->free_shipping_over) {
		strbuf_addstr(&r->shipping_over, "Free shipping over ");
		money_format(&r->shipping_over, r->free_shipping_over, r->decimals, r->currency);
	}
	if (r->returns_days)
		strbuf_addf(&r->returns, "%ld-day returns", r->returns_days);
	if (!v->code) {
		if (r->voucher_options_seen)
			return msg_fail(EXIT_USAGE, "option --%s needs --voucher-code CODE", r->voucher_options_seen);
		if (r->promotions_output)
			return msg_fail(EXIT_USAGE, "option --promotions-output needs --voucher-code CODE");
		return 0;
	}
	if (!v->percent == !v->amount)
		return msg_fail(EXIT_USAGE, v->percent ? "give --voucher-percent or --voucher-amount, not both"
					     : "option --voucher-code needs --voucher-percent N or --voucher-amount N");
	if (v->amount && money_round(v->amount, decimals) != v->amount)
		return msg_fail(EXIT_USAGE, "option --voucher-amount: %s has %d decimals at most", currency, decimals);
	if (r->free_shipping_over && money_round(r->free_shipping_over, decimals) != r->free_shipping_over)
		return msg_fail(EXIT_USAGE, "option --free-shipping-over: %s has %d decimals at most", currency, decimals);
	if (r->codes_output && !v->unique)
		return msg_fail(EXIT_USAGE, "option --voucher-codes-output needs --unique-vouchers (a shared code is created once in the shop)");
	if (r->promotions_output && v->unique)
		return msg_fail(EXIT_USAGE, "option --promotions-output takes one shared code: Google promotions have no per-product "
				"codes (drop --unique-vouchers for the Google feed)");
	if (r->promotions_output && promotions_format_from_path(r->promotions_output) < 0)
		return msg_fail(EXIT_USAGE, "option --promotions-output: %s must end in .tsv, .txt or .xml", msg_quote(r->promotions_output));
	if (!v->campaign)
		v->campaign = v->code;
	voucher_promotion_id(v->promotion_id, v->code, v->campaign);
	voucher_texts(r);
	{
		struct strbuf title = STRBUF_INIT, discount = STRBUF_INIT, percent = STRBUF_INIT, amount = STRBUF_INIT;
		const struct var vars[] = { { "discount", NULL }, { "percent", NULL }, { "amount", NULL } };
		struct var vv[3];
		const char *why;
		memcpy(vv, vars, sizeof(vv));
		discount_vars(r, &discount, &percent, &amount);
		vv[0].value = discount.buf;
		vv[1].value = percent.buf;
		vv[2].value = amount.buf;
		expand(&title, r->promotion_title, vv, 3, NULL);
		why = promotion_title_problem(title.buf, v->code);
		if (why)
			msg_error("option --promotion-title: %s %s", msg_quote(title.buf), why);
		strbuf_release(&title);
		strbuf_release(&discount);
		strbuf_release(&percent);
		strbuf_release(&amount);
		if (why)
			return EXIT_USAGE;
	}
	{
		char buf[256];
		const char *d[8];
		size_t n;
		if (split_destinations(r->promotion_destination, buf, sizeof(buf), d, 8, &n) || !n)
			return msg_fail(EXIT_USAGE, "option --promotion-destination: %s is not a list of destinations",
					msg_quote(r->promotion_destination));
		for (size_t i = 0; i < n; i++) {
			if (strcmp(d[i], "Shopping_ads") && strcmp(d[i], "Free_listings") && strcmp(d[i], "Local_inventory_ads") &&
			    strcmp(d[i], "Buy_on_Google_listings"))
				return msg_fail(EXIT_USAGE, "option --promotion-destination: unknown destination %s (use Shopping_ads, "
						"Free_listings, Local_inventory_ads or Buy_on_Google_listings)", msg_quote(d[i]));
		}
	}

	/* exclusivity: the voucher is applied only to a segment it is for */
	r->active = r->segment != SEGMENT_NONE && (v->segments & SEGMENT_BIT(r->segment));
	if (r->active && v->has_window && v->until <= r->now) {
		struct strbuf when = STRBUF_INIT;
		iso8601_format(&when, v->until, 1);
		msg_warning("voucher %s expired at %s: not applied", msg_quote(v->code), when.buf);
		strbuf_release(&when);
		r->active = 0;
	} else if (!r->active && !quiet_skips) {
		msg_info(r->segment == SEGMENT_NONE ? "voucher %s not applied: a feed without --segment is for new audiences%s"
						    : "voucher %s not applied: it is not for the %s segment", msg_quote(v->code),
			 r->segment == SEGMENT_NONE ? "" : segment_name(r->segment));
	}
	if (!r->active && writing && (r->promotions_output || r->codes_output))
		msg_warning("%s%s%s not written: the voucher is not applied to this feed", r->promotions_output ? "--promotions-output" : "",
			    r->promotions_output && r->codes_output ? " and " : "", r->codes_output ? "--voucher-codes-output" : "");
	if (r->active && v->unique)
		return voucher_load_secret(v);
	return 0;
}

int retarget_open(struct retarget *r)
{
	static const char header[] = "code,sku,segment,campaign\r\n";
	int rc;

	if (!r->active || !r->writing || !r->codes_output)
		return 0;
	if ((rc = output_open(&r->codes, r->codes_output)))
		return rc;
	r->codes_open = 1;
	output_write(&r->codes, header, sizeof(header) - 1);
	return 0;
}

/* --- the stage --- */

static int ends_sentence(const char *s, size_t len)
{
	if (!len)
		return 1;
	if (strchr(".!?", s[len - 1]))
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
	if (out->len)
		strbuf_addstr(out, ends_sentence(out->buf, out->len) ? " " : ". ");
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
	cut = utf8_prefix_bytes(s, end, BENEFIT_MAX_CHARS);
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

/* The fields of the memo's item that hold the needle, found once per item and string. */
static uint64_t memo_fields(struct retarget_memo *m, const struct ci_needle *nd)
{
	uint64_t fields = 0;
	size_t i;

	if (!nd->len)
		return 0;
	for (i = 0; i < m->nkeys; i++)
		if (m->keys[i].s.len == nd->len && !memcmp(m->keys[i].s.buf, nd->s, nd->len))
			return m->keys[i].fields;
	for (int f = 0; f < ITEM_FIELD_COUNT; f++)
		if (ci_contains(m->src->field[f].buf, m->src->field[f].len, nd))
			fields |= ITEM_BIT(f);
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
		const struct var vars[] = {
			{ "benefit", benefit }, { "voucher_message", vmsg }, { "voucher_code", r->code.buf },
			{ "urgency", urgency }, { "free_shipping", shipping }, { "returns", r->returns.buf },
			{ "payment", r->payment_text }, { "segment", segment_name(r->segment) }, { "discount", r->applied ? r->discount.buf : "" },
		};
		expand(msg, r->message, vars, sizeof(vars) / sizeof(*vars), it);
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

int retarget_item(struct retarget *r, const struct urgency_options *u, struct item *it, struct retarget_memo *m)
{
	struct voucher *v = &r->voucher;
	const char *urgency = "";

	r->applied = 0;
	r->sale_before = it->sale_price;
	strbuf_reset(&r->date_before);
	strbuf_addstr(&r->date_before, item_get(it, ITEM_SALE_PRICE_EFFECTIVE_DATE));
	strbuf_reset(&r->code);
	if (r->segment == SEGMENT_NONE)
		return 0;

	item_set(it, r->segment_field, segment_name(r->segment));
	strbuf_reset(&r->benefit_text);
	if (r->benefit)
		expand(&r->benefit_text, r->benefit, NULL, 0, it);
	else
		add_benefit(&r->benefit_text, it, m);
	item_set(it, ITEM_BENEFIT, r->benefit_text.buf);
	if (u && (!strcmp(item_get(it, u->flag_field), "low_stock") || !strcmp(item_get(it, u->flag_field), "last_chance")))
		urgency = item_get(it, u->text_field);

	strbuf_reset(&r->voucher_text);
	if (r->active && voucher_for_product(v, item_get(it, ITEM_ID), item_get(it, ITEM_ITEM_GROUP_ID))) {
		struct var vars[] = { { "code", NULL }, { "discount", r->discount.buf }, { "percent", r->percent.buf },
				      { "amount", r->amount.buf } };
		if (v->unique)
			voucher_unique_code(&r->code, v->secret, v->secret_len, v->code, v->campaign, segment_name(r->segment),
					    item_get(it, ITEM_ID));
		else
			strbuf_addstr(&r->code, v->code);
		vars[0].value = r->code.buf;
		expand(&r->voucher_text, r->voucher_message, vars, 4, it);
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
	needles[0] = r->code_needle;
	needles[1] = r->promotion_needle;
	if (r->guard_fixed)
		needles[2] = r->guard_needle;
	else {
		/* the message as it would read for this item with the shared code */
		const struct var vars[] = { { "code", v->code }, { "discount", r->discount.buf }, { "percent", r->percent.buf },
					    { "amount", r->amount.buf } };
		strbuf_reset(msg);
		expand(msg, r->voucher_message, vars, 4, it);
		ci_needle_init(&needles[2], msg->len >= 8 ? msg->buf : NULL);
	}
	/* the fields this feed did not change are the item's, searched once for every feed; the
	 * others (the segment's labels, a rule's) in this feed's copy */
	uint64_t own = memo ? it->changed : ITEM_BIT(ITEM_FIELD_COUNT) - 1, any = 0;
	for (int k = 0; k < 3; k++) {
		hits[k] = memo ? memo_fields(m, &needles[k]) & ~own : 0;
		for (uint64_t rest = own; rest; rest &= rest - 1) {
			int f = __builtin_ctzll(rest);
			if (ci_contains(it->field[f].buf, it->field[f].len, &needles[k]))
				hits[k] |= ITEM_BIT(f);
		}
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
	discount_vars(r, &discount, &percent, &amount);
	{
		struct var vars[] = { { "discount", discount.buf }, { "percent", percent.buf }, { "amount", amount.buf } };
		expand(&title, r->promotion_title, vars, 3, NULL);
	}
	iso8601_format(&dates, v->has_window ? v->from : r->now, 1);
	strbuf_addch(&dates, '/');
	iso8601_format(&dates, v->has_window ? v->until : r->now + PROMOTION_DEFAULT_DAYS * 86400LL, 1);
	split_destinations(r->promotion_destination, buf, sizeof(buf), dest, 8, &ndest);
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
