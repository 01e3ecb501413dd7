/*
 * Unit tests for lib/time.c: RFC 3339, civil dates, TZif zones and their
 * footer rules, local wall time with gaps and overlaps, ISO weeks and
 * buckets.  Expected values were checked with GNU date, zdump and
 * `date +%G-W%V`; offsets are also compared with glibc's localtime_r.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kcc/time.h"
#include "tap.h"

static char tmpdir[] = "/tmp/t_time.XXXXXX";

/* Seconds of an RFC 3339 string the parser accepts (tested first). */
static int64_t
at(const char *s)
{
	struct kcc_time t;
	const char *why;

	if (kcc_time_parse(s, strlen(s), &t, &why) < 0) {
		printf("# bad test date '%s': %s\n", s, why);
		return 0;
	}
	return t.sec;
}

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int64_t
rnd_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rnd() % (uint64_t)(hi - lo));
}

/* Parse s and format it again. */
static const char *
roundtrip(const char *s)
{
	static char buf[KCC_TIME_MAX];
	struct kcc_time t;
	const char *why;

	if (kcc_time_parse(s, strlen(s), &t, &why) < 0)
		return why;
	kcc_time_format(&t, buf);
	return buf;
}

/* The parser's message for s, or "ok". */
static const char *
reject(const char *s)
{
	struct kcc_time t;
	const char *why;

	return kcc_time_parse(s, strlen(s), &t, &why) < 0 ? why : "ok";
}

static void
test_parse(void)
{
	struct kcc_time t;
	const char *why, *s;
	char buf[KCC_TIME_MAX];
	int i, bad;

	s = "2026-03-02T09:14:07+01:00";
	ok(kcc_time_parse(s, strlen(s), &t, &why) == 0, "parse %s", s);
	is_int(t.sec, 1772439247, "seconds (date -ud 2026-03-02T08:14:07Z)");
	is_int(t.nsec, 0, "no fraction");
	is_int(t.off_s, 3600, "offset +01:00");
	is_str(roundtrip(s), s, "round trip with offset");
	is_str(roundtrip("2026-03-02T08:14:07.5Z"), "2026-03-02T08:14:07.5Z",
		"fraction .5");
	is_str(roundtrip("2026-03-02t08:14:07.123456789z"),
		"2026-03-02T08:14:07.123456789Z", "lower-case t and z");
	is_str(roundtrip("2026-03-02 08:14:07.120Z"), "2026-03-02T08:14:07.12Z",
		"space for T, trailing zeros dropped");
	is_str(roundtrip("2026-03-02T08:14:07.000000000Z"),
		"2026-03-02T08:14:07Z", "zero fraction dropped");
	is_str(roundtrip("2026-03-02T08:14:07.000000001+05:30"),
		"2026-03-02T08:14:07.000000001+05:30", "1 ns, +05:30");
	is_str(roundtrip("2026-03-02T03:14:07-05:00"),
		"2026-03-02T03:14:07-05:00", "negative offset");
	is_str(roundtrip("2026-03-02T08:14:07+00:00"), "2026-03-02T08:14:07Z",
		"+00:00 is Z");
	is_str(roundtrip("2026-03-02T08:14:07-00:00"), "2026-03-02T08:14:07Z",
		"-00:00 is Z");
	is_str(roundtrip("2026-03-02T08:14:07+23:59"),
		"2026-03-02T08:14:07+23:59", "offset +23:59");
	is_str(roundtrip("2026-03-02T08:14:07-23:59"),
		"2026-03-02T08:14:07-23:59", "offset -23:59");
	is_str(roundtrip("2024-02-29T00:00:00Z"), "2024-02-29T00:00:00Z",
		"29 February 2024");
	is_str(roundtrip("2000-02-29T12:00:00Z"), "2000-02-29T12:00:00Z",
		"29 February 2000");
	is_str(roundtrip("0000-01-01T00:00:00Z"), "0000-01-01T00:00:00Z",
		"year 0000");
	is_int(at("0000-01-01T00:00:00Z"), -62167219200LL, "year 0000 seconds");
	is_int(at("9999-12-31T23:59:59.999999999Z"), 253402300799LL,
		"year 9999 seconds");
	is_int(at("1970-01-01T01:00:00+01:00"), 0, "epoch in +01:00");
	is_int(at("1969-12-31T23:59:59Z"), -1, "before the epoch");

	s = "2026-03-02T09:14:07Zjunk";
	ok(kcc_time_parse(s, 20, &t, &why) == 0, "length, not NUL, ends input");
	ok(kcc_time_parse(s, 19, &t, &why) < 0, "cut before the offset");

	is_str(reject("2023-02-29T00:00:00Z"), "day out of range for the month",
		"29 February 2023");
	is_str(reject("1900-02-29T00:00:00Z"), "day out of range for the month",
		"29 February 1900");
	is_str(reject("2026-02-31T00:00:00Z"), "day out of range for the month",
		"31 February");
	is_str(reject("2026-04-31T00:00:00Z"), "day out of range for the month",
		"31 April");
	is_str(reject("2026-03-00T00:00:00Z"), "day out of range for the month",
		"day 00");
	is_str(reject("2026-13-01T00:00:00Z"), "month out of range",
		"month 13");
	is_str(reject("2026-00-01T00:00:00Z"), "month out of range",
		"month 00");
	is_str(reject("2026-03-02T24:00:00Z"), "time of day out of range",
		"hour 24");
	is_str(reject("2026-03-02T23:60:00Z"), "time of day out of range",
		"minute 60");
	is_str(reject("2016-12-31T23:59:60Z"),
		"leap second (:60) not supported", "leap second");
	is_str(reject("2026-03-02T08:14:07.1234567891Z"),
		"fraction of a second has more than 9 digits", "10 digits");
	is_str(reject("2026-03-02T08:14:07.Z"),
		"expected digits after the decimal point", "empty fraction");
	is_str(reject("2026-03-02T08:14:07"),
		"missing UTC offset ('Z' or '+01:00')", "no offset");
	is_str(reject("2026-03-02T08:14:07+24:00"), "UTC offset out of range",
		"offset +24:00");
	is_str(reject("2026-03-02T08:14:07+01:60"), "UTC offset out of range",
		"offset +01:60");
	is_str(reject("2026-03-02T08:14:07+01"),
		"expected a UTC offset like '+01:00'", "offset +01");
	is_str(reject("2026-03-02T08:14:07+0100"),
		"expected a UTC offset like '+01:00'", "offset +0100");
	is_str(reject("2026-03-02T08:14:07Z "),
		"unexpected characters after the date-time", "trailing space");
	is_str(reject("2026-03-02T08:14:07+01:00:00"),
		"unexpected characters after the date-time", "offset seconds");
	is_str(reject("2026-03-02T08:14:07 Z"),
		"expected 'Z' or a UTC offset like '+01:00'", "space before Z");
	s = "expected a date-time like 2026-03-02T09:14:07+01:00";
	is_str(reject("2026-03-02T08:14Z"), s, "no seconds");
	is_str(reject("2026-03-02"), s, "date only");
	is_str(reject("10000-01-01T00:00:00Z"), s, "five-digit year");
	is_str(reject("-0001-01-01T00:00:00Z"), s, "negative year");
	is_str(reject("2026-3-02T08:14:07Z"), s, "one-digit month");
	is_str(reject("2026-03-02_08:14:07Z"), s, "'_' for T");
	is_str(reject("2026-03-02T08:14:7Z"), s, "one-digit second");
	is_str(reject("２026-03-02T08:14:07Z"), s, "non-ASCII digit");
	is_str(reject(""), s, "empty");

	/* Offsets with seconds (LMT) are written to the minute; the written
	 * local time follows, so the instant is kept. */
	t.sec = at("1900-01-01T00:00:00Z");
	t.nsec = 0;
	t.off_s = 1172; /* Amsterdam LMT, +00:19:32 */
	is_str((kcc_time_format(&t, buf), buf), "1900-01-01T00:19:00+00:19",
		"offset with seconds written to the minute");
	is_int(at(buf), t.sec, "... same instant");
	t.off_s = 90000; /* out of range: written in UTC */
	is_str((kcc_time_format(&t, buf), buf), "1900-01-01T00:00:00Z",
		"offset beyond 23:59 written as Z");

	t.sec = INT64_MAX;
	t.nsec = 999999999;
	t.off_s = 3600;
	ok(kcc_time_format(&t, buf) < KCC_TIME_MAX, "INT64_MAX fits: %s", buf);
	t.sec = INT64_MIN;
	t.off_s = -3600;
	ok(kcc_time_format(&t, buf) < KCC_TIME_MAX, "INT64_MIN fits: %s", buf);
	t.sec = at("9999-12-31T23:30:00Z");
	t.nsec = 0;
	t.off_s = 3600;
	is_str((kcc_time_format(&t, buf), buf), "9999-12-31T23:30:00Z",
		"year 10000 locally falls back to UTC");

	/* Random round trips, year 0000..9999, any minute offset. */
	for (bad = 0, i = 0; i < 20000; i++) {
		struct kcc_time u, v;
		size_t n;

		u.sec = rnd_range(at("0000-01-02T00:00:00Z"),
			at("9999-12-31T00:00:00Z"));
		u.nsec = (int32_t)(rnd() % 1000000000);
		if (i % 3 == 0)
			u.nsec = u.nsec / 1000000 * 1000000;
		u.off_s = (int32_t)rnd_range(-1439, 1440) * 60;
		n = kcc_time_format(&u, buf);
		if (kcc_time_parse(buf, n, &v, &why) < 0 || v.sec != u.sec ||
			v.nsec != u.nsec || v.off_s != u.off_s) {
			if (bad++ < 5)
				printf("# round trip failed: %s\n", buf);
		}
	}
	is_int(bad, 0, "20000 random format/parse round trips");
}

