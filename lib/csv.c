/*
 * CSV reading over libcsv, the only module that includes its header.
 *
 * libcsv is a push parser: it takes a chunk and calls back once per field
 * (with the field in its own buffer, reused for the next one) and once per
 * row end.  This module turns that into a pull interface.  Each chunk
 * (128 KiB read, converted to UTF-8 first when the input is not UTF-8) is
 * parsed at once into an arena: field bytes, each followed by a NUL, a
 * span (offset, length) per field and an entry per completed row.
 * kcc_csv_next() then hands the rows out one by one, turning spans into
 * pointers in one reused array; when they are all out it moves the
 * unfinished last row to the front of the arena and parses the next chunk.
 * Lines with no quote, or only plainly quoted fields, are split without
 * libcsv (see plain_line()), calling the same callbacks with the same
 * arguments libcsv would.  So a field is copied once, into the arena, nothing
 * is allocated once the buffers have grown, and the memory is bounded by a
 * chunk's rows plus one row of at most the row limit.
 *
 * libcsv runs with its built-in character tests (CR and LF end rows,
 * spaces and tabs are trimmed around unquoted fields): giving it test
 * functions costs an indirect call per byte, a third of its speed.
 * CSV_REPALL_NL makes it report every line end, so blank lines can be
 * counted.  Line numbers come from counting LF in each row's data (a
 * newline inside a quoted field is kept there) plus the LF that ends it;
 * a CR that ends a row but is not followed by LF is data, and the row
 * goes on (pandas writes such CRs unquoted).  Files whose lines end in a
 * lone CR are recognised when sniffing and counted by CR instead.
 *
 * libcsv's field buffer would grow without bound on an unterminated quote.
 * It is allocated here with its limit in a hidden header, and libcsv's
 * realloc hook refuses to grow past the row limit; when libcsv then stops
 * with CSV_ENOMEM the field so far is dropped, the row is marked too long,
 * and parsing resumes where it stopped, so one bad row does not end the
 * file.  The hook also grows the buffer geometrically (libcsv asks for a
 * fixed block more each time).
 *
 * Encoding: a UTF-8 or UTF-16 byte order mark decides it; otherwise, with
 * KCC_CSV_AUTO, chunks are scanned for a byte over 0x7F (a word at a time)
 * until the first one: if the bytes from there on are mostly valid UTF-8
 * the file is UTF-8, otherwise it is Windows-1252 when it has bytes in
 * 0x80-0x9F and ISO-8859-1 when not.  Both are then read as
 * Windows-1252, as web browsers do: the two agree on every printable
 * character and 0x80-0x9F are controls in ISO-8859-1 that no text uses.
 * The five bytes Windows-1252 leaves undefined become the C1 controls.
 * (ISO-8859-1 given as the encoding is read as ISO-8859-1.)  For these
 * single-byte encodings iconv(3) is asked once, at the start, what each
 * byte over 0x7F becomes, and chunks are converted by that table, runs of
 * ASCII by memcpy: glibc's iconv goes through UCS-4 for every byte, which
 * took a third of the time.  UTF-16 streams through iconv.  UTF-8 input
 * is validated per row at delivery, a word at a time while it is ASCII; a
 * row with invalid UTF-8 is a bad row, not an error.  Converted input is
 * valid by construction.
 */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/csv.h"
#include "kcc/diag.h"
#include "kcc/json.h"

#define CHUNK        (128u << 10)      /* bytes read at a time */
#define FIELD_BLOCK  4096u             /* libcsv's first field buffer */
#define SNIFF_LINES  20                /* lines looked at for the delimiter */
#define MAX_WARNINGS 10                /* about column names, per file */
#define MAX_LIMIT    ((size_t)1 << 40) /* row limits beyond are taken as this */

struct span {
	size_t off, n; /* field bytes at data[off, off+n), NUL after */
};

struct rowent {
	size_t first;   /* index of its first span */
	size_t nspans;  /* spans kept (none when too long) */
	size_t nfields; /* fields seen */
	size_t data_off, data_end;
	unsigned long line;  /* where it starts */
	unsigned long qline; /* unterminated: where the open quote is */
	unsigned char too_long, unterminated;
};

struct kcc_csv {
	struct csv_parser parser;
	kcc_csv_read_fn read;
	void *ctx;
	char *name;
	size_t max;
	int delim;
	int nl, other; /* the byte that ends lines, the other of CR and LF */
	int encoding;  /* in use, as kcc_csv_encoding() returns it */
	int decided;   /* the encoding is known (not AUTO and still ASCII) */
	int decimal_comma;
	int quiet;
	int libcsv_only;
	int started; /* the parser is set up: delimiter sniffed */
	int eof;     /* read returned 0 */
	int done;    /* everything parsed, or an error */
	int err;
	int converting;           /* the input is not UTF-8 */
	unsigned char hi[128][4]; /* a single-byte encoding: the UTF-8 of
				     0x80 + i, its length in [3] */
	iconv_t cd;               /* UTF-16; (iconv_t)-1 for the others */
	int bad_utf16_warned;

	char *in; /* raw bytes read */
	unsigned char carry[4];
	size_t ncarry; /* bytes of an incomplete UTF-16 unit left over */
	char *conv;    /* converted bytes */
	size_t conv_cap;

	/* The arena: rows parsed from the chunks so far, not yet handed out. */
	char *data;
	size_t data_len, data_cap;
	struct span *spans;
	size_t nspans, spans_cap;
	struct rowent *rows;
	size_t nrows, rows_cap, next_row;

	/* The row being parsed. */
	size_t cur_span, cur_data; /* its first span and first data byte */
	size_t cur_nfields;
	size_t cur_skipped_nl;   /* line ends in fields not kept (too long) */
	size_t field_skipped_nl; /* and in libcsv's buffer, dropped */
	size_t pending; /* lone CRs (or LFs) seen after its last field */
	unsigned long cur_line;
	int cur_too_long;

	struct span *cuts; /* fields of a plain line (plain_line()) */
	size_t cuts_cap;

