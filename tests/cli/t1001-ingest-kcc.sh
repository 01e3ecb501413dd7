#!/usr/bin/env bash
# kcc-ingest, profile kcc: validation, canonical output, rejects, counts.
. "$(dirname "$0")/lib.sh"
cd "$KCC_TOP" || exit 1
D=tests/data/ingest
E=tests/cli/t1001-ingest-kcc.d

run kcc-ingest $D/messy.jsonl
is_status 0 "messy but valid records: exit 0"
is_stdout_file $E/messy.out "written in canonical form"
is_stderr '' "nothing on stderr"

run -i $E/messy.out kcc-ingest
is_status 0 "canonical records read back"
is_stdout_file $E/messy.out "idempotent: the same bytes again"
is_stderr '' "idempotent: quiet"

run kcc-ingest $D/bad.jsonl
is_status 1 "rejected rows without --rejects: exit 1"
is_stdout_file $E/bad.out "only the good rows are written"
is_stderr_file $E/bad.err "each reject located and explained, then the summary"

run kcc-ingest -r $tmp/rejects.jsonl $D/bad.jsonl
is_status 0 "rejected rows kept with --rejects: exit 0"
is_stdout_file $E/bad.out "the same good rows"
is_stderr "$(grep -v ': column ' $E/bad.err)" "summary only on stderr"
is "$(cat $tmp/rejects.jsonl)" "$(cat $E/bad.rejects)" "rejects file: row, place, reason"
is "$(jq -c . $tmp/rejects.jsonl | wc -l)" 10 "rejects file is JSON lines"

run kcc-ingest --rejects=$tmp/latin1.jsonl $D/latin1.jsonl
is_status 0 "invalid UTF-8 row kept"
is "$(cat $tmp/latin1.jsonl)" "$(cat $E/latin1.rejects)" "raw shown with U+FFFD, exact bytes in base64"
ok "base64 holds the row's exact bytes (less its newline)" \
	cmp -s <(jq -r .raw_base64 $tmp/latin1.jsonl | base64 -d; echo) $D/latin1.jsonl

run -i <(printf '%s\n' '{"kcc":1,"id":"s","src":"t","start":"2026-03-03T10:00:00Z","channel":"sms"}') \
	kcc-ingest -s $D/crlf-bom.jsonl $D/empty.jsonl -
is_status 0 "three inputs, one of them stdin"
is_stdout '{"kcc":1,"id":"d1","src":"desk","start":"2026-03-03T10:00:00+01:00","channel":"desk","direction":"in"}
{"kcc":1,"id":"d2","src":"desk","start":"2026-03-03T10:05:00+01:00","channel":"desk","direction":"in"}
{"kcc":1,"id":"s","src":"t","start":"2026-03-03T10:00:00Z","channel":"sms","direction":"in"}' "CRLF, BOM and blank lines handled"
is_stderr "kcc-ingest: $D/crlf-bom.jsonl: read 2, written 2, rejected 0
kcc-ingest: $D/empty.jsonl: read 0, written 0, rejected 0
kcc-ingest: <stdin>: read 1, written 1, rejected 0
kcc-ingest: total: read 3, written 3, rejected 0" "summary per input and in total"

printf '%s\n' '{"kcc":1,"id":"a","src":"t","start":"2026-03-03T10:00:00Z","channel":"sms"}' \
	'{"kcc":1,"id":"long","src":"t","start":"2026-03-03T10:00:00Z","channel":"sms","text":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}' \
	'{"kcc":1,"id":"b","src":"t","start":"2026-03-03T10:00:00Z","channel":"sms"}' > $tmp/long.jsonl
run kcc-ingest --max-line 100 $tmp/long.jsonl
is_status 1 "line over --max-line: exit 1"
is_stdout '{"kcc":1,"id":"a","src":"t","start":"2026-03-03T10:00:00Z","channel":"sms","direction":"in"}
{"kcc":1,"id":"b","src":"t","start":"2026-03-03T10:00:00Z","channel":"sms","direction":"in"}' "the lines around it pass"
is_stderr "kcc-ingest: $tmp/long.jsonl:2: line longer than 100 bytes (see --max-line)
kcc-ingest: $tmp/long.jsonl: read 3, written 2, rejected 1
kcc-ingest: $tmp/long.jsonl: rejected 1: line too long" "overlong line located"

run kcc-ingest -o $tmp/out.jsonl $D/messy.jsonl
is_status 0 "-o: exit 0"
is_stdout '' "-o: nothing on stdout"
is "$(cat $tmp/out.jsonl)" "$(cat $E/messy.out)" "-o: records in the file"

run kcc-ingest -p nosuch $D/messy.jsonl
is_status 2 "unknown profile: exit 2"
is_stdout '' "unknown profile: no output"
is_stderr "kcc-ingest: option '--profile': unknown profile 'nosuch' (see kcc-ingest(1))
usage: kcc-ingest [-hsV] [--agents names] [--delimiter char] [--encoding name]
           [--jq program] [--key-file file] [--map rule]
           [--max-expand size] [--max-line size] [--max-members n]
           [--max-ratio n] [--no-redact] [-o file] [-p profile]
           [--profile-file file] [-r file] [--records path]
           [--session-gap seconds] [--tz zone] [file ...]" "unknown profile named"

run kcc-ingest --max-line 10X $D/messy.jsonl
is_status 2 "bad size: exit 2"
is_stdout '' "bad size: no output"
like_stderr "^kcc-ingest: option '--max-line': '10X' is not a size" "bad size named"

run kcc-ingest $D/messy.jsonl $tmp/nosuch.jsonl $D/crlf-bom.jsonl
is_status 1 "a missing file among others: exit 1"
is "$(wc -l < $stdout_file)" 4 "the other files are still read"
is_stderr "kcc-ingest: $tmp/nosuch.jsonl: No such file or directory" "missing file named"

if [ -f tests/data/sample/contacts.jsonl ]; then
	run kcc-ingest -s tests/data/sample/contacts.jsonl
	is_status 0 "bundled sample: all records valid"
	is_stdout_file tests/data/sample/contacts.jsonl "bundled sample is canonical"
	like_stderr ": read ([0-9]+), written \\1, rejected 0$" "bundled sample: counts add up"
else
	skip "no bundled sample yet" 3
fi

done_testing
