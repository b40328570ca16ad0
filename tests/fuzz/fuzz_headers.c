/* fuzz_headers.c: libFuzzer target for the HTTP response header parser (http.c, through
 * http_parse_header_line): Link rel="next" (pagination), X-WP-Total(Pages), Shopify's call
 * limit, Retry-After (seconds or an HTTP date), ETag, Last-Modified. Each input line (up to
 * and with its '\n') is one header line, as libcurl hands them over.
 * Owns: the response state of each input. */
#include "http.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_response rs;
	const char *p = (const char *)data, *end = p + size;

	http_response_init(&rs);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		char *line = malloc(n + 1); /* libcurl's lines are NUL-terminated */
		if (!line)
			break;
		memcpy(line, p, n);
		line[n] = '\0';
		if (http_parse_header_line(&rs, line, n) != n)
			abort();
		free(line);
		p += n;
	}
	/* the next link is a part of one line, between its angle brackets */
	if (rs.link_next.len && (rs.link_next.len + 2 > size || memchr(rs.link_next.buf, '>', rs.link_next.len)))
		abort();
	if (rs.retry_after < 0 && rs.retry_after != -1)
		abort();
	http_response_release(&rs);
	return 0;
}
