/* Unit tests for lib/record.c: the version-1 record, checks and output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kcc/record.h"
#include "tap.h"

#define BASE                                                                   \
	"\"kcc\":1,\"id\":\"c1\",\"src\":\"test\",\"start\":\"2026-03-02T09:"  \
	"14:07+01:00\",\"channel\":\"phone\""

static struct kcc_record rec;

static int
parse(const char *line, struct kcc_json_error *err)
{
	return kcc_record_parse(&rec, line, strlen(line), err);
}

/* Canonical output of one line, or the error message. */
static const char *
write_one(const char *line)
{
	static char buf[8192];
	struct kcc_json_error err;
	struct kcc_out out;

	if (parse(line, &err) != 0) {
		snprintf(buf, sizeof buf, "error: %s", err.msg);
		return buf;
	}
	kcc_out_init_mem(&out);
	kcc_record_write(&rec, &out);
	snprintf(buf, sizeof buf, "%.*s", (int)out.len, out.buf);
	kcc_out_close(&out);
	return buf;
}

static void
bad(const char *line, const char *msg, const char *reason)
{
	struct kcc_json_error err = {0, NULL, ""};
	int r = parse(line, &err);

	ok(r == -1 && strstr(err.msg, msg) != NULL && err.reason != NULL &&
			strcmp(err.reason, reason) == 0,
		"rejects: %s", msg);
	if (r == 0)
		printf("#   accepted: %s\n", line);
	else if (strstr(err.msg, msg) == NULL || strcmp(err.reason, reason))
		printf("#   got: %s (%s)\n", err.msg, err.reason);
}

static void
test_table(void)
{
	int f, all = 1;

	for (f = 0; f < KCC_F__COUNT; f++)
		if (kcc_field_lookup(kcc_fields[f].name,
			    strlen(kcc_fields[f].name)) != f)
			all = 0;
	ok(all, "every field name looks up to itself");
	is_int(kcc_field_lookup("nosuch", 6), -1, "unknown name");
	is_int(kcc_field_lookup("i", 1), -1, "short name");
	is_int(kcc_field_lookup("startx", 6), -1, "near miss");
	is_int(kcc_field_lookup("history_next_ss", 15), -1, "long name");
	is_int(kcc_vocab_index(kcc_channel_names, "whatsapp", 8),
		KCC_CH_WHATSAPP, "vocabulary order matches the enum");
	is_int(kcc_vocab_index(kcc_channel_names, "what", 4), -1,
		"prefix is no match");
	is_str(kcc_fields[0].name, "kcc", "version marker first");
}

static void
test_valid(void)
{
	struct kcc_json_error err;
	const char *s;
	double d;
	size_t n;

	ok(parse("{" BASE "}", &err) == 0, "minimal record");
	ok(parse("{" BASE ",\"csat\":null,\"agent\":null}", &err) == 0,
		"null is absent");
	ok(!kcc_record_has(&rec, KCC_F_csat), "null field absent");
	ok(parse("{" BASE ",\"wait_s\":12.5,\"talk_s\":100,\"hold_s\":0,"
		 "\"acw_s\":20,\"handle_s\":120,\"csat\":5,\"nps\":0,\"ces\":7,"
		 "\"citizen\":\"0123456789abcdef0123456789abcdef\","
		 "\"outcome\":\"answered\",\"resolution\":\"callback\","
		 "\"topic\":\"afval\",\"topic_by\":\"model\",\"topic_conf\":0."
		 "8,"
		 "\"kind\":\"complaint\",\"lang\":\"nld\",\"postcode\":"
		 "\"1053\","
		 "\"lat\":52.37,\"lon\":4.89,\"messages\":3,\"media\":0,"
		 "\"case_id\":\"Z-1\",\"history\":\"h1\",\"history_seq\":2,"
		 "\"history_next_s\":86400,\"end\":\"2026-03-02T09:20:00+01:"
		 "00\","
		 "\"text\":\"caf\\u00e9\",\"ext\":{\"x\":[1]}}",
		   &err) == 0,
		"full record: %s", err.msg);
	ok(kcc_record_num(&rec, KCC_F_wait_s, &d) == 0 && d == 12.5,
		"number value");
	ok(kcc_record_num(&rec, KCC_F_ces, &d) == 0 && d == 7, "ces value");
	ok(kcc_record_num(&rec, KCC_F_agent, &d) == -1, "absent number");
	s = kcc_record_str(&rec, KCC_F_text, &n);
	ok(s != NULL && n == 5 && memcmp(s, "caf\xc3\xa9", 5) == 0,
		"decoded string");
	s = kcc_record_str(&rec, KCC_F_topic, &n);
	ok(s != NULL && n == 5 && memcmp(s, "afval", 5) == 0,
		"unescaped string borrowed from the line");
	is_int(rec.start.sec, 1772439247, "start decoded");
	ok(kcc_record_str(&rec, KCC_F_agent, &n) == NULL && n == 0,
		"absent string");
}

