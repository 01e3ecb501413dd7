/*
 * Mappings from source columns to record fields.
 *
 * Rules are parsed once into a small array indexed by record field; each
 * holds the column names it reads (resolved to indices by kcc_map_bind()
 * for each input's header), a converter and its arguments.  Per row, each
 * rule reads its columns, converts, and sets the field in the builder;
 * columns no rule reads go into ext.  The only per-row buffer is a scratch
 * line for joined columns, reused.  Converters never guess silently: a
 * value that does not convert rejects the row with the column, the value
 * and what was expected.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kcc/diag.h"
#include "kcc/json.h"
#include "kcc/map.h"
#include "kcc/parse.h"

enum conv {
	CONV_STR,
	CONV_NUM,
	CONV_INT,
	CONV_DUR,
	CONV_TIME,
	CONV_MAP,
	CONV_PSEUDO,
	CONV_BOOL,
	CONV_CONST,
	CONV_PC4,
};

#define MAX_COLS 4

struct rule {
	int used;
	enum conv conv;
	char *cols[MAX_COLS]; /* column names */
	int ncols;
	long idx[MAX_COLS];  /* their indices in the bound header */
	char *arg;           /* time format, pseudonym kind, constant */
	char **keys, **vals; /* map and bool: pairs; key "*" is the default */
	int npairs;
	size_t *klen; /* lengths of keys, set when the rule is complete */
	int star;     /* the pair with key "*", or -1 */
	size_t arglen;
	char *text; /* the rule as written, for messages */
};

struct kcc_map {
	char *name;
	struct kcc_tz *tz;
	int decimal_comma, keep_ext;
	struct rule rules[KCC_F__COUNT];
	char *dflt[KCC_F__COUNT]; /* "field ?= value" */
	int order[KCC_F__COUNT];  /* fields with a rule, in table order */
	int nrules, ndflt;
	struct kcc_map_hooks hooks;
	unsigned char *used_col; /* per bound column: read by a rule */
	size_t ncols;
	char **col_names; /* bound header, for ext keys */
	size_t *col_lens;
	char *join; /* scratch for joined columns */
	size_t join_cap;
	char *red; /* scratch for redacted text */
	size_t red_cap;
	struct rule drop; /* columns never copied into ext */
	unsigned long long unrecognised;
	int keep_bare_numbers;
};

struct kcc_map *
kcc_map_new(const char *name, struct kcc_tz *tz, int decimal_comma)
{
	struct kcc_map *m = kcc_xcalloc(1, sizeof *m);

	m->name = kcc_xstrdup(name);
	m->tz = tz;
	m->decimal_comma = decimal_comma;
	m->keep_ext = 1;
	return m;
}

static void
rule_free(struct rule *r)
{
	int i;

	for (i = 0; i < r->ncols; i++)
		free(r->cols[i]);
	for (i = 0; i < r->npairs; i++) {
		free(r->keys[i]);
		free(r->vals[i]);
	}
	free(r->keys);
	free(r->vals);
	free(r->klen);
	free(r->arg);
	free(r->text);
	memset(r, 0, sizeof *r);
}

static void
unbind(struct kcc_map *m)
{
	size_t i;

	for (i = 0; i < m->ncols; i++)
		free(m->col_names[i]);
	free(m->col_names);
	free(m->col_lens);
	free(m->used_col);
	m->col_names = NULL;
	m->col_lens = NULL;
	m->used_col = NULL;
	m->ncols = 0;
}

void
kcc_map_free(struct kcc_map *m)
{
	int f;

	if (m == NULL)
		return;
	for (f = 0; f < KCC_F__COUNT; f++) {
		rule_free(&m->rules[f]);
		free(m->dflt[f]);
	}
	unbind(m);
	rule_free(&m->drop);
	free(m->join);
	free(m->red);
	free(m->name);
	free(m);
}

void
kcc_map_hooks(struct kcc_map *m, const struct kcc_map_hooks *hooks)
{
	m->hooks = *hooks;
}

int
kcc_map_needs_tz(const struct kcc_map *m)
{
	int f;

	for (f = 0; f < KCC_F__COUNT; f++)
		if (m->rules[f].used && m->rules[f].conv == CONV_TIME &&
			strcmp(m->rules[f].arg, "iso") != 0 &&
			strstr(m->rules[f].arg, "%z") == NULL)
			return 1;
	return 0;
}