	/* Handing out. */
	struct kcc_csv_field *out;
	size_t out_cap;
	unsigned long rowno;
	size_t width; /* fields a row must have; 0: not known */
	size_t ncol;
	char **names;
	size_t renamed;
};

/*
 * libcsv's field buffer: two size_t before the bytes hold the limit and
 * the allocated size.  The buffer is never NULL after kcc_csv_open().
 */
static void *
field_buf_new(size_t limit)
{
	size_t cap = limit < FIELD_BLOCK ? limit : FIELD_BLOCK;
	size_t *h = kcc_xmalloc(2 * sizeof(size_t) + cap);

	h[0] = limit;
	h[1] = cap;
	return h + 2;
}

static void *
field_buf_realloc(void *p, size_t n)
{
	size_t *h, cap;

	if (p == NULL)
		return NULL;
	h = (size_t *)p - 2;
	if (n > h[0])
		return NULL; /* libcsv stops with CSV_ENOMEM */
	if (n <= h[1])
		return p;
	cap = h[1] * 2 > n ? h[1] * 2 : n;
	if (cap > h[0])
		cap = h[0];
	h = kcc_xrealloc(h, 2 * sizeof(size_t) + cap);
	h[1] = cap;
	return h + 2;
}

static void
field_buf_free(void *p)
{
	if (p != NULL)
		free((size_t *)p - 2);
}

static size_t
count_byte(const char *p, size_t n, int b)
{
	const char *end = p + n, *q;
	size_t k = 0;

	while (p < end && (q = memchr(p, b, (size_t)(end - p))) != NULL) {
		k++;
		p = q + 1;
	}
	return k;
}

#define HIGH_BITS 0x8080808080808080ULL

/* Index of the first byte over 0x7F, or n. */
static size_t
first_high(const char *p, size_t n)
{
	size_t i = 0;
	uint64_t a, b;

	for (; n - i >= 16; i += 16) {
		memcpy(&a, p + i, 8);
		memcpy(&b, p + i + 8, 8);
		if ((a | b) & HIGH_BITS)
			break;
	}
	for (; i < n; i++)
		if ((unsigned char)p[i] >= 0x80)
			return i;
	return n;
}

/* Index of the first byte that is not valid UTF-8, or n. */
static size_t
utf8_check(const char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		i += first_high(p + i, n - i);
		if (i == n)
			break;
		if ((k = kcc_utf8_seq(p + i, n - i)) == 0)
			return i;
		i += k;
	}
	return n;
}

/* Whether p[0..n) is the start of a UTF-8 sequence cut short. */
static int
utf8_truncated(const unsigned char *p, size_t n)
{
	size_t need, i;

	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		need = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		need = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		need = 4;
	else
		return 0;
	if (n >= need)
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return 1;
}

/* The arena. */

static void
reserve_data(struct kcc_csv *c, size_t n)
{
	size_t cap;

	if (c->data_cap - c->data_len >= n)
		return;
	cap = c->data_cap;
	while (cap - c->data_len < n)
		cap *= 2;
	c->data = kcc_xrealloc(c->data, cap);
	c->data_cap = cap;
}

/* The row being parsed is over the limit: drop what was kept of it. */
static void
row_too_long(struct kcc_csv *c)
{
	c->cur_skipped_nl += count_byte(c->data + c->cur_data,
		c->data_len - c->cur_data, c->nl);
	c->data_len = c->cur_data;
	c->nspans = c->cur_span;
	c->cur_too_long = 1;
}

static void
on_field(void *s, size_t n, void *arg)
{
	struct kcc_csv *c = arg;
	size_t pend = c->pending;
	char *d;

	/* After a lone CR the row goes on: this joins the field before it. */
	if (pend == 0)
		c->cur_nfields++;
	c->pending = 0;
	c->cur_skipped_nl += c->field_skipped_nl;
	c->field_skipped_nl = 0;
	/*
	 * What is kept, fields with a NUL each, is one byte more than the
	 * fields with their delimiters.
	 */
	if (!c->cur_too_long &&
		c->data_len - c->cur_data + pend + n + (pend ? 0 : 1) >
			c->max + 1)
		row_too_long(c);
	if (c->cur_too_long) {
		c->cur_skipped_nl += count_byte(s, n, c->nl);
		return;
	}
	reserve_data(c, pend + n + 1);
	if (pend > 0) {
		d = c->data + c->data_len - 1; /* the NUL of the last field */
		memset(d, c->other, pend);
		memcpy(d + pend, s, n);
		d[pend + n] = '\0';
		c->data_len += pend + n;
		c->spans[c->nspans - 1].n += pend + n;
		return;
	}
	if (c->nspans == c->spans_cap) {
		c->spans_cap = c->spans_cap ? c->spans_cap * 2 : 4096;
		c->spans =
			kcc_xrealloc(c->spans, c->spans_cap * sizeof *c->spans);
	}
	c->spans[c->nspans].off = c->data_len;
	c->spans[c->nspans].n = n;
	c->nspans++;
	d = c->data + c->data_len;
	memcpy(d, s, n);
	d[n] = '\0';
	c->data_len += n + 1;
}

/* End the row being parsed; `ended` when by a line end. */
static struct rowent *
push_row(struct kcc_csv *c, int ended)
{
	struct rowent *r;

	if (c->nrows == c->rows_cap) {
		c->rows_cap = c->rows_cap ? c->rows_cap * 2 : 1024;
		c->rows = kcc_xrealloc(c->rows, c->rows_cap * sizeof *c->rows);
	}
	r = &c->rows[c->nrows++];
	r->first = c->cur_span;
	r->nspans = c->nspans - c->cur_span;
	r->nfields = c->cur_nfields;
	r->data_off = c->cur_data;
	r->data_end = c->data_len;
	r->line = c->cur_line;
	r->qline = 0;
	r->too_long = (unsigned char)c->cur_too_long;
	r->unterminated = 0;
	c->cur_line += count_byte(c->data + r->data_off,
			       r->data_end - r->data_off, c->nl) +
		       c->cur_skipped_nl + (ended ? 1 : 0);
	c->cur_span = c->nspans;
	c->cur_data = c->data_len;
	c->cur_nfields = 0;
	c->cur_skipped_nl = 0;
	c->cur_too_long = 0;
	c->pending = 0;
	return r;
}

