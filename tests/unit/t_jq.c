/* Unit tests for lib/jq.c: compile, run, filter, key, map. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jv.h>

#include "kcc/diag.h"
#include "kcc/jq.h"
#include "kcc/out.h"
#include "tap.h"

#define S(lit) lit, sizeof(lit) - 1

static struct kcc_jq *
compiled(const char *what, const char *program)
{
	struct kcc_jq *q = kcc_jq_new(what);

	if (kcc_jq_compile(q, program) < 0)
		printf("# compile '%s': %s\n", program, kcc_jq_error(q));
	return q;
}

static void
test_compile_errors(void)
{
	struct kcc_jq *q;

	q = kcc_jq_new("--where");
	is_str(kcc_jq_error(q), "", "no error before anything failed");
	kcc_jq_free(q);
	kcc_jq_free(NULL);

	q = kcc_jq_new("--where");
	is_int(kcc_jq_compile(q, ".a |"), -1, "syntax error fails");
	is_str(kcc_jq_error(q),
		"--where: syntax error, unexpected $end (Unix shell quoting "
		"issues?) at line 1",
		"syntax error message, one line, no program text");
	is_int(kcc_jq_filter(q, S("{}")), -1, "not compiled: cannot run");
	is_str(kcc_jq_error(q), "--where: program not compiled",
		"not compiled: message");
	kcc_jq_free(q);

	q = kcc_jq_new("--by");
	kcc_jq_arg(q, "whom", "ann");
	is_int(kcc_jq_compile(q, ".a == $who"), -1, "unbound $var fails");
	is_str(kcc_jq_error(q), "--by: $who is not defined at line 1",
		"unbound $var message");
	kcc_jq_free(q);

	q = kcc_jq_new("--map");
	is_int(kcc_jq_compile(q, "nosuch(1) | alsonot"), -1,
		"two unknown functions fail");
	is_str(kcc_jq_error(q),
		"--map: nosuch/1 is not defined at line 1 (and 1 more error)",
		"first message kept, the rest counted");
	kcc_jq_free(q);

	q = kcc_jq_new("--where");
	is_int(kcc_jq_compile(q, "import \"kcc-no-such-module\" as m; ."), -1,
		"import of a missing module fails");
	is_str(kcc_jq_error(q), "--where: module not found: kcc-no-such-module",
		"missing module message");
	kcc_jq_free(q);

	q = kcc_jq_new("--where");
	is_int(kcc_jq_compile(q, "\n\n.a | ]"), -1, "error on line 3");
	ok(strstr(kcc_jq_error(q), "at line 3") != NULL, "line number kept: %s",
		kcc_jq_error(q));
	is_int(kcc_jq_compile(q, "."), -1, "a holder compiles only once");
	kcc_jq_free(q);

	q = kcc_jq_new("--where");
	is_int(kcc_jq_compile(q, "."), 0, "identity compiles");
	is_int(kcc_jq_compile(q, "."), -1, "second compile refused");
	is_str(kcc_jq_error(q), "--where: program compiled twice",
		"second compile message");
	kcc_jq_free(q);
}

static void
test_filter(void)
{
	static const struct {
		const char *rec;
		int want;
	} truth[] = {
		{"{\"v\":false}", 0},
		{"{\"v\":null}", 0},
		{"{}", 0},
		{"{\"v\":true}", 1},
		{"{\"v\":0}", 1},
		{"{\"v\":\"\"}", 1},
		{"{\"v\":[]}", 1},
		{"{\"v\":{}}", 1},
		{"{\"v\":\"no\"}", 1},
	};
	struct kcc_jq *q;
	size_t i;

	q = compiled("--where", ".v");
	for (i = 0; i < sizeof(truth) / sizeof(truth[0]); i++)
		is_int(kcc_jq_filter(q, truth[i].rec, strlen(truth[i].rec)),
			truth[i].want, "truth of %s", truth[i].rec);
	kcc_jq_free(q);

	q = compiled("--where", "empty");
	is_int(kcc_jq_filter(q, S("{}")), 0, "no output: does not pass");
	kcc_jq_free(q);

	q = compiled("--where", ".tags[] == \"urgent\"");
	is_int(kcc_jq_filter(q, S("{\"tags\":[\"a\",\"urgent\",\"b\"]}")), 1,
		"any truthy output passes");
	is_int(kcc_jq_filter(q, S("{\"tags\":[\"a\",\"b\"]}")), 0,
		"all outputs false: does not pass");
	is_int(kcc_jq_filter(q, S("{\"tags\":[]}")), 0,
		"no outputs: does not pass");
	kcc_jq_free(q);

	q = compiled("--where", "true, error(\"late\")");
	is_int(kcc_jq_filter(q, S("{}")), 1,
		"stops at the first truthy output");
	kcc_jq_free(q);

	q = compiled("--where", "false, error(\"early\")");
	is_int(kcc_jq_filter(q, S("{}")), -1, "error before a truthy output");
	is_str(kcc_jq_error(q), "--where: early", "error(string) message");
	kcc_jq_free(q);

	/* Dutch and US channel names, in a record with non-ASCII text. */
	q = compiled("--where", ".channel == \"telefoon\" and .wait_s > 60");
	is_int(kcc_jq_filter(q,
		       S("{\"channel\":\"telefoon\",\"wait_s\":61,"
			 "\"text\":\"Gefeliciteerd, \\u00e9\\\"n keer\"}")),
		1, "realistic record passes");
	is_int(kcc_jq_filter(q, S("{\"channel\":\"phone\",\"wait_s\":61}")), 0,
		"realistic record fails");
	kcc_jq_free(q);
}

