/*
 * json-diff: check kcc's JSON reader against libjq's parser.
 *
 * usage: json-diff [-lv] [-k known] file ...
 *
 * Each file is one JSON text, or with -l a file of JSON lines (blank lines
 * skipped), each line one text named "file:line".  Names are the files'
 * base names.  For every text:
 *
 *   - kcc_json_validate() must accept it exactly when jv_parse_sized()
 *     does, unless its name is listed in the `known` file: a known
 *     deviation of libjq 1.6.  That file has one "NAME accepts" (libjq
 *     accepts what kcc rejects) or "NAME rejects" (the other way round)
 *     a line, and '#' comments;
 *   - when both accept, kcc's canonical re-serialisation (members listed
 *     by kcc_json_scan_object() and written with kcc_json_write_value())
 *     must be valid for kcc, be its own canonical form, and read under
 *     libjq to a value jv_equal() to libjq's reading of the original.
 *
 * Prints "known NAME: ..." for each listed deviation seen, "DIFF NAME:
 * ..." for each unlisted disagreement or failed round trip, "stale NAME:
 * ..." for a listed name that was checked and showed no deviation, then
 * one summary line.  Exit status 0 when there was no DIFF and nothing
 * stale, 1 otherwise, 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jv.h>

#include "kcc/diag.h"
#include "kcc/json.h"
#include "kcc/lines.h"
#include "kcc/out.h"

/*
 * libjq 1.6 leaks a string when its parser meets a second string where it
 * wanted a ':' or ',' ('{"a" "b"}', '"a" "b"'), and three JSONTestSuite
 * files do that.  libjq is built without frame pointers, so LeakSanitizer
 * (make sanitize) sees no more of such a stack than libjq's allocator, and
 * unwinding the slow way costs this program ten times its run time.  So
 * leaks of memory that libjq allocated are not reported here.  This
 * program's own jv handling was checked with valgrind (only those three
 * leaks, all inside jv_parser_next()); lib/jq.c's is checked by t_jq,
 * which runs under LeakSanitizer without this exception.
 */
const char *__lsan_default_options(void);
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_options(void)
{
	return "print_suppressions=0";
}

const char *
__lsan_default_suppressions(void)
{
	return "leak:libjq.so\n";
}

static const char usage[] = "json-diff [-lv] [-k known] file ...";

struct known {
	char *name;
	int jq_accepts; /* the listed direction */
	int state;      /* 0 not seen, 1 deviated, 2 agreed */
};

struct diff {
	struct kcc_out report;
	struct kcc_out canon; /* canonical texts, into an unlinked file */
	int canon_rfd;
	off_t canon_done;
	struct kcc_json_scan scan;
	char *copy, *wrap, *text, *again; /* scratch, grown as needed */
	size_t copy_cap, wrap_cap, text_cap, again_cap;
	struct known *known;
	size_t nknown;
	int verbose;
	unsigned long texts, both_accept, both_reject, deviations, diffs;
};

static void
reserve(char **buf, size_t *cap, size_t n)
{
	if (*cap >= n)
		return;
	*cap = n < 4096 ? 4096 : n;
	*buf = kcc_xrealloc(*buf, *cap);
}

static struct known *
find_known(struct diff *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nknown; i++)
		if (strcmp(d->known[i].name, name) == 0)
			return &d->known[i];
	return NULL;
}

