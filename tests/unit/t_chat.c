/*
 * Tests for lib/chat.c: every WhatsApp fixture in
 * $KCC_SHARED/data/whatsapp-fixtures (message counts and times counted by
 * hand from the files), the generator's Dutch exports against its own
 * records, hand-made exports for the cases the fixtures lack (media, DST,
 * sessions, waits, rejects), and twcs threads, hand-made and the real
 * 5000-row file (its figures computed independently, by a union-find
 * over the reply ids).  Real data is skipped when absent.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kcc/chat.h"
#include "kcc/diag.h"
#include "kcc/time.h"
#include "tap.h"

static struct kcc_tz *utc, *ams;
static char shared[2048], top[1024];

static void
skip(int n, const char *why)
{
	while (n-- > 0)
		printf("ok %d # SKIP %s\n", ++tap_n, why);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, r;

	*len = 0;
	if (fp == NULL)
		return NULL;
	do {
		if (*len + 65536 > cap) {
			cap = cap * 2 + 65536;
			buf = realloc(buf, cap + 1);
			if (buf == NULL)
				abort();
		}
		r = fread(buf + *len, 1, cap - *len, fp);
		*len += r;
	} while (r > 0);
	fclose(fp);
	buf[*len] = '\0';
	return buf;
}

/* What the sink was given, copied. */
struct got_contact {
	struct kcc_chat_contact c;
	char *citizen, *agent, *text;
};

struct got {
	struct got_contact *v;
	size_t n, cap;
	unsigned long nrej;
	unsigned long rej_line[8];
	char rej_reason[8][32], rej_msg[8][256], rej_raw[8][256];
	size_t stop_at; /* return 7 from this contact (1-based); 0 never */
};

static char *
dup_or_null(const char *s, size_t n)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = malloc(n + 1);
	if (p == NULL)
		abort();
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static int
on_contact(void *ctx, const struct kcc_chat_contact *c)
{
	struct got *g = ctx;
	struct got_contact *gc;

	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->v = realloc(g->v, g->cap * sizeof *g->v);
		if (g->v == NULL)
			abort();
	}
	gc = &g->v[g->n++];
	gc->c = *c;
	gc->citizen = dup_or_null(c->citizen, c->citizen_len);
	gc->agent = dup_or_null(c->agent, c->agent_len);
	gc->text = dup_or_null(c->text, c->text_len);
	gc->c.citizen = gc->citizen;
	gc->c.agent = gc->agent;
	gc->c.text = gc->text;
	return g->stop_at != 0 && g->n == g->stop_at ? 7 : 0;
}

static void
on_reject(void *ctx, unsigned long line, const char *reason, const char *msg,
	const char *raw, size_t n)
{
	struct got *g = ctx;
	size_t k = g->nrej++;

	if (k >= 8)
		return;
	g->rej_line[k] = line;
	snprintf(g->rej_reason[k], sizeof g->rej_reason[k], "%s", reason);
	snprintf(g->rej_msg[k], sizeof g->rej_msg[k], "%s", msg);
	snprintf(g->rej_raw[k], sizeof g->rej_raw[k], "%.*s", (int)n, raw);
}

static void
got_free(struct got *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->v[i].citizen);
		free(g->v[i].agent);
		free(g->v[i].text);
	}
	free(g->v);
	memset(g, 0, sizeof *g);
}

static const char *
ts(const struct kcc_time *t)
{
	static char buf[8][KCC_TIME_MAX];
	static int k;

	k = (k + 1) % 8;
	kcc_time_format(t, buf[k]);
	return buf[k];
}

/* "start/messages" of each contact, space-separated (caller frees). */
static char *
summary(const struct got *g)
{
	size_t i, cap = g->n * 48 + 1, len = 0;
	char *s = malloc(cap);

	if (s == NULL)
		abort();
	s[0] = '\0';
	for (i = 0; i < g->n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s%s/%lu",
			i ? " " : "", ts(&g->v[i].c.start), g->v[i].c.messages);
	return s;
}

static struct kcc_chat_sink
sink_of(struct got *g)
{
	struct kcc_chat_sink s = {on_contact, on_reject, g};
	return s;
}

static int
parse(const char *text, const struct kcc_chat_opts *o, struct got *g,
	struct kcc_chat_stats *st)
{
	struct kcc_chat_sink s = sink_of(g);

	memset(g, 0, sizeof *g);
	return kcc_chat_whatsapp(text, strlen(text), "t.txt", o, &s, st);
}

/* Standard error captured around a call, for messages. */
static int saved_fd = -1;
static FILE *err_fp;

static void
stderr_begin(void)
{
	fflush(stderr);
	err_fp = tmpfile();
	if (err_fp == NULL)
		abort();
	saved_fd = dup(2);
	dup2(fileno(err_fp), 2);
}

static char *
stderr_end(void)
{
	static char buf[1024];
	size_t n;

	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	rewind(err_fp);
	n = fread(buf, 1, sizeof buf - 1, err_fp);
	buf[n] = '\0';
	fclose(err_fp);
	return buf;
}

/*
 * The fixtures.  Counts and times are read off the files by hand: headers
 * are the lines that begin a message, system the ones without a sender;
 * `starts` lists each contact's start and message count when every
 * message time is its own contact (session gap 1 s, UTC), in file order.
 */
#define SEVEN                                                                  \
	"2019-01-01T11:25:00Z/1 2019-01-20T11:23:00Z/1 "                       \
	"2019-01-30T20:49:00Z/1 2020-06-10T15:55:00Z/1 "                       \
	"2021-12-10T10:10:00Z/1 2021-12-20T12:10:00Z/1 "                       \
	"2021-12-30T22:01:00Z/1"
#define POKE24(S)                                                              \
	"2016-08-06T13:23:" S "Z/1 2016-08-06T13:25:" S                        \
	"Z/1 2016-08-06T13:30:" S "Z/1 2016-08-06T13:45:" S                    \
	"Z/1 2016-08-06T14:30:" S "Z/1 2016-08-06T17:25:" S                    \
	"Z/1 2016-08-07T11:45:" S "Z/1 2016-08-07T18:45:" S                    \
	"Z/1 2016-08-07T19:30:" S "Z/1 2016-08-07T23:25:" S                    \
	"Z/1 2016-08-10T09:45:" S "Z/1 2016-08-10T11:25:" S                    \
	"Z/1 2016-08-10T13:23:" S "Z/1 2016-08-10T15:23:" S                    \
	"Z/1 2016-08-11T19:30:" S "Z/1 2016-09-11T20:25:" S                    \
	"Z/1 2016-10-31T11:45:" S "Z/1 2016-10-31T12:23:" S "Z/1"
#define POKE12(H0945, H1125)                                                   \
	"2016-08-06T13:23:00Z/1 2016-08-06T13:25:00Z/1 "                       \
	"2016-08-06T13:30:00Z/1 2016-08-06T13:45:00Z/1 "                       \
	"2016-08-06T14:30:00Z/1 2016-08-06T17:25:00Z/1 "                       \
	"2016-08-07T23:45:00Z/1 2016-08-07T18:45:00Z/1 "                       \
	"2016-08-07T19:30:00Z/1 2016-08-07T23:25:00Z/1 "                       \
	"2016-08-10T" H0945 ":45:00Z/1 2016-08-10T" H1125                      \
	":25:00Z/1 2016-08-10T13:23:00Z/1 2016-08-10T15:23:00Z/1 "             \
	"2016-08-11T19:30:00Z/1 2016-09-11T20:25:00Z/1 "                       \
	"2016-10-31T23:45:00Z/1 2016-10-31T14:23:00Z/1"

