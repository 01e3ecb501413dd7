/*
 * Hotspots: the groups are cut into series, one per combination of the
 * keys other than the period, each over every period seen in the input.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/agg.h"
#include "kcc/diag.h"
#include "kcc/hotspot.h"
#include "kcc/json.h"

struct cell {
	char *other,
		*period; /* JSON texts: the other keys' array, the period */
	const struct kcc_stats_group *g;
};

/* Periods in time order, as groups are sorted (an autumn night's two
   02:00 hours by the instant, not by their text). */
static int
cmp_period(const char *a, const char *b)
{
	char ka[160], kb[160];
	int na = snprintf(ka, sizeof ka, "[%s]", a),
	    nb = snprintf(kb, sizeof kb, "[%s]", b);

	if (na >= (int)sizeof ka || nb >= (int)sizeof kb)
		return strcmp(a, b);
	return kcc_stats_key_cmp(ka, (size_t)na, kb, (size_t)nb);
}

static int
cmp_str(const void *x, const void *y)
{
	return cmp_period(*(char *const *)x, *(char *const *)y);
}

static int
cmp_cell(const void *x, const void *y)
{
	const struct cell *a = x, *b = y;
	int c = strcmp(a->other, b->other);

	return c ? c : cmp_period(a->period, b->period);
}

/* Split group g's key into the period and the array of the others. */
static void
cut_key(const struct kcc_stats_group *g, int period_key, struct kcc_out *tmp,
	struct cell *c)
{
	struct kcc_json_iter it;
	struct kcc_json_value v, key;
	const char *p;
	size_t n;
	int k;

	kcc_json_iter_text(&it, g->key, g->key_len);
	tmp->len = 0;
	kcc_out_putc(tmp, '[');
	for (k = 0; kcc_json_iter_next(&it, &key, &v) > 0; k++) {
		kcc_json_value_text(&v, &p, &n);
		if (k == period_key) {
			c->period = kcc_xstrndup(p, n);
			continue;
		}
		if (tmp->len > 1)
			kcc_out_putc(tmp, ',');
		kcc_out_write(tmp, p, n);
	}
	kcc_out_putc(tmp, ']');
	c->other = kcc_xstrndup(tmp->buf, tmp->len);
	c->g = g;
}

/* The key members of a flagged period: the others, with the period. */
static void
write_key(struct kcc_out *out, const char *other, const char *period,
	int period_key, char *const *names, int nnames)
{
	struct kcc_json_iter it;
	struct kcc_json_value v, key;
	const char *p;
	size_t n;
	int k;

	kcc_json_iter_text(&it, other, strlen(other));
	for (k = 0; k < nnames; k++) {
		if (k > 0)
			kcc_out_putc(out, ',');
		kcc_json_write_str(out, names[k], strlen(names[k]));
		kcc_out_putc(out, ':');
		if (k == period_key) {
			kcc_out_puts(out, period);
			continue;
		}
		kcc_json_iter_next(&it, &key, &v);
		kcc_json_value_text(&v, &p, &n);
		kcc_out_write(out, p, n);
	}
}

/* What the score counts in a cell (0 for none). */
static double
count_of(const struct cell *c, int contacts)
{
	if (c == NULL)
		return 0;
	if (contacts)
		return (double)c->g->acc.contacts;
	return (double)(kcc_strset_count(&c->g->acc.citizens) +
			c->g->acc.no_citizen);
}

/*
 * Whether the flagged period k of a series, or its baseline periods
 * together, have fewer than min_count distinct citizens.
 */
static int
too_few(const struct cell *const *at, size_t k, int baseline, long min_count)
{
	struct kcc_strset u;
	size_t b, seen = 0;
	int few;

	if (min_count <= 0)
		return 0;
	if (at[k] == NULL ||
		kcc_strset_count(&at[k]->g->acc.citizens) < (size_t)min_count)
		return 1;
	kcc_strset_init(&u);
	for (b = k - (size_t)baseline; b < k; b++)
		if (at[b] != NULL) {
			kcc_strset_merge(&u, &at[b]->g->acc.citizens);
			seen = 1;
		}
	few = seen && kcc_strset_count(&u) < (size_t)min_count;
	kcc_strset_release(&u);
	return few;
}

