/*
 * Staffing: Erlang B, Erlang C and Erlang A, for kcc-stats --staffing.
 *
 * Traffic a is in Erlangs: arrivals per interval times the mean handling
 * time (aht, seconds) over the interval's length.  n is a number of agents,
 * t a service-level threshold in seconds.  Everything here is a plain
 * function on doubles: no allocation, no global state, safe from any
 * thread.  Arguments out of range give NaN (functions returning double) or
 * -1 (functions returning int), as each contract says.
 */
#ifndef KCC_ERLANG_H
#define KCC_ERLANG_H

/*
 * Erlang B: the probability that an arrival finds all n agents busy in a
 * loss system (M/M/n/n) offered a Erlangs.  B(0, a) is 1; B(n, 0) is 0 for
 * n >= 1.  Stable and overflow-free for any n (cost O(n)).  NaN when n < 0
 * or a < 0 or a is NaN.
 */
double kcc_erlang_b(int n, double a);

/*
 * Erlang C: the probability that a contact has to wait (M/M/n, no one
 * hangs up), n*B / (n - a*(1 - B)).  1 when n <= a: the queue grows
 * without bound and everyone waits.  NaN as for kcc_erlang_b().
 */
double kcc_erlang_c(int n, double a);

/*
 * Erlang C service level: the share of contacts answered within t seconds,
 * 1 - C * exp(-(n - a) * t / aht).  0 when n <= a.  NaN when aht <= 0,
 * t < 0 or as for kcc_erlang_b().
 */
double kcc_erlang_c_sl(int n, double a, double aht, double t);

/*
 * Erlang C average speed of answer: the mean wait in seconds over all
 * contacts (those not waiting count as 0), C * aht / (n - a).  INFINITY
 * when n <= a.  NaN when aht <= 0 or as for kcc_erlang_b().
 */
double kcc_erlang_c_asa(int n, double a, double aht);

/*
 * The fewest agents n > a with kcc_erlang_c_sl(n, a, aht, t) >= target_sl
 * and occupancy a / n <= max_occupancy (in (0, 1]; 1 means no cap).  A
 * service level or occupancy within 1e-12 (relative) of its bound counts as
 * meeting it, so that a target computed in floating point is not missed by
 * a rounding.  0 when a == 0.  -1 when no n up to max_agents will do, or
 * when an argument is out of range (a < 0, aht <= 0, t < 0, target_sl
 * outside [0, 1], max_occupancy outside (0, 1]).
 */
int kcc_erlang_c_agents(double a, double aht, double t, double target_sl,
	double max_occupancy, int max_agents);

/*
 * Agents to roster so that n are working after shrinkage s (the share of
 * paid time not spent handling contacts, 0 <= s < 1): ceil(n / (1 - s)).
 * A quotient within 1e-9 (relative) of a whole number is that number:
 * 8 / (1 - 0.2) is 10, not 11, and 1 / (1 - 0.9) is 10 although the
 * doubles make it 10.000000000000002.  -1 when n < 0, s is out of range or
 * the result does not fit an int.
 */
int kcc_staff_with_shrinkage(int n, double shrinkage);

/*
 * Erlang A (M/M/n+M): Erlang C where each waiting contact hangs up after an
 * exponential patience with mean `patience` seconds (INFINITY: never).
 */
struct kcc_erlang_a {
	double p_wait;    /* an arrival finds all agents busy */
	double p_abandon; /* an arrival hangs up before being answered */
	double sl;        /* answered within t, as a share of all arrivals */
	double asa;       /* mean wait of the answered contacts, seconds */
	double occupancy; /* mean share of the n agents that are busy */
};

/*
 * Compute the Erlang A figures for n >= 1 agents, arrivals at lambda per
 * second (>= 0), mean handling time aht seconds (> 0), mean patience
 * `patience` seconds (> 0, may be INFINITY) and threshold t seconds (>= 0)
 * into *out.  With finite patience n may be at or below the offered load
 * lambda * aht: abandonment keeps the queue finite.  Returns 0, or -1
 * (*out untouched) when an argument is out of range, when patience is
 * INFINITY and n <= lambda * aht, or when patience is so long for an
 * overloaded n that the queue would need more than a million states.
 */
int kcc_erlang_a(int n, double lambda, double aht, double patience, double t,
	struct kcc_erlang_a *out);

/*
 * The fewest agents n >= 1 whose Erlang A service level is >= target_sl
 * and occupancy <= max_occupancy, with the tolerance and ranges of
 * kcc_erlang_c_agents().  0 when lambda == 0.  -1 when no n up to
 * max_agents will do or an argument is out of range.
 */
int kcc_erlang_a_agents(double lambda, double aht, double patience, double t,
	double target_sl, double max_occupancy, int max_agents);

/*
 * Mean patience estimated from a queue's history: the exponential maximum
 * likelihood estimate with censoring, total time in queue of every contact
 * that queued (answered and abandoned alike, seconds) over the number that
 * abandoned.  INFINITY when abandoned == 0 (no one has hung up yet); NaN
 * when abandoned < 0 or the total is negative or NaN.
 */
double kcc_patience_mle(double queued_wait_s, long abandoned);

#endif
