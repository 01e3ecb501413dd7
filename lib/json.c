/*
 * A validating JSON scanner and canonical writer.
 *
 * The scanner makes one pass over the text with a pointer and an explicit
 * stack of open containers (a byte per level, KCC_JSON_MAX_DEPTH deep), so
 * hostile nesting costs no C stack.  It never allocates: a top-level object
 * is described by spans into the caller's buffer, kept in a member table
 * that the caller reuses from line to line.  String contents are skipped 16
 * bytes at a time with SSE2 (a scalar loop elsewhere) until a quote, a
 * backslash, a control character or a non-ASCII byte; only then does the
 * slow path look closer, so plain ASCII text costs little more than memchr.
 *
 * The members of a top-level object, the hot path when reading records, go
 * faster still while they are compact and plain: a bitmap of the stops of
 * 64 bytes at a time finds where each key and string value ends, and
 * anything unusual is left to the general code (scan_members_fast()).
 *
 * While scanning, each value is also checked for being already canonical
 * (no insignificant whitespace, no escapes, integers only), so that the
 * writer can copy the common case verbatim and re-serialise only the rest.
 *
 * Invariants the writer relies on: every span handed out has been
 * validated, so the writer's own walks over it do not re-check syntax.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "kcc/diag.h"
#include "kcc/json.h"

struct scanner {
	const char *start, *end;
	struct kcc_json_error *err;
};

static int fail(struct scanner *s, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), cold, noinline));

static int
fail(struct scanner *s, const char *at, const char *fmt, ...)
{
	va_list ap;

	if (s->err == NULL)
		return -1;
	s->err->offset = (size_t)(at - s->start);
	s->err->reason = "invalid JSON";
	va_start(ap, fmt);
	vsnprintf(s->err->msg, sizeof s->err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* A character for a message: 'x' when printable ASCII, else U+/byte form. */
static const char *
show(const char *p, const char *end, char buf[16])
{
	unsigned char c;

	if (p >= end)
		return "end of input";
	c = (unsigned char)*p;
	if (c >= 0x21 && c < 0x7f)
		snprintf(buf, 16, "'%c'", c);
	else if (c < 0x80)
		snprintf(buf, 16, "U+%04X", c);
	else
		snprintf(buf, 16, "byte 0x%02X", c);
	return buf;
}

/*
 * Fail with "<what>, got <the character at `at`>".  Cold and out of line so
 * that the scanning functions keep small frames.
 */
static __attribute__((cold, noinline)) int
fail_got(struct scanner *s, const char *at, const char *what)
{
	char buf[16];

	return fail(s, at, "%s, got %s", what, show(at, s->end, buf));
}

static inline const char *
skip_ws(const char *p, const char *end)
{
	if (p < end && (unsigned char)*p > ' ')
		return p; /* the common case in compact JSON */
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/*
 * Advance over bytes other than '"', '\\' and controls, 16 at a time with
 * SSE2.  With stop_high, bytes from 0x80 on stop too (the scanner
 * validates UTF-8 there); without, they pass (the writer copies them).
 * stop_high is a constant at every call, so each use compiles to one loop.
 */
static inline __attribute__((always_inline)) const char *
skip_bytes(const char *p, const char *end, int stop_high)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i bslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(0x20);
	const __m128i ctl = _mm_set1_epi8(0x1f);

	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, quote),
			_mm_cmpeq_epi8(v, bslash));
		if (stop_high) /* signed: below 0x20, or 0x80 and above */
			m = _mm_or_si128(m, _mm_cmplt_epi8(v, space));
		else /* unsigned v <= 0x1f: max(v, 0x1f) == 0x1f */
			m = _mm_or_si128(m,
				_mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl));
		int bits = _mm_movemask_epi8(m);
		if (bits != 0)
			return p + __builtin_ctz((unsigned)bits);
		p += 16;
	}
#endif
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || (stop_high && c >= 0x80) || c == '"' ||
			c == '\\')
			break;
		p++;
	}
	return p;
}

/* Advance over bytes that need no attention inside a string. */
static inline const char *
skip_plain(const char *p, const char *end)
{
	return skip_bytes(p, end, 1);
}

/* Length of the valid UTF-8 sequence at p, or 0 (Unicode table 3-7). */
static inline int
utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	int n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (end - p < n)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

