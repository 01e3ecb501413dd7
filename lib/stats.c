/*
 * Contact-centre statistics: per-group accumulators, their merge, the
 * figures, and partial files.
 *
 * Adding a record costs a handful of integer additions and, for the
 * percentiles and distinct citizens, one hash probe each; nothing is
 * allocated per record once a group's tables have grown.  Durations are
 * kept in whole milliseconds (rounded to nearest) so that sums are exact
 * integers: floating-point sums would depend on the order records came
 * in, and a sharded run would not reproduce a single one to the byte.
 * Means and rates are computed once, at the end, from those integers.
 *
 * Groups live in a table of pointers indexed by an open-addressing hash of
 * the key text; the key text is the group's identity, so merging two
 * tables is a lookup per group.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/diag.h"
#include "kcc/json.h"
#include "kcc/stats.h"
#include "kcc/time.h"

static const struct {
	const char *name;
	unsigned bit;
} families[] = {
	{"volume", KCC_M_VOLUME},
	{"queue", KCC_M_QUEUE},
	{"handling", KCC_M_HANDLING},
	{"fcr", KCC_M_FCR},
	{"satisfaction", KCC_M_SATISFACTION},
	{"agents", KCC_M_AGENTS},
	{"concurrency", KCC_M_CONCURRENCY},
	{NULL, 0},
};

int
kcc_stats_metrics_parse(const char *list, unsigned *metrics, const char **bad)
{
	static char word[64];
	const char *p = list, *e;
	unsigned m = 0;
	size_t n;
	int i;

	while (*p != '\0') {
		e = strchr(p, ',');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n == 3 && strncmp(p, "all", 3) == 0)
			m |= ~0u & 0x7f;
		else {
			for (i = 0; families[i].name != NULL; i++)
				if (strlen(families[i].name) == n &&
					strncmp(families[i].name, p, n) == 0)
					break;
			if (families[i].name == NULL) {
				snprintf(word, sizeof word, "%.*s",
					(int)(n < 60 ? n : 60), p);
				*bad = word;
				return -1;
			}
			m |= families[i].bit;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	if (m == 0) {
		*bad = "";
		return -1;
	}
	*metrics = m;
	return 0;
}

static uint64_t
key_hash(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ n;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001b3u;
	return h ^ (h >> 29);
}

void
kcc_stats_params_text(const struct kcc_stats_params *p, char *buf, size_t size)
{
	char where[20] = "-"; /* the --where program by its hash */

	if (p->where != NULL)
		snprintf(where, sizeof where, "%016llx",
			(unsigned long long)key_hash(p->where,
				strlen(p->where)));
	snprintf(buf, size,
		"metrics=%u sl=%d/f%d short=%d fcr=%dd cit=%d tz=%s where=%s "
		"by=%s",
		p->metrics, p->sl_t, p->sl_formula, p->short_abandon,
		p->fcr_days, p->citizens, p->tz ? kcc_tz_name(p->tz) : "-",
		where, p->by ? p->by : "");
}

static void
acc_init(struct kcc_stats_acc *a)
{
	memset(a, 0, sizeof *a);
	kcc_strset_init(&a->citizens);
	kcc_hist_init(&a->wait);
	kcc_hist_init(&a->handle);
	kcc_hist_init(&a->hours);
	kcc_sweep_init(&a->sweep);
}

static void
acc_release(struct kcc_stats_acc *a)
{
	kcc_strset_release(&a->citizens);
	kcc_hist_release(&a->wait);
	kcc_hist_release(&a->handle);
	kcc_hist_release(&a->hours);
	kcc_sweep_release(&a->sweep);
}

void
kcc_stats_init(struct kcc_stats *st, const struct kcc_stats_params *p)
{
	int i;

	memset(st, 0, sizeof *st);
	st->params = *p;
	st->mask = 63;
	st->slots = kcc_xcalloc(st->mask + 1, sizeof *st->slots);
	for (i = 0; i < 8; i++)
		kcc_strset_init(&st->days[i]);
}

void
kcc_stats_release(struct kcc_stats *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		acc_release(&st->groups[i]->acc);
		free(st->groups[i]->key);
		free(st->groups[i]);
	}
	free(st->groups);
	free(st->slots);
	for (i = 0; i < 8; i++)
		kcc_strset_release(&st->days[i]);
	memset(st, 0, sizeof *st);
}

static void
grow(struct kcc_stats *st)
{
	size_t i, j, mask = st->mask * 2 + 1;
	struct kcc_stats_group **slots = kcc_xcalloc(mask + 1, sizeof *slots);

	for (i = 0; i < st->n; i++) {
		for (j = st->groups[i]->hash & mask; slots[j] != NULL;
			j = (j + 1) & mask)
			;
		slots[j] = st->groups[i];
	}
	free(st->slots);
	st->slots = slots;
	st->mask = mask;
}

struct kcc_stats_group *
kcc_stats_group(struct kcc_stats *st, const char *key, size_t n)
{
	uint64_t h = key_hash(key, n);
	struct kcc_stats_group *g;
	size_t j;

	for (j = h & st->mask; (g = st->slots[j]) != NULL;
		j = (j + 1) & st->mask)
		if (g->hash == h && g->key_len == n &&
			memcmp(g->key, key, n) == 0)
			return g;
	g = kcc_xmalloc(sizeof *g);
	g->key = kcc_xstrndup(key, n);
	g->key_len = n;
	g->hash = h;
	acc_init(&g->acc);
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 64;
		st->groups =
			kcc_xrealloc(st->groups, st->cap * sizeof *st->groups);
	}
	st->groups[st->n++] = g;
	st->slots[j] = g;
	if (st->n * 2 > st->mask)
		grow(st);
	return g;
}

#define BIT(f) KCC_FIELD_BIT(KCC_F_##f)

uint64_t
kcc_stats_fields(const struct kcc_stats_params *p)
{
	uint64_t f = BIT(kcc); /* a version it does not know is refused */

	if (p->citizens)
		f |= BIT(citizen);
	if (p->metrics & KCC_M_QUEUE)
		f |= BIT(outcome) | BIT(wait_s);
	if (p->metrics & (KCC_M_HANDLING | KCC_M_AGENTS))
		f |= BIT(handle_s) | BIT(talk_s) | BIT(hold_s) | BIT(acw_s);
	if (p->metrics & (KCC_M_HANDLING | KCC_M_AGENTS))
		f |= BIT(outcome);
	if (p->metrics & KCC_M_HANDLING)
		f |= BIT(resolution);
	if (p->metrics & KCC_M_FCR)
		f |= BIT(history) | BIT(history_seq) | BIT(history_next_s);
	if (p->metrics & KCC_M_SATISFACTION)
		f |= BIT(csat) | BIT(nps) | BIT(ces);
	if (p->metrics & KCC_M_AGENTS)
		f |= BIT(start) | BIT(handle_s) | BIT(wait_s) | BIT(channel) |
		     BIT(outcome);
	if (p->metrics & KCC_M_CONCURRENCY)
		f |= BIT(start) | BIT(end) | BIT(wait_s) | BIT(outcome);
	return f;
}

static int64_t
ms(double s)
{
	return (int64_t)llround(s * 1000);
}

static int
messaging(struct kcc_record *rec)
{
	switch (kcc_record_code(rec, KCC_F_channel)) {
	case KCC_CH_CHAT:
	case KCC_CH_WHATSAPP:
	case KCC_CH_SOCIAL:
	case KCC_CH_SMS:
	case KCC_CH_APP:
		return 1;
	default:
		return 0;
	}
}

/* handle_s, or the sum of the parts present when it is absent (as the
 * record writer derives it). */
static int
handle_of(struct kcc_record *rec, double *v)
{
	double d, sum = 0;
	int have = 0;

	if (kcc_record_num(rec, KCC_F_handle_s, v) == 0)
		return 0;
	if (kcc_record_num(rec, KCC_F_talk_s, &d) == 0)
		sum += d, have = 1;
	if (kcc_record_num(rec, KCC_F_hold_s, &d) == 0)
		sum += d, have = 1;
	if (kcc_record_num(rec, KCC_F_acw_s, &d) == 0)
		sum += d, have = 1;
	*v = sum;
	return have ? 0 : -1;
}

