/*
 * libFuzzer target for the CSV reader and the number and duration parsers,
 * checking invariants, not only that nothing crashes:
 *
 *   - reading the input whole, reading it a few bytes at a time, and
 *     reading it with every line through libcsv (no plain-line split)
 *     give the same rows, bad rows and line numbers;
 *   - line numbers never go down, row numbers count up by one;
 *   - every field is followed by a NUL; a good row has as many fields as
 *     there are columns, is valid UTF-8 and fits the row limit; a bad row
 *     has a reason and a message, and a too long one no fields;
 *   - column names are non-empty and unique;
 *   - good rows written by kcc_csv_write_row() read back as the same
 *     fields;
 *   - kcc_parse_number() and kcc_parse_duration() give finite values (a
 *     duration >= 0) or refuse.
 *
 * The first input byte chooses the options (delimiter sniffed or given,
 * encoding, a small row limit, no header), the second the read size of the
 * second pass; the rest is the CSV.  A broken invariant prints what broke
 * and aborts, which libFuzzer reports as a crash with the input saved.
 * Built by `make fuzz` (see Makefile) and run by scripts/fuzz.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/csv.h"
#include "kcc/json.h"
#include "kcc/out.h"
#include "kcc/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what)                                                      \
	do {                                                                   \
		if (!(cond))                                                   \
			broken(what, #cond, __LINE__);                         \
	} while (0)

static void
broken(const char *what, const char *cond, int line)
{
	fprintf(stderr, "fuzz_csv: invariant broken: %s (%s, line %d)\n", what,
		cond, line);
	abort();
}

struct mem {
	const char *p;
	size_t n, pos, step;
};

static ssize_t
mem_read(void *ctx, void *buf, size_t n)
{
	struct mem *m = ctx;

	if (n > m->step)
		n = m->step;
	if (n > m->n - m->pos)
		n = m->n - m->pos;
	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

/* A record of everything a pass saw, to compare passes: memory output. */
struct trace {
	struct kcc_out out;
};

static void
trace_num(struct trace *t, unsigned long v)
{
	kcc_out_write(&t->out, &v, sizeof v);
}

static void
trace_bytes(struct trace *t, const void *p, size_t n)
{
	trace_num(t, n);
	kcc_out_write(&t->out, p, n);
}

static void
check_parsers(const char *p, size_t n)
{
	double v;

	if (kcc_parse_number(p, n, 0, &v) == 0)
		CHECK(isfinite(v), "a number is finite");
	if (kcc_parse_number(p, n, 1, &v) == 0)
		CHECK(isfinite(v), "a number is finite (decimal comma)");
	if (kcc_parse_duration(p, n, &v) == 0)
		CHECK(isfinite(v) && v >= 0, "a duration is finite, >= 0");
}

/*
 * Read text with opt in reads of `step` bytes, recording what was seen in
 * t and writing good rows to rows (when not NULL) with the delimiter in
 * use, which goes to *delim.  Returns the number of good rows, or -1 when
 * the open failed.
 */
static long
pass(const char *text, size_t n, const struct kcc_csv_options *opt, size_t step,
	struct trace *t, struct kcc_out *rows, int *delim)
{
	struct mem m = {text, n, 0, step};
	struct kcc_csv_row row;
	const char *const *names;
	struct kcc_csv *c;
	unsigned long last_line = 0, rowno = 0;
	size_t i, j, ncol, bytes, max;
	long good = 0;
	int r, check = rows != NULL;

	c = kcc_csv_open(mem_read, &m, "fuzz.csv", opt);
	if (c == NULL) {
		trace_num(t, 0xdead);
		return -1;
	}
	max = opt->max_row ? opt->max_row : KCC_CSV_DEFAULT_MAX;
	ncol = kcc_csv_columns(c, &names);
	*delim = kcc_csv_delim(c);
	trace_num(t, ncol);
	trace_num(t, (unsigned long)*delim);
	for (i = 0; i < ncol; i++) {
		trace_bytes(t, names[i], strlen(names[i]));
		CHECK(names[i][0] != '\0', "column names are not empty");
		for (j = 0; check && j < i && ncol < 2000; j++)
			CHECK(strcmp(names[i], names[j]) != 0,
				"column names are unique");
	}
	while ((r = kcc_csv_next(c, &row)) > 0) {
		trace_num(t, (unsigned long)r);
		trace_num(t, row.line);
		trace_num(t, row.n);
		CHECK(row.line >= last_line, "line numbers do not go down");
		CHECK(row.line >= 1, "line numbers start at 1");
		CHECK(row.rowno == ++rowno, "row numbers count up");
		last_line = row.line;
		for (i = 0, bytes = 0; i < row.n; i++) {
			const struct kcc_csv_field *f = &row.fields[i];
			CHECK(f->p[f->n] == '\0', "a NUL after every field");
			trace_bytes(t, f->p, f->n);
			bytes += f->n + (i > 0); /* and a delimiter */
		}
		if (r == KCC_CSV_BAD) {
			CHECK(row.reason != NULL && row.reason[0] != '\0',
				"a bad row has a reason");
			CHECK(memchr(row.msg, '\0', sizeof row.msg) != NULL &&
					row.msg[0] != '\0',
				"a bad row has a message");
			trace_bytes(t, row.reason, strlen(row.reason));
			trace_bytes(t, row.msg, strlen(row.msg));
			if (strcmp(row.reason, "row too long") == 0)
				CHECK(row.n == 0,
					"a too long row has no fields");
			continue;
		}
		CHECK(r == KCC_CSV_ROW, "a row");
		CHECK(row.n == ncol, "a good row has a field per column");
		CHECK(bytes <= max, "a good row fits the limit");
		for (i = 0; i < row.n; i++) {
			CHECK(kcc_utf8_valid(row.fields[i].p, row.fields[i].n),
				"good rows are UTF-8");
			if (check)
				check_parsers(row.fields[i].p, row.fields[i].n);
		}
		if (rows != NULL)
			kcc_csv_write_row(rows, row.fields, row.n, *delim);
		good++;
	}
	CHECK(r == KCC_CSV_EOF, "reading from memory ends at EOF");
	trace_num(t, (unsigned long)r);
	kcc_csv_close(c);
	return good;
}

