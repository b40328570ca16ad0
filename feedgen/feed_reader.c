/* feed_reader.c: reading existing feeds for validate --feed (placeholder until written).
 * Owns: nothing yet. */
#include "feed_reader.h"
#include "msg.h"

int feed_validate_file(struct run_config *cfg, struct report *report)
{
	(void)report;
	return msg_fail(EXIT_USAGE, "validate --feed %s: not implemented yet", msg_quote(cfg->feed));
}
