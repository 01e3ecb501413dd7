/*
 * Conversations into contacts: WhatsApp exports and twcs reply threads.
 *
 * Both sources feed one contact builder (struct builder), message by
 * message in conversation order; it keeps the contact in progress, cuts
 * it on idle time (WhatsApp only) and hands each finished contact to the
 * caller's sink.  The builder owns three growing buffers (citizen, agent,
 * text), reused from contact to contact, and the strings in a delivered
 * contact point into them, so they are valid during the sink call only.
 *
 * A WhatsApp export is read whole (exports are small; the cap is
 * input_max), because the order of day and month can only be settled by
 * the whole file: pass 1 looks at every header for evidence (a number
 * above 12) and finds the file's citizen, pass 2 parses again with the
 * order known and builds contacts.  Parsing is a hand-written scanner
 * over the buffer, not a list of formats: the apps vary separators,
 * clocks, brackets, spaces and marks independently, and a scanner that
 * takes each variation where it can occur accepts every combination (and
 * the fixture file that mixes eight of them) without a format table that
 * would miss the ninth.  Nothing is allocated per message: names are
 * normalised into a stack buffer, texts are copied once, into the
 * contact's text, and only for the citizen.
 *
 * twcs threads are built incrementally.  A hash map holds, for every open
 * thread, the ids of its tweets (seen) and the ids they refer to that
 * have not arrived (pending); a tweet joins the thread of any id it
 * touches, merging threads when it touches several (the smaller one moves
 * into the larger), and a thread with nothing pending is complete and is
 * delivered at once, its keys removed.  So memory follows the open
 * threads, not the input; max_open bounds even that, by delivering the
 * thread touched least recently (the threads form a list in order of
 * use).  Each tweet is one allocation (the record, its author, and the
 * customer's text or the handle a brand's tweet addresses, used as the
 * citizen when a thread has no customer tweet).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/chat.h"
#include "kcc/diag.h"

#define DAY_S       86400
#define NAME_MAX_WA 128 /* longest "Name" before ':' taken as a sender */
#define TEXT_MIN    16
#define TEXT_LIMIT  ((size_t)1 << 30)

void
kcc_chat_opts_init(struct kcc_chat_opts *o)
{
	memset(o, 0, sizeof *o);
	o->gap = KCC_GAP_ERROR;
	o->fold = KCC_FOLD_EARLIER;
	o->order = KCC_CHAT_AUTO_DMY;
	o->session_gap = KCC_CHAT_SESSION_GAP;
	o->text_max = KCC_CHAT_TEXT_MAX;
	o->input_max = KCC_CHAT_INPUT_MAX;
	o->max_open = KCC_CHAT_MAX_OPEN;
}

/* Growing byte buffers, NUL-terminated. */
struct sbuf {
	char *p;
	size_t n, cap;
};

static void
sb_reserve(struct sbuf *b, size_t more)
{
	size_t cap;

	if (b->n + more + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < b->n + more + 1)
		cap *= 2;
	b->p = kcc_xrealloc(b->p, cap);
	b->cap = cap;
}

static void
sb_set(struct sbuf *b, const char *s, size_t n)
{
	b->n = 0;
	sb_reserve(b, n);
	if (n > 0)
		memcpy(b->p, s, n);
	b->n = n;
	b->p[n] = '\0';
}

/* Bytes of an invisible direction mark or BOM at p, or 0. */
static size_t
mark_len(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (n < 3)
		return 0;
	if (u[0] == 0xe2 && u[1] == 0x80 &&
		(u[2] == 0x8e || u[2] == 0x8f ||
			(u[2] >= 0xaa && u[2] <= 0xae)))
		return 3; /* U+200E, U+200F, U+202A..U+202E */
	if (u[0] == 0xe2 && u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9)
		return 3; /* U+2066..U+2069 */
	if (u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return 3; /* U+FEFF */
	return 0;
}

/* Bytes of a space at p (ASCII, no-break, narrow no-break, thin), or 0. */
static size_t
space_len(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (n >= 1 && (u[0] == ' ' || u[0] == '\t'))
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
		(u[2] == 0xaf || u[2] == 0x89))
		return 3;
	return 0;
}

/* Skip spaces and marks from p[i]; returns the new index. */
static size_t
skip_blank(const char *p, size_t n, size_t i)
{
	size_t k;

	while (i < n &&
		((k = space_len(p + i, n - i)) || (k = mark_len(p + i, n - i))))
		i += k;
	return i;
}

/* Only spaces, marks and CR. */
static int
is_blank(const char *p, size_t n)
{
	size_t i = 0;

	for (;;) {
		i = skip_blank(p, n, i);
		if (i < n && p[i] == '\r')
			i++;
		else
			return i == n;
	}
}

/*
 * Name as compared: invisible marks removed, spaces trimmed at both ends.
 * Writes at most cap - 1 bytes and a NUL; returns the length.
 */
static size_t
norm_name(const char *p, size_t n, char *out, size_t cap)
{
	size_t i = 0, o = 0, k, last = 0;

	i = skip_blank(p, n, 0);
	while (i < n && o + 1 < cap) {
		if ((k = mark_len(p + i, n - i))) {
			i += k;
			continue;
		}
		k = space_len(p + i, n - i);
		out[o++] = p[i++];
		if (k == 0)
			last = o;
		else if (k > 1)
			while (--k > 0 && o + 1 < cap)
				out[o++] = p[i++];
	}
	out[last] = '\0';
	return last;
}

static int
fold1(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Equal but for case (ASCII, and Latin-1 letters in UTF-8: U+00C0..DE). */
static int
fold_eq(const char *a, size_t an, const char *b, size_t bn)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;
	size_t i;
	int cx, cy;

	if (an != bn)
		return 0;
	for (i = 0; i < an; i++) {
		if (x[i] == y[i])
			continue;
		cx = x[i];
		cy = y[i];
		if (i > 0 && x[i - 1] == 0xc3 && y[i - 1] == 0xc3) {
			if (cx >= 0x80 && cx <= 0x9e && cx != 0x97)
				cx += 0x20;
			if (cy >= 0x80 && cy <= 0x9e && cy != 0x97)
				cy += 0x20;
		} else {
			cx = fold1(cx);
			cy = fold1(cy);
		}
		if (cx != cy)
			return 0;
	}
	return 1;
}

