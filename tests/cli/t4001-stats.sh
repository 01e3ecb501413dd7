#!/usr/bin/env bash
# kcc-stats: figures checked against values computed by hand on a small
# fixture, every service-level formula, grouping and order, table output,
# staffing against the Erlang C vectors of the domain reference, hotspots,
# suppression, partial aggregates and sharded runs equal to one run, and
# bad input.
. "$(dirname "$0")/lib.sh"

calls=$KCC_TOP/tests/data/stats/calls.jsonl

# Hand-computed (see tests/data/stats/calls.jsonl): 8 contacts; answered
# 1,2,5,7 (7 without a wait); abandoned 3 (wait 3 s: short) and 4 (25 s);
# answered waits 10, 30, 20.
run kcc-stats "$calls"
is_status 0 "totals: exit 0"
f() { jq -c "$1" "$stdout_file"; }
is "$(f '[.contacts,.share,.citizens,.answered,.abandoned,.unanswered]')" \
	"[8,1,4,4,2,1]" "volume: contacts, share, distinct citizens, outcomes"
is "$(f '[.asa_s,.wait_p50_s,.wait_p80_s,.wait_p90_s,.wait_p95_s]')" \
	"[20,20,30,30,30]" "ASA (10+30+20)/3; nearest-rank wait percentiles"
is "$(f '[.abandoned_short_5s,.abandon_rate_5s,.sl_20s_f3]')" "[1,0.2,0.4]" \
	"short abandons; abandon rate (2-1)/(4+2-1); SL f3 2/(3+2)"
is "$(f '[.handled,.aht_s,.handle_p50_s,.handle_p80_s]')" "[4,117.5,90,200]" \
	"AHT (120+200+60+90)/4, handle_s derived from its parts when absent"
is "$(f '[.first_line_rate,.callback_rate,.escalation_rate]' | tr -d ' ')" \
	"[0.3333333333333333,0.3333333333333333,0.3333333333333333]" \
	"resolution rates over contacts with a resolution"
is "$(f '[.with_history,.fcr_7d,.repeat_rate]')" "[2,0.5,0.5]" \
	"FCR within 7 days and repeat rate from the history marks"
is "$(f '[.csat_n,.csat_mean,.csat_top2,.csat_dist,.nps,.ces_mean]')" \
	"[3,3.6666666666666665,0.6666666666666666,[0,1,0,1,1],null,null]" \
	"CSAT mean, top-2-box, distribution; no NPS or CES: null"
is_stderr "kcc-stats: 1 record has no outcome: not counted as answered, abandoned or unanswered
kcc-stats: 1 answered or abandoned record has no wait_s: left out of ASA, waits and service level (an abandon among them counts as not short)
kcc-stats: 1 record has no handle_s (nor its parts): left out of AHT and handle times
kcc-stats: 3 records have no citizen: not in distinct citizens" \
	"what was left out is said"

# History marks: none at all is said; marks that do not go together are
# left out and counted.
r='"kcc":1,"src":"t","channel":"phone","start":"2026-03-02T09:00:00+01:00"'
printf '{"id":"n1",%s}\n' "$r" >"$tmp/nohist.jsonl"
run kcc-stats --metrics fcr "$tmp/nohist.jsonl"
is "$(f '[.with_history,.fcr_7d,.repeat_rate]')" "[0,null,null]" \
	"no history marks: FCR and repeat rate null"
is_stderr "kcc-stats: no record has history marks (kcc-merge --histories sets them): FCR and repeat rate are null" \
	"no history marks: said"
printf '{"id":"h1",%s,"history":"h1"}\n{"id":"h2",%s,"history_seq":2}\n{"id":"h3",%s,"history_next_s":60}\n{"id":"h4",%s,"history":"h2","history_seq":2,"history_next_s":60}\n' \
	"$r" "$r" "$r" "$r" >"$tmp/badhist.jsonl"
run kcc-stats --metrics fcr "$tmp/badhist.jsonl"
is_status 0 "marks that do not go together: exit 0"
is "$(f '[.contacts,.with_history,.fcr_7d,.repeat_rate]')" "[4,1,0,1]" \
	"only the record with history and history_seq counts"
is_stderr "kcc-stats: 3 records have history marks that do not go together (a history without history_seq, or history_seq or history_next_s without a history): left out of FCR and repeat rate" \
	"marks that do not go together: counted and said"

# The five service-level formulas (ans<=20: 2, ans 3, abd 2, abd<=20: 1,
# short 1).
for fm in "1 0.6" "2 0.6666666666666666" "3 0.4" "4 0.5" "5 0.5"; do
	set -- $fm
	run kcc-stats --metrics queue --sl-formula "$1" "$calls"
	is "$(jq -c ".sl_20s_f$1" "$stdout_file")" "$2" "service level formula $1"
done
run kcc-stats --metrics queue --sl 30 --sl-formula 2 "$calls"
is "$(jq -c '.sl_30s_f2' "$stdout_file")" "1" "threshold in the name: sl_30s_f2"

