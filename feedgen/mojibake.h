/* mojibake.h: UTF-8 text that was decoded with a single-byte code page and saved again as
 * UTF-8 ("NeÃ³n" for "Neón", "â€™" for "’", "Ne├│n", "ÔÇÖ"). Pairs are matched, not single
 * letters, so "IRMÃOS", "CÂMARA" and "São Paulo" are not mojibake.
 * Owns: nothing (pure functions over caller buffers; results appended to caller strbufs). */
#ifndef FEEDGEN_MOJIBAKE_H
#define FEEDGEN_MOJIBAKE_H
#include <stddef.h>
#include "strbuf.h"

/* The first mis-decoded sequence in s: returns the code page it was read in ("Latin-1",
 * "Windows-1252", "CP437", "CP850"), appends the word holding it to *word and that word
 * repaired to *fixed (either may be NULL); NULL when the text holds none. */
const char *mojibake_find(const char *s, size_t n, struct strbuf *word, struct strbuf *fixed);
#endif
