/*
 * Redaction of personal data in free text: one forward scan.
 *
 * The scanner stops only where something can start: a digit, '+' or '('
 * (phone, BSN, postcode; an IBAN is recognised at its check digits, two
 * letters back) and an '@' (e-mail, whose local part is found by looking
 * back from it).  Everything else, most bytes of a text, is skipped 16
 * bytes at a time (SSE2) or by a table lookup a byte; the rest of a digit
 * run that started nothing is skipped whole.  Each candidate is checked
 * in a window of bounded size (an IBAN is at most 34 characters, a phone
 * number 20 digits, a local part 64 bytes), so the scan is linear in the
 * text.
 *
 * A candidate is taken only as a whole token: the context check before it
 * (start_ok) and after it (end_ok) keep digits that belong to an amount,
 * a date, a time or a reference out, which is what keeps ordinary numbers
 * from being redacted.  Matches start and end on whole characters (ASCII
 * ones, but for an e-mail address's non-ASCII local part), and look-back
 * never goes before the end of the previous match, so matches never
 * overlap and the text between them is copied untouched.
 */
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "kcc/pii.h"
#include "kcc/redact.h"

const char *const kcc_redact_tokens[] = {"[BSN]", "[IBAN]", "[PHONE]",
	"[EMAIL]", "[POSTCODE]", NULL};

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
isalph(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
isalnum_(int c)
{
	return isdig(c) || isalph(c);
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* The code point of the UTF-8 sequence at s[i..n), or -1. */
static long
cp_at(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;
	size_t k, len;
	long cp;

	if (u[0] < 0x80)
		return u[0];
	if (u[0] >= 0xf0)
		len = 4, cp = u[0] & 0x07;
	else if (u[0] >= 0xe0)
		len = 3, cp = u[0] & 0x0f;
	else if (u[0] >= 0xc0)
		len = 2, cp = u[0] & 0x1f;
	else
		return -1;
	if (i + len > n)
		return -1;
	for (k = 1; k < len; k++) {
		if ((u[k] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (u[k] & 0x3f);
	}
	return cp;
}

/* Start of the UTF-8 sequence that ends just before s[i] (i > 0). */
static size_t
seq_start(const char *s, size_t i)
{
	size_t j = i - 1;

	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xc0) == 0x80)
		j--;
	return j;
}

/* Currency signs: $, £, ¥, and U+20A0..U+20CF (€ and the rest). */
static int
currency(long cp)
{
	return cp == '$' || cp == 0xa3 || cp == 0xa5 ||
	       (cp >= 0x20a0 && cp <= 0x20cf);
}

/*
 * 1 if code point cp is part of a word: ASCII letters, digits, '_', and
 * non-ASCII letters.  Non-ASCII spaces, punctuation, symbols and emoji are
 * not; nor is an invalid sequence (-1).
 */
static int
wordcp(long cp)
{
	if (cp < 0)
		return 0;
	if (cp < 0x80)
		return isalnum_((int)cp) || cp == '_';
	if (cp <= 0xbf || cp == 0xd7 || cp == 0xf7)
		return 0;
	if (cp >= 0x2000 && cp <= 0x2bff)
		return 0;
	if (cp >= 0x3000 && cp <= 0x303f)
		return 0;
	if ((cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff)
		return 0;
	if (cp >= 0x1f000)
		return 0;
	return 1;
}

/* The code point before s[i], or -1 at the start or on bad UTF-8. */
static long
cp_before(const char *s, size_t i)
{
	if (i == 0)
		return -1;
	if ((unsigned char)s[i - 1] < 0x80)
		return (unsigned char)s[i - 1];
	return cp_at(s, i, seq_start(s, i));
}

/*
 * Whether a number may start at s[i]: not inside a word, not after '+',
 * '@' or a currency sign (with one space between at most), not after the
 * separator of another number ("1.250", "ZAAK-0000123", "09:14").  Bytes
 * before `lo` belong to the previous match, which ended cleanly.
 */
static int
start_ok(const char *s, size_t lo, size_t i)
{
	long p;
	int c;

	if (i == lo)
		return 1;
	p = cp_before(s, i);
	if (p == '+' || p == '@' || wordcp(p) || currency(p))
		return 0;
	if (i - 1 == lo)
		return 1;
	c = (unsigned char)s[i - 2];
	if ((p == '.' || p == ',' || p == '-' || p == '/') &&
		(isalnum_(c) || c == '_'))
		return 0;
	if (p == ':' && isdig(c))
		return 0;
	if (p == ' ' && currency(cp_before(s, i - 1)))
		return 0;
	if (p == 0xa0 && i - 2 > lo && currency(cp_before(s, i - 2)))
		return 0;
	return 1;
}

/*
 * Whether a number may end before s[e]: not in a word, not before '@' or
 * '%', and not when a separator and a digit follow ("123456782,50",
 * "02-03-2026").  `slash` allows "/" and a digit: a list of numbers.
 */
static int
end_ok(const char *s, size_t n, size_t e, int slash)
{
	int c;

	if (e >= n)
		return 1;
	c = (unsigned char)s[e];
	if (c >= 0x80)
		return !wordcp(cp_at(s, n, e));
	if (isalnum_(c) || c == '_' || c == '@' || c == '%')
		return 0;
	if (e + 1 < n && isdig(s[e + 1]) &&
		(c == '.' || c == ',' || c == '-' || c == ':' ||
			(c == '/' && !slash)))
		return 0;
	return 1;
}

/* Single space-like separator inside a number: ' ' or U+00A0. */
static size_t
sp(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == ' ')
		return 1;
	if (i + 1 < n && (unsigned char)s[i] == 0xc2 &&
		(unsigned char)s[i + 1] == 0xa0)
		return 2;
	return 0;
}

/* Case-insensitive: does `word` occur in s[a..b)? */
static int
has_word(const char *s, size_t a, size_t b, const char *word)
{
	size_t l = strlen(word), i, k;

	for (i = a; i + l <= b; i++) {
		for (k = 0; k < l && lower((unsigned char)s[i + k]) == word[k];
			k++)
			;
		if (k == l)
			return 1;
	}
	return 0;
}

/* Digits at s[i..n), at most max + 1 of them. */
static size_t
digits(const char *s, size_t n, size_t i, size_t max)
{
	size_t k = 0;

	while (i + k < n && k <= max && isdig(s[i + k]))
		k++;
	return k;
}

static int
match(struct kcc_redact_match *m, size_t a, size_t b, enum kcc_pii kind)
{
	m->start = a;
	m->end = b;
	m->kind = kind;
	return 1;
}

/*
 * The separator of a grouped number at s[i]: a space (' ' or U+00A0) or a
 * dot or hyphen.  Returns its length and sets *sep to ' ', '.' or '-'.
 */
static size_t
separator(const char *s, size_t n, size_t i, char *sep)
{
	size_t l = sp(s, n, i);

	*sep = ' ';
	if (l == 0 && i < n && (s[i] == '.' || s[i] == '-')) {
		*sep = s[i];
		l = 1;
	}
	return l;
}

/* BSN at s[i] (a digit). */
static int
bsn_at(const char *s, size_t n, size_t i, struct kcc_redact_match *m)
{
	static const unsigned char shapes[][3] = {{4, 2, 3}, {3, 3, 3}};
	char d[9], sep, sep2;
	size_t g[3], e, k, l, w;

	g[0] = digits(s, n, i, 9);
	if (g[0] == 9 || g[0] == 8) {
		e = i + g[0];
		if (!end_ok(s, n, e, 0))
			return 0;
		if (g[0] == 8) {
			/* Only where the text says it is a BSN. */
			w = i > 40 ? i - 40 : 0;
			if (!has_word(s, w, i, "bsn") &&
				!has_word(s, w, i, "burgerservicenummer") &&
				!has_word(s, w, i, "sofi"))
				return 0;
			d[0] = '0';
			memcpy(d + 1, s + i, 8);
		} else {
			memcpy(d, s + i, 9);
		}
		return kcc_pii_bsn_ok(d) && match(m, i, e, KCC_PII_BSN);
	}
	if (g[0] != 3 && g[0] != 4)
		return 0;
	e = i + g[0];
	if ((l = separator(s, n, e, &sep)) == 0)
		return 0;
	g[1] = digits(s, n, e + l, 3);
	if (g[1] != 2 && g[1] != 3)
		return 0;
	e += l + g[1];
	if (separator(s, n, e, &sep2) != l || sep2 != sep)
		return 0;
	g[2] = digits(s, n, e + l, 4);
	for (k = 0; k < sizeof shapes / sizeof shapes[0]; k++)
		if (g[0] == shapes[k][0] && g[1] == shapes[k][1] &&
			g[2] == shapes[k][2])
			break;
	if (k == sizeof shapes / sizeof shapes[0])
		return 0;
	memcpy(d, s + i, g[0]);
	memcpy(d + g[0], s + i + g[0] + l, g[1]);
	memcpy(d + g[0] + g[1], s + e + l, g[2]);
	e += l + g[2];
	if (!end_ok(s, n, e, 0) || !kcc_pii_bsn_ok(d))
		return 0;
	return match(m, i, e, KCC_PII_BSN);
}

/*
 * IBAN at s[i] (a letter at a word start).  Returns 1 on a match, -1 when
 * the text has the shape of one that fails the check (*skip: its end), 0
 * otherwise.
 */
static int
iban_at(const char *s, size_t n, size_t i, struct kcc_redact_match *m,
	size_t *skip)
{
	char buf[34];
	size_t j, k, l, len;

	if (i + 4 > n || !isalph((unsigned char)s[i + 1]) || !isdig(s[i + 2]) ||
		!isdig(s[i + 3]))
		return 0;
	len = (size_t)kcc_pii_iban_len(s[i], s[i + 1]);
	if (len == 0)
		return 0;
	memcpy(buf, s + i, 4);
	for (j = i + 4, k = 4; k < len; k++) {
		if (k % 4 == 0 && (l = sp(s, n, j)) > 0 && j + l < n &&
			isalnum_((unsigned char)s[j + l]))
			j += l;
		if (j >= n || !isalnum_((unsigned char)s[j]))
			return 0;
		buf[k] = s[j++];
	}
	if (!end_ok(s, n, j, 0))
		return 0;
	if (!kcc_pii_iban_ok(buf, len)) {
		*skip = j;
		return -1;
	}
	return match(m, i, j, KCC_PII_IBAN);
}

/* Phone number at s[i] (a digit, '+' or '('). */
static int
phone_at(const struct kcc_redact *r, const char *s, size_t n, size_t i,
	struct kcc_redact_match *m)
{
	char e164[KCC_PII_E164_SIZE];
	size_t l = kcc_pii_phone_scan(r->plan, s + i, n - i, 0, e164);

	if (l == 0 || !end_ok(s, n, i + l, 1))
		return 0;
	return match(m, i, i + l, KCC_PII_PHONE);
}

/*
 * A house number after a postcode ending at p: returns its end, or 0.
 * *strong is set when a comma or a word ("huisnummer", "nr") leads in.
 */
static size_t
house_after(const char *s, size_t n, size_t p, int *strong)
{
	static const char *const words[] = {"huisnummer", "huisnr", "nummer",
		"nr", "no"};
	size_t q = p, k, l, w;

	*strong = 0;
	if (q < n && s[q] == ',') {
		*strong = 1;
		q++;
	}
	q += sp(s, n, q);
	if (q == p)
		return 0;
	for (w = 0; w < sizeof words / sizeof words[0]; w++) {
		l = strlen(words[w]);
		for (k = 0; k < l && q + k < n &&
			    lower((unsigned char)s[q + k]) == words[w][k];
			k++)
			;
		if (k == l && q + k < n && !isalph((unsigned char)s[q + k])) {
			q += l;
			if (q < n && (s[q] == '.' || s[q] == ':'))
				q++;
			q += sp(s, n, q);
			*strong = 1;
			break;
		}
	}
	if (q >= n || s[q] < '1' || s[q] > '9')
		return 0;
	k = digits(s, n, q, 5);
	if (k > 5)
		return 0;
	q += k;
	/* A suffix: "12a", "12-2", "12-bis". */
	if (q < n && isalph((unsigned char)s[q]) &&
		(q + 1 >= n || !isalnum_((unsigned char)s[q + 1])))
		q++;
	else if (q + 1 < n && s[q] == '-' &&
		 isalnum_((unsigned char)s[q + 1])) {
		for (k = 1; k <= 5 && q + k < n &&
			    isalnum_((unsigned char)s[q + k]);
			k++)
			;
		if (k <= 5)
			q += k;
	}
	return end_ok(s, n, q, 0) ? q : 0;
}

/*
 * A house number ending a street address before a postcode at i
 * ("Lindelaan 12, ", "Hooiberg 5C ", "Kade 7-2, "): returns its start,
 * or i when there is none.  *comma is set when a comma separates them.
 */
static size_t
house_before(const char *s, size_t lo, size_t i, int *comma)
{
	size_t e = i, t, b, k;
	long p;

	*comma = 0;
	if (e > lo && s[e - 1] == ' ')
		e--;
	if (e > lo && s[e - 1] == ',') {
		*comma = 1;
		e--;
	}
	if (e == i || e < lo + 4)
		return i;
	/* A suffix: "5C", "7-2", "12-bis". */
	t = e;
	if (isalph((unsigned char)s[t - 1]) && isdig(s[t - 2])) {
		t--;
	} else {
		for (k = 0; k < 5 && t - k > lo + 2 &&
			    isalnum_((unsigned char)s[t - k - 1]);
			k++)
			;
		if (k >= 1 && k <= 4 && s[t - k - 1] == '-' &&
			isdig(s[t - k - 2]))
			t -= k + 1;
	}
	for (b = t; b > lo && t - b < 6 && isdig(s[b - 1]); b--)
		;
	if (b == t || t - b > 5 || s[b] == '0' || b < lo + 2 || s[b - 1] != ' ')
		return i;
	/* After a street name, not after another number. */
	p = cp_before(s, b - 1);
	if (!wordcp(p) || isdig((int)p))
		return i;
	return b;
}

/* Postcode at s[i] (a digit). */
static int
postcode_at(const char *s, size_t n, size_t lo, size_t i,
	struct kcc_redact_match *m)
{
	static const char units[] = "KB MB GB TB KM KG MG ML CM MM KW PK AM PM";
	size_t j, e, after, before;
	int a, b, up, strong, comma;
	char unit[3];

	if (s[i] == '0' || digits(s, n, i, 4) != 4)
		return 0;
	j = i + 4;
	j += sp(s, n, j);
	if (j + 2 > n || !isalph((unsigned char)s[j]) ||
		!isalph((unsigned char)s[j + 1]))
		return 0;
	e = j + 2;
	if (e < n && ((unsigned char)s[e] >= 0x80
				     ? wordcp(cp_at(s, n, e))
				     : isalnum_((unsigned char)s[e]) ||
					       s[e] == '_' || s[e] == '@'))
		return 0;
	a = (unsigned char)s[j];
	b = (unsigned char)s[j + 1];
	if (lower(a) == 's' &&
		(lower(b) == 'a' || lower(b) == 'd' || lower(b) == 's'))
		return 0;
	up = a <= 'Z' && b <= 'Z';
	after = house_after(s, n, e, &strong);
	before = house_before(s, lo, i, &comma);
	/* Lower case: "1130am", "2019 en" are no postcodes on their own. */
	if (!up && !(after && strong) && !(before < i && comma))
		return 0;
	if (!after && before == i) {
		unit[0] = (char)(a & ~0x20);
		unit[1] = (char)(b & ~0x20);
		unit[2] = '\0';
		if (strstr(units, unit) != NULL)
			return 0;
	}
	return match(m, before, after ? after : e, KCC_PII_POSTCODE);
}

/* A byte of a local part: ASCII letters, digits and ._%+-' . */
static int
local_ascii(int c)
{
	return isalnum_(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
	       c == '-' || c == '\'';
}

/* E-mail address around the '@' at s[at]. */
static int
email_at(const char *s, size_t n, size_t lo, size_t at,
	struct kcc_redact_match *m)
{
	size_t a = at, d, j;

	while (a > lo && at - a <= 64) {
		unsigned char c = (unsigned char)s[a - 1];
		if (c < 0x80) {
			if (!local_ascii(c))
				break;
			a--;
		} else {
			j = seq_start(s, a);
			if (j < lo || !wordcp(cp_at(s, a, j)))
				break;
			a = j;
		}
	}
	if (at - a > 64)
		return 0;
	while (a < at && (s[a] == '.' || s[a] == '\'' || s[a] == '-'))
		a++;
	if (a == at || s[at - 1] == '.')
		return 0;
	d = kcc_pii_email_domain(s + at + 1, n - at - 1);
	if (d == 0)
		return 0;
	return match(m, a, at + 1 + d, KCC_PII_EMAIL);
}

void
kcc_redact_init(struct kcc_redact *r)
{
	r->kinds = KCC_REDACT_ALL;
	r->plan = kcc_pii_phone_plan(NULL);
}

#define ON(r, k) ((r)->kinds & (1u << (k)))

/* Bytes where a match can be found: digits, '+', '(' and '@'. */
static int
trigger(int c)
{
	return isdig(c) || c == '+' || c == '(' || c == '@';
}

/* The first trigger byte in u[i..n), or n. */
static size_t
skip_plain(const unsigned char *u, size_t i, size_t n)
{
#ifdef __SSE2__
	const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
	const __m128i plus = _mm_set1_epi8('+'), paren = _mm_set1_epi8('(');
	const __m128i at = _mm_set1_epi8('@');

	while (i + 16 <= n) {
		__m128i v = _mm_loadu_si128((const __m128i *)(u + i));
		__m128i d = _mm_sub_epi8(v, zero);
		/* A digit: v - '0' is at most 9, unsigned. */
		__m128i hit = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);
		hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, plus));
		hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, paren));
		hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, at));
		int mask = _mm_movemask_epi8(hit);
		if (mask != 0)
			return i + (size_t)__builtin_ctz((unsigned)mask);
		i += 16;
	}