static const struct fixture {
	const char *path;
	unsigned long headers, system;
	int mdy, order_default;
	const char *starts; /* NULL: first start only, in `first` */
	const char *first;
} fixtures[] = {
	{"chat-miner/test_[mmddyy]_24hrs.txt", 9, 2, 1, 0, SEVEN, NULL},
	{"chat-miner/test_ddmmyy_24hrs.txt", 9, 2, 0, 0, SEVEN, NULL},
	{"chat-miner/test_mmddyy_24hrs.txt", 9, 2, 1, 0, SEVEN, NULL},
	{"chat-miner/test_mmddyyyy_12hrs.txt", 9, 2, 1, 0, SEVEN, NULL},
	{"chat-miner/test_yyyymmdd_24hrs.txt", 9, 2, 0, 1, SEVEN, NULL},
	{"chat-miner/test_dateformat1.txt", 10, 3, 1, 0,
		"2019-12-24T11:23:00Z/3 2019-12-26T11:55:00Z/1 "
		"2020-01-17T20:49:00Z/1 2020-01-18T14:53:00Z/1 "
		"2017-07-16T19:13:00Z/1",
		NULL},
	{"chat-miner/test_dateformat2.txt", 4, 0, 1, 0,
		"2019-09-24T23:30:00Z/1 2019-11-27T21:30:00Z/1 "
		"2019-11-17T21:34:00Z/1 2019-12-24T11:30:00Z/1",
		NULL},
	{"chat-miner/test_dateformat3.txt", 4, 0, 0, 1,
		"2022-12-14T13:34:00Z/1 2022-12-24T11:33:00Z/1 "
		"2022-12-24T11:35:00Z/1 2022-12-21T17:02:00Z/1",
		NULL},
	{"chat-miner/test_dateformat4.txt", 4, 0, 0, 1,
		"2022-10-09T23:37:00Z/1 2022-10-10T12:37:00Z/1 "
		"2022-10-11T13:37:00Z/1 2022-10-12T14:37:00Z/1",
		NULL},
	{"chat-miner/test_dateformat5.txt", 4, 0, 1, 0,
		"2021-10-21T15:21:45Z/1 2021-10-22T15:21:46Z/1 "
		"2021-10-23T15:21:47Z/1 2021-10-24T15:21:48Z/1",
		NULL},
	{"chat-miner/test_dateformat6.txt", 4, 0, 0, 0,
		"2021-10-21T15:21:45Z/1 2021-10-22T15:21:46Z/1 "
		"2021-10-23T15:21:47Z/1 2021-10-24T15:21:48Z/1",
		NULL},
	{"chat-miner/test_unicode.txt", 3, 0, 0, 1, "2022-10-09T22:37:00Z/3",
		NULL},
	{"chat-miner/testlog.txt", 23, 3, 1, 0,
		"2019-12-24T11:23:00Z/2 2020-01-17T20:49:00Z/1 "
		"2020-01-18T14:53:00Z/1 2017-07-16T19:13:00Z/1 "
		"2019-09-24T23:30:00Z/1 2019-09-24T11:30:00Z/1 "
		"2019-12-24T23:30:00Z/1 2022-09-10T22:37:00Z/3 "
		"2021-10-24T15:21:43Z/3 2022-09-10T22:37:00Z/3 "
		"2022-12-24T13:01:00Z/3",
		NULL},
	{"whatsapp-chat-parser/short-chat.txt", 5, 2, 0, 1,
		"2017-03-06T00:45:00Z/1 2017-05-08T01:48:00Z/1 "
		"2017-04-09T01:50:00Z/1",
		NULL},
	{"whatstk/chats_dash_samplechat_4.txt", 20, 2, 0, 0, POKE24("10"),
		NULL},
	{"whatstk/chats_dot_samplechat_3.txt", 20, 2, 0, 0, POKE24("10"), NULL},
	{"whatstk/chats_samplechat.txt", 20, 2, 0, 0, POKE24("00"), NULL},
	{"whatstk/pokemon.txt", 20, 2, 0, 0, POKE24("00"), NULL},
	{"whatstk/tests_chats_example.txt", 20, 2, 0, 0, POKE24("00"), NULL},
	{"whatstk/tests_chats_example_2.txt", 20, 2, 0, 1, POKE24("00"), NULL},
	{"whatstk/tests_chats_example-12h.txt", 20, 2, 0, 1, POKE12("09", "11"),
		NULL},
	{"whatstk/tests_chats_example-12h-2.txt", 20, 2, 0, 1,
		POKE12("21", "23"), NULL},
	{"whatstk/lorem.txt", 500, 0, 0, 0, NULL, "2020-01-15T02:22:56Z"},
	{"whatstk/lorem-2000.txt", 2000, 0, 0, 1, NULL, "2019-04-16T02:09:00Z"},
	{"whatstk/lorem-merge-part1.txt", 300, 0, 0, 1, NULL,
		"2019-10-20T10:16:00Z"},
	{"whatstk/lorem-merge-part2.txt", 300, 0, 0, 1, NULL,
		"2020-06-20T10:16:00Z"},
};

#define NFIXTURES (sizeof fixtures / sizeof fixtures[0])

/* Per fixture: 8 checks, or 8 skips. */
static void
test_fixture(const struct fixture *f, const char *dir)
{
	struct kcc_chat_opts o;
	struct kcc_chat_stats st;
	struct kcc_chat_sink s;
	struct got g;
	char path[8192], *buf, *sum;
	size_t len, i;
	unsigned long msgs = 0;
	int rc;

	snprintf(path, sizeof path, "%s/%s", dir, f->path);
	buf = slurp(path, &len);
	if (buf == NULL) {
		skip(8, "fixture missing");
		return;
	}
	kcc_chat_opts_init(&o);
	o.tz = utc;
	o.session_gap = 1;
	memset(&g, 0, sizeof g);
	s = sink_of(&g);
	rc = kcc_chat_whatsapp(buf, len, path, &o, &s, &st);
	is_int(rc, 0, "%s: parsed", f->path);
	is_int(st.headers, f->headers, "%s: %lu messages", f->path, f->headers);
	is_int(st.system, f->system, "%s: %lu system messages", f->path,
		f->system);
	is_int(st.rejected + g.nrej, 0, "%s: nothing rejected", f->path);
	for (i = 0; i < g.n; i++)
		msgs += g.v[i].c.messages + g.v[i].c.media;
	is_int(msgs, f->headers - f->system,
		"%s: every other message in a contact", f->path);
	is_int(st.order, f->mdy ? KCC_CHAT_MDY : KCC_CHAT_DMY, "%s: read as %s",
		f->path, f->mdy ? "m/d" : "d/m");
	is_int(st.order_default, f->order_default, "%s: order %s the file",
		f->path, f->order_default ? "not told by" : "told by");
	if (f->starts != NULL) {
		sum = summary(&g);
		is_str(sum, f->starts, "%s: message times", f->path);
		free(sum);
	} else {
		is_str(g.n ? ts(&g.v[0].c.start) : "", f->first,
			"%s: first message time", f->path);
	}
	got_free(&g);
	free(buf);
}

