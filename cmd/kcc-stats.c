/* kcc-stats: figures per group from a stream of canonical contact records. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kcc/diag.h"
#include "kcc/hotspot.h"
#include "kcc/jq.h"
#include "kcc/json.h"
#include "kcc/lines.h"
#include "kcc/out.h"
#include "kcc/record.h"
#include "kcc/staffing.h"
#include "kcc/stats.h"
#include "kcc/table.h"
#include "kcc/time.h"

static const char usage_text[] =
	"kcc-stats [-hqV] [--baseline k] [--by keys] [--combine] "
	"[--concurrency n]\n"
	"          [--erlang-a] [--fcr-days n] [--fdr q] [--format fmt]\n"
	"          [--hotspot-count what] [--hotspot-min n] [--hotspots]\n"
	"          [--interval minutes] [-j n] [--max-occupancy pct] "
	"[--metrics list]\n"
	"          [--min-count k] [-o file] [--partial] [--short-abandon s]\n"
	"          [--shrinkage pct] [--sl seconds] [--sl-formula n] "
	"[--staffing]\n"
	"          [--target pct/s] [--threshold z] [--tz zone] [--weekly]\n"
	"          [--where program] [file ...]\n";

enum key_kind { KEY_FIELD, KEY_BUCKET, KEY_JQ, KEY_TOD };

struct key {
	enum key_kind kind;
	enum kcc_field field;
	enum kcc_bucket unit;
	int minutes;
	char *name;    /* in the output */
	char *program; /* KEY_JQ */
};

struct options {
	struct kcc_stats_params params;
	struct key *keys;
	int nkeys;
	const char *where, *zone, *output, *metrics;
	int table, partial, combine, jobs, quiet;
	long min_count;
	int staffing, weekly, interval, erlang_a;
	double target_sl, target_t, shrinkage, max_occupancy, concurrency;
	int hotspots, baseline;
	double threshold, hotspot_min, fdr;
	int hotspot_contacts; /* count contacts, not citizens */
	const char *for_staffing, *for_hotspots; /* an option given of each */
	uint64_t fields;
};

static struct options opt;

/* Rejection messages shown; the rest are counted. */
#define MAX_SHOWN 20

/* A reader's own state: one per thread. */
struct reader {
	struct kcc_stats st;
	struct kcc_record rec;
	struct kcc_out key;
	struct kcc_jq **jq; /* per key, NULL when not jq */
	struct kcc_jq *where;
	uint64_t read, rejected;
	/* a slice [from, to) of a regular file, read by pread */
	const char *name;
	int fd;
	off_t from, to, at; /* at: the line being read */
	char *buf;
	size_t cap;
	int failed;
	struct kcc_tz *tz; /* its own: a zone caches lookups */
	/* a slice's first rejection messages, shown in file order after */
	unsigned long held_line[MAX_SHOWN + 1];
	char *held[MAX_SHOWN + 1];
	int nheld;
};

static struct kcc_jq *
jq_new(const char *what, const char *program)
{
	struct kcc_jq *q = kcc_jq_new(what);

	kcc_jq_silence(q); /* no record values on stderr */
	if (kcc_jq_compile(q, program) != 0) {
		kcc_warnx("%s", kcc_jq_error(q));
		kcc_jq_free(q);
		return NULL;
	}
	return q;
}

static void
reader_init(struct reader *r)
{
	int i;

	memset(r, 0, sizeof *r);
	kcc_stats_init(&r->st, &opt.params);
	if (opt.zone != NULL) {
		const char *why;
		r->tz = kcc_tz_load(opt.zone, &why);
		r->st.params.tz = r->tz;
	}
	kcc_record_init(&r->rec);
	kcc_out_init_mem(&r->key);
	r->jq = kcc_xcalloc((size_t)opt.nkeys + 1, sizeof *r->jq);
	for (i = 0; i < opt.nkeys; i++)
		if (opt.keys[i].kind == KEY_JQ &&
			(r->jq[i] = jq_new("--by", opt.keys[i].program)) ==
				NULL)
			exit(KCC_EXIT_USAGE);
	if (opt.where != NULL &&
		(r->where = jq_new("--where", opt.where)) == NULL)
		exit(KCC_EXIT_USAGE);
	r->fd = -1;
}

static void
reader_release(struct reader *r)
{
	int i;

	kcc_stats_release(&r->st);
	kcc_record_release(&r->rec);
	kcc_out_close(&r->key);
	for (i = 0; i < opt.nkeys; i++)
		kcc_jq_free(r->jq[i]);
	free(r->jq);
	kcc_jq_free(r->where);
	free(r->buf);
	kcc_tz_free(r->tz);
}

/* Line number of the line at byte `off` of the file (for messages only). */
static unsigned long
line_at(struct reader *r, off_t off)
{
	char buf[65536];
	unsigned long n = 1;
	off_t pos = 0;
	ssize_t k, i;

	while (pos < off && (k = pread(r->fd, buf,
				     (size_t)(off - pos < (off_t)sizeof buf
						      ? off - pos
						      : (off_t)sizeof buf),
				     pos)) > 0) {
		for (i = 0; i < k; i++)
			n += buf[i] == '\n';
		pos += k;
	}
	return n;
}

/* Messages on rejected lines so far, over all input. */
static unsigned long rejects_shown;

/* Show a rejection message, or the line saying the rest are not shown. */
static void
show_reject(const char *name, unsigned long line, const char *msg)
{
	if (rejects_shown > MAX_SHOWN)
		return;
	if (rejects_shown < MAX_SHOWN)
		kcc_warnl(name, line, "%s", msg);
	else
		kcc_warnl(name, line, "more bad records; counted, not shown");
	rejects_shown++;
}

/*
 * A slice (of a file read by several threads) holds its first messages
 * until all slices are done, so that they come out in the order of the
 * file whatever the threads' pace.
 */