static void
test_civil(void)
{
	int64_t d, y;
	unsigned m, dd;
	int bad = 0;

	is_int(kcc_days_from_civil(1970, 1, 1), 0, "1970-01-01 is day 0");
	is_int(kcc_days_from_civil(2000, 3, 1), 11017, "2000-03-01");
	is_int(kcc_days_from_civil(1969, 12, 31), -1, "1969-12-31");
	is_int(kcc_days_from_civil(0, 1, 1), -719528, "0000-01-01");
	kcc_civil_from_days(-1, &y, &m, &dd);
	ok(y == 1969 && m == 12 && dd == 31, "day -1 is 1969-12-31");
	kcc_civil_from_days(20514, &y, &m, &dd);
	ok(y == 2026 && m == 3 && dd == 2, "day 20514 is 2026-03-02");
	for (d = -800000; d < 3000000; d += 13) {
		kcc_civil_from_days(d, &y, &m, &dd);
		if (kcc_days_from_civil(y, m, dd) != d)
			bad++;
	}
	is_int(bad, 0, "days -> civil -> days, years -220 .. 10183");
}

static struct kcc_tz *
load(const char *name)
{
	struct kcc_tz *tz;
	const char *why = NULL;

	tz = kcc_tz_load(name, &why);
	if (tz == NULL)
		printf("# cannot load %s: %s\n", name, why);
	return tz;
}

/* Offset in zone tz at RFC 3339 instant s. */
static int32_t
off_at(struct kcc_tz *tz, const char *s)
{
	return kcc_tz_offset(tz, at(s));
}

static void
test_zones(void)
{
	struct kcc_tz *ams, *nyc, *lhi, *utc;

	ams = load("Europe/Amsterdam");
	nyc = load("America/New_York");
	lhi = load("Australia/Lord_Howe");
	utc = load("UTC");
	if (ams == NULL || nyc == NULL || lhi == NULL || utc == NULL) {
		ok(0, "system zones present");
		return;
	}
	is_str(kcc_tz_name(ams), "Europe/Amsterdam", "zone name");

	/* zdump -v -c 2025,2027 Europe/Amsterdam */
	is_int(off_at(ams, "2025-01-15T12:00:00Z"), 3600, "AMS winter 2025");
	is_int(off_at(ams, "2025-03-30T00:59:59Z"), 3600,
		"AMS before DST 2025");
	is_int(off_at(ams, "2025-03-30T01:00:00Z"), 7200,
		"AMS DST 2025 starts");
	is_int(off_at(ams, "2025-10-26T00:59:59Z"), 7200, "AMS last DST 2025");
	is_int(off_at(ams, "2025-10-26T01:00:00Z"), 3600, "AMS DST 2025 ends");
	is_int(off_at(ams, "2026-03-29T00:59:59Z"), 3600,
		"AMS before DST 2026");
	is_int(off_at(ams, "2026-03-29T01:00:00Z"), 7200,
		"AMS DST 2026 starts");
	is_int(off_at(ams, "2026-07-01T12:00:00Z"), 7200, "AMS summer 2026");
	is_int(off_at(ams, "2026-10-25T00:59:59Z"), 7200, "AMS last DST 2026");
	is_int(off_at(ams, "2026-10-25T01:00:00Z"), 3600, "AMS DST 2026 ends");
	/* zdump -v -c 2025,2027 America/New_York */
	is_int(off_at(nyc, "2025-03-09T06:59:59Z"), -18000, "NYC EST 2025");
	is_int(off_at(nyc, "2025-03-09T07:00:00Z"), -14400, "NYC EDT 2025");
	is_int(off_at(nyc, "2025-11-02T05:59:59Z"), -14400,
		"NYC last EDT 2025");
	is_int(off_at(nyc, "2025-11-02T06:00:00Z"), -18000,
		"NYC EST 2025 again");
	is_int(off_at(nyc, "2026-03-08T06:59:59Z"), -18000, "NYC EST 2026");
	is_int(off_at(nyc, "2026-03-08T07:00:00Z"), -14400, "NYC EDT 2026");
	is_int(off_at(nyc, "2026-11-01T05:59:59Z"), -14400,
		"NYC last EDT 2026");
	is_int(off_at(nyc, "2026-11-01T06:00:00Z"), -18000,
		"NYC EST 2026 again");
	/* Past the files' last transition (2037): the footer rule. */
	is_int(off_at(ams, "2090-03-26T00:59:59Z"), 3600,
		"AMS 2090 before DST");
	is_int(off_at(ams, "2090-03-26T01:00:00Z"), 7200, "AMS 2090 DST");
	is_int(off_at(ams, "2090-10-29T00:59:59Z"), 7200, "AMS 2090 last DST");
	is_int(off_at(ams, "2090-10-29T01:00:00Z"), 3600, "AMS 2090 after DST");
	is_int(off_at(nyc, "2090-03-12T06:59:59Z"), -18000, "NYC 2090 EST");
	is_int(off_at(nyc, "2090-03-12T07:00:00Z"), -14400, "NYC 2090 EDT");
	is_int(off_at(nyc, "2090-11-05T06:00:00Z"), -18000,
		"NYC 2090 EST again");
	is_int(off_at(lhi, "2090-04-01T14:59:59Z"), 39600, "LHI 2090 +11");
	is_int(off_at(lhi, "2090-04-01T15:00:00Z"), 37800, "LHI 2090 +10:30");
	is_int(off_at(lhi, "2090-09-30T15:29:59Z"), 37800,
		"LHI 2090 +10:30 end");
	is_int(off_at(lhi, "2090-09-30T15:30:00Z"), 39600,
		"LHI 2090 +11 again");
	is_int(off_at(lhi, "2090-12-31T23:59:59Z"), 39600, "LHI 2090 new year");
	is_int(kcc_tz_offset(ams, INT64_MAX), kcc_tz_offset(ams, INT64_MAX),
		"far future does not crash");
	ok(kcc_tz_offset(ams, INT64_MIN) == 1050 ||
			kcc_tz_offset(ams, INT64_MIN) == 1172,
		"far past: local mean time");
	is_int(kcc_tz_offset(nyc, INT64_C(4000000000000000000)) % 3600, 0,
		"year 10^11 in New York: the rule, folded by 400 years");
	is_int(off_at(utc, "2026-07-01T12:00:00Z"), 0, "UTC");
	is_int(kcc_tz_offset(utc, INT64_MIN), 0, "UTC at INT64_MIN");
	is_int(kcc_tz_offset(utc, INT64_MAX), 0, "UTC at INT64_MAX");
	kcc_tz_free(ams);
	kcc_tz_free(nyc);
	kcc_tz_free(lhi);
	kcc_tz_free(utc);
	kcc_tz_free(NULL);
}

