#!/usr/bin/env bash
# kcc-stats on the real public files (skipped when ../shared/data is
# absent), checked against figures computed here with awk straight from
# the raw source files, never from kcc's own records.
. "$(dirname "$0")/lib.sh"
cd "$KCC_TOP" || exit 1
data=$KCC_SHARED/data

# same_figures WANT GOT: for each line "key<TAB>figure<TAB>value" of WANT,
# a line "key<TAB>figure<TAB>same|differs|missing<TAB>got<TAB>want".
# Numbers are the same when they differ by at most 1e-9 of the larger;
# "null" is only the same as "null".  Lines of GOT that WANT does not
# have come out as "extra".
same_figures() {
	awk -F '\t' -v OFS='\t' '
	function abs(x) { return x < 0 ? -x : x }
	function same(g, w,   m) {
		if (g == "null" || w == "null")
			return g == w
		if (g !~ /^-?[0-9]/)
			return 0
		m = abs(g + 0) > abs(w + 0) ? abs(g + 0) : abs(w + 0)
		return abs(g - w) <= 1e-9 * m
	}
	FNR == NR { got[$1 SUBSEP $2] = $3; next }
	{
		k = $1 SUBSEP $2
		if (!(k in got))
			print $1, $2, "missing", "(none)", $3
		else
			print $1, $2, same(got[k], $3) ? "same" : "differs",
				got[k], $3
		seen[k] = 1
	}
	END {
		for (k in got)
			if (!(k in seen)) {
				split(k, p, SUBSEP)
				print p[1], p[2], "extra", got[k], "(none)"
			}
	}' "$2" "$1"
}

# figures_tsv NAME...: kcc-stats output on stdin as "key<TAB>name<TAB>value"
# lines, the key being the first member of each object (or "all" when the
# first member is a figure: no --by).
figures_tsv() {
	local names
	names=$(printf '"%s",' "$@")
	jq -r --argjson names "[${names%,}]" '
		(to_entries[0]) as $first
		| (if $first.key == "contacts" then "all"
		   else $first.value end) as $k
		| . as $o | $names[]
		| [$k, ., ($o[.] | if . == null then "null" else . end)]
		| @tsv'
}

