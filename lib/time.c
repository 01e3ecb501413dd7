/*
 * Time: RFC 3339 text, TZif zones, local wall time and calendar buckets.
 *
 * Instants are int64 seconds since the epoch plus nanoseconds; all calendar
 * arithmetic is done on integers with Howard Hinnant's days-from-civil
 * algorithms, so nothing depends on time_t, struct tm or the process's TZ.
 * Zones are read from TZif files directly rather than through localtime(3)
 * because glibc keeps one process-wide zone in TZ, hides the transitions
 * and gives the caller no say in what a wall time in a DST gap or overlap
 * means; reading the file ourselves also makes a lookup a few compares.
 *
 * A TZif file is untrusted input: every count is checked against the bytes
 * that remain before anything is read, type indexes and offsets are range
 * checked, transitions must ascend, and a bad file yields an error, never a
 * read past the buffer.  Of a v2+ file only the 64-bit block and the POSIX
 * TZ footer are used; the footer rule answers for instants at or after the
 * last transition (as glibc does), so slim files and dates past 2037 work.
 *
 * struct kcc_tz owns its name, the transition times and the offset in
 * force after each transition (the type index is resolved at load).  At
 * load the footer rule's transitions up to 2100 are appended to the table,
 * so that a lookup is the same binary search in slim and fat files; past
 * that the rule is evaluated for the three years around the instant.  The
 * zone also caches the last interval [cache_lo, cache_hi) over which the
 * offset is constant: a stream of records with nearby times costs two
 * compares per kcc_tz_offset().  Lookups never allocate.  Because of that
 * cache a struct kcc_tz must not be shared between threads; load one per
 * thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kcc/diag.h"
#include "kcc/time.h"

#define DAY_S       86400
#define CYCLE_DAYS  146097 /* days in 400 Gregorian years */
#define CYCLE_S     ((int64_t)CYCLE_DAYS * DAY_S)
#define RULE_SPAN_S INT64_C(10000000000000) /* ~317,000 years */
#define TZ_FILE_MAX (1024 * 1024)
#define TZ_NAME_MAX 255
#define EXTEND_MAX  1024     /* transitions added from the footer rule */
#define UTOFF_MIN   (-89999) /* RFC 9636: -24:59:59 .. 25:59:59 */
#define UTOFF_MAX   93599
#define YEAR_MIN    0
#define YEAR_MAX    9999

/* One end of a POSIX TZ rule: a day of the year and a local time. */
struct rule_date {
	char kind; /* 'J' Julian 1..365, 'D' zero-based 0..365, 'M' m.w.d */
	int n, m, w, d;
	int32_t time; /* seconds after local midnight, -167h..167h */
};

struct rule {
	int32_t std_off, dst_off; /* UTC offsets, east positive */
	int has_dst;
	struct rule_date start, end;
};

struct kcc_tz {
	int64_t cache_lo, cache_hi; /* offset cache_off on [lo, hi) */
	int32_t cache_off;
	int32_t before_off; /* before the first transition, or no rule */
	size_t ntrans;
	int64_t *trans;     /* ascending */
	int32_t *trans_off; /* offset from trans[i] on */
	int has_rule;
	struct rule rule;
	char *name;
};

/* Calendar */

static int
is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
days_in_month(int64_t y, int m)
{
	static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31,
		30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Seconds into the day of local seconds t (0..86399), overflow-free. */
static int64_t
day_secs(int64_t t)
{
	int64_t r = t % DAY_S;

	return r < 0 ? r + DAY_S : r;
}

int64_t
kcc_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * CYCLE_DAYS + (int64_t)doe - 719468;
}

void
kcc_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t z = days + 719468, era;
	unsigned doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - (CYCLE_DAYS - 1)) / CYCLE_DAYS;
	doe = (unsigned)(z - era * CYCLE_DAYS);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

int
kcc_iso_weekday(int64_t days)
{
	return (int)((days % 7 + 7 + 3) % 7) + 1;
}

/* sec + off without overflow; on overflow the offset is dropped. */
static int64_t
add_off(int64_t sec, int32_t *off)
{
	if ((*off > 0 && sec > INT64_MAX - *off) ||
		(*off < 0 && sec < INT64_MIN - *off))
		*off = 0;
	return sec + *off;
}

/* RFC 3339 */