/* s[0..n) starts with the NUL-terminated w, ignoring ASCII case. */
static int
has_prefix_ci(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && fold_eq(s, k, w, k);
}

static int
has_suffix_ci(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && fold_eq(s + n - k, k, w, k);
}

static int
contains(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, w, k) == 0)
			return 1;
	return 0;
}

/*
 * The contact builder.
 */
struct builder {
	const struct kcc_chat_opts *o;
	const struct kcc_chat_sink *sink;
	const char *name;
	int64_t gap; /* <= 0: never split */
	int open;
	struct kcc_chat_contact c;
	int64_t last_sec;
	int has_cit, has_agent;
	struct kcc_time first_cit;
	struct sbuf cit, agent, text, fallback;
	unsigned long seq;
};

struct message {
	struct kcc_time t;
	const char *who; /* normalised */
	size_t who_len;
	int agent;
	int media;        /* 1: it carries an attachment */
	int counts;       /* 1: it counts as a message */
	const char *text; /* raw, may span lines with CRLF */
	size_t text_len;
	unsigned long line;
};

static void
builder_init(struct builder *b, const struct kcc_chat_opts *o,
	const struct kcc_chat_sink *sink, const char *name, int64_t gap)
{
	memset(b, 0, sizeof *b);
	b->o = o;
	b->sink = sink;
	b->name = name;
	b->gap = gap;
}

static void
builder_release(struct builder *b)
{
	free(b->cit.p);
	free(b->agent.p);
	free(b->text.p);
	free(b->fallback.p);
}

static size_t
text_cap(const struct kcc_chat_opts *o)
{
	if (o->text_max < TEXT_MIN)
		return TEXT_MIN;
	return o->text_max > TEXT_LIMIT ? TEXT_LIMIT : o->text_max;
}

/* Append s[0..n) to the contact text, "\n" between messages, CRLF as LF. */
static void
text_add(struct builder *b, const char *s, size_t n)
{
	size_t max = text_cap(b->o), i;
	struct sbuf *t = &b->text;

	if (n == 0 || b->c.text_cut)
		return;
	sb_reserve(t, max + 1);
	if (t->n > 0) {
		if (t->n >= max) {
			b->c.text_cut = 1;
			return;
		}
		t->p[t->n++] = '\n';
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if (t->n >= max) {
			b->c.text_cut = 1;
			break;
		}
		t->p[t->n++] = s[i];
	}
	t->p[t->n] = '\0';
}

/* Finish the text: cut at a UTF-8 boundary with room for the mark. */
static void
text_finish(struct builder *b)
{
	size_t max = text_cap(b->o), mark = sizeof KCC_CHAT_CUT_MARK - 1;
	struct sbuf *t = &b->text;

	if (!b->c.text_cut)
		return;
	if (t->n > max - mark)
		t->n = max - mark;
	while (t->n > 0 && ((unsigned char)t->p[t->n] & 0xc0) == 0x80)
		t->n--;
	memcpy(t->p + t->n, KCC_CHAT_CUT_MARK, mark);
	t->n += mark;
	t->p[t->n] = '\0';
}

static int
builder_flush(struct builder *b)
{
	struct kcc_chat_contact *c = &b->c;
	int rc;

	if (!b->open)
		return 0;
	b->open = 0;
	c->handle_s = c->end.sec - c->start.sec;
	if (c->has_wait) {
		c->wait_s = c->reply.sec - b->first_cit.sec;
		if (c->wait_s < 0)
			c->wait_s = 0;
	}
	c->outcome = c->has_wait || c->outbound ? KCC_CHAT_ANSWERED
						: KCC_CHAT_UNANSWERED;
	if (b->has_agent) {
		c->agent = b->agent.p;
		c->agent_len = b->agent.n;
	}
	if (b->has_cit) {
		c->citizen = b->cit.p;
		c->citizen_len = b->cit.n;
	} else if (b->fallback.n > 0) {
		c->citizen = b->fallback.p;
		c->citizen_len = b->fallback.n;
	}
	text_finish(b);
	if (b->text.n > 0) {
		c->text = b->text.p;
		c->text_len = b->text.n;
	}
	c->seq = ++b->seq;
	rc = b->sink->contact ? b->sink->contact(b->sink->ctx, c) : 0;
	return rc;
}

static int
builder_add(struct builder *b, const struct message *m)
{
	struct kcc_chat_contact *c = &b->c;
	int64_t d;
	int rc;

	if (b->open && b->gap > 0) {
		d = m->t.sec - b->last_sec;
		if (d < 0)
			d = -d;
		if (d > b->gap && !(m->agent && b->has_cit && !c->has_wait) &&
			(rc = builder_flush(b)) != 0)
			return rc;
	}
	if (!b->open) {
		b->open = 1;
		memset(c, 0, sizeof *c);
		c->start = c->end = m->t;
		c->line = m->line;
		c->outbound = m->agent;
		b->has_cit = b->has_agent = 0;
		b->text.n = 0;
	}
	b->last_sec = m->t.sec;
	if (m->t.sec < c->start.sec)
		c->start = m->t;
	if (m->t.sec >= c->end.sec)
		c->end = m->t;
	c->messages += m->counts;
	c->media += m->media;
	if (m->agent) {
		if (b->has_cit && !c->has_wait) {
			c->has_wait = 1;
			c->reply = m->t;
			sb_set(&b->agent, m->who, m->who_len);
			b->has_agent = 1;
		} else if (!b->has_agent) {
			sb_set(&b->agent, m->who, m->who_len);
			b->has_agent = 1;
		}
		return 0;
	}
	if (!b->has_cit) {
		b->has_cit = 1;
		b->first_cit = m->t;
		sb_set(&b->cit, m->who, m->who_len);
	}
	if (m->who_len == b->cit.n && memcmp(m->who, b->cit.p, m->who_len) == 0)
		text_add(b, m->text, m->text_len);
	return 0;
}

/*
 * WhatsApp.
 */

struct name {
	char *p;
	size_t n;
};

