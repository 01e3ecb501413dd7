/*
 * A minimal TAP producer for unit tests: plan as you go, print diagnostics
 * for failures, exit non-zero when anything failed.  Header-only so each
 * t_<module>.c is one translation unit.
 */
#ifndef KCC_TAP_H
#define KCC_TAP_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), unused));

#include <stdarg.h>
static int
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

/* String equality, both may be NULL. */
#define is_str(got, want, ...)                                                 \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		int c_ = (g_ == NULL || w_ == NULL) ? g_ == w_                 \
						    : strcmp(g_, w_) == 0;     \
		if (!tap_ok(c_, __FILE__, __LINE__, __VA_ARGS__))              \
			printf("#   got:  '%s'\n#   want: '%s'\n",             \
				g_ ? g_ : "(null)", w_ ? w_ : "(null)");       \
	} while (0)

#define is_int(got, want, ...)                                                 \
	do {                                                                   \
		long long g_ = (long long)(got), w_ = (long long)(want);       \
		if (!tap_ok(g_ == w_, __FILE__, __LINE__, __VA_ARGS__))        \
			printf("#   got:  %lld\n#   want: %lld\n", g_, w_);    \
	} while (0)

/* |got - want| <= tol */
#define is_num(got, want, tol, ...)                                            \
	do {                                                                   \
		double g_ = (got), w_ = (want);                                \
		if (!tap_ok(fabs(g_ - w_) <= (tol), __FILE__, __LINE__,        \
			    __VA_ARGS__))                                      \
			printf("#   got:  %.17g\n#   want: %.17g\n", g_, w_);  \
	} while (0)

static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