void
kcc_stats_add(struct kcc_stats *st, struct kcc_stats_group *g,
	struct kcc_record *rec)
{
	const struct kcc_stats_params *p = &st->params;
	struct kcc_stats_acc *a = &g->acc;
	double wait = 0, d;
	int has_wait = kcc_record_num(rec, KCC_F_wait_s, &wait) == 0;
	int outcome = kcc_record_code(rec, KCC_F_outcome);
	const char *s;
	size_t n;

	a->contacts++;
	if (p->citizens) {
		if ((s = kcc_record_str(rec, KCC_F_citizen, &n)) != NULL)
			kcc_strset_add(&a->citizens, s, n);
		else {
			a->no_citizen++;
		}
	}
	if (p->metrics & KCC_M_QUEUE) {
		int ans = outcome == KCC_OUT_ANSWERED;
		int abd = outcome == KCC_OUT_ABANDONED;
		if (ans)
			a->answered++;
		else if (abd)
			a->abandoned++;
		else if (kcc_record_has(rec, KCC_F_outcome))
			a->unanswered++;
		else {
			a->no_outcome++;
		}
		if ((ans || abd) && !has_wait)
			a->no_wait++;
		/* Thresholds compare the wait as kept, in whole ms, so that
		   a wait and its count within T always agree. */
		if (ans && has_wait) {
			int64_t w = ms(wait);
			a->ans_waited++;
			a->ans_wait_ms += w;
			kcc_hist_add(&a->wait, w, 1);
			if (w <= (int64_t)p->sl_t * 1000)
				a->ans_within++;
		} else if (abd && has_wait) {
			int64_t w = ms(wait);
			a->abd_waited++;
			a->abd_wait_ms += w;
			if (w < (int64_t)p->short_abandon * 1000)
				a->abd_short++;
			if (w <= (int64_t)p->sl_t * 1000)
				a->abd_within++;
		}
	}
	/*
	 * Handled: answered, or without an outcome (a letter, a web form);
	 * an abandoned or unanswered contact was not handled, whatever
	 * service time its source gives it.
	 */
	if (p->metrics & (KCC_M_HANDLING | KCC_M_AGENTS) &&
		outcome != KCC_OUT_ABANDONED && outcome != KCC_OUT_UNANSWERED) {
		if (handle_of(rec, &d) == 0) {
			int64_t h = ms(d);
			a->handled++;
			a->handle_ms += h;
			if (p->metrics & KCC_M_HANDLING)
				kcc_hist_add(&a->handle, h, 1);
		} else
			a->no_handle++;
	}
	if (p->metrics & KCC_M_HANDLING &&
		kcc_record_has(rec, KCC_F_resolution)) {
		a->with_resolution++;
		switch (kcc_record_code(rec, KCC_F_resolution)) {
		case KCC_RES_FIRST_LINE:
			a->first_line++;
			break;
		case KCC_RES_CALLBACK:
			a->callback++;
			break;
		case KCC_RES_BACKOFFICE:
		case KCC_RES_EXPERT:
		case KCC_RES_REFERRED:
			a->escalated++;
			break;
		default:
			break;
		}
	}
	if (p->metrics & KCC_M_FCR) {
		/* kcc-merge sets history and history_seq together. */
		int hist = kcc_record_has(rec, KCC_F_history),
		    seq = kcc_record_has(rec, KCC_F_history_seq);
		if (hist && seq) {
			a->with_history++;
			if (kcc_record_num(rec, KCC_F_history_next_s, &d) !=
					0 ||
				ms(d) > (int64_t)p->fcr_days * 86400000)
				a->fcr++;
			if (kcc_record_num(rec, KCC_F_history_seq, &d) == 0 &&
				d > 1)
				a->repeat++;
		} else if (hist || seq ||
			   kcc_record_has(rec, KCC_F_history_next_s))
			a->bad_history++;
	}
	if (p->metrics & KCC_M_SATISFACTION) {
		if (kcc_record_num(rec, KCC_F_csat, &d) == 0)
			a->csat[(int)d]++;
		if (kcc_record_num(rec, KCC_F_nps, &d) == 0)
			a->nps[(int)d]++;
		if (kcc_record_num(rec, KCC_F_ces, &d) == 0)
			a->ces[(int)d]++;
	}
	if (p->metrics & KCC_M_AGENTS) {
		struct kcc_civil c;
		kcc_time_civil(p->tz, &rec->start, &c);
		/* An hour number in local time: days * 24 + hour. */
		kcc_hist_add(&a->hours,
			kcc_days_from_civil(c.year, (unsigned)c.month,
				(unsigned)c.day) *
					24 +
				c.hour,
			1);
		if (has_wait && outcome == KCC_OUT_ANSWERED && messaging(rec)) {
			a->frt_n++;
			a->frt_ms += ms(wait);
		}
	}
	if (p->metrics & KCC_M_CONCURRENCY && kcc_record_has(rec, KCC_F_end) &&
		outcome == KCC_OUT_ANSWERED) {
		int64_t from = rec->start.sec * 1000 +
			       rec->start.nsec / 1000000,
			to = rec->end.sec * 1000 + rec->end.nsec / 1000000;
		if (has_wait)
			from += ms(wait);
		if (from > to)
			from = to;
		kcc_sweep_add(&a->sweep, from, to);
	} else if (p->metrics & KCC_M_CONCURRENCY &&
		   outcome == KCC_OUT_ANSWERED)
		a->no_end++;
}

/* The accumulators that are plain integers. */
/* clang-format off */
#define ACC_INTS(X) \
	X(contacts) X(no_citizen) X(answered) X(abandoned) X(unanswered) \
	X(no_outcome) X(ans_waited) X(abd_waited) X(ans_within) \
	X(abd_within) X(abd_short) X(ans_wait_ms) X(abd_wait_ms) X(handled) \
	X(handle_ms) X(with_resolution) X(first_line) X(callback) \
	X(escalated) X(with_history) X(fcr) X(repeat) X(frt_n) X(frt_ms) \
	X(no_wait) X(no_handle) X(no_end) X(bad_history)
/* clang-format on */

/* Each integer member's place, for which a partial line has given. */
enum {
#define X(m) ACC_I_##m,
	ACC_INTS(X)
#undef X
		ACC_I_COUNT
};

static void
acc_merge(struct kcc_stats_acc *d, const struct kcc_stats_acc *s)
{
	int i;

#define X(m) d->m += s->m;
	ACC_INTS(X)
#undef X
	kcc_strset_merge(&d->citizens, &s->citizens);
	kcc_hist_merge(&d->wait, &s->wait);
	kcc_hist_merge(&d->handle, &s->handle);
	for (i = 0; i < 6; i++)
		d->csat[i] += s->csat[i];
	for (i = 0; i < 11; i++)
		d->nps[i] += s->nps[i];
	for (i = 0; i < 8; i++)
		d->ces[i] += s->ces[i];
	kcc_hist_merge(&d->hours, &s->hours);
	kcc_sweep_merge(&d->sweep, &s->sweep);
}

void
kcc_stats_merge(struct kcc_stats *dst, const struct kcc_stats *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		const struct kcc_stats_group *s = src->groups[i];
		acc_merge(&kcc_stats_group(dst, s->key, s->key_len)->acc,
			&s->acc);
	}
	for (i = 0; i < 8; i++)
		kcc_strset_merge(&dst->days[i], &src->days[i]);
	dst->records_read += src->records_read;
	dst->records_rejected += src->records_rejected;
}