static void
reject(struct reader *r, unsigned long line, const char *msg)
{
	r->rejected++;
	if (r->fd < 0) {
		show_reject(r->name, line, msg);
		return;
	}
	if (r->nheld > MAX_SHOWN)
		return;
	if (line == 0)
		line = line_at(r, r->at);
	r->held_line[r->nheld] = line;
	r->held[r->nheld++] = kcc_xstrdup(msg);
}

/* The messages slice r held, shown. */
static void
show_held(struct reader *r)
{
	int i;

	for (i = 0; i < r->nheld; i++) {
		show_reject(r->name, r->held_line[i], r->held[i]);
		free(r->held[i]);
	}
	r->nheld = 0;
}

/* Whether s[0..n) holds only spaces, tabs and CRs (a blank line). */
static int
blank(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++, n--;
	return n == 0;
}

/*
 * A jq error can quote the value or the whole record: the citizen's
 * pseudonym, or the start of it, is shown as [citizen], and the message
 * cut at 300 bytes, since messages go to logs.
 */
static void
reject_jq(struct reader *r, unsigned long lineno, const char *msg)
{
	char buf[320];
	size_t cn = 0, len = 0, i = 0, n = strlen(msg);
	const char *c = kcc_record_str(&r->rec, KCC_F_citizen, &cn);

	if (c == NULL)
		cn = 0;
	while (i < n && len < 300) {
		/* The whole pseudonym, or 6 or more of its first digits (jq
		   cuts long values it quotes: "b1cd3c6c33..."). */
		size_t m = 0;
		while (m < cn && i + m < n &&
			tolower((unsigned char)msg[i + m]) == c[m])
			m++;
		if (m >= 6) {
			memcpy(buf + len, "[citizen]", 9);
			len += 9;
			i += m;
		} else
			buf[len++] = msg[i++];
	}
	if (i < n) {
		/* Not in the middle of a UTF-8 sequence. */
		while (len > 0 && ((unsigned char)buf[len - 1] & 0xc0) == 0x80)
			len--;
		if (len > 0 && (unsigned char)buf[len - 1] >= 0xc0)
			len--;
		memcpy(buf + len, "...", 3);
		len += 3;
	}
	buf[len] = '\0';
	reject(r, lineno, buf);
}

/* The group key of the parsed record into r->key; -1 after a message. */
static int
make_key(struct reader *r, const char *line, size_t len, unsigned long lineno)
{
	struct kcc_out *k = &r->key;
	char label[KCC_BUCKET_MAX];
	const char *s, *jk;
	size_t n, jn;
	double d;
	int i;

	k->len = 0;
	kcc_out_putc(k, '[');
	for (i = 0; i < opt.nkeys; i++) {
		const struct key *key = &opt.keys[i];
		if (i > 0)
			kcc_out_putc(k, ',');
		switch (key->kind) {
		case KEY_FIELD:
			if ((s = kcc_record_str(&r->rec, key->field, &n)) !=
				NULL)
				kcc_json_write_str(k, s, n);
			else if (kcc_record_num(&r->rec, key->field, &d) == 0)
				kcc_json_write_num(k, d);
			else
				kcc_out_puts(k, "null");
			break;
		case KEY_BUCKET:
			n = kcc_time_bucket(r->tz, &r->rec.start, key->unit,
				key->minutes, label);
			kcc_json_write_str(k, label, n);
			break;
		case KEY_TOD: /* "09:30" of the interval's label */
			n = kcc_time_bucket(r->tz, &r->rec.start,
				KCC_BUCKET_MINUTES, key->minutes, label);
			kcc_json_write_str(k, label + 11, n > 16 ? 5 : 0);
			break;
		case KEY_JQ:
			if (kcc_jq_key(r->jq[i], line, len, &jk, &jn) != 0) {
				reject_jq(r, lineno, kcc_jq_error(r->jq[i]));
				return -1;
			}
			kcc_out_write(k, jk, jn);
			break;
		}
	}
	if (opt.staffing && opt.weekly) {
		/* Count the distinct dates of each day of the week. */
		struct kcc_civil c;
		kcc_time_civil(r->tz, &r->rec.start, &c);
		n = kcc_time_bucket(r->tz, &r->rec.start, KCC_BUCKET_DAY, 0,
			label);
		kcc_strset_add(&r->st.days[c.wday], label, n);
	}
	kcc_out_putc(k, ']');
	/* No pseudonym in the output, whatever the key: a field such as
	   history or case_id, or a jq program, can hold it. */
	if (opt.nkeys > 0 &&
		(s = kcc_record_str(&r->rec, KCC_F_citizen, &n)) != NULL &&
		n > 0 && kcc_stats_key_holds(k->buf, k->len, s, n)) {
		reject(r, lineno,
			"a key holds the citizen's pseudonym, which stats "
			"never write");
		return -1;
	}
	return 0;
}

static void
one_record(struct reader *r, const char *line, size_t len, unsigned long lineno)
{
	struct kcc_json_error err;
	int pass;

	r->read++;
	if (kcc_record_parse_fields(&r->rec, line, len, opt.fields, &err) !=
		0) {
		char msg[300];
		snprintf(msg, sizeof msg, "column %zu: %s", err.offset + 1,
			err.msg);
		reject(r, lineno, msg);
		return;
	}
	if (r->where != NULL) {
		if ((pass = kcc_jq_filter(r->where, line, len)) < 0) {
			reject_jq(r, lineno, kcc_jq_error(r->where));
			return;
		}
		if (!pass)
			return;
	}
	if (make_key(r, line, len, lineno) != 0)
		return;
	kcc_stats_add(&r->st, kcc_stats_group(&r->st, r->key.buf, r->key.len),
		&r->rec);
}

