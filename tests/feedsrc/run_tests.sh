#!/bin/sh
# tests/feedsrc/run_tests.sh: existing feeds as sources and `feedgen repair` (issue 13, item 2).
# A Google XML feed and a Google TSV feed written for the tests (google.xml, google.tsv:
# variants and a single product, sale prices, aliases such as "in stock", additional images,
# shipping) are converted to TikTok CSV, Meta CSV and XML and Google again, and read back by
# Python's csv module / ElementTree (check_items.py) item by item; the round trip google ->
# google is stable; a configuration (catalog.type "feed", catalog.channel) gives the same feed;
# detection (feed vs JSON vs shop export, a pipe) and wrong --catalog-type / --catalog-channel
# exit 2 with the fix named; bad inputs (truncated XML, a CSV without an id column, binary data)
# exit 3 naming the file and line, with nothing written; --inventory joins by id. repair: the
# repairable feed (dirty.xml) validates with no errors afterwards and every change is reported
# (text and JSON), the unrepairable one (broken.xml) is kept as it is with exit 1, or left out
# with --drop-invalid; a repair that fails leaves the previous file untouched. The real feeds
# of ../shared/data/realworld convert and repair without losing an item (skipped when absent).
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=feedsrc tag=""
. tests/lib/check.sh
D=tests/feedsrc
RW=${REALWORLD:-$top/../shared/data/realworld}
export SOURCE_DATE_EPOCH=1780000000
opts="--max-messages 0"

readback() { # $1: file; xmllint or Python's csv
	case "$1" in
	*.xml) xmllint --noout "$1" 2>&1 ;;
	*) python3 tests/lib/readback.py "$1" ;;
	esac
}
items_of() { # $1: feed file: the items Python counts (XML <item>/<entry>, CSV/TSV rows)
	python3 - "$1" <<'PY'
import csv, sys, xml.etree.ElementTree as ET
p = sys.argv[1]
if open(p, 'rb').read(64).lstrip(b'\xef\xbb\xbf \r\n\t').startswith(b'<'):
    r = ET.parse(p).getroot()
    print(sum(1 for e in r.iter() if e.tag.split('}')[-1] in ('item', 'entry')))
else:
    d = '\t' if p.endswith(('.tsv', '.txt')) else ','
    with open(p, encoding='utf-8', newline='') as f:
        rows = [r for r in csv.reader(f, delimiter=d) if r and not r[0].startswith('#')]
    print(len(rows) - 1)
PY
}