struct wa {
	const char *name;
	const struct kcc_chat_opts *o;
	const struct kcc_chat_sink *sink;
	struct name *agents;
	size_t nagents;
	int dmy, ydm; /* resolved orders */
	struct kcc_chat_stats st;
	struct builder b;
};

struct header {
	unsigned num[3];
	int len[3];
	int ampm; /* 0 none, 1 am, 2 pm */
	int h, mi, s;
	const char *date; /* the date as written, for messages */
	size_t date_n;
	size_t body; /* offset of what follows the header */
};

/* Up to max decimal digits at p[*i]; returns how many (0: none). */
static int
digits(const char *p, size_t n, size_t *i, int max, unsigned *v)
{
	int k = 0;

	*v = 0;
	while (*i < n && p[*i] >= '0' && p[*i] <= '9') {
		if (++k > max)
			return 0;
		*v = *v * 10 + (unsigned)(p[*i] - '0');
		(*i)++;
	}
	return k;
}

/* "AM", "p.m.", "a. m." (any spaces) at p[*i]; 1 am, 2 pm, 0 none. */
static int
ampm(const char *p, size_t n, size_t *i)
{
	size_t j = *i;
	int r;

	if (j >= n)
		return 0;
	if (p[j] == 'a' || p[j] == 'A')
		r = 1;
	else if (p[j] == 'p' || p[j] == 'P')
		r = 2;
	else
		return 0;
	j++;
	if (j < n && p[j] == '.')
		j++;
	j = skip_blank(p, n, j);
	if (j >= n || (p[j] != 'm' && p[j] != 'M'))
		return 0;
	j++;
	if (j < n && p[j] == '.')
		j++;
	*i = j;
	return r;
}

/*
 * A message header at the start of line p[0..n): returns 1 and fills h,
 * or 0 when the line is not one.  Values are not range-checked here.
 */
static int
parse_header(const char *p, size_t n, struct header *h)
{
	size_t i = 0, j, k;
	int bracket = 0, any = 0;
	unsigned v;
	char sep;

	memset(h, 0, sizeof *h);
	while (i < n && (k = mark_len(p + i, n - i)))
		i += k;
	if (i < n && p[i] == '[') {
		bracket = 1;
		i++;
	}
	h->date = p + i;
	j = i;
	h->len[0] = digits(p, n, &i, 4, &h->num[0]);
	if (h->len[0] == 0 || h->len[0] == 3)
		return 0;
	if (i >= n || (p[i] != '/' && p[i] != '.' && p[i] != '-'))
		return 0;
	sep = p[i++];
	h->len[1] = digits(p, n, &i, 2, &h->num[1]);
	if (h->len[1] == 0 || i >= n || p[i] != sep)
		return 0;
	i++;
	h->len[2] = digits(p, n, &i, 4, &h->num[2]);
	if (h->len[0] == 4
			? h->len[2] == 0 || h->len[2] > 2
			: h->len[0] > 2 || (h->len[2] != 2 && h->len[2] != 4))
		return 0;
	h->date_n = i - j;
	if (i < n && p[i] == ',') {
		i++;
		any = 1;
	}
	while (i < n && (k = space_len(p + i, n - i))) {
		i += k;
		any = 1;
	}
	if (!any || digits(p, n, &i, 2, &v) == 0)
		return 0;
	h->h = (int)v;
	if (i >= n || p[i] != ':')
		return 0;
	i++;
	if (digits(p, n, &i, 2, &v) != 2)
		return 0;
	h->mi = (int)v;
	if (i < n && p[i] == ':') {
		i++;
		if (digits(p, n, &i, 2, &v) != 2)
			return 0;
		h->s = (int)v;
	}
	if (i < n && p[i] == '.') /* "13:34. - " */
		i++;
	j = skip_blank(p, n, i);
	if ((h->ampm = ampm(p, n, &j)) != 0)
		i = j;
	i = skip_blank(p, n, i);
	if (bracket) {
		if (i >= n || p[i] != ']')
			return 0;
		i++;
	} else {
		if (i >= n || p[i] != '-')
			return 0;
		i++;
		if (i < n && p[i] != ' ' && p[i] != '\r' &&
			!space_len(p + i, n - i))
			return 0;
	}
	if (i < n && p[i] == ' ')
		i++;
	h->body = i;
	return 1;
}

/*
 * Notices WhatsApp writes in the place of a message, without a sender
 * (Android) or in the name of the chat (iOS): system messages either way.
 */
static const char *const notices[] = {
	"Messages and calls are end-to-end encrypted",
	"Messages to this group are now secured with end-to-end encryption",
	"Messages you send to this group are now secured",
	"Messages you send to this chat and calls are now secured",
	"Berichten en oproepen worden end-to-end versleuteld",
	"Berichten die je naar deze groep stuurt",
	"Berichten die je naar deze chat stuurt",
	"This business uses a secure service from",
	"Dit bedrijf gebruikt een beveiligde dienst van",
	"This chat is with a business account",
	"Deze chat is met een zakelijk account",
	"Your security code with",
	"Je beveiligingscode met",
	"Disappearing messages",
	"Verdwijnende berichten",
	"You blocked this contact",
	"You unblocked this contact",
	"Je hebt dit contact geblokkeerd",
	"Je hebt dit contact gedeblokkeerd",
	NULL,
};

static int
is_notice(const char *s, size_t n)
{
	size_t i = skip_blank(s, n, 0), k;

	for (k = 0; notices[k] != NULL; k++)
		if (has_prefix_ci(s + i, n - i, notices[k]))
			return 1;
	return 0;
}

/* Phrases that mark "X changed the subject to "a: b"" as not a sender. */
static int
not_a_name(const char *s, size_t n)
{
	static const char *const bad[] = {"\"", "\xe2\x80\x9c", "\xe2\x80\x9d",
		"end-to-end", " changed ", " heeft ", " created group", NULL};
	size_t k;

	if (n > NAME_MAX_WA)
		return 1;
	for (k = 0; bad[k] != NULL; k++)
		if (contains(s, n, bad[k]))
			return 1;
	return 0;
}

/*
 * Split the rest of a header line p[0..n) into a sender (normalised into
 * who) and text.  Returns 0 for a system message, else 1 with *text the
 * offset of the text in p.
 */