/*
 * The good rows of text (read with opt) against those of the written text
 * (read with back), in order.
 */
static void
check_written(const char *text, size_t n, const struct kcc_csv_options *opt,
	const struct kcc_out *w, const struct kcc_csv_options *back, long good)
{
	struct mem m1 = {text, n, 0, n + 1}, m2 = {w->buf, w->len, 0, w->len};
	struct kcc_csv *c1, *c2;
	struct kcc_csv_row orig, row;
	size_t i;
	long k = 0;
	int r;

	c1 = kcc_csv_open(mem_read, &m1, "fuzz.csv", opt);
	c2 = kcc_csv_open(mem_read, &m2, "written.csv", back);
	CHECK(c1 != NULL && c2 != NULL, "both open");
	while ((r = kcc_csv_next(c1, &orig)) > 0) {
		if (r != KCC_CSV_ROW)
			continue;
		/* orig stays valid: c1 is not called again before the end. */
		CHECK(kcc_csv_next(c2, &row) == KCC_CSV_ROW,
			"a written row reads back");
		CHECK(row.n == orig.n, "a written row has its fields");
		for (i = 0; i < row.n; i++)
			CHECK(row.fields[i].n == orig.fields[i].n &&
					memcmp(row.fields[i].p,
						orig.fields[i].p,
						orig.fields[i].n) == 0,
				"a written field reads back");
		k++;
	}
	CHECK(k == good, "as many good rows again");
	CHECK(kcc_csv_next(c2, &row) == KCC_CSV_EOF, "no more rows written");
	kcc_csv_close(c1);
	kcc_csv_close(c2);
}

static struct trace t1, t2;
static struct kcc_out written;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int delims[] = {0, ',', ';', '\t'};
	static const int encodings[] = {KCC_CSV_AUTO, KCC_CSV_UTF8,
		KCC_CSV_CP1252, KCC_CSV_UTF16LE};
	static int setup;
	struct kcc_csv_options opt = {0}, back = {0};
	const char *text;
	size_t n, step;
	long good;
	int delim, delim2;

	if (!setup) {
		kcc_out_init_mem(&t1.out);
		kcc_out_init_mem(&t2.out);
		kcc_out_init_mem(&written);
		setup = 1;
	}
	if (size < 2)
		return 0;
	opt.delim = delims[data[0] & 3];
	opt.encoding = encodings[(data[0] >> 2) & 3];
	opt.max_row = data[0] & 16 ? 64 : 0;
	opt.no_header = (data[0] & 32) != 0;
	opt.decimal = (data[0] >> 6) % 3;
	opt.quiet = 1;
	step = 1 + data[1] % 16;
	text = (const char *)data + 2;
	n = size - 2;

	t1.out.len = t2.out.len = written.len = 0;
	/* A BOM first: a first field that starts like one stays data. */
	kcc_out_write(&written, "\xEF\xBB\xBF", 3);
	good = pass(text, n, &opt, n + 1, &t1, &written, &delim);

	/*
	 * In small reads: the same.  (Past the first 128 KiB the encoding
	 * would be detected on what one read brought.)
	 */
	if (opt.encoding != KCC_CSV_AUTO || n <= 128 * 1024) {
		pass(text, n, &opt, step, &t2, NULL, &delim2);
		if (t1.out.len != t2.out.len ||
			memcmp(t1.out.buf, t2.out.buf, t1.out.len) != 0)
			broken("the same rows read in small pieces",
				"trace whole == trace in steps", __LINE__);
	}

	/* Every line through libcsv: the same as with plain lines split. */
	opt.libcsv_only = 1;
	t2.out.len = 0;
	pass(text, n, &opt, n + 1, &t2, NULL, &delim2);
	opt.libcsv_only = 0;
	if (t1.out.len != t2.out.len ||
		memcmp(t1.out.buf, t2.out.buf, t1.out.len) != 0)
		broken("the same rows with libcsv alone",
			"trace whole == trace libcsv only", __LINE__);

	if (good > 0) {
		back.delim = delim;
		back.encoding = KCC_CSV_UTF8;
		back.no_header = 1;
		back.quiet = 1;
		check_written(text, n, &opt, &written, &back, good);
	}
	return 0;
}
