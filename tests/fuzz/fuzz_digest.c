/* fuzz_digest.c: libFuzzer target for the change report's digest (feed_digest.h), which a build
 * reads from .feedgen/digest/NAME of its output folder: the input as it is, then with its
 * length, parameters and checksum made right (so that the fuzzer's bytes reach the entries),
 * merged as OLD into a capture of two TikTok rows. The counts must stay consistent.
 * Owns: the capture and row of each input. */
#include "diff_capture.h"
#include "feed_digest.h"
#include "msg.h"
#include "row.h"
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct urgency_options u;
	struct diff_capture *c;
	struct diff_counts k;
	struct row r;
	uint8_t *buf;
	uint64_t params;
	uLong crc;

	msg_set_quiet(1);
	urgency_options_init(&u);
	if (!(c = diff_capture_new("templates/tiktok.json", &u)))
		return 0;
	row_init(&r, c->tpl);
	strbuf_addstr(&r.values[c->tpl->id_attr], "A1");
	diff_capture_row(c, &r, NULL);
	strbuf_reset(&r.values[c->tpl->id_attr]);
	strbuf_addstr(&r.values[c->tpl->id_attr], "B2");
	diff_capture_row(c, &r, NULL);
	params = feed_digest_params(c);
	feed_digest_parse(data, size, params, NULL, 0, NULL);
	if (size >= 32) {
		buf = malloc(size);
		memcpy(buf, data, size);
		memcpy(buf, "FGDIGEST", 8);
		buf[8] = 3, buf[9] = buf[10] = buf[11] = 0;
		put64(buf + 12, size);
		put64(buf + 20, params);
		crc = crc32(crc32(0, Z_NULL, 0), buf, (uInt)(size - 4));
		for (int i = 0; i < 4; i++)
			buf[size - 4 + (size_t)i] = (uint8_t)(crc >> (8 * i));
		if (!feed_digest_parse(buf, size, params, NULL, 0, c)) {
			diff_capture_finish(c, &k);
			if (k.added + k.changed + k.unchanged != 2 || k.changed + k.unchanged > k.old_items)
				abort();
		}
		free(buf);
	}
	row_release(&r);
	diff_capture_free(c);
	return 0;
}