static int
split_sender(const char *p, size_t n, char *who, size_t *who_len, size_t *text)
{
	const char *colon = memchr(p, ':', n);
	size_t c, k;

	if (colon == NULL || is_notice(p, n))
		return 0;
	c = (size_t)(colon - p);
	if (not_a_name(p, c))
		return 0;
	k = norm_name(p, c, who, NAME_MAX_WA + 1);
	if (k == 0)
		return 0;
	*who_len = k;
	c++;
	if (c < n && p[c] == ' ')
		c++;
	if (is_notice(p + c, n - c))
		return 0;
	*text = c;
	return 1;
}

/* The first line of a message's text p[0..n) is a media placeholder. */
static int
is_media(const char *p, size_t n)
{
	static const char *const omitted[] = {"image omitted", "video omitted",
		"audio omitted", "sticker omitted", "GIF omitted",
		"document omitted", "Contact card omitted",
		"afbeelding weggelaten", "video weggelaten", "audio weggelaten",
		"sticker weggelaten", "GIF weggelaten", "document weggelaten",
		"contactkaart weggelaten", NULL};
	static const char *const exact[] = {"<Media omitted>",
		"<Media weggelaten>", "<Media niet opgenomen>", NULL};
	size_t i, k, m;

	i = skip_blank(p, n, 0);
	while (n > i && (p[n - 1] == '\r' || p[n - 1] == ' '))
		n--;
	p += i;
	n -= i;
	for (k = 0; exact[k] != NULL; k++)
		if (n == strlen(exact[k]) && has_prefix_ci(p, n, exact[k]))
			return 1;
	if (n > 0 && p[n - 1] == '>' &&
		(has_prefix_ci(p, n, "<attached: ") ||
			has_prefix_ci(p, n, "<bijgevoegd: ")))
		return 1;
	if (has_suffix_ci(p, n, "(file attached)") ||
		has_suffix_ci(p, n, "(bestand bijgevoegd)"))
		return 1;
	for (k = 0; omitted[k] != NULL; k++) {
		m = strlen(omitted[k]);
		if (!has_suffix_ci(p, n, omitted[k]))
			continue;
		/* The whole text, or a file name and U+200E before it. */
		if (n == m || (n >= m + 3 && mark_len(p + n - m - 3, 3) == 3))
			return 1;
	}
	return 0;
}

static int
is_agent(const struct wa *w, const char *who, size_t n)
{
	size_t i;

	for (i = 0; i < w->nagents; i++)
		if (fold_eq(who, n, w->agents[i].p, w->agents[i].n))
			return 1;
	return 0;
}

