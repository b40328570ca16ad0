/* xmlmsg.h: every libxml2 message goes through msg.c, never raw to stderr (a full disk made
 * libxml2 print its own "I/O error" line). Owns: libxml2's process-wide error handlers. */
#ifndef FEEDGEN_XMLMSG_H
#define FEEDGEN_XMLMSG_H
/* Install the handlers (main, after xmlInitParser). Readers that set their own handler
 * (feed_reader.c) keep it. */
void xmlmsg_init(void);
#endif
