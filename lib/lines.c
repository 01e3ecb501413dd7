/*
 * Line reading for JSON lines.
 *
 * The buffer starts at 1 MiB (or the line limit, if smaller) and doubles
 * only when one line does not fit, up to the limit plus one read's worth,
 * so memory is bounded by the longest accepted line, never by the input.
 * A line that exceeds the limit is not kept: the reader reports it once and
 * discards bytes until its newline, so one bad line does not end the run.
 * Lines are found with memchr, which is as fast as the C library can make
 * it; the reader itself touches each byte only there.  The bytes come from
 * a descriptor or, through kcc_lines_open_source(), from one member of a
 * kcc_source, which reports its own errors; a plain file read that way
 * costs the same, since the source reads it with read(2) too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kcc/diag.h"
#include "kcc/lines.h"
#include "kcc/source.h"

#define INITIAL_BUF (1u << 20)

static void
start(struct kcc_lines *lr, size_t max)
{
	lr->max = max ? max : KCC_LINES_DEFAULT_MAX;
	lr->cap = lr->max + 1 < INITIAL_BUF ? lr->max + 1 : INITIAL_BUF;
	lr->buf = kcc_xmalloc(lr->cap);
	lr->first = 1;
}

int
kcc_lines_open(struct kcc_lines *lr, const char *path, size_t max)
{
	memset(lr, 0, sizeof *lr);
	if (path == NULL || strcmp(path, "-") == 0) {
		lr->fd = STDIN_FILENO;
		lr->name = "<stdin>";
	} else {
		lr->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (lr->fd < 0) {
			kcc_warn("%s", path);
			return -1;
		}
		lr->owns_fd = 1;
		lr->name = path;
	}
	start(lr, max);
	return 0;
}

int
kcc_lines_open_source(struct kcc_lines *lr, struct kcc_source *src,
	const char *name, size_t max)
{
	memset(lr, 0, sizeof *lr);
	lr->fd = -1;
	lr->src = src;
	lr->name = name ? name : kcc_source_path(src);
	start(lr, max);
	return 0;
}

/* Read more into the buffer; returns bytes read, 0 at EOF, -1 on error. */
static ssize_t
fill(struct kcc_lines *lr)
{
	ssize_t r;

	if (lr->start > 0 && lr->len > 0)
		memmove(lr->buf, lr->buf + lr->start, lr->len);
	lr->start = 0;
	if (lr->len == lr->cap) {
		size_t cap = lr->cap * 2;
		if (cap > lr->max + 1)
			cap = lr->max + 1;
		if (cap <= lr->cap)
			return -2; /* full: the line is too long */
		lr->buf = kcc_xrealloc(lr->buf, cap);
		lr->cap = cap;
	}
	if (lr->src != NULL) {
		r = kcc_source_read(lr->src, lr->buf + lr->len,
			lr->cap - lr->len);
		if (r < 0)
			return -1; /* reported by the source */
	} else {
		do
			r = read(lr->fd, lr->buf + lr->len, lr->cap - lr->len);
		while (r < 0 && errno == EINTR);
	}
	if (r < 0) {
		kcc_warn("%s: read error", lr->name);
		return -1;
	}
	if (r == 0)
		lr->eof = 1;
	lr->len += (size_t)r;
	return r;
}

static int
blank(const char *p, size_t n)
{
	while (n > 0 &&
		(p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		n--;
	return n == 0;
}

int
kcc_lines_next(struct kcc_lines *lr, const char **line, size_t *len)
{
	char *p, *nl;
	size_t scanned = 0, n;
	ssize_t r;

	if (lr->first) {
		lr->first = 0;
		while (lr->len < 3 && !lr->eof)
			if ((r = fill(lr)) == -1)
				return KCC_LINES_ERROR;
			else if (r == -2)
				break;
		if (lr->len >= 3 && memcmp(lr->buf, "\xEF\xBB\xBF", 3) == 0) {
			lr->start += 3;
			lr->len -= 3;
		}
	}
	for (;;) {
		p = lr->buf + lr->start;
		if (lr->skip) {
			/* Drop the rest of an overlong line. */
			nl = memchr(p, '\n', lr->len);
			if (nl != NULL) {
				n = (size_t)(nl - p) + 1;
				lr->start += n;
				lr->len -= n;
				lr->skip = 0;
				continue;
			}
			lr->start = lr->len = 0;
			if (lr->eof)
				return KCC_LINES_EOF;
			if (fill(lr) == -1)
				return KCC_LINES_ERROR;
			continue;
		}
		nl = memchr(p + scanned, '\n', lr->len - scanned);
		if (nl == NULL && !lr->eof) {
			scanned = lr->len;
			r = lr->len > lr->max ? -2 : fill(lr);
			if (r == -1)
				return KCC_LINES_ERROR;
			if (r == -2) {
				lr->lineno++;
				lr->skip = 1;
				lr->start = lr->len = 0;
				return KCC_LINES_TOOLONG;
			}
			continue;
		}
		if (nl == NULL) {
			if (lr->len == 0)
				return KCC_LINES_EOF;
			nl = p + lr->len; /* the last line has no newline */
			n = lr->len;
			lr->start += n;
			lr->len = 0;
		} else {
			n = (size_t)(nl - p);
			lr->start += n + 1;
			lr->len -= n + 1;
		}
		scanned = 0;
		lr->lineno++;
		if (n > lr->max)
			return KCC_LINES_TOOLONG;
		if (blank(p, n))
			continue;
		if (p[n - 1] == '\r')
			n--;
		*line = p;
		*len = n;
		return KCC_LINES_OK;
	}
}

void
kcc_lines_close(struct kcc_lines *lr)
{
	if (lr->owns_fd)
		close(lr->fd);
	lr->owns_fd = 0;
	free(lr->buf);
	lr->buf = NULL;
}
