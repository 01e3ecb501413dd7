/*
 * Exact aggregate states: histogram, string set, interval sweep.
 *
 * kcc-stats keeps one of each per group and per statistic, for as many as
 * a hundred thousand groups, and adds to the histograms once per record.
 * So the states are small structs that allocate nothing until their first
 * add, and the histogram's add is one multiply, a probe or two of a linear
 * probing table and an increment.  Hash tables are sized in powers of two
 * and kept at most three quarters full.
 *
 * Output never depends on the order things were added in, nor on where the
 * hash put them: everything read out (percentiles, the serialised forms)
 * is computed from the contents sorted by value, on demand.  Merging is
 * adding one state's contents to the other's, so shards merged in any
 * grouping give the state of a single run, byte for byte.
 *
 * The hash of a histogram value is Fibonacci hashing (the value times
 * 2^64 / phi, top bits): consecutive values, the usual case for durations
 * in milliseconds, spread evenly.  Strings get a 64-bit hash built from
 * 64 x 64 -> 128 bit multiplies folded to 64 bits, in the manner of
 * wyhash: 16 bytes a step, the tail read as two overlapping words, the
 * length mixed in.  The keys are not adversarial (pseudonyms are already
 * keyed hashes), so there is no per-process seed and a run is
 * reproducible.
 *
 * A sweep keeps its intervals as a list (merging appends) and sorts their
 * times only when asked for a result, by radix: there is one interval per
 * record, and the list is all the exactness costs.
 *
 * Reading a serialised state goes through kcc's JSON scanner and accepts
 * only the shape and order the writer produces (sorted, no duplicates,
 * plain integers in range; white space and string escapes are JSON's
 * business and allowed): a partial file that is anything else is corrupt
 * or was not written by us, and a merge must not guess.  A read builds into
 * a fresh state and merges only when the whole text was good, so a bad
 * file leaves the target as it was.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/agg.h"
#include "kcc/diag.h"
#include "kcc/json.h"

#define GOLDEN UINT64_C(0x9E3779B97F4A7C15)

/* Whether a table of cap slots may hold n entries (load <= 3/4). */
static inline int
fits(size_t n, size_t cap)
{
	return n <= cap / 4 * 3;
}

static void
put_u64(struct kcc_out *out, uint64_t m)
{
	char buf[24], *p = buf + sizeof buf;

	do {
		*--p = (char)('0' + m % 10);
		m /= 10;
	} while (m != 0);
	kcc_out_write(out, p, (size_t)(buf + sizeof buf - p));
}

static void
put_i64(struct kcc_out *out, int64_t v)
{
	if (v < 0) {
		kcc_out_putc(out, '-');
		put_u64(out, 0 - (uint64_t)v);
	} else
		put_u64(out, (uint64_t)v);
}

/*
 * Reading: the root array of json[0..n), validated first so that the
 * iterator, which trusts its input, only ever walks good JSON.
 */
static int
root_array(const char *json, size_t n, struct kcc_json_iter *it)
{
	struct kcc_json_error err;
	struct kcc_json_value v;
	const char *p = json, *end = json + n;

	if (kcc_json_validate(json, n, &err) != 0)
		return -1;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
				  end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if (p == end || *p != '[')
		return -1;
	v.p = p;
	v.n = (uint32_t)(end - p); /* the scanner refused more than 4 GiB */
	v.type = KCC_JSON_ARRAY;
	v.flags = 0;
	kcc_json_iter_init(it, &v);
	return 0;
}

/*
 * A JSON number that is a plain integer (no fraction, no exponent) within
 * [-max - neg_extra, max] into *mag and *neg.
 */
static int
json_int(const struct kcc_json_value *v, uint64_t max, uint64_t neg_extra,
	uint64_t *mag, int *neg)
{
	const char *p = v->p, *end = v->p + v->n;
	uint64_t m = 0, lim = max, d;

	if (v->type != KCC_JSON_NUMBER)
		return -1;
	*neg = 0;
	if (p < end && *p == '-') {
		*neg = 1;
		lim = max + neg_extra;
		p++;
	}
	if (p == end)
		return -1;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		d = (uint64_t)(*p - '0');
		if (m > (lim - d) / 10)
			return -1;
		m = m * 10 + d;
	}
	*mag = m;
	return 0;
}

