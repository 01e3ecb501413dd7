#!/usr/bin/env bash
# kcc's JSON reader against libjq's parser (tests/tools/json-diff): both
# accept the same texts, except the libjq 1.6 deviations listed by name in
# t0003-json-differential.known, and kcc's canonical form of every accepted
# text reads back under libjq as the same value.  Over JSONTestSuite (y_,
# n_ and i_ files) and over generated data (kcc-gen: the records, one a
# line, and the chat platform's export).
. "$(dirname "$0")/lib.sh"

tool=$KCC_TOOLS/json-diff
known=$KCC_TOP/tests/cli/t0003-json-differential.known

[ -x "$tool" ] || skip_all "$tool not built"

suite=
for d in "$KCC_TOP/tests/data/jsontestsuite/test_parsing" \
	"$KCC_SHARED/data/jsontestsuite/test_parsing"; do
	if [ -d "$d" ]; then
		suite=$d
		break
	fi
done

# expect_known PATTERN: the "known" lines json-diff prints for the listed
# names matching PATTERN (a shell glob), in C collation order.
expect_known() {
	local name verdict
	while read -r name verdict; do
		case $name in '' | '#'*) continue ;; esac
		# shellcheck disable=SC2254
		case $name in $1) ;; *) continue ;; esac
		case $verdict in
		accepts) echo "known $name: libjq 1.6 accepts what kcc rejects" ;;
		rejects) echo "known $name: libjq 1.6 rejects what kcc accepts" ;;
		esac
	done <"$known" | sort
}

# The tool itself: a difference is found, named, and fails the run.
printf '%s\n' '{"a":1,"b":[true,null,"x\u00e9\/"]}' '' '[1.50, -0.0, 1e2]' \
	'{"a":01}' '"\ud83d\ude00"' >"$tmp/lines.jsonl"
run "$tool" -l "$tmp/lines.jsonl"
is_status 1 "json-diff -l: exit status 1 on a difference"
# (kcc's own message, after "kcc rejects: ", is t0002's business)
got=$(sed 's/\(kcc rejects: \).*/\1.../' "$stdout_file")
is "$got" "DIFF lines.jsonl:4: libjq accepts, kcc rejects: ...
4 texts: 3 both accept, 0 both reject, 0 known deviations, 1 differences" \
	"json-diff -l: the difference named by file:line (blank line counted)"
is_stderr '' "json-diff -l: empty stderr"

printf 'lines.jsonl:4 accepts\nlines.jsonl:1 accepts\n' >"$tmp/known"
run "$tool" -l -k "$tmp/known" "$tmp/lines.jsonl"
is_status 1 "json-diff -k: exit status 1 on a stale entry"
is_stdout "known lines.jsonl:4: libjq 1.6 accepts what kcc rejects
stale lines.jsonl:1: listed as a known deviation, but libjq and kcc agree
4 texts: 3 both accept, 0 both reject, 1 known deviations, 0 differences, stale known list" \
	"json-diff -k: a listed name that agrees is stale"
is_stderr '' "json-diff -k: empty stderr"

printf 'lines.jsonl:4 rejects\n' >"$tmp/known"
run "$tool" -l -k "$tmp/known" "$tmp/lines.jsonl"
is_status 1 "json-diff -k: exit status 1 when the direction is wrong"
like_stdout '^DIFF lines.jsonl:4: libjq accepts, kcc rejects' \
	"json-diff -k: a deviation the other way is a difference"
is_stderr '' "json-diff -k: wrong direction: empty stderr"

run "$tool"
is_status 2 "json-diff without operands: exit status 2"
is_stdout '' "json-diff without operands: empty stdout"
like_stderr '^usage: ' "json-diff without operands: usage"

if [ -z "$suite" ]; then
	skip "no JSONTestSuite in tests/data or \$KCC_SHARED/data" 10
else
	y=("$suite"/y_*.json)
	n=("$suite"/n_*.json)
	i=("$suite"/i_*.json)

	run "$tool" -k "$known" "${y[@]}"
	is_status 0 "y_ files (${#y[@]}): exit status 0"
	is_stdout "${#y[@]} texts: ${#y[@]} both accept, 0 both reject, 0 known deviations, 0 differences" \
		"y_ files: both accept all, canonical forms read back equal"
	is_stderr '' "y_ files: empty stderr"

	nk=$(expect_known 'n_*' | wc -l)
	run "$tool" -k "$known" "${n[@]}"
	is_status 0 "n_ files (${#n[@]}): exit status 0"
	is_stdout "$(expect_known 'n_*')
${#n[@]} texts: 0 both accept, $((${#n[@]} - nk)) both reject, $nk known deviations, 0 differences" \
		"n_ files: both reject all but the $nk listed deviations"
	is_stderr '' "n_ files: empty stderr"

	ik=$(expect_known 'i_*' | wc -l)
	run "$tool" -k "$known" "${i[@]}"
	is_status 0 "i_ files (${#i[@]}): exit status 0"
	like_stdout "^${#i[@]} texts: [0-9]+ both accept, [0-9]+ both reject, $ik known deviations, 0 differences\$" \
		"i_ files: agree but for the $ik listed choices"
	got=$(grep -v '^[0-9]* texts: ' "$stdout_file")
	is "$got" "$(expect_known 'i_*')" "i_ files: the listed choices, by name"
	is_stderr '' "i_ files: empty stderr"
fi

gen=$KCC_TOOLS/kcc-gen
if [ ! -x "$gen" ]; then
	skip "$gen not built" 7
else
	run -o "$tmp/gen.jsonl" "$gen" -n 20000 -s 7 --raw "$tmp/raw"
	is_status 0 "kcc-gen -n 20000 -s 7: exit status 0"
	lines=$(grep -c . "$tmp/gen.jsonl")
	run "$tool" -l "$tmp/gen.jsonl"
	is_status 0 "generated records ($lines lines): exit status 0"
	like_stdout "^$lines texts: [0-9]+ both accept, [0-9]+ both reject, 0 known deviations, 0 differences\$" \
		"generated records: no difference"
	is_stderr '' "generated records: empty stderr"

	# The chat platform's export: one large JSON text.
	run "$tool" "$tmp/raw/chat.json"
	is_status 0 "generated chat export: exit status 0"
	is_stdout "1 texts: 1 both accept, 0 both reject, 0 known deviations, 0 differences" \
		"generated chat export: accepted by both, same value"
	is_stderr '' "generated chat export: empty stderr"
fi

done_testing