size_t
kcc_utf8_seq(const char *p, size_t n)
{
	if (n == 0)
		return 0;
	return (size_t)utf8_len((const unsigned char *)p,
		(const unsigned char *)p + n);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
hex4(const char *p)
{
	int v = 0, i, h;

	for (i = 0; i < 4; i++) {
		if ((h = hexval((unsigned char)p[i])) < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/* Whether the \u escape at p (value u) is how the writer would write it. */
static inline int
canonical_u_escape(const char *p, int u)
{
	int i;

	if (u >= 0x20 || u == '\b' || u == '\f' || u == '\n' || u == '\r' ||
		u == '\t')
		return 0;
	for (i = 2; i < 6; i++)
		if (p[i] >= 'A' && p[i] <= 'F')
			return 0;
	return 1;
}

/*
 * Scan the rest of a string whose opening quote is at p, from q on, with
 * the flags of p + 1 .. q already known: lets a caller that has looked at
 * the first bytes itself carry on.  On success *out gets the content span
 * and flags; returns the pointer after the closing quote.
 */
static inline __attribute__((always_inline)) const char *
scan_string_from(struct scanner *s, const char *p, const char *q, uint8_t flags,
	struct kcc_json_value *out)
{
	const char *end = s->end;

	for (;;) {
		q = skip_plain(q, end);
		if (q >= end) {
			fail(s, p, "unterminated string");
			return NULL;
		}
		unsigned char c = (unsigned char)*q;
		if (c == '"')
			break;
		if (c == '\\') {
			flags |= KCC_JSON_ESCAPED;
			if (end - q < 2) {
				fail(s, p, "unterminated string");
				return NULL;
			}
			switch (q[1]) {
			case '"':
			case '\\':
			case 'b':
			case 'f':
			case 'n':
			case 'r':
			case 't':
				q += 2;
				continue;
			case '/':
				flags |= KCC_JSON_NONCANONICAL;
				q += 2;
				continue;
			case 'u':
				break;
			default:
				fail_got(s, q + 1, "invalid escape in string");
				return NULL;
			}
			int u = end - q >= 6 ? hex4(q + 2) : -1;
			if (u < 0) {
				fail(s, q, "invalid \\u escape in string");
				return NULL;
			}
			if (!canonical_u_escape(q, u))
				flags |= KCC_JSON_NONCANONICAL;
			if (u >= 0xDC00 && u <= 0xDFFF) {
				fail(s, q,
					"lone low surrogate '\\u%04X' in "
					"string",
					(unsigned)u);
				return NULL;
			}
			if (u >= 0xD800 && u <= 0xDBFF) {
				int l = end - q >= 12 && q[6] == '\\' &&
							q[7] == 'u'
						? hex4(q + 8)
						: -1;
				if (l < 0xDC00 || l > 0xDFFF) {
					fail(s, q,
						"lone high surrogate "
						"'\\u%04X' in string",
						(unsigned)u);
					return NULL;
				}
				q += 12;
			} else
				q += 6;
			continue;
		}
		if (c < 0x20) {
			fail(s, q,
				"control character U+%04X in string "
				"(must be escaped)",
				c);
			return NULL;
		}
		int n = utf8_len((const unsigned char *)q,
			(const unsigned char *)end);
		if (n == 0) {
			fail(s, q, "invalid UTF-8 (byte 0x%02X) in string", c);
			return NULL;
		}
		q += n;
	}
	out->type = KCC_JSON_STRING;
	out->flags = flags;
	out->p = p + 1;
	out->n = (uint32_t)(q - p - 1);
	return q + 1;
}

/* Scan a string whose opening quote is at p; see scan_string_from(). */
static inline __attribute__((always_inline)) const char *
scan_string(struct scanner *s, const char *p, struct kcc_json_value *out)
{
	return scan_string_from(s, p, p + 1, 0, out);
}

/* Whether the number p..q fits a double; fails the scan if not. */
static __attribute__((noinline)) int
number_in_range(struct scanner *s, const char *p, const char *q)
{
	double v;

	if (kcc_json_num(p, (size_t)(q - p), &v) == 0)
		return 1;
	fail(s, p, "number '%.*s' is out of range of a double",
		(int)(q - p > 40 ? 40 : q - p), p);
	return 0;
}

/*
 * Whether a number without exponent (integer part of int_digits digits,
 * fraction of frac_digits digits ending in a non-zero digit) is already in
 * the writer's form.  With at most 15 significant digits it is the only
 * such decimal for its double (DBL_DIG), so the shortest form that reads
 * back is the text itself, and "%.15g" writes it without an exponent when
 * it is at least 1e-4.
 */
static inline int
shortest_decimal(const char *ip, ptrdiff_t int_digits, const char *frac,
	ptrdiff_t frac_digits)
{
	ptrdiff_t zeros = 0;

	if (int_digits == 1 && ip[0] == '0') {
		while (zeros < frac_digits && frac[zeros] == '0')
			zeros++;
		return zeros <= 3 && frac_digits - zeros <= 15;
	}
	return int_digits + frac_digits <= 15;
}

static inline __attribute__((always_inline)) const char *
scan_number(struct scanner *s, const char *p, struct kcc_json_value *out)
{
	const char *q = p, *end = s->end, *digits;
	int simple = 1, shortest = 0;
	ptrdiff_t int_digits;

	if (q < end && *q == '-')
		q++;
	digits = q;
	if (q >= end || *q < '0' || *q > '9') {
		fail_got(s, q, "invalid number: expected a digit");
		return NULL;
	}
	if (*q == '0') {
		q++;
		if (q < end && *q >= '0' && *q <= '9') {
			fail(s, p, "invalid number: leading zero");
			return NULL;
		}
	} else
		while (q < end && *q >= '0' && *q <= '9')
			q++;
	if (q - digits > 15 ||
		(q - digits == 1 && *digits == '0' && digits != p))
		simple = 0; /* beyond 2^53, or -0 */
	int_digits = q - digits;
	if (q < end && *q == '.') {
		const char *frac = ++q;
		simple = 0;
		if (q >= end || *q < '0' || *q > '9') {
			fail_got(s, q,
				"invalid number: expected a digit "
				"after '.'");
			return NULL;
		}
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		shortest = q[-1] != '0' &&
			   shortest_decimal(digits, int_digits, frac, q - frac);
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		simple = shortest = 0;
		q++;
		if (q < end && (*q == '+' || *q == '-'))
			q++;
		if (q >= end || *q < '0' || *q > '9') {
			fail_got(s, q,
				"invalid number: expected a digit in "
				"the exponent");
			return NULL;
		}
		while (q < end && *q >= '0' && *q <= '9')
			q++;
	}
	out->type = KCC_JSON_NUMBER;
	out->flags = simple     ? KCC_JSON_INTEGER
		     : shortest ? KCC_JSON_SHORTEST
				: 0;
	out->p = p;
	out->n = (uint32_t)(q - p);
	/* Only an exponent or a huge integer part can overflow a double. */
	if (!simple && !shortest && !number_in_range(s, p, q))
		return NULL;
	return q;
}

static const char *
scan_literal(struct scanner *s, const char *p, struct kcc_json_value *out)
{
	static const struct {
		const char *word;
		size_t n;
		uint8_t type;
	} lit[] = {
		{"null", 4, KCC_JSON_NULL},
		{"true", 4, KCC_JSON_TRUE},
		{"false", 5, KCC_JSON_FALSE},
	};
	size_t i;

	for (i = 0; i < sizeof lit / sizeof lit[0]; i++)
		if (lit[i].word[0] == *p) {
			if ((size_t)(s->end - p) < lit[i].n ||
				memcmp(p, lit[i].word, lit[i].n) != 0)
				break;
			out->type = lit[i].type;
			out->flags = 0;
			out->p = p;
			out->n = (uint32_t)lit[i].n;
			return p + lit[i].n;
		}
	fail_got(s, p, "expected a JSON value");
	return NULL;
}

/*
 * Scan one value starting at p (no leading whitespace).  Containers are
 * walked iteratively.  Returns the pointer after the value, or NULL.
 */
static const char *
scan_value(struct scanner *s, const char *p, struct kcc_json_value *out)
{
	unsigned char stack[KCC_JSON_MAX_DEPTH];
	int depth = 0, canonical = 1;
	const char *begin = p, *end = s->end, *q;
	struct kcc_json_value v;

	if (p >= end) {
		fail(s, p, "unexpected end of input, expected a JSON value");
		return NULL;
	}
	if (*p != '[' && *p != '{') {
		switch (*p) {
		case '"':
			return scan_string(s, p, out);
		case '-':
		case '0':
		case '1':
		case '2':
		case '3':
		case '4':
		case '5':
		case '6':
		case '7':
		case '8':
		case '9':
			return scan_number(s, p, out);
		default:
			return scan_literal(s, p, out);
		}
	}
	/*
	 * Container loop.  At the top of each iteration we are just after an
	 * opening bracket or a comma; `stack[depth-1]` says which container.
	 */
	for (;;) {
		/* p points at '[' or '{' to open */
		if (depth == KCC_JSON_MAX_DEPTH) {
			fail(s, p, "nesting deeper than %d levels",
				KCC_JSON_MAX_DEPTH);
			return NULL;
		}
		stack[depth++] = (unsigned char)*p;
		q = p + 1;
		p = skip_ws(q, end);
		if (p != q)
			canonical = 0;
		if (p < end && *p == (stack[depth - 1] == '[' ? ']' : '}')) {
			p++;
			goto closed;
		}
	element:
		if (stack[depth - 1] == '{') {
			if (p >= end || *p != '"') {
				fail_got(s, p, "expected a string key");
				return NULL;
			}
			if ((p = scan_string(s, p, &v)) == NULL)
				return NULL;
			if (v.flags & KCC_JSON_NONCANONICAL)
				canonical = 0;
			q = p;
			p = skip_ws(p, end);
			if (p >= end || *p != ':') {
				fail_got(s, p, "expected ':' after object key");
				return NULL;
			}
			q = ++p;
			p = skip_ws(p, end);
			if (p != q)
				canonical = 0;
		} else if (p != skip_ws(p, end)) {
			canonical = 0;
			p = skip_ws(p, end);
		}
		if (p >= end) {
			fail(s, p,
				"unexpected end of input, expected a "
				"JSON value");
			return NULL;
		}
		if (*p == '[' || *p == '{')
			continue; /* open the nested container */
		switch (*p) {
		case '"':
			p = scan_string(s, p, &v);
			break;
		case '-':
		case '0':
		case '1':
		case '2':
		case '3':
		case '4':
		case '5':
		case '6':
		case '7':
		case '8':
		case '9':
			p = scan_number(s, p, &v);
			break;
		default:
			p = scan_literal(s, p, &v);
		}
		if (p == NULL)
			return NULL;
		if ((v.type == KCC_JSON_STRING &&
			    (v.flags & KCC_JSON_NONCANONICAL)) ||
			(v.type == KCC_JSON_NUMBER &&
				!(v.flags & (KCC_JSON_INTEGER |
						    KCC_JSON_SHORTEST))))
			canonical = 0;
	after_value:
		q = p;
		p = skip_ws(p, end);
		if (p != q)
			canonical = 0;
		if (p < end && *p == ',') {
			q = ++p;
			p = skip_ws(p, end);
			if (p != q)
				canonical = 0;
			if (stack[depth - 1] == '{' &&
				(p >= end || *p != '"')) {
				fail_got(s, p,
					"expected a string key after ','");
				return NULL;
			}
			goto element;
		}
		if (p < end && *p == (stack[depth - 1] == '[' ? ']' : '}')) {
			p++;
			goto closed;
		}
		fail_got(s, p,
			stack[depth - 1] == '[' ? "expected ',' or ']'"
						: "expected ',' or '}'");
		return NULL;
	closed:
		if (--depth == 0)
			break;
		goto after_value;
	}
	out->type = *begin == '[' ? KCC_JSON_ARRAY : KCC_JSON_OBJECT;
	out->flags = canonical ? KCC_JSON_CANONICAL : 0;
	out->p = begin;
	out->n = (uint32_t)(p - begin);
	return p;
}

static int
check_size(struct scanner *s, size_t n)
{
	if (n > UINT32_MAX)
		return fail(s, s->start, "JSON text longer than 4 GiB");
	return 0;
}

int
kcc_json_validate(const char *text, size_t n, struct kcc_json_error *err)
{
	struct scanner s = {text, text + n, err};
	struct kcc_json_value v;
	const char *p;

	if (check_size(&s, n) != 0)
		return -1;
	p = skip_ws(text, s.end);
	if (p == s.end)
		return fail(&s, p, "empty input, expected a JSON value");
	if ((p = scan_value(&s, p, &v)) == NULL)
		return -1;
	p = skip_ws(p, s.end);
	if (p != s.end)
		return fail_got(&s, p, "expected the end after the JSON value");
	return 0;
}

void
kcc_json_scan_init(struct kcc_json_scan *sc)
{
	sc->members = NULL;
	sc->n = sc->cap = 0;
}

void
kcc_json_scan_release(struct kcc_json_scan *sc)
{
	free(sc->members);
	kcc_json_scan_init(sc);
}

static const char *
type_name(char c)
{
	switch (c) {
	case '[':
		return "an array";
	case '"':
		return "a string";
	case 't':
	case 'f':
		return "a boolean";
	case 'n':
		return "null";
	default:
		return "a number";
	}
}

/*
 * Where the stops are in a record: the text cut into 64-byte blocks from
 * its start, and for the current block a bit per byte that is a quote, a
 * backslash, a control character or a byte from 0x80 on.  Finding a
 * string's end is then a shift and a count of trailing zeros on a register
 * instead of a load, compares and a mask per string: the blocks' loads do
 * not depend on where the previous string ended, so they run ahead, and
 * the chain from one string end to the next is a few cycles.  In the last
 * block every bit from the end on is set, so a search stops at the end at
 * the latest, and no load goes past it.
 */
struct stops {
	const char *base; /* the block's first byte */
	uint64_t bits;    /* bit i: base[i] is a stop */
};

static inline uint64_t
stops16(const char *p)
{
#ifdef __SSE2__
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i m = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
		_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));

	/* signed: below 0x20, or 0x80 and above */
	m = _mm_or_si128(m, _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
	return (uint64_t)(unsigned)_mm_movemask_epi8(m);
#else
	uint64_t bits = 0;
	int i;

	for (i = 0; i < 16; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
			bits |= (uint64_t)1 << i;
	}
	return bits;
#endif
}

static inline uint64_t
stops64(const char *p)
{
	return stops16(p) | stops16(p + 16) << 16 | stops16(p + 32) << 32 |
	       stops16(p + 48) << 48;
}

/*
 * The stops of the last block, base .. end, shorter than 64 bytes; every
 * bit from end on is set.  The last partial 16 bytes are read as the 16
 * bytes that end at end, when the text has that many, rather than copied.
 */
static __attribute__((noinline)) uint64_t
stops_tail(const char *text, const char *base, const char *end)
{
	size_t n = (size_t)(end - base), i;
	uint64_t bits = 0, last;
	char pad[64];

	if (end - text < 16) {
		memset(pad, 0, sizeof pad);
		memcpy(pad, base, n);
		return stops64(pad);
	}
	for (i = 0; n - i >= 16; i += 16)
		bits |= stops16(base + i) << i;
	last = stops16(end - 16) >> (16 - (n - i));
	return bits | (last | ~(uint64_t)0 << (n - i)) << i;
}

/* Load the block holding p, which is at most end, into *st. */
static inline void
stops_load(struct stops *st, const char *text, const char *end, const char *p)
{
	st->base = p - ((size_t)(p - text) & 63);
	if (end - st->base >= 64)
		st->bits = stops64(st->base);
	else
		st->bits = stops_tail(text, st->base, end);
}

/* The first stop at or after p (p <= end), or end. */
static inline __attribute__((always_inline)) const char *
next_stop(struct stops *st, const char *text, const char *end, const char *p)
{
	for (;;) {
		size_t off = (size_t)(p - st->base);
		if (off < 64) {
			uint64_t bits = st->bits >> off;
			if (bits != 0)
				return p + (unsigned)__builtin_ctzll(bits);
			p = st->base + 64;
			if (p >= end)
				return end;
		}
		stops_load(st, text, end, p);
	}
}

/* Whether p[0] and p[1] are a and b: one compare rather than two. */
static inline int
two_chars(const char *p, char a, char b)
{
	const char ab[2] = {a, b};
	uint16_t x, y;

	memcpy(&x, p, 2);
	memcpy(&y, ab, 2);
	return x == y;
}

/* Whether "\\c" is an escape that is written as it is: "\\n", "\\"", ... */
static inline int
short_escape(char c)
{
	return c == 'n' || c == '"' || c == '\\' || c == 't' || c == 'r' ||
	       c == 'b' || c == 'f';
}

/* scan_string_from() out of line, for the fast paths' rare cases. */
static __attribute__((noinline)) const char *
scan_string_rest(struct scanner *s, const char *p, const char *q, uint8_t flags,
	struct kcc_json_value *out)
{
	return scan_string_from(s, p, q, flags, out);
}

/*
 * Scan a string whose opening quote is at p, with the stops of *st: its
 * common escapes and UTF-8 sequences are stepped over here, so that text
 * with line breaks stays on the fast path; anything else ("\\u", "\\/",
 * errors) goes to scan_string_from() from where it is.
 */
static inline __attribute__((always_inline)) const char *
scan_string_fast(struct scanner *s, struct stops *st, const char *text,
	const char *end, const char *p, struct kcc_json_value *out)
{
	const char *q = p + 1;
	uint8_t flags = 0;
	int n;

	while (q < end) {
		q = next_stop(st, text, end, q);
		if (q >= end)
			break;
		if (*q == '"') {
			struct kcc_json_value v = {p + 1, (uint32_t)(q - p - 1),
				KCC_JSON_STRING, flags};
			*out = v;
			return q + 1;
		}
		if (*q == '\\') {
			if (end - q < 2 || !short_escape(q[1]))
				break;
			flags |= KCC_JSON_ESCAPED;
			q += 2;
			continue;
		}
		n = utf8_len((const unsigned char *)q,
			(const unsigned char *)end);
		if (n <= 1) /* a control character or not UTF-8 */
			break;
		q += n;
	}
	return scan_string_rest(s, p, q, flags, out);
}

/* scan_number() out of line, for the fast paths' rare cases. */
static __attribute__((noinline)) const char *
scan_number_rest(struct scanner *s, const char *p, struct kcc_json_value *out)
{
	return scan_number(s, p, out);
}

/*
 * A number at p that is a plain integer of at most 15 digits, as most are
 * in the records, without scan_number()'s steps for fractions, exponents
 * and errors; it goes on to scan_number() for anything else, which makes
 * the same of an integer.
 */
static inline __attribute__((always_inline)) const char *
scan_integer_fast(struct scanner *s, const char *end, const char *p,
	struct kcc_json_value *out)
{
	const char *d = p + (*p == '-'), *q = d;
	size_t n;

	while (q < end && *q >= '0' && *q <= '9')
		q++;
	n = (size_t)(q - d);
	if (n - 1 < 15 && (*d != '0' || (n == 1 && d == p)) &&
		(q == end || (*q != '.' && *q != 'e' && *q != 'E'))) {
		struct kcc_json_value v = {p, (uint32_t)(q - p),
			KCC_JSON_NUMBER, KCC_JSON_INTEGER};
		*out = v;
		return q;
	}
	return scan_number_rest(s, p, out);
}

/* A string span with no escapes, stored whole (see scan_members_fast). */
static inline void
put_plain_string(struct kcc_json_value *out, const char *p, const char *q)
{
	struct kcc_json_value v = {p, (uint32_t)(q - p), KCC_JSON_STRING, 0};

	*out = v;
}

/*
 * The common member of a compact record, "key":"value" or "key":number,
 * with a plain key, scanned with the stops of *st; p is at the key's quote
 * and before end.
 *
 * Returns the pointer after the value; p itself when the member is not of
 * that kind (whitespace, an escape in the key, a nested value, ...), so
 * that the general loop scans it from its start; NULL on an error, which
 * is then the error the general loop would report.
 */
static inline __attribute__((always_inline)) const char *
scan_member_fast(struct scanner *s, struct stops *st, const char *text,
	const char *end, const char *p, struct kcc_json_member *m)
{
	const char *q, *v;

	q = next_stop(st, text, end, p + 1);
	if (end - q < 3 || !two_chars(q, '"', ':'))
		return p;
	put_plain_string(&m->key, p + 1, q);
	v = q + 2;
	if (*v == '"')
		return scan_string_fast(s, st, text, end, v, &m->value);
	if ((*v >= '0' && *v <= '9') || *v == '-')
		return scan_integer_fast(s, end, v, &m->value);
	return p;
}

static __attribute__((noinline)) void
grow_members(struct kcc_json_scan *sc)
{
	sc->cap = sc->cap ? 2 * sc->cap : 64;
	sc->members = kcc_xrealloc(sc->members, sc->cap * sizeof *sc->members);
}

/*
 * Scan the members at p on as long as they are of the kind
 * scan_member_fast() takes and each is followed by a ',' and the next
 * key's quote.  Returns where the general loop goes on: at the start of a
 * member it leaves to it, or, with *counted set, after the value of a
 * member it has added to the table; NULL on an error.  The table's fields
 * are kept in registers meanwhile: a member's type and flags are char
 * stores, which the compiler must otherwise assume change them.
 */
static __attribute__((noinline)) const char *
scan_members_fast(struct scanner *s, struct kcc_json_scan *sc,
	struct stops *stops, const char *p, int *counted)
{
	struct kcc_json_member *members = sc->members;
	size_t n = sc->n, cap = sc->cap;
	const char *q, *text = s->start, *end = s->end;
	struct stops local = *stops, *st = &local;

	*counted = 0;
	if (p >= end || *p != '"')
		return p;
	for (;;) { /* p is at a quote, before end */
		if (n == cap) {
			sc->n = n;
			grow_members(sc);
			members = sc->members;
			cap = sc->cap;
		}
		q = scan_member_fast(s, st, text, end, p, &members[n]);
		if (q == NULL) {
			*stops = local;
			sc->n = n;
			return NULL;
		}
		if (q == p)
			break;
		n++;
		if (end - q < 2 || !two_chars(q, ',', '"')) {
			*counted = 1;
			p = q;
			break;
		}
		p = q + 1;
	}
	*stops = local;
	sc->n = n;
	return p;
}

int
kcc_json_scan_object(struct kcc_json_scan *sc, const char *text, size_t n,
	struct kcc_json_error *err)
{
	struct scanner s = {text, text + n, err};
	struct kcc_json_member *m;
	const char *p, *end = s.end;
	struct stops st;

	sc->n = 0;
	if (check_size(&s, n) != 0)
		return -1;
	p = skip_ws(text, end);
	if (p == end)
		return fail(&s, p, "empty input, expected a JSON object");
	if (*p != '{') {
		struct kcc_json_value v;
		if (strchr("[\"-0123456789tfn", *p) == NULL)
			return fail_got(&s, p, "expected a JSON object");
		/* Say what it is only if it is valid JSON at all. */
		if (scan_value(&s, p, &v) == NULL)
			return -1;
		return fail(&s, p, "expected a JSON object, got %s",
			type_name(*p));
	}
	p = skip_ws(p + 1, end);
	if (p < end && *p == '}') {
		p++;
		goto done;
	}
	stops_load(&st, text, end, p);
	for (;;) {
		int counted;
		if ((p = scan_members_fast(&s, sc, &st, p, &counted)) == NULL)
			return -1;
		if (counted)
			goto separator;
		if (sc->n == sc->cap)
			grow_members(sc);
		m = &sc->members[sc->n];
		if (p >= end || *p != '"')
			return fail_got(&s, p, "expected a string key");
		if ((p = scan_string(&s, p, &m->key)) == NULL)
			return -1;
		/* Compact JSON first: whitespace only when there is some. */
		if (p >= end || *p != ':') {
			p = skip_ws(p, end);
			if (p >= end || *p != ':')
				return fail_got(&s, p,
					"expected ':' after object key");
		}
		p++;
		if (p < end && (unsigned char)*p <= ' ')
			p = skip_ws(p, end);
		if (p < end && *p == '"')
			p = scan_string(&s, p, &m->value);
		else if (p < end && ((*p >= '0' && *p <= '9') || *p == '-'))
			p = scan_number(&s, p, &m->value);
		else
			p = scan_value(&s, p, &m->value);
		if (p == NULL)
			return -1;
		sc->n++;
	separator:
		if (p < end && (unsigned char)*p <= ' ')
			p = skip_ws(p, end);
		if (p < end && *p == ',') {
			p++;
			if (p < end && (unsigned char)*p <= ' ')
				p = skip_ws(p, end);
			continue;
		}
		if (p < end && *p == '}') {
			p++;
			break;
		}
		return fail_got(&s, p, "expected ',' or '}'");
	}
done:
	p = skip_ws(p, end);
	if (p != end)
		return fail_got(&s, p,
			"expected the end after the JSON object");
	return 0;
}

void
kcc_json_iter_init(struct kcc_json_iter *it, const struct kcc_json_value *v)
{
	it->object = v->type == KCC_JSON_OBJECT;
	it->p = v->p + 1; /* after the bracket */
	it->end = v->p + v->n - 1;
	if (v->type != KCC_JSON_OBJECT && v->type != KCC_JSON_ARRAY)
		it->p = it->end;
}

void
kcc_json_iter_text(struct kcc_json_iter *it, const char *p, size_t n)
{
	struct kcc_json_value v;

	v.p = p;
	v.n = (uint32_t)n;
	v.type = n > 0 && *p == '{' ? KCC_JSON_OBJECT : KCC_JSON_ARRAY;
	v.flags = 0;
	kcc_json_iter_init(it, &v);
}

int
kcc_json_iter_next(struct kcc_json_iter *it, struct kcc_json_value *key,
	struct kcc_json_value *value)
{
	struct scanner s = {it->p, it->end, NULL};
	const char *p = skip_ws(it->p, it->end);

	if (p < it->end && *p == ',')
		p = skip_ws(p + 1, it->end);
	if (p >= it->end)
		return 0;
	key->type = KCC_JSON_NONE;
	if (it->object) {
		p = scan_string(&s, p, key);
		p = skip_ws(p, it->end) + 1; /* the ':' */
		p = skip_ws(p, it->end);
	}
	it->p = scan_value(&s, p, value);
	return it->p != NULL;
}

static size_t
put_utf8(char *d, unsigned cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xC0 | cp >> 6);
		d[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xE0 | cp >> 12);
		d[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		d[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	d[0] = (char)(0xF0 | cp >> 18);
	d[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	d[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	d[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decode the escape at p (validated); *len gets its length in the text. */
static unsigned
unescape(const char *p, size_t *len)
{
	unsigned u;

	switch (p[1]) {
	case 'b':
		*len = 2;
		return '\b';
	case 'f':
		*len = 2;
		return '\f';
	case 'n':
		*len = 2;
		return '\n';
	case 'r':
		*len = 2;
		return '\r';
	case 't':
		*len = 2;
		return '\t';
	case 'u':
		u = (unsigned)hex4(p + 2);
		if (u >= 0xD800 && u <= 0xDBFF) {
			*len = 12;
			return 0x10000 + ((u - 0xD800) << 10) +
			       ((unsigned)hex4(p + 8) - 0xDC00);
		}
		*len = 6;
		return u;
	default:
		*len = 2;
		return (unsigned char)p[1];
	}
}

size_t
kcc_json_str_decode(const char *p, size_t n, char *dst)
{
	const char *end = p + n, *bs;
	char *d = dst;
	size_t len;

	while (p < end) {
		bs = memchr(p, '\\', (size_t)(end - p));
		if (bs == NULL) {
			memcpy(d, p, (size_t)(end - p));
			d += end - p;
			break;
		}
		memcpy(d, p, (size_t)(bs - p));
		d += bs - p;
		d += put_utf8(d, unescape(bs, &len));
		p = bs + len;
	}
	return (size_t)(d - dst);
}

static const double pow10_exact[] = {
	1e0,
	1e1,
	1e2,
	1e3,
	1e4,
	1e5,
	1e6,
	1e7,
	1e8,
	1e9,
	1e10,
	1e11,
	1e12,
	1e13,
	1e14,
	1e15,
	1e16,
	1e17,
	1e18,
	1e19,
	1e20,
	1e21,
	1e22,
};

int
kcc_json_num(const char *p, size_t n, double *v)
{
	const char *q = p, *end = p + n;
	uint64_t mant = 0;
	int neg = 0, digits = 0, exp10 = 0, eneg = 0, e = 0;
	char small[64], *buf;
	double d;

	/* Clinger's fast path: exact mantissa, exact power of ten. */
	if (q < end && *q == '-') {
		neg = 1;
		q++;
	}
	for (; q < end && *q >= '0' && *q <= '9'; q++, digits++)
		mant = mant * 10 + (uint64_t)(*q - '0');
	if (q < end && *q == '.')
		for (q++; q < end && *q >= '0' && *q <= '9'; q++, digits++) {
			mant = mant * 10 + (uint64_t)(*q - '0');
			exp10--;
		}
	if (q < end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < end && (*q == '+' || *q == '-'))
			eneg = *q++ == '-';
		for (; q < end && *q >= '0' && *q <= '9' && e < 100000; q++)
			e = e * 10 + (*q - '0');
		exp10 += eneg ? -e : e;
	}
	if (q == end && digits <= 15 && exp10 >= -22 && exp10 <= 22) {
		d = (double)mant;
		d = exp10 < 0 ? d / pow10_exact[-exp10]
			      : d * pow10_exact[exp10];
		*v = neg ? -d : d;
		return 0;
	}
	buf = n < sizeof small ? small : kcc_xmalloc(n + 1);
	memcpy(buf, p, n);
	buf[n] = '\0';
	errno = 0;
	d = strtod(buf, NULL);
	if (buf != small)
		free(buf);
	if (isinf(d))
		return -1;
	*v = d;
	return 0;
}

static size_t
format_int(int64_t i, char *buf)
{
	char tmp[24];
	size_t n = 0, len = 0;
	uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (i < 0)
		buf[len++] = '-';
	while (n > 0)
		buf[len++] = tmp[--n];
	buf[len] = '\0';
	return len;
}

size_t
kcc_json_format_num(double v, char *buf)
{
	int prec, n = 0;

	if (v == 0)
		return format_int(0, buf);
	if (fabs(v) < 9007199254740992.0 && v == (double)(int64_t)v)
		return format_int((int64_t)v, buf);
	for (prec = 15; prec <= 17; prec++) {
		n = snprintf(buf, 32, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return (size_t)n;
}

void
kcc_json_write_num(struct kcc_out *out, double v)
{
	char buf[32];

	if (out->cap - out->len >= sizeof buf) { /* in place, no copy */
		out->len += kcc_json_format_num(v, out->buf + out->len);
		return;
	}
	kcc_out_write(out, buf, kcc_json_format_num(v, buf));
}

static void
write_escaped_char(struct kcc_out *out, unsigned c)
{
	static const char hex[] = "0123456789abcdef";
	char e[6] = {'\\', 'u', '0', '0', 0, 0};

	switch (c) {
	case '"':
		kcc_out_write(out, "\\\"", 2);
		return;
	case '\\':
		kcc_out_write(out, "\\\\", 2);
		return;
	case '\b':
		kcc_out_write(out, "\\b", 2);
		return;
	case '\f':
		kcc_out_write(out, "\\f", 2);
		return;
	case '\n':
		kcc_out_write(out, "\\n", 2);
		return;
	case '\r':
		kcc_out_write(out, "\\r", 2);
		return;
	case '\t':
		kcc_out_write(out, "\\t", 2);
		return;
	}
	e[4] = hex[c >> 4];
	e[5] = hex[c & 15];
	kcc_out_write(out, e, 6);
}

/* Advance over bytes that need no escape in output. */
static inline const char *
skip_safe(const char *p, const char *end)
{
	return skip_bytes(p, end, 0);
}

int
kcc_utf8_valid(const char *s, size_t n)
{
	size_t i = 0, k;
	uint64_t w, x;

	while (i < n) {
		if (i + 16 <= n) {
			memcpy(&w, s + i, 8);
			memcpy(&x, s + i + 8, 8);
			if (((w | x) & 0x8080808080808080u) == 0) {
				i += 16;
				continue;
			}
		}
		if (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080u) == 0) {
				i += 8;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = kcc_utf8_seq(s + i, n - i)) == 0)
			return 0;
		i += k;
	}
	return 1;
}

void
kcc_json_write_str(struct kcc_out *out, const char *s, size_t n)
{
	const char *end = s + n, *p;

	kcc_out_putc(out, '"');
	while (s < end) {
		p = skip_safe(s, end);
		kcc_out_write(out, s, (size_t)(p - s));
		if (p == end)
			break;
		write_escaped_char(out, (unsigned char)*p);
		s = p + 1;
	}
	kcc_out_putc(out, '"');
}

/* Write validated, still-escaped string content in canonical form. */
static void
write_raw_str(struct kcc_out *out, const char *p, size_t n)
{
	const char *end = p + n, *bs;
	char u8[4];
	unsigned cp;
	size_t len;

	kcc_out_putc(out, '"');
	while (p < end) {
		bs = memchr(p, '\\', (size_t)(end - p));
		if (bs == NULL)
			bs = end;
		kcc_out_write(out, p, (size_t)(bs - p));
		if (bs == end)
			break;
		cp = unescape(bs, &len);
		if (cp < 0x20 || cp == '"' || cp == '\\')
			write_escaped_char(out, cp);
		else
			kcc_out_write(out, u8, put_utf8(u8, cp));
		p = bs + len;
	}
	kcc_out_putc(out, '"');
}

void
kcc_json_write_value(struct kcc_out *out, const struct kcc_json_value *v)
{
	const char *p, *end, *q;
	double d;

	switch (v->type) {
	case KCC_JSON_STRING:
		if (v->flags & KCC_JSON_NONCANONICAL) {
			write_raw_str(out, v->p, v->n);
		} else {
			kcc_out_putc(out, '"');
			kcc_out_write(out, v->p, v->n);
			kcc_out_putc(out, '"');
		}
		return;
	case KCC_JSON_NUMBER:
		if (v->flags & (KCC_JSON_INTEGER | KCC_JSON_SHORTEST)) {
			kcc_out_write(out, v->p, v->n);
		} else {
			if (kcc_json_num(v->p, v->n, &d) != 0)
				d = 0; /* the scanner rejects overflow */
			kcc_json_write_num(out, d);
		}
		return;
	case KCC_JSON_ARRAY:
	case KCC_JSON_OBJECT:
		if (v->flags & KCC_JSON_CANONICAL) {
			kcc_out_write(out, v->p, v->n);
			return;
		}
		break;
	case KCC_JSON_NONE:
		return;
	default:
		kcc_out_write(out, v->p, v->n);
		return;
	}
	/*
	 * A validated container that is not canonical: walk its tokens,
	 * dropping whitespace and rewriting strings and numbers.
	 */
	p = v->p;
	end = p + v->n;
	while (p < end) {
		switch (*p) {
		case ' ':
		case '\t':
		case '\n':
		case '\r':
			p++;
			break;
		case '"': {
			int esc = 0;
			for (q = p + 1; *q != '"'; q++)
				if (*q == '\\') {
					esc |= q[1] == 'u' || q[1] == '/';
					q++;
				}
			if (esc)
				write_raw_str(out, p + 1, (size_t)(q - p - 1));
			else
				kcc_out_write(out, p, (size_t)(q - p + 1));
			p = q + 1;
			break;
		}
		case '-':
		case '0':
		case '1':
		case '2':
		case '3':
		case '4':
		case '5':
		case '6':
		case '7':
		case '8':
		case '9': {
			struct kcc_json_value num;
			for (q = p; q < end && strchr("-+.eE0123456789", *q) &&
				    *q != '\0';
				q++)
				;
			num.p = p;
			num.n = (uint32_t)(q - p);
			num.type = KCC_JSON_NUMBER;
			num.flags = 0;
			kcc_json_write_value(out, &num);
			p = q;
			break;
		}
		default:
			kcc_out_putc(out, *p++);
		}
	}
}
