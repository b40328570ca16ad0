#!/bin/sh
# tests/iofault/run_tests.sh: I/O fault injection (issue 9, item 5). FEEDGEN_FAIL_IO=STEP:N
# fails the N-th open/read/write/fsync/close/rename; for every N up to the number of calls a
# clean run makes (FEEDGEN_FAIL_IO=count), over a build writing a feed, a report and a
# promotions feed, a build writing voucher codes, over validate --feed, over fetch --output, over a
# build from a feed catalog and over repair (issue 13), every run must: exit 3
# (read; open of an input) or 5 (write, fsync, close, rename; open of an output), print only
# "feedgen: " lines and at least one, not crash, leave no temporary, and leave the previous
# outputs byte-identical (a report is the exception: a failed run still publishes its report,
# which must then be valid JSON). One "ok"/"not ok" line per scenario and step.
cd "$(dirname "$0")/../.." || exit 1
suite=iofault tag=""
. tests/lib/check.sh
S=$top/samples
dir=$T
cd "$dir" || exit 1
export SOURCE_DATE_EPOCH=1780000000 FEEDGEN_VOUCHER_SECRET=test-secret-0123456789

run_build() {
	"$FEEDGEN" build --catalog "$S/catalog.json" --inventory "$S/inventory.csv" --channel google --format xml \
		--output feed.xml --shop-url https://s.example --currency EUR --segment checkout_dropoffs \
		--voucher-segments cart_abandoners,checkout_dropoffs --voucher-code BACK10 --voucher-percent 10 \
		--promotions-output promos.tsv --report report.json --report-format json -q
}
run_codes() { # unique voucher codes (a TikTok feed: Google promotions take one shared code)
	"$FEEDGEN" build --catalog "$S/catalog.json" --channel tiktok --format csv --output feed.csv \
		--shop-url https://s.example --segment checkout_dropoffs --voucher-segments cart_abandoners,checkout_dropoffs \
		--voucher-code BACK10 --voucher-percent 10 --voucher-campaign spring26 --unique-vouchers \
		--voucher-codes-output codes.csv -q
}
run_validate() {
	"$FEEDGEN" validate --feed feed.xml --channel google --report vreport.json --report-format json -q
}
run_fetch() {
	"$FEEDGEN" fetch --catalog "$S/catalog.json" --output snap.jsonl --quiet
}
run_feedcat() { # an existing feed as the catalog (issue 13)
	"$FEEDGEN" build --catalog "$top/tests/feedsrc/google.xml" --channel tiktok --output fc.csv -q
}
run_repair() {
	"$FEEDGEN" repair --feed "$top/tests/feedsrc/dirty.xml" --channel google --output rep.xml -q
}

# the previous outputs every failed run must leave alone
run_build 2>/dev/null || notok "iofault: the clean build failed"
run_codes 2>/dev/null || notok "iofault: the clean build with voucher codes failed"
run_validate 2>/dev/null
run_fetch 2>/dev/null || notok "iofault: the clean fetch failed"
run_feedcat 2>/dev/null || notok "iofault: the clean build from a feed failed"
run_repair 2>/dev/null || notok "iofault: the clean repair failed"
mkdir prev && cp feed.xml feed.csv codes.csv promos.tsv snap.jsonl fc.csv rep.xml prev/ || notok "iofault: clean outputs missing"

count_of() { # $1: scenario, $2: step
	FEEDGEN_FAIL_IO=count run_$1 2>&1 >/dev/null | sed -n "s/^feedgen: FEEDGEN_FAIL_IO counts:.* $2=\([0-9]*\).*/\1/p"
}

# verdict OK FAILED: a scenario's one line, "ok OK" or "not ok FAILED" and the runs $bad names
verdict() {
	if [ -z "$bad" ]; then ok "$1"; else notok "$2$bad"; fi
}