static void
test_fixture_details(const char *dir)
{
	struct kcc_chat_opts o;
	struct kcc_chat_stats st;
	struct kcc_chat_sink s;
	struct got g;
	char path[8192], *buf;
	size_t len;

	kcc_chat_opts_init(&o);
	o.tz = utc;
	o.session_gap = 1;

	snprintf(path, sizeof path, "%s/chat-miner/testlog.txt", dir);
	if ((buf = slurp(path, &len)) == NULL) {
		skip(3, "fixture missing");
	} else {
		memset(&g, 0, sizeof g);
		s = sink_of(&g);
		kcc_chat_whatsapp(buf, len, path, &o, &s, &st);
		ok(g.n >= 3, "testlog: contacts");
		if (g.n >= 3) {
			is_str(g.v[2].c.citizen, "Jahn Doe",
				"testlog: multi-line message's sender");
			is_str(g.v[2].c.text,
				"Lorem ipsum dolor sit amet,\n"
				"consectetur adipiscing elit.\n"
				"Pellentesque non tincidunt erat.\n"
				"Nullam suscipit diam dolor, non pretium leo "
				"semper eu.\n"
				"Aliquam pellentesque facilisis nunc eu "
				"rhoncus.\n"
				"Cras scelerisque neque.",
				"testlog: continuation lines belong to the "
				"message");
		}
		got_free(&g);
		free(buf);
	}

	snprintf(path, sizeof path, "%s/chat-miner/test_unicode.txt", dir);
	if ((buf = slurp(path, &len)) == NULL) {
		skip(2, "fixture missing");
	} else {
		memset(&g, 0, sizeof g);
		s = sink_of(&g);
		kcc_chat_whatsapp(buf, len, path, &o, &s, &st);
		is_str(g.n ? g.v[0].c.citizen : NULL, "John Doe",
			"unicode: 'p.\\u00a0m.' header, first sender");
		is_str(g.n ? g.v[0].c.text : NULL,
			"Testing abnormal\xc2\xa0unicode",
			"unicode: only the citizen's text");
		got_free(&g);
		free(buf);
	}

	snprintf(path, sizeof path, "%s/chat-miner/test_dateformat6.txt", dir);
	if ((buf = slurp(path, &len)) == NULL) {
		skip(1, "fixture missing");
	} else {
		memset(&g, 0, sizeof g);
		s = sink_of(&g);
		kcc_chat_whatsapp(buf, len, path, &o, &s, &st);
		is_str(g.n > 1 ? g.v[1].c.text : NULL,
			"Lorem ipsum dolor sit amet.",
			"dateformat6: a blank line before the next header is "
			"dropped");
		got_free(&g);
		free(buf);
	}

	snprintf(path, sizeof path, "%s/whatsapp-chat-parser/short-chat.txt",
		dir);
	if ((buf = slurp(path, &len)) == NULL) {
		skip(3, "fixture missing");
	} else {
		memset(&g, 0, sizeof g);
		s = sink_of(&g);
		kcc_chat_whatsapp(buf, len, path, &o, &s, &st);
		is_str(g.n > 2 ? g.v[2].c.citizen : NULL, "+410123456789",
			"short-chat: a phone number as the sender");
		is_str(g.n > 2 ? g.v[2].c.text : NULL,
			"How are you?\nIs everything alright?",
			"short-chat: multi-line text");
		is_int(g.n > 2 ? g.v[2].c.line : 0, 5, "short-chat: line");
		got_free(&g);
		free(buf);
	}

	/* Ambiguous dates: the caller's default, or a forced order. */
	snprintf(path, sizeof path, "%s/chat-miner/test_dateformat4.txt", dir);
	if ((buf = slurp(path, &len)) == NULL) {
		skip(3, "fixture missing");
	} else {
		memset(&g, 0, sizeof g);
		s = sink_of(&g);
		o.order = KCC_CHAT_AUTO_MDY;
		kcc_chat_whatsapp(buf, len, path, &o, &s, &st);
		is_str(g.n ? ts(&g.v[0].c.start) : "", "2022-09-10T23:37:00Z",
			"ambiguous file, default m/d");
		got_free(&g);
		o.order = KCC_CHAT_MDY;
		s = sink_of(&g);
		kcc_chat_whatsapp(buf, len, path, &o, &s, &st);
		is_str(g.n ? ts(&g.v[0].c.start) : "", "2022-09-10T23:37:00Z",
			"ambiguous file, forced m/d");
		is_int(st.order_default, 0, "forced: not a default");
		got_free(&g);
		o.order = KCC_CHAT_AUTO_DMY;
		free(buf);
	}
	/* Forcing against the evidence rejects what cannot be. */
	snprintf(path, sizeof path, "%s/chat-miner/test_ddmmyy_24hrs.txt", dir);
	if ((buf = slurp(path, &len)) == NULL) {
		skip(2, "fixture missing");
	} else {
		memset(&g, 0, sizeof g);
		s = sink_of(&g);
		o.order = KCC_CHAT_MDY;
		kcc_chat_whatsapp(buf, len, path, &o, &s, &st);
		is_int(g.nrej, 6, "ddmmyy forced m/d: six impossible dates");
		is_str(g.rej_msg[0],
			"impossible date '20/01/19' (read as month/day/year)",
			"ddmmyy forced m/d: the message");
		got_free(&g);
		o.order = KCC_CHAT_AUTO_DMY;
		free(buf);
	}
}

/* The generator's exports against the records it wrote for them. */
static const char *
field(const char *rec, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof pat, "\"%s\":", key);
	p = strstr(rec, pat);
	return p ? p + strlen(pat) : NULL;
}

static long long
num(const char *rec, const char *key, long long dflt)
{
	const char *v = field(rec, key);

	return v ? strtoll(v, NULL, 10) : dflt;
}

/* The record `rec` describes contact c of citizen `who`; says why not. */
static int
agrees(const char *rec, const struct kcc_chat_contact *c, const char *who)
{
	const char *text = field(rec, "text");
	long long wait = num(rec, "wait_s", -1);
	size_t k = c->text_len < 20 ? c->text_len : 20;

	if (num(rec, "messages", -1) != (long long)c->messages ||
		num(rec, "media", 0) != (long long)c->media)
		printf("# counts differ: %lu/%lu: %s\n", c->messages, c->media,
			rec);
	else if (!c->has_wait || wait < 0 || llabs(wait - c->wait_s) >= 60)
		printf("# wait differs: %lld: %s\n", (long long)c->wait_s, rec);
	else if (c->citizen == NULL || strcmp(c->citizen, who) != 0)
		printf("# citizen differs: %s\n", rec);
	else if (strstr(rec, "\"outcome\":\"answered\"") == NULL ||
		 c->outcome != KCC_CHAT_ANSWERED)
		printf("# outcome differs: %s\n", rec);
	else if (text == NULL || c->text == NULL ||
		 strncmp(text + 1, c->text, k) != 0)
		printf("# text differs: %s\n", rec);
	else
		return 1;
	return 0;
}

