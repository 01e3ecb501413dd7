/*
 * The canonical contact record: field table, validation, canonical output.
 *
 * A record is parsed in two steps: the JSON scanner lists the top-level
 * members as spans into the line, then each key is looked up in a small
 * open-addressing table built from KCC_RECORD_FIELDS and its value checked
 * against the field's type and range.  Only what a check needs is decoded
 * (numbers for ranges, times for order); strings stay spans.  The record
 * keeps nothing between lines except its reusable scratch buffers, so a
 * stream of any length runs in constant memory.
 *
 * Canonical output walks the field table in order and copies every value
 * that is already canonical (the common case: unescaped strings, plain
 * integers, compact objects) straight from the input line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "kcc/diag.h"
#include "kcc/record.h"

const char *const kcc_channel_names[] = {"phone", "desk", "email", "webform",
	"chat", "whatsapp", "social", "app", "letter", "sms", "other",
	"unknown", NULL};
const char *const kcc_direction_names[] = {"in", "out", NULL};
const char *const kcc_outcome_names[] = {"answered", "abandoned", "unanswered",
	NULL};
const char *const kcc_resolution_names[] = {"first_line", "callback",
	"backoffice", "expert", "referred", "unresolved", NULL};
const char *const kcc_topic_by_names[] = {"source", "rules", "model", "agent",
	NULL};
const char *const kcc_kind_names[] = {"question", "complaint", "compliment",
	"report", NULL};

const struct kcc_field_info kcc_fields[KCC_F__COUNT] = {
#define X(name, type, req, min, max, vocab) {#name, type, req, min, max, vocab},
	KCC_RECORD_FIELDS(X)
#undef X
};

const char kcc_field_prefix[KCC_F__COUNT][KCC_FIELD_PREFIX_PAD] = {
#define X(name, type, req, min, max, vocab) "\"" #name "\":",
	KCC_RECORD_FIELDS(X)
#undef X
};
const unsigned char kcc_field_prefix_len[KCC_F__COUNT] = {
#define X(name, type, req, min, max, vocab) sizeof("\"" #name "\":") - 1,
	KCC_RECORD_FIELDS(X)
#undef X
};

_Static_assert(KCC_F__COUNT <= 64, "the parser keeps fields in a 64-bit set");

/*
 * Field names are found through a perfect hash: the function below was
 * chosen (by search) to give each of the table's names its own slot, and
 * t_record checks that it still does whenever the table changes.  It is
 * the general lookup, for keys of any length anywhere; the parser's own
 * (key_field) reads a key as two masked 8-byte words and hashes those.
 */
#define HASH_SIZE 128
static signed char field_hash[HASH_SIZE];
static int field_hash_ready;
static size_t name_max; /* longest field name, at most 16 */
static size_t name_len[KCC_F__COUNT];
static uint64_t name_a[KCC_F__COUNT], name_b[KCC_F__COUNT];

/*
 * The parser's table: a name's first 8 bytes and its next 8 (zero-padded),
 * hashed by a multiplier searched for when the table is built, slot by
 * slot with the name's words in it, so that a lookup is one load of a slot
 * and no branch on the key's length.
 */
#define WORD_SLOTS 256
struct word_slot {
	uint64_t a, b;
	int32_t len, f;
};
static struct word_slot word_slot[WORD_SLOTS];
static uint64_t word_mult;
static uint64_t mask_lo[17], mask_hi[17];

static inline void key_words(const char *p, size_t n, uint64_t *a, uint64_t *b);
static uint64_t required; /* set of required fields */

static inline unsigned
hash(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	return ((u[0] * 1u) ^ (u[n - 1] * 87u) ^ ((unsigned)n * 26u) ^
		       (u[n - 2] * 7u)) &
	       (HASH_SIZE - 1);
}

static inline unsigned
word_hash(uint64_t a, uint64_t b, uint64_t mult)
{
	return (unsigned)(((a ^ (b << 7 | b >> 57)) * mult) >> 56);
}

/* The words of a name of length n <= 16, masked and zero-padded. */
static void
name_words(const char *name, size_t n, uint64_t *a, uint64_t *b)
{
	char pad[16] = {0};

	memcpy(pad, name, n);
	memcpy(a, pad, 8);
	memcpy(b, pad + 8, 8);
}

