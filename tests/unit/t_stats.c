/*
 * Tests for lib/stats.c: each figure family against values worked out by
 * hand from a few records (the arithmetic is in the comments), the five
 * service-level formulas on the domain reference's counts, the --metrics
 * list, the order of groups, suppressed groups, and the exactness that
 * --partial and --combine rely on: merged tables, and tables read back
 * from partial lines, write the bytes of one table over all the records.
 *
 * Records are parsed from JSON text with the field checks kcc-stats asks
 * for, as cmd/kcc-stats.c does, so that what is tested is what the
 * command computes.  Figures are checked member by member on their exact
 * text: kcc writes a number in the fewest digits that read back to the
 * same double, so 61 / 3 is 20.333333333333332 and nothing else.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kcc/json.h"
#include "kcc/out.h"
#include "kcc/record.h"
#include "kcc/stats.h"
#include "kcc/time.h"
#include "tap.h"

#define M_ALL                                                                  \
	(KCC_M_VOLUME | KCC_M_QUEUE | KCC_M_HANDLING | KCC_M_FCR |             \
		KCC_M_SATISFACTION | KCC_M_AGENTS | KCC_M_CONCURRENCY)

/* The required members besides kcc, id and src. */
#define T0 "\"start\":\"2026-03-02T09:00:00+01:00\",\"channel\":\"phone\""

#define CIT_A "\"citizen\":\"0123456789abcdef\""
#define CIT_B "\"citizen\":\"fedcba9876543210\""

static struct kcc_record rec;

/*
 * Parse a record made of `fields` (start and channel among them) with the
 * checks kcc_stats_fields() asks for and add it to the group `key`.  A
 * record that does not parse is a failed test: the figures below would
 * be wrong for a reason that has nothing to do with lib/stats.c.
 */
static void
add(struct kcc_stats *st, const char *key, const char *fields)
{
	struct kcc_json_error err;
	char line[2048];
	int n;

	n = snprintf(line, sizeof line,
		"{\"kcc\":1,\"id\":\"c\",\"src\":\"test\",%s}", fields);
	if (n < 0 || (size_t)n >= sizeof line)
		abort();
	if (kcc_record_parse_fields(&rec, line, (size_t)n,
		    kcc_stats_fields(&st->params), &err) != 0) {
		ok(0, "record parses: %s", line);
		printf("#   %s\n", err.msg);
		return;
	}
	kcc_stats_add(st, kcc_stats_group(st, key, strlen(key)), &rec);
}

static void
add_n(struct kcc_stats *st, const char *key, const char *fields, int n)
{
	while (n-- > 0)
		add(st, key, fields);
}

/* add() with start and channel given apart from the other members. */
static void
add_at(struct kcc_stats *st, const char *key, const char *start,
	const char *channel, const char *rest)
{
	char fields[1024];

	snprintf(fields, sizeof fields,
		"\"start\":\"%s\",\"channel\":\"%s\"%s%s", start, channel,
		*rest != '\0' ? "," : "", rest);
	add(st, key, fields);
}

/* The text written to out, NUL-terminated (the caller frees); closes out. */
static char *
take(struct kcc_out *out)
{
	return kcc_out_take(out);
}

/* The figures of the group `key` (created empty when new); caller frees. */
static char *
figures(struct kcc_stats *st, const char *key, uint64_t total)
{
	struct kcc_out out;

	kcc_out_init_mem(&out);
	kcc_stats_write_figures(st, kcc_stats_group(st, key, strlen(key)),
		total, total, &out);
	return take(&out);
}

static char *
suppressed(const struct kcc_stats *st)
{
	struct kcc_out out;

	kcc_out_init_mem(&out);
	kcc_stats_write_suppressed(st, &out);
	return take(&out);
}

/* Every group's partial line, in table order. */
/* What st would say is missing. */
static struct kcc_stats_missing
missing(const struct kcc_stats *st)
{
	struct kcc_stats_missing m;

	kcc_stats_missing(st, &m);
	return m;
}

static char *
partials(const struct kcc_stats *st)
{
	struct kcc_out out;
	size_t i;

	kcc_out_init_mem(&out);
	for (i = 0; i < st->n; i++)
		kcc_stats_write_partial(st, st->groups[i], &out);
	return take(&out);
}

/* Every group's key and figures, one line each, in table order. */
static char *
all_figures(const struct kcc_stats *st)
{
	struct kcc_out out;
	uint64_t total = 0;
	size_t i;

	for (i = 0; i < st->n; i++)
		total += st->groups[i]->acc.contacts;
	kcc_out_init_mem(&out);
	for (i = 0; i < st->n; i++) {
		kcc_out_write(&out, st->groups[i]->key, st->groups[i]->key_len);
		kcc_out_putc(&out, ' ');
		kcc_stats_write_figures(st, st->groups[i], total, total, &out);
		kcc_out_putc(&out, '\n');
	}
	return take(&out);
}

/*
 * The members of figures text, scanned as the object they are the inside
 * of: -1 when the text is not that (which is a failure in itself).
 */
static int
scan_figures(struct kcc_json_scan *scan, const char *figs, char **obj)
{
	struct kcc_json_error err;
	size_t n = strlen(figs);

	*obj = malloc(n + 3);
	if (*obj == NULL)
		abort();
	(*obj)[0] = '{';
	memcpy(*obj + 1, figs, n);
	(*obj)[n + 1] = '}';
	(*obj)[n + 2] = '\0';
	return kcc_json_scan_object(scan, *obj, n + 2, &err);
}

/* The text of member `name` of figures text; "(absent)", "(not JSON)". */
static const char *
value_of(const char *figs, const char *name)
{
	static char buf[4096];
	struct kcc_json_scan scan;
	char *obj;
	size_t i;

	kcc_json_scan_init(&scan);
	snprintf(buf, sizeof buf, "(absent)");
	if (scan_figures(&scan, figs, &obj) != 0)
		snprintf(buf, sizeof buf, "(not JSON)");
	else
		for (i = 0; i < scan.n; i++) {
			const struct kcc_json_member *m = &scan.members[i];
			if (m->key.n == strlen(name) &&
				memcmp(m->key.p, name, m->key.n) == 0) {
				snprintf(buf, sizeof buf, "%.*s",
					(int)m->value.n, m->value.p);
				break;
			}
		}
	kcc_json_scan_release(&scan);
	free(obj);
	return buf;
}

/*
 * The member names of figures text, comma-separated (caller frees), and
 * in *nonnull how many values are not null; NULL when not JSON.
 */
static char *
names_of(const char *figs, size_t *nonnull)
{
	struct kcc_json_scan scan;
	struct kcc_out out;
	char *obj;
	size_t i;

	kcc_json_scan_init(&scan);
	kcc_out_init_mem(&out);
	*nonnull = 0;
	if (scan_figures(&scan, figs, &obj) != 0) {
		kcc_json_scan_release(&scan);
		kcc_out_close(&out);
		free(obj);
		return NULL;
	}
	for (i = 0; i < scan.n; i++) {
		const struct kcc_json_member *m = &scan.members[i];
		if (i > 0)
			kcc_out_putc(&out, ',');
		kcc_out_write(&out, m->key.p, m->key.n);
		if (m->value.type != KCC_JSON_NULL)
			(*nonnull)++;
	}
	kcc_json_scan_release(&scan);
	free(obj);
	return take(&out);
}

static void
check(const char *what, const char *figs, const char *name, const char *want)
{
	const char *got = value_of(figs, name);

	if (!ok(strcmp(got, want) == 0, "%s: %s is %s", what, name, want))
		printf("#   got:  '%s'\n", got);
}

/*
 * A test that showed a bug in lib/stats.c, now fixed: `bug` says what it
 * was.
 */
static void
regression(int cond, const char *bug, const char *desc)
{
	if (!ok(cond, "%s", desc))
		printf("#   the bug was: %s\n", bug);
}

static void
test_metrics_parse(void)
{
	static const struct {
		const char *list;
		unsigned want;
	} good[] = {
		{"volume", KCC_M_VOLUME},
		{"queue,handling", KCC_M_QUEUE | KCC_M_HANDLING},
		{"fcr,satisfaction,agents,concurrency",
			KCC_M_FCR | KCC_M_SATISFACTION | KCC_M_AGENTS |
				KCC_M_CONCURRENCY},
		{"volume,queue,handling,fcr,satisfaction", KCC_M_DEFAULT},
		{"queue,queue", KCC_M_QUEUE},
		{"all", M_ALL},
		{"concurrency,all", M_ALL},
	};
	static const struct {
		const char *list, *bad;
	} bad[] = {
		{"volume,bogus", "bogus"},
		{"Volume", "Volume"},
		{"vol", "vol"}, /* a prefix is no name */
		{"volumes", "volumes"},
		{"alls", "alls"},
		{"", ""},        /* nothing chosen */
		{",volume", ""}, /* an empty word */
		{"volume,,queue", ""},
	};
	const char *why;
	unsigned m;
	size_t i;
	int r;

	for (i = 0; i < sizeof good / sizeof *good; i++) {
		m = 0x12345;
		r = kcc_stats_metrics_parse(good[i].list, &m, &why);
		if (!ok(r == 0 && m == good[i].want, "metrics '%s' is %#x",
			    good[i].list, good[i].want))
			printf("#   got: %d, %#x\n", r, m);
	}
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		m = 0x12345;
		why = NULL;
		r = kcc_stats_metrics_parse(bad[i].list, &m, &why);
		ok(r == -1 && m == 0x12345, "metrics '%s' refused, unchanged",
			bad[i].list);
		is_str(why, bad[i].bad, "metrics '%s': the bad word is '%s'",
			bad[i].list, bad[i].bad);
	}
}

/* The figures' names joined by commas, as p selects them. */
static void
is_figures(const struct kcc_stats_params *p, const char *want, const char *desc)
{
	char buf[2000];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < p->nfigures; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
			i ? "," : "", p->figures[i]);
	is_str(p->figures ? buf : "(all)", want, "%s", desc);
}

