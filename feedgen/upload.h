/* upload.h: sending a feed's published files to the server a platform reads them from (issue 11,
 * item 5), with libcurl: sftp:// (host key checked against known_hosts), ftp://, ftps://
 * (explicit TLS: AUTH TLS on the FTP port, CURLUSESSL_ALL), https:// (HTTP PUT) and http://
 * (a warning unless the host is loopback). Credentials come only from the environment
 * variables the options name, and are registered for masking (secrets.h). Each file goes to a
 * temporary remote name, then is renamed over the final one (SFTP rename, FTP RNFR/RNTO), so a
 * platform fetching mid-upload never reads half a file; HTTP PUT writes the final URL.
 * Retries follow the fetch options (--retries, --timeout) with http.c's backoff.
 * Owns: struct upload_result's strings; the run-level policy (which feeds, the pending marker
 * in .feedgen/upload-pending/ beside the feed, the report, the summary) is upload_run.c. */
#ifndef FEEDGEN_UPLOAD_H
#define FEEDGEN_UPLOAD_H
#include <stddef.h>
#include <jansson.h>

struct strbuf;
struct fetch_options;
struct run_config;
struct feed_spec;
struct report;
struct run_summary;

struct upload_options {
	const char *url;            /* --upload-url; a URL ending in '/' gets each file's name */
	const char *user_env;       /* --upload-user-env: the variable holding the user name */
	const char *password_env;   /* --upload-password-env: the variable holding the password
				     * (with key_file: the key's passphrase, optional) */
	const char *known_hosts;    /* --upload-known-hosts (sftp; default ~/.ssh/known_hosts) */
	const char *key_file;       /* --upload-key-file: SFTP private key (key auth) */
	int direct;                 /* --upload-direct: write the final name, no temporary + rename */
};

struct upload_result {
	char *url;          /* the remote URL of the (last) file, without credentials */
	const char *status; /* "uploaded" or "failed" (static) */
	int attempts;       /* transfers tried, every file of the feed together */
	char *error;        /* why it failed, masked; NULL when uploaded */
	double seconds;     /* time spent uploading, retries and their waits included */
};

/* Checks of one configuration value, for config_file.c (which names the JSON path) and
 * config.c: 0, or -1 with the reason appended to why. A URL must be absolute, of an accepted
 * scheme, with a host and without user or password (credentials go in the environment). */
int upload_check_url(const char *url, struct strbuf *why);
/* An environment variable's name that is set and not empty. */
int upload_check_env(const char *name, struct strbuf *why);
/* The end of option parsing (config.c): every upload option checked together, the password
 * registered for masking, the http:// warning. Returns 0 or EXIT_USAGE after a message. */
int upload_finish(struct run_config *c);

/* Upload files[0..n-1] (local paths, already published) with u and the fetch options' retry
 * policy. Fills res (release with upload_result_release). Returns 0, or EXIT_INPUT after an
 * error message. */
int upload_files(const struct upload_options *u, const struct fetch_options *fo, const char *const *files,
		 size_t n, struct upload_result *res);
void upload_result_release(struct upload_result *r);
/* {"url", "status", "attempts", "error"} for the run summary (a new reference). */
json_t *upload_result_json(const struct upload_result *r);

/* upload_run.c: after a successful publish, upload every feed that declares an upload; a
 * failure writes the pending marker DIR/.feedgen/upload-pending/NAME.json (NAME the feed file's
 * name, DIR its directory), adds an "upload-failed" finding (the report is written again) and
 * returns EXIT_INPUT; a success removes the marker. *results (one per feed, NULL entries' url
 * for feeds without upload) is hung on the summary's feeds; free it with upload_results_free. */
int upload_run(const struct feed_spec *specs, size_t n, struct report *report, struct run_summary *sum,
	       struct upload_result **results);
void upload_results_free(struct upload_result *results, size_t n);
/* 1 when the feed declares an upload and the last one failed (its marker exists): the run must
 * not be skipped even when the sources are unchanged. */
int upload_pending(const struct run_config *feed);
/* The marker's path for a feed's output (out: appended). */
void upload_pending_path(struct strbuf *out, const char *output);
#endif