static void
build_word_table(void)
{
	uint64_t state = 0x6b63632d6b657973; /* any fixed seed: "kcc-keys" */
	unsigned h;
	size_t n;
	int f, tries;

	for (n = 0; n <= 16; n++) {
		mask_lo[n] =
			n >= 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * n)) - 1;
		mask_hi[n] = n <= 8    ? 0
			     : n >= 16 ? ~(uint64_t)0
				       : ((uint64_t)1 << (8 * (n - 8))) - 1;
	}
	for (tries = 0; tries < 1 << 20; tries++) {
		/* splitmix64: a fixed sequence of odd multipliers */
		uint64_t z = (state += 0x9e3779b97f4a7c15);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
		word_mult = (z ^ (z >> 31)) | 1;
		memset(word_slot, 0, sizeof word_slot);
		for (h = 0; h < WORD_SLOTS; h++)
			word_slot[h].f = -1;
		for (f = 0; f < KCC_F__COUNT; f++) {
			uint64_t a, b;
			n = strlen(kcc_fields[f].name);
			name_words(kcc_fields[f].name, n, &a, &b);
			h = word_hash(a, b, word_mult);
			if (word_slot[h].f >= 0)
				break;
			word_slot[h].a = a;
			word_slot[h].b = b;
			word_slot[h].len = (int32_t)n;
			word_slot[h].f = f;
		}
		if (f == KCC_F__COUNT)
			return;
	}
	kcc_errx(KCC_EXIT_DATA, "internal error: no perfect hash for the "
				"field names");
}

static void
build_hash(void)
{
	int f;
	unsigned h;

	memset(field_hash, -1, sizeof field_hash);
	for (f = 0; f < KCC_F__COUNT; f++) {
		const char *name = kcc_fields[f].name;
		h = hash(name, strlen(name));
		if (field_hash[h] >= 0)
			kcc_errx(KCC_EXIT_DATA,
				"internal error: field names "
				"'%s' and '%s' share a hash slot",
				name, kcc_fields[field_hash[h]].name);
		field_hash[h] = (signed char)f;
		name_len[f] = strlen(name);
		if (name_len[f] > name_max)
			name_max = name_len[f];
		key_words(name, name_len[f], &name_a[f], &name_b[f]);
		if (kcc_fields[f].required)
			required |= (uint64_t)1 << f;
	}
	build_word_table();
	field_hash_ready = 1;
}

/*
 * Compare a key with a field name by two overlapping loads from each end,
 * which together cover every byte for lengths 2 to 16.
 */
static inline void
key_words(const char *p, size_t n, uint64_t *a, uint64_t *b)
{
	uint64_t x = 0, y = 0;

	if (n >= 8) {
		memcpy(&x, p, 8);
		memcpy(&y, p + n - 8, 8);
	} else if (n >= 4) {
		memcpy(&x, p, 4);
		memcpy(&y, p + n - 4, 4);
	} else {
		memcpy(&x, p, 2);
		memcpy(&y, p + n - 2, 2);
	}
	*a = x;
	*b = y;
}

static inline int
lookup(const char *name, size_t n)
{
	uint64_t a, b;
	int f;

	if (n < 2 || n > name_max)
		return -1;
	f = field_hash[hash(name, n)];
	if (f < 0 || name_len[f] != n)
		return -1;
	key_words(name, n, &a, &b);
	return a == name_a[f] && b == name_b[f] ? f : -1;
}

/*
 * The field of a plain key whose 16 bytes from its start lie within the
 * line (a key is followed by at least '":' and a value, so all but the
 * last few are), else -1, for lookup() to decide.
 */
static inline __attribute__((always_inline)) int
key_field(const struct kcc_json_value *key, const char *line_end)
{
	const struct word_slot *w;
	uint64_t a, b;
	size_t n = key->n;

	if (n > 16 || key->p + 16 > line_end || (key->flags & KCC_JSON_ESCAPED))
		return -1;
	memcpy(&a, key->p, 8);
	memcpy(&b, key->p + 8, 8);
	a &= mask_lo[n];
	b &= mask_hi[n];
	w = &word_slot[word_hash(a, b, word_mult)];
	return ((a ^ w->a) | (b ^ w->b) | ((uint64_t)n ^ (uint64_t)w->len)) == 0
		       ? w->f
		       : -1;
}

