# A small TAP library for the CLI tests (bash).  Source it first:
#
#	. "$(dirname "$0")/lib.sh"
#
#	run kcc-ingest -h          # stdout, stderr, status captured
#	is_status 0
#	like_stdout '^usage: '
#	is_stderr ''
#	done_testing               # or plan N before the tests
#
# Every CLI case asserts its exit status, stdout and stderr.
#
# What it provides:
#   plan N | skip_all REASON | done_testing
#   pass DESC | fail DESC [DIAG...] | ok DESC CMD... | diag MSG...
#   skip REASON [N]                 N tests reported as skipped
#   run [-i IN] [-o OUT] [--] CMD...
#                                   run CMD with stdin from IN (default
#                                   /dev/null) and stdout to OUT (default a
#                                   file, $stdout_file); sets $status,
#                                   $stdout, $stderr (trailing newlines
#                                   stripped) and $stdout_file, $stderr_file
#   is_status N [DESC]
#   is_stdout TEXT [DESC]           stdout is exactly TEXT plus a newline
#                                   ('' means empty)
#   is_stdout_file EXPECTED [DESC]  stdout is exactly the file's bytes
#   like_stdout REGEX [DESC]        some line of stdout matches (grep -E)
#   is_stderr TEXT [DESC], like_stderr REGEX [DESC], is_stderr_file FILE
#   is TEXT1 TEXT2 DESC             two strings are equal
#   $tmp                            a fresh directory, removed on exit
#
# The commands are found in $KCC_BIN (put first on PATH, so tests call them
# by name, as users do), helper programs in $KCC_TOOLS, the tree at
# $KCC_TOP; run by hand, the defaults follow the default make layout.

KCC_TOP=${KCC_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
KCC_BIN=${KCC_BIN:-$KCC_TOP/bin}
KCC_TOOLS=${KCC_TOOLS:-$KCC_TOP/build/tests/tools}
KCC_SHARED=${KCC_SHARED:-$(cd "$KCC_TOP/.." && pwd)/shared}
export KCC_TOP KCC_BIN KCC_TOOLS KCC_SHARED
PATH=$KCC_BIN:$PATH
export LC_ALL=C TZ=UTC

_tap_n=0
_tap_failed=0
_tap_planned=

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kcc-test.XXXXXX") || {
	echo "Bail out! cannot create a temporary directory"
	exit 1
}
_tap_cleanup() {
	rm -rf "$tmp"
}
trap _tap_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

plan() {
	_tap_planned=$1
	echo "1..$1"
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

done_testing() {
	[ -n "$_tap_planned" ] || echo "1..$_tap_n"
	if [ "$_tap_failed" -gt 0 ]; then
		exit 1
	fi
	exit 0
}

# diag MSG...: each MSG on its own line(s), as TAP comments on stderr.
diag() {
	local line
	printf '%s\n' "$@" | while IFS= read -r line; do
		printf '# %s\n' "$line" >&2
	done
}

pass() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1"
}

fail() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $1"
	shift
	[ $# -eq 0 ] || diag "$@"
}

# ok DESC CMD...: passes when CMD exits 0.
ok() {
	local desc=$1
	shift
	if "$@"; then
		pass "$desc"
	else
		fail "$desc" "  failed: $*"
	fi
}

skip() {
	local i n=${2:-1}
	for ((i = 0; i < n; i++)); do
		_tap_n=$((_tap_n + 1))
		echo "ok $_tap_n # skip $1"
	done
}

is() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3" "  got:  '$1'" "  want: '$2'"
	fi
}

# run [-i IN] [-o OUT] [--] CMD...
run() {
	local in=/dev/null out=
	while [ $# -gt 0 ]; do
		case $1 in
		-i) in=$2; shift 2 ;;
		-o) out=$2; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	_run_n=$((${_run_n:-0} + 1))
	stdout_file=$tmp/run$_run_n.stdout
	stderr_file=$tmp/run$_run_n.stderr
	_run_label="$*"
	_run_label=${_run_label//"$tmp"\//}
	_run_label=${_run_label//"$KCC_TOP"\//}
	[ "$in" = /dev/null ] || _run_label="$_run_label <$in"
	[ -z "$out" ] || _run_label="$_run_label >$out"
	if [ -n "$out" ]; then
		: >"$stdout_file"
		"$@" <"$in" >"$out" 2>"$stderr_file"
	else
		"$@" <"$in" >"$stdout_file" 2>"$stderr_file"
	fi
	status=$?
	stdout=$(cat "$stdout_file")
	stderr=$(cat "$stderr_file")
	return 0
}

# The label of a check: the description given, else "<cmd>: <what>".
_label() {
	if [ -n "${2-}" ]; then
		printf '%s' "$2"
	else
		printf '%s: %s' "$_run_label" "$1"
	fi
}

# A file's contents for a diagnostic, shortened.
_show() {
	if [ ! -s "$1" ]; then
		echo "  (empty)"
	else
		head -c 2000 "$1" | sed 's/^/  | /'
		[ "$(wc -c <"$1")" -le 2000 ] || echo "  | ... (cut)"
	fi
}

is_status() {
	local label
	label=$(_label "exit status $1" "${2-}")
	if [ "$status" = "$1" ]; then
		pass "$label"
	else
		fail "$label" "  got exit status $status, want $1" \
			"  stderr:" "$(_show "$stderr_file")"
	fi
}

# _is_file WHAT ACTUAL EXPECTED LABEL
_is_file() {
	if cmp -s "$2" "$3"; then
		pass "$4"
	else
		fail "$4" "  $1 differs (- want, + got):" \
			"$(diff -u "$3" "$2" | tail -n +3 | head -40)"
	fi
}

# _text_file TEXT: TEXT with a final newline (none when empty) in a file.
_text_file() {
	_text_n=$((${_text_n:-0} + 1))
	local f=$tmp/expect$_text_n
	if [ -z "$1" ]; then
		: >"$f"
	else
		printf '%s\n' "$1" >"$f"
	fi
	printf '%s' "$f"
}

is_stdout() {
	local what=stdout
	[ -n "$1" ] || what="empty stdout"
	_is_file stdout "$stdout_file" "$(_text_file "$1")" \
		"$(_label "$what" "${2-}")"
}

is_stderr() {
	local what=stderr
	[ -n "$1" ] || what="empty stderr"
	_is_file stderr "$stderr_file" "$(_text_file "$1")" \
		"$(_label "$what" "${2-}")"
}

is_stdout_file() {
	_is_file stdout "$stdout_file" "$1" \
		"$(_label "stdout as ${1#"$KCC_TOP"/}" "${2-}")"
}

is_stderr_file() {
	_is_file stderr "$stderr_file" "$1" \
		"$(_label "stderr as ${1#"$KCC_TOP"/}" "${2-}")"
}

# _like WHAT FILE REGEX LABEL
_like() {
	if grep -Eq -- "$3" "$2"; then
		pass "$4"
	else
		fail "$4" "  no line of $1 matches /$3/; $1:" "$(_show "$2")"
	fi
}

like_stdout() {
	_like stdout "$stdout_file" "$1" "$(_label "stdout ~ /$1/" "${2-}")"
}

like_stderr() {
	_like stderr "$stderr_file" "$1" "$(_label "stderr ~ /$1/" "${2-}")"
}
