/*
 * The bridge to libjq: compile a user's jq program once, run it on each
 * record, and turn its outputs into canonical JSON.
 *
 * Ownership follows libjq's rule: every jv passed to a jv_* function is
 * consumed unless that function only borrows (jv_get_kind,
 * jv_string_value, jv_number_value, the object iterator calls), so a jv
 * we keep is always passed as jv_copy().  The holder owns exactly three
 * jv at any time: `args` (until compile), `output` (the current output or
 * jv_invalid()) and whatever the jq_state holds; kcc_jq_free() releases
 * all of them.
 *
 * libjq reports compile errors through a callback that would print them;
 * ours keeps the first message, trimmed of jq's "jq: error:" prefix and
 * its copy of the program text, and counts the rest.  Runtime errors come
 * from jq_next() as an invalid value carrying a message; a plain invalid
 * value is the end of the outputs.  jq_next() must not be called again
 * after that, so the holder remembers whether a run is going on.
 *
 * Outputs are written by our own serialiser rather than jv_dump(): jq's
 * number format is not kcc's, and a string built inside a program is
 * checked for UTF-8 here so that nothing we write breaks the record
 * format.  The serialiser writes into a growable buffer owned by the
 * holder, reused from record to record, so that a mapping's lines reach
 * the kcc_out all together or not at all.
 *
 * Quirks of jq 1.6 worked around here, each where it is handled:
 * jv_parse_sized() quotes its input in an error message with "%s", so
 * records go through jv_parser instead (they are spans, not C strings);
 * a run ended by halt_error leaves the jq_state holding freed values
 * (halt_message()); `import` asserts unless JQ_LIBRARY_PATH is set; and
 * `input` with no input fails with the bare message "break".
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jq.h>
#include <jv.h>

#include "kcc/diag.h"
#include "kcc/jq.h"
#include "kcc/json.h"

struct buf {
	char *p;
	size_t len, cap;
};

struct kcc_jq {
	jq_state *jq;
	char *what;
	jv args;         /* object of bound $names, until compiled */
	jv output;       /* current output, or jv_invalid() */
	int compiled;    /* 1 compiled, -1 failed to, 0 not tried */
	int running;     /* started and jq_next() has not ended it */
	int nerrors;     /* compile messages seen */
	int silent;      /* debug and stderr write nothing */
	struct buf err;  /* "what: problem" */
	struct buf text; /* serialised outputs */
};

static void
buf_grow(struct buf *b, size_t n)
{
	size_t cap;

	if (b->cap - b->len > n)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap - b->len <= n) {
		if (cap > SIZE_MAX / 2)
			kcc_errx(KCC_EXIT_DATA, "out of memory");
		cap *= 2;
	}
	b->p = kcc_xrealloc(b->p, cap);
	b->cap = cap;
}

static void
buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_addc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

static void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		buf_add(b, small, (size_t)n);
		return;
	}
	buf_grow(b, (size_t)n);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

static void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

static void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

static void seterr(struct kcc_jq *q, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set the message to "what: " and the formatted problem. */
static void
seterr(struct kcc_jq *q, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&q->err);
	buf_add(&q->err, q->what, strlen(q->what));
	buf_add(&q->err, ": ", 2);
	va_start(ap, fmt);
	buf_vaddf(&q->err, fmt, ap);
	va_end(ap);
}

/*
 * Serialiser.
 */

static const char hexdigit[] = "0123456789abcdef";

/* Length of the valid UTF-8 sequence at s (n > 0 bytes left), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0; /* overlong */
		if (c == 0xed && s[1] >= 0xa0)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
			(s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0; /* overlong */
		if (c == 0xf4 && s[1] >= 0x90)
			return 0; /* past U+10FFFF */
		return 4;
	}
	return 0;
}

/*
 * A string in canonical form: the escapes JSON requires, raw UTF-8
 * otherwise.  Bytes that are not UTF-8 (libjq should never hand us any)
 * become U+FFFD one by one.
 */
