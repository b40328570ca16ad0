/* secrets.c: the credential registry and masking of secrets.h.
 * Owns: the registered forms (sorted longest first, so that a value containing another is
 * masked whole). */
#define _GNU_SOURCE /* memmem */
#include "secrets.h"
#include "alloc.h"
#include "strbuf.h"
#include <curl/curl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

static char **forms;
static size_t *lens;
static size_t nforms, forms_alloc, lens_alloc;

/* Every environment variable feedgen reads a credential from. A new credential variable
 * is one more line here. */
static const char *const credential_vars[] = {
	"SHOPIFY_ACCESS_TOKEN", "WOOCOMMERCE_CONSUMER_KEY", "WOOCOMMERCE_CONSUMER_SECRET", "TIKTOK_SHOP_APP_KEY",
	"TIKTOK_SHOP_APP_SECRET", "TIKTOK_SHOP_ACCESS_TOKEN", "TIKTOK_SHOP_CIPHER", "FEEDGEN_VOUCHER_SECRET",
};

static void add_form(const char *s, size_t n)
{
	size_t i;

	if (n < SECRET_MIN_LEN)
		return;
	for (i = 0; i < nforms; i++)
		if (lens[i] == n && !memcmp(forms[i], s, n))
			return;
	ALLOC_GROW(forms, nforms + 1, forms_alloc);
	ALLOC_GROW(lens, nforms + 1, lens_alloc);
	/* keep longest first */
	for (i = nforms; i > 0 && lens[i - 1] < n; i--) {
		forms[i] = forms[i - 1];
		lens[i] = lens[i - 1];
	}
	forms[i] = xmalloc(n + 1);
	memcpy(forms[i], s, n);
	forms[i][n] = '\0';
	lens[i] = n;
	nforms++;
}

void secret_register(const char *value)
{
	char *esc;

	if (!value || strlen(value) < SECRET_MIN_LEN)
		return;
	add_form(value, strlen(value));
	esc = curl_easy_escape(NULL, value, 0);
	if (esc)
		add_form(esc, strlen(esc));
	curl_free(esc);
}

void secret_register_basic(const char *user, const char *password)
{
	struct strbuf plain = STRBUF_INIT;
	unsigned char *b64;
	int n;

	if (!user || !password)
		return;
	strbuf_addf(&plain, "%s:%s", user, password);
	b64 = xmalloc(4 * (plain.len / 3 + 1) + 1);
	n = EVP_EncodeBlock(b64, (const unsigned char *)plain.buf, (int)plain.len);
	if (n > 0)
		add_form((const char *)b64, (size_t)n);
	free(b64);
	strbuf_release(&plain);
}

void secrets_from_env(void)
{
	for (size_t i = 0; i < sizeof(credential_vars) / sizeof(*credential_vars); i++)
		secret_register(getenv(credential_vars[i]));
	secret_register_basic(getenv("WOOCOMMERCE_CONSUMER_KEY"), getenv("WOOCOMMERCE_CONSUMER_SECRET"));
}

size_t secrets_count(void)
{
	return nforms;
}

/* Mask one form in sb; returns the number of occurrences replaced. */
static size_t mask_form(struct strbuf *sb, const char *form, size_t n)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = sb->buf, *end = sb->buf + sb->len, *hit;
	size_t count = 0;

	while ((hit = memmem(p, (size_t)(end - p), form, n))) {
		strbuf_add(&out, p, (size_t)(hit - p));
		strbuf_addstr(&out, SECRET_MASK);
		p = hit + n;
		count++;
	}
	if (!count)
		return 0;
	strbuf_add(&out, p, (size_t)(end - p));
	strbuf_release(sb);
	*sb = out;
	return count;
}

size_t secrets_mask(struct strbuf *sb)
{
	size_t count = 0;

	for (size_t i = 0; i < nforms; i++)
		if (sb->len >= lens[i])
			count += mask_form(sb, forms[i], lens[i]);
	return count;
}

char *secrets_masked_dup(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	if (!nforms || !s)
		return NULL;
	strbuf_addstr(&sb, s);
	if (!secrets_mask(&sb)) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* A masked copy of a JSON string's bytes (NULs kept), or NULL when nothing was masked. */
static json_t *masked_string(json_t *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *out = NULL;

	strbuf_add(&sb, json_string_value(s), json_string_length(s));
	if (secrets_mask(&sb))
		out = json_stringn(sb.buf, sb.len);
	strbuf_release(&sb);
	return out;
}

static void mask_object(json_t *j)
{
	const char *key;
	json_t *v, *m, *renamed = NULL;
	char *k;

	json_object_foreach(j, key, v) {
		if (json_is_string(v) && (m = masked_string(v)))
			json_object_set_new(j, key, m); /* replaces the value: the iteration stays valid */
		else
			secrets_mask_json(v);
		if ((k = secrets_masked_dup(key))) {
			if (!renamed)
				renamed = json_object();
			json_object_set_new(renamed, key, json_string(k));
			free(k);
		}
	}
	/* keys are renamed after the walk, never while it runs */
	json_object_foreach(renamed, key, v) {
		json_object_set(j, json_string_value(v), json_object_get(j, key));
		json_object_del(j, key);
	}
	json_decref(renamed);
}

void secrets_mask_json(json_t *j)
{
	size_t i;
	json_t *v, *m;

	if (!nforms || !j)
		return;
	if (json_is_object(j)) {
		mask_object(j);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			if (json_is_string(v) && (m = masked_string(v)))
				json_array_set_new(j, i, m);
			else
				secrets_mask_json(v);
		}
	}
}

void secrets_clear(void)
{
	for (size_t i = 0; i < nforms; i++)
		free(forms[i]);
	free(forms);
	free(lens);
	forms = NULL;
	lens = NULL;
	nforms = forms_alloc = lens_alloc = 0;
}
