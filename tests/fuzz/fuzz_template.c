/* fuzz_template.c: libFuzzer target for the channel template loader (template.c): a template
 * JSON text, loaded as a file (kinds, enums, patterns compiled with PCRE2, required_when,
 * groups), then looked up the way validation does.
 * Owns: the template loaded from each input. */
#include "fuzz_file.h"
#include "msg.h"
#include "template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct template *t;
	const char *path;

	msg_set_quiet(1);
	if (!(path = fuzz_file(data, size, ".json")))
		return 0;
	t = template_load(path);
	if (!t)
		return 0;
	/* a loaded template has attributes, a resolved id and resolved required_when links */
	if (!t->nattrs || t->id_attr < 0 || (size_t)t->id_attr >= t->nattrs)
		abort();
	for (size_t i = 0; i < t->nattrs; i++) {
		const struct attribute *a = &t->attrs[i];
		if (template_attr_index(t, a->name) < 0)
			abort();
		if (a->when_attr_name && (a->when_attr < 0 || (size_t)a->when_attr >= t->nattrs))
			abort();
		for (size_t k = 0; k < a->nvalues; k++)
			if (!template_enum_accepts(a, a->values[k].spelling))
				abort();
		/* every alias (issue 8) stands for a value of the attribute */
		for (size_t k = 0; k < a->naliases; k++) {
			int exact;
			if (!template_enum_match(a, a->aliases[k].spelling, &exact))
				abort();
		}
	}
	template_free(t);
	return 0;
}