static void
test_sample(void)
{
	static const char *const agents[] = {"Gemeente Lindendam"};
	static const char *const names[] = {"+31 55 3708407", "+31 55 3832930",
		"+31 6 22183476", "+31 6 22669471", "+31 6 24271396",
		"+31 6 25953905", "+31 6 32832920", "+31 6 40556147",
		"+31 6 48792293", "+31 6 55469605", "+31 6 57574048",
		"+31 6 59675219", "Bram Boukhari", "Els Kowalski",
		"Fatima van der Meer", "Hasan Postma", "Joke Jansen",
		"Kevin Meijer", "Lotte de Graaf", "Youssef El Amrani"};
	struct kcc_chat_opts o;
	struct kcc_chat_stats st;
	struct kcc_chat_sink s;
	struct got g;
	char path[8192], *recs, *buf, *line, *next, start[17];
	const char *v;
	size_t len, i, j;
	int matched = 0, same = 0, contacts = 0, bad = 0, rc;

	snprintf(path, sizeof path, "%s/tests/data/sample/contacts.jsonl", top);
	if ((recs = slurp(path, &len)) == NULL) {
		skip(4, "no sample");
		return;
	}
	kcc_chat_opts_init(&o);
	o.tz = ams;
	o.agents = agents;
	o.nagents = 1;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path,
			"%s/tests/data/sample/raw/whatsapp/WhatsApp-chat met "
			"%s.txt",
			top, names[i]);
		if ((buf = slurp(path, &len)) == NULL) {
			bad++;
			continue;
		}
		memset(&g, 0, sizeof g);
		s = sink_of(&g);
		rc = kcc_chat_whatsapp(buf, len, path, &o, &s, &st);
		if (rc != 0 || st.rejected != 0 || st.system != 1)
			bad++;
		for (j = 0; j < g.n; j++) {
			contacts++;
			memcpy(start, ts(&g.v[j].c.start), 16);
			start[16] = '\0';
			for (line = recs; line && *line;
				line = next ? next + 1 : NULL) {
				next = strchr(line, '\n');
				if (next)
					*next = '\0';
				v = field(line, "start");
				if (strstr(line, "\"src\":\"whatsapp\"") && v &&
					strncmp(v + 1, start, 16) == 0) {
					matched++;
					same += agrees(line, &g.v[j].c,
						names[i]);
				}
				if (next)
					*next = '\n';
			}
		}
		got_free(&g);
		free(buf);
	}
	is_int(bad, 0, "sample: 20 exports read, one notice each, no rejects");
	is_int(contacts, 20, "sample: one contact each");
	is_int(matched, 20, "sample: each matches a record by its start");
	is_int(same, 20,
		"sample: messages, media, wait (to the minute), citizen, "
		"outcome and text agree with the records");
	free(recs);
}

/* A Dutch export written for these tests. */
static const char dutch[] =
	"03-03-2026 10:40 - Berichten en oproepen worden end-to-end "
	"versleuteld. Niemand buiten deze chat, zelfs WhatsApp niet, kan ze "
	"lezen of beluisteren. Tik voor meer info.\n"
	"03-03-2026 10:40 - Joke Jansen: Goedemiddag, de container zit vol.\n"
	"Groetjes\n"
	"03-03-2026 10:41 - Joke Jansen: <Media weggelaten>\n"
	"03-03-2026 10:41 - Joke Jansen: \xe2\x80\x8e"
	"afbeelding weggelaten\n"
	"03-03-2026 11:24 - Gemeente Lindendam: Hallo! Ik kijk even mee.\n"
	"03-03-2026 11:26 - Joke Jansen: Dank je.\r\n"
	"03-03-2026 11:30 - gemeente LINDENDAM : Graag gedaan.\n"
	"04-03-2026 09:00 - Joke Jansen: Nog een vraag: wanneer wordt hij "
	"geleegd?\n"
	"04-03-2026 09:01 - Joke Jansen: <attached: "
	"00000012-PHOTO-2026-03-04-09-01-00.jpg>\n"
	"04-03-2026 09:02 - Joke Jansen: IMG-20260304-WA0001.jpg (bestand "
	"bijgevoegd)\n"
	"Hier is de foto\n"
	"05-03-2026 22:00 - Joke Jansen: Hallo?\n"
	"06-03-2026 08:30 - Anouk: Goedemorgen, excuus voor het wachten.\n"
	"06-03-2026 08:31 - Joke Jansen: Top\n"
	"06-03-2026 20:00 - Gemeente Lindendam: Is alles opgelost?\n";

static const char *const dutch_agents[] = {"  Gemeente Lindendam ", "ANOUK"};

static void
test_contacts(void)
{
	struct kcc_chat_opts o;
	struct kcc_chat_stats st;
	struct got g;
	const struct kcc_chat_contact *c;
	int rc;

	kcc_chat_opts_init(&o);
	o.tz = ams;
	o.agents = dutch_agents;
	o.nagents = 2;
	rc = parse(dutch, &o, &g, &st);
	is_int(rc, 0, "dutch: parsed");
	is_int(g.n, 4,
		"dutch: four contacts (4 h idle splits, a late reply "
		"does not)");
	is_int(st.headers, 14, "dutch: 14 messages");
	is_int(st.system, 1,
		"dutch: the Dutch encryption notice is a system "
		"message");
	is_int(st.rejected, 0, "dutch: nothing rejected");
	is_int(st.order, KCC_CHAT_DMY, "dutch: dd-mm-yyyy");
	if (g.n != 4) {
		skip(32, "contacts missing");
		got_free(&g);
		return;
	}
	c = &g.v[0].c;
	is_str(ts(&c->start), "2026-03-03T10:40:00+01:00", "1: start");
	is_str(ts(&c->end), "2026-03-03T11:30:00+01:00", "1: end");
	is_int(c->handle_s, 50 * 60, "1: handle = span");
	ok(c->has_wait, "1: has a wait");
	is_int(c->wait_s, 44 * 60, "1: wait to the first reply");
	is_int(c->outcome, KCC_CHAT_ANSWERED, "1: answered");
	is_int(c->messages, 4, "1: messages without media-only ones");
	is_int(c->media, 2, "1: '<Media weggelaten>', 'afbeelding weggelaten'");
	is_str(c->agent, "Gemeente Lindendam", "1: agent as first written");
	is_str(c->citizen, "Joke Jansen", "1: citizen");
	is_str(c->text,
		"Goedemiddag, de container zit vol.\nGroetjes\nDank je.",
		"1: the citizen's text, CRLF read as LF");
	is_int(c->line, 2, "1: line of the first message");
	is_int(c->seq, 1, "1: seq");

	c = &g.v[1].c;
	is_str(ts(&c->start), "2026-03-04T09:00:00+01:00", "2: start");
	is_int(c->handle_s, 120, "2: handle");
	ok(!c->has_wait, "2: no reply, no wait");
	is_int(c->outcome, KCC_CHAT_UNANSWERED, "2: unanswered");
	is_int(c->messages, 2, "2: messages (one a caption)");
	is_int(c->media, 2, "2: '<attached: ...>', '... (bestand bijgevoegd)'");
	ok(c->agent == NULL, "2: no agent");
	is_str(c->text,
		"Nog een vraag: wanneer wordt hij geleegd?\nHier is de "
		"foto",
		"2: text with the caption");
	is_int(c->line, 9, "2: line");

	c = &g.v[2].c;
	is_int(c->wait_s, 10 * 3600 + 30 * 60, "3: a reply the next morning");
	is_int(c->handle_s, 10 * 3600 + 31 * 60, "3: handle");
	is_str(c->agent, "Anouk", "3: agent matched without case");
	is_int(c->messages, 3, "3: messages");
	is_int(c->line, 13, "3: line");

	c = &g.v[3].c;
	ok(c->outbound, "4: the agent wrote first");
	ok(!c->has_wait, "4: no wait");
	is_int(c->outcome, KCC_CHAT_ANSWERED, "4: answered");
	is_str(c->citizen, "Joke Jansen", "4: the file's citizen");
	ok(c->text == NULL, "4: no text");
	is_int(c->line, 16, "4: line");
	got_free(&g);

	/* No splitting at all. */
	o.session_gap = 0;
	parse(dutch, &o, &g, &st);
	is_int(g.n, 1, "session gap 0: one contact");
	is_int(g.n ? g.v[0].c.messages : 0, 10, "session gap 0: messages");
	is_int(g.n ? g.v[0].c.media : 0, 4, "session gap 0: media");
	got_free(&g);

	/* The sink stops the parse. */
	o.session_gap = KCC_CHAT_SESSION_GAP;
	memset(&g, 0, sizeof g);
	g.stop_at = 2;
	{
		struct kcc_chat_sink s = sink_of(&g);
		rc = kcc_chat_whatsapp(dutch, strlen(dutch), "t", &o, &s, &st);
	}
	is_int(rc, 7, "the sink's value stops the parse");
	is_int(g.n, 2, "no contact after the stop");
	got_free(&g);
}