static void
on_row(int ch, void *arg)
{
	struct kcc_csv *c = arg;

	if (ch == c->other) {
		if (c->cur_nfields > 0)
			c->pending++;
		return;
	}
	if (c->cur_nfields == 0) { /* a blank line */
		if (ch == c->nl)
			c->cur_line++;
		return;
	}
	push_row(c, ch == c->nl);
}

/*
 * libcsv stopped at the field buffer's limit: drop the field so far but
 * its last byte (libcsv may take back a quote and trailing spaces from the
 * end of its buffer; with spaces at 0 it takes back at most that byte),
 * and mark the row too long.
 */
static void
field_too_long(struct kcc_csv *c)
{
	struct csv_parser *p = &c->parser;

	if (p->entry_pos > 1) {
		c->field_skipped_nl += count_byte((const char *)p->entry_buf,
			p->entry_pos - 1, c->nl);
		p->entry_buf[0] = p->entry_buf[p->entry_pos - 1];
		p->entry_pos = 1;
	}
	p->spaces = 0;
	p->status = 0;
	if (!c->cur_too_long)
		row_too_long(c);
}

/*
 * Lines without quotes.  libcsv takes some 9 cycles a byte, a quarter of
 * the time of CSV ingest, for work that on a line without a quote is a
 * split at the delimiter.  Such lines are split here, and the callbacks
 * called exactly as libcsv would call them: each field trimmed of spaces
 * and tabs (libcsv's built-in test), the row end reported per CR and LF
 * (CSV_REPALL_NL), a line of only blanks as row ends alone.  Everything
 * else - a quote anywhere on the line, a CR not before LF, a line the
 * chunk cuts, a parser in the middle of a row - goes to libcsv a line at a
 * time, so it stays the CSV parser of record; the CSV fuzz target checks
 * that both ways give the same rows.
 */
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The first of LF, CR, '"' or the delimiter in p[0..n), or n. */
static size_t
next_special(const char *p, size_t n, char delim)
{
	size_t i = 0;

#ifdef __SSE2__
	const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
		      qu = _mm_set1_epi8('"'), de = _mm_set1_epi8(delim);
	for (; i + 16 <= n; i += 16) {
		__m128i v =
			_mm_loadu_si128((const __m128i *)(const void *)(p + i));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf),
						   _mm_cmpeq_epi8(v, cr)),
			_mm_or_si128(_mm_cmpeq_epi8(v, qu),
				_mm_cmpeq_epi8(v, de)));
		int m = _mm_movemask_epi8(hit);
		if (m != 0)
			return i + (size_t)__builtin_ctz((unsigned)m);
	}
#endif
	for (; i < n; i++)
		if (p[i] == '\n' || p[i] == '\r' || p[i] == '"' ||
			p[i] == delim)
			return i;
	return n;
}

/* A byte libcsv trims around fields: space or tab, unless the delimiter. */
static inline int
blank(char ch, char delim)
{
	return (ch == ' ' || ch == '\t') && ch != delim;
}

static void
add_cut(struct kcc_csv *c, size_t nf, size_t off, size_t len)
{
	if (nf == c->cuts_cap) {
		c->cuts_cap = c->cuts_cap ? 2 * c->cuts_cap : 64;
		c->cuts = kcc_xrealloc(c->cuts, c->cuts_cap * sizeof *c->cuts);
	}
	c->cuts[nf].off = off;
	c->cuts[nf].n = len;
}

/*
 * What on_field() does for each field of a row, for a whole plain line at
 * the start of a row: the line p[0..len) is copied into the arena once and
 * each field ends with a NUL written over the byte after it (a delimiter,
 * a blank or a closing quote in the copy, or the line's end).
 */
static void
plain_fields(struct kcc_csv *c, const char *p, size_t len, size_t nf)
{
	size_t base, i;

	reserve_data(c, len + 1);
	if (c->spans_cap - c->nspans < nf) {
		while (c->spans_cap - c->nspans < nf)
			c->spans_cap = c->spans_cap ? c->spans_cap * 2 : 4096;
		c->spans =
			kcc_xrealloc(c->spans, c->spans_cap * sizeof *c->spans);
	}
	base = c->data_len;
	memcpy(c->data + base, p, len);
	c->data[base + len] = '\0';
	for (i = 0; i < nf; i++) {
		struct span *sp = &c->spans[c->nspans++];
		sp->off = base + c->cuts[i].off;
		sp->n = c->cuts[i].n;
		c->data[sp->off + sp->n] = '\0';
	}
	c->data_len = base + len + 1;
	c->cur_nfields = nf;
}

/*
 * Bytes of the line at p taken, or 0 when libcsv must take it.  Taken:
 * fields unquoted, or quoted without a doubled quote or line end inside,
 * the closing quote followed by blanks and then a delimiter or the end.
 */