int
kcc_field_lookup(const char *name, size_t n)
{
	if (!field_hash_ready)
		build_hash();
	return lookup(name, n);
}

int
kcc_vocab_index(const char *const *vocab, const char *s, size_t n)
{
	int i;

	if (n == 0)
		return -1;
	for (i = 0; vocab[i] != NULL; i++) {
		const char *v = vocab[i];
		size_t k;
		if (v[0] != s[0])
			continue;
		for (k = 0; k < n && v[k] != '\0' && v[k] == s[k]; k++)
			;
		if (k == n && v[n] == '\0')
			return i;
	}
	return -1;
}

void
kcc_record_init(struct kcc_record *rec)
{
	memset(rec, 0, sizeof *rec);
	kcc_json_scan_init(&rec->scan);
	if (!field_hash_ready)
		build_hash();
}

void
kcc_record_release(struct kcc_record *rec)
{
	kcc_json_scan_release(&rec->scan);
	free(rec->scratch);
	rec->scratch = NULL;
	rec->scratch_cap = rec->scratch_len = 0;
}

/*
 * Room for n bytes of decoded strings.  kcc_record_parse() sized the scratch
 * for the whole line (decoded text is never longer than its escaped form,
 * and each key and value is decoded at most once), so this never moves what
 * it handed out before.
 */
static char *
scratch(struct kcc_record *rec, size_t n)
{
	char *p = rec->scratch + rec->scratch_len;

	rec->scratch_len += n;
	return p;
}

const char *
kcc_record_str(struct kcc_record *rec, enum kcc_field f, size_t *n)
{
	const struct kcc_json_value *v = &rec->f[f];
	char *d;

	if (v->type != KCC_JSON_STRING) {
		*n = 0;
		return NULL;
	}
	if (!(v->flags & KCC_JSON_ESCAPED)) {
		*n = v->n;
		return v->p;
	}
	if (rec->decoded[f] == NULL) {
		d = scratch(rec, (size_t)v->n + 1);
		rec->decoded_n[f] = kcc_json_str_decode(v->p, v->n, d);
		d[rec->decoded_n[f]] = '\0';
		rec->decoded[f] = d;
		rec->decoded_set |= (uint64_t)1 << f;
	}
	*n = rec->decoded_n[f];
	return rec->decoded[f];
}

int
kcc_record_code(struct kcc_record *rec, enum kcc_field f)
{
	const char *s;
	size_t n;
	int i;

	if (rec->coded >> f & 1)
		return rec->vocab_hint[f];
	if (kcc_fields[f].vocab == NULL ||
		(s = kcc_record_str(rec, f, &n)) == NULL ||
		(i = kcc_vocab_index(kcc_fields[f].vocab, s, n)) < 0)
		return -1;
	rec->vocab_hint[f] = (unsigned char)i;
	rec->coded |= (uint64_t)1 << f;
	return i;
}

int
kcc_record_num(const struct kcc_record *rec, enum kcc_field f, double *v)
{
	if (rec->f[f].type != KCC_JSON_NUMBER)
		return -1;
	*v = rec->num[f];
	return 0;
}

/* Value of a validated number token, plain integers without strtod. */
static inline double
number(const struct kcc_json_value *v)
{
	double d = 0;

	if (v->flags & KCC_JSON_INTEGER) {
		const char *p = v->p, *end = p + v->n;
		int64_t i = 0;
		int neg = *p == '-';
		for (p += neg; p < end; p++)
			i = i * 10 + (*p - '0');
		return neg ? -(double)i : (double)i;
	}
	kcc_json_num(v->p, v->n, &d);
	return d;
}

static int bad(struct kcc_json_error *err, const char *line, const char *at,
	const char *fmt, ...)
	__attribute__((format(printf, 4, 5), cold, noinline));

