/* voucher.c: voucher codes, unique codes (HMAC-SHA256 from OpenSSL), discounts and the
 * validity window (see voucher.h). Owns: the voucher's product list and secret copy. */
#include "voucher.h"
#include "alloc.h"
#include "msg.h"
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const segment_names[SEGMENT_COUNT] = { "", "viewers", "cart_abandoners", "checkout_dropoffs" };

const char *segment_name(enum segment s)
{
	return (unsigned)s < SEGMENT_COUNT ? segment_names[s] : "";
}

int segment_from_name(const char *name)
{
	for (int i = 1; i < SEGMENT_COUNT; i++)
		if (!strcmp(name, segment_names[i]))
			return i;
	return -1;
}

int segment_parse_list(const char *list, unsigned *mask, const char **bad)
{
	static char unknown[64];
	const char *p = list;

	*mask = 0;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char name[32];
		int s = -1;
		while (n && (*p == ' ')) p++, n--;
		while (n && p[n - 1] == ' ') n--;
		if (n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			s = segment_from_name(name);
		}
		if (s < 0) {
			snprintf(unknown, sizeof(unknown), "%.*s", (int)(n < 60 ? n : 60), p);
			*bad = unknown;
			return -1;
		}
		*mask |= SEGMENT_BIT(s);
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

void voucher_init(struct voucher *v)
{
	memset(v, 0, sizeof(*v));
	v->segments = SEGMENT_BIT(SEGMENT_CART_ABANDONERS);
}

void voucher_release(struct voucher *v)
{
	free(v->products);
	free(v->products_buf);
	if (v->secret) {
		OPENSSL_cleanse(v->secret, v->secret_len);
		free(v->secret);
	}
	v->products = NULL;
	v->products_buf = NULL;
	v->secret = NULL;
	v->nproducts = v->secret_len = 0;
}

static int is_alnum(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

const char *voucher_code_problem(const char *code)
{
	size_t n = strlen(code);

	if (n < VOUCHER_CODE_MIN || n > VOUCHER_CODE_MAX)
		return "must be 3 to 20 characters long";
	if (!is_alnum((unsigned char)code[0]))
		return "must start with a letter or a digit";
	for (size_t i = 0; i < n; i++)
		if (!is_alnum((unsigned char)code[i]) && code[i] != '-' && code[i] != '_')
			return "may hold only letters A-Z, digits, '-' and '_'";
	return NULL;
}

const char *voucher_campaign_problem(const char *name)
{
	size_t n = strlen(name);

	if (n < 1 || n > VOUCHER_CAMPAIGN_MAX)
		return "must be 1 to 40 characters long";
	for (size_t i = 0; i < n; i++)
		if (!is_alnum((unsigned char)name[i]) && !strchr("-_.", name[i]))
			return "may hold only letters A-Z, digits, '-', '_' and '.'";
	return NULL;
}

void voucher_set_products(struct voucher *v, const char *list)
{
	size_t alloc = 0;
	char *p;

	free(v->products);
	free(v->products_buf);
	v->products = NULL;
	v->nproducts = 0;
	v->products_buf = p = xstrdup(list);
	while (p) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		while (*p == ' ')
			p++;
		{
			size_t n = strlen(p);
			while (n && p[n - 1] == ' ')
				p[--n] = '\0';
		}
		if (*p) {
			ALLOC_GROW(v->products, v->nproducts + 1, alloc);
			v->products[v->nproducts++] = p;
		}
		p = comma ? comma + 1 : NULL;
	}
}

int voucher_for_product(const struct voucher *v, const char *id, const char *group_id)
{
	if (!v->nproducts)
		return 1;
	for (size_t i = 0; i < v->nproducts; i++)
		if (!strcmp(v->products[i], id) || (group_id && *group_id && !strcmp(v->products[i], group_id)))
			return 1;
	return 0;
}

int voucher_load_secret(struct voucher *v)
{
	const char *s = getenv(VOUCHER_SECRET_ENV);
	size_t n = s ? strlen(s) : 0;

	if (!n)
		return msg_fail(EXIT_USAGE, "unique voucher codes need the secret key in the environment variable "
				VOUCHER_SECRET_ENV " (e.g. export " VOUCHER_SECRET_ENV "=$(openssl rand -hex 32))");
	if (n < VOUCHER_SECRET_MIN)
		return msg_fail(EXIT_USAGE, "the secret in " VOUCHER_SECRET_ENV " is too short: use at least %d bytes "
				"(e.g. openssl rand -hex 32)", VOUCHER_SECRET_MIN);
	v->secret = xmalloc(n);
	memcpy(v->secret, s, n);
	v->secret_len = n;
	return 0;
}

void voucher_promotion_id(char out[PROMOTION_ID_MAX + 1], const char *code, const char *campaign)
{
	struct strbuf id = STRBUF_INIT;

	strbuf_addf(&id, "promo_%s", code);
	if (campaign && strcmp(campaign, code))
		strbuf_addf(&id, "_%s", campaign);
	for (size_t i = 0; i < id.len; i++)
		if (!is_alnum((unsigned char)id.buf[i]) && id.buf[i] != '-' && id.buf[i] != '_')
			id.buf[i] = '_';
	if (id.len > PROMOTION_ID_MAX) {
		unsigned char md[SHA256_DIGEST_LENGTH];
		SHA256((const unsigned char *)id.buf, id.len, md);
		strbuf_setlen(&id, PROMOTION_ID_MAX - 9);
		strbuf_addf(&id, "_%02x%02x%02x%02x", md[0], md[1], md[2], md[3]);
	}
	memcpy(out, id.buf, id.len + 1);
	strbuf_release(&id);
}

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void voucher_unique_code(struct strbuf *out, const unsigned char *key, size_t keylen, const char *prefix,
			 const char *campaign, const char *segment, const char *sku)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	struct strbuf msg = STRBUF_INIT;
	uint64_t bits = 0;

	/* NUL separators: no campaign, segment or SKU can contain one, so the input is unambiguous */
	strbuf_addstr(&msg, campaign);
	strbuf_addch(&msg, '\0');
	strbuf_addstr(&msg, segment);
	strbuf_addch(&msg, '\0');
	strbuf_addstr(&msg, sku);
	if (!HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)msg.buf, msg.len, md, &mdlen)) {
		msg_error("out of memory (HMAC-SHA256)"); /* HMAC fails only when it cannot allocate */
		exit(EXIT_NOMEM);
	}
	strbuf_release(&msg);
	for (int i = 0; i < 7; i++)
		bits = bits << 8 | md[i];
	bits >>= 6; /* the first 50 bits */
	strbuf_addstr(out, prefix);
	strbuf_addch(out, '-');
	for (int i = VOUCHER_UNIQUE_CHARS - 1; i >= 0; i--)
		strbuf_addch(out, crockford[(bits >> (5 * i)) & 31]);
	OPENSSL_cleanse(md, sizeof(md));
}

