/*
 * Staffing per interval: arrivals and AHT from the grouped accumulators,
 * then agents by Erlang C or A (lib/erlang.c).
 */
#include <math.h>
#include <string.h>

#include "kcc/agg.h"
#include "kcc/erlang.h"
#include "kcc/json.h"
#include "kcc/staffing.h"

/*
 * The member "name":v (after a comma unless it is the first), null when v
 * is not finite or the row is suppressed.
 */
static void
put_num(struct kcc_out *out, int first, const char *name, double v, int hide)
{
	kcc_out_printf(out, "%s\"%s\":", first ? "" : ",", name);
	if (hide || !isfinite(v))
		kcc_out_puts(out, "null");
	else
		kcc_json_write_num(out, v);
}

/* The weekday of a weekly group, 1 to 7: its first key is "1-mon". */
static int
weekday_of(const struct kcc_stats_group *g)
{
	int wd = g->key_len > 2 ? g->key[2] - '0' : 0;

	return wd >= 1 && wd <= 7 ? wd : 0;
}

int
kcc_staffing_day_missing(const struct kcc_stats *st, const size_t *days)
{
	size_t i;
	int wd;

	for (i = 0; i < st->n; i++)
		if ((wd = weekday_of(st->groups[i])) > 0 && days[wd] == 0)
			return wd;
	return 0;
}

void
kcc_staffing_write(const struct kcc_stats *st, const struct kcc_staffing *sp,
	char *const *names, int nnames, struct kcc_out *out)
{
	const double t = sp->target_t, ivs = sp->interval_s;
	uint64_t handled = 0, abandoned = 0;
	int64_t handle_ms = 0, queued_ms = 0;
	double aht_all, patience;
	size_t i;
	int use_a;

	for (i = 0; i < st->n; i++) {
		const struct kcc_stats_acc *a = &st->groups[i]->acc;
		handled += a->handled;
		handle_ms += a->handle_ms;
		abandoned += a->abd_waited;
		queued_ms += a->ans_wait_ms + a->abd_wait_ms;
	}
	aht_all = handled ? (double)handle_ms / (double)handled / 1000 : 0;
	patience = kcc_patience_mle((double)queued_ms / 1000, (long)abandoned);
	/* Waits are whole milliseconds: no patience shorter than one. */
	if (isfinite(patience) && patience < 0.001)
		patience = 0.001;
	use_a = sp->erlang_a && isfinite(patience);
	for (i = 0; i < st->n; i++) {
		const struct kcc_stats_group *g = st->groups[i];
		const struct kcc_stats_acc *a = &g->acc;
		double days = 1, arrivals, aht, erl, sl = 0, asa = 0, occ = 0;
		double pab = 0;
		int n = 0, staff, hide;

		if (sp->days != NULL) {
			int wd = weekday_of(g);
			if (wd > 0 && sp->days[wd] > 0)
				days = (double)sp->days[wd];
		}
		hide = sp->min_count > 0 &&
		       kcc_strset_count(&a->citizens) < (size_t)sp->min_count;
		arrivals = (double)a->contacts / days;
		aht = a->handled
			      ? (double)a->handle_ms / (double)a->handled / 1000
			      : aht_all;
		aht /= sp->concurrency;
		erl = aht > 0 ? arrivals * aht / ivs : 0;
		if (erl > 0 && use_a) {
			struct kcc_erlang_a ea;
			n = kcc_erlang_a_agents(arrivals / ivs, aht, patience,
				t, sp->target_sl, sp->max_occupancy, 100000);
			if (n > 0 && kcc_erlang_a(n, arrivals / ivs, aht,
					     patience, t, &ea) == 0) {
				sl = ea.sl;
				asa = ea.asa;
				occ = ea.occupancy;
				pab = ea.p_abandon;
			}
		} else if (erl > 0) {
			n = kcc_erlang_c_agents(erl, aht, t, sp->target_sl,
				sp->max_occupancy, 100000);
			if (n > 0) {
				sl = kcc_erlang_c_sl(n, erl, aht, t);
				asa = kcc_erlang_c_asa(n, erl, aht);
				occ = erl / n;
			}
		}
		staff = n > 0 ? kcc_staff_with_shrinkage(n, sp->shrinkage) : n;
		kcc_out_putc(out, '{');
		kcc_stats_write_key(out, g, names, nnames);
		put_num(out, nnames == 0, "arrivals", arrivals, hide);
		/* No handle time anywhere: no AHT, so nothing to plan by. */
		put_num(out, 0, "aht_s", aht * sp->concurrency,
			hide || !handled);
		put_num(out, 0, "erlangs", erl, hide || !handled);
		if (handled)
			kcc_out_printf(out, ",\"agents\":%d,\"staff\":%d", n,
				staff);
		else
			kcc_out_puts(out, ",\"agents\":null,\"staff\":null");
		put_num(out, 0, "sl", sl, hide || !handled);
		put_num(out, 0, "asa_s", asa, hide || !handled);
		put_num(out, 0, "occupancy", occ, hide || !handled);
		if (sp->erlang_a) {
			put_num(out, 0, "abandon", pab, hide || !handled);
			put_num(out, 0, "patience_s", patience, 0);
		}
		kcc_out_printf(out, ",\"model\":\"%s\",\"target\":\"%g/%g\"",
			use_a ? "erlang_a" : "erlang_c", sp->target_sl * 100,
			t);
		if (sp->min_count > 0)
			kcc_stats_put_suppressed(out,
				hide ? KCC_SUPPRESSED_PRIMARY : 0);
		kcc_out_puts(out, "}\n");
	}
}
