#!/bin/sh
# tests/diff/run_tests.sh: the change report (issue 11, item 3): `feedgen diff` on known pairs
# in every format and channel (TikTok CSV, Google XML, Meta TSV with a quantity column), text
# read line by line and JSON read back with python3; an identical pair, an empty old feed,
# duplicate ids, malformed feeds (exit 3 naming the file and line), usage errors, --exit-code,
# --max-list, gzip; and two `build --config` runs whose summary JSON holds each feed's diff.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=diff tag="diff: "
. tests/lib/check.sh
D=$top/tests/diff
run() { # feedgen diff ARGS: stdout in $T/out, stderr in $T/err, status in $rc
	"$fg" diff "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
export SOURCE_DATE_EPOCH=1780000000

# ---- the known pair, in each format and channel ----
# OLD -> NEW: A1 price 10 -> 8, A2 sale 15 -> 12, A3 in -> out of stock, A4 enters low stock,
# A5 leaves it, A6 a new title, A7 the same, A8 removed, B1 added
cat > "$T/tiktok.txt" <<'EOF'
1 added, 1 removed, 6 changed (2 price, 1 availability, 1 entered low stock, 1 left low stock), 1 unchanged
added (1):
  B1: 5.50 USD, in stock
removed (1):
  A8: 80.00 USD, out of stock
changed (6):
  A1: price 10.00 USD -> 8.00 USD
  A2: sale price 15.00 USD -> 12.00 USD
  A3: availability in stock -> out of stock
  A4: entered low stock; other fields
  A5: left low stock; other fields
  A6: other fields
EOF
run "$D/tiktok-old.csv" "$D/tiktok-new.csv"
check "tiktok CSV: exit 0 although they differ (exit $rc)" test $rc -eq 0
check "tiktok CSV: the text report, line for line" cmp -s "$T/out" "$T/tiktok.txt"
check "tiktok CSV: nothing on stderr" test ! -s "$T/err"
# Google's availability spelling; no custom_label_1 in this feed, so A4 and A5 change nothing else
sed -e 's/in stock/in_stock/g; s/out of stock/out_of_stock/g; s/low stock; other fields/low stock/' "$T/tiktok.txt" > "$T/google.txt"
run "$D/google-old.xml" "$D/google-new.xml"
check "google XML: the text report, line for line (exit $rc)" cmp -s "$T/out" "$T/google.txt"
# Meta's quantity_to_sell_on_facebook: A4 10 -> 3 enters low stock, A5 2 -> 9 leaves it
run "$D/meta-old.tsv" "$D/meta-new.tsv"
check "meta TSV: the text report, line for line (exit $rc)" cmp -s "$T/out" "$T/tiktok.txt"

json_check() { # $1 json file, $2 channel, $3 format, $4 availability spellings in/out
	python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); ch, fmt = sys.argv[2], sys.argv[3]
yes, no = sys.argv[4].split("/")
assert d["channel"] == ch and d["old"]["format"] == fmt and d["new"]["format"] == fmt, (d["channel"], d["old"])
s = d["summary"]
assert s == {"added": 1, "removed": 1, "changed": 6, "price_changed": 2, "availability_changed": 1,
             "low_stock_entered": 1, "low_stock_left": 1, "unchanged": 1, "old_items": 8, "new_items": 8,
             "duplicates_old": 0, "duplicates_new": 0, "without_id_old": 0, "without_id_new": 0}, s
assert d["added"] == [{"id": "B1", "line": d["added"][0]["line"], "price": "5.50 USD", "sale_price": None,
                       "availability": yes, "low_stock": False}], d["added"]
assert d["removed"] == [{"id": "A8", "price": "80.00 USD", "sale_price": None, "availability": no,
                         "low_stock": False}], d["removed"]
c = {x["id"]: x for x in d["changed"]}
assert list(c) == ["A1", "A2", "A3", "A4", "A5", "A6"], list(c)
assert c["A1"]["changes"] == ["price"] and c["A1"]["price"] == {"old": "10.00 USD", "new": "8.00 USD"}, c["A1"]
assert c["A2"]["changes"] == ["sale_price"] and c["A2"]["sale_price"] == {"old": "15.00 USD", "new": "12.00 USD"}, c["A2"]
assert "price" not in c["A2"], c["A2"]
assert c["A3"]["availability"] == {"old": yes, "new": no}, c["A3"]
assert c["A4"]["changes"][0] == "low_stock_entered" and c["A4"]["low_stock"] == {"old": False, "new": True}, c["A4"]
assert c["A5"]["changes"][0] == "low_stock_left" and c["A5"]["low_stock"] == {"old": True, "new": False}, c["A5"]
assert c["A6"]["changes"] == ["other"], c["A6"]
assert d["duplicates"] == [], d["duplicates"]
PY
}
run "$D/tiktok-old.csv" "$D/tiktok-new.csv" --report-format json
check "tiktok CSV: the JSON report read back (exit $rc)" json_check "$T/out" tiktok CSV "in stock/out of stock"
run "$D/google-old.xml" "$D/google-new.xml" --report-format json
check "google XML: the JSON report read back (exit $rc)" json_check "$T/out" google XML "in_stock/out_of_stock"
run "$D/meta-old.tsv" "$D/meta-new.tsv" --report-format json
check "meta TSV: the JSON report read back (exit $rc)" json_check "$T/out" meta TSV "in stock/out of stock"
run "$D/meta-old.tsv" "$D/meta-new.tsv" --report-format json --channel meta
check "--channel meta gives the same report as detection" json_check "$T/out" meta TSV "in stock/out of stock"
run "$D/meta-old.tsv" "$D/meta-new.tsv" --low-stock 2
check "--low-stock 2: quantity 3 is not low stock, 2 was (A4 still changed: its quantity)" has '^1 added, 1 removed, 6 changed \(2 price, 1 availability, 0 entered low stock, 1 left low stock\)' "$T/out"
gzip -c "$D/tiktok-old.csv" > "$T/old.csv.gz"
run "$T/old.csv.gz" "$D/tiktok-new.csv"
check "a gzip OLD is read through zlib (exit $rc)" cmp -s "$T/out" "$T/tiktok.txt"