void
kcc_stats_missing(const struct kcc_stats *st, struct kcc_stats_missing *m)
{
	size_t i;

	memset(m, 0, sizeof *m);
	for (i = 0; i < st->n; i++) {
		const struct kcc_stats_acc *a = &st->groups[i]->acc;
		m->outcome += a->no_outcome;
		m->wait += a->no_wait;
		m->handle += a->no_handle;
		m->citizen += a->no_citizen;
		m->start_end += a->no_end;
		m->history += a->bad_history;
	}
}

/*
 * Keys compare element by element on their JSON text, null first; the
 * texts are canonical, so equal values have equal text.
 */
/*
 * A time bucket label with an offset ("2026-10-25T02+02:00",
 * "2026-10-25T02:30Z") as minutes since 1970 UTC; -1 when p[0..n) is not
 * one.
 */
static int
label_instant(const char *p, size_t n, int64_t *minutes)
{
	static const int pos[5] = {0, 5, 8, 11, 14}, len[5] = {4, 2, 2, 2, 2};
	int v[5] = {0}, off = 0, i, k;
	size_t at = 0, e;

	if (n < 14 || p[4] != '-' || p[7] != '-' || p[10] != 'T')
		return -1;
	if (p[n - 1] == 'Z')
		e = n - 1;
	else if (n >= 19 && (p[n - 6] == '+' || p[n - 6] == '-') &&
		 p[n - 3] == ':') {
		e = n - 6;
		for (k = n - 5; k < (int)n; k++)
			if (k != (int)n - 3 && (p[k] < '0' || p[k] > '9'))
				return -1;
		off = ((p[n - 5] - '0') * 10 + (p[n - 4] - '0')) * 60 +
		      (p[n - 2] - '0') * 10 + (p[n - 1] - '0');
		if (p[n - 6] == '-')
			off = -off;
	} else
		return -1;
	if (e != 13 && e != 16)
		return -1;
	/* YYYY-MM-DDTHH[:MM] */
	for (i = 0; i < (e == 16 ? 5 : 4); i++)
		for (at = (size_t)pos[i], k = 0; k < len[i]; k++, at++) {
			if (p[at] < '0' || p[at] > '9')
				return -1;
			v[i] = v[i] * 10 + (p[at] - '0');
		}
	*minutes = (kcc_days_from_civil(v[0], (unsigned)v[1], (unsigned)v[2]) *
				   24 +
			   v[3]) *
			   60 +
		   v[4] - off;
	return 0;
}

/*
 * Two time labels of the same unit compare by instant, so that the hour
 * (or the half hour) that comes twice at the autumn clock change sorts in
 * time order; 0 when a and b are not two such labels.
 */
static int
cmp_label(const struct kcc_json_value *a, const struct kcc_json_value *b)
{
	int64_t x, y;

	if (a->type != KCC_JSON_STRING || b->type != KCC_JSON_STRING)
		return 0;
	if (label_instant(a->p, a->n, &x) != 0 ||
		label_instant(b->p, b->n, &y) != 0 || x == y)
		return 0;
	return (x > y) - (x < y);
}

static int
cmp_group(const void *x, const void *y)
{
	const struct kcc_stats_group *a =
		*(const struct kcc_stats_group *const *)x;
	const struct kcc_stats_group *b =
		*(const struct kcc_stats_group *const *)y;

	return kcc_stats_key_cmp(a->key, a->key_len, b->key, b->key_len);
}

int
kcc_stats_key_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	struct kcc_json_iter ia, ib;
	struct kcc_json_value ka, kb, va, vb;
	int ra, rb, c;
	size_t n;

	kcc_json_iter_text(&ia, a, an);
	kcc_json_iter_text(&ib, b, bn);
	for (;;) {
		ra = kcc_json_iter_next(&ia, &ka, &va);
		rb = kcc_json_iter_next(&ib, &kb, &vb);
		if (ra <= 0 || rb <= 0)
			return ra - rb;
		if (va.type == KCC_JSON_NULL || vb.type == KCC_JSON_NULL) {
			if (va.type != vb.type)
				return va.type == KCC_JSON_NULL ? -1 : 1;
			continue;
		}
		if ((c = cmp_label(&va, &vb)) != 0)
			return c;
		n = va.n < vb.n ? va.n : vb.n;
		if ((c = memcmp(va.p, vb.p, n)) != 0)
			return c;
		if (va.n != vb.n)
			return va.n < vb.n ? -1 : 1;
	}
}

void
kcc_stats_sort(struct kcc_stats *st)
{
	size_t i, j;

	if (st->n > 1)
		qsort(st->groups, st->n, sizeof *st->groups, cmp_group);
	/* The index still points at the same groups; rebuild for order. */
	memset(st->slots, 0, (st->mask + 1) * sizeof *st->slots);
	for (i = 0; i < st->n; i++) {
		for (j = st->groups[i]->hash & st->mask; st->slots[j] != NULL;
			j = (j + 1) & st->mask)
			;
		st->slots[j] = st->groups[i];
	}
}

/* Writing figures */

static void
member(struct kcc_out *out, int *first, const char *name)
{
	if (!*first)
		kcc_out_putc(out, ',');
	*first = 0;
	kcc_out_putc(out, '"');
	kcc_out_puts(out, name);
	kcc_out_puts(out, "\":");
}

static void
put_u(struct kcc_out *out, int *first, const char *name, uint64_t v)
{
	member(out, first, name);
	kcc_out_printf(out, "%llu", (unsigned long long)v);
}

/* A ratio, or null when the denominator is 0. */
static void
put_ratio(struct kcc_out *out, int *first, const char *name, double num,
	double den)
{
	member(out, first, name);
	if (den == 0)
		kcc_out_puts(out, "null");
	else
		kcc_json_write_num(out, num / den);
}

/* Milliseconds as seconds, or null. */
static void
put_s(struct kcc_out *out, int *first, const char *name, int64_t v, int have)
{
	member(out, first, name);
	if (!have)
		kcc_out_puts(out, "null");
	else
		kcc_json_write_num(out, (double)v / 1000);
}

static const double pcts[] = {50, 80, 90, 95};

static void
put_pcts(struct kcc_out *out, int *first, const char *what,
	const struct kcc_hist *h)
{
	int64_t v[4];
	char name[40];
	int i, have = kcc_hist_percentiles(h, pcts, 4, v) == 0;

	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof name, "%s_p%d_s", what, (int)pcts[i]);
		put_s(out, first, name, have ? v[i] : 0, have);
	}
}

static void
put_dist(struct kcc_out *out, int *first, const char *name, const uint64_t *c,
	int from, int to)
{
	int i;

	member(out, first, name);
	kcc_out_putc(out, '[');
	for (i = from; i <= to; i++)
		kcc_out_printf(out, "%s%llu", i > from ? "," : "",
			(unsigned long long)c[i]);
	kcc_out_putc(out, ']');
}

static uint64_t
sum(const uint64_t *c, int from, int to)
{
	uint64_t s = 0;
	int i;

	for (i = from; i <= to; i++)
		s += c[i];
	return s;
}

static double
weighted(const uint64_t *c, int from, int to)
{
	double s = 0;
	int i;

	for (i = from; i <= to; i++)
		s += (double)c[i] * i;
	return s;
}

/* The service level by the chosen formula, and its name. */
static void
put_sl(const struct kcc_stats_params *p, const struct kcc_stats_acc *a,
	struct kcc_out *out, int *first)
{
	double num = (double)a->ans_within, den;
	char name[40];

	switch (p->sl_formula) {
	case KCC_SL_WITH_ABANDONS:
		num += (double)a->abd_within;
		den = (double)(a->ans_waited + a->abd_waited);
		break;
	case KCC_SL_ANSWERED:
		den = (double)a->ans_waited;
		break;
	case KCC_SL_NEUTRAL:
		den = (double)(a->ans_waited + a->abd_waited - a->abd_within);
		break;
	case KCC_SL_NO_SHORT:
		den = (double)(a->ans_waited + a->abd_waited - a->abd_short);
		break;
	default:
		den = (double)(a->ans_waited + a->abd_waited);
		break;
	}
	snprintf(name, sizeof name, "sl_%ds_f%d", p->sl_t, p->sl_formula);
	put_ratio(out, first, name, num, den);
}

