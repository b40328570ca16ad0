/* config.h: the run configuration of `build` and `validate`, filled from the command line
 * (one sorted option table, parsed in config.c). The scheduled-refresh JSON configuration
 * will fill the same struct. Owns: the lists it allocates (catalogs, channels). */
#ifndef FEEDGEN_CONFIG_H
#define FEEDGEN_CONFIG_H
#include "catalog.h"
#include "category_map.h"
#include "enrich.h"
#include "fetch.h"
#include "inventory.h"
#include "normalize.h"
#include "report.h"
#include "retarget.h"   /* issue 5 */
#include "shard.h"      /* issue 12 */
#include "upload.h"     /* issue 11 */
#include "writer.h"
struct mapping;

struct run_config {
	const char *command;              /* "build" or "validate" */
	const char **catalogs;            /* --catalog (repeatable) */
	size_t ncatalogs, catalogs_alloc;
	const char *catalog_type;         /* --catalog-type shopify|woocommerce|tiktokshop|...|feed */
	const char *catalog_channel;      /* --catalog-channel: the channel of a feed catalog (catalog_feed.h) */
	const char *inventory;            /* --inventory */
	struct inventory_options inventory_opt;
	const char **channels;            /* --channel (build: one; validate: one or more) */
	size_t nchannels, channels_alloc;
	int format;                       /* --format, -1: from the output name, else csv */
	const char *output;               /* --output */
	const char *feed;                 /* validate --feed */
	const char *report;               /* --report FILE */
	int report_format;                /* --report-format */
	int fail_on_warning;              /* --fail-on warning */
	int drop_invalid;                 /* repair --drop-invalid */
	int allow_empty;                  /* --allow-empty */
	long max_messages;                /* --max-messages (findings echoed on stderr) */
	long threads;                     /* --threads: JSON catalog workers (pipeline_pool.h) */
	const char *feed_title;           /* --feed-title (XML channel title) */
	struct normalize_options norm;
	struct urgency_options urgency;
	struct retarget retarget;         /* --segment, --voucher-*, --promotions-output (issue 5) */
	struct fetch_options fetch;
	const char *currency_arg;
	const char *config;               /* build --config FILE (config_file.h) */
	const char *lock;                 /* --lock FILE (runlock.h), default CONFIG.lock */
	long wait;                        /* --wait SECONDS for the configuration's lock */
	/* the safety guard (guard.h) and the run summary (summary.h), issue 11 */
	long min_items;                   /* --min-items (default 1; 0 with --allow-empty) */
	long max_drop_percent;            /* --max-drop-percent (default 20) */
	long max_rejected_percent;        /* --max-rejected-percent (default 10) */
	int force;                        /* --force: publish even when a limit is passed */
	long keep;                        /* --keep / publish.keep: published versions kept (history.h) */
	const char *summary;              /* --summary FILE (JSON) */
	const char *metrics;              /* --metrics FILE (Prometheus textfile) */
	/* feedgen diff OLD NEW (feed_diff.h) */
	const char **args;                /* the arguments after the options (argv's, borrowed) */
	size_t nargs;
	int exit_code;                    /* --exit-code: 1 when the feeds differ */
	long max_list;                    /* --max-list N, -1: the default */
	/* size: gzip and split (feed_parts.h), issue 11 */
	int gzip;                         /* --gzip (an output named *.gz is compressed anyway) */
	long gzip_level;                  /* --gzip-level 1-9 (default 6) */
	long max_items;                   /* --max-items per part (-1: the template's limit, 0: none) */
	long long max_bytes;              /* --max-bytes per part (-1: the template's limit, 0: none) */
	struct upload_options upload;     /* --upload-*: after the publish (upload.h) */
	const char *html;                 /* --html FILE: the HTML report (html_report.h, issue 14) */
	/* the category map (category_map.h, issue 13) */
	const char *categories;           /* --categories FILE / categories.map */
	struct category_map *category_map;/* loaded with the sources (pipeline.c), freed by config_release */
	const char *missing_csv;          /* categories --missing-csv FILE */
	struct mapping *mapping;          /* --mapping FILE|JSON, compiled (mapping.h, issue 13): owned */
	struct shard shard;               /* --shard K/N (shard.h, issue 12) */
	/* issue 13: the configuration's rules (item_rules.h), borrowed from its config_file; NULL: none */
	struct rule_set *rules;           /* the top level's: every feed (applied once per item) */
	struct rule_set *feed_rules;      /* this feed's own */
	long limit;                       /* preview --limit N (default 5) */
	const char **ids;                 /* preview --id (repeatable) */
	size_t nids, ids_alloc;
};

/* Parse argv (argv[0] is the command name). Returns 0, or EXIT_USAGE after a message.
 * Returns -1 when --help was printed (exit 0). */
int config_parse(struct run_config *c, const char *command, int argc, char **argv);
void config_release(struct run_config *c);
/* The usage text of a command. */
void config_usage(const char *command, FILE *to);
#endif
