/*
 * Unit tests for lib/hotspot.c: rises against the mean of the periods
 * before, with scores computed by hand: (x - m) / sqrt(max(m, 1)).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/hotspot.h"
#include "kcc/json.h"
#include "kcc/out.h"
#include "kcc/record.h"
#include "kcc/stats.h"
#include "tap.h"

static struct kcc_record rec;

/* n contacts of area `area` in week `week`, of citizens c0, c1, ... */
static void
add(struct kcc_stats *st, const char *area, const char *week, int n,
	int citizens)
{
	struct kcc_json_error err;
	char line[512], key[64];
	int len, i;

	snprintf(key, sizeof key, "[\"%s\",\"%s\"]", area, week);
	for (i = 0; i < n; i++) {
		if (citizens > 0)
			len = snprintf(line, sizeof line,
				"{\"kcc\":1,\"id\":\"c\",\"src\":\"t\","
				"\"start\":\"2026-03-02T09:00:00Z\","
				"\"channel\":\"phone\",\"citizen\":"
				"\"%016x\"}",
				i % citizens);
		else
			len = snprintf(line, sizeof line,
				"{\"kcc\":1,\"id\":\"c\",\"src\":\"t\","
				"\"start\":\"2026-03-02T09:00:00Z\","
				"\"channel\":\"phone\"}");
		if (kcc_record_parse_fields(&rec, line, (size_t)len,
			    kcc_stats_fields(&st->params), &err) != 0) {
			ok(0, "record parses: %s", err.msg);
			return;
		}
		kcc_stats_add(st, kcc_stats_group(st, key, strlen(key)), &rec);
	}
}

static char *
hotspots(struct kcc_stats *st, const struct kcc_hotspots *hp)
{
	static char *names[] = {"area", "week"};
	struct kcc_out out;

	kcc_stats_sort(st);
	kcc_out_init_mem(&out);
	kcc_hotspots_write(st, hp, names, 2, &out);
	return kcc_out_take(&out);
}

static void
is_hotspots(struct kcc_stats *st, const struct kcc_hotspots *hp,
	const char *want, const char *desc)
{
	char *s = hotspots(st, hp);

	is_str(s, want, "%s", desc);
	free(s);
}

/* Close to want, relative to it, within 1e-12. */
static void
is_near(double got, double want, const char *desc)
{
	double d = got - want;

	if (d < 0)
		d = -d;
	ok(d <= 1e-12 * want, "%s: %.17g, want %.17g", desc, got, want);
}

static void
test_poisson_bh(void)
{
	/* Exact to 60 digits by Python's decimal: 1 - sum_{k<x} pmf. */
	static const struct {
		double x, lambda, p;
	} v[] = {
		{40, 10, 7.3416363145604719e-13},
		{25, 10, 4.6949381426799705e-05},
		{8, 1, 1.0249196674641694e-05},
		{5, 1, 0.0036598468273437122},
		{3, 2.5, 0.45618688411667047},
		{12, 10, 0.30322385369689331},
		{50, 60, 0.91559331890630813},
		{100, 50, 3.2000653245851252e-10},
		{1000, 900, 0.00054990226571178288},
		{1, 1, 0.63212055882855768},
	};
	double p[4] = {0.01, 0.04, 0.03, 0.005}, q[4];
	double p2[3] = {0.02, 0.021, 0.5}, q2[3];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		char desc[64];
		snprintf(desc, sizeof desc, "P(X >= %g), mean %g", v[i].x,
			v[i].lambda);
		is_near(kcc_hotspot_poisson_tail(v[i].x, v[i].lambda), v[i].p,
			desc);
	}
	ok(kcc_hotspot_poisson_tail(0, 3) == 1, "P(X >= 0) is 1");
	ok(kcc_hotspot_poisson_tail(2, 0) == 0, "mean 0: P(X >= 2) is 0");

	/* Sorted 0.005, 0.01, 0.03, 0.04: times 4/1, 4/2, 4/3, 4/4 are
	   0.02, 0.02, 0.04, 0.04, already rising. */
	kcc_hotspot_bh(p, 4, q);
	is_near(q[0], 0.02, "BH q of 0.01");
	is_near(q[1], 0.04, "BH q of 0.04");
	is_near(q[2], 0.04, "BH q of 0.03");
	is_near(q[3], 0.02, "BH q of 0.005");
	/* 0.02 * 3 = 0.06 is more than the next, 0.021 * 3/2 = 0.0315:
	   the least from there on. */
	kcc_hotspot_bh(p2, 3, q2);
	is_near(q2[0], 0.0315, "BH: the least of the later ones");
	is_near(q2[1], 0.0315, "BH q of 0.021");
	is_near(q2[2], 0.5, "BH q of the largest is its p");
}

