/*
 * The canonical contact record, version 1 (kcc-record(5)).
 *
 * One contact is one JSON object on one line.  This header is the single
 * place the fields are listed: the parser, the validator, the writer and the
 * documentation tests all expand KCC_RECORD_FIELDS.  The order of the table
 * is the canonical order in which kcc writes fields.
 *
 * A parsed record is a flat table of value spans into the caller's line
 * buffer: nothing is decoded or allocated until a getter asks for it.  The
 * record stays valid as long as that line buffer does.
 */
#ifndef KCC_RECORD_H
#define KCC_RECORD_H

#include <stdint.h>
#include <stddef.h>

#include "kcc/json.h"
#include "kcc/out.h"
#include "kcc/time.h"

#define KCC_RECORD_VERSION 1

/* Value kinds a field may hold (beyond JSON's own types). */
enum kcc_ftype {
	KCC_FT_VERSION,  /* integer, must equal KCC_RECORD_VERSION */
	KCC_FT_STRING,   /* non-empty string */
	KCC_FT_TIME,     /* RFC 3339 date-time with offset */
	KCC_FT_SECONDS,  /* number >= 0, seconds */
	KCC_FT_INT,      /* integer within [min, max] */
	KCC_FT_NUMBER,   /* number within [min, max] */
	KCC_FT_ENUM,     /* string from a fixed vocabulary */
	KCC_FT_PSEUDO,   /* pseudonym: 16-64 lowercase hex digits */
	KCC_FT_POSTCODE, /* postal area, never precise to the street */
	KCC_FT_LANG,     /* ISO 639 code: 2 or 3 lowercase letters */
	KCC_FT_OBJECT,   /* any JSON object, kept verbatim */
};

/*
 * X(name, type, required, min, max, vocabulary)
 * vocabulary: for KCC_FT_ENUM a NULL-terminated list name, else NULL.
 */
#define KCC_RECORD_FIELDS(X)                                                   \
	X(kcc, KCC_FT_VERSION, 1, 1, 1, NULL)                                  \
	X(id, KCC_FT_STRING, 1, 1, 256, NULL)                                  \
	X(src, KCC_FT_STRING, 1, 1, 64, NULL)                                  \
	X(src_file, KCC_FT_STRING, 0, 1, 4096, NULL)                           \
	X(src_member, KCC_FT_STRING, 0, 1, 4096, NULL)                         \
	X(src_line, KCC_FT_INT, 0, 1, 1e15, NULL)                              \
	X(start, KCC_FT_TIME, 1, 0, 0, NULL)                                   \
	X(end, KCC_FT_TIME, 0, 0, 0, NULL)                                     \
	X(wait_s, KCC_FT_SECONDS, 0, 0, 1e9, NULL)                             \
	X(talk_s, KCC_FT_SECONDS, 0, 0, 1e9, NULL)                             \
	X(hold_s, KCC_FT_SECONDS, 0, 0, 1e9, NULL)                             \
	X(acw_s, KCC_FT_SECONDS, 0, 0, 1e9, NULL)                              \
	X(handle_s, KCC_FT_SECONDS, 0, 0, 1e9, NULL)                           \
	X(channel, KCC_FT_ENUM, 1, 0, 0, kcc_channel_names)                    \
	X(channel_raw, KCC_FT_STRING, 0, 1, 200, NULL)                         \
	X(direction, KCC_FT_ENUM, 0, 0, 0, kcc_direction_names)                \
	X(citizen, KCC_FT_PSEUDO, 0, 16, 64, NULL)                             \
	X(agent, KCC_FT_STRING, 0, 1, 200, NULL)                               \
	X(team, KCC_FT_STRING, 0, 1, 200, NULL)                                \
	X(queue, KCC_FT_STRING, 0, 1, 200, NULL)                               \
	X(outcome, KCC_FT_ENUM, 0, 0, 0, kcc_outcome_names)                    \
	X(resolution, KCC_FT_ENUM, 0, 0, 0, kcc_resolution_names)              \
	X(csat, KCC_FT_INT, 0, 1, 5, NULL)                                     \
	X(nps, KCC_FT_INT, 0, 0, 10, NULL)                                     \
	X(ces, KCC_FT_INT, 0, 1, 7, NULL)                                      \
	X(topic, KCC_FT_STRING, 0, 1, 200, NULL)                               \
	X(topic_by, KCC_FT_ENUM, 0, 0, 0, kcc_topic_by_names)                  \
	X(topic_conf, KCC_FT_NUMBER, 0, 0, 1, NULL)                            \
	X(kind, KCC_FT_ENUM, 0, 0, 0, kcc_kind_names)                          \
	X(lang, KCC_FT_LANG, 0, 2, 3, NULL)                                    \
	X(text, KCC_FT_STRING, 0, 1, 1e9, NULL)                                \
	X(area, KCC_FT_STRING, 0, 1, 200, NULL)                                \
	X(postcode, KCC_FT_POSTCODE, 0, 2, 10, NULL)                           \
	X(lat, KCC_FT_NUMBER, 0, -90, 90, NULL)                                \
	X(lon, KCC_FT_NUMBER, 0, -180, 180, NULL)                              \
	X(messages, KCC_FT_INT, 0, 0, 1e9, NULL)                               \
	X(media, KCC_FT_INT, 0, 0, 1e9, NULL)                                  \
	X(case_id, KCC_FT_STRING, 0, 1, 200, NULL)                             \
	X(history, KCC_FT_STRING, 0, 1, 200, NULL)                             \
	X(history_seq, KCC_FT_INT, 0, 1, 1e9, NULL)                            \
	X(history_next_s, KCC_FT_SECONDS, 0, 0, 1e10, NULL)                    \
	X(ext, KCC_FT_OBJECT, 0, 0, 0, NULL)

