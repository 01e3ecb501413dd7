#!/usr/bin/env bash
# kcc-ingest -p whatsapp: every fixture's date format, contacts from the
# sample exports, pseudonyms and redaction, the zone required.
. "$(dirname "$0")/lib.sh"
cd "$KCC_TOP" || exit 1
head -c 32 /dev/urandom > "$tmp/key" && chmod 600 "$tmp/key"

fx=$KCC_SHARED/data/whatsapp-fixtures
if [ -d "$fx" ]; then
	n=0 bad=0
	for f in "$fx"/*/*.txt; do
		n=$((n + 1))
		kcc-ingest -s --key-file "$tmp/key" -p whatsapp \
			--tz Europe/Amsterdam "$f" > "$tmp/out" 2> "$tmp/err" ||
			bad=$((bad + 1))
		grep -q "rejected 0$" "$tmp/err" || bad=$((bad + 1))
		[ -s "$tmp/out" ] || bad=$((bad + 1))
	done
	is "$bad" 0 "all $n WhatsApp fixtures ingest with no rejects"
else
	skip "no $fx" 1
fi

wa=tests/data/sample/raw/whatsapp
run kcc-ingest -s --key-file "$tmp/key" -p whatsapp --tz Europe/Amsterdam \
	--agents 'Gemeente Lindendam' "$wa"/*.txt
is_status 0 "sample WhatsApp exports: exit 0"
like_stderr "^kcc-ingest: total: read 20, written 20, rejected 0$" \
	"sample WhatsApp exports: 20 contacts"
is "$(jq -r '[.channel, .agent, (.citizen | length), (.messages > 0)] | @tsv' "$stdout_file" | sort -u)" \
	"$(printf 'whatsapp\tGemeente Lindendam\t32\ttrue')" \
	"each a WhatsApp contact with the agent, a pseudonym and messages"
is "$(grep -c '+31' "$stdout_file")" 0 "no raw phone number anywhere in the output"
is "$(jq -r 'select(.wait_s != null) | .wait_s >= 0' "$stdout_file" | sort -u)" \
	true "waits are times to the first reply"

tw=$KCC_SHARED/data/twcs/twcs.csv
if [ -f "$tw" ]; then
	run kcc-ingest -s --key-file "$tmp/key" -p twcs "$tw"
	is_status 0 "twcs: exit 0"
	like_stderr "^kcc-ingest: $tw: read 1312, written 1312, rejected 0$" \
		"twcs: 5000 tweets threaded into 1312 conversations, no rejects"
	is "$(jq -r '[.channel, (.citizen | length)] | @tsv' "$stdout_file" | sort -u)" \
		"$(printf 'social\t32')" "twcs: social contacts with pseudonyms"
	is "$(jq -r 'select(.id == "tw-20") | [.agent, .wait_s, .messages] | @tsv' "$stdout_file")" \
		"$(printf 'sprintcare\t396\t2')" "twcs: a thread's agent, wait and messages"
else
	skip "no $tw" 4
fi

run kcc-ingest -p whatsapp "$wa"/*.txt
is_status 2 "no --tz: usage error"
like_stderr "name their time zone with --tz" "no --tz: says why"

done_testing