static int
json_i64(const struct kcc_json_value *v, int64_t *out)
{
	uint64_t m;
	int neg;

	if (json_int(v, INT64_MAX, 1, &m, &neg) != 0)
		return -1;
	/* -(int64_t)m would overflow for m = 2^63. */
	*out = neg && m != 0 ? -(int64_t)(m - 1) - 1 : (int64_t)m;
	return 0;
}

static int
json_u64(const struct kcc_json_value *v, uint64_t *out)
{
	int neg;

	if (json_int(v, UINT64_MAX, 0, out, &neg) != 0 || neg)
		return -1;
	return 0;
}

/* Both elements of v, which must be an array of exactly two. */
static int
json_pair(const struct kcc_json_value *v, struct kcc_json_value pair[2])
{
	struct kcc_json_iter it;
	struct kcc_json_value key, extra;

	if (v->type != KCC_JSON_ARRAY)
		return -1;
	kcc_json_iter_init(&it, v);
	if (kcc_json_iter_next(&it, &key, &pair[0]) != 1 ||
		kcc_json_iter_next(&it, &key, &pair[1]) != 1 ||
		kcc_json_iter_next(&it, &key, &extra) != 0)
		return -1;
	return 0;
}

/*
 * Histogram.
 */

/* count 0 marks an empty bin: a value only gets a bin with a count. */
struct kcc_hist_bin {
	int64_t value;
	uint64_t count;
};

void
kcc_hist_init(struct kcc_hist *h)
{
	h->bins = NULL;
	h->total = 0;
	h->distinct = 0;
	h->shift = 64;
	h->npending = 0;
}

void
kcc_hist_release(struct kcc_hist *h)
{
	free(h->bins);
	kcc_hist_init(h);
}

static inline size_t
hist_mask(const struct kcc_hist *h)
{
	return (size_t)(UINT64_MAX >> h->shift);
}

static inline size_t
hist_home(const struct kcc_hist *h, int64_t v)
{
	return (size_t)(((uint64_t)v * GOLDEN) >> h->shift);
}

/* Put v, known absent, into an empty bin. */
static void
hist_place(struct kcc_hist *h, int64_t v, uint64_t count)
{
	size_t mask = hist_mask(h), i = hist_home(h, v);

	while (h->bins[i].count != 0)
		i = (i + 1) & mask;
	h->bins[i].value = v;
	h->bins[i].count = count;
}

static __attribute__((noinline)) void
hist_grow(struct kcc_hist *h)
{
	struct kcc_hist_bin *old = h->bins;
	size_t i, oldcap = old != NULL ? hist_mask(h) + 1 : 0;

	if (old == NULL)
		h->shift = 64 - 2; /* 4 bins */
	else
		h->shift--;
	h->bins = kcc_xcalloc(hist_mask(h) + 1, sizeof *h->bins);
	for (i = 0; i < oldcap; i++)
		if (old[i].count != 0)
			hist_place(h, old[i].value, old[i].count);
	free(old);
}

/* Count v `count` times in the table. */
static void
hist_insert(struct kcc_hist *h, int64_t v, uint64_t count)
{
	struct kcc_hist_bin *b;
	size_t mask, i;

	if (h->bins != NULL) {
		mask = hist_mask(h);
		for (i = hist_home(h, v);; i = (i + 1) & mask) {
			b = &h->bins[i];
			if (b->count == 0)
				break;
			if (b->value == v) {
				b->count += count;
				return;
			}
		}
		if (fits(h->distinct + 1, mask + 1)) {
			b->value = v;
			b->count = count;
			h->distinct++;
			return;
		}
	}
	hist_grow(h);
	hist_place(h, v, count);
	h->distinct++;
}

/*
 * The pending values into the table: room made first, the home bins
 * fetched together, then the inserts.
 */
static __attribute__((noinline)) void
hist_flush(struct kcc_hist *h)
{
	unsigned i, n = h->npending;

	while (h->bins == NULL || !fits(h->distinct + n, hist_mask(h) + 1))
		hist_grow(h);
	for (i = 0; i < n; i++)
		__builtin_prefetch(&h->bins[hist_home(h, h->pending[i])]);
	for (i = 0; i < n; i++)
		hist_insert(h, h->pending[i], 1);
	h->npending = 0;
}