# Groups: by field and bucket, in key order, null first.
run kcc-stats --metrics volume --by agent,day --tz Europe/Amsterdam "$calls"
is_status 0 "by agent,day: exit 0"
is "$(jq -c '[.agent,.day,.contacts]' "$stdout_file" | tr '\n' ' ')" \
	'[null,"2026-03-02",1] [null,"2026-03-03",2] [null,"2026-03-05",1] ["a1","2026-03-02",2] ["a2","2026-03-02",1] ["a2","2026-03-03",1] ' \
	"groups sorted by key, missing values as null first"
run kcc-stats --metrics volume --by channel --where '.channel != "phone"' "$calls"
is "$(jq -c '[.channel,.contacts,.share]' "$stdout_file" | tr '\n' ' ')" \
	'["chat",1,0.3333333333333333] ["email",1,0.3333333333333333] ["webform",1,0.3333333333333333] ' \
	"--where filters with jq before grouping"
run kcc-stats --metrics volume --by 'jq:.agent // "nobody"' "$calls"
is "$(jq -c '[to_entries[0].key,to_entries[0].value,.contacts]' "$stdout_file" | tr '\n' ' ')" \
	'[".agent // \"nobody\"","a1",2] [".agent // \"nobody\"","a2",2] [".agent // \"nobody\"","nobody",4] ' \
	"a jq expression as a key, named by itself"
run kcc-stats --metrics volume,agents,concurrency --by agent "$calls"
is "$(jq -c 'select(.agent=="a1") | [.active_hours,.contacts_per_active_hour,.handle_time_s,.occupancy_proxy]' "$stdout_file")" \
	"[1,2,320,0.08888888888888889]" "agents: active hours, contacts per active hour, occupancy proxy"
is "$(jq -c 'select(.agent=="a2") | [.frt_n,.frt_mean_s]' "$stdout_file")" "[1,20]" \
	"first response time over messaging channels"

run kcc-stats --format table --metrics volume --by channel "$calls"
is_status 0 "table: exit 0"
is "$(head -2 "$stdout_file")" "channel  contacts   share  citizens
chat            1  0.1250         1" "table: aligned columns, a header"

# Single figures: in the order asked, after contacts; names under the
# options given; the same through partials.
run kcc-stats --by channel --metrics csat_mean,asa_s,sl,aht_s "$calls"
is_status 0 "single figures: exit 0"
is "$(jq -c . "$stdout_file" | head -1)" \
	'{"channel":"chat","contacts":1,"csat_mean":2,"asa_s":20,"sl_20s_f3":1,"aht_s":60}' \
	"single figures: in the order of the list, after contacts"
is_stderr "kcc-stats: 1 record has no outcome: not counted as answered, abandoned or unanswered
kcc-stats: 1 answered or abandoned record has no wait_s: left out of ASA, waits and service level (an abandon among them counts as not short)
kcc-stats: 1 record has no handle_s (nor its parts): left out of AHT and handle times" \
	"single figures: notes for the families they need only"
run kcc-stats --sl 30 --sl-formula 2 --metrics answered,sl,sl_30s_f2 "$calls"
is "$(cat "$stdout_file")" '{"contacts":8,"answered":4,"sl_30s_f2":1}' \
	"the stem sl is the figure under --sl and --sl-formula, written once"
run kcc-stats --sl 30 --metrics sl_20s_f3 "$calls"
is_status 2 "a figure named under other options: exit 2"
like_stderr "unknown metric 'sl_20s_f3'.*such as asa_s or sl_30s_f3" \
	"a figure named under other options: the right name is shown"
kcc-stats --partial --by channel --metrics aht_s,share "$calls" \
	>"$tmp/fig.partial" 2>/dev/null
run kcc-stats --combine --by channel --metrics aht_s,share "$tmp/fig.partial"
is "$(jq -c '[.channel,.contacts,.aht_s,.share,.citizens]' "$stdout_file" | head -2 | tr '\n' ' ')" \
	'["chat",1,60,0.125,null] ["email",1,null,0.125,null] ' \
	"single figures through partials; citizens not kept unless named"
run kcc-stats --format table --by channel --metrics answered,asa_s "$calls"
is "$(head -2 "$stdout_file")" "channel  contacts  answered  asa_s
chat            1         1     20" "single figures as a table"

# Staffing: 100 calls in one half hour with AHT 180 s: A = 10 Erlangs;
# 80/20 needs 14 agents: SL 0.8884, ASA 7.836 s (domain reference).
awk 'BEGIN { for (i = 0; i < 100; i++)
	printf "{\"kcc\":1,\"id\":\"%d\",\"src\":\"t\",\"start\":\"2026-03-02T09:%02d:00Z\",\"handle_s\":180,\"channel\":\"phone\",\"outcome\":\"answered\",\"wait_s\":5}\n", i, i % 30 }' >"$tmp/erlang.jsonl"
run kcc-stats --staffing --target 80/20 "$tmp/erlang.jsonl"
is_status 0 "staffing: exit 0"
is "$(jq -r '[.interval,.arrivals,.aht_s,.erlangs,.agents,.model,.target] | @tsv' "$stdout_file")" \
	"2026-03-02T09:00Z	100	180	10	14	erlang_c	80/20" "staffing: traffic and agents by Erlang C"
