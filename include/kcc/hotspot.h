/*
 * Hotspots (kcc-stats --hotspots): groups whose count in a period rises
 * well above the periods before it.
 */
#ifndef KCC_HOTSPOT_H
#define KCC_HOTSPOT_H

#include "kcc/out.h"
#include "kcc/stats.h"

struct kcc_hotspots {
	int period_key;      /* which group key is the time bucket */
	int baseline;        /* the previous periods compared with, >= 1 */
	double threshold;    /* score to flag at */
	double min_contacts; /* and at least this many contacts */
	long min_count;      /* --min-count: 0 for none */
	int count_contacts;  /* count contacts; 0: citizens (see below) */
	double fdr;          /* > 0: flag by false discovery rate instead */
};

/*
 * For each combination of the other keys, each period's count against
 * the mean of the `baseline` periods before it (a period without contacts
 * counts 0): score = (count - mean) / sqrt(max(mean, 1)), a Poisson
 * z-score, and p = P(X >= count) for X Poisson with mean max(mean, 1).
 * The count is of citizens (distinct pseudonyms, plus each contact without
 * one: st must keep citizens), so that one citizen's repeat contacts
 * about one matter are one signal; with count_contacts, of contacts.  A
 * period is written (key members named by names[0..nnames), contacts,
 * citizens unless count_contacts, baseline_mean, score, p, q with fdr,
 * baseline_periods, threshold or fdr, counted) when its count is at least
 * min_contacts and the score reaches the threshold or, with fdr, its
 * Benjamini-Hochberg q over every period of every series that has a full
 * baseline is at most fdr.  With min_count, a flagged period with fewer
 * distinct citizens, or baseline periods with fewer together, has its
 * figures null ("suppressed":"primary").  Order: by the other keys, then
 * by period.
 */
void kcc_hotspots_write(const struct kcc_stats *st,
	const struct kcc_hotspots *hp, char *const *names, int nnames,
	struct kcc_out *out);

/* P(X >= x) for X Poisson with mean lambda, x a whole number. */
double kcc_hotspot_poisson_tail(double x, double lambda);

/*
 * Benjamini-Hochberg: q[i] for each of the m p-values p[i], the least false
 * discovery rate at which p[i] would be a discovery.
 */
void kcc_hotspot_bh(const double *p, size_t m, double *q);

#endif
