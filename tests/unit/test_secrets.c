/* test_secrets.c: unit tests for the credential registry and masking (secrets.c) and the
 * one same-origin check every followed URL goes through (http_follow_check in http.c).
 * Owns: its scratch buffers and the registry it fills. */
#include "check.h"
#include "http.h"
#include "msg.h"
#include "secrets.h"
#include "strbuf.h"
#include <stdlib.h>
#include <string.h>

static const char *masked(const char *s)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	strbuf_addstr(&sb, s);
	secrets_mask(&sb);
	return sb.buf;
}

static void test_registry(void)
{
	json_t *j;
	char *dump;

	secrets_clear();
	CHECK_INT(secrets_count(), 0);
	CHECK_STR(masked("nothing registered: shpat_abc"), "nothing registered: shpat_abc");
	CHECK(secrets_masked_dup("x") == NULL);
	secret_register("abc"); /* shorter than SECRET_MIN_LEN: not registered */
	CHECK_INT(secrets_count(), 0);
	secret_register("shpat_SECRET");
	secret_register("shpat_SECRET_LONGER"); /* contains the first: masked whole */
	CHECK_STR(masked("a shpat_SECRET_LONGER b shpat_SECRET c"), "a *** b *** c");
	CHECK_STR(masked("shpat_SECRETshpat_SECRET"), "******");
	secret_register("ROW/ci+pher");
	CHECK_STR(masked("?shop_cipher=ROW%2Fci%2Bpher&x=ROW/ci+pher"), "?shop_cipher=***&x=***");
	secret_register_basic("ck_key", "cs_secret"); /* base64("ck_key:cs_secret") */
	CHECK_STR(masked("Authorization: Basic Y2tfa2V5OmNzX3NlY3JldA=="), "Authorization: Basic ***");
	secret_register("shpat_SECRET"); /* twice: one entry */
	CHECK_INT(secrets_count(), 5);
	j = json_pack("{s:s,s:[s,i,{s:s}],s:s}", "title", "echo shpat_SECRET here", "list", "shpat_SECRET_LONGER", 7,
		      "deep", "ROW/ci+pher", "key shpat_SECRET", "v");
	secrets_mask_json(j);
	dump = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	CHECK_STR(dump, "{\"key ***\":\"v\",\"list\":[\"***\",7,{\"deep\":\"***\"}],\"title\":\"echo *** here\"}");
	free(dump);
	json_decref(j);
	secrets_clear();
	CHECK_INT(secrets_count(), 0);
}

static void test_redacted_url(void)
{
	secret_register("ROW_cipher_1");
	CHECK_STR(http_redacted("https://h/p/ROW_cipher_1?shop_cipher=ROW_cipher_1&page=2"),
		  "https://h/p/***?shop_cipher=REDACTED&page=2");
	/* a Shopify bulk-operation result URL (signed, on Google Cloud Storage) */
	CHECK_STR(http_redacted("https://storage.googleapis.com/shopify-tiers-assets/b.jsonl?X-Goog-Algorithm=GOOG4-RSA-SHA256"
				"&X-Goog-Credential=acct%2F2026&X-Goog-Signature=9f8e7d"),
		  "https://storage.googleapis.com/shopify-tiers-assets/b.jsonl?X-Goog-Algorithm=GOOG4-RSA-SHA256"
		  "&X-Goog-Credential=REDACTED&X-Goog-Signature=REDACTED");
	secrets_clear();
}

/* msg_quote cuts at 200 bytes: a secret across the cut must not leave its first half */
static void test_quote_cut(void)
{
	char text[400];

	memset(text, 'x', sizeof(text));
	memcpy(text + 190, "shpat_SECRET_TOKEN_12345", 24);
	text[sizeof(text) - 1] = '\0';
	secret_register("shpat_SECRET_TOKEN_12345");
	CHECK(strstr(msg_quote(text), "shpat_") == NULL);
	CHECK(strstr(msg_quote(text), "xxx***xxx") != NULL);
	secrets_clear();
}

static const char *follow(const char *from, const char *to)
{
	static struct strbuf why = STRBUF_INIT;

	strbuf_reset(&why);
	if (!http_follow_check(from, to, &why))
		return "same";
	return why.buf;
}

static void test_same_origin(void)
{
	CHECK(http_same_origin("https://shop.example.com/a?x=1", "https://shop.example.com/b"));
	CHECK(http_same_origin("https://shop.example.com/a", "https://shop.example.com:443/b"));
	CHECK(http_same_origin("https://SHOP.example.com/a", "https://shop.example.com/b"));
	CHECK(http_same_origin("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b"));
	CHECK(!http_same_origin("http://127.0.0.1:8080/a", "http://127.0.0.1:8081/a"));
	CHECK(!http_same_origin("https://shop.example.com/a", "http://shop.example.com/a"));
	CHECK(!http_same_origin("https://shop.example.com/a", "https://shop.example.com.evil.net/a"));
	CHECK(!http_same_origin("https://shop.example.com/a", "https://evil.net/?https://shop.example.com/"));
	CHECK(!http_same_origin("https://shop.example.com/a", "https://shop.example.com@evil.net/a"));
	CHECK(!http_same_origin("https://shop.example.com/a", "not a url"));
	CHECK_STR(follow("https://s.example.com/a", "https://s.example.com/b?page_info=x"), "same");
	CHECK_STR(follow("http://127.0.0.1:8080/a", "http://127.0.0.1:9090/a"),
		  "another host '127.0.0.1:9090': credentials are only sent to the origin they belong to; not followed");
	CHECK_STR(follow("https://s.example.com/a", "https://evil.net/a"),
		  "another host 'evil.net': credentials are only sent to the origin they belong to; not followed");
}

int main(void)
{
	test_registry();
	test_redacted_url();
	test_quote_cut();
	test_same_origin();
	return CHECK_DONE();
}