/* Every figure of the families of p->metrics, in the order defined. */
static void
write_all(const struct kcc_stats_params *p, const struct kcc_stats_acc *a,
	uint64_t total, uint64_t within, struct kcc_out *out)
{
	char name[40];
	int first = 1;
	uint64_t n;

	put_u(out, &first, "contacts", a->contacts);
	if (p->metrics & KCC_M_VOLUME) {
		put_ratio(out, &first, "share", (double)a->contacts,
			(double)total);
		if (p->within)
			put_ratio(out, &first, "share_within",
				(double)a->contacts, (double)within);
		if (p->citizens)
			put_u(out, &first, "citizens",
				kcc_strset_count(&a->citizens));
	}
	if (p->metrics & KCC_M_QUEUE) {
		put_u(out, &first, "answered", a->answered);
		put_u(out, &first, "abandoned", a->abandoned);
		put_u(out, &first, "unanswered", a->unanswered);
		snprintf(name, sizeof name, "abandoned_short_%ds",
			p->short_abandon);
		put_u(out, &first, name, a->abd_short);
		snprintf(name, sizeof name, "abandon_rate_%ds",
			p->short_abandon);
		/* An abandon without a wait cannot be told short: it counts. */
		put_ratio(out, &first, name,
			(double)(a->abandoned - a->abd_short),
			(double)(a->answered + a->abandoned - a->abd_short));
		put_ratio(out, &first, "asa_s", (double)a->ans_wait_ms / 1000,
			(double)a->ans_waited);
		put_pcts(out, &first, "wait", &a->wait);
		put_sl(p, a, out, &first);
	}
	if (p->metrics & KCC_M_HANDLING) {
		put_u(out, &first, "handled", a->handled);
		member(out, &first, "aht_s");
		if (a->handled == 0)
			kcc_out_puts(out, "null");
		else
			kcc_json_write_num(out, (double)a->handle_ms /
							(double)a->handled /
							1000);
		put_pcts(out, &first, "handle", &a->handle);
		put_ratio(out, &first, "first_line_rate", (double)a->first_line,
			(double)a->with_resolution);
		put_ratio(out, &first, "callback_rate", (double)a->callback,
			(double)a->with_resolution);
		put_ratio(out, &first, "escalation_rate", (double)a->escalated,
			(double)a->with_resolution);
	}
	if (p->metrics & KCC_M_FCR) {
		put_u(out, &first, "with_history", a->with_history);
		snprintf(name, sizeof name, "fcr_%dd", p->fcr_days);
		put_ratio(out, &first, name, (double)a->fcr,
			(double)a->with_history);
		put_ratio(out, &first, "repeat_rate", (double)a->repeat,
			(double)a->with_history);
	}
	if (p->metrics & KCC_M_SATISFACTION) {
		n = sum(a->csat, 1, 5);
		put_u(out, &first, "csat_n", n);
		put_ratio(out, &first, "csat_mean", weighted(a->csat, 1, 5),
			(double)n);
		put_ratio(out, &first, "csat_top2",
			(double)(a->csat[4] + a->csat[5]), (double)n);
		put_dist(out, &first, "csat_dist", a->csat, 1, 5);
		n = sum(a->nps, 0, 10);
		put_u(out, &first, "nps_n", n);
		put_ratio(out, &first, "nps",
			100.0 * ((double)(a->nps[9] + a->nps[10]) -
					(double)sum(a->nps, 0, 6)),
			(double)n);
		n = sum(a->ces, 1, 7);
		put_u(out, &first, "ces_n", n);
		put_ratio(out, &first, "ces_mean", weighted(a->ces, 1, 7),
			(double)n);
	}
	if (p->metrics & KCC_M_AGENTS) {
		uint64_t hours = kcc_hist_distinct(&a->hours);
		put_u(out, &first, "active_hours", hours);
		put_ratio(out, &first, "contacts_per_active_hour",
			(double)a->contacts, (double)hours);
		put_s(out, &first, "handle_time_s", a->handle_ms, 1);
		put_ratio(out, &first, "occupancy_proxy", (double)a->handle_ms,
			(double)hours * 3600000);
		put_u(out, &first, "frt_n", a->frt_n);
		put_ratio(out, &first, "frt_mean_s", (double)a->frt_ms / 1000,
			(double)a->frt_n);
	}
	if (p->metrics & KCC_M_CONCURRENCY) {
		uint64_t max;
		double mean;
		int64_t busy;
		kcc_sweep_result(&a->sweep, &max, &mean, &busy);
		put_u(out, &first, "concurrency_max", max);
		member(out, &first, "concurrency_mean");
		if (busy == 0)
			kcc_out_puts(out, "null");
		else
			kcc_json_write_num(out, mean);
		put_s(out, &first, "busy_s", busy, 1);
	}
}

/* Figure names are short; a group has fewer than this many figures. */
#define MAX_FIGURES 80

/*
 * The members of the JSON object text in buf[0..n): names and values,
 * at most MAX_FIGURES.  Returns how many.
 */
static size_t
figure_members(const char *buf, size_t n, struct kcc_json_value *k,
	struct kcc_json_value *v)
{
	struct kcc_json_iter it;
	size_t i = 0;

	kcc_json_iter_text(&it, buf, n);
	while (i < MAX_FIGURES && kcc_json_iter_next(&it, &k[i], &v[i]) > 0)
		i++;
	return i;
}

void
kcc_stats_write_figures(const struct kcc_stats *st,
	const struct kcc_stats_group *g, uint64_t total, uint64_t within,
	struct kcc_out *out)
{
	const struct kcc_stats_params *p = &st->params;
	struct kcc_json_value k[MAX_FIGURES], v[MAX_FIGURES];
	struct kcc_out all;
	const char *t;
	size_t i, j, n, tn;

	if (p->figures == NULL) {
		write_all(p, &g->acc, total, within, out);
		return;
	}
	/* Once per group, not per record: write all, keep those asked for. */
	kcc_out_init_mem(&all);
	kcc_out_putc(&all, '{');
	write_all(p, &g->acc, total, within, &all);
	kcc_out_putc(&all, '}');
	n = figure_members(all.buf, all.len, k, v);
	kcc_out_puts(out, "\"contacts\":");
	kcc_out_printf(out, "%llu", (unsigned long long)g->acc.contacts);
	for (i = 0; i < p->nfigures; i++)
		for (j = 0; j < n; j++)
			if (k[j].n == strlen(p->figures[i]) &&
				memcmp(k[j].p, p->figures[i], k[j].n) == 0) {
				kcc_out_putc(out, ',');
				kcc_out_write(out, k[j].p - 1, k[j].n + 2u);
				kcc_out_putc(out, ':');
				kcc_json_value_text(&v[j], &t, &tn);
				kcc_out_write(out, t, tn);
				break;
			}
	kcc_out_close(&all);
}

/* The names of the figures of families m under p, contacts left out. */
static size_t
family_figures(const struct kcc_stats_params *p, unsigned m, char **names,
	size_t max)
{
	struct kcc_stats_params q = *p;
	struct kcc_stats_acc a;
	struct kcc_json_value k[MAX_FIGURES], v[MAX_FIGURES];
	struct kcc_out all;
	size_t i, n, got = 0;

	q.metrics = m;
	q.citizens = 1;
	q.figures = NULL;
	q.within = 1;
	memset(&a, 0, sizeof a);
	acc_init(&a);
	kcc_out_init_mem(&all);
	kcc_out_putc(&all, '{');
	write_all(&q, &a, 0, 0, &all);
	kcc_out_putc(&all, '}');
	n = figure_members(all.buf, all.len, k, v);
	for (i = 0; i < n && got < max; i++)
		if (!(k[i].n == 8 && memcmp(k[i].p, "contacts", 8) == 0))
			names[got++] = kcc_xstrndup(k[i].p, k[i].n);
	kcc_out_close(&all);
	acc_release(&a);
	return got;
}