static size_t
plain_line(struct kcc_csv *c, const char *p, size_t n)
{
	char delim = (char)c->delim;
	size_t i = 0, nf = 0, a, k, b;
	int cr, quoted = 0;
	const char *q;

	for (;;) {
		for (a = i; a < n && blank(p[a], delim); a++)
			;
		if (a < n && p[a] == '"') {
			quoted = 1;
			q = memchr(p + a + 1, '"', n - a - 1);
			if (q == NULL)
				return 0;
			b = (size_t)(q - p);
			if (next_special(p + a + 1, b - a - 1, '\n') <
				b - a - 1)
				return 0; /* a line end inside */
			for (k = b + 1; k < n && blank(p[k], delim); k++)
				;
			if (k == n ||
				(p[k] != delim && p[k] != '\n' && p[k] != '\r'))
				return 0; /* "" or text after the quote */
			add_cut(c, nf++, a + 1, b - a - 1);
		} else {
			k = a + next_special(p + a, n - a, delim);
			if (k == n || p[k] == '"')
				return 0;
			for (b = k; b > a && blank(p[b - 1], delim); b--)
				;
			add_cut(c, nf++, a, b - a);
		}
		/*
		 * libcsv holds a field with its closing quote and trailing
		 * blanks, and stops at the row limit: near it, libcsv decides.
		 */
		if (k - a >= c->max)
			return 0;
		i = k + 1;
		if (p[k] != delim)
			break;
	}
	cr = p[k] == '\r';
	if (cr && (k + 1 == n || p[k + 1] != '\n'))
		return 0; /* a lone CR: libcsv */
	/* A line of blanks alone ends a row that has no field. */
	if (!(nf == 1 && !quoted && c->cuts[0].n == 0)) {
		for (i = 0, b = 0; i < nf; i++)
			b += c->cuts[i].n + 1;
		if (c->cur_nfields == 0 && c->pending == 0 &&
			!c->cur_too_long && b <= c->max + 1)
			plain_fields(c, p, k, nf);
		else
			for (i = 0; i < nf; i++)
				on_field((void *)(uintptr_t)(p +
							     c->cuts[i].off),
					c->cuts[i].n, c);
	}
	if (cr)
		on_row('\r', c);
	on_row('\n', c);
	return k + 1 + (size_t)cr;
}

static int
parse(struct kcc_csv *c, const char *p, size_t n)
{
	struct csv_parser *cp = &c->parser;
	const char *nl;
	size_t k, m;
	int plain = !c->libcsv_only && c->nl == '\n' && c->delim != '"' &&
		    c->delim != '\n' && c->delim != '\r';

	while (n > 0) {
		m = n;
		if (plain) {
			if (cp->pstate == 0 && cp->entry_pos == 0 &&
				(k = plain_line(c, p, n)) > 0) {
				p += k;
				n -= k;
				continue;
			}
			/* libcsv, up to the end of this line. */
			if ((nl = memchr(p, '\n', n)) != NULL)
				m = (size_t)(nl - p) + 1;
		}
		k = csv_parse(&c->parser, p, m, on_field, on_row, c);
		if (k < m) {
			if (csv_error(&c->parser) != CSV_ENOMEM) {
				kcc_warnl(c->name, c->cur_line, "libcsv: %s",
					csv_strerror(csv_error(&c->parser)));
				return -1;
			}
			field_too_long(c);
		}
		p += k;
		n -= k;
	}
	return 0;
}

/* The end of the input: the last row, or an open quote. */
static void
finish(struct kcc_csv *c)
{
	struct csv_parser *p = &c->parser;
	int opts = csv_get_opts(p);
	unsigned long qline;
	struct rowent *r;

	/* Strict only at the end: lenient on stray quotes, strict on EOF. */
	csv_set_opts(p, (unsigned char)(opts | CSV_STRICT | CSV_STRICT_FINI));
	if (csv_fini(p, on_field, on_row, c) != 0) {
		/* A field starts on the line where the one before it ends. */
		qline = c->cur_line + c->cur_skipped_nl +
			count_byte(c->data + c->cur_data,
				c->data_len - c->cur_data, c->nl);
		on_field(p->entry_buf, p->entry_pos, c);
		r = push_row(c, 0);
		r->unterminated = 1;
		r->qline = qline;
		p->entry_pos = 0;
		p->status = 0;
	} else if (c->cur_nfields > 0) {
		push_row(c, 0); /* ended by a lone CR */
	}
	csv_set_opts(p, (unsigned char)opts);
}

/* Encodings. */

static const struct {
	const char *name;
	int encoding;
} encoding_names[] = {
	{"auto", KCC_CSV_AUTO},
	{"utf8", KCC_CSV_UTF8},
	{"windows1252", KCC_CSV_CP1252},
	{"cp1252", KCC_CSV_CP1252},
	{"iso88591", KCC_CSV_LATIN1},
	{"latin1", KCC_CSV_LATIN1},
	{"utf16le", KCC_CSV_UTF16LE},
	{"utf16be", KCC_CSV_UTF16BE},
};

