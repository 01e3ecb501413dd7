/*
 * A validating JSON scanner and a canonical JSON writer.
 *
 * The scanner checks a JSON text against RFC 8259 and UTF-8 (no overlong
 * forms, no surrogates, nothing past U+10FFFF; \u escapes must pair their
 * surrogates) in one pass, without allocating per value and without
 * building a tree.  What it returns are spans into the caller's buffer;
 * strings are decoded only when asked.
 *
 * The writer produces kcc's canonical form: compact, strings with only the
 * escapes JSON requires (\" \\ \b \f \n \r \t, \u00XX for other controls)
 * and raw UTF-8 otherwise, numbers as integers when integral and exact
 * (|x| < 2^53), else in the shortest form that reads back to the same
 * double.
 */
#ifndef KCC_JSON_H
#define KCC_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "kcc/out.h"

/* Deepest nesting of arrays and objects accepted. */
#define KCC_JSON_MAX_DEPTH 512

enum kcc_json_type {
	KCC_JSON_NONE = 0, /* absent */
	KCC_JSON_NULL,
	KCC_JSON_FALSE,
	KCC_JSON_TRUE,
	KCC_JSON_NUMBER,
	KCC_JSON_STRING,
	KCC_JSON_ARRAY,
	KCC_JSON_OBJECT,
};

/* kcc_json_value.flags */
enum {
	KCC_JSON_ESCAPED = 1,      /* string: contains backslash escapes */
	KCC_JSON_INTEGER = 2,      /* number: digits only, optional '-', no
				   fraction or exponent */
	KCC_JSON_CANONICAL = 4,    /* array/object: already in canonical form
				   (no whitespace, non-canonical escapes or
				   non-integer numbers inside); write it
				   verbatim */
	KCC_JSON_NONCANONICAL = 8, /* string: has escapes the writer would
				      write otherwise ("\/", "\u00e9") */
	KCC_JSON_SHORTEST = 16,    /* number: not an integer, but already in
				      the writer's form ("52.3712") */
};

struct kcc_json_value {
	/*
	 * For a string: its content between the quotes, still escaped.  For
	 * any other type: the whole token or container text.
	 */
	const char *p;
	uint32_t n;
	uint8_t type; /* enum kcc_json_type */
	uint8_t flags;
};

struct kcc_json_member {
	struct kcc_json_value key; /* a KCC_JSON_STRING */
	struct kcc_json_value value;
};

struct kcc_json_error {
	size_t offset;      /* byte offset into the text the error refers to */
	const char *reason; /* short static class for counting: "invalid JSON",
			       "unknown field", "invalid value", ... */
	char msg[200];
};

/* Scratch reused from one kcc_json_scan_object() call to the next. */
struct kcc_json_scan {
	struct kcc_json_member *members;
	size_t n, cap;
};

void kcc_json_scan_init(struct kcc_json_scan *s);
void kcc_json_scan_release(struct kcc_json_scan *s);

/*
 * Validate that p[0..n) is exactly one JSON value with optional whitespace
 * around it.  Returns 0, or -1 with *err filled.
 */
int kcc_json_validate(const char *p, size_t n, struct kcc_json_error *err);

/*
 * Validate that p[0..n) is one JSON object (whitespace around allowed) and
 * list its top-level members in s->members[0..s->n), in input order,
 * duplicates included.  Nested values are validated, not listed.  Returns
 * 0, or -1 with *err filled ("expected a JSON object, got an array", ...).
 */
int kcc_json_scan_object(struct kcc_json_scan *s, const char *p, size_t n,
	struct kcc_json_error *err);

/*
 * Walking the members of a validated object or the elements of a validated
 * array, one at a time, without allocating.
 */
struct kcc_json_iter {
	const char *p, *end;
	int object;
};

/* Start on v, a KCC_JSON_OBJECT or KCC_JSON_ARRAY from the scanner. */
void kcc_json_iter_init(struct kcc_json_iter *it,
	const struct kcc_json_value *v);

/*
 * The whole text of a scanned value into *p, *n: a string with its
 * quotes, as it stands in the input.
 */
static inline void
kcc_json_value_text(const struct kcc_json_value *v, const char **p, size_t *n)
{
	int str = v->type == KCC_JSON_STRING;

	*p = str ? v->p - 1 : v->p;
	*n = str ? (size_t)v->n + 2 : v->n;
}

/*
 * Start on the text p[0..n) of a validated object or array (as kept from
 * an earlier scan, or written by kcc's writer).
 */
void kcc_json_iter_text(struct kcc_json_iter *it, const char *p, size_t n);

/*
 * The next member (key set; for arrays key->type is KCC_JSON_NONE) and its
 * value.  Returns 1, or 0 at the end.
 */
int kcc_json_iter_next(struct kcc_json_iter *it, struct kcc_json_value *key,
	struct kcc_json_value *value);

/*
 * Decode a validated string's content (escaped, length n) into dst, which
 * must hold n bytes: the decoded form is never longer.  Returns the decoded
 * length.  Without KCC_JSON_ESCAPED the content is already decoded.
 */
size_t kcc_json_str_decode(const char *p, size_t n, char *dst);

/*
 * Value of a validated number token.  Returns 0, or -1 when it overflows a
 * double (e.g. 1e400).
 */
int kcc_json_num(const char *p, size_t n, double *v);

/*
 * Length of the valid UTF-8 sequence at p (n bytes available), or 0 when
 * the bytes there are not UTF-8 (overlong, surrogate, past U+10FFFF).
 */
size_t kcc_utf8_seq(const char *p, size_t n);

/* Whether p[0..n) is all valid UTF-8 (ASCII checked 16 bytes at a time). */
int kcc_utf8_valid(const char *p, size_t n);

/* Write s (length n, valid UTF-8) as a canonical JSON string. */
void kcc_json_write_str(struct kcc_out *out, const char *s, size_t n);

/* Write a finite double in canonical form. */
void kcc_json_write_num(struct kcc_out *out, double v);

/*
 * Format a finite double in canonical form into buf (at least 32 bytes);
 * returns the length.
 */
size_t kcc_json_format_num(double v, char *buf);

/*
 * Write a validated value (as returned by the scanner) in canonical form;
 * object members keep their order.
 */
void kcc_json_write_value(struct kcc_out *out, const struct kcc_json_value *v);

#endif