is "$(jq -r '"\(.sl*10000|round) \(.asa_s*1000|round) \(.occupancy)"' "$stdout_file")" \
	"8884 7836 0.7142857142857143" "staffing: SL 0.8884, ASA 7.836 s, occupancy 10/14"
run kcc-stats --staffing --target 80/20 --shrinkage 30 "$tmp/erlang.jsonl"
is "$(jq -c '[.agents,.staff]' "$stdout_file")" "[14,20]" "shrinkage 30%: ceil(14/0.7)"

# Publishing staffing safely: an interval of too few citizens keeps its
# agents but not its arrivals and what follows from them.
awk '{ sub(/"channel"/, sprintf("\"citizen\":\"%032x\",\"channel\"", NR % 3)); print }' \
	"$tmp/erlang.jsonl" >"$tmp/erlang-cit.jsonl"
run kcc-stats --staffing --min-count 3 "$tmp/erlang-cit.jsonl"
is "$(jq -c '[.arrivals,.agents,.suppressed]' "$stdout_file")" '[100,14,false]' \
	"staffing --min-count 3, 3 citizens: shown"
run kcc-stats --staffing --min-count 4 "$tmp/erlang-cit.jsonl"
is "$(jq -c '[.arrivals,.aht_s,.erlangs,.agents,.sl,.asa_s,.occupancy,.suppressed]' "$stdout_file")" \
	'[null,null,null,14,null,null,null,"primary"]' \
	"staffing --min-count 4: arrivals and what follows null, agents kept"

# Hotspots: area A 10 a week for 4 weeks, then 40; B steady.
awk 'BEGIN { n = 0
	for (w = 0; w < 5; w++) for (a = 0; a < 2; a++) {
		c = (a == 0 && w == 4) ? 40 : 10
		for (i = 0; i < c; i++)
			printf "{\"kcc\":1,\"id\":\"%d\",\"src\":\"t\",\"start\":\"2026-03-%02dT10:00:00Z\",\"channel\":\"phone\",\"area\":\"%s\"}\n", n++, 2 + 7 * w, a ? "B" : "A" }
}' >"$tmp/hot.jsonl"
run kcc-stats --hotspots --by area,week "$tmp/hot.jsonl"
is_status 0 "hotspots: exit 0"
is "$stdout" '{"area":"A","week":"2026-W14","contacts":40,"citizens":40,"baseline_mean":10,"score":9.487,"p":7.34e-13,"baseline_periods":4,"threshold":3,"counted":"citizens"}' \
	"hotspots: the rise flagged with its score against 4 weeks"
awk '{ sub(/"channel"/, sprintf("\"citizen\":\"%032x\",\"channel\"", NR % 7)); print }' \
	"$tmp/hot.jsonl" >"$tmp/hot-cit.jsonl"
run kcc-stats --hotspots --by area,week "$tmp/hot-cit.jsonl"
is_status 0 "hotspots over 7 citizens: exit 0"
is "$stdout" "" "hotspots: the same 7 citizens contacting more often are no rise"
run kcc-stats --hotspots --hotspot-count contacts --by area,week "$tmp/hot-cit.jsonl"
is "$(jq -c '[.area,.contacts,.citizens,.score,.counted]' "$stdout_file")" \
	'["A",40,null,9.487,"contacts"]' "hotspots --hotspot-count contacts: their contacts are"
# Hotspots by hour over the autumn night: the two 02:00 hours in time
# order, each against the hour before it.
n=0
for h in "2026-10-24T23:30:00Z 10" "2026-10-25T00:30:00Z 20" "2026-10-25T01:30:00Z 40" "2026-10-25T02:30:00Z 80"; do
	set -- $h
	for i in $(seq "$2"); do
		n=$((n + 1))
		printf '{"kcc":1,"id":"%d","src":"t","start":"%s","channel":"phone","area":"A"}\n' "$n" "$1"
	done
done >"$tmp/hot-fold.jsonl"
run kcc-stats -q --hotspots --by area,hour --tz Europe/Amsterdam --baseline 1 \
	--threshold 0.01 --hotspot-min 0 --hotspot-count contacts "$tmp/hot-fold.jsonl"
is "$(jq -c '[.hour,.contacts,.baseline_mean]' "$stdout_file" | tr '\n' ' ')" \
	'["2026-10-25T02+02:00",20,10] ["2026-10-25T02+01:00",40,20] ["2026-10-25T03+01:00",80,40] ' \
	"hotspots over the autumn night: periods in time order"
# --fdr: 2 tests (A and B in W14): A's q is its p (7.34e-13) times 2/1.
run kcc-stats --hotspots --fdr 0.05 --by area,week "$tmp/hot.jsonl"
is "$(jq -c '[.area,.p,.q,.fdr,has("threshold")]' "$stdout_file")" \
	'["A",7.34e-13,1.47e-12,0.05,false]' "hotspots --fdr: q, and fdr for threshold"
