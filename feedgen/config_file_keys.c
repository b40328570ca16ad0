/* config_file_keys.c: the configuration file's schema (see config_file.h and docs/config.md): a table
 * of sections and keys, each naming the long option it stands for and its JSON type, and the
 * check and conversion of the file's values into option strings against it (paths in every message).
 * Owns: the key table (read-only); the option strings it makes go to struct config_file. */
#include "config_file_impl.h"
#include "alloc.h"
#include "http.h"
#include "mapping.h"
#include "msg.h"
#include "upload.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum key_type {
	K_STRING,   /* a string */
	K_PATH,     /* a string, relative to the configuration file unless absolute, '-' or a URL */
	K_INT,      /* a whole number */
	K_AMOUNT,   /* a decimal amount: a number or a string ("9.99") */
	K_BOOL,     /* true adds the option, false leaves it out */
	K_LIST,     /* an array of strings (or one string), joined with commas */
	K_ENUM,     /* a string, one of the words in `values` */
	K_SIZE,     /* a byte count: a whole number or a string with a K, M or G suffix ("100M") */
	K_CREDENTIALS, /* {"STANDARD_VARIABLE": "VARIABLE_THAT_HOLDS_IT", ...}: names, never secrets */
	K_UPLOAD_URL, /* a string checked by upload_check_url() (scheme, no userinfo) */
	K_ENV,        /* the name of a set environment variable (upload_check_env()) */
	K_MAPPING,    /* a mapping object (mapping.h), checked here, passed on as inline JSON */
	K_RULES       /* a feed's "rules": compiled by load_rules() (item_rules.h) */
};

struct key {
	const char *name;
	const char *option;  /* long option, without "--" */
	enum key_type type;
	const char *values;  /* K_ENUM: space-separated words */
};

#define END { NULL, NULL, K_STRING, NULL }
static const struct key shop_keys[] = {
	{ "brand", "brand", K_STRING, NULL }, { "currency", "currency", K_STRING, NULL },
	{ "feed_title", "feed-title", K_STRING, NULL }, { "include_inactive", "include-inactive", K_BOOL, NULL },
	{ "url", "shop-url", K_STRING, NULL }, END
};
static const struct key catalog_keys[] = {
	{ "api_url", "api-url", K_STRING, NULL }, { "api_version", "api-version", K_STRING, NULL },
	{ "channel", "catalog-channel", K_STRING, NULL }, { "credentials", NULL, K_CREDENTIALS, NULL }, { "mapping", "mapping", K_MAPPING, NULL }, { "path", "catalog", K_PATH, NULL },
	{ "source", "source", K_ENUM, "shopify woocommerce tiktokshop" },
	{ "store_url", "store-url", K_STRING, NULL }, { "type", "catalog-type", K_ENUM, "shopify woocommerce tiktokshop shopify-csv woocommerce-csv mapped feed" },
	{ "url", "catalog", K_PATH, NULL }, END
};
/* the category map (category_map.h): for every feed, applied to the item before its feeds see it */
static const struct key categories_keys[] = { { "map", "categories", K_PATH, NULL }, END };
static const struct key inventory_keys[] = {
	{ "location_column", "inventory-location-column", K_STRING, NULL }, { "path", "inventory", K_PATH, NULL },
	{ "quantity_column", "inventory-quantity-column", K_STRING, NULL }, { "sku_column", "inventory-sku-column", K_STRING, NULL },
	{ "source", "inventory-source", K_ENUM, "shopify" }, { "url", "inventory", K_PATH, NULL }, END
};
static const struct key fetch_keys[] = {
	{ "cache_dir", "cache-dir", K_PATH, NULL }, { "cacert", "cacert", K_PATH, NULL },
	{ "retries", "retries", K_INT, NULL }, { "timeout", "timeout", K_INT, NULL }, END
};
static const struct key urgency_keys[] = {
	{ "flag_field", "urgency-flag-field", K_STRING, NULL }, { "last_chance", "last-chance", K_INT, NULL },
	{ "low_stock", "low-stock", K_INT, NULL }, { "text", "urgency-text", K_STRING, NULL },
	{ "text_field", "urgency-text-field", K_STRING, NULL }, END
};
static const struct key voucher_keys[] = {
	{ "amount", "voucher-amount", K_AMOUNT, NULL }, { "apply_price", "voucher-apply-price", K_BOOL, NULL },
	{ "campaign", "voucher-campaign", K_STRING, NULL }, { "code", "voucher-code", K_STRING, NULL },
	{ "code_field", "voucher-code-field", K_STRING, NULL }, { "message", "voucher-message", K_STRING, NULL },
	{ "message_field", "voucher-message-field", K_STRING, NULL }, { "percent", "voucher-percent", K_INT, NULL },
	{ "products", "voucher-products", K_LIST, NULL }, { "segments", "voucher-segments", K_LIST, NULL },
	{ "unique", "unique-vouchers", K_BOOL, NULL }, { "valid", "voucher-valid", K_STRING, NULL }, END
};
static const struct key retargeting_keys[] = {
	{ "benefit", "benefit", K_STRING, NULL }, { "free_shipping_over", "free-shipping-over", K_AMOUNT, NULL },
	{ "payment_text", "payment-text", K_STRING, NULL }, { "returns_days", "returns-days", K_INT, NULL },
	{ "segment_field", "segment-field", K_STRING, NULL }, { "segment_message", "segment-message", K_STRING, NULL },
	{ "segment_message_field", "segment-message-field", K_STRING, NULL }, END
};
static const struct key promotion_keys[] = {
	{ "destination", "promotion-destination", K_LIST, NULL }, { "title", "promotion-title", K_STRING, NULL }, END
};
/* the safety guard's limits (guard.h); the run's section also names the summary files */
static const struct key feed_publish_keys[] = {
	{ "max_drop_percent", "max-drop-percent", K_INT, NULL }, { "max_rejected_percent", "max-rejected-percent", K_INT, NULL },
	{ "min_items", "min-items", K_INT, NULL }, END
};
static const struct key publish_keys[] = {
	{ "gzip", "gzip", K_BOOL, NULL }, { "gzip_level", "gzip-level", K_INT, NULL }, { "html", "html", K_PATH, NULL },
	{ "keep", "keep", K_INT, NULL },
	{ "max_bytes", "max-bytes", K_SIZE, NULL }, { "max_drop_percent", "max-drop-percent", K_INT, NULL }, { "max_items", "max-items", K_INT, NULL },
	{ "max_rejected_percent", "max-rejected-percent", K_INT, NULL },
	{ "metrics", "metrics", K_PATH, NULL }, { "min_items", "min-items", K_INT, NULL },
	{ "summary", "summary", K_PATH, NULL }, END
};
/* upload.h: a top-level "upload" applies to every feed (a URL ending in '/' gets each feed's file
 * name); a feed's own "upload" overrides it */
