/* fetch_shopify.c: Shopify Admin REST products (Link rel="next" cursor paging, call-limit
 * pacing) and per-location stock from inventory_levels.json; for a snapshot without stock
 * joins, pages checked and split as bytes (fetch_page.h), never decoded.
 * Owns: one page of products at a time and its inventory lookups. */
#include "fetch.h"
#include "alloc.h"
#include "fetch_page.h"
#include "http.h"
#include "msg.h"
#include "secrets.h"
#include "strbuf.h"
#include <stdlib.h>
#include <string.h>

#define SHOPIFY_PAGE_LIMIT 250
#define SHOPIFY_IDS_PER_BATCH 50

/* Cursor paging: the next URL is the Link header's rel="next", followed verbatim (page_info
 * must not be rebuilt); url becomes empty on the last page. A next link that names the page
 * just read would loop forever, and one on another origin would take the access token
 * there: both are errors. */
static int follow_next_link(struct strbuf *url, struct strbuf *prev, const struct http_response *rs)
{
	struct strbuf why = STRBUF_INIT;
	int rc = 0;

	strbuf_reset(prev);
	strbuf_addstr(prev, url->buf);
	strbuf_reset(url);
	if (!rs->link_next.len)
		return 0;
	if (!strcmp(rs->link_next.buf, prev->buf))
		return msg_fail(EXIT_INPUT, "GET %s: the next page link points at the same page", http_redacted(prev->buf));
	if (http_follow_check(prev->buf, rs->link_next.buf, &why))
		rc = msg_fail(EXIT_INPUT, "GET %s: the next page link points at %s", http_redacted(prev->buf), why.buf);
	else
		strbuf_addstr(url, rs->link_next.buf);
	strbuf_release(&why);
	return rc;
}

/* Leaky bucket: near the limit, wait for it to drain (2 requests/s on standard plans). */
static void pace(struct http_client *c, const struct http_response *rs)
{
	long used = rs->call_used, limit = rs->call_limit, ms;

	if (used < 0 || limit <= 0 || used * 10 < limit * 8)
		return;
	ms = (used - limit * 8 / 10 + 1) * c->retry_base_ms;   /* 0.5 s per request over 80 % */
	if (ms > 20000)
		ms = 20000;
	http_sleep_ms(ms);
}

/* One page: decoded into rs->json, or, with pg, checked and split into pg (pg->json when only
 * jansson took it); *array is the decoded array (NULL when pg holds the records as bytes). */
static int get_json(struct http_client *c, struct curl_slist *headers, const char *url, struct http_response *rs,
		    const char *array_key, json_t **array, struct fetch_page *pg)
{
	struct http_request rq;
	int rc;

	memset(&rq, 0, sizeof(rq));
	rq.url = url;
	rq.headers = headers;
	rq.want_json = !pg;
	rq.check_body = pg ? fetch_page_check : NULL;
	rq.check_arg = pg;
	rq.credentialed = 1;
	if ((rc = http_perform(c, &rq, rs)))
		return rc;
	c->progress.pages++;
	*array = json_object_get(pg ? pg->json : rs->json, array_key);
	if (pg && !pg->json ? !pg->has_array : !json_is_array(*array)) {
		progress_clear(&c->progress);
		return msg_fail(EXIT_INPUT, "GET %s: the reply has no \"%s\" array", http_redacted(url), array_key);
	}
	pace(c, rs);
	return 0;
}

/* Sum "available" per inventory item over every location, for one batch of ids. */
static int fetch_levels(struct http_client *c, struct curl_slist *headers, const char *base, const char *version,
			const char *ids, json_t *sums)
{
	struct strbuf url = STRBUF_INIT, prev = STRBUF_INIT;
	struct http_response rs;
	int rc = 0;

	http_response_init(&rs);
	strbuf_addf(&url, "%s/admin/api/%s/inventory_levels.json?inventory_item_ids=%s&limit=%d", base, version, ids,
		    SHOPIFY_PAGE_LIMIT);
	while (url.len) {
		json_t *levels, *lv;
		size_t i;

		if ((rc = get_json(c, headers, url.buf, &rs, "inventory_levels", &levels, NULL)))
			break;
		json_array_foreach(levels, i, lv) {
			char key[32];
			json_t *item = json_object_get(lv, "inventory_item_id"), *avail = json_object_get(lv, "available");
			json_t *sum;
			if (!json_is_integer(item))
				continue;
			snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(item));
			sum = json_object_get(sums, key);
			json_object_set_new(sums, key, json_integer((sum ? json_integer_value(sum) : 0) +
								    (json_is_integer(avail) ? json_integer_value(avail) : 0)));
		}
		if ((rc = follow_next_link(&url, &prev, &rs)))
			break;
	}
	http_response_release(&rs);
	strbuf_release(&url);
	strbuf_release(&prev);
	return rc;
}

