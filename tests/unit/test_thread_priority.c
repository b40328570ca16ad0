/* test_thread_priority.c: thread_give_way (thread_priority.h) lowers the calling thread's
 * priority by THREAD_HELPER_NICE and no other thread's: the thread that started it keeps its
 * nice value, a thread started after it too, a second call goes further down, never past 19.
 * Owns: the threads it starts. */
#include "check.h"
#include "thread_priority.h"
#include <pthread.h>

struct seen {
	int before, after, again;
};

static void *helper(void *arg)
{
	struct seen *s = arg;

	s->before = thread_nice();
	s->after = thread_give_way();
	s->again = thread_give_way();
	return NULL;
}

static void *bystander(void *arg)
{
	*(int *)arg = thread_nice();
	return NULL;
}

int main(void)
{
#ifdef __linux__
	struct seen s = { 0, 0, 0 };
	pthread_t t;
	int mine = thread_nice(), later = -100, want;

	CHECK(mine != -100 && mine >= -20 && mine <= 19);
	CHECK(!pthread_create(&t, NULL, helper, &s) && !pthread_join(t, NULL));
	CHECK_INT(s.before, mine); /* a new thread starts at its creator's value */
	want = mine + THREAD_HELPER_NICE > 19 ? 19 : mine + THREAD_HELPER_NICE;
	CHECK_INT(s.after, want);
	CHECK_INT(s.again, want + THREAD_HELPER_NICE > 19 ? 19 : want + THREAD_HELPER_NICE);
	CHECK_INT(thread_nice(), mine); /* the starting thread keeps its own */
	CHECK(!pthread_create(&t, NULL, bystander, &later) && !pthread_join(t, NULL));
	CHECK_INT(later, mine);
#else
	CHECK(thread_give_way() == -100);
#endif
	return CHECK_DONE();
}