static const struct key upload_keys[] = {
	{ "direct", "upload-direct", K_BOOL, NULL }, { "key_file", "upload-key-file", K_PATH, NULL },
	{ "known_hosts", "upload-known-hosts", K_PATH, NULL }, { "password_env", "upload-password-env", K_ENV, NULL },
	{ "url", "upload-url", K_UPLOAD_URL, NULL }, { "user_env", "upload-user-env", K_ENV, NULL }, END
};
static const struct key run_keys[] = {
	{ "max_messages", "max-messages", K_INT, NULL }, { "report", "report", K_PATH, NULL },
	{ "report_format", "report-format", K_ENUM, "text json junit github" }, { "threads", "threads", K_INT, NULL }, END
};
/* per feed, besides the sections it may override (urgency, vouchers, retargeting, promotions) */
static const struct key feed_keys[] = {
	{ "channel", "channel", K_STRING, NULL }, { "codes_output", "voucher-codes-output", K_PATH, NULL },
	{ "feed_title", "feed-title", K_STRING, NULL }, { "format", "format", K_ENUM, "csv tsv xml" },
	{ "gzip", "gzip", K_BOOL, NULL }, { "gzip_level", "gzip-level", K_INT, NULL }, { "max_bytes", "max-bytes", K_SIZE, NULL },
	{ "max_items", "max-items", K_INT, NULL }, { "name", NULL, K_STRING, NULL }, { "output", "output", K_PATH, NULL },
	{ "promotions_output", "promotions-output", K_PATH, NULL }, { "rules", NULL, K_RULES, NULL },
	{ "segment", "segment", K_ENUM, "prospecting viewers cart_abandoners checkout_dropoffs" }, END
};
#undef END

