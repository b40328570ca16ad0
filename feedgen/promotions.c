/* promotions.c: the Google Merchant Center promotions feed, TSV or XML (see promotions.h).
 * Owns: the output of one write (opened, committed or aborted here). */
#include "promotions.h"
#include "csv.h"
#include "msg.h"
#include "output.h"
#include "strbuf.h"
#include "cisearch.h"
#include "text.h"
#include <ctype.h>
#include <errno.h>
#include <libxml/xmlwriter.h>
#include <string.h>
#include <strings.h>

int promotions_format_from_path(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return -1;
	if (!strcasecmp(dot, ".xml"))
		return PROMOTIONS_XML;
	if (!strcasecmp(dot, ".tsv") || !strcasecmp(dot, ".txt"))
		return PROMOTIONS_TSV;
	return -1;
}

/* A date inside a title: 2026-05-01, 05/31, 31.05. (digits around '-', '/' or '.' date marks) */
static int has_date(const char *s)
{
	for (const char *p = s; *p; p++) {
		const char *q = p;
		int a = 0, b = 0;
		if (p > s && isdigit((unsigned char)p[-1]))
			continue;
		while (isdigit((unsigned char)*q))
			q++, a++;
		if (!a || (*q != '-' && *q != '/' && *q != '.'))
			continue;
		{
			char sep = *q++;
			while (isdigit((unsigned char)q[b]))
				b++;
			if (!b || b > 4)
				continue;
			if (sep == '-' && a == 4 && b == 2)
				return 1;      /* 2026-05 */
			if (sep == '/' && a <= 4 && b <= 4)
				return 1;      /* 5/31, 31/05/2026 */
			if (sep == '.' && a <= 2 && b <= 2 && q[b] == '.')
				return 1;      /* 31.05. */
		}
	}
	return 0;
}

const char *promotion_title_problem(const char *title, const char *code)
{
	size_t n = strlen(title);
	struct ci_needle needle;

	if (!n)
		return "is empty";
	if (!utf8_is_valid(title, n))
		return "is not valid UTF-8";
	if (utf8_length(title, n) > 60)
		return "is longer than 60 characters";
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)title[i] < 0x20 || title[i] == 0x7f)
			return "holds a control character (tab or line break)";
	if (code && (ci_needle_init(&needle, code), ci_contains(title, n, &needle)))
		return "holds the voucher code (Google shows the code separately; the title must not contain it)";
	if (has_date(title))
		return "holds a date (Google shows the dates separately; the title must not contain one)";
	return NULL;
}

const char *promotion_problem(const struct promotion *p)
{
	const char *why;
	size_t n = p->promotion_id ? strlen(p->promotion_id) : 0;

	if (n < 1 || n > 50)
		return "promotion_id must be 1 to 50 characters";
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)p->promotion_id[i]) && p->promotion_id[i] != '_' && p->promotion_id[i] != '-')
			return "promotion_id may hold only letters, digits, '_' and '-'";
	if (!p->product_applicability || (strcmp(p->product_applicability, "all_products") &&
					  strcmp(p->product_applicability, "specific_products")))
		return "product_applicability must be all_products or specific_products";
	if (!p->offer_type || (strcmp(p->offer_type, "generic_code") && strcmp(p->offer_type, "no_code")))
		return "offer_type must be generic_code or no_code";
	if (!strcmp(p->offer_type, "generic_code") && (!p->generic_redemption_code || !*p->generic_redemption_code))
		return "offer_type generic_code needs generic_redemption_code";
	if (!p->long_title || (why = promotion_title_problem(p->long_title, p->generic_redemption_code)))
		return "long_title must be 1 to 60 characters without the code or a date";
	if (!p->effective_dates || !strchr(p->effective_dates, '/'))
		return "promotion_effective_dates must be START/END";
	if (!p->redemption_channel || (strcmp(p->redemption_channel, "online") && strcmp(p->redemption_channel, "in_store") &&
				       strcmp(p->redemption_channel, "online_and_in_store")))
		return "redemption_channel must be online, in_store or online_and_in_store";
	if (!p->ndestinations)
		return "promotion_destination needs at least one value";
	for (size_t i = 0; i < p->ndestinations; i++)
		if (strcmp(p->destinations[i], "Shopping_ads") && strcmp(p->destinations[i], "Free_listings") &&
		    strcmp(p->destinations[i], "Local_inventory_ads") && strcmp(p->destinations[i], "Buy_on_Google_listings"))
			return "promotion_destination must be Shopping_ads, Free_listings, Local_inventory_ads or Buy_on_Google_listings";
	if (!!p->percent_off == !!p->money_off_amount)
		return "a promotion needs exactly one of percent_off and money_off_amount";
	if (!p->coupon_value_type || strcmp(p->coupon_value_type, p->percent_off ? "percent_off" : "money_off"))
		return "coupon_value_type must match the discount (percent_off or money_off)";
	return NULL;
}