static void
put_str(struct buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	const unsigned char *run;
	char esc[6] = {'\\', 'u', '0', '0', 0, 0};
	size_t k;

	buf_addc(b, '"');
	while (s < end) {
		run = s;
		while (s < end && *s >= 0x20 && *s < 0x80 && *s != '"' &&
			*s != '\\')
			s++;
		buf_add(b, run, (size_t)(s - run));
		if (s == end)
			break;
		if (*s >= 0x80) {
			if ((k = utf8_len(s, (size_t)(end - s))) == 0) {
				buf_add(b, "\xef\xbf\xbd", 3);
				k = 1;
			} else {
				buf_add(b, s, k);
			}
			s += k;
			continue;
		}
		switch (*s) {
		case '"':
			buf_add(b, "\\\"", 2);
			break;
		case '\\':
			buf_add(b, "\\\\", 2);
			break;
		case '\b':
			buf_add(b, "\\b", 2);
			break;
		case '\f':
			buf_add(b, "\\f", 2);
			break;
		case '\n':
			buf_add(b, "\\n", 2);
			break;
		case '\r':
			buf_add(b, "\\r", 2);
			break;
		case '\t':
			buf_add(b, "\\t", 2);
			break;
		default:
			esc[4] = hexdigit[*s >> 4];
			esc[5] = hexdigit[*s & 15];
			buf_add(b, esc, 6);
		}
		s++;
	}
	buf_addc(b, '"');
}

/* jq 1.6 writes NaN as null and clamps infinities to the largest double. */
static void
put_num(struct buf *b, double v)
{
	char num[32];

	if (isnan(v)) {
		buf_add(b, "null", 4);
		return;
	}
	if (isinf(v))
		v = v > 0 ? DBL_MAX : -DBL_MAX;
	buf_add(b, num, kcc_json_format_num(v, num));
}

/* Append v (borrowed) as canonical JSON; -1 when nested too deeply. */
static int
put_value(struct buf *b, jv v, int flags, int depth)
{
	jv keys, key, val;
	int i, n, it, first, rc = 0;

	switch (jv_get_kind(v)) {
	case JV_KIND_NULL:
		buf_add(b, "null", 4);
		return 0;
	case JV_KIND_FALSE:
		buf_add(b, "false", 5);
		return 0;
	case JV_KIND_TRUE:
		buf_add(b, "true", 4);
		return 0;
	case JV_KIND_NUMBER:
		put_num(b, jv_number_value(v));
		return 0;
	case JV_KIND_STRING:
		put_str(b, jv_string_value(v),
			(size_t)jv_string_length_bytes(jv_copy(v)));
		return 0;
	case JV_KIND_ARRAY:
		if (depth >= KCC_JSON_MAX_DEPTH)
			return -1;
		buf_addc(b, '[');
		n = jv_array_length(jv_copy(v));
		for (i = 0; i < n && rc == 0; i++) {
			if (i > 0)
				buf_addc(b, ',');
			val = jv_array_get(jv_copy(v), i);
			rc = put_value(b, val, flags, depth + 1);
			jv_free(val);
		}
		buf_addc(b, ']');
		return rc;
	case JV_KIND_OBJECT:
		if (depth >= KCC_JSON_MAX_DEPTH)
			return -1;
		buf_addc(b, '{');
		if (flags & KCC_JQ_SORT_KEYS) {
			keys = jv_keys(jv_copy(v));
			n = jv_array_length(jv_copy(keys));
			for (i = 0; i < n && rc == 0; i++) {
				if (i > 0)
					buf_addc(b, ',');
				key = jv_array_get(jv_copy(keys), i);
				put_str(b, jv_string_value(key),
					(size_t)jv_string_length_bytes(
						jv_copy(key)));
				buf_addc(b, ':');
				val = jv_object_get(jv_copy(v), key);
				rc = put_value(b, val, flags, depth + 1);
				jv_free(val);
			}
			jv_free(keys);
		} else {
			first = 1;
			for (it = jv_object_iter(v);
				rc == 0 && jv_object_iter_valid(v, it);
				it = jv_object_iter_next(v, it)) {
				if (!first)
					buf_addc(b, ',');
				first = 0;
				key = jv_object_iter_key(v, it);
				put_str(b, jv_string_value(key),
					(size_t)jv_string_length_bytes(
						jv_copy(key)));
				jv_free(key);
				buf_addc(b, ':');
				val = jv_object_iter_value(v, it);
				rc = put_value(b, val, flags, depth + 1);
				jv_free(val);
			}
		}
		buf_addc(b, '}');
		return rc;
	default:
		/* jv_invalid never reaches here: outputs are valid values. */
		buf_add(b, "null", 4);
		return 0;
	}
}