run kcc-stats --hotspots --fdr 0.05 --threshold 4 --by area,week "$tmp/hot.jsonl"
is_status 2 "--fdr with --threshold: exit 2"
run kcc-stats --hotspots --fdr 1 --by area,week "$tmp/hot.jsonl"
is_status 2 "--fdr 1: exit 2"
run kcc-stats --staffing --max-occupancy 0.8 "$calls"
is_status 2 "--max-occupancy 0.8 (a fraction for 80): exit 2"
for i in 1 2 3; do
	printf '{"kcc":1,"src":"t","channel":"phone","id":"%d","start":"2026-03-02T09:0%d:00+01:00","outcome":"abandoned","wait_s":%d}\n' "$i" "$i" "$i"
done >"$tmp/nohandle.jsonl"
run kcc-stats --staffing "$tmp/nohandle.jsonl"
is "$(jq -c '[.arrivals,.aht_s,.erlangs,.agents,.staff,.sl]' "$stdout_file")" \
	'[3,null,null,null,null,null]' "staffing without any handle time: null, not 0 agents"
like_stderr "no record has a handle time" "staffing without any handle time: said"
for o in '--fdr 0.1' '--threshold 4' '--baseline 3' '--hotspot-min 2' '--hotspot-count contacts'; do
	run kcc-stats $o "$calls"
	is_status 2 "$o without --hotspots: exit 2"
	like_stderr "applies to '--hotspots' only" "$o without --hotspots: said"
done
for o in '--weekly' '--interval 15' '--target 90/30' '--shrinkage 30' '--max-occupancy 85' '--concurrency 2' '--erlang-a'; do
	run kcc-stats $o "$calls"
	is_status 2 "$o without --staffing: exit 2"
	like_stderr "applies to '--staffing' only" "$o without --staffing: said"
done
run kcc-stats --hotspots --hotspot-count votes --by area,week "$tmp/hot-cit.jsonl"
is_status 2 "--hotspot-count of something else: exit 2"
run kcc-stats --hotspots --hotspot-count contacts --min-count 7 --by area,week "$tmp/hot-cit.jsonl"
is "$(jq -c '[.area,.contacts,.score,.suppressed]' "$stdout_file")" '["A",40,9.487,false]' \
	"hotspots --min-count 7, 7 citizens: shown"
run kcc-stats --hotspots --hotspot-count contacts --min-count 8 --by area,week "$tmp/hot-cit.jsonl"
is "$(jq -c '[.area,.week,.contacts,.baseline_mean,.score,.suppressed]' "$stdout_file")" \
	'["A","2026-W14",null,null,null,"primary"]' \
	"hotspots --min-count 8: flagged, figures null"

# Suppression: groups with fewer than 2 distinct citizens; one primary
# would be recoverable, so the smallest other goes too.
run kcc-stats --metrics volume --min-count 2 --by channel "$calls"
is "$(jq -c '[.channel,.contacts,.suppressed]' "$stdout_file" | tr '\n' ' ')" \
	'["chat",null,"primary"] ["email",null,"primary"] ["phone",5,false] ["webform",null,"primary"] ' \
	"--min-count: figures null, flagged"
run kcc-stats --metrics volume --min-count 2 --by agent "$calls"
is "$(jq -c '[.agent,.contacts,.suppressed]' "$stdout_file" | tr '\n' ' ')" \
	'[null,4,false] ["a1",null,"secondary"] ["a2",null,"primary"] ' \
	"--min-count: a2 alone would be recoverable: a1, the smallest other, too"
run kcc-stats --metrics volume --min-count 3 --by agent "$calls"
is "$(jq -c '[.agent,.contacts,.suppressed]' "$stdout_file" | tr '\n' ' ')" \
	'[null,null,"primary"] ["a1",null,"primary"] ["a2",null,"primary"] ' \
	"--min-count 3: every group under 3 citizens"
# share_within: over the groups of the same channel (phone: 2+2+1); not
# written with one key unless named.
run kcc-stats --metrics volume --by channel,agent "$calls"
is "$(jq -c '[.channel,.agent,.share,.share_within]' "$stdout_file" | tr '\n' ' ')" \
	'["chat","a2",0.125,1] ["email",null,0.125,1] ["phone",null,0.25,0.4] ["phone","a1",0.25,0.4] ["phone","a2",0.125,0.2] ["webform",null,0.125,1] ' \
	"share over all groups, share_within over the channel's"
run kcc-stats --metrics volume --by channel "$calls"
is "$(jq -c 'has("share_within")' "$stdout_file" | sort -u)" "false" \
	"one key: no share_within"
run kcc-stats --metrics share_within --by channel "$calls"
is "$(jq -c '[.channel,.share_within]' "$stdout_file" | tr '\n' ' ')" \
	'["chat",0.125] ["email",0.125] ["phone",0.625] ["webform",0.125] ' \
	"one key, share_within named: over all groups"
# Two keys: phone's total holds phone/a2 (primary) alone, so phone/null
# (2 contacts, first of the tie with phone/a1) goes; the agents' totals
# then hold two each, a1's only phone/a1.
run kcc-stats --metrics volume --min-count 2 --by channel,agent "$calls"
is "$(jq -c '[.channel,.agent,.contacts,.suppressed]' "$stdout_file" | tr '\n' ' ')" \
	'["chat","a2",null,"primary"] ["email",null,null,"primary"] ["phone",null,null,"secondary"] ["phone","a1",2,false] ["phone","a2",null,"primary"] ["webform",null,null,"primary"] ' \
	"--min-count, two keys: no row or column total gives a cell away"