static void
test_metrics_select(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	const char *bad;
	char *f;

	ok(kcc_stats_metrics_select(&p, "queue,agents", &bad) == 0 &&
			p.metrics == (KCC_M_QUEUE | KCC_M_AGENTS),
		"families alone: their bits");
	is_figures(&p, "(all)", "families alone: every figure of them");

	ok(kcc_stats_metrics_select(&p, "csat_mean,asa_s,sl,csat_mean", &bad) ==
				0 &&
			p.metrics == (KCC_M_QUEUE | KCC_M_SATISFACTION),
		"figures: the families they need");
	is_figures(&p, "csat_mean,asa_s,sl_20s_f3",
		"figures in the order given, once, the stem sl named by T and "
		"formula");

	p.sl_t = 30;
	p.sl_formula = 1;
	p.short_abandon = 10;
	ok(kcc_stats_metrics_select(&p,
		   "contacts,sl_30s_f1,abandon_rate,abandoned_short,fcr_7d",
		   &bad) == 0,
		"names under the options given");
	is_figures(&p, "sl_30s_f1,abandon_rate_10s,abandoned_short_10s,fcr_7d",
		"stems take the thresholds; contacts is not listed twice");
	bad = NULL;
	ok(kcc_stats_metrics_select(&p, "aht_s,sl_20s_f3", &bad) == -1,
		"a figure named under other options is refused");
	is_str(bad, "sl_20s_f3", "the bad word is said");
	is_figures(&p, "sl_30s_f1,abandon_rate_10s,abandoned_short_10s,fcr_7d",
		"a refused list leaves the selection as it was");
	ok(kcc_stats_metrics_select(&p, "aht,", &bad) == -1,
		"a prefix is no figure");
	is_str(bad, "aht", "the prefix is said");
	ok(kcc_stats_metrics_select(&p, "", &bad) == -1, "nothing chosen");

	ok(kcc_stats_metrics_select(&p, "share,satisfaction,asa_s", &bad) == 0,
		"figures and a family together");
	is_figures(&p,
		"share,csat_n,csat_mean,csat_top2,csat_dist,nps_n,nps,ces_n,"
		"ces_mean,asa_s",
		"a family's figures at its place in the list");
	ok(!kcc_stats_figure_wanted(&p, "citizens") &&
			kcc_stats_figure_wanted(&p, "share"),
		"citizens is not wanted unless named");

	/* What is written: contacts, then the figures in the list's order. */
	ok(kcc_stats_metrics_select(&p, "csat_top2,contacts,answered,asa_s",
		   &bad) == 0,
		"a list for writing");
	kcc_stats_init(&st, &p);
	add(&st, "[]",
		"\"start\":\"2026-03-02T09:00:00+01:00\",\"channel\":\"phone\","
		"\"outcome\":\"answered\",\"wait_s\":10,\"csat\":5");
	add(&st, "[]",
		"\"start\":\"2026-03-02T09:00:00+01:00\",\"channel\":\"phone\","
		"\"outcome\":\"answered\",\"wait_s\":31,\"csat\":3");
	f = figures(&st, "[]", 2);
	is_str(f,
		"\"contacts\":2,\"csat_top2\":0.5,\"answered\":2,"
		"\"asa_s\":20.5",
		"only the figures chosen, in their order");
	free(f);
	f = suppressed(&st);
	is_str(f,
		"\"contacts\":null,\"csat_top2\":null,\"answered\":null,"
		"\"asa_s\":null",
		"a suppressed group has the same members");
	free(f);
	kcc_stats_release(&st);
	kcc_stats_figures_free(&p);
	ok(p.figures == NULL && p.nfigures == 0 &&
			kcc_stats_figure_wanted(&p, "citizens"),
		"freed: every figure again");
}

static void
test_params(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	uint64_t f;
	char buf[200];

	/* The text kcc-stats(1) shows in its partial line example. */
	kcc_stats_params_text(&p, buf, sizeof buf);
	is_str(buf, "metrics=31 sl=20/f3 short=5 fcr=7d cit=1 tz=- where=- by=",
		"default parameters as text");
	p.sl_t = 30;
	p.sl_formula = KCC_SL_NO_SHORT;
	p.short_abandon = 10;
	p.fcr_days = 3;
	p.citizens = 0;
	p.metrics = M_ALL;
	p.by = "channel,week";
	kcc_stats_params_text(&p, buf, sizeof buf);
	is_str(buf,
		"metrics=127 sl=30/f5 short=10 fcr=3d cit=0 tz=- where=- "
		"by=channel,week",
		"every parameter in the text");
	p.by = NULL;

	p.metrics = KCC_M_VOLUME;
	is_int(kcc_stats_fields(&p), KCC_FIELD_BIT(KCC_F_kcc),
		"volume without citizens checks only the version (time keys "
		"ask for start themselves)");
	p.citizens = 1;
	is_int(kcc_stats_fields(&p),
		KCC_FIELD_BIT(KCC_F_kcc) | KCC_FIELD_BIT(KCC_F_citizen),
		"volume with citizens reads citizen");
	p.metrics = KCC_M_DEFAULT;
	f = kcc_stats_fields(&p);
	ok((f & KCC_FIELD_BIT(KCC_F_wait_s)) &&
			(f & KCC_FIELD_BIT(KCC_F_outcome)) &&
			(f & KCC_FIELD_BIT(KCC_F_acw_s)) &&
			(f & KCC_FIELD_BIT(KCC_F_resolution)) &&
			(f & KCC_FIELD_BIT(KCC_F_history_next_s)) &&
			(f & KCC_FIELD_BIT(KCC_F_ces)) &&
			!(f & KCC_FIELD_BIT(KCC_F_end)) &&
			!(f & KCC_FIELD_BIT(KCC_F_channel)),
		"default metrics: the fields they read, not end or channel");
	p.metrics = KCC_M_CONCURRENCY;
	f = kcc_stats_fields(&p);
	ok((f & KCC_FIELD_BIT(KCC_F_end)) &&
			(f & KCC_FIELD_BIT(KCC_F_wait_s)) &&
			(f & KCC_FIELD_BIT(KCC_F_outcome)),
		"concurrency reads end, wait_s and outcome");
	p.metrics = KCC_M_AGENTS;
	f = kcc_stats_fields(&p);
	ok((f & KCC_FIELD_BIT(KCC_F_channel)) &&
			(f & KCC_FIELD_BIT(KCC_F_handle_s)) &&
			(f & KCC_FIELD_BIT(KCC_F_talk_s)),
		"agents reads channel and the handle times");
}

static void
test_volume(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	char *f;

	/* phone: citizens A, A, B; chat: one record without a citizen. */
	kcc_stats_init(&st, &p);
	add(&st, "[\"phone\"]", T0 "," CIT_A);
	add(&st, "[\"phone\"]", T0 "," CIT_A);
	add(&st, "[\"phone\"]", T0 "," CIT_B);
	add(&st, "[\"chat\"]", T0);

	/* 3 of 4 contacts; A and B are 2 distinct citizens. */
	f = figures(&st, "[\"phone\"]", 4);
	check("volume phone", f, "contacts", "3");
	check("volume phone", f, "share", "0.75");
	check("volume phone", f, "citizens", "2");
	ok(strncmp(f, "\"contacts\":3,\"share\":0.75,\"citizens\":2,", 39) == 0,
		"volume: contacts, share, citizens come first, in that order");
	free(f);
	f = figures(&st, "[\"chat\"]", 4);
	check("volume chat", f, "contacts", "1");
	check("volume chat", f, "share", "0.25");
	check("volume chat", f, "citizens", "0");
	free(f);
	is_int(missing(&st).citizen, 1, "volume: one record without a citizen");

	/* A group with nothing, out of nothing: no share to speak of. */
	f = figures(&st, "[\"email\"]", 0);
	check("volume empty", f, "contacts", "0");
	check("volume empty", f, "share", "null");
	free(f);

	/* share_within: after share, over the total given for it. */
	st.params.within = 1;
	{
		struct kcc_out out;
		kcc_out_init_mem(&out);
		kcc_stats_write_figures(&st,
			kcc_stats_group(&st, "[\"phone\"]", 9), 4, 6, &out);
		f = take(&out);
	}
	ok(strncmp(f, "\"contacts\":3,\"share\":0.75,\"share_within\":0.5,",
		   45) == 0,
		"share_within: 3 of its parent's 6, after share");
	free(f);
	kcc_stats_release(&st);

	/* Without citizens, no member and no note on missing ones. */
	p.citizens = 0;
	kcc_stats_init(&st, &p);
	add(&st, "[\"x\"]", T0);
	f = figures(&st, "[\"x\"]", 1);
	check("no citizens", f, "citizens", "(absent)");
	check("no citizens", f, "share", "1");
	is_int(missing(&st).citizen, 0, "no citizens: nothing missing");
	free(f);
	kcc_stats_release(&st);

	/* Without the volume family: contacts still, share not. */
	p.metrics = KCC_M_SATISFACTION;
	kcc_stats_init(&st, &p);
	add(&st, "[\"x\"]", T0);
	f = figures(&st, "[\"x\"]", 1);
	check("no volume", f, "contacts", "1");
	check("no volume", f, "share", "(absent)");
	free(f);
	kcc_stats_release(&st);
}

