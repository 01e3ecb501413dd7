/*
 * Personal identifiers: check digits, phone number plans, normal forms.
 *
 * Everything works on byte spans, never needs a NUL, never allocates and
 * keeps no state, so that redaction can call it at every candidate in a
 * text and pseudonymisation once per record.  A phone number is read in
 * two steps: a tokenizer that collects digit groups and the separators
 * between them (with what the number may be wrapped in: '+', "(020)",
 * "(0)"), then an interpretation that picks the run of whole groups that
 * makes a number of the right length for its country.  Reading groups
 * first is what lets "06 12345678 12 keer" end after the 8 and a date
 * such as "02-03-2026" be told from a number.  All checks are
 * ASCII-only: digits and letters of identifiers are never anything else.
 */
#include <string.h>

#include "kcc/pii.h"

const char *const kcc_pii_names[] = {"bsn", "iban", "phone", "email",
	"postcode", NULL};

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
upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
kcc_pii_bsn_ok(const char d[9])
{
	int sum = 0, nonzero = 0, i;

	for (i = 0; i < 9; i++) {
		if (!isdig(d[i]))
			return 0;
		nonzero |= d[i] != '0';
	}
	for (i = 0; i < 8; i++)
		sum += (9 - i) * (d[i] - '0');
	sum -= d[8] - '0';
	return nonzero && sum % 11 == 0;
}

int
kcc_pii_bsn_norm(const char *s, size_t n, char out[10])
{
	char d[9];
	size_t i, nd = 0;

	kcc_pii_trim(&s, &n);
	for (i = 0; i < n; i++) {
		if (isdig(s[i])) {
			if (nd == 9)
				return -1;
			d[nd++] = s[i];
		} else if ((s[i] == ' ' || s[i] == '.' || s[i] == '-') &&
			   i > 0 && isdig(s[i - 1]) && i + 1 < n &&
			   isdig(s[i + 1])) {
			continue;
		} else {
			return -1;
		}
	}
	if (nd == 8) {
		memmove(d + 1, d, 8);
		d[0] = '0';
	} else if (nd != 9) {
		return -1;
	}
	if (!kcc_pii_bsn_ok(d))
		return -1;
	memcpy(out, d, 9);
	out[9] = '\0';
	return 0;
}

/* Country code and IBAN length, from the SWIFT registry, sorted. */
static const char iban_lengths[] =
	"AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24"
	"DE22DJ27DK18DO28EE20EG29ES24FI18FO18FR27GB22GE22GI23GL18GR27GT28"
	"HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20LU20LV21"
	"LY25MC27MD24ME22MK19MR27MT31MU30NL18NO15PK24PL28PS29PT25QA29RO24"
	"RS22RU33SA24SC31SD18SE24SI19SK24SM27ST25SV28TL23TN24TR26UA29VA22"
	"VG24XK20";

int
kcc_pii_iban_len(char c0, char c1)
{
	size_t lo = 0, hi = (sizeof iban_lengths - 1) / 4;
	int a = upper((unsigned char)c0), b = upper((unsigned char)c1);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *e = iban_lengths + 4 * mid;
		int cmp = e[0] != a ? e[0] - a : e[1] - b;
		if (cmp == 0)
			return (e[2] - '0') * 10 + (e[3] - '0');
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int
kcc_pii_iban_ok(const char *s, size_t n)
{
	unsigned rem = 0;
	size_t k;

	if (n < 5 || !isalph((unsigned char)s[0]) ||
		!isalph((unsigned char)s[1]) || !isdig(s[2]) || !isdig(s[3]) ||
		(size_t)kcc_pii_iban_len(s[0], s[1]) != n)
		return 0;
	/* The account part, then the country and check digits. */
	for (k = 0; k < n; k++) {
		int c = upper((unsigned char)s[(k + 4) % n]);
		if (isdig(c))
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		else if (isalph(c))
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
		else
			return 0;
	}
	return rem == 1;
}

/*
 * Phone numbers.
 */

static const struct kcc_pii_phone_plan plans[] = {
	{"NL", "31", '0', 1, 9, 9, '1'},
	{"BE", "32", '0', 1, 8, 9, '1'},
	{"FR", "33", '0', 1, 9, 9, '1'},
	{"GB", "44", '0', 1, 9, 10, '1'},
	{"US", "1", '1', 0, 10, 10, '2'},
	{"CA", "1", '1', 0, 10, 10, '2'},
};

const struct kcc_pii_phone_plan *
kcc_pii_phone_plan(const char *country)
{
	size_t i;

	if (country == NULL)
		return &plans[0];
	if (country[0] == '\0' || country[1] == '\0' || country[2] != '\0')
		return NULL;
	for (i = 0; i < sizeof plans / sizeof plans[0]; i++)
		if (upper((unsigned char)country[0]) == plans[i].country[0] &&
			upper((unsigned char)country[1]) == plans[i].country[1])
			return &plans[i];
	return NULL;
}

/* The plan whose country code starts d[0..n), or NULL. */
static const struct kcc_pii_phone_plan *
plan_of_cc(const char *d, size_t n)
{
	size_t i, l;

	for (i = 0; i < sizeof plans / sizeof plans[0]; i++) {
		l = strlen(plans[i].cc);
		if (l <= n && memcmp(d, plans[i].cc, l) == 0)
			return &plans[i];
	}
	return NULL;
}

/* A space inside a number: ASCII space, U+00A0, U+2007, U+2009, U+202F. */
static size_t
hspace(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 1 && u[0] == ' ')
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
		(u[2] == 0x87 || u[2] == 0x89 || u[2] == 0xaf))
		return 3;
	return 0;
}

