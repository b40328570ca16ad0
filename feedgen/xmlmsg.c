/* xmlmsg.c: libxml2's messages through the one message path (see xmlmsg.h).
 * Owns: the structured and generic error callbacks. */
#include "xmlmsg.h"
#include "msg.h"
#include "strbuf.h"
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <string.h>

/* An output error (the write callback failed: ENOSPC, EIO) is reported by output.c with the
 * file name and exit 5; libxml2's own line would only repeat it without the name. */
static void on_structured(void *ctx, xmlErrorPtr e)
{
	struct strbuf m = STRBUF_INIT;

	(void)ctx;
	if (!e || e->domain == XML_FROM_IO || e->domain == XML_FROM_OUTPUT || e->domain == XML_FROM_WRITER ||
	    e->level == XML_ERR_NONE)
		return;
	/* a parser asked for silence (htmltext.c cleans catalog HTML with HTML_PARSE_NOERROR) */
	if (e->ctxt && (((xmlParserCtxtPtr)e->ctxt)->options & (XML_PARSE_NOERROR | XML_PARSE_NOWARNING)))
		return;
	strbuf_addstr(&m, e->message ? e->message : "unknown error");
	while (m.len && (m.buf[m.len - 1] == '\n' || m.buf[m.len - 1] == ' '))
		strbuf_setlen(&m, m.len - 1);
	if (e->level == XML_ERR_WARNING)
		msg_warning("libxml2: %s", m.buf);
	else
		msg_error("libxml2: %s", m.buf);
	strbuf_release(&m);
}

/* Generic messages arrive in pieces (printf-style, no level): dropped, since every one that
 * matters is also raised as a structured error above. */
static void on_generic(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

void xmlmsg_init(void)
{
	xmlSetGenericErrorFunc(NULL, on_generic);
	xmlSetStructuredErrorFunc(NULL, on_structured);
	xmlThrDefSetGenericErrorFunc(NULL, on_generic); /* threads started later */
	xmlThrDefSetStructuredErrorFunc(NULL, on_structured);
}