/*
 * libjq callbacks.
 */

/*
 * Compile messages look like "jq: error: syntax error, ... at <top-level>,
 * line 1:\n<program text>", followed by "jq: 1 compile error".  Keep the
 * first, shortened to "syntax error, ... at line 1".
 */
static void
on_error(void *data, jv msg)
{
	static const char prefix[] = "jq: error: ";
	static const char where[] = " at <top-level>, line ";
	struct kcc_jq *q = data;
	struct buf b = {0};
	const char *s, *nl, *at;
	size_t n;

	if (jv_get_kind(msg) != JV_KIND_STRING) {
		if (q->nerrors++ == 0) {
			put_value(&b, msg, 0, 0);
			seterr(q, "%s", b.p);
			free(b.p);
		}
		jv_free(msg);
		return;
	}
	s = jv_string_value(msg);
	if (strncmp(s, "jq: ", 4) == 0 && s[4] >= '0' && s[4] <= '9' &&
		strstr(s, " compile error") != NULL) {
		jv_free(msg); /* the count that closes the list */
		return;
	}
	if (q->nerrors++ > 0) {
		jv_free(msg);
		return;
	}
	if (strncmp(s, prefix, sizeof(prefix) - 1) == 0)
		s += sizeof(prefix) - 1;
	nl = strchr(s, '\n');
	n = nl ? (size_t)(nl - s) : strlen(s);
	while (n > 0 && (s[n - 1] == ':' || s[n - 1] == ' '))
		n--;
	at = strstr(s, where);
	if (at != NULL && at < s + n) {
		buf_add(&b, s, (size_t)(at - s));
		buf_add(&b, " at line ", 9);
		at += sizeof(where) - 1;
		buf_add(&b, at, n - (size_t)(at - s));
	} else {
		buf_add(&b, s, n);
	}
	seterr(q, "%s", b.p);
	free(b.p);
	jv_free(msg);
}

/* `debug`: jq's own format, ["DEBUG:",value], on standard error. */
static void
on_debug(void *data, jv value)
{
	struct kcc_jq *q = data;
	struct buf b = {0};

	if (q->silent) {
		jv_free(value);
		return;
	}
	buf_add(&b, "[\"DEBUG:\",", 10);
	put_value(&b, value, 0, 1);
	buf_add(&b, "]\n", 2);
	fwrite(b.p, 1, b.len, stderr);
	free(b.p);
	jv_free(value);
}

/* `input` and `inputs`: records come one at a time, there is no more. */
static jv
on_input(jq_state *jq, void *data)
{
	(void)jq;
	(void)data;
	return jv_invalid();
}

/*
 * The holder.
 */

struct kcc_jq *
kcc_jq_new(const char *what)
{
	struct kcc_jq *q = kcc_xcalloc(1, sizeof(*q));

	q->what = kcc_xstrdup(what);
	q->args = jv_object();
	q->output = jv_invalid();
	buf_reset(&q->err);
	buf_add(&q->err, "", 0);
	if ((q->jq = jq_init()) == NULL)
		kcc_errx(KCC_EXIT_DATA, "out of memory starting libjq");
	/*
	 * No module search path: kcc programs are one option's text.  jq 1.6
	 * asserts on `import` when the attribute is missing altogether.
	 */
	jq_set_attr(q->jq, jv_string("JQ_LIBRARY_PATH"), jv_array());
	jq_set_error_cb(q->jq, on_error, q);
	jq_set_debug_cb(q->jq, on_debug, q);
	jq_set_input_cb(q->jq, on_input, q);
	return q;
}

