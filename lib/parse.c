/*
 * Numbers and durations from export fields.
 *
 * Both work on the field's bytes as they are (no NUL needed) and never
 * allocate: a number is rewritten into a small buffer in JSON's form
 * (sign, digits, '.', digits, exponent), then read by kcc_json_num(), whose
 * fast path is exact for the short decimals exports hold and which falls
 * back to strtod() for the rest.  So a field reads to the same double
 * whatever the dialect wrote, and the same double as the JSON sources
 * give.  Longer numbers than NUM_MAX characters are refused: no export
 * writes them.
 */
#include <stdint.h>
#include <string.h>

#include "kcc/json.h"
#include "kcc/parse.h"

#define NUM_MAX 128

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t
count_colons(const char *p, const char *end)
{
	size_t k = 0;

	for (; p < end; p++)
		k += *p == ':';
	return k;
}

static void
trim(const char **p, const char **end)
{
	while (*p < *end && (**p == ' ' || **p == '\t'))
		(*p)++;
	while (*end > *p && ((*end)[-1] == ' ' || (*end)[-1] == '\t'))
		(*end)--;
}

/*
 * Whether p[0..end) is digits grouped by sep in thousands: a first group of
 * one to three digits not starting with 0, then groups of three.
 */
static int
grouped(const char *p, const char *end, char sep)
{
	const char *q = p;

	while (q < end && is_digit(*q))
		q++;
	if (q - p < 1 || q - p > 3 || *p == '0')
		return 0;
	while (q < end) {
		if (*q != sep || end - q < 4 || !is_digit(q[1]) ||
			!is_digit(q[2]) || !is_digit(q[3]))
			return 0;
		q += 4;
	}
	return 1;
}

/* Copy the digits of p[0..end) (skipping sep) to buf at *len. */
static int
copy_digits(const char *p, const char *end, char sep, char *buf, size_t *len)
{
	for (; p < end; p++) {
		if (*p == sep)
			continue;
		if (!is_digit(*p) || *len >= NUM_MAX)
			return -1;
		buf[(*len)++] = *p;
	}
	return 0;
}

int
kcc_parse_number(const char *p, size_t n, int decimal_comma, double *v)
{
	const char *end = p + n, *q, *mant_end, *last_dot = NULL,
		   *last_comma = NULL, *dec_at = NULL;
	char buf[NUM_MAX + 16], dec = 0, grp = 0;
	size_t len = 0, ndot = 0, ncomma = 0, ndigits, k;
	int has_exp, neg = 0;

	trim(&p, &end);
	/* The common case, a plain whole number, without the machinery. */
	if (p < end && end - p <= 15) {
		int64_t i = 0;
		for (q = p; q < end && is_digit(*q); q++)
			i = i * 10 + (*q - '0');
		if (q == end) {
			*v = (double)i;
			return 0;
		}
	}
	if (p < end && (*p == '+' || *p == '-')) {
		if (*p == '-')
			buf[len++] = '-';
		neg = *p++ == '-';
	}
	for (q = p; q < end && (is_digit(*q) || *q == '.' || *q == ','); q++)
		if (*q == '.') {
			ndot++;
			last_dot = q;
		} else if (*q == ',') {
			ncomma++;
			last_comma = q;
		}
	mant_end = q;
	has_exp = q < end && (*q == 'e' || *q == 'E');

	/* Which separator is which. */
	if (ndot > 0 && ncomma > 0) {
		dec = last_dot > last_comma ? '.' : ',';
		grp = dec == '.' ? ',' : '.';
		if ((dec == '.' ? ndot : ncomma) > 1)
			return -1;
	} else if (ndot + ncomma > 1) {
		grp = ndot > 0 ? '.' : ',';
	} else if (ndot + ncomma == 1) {
		char s = ndot > 0 ? '.' : ',';
		if (s == (decimal_comma ? ',' : '.') || has_exp ||
			!grouped(p, mant_end, s))
			dec = s;
		else
			grp = s;
	}
	if (dec != 0)
		dec_at = dec == '.' ? last_dot : last_comma;
	else
		dec_at = mant_end;
	if (grp != 0 && (has_exp || !grouped(p, dec_at, grp)))
		return -1;

	/* Rewrite in JSON's form. */
	if (copy_digits(p, dec_at, grp, buf, &len) < 0)
		return -1;
	ndigits = len - (size_t)neg;
	if (ndigits == 0)
		buf[len++] = '0';
	/* JSON has no leading zeros: "007" is 7. */
	for (k = (size_t)neg; k + 1 < len && buf[k] == '0'; k++)
		;
	if (k > (size_t)neg) {
		memmove(buf + neg, buf + k, len - k);
		len -= k - (size_t)neg;
	}
	if (dec_at < mant_end && mant_end - dec_at > 1) {
		buf[len++] = '.';
		if (copy_digits(dec_at + 1, mant_end, 0, buf, &len) < 0)
			return -1;
		ndigits += (size_t)(mant_end - dec_at - 1);
	}
	if (ndigits == 0)
		return -1;
	if (has_exp) {
		q = mant_end + 1;
		buf[len++] = 'e';
		if (q < end && (*q == '+' || *q == '-'))
			buf[len++] = *q++;
		if (q == end || end - q > 8)
			return -1;
		for (; q < end; q++) {
			if (!is_digit(*q))
				return -1;
			buf[len++] = *q;
		}
	} else if (mant_end != end) {
		return -1;
	}
	return kcc_json_num(buf, len, v);
}

