/* cmd_voucher.c: `feedgen voucher verify CODE --sku SKU --segment SEGMENT [--campaign NAME]`:
 * exit 0 when CODE is exactly the unique code issued for that SKU and segment, 1 otherwise,
 * so a checkout can check a code without a database. Owns: the secret it loaded. */
#include "commands.h"
#include "msg.h"
#include "voucher.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

enum { OPT_CAMPAIGN = 256, OPT_HELP, OPT_QUIET, OPT_SEGMENT, OPT_SKU };

static void usage(FILE *to)
{
	fprintf(to, "usage: feedgen voucher verify CODE --sku SKU --segment SEGMENT [--campaign NAME]\n\n"
		    "Checks a unique voucher code (build --unique-vouchers) without a database: the code must be\n"
		    "exactly the one issued for that SKU, segment and campaign. The secret key is read from the\n"
		    "environment variable " VOUCHER_SECRET_ENV ".\n\n"
		    "options:\n"
		    "  --sku SKU              the SKU (item id) the code was issued for\n"
		    "  --segment SEGMENT      viewers, cart_abandoners or checkout_dropoffs\n"
		    "  --campaign NAME        the build's --voucher-campaign (default: the code's prefix)\n"
		    "  --quiet                print nothing; the exit code tells\n"
		    "  --help                 show this help\n\n"
		    "exit codes: 0 the code is genuine, 1 it is not, 2 usage error or no secret, 4 out of memory\n");
}

int cmd_voucher(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "campaign", required_argument, NULL, OPT_CAMPAIGN }, { "help", no_argument, NULL, OPT_HELP },
		{ "quiet", no_argument, NULL, OPT_QUIET }, { "segment", required_argument, NULL, OPT_SEGMENT },
		{ "sku", required_argument, NULL, OPT_SKU }, { NULL, 0, NULL, 0 },
	};
	const char *sku = NULL, *segment = NULL, *campaign = NULL, *code = NULL, *why;
	struct voucher v;
	int opt, ok, rc;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (strcmp(argv[1], "verify"))
		return msg_fail(EXIT_USAGE, "voucher: unknown subcommand %s (use 'feedgen voucher verify CODE --sku SKU --segment SEGMENT')",
				msg_quote(argv[1]));
	argc--, argv++;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":hq", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_SKU: sku = optarg; break;
		case OPT_SEGMENT: segment = optarg; break;
		case OPT_CAMPAIGN: campaign = optarg; break;
		case 'q':
		case OPT_QUIET: msg_set_quiet(1); break;
		case 'h':
		case OPT_HELP: usage(stdout); return EXIT_OK;
		case ':':
			return msg_fail(EXIT_USAGE, "voucher verify: option %s needs a value", msg_quote(argv[optind - 1]));
		default:
			return msg_fail(EXIT_USAGE, "unknown option %s for 'voucher verify' (see 'feedgen voucher --help')",
					msg_quote(argv[optind - 1]));
		}
	}
	if (optind < argc)
		code = argv[optind++];
	if (optind < argc)
		return msg_fail(EXIT_USAGE, "voucher verify: unexpected argument %s", msg_quote(argv[optind]));
	if (!code || !sku || !segment)
		return msg_fail(EXIT_USAGE, "voucher verify needs CODE, --sku SKU and --segment SEGMENT (see 'feedgen voucher --help')");
	if (segment_from_name(segment) < 0)
		return msg_fail(EXIT_USAGE, "voucher verify: unknown segment %s (use viewers, cart_abandoners or checkout_dropoffs)",
				msg_quote(segment));
	if (campaign && (why = voucher_campaign_problem(campaign)))
		return msg_fail(EXIT_USAGE, "voucher verify: campaign %s %s", msg_quote(campaign), why);
	voucher_init(&v);
	if ((rc = voucher_load_secret(&v)))
		return rc;
	ok = voucher_verify(v.secret, v.secret_len, code, campaign, segment, sku);
	voucher_release(&v);
	if (!ok) {
		if (!msg_is_quiet())
			msg_error("code %s is not valid for SKU %s in segment %s", msg_quote(code), msg_quote(sku), segment);
		return EXIT_FINDINGS;
	}
	if (!msg_is_quiet())
		printf("valid\n");
	return EXIT_OK;
}