/* Partial lines, for --combine. */
static void
one_partial(struct reader *r, const char *line, size_t len,
	unsigned long lineno)
{
	char why[300];

	r->read++;
	if (kcc_stats_read_partial(&r->st, line, len, why, sizeof why) != 0)
		reject(r, lineno, why);
}

/*
 * A slice of a regular file, a line start to a line start, in blocks of
 * 1 MiB (more for a longer line, up to the line limit).
 */
static void
slice_lines(struct reader *r)
{
	size_t have = 0, n, len;
	off_t pos = r->from;
	char *p, *e, *end;
	ssize_t k;

	if (r->buf == NULL) {
		r->cap = 1 << 16;
		r->buf = kcc_xmalloc(r->cap);
	}
	if (pos == 0 && r->to >= 3) { /* a UTF-8 byte order mark */
		unsigned char bom[3];
		if (pread(r->fd, bom, 3, 0) == 3 && bom[0] == 0xef &&
			bom[1] == 0xbb && bom[2] == 0xbf)
			pos = 3;
	}
	while (pos < r->to || have > 0) {
		n = r->cap - have;
		if ((off_t)n > r->to - pos)
			n = (size_t)(r->to - pos);
		k = n > 0 ? pread(r->fd, r->buf + have, n, pos) : 0;
		if (k < 0) {
			kcc_warn("%s", r->name);
			r->failed = 1;
			return;
		}
		if (k == 0 && n > 0)
			r->to = pos; /* the file is shorter than it was */
		pos += k;
		end = r->buf + have + k;
		p = r->buf;
		for (;;) {
			e = memchr(p, '\n', (size_t)(end - p));
			if (e == NULL) {
				if (pos < r->to || p == end)
					break;
				e = end; /* the last line, without its newline */
			}
			len = (size_t)(e - p);
			if (len > 0 && p[len - 1] == '\r')
				len--;
			r->at = pos - (off_t)(end - p);
			if (len > 0 && !blank(p, len)) {
				if (opt.combine)
					one_partial(r, p, len, 0);
				else
					one_record(r, p, len, 0);
			}
			p = e < end ? e + 1 : end;
			if (p == end)
				break;
		}
		have = (size_t)(end - p);
		memmove(r->buf, p, have);
		if (have == r->cap) {
			if (r->cap >= KCC_LINES_DEFAULT_MAX) {
				r->at = pos - (off_t)have; /* its start */
				r->read++;
				reject(r, 0, "line too long");
				have = 0;
				/* The rest of it, a buffer at a time. */
				while (pos < r->to) {
					n = r->cap;
					if ((off_t)n > r->to - pos)
						n = (size_t)(r->to - pos);
					k = pread(r->fd, r->buf, n, pos);
					if (k < 0) {
						kcc_warn("%s", r->name);
						r->failed = 1;
						return;
					}
					if (k == 0) {
						r->to = pos;
						break;
					}
					pos += k;
					e = memchr(r->buf, '\n', (size_t)k);
					if (e != NULL) {
						have = (size_t)(r->buf + k -
								(e + 1));
						memmove(r->buf, e + 1, have);
						break;
					}
				}
				continue;
			}
			r->cap *= 2;
			r->buf = kcc_xrealloc(r->buf, r->cap);
		}
	}
}

static void *
slice_thread(void *arg)
{
	slice_lines(arg);
	return NULL;
}

/* A regular file: cut at line starts into one slice per job. */
static int
read_slices(struct reader *rs, int jobs, const char *path, int fd, off_t size)
{
	pthread_t tid[16];
	off_t cut = 0, next;
	char buf[4096];
	ssize_t k, i;
	int j, failed = 0;

	for (j = 0; j < jobs; j++) {
		next = j == jobs - 1 ? size : size / jobs * (j + 1);
		if (next < cut)
			next = cut;
		/* Move the cut past the next newline. */
		while (next < size && next > 0) {
			if ((k = pread(fd, buf, sizeof buf, next - 1)) <= 0) {
				next = size;
				break;
			}
			for (i = 0; i < k && buf[i] != '\n'; i++)
				;
			next += i;
			if (i < k)
				break;
		}
		if (next > size)
			next = size;
		rs[j].name = path;
		rs[j].fd = fd;
		rs[j].from = cut;
		rs[j].to = next;
		cut = next;
	}
	for (j = 1; j < jobs; j++)
		if (pthread_create(&tid[j], NULL, slice_thread, &rs[j]) != 0) {
			slice_lines(&rs[j]);
			tid[j] = 0;
		}
	slice_lines(&rs[0]);
	for (j = 1; j < jobs; j++)
		if (tid[j] != 0)
			pthread_join(tid[j], NULL);
	for (j = 0; j < jobs; j++) {
		failed |= rs[j].failed;
		rs[j].fd = -1;
		show_held(&rs[j]);
	}
	return failed ? -1 : 0;
}

static int
read_stream(struct reader *r, const char *path)
{
	struct kcc_lines lr;
	const char *line;
	size_t len;
	int s;

	if (kcc_lines_open(&lr, path, KCC_LINES_DEFAULT_MAX) != 0)
		return -1;
	r->name = lr.name;
	while ((s = kcc_lines_next(&lr, &line, &len)) != KCC_LINES_EOF) {
		if (s == KCC_LINES_ERROR)
			break;
		if (s == KCC_LINES_TOOLONG) {
			r->read++;
			reject(r, lr.lineno, "line too long");
			continue;
		}
		if (opt.combine)
			one_partial(r, line, len, lr.lineno);
		else
			one_record(r, line, len, lr.lineno);
	}
	kcc_lines_close(&lr);
	return s == KCC_LINES_ERROR ? -1 : 0;
}

