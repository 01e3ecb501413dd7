/*
 * Unit tests for lib/erlang.c.  The Erlang B and C vectors are the public
 * ones in docs/domain.md section 4 (100 calls per 30 minutes, AHT 180 s,
 * so A = 10; T = 20 s), checked to the digits given there.  Erlang A is
 * checked against values computed independently at 30 digits (mpmath: the
 * chain summed over 2000 queue states, abandonment from theta E[queue] /
 * lambda, service level and ASA by quadrature of the offered-wait density
 * p_n c exp(-c v + lambda / theta (1 - exp(-theta v)))), and here against
 * a naive in-test version of that same route.
 */
#include <limits.h>
#include <math.h>

#include "kcc/erlang.h"
#include "tap.h"

/* Domain note: 100 calls per 30 minutes at AHT 180 s. */
#define A   10.0
#define AHT 180.0
#define LAM (A / AHT)

static void
test_erlang_b(void)
{
	is_num(kcc_erlang_b(10, 5), 0.018385, 5e-7, "B(10, 5) = 0.018385");
	is_num(kcc_erlang_b(10, 20), 0.537963, 5e-7, "B(10, 20) = 0.537963");
	is_num(kcc_erlang_b(0, 3), 1, 0, "B(0, a) = 1: no agents, all lost");
	is_num(kcc_erlang_b(5, 0), 0, 0, "B(n, 0) = 0");
	ok(isnan(kcc_erlang_b(-1, 3)), "B(-1, a) is NaN");
	ok(isnan(kcc_erlang_b(3, -1)), "B(n, -1) is NaN");
	ok(isnan(kcc_erlang_b(3, NAN)), "B(n, NaN) is NaN");

	/* The inverse form overflows here; the recursion must not. */
	is_num(kcc_erlang_b(10000, 9000), 2.0916197944e-26, 1e-34,
		"B(10000, 9000) is tiny but exact");
	is_num(kcc_erlang_b(10000, 500), 0, 0, "B(10000, 500) underflows to 0");
	is_num(kcc_erlang_b(10000, 10000), kcc_erlang_b(10000, 10000), 0,
		"B(10000, 10000) is a number");
	ok(kcc_erlang_b(10000, 10000) > 0 && kcc_erlang_b(10000, 10000) < 0.01,
		"B(10000, 10000) is in (0, 0.01)");
}

static void
test_erlang_c(void)
{
	is_num(kcc_erlang_c(11, A), 0.6821, 5e-5, "C(11, 10) = 0.6821");
	is_num(kcc_erlang_c_sl(11, A, AHT, 20), 0.3896, 5e-5,
		"SL(11) = 0.3896");
	is_num(kcc_erlang_c_asa(11, A, AHT), 122.78, 5e-3,
		"ASA(11) = 122.78 s");
	is_num(kcc_erlang_c_sl(12, A, AHT, 20), 0.6402, 5e-5,
		"SL(12) = 0.6402");
	is_num(kcc_erlang_c_asa(12, A, AHT), 40.44, 5e-3, "ASA(12) = 40.44 s");
	is_num(kcc_erlang_c(14, A), 0.1741, 5e-5, "C(14, 10) = 0.1741");
	is_num(kcc_erlang_c_sl(14, A, AHT, 20), 0.8884, 5e-5,
		"SL(14) = 0.8884");
	is_num(kcc_erlang_c_asa(14, A, AHT), 7.836, 5e-4, "ASA(14) = 7.836 s");

	/* n <= a: the queue grows without bound. */
	is_num(kcc_erlang_c(10, A), 1, 0, "C(n = a) = 1");
	is_num(kcc_erlang_c(5, A), 1, 0, "C(n < a) = 1");
	is_num(kcc_erlang_c_sl(10, A, AHT, 20), 0, 0, "SL(n = a) = 0");
	ok(isinf(kcc_erlang_c_asa(10, A, AHT)), "ASA(n = a) is infinite");
	ok(isinf(kcc_erlang_c_asa(3, A, AHT)), "ASA(n < a) is infinite");

	/* No traffic: no one waits. */
	is_num(kcc_erlang_c(3, 0), 0, 0, "C(n, 0) = 0");
	is_num(kcc_erlang_c_sl(3, 0, AHT, 20), 1, 0, "SL(n, 0) = 1");
	is_num(kcc_erlang_c_asa(3, 0, AHT), 0, 0, "ASA(n, 0) = 0");
	is_num(kcc_erlang_c(0, 0), 1, 0, "C(0, 0) = 1 (n <= a)");

	ok(isnan(kcc_erlang_c_sl(14, A, 0, 20)), "SL with aht 0 is NaN");
	ok(isnan(kcc_erlang_c_sl(14, A, AHT, -1)), "SL with t < 0 is NaN");
	ok(isnan(kcc_erlang_c_asa(-1, A, AHT)), "ASA with n < 0 is NaN");
	is_num(kcc_erlang_c_sl(14, A, AHT, 0), 1 - kcc_erlang_c(14, A), 1e-15,
		"SL(t = 0) = 1 - C");

	/* Large n: A = 500 (no overflow, no NaN). */
	is_num(kcc_erlang_c(10000, 9990), 0.88054171137, 1e-9,
		"C(10000, 9990)");
	ok(kcc_erlang_c_sl(520, 500, AHT, 20) > 0.95 &&
			kcc_erlang_c_sl(520, 500, AHT, 20) < 1,
		"SL(520, 500) is in (0.95, 1)");
	ok(isfinite(kcc_erlang_c_asa(501, 500, AHT)) &&
			kcc_erlang_c_asa(501, 500, AHT) > 0,
		"ASA(501, 500) is finite");
}

