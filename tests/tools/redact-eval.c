/*
 * redact-eval: how well and how fast lib/redact.c finds personal data in
 * the texts of kcc-gen's records, whose "ext":{"truth_pii":[...]} lists
 * the kinds each text holds ("address" is a postcode with house number;
 * "name" is not redacted and not scored).
 *
 *	redact-eval [-v N] [-r ROUNDS] [file ...]
 *	redact-eval -l [file ...]
 *
 * Prints, per kind, the texts that hold it, the recall (share of those in
 * which a match of that kind was found), and the false-positive rate (the
 * share of texts without it in which one was found), then the speed of
 * kcc_redact_str() over all texts (ROUNDS passes, default 5, the best
 * one).  -v N prints up to N missed and N false texts per kind on stderr.
 * -l reads plain lines instead and prints each redacted: for trying by
 * hand.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kcc/diag.h"
#include "kcc/json.h"
#include "kcc/lines.h"
#include "kcc/out.h"
#include "kcc/record.h"
#include "kcc/redact.h"

static const char usage_text[] = "redact-eval [-v N] [-r ROUNDS] [file ...]\n"
				 "       redact-eval -l [file ...]\n";

/* The generator's names of the kinds, in enum kcc_pii order. */
static const char *const truth_names[KCC_PII__COUNT] = {"\"bsn\"", "\"iban\"",
	"\"phone\"", "\"email\"", "\"address\""};

struct texts {
	char *buf; /* all texts, back to back */
	size_t len, cap;
	size_t *off;          /* text i is buf[off[i], off[i + 1]) */
	unsigned char *truth; /* bit k: the text holds kind k */
	size_t n, ncap;
};

static void
add_text(struct texts *t, const char *s, size_t n, unsigned truth)
{
	if (t->len + n > t->cap) {
		t->cap = (t->len + n) * 2;
		t->buf = kcc_xrealloc(t->buf, t->cap);
	}
	if (t->n + 2 > t->ncap) {
		t->ncap = t->ncap ? 2 * t->ncap : 1024;
		t->off = kcc_xrealloc(t->off, t->ncap * sizeof *t->off);
		t->truth = kcc_xrealloc(t->truth, t->ncap);
	}
	memcpy(t->buf + t->len, s, n);
	t->off[t->n] = t->len;
	t->truth[t->n] = (unsigned char)truth;
	t->len += n;
	t->n++;
	t->off[t->n] = t->len;
}

/* Whether w occurs in s[0..n). */
static int
contains(const char *s, size_t n, const char *w)
{
	size_t l = strlen(w), i;

	for (i = 0; i + l <= n; i++)
		if (memcmp(s + i, w, l) == 0)
			return 1;
	return 0;
}

/* The kinds listed in the record's ext.truth_pii. */
static unsigned
truth_of(struct kcc_record *rec, struct kcc_json_scan *scan)
{
	struct kcc_json_error err;
	const struct kcc_json_value *ext = &rec->f[KCC_F_ext];
	unsigned truth = 0;
	size_t i, k;

	if (ext->type != KCC_JSON_OBJECT ||
		kcc_json_scan_object(scan, ext->p, ext->n, &err) != 0)
		return 0;
	for (i = 0; i < scan->n; i++) {
		const struct kcc_json_member *m = &scan->members[i];
		if (m->key.n != 9 || memcmp(m->key.p, "truth_pii", 9) != 0)
			continue;
		for (k = 0; k < KCC_PII__COUNT; k++)
			if (contains(m->value.p, m->value.n, truth_names[k]))
				truth |= 1u << k;
	}
	return truth;
}