static void
test_key(void)
{
	struct kcc_jq *q;
	const char *key;
	size_t len;

	q = compiled("--by", ".agent");
	is_int(kcc_jq_key(q, S("{\"agent\":\"ann\"}"), &key, &len), 0,
		"string key");
	is_str(key, "\"ann\"", "string key keeps its quotes");
	is_int(len, 5, "key length");
	is_int(kcc_jq_key(q, S("{\"agent\":\"1\"}"), &key, &len), 0,
		"string \"1\"");
	is_str(key, "\"1\"", "\"1\" is a string key");
	is_int(kcc_jq_key(q, S("{\"agent\":1.0}"), &key, &len), 0, "1.0");
	is_str(key, "1", "1.0 and 1 are one key");
	is_int(kcc_jq_key(q, S("{\"agent\":-0}"), &key, &len), 0, "-0");
	is_str(key, "0", "-0 and 0 are one key");
	is_int(kcc_jq_key(q, S("{}"), &key, &len), 0, "missing");
	is_str(key, "null", "missing field: null");
	is_int(kcc_jq_key(q,
		       S("{\"agent\":{\"b\":1,\"a\":[2,{\"d\":0,"
			 "\"c\":1}]}}"),
		       &key, &len),
		0, "object key");
	is_str(key, "{\"a\":[2,{\"c\":1,\"d\":0}],\"b\":1}",
		"object keys sorted at every depth");
	is_int(kcc_jq_key(q, S("{\"agent\":\"caf\\u00e9 \\\"\\/\\t\"}"), &key,
		       &len),
		0, "escaped key");
	is_str(key, "\"caf\xc3\xa9 \\\"/\\t\"", "key string canonical");
	kcc_jq_free(q);

	q = compiled("--by", "[.channel, .agent]");
	is_int(kcc_jq_key(q, S("{\"agent\":\"bo\",\"channel\":\"chat\"}"), &key,
		       &len),
		0, "composite key");
	is_str(key, "[\"chat\",\"bo\"]", "composite key text");
	kcc_jq_free(q);

	q = compiled("--by", ".tags[]");
	is_int(kcc_jq_key(q, S("{\"tags\":[]}"), &key, &len), -1,
		"no output is an error");
	is_str(kcc_jq_error(q), "--by: produced no output, expected one",
		"no output message");
	is_int(kcc_jq_key(q, S("{\"tags\":[1,2]}"), &key, &len), -1,
		"two outputs are an error");
	is_str(kcc_jq_error(q),
		"--by: produced more than one output, expected one (collect "
		"them with [...])",
		"two outputs message");
	is_int(kcc_jq_key(q, S("{\"tags\":[\"x\"]}"), &key, &len), 0,
		"works again after errors");
	is_str(key, "\"x\"", "one output");
	kcc_jq_free(q);

	q = compiled("--by", "reduce range(600) as $i (0; [.])");
	is_int(kcc_jq_key(q, S("{}"), &key, &len), -1, "too deep");
	is_str(kcc_jq_error(q), "--by: output nested deeper than 512 levels",
		"too deep message");
	kcc_jq_free(q);
}