/* Headers of every shape the scanner takes. */
static void
test_headers(void)
{
	static const struct {
		const char *line, *want;
	} cases[] = {
		{"01/02/2019, 11:25 - A: x", "2019-02-01T11:25:00Z"},
		{"[01/02/19 11:25:03] A: x", "2019-02-01T11:25:03Z"},
		{"\xe2\x80\x8e[01/02/19, 11:25:03] A: \xe2\x80\x8e<attached: "
		 "1.jpg>",
			"2019-02-01T11:25:03Z"},
		{"01.02.19, 1:05\xe2\x80\xaf"
		 "PM - A: x",
			"2019-02-01T13:05:00Z"},
		{"[1/2/19, 12:05:00\xe2\x80\xaf"
		 "AM] A: x",
			"2019-02-01T00:05:00Z"},
		{"01-02-2019 12:05 p. m. - A: x", "2019-02-01T12:05:00Z"},
		{"01-02-2019 11:05 pm - A: x", "2019-02-01T23:05:00Z"},
		{"2019-02-01 23:05 - A: x", "2019-02-01T23:05:00Z"},
		{"[2019.02.01 23:05] A: x", "2019-02-01T23:05:00Z"},
		{"01/02/19,\xc2\xa0"
		 "11:25 - A: x",
			"2019-02-01T11:25:00Z"},
		{"01/02/19 11:25 - A:", "2019-02-01T11:25:00Z"},
	};
	static const char *const not_headers[] = {
		"01/02/19 11:25 A: no dash",
		"01/02/19, 11:25 -A: x",
		"01/02/019, 11:25 - A: x",
		"1/2, 11:25 - A: x",
		"01/02-19, 11:25 - A: x",
		"[01/02/19 11:25 A: x",
		"01/02/19,11:5 - A: x",
		"01/02/19 - A: x",
		"011/02/19, 11:25 - A: x",
		"2019/02/001, 11:25 - A: x",
	};
	struct kcc_chat_opts o;
	struct kcc_chat_stats st;
	struct got g;
	char text[256];
	size_t i;

	kcc_chat_opts_init(&o);
	o.tz = utc;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		parse(cases[i].line, &o, &g, &st);
		is_str(g.n == 1 ? ts(&g.v[0].c.start) : "(none)", cases[i].want,
			"header '%s'", cases[i].line);
		got_free(&g);
	}
	/* After a real header, these are continuation lines. */
	for (i = 0; i < sizeof not_headers / sizeof not_headers[0]; i++) {
		snprintf(text, sizeof text, "01/02/19, 10:00 - A: x\n%s\n",
			not_headers[i]);
		parse(text, &o, &g, &st);
		ok(st.headers == 1 && g.n == 1 && g.v[0].c.text != NULL &&
				strstr(g.v[0].c.text, not_headers[i]) != NULL,
			"not a header: '%s'", not_headers[i]);
		got_free(&g);
	}
}