struct section {
	const char *name;
	const struct key *keys;
};
/* sections a feed may override */
static const struct section feed_sections[] = {
	{ "promotions", promotion_keys }, { "publish", feed_publish_keys }, { "retargeting", retargeting_keys },
	{ "upload", upload_keys }, { "urgency", urgency_keys }, { "vouchers", voucher_keys }, { NULL, NULL }
};
static const struct section top_sections[] = {
	{ "categories", categories_keys }, /* issue 13: the category map */
	{ "fetch", fetch_keys }, { "promotions", promotion_keys }, { "publish", publish_keys }, { "retargeting", retargeting_keys },
	{ "shop", shop_keys }, { "upload", upload_keys }, { "urgency", urgency_keys }, { "vouchers", voucher_keys }, { NULL, NULL }
};

int config_file_bad(struct loader *ld, const char *fmt, ...)
{
	struct strbuf m = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&m, fmt, ap);
	va_end(ap);
	msg_error("configuration %s: %s: %s", msg_quote(ld->cf->path), ld->path.buf, m.buf);
	strbuf_release(&m);
	return EXIT_USAGE;
}

/* dir + rel with "X/../" folded lexically ("samples/../out/a.csv" is "out/a.csv"); a leading
 * "../" that has nothing to fold stays. */
static void join_path(struct strbuf *out, const char *dir, const char *rel)
{
	strbuf_addstr(out, dir);
	while (!strncmp(rel, "../", 3) && out->len) {
		size_t end = out->len - 1; /* out ends in '/' */
		size_t start = end;
		while (start && out->buf[start - 1] != '/')
			start--;
		if (end - start == 2 && !strncmp(out->buf + start, "..", 2))
			break;
		strbuf_setlen(out, start);
		rel += 3;
	}
	while (!strncmp(rel, "./", 2))
		rel += 2;
	strbuf_addstr(out, rel);
}

static const char *keep(struct config_file *cf, struct strbuf *sb)
{
	ALLOC_GROW(cf->args, cf->nargs + 1, cf->args_alloc);
	return cf->args[cf->nargs++] = strbuf_detach(sb, NULL);
}

static void add_opt(struct loader *ld, struct optlist *ol, const char *option, const char *value)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "--%s", option);
	ALLOC_GROW(ol->v, ol->n + 2, ol->alloc);
	ol->v[ol->n++] = keep(ld->cf, &sb);
	if (value) {
		strbuf_addstr(&sb, value);
		ol->v[ol->n++] = keep(ld->cf, &sb);
	}
}

static void push_path(struct loader *ld, const char *key, size_t *saved)
{
	*saved = ld->path.len;
	if (ld->path.len)
		strbuf_addch(&ld->path, '.');
	strbuf_addstr(&ld->path, key);
}

static int in_words(const char *words, const char *s)
{
	size_t n = strlen(s);

	for (const char *p = words; *p;) {
		size_t w = strcspn(p, " ");
		if (w == n && !strncmp(p, s, n))
			return 1;
		p += w;
		while (*p == ' ')
			p++;
	}
	return 0;
}

static const char *keep(struct config_file *cf, struct strbuf *sb);
static const char *keep_str(struct config_file *cf, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, s);
	return keep(cf, &sb);
}

/* "credentials": which environment variable holds each credential (the values never are in
 * the file): {"SHOPIFY_ACCESS_TOKEN": "ACME_SHOPIFY_TOKEN"}. */
