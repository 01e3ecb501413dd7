/*
 * Buffered, checked output.
 *
 * The buffer is large (256 KiB) so that a record stream costs one write(2)
 * per few hundred records.  Errors are sticky: after the first failed write
 * nothing more is written, and kcc_out_close() reports it once.  EPIPE is
 * kept apart because a reader that stopped early is not a failure of ours.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kcc/diag.h"
#include "kcc/out.h"

static void
init(struct kcc_out *out, int fd, const char *name, int owns)
{
	out->fd = fd;
	out->err = 0;
	out->owns_fd = owns;
	out->name = kcc_xstrdup(name);
	out->len = 0;
	out->cap = KCC_OUT_BUFSIZE;
	out->buf = kcc_xmalloc(out->cap);
}

void
kcc_out_init_mem(struct kcc_out *out)
{
	init(out, -1, "<memory>", 0);
	out->cap = 4096;
	out->buf = kcc_xrealloc(out->buf, out->cap);
}

char *
kcc_out_take(struct kcc_out *out)
{
	char *s;

	kcc_out_putc(out, '\0');
	s = out->buf;
	out->buf = NULL;
	free(out->name);
	out->name = NULL;
	out->len = out->cap = 0;
	return s;
}

void
kcc_out_init_stdout(struct kcc_out *out)
{
	init(out, STDOUT_FILENO, "<stdout>", 0);
}

int
kcc_out_open(struct kcc_out *out, const char *path)
{
	int fd;

	if (path[0] == '-' && path[1] == '\0') {
		kcc_out_init_stdout(out);
		return 0;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		kcc_warn("%s", path);
		return -1;
	}
	init(out, fd, path, 1);
	return 0;
}

static void
write_all(struct kcc_out *out, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0 && out->err == 0) {
		w = write(out->fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			out->err = errno;
			break;
		}
		p += w;
		n -= (size_t)w;
	}
}

int
kcc_out_flush(struct kcc_out *out)
{
	if (out->fd < 0)
		return KCC_OUT_OK; /* memory keeps everything */
	if (out->len > 0)
		write_all(out, out->buf, out->len);
	out->len = 0;
	if (out->err == EPIPE)
		return KCC_OUT_EPIPE;
	return out->err ? KCC_OUT_ERROR : KCC_OUT_OK;
}

void
kcc_out_reserve(struct kcc_out *out, size_t n)
{
	if (out->cap - out->len >= n)
		return;
	while (out->cap - out->len < n)
		out->cap *= 2;
	out->buf = kcc_xrealloc(out->buf, out->cap);
}

void
kcc_out_write_slow(struct kcc_out *out, const void *p, size_t n)
{
	if (out->fd < 0) {
		while (out->cap < out->len + n)
			out->cap *= 2;
		out->buf = kcc_xrealloc(out->buf, out->cap);
		memcpy(out->buf + out->len, p, n);
		out->len += n;
		return;
	}
	kcc_out_flush(out);
	if (n >= KCC_OUT_BUFSIZE) {
		write_all(out, p, n);
		return;
	}
	memcpy(out->buf, p, n);
	out->len = n;
}

void
kcc_out_printf(struct kcc_out *out, const char *fmt, ...)
{
	char small[512], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof small) {
		kcc_out_write(out, small, (size_t)n);
		return;
	}
	big = kcc_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	kcc_out_write(out, big, (size_t)n);
	free(big);
}

int
kcc_out_close(struct kcc_out *out)
{
	int rc;

	if (out->buf == NULL)
		return KCC_OUT_OK;
	rc = kcc_out_flush(out);
	if (out->owns_fd && close(out->fd) != 0 && out->err == 0) {
		out->err = errno;
		rc = KCC_OUT_ERROR;
	}
	if (rc == KCC_OUT_ERROR)
		kcc_warnx("%s: write error: %s", out->name, strerror(out->err));
	free(out->buf);
	free(out->name);
	out->buf = NULL;
	out->name = NULL;
	return rc;
}
