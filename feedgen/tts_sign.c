/* tts_sign.c: TikTok Shop request signing (HMAC-SHA256 over path, sorted params and body).
 * Owns: nothing beyond one call's scratch buffers. */
#include "tts_sign.h"
#include "alloc.h"
#include "strbuf.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>

static int param_cmp(const void *a, const void *b)
{
	const struct tts_param *x = a, *y = b;
	return strcmp(x->key, y->key);
}

void tts_sign(const char *app_secret, const char *path, const struct tts_param *params, size_t nparams,
	      const char *body, size_t body_len, char out[65])
{
	struct tts_param *sorted = xcalloc(nparams ? nparams : 1, sizeof(*sorted));
	struct strbuf msg = STRBUF_INIT;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t n = 0;

	for (size_t i = 0; i < nparams; i++)
		if (strcmp(params[i].key, "sign") && strcmp(params[i].key, "access_token"))
			sorted[n++] = params[i];
	qsort(sorted, n, sizeof(*sorted), param_cmp);
	strbuf_addstr(&msg, app_secret);
	strbuf_addstr(&msg, path);
	for (size_t i = 0; i < n; i++) {
		strbuf_addstr(&msg, sorted[i].key);
		strbuf_addstr(&msg, sorted[i].value);
	}
	if (body)
		strbuf_add(&msg, body, body_len);
	strbuf_addstr(&msg, app_secret);
	HMAC(EVP_sha256(), app_secret, (int)strlen(app_secret), (const unsigned char *)msg.buf, msg.len, md, &mdlen);
	for (unsigned i = 0; i < mdlen && i < 32; i++) {
		static const char hex[] = "0123456789abcdef";
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
	strbuf_release(&msg);
	free(sorted);
}
