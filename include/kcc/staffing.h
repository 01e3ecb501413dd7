/*
 * Staffing from grouped figures (kcc-stats --staffing): per interval the
 * arrivals, AHT, traffic and the agents needed for a service level, by
 * Erlang C, or by Erlang A with the patience estimated from the data.
 */
#ifndef KCC_STAFFING_H
#define KCC_STAFFING_H

#include <stddef.h>

#include "kcc/out.h"
#include "kcc/stats.h"

struct kcc_staffing {
	double interval_s;    /* the length of one interval */
	double target_sl;     /* share to answer (0.8) ... */
	double target_t;      /* ... within this many seconds (20) */
	double shrinkage;     /* share of paid time not on contacts */
	double max_occupancy; /* agents' busy share at most, 1 for none */
	double concurrency;   /* contacts an agent handles at once */
	int erlang_a;         /* Erlang A when the patience is known */
	long min_count;       /* --min-count: 0 for none */
	/*
	 * By day of week (the first key is "1-mon" ... "7-sun"): distinct
	 * dates seen per day, days[1..7], to average over weeks; else NULL.
	 */
	const size_t *days;
};

/*
 * One JSON line per group of st (one interval each, its key members
 * named by names[0..nnames)): arrivals, aht_s, erlangs, agents, staff
 * (agents after shrinkage), predicted sl, asa_s and occupancy, with
 * Erlang A also abandon and patience_s; the model and target named.  An
 * interval without handled contacts takes the AHT of all.  With
 * min_count, an interval of fewer distinct citizens has its arrivals and
 * the figures derived from them null ("suppressed":"primary"); the agents
 * needed stay.
 */
void kcc_staffing_write(const struct kcc_stats *st,
	const struct kcc_staffing *sp, char *const *names, int nnames,
	struct kcc_out *out);

/*
 * For weekly groups (first key the weekday, "1-mon"): the first weekday,
 * 1 to 7, that has groups but no dates in days[1..7] to average over;
 * 0 when every one has.
 */
int kcc_staffing_day_missing(const struct kcc_stats *st, const size_t *days);

#endif