static int
bad(struct kcc_json_error *err, const char *line, const char *at,
	const char *fmt, ...)
{
	va_list ap;

	err->offset = (size_t)(at - line);
	err->reason = "invalid value";
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* A value as the user wrote it, shortened for a message. */
#define SHOWN(v)                                                               \
	(int)((v)->n > 40 ? 40 : (v)->n), (v)->p, ((v)->n > 40 ? "..." : "")

static const char *
kind_name(int type)
{
	switch (type) {
	case KCC_JSON_STRING:
		return "a string";
	case KCC_JSON_NUMBER:
		return "a number";
	case KCC_JSON_ARRAY:
		return "an array";
	case KCC_JSON_OBJECT:
		return "an object";
	default:
		return "a boolean";
	}
}

static __attribute__((cold, noinline)) int
bad_enum(struct kcc_json_error *err, const char *line,
	const struct kcc_json_value *v, const struct kcc_field_info *fi)
{
	char list[256];
	size_t len = 0;
	int i;

	for (i = 0; fi->vocab[i] && len < sizeof list - 40; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
			i ? ", " : "", fi->vocab[i]);
	return bad(err, line, v->p,
		"field '%s': unknown value '%.*s%s' (one "
		"of: %s)",
		fi->name, SHOWN(v), list);
}

static int
is_hex_lower(const char *p, size_t n)
{
	static const unsigned char hex[256] = {
		['0'] = 1,
		['1'] = 1,
		['2'] = 1,
		['3'] = 1,
		['4'] = 1,
		['5'] = 1,
		['6'] = 1,
		['7'] = 1,
		['8'] = 1,
		['9'] = 1,
		['a'] = 1,
		['b'] = 1,
		['c'] = 1,
		['d'] = 1,
		['e'] = 1,
		['f'] = 1,
	};
	unsigned ok = 1;
	size_t i = 0;

#ifdef __SSE2__
	/* 16 at a time: each byte in '0'..'9' or 'a'..'f'. */
	for (; i + 16 <= n; i += 16) {
		__m128i v =
			_mm_loadu_si128((const __m128i *)(const void *)(p + i));
		__m128i digit =
			_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
				_mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
		__m128i letter =
			_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('a' - 1)),
				_mm_cmplt_epi8(v, _mm_set1_epi8('f' + 1)));
		if (_mm_movemask_epi8(_mm_or_si128(digit, letter)) != 0xFFFF)
			return 0;
	}
#endif
	for (; i < n; i++)
		ok &= hex[(unsigned char)p[i]];
	return (int)ok;
}

/* Dutch six-character postcode ("1234 AB", "1234ab"): street precision. */
static int
is_pc6(const char *p, size_t n)
{
	size_t i;

	if (n != 6 && n != 7)
		return 0;
	for (i = 0; i < 4; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	if (n == 7 && p[4] != ' ')
		return 0;
	p += n - 2;
	for (i = 0; i < 2; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') ||
			    (p[i] >= 'a' && p[i] <= 'z')))
			return 0;
	return 1;
}

static int
check_string_chars(const char *p, size_t n, const char *allowed_extra)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = p[i];
		if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
			(c >= 'a' && c <= 'z') || strchr(allowed_extra, c))
			continue;
		return 0;
	}
	return 1;
}

/*
 * Check field f's value.  `built`: the record comes from kcc_build, which
 * set the decoded numbers and times itself, so those are taken as they are
 * (the builder writes them from the same values).
 */
static inline __attribute__((always_inline)) int
check_field(struct kcc_record *rec, int f, const char *line,
	struct kcc_json_error *err, int built)
{
	const struct kcc_field_info *fi = &kcc_fields[f];
	struct kcc_json_value *v = &rec->f[f];
	const char *name = fi->name, *s, *why, *w;
	size_t n;
	double d;
	int i;

