/*
 * Contact-centre statistics: exact, mergeable per-group accumulators and
 * the figures computed from them (kcc-stats(1) defines each one).
 *
 * A struct kcc_stats holds a table of groups, each a key (the values of
 * the --by keys, as canonical JSON text) and a struct kcc_stats_acc that
 * records are added to.  Everything an accumulator holds is an integer
 * (durations in whole milliseconds) or an exact set or histogram (see
 * kcc/agg.h), so tables built from parts of the input and merged, in any
 * order, hold exactly what one table over all of it holds, and write the
 * same bytes.  That is what --partial, --combine and the two-core reader
 * rely on.
 *
 * Groups come out sorted by key: bytewise on each key's JSON text, null
 * first, so time buckets come out in time order.
 */
#ifndef KCC_STATS_H
#define KCC_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "kcc/agg.h"
#include "kcc/out.h"
#include "kcc/record.h"

/* Metric families, for --metrics. */
enum {
	KCC_M_VOLUME = 1 << 0,       /* contacts, share, distinct citizens */
	KCC_M_QUEUE = 1 << 1,        /* answered, abandoned, ASA, SL, waits */
	KCC_M_HANDLING = 1 << 2,     /* AHT, handle percentiles, resolution */
	KCC_M_FCR = 1 << 3,          /* first contact resolution, repeats */
	KCC_M_SATISFACTION = 1 << 4, /* CSAT, NPS, CES */
	KCC_M_AGENTS = 1 << 5,       /* active hours, occupancy, FRT */
	KCC_M_CONCURRENCY = 1 << 6,  /* simultaneous contacts (a sweep) */
	KCC_M_DEFAULT = KCC_M_VOLUME | KCC_M_QUEUE | KCC_M_HANDLING |
			KCC_M_FCR | KCC_M_SATISFACTION,
};

/* Parse a comma-separated list of family names ("all" too); -1 if bad. */
int kcc_stats_metrics_parse(const char *list, unsigned *metrics,
	const char **bad);

struct kcc_stats_params;

/*
 * Resolve a --metrics list under p's thresholds and formula (set them
 * first).  Family names and "all" add their families; a figure's name as
 * the output writes it under those options (asa_s, sl_20s_f3, fcr_7d), or
 * one of the stems sl, abandon_rate and abandoned_short, adds that figure
 * alone.  When the list names a figure, only the figures named and those
 * of the families named are written, in the order of the list, each once,
 * after contacts (always written); p->figures then holds their names,
 * which kcc_stats_figures_free() releases.  Without one, p->figures is
 * NULL: every figure of the families.  Sets p->metrics to the families
 * that the figures need.
 *
 * Returns 0, or -1 with *bad the word not known (static storage, valid
 * until the next call) and p unchanged.
 */
int kcc_stats_metrics_select(struct kcc_stats_params *p, const char *list,
	const char **bad);

/* Free p->figures and set it to NULL. */
void kcc_stats_figures_free(struct kcc_stats_params *p);

/*
 * Whether a group's line under p can hold a member `name`: contacts,
 * suppressed, or a figure of p's families that p's list (if any) keeps.
 */
int kcc_stats_figure_written(const struct kcc_stats_params *p,
	const char *name);

/* Whether the figure `name` is written under p (any, without a list). */
int kcc_stats_figure_wanted(const struct kcc_stats_params *p, const char *name);

/* Service-level formulas (kcc-stats(1), domain reference section 3). */
enum {
	KCC_SL_WITH_ABANDONS = 1, /* (ans<=T + abd<=T) / (ans + abd) */
	KCC_SL_ANSWERED = 2,      /* ans<=T / ans */
	KCC_SL_OFFERED = 3,       /* ans<=T / (ans + abd) */
	KCC_SL_NEUTRAL = 4,       /* ans<=T / (ans + abd>T) */
	KCC_SL_NO_SHORT = 5,      /* ans<=T / (ans + abd - short abandons) */
};

/* The most group keys (--by) a table has. */
#define KCC_STATS_MAX_KEYS 32