# ---- identical, empty, --exit-code, --max-list ----
run "$D/tiktok-new.csv" "$D/tiktok-new.csv" --exit-code
check "the same file twice: 0 changes, 8 unchanged, exit 0 with --exit-code (exit $rc)" sh -c \
	"test $rc -eq 0 && test \"\$(cat '$T/out')\" = '0 added, 0 removed, 0 changed (0 price, 0 availability, 0 entered low stock, 0 left low stock), 8 unchanged'"
run "$D/tiktok-old.csv" "$D/tiktok-new.csv" --exit-code
check "--exit-code: 1 when the feeds differ (exit $rc)" test $rc -eq 1
run "$D/empty.csv" "$D/tiktok-new.csv" --report-format json
check "an empty (0-byte) OLD: every item added (exit $rc)" python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); s = d["summary"]
assert d["old"]["format"] == "empty" and d["channel"] == "tiktok", d["old"]
assert (s["added"], s["removed"], s["changed"], s["old_items"]) == (8, 0, 0, 0), s
assert [a["id"] for a in d["added"]] == ["A1", "A2", "B1", "A3", "A4", "A5", "A6", "A7"], d["added"]
assert d["added"][1]["sale_price"] == "12.00 USD" and d["added"][4]["low_stock"] is True, d["added"]' "$T/out"
run "$D/tiktok-old.csv" "$D/header-only.csv"
check "a NEW of only a header: every item removed (exit $rc)" has '^0 added, 8 removed, 0 changed .* 0 unchanged$' "$T/out"
run "$D/empty.csv" "$D/empty.csv"
check "two empty feeds: nothing to compare, exit 0 (exit $rc)" has '^0 added, 0 removed, 0 changed .* 0 unchanged$' "$T/out"
run "$D/empty.csv" "$D/tiktok-new.csv" --max-list 2
check "--max-list 2 cuts the text list and says how many more" sh -c "test \$(grep -c '^  [A-Z]' '$T/out') -eq 2 && grep -q '^  \.\.\. and 6 more (--max-list 0 lists all)$' '$T/out'"
run "$D/empty.csv" "$D/tiktok-new.csv" --max-list 1 --report-format json
check "--max-list 1 in JSON: one item listed, the counts whole" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["added"]) == 1 and d["summary"]["added"] == 8, d' "$T/out"

