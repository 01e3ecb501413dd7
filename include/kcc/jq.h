/*
 * jq programs run on records, through libjq (jq 1.6).
 *
 * A user's program (the text of an option such as --where) is compiled
 * once into a struct kcc_jq, then run on one record at a time: the record
 * line becomes a jq value, the program runs on it, and its outputs come out
 * one by one.  Three helpers cover the common uses: a filter (does the
 * record pass?), a group key (canonical JSON text) and a mapping (the
 * outputs as record lines).  Errors, at compile time or at run time, come
 * back as one message (kcc_jq_error()) that the caller prints with its
 * file:line; libjq itself prints nothing.
 *
 * Outputs are written in kcc's canonical JSON (see kcc/json.h), not in
 * jq's: numbers are integers when integral and |x| < 2^53, else the
 * shortest form that reads back.  Where JSON has no number, jq 1.6's
 * choices are kept so that results match the jq command: NaN is written
 * as null, +-infinity as +-1.7976931348623157e+308 (the largest double).
 * Numbers pass through doubles, as in jq 1.6: an integer in a record
 * beyond 2^53 comes out rounded.
 *
 * A struct kcc_jq runs one program on one record at a time; use one per
 * thread.  Only this module includes libjq's headers.  The few functions
 * that take or return a jq value (jv) are declared only when <jv.h> was
 * included first; following libjq's rule, each jv argument is marked
 * "consumed" (ownership passes to the callee) or "borrowed".
 */
#ifndef KCC_JQ_H
#define KCC_JQ_H

#include <stddef.h>

#include "kcc/out.h"

struct kcc_jq;

/* What kcc_jq_start() and kcc_jq_next() return. */
enum {
	KCC_JQ_ERROR = -1, /* see kcc_jq_error() */
	KCC_JQ_END = 0,    /* no more outputs for this record */
	KCC_JQ_OUTPUT = 1, /* an output is ready (kcc_jq_next() only) */
};

/* kcc_jq_output_text() flags */
enum {
	/*
	 * Text for comparing values: object keys sorted (as jq -S), so that
	 * two outputs that jq holds equal give the same bytes.  Without it
	 * object members keep jq's order (the order of insertion).
	 */
	KCC_JQ_SORT_KEYS = 1,
};

/*
 * A program holder, not yet compiled.  `what` names the program in every
 * message (e.g. "--where"); it is copied.  Free with kcc_jq_free().
 */
struct kcc_jq *kcc_jq_new(const char *what);

/* Free everything; kcc_jq_free(NULL) does nothing. */
void kcc_jq_free(struct kcc_jq *q);

/*
 * Bind $name (given without the '$') to the string `value`, as jq's
 * --arg.  Call before kcc_jq_compile(); a later binding of the same name
 * replaces an earlier one.  `value` must be UTF-8 (bad bytes become
 * U+FFFD, as in jq).
 */
void kcc_jq_arg(struct kcc_jq *q, const char *name, const char *value);

/*
 * Bind $name to the JSON text `json`, as jq's --argjson.  The text is
 * checked with kcc's JSON scanner.  Returns 0, or -1 with kcc_jq_error()
 * set ("--where: $limit: not valid JSON: ...").
 */
int kcc_jq_argjson(struct kcc_jq *q, const char *name, const char *json);

/*
 * Compile `program` with the arguments bound so far; only once per holder.
 * Returns 0, or -1 with kcc_jq_error() set to the first of libjq's
 * messages, e.g. "--where: syntax error, unexpected $end (Unix shell
 * quoting issues?) at line 1" (with "(and N more errors)" when there are
 * more).  A program that uses an unbound $name fails here.  There is no
 * module search path: `import` and `include` find only modules named
 * relative to the current directory.
 */
int kcc_jq_compile(struct kcc_jq *q, const char *program);

/*
 * Before kcc_jq_compile(): `debug` and `stderr` write nothing (they pass
 * their input on), so that a program cannot print the records' values
 * to standard error.  A program that starts with import or include
 * keeps jq's own stderr.
 */
void kcc_jq_silence(struct kcc_jq *q);

/*
 * The message of the last failure: "<what>: <problem>", no final newline.
 * Borrowed until the next call on q.  "" when nothing failed yet.
 */