# PwC call centre: 5000 calls, one row each.  The pwc-callcenter profile
# (lib/profile.c) maps Answered (Y/N) to outcome answered/abandoned,
# Resolved Y/N to resolution first_line/unresolved, Speed of answer to
# wait_s, AvgTalkDuration (H:MM:SS, the call's talk time despite its name)
# to talk_s and Satisfaction rating to csat.  Abandoned rows have empty
# speed, talk and rating cells, so kcc has no wait_s, talk_s or csat for
# them.  What is comparable:
#   answered, abandoned     Answered (Y/N) = Y, N
#   first_line_rate         Resolved = Y / rows with a Resolved cell (all
#                           5000: abandoned calls are 'N', so unresolved)
#   asa_s                   mean Speed of answer over answered rows
#   sl_20s_f3               answered within 20 s / (answered + abandoned
#                           with a wait): abandoned calls have no wait, so
#                           this is in effect answered<=20 / answered
#   abandon_rate_5s         N / (Y + N): no abandoned call has a wait, so
#                           none can be told short
#   aht_s                   mean AvgTalkDuration: handle_s is derived from
#                           talk_s alone (no hold or after-call work in the
#                           source), so this AHT is a mean talk time
#   csat_n, csat_mean       count and mean of Satisfaction rating
pwc=$data/pwc-call-center/Call-Center-Dataset.csv
if [ -f "$pwc" ]; then
	run -o "$tmp/pwc.jsonl" kcc-ingest -p pwc-callcenter --tz Europe/Zurich "$pwc"
	is_status 0 "PwC: ingested"
	is_stderr '' "PwC: ingested quietly"

	# Expected figures, per agent and for all, with a description.
	awk -F, -v OFS='\t' '
	function add(k) {
		n[k]++
		if ($6 == "Y") ans[k]++
		if ($6 == "N") abd[k]++
		if ($7 != "") res_n[k]++
		if ($7 == "Y") res[k]++
		if ($8 != "") {
			if ($6 == "Y") {
				wait_n[k]++
				wait[k] += $8
				if ($8 <= 20) within[k]++
			} else if ($6 == "N")
				abd_waited[k]++
		}
		if ($9 != "") {
			split($9, t, ":")
			talk_n[k]++
			talk[k] += t[1] * 3600 + t[2] * 60 + t[3]
		}
		if ($10 != "") {
			sat_n[k]++
			sat[k] += $10
		}
	}
	function ratio(a, b) { return b == 0 ? "null" : sprintf("%.17g", a / b) }
	NR == 1 { next }
	{
		sub(/\r$/, "")
		add($2)
		add("all")
		if ($8 == "")
			no_wait++
	}
	END {
		for (k in n) {
			print k, "answered", ans[k] + 0,
				sprintf("%d answered, %d abandoned", ans[k], abd[k])
			print k, "abandoned", abd[k] + 0, ""
			print k, "first_line_rate", ratio(res[k], res_n[k]),
				sprintf("resolved %d of %d (%.6f)", res[k], res_n[k],
					res[k] / res_n[k])
			print k, "asa_s", ratio(wait[k], wait_n[k]),
				sprintf("speed of answer %.6f s (%d s / %d answered)",
					wait[k] / wait_n[k], wait[k], wait_n[k])
			print k, "sl_20s_f3",
				ratio(within[k], wait_n[k] + abd_waited[k]),
				sprintf("answered within 20 s %d of %d", within[k],
					wait_n[k] + abd_waited[k])
			print k, "abandon_rate_5s",
				ratio(abd[k], ans[k] + abd[k]),
				sprintf("abandoned %d of %d (none has a wait, so none is short)",
					abd[k], ans[k] + abd[k])
			print k, "aht_s", ratio(talk[k], talk_n[k]),
				sprintf("talk %.6f s (%d s / %d calls)",
					talk[k] / talk_n[k], talk[k], talk_n[k])
			print k, "csat_n", sat_n[k] + 0, ""
			print k, "csat_mean", ratio(sat[k], sat_n[k]),
				sprintf("satisfaction %.6f (%d / %d rated)",
					sat[k] / sat_n[k], sat[k], sat_n[k])
		}
		print no_wait > "/dev/stderr"
	}' "$pwc" 2>"$tmp/pwc-nowait" | sort -t "$(printf '\t')" -k1,1 -s \
		>"$tmp/pwc-want.tsv"
	nowait=$(cat "$tmp/pwc-nowait")
	cut -f 1-3 "$tmp/pwc-want.tsv" >"$tmp/pwc-want3.tsv"

	run kcc-stats --by agent --metrics queue,handling,satisfaction "$tmp/pwc.jsonl"
	is_status 0 "PwC --by agent: exit 0"
	cp "$stdout_file" "$tmp/pwc-by.jsonl"
	is_stderr "kcc-stats: $nowait answered or abandoned records have no wait_s: left out of ASA, waits and service level (an abandon among them counts as not short)" \
		"PwC --by agent: the $nowait calls without a speed of answer said (abandoned: no talk time expected)"
	run kcc-stats --metrics queue,handling,satisfaction "$tmp/pwc.jsonl"
	is_status 0 "PwC totals: exit 0"
	cp "$stdout_file" "$tmp/pwc-all.jsonl"
	is "$(wc -l <"$tmp/pwc-all.jsonl")" 1 "PwC totals: one line"
	cat "$tmp/pwc-by.jsonl" "$tmp/pwc-all.jsonl" |
		figures_tsv answered abandoned first_line_rate asa_s sl_20s_f3 \
			abandon_rate_5s aht_s csat_n csat_mean >"$tmp/pwc-got.tsv"
	is "$(jq -r .agent "$tmp/pwc-by.jsonl" | tr '\n' ' ')" \
		"$(cut -f 1 "$tmp/pwc-want.tsv" | grep -vx all | uniq | tr '\n' ' ')" \
		"PwC: one group per agent, in order"

	# One check per agent (and all) and figure; the description carries
	# the independent figures, the diagnostic kcc's.
	same_figures "$tmp/pwc-want3.tsv" "$tmp/pwc-got.tsv" >"$tmp/pwc-cmp.tsv"
	paste "$tmp/pwc-cmp.tsv" <(cut -f 4 "$tmp/pwc-want.tsv") |
		while IFS=$'\t' read -r k fig verdict got want what; do
			[ "$fig" = abandoned ] || [ "$fig" = csat_n ] && continue
			echo "$verdict	PwC $k $fig: $what	$got	$want"
		done >"$tmp/pwc-lines"
	while IFS=$'\t' read -r v desc got want; do
		if [ "$v" = same ]; then
			pass "$desc"
		else
			fail "$desc" "  kcc-stats: $got" "  awk:       $want"
		fi
	done <"$tmp/pwc-lines"
	# The counts that were left out of the lines above, all at once.
	is "$(awk -F '\t' '($2 == "abandoned" || $2 == "csat_n") && $3 != "same"' \
		"$tmp/pwc-cmp.tsv")" "" \
		"PwC: abandoned and csat_n counts match for every agent and all"
else
	skip "no $pwc" 1
fi