/* Exactly n ASCII digits at s, or -1. */
static int
num(const char *s, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

int
kcc_time_parse(const char *s, size_t n, struct kcc_time *t, const char **why)
{
	int y, mo, d, h, mi, sec, oh, om, k;
	int32_t nsec = 0, off = 0;
	size_t p;

	if (n < 19 || (y = num(s, 4)) < 0 || s[4] != '-' ||
		(mo = num(s + 5, 2)) < 0 || s[7] != '-' ||
		(d = num(s + 8, 2)) < 0 ||
		(s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
		(h = num(s + 11, 2)) < 0 || s[13] != ':' ||
		(mi = num(s + 14, 2)) < 0 || s[16] != ':' ||
		(sec = num(s + 17, 2)) < 0) {
		*why = "expected a date-time like 2026-03-02T09:14:07+01:00";
		return -1;
	}
	p = 19;
	if (p < n && s[p] == '.') {
		for (k = 0, p++; p < n && s[p] >= '0' && s[p] <= '9'; k++, p++)
			if (k < 9)
				nsec = nsec * 10 + (s[p] - '0');
		if (k == 0) {
			*why = "expected digits after the decimal point";
			return -1;
		}
		if (k > 9) {
			*why = "fraction of a second has more than 9 digits";
			return -1;
		}
		for (; k < 9; k++)
			nsec *= 10;
	}
	if (p >= n) {
		*why = "missing UTC offset ('Z' or '+01:00')";
		return -1;
	}
	if (s[p] == 'Z' || s[p] == 'z') {
		p++;
	} else if (s[p] == '+' || s[p] == '-') {
		if (n - p < 6 || (oh = num(s + p + 1, 2)) < 0 ||
			s[p + 3] != ':' || (om = num(s + p + 4, 2)) < 0) {
			*why = "expected a UTC offset like '+01:00'";
			return -1;
		}
		if (oh > 23 || om > 59) {
			*why = "UTC offset out of range";
			return -1;
		}
		off = (oh * 3600 + om * 60) * (s[p] == '-' ? -1 : 1);
		p += 6;
	} else {
		*why = "expected 'Z' or a UTC offset like '+01:00'";
		return -1;
	}
	if (p != n) {
		*why = "unexpected characters after the date-time";
		return -1;
	}
	if (mo < 1 || mo > 12) {
		*why = "month out of range";
		return -1;
	}
	if (d < 1 || d > days_in_month(y, mo)) {
		*why = "day out of range for the month";
		return -1;
	}
	if (h > 23 || mi > 59) {
		*why = "time of day out of range";
		return -1;
	}
	if (sec == 60) {
		*why = "leap second (:60) not supported";
		return -1;
	}
	if (sec > 59) {
		*why = "time of day out of range";
		return -1;
	}
	t->sec = kcc_days_from_civil(y, (unsigned)mo, (unsigned)d) * DAY_S +
		 h * 3600 + mi * 60 + sec - off;
	t->nsec = nsec;
	t->off_s = off;
	return 0;
}

static char *
put2(char *p, int v)
{
	*p++ = (char)('0' + v / 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/* Year as 4 digits, or with a sign and at least 4 digits outside 0..9999. */
static char *
put_year(char *p, int64_t y)
{
	char tmp[24];
	uint64_t u;
	int n = 0;

	if (y < YEAR_MIN || y > YEAR_MAX)
		*p++ = y < 0 ? '-' : '+';
	u = y < 0 ? (uint64_t)0 - (uint64_t)y : (uint64_t)y;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	while (n < 4)
		tmp[n++] = '0';
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* "Z" or "+HH:MM"; seconds of an offset are truncated. */
static char *
put_off(char *p, int32_t off32)
{
	int64_t off = off32;

	if (off == 0) {
		*p++ = 'Z';
		return p;
	}
	*p++ = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	p = put2(p, (int)(off / 3600 % 100));
	*p++ = ':';
	return put2(p, (int)(off / 60 % 60));
}

size_t
kcc_time_format(const struct kcc_time *t, char *buf)
{
	int32_t off = t->off_s / 60 * 60, nsec = t->nsec;
	int64_t local, days, sod, y;
	unsigned m, d;
	char *p = buf;
	int k;

	/* Only whole-minute offsets within +-23:59 can be written; the
	 * local time follows the offset written, so the instant survives. */
	if (off < -86340 || off > 86340)
		off = 0;
	if (nsec < 0 || nsec > 999999999)
		nsec = 0;
	/* Times come in runs of the same day: its date is kept. */
	static _Thread_local int64_t last_days = INT64_MIN, last_y;
	static _Thread_local unsigned last_m, last_d;

	for (;;) {
		local = add_off(t->sec, &off);
		days = floor_div(local, DAY_S);
		if (days == last_days) {
			y = last_y;
			m = last_m;
			d = last_d;
		} else {
			kcc_civil_from_days(days, &y, &m, &d);
			last_days = days;
			last_y = y;
			last_m = m;
			last_d = d;
		}
		if (off == 0 || (y >= YEAR_MIN && y <= YEAR_MAX))
			break;
		off = 0;
	}
	sod = day_secs(local);
	p = put_year(p, y);
	*p++ = '-';
	p = put2(p, (int)m);
	*p++ = '-';
	p = put2(p, (int)d);
	*p++ = 'T';
	p = put2(p, (int)(sod / 3600));
	*p++ = ':';
	p = put2(p, (int)(sod / 60 % 60));
	*p++ = ':';
	p = put2(p, (int)(sod % 60));
	if (nsec != 0) {
		*p++ = '.';
		for (k = 100000000; k > 0 && nsec != 0; k /= 10) {
			*p++ = (char)('0' + nsec / k);
			nsec %= k;
		}
	}
	p = put_off(p, off);
	*p = '\0';
	return (size_t)(p - buf);
}

/* POSIX TZ rules (the TZif footer, RFC 8536 section 3.3) */

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* A zone abbreviation, "CET" or "<+0330>"; returns the end or NULL. */
static const char *
tzs_name(const char *p, const char *end)
{
	const char *q;

	if (p < end && *p == '<') {
		for (q = ++p; q < end && *q != '>'; q++)
			if (!is_alpha(*q) && !is_digit(*q) && *q != '+' &&
				*q != '-')
				return NULL;
		if (q >= end || q - p < 3)
			return NULL;
		return q + 1;
	}
	for (q = p; q < end && is_alpha(*q); q++)
		;
	return q - p < 3 ? NULL : q;
}

/* An unsigned number of 1..maxd digits, at most max. */
static const char *
tzs_num(const char *p, const char *end, int maxd, int max, int *out)
{
	int v = 0, k = 0;

	while (p < end && is_digit(*p) && k < maxd) {
		v = v * 10 + (*p++ - '0');
		k++;
	}
	if (k == 0 || v > max)
		return NULL;
	*out = v;
	return p;
}

/* [+-]h[h[h]][:mm[:ss]], hours at most maxh; seconds into *out. */
static const char *
tzs_hms(const char *p, const char *end, int maxh, int32_t *out)
{
	int sign = 1, h, m = 0, s = 0;

	if (p < end && (*p == '+' || *p == '-'))
		sign = *p++ == '-' ? -1 : 1;
	if ((p = tzs_num(p, end, 3, maxh, &h)) == NULL)
		return NULL;
	if (p < end && *p == ':') {
		if ((p = tzs_num(p + 1, end, 2, 59, &m)) == NULL)
			return NULL;
		if (p < end && *p == ':' &&
			(p = tzs_num(p + 1, end, 2, 59, &s)) == NULL)
			return NULL;
	}
	*out = sign * (h * 3600 + m * 60 + s);
	return p;
}

/* Jn, n or Mm.w.d, then an optional /time (RFC 8536: -167..167 hours). */
static const char *
tzs_date(const char *p, const char *end, struct rule_date *r)
{
	memset(r, 0, sizeof *r);
	if (p >= end)
		return NULL;
	if (*p == 'J') {
		r->kind = 'J';
		if ((p = tzs_num(p + 1, end, 3, 365, &r->n)) == NULL ||
			r->n < 1)
			return NULL;
	} else if (*p == 'M') {
		r->kind = 'M';
		if ((p = tzs_num(p + 1, end, 2, 12, &r->m)) == NULL ||
			r->m < 1 || p >= end || *p != '.' ||
			(p = tzs_num(p + 1, end, 1, 5, &r->w)) == NULL ||
			r->w < 1 || p >= end || *p != '.' ||
			(p = tzs_num(p + 1, end, 1, 6, &r->d)) == NULL)
			return NULL;
	} else {
		r->kind = 'D';
		if ((p = tzs_num(p, end, 3, 365, &r->n)) == NULL)
			return NULL;
	}
	r->time = 7200;
	if (p < end && *p == '/')
		p = tzs_hms(p + 1, end, 167, &r->time);
	return p;
}

/* Parse a POSIX TZ string, s..end; 0 or -1. */
static int
rule_parse(const char *p, const char *end, struct rule *r)
{
	int32_t v;

	memset(r, 0, sizeof *r);
	if ((p = tzs_name(p, end)) == NULL ||
		(p = tzs_hms(p, end, 24, &v)) == NULL)
		return -1;
	r->std_off = -v;
	if (p == end)
		return 0;
	if ((p = tzs_name(p, end)) == NULL)
		return -1;
	r->has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (p < end && *p != ',') {
		if ((p = tzs_hms(p, end, 24, &v)) == NULL)
			return -1;
		r->dst_off = -v;
	}
	if (p == end) {
		/* No rule: the US one, as glibc assumes. */
		r->start = (struct rule_date){'M', 0, 3, 2, 0, 7200};
		r->end = (struct rule_date){'M', 0, 11, 1, 0, 7200};
		return 0;
	}
	if (*p != ',' || (p = tzs_date(p + 1, end, &r->start)) == NULL ||
		p >= end || *p != ',' ||
		(p = tzs_date(p + 1, end, &r->end)) == NULL || p != end)
		return -1;
	return 0;
}

/* Day number of a rule date in year y. */
static int64_t
rule_day(const struct rule_date *r, int64_t y)
{
	int64_t first, day;
	int dim;

	switch (r->kind) {
	case 'J':
		return kcc_days_from_civil(y, 1, 1) + r->n - 1 +
		       (is_leap(y) && r->n >= 60);
	case 'D':
		return kcc_days_from_civil(y, 1, 1) + r->n;
	default:
		first = kcc_days_from_civil(y, (unsigned)r->m, 1);
		/* iso_wday % 7 counts from Sunday 0, as POSIX d does. */
		day = first + (r->d - kcc_iso_weekday(first) % 7 + 7) % 7 +
		      (int64_t)(r->w - 1) * 7;
		dim = days_in_month(y, r->m);
		while (day >= first + dim)
			day -= 7;
		return day;
	}
}

/*
 * Offset of rule r at sec, and an interval [*lo, *hi) holding sec over
 * which it is constant (empty when it could not be worked out cheaply).
 * The transitions of the years around sec are sorted, so southern rules
 * (end before start) and rules whose times spill into the next year come
 * out right.
 */
static int32_t
rule_offset(const struct rule *r, int64_t sec, int64_t *lo, int64_t *hi)
{
	struct {
		int64_t at;
		int dst;
	} ev[6], e;
	int64_t shift = 0, y;
	unsigned m, d;
	int i, j, last;
	int32_t stdo = r->std_off;

	if (!r->has_dst) {
		*lo = INT64_MIN;
		*hi = INT64_MAX;
		return r->std_off;
	}
	/* The rules repeat every 400 years; fold far instants in. */
	if (sec > RULE_SPAN_S || sec < -RULE_SPAN_S) {
		shift = sec / CYCLE_S * CYCLE_S;
		sec -= shift;
	}
	kcc_civil_from_days(floor_div(sec + stdo, DAY_S), &y, &m, &d);
	for (i = 0; i < 3; i++) {
		ev[2 * i].at = rule_day(&r->start, y - 1 + i) * DAY_S +
			       r->start.time - r->std_off;
		ev[2 * i].dst = 1;
		ev[2 * i + 1].at = rule_day(&r->end, y - 1 + i) * DAY_S +
				   r->end.time - r->dst_off;
		ev[2 * i + 1].dst = 0;
	}
	/* Sort; on a tie the end goes first so that all-year DST wins. */
	for (i = 1; i < 6; i++) {
		e = ev[i];
		for (j = i; j > 0 && (ev[j - 1].at > e.at ||
					     (ev[j - 1].at == e.at &&
						     ev[j - 1].dst > e.dst));
			j--)
			ev[j] = ev[j - 1];
		ev[j] = e;
	}
	for (last = -1, i = 0; i < 6 && ev[i].at <= sec; i++)
		last = i;
	if (last < 0) {
		*lo = sec;
		*hi = ev[0].at;
	} else {
		*lo = ev[last].at;
		*hi = last + 1 < 6 ? ev[last + 1].at : sec + 1;
	}
	if (shift != 0) {
		*lo = 1;
		*hi = 0;
	}
	if (last < 0)
		return ev[0].dst ? r->std_off : r->dst_off;
	return ev[last].dst ? r->dst_off : r->std_off;
}

/* TZif */

static uint32_t
be32u(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Two's complement decoding, without implementation-defined casts. */
static int64_t
be32(const unsigned char *p)
{
	uint32_t u = be32u(p);

	return u < UINT32_C(0x80000000) ? (int64_t)u
					: (int64_t)u - INT64_C(0x100000000);
}

static int64_t
be64(const unsigned char *p)
{
	uint64_t u = (uint64_t)be32u(p) << 32 | be32u(p + 4);

	return u < UINT64_C(0x8000000000000000) ? (int64_t)u
						: -(int64_t)(~u) - 1;
}

struct tzif_hdr {
	int version; /* 1, 2, 3, ... */
	uint64_t isut, isstd, leap, time, type, chars;
};

static int
tzif_hdr(const unsigned char *p, size_t len, struct tzif_hdr *h)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	h->version = p[4] == 0 ? 1 : p[4] - '0';
	if (h->version < 1 || h->version > 9)
		return -1;
	h->isut = be32u(p + 20);
	h->isstd = be32u(p + 24);
	h->leap = be32u(p + 28);
	h->time = be32u(p + 32);
	h->type = be32u(p + 36);
	h->chars = be32u(p + 40);
	return 0;
}

/* Bytes of the data block after a header (tsize: 4 or 8). */
static uint64_t
tzif_block(const struct tzif_hdr *h, unsigned tsize)
{
	return h->time * tsize + h->time + h->type * 6 + h->chars +
	       h->leap * (tsize + 4) + h->isstd + h->isut;
}

/* Read the data block at p (tsize-byte times) into tz; 0 or a message. */
static const char *
tzif_data(const unsigned char *p, const struct tzif_hdr *h, unsigned tsize,
	struct kcc_tz *tz)
{
	const unsigned char *idx = p + h->time * tsize;
	const unsigned char *types = idx + h->time;
	int32_t offs[256];
	uint64_t i;
	int64_t off;

	if (h->type == 0 || h->type > 256 ||
		(h->isstd != 0 && h->isstd != h->type) ||
		(h->isut != 0 && h->isut != h->type))
		return "corrupt time zone file";
	if (h->leap != 0)
		return "time zone files with leap seconds are not supported";
	for (i = 0; i < h->type; i++) {
		off = be32(types + 6 * i);
		if (off < UTOFF_MIN || off > UTOFF_MAX ||
			types[6 * i + 4] > 1 || types[6 * i + 5] >= h->chars)
			return "corrupt time zone file";
		offs[i] = (int32_t)off;
	}
	tz->ntrans = (size_t)h->time;
	tz->trans = kcc_xcalloc(h->time ? h->time : 1, sizeof *tz->trans);
	tz->trans_off =
		kcc_xcalloc(h->time ? h->time : 1, sizeof *tz->trans_off);
	for (i = 0; i < h->time; i++) {
		tz->trans[i] = tsize == 8 ? be64(p + 8 * i) : be32(p + 4 * i);
		if (i > 0 && tz->trans[i] <= tz->trans[i - 1])
			return "corrupt time zone file";
		if (idx[i] >= h->type)
			return "corrupt time zone file";
		tz->trans_off[i] = offs[idx[i]];
	}
	tz->before_off = offs[0];
	return NULL;
}

/* Parse a whole TZif image into tz; NULL or a message. */
static const char *
tzif_parse(const unsigned char *buf, size_t len, struct kcc_tz *tz)
{
	struct tzif_hdr h;
	uint64_t n;
	const unsigned char *p, *end = buf + len, *nl;
	const char *msg;

	if (tzif_hdr(buf, len, &h) < 0)
		return "not a time zone file";
	n = tzif_block(&h, 4);
	if (n > len - 44)
		return "corrupt time zone file";
	if (h.version == 1)
		return tzif_data(buf + 44, &h, 4, tz);
	p = buf + 44 + n;
	if (tzif_hdr(p, (size_t)(end - p), &h) < 0 || h.version < 2)
		return "corrupt time zone file";
	p += 44;
	n = tzif_block(&h, 8);
	if (n > (uint64_t)(end - p))
		return "corrupt time zone file";
	if ((msg = tzif_data(p, &h, 8, tz)) != NULL)
		return msg;
	p += n;
	/* Footer: "\n" TZ-string "\n". */
	if (p >= end || *p != '\n' ||
		(nl = memchr(p + 1, '\n', (size_t)(end - p - 1))) == NULL)
		return "corrupt time zone file";
	if (nl > p + 1) {
		if (rule_parse((const char *)p + 1, (const char *)nl,
			    &tz->rule) < 0)
			return "time zone file has an invalid TZ rule";
		tz->has_rule = 1;
	}
	return NULL;
}

static int
valid_name(const char *name)
{
	const char *p;

	if (*name == '\0' || *name == '/' || strlen(name) > TZ_NAME_MAX)
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!is_alpha(*p) && !is_digit(*p) && *p != '/' && *p != '_' &&
			*p != '+' && *p != '-')
			return 0;
	return strstr(name, "..") == NULL;
}

/* Read the file at path; 0, or -1 with errno set (EFBIG: too large). */
static int
slurp(const char *path, unsigned char **buf, size_t *len)
{
	struct stat st;
	ssize_t r;
	size_t n = 0;
	int fd, e;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (st.st_size > TZ_FILE_MAX) {
		errno = EFBIG;
		goto fail;
	}
	*buf = kcc_xmalloc((size_t)st.st_size + 1);
	for (;;) {
		r = read(fd, *buf + n, (size_t)st.st_size + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(*buf);
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > (size_t)st.st_size) { /* grew under us */
			free(*buf);
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	*len = n;
	return 0;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

/*
 * Append the footer rule's transitions up to 2100 to the table, so that
 * lookups in slim files (last transition 2007 for US zones) and past 2037
 * in fat ones are a binary search too.  The rule still answers after the
 * new last transition, and at the old one, as it did before.
 */
static void
extend(struct kcc_tz *tz)
{
	const int64_t until = INT64_C(4102444800); /* 2100-01-01T00:00Z */
	size_t n = tz->ntrans, cap, steps;
	int64_t s, lo, hi;
	int32_t off, prev;

	if (!tz->has_rule || !tz->rule.has_dst || n == 0 ||
		tz->trans[n - 1] >= until)
		return;
	s = tz->trans[n - 1];
	cap = n + EXTEND_MAX;
	tz->trans = kcc_xrealloc(tz->trans, cap * sizeof *tz->trans);
	tz->trans_off =
		kcc_xrealloc(tz->trans_off, cap * sizeof *tz->trans_off);
	prev = rule_offset(&tz->rule, s, &lo, &hi);
	tz->trans_off[n - 1] = prev;
	for (steps = 0;
		hi > s && hi < until && n < cap && steps < 4 * EXTEND_MAX;
		steps++) {
		s = hi;
		off = rule_offset(&tz->rule, s, &lo, &hi);
		if (off != prev) {
			tz->trans[n] = s;
			tz->trans_off[n++] = off;
			prev = off;
		}
	}
	tz->ntrans = n;
}

static struct kcc_tz *
tz_new(const char *name)
{
	struct kcc_tz *tz = kcc_xcalloc(1, sizeof *tz);

	tz->name = kcc_xstrdup(name);
	tz->cache_lo = 1;
	tz->cache_hi = 0;
	return tz;
}

struct kcc_tz *
kcc_tz_load(const char *name, const char **why)
{
	const char *dir = getenv("TZDIR"), *msg;
	char path[4096];
	unsigned char *buf;
	size_t len;
	struct kcc_tz *tz;
	int r;

	if (name == NULL || !valid_name(name)) {
		*why = "invalid time zone name";
		return NULL;
	}
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	r = snprintf(path, sizeof path, "%s/%s", dir, name);
	if (r < 0 || (size_t)r >= sizeof path) {
		*why = "time zone path too long";
		return NULL;
	}
	if (slurp(path, &buf, &len) < 0) {
		if (errno == ENOENT && (strcmp(name, "UTC") == 0 ||
					       strcmp(name, "Etc/UTC") == 0))
			return tz_new(name); /* no zoneinfo installed */
		if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR ||
			errno == ENAMETOOLONG)
			*why = "unknown time zone";
		else if (errno == EFBIG)
			*why = "time zone file too large";
		else
			*why = "cannot read time zone file";
		return NULL;
	}
	tz = tz_new(name);
	msg = tzif_parse(buf, len, tz);
	free(buf);
	if (msg != NULL) {
		kcc_tz_free(tz);
		*why = msg;
		return NULL;
	}
	extend(tz);
	return tz;
}

void
kcc_tz_free(struct kcc_tz *tz)
{
	if (tz == NULL)
		return;
	free(tz->trans);
	free(tz->trans_off);
	free(tz->name);
	free(tz);
}

const char *
kcc_tz_name(const struct kcc_tz *tz)
{
	return tz->name;
}

static int32_t
tz_lookup(struct kcc_tz *tz, int64_t sec)
{
	size_t n = tz->ntrans, len, half, i;
	const int64_t *base;
	int64_t ilo, ihi;
	int32_t off;

	if (n == 0 || sec >= tz->trans[n - 1]) {
		if (tz->has_rule) {
			off = rule_offset(&tz->rule, sec, &ilo, &ihi);
			if (n > 0 && ilo < tz->trans[n - 1])
				ilo = tz->trans[n - 1];
		} else {
			off = n > 0 ? tz->trans_off[n - 1] : tz->before_off;
			ilo = n > 0 ? tz->trans[n - 1] : INT64_MIN;
			ihi = INT64_MAX;
		}
	} else if (sec < tz->trans[0]) {
		off = tz->before_off;
		ilo = INT64_MIN;
		ihi = tz->trans[0];
	} else {
		/* The last trans[i] <= sec; trans[0] <= sec < trans[n - 1].
		 * Branch-free halving: the compare becomes a conditional
		 * move, which random lookups do not mispredict. */
		base = tz->trans;
		for (len = n; len > 1; len -= half) {
			half = len / 2;
			base = base[half] <= sec ? base + half : base;
		}
		i = (size_t)(base - tz->trans);
		off = tz->trans_off[i];
		ilo = tz->trans[i];
		ihi = tz->trans[i + 1];
	}
	tz->cache_lo = ilo;
	tz->cache_hi = ihi;
	tz->cache_off = off;
	return off;
}

int32_t
kcc_tz_offset(struct kcc_tz *tz, int64_t sec)
{
	if (sec >= tz->cache_lo && sec < tz->cache_hi)
		return tz->cache_off;
	return tz_lookup(tz, sec);
}

int
kcc_tz_local(struct kcc_tz *tz, int64_t y, int mo, int d, int h, int mi, int s,
	int32_t nsec, enum kcc_tz_gap gap, enum kcc_tz_fold fold,
	struct kcc_time *t, const char **why)
{
	int32_t cand[4], off;
	int64_t local, u, first = 0, last = 0;
	int nvalid = 0, i, j;

	if (y < YEAR_MIN || y > YEAR_MAX || mo < 1 || mo > 12 || d < 1 ||
		d > days_in_month(y, mo)) {
		*why = "invalid date";
		return -1;
	}
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 ||
		nsec < 0 || nsec > 999999999) {
		*why = "invalid time of day";
		return -1;
	}
	local = kcc_days_from_civil(y, (unsigned)mo, (unsigned)d) * DAY_S +
		h * 3600 + mi * 60 + s;
	/*
	 * Candidate offsets: those in force a day either side, and those at
	 * the instants they give.  A candidate is valid when the zone agrees
	 * with it at local - off; two valid ones are an overlap, none a gap.
	 */
	cand[0] = kcc_tz_offset(tz, local - DAY_S);
	cand[1] = kcc_tz_offset(tz, local + DAY_S);
	cand[2] = kcc_tz_offset(tz, local - cand[0]);
	cand[3] = kcc_tz_offset(tz, local - cand[1]);
	for (i = 0; i < 4; i++) {
		for (j = 0; j < i && cand[j] != cand[i]; j++)
			;
		if (j < i)
			continue;
		u = local - cand[i];
		if (kcc_tz_offset(tz, u) != cand[i])
			continue;
		if (nvalid == 0 || u < first)
			first = u;
		if (nvalid == 0 || u > last)
			last = u;
		nvalid++;
	}
	t->nsec = nsec;
	if (nvalid == 1) {
		t->sec = first;
		t->off_s = kcc_tz_offset(tz, first);
		return 0;
	}
	if (nvalid > 1) {
		if (fold == KCC_FOLD_ERROR) {
			*why = "time is ambiguous (daylight-saving overlap)";
			return -1;
		}
		t->sec = fold == KCC_FOLD_LATER ? last : first;
		t->off_s = kcc_tz_offset(tz, t->sec);
		return 1;
	}
	if (gap == KCC_GAP_ERROR) {
		*why = "time falls in a daylight-saving gap";
		return -1;
	}
	/* Read with the offset from before the gap, the wall time lands
	 * past it, moved forward by the gap's length. */
	t->sec = local - cand[0];
	off = kcc_tz_offset(tz, t->sec);
	t->off_s = off;
	return 2;
}

void
kcc_time_civil(struct kcc_tz *tz, const struct kcc_time *t, struct kcc_civil *c)
{
	int32_t off = tz != NULL ? kcc_tz_offset(tz, t->sec) : t->off_s;
	int64_t local = add_off(t->sec, &off), days, sod;
	unsigned m, d;

	days = floor_div(local, DAY_S);
	sod = day_secs(local);
	kcc_civil_from_days(days, &c->year, &m, &d);
	c->month = (int)m;
	c->day = (int)d;
	c->hour = (int)(sod / 3600);
	c->min = (int)(sod / 60 % 60);
	c->sec = (int)(sod % 60);
	c->wday = kcc_iso_weekday(days);
	c->yday = (int)(days - kcc_days_from_civil(c->year, 1, 1)) + 1;
	c->off_s = off;
}

/* ISO 8601 weeks in year y: 53 when it starts on a Thursday, or on a
 * Wednesday in a leap year. */
static int
iso_weeks(int64_t y)
{
	int jan1 = kcc_iso_weekday(kcc_days_from_civil(y, 1, 1));

	return jan1 == 4 || (jan1 == 3 && is_leap(y)) ? 53 : 52;
}

static char *
put_date(char *p, const struct kcc_civil *c)
{
	p = put_year(p, c->year);
	*p++ = '-';
	p = put2(p, c->month);
	*p++ = '-';
	return put2(p, c->day);
}

/*
 * The first instant of the clock interval of `len` seconds (dividing a
 * day) that holds t, in *start, with the offset in force then in *off.
 * The interval is [S, S + len) on the local clock.  When the clocks go
 * forward inside it, it is shorter; when S itself is skipped, it starts
 * where the clock resumes.  When they go back, an interval that lies
 * wholly in the repeated time is run through twice and each pass is an
 * interval of its own; a longer one is run through once, longer.
 */
/* The first instant from lo (offset other than hi's) to hi with hi's
   offset: where the clocks changed. */
static int64_t
transition(struct kcc_tz *tz, int64_t lo, int64_t hi)
{
	int32_t after = kcc_tz_offset(tz, hi);

	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (kcc_tz_offset(tz, mid) == after)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

static void
interval_start(struct kcc_tz *tz, const struct kcc_time *t, int64_t len,
	int64_t *start, int32_t *off)
{
	int32_t o = tz != NULL ? kcc_tz_offset(tz, t->sec) : t->off_s;
	int32_t cand[4], x;
	int64_t wall = add_off(t->sec, &o), s, first = 0, last = 0, tr;
	int i, j, nv = 0;

	/* Far outside the years a record can have (0000 to 9999), where
	   the arithmetic below could overflow: the instant itself. */
	if (t->sec < -((int64_t)1 << 50) || t->sec > ((int64_t)1 << 50)) {
		*start = t->sec;
		*off = o;
		return;
	}
	s = wall - day_secs(wall) % len;
	if (tz == NULL) {
		*start = s - o;
		*off = o;
		return;
	}
	/* The offsets in force around: the record's, at S read with it,
	   and a day beyond the interval either way. */
	cand[0] = o;
	cand[1] = kcc_tz_offset(tz, s - o);
	cand[2] = kcc_tz_offset(tz, t->sec - len - DAY_S);
	cand[3] = kcc_tz_offset(tz, t->sec + DAY_S);
	/* The instants at which the clock shows S: one per pass. */
	for (i = 0; i < 4; i++) {
		x = cand[i];
		for (j = 0; j < i && cand[j] != x; j++)
			;
		if (j < i || kcc_tz_offset(tz, s - x) != x)
			continue;
		if (nv == 0 || s - x < first)
			first = s - x;
		if (nv == 0 || s - x > last)
			last = s - x;
		nv++;
	}
	if (nv == 0) {
		/* S was skipped: from where the clock resumes. */
		int32_t lo = o, hi = o;
		for (i = 1; i < 4; i++) {
			lo = cand[i] < lo ? cand[i] : lo;
			hi = cand[i] > hi ? cand[i] : hi;
		}
		tr = transition(tz, s - hi, s - lo);
		*start = tr;
		*off = kcc_tz_offset(tz, tr);
		return;
	}
	if (nv > 1) {
		/* The clock went back over S.  An interval wholly in the
		   repeated time [T + after, T + before) is two: the record's
		   pass.  A longer one is one, from its first pass. */
		int32_t before = kcc_tz_offset(tz, first),
			after = kcc_tz_offset(tz, last);
		tr = transition(tz, first, last);
		if (s + len <= tr + before && s >= tr + after) {
			*start = s - o;
			*off = o;
			return;
		}
	}
	*start = first;
	*off = kcc_tz_offset(tz, first);
}

size_t
kcc_time_bucket(struct kcc_tz *tz, const struct kcc_time *t,
	enum kcc_bucket unit, int minutes, char *buf)
{
	static const char dow[7][6] = {"1-mon", "2-tue", "3-wed", "4-thu",
		"5-fri", "6-sat", "7-sun"};
	struct kcc_civil c;
	int64_t wy;
	char *p = buf;
	int w;

	if (unit == KCC_BUCKET_MINUTES || unit == KCC_BUCKET_HOUR) {
		struct kcc_time first;
		if (unit == KCC_BUCKET_HOUR)
			minutes = 60;
		if (minutes <= 0 || 1440 % minutes != 0) {
			*p = '\0';
			return 0;
		}
		/* Labelled by the interval's first instant, its own offset. */
		first.nsec = 0;
		interval_start(tz, t, (int64_t)minutes * 60, &first.sec,
			&first.off_s);
		kcc_time_civil(NULL, &first, &c);
		p = put_date(p, &c);
		*p++ = 'T';
		p = put2(p, c.hour);
		/* An hour that starts off the hour (the clock resumed at
		   02:30) says so. */
		if (unit == KCC_BUCKET_MINUTES || c.min != 0) {
			*p++ = ':';
			p = put2(p, c.min);
		}
		p = put_off(p, c.off_s);
		*p = '\0';
		return (size_t)(p - buf);
	}
	kcc_time_civil(tz, t, &c);
	switch (unit) {
	case KCC_BUCKET_MINUTES:
	case KCC_BUCKET_HOUR:
		break;
	case KCC_BUCKET_DAY:
		p = put_date(p, &c);
		break;
	case KCC_BUCKET_WEEK:
		wy = c.year;
		w = (c.yday - c.wday + 10) / 7;
		if (w < 1) {
			wy--;
			w = iso_weeks(wy);
		} else if (w > iso_weeks(wy)) {
			wy++;
			w = 1;
		}
		p = put_year(p, wy);
		*p++ = '-';
		*p++ = 'W';
		p = put2(p, w);
		break;
	case KCC_BUCKET_MONTH:
		p = put_year(p, c.year);
		*p++ = '-';
		p = put2(p, c.month);
		break;
	case KCC_BUCKET_QUARTER:
		p = put_year(p, c.year);
		*p++ = '-';
		*p++ = 'Q';
		*p++ = (char)('1' + (c.month - 1) / 3);
		break;
	case KCC_BUCKET_YEAR:
		p = put_year(p, c.year);
		break;
	case KCC_BUCKET_DOW:
		memcpy(p, dow[c.wday - 1], 5);
		p += 5;
		break;
	case KCC_BUCKET_HOD:
		p = put2(p, c.hour);
		break;
	}
	*p = '\0';
	return (size_t)(p - buf);
}