# ---- standard input, ids that are not UTF-8 ----
"$fg" diff - "$D/tiktok-new.csv" < "$D/tiktok-old.csv" > "$T/out" 2>"$T/err"; rc=$?
check "OLD from standard input, the channel detected from NEW (exit $rc)" cmp -s "$T/out" "$T/tiktok.txt"
"$fg" diff - "$D/empty.csv" < "$D/tiktok-old.csv" > "$T/out" 2>"$T/err"; rc=$?
check "  ... nothing to detect it from: exit 2, asks for --channel (exit $rc)" sh -c "test $rc -eq 2 && grep -q \"give --channel to compare '-'\" '$T/err'"
"$fg" diff - "$D/empty.csv" --channel tiktok < "$D/tiktok-old.csv" > "$T/out" 2>"$T/err"; rc=$?
check "  ... with --channel: every item removed (exit $rc)" has '^0 added, 8 removed, ' "$T/out"
printf 'sku_id,title,price\ncaf\351,Latin-1,1.00 EUR\n' > "$T/latin1.csv"
run "$D/empty.csv" "$T/latin1.csv" --channel tiktok --report-format json
check "an id that is not UTF-8 is kept in JSON, its byte escaped (exit $rc)" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [a["id"] for a in d["added"]] == ["caf\\xe9"] and d["added"][0]["price"] == "1.00 EUR", d["added"]' "$T/out"
run "$D/empty.csv" "$T/latin1.csv" --channel tiktok
check "  ... and in text" has '^  caf\\xe9: 1.00 EUR, none$' "$T/out"

printf 'sku_id,title,price,sale_price,availability\nX1,a,12.5,abc,weird\nX2,b,7 JPY,,in stock\n' > "$T/odd.csv"
run "$D/empty.csv" "$T/odd.csv" --channel tiktok
check "a bare price, a value that is no price and an unknown availability are shown as such" sh -c \
	"grep -q '^  X1: 12.50 (sale not a price), not a channel value\$' '$T/out' && grep -q '^  X2: 7 JPY, in stock\$' '$T/out'"

# ---- duplicate ids are reported, not fatal ----
run "$D/dup-old.csv" "$D/dup-new.csv" --report-format json
check "duplicate ids: exit 0 (exit $rc)" test $rc -eq 0
check "  ... listed with their feed and line; the empty id counted" python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); s = d["summary"]
assert d["duplicates"] == [{"id": "D1", "feed": "old", "line": 4}, {"id": "D2", "feed": "new", "line": 5}], d["duplicates"]
assert (s["duplicates_old"], s["duplicates_new"], s["without_id_old"], s["old_items"], s["new_items"]) == (1, 1, 1, 4, 4), s
# the first of each id is compared: D1 (1.00) and D2 (in stock) unchanged, D3 added
assert (s["added"], s["removed"], s["changed"], s["unchanged"]) == (1, 0, 0, 2), s' "$T/out"
check "  ... and a warning per feed on stderr" sh -c "grep -q \"^feedgen: warning: feed '.*dup-old.csv' repeats an id 1 time: the first item of each id is compared\$\" '$T/err' && grep -q 'dup-new.csv. repeats an id 1 time' '$T/err'"
run "$D/dup-old.csv" "$D/dup-new.csv"
check "  ... and in the text report" has '^  D2: again in NEW line 5 \(the first is compared\)$' "$T/out"