void
kcc_map_decimal_comma(struct kcc_map *m, int decimal_comma)
{
	m->decimal_comma = decimal_comma;
}

void
kcc_map_keep_ext(struct kcc_map *m, int keep)
{
	m->keep_ext = keep;
}

/* Trim spaces and tabs from both ends of [*p, *p + *n). */
static void
trim(const char **p, size_t *n)
{
	while (*n > 0 && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' ||
				 (*p)[*n - 1] == '\r'))
		(*n)--;
}

static char *
dup_trimmed(const char *s, size_t n)
{
	trim(&s, &n);
	return kcc_xstrndup(s, n);
}

static int
rule_error(struct kcc_map *m, const char *text, const char *problem)
{
	kcc_warnx("%s: rule '%s': %s", m->name, text, problem);
	return -1;
}

/*
 * Split the pairs of a value map: "A=b C=d", or, when a key has spaces,
 * "Constituent Call=phone; Self Service=webform" (';' separates then).
 */
static int
parse_pairs(struct rule *r, const char *s)
{
	const char *seps = strchr(s, ';') ? ";" : " \t";
	char *copy = kcc_xstrdup(s), *tok, *save = NULL, *eq;

	for (tok = strtok_r(copy, seps, &save); tok != NULL;
		tok = strtok_r(NULL, seps, &save)) {
		char *key, *val;
		if ((eq = strchr(tok, '=')) == NULL)
			goto bad;
		*eq = '\0';
		key = dup_trimmed(tok, strlen(tok));
		val = dup_trimmed(eq + 1, strlen(eq + 1));
		if (*key == '\0' || *val == '\0') {
			free(key);
			free(val);
			goto bad;
		}
		r->keys = kcc_xrealloc(r->keys,
			(size_t)(r->npairs + 1) * sizeof *r->keys);
		r->vals = kcc_xrealloc(r->vals,
			(size_t)(r->npairs + 1) * sizeof *r->vals);
		r->keys[r->npairs] = key;
		r->vals[r->npairs] = val;
		r->npairs++;
	}
	free(copy);
	return r->npairs > 0 ? 0 : -1;
bad:
	free(copy);
	return -1;
}

/* Add the column names in [q, end), separated by '+', to rule r. */
static int
add_columns(struct kcc_map *m, const char *text, struct rule *r, const char *q,
	const char *end)
{
	while (q <= end) {
		const char *plus = memchr(q, '+', (size_t)(end - q));
		const char *stop = plus ? plus : end;
		if (r->ncols == MAX_COLS)
			return rule_error(m, text, "more than 4 columns");
		r->cols[r->ncols] = dup_trimmed(q, (size_t)(stop - q));
		if (*r->cols[r->ncols] == '\0') {
			free(r->cols[r->ncols]);
			return rule_error(m, text, "empty column name");
		}
		r->ncols++;
		q = stop + 1;
	}
	return 0;
}

static const struct {
	const char *name;
	enum conv conv;
} converters[] = {
	{"str", CONV_STR},
	{"num", CONV_NUM},
	{"int", CONV_INT},
	{"dur", CONV_DUR},
	{"time", CONV_TIME},
	{"map", CONV_MAP},
	{"pseudo", CONV_PSEUDO},
	{"bool", CONV_BOOL},
	{"pc4", CONV_PC4},
	{NULL, CONV_STR},
};

