#!/usr/bin/env bash
# The JSON reader against JSONTestSuite (tests/data/jsontestsuite): every
# y_ file accepted, every n_ file rejected with an offset inside the file and
# a message, the i_ files as recorded in t0002-json-conformance.i-expected.
. "$(dirname "$0")/lib.sh"

suite=$KCC_TOP/tests/data/jsontestsuite/test_parsing
expected=$KCC_TOP/tests/cli/t0002-json-conformance.i-expected
tool=$KCC_TOOLS/json-suite

[ -d "$suite" ] || skip_all "no $suite"
[ -x "$tool" ] || skip_all "$tool not built"

files=("$suite"/*.json)
run "$tool" "${files[@]}"
is_status 0 "json-suite over ${#files[@]} files: exit status 0"
is_stderr '' "json-suite: empty stderr"
is "$(wc -l <"$stdout_file" | tr -d ' ')" "${#files[@]}" \
	"json-suite: one line a file"

# name -> result line
declare -A result
while IFS= read -r line; do
	case $line in
	"ACCEPT "*) name=${line#ACCEPT } ;;
	"REJECT "*) name=${line#REJECT }; name=${name%%: offset *} ;;
	*) fail "json-suite line has a known shape" "  line: $line"; continue ;;
	esac
	result[$name]=$line
done <"$stdout_file"

# i_ expectations: NAME accept|reject, '#' comments
declare -A want_i
while read -r name verdict rest; do
	case $name in '' | '#'*) continue ;; esac
	want_i[$name]=$verdict
done <"$expected"

for f in "${files[@]}"; do
	name=${f##*/}
	line=${result[$name]-}
	size=$(wc -c <"$f" | tr -d ' ')
	case $name in
	y_*)
		if [ "$line" = "ACCEPT $name" ]; then
			pass "$name accepted"
		else
			fail "$name accepted" "  got: ${line:-(no line)}"
		fi
		;;
	n_*)
		# "REJECT name: offset N: message", N within the file
		rest=${line#"REJECT $name: "}
		re='^offset ([0-9]+): (.+)$'
		if [ "$rest" != "$line" ] && [[ $rest =~ $re ]] &&
			[ "${BASH_REMATCH[1]}" -le "$size" ]; then
			pass "$name rejected at offset ${BASH_REMATCH[1]}"
		else
			fail "$name rejected with offset (<= $size) and message" \
				"  got: ${line:-(no line)}"
		fi
		;;
	i_*)
		want=${want_i[$name]-}
		got=
		case $line in
		"ACCEPT $name") got=accept ;;
		"REJECT $name: offset "[0-9]*": "?*) got=reject ;;
		esac
		if [ -z "$want" ]; then
			fail "$name has an expectation" \
				"  add '$name ${got:-?}' to ${expected#"$KCC_TOP"/}"
		elif [ "$got" = "$want" ]; then
			pass "$name: $want, as documented"
		else
			fail "$name: $want, as documented" \
				"  got: ${line:-(no line)}"
		fi
		unset "want_i[$name]"
		;;
	esac
done

# Every expectation names a file of the suite.
stale=${!want_i[*]}
is "$stale" "" "no expectation for an i_ file the suite lacks"

done_testing
