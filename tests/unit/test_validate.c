/* test_validate.c: unit tests of the rule runner (validators/validate.c) beyond the data-driven
 * cases: id memory in build vs validate --feed mode, repeated values and the value separator,
 * the enum spelling hint, the rule table. Owns: the templates and rows it creates. */
#include "check.h"
#include "fixtures.h"
#include "validate.h"
#include <stdlib.h>

static int has_rule(const struct row *r, const char *rule)
{
	for (size_t i = 0; i < r->findings.n; i++)
		if (!strcmp(r->findings.v[i].rule, rule))
			return 1;
	return 0;
}

static const char *message_of(const struct row *r, const char *rule)
{
	for (size_t i = 0; i < r->findings.n; i++)
		if (!strcmp(r->findings.v[i].rule, rule))
			return r->findings.v[i].message;
	return "";
}

/* issue 12: a long text value the checks found nothing in is not checked again for the next
 * row; one they found something in, or repaired, is checked (and reported) every time */
static void test_text_memo(const struct template *t)
{
	static const char clean[] = "A light cap of recycled polyester with a curved brim, for trail runs and hot days";
	static const char ctrl[] = "A light cap of recycled polyester\x01 with a curved brim, for trail runs and hot days";
	static const char ph[] = "A light cap of recycled polyester with a curved brim, for trail runs [object Object]";
	struct validation v;
	struct row r;
	int ok = 1;

	row_init(&r, t);
	validation_init(&v, t, 1);
	for (int i = 0; i < 3; i++) {
		char id[16];
		snprintf(id, sizeof(id), "CAP-%d", i);
		fixture_row(&r, id, "19.00 EUR");
		fixture_set(&r, "description", clean);
		ok &= validate_row(&v, &r) == 1 && r.findings.n == 0;
	}
	CHECK(ok);
	for (int i = 0; i < 2; i++) { /* repaired each time: the original comes again */
		char id[16];
		snprintf(id, sizeof(id), "CTRL-%d", i);
		fixture_row(&r, id, "19.00 EUR");
		fixture_set(&r, "description", ctrl);
		validate_row(&v, &r);
		CHECK(has_rule(&r, "control-chars"));
		CHECK_STR(row_get(&r, (size_t)template_attr_index(t, "description")), clean);
	}
	for (int i = 0; i < 2; i++) {
		char id[16];
		snprintf(id, sizeof(id), "PH-%d", i);
		fixture_row(&r, id, "19.00 EUR");
		fixture_set(&r, "description", ph);
		validate_row(&v, &r);
		CHECK(has_rule(&r, "placeholder"));
	}
	fixture_row(&r, "CAP-9", "19.00 EUR"); /* the clean one again, after others: still clean */
	fixture_set(&r, "description", clean);
	CHECK(validate_row(&v, &r) == 1 && r.findings.n == 0);
	validation_release(&v);
	row_release(&r);
}

