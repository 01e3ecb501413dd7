/*
 * Exact, mergeable aggregates for group-by statistics: a histogram of
 * integers (for percentiles), a set of byte strings (for distinct counts)
 * and a list of intervals (for concurrency).
 *
 * Each is exact, so partial states from shards combine into exactly the
 * state one run over all the input would have built, and everything read
 * out of one (percentiles, counts, the serialised form) depends only on
 * what was added, never on the order it was added in or on hash layout.
 * A serialised state is canonical: the same contents always write the
 * same bytes.
 *
 * Every state is a plain struct that can be embedded by the hundred
 * thousand (one per group): _init allocates nothing, the first add does.
 * _init pairs with _release; a released state is empty and can be used
 * again.
 *
 * The _read functions parse what the matching _write wrote, and only that:
 * a JSON array of the documented shape, in the canonical order, with
 * integers in range.  Anything else returns -1 and leaves the state as it
 * was.  What is read is added to what the state already holds, so reading
 * several partial files into one state merges them.
 */
#ifndef KCC_AGG_H
#define KCC_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "kcc/out.h"

/*
 * A histogram: how many times each int64 value was added.  An open
 * addressing hash table keyed by value.  Single adds wait in a small
 * buffer and go into the table together: with many groups the tables do
 * not stay in cache, and a batch of independent lookups waits for memory
 * once instead of once per add.
 */
#define KCC_HIST_PENDING 16

struct kcc_hist_bin;

struct kcc_hist {
	struct kcc_hist_bin *bins; /* NULL until the first add reaches it */
	uint64_t total;            /* sum of all counts, pending ones too */
	size_t distinct;           /* values with a count in the table */
	unsigned shift;            /* 64 - log2(table size) */
	unsigned npending;
	int64_t pending
		[KCC_HIST_PENDING]; /* added once each, not yet in bins */
};

void kcc_hist_init(struct kcc_hist *h);
void kcc_hist_release(struct kcc_hist *h);

/* Add `count` occurrences of v (count 0 does nothing). */
void kcc_hist_add(struct kcc_hist *h, int64_t v, uint64_t count);

/* Add everything in src to dst; src is unchanged. */
void kcc_hist_merge(struct kcc_hist *dst, const struct kcc_hist *src);

/* Total count (occurrences, not distinct values). */
uint64_t kcc_hist_count(const struct kcc_hist *h);

/* Number of distinct values. */
size_t kcc_hist_distinct(const struct kcc_hist *h);

/*
 * The nearest-rank p-th percentile into *v: the smallest value v such that
 * at least ceil(p / 100 * N) of the N occurrences are <= v.  p is in
 * (0, 100] and is taken to six decimals, so that 99.9 means exactly 99.9
 * and not the double nearest to it; the rank is computed exactly for any
 * N.  Returns 0, or -1 (*v untouched) when the histogram is empty or p is
 * out of range.
 */
int kcc_hist_percentile(const struct kcc_hist *h, double p, int64_t *v);

/*
 * np percentiles at once, sorting the distinct values once: out[i] gets
 * the ps[i]-th percentile.  Returns 0, or -1 (out untouched) when the
 * histogram is empty or some ps[i] is out of range.
 */
int kcc_hist_percentiles(const struct kcc_hist *h, const double *ps, int np,
	int64_t *out);

/*
 * Write h as a JSON array of [value,count] pairs in increasing order of
 * value: [[-3,1],[5,12]]; empty: [].
 */
void kcc_hist_write(const struct kcc_hist *h, struct kcc_out *out);

/*
 * Add the histogram in json[0..n) (as kcc_hist_write() writes it: values
 * strictly increasing, counts >= 1, the total below 2^64) to h.  Returns
 * 0, or -1 with h unchanged.
 */
int kcc_hist_read(struct kcc_hist *h, const char *json, size_t n);

/*
 * A set of byte strings (any bytes, empty included).  Keys are copied
 * into an arena owned by the set; a compact list of keys in insertion
 * order plus an open addressing index of it, which also holds 32 bits of
 * each key's hash so that most probes never touch the keys.
 */
