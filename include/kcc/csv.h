/*
 * A CSV reader for every dialect a contact export comes in, over libcsv.
 *
 * Input is a byte stream read through a callback (kcc_source_read() in a
 * one-line wrapper), so files, standard input and archive members are read
 * alike.  The
 * reader:
 *
 *   - sniffs the delimiter (',' ';' tab '|') from the first lines unless
 *     one is given, and whether lines end in LF, CRLF or a lone CR;
 *   - skips a byte order mark; takes UTF-8 (validated, row by row),
 *     Windows-1252 and ISO-8859-1 (converted to UTF-8 through iconv(3)),
 *     and UTF-16 with a byte order mark; with KCC_CSV_AUTO the encoding is
 *     decided on the first bytes that are not ASCII;
 *   - handles quotes, doubled quotes, delimiters and newlines in quoted
 *     fields, and reports the line where each row starts;
 *   - names the columns from the header row, making empty and duplicate
 *     names unique with a warning;
 *   - hands out a row that cannot be trusted (ragged, invalid UTF-8, too
 *     long, an unterminated quote) as a bad row with a reason, so that the
 *     caller rejects and counts it; reading goes on after it.
 *
 * Unquoted fields lose leading and trailing spaces and tabs (libcsv's rule;
 * a tab is kept when it is the delimiter); quoted fields keep them.  A lone
 * CR inside an unquoted field of a LF or CRLF file is data, not a line end.
 *
 * Rows are arrays of (pointer, length) fields in UTF-8, borrowed until the
 * next call; nothing is allocated per field or per row once the buffers
 * have grown to the largest chunk's needs.
 */
#ifndef KCC_CSV_H
#define KCC_CSV_H

#include <stddef.h>
#include <sys/types.h>

#include "kcc/out.h"

/* Default largest row, in bytes of fields and delimiters (as --max-line). */
#define KCC_CSV_DEFAULT_MAX (16u << 20)

enum kcc_csv_encoding {
	KCC_CSV_AUTO = 0, /* detect: UTF-8 unless the first non-ASCII bytes
			     are not, then Windows-1252 */
	KCC_CSV_UTF8,
	KCC_CSV_CP1252,
	KCC_CSV_LATIN1, /* ISO-8859-1 */
	KCC_CSV_UTF16LE,
	KCC_CSV_UTF16BE,
};

enum kcc_csv_decimal {
	KCC_CSV_DECIMAL_AUTO = 0, /* a comma when the delimiter is ';' */
	KCC_CSV_DECIMAL_POINT,
	KCC_CSV_DECIMAL_COMMA,
};

/* All zero (or a NULL pointer) means: sniff and detect everything. */
struct kcc_csv_options {
	int delim;       /* the delimiter byte; 0: sniff */
	int encoding;    /* enum kcc_csv_encoding */
	int no_header;   /* the first row is data; columns are "1", "2", ... */
	int decimal;     /* enum kcc_csv_decimal */
	size_t max_row;  /* largest row: bytes of its fields and of a
			   delimiter between each; 0: KCC_CSV_DEFAULT_MAX */
	int quiet;       /* no warnings about column names */
	int libcsv_only; /* for tests: no line split without libcsv */
};

/* A field: p[0..n) in UTF-8, and p[n] is a NUL byte. */
struct kcc_csv_field {
	const char *p;
	size_t n;
};

/* kcc_csv_next() results */
enum {
	KCC_CSV_EOF = 0,
	KCC_CSV_ROW = 1,
	KCC_CSV_BAD = 2,    /* a row to reject: see reason and msg */
	KCC_CSV_ERROR = -1, /* read or conversion error, reported; stop */
};

