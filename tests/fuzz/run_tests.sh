#!/bin/sh
# run_tests.sh: replays every input under tests/fuzz/corpus/<target>/ (seeds and every crash a
# fuzzer ever found) through that target with build/tests/replay_<target> (built by `make
# unit` with the ordinary compiler; `make SANITIZE=address,undefined test` adds sanitizers).
# Prints "ok - replay <target> <file>" / "not ok - ...".
cd "$(dirname "$0")/../.." || exit 1
failed=0
for dir in tests/fuzz/corpus/*/; do
	t=$(basename "$dir")
	bin=build/tests/replay_$t
	if [ ! -f "tests/fuzz/fuzz_$t.c" ]; then
		echo "not ok - replay $t: corpus without a target tests/fuzz/fuzz_$t.c"; failed=1; continue
	fi
	if [ ! -x "$bin" ]; then
		echo "not ok - replay $t: $bin missing (make unit)"; failed=1; continue
	fi
	for f in "$dir"*; do
		[ -f "$f" ] || continue
		out=$("$bin" "$f" 2>&1 >/dev/null); rc=$?
		if [ $rc -eq 0 ] && ! printf '%s' "$out" | grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer'; then
			echo "ok - replay $t $(basename "$f")"
		else
			echo "not ok - replay $t $(basename "$f") (status $rc)"
			printf '%s\n' "$out" | grep -v '^feedgen: ' | head -20 | sed 's/^/#   /'
			failed=1
		fi
	done
done
exit $failed