static void
load_known(struct diff *d, const char *path)
{
	struct kcc_lines lr;
	const char *line, *sp, *verdict;
	size_t len, vlen;
	int rc;

	if (kcc_lines_open(&lr, path, KCC_LINES_DEFAULT_MAX) < 0)
		exit(KCC_EXIT_USAGE);
	while ((rc = kcc_lines_next(&lr, &line, &len)) == KCC_LINES_OK) {
		if (line[0] == '#')
			continue;
		sp = memchr(line, ' ', len);
		verdict = sp ? sp + 1 : line + len;
		vlen = (size_t)(line + len - verdict);
		while (vlen > 0 &&
			(verdict[vlen - 1] == ' ' || verdict[vlen - 1] == '\t'))
			vlen--;
		if (sp == NULL || sp == line ||
			!((vlen == 7 && memcmp(verdict, "accepts", 7) == 0) ||
				(vlen == 7 &&
					memcmp(verdict, "rejects", 7) == 0)))
			kcc_errx(KCC_EXIT_USAGE,
				"%s:%lu: expected 'NAME accepts' "
				"or 'NAME rejects'",
				path, lr.lineno);
		d->known = kcc_xrealloc(d->known,
			(d->nknown + 1) * sizeof(*d->known));
		d->known[d->nknown].name =
			kcc_xstrndup(line, (size_t)(sp - line));
		d->known[d->nknown].jq_accepts = verdict[0] == 'a';
		d->known[d->nknown].state = 0;
		d->nknown++;
	}
	kcc_lines_close(&lr);
	if (rc != KCC_LINES_EOF)
		exit(KCC_EXIT_DATA);
}

/* Open the scratch file that canonical texts are written to. */
static void
open_canon(struct diff *d)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if (snprintf(path, sizeof(path), "%s/json-diff.XXXXXX", dir) >=
		(int)sizeof(path))
		kcc_errx(KCC_EXIT_DATA, "TMPDIR too long");
	if ((fd = mkstemp(path)) < 0)
		kcc_err(KCC_EXIT_DATA, "%s", path);
	close(fd);
	if (kcc_out_open(&d->canon, path) < 0)
		exit(KCC_EXIT_DATA);
	if ((d->canon_rfd = open(path, O_RDONLY)) < 0)
		kcc_err(KCC_EXIT_DATA, "%s", path);
	unlink(path);
	d->canon_done = 0;
}

/*
 * Read back what was written to d->canon since the last call into *buf,
 * NUL-terminated; returns its length.
 */
