/* fetch_tiktokshop.c: TikTok Shop Open API product search (POST, page_token paging) and, for
 * each product found, the product detail (GET /product/202309/products/{id}) merged into the
 * search record; every request signed (tts_sign.c).
 * Owns: one page of search results and one product detail at a time. */
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
#define TTS_DETAIL_PATH "/product/202309/products/"
#define TTS_PAGE_SIZE "100"
#define TTS_SEARCH_BODY "{\"status\":\"ACTIVATE\"}"

struct tts {
	struct http_client c;
	struct http_response rs;
	struct curl_slist *headers;  /* x-tts-access-token (secret), Content-Type */
	const char *base, *app_key, *secret, *cipher;
	struct strbuf url, query;    /* the last request's URL (for messages and record sources) */
};

/* What a successful reply must carry in data. */
enum tts_reply { TTS_SEARCH_REPLY, TTS_DETAIL_REPLY };

/* The envelope {code, message, data}: code 0 is success. arg: a pointer to enum tts_reply. */
static int tts_check(void *arg, json_t *json, struct strbuf *why)
{
	const enum tts_reply *kind = arg;
	json_t *code = json_object_get(json, "code"), *data = json_object_get(json, "data");
	const char *message = json_string_value(json_object_get(json, "message"));
	long long k;

	if (!json_is_object(json) || !json_is_integer(code)) {
		strbuf_addstr(why, "the reply is not a TikTok Shop API envelope ({code, message, data})");
		return 2;
	}
	k = json_integer_value(code);
	if (k == 0) {
		if (*kind == TTS_SEARCH_REPLY && !json_is_array(json_object_get(data, "products"))) {
			strbuf_addstr(why, "the reply has no data.products array");
			return 2;
		}
		if (*kind == TTS_DETAIL_REPLY && !json_is_object(data)) {
			strbuf_addstr(why, "the reply has no data object (product detail)");
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

/* One signed request: path as sent (already escaped), page_token only for search, body only
 * for POST. The reply's JSON is in t->rs.json. Returns 0 or EXIT_INPUT after a message. */
static int tts_request(struct tts *t, const char *method, const char *path, const char *page_token,
		       const char *body, enum tts_reply kind)
{
	struct tts_param params[5];
	struct http_request rq;
	char ts[24], sign[65];
	size_t np = 0, i;

	snprintf(ts, sizeof(ts), "%lld", (long long)time(NULL));
	params[np++] = (struct tts_param){ "app_key", t->app_key };
	if (kind == TTS_SEARCH_REPLY)
		params[np++] = (struct tts_param){ "page_size", TTS_PAGE_SIZE };
	if (page_token && *page_token)
		params[np++] = (struct tts_param){ "page_token", page_token };
	params[np++] = (struct tts_param){ "shop_cipher", t->cipher };
	params[np++] = (struct tts_param){ "timestamp", ts };
	tts_sign(t->secret, path, params, np, body, body ? strlen(body) : 0, sign);
	strbuf_reset(&t->query);
	for (i = 0; i < np; i++)
		add_param(&t->query, params[i].key, params[i].value);
	add_param(&t->query, "sign", sign);
	strbuf_reset(&t->url);
	strbuf_addf(&t->url, "%s%s?%s", t->base, path, t->query.buf);

	memset(&rq, 0, sizeof(rq));
	rq.method = method;
	rq.url = t->url.buf;
	rq.headers = t->headers;
	rq.body = body;
	rq.body_len = body ? strlen(body) : 0;
	rq.want_json = 1;
	rq.credentialed = 1;
	rq.check = tts_check;
	rq.check_arg = &kind;
	return http_perform(&t->c, &rq, &t->rs);
}

/* The detail wins over the search result: search results carry no images, description,
 * brand or link, and the detail's SKU prices and stock are the fresher. Fields only the
 * search result has (sales_regions, ...) are kept, and so is a search SKU's price or inventory
 * when the detail SKU with the same id lacks it. merged is a new object (a shallow copy). */
static json_t *tts_merge(json_t *search, json_t *detail)
{
	json_t *merged = json_copy(detail), *dskus = json_object_get(detail, "skus"), *sskus, *ds, *ss;
	size_t i, j;

	if (!merged)
		return NULL;
	sskus = json_object_get(search, "skus");
	if (json_is_array(dskus) && json_array_size(dskus)) {
		dskus = json_deep_copy(dskus); /* the SKUs are edited: never touch the reply */
		json_array_foreach(dskus, i, ds) {
			const char *id = json_string_value(json_object_get(ds, "id"));
			json_array_foreach(sskus, j, ss) {
				const char *sid = json_string_value(json_object_get(ss, "id"));
				if (id && sid && !strcmp(id, sid)) {
					json_object_update_missing(ds, ss);
					break;
				}
			}
		}
		json_object_set_new(merged, "skus", dskus);
	} else {
		json_object_del(merged, "skus"); /* none in the detail: the search result's */
	}
	json_object_update_missing(merged, search);
	return merged;
}

/* GET the detail of one search result, merge, hand the record to fn. */
static int tts_product(struct tts *t, json_t *p, record_fn fn, void *arg)
{
	struct strbuf path = STRBUF_INIT;
	json_t *id = json_object_get(p, "id"), *merged;
	char num[32];
	const char *sid = json_is_string(id) ? json_string_value(id) : NULL;
	char *esc;
	int rc;

	if (json_is_integer(id)) {
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(id));
		sid = num;
	}
	if (!sid || !*sid)
		return msg_fail(EXIT_INPUT, "POST %s: a search result has no product id", http_redacted(t->url.buf));
	if (!(esc = curl_easy_escape(NULL, sid, 0)))
		return msg_fail(EXIT_NOMEM, "out of memory");
	strbuf_addf(&path, "%s%s", TTS_DETAIL_PATH, esc);
	curl_free(esc);
	rc = tts_request(t, "GET", path.buf, NULL, NULL, TTS_DETAIL_REPLY);
	strbuf_release(&path);
	if (rc)
		return rc;
	t->c.progress.pages++;
	if (!(merged = tts_merge(p, json_object_get(t->rs.json, "data"))))
		return msg_fail(EXIT_NOMEM, "out of memory");
	rc = fn(arg, merged, http_redacted(t->url.buf), 0);
	json_decref(merged);
	return rc;
}

int fetch_tiktokshop_records(const struct fetch_options *fo, struct inventory *inv, record_fn fn, void *arg)
{
	struct tts t;
	struct strbuf base = STRBUF_INIT, token = STRBUF_INIT, hdr = STRBUF_INIT, page_url = STRBUF_INIT;
	const char *access;
	int rc, first = 1;

	memset(&t, 0, sizeof(t));
	strbuf_init(&t.url);
	strbuf_init(&t.query);
	http_response_init(&t.rs);
	if ((rc = http_base_url(&base, fo->api_url && *fo->api_url ? fo->api_url : TTS_DEFAULT_API, "--api-url", 1)))
		goto out;
	t.base = base.buf;
	if (!(t.app_key = http_credential("TIKTOK_SHOP_APP_KEY", "TikTok Shop app key")) ||
	    !(t.secret = http_credential("TIKTOK_SHOP_APP_SECRET", "TikTok Shop app secret")) ||
	    !(access = http_credential("TIKTOK_SHOP_ACCESS_TOKEN", "TikTok Shop access token")) ||
	    !(t.cipher = http_credential("TIKTOK_SHOP_CIPHER", "TikTok Shop shop cipher"))) {
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = http_client_init(&t.c, fo)))
		goto out;
	t.c.credential_env = "TIKTOK_SHOP_ACCESS_TOKEN";
	strbuf_addf(&hdr, "x-tts-access-token: %s", access);
	t.headers = curl_slist_append(t.headers, hdr.buf);
	t.headers = curl_slist_append(t.headers, "Content-Type: application/json");
	strbuf_release(&hdr);
	progress_start(&t.c.progress, "tiktokshop", fo->quiet);
	while (first || token.len) {
		json_t *page, *data, *products, *p, *total;
		const char *next;
		size_t i;

		if ((rc = tts_request(&t, "POST", TTS_SEARCH_PATH, token.buf, TTS_SEARCH_BODY, TTS_SEARCH_REPLY)))
			break;
		t.c.progress.pages++;
		strbuf_reset(&page_url);
		strbuf_addstr(&page_url, t.url.buf);
		page = json_incref(t.rs.json); /* t.rs is reused by the detail requests */
		data = json_object_get(page, "data");
		products = json_object_get(data, "products");
		total = json_object_get(data, "total_count");
		if (first && json_is_integer(total) && json_integer_value(total) > 0)
			t.c.progress.total_records = (unsigned long)json_integer_value(total);
		json_array_foreach(products, i, p) {
			if ((rc = tts_product(&t, p, fn, arg)))
				break;
			t.c.progress.records++;
			progress_update(&t.c.progress);
		}
		next = json_string_value(json_object_get(data, "next_page_token"));
		if (!rc && next && *next && token.len && !strcmp(next, token.buf))
			rc = msg_fail(EXIT_INPUT, "POST %s: next_page_token repeats the current page", http_redacted(page_url.buf));
		strbuf_reset(&token);
		if (!rc && next)
			strbuf_addstr(&token, next);
		json_decref(page);
		if (rc)
			break;
		first = 0;
	}
	if (!rc)
		progress_finish(&t.c.progress);
	else
		progress_clear(&t.c.progress);
	curl_slist_free_all(t.headers);
	http_client_release(&t.c);
out:
	(void)inv;
	http_response_release(&t.rs);
	strbuf_release(&t.url);
	strbuf_release(&t.query);
	strbuf_release(&base);
	strbuf_release(&token);
	strbuf_release(&page_url);
	return rc;
}
