#!/usr/bin/env bash
# kcc-ingest profiles and mappings on the real public files (skipped when
# ../shared/data is absent) and on archives made here.
. "$(dirname "$0")/lib.sh"
cd "$KCC_TOP" || exit 1
data=$KCC_SHARED/data

pwc=$data/pwc-call-center/Call-Center-Dataset.csv
if [ -f "$pwc" ]; then
	run kcc-ingest -s -p pwc-callcenter --tz Europe/Zurich "$pwc"
	is_status 0 "PwC: exit 0"
	is_stderr "kcc-ingest: $pwc: read 5000, written 5000, rejected 0" \
		"PwC: 5000 rows, 5000 records"
	# The file's own totals (see its SOURCE.txt), recomputed from records.
	is "$(jq -s -c '{n: length,
		answered: map(select(.outcome == "answered")) | length,
		resolved: map(select(.resolution == "first_line")) | length,
		csat: ([.[].csat | select(.)] | add / length * 10000 | round),
		rated: [.[].csat | select(.)] | length,
		asa: ([.[].wait_s | select(.)] | add / length * 100 | round),
		talk: ([.[].talk_s | select(.)] | add / length * 100 | round)}' \
		"$stdout_file")" \
		'{"n":5000,"answered":4054,"resolved":3646,"csat":34036,"rated":4054,"asa":6752,"talk":22492}' \
		"PwC: answered, resolved, satisfaction, speed of answer, talk time survive"
	is "$(jq -r 'select(.agent == "Jim") | .id' "$stdout_file" | wc -l)" 666 \
		"PwC: per agent (Jim 666 calls)"
	is "$(head -1 "$stdout_file")" \
		"{\"kcc\":1,\"id\":\"ID0001\",\"src\":\"pwc-callcenter\",\"src_file\":\"$pwc\",\"src_line\":2,\"start\":\"2021-01-01T09:12:58+01:00\",\"wait_s\":109,\"talk_s\":143,\"handle_s\":143,\"channel\":\"phone\",\"direction\":\"in\",\"agent\":\"Diane\",\"outcome\":\"answered\",\"resolution\":\"first_line\",\"csat\":3,\"topic\":\"Contract related\",\"topic_by\":\"source\"}" \
		"PwC: first record, traceable to its line"

	run kcc-ingest -p pwc-callcenter "$pwc"
	is_status 2 "PwC without --tz: usage error, not a silent UTC"
	is_stdout '' "PwC without --tz: no output"
	like_stderr "^kcc-ingest: profile 'pwc-callcenter' writes local times without a UTC offset: name their time zone with --tz" \
		"PwC without --tz: says why"
else
	skip "no $pwc" 9
fi

nyc=$data/nyc311/311_Service_Requests_from_2010_to_Present.csv
if [ -f "$nyc" ]; then
	run kcc-ingest -s -p nyc311 --tz America/New_York "$nyc"
	is_status 0 "NYC 311: exit 0"
	is_stderr "kcc-ingest: $nyc: read 924, written 924, rejected 0" \
		"NYC 311: 924 rows, no rejects"
	is "$(jq -r .channel_raw "$stdout_file" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" \
		" 280 MOBILE; 501 ONLINE; 139 PHONE; 4 UNKNOWN;" \
		"NYC 311: channel counts as in SOURCE.txt"
	is "$(jq -r 'select(.id == "54049402") | [.start, .channel, .postcode, .ext["Descriptor"]] | join(" ")' "$stdout_file")" \
		"2022-05-01T00:00:03-04:00 webform 10452 Loud Music/Party" \
		"NYC 311: local time with its offset, channel mapped, extras in ext"
else
	skip "no $nyc" 4
fi

bos=$data/boston311/boston311-100.csv
if [ -f "$bos" ]; then
	run kcc-ingest -s -p boston311 --tz America/New_York "$bos"
	is_status 0 "Boston 311: exit 0"
	is_stderr "kcc-ingest: $bos: read 100, written 100, rejected 0
kcc-ingest: redacted 1 [PHONE]" \
		"Boston 311: 100 rows, no rejects; a phone number in a note redacted"
	is "$(grep -c 'Rich DiMarzo  \[PHONE\]' "$stdout_file")" 1 \
		"Boston 311: the note keeps its words, not the number"
	is "$(jq -r .channel_raw "$stdout_file" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" \
		" 56 Citizens Connect App; 11 City Worker App; 30 Constituent Call; 3 Self Service;" \
		"Boston 311: sources as in SOURCE.txt"
	run kcc-ingest -p boston311 --tz America/New_York -r "$tmp/bos-rej.jsonl" \
		"$data/boston311/boston311-100-bad.tsv"
	is_status 0 "Boston 311 bad TSV: rejects kept, exit 0"
	is "$(jq -r '"\(.line) \(.reason): \(.message)"' "$tmp/bos-rej.jsonl")" \
		"41 ragged row: row has 30 fields, the header has 29" \
		"Boston 311 bad TSV: its one bad row explained"
