#!/bin/sh
# tests/bad/run_tests.sh: the bad-input corpus (issue 9 item 6). Each line of tests/bad/entries
# names a generator in gen.py (inputs are made at test time in a temporary directory: some are
# 100 MB, or 10 GB once unpacked), how the input is given, the documented exit code, bounds on
# time and peak memory, and the message pattern. For every command an entry runs, one line:
# "ok - bad NAME: COMMAND: exit N, S s, M MB" or "not ok - ..." with every check that failed.
cd "$(dirname "$0")/../.." || exit 1
suite=bad tag=""
. tests/lib/check.sh
here="$top/tests/bad"
dir=$T
good="$dir/good.json"
printf '[{"id":1,"title":"Tee","handle":"tee","variants":[{"id":11,"sku":"TEE-S","price":"10.00"}]}]\n' >"$good"
passwd_line=$(head -n 1 /etc/passwd 2>/dev/null)
# under sanitizers or valgrind, memory and time are the tool's: only the other checks hold
bounds=1
case $FEEDGEN in *valgrind*) bounds=0 ;; esac
ldd "$FEEDGEN" 2>/dev/null | grep -Eq 'lib(asan|ubsan|tsan)' && bounds=0

# check NAME LABEL EXIT SECONDS MB PATTERN INPUT -- COMMAND...: run it and judge the run
check() {
	name=$1 label=$2 want=$3 secs=$4 mb=$5 pattern=$6 input=$7
	shift 8
	rm -rf "$dir/out" && mkdir "$dir/out"
	start=$(date +%s.%N)
	/usr/bin/time -f %M -o "$dir/rss" timeout -s KILL $((secs * 3)) "$@" >"$dir/stdout" 2>"$dir/stderr"
	rc=$?
	secs_used=$(echo "$start $(date +%s.%N)" | awk '{printf "%.2f", $2 - $1}')
	kb=$(tail -n 1 "$dir/rss" 2>/dev/null | grep -E '^[0-9]+$' || echo 0)
	why=""
	[ "$rc" -ge 128 ] && why="$why; crashed or killed (status $rc)"
	[ "$rc" -ne "$want" ] && why="$why; exit $rc, expected $want"
	grep -Eq -- "$pattern" "$dir/stderr" || why="$why; stderr lacks /$pattern/"
	grep -Fq -- "$input" "$dir/stderr" || why="$why; stderr does not name '$input'"
	left=$(ls -A "$dir/out" | head -n 3 | tr '\n' ' ')
	[ -n "$left" ] && why="$why; output written: $left"
	python3 -c '
import re, sys
data = open(sys.argv[1], "rb").read()
bad = re.search(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", data)
sys.exit(1 if bad else 0)' "$dir/stderr" || why="$why; raw control bytes in stderr"
	if [ -n "$passwd_line" ] && grep -Fq -- "$passwd_line" "$dir/stderr" "$dir/stdout"; then
		why="$why; /etc/passwd content printed"
	fi
	if [ $bounds = 1 ]; then
		awk -v s="$secs_used" -v max="$secs" 'BEGIN { exit !(s > max) }' && why="$why; took $secs_used s (bound $secs s)"
		[ "$kb" -gt $((mb * 1024)) ] && why="$why; peak RSS $((kb / 1024)) MB (bound $mb MB)"
	fi
	if [ -z "$why" ]; then
		ok "bad $name: $label: exit $rc, $secs_used s, $((kb / 1024)) MB$([ $bounds = 1 ] || echo ' (not bounded: sanitizers/valgrind)')"
	else
		notok "bad $name: $label${why}; stderr: $(head -c 300 "$dir/stderr" | tr '\n' ' ')"
	fi
}

grep -Ev '^[[:space:]]*(#|$)' "$here/entries" | while read -r name kind want secs mb pattern; do
	rm -rf "$dir/in" && mkdir "$dir/in"
	if ! input=$(python3 "$here/gen.py" "$name" "$dir/in"); then
		notok "bad $name: generator failed"
		continue
	fi
	out="$dir/out/feed.csv"
	case $kind in
	catalog)
		check "$name" build "$want" "$secs" "$mb" "$pattern" "$input" -- \
			"$FEEDGEN" build --catalog "$input" --channel google --output "$out" --shop-url https://shop.example
		check "$name" "validate --catalog" "$want" "$secs" "$mb" "$pattern" "$input" -- \
			"$FEEDGEN" validate --catalog "$input" --channel google --shop-url https://shop.example
		[ -f "$input" ] && check "$name" "build from stdin" "$want" "$secs" "$mb" "$(echo "$pattern" | sed "s#'\[^']\*/[^']*'#'-'#")" "'-'" -- \
			sh -c 'exec "$0" build --catalog - --channel google --output "$2" --shop-url https://shop.example <"$1"' \
			"$FEEDGEN" "$input" "$out"
		;;
	inventory)
		check "$name" build "$want" "$secs" "$mb" "$pattern" "$input" -- \
			"$FEEDGEN" build --catalog "$good" --inventory "$input" --channel google --output "$out" --shop-url https://shop.example
		check "$name" "validate --catalog" "$want" "$secs" "$mb" "$pattern" "$input" -- \
			"$FEEDGEN" validate --catalog "$good" --inventory "$input" --channel google --shop-url https://shop.example
		;;
	feed)
		check "$name" "validate --feed" "$want" "$secs" "$mb" "$pattern" "$input" -- \
			"$FEEDGEN" validate --feed "$input" --channel google
		;;
	*)
		notok "bad $name: unknown kind '$kind'"
		;;
	esac
done
suite_end