size_t
kcc_pii_space(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 0)
		return 0;
	if (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\n')
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
		(u[2] <= 0x8b || u[2] == 0x8e || u[2] == 0x8f ||
			(u[2] >= 0xaa && u[2] <= 0xaf)))
		return 3;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x81 && u[2] >= 0xa6 &&
		u[2] <= 0xa9)
		return 3;
	if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return 3;
	return 0;
}

/* Length of the space-like character that ends s[0..n), or 0. */
static size_t
space_back(const char *s, size_t n)
{
	size_t k = 1;

	if (n == 0)
		return 0;
	while (k < 3 && k < n && ((unsigned char)s[n - k] & 0xc0) == 0x80)
		k++;
	return kcc_pii_space(s + n - k, k) == k ? k : 0;
}

void
kcc_pii_trim(const char **s, size_t *n)
{
	size_t k;

	while (*n > 0 && (k = kcc_pii_space(*s, *n)) > 0) {
		*s += k;
		*n -= k;
	}
	while (*n > 0 && (k = space_back(*s, *n)) > 0)
		*n -= k;
}

#define MAXDIG 20
#define MAXGRP 10

/* Digit groups of a written phone number. */
struct ptok {
	char d[MAXDIG];
	unsigned nd, ng;
	unsigned char gend[MAXGRP]; /* digits up to the end of group k */
	size_t gpos[MAXGRP];        /* bytes up to the end of group k */
	char gsep[MAXGRP];          /* separator after group k */
	int plus;                   /* '+' or "(+" */
	int paren;                  /* "(020)": national area code */
	int trunk_mark;             /* a "(0)" was skipped */
};

/*
 * Collect digit groups from s.  One group may be in parentheses: the
 * first ("(020)", "(+31)") or, after a country code, the second ("+1
 * (212)"); "(0)" is a trunk prefix to skip.  Returns 0 when s does not
 * start like a phone number at all.
 */
static int
tokenize(const char *s, size_t n, struct ptok *t)
{
	size_t p = 0, q, sl;
	int open = 0;
	char sep;

	t->nd = t->ng = 0;
	t->plus = t->paren = t->trunk_mark = 0;
	if (n > 0 && s[0] == '+') {
		t->plus = 1;
		p = 1;
	} else if (n > 1 && s[0] == '(') {
		open = 1;
		p = 1;
		if (s[1] == '+') {
			t->plus = 1;
			p = 2;
		} else {
			t->paren = 1;
		}
	}
	if (p >= n || !isdig(s[p]))
		return 0;
	for (;;) {
		while (p < n && isdig(s[p])) {
			if (t->nd == MAXDIG)
				return 0;
			t->d[t->nd++] = s[p++];
		}
		t->gend[t->ng] = (unsigned char)t->nd;
		t->gpos[t->ng] = p;
		t->gsep[t->ng] = 0;
		if (++t->ng == MAXGRP)
			break;
		q = p;
		sep = 0;
		if (open) {
			if (q >= n || s[q] != ')')
				return 0;
			q++;
			open = 0;
			sep = ')';
			q += hspace(s + q, n - q);
		} else {
			sl = hspace(s + q, n - q);
			q += sl;
			if (q < n &&
				(s[q] == '-' || s[q] == '.' || s[q] == '/') &&
				(sl == 0 || s[q] == '-')) {
				sep = s[q++];
				if (sep == '-')
					q += hspace(s + q, n - q);
			} else if (sl > 0) {
				sep = ' ';
			}
			if (!t->trunk_mark && q + 2 < n && s[q] == '(' &&
				s[q + 1] == '0' && s[q + 2] == ')') {
				t->trunk_mark = 1;
				q += 3;
				q += hspace(s + q, n - q);
				if (sep == 0)
					sep = '(';
			} else if (t->plus && t->ng == 1 && q + 1 < n &&
				   s[q] == '(' && isdig(s[q + 1])) {
				/* An area code after the country code. */
				open = 1;
				q++;
				if (sep == 0)
					sep = '(';
			}
		}
		if (sep == 0 || q >= n || !isdig(s[q]))
			break;
		t->gsep[t->ng - 1] = sep;
		p = q;
	}
	return !open;
}

