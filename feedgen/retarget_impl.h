/* retarget_impl.h: what retarget.c (the stage) and retarget_config.c (its options, templates
 * and finish) share; internal to them. Owns: nothing. */
#ifndef FEEDGEN_RETARGET_IMPL_H
#define FEEDGEN_RETARGET_IMPL_H
#include "retarget.h"

#define PROMOTION_DEFAULT_DAYS 30

/* A {name} of a template and its value (NULL: empty). */
struct retarget_var {
	const char *name, *value;
};

/* Expand {name} from vars, then from the item's fields (when it is given); unknown names are
 * kept literally. One pass: values are never expanded again. */
void retarget_expand(struct strbuf *out, const char *tmpl, const struct retarget_var *vars, size_t nvars,
		     const struct item *it);
/* Whether retarget_expand() would read the item: a {name} none of vars names. */
int retarget_uses_item(const char *tmpl, const struct retarget_var *vars, size_t nvars);
/* The voucher's {discount}, {percent} and {amount} texts. */
void retarget_discount_vars(struct retarget *r, struct strbuf *discount, struct strbuf *percent, struct strbuf *amount);
/* A comma-separated list split in place into buf (of size bytes): at most max entries into out,
 * their count in *n; -1 when it does not fit. */
int retarget_split_destinations(const char *list, char *buf, size_t size, const char **out, size_t max, size_t *n);
#endif
