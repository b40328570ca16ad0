/* strbuf.c: growable byte buffer (see strbuf.h for the contract).
 * Owns: the buffer's memory; allocation goes through alloc.c. */
#include "strbuf.h"
#include "alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char strbuf_empty[1];

void strbuf_init(struct strbuf *sb)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *r;

	if (!sb->alloc)
		strbuf_grow(sb, 0);
	r = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb);
	return r;
}

/* A strbuf with bytes and no allocation is a view of another's bytes (item_borrow, item.h),
 * which nothing may write: a write would lose its bytes, and a view's writer is a bug that
 * would otherwise publish wrong values without a word. */
static void view_written(const struct strbuf *sb)
{
	if (!sb->alloc && sb->len) {
		fprintf(stderr, "feedgen: internal error: a borrowed value was written (strbuf.c): please report this\n");
		abort();
	}
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	int fresh = !sb->alloc;

	view_written(sb);
	size_t need = sb->len + extra + 1;

	if (need <= sb->len) /* overflow: no buffer can be that large */
		xmalloc((size_t)-1);
	if (need > sb->alloc) {
		size_t n = sb->alloc ? sb->alloc : 64;
		while (n < need)
			n = n > (size_t)-1 / 2 ? need : n * 2;
		sb->buf = xrealloc(fresh ? NULL : sb->buf, n);
		sb->alloc = n;
		if (fresh)
			sb->buf[0] = '\0';
	}
}

void strbuf_reset(struct strbuf *sb)
{
	strbuf_setlen(sb, 0);
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc) {
		view_written(sb);
		return;
	}
	sb->len = len;
	sb->buf[len] = '\0';
}

void strbuf_add_slow(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_trim(struct strbuf *sb)
{
	size_t start = 0, end = sb->len;

	while (start < end && strchr(" \t\r\n\f\v", sb->buf[start]))
		start++;
	while (end > start && strchr(" \t\r\n\f\v", sb->buf[end - 1]))
		end--;
	if (!sb->alloc)
		return;
	memmove(sb->buf, sb->buf + start, end - start);
	strbuf_setlen(sb, end - start);
}

void strbuf_add_count(struct strbuf *sb, unsigned long n)
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%lu", n);

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			strbuf_addch(sb, ',');
		strbuf_addch(sb, digits[i]);
	}
}