static void
test_rejects(void)
{
	struct kcc_chat_opts o;
	struct kcc_chat_stats st;
	struct got g;
	const char *gap = "29-03-2026 01:59 - A: voor\n"
			  "29-03-2026 02:30 - A: in het gat\n"
			  "vervolg\n"
			  "29-03-2026 03:01 - A: na\n";
	const char *fold = "25-10-2026 02:30 - A: twee keer\n";
	char *err;

	kcc_chat_opts_init(&o);
	o.tz = ams;
	parse(gap, &o, &g, &st);
	is_int(st.rejected, 1, "DST gap: one reject");
	is_int(g.rej_line[0], 2, "DST gap: at its line");
	is_str(g.rej_reason[0], "dst gap", "DST gap: reason");
	is_str(g.rej_msg[0],
		"time 2026-03-29 02:30:00 in Europe/Amsterdam: time falls in a "
		"daylight-saving gap",
		"DST gap: message");
	is_str(g.rej_raw[0], "29-03-2026 02:30 - A: in het gat\nvervolg",
		"DST gap: the raw message, continuation included");
	is_int(g.n, 1, "DST gap: the others form a contact");
	is_int(g.n ? g.v[0].c.messages : 0, 2, "DST gap: two messages");
	is_int(g.n ? g.v[0].c.handle_s : 0, 120, "DST gap: span across it");
	is_int(st.headers, 3, "DST gap: headers = messages + rejected");
	got_free(&g);

	o.gap = KCC_GAP_SHIFT;
	parse(gap, &o, &g, &st);
	is_int(st.rejected, 0, "DST gap, shift: no reject");
	is_int(g.n ? g.v[0].c.messages : 0, 3, "DST gap, shift: three");
	got_free(&g);

	o.fold = KCC_FOLD_ERROR;
	parse(fold, &o, &g, &st);
	is_str(g.rej_reason[0], "dst overlap", "DST overlap under fold error");
	got_free(&g);
	o.fold = KCC_FOLD_LATER;
	parse(fold, &o, &g, &st);
	is_str(g.n ? ts(&g.v[0].c.start) : "", "2026-10-25T02:30:00+01:00",
		"DST overlap, later");
	got_free(&g);
	kcc_chat_opts_init(&o);
	o.tz = ams;

	parse("31-02-2026 10:00 - A: x\n01-03-2026 10:00 - A: y\n", &o, &g,
		&st);
	is_str(g.rej_reason[0], "bad date", "31 February: bad date");
	is_str(g.rej_msg[0],
		"impossible date '31-02-2026' (read as "
		"day/month/year)",
		"31 February: message");
	got_free(&g);

	parse("01-03-2026 24:00 - A: x\n01-03-2026 13:00 PM - A: y\n", &o, &g,
		&st);
	is_str(g.rej_reason[0], "bad time", "24:00: bad time");
	is_int(st.rejected, 1, "13:00 PM read as 13:00");
	got_free(&g);

	/* Both orders in one file: the majority wins. */
	parse("13/01/20, 10:00 - A: x\n14/01/20, 10:00 - A: y\n"
	      "01/15/20, 10:00 - A: z\n",
		&o, &g, &st);
	ok(st.order_conflict && st.order == KCC_CHAT_DMY,
		"conflicting orders: d/m by two to one");
	is_int(g.rej_line[0], 3, "conflicting orders: the odd line rejected");
	got_free(&g);

	parse("Exported chat\n\n01/01/20, 10:00 - A: x\n", &o, &g, &st);
	is_str(g.rej_reason[0], "stray text", "text before the first message");
	is_int(g.rej_line[0], 1, "stray text: line");
	ok(st.stray == 1 && st.rejected == 1 && g.n == 1,
		"stray text: counted, the message kept");
	got_free(&g);

	parse("no chat here\nat all\n", &o, &g, &st);
	is_str(g.rej_msg[0], "no message header (not a WhatsApp chat export?)",
		"no header at all");
	is_str(g.rej_raw[0], "no chat here\nat all", "no header: raw text");
	is_int(g.n, 0, "no header: no contact");
	got_free(&g);

	parse("[01/01/20 10:00:00] Gemeente: \xe2\x80\x8eYour security code "
	      "with Joke changed.\n"
	      "01/01/20 10:00 - Joke: Hoi\n"
	      "01/01/20 10:01 - Joke changed the subject from \"a: b\" to "
	      "\"c\"\n",
		&o, &g, &st);
	ok(st.system == 2 && g.n == 1 && g.v[0].c.messages == 1,
		"notices in a chat's name and quoted colons are system "
		"messages");
	got_free(&g);

	parse("", &o, &g, &st);
	ok(g.n == 0 && st.rejected == 0 && st.lines == 0, "empty export");
	got_free(&g);

	/* Without a reject callback: on standard error. */
	{
		struct kcc_chat_sink s = {on_contact, NULL, &g};
		memset(&g, 0, sizeof g);
		stderr_begin();
		kcc_chat_whatsapp(gap, strlen(gap), "chat.txt", &o, &s, &st);
		err = stderr_end();
		is_str(err,
			"kcc-test: chat.txt:2: time 2026-03-29 02:30:00 in "
			"Europe/Amsterdam: time falls in a daylight-saving "
			"gap\n",
			"reject on stderr with file and line");
		got_free(&g);
	}
}

static void
test_text_cap(void)
{
	struct kcc_chat_opts o;
	struct kcc_chat_stats st;
	struct got g;

	kcc_chat_opts_init(&o);
	o.text_max = 16;
	parse("01/01/20, 10:00 - A: abcdefghijklmnopqrstuvwxyz\n", &o, &g, &st);
	is_str(g.n ? g.v[0].c.text : NULL, "abcdefghijk[\xe2\x80\xa6]",
		"text cut at text_max with the mark");
	ok(g.n && g.v[0].c.text_cut && g.v[0].c.text_len == 16, "text_cut");
	got_free(&g);
	parse("01/01/20, 10:00 - A: "
	      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	      "\xc3\xa9\xc3\xa9\n",
		&o, &g, &st);
	is_str(g.n ? g.v[0].c.text : NULL,
		"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9[\xe2\x80\xa6]",
		"text cut between UTF-8 characters");
	got_free(&g);
	parse("01/01/20, 10:00 - A: 0123456789a\n01/01/20, 10:01 - A: b\n", &o,
		&g, &st);
	is_str(g.n ? g.v[0].c.text : NULL, "0123456789a\nb",
		"texts joined up to the cap exactly");
	ok(g.n && !g.v[0].c.text_cut, "not cut when it fits");
	got_free(&g);
}

/* Reading through a callback, a few bytes at a time. */
struct reader {
	const char *p;
	size_t n, off, step;
	int fail;
};

static ssize_t
rd(void *ctx, void *buf, size_t n)
{
	struct reader *r = ctx;
	size_t k = r->n - r->off;

	if (r->fail && r->off > 0)
		return -1;
	if (k > r->step)
		k = r->step;
	if (k > n)
		k = n;
	memcpy(buf, r->p + r->off, k);
	r->off += k;
	return (ssize_t)k;
}

static void
test_read(void)
{
	struct kcc_chat_opts o;
	struct kcc_chat_stats st;
	struct kcc_chat_sink s;
	struct got g1, g2;
	struct reader r = {dutch, sizeof dutch - 1, 0, 3, 0};
	char *a, *b, *err;
	int rc;

	kcc_chat_opts_init(&o);
	o.tz = ams;
	o.agents = dutch_agents;
	o.nagents = 2;
	parse(dutch, &o, &g1, &st);
	memset(&g2, 0, sizeof g2);
	s = sink_of(&g2);
	rc = kcc_chat_whatsapp_read(rd, &r, "t", &o, &s, &st);
	a = summary(&g1);
	b = summary(&g2);
	is_int(rc, 0, "read: parsed");
	is_str(b, a, "read 3 bytes at a time: same contacts");
	free(a);
	free(b);
	got_free(&g1);
	got_free(&g2);

	r.off = 0;
	r.fail = 1;
	s = sink_of(&g2);
	rc = kcc_chat_whatsapp_read(rd, &r, "t", &o, &s, &st);
	is_int(rc, -1, "read: an error from the reader");
	got_free(&g2);

	r.off = 0;
	r.fail = 0;
	o.input_max = 100;
	s = sink_of(&g2);
	stderr_begin();
	rc = kcc_chat_whatsapp_read(rd, &r, "big.txt", &o, &s, &st);
	err = stderr_end();
	is_int(rc, -1, "read: over the cap");
	is_str(err,
		"kcc-test: big.txt: chat export larger than the limit of 100 "
		"bytes\n",
		"read: over the cap, message");
	stderr_begin();
	rc = kcc_chat_whatsapp(dutch, sizeof dutch - 1, "big.txt", &o, &s, &st);
	stderr_end();
	is_int(rc, -1, "buffer: over the cap");
	r.off = 0;
	r.n = 100;
	rc = kcc_chat_whatsapp_read(rd, &r, "t", &o, &s, &st);
	is_int(rc, 0, "read: exactly at the cap");
	got_free(&g2);
}

/*
 * twcs.
 */
static struct kcc_chat_tweet
tweet(uint64_t id, const char *author, int inbound, int64_t at, uint64_t parent,
	const uint64_t *resp, size_t nresp, const char *text)
{
	struct kcc_chat_tweet t;

	memset(&t, 0, sizeof t);
	t.id = id;
	t.author = author;
	t.author_len = strlen(author);
	t.inbound = inbound;
	t.at.sec = at;
	t.parent = parent;
	t.responses = resp;
	t.nresponses = nresp;
	t.text = text;
	t.text_len = strlen(text);
	t.line = (unsigned long)id + 1;
	return t;
}