# ---- unreadable and malformed feeds: exit 3, file and line ----
run "$D/bad.csv" "$D/tiktok-new.csv"
check "a CSV with an unterminated quote: exit 3 (exit $rc)" test $rc -eq 3
check "  ... naming the file, the line and what was expected" has "^feedgen: feed '.*bad.csv' line 3: unterminated quoted field \(no closing quote" "$T/err"
check "  ... and nothing on stdout" test ! -s "$T/out"
run "$D/google-old.xml" "$D/bad.xml"
check "malformed XML as NEW: exit 3 with the line and column (exit $rc)" sh -c \
	"test $rc -eq 3 && grep -q \"^feedgen: feed '.*bad.xml' line 9 column [0-9]*: Opening and ending tag mismatch\" '$T/err'"
printf 'just,some\ntext,here\n' > "$T/noheader.csv"
run "$T/noheader.csv" "$D/tiktok-new.csv"
check "a CSV naming no attribute of the channel: exit 3, said once (exit $rc)" sh -c \
	"test $rc -eq 3 && test \$(grep -c \"no header row naming TikTok catalog attributes (such as sku_id)\" '$T/err') -eq 1"
run "$T/nosuch.csv" "$D/tiktok-new.csv"
check "a missing OLD: exit 3, said once (exit $rc)" sh -c "test $rc -eq 3 && test \$(grep -c nosuch.csv '$T/err') -eq 1"

# ---- usage ----
run "$D/tiktok-old.csv"
check "one feed: exit 2 (exit $rc)" sh -c "test $rc -eq 2 && grep -q 'diff compares two feeds: feedgen diff OLD NEW' '$T/err'"
run
check "no feed: exit 2 (exit $rc)" test $rc -eq 2
run "$D/tiktok-old.csv" "$D/tiktok-new.csv" "$D/tiktok-new.csv"
check "three feeds: exit 2 (exit $rc)" test $rc -eq 2
run "$D/tiktok-old.csv" "$D/tiktok-new.csv" --report-format junit
check "--report-format junit: exit 2 (exit $rc)" sh -c "test $rc -eq 2 && grep -q 'diff writes text or json' '$T/err'"
run "$D/tiktok-old.csv" "$D/tiktok-new.csv" --channel tiktok --channel meta
check "--channel twice: exit 2 (exit $rc)" test $rc -eq 2
run "$D/tiktok-old.csv" "$D/tiktok-new.csv" --channel nosuch
check "an unknown channel: exit 2 (exit $rc)" test $rc -eq 2
run "$D/tiktok-old.csv" "$D/tiktok-new.csv" --output x
check "a build option: exit 2 (exit $rc)" sh -c "test $rc -eq 2 && grep -q \"unknown option '--output' for 'diff'\" '$T/err'"
run --help
check "diff --help: exit 0, the usage and --exit-code (exit $rc)" sh -c "test $rc -eq 0 && grep -q '^usage: feedgen diff OLD NEW' '$T/out' && grep -q -- '--exit-code' '$T/out'"
"$fg" --help | grep -q '^  diff '
check "feedgen --help lists diff" test $? -eq 0

# ---- every build compares each feed with the file it replaces ----
python3 - "$top/samples/catalog.json" "$T" <<'PY'
import json, sys, copy
c = json.load(open(sys.argv[1])); d = sys.argv[2]
json.dump(c, open(d + "/first.json", "w"))
p = copy.deepcopy(c["products"])
def variant(sku):
    for x in p:
        for v in x["variants"]:
            if v.get("sku") == sku:
                return v
