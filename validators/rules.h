/* rules.h: the validation rules, called by validate.c. Value rules look at one attribute's
 * value(s) by kind; row rules look across attributes. Owns: nothing. */
#ifndef FEEDGEN_RULES_H
#define FEEDGEN_RULES_H
#include "validate.h"

/* All value rules for every attribute of the row, in the template's order (required, length,
 * kind-specific). */
void rules_check_values(struct validation *v, struct row *r);
/* Rules across attributes: sale price vs price, item group, stock consistency. */
void rules_check_row(struct validation *v, struct row *r);

/* Kind-specific checks of one value (rules_values.c); return 0 to keep, -1 to drop the value
 * (repair mode only). */
int rule_price(struct validation *v, struct row *r, int attr, const char *value);
int rule_date(struct validation *v, struct row *r, int attr, const char *value, int range);
int rule_url(struct validation *v, struct row *r, int attr, const char *value, int image);
int rule_gtin(struct validation *v, struct row *r, int attr, const char *value);
int rule_integer(struct validation *v, struct row *r, int attr, const char *value);
#endif
