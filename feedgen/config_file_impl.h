/* config_file_impl.h: the loader of a configuration file, shared by config_file.c (the feeds, the
 * command line, loading) and config_file_keys.c (the key table and the conversion of values into
 * options); nothing else includes it.
 * Owns: nothing (struct loader is the caller's, its option strings struct config_file's). */
#ifndef FEEDGEN_CONFIG_FILE_IMPL_H
#define FEEDGEN_CONFIG_FILE_IMPL_H
#include "config_file.h"
#include "strbuf.h"
#include <jansson.h>

/* The options being collected: pairs of "--name" and value (value NULL for a flag). */
struct optlist {
	const char **v;
	size_t n, alloc;
};

struct loader {
	struct config_file *cf;
	const char *dir;        /* the configuration file's directory, with '/' ("" for the cwd) */
	struct strbuf path;     /* the JSON path being checked */
	int cmd_has_catalog;    /* the command line gives its own sources */
};

/* A usage error at the JSON path being checked: "configuration 'f.json': feeds[0].x: ...".
 * Returns EXIT_USAGE. */
int config_file_bad(struct loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The top level's sections, sources and run keys as options into ol ("feeds" is checked per feed). */
int config_file_convert_top(struct loader *ld, json_t *root, struct optlist *ol);
/* One feed's keys and the sections it may override, as options into fo. */
int config_file_convert_feed_keys(struct loader *ld, json_t *feed, struct optlist *fo);
#endif