static void
test_queue(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	char fields[256], *f;
	int i;

	kcc_stats_init(&st, &p);
	/*
	 * T = 20 s, S = 5 s, formula 3.  Answered: waits 10, 20 (at T,
	 * within), 31, and one without a wait.  Abandoned: 3 (short and
	 * within T), 5 (not short: short is less than S; within T), 40.
	 * One unanswered (its wait counts nowhere), one without an outcome.
	 */
	add(&st, "[\"q\"]", T0 ",\"outcome\":\"answered\",\"wait_s\":10");
	add(&st, "[\"q\"]", T0 ",\"outcome\":\"answered\",\"wait_s\":20");
	add(&st, "[\"q\"]", T0 ",\"outcome\":\"answered\",\"wait_s\":31");
	add(&st, "[\"q\"]", T0 ",\"outcome\":\"answered\"");
	add(&st, "[\"q\"]", T0 ",\"outcome\":\"abandoned\",\"wait_s\":3");
	add(&st, "[\"q\"]", T0 ",\"outcome\":\"abandoned\",\"wait_s\":5");
	add(&st, "[\"q\"]", T0 ",\"outcome\":\"abandoned\",\"wait_s\":40");
	add(&st, "[\"q\"]", T0 ",\"outcome\":\"unanswered\",\"wait_s\":7");
	add(&st, "[\"q\"]", T0 ",\"wait_s\":8");
	f = figures(&st, "[\"q\"]", 9);
	check("queue", f, "contacts", "9");
	check("queue", f, "answered", "4");
	check("queue", f, "abandoned", "3");
	check("queue", f, "unanswered", "1");
	check("queue", f, "abandoned_short_5s", "1");
	/* (3 abandoned - 1 short) / (4 answered + 3 - 1) = 2 / 6: the
	   answered record without a wait was queued too. */
	check("queue", f, "abandon_rate_5s", "0.3333333333333333");
	/* (10 + 20 + 31) / 3 = 61 / 3, not truncated to the millisecond */
	check("queue", f, "asa_s", "20.333333333333332");
	/* 10 20 31: ranks ceil(1.5) = 2, ceil(2.4) = 3, ceil(2.7) = 3, 3 */
	check("queue", f, "wait_p50_s", "20");
	check("queue", f, "wait_p80_s", "31");
	check("queue", f, "wait_p90_s", "31");
	check("queue", f, "wait_p95_s", "31");
	/* 2 answered within 20 s / (3 + 3) answered and abandoned waited */
	check("queue", f, "sl_20s_f3", "0.3333333333333333");
	free(f);
	is_int(missing(&st).outcome, 1, "queue: one record without an outcome");
	is_int(missing(&st).wait, 1, "queue: one answered record without wait");

	/*
	 * Waits 1.5, 3, ..., 30 (i * 1.5 for i = 1..20), added backwards:
	 * nearest ranks 10, 16, 18 and 19 of 20 are 15, 24, 27 and 28.5;
	 * the mean is 1.5 * 210 / 20 = 15.75.
	 */
	for (i = 20; i >= 1; i--) {
		snprintf(fields, sizeof fields,
			T0 ",\"outcome\":\"answered\",\"wait_s\":%g", i * 1.5);
		add(&st, "[\"p\"]", fields);
	}
	f = figures(&st, "[\"p\"]", 20);
	check("percentiles", f, "asa_s", "15.75");
	check("percentiles", f, "wait_p50_s", "15");
	check("percentiles", f, "wait_p80_s", "24");
	check("percentiles", f, "wait_p90_s", "27");
	check("percentiles", f, "wait_p95_s", "28.5");
	check("percentiles", f, "sl_20s_f3", "0.65"); /* 13 of 20 */
	free(f);

	/* An abandon without a wait cannot be short: (1 + 1 - 0) / 2. */
	add(&st, "[\"nw\"]", T0 ",\"outcome\":\"abandoned\"");
	add(&st, "[\"nw\"]", T0 ",\"outcome\":\"abandoned\",\"wait_s\":9");
	f = figures(&st, "[\"nw\"]", 2);
	check("abandon without a wait", f, "abandon_rate_5s", "1");
	check("abandon without a wait", f, "abandoned_short_5s", "0");
	free(f);

	/* Thresholds on the wait as kept, in ms: 20.0004 s is 20.000 s,
	   within 20; 4.9996 s is 5.000 s, not short. */
	add(&st, "[\"ms\"]", T0 ",\"outcome\":\"answered\",\"wait_s\":20.0004");
	add(&st, "[\"ms\"]", T0 ",\"outcome\":\"abandoned\",\"wait_s\":4.9996");
	f = figures(&st, "[\"ms\"]", 2);
	check("ms thresholds", f, "asa_s", "20");
	check("ms thresholds", f, "sl_20s_f3", "0.5");
	check("ms thresholds", f, "abandoned_short_5s", "0");
	free(f);

	/* Nothing queued: every ratio and percentile is null. */
	add(&st, "[\"none\"]", T0);
	f = figures(&st, "[\"none\"]", 1);
	check("no queue", f, "answered", "0");
	check("no queue", f, "abandoned_short_5s", "0");
	check("no queue", f, "abandon_rate_5s", "null");
	check("no queue", f, "asa_s", "null");
	check("no queue", f, "wait_p50_s", "null");
	check("no queue", f, "wait_p95_s", "null");
	check("no queue", f, "sl_20s_f3", "null");
	free(f);
	kcc_stats_release(&st);

	/* The thresholds name their members. */
	p.sl_t = 30;
	p.short_abandon = 10;
	p.sl_formula = KCC_SL_ANSWERED;
	kcc_stats_init(&st, &p);
	add(&st, "[\"q\"]", T0 ",\"outcome\":\"abandoned\",\"wait_s\":9.999");
	add(&st, "[\"q\"]", T0 ",\"outcome\":\"abandoned\",\"wait_s\":10");
	add(&st, "[\"q\"]", T0 ",\"outcome\":\"answered\",\"wait_s\":30");
	add(&st, "[\"q\"]", T0 ",\"outcome\":\"answered\",\"wait_s\":30.001");
	f = figures(&st, "[\"q\"]", 4);
	check("T 30, S 10", f, "abandoned_short_10s", "1");
	/* (2 - 1) / (2 + 2 - 1) */
	check("T 30, S 10", f, "abandon_rate_10s", "0.3333333333333333");
	check("T 30, S 10", f, "sl_30s_f2", "0.5"); /* 30 in, 30.001 out */
	check("T 30, S 10", f, "sl_20s_f3", "(absent)");
	free(f);
	kcc_stats_release(&st);
}

/*
 * The domain reference's example: answered 1000, abandoned 60, answered
 * within T 860, abandoned within T 20 of which 10 short, 40 abandoned
 * after T.  The boundaries are each on both sides: a wait of exactly T
 * is within it, T + 1 ms is not; a wait of exactly S is not short.
 */
static void
test_sl_formulas(void)
{
	static const char *const want[] = {
		"",                   /* no formula 0 */
		"0.8301886792452831", /* (860 + 20) / 1060 */
		"0.86",               /* 860 / 1000 */
		"0.8113207547169812", /* 860 / 1060 */
		"0.8269230769230769", /* 860 / (1000 + 40) */
		"0.819047619047619",  /* 860 / (1060 - 10) */
	};
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	char name[40], *f;
	int formula;

#define ANS T0 ",\"outcome\":\"answered\",\"wait_s\":"
#define ABD T0 ",\"outcome\":\"abandoned\",\"wait_s\":"
	for (formula = 1; formula <= 5; formula++) {
		p.sl_formula = formula;
		kcc_stats_init(&st, &p);
		add_n(&st, "[\"x\"]", ANS "15", 859);
		add(&st, "[\"x\"]", ANS "20");
		add_n(&st, "[\"x\"]", ANS "25", 139);
		add(&st, "[\"x\"]", ANS "20.001");
		add_n(&st, "[\"x\"]", ABD "2", 9);
		add(&st, "[\"x\"]", ABD "4.999");
		add_n(&st, "[\"x\"]", ABD "12", 9);
		add(&st, "[\"x\"]", ABD "5");
		add_n(&st, "[\"x\"]", ABD "60", 39);
		add(&st, "[\"x\"]", ABD "20.001");
		f = figures(&st, "[\"x\"]", 1060);
		snprintf(name, sizeof name, "sl_20s_f%d", formula);
		check("domain example", f, name, want[formula]);
		if (formula == 5) {
			check("domain example", f, "answered", "1000");
			check("domain example", f, "abandoned", "60");
			check("domain example", f, "abandoned_short_5s", "10");
			/* (60 - 10) / (1000 + 60 - 10) */
			check("domain example", f, "abandon_rate_5s",
				"0.047619047619047616");
		}
		free(f);
		kcc_stats_release(&st);
	}
#undef ANS
#undef ABD
}

static void
test_handling(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	char *f;

	kcc_stats_init(&st, &p);
	/*
	 * Handled: 100; 50 + 10 + 20.5 = 80.5 from the parts (no
	 * handle_s); a letter with no outcome and talk_s 30.  Not handled:
	 * an abandoned and an unanswered record, whatever handle_s they
	 * carry; an answered record with no time at all (missing).
	 */
	add(&st, "[\"h\"]",
		T0 ",\"outcome\":\"answered\",\"handle_s\":100,"
		   "\"resolution\":\"first_line\"");
	add(&st, "[\"h\"]",
		T0 ",\"outcome\":\"answered\",\"talk_s\":50,"
		   "\"hold_s\":10,\"acw_s\":20.5,"
		   "\"resolution\":\"first_line\"");
	add_at(&st, "[\"h\"]", "2026-03-02T09:00:00+01:00", "letter",
		"\"talk_s\":30,\"resolution\":\"callback\"");
	add(&st, "[\"h\"]",
		T0 ",\"outcome\":\"abandoned\",\"handle_s\":999,"
		   "\"resolution\":\"backoffice\"");
	add(&st, "[\"h\"]",
		T0 ",\"outcome\":\"unanswered\",\"handle_s\":500,"
		   "\"resolution\":\"expert\"");
	add(&st, "[\"h\"]",
		T0 ",\"outcome\":\"answered\","
		   "\"resolution\":\"unresolved\"");
	add(&st, "[\"h\"]",
		T0 ",\"outcome\":\"unanswered\","
		   "\"resolution\":\"referred\"");
	f = figures(&st, "[\"h\"]", 7);
	check("handling", f, "handled", "3");
	/* (100 + 80.5 + 30) / 3 = 210.5 / 3 */
	check("handling", f, "aht_s", "70.16666666666667");
	/* 30 80.5 100: ranks 2, 3, 3, 3 */
	check("handling", f, "handle_p50_s", "80.5");
	check("handling", f, "handle_p80_s", "100");
	check("handling", f, "handle_p90_s", "100");
	check("handling", f, "handle_p95_s", "100");
	/* 7 with a resolution; unresolved only in the denominator */
	check("handling", f, "first_line_rate", "0.2857142857142857"); /* 2/7 */
	check("handling", f, "callback_rate", "0.14285714285714285");  /* 1/7 */
	check("handling", f, "escalation_rate",
		"0.42857142857142855"); /* 3/7 */
	free(f);
	is_int(missing(&st).handle, 1, "handling: one answered without a time");

	/* handle_s, when present, wins over its parts. */
	add(&st, "[\"h2\"]",
		T0 ",\"outcome\":\"answered\",\"handle_s\":60,"
		   "\"talk_s\":10,\"hold_s\":5");
	f = figures(&st, "[\"h2\"]", 1);
	check("handle_s and parts", f, "aht_s", "60");
	check("handle_s and parts", f, "handle_p50_s", "60");
	free(f);

	/* Only abandoned contacts: nothing handled. */
	add(&st, "[\"h3\"]", T0 ",\"outcome\":\"abandoned\",\"handle_s\":60");
	f = figures(&st, "[\"h3\"]", 1);
	check("nothing handled", f, "handled", "0");
	check("nothing handled", f, "aht_s", "null");
	check("nothing handled", f, "handle_p50_s", "null");
	check("nothing handled", f, "first_line_rate", "null");
	check("nothing handled", f, "escalation_rate", "null");
	free(f);
	kcc_stats_release(&st);
}

