/* template.c: loading channel templates (templates/NAME.json) with jansson and compiling the
 * patterns they declare with PCRE2 (JIT where available). Owns: struct template and the list
 * of those loaded (shared, counted). */
#include "template.h"
#include "alloc.h"
#include "item.h"
#include "msg.h"
#include "strbuf.h"
#include <dirent.h>
#include <pthread.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static void template_destroy(struct template *t);

/* The templates loaded, shared: the feeds of a channel (and the change report's side of each,
 * diff_capture.c) load the same file, and each load parses its JSON and compiles its patterns
 * with the PCRE2 JIT: 50 M of the 97 M instructions of a build of the sample configuration's
 * twelve feeds went there (callgrind, issue 12). template_load returns the template already
 * loaded from the same path with one more reference; template_free gives one back and frees
 * it with the last. Its users get it const (template.h), so nothing outside this file can
 * write a template once it is loaded, and sharing changes no output. */
struct loaded_template {
	struct template *t;
	unsigned refs;
};
static struct loaded_template *loaded;
static size_t nloaded, loaded_alloc;
static pthread_mutex_t loaded_lock = PTHREAD_MUTEX_INITIALIZER;

/* The template loaded from path with one more reference, or NULL. */
static struct template *loaded_take(const char *path)
{
	struct template *t = NULL;

	pthread_mutex_lock(&loaded_lock);
	for (size_t i = 0; i < nloaded && !t; i++)
		if (!strcmp(loaded[i].t->path, path)) {
			loaded[i].refs++;
			t = loaded[i].t;
		}
	pthread_mutex_unlock(&loaded_lock);
	return t;
}

static void loaded_add(struct template *t)
{
	pthread_mutex_lock(&loaded_lock);
	ALLOC_GROW(loaded, nloaded + 1, loaded_alloc);
	loaded[nloaded++] = (struct loaded_template){ t, 1 };
	pthread_mutex_unlock(&loaded_lock);
}

void template_free(const struct template *t)
{
	int last = 1;

	if (!t)
		return;
	pthread_mutex_lock(&loaded_lock);
	for (size_t i = 0; i < nloaded; i++)
		if (loaded[i].t == t) {
			last = !--loaded[i].refs;
			if (last)
				loaded[i] = loaded[--nloaded];
			break;
		}
	if (!nloaded) {
		free(loaded);
		loaded = NULL;
		loaded_alloc = 0;
	}
	pthread_mutex_unlock(&loaded_lock);
	if (last)
		template_destroy((struct template *)t); /* the list's: const only to its users */
}

static const char *const kind_names[] = {
	"text", "id", "enum", "price", "date_range", "date", "url", "image_url", "gtin", "integer", "group"
};

const char *attr_kind_name(enum attr_kind k)
{
	return kind_names[k];
}

static int kind_from_name(const char *s)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(*kind_names); i++)
		if (!strcmp(s, kind_names[i]))
			return (int)i;
	return -1;
}

/* Directories searched for NAME.json, in order. */
static void template_dirs(const char *dirs[4])
{
	static char exe_dir[4096];
	const char *env = getenv("FEEDGEN_TEMPLATES");
	ssize_t n;
	int k = 0;

	if (env && *env)
		dirs[k++] = env;
	/* the source tree: <bin dir>/../templates */
	n = readlink("/proc/self/exe", exe_dir, sizeof(exe_dir) - 20);
	if (n > 0) {
		exe_dir[n] = '\0';
		char *slash = strrchr(exe_dir, '/');
		if (slash) {
			strcpy(slash, "/../templates");
			dirs[k++] = exe_dir;
		}
	}
	dirs[k++] = FEEDGEN_DATADIR "/templates";
	dirs[k] = NULL;
}

