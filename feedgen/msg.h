/* msg.h: the one path for user-facing messages, and the table of exit codes.
 * Owns: stderr output ("feedgen: " prefix, --quiet, neutralising control characters that come
 * from catalog data so nothing raw reaches a terminal). */
#ifndef FEEDGEN_MSG_H
#define FEEDGEN_MSG_H
#include <stdarg.h>
#include <stddef.h>

/* Exit codes: documented in --help, README and feedgen(1); each one is tested. */
enum exit_code {
	EXIT_OK = 0,        /* success; rejected items are reported, not fatal */
	EXIT_FINDINGS = 1,  /* validate: errors found (or warnings with --fail-on warning) */
	EXIT_USAGE = 2,     /* usage or configuration error */
	EXIT_INPUT = 3,     /* an input could not be read or fetched; nothing was written */
	EXIT_NOMEM = 4,     /* out of memory; nothing was written */
	EXIT_OUTPUT = 5,    /* the output could not be written; the previous file is untouched */
	EXIT_LOCKED = 6,    /* build --config: another run of the configuration holds its lock */
	EXIT_REFUSED = 7    /* build: publish refused by the safety guard (guard.h); nothing was published */
};

enum msg_level { MSG_ERROR, MSG_WARNING, MSG_INFO };

void msg_set_quiet(int quiet);   /* --quiet: only errors */
int msg_is_quiet(void);
void msg_set_verbose(int verbose);
int msg_is_verbose(void);
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_vprint(enum msg_level level, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Print a message exactly as built (still sanitised), used by the report formatter for text
 * reports on stderr. */
void msg_raw(const char *text);

/* `return error(...)`-style helpers: print and return the code. */
int msg_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Write `s` into `out` with every character that could forge a line or hide text replaced by
 * a visible escape, so that untrusted text can be shown on a terminal: LF and CR as \n and \r,
 * other C0 controls (not tab), DEL and bytes that are not UTF-8 as \x1b, C1 controls (NEL,
 * CSI) as \u0085, \u009b, bidirectional controls (U+061C, U+200E/F, U+202A..E, U+2066..9) and
 * U+2028/U+2029 as \u202e. Every message, finding and text/GitHub/JUnit report line goes
 * through here. Truncates to `max` input bytes with "..." (0: no limit). */
struct strbuf;
void msg_sanitize(struct strbuf *out, const char *s, size_t len, size_t max);
/* The same for a multi-line text: each line sanitised, the newlines kept. */
void msg_sanitize_lines(struct strbuf *out, const char *text);
/* Convenience: a sanitised, quoted copy of `s` in a rotating buffer (8 slots, per thread), for
 * use as a "%s" argument: msg_error("SKU %s ...", msg_quote(sku)). At most 200 bytes shown. */
const char *msg_quote(const char *s);
/* Messages of the calling thread go into sb (NULL: to stderr again), for a worker thread whose
 * caller says them in order with msg_put_held(). msg_quote() may be called from two threads. */
void msg_hold(struct strbuf *sb);
void msg_put_held(const struct strbuf *sb);
/* The ring msg_quote() returns from is the calling thread's (8 strings); a thread that ends
 * (a catalog worker) gives it back with this. */
void msg_thread_release(void);
#endif