static int convert_credentials(struct loader *ld, json_t *v)
{
	const char *name;
	json_t *var;

	if (!json_is_object(v))
		return config_file_bad(ld, "expected an object naming, for each credential, the environment variable that holds it");
	json_object_foreach(v, name, var) {
		const char *env = json_string_value(var);
		size_t saved = ld->path.len;
		int rc = 0;
		strbuf_addf(&ld->path, ".%s", name);
		if (!env || !*env || strspn(env, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != strlen(env))
			rc = config_file_bad(ld, "expected the name of an environment variable (the secret itself never goes in the file)");
		else if (http_credential_rename(name, keep_str(ld->cf, env)))
			rc = config_file_bad(ld, "not a credential feedgen reads (%s)", http_credential_names());
		strbuf_setlen(&ld->path, saved);
		if (rc)
			return rc;
	}
	return 0;
}

/* "mapping": checked here, so that an error names its path in the file
 * (catalog.mapping.fields.price: bad path ...), then handed to --mapping as JSON. */
static int convert_mapping(struct loader *ld, json_t *v, struct optlist *ol)
{
	struct strbuf where = STRBUF_INIT, why = STRBUF_INIT;
	struct mapping *m = mapping_compile(v, &where, &why);
	char *text = m ? json_dumps(v, JSON_COMPACT) : NULL;
	int rc = 0;

	if (!m) {
		if (where.len)
			strbuf_addf(&ld->path, ".%s", where.buf);
		rc = config_file_bad(ld, "%s", why.buf);
	} else {
		add_opt(ld, ol, "mapping", text);
	}
	mapping_free(m);
	free(text);
	strbuf_release(&where);
	strbuf_release(&why);
	return rc;
}

/* One key's value as the option's argument. */
static int convert(struct loader *ld, const struct key *k, json_t *v, struct optlist *ol)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	json_t *e;

	switch (k->type) {
	case K_CREDENTIALS:
		return convert_credentials(ld, v);
	case K_MAPPING:
		return convert_mapping(ld, v, ol);
	case K_RULES:
		return 0;
	case K_BOOL:
		if (!json_is_boolean(v))
			return config_file_bad(ld, "expected true or false");
		if (json_is_true(v) && k->option)
			add_opt(ld, ol, k->option, NULL);
		return 0;
	case K_INT:
		if (!json_is_integer(v))
			return config_file_bad(ld, "expected a whole number");
		strbuf_addf(&sb, "%lld", (long long)json_integer_value(v));
		break;
	case K_SIZE:
		if (json_is_integer(v))
			strbuf_addf(&sb, "%lld", (long long)json_integer_value(v));
		else if (json_is_string(v))
			strbuf_addstr(&sb, json_string_value(v));
		else
			return config_file_bad(ld, "expected a byte count such as 104857600 or \"100M\"");
		break;
	case K_AMOUNT:
		if (json_is_integer(v))
			strbuf_addf(&sb, "%lld", (long long)json_integer_value(v));
		else if (json_is_string(v))
			strbuf_addstr(&sb, json_string_value(v));
		else
			return config_file_bad(ld, "expected an amount such as 9.99 (a string keeps its decimals exact)");
		break;
	case K_LIST:
		if (json_is_string(v)) {
			strbuf_addstr(&sb, json_string_value(v));
			break;
		}
		if (!json_is_array(v) || !json_array_size(v))
			return config_file_bad(ld, "expected a non-empty list of strings");
		json_array_foreach(v, i, e) {
			if (!json_is_string(e)) {
				strbuf_release(&sb);
				strbuf_addf(&ld->path, "[%zu]", i);
				return config_file_bad(ld, "expected a string");
			}
			strbuf_addf(&sb, "%s%s", i ? "," : "", json_string_value(e));
		}
		break;
	default:
		if (!json_is_string(v))
			return config_file_bad(ld, "expected a string");
		if (k->type == K_ENUM && !in_words(k->values, json_string_value(v)))
			return config_file_bad(ld, "%s is not %s", msg_quote(json_string_value(v)), k->values);
		if (k->type == K_UPLOAD_URL || k->type == K_ENV) {
			int bad_value = k->type == K_ENV ? upload_check_env(json_string_value(v), &sb)
							 : upload_check_url(json_string_value(v), &sb);
			if (bad_value) {
				int rc = config_file_bad(ld, "%s", sb.buf);
				strbuf_release(&sb);
				return rc;
			}
		}
		if (k->type == K_PATH && !*json_string_value(v))
			return config_file_bad(ld, "expected a path, not an empty string");
		if (k->type == K_PATH && json_string_value(v)[0] != '/' && strcmp(json_string_value(v), "-") &&
		    !strstr(json_string_value(v), "://"))
			join_path(&sb, ld->dir, json_string_value(v));
		else
			strbuf_addstr(&sb, json_string_value(v));
		break;
	}
	/* "prospecting" is the command line's absence of --segment */
	if (!(k->type == K_ENUM && !strcmp(k->option, "segment") && !strcmp(sb.buf, "prospecting")) && k->option)
		add_opt(ld, ol, k->option, sb.buf);
	strbuf_release(&sb);
	return 0;
}

static const struct key *find_key(const struct key *keys, const char *name)
{
	for (; keys->name; keys++)
		if (!strcmp(keys->name, name))
			return keys;
	return NULL;
}

static void key_list(struct strbuf *out, const struct key *keys, const struct section *sections)
{
	for (; keys && keys->name; keys++)
		strbuf_addf(out, "%s%s", out->len ? ", " : "", keys->name);
	for (; sections && sections->name; sections++)
		strbuf_addf(out, "%s%s", out->len ? ", " : "", sections->name);
}