int
main(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_hotspots hp = {1, 4, 3, 5, 0, 1, 0};
	struct kcc_stats st;

	test_poisson_bh();
	kcc_record_init(&rec);
	p.metrics = KCC_M_VOLUME;
	kcc_stats_init(&st, &p);
	/* A: 10, 12, 8, 10 then 25; B: 2, 0 (absent), 2, 0, then 8. */
	add(&st, "A", "2026-W10", 10, 0);
	add(&st, "A", "2026-W11", 12, 0);
	add(&st, "A", "2026-W12", 8, 0);
	add(&st, "A", "2026-W13", 10, 0);
	add(&st, "A", "2026-W14", 25, 0);
	add(&st, "B", "2026-W10", 2, 0);
	add(&st, "B", "2026-W12", 2, 0);
	add(&st, "B", "2026-W13", 0, 0);
	add(&st, "B", "2026-W14", 8, 0);
	/*
	 * A: m = 40/4 = 10, (25 - 10)/sqrt(10) = 4.743.  B: m = 1, a week
	 * with no contacts counts 0, (8 - 1)/sqrt(1) = 7.  The first 4
	 * weeks have no baseline of 4 and are not scored.
	 */
	is_hotspots(&st, &hp,
		"{\"area\":\"A\",\"week\":\"2026-W14\",\"contacts\":25,"
		"\"baseline_mean\":10,\"score\":4.743,\"p\":4.69e-05,"
		"\"baseline_periods\":4,"
		"\"threshold\":3,\"counted\":\"contacts\"}\n"
		"{\"area\":\"B\",\"week\":\"2026-W14\",\"contacts\":8,"
		"\"baseline_mean\":1,\"score\":7,\"p\":1.02e-05,\"baseline_"
		"periods\":4,"
		"\"threshold\":3,\"counted\":\"contacts\"}\n",
		"rises over the mean of 4 weeks, absent weeks as 0");
	hp.min_contacts = 10;
	is_hotspots(&st, &hp,
		"{\"area\":\"A\",\"week\":\"2026-W14\",\"contacts\":25,"
		"\"baseline_mean\":10,\"score\":4.743,\"p\":4.69e-05,"
		"\"baseline_periods\":4,"
		"\"threshold\":3,\"counted\":\"contacts\"}\n",
		"--hotspot-min 10: B's 8 left out");
	hp.min_contacts = 5;
	hp.threshold = 5;
	is_hotspots(&st, &hp,
		"{\"area\":\"B\",\"week\":\"2026-W14\",\"contacts\":8,"
		"\"baseline_mean\":1,\"score\":7,\"p\":1.02e-05,\"baseline_"
		"periods\":4,"
		"\"threshold\":5,\"counted\":\"contacts\"}\n",
		"threshold 5: A's 4.743 left out");
	/* By false discovery rate: 2 tests (A and B in W14), p 4.69e-05
	   and 1.02e-05; q of B 1.02e-05 * 2/1, of A 4.69e-05 * 2/2. */
	hp.threshold = 3;
	hp.fdr = 0.05;
	is_hotspots(&st, &hp,
		"{\"area\":\"A\",\"week\":\"2026-W14\",\"contacts\":25,"
		"\"baseline_mean\":10,\"score\":4.743,\"p\":4.69e-05,"
		"\"q\":4.69e-05,\"baseline_periods\":4,\"fdr\":0.05,"
		"\"counted\":\"contacts\"}\n"
		"{\"area\":\"B\",\"week\":\"2026-W14\",\"contacts\":8,"
		"\"baseline_mean\":1,\"score\":7,\"p\":1.02e-05,"
		"\"q\":2.05e-05,\"baseline_periods\":4,\"fdr\":0.05,"
		"\"counted\":\"contacts\"}\n",
		"--fdr 0.05: both, with q");
	hp.fdr = 3e-05;
	is_hotspots(&st, &hp,
		"{\"area\":\"B\",\"week\":\"2026-W14\",\"contacts\":8,"
		"\"baseline_mean\":1,\"score\":7,\"p\":1.02e-05,"
		"\"q\":2.05e-05,\"baseline_periods\":4,\"fdr\":3e-05,"
		"\"counted\":\"contacts\"}\n",
		"--fdr 3e-05: A's q 4.69e-05 is over it");
	hp.fdr = 0;
	hp.baseline = 2;
	/* W12: A m = 11, (8-11) < 0; W13: A m = 10, 0; W14: A m = 9,
	   16/3 = 5.333; B W14: m = (2 + 0)/2 = 1, 7. */
	is_hotspots(&st, &hp,
		"{\"area\":\"A\",\"week\":\"2026-W14\",\"contacts\":25,"
		"\"baseline_mean\":9,\"score\":5.333,\"p\":8.65e-06,\"baseline_"
		"periods\":2,"
		"\"threshold\":3,\"counted\":\"contacts\"}\n"
		"{\"area\":\"B\",\"week\":\"2026-W14\",\"contacts\":8,"
		"\"baseline_mean\":1,\"score\":7,\"p\":1.02e-05,\"baseline_"
		"periods\":2,"
		"\"threshold\":3,\"counted\":\"contacts\"}\n",
		"a baseline of 2 weeks");
	kcc_stats_release(&st);

	/* Citizens: 20 contacts from 4 people in W14 are 4, not 20. */
	p.citizens = 1;
	kcc_stats_init(&st, &p);
	hp.baseline = 4;
	hp.count_contacts = 0;
	add(&st, "C", "2026-W10", 2, 2);
	add(&st, "C", "2026-W11", 2, 2);
	add(&st, "C", "2026-W12", 2, 2);
	add(&st, "C", "2026-W13", 2, 2);
	add(&st, "C", "2026-W14", 20, 4);
	add(&st, "D", "2026-W10", 1, 1);
	add(&st, "D", "2026-W14", 6, 0); /* no citizens: 6 of one each */
	/* C: x = 4, m = 2, 2/sqrt(2) = 1.414: no.  D: x = 6, m = 0.25,
	   (6 - 0.25)/1 = 5.75. */
	is_hotspots(&st, &hp,
		"{\"area\":\"D\",\"week\":\"2026-W14\",\"contacts\":6,"
		"\"citizens\":6,\"baseline_mean\":0.25,\"score\":5.75,\"p\":0."
		"000594,"
		"\"baseline_periods\":4,\"threshold\":3,"
		"\"counted\":\"citizens\"}\n",
		"counting citizens: repeat contacts are no rise, contacts "
		"without a citizen count one each");
	hp.count_contacts = 1;
	hp.min_count = 2;
	/* C by contacts: (20 - 2)/sqrt(2) = 12.728, 4 citizens and 2 in
	   its baseline: shown; D: its week has no citizens: suppressed. */
	is_hotspots(&st, &hp,
		"{\"area\":\"C\",\"week\":\"2026-W14\",\"contacts\":20,"
		"\"baseline_mean\":2,\"score\":12.728,\"p\":6.44e-14,"
		"\"baseline_periods\":4,"
		"\"threshold\":3,\"counted\":\"contacts\","
		"\"suppressed\":false}\n"
		"{\"area\":\"D\",\"week\":\"2026-W14\",\"contacts\":null,"
		"\"baseline_mean\":null,\"score\":null,\"p\":null,\"baseline_"
		"periods\":4,"
		"\"threshold\":3,\"counted\":\"contacts\","
		"\"suppressed\":\"primary\"}\n",
		"--min-count 2: a flagged week of too few citizens has its "
		"figures null");
	hp.min_count = 3;
	{
		char *h = hotspots(&st, &hp);
		ok(strstr(h, "{\"area\":\"C\",\"week\":\"2026-W14\","
			     "\"contacts\":null") != NULL,
			"--min-count 3: C's baseline of 2 citizens together "
			"suppresses it too");
		free(h);
	}
	kcc_stats_release(&st);
	kcc_record_release(&rec);
	return tap_done();
}