grep -q c1c1 "$stdout_file" && fail "no pseudonym in the output" || pass "no pseudonym in the output"

# Sharded equals single: generated data cut in three, partials combined.
"$KCC_TOOLS/kcc-gen" -n 30000 -s 7 -o "$tmp/gen.jsonl"
split -l 11000 "$tmp/gen.jsonl" "$tmp/part."
opts=(--by week,channel --tz Europe/Amsterdam --metrics all)
run kcc-stats "${opts[@]}" "$tmp/gen.jsonl"
is_status 0 "single run: exit 0"
cp "$stdout_file" "$tmp/single.out"
for p in "$tmp"/part.*; do
	kcc-stats --partial "${opts[@]}" "$p" >"$p.partial" 2>/dev/null
done
run kcc-stats --combine "${opts[@]}" "$tmp"/part.*.partial
is_status 0 "combine: exit 0"
is "$(cmp "$stdout_file" "$tmp/single.out" && echo same)" same \
	"three partials combined: byte-identical to one run"
# Staffing (weekly, with the dates of each weekday) and hotspots split too.
for mode in "--staffing --weekly --erlang-a --shrinkage 30" \
	"--staffing --interval 15 --min-count 3" \
	"--hotspots --by area,topic,week" "--hotspots --fdr 0.1 --by area,week"; do
	# shellcheck disable=SC2086
	kcc-stats -q $mode --tz Europe/Amsterdam "$tmp/gen.jsonl" >"$tmp/mode1.out"
	for p in "$tmp"/part.a?; do
		# shellcheck disable=SC2086
		kcc-stats -q --partial $mode --tz Europe/Amsterdam "$p" >"$p.mpartial"
	done
	# shellcheck disable=SC2086
	run kcc-stats -q --combine $mode --tz Europe/Amsterdam "$tmp"/part.a?.mpartial
	ok "$mode over three partials: byte-identical to one run" \
		cmp -s "$stdout_file" "$tmp/mode1.out"
	ok "$mode: some output" test -s "$tmp/mode1.out"
done
run kcc-stats -q --combine --staffing --interval 15 --min-count 3 "$tmp"/part.aa.mpartial
is_status 1 "partials of hotspots combined as staffing: exit 1"
kcc-stats -q --partial --staffing --weekly --tz Europe/Amsterdam "$tmp/part.aa" |
	grep -v '"days"' >"$tmp/nodays.partial"
run kcc-stats -q --combine --staffing --weekly --tz Europe/Amsterdam "$tmp/nodays.partial"
is_status 1 "weekly staffing partials without their days line: exit 1"
is "$(cat "$stdout_file")" "" "weekly staffing partials without their days line: no averages guessed"
like_stderr "partial days line is missing" "weekly staffing partials without their days line: said"
run kcc-stats -j 1 "${opts[@]}" "$tmp/gen.jsonl"
is "$(cmp "$stdout_file" "$tmp/single.out" && echo same)" same \
	"one thread: byte-identical to two"
cat "$tmp"/part.a[bc] "$tmp/part.aa" >"$tmp/shuffled.jsonl"
run kcc-stats "${opts[@]}" "$tmp/shuffled.jsonl"
is "$(cmp "$stdout_file" "$tmp/single.out" && echo same)" same \
	"input order does not change a byte"
# The script knows kcc-stats' long options, to read them as it does.
is "$(awk '/^(flags|valued)=\(/ { on = 1 } on { print } on && /\)$/ { on = 0 }' \
	"$KCC_TOP/scripts/kcc-stats-parallel" |
	sed 's/^[a-z]*=(//; s/)$//' | tr -s ' \t' '\n\n' | grep . | sort -u | tr '\n' ' ')" \
	"$({ kcc-stats -h | grep -o -- '--[a-z-]*' | sed 's/^--//'; printf '%s\n' help jobs output quiet version; } |
		sort -u | tr '\n' ' ')" \
	"kcc-stats-parallel knows every long option of kcc-stats"
