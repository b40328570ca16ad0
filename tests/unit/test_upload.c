/* test_upload.c: unit tests for the upload URL and variable checks (upload.c) and the pending
 * marker's path (upload_run.c). Owns: its scratch buffers. */
#include "check.h"
#include "strbuf.h"
#include "upload.h"
#include <stdlib.h>
#include <string.h>

static const char *why_url(const char *url)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	if (!upload_check_url(url, &sb))
		return "ok";
	return sb.buf;
}

static void test_urls(void)
{
	CHECK_STR(why_url("sftp://partnerupload.google.com:19321/"), "ok");
	CHECK_STR(why_url("SFTP://host/feeds/google.xml"), "ok");
	CHECK_STR(why_url("ftp://127.0.0.1:2121/feeds/"), "ok");
	CHECK_STR(why_url("ftps://ftp.example.com/feeds/"), "ok");
	CHECK_STR(why_url("https://uploads.example.com/feeds/tiktok.csv?X-Amz-Signature=abc"), "ok");
	CHECK_STR(why_url("http://127.0.0.1:8080/upload/"), "ok");
	CHECK_STR(why_url("scp://host/feeds/"), "scheme 'scp' is not one feedgen uploads with (use sftp, ftp, ftps, https or http)");
	CHECK_STR(why_url("file:///tmp/x"), "scheme 'file' is not one feedgen uploads with (use sftp, ftp, ftps, https or http)");
	CHECK(strstr(why_url("feeds/google.xml"), "is not an absolute URL") != NULL);
	CHECK(strstr(why_url("sftp://user:hunter22@host/feeds/"), "holds a user or password") != NULL);
	CHECK(strstr(why_url("sftp://user:hunter22@host/feeds/"), "hunter22") == NULL);
	CHECK(strstr(why_url("ftp://user@host/feeds/"), "holds a user or password") != NULL);
	CHECK(strstr(why_url("sftp://host/feeds/?x=1"), "has a query") != NULL);
}

static void test_env(void)
{
	struct strbuf sb = STRBUF_INIT;

	setenv("FEEDGEN_TEST_UPLOAD_PW", "value", 1);
	unsetenv("FEEDGEN_TEST_UNSET");
	CHECK_INT(upload_check_env("FEEDGEN_TEST_UPLOAD_PW", &sb), 0);
	CHECK_INT(upload_check_env("FEEDGEN_TEST_UNSET", &sb), -1);
	CHECK_STR(sb.buf, "environment variable FEEDGEN_TEST_UNSET is not set");
	strbuf_reset(&sb);
	CHECK_INT(upload_check_env("hunter2 secret", &sb), -1);
	CHECK(strstr(sb.buf, "is not the name of an environment variable") != NULL);
	strbuf_release(&sb);
}

static void test_pending_path(void)
{
	struct strbuf sb = STRBUF_INIT;

	upload_pending_path(&sb, "out/feeds/google.xml");
	CHECK_STR(sb.buf, "out/feeds/.feedgen/upload-pending/google.xml.json");
	strbuf_reset(&sb);
	upload_pending_path(&sb, "tiktok.csv");
	CHECK_STR(sb.buf, ".feedgen/upload-pending/tiktok.csv.json");
	strbuf_release(&sb);
}

int main(void)
{
	test_urls();
	test_env();
	test_pending_path();
	return CHECK_DONE();
}