/* Add name to the list unless it is there; the list takes it. */
static void
add_figure(char **list, size_t *n, char *name)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp(list[i], name) == 0) {
			free(name);
			return;
		}
	list[(*n)++] = name;
}

int
kcc_stats_metrics_select(struct kcc_stats_params *p, const char *list,
	const char **bad)
{
	static char word[64];
	char *fam[7][MAX_FIGURES], *stem[3], **sel;
	size_t nfam[7], nsel = 0, n, i, j;
	unsigned m = 0, bit;
	const char *s = list, *e;
	int f, named = 0, found, status = 0;

	for (f = 0; f < 7; f++)
		nfam[f] = family_figures(p, 1u << f, fam[f], MAX_FIGURES);
	stem[0] = kcc_xstrndup("sl", 2);
	stem[1] = kcc_xstrndup("abandon_rate", 12);
	stem[2] = kcc_xstrndup("abandoned_short", 15);
	sel = kcc_xcalloc(7 * MAX_FIGURES, sizeof *sel);
	for (; status == 0 && *s != '\0'; s += n + (s[n] == ',')) {
		e = strchr(s, ',');
		n = e ? (size_t)(e - s) : strlen(s);
		snprintf(word, sizeof word, "%.*s", (int)(n < 60 ? n : 60), s);
		if (kcc_stats_metrics_parse(word, &bit, bad) == 0 && n < 60) {
			/* a family, or all: its figures in their order */
			m |= bit;
			for (f = 0; f < 7; f++)
				if (bit & (1u << f))
					for (j = 0; j < nfam[f]; j++)
						add_figure(sel, &nsel,
							kcc_xstrndup(fam[f][j],
								strlen(fam[f]
									  [j])));
			continue;
		}
		found = n == 8 && memcmp(s, "contacts", 8) == 0;
		for (i = 0; !found && i < 3; i++)
			if (strlen(stem[i]) == n &&
				memcmp(stem[i], s, n) == 0) {
				/* the stem of a figure named by its options */
				for (f = 0; !found && f < 7; f++)
					for (j = 0; !found && j < nfam[f]; j++)
						if (strncmp(fam[f][j], s, n) ==
								0 &&
							fam[f][j][n] == '_') {
							m |= 1u << f;
							add_figure(sel, &nsel,
								kcc_xstrndup(
									fam[f]
									   [j],
									strlen(fam[f]
										  [j])));
							found = 1;
						}
			}
		for (f = 0; !found && f < 7; f++)
			for (j = 0; !found && j < nfam[f]; j++)
				if (strlen(fam[f][j]) == n &&
					memcmp(fam[f][j], s, n) == 0) {
					m |= 1u << f;
					add_figure(sel, &nsel,
						kcc_xstrndup(s, n));
					found = 1;
				}
		if (!found) {
			*bad = word;
			status = -1;
		}
		named = 1;
	}
	if (status == 0 && m == 0 && !named) {
		*bad = "";
		status = -1;
	}
	for (f = 0; f < 7; f++)
		for (j = 0; j < nfam[f]; j++)
			free(fam[f][j]);
	for (i = 0; i < 3; i++)
		free(stem[i]);
	if (status != 0 || !named) {
		for (i = 0; i < nsel; i++)
			free(sel[i]);
		free(sel);
		if (status == 0) {
			kcc_stats_figures_free(p);
			p->metrics = m;
		}
		return status;
	}
	kcc_stats_figures_free(p);
	p->metrics = m;
	p->figures = sel;
	p->nfigures = nsel;
	return 0;
}

void
kcc_stats_figures_free(struct kcc_stats_params *p)
{
	size_t i;

	for (i = 0; p->figures != NULL && i < p->nfigures; i++)
		free(p->figures[i]);
	free(p->figures);
	p->figures = NULL;
	p->nfigures = 0;
}

int
kcc_stats_figure_written(const struct kcc_stats_params *p, const char *name)
{
	char *names[MAX_FIGURES];
	size_t i, n;
	int found = strcmp(name, "contacts") == 0 ||
		    strcmp(name, "suppressed") == 0;

	n = family_figures(p, p->metrics, names, MAX_FIGURES);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], name) == 0 &&
			kcc_stats_figure_wanted(p, name))
			found = 1;
		free(names[i]);
	}
	return found;
}

int
kcc_stats_figure_wanted(const struct kcc_stats_params *p, const char *name)
{
	size_t i;

	if (p->figures == NULL)
		return 1;
	for (i = 0; i < p->nfigures; i++)
		if (strcmp(p->figures[i], name) == 0)
			return 1;
	return 0;
}

void
kcc_stats_write_suppressed(const struct kcc_stats *st, struct kcc_out *out)
{
	struct kcc_stats_group g;
	struct kcc_json_iter it;
	struct kcc_json_value k, v;
	struct kcc_out tmp;
	int first = 1;

	/* The members of a real group's figures, every value null. */
	memset(&g, 0, sizeof g);
	acc_init(&g.acc);
	kcc_out_init_mem(&tmp);
	kcc_out_putc(&tmp, '{');
	kcc_stats_write_figures(st, &g, 0, 0, &tmp);
	kcc_out_putc(&tmp, '}');
	kcc_json_iter_text(&it, tmp.buf, tmp.len);
	while (kcc_json_iter_next(&it, &k, &v) > 0) {
		if (!first)
			kcc_out_putc(out, ',');
		first = 0;
		kcc_out_write(out, k.p - 1, k.n + 2u);
		kcc_out_puts(out, ":null");
	}
	kcc_out_close(&tmp);
	acc_release(&g.acc);
}

void
kcc_stats_write_key(struct kcc_out *out, const struct kcc_stats_group *g,
	char *const *names, int nnames)
{
	struct kcc_json_iter it;
	struct kcc_json_value v, k;
	const char *p;
	size_t n;
	int i = 0;

	kcc_json_iter_text(&it, g->key, g->key_len);
	while (i < nnames && kcc_json_iter_next(&it, &k, &v) > 0) {
		if (i > 0)
			kcc_out_putc(out, ',');
		kcc_json_write_str(out, names[i], strlen(names[i]));
		kcc_out_putc(out, ':');
		kcc_json_value_text(&v, &p, &n);
		kcc_out_write(out, p, n);
		i++;
	}
}

/*
 * Secondary suppression.  A published table comes with totals: the grand
 * total (from any group's contacts and share) and, for a table of several
 * keys, the totals over any of its keys (a week's total from a run --by
 * week beside the week by channel table).  A total over cells of which
 * exactly one is suppressed gives that cell away as the total less the
 * rest, so the smallest of the rest is suppressed too (the first in key
 * order on a tie); a suppression made so can leave another total with one,
 * so the rounds go on until no total has exactly one.
 *
 * A total is the groups that agree on the keys outside a set of keys,
 * one set for each nonempty subset of the keys ("mask"; the full set is the
 * grand total).  Up to MAX_MASK_KEYS keys every subset is done; beyond,
 * the totals over one key and the grand total.
 */
#define MAX_MASK_KEYS 6
#define MAX_KEY_PARTS KCC_STATS_MAX_KEYS

struct sup_cell {
	char *id; /* the key values outside the mask, NUL-separated */
	size_t n;
	size_t i; /* the group's index, its place in key order */
};

static int
cmp_sup_cell(const void *a, const void *b)
{
	const struct sup_cell *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->id, y->id, n);

	if (c != 0)
		return c;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The key values of g: their texts' spans, at most max of them. */
static int
key_parts(const struct kcc_stats_group *g, const char **p, size_t *n, int max)
{
	struct kcc_json_iter it;
	struct kcc_json_value k, v;
	int i = 0;

	kcc_json_iter_text(&it, g->key, g->key_len);
	while (i < max && kcc_json_iter_next(&it, &k, &v) > 0) {
		kcc_json_value_text(&v, &p[i], &n[i]);
		i++;
	}
	return i;
}