else
	skip "no $bos" 6
fi

bank=$data/anonymous-bank/data_anonymous_bank_february.txt
if [ -f "$bank" ]; then
	run kcc-ingest -s --tz Asia/Jerusalem --delimiter tab \
		--map 'src := anonymous-bank' --map 'id = call_id' \
		--map 'start = date + vru_entry | time %y%m%d %H:%M:%S' \
		--map 'channel := phone' --map 'queue = type' \
		--map 'wait_s = q_time | num' --map 'talk_s = ser_time | num' \
		--map 'agent = server | map NO_SERVER=-; *=*' \
		--map 'outcome = outcome | map AGENT=answered HANG=abandoned PHANTOM=-' \
		"$bank"
	is_status 0 "queue log with a user mapping: exit 0"
	is "$(wc -l < "$stdout_file")" 33344 "queue log: every row a record"
	is_stderr "kcc-ingest: $bank: read 33344, written 33344, rejected 0
kcc-ingest: redacted 42 [BSN]" \
		"queue log: counts; customer numbers that pass the 11-proef redacted"
	is "$(jq -r .outcome "$stdout_file" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" \
		" 5904 abandoned; 27162 answered; 278 null;" \
		"queue log: outcomes as in SOURCE.txt (AGENT, HANG; PHANTOM left out)"
	is "$(head -1 "$stdout_file" | jq -c '[.start, .wait_s, .talk_s, .agent, .queue]')" \
		'["1999-02-01T07:02:47+02:00",0,166,"DORIT","PS"]' \
		"queue log: date and time of day joined, read in the zone"
else
	skip "no $bank" 5
fi

o311=$data/open311-chicago/requests.json
if [ -f "$o311" ]; then
	run kcc-ingest -s -p open311 "$o311"
	is_status 0 "Open311 Chicago: exit 0"
	is_stderr "kcc-ingest: $o311: read 50, written 50, rejected 0
kcc-ingest: redacted 5 [PHONE]" \
		"Open311 Chicago: 50 requests, no rejects; callers' numbers in attributes redacted"
	is "$(jq -r .channel "$stdout_file" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" \
		" 3 app; 37 phone; 10 webform;" \
		"Open311 Chicago: extended_attributes.channel mapped"
	is "$(head -1 "$stdout_file" | jq -c '[.id, .start, .postcode, .area, (.ext.notes | length), .ext["extended_attributes.police"]]')" \
		'["14-00684314","2014-05-09T19:02:21-05:00","60620","21",7,"6"]' \
		"Open311 Chicago: times with their offset, notes kept in ext"
else
	skip "no $o311" 4
fi

ok_file=tests/data/ingest/openklant-klantcontacten.json
run kcc-ingest -p openklant -r "$tmp/ok-rejects.jsonl" $ok_file
is_status 0 "openklant: rejects kept, exit 0"
is "$(jq -c '[.id[0:8], .channel, .channel_raw, .outcome, .resolution, .agent, .case_id, .lang]' "$stdout_file")" \
'["3fa85f64","phone","telefoon","answered","first_line","A. Jansen",null,"nld"]
["6c1e2d3f","email","e-mail",null,"backoffice",null,"ZAAK-2026-000123","nld"]
["9e8d7c6b","desk","Balie","unanswered","first_line",null,null,"eng"]' \
	"openklant: kanaal, indicatieContactGelukt, verdereActieOndernomen, actor, reference"
is "$(jq -r '"\(.line): \(.message)"' "$tmp/ok-rejects.jsonl")" \
	"74: column 'plaatsgevondenOp': '2026-02-30T10:05:00Z': day out of range for the month (format 'iso')" \
	"openklant: the impossible date rejected with its line"
is_stderr "kcc-ingest: $ok_file: read 4, written 3, rejected 1
kcc-ingest: $ok_file: rejected 1: invalid value" "openklant: counts"

# A JSON array and JSON lines with a mapping of one's own.
printf '[{"n": 1, "t": "2026-03-02 09:00", "k": "tel", "x": {"y": [1, 2]}},\n {"n": 2, "t": "2026-03-02 10:00", "k": "mail"}]\n' > "$tmp/a.json"
printf '{"n": 1, "t": "2026-03-02 09:00", "k": "tel", "x": {"y": [1, 2]}}\n{"n": 2, "t": "2026-03-02 10:00", "k": "mail"}\n' > "$tmp/a.jsonl"
for f in a.json a.jsonl; do
	run kcc-ingest -p json --tz Europe/Amsterdam \
		--map 'src := mine' --map 'id = n' --map 'start = t | time iso' \
		--map 'channel = k | map tel=phone mail=email' "$tmp/$f"
	is_status 0 "$f: exit 0"
	is "$(jq -c '[.id, .start, .channel, .ext]' "$stdout_file")" \
'["1","2026-03-02T09:00:00+01:00","phone",{"x":{"y":[1,2]}}]
["2","2026-03-02T10:00:00+01:00","email",null]' "$f: mapped, nested extras kept"
done