# Anonymous Bank queue log, February 1999: one row per call, a date
# (YYMMDD) and times of day.  Ingested with the mapping t1002 uses: start
# is date + vru_entry in Asia/Jerusalem (+02:00 all February: Israel's
# summer time of 1999 began on 2 April), wait_s is q_time, talk_s is
# ser_time, outcome AGENT/HANG/PHANTOM is answered/abandoned/null.
#
# handle_s is derived from talk_s, and talk_s is mapped on every row: a
# number is never empty here.  kcc-stats counts handle time for contacts
# that were handled: answered, or without an outcome (PHANTOM here), not
# abandoned ones (97 HANG rows have a ser_time; they are left out).
#
# Per hour of vru_entry (kcc's label: 1999-02-01T07+02:00), from the raw
# file:
#   answered, abandoned     AGENT, HANG rows
#   asa_s                   mean q_time of AGENT rows (null without any)
#   sl_20s_f3               AGENT with q_time <= 20 / (AGENT + HANG)
#   abandon_rate_5s         HANG with q_time >= 5 /
#                           (AGENT + HANG - HANG with q_time < 5)
#   handled, aht_s          AGENT and PHANTOM rows, their mean ser_time
bank=$data/anonymous-bank/data_anonymous_bank_february.txt
if [ -f "$bank" ]; then
	run -o "$tmp/bank.jsonl" kcc-ingest --tz Asia/Jerusalem --delimiter tab \
		--map 'src := anonymous-bank' --map 'id = call_id' \
		--map 'start = date + vru_entry | time %y%m%d %H:%M:%S' \
		--map 'channel := phone' --map 'queue = type' \
		--map 'wait_s = q_time | num' --map 'talk_s = ser_time | num' \
		--map 'agent = server | map NO_SERVER=-; *=*' \
		--map 'outcome = outcome | map AGENT=answered HANG=abandoned PHANTOM=-' \
		"$bank"
	is_status 0 "queue log: ingested"
	is_stderr '' "queue log: ingested quietly"

	awk -F '\t' -v OFS='\t' '
	function ratio(a, b) { return b == 0 ? "null" : sprintf("%.17g", a / b) }
	NR == 1 {
		for (i = 1; i <= NF; i++)
			col[$i] = i
		next
	}
	{
		split($col["vru_entry"], t, ":")
		d = $col["date"]
		k = sprintf("19%s-%s-%sT%02d+02:00", substr(d, 1, 2),
			substr(d, 3, 2), substr(d, 5, 2), t[1])
		o = $col["outcome"]
		q = $col["q_time"] + 0
		all[k] = 1
		if (o != "HANG") {
			n[k]++
			ser[k] += $col["ser_time"]
		}
		if (o == "AGENT") {
			ans[k]++
			wait[k] += q
			if (q <= 20) within[k]++
		} else if (o == "HANG") {
			abd[k]++
			if (q < 5) short[k]++
		} else if (o == "PHANTOM")
			phantom++
	}
	END {
		for (k in all) {
			print k, "answered", ans[k] + 0
			print k, "abandoned", abd[k] + 0
			print k, "asa_s", ratio(wait[k], ans[k])
			print k, "sl_20s_f3", ratio(within[k], ans[k] + abd[k])
			print k, "abandon_rate_5s", ratio(abd[k] - short[k],
				ans[k] + abd[k] - short[k])
			print k, "handled", n[k] + 0
			print k, "aht_s", ratio(ser[k], n[k])
		}
		print phantom > "/dev/stderr"
	}' "$bank" 2>"$tmp/bank-phantom" | sort >"$tmp/bank-want.tsv"
	phantom=$(cat "$tmp/bank-phantom")

	run kcc-stats --by hour --tz Asia/Jerusalem --metrics queue,handling \
		--sl 20 --sl-formula 3 --short-abandon 5 "$tmp/bank.jsonl"
	is_status 0 "queue log --by hour: exit 0"
	is_stderr "kcc-stats: $phantom records have no outcome: not counted as answered, abandoned or unanswered" \
		"queue log --by hour: the $phantom PHANTOM calls said"
	figures_tsv answered abandoned asa_s sl_20s_f3 abandon_rate_5s \
		handled aht_s <"$stdout_file" >"$tmp/bank-got.tsv"
	hours=$(cut -f 1 "$tmp/bank-want.tsv" | sort -u | wc -l)
	is "$(jq -r .hour "$stdout_file")" "$(cut -f 1 "$tmp/bank-want.tsv" | sort -u)" \
		"queue log --by hour: the $hours hours with calls, in order"

	same_figures "$tmp/bank-want.tsv" "$tmp/bank-got.tsv" >"$tmp/bank-cmp.tsv"
	for fig in answered abandoned asa_s sl_20s_f3 abandon_rate_5s handled aht_s; do
		awk -F '\t' -v fig="$fig" '$2 == fig' "$tmp/bank-cmp.tsv" |
			sort >"$tmp/bank-$fig.tsv"
		bad=$(grep -cv '	same	' "$tmp/bank-$fig.tsv")
		if [ "$bad" -eq 0 ]; then
			pass "queue log $fig: all $hours hours match"
		else
			fail "queue log $fig: $bad of $hours hours differ" \
				"$(grep -v '	same	' "$tmp/bank-$fig.tsv" | head -1 |
					awk -F '\t' '{ printf "  first: %s: kcc-stats %s (%s), awk %s\n", $1, $4, $3, $5 }')"
		fi
	done
else
	skip "no $bank" 1
fi

done_testing