	switch (fi->type) {
	case KCC_FT_VERSION:
		if (built)
			return 0;
		if (v->type == KCC_JSON_NUMBER &&
			(rec->num[f] = number(v)) == KCC_RECORD_VERSION)
			return 0;
		bad(err, line, v->p,
			"unsupported record format version "
			"'%.*s%s' (this kcc reads version %d)",
			SHOWN(v), KCC_RECORD_VERSION);
		err->reason = "unsupported version";
		return -1;
	case KCC_FT_SECONDS:
	case KCC_FT_INT:
	case KCC_FT_NUMBER:
		if (v->type != KCC_JSON_NUMBER)
			return bad(err, line, v->p,
				"field '%s' must be a "
				"number, got %s",
				name, kind_name(v->type));
		d = built ? rec->num[f] : (rec->num[f] = number(v));
		if (fi->type == KCC_FT_INT && d != floor(d))
			return bad(err, line, v->p,
				"field '%s' must be an "
				"integer, got '%.*s%s'",
				name, SHOWN(v));
		if (d < fi->min || d > fi->max) {
			if (fi->type == KCC_FT_SECONDS)
				return bad(err, line, v->p,
					"field '%s' must "
					"be seconds from 0 to %.0f, got "
					"'%.*s%s'",
					name, fi->max, SHOWN(v));
			return bad(err, line, v->p,
				"field '%s' must be from "
				"%g to %g, got '%.*s%s'",
				name, fi->min, fi->max, SHOWN(v));
		}
		return 0;
	case KCC_FT_OBJECT:
		if (v->type != KCC_JSON_OBJECT)
			return bad(err, line, v->p,
				"field '%s' must be an "
				"object, got %s",
				name, kind_name(v->type));
		return 0;
	default:
		break;
	}
	/* The rest are strings. */
	if (v->type != KCC_JSON_STRING)
		return bad(err, line, v->p,
			"field '%s' must be a string, got %s", name,
			kind_name(v->type));
	/*
	 * An escaped plain string is decoded only when its escaped length is
	 * over the limit: any escape decodes to at least one byte, and never
	 * to more bytes than it takes.
	 */
	if (!(v->flags & KCC_JSON_ESCAPED) ||
		(fi->type == KCC_FT_STRING && v->n <= fi->max)) {
		s = v->p;
		n = v->n;
	} else
		s = kcc_record_str(rec, f, &n);
	switch (fi->type) {
	case KCC_FT_STRING:
		if (n < fi->min)
			return bad(err, line, v->p,
				"field '%s' is empty (leave "
				"it out instead)",
				name);
		if (n > fi->max)
			return bad(err, line, v->p,
				"field '%s' is longer than "
				"%.0f bytes",
				name, fi->max);
		return 0;
	case KCC_FT_TIME:
		if (built)
			return 0;
		if (kcc_time_parse(s, n,
			    f == KCC_F_start ? &rec->start : &rec->end,
			    &why) != 0)
			return bad(err, line, v->p,
				"field '%s': '%.*s%s' is not "
				"an RFC 3339 time with offset: %s",
				name, SHOWN(v), why);
		return 0;
	case KCC_FT_ENUM:
		/* Values repeat from record to record: try the last first. */
		w = fi->vocab[rec->vocab_hint[f]];
		if (strlen(w) == n && memcmp(w, s, n) == 0) {
			rec->coded |= (uint64_t)1 << f;
			return 0;
		}
		if ((i = kcc_vocab_index(fi->vocab, s, n)) >= 0) {
			rec->vocab_hint[f] = (unsigned char)i;
			rec->coded |= (uint64_t)1 << f;
			return 0;
		}
		return bad_enum(err, line, v, fi);
	case KCC_FT_PSEUDO:
		if (n < fi->min || n > fi->max || !is_hex_lower(s, n))
			/* Not shown: what stands there may be a phone
			   number or an e-mail address, and messages go to
			   logs.  The rejects file, kept as the raw input
			   is, holds it. */
			return bad(err, line, v->p,
				"field '%s' must be a "
				"pseudonym of 16 to 64 lowercase hex digits, "
				"got %zu bytes that are not one (not shown: "
				"they may identify a citizen)",
				name, n);
		return 0;
	case KCC_FT_POSTCODE:
		if (is_pc6(s, n))
			return bad(err, line, v->p,
				"field '%s' holds a full postcode, which "
				"identifies a street (not shown); keep only "
				"the four digits",
				name);
		if (n < fi->min || n > fi->max ||
			!check_string_chars(s, n, " -"))
			return bad(err, line, v->p,
				"field '%s' must be a "
				"postal area of 2 to 10 letters, digits, "
				"spaces "
				"or hyphens, got '%.*s%s'",
				name, SHOWN(v));
		return 0;
	case KCC_FT_LANG:
		if (n < 2 || n > 3 || !check_string_chars(s, n, "") ||
			s[0] < 'a' || s[1] < 'a' || (n == 3 && s[2] < 'a'))
			return bad(err, line, v->p,
				"field '%s' must be an ISO "
				"639 code of 2 or 3 lowercase letters, got "
				"'%.*s%s'",
				name, SHOWN(v));
		return 0;
	default:
		return 0;
	}
}

