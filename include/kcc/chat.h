/*
 * Conversations made of messages, into contacts: WhatsApp chat exports
 * and Customer Support on Twitter (twcs) reply threads.
 *
 * Both sources end in the same place.  A conversation is a sequence of
 * messages, each from the municipality's side (an agent) or from someone
 * else (the citizen); it is cut into contacts, and each contact is handed
 * to the caller's sink as a struct kcc_chat_contact: first and last
 * message, the wait for the first reply, the span, counts, who took it,
 * the citizen's raw identifier (for the caller to pseudonymise) and the
 * citizen's text.  Records are the caller's business: nothing here writes
 * any.
 *
 * WhatsApp: a message starts on a line with a date and time header, in
 * any of the forms the apps write,
 *
 *	01/01/19, 11:25 - Name: text              Android
 *	03-03-2026 14:16 - Name: text             Android, Dutch
 *	[01/01/19 11:25:03] Name: text            iOS
 *	1/17/20, 8:49 p. m. - Name: text          12-hour clocks
 *
 * (date separators '/', '.', '-'; day-month-year, month-day-year or
 * year-month-day; 2- or 4-digit years, 2-digit ones in 2000-2099; seconds
 * optional; AM/PM as "AM", "pm", "a.m.", "p. m." with ordinary, no-break
 * or narrow no-break spaces).  Lines without a header continue the
 * message before them.  Whether 05/06 is 5 June or May 6 is settled for
 * the whole file: a first number above 12 anywhere means day first, a
 * second number above 12 means month first; a file that never tells uses
 * the caller's default, and a file that says both goes with the majority
 * (the other lines are rejected as impossible dates).  Headers without a
 * "Name:" (and notices such as "Messages and calls are end-to-end
 * encrypted", English or Dutch) are system messages: counted, in no
 * contact.  A message that is only a media placeholder ("<Media
 * omitted>", "<Media weggelaten>", "image omitted", "afbeelding
 * weggelaten", "<attached: ...>", "... (file attached)") counts as media,
 * not as a message, and adds no text.
 *
 * Times in an export are local and carry no zone: they are read in the
 * caller's zone with the caller's policy for DST gaps and overlaps.  A
 * message whose time cannot be placed is rejected, with its line.
 */
#ifndef KCC_CHAT_H
#define KCC_CHAT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "kcc/time.h"

/* Defaults set by kcc_chat_opts_init(). */
#define KCC_CHAT_SESSION_GAP (4 * 3600)          /* seconds of idle time */
#define KCC_CHAT_TEXT_MAX    4000                /* bytes of contact text */
#define KCC_CHAT_INPUT_MAX   ((size_t)256 << 20) /* bytes of one export */
#define KCC_CHAT_MAX_OPEN    100000              /* open twcs threads */

/* Ends a contact text that was cut at text_max (UTF-8 "[…]"). */
#define KCC_CHAT_CUT_MARK "[\xe2\x80\xa6]"

/* Day and month order of dates whose year comes last. */
enum kcc_chat_order {
	KCC_CHAT_AUTO_DMY, /* from the file; day first when it cannot tell */
	KCC_CHAT_AUTO_MDY, /* from the file; month first when it cannot tell */
	KCC_CHAT_DMY,      /* always day/month/year */
	KCC_CHAT_MDY,      /* always month/day/year */
};

struct kcc_chat_opts {
	/* Zone of the export's local times; NULL reads them as UTC. */
	struct kcc_tz *tz;
	enum kcc_tz_gap gap;   /* default KCC_GAP_ERROR */
	enum kcc_tz_fold fold; /* default KCC_FOLD_EARLIER */
	/* Default KCC_CHAT_AUTO_DMY: Dutch exports write the day first. */
	enum kcc_chat_order order;
	/*
	 * WhatsApp: a new contact starts when a message comes more than
	 * session_gap seconds after the one before it (default 4 hours:
	 * longer than a chat left open over lunch, shorter than a night),
	 * except that an agent message still answers a contact that has had
	 * no reply yet (the reply to a question sent at night comes in the
	 * morning, and its wait is that long).  0 or less: never split.
	 * twcs threads are never split.
	 */
	int64_t session_gap;
	/*
	 * The municipality's side in WhatsApp: names or phone numbers as the
	 * export shows them, matched after trimming spaces and invisible
	 * direction marks, without regard to case (ASCII and Latin-1
	 * letters).  Borrowed for the duration of each call.
	 */
	const char *const *agents;
	size_t nagents;
	size_t text_max;  /* contact text cap in bytes, 16 to 1 GiB */
	size_t input_max; /* largest WhatsApp export read, in bytes */
	size_t max_open;  /* twcs: most threads open; then the oldest goes */
};

