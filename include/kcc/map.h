/*
 * Mappings: how the columns of a source become the fields of a record.
 *
 * A mapping is a list of rules, one per record field, in a small language
 * shared by the built-in profiles, profile files and --map options:
 *
 *	field = Column Name [+ Other Column] [| converter args...]
 *	field := constant
 *	field ?= constant        (when the rule for field gave no value)
 *	drop = Column [+ Column] (never copied into ext: identifiers)
 *
 * Converters: str (the default: the text, trimmed), num, int, dur
 * (durations such as 0:03:45, 03:45, 225, PT3M45S), time FORMAT (strptime
 * style: %Y %y %m %d %e %H %I %M %S %p %b %f %z %T, or "iso" for ISO
 * 8601 / RFC 3339), map K=V ... [*=V] (value map, keys compared without
 * case; pairs separated by ';' when keys have spaces; V "-" leaves the
 * field out, V "*" keeps the value as it is), pc4 (a Dutch postcode to
 * its four digits), pseudo KIND (a keyed pseudonym: phone, email, bsn, handle, name,
 * auto), bool T F (two values for true and false).  Columns joined with
 * '+' are concatenated with one space, for dates and times in separate
 * columns.  Empty source values leave the field out.
 *
 * Rows arrive as arrays of fields; kcc_map_bind() resolves column names
 * against a header once per input, kcc_map_row() fills a record builder.
 * Unused columns go into the record's extension object under their own
 * names.
 */
#ifndef KCC_MAP_H
#define KCC_MAP_H

#include <stddef.h>

#include "kcc/build.h"
#include "kcc/time.h"

struct kcc_map;

/* Functions the mapping calls for `pseudo` rules (kcc/pseudo.h). */
struct kcc_map_hooks {
	/* Write a 32-hex-digit pseudonym of raw[0..n) of the given kind
	 * ("phone", ...) into out; return 0, or -1 when it does not
	 * normalise as that kind. */
	int (*pseudonym)(void *ctx, const char *kind, const char *raw, size_t n,
		char out[33]);
	/* Redact free text s[0..n) into out (cap bytes, at least
	 * KCC_REDACT_MAX(n)); return its length.  NULL: no redaction. */
	size_t (*redact)(void *ctx, const char *s, size_t n, char *out,
		size_t cap);
	void *ctx;
};

/*
 * A new, empty mapping; `name` names it in messages ("profile 'nyc311'",
 * "--map").  tz: the zone for times without an offset (NULL: such times
 * are an error).  decimal_comma: numbers use ',' as the decimal mark.
 */
struct kcc_map *kcc_map_new(const char *name, struct kcc_tz *tz,
	int decimal_comma);
void kcc_map_free(struct kcc_map *m);

/*
 * Add one rule (text as above).  Returns 0, or -1 after printing
 * "prog: name: rule 'text': problem" (a usage error for the caller).
 * A rule for a field replaces an earlier one for the same field.
 */
int kcc_map_rule(struct kcc_map *m, const char *text);

/* Set the hooks used by `pseudo` rules. */
void kcc_map_hooks(struct kcc_map *m, const struct kcc_map_hooks *hooks);

/*
 * Whether some rule reads a time by a format without %z: such times need
 * a zone.
 */
int kcc_map_needs_tz(const struct kcc_map *m);

/* Whether numbers use a decimal comma (as the CSV dialect says). */
void kcc_map_decimal_comma(struct kcc_map *m, int decimal_comma);

/* Whether unused columns go into ext (default 1). */
void kcc_map_keep_ext(struct kcc_map *m, int keep);

/*
 * Resolve the rules' column names against a header of n names.  Returns 0,
 * or -1 with a message in why[0..whylen) naming the first missing column.
 */
int kcc_map_bind(struct kcc_map *m, const char *const *names,
	const size_t *lens, size_t n, char *why, size_t whylen);

/*
 * As kcc_map_bind(), but a column that is not there reads as empty: for
 * JSON records, whose members vary from one record to the next.
 */
void kcc_map_bind_loose(struct kcc_map *m, const char *const *names,
	const size_t *lens, size_t n);

/*
 * Whether extension values made of digits only are kept as they are
 * rather than redacted: where phone numbers have no trunk prefix that sets
 * them apart (the US), such values are far more often identifiers.
 */
void kcc_map_keep_bare_numbers(struct kcc_map *m, int keep);

/* Whether the mapping has any rule at all. */
int kcc_map_has_rules(const struct kcc_map *m);

/* Whether some rule asks for a pseudonym. */
int kcc_map_uses_pseudonyms(const struct kcc_map *m);

/* Identifiers a pseudo rule could not read, left out (a count). */
unsigned long long kcc_map_unrecognised(const struct kcc_map *m);

/* Whether column i of the last binding is read by some rule. */
int kcc_map_column_used(const struct kcc_map *m, size_t i);

/*
 * Fill b (after kcc_build_reset) from one row of n fields.  Returns 0, or
 * -1 with a reason class (static: "invalid value", ...) in *reason and a
 * message in why[0..whylen).
 */
int kcc_map_row(struct kcc_map *m, const char *const *fields,
	const size_t *lens, size_t n, struct kcc_build *b, const char **reason,
	char *why, size_t whylen);

/*
 * Parse local or zoned time text s[0..n) with a strptime-style format
 * (or "iso"); a time without an offset is read in zone tz (an error when
 * tz is NULL).  Returns 0, or -1 with a static message in *why.
 */
int kcc_map_time(const char *fmt, const char *s, size_t n, struct kcc_tz *tz,
	struct kcc_time *t, const char **why);

#endif
