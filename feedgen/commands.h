/* commands.h: the subcommands main() dispatches to; each returns an exit code (msg.h).
 * Owns: nothing. */
#ifndef FEEDGEN_COMMANDS_H
#define FEEDGEN_COMMANDS_H
#include "config.h"
#include "urlenc.h"

int cmd_build(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_diff(int argc, char **argv);      /* feedgen diff OLD NEW (issue 11) */
int cmd_rules(int argc, char **argv);
int cmd_channels(int argc, char **argv);
int cmd_voucher(int argc, char **argv);   /* voucher verify (issue 5) */
int cmd_rollback(int argc, char **argv);  /* rollback --config FILE (issue 11, history.h) */
int cmd_categories(int argc, char **argv); /* product types and the category map (issue 13) */
int cmd_repair(int argc, char **argv);    /* repair --feed IN --channel NAME --output OUT (issue 13) */
int cmd_merge(int argc, char **argv);     /* merge --output FILE PART... (issue 12, shard.h) */
/* The channel of a feed file (cmd_diff.c): the template of names (space-separated, changed) that
 * names its first item's id and the most of its values; NULL when it has no item. 0 or EXIT_INPUT. */
int feed_detect_channel(const char *path, char *names, const char **best);
int cmd_preview(int argc, char **argv);   /* preview --config FILE (issue 13, item_rules.h) */
/* argv without --config FILE / --config=FILE (a new array; the strings are borrowed). */
char **argv_without_config(int argc, char **argv, int *outc);
struct history;
struct config_file;
/* The history of a loaded configuration (its outputs' directories, publish.keep). */
int config_history(struct history *h, const struct config_file *cf, const char *path, int argc, char **argv);
/* Shared by build and validate: --shop-url checked and normalised (no trailing slash). */
int config_normalize_shop_url(struct run_config *c, struct strbuf *storage);
#endif