static size_t
take_canon(struct diff *d, char **buf, size_t *cap)
{
	struct stat st;
	size_t len, got = 0;
	ssize_t r;

	if (kcc_out_flush(&d->canon) != KCC_OUT_OK)
		kcc_errx(KCC_EXIT_DATA, "cannot write the scratch file");
	if (fstat(d->canon.fd, &st) < 0)
		kcc_err(KCC_EXIT_DATA, "scratch file");
	len = (size_t)(st.st_size - d->canon_done);
	reserve(buf, cap, len + 1);
	while (got < len) {
		r = pread(d->canon_rfd, *buf + got, len - got,
			d->canon_done + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			kcc_err(KCC_EXIT_DATA, "scratch file");
		got += (size_t)r;
	}
	(*buf)[len] = '\0';
	d->canon_done = st.st_size;
	return len;
}

/*
 * Write p[0..n) (valid for kcc) in canonical form to d->canon.  An object
 * goes through kcc_json_scan_object() member by member; any other value
 * is wrapped as {"v":...} to be listed.  Returns 0, or -1 with *err set.
 */
static int
write_canon(struct diff *d, const char *p, size_t n, struct kcc_json_error *err)
{
	const struct kcc_json_member *m;
	size_t i, k;

	for (k = 0; k < n && strchr(" \t\r\n", p[k]) != NULL; k++)
		;
	if (k < n && p[k] == '{') {
		if (kcc_json_scan_object(&d->scan, p, n, err) < 0)
			return -1;
		kcc_out_putc(&d->canon, '{');
		for (i = 0; i < d->scan.n; i++) {
			m = &d->scan.members[i];
			if (i > 0)
				kcc_out_putc(&d->canon, ',');
			kcc_json_write_value(&d->canon, &m->key);
			kcc_out_putc(&d->canon, ':');
			kcc_json_write_value(&d->canon, &m->value);
		}
		kcc_out_putc(&d->canon, '}');
		return 0;
	}
	reserve(&d->wrap, &d->wrap_cap, n + 6);
	memcpy(d->wrap, "{\"v\":", 5);
	memcpy(d->wrap + 5, p, n);
	d->wrap[n + 5] = '}';
	if (kcc_json_scan_object(&d->scan, d->wrap, n + 6, err) < 0)
		return -1;
	if (d->scan.n != 1) {
		snprintf(err->msg, sizeof(err->msg), "wrapped: %zu members",
			d->scan.n);
		return -1;
	}
	kcc_json_write_value(&d->canon, &d->scan.members[0].value);
	return 0;
}

static void report(struct diff *d, const char *kind, const char *name,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
report(struct diff *d, const char *kind, const char *name, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kcc_out_printf(&d->report, "%s %s: %s\n", kind, name, msg);
}

/* libjq's message for an invalid value (consumed), shortened. */
static void
jq_reason(jv v, char *buf, size_t size)
{
	jv msg = jv_invalid_get_msg(v);
	const char *s, *cut;

	if (jv_get_kind(msg) != JV_KIND_STRING) {
		snprintf(buf, size, "no value");
	} else {
		s = jv_string_value(msg);
		cut = strstr(s, " (while parsing");
		snprintf(buf, size, "%.*s",
			(int)(cut ? (size_t)(cut - s) : strlen(s)), s);
	}
	jv_free(msg);
}

/* Both accepted p[0..n), which libjq read as `orig` (borrowed). */
static void
round_trip(struct diff *d, const char *name, const char *p, size_t n, jv orig)
{
	struct kcc_json_error err;
	size_t len, len2;
	jv back;

	if (write_canon(d, p, n, &err) < 0) {
		take_canon(d, &d->text, &d->text_cap);
		report(d, "DIFF", name, "kcc cannot list what it accepted: %s",
			err.msg);
		d->diffs++;
		return;
	}
	len = take_canon(d, &d->text, &d->text_cap);
	if (kcc_json_validate(d->text, len, &err) < 0) {
		report(d, "DIFF", name, "kcc rejects its canonical form: %s",
			err.msg);
		d->diffs++;
		return;
	}
	if (write_canon(d, d->text, len, &err) < 0) {
		take_canon(d, &d->again, &d->again_cap);
		report(d, "DIFF", name, "kcc cannot list its canonical form");
		d->diffs++;
		return;
	}
	len2 = take_canon(d, &d->again, &d->again_cap);
	if (len2 != len || memcmp(d->text, d->again, len) != 0) {
		report(d, "DIFF", name,
			"canonical form not stable: '%.200s' "
			"became '%.200s'",
			d->text, d->again);
		d->diffs++;
		return;
	}
	if (len > 0x7fffffff) {
		report(d, "DIFF", name, "canonical form too long for libjq");
		d->diffs++;
		return;
	}
	back = jv_parse_sized(d->text, (int)len);
	if (!jv_is_valid(back)) {
		jq_reason(back, err.msg, sizeof(err.msg));
		report(d, "DIFF", name,
			"libjq rejects kcc's canonical form "
			"'%.200s': %s",
			d->text, err.msg);
		d->diffs++;
		return;
	}
	if (!jv_equal(jv_copy(orig), back)) {
		report(d, "DIFF", name,
			"libjq reads kcc's canonical form "
			"'%.200s' as a different value",
			d->text);
		d->diffs++;
		return;
	}
	d->both_accept++;
	if (d->verbose)
		report(d, "ok", name, "both accept; canonical '%.200s'",
			d->text);
}

static void
check(struct diff *d, const char *name, const char *p, size_t n)
{
	struct kcc_json_error err;
	struct known *k = find_known(d, name);
	char why[200];
	int kcc_ok, jq_ok;
	jv v;

	d->texts++;
	err.msg[0] = '\0';
	kcc_ok = kcc_json_validate(p, n, &err) == 0;
	if (n > 0x7fffffff) {
		report(d, "DIFF", name, "too long for libjq");
		d->diffs++;
		return;
	}
	/*
	 * jq 1.6's jv_parse_sized() quotes its input with "%s" in an error
	 * message, so it must be NUL-terminated.
	 */
	reserve(&d->copy, &d->copy_cap, n + 1);
	memcpy(d->copy, p, n);
	d->copy[n] = '\0';
	v = jv_parse_sized(d->copy, (int)n);
	jq_ok = jv_is_valid(v);
	why[0] = '\0';
	if (!jq_ok)
		jq_reason(jv_copy(v), why, sizeof(why));

	if (kcc_ok != jq_ok) {
		if (k != NULL && k->jq_accepts == jq_ok) {
			k->state = 1;
			d->deviations++;
			report(d, "known", name, "libjq 1.6 %s",
				jq_ok ? "accepts what kcc rejects"
				      : "rejects what kcc accepts");
		} else {
			d->diffs++;
			if (jq_ok)
				report(d, "DIFF", name,
					"libjq accepts, kcc "
					"rejects: %s",
					err.msg);
			else
				report(d, "DIFF", name,
					"kcc accepts, libjq "
					"rejects: %s",
					why);
		}
		jv_free(v);
		return;
	}
	if (k != NULL && k->state == 0)
		k->state = 2;
	if (!kcc_ok) {
		d->both_reject++;
		if (d->verbose)
			report(d, "ok", name, "both reject: kcc: %s; libjq: %s",
				err.msg, why);
	} else {
		round_trip(d, name, p, n, v);
	}
	jv_free(v);
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int
check_file(struct diff *d, const char *path)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0) {
		kcc_warn("%s", path);
		return -1;
	}
	for (;;) {
		reserve(&buf, &cap, len + 65536);
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			kcc_warn("%s", path);
			close(fd);
			free(buf);
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == cap)
			reserve(&buf, &cap, cap * 2);
	}
	close(fd);
	check(d, base_name(path), buf, len);
	free(buf);
	return 0;
}