static void wa_reject(struct wa *w, unsigned long line, const char *reason,
	const char *raw, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void
wa_reject(struct wa *w, unsigned long line, const char *reason, const char *raw,
	size_t n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	w->st.rejected++;
	if (w->sink->reject != NULL)
		w->sink->reject(w->sink->ctx, line, reason, msg, raw, n);
	else
		kcc_warnl(w->name, line, "%s", msg);
}

static int
days_in_month(int64_t y, unsigned m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31};

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* One message: its header, the span of its lines, its first line's end. */
struct span {
	struct header h;
	const char *start, *end, *eol;
	unsigned long line;
};

/* Date and time of a header in the resolved order; -1 with a reject. */
static int
wa_time(struct wa *w, const struct span *m, struct kcc_time *t)
{
	const struct header *h = &m->h;
	int64_t y;
	unsigned mo, d;
	int hour = h->h, r;
	const char *why;

	if (h->len[0] == 4) {
		y = h->num[0];
		mo = w->ydm ? h->num[2] : h->num[1];
		d = w->ydm ? h->num[1] : h->num[2];
	} else {
		y = h->num[2] + (h->len[2] == 2 ? 2000 : 0);
		mo = w->dmy ? h->num[1] : h->num[0];
		d = w->dmy ? h->num[0] : h->num[1];
	}
	if (mo < 1 || mo > 12 || d < 1 || (int)d > days_in_month(y, mo)) {
		wa_reject(w, m->line, "bad date", m->start,
			(size_t)(m->end - m->start),
			"impossible date '%.*s' (read as %s)", (int)h->date_n,
			h->date,
			h->len[0] == 4
				? (w->ydm ? "year/day/month" : "year/month/day")
				: (w->dmy ? "day/month/year"
					  : "month/day/year"));
		return -1;
	}
	/* 12 AM is midnight, 12 PM noon; 0 and 13..23 with a marker are
	 * taken as written (exports with "13:37 p.m." exist). */
	if (h->ampm && hour == 12)
		hour = h->ampm == 1 ? 0 : 12;
	else if (h->ampm == 2 && hour >= 1 && hour <= 11)
		hour += 12;
	if (hour > 23 || h->mi > 59 || h->s > 59) {
		wa_reject(w, m->line, "bad time", m->start,
			(size_t)(m->end - m->start),
			"impossible time of day in '%.*s'",
			(int)(m->eol - m->start < 64 ? m->eol - m->start : 64),
			m->start);
		return -1;
	}
	if (w->o->tz == NULL) {
		t->sec = kcc_days_from_civil(y, mo, d) * DAY_S + hour * 3600 +
			 h->mi * 60 + h->s;
		t->nsec = 0;
		t->off_s = 0;
		return 0;
	}
	r = kcc_tz_local(w->o->tz, y, (int)mo, (int)d, hour, h->mi, h->s, 0,
		w->o->gap, w->o->fold, t, &why);
	if (r < 0) {
		int gap = strstr(why, "gap") != NULL;
		wa_reject(w, m->line, gap ? "dst gap" : "dst overlap", m->start,
			(size_t)(m->end - m->start),
			"time %04lld-%02u-%02u %02d:%02d:%02d in %s: %s",
			(long long)y, mo, d, hour, h->mi, h->s,
			kcc_tz_name(w->o->tz), why);
		return -1;
	}
	return 0;
}

/* Next line of buf[*pos..n): sets *p, *len (without "\n" and a CR). */
static int
next_line(const char *buf, size_t n, size_t *pos, const char **p, size_t *len)
{
	const char *nl;
	size_t l;

	if (*pos >= n)
		return 0;
	*p = buf + *pos;
	nl = memchr(*p, '\n', n - *pos);
	l = nl ? (size_t)(nl - *p) : n - *pos;
	*pos += l + (nl != NULL);
	if (l > 0 && (*p)[l - 1] == '\r')
		l--;
	*len = l;
	return 1;
}

/* Pass 1: order evidence and the file's citizen. */
static void
wa_scan(struct wa *w, const char *buf, size_t n)
{
	unsigned long dm = 0, md = 0, ydm = 0, ymd = 0;
	struct header h;
	const char *p;
	size_t pos = 0, len, t;
	char who[NAME_MAX_WA + 1];
	size_t who_len;
	int has_fallback = 0;
	enum kcc_chat_order o = w->o->order;

	while (next_line(buf, n, &pos, &p, &len)) {
		if (!parse_header(p, len, &h))
			continue;
		if (h.len[0] == 4) {
			ydm += h.num[1] > 12;
			ymd += h.num[2] > 12;
		} else {
			dm += h.num[0] > 12;
			md += h.num[1] > 12;
		}
		if (!has_fallback &&
			split_sender(p + h.body, len - h.body, who, &who_len,
				&t) &&
			!is_agent(w, who, who_len)) {
			sb_set(&w->b.fallback, who, who_len);
			has_fallback = 1;
		}
	}
	if (o == KCC_CHAT_DMY || o == KCC_CHAT_MDY) {
		w->dmy = o == KCC_CHAT_DMY;
	} else if (dm == 0 && md == 0) {
		w->dmy = o == KCC_CHAT_AUTO_DMY;
		w->st.order_default = 1;
	} else {
		w->st.order_conflict = dm > 0 && md > 0;
		w->dmy = dm == md ? o == KCC_CHAT_AUTO_DMY : dm > md;
	}
	w->ydm = ydm > ymd;
	w->st.order = w->dmy ? KCC_CHAT_DMY : KCC_CHAT_MDY;
}

/* Pass 2, one message. */
static int
wa_message(struct wa *w, const struct span *m)
{
	const char *rest = m->start + m->h.body;
	size_t rest_n = (size_t)(m->eol - rest), t;
	char who[NAME_MAX_WA + 1];
	struct message msg;

	w->st.headers++;
	memset(&msg, 0, sizeof msg);
	if (wa_time(w, m, &msg.t) != 0)
		return 0;
	if (!split_sender(rest, rest_n, who, &msg.who_len, &t)) {
		w->st.system++;
		return 0;
	}
	msg.who = who;
	msg.agent = is_agent(w, who, msg.who_len);
	msg.text = rest + t;
	msg.text_len = m->end > msg.text ? (size_t)(m->end - msg.text) : 0;
	msg.line = m->line;
	msg.counts = 1;
	if (is_media(msg.text, (size_t)(m->eol - msg.text))) {
		/* A caption, if any, is on the lines after the placeholder. */
		msg.media = 1;
		if (m->end > m->eol) {
			msg.text = m->eol;
			while (msg.text < m->end &&
				(*msg.text == '\r' || *msg.text == '\n'))
				msg.text++;
			msg.text_len = (size_t)(m->end - msg.text);
		} else {
			msg.text_len = 0;
		}
		msg.counts = msg.text_len > 0;
	}
	w->st.messages++;
	return builder_add(&w->b, &msg);
}

int
kcc_chat_whatsapp(const char *buf, size_t n, const char *name,
	const struct kcc_chat_opts *o, const struct kcc_chat_sink *sink,
	struct kcc_chat_stats *st)
{
	struct wa w;
	struct span m;
	const char *p, *stray = NULL, *stray_end = NULL;
	size_t pos = 0, len, i;
	unsigned long lineno = 0, stray_line = 0;
	int have = 0, rc = 0;
	char tmp[256];

	memset(&w, 0, sizeof w);
	w.name = name;
	w.o = o;
	w.sink = sink;
	if (n > o->input_max) {
		kcc_warnl(name, 0,
			"chat export larger than the limit of %zu bytes",
			o->input_max);
		return -1;
	}
	builder_init(&w.b, o, sink, name, o->session_gap);
	w.agents = kcc_xcalloc(o->nagents ? o->nagents : 1, sizeof *w.agents);
	for (i = 0; i < o->nagents; i++) {
		len = norm_name(o->agents[i], strlen(o->agents[i]), tmp,
			sizeof tmp);
		if (len == 0)
			continue;
		w.agents[w.nagents].p = kcc_xstrndup(tmp, len);
		w.agents[w.nagents++].n = len;
	}
	wa_scan(&w, buf, n);

	memset(&m, 0, sizeof m);
	while (rc == 0 && next_line(buf, n, &pos, &p, &len)) {
		struct header h;

		lineno++;
		if (parse_header(p, len, &h)) {
			if (have)
				rc = wa_message(&w, &m);
			else if (stray != NULL && ++w.st.stray)
				wa_reject(&w, stray_line, "stray text", stray,
					(size_t)(stray_end - stray),
					"text before the first message");
			m.h = h;
			m.start = p;
			m.end = m.eol = p + len;
			m.line = lineno;
			have = 1;
		} else if (is_blank(p, len)) {
			continue;
		} else if (have) {
			m.end = p + len;
		} else {
			if (stray == NULL) {
				stray = p;
				stray_line = lineno;
			}
			stray_end = p + len;
		}
	}
	if (rc == 0 && have)
		rc = wa_message(&w, &m);
	else if (rc == 0 && stray != NULL && ++w.st.stray)
		wa_reject(&w, stray_line, "stray text", stray,
			(size_t)(stray_end - stray),
			"no message header (not a WhatsApp chat export?)");
	if (rc == 0)
		rc = builder_flush(&w.b);
	w.st.lines = lineno;
	w.st.contacts = w.b.seq;
	if (st != NULL)
		*st = w.st;
	for (i = 0; i < w.nagents; i++)
		free(w.agents[i].p);
	free(w.agents);
	builder_release(&w.b);
	return rc;
}

int
kcc_chat_whatsapp_read(ssize_t (*rd)(void *rctx, void *buf, size_t n),
	void *rctx, const char *name, const struct kcc_chat_opts *o,
	const struct kcc_chat_sink *sink, struct kcc_chat_stats *st)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t r;
	int rc;

	for (;;) {
		if (len == cap) {
			if (cap > o->input_max) {
				kcc_warnl(name, 0,
					"chat export larger than the limit of "
					"%zu bytes",
					o->input_max);
				free(buf);
				return -1;
			}
			cap = cap ? cap * 2 : 65536;
			if (cap > o->input_max + 1)
				cap = o->input_max + 1;
			buf = kcc_xrealloc(buf, cap);
		}
		r = rd(rctx, buf + len, cap - len);
		if (r < 0) {
			free(buf);
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	rc = kcc_chat_whatsapp(buf, len, name, o, sink, st);
	free(buf);
	return rc;
}

/*
 * twcs.
 */

struct tweet {
	uint64_t id, parent;
	struct kcc_time at;
	unsigned long line;
	int inbound;
	size_t author_len, text_len;
	char *author, *text; /* text: a brand's addressed handle */
};

struct thread {
	struct tweet **tw;
	size_t n, cap;
	uint64_t *keys; /* every map key owned: tweets and pending ids */
	size_t nkeys, keycap;
	size_t npending;
	unsigned long seq;
	struct thread *prev, *next; /* in order of use, oldest first */
};

struct slot {
	uint64_t key; /* 0: empty */
	struct thread *th;
	int seen;
};

struct kcc_chat_twcs {
	struct kcc_chat_opts o;
	const struct kcc_chat_sink *sink;
	const char *name;
	struct builder b;
	struct slot *map;
	size_t mask, used;
	struct thread *oldest, *newest;
	size_t open;
	unsigned long seq;
	struct thread **scratch;
	size_t scratch_cap;
	struct kcc_chat_twcs_stats st;
};

static size_t
hash64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (size_t)x;
}

static struct slot *
map_find(struct kcc_chat_twcs *tw, uint64_t key)
{
	size_t i = hash64(key) & tw->mask;

	while (tw->map[i].key != 0) {
		if (tw->map[i].key == key)
			return &tw->map[i];
		i = (i + 1) & tw->mask;
	}
	return NULL;
}

static void map_put(struct kcc_chat_twcs *tw, uint64_t key, struct thread *th,
	int seen);

static void
map_grow(struct kcc_chat_twcs *tw)
{
	struct slot *old = tw->map;
	size_t n = tw->mask + 1, i;

	tw->map = kcc_xcalloc(n * 2, sizeof *tw->map);
	tw->mask = n * 2 - 1;
	tw->used = 0;
	for (i = 0; i < n; i++)
		if (old[i].key != 0)
			map_put(tw, old[i].key, old[i].th, old[i].seen);
	free(old);
}

static void
map_put(struct kcc_chat_twcs *tw, uint64_t key, struct thread *th, int seen)
{
	size_t i;

	if ((tw->used + 1) * 2 > tw->mask + 1)
		map_grow(tw);
	i = hash64(key) & tw->mask;
	while (tw->map[i].key != 0)
		i = (i + 1) & tw->mask;
	tw->map[i].key = key;
	tw->map[i].th = th;
	tw->map[i].seen = seen;
	tw->used++;
}

/* Remove key, shifting back the entries of its probe run. */
static void
map_del(struct kcc_chat_twcs *tw, uint64_t key)
{
	struct slot *s = map_find(tw, key);
	size_t i, j, k;

	if (s == NULL)
		return;
	i = (size_t)(s - tw->map);
	tw->map[i].key = 0;
	tw->used--;
	for (j = (i + 1) & tw->mask; tw->map[j].key != 0;
		j = (j + 1) & tw->mask) {
		k = hash64(tw->map[j].key) & tw->mask;
		/* Move j back to i unless its home lies cyclically in (i, j]. */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		tw->map[i] = tw->map[j];
		tw->map[j].key = 0;
		i = j;
	}
}

static void
lru_unlink(struct kcc_chat_twcs *tw, struct thread *th)
{
	if (th->prev)
		th->prev->next = th->next;
	else
		tw->oldest = th->next;
	if (th->next)
		th->next->prev = th->prev;
	else
		tw->newest = th->prev;
	th->prev = th->next = NULL;
}

static void
lru_append(struct kcc_chat_twcs *tw, struct thread *th)
{
	th->prev = tw->newest;
	th->next = NULL;
	if (tw->newest)
		tw->newest->next = th;
	else
		tw->oldest = th;
	tw->newest = th;
}

static void
thread_key(struct thread *th, uint64_t key)
{
	if (th->nkeys == th->keycap) {
		th->keycap = th->keycap ? th->keycap * 2 : 8;
		th->keys =
			kcc_xrealloc(th->keys, th->keycap * sizeof *th->keys);
	}
	th->keys[th->nkeys++] = key;
}

static void
thread_tweet(struct thread *th, struct tweet *t)
{
	if (th->n == th->cap) {
		th->cap = th->cap ? th->cap * 2 : 4;
		th->tw = kcc_xrealloc(th->tw, th->cap * sizeof *th->tw);
	}
	th->tw[th->n++] = t;
}

static void
thread_free(struct thread *th)
{
	size_t i;

	if (th == NULL)
		return;
	for (i = 0; i < th->n; i++)
		free(th->tw[i]);
	free(th->tw);
	free(th->keys);
	free(th);
}

/* Move everything of `from` into `to`. */
static void
thread_merge(struct kcc_chat_twcs *tw, struct thread *to, struct thread *from)
{
	size_t i;

	for (i = 0; i < from->nkeys; i++) {
		map_find(tw, from->keys[i])->th = to;
		thread_key(to, from->keys[i]);
	}
	for (i = 0; i < from->n; i++)
		thread_tweet(to, from->tw[i]);
	from->n = 0;
	to->npending += from->npending;
	if (from->seq < to->seq)
		to->seq = from->seq;
	lru_unlink(tw, from);
	tw->open--;
	thread_free(from);
}

struct kcc_chat_twcs *
kcc_chat_twcs_new(const struct kcc_chat_opts *o,
	const struct kcc_chat_sink *sink, const char *name)
{
	struct kcc_chat_twcs *tw = kcc_xcalloc(1, sizeof *tw);

	if (o != NULL)
		tw->o = *o;
	else
		kcc_chat_opts_init(&tw->o);
	if (tw->o.max_open == 0)
		tw->o.max_open = KCC_CHAT_MAX_OPEN;
	tw->sink = sink;
	tw->name = name;
	builder_init(&tw->b, &tw->o, sink, name, 0);
	tw->mask = 255;
	tw->map = kcc_xcalloc(tw->mask + 1, sizeof *tw->map);
	return tw;
}

static int
tweet_cmp(const void *a, const void *b)
{
	const struct tweet *x = *(const struct tweet *const *)a;
	const struct tweet *y = *(const struct tweet *const *)b;

	if (x->at.sec != y->at.sec)
		return x->at.sec < y->at.sec ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Deliver th as one contact, remove its keys and free it. */
static int
thread_deliver(struct kcc_chat_twcs *tw, struct thread *th)
{
	struct message m;
	struct slot *s;
	size_t i;
	int rc = 0, partial = 0;
	uint64_t root = 0;

	qsort(th->tw, th->n, sizeof *th->tw, tweet_cmp);
	for (i = 0; i < th->n; i++) {
		const struct tweet *t = th->tw[i];
		s = t->parent ? map_find(tw, t->parent) : NULL;
		if (s != NULL && !s->seen) {
			partial = 1;
			tw->st.orphans++;
		}
		if (root == 0 && (s == NULL || !s->seen))
			root = t->id;
	}
	for (i = 0; i < th->nkeys; i++)
		map_del(tw, th->keys[i]);
	lru_unlink(tw, th);
	tw->open--;

	/* No customer tweet: the handle a brand's first tweet addresses. */
	tw->b.fallback.n = 0;
	for (i = 0; i < th->n && th->tw[i]->inbound == 0; i++)
		;
	if (i == th->n)
		for (i = 0; i < th->n; i++)
			if (th->tw[i]->text_len > 0) {
				sb_set(&tw->b.fallback, th->tw[i]->text,
					th->tw[i]->text_len);
				break;
			}
	for (i = 0; i < th->n && rc == 0; i++) {
		const struct tweet *t = th->tw[i];
		memset(&m, 0, sizeof m);
		m.t = t->at;
		m.who = t->author;
		m.who_len = t->author_len;
		m.agent = !t->inbound;
		m.counts = 1;
		m.text = t->inbound ? t->text : NULL;
		m.text_len = t->inbound ? t->text_len : 0;
		m.line = t->line;
		rc = builder_add(&tw->b, &m);
	}
	tw->b.c.thread = root ? root : th->tw[0]->id;
	tw->b.c.partial = partial;
	tw->st.threaded += th->n;
	if (rc == 0)
		rc = builder_flush(&tw->b);
	else
		tw->b.open = 0;
	tw->st.contacts = tw->b.seq;
	thread_free(th);
	return rc;
}

static void
twcs_reject(struct kcc_chat_twcs *tw, const struct kcc_chat_tweet *t,
	const char *reason, const char *msg)
{
	tw->st.rejected++;
	if (tw->sink->reject != NULL)
		tw->sink->reject(tw->sink->ctx, t->line, reason, msg, t->text,
			t->text_len);
	else
		kcc_warnl(tw->name, t->line, "%s", msg);
}

/* The handle "@name" that text starts with, without '@'; length or 0. */
static size_t
addressed(const char *s, size_t n, const char **h)
{
	size_t i = 0;

	if (n < 2 || s[0] != '@')
		return 0;
	*h = s + 1;
	for (i = 1; i < n && (s[i] == '_' || (s[i] >= '0' && s[i] <= '9') ||
				     (s[i] >= 'a' && s[i] <= 'z') ||
				     (s[i] >= 'A' && s[i] <= 'Z'));
		i++)
		;
	return i - 1;
}

/* The thread of key, added to list (once) when it has one. */
static void
touch(struct kcc_chat_twcs *tw, uint64_t key, size_t *n)
{
	struct slot *s;
	size_t i;

	if (key == 0 || (s = map_find(tw, key)) == NULL)
		return;
	for (i = 0; i < *n; i++)
		if (tw->scratch[i] == s->th)
			return;
	tw->scratch[(*n)++] = s->th;
}

int
kcc_chat_twcs_add(struct kcc_chat_twcs *tw, const struct kcc_chat_tweet *t)
{
	struct thread *th;
	struct tweet *rec;
	struct slot *s;
	size_t n = 0, i, text_n, max = text_cap(&tw->o);
	const char *text = t->text, *h;
	char msg[128];

	tw->st.tweets++;
	if (t->id == 0) {
		twcs_reject(tw, t, "bad tweet", "tweet without an id");
		return 0;
	}
	s = map_find(tw, t->id);
	if (s != NULL && s->seen) {
		snprintf(msg, sizeof msg, "tweet id %llu seen before",
			(unsigned long long)t->id);
		twcs_reject(tw, t, "duplicate tweet", msg);
		return 0;
	}
	if (t->nresponses + 2 > tw->scratch_cap) {
		tw->scratch_cap = t->nresponses + 2;
		tw->scratch = kcc_xrealloc(tw->scratch,
			tw->scratch_cap * sizeof *tw->scratch);
	}
	touch(tw, t->id, &n);
	if (t->parent != t->id)
		touch(tw, t->parent, &n);
	for (i = 0; i < t->nresponses; i++)
		if (t->responses[i] != t->id)
			touch(tw, t->responses[i], &n);

	/* Join the largest thread touched; merge the others into it. */
	th = NULL;
	for (i = 0; i < n; i++)
		if (th == NULL || tw->scratch[i]->n + tw->scratch[i]->nkeys >
					  th->n + th->nkeys)
			th = tw->scratch[i];
	for (i = 0; i < n; i++)
		if (tw->scratch[i] != th)
			thread_merge(tw, th, tw->scratch[i]);
	if (th == NULL) {
		th = kcc_xcalloc(1, sizeof *th);
		th->seq = ++tw->seq;
		tw->open++;
		if (tw->open > tw->st.open_max)
			tw->st.open_max = tw->open;
	} else {
		lru_unlink(tw, th);
	}
	lru_append(tw, th);

	if (t->inbound) {
		text_n = t->text_len < max ? t->text_len : max;
	} else {
		text_n = addressed(t->text, t->text_len, &h);
		text = h;
	}
	rec = kcc_xmalloc(sizeof *rec + t->author_len + text_n + 2);
	rec->id = t->id;
	rec->parent = t->parent != t->id ? t->parent : 0;
	rec->at = t->at;
	rec->line = t->line;
	rec->inbound = t->inbound;
	rec->author = (char *)(rec + 1);
	rec->author_len = t->author_len;
	if (t->author_len > 0)
		memcpy(rec->author, t->author, t->author_len);
	rec->author[t->author_len] = '\0';
	rec->text = rec->author + t->author_len + 1;
	rec->text_len = text_n;
	if (text_n > 0)
		memcpy(rec->text, text, text_n);
	rec->text[text_n] = '\0';
	thread_tweet(th, rec);

	if ((s = map_find(tw, t->id)) != NULL) {
		s->seen = 1;
		th->npending--;
	} else {
		map_put(tw, t->id, th, 1);
		thread_key(th, t->id);
	}
	if (rec->parent && map_find(tw, rec->parent) == NULL) {
		map_put(tw, rec->parent, th, 0);
		thread_key(th, rec->parent);
		th->npending++;
	}
	for (i = 0; i < t->nresponses; i++) {
		uint64_t r = t->responses[i];
		if (r == 0 || r == t->id || map_find(tw, r) != NULL)
			continue;
		map_put(tw, r, th, 0);
		thread_key(th, r);
		th->npending++;
	}
	if (th->npending == 0)
		return thread_deliver(tw, th);
	if (tw->open > tw->o.max_open) {
		tw->st.early++;
		return thread_deliver(tw, tw->oldest);
	}
	return 0;
}

static int
seq_cmp(const void *a, const void *b)
{
	const struct thread *x = *(const struct thread *const *)a;
	const struct thread *y = *(const struct thread *const *)b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int
kcc_chat_twcs_finish(struct kcc_chat_twcs *tw, struct kcc_chat_twcs_stats *st)
{
	struct thread **all, *th;
	size_t n = 0, i;
	int rc = 0;

	all = kcc_xcalloc(tw->open ? tw->open : 1, sizeof *all);
	for (th = tw->oldest; th != NULL; th = th->next)
		all[n++] = th;
	qsort(all, n, sizeof *all, seq_cmp);
	for (i = 0; i < n && rc == 0; i++)
		rc = thread_deliver(tw, all[i]);
	free(all);
	if (st != NULL)
		*st = tw->st;
	return rc;
}

void
kcc_chat_twcs_free(struct kcc_chat_twcs *tw)
{
	struct thread *th, *next;

	if (tw == NULL)
		return;
	for (th = tw->oldest; th != NULL; th = next) {
		next = th->next;
		thread_free(th);
	}
	free(tw->map);
	free(tw->scratch);
	builder_release(&tw->b);
	free(tw);
}

static int
word3(const char *s, const char *const *names)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (memcmp(s, names[i], 3) == 0)
			return i;
	return -1;
}

int
kcc_chat_twcs_time(const char *s, size_t n, struct kcc_time *t,
	const char **why)
{
	static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri",
		"Sat", "Sun", NULL};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", NULL};
	size_t i = 8;
	unsigned d, h, mi, sec, off, y;
	int mo, sign;

	/* "Tue Oct 31 22:10:47 +0000 2017" */
	if (n != 30 || s[3] != ' ' || s[7] != ' ' || word3(s, days) < 0 ||
		(mo = word3(s + 4, months)) < 0)
		goto bad;
	if (digits(s, n, &i, 2, &d) != 2 || s[i++] != ' ' ||
		digits(s, n, &i, 2, &h) != 2 || s[i++] != ':' ||
		digits(s, n, &i, 2, &mi) != 2 || s[i++] != ':' ||
		digits(s, n, &i, 2, &sec) != 2 || s[i++] != ' ')
		goto bad;
	if (s[i] != '+' && s[i] != '-')
		goto bad;
	sign = s[i++] == '-' ? -1 : 1;
	if (digits(s, n, &i, 4, &off) != 4 || s[i++] != ' ' ||
		digits(s, n, &i, 4, &y) != 4 || i != n)
		goto bad;
	if (d < 1 || (int)d > days_in_month(y, (unsigned)mo + 1)) {
		*why = "day out of range for the month";
		return -1;
	}
	if (h > 23 || mi > 59 || sec > 59 || off / 100 > 23 || off % 100 > 59) {
		*why = "time of day or offset out of range";
		return -1;
	}
	t->off_s = sign * (int32_t)(off / 100 * 3600 + off % 100 * 60);
	t->sec = kcc_days_from_civil(y, (unsigned)mo + 1, d) * DAY_S +
		 h * 3600 + mi * 60 + sec - t->off_s;
	t->nsec = 0;
	return 0;
bad:
	*why = "expected a time like 'Tue Oct 31 22:10:47 +0000 2017'";
	return -1;
}

int
kcc_chat_twcs_ids(const char *s, size_t n, uint64_t *ids, size_t max,
	size_t *count, const char **why)
{
	size_t i = 0, k = 0;
	uint64_t v;
	int nd;

	*count = 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i == n)
		return 0;
	for (;;) {
		while (i < n && s[i] == ' ')
			i++;
		v = 0;
		nd = 0;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			if (v > (UINT64_MAX - 9) / 10) {
				*why = "tweet id too large";
				return -1;
			}
			v = v * 10 + (uint64_t)(s[i++] - '0');
			nd++;
		}
		if (nd == 0) {
			*why = "expected a tweet id";
			return -1;
		}
		if (i < n && s[i] == '.') /* pandas wrote ids as floats */
			for (i++; i < n && s[i] == '0'; i++)
				;
		while (i < n && s[i] == ' ')
			i++;
		if (k == max) {
			*why = "too many tweet ids";
			return -1;
		}
		ids[k++] = v;
		if (i == n)
			break;
		if (s[i++] != ',') {
			*why = "expected a tweet id";
			return -1;
		}
	}
	*count = k;
	return 0;
}