static void
test_fcr(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	char *f;
	int days;

	/*
	 * With N = 7, 7 days is 604800 s.  Resolved at first contact: no
	 * next contact, and a next one after 604801 s.  Not: a next
	 * contact after exactly 604800 s (within N days), and after an
	 * hour.  The last is also a repeat (history_seq 2).  A record with
	 * no history counts nowhere, whatever else it has, nor one with a
	 * history but no history_seq; both are missing marks.
	 */
	for (days = 7; days >= 1; days -= 6) {
		p.fcr_days = days;
		kcc_stats_init(&st, &p);
		add(&st, "[\"f\"]", T0 ",\"history\":\"h1\",\"history_seq\":1");
		add(&st, "[\"f\"]",
			T0 ",\"history\":\"h2\",\"history_seq\":1,"
			   "\"history_next_s\":604800");
		add(&st, "[\"f\"]",
			T0 ",\"history\":\"h3\",\"history_seq\":1,"
			   "\"history_next_s\":604801");
		add(&st, "[\"f\"]", T0 ",\"history\":\"h5\"");
		/* 604800.0004 s is 604800.000 s as kept: within 7 days. */
		add(&st, "[\"g\"]",
			T0 ",\"history\":\"h6\",\"history_seq\":1,"
			   "\"history_next_s\":604800.0004");
		add(&st, "[\"f\"]",
			T0 ",\"history\":\"h4\",\"history_seq\":2,"
			   "\"history_next_s\":3600");
		add(&st, "[\"f\"]",
			T0 ",\"history_seq\":3,"
			   "\"history_next_s\":10");
		f = figures(&st, "[\"f\"]", 5);
		check(days == 7 ? "fcr 7 days" : "fcr 1 day", f, "with_history",
			"4");
		/* 2 of 4 within 7 days; within 1 day only the hour is not */
		if (days == 7)
			check("fcr 7 days", f, "fcr_7d", "0.5");
		else
			check("fcr 1 day", f, "fcr_1d", "0.75");
		check(days == 7 ? "fcr 7 days" : "fcr 1 day", f, "repeat_rate",
			"0.25");
		is_int(missing(&st).history, 2,
			"fcr: marks that do not go together, counted");
		free(f);
		f = figures(&st, "[\"g\"]", 1);
		check("fcr at the limit, in ms", f,
			days == 7 ? "fcr_7d" : "fcr_1d", days == 7 ? "0" : "1");
		free(f);
		kcc_stats_release(&st);
	}

	kcc_stats_init(&st, &p);
	add(&st, "[\"none\"]", T0);
	f = figures(&st, "[\"none\"]", 1);
	check("no history", f, "with_history", "0");
	check("no history", f, "fcr_1d", "null");
	check("no history", f, "repeat_rate", "null");
	free(f);
	kcc_stats_release(&st);
}

static void
test_satisfaction(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	char fields[256], *f;
	int i;

	kcc_stats_init(&st, &p);
	/* CSAT 5 5 4 2 1: mean 17 / 5, top-2 3 / 5. */
	add(&st, "[\"s\"]", T0 ",\"csat\":5");
	add(&st, "[\"s\"]", T0 ",\"csat\":5");
	add(&st, "[\"s\"]", T0 ",\"csat\":4");
	add(&st, "[\"s\"]", T0 ",\"csat\":2");
	add(&st, "[\"s\"]", T0 ",\"csat\":1");
	/* NPS 0 to 10 once each: 100 * (2 - 7) / 11 = -500 / 11. */
	for (i = 0; i <= 10; i++) {
		snprintf(fields, sizeof fields, T0 ",\"nps\":%d", i);
		add(&st, "[\"s\"]", fields);
	}
	/* CES 1 2 7: 10 / 3. */
	add(&st, "[\"s\"]", T0 ",\"ces\":1");
	add(&st, "[\"s\"]", T0 ",\"ces\":2");
	add(&st, "[\"s\"]", T0 ",\"ces\":7");
	f = figures(&st, "[\"s\"]", 19);
	check("satisfaction", f, "csat_n", "5");
	check("satisfaction", f, "csat_mean", "3.4");
	check("satisfaction", f, "csat_top2", "0.6");
	check("satisfaction", f, "csat_dist", "[1,1,0,1,2]");
	check("satisfaction", f, "nps_n", "11");
	check("satisfaction", f, "nps", "-45.45454545454545");
	check("satisfaction", f, "ces_n", "3");
	check("satisfaction", f, "ces_mean", "3.3333333333333335");
	free(f);

	/* NPS 9 10 7: two promoters, a passive: 100 * 2 / 3. */
	add(&st, "[\"s2\"]", T0 ",\"nps\":9");
	add(&st, "[\"s2\"]", T0 ",\"nps\":10");
	add(&st, "[\"s2\"]", T0 ",\"nps\":7,\"csat\":3,\"ces\":5");
	f = figures(&st, "[\"s2\"]", 3);
	check("satisfaction 2", f, "nps", "66.66666666666667");
	check("satisfaction 2", f, "csat_mean", "3");
	check("satisfaction 2", f, "csat_top2", "0");
	check("satisfaction 2", f, "csat_dist", "[0,0,1,0,0]");
	check("satisfaction 2", f, "ces_mean", "5");
	free(f);

	add(&st, "[\"none\"]", T0);
	f = figures(&st, "[\"none\"]", 1);
	check("no scores", f, "csat_n", "0");
	check("no scores", f, "csat_mean", "null");
	check("no scores", f, "csat_top2", "null");
	check("no scores", f, "csat_dist", "[0,0,0,0,0]");
	check("no scores", f, "nps_n", "0");
	check("no scores", f, "nps", "null");
	check("no scores", f, "ces_n", "0");
	check("no scores", f, "ces_mean", "null");
	free(f);
	kcc_stats_release(&st);
}

/*
 * One agent's day: the records of test_agents(), in several offsets.
 * In Europe/Amsterdam their start hours are 2026-03-02 09 (r1, r2:
 * 08:50Z is 09:50 CET), 03-02 10 (r3, r4), 03-03 09 (r5) and 07-01 09
 * (r6: 07:15Z is 09:15 CEST; r7): 4 active hours.  In each record's own
 * offset r2 is in hour 08 and r6 in 07: 6 hours.
 */
static void
add_agent_day(struct kcc_stats *st)
{
	const char *a1 = "[\"a1\"]";

	add_at(st, a1, "2026-03-02T09:10:00+01:00", "phone",
		"\"outcome\":\"answered\",\"handle_s\":600");
	add_at(st, a1, "2026-03-02T08:50:00Z", "phone",
		"\"outcome\":\"answered\",\"handle_s\":300");
	add_at(st, a1, "2026-03-02T10:05:00+01:00", "chat",
		"\"outcome\":\"answered\",\"wait_s\":30,\"handle_s\":900");
	add_at(st, a1, "2026-03-02T10:20:00+01:00", "whatsapp",
		"\"outcome\":\"abandoned\",\"wait_s\":12,\"handle_s\":50");
	add_at(st, a1, "2026-03-03T09:00:00+01:00", "phone",
		"\"outcome\":\"answered\",\"wait_s\":45,\"talk_s\":100");
	add_at(st, a1, "2026-07-01T07:15:00Z", "email", "\"handle_s\":200");
	add_at(st, a1, "2026-07-01T09:40:00+02:00", "sms",
		"\"outcome\":\"answered\",\"wait_s\":6,\"handle_s\":100");
}

static void
test_agents(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	struct kcc_tz *tz;
	const char *why = "";
	char *f;

	p.metrics = KCC_M_AGENTS;
	if ((tz = kcc_tz_load("Europe/Amsterdam", &why)) == NULL)
		printf("ok %d # SKIP no zone Europe/Amsterdam: %s\n", ++tap_n,
			why);
	else {
		p.tz = tz;
		kcc_stats_init(&st, &p);
		add_agent_day(&st);
		f = figures(&st, "[\"a1\"]", 7);
		/*
		 * 7 contacts in 4 hours: 1.75 an hour.  Handle time 600 +
		 * 300 + 900 + 100 (r5's talk) + 200 + 100 = 2200 s; r4 was
		 * abandoned and its 50 s do not count.  Occupancy 2200 /
		 * (4 * 3600).  Answered messaging with a wait: r3 chat
		 * 30, r7 sms 6: 36 / 2; not r4, a whatsapp that was
		 * abandoned, nor r5, which waited on the phone.
		 */
		is_str(f,
			"\"contacts\":7,\"active_hours\":4,"
			"\"contacts_per_active_hour\":1.75,"
			"\"handle_time_s\":2200,"
			"\"occupancy_proxy\":0.1527777777777778,"
			"\"frt_n\":2,\"frt_mean_s\":18",
			"agents in Europe/Amsterdam");
		free(f);
		kcc_stats_release(&st);
		kcc_tz_free(tz);
	}

	/* Without a zone, each record's own offset (kcc-stats(1) --tz). */
	p.tz = NULL;
	kcc_stats_init(&st, &p);
	add_agent_day(&st);
	f = figures(&st, "[\"a1\"]", 7);
	check("agents, own offsets", f, "active_hours", "6");
	check("agents, own offsets", f, "contacts_per_active_hour",
		"1.1666666666666667"); /* 7 / 6 */
	check("agents, own offsets", f, "occupancy_proxy",
		"0.10185185185185185"); /* 2200 / 21600 */
	free(f);

	add(&st, "[\"none\"]", T0 ",\"outcome\":\"abandoned\"");
	f = figures(&st, "[\"none\"]", 1);
	is_str(f,
		"\"contacts\":1,\"active_hours\":1,"
		"\"contacts_per_active_hour\":1,\"handle_time_s\":0,"
		"\"occupancy_proxy\":0,\"frt_n\":0,\"frt_mean_s\":null",
		"agents: nothing handled, no messaging");
	free(f);
	f = figures(&st, "[\"empty\"]", 0);
	is_str(f,
		"\"contacts\":0,\"active_hours\":0,"
		"\"contacts_per_active_hour\":null,\"handle_time_s\":0,"
		"\"occupancy_proxy\":null,\"frt_n\":0,\"frt_mean_s\":null",
		"agents: an empty group");
	free(f);
	kcc_stats_release(&st);
}

