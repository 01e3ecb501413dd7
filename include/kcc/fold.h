/*
 * Folding text for matching: the same name written in different ways
 * ("Jan  de Vries", "JAN DE VRIES", "jan de vrieſ") becomes one string.
 *
 * The only module that includes utf8proc's header (link with -lutf8proc),
 * so the width of text on a terminal is here too.
 */
#ifndef KCC_FOLD_H
#define KCC_FOLD_H

#include <stddef.h>
#include <stdint.h>

/* Scratch reused from one call to the next. */
struct kcc_fold {
	int32_t *buf; /* code points, then the folded UTF-8 in place */
	size_t cap;   /* in code points */
};

void kcc_fold_init(struct kcc_fold *f);
void kcc_fold_release(struct kcc_fold *f);

/*
 * Fold s[0..n) (UTF-8): compatibility composition (NFKC) with full case
 * folding; default-ignorable code points (soft hyphens, zero-width and
 * direction marks) and control characters dropped; dashes, quotes and
 * spaces of every kind made their ASCII forms; every run of white space
 * one space, and none at either end.  Returns the folded text,
 * NUL-terminated and borrowed until the next call on f, with its length
 * in *len; or NULL when s is not valid UTF-8.  The scratch grows to the
 * longest text folded and is reused, so a steady stream does not
 * allocate.
 */
const char *kcc_fold_str(struct kcc_fold *f, const char *s, size_t n,
	size_t *len);

/*
 * The columns s[0..n) takes on a terminal: 2 for a wide character, 0 for
 * a combining mark or control, 1 for the others and for every byte that
 * is not UTF-8.
 */
size_t kcc_fold_width(const char *s, size_t n);

#endif
