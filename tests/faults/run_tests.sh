#!/bin/sh
# tests/faults/run_tests.sh: allocation fault injection. FEEDGEN_FAIL_ALLOC=N makes the N-th
# allocation fail; for a spread of N over a whole build, feedgen must exit 0 (N was past the
# last allocation) or 4 with a message, never crash, and never leave a feed or a temporary
# file behind when it fails. Prints one "ok"/"not ok" line per N.
top=$(cd "$(dirname "$0")/../.." && pwd)
FEEDGEN=${FEEDGEN:-$top/bin/feedgen}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
n=1
while [ $n -le 2000000 ]; do
	rm -f feed.xml .feed.xml.tmp-* err
	for t in 1 2; do
		FEEDGEN_FAIL_ALLOC=$n "$FEEDGEN" build --catalog "$top/samples/catalog.json" --inventory "$top/samples/inventory.csv" \
			--channel google --format xml --output feed.xml --shop-url https://northwind.example --currency EUR -q \
			--threads $t 2>err
		rc=$?
		left=$(ls -A | grep -c 'tmp-')
		if [ $rc -eq 0 ] && [ $left -eq 0 ] && xmllint --noout feed.xml 2>/dev/null; then
			echo "ok - allocation $n failing (threads $t): run completed"
		elif [ $rc -eq 4 ] && [ $left -eq 0 ] && [ ! -e feed.xml ] && grep -q 'out of memory' err; then
			echo "ok - allocation $n failing (threads $t): exit 4, nothing written"
		else
			echo "not ok - allocation $n failing (threads $t): exit $rc, $left temporary files, $(head -c 200 err)"
		fi
		rm -f feed.xml
	done
	n=$((n * 8 / 5 + 1))
done