static int
check_lines(struct diff *d, const char *path)
{
	struct kcc_lines lr;
	const char *line;
	char name[4096];
	size_t len;
	int rc;

	if (kcc_lines_open(&lr, path, KCC_LINES_DEFAULT_MAX) < 0)
		return -1;
	while ((rc = kcc_lines_next(&lr, &line, &len)) != KCC_LINES_EOF) {
		if (rc == KCC_LINES_ERROR)
			break;
		snprintf(name, sizeof(name), "%s:%lu", base_name(path),
			lr.lineno);
		if (rc == KCC_LINES_TOOLONG) {
			report(d, "DIFF", name, "line too long to check");
			d->diffs++;
			continue;
		}
		check(d, name, line, len);
	}
	kcc_lines_close(&lr);
	return rc == KCC_LINES_ERROR ? -1 : 0;
}

int
main(int argc, char *argv[])
{
	struct diff d;
	const char *known = NULL;
	size_t i;
	int c, lines = 0, failed = 0, stale = 0;

	kcc_diag_init(argv[0]);
	memset(&d, 0, sizeof(d));
	while ((c = getopt(argc, argv, "hk:lv")) != -1) {
		switch (c) {
		case 'h':
			printf("usage: %s\n", usage);
			return 0;
		case 'k':
			known = optarg;
			break;
		case 'l':
			lines = 1;
			break;
		case 'v':
			d.verbose = 1;
			break;
		default:
			kcc_usage_exit(usage);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		kcc_usage_exit(usage);
	if (known != NULL)
		load_known(&d, known);
	kcc_out_init_stdout(&d.report);
	open_canon(&d);
	kcc_json_scan_init(&d.scan);

	for (c = 0; c < argc; c++)
		if ((lines ? check_lines(&d, argv[c])
			   : check_file(&d, argv[c])) < 0)
			failed = 1;
	for (i = 0; i < d.nknown; i++) {
		if (d.known[i].state == 2) {
			report(&d, "stale", d.known[i].name,
				"listed as a known deviation, but libjq and "
				"kcc agree");
			stale++;
		}
		free(d.known[i].name);
	}
	kcc_out_printf(&d.report,
		"%lu texts: %lu both accept, %lu both reject, %lu known "
		"deviations, %lu differences%s\n",
		d.texts, d.both_accept, d.both_reject, d.deviations, d.diffs,
		stale ? ", stale known list" : "");

	kcc_json_scan_release(&d.scan);
	free(d.known);
	free(d.copy);
	free(d.wrap);
	free(d.text);
	free(d.again);
	close(d.canon_rfd);
	if (kcc_out_close(&d.canon) != KCC_OUT_OK)
		failed = 1;
	if (kcc_out_close(&d.report) != KCC_OUT_OK)
		failed = 1;
	return failed || d.diffs > 0 || stale > 0 ? KCC_EXIT_DATA : KCC_EXIT_OK;
}