if command -v parallel >/dev/null 2>&1; then
	run "$KCC_TOP/scripts/kcc-stats-parallel" -j 2 -- "${opts[@]}" "$tmp"/part.a?
	is "$(cmp "$stdout_file" "$tmp/single.out" && echo same)" same \
		"scripts/kcc-stats-parallel: the same"
	# Short options bundled, or with their argument attached, as
	# kcc-stats itself takes them: no file taken for an argument.
	run "$KCC_TOP/scripts/kcc-stats-parallel" -- -qj1 "${opts[@]}" -j2 "$tmp"/part.a?
	is "$(cmp "$stdout_file" "$tmp/single.out" && echo same)" same \
		"scripts/kcc-stats-parallel -qj1 ... -j2: the same"
	run "$KCC_TOP/scripts/kcc-stats-parallel" -- -jq "${opts[@]}" "$tmp"/part.a?
	is_status 2 "kcc-stats-parallel -- -jq: refused as kcc-stats refuses it"
	cp "$tmp/part.ab" "$tmp/-dash.jsonl"
	( cd "$tmp" && "$KCC_TOP/scripts/kcc-stats-parallel" -- -q "${opts[@]}" -- part.aa -dash.jsonl part.ac ) \
		>"$tmp/dash.out" 2>/dev/null
	ok "kcc-stats-parallel: a file named -dash.jsonl after --, read as a file" \
		cmp -s "$tmp/dash.out" "$tmp/single.out"
	run "$KCC_TOP/scripts/kcc-stats-parallel" -- --tz=Europe/Amsterdam --metr all --by week,channel "$tmp"/part.a?
	is "$(cmp "$stdout_file" "$tmp/single.out" && echo same)" same \
		"scripts/kcc-stats-parallel --metr (as getopt_long reads it): the same"
	# A shard with a bad record: the others still count, exit 1.
	{ cat "$tmp/part.ab"; echo '{"kcc":1,"id":"x"'; } >"$tmp/part.ab.bad"
	cat "$tmp/part.aa" "$tmp/part.ab.bad" "$tmp/part.ac" >"$tmp/bad-all.jsonl"
	kcc-stats -q "${opts[@]}" "$tmp/bad-all.jsonl" >"$tmp/bad-single.out" 2>/dev/null
	run "$KCC_TOP/scripts/kcc-stats-parallel" -j 2 -- -q "${opts[@]}" \
		"$tmp/part.aa" "$tmp/part.ab.bad" "$tmp/part.ac"
	is_status 1 "kcc-stats-parallel, a bad record in one shard: exit 1"
	is "$(cmp "$stdout_file" "$tmp/bad-single.out" && echo same)" same \
		"kcc-stats-parallel, a bad record in one shard: the figures of one run"
	like_stderr "1 of 3 jobs failed or rejected records" \
		"kcc-stats-parallel: the failed job said"
	run "$KCC_TOP/scripts/kcc-stats-parallel" -- --staffing --hotspots "$tmp/part.aa"
	is_status 2 "kcc-stats-parallel --staffing --hotspots: a usage error, once"
	is "$(grep -c 'exclude each other' "$stderr_file")" 1 \
		"kcc-stats-parallel --staffing --hotspots: said once, not per job"
	kcc-stats -q --staffing --weekly --tz Europe/Amsterdam "$tmp/gen.jsonl" >"$tmp/staff1.out"
	run "$KCC_TOP/scripts/kcc-stats-parallel" -j 2 -- -q --staffing --weekly \
		--tz Europe/Amsterdam "$tmp"/part.a?
	ok "kcc-stats-parallel --staffing --weekly: the same as one run" \
		cmp -s "$stdout_file" "$tmp/staff1.out"
else
	skip "GNU parallel not installed" 11
fi
kcc-stats --partial "$calls" >"$tmp/calls.partial" 2>/dev/null
run kcc-stats --combine "$tmp/calls.partial"
is_stderr "kcc-stats: 1 record has no outcome: not counted as answered, abandoned or unanswered
kcc-stats: 1 answered or abandoned record has no wait_s: left out of ASA, waits and service level (an abandon among them counts as not short)
kcc-stats: 1 record has no handle_s (nor its parts): left out of AHT and handle times
kcc-stats: 3 records have no citizen: not in distinct citizens" \
	"combined partials say what was left out, as one run does"
run kcc-stats --combine --by channel "$tmp/part.aa.partial"
is_status 1 "partials made with other options: exit 1"
like_stderr "written with other options" "partials made with other options: said"
run kcc-stats --combine "$tmp/part.aa.partial"
is_status 1 "partials made with other keys: exit 1, not a crash"
# Rejected records travel in the partials: the combining run says and
# exits as one run over all the records.
{ head -n 100 "$tmp/part.aa"; echo '{bad'; sed -n '101,200p' "$tmp/part.aa"; } >"$tmp/rej1.jsonl"
head -n 50 "$tmp/part.ab" >"$tmp/rej2.jsonl"
run kcc-stats -q --by channel "$tmp/rej1.jsonl" "$tmp/rej2.jsonl"
cp "$stdout_file" "$tmp/rej.out"
for p in rej1 rej2; do
	kcc-stats -q --partial --by channel "$tmp/$p.jsonl" >"$tmp/$p.partial" 2>/dev/null
done
run kcc-stats -q --combine --by channel "$tmp/rej1.partial" "$tmp/rej2.partial"
is_status 1 "rejected records in a partial run: the combining run exits 1"
is_stderr "kcc-stats: 1 of 251 records rejected" \
	"rejected records in a partial run: counted over all, as one run says"
ok "rejected records in a partial run: the figures of one run" \
	cmp -s "$stdout_file" "$tmp/rej.out"
# Partial lines broken in transit are refused, not written.
kcc-stats --partial --by channel --metrics queue "$calls" 2>/dev/null |
	grep '"key":\["phone"\]' >"$tmp/phone.partial"