static void
test_invalid(void)
{
	bad("[1]", "expected a JSON object, got an array", "invalid JSON");
	bad("{" BASE ",\"x\":1}", "unknown field 'x'", "unknown field");
	bad("{" BASE ",\"agent\":\"a\",\"agent\":\"b\"}",
		"duplicate field 'agent'", "duplicate field");
	bad("{" BASE ",\"agent\":null,\"agent\":\"b\"}",
		"duplicate field 'agent'", "duplicate field");
	bad("{\"kcc\":1,\"id\":\"c1\",\"src\":\"t\",\"channel\":\"phone\"}",
		"missing required field 'start'", "missing field");
	bad("{\"kcc\":2,\"id\":\"c1\",\"src\":\"t\",\"start\":"
	    "\"2026-03-02T09:14:07Z\",\"channel\":\"phone\"}",
		"unsupported record format version '2'", "unsupported version");
	bad("{" BASE ",\"csat\":6}", "field 'csat' must be from 1 to 5",
		"invalid value");
	bad("{" BASE ",\"csat\":4.5}", "field 'csat' must be an integer",
		"invalid value");
	bad("{" BASE ",\"csat\":\"4\"}",
		"field 'csat' must be a number, got "
		"a string",
		"invalid value");
	bad("{" BASE ",\"wait_s\":-1}", "field 'wait_s' must be seconds",
		"invalid value");
	bad("{\"kcc\":1,\"id\":\"c1\",\"src\":\"t\",\"start\":"
	    "\"2026-02-31T09:14:07+01:00\",\"channel\":\"phone\"}",
		"field 'start'", "invalid value");
	bad("{\"kcc\":1,\"id\":\"c1\",\"src\":\"t\",\"start\":"
	    "\"2026-03-02T09:14:07\",\"channel\":\"phone\"}",
		"field 'start'", "invalid value");
	bad("{" BASE ",\"end\":\"2026-03-02T08:14:06+01:00\"}",
		"field 'end' is before 'start'", "invalid value");
	bad("{\"kcc\":1,\"id\":\"c1\",\"src\":\"t\",\"start\":"
	    "\"2026-03-02T09:14:07Z\",\"channel\":\"fax\"}",
		"field 'channel': unknown value 'fax'", "invalid value");
	bad("{" BASE ",\"direction\":\"in\\u0000x\"}",
		"field 'direction': unknown value", "invalid value");
	bad("{" BASE ",\"kind\":\"report\\u0000\"}",
		"field 'kind': unknown value", "invalid value");
	bad("{" BASE ",\"citizen\":\"0612345678\"}",
		"field 'citizen' must be a pseudonym", "invalid value");
	bad("{" BASE ",\"citizen\":\"0123456789ABCDEF0123456789abcdef\"}",
		"field 'citizen' must be a pseudonym", "invalid value");
	bad("{" BASE ",\"citizen\":\"0123456789abcdef0123456789abcdeg\"}",
		"field 'citizen' must be a pseudonym", "invalid value");
	bad("{" BASE ",\"citizen\":\"0123456789abcdef/123456789abcdef\"}",
		"field 'citizen' must be a pseudonym", "invalid value");
	bad("{" BASE ",\"citizen\":\"jan@example.nl\"}",
		"field 'citizen' must be a pseudonym", "invalid value");
	{
		/* What is not a pseudonym may be a citizen's own data. */
		struct kcc_json_error err = {0, NULL, ""};
		int r = parse("{" BASE ",\"citizen\":\"jan@example.nl\"}",
			&err);
		ok(r == -1 && strstr(err.msg, "got 14 bytes") != NULL &&
				strstr(err.msg, "jan@") == NULL,
			"a bad citizen value is not shown: %s", err.msg);
		r = parse("{" BASE ",\"postcode\":\"1234 AB\"}", &err);
		ok(r == -1 && strstr(err.msg, "1234") == NULL,
			"a street's postcode is not shown: %s", err.msg);
	}
	bad("{" BASE ",\"postcode\":\"1234 AB\"}", "identifies a street",
		"invalid value");
	bad("{" BASE ",\"postcode\":\"1234ab\"}", "identifies a street",
		"invalid value");
	bad("{" BASE ",\"lang\":\"NL\"}", "field 'lang' must be an ISO 639",
		"invalid value");
	bad("{" BASE ",\"agent\":\"\"}", "field 'agent' is empty",
		"invalid value");
	bad("{" BASE ",\"lat\":91}", "field 'lat' must be from -90 to 90",
		"invalid value");
	bad("{" BASE ",\"ext\":[1]}", "field 'ext' must be an object",
		"invalid value");
	bad("{" BASE ",\"talk_s\":10,\"hold_s\":5,\"acw_s\":5,\"handle_s\":30}",
		"is not talk_s + hold_s + acw_s", "invalid value");
	bad("{" BASE ",\"talk_s\":10,\"handle_s\":5}", "is less than its parts",
		"invalid value");
	bad("{" BASE ",\"topic_conf\":1.5}",
		"field 'topic_conf' must be from 0 "
		"to 1",
		"invalid value");
}

