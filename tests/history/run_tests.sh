#!/bin/sh
# tests/history/run_tests.sh: the history of published runs, rollback and the unchanged-sources
# skip (issue 11, items 2 and 7): each published run keeps its files as hard links in
# .feedgen/history/RUNID/ with a manifest, `ls out/*` still lists only the feeds, publish.keep
# prunes, a run whose sources are byte-identical is skipped (exit 0, said in the summary and the
# metrics, every file untouched) unless --force, the configuration or a file changed, a published
# file is missing, or a source is a pipe; URL sources are skipped on 304 and on an identical
# body; `feedgen rollback` restores the previous set byte for byte as one transaction (an I/O
# fault changes nothing), walks further back when repeated, removes files the newest run added,
# says when there is nothing to go back to (exit 3), and waits for the lock (exit 6).
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=history tag=""
. tests/lib/suite.sh
export SOURCE_DATE_EPOCH=1780000000

python3 - "$top/samples/catalog.json" "$T" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); p = c["products"]; d = sys.argv[2]
def dump(name, products):
    json.dump(dict(c, products=products), open(d + "/" + name, "w"))
dump("full.json", p)
cheaper = json.loads(json.dumps(p))
cheaper[0]["variants"][0]["price"] = "1.00"
dump("cheaper.json", cheaper)
PY
mkdir -p "$T/shop/out"
cat > "$T/shop/feedgen.json" <<'JSON'
{
  "shop": {"url": "https://northwind.example", "currency": "EUR"},
  "catalog": {"path": "catalog.json"},
  "inventory": {"path": "inventory.csv"},
  "publish": {"summary": "summary.json", "metrics": "feedgen.prom", "max_rejected_percent": 100},
  "report": "out/report.json", "report_format": "json",
  "feeds": [
    {"name": "tiktok", "channel": "tiktok", "format": "csv", "output": "out/tiktok.csv"},
    {"name": "google", "channel": "google", "format": "xml", "output": "out/google.xml"}
  ]
}
JSON
cp "$top/samples/inventory.csv" "$T/shop/"
cfg=$T/shop/feedgen.json
out=$T/shop/out
build() { # $1: catalog (or -), then options; stderr in $T/err, exit status in $rc
	[ "$1" = - ] || cp "$T/$1" "$T/shop/catalog.json"
	shift
	"$fg" build --config "$cfg" --max-messages 0 "$@" 2>"$T/err"
	rc=$?
}
summary() { python3 -c "import json,sys; d=json.load(open('$T/shop/summary.json')); print($1)"; }
entries() { ls "$out/.feedgen/history" | grep -vc '^\.' ; }
newest() { ls "$out/.feedgen/history" | grep -v '^\.' | sort | tail -1; }
snapshot() { (cd "$out" && for f in *; do cksum "$f"; done) > "$1"; }
inodes() { ls -i "$out" > "$1"; }

# --- the first run keeps its set
build full.json
check "first run publishes (exit $rc)" test $rc -eq 0
check "one history entry" test "$(entries)" = 1
id=$(newest)
check "the entry holds the three files and a manifest" \
	test "$(ls "$out/.feedgen/history/$id" | tr '\n' ' ')" = "google.xml manifest.json report.json tiktok.csv "
check "the entry's files are hard links of the published ones (no copy)" \
	test "$(stat -c %i "$out/tiktok.csv")" = "$(stat -c %i "$out/.feedgen/history/$id/tiktok.csv")"
