/* fingerprint.c: content hashes of a run's inputs (see fingerprint.h).
 * Owns: the recorder (the run's list and the previous run's). */
#include "fingerprint.h"
#include "alloc.h"
#include "msg.h"
#include <errno.h>
#include <openssl/evp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int recording;
static json_t *current;  /* the run's array */
static json_t *previous; /* the previous run's, or NULL */
static int unhashable;   /* a source that could not be fingerprinted */

void fingerprint_begin(json_t *prev)
{
	fingerprint_end();
	recording = 1;
	current = json_array();
	previous = prev ? json_incref(prev) : NULL;
	unhashable = 0;
}

void fingerprint_end(void)
{
	json_decref(current);
	json_decref(previous);
	current = previous = NULL;
	recording = 0;
}

static void to_hex(const unsigned char *md, unsigned n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[2 * n] = '\0';
}

void fingerprint_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	to_hex(md, n > 32 ? 32 : n, out);
}

/* SHA-256 of the whole file behind fd, read with pread from offset 0 (the stream's position
 * and buffer are not touched). Returns 0, or -1 with errno. */
static int hash_fd(int fd, char out[65])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE];
	size_t bufsize = 1 << 20;
	char *buf = xmalloc(bufsize);
	unsigned n = 0;
	off_t off = 0;
	int rc = -1;

	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		goto out;
	for (;;) {
		ssize_t got = pread(fd, buf, bufsize, off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			goto out;
		if (!got)
			break;
		EVP_DigestUpdate(ctx, buf, (size_t)got);
		off += got;
	}
	if (EVP_DigestFinal_ex(ctx, md, &n)) {
		to_hex(md, n > 32 ? 32 : n, out);
		rc = 0;
	}
out:
	EVP_MD_CTX_free(ctx);
	free(buf);
	return rc;
}

/* A string member of a JSON object, "" when absent. */
static const char *member(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static long long mtime_ns(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

/* The previous run's hash of this source when its identity is the same (not read again). */
static const char *previous_hash(const char *path, const struct stat *st)
{
	size_t i;
	json_t *e;

	json_array_foreach(previous, i, e) {
		if (strcmp(member(e, "path"), path))
			continue;
		if (json_integer_value(json_object_get(e, "size")) == (json_int_t)st->st_size &&
		    json_integer_value(json_object_get(e, "dev")) == (json_int_t)st->st_dev &&
		    json_integer_value(json_object_get(e, "ino")) == (json_int_t)st->st_ino &&
		    json_integer_value(json_object_get(e, "mtime_ns")) == (json_int_t)mtime_ns(st))
			return json_string_value(json_object_get(e, "sha256"));
	}
	return NULL;
}

int fingerprint_source(const char *what, const char *path, FILE *fp)
{
	json_t *e;
	struct stat st;
	char hex[65];
	const char *known;

	if (!recording)
		return 0;
	e = json_pack("{s:s, s:s}", "what", what, "path", path);
	if (fstat(fileno(fp), &st) || !S_ISREG(st.st_mode)) {
		json_object_set_new(e, "sha256", json_null()); /* a pipe or a FIFO: read once only */
		unhashable = 1;
		json_array_append_new(current, e);
		return 0;
	}
	json_object_set_new(e, "size", json_integer((json_int_t)st.st_size));
	json_object_set_new(e, "dev", json_integer((json_int_t)st.st_dev));
	json_object_set_new(e, "ino", json_integer((json_int_t)st.st_ino));
	json_object_set_new(e, "mtime_ns", json_integer((json_int_t)mtime_ns(&st)));
	if ((known = previous_hash(path, &st))) {
		json_object_set_new(e, "sha256", json_string(known));
	} else if (hash_fd(fileno(fp), hex)) {
		int err = errno;
		json_decref(e);
		return msg_fail(EXIT_INPUT, "cannot read %s %s: %s", what, msg_quote(path), strerror(err));
	} else {
		json_object_set_new(e, "sha256", json_string(hex));
	}
	json_array_append_new(current, e);
	return 0;
}

void fingerprint_freeze(void)
{
	recording = 0;
}

json_t *fingerprint_json(void)
{
	return current ? json_deep_copy(current) : json_array();
}

int fingerprint_unchanged(void)
{
	size_t i;
	json_t *e;

	if (!current || unhashable || !previous || json_array_size(previous) != json_array_size(current))
		return 0;
	json_array_foreach(current, i, e) {
		json_t *p = json_array_get(previous, i);
		const char *h = json_string_value(json_object_get(e, "sha256"));
		const char *ph = json_string_value(json_object_get(p, "sha256"));
		if (!h || !ph || strcmp(h, ph) ||
		    strcmp(member(e, "path"), member(p, "path")))
			return 0;
	}
	return 1;
}
