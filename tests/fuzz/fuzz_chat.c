/*
 * libFuzzer target for the chat parsers (lib/chat.c), checking their
 * invariants, not only that they do not crash:
 *
 *   - WhatsApp: every header is a contact's message, a system message or
 *     a reject (headers = messages + system + rejected - stray); a
 *     contact starts no later than it ends, its handle time is its span,
 *     its wait is not negative and only an answered contact has one; its
 *     text fits the cap, is NUL-terminated and ends in the mark when cut;
 *     its line lies in the input; rejects point into the input;
 *   - reading through a callback in chunks of any size gives exactly the
 *     contacts that the whole buffer gives;
 *   - twcs (the same bytes read as tweets with small ids, so that they
 *     collide, form threads, repeat and dangle): every tweet is threaded
 *     or rejected, every threaded tweet is in exactly one contact, and no
 *     more threads are open than max_open allows.
 *
 * A broken invariant prints what broke and aborts, which libFuzzer reports
 * as a crash with the input saved.  Built by `make fuzz` (see Makefile) and
 * run by scripts/fuzz; seed it with the WhatsApp fixtures.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/chat.h"
#include "kcc/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what)                                                      \
	do {                                                                   \
		if (!(cond))                                                   \
			broken(what, #cond, __LINE__);                         \
	} while (0)

static void
broken(const char *what, const char *cond, int line)
{
	fprintf(stderr, "fuzz_chat: invariant broken: %s (%s, line %d)\n", what,
		cond, line);
	abort();
}

#define TEXT_MAX 64
#define MAX_OPEN 3

static struct kcc_tz *ams;
static const char *const agents[] = {"A", "Gemeente Lindendam", "~x"};

struct seen {
	const char *buf;
	size_t n;
	unsigned long lines;
	unsigned long contacts, rejects, items; /* items: messages + media */
	uint64_t digest;
	int whatsapp; /* lines are the input's */
};

static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *u = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ u[i]) * 0x100000001b3ULL;
	return h;
}

static void
check_string(const char *s, size_t n, const char *what)
{
	if (s == NULL) {
		CHECK(n == 0, what);
		return;
	}
	CHECK(s[n] == '\0', what);
}

static int
on_contact(void *ctx, const struct kcc_chat_contact *c)
{
	struct seen *sn = ctx;
	size_t mark = sizeof KCC_CHAT_CUT_MARK - 1;

	CHECK(c->seq == ++sn->contacts, "contacts numbered in order");
	CHECK(c->start.sec <= c->end.sec, "start no later than end");
	CHECK(c->handle_s == c->end.sec - c->start.sec, "handle is the span");
	CHECK(c->messages + c->media >= 1, "a contact has a message");
	if (c->has_wait) {
		CHECK(c->wait_s >= 0, "wait not negative");
		CHECK(c->outcome == KCC_CHAT_ANSWERED, "a reply answers");
		CHECK(c->agent != NULL, "a reply has an agent");
	} else {
		CHECK(c->outcome == (c->outbound ? KCC_CHAT_ANSWERED
						 : KCC_CHAT_UNANSWERED),
			"outcome without a reply");
	}
	check_string(c->text, c->text_len, "text NUL-terminated");
	check_string(c->agent, c->agent_len, "agent NUL-terminated");
	check_string(c->citizen, c->citizen_len, "citizen NUL-terminated");
	CHECK(c->text == NULL || c->text_len > 0, "text NULL or non-empty");
	CHECK(c->text_len <= TEXT_MAX, "text within the cap");
	if (c->text_cut)
		CHECK(c->text_len >= mark &&
				memcmp(c->text + c->text_len - mark,
					KCC_CHAT_CUT_MARK, mark) == 0,
			"a cut text ends in the mark");
	if (sn->whatsapp)
		CHECK(c->line >= 1 && c->line <= sn->lines,
			"line within the input");
	sn->items += c->messages + c->media;
	sn->digest = mix(sn->digest, &c->start.sec, sizeof c->start.sec);
	sn->digest = mix(sn->digest, &c->end.sec, sizeof c->end.sec);
	sn->digest = mix(sn->digest, &c->wait_s, sizeof c->wait_s);
	sn->digest = mix(sn->digest, &c->messages, sizeof c->messages);
	sn->digest = mix(sn->digest, &c->media, sizeof c->media);
	sn->digest = mix(sn->digest, &c->line, sizeof c->line);
	if (c->text)
		sn->digest = mix(sn->digest, c->text, c->text_len + 1);
	if (c->citizen)
		sn->digest = mix(sn->digest, c->citizen, c->citizen_len + 1);
	if (c->agent)
		sn->digest = mix(sn->digest, c->agent, c->agent_len + 1);
	return 0;
}

static void
on_reject(void *ctx, unsigned long line, const char *reason, const char *msg,
	const char *raw, size_t n)
{
	struct seen *sn = ctx;

	sn->rejects++;
	CHECK(reason != NULL && reason[0] != '\0', "a reason");
	CHECK(msg != NULL && msg[0] != '\0', "a message");
	if (sn->whatsapp)
		CHECK(line >= 1 && line <= sn->lines, "reject line in input");
	if (sn->buf != NULL) {
		CHECK(raw >= sn->buf && raw + n <= sn->buf + sn->n,
			"raw text within the input");
	}
	sn->digest = mix(sn->digest, &line, sizeof line);
}

static unsigned long
count_lines(const char *p, size_t n)
{
	unsigned long k = n > 0;
	size_t i;

	for (i = 0; i + 1 < n; i++)
		k += p[i] == '\n';
	return k;
}

struct reader {
	const char *p;
	size_t n, off, step;
};