variant("NW-CAP-OLV")["price"] = "19.00"               # a sale price (compare_at 24.00)
variant("KY-TENUGUI-FUJI")["inventory_quantity"] = 0   # in stock -> out of stock
variant("AG-LANTERN-GLOW")["inventory_quantity"] = 20  # 5: leaves low stock
variant("NW-MUG-CREME")["inventory_quantity"] = 2      # 30: enters low stock
json.dump(dict(c, products=[x for x in p if x["handle"] != "summit-45l-trekking-backpack"]), open(d + "/second.json", "w"))
json.dump(dict(c, products=p[:len(p) // 2]), open(d + "/half.json", "w"))
PY
mkdir -p "$T/shop/out"
cat > "$T/shop/feedgen.json" <<'JSON'
{
  "shop": {"url": "https://northwind.example"},
  "catalog": {"path": "catalog.json"},
  "publish": {"summary": "out/summary.json"},
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
diffs() { # $1: python literal of the expected (name, previous, added, removed, changed, price, availability, entered, left, unchanged)
	python3 -c '
import json, sys
s = json.load(open(sys.argv[1])); want = eval(sys.argv[2])
got = [(f["name"], f["diff"]["previous"]) + tuple(f["diff"][k] for k in ("added", "removed", "changed", "price_changed",
       "availability_changed", "low_stock_entered", "low_stock_left", "unchanged")) for f in s["feeds"]]
assert got == want, (got, want)' "$T/shop/out/summary.json" "$1"
}
build first.json
check "first build: every feed's diff says previous false, all added (exit $rc)" \
	diffs '[("tiktok", False, 35, 0, 0, 0, 0, 0, 0, 0), ("google", False, 34, 0, 0, 0, 0, 0, 0, 0)]'
cp "$T/shop/out/tiktok.csv" "$T/tiktok-first.csv"
build second.json --verbose
check "second build: prices, availability, low stock and the removed item in feeds[].diff (exit $rc)" \
	diffs '[("tiktok", True, 0, 1, 4, 1, 1, 1, 1, 30), ("google", True, 0, 1, 4, 1, 1, 1, 1, 29)]'
check "  ... one --verbose line per feed" has "^feedgen: google: against the 34 items of '.*google.xml': 0 added, 1 removed, 4 changed \(1 price, 1 availability, 1 entered low stock, 1 left low stock\), 29 unchanged$" "$T/err"
run "$T/tiktok-first.csv" "$T/shop/out/tiktok.csv" --report-format json
check "  ... the same counts as feedgen diff of the two published files" python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))["feeds"][0]["diff"]
assert all(d["summary"][k] == s[k] for k in d["summary"]), (d["summary"], s)
assert [c["id"] for c in d["changed"]] == ["NW-CAP-OLV", "KY-TENUGUI-FUJI", "AG-LANTERN-GLOW", "NW-MUG-CREME"], d["changed"]
assert d["changed"][0]["sale_price"] == {"old": None, "new": "19.00 USD"}, d["changed"][0]
assert [r["id"] for r in d["removed"]] == ["NW-SUMMIT-45"], d["removed"]' "$T/out" "$T/shop/out/summary.json"
build half.json
check "a refused build (exit $rc) still reports what it would have changed" sh -c \
	"test $rc -eq 7 && python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))[\"feeds\"][0][\"diff\"]; assert f[\"previous\"] and f[\"removed\"] > 10, f' '$T/shop/out/summary.json'"
check "  ... and the guard's drop check counted the replaced file as the diff did" has "the 34 of '.*tiktok.csv' it replaces" "$T/err"
"$fg" build --catalog "$T/first.json" --channel tiktok --shop-url https://s.example --output - --summary "$T/s.json" -q >/dev/null 2>&1
check "a build to standard output has no diff (null)" python3 -c '
import json, sys
assert json.load(open(sys.argv[1]))["feeds"][0]["diff"] is None' "$T/s.json"

# ---- issue 12: the change report without reading the feeds back (diff_capture.h, feed_digest.h) ----
# NEW's side is taken while writing; OLD's from the digest the run before left in
# .feedgen/digest/NAME when it still describes the file in place, else from the file. Either
# way the counts must be feedgen diff's of the two files.
mkdir -p "$T/fast/out"
sed -e 's/"publish": {/"publish": {"keep": 2, /' "$T/shop/feedgen.json" > "$T/fast/feedgen.json"
fbuild() { # $1: catalog, then options: stderr in $T/err, exit status in $rc
	cp "$T/$1" "$T/fast/catalog.json"
	shift
	"$fg" build --config "$T/fast/feedgen.json" --max-messages 0 --verbose "$@" 2>"$T/err"
	rc=$?
}
same_as_diff() { # $1: summary feed index, $2: OLD copy, $3: NEW published file: the build's counts are feedgen diff's
	"$fg" diff "$2" "$3" --report-format json > "$T/fd.json" 2>/dev/null &&
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["summary"]; s = json.load(open(sys.argv[2]))["feeds"][int(sys.argv[3])]["diff"]
assert s["previous"] is True, s
assert all(d[k] == s[k] for k in d), (d, s)
assert s["changed"] or s["added"] or s["removed"], s' "$T/fd.json" "$T/fast/out/summary.json" "$1"
}
keep_first() { cp "$T/fast/out/tiktok.csv" "$T/k-tiktok.csv"; cp "$T/fast/out/google.xml" "$T/k-google.xml"; }
reads() { grep -c "reading '.*' for the change report (its digest: $1)" "$T/err"; }
D1=$T/fast/out/.feedgen/digest
fbuild first.json
check "a build leaves a digest of each feed in .feedgen/digest/NAME (exit $rc)" sh -c \
	"test $rc -eq 0 && head -c 8 '$D1/tiktok.csv' | grep -qx FGDIGEST && head -c 8 '$D1/google.xml' | grep -qx FGDIGEST"
check "  ... the first build has nothing to read (no file to replace)" test "$(reads '.*')" -eq 0
keep_first
fbuild second.json
check "with the digest: no feed is read back (exit $rc)" sh -c "test $rc -eq 0 && test \$(grep -c 'for the change report' '$T/err') -eq 0"
check "  ... tiktok CSV: the counts are feedgen diff's of the two files" same_as_diff 0 "$T/k-tiktok.csv" "$T/fast/out/tiktok.csv"
check "  ... google XML: the counts are feedgen diff's of the two files" same_as_diff 1 "$T/k-google.xml" "$T/fast/out/google.xml"
check "  ... the digest describes the new files (it is rewritten)" sh -c "! cmp -s '$D1/tiktok.csv' /dev/null"
fbuild first.json
keep_first
rm -f "$D1/tiktok.csv" "$D1/google.xml"
fbuild second.json
check "without a digest: each feed is read, said with --verbose (exit $rc)" test "$(reads 'no digest')" -eq 2
check "  ... tiktok CSV: the same counts" same_as_diff 0 "$T/k-tiktok.csv" "$T/fast/out/tiktok.csv"
check "  ... google XML: the same counts" same_as_diff 1 "$T/k-google.xml" "$T/fast/out/google.xml"
# both read at once (a thread each): their messages still come in feed order
fbuild first.json
rm -f "$D1/tiktok.csv" "$D1/google.xml"
printf 'sku_id,title\n"A1,unterminated\n' > "$T/fast/out/tiktok.csv"
head -c 300 "$D/google-old.xml" > "$T/fast/out/google.xml"
fbuild second.json
check "two unreadable feeds read at once: the run is refused (exit $rc)" test $rc -ne 0
check "  ... each named once, tiktok's message before google's" python3 -c '
import sys
e = open(sys.argv[1]).read().splitlines()
t = [i for i, l in enumerate(e) if "tiktok.csv" in l and " line " in l and "reading" not in l]
g = [i for i, l in enumerate(e) if "google.xml" in l and " line " in l and "reading" not in l]
assert len(t) >= 1 and len(g) >= 1 and max(t) < min(g), e' "$T/err"
fbuild first.json --force
# a feed edited by hand: a price changed in place, the size kept
fbuild first.json
sed -i -e 's/,24\.00 USD,/,23.00 USD,/' "$T/fast/out/tiktok.csv"
keep_first
fbuild second.json
check "a feed edited by hand: its digest is not used (exit $rc)" test "$(reads 'the feed changed since its digest was written')" -eq 1
check "  ... the counts are against the edited file" same_as_diff 0 "$T/k-tiktok.csv" "$T/fast/out/tiktok.csv"
# a rollback puts the files of the run before back (hard links from .feedgen/history/)
fbuild second.json
fbuild first.json
"$fg" rollback --config "$T/fast/feedgen.json" -q 2>"$T/err"; rc=$?
check "rollback to the second catalog's files (exit $rc)" test $rc -eq 0
keep_first
fbuild first.json
check "after a rollback the digest (of the rolled-back files) is not used" test "$(reads 'the feed changed since its digest was written')" -eq 2
check "  ... tiktok CSV: the counts are against the restored file" same_as_diff 0 "$T/k-tiktok.csv" "$T/fast/out/tiktok.csv"
check "  ... google XML: the counts are against the restored file" same_as_diff 1 "$T/k-google.xml" "$T/fast/out/google.xml"
# damaged digests: truncated, a byte changed, garbage, another version (v1: the format before
# the 32-bit hashes of issue 12, whose records would not compare; v2: FNV-1a row hashes where
# version 3 has XXH3: an upgraded feedgen reads the feed once, with the same counts)
for damage in truncate flip garbage version v1 v2; do
	fbuild second.json
	keep_first
	python3 - "$D1/tiktok.csv" "$damage" <<'PY'
import sys
p, how = sys.argv[1], sys.argv[2]
b = bytearray(open(p, "rb").read())
if how == "truncate": b = b[:len(b) // 2]
elif how == "flip": b[len(b) // 2] ^= 1
elif how == "garbage": b = bytearray(b"not a digest at all\n" * 10)
elif how == "v1": b[8] = 1
elif how == "v2": b[8] = 2
else: b[8] = 9
open(p, "wb").write(bytes(b))
PY
	fbuild first.json
	case $damage in truncate) why=truncated ;; flip) why="damaged (checksum)" ;; garbage) why='not a digest' ;; *) why='another version' ;; esac
	check "a digest $damage: not used, said why (exit $rc)" sh -c "test $rc -eq 0 && test \$(grep -c \"tiktok: reading '.*' for the change report (its digest: $why)\" '$T/err') -eq 1"
	check "  ... the counts from the file are feedgen diff's" same_as_diff 0 "$T/k-tiktok.csv" "$T/fast/out/tiktok.csv"