int main(void)
{
	const struct template *t = fixture_template("google");
	struct validation v;
	struct row r;

	if (!CHECK(t != NULL))
		return CHECK_DONE();
	row_init(&r, t);

	/* validate --feed: a row with errors still claims its id (ids compared ignoring case) */
	validation_init(&v, t, 0);
	fixture_row(&r, "DUP-1", "");
	r.line = 2;
	CHECK(validate_row(&v, &r) == 0);
	CHECK(has_rule(&r, "required") && !has_rule(&r, "id-unique"));
	fixture_row(&r, "dup-1", "19.00 EUR");
	r.line = 3;
	CHECK(validate_row(&v, &r) == 0);
	CHECK(has_rule(&r, "id-unique"));
	CHECK(strstr(message_of(&r, "id-unique"), "line 2") != NULL);
	validation_release(&v);

	/* build: a rejected item is not written, so its id stays free */
	validation_init(&v, t, 1);
	fixture_row(&r, "DUP-1", "");
	CHECK(validate_row(&v, &r) == 0);
	fixture_row(&r, "DUP-1", "19.00 EUR");
	CHECK(validate_row(&v, &r) == 1);
	CHECK(!has_rule(&r, "id-unique"));
	fixture_row(&r, "dup-1", "19.00 EUR");
	CHECK(validate_row(&v, &r) == 0 && has_rule(&r, "id-unique"));
	validation_release(&v);

	/* two feeds sharing one id set (a build's feeds): each feed's acceptances are its own, and
	 * a duplicate names the line of the item this feed accepted, even when another feed had
	 * accepted an earlier item with that id (the first feed rejected line 5, the second not) */
	{
		struct validation v2;
		struct id_set set = ID_SET_INIT;
		validation_init(&v, t, 1);
		validation_init(&v2, t, 1);
		validation_share_ids(&v, &set);
		validation_share_ids(&v2, &set);
		CHECK(set.users == 2 && v.id_bit == 0 && v2.id_bit == 1);
		fixture_row(&r, "SH-1", "19.00 EUR");
		r.line = 4;
		CHECK(validate_row(&v2, &r) == 1);          /* feed 2 accepts SH-1 at line 4 */
		fixture_row(&r, "SH-1", "");
		r.line = 4;
		CHECK(validate_row(&v, &r) == 0);           /* feed 1 rejects it (no price) */
		fixture_row(&r, "sh-1", "19.00 EUR");
		r.line = 9;
		CHECK(validate_row(&v, &r) == 1);           /* feed 1 accepts its first SH-1, line 9 */
		CHECK(!has_rule(&r, "id-unique"));
		CHECK(validate_row(&v2, &r) == 0);          /* feed 2 has SH-1 since line 4 */
		CHECK(strstr(message_of(&r, "id-unique"), "line 4") != NULL);
		fixture_row(&r, "SH-1", "19.00 EUR");
		r.line = 12;
		CHECK(validate_row(&v, &r) == 0);           /* feed 1: since line 9, not line 4 */
		CHECK(strstr(message_of(&r, "id-unique"), "line 9") != NULL);
		CHECK(id_set_count(&set) == 1);             /* one id for both feeds ... */
		CHECK(skupool_count(set.pool) == 1);        /* ... kept once, as first spelled */
		validation_release(&v);
		validation_release(&v2);
		id_set_release(&set);
		/* a set is shared by at most ID_SET_MAX_FEEDS feeds; the next keeps its own ids */
		set.users = ID_SET_MAX_FEEDS;
		validation_init(&v, t, 1);
		validation_share_ids(&v, &set);
		CHECK(v.ids == NULL);
		validation_release(&v);
	}
	/* two sets over one pool (a build's exact and case-ignoring feeds) share each id's line:
	 * a feed whose first item with the id is not the other set's keeps its own line */
	{
		struct validation v2;
		struct id_set a = ID_SET_INIT, b = ID_SET_INIT;
		struct skupool *pool = skupool_new();
		id_set_use(&a, pool);
		id_set_use(&b, pool);
		skupool_unref(pool);
		validation_init(&v, t, 1);
		validation_init(&v2, t, 1);
		validation_share_ids(&v, &a);
		validation_share_ids(&v2, &b);
		fixture_row(&r, "SP-1", "19.00 EUR");
		r.line = 4;
		CHECK(validate_row(&v2, &r) == 1);          /* set b accepts SP-1 at line 4 */
		fixture_row(&r, "SP-1", "");
		r.line = 4;
		CHECK(validate_row(&v, &r) == 0);           /* set a rejects it */
		fixture_row(&r, "SP-1", "19.00 EUR");
		r.line = 9;
		CHECK(validate_row(&v, &r) == 1);           /* set a accepts SP-1 at line 9 */
		r.line = 12;
		CHECK(validate_row(&v, &r) == 0);
		CHECK(strstr(message_of(&r, "id-unique"), "line 9") != NULL);
		fixture_row(&r, "SP-1", "19.00 EUR");
		r.line = 12;
		CHECK(validate_row(&v2, &r) == 0);
		CHECK(strstr(message_of(&r, "id-unique"), "line 4") != NULL);
		CHECK_INT(a.pool->lines[0], 4);             /* one line in the pool, set b's */
		validation_release(&v);
		validation_release(&v2);
		id_set_release(&a);
		id_set_release(&b);
	}

	/* repeated values: the separator between them is neither a control character nor removed */
	validation_init(&v, t, 1);
	fixture_row(&r, "REP-1", "19.00 EUR");
	fixture_set(&r, "promotion_id", "SPRING\x1fSUMMER");
	CHECK(validate_row(&v, &r) == 1);
	CHECK(!has_rule(&r, "control-chars"));
	CHECK_STR(row_get(&r, (size_t)template_attr_index(t, "promotion_id")), "SPRING\x1fSUMMER");
	fixture_row(&r, "REP-2", "19.00 EUR");
	fixture_set(&r, "promotion_id", "SPR\x01ING\x1fSUMMER");
	validate_row(&v, &r);
	CHECK(has_rule(&r, "control-chars"));
	CHECK_STR(row_get(&r, (size_t)template_attr_index(t, "promotion_id")), "SPRING\x1fSUMMER");
	validation_release(&v);

	/* enum: a spelling the platform accepts (case, alias) is no row finding but one summary
	 * per attribute and value; another channel's spelling Google does not accept names the
	 * expected one */
	validation_init(&v, t, 0);
	fixture_row(&r, "EN-1", "19.00 EUR");
	fixture_set(&r, "availability", "In Stock");
	validate_row(&v, &r);
	CHECK(!has_rule(&r, "enum"));
	CHECK(v.nvariants == 1 && !strcmp(v.variants[0].preferred, "in_stock") && v.variants[0].count == 1);
	fixture_row(&r, "EN-3", "19.00 EUR");
	fixture_set(&r, "availability", "in stock");
	validate_row(&v, &r);
	fixture_row(&r, "EN-4", "19.00 EUR");
	fixture_set(&r, "availability", "in stock");
	validate_row(&v, &r);
	CHECK(!has_rule(&r, "enum") && v.nvariants == 2 && v.variants[1].count == 2);
	{
		struct findings sum = FINDINGS_INIT;
		validation_summary(&v, &sum);
		CHECK(sum.n >= 2 && !strcmp(sum.v[1].rule, "enum") && sum.v[1].severity == SEV_WARNING);
		CHECK(strstr(sum.v[1].message, "'in stock' in 2 of 3 items") && strstr(sum.v[1].message, "preferred spelling is 'in_stock'"));
		findings_release(&sum);
	}
	fixture_row(&r, "EN-5", "19.00 EUR");
	fixture_set(&r, "availability", "available for order");
	validate_row(&v, &r);
	CHECK(has_rule(&r, "enum") && strstr(message_of(&r, "enum"), "use one of 'in_stock'") != NULL);
	fixture_row(&r, "EN-2", "19.00 EUR");
	fixture_set(&r, "availability", "soon");
	validate_row(&v, &r);
	CHECK(strstr(message_of(&r, "enum"), "use one of 'in_stock'") != NULL);
	/* shipping groups: the price part is checked, TikTok's five-part form included */
	fixture_row(&r, "SH-1", "19.00 EUR");
	fixture_set(&r, "shipping", "AT::Standard:4.90 EUR\x1f" "DE::Express:4.90:Courier");
	validate_row(&v, &r);
	CHECK(has_rule(&r, "price-currency") && strstr(message_of(&r, "price-currency"), "DE::Express") == NULL);
	fixture_row(&r, "SH-2", "19.00 EUR");
	fixture_set(&r, "shipping", "US:CA:Ground:9.99 USD:Standard");
	validate_row(&v, &r);
	CHECK(!has_rule(&r, "price"));
	validation_release(&v);

	/* repair mode (build) writes the preferred spelling of an accepted one */
	validation_init(&v, t, 1);
	fixture_row(&r, "RE-1", "19.00 EUR");
	fixture_set(&r, "availability", "In Stock");
	fixture_set(&r, "identifier_exists", "FALSE");
	CHECK(validate_row(&v, &r) == 1);
	CHECK_STR(row_get(&r, (size_t)template_attr_index(t, "availability")), "in_stock");
	CHECK_STR(row_get(&r, (size_t)template_attr_index(t, "identifier_exists")), "no");
	validation_release(&v);

	/* identifier_exists no: gtin and mpn are not expected; a GTIN given anyway is a warning,
	 * an MPN (often the SKU) is not */
	validation_init(&v, t, 0);
	v.check_recommended = 1;
	fixture_row(&r, "IE-1", "19.00 EUR");
	fixture_set(&r, "identifier_exists", "no");
	fixture_set(&r, "mpn", "IE-1");
	CHECK(validate_row(&v, &r) == 1 && r.findings.n == 0);
	fixture_row(&r, "IE-2", "19.00 EUR");
	fixture_set(&r, "identifier_exists", "false");
	fixture_set(&r, "gtin", "4006381333931");
	CHECK(validate_row(&v, &r) == 1 && has_rule(&r, "identifier-exists"));
	fixture_row(&r, "IE-3", "19.00 EUR");
	fixture_set(&r, "identifier_exists", "yes");
	validate_row(&v, &r);
	CHECK(!has_rule(&r, "identifier-exists"));
	CHECK(v.recommended_missing[template_attr_index(t, "gtin")] == 1);  /* IE-3 only */
	CHECK(v.recommended_missing[template_attr_index(t, "mpn")] == 1);   /* IE-3 only */
	validation_release(&v);

	/* the rule table: unique ids, each with a severity and a summary */
	for (size_t i = 0; validator_rules[i].id; i++) {
		int dup = 0;
		for (size_t k = 0; k < i; k++)
			dup |= !strcmp(validator_rules[i].id, validator_rules[k].id);
		if (!check_report(!dup && validator_rules[i].severity && validator_rules[i].summary, validator_rules[i].id, __FILE__, __LINE__))
			break;
	}

	row_release(&r);
	test_text_memo(t);
	template_free(t);
	return CHECK_DONE();
}
