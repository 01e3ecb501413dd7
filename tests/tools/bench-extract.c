/*
 * bench-extract: the query of make bench (see ../shared/docs/performance.md)
 * on canonical records: per agent, the number of contacts, the mean
 * handle_s and the mean csat, each mean ignoring records without the field.
 *
 * It reads through the kcc line reader and record parser, so its speed is
 * the speed of the library's hot path: the JSON of every line is validated
 * whole, and only the three fields used are checked and decoded
 * (kcc_record_parse_fields()).  Output is tab-separated, one line an agent
 * in byte order of the name, records without an agent under "-":
 *
 *	agent	contacts	handle_s_mean	csat_mean
 *
 * A mean over no values is printed as "-".  A bad record is reported with
 * its place and counted; any makes the exit status 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/diag.h"
#include "kcc/lines.h"
#include "kcc/out.h"
#include "kcc/record.h"

static const char usage_text[] = "bench-extract [file ...]\n";

struct group {
	char *agent; /* NULL: the empty slot */
	size_t len;
	uint64_t contacts, nhandle, ncsat;
	double handle, csat;
};

/* Open addressing on the agent name; the table never fills past half. */
struct groups {
	struct group *slot;
	size_t cap, n;
};

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

static struct group *
groups_get(struct groups *gs, const char *name, size_t n)
{
	struct group *g;
	size_t i, j;

	if (2 * (gs->n + 1) > gs->cap) {
		struct groups bigger = {NULL, gs->cap ? 2 * gs->cap : 256, 0};
		bigger.slot = kcc_xcalloc(bigger.cap, sizeof *bigger.slot);
		for (i = 0; i < gs->cap; i++) {
			if (gs->slot[i].agent == NULL)
				continue;
			j = hash(gs->slot[i].agent, gs->slot[i].len) &
			    (bigger.cap - 1);
			while (bigger.slot[j].agent != NULL)
				j = (j + 1) & (bigger.cap - 1);
			bigger.slot[j] = gs->slot[i];
		}
		bigger.n = gs->n;
		free(gs->slot);
		*gs = bigger;
	}
	for (i = hash(name, n) & (gs->cap - 1);; i = (i + 1) & (gs->cap - 1)) {
		g = &gs->slot[i];
		if (g->agent == NULL)
			break;
		if (g->len == n && memcmp(g->agent, name, n) == 0)
			return g;
	}
	g->agent = kcc_xstrndup(name, n);
	g->len = n;
	gs->n++;
	return g;
}

static int
by_agent(const void *a, const void *b)
{
	const struct group *x = *(const struct group *const *)a;
	const struct group *y = *(const struct group *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->agent, y->agent, n);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

/* Read one file into the groups; returns the number of bad records, or
 * -1 when the file could not be read. */
static long
extract(const char *path, struct groups *gs, struct kcc_record *rec)
{
	const uint64_t check = KCC_FIELD_BIT(KCC_F_agent) |
			       KCC_FIELD_BIT(KCC_F_handle_s) |
			       KCC_FIELD_BIT(KCC_F_csat);
	struct kcc_json_error err;
	struct kcc_lines lr;
	struct group *g;
	const char *line, *agent;
	size_t len, n;
	long bad = 0;
	double v;
	int rc;

	if (kcc_lines_open(&lr, path, KCC_LINES_DEFAULT_MAX) != 0)
		return -1;
	while ((rc = kcc_lines_next(&lr, &line, &len)) != KCC_LINES_EOF) {
		if (rc == KCC_LINES_ERROR) {
			kcc_lines_close(&lr);
			return -1;
		}
		if (rc == KCC_LINES_TOOLONG) {
			kcc_warnl(lr.name, lr.lineno,
				"line longer than %zu "
				"bytes",
				lr.max);
			bad++;
			continue;
		}
		if (kcc_record_parse_fields(rec, line, len, check, &err) != 0) {
			kcc_warnl(lr.name, lr.lineno, "%s", err.msg);
			bad++;
			continue;
		}
		agent = kcc_record_str(rec, KCC_F_agent, &n);
		if (agent == NULL) {
			agent = "-";
			n = 1;
		}
		g = groups_get(gs, agent, n);
		g->contacts++;
		if (kcc_record_num(rec, KCC_F_handle_s, &v) == 0) {
			g->handle += v;
			g->nhandle++;
		}
		if (kcc_record_num(rec, KCC_F_csat, &v) == 0) {
			g->csat += v;
			g->ncsat++;
		}
	}
	kcc_lines_close(&lr);
	return bad;
}

static void
put_mean(struct kcc_out *out, double sum, uint64_t n)
{
	if (n == 0)
		kcc_out_puts(out, "\t-");
	else
		kcc_out_printf(out, "\t%.2f", sum / (double)n);
}

int
main(int argc, char *argv[])
{
	struct groups gs = {NULL, 0, 0};
	struct kcc_record rec;
	struct group **sorted;
	struct kcc_out out;
	size_t i, k;
	long bad = 0, r;
	int status = KCC_EXIT_OK;

	kcc_diag_init(argv[0]);
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
				strcmp(argv[1], "--help") == 0)) {
		printf("usage: %s", usage_text);
		return fflush(stdout) == 0 ? KCC_EXIT_OK : KCC_EXIT_DATA;
	}
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0')
		kcc_usage_exit(usage_text);
	kcc_record_init(&rec);
	for (i = 1; i < (size_t)argc || (argc == 1 && i == 1); i++) {
		/* No operand: standard input. */
		r = extract(argc == 1 ? "-" : argv[i], &gs, &rec);
		if (r < 0)
			status = KCC_EXIT_DATA;
		else
			bad += r;
	}
	kcc_record_release(&rec);
	if (bad > 0) {
		kcc_warnx("%ld bad record(s)", bad);
		status = KCC_EXIT_DATA;
	}

	sorted = kcc_xcalloc(gs.n ? gs.n : 1, sizeof *sorted);
	for (i = 0, k = 0; i < gs.cap; i++)
		if (gs.slot[i].agent != NULL)
			sorted[k++] = &gs.slot[i];
	qsort(sorted, k, sizeof *sorted, by_agent);
	kcc_out_init_stdout(&out);
	kcc_out_puts(&out, "agent\tcontacts\thandle_s_mean\tcsat_mean\n");
	for (i = 0; i < k; i++) {
		kcc_out_write(&out, sorted[i]->agent, sorted[i]->len);
		kcc_out_printf(&out, "\t%llu",
			(unsigned long long)sorted[i]->contacts);
		put_mean(&out, sorted[i]->handle, sorted[i]->nhandle);
		put_mean(&out, sorted[i]->csat, sorted[i]->ncsat);
		kcc_out_putc(&out, '\n');
	}
	if (kcc_out_close(&out) == KCC_OUT_ERROR)
		status = KCC_EXIT_DATA;
	for (i = 0; i < gs.cap; i++)
		free(gs.slot[i].agent);
	free(gs.slot);
	free(sorted);
	return status;
}