int
kcc_csv_encoding_parse(const char *s)
{
	char key[16];
	size_t i, n = 0;

	for (; *s != '\0'; s++) {
		if (*s == '-' || *s == '_')
			continue;
		if (n + 1 >= sizeof key)
			return -1;
		key[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	}
	key[n] = '\0';
	for (i = 0; i < sizeof encoding_names / sizeof encoding_names[0]; i++)
		if (strcmp(key, encoding_names[i].name) == 0)
			return encoding_names[i].encoding;
	return -1;
}

const char *
kcc_csv_encoding_name(int encoding)
{
	switch (encoding) {
	case KCC_CSV_AUTO:
		return "auto";
	case KCC_CSV_UTF8:
		return "utf-8";
	case KCC_CSV_CP1252:
		return "windows-1252";
	case KCC_CSV_LATIN1:
		return "iso-8859-1";
	case KCC_CSV_UTF16LE:
		return "utf-16le";
	case KCC_CSV_UTF16BE:
		return "utf-16be";
	}
	return "unknown";
}

/*
 * Read from now on as `encoding`; `from` is the iconv name (NULL: UTF-8,
 * nothing to convert).  A single-byte encoding is converted by a table of
 * what iconv makes of each byte over 0x7F (a byte it leaves undefined
 * becomes the C1 control); UTF-16 through iconv as it streams.  Returns -1
 * after reporting.
 */
static int
use_encoding(struct kcc_csv *c, int encoding, const char *from)
{
	iconv_t cd;
	char in, out[8], *ip, *op;
	size_t il, ol, i, len;

	c->encoding = encoding;
	c->decided = 1;
	if (from == NULL)
		return 0;
	c->converting = 1;
	cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1) {
		kcc_warn("%s: cannot convert from %s", c->name, from);
		return -1;
	}
	if (encoding == KCC_CSV_UTF16LE || encoding == KCC_CSV_UTF16BE) {
		c->cd = cd;
		return 0;
	}
	for (i = 0; i < 128; i++) {
		in = (char)(0x80 + i);
		ip = &in;
		il = 1;
		op = out;
		ol = sizeof out;
		len = iconv(cd, &ip, &il, &op, &ol) == (size_t)-1
			      ? 0
			      : (size_t)(op - out);
		if (len == 0 || len > 3) {
			out[0] = (char)0xC2;
			out[1] = (char)(0x80 + i);
			len = 2;
		}
		memcpy(c->hi[i], out, len);
		c->hi[i][3] = (unsigned char)len;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	return 0;
}

static int
set_encoding(struct kcc_csv *c, int encoding)
{
	switch (encoding) {
	case KCC_CSV_CP1252:
		return use_encoding(c, encoding, "CP1252");
	case KCC_CSV_LATIN1:
		return use_encoding(c, encoding, "ISO-8859-1");
	case KCC_CSV_UTF16LE:
		return use_encoding(c, encoding, "UTF-16LE");
	case KCC_CSV_UTF16BE:
		return use_encoding(c, encoding, "UTF-16BE");
	default:
		return use_encoding(c, encoding, NULL);
	}
}

/*
 * KCC_CSV_AUTO, at the first byte over 0x7F: p[0..n) is the rest of the
 * chunk from there.  UTF-8 when its sequences are mostly valid.
 */
static int
decide(struct kcc_csv *c, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, k, good = 0, bad = 0;
	int c1 = 0;

	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if (u[i] < 0xA0)
			c1 = 1;
		if ((k = kcc_utf8_seq(p + i, n - i)) > 0) {
			good++;
			i += k;
		} else if (utf8_truncated(u + i, n - i)) {
			good++;
			break;
		} else {
			bad++;
			i++;
		}
	}
	if (bad == 0 || good > bad)
		return use_encoding(c, KCC_CSV_UTF8, NULL);
	return use_encoding(c, c1 ? KCC_CSV_CP1252 : KCC_CSV_LATIN1, "CP1252");
}

/* Room for m more converted bytes at *op, which may move. */
static void
conv_reserve(struct kcc_csv *c, char **op, size_t *ol, size_t m)
{
	size_t used = (size_t)(*op - c->conv);

	if (*ol >= m)
		return;
	c->conv_cap = c->conv_cap * 2 + m;
	c->conv = kcc_xrealloc(c->conv, c->conv_cap);
	*op = c->conv + used;
	*ol = c->conv_cap - used;
}

/* Convert p[0..n) by the table into c->conv; returns the length. */
static size_t
convert_table(struct kcc_csv *c, const char *p, size_t n)
{
	char *o = c->conv;
	size_t i = 0, k;

	while (i < n) {
		k = first_high(p + i, n - i);
		memcpy(o, p + i, k);
		o += k;
		i += k;
		for (; i < n && (unsigned char)p[i] >= 0x80; i++) {
			const unsigned char *u =
				c->hi[(unsigned char)p[i] - 0x80];
			memcpy(o, u, 4); /* room: 3 bytes for each one in */
			o += u[3];
		}
	}
	return (size_t)(o - c->conv);
}

/*
 * Convert UTF-16 p[0..n) through iconv into c->conv; *out is how many
 * bytes.  An incomplete unit at the end is kept for the next chunk.
 * Returns -1 after reporting.
 */