/* A kcc_out on a temporary file, read back by `drain`. */
struct sink {
	struct kcc_out out;
	char path[64];
	char *text;
};

static void
sink_open(struct sink *s)
{
	int fd;

	memcpy(s->path, "/tmp/t_jq.XXXXXX", sizeof("/tmp/t_jq.XXXXXX"));
	if ((fd = mkstemp(s->path)) < 0)
		kcc_err(1, "mkstemp");
	close(fd);
	if (kcc_out_open(&s->out, s->path) < 0)
		exit(1);
	s->text = NULL;
}

/* Everything written since the last drain. */
static const char *
sink_drain(struct sink *s)
{
	static size_t done;
	char tmp[4096];
	ssize_t n;
	size_t len = 0;
	int fd;

	kcc_out_flush(&s->out);
	free(s->text);
	s->text = kcc_xmalloc(1);
	if ((fd = open(s->path, O_RDONLY)) < 0)
		kcc_err(1, "%s", s->path);
	lseek(fd, (off_t)done, SEEK_SET);
	while ((n = read(fd, tmp, sizeof(tmp))) > 0) {
		s->text = kcc_xrealloc(s->text, len + (size_t)n + 1);
		memcpy(s->text + len, tmp, (size_t)n);
		len += (size_t)n;
	}
	close(fd);
	done += len;
	s->text[len] = '\0';
	return s->text;
}

static void
sink_close(struct sink *s)
{
	kcc_out_close(&s->out);
	unlink(s->path);
	free(s->text);
}

static void
test_map(struct sink *s)
{
	struct kcc_jq *q;

	q = compiled("--map",
		"{a: (.x*1.5), b: (1/3), c: (1e300*10), d: (.x*1e308*10),"
		" e: (-.x*1e308*10), f: nan, g: 9007199254740993,"
		" h: 9007199254740991, i: 0.1, j: (.x/1e7), k: -0, l: 1e17}");
	is_int(kcc_jq_map(q, S("{\"x\":3}"), &s->out), 1, "one line");
	is_str(sink_drain(s),
		"{\"a\":4.5,\"b\":0.3333333333333333,\"c\":1e+301,"
		"\"d\":1.7976931348623157e+308,"
		"\"e\":-1.7976931348623157e+308,\"f\":null,"
		"\"g\":9007199254740992,\"h\":9007199254740991,\"i\":0.1,"
		"\"j\":3e-07,\"k\":0,\"l\":1e+17}\n",
		"numbers in kcc's canonical form; inf clamped, nan null");
	kcc_jq_free(q);

	q = compiled("--map", "{z: .s, a: 1, m: [.n, true, false, null]}");
	is_int(kcc_jq_map(q,
		       S("{\"s\":\"a\\\"b\\\\c\\n\\u0001\\u007f\\/"
			 "\\u00e9\\ud83d\\ude00\",\"n\":1.50}"),
		       &s->out),
		1, "strings");
	is_str(sink_drain(s),
		"{\"z\":\"a\\\"b\\\\c\\n\\u0001\x7f/\xc3\xa9\xf0\x9f\x98\x80\","
		"\"a\":1,\"m\":[1.5,true,false,null]}\n",
		"members in jq's order, strings canonical");
	kcc_jq_free(q);

	q = compiled("--map", "{id: .id, n: .n[]}");
	is_int(kcc_jq_map(q, S("{\"id\":7,\"n\":[1,2,3]}"), &s->out), 3,
		"several outputs: several lines");
	is_str(sink_drain(s),
		"{\"id\":7,\"n\":1}\n{\"id\":7,\"n\":2}\n{\"id\":7,\"n\":3}\n",
		"several lines text");
	is_int(kcc_jq_map(q, S("{\"id\":7,\"n\":[]}"), &s->out), 0,
		"no output: no line");
	is_str(sink_drain(s), "", "no line text");
	kcc_jq_free(q);

	q = compiled("--map", ".[]");
	is_int(kcc_jq_map(q, S("[{\"a\":1},2]"), &s->out), -1,
		"non-object output");
	is_str(kcc_jq_error(q), "--map: expected a JSON object, got a number",
		"non-object message");
	is_str(sink_drain(s), "", "nothing written on error");
	is_int(kcc_jq_map(q, S("[{\"a\":1},\"x\"]"), &s->out), -1, "string");
	is_str(kcc_jq_error(q), "--map: expected a JSON object, got a string",
		"string message");
	is_int(kcc_jq_map(q, S("[[]]"), &s->out), -1, "array");
	is_str(kcc_jq_error(q), "--map: expected a JSON object, got an array",
		"array message");
	is_int(kcc_jq_map(q, S("[null]"), &s->out), -1, "null");
	is_str(kcc_jq_error(q), "--map: expected a JSON object, got null",
		"null message");
	kcc_jq_free(q);

	q = compiled("--map", "{a: 1}, error(\"boom\")");
	is_int(kcc_jq_map(q, S("{}"), &s->out), -1, "error after an output");
	is_str(sink_drain(s), "", "all or nothing");
	is_str(kcc_jq_error(q), "--map: boom", "error message");
	kcc_jq_free(q);
}

