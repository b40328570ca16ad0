#!/bin/sh
# tests/faults/run_tests.sh: allocation fault injection. FEEDGEN_FAIL_ALLOC=N makes the N-th
# allocation fail, feedgen's own and libxml2's, jansson's, PCRE2's and libcurl's (all routed
# through alloc.c). For each command (build with 1, 2 and 4 threads, validate --feed XML and
# CSV, validate --catalog, fetch from the loopback server tests/http/server.py) the sweep
# finds the run's allocation count T (the smallest N that no longer fails, by bisection),
# then tries N = 1..8, a geometric spread and FAULT_POINTS (default 60) evenly spaced N up
# to T. Every N must end in a clean exit 4 ("out of memory", no output file, no temporary
# file) or the fault-free result (same exit code, same output bytes), or, when N falls after
# the output was published (the closing summary), exit 4 with that output complete; never a signal
# (exit >= 128) or a sanitizer report (a leak included, in `make SANITIZE=address test`).
# Prints one "ok" line per command, and one "not ok" line per failing N.
top=$(cd "$(dirname "$0")/../.." && pwd)
FEEDGEN=${FEEDGEN:-$top/bin/feedgen}
POINTS=${FAULT_POINTS:-60}
dir=$(mktemp -d)
SERVER_PID=
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM
cd "$dir" || exit 1
failed=0

# attempt N OUT CMD...: run CMD in a fresh run/ with allocation N failing (0: none); sets rc,
# and verdict to "done" (the fault-free result), "oom" (a clean exit 4) or a problem.
attempt() {
	n=$1 out=$2; shift 2
	rm -rf run && mkdir run
	if [ "$n" -eq 0 ]; then
		(cd run && "$@") 2>err
	else
		(cd run && FEEDGEN_FAIL_ALLOC=$n "$@") 2>err
	fi
	rc=$?
	left=$(ls -A run | grep -c 'tmp-')
	if [ $rc -ge 128 ]; then
		verdict="killed by signal $((rc - 128))"
	elif grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error:' err; then
		verdict="sanitizer report: $(grep -m1 'ERROR\|runtime error' err)"
	elif [ "$left" -ne 0 ]; then
		verdict="exit $rc with $left temporary files left"
	elif [ $rc -eq 4 ] && ! grep -q 'out of memory' err; then
		verdict="exit 4 without 'out of memory': $(head -c 200 err)"
	elif [ $rc -eq 4 ] && [ -e "run/$out" ]; then
		# after the output was published (the closing summary line): complete, never partial
		if [ "$n" -ne 0 ] && same "run/$out"; then verdict=late; else verdict="exit 4 and a partial $out"; fi
	elif [ $rc -eq 4 ]; then
		verdict=oom
	elif [ "$n" -eq 0 ] || { [ $rc -eq "$base_rc" ] && [ -f "run/$out" ] && same "run/$out"; }; then
		verdict=done
	else
		verdict="exit $rc (fault-free: $base_rc): $(head -c 200 err)"
	fi
}

# same FILE: equal to the fault-free output (a snapshot's first line holds its fetch time)
same() {
	case $out in
	*.jsonl) tail -n +2 "$1" | cmp -s - base.rest ;;
	*) cmp -s "$1" base.out ;;
	esac
}

# sweep NAME OUT CMD...: the whole sweep of one command
sweep() {
	name=$1 out=$2; shift 2
	attempt 0 "$out" "$@"
	base_rc=$rc
	if [ ! -f "run/$out" ]; then
		echo "not ok - faults $name: the fault-free run wrote no $out (exit $rc): $(head -c 200 err)"
		failed=1; return
	fi
	cp "run/$out" base.out
	tail -n +2 base.out > base.rest
	# T: allocations of the whole run (the first N past them completes)
	lo=1 hi=1024
	while attempt $hi "$out" "$@"; [ "$verdict" = oom ] || [ "$verdict" = late ]; do lo=$hi; hi=$((hi * 4)); done
	while [ $((hi - lo)) -gt 1 ]; do
		mid=$(((lo + hi) / 2))
		attempt $mid "$out" "$@"
		if [ "$verdict" = oom ] || [ "$verdict" = late ]; then lo=$mid; else hi=$mid; fi
	done
	total=$lo
	points="1 2 3 4 5 6 7 8" n=13
	while [ $n -lt "$total" ]; do points="$points $n"; n=$((n * 8 / 5 + 1)); done
	i=1
	while [ $i -le "$POINTS" ]; do points="$points $((total * i / POINTS))"; i=$((i + 1)); done
	points="$points $((total + 1))"
	tried=0 oom=0 late=0 bad=0
	for n in $points; do
		attempt "$n" "$out" "$@"
		tried=$((tried + 1))
		case $verdict in
		oom) oom=$((oom + 1)) ;;
		late) late=$((late + 1)) ;;
		done) ;;
		*) echo "not ok - faults $name: allocation $n failing: $verdict"; bad=$((bad + 1)); failed=1 ;;
		esac
	done
	[ $bad -eq 0 ] && echo "ok - faults $name: $tried of $total allocations failed in turn ($oom clean exit 4, $late exit 4 after publishing the complete $out, $((tried - oom - late)) complete as without the fault)"
}

cat=$top/samples/catalog.json
inv=$top/samples/inventory.csv
common="--shop-url https://northwind.example --currency EUR -q"
# shellcheck disable=SC2086
"$FEEDGEN" build --catalog "$cat" --inventory "$inv" --channel google --format xml --output "$dir/feed.xml" $common
# shellcheck disable=SC2086
"$FEEDGEN" build --catalog "$cat" --inventory "$inv" --channel meta --format csv --output "$dir/feed.csv" $common

for t in 1 2 4; do # 2 and 4: the worker pool (pipeline_pool.c)
	# shellcheck disable=SC2086
	sweep "build --threads $t" feed.xml "$FEEDGEN" build --catalog "$cat" --inventory "$inv" --channel google \
		--format xml --output feed.xml $common --threads $t
done
sweep "validate --feed XML" report.json "$FEEDGEN" validate --feed "$dir/feed.xml" --channel google \
	--report report.json --report-format json -q
sweep "validate --feed CSV" report.json "$FEEDGEN" validate --feed "$dir/feed.csv" --channel meta \
	--report report.json --report-format json -q
sweep "validate --catalog" report.json "$FEEDGEN" validate --catalog "$cat" --inventory "$inv" --channel google \
	--channel tiktok --shop-url https://northwind.example --report report.json --report-format json -q

# fetch: a small Shopify catalog in three pages from the loopback server
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export FEEDGEN_RETRY_BASE_MS=10 SHOPIFY_ACCESS_TOKEN=shpat_test
GEN=${GEN_CATALOG:-$top/../shared/bench/gen_catalog.py}
[ -f "$GEN" ] || GEN=/work/shared/bench/gen_catalog.py
if python3 "$GEN" --products 12 --out "$dir/data" --pages 3 >/dev/null; then
	python3 "$top/tests/http/server.py" --data "$dir/data" > port 2> server.err &
	SERVER_PID=$!
	i=0
	while [ ! -s port ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	if [ -s port ]; then
		sweep "fetch (Shopify, loopback)" snap.jsonl "$FEEDGEN" fetch --quiet --source shopify \
			--store-url "http://127.0.0.1:$(cat port)" --output snap.jsonl
	else
		echo "not ok - faults fetch: the loopback server did not start: $(head -c 200 server.err)"; failed=1
	fi
else
	echo "not ok - faults fetch: cannot generate the catalog with $GEN"; failed=1
fi
exit $failed
