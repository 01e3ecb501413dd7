/* Unit tests for lib/map.c: rules, binding, conversions, ext. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "kcc/map.h"
#include "tap.h"

static struct kcc_build b;

/* Map one row of '|'-separated fields with header h; the record or error. */
static const char *
row(struct kcc_map *m, const char *h, const char *r)
{
	static char buf[4096];
	char hs[1024], rs[1024], *names[32], *fields[32], *save, *tok;
	size_t hl[32], rl[32], nh = 0, nr = 0;
	struct kcc_json_error err;
	struct kcc_out out;
	const char *reason;
	char why[256];

	snprintf(hs, sizeof hs, "%s", h);
	snprintf(rs, sizeof rs, "%s", r);
	for (tok = strtok_r(hs, "|", &save); tok;
		tok = strtok_r(NULL, "|", &save)) {
		names[nh] = tok;
		hl[nh++] = strlen(tok);
	}
	/* fields may be empty: split by hand */
	{
		char *p = rs, *bar;
		for (;;) {
			bar = strchr(p, '|');
			fields[nr] = p;
			rl[nr++] = bar ? (size_t)(bar - p) : strlen(p);
			if (!bar)
				break;
			p = bar + 1;
		}
	}
	if (kcc_map_bind(m, (const char *const *)names, hl, nh, why,
		    sizeof why) != 0) {
		snprintf(buf, sizeof buf, "bind: %s", why);
		return buf;
	}
	kcc_build_reset(&b);
	if (kcc_map_row(m, (const char *const *)fields, rl, nr, &b, &reason,
		    why, sizeof why) != 0) {
		snprintf(buf, sizeof buf, "row: %s (%s)", why, reason);
		return buf;
	}
	if (kcc_build_finish(&b, &err) != 0) {
		snprintf(buf, sizeof buf, "record: %s", err.msg);
		return buf;
	}
	kcc_out_init_mem(&out);
	kcc_record_write(&b.rec, &out);
	snprintf(buf, sizeof buf, "%.*s", (int)out.len - 1, out.buf);
	kcc_out_close(&out);
	return buf;
}

static int
fake_pseudo(void *ctx, const char *kind, const char *raw, size_t n,
	char out[33])
{
	(void)ctx;
	if (strcmp(kind, "phone") != 0 || n < 10)
		return -1;
	memset(out, 'a', 32);
	out[31] = (char)('0' + raw[n - 1] - '0');
	out[32] = '\0';
	return 0;
}

static void
time_is(const char *fmt, const char *s, struct kcc_tz *tz, const char *want)
{
	struct kcc_time t;
	const char *why = "";
	char buf[KCC_TIME_MAX] = "";

	if (kcc_map_time(fmt, s, strlen(s), tz, &t, &why) == 0)
		kcc_time_format(&t, buf);
	else
		snprintf(buf, sizeof buf, "error");
	is_str(buf, want, "time '%s' with '%s' (%s)", s, fmt, why);
}