struct kcc_stats_params {
	unsigned metrics;  /* KCC_M_* */
	int sl_t;          /* service-level threshold T, seconds */
	int sl_formula;    /* KCC_SL_* */
	int short_abandon; /* abandons with wait < this many seconds */
	int fcr_days;      /* N of FCR within N days */
	int citizens;      /* keep distinct citizens (volume, --min-count) */
	struct kcc_tz *tz; /* for active hours; NULL: each time's own offset */
	const char *by;    /* the group keys' names, for partial files */
	char **figures;    /* the figures written, in order; NULL: all */
	size_t nfigures;
	int within;        /* write share_within (volume): over the groups that
		       agree on every key but the last */
	int nkeys;         /* values in a partial line's key; -1: not checked */
	const char *where; /* the --where program, for partial files */
};

#define KCC_STATS_PARAMS_DEFAULT                                               \
	{                                                                      \
		KCC_M_DEFAULT, 20, KCC_SL_OFFERED, 5, 7, 1, NULL, NULL, NULL,  \
			0, 0, -1, NULL                                         \
	}

/*
 * One group's accumulators.  Counts of contacts; sums in milliseconds.
 * "queued": answered or abandoned with a wait_s.
 */
struct kcc_stats_acc {
	uint64_t contacts;
	struct kcc_strset citizens;
	uint64_t no_citizen;
	/* queue */
	uint64_t answered, abandoned, unanswered, no_outcome;
	uint64_t ans_waited, abd_waited; /* with wait_s */
	uint64_t no_wait;                /* answered or abandoned, without */
	uint64_t ans_within, abd_within, abd_short;
	int64_t ans_wait_ms, abd_wait_ms;
	struct kcc_hist wait; /* answered, ms */
	/* handling */
	uint64_t handled, no_handle; /* handled: with handle_s or parts */
	int64_t handle_ms;
	struct kcc_hist handle; /* ms */
	uint64_t with_resolution, first_line, callback, escalated;
	/* first contact resolution */
	uint64_t with_history, fcr, repeat;
	uint64_t bad_history; /* history without history_seq, or marks
				 without a history: left out */
	/* satisfaction: a count per score */
	uint64_t csat[6], nps[11], ces[8];
	/* agents */
	struct kcc_hist hours; /* active clock hours, as hour numbers */
	uint64_t frt_n;
	int64_t frt_ms;
	struct kcc_sweep sweep;
	uint64_t no_end; /* answered, without an end for the sweep */
};

/* Records missing what a metric needs, over the whole input. */
struct kcc_stats_missing {
	uint64_t outcome, wait, handle, citizen, start_end, history;
};

struct kcc_stats_group {
	char *key; /* the key values as a JSON array text: ["phone","2026-W10"] */
	size_t key_len;
	uint64_t hash;
	struct kcc_stats_acc acc;
};

struct kcc_stats {
	struct kcc_stats_params params;
	struct kcc_stats_group **groups; /* in order of creation */
	size_t n, cap;
	struct kcc_stats_group **slots; /* hash index */
	size_t mask;
	/* for weekly staffing: the dates seen ("2026-03-02") on each ISO
	   weekday, days[1] Monday to days[7] Sunday */
	struct kcc_strset days[8];
	/* from the partial records lines read: the records the partial
	   runs read and rejected */
	uint64_t records_read, records_rejected;
};

/*
 * Records missing what a metric needs, summed over the groups (so a
 * combined run says what a single run would).
 */
void kcc_stats_missing(const struct kcc_stats *st, struct kcc_stats_missing *m);

void kcc_stats_init(struct kcc_stats *st, const struct kcc_stats_params *p);
void kcc_stats_release(struct kcc_stats *st);

/*
 * The group for key[0..n) (a JSON array text), created empty when new.
 * The key is copied.
 */
struct kcc_stats_group *kcc_stats_group(struct kcc_stats *st, const char *key,
	size_t n);

/*
 * The record fields kcc_stats_add() reads under params p, as a set for
 * kcc_record_parse_fields().  Time keys need start as well: the caller
 * adds it.
 */
uint64_t kcc_stats_fields(const struct kcc_stats_params *p);

/* Add one parsed record to group g. */
void kcc_stats_add(struct kcc_stats *st, struct kcc_stats_group *g,
	struct kcc_record *rec);