# ---- conversions, read back item by item ----
for src in google.xml google.tsv; do
	for ch in tiktok:csv meta:csv meta:xml google:xml google:tsv; do
		c=${ch%%:*} f=${ch##*:}
		out=$T/$(echo $src | tr . -)-$c.$f
		"$fg" build --catalog $D/$src --channel $c --format $f --output "$out" $opts 2>"$T/err"; rc=$?
		check "$src -> $c $f: exit 0 (got $rc)" test $rc -eq 0
		check "$src -> $c $f: read back by an independent parser" test -z "$(readback "$out")"
		check "$src -> $c $f: every item's values ($D/check_items.py)" test -z "$(python3 $D/check_items.py "$out" $c $src)"
	done
done
# TikTok CSV, Meta CSV and Meta XML feeds as sources too (the feeds just written)
for via in tiktok.csv meta.csv meta.xml; do
	"$fg" build --catalog "$T/google-xml-$via" --channel google --output "$T/back-$via.xml" $opts 2>"$T/err"; rc=$?
	check "a ${via%.*} ${via#*.} feed -> google: exit 0 (got $rc), every item's values" \
		sh -c "[ $rc -eq 0 ] && [ -z \"\$(python3 $D/check_items.py '$T/back-$via.xml' google google.xml)\" ]"
done
"$fg" build --catalog "$T/google-xml-tiktok.csv" --channel google --output "$T/x.xml" -v $opts 2>"$T/err"
check "a TikTok CSV feed is read as TikTok's (sku_id)" has "as a tiktok feed" "$T/err"
check "google.xml -> tiktok: the shipping group is kept" has 'DE::Standard:4.90 EUR' "$T/google-xml-tiktok.csv"
check "google.xml -> meta: product_type and google_product_category kept" has '2169,,Home > Kitchen' "$T/google-xml-meta.csv"
"$fg" build --catalog "$T/google-xml-google.xml" --channel google --output "$T/again.xml" $opts 2>/dev/null
check "round trip google -> google -> google: the same feed" cmp -s "$T/again.xml" "$T/google-xml-google.xml"
"$fg" build --catalog $D/google.xml --catalog-type feed --catalog-channel google --channel tiktok --output "$T/named.csv" $opts 2>/dev/null
check "--catalog-type feed --catalog-channel google: the same feed as detected" cmp -s "$T/named.csv" "$T/google-xml-tiktok.csv"
cat $D/google.xml | "$fg" build --catalog - --channel tiktok --output "$T/pipe.csv" $opts 2>/dev/null
check "an XML feed on a pipe is detected (its first byte)" cmp -s "$T/pipe.csv" "$T/google-xml-tiktok.csv"
cat $D/google.tsv | "$fg" build --catalog - --catalog-type feed --channel tiktok --output "$T/pipe2.csv" $opts 2>/dev/null
check "a TSV feed on a pipe with --catalog-type feed" cmp -s "$T/pipe2.csv" "$T/google-tsv-tiktok.csv"
cat >"$T/shop.json" <<EOF
{"catalog": {"path": "$top/$D/google.xml", "type": "feed", "channel": "google"},
 "feeds": [{"channel": "tiktok", "output": "$T/cfg-tiktok.csv"}, {"channel": "meta", "format": "xml", "output": "$T/cfg-meta.xml"}]}
EOF
"$fg" build --config "$T/shop.json" --max-messages 0 2>"$T/err"; rc=$?
check "a configuration with catalog.type feed: exit 0 (got $rc)" test $rc -eq 0
check "a configuration with catalog.type feed: the same TikTok feed" cmp -s "$T/cfg-tiktok.csv" "$T/google-xml-tiktok.csv"
check "a configuration with catalog.type feed: the same Meta XML" cmp -s "$T/cfg-meta.xml" "$T/google-xml-meta.xml"
printf 'sku,quantity\nNW-TEE-M,3\nNW-TEE-S,0\n' >"$T/inv.csv"
"$fg" build --catalog $D/google.xml --inventory "$T/inv.csv" --channel tiktok --output "$T/inv-tiktok.csv" $opts 2>/dev/null
check "--inventory joins by SKU = id: NW-TEE-M in stock, NW-TEE-S out of stock" \
	sh -c "grep -q '^NW-TEE-M,.*,in stock,' '$T/inv-tiktok.csv' && grep -q '^NW-TEE-S,.*,out of stock,' '$T/inv-tiktok.csv'"

# ---- detection and wrong types ----
"$fg" build --catalog samples/catalog.json --catalog-type feed --channel tiktok --output "$T/no.csv" --shop-url https://shop.example 2>"$T/err"; rc=$?
check "--catalog-type feed on a JSON catalog: exit 2 (got $rc)" test $rc -eq 2
check "--catalog-type feed on a JSON catalog: says so" has "catalog 'samples/catalog.json' is JSON, not a feed" "$T/err"
"$fg" build --catalog $D/google.xml --catalog-type shopify --channel tiktok --output "$T/no.csv" 2>"$T/err"; rc=$?
check "--catalog-type shopify on a feed: exit 2 (got $rc) naming the fix" \
	sh -c "[ $rc -eq 2 ] && grep -q \"is a product feed, not a shopify catalog: use --catalog-type feed\" '$T/err'"
"$fg" build --catalog $D/google.xml --catalog-channel nope --channel tiktok --output "$T/no.csv" 2>"$T/err"; rc=$?
check "an unknown --catalog-channel: exit 2 (got $rc)" test $rc -eq 2
"$fg" build --catalog tests/csvcat/shopify-export.csv --channel tiktok --output "$T/shop.csv" --shop-url https://shop.example --currency EUR --brand Northwind --max-rejected-percent 100 $opts 2>/dev/null
check "a Shopify CSV export is not taken for a feed" cmp -s "$T/shop.csv" tests/csvcat/expected/shopify-tiktok.csv
check "no output was left by the refused runs" test ! -e "$T/no.csv"

# ---- bad inputs ----
head -c 900 $D/google.xml >"$T/truncated.xml"
"$fg" build --catalog "$T/truncated.xml" --channel tiktok --output "$T/bad.csv" 2>"$T/err"; rc=$?
check "a truncated XML feed: exit 3 (got $rc)" test $rc -eq 3
check "a truncated XML feed: the file, line and column" has "feed '$T/truncated.xml' line [0-9]+ column [0-9]+" "$T/err"
printf 'title,price,availability\nA cap,12.00 USD,in stock\n' >"$T/noid.csv"
"$fg" build --catalog "$T/noid.csv" --catalog-type feed --channel tiktok --output "$T/bad.csv" 2>"$T/err"; rc=$?
check "a CSV feed without an id column: exit 3 (got $rc)" test $rc -eq 3
check "a CSV feed without an id column: names the file and line 1" has "catalog '$T/noid.csv' line 1: not a feed of a known channel" "$T/err"
head -c 3000 /dev/urandom >"$T/binary.bin"; printf '\0\0\0' >>"$T/binary.bin"
"$fg" build --catalog "$T/binary.bin" --catalog-type feed --channel tiktok --output "$T/bad.csv" 2>"$T/err"; rc=$?
check "binary data as a feed: exit 3 (got $rc)" test $rc -eq 3
check "binary data as a feed: said from its first bytes" has "'$T/binary.bin'" "$T/err"
check "bad inputs: nothing written" test ! -e "$T/bad.csv"

# ---- repair ----
"$fg" repair --feed $D/dirty.xml --channel google --output "$T/repaired.xml" --max-messages 100 2>"$T/err"; rc=$?
check "repair dirty.xml: exit 0 (got $rc)" test $rc -eq 0
check "repair: the output is well-formed XML" test -z "$(readback "$T/repaired.xml")"
"$fg" validate --feed "$T/repaired.xml" --channel google 2>"$T/verr"; rc=$?
check "repair: the output validates with no errors (exit $rc)" sh -c "[ $rc -eq 0 ] && grep -q ' 0 errors' '$T/verr'"
for change in "R-1: title: 'Wool.* Scarf' -> 'Wool Scarf'" "R-1: description: 'Warm.\\\\x7f Knitted.' -> 'Warm. Knitted.'" \
	"R-1: additional_image_link: 'not a url, https://cdn.example.com/scarf-2.jpg' -> 'https://cdn.example.com/scarf-2.jpg'" \
	"R-1: availability: 'in stock' -> 'in_stock'" "R-1: price: '12.5 EUR' -> '12.50 EUR'" \
	"R-2: title: changed \\(197 -> 150 bytes\\)" "R-2: availability: 'Out Of Stock' -> 'out_of_stock'"; do
	check "repair reports: $change" has "dirty.xml:[0-9]+: warning\\[repaired\\] $change" "$T/err"
done
check "repair: R-3 (already clean) has no change" sh -c "! grep -q 'repaired\] R-3' '$T/err'"
check "repair: the summary counts" has "repaired '$T/repaired.xml': 3 items, 2 changed \\(7 changes: title 2, description 1, additional_image_link 1, availability 2, price 1\\), 0 with errors" "$T/err"
check "repair keeps what no item field carries (identifier_exists)" has '<g:identifier_exists>no</g:identifier_exists>' "$T/repaired.xml"
check "repair: the same number of items" test "$(items_of "$T/repaired.xml")" = 3
"$fg" repair --feed $D/dirty.xml --channel google --output "$T/r2.xml" --report "$T/report.json" --report-format json --quiet; rc=$?
check "repair --report-format json: every change as data" python3 -c "
import json, sys
r = json.load(open('$T/report.json'))
ch = [(f['id'], f['field']) for f in r['findings'] if f['rule'] == 'repaired']
want = [('R-1', 'title'), ('R-1', 'description'), ('R-1', 'additional_image_link'), ('R-1', 'availability'),
        ('R-1', 'price'), ('R-2', 'title'), ('R-2', 'availability')]
sys.exit(0 if ch == want else 'got %r' % ch)"
"$fg" repair --feed $D/google.tsv --channel google --output "$T/repaired.tsv" 2>"$T/err"; rc=$?
check "repair a TSV: exit 0, TSV again, 'in stock' written in_stock" \
	sh -c "[ $rc -eq 0 ] && [ -z \"\$(python3 tests/lib/readback.py '$T/repaired.tsv')\" ] && grep -q '	in_stock	' '$T/repaired.tsv' && ! grep -q 'in stock' '$T/repaired.tsv'"
"$fg" repair --feed $D/dirty.xml --channel google --format csv --output "$T/repaired.txt" 2>/dev/null
check "repair --format csv writes CSV" sh -c "head -1 '$T/repaired.txt' | grep -q '^id,title,'"
"$fg" repair --feed $D/broken.xml --channel google --output "$T/broken-out.xml" 2>"$T/err"; rc=$?
check "repair broken.xml: exit 1 as validate (got $rc)" test $rc -eq 1
check "repair broken.xml: the error is reported with its line" has "broken.xml:11: error\\[price\\] B-1: price: '12,00 EUR' is not a price" "$T/err"
check "repair broken.xml: the item is kept as it is" \
	sh -c "grep -q '<g:price>12,00 EUR</g:price>' '$T/broken-out.xml' && grep -q '<g:availability_date>2027-01-01</g:availability_date>' '$T/broken-out.xml'"
"$fg" repair --feed $D/broken.xml --channel google --drop-invalid --output "$T/dropped.xml" 2>"$T/err"; rc=$?
check "repair --drop-invalid: exit 1, the item left out" sh -c "[ $rc -eq 1 ] && [ \$(grep -c '<item>' '$T/dropped.xml') = 0 ] && grep -q '1 with errors left out' '$T/err'"
echo previous >"$T/keep.xml"
"$fg" repair --feed "$T/truncated.xml" --channel google --output "$T/keep.xml" 2>"$T/err"; rc=$?
check "repair of a truncated feed: exit 3 (got $rc), the previous file untouched, no temporary left" \
	sh -c "[ $rc -eq 3 ] && [ \"\$(cat '$T/keep.xml')\" = previous ] && [ \$(ls -a '$T' | grep -c 'keep.xml.tmp') = 0 ]"
"$fg" repair --feed $D/dirty.xml --output "$T/x.xml" 2>"$T/err"; rc=$?
check "repair without --channel: exit 2 (got $rc)" sh -c "[ $rc -eq 2 ] && grep -q 'repair needs --channel' '$T/err'"

# ---- the real feeds (never copied into the repository) ----
for f in "$RW"/google-merchant/* "$RW"/meta-catalog/* "$RW"/tiktok-catalog/*; do
	[ -f "$f" ] || continue
	base=$(basename "$f")
	n=$(items_of "$f")
	for c in tiktok meta; do
		rm -f "$T/rw.json"
		"$fg" build --catalog "$f" --channel $c --format csv --output "$T/rw-$c.csv" --max-rejected-percent 100 $opts --report "$T/rw.json" --report-format json 2>"$T/err"; rc=$?
		# a feed without links (catalogue-whatsapp) has no valid item for TikTok: exit 3, all rejected
		if [ $rc -eq 3 ]; then
			check "real $base -> $c: every item read, none valid (exit 3)" has "1 feed, 0 items, $n rejected, not published" "$T/err"
		else
			check "real $base -> $c: every item read (exit $rc)" python3 -c "
import json, sys
r = json.load(open('$T/rw.json'))
sys.exit(0 if $rc == 0 and r['summary']['items'] == $n else 'exit $rc, items read %s, the file has $n' % r['summary']['items'])"
		fi
		[ $rc -eq 0 ] && check "real $base -> $c: read back by Python's csv" test -z "$(readback "$T/rw-$c.csv")"
		rm -f "$T/rw-$c.csv"
	done
	case "$base" in *google*) ;; *) continue ;; esac
	ext=${base##*.}
	"$fg" repair --feed "$f" --channel google --output "$T/rw-repaired.$ext" --max-messages 0 2>"$T/err"; rc=$?
	m=$(items_of "$T/rw-repaired.$ext" 2>/dev/null)
	check "real $base: repair exits 0 or 1 (got $rc) and keeps all $n items (has ${m:-none})" sh -c "[ $rc -le 1 ] && [ '$m' = '$n' ]"
	rm -f "$T/rw-repaired.$ext"
done
suite_end
