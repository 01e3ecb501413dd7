#!/usr/bin/env bash
# kcc-ingest on malformed inputs: each gives a clear, located message, the
# right exit status and counts that add up; nothing crashes.
. "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 1

M=(--tz Europe/Amsterdam --map 'src := t' --map 'id = id'
	--map 'start = when | time %d-%m-%Y %H:%M' --map 'channel := phone')

printf 'id,when\n1,02-03-2026 09:00\n2,31-02-2026 09:00\n3,29-03-2026 02:30\n4,02-03-2026 10:00\n' > dates.csv
run kcc-ingest "${M[@]}" dates.csv
is_status 1 "impossible date and DST gap: exit 1"
is "$(wc -l < "$stdout_file")" 2 "impossible date and DST gap: the other rows pass"
is_stderr "kcc-ingest: dates.csv:3: column 'when': '31-02-2026 09:00': invalid date (format '%d-%m-%Y %H:%M')
kcc-ingest: dates.csv:4: column 'when': '29-03-2026 02:30': time falls in a daylight-saving gap (format '%d-%m-%Y %H:%M')
kcc-ingest: dates.csv: read 4, written 2, rejected 2
kcc-ingest: dates.csv: rejected 2: invalid value" "impossible date and DST gap: located and explained"

printf 'id,when,x\n1,02-03-2026 09:00,a\n2,02-03-2026 09:00,a,b\n3,02-03-2026 09:00\n' > ragged.csv
run kcc-ingest "${M[@]}" ragged.csv
is_status 1 "ragged rows: exit 1"
is "$(wc -l < "$stdout_file")" 1 "ragged rows: the good row passes"
like_stderr "^kcc-ingest: ragged.csv:3: .*4 fields.*3" "ragged rows: too many fields located"
like_stderr "^kcc-ingest: ragged.csv:4: .*2 fields.*3" "ragged rows: too few fields located"
like_stderr "read 3, written 1, rejected 2$" "ragged rows: counts add up"

printf 'id,when,x\n1,02-03-2026 09:00,"open\n2,02-03-2026 09:00,b\n' > quote.csv
run kcc-ingest "${M[@]}" quote.csv
is_status 1 "unterminated quote: exit 1"
like_stderr "^kcc-ingest: quote.csv:2: quoted field starting at line 2 is not terminated" \
	"unterminated quote: the line where it opened"

printf 'id,when,x\n1,02-03-2026 09:00,caf\xe9\n' > latin1.csv
run kcc-ingest "${M[@]}" --encoding utf-8 latin1.csv
is_status 1 "wrong encoding declared: exit 1"
like_stderr "^kcc-ingest: latin1.csv:2: .*UTF-8" "wrong encoding declared: located"
run kcc-ingest "${M[@]}" latin1.csv
is_status 0 "encoding detected: exit 0"
is "$(jq -r .ext.x "$stdout_file")" "café" "encoding detected: converted to UTF-8"

printf '{"kcc":1,"id":"a","src":"t","start":"2026-03-02T09:00:00Z","channel":"phone","agent":"\xff"}\n' > bad-utf8.jsonl
run kcc-ingest bad-utf8.jsonl
is_status 1 "invalid UTF-8 in JSON lines: exit 1"
like_stderr "^kcc-ingest: bad-utf8.jsonl:1: column [0-9]+: invalid UTF-8 \\(byte 0xFF\\)" "invalid UTF-8: located"

: > empty.csv
run kcc-ingest -s "${M[@]}" empty.csv
is_status 0 "empty file: exit 0"
is_stdout '' "empty file: no records"
is_stderr "kcc-ingest: empty.csv: read 0, written 0, rejected 0" "empty file: counted"

printf 'id,when\n' > header.csv
run kcc-ingest -s "${M[@]}" header.csv
is_status 0 "header only: exit 0"
is_stdout '' "header only: no records"
is_stderr "kcc-ingest: header.csv: read 0, written 0, rejected 0" "header only: counted"

printf 'id,other\n1,x\n' > nocol.csv
run kcc-ingest "${M[@]}" nocol.csv
is_status 1 "a mapped column missing from the header: exit 1"
is_stderr "kcc-ingest: nocol.csv:1: --map: column 'when' (for 'start') is not in the header" \
	"a mapped column missing: named"

{ printf 'id,when,x\n1,02-03-2026 09:00,'; head -c 300 /dev/zero | tr '\0' y; printf '\n2,02-03-2026 09:00,b\n'; } > long.csv
run kcc-ingest "${M[@]}" --max-line 100 long.csv
is_status 1 "row past the length limit: exit 1"
is "$(jq -r .id "$stdout_file")" 2 "row past the length limit: the next row passes"
like_stderr "^kcc-ingest: long.csv:2: " "row past the length limit: located"

run kcc-ingest --map 'start = when | time %d-%m-%Y' dates.csv
is_status 2 "local times without --tz: usage error"
like_stderr "name their time zone with --tz" "local times without --tz: says why"

run kcc-ingest --map 'when = x' dates.csv
is_status 2 "a rule for no field: usage error"
like_stderr "^kcc-ingest: --map: rule 'when = x': 'when' is not a record field" "a rule for no field: named"

if command -v python3 >/dev/null 2>&1; then
	python3 -c '
import gzip
with gzip.open("bomb.jsonl.gz", "wb", 9) as g:
    z = b"\n" * (1 << 20)
    for _ in range(64): g.write(z)
'
	run kcc-ingest --max-ratio 100 bomb.jsonl.gz
	is_status 1 "archive bomb: exit 1"
	like_stderr "more than 100 times its compressed size \\(see --max-ratio\\)" "archive bomb: stopped and named"
	run kcc-ingest --max-expand 1M bomb.jsonl.gz
	is_status 1 "archive bomb by size: exit 1"
	like_stderr "expanded past the limit of 1 MiB \\(see --max-expand\\)" "archive bomb by size: stopped and named"
else
	skip "no python3" 4
fi

done_testing