#endif
	while (i < n && !trigger(u[i]))
		i++;
	return i;
}

int
kcc_redact_next(const struct kcc_redact *r, const char *s, size_t n,
	size_t *pos, struct kcc_redact_match *m)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, lo = *pos, skip;
	int c, rv;

	for (i = lo;; i++) {
		i = skip_plain(u, i, n);
		if (i >= n)
			break;
		c = u[i];
		if (c == '@') {
			if (ON(r, KCC_PII_EMAIL) && email_at(s, n, lo, i, m))
				goto found;
			continue;
		}
		/* An IBAN is found at its check digits: "NL91". */
		if (ON(r, KCC_PII_IBAN) && i >= lo + 2 && isdig(c) &&
			isalph(u[i - 1]) && isalph(u[i - 2]) && i + 1 < n &&
			isdig(u[i + 1]) && start_ok(s, lo, i - 2)) {
			rv = iban_at(s, n, i - 2, m, &skip);
			if (rv > 0)
				goto found;
			if (rv < 0) {
				i = skip - 1;
				continue;
			}
		}
		if (!start_ok(s, lo, i))
			goto skip_digits;
		if (ON(r, KCC_PII_PHONE) && phone_at(r, s, n, i, m))
			goto found;
		if (c == '+' || c == '(')
			continue;
		if (ON(r, KCC_PII_BSN) && bsn_at(s, n, i, m))
			goto found;
		if (ON(r, KCC_PII_POSTCODE) && postcode_at(s, n, lo, i, m))
			goto found;
	skip_digits:
		while (i + 1 < n && isdig(u[i + 1]))
			i++;
	}
	*pos = n;
	return 0;
found:
	*pos = m->end;
	return 1;
}

size_t
kcc_redact_str(const struct kcc_redact *r, const char *s, size_t n, char *out,
	size_t cap, struct kcc_redact_counts *counts)
{
	struct kcc_redact_match m;
	size_t pos = 0, done = 0, len = 0, l;

#define PUT(p, k)                                                              \
	do {                                                                   \
		size_t k_ = (k);                                               \
		if (len < cap)                                                 \
			memcpy(out + len, (p),                                 \
				k_ < cap - len ? k_ : cap - len);              \
		len += k_;                                                     \
	} while (0)
	while (kcc_redact_next(r, s, n, &pos, &m)) {
		PUT(s + done, m.start - done);
		l = strlen(kcc_redact_tokens[m.kind]);
		PUT(kcc_redact_tokens[m.kind], l);
		if (counts != NULL)
			counts->n[m.kind]++;
		done = m.end;
	}
	PUT(s + done, n - done);
#undef PUT
	return len;
}