/* Replace each tracked variant's inventory_quantity by the sum over locations. */
static int join_levels(struct http_client *c, struct curl_slist *headers, const char *base, const char *version,
		       json_t *products, struct inventory *inv)
{
	json_t *sums = json_object(), *p, *v;
	struct strbuf ids = STRBUF_INIT;
	size_t i, j, n = 0;
	int rc = 0;

	json_array_foreach(products, i, p) {
		json_array_foreach(json_object_get(p, "variants"), j, v) {
			json_t *id = json_object_get(v, "inventory_item_id");
			if (!json_is_integer(id))
				continue;
			strbuf_addf(&ids, "%s%lld", n ? "," : "", (long long)json_integer_value(id));
			if (++n == SHOPIFY_IDS_PER_BATCH) {
				if ((rc = fetch_levels(c, headers, base, version, ids.buf, sums)))
					goto done;
				strbuf_reset(&ids);
				n = 0;
			}
		}
	}
	if (n && (rc = fetch_levels(c, headers, base, version, ids.buf, sums)))
		goto done;
	json_array_foreach(products, i, p) {
		json_array_foreach(json_object_get(p, "variants"), j, v) {
			json_t *id = json_object_get(v, "inventory_item_id"), *sum;
			const char *sku = json_string_value(json_object_get(v, "sku"));
			char key[32];
			if (!json_is_integer(id))
				continue;
			snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(id));
			sum = json_object_get(sums, key);
			json_object_set_new(v, "inventory_quantity", json_integer(sum ? json_integer_value(sum) : 0));
			/* a SKU holding NUL would be indexed cut short ("AB\0CD" as "AB"); the variant keeps
			 * its quantity all the same (issue 9) */
			if (inv && sku && *sku && strlen(sku) == json_string_length(json_object_get(v, "sku")))
				inventory_add(inv, sku, sum ? (long)json_integer_value(sum) : 0);
		}
	}
done:
	json_decref(sums);
	strbuf_release(&ids);
	return rc;
}

/* Where the products go: decoded records to fn, or snapshot lines to lfn (with pg). */
struct shopify_sink {
	record_fn fn;
	line_fn lfn;
	void *arg;
	struct fetch_page pg;
	struct strbuf line;
};

/* One page's products to the sink. */
static int emit_page(struct shopify_sink *k, json_t *products, const char *source, struct progress *pr)
{
	size_t i, n = products ? json_array_size(products) : k->pg.n;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		json_t *p = json_array_get(products, i);
		if (!k->fn && (p ? !json_is_object(p) : !fetch_page_is_object(&k->pg, i))) {
			/* a snapshot line must be a record: build reads nothing else */
			progress_clear(pr);
			return msg_fail(EXIT_INPUT, "GET %s: product %zu of the reply is not a JSON object", source, i + 1);
		}
		if (k->fn) {
			rc = k->fn(k->arg, p, source, 0);
		} else if (p) {
			/* only jansson took the page: mask and dump each product, as for other sources */
			secrets_mask_json(p);
			rc = fetch_record_line(p, &k->line) ? EXIT_NOMEM : k->lfn(k->arg, k->line.buf, k->line.len);
		} else {
			rc = fetch_page_line(&k->pg, i, &k->line) ? EXIT_NOMEM : k->lfn(k->arg, k->line.buf, k->line.len);
		}
		if (!rc)
			pr->records++;
	}
	return rc;
}

static int shopify_pages(const struct fetch_options *fo, struct inventory *inv, struct shopify_sink *k)
{
	struct http_client c;
	struct http_response rs;
	struct strbuf base = STRBUF_INIT, url = STRBUF_INIT, prev = STRBUF_INIT, hdr = STRBUF_INIT;
	struct curl_slist *headers = NULL;
	const char *token, *version = fo->api_version && *fo->api_version ? fo->api_version : FETCH_SHOPIFY_API_VERSION;
	int rc;

	if ((rc = http_base_url(&base, fo->store_url, "--store-url", 1)))
		goto out;
	if (!(token = http_credential("SHOPIFY_ACCESS_TOKEN", "Shopify Admin API access token"))) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (strspn(version, "0123456789-unstable") != strlen(version)) {
		rc = msg_fail(EXIT_USAGE, "--api-version %s is not a Shopify API version such as %s", msg_quote(version),
			      FETCH_SHOPIFY_API_VERSION);
		goto out;
	}
	if ((rc = http_client_init(&c, fo)))
		goto out;
	c.credential_env = "SHOPIFY_ACCESS_TOKEN";
	strbuf_addf(&hdr, "X-Shopify-Access-Token: %s", token);
	headers = curl_slist_append(headers, hdr.buf);
	headers = curl_slist_append(headers, "Accept: application/json");
	strbuf_release(&hdr); /* the token now lives only in the header list */
	http_response_init(&rs);
	progress_start(&c.progress, "shopify", fo->quiet);
	strbuf_addf(&url, "%s/admin/api/%s/products.json?limit=%d", base.buf, version, SHOPIFY_PAGE_LIMIT);
	while (url.len) {
		json_t *products;

		if ((rc = get_json(&c, headers, url.buf, &rs, "products", &products,
				   k->lfn && !fo->inventory_from_shop ? &k->pg : NULL)))
			break;
		if (fo->inventory_from_shop && (rc = join_levels(&c, headers, base.buf, version, products, inv)))
			break;
		if ((rc = emit_page(k, products, http_redacted(url.buf), &c.progress)))
			break;
		progress_update(&c.progress);
		if ((rc = follow_next_link(&url, &prev, &rs)))
			break;
	}
	if (!rc)
		progress_finish(&c.progress);
	else
		progress_clear(&c.progress);
	http_response_release(&rs);
	curl_slist_free_all(headers);
	http_client_release(&c);
out:
	strbuf_release(&base);
	strbuf_release(&url);
	strbuf_release(&prev);
	return rc;
}

int fetch_shopify_records(const struct fetch_options *fo, struct inventory *inv, record_fn fn, void *arg)
{
	struct shopify_sink k = { .fn = fn, .arg = arg };

	return shopify_pages(fo, inv, &k);
}

int fetch_shopify_lines(const struct fetch_options *fo, line_fn fn, void *arg)
{
	struct shopify_sink k = { .lfn = fn, .arg = arg };
	int rc;

	fetch_page_init(&k.pg, "products");
	strbuf_init(&k.line);
	rc = shopify_pages(fo, NULL, &k);
	fetch_page_release(&k.pg);
	strbuf_release(&k.line);
	return rc;
}