static int
convert_iconv(struct kcc_csv *c, char *p, size_t n, size_t *out)
{
	char *ip = p, *op = c->conv;
	size_t il = n, ol = c->conv_cap;

	while (il > 0) {
		if (iconv(c->cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG) {
			conv_reserve(c, &op, &ol, ol + il * 3 + 16);
		} else if (errno == EINVAL && il < sizeof c->carry) {
			memcpy(c->carry, ip, il);
			c->ncarry = il;
			break;
		} else if (errno == EILSEQ || errno == EINVAL) {
			conv_reserve(c, &op, &ol, 3);
			if (!c->bad_utf16_warned) {
				kcc_warnx("%s: invalid UTF-16 replaced by "
					  "U+FFFD",
					c->name);
				c->bad_utf16_warned = 1;
			}
			memcpy(op, "\xEF\xBF\xBD", 3);
			op += 3;
			ol -= 3;
			ip += il < 2 ? il : 2;
			il -= il < 2 ? il : 2;
		} else {
			kcc_warn("%s: conversion to UTF-8", c->name);
			return -1;
		}
	}
	*out = (size_t)(op - c->conv);
	return 0;
}

/* Convert p[0..n) into c->conv; *out is how many bytes.  -1: reported. */
static int
convert(struct kcc_csv *c, char *p, size_t n, size_t *out)
{
	size_t need = n * 3 + 16;

	if (c->conv_cap < need) {
		free(c->conv);
		c->conv_cap = need;
		c->conv = kcc_xmalloc(need);
	}
	if (c->cd == (iconv_t)-1) {
		*out = convert_table(c, p, n);
		return 0;
	}
	return convert_iconv(c, p, n, out);
}

/* The delimiter that splits the first lines most consistently. */
static int
sniff_delim(const char *p, size_t n)
{
	static const char cand[] = ",;\t|";
	size_t counts[4][SNIFF_LINES], cur[4] = {0, 0, 0, 0};
	size_t i, l, k, nlines = 0, same, best_same = 0, best_head = 0;
	int quoted = 0, content = 0, best = ',';

	for (i = 0; i < n && nlines < SNIFF_LINES; i++) {
		char ch = p[i];

		if (ch == '"') {
			quoted = !quoted;
			content = 1;
		} else if (quoted) {
			continue;
		} else if (ch == '\n' || ch == '\r') {
			if (content) {
				for (k = 0; k < 4; k++) {
					counts[k][nlines] = cur[k];
					cur[k] = 0;
				}
				nlines++;
			}
			content = 0;
		} else {
			for (k = 0; k < 4; k++)
				if (ch == cand[k])
					cur[k]++;
			content = 1;
		}
	}
	if (nlines == 0 && content) /* one line, without its end */
		for (k = 0, nlines = 1; k < 4; k++)
			counts[k][0] = cur[k];
	for (k = 0; k < 4; k++) {
		if (nlines == 0 || counts[k][0] == 0)
			continue;
		for (l = 0, same = 0; l < nlines; l++)
			same += counts[k][l] == counts[k][0];
		if (same > best_same ||
			(same == best_same && counts[k][0] > best_head)) {
			best = cand[k];
			best_same = same;
			best_head = counts[k][0];
		}
	}
	return best;
}

/* Set the parser up from the first (converted) chunk. */
static void
start(struct kcc_csv *c, const char *p, size_t n, int decimal)
{
	if (c->delim == 0)
		c->delim = sniff_delim(p, n);
	if (memchr(p, '\n', n) == NULL && memchr(p, '\r', n) != NULL) {
		c->nl = '\r';
		c->other = '\n';
	}
	if (decimal == KCC_CSV_DECIMAL_AUTO)
		c->decimal_comma = c->delim == ';';
	else
		c->decimal_comma = decimal == KCC_CSV_DECIMAL_COMMA;
	csv_set_delim(&c->parser, (unsigned char)c->delim);
	c->started = 1;
}

/* Take in p[0..n) as read: detect, convert, parse. */
static int
feed(struct kcc_csv *c, char *p, size_t n, int decimal)
{
	size_t i, m;

	if (!c->decided && (i = first_high(p, n)) < n &&
		decide(c, p + i, n - i) < 0)
		return -1;
	if (c->converting) {
		if (convert(c, p, n, &m) < 0)
			return -1;
		p = c->conv;
		n = m;
	}
	if (!c->started)
		start(c, p, n, decimal);
	return parse(c, p, n);
}

/* Move the unfinished row to the front of the arena. */
static void
compact(struct kcc_csv *c)
{
	size_t i, nsp = c->nspans - c->cur_span;

	c->nrows = c->next_row = 0;
	if (c->cur_data == 0 && c->cur_span == 0)
		return;
	memmove(c->data, c->data + c->cur_data, c->data_len - c->cur_data);
	for (i = 0; i < nsp; i++) {
		c->spans[i] = c->spans[c->cur_span + i];
		c->spans[i].off -= c->cur_data;
	}
	c->data_len -= c->cur_data;
	c->nspans = nsp;
	c->cur_data = 0;
	c->cur_span = 0;
}

/* Parse the next chunk (or the end).  Returns -1 after reporting. */
static int
refill(struct kcc_csv *c)
{
	ssize_t r;
	size_t have = c->ncarry;

	compact(c);
	if (!c->eof) {
		memcpy(c->in, c->carry, have);
		c->ncarry = 0;
		r = c->read(c->ctx, c->in + have, CHUNK - have);
		if (r < 0)
			return -1;
		if (r > 0)
			return feed(c, c->in, have + (size_t)r, 0);
		c->eof = 1;
		c->ncarry = have;
	}
	if (c->ncarry > 0) { /* half a UTF-16 unit at the end */
		if (!c->bad_utf16_warned)
			kcc_warnx("%s: invalid UTF-16 replaced by U+FFFD",
				c->name);
		c->bad_utf16_warned = 1;
		c->ncarry = 0;
		if (parse(c, "\xEF\xBF\xBD", 3) < 0)
			return -1;
	}
	finish(c);
	c->done = 1;
	return 0;
}

/* Column names. */

struct nameset {
	const char **slot;
	size_t mask;
};

static uint64_t
name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Add s (borrowed); 0 when added, -1 when already there. */
static int
nameset_add(struct nameset *set, const char *s)
{
	size_t i = (size_t)name_hash(s) & set->mask;

	for (; set->slot[i] != NULL; i = (i + 1) & set->mask)
		if (strcmp(set->slot[i], s) == 0)
			return -1;
	set->slot[i] = s;
	return 0;
}

static void
name_warning(struct kcc_csv *c, unsigned long line, size_t col, const char *old,
	const char *new)
{
	c->renamed++;
	if (c->quiet || c->renamed > MAX_WARNINGS + 1)
		return;
	if (c->renamed == MAX_WARNINGS + 1)
		kcc_warnl(c->name, line, "more columns renamed");
	else if (*old == '\0')
		kcc_warnl(c->name, line, "column %zu has no name; named '%s'",
			col + 1, new);
	else
		kcc_warnl(c->name, line,
			"column %zu: duplicate name '%.60s'; renamed '%.80s'",
			col + 1, old, new);
}

/* Names from the header row r, unique and non-empty. */
static void
set_names(struct kcc_csv *c, const struct rowent *r)
{
	struct nameset set;
	size_t i, k, cap, len, ncol = r->nspans;
	unsigned char *dup;
	char *s;

	c->ncol = ncol;
	c->names = kcc_xcalloc(ncol + 1, sizeof *c->names);
	for (cap = 16; cap < 2 * ncol + 2; cap *= 2)
		;
	set.slot = kcc_xcalloc(cap, sizeof *set.slot);
	set.mask = cap - 1;
	dup = kcc_xcalloc(ncol + 1, 1);
	for (i = 0; i < ncol; i++) {
		const struct span *sp = &c->spans[r->first + i];

		c->names[i] = kcc_xstrndup(c->data + sp->off, sp->n);
		if (c->names[i][0] == '\0' ||
			nameset_add(&set, c->names[i]) != 0)
			dup[i] = 1;
	}
	for (i = 0; i < ncol; i++) {
		if (!dup[i])
			continue;
		len = strlen(c->names[i]) + 32;
		s = kcc_xmalloc(len);
		if (c->names[i][0] == '\0')
			snprintf(s, len, "column_%zu", i + 1);
		else
			snprintf(s, len, "%s_2", c->names[i]);
		for (k = 2; nameset_add(&set, s) != 0; k++) {
			if (c->names[i][0] == '\0')
				snprintf(s, len, "column_%zu_%zu", i + 1, k);
			else
				snprintf(s, len, "%s_%zu", c->names[i], k + 1);
		}
		name_warning(c, r->line, i, c->names[i], s);
		free(c->names[i]);
		c->names[i] = s;
	}
	free(dup);
	free(set.slot);
}

static void
set_numbered_names(struct kcc_csv *c, size_t ncol)
{
	size_t i;

	c->ncol = ncol;
	c->names = kcc_xcalloc(ncol + 1, sizeof *c->names);
	for (i = 0; i < ncol; i++) {
		c->names[i] = kcc_xmalloc(24);
		snprintf(c->names[i], 24, "%zu", i + 1);
	}
}

/* Handing out. */

/* Describe the first invalid UTF-8 in row r (at data offset bad). */
static void
describe_bad_utf8(struct kcc_csv *c, const struct rowent *r, size_t bad,
	char *msg, size_t size)
{
	size_t i, col = 0;
	unsigned long line;
	int len;

	for (i = 0; i < r->nspans; i++)
		if (c->spans[r->first + i].off <= bad)
			col = i;
	line = r->line +
	       count_byte(c->data + r->data_off, bad - r->data_off, c->nl);
	if (col < c->ncol)
		len = snprintf(msg, size,
			"invalid UTF-8 in column '%.60s': byte 0x%02X",
			c->names[col], (unsigned char)c->data[bad]);
	else
		len = snprintf(msg, size,
			"invalid UTF-8 in field %zu: byte 0x%02X", col + 1,
			(unsigned char)c->data[bad]);
	if (line != r->line && len > 0 && (size_t)len < size)
		snprintf(msg + len, size - (size_t)len, " at line %lu", line);
}

static int
deliver(struct kcc_csv *c, const struct rowent *r, struct kcc_csv_row *row)
{
	size_t i, bad;

	if (c->out_cap < r->nspans) {
		c->out_cap = r->nspans > 64 ? r->nspans : 64;
		free(c->out);
		c->out = kcc_xmalloc(c->out_cap * sizeof *c->out);
	}
	for (i = 0; i < r->nspans; i++) {
		c->out[i].p = c->data + c->spans[r->first + i].off;
		c->out[i].n = c->spans[r->first + i].n;
	}
	row->fields = c->out;
	row->n = r->nspans;
	row->line = r->line;
	row->rowno = ++c->rowno;
	row->reason = NULL;
	row->msg[0] = '\0';
	if (r->unterminated) {
		row->reason = "unterminated quote";
		snprintf(row->msg, sizeof row->msg,
			"quoted field starting at line %lu is not terminated",
			r->qline);
		return KCC_CSV_BAD;
	}
	if (r->too_long) {
		row->reason = "row too long";
		snprintf(row->msg, sizeof row->msg, "row longer than %zu bytes",
			c->max);
		return KCC_CSV_BAD;
	}
	if (!c->converting && (bad = utf8_check(c->data + r->data_off,
				       r->data_end - r->data_off)) <
				      r->data_end - r->data_off) {
		row->reason = "invalid UTF-8";
		describe_bad_utf8(c, r, r->data_off + bad, row->msg,
			sizeof row->msg);
		return KCC_CSV_BAD;
	}
	if (c->width > 0 && r->nfields != c->width) {
		row->reason = "ragged row";
		snprintf(row->msg, sizeof row->msg,
			"row has %zu field%s, the header has %zu", r->nfields,
			r->nfields == 1 ? "" : "s", c->width);
		return KCC_CSV_BAD;
	}
	return KCC_CSV_ROW;
}

int
kcc_csv_next(struct kcc_csv *c, struct kcc_csv_row *row)
{
	for (;;) {
		if (c->next_row < c->nrows)
			return deliver(c, &c->rows[c->next_row++], row);
		if (c->done)
			return c->err ? KCC_CSV_ERROR : KCC_CSV_EOF;
		if (refill(c) < 0) {
			c->done = c->err = 1;
			return KCC_CSV_ERROR;
		}
	}
}

/* Read the header row; -1 after reporting. */
static int
header(struct kcc_csv *c, int no_header)
{
	const struct rowent *r;
	size_t bad;

	while (c->next_row >= c->nrows && !c->done)
		if (refill(c) < 0)
			return -1;
	if (c->next_row >= c->nrows)
		return 0; /* empty */
	r = &c->rows[c->next_row];
	if (no_header) {
		set_numbered_names(c, r->nfields);
		c->width = r->nfields;
		return 0;
	}
	if (r->unterminated) {
		kcc_warnl(c->name, r->qline,
			"header: quoted field is not terminated");
		return -1;
	}
	if (r->too_long) {
		kcc_warnl(c->name, r->line, "header: row longer than %zu bytes",
			c->max);
		return -1;
	}
	if (!c->converting && (bad = utf8_check(c->data + r->data_off,
				       r->data_end - r->data_off)) <
				      r->data_end - r->data_off) {
		kcc_warnl(c->name, r->line,
			"header: invalid UTF-8 (byte 0x%02X); is the file in "
			"another encoding?",
			(unsigned char)c->data[r->data_off + bad]);
		return -1;
	}
	set_names(c, r);
	c->width = c->ncol;
	c->next_row++;
	return 0;
}

struct kcc_csv *
kcc_csv_open(kcc_csv_read_fn read, void *ctx, const char *name,
	const struct kcc_csv_options *opt)
{
	static const struct kcc_csv_options defaults;
	struct kcc_csv *c;
	size_t len = 0, skip = 0;
	int bom = -1;
	ssize_t r;

	if (opt == NULL)
		opt = &defaults;
	if (opt->delim < 0 || opt->delim > 255 || opt->delim == '"' ||
		opt->delim == '\r' || opt->delim == '\n') {
		kcc_warnx("%s: invalid delimiter",
			name != NULL ? name : "<stdin>");
		return NULL;
	}
	if (opt->encoding < KCC_CSV_AUTO || opt->encoding > KCC_CSV_UTF16BE) {
		kcc_warnx("%s: invalid encoding",
			name != NULL ? name : "<stdin>");
		return NULL;
	}
	c = kcc_xcalloc(1, sizeof *c);
	c->read = read;
	c->ctx = ctx;
	c->name = kcc_xstrdup(name != NULL ? name : "<stdin>");
	c->max = opt->max_row ? opt->max_row : KCC_CSV_DEFAULT_MAX;
	if (c->max > MAX_LIMIT)
		c->max = MAX_LIMIT;
	c->delim = opt->delim;
	c->quiet = opt->quiet;
	c->libcsv_only = opt->libcsv_only;
	c->nl = '\n';
	c->other = '\r';
	c->cur_line = 1;
	c->cd = (iconv_t)-1;
	c->in = kcc_xmalloc(CHUNK);
	c->data_cap = 4096;
	c->data = kcc_xmalloc(c->data_cap);
	csv_init(&c->parser, CSV_REPALL_NL);
	csv_set_realloc_func(&c->parser, field_buf_realloc);
	csv_set_free_func(&c->parser, field_buf_free);
	csv_set_blk_size(&c->parser, FIELD_BLOCK);
	c->parser.entry_buf = field_buf_new(c->max + 2);
	c->parser.entry_size =
		c->max + 2 < FIELD_BLOCK ? c->max + 2 : FIELD_BLOCK;

	/* The first chunk whole: the sample to sniff. */
	while (len < CHUNK) {
		r = read(ctx, c->in + len, CHUNK - len);
		if (r < 0)
			goto fail;
		if (r == 0) {
			c->eof = 1;
			break;
		}
		len += (size_t)r;
	}
	if (len >= 3 && memcmp(c->in, "\xEF\xBB\xBF", 3) == 0) {
		bom = KCC_CSV_UTF8;
		skip = 3;
	} else if (len >= 2 && memcmp(c->in, "\xFF\xFE", 2) == 0) {
		bom = KCC_CSV_UTF16LE;
		skip = 2;
	} else if (len >= 2 && memcmp(c->in, "\xFE\xFF", 2) == 0) {
		bom = KCC_CSV_UTF16BE;
		skip = 2;
	}
	if (bom >= 0 && opt->encoding != KCC_CSV_AUTO && opt->encoding != bom)
		kcc_warnx("%s: byte order mark says %s, not %s; reading %s",
			c->name, kcc_csv_encoding_name(bom),
			kcc_csv_encoding_name(opt->encoding),
			kcc_csv_encoding_name(bom));
	if (bom >= 0 ? set_encoding(c, bom) < 0
		     : opt->encoding != KCC_CSV_AUTO &&
				set_encoding(c, opt->encoding) < 0)
		goto fail;
	if (feed(c, c->in + skip, len - skip, opt->decimal) < 0)
		goto fail;
	if (header(c, opt->no_header) < 0)
		goto fail;
	return c;
fail:
	kcc_csv_close(c);
	return NULL;
}

void
kcc_csv_close(struct kcc_csv *c)
{
	size_t i;

	if (c == NULL)
		return;
	csv_free(&c->parser);
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	for (i = 0; i < c->ncol; i++)
		free(c->names[i]);
	free(c->names);
	free(c->out);
	free(c->cuts);
	free(c->rows);
	free(c->spans);
	free(c->data);
	free(c->conv);
	free(c->in);
	free(c->name);
	free(c);
}

size_t
kcc_csv_columns(const struct kcc_csv *c, const char *const **names)
{
	if (names != NULL)
		*names = (const char *const *)c->names;
	return c->ncol;
}

long
kcc_csv_column(const struct kcc_csv *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->ncol; i++)
		if (strcmp(c->names[i], name) == 0)
			return (long)i;
	return -1;
}

