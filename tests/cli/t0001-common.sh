#!/usr/bin/env bash
# What every command shares (conventions: "A command", "Diagnostics and
# exit status"), checked for each $KCC_BIN/kcc-*: -h/--help, -V/--version,
# a bad option, the usage against the man page SYNOPSIS, a missing file,
# a full disk (/dev/full) and a closed pipe.
. "$(dirname "$0")/lib.sh"

cmds=()
for c in "$KCC_BIN"/kcc-*; do
	[ -x "$c" ] && cmds+=("${c##*/}")
done
[ ${#cmds[@]} -gt 0 ] || skip_all "no commands in $KCC_BIN"

version=$(sed -n 's/^VERSION *= *//p' "$KCC_TOP/Makefile")

# Canonical records to feed the commands: the generated sample when there
# is one, else the hand-written fixture.
input=$KCC_TOP/tests/data/sample/contacts.jsonl
[ -s "$input" ] || input=$KCC_TOP/tests/data/common/contacts.jsonl

# A bigger input, well past the pipe and output buffers (2 MB and more), of
# distinct records: the input's lines again and again, ids made unique.
big=$tmp/big.jsonl
awk -v target=2500000 '
	{ line[NR] = $0 }
	END {
		if (NR == 0)
			exit 1
		for (r = 1; size < target; r++)
			for (i = 1; i <= NR; i++) {
				s = line[i]
				sub(/"id":"[^"]*/, "&-r" r, s)
				print s
				size += length(s) + 1
			}
	}' <(head -n 2000 "$input") >"$big" ||
	{ echo "Bail out! cannot make $big"; exit 1; }

# Options a command needs before it can read that input, if any, one line a
# command in t0001-common.args: "kcc-name option...".
declare -A needs
if [ -f "$KCC_TOP/tests/cli/t0001-common.args" ]; then
	while read -r name rest; do
		case $name in '' | '#'*) continue ;; esac
		needs[$name]=$rest
	done <"$KCC_TOP/tests/cli/t0001-common.args"
fi

# The "usage:" block of a text file: the usage: line and the indented lines
# after it, as one line with whitespace normalised.
usage_of() {
	awk '
		/^usage:/ { on = 1; sub(/^usage:/, ""); print; next }
		on && /^[ \t]/ { print; next }
		{ on = 0 }' "$1" | normalise
}

# Whitespace collapsed, none just inside brackets.
normalise() {
	tr '\n\t' '  ' | sed -e 's/  */ /g' -e 's/^ //' -e 's/ $//' \
		-e 's/\([[(]\) /\1/g' -e 's/ \([])]\)/\1/g'
}

# The SYNOPSIS of an mdoc page as plain text, the way mandoc renders it:
# .Nm the name, .Fl -flag, .Ar arg ("file ..." when bare), .Op [...],
# .Oo/.Oc [ ], .Cm/.Li/.Pa/.Ic/.Ev/.Va/.Sy/.Em as is, .Ns no space,
# .Bk/.Ek/.Xo/.Xc/.Sm nothing; unknown macros show as "?Xx" and so fail
# the comparison visibly.
synopsis_of() {
	awk '
	function emit(s) {
		if (s == "")
			return
		if (out != "" && !ns)
			out = out " "
		out = out s
		ns = 0
	}
	function unescape(s) {
		gsub(/\\&/, "", s)
		gsub(/\\-/, "-", s)
		gsub(/\\e/, "\\", s)
		return s
	}
	# A bare .Fl or .Ar that ends without arguments.
	function finish() {
		if (mac == "Fl" && !args)
			emit("-")
		if (mac == "Ar" && !args)
			emit("file ...")
		mac = ""
	}
	function tokenize(line,   n, q, c, i, w, inword) {
		n = 0; q = 0; w = ""; inword = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q) {
				if (c == "\"") {
					if (substr(line, i + 1, 1) == "\"") {
						w = w "\""; i++
					} else
						q = 0
				} else
					w = w c
			} else if (c == "\"") {
				q = 1; inword = 1; quoted[n + 1] = 1
			} else if (c == " " || c == "\t") {
				if (inword) { tok[++n] = w; w = ""; inword = 0 }
			} else {
				if (!inword) quoted[n + 1] = 0
				w = w c; inword = 1
			}
		}
		if (inword)
			tok[++n] = w
		return n
	}
	BEGIN {
		split("Fl Ar Op Oo Oc Ns Cm Nm Pa Li Sy Em Ev Va Ic Dv Xo Xc " \
		    "Bk Ek Pq Sm No", m, " ")
		for (i in m)
			known[m[i]] = 1
		split("Cm Pa Li Sy Em Ev Va Ic Dv No", m, " ")
		for (i in m)
			plain[m[i]] = 1
	}
	/^\.Sh / { insyn = ($2 == "SYNOPSIS"); next }
	/^\.Nm [^ ]/ && name == "" { name = $2 }
	!insyn { next }
	/^\.\\"/ { next }
	!/^\./ {
		n = split($0, w, /[ \t]+/)
		for (i = 1; i <= n; i++)
			emit(unescape(w[i]))
		next
	}
	{
		n = tokenize(substr($0, 2))
		closers = ""
		mac = ""
		for (i = 1; i <= n; i++) {
			t = tok[i]
			if (!quoted[i] && (t in known)) {
				finish()
				mac = t; args = 0
				if (t == "Op") { emit("["); ns = 1; closers = "]" closers; mac = "" }
				else if (t == "Pq") { emit("("); ns = 1; closers = ")" closers; mac = "" }
				else if (t == "Oo") { emit("["); ns = 1; mac = "" }
				else if (t == "Oc") { ns = 1; emit("]"); mac = "" }
				else if (t == "Ns") { ns = 1; mac = "" }
				else if (t == "Bk") { i++; mac = "" }
				else if (t == "Ek" || t == "Xo" || t == "Xc" || t == "Sm") { mac = "" }
				else if (t == "Nm") {
					if (i == n || (tok[i + 1] in known))
						emit(name)
				}
				continue
			}
			if (i == 1) {
				emit("?" t)
				mac = ""
				continue
			}
			t = unescape(t)
			if (!quoted[i] && t ~ /^[.,:;)\]?!]$/) {
				ns = 1; emit(t); continue
			}
			if (!quoted[i] && t ~ /^[(\[]$/) {
				emit(t); ns = 1; continue
			}
			args = 1
			if (mac == "Fl" && t != "|")
				emit("-" t)
			else
				emit(t)
		}
		finish()
		for (j = 1; j <= length(closers); j++) {
			ns = 1
			emit(substr(closers, j, 1))
		}
	}
	END { print out }' "$1" | normalise
}