static int
load(const char *path, struct texts *t, int plain)
{
	const uint64_t check =
		KCC_FIELD_BIT(KCC_F_text) | KCC_FIELD_BIT(KCC_F_ext);
	struct kcc_json_error err;
	struct kcc_json_scan scan;
	struct kcc_record rec;
	struct kcc_lines lr;
	const char *line, *text;
	size_t len, n;
	int rc, status = 0;

	if (kcc_lines_open(&lr, path, KCC_LINES_DEFAULT_MAX) != 0)
		return -1;
	kcc_record_init(&rec);
	kcc_json_scan_init(&scan);
	while ((rc = kcc_lines_next(&lr, &line, &len)) != KCC_LINES_EOF) {
		if (rc != KCC_LINES_OK) {
			status = -1;
			break;
		}
		if (plain) {
			add_text(t, line, len, 0);
			continue;
		}
		if (kcc_record_parse_fields(&rec, line, len, check, &err) !=
			0) {
			kcc_warnl(lr.name, lr.lineno, "%s", err.msg);
			status = -1;
			continue;
		}
		text = kcc_record_str(&rec, KCC_F_text, &n);
		if (text != NULL)
			add_text(t, text, n, truth_of(&rec, &scan));
	}
	kcc_json_scan_release(&scan);
	kcc_record_release(&rec);
	kcc_lines_close(&lr);
	return status;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Print the text, its truth and what was found, on stderr. */
static void
show(const char *what, const struct kcc_redact *r, const char *s, size_t n)
{
	struct kcc_redact_match m;
	size_t pos = 0;

	fprintf(stderr, "%s: %.*s\n", what, (int)n, s);
	while (kcc_redact_next(r, s, n, &pos, &m))
		fprintf(stderr, "    %s: '%.*s'\n", kcc_pii_names[m.kind],
			(int)(m.end - m.start), s + m.start);
}

int
main(int argc, char *argv[])
{
	struct texts t = {0};
	struct kcc_redact r;
	struct kcc_redact_counts c;
	unsigned long long has[KCC_PII__COUNT] = {0}, hit[KCC_PII__COUNT] = {0},
			   fp[KCC_PII__COUNT] = {0};
	long long verbose = 0, rounds = 5, shown_fn[KCC_PII__COUNT] = {0},
		  shown_fp[KCC_PII__COUNT] = {0};
	char *out;
	size_t i, k, outcap, total = 0;
	double best = 1e300, t0, dt;
	int ch, plain = 0, status = KCC_EXIT_OK;

	kcc_diag_init(argv[0]);
	while ((ch = getopt(argc, argv, "hlv:r:")) != -1) {
		switch (ch) {
		case 'h':
			printf("usage: %s", usage_text);
			return KCC_EXIT_OK;
		case 'l':
			plain = 1;
			break;
		case 'v':
			if (kcc_parse_ll("-v", optarg, 0, 1000000, &verbose))
				return KCC_EXIT_USAGE;
			break;
		case 'r':
			if (kcc_parse_ll("-r", optarg, 1, 1000, &rounds))
				return KCC_EXIT_USAGE;
			break;
		default:
			kcc_usage_exit(usage_text);
		}
	}
	if (optind == argc) {
		if (load("-", &t, plain) != 0)
			status = KCC_EXIT_DATA;
	}
	for (; optind < argc; optind++)
		if (load(argv[optind], &t, plain) != 0)
			status = KCC_EXIT_DATA;
	kcc_redact_init(&r);
	outcap = KCC_REDACT_MAX(t.len);
	out = kcc_xmalloc(outcap + 1);

	if (plain) {
		for (i = 0; i < t.n; i++) {
			size_t n = t.off[i + 1] - t.off[i];
			size_t l = kcc_redact_str(&r, t.buf + t.off[i], n, out,
				outcap, NULL);
			printf("%.*s\n", (int)l, out);
		}
		goto done;
	}

	for (i = 0; i < t.n; i++) {
		const char *s = t.buf + t.off[i];
		size_t n = t.off[i + 1] - t.off[i];
		memset(&c, 0, sizeof c);
		kcc_redact_str(&r, s, n, out, outcap, &c);
		for (k = 0; k < KCC_PII__COUNT; k++) {
			int truth = (t.truth[i] >> k) & 1, found = c.n[k] > 0;
			has[k] += (unsigned)truth;
			hit[k] += (unsigned)(truth && found);
			fp[k] += (unsigned)(!truth && found);
			if (truth && !found && shown_fn[k]++ < verbose)
				show(kcc_pii_names[k], &r, s, n);
			if (!truth && found && shown_fp[k]++ < verbose)
				show("false", &r, s, n);
		}
	}
	printf("%zu texts, %zu bytes\n", t.n, t.len);
	printf("%-9s %8s %8s %9s %8s\n", "kind", "texts", "recall", "missed",
		"false+");
	for (k = 0; k < KCC_PII__COUNT; k++)
		printf("%-9s %8llu %7.3f%% %9llu %8llu (%.4f%%)\n",
			kcc_pii_names[k], has[k],
			has[k] ? 100.0 * (double)hit[k] / (double)has[k] : 0.0,
			has[k] - hit[k], fp[k],
			100.0 * (double)fp[k] / (double)(t.n - has[k]));

	for (long long round = 0; round < rounds; round++) {
		t0 = now();
		for (i = 0; i < t.n; i++)
			total += kcc_redact_str(&r, t.buf + t.off[i],
				t.off[i + 1] - t.off[i], out, outcap, NULL);
		dt = now() - t0;
		if (dt < best)
			best = dt;
	}
	printf("speed: %.0f MB/s (%.3f s for %zu bytes, best of %lld)\n",
		(double)t.len / best / 1e6, best, t.len, rounds);
	if (total == 0)
		printf("(no output)\n");
done:
	free(out);
	free(t.buf);
	free(t.off);
	free(t.truth);
	return status;
}
