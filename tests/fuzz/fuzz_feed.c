/* fuzz_feed.c: libFuzzer target for `validate --feed` (feed_reader.c) through its entry point
 * feed_validate_file: format detection, gzip unpacking, the CSV/TSV reader with the header
 * map, the XML reader (xmlTextReader) and validation of every row. The first byte picks the
 * channel template (Google, Meta, TikTok: different layouts and groups); the rest is the file.
 * Owns: the report of each input. */
#include "config.h"
#include "feed_reader.h"
#include "fuzz_file.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const channels[] = { "templates/google.json", "templates/meta.json",
						"templates/tiktok.json" };
	struct run_config cfg;
	struct report report;
	const char *channel;

	if (size < 1)
		return 0;
	msg_set_quiet(1);
	channel = channels[data[0] % 3];
	memset(&cfg, 0, sizeof(cfg));
	cfg.command = "validate";
	cfg.channels = &channel;
	cfg.nchannels = 1;
	if (!(cfg.feed = fuzz_file(data + 1, size - 1, "")))
		return 0;
	report_init(&report, "validate");
	feed_validate_file(&cfg, &report);
	/* every row read is valid or rejected, never both */
	if (report.items_valid > report.items_read)
		abort();
	report_release(&report);
	return 0;
}
