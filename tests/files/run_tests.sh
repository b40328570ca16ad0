#!/bin/sh
# tests/files/run_tests.sh: outputs and inputs that are not plain files (issue 9, defects 2 and
# 7): a FIFO as output gets the bytes, a run killed with SIGKILL leaves a temporary that the
# next run removes (and a live run's temporary is kept), file modes. One "ok"/"not ok" per check.
cd "$(dirname "$0")/../.." || exit 1
suite=files tag=""
. tests/lib/check.sh
S=$top/samples
dir=$T
cd "$dir" || exit 1
B="build --catalog $S/catalog.json --channel tiktok --format csv --shop-url https://s.example -q"

# the reference feed, written to a plain file
$FEEDGEN $B --output ref.csv || echo "not ok - reference build failed"

# 1. a FIFO with a reader gets the whole feed, and stays a FIFO
mkfifo out.fifo
cat out.fifo >got.csv &
reader=$!
$FEEDGEN $B --output out.fifo
rc=$?
( sleep 5; kill $reader 2>/dev/null ) & # a regression that renames over the FIFO must not hang the suite
watchdog=$!
wait $reader
kill $watchdog 2>/dev/null
check "FIFO output: exit 0" [ $rc = 0 ]
check "FIFO output: the reader got the feed byte for byte" cmp -s ref.csv got.csv
check "FIFO output: still a FIFO, no temporary" sh -c '[ -p out.fifo ] && ! ls -A | grep -q tmp-'

# 2. a FIFO without a reader: waits at most --timeout, then exit 5
$FEEDGEN $B --output out.fifo --timeout 1 2>err
rc=$?
check "FIFO output without a reader: exit 5 after --timeout" [ $rc = 5 ]
check "FIFO output without a reader: says so" grep -q "^feedgen: cannot write 'out.fifo': Connection timed out$" err

# 3. a run killed with SIGKILL mid-feed leaves its temporary; the next run removes it
mkfifo cat.fifo
sh -c 'cat "$1"; exec sleep 20' sh "$S/catalog.json" >cat.fifo & # holds the FIFO open: the build waits mid-feed
writer=$!
PIDS="$PIDS $writer"
$FEEDGEN $B --output feed.csv --catalog cat.fifo &
victim=$!
PIDS="$PIDS $victim"
n=0
while [ $n -lt 100 ] && ! ls -A | grep -q "^\.feed\.csv\.tmp-$victim-"; do sleep 0.1; n=$((n + 1)); done
kill -9 $victim
wait $victim 2>/dev/null
kill $writer 2>/dev/null
left=$(ls -A | grep "^\.feed\.csv\.tmp-$victim-......$")
check "SIGKILL: the temporary .feed.csv.tmp-PID-XXXXXX is left behind" [ -n "$left" ]
# a live process's temporary and files that only look like ours are kept
sleep 60 &
live=$!
PIDS="$PIDS $live"
: >".feed.csv.tmp-$live-AbC123"
: >".feed.csv.tmp-$victim-short"
: >".other.csv.tmp-$victim-XyZ789"
: >".feed.csv.tmp-$victim-Fut999"
touch -d '1 hour' ".feed.csv.tmp-$victim-Fut999" # newer than the next run: not a leftover of it
touch -d '1 hour ago' ".feed.csv.tmp-$live-AbC123"
$FEEDGEN build --catalog "$S/catalog.json" --channel tiktok --format csv --shop-url https://s.example --output feed.csv 2>err
rc=$?
check "next run: exit 0 and the feed is right" sh -c "[ $rc = 0 ] && cmp -s ref.csv feed.csv"
check "next run: the dead run's temporary is removed" sh -c "[ ! -e '$left' ]"
check "next run: says what it removed" grep -q "^feedgen: removed '$left', a temporary file left by a run that died (process $victim)$" err
check "next run: a live process's temporary is kept" [ -e ".feed.csv.tmp-$live-AbC123" ]
check "next run: names that are not exactly ours are kept" sh -c "[ -e '.feed.csv.tmp-$victim-short' ] && [ -e '.other.csv.tmp-$victim-XyZ789' ]"
check "next run: a temporary newer than the run is kept" [ -e ".feed.csv.tmp-$victim-Fut999" ]
kill $live 2>/dev/null

# 4. modes: a feed honours the umask (0644 under 022), a snapshot is 0600
rm -f feed.csv snap.jsonl
(umask 022 && $FEEDGEN $B --output feed.csv && $FEEDGEN fetch --catalog "$S/catalog.json" --output snap.jsonl --quiet)
check "feed mode 0644 under umask 022" [ "$(stat -c %a feed.csv)" = 644 ]
check "snapshot mode 0600" [ "$(stat -c %a snap.jsonl)" = 600 ]

# 5. a socket as --output is refused (exit 5) and left alone
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind("sock")'
$FEEDGEN $B --output sock 2>err
rc=$?
check "socket output: exit 5, still a socket" sh -c "[ $rc = 5 ] && [ -S sock ] && grep -q \"cannot write 'sock': it is a socket\" err"
suite_end
