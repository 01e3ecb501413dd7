/*
 * Buffered output to a file descriptor, checked at close.
 *
 * Every command writes through one of these.  Writes never fail visibly on
 * the spot: the first error is remembered and reported by kcc_out_close(),
 * so the hot path stays a memcpy.  A closed pipe (EPIPE) is not an error
 * worth a message: kcc_out_close() then returns KCC_OUT_EPIPE and the
 * command ends quietly, as `cmd | head -1` users expect.
 */
#ifndef KCC_OUT_H
#define KCC_OUT_H

#include <stddef.h>
#include <string.h>

#define KCC_OUT_BUFSIZE (256 * 1024)

enum {
	KCC_OUT_OK = 0,
	KCC_OUT_ERROR = -1, /* an I/O error, already reported */
	KCC_OUT_EPIPE = -2, /* the reader went away; nothing reported */
};

struct kcc_out {
	int fd;      /* -1: a growing memory buffer (kcc_out_init_mem) */
	int err;     /* first errno seen, 0 if none */
	int owns_fd; /* close(fd) in kcc_out_close() */
	char *name;  /* for messages: the path or "<stdout>" */
	size_t len;  /* bytes in buf */
	size_t cap;  /* bytes buf holds: KCC_OUT_BUFSIZE, more in memory */
	char *buf;
};

/* Write to standard output. */
void kcc_out_init_stdout(struct kcc_out *out);

/*
 * Write into memory: out->buf[0..out->len) holds everything written, and
 * grows as needed (nothing is ever flushed).  Reset with out->len = 0;
 * free with kcc_out_close().
 */
void kcc_out_init_mem(struct kcc_out *out);

/*
 * The text written into a memory buffer (kcc_out_init_mem), NUL-terminated;
 * the caller frees it.  out is closed: init it again to write more.
 */
char *kcc_out_take(struct kcc_out *out);

/*
 * Open `path` for writing (created 0666 & ~umask, truncated); "-" means
 * standard output.  On failure prints a message and returns -1.
 */
int kcc_out_open(struct kcc_out *out, const char *path);

/* Write everything buffered.  Returns KCC_OUT_OK or an error code. */
int kcc_out_flush(struct kcc_out *out);

/*
 * Flush, fsync nothing, close the descriptor if owned, free the buffer.
 * Returns KCC_OUT_OK, KCC_OUT_ERROR (message printed: "prog: name: write
 * error: ...") or KCC_OUT_EPIPE (quiet).
 */
int kcc_out_close(struct kcc_out *out);

void kcc_out_write_slow(struct kcc_out *out, const void *p, size_t n);

/* A memory buffer only: make room for n bytes more after out->len. */
void kcc_out_reserve(struct kcc_out *out, size_t n);

static inline void
kcc_out_write(struct kcc_out *out, const void *p, size_t n)
{
	if (out->len + n <= out->cap) {
		memcpy(out->buf + out->len, p, n);
		out->len += n;
	} else {
		kcc_out_write_slow(out, p, n);
	}
}

static inline void
kcc_out_putc(struct kcc_out *out, char c)
{
	if (out->len < out->cap)
		out->buf[out->len++] = c;
	else
		kcc_out_write_slow(out, &c, 1);
}

static inline void
kcc_out_puts(struct kcc_out *out, const char *s)
{
	kcc_out_write(out, s, strlen(s));
}

/* printf into the buffer. */
void kcc_out_printf(struct kcc_out *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
