/*
 * Time: RFC 3339 parsing and formatting, IANA time zones, calendar buckets.
 *
 * An instant is seconds since the Unix epoch (UTC) plus nanoseconds, and
 * the UTC offset it was written with, so that a record's local time of day
 * survives a round trip.  Zones come from the system's IANA database
 * (TZif files under /usr/share/zoneinfo, or $TZDIR), read by this module
 * rather than through localtime(3): glibc keeps one process-wide zone in the
 * TZ variable, gives no access to transitions, and does not let the caller
 * decide what a wall-clock time in a DST gap or overlap means.
 */
#ifndef KCC_TIME_H
#define KCC_TIME_H

#include <stddef.h>
#include <stdint.h>

struct kcc_time {
	int64_t sec;   /* seconds since 1970-01-01T00:00:00Z */
	int32_t nsec;  /* 0..999999999 */
	int32_t off_s; /* UTC offset the time was written with, seconds */
};

/* Longest string kcc_time_format() writes, with its NUL. */
#define KCC_TIME_MAX 40

/*
 * Parse an RFC 3339 date-time with offset ("2026-03-02T09:14:07+01:00",
 * "...T08:14:07.5Z"; 't', 'z' and a space for 'T' accepted) from s (length
 * n, not NUL-terminated).  Dates are checked against the calendar (no 31
 * February); leap seconds (:60) are rejected.  Returns 0, or -1 with a
 * static message in *why.
 */
int kcc_time_parse(const char *s, size_t n, struct kcc_time *t,
	const char **why);

/*
 * Write t as canonical RFC 3339 into buf (KCC_TIME_MAX bytes):
 * "YYYY-MM-DDTHH:MM:SS[.f]+HH:MM", in t->off_s, the fraction with trailing
 * zeros removed, "Z" for offset zero.  Returns the length.
 */
size_t kcc_time_format(const struct kcc_time *t, char *buf);

/* Civil date helpers (proleptic Gregorian). */
int64_t kcc_days_from_civil(int64_t y, unsigned m, unsigned d);
void kcc_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);
/* ISO weekday of a day number, 1 Monday .. 7 Sunday (1970-01-01: 4). */
int kcc_iso_weekday(int64_t days);

/*
 * A loaded zone.  It caches the last transition interval it looked up, so
 * one struct kcc_tz must not be used by two threads at once: give each
 * thread its own.
 */
struct kcc_tz;

/*
 * Load zone `name` ("Europe/Amsterdam", "UTC", "America/New_York") from
 * $TZDIR or /usr/share/zoneinfo, including the POSIX rule in the file's
 * footer for times past its last transition.  Returns NULL with a message
 * in *why (static) when the name is invalid or unknown.  Free with
 * kcc_tz_free().
 */
struct kcc_tz *kcc_tz_load(const char *name, const char **why);
void kcc_tz_free(struct kcc_tz *tz);
const char *kcc_tz_name(const struct kcc_tz *tz);

/* UTC offset in seconds of zone tz at instant `sec`. */
int32_t kcc_tz_offset(struct kcc_tz *tz, int64_t sec);

/* What a local wall-clock time that does not exist (gap) or exists twice
 * (overlap) resolves to. */
enum kcc_tz_gap { KCC_GAP_ERROR, KCC_GAP_SHIFT /* forward by the gap */ };
enum kcc_tz_fold { KCC_FOLD_EARLIER, KCC_FOLD_LATER, KCC_FOLD_ERROR };

/*
 * Convert local wall time (y-m-d h:mi:s, nsec) in zone tz to an instant,
 * with the offset in force then.  Returns 0; 1 when the time fell in an
 * overlap and was resolved by `fold`; 2 when it fell in a gap and was
 * shifted; -1 with a static message in *why for an invalid date, a gap
 * under KCC_GAP_ERROR or an overlap under KCC_FOLD_ERROR.
 */
int kcc_tz_local(struct kcc_tz *tz, int64_t y, int mo, int d, int h, int mi,
	int s, int32_t nsec, enum kcc_tz_gap gap, enum kcc_tz_fold fold,
	struct kcc_time *t, const char **why);

/* Local civil time of an instant in zone tz (tz NULL: t's own offset). */
struct kcc_civil {
	int64_t year;
	int month, day, hour, min, sec; /* 1-12, 1-31, 0-23, 0-59, 0-59 */
	int wday;                       /* ISO: 1 Monday .. 7 Sunday */
	int yday;                       /* 1..366 */
	int32_t off_s;
};
void kcc_time_civil(struct kcc_tz *tz, const struct kcc_time *t,
	struct kcc_civil *c);

/* Calendar buckets. */
enum kcc_bucket {
	KCC_BUCKET_MINUTES, /* N-minute interval, N divides 1440 */
	KCC_BUCKET_HOUR,
	KCC_BUCKET_DAY,
	KCC_BUCKET_WEEK, /* ISO 8601 week, Monday first */
	KCC_BUCKET_MONTH,
	KCC_BUCKET_QUARTER,
	KCC_BUCKET_YEAR,
	KCC_BUCKET_DOW, /* day of week, 1 Monday .. 7 Sunday */
	KCC_BUCKET_HOD, /* hour of day, 0..23 */
};

/* Longest label kcc_time_bucket() writes, with its NUL. */
#define KCC_BUCKET_MAX 40

/*
 * Label of the bucket holding t in zone tz (NULL: t's own offset), into
 * buf (KCC_BUCKET_MAX bytes); returns the length.  Labels sort in time
 * order within a unit:
 *   minutes  "2026-03-02T09:30+01:00" (interval start, local, with offset)
 *   hour     "2026-03-02T09+01:00"
 *   day      "2026-03-02"
 *   week     "2026-W10"   (ISO year and week)
 *   month    "2026-03"
 *   quarter  "2026-Q1"
 *   year     "2026"
 *   dow      "1-mon" .. "7-sun"
 *   hod      "00" .. "23"
 * `minutes` is used only by KCC_BUCKET_MINUTES; when it does not divide
 * 1440 the label is empty and the length 0 (check options up front).
 */
size_t kcc_time_bucket(struct kcc_tz *tz, const struct kcc_time *t,
	enum kcc_bucket unit, int minutes, char *buf);

#endif
