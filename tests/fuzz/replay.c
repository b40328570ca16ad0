/* replay.c: runs a fuzz target's LLVMFuzzerTestOneInput on each file named on the command
 * line, without libFuzzer (built with the ordinary compiler by `make unit`, so that `make
 * test` replays every corpus and regression input). Exit 0 when every input ran.
 * Owns: one input's bytes at a time (an exact-size copy, so sanitizers see overreads). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL, *nbuf;
	size_t len = 0, cap = 0, n;

	if (!fp) {
		fprintf(stderr, "replay: cannot open '%s': %s\n", path, strerror(errno));
		return 1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			if (!(nbuf = realloc(buf, cap))) {
				fprintf(stderr, "replay: out of memory reading '%s'\n", path);
				free(buf);
				fclose(fp);
				return 1;
			}
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		fprintf(stderr, "replay: cannot read '%s'\n", path);
		free(buf);
		fclose(fp);
		return 1;
	}
	fclose(fp);
	/* exact size: bytes past the input are outside the allocation */
	nbuf = malloc(len ? len : 1);
	if (!nbuf) {
		free(buf);
		return 1;
	}
	if (len)
		memcpy(nbuf, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(nbuf, len);
	free(nbuf);
	return 0;
}

int main(int argc, char **argv)
{
	int i, bad = 0;

	for (i = 1; i < argc; i++)
		bad |= replay(argv[i]);
	return bad;
}