static void
test_runtime(void)
{
	struct kcc_jq *q;
	const char *text;
	size_t len;

	q = compiled("--where", ".a.b");
	is_int(kcc_jq_filter(q, S("{\"a\":\"s\"}")), -1, "index a string");
	is_str(kcc_jq_error(q),
		"--where: Cannot index string with string \"b\"",
		"runtime error message");
	is_int(kcc_jq_filter(q, S("{\"a\":{\"b\":1}}")), 1,
		"the next record runs");
	is_int(kcc_jq_filter(q, S("{\"a\":")), -1, "record jq cannot read");
	ok(strncmp(kcc_jq_error(q),
		   "--where: jq cannot read the record: ", 36) == 0 &&
			strstr(kcc_jq_error(q), "while parsing") == NULL,
		"unreadable record message: %s", kcc_jq_error(q));
	is_int(kcc_jq_filter(q, S("1 2")), -1, "two values");
	is_str(kcc_jq_error(q),
		"--where: jq cannot read the record: more than one JSON value",
		"two values message");
	is_int(kcc_jq_filter(q, S("")), -1, "empty record");
	is_str(kcc_jq_error(q),
		"--where: jq cannot read the record: no JSON value",
		"empty record message");
	{
		/* kcc reads 512 levels of nesting, jq 1.6 only 256. */
		char deep[2 * 300 + 20];
		int i, n = 0;

		n += snprintf(deep + n, sizeof(deep) - (size_t)n, "{\"a\":");
		for (i = 0; i < 300; i++)
			deep[n++] = '[';
		for (i = 0; i < 300; i++)
			deep[n++] = ']';
		deep[n++] = '}';
		is_int(kcc_jq_filter(q, deep, (size_t)n), -1,
			"nested 301 deep: jq refuses");
		ok(strstr(kcc_jq_error(q), "Exceeds depth limit") != NULL,
			"depth message: %s", kcc_jq_error(q));
	}
	/* The span is not NUL-terminated: jq must not read past it. */
	is_int(kcc_jq_filter(q, "{\"a\":{\"b\":1}}garbage", 13), 1,
		"a span inside a longer buffer");
	kcc_jq_free(q);

	q = compiled("--where", "error({code: 7})");
	is_int(kcc_jq_filter(q, S("{}")), -1, "error(object)");
	is_str(kcc_jq_error(q), "--where: error (not a string): {\"code\":7}",
		"error(object) message");
	kcc_jq_free(q);

	q = compiled("--where", "error(null), true");
	is_int(kcc_jq_filter(q, S("{}")), 1, "error(null) acts as empty");
	kcc_jq_free(q);

	q = compiled("--where", "if .stop then halt else true end");
	is_int(kcc_jq_filter(q, S("{\"stop\":true}")), 0, "halt ends the run");
	is_int(kcc_jq_filter(q, S("{\"stop\":false}")), 1,
		"halt is for one record only");
	kcc_jq_free(q);

	q = compiled("--where", "if .stop then .msg | halt_error else true "
				"end");
	is_int(kcc_jq_filter(q, S("{\"stop\":true,\"msg\":\"bye\\n\"}")), -1,
		"halt_error is an error");
	is_str(kcc_jq_error(q), "--where: halt_error: bye",
		"halt_error message without its newline");
	is_int(kcc_jq_filter(q, S("{\"stop\":true,\"msg\":{\"a\":1}}")), -1,
		"halt_error with an object");
	is_str(kcc_jq_error(q), "--where: halt_error: {\"a\":1}",
		"halt_error object as JSON");
	is_int(kcc_jq_filter(q, S("{\"stop\":false}")), 1,
		"the next record runs after halt_error");
	kcc_jq_free(q);

	q = compiled("--where", "[inputs] == []");
	is_int(kcc_jq_filter(q, S("{}")), 1, "inputs is empty");
	kcc_jq_free(q);
	q = compiled("--where", "input");
	is_int(kcc_jq_filter(q, S("{}")), -1, "input fails");
	is_str(kcc_jq_error(q), "--where: No more inputs", "input message");
	kcc_jq_free(q);

	/* The iterator, on a program with several outputs. */
	q = compiled("--select", ".[]");
	is_int(kcc_jq_start(q, S("[1,\"a\",null,{\"k\":[]}]")), KCC_JQ_END,
		"start");
	is_int(kcc_jq_next(q), KCC_JQ_OUTPUT, "output 1");
	kcc_jq_output_text(q, 0, &text, &len);
	is_str(text, "1", "output 1 text");
	ok(kcc_jq_output_truthy(q), "1 is truthy");
	is_int(kcc_jq_next(q), KCC_JQ_OUTPUT, "output 2");
	kcc_jq_output_text(q, 0, &text, &len);
	is_str(text, "\"a\"", "output 2 text");
	is_int(kcc_jq_next(q), KCC_JQ_OUTPUT, "output 3");
	ok(!kcc_jq_output_truthy(q), "null is not truthy");
	is_int(kcc_jq_next(q), KCC_JQ_OUTPUT, "output 4");
	is_int(jv_get_kind(kcc_jq_output(q)), JV_KIND_OBJECT,
		"borrowed jv output");
	kcc_jq_output_text(q, 0, &text, &len);
	is_str(text, "{\"k\":[]}", "output 4 text");
	is_int(kcc_jq_next(q), KCC_JQ_END, "end");
	is_int(kcc_jq_next(q), KCC_JQ_END, "end again");
	ok(!kcc_jq_output_truthy(q), "no output: not truthy");

	/* A jv input, consumed. */
	is_int(kcc_jq_start_jv(q, jv_parse("[2,3]")), KCC_JQ_END, "start jv");
	is_int(kcc_jq_next(q), KCC_JQ_OUTPUT, "jv output 1");
	is_num(jv_number_value(kcc_jq_output(q)), 2, 0, "jv output value");
	/* Abandon the run half way: the next start must not leak. */
	is_int(kcc_jq_start(q, S("[4]")), KCC_JQ_END, "restart");
	is_int(kcc_jq_next(q), KCC_JQ_OUTPUT, "restart output");
	kcc_jq_text(q, kcc_jq_output(q), 0, &text, &len);
	is_str(text, "4", "restart output text");
	kcc_jq_free(q);
}

