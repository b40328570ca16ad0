/* history.h: the published versions of a configuration's files (issue 11, rollback and
 * unchanged sources). After every published `build --config` run, each directory that
 * received a file gets an entry DIR/.feedgen/history/RUNID/ holding a hard link to each file
 * the run published there (a copy where a link is impossible) and manifest.json: the run id
 * and time, the configuration (absolute path and SHA-256 of its bytes and of the command-line
 * options), the sources' fingerprints (fingerprint.h), each feed's counts, and the files. The
 * newest `publish.keep` entries of the configuration (default 3, the current set included)
 * are kept; older ones are removed. `.feedgen` is a dot-folder so that `ls FOLDER` of a feeds
 * folder lists the feeds only. RUNID is the UTC time, "20261201T120000.123456Z", so that names
 * sort by age.
 * Owns: struct history and the manifests it loads. */
#ifndef FEEDGEN_HISTORY_H
#define FEEDGEN_HISTORY_H
#include <jansson.h>
#include <stddef.h>

#define HISTORY_DIR ".feedgen/history"
#define HISTORY_ROLLED_BACK ".feedgen/rolled-back"
/* a run whose sources are unchanged is skipped only when the set it keeps is younger than this,
 * so that date-dependent fields (voucher windows, sale dates) never go stale for long */
#define HISTORY_MAX_SKIP_AGE (24 * 3600)

/* The history of one configuration: the directories its files are published to. */
struct history {
	char *config;        /* absolute path of the configuration file */
	char *config_sha256; /* of its bytes and the command-line options (history_init) */
	char **dirs;         /* distinct directories of its outputs */
	size_t ndirs;
	long keep;
};

/* config: the configuration's path; argv (argc): the command line, whose options take part in
 * the configuration's hash; outputs: every output path of the configuration ("-" and devices
 * are skipped). Returns 0 or EXIT_USAGE after a message. */
int history_init(struct history *h, const char *config, int argc, char **argv, const char *const *outputs,
		 size_t noutputs, long keep);
void history_release(struct history *h);

/* The newest run's manifest of this configuration (a new reference; "dir" added), or NULL. */
json_t *history_latest(const struct history *h);
/* 1 when every file of that run is still in place as the run left it (same file as its
 * history entry), 0 otherwise. */
int history_files_intact(const json_t *manifest);

/* Record the published files (targets, absolute or relative paths) as a new run; feeds is an
 * array of {"name","output","items","rejected"} and sources the fingerprints (both stolen).
 * Prunes older entries beyond keep. Returns 0, or -1 after a warning: the publish stands. */
int history_record(const struct history *h, const char *const *targets, size_t ntargets, json_t *feeds,
		   json_t *sources, char run_id[40]);

/* `feedgen rollback`: restore the run before the newest as one transaction (output set),
 * then move the newest run's entries to .feedgen/rolled-back/. Returns 0 or an exit code. */
int history_rollback(const struct history *h);
#endif