static ssize_t
rd(void *ctx, void *buf, size_t n)
{
	struct reader *r = ctx;
	size_t k = r->n - r->off;

	if (k > r->step)
		k = r->step;
	if (k > n)
		k = n;
	memcpy(buf, r->p + r->off, k);
	r->off += k;
	return (ssize_t)k;
}

static void
fuzz_whatsapp(const char *p, size_t n)
{
	struct kcc_chat_opts o;
	struct kcc_chat_stats st, st2;
	struct kcc_chat_sink sink;
	struct seen a, b;
	struct reader r;
	int rc;

	kcc_chat_opts_init(&o);
	o.tz = ams;
	o.agents = agents;
	o.nagents = 3;
	o.text_max = TEXT_MAX;
	o.order = n > 0 && (p[0] & 1) ? KCC_CHAT_AUTO_MDY : KCC_CHAT_AUTO_DMY;
	o.gap = n > 1 && (p[1] & 1) ? KCC_GAP_SHIFT : KCC_GAP_ERROR;
	o.fold = n > 1 && (p[1] & 2) ? KCC_FOLD_ERROR : KCC_FOLD_EARLIER;

	memset(&a, 0, sizeof a);
	a.buf = p;
	a.n = n;
	a.lines = count_lines(p, n);
	a.whatsapp = 1;
	sink.contact = on_contact;
	sink.reject = on_reject;
	sink.ctx = &a;
	rc = kcc_chat_whatsapp(p, n, "fuzz", &o, &sink, &st);
	CHECK(rc == 0, "a buffer within the cap parses");
	CHECK(st.lines == a.lines, "lines counted");
	CHECK(st.headers == st.messages + st.system + st.rejected - st.stray,
		"headers = messages + system + rejected");
	CHECK(st.stray <= 1 && st.stray <= st.rejected, "stray text once");
	CHECK(st.rejected == a.rejects, "rejects counted");
	CHECK(st.contacts == a.contacts, "contacts counted");
	CHECK(a.items >= st.messages && a.items <= 2 * st.messages,
		"every message in a contact");
	CHECK(st.order == KCC_CHAT_DMY || st.order == KCC_CHAT_MDY, "an order");

	/* The same through a reader, in chunks. */
	memset(&b, 0, sizeof b);
	b.buf = NULL;
	b.lines = a.lines;
	b.whatsapp = 1; /* raw points into the reader's copy: not checked */
	sink.ctx = &b;
	r.p = p;
	r.n = n;
	r.off = 0;
	r.step = n > 2 ? (unsigned char)p[2] % 17 + 1 : 1;
	rc = kcc_chat_whatsapp_read(rd, &r, "fuzz", &o, &sink, &st2);
	CHECK(rc == 0, "the reader parses");
	CHECK(a.digest == b.digest && a.contacts == b.contacts &&
			a.rejects == b.rejects,
		"reading in chunks gives the same contacts");
	CHECK(memcmp(&st, &st2, sizeof st) == 0, "and the same counts");
}

static void
fuzz_twcs(const unsigned char *p, size_t n)
{
	static const char *const authors[] = {"c1", "c2", "BrandA", "BrandB"};
	static const char *const texts[] = {"@BrandA hi", "@c1 hello",
		"@BrandB help me please, it is broken", ""};
	struct kcc_chat_opts o;
	struct kcc_chat_twcs_stats st;
	struct kcc_chat_twcs *tw;
	struct kcc_chat_sink sink;
	struct kcc_chat_tweet t;
	struct seen s;
	uint64_t resp[4];
	size_t i = 0, k;

	kcc_chat_opts_init(&o);
	o.text_max = TEXT_MAX;
	o.max_open = MAX_OPEN;
	memset(&s, 0, sizeof s);
	sink.contact = on_contact;
	sink.reject = on_reject;
	sink.ctx = &s;
	tw = kcc_chat_twcs_new(&o, &sink, "fuzz");
	while (i + 5 <= n) {
		memset(&t, 0, sizeof t);
		t.id = p[i] % 24;
		t.parent = p[i + 1] % 26;
		t.nresponses = p[i + 2] % 5;
		t.inbound = p[i + 3] & 1;
		t.author = authors[(p[i + 3] >> 1) % 4];
		t.author_len = strlen(t.author);
		t.text = texts[(p[i + 3] >> 3) % 4];
		t.text_len = strlen(t.text);
		t.at.sec = (int64_t)p[i + 4] * 60;
		t.line = (unsigned long)i / 5 + 1;
		i += 5;
		for (k = 0; k < t.nresponses; k++)
			resp[k] = i + k < n ? p[i + k] % 24 : 0;
		t.responses = resp;
		CHECK(kcc_chat_twcs_add(tw, &t) == 0, "add goes on");
	}
	CHECK(kcc_chat_twcs_finish(tw, &st) == 0, "finish");
	kcc_chat_twcs_free(tw);
	CHECK(st.tweets == st.threaded + st.rejected,
		"tweets = threaded + rejected");
	CHECK(st.rejected == s.rejects, "rejects counted");
	CHECK(s.items == st.threaded, "every threaded tweet in one contact");
	CHECK(st.contacts == s.contacts, "contacts counted");
	CHECK(st.open_max <= MAX_OPEN + 1, "open threads bounded");
	CHECK(st.orphans <= st.threaded, "orphans are threaded tweets");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why;

	if (ams == NULL) {
		ams = kcc_tz_load("Europe/Amsterdam", &why);
		CHECK(ams != NULL, "Europe/Amsterdam loads");
	}
	fuzz_whatsapp((const char *)data, size);
	fuzz_twcs(data, size);
	return 0;
}