struct kcc_csv_row {
	const struct kcc_csv_field *fields; /* borrowed until the next call */
	size_t n;                           /* number of fields */
	unsigned long line;  /* 1-based line where the row starts */
	unsigned long rowno; /* 1-based data row number (header not counted) */
	/*
	 * KCC_CSV_BAD only: a short static class for counting ("ragged row",
	 * "invalid UTF-8", "row too long", "unterminated quote") and a message
	 * without location ("row has 30 fields, the header has 29").  A too
	 * long row has no fields; an unterminated one has those read.
	 */
	const char *reason;
	char msg[200];
};

/*
 * Where the bytes come from: read up to n bytes into buf and return how
 * many, 0 at the end, or -1 after reporting an error itself.  For a
 * source, a wrapper with this type that calls kcc_source_read(ctx, buf, n)
 * (do not cast kcc_source_read itself: calling through a pointer of
 * another type is undefined).
 */
typedef ssize_t (*kcc_csv_read_fn)(void *ctx, void *buf, size_t n);

struct kcc_csv;

/*
 * Start reading CSV from `read`/`ctx`; `name` (copied; NULL: "<stdin>") is
 * used in messages ("file" or "file:member").  Reads the first chunk
 * (128 KiB, or all of a shorter input: it blocks until then), sniffs the
 * dialect and reads the header row (unless opt->no_header).  An empty
 * file, or one of only blank lines, opens with no columns and no rows.
 * Returns NULL after reporting an error: a read error, an invalid option,
 * a header row that is too long, unterminated or not valid UTF-8.
 */
struct kcc_csv *kcc_csv_open(kcc_csv_read_fn read, void *ctx, const char *name,
	const struct kcc_csv_options *opt);

/*
 * The next data row.  Returns KCC_CSV_ROW with *row set; KCC_CSV_BAD for
 * a row to reject (reading can go on); KCC_CSV_EOF at the end; or
 * KCC_CSV_ERROR after an error was reported (the reader is then done).
 * Blank lines are skipped (they count for line numbers).
 */
int kcc_csv_next(struct kcc_csv *csv, struct kcc_csv_row *row);

/* Close and free; kcc_csv_close(NULL) does nothing. */
void kcc_csv_close(struct kcc_csv *csv);

/*
 * The column names (NUL-terminated UTF-8, unique and non-empty, valid
 * until close) and how many there are; *names may be NULL.
 */
size_t kcc_csv_columns(const struct kcc_csv *csv, const char *const **names);

/* Index of the column named `name`, or -1. */
long kcc_csv_column(const struct kcc_csv *csv, const char *name);

/* How many column names were missing or duplicated and were renamed. */
size_t kcc_csv_renamed(const struct kcc_csv *csv);

/* The delimiter in use (given or sniffed). */
int kcc_csv_delim(const struct kcc_csv *csv);

/*
 * The encoding in use: KCC_CSV_AUTO while everything so far was ASCII,
 * KCC_CSV_CP1252 or KCC_CSV_LATIN1 as detected (both are read as
 * Windows-1252, which agrees with ISO-8859-1 on all printable text).
 */
int kcc_csv_encoding(const struct kcc_csv *csv);

/* Whether numbers use a decimal comma: as given, or ';' as delimiter. */
int kcc_csv_decimal_comma(const struct kcc_csv *csv);

/* The name given to kcc_csv_open(). */
const char *kcc_csv_name(const struct kcc_csv *csv);

/*
 * The encoding named s ("auto", "utf-8", "windows-1252", "cp1252",
 * "iso-8859-1", "latin1", "utf-16le", "utf-16be"; case and '-' or '_'
 * do not matter), or -1.
 */
int kcc_csv_encoding_parse(const char *s);

/* The canonical name of an encoding ("utf-8", "windows-1252", ...). */
const char *kcc_csv_encoding_name(int encoding);

/*
 * Write n fields as one CSV line ending in "\n", quoting a field when it
 * holds the delimiter, a quote, CR or LF, or starts or ends with a space
 * or tab, so that this reader reads back the same fields.
 */
void kcc_csv_write_row(struct kcc_out *out, const struct kcc_csv_field *f,
	size_t n, int delim);

#endif
