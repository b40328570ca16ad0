/* retarget_config.c: the retargeting stage's configuration (see retarget.h): its options, the
 * {name} templates of its texts, and retarget_finish's check of the combination, with the texts
 * built once per feed. The stage itself is retarget.c. Owns: nothing beyond struct retarget's
 * options and once-per-feed texts. */
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

/* A configuration declares which feeds carry the voucher (vouchers.segments): saying for
 * every other feed that it does not is noise there. Set before any option is parsed. */
static int quiet_skips;

void retarget_quiet_skips(int on)
{
	quiet_skips = on;
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

/* Expand {name} from vars, then from the item's fields (when it is given); unknown names are
 * kept literally. One pass: values are never expanded again. */
void retarget_expand(struct strbuf *out, const char *tmpl, const struct retarget_var *vars, size_t nvars,
		     const struct item *it)
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

/* Whether retarget_retarget_expand() would read the item: a {name} none of vars names. */
int retarget_uses_item(const char *tmpl, const struct retarget_var *vars, size_t nvars)
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

void retarget_discount_vars(struct retarget *r, struct strbuf *discount, struct strbuf *percent, struct strbuf *amount)
{
	voucher_discount_text(discount, &r->voucher, r->decimals, r->currency);
	if (r->voucher.percent)
		strbuf_addf(percent, "%ld", r->voucher.percent);
	else
		money_format(amount, r->voucher.amount, r->decimals, r->currency);
}

/* --- finish: check the combination --- */

int retarget_split_destinations(const char *list, char *buf, size_t size, const char **out, size_t max, size_t *n)
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
 * names no item field, and whether those needles hold the code's. */
static void voucher_texts(struct retarget *r)
{
	const struct voucher *v = &r->voucher;

	strbuf_reset(&r->discount);
	strbuf_reset(&r->percent);
	strbuf_reset(&r->amount);
	retarget_discount_vars(r, &r->discount, &r->percent, &r->amount);
	ci_needle_init(&r->code_needle, v->code);
	ci_needle_init(&r->promotion_needle, v->promotion_id);
	const struct retarget_var vars[] = { { "code", v->code }, { "discount", r->discount.buf }, { "percent", r->percent.buf },
				    { "amount", r->amount.buf } };
	r->guard_fixed = !retarget_uses_item(r->voucher_message, vars, 4);
	strbuf_reset(&r->guard_fixed_text);
	if (r->guard_fixed)
		retarget_expand(&r->guard_fixed_text, r->voucher_message, vars, 4, NULL);
	ci_needle_init(&r->guard_needle, r->guard_fixed && r->guard_fixed_text.len >= 8 ? r->guard_fixed_text.buf : NULL);
	r->promotion_holds_code = ci_contains(r->promotion_needle.s, r->promotion_needle.len, &r->code_needle);
	r->guard_holds_code = ci_contains(r->guard_needle.s, r->guard_needle.len, &r->code_needle);
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
		const struct retarget_var vars[] = { { "discount", NULL }, { "percent", NULL }, { "amount", NULL } };
		struct retarget_var vv[3];
		const char *why;
		memcpy(vv, vars, sizeof(vv));
		retarget_discount_vars(r, &discount, &percent, &amount);
		vv[0].value = discount.buf;
		vv[1].value = percent.buf;
		vv[2].value = amount.buf;
		retarget_expand(&title, r->promotion_title, vv, 3, NULL);
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
		if (retarget_split_destinations(r->promotion_destination, buf, sizeof(buf), d, 8, &n) || !n)
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
