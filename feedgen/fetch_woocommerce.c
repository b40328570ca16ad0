/* fetch_woocommerce.c: WooCommerce REST v3 products (page=N up to X-WP-TotalPages) with each
 * variable product's variations fetched and embedded as "variations":[{...}].
 * Owns: one page of products at a time. */
#include "fetch.h"
#include "alloc.h"
#include "http.h"
#include "msg.h"
#include "strbuf.h"
#include <string.h>

#define WOO_PER_PAGE 100

struct woo {
	struct http_client c;
	struct http_response rs;
	const char *key, *secret;
};

/* GET one page; the reply must be a JSON array. */
static int woo_get(struct woo *w, const char *url, json_t **array)
{
	struct http_request rq;
	int rc;

	memset(&rq, 0, sizeof(rq));
	rq.url = url;
	rq.want_json = 1;
	rq.credentialed = 1;
	rq.username = w->key;
	rq.password = w->secret;
	if ((rc = http_perform(&w->c, &rq, &w->rs)))
		return rc;
	w->c.progress.pages++;
	if (!json_is_array(w->rs.json)) {
		progress_clear(&w->c.progress);
		return msg_fail(EXIT_INPUT, "GET %s: the reply is not a JSON array", http_redacted(url));
	}
	*array = json_incref(w->rs.json);
	return 0;
}

/* All variations of one product, every page, as a new array in *out. */
static int woo_variations(struct woo *w, const char *base, json_t *product, json_t **out)
{
	struct strbuf url = STRBUF_INIT;
	json_t *all = json_array(), *id = json_object_get(product, "id");
	long page = 1, pages = 1;
	int rc = 0;

	if (!json_is_integer(id)) {
		json_decref(all);
		return msg_fail(EXIT_INPUT, "a WooCommerce variable product has no numeric id");
	}
	for (; page <= pages; page++) {
		json_t *arr;
		strbuf_reset(&url);
		strbuf_addf(&url, "%s/wp-json/wc/v3/products/%lld/variations?per_page=%d&page=%ld", base,
			    (long long)json_integer_value(id), WOO_PER_PAGE, page);
		if ((rc = woo_get(w, url.buf, &arr)))
			break;
		if (w->rs.wp_total_pages >= 0)
			pages = w->rs.wp_total_pages;
		else if (json_array_size(arr) == WOO_PER_PAGE)
			pages = page + 1; /* no header: go on until a short page */
		json_array_extend(all, arr);
		json_decref(arr);
	}
	strbuf_release(&url);
	if (rc) {
		json_decref(all);
		return rc;
	}
	*out = all;
	return 0;
}

int fetch_woocommerce_records(const struct fetch_options *fo, struct inventory *inv, record_fn fn, void *arg)
{
	struct woo w;
	struct strbuf base = STRBUF_INIT, url = STRBUF_INIT;
	long page, pages = 1;
	int rc;

	memset(&w, 0, sizeof(w));
	if ((rc = http_base_url(&base, fo->store_url, "--store-url", 1)))
		goto out;
	if (!(w.key = http_credential("WOOCOMMERCE_CONSUMER_KEY", "WooCommerce REST API consumer key")) ||
	    !(w.secret = http_credential("WOOCOMMERCE_CONSUMER_SECRET", "WooCommerce REST API consumer secret"))) {
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = http_client_init(&w.c, fo)))
		goto out;
	w.c.credential_env = "WOOCOMMERCE_CONSUMER_KEY/WOOCOMMERCE_CONSUMER_SECRET";
	http_response_init(&w.rs);
	progress_start(&w.c.progress, "woocommerce", fo->quiet);
	for (page = 1; page <= pages; page++) {
		json_t *products, *p;
		size_t i;

		strbuf_reset(&url);
		/* ordered by id so that a product added during the run cannot shift another off a page */
		strbuf_addf(&url, "%s/wp-json/wc/v3/products?per_page=%d&page=%ld&orderby=id&order=asc", base.buf,
			    WOO_PER_PAGE, page);
		if ((rc = woo_get(&w, url.buf, &products)))
			break;
		if (page == 1 && w.rs.wp_total > 0)
			w.c.progress.total_records = (unsigned long)w.rs.wp_total;
		if (w.rs.wp_total_pages >= 0)
			pages = w.rs.wp_total_pages > pages ? w.rs.wp_total_pages : pages;
		else if (json_array_size(products) == WOO_PER_PAGE)
			pages = page + 1;
		json_array_foreach(products, i, p) {
			const char *type = json_string_value(json_object_get(p, "type"));
			if (type && !strcmp(type, "variable")) {
				json_t *vars = NULL;
				if ((rc = woo_variations(&w, base.buf, p, &vars)))
					break;
				json_object_set_new(p, "variations", vars);
			}
			if ((rc = fn(arg, p, http_redacted(url.buf), 0)))
				break;
			w.c.progress.records++;
		}
		json_decref(products);
		if (rc)
			break;
		progress_update(&w.c.progress);
	}
	if (!rc)
		progress_finish(&w.c.progress);
	else
		progress_clear(&w.c.progress);
	http_response_release(&w.rs);
	http_client_release(&w.c);
out:
	(void)inv;
	strbuf_release(&base);
	strbuf_release(&url);
	return rc;
}