/*
 * A decimal at p: digits, optionally '.' or ',' and more digits.  Returns
 * the end, or NULL when there are no digits.
 */
static const char *
decimal(const char *p, const char *end, double *v)
{
	const char *q = p;
	char buf[NUM_MAX + 4];
	size_t len = 0;

	while (q < end && is_digit(*q))
		q++;
	if (q == p)
		return NULL;
	if (copy_digits(p, q, 0, buf, &len) < 0)
		return NULL;
	if (q + 1 < end && (*q == '.' || *q == ',') && is_digit(q[1])) {
		p = ++q;
		while (q < end && is_digit(*q))
			q++;
		buf[len++] = '.';
		if (copy_digits(p, q, 0, buf, &len) < 0)
			return NULL;
	}
	if (kcc_json_num(buf, len, v) < 0)
		return NULL;
	return q;
}

/* One or two digits below 60 at p, then ':'; returns past the ':'. */
static const char *
sexagesimal(const char *p, const char *end, int *v)
{
	if (p >= end || !is_digit(*p))
		return NULL;
	*v = *p++ - '0';
	if (p < end && is_digit(*p))
		*v = *v * 10 + (*p++ - '0');
	if (*v >= 60 || p >= end || *p != ':')
		return NULL;
	return p + 1;
}

static int
clock_duration(const char *p, const char *end, double *secs)
{
	const char *q;
	size_t colons = count_colons(p, end), digits;
	double first = 0, s;
	int m = 0;

	if (colons > 2)
		return -1;
	/* The first part: whole hours (h:mm:ss) or minutes (m:ss). */
	for (q = p; q < end && is_digit(*q); q++) {
		if (q - p >= 15)
			return -1;
		first = first * 10 + (*q - '0');
	}
	if (q == p || q >= end || *q != ':')
		return -1;
	q++;
	if (colons == 2 && (q = sexagesimal(q, end, &m)) == NULL)
		return -1;
	/* Seconds: one or two digits, an optional fraction. */
	for (digits = 0; q + digits < end && is_digit(q[digits]); digits++)
		;
	if (digits < 1 || digits > 2 || decimal(q, end, &s) != end || s >= 60)
		return -1;
	*secs = colons == 2 ? first * 3600 + m * 60 + s : first * 60 + s;
	return 0;
}

/* ISO 8601 after the 'P'. */
static int
iso_duration(const char *p, const char *end, double *secs)
{
	static const char date_units[] = "WD", time_units[] = "HMS";
	static const double date_secs[] = {7 * 86400.0, 86400.0},
			    time_secs[] = {3600.0, 60.0, 1.0};
	const char *units = date_units;
	const double *scale = date_secs;
	double total = 0, x;
	size_t next = 0, nunits = 2, k;
	int any = 0, in_time = 0, any_time = 0;
	char u;

	while (p < end) {
		if (*p == 'T' || *p == 't') {
			if (in_time)
				return -1;
			in_time = 1;
			units = time_units;
			scale = time_secs;
			nunits = 3;
			next = 0;
			p++;
			continue;
		}
		if ((p = decimal(p, end, &x)) == NULL || p >= end)
			return -1;
		u = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		p++;
		for (k = next; k < nunits && units[k] != u; k++)
			;
		if (k == nunits)
			return -1; /* unknown, out of order, Y or M(onths) */
		total += x * scale[k];
		next = k + 1;
		any = 1;
		any_time |= in_time;
	}
	if (!any || (in_time && !any_time))
		return -1;
	*secs = total;
	return 0;
}

int
kcc_parse_duration(const char *p, size_t n, double *secs)
{
	const char *end = p + n, *q;

	trim(&p, &end);
	if (p == end)
		return -1;
	if (*p == 'P' || *p == 'p')
		return iso_duration(p + 1, end, secs);
	if (count_colons(p, end) > 0)
		return clock_duration(p, end, secs);
	q = decimal(p, end, secs);
	return q == end ? 0 : -1;
}