check "ls out/* lists only the feeds and the report" test "$(cd "$out" && ls -d * | tr '\n' ' ')" = "google.xml report.json tiktok.csv "
python3 - "$out/.feedgen/history/$id/manifest.json" "$cfg" > "$T/py" 2>&1 <<'PY'
import json, os, sys
m = json.load(open(sys.argv[1]))
assert m["feedgen_history"] == 1, m
assert m["config"] == os.path.realpath(sys.argv[2]), m["config"]
assert m["files"] == ["tiktok.csv", "google.xml", "report.json"], m["files"]
assert [s["what"] for s in m["sources"]] == ["inventory", "catalog"], m["sources"]
assert all(len(s["sha256"]) == 64 for s in m["sources"]), m["sources"]
assert [(f["name"], f["items"]) for f in m["feeds"]] == [("tiktok", 35), ("google", 34)], m["feeds"]
print("manifest ok")
PY
check "manifest: config, files, source hashes, feed counts ($(tail -1 "$T/py"))" has '^manifest ok$' "$T/py"
check "summary names the history entry" test "$(summary "d['history_run']")" = "$id"

# --- unchanged sources: skipped
snapshot "$T/s1"; inodes "$T/i1"
touch "$T/shop/catalog.json" # a new mtime, the same bytes: hashed, still unchanged
build -
check "same sources: exit 0 (got $rc)" test $rc -eq 0
check "same sources: said on stderr" has "every source is byte-identical to the run of $id.*nothing rebuilt \(--force rebuilds\)" "$T/err"
check "same sources: the human line says so" has '^feedgen: 2 feeds, 69 items, 5 rejected, sources unchanged, nothing rebuilt in [0-9.]+ s$' "$T/err"
check "same sources: summary result skipped" test "$(summary "d['result'], d['skipped'], d['history_run']")" = "skipped True $id"
check "same sources: metrics say skipped and success" sh -c "grep -q '^feedgen_last_run_skipped 1$' '$T/shop/feedgen.prom' && ! grep -q '^feedgen_last_success_timestamp_seconds 0$' '$T/shop/feedgen.prom'"
inodes "$T/i2"; snapshot "$T/s2"
check "same sources: every file untouched (same inodes, same bytes)" sh -c "cmp -s '$T/i1' '$T/i2' && cmp -s '$T/s1' '$T/s2'"
check "same sources: no new entry" test "$(entries)" = 1
build - --summary "$T/other-summary.json" --quiet
check "options that only watch the run (--summary, --quiet) do not count as a change" test "$(entries)" = 1

build - --force
check "--force rebuilds (exit $rc, $(entries) entries)" sh -c "[ $rc -eq 0 ] && [ $(entries) = 2 ]"
check "--force: summary result published" test "$(summary "d['result']")" = published

build cheaper.json
check "a changed price rebuilds (exit $rc, $(entries) entries)" sh -c "[ $rc -eq 0 ] && [ $(entries) = 3 ]"
check "the new price is in the feed" has ',1\.00 EUR,|,1\.00,' "$out/tiktok.csv"

rm "$out/google.xml"
build -
check "a published file gone: rebuilt, not skipped (exit $rc)" sh -c "[ $rc -eq 0 ] && [ -f '$out/google.xml' ]"
check "publish.keep (default 3) prunes the oldest entry" test "$(entries)" = 3

sed 's/"EUR"/"EUR", "brand": "Northwind"/' "$cfg" > "$T/cfg2" && cp "$T/cfg2" "$cfg"
build -
check "a changed configuration rebuilds" sh -c "[ $rc -eq 0 ] && ! grep -q 'nothing rebuilt' '$T/err'"

mkfifo "$T/fifo"
cat "$T/cheaper.json" > "$T/fifo" &
PIDS="$PIDS $!"
sed 's|"catalog.json"|"'"$T"'/fifo"|' "$cfg" > "$T/shop/fifo.json"
"$fg" build --config "$T/shop/fifo.json" --max-messages 0 2>"$T/err"; rc=$?
wait
check "a FIFO source is never unchanged: rebuilt (exit $rc)" sh -c "[ $rc -eq 0 ] && ! grep -q 'nothing rebuilt' '$T/err'"
sed 's/"EUR", "brand": "Northwind"/"EUR"/' "$cfg" > "$T/cfg2" && cp "$T/cfg2" "$cfg"

