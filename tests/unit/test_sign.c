/* test_sign.c: the TikTok Shop signer against the self-check vector of FEEDS.md 5.3.
 * Owns: nothing. */
#include "check.h"
#include "tts_sign.h"

int main(void)
{
	static const char body[] = "{\"address\":\"https://partner.tiktokshop.com\",\"event_type\":\"PACKAGE_UPDATE\"}";
	/* deliberately unsorted, with the two keys the signature must leave out */
	const struct tts_param params[] = {
		{ "timestamp", "1696909648" },
		{ "sign", "ignored" },
		{ "shop_cipher", "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK" },
		{ "access_token", "ignored-too" },
		{ "app_key", "68xu9ks5p4i8" },
	};
	char sign[65];

	tts_sign("e59af819cc", "/event/202309/webhooks", params, sizeof(params) / sizeof(*params), body,
		 sizeof(body) - 1, sign);
	CHECK_STR(sign, "cd0d6268252f4ba293bf7ea4c0a2873bf9beec600d22530638564ab301435f7a");
	/* order of the input does not matter, and a GET has no body part */
	tts_sign("s", "/p", params + 2, 3, NULL, 0, sign);
	CHECK_INT(strlen(sign), 64);
	return CHECK_DONE();
}