static int unknown_key(struct loader *ld, const struct key *keys, const struct section *sections)
{
	struct strbuf list = STRBUF_INIT;
	int rc;

	key_list(&list, keys, sections);
	rc = config_file_bad(ld, "unknown key (known: %s)", list.buf);
	strbuf_release(&list);
	return rc;
}

/* An object whose keys are all in `keys` (or, when given, name one of `sections`). */
static int convert_object(struct loader *ld, json_t *obj, const struct key *keys, const struct section *sections,
			  struct optlist *ol)
{
	const char *name;
	json_t *v;
	size_t saved;
	int rc = 0;

	if (!json_is_object(obj))
		return config_file_bad(ld, "expected an object");
	json_object_foreach(obj, name, v) {
		const struct key *k = find_key(keys, name);
		const struct section *s = NULL;
		push_path(ld, name, &saved);
		for (const struct section *t = sections; !k && t && t->name; t++)
			if (!strcmp(t->name, name))
				s = t;
		if (k)
			rc = convert(ld, k, v, ol);
		else if (s)
			rc = convert_object(ld, v, s->keys, NULL, ol);
		else
			rc = unknown_key(ld, keys, sections);
		strbuf_setlen(&ld->path, saved);
		if (rc)
			return rc;
	}
	return 0;
}

/* "catalog": one source object or a list of them; "inventory": a path or an object. */
static int convert_sources(struct loader *ld, json_t *root, struct optlist *ol)
{
	json_t *cat = json_object_get(root, "catalog"), *inv = json_object_get(root, "inventory"), *e;
	size_t saved, i;
	int rc = 0;

	if (!cat)
		return ld->cmd_has_catalog ? 0 : (strbuf_addstr(&ld->path, "catalog"), config_file_bad(ld, "missing: give the catalog's path, url or source"));
	if (!ld->cmd_has_catalog) {
		push_path(ld, "catalog", &saved);
		if (json_is_array(cat)) {
			json_array_foreach(cat, i, e) {
				size_t inner = ld->path.len;
				strbuf_addf(&ld->path, "[%zu]", i);
				rc = convert_object(ld, e, catalog_keys, NULL, ol);
				strbuf_setlen(&ld->path, inner);
				if (rc)
					break;
			}
		} else {
			rc = convert_object(ld, cat, catalog_keys, NULL, ol);
		}
		strbuf_setlen(&ld->path, saved);
		if (rc)
			return rc;
	}
	if (!inv)
		return 0;
	push_path(ld, "inventory", &saved);
	if (json_is_string(inv)) {
		const struct key path_key = { "path", "inventory", K_PATH, NULL };
		rc = convert(ld, &path_key, inv, ol);
	} else {
		rc = convert_object(ld, inv, inventory_keys, NULL, ol);
	}
	strbuf_setlen(&ld->path, saved);
	return rc;
}

/* The top level: sections, sources, run keys; "feeds" is checked per feed. */
int config_file_convert_top(struct loader *ld, json_t *root, struct optlist *ol)
{
	const char *name;
	json_t *v;
	size_t saved;
	int rc;

	if (!json_is_object(root))
		return config_file_bad(ld, "expected an object with \"feeds\"");
	json_object_foreach(root, name, v) {
		const struct section *s = NULL;
		const struct key *k = find_key(run_keys, name);
		for (const struct section *t = top_sections; t->name; t++)
			if (!strcmp(t->name, name))
				s = t;
		if (!strcmp(name, "catalog") || !strcmp(name, "inventory") || !strcmp(name, "feeds") || !strcmp(name, "rules") ||
		    !strcmp(name, "bands"))
			continue;
		push_path(ld, name, &saved);
		if (s)
			rc = convert_object(ld, v, s->keys, NULL, ol);
		else if (k)
			rc = convert(ld, k, v, ol);
		else {
			struct strbuf list = STRBUF_INIT;
			key_list(&list, run_keys, top_sections);
			rc = config_file_bad(ld, "unknown key (known: catalog, inventory, feeds, rules, bands, %s)", list.buf);
			strbuf_release(&list);
		}
		strbuf_setlen(&ld->path, saved);
		if (rc)
			return rc;
	}
	return convert_sources(ld, root, ol);
}

int config_file_convert_feed_keys(struct loader *ld, json_t *feed, struct optlist *fo)
{
	return convert_object(ld, feed, feed_keys, feed_sections, fo);
}