bad_partial() {
	sed "$1" "$tmp/phone.partial" >"$tmp/broken.partial"
	run kcc-stats --combine --by channel --metrics queue "$tmp/broken.partial"
	is_status 1 "$3: exit 1"
	like_stderr "broken.partial:1: a partial line $2" "$3: said"
	is "$(cat "$stdout_file")" "" "$3: nothing written"
}
bad_partial 's/"key":\["phone"\]/"key":[]/' "whose key has 0 values, not 1" "a key of no values"
bad_partial 's/"key":\["phone"\]/"key":["phone","x"]/' "whose key has 2 values, not 1" "a key of two values"
bad_partial 's/"contacts":5,//' "whose accumulator lacks members" "no contacts member"
bad_partial 's/"answered":3,/"answered":4,/' "with queue counts that do not add up" "outcomes that do not add up"
bad_partial 's/"wait":\[\[10000,1\]/"wait":[[-10000,1]/' "with queue counts that do not add up" "a negative wait"

# The two-thread reader reads a file as the one-thread reader does: a
# byte order mark, blank lines, a line over the limit (at its own line
# number), more than 20 bad lines (20 shown, over both threads).
{
	printf '\357\273\277'
	head -n 3 "$tmp/gen.jsonl"
	printf ' \n\t\r\n'
	head -c 17000000 /dev/zero | tr '\0' a
	echo
	for i in $(seq 15); do echo '{"kcc":1}'; done
	sed -n '4,20000p' "$tmp/gen.jsonl"
	for i in $(seq 15); do echo '{"kcc":1}'; done
	sed -n '20001,$p' "$tmp/gen.jsonl"
} >"$tmp/edge.jsonl"
run kcc-stats -q -j 1 --by channel "$tmp/edge.jsonl"
cp "$stdout_file" "$tmp/edge1.out"
cp "$stderr_file" "$tmp/edge1.err"
is_status 1 "edge cases, one thread: exit 1"
like_stderr "edge.jsonl:6: line too long" "one thread: the long line at its number"
run kcc-stats -q -j 2 --by channel "$tmp/edge.jsonl"
is_status 1 "edge cases, two threads: exit 1"
is "$(cmp "$stdout_file" "$tmp/edge1.out" && echo same)" same \
	"edge cases: two threads give the figures of one"
like_stderr "edge.jsonl:6: line too long" "two threads: the long line at its number"
is "$(grep -c '^kcc-stats: .*edge.jsonl:[0-9]*: ' "$stderr_file")" 21 \
	"two threads: 20 bad lines shown and the line that says more are counted"
like_stderr "31 of 30031 records rejected" "two threads: every bad line counted"
is "$(cmp "$stderr_file" "$tmp/edge1.err" && echo same)" same \
	"edge cases: two threads say what one says, in the file's order"

# The autumn clock change: 02:30 twice, first at +02:00.
printf '%s\n' '{"kcc":1,"id":"1","src":"t","start":"2026-10-25T01:30:00Z","channel":"phone"}' \
	'{"kcc":1,"id":"2","src":"t","start":"2026-10-25T00:30:00Z","channel":"phone"}' >"$tmp/fold.jsonl"
run kcc-stats -q --metrics volume --by hour --tz Europe/Amsterdam "$tmp/fold.jsonl"
is "$(jq -r .hour "$stdout_file" | tr '\n' ' ')" "2026-10-25T02+02:00 2026-10-25T02+01:00 " \
	"the repeated hour in time order"

# Bad input.
run kcc-stats --metrics speed "$calls"
is_status 2 "unknown metric: exit 2"
is_stderr "kcc-stats: option '--metrics': unknown metric 'speed' (volume, queue, handling, fcr, satisfaction, agents, concurrency, all, or a figure as kcc-stats(1) names it under these options, such as asa_s or sl_20s_f3)
usage: kcc-stats [-hqV] [--baseline k] [--by keys] [--combine] [--concurrency n]
          [--erlang-a] [--fcr-days n] [--fdr q] [--format fmt]
          [--hotspot-count what] [--hotspot-min n] [--hotspots]
          [--interval minutes] [-j n] [--max-occupancy pct] [--metrics list]
          [--min-count k] [-o file] [--partial] [--short-abandon s]
          [--shrinkage pct] [--sl seconds] [--sl-formula n] [--staffing]
          [--target pct/s] [--threshold z] [--tz zone] [--weekly]
          [--where program] [file ...]" "unknown metric: said, with usage"
run kcc-stats --by source --metrics contacts "$calls"
is "$(cat "$stdout_file")" '{"source":"t","contacts":8}' "--by source: the field src"
run kcc-stats --by week,week "$calls"
is_status 2 "a key twice: exit 2"
like_stderr "key 'week' given twice" "a key twice: said"
run kcc-stats $(for i in $(seq 0 32); do printf -- '--by jq:.k%d ' "$i"; done) "$calls"
is_status 2 "33 keys: exit 2"
like_stderr "more than 32 keys" "33 keys: said"
run kcc-stats --by nps --metrics satisfaction "$calls"
is_status 2 "a key with a figure's name: exit 2"
like_stderr "key 'nps' has the name of a figure" "a key with a figure's name: said"
run kcc-stats --by '' "$calls"
is_status 2 "--by with no key: exit 2"
run kcc-stats --staffing --metrics queue "$calls"
is_status 2 "--metrics with --staffing: exit 2"
run kcc-stats --metrics volume </dev/null
is_status 0 "no records: exit 0"
is "$(cat "$stdout_file")" '{"contacts":0,"share":null,"citizens":0}' \
	"no records, no --by: totals of 0"