int
kcc_map_rule(struct kcc_map *m, const char *text)
{
	const char *eq = strchr(text, '='), *src, *bar, *p;
	struct rule r;
	char field[32];
	size_t n;
	int f, k, constant;

	memset(&r, 0, sizeof r);
	if (!kcc_utf8_valid(text, strlen(text)))
		return rule_error(m, text, "not valid UTF-8");
	if (eq == NULL)
		return rule_error(m, text,
			"expected 'field = column' or "
			"'field := value'");
	constant = eq > text && (eq[-1] == ':' || eq[-1] == '?');
	p = text;
	n = (size_t)(eq - text) - (size_t)constant;
	trim(&p, &n);
	if (n == 0 || n >= sizeof field)
		return rule_error(m, text, "no field name before '='");
	memcpy(field, p, n);
	field[n] = '\0';
	if (strcmp(field, "drop") == 0 && !constant) {
		m->drop.used = 1;
		return add_columns(m, text, &m->drop, eq + 1,
			eq + 1 + strlen(eq + 1));
	}
	if ((f = kcc_field_lookup(field, n)) < 0 || f == KCC_F_kcc ||
		f == KCC_F_ext) {
		kcc_warnx("%s: rule '%s': '%s' is not a record field that can "
			  "be mapped (see kcc-record(5))",
			m->name, text, field);
		return -1;
	}
	if (eq[-1] == '?') {
		p = eq + 1;
		n = strlen(p);
		trim(&p, &n);
		if (n == 0)
			return rule_error(m, text, "empty default");
		if (m->dflt[f] == NULL)
			m->ndflt++;
		free(m->dflt[f]);
		m->dflt[f] = kcc_xstrndup(p, n);
		return 0;
	}
	r.text = kcc_xstrdup(text);
	r.used = 1;
	src = eq + 1;
	if (constant) {
		r.conv = CONV_CONST;
		r.arg = dup_trimmed(src, strlen(src));
		if (*r.arg == '\0') {
			rule_free(&r);
			return rule_error(m, text, "empty constant");
		}
		goto done;
	}
	bar = strchr(src, '|');
	if (add_columns(m, text, &r, src, bar ? bar : src + strlen(src)) != 0) {
		rule_free(&r);
		return -1;
	}
	r.conv = CONV_STR;
	if (bar != NULL) {
		const char *c = bar + 1, *args;
		size_t cn;
		while (*c == ' ' || *c == '\t')
			c++;
		for (args = c; *args && *args != ' ' && *args != '\t'; args++)
			;
		cn = (size_t)(args - c);
		while (*args == ' ' || *args == '\t')
			args++;
		for (k = 0; converters[k].name != NULL; k++)
			if (strlen(converters[k].name) == cn &&
				strncmp(c, converters[k].name, cn) == 0)
				break;
		if (converters[k].name == NULL) {
			rule_free(&r);
			return rule_error(m, text,
				"unknown converter (str, num, int, dur, time, "
				"map, bool, pc4, pseudo)");
		}
		r.conv = converters[k].conv;
		if (r.conv == CONV_TIME || r.conv == CONV_PSEUDO) {
			r.arg = dup_trimmed(args, strlen(args));
			if (*r.arg == '\0') {
				rule_free(&r);
				return rule_error(m, text,
					r.conv == CONV_TIME
						? "time needs a format, such "
						  "as "
						  "'%d-%m-%Y %H:%M' or 'iso'"
						: "pseudo needs a kind: phone, "
						  "email, bsn, handle, name, "
						  "auto");
			}
		} else if (r.conv == CONV_MAP) {
			if (parse_pairs(&r, args) != 0) {
				rule_free(&r);
				return rule_error(m, text,
					"map needs pairs such "
					"as 'PHONE=phone "
					"*=other'");
			}
		} else if (r.conv == CONV_BOOL) {
			char t[64], fl[64];
			if (sscanf(args, "%63s %63s", t, fl) != 2) {
				rule_free(&r);
				return rule_error(m, text,
					"bool needs the true "
					"and false words, "
					"such as 'Y N'");
			}
			r.keys = kcc_xcalloc(2, sizeof *r.keys);
			r.vals = kcc_xcalloc(2, sizeof *r.vals);
			r.keys[0] = kcc_xstrdup(t);
			r.keys[1] = kcc_xstrdup(fl);
			r.vals[0] = kcc_xstrdup("true");
			r.vals[1] = kcc_xstrdup("false");
			r.npairs = 2;
		} else if (*args != '\0') {
			rule_free(&r);
			return rule_error(m, text,
				"this converter takes no "
				"arguments");
		}
	}
done:
	r.klen = kcc_xcalloc((size_t)r.npairs + 1, sizeof *r.klen);
	r.star = -1;
	for (k = 0; k < r.npairs; k++) {
		r.klen[k] = strlen(r.keys[k]);
		if (r.star < 0 && strcmp(r.keys[k], "*") == 0)
			r.star = k;
	}
	r.arglen = r.arg ? strlen(r.arg) : 0;
	rule_free(&m->rules[f]);
	m->rules[f] = r;
	for (m->nrules = 0, k = 0; k < KCC_F__COUNT; k++)
		if (m->rules[k].used)
			m->order[m->nrules++] = k;
	return 0;
}