/*
 * The groups of st in the order of the totals of mask: order[] the group
 * indices, start[] where each total's run begins (nruns of them, then
 * st->n).
 */
static size_t
key_runs(const struct kcc_stats *st, unsigned mask, size_t *order,
	size_t *start)
{
	struct sup_cell *c = kcc_xcalloc(st->n + 1, sizeof *c);
	const char *p[MAX_KEY_PARTS];
	size_t n[MAX_KEY_PARTS], i, len, nruns = 0;
	int j, parts;

	for (i = 0; i < st->n; i++) {
		parts = key_parts(st->groups[i], p, n, MAX_KEY_PARTS);
		len = 0;
		for (j = 0; j < parts; j++)
			if (!(mask >> j & 1u))
				len += n[j] + 1;
		c[i].id = kcc_xmalloc(len + 1);
		for (j = 0; j < parts; j++)
			if (!(mask >> j & 1u)) {
				memcpy(c[i].id + c[i].n, p[j], n[j]);
				c[i].n += n[j];
				c[i].id[c[i].n++] = '\0';
			}
		c[i].i = i;
	}
	qsort(c, st->n, sizeof *c, cmp_sup_cell);
	for (i = 0; i < st->n; i++) {
		if (i == 0 || c[i].n != c[i - 1].n ||
			memcmp(c[i].id, c[i - 1].id, c[i].n) != 0)
			start[nruns++] = i;
		order[i] = c[i].i;
	}
	start[nruns] = st->n;
	for (i = 0; i < st->n; i++)
		free(c[i].id);
	free(c);
	return nruns;
}

/* One round over the totals of one mask; 1 when it suppressed a group. */
static int
sup_round(const struct kcc_stats *st, const size_t *order, const size_t *start,
	size_t nruns, unsigned char *sup)
{
	size_t r, i, nsup, small;
	int changed = 0;

	for (r = 0; r < nruns; r++) {
		if (start[r + 1] - start[r] < 2)
			continue;
		nsup = 0;
		small = (size_t)-1;
		for (i = start[r]; i < start[r + 1]; i++) {
			size_t g = order[i];
			if (sup[g])
				nsup++;
			else if (small == (size_t)-1 ||
				 st->groups[g]->acc.contacts <
					 st->groups[small]->acc.contacts ||
				 (st->groups[g]->acc.contacts ==
						 st->groups[small]
							 ->acc.contacts &&
					 g < small))
				small = g;
		}
		if (nsup == 1) {
			sup[small] = KCC_SUPPRESSED_SECONDARY;
			changed = 1;
		}
	}
	return changed;
}

void
kcc_stats_suppress(const struct kcc_stats *st, long k, unsigned char *sup)
{
	const char *p[MAX_KEY_PARTS];
	size_t n[MAX_KEY_PARTS], i, nsup = 0, nmasks = 0, m;
	unsigned masks[(1u << MAX_MASK_KEYS) + MAX_KEY_PARTS];
	size_t **order, **start, *nruns;
	int nkeys, j, changed;

	for (i = 0; i < st->n; i++) {
		sup[i] = k > 0 && kcc_strset_count(
					  &st->groups[i]->acc.citizens) <
						 (size_t)k
				 ? KCC_SUPPRESSED_PRIMARY
				 : 0;
		nsup += sup[i] != 0;
	}
	if (nsup == 0 || st->n < 2)
		return;
	nkeys = key_parts(st->groups[0], p, n, MAX_KEY_PARTS);
	if (nkeys <= MAX_MASK_KEYS) {
		for (m = 1; m < (1u << nkeys); m++)
			masks[nmasks++] = (unsigned)m;
	} else {
		for (j = 0; j < nkeys; j++)
			masks[nmasks++] = 1u << j;
		masks[nmasks++] = ~0u; /* the grand total */
	}
	order = kcc_xcalloc(nmasks, sizeof *order);
	start = kcc_xcalloc(nmasks, sizeof *start);
	nruns = kcc_xcalloc(nmasks, sizeof *nruns);
	for (m = 0; m < nmasks; m++) {
		order[m] = kcc_xcalloc(st->n, sizeof **order);
		start[m] = kcc_xcalloc(st->n + 1, sizeof **start);
		nruns[m] = key_runs(st, masks[m], order[m], start[m]);
	}
	do {
		changed = 0;
		for (m = 0; m < nmasks; m++)
			changed |= sup_round(st, order[m], start[m], nruns[m],
				sup);
	} while (changed);
	for (m = 0; m < nmasks; m++) {
		free(order[m]);
		free(start[m]);
	}
	free(order);
	free(start);
	free(nruns);
}

void
kcc_stats_put_suppressed(struct kcc_out *out, int how)
{
	kcc_out_puts(out, how == KCC_SUPPRESSED_PRIMARY
				  ? ",\"suppressed\":\"primary\""
			  : how == KCC_SUPPRESSED_SECONDARY
				  ? ",\"suppressed\":\"secondary\""
				  : ",\"suppressed\":false");
}

void
kcc_stats_write_groups(const struct kcc_stats *st, char *const *names,
	int nnames, long min_count, struct kcc_out *out)
{
	unsigned char *sup = kcc_xcalloc(st->n + 1, 1);
	uint64_t total = 0, *within = NULL;
	size_t i, r;

	for (i = 0; i < st->n; i++)
		total += st->groups[i]->acc.contacts;
	if (st->params.within) {
		/* The groups agreeing on every key but the last. */
		size_t *order = kcc_xcalloc(st->n + 1, sizeof *order);
		size_t *start = kcc_xcalloc(st->n + 1, sizeof *start);
		size_t nruns = key_runs(st,
			nnames > 0 ? 1u << ((nnames - 1) & 31) : ~0u, order,
			start);
		within = kcc_xcalloc(st->n + 1, sizeof *within);
		for (r = 0; r < nruns; r++) {
			uint64_t sum = 0;
			for (i = start[r]; i < start[r + 1]; i++)
				sum += st->groups[order[i]]->acc.contacts;
			for (i = start[r]; i < start[r + 1]; i++)
				within[order[i]] = sum;
		}
		free(order);
		free(start);
	}
	kcc_stats_suppress(st, min_count, sup);
	for (i = 0; i < st->n; i++) {
		const struct kcc_stats_group *g = st->groups[i];
		kcc_out_putc(out, '{');
		kcc_stats_write_key(out, g, names, nnames);
		if (nnames > 0)
			kcc_out_putc(out, ',');
		if (sup[i])
			kcc_stats_write_suppressed(st, out);
		else
			kcc_stats_write_figures(st, g, total,
				within ? within[i] : total, out);
		if (min_count > 0)
			kcc_stats_put_suppressed(out, sup[i]);
		kcc_out_puts(out, "}\n");
	}
	free(within);
	free(sup);
}

/* Partial files */

static void
write_counts(struct kcc_out *out, const uint64_t *c, int n)
{
	int i;

	kcc_out_putc(out, '[');
	for (i = 0; i < n; i++)
		kcc_out_printf(out, "%s%llu", i ? "," : "",
			(unsigned long long)c[i]);
	kcc_out_putc(out, ']');
}

/* Every partial line's start: the marker and the parameters. */
static void
partial_head(const struct kcc_stats *st, struct kcc_out *out)
{
	char params[KCC_STATS_PARAMS_MAX];

	kcc_stats_params_text(&st->params, params, sizeof params);
	kcc_out_puts(out, "{\"kcc_stats_partial\":1,\"params\":");
	kcc_json_write_str(out, params, strlen(params));
}

/* The integer members of an accumulator, in one table for both ways. */

