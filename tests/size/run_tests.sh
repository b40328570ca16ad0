#!/bin/sh
# tests/size/run_tests.sh: gzip and split (issue 11, item 4; feedgen/feed_parts.c). Every part of
# a split feed read back on its own (xmllint for XML, Python's csv and gzip modules for CSV/TSV)
# with its header, and all parts together hold every item of the unsplit build exactly once, in
# order; no part passes max_bytes; the index lists exactly the parts; a run with fewer parts, an
# unsplit run and a gzip switch remove what the previous run published and this one does not; a
# failed run (FEEDGEN_FAIL_IO) leaves every part byte-identical; the safety guard counts a split
# and a gzipped previous feed; the gzip level reaches zlib; limits from a channel template.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=size tag="size: "
. tests/lib/check.sh
export SOURCE_DATE_EPOCH=1780000000
CAT=$top/samples/catalog.json
SHOP="--shop-url https://northwind.example --currency EUR --max-messages 0"
O=$T/out
mkdir -p "$O"
build() { # channel, output, options...; stderr in $T/err, status in $rc
	ch=$1 out=$2; shift 2
	"$fg" build --catalog "$CAT" $SHOP --channel "$ch" --output "$out" "$@" 2>"$T/err"
	rc=$?
}

# read.py KIND FILE...: the ids of each file in order (one line per file: "N id id ...") after
# checking that it is complete on its own; KIND csv, tsv or xml; .gz files through gzip.
cat > "$T/read.py" <<'PY'
import csv, gzip, io, subprocess, sys
kind, files = sys.argv[1], sys.argv[2:]
for f in files:
    data = gzip.open(f).read() if f.endswith(".gz") else open(f, "rb").read()
    if kind == "xml":
        p = subprocess.run(["xmllint", "--noout", "--nonet", "-"], input=data)
        if p.returncode:
            sys.exit(f + ": xmllint refused it")
        import xml.etree.ElementTree as ET
        root = ET.fromstring(data)
        ids = [i.findtext("{http://base.google.com/ns/1.0}id") for i in root.iter("item")]
        print(len(ids), " ".join(ids), "header=" + root.find("channel").findtext("title").replace(" ", "_"))
    else:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter="," if kind == "csv" else "\t"))
        print(len(rows) - 1, " ".join(r[0] for r in rows[1:]), "header=" + "|".join(rows[0]).replace(" ", "_"))
PY
ids_of() { python3 "$T/read.py" "$@" | awk '{ for (i = 2; i < NF; i++) print $i }'; }
headers_of() { python3 "$T/read.py" "$@" | awk '{ print $NF }' | sort -u | wc -l; }
parts_listed() { (cd "$(dirname "$1")" && ls | grep -E "^$(basename "$2")-[0-9]+\\.$3\$" | sort -t- -k2 -n); }

# the unsplit builds every split is compared with
build tiktok "$O/full.csv"; build google "$O/full.xml"; build meta "$O/full.tsv"
check "the unsplit builds succeed" test $rc -eq 0
ids_of csv "$O/full.csv" > "$T/ids.csv"; ids_of xml "$O/full.xml" > "$T/ids.xml"; ids_of tsv "$O/full.tsv" > "$T/ids.tsv"
check "the sample has 35 items" test "$(wc -l < "$T/ids.csv")" -eq 35

# CSV split by items
build tiktok "$O/t.csv" --max-items 10
check "--max-items 10: exit 0" test $rc -eq 0
check "--max-items 10: 4 parts, listed in order by the index" test "$(cat "$O/t-parts.txt" | tr '\n' ' ')" = "t-1.csv t-2.csv t-3.csv t-4.csv "
check "--max-items 10: no plain t.csv, no t-5.csv" test ! -e "$O/t.csv" -a ! -e "$O/t-5.csv"
python3 "$T/read.py" csv "$O"/t-1.csv "$O"/t-2.csv "$O"/t-3.csv "$O"/t-4.csv | awk '{print $1}' > "$T/counts"
check "--max-items 10: parts of 10, 10, 10, 5 items" test "$(tr '\n' ' ' < "$T/counts")" = "10 10 10 5 "
ids_of csv "$O"/t-1.csv "$O"/t-2.csv "$O"/t-3.csv "$O"/t-4.csv > "$T/got"
check "--max-items 10: the parts hold every item once, in the unsplit order" cmp -s "$T/got" "$T/ids.csv"
check "--max-items 10: every part has the same header as the unsplit feed" test "$(headers_of csv "$O"/t-*.csv "$O/full.csv")" -eq 1
check "--max-items 10: stderr says where the parts are" has "split '.*t.csv' into 4 parts of 35 items in all, listed in '.*t-parts.txt'" "$T/err"
check "the record of the run's files is in .feedgen/parts/, not beside the feeds" \
	test "$(tr '\n' ' ' < "$O/.feedgen/parts/t.csv")" = "t-1.csv t-2.csv t-3.csv t-4.csv t-parts.txt "

