/* json_fast.h: a strict reader of one JSON text (a catalog record) that builds jansson's own
 * values for a sixth of json_loadb's instructions (README "Where the time goes"); whatever it is
 * not certain of it declines, and the caller decodes with json_loadb, which has the last word.
 * Owns: nothing; the tree it returns is the caller's (json_decref), allocated through jansson's
 * allocation functions (catalog_decode.c's record arena when one is active). */
#ifndef FEEDGEN_JSON_FAST_H
#define FEEDGEN_JSON_FAST_H
#include <stddef.h>
#include <jansson.h>

/* Why json_fast_loadb returned NULL. */
enum json_fast_decline {
	JSON_FAST_OK = 0,
	JSON_FAST_INVALID,   /* jansson refuses it too: syntax, control character, bad escape, lone
			      * surrogate, invalid UTF-8, NUL in a key, depth over 2048, not an object
			      * or array at the top, anything but white space after it */
	JSON_FAST_UNHANDLED, /* maybe valid, left to jansson: an integer of 19 or more digits, an
			      * exponent, a real that needs strtod in a locale whose point is not '.',
			      * a NUL byte outside a string (jansson skips some: "[94\0]") */
	JSON_FAST_NOMEM,     /* a jansson constructor returned NULL */
};

/* The value of buf[0..len) as json_loadb(buf, len, JSON_ALLOW_NUL, &err) makes it (same types,
 * strings, key order, duplicate keys: the last value in the first key's place), or NULL with
 * *why (when why is not NULL) set: then decode it with json_loadb. Thread-safe. */
json_t *json_fast_loadb(const char *buf, size_t len, enum json_fast_decline *why);

/* A set of member names (the caller's strings, which must outlive it): an open-addressing
 * table of their lengths, pointers and how their values are built, filled by
 * json_fast_keys_add. At most half the slots. */
#define JSON_FAST_KEY_SLOTS 128
enum json_fast_keep { JSON_FAST_DROP, JSON_FAST_KEEP, JSON_FAST_WHOLE };
struct json_fast_keys {
	const char *name[JSON_FAST_KEY_SLOTS];
	size_t len[JSON_FAST_KEY_SLOTS];
	enum json_fast_keep how[JSON_FAST_KEY_SLOTS];
	size_t n;
};

/* Add the names of a NULL-terminated list, how: JSON_FAST_KEEP (objects in the value keep only
 * the set's members too) or JSON_FAST_WHOLE (the value is built with every member: one that is
 * compared whole, json_equal). A name already there keeps its first how. Returns 0, or -1 when
 * the set would be more than half full (nothing more is added). */
int json_fast_keys_add(struct json_fast_keys *set, const char *const *names, enum json_fast_keep how);
/* How key[0..n) is kept: JSON_FAST_DROP when it is not in the set. */
enum json_fast_keep json_fast_keys_how(const struct json_fast_keys *set, const char *key, size_t n);

/* As json_fast_loadb, but a member of any object whose name is not in keep is only checked
 * (whatever json_fast_loadb would decline, this declines), not built: the tree is json_loadb's
 * with those members left out (below a JSON_FAST_WHOLE member, none), for a reader that never
 * looks at them. keep NULL: every member. */
json_t *json_fast_loadb_keys(const char *buf, size_t len, const struct json_fast_keys *keep,
			     enum json_fast_decline *why);

/* Whether buf[0..len) holds the six bytes \u0000 (the only way a decoded string gets a NUL):
 * memmem's answer, found with memchr to each backslash (a catalog has few; memmem cost a worker
 * 5% of its instructions). */
int json_fast_has_nul_escape(const char *buf, size_t len);
#endif