static int bind(struct kcc_map *m, const char *const *names, const size_t *lens,
	size_t n, char *why, size_t whylen, int strict);

int
kcc_map_bind(struct kcc_map *m, const char *const *names, const size_t *lens,
	size_t n, char *why, size_t whylen)
{
	return bind(m, names, lens, n, why, whylen, 1);
}

void
kcc_map_bind_loose(struct kcc_map *m, const char *const *names,
	const size_t *lens, size_t n)
{
	bind(m, names, lens, n, NULL, 0, 0);
}

int
kcc_map_column_used(const struct kcc_map *m, size_t i)
{
	return i < m->ncols && m->used_col[i];
}

static int
bind(struct kcc_map *m, const char *const *names, const size_t *lens, size_t n,
	char *why, size_t whylen, int strict)
{
	size_t i;
	int f, c;

	unbind(m);
	m->ncols = n;
	m->used_col = kcc_xcalloc(n ? n : 1, 1);
	m->col_names = kcc_xcalloc(n ? n : 1, sizeof *m->col_names);
	m->col_lens = kcc_xcalloc(n ? n : 1, sizeof *m->col_lens);
	for (i = 0; i < n; i++) {
		m->col_names[i] = kcc_xstrndup(names[i], lens[i]);
		m->col_lens[i] = lens[i];
	}
	for (c = 0; c < m->drop.ncols; c++)
		for (i = 0; i < n; i++) {
			const char *h = names[i];
			size_t hn = lens[i];
			trim(&h, &hn);
			if (hn == strlen(m->drop.cols[c]) &&
				strncasecmp(h, m->drop.cols[c], hn) == 0)
				m->used_col[i] = 1;
		}
	for (f = 0; f < KCC_F__COUNT; f++) {
		struct rule *r = &m->rules[f];
		if (!r->used || r->conv == CONV_CONST)
			continue;
		for (c = 0; c < r->ncols; c++) {
			size_t want = strlen(r->cols[c]);
			r->idx[c] = -1;
			for (i = 0; i < n; i++) {
				const char *h = names[i];
				size_t hn = lens[i];
				trim(&h, &hn);
				if (hn == want &&
					strncasecmp(h, r->cols[c], want) == 0) {
					r->idx[c] = (long)i;
					m->used_col[i] = 1;
					break;
				}
			}
			if (r->idx[c] < 0 && strict) {
				snprintf(why, whylen,
					"%s: column '%s' (for '%s') is not in "
					"the header",
					m->name, r->cols[c],
					kcc_fields[f].name);
				return -1;
			}
		}
	}
	return 0;
}

/* Value of a rule's columns for this row, joined; NULL when all empty. */
static const char *
source_value(struct kcc_map *m, const struct rule *r, const char *const *fields,
	const size_t *lens, size_t n, size_t *len)
{
	const char *p;
	size_t k, need = 0, pn;
	int c, nonempty = 0;

	if (r->ncols == 1) {
		if ((size_t)r->idx[0] >= n) {
			*len = 0;
			return NULL;
		}
		p = fields[r->idx[0]];
		pn = lens[r->idx[0]];
		trim(&p, &pn);
		*len = pn;
		return pn ? p : NULL;
	}
	for (c = 0; c < r->ncols; c++)
		if ((size_t)r->idx[c] < n)
			need += lens[r->idx[c]] + 1;
	if (need > m->join_cap) {
		m->join_cap = need * 2;
		m->join = kcc_xrealloc(m->join, m->join_cap);
	}
	k = 0;
	for (c = 0; c < r->ncols; c++) {
		if ((size_t)r->idx[c] >= n)
			continue;
		p = fields[r->idx[c]];
		pn = lens[r->idx[c]];
		trim(&p, &pn);
		if (pn == 0)
			continue;
		if (nonempty)
			m->join[k++] = ' ';
		memcpy(m->join + k, p, pn);
		k += pn;
		nonempty = 1;
	}
	*len = k;
	return nonempty ? m->join : NULL;
}

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"};

