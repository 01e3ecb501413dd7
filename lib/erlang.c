/*
 * Staffing formulas: Erlang B, Erlang C and Erlang A.
 *
 * Erlang B runs the recursion B(i) = a B(i-1) / (i + a B(i-1)), B(0) = 1.
 * It is the domain note's inv = 1 + inv * i / a turned upside down: the
 * same numbers, but every B(i) lies in [0, 1], so no n overflows it (the
 * inverse passes 1e308 near n = 170 at a = 1).  Erlang C, its service
 * level and ASA are the closed forms on top of B.  The agent searches walk
 * n upwards from a lower bound; the Erlang C one carries B along, one step
 * of the recursion per candidate, so a search costs O(n) in all.
 *
 * Erlang A (M/M/n+M) is computed from its birth-death chain, in one pass
 * and without storing it.  State k is the number of contacts present;
 * arrivals come at lambda, and state k empties at min(k, n) mu +
 * max(k - n, 0) theta (mu = 1 / aht, theta = 1 / patience, c = n mu).
 * Up to n the chain is the loss system's truncated Poisson, so with the
 * mass of states 0..n taken as 1, state n holds B(n, a) and states below
 * it 1 - B.  Above n, with j = k - n contacts waiting,
 * w(j + 1) = w(j) lambda / (c + (j + 1) theta).  The walk stops once that
 * ratio is below 1 and the geometric bound w(j + 1) / (1 - ratio) on all
 * that is left is below 1e-15 of the mass so far: the ratios only fall
 * from there, so the bound holds.  An overloaded n (lambda > c) is kept
 * finite by abandonment: the weights grow until j theta reaches
 * lambda - c, so the sums are scaled down together when they get large
 * (every result is a ratio of them) and a queue that would peak beyond
 * QUEUE_MAX states is refused rather than walked.
 *
 * An arrival sees the stationary distribution (PASTA).  One that finds j
 * waiting reaches an agent after j + 1 moves of the queue: while m
 * contacts are ahead of it the queue moves at c + m theta (an agent frees
 * up or one ahead hangs up; under FCFS those behind do not matter).  So
 * its offered wait V is hypoexponential with rates c, c + theta, ...,
 * c + j theta, and it is answered when its own patience, exponential with
 * rate theta, outlasts V.  With r_m = c + (m + 1) theta:
 *   P(answered) = E[exp(-theta V)] = prod c + m theta / r_m = c / r_j;
 *   E[V; answered] = minus the derivative of E[exp(-s V)] at s = theta
 *	= (c / r_j) * sum_{m <= j} 1 / r_m;
 *   P(answered, V <= t) = (c / r_j) * P(V' <= t), V' being V with every
 *	rate raised by theta (exp(-theta v) times an exponential density of
 *	rate r is r / (r + theta) times one of rate r + theta).
 * V' has rates c + theta, ..., c + (j + 1) theta, an arithmetic
 * progression, so exp(-theta V') is Beta(c / theta + 1, j + 1); for a
 * whole second parameter the Beta distribution function is a finite
 * negative-binomial sum, which gives
 *   P(V' > t) = sum_{i <= j} T_i, T_0 = exp(-(c + theta) t),
 *	T_i = T_{i-1} (c + i theta) g / i, g = (1 - exp(-theta t)) / theta.
 * Every term is positive (the partial-fraction form of a hypoexponential
 * alternates in sign and cancels catastrophically for long queues), state
 * j + 1 needs one term more than state j, and at theta = 0 (g = t) it is
 * the Poisson sum of the Erlang(j + 1, c) distribution: infinite patience
 * gives Erlang C exactly.  T_i is kept as its logarithm because T_0
 * underflows once (c + theta) t passes 745 while later terms still count.
 * Occupancy is the carried load over n: agents are busy for aht per
 * answered contact.
 */
#include <limits.h>
#include <math.h>

#include "kcc/erlang.h"

/* A target met to within this counts as met. */
#define TOL 1e-12
/* The longest queue (in states) Erlang A will walk to its peak. */
#define QUEUE_MAX 1000000
/* Scale for the Erlang A sums, which may grow past a double's range. */
#define BIG 1e200

double
kcc_erlang_b(int n, double a)
{
	double b = 1;
	int i;

	if (n < 0 || !(a >= 0) || !isfinite(a))
		return NAN;
	for (i = 1; i <= n; i++)
		b = a * b / (i + a * b);
	return b;
}

/* Erlang C from B(n, a), for n > a. */
static double
c_from_b(int n, double a, double b)
{
	return n * b / (n - a * (1 - b));
}

double
kcc_erlang_c(int n, double a)
{
	double b = kcc_erlang_b(n, a);

	if (isnan(b))
		return b;
	if (n <= a)
		return 1;
	return c_from_b(n, a, b);
}

double
kcc_erlang_c_sl(int n, double a, double aht, double t)
{
	double c;

	if (!(aht > 0) || !isfinite(aht) || !(t >= 0))
		return NAN;
	c = kcc_erlang_c(n, a);
	if (isnan(c) || n <= a)
		return isnan(c) ? c : 0;
	return 1 - c * exp(-(n - a) * t / aht);
}

double
kcc_erlang_c_asa(int n, double a, double aht)
{
	double c;

	if (!(aht > 0) || !isfinite(aht))
		return NAN;
	c = kcc_erlang_c(n, a);
	if (isnan(c) || n <= a)
		return isnan(c) ? c : INFINITY;
	return c * aht / (n - a);
}