static int
read_input(struct reader *rs, int jobs, const char *path)
{
	struct stat sb;
	int fd, r;

	if (strcmp(path, "-") == 0 || jobs < 2)
		return read_stream(&rs[0], path);
	if ((fd = open(path, O_RDONLY)) < 0) {
		kcc_warn("%s", path);
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		sb.st_size < (1 << 20)) {
		close(fd);
		return read_stream(&rs[0], path);
	}
	r = read_slices(rs, jobs, path, fd, sb.st_size);
	close(fd);
	return r;
}

/* Staffing and hotspots from the options (lib/staffing.c, lib/hotspot.c). */
static int
write_staffing(struct reader *r, char *const *names, struct kcc_out *out)
{
	struct kcc_staffing sp;
	size_t days[8], g;
	uint64_t handled;
	int i;

	sp.interval_s = opt.interval * 60.0;
	sp.target_sl = opt.target_sl;
	sp.target_t = opt.target_t;
	sp.shrinkage = opt.shrinkage;
	sp.max_occupancy = opt.max_occupancy;
	sp.concurrency = opt.concurrency;
	sp.erlang_a = opt.erlang_a;
	sp.min_count = opt.min_count;
	for (i = 0; i < 8; i++)
		days[i] = kcc_strset_count(&r->st.days[i]);
	sp.days = opt.weekly ? days : NULL;
	/* Weekly averages need the dates of each weekday: partial lines
	   without their days line cannot give them. */
	if (opt.weekly && (i = kcc_staffing_day_missing(&r->st, days)) > 0) {
		kcc_warnx("no dates of weekday %d to average over (the partial "
			  "days line is missing): no staffing written",
			i);
		return -1;
	}
	kcc_staffing_write(&r->st, &sp, names, opt.nkeys, out);
	handled = 0;
	for (g = 0; g < r->st.n; g++)
		handled += r->st.groups[g]->acc.handled;
	if (handled == 0 && r->st.n > 0 && !opt.quiet)
		kcc_warnx("no record has a handle time (handle_s or its "
			  "parts): AHT, traffic and agents are null");
	return 0;
}

static void
write_hotspots(const struct kcc_stats *st, char *const *names,
	struct kcc_out *out)
{
	struct kcc_hotspots hp;
	int k;

	hp.period_key = -1;
	for (k = 0; k < opt.nkeys; k++)
		if (opt.keys[k].kind == KEY_BUCKET)
			hp.period_key = k;
	hp.baseline = opt.baseline;
	hp.threshold = opt.threshold;
	hp.min_contacts = opt.hotspot_min;
	hp.count_contacts = opt.hotspot_contacts;
	hp.min_count = opt.min_count;
	hp.fdr = opt.fdr;
	kcc_hotspots_write(st, &hp, names, opt.nkeys, out);
}

static const char *
has(uint64_t n)
{
	return n == 1 ? " has" : "s have";
}

/* Say what the figures had to leave out. */
static void
say_missing(const struct kcc_stats *st)
{
	const struct kcc_stats_params *p = &st->params;
	struct kcc_stats_missing missing, *m = &missing;
	uint64_t hist = 0;
	size_t i;

	kcc_stats_missing(st, m);
	if (p->metrics & KCC_M_QUEUE && m->outcome)
		kcc_warnx("%llu record%s no outcome: not counted as "
			  "answered, abandoned or unanswered",
			(unsigned long long)m->outcome, has(m->outcome));
	if (p->metrics & KCC_M_QUEUE && m->wait)
		kcc_warnx("%llu answered or abandoned record%s no wait_s: "
			  "left out of ASA, waits and service level (an "
			  "abandon among them counts as not short)",
			(unsigned long long)m->wait, has(m->wait));
	if (p->metrics & KCC_M_HANDLING && m->handle)
		kcc_warnx("%llu record%s no handle_s (nor its parts): left out "
			  "of AHT and "
			  "handle times",
			(unsigned long long)m->handle, has(m->handle));
	if (p->metrics & KCC_M_CONCURRENCY && m->start_end)
		kcc_warnx("%llu answered record%s no end: left out of "
			  "concurrency",
			(unsigned long long)m->start_end, has(m->start_end));
	if (p->metrics & KCC_M_VOLUME && p->citizens && m->citizen)
		kcc_warnx("%llu record%s no citizen: not in distinct "
			  "citizens",
			(unsigned long long)m->citizen, has(m->citizen));
	if (p->metrics & KCC_M_FCR && m->history)
		kcc_warnx("%llu record%s history marks that do not go "
			  "together (a history without history_seq, or "
			  "history_seq or history_next_s without a history): "
			  "left out of FCR and repeat rate",
			(unsigned long long)m->history, has(m->history));
	for (i = 0; i < st->n; i++)
		hist += st->groups[i]->acc.with_history;
	if (p->metrics & KCC_M_FCR && hist == 0 && st->n > 0)
		kcc_warnx("no record has history marks (kcc-merge --histories "
			  "sets them): FCR and repeat rate are null");
}

enum {
	OPT_BY = 256,
	OPT_WHERE,
	OPT_METRICS,
	OPT_SL,
	OPT_SL_FORMULA,
	OPT_SHORT,
	OPT_FCR_DAYS,
	OPT_TZ,
	OPT_FORMAT,
	OPT_PARTIAL,
	OPT_COMBINE,
	OPT_MIN_COUNT,
	OPT_STAFFING,
	OPT_WEEKLY,
	OPT_INTERVAL,
	OPT_TARGET,
	OPT_SHRINKAGE,
	OPT_MAX_OCC,
	OPT_CONCURRENCY,
	OPT_ERLANG_A,
	OPT_HOTSPOTS,
	OPT_BASELINE,
	OPT_THRESHOLD,
	OPT_HOTSPOT_MIN,
	OPT_HOTSPOT_COUNT,
	OPT_FDR,
};

