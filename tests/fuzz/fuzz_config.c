/* fuzz_config.c: libFuzzer target for the run configuration (config_file.c): a JSON text
 * loaded as `feedgen build --config FILE` does: checked against the key tables, turned into
 * options and parsed per feed by config.c. A loaded configuration has at least one feed, each
 * with one channel and an output, and distinct names and outputs.
 * Owns: the configuration loaded from each input. */
#include "config_file.h"
#include "fuzz_file.h"
#include "msg.h"
#include "secrets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_file cf;
	char *argv[] = { (char *)"build", NULL };
	const char *path;
	int rc;

	msg_set_quiet(1);
	if (!(path = fuzz_file(data, size, ".json")))
		return 0;
	rc = config_file_load(&cf, path, 1, argv);
	if (!rc) {
		if (!cf.nfeeds)
			abort();
		for (size_t i = 0; i < cf.nfeeds; i++) {
			const struct run_config *c = cf.feeds[i].cfg;
			if (!c || c->nchannels != 1 || !c->output || !cf.feeds[i].name)
				abort();
			for (size_t k = 0; k < i; k++)
				if (!strcmp(cf.feeds[k].name, cf.feeds[i].name) || !strcmp(cf.feeds[k].cfg->output, c->output))
					abort();
		}
	} else if (rc != EXIT_USAGE) {
		abort(); /* a configuration is either right or a usage error */
	}
	config_file_release(&cf);
	secrets_clear(); /* credentials named by the input were registered */
	return 0;
}