/* Read 1..max digits; returns the count read. */
static int
digits(const char *s, size_t n, size_t *i, int max, int *v)
{
	int k = 0;

	*v = 0;
	while (*i < n && k < max && isdigit((unsigned char)s[*i])) {
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k;
}

int
kcc_map_time(const char *fmt, const char *s, size_t n, struct kcc_tz *tz,
	struct kcc_time *t, const char **why)
{
	int y = -1, mo = 1, d = 1, h = 0, mi = 0, sec = 0, pm = -1, v, k;
	int have_off = 0, off = 0;
	int32_t nsec = 0;
	size_t i = 0;
	const char *f;

	/*
	 * The most common export format, written in full: fixed places, no
	 * walk over the format (what the walk would read, it reads).
	 */
	if (n == 19 && tz != NULL && s[4] == '-' && s[7] == '-' &&
		s[10] == ' ' && s[13] == ':' && s[16] == ':' &&
		strcmp(fmt, "%Y-%m-%d %H:%M:%S") == 0) {
		static const unsigned char at[14] = {0, 1, 2, 3, 5, 6, 8, 9, 11,
			12, 14, 15, 17, 18};
		int dv[14];
		for (k = 0; k < 14; k++) {
			if (s[at[k]] < '0' || s[at[k]] > '9')
				break;
			dv[k] = s[at[k]] - '0';
		}
		if (k == 14)
			return kcc_tz_local(tz,
				       dv[0] * 1000 + dv[1] * 100 + dv[2] * 10 +
					       dv[3],
				       dv[4] * 10 + dv[5], dv[6] * 10 + dv[7],
				       dv[8] * 10 + dv[9], dv[10] * 10 + dv[11],
				       dv[12] * 10 + dv[13], 0, KCC_GAP_ERROR,
				       KCC_FOLD_EARLIER, t, why) < 0
				       ? -1
				       : 0;
	}
	if (strcmp(fmt, "iso") == 0) {
		/* RFC 3339 first; else ISO 8601 local "YYYY-MM-DD[ T]HH:MM[:SS]" */
		if (kcc_time_parse(s, n, t, why) == 0)
			return 0;
		/* With a zone designator it was meant as RFC 3339: say why
		 * it is not; without one, read it as local time. */
		if (n >= 20 && (s[n - 1] == 'Z' || s[n - 1] == 'z' ||
				       s[n - 6] == '+' || s[n - 6] == '-'))
			return -1;
		fmt = n > 10 && (s[10] == 'T' || s[10] == ' ')
			      ? (n > 16 && s[16] == ':' ? "%Y-%m-%dT%H:%M:%S%f"
							: "%Y-%m-%dT%H:%M")
			      : "%Y-%m-%d";
	}
	for (f = fmt; *f; f++) {
		if (*f == ' ') {
			while (i < n && (s[i] == ' ' || s[i] == '\t'))
				i++;
			continue;
		}
		if (*f != '%') {
			/* 'T' in a format also matches a space */
			if (i < n &&
				(s[i] == *f ||
					(*f == 'T' &&
						(s[i] == ' ' || s[i] == 't'))))
				i++;
			else {
				*why = "does not match the time format";
				return -1;
			}
			continue;
		}
		switch (*++f) {
		case 'Y':
			if (digits(s, n, &i, 4, &y) != 4)
				goto bad;
			break;
		case 'y':
			if (digits(s, n, &i, 2, &v) != 2)
				goto bad;
			y = v < 69 ? 2000 + v : 1900 + v;
			break;
		case 'm':
			if (digits(s, n, &i, 2, &mo) == 0)
				goto bad;
			break;
		case 'd':
		case 'e':
			while (*f == 'e' && i < n && s[i] == ' ')
				i++;
			if (digits(s, n, &i, 2, &d) == 0)
				goto bad;
			break;
		case 'H':
		case 'I':
			if (digits(s, n, &i, 2, &h) == 0)
				goto bad;
			break;
		case 'M':
			if (digits(s, n, &i, 2, &mi) == 0)
				goto bad;
			break;
		case 'S':
			if (digits(s, n, &i, 2, &sec) == 0)
				goto bad;
			break;
		case 'T':
			if (digits(s, n, &i, 2, &h) == 0 || i >= n ||
				s[i++] != ':' ||
				digits(s, n, &i, 2, &mi) == 0 || i >= n ||
				s[i++] != ':' || digits(s, n, &i, 2, &sec) == 0)
				goto bad;
			break;
		case 'f':
			/* optional fraction of a second: .123 */
			if (i < n && (s[i] == '.' || s[i] == ',')) {
				int32_t scale = 100000000;
				i++;
				for (k = 0;
					i < n && isdigit((unsigned char)s[i]);
					i++, k++)
					if (k < 9) {
						nsec += (s[i] - '0') * scale;
						scale /= 10;
					}
			}
			break;
		case 'p':
			if (i + 1 < n &&
				(s[i] == 'A' || s[i] == 'a' || s[i] == 'P' ||
					s[i] == 'p') &&
				(s[i + 1] == 'M' || s[i + 1] == 'm')) {
				pm = s[i] == 'P' || s[i] == 'p';
				i += 2;
			} else
				goto bad;
			break;
		case 'b':
			for (k = 0; k < 12; k++)
				if (i + 3 <= n &&
					strncasecmp(s + i, months[k], 3) == 0)
					break;
			if (k == 12)
				goto bad;
			mo = k + 1;
			i += 3;
			while (i < n && isalpha((unsigned char)s[i]))
				i++;
			break;
		case 'z':
			if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
				i++;
				have_off = 1;
				break;
			}
			if (i >= n || (s[i] != '+' && s[i] != '-'))
				goto bad;
			{
				int sign = s[i++] == '-' ? -1 : 1, oh, om = 0;
				if (digits(s, n, &i, 2, &oh) != 2)
					goto bad;
				if (i < n && s[i] == ':')
					i++;
				digits(s, n, &i, 2, &om);
				off = sign * (oh * 3600 + om * 60);
				have_off = 1;
			}
			break;
		case '%':
			if (i < n && s[i] == '%') {
				i++;
				break;
			}
			goto bad;
		default:
			*why = "unsupported directive in the time format";
			return -1;
		}
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i != n) {
		*why = "unexpected text after the time";
		return -1;
	}
	if (y < 0) {
		*why = "the time format has no year";
		return -1;
	}
	if (pm >= 0) {
		if (h < 1 || h > 12) {
			*why = "hour out of range for a 12-hour clock";
			return -1;
		}
		h = h % 12 + (pm ? 12 : 0);
	}
	if (have_off) {
		char buf[48];
		int len = snprintf(buf, sizeof buf,
			"%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, d, h,
			mi, sec, off < 0 ? '-' : '+', abs(off) / 3600,
			abs(off) % 3600 / 60);
		if (len < 0 || kcc_time_parse(buf, (size_t)len, t, why) != 0)
			return -1;
		t->nsec = nsec;
		return 0;
	}
	if (tz == NULL) {
		*why = "time has no UTC offset and no time zone was given "
		       "(--tz)";
		return -1;
	}
	return kcc_tz_local(tz, y, mo, d, h, mi, sec, nsec, KCC_GAP_ERROR,
		       KCC_FOLD_EARLIER, t, why) < 0
		       ? -1
		       : 0;
bad:
	*why = "does not match the time format";
	return -1;
}