static void
test_args(void)
{
	struct kcc_jq *q;
	const char *key;
	size_t len;

	q = kcc_jq_new("--where");
	kcc_jq_arg(q, "who", "nobody");
	kcc_jq_arg(q, "who", "ann");
	is_int(kcc_jq_argjson(q, "lim", "  {\"wait_s\": 60} "), 0,
		"--argjson accepted");
	is_int(kcc_jq_argjson(q, "bad", "NaN"), -1, "NaN refused");
	ok(strncmp(kcc_jq_error(q), "--where: $bad: not valid JSON: ", 31) == 0,
		"argjson message: %s", kcc_jq_error(q));
	is_int(kcc_jq_argjson(q, "bad", "{\"a\":1"), -1, "unfinished refused");
	is_int(kcc_jq_compile(q, ".agent == $who and .wait_s > $lim.wait_s"), 0,
		"compile with $vars");
	is_int(kcc_jq_filter(q, S("{\"agent\":\"ann\",\"wait_s\":61}")), 1,
		"$vars pass");
	is_int(kcc_jq_filter(q, S("{\"agent\":\"ann\",\"wait_s\":60}")), 0,
		"$vars fail on the number");
	is_int(kcc_jq_filter(q, S("{\"agent\":\"nobody\",\"wait_s\":61}")), 0,
		"the later --arg wins");
	kcc_jq_free(q);

	q = kcc_jq_new("--by");
	kcc_jq_arg(q, "sep", "/");
	is_int(kcc_jq_compile(q, ".a + $sep + ($__loc__.line|tostring)"), 0,
		"compile");
	is_int(kcc_jq_key(q, S("{\"a\":\"x\"}"), &key, &len), 0, "run");
	is_str(key, "\"x/1\"", "string $var in a key");
	kcc_jq_free(q);
}