/* handle_s is at least the sum of the parts present, and equal if all are. */
static int
check_handle(struct kcc_record *rec, const char *line,
	struct kcc_json_error *err)
{
	static const enum kcc_field parts[] = {KCC_F_talk_s, KCC_F_hold_s,
		KCC_F_acw_s};
	double sum = 0, d, handle;
	int i, have = 0;

	if (kcc_record_num(rec, KCC_F_handle_s, &handle) != 0)
		return 0;
	for (i = 0; i < 3; i++)
		if (kcc_record_num(rec, parts[i], &d) == 0) {
			sum += d;
			have++;
		}
	if (have == 3 && fabs(sum - handle) > 0.001)
		return bad(err, line, rec->f[KCC_F_handle_s].p,
			"field "
			"'handle_s' (%g) is not talk_s + hold_s + acw_s (%g)",
			handle, sum);
	if (have > 0 && handle < sum - 0.001)
		return bad(err, line, rec->f[KCC_F_handle_s].p,
			"field "
			"'handle_s' (%g) is less than its parts (%g)",
			handle, sum);
	return 0;
}

/* Fields the writer adds when absent, and the parts of handle_s. */
static const uint64_t derived_mask = (uint64_t)1 << KCC_F_direction;
static const uint64_t parts_mask = (uint64_t)1 << KCC_F_talk_s |
				   (uint64_t)1 << KCC_F_hold_s |
				   (uint64_t)1 << KCC_F_acw_s;

static inline int
value_canonical(const struct kcc_json_value *v)
{
	switch (v->type) {
	case KCC_JSON_STRING:
		return !(v->flags & KCC_JSON_NONCANONICAL);
	case KCC_JSON_NUMBER:
		return v->flags & (KCC_JSON_INTEGER | KCC_JSON_SHORTEST);
	case KCC_JSON_OBJECT:
	case KCC_JSON_ARRAY:
		return v->flags & KCC_JSON_CANONICAL;
	default:
		return 1;
	}
}

/*
 * Whether a time that kcc_time_parse() accepted is written as
 * kcc_time_format() would write it: 'T', a fraction without trailing
 * zeros, and 'Z' or a non-zero offset.  Checked on the text, since
 * formatting and comparing costs more than the whole rest of a field.
 */
static int
time_canonical(const struct kcc_json_value *v)
{
	const char *p = v->p;
	size_t n = v->n, i = 19;

	if (n < 20 || p[10] != 'T')
		return 0;
	if (p[i] == '.') {
		while (++i < n && p[i] >= '0' && p[i] <= '9')
			;
		if (p[i - 1] == '0' || p[i - 1] == '.')
			return 0;
	}
	if (n == i + 1)
		return p[i] == 'Z';
	return n == i + 6 && memcmp(p + i + 1, "00:00", 5) != 0;
}

void
kcc_record_begin(struct kcc_record *rec, size_t len)
{
	uint64_t left;
	int f;

	/* Clear what the previous record set, not the whole table. */
	for (left = rec->present; left != 0; left &= left - 1) {
		f = __builtin_ctzll(left);
		rec->f[f].type = KCC_JSON_NONE;
	}
	for (left = rec->decoded_set; left != 0; left &= left - 1)
		rec->decoded[__builtin_ctzll(left)] = NULL;
	rec->decoded_set = 0;
	rec->present = 0;
	rec->coded = 0;
	rec->scratch_len = 0;
	if (rec->scratch_cap < 2 * len + 64) {
		free(rec->scratch);
		rec->scratch_cap = 2 * len + 64;
		rec->scratch = kcc_xmalloc(rec->scratch_cap);
	}
}

/* What a record must hold whatever way it was made. */
static int
check_record(struct kcc_record *rec, const char *line, uint64_t present,
	struct kcc_json_error *err)
{
	uint64_t missing;

