/*
 * Tests for the CSV reader: dialects, quoting, encodings, bad rows, the
 * header, and the real public files under $KCC_SHARED/data (skipped when
 * absent).  Every in-memory case is read whole and again a few bytes at a
 * time, which must give the same rows.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kcc/csv.h"
#include "kcc/diag.h"
#include "kcc/out.h"
#include "tap.h"

static void
skip(const char *why)
{
	printf("ok %d # skip %s\n", ++tap_n, why);
}

/* Input from memory, at most `step` bytes a read; an error at `fail_at`. */
struct mem {
	const char *p;
	size_t n, pos, step;
	long fail_at;
};

static ssize_t
mem_read(void *ctx, void *buf, size_t n)
{
	struct mem *m = ctx;

	if (m->fail_at >= 0 && m->pos >= (size_t)m->fail_at) {
		kcc_warnx("test: read error");
		return -1;
	}
	if (n > m->step)
		n = m->step;
	if (n > m->n - m->pos)
		n = m->n - m->pos;
	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

static ssize_t
fd_read(void *ctx, void *buf, size_t n)
{
	ssize_t r;

	do
		r = read(*(int *)ctx, buf, n);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		kcc_warn("read");
	return r;
}

/* A growing string. */
struct str {
	char *p;
	size_t n, cap;
};

static void
str_add(struct str *s, const char *p, size_t n)
{
	if (s->n + n + 1 > s->cap) {
		s->cap = (s->n + n + 1) * 2;
		s->p = kcc_xrealloc(s->p, s->cap);
	}
	memcpy(s->p + s->n, p, n);
	s->n += n;
	s->p[s->n] = '\0';
}

static void str_addf(struct str *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
str_addf(struct str *s, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	str_add(s, buf, n < 0 ? 0 : (size_t)n);
}

/*
 * Every row of a CSV as text, one a line: "LINE: f1|f2" for a row,
 * "LINE! reason: msg: f1|f2" for a bad one; CR and LF in fields as \r and
 * \n.  Then "EOF" or "ERROR".  The columns first: "[a|b]".
 */
static char *
dump(struct kcc_csv *c, int status)
{
	struct kcc_csv_row row;
	struct str s = {NULL, 0, 0};
	const char *const *names;
	size_t i, j, n;
	int r;

	if (c == NULL) {
		str_add(&s, "OPEN FAILED", 11);
		return s.p;
	}
	n = kcc_csv_columns(c, &names);
	str_add(&s, "[", 1);
	for (i = 0; i < n; i++)
		str_addf(&s, "%s%s", i ? "|" : "", names[i]);
	str_add(&s, "]\n", 2);
	while ((r = kcc_csv_next(c, &row)) > 0) {
		if (r == KCC_CSV_BAD)
			str_addf(&s, "%lu! %s: %s: ", row.line, row.reason,
				row.msg);
		else
			str_addf(&s, "%lu: ", row.line);
		for (i = 0; i < row.n; i++) {
			const struct kcc_csv_field *f = &row.fields[i];
			if (i > 0)
				str_add(&s, "|", 1);
			if (f->p[f->n] != '\0')
				str_add(&s, "<NO NUL>", 8);
			for (j = 0; j < f->n; j++)
				if (f->p[j] == '\n')
					str_add(&s, "\\n", 2);
				else if (f->p[j] == '\r')
					str_add(&s, "\\r", 2);
				else
					str_add(&s, f->p + j, 1);
		}
		str_add(&s, "\n", 1);
	}
	str_add(&s, r == 0 ? "EOF" : "ERROR", r == 0 ? 3 : 5);
	(void)status;
	return s.p;
}

/* Read text (length n) in reads of `step` bytes; the dump. */
static char *
read_text(const char *text, size_t n, const struct kcc_csv_options *opt,
	size_t step)
{
	struct mem m = {text, n, 0, step, -1};
	struct kcc_csv *c = kcc_csv_open(mem_read, &m, "t.csv", opt);
	char *d = dump(c, 0);

	kcc_csv_close(c);
	return d;
}

/*
 * Check the rows of text against want, reading it whole and in small
 * steps.
 */
static void
check_rows(const char *what, const char *text, size_t n,
	const struct kcc_csv_options *opt, const char *want)
{
	static const size_t steps[] = {1, 2, 3, 7, 64};
	char *whole = read_text(text, n, opt, 1 << 20), *part;
	size_t i;
	int same = 1;

	is_str(whole, want, "%s", what);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		part = read_text(text, n, opt, steps[i]);
		if (strcmp(part, whole) != 0) {
			printf("# step %zu:\n%s\n", steps[i], part);
			same = 0;
		}
		free(part);
	}
	ok(same, "%s: the same read a few bytes at a time", what);
	{
		/* Lines split without libcsv give what libcsv gives. */
		struct kcc_csv_options o = {0};
		if (opt != NULL)
			o = *opt;
		o.libcsv_only = 1;
		part = read_text(text, n, &o, 1 << 20);
		is_str(part, whole, "%s: the same with libcsv alone", what);
		free(part);
	}
	free(whole);
}

#define CHECK(what, text, opt, want)                                           \
	check_rows(what, text, sizeof(text) - 1, opt, want)

/* Open text whole; the caller closes. */
static struct kcc_csv *
open_text(struct mem *m, const char *text, size_t n,
	const struct kcc_csv_options *opt)
{
	m->p = text;
	m->n = n;
	m->pos = 0;
	m->step = 1 << 20;
	m->fail_at = -1;
	return kcc_csv_open(mem_read, m, "t.csv", opt);
}

static void
test_sniff(void)
{
	struct kcc_csv_options opt = {0};
	struct kcc_csv *c;
	struct mem m;
	static const struct {
		const char *text;
		int delim, decimal_comma;
	} cases[] = {
		{"a,b,c\n1,2,3\n", ',', 0},
		{"a;b;c\n1;2,5;3\n4;5,25;6\n", ';', 1},
		{"a\tb\tc\n1\t2,5\t3\n", '\t', 0},
		{"a|b|c\n1|2|3\n", '|', 0},
		/* decimal commas outnumber the delimiter on some lines */
		{"naam;bedrag\nJan;1,5\nPiet;2,50\nKees;1.234,56\n", ';', 1},
		/* a quoted delimiter does not count */
		{"\"a;x\",b,c\n1,\"2;3;4\",5\n", ',', 0},
		/* only a header, without a line end */
		{"id;naam;adres", ';', 1},
		/* one column */
		{"naam\nJan\n", ',', 0},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		c = open_text(&m, cases[i].text, strlen(cases[i].text), NULL);
		ok(c != NULL, "sniff %zu: opens", i);
		if (c == NULL)
			continue;
		is_int(kcc_csv_delim(c), cases[i].delim, "sniff %zu: delimiter",
			i);
		is_int(kcc_csv_decimal_comma(c), cases[i].decimal_comma,
			"sniff %zu: decimal comma", i);
		kcc_csv_close(c);
	}

	/* Given, the delimiter is not sniffed; the decimal mark may be. */
	opt.delim = ';';
	CHECK("given delimiter", "a,b;c\n1,5;2\n", &opt,
		"[a,b|c]\n2: 1,5|2\nEOF");
	opt.delim = ',';
	opt.decimal = KCC_CSV_DECIMAL_COMMA;
	c = open_text(&m, "a;b\n", 4, &opt);
	is_int(kcc_csv_decimal_comma(c), 1, "decimal comma given");
	kcc_csv_close(c);
	opt.delim = ';';
	opt.decimal = KCC_CSV_DECIMAL_POINT;
	c = open_text(&m, "a;b\n", 4, &opt);
	is_int(kcc_csv_decimal_comma(c), 0, "decimal point given");
	kcc_csv_close(c);
	opt.delim = '"';
	c = open_text(&m, "a;b\n", 4, &opt);
	ok(c == NULL, "a quote is not a delimiter");
}

static void
test_quotes(void)
{
	CHECK("quotes",
		"a,b,c\n"
		"\"x,y\",\"he said \"\"hi\"\"\",\"line1\nline2\"\n"
		"1,2,3\n",
		NULL,
		"[a|b|c]\n"
		"2: x,y|he said \"hi\"|line1\\nline2\n"
		"4: 1|2|3\nEOF");
	CHECK("rows over many lines",
		"id,text\n"
		"1,\"a\n\nb\n\"\n"
		"2,\"\"\n"
		"3,\"\"\"\"\n"
		"4,\"c\r\nd\"\r\n",
		NULL,
		"[id|text]\n"
		"2: 1|a\\n\\nb\\n\n"
		"6: 2|\n"
		"7: 3|\"\n"
		"8: 4|c\\r\\nd\nEOF");
	CHECK("spaces", "a,b,c\n x , \" y \" ,\tz\t\n", NULL,
		"[a|b|c]\n2: x| y |z\nEOF");
	CHECK("tab-separated keeps tabs between fields",
		"a\tb\tc\n1\t\t3\n \t2 \t\n", NULL,
		"[a|b|c]\n2: 1||3\n3: |2|\nEOF");
	CHECK("a stray quote inside an unquoted field is data",
		"a,b\n5\" pipe,x\n", NULL, "[a|b]\n2: 5\" pipe|x\nEOF");
	CHECK("blank lines count", "a\n\n1\n   \n\r\n2\n\n", NULL,
		"[a]\n3: 1\n6: 2\nEOF");
	CHECK("no line end at the end", "a,b\n1,2", NULL, "[a|b]\n2: 1|2\nEOF");
	CHECK("empty last field", "a,b\n1,\n,\n", NULL,
		"[a|b]\n2: 1|\n3: |\nEOF");
	CHECK("quoted fields with blanks around",
		"a,b,c\n \"x, y\"  ,\t\"\" ,\" z \"\t\r\n\"\"\n  \"q\"\n", NULL,
		"[a|b|c]\n2: x, y|| z \n3! ragged row: row has 1 field, the "
		"header has 3: \n4! ragged row: row has 1 field, the header "
		"has 3: q\nEOF");
	{
		/* Trailing blanks count for libcsv's field limit. */
		struct kcc_csv_options o = {0};
		o.max_row = 16;
		CHECK("blanks past the row limit, trimmed within it",
			"a,b\n1,2                    \n3,4\n", &o,
			"[a|b]\n2! row too long: row longer than 16 bytes: \n"
			"3: 3|4\nEOF");
	}
	/* libcsv keeps the field open: the quote was data. */
	CHECK("text after a closing quote",
		"a,b\n\"x\"y,1\n\"x\" y,2\n\"x\"\"\",3\n", NULL,
		"[a|b]\n2: x\"y,1\\n\"x\" y,2\\n\"x\"|3\nEOF");
}

static void
test_line_ends(void)
{
	CHECK("CRLF", "a,b\r\n1,2\r\n\r\n3,\"x\"\r\n", NULL,
		"[a|b]\n2: 1|2\n4: 3|x\nEOF");
	CHECK("a lone CR in an unquoted field is data",
		"a,b,c\n1,x\r\ry,z\n2,q,r\n", NULL,
		"[a|b|c]\n2: 1|x\\r\\ry|z\n3: 2|q|r\nEOF");
	CHECK("a lone CR before a delimiter", "a,b,c\n1,x\r,z\n", NULL,
		"[a|b|c]\n2: 1|x\\r|z\nEOF");
	CHECK("lines ending in CR alone", "a,b\r1,2\r\r3,\"x\ry\"\r", NULL,
		"[a|b]\n2: 1|2\n4: 3|x\\ry\nEOF");
}

static void
test_bom(void)
{
	struct kcc_csv *c;
	struct mem m;

	CHECK("UTF-8 BOM", "\xEF\xBB\xBFid,naam\r\n1,Zo\xC3\xAB\r\n", NULL,
		"[id|naam]\n2: 1|Zo\xC3\xAB\nEOF");
	c = open_text(&m,
		"\xEF\xBB\xBF"
		"a\n",
		5, NULL);
	is_int(kcc_csv_encoding(c), KCC_CSV_UTF8, "a BOM says UTF-8");
	kcc_csv_close(c);
	CHECK("only a BOM", "\xEF\xBB\xBF", NULL, "[]\nEOF");
	/* UTF-16LE with BOM: "a;b\r\n1;é\r\n" */
	CHECK("UTF-16LE",
		"\xFF\xFE"
		"a\0;\0b\0\r\0\n\0"
		"1\0;\0\xE9\0\r\0\n\0",
		NULL, "[a|b]\n2: 1|\xC3\xA9\nEOF");
	CHECK("UTF-16BE",
		"\xFE\xFF"
		"\0a\0,\0b\0\n"
		"\0001\0,\xD8\x3D\xDE\x00\0\n",
		NULL, "[a|b]\n2: 1|\xF0\x9F\x98\x80\nEOF");
}

static void
test_encodings(void)
{
	struct kcc_csv_options opt = {0};
	struct kcc_csv *c;
	struct mem m;
	static const char cp1252[] = "naam;tekst\r\n"
				     "Jos\xE9;\x93hoi\x94 \x80 5\r\n"
				     "\x81;\x9D\r\n";
	static const char latin1[] = "naam,plaats\ncaf\xE9,M\xFCnster\n";

	CHECK("Windows-1252 detected", cp1252, NULL,
		"[naam|tekst]\n"
		"2: Jos\xC3\xA9|\xE2\x80\x9Choi\xE2\x80\x9D \xE2\x82\xAC 5\n"
		"3: \xC2\x81|\xC2\x9D\nEOF");
	c = open_text(&m, cp1252, sizeof cp1252 - 1, NULL);
	is_int(kcc_csv_encoding(c), KCC_CSV_CP1252, "detected Windows-1252");
	kcc_csv_close(c);

	CHECK("ISO-8859-1 detected", latin1, NULL,
		"[naam|plaats]\n2: caf\xC3\xA9|M\xC3\xBCnster\nEOF");
	c = open_text(&m, latin1, sizeof latin1 - 1, NULL);
	is_int(kcc_csv_encoding(c), KCC_CSV_LATIN1, "detected ISO-8859-1");
	kcc_csv_close(c);

	opt.encoding = KCC_CSV_LATIN1;
	CHECK("ISO-8859-1 given: 0x80 is U+0080", "a\n\x80\xE9\n", &opt,
		"[a]\n2: \xC2\x80\xC3\xA9\nEOF");
	opt.encoding = KCC_CSV_CP1252;
	CHECK("Windows-1252 given, in the header", "caf\xE9\n1\n", &opt,
		"[caf\xC3\xA9]\n2: 1\nEOF");

	/* Declared UTF-8: a bad byte makes a bad row, reading goes on. */
	opt.encoding = KCC_CSV_UTF8;
	CHECK("invalid UTF-8",
		"a,b\n1,ok\n2,\"x\ncaf\xE9\"\n3,\xC3\xA9\n4,\xED\xA0\x80\n",
		&opt,
		"[a|b]\n2: 1|ok\n"
		"3! invalid UTF-8: invalid UTF-8 in column 'b': byte 0xE9 at "
		"line 4: 2|x\\ncaf\xE9\n"
		"5: 3|\xC3\xA9\n"
		"6! invalid UTF-8: invalid UTF-8 in column 'b': byte 0xED: "
		"4|\xED\xA0\x80\nEOF");
	CHECK("a sequence cut by a delimiter is invalid", "a,b\n\xC3,\xA9\n",
		&opt,
		"[a|b]\n2! invalid UTF-8: invalid UTF-8 in column 'a': byte "
		"0xC3: \xC3|\xA9\nEOF");
	CHECK("invalid UTF-8 in the header", "caf\xE9\n1\n", &opt,
		"OPEN FAILED");

	/* Detected: mostly valid UTF-8 stays UTF-8, with a bad row. */
	opt.encoding = KCC_CSV_AUTO;
	CHECK("mostly UTF-8", "a\n\xC3\xA9\n\xE2\x82\xAC\n\xE9\n", &opt,
		"[a]\n2: \xC3\xA9\n3: \xE2\x82\xAC\n"
		"4! invalid UTF-8: invalid UTF-8 in column 'a': byte 0xE9: "
		"\xE9\nEOF");
	c = open_text(&m, "a\nb\n", 4, &opt);
	is_int(kcc_csv_encoding(c), KCC_CSV_AUTO, "ASCII: not decided");
	kcc_csv_close(c);

	is_int(kcc_csv_encoding_parse("UTF-8"), KCC_CSV_UTF8, "utf-8");
	is_int(kcc_csv_encoding_parse("windows-1252"), KCC_CSV_CP1252,
		"windows-1252");
	is_int(kcc_csv_encoding_parse("CP1252"), KCC_CSV_CP1252, "cp1252");
	is_int(kcc_csv_encoding_parse("ISO-8859-1"), KCC_CSV_LATIN1,
		"iso-8859-1");
	is_int(kcc_csv_encoding_parse("latin1"), KCC_CSV_LATIN1, "latin1");
	is_int(kcc_csv_encoding_parse("utf_16le"), KCC_CSV_UTF16LE, "utf_16le");
	is_int(kcc_csv_encoding_parse("auto"), KCC_CSV_AUTO, "auto");
	is_int(kcc_csv_encoding_parse("ebcdic"), -1, "ebcdic");
	is_int(kcc_csv_encoding_parse("utf-8-and-then-some"), -1, "long");
	is_str(kcc_csv_encoding_name(KCC_CSV_CP1252), "windows-1252",
		"encoding name");
}

static void
test_bad_rows(void)
{
	struct kcc_csv_options opt = {0};
	struct kcc_csv_row row;
	struct kcc_csv *c;
	struct mem m;
	static char long_text[200];
	int r;

	CHECK("ragged rows", "a,b,c\n1,2\n1,2,3,4\n\n1,2,3\n5\n", NULL,
		"[a|b|c]\n"
		"2! ragged row: row has 2 fields, the header has 3: 1|2\n"
		"3! ragged row: row has 4 fields, the header has 3: 1|2|3|4\n"
		"5: 1|2|3\n"
		"6! ragged row: row has 1 field, the header has 3: 5\nEOF");
	CHECK("unterminated quote", "a,b\n1,2\n3,\"open\nmore\n4,5\n", NULL,
		"[a|b]\n2: 1|2\n"
		"3! unterminated quote: quoted field starting at line 3 is "
		"not terminated: 3|open\\nmore\\n4,5\\n\nEOF");
	CHECK("unterminated quote on a later line of its row",
		"a,b,c\n1,\"x\ny\",\"open\nz", NULL,
		"[a|b|c]\n"
		"2! unterminated quote: quoted field starting at line 3 is "
		"not terminated: 1|x\\ny|open\\nz\nEOF");
	CHECK("unterminated quote after a lone CR", "a,b\n1,x\r\"y", NULL,
		"[a|b]\n"
		"2! unterminated quote: quoted field starting at line 2 is "
		"not terminated: 1|x\\ry\nEOF");
	CHECK("unterminated quote in the header", "a,\"b\n1,2\n", NULL,
		"OPEN FAILED");

	opt.max_row = 16;
	CHECK("row too long", "a,b\n1,2\n0123456789,0123456789\n3,4\n", &opt,
		"[a|b]\n2: 1|2\n"
		"3! row too long: row longer than 16 bytes: \n"
		"4: 3|4\nEOF");
	CHECK("field too long, quoted over lines",
		"a,b\n1,\"0123456789\n0123456789\n0123456789\n0123456789\"\n"
		"3,4\n",
		&opt,
		"[a|b]\n"
		"2! row too long: row longer than 16 bytes: \n"
		"6: 3|4\nEOF");
	CHECK("field too long with quotes and spaces at the limit",
		"a,b\n1,\"0123456789012345\"\"   \"\n3,4\n", &opt,
		"[a|b]\n"
		"2! row too long: row longer than 16 bytes: \n"
		"3: 3|4\nEOF");
	CHECK("many fields too long", "a\n,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n2\n",
		&opt,
		"[a]\n"
		"2! row too long: row longer than 16 bytes: \n"
		"3: 2\nEOF");
	CHECK("unterminated and too long",
		"a,b\n1,\"0123456789\n0123456789\n0123456789\n", &opt,
		"[a|b]\n"
		"2! unterminated quote: quoted field starting at line 2 is "
		"not terminated: \nEOF");
	memset(long_text, 'x', sizeof long_text - 1);
	c = open_text(&m, long_text, sizeof long_text - 1, &opt);
	ok(c == NULL, "a header longer than the limit fails");

	/* A read error ends the reader with KCC_CSV_ERROR. */
	m.p = "a,b\n1,2\n";
	m.n = 8;
	m.pos = 0;
	m.step = 5;
	m.fail_at = 5;
	c = kcc_csv_open(mem_read, &m, "t.csv", NULL);
	ok(c == NULL, "a read error in the first chunk fails the open");
	m.p = "a,b\n1,2\n";
	m.pos = 0;
	m.step = 1;
	m.fail_at = 300 * 1024;
	{
		static char big[400 * 1024];
		size_t i;

		memcpy(big, "a,b\n", 4);
		for (i = 4; i + 4 <= sizeof big; i += 4)
			memcpy(big + i, "1,2\n", 4);
		m.p = big;
		m.n = sizeof big;
		m.step = 1 << 20;
		c = kcc_csv_open(mem_read, &m, "t.csv", NULL);
		ok(c != NULL, "opens before the error");
		while ((r = kcc_csv_next(c, &row)) == KCC_CSV_ROW)
			;
		is_int(r, KCC_CSV_ERROR, "a read error later: error");
		is_int(kcc_csv_next(c, &row), KCC_CSV_ERROR, "and error again");
		kcc_csv_close(c);
	}
}

static void
test_header(void)
{
	struct kcc_csv_options opt = {0};
	struct kcc_csv *c;
	struct mem m;
	struct kcc_csv_row row;

	CHECK("empty", "", NULL, "[]\nEOF");
	CHECK("blank lines only", "\n\r\n\n", NULL, "[]\nEOF");
	CHECK("header only", "a,b\n", NULL, "[a|b]\nEOF");
	CHECK("header only, CRLF and no end", "a;b\r\n", NULL, "[a|b]\nEOF");

	opt.quiet = 1;
	CHECK("empty and duplicate names", "a,,a,b,a,a_2,,\n1,2,3,4,5,6,7,8\n",
		&opt,
		"[a|column_2|a_3|b|a_4|a_2|column_7|column_8]\n"
		"2: 1|2|3|4|5|6|7|8\nEOF");
	c = open_text(&m, "x,x,,y\n", 7, NULL);
	is_int(kcc_csv_renamed(c), 2, "renamed counted");
	is_int(kcc_csv_column(c, "y"), 3, "column by name");
	is_int(kcc_csv_column(c, "x_2"), 1, "renamed column by name");
	is_int(kcc_csv_column(c, "z"), -1, "no such column");
	kcc_csv_close(c);

	opt.no_header = 1;
	CHECK("no header", "1,2\n3,4\n5\n", &opt,
		"[1|2]\n1: 1|2\n2: 3|4\n"
		"3! ragged row: row has 1 field, the header has 2: 5\nEOF");
	c = open_text(&m, "1,2\n", 4, &opt);
	ok(kcc_csv_next(c, &row) == KCC_CSV_ROW && row.rowno == 1,
		"no header: the first row is row 1");
	kcc_csv_close(c);
}

/* Fields written by kcc_csv_write_row() read back the same. */
static void
test_write(void)
{
	static const struct kcc_csv_field fields[] = {
		{"plain", 5},
		{"with,comma", 10},
		{"with \"quotes\"", 13},
		{"two\nlines", 9},
		{" spaced ", 8},
		{"", 0},
		{"cr\r", 3},
	};
	static const struct kcc_csv_field empty[] = {{"", 0}};
	struct kcc_csv_options opt = {0};
	struct kcc_out out;
	struct kcc_csv_row row;
	struct kcc_csv *c;
	struct mem m;
	size_t i, nf = sizeof fields / sizeof fields[0];
	int same = 1;

	kcc_out_init_mem(&out);
	kcc_csv_write_row(&out, fields, nf, ',');
	kcc_csv_write_row(&out, fields, nf, ',');
	kcc_csv_write_row(&out, empty, 1, ',');
	kcc_out_putc(&out, '\0');
	out.len--;
	is_str(out.buf,
		"plain,\"with,comma\",\"with \"\"quotes\"\"\",\"two\nlines\","
		"\" spaced \",,\"cr\r\"\n"
		"plain,\"with,comma\",\"with \"\"quotes\"\"\",\"two\nlines\","
		"\" spaced \",,\"cr\r\"\n"
		"\"\"\n",
		"written");
	opt.delim = ',';
	opt.quiet = 1;
	c = open_text(&m, out.buf, out.len, &opt);
	ok(kcc_csv_next(c, &row) == KCC_CSV_ROW && row.n == nf,
		"read back: the header, then a row");
	ok(kcc_csv_next(c, &row) == KCC_CSV_BAD && row.n == 1 &&
			row.fields[0].n == 0,
		"the single empty field is a (ragged) row, not a blank line");
	kcc_csv_close(c);
	opt.no_header = 1;
	c = open_text(&m, out.buf, out.len, &opt);
	ok(kcc_csv_next(c, &row) == KCC_CSV_ROW && row.n == nf,
		"read back with no header");
	for (i = 0; i < nf && i < row.n; i++)
		if (row.fields[i].n != fields[i].n ||
			memcmp(row.fields[i].p, fields[i].p, fields[i].n) != 0)
			same = 0;
	ok(same, "the same fields");
	kcc_csv_close(c);
	kcc_out_close(&out);
}

/* Real files. */

static const char *
shared_dir(void)
{
	const char *s = getenv("KCC_SHARED");

	return s != NULL && *s != '\0' ? s : "../shared";
}

/* Counts over a file: rows, bad rows, and rows whose column col is val. */
struct counts {
	int opened;
	size_t rows, bad, ncol, match;
	unsigned long first_bad_line, last_line;
	const char *first_bad_reason;
	int delim, encoding, decimal_comma, status;
	char first_name[64], match_text[256];
};

static int
read_file(const char *path, const struct kcc_csv_options *opt, const char *col,
	const char *val, const char *find, struct counts *k)
{
	struct kcc_csv_row row;
	const char *const *names;
	struct kcc_csv *c;
	long ci = -1;
	size_t i;
	int fd, r;

	memset(k, 0, sizeof *k);
	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	c = kcc_csv_open(fd_read, &fd, path, opt);
	if (c != NULL) {
		k->opened = 1;
		k->ncol = kcc_csv_columns(c, &names);
		if (k->ncol > 0)
			snprintf(k->first_name, sizeof k->first_name, "%s",
				names[0]);
		if (col != NULL)
			ci = kcc_csv_column(c, col);
		while ((r = kcc_csv_next(c, &row)) > 0) {
			k->last_line = row.line;
			if (r == KCC_CSV_BAD) {
				if (k->bad++ == 0) {
					k->first_bad_line = row.line;
					k->first_bad_reason = row.reason;
				}
				continue;
			}
			k->rows++;
			if (ci >= 0 && (size_t)ci < row.n &&
				strcmp(row.fields[ci].p, val) == 0)
				k->match++;
			for (i = 0; find != NULL && i < row.n; i++)
				if (strstr(row.fields[i].p, find) != NULL)
					snprintf(k->match_text,
						sizeof k->match_text, "%s",
						row.fields[i].p);
		}
		k->status = r;
		k->delim = kcc_csv_delim(c);
		k->encoding = kcc_csv_encoding(c);
		k->decimal_comma = kcc_csv_decimal_comma(c);
		kcc_csv_close(c);
	}
	close(fd);
	return 0;
}

static void
test_real_files(void)
{
	struct kcc_csv_options quiet = {0};
	struct counts k;
	char path[4096];
	const char *top = getenv("KCC_TOP");

	quiet.quiet = 1;
	snprintf(path, sizeof path,
		"%s/data/pwc-call-center/"
		"Call-Center-Dataset.csv",
		shared_dir());
	if (read_file(path, NULL, "Answered (Y/N)", "Y", NULL, &k) < 0) {
		skip("no PwC call-centre file");
	} else {
		ok(k.opened && k.status == KCC_CSV_EOF, "PwC: read");
		is_int(k.rows, 5000, "PwC: 5000 rows");
		is_int(k.bad, 0, "PwC: no bad rows");
		is_int(k.ncol, 10, "PwC: 10 columns");
		is_str(k.first_name, "Call Id", "PwC: BOM not in the name");
		is_int(k.match, 4054, "PwC: 4054 answered");
		is_int(k.last_line, 5001, "PwC: CRLF lines counted once");
	}

	snprintf(path, sizeof path,
		"%s/data/nyc311/"
		"311_Service_Requests_from_2010_to_Present.csv",
		shared_dir());
	if (read_file(path, NULL, "Open Data Channel Type", "ONLINE", NULL,
		    &k) < 0) {
		skip("no NYC 311 file");
	} else {
		ok(k.opened && k.status == KCC_CSV_EOF, "NYC 311: read");
		is_int(k.rows, 924, "NYC 311: 924 rows");
		is_int(k.bad, 0, "NYC 311: no bad rows");
		is_int(k.ncol, 41, "NYC 311: 41 columns");
		is_int(k.match, 501, "NYC 311: 501 online");
	}

	snprintf(path, sizeof path, "%s/data/boston311/boston311-100.csv",
		shared_dir());
	if (read_file(path, NULL, "source", "Constituent Call", NULL, &k) < 0) {
		skip("no Boston 311 file");
	} else {
		ok(k.opened && k.status == KCC_CSV_EOF, "Boston 311: read");
		is_int(k.rows, 100, "Boston 311: 100 rows");
		is_int(k.bad, 0, "Boston 311: no bad rows");
		is_int(k.ncol, 29, "Boston 311: 29 columns");
		is_int(k.match, 30, "Boston 311: 30 calls");
	}

	snprintf(path, sizeof path, "%s/data/boston311/boston311-100-bad.tsv",
		shared_dir());
	if (read_file(path, NULL, NULL, NULL, NULL, &k) < 0) {
		skip("no Boston 311 bad file");
	} else {
		ok(k.opened && k.status == KCC_CSV_EOF, "Boston bad: read");
		is_int(k.delim, '\t', "Boston bad: tab-separated");
		is_int(k.rows, 99, "Boston bad: 99 rows");
		is_int(k.bad, 1, "Boston bad: one bad row");
		is_int(k.first_bad_line, 41, "Boston bad: at line 41");
		is_str(k.first_bad_reason, "ragged row", "Boston bad: ragged");
	}

	snprintf(path, sizeof path, "%s/data/twcs/twcs.csv", shared_dir());
	if (read_file(path, &quiet, "inbound", "True",
		    "@AskPayPal\r\rI just love", &k) < 0) {
		skip("no twcs file");
	} else {
		ok(k.opened && k.status == KCC_CSV_EOF, "twcs: read");
		is_int(k.rows, 5000, "twcs: 5000 rows");
		is_int(k.bad, 0, "twcs: no bad rows");
		is_int(k.ncol, 8, "twcs: 8 columns");
		is_str(k.first_name, "column_1", "twcs: unnamed column named");
		is_int(k.match, 2778, "twcs: 2778 inbound");
		ok(strncmp(k.match_text, "@AskPayPal\r\rI just love", 22) == 0,
			"twcs: the unquoted CRs kept in their field");
		is_int(k.last_line, 5310, "twcs: lines of the last row");
	}

	snprintf(path, sizeof path, "%s/tests/data/sample/raw/webform.csv",
		top != NULL && *top != '\0' ? top : ".");
	if (read_file(path, NULL, "Naam", "Zo\xC3\xAB van Dijk", NULL, &k) <
		0) {
		skip("no webform sample");
	} else {
		ok(k.opened && k.status == KCC_CSV_EOF, "webform: read");
		is_int(k.delim, ';', "webform: ';'");
		is_int(k.encoding, KCC_CSV_CP1252, "webform: Windows-1252");
		is_int(k.decimal_comma, 1, "webform: decimal comma");
		is_int(k.rows, 232, "webform: 232 rows");
		is_int(k.bad, 0, "webform: no bad rows");
		is_int(k.ncol, 17, "webform: 17 columns");
		ok(k.match > 0, "webform: a name converted");
	}
}

int
main(int argc, char **argv)
{
	(void)argc;
	kcc_diag_init(argv[0]);
	test_sniff();
	test_quotes();
	test_line_ends();
	test_bom();
	test_encodings();
	test_bad_rows();
	test_header();
	test_write();
	test_real_files();
	return tap_done();
}