# A profile file: rules and directives, with a located error.
cat > "$tmp/mine.profile" <<'PROF'
# JSON of our own
format json
records data.items
src := mine
id = n
start = t | time iso
channel = k | map tel=phone mail=email
PROF
printf '{"data": {"items": [{"n": 1, "t": "2026-03-02T09:00:00Z", "k": "tel"}]}}\n' > "$tmp/w.json"
run kcc-ingest --profile-file "$tmp/mine.profile" "$tmp/w.json"
is_status 0 "profile file: exit 0"
is_stdout "{\"kcc\":1,\"id\":\"1\",\"src\":\"mine\",\"src_file\":\"$tmp/w.json\",\"src_line\":1,\"start\":\"2026-03-02T09:00:00Z\",\"channel\":\"phone\",\"direction\":\"in\"}" \
	"profile file: format, records path and rules applied"
printf 'format csv\nid call_id\n' > "$tmp/bad.profile"
run kcc-ingest --profile-file "$tmp/bad.profile" "$tmp/w.json"
is_status 2 "bad profile file: usage error"
like_stderr "^kcc-ingest: $tmp/bad.profile:2: expected a rule" "bad profile file: the line named"

# --jq: computed fields, filtering, errors.
printf 'id,when,secs\n1,2026-03-02T09:00:00Z,90\n2,2026-03-02T10:00:00Z,x\n3,2026-03-02T11:00:00Z,30\n' > "$tmp/q.csv"
run kcc-ingest -r "$tmp/q-rej.jsonl" --jq 'select(.id != "3") | .wait = (.secs | tonumber) * 2' \
	--map 'src := q' --map 'id = id' --map 'start = when | time iso' \
	--map 'channel := phone' --map 'wait_s = wait | num' --map 'drop = secs' "$tmp/q.csv"
is_status 0 "--jq on CSV rows with rules: exit 0"
is_stdout "{\"kcc\":1,\"id\":\"1\",\"src\":\"q\",\"src_file\":\"$tmp/q.csv\",\"src_line\":2,\"start\":\"2026-03-02T09:00:00Z\",\"wait_s\":180,\"channel\":\"phone\",\"direction\":\"in\"}" \
	"--jq: a computed field mapped"
is "$(jq -r '"\(.line) \(.reason): \(.message)"' "$tmp/q-rej.jsonl")" \
"3 jq error: --jq: Invalid numeric literal at EOF at line 1, column 1 (while parsing 'x')
4 left out by --jq: the --jq program gave no output" "--jq: errors and filtered rows kept with their reason"
printf '[{"n": 7, "t": "2026-03-02T09:00:00Z"}]\n' > "$tmp/r.json"
run kcc-ingest -p json --jq '{kcc: 1, id: (.n | tostring), src: "r", start: .t, channel: "app"}' "$tmp/r.json"
is_status 0 "--jq writing whole records: exit 0"
is_stdout '{"kcc":1,"id":"7","src":"r","start":"2026-03-02T09:00:00Z","channel":"app","direction":"in"}' \
	"--jq writing whole records: checked and canonical"
run kcc-ingest -p json --jq '{' "$tmp/r.json"
is_status 2 "--jq that does not compile: usage error"
like_stderr "^kcc-ingest: --jq: syntax error" "--jq that does not compile: jq's message"

# Archives: the sample as zip, tar.gz and gz, read member by member.
if command -v python3 >/dev/null 2>&1; then
	s=tests/data/sample/contacts.jsonl
	python3 - "$tmp" "$s" <<'PY'
import sys, zipfile, tarfile, gzip, shutil
d, s = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(d + "/sample.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(s, "a/contacts.jsonl")
    z.writestr("b/empty.jsonl", "")
with tarfile.open(d + "/sample.tar.gz", "w:gz") as t:
    t.add(s, "contacts.jsonl")
with open(s, "rb") as f, gzip.open(d + "/sample.jsonl.gz", "wb") as g:
    shutil.copyfileobj(f, g)
PY
	for a in sample.zip sample.tar.gz sample.jsonl.gz; do
		run kcc-ingest "$tmp/$a"
		is_status 0 "$a: exit 0"
		is_stdout_file "$s" "$a: the same records as the plain file"
	done
	run kcc-ingest -s "$tmp/sample.zip"
	is_stderr "kcc-ingest: $tmp/sample.zip:a/contacts.jsonl: read 2000, written 2000, rejected 0
kcc-ingest: $tmp/sample.zip:b/empty.jsonl: read 0, written 0, rejected 0
kcc-ingest: total: read 2000, written 2000, rejected 0" "zip: counts per member"
	head -c 1000 "$tmp/sample.jsonl.gz" > "$tmp/truncated.gz"
	run kcc-ingest "$tmp/truncated.gz"
	is_status 1 "truncated gz: exit 1"
	like_stderr "truncated" "truncated gz: said"
else
	skip "no python3 to make archives" 9
fi

done_testing
