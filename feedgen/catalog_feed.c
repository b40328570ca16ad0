/* catalog_feed.c: existing feeds as catalogs (see catalog_feed.h): detection of a feed among
 * catalogs, the channel of a feed, and a feed row turned back into an item.
 * Owns: the spooled copy of a piped feed and the source template while a feed is read. */
#define _GNU_SOURCE /* memmem */
#include "catalog_feed.h"
#include "feed_channel.h"
#include "catalog_csv.h"
#include "feed_reader.h"
#include "money.h"
#include "msg.h"
#include "strbuf.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GOOGLE_NS "http://base.google.com/ns/1.0"
#define SNIFF_BYTES 65536
#define SNIFF_LINES 5 /* lines of a text feed looked at for its header (Meta's '#' rows, TikTok's) */

/* ---- detection ---- */

static int has_bytes(const unsigned char *buf, size_t n, const char *s)
{
	return memmem(buf, n, s, strlen(s)) != NULL;
}

/* An XML feed: the root element (after the declaration, comments, a DOCTYPE) is rss or feed
 * (any prefix), and the document uses Google's namespace or has <item>/<entry> elements. */
static int sniff_xml(const unsigned char *buf, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const unsigned char *lt = memchr(buf + i, '<', n - i);
		if (!lt)
			return 0;
		i = (size_t)(lt - buf) + 1;
		if (i < n && isalpha(buf[i])) {
			size_t start = i, colon = 0;
			while (i < n && (isalnum(buf[i]) || buf[i] == ':' || buf[i] == '-' || buf[i] == '_'))
				colon = buf[i] == ':' ? i + 1 : colon, i++;
			start = colon ? colon : start;
			if (!((i - start == 3 && !memcmp(buf + start, "rss", 3)) || (i - start == 4 && !memcmp(buf + start, "feed", 4))))
				return 0;
			return has_bytes(buf, n, GOOGLE_NS) || has_bytes(buf, n, "<item") || has_bytes(buf, n, "<entry");
		}
	}
	return 0;
}

/* One header cell as a feed attribute name: quotes, spaces, a "g:" prefix and a "(a:b)"
 * declaration removed, lower case. */
static void cell_name(struct strbuf *out, const char *s, size_t n)
{
	strbuf_reset(out);
	while (n && (*s == ' ' || *s == '"'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == '\r'))
		n--;
	if (n > 2 && !strncasecmp(s, "g:", 2))
		s += 2, n -= 2;
	for (size_t k = 0; k < n && s[k] != '('; k++)
		strbuf_addch(out, (char)tolower((unsigned char)s[k]));
}

/* A header line of a feed: id (or sku_id) and title, and price or availability, and not a
 * shop export (Shopify's, WooCommerce's: csv_catalog_kind_of_header). */
static int header_is_feed(const char *line, size_t len)
{
	size_t tabs = 0, commas = 0, nf = 0;
	int id = 0, title = 0, offer = 0;
	char sep, *fields[256];
	struct strbuf name = STRBUF_INIT;
	const char *p = line, *end = line + len;

	for (size_t k = 0; k < len; k++)
		tabs += line[k] == '\t', commas += line[k] == ',';
	sep = tabs > commas ? '\t' : ',';
	while (p <= end && nf < 256) {
		const char *stop = memchr(p, sep, (size_t)(end - p));
		if (!stop)
			stop = end;
		cell_name(&name, p, (size_t)(stop - p));
		id |= !strcmp(name.buf, "id") || !strcmp(name.buf, "sku_id");
		title |= !strcmp(name.buf, "title");
		offer |= !strcmp(name.buf, "price") || !strcmp(name.buf, "availability");
		fields[nf++] = strbuf_detach(&name, NULL);
		p = stop + 1;
	}
	if (id && title && offer && csv_catalog_kind_of_header(fields, nf) != CSV_CATALOG_NONE)
		id = 0; /* a shop export that happens to name them */
	for (size_t k = 0; k < nf; k++)
		free(fields[k]);
	strbuf_release(&name);
	return id && title && offer;
}