static const struct option longopts[] = {
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"by", required_argument, NULL, OPT_BY},
	{"combine", no_argument, NULL, OPT_COMBINE},
	{"concurrency", required_argument, NULL, OPT_CONCURRENCY},
	{"erlang-a", no_argument, NULL, OPT_ERLANG_A},
	{"fcr-days", required_argument, NULL, OPT_FCR_DAYS},
	{"fdr", required_argument, NULL, OPT_FDR},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"help", no_argument, NULL, 'h'},
	{"hotspot-min", required_argument, NULL, OPT_HOTSPOT_MIN},
	{"hotspot-count", required_argument, NULL, OPT_HOTSPOT_COUNT},
	{"hotspots", no_argument, NULL, OPT_HOTSPOTS},
	{"interval", required_argument, NULL, OPT_INTERVAL},
	{"jobs", required_argument, NULL, 'j'},
	{"max-occupancy", required_argument, NULL, OPT_MAX_OCC},
	{"metrics", required_argument, NULL, OPT_METRICS},
	{"min-count", required_argument, NULL, OPT_MIN_COUNT},
	{"output", required_argument, NULL, 'o'},
	{"partial", no_argument, NULL, OPT_PARTIAL},
	{"quiet", no_argument, NULL, 'q'},
	{"short-abandon", required_argument, NULL, OPT_SHORT},
	{"shrinkage", required_argument, NULL, OPT_SHRINKAGE},
	{"sl", required_argument, NULL, OPT_SL},
	{"sl-formula", required_argument, NULL, OPT_SL_FORMULA},
	{"staffing", no_argument, NULL, OPT_STAFFING},
	{"target", required_argument, NULL, OPT_TARGET},
	{"threshold", required_argument, NULL, OPT_THRESHOLD},
	{"tz", required_argument, NULL, OPT_TZ},
	{"version", no_argument, NULL, 'V'},
	{"weekly", no_argument, NULL, OPT_WEEKLY},
	{"where", required_argument, NULL, OPT_WHERE},
	{NULL, 0, NULL, 0},
};

static const struct {
	const char *name;
	enum kcc_bucket unit;
} buckets[] = {
	{"hour", KCC_BUCKET_HOUR},
	{"day", KCC_BUCKET_DAY},
	{"week", KCC_BUCKET_WEEK},
	{"month", KCC_BUCKET_MONTH},
	{"quarter", KCC_BUCKET_QUARTER},
	{"year", KCC_BUCKET_YEAR},
	{"dow", KCC_BUCKET_DOW},
	{"hod", KCC_BUCKET_HOD},
	{NULL, 0},
};

static void
add_key(enum key_kind kind, int field, enum kcc_bucket unit, int minutes,
	const char *name, const char *program)
{
	struct key *k;

	if (opt.nkeys == KCC_STATS_MAX_KEYS) {
		kcc_warnx("option '--by': more than %d keys",
			KCC_STATS_MAX_KEYS);
		kcc_usage_exit(usage_text);
	}
	opt.keys = kcc_xrealloc(opt.keys,
		(size_t)(opt.nkeys + 1) * sizeof *opt.keys);
	k = &opt.keys[opt.nkeys++];
	k->kind = kind;
	k->field = (enum kcc_field)field;
	k->unit = unit;
	k->minutes = minutes;
	k->name = kcc_xstrdup(name);
	k->program = program ? kcc_xstrdup(program) : NULL;
	if (kind == KEY_FIELD)
		opt.fields |= KCC_FIELD_BIT(field);
	if (kind == KEY_FIELD || kind == KEY_JQ) /* to keep it out of keys */
		opt.fields |= KCC_FIELD_BIT(KCC_F_citizen);
	if (kind == KEY_BUCKET || kind == KEY_TOD)
		opt.fields |= KCC_FIELD_BIT(KCC_F_start);
}

/* One --by: "channel,week,30min" or "jq:PROGRAM" (the rest is jq). */
static int
parse_by(const char *arg)
{
	char word[64], *end;
	const char *p = arg, *e;
	size_t n;
	long m;
	int f, i;

	if (*p == '\0') {
		kcc_warnx("option '--by': no key given");
		return -1;
	}
	while (*p != '\0') {
		if (strncmp(p, "jq:", 3) == 0) {
			if (p[3] == '\0') {
				kcc_warnx("option '--by': 'jq:' without a "
					  "program");
				return -1;
			}
			add_key(KEY_JQ, 0, 0, 0, p + 3, p + 3);
			return 0;
		}
		e = strchr(p, ',');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || n >= sizeof word) {
			kcc_warnx("option '--by': empty or overlong key in "
				  "'%s'",
				arg);
			return -1;
		}
		memcpy(word, p, n);
		word[n] = '\0';
		p += n + (e != NULL);
		for (i = 0; buckets[i].name != NULL; i++)
			if (strcmp(word, buckets[i].name) == 0)
				break;
		if (buckets[i].name != NULL) {
			add_key(KEY_BUCKET, 0, buckets[i].unit, 0, word, NULL);
			continue;
		}
		m = strtol(word, &end, 10);
		if (end != word && strcmp(end, "min") == 0) {
			if (m < 1 || m > 1440 || 1440 % m != 0) {
				kcc_warnx("option '--by': '%s': minutes must "
					  "divide a day (5min, 15min, 30min, "
					  "...)",
					word);
				return -1;
			}
			add_key(KEY_BUCKET, 0, KCC_BUCKET_MINUTES, (int)m, word,
				NULL);
			continue;
		}
		/* "source", as 311 exports call it, is the field src. */
		f = strcmp(word, "source") == 0 ? KCC_F_src
						: kcc_field_lookup(word, n);
		if (f < 0 || f == KCC_F_kcc || f == KCC_F_ext ||
			f == KCC_F_citizen || f == KCC_F_text) {
			kcc_warnx("option '--by': unknown key '%s' (a record "
				  "field, a time bucket such as week or "
				  "30min, or jq:PROGRAM)",
				word);
			return -1;
		}
		add_key(KEY_FIELD, f, 0, 0, word, NULL);
	}
	return 0;
}