/* Fill o with the defaults above (no zone, no agents). */
void kcc_chat_opts_init(struct kcc_chat_opts *o);

enum kcc_chat_outcome {
	KCC_CHAT_ANSWERED,   /* an agent wrote after the citizen, or opened */
	KCC_CHAT_UNANSWERED, /* the citizen wrote and no agent after */
};

/*
 * One contact.  Strings are borrowed for the duration of the sink call
 * and are NUL-terminated as well as counted (a NUL inside the input shows
 * in the count only).
 */
struct kcc_chat_contact {
	struct kcc_time start; /* earliest message (the first, in order) */
	struct kcc_time end;   /* latest message */
	int64_t handle_s;      /* end - start */
	int has_wait;          /* a reply followed the first citizen message */
	int64_t wait_s;        /* first reply - first citizen message, >= 0 */
	struct kcc_time reply; /* the first reply, when has_wait */
	enum kcc_chat_outcome outcome;
	int outbound;           /* the agent wrote first */
	unsigned long messages; /* messages, without media-only ones */
	unsigned long media;    /* attachments */
	/* The first agent to reply (to write, when outbound), or NULL. */
	const char *agent;
	size_t agent_len;
	/* The first non-agent sender; without one, the export's (WhatsApp)
	 * or the handle the brand addressed (twcs); NULL when unknown. */
	const char *citizen;
	size_t citizen_len;
	/* The citizen's messages joined by "\n", at most text_max bytes
	 * (text_cut: cut, ending in KCC_CHAT_CUT_MARK); NULL when none. */
	const char *text;
	size_t text_len;
	int text_cut;
	/* WhatsApp: line of the first message; twcs: the caller's line of
	 * the first tweet. */
	unsigned long line;
	unsigned long seq; /* 1, 2, ... within the call or threader */
	uint64_t thread;   /* twcs: the id of the thread's root tweet */
	int partial;       /* twcs: the root answers a tweet not in the input */
};

/*
 * Where contacts and rejects go.  contact() returns 0 to go on; anything
 * else stops the parse, which returns that value.  reject() gets the
 * line, a static reason ("bad date", "bad time", "dst gap", "dst
 * overlap", "stray text", "duplicate tweet", "bad tweet"), a message
 * (borrowed for the call) and the raw text of what was rejected (the
 * message's lines without the last newline; a tweet's text); when reject
 * is NULL the message goes to stderr through kcc_warnl().
 */
struct kcc_chat_sink {
	int (*contact)(void *ctx, const struct kcc_chat_contact *c);
	void (*reject)(void *ctx, unsigned long line, const char *reason,
		const char *msg, const char *raw, size_t n);
	void *ctx;
};

/*
 * Counts of one export.  Every header is accounted for:
 * headers = messages + system + rejected - stray.
 */
struct kcc_chat_stats {
	unsigned long lines;    /* lines read */
	unsigned long headers;  /* messages found */
	unsigned long messages; /* in contacts, media-only ones included */
	unsigned long system;   /* system messages, in no contact */
	unsigned long rejected; /* rejects reported, stray text included */
	unsigned long stray;    /* text before the first message (0 or 1) */
	unsigned long contacts;
	enum kcc_chat_order order; /* as read: KCC_CHAT_DMY or KCC_CHAT_MDY */
	int order_default;         /* the file did not tell; the default */
	int order_conflict;        /* the file said both */
};

/*
 * Parse the WhatsApp export buf[0..n) (`name` for messages, such as the
 * path) and hand its contacts, in order, to sink.  Returns 0 when the
 * export was read (rejected messages included: see st, which may be
 * NULL), -1 after reporting that it is larger than o->input_max, or the
 * non-zero value of sink->contact that stopped it.
 */
int kcc_chat_whatsapp(const char *buf, size_t n, const char *name,
	const struct kcc_chat_opts *o, const struct kcc_chat_sink *sink,
	struct kcc_chat_stats *st);

