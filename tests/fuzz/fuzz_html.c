/* fuzz_html.c: libFuzzer target for HTML to text (htmltext.c, htmltext_simple.c against
 * libxml2), the text clean-up (text.c) and the mojibake finder (mojibake.c).
 * Owns: its scratch buffers, released after each input. */
#include "htmltext.h"
#include "mojibake.h"
#include "text.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf out = STRBUF_INIT, clean = STRBUF_INIT;
	const char *s = (const char *)data;
	unsigned changes;
	size_t max;

	html_to_text(&out, s, size);
	/* html_to_text promises valid UTF-8 without characters XML forbids */
	if (!utf8_is_valid(out.buf, out.len))
		abort();
	changes = text_clean(&clean, out.buf, out.len, 0, 0);
	if (changes & (TEXT_REPAIRED_UTF8 | TEXT_REMOVED_CONTROL))
		abort();
	/* the scanner of simple markup reads what it takes as libxml2 does (issue 12) */
	{
		struct strbuf ref = STRBUF_INIT;
		html_parser_text(NULL, &ref, s, size, HTML_TEXT_LIBXML2);
		if (strcmp(ref.buf, out.buf))
			abort();
		strbuf_release(&ref);
	}
	html_detect_markup(s, size);
	text_is_all_caps(s, size);

	/* the cleaner and the finder agree: nothing invisible is left after removal */
	strbuf_reset(&clean);
	text_clean(&clean, s, size, TEXT_STRIP_INVISIBLE, 0);
	if (text_find_invisible(clean.buf, clean.len, NULL, NULL) >= 0)
		abort();
	/* a find names a non-empty word, and repairing a valid word gives valid UTF-8 */
	strbuf_reset(&clean);
	strbuf_reset(&out);
	if (mojibake_find(s, size, &out, &clean) &&
	    (!out.len || (utf8_is_valid(out.buf, out.len) && !utf8_is_valid(clean.buf, clean.len))))
		abort();

	strbuf_reset(&clean);
	max = size ? data[0] % 64 : 0;
	text_clean(&clean, s, size, TEXT_STRIP_EMOJI | TEXT_SINGLE_LINE, max);
	if (!utf8_is_valid(clean.buf, clean.len) || (max && utf8_length(clean.buf, clean.len) > max))
		abort();
	if (clean.len && (clean.buf[0] == ' ' || clean.buf[clean.len - 1] == ' '))
		abort();
	strbuf_release(&out);
	strbuf_release(&clean);
	return 0;
}