double
kcc_hotspot_poisson_tail(double x, double lambda)
{
	double t = 1, sum = 0, k;

	if (x <= 0)
		return 1;
	if (lambda <= 0)
		return 0;
	if (x > lambda) {
		/* Terms from x up fall off by lambda / (k + 1) < 1. */
		for (k = x; t > sum * 1e-17; k++) {
			sum += t;
			t *= lambda / (k + 1);
		}
		return exp(
			-lambda + x * log(lambda) - lgamma(x + 1) + log(sum));
	}
	/* 1 less the terms from x - 1 down, which fall off by k / lambda. */
	for (k = x - 1; k >= 0 && t > sum * 1e-17; k--) {
		sum += t;
		t *= k / lambda;
	}
	t = 1 - exp(-lambda + (x - 1) * log(lambda) - lgamma(x) + log(sum));
	return t > 0 ? t : 0;
}

/* A period of a series, as tested. */
struct test {
	double count, mean, score, p;
};

/* The tests of one series (cells[i..j), by period into at[0..np)). */
static void
series_tests(const struct kcc_hotspots *hp, const struct cell *const *at,
	size_t np, struct test *t)
{
	size_t k, b;

	for (k = (size_t)hp->baseline; k < np; k++, t++) {
		t->count = count_of(at[k], hp->count_contacts);
		t->mean = 0;
		for (b = k - (size_t)hp->baseline; b < k; b++)
			t->mean += count_of(at[b], hp->count_contacts);
		t->mean /= hp->baseline;
		t->score =
			(t->count - t->mean) / sqrt(t->mean > 1 ? t->mean : 1);
		t->p = kcc_hotspot_poisson_tail(t->count,
			t->mean > 1 ? t->mean : 1);
	}
}

static int
cmp_p(const void *x, const void *y)
{
	double a = **(double *const *)x, b = **(double *const *)y;

	return a < b ? -1 : a > b;
}

void
kcc_hotspot_bh(const double *p, size_t m, double *q)
{
	const double **by = kcc_xcalloc(m + 1, sizeof *by);
	double least = 1, v;
	size_t i;

	for (i = 0; i < m; i++)
		by[i] = &p[i];
	qsort(by, m, sizeof *by, cmp_p);
	/* From the largest down: q = min over j >= i of p(j) m / j. */
	for (i = m; i-- > 0;) {
		v = *by[i] * (double)m / (double)(i + 1);
		if (v < least)
			least = v;
		q[by[i] - p] = least;
	}
	free(by);
}

/* p to 3 significant digits, so that the last bits of libm do not show. */
static void
write_p(struct kcc_out *out, double p)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%.3g", p);
	kcc_json_write_num(out, strtod(buf, NULL));
}

/*
 * One series after another: at[0..np) its cells by period, from cells[i..j).
 * Returns 0 when there are no more.
 */
static int
next_series(struct cell *cells, size_t n, char **periods, size_t np,
	const struct cell **at, size_t *i, size_t *j)
{
	size_t c;

	*i = *j;
	if (*i >= n)
		return 0;
	memset(at, 0, np * sizeof *at);
	for (c = *i; c < n && strcmp(cells[c].other, cells[*i].other) == 0;
		c++) {
		char **p = bsearch(&cells[c].period, periods, np,
			sizeof *periods, cmp_str);
		at[p - periods] = &cells[c];
	}
	*j = c;
	return 1;
}