struct attr {
	const char *name, *value;
};

static size_t attributes(const struct promotion *p, struct attr *a, size_t max)
{
	size_t n = 0;

#define ADD(nm, v) do { if ((v) && n < max) { a[n].name = (nm); a[n].value = (v); n++; } } while (0)
	ADD("promotion_id", p->promotion_id);
	ADD("product_applicability", p->product_applicability);
	ADD("offer_type", p->offer_type);
	ADD("generic_redemption_code", p->generic_redemption_code);
	ADD("long_title", p->long_title);
	ADD("promotion_effective_dates", p->effective_dates);
	ADD("redemption_channel", p->redemption_channel);
	for (size_t i = 0; i < p->ndestinations; i++)
		ADD("promotion_destination", p->destinations[i]);
	ADD("coupon_value_type", p->coupon_value_type);
	ADD("percent_off", p->percent_off);
	ADD("money_off_amount", p->money_off_amount);
#undef ADD
	return n;
}

static int xml_write_cb(void *ctx, const char *buf, int len)
{
	output_write(ctx, buf, (size_t)len);
	return ((struct output *)ctx)->failed ? -1 : len;
}

static int xml_close_cb(void *ctx)
{
	return 0;
}

int promotions_write(const char *path, const struct promotion *p)
{
	struct output out;
	struct attr a[16];
	size_t n = attributes(p, a, sizeof(a) / sizeof(*a));
	int format = promotions_format_from_path(path), rc;

	if ((rc = output_open(&out, path)))
		return rc;
	if (format == PROMOTIONS_XML) {
		xmlTextWriterPtr xml = xmlNewTextWriter(xmlOutputBufferCreateIO(xml_write_cb, xml_close_cb, &out, NULL));
		if (!xml) {
			output_abort(&out);
			return msg_fail(EXIT_OUTPUT, "cannot write the promotions feed %s: out of memory", msg_quote(path));
		}
		xmlTextWriterSetIndent(xml, 1);
		xmlTextWriterSetIndentString(xml, BAD_CAST "  ");
		xmlTextWriterStartDocument(xml, NULL, "UTF-8", NULL);
		xmlTextWriterStartElement(xml, BAD_CAST "promotions");
		xmlTextWriterStartElement(xml, BAD_CAST "promotion");
		for (size_t i = 0; i < n; i++)
			xmlTextWriterWriteElement(xml, BAD_CAST a[i].name, BAD_CAST a[i].value);
		xmlTextWriterEndElement(xml);
		xmlTextWriterEndElement(xml);
		xmlTextWriterEndDocument(xml);
		xmlTextWriterFlush(xml);
		xmlFreeTextWriter(xml);
	} else {
		struct strbuf line = STRBUF_INIT;
		for (size_t i = 0; i < n; i++) {
			if (i)
				strbuf_addch(&line, '\t');
			strbuf_addstr(&line, a[i].name);
		}
		strbuf_addch(&line, '\n');
		for (size_t i = 0; i < n; i++) {
			if (i)
				strbuf_addch(&line, '\t');
			csv_add_field(&line, a[i].value, strlen(a[i].value), '\t');
		}
		strbuf_addch(&line, '\n');
		output_write(&out, line.buf, line.len);
		strbuf_release(&line);
	}
	if (out.failed) {
		int err = out.err;
		output_abort(&out);
		return msg_fail(EXIT_OUTPUT, "cannot write the promotions feed %s: %s (the previous file is untouched)",
				msg_quote(path), strerror(err));
	}
	return output_commit(&out);
}