done
# another low-stock threshold: the digest's low-stock flags no longer apply
fbuild second.json
keep_first
fbuild first.json --low-stock 3
check "another --low-stock: the digest is not used" test "$(reads 'another template or urgency options')" -eq 2
# a digest that cannot be written fails the run like any output file: nothing published
failed=0; bad=0
for step in open fsync; do
	fbuild second.json
	rm -rf "$T/before"
	cp -r "$T/fast/out" "$T/before"
	cp "$T/first.json" "$T/fast/catalog.json"
	n=0
	while :; do
		n=$((n + 1))
		FEEDGEN_FAIL_IO=$step:$n "$fg" build --config "$T/fast/feedgen.json" -q 2>"$T/err"; rc=$?
		[ $rc -eq 0 ] && break
		if grep -q "digest" "$T/err"; then
			failed=$((failed + 1))
			[ $rc -eq 5 ] && diff -r -x summary.json "$T/before" "$T/fast/out" >/dev/null && ! ls -a "$D1" | grep -q tmp || { bad=$((bad + 1)); echo "# $step:$n exit $rc"; diff -r -x summary.json "$T/before" "$T/fast/out" | head -5; }
		fi
		[ $n -gt 60 ] && break
	done
done
check "a digest that cannot be opened or synced: exit 5, every file as it was, no temporary ($failed runs, $bad bad)" sh -c "test $failed -ge 1 && test $bad -eq 0"
# gzip and split feeds (feed_parts.h): their files (the .gz file, the parts) are compared, with
# and without a digest; the counts are those of the same feeds written plain (above)
mkdir -p "$T/parts/out"
sed -e 's|"output": "out/tiktok.csv"}|"output": "out/tiktok.csv", "gzip": true}|' \
    -e 's|"output": "out/google.xml"}|"output": "out/google.xml", "max_items": 10}|' "$T/fast/feedgen.json" > "$T/parts/feedgen.json"