void
kcc_hist_add(struct kcc_hist *h, int64_t v, uint64_t count)
{
	if (count == 0)
		return;
	h->total += count;
	if (count == 1) {
		h->pending[h->npending++] = v;
		if (h->npending == KCC_HIST_PENDING)
			hist_flush(h);
	} else
		hist_insert(h, v, count);
}

void
kcc_hist_merge(struct kcc_hist *dst, const struct kcc_hist *src)
{
	size_t i, cap = src->bins != NULL ? hist_mask(src) + 1 : 0;
	unsigned k, n = src->npending;

	/*
	 * Merging a state into itself doubles it: the table first, where
	 * every value is already present so no bin moves, then the pending
	 * values, which stay where they are.
	 */
	for (i = 0; i < cap; i++)
		if (src->bins[i].count != 0) {
			dst->total += src->bins[i].count;
			hist_insert(dst, src->bins[i].value,
				src->bins[i].count);
		}
	for (k = 0; k < n; k++) {
		dst->total++;
		hist_insert(dst, src->pending[k], 1);
	}
}

uint64_t
kcc_hist_count(const struct kcc_hist *h)
{
	return h->total;
}

/* Whether v has a count in the table. */
static int
hist_has(const struct kcc_hist *h, int64_t v)
{
	size_t mask, i;

	if (h->bins == NULL)
		return 0;
	mask = hist_mask(h);
	for (i = hist_home(h, v); h->bins[i].count != 0; i = (i + 1) & mask)
		if (h->bins[i].value == v)
			return 1;
	return 0;
}

size_t
kcc_hist_distinct(const struct kcc_hist *h)
{
	size_t n = h->distinct;
	unsigned i, j;

	for (i = 0; i < h->npending; i++) {
		for (j = 0; j < i && h->pending[j] != h->pending[i]; j++)
			;
		if (j == i && !hist_has(h, h->pending[i]))
			n++;
	}
	return n;
}

static int
bin_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct kcc_hist_bin *)a)->value;
	int64_t y = ((const struct kcc_hist_bin *)b)->value;

	return (x > y) - (x < y);
}

/*
 * The values with a count, pending ones included, by increasing value, one
 * bin each: *n of them (the caller frees).
 */
static struct kcc_hist_bin *
hist_sorted(const struct kcc_hist *h, size_t *n)
{
	struct kcc_hist_bin *v;
	size_t i, k = 0, cap = h->bins != NULL ? hist_mask(h) + 1 : 0;
	unsigned j;

	v = kcc_xmalloc((h->distinct + h->npending + 1) * sizeof *v);
	for (i = 0; i < cap; i++)
		if (h->bins[i].count != 0)
			v[k++] = h->bins[i];
	for (j = 0; j < h->npending; j++) {
		v[k].value = h->pending[j];
		v[k++].count = 1;
	}
	qsort(v, k, sizeof *v, bin_cmp);
	/* A pending value may equal another one, or a bin's. */
	for (*n = 0, i = 0; i < k; i++)
		if (*n > 0 && v[*n - 1].value == v[i].value)
			v[*n - 1].count += v[i].count;
		else
			v[(*n)++] = v[i];
	return v;
}

#define PCT_SCALE UINT64_C(1000000)         /* p in millionths of a percent */
#define PCT_WHOLE (100 * UINT64_C(1000000)) /* 100% */

/*
 * ceil(p / 100 * n), clamped to [1, n], in integers: with p as pm / 10^8
 * of the whole and n = q * 10^8 + r, it is pm * q + ceil(pm * r / 10^8),
 * where neither product can overflow (pm <= 10^8).
 */
static int
nearest_rank(double p, uint64_t n, uint64_t *rank)
{
	uint64_t pm, q, r, k;

	if (!(p > 0 && p <= 100))
		return -1; /* NaN too */
	pm = (uint64_t)(p * (double)PCT_SCALE + 0.5);
	q = n / PCT_WHOLE;
	r = n % PCT_WHOLE;
	k = pm * q + (pm * r + PCT_WHOLE - 1) / PCT_WHOLE;
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	*rank = k;
	return 0;
}