static void
test_concurrency(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	char *f;

	p.metrics = KCC_M_CONCURRENCY;
	kcc_stats_init(&st, &p);
	/*
	 * In seconds after 10:00Z, in progress from start + wait to end:
	 * A [0, 600), B [240 + 60, 720), C [480, 540) (given at +01:00).
	 * All three from 480 to 540: max 3.  Lengths 600 + 420 + 60 =
	 * 1080 over a union [0, 720) of 720 s: mean 1.5.  D waits past its
	 * end (an empty interval, no time); E was abandoned and F has no
	 * end (missing): neither is in the sweep.
	 */
#define ANSWERED_TO(t) "\"outcome\":\"answered\",\"end\":\"" t "\""
	add_at(&st, "[\"c\"]", "2026-03-02T10:00:00Z", "phone",
		ANSWERED_TO("2026-03-02T10:10:00Z"));
	add_at(&st, "[\"c\"]", "2026-03-02T10:04:00Z", "phone",
		"\"wait_s\":60," ANSWERED_TO("2026-03-02T10:12:00Z"));
	add_at(&st, "[\"c\"]", "2026-03-02T11:08:00+01:00", "chat",
		ANSWERED_TO("2026-03-02T10:09:00Z"));
	add_at(&st, "[\"c\"]", "2026-03-02T11:00:00Z", "phone",
		"\"wait_s\":120," ANSWERED_TO("2026-03-02T11:01:00Z"));
	add_at(&st, "[\"c\"]", "2026-03-02T10:00:00Z", "phone",
		"\"outcome\":\"abandoned\",\"end\":\"2026-03-02T10:30:00Z\"");
	add_at(&st, "[\"c\"]", "2026-03-02T10:00:00Z", "phone",
		"\"outcome\":\"answered\"");
	f = figures(&st, "[\"c\"]", 6);
	is_str(f,
		"\"contacts\":6,\"concurrency_max\":3,"
		"\"concurrency_mean\":1.5,\"busy_s\":720",
		"three overlapping contacts");
	free(f);
	is_int(missing(&st).start_end, 1, "concurrency: one answered, no end");

	/* Back to back: [0, 60) and [60, 120) never overlap. */
	add_at(&st, "[\"c2\"]", "2026-03-02T10:00:00Z", "phone",
		ANSWERED_TO("2026-03-02T10:01:00Z"));
	add_at(&st, "[\"c2\"]", "2026-03-02T10:01:00Z", "phone",
		ANSWERED_TO("2026-03-02T10:02:00Z"));
#undef ANSWERED_TO
	f = figures(&st, "[\"c2\"]", 2);
	is_str(f,
		"\"contacts\":2,\"concurrency_max\":1,"
		"\"concurrency_mean\":1,\"busy_s\":120",
		"back to back contacts");
	free(f);

	f = figures(&st, "[\"none\"]", 0);
	is_str(f,
		"\"contacts\":0,\"concurrency_max\":0,"
		"\"concurrency_mean\":null,\"busy_s\":0",
		"no contacts in progress");
	free(f);
	kcc_stats_release(&st);
}

/* A fixed pseudo-random sequence (splitmix64), the same on every run. */
static uint64_t rng_state;

