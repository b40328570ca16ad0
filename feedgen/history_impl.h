/* history_impl.h: what history.c (recording, pruning, finding runs) gives history_rollback.c
 * (rolling back); nothing else includes it.
 * Owns: nothing (a manifest returned is a new reference, the run ids are the caller's). */
#ifndef FEEDGEN_HISTORY_IMPL_H
#define FEEDGEN_HISTORY_IMPL_H
#include "history.h"

/* The manifest of run id in dir's history (a new reference), or NULL. */
json_t *history_load_manifest(const char *dir, const char *id);
/* The newest run id and the one before it, over every directory (each NULL when there is
 * none; the caller frees them). Returns how many runs the configuration has. */
int history_pick_runs(const struct history *h, char **newest, char **before);
/* Remove an entry directory and the files in it (no subdirectories are made there). */
void history_remove_entry(const char *path);
#endif