int
kcc_hist_percentiles(const struct kcc_hist *h, const double *ps, int np,
	int64_t *out)
{
	struct kcc_hist_bin *v;
	uint64_t rank, cum = 0;
	size_t i, lo, hi, mid, n;
	int j;

	if (h->total == 0)
		return -1;
	for (j = 0; j < np; j++)
		if (nearest_rank(ps[j], h->total, &rank) != 0)
			return -1;
	v = hist_sorted(h, &n);
	/* Counts become cumulative: v[i].count = occurrences <= v[i].value. */
	for (i = 0; i < n; i++) {
		cum += v[i].count;
		v[i].count = cum;
	}
	for (j = 0; j < np; j++) {
		nearest_rank(ps[j], h->total, &rank);
		/* The first bin whose cumulative count reaches the rank. */
		lo = 0;
		hi = n - 1;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (v[mid].count >= rank)
				hi = mid;
			else
				lo = mid + 1;
		}
		out[j] = v[lo].value;
	}
	free(v);
	return 0;
}

int
kcc_hist_percentile(const struct kcc_hist *h, double p, int64_t *v)
{
	return kcc_hist_percentiles(h, &p, 1, v);
}

void
kcc_hist_write(const struct kcc_hist *h, struct kcc_out *out)
{
	size_t i, n;
	struct kcc_hist_bin *v = hist_sorted(h, &n);

	kcc_out_putc(out, '[');
	for (i = 0; i < n; i++) {
		kcc_out_write(out, i == 0 ? "[" : ",[", i == 0 ? 1 : 2);
		put_i64(out, v[i].value);
		kcc_out_putc(out, ',');
		put_u64(out, v[i].count);
		kcc_out_putc(out, ']');
	}
	kcc_out_putc(out, ']');
	free(v);
}

int
kcc_hist_read(struct kcc_hist *h, const char *json, size_t n)
{
	struct kcc_json_iter it;
	struct kcc_json_value key, el, pair[2];
	struct kcc_hist t;
	int64_t value, prev = 0;
	uint64_t count;

	if (root_array(json, n, &it) != 0)
		return -1;
	kcc_hist_init(&t);
	while (kcc_json_iter_next(&it, &key, &el) == 1) {
		if (json_pair(&el, pair) != 0 ||
			json_i64(&pair[0], &value) != 0 ||
			json_u64(&pair[1], &count) != 0 || count == 0 ||
			(t.total != 0 && value <= prev) ||
			t.total + count < t.total)
			goto bad;
		kcc_hist_add(&t, value, count);
		prev = value;
	}
	if (h->total == 0) {
		kcc_hist_release(h);
		*h = t;
	} else {
		kcc_hist_merge(h, &t);
		kcc_hist_release(&t);
	}
	return 0;
bad:
	kcc_hist_release(&t);
	return -1;
}

/*
 * String set.
 */

struct kcc_strset_key {
	uint64_t hash;
	size_t off, len; /* in the arena */
};

#define STRSET_MIN_SLOTS 8
#define STRSET_MAX_KEYS  (UINT32_MAX - 1) /* key number + 1 fits 32 bits */

/* 64 x 64 -> 128 bit product, the halves folded together. */
static inline uint64_t
mix(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 r = (unsigned __int128)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
#else
	uint64_t ah = a >> 32, al = (uint32_t)a, bh = b >> 32, bl = (uint32_t)b;
	uint64_t hh = ah * bh, hl = ah * bl, lh = al * bh, ll = al * bl;
	uint64_t mid = (ll >> 32) + (uint32_t)hl + (uint32_t)lh;

	return ((uint32_t)ll | mid << 32) ^
	       (hh + (hl >> 32) + (lh >> 32) + (mid >> 32));
#endif
}

static inline uint64_t
rd64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t
rd32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

#define K0 UINT64_C(0x9E3779B97F4A7C15)
#define K1 UINT64_C(0xC2B2AE3D27D4EB4F)
#define K2 UINT64_C(0x165667B19E3779F9)
#define K3 UINT64_C(0xD6E8FEB86659FD93)