/*
 * As kcc_chat_whatsapp(), reading the export through rd(rctx, buf, n),
 * which returns bytes read, 0 at the end or -1 after reporting its own
 * error (kcc_source_read() fits behind a one-line wrapper).  The whole
 * export is held in memory: -1 with a message when it exceeds
 * o->input_max, -1 without one when rd fails.
 */
int kcc_chat_whatsapp_read(ssize_t (*rd)(void *rctx, void *buf, size_t n),
	void *rctx, const char *name, const struct kcc_chat_opts *o,
	const struct kcc_chat_sink *sink, struct kcc_chat_stats *st);

/*
 * twcs: tweets into threads into contacts.
 *
 * A thread is every tweet linked by reply ids (a tweet's parent, or a
 * tweet listing it among its responses), whatever order the rows come
 * in.  Brand accounts (inbound false) are the agents; one thread is one
 * contact, started by the customer's root tweet (or by the brand's,
 * then outbound).  A thread is complete, and its contact delivered, when
 * every id its tweets refer to has arrived; threads that still wait for
 * tweets that never come (answers to tweets outside the input, responses
 * cut off by the end of the file) are delivered by kcc_chat_twcs_finish(),
 * in the order they began.  A tweet whose parent is not in the input so
 * begins its own thread, marked partial, and is never a reject.  Memory
 * holds the open threads only; past max_open the thread touched least
 * recently is delivered early, and a later tweet for it starts a new one.
 * A tweet whose id is already in an open thread is rejected as a
 * duplicate; once its thread is delivered, a repeat cannot be told from a
 * new tweet and makes a thread of its own.
 */
struct kcc_chat_tweet {
	uint64_t id;               /* > 0 */
	uint64_t parent;           /* in_response_to_tweet_id, 0: none */
	const uint64_t *responses; /* response_tweet_id, borrowed */
	size_t nresponses;
	const char *author; /* author_id; borrowed */
	size_t author_len;
	int inbound;        /* 1 a customer, 0 a brand */
	struct kcc_time at; /* created_at */
	const char *text;   /* borrowed */
	size_t text_len;
	unsigned long line; /* where the row begins, for contact.line */
};

struct kcc_chat_twcs_stats {
	unsigned long tweets;   /* added */
	unsigned long threaded; /* in delivered contacts */
	unsigned long rejected; /* duplicate or invalid tweets */
	unsigned long orphans;  /* tweets whose parent had not come */
	unsigned long early;    /* threads closed early by max_open */
	unsigned long contacts;
	unsigned long open_max; /* most threads open at once */
};

struct kcc_chat_twcs;

/*
 * A threader delivering to sink (borrowed, as are o's agents; only
 * text_max and max_open of o are used; NULL: the defaults), with `name`
 * for messages.
 */
struct kcc_chat_twcs *kcc_chat_twcs_new(const struct kcc_chat_opts *o,
	const struct kcc_chat_sink *sink, const char *name);

/*
 * Add one tweet (copied as needed).  Returns 0 (a rejected tweet, such as
 * a second tweet with the same id, is reported through the sink and
 * counted), or the non-zero value of sink->contact.
 */
int kcc_chat_twcs_add(struct kcc_chat_twcs *tw, const struct kcc_chat_tweet *t);

/*
 * Deliver every thread still open and fill st (may be NULL).  Returns 0
 * or the non-zero value of sink->contact.
 */
int kcc_chat_twcs_finish(struct kcc_chat_twcs *tw,
	struct kcc_chat_twcs_stats *st);

void kcc_chat_twcs_free(struct kcc_chat_twcs *tw);

/*
 * Helpers for twcs rows.  kcc_chat_twcs_time() reads created_at such as
 * "Tue Oct 31 22:10:47 +0000 2017"; kcc_chat_twcs_ids() reads a tweet id
 * or a comma-separated list ("5,7"; ids may be written as floats, "3.0"),
 * storing at most max ids and their number in *count (empty: 0); s[0..n)
 * holds at most (n + 1) / 2 of them (twcs has lists of hundreds).  Both
 * take s[0..n) and return 0, or -1 with a static message in *why.
 */
int kcc_chat_twcs_time(const char *s, size_t n, struct kcc_time *t,
	const char **why);
int kcc_chat_twcs_ids(const char *s, size_t n, uint64_t *ids, size_t max,
	size_t *count, const char **why);

#endif
