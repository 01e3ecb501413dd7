/*
 * Text folding through utf8proc.
 *
 * utf8proc_map() would allocate a fresh buffer per call; instead the two
 * steps it is made of run on our own scratch: utf8proc_decompose() into a
 * code point buffer that grows (and stays grown) when a text needs more,
 * then utf8proc_reencode(), which composes and writes UTF-8 over that same
 * buffer.  White space is collapsed last, in place, on the UTF-8: by then
 * UTF8PROC_LUMP and UTF8PROC_STRIPCC have made every space, tab and line
 * break an ASCII space.
 */
#include <stdlib.h>

#include <utf8proc.h>

#include "kcc/diag.h"
#include "kcc/fold.h"

#define OPTIONS                                                                \
	(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |                \
		UTF8PROC_CASEFOLD | UTF8PROC_IGNORE | UTF8PROC_STRIPCC |       \
		UTF8PROC_LUMP)

_Static_assert(sizeof(int32_t) == sizeof(utf8proc_int32_t),
	"utf8proc code points are 32-bit");

void
kcc_fold_init(struct kcc_fold *f)
{
	f->buf = NULL;
	f->cap = 0;
}

void
kcc_fold_release(struct kcc_fold *f)
{
	free(f->buf);
	kcc_fold_init(f);
}

const char *
kcc_fold_str(struct kcc_fold *f, const char *s, size_t n, size_t *len)
{
	utf8proc_ssize_t r;
	char *p;
	size_t i, k;

	if (f->cap == 0) {
		f->cap = 64;
		f->buf = kcc_xmalloc(f->cap * sizeof *f->buf);
	}
	for (;;) {
		/* One code point spare: reencode writes a NUL after. */
		r = utf8proc_decompose((const utf8proc_uint8_t *)s,
			(utf8proc_ssize_t)n, (utf8proc_int32_t *)f->buf,
			(utf8proc_ssize_t)f->cap - 1, OPTIONS);
		if (r < 0)
			return NULL;
		if ((size_t)r < f->cap)
			break;
		f->cap = (size_t)r + 1;
		f->buf = kcc_xrealloc(f->buf, f->cap * sizeof *f->buf);
	}
	r = utf8proc_reencode((utf8proc_int32_t *)f->buf, r, OPTIONS);
	if (r < 0)
		return NULL;
	p = (char *)f->buf;
	for (i = 0, k = 0; i < (size_t)r; i++) {
		if (p[i] == ' ' && (k == 0 || p[k - 1] == ' '))
			continue;
		p[k++] = p[i];
	}
	if (k > 0 && p[k - 1] == ' ')
		k--;
	p[k] = '\0';
	*len = k;
	return p;
}

size_t
kcc_fold_width(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	utf8proc_ssize_t k;
	size_t w = 0;

	while (n > 0) {
		k = utf8proc_iterate(p, (utf8proc_ssize_t)n, &c);
		if (k <= 0) {
			w++, p++, n--;
			continue;
		}
		w += (size_t)utf8proc_charwidth(c);
		p += k;
		n -= (size_t)k;
	}
	return w;
}