static uint64_t
hash_bytes(const void *key, size_t len)
{
	const unsigned char *p = key;
	size_t n = len;
	uint64_t h = mix((uint64_t)len ^ K0, K1), a, b;

	while (n > 16) {
		h = mix(rd64(p) ^ K1, rd64(p + 8) ^ h);
		p += 16;
		n -= 16;
	}
	/* 0 to 16 bytes left, read whole; the length tells them apart. */
	if (n >= 8) {
		a = rd64(p);
		b = rd64(p + n - 8);
	} else if (n >= 4) {
		a = rd32(p);
		b = rd32(p + n - 4);
	} else if (n > 0) {
		a = (uint64_t)p[0] << 16 | (uint64_t)p[n >> 1] << 8 | p[n - 1];
		b = 0;
	} else
		a = b = 0;
	return mix(K2 ^ len, mix(a ^ K3, b ^ h));
}

void
kcc_strset_init(struct kcc_strset *s)
{
	memset(s, 0, sizeof *s);
}

void
kcc_strset_release(struct kcc_strset *s)
{
	free(s->keys);
	free(s->index);
	free(s->arena);
	kcc_strset_init(s);
}

/*
 * The slot of p[0..n) (hash h) in the index, *found set; or, when it is
 * not there, the empty slot where it would go.
 */
static size_t
strset_probe(const struct kcc_strset *s, const void *p, size_t n, uint64_t h,
	int *found)
{
	const struct kcc_strset_key *k;
	uint64_t e, tag = h >> 32;
	size_t i;

	for (i = (size_t)h & s->mask;; i = (i + 1) & s->mask) {
		e = s->index[i];
		if (e == 0)
			break;
		if (e >> 32 != tag)
			continue;
		k = &s->keys[(uint32_t)e - 1];
		if (k->len == n &&
			(n == 0 || memcmp(s->arena + k->off, p, n) == 0)) {
			*found = 1;
			return i;
		}
	}
	*found = 0;
	return i;
}

static __attribute__((noinline)) void
strset_grow_index(struct kcc_strset *s)
{
	size_t cap = s->index != NULL ? 2 * (s->mask + 1) : STRSET_MIN_SLOTS;
	size_t i, j;

	free(s->index);
	s->index = kcc_xcalloc(cap, sizeof *s->index);
	s->mask = cap - 1;
	for (j = 0; j < s->n; j++) {
		for (i = (size_t)s->keys[j].hash & s->mask; s->index[i] != 0;
			i = (i + 1) & s->mask)
			;
		s->index[i] = (s->keys[j].hash >> 32) << 32 | (j + 1);
	}
}

/* Add p[0..n) with hash h; 1 when new. */
static int
strset_insert(struct kcc_strset *s, const void *p, size_t n, uint64_t h)
{
	struct kcc_strset_key *k;
	size_t i, need;
	int found;

	if (s->index == NULL)
		strset_grow_index(s);
	i = strset_probe(s, p, n, h, &found);
	if (found)
		return 0;
	if (!fits(s->n + 1, s->mask + 1)) {
		strset_grow_index(s);
		i = strset_probe(s, p, n, h, &found);
	}
	if (s->n == STRSET_MAX_KEYS)
		kcc_errx(KCC_EXIT_DATA,
			"out of memory: more than %lu strings "
			"in one set",
			(unsigned long)STRSET_MAX_KEYS);
	if (s->n == s->keys_cap) {
		s->keys_cap = s->keys_cap != 0 ? 2 * s->keys_cap : 4;
		s->keys = kcc_xrealloc(s->keys, s->keys_cap * sizeof *s->keys);
	}
	/* Allocated even for "": a key's bytes are never at NULL + off. */
	if (s->arena == NULL || n > s->arena_cap - s->arena_len) {
		need = s->arena_len + n;
		if (need < s->arena_len)
			kcc_errx(KCC_EXIT_DATA, "out of memory");
		s->arena_cap = s->arena_cap != 0 ? 2 * s->arena_cap : 64;
		if (s->arena_cap < need)
			s->arena_cap = need;
		s->arena = kcc_xrealloc(s->arena, s->arena_cap);
	}
	if (n != 0)
		memcpy(s->arena + s->arena_len, p, n);
	k = &s->keys[s->n];
	k->hash = h;
	k->off = s->arena_len;
	k->len = n;
	s->arena_len += n;
	s->index[i] = (h >> 32) << 32 | (s->n + 1);
	s->n++;
	return 1;
}

int
kcc_strset_add(struct kcc_strset *s, const void *p, size_t n)
{
	return strset_insert(s, p, n, hash_bytes(p, n));
}