# a second run with fewer parts removes the extra ones; an unsplit one removes them all
build tiktok "$O/t.csv" --max-items 20
check "--max-items 20 after 10: 2 parts, t-3.csv and t-4.csv removed" \
	test $rc -eq 0 -a -e "$O/t-2.csv" -a ! -e "$O/t-3.csv" -a ! -e "$O/t-4.csv"
check "--max-items 20: the index lists exactly the 2 parts" test "$(cat "$O/t-parts.txt" | tr '\n' ' ')" = "t-1.csv t-2.csv "
ids_of csv "$O"/t-1.csv "$O"/t-2.csv > "$T/got"
check "--max-items 20: every item once" cmp -s "$T/got" "$T/ids.csv"
build tiktok "$O/t.csv"
check "an unsplit run after a split one: t.csv, no parts, no index" \
	test $rc -eq 0 -a -e "$O/t.csv" -a ! -e "$O/t-1.csv" -a ! -e "$O/t-2.csv" -a ! -e "$O/t-parts.txt"
check "the unsplit t.csv is the unsplit build" cmp -s "$O/t.csv" "$O/full.csv"
build tiktok "$O/t.csv" --max-items 30
check "a split run after an unsplit one removes the plain t.csv" test $rc -eq 0 -a ! -e "$O/t.csv" -a -e "$O/t-2.csv"

# XML split by bytes: each part a complete RSS document, none larger than max_bytes
build google "$O/g.xml" --max-bytes 8K
check "--max-bytes 8K (XML): exit 0, 5 parts" test $rc -eq 0 -a -e "$O/g-5.xml" -a ! -e "$O/g-6.xml"
big=$(for f in "$O"/g-*.xml; do wc -c < "$f"; done | sort -n | tail -1)
check "--max-bytes 8K (XML): no part over 8192 bytes (largest $big)" test "$big" -le 8192
ids_of xml $(sed "s|^|$O/|" "$O/g-parts.txt") > "$T/got"
check "--max-bytes 8K (XML): every part passes xmllint, every item once, in order" cmp -s "$T/got" "$T/ids.xml"
build google "$O/g1.xml" --max-bytes 1G
check "a split into one part is byte-identical to the unsplit build, under the plain name" cmp -s "$O/g1.xml" "$O/full.xml"
check "a split into one part has no index" test ! -e "$O/g1-parts.txt"

# gzip: TSV split by compressed bytes, the level, the name
build meta "$O/m.tsv" --gzip --max-bytes 3K
check "--gzip --max-bytes 3K (TSV): exit 0, parts named m-N.tsv.gz" test $rc -eq 0 -a -e "$O/m-2.tsv.gz" -a ! -e "$O/m.tsv.gz"
big=$(for f in "$O"/m-*.tsv.gz; do wc -c < "$f"; done | sort -n | tail -1)
check "--gzip --max-bytes 3K: no compressed part over 3072 bytes (largest $big)" test "$big" -le 3072
ids_of tsv $(sed "s|^|$O/|" "$O/m-parts.txt") > "$T/got"
check "--gzip --max-bytes 3K: Python's gzip and csv read every part, every item once" cmp -s "$T/got" "$T/ids.tsv"
build meta "$O/m.tsv" --gzip
check "--gzip unsplit after split: m.tsv.gz alone, parts and index removed" \
	test $rc -eq 0 -a -e "$O/m.tsv.gz" -a ! -e "$O/m-1.tsv.gz" -a ! -e "$O/m-parts.txt"
