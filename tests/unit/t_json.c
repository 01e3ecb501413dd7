/* Unit tests for lib/json.c: validation, spans, decoding, canonical output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kcc/json.h"
#include "kcc/out.h"
#include "tap.h"

/* Canonical form of a JSON text, or NULL when it is not valid. */
static char *
canon(const char *text)
{
	static char buf[4096];
	struct kcc_json_error err;
	struct kcc_json_scan sc;
	struct kcc_out out;
	char wrapped[2048];

	if (kcc_json_validate(text, strlen(text), &err) != 0)
		return NULL;
	/* Wrap in an object so the scanner hands out the value's span. */
	snprintf(wrapped, sizeof wrapped, "{\"v\":%s}", text);
	kcc_json_scan_init(&sc);
	kcc_out_init_mem(&out);
	if (kcc_json_scan_object(&sc, wrapped, strlen(wrapped), &err) == 0)
		kcc_json_write_value(&out, &sc.members[0].value);
	snprintf(buf, sizeof buf, "%.*s", (int)out.len, out.buf);
	kcc_out_close(&out);
	kcc_json_scan_release(&sc);
	return buf;
}

static void
accepts(const char *text)
{
	struct kcc_json_error err;

	ok(kcc_json_validate(text, strlen(text), &err) == 0, "accepts %s",
		text);
}

static void
rejects(const char *text, size_t n, size_t offset, const char *msg)
{
	struct kcc_json_error err = {0, NULL, ""};
	int r = kcc_json_validate(text, n, &err);

	ok(r == -1 && err.offset == offset && strstr(err.msg, msg) != NULL &&
			err.reason != NULL,
		"rejects '%.*s' at %zu: %s", (int)n, text, offset, msg);
	if (r == 0)
		printf("#   accepted\n");
	else if (err.offset != offset || strstr(err.msg, msg) == NULL)
		printf("#   got offset %zu: %s\n", err.offset, err.msg);
}

static void
test_validate(void)
{
	accepts("{}");
	accepts(" [1, 2.5e-3, -0, true, false, null, \"x\"] ");
	accepts("\"\\u00e9\\ud83d\\ude00\\/\"");
	accepts("\"caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xf0\x9f\x98\x80\"");
	accepts("1e-400"); /* underflows to zero: accepted */
	accepts("123456789012345678901234567890");
	rejects("", 0, 0, "empty input");
	rejects("[1,]", 4, 3, "expected a JSON value");
	rejects("{\"a\" 1}", 7, 5, "expected ':'");
	rejects("[1 2]", 5, 3, "expected ',' or ']'");
	rejects("01", 2, 0, "leading zero");
	rejects("1.", 2, 2, "after '.'");
	rejects("1e", 2, 2, "exponent");
	rejects("1e400", 5, 0, "out of range");
	rejects("\"abc", 4, 0, "unterminated string");
	rejects("\"a\tb\"", 5, 2, "control character U+0009");
	rejects("\"\\x\"", 4, 2, "invalid escape");
	rejects("\"\\ud800\"", 8, 1, "lone high surrogate");
	rejects("\"\\udc00\"", 8, 1, "lone low surrogate");
	rejects("\"\xff\"", 3, 1, "invalid UTF-8");
	rejects("\"\xc0\xaf\"", 4, 1, "invalid UTF-8");         /* overlong */
	rejects("\"\xed\xa0\x80\"", 5, 1, "invalid UTF-8");     /* surrogate */
	rejects("\"\xf4\x90\x80\x80\"", 6, 1, "invalid UTF-8"); /* > U+10FFFF */
	rejects("\"\xe2\x80\"", 4, 1, "invalid UTF-8");         /* truncated */
	rejects("nul", 3, 0, "expected a JSON value");
	rejects("[1] x", 5, 4, "expected the end");
	rejects("[\"a\0b\"]", 6, 3, "control character U+0000");
	{
		/* Nesting: 512 levels pass, 513 do not. */
		char deep[1100];
		memset(deep, '[', 512);
		memset(deep + 512, ']', 512);
		ok(kcc_json_validate(deep, 1024, NULL) == 0, "512 levels");
		memset(deep, '[', 513);
		memset(deep + 513, ']', 513);
		rejects(deep, 1026, 512, "nesting deeper than 512");
	}
}