void
kcc_jq_free(struct kcc_jq *q)
{
	if (q == NULL)
		return;
	jv_free(q->output);
	jv_free(q->args);
	jq_teardown(&q->jq);
	free(q->what);
	free(q->err.p);
	free(q->text.p);
	free(q);
}

const char *
kcc_jq_error(const struct kcc_jq *q)
{
	return q->err.p;
}

void
kcc_jq_arg(struct kcc_jq *q, const char *name, const char *value)
{
	q->args = jv_object_set(q->args, jv_string(name), jv_string(value));
}

int
kcc_jq_argjson(struct kcc_jq *q, const char *name, const char *json)
{
	struct kcc_json_error jerr;
	size_t n = strlen(json);
	jv v;

	if (n > INT_MAX) {
		seterr(q, "$%s: JSON text too long", name);
		return -1;
	}
	if (kcc_json_validate(json, n, &jerr) < 0) {
		seterr(q, "$%s: not valid JSON: %s", name, jerr.msg);
		return -1;
	}
	v = jv_parse_sized(json, (int)n);
	if (!jv_is_valid(v)) {
		/* kcc accepted what jq 1.6 does not: keep jq's reason. */
		v = jv_invalid_get_msg(v);
		seterr(q, "$%s: not valid JSON for jq: %s", name,
			jv_get_kind(v) == JV_KIND_STRING ? jv_string_value(v)
							 : "rejected");
		jv_free(v);
		return -1;
	}
	q->args = jv_object_set(q->args, jv_string(name), v);
	return 0;
}

void
kcc_jq_silence(struct kcc_jq *q)
{
	q->silent = 1;
}

int
kcc_jq_compile(struct kcc_jq *q, const char *program)
{
	int nerrors, ok;

	if (q->compiled) {
		seterr(q, "program compiled twice");
		return -1;
	}
	q->compiled = -1;
	q->nerrors = 0;
	if (q->silent) {
		/* stderr prints its input straight to standard error: shadow
		   it.  Definitions cannot come before import or include, so
		   a program that starts with them keeps jq's. */
		const char *p = program;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (strncmp(p, "import", 6) != 0 &&
			strncmp(p, "include", 7) != 0) {
			size_t n = strlen(program);
			char *shadowed = kcc_xmalloc(n + 16);
			memcpy(shadowed, "def stderr: .; ", 15);
			memcpy(shadowed + 15, program, n + 1);
			ok = jq_compile_args(q->jq, shadowed, jv_copy(q->args));
			free(shadowed);
			goto compiled;
		}
	}
	ok = jq_compile_args(q->jq, program, jv_copy(q->args));
compiled:
	if (!ok) {
		nerrors = q->nerrors;
		if (nerrors == 0)
			seterr(q, "cannot compile the program");
		else if (nerrors > 1)
			buf_addf(&q->err, " (and %d more error%s)", nerrors - 1,
				nerrors > 2 ? "s" : "");
		return -1;
	}
	jv_free(q->args);
	q->args = jv_null();
	q->compiled = 1;
	return 0;
}

/*
 * Running.
 */

/* Drop the current output. */
static void
clear_output(struct kcc_jq *q)
{
	jv_free(q->output);
	q->output = jv_invalid();
}

int
kcc_jq_start_jv(struct kcc_jq *q, jv input)
{
	clear_output(q);
	q->running = 0;
	if (q->compiled != 1) {
		jv_free(input);
		seterr(q, "program not compiled");
		return KCC_JQ_ERROR;
	}
	jq_start(q->jq, input, 0);
	q->running = 1;
	return KCC_JQ_END;
}