pbuild() {
	cp "$T/$1" "$T/parts/catalog.json"
	shift
	"$fg" build --config "$T/parts/feedgen.json" --max-messages 0 --verbose "$@" 2>"$T/err"
	rc=$?
}
pdiffs() {
	python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
got = [(f["diff"]["previous"],) + tuple(f["diff"][k] for k in ("added", "removed", "changed", "price_changed",
       "availability_changed", "low_stock_entered", "low_stock_left", "unchanged")) for f in s["feeds"]]
assert got == [(True, 0, 1, 4, 1, 1, 1, 1, 30), (True, 0, 1, 4, 1, 1, 1, 1, 29)], got' "$T/parts/out/summary.json"
}
pbuild first.json
check "gzip and split feeds: written as tiktok.csv.gz and google-1..4.xml (exit $rc)" sh -c \
	"test $rc -eq 0 && test -f '$T/parts/out/tiktok.csv.gz' && test -f '$T/parts/out/google-4.xml' && test -f '$T/parts/out/.feedgen/digest/google.xml'"
pbuild second.json
check "  ... with their digests: nothing read (exit $rc)" sh -c "test \$(grep -c 'for the change report' '$T/err') -eq 0"
check "  ... the counts of the same feeds written plain" pdiffs
pbuild first.json
rm -f "$T/parts/out/.feedgen/digest/"*
pbuild second.json
check "  ... without digests: the .gz file and the 4 parts are read, the same counts (exit $rc)" sh -c \
	"test \$(grep -c 'for the change report (its digest: no digest)' '$T/err') -eq 2"