	if ((missing = required & ~present) != 0) {
		bad(err, line, line, "missing required field '%s'",
			kcc_fields[__builtin_ctzll(missing)].name);
		err->reason = "missing field";
		return -1;
	}
	if (kcc_record_has(rec, KCC_F_end) &&
		(rec->end.sec < rec->start.sec ||
			(rec->end.sec == rec->start.sec &&
				rec->end.nsec < rec->start.nsec)))
		return bad(err, line, rec->f[KCC_F_end].p,
			"field 'end' is "
			"before 'start'");
	return check_handle(rec, line, err);
}

int
kcc_record_check_built(struct kcc_record *rec, const char *line, size_t len,
	uint64_t present, struct kcc_json_error *err)
{
	uint64_t left;

	rec->present = present;
	for (left = present; left != 0; left &= left - 1)
		if (check_field(rec, __builtin_ctzll(left), line, err, 1) != 0)
			return -1;
	if (check_record(rec, line, present, err) != 0)
		return -1;
	rec->line = line;
	rec->len = len;
	rec->canonical = 1;
	return 0;
}

int
kcc_record_parse(struct kcc_record *rec, const char *line, size_t len,
	struct kcc_json_error *err)
{
	return kcc_record_parse_fields(rec, line, len, ~(uint64_t)0, err);
}

/* A key the parser's table left undecided: escaped, long or unknown. */
static __attribute__((noinline)) int
key_field_slow(struct kcc_record *rec, const struct kcc_json_member *m,
	const char *line, struct kcc_json_error *err)
{
	int f;

	if (m->key.flags & KCC_JSON_ESCAPED) {
		char *k = scratch(rec, m->key.n);
		size_t kn = kcc_json_str_decode(m->key.p, m->key.n, k);
		f = lookup(k, kn);
	} else
		f = lookup(m->key.p, m->key.n);
	if (f < 0) {
		bad(err, line, m->key.p - 1,
			"unknown field "
			"'%.*s%s' (source extras belong in 'ext')",
			SHOWN(&m->key));
		err->reason = "unknown field";
	}
	return f;
}

/* After an error: what the record holds is forgotten. */
static __attribute__((noinline)) int
parse_failed(struct kcc_record *rec, uint64_t stale)
{
	uint64_t left;

	for (left = stale | rec->present; left != 0; left &= left - 1)
		rec->f[__builtin_ctzll(left)].type = KCC_JSON_NONE;
	rec->present = 0;
	return -1;
}