enum kcc_field {
#define KCC_X_ENUM(name, type, req, min, max, vocab) KCC_F_##name,
	KCC_RECORD_FIELDS(KCC_X_ENUM)
#undef KCC_X_ENUM
		KCC_F__COUNT
};

/* Vocabularies, NULL-terminated, in the order of their enums below. */
extern const char *const kcc_channel_names[];
extern const char *const kcc_direction_names[];
extern const char *const kcc_outcome_names[];
extern const char *const kcc_resolution_names[];
extern const char *const kcc_topic_by_names[];
extern const char *const kcc_kind_names[];

enum kcc_channel {
	KCC_CH_PHONE,
	KCC_CH_DESK,
	KCC_CH_EMAIL,
	KCC_CH_WEBFORM,
	KCC_CH_CHAT,
	KCC_CH_WHATSAPP,
	KCC_CH_SOCIAL,
	KCC_CH_APP,
	KCC_CH_LETTER,
	KCC_CH_SMS,
	KCC_CH_OTHER,
	KCC_CH_UNKNOWN
};

enum kcc_outcome { KCC_OUT_ANSWERED, KCC_OUT_ABANDONED, KCC_OUT_UNANSWERED };

enum kcc_resolution {
	KCC_RES_FIRST_LINE,
	KCC_RES_CALLBACK,
	KCC_RES_BACKOFFICE,
	KCC_RES_EXPERT,
	KCC_RES_REFERRED,
	KCC_RES_UNRESOLVED
};

struct kcc_field_info {
	const char *name;
	enum kcc_ftype type;
	int required;
	double min, max; /* value range, or length range for strings */
	const char *const *vocab;
};

/* The table above as data, KCC_F__COUNT entries. */
extern const struct kcc_field_info kcc_fields[KCC_F__COUNT];

/*
 * "\"name\":" for each field, as written before its value, NUL-padded to
 * KCC_FIELD_PREFIX_PAD bytes so that it can be copied with one fixed-size
 * move; kcc_field_prefix_len has the lengths.
 */
#define KCC_FIELD_PREFIX_PAD 24
extern const char kcc_field_prefix[KCC_F__COUNT][KCC_FIELD_PREFIX_PAD];
extern const unsigned char kcc_field_prefix_len[KCC_F__COUNT];

/* The field named `name` (length n, not NUL-terminated), or -1. */
int kcc_field_lookup(const char *name, size_t n);

/* Index of `s` (length n) in a NULL-terminated vocabulary, or -1. */
int kcc_vocab_index(const char *const *vocab, const char *s, size_t n);