static void
test_write(void)
{
	is_str(write_one("{" BASE ",\"direction\":\"in\"}"),
		"{" BASE ",\"direction\":\"in\"}\n", "canonical line copied");
	ok(rec.canonical, "canonical fast path taken");
	is_str(write_one("{\"channel\":\"phone\",\"start\":\"2026-03-02t08:14:"
			 "07.500z\","
			 "\"src\":\"test\",\"id\":\"c1\",\"kcc\":1}"),
		"{\"kcc\":1,\"id\":\"c1\",\"src\":\"test\",\"start\":"
		"\"2026-03-02T08:14:07.5Z\",\"channel\":\"phone\","
		"\"direction\":\"in\"}\n",
		"reordered, time normalised, direction defaulted");
	ok(!rec.canonical, "slow path for a non-canonical line");
	is_str(write_one("{" BASE ",\"talk_s\":100,\"acw_s\":20.0}"),
		"{\"kcc\":1,\"id\":\"c1\",\"src\":\"test\",\"start\":"
		"\"2026-03-02T09:14:07+01:00\",\"talk_s\":100,\"acw_s\":20,"
		"\"handle_s\":120,\"channel\":\"phone\",\"direction\":\"in\"}"
		"\n",
		"handle_s derived from its parts");
	is_str(write_one("{ " BASE " , \"text\" : \"a\\/b\\u00e9\\n\", "
			 "\"ext\" : { \"k\" : [ 1.50 ] } }"),
		"{" BASE ",\"direction\":\"in\",\"text\":\"a/b\xc3\xa9\\n\","
		"\"ext\":{\"k\":[1.5]}}\n",
		"whitespace, escapes and numbers normalised");
	is_str(write_one("{" BASE ",\"direction\":\"in\",\"lat\":52.3712,"
			 "\"lon\":-0.0005}"),
		"{" BASE ",\"direction\":\"in\",\"lat\":52.3712,"
		"\"lon\":-0.0005}\n",
		"short decimals are canonical");
	ok(rec.canonical, "fast path with decimals");
	is_str(write_one("{" BASE ",\"direction\":\"in\",\"lat\":52.37120,"
			 "\"lon\":0.00001}"),
		"{" BASE ",\"direction\":\"in\",\"lat\":52.3712,"
		"\"lon\":1e-05}\n",
		"trailing zero and tiny values rewritten");
	ok(!rec.canonical, "slow path for them");
	is_str(write_one(
		       "{\"kcc\":1,\"id\":\"c1\",\"src\":\"t\",\"start\":"
		       "\"2026-03-02T09:14:07.120+00:00\",\"channel\":\"sms\","
		       "\"direction\":\"in\"}"),
		"{\"kcc\":1,\"id\":\"c1\",\"src\":\"t\",\"start\":"
		"\"2026-03-02T09:14:07.12Z\",\"channel\":\"sms\","
		"\"direction\":\"in\"}\n",
		"time with +00:00 and a trailing zero rewritten");
	ok(!rec.canonical, "slow path for that time");
	write_one("{\"kcc\":1,\"id\":\"c1\",\"src\":\"t\",\"start\":"
		  "\"2026-03-02T09:14:07.12-05:00\",\"channel\":\"sms\","
		  "\"direction\":\"in\"}");
	ok(rec.canonical, "fast path for a canonical time with fraction");
	is_str(write_one("{" BASE ",\"csat\":null}"),
		"{" BASE ",\"direction\":\"in\"}\n", "null dropped");
}

int
main(void)
{
	kcc_record_init(&rec);
	test_table();
	test_valid();
	test_invalid();
	test_write();
	kcc_record_release(&rec);
	return tap_done();
}