void
kcc_stats_write_partial(const struct kcc_stats *st,
	const struct kcc_stats_group *g, struct kcc_out *out)
{
	const struct kcc_stats_acc *a = &g->acc;

	partial_head(st, out);
	kcc_out_puts(out, ",\"key\":");
	kcc_out_write(out, g->key, g->key_len);
	kcc_out_puts(out, ",\"acc\":{");
#define X(m) kcc_out_printf(out, "\"" #m "\":%lld,", (long long)a->m);
	ACC_INTS(X)
#undef X
	kcc_out_puts(out, "\"csat\":");
	write_counts(out, a->csat, 6);
	kcc_out_puts(out, ",\"nps\":");
	write_counts(out, a->nps, 11);
	kcc_out_puts(out, ",\"ces\":");
	write_counts(out, a->ces, 8);
	kcc_out_puts(out, ",\"citizens\":");
	kcc_strset_write(&a->citizens, out);
	kcc_out_puts(out, ",\"wait\":");
	kcc_hist_write(&a->wait, out);
	kcc_out_puts(out, ",\"handle\":");
	kcc_hist_write(&a->handle, out);
	kcc_out_puts(out, ",\"hours\":");
	kcc_hist_write(&a->hours, out);
	kcc_out_puts(out, ",\"sweep\":");
	kcc_sweep_write(&a->sweep, out);
	kcc_out_puts(out, "}}\n");
}

/* A count or a sum of milliseconds as a partial file may hold it. */
static int
whole(double d)
{
	return d >= 0 && d <= 9007199254740992.0 && d == floor(d);
}

static int
read_counts(const struct kcc_json_value *v, uint64_t *c, int n)
{
	struct kcc_json_iter it;
	struct kcc_json_value k, e;
	double d;
	int i = 0;

	if (v->type != KCC_JSON_ARRAY)
		return -1;
	kcc_json_iter_init(&it, v);
	while (kcc_json_iter_next(&it, &k, &e) > 0) {
		if (i == n || e.type != KCC_JSON_NUMBER ||
			kcc_json_num(e.p, e.n, &d) != 0 || !whole(d))
			return -1;
		c[i++] += (uint64_t)d;
	}
	return i == n ? 0 : -1;
}

static int
fail(char *why, size_t whylen, const char *msg)
{
	snprintf(why, whylen, "%s", msg);
	return -1;
}

void
kcc_stats_write_partial_days(const struct kcc_stats *st, struct kcc_out *out)
{
	int i, any = 0;

	for (i = 1; i <= 7; i++)
		any |= kcc_strset_count(&st->days[i]) > 0;
	if (!any)
		return;
	partial_head(st, out);
	kcc_out_puts(out, ",\"days\":[");
	for (i = 1; i <= 7; i++) {
		if (i > 1)
			kcc_out_putc(out, ',');
		kcc_strset_write(&st->days[i], out);
	}
	kcc_out_puts(out, "]}\n");
}

void
kcc_stats_write_partial_records(const struct kcc_stats *st, uint64_t read,
	uint64_t rejected, struct kcc_out *out)
{
	partial_head(st, out);
	kcc_out_printf(out, ",\"records\":{\"read\":%llu,\"rejected\":%llu}}\n",
		(unsigned long long)read, (unsigned long long)rejected);
}

/* The counts of a records line into st; -1 when they are not two whole
   numbers, rejected at most read. */
static int
read_records(struct kcc_stats *st, const struct kcc_json_value *rec)
{
	struct kcc_json_iter it;
	struct kcc_json_value k, v;
	double read = -1, rejected = -1, d;

	kcc_json_iter_init(&it, rec);
	while (kcc_json_iter_next(&it, &k, &v) > 0) {
		if (v.type != KCC_JSON_NUMBER ||
			kcc_json_num(v.p, v.n, &d) != 0 || !whole(d))
			return -1;
		if (k.n == 4 && memcmp(k.p, "read", 4) == 0 && read < 0)
			read = d;
		else if (k.n == 8 && memcmp(k.p, "rejected", 8) == 0 &&
			 rejected < 0)
			rejected = d;
		else
			return -1;
	}
	if (read < 0 || rejected < 0 || rejected > read)
		return -1;
	st->records_read += (uint64_t)read;
	st->records_rejected += (uint64_t)rejected;
	return 0;
}

/*
 * The seven sets of a days line into st->days, each string a date
 * (YYYY-MM-DD) on its weekday; -1 with st unchanged when not.
 */
static int
read_days(struct kcc_stats *st, const struct kcc_json_value *days)
{
	struct kcc_strset set[8];
	struct kcc_json_iter it;
	struct kcc_json_value k, v;
	int i, wd = 0, r = -1;
	size_t j, n;

	for (i = 0; i < 8; i++)
		kcc_strset_init(&set[i]);
	kcc_json_iter_init(&it, days);
	while (kcc_json_iter_next(&it, &k, &v) > 0) {
		if (++wd > 7 || v.type != KCC_JSON_ARRAY ||
			kcc_strset_read(&set[wd], v.p, v.n) != 0)
			goto out;
		for (j = 0; j < kcc_strset_count(&set[wd]); j++) {
			const char *d = kcc_strset_at(&set[wd], j, &n);
			int y, m, dd;
			int64_t dn, yy;
			unsigned mm, ddd;
			if (n != 10 ||
				sscanf(d, "%4d-%2d-%2d", &y, &m, &dd) != 3 ||
				d[4] != '-' || d[7] != '-' || m < 1 || m > 12 ||
				dd < 1 || dd > 31)
				goto out;
			/* A real date (back from its day number) on its day. */
			dn = kcc_days_from_civil(y, (unsigned)m, (unsigned)dd);
			kcc_civil_from_days(dn, &yy, &mm, &ddd);
			if (yy != y || (int)mm != m || (int)ddd != dd ||
				kcc_iso_weekday(dn) != wd)
				goto out;
		}
	}
	if (wd != 7)
		goto out;
	for (i = 1; i <= 7; i++)
		kcc_strset_merge(&st->days[i], &set[i]);
	r = 0;
out:
	for (i = 0; i < 8; i++)
		kcc_strset_release(&set[i]);
	return r;
}

/* The least value of a histogram, 0 when empty. */
static int64_t
hist_min(const struct kcc_hist *h)
{
	int64_t v = 0;

	if (kcc_hist_count(h) > 0)
		kcc_hist_percentile(h, 0.000001, &v);
	return v;
}

/*
 * What a partial line's accumulator breaks of what every accumulator
 * kcc_stats_add() builds holds, or NULL.
 */
static const char *
acc_broken(const struct kcc_stats_params *p, const struct kcc_stats_acc *a)
{
	uint64_t sat = 0;
	int i;

	if (a->contacts == 0)
		return "no contacts";
	if (kcc_strset_count(&a->citizens) + a->no_citizen > a->contacts)
		return "more citizens than contacts";
	if (p->metrics & KCC_M_QUEUE &&
		(a->answered + a->abandoned + a->unanswered + a->no_outcome !=
				a->contacts ||
			a->ans_waited > a->answered ||
			a->abd_waited > a->abandoned ||
			a->answered + a->abandoned - a->ans_waited -
					a->abd_waited !=
				a->no_wait ||
			a->ans_within > a->ans_waited ||
			a->abd_within > a->abd_waited ||
			a->abd_short > a->abd_waited ||
			kcc_hist_count(&a->wait) != a->ans_waited ||
			hist_min(&a->wait) < 0 || a->ans_wait_ms < 0 ||
			a->abd_wait_ms < 0))
		return "queue counts that do not add up";
	if (a->handled + a->no_handle > a->contacts || a->handle_ms < 0 ||
		(p->metrics & KCC_M_HANDLING &&
			kcc_hist_count(&a->handle) != a->handled) ||
		hist_min(&a->handle) < 0)
		return "handling counts that do not add up";
	if (a->first_line > a->with_resolution ||
		a->callback > a->with_resolution ||
		a->escalated > a->with_resolution ||
		a->with_resolution > a->contacts)
		return "resolution counts that do not add up";
	if (a->fcr > a->with_history || a->repeat > a->with_history ||
		a->with_history + a->bad_history > a->contacts)
		return "history counts that do not add up";
	for (i = 0; i < 6; i++)
		sat += a->csat[i];
	if (a->csat[0] != 0 || a->ces[0] != 0 || sat > a->contacts)
		return "satisfaction counts that do not add up";
	if (a->frt_n > a->contacts || a->frt_ms < 0 || hist_min(&a->hours) < 0)
		return "agent counts that do not add up";
	return NULL;
}

