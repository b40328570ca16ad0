/* test_mojibake.c: unit tests for mojibake.c (UTF-8 read as Latin-1/Windows-1252/CP437/CP850).
 * Owns: its scratch buffers. */
#include "check.h"
#include "mojibake.h"
#include <string.h>

static struct strbuf word = STRBUF_INIT, fixed = STRBUF_INIT;

/* The decoding found in s (NULL: none), with the word and its repair in the buffers. */
static const char *find(const char *s)
{
	strbuf_reset(&word);
	strbuf_reset(&fixed);
	return mojibake_find(s, strlen(s), &word, &fixed);
}

#define FOUND(s, dec, w, f)                      \
	do {                                     \
		const char *got_ = find(s);      \
		CHECK_STR(got_ ? got_ : "(none)", dec); \
		CHECK_STR(word.buf, w);          \
		CHECK_STR(fixed.buf, f);         \
	} while (0)

static void test_found(void)
{
	/* UTF-8 read as Latin-1 / Windows-1252 */
	FOUND("L\xC3\xA1mpara Ne\xC3\x83\xC2\xB3n roja", "Latin-1", "Ne\xC3\x83\xC2\xB3n", "Ne\xC3\xB3n");      /* NeÃ³n */
	FOUND("caf\xC3\x83\xC2\xA9", "Latin-1", "caf\xC3\x83\xC2\xA9", "caf\xC3\xA9");                              /* cafÃ© */
	FOUND("M\xC3\x83\xC2\xBC" "ller", "Latin-1", "M\xC3\x83\xC2\xBC" "ller", "M\xC3\xBC" "ller");               /* MÃ¼ller */
	FOUND("only \xC3\x82\xC2\xA3" "5", "Latin-1", "\xC3\x82\xC2\xA3" "5", "\xC2\xA3" "5");                     /* Â£5 */
	FOUND("10\xC3\x82\xC2\xA0" "cm", "Latin-1", "10\xC3\x82\xC2\xA0" "cm", "10\xC2\xA0" "cm");                 /* Â + NBSP */
	FOUND("it\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s", "Windows-1252", "it\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s", "it\xE2\x80\x99s"); /* itâ€™s */
	FOUND("\xC3\xA2\xE2\x82\xAC\xC5\x93quoted", "Windows-1252", "\xC3\xA2\xE2\x82\xAC\xC5\x93quoted", "\xE2\x80\x9Cquoted");
	FOUND("wait\xC3\xA2\xE2\x82\xAC\xC2\xA6", "Windows-1252", "wait\xC3\xA2\xE2\x82\xAC\xC2\xA6", "wait\xE2\x80\xA6"); /* â€¦ */
	FOUND("A \xC3\xA2\xC2\x80\xC2\x93 B", "Latin-1", "\xC3\xA2\xC2\x80\xC2\x93", "\xE2\x80\x93");               /* â + C1 */
	FOUND("\xC3\x83\xE2\x80\xB0T\xC3\x83\xE2\x80\xB0", "Windows-1252", "\xC3\x83\xE2\x80\xB0T\xC3\x83\xE2\x80\xB0", "\xC3\x89T\xC3\x89"); /* Ã‰TÃ‰ */
	FOUND("\xC3\x90\xC2\xBF\xC3\x91\xE2\x82\xAC\xC3\x90\xC2\xB8", "Latin-1", /* named after the first pair */ "\xC3\x90\xC2\xBF\xC3\x91\xE2\x82\xAC\xC3\x90\xC2\xB8",
	      "\xD0\xBF\xD1\x80\xD0\xB8");                                                                           /* Ð¿Ñ€Ð¸ */
	/* UTF-8 read as CP437 / CP850 */
	FOUND("Ne\xE2\x94\x9C\xE2\x94\x82n", "CP437", "Ne\xE2\x94\x9C\xE2\x94\x82n", "Ne\xC3\xB3n");                /* Ne├│n */
	FOUND("caf\xE2\x94\x9C\xE2\x8C\x90", "CP437", "caf\xE2\x94\x9C\xE2\x8C\x90", "caf\xC3\xA9");                /* caf├⌐ */
	FOUND("it\xC3\x94\xC3\x87\xC3\x96s", "CP850", "it\xC3\x94\xC3\x87\xC3\x96s", "it\xE2\x80\x99s");            /* itÔÇÖs */
	FOUND("it\xCE\x93\xC3\x87\xC3\x96s", "CP437", "it\xCE\x93\xC3\x87\xC3\x96s", "it\xE2\x80\x99s");            /* itΓÇÖs */
}

static void test_not_found(void)
{
	CHECK(!find("Ne\xC3\xB3n"));                       /* Neón */
	CHECK(!find("\xC3\x87" "a va"));                   /* Ça va */
	CHECK(!find("S\xC3\xA3o Paulo"));                  /* São Paulo */
	CHECK(!find("IRM\xC3\x83OS"));                     /* IRMÃOS */
	CHECK(!find("C\xC3\x82MARA"));                     /* CÂMARA */
	CHECK(!find("S\xC3\x83O PAULO \xC3\x83 VISTA"));   /* Ã alone */
	CHECK(!find("\xC3\x83"));
	CHECK(!find("\xC3\x82"));
	CHECK(!find("Caf\xC3\xA9 \xE2\x80\x93 50\xC2\xB0"));  /* Café – 50° */
	CHECK(!find("\xE2\x94\x9C\xE2\x94\x80\xE2\x94\x80 box")); /* ├── : ├ + ─ is not a continuation */
	CHECK(!find("\xCE\x93\xCE\xB5\xCE\xB9\xCE\xAC"));  /* Greek Γειά */
	CHECK(!find("\xD8\xB3\xD8\xA7\xD8\xB9\xD8\xA9 CASIO"));
	CHECK(!find("\xE3\x83\x8A\xE3\x82\xA4\xE3\x82\xAD"));  /* ナイキ */
	CHECK(!find(""));
	CHECK(mojibake_find("Ne\xC3\x83\xC2\xB3n", 7, NULL, NULL) != NULL); /* buffers may be NULL */
}

int main(void)
{
	test_found();
	test_not_found();
	strbuf_release(&word);
	strbuf_release(&fixed);
	return CHECK_DONE();
}