python3 -c 'import gzip,sys; sys.exit(gzip.open(sys.argv[1]).read() != open(sys.argv[2], "rb").read())' "$O/m.tsv.gz" "$O/full.tsv"
check "--gzip: the file unpacks to the unsplit build's bytes" test $? -eq 0
build meta "$O/m.tsv"
check "no gzip after gzip: m.tsv written, m.tsv.gz (recorded) removed" test $rc -eq 0 -a -e "$O/m.tsv" -a ! -e "$O/m.tsv.gz"
build meta "$O/m.tsv" --gzip
check "gzip after no gzip: m.tsv.gz written, the plain m.tsv removed" test $rc -eq 0 -a -e "$O/m.tsv.gz" -a ! -e "$O/m.tsv"
build google "$O/l1.xml" --gzip --gzip-level 1; build google "$O/l9.xml" --gzip --gzip-level 9
python3 - "$O/l1.xml.gz" "$O/l9.xml.gz" "$O/full.xml" > "$T/py" 2>&1 <<'PY'
import gzip, sys
a, b, full = (open(f, "rb").read() for f in sys.argv[1:])
# zlib marks the level in the header's XFL byte: 4 fastest (level 1), 2 best (level 9)
assert a[8] == 4 and b[8] == 2, (a[8], b[8])
assert len(b) < len(a), (len(a), len(b))
assert gzip.decompress(a) == full and gzip.decompress(b) == full
PY
check "--gzip-level 1 and 9 reach zlib (XFL 4 and 2, level 9 smaller, same bytes inside)" test $? -eq 0
build google "$O/n.xml.gz"
check "an output named *.gz is gzipped XML without --gzip" test $rc -eq 0 -a "$(ids_of xml "$O/n.xml.gz" | wc -l)" -eq "$(wc -l < "$T/ids.xml")"
build google "$O/bad.csv" --gzip-level 10
check "--gzip-level 10: exit 2" test $rc -eq 2
check "--gzip-level 10: says the range" has "option --gzip-level: '10' is not a whole number from 1 to 9" "$T/err"
build google "$O/bad.csv" --max-bytes 12X
check "--max-bytes 12X: exit 2 with the units" test $rc -eq 2 && has "option --max-bytes: '12X' is not a byte count" "$T/err"
build tiktok - --max-items 3
check "a split of standard output: exit 2" test $rc -eq 2 && has "cannot split a feed written to standard output" "$T/err"

# an item that cannot fit in a part: exit 5, its id, nothing written
build tiktok "$O/big.csv" --max-bytes 1000
check "an item larger than max_bytes: exit 5" test $rc -eq 5
check "an item larger than max_bytes: named with the limit" has "item '[^']+' does not fit in a part of '.*big.csv': .* max_bytes 1000 \\(raise max_bytes\\)" "$T/err"
check "an item larger than max_bytes: nothing written, no temporary" test -z "$(ls -A "$O" | grep -E '^big|^\.big')"

# a failed run (writing gzipped parts) leaves every part of the previous (gzipped) run
# byte-identical; the guard reads the previous parts through the counted streams of FEEDGEN_FAIL_IO
build tiktok "$O/f.csv" --max-items 5 --gzip
mkdir "$T/before" && cp "$O"/f-* "$T/before/"
mkdir "$T/count"
FEEDGEN_FAIL_IO=count "$fg" build --catalog "$CAT" $SHOP --channel tiktok --output "$T/count/f.csv" --max-items 8 --gzip \
	2>"$T/counts" >/dev/null
