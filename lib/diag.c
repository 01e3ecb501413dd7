/*
 * Diagnostics and small helpers every command shares.
 *
 * The program name is process-global because messages are: there is one
 * stderr.  Nothing here buffers; each message is formatted into one buffer
 * and written with a single fputs so that lines from a command and its
 * neighbours in a pipeline do not interleave mid-line.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/diag.h"

static const char *prog = "kcc";

void
kcc_diag_init(const char *argv0)
{
	const char *slash;

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	prog = slash ? slash + 1 : argv0;
}

const char *
kcc_prog(void)
{
	return prog;
}

static void emit(const char *file, unsigned long line, const char *fmt,
	va_list ap, int errnum) __attribute__((format(printf, 3, 0)));

static void
emit(const char *file, unsigned long line, const char *fmt, va_list ap,
	int errnum)
{
	char msg[4096];
	size_t n;
	int r;

	r = snprintf(msg, sizeof msg, "%s: ", prog);
	n = r < 0 ? 0 : (size_t)r;
	if (file != NULL && n < sizeof msg) {
		if (line > 0)
			r = snprintf(msg + n, sizeof msg - n, "%s:%lu: ", file,
				line);
		else
			r = snprintf(msg + n, sizeof msg - n, "%s: ", file);
		n += r < 0 ? 0 : (size_t)r;
	}
	if (n < sizeof msg) {
		r = vsnprintf(msg + n, sizeof msg - n, fmt, ap);
		n += r < 0 ? 0 : (size_t)r;
	}
	if (errnum != 0 && n < sizeof msg) {
		r = snprintf(msg + n, sizeof msg - n, ": %s", strerror(errnum));
		n += r < 0 ? 0 : (size_t)r;
	}
	if (n >= sizeof msg - 1)
		n = sizeof msg - 2;
	msg[n] = '\n';
	msg[n + 1] = '\0';
	fputs(msg, stderr);
}

void
kcc_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, 0, fmt, ap, 0);
	va_end(ap);
}

void
kcc_warn(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	emit(NULL, 0, fmt, ap, e);
	va_end(ap);
}

void
kcc_vwarnl(const char *file, unsigned long line, const char *fmt, va_list ap)
{
	emit(file, line, fmt, ap, 0);
}

void
kcc_warnl(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(file, line, fmt, ap, 0);
	va_end(ap);
}

void
kcc_errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, 0, fmt, ap, 0);
	va_end(ap);
	exit(status);
}

void
kcc_err(int status, const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	emit(NULL, 0, fmt, ap, e);
	va_end(ap);
	exit(status);
}

static _Noreturn void
oom(size_t n)
{
	kcc_errx(KCC_EXIT_DATA, "out of memory allocating %zu bytes", n);
}

void *
kcc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
kcc_xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);

	if (p == NULL)
		oom(count * n);
	return p;
}

void *
kcc_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

char *
kcc_xstrdup(const char *s)
{
	return kcc_xstrndup(s, strlen(s));
}

char *
kcc_xstrndup(const char *s, size_t n)
{
	char *p = kcc_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int
kcc_parse_ll(const char *opt, const char *s, long long min, long long max,
	long long *out)
{
	char *end;
	long long v;

	errno = 0;
	if (*s == '\0' || *s == ' ' || *s == '\t') {
		kcc_warnx("option '%s': '%s' is not a number", opt, s);
		return -1;
	}
	v = strtoll(s, &end, 10);
	if (*end != '\0') {
		kcc_warnx("option '%s': '%s' is not a number", opt, s);
		return -1;
	}
	if (errno == ERANGE || v < min || v > max) {
		kcc_warnx("option '%s': '%s' is out of range %lld..%lld", opt,
			s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
kcc_parse_size(const char *opt, const char *s, size_t min, size_t max,
	size_t *out)
{
	char *end;
	unsigned long long v, mult = 1;

	errno = 0;
	if (*s < '0' || *s > '9') {
		kcc_warnx("option '%s': '%s' is not a size", opt, s);
		return -1;
	}
	v = strtoull(s, &end, 10);
	switch (*end) {
	case 'k':
	case 'K':
		mult = 1ULL << 10;
		end++;
		break;
	case 'm':
	case 'M':
		mult = 1ULL << 20;
		end++;
		break;
	case 'g':
	case 'G':
		mult = 1ULL << 30;
		end++;
		break;
	}
	if (*end != '\0') {
		kcc_warnx("option '%s': '%s' is not a size (use K, M or G)",
			opt, s);
		return -1;
	}
	if (errno == ERANGE || v > ULLONG_MAX / mult || v * mult < min ||
		v * mult > max) {
		kcc_warnx("option '%s': '%s' is out of range %zu..%zu bytes",
			opt, s, min, max);
		return -1;
	}
	*out = (size_t)(v * mult);
	return 0;
}

void
kcc_usage_exit(const char *usage)
{
	fprintf(stderr, "usage: %s", usage);
	exit(KCC_EXIT_USAGE);
}

void
kcc_help_exit(const char *usage)
{
	printf("usage: %s", usage);
	if (fflush(stdout) != 0 || ferror(stdout))
		kcc_err(KCC_EXIT_DATA, "<stdout>: write error");
	exit(KCC_EXIT_OK);
}

void
kcc_version_exit(void)
{
	printf("%s %s\n", prog, KCC_VERSION);
	if (fflush(stdout) != 0 || ferror(stdout))
		kcc_err(KCC_EXIT_DATA, "<stdout>: write error");
	exit(KCC_EXIT_OK);
}