size_t
kcc_csv_renamed(const struct kcc_csv *c)
{
	return c->renamed;
}

int
kcc_csv_delim(const struct kcc_csv *c)
{
	return c->delim;
}

int
kcc_csv_encoding(const struct kcc_csv *c)
{
	return c->encoding;
}

int
kcc_csv_decimal_comma(const struct kcc_csv *c)
{
	return c->decimal_comma;
}

const char *
kcc_csv_name(const struct kcc_csv *c)
{
	return c->name;
}

/* Whether field f needs quotes to read back the same. */
static int
needs_quotes(const struct kcc_csv_field *f, int delim)
{
	size_t i;

	if (f->n == 0)
		return 0;
	if (f->p[0] == ' ' || f->p[0] == '\t' || f->p[f->n - 1] == ' ' ||
		f->p[f->n - 1] == '\t')
		return 1;
	for (i = 0; i < f->n; i++)
		if (f->p[i] == delim || f->p[i] == '"' || f->p[i] == '\n' ||
			f->p[i] == '\r')
			return 1;
	return 0;
}

void
kcc_csv_write_row(struct kcc_out *out, const struct kcc_csv_field *f, size_t n,
	int delim)
{
	const char *p, *end, *q;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			kcc_out_putc(out, (char)delim);
		if (!needs_quotes(&f[i], delim)) {
			if (n == 1 && f[i].n == 0)
				kcc_out_write(out, "\"\"", 2); /* not blank */
			else
				kcc_out_write(out, f[i].p, f[i].n);
			continue;
		}
		kcc_out_putc(out, '"');
		for (p = f[i].p, end = p + f[i].n; p < end; p = q + 1) {
			q = memchr(p, '"', (size_t)(end - p));
			if (q == NULL) {
				kcc_out_write(out, p, (size_t)(end - p));
				break;
			}
			kcc_out_write(out, p, (size_t)(q - p + 1));
			kcc_out_putc(out, '"');
		}
		kcc_out_putc(out, '"');
	}
	kcc_out_putc(out, '\n');
}