static int sniff_text(const unsigned char *buf, size_t n)
{
	const char *p = (const char *)buf, *end = p + n;

	if (n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF)
		p += 3;
	for (int lines = 0; p < end && lines < SNIFF_LINES; lines++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		if (header_is_feed(p, len))
			return 1;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

/* The first byte that is not a BOM or white space, peeked (those before it are consumed, as
 * catalog_is_csv() does). */
static int peek_first(FILE *fp)
{
	int c = getc(fp);

	if (c == 0xEF && getc(fp) == 0xBB && getc(fp) == 0xBF)
		c = getc(fp);
	while (c == ' ' || c == '\t' || c == '\r' || c == '\n')
		c = getc(fp);
	if (c != EOF)
		ungetc(c, fp);
	return c;
}

/* A shop's own type (JSON records or its CSV export): a feed given one is a mistake to name. Other
 * types (a mapped catalog) read what they are told to, feed-like header or not. */
static int shop_type(const char *type)
{
	static const char *const shops[] = { "shopify", "woocommerce", "tiktokshop", "shopify-csv", "woocommerce-csv" };

	for (size_t i = 0; i < sizeof(shops) / sizeof(*shops); i++)
		if (!strcmp(type, shops[i]))
			return 1;
	return 0;
}

int catalog_feed_detect(const char *type, FILE *fp, int seekable, const char *source, int *is_feed)
{
	unsigned char *head;
	size_t n;
	int first, feed;

	*is_feed = 0;
	first = peek_first(fp); /* JSON is told by its first byte: nothing more is read */
	if (!seekable || first == '[' || first == '{' || first == EOF) {
		feed = first == '<';
		if (type && !strcmp(type, "feed"))
			feed = first != '[' && first != '{'; /* the reader says what else it is */
	} else {
		rewind(fp);
		if (!(head = malloc(SNIFF_BYTES)))
			return msg_fail(EXIT_NOMEM, "out of memory");
		n = fread(head, 1, SNIFF_BYTES, fp);
		if (ferror(fp)) {
			free(head);
			return msg_fail(EXIT_INPUT, "cannot read catalog %s: %s", msg_quote(source), strerror(errno ? errno : EIO));
		}
		rewind(fp);
		feed = first == '<' ? sniff_xml(head, n) : sniff_text(head, n);
		if (type && !strcmp(type, "feed"))
			feed = 1; /* a CSV without an id column, binary data: the feed reader names the problem */
		free(head);
	}
	if (type && !strcmp(type, "feed") && !feed)
		return msg_fail(EXIT_USAGE, "catalog %s is JSON, not a feed (--catalog-type feed reads CSV, TSV or XML feeds; "
			       "drop the option or give the shop's type)", msg_quote(source));
	if (type && strcmp(type, "feed") && !shop_type(type))
		feed = 0;
	if (type && strcmp(type, "feed") && feed)
		return msg_fail(EXIT_USAGE, "catalog %s is a product feed, not a %s catalog: use --catalog-type feed",
				msg_quote(source), type);
	*is_feed = feed;
	return 0;
}

/* ---- the channel ---- */

int catalog_feed_channel(FILE *fp, const char *source, const char *given, const struct template **tpl)
{
	char names[1024];
	const char *best = NULL;
	struct feed_source src = { NULL, fp, source, "catalog" };
	int rc;

	*tpl = NULL;
	if (given)
		return (*tpl = template_load(given)) ? 0 : EXIT_USAGE;
	template_list(names, sizeof(names));
	rc = feed_channel_detect(&src, names, &best);
	rewind(fp);
	if (rc)
		return rc;
	if (!best)
		return msg_fail(EXIT_INPUT, "catalog %s line 1: not a feed of a known channel: no item with an id, or no header "
				"row naming feed attributes such as id, title, price (give the channel with --catalog-channel)",
				msg_quote(source));
	if (msg_is_verbose())
		msg_info("reading catalog %s as a %s feed", msg_quote(source), best);
	return (*tpl = template_load(best)) ? 0 : EXIT_USAGE;
}

/* ---- a row as an item ---- */

/* Price and sale price with the normaliser's rules, in the currency the price names (else the
 * run's --currency). A sale price in another currency than the price is an error. */
static void fill_prices(struct normalizer *n, const char *price, const char *sale)
{
	struct item *it = &n->item;
	struct strbuf p = STRBUF_INIT, s = STRBUF_INIT;
	char pc[4], sc[4];
	int dec;

	money_split_price(price ? price : "", &p, pc);
	money_split_price(sale ? sale : "", &s, sc);
	if (pc[0] && (dec = currency_decimals(pc)) >= 0) {
		memcpy(it->currency, pc, 4);
		it->currency_decimals = dec;
	} else if (pc[0]) {
		item_finding(it, SEV_ERROR, "price", "price", "%s: '%s' is not an ISO 4217 currency code", msg_quote(price), pc);
		goto out;
	}
	if (sc[0] && strcmp(sc, it->currency)) {
		item_finding(it, SEV_ERROR, "price", "sale_price", "%s is not in the price's currency %s", msg_quote(sale),
			     it->currency);
		strbuf_reset(&s);
	}
	normalize_regular_sale(it, n->opt, p.buf, s.len ? s.buf : NULL);
	if (s.len && it->price && !it->sale_price)
		item_finding(it, SEV_WARNING, "price", "sale_price", "sale price %s is not lower than the price %s; left out",
			     msg_quote(sale), price);
out:
	strbuf_release(&p);
	strbuf_release(&s);
}

/* Each value of a multi-valued row value (ITEM_VALUE_SEP between them) to fn's field. */
static void each_value(struct item *it, enum item_field f, const char *v, int image)
{
	struct strbuf one = STRBUF_INIT;

	for (const char *p = v;;) {
		const char *sep = strchr(p, ITEM_VALUE_SEP);
		strbuf_reset(&one);
		strbuf_add(&one, p, sep ? (size_t)(sep - p) : strlen(p));
		if (one.len && image)
			normalize_image(it, f, one.buf);
		else if (one.len)
			normalize_add_text(it, f, one.buf, one.len);
		if (!sep)
			break;
		p = sep + 1;
	}
	strbuf_release(&one);
}

static void fill_quantity(struct item *it, const char *v)
{
	char *end, buf[32];
	long q;

	errno = 0;
	q = strtol(v, &end, 10);
	if (end == v || *end || errno) {
		item_finding(it, SEV_WARNING, "stock", "quantity", "quantity %s is not a whole number; left out", msg_quote(v));
		return;
	}
	it->stock = STOCK_TRACKED;
	it->quantity = q < 0 ? 0 : q;
	snprintf(buf, sizeof(buf), "%ld", it->quantity); /* "+7", "007" written as 7 */
	item_set(it, ITEM_QUANTITY, buf);
}

/* One attribute's value into its item field, by the attribute's kind. */
static void fill_value(struct item *it, const struct attribute *a, const char *v)
{
	enum item_field f = (enum item_field)a->from;
	const struct enum_value *match;
	int exact;

	switch (a->kind) {
	case KIND_ENUM:
		if ((match = template_enum_match(a, v, &exact)))
			item_set(it, f, match->canonical);
		else
			normalize_text(it, f, v, 1); /* the channel's validator names the spellings */
		break;
	case KIND_IMAGE_URL:
	case KIND_URL:
		if (a->repeated || f == ITEM_ADDITIONAL_IMAGE_LINK)
			each_value(it, f, v, 1);
		else
			normalize_image(it, f, v);
		break;
	case KIND_GTIN:
		normalize_gtin(it, v);
		break;
	case KIND_INTEGER:
		if (f == ITEM_QUANTITY)
			fill_quantity(it, v);
		else
			normalize_text(it, f, v, 1);
		break;
	case KIND_GROUP: /* groups one after another, as the item keeps them */
		each_value(it, f, v, 0);
		break;
	case KIND_DATE:
	case KIND_DATE_RANGE:
		normalize_text(it, f, v, 1);
		break;
	default:
		if (a->repeated)
			each_value(it, f, v, 0);
		else
			normalize_text(it, f, v, a->single_line || a->kind == KIND_ID);
		break;
	}
}

/* --inventory joins by SKU = id: a known SKU's stock replaces the feed's, and decides the
 * availability (backorder and preorder kept when out of stock). */
static void join_inventory(struct normalizer *n)
{
	struct item *it = &n->item;
	const char *avail = item_get(it, ITEM_AVAILABILITY);
	int later = !strcmp(avail, "backorder") || !strcmp(avail, "preorder");
	long q = 0;

	if (!n->inv || !*item_get(it, ITEM_ID) || !inventory_lookup(n->inv, item_get(it, ITEM_ID), &q))
		return;
	if (!strcmp(avail, "preorder") && q <= 0) {
		it->stock = STOCK_TRACKED;
		it->quantity = 0;
		item_set(it, ITEM_QUANTITY, "0");
		return;
	}
	normalize_stock(it, STOCK_TRACKED, q, later);
}

void catalog_feed_item(struct normalizer *n, const struct row *r)
{
	const struct template *t = r->tpl;
	struct item *it = &n->item;
	const char *price = NULL, *sale = NULL;

	normalize_begin(n, r->source, r->line);
	for (size_t i = 0; i < t->nattrs; i++) {
		const struct attribute *a = &t->attrs[i];
		const char *v = row_get(r, i);
		if (a->from < 0 || !*v || it->field[a->from].len)
			continue; /* no item field, no value, or an earlier attribute filled it */
		if (a->from == ITEM_PRICE)
			price = v;
		else if (a->from == ITEM_SALE_PRICE)
			sale = v;
		else
			fill_value(it, a, v);
	}
	if (price || sale)
		fill_prices(n, price, sale);
	else
		item_finding(it, SEV_ERROR, "required", "price", "no price in the feed");
	it->has_variants = *item_get(it, ITEM_ITEM_GROUP_ID) != '\0'; /* no item_group_id: one variant */
	join_inventory(n);
	for (size_t k = 0; k < r->findings.n; k++) {
		const struct finding *f = &r->findings.v[k];
		item_finding(it, f->severity, f->rule, f->field, "%s", f->message);
	}
}

/* ---- reading ---- */

struct feed_catalog {
	struct normalizer *n;
	int rc;
};

static int on_row(void *ctx, const struct row *r)
{
	struct feed_catalog *fc = ctx;

	fc->n->records++;
	catalog_feed_item(fc->n, r);
	fc->rc = normalize_emit(fc->n);
	return fc->rc != 0;
}

/* A pipe copied to a temporary file, so it can be read more than once. */
static int spool(FILE *in, const char *source, FILE **out)
{
	char buf[1 << 16];
	size_t k;
	FILE *tmp = tmpfile();
	int rc = 0;

	if (!tmp)
		return msg_fail(EXIT_INPUT, "cannot spool catalog %s: %s", msg_quote(source), strerror(errno));
	while (!rc && (k = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, k, tmp) != k)
			rc = msg_fail(EXIT_INPUT, "cannot spool catalog %s: %s", msg_quote(source), strerror(errno));
	if (!rc && (ferror(in) || fflush(tmp) || fseeko(tmp, 0, SEEK_SET)))
		rc = msg_fail(EXIT_INPUT, "cannot read catalog %s: %s", msg_quote(source), strerror(errno ? errno : EIO));
	if (rc)
		fclose(tmp);
	else
		*out = tmp;
	return rc;
}

int catalog_feed_read(FILE *fp, int seekable, const char *source, const char *channel, struct normalizer *n)
{
	struct feed_catalog fc = { n, 0 };
	const struct template *tpl = NULL;
	FILE *in = fp, *spooled = NULL;
	int rc = 0;

	if (!seekable && !(rc = spool(fp, source, &spooled)))
		in = spooled;
	if (!rc && !(rc = catalog_feed_channel(in, source, channel, &tpl))) {
		rc = feed_read_rows_stream(in, source, tpl, on_row, &fc, NULL);
		if (fc.rc)
			rc = fc.rc;
		else if (!rc && ferror(in))
			rc = msg_fail(EXIT_INPUT, "cannot read catalog %s: %s", msg_quote(source), strerror(errno ? errno : EIO));
		else if (rc == FEED_NO_HEADER)
			rc = msg_fail(EXIT_INPUT, "catalog %s: no header row naming %s attributes (such as %s)", msg_quote(source),
				      tpl->title, tpl->id_attribute);
	}
	template_free(tpl);
	if (spooled)
		fclose(spooled);
	if (fp != stdin)
		fclose(fp);
	return rc;
}
