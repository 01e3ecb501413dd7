/*
 * A line reader for JSON-lines input.
 *
 * Reads a file descriptor, or one member of a kcc_source, through one
 * buffer that grows up to the maximum line length and never beyond, and
 * hands out each line as a span into that buffer, without its newline or
 * a trailing CR.  Blank lines (only spaces, tabs and CR) are skipped but
 * counted, so line numbers are the file's own.  A UTF-8 byte order mark
 * at the start of the file is skipped.
 */
#ifndef KCC_LINES_H
#define KCC_LINES_H

#include <stddef.h>

struct kcc_source;

/* Default and largest accepted maximum line length. */
#define KCC_LINES_DEFAULT_MAX (16u << 20)
#define KCC_LINES_LIMIT       ((size_t)1 << 30)

enum {
	KCC_LINES_EOF = 0,
	KCC_LINES_OK = 1,
	KCC_LINES_ERROR = -1,   /* read error, reported; stop */
	KCC_LINES_TOOLONG = -2, /* line over the limit, skipped; go on */
};

struct kcc_lines {
	const char *name;     /* for messages: the path or "<stdin>" */
	unsigned long lineno; /* 1-based number of the line last returned */
	size_t max;           /* maximum line length in bytes */
	int fd, owns_fd, eof;
	struct kcc_source *src; /* read from this instead of fd, if set */
	char *buf;
	size_t cap, start, len; /* buffered bytes are buf[start, start+len) */
	size_t skip;            /* bytes of an overlong line still to drop */
	int first;              /* nothing read yet: check for a BOM */
};

/*
 * Open `path` ("-" or NULL: standard input) for reading lines of at most
 * `max` bytes.  On failure prints "prog: path: strerror" and returns -1.
 */
int kcc_lines_open(struct kcc_lines *lr, const char *path, size_t max);

/*
 * Read lines of at most `max` bytes from the current member of `src`
 * (borrowed; see kcc/source.h), up to the member's end.  `name` (borrowed,
 * NULL: the source's path) is what messages and lr->name call the input.
 * Read errors are reported by the source.  Cannot fail; returns 0.
 */
int kcc_lines_open_source(struct kcc_lines *lr, struct kcc_source *src,
	const char *name, size_t max);

/*
 * The next non-blank line.  Returns KCC_LINES_OK with *line and *len set
 * (borrowed until the next call), KCC_LINES_EOF at the end,
 * KCC_LINES_TOOLONG when the line at lr->lineno is longer than lr->max
 * (nothing reported; the line is skipped and reading can go on), or
 * KCC_LINES_ERROR after reporting a read error.
 */
int kcc_lines_next(struct kcc_lines *lr, const char **line, size_t *len);

/* Close the descriptor if owned and free the buffer; a source stays open. */
void kcc_lines_close(struct kcc_lines *lr);

#endif