/* Many records through every path; ASan's leak check sees the rest. */
static void
test_many(struct sink *s)
{
	struct kcc_jq *w, *b, *m, *e;
	char rec[200];
	const char *key;
	size_t len;
	int i, n, pass = 0, want = 0, keys = 0, lines = 0, errors = 0;

	w = compiled("--where", ".wait_s > 30");
	b = compiled("--by", "{agent, ch: .channel}");
	m = compiled("--map", "{id, w: (.wait_s / 7), t: .text}");
	e = compiled("--where", ".text.x");
	for (i = 0; i < 10000; i++) {
		n = snprintf(rec, sizeof(rec),
			"{\"id\":%d,\"agent\":\"a%d\",\"channel\":\"%s\","
			"\"wait_s\":%d,\"text\":\"r\\u00e9gel %d\"}",
			i, i % 13, i % 2 ? "chat" : "telefoon", i % 61, i);
		pass += kcc_jq_filter(w, rec, (size_t)n) == 1;
		want += i % 61 > 30;
		keys += kcc_jq_key(b, rec, (size_t)n, &key, &len) == 0;
		lines += kcc_jq_map(m, rec, (size_t)n, &s->out) == 1;
		errors += kcc_jq_filter(e, rec, (size_t)n) == -1;
	}
	is_int(pass, want, "filter");
	is_int(keys, 10000, "keys");
	is_int(lines, 10000, "lines");
	is_int(errors, 10000, "errors");
	sink_drain(s);
	kcc_jq_free(w);
	kcc_jq_free(b);
	kcc_jq_free(m);
	kcc_jq_free(e);
}

/* What running program p on rec writes to standard error. */
static char *
stderr_of(int silent, const char *p, const char *rec, int *pass)
{
	char path[] = "/tmp/t_jq_err.XXXXXX", *text;
	struct kcc_jq *q = kcc_jq_new("--where");
	int fd, saved;
	FILE *f;
	long n;

	if (silent)
		kcc_jq_silence(q);
	if (kcc_jq_compile(q, p) != 0)
		kcc_errx(1, "%s", kcc_jq_error(q));
	if ((fd = mkstemp(path)) < 0)
		kcc_err(1, "mkstemp");
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	*pass = kcc_jq_filter(q, rec, strlen(rec));
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	f = fdopen(fd, "r");
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = kcc_xmalloc((size_t)n + 1);
	text[fread(text, 1, (size_t)n, f)] = '\0';
	fclose(f);
	unlink(path);
	kcc_jq_free(q);
	return text;
}

static void
test_silence(void)
{
	const char *p = ".a | debug | stderr | . == \"x\"";
	char *e;
	int pass;

	e = stderr_of(0, p, "{\"a\":\"x\"}", &pass);
	ok(pass == 1 && strstr(e, "DEBUG") != NULL &&
			strstr(e, "\"x\"") != NULL,
		"debug and stderr print as in jq");
	free(e);
	e = stderr_of(1, p, "{\"a\":\"x\"}", &pass);
	is_str(e, "", "silenced: nothing on standard error");
	is_int(pass, 1, "silenced: values pass on");
	free(e);
}

int
main(int argc, char **argv)
{
	struct sink s;

	(void)argc;
	kcc_diag_init(argv[0]);
	sink_open(&s);
	test_compile_errors();
	test_filter();
	test_key();
	test_map(&s);
	test_runtime();
	test_args();
	test_many(&s);
	test_silence();
	sink_close(&s);
	return tap_done();
}
