/* Unit tests for lib/build.c: records built from values. */
#include <string.h>

#include "kcc/build.h"
#include "tap.h"

static struct kcc_build b;

/* The finished record's canonical line, or "error: msg". */
static const char *
finish(void)
{
	static char buf[4096];
	struct kcc_json_error err;
	struct kcc_out out;

	if (kcc_build_finish(&b, &err) != 0) {
		snprintf(buf, sizeof buf, "error: %s", err.msg);
		return buf;
	}
	kcc_out_init_mem(&out);
	kcc_record_write(&b.rec, &out);
	snprintf(buf, sizeof buf, "%.*s", (int)out.len, out.buf);
	kcc_out_close(&out);
	return buf;
}

int
main(void)
{
	struct kcc_time t;
	const char *why;

	kcc_build_init(&b);
	kcc_time_parse("2026-03-02T09:14:07+01:00", 25, &t, &why);

	/* Fields set in any order come out in canonical order. */
	kcc_build_str(&b, KCC_F_channel, "phone", 5);
	kcc_build_num(&b, KCC_F_talk_s, 225);
	kcc_build_num(&b, KCC_F_wait_s, 12.5);
	kcc_build_time(&b, KCC_F_start, &t);
	kcc_build_str(&b, KCC_F_src, "pwc", 3);
	kcc_build_str(&b, KCC_F_id, "ID0001", 6);
	kcc_build_str(&b, KCC_F_text, "caf\xc3\xa9 \"quoted\"\n", 15);
	kcc_build_ext_str(&b, "Topic", 5, "Streaming", 9);
	kcc_build_ext_json(&b, "Rating", 6, "4", 1);
	ok(kcc_build_has(&b, KCC_F_talk_s) && !kcc_build_has(&b, KCC_F_csat),
		"has");
	is_str(finish(),
		"{\"kcc\":1,\"id\":\"ID0001\",\"src\":\"pwc\",\"start\":"
		"\"2026-03-02T09:14:07+01:00\",\"wait_s\":12.5,\"talk_s\":225,"
		"\"handle_s\":225,\"channel\":\"phone\",\"direction\":\"in\","
		"\"text\":\"caf\xc3\xa9 \\\"quoted\\\"\\n\",\"ext\":{\"Topic\":"
		"\"Streaming\",\"Rating\":4}}\n",
		"canonical order, escapes, derived fields, ext");

	/* A later set replaces; reset forgets. */
	kcc_build_reset(&b);
	kcc_build_str(&b, KCC_F_id, "x", 1);
	kcc_build_str(&b, KCC_F_id, "y", 1);
	kcc_build_str(&b, KCC_F_src, "s", 1);
	kcc_build_time(&b, KCC_F_start, &t);
	kcc_build_str(&b, KCC_F_channel, "desk", 4);
	is_str(finish(),
		"{\"kcc\":1,\"id\":\"y\",\"src\":\"s\",\"start\":"
		"\"2026-03-02T09:14:07+01:00\",\"channel\":\"desk\","
		"\"direction\":\"in\"}\n",
		"replaced value, nothing left from the last record");

	/* The record checks apply. */
	kcc_build_reset(&b);
	kcc_build_str(&b, KCC_F_id, "x", 1);
	kcc_build_str(&b, KCC_F_src, "s", 1);
	kcc_build_time(&b, KCC_F_start, &t);
	kcc_build_str(&b, KCC_F_channel, "fax", 3);
	kcc_build_num(&b, KCC_F_csat, 7);
	is_str(finish(),
		"error: field 'channel': unknown value 'fax' (one of: phone, "
		"desk, email, webform, chat, whatsapp, social, app, letter, "
		"sms, other, unknown)",
		"vocabulary checked");
	kcc_build_str(&b, KCC_F_channel, "sms", 3);
	is_str(finish(), "error: field 'csat' must be from 1 to 5, got '7'",
		"range checked");
	kcc_build_reset(&b);
	kcc_build_str(&b, KCC_F_id, "x", 1);
	is_str(finish(), "error: missing required field 'src'",
		"required fields checked");
	kcc_build_reset(&b);
	kcc_build_str(&b, KCC_F_id, "x", 1);
	kcc_build_str(&b, KCC_F_src, "s\xff", 2);
	kcc_build_time(&b, KCC_F_start, &t);
	kcc_build_str(&b, KCC_F_channel, "sms", 3);
	ok(strstr(finish(), "invalid UTF-8") != NULL,
		"invalid UTF-8 in a value is caught");
	kcc_build_release(&b);
	return tap_done();
}