static void
test_agents(void)
{
	/*
	 * 80/20 at A = 10, AHT 180.  By hand with the domain note's formulas:
	 * N = 13: B = 0.08434, C = 13 B / (13 - 10 (1 - B)) = 1.0964 / 3.8434
	 * = 0.2853, SL = 1 - 0.2853 exp(-3 * 20 / 180) = 1 - 0.2853 * 0.7165
	 * = 0.7956 < 0.8.  N = 14: SL = 0.8884 (the vector above) >= 0.8.
	 * So 14.  For 95/20: N = 15 gives 0.9415, N = 16 gives
	 * 1 - 0.05734 exp(-6 * 20 / 180) = 0.9706, so 16.
	 */
	is_num(kcc_erlang_c_sl(13, A, AHT, 20), 0.7956, 5e-5,
		"SL(13) = 0.7956");
	is_int(kcc_erlang_c_agents(A, AHT, 20, 0.8, 1, 100), 14,
		"80/20 at A = 10 needs 14");
	is_int(kcc_erlang_c_agents(A, AHT, 20, 0.95, 1, 100), 16,
		"95/20 at A = 10 needs 16");
	is_int(kcc_erlang_c_agents(A, AHT, 20, 0.8, 1, 14), 14,
		"max_agents is inclusive");
	is_int(kcc_erlang_c_agents(A, AHT, 20, 0.8, 1, 13), -1,
		"-1 when max_agents is too few");
	is_int(kcc_erlang_c_agents(A, AHT, 20, 0.8, 1, 5), -1,
		"-1 when max_agents is below a");
	/* Occupancy 10 / n <= 0.7 needs n >= 14.3. */
	is_int(kcc_erlang_c_agents(A, AHT, 20, 0.8, 0.7, 100), 15,
		"occupancy cap 0.7 needs 15");
	/* 10 / 16 is exactly 0.625: the bound itself is allowed. */
	is_int(kcc_erlang_c_agents(A, AHT, 20, 0, 0.625, 100), 16,
		"occupancy exactly at the cap");
	/* Target 0: the first n > a. */
	is_int(kcc_erlang_c_agents(A, AHT, 20, 0, 1, 100), 11,
		"target 0 needs only n > a");
	is_int(kcc_erlang_c_agents(9.5, AHT, 20, 0, 1, 100), 10,
		"n > a for fractional a");
	is_int(kcc_erlang_c_agents(0, AHT, 20, 0.8, 1, 100), 0,
		"a = 0 needs 0");
	is_int(kcc_erlang_c_agents(-1, AHT, 20, 0.8, 1, 100), -1, "a < 0");
	is_int(kcc_erlang_c_agents(A, AHT, 20, 1.5, 1, 100), -1,
		"target above 1");
	is_int(kcc_erlang_c_agents(A, AHT, 20, 0.8, 0, 100), -1,
		"occupancy cap 0");
	is_int(kcc_erlang_c_agents(A, 0, 20, 0.8, 1, 100), -1, "aht 0");

	/* A = 500: 510 gives 0.8189, 509 gives 0.7842. */
	is_int(kcc_erlang_c_agents(500, AHT, 20, 0.8, 1, 10000), 510,
		"80/20 at A = 500 needs 510");
	is_num(kcc_erlang_c_sl(510, 500, AHT, 20), 0.81887449154, 1e-10,
		"SL(510, 500)");
}