void template_list(char *buf, size_t size)
{
	const char *dirs[4];
	size_t used = 0;

	buf[0] = '\0';
	template_dirs(dirs);
	for (int i = 0; dirs[i]; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *e;
		if (!d)
			continue;
		while ((e = readdir(d))) {
			size_t len = strlen(e->d_name);
			if (len > 5 && !strcmp(e->d_name + len - 5, ".json") && used + len < size) {
				char name[256];
				snprintf(name, sizeof(name), "%.*s", (int)(len - 5), e->d_name);
				if (!strstr(buf, name)) {
					used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? " " : "", name);
				}
			}
		}
		closedir(d);
		if (used)
			break;
	}
}

static char *dup_or_null(json_t *v)
{
	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

static int fail(const char *path, const char *attr, const char *what)
{
	if (attr)
		msg_error("template %s: attribute %s: %s", msg_quote(path), msg_quote(attr), what);
	else
		msg_error("template %s: %s", msg_quote(path), what);
	return -1;
}

static int load_strings(json_t *arr, char ***out, size_t *n)
{
	size_t i;
	json_t *v;

	*out = NULL;
	*n = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return -1;
	*out = xcalloc(json_array_size(arr) + 1, sizeof(char *));
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			return -1;
		(*out)[(*n)++] = xstrdup(json_string_value(v));
	}
	return 0;
}