int
main(void)
{
	const char *why;
	struct kcc_tz *ams = kcc_tz_load("Europe/Amsterdam", &why);
	struct kcc_tz *ny = kcc_tz_load("America/New_York", &why);
	struct kcc_map *m;
	struct kcc_map_hooks hooks = {fake_pseudo, NULL, NULL};
	int devnull = open("/dev/null", O_WRONLY);

	dup2(devnull, 2); /* rule errors are printed; checked by status */
	kcc_build_init(&b);

	time_is("%m/%d/%Y %I:%M:%S %p", "05/01/2022 12:00:03 AM", ny,
		"2022-05-01T00:00:03-04:00");
	time_is("%m/%d/%Y %I:%M:%S %p", "05/01/2022 01:30:00 PM", ny,
		"2022-05-01T13:30:00-04:00");
	time_is("%d-%m-%Y %H:%M", "02-03-2026 09:14", ams,
		"2026-03-02T09:14:00+01:00");
	time_is("%y%m%d %T", "990201 07:05:09", ams,
		"1999-02-01T07:05:09+01:00");
	time_is("iso", "2026-03-02T09:14:07Z", NULL, "2026-03-02T09:14:07Z");
	time_is("iso", "2026-07-02 09:14:07", ams, "2026-07-02T09:14:07+02:00");
	time_is("iso", "2026-07-02 09:14:07.5", ams,
		"2026-07-02T09:14:07.5+02:00");
	time_is("iso", "2026-07-02 09:14:07", NULL, "error");
	time_is("%d-%m-%Y %H:%M", "29-03-2026 02:30", ams, "error");
	time_is("%a", "x", ams, "error");
	time_is("%d %b %Y %H:%M %z", "31 Oct 2017 22:10 +0000", NULL,
		"2017-10-31T22:10:00Z");
	time_is("%d-%m-%Y", "31-02-2026", ams, "error");

	m = kcc_map_new("--map", ams, 0);
	is_int(kcc_map_rule(m, "nosuch = X"), -1, "unknown field");
	is_int(kcc_map_rule(m, "kcc = X"), -1, "version cannot be mapped");
	is_int(kcc_map_rule(m, "start = X | when"), -1, "unknown converter");
	is_int(kcc_map_rule(m, "start = X | time"), -1, "time needs a format");
	is_int(kcc_map_rule(m, "channel = X | map nothing"), -1, "bad map");
	is_int(kcc_map_rule(m, "id"), -1, "no '='");
	ok(kcc_map_rule(m, "id = Call Id") == 0 &&
			kcc_map_rule(m, "src := pwc") == 0 &&
			kcc_map_rule(m, "start = Date + Time | time %Y-%m-%d "
					"%H:%M:%S") == 0 &&
			kcc_map_rule(m, "channel := phone") == 0 &&
			kcc_map_rule(m, "agent = Agent") == 0 &&
			kcc_map_rule(m, "outcome = Answered (Y/N) | map "
					"Y=answered N=abandoned") == 0 &&
			kcc_map_rule(m, "wait_s = Speed of answer in seconds | "
					"num") == 0 &&
			kcc_map_rule(m, "talk_s = AvgTalkDuration | dur") ==
				0 &&
			kcc_map_rule(m, "csat = Satisfaction rating") == 0 &&
			kcc_map_rule(m, "citizen = Caller | pseudo phone") == 0,
		"pwc-like rules");
	kcc_map_hooks(m, &hooks);
	is_str(row(m,
		       "Call Id|Agent|Date|Time|Topic|Answered (Y/N)|Speed of "
		       "answer in seconds|AvgTalkDuration|Satisfaction "
		       "rating|Caller",
		       "ID0001|Diane|2021-01-01|9:12:58|Contract related|Y|109|"
		       "00:02:23|3|0612345678"),
		"{\"kcc\":1,\"id\":\"ID0001\",\"src\":\"pwc\",\"start\":"
		"\"2021-01-01T09:12:58+01:00\",\"wait_s\":109,\"talk_s\":143,"
		"\"handle_s\":143,\"channel\":\"phone\",\"direction\":\"in\","
		"\"citizen\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa8\","
		"\"agent\":\"Diane\",\"outcome\":\"answered\",\"csat\":3,"
		"\"ext\":{\"Topic\":\"Contract related\"}}",
		"row mapped, unused column in ext");
	is_str(row(m,
		       "Call Id|Agent|Date|Time|Answered (Y/N)|Speed of answer "
		       "in seconds|AvgTalkDuration|Satisfaction rating|Caller",
		       "ID0002|Joe|2021-01-01|9:12:58|N||||"),
		"{\"kcc\":1,\"id\":\"ID0002\",\"src\":\"pwc\",\"start\":"
		"\"2021-01-01T09:12:58+01:00\",\"channel\":\"phone\","
		"\"direction\":\"in\",\"agent\":\"Joe\",\"outcome\":"
		"\"abandoned\"}",
		"empty values leave fields out");
	is_str(row(m,
		       "Call Id|Agent|Date|Time|Answered (Y/N)|Speed of answer "
		       "in seconds|AvgTalkDuration|Satisfaction rating|Caller",
		       "ID0003|Joe|2021-01-01|9:12:58|maybe||||"),
		"row: column 'Answered (Y/N)': 'maybe' is not in the map for "
		"'outcome' (invalid value)",
		"unmapped value rejected");
	is_str(row(m,
		       "Call Id|Agent|Date|Time|Answered (Y/N)|Speed of answer "
		       "in seconds|AvgTalkDuration|Satisfaction rating|Caller",
		       "ID0004|Joe|2021-01-01|9:12:58|Y|fast|||"),
		"row: column 'Speed of answer in seconds': 'fast' is not a "
		"number (invalid value)",
		"bad number rejected");
	is_str(row(m,
		       "Call Id|Agent|Date|Time|Answered (Y/N)|Speed of answer "
		       "in seconds|AvgTalkDuration|Satisfaction rating|Caller",
		       "ID0005|Joe|2021-01-01|9:12:58|Y|||9|"),
		"record: field 'csat' must be from 1 to 5, got '9'",
		"record checks apply");
	is_str(row(m, "Call Id|Agent|Date|Answered (Y/N)", "x|y|z|Y"),
		"bind: --map: column 'Time' (for 'start') is not in the header",
		"missing column named");
	kcc_map_free(m);

	/* Decimal commas, value-map default, bool. */
	m = kcc_map_new("profile 'web'", ams, 1);
	kcc_map_keep_ext(m, 0);
	ok(kcc_map_rule(m, "id = Nr") == 0 &&
			kcc_map_rule(m, "src := web") == 0 &&
			kcc_map_rule(m,
				"start = Datum | time %d-%m-%Y %H:%M") == 0 &&
			kcc_map_rule(m,
				"channel = Kanaal | map "
				"Web formulier=webform; *=other") == 0 &&
			kcc_map_rule(m, "wait_s = Wachttijd | num") == 0,
		"Dutch rules");
	is_str(row(m, "Nr|Datum|Kanaal|Wachttijd|Extra",
		       "8|02-03-2026 09:14|web FORMULIER|1,5|x"),
		"{\"kcc\":1,\"id\":\"8\",\"src\":\"web\",\"start\":"
		"\"2026-03-02T09:14:00+01:00\",\"wait_s\":1.5,\"channel\":"
		"\"webform\",\"direction\":\"in\"}",
		"map keys with spaces, compared without case");
	is_str(row(m, "Nr|Datum|Kanaal|Wachttijd|Extra",
		       "7|02-03-2026 09:14|Brief|1.234,5|x"),
		"{\"kcc\":1,\"id\":\"7\",\"src\":\"web\",\"start\":"
		"\"2026-03-02T09:14:00+01:00\",\"wait_s\":1234.5,\"channel\":"
		"\"other\",\"direction\":\"in\"}",
		"decimal comma, default map value, no ext");
	kcc_map_free(m);

	/* "-" leaves a field out, "*" keeps the value. */
	m = kcc_map_new("bank", ams, 0);
	ok(kcc_map_rule(m, "id = call_id") == 0 &&
			kcc_map_rule(m, "src := bank") == 0 &&
			kcc_map_rule(m,
				"start = date + vru_entry | time %y%m%d "
				"%H:%M:%S") == 0 &&
			kcc_map_rule(m, "channel := phone") == 0 &&
			kcc_map_rule(m, "agent = server | map NO_SERVER=-; "
					"*=*") == 0 &&
			kcc_map_rule(m,
				"outcome = outcome | map AGENT=answered "
				"HANG=abandoned PHANTOM=-") == 0,
		"queue-log rules");
	is_str(row(m, "call_id|date|vru_entry|server|outcome",
		       "34536|990201|7:02:47|DORIT|AGENT"),
		"{\"kcc\":1,\"id\":\"34536\",\"src\":\"bank\",\"start\":"
		"\"1999-02-01T07:02:47+01:00\",\"channel\":\"phone\","
		"\"direction\":\"in\",\"agent\":\"DORIT\",\"outcome\":"
		"\"answered\"}",
		"'*' keeps the agent's name");
	is_str(row(m, "call_id|date|vru_entry|server|outcome",
		       "34539|990201|8:09:16|NO_SERVER|PHANTOM"),
		"{\"kcc\":1,\"id\":\"34539\",\"src\":\"bank\",\"start\":"
		"\"1999-02-01T08:09:16+01:00\",\"channel\":\"phone\","
		"\"direction\":\"in\"}",
		"'-' leaves agent and outcome out");
	kcc_map_free(m);

	kcc_build_release(&b);
	kcc_tz_free(ams);
	kcc_tz_free(ny);
	return tap_done();
}
