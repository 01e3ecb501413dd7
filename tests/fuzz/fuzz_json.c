/*
 * libFuzzer target for the JSON reader, the canonical writer and the record
 * parser, checking their invariants, not only that they do not crash:
 *
 *   - errors: offset within the text, a non-empty NUL-terminated message;
 *   - kcc_json_scan_object() accepts exactly when kcc_json_validate() does
 *     and the text is an object;
 *   - canonical form is idempotent: when the text validates, the canonical
 *     output of kcc_json_write_value() validates too and canonicalises to
 *     the same bytes;
 *   - numbers: a validated number reads as a finite double, and its
 *     canonical form reads back to the same double;
 *   - decoded strings are never longer than their escaped form;
 *   - records: a line that kcc_record_parse() accepts is written by
 *     kcc_record_write() as a line that parses again and is rewritten to
 *     the same bytes.
 *
 * A broken invariant prints what broke and aborts, which libFuzzer reports
 * as a crash with the input saved.  Built by `make fuzz` (see Makefile) and
 * run by scripts/fuzz.
 */
#define _GNU_SOURCE /* memfd_create */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kcc/json.h"
#include "kcc/out.h"
#include "kcc/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what)                                                      \
	do {                                                                   \
		if (!(cond))                                                   \
			broken(what, #cond, __LINE__);                         \
	} while (0)

static void
broken(const char *what, const char *cond, int line)
{
	fprintf(stderr, "fuzz_json: invariant broken: %s (%s, line %d)\n", what,
		cond, line);
	abort();
}

/*
 * Output captured in memory: a kcc_out over a memfd, read back after a
 * flush.  Canonical output may be several times longer than its input
 * (1e15 becomes 1000000000000000), so it cannot rely on the buffer alone.
 */
struct capture {
	struct kcc_out out;
	char *buf;
	size_t len, cap;
};

static void
capture_init(struct capture *c)
{
	int fd = memfd_create("fuzz_json", 0);

	CHECK(fd >= 0, "memfd_create");
	kcc_out_init_stdout(&c->out);
	c->out.fd = fd;
	c->buf = NULL;
	c->len = c->cap = 0;
}

static void
capture_reset(struct capture *c)
{
	c->out.len = 0;
	c->out.err = 0;
	CHECK(ftruncate(c->out.fd, 0) == 0, "ftruncate");
	CHECK(lseek(c->out.fd, 0, SEEK_SET) == 0, "lseek");
}

/* Flush and read back everything written since the reset. */
static void
capture_take(struct capture *c)
{
	off_t end;
	ssize_t r;

	CHECK(kcc_out_flush(&c->out) == KCC_OUT_OK, "write to memfd");
	end = lseek(c->out.fd, 0, SEEK_CUR);
	CHECK(end >= 0, "lseek");
	if ((size_t)end + 1 > c->cap) {
		c->cap = (size_t)end + 1;
		c->buf = realloc(c->buf, c->cap);
		CHECK(c->buf != NULL, "realloc");
	}
	c->len = 0;
	while (c->len < (size_t)end) {
		r = pread(c->out.fd, c->buf + c->len, (size_t)end - c->len,
			(off_t)c->len);
		CHECK(r > 0, "pread");
		c->len += (size_t)r;
	}
}

static struct capture cap1, cap2, rec1, rec2;
static struct kcc_json_scan scan;
static struct kcc_record record;
/* Buffers for {"v":<text>}: values found there point into them. */
struct wrap {
	char *p;
	size_t cap;
};
static struct wrap wrap_in, wrap_canon, wrap_num;
static char *decoded;
static size_t decoded_cap;

static void
setup(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	capture_init(&cap1);
	capture_init(&cap2);
	capture_init(&rec1);
	capture_init(&rec2);
	kcc_json_scan_init(&scan);
	kcc_record_init(&record);
}

static void
check_error(const struct kcc_json_error *err, size_t n)
{
	CHECK(err->offset <= n, "error offset within the text");
	CHECK(memchr(err->msg, '\0', sizeof err->msg) != NULL,
		"error message NUL-terminated");
	CHECK(err->msg[0] != '\0', "error message non-empty");
}

/* Index of the first byte of p[0..n) that is not JSON whitespace. */
static size_t
skip_ws(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n &&
		(p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	return i;
}

/* Deepest nesting of a validated text (strings skipped). */
static size_t
depth_of(const char *p, size_t n)
{
	size_t i, d = 0, max = 0;
	int in_str = 0;

	for (i = 0; i < n; i++) {
		if (in_str) {
			if (p[i] == '\\')
				i++;
			else if (p[i] == '"')
				in_str = 0;
		} else if (p[i] == '"') {
			in_str = 1;
		} else if (p[i] == '[' || p[i] == '{') {
			if (++d > max)
				max = d;
		} else if (p[i] == ']' || p[i] == '}') {
			d--;
		}
	}
	return max;
}

/*
 * The value of the JSON text p[0..n): scanned as the member of
 * {"v":<text>} in w, the scanner's only way to hand out an arbitrary value.
 * Returns 0, or -1 when the wrapping was refused (one level too deep).
 */
static int
value_of(struct wrap *w, const char *p, size_t n, struct kcc_json_value *v)
{
	struct kcc_json_error err;

	if (n + 7 > w->cap) {
		w->cap = n + 7;
		w->p = realloc(w->p, w->cap);
		CHECK(w->p != NULL, "realloc");
	}
	memcpy(w->p, "{\"v\":", 5);
	memcpy(w->p + 5, p, n);
	w->p[5 + n] = '}';
	if (kcc_json_scan_object(&scan, w->p, n + 6, &err) != 0) {
		check_error(&err, n + 6);
		return -1;
	}
	CHECK(scan.n == 1, "one member in the wrapper");
	*v = scan.members[0].value;
	return 0;
}

static void
check_string(const struct kcc_json_value *v)
{
	size_t len;

	if (v->n + 1 > decoded_cap) {
		decoded_cap = v->n + 1;
		decoded = realloc(decoded, decoded_cap);
		CHECK(decoded != NULL, "realloc");
	}
	len = kcc_json_str_decode(v->p, v->n, decoded);
	CHECK(len <= v->n, "decoded string no longer than escaped");
	if (!(v->flags & KCC_JSON_ESCAPED))
		CHECK(len == v->n && memcmp(decoded, v->p, len) == 0,
			"unescaped string decodes to itself");
}

static void
check_number(const struct kcc_json_value *v)
{
	struct kcc_json_error err;
	struct kcc_json_value w;
	char buf[64];
	double x, y;
	size_t len;

	CHECK(kcc_json_num(v->p, v->n, &x) == 0,
		"a validated number fits a double");
	CHECK(isfinite(x), "a validated number is finite");
	len = kcc_json_format_num(x, buf);
	CHECK(len > 0 && len < 32, "kcc_json_format_num length");
	CHECK(kcc_json_validate(buf, len, &err) == 0,
		"canonical number validates");
	CHECK(value_of(&wrap_num, buf, len, &w) == 0, "canonical number scans");
	CHECK(w.type == KCC_JSON_NUMBER, "canonical number is a number");
	CHECK(kcc_json_num(w.p, w.n, &y) == 0 && y == x,
		"canonical number reads back to the same double");
}

static void
fuzz_json(const char *p, size_t n)
{
	struct kcc_json_error err;
	struct kcc_json_value v, v2;
	size_t i, first;
	int valid, object;

	memset(&err, 0, sizeof err);
	valid = kcc_json_validate(p, n, &err) == 0;
	if (!valid)
		check_error(&err, n);

	/* scan_object agrees with validate on objects, refuses the rest. */
	first = skip_ws(p, n);
	memset(&err, 0, sizeof err);
	object = kcc_json_scan_object(&scan, p, n, &err) == 0;
	if (object) {
		CHECK(valid, "scan_object accepts only valid JSON");
		CHECK(first < n && p[first] == '{', "scan_object: an object");
		for (i = 0; i < scan.n; i++) {
			CHECK(scan.members[i].key.type == KCC_JSON_STRING,
				"member keys are strings");
			check_string(&scan.members[i].key);
		}
	} else {
		check_error(&err, n);
		CHECK(!valid || first >= n || p[first] != '{',
			"scan_object accepts every valid object");
	}
	if (!valid)
		return;

	if (value_of(&wrap_in, p, n, &v) != 0) {
		CHECK(depth_of(p, n) >= KCC_JSON_MAX_DEPTH,
			"wrapping a valid value fails only on depth");
		return;
	}
	if (v.type == KCC_JSON_NUMBER)
		check_number(&v);
	if (v.type == KCC_JSON_STRING)
		check_string(&v);

	/* Canonical output validates and is a fixed point. */
	capture_reset(&cap1);
	kcc_json_write_value(&cap1.out, &v);
	capture_take(&cap1);
	memset(&err, 0, sizeof err);
	if (kcc_json_validate(cap1.buf, cap1.len, &err) != 0) {
		fprintf(stderr, "canonical: %.*s\nerror at %zu: %s\n",
			(int)(cap1.len > 500 ? 500 : cap1.len), cap1.buf,
			err.offset, err.msg);
		broken("canonical output validates", "validate", __LINE__);
	}
	CHECK(value_of(&wrap_canon, cap1.buf, cap1.len, &v2) == 0,
		"canonical output scans");
	CHECK(v2.type == v.type, "canonical output keeps the type");
	capture_reset(&cap2);
	kcc_json_write_value(&cap2.out, &v2);
	capture_take(&cap2);
	if (cap1.len != cap2.len || memcmp(cap1.buf, cap2.buf, cap1.len)) {
		fprintf(stderr, "once:  %.*s\ntwice: %.*s\n",
			(int)(cap1.len > 500 ? 500 : cap1.len), cap1.buf,
			(int)(cap2.len > 500 ? 500 : cap2.len), cap2.buf);
		broken("canonical form is idempotent", "once == twice",
			__LINE__);
	}
}

static void
fuzz_record(const char *p, size_t n)
{
	struct kcc_json_error err;
	char *line;

	memset(&err, 0, sizeof err);
	if (kcc_record_parse(&record, p, n, &err) != 0) {
		check_error(&err, n);
		return;
	}
	capture_reset(&rec1);
	kcc_record_write(&record, &rec1.out);
	capture_take(&rec1);
	CHECK(rec1.len > 0 && rec1.buf[rec1.len - 1] == '\n',
		"a written record ends with a newline");
	CHECK(memchr(rec1.buf, '\n', rec1.len - 1) == NULL,
		"a written record is one line");

	/* The record borrows its line: parse a copy of the output. */
	line = malloc(rec1.len);
	CHECK(line != NULL, "malloc");
	memcpy(line, rec1.buf, rec1.len - 1);
	memset(&err, 0, sizeof err);
	if (kcc_record_parse(&record, line, rec1.len - 1, &err) != 0) {
		fprintf(stderr, "written: %.*s\nerror at %zu: %s\n",
			(int)(rec1.len - 1), line, err.offset, err.msg);
		broken("a written record parses again", "parse", __LINE__);
	}
	capture_reset(&rec2);
	kcc_record_write(&record, &rec2.out);
	capture_take(&rec2);
	if (rec1.len != rec2.len || memcmp(rec1.buf, rec2.buf, rec1.len)) {
		fprintf(stderr, "once:  %.*stwice: %.*s", (int)rec1.len,
			rec1.buf, (int)rec2.len, rec2.buf);
		broken("record canonical form is idempotent", "once == twice",
			__LINE__);
	}
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	fuzz_json((const char *)data, size);
	fuzz_record((const char *)data, size);
	return 0;
}
