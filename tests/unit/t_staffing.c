/*
 * Unit tests for lib/staffing.c: agents per interval from grouped
 * figures, against values computed by hand from the Erlang C formulas of
 * the domain reference (A = arrivals x AHT / interval length).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/json.h"
#include "kcc/out.h"
#include "kcc/record.h"
#include "kcc/staffing.h"
#include "kcc/stats.h"
#include "tap.h"

static struct kcc_record rec;

/* Add n records of `fields` to the group `key`. */
static void
add_n(struct kcc_stats *st, const char *key, const char *fields, int n)
{
	struct kcc_json_error err;
	char line[1024];
	int len;

	len = snprintf(line, sizeof line,
		"{\"kcc\":1,\"id\":\"c\",\"src\":\"t\",\"start\":"
		"\"2026-03-02T09:00:00Z\",\"channel\":\"phone\",%s}",
		fields);
	if (len < 0 || (size_t)len >= sizeof line)
		abort();
	while (n-- > 0) {
		if (kcc_record_parse_fields(&rec, line, (size_t)len,
			    kcc_stats_fields(&st->params), &err) != 0) {
			ok(0, "record parses: %s (%s)", line, err.msg);
			return;
		}
		kcc_stats_add(st, kcc_stats_group(st, key, strlen(key)), &rec);
	}
}

/* The staffing lines of st under sp, NUL-terminated; caller frees. */
static char *
staffing(const struct kcc_stats *st, const struct kcc_staffing *sp)
{
	static char *names[] = {"interval"};
	struct kcc_out out;

	kcc_out_init_mem(&out);
	kcc_staffing_write(st, sp, names, 1, &out);
	return kcc_out_take(&out);
}

static void
has(const char *text, const char *member, const char *desc)
{
	if (!ok(strstr(text, member) != NULL, "%s: %s", desc, member))
		printf("#   in: %s", text);
}

static void
setup(struct kcc_stats *st, struct kcc_staffing *sp)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;

	p.metrics = KCC_M_QUEUE | KCC_M_HANDLING;
	p.citizens = 1;
	kcc_stats_init(st, &p);
	memset(sp, 0, sizeof *sp);
	sp->interval_s = 1800;
	sp->target_sl = 0.8;
	sp->target_t = 20;
	sp->max_occupancy = 1;
	sp->concurrency = 1;
}

int
main(void)
{
	struct kcc_stats st;
	struct kcc_staffing sp;
	size_t days[8] = {0, 2, 0, 0, 0, 0, 0, 0};
	char *s;

	kcc_record_init(&rec);

	/* The domain vectors: 100 calls in 30 minutes, AHT 180 s: A = 10. */
	setup(&st, &sp);
	add_n(&st, "[\"09:00\"]",
		"\"outcome\":\"answered\",\"wait_s\":5,\"handle_s\":180", 100);
	sp.shrinkage = 0.3;
	s = staffing(&st, &sp);
	has(s, "\"arrivals\":100,\"aht_s\":180,\"erlangs\":10,", "A = 10");
	has(s, "\"agents\":14,\"staff\":20,", "80/20: 14 agents, 20 staff");
	has(s, "\"sl\":0.88835", "SL(20 s) at 14: 0.8884");
	has(s, "\"asa_s\":7.8359", "ASA at 14: 7.836 s");
	has(s, "\"occupancy\":0.714285", "occupancy 10/14");
	has(s, "\"model\":\"erlang_c\",\"target\":\"80/20\"}", "model named");
	free(s);

	sp.shrinkage = 0;
	sp.max_occupancy = 0.6;
	s = staffing(&st, &sp);
	has(s, "\"agents\":17,\"staff\":17,",
		"occupancy at most 0.6: 17 (10/16 is 0.625)");
	free(s);

	/* Two chats at once: AHT 180 counts as 90, A = 5, 8 agents. */
	sp.max_occupancy = 1;
	sp.concurrency = 2;
	s = staffing(&st, &sp);
	has(s, "\"aht_s\":180,\"erlangs\":5,\"agents\":8,",
		"concurrency 2: A = 5, 8 agents, AHT shown whole");
	has(s, "\"sl\":0.91412", "concurrency 2: SL at 8");
	free(s);

	/* Weekly: the first key a weekday; 100 over 2 Mondays = 50. */
	sp.concurrency = 1;
	sp.days = days;
	kcc_stats_release(&st);
	setup(&st, &sp);
	sp.days = days;
	add_n(&st, "[\"1-mon\"]",
		"\"outcome\":\"answered\",\"wait_s\":5,\"handle_s\":180", 100);
	s = staffing(&st, &sp);
	has(s, "\"arrivals\":50,\"aht_s\":180,\"erlangs\":5,\"agents\":8,",
		"weekly: arrivals averaged over the dates of the weekday");
	free(s);
	kcc_stats_release(&st);

	/* An interval without handle times takes the AHT of all. */
	setup(&st, &sp);
	add_n(&st, "[\"09:00\"]",
		"\"outcome\":\"answered\",\"wait_s\":5,\"handle_s\":120", 10);
	add_n(&st, "[\"09:00\"]",
		"\"outcome\":\"answered\",\"wait_s\":5,\"handle_s\":240", 10);
	add_n(&st, "[\"09:30\"]", "\"outcome\":\"abandoned\",\"wait_s\":30", 6);
	s = staffing(&st, &sp);
	has(s,
		"{\"interval\":\"09:00\",\"arrivals\":20,\"aht_s\":180,"
		"\"erlangs\":2,",
		"AHT of the interval");
	has(s,
		"{\"interval\":\"09:30\",\"arrivals\":6,\"aht_s\":180,"
		"\"erlangs\":0.6,",
		"no handle time in the interval: the AHT of all");
	free(s);

	/* Erlang A: the patience, every wait over the abandons. */
	sp.erlang_a = 1;
	s = staffing(&st, &sp);
	has(s, "\"patience_s\":46.66666",
		"Erlang A: patience (20 x 5 + 6 x 30) / 6 s");
	has(s, "\"model\":\"erlang_a\"", "Erlang A: named");
	free(s);

	/* Suppression: the interval's arrivals null, its agents kept. */
	sp.erlang_a = 0;
	sp.min_count = 1;
	s = staffing(&st, &sp);
	has(s, "\"arrivals\":null,\"aht_s\":null,\"erlangs\":null,\"agents\":",
		"--min-count: an interval of no citizens has its figures null");
	has(s, "\"suppressed\":\"primary\"}", "--min-count: marked");
	free(s);
	kcc_stats_release(&st);

	kcc_record_release(&rec);
	return tap_done();
}