static void
test_twcs_small(void)
{
	static const uint64_t r10[] = {11}, r11[] = {12, 13}, r20[] = {21};
	struct kcc_chat_tweet tw[] = {
		tweet(12, "c1", 1, 1700, 11, NULL, 0, "@BrandB thanks"),
		tweet(11, "BrandB", 0, 1600, 10, r11, 2, "@c1 sorry"),
		tweet(20, "BrandB", 0, 5000, 19, r20, 1, "@c3 sorry to hear"),
		tweet(30, "BrandB", 0, 6000, 0, NULL, 0, "@c4_x! hello there"),
		tweet(13, "c2", 1, 1800, 11, NULL, 0, "@BrandB me too"),
		tweet(21, "c3", 1, 5100, 20, NULL, 0, "@BrandB ok"),
		tweet(21, "c3", 1, 5100, 20, NULL, 0, "@BrandB ok"),
		tweet(0, "c5", 1, 5100, 0, NULL, 0, "no id"),
		tweet(10, "c1", 1, 1000, 0, r10, 1, "@BrandB help"),
	};
	struct kcc_chat_twcs *th;
	struct kcc_chat_twcs_stats st;
	struct kcc_chat_sink s;
	struct kcc_chat_opts o;
	struct got g;
	const struct kcc_chat_contact *c;
	size_t i;
	int rc = 0;

	memset(&g, 0, sizeof g);
	s = sink_of(&g);
	th = kcc_chat_twcs_new(NULL, &s, "twcs.csv");
	for (i = 0; i < sizeof tw / sizeof tw[0]; i++) {
		rc |= kcc_chat_twcs_add(th, &tw[i]);
		if (i == 3)
			is_int(g.n, 1,
				"twcs: a lone brand tweet is complete "
				"at once");
		if (i == 7)
			is_int(g.n, 1, "twcs: threads wait for their ids");
	}
	is_int(g.n, 2, "twcs: the thread completes with its root");
	rc |= kcc_chat_twcs_finish(th, &st);
	kcc_chat_twcs_free(th);
	is_int(rc, 0, "twcs: no stop");
	is_int(g.n, 3, "twcs: three contacts");
	is_int(st.tweets, 9, "twcs: tweets");
	is_int(st.threaded, 7, "twcs: threaded");
	is_int(st.rejected, 2, "twcs: rejected (duplicate, no id)");
	is_int(g.nrej, 2, "twcs: rejects reported");
	is_str(g.rej_reason[0], "duplicate tweet", "twcs: duplicate");
	is_int(g.rej_line[0], 22, "twcs: duplicate's line");
	is_str(g.rej_reason[1], "bad tweet", "twcs: no id");
	is_int(st.orphans, 1, "twcs: one orphan");
	is_int(st.contacts, 3, "twcs: contacts counted");
	if (g.n != 3) {
		skip(18, "contacts missing");
		got_free(&g);
		return;
	}
	c = &g.v[0].c;
	ok(c->outbound && c->thread == 30 && c->messages == 1,
		"brand-only thread: outbound, one tweet");
	is_str(c->citizen, "c4_x", "brand-only thread: the addressed handle");
	ok(c->text == NULL && c->outcome == KCC_CHAT_ANSWERED,
		"brand-only thread: no text, answered");

	c = &g.v[1].c;
	is_int(c->thread, 10, "thread: the root's id");
	is_int(c->start.sec, 1000, "thread: start");
	is_int(c->end.sec, 1800, "thread: end");
	is_int(c->handle_s, 800, "thread: handle");
	ok(c->has_wait && c->wait_s == 600, "thread: wait to the brand");
	is_str(c->agent, "BrandB", "thread: agent");
	is_str(c->citizen, "c1", "thread: citizen");
	is_int(c->messages, 4, "thread: four tweets");
	is_str(c->text, "@BrandB help\n@BrandB thanks",
		"thread: the citizen's tweets in time order");
	is_int(c->line, 11, "thread: line of the first tweet");
	ok(!c->partial && !c->outbound, "thread: whole, inbound");

	c = &g.v[2].c;
	is_int(c->thread, 20, "orphan thread: its first tweet");
	ok(c->partial, "orphan thread: partial");
	ok(c->outbound && !c->has_wait, "orphan thread: brand first, no wait");
	is_str(c->citizen, "c3", "orphan thread: citizen");
	is_int(c->messages, 2, "orphan thread: two tweets");
	got_free(&g);

	/* max_open 1: the older thread goes early. */
	memset(&g, 0, sizeof g);
	s = sink_of(&g);
	kcc_chat_opts_init(&o);
	o.max_open = 1;
	th = kcc_chat_twcs_new(&o, &s, "twcs.csv");
	kcc_chat_twcs_add(th, &tw[0]);
	kcc_chat_twcs_add(th, &tw[2]);
	is_int(g.n, 1, "max_open: the oldest thread delivered early");
	kcc_chat_twcs_add(th, &tw[1]);
	kcc_chat_twcs_add(th, &tw[8]);
	kcc_chat_twcs_finish(th, &st);
	kcc_chat_twcs_free(th);
	is_int(st.early, 2, "max_open: counted");
	{
		unsigned long m = 0;
		for (i = 0; i < g.n; i++)
			m += g.v[i].c.messages;
		is_int(m, 4, "max_open: every tweet in a contact");
	}
	got_free(&g);

	/* Freed while open: no leak (ASan). */
	s = sink_of(&g);
	th = kcc_chat_twcs_new(NULL, &s, "t");
	kcc_chat_twcs_add(th, &tw[0]);
	kcc_chat_twcs_add(th, &tw[2]);
	kcc_chat_twcs_free(th);
	kcc_chat_twcs_free(NULL);
	ok(g.n == 0, "freed open threads without delivering");
	got_free(&g);
}

static void
test_twcs_helpers(void)
{
	struct kcc_time t;
	uint64_t ids[3];
	size_t n;
	const char *why = NULL;

	ok(kcc_chat_twcs_time("Tue Oct 31 22:10:47 +0000 2017", 30, &t, &why) ==
				0 &&
			strcmp(ts(&t), "2017-10-31T22:10:47Z") == 0,
		"twcs time");
	ok(kcc_chat_twcs_time("Tue Oct 31 22:10:47 -0130 2017", 30, &t, &why) ==
				0 &&
			strcmp(ts(&t), "2017-10-31T22:10:47-01:30") == 0,
		"twcs time with an offset");
	ok(kcc_chat_twcs_time("Tue Feb 29 22:10:47 +0000 2017", 30, &t, &why) ==
			-1,
		"twcs time: 29 February 2017");
	ok(kcc_chat_twcs_time("Tue Oct 31 22:10:47 +0000 17", 28, &t, &why) ==
				-1 &&
			why != NULL,
		"twcs time: short year");
	ok(kcc_chat_twcs_time("Tux Oct 31 22:10:47 +0000 2017", 30, &t, &why) ==
			-1,
		"twcs time: bad weekday");
	ok(kcc_chat_twcs_ids("9,6,10", 6, ids, 3, &n, &why) == 0 && n == 3 &&
			ids[0] == 9 && ids[1] == 6 && ids[2] == 10,
		"twcs ids: a list");
	ok(kcc_chat_twcs_ids("3.0", 3, ids, 3, &n, &why) == 0 && n == 1 &&
			ids[0] == 3,
		"twcs ids: a float");
	ok(kcc_chat_twcs_ids("", 0, ids, 3, &n, &why) == 0 && n == 0,
		"twcs ids: empty");
	ok(kcc_chat_twcs_ids("1,2,3,4", 7, ids, 3, &n, &why) == -1,
		"twcs ids: too many");
	ok(kcc_chat_twcs_ids("1,,2", 4, ids, 3, &n, &why) == -1,
		"twcs ids: empty item");
	ok(kcc_chat_twcs_ids("3.5", 3, ids, 3, &n, &why) == -1,
		"twcs ids: a fraction");
	ok(kcc_chat_twcs_ids("99999999999999999999", 20, ids, 3, &n, &why) ==
			-1,
		"twcs ids: too large");
}