int
kcc_record_parse_fields(struct kcc_record *rec, const char *line, size_t len,
	uint64_t check, struct kcc_json_error *err)
{
	const struct kcc_json_member *m, *end;
	const char *line_end = line + len;
	uint64_t seen = 0, nulls = 0, present, missing, left, stale, bit;
	size_t canon_len = 1;
	int f, last = -1, full = check == ~(uint64_t)0, canonical = full;

	/*
	 * Only the fields this record sets are written below; those the last
	 * record had and this one lacks are cleared after the loop.
	 */
	stale = rec->present;
	for (left = rec->decoded_set; left != 0; left &= left - 1)
		rec->decoded[__builtin_ctzll(left)] = NULL;
	rec->decoded_set = 0;
	rec->coded = 0;
	rec->scratch_len = 0;
	if (rec->scratch_cap < 2 * len + 64) {
		free(rec->scratch);
		rec->scratch_cap = 2 * len + 64;
		rec->scratch = kcc_xmalloc(rec->scratch_cap);
	}
	if (kcc_json_scan_object(&rec->scan, line, len, err) != 0)
		return parse_failed(rec, stale);
	end = rec->scan.members + rec->scan.n;
	for (m = rec->scan.members; m < end; m++) {
		f = key_field(&m->key, line_end);
		if (__builtin_expect(f < 0, 0) &&
			(f = key_field_slow(rec, m, line, err)) < 0)
			return parse_failed(rec, stale | seen);
		bit = (uint64_t)1 << f;
		if (__builtin_expect((seen & bit) != 0, 0)) {
			bad(err, line, m->key.p - 1, "duplicate field '%s'",
				kcc_fields[f].name);
			err->reason = "duplicate field";
			return parse_failed(rec, stale | seen);
		}
		seen |= bit;
		rec->f[f] = m->value;
		nulls |= (uint64_t)(m->value.type == KCC_JSON_NULL) << f;
		if (!canonical)
			continue;
		/* Track whether the line is already in canonical form. */
		canonical = f > last && !(m->key.flags & KCC_JSON_ESCAPED) &&
			    value_canonical(&m->value);
		last = f;
		canon_len += m->key.n + 4 + m->value.n +
			     (m->value.type == KCC_JSON_STRING ? 2 : 0);
	}
	/* null is absent */
	present = seen & ~nulls;
	for (left = (stale | nulls) & ~present; left != 0; left &= left - 1)
		rec->f[__builtin_ctzll(left)].type = KCC_JSON_NONE;
	rec->present = present;
	for (left = present & check; left != 0; left &= left - 1)
		if (check_field(rec, __builtin_ctzll(left), line, err, 0) != 0)
			return parse_failed(rec, 0);
	if (!full) {
		if ((missing = required & ~present) != 0) {
			bad(err, line, line, "missing required field '%s'",
				kcc_fields[__builtin_ctzll(missing)].name);
			err->reason = "missing field";
			return parse_failed(rec, 0);
		}
		/* With both times decoded, the end is not before the start. */
		if ((check & present & KCC_FIELD_BIT(KCC_F_end)) &&
			(check & KCC_FIELD_BIT(KCC_F_start)) &&
			(rec->end.sec < rec->start.sec ||
				(rec->end.sec == rec->start.sec &&
					rec->end.nsec < rec->start.nsec))) {
			bad(err, line, rec->f[KCC_F_end].p,
				"field 'end' is before 'start'");
			return parse_failed(rec, 0);
		}
		rec->canonical = 0;
		return 0;
	}
	if (check_record(rec, line, present, err) != 0)
		return parse_failed(rec, 0);
	rec->line = line;
	rec->len = len;
	rec->canonical = canonical && nulls == 0 && canon_len == len &&
			 (present & derived_mask) == derived_mask &&
			 ((present & parts_mask) == 0 ||
				 (present & (uint64_t)1 << KCC_F_handle_s)) &&
			 time_canonical(&rec->f[KCC_F_start]) &&
			 (!(present & (uint64_t)1 << KCC_F_end) ||
				 time_canonical(&rec->f[KCC_F_end]));
	return 0;
}

static void
write_time(struct kcc_out *out, const struct kcc_time *t)
{
	char buf[KCC_TIME_MAX + 2];
	size_t n;

	buf[0] = '"';
	n = kcc_time_format(t, buf + 1);
	buf[n + 1] = '"';
	kcc_out_write(out, buf, n + 2);
}

void
kcc_record_write(struct kcc_record *rec, struct kcc_out *out)
{
	int f, first = 1;

	if (rec->canonical) {
		kcc_out_write(out, rec->line, rec->len);
		kcc_out_putc(out, '\n');
		return;
	}
	kcc_out_putc(out, '{');
	for (f = 0; f < KCC_F__COUNT; f++) {
		const struct kcc_json_value *v = &rec->f[f];
		if (v->type == KCC_JSON_NONE) {
			if (f == KCC_F_handle_s) {
				double sum = 0, d;
				int have = 0;
				if (kcc_record_num(rec, KCC_F_talk_s, &d) == 0)
					sum += d, have++;
				if (kcc_record_num(rec, KCC_F_hold_s, &d) == 0)
					sum += d, have++;
				if (kcc_record_num(rec, KCC_F_acw_s, &d) == 0)
					sum += d, have++;
				if (have) {
					kcc_out_write(out,
						",\"handle_s\":", 12);
					kcc_json_write_num(out, sum);
				}
			} else if (f == KCC_F_direction) {
				kcc_out_write(out, ",\"direction\":\"in\"", 17);
			}
			continue;
		}
		if (!first)
			kcc_out_putc(out, ',');
		first = 0;
		kcc_out_write(out, kcc_field_prefix[f],
			kcc_field_prefix_len[f]);
		if (f == KCC_F_start)
			write_time(out, &rec->start);
		else if (f == KCC_F_end)
			write_time(out, &rec->end);
		else
			kcc_json_write_value(out, v);
	}
	kcc_out_write(out, "}\n", 2);
}