static void
test_scan_object(void)
{
	struct kcc_json_scan sc;
	struct kcc_json_error err;
	const char *line =
		"{\"a\":1,\"b\":\"x\\ny\",\"c\":{\"d\":[1, 2]},\"a\":null}";

	kcc_json_scan_init(&sc);
	ok(kcc_json_scan_object(&sc, line, strlen(line), &err) == 0,
		"scan object");
	is_int(sc.n, 4, "four members, duplicates kept");
	is_int(sc.members[0].value.type, KCC_JSON_NUMBER, "number");
	ok(sc.members[0].value.flags & KCC_JSON_INTEGER, "integer flag");
	is_int(sc.members[1].value.type, KCC_JSON_STRING, "string");
	ok(sc.members[1].value.flags & KCC_JSON_ESCAPED, "escaped flag");
	ok(!(sc.members[1].value.flags & KCC_JSON_NONCANONICAL),
		"\\n is a canonical escape");
	is_int(sc.members[1].value.n, 4, "string span is its content");
	is_int(sc.members[2].value.type, KCC_JSON_OBJECT, "object");
	ok(!(sc.members[2].value.flags & KCC_JSON_CANONICAL),
		"object with a space is not canonical");
	is_int(sc.members[3].value.type, KCC_JSON_NULL, "null");

	ok(kcc_json_scan_object(&sc, "[1]", 3, &err) == -1 &&
			strcmp(err.msg,
				"expected a JSON object, got an array") == 0,
		"array is not an object: %s", err.msg);
	ok(kcc_json_scan_object(&sc, "\"s\"", 3, &err) == -1 &&
			strstr(err.msg, "got a string") != NULL,
		"string is not an object");
	ok(kcc_json_scan_object(&sc, "{\"a\":1", 6, &err) == -1 &&
			err.offset == 6,
		"unterminated object at its end: %s", err.msg);
	ok(kcc_json_scan_object(&sc, "  {}  ", 6, &err) == 0 && sc.n == 0,
		"empty object with whitespace");
	kcc_json_scan_release(&sc);
}

/*
 * The scanner's fast path for compact members works on 64-byte blocks
 * counted from the start of the text: shift records of many kinds of
 * member across block boundaries and the end, and check every member
 * against what the iterator (the general code) makes of the same object.
 */
static void
test_scan_object_blocks(void)
{
	static const char *const members[] = {
		"\"kcc\":1",
		"\"id\":\"KC-0000001\"",
		"\"start\":\"2026-03-02T00:01:35+01:00\"",
		"\"n\":-12",
		"\"z\":0",
		"\"neg0\":-0",
		"\"f\":52.3712",
		"\"e\":1e3",
		"\"big\":1234567890123456",
		"\"text\":\"L.S.,\\n\\nDe \\\"WOZ\\\" \\\\ Chlo\xc3\xa9 "
		"\\u00e9 "
		"\\/ and on, past the end of a 64-byte block\"",
		"\"msg\":\"a\\nb\\tc\\\"d\"",
		"\"k\\u0041\":\"v\"",
		"\"sp\" : \"a\"",
		"\"ext\":{\"truth_pii\":[\"name\"]}",
		"\"t\":true",
		"\"\":\"\"",
	};
	const size_t nm = sizeof members / sizeof members[0];
	struct kcc_json_scan sc;
	struct kcc_json_error err;
	struct kcc_json_iter it;
	struct kcc_json_value key, value;
	char text[1024];
	size_t pad, rot, i, len, bad = 0, cases = 0;

	kcc_json_scan_init(&sc);
	for (pad = 0; pad < 70; pad++)
		for (rot = 0; rot < nm; rot++) {
			len = pad;
			memset(text, ' ', pad);
			text[len++] = '{';
			for (i = 0; i < nm; i++) {
				const char *m = members[(rot + i) % nm];
				if (i > 0)
					text[len++] = ',';
				memcpy(text + len, m, strlen(m));
				len += strlen(m);
			}
			text[len++] = '}';
			cases++;
			if (kcc_json_scan_object(&sc, text, len, &err) != 0 ||
				sc.n != nm) {
				bad++;
				continue;
			}
			kcc_json_iter_text(&it, text + pad, len - pad);
			for (i = 0; i < nm; i++) {
				const struct kcc_json_member *m =
					&sc.members[i];
				if (!kcc_json_iter_next(&it, &key, &value) ||
					m->key.p != key.p ||
					m->key.n != key.n ||
					m->key.flags != key.flags ||
					m->value.p != value.p ||
					m->value.n != value.n ||
					m->value.type != value.type ||
					m->value.flags != value.flags) {
					bad++;
					break;
				}
			}
		}
	ok(bad == 0,
		"members at all offsets as the general code has them "
		"(%zu of %zu records differ)",
		bad, cases);
	kcc_json_scan_release(&sc);
}