struct kcc_record {
	/* Value spans into the line; type KCC_JSON_NONE when absent. */
	struct kcc_json_value f[KCC_F__COUNT];
	/* Values of numeric fields, valid when present. */
	double num[KCC_F__COUNT];
	/* Decoded times of start and end, valid when present. */
	struct kcc_time start, end;
	/* For each enum field, the vocabulary index it had last. */
	unsigned char vocab_hint[KCC_F__COUNT];
	/* Enum fields whose vocab_hint is this record's value, a bit each. */
	uint64_t coded;
	/* Fields present in the record last parsed, a bit each. */
	uint64_t present;
	/* Escaped strings decoded so far, NULL until asked for. */
	const char *decoded[KCC_F__COUNT];
	uint64_t decoded_set; /* those not NULL, a bit each */
	size_t decoded_n[KCC_F__COUNT];
	/* Scratch for decoded strings, reused record after record. */
	char *scratch;
	size_t scratch_len, scratch_cap;
	/* The line parsed, and whether it is already canonical as it is. */
	const char *line;
	size_t len;
	int canonical;
	/* Scanner state reused across records. */
	struct kcc_json_scan scan;
};

void kcc_record_init(struct kcc_record *rec);
void kcc_record_release(struct kcc_record *rec);

/*
 * Parse and validate one line (without its newline) as a version-1 record:
 * strict JSON, UTF-8, a single object, only known keys, each once, each of
 * its type and range, required fields present, end not before start.
 * Null values count as absent.  On success returns 0; on failure returns -1
 * and fills *err with a message and the byte offset it refers to.  The
 * record borrows `line` until the next parse.
 */
int kcc_record_parse(struct kcc_record *rec, const char *line, size_t len,
	struct kcc_json_error *err);

/*
 * As kcc_record_parse(), but check the type and range of only the fields in
 * the set `check` (bit 1 << KCC_F_x for field x): the JSON is still
 * validated whole, keys are still checked for being known and unique, and
 * required fields for being present.  For readers that use a few fields of
 * trusted records; values of fields not checked must not be used.
 * kcc_record_write() must not be called after it.
 */
int kcc_record_parse_fields(struct kcc_record *rec, const char *line,
	size_t len, uint64_t check, struct kcc_json_error *err);

/*
 * For record builders (kcc_build): kcc_record_begin() forgets the previous
 * record and makes room for a line of len bytes; the builder then fills
 * rec->f[] (spans into its canonical line; strings flagged
 * KCC_JSON_ESCAPED when written with escapes), rec->num[] for numbers and
 * rec->start/end for times, and kcc_record_check_built() checks each
 * field in `present` and the record as kcc_record_parse() would, without
 * scanning the line again.  The line must be canonical and valid UTF-8.
 */
void kcc_record_begin(struct kcc_record *rec, size_t len);
int kcc_record_check_built(struct kcc_record *rec, const char *line, size_t len,
	uint64_t present, struct kcc_json_error *err);

/* The set bit of field f, for kcc_record_parse_fields(). */
#define KCC_FIELD_BIT(f) ((uint64_t)1 << (f))

/* Whether field f is present (and not null). */
static inline int
kcc_record_has(const struct kcc_record *rec, enum kcc_field f)
{
	return rec->f[f].type != KCC_JSON_NONE;
}

/*
 * The decoded string value of field f, or NULL when absent.  *n gets its
 * length.  The pointer is borrowed: it points into the line, or into the
 * record's scratch space, and is valid until the next kcc_record_parse().
 */
const char *kcc_record_str(struct kcc_record *rec, enum kcc_field f, size_t *n);

/*
 * The value of enum field f as its index in the field's vocabulary (enum
 * kcc_channel, kcc_outcome, ...), or -1 when absent or not a word of it.
 * Free when the field was checked in parsing.
 */
int kcc_record_code(struct kcc_record *rec, enum kcc_field f);

/* The numeric value of field f into *v; returns 0, or -1 when absent. */
int kcc_record_num(const struct kcc_record *rec, enum kcc_field f, double *v);

/*
 * Write the record as canonical JSON with its newline: fields in table
 * order, compact, numbers and strings in canonical form, times normalised,
 * handle_s derived from talk_s + hold_s + acw_s when absent, direction
 * defaulted to "in".
 */
void kcc_record_write(struct kcc_record *rec, struct kcc_out *out);

#endif