static int load_attribute(struct template *t, struct attribute *a, json_t *j)
{
	json_t *v;
	const char *s;

	memset(a, 0, sizeof(*a));
	a->from = -1;
	if (!json_is_object(j) || !json_is_string(json_object_get(j, "name")))
		return fail(t->path, NULL, "every attribute needs a \"name\"");
	a->name = xstrdup(json_string_value(json_object_get(j, "name")));
	if ((s = json_string_value(json_object_get(j, "from")))) {
		if ((a->from = item_field_from_name(s)) < 0)
			return fail(t->path, a->name, "\"from\" names an unknown item field");
	}
	if ((s = json_string_value(json_object_get(j, "kind")))) {
		int k = kind_from_name(s);
		if (k < 0)
			return fail(t->path, a->name, "unknown \"kind\"");
		a->kind = (enum attr_kind)k;
	}
	if ((s = json_string_value(json_object_get(j, "required")))) {
		if (!strcmp(s, "required"))
			a->required = REQ_REQUIRED;
		else if (!strcmp(s, "recommended"))
			a->required = REQ_RECOMMENDED;
		else if (!strcmp(s, "optional"))
			a->required = REQ_OPTIONAL;
		else
			return fail(t->path, a->name, "\"required\" must be required, recommended or optional");
	}
	if ((v = json_object_get(j, "max_length"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return fail(t->path, a->name, "\"max_length\" must be a positive integer");
		a->max_length = (size_t)json_integer_value(v);
	}
	if ((v = json_object_get(j, "max_count"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return fail(t->path, a->name, "\"max_count\" must be a positive integer");
		a->max_count = (size_t)json_integer_value(v);
	}
	a->truncate = json_is_true(json_object_get(j, "truncate"));
	a->single_line = json_is_true(json_object_get(j, "single_line"));
	a->no_emoji = json_is_true(json_object_get(j, "no_emoji"));
	a->repeated = json_is_true(json_object_get(j, "repeated"));
	if ((v = json_object_get(j, "values"))) {
		const char *key;
		json_t *spell;
		if (!json_is_object(v))
			return fail(t->path, a->name, "\"values\" must map canonical values to spellings");
		a->values = xcalloc(json_object_size(v) + 1, sizeof(*a->values));
		json_object_foreach(v, key, spell) {
			if (!json_is_string(spell))
				return fail(t->path, a->name, "every enum spelling must be a string");
			a->values[a->nvalues].canonical = xstrdup(key);
			a->values[a->nvalues++].spelling = xstrdup(json_string_value(spell));
		}
	}
	if ((v = json_object_get(j, "aliases"))) {
		const char *key;
		json_t *canon;
		if (!json_is_object(v))
			return fail(t->path, a->name, "\"aliases\" must map accepted spellings to canonical values");
		a->aliases = xcalloc(json_object_size(v) + 1, sizeof(*a->aliases));
		json_object_foreach(v, key, canon) {
			if (!json_is_string(canon) || !template_enum_spelling(a, json_string_value(canon)))
				return fail(t->path, a->name, "every alias must name a canonical value of \"values\"");
			a->aliases[a->naliases].spelling = xstrdup(key);
			a->aliases[a->naliases++].canonical = xstrdup(json_string_value(canon));
		}
	}
	a->enum_case_insensitive = json_is_true(json_object_get(j, "case_insensitive"));
	a->identifier = json_is_true(json_object_get(j, "identifier"));
	a->identifier_switch = json_is_true(json_object_get(j, "identifier_switch"));
	if (load_strings(json_object_get(j, "warn_rules"), &a->warn_rules, &a->nwarn_rules))
		return fail(t->path, a->name, "\"warn_rules\" must be an array of rule ids");
	if (load_strings(json_object_get(j, "extensions"), &a->extensions, &a->nextensions))
		return fail(t->path, a->name, "\"extensions\" must be an array of strings");
	if (load_strings(json_object_get(j, "subattributes"), &a->subattributes, &a->nsubattributes))
		return fail(t->path, a->name, "\"subattributes\" must be an array of strings");
	if ((s = json_string_value(json_object_get(j, "pattern")))) {
		int err;
		PCRE2_SIZE off;
		a->pattern_source = xstrdup(s);
		a->pattern = pcre2_compile((PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, alloc_pcre2_compile());
		if (!a->pattern) {
			PCRE2_UCHAR buf[160];
			char what[256];
			pcre2_get_error_message(err, buf, sizeof(buf));
			snprintf(what, sizeof(what), "\"pattern\" does not compile at offset %zu: %s", (size_t)off, buf);
			return fail(t->path, a->name, what);
		}
		pcre2_jit_compile(a->pattern, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
	}
	a->pattern_message = dup_or_null(json_object_get(j, "pattern_message"));
	a->when_attr = -1;
	if ((v = json_object_get(j, "required_when"))) {
		const char *on = json_string_value(json_object_get(v, "attribute"));
		if (!json_is_object(v) || !on ||
		    load_strings(json_object_get(v, "values"), &a->when_values, &a->nwhen_values) || !a->nwhen_values)
			return fail(t->path, a->name, "\"required_when\" needs \"attribute\" and a non-empty \"values\" list");
		a->when_attr_name = xstrdup(on);
	}
	if ((s = json_string_value(json_object_get(j, "xml_name"))))
		a->xml_name = xstrdup(s);
	else if (t->xml_prefix && *t->xml_prefix) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s:%s", t->xml_prefix, a->name);
		a->xml_name = strbuf_detach(&sb, NULL);
	} else
		a->xml_name = xstrdup(a->name);
	if (a->kind == KIND_ENUM && !a->nvalues)
		return fail(t->path, a->name, "an enum needs \"values\"");
	return 0;
}

/* "limits" (template.h): each a {"value": N, "confirmed": bool}. Returns 0 or -1 after a message. */
static int load_limits(struct template *t, json_t *limits)
{
	static const char *const names[] = { "max_bytes", "max_items" };
	struct template_limit *dst[] = { &t->max_bytes, &t->max_items };

	if (!limits)
		return 0;
	if (!json_is_object(limits))
		return fail(t->path, NULL, "\"limits\" must be an object of {\"value\": N, \"confirmed\": true|false}");
	for (int i = 0; i < 2; i++) {
		json_t *l = json_object_get(limits, names[i]), *v = json_object_get(l, "value");
		if (!l)
			continue;
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    (json_object_get(l, "confirmed") && !json_is_boolean(json_object_get(l, "confirmed"))))
			return fail(t->path, NULL, i ? "\"limits\": \"max_items\" needs a positive whole \"value\" and \"confirmed\": true or false"
					       : "\"limits\": \"max_bytes\" needs a positive whole \"value\" and \"confirmed\": true or false");
		dst[i]->value = (unsigned long long)json_integer_value(v);
		dst[i]->confirmed = json_is_true(json_object_get(l, "confirmed"));
	}
	return 0;
}

static struct template *parse_template(const char *path, json_t *root)
{
	struct template *t = xcalloc(1, sizeof(*t));
	json_t *attrs, *xml, *v;
	const char *s;
	size_t i;

	t->path = xstrdup(path);
	for (i = 0; i < 64; i++)
		t->attr_by_field[i] = -1;
	t->identifier_switch_attr = -1;
	if (!json_is_object(root) || !json_is_string(json_object_get(root, "channel"))) {
		fail(path, NULL, "expected an object with \"channel\"");
		goto bad;
	}
	t->channel = xstrdup(json_string_value(json_object_get(root, "channel")));
	t->title = dup_or_null(json_object_get(root, "title"));
	if (!t->title)
		t->title = xstrdup(t->channel);
	xml = json_object_get(root, "xml");
	t->xml_namespace = dup_or_null(json_object_get(xml, "namespace"));
	t->xml_prefix = dup_or_null(json_object_get(xml, "prefix"));
	s = json_string_value(json_object_get(root, "list_separator"));
	t->list_separator = s && *s ? s[0] : ',';
	s = json_string_value(json_object_get(root, "group_separator"));
	t->group_separator = s && *s ? s[0] : ',';
	s = json_string_value(json_object_get(root, "id_unique"));
	t->id_case_insensitive = s && !strcmp(s, "case-insensitive");
	if (load_limits(t, json_object_get(root, "limits")))
		goto bad;
	attrs = json_object_get(root, "attributes");
	if (!json_is_array(attrs) || !json_array_size(attrs)) {
		fail(path, NULL, "\"attributes\" must be a non-empty array");
		goto bad;
	}
	t->attrs = xcalloc(json_array_size(attrs), sizeof(*t->attrs));
	json_array_foreach(attrs, i, v) {
		t->nattrs++;
		if (load_attribute(t, &t->attrs[i], v))
			goto bad;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(t->attrs[k].name, t->attrs[i].name)) {
				fail(path, t->attrs[i].name, "appears twice");
				goto bad;
			}
		if (t->attrs[i].from >= 0 && t->attr_by_field[t->attrs[i].from] < 0)
			t->attr_by_field[t->attrs[i].from] = (int)i;
		if (t->attrs[i].identifier_switch) {
			if (t->attrs[i].kind != KIND_ENUM || !template_enum_spelling(&t->attrs[i], "no")) {
				fail(path, t->attrs[i].name, "an \"identifier_switch\" must be an enum with the canonical value \"no\"");
				goto bad;
			}
			t->identifier_switch_attr = (int)i;
		}
	}
	for (i = 0; i < t->nattrs; i++) {
		struct attribute *a = &t->attrs[i];
		if (a->when_attr_name && (a->when_attr = template_attr_index(t, a->when_attr_name)) < 0) {
			fail(path, a->name, "\"required_when\" names an attribute the template does not have");
			goto bad;
		}
	}
	s = json_string_value(json_object_get(root, "id_attribute"));
	t->id_attribute = xstrdup(s ? s : t->attrs[0].name);
	t->id_attr = template_attr_index(t, t->id_attribute);
	if (t->id_attr < 0) {
		fail(path, t->id_attribute, "\"id_attribute\" is not one of the attributes");
		goto bad;
	}
	return t;
bad:
	template_destroy(t);
	return NULL;
}

const struct template *template_load(const char *name)
{
	struct strbuf path = STRBUF_INIT;
	const char *dirs[4];
	json_error_t err;
	json_t *root = NULL;
	struct template *t = NULL;
	size_t len = strlen(name);

	if (strchr(name, '/') || (len > 5 && !strcmp(name + len - 5, ".json"))) {
		strbuf_addstr(&path, name);
	} else {
		template_dirs(dirs);
		for (int i = 0; dirs[i]; i++) {
			struct stat st;
			strbuf_reset(&path);
			strbuf_addf(&path, "%s/%s.json", dirs[i], name);
			if (!stat(path.buf, &st))
				break;
			strbuf_reset(&path);
		}
		if (!path.len) {
			char list[512];
			template_list(list, sizeof(list));
			msg_error("unknown channel %s (channels: %s)", msg_quote(name), *list ? list : "none found; set FEEDGEN_TEMPLATES");
			goto out;
		}
	}
	if ((t = loaded_take(path.buf)))
		goto out;
	root = json_load_file(path.buf, 0, &err);
	if (!root) {
		msg_error("template %s line %d column %d: %s", msg_quote(path.buf), err.line, err.column, err.text);
		goto out;
	}
	if ((t = parse_template(path.buf, root)))
		loaded_add(t);
out:
	json_decref(root);
	strbuf_release(&path);
	return t;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void template_destroy(struct template *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nattrs; i++) {
		struct attribute *a = &t->attrs[i];
		free(a->name);
		free(a->xml_name);
		for (size_t k = 0; k < a->nvalues; k++) {
			free(a->values[k].canonical);
			free(a->values[k].spelling);
		}
		free(a->values);
		for (size_t k = 0; k < a->naliases; k++) {
			free(a->aliases[k].canonical);
			free(a->aliases[k].spelling);
		}
		free(a->aliases);
		free_strings(a->warn_rules, a->nwarn_rules);
		free_strings(a->extensions, a->nextensions);
		free_strings(a->subattributes, a->nsubattributes);
		pcre2_code_free(a->pattern);
		free_strings(a->when_values, a->nwhen_values);
		free(a->when_attr_name);
		free(a->pattern_source);
		free(a->pattern_message);
	}
	free(t->attrs);
	free(t->channel);
	free(t->title);
	free(t->path);
	free(t->id_attribute);
	free(t->xml_namespace);
	free(t->xml_prefix);
	free(t);
}

int template_attr_index(const struct template *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nattrs; i++)
		if (!strcmp(t->attrs[i].name, name))
			return (int)i;
	for (i = 0; i < t->nattrs; i++)
		if (!strcasecmp(t->attrs[i].name, name))
			return (int)i;
	return -1;
}

const char *template_enum_spelling(const struct attribute *a, const char *canonical)
{
	for (size_t i = 0; i < a->nvalues; i++)
		if (!strcmp(a->values[i].canonical, canonical))
			return a->values[i].spelling;
	return NULL;
}

int template_enum_accepts(const struct attribute *a, const char *value)
{
	for (size_t i = 0; i < a->nvalues; i++)
		if (!strcmp(a->values[i].spelling, value))
			return 1;
	return 0;
}

const struct enum_value *template_enum_match(const struct attribute *a, const char *value, int *exact)
{
	size_t i;

	*exact = 1;
	for (i = 0; i < a->nvalues; i++)
		if (!strcmp(a->values[i].spelling, value))
			return &a->values[i];
	*exact = 0;
	for (i = 0; i < a->naliases; i++)
		if (a->enum_case_insensitive ? !strcasecmp(a->aliases[i].spelling, value) : !strcmp(a->aliases[i].spelling, value))
			for (size_t k = 0; k < a->nvalues; k++)
				if (!strcmp(a->values[k].canonical, a->aliases[i].canonical))
					return &a->values[k];
	if (a->enum_case_insensitive)
		for (i = 0; i < a->nvalues; i++)
			if (!strcasecmp(a->values[i].spelling, value))
				return &a->values[i];
	return NULL;
}

int template_rule_is_warning(const struct attribute *a, const char *rule)
{
	for (size_t i = 0; i < a->nwarn_rules; i++)
		if (!strcmp(a->warn_rules[i], rule))
			return 1;
	return 0;
}
