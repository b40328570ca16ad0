/* fuzz_rules.c: libFuzzer target for the item rules compiler and evaluator (item_rules.c,
 * item_rules_eval.c): the input's first JSON value is {"rules": [...], "bands": {...}} (or the
 * rules array alone), compiled as a configuration's; the bytes after it, line by line, are the
 * values of an item's fields in order (id, item_group_id, title, ...), and the rules are applied
 * to it twice. A rule set is either compiled or a usage error; a rule never changes price,
 * sale_price or quantity; no rule touches more items than it matched; an excluded item is counted.
 * Owns: the rule set and item of each input. */
#include "item_rules.h"
#include "msg.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fill_item(struct item *it, const char *p, const char *end)
{
	for (int f = 0; f < ITEM_FIELD_COUNT && p < end; f++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		item_setn(it, (enum item_field)f, p, n);
		p += n + (nl != NULL);
	}
}

static void check_counts(const struct rule_set *rs, unsigned long applied)
{
	json_t *sum = item_rules_summary_json(rs), *r;
	size_t i;

	if (json_array_size(sum) != item_rules_count(rs) || item_rules_excluded(rs) > applied)
		abort();
	json_array_foreach(sum, i, r) {
		json_int_t matched = json_integer_value(json_object_get(r, "matched"));
		json_int_t touched = json_integer_value(json_object_get(r, "touched"));
		if (touched > matched || matched > (json_int_t)applied || !json_is_string(json_object_get(r, "rule")))
			abort();
	}
	json_decref(sum);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *root = json_loadb((const char *)data, size, JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &err);
	const json_t *rules, *bands = NULL;
	struct rule_set *rs;
	struct item it;
	struct strbuf trace = STRBUF_INIT;
	int rc;

	msg_set_quiet(1);
	if (!root)
		return 0;
	rules = root;
	if (json_is_object(root)) {
		rules = json_object_get(root, "rules");
		bands = json_object_get(root, "bands");
	}
	rs = item_rules_compile(rules, bands, "rules", "fuzz.json", &rc);
	if ((rs == NULL) != (rc != 0 || !rules) || (rc && rc != EXIT_USAGE))
		abort();
	item_init(&it);
	for (int pass = 0; rs && pass < 2; pass++) {
		size_t at = err.position > 0 && (size_t)err.position < size ? (size_t)err.position : size;
		fill_item(&it, (const char *)data + at, (const char *)data + size);
		char *price = strdup(item_get(&it, ITEM_PRICE)), *sale = strdup(item_get(&it, ITEM_SALE_PRICE));
		char *qty = strdup(item_get(&it, ITEM_QUANTITY));
		strbuf_reset(&trace);
		int excluded = item_rules_apply(rs, &it, &trace);
		if (strcmp(price, item_get(&it, ITEM_PRICE)) || strcmp(sale, item_get(&it, ITEM_SALE_PRICE)) ||
		    strcmp(qty, item_get(&it, ITEM_QUANTITY)) || (excluded && !trace.len))
			abort();
		free(price);
		free(sale);
		free(qty);
		check_counts(rs, (unsigned long)pass + 1);
	}
	if (!rules && bands && (rc = item_rules_check_bands(bands, "fuzz.json")) && rc != EXIT_USAGE)
		abort(); /* bands alone: checked as a configuration without rules is */
	strbuf_release(&trace);
	item_release(&it);
	item_rules_free(rs);
	json_decref(root);
	return 0;
}