static int fail(const char **reason, char *why, size_t whylen, const char *fmt,
	...) __attribute__((format(printf, 4, 5)));

/* s[0..*n) redacted when a redact hook is set; borrowed until next use. */
static const char *
redacted(struct kcc_map *m, const char *s, size_t *n, int ext)
{
	size_t cap = *n + (*n + 2) / 3 * 2 + 16, i;

	if (m->hooks.redact == NULL)
		return s;
	if (ext && m->keep_bare_numbers) {
		for (i = 0; i < *n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == *n)
			return s; /* an identifier such as a parcel number */
	}
	if (cap > m->red_cap) {
		m->red_cap = cap * 2;
		m->red = kcc_xrealloc(m->red, m->red_cap);
	}
	*n = m->hooks.redact(m->hooks.ctx, s, *n, m->red, m->red_cap);
	return m->red;
}

void
kcc_map_keep_bare_numbers(struct kcc_map *m, int keep)
{
	m->keep_bare_numbers = keep;
}

int
kcc_map_has_rules(const struct kcc_map *m)
{
	int f;

	if (m == NULL)
		return 0;
	for (f = 0; f < KCC_F__COUNT; f++)
		if (m->rules[f].used || m->dflt[f] != NULL)
			return 1;
	return 0;
}

int
kcc_map_uses_pseudonyms(const struct kcc_map *m)
{
	int f;

	for (f = 0; f < KCC_F__COUNT; f++)
		if (m->rules[f].used && m->rules[f].conv == CONV_PSEUDO)
			return 1;
	return 0;
}

