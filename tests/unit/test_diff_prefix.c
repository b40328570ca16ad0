/* test_diff_prefix.c: the change report's hash prefix shared by the feeds of one channel
 * (feed_diff.h, issue 12) gives for every row exactly the values feed_diff_values gives: rows
 * that repeat the last one, differ in their last attribute, in a price that reads or not, in
 * their first attribute, lose or gain a value; and a prefix does not fit another template. The
 * steps alternate between two rows: the prefix compares with the last row by reference (its
 * gen unchanged), and with the same row again when it is given twice.
 * Owns: its templates, rows and prefix. */
#include "check.h"
#include "fixtures.h"
#include "enrich.h"
#include "feed_diff.h"
#include <stdlib.h>

static int same_values(const struct diff_values *a, const struct diff_values *b)
{
	return a->other == b->other && a->price == b->price && a->sale == b->sale && a->availability == b->availability &&
	       a->low == b->low && !strcmp(a->currency, b->currency) && !strcmp(a->sale_currency, b->sale_currency);
}

/* Row k of the sequence: the base row (0, 1, 9), or it with one change (2: a label; 3: the label
 * and a sale price; 4: a sale price that does not read; 5: the title; 6: the availability; 7: the
 * id; 8: no link). */
static void fill_step(struct row *r, int k)
{
	fixture_row(r, k < 7 ? "P-1" : "P-2", "19.00 EUR");
	fixture_set(r, "description", "A light cap for long runs, with a mesh back and a clip for sunglasses, "
				      "made of recycled polyester; machine washable at thirty degrees, dries in an hour, "
				      "folds flat into a pocket, and keeps its shape after years of trail and road running.");
	fixture_set(r, "custom_label_4", k == 2 || k == 3 ? "viewers" : "");
	if (k == 3 || k == 4)
		fixture_set(r, "sale_price", k == 3 ? "17.10 EUR" : "not a price");
	if (k == 5)
		fixture_set(r, "title", "Trail Cap (navy)");
	if (k == 6)
		fixture_set(r, "availability", "out_of_stock");
	if (k == 8)
		fixture_set(r, "link", "");
}

int main(void)
{
	const struct template *t = fixture_template("google"), *k = fixture_template("tiktok");
	struct urgency_options u;
	struct feed_diff d, dk;
	struct diff_prefix *p;
	struct row r[2];
	int all_same = 1;
	uint64_t seen[10];

	if (!CHECK(t != NULL && k != NULL))
		return CHECK_DONE();
	urgency_options_init(&u);
	feed_diff_init(&d, t, &u, 0);
	feed_diff_init(&dk, k, &u, 0);
	row_init(&r[0], t);
	row_init(&r[1], t);
	p = diff_prefix_new(&d);
	CHECK(feed_diff_prefix_fits(p, &d));
	CHECK(!feed_diff_prefix_fits(p, &dk)); /* another template numbers its attributes otherwise */
	for (int step = 0; step < 10; step++) {
		struct diff_values want, got;
		struct row *now = &r[step % 2];
		fill_step(now, step);
		feed_diff_values(&d, now, &want);
		feed_diff_values_prefix(&d, now, &got, p, NULL);
		all_same &= same_values(&want, &got);
		seen[step] = want.other;
		/* and again, the whole row from the prefix */
		feed_diff_values_prefix(&d, now, &got, p, NULL);
		all_same &= same_values(&want, &got);
	}
	CHECK(all_same);
	/* the steps change what they should: a label, a price that does not read, a title, a link
	 * are hashed; a price or availability that reads is compared as a number, the id not at all */
	CHECK(seen[1] == seen[0] && seen[2] != seen[0] && seen[3] == seen[2] && seen[4] != seen[0]);
	CHECK(seen[5] != seen[0] && seen[6] == seen[0] && seen[7] == seen[0] && seen[8] != seen[0]);
	CHECK(seen[9] == seen[0]);
	diff_prefix_unref(p);
	row_release(&r[0]);
	row_release(&r[1]);
	feed_diff_release(&d);
	feed_diff_release(&dk);
	template_free(t);
	template_free(k);
	return CHECK_DONE();
}