int
kcc_jq_start(struct kcc_jq *q, const char *p, size_t n)
{
	static const char suffix[] = " (while parsing";
	jv_parser *parser;
	jv v, next, msg;
	const char *s, *cut;

	clear_output(q);
	q->running = 0;
	if (n > INT_MAX) {
		seterr(q, "record too large for jq (over %d bytes)", INT_MAX);
		return KCC_JQ_ERROR;
	}
	parser = jv_parser_new(0);
	jv_parser_set_buf(parser, p, (int)n, 0);
	v = jv_parser_next(parser);
	if (jv_is_valid(v)) {
		next = jv_parser_next(parser);
		if (jv_is_valid(next)) {
			jv_free(v);
			jv_free(next);
			v = jv_invalid_with_msg(
				jv_string("more than one JSON value"));
		} else if (jv_invalid_has_msg(jv_copy(next))) {
			jv_free(v);
			v = next;
		} else {
			jv_free(next);
		}
	}
	jv_parser_free(parser);
	if (!jv_is_valid(v)) {
		msg = jv_invalid_get_msg(v);
		if (jv_get_kind(msg) == JV_KIND_STRING) {
			s = jv_string_value(msg);
			cut = strstr(s, suffix);
			seterr(q, "jq cannot read the record: %.*s",
				(int)(cut ? (size_t)(cut - s) : strlen(s)), s);
		} else {
			seterr(q, "jq cannot read the record: no JSON value");
		}
		jv_free(msg);
		return KCC_JQ_ERROR;
	}
	return kcc_jq_start_jv(q, v);
}

/*
 * The message of a halted run (consumed by the caller), leaving the
 * jq_state safe to start again.  jq 1.6's reset frees the halt message
 * and exit code without forgetting them, so the reset after the next run
 * would free them a second time.  Take our own reference, let one reset
 * happen now, then overwrite the dangling values through jq_halt() with
 * invalid ones (which are not reference-counted); the next jq_start()
 * clears the halted flag again.
 */
static jv
halt_message(struct kcc_jq *q)
{
	jv msg = jq_get_error_message(q->jq);

	jq_start(q->jq, jv_null(), 0);
	jq_halt(q->jq, jv_invalid(), jv_invalid());
	return msg;
}

int
kcc_jq_next(struct kcc_jq *q)
{
	struct buf b = {0};
	jv v, msg;

	clear_output(q);
	if (!q->running)
		return KCC_JQ_END;
	v = jq_next(q->jq);
	if (jv_is_valid(v)) {
		q->output = v;
		return KCC_JQ_OUTPUT;
	}
	q->running = 0;
	if (jq_halted(q->jq)) {
		jv_free(v);
		msg = halt_message(q);
		if (!jv_is_valid(msg) || jv_get_kind(msg) == JV_KIND_NULL) {
			/* `halt`, or halt_error with a null message */
			jv_free(msg);
			return KCC_JQ_END;
		}
		if (jv_get_kind(msg) == JV_KIND_STRING) {
			buf_add(&b, jv_string_value(msg),
				(size_t)jv_string_length_bytes(jv_copy(msg)));
			while (b.len > 0 && b.p[b.len - 1] == '\n')
				b.p[--b.len] = '\0';
		} else {
			put_value(&b, msg, 0, 0);
		}
		seterr(q, "halt_error: %s", b.p ? b.p : "");
		free(b.p);
		jv_free(msg);
		return KCC_JQ_ERROR;
	}
	if (!jv_invalid_has_msg(jv_copy(v))) {
		jv_free(v);
		return KCC_JQ_END;
	}
	msg = jv_invalid_get_msg(v);
	if (jv_get_kind(msg) == JV_KIND_STRING &&
		strcmp(jv_string_value(msg), "break") == 0) {
		/* jq 1.6's word for `input` finding no input */
		seterr(q, "No more inputs");
	} else if (jv_get_kind(msg) == JV_KIND_STRING) {
		seterr(q, "%s", jv_string_value(msg));
	} else {
		put_value(&b, msg, 0, 0);
		seterr(q, "error (not a string): %s", b.p);
		free(b.p);
	}
	jv_free(msg);
	return KCC_JQ_ERROR;
}