/*
 * Each transition glibc (TZ already set) sees between from and to, found
 * day by day and bisected to the second: kcc must agree on that second and
 * the one before.
 */
static void
check_transitions(struct kcc_tz *tz, const char *zone, int64_t from, int64_t to)
{
	struct tm tm;
	time_t tt;
	int64_t s;
	int bad, n;

	for (bad = 0, n = 0, s = from; s + 86400 < to; s += 86400) {
		long before, after;
		int64_t lo = s, hi = s + 86400, mid;

		tt = (time_t)lo;
		localtime_r(&tt, &tm);
		before = tm.tm_gmtoff;
		tt = (time_t)hi;
		localtime_r(&tt, &tm);
		after = tm.tm_gmtoff;
		if (before == after)
			continue;
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			tt = (time_t)mid;
			localtime_r(&tt, &tm);
			if (tm.tm_gmtoff == before)
				lo = mid;
			else
				hi = mid;
		}
		n++;
		if ((kcc_tz_offset(tz, lo) != before ||
			    kcc_tz_offset(tz, hi) != after) &&
			bad++ < 5)
			printf("# %s transition at %lld: kcc %d %d\n", zone,
				(long long)hi, kcc_tz_offset(tz, lo),
				kcc_tz_offset(tz, hi));
	}
	is_int(bad, 0, "%s: all %d transitions to the second", zone, n);
}

/* Compare kcc_tz_offset with glibc for random and walked instants. */
static void
test_glibc(const char *zone, const char *file_zone, int64_t from, int64_t to)
{
	struct kcc_tz *tz;
	struct tm tm;
	time_t tt;
	int64_t s;
	int i, bad = 0, n = 0;

	tz = load(file_zone);
	if (tz == NULL) {
		ok(0, "%s loads", file_zone);
		return;
	}
	unsetenv("TZDIR");
	setenv("TZ", zone, 1);
	tzset();
	for (i = 0; i < 4000; i++, n++) {
		s = rnd_range(from, to);
		tt = (time_t)s;
		localtime_r(&tt, &tm);
		if (tm.tm_gmtoff != kcc_tz_offset(tz, s) && bad++ < 5)
			printf("# %s at %lld: glibc %ld, kcc %d\n", zone,
				(long long)s, tm.tm_gmtoff,
				kcc_tz_offset(tz, s));
	}
	/* A walk in small steps, as a sorted input would: the cache. */
	for (s = from; s < to; s += rnd_range(1, 6 * 3600), n++) {
		tt = (time_t)s;
		localtime_r(&tt, &tm);
		if (tm.tm_gmtoff != kcc_tz_offset(tz, s) && bad++ < 5)
			printf("# %s at %lld: glibc %ld, kcc %d (walk)\n", zone,
				(long long)s, tm.tm_gmtoff,
				kcc_tz_offset(tz, s));
	}
	is_int(bad, 0, "%s agrees with glibc at %d instants", zone, n);

	check_transitions(tz, zone, from, to);
	kcc_tz_free(tz);
}

static void
test_glibc_zones(void)
{
	static const char *zones[] = {"Europe/Amsterdam", "America/New_York",
		"America/Chicago", "Australia/Lord_Howe", "Asia/Kolkata"};
	int64_t from = at("1970-01-01T00:00:00Z"),
		to = at("2100-01-01T00:00:00Z");
	size_t i;

	for (i = 0; i < sizeof zones / sizeof zones[0]; i++)
		test_glibc(zones[i], zones[i], from, to);
}

/* kcc_tz_local, formatted; or its message. */
static const char *
local(struct kcc_tz *tz, int64_t y, int mo, int d, int h, int mi, int s,
	enum kcc_tz_gap gap, enum kcc_tz_fold fold, int *rc)
{
	static char buf[KCC_TIME_MAX];
	struct kcc_time t;
	const char *why;

	*rc = kcc_tz_local(tz, y, mo, d, h, mi, s, 0, gap, fold, &t, &why);
	if (*rc < 0)
		return why;
	kcc_time_format(&t, buf);
	return buf;
}

#define GAP_MSG  "time falls in a daylight-saving gap"
#define FOLD_MSG "time is ambiguous (daylight-saving overlap)"

