/*
 * Diagnostics, exit status, allocation and option parsing shared by every
 * kcc command.
 *
 * Messages have one shape: "prog: where: problem", where "where" is
 * "file:line" (1-based, "<stdin>" for standard input) when the problem has a
 * place in the input.  The problem is lowercase, without a final period,
 * with user values in single quotes.
 */
#ifndef KCC_DIAG_H
#define KCC_DIAG_H

#include <stddef.h>
#include <stdarg.h>

/* Exit status of every command. */
enum {
	KCC_EXIT_OK = 0,   /* success */
	KCC_EXIT_DATA = 1, /* data or I/O failure after options were accepted */
	KCC_EXIT_USAGE = 2, /* bad command line */
};

/* Set the program name used in messages (the basename of argv0). */
void kcc_diag_init(const char *argv0);

/* The program name set by kcc_diag_init(), "kcc" before that. */
const char *kcc_prog(void);

/* "prog: msg" on stderr. */
void kcc_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: msg: strerror(errno)" on stderr. */
void kcc_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: file:line: msg" on stderr; line 0 leaves it out. */
void kcc_warnl(const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kcc_vwarnl(const char *file, unsigned long line, const char *fmt,
	va_list ap) __attribute__((format(printf, 3, 0)));
/* As kcc_warnx / kcc_warn, then exit(status). */
_Noreturn void kcc_errx(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
_Noreturn void kcc_err(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Allocation that cannot fail: on out-of-memory, a message and exit 1. */
void *kcc_xmalloc(size_t n);
void *kcc_xcalloc(size_t count, size_t n);
void *kcc_xrealloc(void *p, size_t n);
char *kcc_xstrdup(const char *s);
char *kcc_xstrndup(const char *s, size_t n);

/*
 * Parse a whole decimal integer for option `opt` (its name as the user wrote
 * it, e.g. "--max-line") into *out, within [min, max].  On error prints
 * "prog: option 'opt': ..." and returns -1; the caller exits 2.
 */
int kcc_parse_ll(const char *opt, const char *s, long long min, long long max,
	long long *out);

/*
 * Parse a byte size with an optional binary suffix K, M or G (KiB, MiB, GiB;
 * "64M", "1048576") into *out, within [min, max].  Errors as kcc_parse_ll.
 */
int kcc_parse_size(const char *opt, const char *s, size_t min, size_t max,
	size_t *out);

/* Print "usage: ..." (the text, which may span lines) on stderr, exit 2. */
_Noreturn void kcc_usage_exit(const char *usage);

/* Print "usage: ..." on stdout and exit 0 (1 when it cannot be written). */
_Noreturn void kcc_help_exit(const char *usage);

/* Print "prog version" on stdout and exit 0. */
_Noreturn void kcc_version_exit(void);

#endif