static uint64_t
rng(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static void
utc_text(int64_t sec, char *buf, size_t size)
{
	time_t t = (time_t)sec;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		abort();
}

/*
 * Record i of a varied data set, with every field some figure reads
 * present or absent: its members into fields and its group key, by
 * channel or null, into key.
 */
static void
gen_record(int i, char *fields, size_t size, char *key, size_t keysize)
{
	static const char *const channels[] = {"phone", "chat", "email",
		"whatsapp"};
	static const char *const outcomes[] = {NULL, "answered", "answered",
		"abandoned", "unanswered"};
	static const char *const resolutions[] = {NULL, "first_line",
		"callback", "backoffice", "unresolved"};
	const char *ch = channels[rng() % 4], *o = outcomes[rng() % 5],
		   *res = resolutions[rng() % 5];
	int64_t start = 1772438400 + (int64_t)(rng() % (3 * 86400));
	uint64_t wait_ms = rng() % 90000;
	struct kcc_out out;
	char t[40];

	kcc_out_init_mem(&out);
	utc_text(start, t, sizeof t);
	kcc_out_printf(&out, "\"start\":\"%s\",\"channel\":\"%s\"", t, ch);
	if (rng() % 5 != 0)
		kcc_out_printf(&out, ",\"citizen\":\"%016llx\"",
			(unsigned long long)(rng() % 15));
	if (o != NULL)
		kcc_out_printf(&out, ",\"outcome\":\"%s\"", o);
	if (rng() % 4 != 0)
		kcc_out_printf(&out, ",\"wait_s\":%llu.%03llu",
			(unsigned long long)(wait_ms / 1000),
			(unsigned long long)(wait_ms % 1000));
	switch (rng() % 3) {
	case 0:
		kcc_out_printf(&out, ",\"handle_s\":%.3f",
			(double)(rng() % 900000) / 1000);
		break;
	case 1:
		kcc_out_printf(&out, ",\"talk_s\":%u,\"acw_s\":%u",
			(unsigned)(rng() % 600), (unsigned)(rng() % 60));
		break;
	}
	if (rng() % 3 != 0) {
		utc_text(start + (int64_t)(wait_ms / 1000) + 60 +
				 (int64_t)(rng() % 1200),
			t, sizeof t);
		kcc_out_printf(&out, ",\"end\":\"%s\"", t);
	}
	if (res != NULL)
		kcc_out_printf(&out, ",\"resolution\":\"%s\"", res);
	if (rng() % 2) {
		kcc_out_printf(&out, ",\"history\":\"h%u\",\"history_seq\":%u",
			(unsigned)(rng() % 50), 1 + (unsigned)(rng() % 3));
		if (rng() % 2)
			kcc_out_printf(&out, ",\"history_next_s\":%u",
				(unsigned)(rng() % (20 * 86400)));
	}
	if (rng() % 3 == 0)
		kcc_out_printf(&out, ",\"csat\":%u", 1 + (unsigned)(rng() % 5));
	if (rng() % 3 == 0)
		kcc_out_printf(&out, ",\"nps\":%u", (unsigned)(rng() % 11));
	if (rng() % 3 == 0)
		kcc_out_printf(&out, ",\"ces\":%u", 1 + (unsigned)(rng() % 7));
	snprintf(fields, size, "%.*s", (int)out.len, out.buf);
	kcc_out_close(&out);
	if (i % 7 == 0)
		snprintf(key, keysize, "[null]");
	else
		snprintf(key, keysize, "[\"%s\"]", ch);
}

#define NRECORDS 600

/* Records [0, NRECORDS) with i % parts == part (parts 1: all) into st. */
static void
add_set(struct kcc_stats *st, int parts, int part)
{
	char fields[1024], key[64];
	int i;

	rng_state = 42;
	for (i = 0; i < NRECORDS; i++) {
		gen_record(i, fields, sizeof fields, key, sizeof key);
		if (i % parts == part)
			add(st, key, fields);
	}
}

static void
test_merge(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats all, a, b, m;
	char *want, *got, *before, *figs;

	p.metrics = M_ALL;
	kcc_stats_init(&all, &p);
	kcc_stats_init(&a, &p);
	kcc_stats_init(&b, &p);
	kcc_stats_init(&m, &p);
	add_set(&all, 1, 0);
	add_set(&a, 3, 0);
	add_set(&b, 3, 1);
	add_set(&b, 3, 2);
	kcc_stats_sort(&all);
	is_int(all.n, 5, "data set: phone, chat, email, whatsapp, null");
	want = partials(&all);
	figs = all_figures(&all);

	/* Into an empty table, b first: another order than the input's. */
	before = partials(&b);
	kcc_stats_merge(&m, &b);
	kcc_stats_merge(&m, &a);
	kcc_stats_sort(&m);
	got = partials(&m);
	ok(strcmp(got, want) == 0, "b + a merged: the partial bytes of all");
	free(got);
	got = all_figures(&m);
	is_str(got, figs, "b + a merged: the figures of all");
	free(got);
	{
		struct kcc_stats_missing mm = missing(&m), ma = missing(&all);
		ok(memcmp(&mm, &ma, sizeof mm) == 0,
			"b + a merged: the notes on missing fields of all");
	}
	got = partials(&b);
	ok(strcmp(got, before) == 0, "merge leaves its source as it was");
	free(got);
	free(before);

	/* Into a table that has groups of its own. */
	kcc_stats_merge(&a, &b);
	kcc_stats_sort(&a);
	got = partials(&a);
	ok(strcmp(got, want) == 0, "a += b: the partial bytes of all");
	free(got);

	/* An empty table merged changes nothing. */
	kcc_stats_release(&b);
	kcc_stats_init(&b, &p);
	kcc_stats_merge(&a, &b);
	got = partials(&a);
	ok(strcmp(got, want) == 0, "merging an empty table: no change");
	free(got);

	free(want);
	free(figs);
	kcc_stats_release(&all);
	kcc_stats_release(&a);
	kcc_stats_release(&b);
	kcc_stats_release(&m);
}

/* Read every line of text into st; the number of lines that failed. */
static int
read_lines(struct kcc_stats *st, const char *text)
{
	const char *p = text, *e;
	char why[300];
	int bad = 0;

	while (*p != '\0') {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (kcc_stats_read_partial(st, p, (size_t)(e - p), why,
			    sizeof why) != 0) {
			printf("#   %s\n", why);
			bad++;
		}
		p = *e != '\0' ? e + 1 : e;
	}
	return bad;
}

static void
test_partial(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	static const char head[] =
		"{\"kcc_stats_partial\":1,\"params\":\"metrics=127 sl=20/f3 "
		"short=5 fcr=7d cit=1 tz=- where=- "
		"by=\",\"key\":[null],\"acc\":{"
		"\"contacts\":";
	struct kcc_stats all, a, b, r;
	char *want, *figs, *got, *text;

	p.metrics = M_ALL;
	kcc_stats_init(&all, &p);
	add_set(&all, 1, 0);
	kcc_stats_sort(&all);
	want = partials(&all);
	figs = all_figures(&all);
	ok(strncmp(want, head, strlen(head)) == 0,
		"partial line: marker, params, key, then the accumulators");

	/* Written, read back, written again: the same bytes and figures. */
	kcc_stats_init(&r, &p);
	is_int(read_lines(&r, want), 0, "every partial line reads back");
	kcc_stats_sort(&r);
	got = partials(&r);
	ok(strcmp(got, want) == 0, "read back: the same partial bytes");
	free(got);
	got = all_figures(&r);
	is_str(got, figs, "read back: the same figures");
	free(got);
	kcc_stats_release(&r);

	/* The --combine path: partial lines of two parts, in any order. */
	kcc_stats_init(&a, &p);
	kcc_stats_init(&b, &p);
	add_set(&a, 2, 0);
	add_set(&b, 2, 1);
	kcc_stats_init(&r, &p);
	text = partials(&b);
	is_int(read_lines(&r, text), 0, "part b reads");
	free(text);
	text = partials(&a);
	is_int(read_lines(&r, text), 0, "part a reads");
	free(text);
	kcc_stats_sort(&r);
	got = all_figures(&r);
	is_str(got, figs, "two parts combined: the figures of all");
	free(got);
	got = partials(&r);
	ok(strcmp(got, want) == 0, "two parts combined: the partial bytes");
	free(got);
	{
		struct kcc_stats_missing mr = missing(&r), ma = missing(&all);
		ok(memcmp(&mr, &ma, sizeof mr) == 0 &&
				mr.outcome + mr.wait + mr.handle + mr.citizen +
						mr.start_end >
					0,
			"two parts combined: the notes on missing fields "
			"of all");
	}
	kcc_stats_release(&r);
	kcc_stats_release(&a);
	kcc_stats_release(&b);

	free(want);
	free(figs);
	kcc_stats_release(&all);
}

static void
test_partial_params(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT, q;
	struct kcc_stats st, other;
	const char *tzwhy;
	char why[300], *text;
	size_t len;
	int r;

	kcc_stats_init(&st, &p);
	add(&st, "[\"x\"]", T0 ",\"outcome\":\"answered\",\"wait_s\":3");
	text = partials(&st);
	len = strlen(text) - 1; /* without its newline */

	q = p;
	q.sl_t = 30;
	kcc_stats_init(&other, &q);
	snprintf(why, sizeof why, "(nothing)");
	ok(kcc_stats_read_partial(&other, text, len, why, sizeof why) == -1,
		"a partial line of other options is refused");
	is_str(why,
		"written with other options ('metrics=31 sl=20/f3 short=5 "
		"fcr=7d cit=1 tz=- where=- by=', not 'metrics=31 sl=30/f3 "
		"short=5 fcr=7d "
		"cit=1 tz=- where=- by=')",
		"the message names both");
	is_int(other.n, 0, "nothing was added");
	kcc_stats_release(&other);

	q = p;
	q.metrics = M_ALL;
	kcc_stats_init(&other, &q);
	ok(kcc_stats_read_partial(&other, text, len, why, sizeof why) == -1,
		"other metrics: refused");
	kcc_stats_release(&other);
	q = p;
	q.citizens = 0;
	kcc_stats_init(&other, &q);
	ok(kcc_stats_read_partial(&other, text, len, why, sizeof why) == -1,
		"without citizens: refused");
	kcc_stats_release(&other);

	/* The zone and the filter act where records are read, so partials
	 * made under others do not mix. */
	q = p;
	q.tz = kcc_tz_load("UTC", &tzwhy);
	kcc_stats_init(&other, &q);
	ok(kcc_stats_read_partial(&other, text, len, why, sizeof why) == -1 &&
			strstr(why, "tz=UTC") != NULL,
		"another zone: refused");
	kcc_stats_release(&other);
	kcc_tz_free(q.tz);
	q = p;
	q.where = ".channel == \"phone\"";
	kcc_stats_init(&other, &q);
	ok(kcc_stats_read_partial(&other, text, len, why, sizeof why) == -1,
		"another --where: refused");
	kcc_stats_release(&other);
	free(text);
	kcc_stats_release(&st);

	/*
	 * The keys' names are a parameter too: the lines of a run by
	 * channel are not lines of a run by channel and week.
	 */
	q = p;
	q.by = "channel";
	kcc_stats_init(&st, &q);
	add(&st, "[\"phone\"]", T0);
	text = partials(&st);
	len = strlen(text) - 1;
	q.by = "channel,week";
	kcc_stats_init(&other, &q);
	ok(kcc_stats_read_partial(&other, text, len, why, sizeof why) == -1 &&
			strstr(why, "by=channel', not") != NULL &&
			strstr(why, "by=channel,week')") != NULL,
		"other keys: refused, both named");
	kcc_stats_release(&other);
	q.by = "channel";
	kcc_stats_init(&other, &q);
	ok(kcc_stats_read_partial(&other, text, len, why, sizeof why) == 0,
		"the same keys: read");
	kcc_stats_release(&other);
	free(text);
	kcc_stats_release(&st);

	/*
	 * A jq: key is named by its program (kcc-stats(1) Groups), and
	 * programs hold quotes: --by 'jq:.queue // "none"'.  The writer
	 * escapes the params string as JSON and the reader compares the
	 * escaped text with the plain one, so such a run's own partial
	 * lines are refused as "written with other options".  Found by
	 * these tests; lib/stats.c left as it is.
	 */
	q = p;
	q.by = "jq:.queue // \"none\"";
	kcc_stats_init(&st, &q);
	add(&st, "[\"none\"]", T0);
	text = partials(&st);
	len = strlen(text) - 1;
	kcc_stats_init(&other, &q);
	snprintf(why, sizeof why, "(nothing)");
	r = kcc_stats_read_partial(&other, text, len, why, sizeof why);
	regression(r == 0, "params compared escaped against plain",
		"a jq key with quotes: its own partial line reads back");
	if (r != 0)
		printf("#   why: %s\n", why);
	kcc_stats_release(&other);
	free(text);
	kcc_stats_release(&st);

	/*
	 * The names are cut to 100 bytes in the params text, so two runs
	 * whose keys differ only after that pass for the same.  Found by
	 * these tests; lib/stats.c left as it is.
	 */
	q = p;
	q.by = "jq:.ext.a_long_program_name_that_goes_on_and_on_and_on, "
	       "jq:.ext.and_a_second_one_that_is_just_as_long_as_the_"
	       "first,agent";
	kcc_stats_init(&st, &q);
	add(&st, "[\"a\",\"b\",\"c\"]", T0);
	text = partials(&st);
	len = strlen(text) - 1;
	q.by = "jq:.ext.a_long_program_name_that_goes_on_and_on_and_on, "
	       "jq:.ext.and_a_second_one_that_is_just_as_long_as_the_"
	       "first,team";
	kcc_stats_init(&other, &q);
	regression(kcc_stats_read_partial(&other, text, len, why, sizeof why) ==
			   -1,
		"params text cuts the key names at 100 bytes",
		"keys that differ after 100 bytes: refused");
	kcc_stats_release(&other);
	free(text);
	kcc_stats_release(&st);
}

/* The start of a partial line under KCC_STATS_PARAMS_DEFAULT. */
#define PARAMS                                                                 \
	"\"params\":\"metrics=31 sl=20/f3 short=5 fcr=7d cit=1 tz=- where=- "  \
	"by=\","
#define HEAD "{\"kcc_stats_partial\":1," PARAMS

/* A partial line whose accumulator `acc` holds a number out of range. */
static void
out_of_range(struct kcc_stats *st, const char *acc, const char *what,
	int undefined)
{
	char line[1024], why[300], desc[200];

	snprintf(desc, sizeof desc, "refused: %s", what);
	(void)undefined; /* out of range once reached a cast: UB */
	snprintf(line, sizeof line, HEAD "\"key\":[\"x\"],\"acc\":%s}", acc);
	regression(kcc_stats_read_partial(st, line, strlen(line), why,
			   sizeof why) == -1,
		"read_partial takes any whole number", desc);
}

/* Lines that are no partial line, or are one with a bad accumulator. */
static void
test_partial_bad(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	char line[1024], why[300], *good;
	size_t i, k, fails = 0;

	static const struct {
		const char *line, *why;
	} bad[] = {
		{"", "not a partial line: "},
		{"not json", "not a partial line: "},
		{"[1]", "not a partial line: "},
		{"{\"kcc_stats_partial\":1", "not a partial line: "},
		{"{}", "not a kcc-stats partial line"},
		{"{\"kcc\":1,\"id\":\"c\"}", "not a kcc-stats partial line"},
		{"{\"kcc_stats_partial\":2,\"params\":\"metrics=31 sl=20/f3 "
		 "short=5 fcr=7d cit=1 tz=- where=- "
		 "by=\",\"key\":[\"x\"],\"acc\":{}}",
			"not a kcc-stats partial line"},
		{HEAD "\"key\":\"x\",\"acc\":{}}",
			"not a kcc-stats partial line"},
		{HEAD "\"key\":[\"x\"]}", "not a kcc-stats partial line"},
		{HEAD "\"key\":[\"x\"],\"acc\":[]}",
			"not a kcc-stats partial line"},
		{"{\"kcc_stats_partial\":1,\"params\":31,\"key\":[\"x\"],"
		 "\"acc\":{}}",
			"not a kcc-stats partial line"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"contacts\":1.5}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"contacts\":\"1\"}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"contacts\":null}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"nosuch\":1}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"csat\":[1,2]}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"csat\":[0,0,0,0,0,0,0]}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"csat\":[0,0,0,0,0,1],"
		      "\"csat\":[0,0,0,0,0,1]}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"contacts\":1,\"contacts\":1}"
		      "}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"nps\":[0,0,0,0,0,0,0,0,0,0,"
		      "-1]}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"ces\":{}}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"wait\":[[5,1],[3,1]]}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"handle\":[[5,0]]}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"hours\":{}}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"citizens\":[\"b\",\"a\"]}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"sweep\":[[5,3]]}}",
			"a partial line with a bad accumulator"},
		{HEAD "\"key\":[\"x\"],\"acc\":{\"a_very_long_member_name_that_"
		      "does_not_fit_in_the_readers_buffer_of_64\":1}}",
			"a partial line with a bad accumulator"},
	};

	kcc_stats_init(&st, &p);
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(why, sizeof why, "(nothing)");
		if (!ok(kcc_stats_read_partial(&st, bad[i].line,
				strlen(bad[i].line), why, sizeof why) == -1 &&
				    strncmp(why, bad[i].why,
					    strlen(bad[i].why)) == 0,
			    "refused: %s", bad[i].line))
			printf("#   why: %s\n", why);
	}
	is_int(st.n, 0, "no group made by a refused line");

	/*
	 * The marker is checked by its text only: the string "1" passes
	 * for the number 1, and the line is read.  Found by these tests;
	 * lib/stats.c left as it is.
	 */
	snprintf(line, sizeof line,
		"{\"kcc_stats_partial\":\"1\"," PARAMS "\"key\":[\"x\"],"
		"\"acc\":{\"contacts\":1}}");
	regression(kcc_stats_read_partial(&st, line, strlen(line), why,
			   sizeof why) == -1,
		"the marker's type is not checked",
		"refused: a marker \"kcc_stats_partial\":\"1\"");
	kcc_stats_release(&st);
	kcc_stats_init(&st, &p);

	/* Every prefix of a good line is refused. */
	add(&st, "[\"x\"]",
		T0 ",\"outcome\":\"answered\",\"wait_s\":3," CIT_A
		   ",\"end\":\"2026-03-02T09:10:00+01:00\"");
	good = partials(&st);
	kcc_stats_release(&st);
	kcc_stats_init(&st, &p);
	for (k = 0; k + 1 < strlen(good); k++)
		if (kcc_stats_read_partial(&st, good, k, why, sizeof why) !=
				-1 ||
			st.n != 0)
			fails++;
	is_int(fails, 0, "every prefix of a good partial line refused");
	ok(kcc_stats_read_partial(&st, good, strlen(good) - 1, why,
		   sizeof why) == 0 &&
			st.n == 1 && st.groups[0]->acc.contacts == 1,
		"the whole line reads");
	free(good);
	kcc_stats_release(&st);

	/*
	 * Counts are unsigned and sums of durations never negative, but
	 * the reader checks only that a number is whole.  A negative sum
	 * is taken as it is; a negative count, or any number past the
	 * range of its member, is converted from double all the same,
	 * which is undefined behaviour (C11 6.3.1.4: clang's UBSan stops
	 * at stats.c "a.m = (__typeof__(a.m))d"), where it should be a
	 * refused line.  Found by these tests; lib/stats.c left as it is.
	 */
	kcc_stats_init(&st, &p);
	out_of_range(&st, "{\"handle_ms\":-1000}", "a negative handle time sum",
		0);
	out_of_range(&st, "{\"contacts\":-1}", "a negative contact count", 1);
	out_of_range(&st, "{\"ans_wait_ms\":1e300}", "a wait sum past int64",
		1);
	out_of_range(&st, "{\"csat\":[0,0,0,0,0,1e300]}",
		"a score count past uint64", 1);
	kcc_stats_release(&st);
}