int
kcc_strset_has(const struct kcc_strset *s, const void *p, size_t n)
{
	int found;

	if (s->index == NULL)
		return 0;
	strset_probe(s, p, n, hash_bytes(p, n), &found);
	return found;
}

size_t
kcc_strset_count(const struct kcc_strset *s)
{
	return s->n;
}

const char *
kcc_strset_at(const struct kcc_strset *s, size_t i, size_t *n)
{
	*n = s->keys[i].len;
	return s->arena + s->keys[i].off;
}

void
kcc_strset_merge(struct kcc_strset *dst, const struct kcc_strset *src)
{
	const struct kcc_strset_key *k;
	size_t j;

	if (dst == src)
		return;
	/* The hashes come along: no key is hashed twice. */
	for (j = 0; j < src->n; j++) {
		k = &src->keys[j];
		strset_insert(dst, src->arena + k->off, k->len, k->hash);
	}
}

struct bytes {
	const char *p;
	size_t n;
};

static int
bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = an != 0 && bn != 0 ? memcmp(a, b, an < bn ? an : bn) : 0;

	if (c != 0)
		return c;
	return (an > bn) - (an < bn);
}

static int
bytes_qcmp(const void *a, const void *b)
{
	const struct bytes *x = a, *y = b;

	return bytes_cmp(x->p, x->n, y->p, y->n);
}

static int
utf8_valid(const char *p, size_t n)
{
	size_t i = 0, l;

	while (i < n) {
		if ((unsigned char)p[i] < 0x80) {
			i++;
			continue;
		}
		if ((l = kcc_utf8_seq(p + i, n - i)) == 0)
			return 0;
		i += l;
	}
	return 1;
}

void
kcc_strset_write(const struct kcc_strset *s, struct kcc_out *out)
{
	struct bytes *v;
	size_t j, i;

	kcc_out_putc(out, '[');
	if (s->n == 0) {
		kcc_out_putc(out, ']');
		return;
	}
	v = kcc_xmalloc(s->n * sizeof *v);
	for (j = 0; j < s->n; j++) {
		v[j].p = s->arena + s->keys[j].off;
		v[j].n = s->keys[j].len;
	}
	qsort(v, s->n, sizeof *v, bytes_qcmp);
	for (j = 0; j < s->n; j++) {
		if (j != 0)
			kcc_out_putc(out, ',');
		if (utf8_valid(v[j].p, v[j].n)) {
			kcc_json_write_str(out, v[j].p, v[j].n);
			continue;
		}
		kcc_out_putc(out, '[');
		for (i = 0; i < v[j].n; i++) {
			if (i != 0)
				kcc_out_putc(out, ',');
			put_u64(out, (unsigned char)v[j].p[i]);
		}
		kcc_out_putc(out, ']');
	}
	kcc_out_putc(out, ']');
	free(v);
}

/* An element of a serialised set, decoded into *buf (grown as needed). */
static int
strset_element(const struct kcc_json_value *el, char **buf, size_t *cap,
	size_t *len)
{
	struct kcc_json_iter it;
	struct kcc_json_value key, b;
	uint64_t byte;
	size_t n = 0;

	if (el->type != KCC_JSON_STRING && el->type != KCC_JSON_ARRAY)
		return -1;
	/* Either form decodes to at most as many bytes as its text. */
	if (*cap < (size_t)el->n + 1) {
		*cap = (size_t)el->n + 1; /* never NULL, even for "" */
		*buf = kcc_xrealloc(*buf, *cap);
	}
	if (el->type == KCC_JSON_STRING) {
		*len = kcc_json_str_decode(el->p, el->n, *buf);
		return 0;
	}
	kcc_json_iter_init(&it, el);
	while (kcc_json_iter_next(&it, &key, &b) == 1) {
		if (json_u64(&b, &byte) != 0 || byte > 255)
			return -1;
		(*buf)[n++] = (char)byte;
	}
	/* Only what a JSON string cannot hold is written as bytes. */
	if (utf8_valid(*buf, n))
		return -1;
	*len = n;
	return 0;
}