unsigned long long
kcc_map_unrecognised(const struct kcc_map *m)
{
	return m->unrecognised;
}

static int
fail(const char **reason, char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	*reason = "invalid value";
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

/* The column names of a rule, for messages. */
static const char *
cols_of(const struct rule *r)
{
	return r->cols[0];
}

#define SHOWV(p, n) (int)((n) > 60 ? 60 : (n)), (p)

static int
apply(struct kcc_map *m, int f, struct rule *r, const char *v, size_t n,
	struct kcc_build *b, const char **reason, char *why, size_t whylen)
{
	struct kcc_time t;
	const char *msg;
	double d;
	char out[33];
	int i;

	switch (r->conv) {
	case CONV_CONST:
		if (kcc_fields[f].type == KCC_FT_SECONDS ||
			kcc_fields[f].type == KCC_FT_INT ||
			kcc_fields[f].type == KCC_FT_NUMBER) {
			if (kcc_parse_number(r->arg, r->arglen, 0, &d) != 0)
				return fail(reason, why, whylen,
					"%s: constant '%s' for '%s' is not a "
					"number",
					m->name, r->arg, kcc_fields[f].name);
			kcc_build_num(b, (enum kcc_field)f, d);
		} else
			kcc_build_str(b, (enum kcc_field)f, r->arg, r->arglen);
		return 0;
	case CONV_STR:
		break;
	case CONV_PC4:
		/* "1234 AB" to its area "1234": the street stays out */
		if (n >= 4 && isdigit((unsigned char)v[0]) &&
			isdigit((unsigned char)v[1]) &&
			isdigit((unsigned char)v[2]) &&
			isdigit((unsigned char)v[3]) &&
			(n == 4 || !isdigit((unsigned char)v[4])))
			n = 4;
		break;
	case CONV_NUM:
	case CONV_INT:
		if (kcc_parse_number(v, n, m->decimal_comma, &d) != 0 ||
			(r->conv == CONV_INT && d != floor(d)))
			return fail(reason, why, whylen,
				"column '%s': '%.*s' is not %s", cols_of(r),
				SHOWV(v, n),
				r->conv == CONV_INT ? "an integer"
						    : "a number");
		kcc_build_num(b, (enum kcc_field)f, d);
		return 0;
	case CONV_DUR:
		if (kcc_parse_duration(v, n, &d) != 0)
			return fail(reason, why, whylen,
				"column '%s': '%.*s' is not a duration",
				cols_of(r), SHOWV(v, n));
		kcc_build_num(b, (enum kcc_field)f, d);
		return 0;
	case CONV_TIME:
		if (kcc_map_time(r->arg, v, n, m->tz, &t, &msg) != 0)
			return fail(reason, why, whylen,
				"column '%s': '%.*s': %s (format '%s')",
				cols_of(r), SHOWV(v, n), msg, r->arg);
		kcc_build_time(b, (enum kcc_field)f, &t);
		return 0;
	case CONV_MAP:
	case CONV_BOOL:
		for (i = 0; i < r->npairs; i++)
			if (r->klen[i] == n &&
				strncasecmp(r->keys[i], v, n) == 0)
				break;
		if (i == r->npairs && r->star >= 0)
			i = r->star;
		if (i == r->npairs)
			return fail(reason, why, whylen,
				"column '%s': '%.*s' is not in the map for "
				"'%s'",
				cols_of(r), SHOWV(v, n), kcc_fields[f].name);
		if (strcmp(r->vals[i], "-") == 0)
			return 0;                   /* mapped to nothing */
		if (strcmp(r->vals[i], "*") != 0) { /* "*": keep as it is */
			v = r->vals[i];
			n = strlen(v);
		}
		if (kcc_fields[f].type == KCC_FT_INT ||
			kcc_fields[f].type == KCC_FT_NUMBER ||
			kcc_fields[f].type == KCC_FT_SECONDS) {
			if (kcc_parse_number(v, n, 0, &d) != 0)
				return fail(reason, why, whylen,
					"%s: map value '%s' for '%s' is not a "
					"number",
					m->name, v, kcc_fields[f].name);
			kcc_build_num(b, (enum kcc_field)f, d);
			return 0;
		}
		break;
	case CONV_PSEUDO:
		if (m->hooks.pseudonym == NULL)
			return fail(reason, why, whylen,
				"%s: pseudonyms are turned off, but a rule "
				"asks for one",
				m->name);
		/* An identifier that does not read as one ("anonymous",
		 * "onbekend") is left out, never written raw. */
		if (m->hooks.pseudonym(m->hooks.ctx, r->arg, v, n, out) != 0) {
			m->unrecognised++;
			return 0;
		}
		kcc_build_str(b, (enum kcc_field)f, out, 32);
		return 0;
	}
	/* Strings, after value maps: numbers for numeric fields. */
	if (kcc_fields[f].type == KCC_FT_INT ||
		kcc_fields[f].type == KCC_FT_NUMBER) {
		if (kcc_parse_number(v, n, m->decimal_comma, &d) != 0)
			return fail(reason, why, whylen,
				"column '%s': '%.*s' is not a number",
				cols_of(r), SHOWV(v, n));
		kcc_build_num(b, (enum kcc_field)f, d);
		return 0;
	}
	if (kcc_fields[f].type == KCC_FT_SECONDS) {
		if (kcc_parse_duration(v, n, &d) != 0)
			return fail(reason, why, whylen,
				"column '%s': '%.*s' is not a duration",
				cols_of(r), SHOWV(v, n));
		kcc_build_num(b, (enum kcc_field)f, d);
		return 0;
	}
	if (kcc_fields[f].type == KCC_FT_TIME) {
		if (kcc_map_time("iso", v, n, m->tz, &t, &msg) != 0)
			return fail(reason, why, whylen,
				"column '%s': '%.*s': %s", cols_of(r),
				SHOWV(v, n), msg);
		kcc_build_time(b, (enum kcc_field)f, &t);
		return 0;
	}
	if (f == KCC_F_text)
		v = redacted(m, v, &n, 0);
	kcc_build_str(b, (enum kcc_field)f, v, n);
	return 0;
}

int
kcc_map_row(struct kcc_map *m, const char *const *fields, const size_t *lens,
	size_t n, struct kcc_build *b, const char **reason, char *why,
	size_t whylen)
{
	const char *v;
	size_t len, i;
	int f, k;

	for (k = 0; k < m->nrules; k++) {
		struct rule *r = &m->rules[f = m->order[k]];
		v = NULL;
		len = 0;
		if (r->conv != CONV_CONST &&
			(v = source_value(m, r, fields, lens, n, &len)) == NULL)
			continue; /* empty: the field stays out */
		if (apply(m, f, r, v, len, b, reason, why, whylen) != 0)
			return -1;
	}
	for (f = 0; m->ndflt > 0 && f < KCC_F__COUNT; f++)
		if (m->dflt[f] != NULL &&
			!kcc_build_has(b, (enum kcc_field)f)) {
			struct rule d = {0};
			d.conv = CONV_CONST;
			d.arg = m->dflt[f];
			d.arglen = strlen(d.arg);
			if (apply(m, f, &d, NULL, 0, b, reason, why, whylen) !=
				0)
				return -1;
		}
	if (m->keep_ext)
		for (i = 0; i < n && i < m->ncols; i++) {
			const char *p = fields[i];
			size_t pn = lens[i];
			if (m->used_col[i])
				continue;
			trim(&p, &pn);
			if (pn == 0)
				continue;
			p = redacted(m, p, &pn, 1);
			kcc_build_ext_str(b, m->col_names[i], m->col_lens[i], p,
				pn);
		}
	return 0;
}
