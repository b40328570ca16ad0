/* test_item.c: a feed's copy of an item (item.h): item_copy, and item_borrow's views of the
 * shared item's fields, copied only where the feed writes (item_set, item_setn, item_add_value)
 * while the shared item keeps its bytes; the views end with the next borrow, copy, reset or
 * release (valgrind and the sanitizer build see no leak or stray write); a strbuf call on a
 * borrowed field stops the run.
 * Owns: the items it makes. */
#include "check.h"
#include "item.h"
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void fill(struct item *it, const char *id, const char *title)
{
	item_reset(it);
	item_set(it, ITEM_ID, id);
	item_set(it, ITEM_TITLE, title);
	item_set(it, ITEM_DESCRIPTION, "A long description of the product.");
	item_add_value(it, ITEM_PROMOTION_ID, "P1");
	it->price = 1999;
	it->line = 7;
	it->changed = 0;
}

static void borrow_reads_as_a_copy(void)
{
	struct item shared, feed;

	item_init(&shared);
	item_init(&feed);
	fill(&shared, "SKU-1", "Mug");
	item_borrow(&feed, &shared);
	CHECK_STR(item_get(&feed, ITEM_ID), "SKU-1");
	CHECK_STR(item_get(&feed, ITEM_DESCRIPTION), "A long description of the product.");
	CHECK(item_get(&feed, ITEM_TITLE) == item_get(&shared, ITEM_TITLE)); /* a view: no copy */
	CHECK_INT(feed.field[ITEM_TITLE].len, 3);
	CHECK_INT((long)feed.price, 1999);
	CHECK_INT(feed.line, 7);
	CHECK_INT((long)feed.changed, 0);
	CHECK_STR(item_get(&feed, ITEM_CUSTOM_LABEL_2), ""); /* an empty field reads empty */

	/* writes copy the field first; the shared item keeps its bytes */
	item_set(&feed, ITEM_TITLE, "Mug, 10% off");
	item_add_value(&feed, ITEM_PROMOTION_ID, "BACK10");
	item_set(&feed, ITEM_CUSTOM_LABEL_2, "cart_abandoners");
	item_setn(&feed, ITEM_BRAND, "Northwind!", 9);
	CHECK_STR(item_get(&feed, ITEM_TITLE), "Mug, 10% off");
	CHECK_STR(item_get(&shared, ITEM_TITLE), "Mug");
	CHECK_STR(item_get(&feed, ITEM_PROMOTION_ID), "P1\x1f" "BACK10");
	CHECK_STR(item_get(&shared, ITEM_PROMOTION_ID), "P1");
	CHECK_STR(item_get(&feed, ITEM_BRAND), "Northwind");
	CHECK_STR(item_get(&shared, ITEM_BRAND), "");
	CHECK_STR(item_get(&shared, ITEM_CUSTOM_LABEL_2), "");
	CHECK_INT(item_value_count(&feed, ITEM_PROMOTION_ID), 2);
	CHECK((feed.changed & ITEM_BIT(ITEM_TITLE)) && (feed.changed & ITEM_BIT(ITEM_PROMOTION_ID)));
	CHECK(!(feed.changed & ITEM_BIT(ITEM_ID)));
	CHECK(item_get(&feed, ITEM_ID) == item_get(&shared, ITEM_ID));

	/* a value taken from one of the views (the shared item's bytes) into another field */
	item_set(&feed, ITEM_CUSTOM_LABEL_3, item_get(&feed, ITEM_DESCRIPTION));
	CHECK_STR(item_get(&feed, ITEM_CUSTOM_LABEL_3), "A long description of the product.");

	/* the next item: the fields written before are views again, their buffers kept for later */
	fill(&shared, "SKU-2", "Plate");
	item_borrow(&feed, &shared);
	CHECK_STR(item_get(&feed, ITEM_TITLE), "Plate");
	CHECK_STR(item_get(&feed, ITEM_CUSTOM_LABEL_2), "");
	CHECK_STR(item_get(&feed, ITEM_PROMOTION_ID), "P1");
	CHECK_INT((long)feed.changed, 0);
	item_set(&feed, ITEM_TITLE, "Plate, 10% off");
	CHECK_STR(item_get(&shared, ITEM_TITLE), "Plate");

	/* item_copy after item_borrow: every field its own again, the shared item untouched */
	item_copy(&feed, &shared);
	CHECK_STR(item_get(&feed, ITEM_TITLE), "Plate");
	CHECK(item_get(&feed, ITEM_TITLE) != item_get(&shared, ITEM_TITLE));
	item_set(&feed, ITEM_DESCRIPTION, "changed");
	CHECK_STR(item_get(&shared, ITEM_DESCRIPTION), "A long description of the product.");

	/* item_reset after item_borrow: empty and its own */
	item_borrow(&feed, &shared);
	item_reset(&feed);
	CHECK_STR(item_get(&feed, ITEM_TITLE), "");
	CHECK_STR(item_get(&shared, ITEM_TITLE), "Plate");
	item_set(&feed, ITEM_TITLE, "own");
	CHECK_STR(item_get(&shared, ITEM_TITLE), "Plate");

	/* released while borrowing: only its own buffers are freed */
	item_borrow(&feed, &shared);
	item_release(&feed);
	CHECK_STR(item_get(&shared, ITEM_TITLE), "Plate");
	item_release(&shared);
}

/* A strbuf call on a borrowed field (not item.c's writers) stops the run instead of writing
 * the shared item's bytes or losing them (strbuf.c's view_written). */
static void writing_a_view_stops(void)
{
	struct item shared, feed;
	int status = 0;
	pid_t pid;

	item_init(&shared);
	item_init(&feed);
	fill(&shared, "SKU-1", "Mug");
	item_borrow(&feed, &shared);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		freopen("/dev/null", "w", stderr);
		strbuf_addstr(&feed.field[ITEM_TITLE], " and saucer");
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	if ((pid = fork()) == 0) {
		freopen("/dev/null", "w", stderr);
		strbuf_setlen(&feed.field[ITEM_TITLE], 1);
		_exit(0);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	CHECK_STR(item_get(&shared, ITEM_TITLE), "Mug");
	item_release(&feed);
	item_release(&shared);
}

int main(void)
{
	borrow_reads_as_a_copy();
	writing_a_view_stops();
	return CHECK_DONE();
}
