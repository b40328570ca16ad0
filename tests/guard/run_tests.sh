#!/bin/sh
# tests/guard/run_tests.sh: the safety guard and the run summary (issue 11, items 1 and 6): a
# second run whose catalog lost half its products is refused (exit 7) and leaves the first
# run's files byte-identical; an empty catalog publishes nothing; --force publishes, loudly;
# per-feed limits; max_rejected_percent; min_items; the item count of the file replaced read
# from CSV, XML and gzip; the --summary JSON read back field by field; the --metrics textfile
# parsed, its last success kept across a refused run.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=guard tag="guard: "
. tests/lib/check.sh
export SOURCE_DATE_EPOCH=1780000000

# catalogs made from the sample: all of it, its first half, none, and one whose first
# products lost their images (rejected everywhere)
python3 - "$top/samples/catalog.json" "$T" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); p = c["products"]; d = sys.argv[2]
def dump(name, products):
    json.dump(dict(c, products=products), open(d + "/" + name, "w"))
dump("full.json", p)
dump("half.json", p[:len(p) // 2])
dump("empty.json", [])
bad = [dict(x, images=[], image=None) for x in p[:6]] + p[6:]
dump("noimages.json", bad)
PY
mkdir -p "$T/shop/out"
cat > "$T/shop/feedgen.json" <<'JSON'
{
  "shop": {"url": "https://northwind.example", "currency": "EUR"},
  "catalog": {"path": "catalog.json"},
  "publish": {"summary": "out/summary.json", "metrics": "out/feedgen.prom"},
  "feeds": [
    {"name": "tiktok", "channel": "tiktok", "format": "csv", "output": "out/tiktok.csv"},
    {"name": "google", "channel": "google", "format": "xml", "output": "out/google.xml"}
  ]
}
JSON
build() { # $1: catalog, then options; stderr in $T/err, exit status in $rc
	cp "$T/$1" "$T/shop/catalog.json"
	shift
	"$fg" build --config "$T/shop/feedgen.json" --max-messages 0 "$@" 2>"$T/err"
	rc=$?
}
same_as_first() {
	cmp -s "$T/shop/out/tiktok.csv" "$T/first/tiktok.csv" && cmp -s "$T/shop/out/google.xml" "$T/first/google.xml"
}
no_temporaries() { [ -z "$(ls -A "$T/shop/out" | grep '\.tmp-')" ]; }

build full.json
check "the first run publishes (exit $rc)" test $rc -eq 0
check "its human line counts both feeds" has '^feedgen: 2 feeds, 69 items, 5 rejected, published in [0-9.]+ s$' "$T/err"
mkdir "$T/first" && cp "$T/shop/out/tiktok.csv" "$T/shop/out/google.xml" "$T/first/"
python3 - "$T/shop/out/summary.json" "$T/shop/out/feedgen.prom" > "$T/py" 2>&1 <<'PY' || true
import json, sys
s = json.load(open(sys.argv[1]))
assert s["exit_status"] == 0 and s["result"] == "published" and s["published"] is True and s["forced"] is False, s
assert [(f["name"], f["channel"], f["output"].split("/")[-1], f["items_written"], f["rejected"]) for f in s["feeds"]] == \
    [("tiktok", "tiktok", "tiktok.csv", 35, 2), ("google", "google", "google.xml", 34, 3)], s["feeds"]
assert [p.split("/")[-1] for p in s["published_paths"]] == ["tiktok.csv", "google.xml"], s["published_paths"]
assert set(s["timings"]) == {"read_normalise", "write", "diff", "guard", "publish", "total"}, s["timings"]
assert all(isinstance(v, float) and v >= 0 for v in s["timings"].values()), s["timings"]
assert s["items"]["read"] == 37 and s["items"]["written"] == 69 and s["items"]["rejected"] == 5, s["items"]
r = s["findings"]["by_rule"]
assert r["required"] == {"errors": 4, "warnings": 0} and r["id-unique"]["errors"] == 1, r
assert s["findings"]["errors"] == sum(v["errors"] for v in r.values()), s["findings"]
# no file to replace yet: min_items and max_rejected_percent only
assert [(g["feed"], g["limit"], g["limit_value"], g["result"]) for g in s["guard"]] == [
    ("tiktok", "min_items", 1, "passed"), ("tiktok", "max_rejected_percent", 10, "passed"),
    ("google", "min_items", 1, "passed"), ("google", "max_rejected_percent", 10, "passed")], s["guard"]
assert s["guard"][0]["value"] == 35 and abs(s["guard"][3]["value"] - 300 / 37) < 0.01, s["guard"]
m = {}
for line in open(sys.argv[2]):
    if not line.startswith("#"):
        k, v = line.rsplit(" ", 1); m[k] = float(v)
assert m["feedgen_last_run_status"] == 0 and m["feedgen_last_success_timestamp_seconds"] > 1.7e9, m
assert m['feedgen_items{feed="tiktok"}'] == 35 and m['feedgen_items{feed="google"}'] == 34, m
assert m['feedgen_rejected{feed="tiktok"}'] == 2 and m['feedgen_rejected{feed="google"}'] == 3, m
assert m["feedgen_duration_seconds"] >= 0, m
print("ok")
PY
check "summary and metrics of the first run read back ($(tail -1 "$T/py"))" test "$(tail -1 "$T/py")" = ok
last=$(sed -n 's/^feedgen_last_success_timestamp_seconds //p' "$T/shop/out/feedgen.prom")

# a catalog that lost half its products: refused, nothing replaced
sleep 1
build half.json --report "$T/report.json" --report-format json
check "half the catalog is refused with exit 7 (exit $rc)" test $rc -eq 7
check "stderr names the feed, the counts, the file and the limit" \
	has "^feedgen: feed 'tiktok' would have 21 items, 40% fewer than the 35 of '.*out/tiktok.csv' it replaces \(publish.max_drop_percent 20\): nothing was published$" "$T/err"
check "the XML feed's items are counted too" has "feed 'google' would have 21 items, 38.2% fewer than the 34 of" "$T/err"
check "the human line says refused" has '^feedgen: 2 feeds, 42 items, 0 rejected, refused by the safety guard in [0-9.]+ s$' "$T/err"
check "the first run's files are byte-identical" same_as_first
check "no temporary file is left" no_temporaries
check "the report holds the refusal" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
s = json.dumps(r)
assert "safety-guard" in s and "publish.max_drop_percent 20" in s, s[:500]' "$T/report.json"
python3 - "$T/shop/out/summary.json" "$T/shop/out/feedgen.prom" "$last" > "$T/py" 2>&1 <<'PY' || true
import json, sys
s = json.load(open(sys.argv[1]))
assert s["exit_status"] == 7 and s["result"] == "refused" and s["published"] is False, s
assert s["published_paths"] == [], s["published_paths"]
d = [g for g in s["guard"] if g["limit"] == "max_drop_percent"]
assert [(g["feed"], g["previous_items"], g["limit_value"], g["result"]) for g in d] == [
    ("tiktok", 35, 20, "refused"), ("google", 34, 20, "refused")], d
assert d[0]["value"] == 40 and abs(d[1]["value"] - 1300 / 34) < 0.01, d
assert s["findings"]["by_rule"]["safety-guard"] == {"errors": 2, "warnings": 0}, s["findings"]
m = dict(l.rsplit(" ", 1) for l in open(sys.argv[2]).read().splitlines() if not l.startswith("#"))
assert m["feedgen_last_run_status"] == "7", m
assert m["feedgen_last_success_timestamp_seconds"] == sys.argv[3], (m, sys.argv[3])
assert int(m["feedgen_last_run_timestamp_seconds"]) > int(sys.argv[3]), m
assert m['feedgen_items{feed="tiktok"}'] == "21", m
print("ok")
PY
check "summary and metrics of the refused run read back ($(tail -1 "$T/py"))" test "$(tail -1 "$T/py")" = ok

# per-feed limits: the run allows 50%, tiktok keeps 20
python3 - "$T/shop/feedgen.json" "$T/shop/perfeed.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["publish"]["max_drop_percent"] = 50
c["feeds"][0]["publish"] = {"max_drop_percent": 20}
json.dump(c, open(sys.argv[2], "w"))
PY
cp "$T/half.json" "$T/shop/catalog.json"
"$fg" build --config "$T/shop/perfeed.json" -q 2>"$T/err"; rc=$?
check "feeds[0].publish.max_drop_percent refuses tiktok alone (exit $rc)" test $rc -eq 7
check "  ... and names it, not google" sh -c "grep -q \"feed 'tiktok' would have 21\" '$T/err' && ! grep -q \"feed 'google'\" '$T/err'"
check "  ... and nothing was replaced" same_as_first
"$fg" build --config "$T/shop/perfeed.json" -q --max-drop-percent 45 2>"$T/err"; rc=$?
check "--max-drop-percent on the command line overrides every feed's (exit $rc)" test $rc -eq 0
cp "$T/first/tiktok.csv" "$T/first/google.xml" "$T/shop/out/"

# --force publishes anyway, with a warning per limit
build half.json --force
check "--force publishes (exit $rc)" test $rc -eq 0
check "  ... with one warning per limit passed" test "$(grep -c '; published anyway (--force)$' "$T/err")" -eq 2
check "  ... the human line says so" has 'published with --force in' "$T/err"
check "  ... and the feed was replaced" sh -c "! cmp -s '$T/shop/out/tiktok.csv' '$T/first/tiktok.csv'"
check "  ... the summary records it" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["forced"] is True and s["published"] is True and s["exit_status"] == 0
assert [g["result"] for g in s["guard"] if g["limit"] == "max_drop_percent"] == ["forced", "forced"]
assert s["findings"]["by_rule"]["safety-guard"] == {"errors": 0, "warnings": 2}' "$T/shop/out/summary.json"
cp "$T/first/tiktok.csv" "$T/first/google.xml" "$T/shop/out/"

# an empty catalog: no valid item keeps exit 3, nothing replaced, the summary still written
rm -f "$T/shop/out/summary.json"
build empty.json
check "an empty catalog publishes nothing (exit $rc)" test $rc -eq 3
check "  ... the first run's files are byte-identical" same_as_first
check "  ... the summary tells the truth" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["exit_status"] == 3 and s["result"] == "failed" and s["published_paths"] == [] and s["guard"] == []' "$T/shop/out/summary.json"
build empty.json --allow-empty
check "--allow-empty over a published feed is still refused: 100% fewer (exit $rc)" test $rc -eq 7
check "  ... saying so" has "feed 'tiktok' would have 0 items, 100% fewer than the 35" "$T/err"
check "  ... and nothing was replaced" same_as_first

# max_rejected_percent: 6 of 21 products lost their images
build noimages.json --max-drop-percent 100
check "too many rejected items are refused (exit $rc)" test $rc -eq 7
check "  ... naming the share and the limit" \
	has "^feedgen: feed 'tiktok' rejected 1[0-9] of the catalog's 37 items \([0-9.]+%, more than publish.max_rejected_percent 10\): nothing was published$" "$T/err"
check "  ... and nothing was replaced" same_as_first
build noimages.json --max-drop-percent 100 --max-rejected-percent 50
check "--max-rejected-percent 50 lets it through (exit $rc)" test $rc -eq 0
cp "$T/first/tiktok.csv" "$T/first/google.xml" "$T/shop/out/"

# single-feed command-line builds: the same defaults, options spelled as options
cd "$T" || exit 1
single() { c=$1 o=$2; shift 2; "$fg" build --catalog "$T/$c" --channel tiktok --shop-url https://s.example --max-messages 0 --output "$o" "$@" 2>"$T/err"; rc=$?; }
single full.json one.csv --min-items 100
check "a single-feed build is guarded: --min-items 100 (exit $rc)" test $rc -eq 7
check "  ... the message names the option" has "^feedgen: the feed would have 35 items, fewer than --min-items 100: nothing was published$" "$T/err"
check "  ... and no file was created" test ! -e one.csv
single full.json one.csv
cp one.csv one.first
single half.json one.csv
check "a single-feed build that lost 40% is refused (exit $rc)" test $rc -eq 7
check "  ... with --max-drop-percent in the message" has "the 35 of 'one.csv' it replaces \(--max-drop-percent 20\)" "$T/err"
check "  ... and the file is byte-identical" cmp -s one.csv one.first
gzip -c one.first > one.csv
single half.json one.csv
check "the items of a gzip feed it replaces are counted" has "fewer than the 35 of 'one.csv'" "$T/err"
single empty.json fresh.csv --allow-empty
check "--allow-empty on a first run publishes the empty feed (min_items 0; exit $rc)" sh -c "test $rc -eq 0 && test \$(wc -l < fresh.csv) -eq 1"
printf 'not,a\n"broken\n' > broken.csv
single full.json broken.csv
check "a file it replaces that cannot be read stops the run (exit $rc)" sh -c "test $rc -eq 3 && grep -q \"cannot count the items of 'broken.csv'\" '$T/err'"
single full.json broken.csv --force
check "  ... --force publishes without the drop check (exit $rc)" sh -c "test $rc -eq 0 && grep -q 'without the drop check' '$T/err'"
single full.json - --min-items 0 >/dev/null
check "standard output has no file to compare with (exit $rc)" test $rc -eq 0
"$fg" build --help | grep -q '7 publish refused by the safety guard'
check "build --help documents exit 7" test $? -eq 0
"$fg" build --catalog "$T/full.json" --channel meta --format tsv --shop-url https://s.example -q --output m.tsv 2>/dev/null
"$fg" build --catalog "$T/half.json" --channel meta --format tsv --shop-url https://s.example -q --output m.tsv 2>"$T/err"; rc=$?
check "the rows of a TSV feed it replaces are counted (exit $rc)" has "fewer than the 35 of 'm.tsv'" "$T/err"
single full.json p.csv --report r.json --summary s.json
check "published_paths lists the feed and the report" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["published_paths"] == ["p.csv", "r.json"], s["published_paths"]
assert [f["name"] for f in s["feeds"]] == ["feed"], s["feeds"]' s.json
cat > odd.json <<JSON
{"shop": {"url": "https://s.example"}, "catalog": {"path": "full.json"},
 "feeds": [{"name": "we\"ird\\\\name", "channel": "tiktok", "output": "odd.csv"}]}
JSON
"$fg" build --config odd.json -q --metrics odd.prom 2>"$T/err"; rc=$?
check "a feed name is escaped in the metrics label (exit $rc)" python3 -c '
import sys
lines = open(sys.argv[1]).read().splitlines()
assert "feedgen_items{feed=\"we\\\"ird\\\\name\"} 35" in lines, lines' odd.prom
suite_end