static void
test_shrinkage(void)
{
	is_int(kcc_staff_with_shrinkage(10, 0.2), 13, "10 at 20%%: 12.5 -> 13");
	is_int(kcc_staff_with_shrinkage(8, 0.2), 10, "8 at 20%%: exactly 10");
	/* These quotients are off by an ulp in doubles. */
	is_int(kcc_staff_with_shrinkage(1, 0.9), 10, "1 at 90%%: 10");
	is_int(kcc_staff_with_shrinkage(3, 0.7), 10, "3 at 70%%: 10");
	is_int(kcc_staff_with_shrinkage(21, 0.3), 30, "21 at 30%%: 30");
	is_int(kcc_staff_with_shrinkage(14, 0.35), 22,
		"14 at 35%%: 21.5 -> 22");
	is_int(kcc_staff_with_shrinkage(7, 0), 7, "no shrinkage");
	is_int(kcc_staff_with_shrinkage(0, 0.3), 0, "no one");
	is_int(kcc_staff_with_shrinkage(5, 1), -1, "shrinkage 1");
	is_int(kcc_staff_with_shrinkage(5, -0.1), -1, "negative shrinkage");
	is_int(kcc_staff_with_shrinkage(5, NAN), -1, "NaN shrinkage");
	is_int(kcc_staff_with_shrinkage(-1, 0.2), -1, "negative n");
	is_int(kcc_staff_with_shrinkage(INT_MAX, 0.5), -1, "overflow");
}

/*
 * The naive route: the chain's probabilities in an array (as logarithms,
 * then normalised), abandonment as theta E[queue] / lambda, the service
 * level by Simpson's rule over the offered-wait density.
 */
#define NAIVE_STATES 4000
static double naive_p[NAIVE_STATES];

static double
offered(int n, double lambda, double theta, double p_n, double v)
{
	double c = n / AHT;

	return p_n * c *
	       exp(-(c + theta) * v + lambda / theta * -expm1(-theta * v));
}

static void
naive(int n, double lambda, double patience, double t, double *p_abandon,
	double *sl)
{
	double theta = 1 / patience, mu = 1 / AHT, top = 0, sum = 0, queue = 0;
	double below = 0, h, integral;
	int k, i, steps = 20000;

	naive_p[0] = 0;
	for (k = 1; k < NAIVE_STATES; k++) {
		naive_p[k] =
			naive_p[k - 1] + log(lambda) -
			log((k < n ? k : n) * mu + (k > n ? k - n : 0) * theta);
		top = fmax(top, naive_p[k]);
	}
	for (k = 0; k < NAIVE_STATES; k++) {
		naive_p[k] = exp(naive_p[k] - top);
		sum += naive_p[k];
	}
	for (k = 0; k < NAIVE_STATES; k++) {
		naive_p[k] /= sum;
		if (k < n)
			below += naive_p[k];
		else
			queue += (k - n) * naive_p[k];
	}
	*p_abandon = theta * queue / lambda;
	h = t / steps;
	integral = offered(n, lambda, theta, naive_p[n], 0) +
		   offered(n, lambda, theta, naive_p[n], t);
	for (i = 1; i < steps; i++)
		integral += (i % 2 ? 4 : 2) *
			    offered(n, lambda, theta, naive_p[n], i * h);
	*sl = below + integral * h / 3;
}

static void
erlang_a_vector(int n, double lambda, double patience, double t,
	const double want[4])
{
	struct kcc_erlang_a ea;

	if (!ok(kcc_erlang_a(n, lambda, AHT, patience, t, &ea) == 0,
		    "Erlang A n=%d lambda=%g patience=%g t=%g", n, lambda,
		    patience, t))
		return;
	is_num(ea.p_wait, want[0], 1e-12, "  p_wait");
	is_num(ea.p_abandon, want[1], 1e-12, "  p_abandon");
	is_num(ea.sl, want[2], 1e-12, "  sl");
	is_num(ea.asa, want[3], 1e-10, "  asa");
	is_num(ea.occupancy, lambda * AHT * (1 - want[1]) / n, 1e-12,
		"  occupancy is the carried load over n");
}

static void
erlang_a_naive(int n, double lambda, double patience, double t)
{
	struct kcc_erlang_a ea;
	double p_abandon, sl;

	naive(n, lambda, patience, t, &p_abandon, &sl);
	if (!ok(kcc_erlang_a(n, lambda, AHT, patience, t, &ea) == 0,
		    "Erlang A n=%d a=%g patience=%g t=%g against the naive "
		    "route",
		    n, lambda * AHT, patience, t))
		return;
	is_num(ea.p_abandon, p_abandon, 1e-10, "  p_abandon");
	is_num(ea.sl, sl, 1e-10, "  sl");
}

