/* strbuf.h: the growable byte buffer every text in feedgen is built in (after git's strbuf).
 * Owns: its bytes. Invariant: buf[len] == '\0' always, so buf is a C string whenever the
 * content has no NUL. A strbuf starts as STRBUF_INIT (no allocation) and is released with
 * strbuf_release(); strbuf_detach() hands the bytes to the caller, who frees them. */
#ifndef FEEDGEN_STRBUF_H
#define FEEDGEN_STRBUF_H
#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};
extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add_slow(struct strbuf *sb, const void *data, size_t len);
/* The hot appends are inline: a copy when there is room, the slow path otherwise. */
static inline void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (sb->alloc && sb->len + len < sb->alloc) {
		__builtin_memcpy(sb->buf + sb->len, data, len);
		sb->len += len;
		sb->buf[sb->len] = '\0';
	} else
		strbuf_add_slow(sb, data, len);
}
static inline void strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;
	strbuf_add(sb, &ch, 1);
}
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Remove leading and trailing ASCII white space. */
void strbuf_trim(struct strbuf *sb);
/* Append n with thousands separators: 338812 -> "338,812" (messages and summaries). */
void strbuf_add_count(struct strbuf *sb, unsigned long n);
#endif
