/* fuzz_gzip.c: libFuzzer target for gzip-compressed feeds as feedgen reads them back: the
 * safety guard's count of the feed it replaces (feed_count_items, which a gzipped or split
 * previous feed goes through, feed_parts.c) and validate --feed, both through the source
 * opener's streaming unpacker with its expansion cap (source_gzip.c, which catalogs and
 * inventories go through too). An input that does not start with the gzip magic gets a gzip
 * header in front, so that the fuzzer's bytes are deflate data, trailer and anything after it.
 * Owns: the report of each input. */
#include "config.h"
#include "feed_reader.h"
#include "fuzz_file.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	static const char *channel = "templates/google.json";
	struct run_config cfg;
	struct report report;
	unsigned long n = 0;
	uint8_t *buf;
	size_t len = size;

	msg_set_quiet(1);
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		buf = malloc(size ? size : 1);
		memcpy(buf, data, size);
	} else {
		buf = malloc(size + sizeof(header));
		memcpy(buf, header, sizeof(header));
		memcpy(buf + sizeof(header), data, size);
		len += sizeof(header);
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.command = "validate";
	cfg.channels = &channel;
	cfg.nchannels = 1;
	cfg.feed = fuzz_file(buf, len, ".gz");
	free(buf);
	if (!cfg.feed)
		return 0;
	feed_count_items(cfg.feed, &n);
	report_init(&report, "validate");
	feed_validate_file(&cfg, &report);
	if (report.items_valid > report.items_read)
		abort();
	report_release(&report);
	return 0;
}