check "  ... the counts" pdiffs
# a TSV feed turns tabs and line breaks into spaces and is trimmed when read: NEW's values are
# compared as they are read back, so an unchanged catalog is unchanged without a digest too
mkdir -p "$T/tsv/out"
python3 - "$T/first.json" "$T/tsv/catalog.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
for i, p in enumerate(c["products"]):
    p["body_html"] = "<p>Line one of %d</p>\n<p>Line\ttwo </p><br>  " % i
json.dump(c, open(sys.argv[2], "w"))
PY
cat > "$T/tsv/feedgen.json" <<'JSON'
{"shop": {"url": "https://northwind.example"}, "catalog": {"path": "catalog.json"},
 "publish": {"summary": "out/summary.json", "keep": 0},
 "feeds": [{"name": "meta", "channel": "meta", "format": "tsv", "output": "out/meta.tsv"},
           {"name": "google", "channel": "google", "format": "tsv", "output": "out/google.tsv"}]}
JSON
"$fg" build --config "$T/tsv/feedgen.json" -q 2>/dev/null
rm -f "$T/tsv/out/.feedgen/digest/"*
"$fg" build --config "$T/tsv/feedgen.json" -q --force 2>"$T/err"; rc=$?
check "TSV feeds with multi-line descriptions, read back: all unchanged (exit $rc)" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
for f in s["feeds"]:
    d = f["diff"]
    assert d["previous"] and d["unchanged"] == d["new_items"] > 0 and d["changed"] == 0, (f["name"], d)' "$T/tsv/out/summary.json"
check "  ... the descriptions do have line breaks and tabs made spaces" grep -q 'Line one of 0 Line two' "$T/tsv/out/meta.tsv"
suite_end