int
kcc_stats_key_holds(const char *key, size_t n, const char *s, size_t sn)
{
	const char *q, *end = key + n;

	if (sn == 0)
		return 0;
	while ((size_t)(end - key) >= sn &&
		(q = memchr(key, s[0], (size_t)(end - key) - sn + 1)) != NULL) {
		if (memcmp(q, s, sn) == 0)
			return 1;
		key = q + 1;
	}
	return 0;
}

/* Whether key[0..n) holds one of the citizens' pseudonyms. */
static int
key_holds_citizen(const char *key, size_t n, const struct kcc_strset *cit)
{
	size_t i, len;
	const char *c;

	for (i = 0; i < kcc_strset_count(cit); i++) {
		c = kcc_strset_at(cit, i, &len);
		if (kcc_stats_key_holds(key, n, c, len))
			return 1;
	}
	return 0;
}

int
kcc_stats_read_partial(struct kcc_stats *st, const char *line, size_t n,
	char *why, size_t whylen)
{
	struct kcc_json_scan scan;
	struct kcc_json_error err;
	struct kcc_json_value key = {0}, acc = {0}, par = {0}, days = {0},
			      recs = {0}, v;
	struct kcc_json_iter it;
	struct kcc_json_value k;
	struct kcc_stats_acc a;
	char params[KCC_STATS_PARAMS_MAX], buf[64];
	const char *broken;
	struct kcc_out kt;
	static const char *const others_names[] = {"csat", "nps", "ces",
		"citizens", "wait", "handle", "hours", "sweep"};
	unsigned long long ints = 0;
	int nk, o, failed, others = 0;
	char *got = NULL;
	size_t got_n;
	size_t i;
	int r = -1, seen = 0;

	kcc_json_scan_init(&scan);
	if (kcc_json_scan_object(&scan, line, n, &err) != 0) {
		snprintf(why, whylen, "not a partial line: %s", err.msg);
		kcc_json_scan_release(&scan);
		return -1;
	}
	for (i = 0; i < scan.n; i++) {
		const struct kcc_json_member *m = &scan.members[i];
		if (m->key.n == 17 &&
			memcmp(m->key.p, "kcc_stats_partial", 17) == 0)
			seen = m->value.type == KCC_JSON_NUMBER &&
			       m->value.n == 1 && m->value.p[0] == '1';
		else if (m->key.n == 6 && memcmp(m->key.p, "params", 6) == 0)
			par = m->value;
		else if (m->key.n == 3 && memcmp(m->key.p, "key", 3) == 0)
			key = m->value;
		else if (m->key.n == 3 && memcmp(m->key.p, "acc", 3) == 0)
			acc = m->value;
		else if (m->key.n == 4 && memcmp(m->key.p, "days", 4) == 0)
			days = m->value;
		else if (m->key.n == 7 && memcmp(m->key.p, "records", 7) == 0)
			recs = m->value;
	}
	kcc_json_scan_release(&scan);
	if (seen && key.p == NULL && acc.p == NULL &&
		par.type == KCC_JSON_STRING &&
		((days.type == KCC_JSON_ARRAY && recs.p == NULL) ||
			(recs.type == KCC_JSON_OBJECT && days.p == NULL)))
		goto params;
	if (!seen || key.type != KCC_JSON_ARRAY ||
		acc.type != KCC_JSON_OBJECT || par.type != KCC_JSON_STRING)
		return fail(why, whylen,
			"not a kcc-stats partial line (written by "
			"kcc-stats --partial)");
params:
	kcc_stats_params_text(&st->params, params, sizeof params);
	got = kcc_xmalloc((size_t)par.n + 1);
	got_n = kcc_json_str_decode(par.p, par.n, got);
	if (got_n != strlen(params) || memcmp(got, params, got_n) != 0) {
		snprintf(why, whylen,
			"written with other options ('%.*s', not '%s')",
			(int)(got_n < 150 ? got_n : 150), got, params);
		free(got);
		return -1;
	}
	free(got);
	if (recs.p != NULL)
		return read_records(st, &recs) == 0
			       ? 0
			       : fail(why, whylen,
					 "a partial records line with bad "
					 "counts");
	if (days.p != NULL)
		return read_days(st, &days) == 0
			       ? 0
			       : fail(why, whylen,
					 "a partial days line with a bad date");
	/* The key: one value per key name, written as kcc writes it. */
	nk = 0;
	kcc_out_init_mem(&kt);
	kcc_out_putc(&kt, '[');
	kcc_json_iter_init(&it, &key);
	while (kcc_json_iter_next(&it, &k, &v) > 0) {
		const char *vp;
		size_t vn;
		kcc_json_value_text(&v, &vp, &vn);
		if (nk++ > 0)
			kcc_out_putc(&kt, ',');
		kcc_out_write(&kt, vp, vn);
	}
	kcc_out_putc(&kt, ']');
	if (st->params.nkeys >= 0 && nk != st->params.nkeys) {
		snprintf(why, whylen,
			"a partial line whose key has %d value%s, not %d", nk,
			nk == 1 ? "" : "s", st->params.nkeys);
		kcc_out_close(&kt);
		return -1;
	}
	acc_init(&a);
	kcc_json_iter_init(&it, &acc);
	while (kcc_json_iter_next(&it, &k, &v) > 0) {
		double d;
		if (k.n >= sizeof buf)
			goto bad;
		memcpy(buf, k.p, k.n);
		buf[k.n] = '\0';
#define X(m)                                                                   \
	if (strcmp(buf, #m) == 0) {                                            \
		if (v.type != KCC_JSON_NUMBER ||                               \
			kcc_json_num(v.p, v.n, &d) != 0 || !whole(d) ||        \
			(ints & (1ull << ACC_I_##m)))                          \
			goto bad;                                              \
		a.m = (__typeof__(a.m))d;                                      \
		ints |= 1ull << ACC_I_##m;                                     \
		continue;                                                      \
	}
		ACC_INTS(X)
#undef X
		/* The other members, each once. */
		for (o = 0; o < 8 && strcmp(buf, others_names[o]) != 0; o++)
			;
		if (o == 8 || (others & (1 << o)))
			goto bad;
		others |= 1 << o;
		switch (o) {
		case 0:
			failed = read_counts(&v, a.csat, 6);
			break;
		case 1:
			failed = read_counts(&v, a.nps, 11);
			break;
		case 2:
			failed = read_counts(&v, a.ces, 8);
			break;
		case 3:
			failed = kcc_strset_read(&a.citizens, v.p, v.n);
			break;
		case 4:
			failed = kcc_hist_read(&a.wait, v.p, v.n);
			break;
		case 5:
			failed = kcc_hist_read(&a.handle, v.p, v.n);
			break;
		case 6:
			failed = kcc_hist_read(&a.hours, v.p, v.n);
			break;
		default:
			failed = kcc_sweep_read(&a.sweep, v.p, v.n);
			break;
		}
		if (failed != 0)
			goto bad;
	}
	if (ints != (1ull << ACC_I_COUNT) - 1 || others != 0xff) {
		fail(why, whylen,
			"a partial line whose accumulator lacks members");
		goto out;
	}
	if ((broken = acc_broken(&st->params, &a)) != NULL) {
		snprintf(why, whylen, "a partial line with %s", broken);
		goto out;
	}
	if (key_holds_citizen(kt.buf, kt.len, &a.citizens)) {
		fail(why, whylen,
			"a partial line whose key holds a citizen's pseudonym");
		goto out;
	}
	acc_merge(&kcc_stats_group(st, kt.buf, kt.len)->acc, &a);
	r = 0;
bad:
	if (r != 0)
		fail(why, whylen, "a partial line with a bad accumulator");
out:
	acc_release(&a);
	kcc_out_close(&kt);
	return r;
}