int
kcc_strset_read(struct kcc_strset *s, const char *json, size_t n)
{
	struct kcc_json_iter it;
	struct kcc_json_value key, el;
	struct kcc_strset t;
	const struct kcc_strset_key *last;
	char *buf = NULL;
	size_t cap = 0, len;

	if (root_array(json, n, &it) != 0)
		return -1;
	kcc_strset_init(&t);
	while (kcc_json_iter_next(&it, &key, &el) == 1) {
		if (strset_element(&el, &buf, &cap, &len) != 0)
			goto bad;
		if (t.n != 0) {
			last = &t.keys[t.n - 1];
			if (bytes_cmp(t.arena + last->off, last->len, buf,
				    len) >= 0)
				goto bad;
		}
		kcc_strset_add(&t, buf, len);
	}
	free(buf);
	if (s->n == 0) {
		kcc_strset_release(s);
		*s = t;
	} else {
		kcc_strset_merge(s, &t);
		kcc_strset_release(&t);
	}
	return 0;
bad:
	free(buf);
	kcc_strset_release(&t);
	return -1;
}

/*
 * Interval sweep.
 */

void
kcc_sweep_init(struct kcc_sweep *s)
{
	s->iv = NULL;
	s->n = s->cap = 0;
}

void
kcc_sweep_release(struct kcc_sweep *s)
{
	free(s->iv);
	kcc_sweep_init(s);
}

static void
sweep_reserve(struct kcc_sweep *s, size_t more)
{
	size_t cap = s->cap != 0 ? s->cap : 4;

	if (more <= s->cap - s->n)
		return;
	if (s->n + more < s->n)
		kcc_errx(KCC_EXIT_DATA, "out of memory");
	while (cap - s->n < more)
		cap *= 2;
	s->iv = kcc_xrealloc(s->iv, cap * sizeof *s->iv);
	s->cap = cap;
}

int
kcc_sweep_add(struct kcc_sweep *s, int64_t start, int64_t end)
{
	if (end < start)
		return -1;
	if (s->n == s->cap)
		sweep_reserve(s, 1);
	s->iv[s->n].start = start;
	s->iv[s->n].end = end;
	s->n++;
	return 0;
}

void
kcc_sweep_merge(struct kcc_sweep *dst, const struct kcc_sweep *src)
{
	size_t n = src->n;

	if (n == 0)
		return;
	sweep_reserve(dst, n);
	/* src may be dst: its (moved) first n intervals are still there. */
	memcpy(dst->iv + dst->n, src->iv, n * sizeof *dst->iv);
	dst->n += n;
}

size_t
kcc_sweep_count(const struct kcc_sweep *s)
{
	return s->n;
}

/*
 * Times as unsigned keys that sort in the same order: the sign bit
 * flipped.  Differences of keys are differences of times (mod 2^64).
 */
#define TIME_KEY(t) ((uint64_t)(t) ^ UINT64_C(0x8000000000000000))

/*
 * Sort n keys: least significant digit radix sort, a byte a pass, with
 * tmp (room for n keys) as the other buffer.  A pass over a byte that all
 * keys share is skipped, and times in milliseconds share their high
 * bytes, so a day of events takes four passes or so: many times faster
 * than qsort() on the millions of events of a large input.
 */