int voucher_verify(const unsigned char *key, size_t keylen, const char *code, const char *campaign,
		   const char *segment, const char *sku)
{
	const char *dash = strrchr(code, '-');
	struct strbuf prefix = STRBUF_INIT, want = STRBUF_INIT;
	int ok = 0;

	if (dash && dash != code && strlen(dash + 1) == VOUCHER_UNIQUE_CHARS) {
		strbuf_add(&prefix, code, (size_t)(dash - code));
		voucher_unique_code(&want, key, keylen, prefix.buf, campaign ? campaign : prefix.buf, segment, sku);
		ok = want.len == strlen(code) && !CRYPTO_memcmp(want.buf, code, want.len);
	}
	strbuf_release(&prefix);
	strbuf_release(&want);
	return ok;
}

static money_t pow10_money(int n)
{
	money_t r = 1;
	while (n-- > 0)
		r *= 10;
	return r;
}

money_t voucher_discounted(const struct voucher *v, money_t price, int decimals)
{
	if (v->percent) {
		/* exact: price*(100-p) in 1/100 money units, rounded half-up to the currency's unit */
		money_t unit = pow10_money(4 - decimals) * 100;
		money_t x = price * (100 - v->percent);
		return (x + unit / 2) / unit * (unit / 100);
	}
	return money_round(price - v->amount, decimals);
}

void voucher_discount_text(struct strbuf *out, const struct voucher *v, int decimals, const char *currency)
{
	if (v->percent)
		strbuf_addf(out, "%ld%%", v->percent);
	else
		money_format(out, v->amount, decimals, currency);
}

/* --- ISO 8601 --- */

