/* fuzz_file.h: for fuzz targets whose parser opens a path (feed, template, inventory): one
 * temporary file per process, rewritten with each input. Header-only (each target is one
 * translation unit, linked either with libFuzzer or with replay.c).
 * Owns: that file (removed at exit). */
#ifndef FEEDGEN_FUZZ_FILE_H
#define FEEDGEN_FUZZ_FILE_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_path[64];

static void fuzz_file_remove(void)
{
	if (fuzz_path[0])
		unlink(fuzz_path);
}

/* The path of a file that now holds exactly data[0..size), or NULL. suffix (".json" or "")
 * is kept at the end of the name. */
static const char *fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
	static int fd = -1;
	size_t done = 0;

	if (fd < 0) {
		snprintf(fuzz_path, sizeof(fuzz_path), "/tmp/feedgen-fuzz-XXXXXX%s", suffix);
		fd = mkstemps(fuzz_path, (int)strlen(suffix));
		if (fd < 0)
			abort(); /* the machine, not the input: stop the campaign */
		atexit(fuzz_file_remove);
	}
	if (ftruncate(fd, 0) || lseek(fd, 0, SEEK_SET) < 0)
		abort();
	while (done < size) {
		ssize_t w = write(fd, data + done, size - done);
		if (w <= 0)
			abort();
		done += (size_t)w;
	}
	return fuzz_path;
}
#endif
