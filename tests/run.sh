#!/bin/sh
# tests/run.sh: the test runner behind `make test`: unit programs, data-driven cases
# (tests/cases/NAME/), and script suites (tests/*/run_tests.sh). Every check prints one line,
# "ok - ..." or "not ok - ...", and the run ends with "N passed, N failed".
#
# A case is a directory tests/cases/NAME/ holding:
#   cmd          shell commands, run in a fresh scratch directory with $FEEDGEN (the binary),
#                $SAMPLES, $CASE (the case directory), $TESTS and $TEMPLATES set
#   exit         expected exit status of cmd (default 0)
#   expected/    files that must exist in the scratch directory afterwards, byte for byte
#   absent       names of files that must NOT exist afterwards (one per line)
#   stderr       extended regular expressions, one per line, each must match the stderr
#   stdout       the same for stdout
#   not-stderr   regular expressions that must not match stderr
# Every *.csv, *.tsv and *.xml file the case leaves is read back by an independent parser
# (Python's csv module, xmllint) unless the case has a file named no-readback.
# Set VALGRIND=1 to run $FEEDGEN under valgrind (memcheck, leaks are errors).
top=$(cd "$(dirname "$0")/.." && pwd)
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # reads TAP-ish lines on stdin, echoes them, updates counters via files
	while IFS= read -r line; do
		case "$line" in
		"ok "*|"ok") echo "$line"; echo p >>"$log" ;;
		"not ok"*) echo "$line"; echo f >>"$log" ;;
		*) echo "$line" ;;
		esac
	done
}

FEEDGEN="$top/bin/feedgen"
if [ "${VALGRIND:-}" = 1 ]; then
	cat >"$top/build/feedgen-valgrind" <<VG
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "$top/bin/feedgen" "\$@"
VG
	chmod +x "$top/build/feedgen-valgrind"
	FEEDGEN="$top/build/feedgen-valgrind"
fi
export FEEDGEN SAMPLES="$top/samples" TESTS="$top/tests" TEMPLATES="$top/templates" TOP="$top"

# 1. unit test programs
for t in "$top"/build/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	echo "# unit $name"
	( "$t" 2>&1; rc=$?; [ $rc -ne 0 ] && [ $rc -ne 1 ] && echo "not ok - $name crashed (status $rc)" ) | count
done

# 2. data-driven cases
readback() { # $1: directory
	for f in "$1"/*.csv "$1"/*.tsv "$1"/*.xml "$1"/*/*.csv "$1"/*/*.tsv "$1"/*/*.xml; do
		[ -f "$f" ] || continue
		case "$f" in
		*.xml) xmllint --noout "$f" 2>&1 || echo "xmllint rejects $(basename "$f")" ;;
		*) python3 "$top/tests/lib/readback.py" "$f" || true ;;
		esac
	done
}

for dir in "$top"/tests/cases/*/; do
	[ -f "$dir/cmd" ] || continue
	name=$(basename "$dir")
	scratch=$(mktemp -d)
	want=0
	[ -f "$dir/exit" ] && want=$(cat "$dir/exit")
	(cd "$scratch" && CASE="$dir" sh "$dir/cmd" >"$scratch/.stdout" 2>"$scratch/.stderr")
	got=$?
	problems=""
	[ "$got" = "$want" ] || problems="$problems; exit $got, expected $want"
	if [ -d "$dir/expected" ]; then
		for e in "$dir"/expected/*; do
			f=$(basename "$e")
			if [ ! -f "$scratch/$f" ]; then problems="$problems; $f not written"
			elif ! cmp -s "$e" "$scratch/$f"; then problems="$problems; $f differs (diff $e $scratch/$f)"; fi
		done
	fi
	if [ -f "$dir/absent" ]; then
		while IFS= read -r f; do
			[ -n "$f" ] && [ -e "$scratch/$f" ] && problems="$problems; $f exists but must not"
		done <"$dir/absent"
	fi
	for stream in stderr stdout; do
		[ -f "$dir/$stream" ] || continue
		while IFS= read -r re; do
			[ -n "$re" ] || continue
			grep -Eq -- "$re" "$scratch/.$stream" || problems="$problems; $stream lacks /$re/"
		done <"$dir/$stream"
	done
	if [ -f "$dir/not-stderr" ]; then
		while IFS= read -r re; do
			[ -n "$re" ] || continue
			grep -Eq -- "$re" "$scratch/.stderr" && problems="$problems; stderr has /$re/"
		done <"$dir/not-stderr"
	fi
	if grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer\|==[0-9]*== ' "$scratch/.stderr" 2>/dev/null; then
		problems="$problems; sanitizer or valgrind report on stderr"
	fi
	if [ ! -f "$dir/no-readback" ]; then
		rb=$(readback "$scratch")
		[ -n "$rb" ] && problems="$problems; $rb"
	fi
	if [ -z "$problems" ]; then
		echo "ok - case $name" | count
		rm -rf "$scratch"
	else
		echo "not ok - case $name${problems}" | count
		echo "#   stderr:"; sed 's/^/#     /' "$scratch/.stderr" | head -20
		echo "#   scratch kept in $scratch"
	fi
done

# 3. script suites
for s in "$top"/tests/*/run_tests.sh; do
	[ -f "$s" ] || continue
	echo "# suite $(basename "$(dirname "$s")")"
	sh "$s" 2>&1 | count
done

passed=$(grep -c p "$log")
failed=$(grep -c f "$log")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