for scenario in build codes validate fetch feedcat repair; do
	case $scenario in
	build) keep="feed.xml promos.tsv" reports="report.json" ;;
	codes) keep="feed.csv codes.csv" reports="" ;;
	validate) keep="feed.xml" reports="vreport.json" ;;
	fetch) keep="snap.jsonl" reports="" ;;
	feedcat) keep="fc.csv" reports="" ;;
	repair) keep="rep.xml" reports="" ;;
	esac
	for step in open read write fsync close rename; do
		total=$(count_of $scenario $step)
		for f in $keep; do cp "prev/$f" "$f"; done # the counting run rewrote them
		[ -n "$total" ] || { notok "iofault $scenario $step: no count"; continue; }
		[ "$total" -gt 0 ] || { ok "iofault $scenario $step: no such calls"; continue; }
		bad="" n=1
		while [ $n -le "$total" ]; do
			FEEDGEN_FAIL_IO=$step:$n run_$scenario >out 2>err
			rc=$?
			why=""
			case $step:$rc in
			read:3 | open:3 | open:5 | write:5 | fsync:5 | close:5 | rename:5) ;;
			*) why="exit $rc" ;;
			esac
			[ -s err ] || why="$why, no message"
			grep -qv '^feedgen: ' err && why="$why, a line without 'feedgen: ': $(grep -v '^feedgen: ' err | head -1)"
			ls -A | grep -q 'tmp-' && why="$why, a temporary left: $(ls -A | grep tmp- | head -1)"
			for f in $keep; do cmp -s "prev/$f" "$f" || why="$why, $f changed"; done
			for f in $reports; do
				python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$f" 2>/dev/null || why="$why, $f is not JSON"
			done
			[ -n "$why" ] && bad="$bad; $step:$n:$why"
			for f in $keep; do cp "prev/$f" "$f"; done # a bad run must not poison the next
			n=$((n + 1))
		done
		verdict "iofault $scenario: each of $total $step calls failing in turn: message, exit code, outputs untouched" \
			"iofault $scenario $step"
	done
done

# Helper threads that cannot start (FEEDGEN_FAIL_IO=thread:N fails the N-th pthread_create with
# EAGAIN, as a container at its pids limit does): the pool's workers and reader, the write-behind
# thread of each output file, the change report's readers of the previous feeds and the catalog's
# reader thread each fall back to working on the thread that asked. For each N, the run must give
# the files, the messages and the exit code of the run whose threads all started.
python3 "$top/tests/cases/build-threads-identical/mkcatalog.py" 700 big.json inv.csv || notok "iofault thread: no catalog"
cat >two.json <<JSON
{"shop": {"url": "https://s.example"}, "catalog": {"path": "big.json"}, "inventory": "inv.csv",
 "feeds": [{"channel": "google", "format": "xml", "output": "t/google.xml"},
           {"channel": "tiktok", "format": "csv", "output": "t/tiktok.csv"}]}
JSON
run_threads() { # two feeds of 700 products on three workers, the previous files in place without their digests
	rm -rf t/.feedgen
	"$FEEDGEN" build --config two.json --keep 0 --threads 3 --max-rejected-percent 100 -q
}
run_reader() { # a Shopify catalog without a shop URL: the one-thread path's reader thread, stopped by the first record
	"$FEEDGEN" build --catalog big.json --channel tiktok --output r.csv --threads 2 -q
}
mkdir t
run_threads 2>/dev/null || notok "iofault thread: the clean build failed"
for scenario in threads reader; do
	run_$scenario >ref.out 2>ref.err
	echo $? >ref.rc
	rm -rf ref && mkdir ref && cp t/google.xml t/tiktok.csv ref/ || notok "iofault thread: clean outputs missing"
	total=$(count_of $scenario thread)
	[ -n "$total" ] && [ "$total" -gt 0 ] || { notok "iofault thread $scenario: no thread started (count '$total')"; continue; }
	bad="" n=1
	while [ $n -le "$total" ]; do
		FEEDGEN_FAIL_IO=thread:$n run_$scenario >out 2>err
		echo $? >rc
		why=""
		cmp -s rc ref.rc || why="$why, exit $(cat rc) (expected $(cat ref.rc))"
		cmp -s err ref.err || why="$why, other messages: $(diff ref.err err | sed -n 2p)"
		cmp -s out ref.out || why="$why, other output"
		for f in google.xml tiktok.csv; do cmp -s "ref/$f" "t/$f" || why="$why, $f differs"; done
		[ -n "$why" ] && bad="$bad; thread:$n:$why"
		n=$((n + 1))
	done
	verdict "iofault thread $scenario: each of $total helper threads failing to start in turn: the same files, messages and exit code" \
		"iofault thread $scenario"
done
suite_end