/* Write '+', cc and the digits d[from..to) to e164. */
static void
put_e164(char e164[KCC_PII_E164_SIZE], const char *cc, const char *d,
	unsigned from, unsigned to)
{
	size_t l = strlen(cc), k = 0;

	e164[k++] = '+';
	memcpy(e164 + k, cc, l);
	k += l;
	memcpy(e164 + k, d + from, to - from);
	k += to - from;
	e164[k] = '\0';
}

/*
 * Pick the longest run of whole groups whose digits from t->d[from] on
 * number between min and max.  Returns the index of its last group, or -1.
 */
static int
pick(const struct ptok *t, unsigned from, unsigned min, unsigned max)
{
	int k;

	for (k = (int)t->ng - 1; k >= 0; k--) {
		unsigned e = t->gend[k];
		if (e >= from && e - from >= min && e - from <= max)
			return k;
		if (e < from + min)
			break;
	}
	return -1;
}

/* 1 if the first groups look like a date: 1-2 digits, 1-2, 4. */
static int
datelike(const struct ptok *t)
{
	unsigned a, b, c;

	if (t->ng < 3 || t->gsep[0] == ' ' || t->gsep[0] != t->gsep[1])
		return 0;
	a = t->gend[0];
	b = t->gend[1] - t->gend[0];
	c = t->gend[2] - t->gend[1];
	return a <= 2 && b <= 2 && c == 4;
}

/* International: t->d[off..] starts with a country code. */
static size_t
interpret_intl(const struct ptok *t, unsigned off, char e164[KCC_PII_E164_SIZE])
{
	const struct kcc_pii_phone_plan *pl;
	unsigned from;
	int k;

	if (off >= t->nd || t->d[off] == '0')
		return 0;
	pl = plan_of_cc(t->d + off, t->nd - off);
	if (pl != NULL) {
		from = off + (unsigned)strlen(pl->cc);
		/* "+31 (0)6 ..." is skipped; "+31 06 ..." loses the 0. */
		if (from < t->nd && pl->trunk == '0' && t->d[from] == '0')
			from++;
		k = pick(t, from, pl->nsn_min, pl->nsn_max);
		if (k < 0 || t->d[from] < pl->nsn_first)
			return 0;
		put_e164(e164, pl->cc, t->d, from, t->gend[k]);
		return t->gpos[k];
	}
	k = pick(t, off, 8, 15);
	if (k < 0)
		return 0;
	put_e164(e164, "", t->d, off, t->gend[k]);
	return t->gpos[k];
}