static void
test_erlang_a(void)
{
	/* p_wait, p_abandon, sl, asa, from the 30-digit computation. */
	static const double n14[] = {0.126976340079795334,
		0.0228392865318187633, 0.932729580698059689,
		2.34537523415216949};
	static const double n13[] = {0.193722234827366938,
		0.0384263748146682797, 0.888550498551228851,
		3.93884316078895246};
	static const double n8[] = {0.847569769740237753, 0.231864134686710636,
		0.226451821159087461, 71.2946408847416042};
	struct kcc_erlang_a ea, ea2;

	erlang_a_vector(14, LAM, 120, 20, n14);
	erlang_a_vector(13, LAM, 120, 20, n13);
	/* Fewer agents than Erlangs: abandonment keeps the queue finite. */
	erlang_a_vector(8, LAM, 300, 20, n8);

	erlang_a_naive(14, LAM, 120, 20);
	erlang_a_naive(3, 0.05, 30, 10);
	erlang_a_naive(10, LAM, 600, 60);
	erlang_a_naive(520, 500 / AHT, 120, 20);
	erlang_a_naive(480, 500 / AHT, 120, 20);

	/* Patience to infinity: Erlang C. */
	ok(kcc_erlang_a(14, LAM, AHT, 1e9, 20, &ea) == 0,
		"Erlang A, patience 1e9");
	is_num(ea.sl, kcc_erlang_c_sl(14, A, AHT, 20), 1e-6, "  sl is C's");
	/*
	 * ASA only to 1e-6 relative: the exact Erlang A value (40 digits) is
	 * 7.8359338768 s against Erlang C's 7.8359370118 s.  The difference,
	 * 3.1e-6 s, is real: to first order in theta = 1e-9 the long queues
	 * get shorter and the long waits abandon, in proportion to the third
	 * and second moments of this queue, which are in the hundreds.
	 */
	is_num(ea.asa, kcc_erlang_c_asa(14, A, AHT),
		1e-6 * kcc_erlang_c_asa(14, A, AHT), "  asa is C's");
	is_num(ea.asa, 7.8359338768228531, 1e-10, "  asa is exact");
	is_num(ea.p_wait, kcc_erlang_c(14, A), 1e-6, "  p_wait is C");
	is_num(ea.p_abandon, 7.8359341680378938e-9, 1e-15,
		"  p_abandon is tiny and exact");
	ok(kcc_erlang_a(14, LAM, AHT, INFINITY, 20, &ea) == 0,
		"Erlang A, patience infinite");
	is_num(ea.sl, kcc_erlang_c_sl(14, A, AHT, 20), 1e-13, "  sl is C's");
	is_num(ea.asa, kcc_erlang_c_asa(14, A, AHT), 1e-11, "  asa is C's");
	is_num(ea.p_wait, kcc_erlang_c(14, A), 1e-13, "  p_wait is C");
	is_num(ea.p_abandon, 0, 0, "  p_abandon is 0");
	is_num(ea.occupancy, A / 14, 1e-15, "  occupancy is a / n");

	/* Finite patience: some hang up, so the rest are answered sooner. */
	ok(kcc_erlang_a(11, LAM, AHT, 120, 20, &ea) == 0, "Erlang A, n = 11");
	ok(ea.p_abandon > 0, "  p_abandon > 0");
	ok(ea.sl > kcc_erlang_c_sl(11, A, AHT, 20), "  sl better than C's");
	ok(ea.asa < kcc_erlang_c_asa(11, A, AHT), "  asa better than C's");
	ok(ea.p_wait < kcc_erlang_c(11, A), "  fewer wait than in C");

	/* t = 0: only those who did not wait. */
	ok(kcc_erlang_a(12, LAM, AHT, 120, 0, &ea) == 0, "Erlang A, t = 0");
	is_num(ea.sl, 1 - ea.p_wait, 1e-15, "  sl = 1 - p_wait");

	/* No traffic. */
	ok(kcc_erlang_a(3, 0, AHT, 120, 20, &ea) == 0, "Erlang A, lambda 0");
	ok(ea.p_wait == 0 && ea.p_abandon == 0 && ea.sl == 1 && ea.asa == 0 &&
			ea.occupancy == 0,
		"  nobody waits, nobody is busy");

	/*
	 * Ten times the traffic the agents can take, patient callers: the
	 * chain's weights pass 1e308 before they turn, so this exercises the
	 * rescaling.  Half the callers must hang up and the agents be busy
	 * all the time; answered and abandoned are summed apart, so that
	 * they add up to 1 is a check.
	 */
	ok(kcc_erlang_a(50, 500 / AHT, AHT, 3600, 20, &ea) == 0,
		"Erlang A, a = 500 on 50 agents");
	ok(ea.p_abandon > 0.89 && ea.p_abandon < 0.9, "  p_abandon near 0.9");
	ok(ea.occupancy > 0.999 && ea.occupancy <= 1, "  occupancy near 1");
	is_num(ea.p_abandon + ea.occupancy * 50 / 500, 1, 1e-12,
		"  answered + abandoned = 1");
	ok(ea.p_wait > 0.999 && ea.sl >= 0 && ea.sl < 0.01 && isfinite(ea.asa),
		"  nearly everyone waits, sl near 0, asa finite");

	ok(kcc_erlang_a(500, 500 / AHT, AHT, 120, 20, &ea) == 0 &&
			isfinite(ea.sl) && isfinite(ea.asa) && ea.sl > 0 &&
			ea.sl < 1,
		"Erlang A, n = a = 500");
	ok(kcc_erlang_a(10000, 500 / AHT, AHT, 120, 20, &ea) == 0 &&
			ea.p_wait == 0 && ea.sl == 1 && ea.asa == 0,
		"Erlang A, 10000 agents for a = 500: nobody waits");

	is_int(kcc_erlang_a(0, LAM, AHT, 120, 20, &ea), -1, "n = 0 refused");
	is_int(kcc_erlang_a(10, LAM, AHT, INFINITY, 20, &ea), -1,
		"infinite patience with n = a refused");
	is_int(kcc_erlang_a(8, LAM, AHT, 1e9, 20, &ea), -1,
		"patience 1e9 with n < a refused (queue too long)");
	is_int(kcc_erlang_a(14, LAM, 0, 120, 20, &ea), -1, "aht 0 refused");
	is_int(kcc_erlang_a(14, LAM, AHT, 0, 20, &ea), -1,
		"patience 0 refused");
	is_int(kcc_erlang_a(14, LAM, AHT, 120, -1, &ea), -1, "t < 0 refused");

	/* More agents never hurt. */
	ok(kcc_erlang_a(12, LAM, AHT, 120, 20, &ea) == 0 &&
			kcc_erlang_a(13, LAM, AHT, 120, 20, &ea2) == 0 &&
			ea2.sl > ea.sl && ea2.asa < ea.asa &&
			ea2.p_abandon < ea.p_abandon,
		"13 agents do better than 12");
}