/*
 * Sort the one-key groups in[0..n) and compare with want; `bug`, when not
 * NULL, names the bug the case once showed.
 */
static void
sorts(const char *const *in, const char *const *want, size_t n,
	const char *what, const char *bug)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	size_t i;
	int same;

	kcc_stats_init(&st, &p);
	for (i = 0; i < n; i++)
		kcc_stats_group(&st, in[i], strlen(in[i]));
	kcc_stats_sort(&st);
	same = st.n == n;
	for (i = 0; same && i < n; i++)
		same = strcmp(st.groups[i]->key, want[i]) == 0;
	if (bug == NULL)
		ok(same, "%s", what);
	else
		regression(same, bug, what);
	if (!same)
		for (i = 0; i < st.n; i++)
			printf("#   got %s, want %s\n", st.groups[i]->key,
				i < n ? want[i] : "");
	kcc_stats_release(&st);
}

/*
 * Time buckets in the hour the clocks go back: the same local hour comes
 * twice, the larger offset first (it is the earlier instant).
 */
static void
test_sort_autumn(void)
{
	/* Europe/Amsterdam, 2026-10-25: 02 comes at +02:00, then +01:00. */
	static const char *const ams[] = {"[\"2026-10-25T03+01:00\"]",
		"[\"2026-10-25T02+01:00\"]", "[\"2026-10-25T02+02:00\"]",
		"[\"2026-10-25T01+02:00\"]"};
	static const char *const ams_sorted[] = {"[\"2026-10-25T01+02:00\"]",
		"[\"2026-10-25T02+02:00\"]", "[\"2026-10-25T02+01:00\"]",
		"[\"2026-10-25T03+01:00\"]"};
	/* America/New_York, 2026-11-01: 01 at -04:00, then at -05:00. */
	static const char *const nyc[] = {"[\"2026-11-01T02-05:00\"]",
		"[\"2026-11-01T01-05:00\"]", "[\"2026-11-01T00-04:00\"]",
		"[\"2026-11-01T01-04:00\"]"};
	static const char *const nyc_sorted[] = {"[\"2026-11-01T00-04:00\"]",
		"[\"2026-11-01T01-04:00\"]", "[\"2026-11-01T01-05:00\"]",
		"[\"2026-11-01T02-05:00\"]"};
	/* Europe/London, 2026-10-25: 01 at +01:00, then at offset 0 (Z). */
	static const char *const lon[] = {"[\"2026-10-25T01Z\"]",
		"[\"2026-10-25T01+01:00\"]", "[\"2026-10-25T02Z\"]"};
	static const char *const lon_sorted[] = {"[\"2026-10-25T01+01:00\"]",
		"[\"2026-10-25T01Z\"]", "[\"2026-10-25T02Z\"]"};
	/*
	 * Atlantic/Azores, 2026-10-25: 00 at offset 0 (Z, 00:00Z-01:00Z),
	 * then at -01:00 (01:00Z-02:00Z), as kcc_time_bucket() labels
	 * them.  The offset rule only compares "+HH:MM" with "-HH:MM"
	 * labels of one length, so "Z" is compared bytewise and '-' sorts
	 * before it: the later hour comes first.
	 */
	static const char *const azo[] = {"[\"2026-10-25T00-01:00\"]",
		"[\"2026-10-25T00Z\"]"};
	static const char *const azo_sorted[] = {"[\"2026-10-25T00Z\"]",
		"[\"2026-10-25T00-01:00\"]"};
	/*
	 * 30-minute intervals in Amsterdam's repeated hour, in time order:
	 * 02:00 and 02:30 at +02:00 (00:00Z, 00:30Z), then at +01:00
	 * (01:00Z, 01:30Z).  The offset rule applies only to labels equal
	 * up to the offset, so 02:00+01:00 sorts before 02:30+02:00.
	 */
	static const char *const half[] = {"[\"2026-10-25T02:30+01:00\"]",
		"[\"2026-10-25T02:00+01:00\"]", "[\"2026-10-25T02:30+02:00\"]",
		"[\"2026-10-25T02:00+02:00\"]"};
	static const char *const half_sorted[] =
		{"[\"2026-10-25T02:00+02:00\"]", "[\"2026-10-25T02:30+02:00\"]",
			"[\"2026-10-25T02:00+01:00\"]",
			"[\"2026-10-25T02:30+01:00\"]"};

	sorts(ams, ams_sorted, 4, "autumn hour, Amsterdam: in time order",
		NULL);
	sorts(nyc, nyc_sorted, 4, "autumn hour, New York: in time order", NULL);
	sorts(lon, lon_sorted, 3, "autumn hour, London (Z): in time order",
		NULL);
	sorts(azo, azo_sorted, 2, "autumn hour, Azores (Z): in time order",
		"an offset of Z is not compared as an offset");
	sorts(half, half_sorted, 4,
		"30-minute intervals of the autumn hour: in time order",
		"labels that differ before the offset are compared bytewise");
}

static void
test_sort(void)
{
	static const char *const keys[] = {"[\"phone\",\"2026-W10\"]",
		"[null,\"2026-W09\"]", "[\"chat\",null]",
		"[\"chat\",\"2026-W09\"]", "[null,null]",
		"[\"phone\",\"2026-W09\"]", "[\"chat\",\"2026-W10\"]",
		"[\"ch\",\"2026-W10\"]", "[\"chats\",null]"};
	static const char *const sorted[] = {"[null,null]",
		"[null,\"2026-W09\"]", "[\"ch\",\"2026-W10\"]",
		"[\"chat\",null]", "[\"chat\",\"2026-W09\"]",
		"[\"chat\",\"2026-W10\"]", "[\"chats\",null]",
		"[\"phone\",\"2026-W09\"]", "[\"phone\",\"2026-W10\"]"};
	static const char *const nums[] = {"[9]", "[10]", "[null]", "[2.5]",
		"[-1]"};
	static const char *const nums_sorted[] = {"[null]", "[-1]", "[10]",
		"[2.5]", "[9]"};
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats_group *made[200];
	struct kcc_stats st;
	size_t i, n = sizeof keys / sizeof *keys, fails = 0;
	char key[32];

	kcc_stats_init(&st, &p);
	for (i = 0; i < n; i++)
		made[i] = kcc_stats_group(&st, keys[i], strlen(keys[i]));
	kcc_stats_sort(&st);
	is_int(st.n, n, "sort keeps every group");
	for (i = 0; i < n && i < st.n; i++)
		is_str(st.groups[i]->key, sorted[i], "sorted %zu: %s", i,
			sorted[i]);
	for (i = 0; i < n; i++)
		if (kcc_stats_group(&st, keys[i], strlen(keys[i])) != made[i])
			fails++;
	is_int(fails, 0, "after sorting each key finds its group");
	is_int(st.n, n, "and makes none");
	kcc_stats_release(&st);

	/* Numbers: bytewise on their text, null first. */
	n = sizeof nums / sizeof *nums;
	kcc_stats_init(&st, &p);
	for (i = 0; i < n; i++)
		kcc_stats_group(&st, nums[i], strlen(nums[i]));
	kcc_stats_sort(&st);
	for (i = 0; i < n && i < st.n; i++)
		is_str(st.groups[i]->key, nums_sorted[i], "sorted %zu: %s", i,
			nums_sorted[i]);
	kcc_stats_release(&st);

	/* Enough groups to grow the index, in reverse order. */
	kcc_stats_init(&st, &p);
	for (i = 0; i < 200; i++) {
		snprintf(key, sizeof key, "[\"g%03zu\"]", 199 - i);
		made[199 - i] = kcc_stats_group(&st, key, strlen(key));
	}
	kcc_stats_sort(&st);
	fails = 0;
	for (i = 0; i < 200; i++) {
		snprintf(key, sizeof key, "[\"g%03zu\"]", i);
		if (st.groups[i] != made[i] || strcmp(st.groups[i]->key, key) ||
			kcc_stats_group(&st, key, strlen(key)) != made[i])
			fails++;
	}
	is_int(fails, 0, "200 groups: sorted, each found again");
	is_int(st.n, 200, "200 groups and no more");
	kcc_stats_release(&st);

	test_sort_autumn();
}

