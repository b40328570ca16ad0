/* xmltext.h: XML text content escaped in one pass into a caller's buffer, byte for byte what
 * libxml2's xmlTextWriterWriteString (xmlEncodeSpecialChars) writes, for the feed writer's rows.
 * Owns: nothing (appends to the caller's strbuf). */
#ifndef FEEDGEN_XMLTEXT_H
#define FEEDGEN_XMLTEXT_H
#include <stddef.h>
#include "strbuf.h"

/* Append s[0..n) as element content: & < > " become entities, CR becomes &#13; (so that a
 * parser reads it back instead of normalising it away); a NUL ends the text, as it ends the
 * C string libxml2 is given. s[0..n) must lie in a NUL-terminated string (a strbuf's bytes:
 * the scan may look past n, up to the next special byte, ITEM_VALUE_SEP or NUL). */
void xml_add_text(struct strbuf *out, const char *s, size_t n);
/* Append "<name>", the escaped text and "</name>" after `indent` spaces, then a newline: one
 * element as xmlTextWriter writes it with indentation on. */
void xml_add_element(struct strbuf *out, size_t indent, const char *name, const char *s, size_t n);
#endif
