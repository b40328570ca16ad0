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

/* Whether buf[0..len) holds the six bytes \u0000 (the only way a decoded string gets a NUL):
 * memmem's answer, found with memchr to each backslash (a catalog has few; memmem cost a worker
 * 5% of its instructions). */
int json_fast_has_nul_escape(const char *buf, size_t len);
#endif