static void
sort_keys(uint64_t *a, size_t n, uint64_t *tmp)
{
	size_t(*count)[256], i, j, sum, c;
	uint64_t *src = a, *dst = tmp, *swap, key;
	int b;

	if (n < 64) {
		for (i = 1; i < n; i++) {
			key = a[i];
			for (j = i; j > 0 && a[j - 1] > key; j--)
				a[j] = a[j - 1];
			a[j] = key;
		}
		return;
	}
	count = kcc_xcalloc(8, sizeof *count);
	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			count[b][a[i] >> (8 * b) & 0xFF]++;
	for (b = 0; b < 8; b++) {
		if (count[b][a[0] >> (8 * b) & 0xFF] == n)
			continue; /* every key has this byte */
		for (sum = 0, i = 0; i < 256; i++) {
			c = count[b][i];
			count[b][i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[b][src[i] >> (8 * b) & 0xFF]++] = src[i];
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	free(count);
}

/*
 * The sweep walks three sorted lists of times at once: starts, ends of
 * intervals with a length, and ends of empty ones.  At one instant, ends
 * come first (an interval does not hold its end), then starts, then the
 * ends of empty intervals, which so meet everything that holds their
 * instant.  Every end follows its own start: an interval with a length
 * ends strictly after it starts, an empty one after the starts of its
 * instant.
 */
void
kcc_sweep_result(const struct kcc_sweep *s, uint64_t *max_concurrent,
	double *mean_concurrent, int64_t *busy_ms)
{
	uint64_t *starts, *ends, *empty, *tmp, t, prev;
	uint64_t cur = 0, max = 0, busy = 0, area = 0;
	size_t i, n = s->n, ne = 0, nz = 0, is = 0, ie = 0, iz = 0;

	*max_concurrent = 0;
	*mean_concurrent = 0;
	*busy_ms = 0;
	if (n == 0)
		return;
	/* Ends with a length fill ends[] from the front, empty ones from the
	 * back: together they are n. */
	starts = kcc_xmalloc(3 * n * sizeof *starts);
	ends = starts + n;
	tmp = ends + n;
	for (i = 0; i < n; i++) {
		starts[i] = TIME_KEY(s->iv[i].start);
		if (s->iv[i].end != s->iv[i].start)
			ends[ne++] = TIME_KEY(s->iv[i].end);
		else
			ends[n - ++nz] = TIME_KEY(s->iv[i].end);
		/* Unsigned: the length of any start <= end fits. */
		area += (uint64_t)s->iv[i].end - (uint64_t)s->iv[i].start;
	}
	empty = ends + ne;
	sort_keys(starts, n, tmp);
	sort_keys(ends, ne, tmp);
	sort_keys(empty, nz, tmp);
	prev = starts[0]; /* the first event */
	while (ie < ne || is < n || iz < nz) {
		if (ie < ne && (is == n || ends[ie] <= starts[is]) &&
			(iz == nz || ends[ie] <= empty[iz])) {
			t = ends[ie++];
			busy += t - prev;
			cur--;
		} else if (is < n && (iz == nz || starts[is] <= empty[iz])) {
			t = starts[is++];
			if (cur > 0)
				busy += t - prev;
			if (++cur > max)
				max = cur;
		} else {
			t = empty[iz++];
			if (cur > 0)
				busy += t - prev;
			cur--;
		}
		prev = t;
	}
	free(starts);
	*max_concurrent = max;
	*busy_ms = (int64_t)busy;
	if (busy != 0)
		*mean_concurrent = (double)area / (double)busy;
}

static int
interval_cmp(const void *a, const void *b)
{
	const struct kcc_sweep_interval *x = a, *y = b;

	if (x->start != y->start)
		return (x->start > y->start) - (x->start < y->start);
	return (x->end > y->end) - (x->end < y->end);
}

void
kcc_sweep_write(const struct kcc_sweep *s, struct kcc_out *out)
{
	struct kcc_sweep_interval *v;
	size_t i;

	kcc_out_putc(out, '[');
	if (s->n == 0) {
		kcc_out_putc(out, ']');
		return;
	}
	v = kcc_xmalloc(s->n * sizeof *v);
	memcpy(v, s->iv, s->n * sizeof *v);
	qsort(v, s->n, sizeof *v, interval_cmp);
	for (i = 0; i < s->n; i++) {
		kcc_out_write(out, i == 0 ? "[" : ",[", i == 0 ? 1 : 2);
		put_i64(out, v[i].start);
		kcc_out_putc(out, ',');
		put_i64(out, v[i].end);
		kcc_out_putc(out, ']');
	}
	kcc_out_putc(out, ']');
	free(v);
}

int
kcc_sweep_read(struct kcc_sweep *s, const char *json, size_t n)
{
	struct kcc_json_iter it;
	struct kcc_json_value key, el, pair[2];
	struct kcc_sweep_interval cur, prev = {0, 0};
	size_t old = s->n;

	if (root_array(json, n, &it) != 0)
		return -1;
	while (kcc_json_iter_next(&it, &key, &el) == 1) {
		if (json_pair(&el, pair) != 0 ||
			json_i64(&pair[0], &cur.start) != 0 ||
			json_i64(&pair[1], &cur.end) != 0 ||
			cur.end < cur.start ||
			(s->n != old && interval_cmp(&prev, &cur) > 0)) {
			s->n = old;
			return -1;
		}
		kcc_sweep_add(s, cur.start, cur.end);
		prev = cur;
	}
	return 0;
}