run kcc-stats -q --by 'jq:{c: .citizen}' --metrics volume "$calls"
is_status 1 "a jq key that gives the pseudonym: exit 1"
is "$(grep -c c1c1 "$stdout_file")" 0 "a jq key that gives the pseudonym: not written"
like_stderr "calls.jsonl:1: a key holds the citizen's pseudonym" \
	"a jq key that gives the pseudonym: the record rejected, located"
run kcc-stats -q --where '.citizen | tonumber' "$calls"
is "$(grep -c c1c1 "$stderr_file")" 0 "a jq error quoting the pseudonym: not in the message"
like_stderr "calls.jsonl:1: --where: .*'\\[citizen\\]'" "a jq error quoting the pseudonym: [citizen] for it"
run kcc-stats -q --where '.citizen[]' "$calls"
is "$(grep -c c1c1c1 "$stderr_file")" 0 "a jq error quoting the start of the pseudonym: not in the message"
for w in '(.id + .citizen) | tonumber' '.citizen | ascii_upcase | error' \
	'.citizen | debug | true' '.citizen | stderr | true'; do
	run kcc-stats -q --metrics contacts --where "$w" "$calls"
	is "$(grep -ci c1c1c1 "$stderr_file")" 0 "--where '$w': no pseudonym on stderr"
done
printf '%s\n' '{"kcc":1,"id":"1","src":"t","start":"2026-03-02T09:00:00Z","channel":"phone","citizen":"c1c1c1c1c1c1c1c1","history":"c1c1c1c1c1c1c1c1"}' \
	'{"kcc":1,"id":"2","src":"t","start":"2026-03-02T09:00:00Z","channel":"phone","citizen":"c1c1c1c1c1c1c1c1","history":"h-7"}' \
	>"$tmp/pkey.jsonl"
run kcc-stats -q --by history --metrics answered "$tmp/pkey.jsonl"
is_status 1 "a field key that holds the pseudonym: exit 1"
is "$(cat "$stdout_file")" '{"history":"h-7","contacts":1,"answered":0}' \
	"a field key that holds the pseudonym: not written, the other record is"
like_stderr "pkey.jsonl:1: a key holds the citizen's pseudonym" \
	"a field key that holds the pseudonym: located"
printf '%s\n' '{"kcc":2,"id":"1","src":"t","start":"2026-03-02T09:00:00Z","channel":"phone"}' \
	'{"kcc":1,"id":"2","src":"t","start":"2026-03-02T09:00:00Z","end":"2026-03-02T08:00:00Z","channel":"chat","outcome":"answered"}' \
	>"$tmp/vers.jsonl"
run kcc-stats --metrics concurrency "$tmp/vers.jsonl"
is_status 1 "an unknown version, an end before the start: exit 1"
like_stderr "vers.jsonl:1: column 8: unsupported record format version '2'" \
	"an unknown version: refused"
like_stderr "vers.jsonl:2: column [0-9]*: field 'end' is before 'start'" \
	"an end before the start: refused"
awk 'BEGIN { for (i = 0; i < 100; i++)
	printf "{\"kcc\":1,\"id\":\"%d\",\"src\":\"t\",\"start\":\"2026-03-02T09:%02d:00Z\",\"handle_s\":180,\"channel\":\"phone\",\"outcome\":\"%s\",\"wait_s\":0}\n", i, i % 30, i % 10 ? "answered" : "abandoned" }' >"$tmp/nowait.jsonl"
run kcc-stats --staffing --erlang-a "$tmp/nowait.jsonl"
is "$(jq -c '[.agents,.patience_s,.model]' "$stdout_file")" '[11,0.001,"erlang_a"]' \
	"Erlang A with abandons after no wait: patience of one millisecond, not a failure"
run kcc-stats --by fortnight "$calls"
is_status 2 "unknown bucket: exit 2"
like_stderr "unknown key 'fortnight'" "unknown bucket: said"
run kcc-stats --by 7min "$calls"
is_status 2 "minutes that do not divide a day: exit 2"
printf '%s\n' '{"kcc":1,"id":"1","src":"t","start":"2026-03-02T09:00:00Z","channel":"phone","outcome":"answered","wait_s":"ten"}' \
	'{"kcc":1,"id":"2","src":"t","start":"2026-03-02T09:00:00Z","channel":"phone","outcome":"answered","wait_s":12}' >"$tmp/bad.jsonl"
run kcc-stats --metrics queue "$tmp/bad.jsonl"
is_status 1 "non-numeric wait_s: exit 1"
is_stderr "kcc-stats: $tmp/bad.jsonl:1: column 109: field 'wait_s' must be a number, got a string
kcc-stats: 1 of 2 records rejected" "non-numeric wait_s: located, counted"
is "$(jq -c '[.contacts,.asa_s]' "$stdout_file")" "[1,12]" "the good record still counts"

done_testing