/*
 * A suppressed group has the members of a real one, each null: compare
 * names with the figures of a group with data of every kind.
 */
static void
suppressed_like(unsigned metrics, int citizens, const char *what)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	char *real, *sup, *rn, *sn;
	size_t real_nonnull, sup_nonnull;

	p.metrics = metrics;
	p.citizens = citizens;
	kcc_stats_init(&st, &p);
	add_set(&st, 1, 0);
	kcc_stats_sort(&st);
	real = figures(&st, "[\"phone\"]", NRECORDS);
	sup = suppressed(&st);
	rn = names_of(real, &real_nonnull);
	sn = names_of(sup, &sup_nonnull);
	ok(rn != NULL && sn != NULL && real_nonnull > 0,
		"%s: figures and suppressed figures are JSON members", what);
	is_str(sn, rn, "%s: suppressed has the same members", what);
	is_int(sup_nonnull, 0, "%s: every suppressed value is null", what);
	free(real);
	free(sup);
	free(rn);
	free(sn);
	kcc_stats_release(&st);
}

static void
test_suppressed(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	char *f;

	suppressed_like(M_ALL, 1, "all metrics");
	suppressed_like(KCC_M_DEFAULT, 1, "default metrics");
	suppressed_like(KCC_M_QUEUE | KCC_M_AGENTS, 0, "queue, agents");

	/* The arrays of a real group ([1,2,0,0,0]) leave no trace. */
	p.metrics = KCC_M_VOLUME | KCC_M_SATISFACTION;
	kcc_stats_init(&st, &p);
	f = suppressed(&st);
	is_str(f,
		"\"contacts\":null,\"share\":null,\"citizens\":null,"
		"\"csat_n\":null,\"csat_mean\":null,\"csat_top2\":null,"
		"\"csat_dist\":null,\"nps_n\":null,\"nps\":null,"
		"\"ces_n\":null,\"ces_mean\":null",
		"suppressed volume and satisfaction");
	free(f);
	kcc_stats_release(&st);
}

/* n records in group key, each of its own citizen. */
static void
add_citizens(struct kcc_stats *st, const char *key, int n)
{
	static unsigned long long next = 1;
	char fields[256];

	while (n-- > 0) {
		snprintf(fields, sizeof fields,
			"\"start\":\"2026-03-02T09:00:00+01:00\","
			"\"channel\":\"phone\",\"citizen\":\"%016llx\"",
			next++);
		add(st, key, fields);
	}
}

/* The suppression marks of st's groups under --min-count k: "P.S..". */
static void
marks(struct kcc_stats *st, long k, char *buf)
{
	unsigned char sup[16];
	size_t i;

	kcc_stats_sort(st);
	kcc_stats_suppress(st, k, sup);
	for (i = 0; i < st->n && i < sizeof sup; i++)
		buf[i] = sup[i] == KCC_SUPPRESSED_PRIMARY     ? 'P'
			 : sup[i] == KCC_SUPPRESSED_SECONDARY ? 'S'
							      : '.';
	buf[i] = '\0';
}

static void
test_suppress(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st;
	char m[17];

	p.metrics = KCC_M_VOLUME;
	/* One key: a2 alone would be the total less a1 and a3. */
	kcc_stats_init(&st, &p);
	add_citizens(&st, "[\"a1\"]", 5);
	add_citizens(&st, "[\"a2\"]", 2);
	add_citizens(&st, "[\"a3\"]", 7);
	marks(&st, 3, m);
	is_str(m, "SP.", "one key: the smallest other goes too");
	marks(&st, 0, m);
	is_str(m, "...", "k 0: nothing suppressed");
	marks(&st, 2, m);
	is_str(m, "...", "k 2: 2 citizens are enough");
	marks(&st, 6, m);
	is_str(m, "PP.", "two primaries: nothing more");
	kcc_stats_release(&st);

	/*
	 * Week by channel, k 3: w1/chat (2) is primary; its week's total
	 * takes w1/desk (5, the smaller of the rest), its channel's
	 * w2/chat; the desk column then has one, so w2/desk goes too.
	 */
	kcc_stats_init(&st, &p);
	add_citizens(&st, "[\"w1\",\"chat\"]", 2);
	add_citizens(&st, "[\"w1\",\"desk\"]", 5);
	add_citizens(&st, "[\"w1\",\"phone\"]", 9);
	add_citizens(&st, "[\"w2\",\"chat\"]", 4);
	add_citizens(&st, "[\"w2\",\"desk\"]", 6);
	add_citizens(&st, "[\"w2\",\"phone\"]", 8);
	marks(&st, 3, m);
	is_str(m, "PS.SS.", "two keys: every row and column with two");
	kcc_stats_release(&st);

	/*
	 * w1 has one cell, so its row and column give nothing away; the
	 * grand total does: w2/desk goes, and then w2/phone for w2's total.
	 */
	kcc_stats_init(&st, &p);
	add_citizens(&st, "[\"w1\",\"letter\"]", 1);
	add_citizens(&st, "[\"w2\",\"desk\"]", 5);
	add_citizens(&st, "[\"w2\",\"phone\"]", 6);
	marks(&st, 3, m);
	is_str(m, "PSS", "a lone cell: the grand total, then its row");
	kcc_stats_release(&st);

	/*
	 * Three keys: w1/c1/t1 is alone in each line of one key, but w1's
	 * total (over both other keys) holds w1/c2/t2 too.
	 */
	kcc_stats_init(&st, &p);
	add_citizens(&st, "[\"w1\",\"c1\",\"t1\"]", 1);
	add_citizens(&st, "[\"w1\",\"c2\",\"t2\"]", 5);
	add_citizens(&st, "[\"w2\",\"c1\",\"t1\"]", 6);
	add_citizens(&st, "[\"w2\",\"c2\",\"t2\"]", 7);
	marks(&st, 3, m);
	is_str(m, "PSSS", "three keys: the totals over two keys too");
	kcc_stats_release(&st);

	/* Ties: the first in key order. */
	kcc_stats_init(&st, &p);
	add_citizens(&st, "[\"a\"]", 4);
	add_citizens(&st, "[\"b\"]", 4);
	add_citizens(&st, "[\"c\"]", 1);
	marks(&st, 2, m);
	is_str(m, "S.P", "a tie: the first in key order");
	kcc_stats_release(&st);
}

static void
test_partial_days(void)
{
	struct kcc_stats_params p = KCC_STATS_PARAMS_DEFAULT;
	struct kcc_stats st, back;
	struct kcc_out out;
	char why[300], *text, line[512];
	int n;

	kcc_stats_init(&st, &p);
	kcc_out_init_mem(&out);
	kcc_stats_write_partial_days(&st, &out);
	is_int((int)out.len, 0, "no dates: no days line");
	kcc_strset_add(&st.days[1], "2026-03-02", 10); /* a Monday */
	kcc_strset_add(&st.days[1], "2026-03-09", 10);
	kcc_strset_add(&st.days[7], "2026-03-08", 10); /* a Sunday */
	kcc_stats_write_partial_days(&st, &out);
	text = take(&out);
	kcc_stats_init(&back, &p);
	ok(kcc_stats_read_partial(&back, text, strlen(text) - 1, why,
		   sizeof why) == 0 &&
			kcc_strset_count(&back.days[1]) == 2 &&
			kcc_strset_count(&back.days[7]) == 1 && back.n == 0,
		"days line: read back into the weekdays, no group");
	free(text);
	n = snprintf(line, sizeof line,
		"{\"kcc_stats_partial\":1,\"params\":\"metrics=31 sl=20/f3 "
		"short=5 fcr=7d cit=1 tz=- where=- by=\",\"days\":"
		"[[\"2026-03-03\"],[],[],[],[],[],[]]}");
	ok(kcc_stats_read_partial(&back, line, (size_t)n, why, sizeof why) ==
				-1 &&
			strstr(why, "bad date") != NULL,
		"a Tuesday among the Mondays: refused");
	n = snprintf(line, sizeof line,
		"{\"kcc_stats_partial\":1,\"params\":\"metrics=31 sl=20/f3 "
		"short=5 fcr=7d cit=1 tz=- where=- by=\",\"days\":"
		"[[],[],[]]}");
	ok(kcc_stats_read_partial(&back, line, (size_t)n, why, sizeof why) ==
			-1,
		"three weekdays of seven: refused");
	/* The records line: added up; counts that cannot be, refused. */
	kcc_out_init_mem(&out);
	kcc_stats_write_partial_records(&st, 10, 2, &out);
	text = take(&out);
	ok(kcc_stats_read_partial(&back, text, strlen(text) - 1, why,
		   sizeof why) == 0 &&
			kcc_stats_read_partial(&back, text, strlen(text) - 1,
				why, sizeof why) == 0 &&
			back.records_read == 20 && back.records_rejected == 4,
		"records lines: read and rejected added up");
	free(text);
	n = snprintf(line, sizeof line,
		"{\"kcc_stats_partial\":1,\"params\":\"metrics=31 sl=20/f3 "
		"short=5 fcr=7d cit=1 tz=- where=- by=\",\"records\":"
		"{\"read\":1,\"rejected\":2}}");
	ok(kcc_stats_read_partial(&back, line, (size_t)n, why, sizeof why) ==
				-1 &&
			back.records_read == 20,
		"more rejected than read: refused");
	/* Threads' tables merged: the counts come along. */
	kcc_stats_merge(&st, &back);
	ok(st.records_read == 20 && st.records_rejected == 4 &&
			kcc_strset_count(&st.days[1]) == 2,
		"merged: record counts and dates added");
	kcc_stats_release(&back);
	kcc_stats_release(&st);
}

int
main(void)
{
	kcc_record_init(&rec);
	test_metrics_parse();
	test_metrics_select();
	test_params();
	test_volume();
	test_queue();
	test_sl_formulas();
	test_handling();
	test_fcr();
	test_satisfaction();
	test_agents();
	test_concurrency();
	test_merge();
	test_partial();
	test_partial_params();
	test_partial_bad();
	test_partial_days();
	test_sort();
	test_suppressed();
	test_suppress();
	kcc_record_release(&rec);
	return tap_done();
}