void
kcc_hotspots_write(const struct kcc_stats *st, const struct kcc_hotspots *hp,
	char *const *names, int nnames, struct kcc_out *out)
{
	struct cell *cells = kcc_xcalloc(st->n + 1, sizeof *cells);
	char **periods = kcc_xcalloc(st->n + 1, sizeof *periods);
	const struct cell **at;
	struct test *tests = NULL, *t;
	double *p = NULL, *q = NULL;
	struct kcc_out tmp;
	size_t g, np = 0, i, j, k, per, m = 0, nseries = 0;

	kcc_out_init_mem(&tmp);
	for (g = 0; g < st->n; g++) {
		cut_key(st->groups[g], hp->period_key, &tmp, &cells[g]);
		periods[g] = cells[g].period;
	}
	qsort(periods, st->n, sizeof *periods, cmp_str);
	for (i = 0; i < st->n; i++)
		if (np == 0 || strcmp(periods[np - 1], periods[i]) != 0)
			periods[np++] = periods[i];
	qsort(cells, st->n, sizeof *cells, cmp_cell);
	at = kcc_xcalloc(np + 1, sizeof *at);
	/* Every period with a full baseline of every series is a test. */
	for (i = j = 0; next_series(cells, st->n, periods, np, at, &i, &j);)
		nseries++;
	per = np > (size_t)hp->baseline ? np - (size_t)hp->baseline : 0;
	m = nseries * per;
	tests = kcc_xcalloc(m + 1, sizeof *tests);
	for (i = j = 0, t = tests;
		next_series(cells, st->n, periods, np, at, &i, &j); t += per)
		series_tests(hp, at, np, t);
	if (hp->fdr > 0) {
		p = kcc_xcalloc(m + 1, sizeof *p);
		q = kcc_xcalloc(m + 1, sizeof *q);
		for (k = 0; k < m; k++)
			p[k] = tests[k].p;
		kcc_hotspot_bh(p, m, q);
	}
	for (i = j = 0, t = tests;
		next_series(cells, st->n, periods, np, at, &i, &j);)
		for (k = (size_t)hp->baseline; k < np; k++, t++) {
			int hide;
			if (t->count < hp->min_contacts ||
				(hp->fdr > 0 ? q[t - tests] > hp->fdr
					     : t->score < hp->threshold))
				continue;
			hide = too_few(at, k, hp->baseline, hp->min_count);
			kcc_out_putc(out, '{');
			write_key(out, cells[i].other, periods[k],
				hp->period_key, names, nnames);
			kcc_out_puts(out, ",\"contacts\":");
			if (hide)
				kcc_out_puts(out, "null");
			else
				kcc_out_printf(out, "%llu",
					(unsigned long long)at[k]
						->g->acc.contacts);
			if (!hp->count_contacts) {
				kcc_out_puts(out, ",\"citizens\":");
				if (hide)
					kcc_out_puts(out, "null");
				else
					kcc_out_printf(out, "%.0f", t->count);
			}
			if (hide)
				kcc_out_puts(out, ",\"baseline_mean\":null,"
						  "\"score\":null,\"p\":null");
			else {
				kcc_out_puts(out, ",\"baseline_mean\":");
				kcc_json_write_num(out, t->mean);
				kcc_out_puts(out, ",\"score\":");
				kcc_json_write_num(out,
					round(t->score * 1000) / 1000);
				kcc_out_puts(out, ",\"p\":");
				write_p(out, t->p);
			}
			if (hp->fdr > 0) {
				kcc_out_puts(out, ",\"q\":");
				if (hide)
					kcc_out_puts(out, "null");
				else
					write_p(out, q[t - tests]);
			}
			kcc_out_printf(out, ",\"baseline_periods\":%d,",
				hp->baseline);
			kcc_out_puts(out,
				hp->fdr > 0 ? "\"fdr\":" : "\"threshold\":");
			kcc_json_write_num(out,
				hp->fdr > 0 ? hp->fdr : hp->threshold);
			kcc_out_puts(out,
				hp->count_contacts
					? ",\"counted\":\"contacts\""
					: ",\"counted\":\"citizens\"");
			if (hp->min_count > 0)
				kcc_stats_put_suppressed(out,
					hide ? KCC_SUPPRESSED_PRIMARY : 0);
			kcc_out_puts(out, "}\n");
		}
	for (g = 0; g < st->n; g++) {
		free(cells[g].other);
		free(cells[g].period);
	}
	free(cells);
	free(periods);
	free(at);
	free(tests);
	free(p);
	free(q);
	kcc_out_close(&tmp);
}