/*
 * A small CSV reader for the test (RFC 4180; only LF ends a row, so the
 * file's bare "\r\r" stays in its field, as pandas meant).
 */
#define NF 8
struct csv {
	const char *p;
	size_t n, pos;
	unsigned long line;
	char *out;
	size_t off[NF], len[NF];
	int nf;
};

static int
csv_row(struct csv *c)
{
	size_t o = 0, i = c->pos;
	int nf = 0;

	if (i >= c->n)
		return 0;
	c->line++;
	for (;;) {
		size_t start = o;
		if (i < c->n && c->p[i] == '"') {
			for (i++; i < c->n; i++) {
				if (c->p[i] == '"') {
					if (i + 1 < c->n && c->p[i + 1] == '"')
						i++;
					else
						break;
				}
				if (c->p[i] == '\n')
					c->line++;
				c->out[o++] = c->p[i];
			}
			i++;
		}
		while (i < c->n && c->p[i] != ',' && c->p[i] != '\n')
			c->out[o++] = c->p[i++];
		if (o > start && c->out[o - 1] == '\r' &&
			(i >= c->n || c->p[i] == '\n'))
			o--;
		if (nf < NF) {
			c->off[nf] = start;
			c->len[nf] = o - start;
		}
		nf++;
		if (i >= c->n || c->p[i] == '\n') {
			c->pos = i + 1;
			c->nf = nf;
			return 1;
		}
		i++;
	}
}

static void
test_twcs_file(void)
{
	struct kcc_chat_twcs *th;
	struct kcc_chat_twcs_stats st;
	struct kcc_chat_sink s;
	struct kcc_chat_tweet t;
	struct csv c;
	struct got g;
	char path[8192], *buf;
	uint64_t resp[1024];
	size_t len, n, i;
	const char *why;
	unsigned long rows = 0, bad = 0, startline;
	unsigned long outbound = 0, waits = 0, partial = 0, nocit = 0;
	long long sum_wait = 0, sum_handle = 0;

	snprintf(path, sizeof path, "%s/data/twcs/twcs.csv", shared);
	if ((buf = slurp(path, &len)) == NULL) {
		skip(10, "twcs.csv absent");
		return;
	}
	memset(&c, 0, sizeof c);
	c.p = buf;
	c.n = len;
	c.out = malloc(len + 1);
	memset(&g, 0, sizeof g);
	s = sink_of(&g);
	th = kcc_chat_twcs_new(NULL, &s, path);
	csv_row(&c); /* header */
	for (;;) {
		startline = c.line + 1;
		if (!csv_row(&c))
			break;
		rows++;
		if (c.nf != NF) {
			printf("# line %lu: %d fields\n", startline, c.nf);
			bad++;
			continue;
		}
		memset(&t, 0, sizeof t);
		if (kcc_chat_twcs_ids(c.out + c.off[1], c.len[1], &t.id, 1, &n,
			    &why) != 0 ||
			n != 1 ||
			kcc_chat_twcs_ids(c.out + c.off[7], c.len[7], &t.parent,
				1, &n, &why) != 0 ||
			kcc_chat_twcs_ids(c.out + c.off[6], c.len[6], resp,
				1024, &t.nresponses, &why) != 0 ||
			kcc_chat_twcs_time(c.out + c.off[4], c.len[4], &t.at,
				&why) != 0) {
			printf("# line %lu: %s\n", startline, why);
			bad++;
			continue;
		}
		t.responses = resp;
		t.author = c.out + c.off[2];
		t.author_len = c.len[2];
		t.inbound = c.len[3] == 4 &&
			    memcmp(c.out + c.off[3], "True", 4) == 0;
		t.text = c.out + c.off[5];
		t.text_len = c.len[5];
		t.line = startline;
		kcc_chat_twcs_add(th, &t);
	}
	kcc_chat_twcs_finish(th, &st);
	kcc_chat_twcs_free(th);
	for (i = 0; i < g.n; i++) {
		const struct kcc_chat_contact *k = &g.v[i].c;
		outbound += k->outbound;
		partial += k->partial;
		nocit += k->citizen == NULL;
		if (k->has_wait) {
			waits++;
			sum_wait += k->wait_s;
		}
		sum_handle += k->handle_s;
	}
	ok(rows == 5000 && bad == 0, "twcs.csv: 5000 rows read (%lu, %lu bad)",
		rows, bad);
	ok(st.tweets == 5000 && st.threaded == 5000 && st.rejected == 0,
		"twcs.csv: every tweet in a contact, no rejects");
	is_int(g.n, 1312, "twcs.csv: 1312 threads");
	is_int(st.orphans, 6,
		"twcs.csv: 6 tweets answer tweets not in the file");
	is_int(partial, 6, "twcs.csv: 6 partial threads");
	is_int(outbound, 24, "twcs.csv: 24 threads begun by a brand");
	is_int(waits, 1311, "twcs.csv: 1311 with a reply after the customer");
	is_int(sum_wait, 233903537LL, "twcs.csv: total wait");
	is_int(sum_handle, 340877001LL, "twcs.csv: total handle time");
	is_int(nocit, 0, "twcs.csv: every thread has a citizen");
	got_free(&g);
	free(c.out);
	free(buf);
}

int
main(void)
{
	const char *e, *why;
	char dir[3072];
	size_t i;

	kcc_diag_init("kcc-test");
	e = getenv("KCC_TOP");
	snprintf(top, sizeof top, "%s", e && *e ? e : ".");
	e = getenv("KCC_SHARED");
	if (e && *e)
		snprintf(shared, sizeof shared, "%s", e);
	else
		snprintf(shared, sizeof shared, "%s/../shared", top);
	utc = kcc_tz_load("UTC", &why);
	ams = kcc_tz_load("Europe/Amsterdam", &why);
	if (utc == NULL || ams == NULL) {
		printf("1..0 # SKIP no zoneinfo\n");
		return 0;
	}

	snprintf(dir, sizeof dir, "%s/data/whatsapp-fixtures", shared);
	for (i = 0; i < NFIXTURES; i++)
		test_fixture(&fixtures[i], dir);
	test_fixture_details(dir);
	test_sample();
	test_contacts();
	test_headers();
	test_rejects();
	test_text_cap();
	test_read();
	test_twcs_small();
	test_twcs_helpers();
	test_twcs_file();

	kcc_tz_free(utc);
	kcc_tz_free(ams);
	return tap_done();
}
