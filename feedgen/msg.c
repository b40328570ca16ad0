/* msg.c: every message to the user goes out through here (see msg.h).
 * Owns: the quiet/verbose state, the sanitising of untrusted text for the terminal, and each
 * thread's held messages (msg_hold: the buffer is the caller's). */
#include "msg.h"
#include "secrets.h"
#include "strbuf.h"
#include "text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int quiet, verbose;
static __thread struct strbuf *held; /* this thread's messages, kept for its caller (msg_hold) */

void msg_hold(struct strbuf *sb) { held = sb; }

void msg_put_held(const struct strbuf *sb)
{
	fflush(stdout);
	fwrite(sb->buf, 1, sb->len, stderr);
}

void msg_set_quiet(int q) { quiet = q; }
void msg_set_verbose(int v) { verbose = v; }
int msg_is_quiet(void) { return quiet; }
int msg_is_verbose(void) { return verbose; }

/* Characters that are invisible yet change how a terminal or an editor shows the text around
 * them: bidirectional controls (U+061C, U+200E/U+200F, U+202A..U+202E, U+2066..U+2069) and the
 * line/paragraph separators U+2028/U+2029 (NEL U+0085 is a C1 control, handled with them). */
static int is_hidden_control(unsigned cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

void msg_sanitize(struct strbuf *out, const char *s, size_t len, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	unsigned cp;

	while (i < len) {
		size_t n;
		if (max && i >= max) {
			strbuf_addstr(out, "...");
			return;
		}
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			strbuf_addf(out, "\\x%02x", p[i]); /* not UTF-8 */
			n = 1;
		} else if (cp == '\n') {
			strbuf_addstr(out, "\\n");
		} else if (cp == '\r') {
			strbuf_addstr(out, "\\r");
		} else if ((cp < 0x20 && cp != '\t') || cp == 0x7F) {
			strbuf_addf(out, "\\x%02x", cp);
		} else if ((cp >= 0x80 && cp < 0xA0) || is_hidden_control(cp)) {
			strbuf_addf(out, "\\u%04x", cp); /* C1 control, bidi control, separator */
		} else {
			strbuf_add(out, p + i, n);
		}
		i += n;
	}
}

/* msg_quote's ring: one per thread (catalog workers quote values in findings), freed by
 * msg_thread_release() when a worker ends; the main thread's lives until exit */
static _Thread_local struct strbuf quote_slots[8];
static _Thread_local unsigned quote_next;

const char *msg_quote(const char *s)
{
	struct strbuf *sb = &quote_slots[quote_next++ % 8];
	char *masked = secrets_masked_dup(s); /* before the cut at 200 bytes could halve a secret */

	if (!sb->alloc)
		strbuf_init(sb);
	strbuf_reset(sb);
	strbuf_addch(sb, '\'');
	if (masked)
		s = masked;
	if (s)
		msg_sanitize(sb, s, strlen(s), 200);
	strbuf_addch(sb, '\'');
	free(masked);
	return sb->buf;
}

void msg_thread_release(void)
{
	for (size_t i = 0; i < sizeof(quote_slots) / sizeof(*quote_slots); i++)
		strbuf_release(&quote_slots[i]);
	quote_next = 0;
}

void msg_vprint(enum msg_level level, const char *fmt, va_list ap)
{
	struct strbuf raw = STRBUF_INIT, out = STRBUF_INIT;
	static const char *const prefix[] = { "feedgen: ", "feedgen: warning: ", "feedgen: " };

	if (level != MSG_ERROR && quiet)
		return;
	strbuf_vaddf(&raw, fmt, ap);
	secrets_mask(&raw); /* no credential value reaches stderr, whatever the caller passed */
	strbuf_addstr(&out, prefix[level]);
	/* Messages are built from our own text and msg_quote()d data, but a caller may pass
	 * data directly: sanitise once more (newlines inside a message become \x0a). */
	msg_sanitize(&out, raw.buf, raw.len, 0);
	strbuf_addch(&out, '\n');
	if (held) {
		strbuf_add(held, out.buf, out.len);
	} else {
		fflush(stdout);
		fwrite(out.buf, 1, out.len, stderr);
	}
	strbuf_release(&raw);
	strbuf_release(&out);
}

void msg_sanitize_lines(struct strbuf *out, const char *text)
{
	const char *line = text, *nl;

	while (*line) {
		nl = strchr(line, '\n');
		msg_sanitize(out, line, nl ? (size_t)(nl - line) : strlen(line), 0);
		strbuf_addch(out, '\n');
		if (!nl)
			break;
		line = nl + 1;
	}
}

void msg_raw(const char *text)
{
	struct strbuf out = STRBUF_INIT, masked = STRBUF_INIT;

	if (secrets_count()) {
		strbuf_addstr(&masked, text);
		secrets_mask(&masked);
		text = masked.buf;
	}
	msg_sanitize_lines(&out, text);
	fwrite(out.buf, 1, out.len, stderr);
	strbuf_release(&out);
	strbuf_release(&masked);
}

#define DEFINE_MSG(name, level) \
	void name(const char *fmt, ...) \
	{ \
		va_list ap; \
		va_start(ap, fmt); \
		msg_vprint(level, fmt, ap); \
		va_end(ap); \
	}
DEFINE_MSG(msg_error, MSG_ERROR)
DEFINE_MSG(msg_warning, MSG_WARNING)
DEFINE_MSG(msg_info, MSG_INFO)

int msg_fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint(MSG_ERROR, fmt, ap);
	va_end(ap);
	return code;
}
