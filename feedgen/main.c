/* main.c: the thin command-line client: global options, then dispatch to a subcommand.
 * Owns: process-wide setup (allocation hooks, libxml2/libcurl init, signal cleanup). */
#include "alloc.h"
#include "commands.h"
#include "fetch.h"
#include "iofault.h"
#include "msg.h"
#include "output.h"
#include "secrets.h"
#include "xmlmsg.h"
#include <curl/curl.h>
#include <libxml/parser.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *to)
{
	fprintf(to,
		"usage: feedgen [--version] [--help] COMMAND [options]\n\n"
		"Turns a shop's catalog and inventory into ad catalog feeds (TikTok, Google Merchant\n"
		"Center, Meta) and validates catalogs and feeds before the ad platforms reject them.\n\n"
		"commands:\n"
		"  build      write every feed of a configuration (--config FILE) in one pass, or one\n"
		"             channel's feed (CSV, TSV or XML) from a catalog\n"
		"  validate   check a catalog against channels, or an existing feed (--feed)\n"
		"  diff       compare two feeds: items added, removed, changed (prices, availability, stock)\n"
		"  categories list the catalog's product types and how the category map fills their\n"
		"             google_product_category (--missing-csv: the ones to add)\n"
		"  fetch      pull a catalog from a shop API into a JSONL snapshot\n"
		"  preview    show what the configuration's rules do to a sample of items (--config FILE)\n"
		"  repair     write an existing feed again with every safe repair made, each one reported\n"
		"  rollback   put back the files the run before the last one published (--config FILE)\n"
		"  merge      join the feed parts (or run summaries) of a sharded build (build --shard K/N)\n"
		"  voucher    verify a unique voucher code (voucher verify CODE --sku SKU --segment S)\n"
		"  channels   list the channel templates\n"
		"  rules      list the validation rules and their ids\n\n"
		"'feedgen COMMAND --help' shows a command's options. The manual: man feedgen.\n\n"
		"exit codes:\n"
		"  0  success (rejected items are reported, not fatal)\n"
		"  1  validate: errors found (or warnings, with --fail-on warning); diff --exit-code:\n"
		"     the feeds differ; repair: errors that cannot be repaired (the output is written)\n"
		"  2  usage or configuration error\n"
		"  3  an input could not be read or fetched; nothing was written\n"
		"  4  out of memory; nothing was written\n"
		"  5  the output could not be written; the previous file is untouched\n"
		"  6  build --config: another run of the configuration holds its lock\n"
		"  7  build: publish refused by the safety guard (a feed too small, shrunk or too\n"
		"     rejected); nothing was published (--force overrides)\n");
}

static void on_signal(int sig)
{
	output_abort_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

struct command {
	const char *name;
	int (*fn)(int, char **);
};

int main(int argc, char **argv)
{
	static const struct command commands[] = {
		{ "build", cmd_build }, { "categories", cmd_categories }, { "channels", cmd_channels }, { "diff", cmd_diff }, { "fetch", cmd_fetch },
		{ "merge", cmd_merge }, { "preview", cmd_preview }, { "repair", cmd_repair }, { "rollback", cmd_rollback }, { "rules", cmd_rules },
		{ "validate", cmd_validate }, { "voucher", cmd_voucher },
	};
	int rc;

	alloc_init();
	iofault_init(); /* FEEDGEN_FAIL_IO, for tests: read once */
	/* exit(EXIT_NOMEM) from deep inside a library must not leave a temporary feed behind */
	atexit(output_abort_all);
	xmlInitParser();
	xmlmsg_init();
	if (alloc_curl_global_init(CURL_GLOBAL_DEFAULT)) {
		msg_error("cannot initialise libcurl");
		return EXIT_INPUT;
	}
	/* every credential is registered before any thread starts; masking only reads it */
	secrets_from_env();
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("feedgen %s\n", FEEDGEN_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		rc = commands[i].fn(argc - 1, argv + 1);
		secrets_clear();
		curl_global_cleanup();
		xmlCleanupParser();
		fflush(stdout);
		if (ferror(stdout))
			return rc ? rc : EXIT_OUTPUT;
		return rc;
	}
	msg_error("unknown command %s (see 'feedgen --help')", msg_quote(argv[1]));
	return EXIT_USAGE;
}