total=0
for step in open write fsync close; do
	calls=$(sed -n "s/.* $step=\([0-9]*\).*/\1/p" "$T/counts")
	fails=0 n=1
	while [ "$n" -le "${calls:-0}" ]; do
		FEEDGEN_FAIL_IO=$step:$n "$fg" build --catalog "$CAT" $SHOP --channel tiktok --output "$O/f.csv" --max-items 8 --gzip 2>"$T/err"
		r=$?
		for f in "$T"/before/*; do cmp -s "$f" "$O/$(basename "$f")" || fails=$((fails + 1)); done
		[ $r -eq 5 ] || { [ $step = open ] && [ $r -eq 3 ]; } || fails=$((fails + 1))
		has '^feedgen: ' "$T/err" || fails=$((fails + 1))
		[ -z "$(ls -A "$O" "$O/.feedgen/parts" | grep '\.tmp-')" ] || fails=$((fails + 1))
		[ ! -e "$O/f-1.csv" ] || fails=$((fails + 1))
		n=$((n + 1)) total=$((total + 1))
	done
	check "FEEDGEN_FAIL_IO=$step:N for each of the ${calls:-0} calls of a split gzipped run: a message, exit 5 (3 for an input), the 7 previous parts byte-identical, no temporary" \
		test "${calls:-0}" -gt 0 -a $fails -eq 0
done
# (rename:1 is the first of the publish; a rename failing later is the output set's partial
# publish, said as such: tests/iofault)
FEEDGEN_FAIL_IO=rename:1 "$fg" build --catalog "$CAT" $SHOP --channel tiktok --output "$O/f.csv" --max-items 8 --gzip 2>/dev/null
r=$?
same=0
for f in "$T"/before/*; do cmp -s "$f" "$O/$(basename "$f")" || same=1; done
check "FEEDGEN_FAIL_IO=rename:1: exit 5, every previous part byte-identical" test $r -eq 5 -a $same -eq 0

# the safety guard counts the feed it replaces through its parts and through gzip
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c["products"]=c["products"][:len(c["products"])//2]; json.dump(c, open(sys.argv[2],"w"))' "$CAT" "$T/half.json"
cp -r "$O" "$T/o2"
"$fg" build --catalog "$T/half.json" $SHOP --channel tiktok --output "$O/f.csv" --max-items 8 --gzip 2>"$T/err"
rc=$?
check "guard, split and gzipped previous feed: half the catalog is refused (exit 7)" test $rc -eq 7
check "guard: the previous count is the 35 items of the 7 parts" has "fewer than the 35 of '.*f.csv' it replaces" "$T/err"
same=0; for f in "$T"/before/*; do cmp -s "$f" "$O/$(basename "$f")" || same=1; done
check "guard: the refused run leaves every part byte-identical" test $same -eq 0
"$fg" build --catalog "$T/half.json" $SHOP --channel meta --output "$O/m.tsv" --gzip 2>"$T/err"
check "guard, gzipped previous feed (m.tsv.gz): refused with its 35 items" test $? -eq 7 && has "fewer than the 35 of" "$T/err"
"$fg" build --catalog "$T/half.json" $SHOP --channel tiktok --output "$O/f.csv" --max-items 8 --force 2>"$T/err"
check "guard: --force publishes the smaller split, the extra parts go" test $? -eq 0 -a -e "$O/f-3.csv" -a ! -e "$O/f-4.csv" -a ! -e "$O/f-1.csv.gz"

# a configuration: publish defaults, per-feed keys, a byte count with a unit
mkdir -p "$T/shop"
cat > "$T/shop/feedgen.json" <<JSON
{
  "shop": {"url": "https://northwind.example", "currency": "EUR"},
  "catalog": {"path": "$CAT"},
  "publish": {"gzip": true, "gzip_level": 9},
  "feeds": [
    {"name": "tiktok", "channel": "tiktok", "output": "feeds/tiktok.csv", "max_items": 12},
    {"name": "google", "channel": "google", "output": "feeds/google.xml", "max_bytes": "4K"}
  ]
}
JSON
mkdir -p "$T/shop/feeds"
"$fg" build --config "$T/shop/feedgen.json" --max-messages 0 2>"$T/err"
check "configuration: exit 0" test $? -eq 0
check "configuration: publish.gzip and feeds[0].max_items give tiktok-1..3.csv.gz" \
	test "$(cat "$T/shop/feeds/tiktok-parts.txt" | tr '\n' ' ')" = "tiktok-1.csv.gz tiktok-2.csv.gz tiktok-3.csv.gz "
big=$(for f in "$T"/shop/feeds/google-*.xml.gz; do wc -c < "$f"; done | sort -n | tail -1)
check "configuration: max_bytes \"4K\" keeps every gzipped Google part under 4096 bytes ($big)" test "$big" -le 4096
ids_of xml $(sed "s|^|$T/shop/feeds/|" "$T/shop/feeds/google-parts.txt") > "$T/got"
check "configuration: the Google parts hold every item once" cmp -s "$T/got" "$T/ids.xml"
check "configuration: ls feeds/* lists only feeds and indexes" \
	test "$(cd "$T/shop/feeds" && ls | grep -cvE '^(tiktok|google)-([0-9]+\.(csv|xml)\.gz|parts\.txt)$')" -eq 0
sed 's/"max_bytes": "4K"/"max_bytes": true/' "$T/shop/feedgen.json" > "$T/shop/bad.json"
"$fg" build --config "$T/shop/bad.json" 2>"$T/err"
check "configuration: max_bytes true is exit 2 naming its path" test $? -eq 2 && has 'feeds\[1\]\.max_bytes: expected a byte count' "$T/err"

# limits from a channel template: confirmed splits by default, unconfirmed only warns
python3 - "$top/templates/tiktok.json" "$T" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
t["limits"] = {"max_items": {"value": 10, "confirmed": True}}
json.dump(t, open(sys.argv[2] + "/confirmed.json", "w"))
t["limits"] = {"max_items": {"value": 10, "confirmed": False}}
json.dump(t, open(sys.argv[2] + "/unconfirmed.json", "w"))
t["limits"] = {"max_items": {"value": -1}}
json.dump(t, open(sys.argv[2] + "/badlimit.json", "w"))
PY
build "$T/confirmed.json" "$O/c.csv"
check "a confirmed template limit of 10 items splits an unconfigured feed into 4 parts" test $rc -eq 0 -a -e "$O/c-4.csv" -a ! -e "$O/c.csv"
build "$T/confirmed.json" "$O/c0.csv" --max-items 0
check "--max-items 0 overrides the template's limit: one file" test $rc -eq 0 -a -e "$O/c0.csv" -a ! -e "$O/c0-1.csv"
build "$T/unconfirmed.json" "$O/u.csv"
check "an unconfirmed template limit: one file" test $rc -eq 0 -a -e "$O/u.csv" -a ! -e "$O/u-1.csv"
check "an unconfirmed template limit: a warning with the numbers" has "warning: '.*u.csv' has 35 items, more than the 10 the tiktok template gives as the platform's limit \\(unconfirmed" "$T/err"
build "$T/badlimit.json" "$O/b.csv"
check "a template limit that is not a positive number: exit 2" test $rc -eq 2 && has '"limits": "max_items" needs a positive whole "value"' "$T/err"
check "the shipped google template splits at Google's 4 GB fetch limit (FEEDS.md 2.1, confirmed)" \
	python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["limits"]["max_bytes"]; sys.exit(not (l["confirmed"] and l["value"] < 4*10**9))' "$top/templates/google.json"

# gzipped inputs through the source opener (source_gzip.c): a catalog and an inventory, from
# files and from a pipe, give the same feed as the plain ones
gzip -c "$CAT" > "$T/cat.json.gz"; gzip -c "$top/samples/inventory.csv" > "$T/inv.csv.gz"
"$fg" build --catalog "$CAT" --inventory "$top/samples/inventory.csv" $SHOP --channel tiktok --output "$O/plain-in.csv" 2>/dev/null
"$fg" build --catalog "$T/cat.json.gz" --inventory "$T/inv.csv.gz" $SHOP --channel tiktok --output "$O/gz-in.csv" 2>"$T/err"
check "a gzipped catalog and inventory build the same feed as the plain ones" cmp -s "$O/plain-in.csv" "$O/gz-in.csv"
gzip -c "$CAT" | "$fg" build --catalog - --inventory "$T/inv.csv.gz" $SHOP --channel tiktok --output "$O/pipe-in.csv" 2>"$T/err"
check "a gzipped catalog from a pipe builds the same feed" cmp -s "$O/plain-in.csv" "$O/pipe-in.csv"
"$fg" validate --catalog "$T/cat.json.gz" $SHOP --channel tiktok > "$T/v1" 2>&1; r1=$?
"$fg" validate --catalog "$CAT" $SHOP --channel tiktok > "$T/v2" 2>&1; r2=$?
check "validate --catalog on a gzipped catalog: the same findings and exit code ($r1)" \
	test $r1 -eq $r2 -a "$(grep -c 'error\[' "$T/v1")" -eq "$(grep -c 'error\[' "$T/v2")"

# the run summary lists the files a split feed published: its parts and its index
"$fg" build --catalog "$CAT" $SHOP --channel tiktok --output "$O/s.csv" --max-items 12 --summary "$T/summary.json" 2>/dev/null
python3 - "$T/summary.json" "$O" > "$T/py" 2>&1 <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["published_paths"]
want = [sys.argv[2] + "/" + n for n in ("s-1.csv", "s-2.csv", "s-3.csv", "s-parts.txt")]
assert p == want, p
PY
check "--summary: published_paths are the 3 parts and the index" test $? -eq 0

# a part named like another feed's output is refused, nothing published
cat > "$T/shop/clash.json" <<JSON
{
  "shop": {"url": "https://northwind.example", "currency": "EUR"},
  "catalog": {"path": "$CAT"},
  "feeds": [
    {"name": "a", "channel": "tiktok", "output": "clash/t.csv", "max_items": 10},
    {"name": "b", "channel": "tiktok", "output": "clash/t-2.csv"}
  ]
}
JSON
mkdir -p "$T/shop/clash"
"$fg" build --config "$T/shop/clash.json" --max-messages 0 2>"$T/err"
check "a part named like another feed's output: exit 2" test $? -eq 2
check "a part named like another feed's output: named, nothing published" \
	sh -c "grep -q \"t-2.csv' would be written twice by this run\" '$T/err' && [ -z \"\$(ls '$T/shop/clash')\" ]"
suite_end