for cmd in "${cmds[@]}"; do
	man=$KCC_TOP/man/$cmd.1
	read -r -a opts <<<"${needs[$cmd]-}"

	# -h and --help: usage on stdout, nothing on stderr, exit 0.
	run "$cmd" -h
	is_status 0
	like_stdout "^usage: $cmd( |\$)"
	is_stderr ''
	cp "$stdout_file" "$tmp/help"
	run "$cmd" --help
	is_status 0
	is_stdout_file "$tmp/help" "$cmd --help: stdout as $cmd -h"
	is_stderr ''

	# -V and --version: "name version".
	for opt in -V --version; do
		run "$cmd" "$opt"
		is_status 0
		is_stdout "$cmd $version"
		is_stderr ''
	done

	# A bad option: a message naming it, then the usage, on stderr; exit 2.
	help_usage=$(usage_of "$tmp/help")
	for opt in --no-such-option -@; do
		run "$cmd" "$opt"
		is_status 2
		is_stdout ''
		word=${opt#--}
		like_stderr "^$cmd: .*${word#-}"
		is "$(usage_of "$stderr_file")" "$help_usage" \
			"$cmd $opt: usage on stderr as in $cmd -h"
	done

	# Messages name the program by its base name however it was called
	# (getopt's own messages use argv[0] as given).
	run "$KCC_BIN/$cmd" --no-such-option
	is_status 2
	is_stdout ''
	like_stderr "^$cmd: .*no-such-option"

	# The usage matches the man page SYNOPSIS.
	if [ -f "$man" ]; then
		pass "$cmd has a manual page"
		is "$help_usage" "$(synopsis_of "$man")" \
			"$cmd -h usage matches SYNOPSIS in man/$cmd.1"
	else
		fail "$cmd has a manual page" "  missing: man/$cmd.1"
		skip "no man/$cmd.1"
	fi

	# A missing file: "cmd: file: strerror", exit 1.
	cd "$tmp" || exit 1
	run "$cmd" "${opts[@]}" nosuch.jsonl
	cd "$OLDPWD" || exit 1
	is_status 1
	is_stdout ''
	is_stderr "$cmd: nosuch.jsonl: No such file or directory"

	# A full disk: a write error, exit 1.
	run -o /dev/full "$cmd" "${opts[@]}" "$input"
	is_status 1
	is_stdout ''
	like_stderr "^$cmd: .*write error"
	for o in -h -V; do
		run -o /dev/full "$cmd" $o
		is_status 1 "$cmd $o to a full disk: exit 1"
		like_stderr "^$cmd: .*write error" "$cmd $o to a full disk: said"
	done

	# The big input as a whole: the reference for the pipe test.
	run "$cmd" "${opts[@]}" "$big"
	is_status 0
	ok "$cmd big input: some output" test -s "$stdout_file"
	is_stderr ''
	head -n 1 "$stdout_file" >"$tmp/first"

	# A closed pipe: quiet.  With SIGPIPE at its default the command may be
	# killed by it (141); with SIGPIPE ignored (as some parents leave it) it
	# sees EPIPE and must end quietly by itself.
	perl -e '$SIG{PIPE} = "DEFAULT"; exec @ARGV or die' \
		"$cmd" "${opts[@]}" "$big" 2>"$tmp/pipe.err" |
		head -n 1 >"$tmp/pipe.out"
	st=${PIPESTATUS[0]}
	ok "$cmd big | head -1: exit status 0 or 141 (got $st)" \
		test "$st" = 0 -o "$st" = 141
	ok "$cmd big | head -1: the first line" cmp -s "$tmp/pipe.out" "$tmp/first"
	stderr_file=$tmp/pipe.err _run_label="$cmd big | head -1" is_stderr ''

	perl -e '$SIG{PIPE} = "IGNORE"; exec @ARGV or die' \
		"$cmd" "${opts[@]}" "$big" 2>"$tmp/pipe.err" |
		head -n 1 >"$tmp/pipe.out"
	st=${PIPESTATUS[0]}
	ok "$cmd big | head -1, SIGPIPE ignored: exit status 0 or 1 (got $st)" \
		test "$st" = 0 -o "$st" = 1
	ok "$cmd big | head -1, SIGPIPE ignored: the first line" \
		cmp -s "$tmp/pipe.out" "$tmp/first"
	stderr_file=$tmp/pipe.err \
		_run_label="$cmd big | head -1, SIGPIPE ignored" is_stderr ''
done

done_testing
