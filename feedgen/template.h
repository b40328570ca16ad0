/* template.h: a channel (TikTok, Google, Meta, or any other) loaded from its JSON template:
 * attribute names and order, XML names, required-ness, limits, enum spellings, value kinds
 * and the normalised item field each attribute is filled from. The C code knows value kinds
 * and formats; channel names exist only in templates/.
 * Owns: everything it loaded (strings, compiled PCRE2 patterns). */
#ifndef FEEDGEN_TEMPLATE_H
#define FEEDGEN_TEMPLATE_H
#include <stddef.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

enum attr_kind {
	KIND_TEXT = 0, KIND_ID, KIND_ENUM, KIND_PRICE, KIND_DATE_RANGE, KIND_DATE, KIND_URL,
	KIND_IMAGE_URL, KIND_GTIN, KIND_INTEGER, KIND_GROUP
};
enum attr_required { REQ_OPTIONAL = 0, REQ_RECOMMENDED, REQ_REQUIRED };

struct enum_value {
	char *canonical;   /* normalised value (in_stock) */
	char *spelling;    /* this channel's spelling (in stock) */
};

struct attribute {
	char *name;          /* column / element local name */
	char *xml_name;      /* qualified element name for XML ("g:id") */
	int from;            /* enum item_field, or -1 when never filled */
	enum attr_kind kind;
	enum attr_required required;
	size_t max_length;   /* characters; 0: none */
	int truncate;        /* over max_length: cut with a warning instead of an error */
	int single_line, no_emoji, repeated;
	size_t max_count;    /* repeated: at most this many values; 0: no limit */
	struct enum_value *values;
	size_t nvalues;
	/* enum: other spellings the platform accepts but does not prefer ("aliases": {"in stock":
	 * "in_stock"}, canonical = the value it stands for, spelling = the alias), and whether the
	 * platform compares spellings ignoring case ("case_insensitive": true). Both give a warning
	 * naming the preferred spelling; a build writes the preferred one. */
	struct enum_value *aliases;
	size_t naliases;
	int enum_case_insensitive;
	/* "warn_rules": rule ids that are only warnings on this attribute for this channel (the
	 * platform accepts the value; FEEDS.md gives no rejection): row_finding() downgrades them */
	char **warn_rules;
	size_t nwarn_rules;
	/* "identifier": true on gtin/mpn: not expected when the row's identifier switch
	 * ("identifier_switch": true, Google's identifier_exists) says the product has none */
	int identifier, identifier_switch;
	char **extensions;   /* image_url: accepted file extensions */
	size_t nextensions;
	char **subattributes;/* group: sub-attribute names in positional order */
	size_t nsubattributes;
	pcre2_code *pattern;
	char *pattern_source, *pattern_message;
	/* "required_when": {"attribute": A, "values": [...]}: expected when attribute A holds
	 * one of these spellings (Google: availability_date for preorder/backorder) */
	int when_attr;            /* -1: none */
	char **when_values;
	size_t nwhen_values;
	char *when_attr_name;     /* resolved to when_attr once all attributes are loaded */
};

/* "limits": {"max_bytes": {"value": N, "confirmed": true}, "max_items": {...}}: the platform's
 * documented file limits (FEEDS.md). A confirmed limit is the default split size of a feed
 * (feed_parts.h); an unconfirmed one only warns when a feed passes it. 0: none known. */
struct template_limit {
	unsigned long long value;
	int confirmed;
};

struct template {
	char *channel, *title, *path;
	struct template_limit max_bytes, max_items;
	char *id_attribute;
	int id_attr;                 /* index of the id attribute */
	int id_case_insensitive;
	char *xml_namespace, *xml_prefix;
	char list_separator, group_separator;
	struct attribute *attrs;
	size_t nattrs;
	int attr_by_field[64];       /* first attribute filled from each item field, or -1 */
	int identifier_switch_attr;  /* the attribute with "identifier_switch", or -1 */
};

/* Find and load a channel's template: NAME is looked up as templates/NAME.json next to the
 * binary's source tree, in $FEEDGEN_TEMPLATES, then in the installed data directory; a NAME
 * containing '/' or ending in .json is a path. Returns NULL after a message (exit 2 class).
 * A file already loaded is not read again: the same template comes back, shared (hence
 * const), and each template_load is matched by one template_free. Thread-safe. */
const struct template *template_load(const char *name);
void template_free(const struct template *t);
/* Index of an attribute by name (exact, then case-insensitive), or -1. */
int template_attr_index(const struct template *t, const char *name);
/* The channel spelling of a canonical enum value, or NULL when the value is not canonical. */
const char *template_enum_spelling(const struct attribute *a, const char *canonical);
/* 1 when value is one of the channel's spellings (exact). */
int template_enum_accepts(const struct attribute *a, const char *value);
/* The enum value `value` stands for: its exact spelling (*exact = 1), or an alias or a
 * spelling in another case where the attribute allows them (*exact = 0). NULL: not accepted. */
const struct enum_value *template_enum_match(const struct attribute *a, const char *value, int *exact);
/* 1 when rule is in the attribute's "warn_rules". */
int template_rule_is_warning(const struct attribute *a, const char *rule);
/* Space-separated list of the names of the templates found (for --help and errors). */
void template_list(char *buf, size_t size);
const char *attr_kind_name(enum attr_kind k);
#endif