/* s, all of it, as a number into *v; -1 when it is not one. */
static int
real(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return end == s || *end != '\0' || errno ? -1 : 0;
}

static double
parse_pct(const char *o, const char *s)
{
	double d;

	if (real(s, &d) != 0 || !(d >= 0 && d < 100)) {
		kcc_warnx("option '%s': '%s' is not a percentage from 0 to "
			  "99",
			o, s);
		kcc_usage_exit(usage_text);
	}
	return d / 100;
}

static long long
num(const char *o, const char *s, long long min, long long max)
{
	long long v;

	if (kcc_parse_ll(o, s, min, max, &v) != 0)
		kcc_usage_exit(usage_text);
	return v;
}

static void
parse_options(int argc, char *argv[])
{
	const char *why, *bad;
	char *end;
	int c, li = 0, threshold_given = 0;

	struct kcc_stats_params d = KCC_STATS_PARAMS_DEFAULT;
	opt.params = d;
	opt.params.citizens = -1;
	opt.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	opt.output = "-";
	opt.interval = 30;
	opt.target_sl = 0.8;
	opt.target_t = 20;
	opt.max_occupancy = 1;
	opt.concurrency = 1;
	opt.baseline = 4;
	opt.threshold = 3;
	opt.hotspot_min = 5;
	while ((c = getopt_long(argc, argv, "hj:o:qV", longopts, &li)) != -1) {
		/* What applies only to one mode, to refuse it without. */
		if (c == OPT_WEEKLY || c == OPT_INTERVAL || c == OPT_TARGET ||
			c == OPT_SHRINKAGE || c == OPT_MAX_OCC ||
			c == OPT_CONCURRENCY || c == OPT_ERLANG_A)
			opt.for_staffing = longopts[li].name;
		if (c == OPT_BASELINE || c == OPT_THRESHOLD ||
			c == OPT_HOTSPOT_MIN || c == OPT_HOTSPOT_COUNT ||
			c == OPT_FDR)
			opt.for_hotspots = longopts[li].name;
		if (c == OPT_THRESHOLD)
			threshold_given = 1;
		switch (c) {
		case 'q':
			opt.quiet = 1;
			break;
		case 'h':
			kcc_help_exit(usage_text);
		case 'V':
			kcc_version_exit();
		case 'j':
			opt.jobs = (int)num("--jobs", optarg, 1, 16);
			break;
		case 'o':
			opt.output = optarg;
			break;
		case OPT_BY:
			if (parse_by(optarg) != 0)
				kcc_usage_exit(usage_text);
			break;
		case OPT_WHERE:
			if (opt.where != NULL) {
				kcc_warnx("option '--where' given twice (join "
					  "the programs with 'and')");
				kcc_usage_exit(usage_text);
			}
			opt.where = optarg;
			break;
		case OPT_METRICS:
			opt.metrics = optarg; /* its names need --sl and co */
			break;
		case OPT_SL:
			opt.params.sl_t = (int)num("--sl", optarg, 0, 86400);
			break;
		case OPT_SL_FORMULA:
			opt.params.sl_formula =
				(int)num("--sl-formula", optarg, 1, 5);
			break;
		case OPT_SHORT:
			opt.params.short_abandon =
				(int)num("--short-abandon", optarg, 0, 3600);
			break;
		case OPT_FCR_DAYS:
			opt.params.fcr_days =
				(int)num("--fcr-days", optarg, 1, 3650);
			break;
		case OPT_TZ:
			kcc_tz_free(opt.params.tz);
			opt.zone = optarg;
			if ((opt.params.tz = kcc_tz_load(optarg, &why)) ==
				NULL) {
				kcc_warnx("option '--tz': '%s': %s", optarg,
					why);
				kcc_usage_exit(usage_text);
			}
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "table") == 0)
				opt.table = 1;
			else if (strcmp(optarg, "json") == 0)
				opt.table = 0;
			else {
				kcc_warnx("option '--format': unknown format "
					  "'%s' (json, table)",
					optarg);
				kcc_usage_exit(usage_text);
			}
			break;
		case OPT_PARTIAL:
			opt.partial = 1;
			break;
		case OPT_COMBINE:
			opt.combine = 1;
			break;
		case OPT_MIN_COUNT:
			opt.min_count =
				(long)num("--min-count", optarg, 1, 1000000000);
			break;
		case OPT_STAFFING:
			opt.staffing = 1;
			break;
		case OPT_WEEKLY:
			opt.weekly = 1;
			break;
		case OPT_INTERVAL:
			opt.interval = (int)num("--interval", optarg, 1, 1440);
			if (1440 % opt.interval != 0) {
				kcc_warnx("option '--interval': %d minutes do "
					  "not divide a day",
					opt.interval);
				kcc_usage_exit(usage_text);
			}
			break;
		case OPT_TARGET:
			errno = 0;
			opt.target_sl = strtod(optarg, &end) / 100;
			if (end == optarg || *end != '/' ||
				!(opt.target_sl > 0 && opt.target_sl < 1)) {
				kcc_warnx("option '--target': '%s' is not "
					  "PCT/SECONDS such as 80/20",
					optarg);
				kcc_usage_exit(usage_text);
			}
			opt.target_t =
				(double)num("--target", end + 1, 0, 3600);
			break;
		case OPT_SHRINKAGE:
			opt.shrinkage = parse_pct("--shrinkage", optarg);
			break;
		case OPT_MAX_OCC:
			/* 0 is no cap; a cap is 1 to 99 (0.8 is a slip for
			   80, not a cap of 0.8%). */
			opt.max_occupancy =
				parse_pct("--max-occupancy", optarg);
			if (opt.max_occupancy > 0 && opt.max_occupancy < 0.01) {
				kcc_warnx("option '--max-occupancy': '%s' is "
					  "not 0 or a percentage from 1 to 99",
					optarg);
				kcc_usage_exit(usage_text);
			}
			if (opt.max_occupancy == 0)
				opt.max_occupancy = 1;
			break;
		case OPT_CONCURRENCY:
			opt.concurrency =
				(double)num("--concurrency", optarg, 1, 20);
			break;
		case OPT_ERLANG_A:
			opt.erlang_a = 1;
			break;
		case OPT_HOTSPOTS:
			opt.hotspots = 1;
			break;
		case OPT_BASELINE:
			opt.baseline = (int)num("--baseline", optarg, 1, 520);
			break;
		case OPT_THRESHOLD:
			if (real(optarg, &opt.threshold) != 0 ||
				!(opt.threshold > 0 && opt.threshold <= 100)) {
				kcc_warnx("option '--threshold': '%s' is not a "
					  "score from 0 to 100",
					optarg);
				kcc_usage_exit(usage_text);
			}
			break;
		case OPT_FDR:
			if (real(optarg, &opt.fdr) != 0 ||
				!(opt.fdr > 0 && opt.fdr < 1)) {
				kcc_warnx("option '--fdr': '%s' is not a rate "
					  "above 0 and below 1",
					optarg);
				kcc_usage_exit(usage_text);
			}
			break;
		case OPT_HOTSPOT_MIN:
			opt.hotspot_min = (double)num("--hotspot-min", optarg,
				0, 1000000000);
			break;
		case OPT_HOTSPOT_COUNT:
			if (strcmp(optarg, "citizens") == 0)
				opt.hotspot_contacts = 0;
			else if (strcmp(optarg, "contacts") == 0)
				opt.hotspot_contacts = 1;
			else {
				kcc_warnx("option '--hotspot-count': '%s' is "
					  "not citizens or contacts",
					optarg);
				kcc_usage_exit(usage_text);
			}
			break;
		default:
			kcc_usage_exit(usage_text);
		}
	}
	if (opt.for_staffing != NULL && !opt.staffing) {
		kcc_warnx("option '--%s' applies to '--staffing' only",
			opt.for_staffing);
		kcc_usage_exit(usage_text);
	}
	if (opt.for_hotspots != NULL && !opt.hotspots) {
		kcc_warnx("option '--%s' applies to '--hotspots' only",
			opt.for_hotspots);
		kcc_usage_exit(usage_text);
	}
	if (opt.fdr > 0 && threshold_given) {
		kcc_warnx("options '--fdr' and '--threshold' exclude each "
			  "other");
		kcc_usage_exit(usage_text);
	}
	if (opt.metrics != NULL &&
		kcc_stats_metrics_select(&opt.params, opt.metrics, &bad) != 0) {
		kcc_warnx("option '--metrics': unknown metric '%s' (volume, "
			  "queue, handling, fcr, satisfaction, agents, "
			  "concurrency, all, or a figure as kcc-stats(1) "
			  "names it under these options, such as asa_s or "
			  "sl_%ds_f%d)",
			bad, opt.params.sl_t, opt.params.sl_formula);
		kcc_usage_exit(usage_text);
	}
	if ((opt.staffing || opt.hotspots) && opt.metrics != NULL) {
		kcc_warnx("option '--metrics' does not apply to '%s', which "
			  "writes figures of its own",
			opt.staffing ? "--staffing" : "--hotspots");
		kcc_usage_exit(usage_text);
	}
	if (opt.staffing && opt.hotspots) {
		kcc_warnx("options '--staffing' and '--hotspots' exclude each "
			  "other");
		kcc_usage_exit(usage_text);
	}
	if (opt.combine && opt.partial) {
		kcc_warnx("options '--partial' and '--combine' exclude each "
			  "other");
		kcc_usage_exit(usage_text);
	}
	if (opt.staffing) {
		if (opt.nkeys > 0) {
			kcc_warnx("option '--staffing' groups by interval "
				  "itself (use --interval and --weekly, not "
				  "--by)");
			kcc_usage_exit(usage_text);
		}
		if (opt.weekly) {
			add_key(KEY_BUCKET, 0, KCC_BUCKET_DOW, 0, "dow", NULL);
			add_key(KEY_TOD, 0, 0, opt.interval, "interval", NULL);
		} else
			add_key(KEY_BUCKET, 0, KCC_BUCKET_MINUTES, opt.interval,
				"interval", NULL);
		opt.params.metrics = KCC_M_QUEUE | KCC_M_HANDLING;
		kcc_stats_figures_free(&opt.params);
	}
	if (opt.hotspots) {
		int i, nb = 0;
		for (i = 0; i < opt.nkeys; i++)
			nb += opt.keys[i].kind == KEY_BUCKET;
		if (nb != 1) {
			kcc_warnx("option '--hotspots' needs exactly one time "
				  "bucket in --by (such as --by area,week)");
			kcc_usage_exit(usage_text);
		}
		opt.params.metrics = KCC_M_VOLUME;
		kcc_stats_figures_free(&opt.params);
	}
	for (c = 0; c < opt.nkeys; c++) {
		/* One member per name in every line written. */
		static const char *const hotspot_members[] = {"contacts",
			"baseline_mean", "score", "baseline_periods",
			"threshold", "suppressed", NULL};
		int i, clash = 0;
		for (i = 0; i < c; i++)
			if (strcmp(opt.keys[i].name, opt.keys[c].name) == 0) {
				kcc_warnx("option '--by': key '%s' given twice",
					opt.keys[c].name);
				kcc_usage_exit(usage_text);
			}
		if (opt.hotspots) {
			for (i = 0; hotspot_members[i] != NULL; i++)
				clash |= strcmp(hotspot_members[i],
						 opt.keys[c].name) == 0;
		} else if (!opt.staffing)
			clash = kcc_stats_figure_written(&opt.params,
				opt.keys[c].name);
		if (clash) {
			kcc_warnx("option '--by': key '%s' has the name of a "
				  "figure (key on 'jq:.%s' instead)",
				opt.keys[c].name, opt.keys[c].name);
			kcc_usage_exit(usage_text);
		}
	}
	/* Each group's share of its parent's, when there is a parent. */
	if (!opt.staffing && !opt.hotspots)
		opt.params.within =
			opt.params.figures == NULL
				? opt.nkeys >= 2
				: kcc_stats_figure_wanted(&opt.params,
					  "share_within");
	if (opt.params.citizens < 0)
		opt.params.citizens =
			((opt.params.metrics & KCC_M_VOLUME) &&
				kcc_stats_figure_wanted(&opt.params,
					"citizens")) ||
			opt.min_count > 0;
	if (opt.min_count > 0)
		opt.params.citizens = 1;
	/* jq programs run one record at a time in one thread. */
	if (opt.where != NULL)
		opt.jobs = 1;
	for (c = 0; c < opt.nkeys; c++)
		if (opt.keys[c].kind == KEY_JQ)
			opt.jobs = 1;
	if (opt.jobs > 16)
		opt.jobs = 16;
	opt.fields |= kcc_stats_fields(&opt.params);
	if (opt.where != NULL) /* to keep it out of jq's messages */
		opt.fields |= KCC_FIELD_BIT(KCC_F_citizen);
	{
		/* The keys' names, so that partial files say what they hold. */
		static char by[512];
		size_t len = 0;
		for (c = 0; c < opt.nkeys; c++)
			len += (size_t)snprintf(by + len,
				len < sizeof by ? sizeof by - len : 0, "%s%s",
				c ? "," : "", opt.keys[c].name);
		/* Staffing's key is named interval whatever its length. */
		if (opt.staffing)
			len += (size_t)snprintf(by + len,
				len < sizeof by ? sizeof by - len : 0,
				" interval=%dmin", opt.interval);
		opt.params.by = by;
		opt.params.nkeys = opt.nkeys;
		opt.params.where = opt.where;
	}
}

