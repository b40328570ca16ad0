/* test_gunzip.c: unit tests for source_gunzip() (source_gzip.c), the source opener's gzip
 * unpacking: plain data left as it was (also the two bytes it peeks at, from a pipe), one and
 * two members, rewind, and the failures: CRC error, truncated data, bytes after the end, and
 * the expansion cap (a gzip bomb), each a read error after a message.
 * Owns: the temporary file it writes (removed at the end). */
#include "check.h"
#include "msg.h"
#include "source.h"
#include <stdlib.h>
#include <stdint.h>
#include <unistd.h>
#include <zlib.h>

static char path[] = "/tmp/feedgen-test-gunzip-XXXXXX";

static size_t gz(unsigned char *out, size_t cap, const char *data, size_t len)
{
	z_stream z;

	memset(&z, 0, sizeof(z));
	deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	deflateEnd(&z);
	return cap - z.avail_out;
}

static void put(const unsigned char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	fwrite(data, 1, len, fp);
	fclose(fp);
}

/* Unpack the file: the bytes read (NUL-terminated) into out, -1 on a read error. */
static long unpack(char *out, size_t cap, int twice)
{
	FILE *fp = fopen(path, "rb");
	size_t n;
	int err;

	if (source_gunzip("catalog", path, &fp)) {
		fclose(fp);
		return -2;
	}
	n = fread(out, 1, cap - 1, fp);
	if (twice && !ferror(fp)) {
		rewind(fp);
		n = fread(out, 1, cap - 1, fp);
	}
	err = ferror(fp);
	out[n] = 0;
	fclose(fp);
	return err ? -1 : (long)n;
}

int main(void)
{
	static unsigned char buf[1 << 20], buf2[1 << 16];
	static char out[4 << 20];
	const char *text = "{\"products\":[{\"id\":1}]}\n";
	size_t n, m;
	int fd = mkstemp(path);
	FILE *p;

	msg_set_quiet(1);
	close(fd);
	put((const unsigned char *)text, strlen(text));
	CHECK(unpack(out, sizeof(out), 0) == (long)strlen(text) && !strcmp(out, text)); /* plain: untouched */
	put((const unsigned char *)"\x1f" "A-rest", 7);
	CHECK(unpack(out, sizeof(out), 0) == 7 && !memcmp(out, "\x1f" "A-rest", 7)); /* half the magic */
	p = popen("printf '\\037Apiped'", "r");
	CHECK(p && !source_gunzip("inventory", "-", &p) && fread(out, 1, 64, p) == 7 && !memcmp(out, "\x1f" "Apiped", 7));
	if (p)
		pclose(p);

	n = gz(buf, sizeof(buf), text, strlen(text));
	put(buf, n);
	CHECK(unpack(out, sizeof(out), 0) == (long)strlen(text) && !strcmp(out, text));
	CHECK(unpack(out, sizeof(out), 1) == (long)strlen(text) && !strcmp(out, text)); /* rewind unpacks again */
	m = gz(buf2, sizeof(buf2), "second\n", 7);
	memcpy(buf + n, buf2, m);
	put(buf, n + m);
	CHECK(unpack(out, sizeof(out), 0) == (long)strlen(text) + 7 && !strcmp(out + strlen(text), "second\n"));

	buf[n - 8] ^= 0xFF; /* the CRC-32 */
	put(buf, n);
	CHECK(unpack(out, sizeof(out), 0) == -1);
	buf[n - 8] ^= 0xFF;
	put(buf, n - 3); /* cut in the trailer */
	CHECK(unpack(out, sizeof(out), 0) == -1);
	memcpy(buf + n, "junk", 4);
	put(buf, n + 4); /* bytes after the end that are not gzip */
	CHECK(unpack(out, sizeof(out), 0) == -1);

	/* a bomb: 3 MiB of zeros in a few KB, with the cap lowered to 1 MiB */
	memset(out, 0, 3 << 20);
	n = gz(buf, sizeof(buf), out, 3 << 20);
	CHECK(n < 8192);
	put(buf, n);
	source_gzip_max = 1 << 20;
	CHECK(unpack(out, sizeof(out), 0) == -1);
	source_gzip_max = 4 << 20;
	CHECK(unpack(out, sizeof(out), 0) == 3 << 20);
	unlink(path);
	printf("# %d passed, %d failed\n", check_passed, check_failed);
	return check_failed != 0;
}
