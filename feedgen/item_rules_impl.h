/* item_rules_impl.h: the compiled form of a rule set, shared by the compiler (item_rules.c) and the
 * evaluator (item_rules_eval.c); nothing else includes it.
 * Owns: nothing (the structs are owned by their struct rule_set). */
#ifndef FEEDGEN_ITEM_RULES_IMPL_H
#define FEEDGEN_ITEM_RULES_IMPL_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include "item_rules.h"
#include <pcre2.h>

enum cond_op { C_EQUALS, C_CONTAINS, C_MATCHES, C_LT, C_GT, C_IN, C_EMPTY, C_ALL, C_ANY, C_NOT };

struct cond {
	enum cond_op op;
	enum item_field field;
	char *text;                  /* equals, contains */
	double num;                  /* lt, gt */
	int want_empty;              /* empty */
	char **list;                 /* in */
	size_t nlist;
	pcre2_code *re;              /* matches */
	pcre2_match_data *md;
	struct cond *kids;           /* all, any (nkids), not (one) */
	size_t nkids;
};

enum tpl_kind { T_TEXT, T_FIELD, T_PRICE_BAND, T_MARGIN_BAND };
struct tpl_part {
	enum tpl_kind kind;
	enum item_field field;       /* T_FIELD */
	char *text;                  /* T_TEXT */
};
struct tpl {
	struct tpl_part *parts;
	size_t n;
};

enum act_kind { A_COPY, A_SET, A_REPLACE, A_PREPEND, A_APPEND };
struct action {
	enum act_kind kind;
	enum item_field field;       /* the field written */
	enum item_field src;         /* copy */
	struct tpl tpl;              /* set, prepend, append */
	pcre2_code *re;              /* replace */
	pcre2_match_data *md;
	char *with;
};

struct rule {
	char *label;                 /* "rules[2]", "feeds[1].rules[0]" */
	char *name;                  /* its "name", or NULL */
	struct cond *when;           /* NULL: every item */
	struct action *acts;
	size_t nacts;
	int exclude;
	unsigned long matched, touched;
};

struct bands {
	double *edges;               /* ascending */
	char **labels;               /* nedges + 1: "0-20", "20-50", "50+" */
	size_t nedges;
};

struct rule_set {
	struct rule *rules;
	size_t n;
	struct bands price, margin;
	unsigned long excluded;
	struct strbuf scratch, value; /* the evaluator's buffers */
};

/* item_rules_eval.c */
int item_rules_cond_true(const struct rule_set *rs, const struct cond *c, const struct item *it);
/* The leading decimal number of a field's text ("12.00 USD" is 12): 0 and *out, or -1. */
int item_rules_number(const char *s, double *out);
#endif