static void
test_local(void)
{
	struct kcc_tz *ams, *nyc, *lhi, *apia;
	struct kcc_time t;
	struct kcc_civil c;
	const char *why;
	int rc, bad, i;
	int64_t u;

	ams = load("Europe/Amsterdam");
	nyc = load("America/New_York");
	lhi = load("Australia/Lord_Howe");
	apia = load("Pacific/Apia");
	if (ams == NULL || nyc == NULL || lhi == NULL || apia == NULL) {
		ok(0, "system zones present");
		return;
	}
	is_str(local(ams, 2026, 3, 2, 9, 14, 7, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		"2026-03-02T09:14:07+01:00", "AMS ordinary winter time");
	is_int(rc, 0, "... rc 0");
	is_str(local(ams, 2026, 7, 1, 12, 0, 0, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		"2026-07-01T12:00:00+02:00", "AMS ordinary summer time");
	ok(kcc_tz_local(ams, 2026, 3, 2, 9, 14, 7, 250000000, KCC_GAP_ERROR,
		   KCC_FOLD_ERROR, &t, &why) == 0 &&
			t.nsec == 250000000,
		"nanoseconds kept");

	/* Spring 2026: 02:00..02:59:59 does not exist. */
	is_str(local(ams, 2026, 3, 29, 2, 30, 0, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		GAP_MSG, "AMS 02:30 in the gap, GAP_ERROR");
	is_int(rc, -1, "... rc -1");
	is_str(local(ams, 2026, 3, 29, 2, 30, 0, KCC_GAP_SHIFT, KCC_FOLD_ERROR,
		       &rc),
		"2026-03-29T03:30:00+02:00", "AMS 02:30 shifted to 03:30");
	is_int(rc, 2, "... rc 2");
	is_str(local(ams, 2026, 3, 29, 2, 0, 0, KCC_GAP_SHIFT, KCC_FOLD_ERROR,
		       &rc),
		"2026-03-29T03:00:00+02:00", "AMS 02:00 shifted to 03:00");
	is_int(rc, 2, "... rc 2");
	is_str(local(ams, 2026, 3, 29, 1, 59, 59, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		"2026-03-29T01:59:59+01:00", "AMS 01:59:59 before the gap");
	is_str(local(ams, 2026, 3, 29, 3, 0, 0, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		"2026-03-29T03:00:00+02:00", "AMS 03:00 after the gap");
	is_int(rc, 0, "... rc 0");

	/* Autumn 2026: 02:00..02:59:59 happens twice. */
	is_str(local(ams, 2026, 10, 25, 2, 30, 0, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		FOLD_MSG, "AMS 02:30 in the overlap, FOLD_ERROR");
	is_int(rc, -1, "... rc -1");
	is_str(local(ams, 2026, 10, 25, 2, 30, 0, KCC_GAP_ERROR,
		       KCC_FOLD_EARLIER, &rc),
		"2026-10-25T02:30:00+02:00", "AMS 02:30 earlier");
	is_int(rc, 1, "... rc 1");
	is_str(local(ams, 2026, 10, 25, 2, 30, 0, KCC_GAP_ERROR, KCC_FOLD_LATER,
		       &rc),
		"2026-10-25T02:30:00+01:00", "AMS 02:30 later");
	is_int(rc, 1, "... rc 1");
	is_str(local(ams, 2026, 10, 25, 2, 0, 0, KCC_GAP_ERROR, KCC_FOLD_LATER,
		       &rc),
		"2026-10-25T02:00:00+01:00", "AMS 02:00 later");
	is_str(local(ams, 2026, 10, 25, 1, 59, 59, KCC_GAP_ERROR,
		       KCC_FOLD_ERROR, &rc),
		"2026-10-25T01:59:59+02:00", "AMS 01:59:59 before the overlap");
	is_str(local(ams, 2026, 10, 25, 3, 0, 0, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		"2026-10-25T03:00:00+01:00", "AMS 03:00 after the overlap");
	is_int(rc, 0, "... rc 0");
	is_str(local(ams, 2090, 3, 26, 2, 30, 0, KCC_GAP_SHIFT, KCC_FOLD_ERROR,
		       &rc),
		"2090-03-26T03:30:00+02:00",
		"AMS 2090 gap from the footer rule");
	is_str(local(ams, 2090, 10, 29, 2, 30, 0, KCC_GAP_ERROR, KCC_FOLD_LATER,
		       &rc),
		"2090-10-29T02:30:00+01:00", "AMS 2090 overlap, later");

	/* New York 2025 and 2026. */
	is_str(local(nyc, 2025, 3, 9, 2, 30, 0, KCC_GAP_SHIFT, KCC_FOLD_ERROR,
		       &rc),
		"2025-03-09T03:30:00-04:00", "NYC 2025 gap shifted");
	is_str(local(nyc, 2026, 3, 8, 2, 30, 0, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		GAP_MSG, "NYC 2026 gap, GAP_ERROR");
	is_str(local(nyc, 2026, 3, 8, 2, 30, 0, KCC_GAP_SHIFT, KCC_FOLD_ERROR,
		       &rc),
		"2026-03-08T03:30:00-04:00", "NYC 2026 gap shifted");
	is_str(local(nyc, 2026, 11, 1, 1, 30, 0, KCC_GAP_ERROR,
		       KCC_FOLD_EARLIER, &rc),
		"2026-11-01T01:30:00-04:00", "NYC 2026 overlap, earlier");
	is_str(local(nyc, 2026, 11, 1, 1, 30, 0, KCC_GAP_ERROR, KCC_FOLD_LATER,
		       &rc),
		"2026-11-01T01:30:00-05:00", "NYC 2026 overlap, later");
	is_str(local(nyc, 2025, 11, 2, 1, 30, 0, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		FOLD_MSG, "NYC 2025 overlap, FOLD_ERROR");

	/* Lord Howe moves by 30 minutes (zdump -v -c 2026,2027). */
	is_str(local(lhi, 2026, 10, 4, 2, 15, 0, KCC_GAP_SHIFT, KCC_FOLD_ERROR,
		       &rc),
		"2026-10-04T02:45:00+11:00", "LHI 30-minute gap shifted");
	is_int(rc, 2, "... rc 2");
	is_str(local(lhi, 2026, 4, 5, 1, 45, 0, KCC_GAP_ERROR, KCC_FOLD_EARLIER,
		       &rc),
		"2026-04-05T01:45:00+11:00", "LHI overlap, earlier");
	is_str(local(lhi, 2026, 4, 5, 1, 45, 0, KCC_GAP_ERROR, KCC_FOLD_LATER,
		       &rc),
		"2026-04-05T01:45:00+10:30", "LHI overlap, later");
	/* Samoa skipped 30 December 2011 altogether. */
	is_str(local(apia, 2011, 12, 30, 12, 0, 0, KCC_GAP_SHIFT,
		       KCC_FOLD_ERROR, &rc),
		"2011-12-31T12:00:00+14:00", "Apia: a whole day's gap");
	is_int(rc, 2, "... rc 2");

	is_str(local(ams, 2026, 2, 29, 12, 0, 0, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		"invalid date", "29 February 2026");
	is_str(local(ams, 2026, 13, 1, 12, 0, 0, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		"invalid date", "month 13");
	is_str(local(ams, 10000, 1, 1, 12, 0, 0, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		"invalid date", "year 10000");
	is_str(local(ams, 2026, 1, 1, 24, 0, 0, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		"invalid time of day", "hour 24");
	is_str(local(ams, 2026, 1, 1, 23, 59, 60, KCC_GAP_ERROR, KCC_FOLD_ERROR,
		       &rc),
		"invalid time of day", "second 60");

	/* Every quarter hour of 2025..2026: instant -> local -> instant. */
	for (bad = 0, i = 0; i < 4; i++) {
		struct kcc_tz *tz = i == 0   ? ams
				    : i == 1 ? nyc
				    : i == 2 ? lhi
					     : apia;

		for (u = at("2025-01-01T00:00:00Z");
			u < at("2027-01-01T00:00:00Z"); u += 900) {
			int r1, r2;
			struct kcc_time e, l;

			t.sec = u;
			t.nsec = 0;
			t.off_s = 0;
			kcc_time_civil(tz, &t, &c);
			r1 = kcc_tz_local(tz, c.year, c.month, c.day, c.hour,
				c.min, c.sec, 0, KCC_GAP_ERROR,
				KCC_FOLD_EARLIER, &e, &why);
			r2 = kcc_tz_local(tz, c.year, c.month, c.day, c.hour,
				c.min, c.sec, 0, KCC_GAP_ERROR, KCC_FOLD_LATER,
				&l, &why);
			if (r1 != r2 || (r1 == 0 && e.sec != u) ||
				(r1 == 1 && e.sec != u && l.sec != u) ||
				r1 < 0 || r1 == 2 ||
				e.off_s != kcc_tz_offset(tz, e.sec)) {
				if (bad++ < 5)
					printf("# %s at %lld: rc %d %d\n",
						kcc_tz_name(tz), (long long)u,
						r1, r2);
			}
		}
	}
	is_int(bad, 0, "every quarter hour 2025-2026 maps back, 4 zones");
	kcc_tz_free(ams);
	kcc_tz_free(nyc);
	kcc_tz_free(lhi);
	kcc_tz_free(apia);
}

/* Bucket label of RFC 3339 s in tz. */
static const char *
bucket(struct kcc_tz *tz, const char *s, enum kcc_bucket unit, int minutes)
{
	static char buf[KCC_BUCKET_MAX];
	struct kcc_time t;
	const char *why;

	if (kcc_time_parse(s, strlen(s), &t, &why) < 0)
		return why;
	kcc_time_bucket(tz, &t, unit, minutes, buf);
	return buf;
}

static void
test_buckets(void)
{
	struct kcc_tz *ams, *nyc;
	const char *s = "2026-03-02T09:14:07+01:00";
	char buf[KCC_BUCKET_MAX], want[32];
	struct kcc_time t;
	struct kcc_civil c;
	struct tm tm;
	time_t tt;
	int64_t d;
	int bad;

	ams = load("Europe/Amsterdam");
	nyc = load("America/New_York");
	if (ams == NULL || nyc == NULL) {
		ok(0, "system zones present");
		return;
	}
	is_str(bucket(ams, s, KCC_BUCKET_MINUTES, 30), "2026-03-02T09:00+01:00",
		"30 minutes");
	is_str(bucket(ams, s, KCC_BUCKET_MINUTES, 15), "2026-03-02T09:00+01:00",
		"15 minutes");
	is_str(bucket(ams, s, KCC_BUCKET_MINUTES, 5), "2026-03-02T09:10+01:00",
		"5 minutes");
	is_str(bucket(ams, s, KCC_BUCKET_MINUTES, 1), "2026-03-02T09:14+01:00",
		"1 minute");
	is_str(bucket(ams, s, KCC_BUCKET_MINUTES, 480),
		"2026-03-02T08:00+01:00", "8 hours from midnight");
	is_str(bucket(ams, s, KCC_BUCKET_MINUTES, 1440),
		"2026-03-02T00:00+01:00", "1440 minutes");
	is_str(bucket(ams, s, KCC_BUCKET_MINUTES, 7), "",
		"7 minutes: no label");
	is_str(bucket(ams, s, KCC_BUCKET_MINUTES, 0), "",
		"0 minutes: no label");
	is_str(bucket(ams, s, KCC_BUCKET_HOUR, 0), "2026-03-02T09+01:00",
		"hour");
	is_str(bucket(ams, s, KCC_BUCKET_DAY, 0), "2026-03-02", "day");
	is_str(bucket(ams, s, KCC_BUCKET_WEEK, 0), "2026-W10", "week");
	is_str(bucket(ams, s, KCC_BUCKET_MONTH, 0), "2026-03", "month");
	is_str(bucket(ams, s, KCC_BUCKET_QUARTER, 0), "2026-Q1", "quarter");
	is_str(bucket(ams, s, KCC_BUCKET_YEAR, 0), "2026", "year");
	is_str(bucket(ams, s, KCC_BUCKET_DOW, 0), "1-mon", "day of week");
	is_str(bucket(ams, s, KCC_BUCKET_HOD, 0), "09", "hour of day");
	is_str(bucket(NULL, s, KCC_BUCKET_HOUR, 0), "2026-03-02T09+01:00",
		"hour in the time's own offset");
	is_str(bucket(NULL, "2026-03-02T08:14:07Z", KCC_BUCKET_HOUR, 0),
		"2026-03-02T08Z", "hour in UTC");
	is_str(bucket(nyc, s, KCC_BUCKET_HOUR, 0), "2026-03-02T03-05:00",
		"hour in New York");

	/*
	 * Clock changes (Amsterdam: 29 March 2026 02:00+01:00 goes to
	 * 03:00+02:00, at 01:00Z; 25 October 03:00+02:00 goes back to
	 * 02:00+01:00, at 01:00Z).  Labels are the interval's first instant
	 * with the offset in force then.
	 */
	is_str(bucket(ams, "2026-03-29T08:00:00Z", KCC_BUCKET_MINUTES, 1440),
		"2026-03-29T00:00+01:00",
		"spring, a day: from midnight at +01:00");
	is_str(bucket(ams, "2026-03-29T01:30:00Z", KCC_BUCKET_MINUTES, 120),
		"2026-03-29T03:00+02:00",
		"spring, 02:00 skipped: from where the clock resumes");
	is_str(bucket(ams, "2026-03-29T00:30:00Z", KCC_BUCKET_MINUTES, 120),
		"2026-03-29T00:00+01:00", "spring, before the gap");
	is_str(bucket(ams, "2026-10-25T00:30:00Z", KCC_BUCKET_MINUTES, 60),
		"2026-10-25T02:00+02:00", "autumn, an hour: first pass");
	is_str(bucket(ams, "2026-10-25T01:30:00Z", KCC_BUCKET_MINUTES, 60),
		"2026-10-25T02:00+01:00", "autumn, an hour: second pass");
	is_str(bucket(ams, "2026-10-25T01:30:00Z", KCC_BUCKET_HOUR, 0),
		"2026-10-25T02+01:00", "autumn, hour bucket: second pass");
	is_str(bucket(ams, "2026-10-25T01:30:00Z", KCC_BUCKET_MINUTES, 120),
		"2026-10-25T02:00+02:00",
		"autumn, 2 hours over the repeat: one interval, its first "
		"pass");
	is_str(bucket(ams, "2026-10-25T02:30:00Z", KCC_BUCKET_MINUTES, 120),
		"2026-10-25T02:00+02:00", "autumn, 2 hours: after the repeat");
	is_str(bucket(ams, "2026-10-25T01:30:00Z", KCC_BUCKET_MINUTES, 180),
		"2026-10-25T00:00+02:00", "autumn, 3 hours from midnight");
	is_str(bucket(ams, "2026-10-25T22:30:00Z", KCC_BUCKET_MINUTES, 1440),
		"2026-10-25T00:00+02:00", "autumn, a day of 25 hours");
	/* New York goes back at 06:00Z on 1 November: 01:00-02:00 twice.
	   [01:30, 03:00) starts in the repeat and runs past it: once, from
	   its first pass, for a record in either. */
	is_str(bucket(nyc, "2026-11-01T07:10:00Z", KCC_BUCKET_MINUTES, 90),
		"2026-11-01T01:30-04:00",
		"New York, 90 minutes from inside the repeat: second pass");
	is_str(bucket(nyc, "2026-11-01T05:40:00Z", KCC_BUCKET_MINUTES, 90),
		"2026-11-01T01:30-04:00",
		"New York, 90 minutes from inside the repeat: first pass");
	is_str(bucket(nyc, "2026-11-01T06:10:00Z", KCC_BUCKET_MINUTES, 90),
		"2026-11-01T00:00-04:00",
		"New York, 01:10 the second time: in the interval from 00:00");
	is_str(bucket(nyc, "2026-11-01T06:10:00Z", KCC_BUCKET_MINUTES, 30),
		"2026-11-01T01:00-05:00",
		"New York, half an hour in the repeat: its own pass");
	{
		struct kcc_tz *lhi = load("Australia/Lord_Howe");
		/* Back half an hour at 15:00Z on 5 April: 01:30-02:00 twice. */
		if (lhi != NULL) {
			is_str(bucket(lhi, "2026-04-04T15:10:00Z",
				       KCC_BUCKET_MINUTES, 30),
				"2026-04-05T01:30+10:30",
				"Lord Howe, half an hour in the repeat: twice");
			is_str(bucket(lhi, "2026-04-04T15:10:00Z",
				       KCC_BUCKET_MINUTES, 60),
				"2026-04-05T01:00+11:00",
				"Lord Howe, an hour over the repeat: once");
			/* Forward half an hour at 15:30Z on 3 October: 02:00
			   to 02:30 skipped; that hour starts at 02:30. */
			is_str(bucket(lhi, "2026-10-03T15:40:00Z",
				       KCC_BUCKET_HOUR, 0),
				"2026-10-04T02:30+11:00",
				"Lord Howe, an hour begun at 02:30: says so");
			kcc_tz_free(lhi);
		} else
			ok(0, "Australia/Lord_Howe present");
	}

	/* New Year's Eve in UTC is New Year's Day in Amsterdam. */
	s = "2026-12-31T23:30:00Z";
	is_str(bucket(ams, s, KCC_BUCKET_DAY, 0), "2027-01-01", "AMS day");
	is_str(bucket(NULL, s, KCC_BUCKET_DAY, 0), "2026-12-31", "UTC day");
	is_str(bucket(ams, s, KCC_BUCKET_QUARTER, 0), "2027-Q1", "AMS quarter");
	is_str(bucket(NULL, s, KCC_BUCKET_QUARTER, 0), "2026-Q4",
		"UTC quarter");
	is_str(bucket(ams, s, KCC_BUCKET_YEAR, 0), "2027", "AMS year");
	is_str(bucket(ams, s, KCC_BUCKET_MONTH, 0), "2027-01", "AMS month");
	is_str(bucket(NULL, s, KCC_BUCKET_MONTH, 0), "2026-12", "UTC month");
	is_str(bucket(ams, s, KCC_BUCKET_DOW, 0), "5-fri", "AMS Friday");
	is_str(bucket(NULL, s, KCC_BUCKET_DOW, 0), "4-thu", "UTC Thursday");
	is_str(bucket(ams, s, KCC_BUCKET_HOD, 0), "00", "AMS hour 00");
	is_str(bucket(NULL, s, KCC_BUCKET_HOD, 0), "23", "UTC hour 23");
	is_str(bucket(NULL, "2026-03-08T12:00:00Z", KCC_BUCKET_DOW, 0), "7-sun",
		"Sunday");
	is_str(bucket(NULL, "2026-08-15T12:00:00Z", KCC_BUCKET_QUARTER, 0),
		"2026-Q3", "Q3");
	is_str(bucket(NULL, "2026-04-01T00:00:00Z", KCC_BUCKET_QUARTER, 0),
		"2026-Q2", "Q2");

	/* ISO weeks at year ends (date -d ... +%G-W%V). */
	is_str(bucket(NULL, "2026-12-31T12:00:00Z", KCC_BUCKET_WEEK, 0),
		"2026-W53", "2026-12-31");
	is_str(bucket(NULL, "2027-01-01T12:00:00Z", KCC_BUCKET_WEEK, 0),
		"2026-W53", "2027-01-01");
	is_str(bucket(NULL, "2027-01-04T12:00:00Z", KCC_BUCKET_WEEK, 0),
		"2027-W01", "2027-01-04");
	is_str(bucket(NULL, "2024-12-30T12:00:00Z", KCC_BUCKET_WEEK, 0),
		"2025-W01", "2024-12-30");
	is_str(bucket(NULL, "2021-01-03T12:00:00Z", KCC_BUCKET_WEEK, 0),
		"2020-W53", "2021-01-03");
	is_str(bucket(NULL, "2020-12-31T12:00:00Z", KCC_BUCKET_WEEK, 0),
		"2020-W53", "2020-12-31");
	is_str(bucket(NULL, "2010-01-03T12:00:00Z", KCC_BUCKET_WEEK, 0),
		"2009-W53", "2010-01-03");
	is_str(bucket(NULL, "2008-12-29T12:00:00Z", KCC_BUCKET_WEEK, 0),
		"2009-W01", "2008-12-29");
	is_str(bucket(ams, "2026-12-31T23:30:00Z", KCC_BUCKET_WEEK, 0),
		"2026-W53", "2027-01-01 in Amsterdam");
	is_str(bucket(ams, "2027-01-03T23:30:00Z", KCC_BUCKET_WEEK, 0),
		"2027-W01", "Monday 2027-01-04 in Amsterdam");

	/* Every day 1970..2100 against strftime %G-W%V and %u, %j. */
	for (bad = 0, d = 0; d < 47482; d++) {
		t.sec = d * 86400 + 43200;
		t.nsec = 0;
		t.off_s = 0;
		tt = (time_t)t.sec;
		gmtime_r(&tt, &tm);
		strftime(want, sizeof want, "%G-W%V", &tm);
		kcc_time_bucket(NULL, &t, KCC_BUCKET_WEEK, 0, buf);
		kcc_time_civil(NULL, &t, &c);
		if ((strcmp(buf, want) != 0 ||
			    c.wday != (tm.tm_wday + 6) % 7 + 1 ||
			    c.yday != tm.tm_yday + 1 || c.hour != 12) &&
			bad++ < 5)
			printf("# day %lld: %s, strftime %s\n", (long long)d,
				buf, want);
	}
	is_int(bad, 0, "ISO week, weekday, day of year 1970-2100 as strftime");

	/* Minute buckets across the New York overlap keep the offset. */
	is_str(bucket(nyc, "2026-11-01T05:40:00Z", KCC_BUCKET_MINUTES, 30),
		"2026-11-01T01:30-04:00", "NYC 01:40 EDT");
	is_str(bucket(nyc, "2026-11-01T06:40:00Z", KCC_BUCKET_MINUTES, 30),
		"2026-11-01T01:30-05:00", "NYC 01:40 EST");
	is_str(bucket(ams, "2026-03-29T01:10:00Z", KCC_BUCKET_MINUTES, 60),
		"2026-03-29T03:00+02:00", "AMS first hour of summer time");
	is_str(bucket(ams, "2026-03-29T01:10:00Z", KCC_BUCKET_HOUR, 0),
		"2026-03-29T03+02:00", "AMS hour after the gap");

	/* Civil fields. */
	t.sec = at("2024-12-31T23:59:59Z");
	t.nsec = 0;
	t.off_s = 0;
	kcc_time_civil(NULL, &t, &c);
	ok(c.year == 2024 && c.month == 12 && c.day == 31 && c.hour == 23 &&
			c.min == 59 && c.sec == 59 && c.wday == 2 &&
			c.yday == 366 && c.off_s == 0,
		"civil 2024-12-31T23:59:59Z: Tuesday, day 366");
	kcc_time_civil(ams, &t, &c);
	ok(c.year == 2025 && c.month == 1 && c.day == 1 && c.hour == 0 &&
			c.wday == 3 && c.yday == 1 && c.off_s == 3600,
		"... in Amsterdam: 2025-01-01, Wednesday");
	t.sec = INT64_MAX;
	t.off_s = INT32_MAX;
	ok(kcc_time_bucket(NULL, &t, KCC_BUCKET_MINUTES, 30, buf) <
			KCC_BUCKET_MAX,
		"extreme instant and offset: %s", buf);
	t.sec = INT64_MIN;
	t.off_s = INT32_MIN;
	ok(kcc_time_bucket(NULL, &t, KCC_BUCKET_HOUR, 0, buf) < KCC_BUCKET_MAX,
		"extreme negative: %s", buf);
	kcc_tz_free(ams);
	kcc_tz_free(nyc);
}

/* Build a TZif image (version 1, 2 or 3) in buf; returns its length. */
struct tzspec {
	int version;
	int ntrans;
	const int64_t *times;
	const unsigned char *idx;
	int ntypes;
	const int32_t *offs;
	const char *footer;
	int leap;
};

static unsigned char *
put32(unsigned char *p, int64_t v)
{
	uint32_t u = (uint32_t)v;

	*p++ = (unsigned char)(u >> 24);
	*p++ = (unsigned char)(u >> 16);
	*p++ = (unsigned char)(u >> 8);
	*p++ = (unsigned char)u;
	return p;
}

static unsigned char *
tzif_block(unsigned char *p, const struct tzspec *z, int version, int tsize)
{
	int i;

	memcpy(p, "TZif", 4);
	p[4] = version == 1 ? 0 : (unsigned char)('0' + version);
	memset(p + 5, 0, 15);
	p += 20;
	p = put32(p, 0);
	p = put32(p, 0);
	p = put32(p, z->leap);
	p = put32(p, z->ntrans);
	p = put32(p, z->ntypes);
	p = put32(p, 4);
	for (i = 0; i < z->ntrans; i++) {
		if (tsize == 8)
			p = put32(p, (int64_t)((uint64_t)z->times[i] >> 32));
		p = put32(p, z->times[i]);
	}
	for (i = 0; i < z->ntrans; i++)
		*p++ = z->idx[i];
	for (i = 0; i < z->ntypes; i++) {
		p = put32(p, z->offs[i]);
		*p++ = 0;
		*p++ = 0;
	}
	memcpy(p, "ABC", 4);
	p += 4;
	for (i = 0; i < z->leap; i++) {
		if (tsize == 8)
			p = put32(p, 0);
		p = put32(p, 78796800 + i);
		p = put32(p, i + 1);
	}
	return p;
}

static size_t
tzif_build(unsigned char *buf, const struct tzspec *z)
{
	unsigned char *p = buf;
	size_t n;

	p = tzif_block(p, z, z->version, 4);
	if (z->version >= 2) {
		p = tzif_block(p, z, z->version, 8);
		*p++ = '\n';
		n = strlen(z->footer);
		memcpy(p, z->footer, n);
		p += n;
		*p++ = '\n';
	}
	return (size_t)(p - buf);
}

static void
write_file(const char *name, const void *data, size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	if ((f = fopen(path, "wb")) == NULL || fwrite(data, 1, n, f) != n ||
		fclose(f) != 0)
		printf("# cannot write %s: %s\n", path, strerror(errno));
}

/* Load name from tmpdir; the message, or "ok". */
static const char *
try_load(const char *name)
{
	struct kcc_tz *tz;
	const char *why;

	setenv("TZDIR", tmpdir, 1);
	tz = kcc_tz_load(name, &why);
	unsetenv("TZDIR");
	if (tz == NULL)
		return why;
	kcc_tz_offset(tz, 0);
	kcc_tz_offset(tz, INT64_MAX);
	kcc_tz_offset(tz, INT64_MIN);
	kcc_tz_free(tz);
	return "ok";
}

/* A zone with no transitions and only the footer rule. */
static struct kcc_tz *
rule_zone(const char *footer, int32_t off)
{
	static unsigned char buf[4096];
	struct tzspec z = {3, 0, NULL, NULL, 1, &off, footer, 0};
	struct kcc_tz *tz;
	const char *why;

	write_file("rule", buf, tzif_build(buf, &z));
	setenv("TZDIR", tmpdir, 1);
	tz = kcc_tz_load("rule", &why);
	unsetenv("TZDIR");
	if (tz == NULL)
		printf("# rule '%s': %s\n", footer, why);
	return tz;
}

static void
test_rules(void)
{
	static const char *glibc_rules[] = {"CET-1CEST,M3.5.0,M10.5.0/3",
		"EST5EDT,M3.2.0,M11.1.0", "AAA-1BBB,J60,J300",
		"AAA-1BBB,59,299", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",
		"IST-2IDT,M3.4.4/26,M10.5.0",
		"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "<+0530>-5:30",
		"NZST-12NZDT,M9.5.0,M4.1.0/3",
		"AAA3:15BBB2:00:30,M4.1.1/1:30:15,J1"};
	struct kcc_tz *tz, *ams;
	int64_t from = at("2020-01-01T00:00:00Z"),
		to = at("2100-01-01T00:00:00Z");
	int64_t s;
	struct tm tm;
	time_t tt;
	size_t i;
	int bad, k;

	/* Hand-checked forms (TZ='...' date -d ... +%z). */
	tz = rule_zone("AAA-1BBB,J60,J300", 3600);
	is_int(off_at(tz, "2024-03-01T00:59:59Z"), 3600,
		"J60 in 2024 is 1 March");
	is_int(off_at(tz, "2024-03-01T01:00:00Z"), 7200, "... DST at 01:00Z");
	is_int(off_at(tz, "2025-10-26T23:59:59Z"), 7200, "J300 in 2025");
	is_int(off_at(tz, "2025-10-27T00:00:00Z"), 3600, "... is 27 October");
	kcc_tz_free(tz);
	tz = rule_zone("AAA-1BBB,59,299", 3600);
	is_int(off_at(tz, "2024-02-29T00:59:59Z"), 3600, "day 59 of 2024");
	is_int(off_at(tz, "2024-02-29T01:00:00Z"), 7200, "... is 29 February");
	is_int(off_at(tz, "2025-03-01T00:59:59Z"), 3600, "day 59 of 2025");
	is_int(off_at(tz, "2025-03-01T01:00:00Z"), 7200, "... is 1 March");
	is_int(off_at(tz, "2024-10-26T00:00:00Z"), 3600, "day 299 of 2024");
	kcc_tz_free(tz);
	tz = rule_zone("<+03>-3", 10800);
	is_int(off_at(tz, "2026-07-01T00:00:00Z"), 10800, "<+03>-3");
	is_int(kcc_tz_offset(tz, INT64_MIN), 10800, "... at INT64_MIN");
	kcc_tz_free(tz);
	/* RFC 8536 3.3.1: DST all year round (glibc gets New Year wrong). */
	tz = rule_zone("EST5EDT,0/0,J365/25", -14400);
	for (bad = 0, k = 0; k < 2000; k++)
		if (kcc_tz_offset(tz, rnd_range(from, to)) != -14400)
			bad++;
	is_int(off_at(tz, "2026-01-01T00:30:00Z"), -14400,
		"all-year DST, 1 Jan");
	is_int(off_at(tz, "2025-12-31T23:30:00Z"), -14400, "... 31 Dec");
	is_int(bad, 0, "... random instants");
	kcc_tz_free(tz);
	tz = rule_zone("EST5EDT", -18000);
	is_int(off_at(tz, "2026-07-01T00:00:00Z"), -14400,
		"no rule: US rule assumed (DST)");
	is_int(off_at(tz, "2026-01-01T00:00:00Z"), -18000, "... (EST)");
	kcc_tz_free(tz);

	/* The footer alone agrees with the full Amsterdam file. */
	ams = load("Europe/Amsterdam");
	tz = rule_zone("CET-1CEST,M3.5.0,M10.5.0/3", 3600);
	for (bad = 0, k = 0; ams != NULL && tz != NULL && k < 4000; k++) {
		s = rnd_range(at("1997-01-01T00:00:00Z"), to);
		if (kcc_tz_offset(tz, s) != kcc_tz_offset(ams, s))
			bad++;
	}
	is_int(bad, 0, "CET rule = Europe/Amsterdam 1997-2100");
	kcc_tz_free(tz);
	kcc_tz_free(ams);

	/* Each rule against glibc's own TZ string parser. */
	unsetenv("TZDIR");
	for (i = 0; i < sizeof glibc_rules / sizeof glibc_rules[0]; i++) {
		tz = rule_zone(glibc_rules[i], 0);
		if (tz == NULL) {
			ok(0, "rule '%s' loads", glibc_rules[i]);
			continue;
		}
		setenv("TZ", glibc_rules[i], 1);
		tzset();
		for (bad = 0, k = 0; k < 3000; k++) {
			s = k < 1000 ? rnd_range(from, to)
				     : from + (k - 1000) * 3607 * 11;
			tt = (time_t)s;
			localtime_r(&tt, &tm);
			if (tm.tm_gmtoff != kcc_tz_offset(tz, s) && bad++ < 3)
				printf("# %s at %lld: glibc %ld, kcc %d\n",
					glibc_rules[i], (long long)s,
					tm.tm_gmtoff, kcc_tz_offset(tz, s));
		}
		is_int(bad, 0, "rule '%s' agrees with glibc", glibc_rules[i]);
		check_transitions(tz, glibc_rules[i], from, to);
		kcc_tz_free(tz);
	}
}

static void
test_files(void)
{
	static const int64_t times[] = {1000000000, 1100000000, 1200000000};
	static const unsigned char idx[] = {1, 0, 1};
	static const unsigned char bad_idx[] = {1, 2, 1};
	static const int64_t bad_times[] = {1000000000, 1000000000, 1200000000};
	static const int32_t offs[] = {0, 3600};
	static const int32_t bad_offs[] = {0, 200000};
	static const char *bad_rules[] = {"CET-1CEST,M13.5.0,M10.5.0",
		"CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0",
		"CET-1CEST,J0,J100", "CET-1CEST,J366,J100", "CET-1CEST,366,1",
		"CET-1CEST,M3.5.0", "CET-1CEST,M3.5.0,M10.5.0,", "X-1",
		"CET-25", "CET", "<CET-1", "<C!T>-1",
		"CET-1CEST,M3.5.0/168,M10.5.0", "CET-1:60",
		"CET-1CEST-2:00:60,M3.5.0,M10.5.0", "CET-1 ",
		"CET-1CEST,M3.5.0,M10.5.0/3x"};
	unsigned char buf[8192], *real = NULL;
	struct tzspec z;
	struct kcc_tz *tz, *rule;
	const char *why;
	size_t n, len = 0, i, cap;
	FILE *f;
	int bad, k, ok_loads;

	/* v1: transitions only. */
	z = (struct tzspec){1, 3, times, idx, 2, offs, "", 0};
	write_file("v1", buf, tzif_build(buf, &z));
	setenv("TZDIR", tmpdir, 1);
	tz = kcc_tz_load("v1", &why);
	unsetenv("TZDIR");
	ok(tz != NULL, "v1 file loads");
	if (tz != NULL) {
		is_int(kcc_tz_offset(tz, 999999999), 0, "v1 before first");
		is_int(kcc_tz_offset(tz, 1000000000), 3600, "v1 first");
		is_int(kcc_tz_offset(tz, 1100000000), 0, "v1 second");
		is_int(kcc_tz_offset(tz, 1150000000), 0, "v1 between");
		is_int(kcc_tz_offset(tz, 1200000000), 3600, "v1 last");
		is_int(kcc_tz_offset(tz, INT64_MAX), 3600, "v1 after last");
		kcc_tz_free(tz);
	}
	/* v2 with transitions and a footer that takes over after them. */
	z = (struct tzspec){2, 3, times, idx, 2, offs,
		"CET-1CEST,M3.5.0,M10.5.0/3", 0};
	write_file("v2", buf, tzif_build(buf, &z));
	setenv("TZDIR", tmpdir, 1);
	tz = kcc_tz_load("v2", &why);
	unsetenv("TZDIR");
	ok(tz != NULL, "v2 file loads");
	if (tz != NULL) {
		is_int(kcc_tz_offset(tz, 1150000000), 0, "v2 in the table");
		is_int(off_at(tz, "2026-01-15T00:00:00Z"), 3600,
			"v2 rule winter");
		is_int(off_at(tz, "2026-07-15T00:00:00Z"), 7200,
			"v2 rule summer");
		/* Like a slim file: the rule's years are added to the table
		 * up to 2100; the answers must not change. */
		rule = rule_zone("CET-1CEST,M3.5.0,M10.5.0/3", 3600);
		for (bad = 0, k = 0; rule != NULL && k < 20000; k++) {
			int64_t s =
				k < 10000 ? rnd_range(1200000000,
						    at("2200-01-01T00:00:00Z"))
					  : at("2099-12-01T00:00:00Z") +
						    (k - 10000) * 3571;

			if (kcc_tz_offset(tz, s) != kcc_tz_offset(rule, s))
				bad++;
		}
		is_int(bad, 0, "v2 table + rule = rule alone, 2008-2200");
		kcc_tz_free(rule);
		kcc_tz_free(tz);
	}
	z.footer = "";
	write_file("v2-empty-footer", buf, tzif_build(buf, &z));
	is_str(try_load("v2-empty-footer"), "ok", "empty footer");

	/* Corrupt and hostile files. */
	write_file("garbage", "this is not a time zone\n", 24);
	is_str(try_load("garbage"), "not a time zone file", "garbage");
	write_file("empty", "", 0);
	is_str(try_load("empty"), "not a time zone file", "empty file");
	write_file("TZif", "TZif2", 5);
	is_str(try_load("TZif"), "not a time zone file", "magic only");
	z = (struct tzspec){2, 3, times, bad_idx, 2, offs, "", 0};
	write_file("bad-idx", buf, tzif_build(buf, &z));
	is_str(try_load("bad-idx"), "corrupt time zone file",
		"type index out of range");
	z = (struct tzspec){2, 3, bad_times, idx, 2, offs, "", 0};
	write_file("bad-order", buf, tzif_build(buf, &z));
	is_str(try_load("bad-order"), "corrupt time zone file",
		"transitions not ascending");
	z = (struct tzspec){2, 3, times, idx, 2, bad_offs, "", 0};
	write_file("bad-off", buf, tzif_build(buf, &z));
	is_str(try_load("bad-off"), "corrupt time zone file",
		"offset of 55 hours");
	z = (struct tzspec){2, 3, times, idx, 0, offs, "", 0};
	write_file("no-types", buf, tzif_build(buf, &z));
	is_str(try_load("no-types"), "corrupt time zone file", "no types");
	z = (struct tzspec){2, 3, times, idx, 2, offs, "", 2};
	write_file("leap", buf, tzif_build(buf, &z));
	is_str(try_load("leap"),
		"time zone files with leap seconds are not supported",
		"leap seconds");
	z = (struct tzspec){2, 3, times, idx, 2, offs, "UTC0", 0};
	n = tzif_build(buf, &z);
	buf[n - 1] = 'x';
	write_file("no-newline", buf, n);
	is_str(try_load("no-newline"), "corrupt time zone file",
		"footer without its newline");
	/* Counts of 2^32 - 1 must not overflow the size check. */
	n = tzif_build(buf, &z);
	memset(buf + 32, 0xff, 12);
	write_file("huge-v1", buf, n);
	is_str(try_load("huge-v1"), "corrupt time zone file", "huge v1 counts");
	n = tzif_build(buf, &z);
	memset(buf + 44 + 3 * 5 + 2 * 6 + 4 + 32, 0xff, 12);
	write_file("huge-v2", buf, n);
	is_str(try_load("huge-v2"), "corrupt time zone file", "huge v2 counts");
	for (i = 0; i < sizeof bad_rules / sizeof bad_rules[0]; i++) {
		z = (struct tzspec){3, 0, NULL, NULL, 1, offs, bad_rules[i], 0};
		write_file("bad-rule", buf, tzif_build(buf, &z));
		is_str(try_load("bad-rule"),
			"time zone file has an invalid TZ rule",
			"bad rule '%s'", bad_rules[i]);
	}
	snprintf((char *)buf, sizeof buf, "%s/Europe", tmpdir);
	mkdir((char *)buf, 0700);
	is_str(try_load("Europe"), "unknown time zone", "a directory");
	rmdir((char *)buf);
	is_str(try_load("Nowhere/Land"), "unknown time zone", "missing file");
	is_str(try_load("garbage/x"), "unknown time zone", "file as directory");

	/* Every truncation of a real file is rejected; byte flips never
	 * crash (the sanitizer build checks the reads). */
	if ((f = fopen("/usr/share/zoneinfo/Europe/Amsterdam", "rb")) != NULL) {
		real = malloc(65536);
		len = fread(real, 1, 65536, f);
		fclose(f);
	}
	if (real == NULL || len == 0) {
		ok(0, "read the real Europe/Amsterdam");
		free(real);
		return;
	}
	write_file("real", real, len);
	is_str(try_load("real"), "ok", "copy of Europe/Amsterdam loads");
	for (bad = 0, n = 0; n < len; n++) {
		write_file("cut", real, n);
		if (strcmp(try_load("cut"), "ok") == 0 && bad++ < 3)
			printf("# prefix of %zu bytes loaded\n", n);
	}
	is_int(bad, 0, "all %zu truncations rejected", len);
	for (ok_loads = 0, k = 0; k < 3000; k++) {
		unsigned char *m = malloc(len + 16);

		memcpy(m, real, len);
		cap = len;
		for (i = 0; i < 1 + rnd() % 3; i++)
			m[rnd() % cap] = (unsigned char)rnd();
		if (k % 10 == 0)
			m[rnd() % 44] = (unsigned char)rnd();
		write_file("flip", m, cap);
		if (strcmp(try_load("flip"), "ok") == 0)
			ok_loads++;
		free(m);
	}
	ok(1, "3000 mutated files survived (%d loaded)", ok_loads);
	free(real);
}

static void
test_names(void)
{
	static const char *bad[] = {"", "/etc/localtime", "../etc/passwd",
		"Europe/../Europe/Amsterdam", "Europe/Amster dam",
		"Europe/Amsterdam.", "Europe/Amsterdam\n", "Europe\\Amsterdam",
		"Europe/Amsterdam;rm", "Europe/Ámsterdam", "..", "./UTC"};
	struct kcc_tz *tz;
	const char *why;
	char longname[400], shown[64], *p;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		tz = kcc_tz_load(bad[i], &why);
		/* Keep the TAP line one line. */
		snprintf(shown, sizeof shown, "%s", bad[i]);
		for (p = shown; *p != '\0'; p++)
			if (*p == '\n')
				*p = '?';
		ok(tz == NULL && why != NULL &&
				strcmp(why, "invalid time zone name") == 0,
			"invalid name '%s'", shown);
		kcc_tz_free(tz);
	}
	memset(longname, 'A', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	tz = kcc_tz_load(longname, &why);
	ok(tz == NULL, "name of 399 characters");
	why = NULL;
	tz = kcc_tz_load("Nowhere/Land", &why);
	is_str(tz == NULL ? why : "loaded", "unknown time zone",
		"unknown zone");
	tz = kcc_tz_load("Etc/GMT+5", &why);
	ok(tz != NULL && kcc_tz_offset(tz, 0) == -18000, "Etc/GMT+5 ('+')");
	kcc_tz_free(tz);
	tz = kcc_tz_load("America/Port-au-Prince", &why);
	ok(tz != NULL, "America/Port-au-Prince ('-')");
	kcc_tz_free(tz);

	/* No zoneinfo at all: UTC still works. */
	setenv("TZDIR", tmpdir, 1);
	tz = kcc_tz_load("UTC", &why);
	ok(tz != NULL && kcc_tz_offset(tz, 1772439247) == 0,
		"UTC without a zoneinfo file");
	if (tz != NULL)
		is_str(kcc_tz_name(tz), "UTC", "... named UTC");
	kcc_tz_free(tz);
	tz = kcc_tz_load("Europe/Amsterdam", &why);
	is_str(tz == NULL ? why : "loaded", "unknown time zone",
		"TZDIR is honoured");
	kcc_tz_free(tz);
	setenv("TZDIR", "", 1);
	tz = kcc_tz_load("Europe/Amsterdam", &why);
	ok(tz != NULL, "empty TZDIR means the system directory");
	kcc_tz_free(tz);
	unsetenv("TZDIR");
}

static void
cleanup(void)
{
	static const char *files[] = {"v1", "v2", "v2-empty-footer", "garbage",
		"empty", "TZif", "bad-idx", "bad-order", "bad-off", "no-types",
		"leap", "no-newline", "huge-v1", "huge-v2", "bad-rule", "real",
		"cut", "flip", "rule"};
	char path[512];
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", tmpdir, files[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	unsetenv("TZDIR");
	test_parse();
	test_civil();
	test_zones();
	test_glibc_zones();
	test_local();
	test_buckets();
	test_rules();
	test_files();
	test_names();
	cleanup();
	return tap_done();
}