const char *kcc_jq_error(const struct kcc_jq *q);

/*
 * Start the compiled program on the record text p[0..n) (one JSON value,
 * normally already checked by the caller).  Returns KCC_JQ_END when
 * started, or KCC_JQ_ERROR when libjq cannot read the record ("--where:
 * jq cannot read the record: Exceeds depth limit for parsing ..."): jq
 * 1.6 reads at most 256 levels of nesting where kcc accepts 512.  Any run
 * still going is abandoned.
 */
int kcc_jq_start(struct kcc_jq *q, const char *p, size_t n);

/*
 * The next output of the run.  Returns KCC_JQ_OUTPUT, KCC_JQ_END, or
 * KCC_JQ_ERROR for an error raised by the program and not caught
 * ("--where: Cannot index string with string \"b\"", "--where: error
 * (not a string): {...}"); after END or ERROR the run is over and further
 * calls return KCC_JQ_END.
 *
 * Halting: `halt` ends the run (KCC_JQ_END) for this record only, since
 * the program runs once per record; `halt_error` is an ERROR whose
 * message is the halt message (a string without its final newline, any
 * other value as JSON); its exit code is not used.  As in jq 1.6,
 * error(null) behaves like `empty`.  `input` and `inputs` see no further
 * input (kcc feeds records one at a time); `debug` writes jq's
 * ["DEBUG:",value] line on standard error.
 */
int kcc_jq_next(struct kcc_jq *q);

/* Whether the current output is true in jq's sense: not false or null. */
int kcc_jq_output_truthy(const struct kcc_jq *q);

/*
 * The current output as one line of canonical JSON text (no newline),
 * in *text (borrowed until the next call on q) and *len.  flags:
 * KCC_JQ_SORT_KEYS or 0.  Returns 0, or -1 with kcc_jq_error() set when
 * the output nests deeper than KCC_JSON_MAX_DEPTH.
 */
int kcc_jq_output_text(struct kcc_jq *q, int flags, const char **text,
	size_t *len);

/*
 * Filter: run on the record p[0..n) and return 1 when the record passes,
 * 0 when it does not, -1 on error (kcc_jq_error()).  The record passes
 * when any output is truthy, as `select(f)` would emit it (at least once);
 * evaluation stops at the first truthy output, so an error raised after
 * it is not seen.  No output at all means the record does not pass.
 */
int kcc_jq_filter(struct kcc_jq *q, const char *p, size_t n);

/*
 * Group key: run on the record and set *key, *len to the program's one
 * output as canonical JSON text with sorted object keys (a string result
 * keeps its quotes, so "1" and 1 are different keys).  Borrowed until the
 * next call on q.  Returns 0, or -1 when the program fails, produces no
 * output ("--by: produced no output, expected one") or more than one
 * ("--by: produced more than one output, expected one (collect them with
 * [...])").
 */
int kcc_jq_key(struct kcc_jq *q, const char *p, size_t n, const char **key,
	size_t *len);

/*
 * Mapping: run on the record and write each output, which must be a JSON
 * object, as a canonical line (compact text and '\n') to out, members in
 * jq's order.  Either all outputs of the record are written or none: on
 * an error ("--map: expected a JSON object, got a string") nothing is.
 * Returns the number of lines written (0 when the program produced no
 * output, 2 or more when it produced several), or -1.
 */
long kcc_jq_map(struct kcc_jq *q, const char *p, size_t n, struct kcc_out *out);

#ifdef JV_H
/*
 * Start the program on a jq value: `input` is consumed.  Returns as
 * kcc_jq_start().
 */
int kcc_jq_start_jv(struct kcc_jq *q, jv input);

/*
 * The current output after kcc_jq_next() returned KCC_JQ_OUTPUT,
 * borrowed: valid until the next call on q; jv_copy() it to keep it.
 */
jv kcc_jq_output(const struct kcc_jq *q);

/*
 * The canonical JSON text of `v` (borrowed), returned as
 * kcc_jq_output_text() returns the current output's.
 */
int kcc_jq_text(struct kcc_jq *q, jv v, int flags, const char **text,
	size_t *len);
#endif

#endif