static void
test_erlang_a_agents(void)
{
	/* 30-digit values: n = 11 gives sl 0.7422, n = 12 gives 0.8256. */
	is_int(kcc_erlang_a_agents(LAM, AHT, 120, 20, 0.8, 1, 100), 12,
		"Erlang A 80/20 at A = 10, patience 120 s, needs 12");
	is_int(kcc_erlang_a_agents(LAM, AHT, INFINITY, 20, 0.8, 1, 100), 14,
		"infinite patience needs Erlang C's 14");
	is_int(kcc_erlang_a_agents(LAM, AHT, 120, 20, 0.8, 1, 11), -1,
		"-1 when max_agents is too few");
	/* Occupancy 10 (1 - p_abandon) / n: 0.7820 at 12, 0.7397 at 13. */
	is_int(kcc_erlang_a_agents(LAM, AHT, 120, 20, 0.8, 0.75, 100), 13,
		"occupancy cap 0.75 needs 13");
	is_int(kcc_erlang_a_agents(0, AHT, 120, 20, 0.8, 1, 100), 0,
		"lambda 0 needs 0");
	is_int(kcc_erlang_a_agents(LAM, AHT, -5, 20, 0.8, 1, 100), -1,
		"negative patience");
	ok(kcc_erlang_a_agents(500 / AHT, AHT, 120, 20, 0.8, 1, 10000) > 0 &&
			kcc_erlang_a_agents(500 / AHT, AHT, 120, 20, 0.8, 1,
				10000) <= 510,
		"Erlang A at A = 500 needs no more than Erlang C's 510");
}

static void
test_patience(void)
{
	is_num(kcc_patience_mle(3600, 30), 120, 0, "3600 s in queue, 30 left");
	ok(isinf(kcc_patience_mle(100, 0)), "no one left: infinite patience");
	ok(isnan(kcc_patience_mle(-1, 3)), "negative wait is NaN");
	ok(isnan(kcc_patience_mle(100, -1)), "negative count is NaN");
}

int
main(void)
{
	test_erlang_b();
	test_erlang_c();
	test_agents();
	test_shrinkage();
	test_erlang_a();
	test_erlang_a_agents();
	test_patience();
	return tap_done();
}
