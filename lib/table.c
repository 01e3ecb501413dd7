/*
 * Aligned text tables from JSON lines: two passes, the first formatting
 * every cell and measuring the columns, the second writing them padded.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/diag.h"
#include "kcc/json.h"
#include "kcc/table.h"

/* One value as a cell: at most 60 bytes of it. */
static void
format_cell(const struct kcc_json_value *v, char *cell, size_t size)
{
	double d;

	if (v->type == KCC_JSON_NULL)
		snprintf(cell, size, "-");
	else if (v->type == KCC_JSON_NUMBER && !(v->flags & KCC_JSON_INTEGER) &&
		 kcc_json_num(v->p, v->n, &d) == 0)
		snprintf(cell, size, fabs(d) < 10 ? "%.4f" : "%.2f", d);
	else
		snprintf(cell, size, "%.*s", (int)(v->n < 60 ? v->n : 60),
			v->p);
}

void
kcc_table_write(const char *text, size_t n, struct kcc_out *out)
{
	struct kcc_json_scan scan;
	struct kcc_json_error err;
	const char *p = text, *end = text + n, *e;
	size_t ncol = 0, *width = NULL, i, row, nrows = 0;
	char **cells = NULL, cell[64];
	unsigned char *isnum = NULL;

	kcc_json_scan_init(&scan);
	for (; p < end; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		if (kcc_json_scan_object(&scan, p, (size_t)(e - p), &err) != 0)
			continue;
		if (nrows == 0) {
			ncol = scan.n;
			width = kcc_xcalloc(ncol + 1, sizeof *width);
			isnum = kcc_xcalloc(ncol + 1, 1);
			cells = kcc_xcalloc(ncol + 1, sizeof *cells);
			for (i = 0; i < ncol; i++) {
				width[i] = scan.members[i].key.n;
				cells[i] = kcc_xstrndup(scan.members[i].key.p,
					scan.members[i].key.n);
			}
		}
		nrows++;
		cells = kcc_xrealloc(cells,
			((nrows + 1) * ncol + 1) * sizeof *cells);
		for (i = 0; i < ncol && i < scan.n; i++) {
			const struct kcc_json_value *v = &scan.members[i].value;
			format_cell(v, cell, sizeof cell);
			cells[nrows * ncol + i] = kcc_xstrdup(cell);
			if (nrows == 1)
				isnum[i] = v->type == KCC_JSON_NUMBER;
			if (strlen(cell) > width[i])
				width[i] = strlen(cell);
		}
		for (; i < ncol; i++)
			cells[nrows * ncol + i] = kcc_xstrdup("");
	}
	for (row = 0; row <= nrows && ncol > 0; row++) {
		for (i = 0; i < ncol; i++) {
			const char *c = cells[row * ncol + i];
			int pad = (int)(width[i] - strlen(c));
			/* Numbers align right, with their headers. */
			if (isnum[i])
				kcc_out_printf(out, "%s%*s%s", i ? "  " : "",
					pad, "", c);
			else
				kcc_out_printf(out, "%s%s%*s", i ? "  " : "", c,
					i + 1 < ncol ? pad : 0, "");
		}
		kcc_out_putc(out, '\n');
	}
	for (i = 0; i < (nrows + 1) * ncol; i++)
		free(cells[i]);
	free(cells);
	free(width);
	free(isnum);
	kcc_json_scan_release(&scan);
}