size_t
kcc_pii_phone_scan(const struct kcc_pii_phone_plan *plan, const char *s,
	size_t n, unsigned flags, char e164[KCC_PII_E164_SIZE])
{
	struct ptok t;
	unsigned from;
	int k;

	if (plan == NULL)
		plan = &plans[0];
	/* Fail fast on what cannot start a number of this plan. */
	if (n == 0 || (s[0] != '+' && s[0] != '(' &&
			      !(isdig(s[0]) &&
				      (s[0] == plan->trunk || s[0] == '0' ||
					      !plan->trunk_req ||
					      flags & KCC_PII_PHONE_LENIENT))))
		return 0;
	if (!tokenize(s, n, &t))
		return 0;
	if (t.plus && !(s[0] == '(' && t.ng == 1))
		return interpret_intl(&t, 0, e164);
	if (t.plus)
		return 0;
	if (!t.paren && t.nd >= 2 && t.d[0] == '0' && t.d[1] == '0')
		return t.trunk_mark ? 0 : interpret_intl(&t, 2, e164);
	if (t.trunk_mark || datelike(&t))
		return 0;
	/* "(0612345678)": the number is inside, not after, parentheses. */
	if (t.paren && t.ng == 1)
		return 0;
	if (t.d[0] == plan->trunk) {
		/* A trunk 0 belongs with the area code: not "0 6 ...". */
		if (plan->trunk_req && t.gend[0] < 2 && t.ng > 1)
			return 0;
		from = 1;
	} else if (!plan->trunk_req) {
		from = 0;
	} else if ((flags & KCC_PII_PHONE_LENIENT) && t.ng == 1 && !t.paren) {
		/* A spreadsheet's phone column: no trunk, or no '+'. */
		size_t l = strlen(plan->cc);
		if (t.nd > l && memcmp(t.d, plan->cc, l) == 0 &&
			t.nd - l >= plan->nsn_min && t.nd - l <= plan->nsn_max)
			return interpret_intl(&t, 0, e164);
		from = 0;
	} else {
		return 0;
	}
	k = pick(&t, from, plan->nsn_min, plan->nsn_max);
	if (k < 0 || t.d[from] < plan->nsn_first)
		return 0;
	put_e164(e164, plan->cc, t.d, from, t.gend[k]);
	return t.gpos[k];
}

int
kcc_pii_phone_norm(const struct kcc_pii_phone_plan *plan, const char *s,
	size_t n, unsigned flags, char e164[KCC_PII_E164_SIZE])
{
	size_t used;

	kcc_pii_trim(&s, &n);
	if (n > 4 && lower((unsigned char)s[0]) == 't' &&
		lower((unsigned char)s[1]) == 'e' &&
		lower((unsigned char)s[2]) == 'l' && s[3] == ':') {
		s += 4;
		n -= 4;
		kcc_pii_trim(&s, &n);
	}
	used = kcc_pii_phone_scan(plan, s, n, flags, e164);
	return used > 0 && used == n ? 0 : -1;
}

/*
 * E-mail addresses.
 */

size_t
kcc_pii_email_domain(const char *s, size_t n)
{
	size_t p = 0, end = 0, start, labels = 0;

	if (n > 253)
		n = 253;
	for (;;) {
		int alpha = 1;
		start = p;
		while (p < n && (isalph((unsigned char)s[p]) || isdig(s[p]) ||
					s[p] == '-')) {
			alpha &= isalph((unsigned char)s[p]);
			p++;
		}
		if (p == start || p - start > 63 || s[start] == '-' ||
			s[p - 1] == '-')
			break;
		labels++;
		if (labels >= 2 &&
			((alpha && p - start >= 2) ||
				(p - start > 4 &&
					memcmp(s + start, "xn--", 4) == 0)))
			end = p;
		if (p + 1 >= n || s[p] != '.')
			break;
		p++;
	}
	return end;
}

/* A byte that may appear in the local part of an address, unquoted. */
static int
local_byte(unsigned char c)
{
	return c > ' ' && c != 0x7f && !strchr("\"(),:;<>@[\\]", c);
}

int
kcc_pii_email_norm(const char *s, size_t n, char *out)
{
	const char *at, *lt;
	size_t i, ln;

	kcc_pii_trim(&s, &n);
	if (n > 7 && strncmp(s, "mailto:", 7) == 0) {
		s += 7;
		n -= 7;
	}
	if (n > 2 && s[n - 1] == '>' && (lt = memchr(s, '<', n - 1)) != NULL) {
		n -= (size_t)(lt + 1 - s) + 1;
		s = lt + 1;
		kcc_pii_trim(&s, &n);
	}
	at = memchr(s, '@', n);
	if (at == NULL)
		return -1;
	ln = (size_t)(at - s);
	if (ln == 0 || ln > 64 || s[0] == '.' || s[ln - 1] == '.')
		return -1;
	for (i = 0; i < ln; i++)
		if (!local_byte((unsigned char)s[i]))
			return -1;
	if (n - ln - 1 > 1 && s[n - 1] == '.')
		n--;
	if (n - ln - 1 == 0 ||
		kcc_pii_email_domain(at + 1, n - ln - 1) != n - ln - 1)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = (char)lower((unsigned char)s[i]);
	return (int)n;
}
