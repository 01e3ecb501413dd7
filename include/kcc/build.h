/*
 * Building canonical records from values, for inputs that are not already
 * canonical JSON (CSV rows, chat exports, API responses).
 *
 * Values are set field by field in any order; kcc_build_finish() writes
 * them as one JSON line in canonical order and parses that line with
 * kcc_record_parse(), so a built record passes exactly the checks a record
 * read from a file passes, and is written the same way.  All buffers are
 * reused from record to record.
 */
#ifndef KCC_BUILD_H
#define KCC_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "kcc/out.h"
#include "kcc/record.h"
#include "kcc/time.h"

struct kcc_build {
	struct kcc_out vals; /* field values as JSON text, back to back */
	struct {
		size_t off, len;
	} f[KCC_F__COUNT];             /* where each field's value is in vals */
	uint64_t set;                  /* fields set, a bit each */
	double num[KCC_F__COUNT];      /* values set by kcc_build_num() */
	uint8_t escaped[KCC_F__COUNT]; /* string written with escapes */
	struct kcc_time start, end;    /* values set by kcc_build_time() */
	int utf8_trusted; /* set by the caller: every string it sets is
			     valid UTF-8 (checked at the source) */
	int reparse; /* a value the builder cannot vouch for: check the line
			with the record parser */
	struct kcc_out ext;  /* extension members, "key":value,... */
	struct kcc_out line; /* the assembled line */
	struct kcc_record rec;
};

void kcc_build_init(struct kcc_build *b);
void kcc_build_release(struct kcc_build *b);

/* Forget all values: start the next record. */
void kcc_build_reset(struct kcc_build *b);

/* Set field f to the string s[0..n) (UTF-8); a later set replaces it. */
void kcc_build_str(struct kcc_build *b, enum kcc_field f, const char *s,
	size_t n);

/* Set field f to the number v (finite). */
void kcc_build_num(struct kcc_build *b, enum kcc_field f, double v);

/* Set field f to the time t, written in RFC 3339 with its offset. */
void kcc_build_time(struct kcc_build *b, enum kcc_field f,
	const struct kcc_time *t);

/* Whether field f has been set since the last reset. */
static inline int
kcc_build_has(const struct kcc_build *b, enum kcc_field f)
{
	return (b->set >> f) & 1;
}

/* Add "key": "s" (both UTF-8) to the extension object. */
void kcc_build_ext_str(struct kcc_build *b, const char *key, size_t kn,
	const char *s, size_t n);

/* Add "key": value, where json[0..n) is a valid JSON value. */
void kcc_build_ext_json(struct kcc_build *b, const char *key, size_t kn,
	const char *json, size_t n);

/*
 * Assemble the record and check it.  Returns 0 with b->rec ready for
 * kcc_record_write() (valid until the next reset), or -1 with *err filled
 * as kcc_record_parse() fills it (its offset then refers to the assembled
 * line, not to the source).
 */
int kcc_build_finish(struct kcc_build *b, struct kcc_json_error *err);

#endif
