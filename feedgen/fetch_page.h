/* fetch_page.h: one page of an API reply ({"products":[...], ...}) checked and split without
 * decoding it: the body must be one JSON text as strict as jansson's (RFC 8259, UTF-8, no
 * NUL in keys, integers that fit, depth 2048), and each element of the named array comes
 * out as one line of compact JSON (white space outside strings removed; strings, numbers
 * and key order as the server sent them). `feedgen fetch` writes them to the snapshot.
 * Owns: the compacted records of the page it last checked (records without white space are
 * read from the body, which must outlive them: the http_response), and the page decoded by jansson
 * when the fast check refused a body that jansson accepts (then the slow path is used). */
#ifndef FEEDGEN_FETCH_PAGE_H
#define FEEDGEN_FETCH_PAGE_H
#include <stddef.h>
#include <jansson.h>
#include "strbuf.h"

struct fetch_page {
	const char *array_key;     /* "products" */
	struct strbuf text;        /* the records' compact texts, back to back */
	struct strbuf scratch;
	const char *body;          /* borrowed: the body last checked (the http_response's) */
	size_t *off, *len;         /* record i is [off[i] .. off[i] + len[i]) of body or text */
	unsigned char *flags;      /* record i: in body or text; an escaped string names a credential */
	size_t n, alloc;
	int has_array;             /* the top-level object's array_key member is an array */
	json_t *json;              /* owned: the decoded page, when the fast check refused it */
};

void fetch_page_init(struct fetch_page *pg, const char *array_key);
void fetch_page_release(struct fetch_page *pg);
/* An http_request's check_body (http.h): check body and split it into pg (check_arg).
 * Returns 0 (accepted: records in pg, or pg->json set), or 1 (retry: body not valid JSON,
 * with jansson's own reason in why, as when the body is decoded). */
int fetch_page_check(void *arg, long status, const char *body, size_t len, struct strbuf *why);
/* Whether record i is a JSON object (the records of a snapshot must be). */
int fetch_page_is_object(const struct fetch_page *pg, size_t i);
/* Record i as its snapshot line (no newline) in line: the compact text, or, when it names a
 * registered credential (secrets.h), decoded, masked and dumped by jansson. Returns 0, or -1
 * when jansson ran out of memory. */
int fetch_page_line(struct fetch_page *pg, size_t i, struct strbuf *line);
/* A decoded record (masked by the caller) as one line of compact JSON (no newline) in line,
 * as jansson dumps it. Returns 0, or -1 when jansson ran out of memory. */
int fetch_record_line(json_t *record, struct strbuf *line);
#endif
