/*
 * Hotspots: the groups are cut into series, one per combination of the
 * keys other than the period, each over every period seen in the input.
 */
#include <math.h>
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

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int
cmp_cell(const void *x, const void *y)
{
	const struct cell *a = x, *b = y;
	int c = strcmp(a->other, b->other);

	return c ? c : strcmp(a->period, b->period);
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

/*
 * Whether the flagged period k of a series, or its baseline periods
 * together, have fewer than min_count distinct citizens.
 */
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

void
kcc_hotspots_write(const struct kcc_stats *st, const struct kcc_hotspots *hp,
	char *const *names, int nnames, struct kcc_out *out)
{
	struct cell *cells = kcc_xcalloc(st->n + 1, sizeof *cells);
	char **periods = kcc_xcalloc(st->n + 1, sizeof *periods);
	const struct cell **at;
	struct kcc_out tmp;
	size_t g, np = 0, i, j, k;

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
	for (i = 0; i < st->n; i = j) {
		/* One series: the cells of these other keys, by period. */
		memset(at, 0, np * sizeof *at);
		for (j = i; j < st->n &&
			    strcmp(cells[j].other, cells[i].other) == 0;
			j++) {
			char **p = bsearch(&cells[j].period, periods, np,
				sizeof *periods, cmp_str);
			at[p - periods] = &cells[j];
		}
		for (k = (size_t)hp->baseline; k < np; k++) {
			double mean = 0, score, count;
			size_t b;
			int hide;
			count = count_of(at[k], hp->count_contacts);
			for (b = k - (size_t)hp->baseline; b < k; b++)
				mean += count_of(at[b], hp->count_contacts);
			mean /= hp->baseline;
			score = (count - mean) / sqrt(mean > 1 ? mean : 1);
			if (score < hp->threshold || count < hp->min_contacts)
				continue;
			hide = too_few(at, k, hp->baseline, hp->min_count);
			kcc_out_putc(out, '{');
			write_key(out, cells[i].other, periods[k],
				hp->period_key, names, nnames);
			if (hide)
				kcc_out_puts(out,
					hp->count_contacts
						? ",\"contacts\":null,"
						  "\"baseline_mean\":null,"
						  "\"score\":null"
						: ",\"contacts\":null,"
						  "\"citizens\":null,"
						  "\"baseline_mean\":null,"
						  "\"score\":null");
			else {
				kcc_out_printf(out, ",\"contacts\":%llu",
					(unsigned long long)at[k]
						->g->acc.contacts);
				if (!hp->count_contacts)
					kcc_out_printf(out,
						",\"citizens\":%llu",
						(unsigned long long)count);
				kcc_out_puts(out, ",\"baseline_mean\":");
				kcc_json_write_num(out, mean);
				kcc_out_puts(out, ",\"score\":");
				kcc_json_write_num(out,
					round(score * 1000) / 1000);
			}
			kcc_out_printf(out,
				",\"baseline_periods\":%d,\"threshold\":",
				hp->baseline);
			kcc_json_write_num(out, hp->threshold);
			kcc_out_puts(out,
				hp->count_contacts
					? ",\"counted\":\"contacts\""
					: ",\"counted\":\"citizens\"");
			if (hp->min_count > 0)
				kcc_stats_put_suppressed(out,
					hide ? KCC_SUPPRESSED_PRIMARY : 0);
			kcc_out_puts(out, "}\n");
		}
	}
	for (g = 0; g < st->n; g++) {
		free(cells[g].other);
		free(cells[g].period);
	}
	free(cells);
	free(periods);
	free(at);
	kcc_out_close(&tmp);
}