jv
kcc_jq_output(const struct kcc_jq *q)
{
	return q->output;
}

int
kcc_jq_output_truthy(const struct kcc_jq *q)
{
	jv_kind k = jv_get_kind(q->output);

	return k != JV_KIND_INVALID && k != JV_KIND_NULL && k != JV_KIND_FALSE;
}

int
kcc_jq_text(struct kcc_jq *q, jv v, int flags, const char **text, size_t *len)
{
	buf_reset(&q->text);
	if (put_value(&q->text, v, flags, 0) < 0) {
		seterr(q, "output nested deeper than %d levels",
			KCC_JSON_MAX_DEPTH);
		return -1;
	}
	buf_add(&q->text, "", 0);
	*text = q->text.p;
	*len = q->text.len;
	return 0;
}

int
kcc_jq_output_text(struct kcc_jq *q, int flags, const char **text, size_t *len)
{
	return kcc_jq_text(q, q->output, flags, text, len);
}

/*
 * The common uses.
 */

int
kcc_jq_filter(struct kcc_jq *q, const char *p, size_t n)
{
	int rc;

	if (kcc_jq_start(q, p, n) < 0)
		return -1;
	while ((rc = kcc_jq_next(q)) == KCC_JQ_OUTPUT) {
		if (kcc_jq_output_truthy(q)) {
			/* Abandon the rest of the run: jq_start() resets. */
			clear_output(q);
			q->running = 0;
			return 1;
		}
	}
	return rc == KCC_JQ_END ? 0 : -1;
}

int
kcc_jq_key(struct kcc_jq *q, const char *p, size_t n, const char **key,
	size_t *len)
{
	int rc;

	if (kcc_jq_start(q, p, n) < 0)
		return -1;
	if ((rc = kcc_jq_next(q)) != KCC_JQ_OUTPUT) {
		if (rc == KCC_JQ_END)
			seterr(q, "produced no output, expected one");
		return -1;
	}
	if (kcc_jq_output_text(q, KCC_JQ_SORT_KEYS, key, len) < 0)
		return -1;
	if ((rc = kcc_jq_next(q)) != KCC_JQ_END) {
		if (rc == KCC_JQ_OUTPUT) {
			seterr(q, "produced more than one output, expected "
				  "one (collect them with [...])");
			clear_output(q);
			q->running = 0;
		}
		return -1;
	}
	return 0;
}

static const char *
kind_phrase(jv_kind k)
{
	switch (k) {
	case JV_KIND_NULL:
		return "null";
	case JV_KIND_FALSE:
	case JV_KIND_TRUE:
		return "a boolean";
	case JV_KIND_NUMBER:
		return "a number";
	case JV_KIND_STRING:
		return "a string";
	case JV_KIND_ARRAY:
		return "an array";
	case JV_KIND_OBJECT:
		return "an object";
	default:
		return "nothing";
	}
}

long
kcc_jq_map(struct kcc_jq *q, const char *p, size_t n, struct kcc_out *out)
{
	jv_kind k;
	long count = 0;
	int rc;

	if (kcc_jq_start(q, p, n) < 0)
		return -1;
	buf_reset(&q->text);
	while ((rc = kcc_jq_next(q)) == KCC_JQ_OUTPUT) {
		k = jv_get_kind(q->output);
		if (k != JV_KIND_OBJECT) {
			seterr(q, "expected a JSON object, got %s",
				kind_phrase(k));
			clear_output(q);
			q->running = 0;
			return -1;
		}
		if (put_value(&q->text, q->output, 0, 0) < 0) {
			seterr(q, "output nested deeper than %d levels",
				KCC_JSON_MAX_DEPTH);
			clear_output(q);
			q->running = 0;
			return -1;
		}
		buf_addc(&q->text, '\n');
		count++;
	}
	if (rc != KCC_JQ_END)
		return -1;
	if (q->text.len > 0)
		kcc_out_write(out, q->text.p, q->text.len);
	return count;
}
