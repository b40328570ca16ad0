/* fuzz_merge.c: libFuzzer target for `feedgen merge` (cmd_merge.c, summary_merge.c) through its
 * command entry point: two parts from one input, checked against each other (channel detection,
 * format, header row, the XML channel's title, link and description read by xmlTextReader)
 * and joined into /dev/null (written straight into, no temporary); or, when the first byte is
 * odd, two run summaries (JSON) merged. Byte 0 also picks --channel (none: detected); bytes 1-2
 * (little-endian) are the first part's length, the rest after them the second part. Any exit code but usage, input or output is a bug.
 * Owns: its two part files (removed at exit). */
#include "commands.h"
#include "fuzz_file.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char second[64];

static void second_remove(void)
{
	if (second[0])
		unlink(second);
}

static const char *second_file(const uint8_t *data, size_t size)
{
	FILE *fp;

	if (!second[0]) {
		int fd;
		snprintf(second, sizeof(second), "/tmp/feedgen-fuzz2-XXXXXX");
		if ((fd = mkstemp(second)) < 0)
			abort();
		close(fd);
		atexit(second_remove);
	}
	if (!(fp = fopen(second, "wb")) || fwrite(data, 1, size, fp) != size || fclose(fp))
		abort();
	return second;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const channels[] = { NULL, "google", "meta", "tiktok" };
	const char *argv[10], *a, *b;
	size_t cut;
	int argc = 0, rc;

	if (size < 3)
		return 0;
	msg_set_quiet(1);
	setenv("FEEDGEN_TEMPLATES", "templates", 0); /* run from the source tree, as make fuzz does */
	cut = (size_t)data[1] | (size_t)data[2] << 8;
	if (cut > size - 3)
		cut = size - 3;
	if (!(a = fuzz_file(data + 3, cut, "")))
		return 0;
	b = second_file(data + 3 + cut, size - 3 - cut);
	argv[argc++] = "merge";
	argv[argc++] = "--quiet";
	argv[argc++] = data[0] & 1 ? "--summary" : "--output";
	argv[argc++] = "/dev/null";
	if (!(data[0] & 1) && channels[(data[0] >> 1) % 4]) {
		argv[argc++] = "--channel";
		argv[argc++] = channels[(data[0] >> 1) % 4];
	}
	argv[argc++] = a;
	argv[argc++] = b;
	argv[argc] = NULL;
	rc = cmd_merge(argc, (char **)argv);
	if (rc != EXIT_OK && rc != EXIT_USAGE && rc != EXIT_INPUT && rc != EXIT_OUTPUT)
		abort();
	return 0;
}
