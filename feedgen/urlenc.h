/* urlenc.h: building and checking URLs (libcurl's URL API and escaping underneath).
 * Owns: nothing. */
#ifndef FEEDGEN_URLENC_H
#define FEEDGEN_URLENC_H
#include <stddef.h>
#include "strbuf.h"

/* Append s percent-encoded for use as one path segment or query value: every byte outside
 * RFC 3986 unreserved (A-Z a-z 0-9 - . _ ~) becomes %XX (UTF-8 bytes included). */
void url_escape_component(struct strbuf *out, const char *s, size_t n);
/* Append base without trailing slashes. Returns 0, or -1 when base is not an absolute
 * http(s) URL (checked with curl_url). */
int url_base(struct strbuf *out, const char *base);
/* Check a URL for a feed: http or https scheme, a host, no white space or control bytes,
 * ASCII only, at most max_len characters (0: no limit). Returns NULL when fine or a static
 * message ("has no http or https scheme", "contains a space", ...). */
const char *url_problem(const char *s, size_t max_len);
/* The limit the validators check feed URLs against (url_problem's max_len). */
#define URL_MAX_LENGTH 2000
/* Re-encode a URL so it is ASCII/RFC 3986: spaces and non-ASCII bytes percent-encoded,
 * existing %XX kept. Used for image URLs from catalogs. */
void url_normalize(struct strbuf *out, const char *s);
/* The last path segment's extension, lower case, without the dot ("jpg"), or "" (into ext,
 * at most 7 chars). Query and fragment are ignored. */
void url_extension(const char *url, char ext[8]);
#endif