build - --keep 0
check "--keep 0 (no history): unchanged sources are rebuilt, not skipped against older entries" \
	sh -c "[ $rc -eq 0 ] && ! grep -q 'nothing rebuilt' '$T/err'"

# --- publish.keep from the configuration
sed 's/"max_rejected_percent": 100/"max_rejected_percent": 100, "keep": 1/' "$cfg" > "$T/shop/keep1.json"
"$fg" build --config "$T/shop/keep1.json" --max-messages 0 --force 2>"$T/err"
"$fg" build --config "$T/shop/keep1.json" --max-messages 0 --force 2>"$T/err"
kept=$(for d in "$out"/.feedgen/history/*/; do grep -l keep1.json "$d/manifest.json"; done | wc -l)
check "publish.keep 1: one entry of that configuration" test "$kept" = 1

# --- rollback
rm -rf "$out" && mkdir "$out"
build full.json
snapshot "$T/good"
build cheaper.json
snapshot "$T/bad"
check "the changed run changed the files" sh -c "! cmp -s '$T/good' '$T/bad'"
FEEDGEN_FAIL_IO=open:2 "$fg" rollback --config "$cfg" 2>"$T/err"; rc=$?
snapshot "$T/after"
check "rollback with a failing write: exit 5 (got $rc), no file changed" sh -c "[ $rc -eq 5 ] && cmp -s '$T/bad' '$T/after'"
check "rollback with a failing write: says nothing changed" has 'rollback failed: no file was changed' "$T/err"
check "rollback with a failing write: no temporary left" test -z "$(ls -A "$out" | grep '^\.' | grep -v '^\.feedgen$')"
bad_id=$(newest)
"$fg" rollback --config "$cfg" 2>"$T/err"; rc=$?
snapshot "$T/after"
check "rollback: exit 0 (got $rc)" test $rc -eq 0
check "rollback: every file byte-identical to the run before" cmp -s "$T/good" "$T/after"
check "rollback: says which run it restored" has "rolled back to the run of [0-9-]+ [0-9:]+ UTC \([0-9T.]+Z\): 3 files restored" "$T/err"
check "rollback: the rolled-back run moved to .feedgen/rolled-back" test -d "$out/.feedgen/rolled-back/$bad_id"
check "rollback: the restored files are the history's (hard links)" \
	test "$(stat -c %i "$out/tiktok.csv")" = "$(stat -c %i "$out/.feedgen/history/$(newest)/tiktok.csv")"
build full.json
check "after a rollback the restored set is current: the good catalog again is skipped" has 'nothing rebuilt' "$T/err"
"$fg" rollback --config "$cfg" 2>"$T/err"; rc=$?
check "rollback with one run left: exit 3 (got $rc)" test $rc -eq 3
check "rollback with one run left: says why" has "nothing to roll back to: the history of '.*feedgen.json' holds 1 published run" "$T/err"

# a file the newest run added is removed by the rollback; another configuration's runs are its own
rm -rf "$out" && mkdir "$out"
build full.json
cp "$cfg" "$T/shop/saved.json"
python3 - "$cfg" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["feeds"].append({"name": "meta", "channel": "meta", "format": "csv", "output": "out/meta.csv"})
json.dump(c, open(sys.argv[1], "w"))
PY
build -
check "a run that adds a feed publishes it" test -f "$out/meta.csv"
cp "$cfg" "$T/shop/other.json"
"$fg" rollback --config "$T/shop/other.json" 2>"$T/err"; rc=$?
check "another configuration file has its own history: nothing to go back to (exit $rc)" test $rc -eq 3
"$fg" rollback --config "$cfg" 2>"$T/err"; rc=$?
check "rollback removes the file the newest run added (exit $rc)" sh -c "[ $rc -eq 0 ] && [ ! -e '$out/meta.csv' ] && grep -q 'files it did not have removed' '$T/err'"
cp "$T/shop/saved.json" "$cfg"

# split feeds (feed_parts.h): a rollback puts back the parts and the record of them, so that
# the next run removes exactly the parts the restored set does not have
rm -rf "$out" && mkdir "$out"
build full.json --max-items 15
check "split run: three parts of tiktok and its index" sh -c "[ -f '$out/tiktok-3.csv' ] && [ -f '$out/tiktok-parts.txt' ]"
snapshot "$T/split3"
build - --max-items 20
check "the next run has two parts and removed the third" sh -c "[ -f '$out/tiktok-2.csv' ] && [ ! -e '$out/tiktok-3.csv' ]"
"$fg" rollback --config "$cfg" 2>"$T/err"; rc=$?
snapshot "$T/after"
check "rollback of a split feed: exit $rc, the three parts and the index byte-identical" cmp -s "$T/split3" "$T/after"
build - --max-items 20 --force
check "the run after the rollback removes the third part again (the record came back too)" \
	sh -c "[ $rc -eq 0 ] && [ -f '$out/tiktok-2.csv' ] && [ ! -e '$out/tiktok-3.csv' ] && [ \$(wc -l < '$out/tiktok-parts.txt') = 2 ]"

# the lock
# (the holder says when it has the lock: a fixed sleep lost the race on a loaded machine)
rm -f "$T/locked"
python3 - "$cfg.lock" "$T/locked" <<'PY' &
import fcntl, sys, time
f = open(sys.argv[1], "a"); fcntl.flock(f, fcntl.LOCK_EX); open(sys.argv[2], "w").close(); time.sleep(30)
PY
lockpid=$!; PIDS="$PIDS $lockpid"
for i in $(seq 200); do [ -e "$T/locked" ] && break; sleep 0.05; done
"$fg" rollback --config "$cfg" 2>"$T/err"; rc=$?
check "rollback while a build holds the lock: exit 6 (got $rc)" test $rc -eq 6
kill $lockpid 2>/dev/null; wait $lockpid 2>/dev/null

"$fg" rollback 2>"$T/err"; rc=$?
check "rollback without --config: exit 2 (got $rc)" sh -c "[ $rc -eq 2 ] && grep -q 'rollback needs --config FILE' '$T/err'"

# --- URL sources: 304 and an identical body are unchanged
mkdir -p "$T/data/pages" && echo '{"products": []}' > "$T/data/products.json"
cp "$T/full.json" "$T/data/catalog.json"
start_server files
sed 's|"path": "catalog.json"|"url": "http://127.0.0.1:'"$PORT"'/files/catalog.json"|' "$cfg" > "$T/shop/url.json"
rm -rf "$out" && mkdir "$out"
"$fg" build --config "$T/shop/url.json" --max-messages 0 2>"$T/err"; rc=$?
check "URL source: first run publishes (exit $rc)" test $rc -eq 0
"$fg" build --config "$T/shop/url.json" --max-messages 0 2>"$T/err"; rc=$?
check "URL source, identical body (no cache): skipped" sh -c "[ $rc -eq 0 ] && grep -q 'nothing rebuilt' '$T/err'"
"$fg" build --config "$T/shop/url.json" --max-messages 0 --cache-dir "$T/cache" --force 2>"$T/err"
"$fg" build --config "$T/shop/url.json" --max-messages 0 --cache-dir "$T/cache" 2>"$T/err"; rc=$?
check "URL source answering 304: skipped" sh -c "[ $rc -eq 0 ] && grep -q 'not modified' '$T/err' && grep -q 'nothing rebuilt' '$T/err'"
cp "$T/cheaper.json" "$T/data/catalog.json"
"$fg" build --config "$T/shop/url.json" --max-messages 0 --cache-dir "$T/cache" 2>"$T/err"; rc=$?
check "URL source changed: rebuilt" sh -c "[ $rc -eq 0 ] && ! grep -q 'nothing rebuilt' '$T/err'"
suite_end
