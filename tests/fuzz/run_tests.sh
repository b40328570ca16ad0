#!/bin/sh
# run_tests.sh: replays every input under tests/fuzz/corpus/<target>/ (hand-written seeds) and
# tests/fuzz/regressions/<target>/ (every crash a fuzzer ever found, kept with its fix) through
# that target with build/tests/replay_<target> (built by `make unit` with the ordinary
# compiler; `make SANITIZE=address,undefined test` adds sanitizers). Every target has seeds.
# Prints "ok - replay <target> <kind>/<file>" / "not ok - ...".
cd "$(dirname "$0")/../.." || exit 1
suite=fuzz tag=""
. tests/lib/check.sh
for src in tests/fuzz/fuzz_*.c; do
	t=${src#tests/fuzz/fuzz_}; t=${t%.c}
	ls tests/fuzz/corpus/$t/* >/dev/null 2>&1 || { notok "replay $t: no seeds in tests/fuzz/corpus/$t/"; }
done
for dir in tests/fuzz/corpus/*/ tests/fuzz/regressions/*/; do
	[ -d "$dir" ] || continue
	t=$(basename "$dir")
	kind=$(basename "$(dirname "$dir")")
	bin=build/tests/replay_$t
	if [ ! -f "tests/fuzz/fuzz_$t.c" ]; then
		notok "replay $t: $kind without a target tests/fuzz/fuzz_$t.c"; continue
	fi
	if [ ! -x "$bin" ]; then
		notok "replay $t: $bin missing (make unit)"; continue
	fi
	for f in "$dir"*; do
		[ -f "$f" ] || continue
		out=$("$bin" "$f" 2>&1 >/dev/null); rc=$?
		if [ $rc -eq 0 ] && ! printf '%s' "$out" | grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer'; then
			ok "replay $t $kind/$(basename "$f")"
		else
			notok "replay $t $kind/$(basename "$f") (status $rc)"
			printf '%s\n' "$out" | grep -v '^feedgen: ' | head -20 | sed 's/^/#   /'
			failed=1
		fi
	done
done
suite_end