int
main(int argc, char *argv[])
{
	struct reader rs[16];
	struct kcc_out out, lines;
	int i, status = 0, nin;
	uint64_t read = 0, rejected = 0;
	char **names;

	kcc_diag_init(argv[0]);
	argv[0] = (char *)kcc_prog();
	parse_options(argc, argv);
	argc -= optind;
	argv += optind;
	for (i = 0; i < opt.jobs; i++)
		reader_init(&rs[i]);
	nin = argc == 0 ? 1 : argc;
	for (i = 0; i < nin; i++)
		if (read_input(rs, opt.jobs, argc == 0 ? "-" : argv[i]) != 0)
			status = 1;
	for (i = 0; i < opt.jobs; i++) {
		read += rs[i].read;
		rejected += rs[i].rejected;
		if (i > 0)
			kcc_stats_merge(&rs[0].st, &rs[i].st);
	}
	if (kcc_out_open(&out, opt.output) != 0)
		return KCC_EXIT_DATA;
	kcc_stats_sort(&rs[0].st);
	if (!opt.partial && !opt.quiet)
		say_missing(&rs[0].st);
	kcc_out_init_mem(&lines);
	names = kcc_xcalloc((size_t)opt.nkeys + 1, sizeof *names);
	for (i = 0; i < opt.nkeys; i++)
		names[i] = opt.keys[i].name;
	if (opt.partial) {
		for (i = 0; i < (int)rs[0].st.n; i++)
			kcc_stats_write_partial(&rs[0].st, rs[0].st.groups[i],
				&lines);
		kcc_stats_write_partial_days(&rs[0].st, &lines);
		kcc_stats_write_partial_records(&rs[0].st,
			rs[0].st.records_read + read,
			rs[0].st.records_rejected + rejected, &lines);
	} else if (opt.staffing)
		status |= write_staffing(&rs[0], names, &lines) != 0;
	else if (opt.hotspots)
		write_hotspots(&rs[0].st, names, &lines);
	else {
		/* Totals over no records read are still totals: contacts 0. */
		if (opt.nkeys == 0 && rs[0].st.n == 0 && status == 0)
			kcc_stats_group(&rs[0].st, "[]", 2);
		kcc_stats_write_groups(&rs[0].st, names, opt.nkeys,
			opt.min_count, &lines);
	}
	free(names);
	if (opt.table && !opt.partial)
		kcc_table_write(lines.buf, lines.len, &out);
	else
		kcc_out_write(&out, lines.buf, lines.len);
	kcc_out_close(&lines);
	if (opt.combine && rs[0].st.records_rejected > 0) {
		/* What one run over all the records would have said. */
		kcc_warnx("%llu of %llu records rejected",
			(unsigned long long)rs[0].st.records_rejected,
			(unsigned long long)rs[0].st.records_read);
		status = 1;
	}
	if (rejected > 0) {
		kcc_warnx("%llu of %llu %s rejected",
			(unsigned long long)rejected, (unsigned long long)read,
			opt.combine ? "partial lines" : "records");
		status = 1;
	}
	for (i = 0; i < opt.jobs; i++)
		reader_release(&rs[i]);
	for (i = 0; i < opt.nkeys; i++) {
		free(opt.keys[i].name);
		free(opt.keys[i].program);
	}
	free(opt.keys);
	kcc_tz_free(opt.params.tz);
	kcc_stats_figures_free(&opt.params);
	switch (kcc_out_close(&out)) {
	case KCC_OUT_EPIPE:
		return KCC_EXIT_DATA;
	case KCC_OUT_ERROR:
		status = 1;
	}
	return status ? KCC_EXIT_DATA : KCC_EXIT_OK;
}