static void
test_decode(void)
{
	char dst[64];
	const char *s = "a\\\"b\\\\c\\/d\\u00e9\\ud83d\\ude00\\n";
	size_t n = kcc_json_str_decode(s, strlen(s), dst);

	dst[n] = '\0';
	is_str(dst, "a\"b\\c/d\xc3\xa9\xf0\x9f\x98\x80\n", "decode escapes");
	ok(n <= strlen(s), "decoded is not longer");
	is_int(kcc_utf8_seq("\xc3\xa9", 2), 2, "utf8 2 bytes");
	is_int(kcc_utf8_seq("\xc3", 1), 0, "utf8 truncated");
	is_int(kcc_utf8_seq("\xf0\x9f\x98\x80", 4), 4, "utf8 4 bytes");
}

static void
test_numbers(void)
{
	char buf[32];
	double v;

	ok(kcc_json_num("0.1", 3, &v) == 0 && v == 0.1, "0.1");
	ok(kcc_json_num("-12.5e2", 7, &v) == 0 && v == -1250, "-12.5e2");
	ok(kcc_json_num("1e400", 5, &v) == -1, "overflow");
	ok(kcc_json_num("12345678901234567890", 20, &v) == 0 &&
			v == 12345678901234567890.0,
		"long integer via strtod");
	kcc_json_format_num(1.0, buf);
	is_str(buf, "1", "integral as integer");
	kcc_json_format_num(-0.0, buf);
	is_str(buf, "0", "negative zero as 0");
	kcc_json_format_num(0.1, buf);
	is_str(buf, "0.1", "shortest 0.1");
	kcc_json_format_num(0.1 + 0.2, buf);
	is_str(buf, "0.30000000000000004", "shortest round trip");
	kcc_json_format_num(1.0 / 3, buf);
	is_str(buf, "0.3333333333333333", "one third");
	kcc_json_format_num(1e21, buf);
	is_str(buf, "1e+21", "large");
	kcc_json_format_num(9007199254740993.0, buf);
	is_str(buf, "9007199254740992", "2^53 + 1 rounds to 2^53");
	kcc_json_format_num(2e20, buf);
	is_str(buf, "2e+20", "beyond int64 without undefined behaviour");
	kcc_json_format_num(-9007199254740991.0, buf);
	is_str(buf, "-9007199254740991", "-(2^53 - 1) as integer");
	kcc_json_format_num(1.5e-7, buf);
	is_str(buf, "1.5e-07", "small");
}

static void
test_canonical(void)
{
	is_str(canon("[1, 2.50, -0, 1E2, 1.0]"), "[1,2.5,0,100,1]",
		"numbers and whitespace");
	is_str(canon("{\"b\" : \"\\u00e9\\/\\u001F\\u0041\"}"),
		"{\"b\":\"\xc3\xa9/\\u001fA\"}", "escapes to canonical");
	is_str(canon("\"tab\\t\\\"q\\\" \\\\\""), "\"tab\\t\\\"q\\\" \\\\\"",
		"canonical escapes kept");
	is_str(canon("{\"k\":[true,false,null,{}]}"),
		"{\"k\":[true,false,null,{}]}", "canonical copied");
	is_str(canon("{ \"\\u0061\" : 1 }"), "{\"a\":1}", "escaped key");
}

/* Append s[0..n) to buf (128 bytes). */
static void
add(char *buf, const char *s, size_t n)
{
	size_t len = strlen(buf);

	snprintf(buf + len, 128 - len, "%.*s", (int)n, s);
}

static void
test_iter(void)
{
	const char *text = "{\"o\": {\"a\" : 1, \"b\":[true, \"x\"], \"c\":{}},"
			   "\"e\":[]}";
	struct kcc_json_scan sc;
	struct kcc_json_error err;
	struct kcc_json_iter it, in;
	struct kcc_json_value k, v, k2, v2;
	char seen[128] = "";

	kcc_json_scan_init(&sc);
	ok(kcc_json_scan_object(&sc, text, strlen(text), &err) == 0,
		"iter: scan");
	kcc_json_iter_init(&it, &sc.members[0].value);
	while (kcc_json_iter_next(&it, &k, &v)) {
		add(seen, k.p, k.n);
		add(seen, v.type == KCC_JSON_ARRAY ? "[" : ":", 1);
		if (v.type == KCC_JSON_ARRAY) {
			kcc_json_iter_init(&in, &v);
			while (kcc_json_iter_next(&in, &k2, &v2))
				add(seen, k2.type == KCC_JSON_NONE ? "e," : "?",
					2);
		}
	}
	is_str(seen, "a:b[e,e,c:", "iter: members and elements in order");
	kcc_json_iter_init(&it, &sc.members[1].value);
	ok(kcc_json_iter_next(&it, &k, &v) == 0, "iter: empty array");
	kcc_json_scan_release(&sc);
}

int
main(void)
{
	test_iter();
	test_validate();
	test_scan_object();
	test_scan_object_blocks();
	test_decode();
	test_numbers();
	test_canonical();
	return tap_done();
}
