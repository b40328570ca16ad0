/* fetch_tiktokshop.c: TikTok Shop Open API product search (POST, page_token paging), every
 * request signed (tts_sign.c). Owns: one page of products at a time. */
#include "fetch.h"
#include "alloc.h"
#include "http.h"
#include "msg.h"
#include "strbuf.h"
#include "tts_sign.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TTS_DEFAULT_API "https://open-api.tiktokglobalshop.com"
#define TTS_SEARCH_PATH "/product/202309/products/search"
#define TTS_PAGE_SIZE "100"
#define TTS_SEARCH_BODY "{\"status\":\"ACTIVATE\"}"

/* The envelope {code, message, data}: code 0 is success. */
static int tts_check(void *arg, json_t *json, struct strbuf *why)
{
	json_t *code = json_object_get(json, "code");
	const char *message = json_string_value(json_object_get(json, "message"));
	long long k;

	if (!json_is_object(json) || !json_is_integer(code)) {
		strbuf_addstr(why, "the reply is not a TikTok Shop API envelope ({code, message, data})");
		return 2;
	}
	k = json_integer_value(code);
	if (k == 0) {
		if (!json_is_array(json_object_get(json_object_get(json, "data"), "products"))) {
			strbuf_addstr(why, "the reply has no data.products array");
			return 2;
		}
		return 0;
	}
	strbuf_addf(why, "TikTok Shop error %lld %s", k, msg_quote(message ? message : ""));
	if (k == 106001)
		strbuf_addstr(why, ": the signature made with TIKTOK_SHOP_APP_SECRET was refused");
	else if (k >= 105000 && k < 106000)
		strbuf_addstr(why, ": the credential in TIKTOK_SHOP_ACCESS_TOKEN was refused");
	return 2;
}

static void add_param(struct strbuf *q, const char *key, const char *value)
{
	char *esc = curl_easy_escape(NULL, value, 0);
	strbuf_addf(q, "%s%s=%s", q->len ? "&" : "", key, esc ? esc : "");
	curl_free(esc);
}

int fetch_tiktokshop_records(const struct fetch_options *fo, struct inventory *inv, record_fn fn, void *arg)
{
	struct http_client c;
	struct http_response rs;
	struct strbuf base = STRBUF_INIT, url = STRBUF_INIT, query = STRBUF_INIT, token = STRBUF_INIT,
		      hdr = STRBUF_INIT;
	struct curl_slist *headers = NULL;
	const char *app_key, *secret, *access, *cipher;
	int rc, first = 1;

	if ((rc = http_base_url(&base, fo->api_url && *fo->api_url ? fo->api_url : TTS_DEFAULT_API, "--api-url", 1)))
		goto out;
	if (!(app_key = http_credential("TIKTOK_SHOP_APP_KEY", "TikTok Shop app key")) ||
	    !(secret = http_credential("TIKTOK_SHOP_APP_SECRET", "TikTok Shop app secret")) ||
	    !(access = http_credential("TIKTOK_SHOP_ACCESS_TOKEN", "TikTok Shop access token")) ||
	    !(cipher = http_credential("TIKTOK_SHOP_CIPHER", "TikTok Shop shop cipher"))) {
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = http_client_init(&c, fo)))
		goto out;
	c.credential_env = "TIKTOK_SHOP_ACCESS_TOKEN";
	strbuf_addf(&hdr, "x-tts-access-token: %s", access);
	headers = curl_slist_append(headers, hdr.buf);
	headers = curl_slist_append(headers, "Content-Type: application/json");
	strbuf_release(&hdr);
	http_response_init(&rs);
	progress_start(&c.progress, "tiktokshop", fo->quiet);
	while (first || token.len) {
		struct tts_param params[5];
		struct http_request rq;
		char ts[24], sign[65];
		size_t np = 0, i;
		json_t *data, *products, *p, *total;
		const char *next;

		snprintf(ts, sizeof(ts), "%lld", (long long)time(NULL));
		params[np++] = (struct tts_param){ "app_key", app_key };
		params[np++] = (struct tts_param){ "page_size", TTS_PAGE_SIZE };
		if (token.len)
			params[np++] = (struct tts_param){ "page_token", token.buf };
		params[np++] = (struct tts_param){ "shop_cipher", cipher };
		params[np++] = (struct tts_param){ "timestamp", ts };
		tts_sign(secret, TTS_SEARCH_PATH, params, np, TTS_SEARCH_BODY, strlen(TTS_SEARCH_BODY), sign);
		strbuf_reset(&query);
		for (i = 0; i < np; i++)
			add_param(&query, params[i].key, params[i].value);
		add_param(&query, "sign", sign);
		strbuf_reset(&url);
		strbuf_addf(&url, "%s%s?%s", base.buf, TTS_SEARCH_PATH, query.buf);

		memset(&rq, 0, sizeof(rq));
		rq.method = "POST";
		rq.url = url.buf;
		rq.headers = headers;
		rq.body = TTS_SEARCH_BODY;
		rq.body_len = strlen(TTS_SEARCH_BODY);
		rq.want_json = 1;
		rq.credentialed = 1;
		rq.check = tts_check;
		if ((rc = http_perform(&c, &rq, &rs)))
			break;
		c.progress.pages++;
		data = json_object_get(rs.json, "data");
		products = json_object_get(data, "products");
		total = json_object_get(data, "total_count");
		if (first && json_is_integer(total) && json_integer_value(total) > 0)
			c.progress.total_records = (unsigned long)json_integer_value(total);
		json_array_foreach(products, i, p) {
			if ((rc = fn(arg, p, http_redacted(url.buf), 0)))
				break;
			c.progress.records++;
		}
		if (rc)
			break;
		progress_update(&c.progress);
		next = json_string_value(json_object_get(data, "next_page_token"));
		if (next && *next && token.len && !strcmp(next, token.buf)) {
			rc = msg_fail(EXIT_INPUT, "POST %s: next_page_token repeats the current page", http_redacted(url.buf));
			break;
		}
		strbuf_reset(&token);
		if (next)
			strbuf_addstr(&token, next);
		first = 0;
	}
	if (!rc)
		progress_finish(&c.progress);
	else
		progress_clear(&c.progress);
	http_response_release(&rs);
	curl_slist_free_all(headers);
	http_client_release(&c);
out:
	(void)inv;
	strbuf_release(&base);
	strbuf_release(&url);
	strbuf_release(&query);
	strbuf_release(&token);
	return rc;
}
