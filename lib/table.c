/*
 * Aligned text tables from JSON lines, in two passes: the first reads
 * every cell and learns each column's kind (numbers, or text) and, for a
 * column of numbers with fractions, the decimals that all of its numbers
 * get, so that decimal points line up; the second writes the cells
 * padded to their column's width on a terminal (UTF-8 measured in
 * columns, not bytes).
 *
 * Cells point into the text given; only decoded strings and formatted
 * numbers are copied.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/diag.h"
#include "kcc/fold.h"
#include "kcc/json.h"
#include "kcc/table.h"

#define CELL_MAX 60 /* bytes of a string shown */

enum { CELL_NULL, CELL_INT, CELL_FRACTION, CELL_TEXT };

struct cell {
	char *text; /* NUL-terminated, owned */
	double d;   /* CELL_FRACTION: the value */
	int kind;
};

struct column {
	size_t width;
	int numeric;  /* no text cell: align right */
	int decimals; /* for every number, when a fraction is among them */
	double max;   /* the largest magnitude of its fractions */
};

/* The n bytes at s cut at a UTF-8 boundary at or before max. */
static size_t
cut(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/*
 * t[0..n) with control characters as their JSON escapes (\n, \t,
 * \u001b), so that a cell stays on its line and sends the terminal
 * nothing; takes t.
 */
static char *
visible(char *t, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, extra = 0;
	char *v, *q;

	for (i = 0; i < n; i++)
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
			extra += 5;
	if (extra == 0)
		return t;
	q = v = kcc_xmalloc(n + extra + 1);
	for (i = 0; i < n; i++) {
		unsigned char b = (unsigned char)t[i];
		if (b >= 0x20 && b != 0x7f) {
			*q++ = (char)b;
			continue;
		}
		*q++ = '\\';
		if (b == '\n' || b == '\t' || b == '\r') {
			*q++ = b == '\n' ? 'n' : b == '\t' ? 't' : 'r';
			continue;
		}
		*q++ = 'u';
		*q++ = '0';
		*q++ = '0';
		*q++ = hex[b >> 4];
		*q++ = hex[b & 15];
	}
	*q = '\0';
	free(t);
	return v;
}

static void
read_cell(const struct kcc_json_value *v, struct cell *c)
{
	char *t;
	size_t n;

	c->d = 0;
	switch (v->type) {
	case KCC_JSON_NULL:
		c->kind = CELL_NULL;
		c->text = kcc_xstrdup("-");
		return;
	case KCC_JSON_NUMBER:
		if (v->flags & KCC_JSON_INTEGER) {
			c->kind = CELL_INT;
			c->text = kcc_xstrndup(v->p, v->n);
			return;
		}
		if (kcc_json_num(v->p, v->n, &c->d) == 0 && isfinite(c->d)) {
			c->kind = CELL_FRACTION;
			c->text = NULL; /* formatted once the column is known */
			return;
		}
		break;
	case KCC_JSON_STRING:
		t = kcc_xmalloc((size_t)v->n + 1);
		n = kcc_json_str_decode(v->p, v->n, t);
		n = cut(t, n, CELL_MAX);
		t[n] = '\0';
		c->kind = CELL_TEXT;
		c->text = visible(t, n);
		return;
	}
	c->kind = CELL_TEXT;
	c->text = kcc_xstrndup(v->p, cut(v->p, v->n, CELL_MAX));
}

void
kcc_table_write(const char *text, size_t n, struct kcc_out *out)
{
	struct kcc_json_scan scan;
	struct kcc_json_error err;
	const char *p = text, *end = text + n, *e;
	size_t ncol = 0, i, row, nrows = 0, w;
	struct cell *cells = NULL;
	struct column *col = NULL;
	char num[64];

	kcc_json_scan_init(&scan);
	for (; p < end; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		if (e == p || kcc_json_scan_object(&scan, p, (size_t)(e - p),
				      &err) != 0)
			continue;
		if (nrows == 0) { /* the header: the first object's keys */
			ncol = scan.n;
			col = kcc_xcalloc(ncol + 1, sizeof *col);
			cells = kcc_xcalloc(ncol + 1, sizeof *cells);
			for (i = 0; i < ncol; i++) {
				read_cell(&scan.members[i].key, &cells[i]);
				col[i].numeric = 1;
			}
		}
		nrows++;
		cells = kcc_xrealloc(cells,
			((nrows + 1) * ncol + 1) * sizeof *cells);
		for (i = 0; i < ncol; i++) {
			struct cell *c = &cells[nrows * ncol + i];
			if (i < scan.n)
				read_cell(&scan.members[i].value, c);
			else {
				c->kind = CELL_NULL;
				c->text = kcc_xstrdup("");
			}
			if (c->kind == CELL_TEXT)
				col[i].numeric = 0;
			if (c->kind == CELL_FRACTION) {
				col[i].decimals = 1;
				if (fabs(c->d) > col[i].max)
					col[i].max = fabs(c->d);
			}
		}
	}
	for (i = 0; i < ncol; i++)
		if (col[i].decimals)
			col[i].decimals = col[i].max < 10 ? 4 : 2;
	for (row = 0; row <= nrows && ncol > 0; row++)
		for (i = 0; i < ncol; i++) {
			struct cell *c = &cells[row * ncol + i];
			if (row > 0 && col[i].decimals &&
				(c->kind == CELL_FRACTION ||
					(c->kind == CELL_INT &&
						col[i].numeric))) {
				if (c->kind == CELL_INT)
					c->d = strtod(c->text, NULL);
				snprintf(num, sizeof num, "%.*f",
					col[i].decimals, c->d);
				free(c->text);
				c->text = kcc_xstrdup(num);
			}
			w = kcc_fold_width(c->text, strlen(c->text));
			if (w > col[i].width)
				col[i].width = w;
		}
	for (row = 0; row <= nrows && ncol > 0; row++) {
		for (i = 0; i < ncol; i++) {
			const char *c = cells[row * ncol + i].text;
			int pad = (int)(col[i].width -
					kcc_fold_width(c, strlen(c)));
			/* Numbers align right, with their headers. */
			if (col[i].numeric)
				kcc_out_printf(out, "%s%*s%s", i ? "  " : "",
					pad, "", c);
			else
				kcc_out_printf(out, "%s%s%*s", i ? "  " : "", c,
					i + 1 < ncol ? pad : 0, "");
		}
		kcc_out_putc(out, '\n');
	}
	for (i = 0; i < (nrows + 1) * ncol; i++)
		free(cells[i].text);
	free(cells);
	free(col);
	kcc_json_scan_release(&scan);
}