/* Merge every group of src into dst (same params); src is unchanged. */
void kcc_stats_merge(struct kcc_stats *dst, const struct kcc_stats *src);

/*
 * Compare two key texts (JSON arrays) as groups are sorted: value by
 * value, null first, time bucket labels by the instant they name, else
 * bytewise.
 */
int kcc_stats_key_cmp(const char *a, size_t an, const char *b, size_t bn);

/*
 * Whether key[0..n) holds s[0..sn) (sn > 0): a citizen's pseudonym, which
 * stats never write.
 */
int kcc_stats_key_holds(const char *key, size_t n, const char *s, size_t sn);

/* Sort the groups by key (see above). */
void kcc_stats_sort(struct kcc_stats *st);

/*
 * The figures of group g as JSON members ("contacts":12,...), without
 * braces, written to out.  `total` is the number of contacts over all
 * groups, for share; `within` the number over the groups that agree with g
 * on every key but the last, for share_within (when params.within).
 * Figures that have no data are null.
 */
void kcc_stats_write_figures(const struct kcc_stats *st,
	const struct kcc_stats_group *g, uint64_t total, uint64_t within,
	struct kcc_out *out);

/* Same for a suppressed group: every figure null. */
void kcc_stats_write_suppressed(const struct kcc_stats *st,
	struct kcc_out *out);

/* The key members of group g, "name":value,..., names[0..nnames). */
void kcc_stats_write_key(struct kcc_out *out, const struct kcc_stats_group *g,
	char *const *names, int nnames);

/*
 * Publishing safely (--min-count k): sup[i] for each group i (of st->n,
 * sorted) gets KCC_SUPPRESSED_PRIMARY when the group has fewer than k
 * distinct citizens, KCC_SUPPRESSED_SECONDARY when it is suppressed so that
 * no total (of all groups, or of the groups agreeing on some of the keys)
 * holds exactly one suppressed group, else 0.  k <= 0 suppresses nothing.
 */
enum { KCC_SUPPRESSED_PRIMARY = 1, KCC_SUPPRESSED_SECONDARY = 2 };
void kcc_stats_suppress(const struct kcc_stats *st, long k, unsigned char *sup);

/* The member ,"suppressed":"primary" (or "secondary", or false). */
void kcc_stats_put_suppressed(struct kcc_out *out, int how);

/*
 * Every group of st as a JSON line: its key members, its figures (or
 * nulls when suppressed) and, with min_count > 0, "suppressed".
 */
void kcc_stats_write_groups(const struct kcc_stats *st, char *const *names,
	int nnames, long min_count, struct kcc_out *out);

/*
 * Partial aggregates: one line per group,
 *   {"kcc_stats_partial":1,"params":"...","key":[...],"acc":{...}}
 * with every accumulator exact.  kcc_stats_read_partial() adds one such
 * line to st; it returns 0, or -1 with a message in why (for a line that
 * is not one, or was written with other parameters).
 */
void kcc_stats_write_partial(const struct kcc_stats *st,
	const struct kcc_stats_group *g, struct kcc_out *out);
int kcc_stats_read_partial(struct kcc_stats *st, const char *line, size_t n,
	char *why, size_t whylen);

/*
 * The dates of st->days as one partial line, {"kcc_stats_partial":1,
 * "params":...,"days":[[...],...]}; nothing when there are none.
 * kcc_stats_read_partial() reads it back into st->days.
 */
void kcc_stats_write_partial_days(const struct kcc_stats *st,
	struct kcc_out *out);

/*
 * The partial line of a run's record counts, {"kcc_stats_partial":1,
 * "params":...,"records":{"read":M,"rejected":N}}, so that the combining
 * run can say what one run over all the records would.
 * kcc_stats_read_partial() adds them to st->records_read and
 * st->records_rejected.
 */
void kcc_stats_write_partial_records(const struct kcc_stats *st, uint64_t read,
	uint64_t rejected, struct kcc_out *out);

/* The parameters as one string, for partial files and messages. */
#define KCC_STATS_PARAMS_MAX 1200
void kcc_stats_params_text(const struct kcc_stats_params *p, char *buf,
	size_t size);

#endif
