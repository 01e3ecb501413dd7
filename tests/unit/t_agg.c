/*
 * Tests for lib/agg.c: histogram percentiles, string sets and interval
 * sweeps; merged shards give the bytes of a single run; serialised states
 * read back, and anything else is refused without changing the state.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/agg.h"
#include "kcc/out.h"
#include "tap.h"

/* A fixed pseudo-random sequence (splitmix64), the same on every run. */
static uint64_t rng_state;

static uint64_t
rng(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* The text written to out, NUL-terminated (the caller frees); closes out. */
static char *
take(struct kcc_out *out)
{
	char *s = malloc(out->len + 1);

	if (s == NULL)
		abort();
	memcpy(s, out->buf, out->len);
	s[out->len] = '\0';
	kcc_out_close(out);
	return s;
}

static char *
hist_text(const struct kcc_hist *h)
{
	struct kcc_out out;

	kcc_out_init_mem(&out);
	kcc_hist_write(h, &out);
	return take(&out);
}

static char *
strset_text(const struct kcc_strset *s)
{
	struct kcc_out out;

	kcc_out_init_mem(&out);
	kcc_strset_write(s, &out);
	return take(&out);
}

static char *
sweep_text(const struct kcc_sweep *s)
{
	struct kcc_out out;

	kcc_out_init_mem(&out);
	kcc_sweep_write(s, &out);
	return take(&out);
}

static void
pct(const struct kcc_hist *h, double p, int64_t want, const char *what)
{
	int64_t v = -999;

	if (!ok(kcc_hist_percentile(h, p, &v) == 0 && v == want,
		    "%s: p%g is %lld", what, p, (long long)want))
		printf("#   got: %lld\n", (long long)v);
}

static void
test_percentiles(void)
{
	struct kcc_hist h;
	double ps[] = {50, 90, 95, 80, 100, 10};
	double bad[] = {50, 0};
	int64_t out[6], want[] = {5, 9, 10, 8, 10, 1}, v = -999;
	uint64_t n, p, k, fails = 0;
	int i;

	kcc_hist_init(&h);
	ok(kcc_hist_percentile(&h, 50, &v) == -1 && v == -999,
		"empty histogram: no percentile");
	ok(h.bins == NULL, "init allocates nothing");

	/* Added out of order, to be sure order does not matter. */
	for (i = 10; i >= 1; i--)
		kcc_hist_add(&h, i, 1);
	is_int(kcc_hist_count(&h), 10, "1..10: count 10");
	is_int(kcc_hist_distinct(&h), 10, "1..10: 10 distinct");
	pct(&h, 50, 5, "1..10");
	pct(&h, 90, 9, "1..10");
	pct(&h, 95, 10, "1..10");
	pct(&h, 80, 8, "1..10");
	pct(&h, 70, 7, "1..10"); /* 0.7 * 10 is not 7 in doubles */
	pct(&h, 10, 1, "1..10");
	pct(&h, 10.000001, 2, "1..10");
	pct(&h, 0.0001, 1, "1..10");
	pct(&h, 100, 10, "1..10");
	ok(kcc_hist_percentiles(&h, ps, 6, out) == 0 &&
			!memcmp(out, want, sizeof want),
		"1..10: p50 p90 p95 p80 p100 p10 at once");
	memset(out, 0, sizeof out);
	ok(kcc_hist_percentiles(&h, bad, 2, out) == -1 && out[0] == 0,
		"p0 refused, out untouched");
	ok(kcc_hist_percentile(&h, 100.0001, &v) == -1, "p100.0001 refused");
	ok(kcc_hist_percentile(&h, -5, &v) == -1, "p-5 refused");
	ok(kcc_hist_percentile(&h, NAN, &v) == -1, "NaN refused");
	kcc_hist_release(&h);

	/* Duplicates: 1 1 1 2 10. */
	kcc_hist_add(&h, 10, 1);
	kcc_hist_add(&h, 1, 2);
	kcc_hist_add(&h, 2, 1);
	kcc_hist_add(&h, 1, 1);
	kcc_hist_add(&h, 3, 0); /* nothing */
	is_int(kcc_hist_count(&h), 5, "duplicates: count 5");
	is_int(kcc_hist_distinct(&h), 3, "duplicates: 3 distinct");
	pct(&h, 50, 1, "1 1 1 2 10");
	pct(&h, 60, 1, "1 1 1 2 10");
	pct(&h, 61, 2, "1 1 1 2 10");
	pct(&h, 80, 2, "1 1 1 2 10");
	pct(&h, 81, 10, "1 1 1 2 10");
	pct(&h, 100, 10, "1 1 1 2 10");
	kcc_hist_release(&h);

	kcc_hist_add(&h, 7, 3);
	pct(&h, 1, 7, "single value");
	pct(&h, 50, 7, "single value");
	pct(&h, 100, 7, "single value");
	kcc_hist_release(&h);

	kcc_hist_add(&h, -5, 1);
	kcc_hist_add(&h, INT64_MIN, 1);
	kcc_hist_add(&h, INT64_MAX, 1);
	kcc_hist_add(&h, -1, 1);
	pct(&h, 25, INT64_MIN, "negative and extreme values");
	pct(&h, 50, -5, "negative and extreme values");
	pct(&h, 75, -1, "negative and extreme values");
	pct(&h, 100, INT64_MAX, "negative and extreme values");
	kcc_hist_release(&h);

	/* Exact ranks for any count: 2^63 - 1 fives and as many sixes. */
	kcc_hist_add(&h, 6, UINT64_MAX / 2);
	kcc_hist_add(&h, 5, UINT64_MAX / 2);
	pct(&h, 50, 5, "2^64 - 2 occurrences");
	pct(&h, 50.000001, 6, "2^64 - 2 occurrences");
	kcc_hist_release(&h);

	/* Values 1..n: the p-th percentile is the rank, ceil(p * n / 100). */
	for (n = 1; n <= 300; n++) {
		kcc_hist_add(&h, (int64_t)n, 1);
		for (p = 1; p <= 100; p++) {
			k = (p * n + 99) / 100;
			if (kcc_hist_percentile(&h, (double)p, &v) != 0 ||
				v != (int64_t)k)
				fails++;
		}
	}
	is_int(fails, 0, "1..n, n <= 300, integer p: the nearest rank");
	fails = 0;
	for (p = 1; p <= 1000; p++)
		if (kcc_hist_percentile(&h, (double)p / 10, &v) != 0 ||
			v != (int64_t)((p * 300 + 999) / 1000))
			fails++;
	is_int(fails, 0, "1..300, p in tenths: the nearest rank");
	pct(&h, 99.9, 300, "1..300");
	kcc_hist_release(&h);

	for (i = 1; i <= 1000; i++)
		kcc_hist_add(&h, i, 1);
	pct(&h, 99.9, 999, "1..1000");
	pct(&h, 99.95, 1000, "1..1000");
	pct(&h, 0.1, 1, "1..1000");
	pct(&h, 0.15, 2, "1..1000");
	kcc_hist_release(&h);
	kcc_hist_release(&h); /* twice is harmless */
}

static void
test_hist_merge(void)
{
	struct kcc_hist all, a, b, c, rev;
	int64_t *v;
	char *t_all, *t, *t_rev;
	size_t i, n = 100000;

	kcc_hist_init(&all);
	kcc_hist_init(&a);
	kcc_hist_init(&b);
	kcc_hist_init(&rev);
	v = malloc(n * sizeof *v);
	rng_state = 1;
	for (i = 0; i < n; i++) {
		/* Mostly durations with many repeats, a few wild values. */
		v[i] = i % 97 == 0 ? (int64_t)rng()
				   : (int64_t)(rng() % 600000) - 1000;
		kcc_hist_add(&all, v[i], 1);
		kcc_hist_add(i % 3 == 0 ? &a : &b, v[i], 1);
	}
	for (i = n; i-- > 0;)
		kcc_hist_add(&rev, v[i], 1);
	t_all = hist_text(&all);
	t_rev = hist_text(&rev);
	is_str(t_rev, t_all, "insertion order does not change the bytes");
	free(t_rev);

	kcc_hist_init(&c);
	kcc_hist_merge(&c, &b);
	kcc_hist_merge(&c, &a);
	t = hist_text(&c);
	ok(strcmp(t, t_all) == 0, "b + a written as one run over all values");
	ok(kcc_hist_count(&c) == n &&
			kcc_hist_distinct(&c) == kcc_hist_distinct(&all),
		"merged count and distinct values");
	free(t);
	kcc_hist_merge(&a, &b);
	t = hist_text(&a);
	ok(strcmp(t, t_all) == 0, "a + b written as one run over all values");
	free(t);

	/* Round trip: read into an empty state, and into one (a merge). */
	kcc_hist_release(&c);
	ok(kcc_hist_read(&c, t_all, strlen(t_all)) == 0, "read back");
	t = hist_text(&c);
	ok(strcmp(t, t_all) == 0, "write, read, write: the same bytes");
	free(t);
	kcc_hist_release(&a);
	kcc_hist_release(&c);
	for (i = 0; i < n; i++) {
		if (i % 97 == 0)
			continue;
		kcc_hist_add(i % 2 ? &a : &b, v[i], 1);
	}
	kcc_hist_release(&b);
	for (i = 0; i < n; i++)
		if (i % 97 == 0 || i % 2 == 0)
			kcc_hist_add(&b, v[i], 1);
	t = hist_text(&b);
	ok(kcc_hist_read(&a, t, strlen(t)) == 0, "read into a non-empty state");
	free(t);
	t = hist_text(&a);
	ok(strcmp(t, t_all) == 0, "reading a shard merges it");
	free(t);

	/* A state merged into itself doubles. */
	kcc_hist_release(&a);
	kcc_hist_add(&a, 4, 2);
	kcc_hist_add(&a, -4, 1);
	kcc_hist_merge(&a, &a);
	t = hist_text(&a);
	is_str(t, "[[-4,2],[4,4]]", "self-merge doubles");
	free(t);
	/*
	 * Single adds wait in a buffer before they reach the table: a state
	 * with both, values in both places, merged into itself and others.
	 */
	kcc_hist_release(&a);
	kcc_hist_release(&b);
	for (i = 0; i < 3 * KCC_HIST_PENDING + 5; i++) {
		kcc_hist_add(&a, (int64_t)(i % 7), 1);
		kcc_hist_add(&b, (int64_t)(i % 7), 1);
	}
	ok(a.npending == 5 && a.distinct == 7 && kcc_hist_distinct(&a) == 7 &&
			kcc_hist_count(&a) == 3 * KCC_HIST_PENDING + 5,
		"pending values: counted, distinct against the table");
	kcc_hist_merge(&a, &a);
	kcc_hist_merge(&b, &b);
	kcc_hist_merge(&b, &b);
	t = hist_text(&a);
	is_str(t, "[[0,16],[1,16],[2,16],[3,16],[4,14],[5,14],[6,14]]",
		"self-merge with pending values doubles");
	free(t);
	t = hist_text(&b);
	is_str(t, "[[0,32],[1,32],[2,32],[3,32],[4,28],[5,28],[6,28]]",
		"twice: quadruples");
	free(t);
	kcc_hist_release(&a);
	kcc_hist_add(&a, 9, 1);
	kcc_hist_add(&a, 9, 1);
	kcc_hist_add(&a, 2, 1);
	ok(kcc_hist_distinct(&a) == 2 && a.bins == NULL,
		"distinct among pending values alone");
	ok(kcc_hist_read(&a, "[[2,3],[5,1]]", 13) == 0, "read into pending");
	t = hist_text(&a);
	is_str(t, "[[2,4],[5,1],[9,2]]", "read merges with pending values");
	free(t);
	{
		int64_t pv[3];
		double ps[3] = {25, 50, 100};
		ok(kcc_hist_percentiles(&a, ps, 3, pv) == 0 && pv[0] == 2 &&
				pv[1] == 2 && pv[2] == 9,
			"percentiles see pending values");
	}
	kcc_hist_release(&b);

	kcc_hist_release(&a);
	t = hist_text(&a);
	is_str(t, "[]", "empty histogram");
	free(t);

	kcc_hist_add(&a, INT64_MIN, 1);
	kcc_hist_add(&a, INT64_MAX, UINT64_MAX - 2);
	kcc_hist_add(&a, 0, 1);
	t = hist_text(&a);
	is_str(t,
		"[[-9223372036854775808,1],[0,1],"
		"[9223372036854775807,18446744073709551613]]",
		"extremes written");
	kcc_hist_release(&c);
	ok(kcc_hist_read(&c, t, strlen(t)) == 0 &&
			kcc_hist_count(&c) == UINT64_MAX,
		"extremes read back");
	free(t);

	kcc_hist_release(&a);
	kcc_hist_release(&b);
	kcc_hist_release(&c);
	kcc_hist_release(&all);
	kcc_hist_release(&rev);
	free(t_all);
	free(v);
}

static void
hist_rejects(const char *json)
{
	struct kcc_hist h;
	char *before, *after;

	kcc_hist_init(&h);
	kcc_hist_add(&h, 1, 1);
	kcc_hist_add(&h, 3, 2);
	before = hist_text(&h);
	ok(kcc_hist_read(&h, json, strlen(json)) == -1, "histogram refuses %s",
		json);
	after = hist_text(&h);
	if (strcmp(before, after) != 0)
		ok(0, "... and changed the state to %s", after);
	free(before);
	free(after);
	kcc_hist_release(&h);
}

static void
test_hist_read(void)
{
	static const char *const bad[] = {
		"",
		" ",
		"[",
		"[[1,2]",
		"[[1,2]]]",
		"[[1,2]] x",
		"[[1,2],]",
		"{}",
		"null",
		"[1,2]",
		"[null]",
		"[[]]",
		"[[1]]",
		"[[1,2,3]]",
		"[[1,0]]",
		"[[2,1],[1,1]]",
		"[[1,1],[1,1]]",
		"[[1,1],[5,1],[3,1]]",
		"[[1.5,1]]",
		"[[1.0,1]]",
		"[[1e3,1]]",
		"[[1,1E0]]",
		"[[1,-1]]",
		"[[\"1\",1]]",
		"[[true,1]]",
		"[[9223372036854775808,1]]",
		"[[-9223372036854775809,1]]",
		"[[99999999999999999999999,1]]",
		"[[1,18446744073709551616]]",
		"[[1,18446744073709551615],[2,1]]",
		"[[01,1]]",
		"[[+1,1]]",
		"[{\"1\":1}]",
		"\xff",
	};
	static const char good[] = "[[-7,1],[0,3],[12,1]]";
	struct kcc_hist h;
	char *t, buf[64];
	size_t i, k, fails = 0;
	int r;

	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		hist_rejects(bad[i]);
	/* Embedded NUL: the length is what counts. */
	kcc_hist_init(&h);
	ok(kcc_hist_read(&h, "[[1,1]]\0", 8) == -1 && h.total == 0,
		"histogram refuses a NUL after the array");

	/* Every proper prefix of a good text is refused. */
	for (k = 0; k < strlen(good); k++)
		if (kcc_hist_read(&h, good, k) != -1 || h.total != 0)
			fails++;
	is_int(fails, 0, "every prefix of %s refused", good);

	ok(kcc_hist_read(&h, " \n[ [ 1 , 2 ] ]\t", 16) == 0 && h.total == 2,
		"white space allowed");
	kcc_hist_release(&h);
	ok(kcc_hist_read(&h, "[]", 2) == 0 && h.total == 0 && h.bins == NULL,
		"[] reads as empty");
	ok(kcc_hist_read(&h, "[[-0,1]]", 8) == 0 && h.total == 1, "-0 is 0");
	kcc_hist_release(&h);

	/* Random damage: never a crash, and a refusal changes nothing. */
	rng_state = 7;
	fails = 0;
	for (i = 0; i < 20000; i++) {
		memcpy(buf, good, sizeof good);
		k = rng() % (sizeof good - 1);
		buf[k] = "[],-0123456789e.\" x"[rng() % 19];
		kcc_hist_init(&h);
		kcc_hist_add(&h, 100, 1);
		r = kcc_hist_read(&h, buf, sizeof good - 1);
		if (r == -1 && (h.total != 1 || kcc_hist_distinct(&h) != 1))
			fails++;
		if (r == 0) {
			/* Whatever was accepted writes back canonically. */
			t = hist_text(&h);
			if (t[0] != '[')
				fails++;
			free(t);
		}
		kcc_hist_release(&h);
	}
	is_int(fails, 0, "damaged texts: refused cleanly or read");
}

static int
u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Pseudonym-like key k as hex (its length varies a little with k). */
static size_t
key_hex(uint64_t k, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 16 + (size_t)(k % 3) * 8, i;
	uint64_t x = k;

	for (i = 0; i < n; i++) {
		buf[i] = hex[x & 15];
		x = x >> 4 | x << 60;
	}
	return n;
}

static void
test_strset(void)
{
	struct kcc_strset all, a, b, c;
	uint64_t *keys, *sorted;
	size_t i, n = 100000, distinct, news = 0, len;
	char buf[64], *t_all, *t;

	kcc_strset_init(&all);
	kcc_strset_init(&a);
	kcc_strset_init(&b);
	ok(all.keys == NULL && all.index == NULL && all.arena == NULL,
		"init allocates nothing");
	keys = malloc(n * sizeof *keys);
	sorted = malloc(n * sizeof *sorted);
	rng_state = 42;
	for (i = 0; i < n; i++)
		keys[i] = rng() % 150000; /* many repeats */
	memcpy(sorted, keys, n * sizeof *keys);
	qsort(sorted, n, sizeof *sorted, u64_cmp);
	for (distinct = i = 0; i < n; i++)
		distinct += i == 0 || sorted[i] != sorted[i - 1];

	for (i = 0; i < n; i++) {
		len = key_hex(keys[i], buf);
		news += (size_t)kcc_strset_add(&all, buf, len);
		if (i < 60000)
			kcc_strset_add(&a, buf, len);
		if (i >= 40000)
			kcc_strset_add(&b, buf, len);
	}
	is_int(kcc_strset_count(&all), distinct, "100k strings: %zu distinct",
		distinct);
	is_int(news, distinct, "add said new exactly once a string");
	len = key_hex(keys[123], buf);
	ok(kcc_strset_has(&all, buf, len), "has a string added");
	len = key_hex(150001, buf);
	ok(!kcc_strset_has(&all, buf, len), "has not a string never added");
	kcc_strset_init(&c);
	ok(!kcc_strset_has(&c, buf, len), "has on an empty set");

	t_all = strset_text(&all);
	kcc_strset_merge(&b, &a);
	is_int(kcc_strset_count(&b), distinct, "overlapping shards merged");
	t = strset_text(&b);
	ok(strcmp(t, t_all) == 0, "merged shards written as one run");
	free(t);

	kcc_strset_init(&c);
	ok(kcc_strset_read(&c, t_all, strlen(t_all)) == 0 &&
			kcc_strset_count(&c) == distinct,
		"read back");
	t = strset_text(&c);
	ok(strcmp(t, t_all) == 0, "write, read, write: the same bytes");
	free(t);
	kcc_strset_release(&c);

	/* Reading a shard into the other merges them. */
	kcc_strset_release(&b);
	for (i = 40000; i < n; i++) {
		len = key_hex(keys[i], buf);
		kcc_strset_add(&b, buf, len);
	}
	t = strset_text(&b);
	ok(kcc_strset_read(&a, t, strlen(t)) == 0, "read into a non-empty set");
	free(t);
	t = strset_text(&a);
	ok(strcmp(t, t_all) == 0, "reading a shard merges it");
	free(t);
	kcc_strset_merge(&a, &a);
	is_int(kcc_strset_count(&a), distinct, "self-merge changes nothing");

	free(t_all);
	free(keys);
	free(sorted);
	kcc_strset_release(&all);
	kcc_strset_release(&a);
	kcc_strset_release(&b);
}

static void
strset_rejects(const char *json)
{
	struct kcc_strset s;
	char *before, *after;

	kcc_strset_init(&s);
	kcc_strset_add(&s, "m", 1);
	before = strset_text(&s);
	ok(kcc_strset_read(&s, json, strlen(json)) == -1,
		"string set refuses %s", json);
	after = strset_text(&s);
	if (strcmp(before, after) != 0)
		ok(0, "... and changed the set to %s", after);
	free(before);
	free(after);
	kcc_strset_release(&s);
}

static void
test_strset_bytes(void)
{
	static const char *const bad[] = {
		"",
		"[",
		"[\"a\"",
		"{\"a\":1}",
		"\"a\"",
		"[\"b\",\"a\"]",
		"[\"a\",\"a\"]",
		"[\"a\",\"\\u0061\"]",
		"[\"\",\"\"]",
		"[1]",
		"[null]",
		"[[97]]",
		"[[]]",
		"[[255,256]]",
		"[[-1]]",
		"[[255.0]]",
		"[[\"a\"]]",
		"[[255],[254]]",
		"[\"\xff\"]",
		"[\"\\ud800\"]",
	};
	struct kcc_strset s, r;
	const char *esc;
	char *t;
	size_t i, k, fails = 0;

	kcc_strset_init(&s);
	t = strset_text(&s);
	is_str(t, "[]", "empty set");
	free(t);
	ok(kcc_strset_add(&s, "b", 1) == 1, "add 'b': new");
	ok(kcc_strset_add(&s, "b", 1) == 0, "add 'b' again: not new");
	kcc_strset_add(&s, "\xff\0", 2);
	kcc_strset_add(&s, "\xc3\xa9", 2);
	kcc_strset_add(&s, "", 0);
	kcc_strset_add(&s, "a\n\"", 3);
	kcc_strset_add(&s, "a", 1);
	kcc_strset_add(&s, "\xff", 1);
	kcc_strset_add(&s, "a\0", 2);
	ok(kcc_strset_add(&s, "", 0) == 0, "the empty string once");
	ok(kcc_strset_has(&s, "a\0", 2) && !kcc_strset_has(&s, "a\0\0", 3),
		"NUL bytes are part of the key");
	is_int(kcc_strset_count(&s), 8, "8 strings");
	t = strset_text(&s);
	is_str(t,
		"[\"\",\"a\",\"a\\u0000\",\"a\\n\\\"\",\"b\",\"\xc3\xa9\","
		"[255],[255,0]]",
		"bytewise order; bytes that are not UTF-8 as numbers");
	kcc_strset_init(&r);
	ok(kcc_strset_read(&r, t, strlen(t)) == 0 && kcc_strset_count(&r) == 8,
		"odd strings read back");
	ok(kcc_strset_has(&r, "\xff\0", 2) && kcc_strset_has(&r, "", 0) &&
			kcc_strset_has(&r, "a\n\"", 3),
		"odd strings are the same bytes");
	for (k = 0; k < strlen(t); k++)
		if (kcc_strset_read(&r, t, k) != -1)
			fails++;
	is_int(fails, 0, "every prefix of it refused");
	is_int(kcc_strset_count(&r), 8, "... and the set unchanged");
	free(t);
	kcc_strset_release(&r);
	kcc_strset_release(&s);

	/* A set of nothing but the empty string. */
	kcc_strset_add(&s, "", 0);
	kcc_strset_merge(&r, &s);
	t = strset_text(&r);
	is_str(t, "[\"\"]", "only the empty string");
	kcc_strset_release(&s);
	ok(kcc_strset_read(&s, t, strlen(t)) == 0 && kcc_strset_count(&s) == 1,
		"only the empty string: read back");
	free(t);
	kcc_strset_release(&r);
	kcc_strset_release(&s);

	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		strset_rejects(bad[i]);
	esc = "[\"a\\u00e9\",\"a\\u00ea\"]";
	ok(kcc_strset_read(&s, esc, strlen(esc)) == 0 &&
			kcc_strset_has(&s, "a\xc3\xa9", 3),
		"escaped strings decoded");
	ok(kcc_strset_read(&s, "[]", 2) == 0 && kcc_strset_count(&s) == 2,
		"[] adds nothing");
	kcc_strset_release(&s);
}

static void
result(const struct kcc_sweep *s, uint64_t max, double mean, int64_t busy,
	const char *what)
{
	uint64_t m = 99;
	double avg = -1;
	int64_t b = -1;

	kcc_sweep_result(s, &m, &avg, &b);
	if (!ok(m == max && avg == mean && b == busy,
		    "%s: max %llu, mean %g, busy %lld", what,
		    (unsigned long long)max, mean, (long long)busy))
		printf("#   got: max %llu, mean %.17g, busy %lld\n",
			(unsigned long long)m, avg, (long long)b);
}

static void
test_sweep(void)
{
	struct kcc_sweep s, a, b;
	char *t, *t2;
	int64_t st;
	size_t i;

	kcc_sweep_init(&s);
	result(&s, 0, 0, 0, "no intervals");

	kcc_sweep_add(&s, 20, 30);
	kcc_sweep_add(&s, 0, 10);
	kcc_sweep_add(&s, 5, 15);
	/* Busy 0..15 and 20..30; 30 ms of intervals over 25 ms. */
	result(&s, 2, 1.2, 25, "[0,10) [5,15) [20,30)");
	t = sweep_text(&s);
	is_str(t, "[[0,10],[5,15],[20,30]]", "written sorted");
	free(t);
	ok(kcc_sweep_add(&s, 5, 4) == -1 && kcc_sweep_count(&s) == 3,
		"end before start refused");
	kcc_sweep_release(&s);

	kcc_sweep_add(&s, 10, 20);
	kcc_sweep_add(&s, 0, 10);
	result(&s, 1, 1, 20, "[0,10) [10,20): end meets start");
	kcc_sweep_add(&s, 10, 10);
	result(&s, 2, 1, 20, "... and [10,10), held with [10,20)");
	kcc_sweep_release(&s);

	kcc_sweep_add(&s, 0, 10);
	kcc_sweep_add(&s, 10, 10);
	result(&s, 1, 1, 10, "[0,10) [10,10): never together");
	kcc_sweep_add(&s, 5, 5);
	result(&s, 2, 1, 10, "... and [5,5), inside [0,10)");
	kcc_sweep_release(&s);

	kcc_sweep_add(&s, 5, 5);
	kcc_sweep_add(&s, 5, 5);
	result(&s, 2, 0, 0, "[5,5) twice: an instant, no time");
	kcc_sweep_release(&s);

	kcc_sweep_add(&s, 0, 100);
	kcc_sweep_add(&s, 10, 20);
	kcc_sweep_add(&s, 10, 20);
	kcc_sweep_add(&s, 50, 60);
	result(&s, 3, 1.3, 100, "[0,100) [10,20) twice [50,60)");
	kcc_sweep_release(&s);

	kcc_sweep_add(&s, -10, -5);
	kcc_sweep_add(&s, -7, 0);
	result(&s, 2, 1.2, 10, "negative times");
	kcc_sweep_release(&s);

	kcc_sweep_add(&s, INT64_MIN, INT64_MIN + 4);
	kcc_sweep_add(&s, INT64_MAX - 4, INT64_MAX);
	result(&s, 1, 1, 8, "extreme times");
	t = sweep_text(&s);
	is_str(t,
		"[[-9223372036854775808,-9223372036854775804],"
		"[9223372036854775803,9223372036854775807]]",
		"extreme times written");
	free(t);
	kcc_sweep_release(&s);

	/* Shards: merged, the same results and bytes as one run. */
	kcc_sweep_init(&a);
	kcc_sweep_init(&b);
	rng_state = 3;
	for (i = 0; i < 20000; i++) {
		st = (int64_t)(rng() % 86400000);
		kcc_sweep_add(&s, st, st + (int64_t)(rng() % 600000));
		kcc_sweep_add(i % 2 ? &a : &b, s.iv[i].start, s.iv[i].end);
	}
	kcc_sweep_merge(&b, &a);
	t = sweep_text(&s);
	t2 = sweep_text(&b);
	ok(strcmp(t, t2) == 0, "merged shards written as one run");
	{
		uint64_t m1, m2;
		double v1, v2;
		int64_t b1, b2;

		kcc_sweep_result(&s, &m1, &v1, &b1);
		kcc_sweep_result(&b, &m2, &v2, &b2);
		ok(m1 == m2 && v1 == v2 && b1 == b2 && m1 > 1,
			"merged shards: the same results (max %llu)",
			(unsigned long long)m1);
	}
	free(t2);
	kcc_sweep_release(&a);
	ok(kcc_sweep_read(&a, t, strlen(t)) == 0 && a.n == s.n, "read back");
	t2 = sweep_text(&a);
	ok(strcmp(t, t2) == 0, "write, read, write: the same bytes");
	free(t2);
	free(t);
	kcc_sweep_merge(&a, &a);
	is_int(kcc_sweep_count(&a), 2 * s.n, "self-merge appends a copy");
	kcc_sweep_release(&a);
	kcc_sweep_release(&b);
	kcc_sweep_release(&s);
}

/*
 * Against counting by hand, on integer times: at each instant t, the
 * intervals with start <= t < end or start == end == t; busy, the unit
 * steps [t, t + 1) some interval with a length covers.
 */
static void
test_sweep_brute(void)
{
	struct kcc_sweep s;
	uint64_t max, want_max, cur, area;
	double mean;
	int64_t busy, want_busy, t, st;
	size_t i, n, round, fails = 0;

	kcc_sweep_init(&s);
	rng_state = 11;
	for (round = 0; round < 300; round++) {
		/* Both sides of the radix sort's cut-over at 64. */
		n = 1 + (size_t)(rng() % (round % 2 ? 40 : 300));
		for (i = 0; i < n; i++) {
			st = (int64_t)(rng() % 200) - 100;
			kcc_sweep_add(&s, st,
				st + (rng() % 4 == 0 ? 0
						     : (int64_t)(rng() % 30)));
		}
		want_max = 0;
		want_busy = 0;
		area = 0;
		for (t = -100; t < 140; t++) {
			cur = 0;
			for (i = 0; i < n; i++)
				cur += (s.iv[i].start <= t &&
					       t < s.iv[i].end) ||
				       (s.iv[i].start == t && s.iv[i].end == t);
			if (cur > want_max)
				want_max = cur;
			for (i = 0; i < n; i++)
				if (s.iv[i].start <= t && t < s.iv[i].end)
					break;
			want_busy += i < n;
		}
		for (i = 0; i < n; i++)
			area += (uint64_t)(s.iv[i].end - s.iv[i].start);
		kcc_sweep_result(&s, &max, &mean, &busy);
		if (max != want_max || busy != want_busy ||
			mean != (want_busy ? (double)area / (double)want_busy
					   : 0))
			fails++;
		kcc_sweep_release(&s);
	}
	is_int(fails, 0, "300 random sweeps agree with counting by hand");
}

static void
test_sweep_read(void)
{
	static const char *const bad[] = {
		"",
		"[",
		"[[1,2]",
		"{}",
		"[[5,1]]",
		"[[5,6],[1,2]]",
		"[[1,3],[1,2]]",
		"[[1,2,3]]",
		"[[1]]",
		"[1,2]",
		"[[1.0,2]]",
		"[[1,2e0]]",
		"[[1,9223372036854775808]]",
		"[[\"1\",2]]",
	};
	struct kcc_sweep s;
	size_t i, k, fails = 0;
	const char *good = "[[1,2],[1,2],[1,5],[3,3]]";

	kcc_sweep_init(&s);
	kcc_sweep_add(&s, 0, 1);
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		ok(kcc_sweep_read(&s, bad[i], strlen(bad[i])) == -1 &&
				s.n == 1 && s.iv[0].start == 0 &&
				s.iv[0].end == 1,
			"sweep refuses %s", bad[i]);
	for (k = 0; k < strlen(good); k++)
		if (kcc_sweep_read(&s, good, k) != -1 || s.n != 1)
			fails++;
	is_int(fails, 0, "every prefix of %s refused", good);
	ok(kcc_sweep_read(&s, good, strlen(good)) == 0 && s.n == 5,
		"repeats read; appended");
	kcc_sweep_release(&s);
}

int
main(void)
{
	test_percentiles();
	test_hist_merge();
	test_hist_read();
	test_strset();
	test_strset_bytes();
	test_sweep();
	test_sweep_brute();
	test_sweep_read();
	return tap_done();
}
