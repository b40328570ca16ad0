/* tts_sign.h: the TikTok Shop Open API request signature (FEEDS.md 5.3).
 * Owns: nothing (a pure function over the caller's strings). */
#ifndef FEEDGEN_TTS_SIGN_H
#define FEEDGEN_TTS_SIGN_H
#include <stddef.h>

struct tts_param {
	const char *key;
	const char *value;
};

/* Sign one request: the query parameters except "sign" and "access_token", sorted by key in
 * byte order and concatenated as key1value1key2value2..., prefixed with the path, followed
 * by the raw body (body may be NULL for GET), wrapped as secret + string + secret, then
 * HMAC-SHA256 keyed with the secret. Writes 64 lower-case hex digits and a NUL into out.
 * params is not modified (sorting works on a copy). */
void tts_sign(const char *app_secret, const char *path, const struct tts_param *params, size_t nparams,
	      const char *body, size_t body_len, char out[65]);
#endif