static int
bad_target(double target_sl, double max_occupancy)
{
	return !(target_sl >= 0 && target_sl <= 1) ||
	       !(max_occupancy > 0 && max_occupancy <= 1);
}

static int
meets(double sl, double occupancy, double target_sl, double max_occupancy)
{
	return sl >= target_sl - TOL && occupancy <= max_occupancy * (1 + TOL);
}

int
kcc_erlang_c_agents(double a, double aht, double t, double target_sl,
	double max_occupancy, int max_agents)
{
	double b;
	int n;

	if (!(a >= 0) || !isfinite(a) || !(aht > 0) || !isfinite(aht) ||
		!(t >= 0) || bad_target(target_sl, max_occupancy))
		return -1;
	if (a == 0)
		return 0;
	if (a >= max_agents)
		return -1;
	n = (int)floor(a) + 1;
	for (b = kcc_erlang_b(n, a);; b = a * b / (n + a * b)) {
		double sl = 1 - c_from_b(n, a, b) * exp(-(n - a) * t / aht);

		if (meets(sl, a / n, target_sl, max_occupancy))
			return n;
		if (n >= max_agents)
			return -1;
		n++;
	}
}

int
kcc_staff_with_shrinkage(int n, double shrinkage)
{
	double q, r;

	if (n < 0 || !(shrinkage >= 0 && shrinkage < 1))
		return -1;
	q = n / (1 - shrinkage);
	r = round(q);
	q = fabs(q - r) <= 1e-9 * r ? r : ceil(q);
	return q <= INT_MAX ? (int)q : -1;
}

int
kcc_erlang_a(int n, double lambda, double aht, double patience, double t,
	struct kcc_erlang_a *out)
{
	double a, c, theta, g, b, mass, w, ratio, log_t, late;
	double below, waiting, answered, abandoned, within, delay, h;
	long j;

	if (n < 1 || !(lambda >= 0) || !isfinite(lambda) || !(aht > 0) ||
		!isfinite(aht) || !(patience > 0) || !(t >= 0) || !isfinite(t))
		return -1;
	a = lambda * aht;
	c = n / aht;
	theta = isinf(patience) ? 0 : 1 / patience;
	if (lambda >= c && (theta == 0 || (lambda - c) / theta > QUEUE_MAX))
		return -1;
	g = theta > 0 ? -expm1(-theta * t) / theta : t;
	b = kcc_erlang_b(n, a);

	below = 1 - b;
	w = b;
	/* late is P(V' > t), h the sum of 1 / r_m, both up to this j. */
	waiting = answered = abandoned = within = delay = h = late = 0;
	log_t = -(c + theta) * t;
	for (j = 0;; j++) {
		double r = c + (j + 1) * theta, p_answered = c / r;

		late += exp(log_t);
		h += 1 / r;
		waiting += w;
		answered += w * p_answered;
		abandoned += w * ((j + 1) * theta / r);
		within += w * p_answered * fmax(0, 1 - late);
		delay += w * p_answered * h;

		/* r is also the rate at which state n + j + 1 empties. */
		ratio = lambda / r;
		w *= ratio;
		mass = below + waiting;
		if (ratio < 1 && w / (1 - ratio) < 1e-15 * mass)
			break;
		if (j >= 2L * QUEUE_MAX)
			return -1;
		log_t += log(r * g / (j + 1));
		if (w > BIG) {
			w /= BIG;
			below /= BIG;
			waiting /= BIG;
			answered /= BIG;
			abandoned /= BIG;
			within /= BIG;
			delay /= BIG;
		}
	}

	answered = (below + answered) / mass;
	out->p_wait = waiting / mass;
	out->p_abandon = abandoned / mass;
	out->sl = (below + within) / mass;
	out->asa = delay / mass / answered;
	out->occupancy = a * answered / n;
	return 0;
}

int
kcc_erlang_a_agents(double lambda, double aht, double patience, double t,
	double target_sl, double max_occupancy, int max_agents)
{
	struct kcc_erlang_a ea;
	double first;
	int n;

	if (!(lambda >= 0) || !isfinite(lambda) || !(aht > 0) ||
		!isfinite(aht) || !(patience > 0) || !(t >= 0) ||
		!isfinite(t) || bad_target(target_sl, max_occupancy))
		return -1;
	if (lambda == 0)
		return 0;

	/*
	 * Agents answer at most n / aht contacts a second, so the share
	 * answered at all, and with it the service level, is at most
	 * n / (lambda * aht): no n below target_sl * lambda * aht will do.
	 */
	first = floor(target_sl * lambda * aht);
	if (first > max_agents || max_agents < 1)
		return -1;
	for (n = first > 1 ? (int)first : 1;; n++) {
		if (kcc_erlang_a(n, lambda, aht, patience, t, &ea) == 0 &&
			meets(ea.sl, ea.occupancy, target_sl, max_occupancy))
			return n;
		if (n >= max_agents)
			return -1;
	}
}

double
kcc_patience_mle(double queued_wait_s, long abandoned)
{
	if (abandoned < 0 || !(queued_wait_s >= 0))
		return NAN;
	if (abandoned == 0)
		return INFINITY;
	return queued_wait_s / abandoned;
}
