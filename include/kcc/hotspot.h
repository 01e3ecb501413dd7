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
};

/*
 * For each combination of the other keys, each period's count against
 * the mean of the `baseline` periods before it (a period without contacts
 * counts 0): score = (count - mean) / sqrt(max(mean, 1)), a Poisson
 * z-score.  The count is of citizens (distinct pseudonyms, plus each
 * contact without one: st must keep citizens), so that one citizen's
 * repeat contacts about one matter are one signal; with count_contacts,
 * of contacts.  A period is written (key members named by
 * names[0..nnames), contacts, citizens unless count_contacts,
 * baseline_mean, score, baseline_periods, threshold, counted) when the
 * score reaches the threshold with a count of at least min_contacts.  With
 * min_count, a flagged period with fewer distinct citizens, or baseline
 * periods with fewer together, has its figures null
 * ("suppressed":"primary").  Order: by the other keys, then by period.
 */
void kcc_hotspots_write(const struct kcc_stats *st,
	const struct kcc_hotspots *hp, char *const *names, int nnames,
	struct kcc_out *out);

#endif
