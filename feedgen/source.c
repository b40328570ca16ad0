/* source.c: opening every input of a run the same way (see source.h).
 * Owns: nothing. */
#include "source.h"
#include "fetch.h"
#include "fingerprint.h"
#include "http.h"
#include "strbuf.h"
#include "input.h"
#include <string.h>
#include <sys/stat.h>

static int open_input(const char *what, const char *path, const struct fetch_options *fo, FILE **fp, int *seekable,
		      int unpack)
{
	struct fetch_options defaults;
	struct stat st;
	int rc, regular = 0;

	*fp = NULL;
	if (fetch_is_url(path)) {
		if (!fo) {
			fetch_options_init(&defaults);
			fo = &defaults;
		}
		rc = fetch_open_url(fo, path, fp);
	} else if (!strcmp(path, "-")) {
		*fp = stdin;
		rc = 0;
	} else {
		rc = input_open(what, path, fp, &regular);
	}
	if (rc)
		return rc;
	/* a downloaded body is a spooled temporary file; stdin may be redirected from a file */
	if (!regular && !fstat(fileno(*fp), &st))
		regular = S_ISREG(st.st_mode);
	if (unpack) {
		FILE *raw = *fp;
		if ((rc = source_gunzip(what, path, fp))) {
			source_close(raw);
			*fp = NULL;
			return rc;
		}
		if (*fp != raw)
			regular = 0; /* it rewinds, but cannot seek elsewhere (Shopify bulk exports do) */
	}
	if (seekable)
		*seekable = regular;
	/* unchanged sources (fingerprint.h): a URL is recorded without its credentials */
	if (fetch_is_url(path)) {
		struct strbuf red = STRBUF_INIT;
		http_redact_url(&red, path);
		rc = fingerprint_source(what, red.buf, *fp);
		strbuf_release(&red);
	} else {
		rc = fingerprint_source(what, path, *fp);
	}
	if (rc) {
		source_close(*fp);
		*fp = NULL;
	}
	return rc;
}

int source_open(const char *what, const char *path, const struct fetch_options *fo, FILE **fp, int *seekable)
{
	return open_input(what, path, fo, fp, seekable, 1);
}

int source_open_raw(const char *what, const char *path, const struct fetch_options *fo, FILE **fp, int *seekable)
{
	return open_input(what, path, fo, fp, seekable, 0);
}

void source_close(FILE *fp)
{
	if (fp && fp != stdin)
		fclose(fp);
}
