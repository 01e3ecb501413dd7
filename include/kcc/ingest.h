/*
 * The ingest pipeline shared by kcc-ingest's input kinds: read rows, turn
 * them into canonical records, write them, and account for every row that
 * could not become one.
 *
 * Counts always add up: for every input and in total,
 * read = written + rejected.
 */
#ifndef KCC_INGEST_H
#define KCC_INGEST_H

#include <stdio.h>

#include "kcc/build.h"
#include "kcc/chat.h"
#include "kcc/csv.h"
#include "kcc/map.h"
#include "kcc/out.h"
#include "kcc/profile.h"
#include "kcc/pseudo.h"
#include "kcc/redact.h"
#include "kcc/record.h"
#include "kcc/source.h"

struct kcc_jq;

#define KCC_INGEST_REASONS 16

struct kcc_ingest_counts {
	char *name; /* the input ("file" or "file:member"), or "total" */
	unsigned long long read, written, rejected;
	struct {
		const char *reason; /* static string */
		unsigned long long n;
	} by_reason[KCC_INGEST_REASONS];
};

struct kcc_ingest {
	struct kcc_out *out;     /* records */
	struct kcc_out *rejects; /* rejected rows, or NULL: report on stderr */
	size_t max_line;
	unsigned long long shown; /* reject messages printed on stderr */
	struct kcc_record rec;
	/* What the inputs are and how they map; set before reading. */
	enum kcc_format format;
	struct kcc_map *map; /* CSV: the rules (borrowed) */
	struct kcc_csv_options csv_opt;
	struct kcc_chat_opts chat_opt; /* chat exports */
	struct kcc_source_limits limits;
	struct kcc_pseudo *pseudo; /* NULL: no pseudonyms (borrowed) */
	struct kcc_redact redact;
	int redact_on;
	struct kcc_out tmp;   /* a value being rewritten */
	struct kcc_jq *jq;    /* --jq program, or NULL (borrowed) */
	struct kcc_out jqout; /* its output */
	struct {
		char *buf;
		size_t cap;
	} red; /* redacted text */
	struct kcc_redact_counts redactions;
	/* Reused per row. */
	struct kcc_build build;
	struct kcc_out raw; /* a rejected row's text */
	const char **ptrs;
	size_t *lens, nptrs;
	const char *records_path; /* JSON: member holding records */
	struct {
		char *buf;
		size_t cap;
	} whole; /* JSON: the whole document */
	struct flat {
		struct kcc_out names, vals;
		size_t n, cap;
		size_t *name_off, *val_off, *val_len;
		int *top, *is_json;
		const char **np, **vp;
		size_t *nl;
	} flat; /* JSON: a record's columns */
	struct kcc_ingest_counts total;
	struct kcc_ingest_counts *files;
	size_t nfiles;
};

/* At most this many rejects are described on stderr; the summary counts all. */
#define KCC_INGEST_SHOW_MAX 100

/* Borrow `out` and `rejects` (NULL: none) for the life of `ing`. */
void kcc_ingest_init(struct kcc_ingest *ing, struct kcc_out *out,
	struct kcc_out *rejects, size_t max_line);
void kcc_ingest_release(struct kcc_ingest *ing);

/*
 * Read `path` ("-": standard input; compressed files and archives member
 * by member) in ing->format: canonical JSON lines are validated and
 * normalised, CSV rows mapped through ing->map; write each record; report,
 * count and (with a rejects output) write each row that fails.  Returns 0,
 * or 1 when the input could not be opened or read (reported).
 */
int kcc_ingest_file(struct kcc_ingest *ing, const char *path);

/*
 * Count one rejected row of input `c` at `line` (1-based, 0: none) and
 * column (1-based, 0: none) for `reason` (static) with message `msg`; the
 * raw row is row[0..n).  Writes it to the rejects output, or describes it on
 * stderr (up to KCC_INGEST_SHOW_MAX).
 */
void kcc_ingest_reject(struct kcc_ingest *ing, struct kcc_ingest_counts *c,
	unsigned long line, size_t column, const char *reason, const char *msg,
	const char *row, size_t n);

/*
 * Make map's pseudo rules use ing->pseudo and, when redact is set, redact
 * free text and extension values with every kind of personal data, as
 * written in `country` (ISO code; NULL: NL; elsewhere Dutch postcodes are
 * not looked for and phone numbers follow that country's plan).
 */
void kcc_ingest_hooks(struct kcc_ingest *ing, struct kcc_map *map, int redact,
	const char *country);

/* Print per-input and total counts, with rejects by reason, to `fp`. */
void kcc_ingest_summary(const struct kcc_ingest *ing, FILE *fp);

#endif