struct kcc_strset_key;

struct kcc_strset {
	struct kcc_strset_key *keys; /* NULL until the first add */
	uint64_t *index;             /* hash tag << 32 | key number + 1 */
	char *arena;                 /* the keys' bytes */
	size_t n, keys_cap;
	size_t arena_len, arena_cap;
	size_t mask; /* index slots - 1 */
};

void kcc_strset_init(struct kcc_strset *s);
void kcc_strset_release(struct kcc_strset *s);

/* Add p[0..n).  Returns 1 when it was not in the set, else 0. */
int kcc_strset_add(struct kcc_strset *s, const void *p, size_t n);

/* Whether p[0..n) is in the set. */
int kcc_strset_has(const struct kcc_strset *s, const void *p, size_t n);

/* Number of distinct strings. */
size_t kcc_strset_count(const struct kcc_strset *s);

/*
 * The i-th string (i < count, in the order added; *n its length),
 * borrowed until the set changes.
 */
const char *kcc_strset_at(const struct kcc_strset *s, size_t i, size_t *n);

/* Add every string of src to dst; src is unchanged. */
void kcc_strset_merge(struct kcc_strset *dst, const struct kcc_strset *src);

/*
 * Write s as a JSON array in bytewise order (memcmp; a prefix first).  A
 * string that is valid UTF-8 is written as a JSON string; one that is not
 * (which JSON strings cannot hold) as an array of its byte values:
 * ["a1f0","b2",[255,0]].  Empty: [].
 */
void kcc_strset_write(const struct kcc_strset *s, struct kcc_out *out);

/*
 * Add the strings in json[0..n) (as kcc_strset_write() writes them:
 * strictly increasing, the byte array form only for what is not UTF-8) to
 * s.  Returns 0, or -1 with s unchanged.
 */
int kcc_strset_read(struct kcc_strset *s, const char *json, size_t n);

/*
 * Intervals [start, end) in milliseconds, for how many things were going
 * on at once.
 */
struct kcc_sweep_interval {
	int64_t start, end;
};

struct kcc_sweep {
	struct kcc_sweep_interval *iv; /* in the order added; NULL at first */
	size_t n, cap;
};

void kcc_sweep_init(struct kcc_sweep *s);
void kcc_sweep_release(struct kcc_sweep *s);

/* Add [start, end).  Returns 0, or -1 (nothing added) when end < start. */
int kcc_sweep_add(struct kcc_sweep *s, int64_t start, int64_t end);

/* Append src's intervals to dst; src is unchanged. */
void kcc_sweep_merge(struct kcc_sweep *dst, const struct kcc_sweep *src);

/* Number of intervals. */
size_t kcc_sweep_count(const struct kcc_sweep *s);

/*
 * Concurrency over all intervals:
 *   *max_concurrent: the most intervals present at one instant.  [a, b)
 *   holds a and not b, so one interval ending at t and another starting
 *   at t were never simultaneous; an empty interval [t, t) is present at
 *   the instant t (and so counts with the intervals that hold t), but for
 *   no length of time.
 *   *busy_ms: the length of time at least one interval was present (the
 *   measure of their union).
 *   *mean_concurrent: the mean count over that busy time: the sum of the
 *   intervals' lengths / busy_ms; 0 when busy_ms is 0.
 * All three are 0 for no intervals.  Lengths are summed in 64 bits: a sum
 * past 2^64 ms (585 million years) is not handled.
 */
void kcc_sweep_result(const struct kcc_sweep *s, uint64_t *max_concurrent,
	double *mean_concurrent, int64_t *busy_ms);

/*
 * Write s as a JSON array of [start,end] pairs, sorted by start, then end:
 * [[0,10],[5,15]]; empty: [].
 */
void kcc_sweep_write(const struct kcc_sweep *s, struct kcc_out *out);

/*
 * Append the intervals in json[0..n) (as kcc_sweep_write() writes them:
 * sorted, start <= end; repeats allowed) to s.  Returns 0, or -1 with s
 * unchanged.
 */
int kcc_sweep_read(struct kcc_sweep *s, const char *json, size_t n);

#endif
