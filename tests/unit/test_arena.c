/* test_arena.c: unit tests for the jansson record arenas (arena.c, issue 12): a record lives in
 * its arena and is given back whole, the next record reuses its chunk, a failed decode gives its
 * chunk back at once, large values and values set later go to the heap, a record given back
 * without the walk (arena_record_drop) and one walked for its value on the heap, a record with
 * a second reference stays, and records decoded on two threads at once stay apart.
 * Owns: the records it decodes. */
#include "check.h"
#include "alloc.h"
#include "arena.h"
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>

static json_t *decode(const char *text)
{
	json_t *v;

	arena_begin();
	v = json_loads(text, 0, NULL);
	arena_end(v != NULL);
	return v;
}

static void test_reuse(void)
{
	json_t *a = decode("{\"id\": 1, \"title\": \"Trail Cap\", \"variants\": [{\"sku\": \"A\"}, {\"sku\": \"B\"}]}");
	json_t *b, *c;
	void *first = a;

	CHECK(a && arena_owns(a));
	CHECK(arena_owns(json_object_get(a, "variants")));
	CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(a, "variants"), 1), "sku")), "B");
	arena_record_free(a);
	b = decode("{\"id\": 2}");
	CHECK(b == first); /* the chunk given back is the next one used */
	CHECK_INT(json_integer_value(json_object_get(b, "id")), 2);
	arena_record_free(b);
	CHECK(decode("{\"id\": ") == NULL); /* a failed decode gives its chunk back at once */
	c = decode("{\"id\": 3}");
	CHECK(c == first);
	arena_record_free(c);
}

static void test_heap_values(void)
{
	char *big = malloc(20000);
	json_t *v, *s;

	memset(big, 'x', 19999);
	big[19999] = '\0';
	v = decode("{\"title\": \"Tee\"}");
	json_object_set_new(v, "body", json_string(big)); /* made outside arena_begin: the heap */
	s = json_object_get(v, "body");
	CHECK(!arena_owns(s) && !arena_owns(json_string_value(s)));
	json_string_set(json_object_get(v, "title"), "Tee, washed"); /* the arena's value is replaced */
	CHECK_STR(json_string_value(json_object_get(v, "title")), "Tee, washed");
	arena_record_free(v);
	free(big);
}

/* arena_record_drop gives a record's arena back without the walk; a record with a value on the
 * heap is walked (its large string freed), and the arena given back all the same. */
static void test_drop(void)
{
	json_t *a = decode("{\"id\": 1, \"tags\": [\"a\", {\"b\": null}]}"), *b, *big;
	void *first = a;
	char *text = malloc(20020);

	arena_record_drop(a);
	b = decode("{\"id\": 2}");
	CHECK(b == first);
	arena_record_drop(b);
	memcpy(text, "{\"body\": \"", 10);
	memset(text + 10, 'x', 20000);
	memcpy(text + 20010, "\"}", 3);
	big = decode(text);
	CHECK(big == first && !arena_owns(json_string_value(json_object_get(big, "body"))));
	arena_record_drop(big);
	b = decode("{\"id\": 3}");
	CHECK(b == first);
	arena_record_drop(b);
	free(text);
}

static void test_second_reference(void)
{
	json_t *v = decode("{\"sku\": \"KEEP\"}");
	json_t *other;

	json_incref(v);
	arena_record_free(v); /* not the last reference: the arena stays */
	other = decode("{\"sku\": \"OTHER\"}");
	CHECK(other != v);
	CHECK_STR(json_string_value(json_object_get(v, "sku")), "KEEP");
	arena_record_free(other);
	arena_record_free(v);
}

static void *decode_many(void *arg)
{
	int *bad = arg;
	char text[64];

	for (int i = 0; i < 2000; i++) {
		json_t *v;
		snprintf(text, sizeof(text), "{\"n\": %d, \"s\": \"%d\"}", i, i);
		v = decode(text);
		if (!v || json_integer_value(json_object_get(v, "n")) != i)
			(*bad)++;
		arena_record_free(v);
	}
	return NULL;
}

static void test_threads(void)
{
	pthread_t t;
	int bad_thread = 0, bad_main = 0;

	json_object_seed(0);
	CHECK(pthread_create(&t, NULL, decode_many, &bad_thread) == 0);
	decode_many(&bad_main);
	pthread_join(t, NULL);
	CHECK_INT(bad_thread + bad_main, 0);
}

int main(void)
{
	alloc_init();
	test_reuse();
	test_heap_values();
	test_drop();
	test_second_reference();
	test_threads();
	return CHECK_DONE();
}
