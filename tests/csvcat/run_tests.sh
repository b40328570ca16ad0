#!/bin/sh
# tests/csvcat/run_tests.sh: CSV product exports as catalogs (issue 13, item 1): Shopify's
# export (tests/csvcat/shopify-export.csv: variants, images on later rows and out of order, a
# draft, an unpublished product, a variant without SKU, quoted commas and newlines, BOM, CRLF)
# and WooCommerce's (woocommerce-export.csv: a variable product whose variations come after
# other products and name their parent by id:N or SKU, a draft, a sold-out item, an orphan
# variation) build golden feeds for the three channels, detected from the header or named by
# --catalog-type; the sample catalog as Shopify JSON and as Shopify CSV (to_shopify_csv.py,
# written the way the admin exports) gives the same items but for item_group_id (the handle)
# and links (no variant id); a pipe works like the file; the errors (an unknown CSV, the other
# export named, no shop URL, a row without a handle, an unterminated quote) exit with their
# documented codes and name the file and line; the real WooCommerce export builds.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=csvcat tag=""
. tests/lib/check.sh
D=tests/csvcat
export SOURCE_DATE_EPOCH=1780000000
opts="--shop-url https://shop.example --currency EUR --brand Northwind --max-rejected-percent 100 --max-messages 0"

readback() { # $1: file; xmllint or Python's csv
	case "$1" in
	*.xml) xmllint --noout "$1" 2>&1 ;;
	*) python3 tests/lib/readback.py "$1" ;;
	esac
}
for export in shopify woocommerce; do
	for ch in tiktok:csv google:xml meta:csv; do
		c=${ch%%:*} f=${ch##*:}
		out=$T/$export-$c.$f
		"$fg" build --catalog $D/$export-export.csv --channel $c --output "$out" $opts 2>"$T/err"; rc=$?
		check "$export export -> $c: exit 0 (got $rc)" test $rc -eq 0
		check "$export export -> $c: read back by an independent parser" test -z "$(readback "$out")"
		check "$export export -> $c: the golden feed ($D/expected/$export-$c.$f)" cmp -s "$out" "$D/expected/$export-$c.$f"
	done
done
check "shopify: the draft, the unpublished product and the variant without SKU are left out" \
	sh -c "! grep -qE 'NW-HAT|NW-MUG' '$T/shopify-google.xml' && [ \$(grep -c '<item>' '$T/shopify-google.xml') = 3 ]"
"$fg" build --catalog $D/shopify-export.csv --channel google --output "$T/x.xml" $opts --max-messages 5 2>"$T/err"
check "shopify: the variant without SKU is reported with its line" has "shopify-export.csv:2: error\[required\]: id: missing" "$T/err"
check "shopify: images of later rows, in their positions' order" \
	sh -c "grep -A2 '<g:image_link>https://cdn.example.com/tee-navy.jpg' '$T/shopify-google.xml' | head -3 | grep -q 'tee-back.jpg'"
check "shopify: a quoted comma and a newline in the body survive" has 'Second paragraph, with a comma\.' "$T/shopify-google.xml"
check "shopify: the handle is the item_group_id" has '<g:item_group_id>trail-tee</g:item_group_id>' "$T/shopify-google.xml"
check "woocommerce: variations in file order, named by id:N or by the parent's SKU" \
	test "$(cut -d, -f1 "$T/woocommerce-tiktok.csv" | tr '\n' ' ')" = "sku_id WC-JACKET-RED-M WC-JACKET-BLU-L 13 WC-BEANIE WC-MAP WC-SOLDOUT "
"$fg" build --catalog $D/woocommerce-export.csv --channel tiktok --output "$T/x.csv" $opts 2>"$T/err"
check "woocommerce: the orphan variation is one warning with its line" \
	has "warning: catalog '$D/woocommerce-export.csv': 1 variation row \(the first on line 11\) names a parent that is not in the file; skipped" "$T/err"
check "woocommerce: links are SHOP/?p=ID (the parent's for a variation)" has 'https://shop.example/\?p=10' "$T/woocommerce-tiktok.csv"
check "woocommerce: a sold-out product is out of stock" has '^WC-SOLDOUT,.*out of stock' "$T/woocommerce-tiktok.csv"

# named types, a pipe, a configuration
"$fg" build --catalog $D/shopify-export.csv --catalog-type shopify-csv --channel google --output "$T/named.xml" $opts 2>/dev/null
check "--catalog-type shopify-csv: the same feed" cmp -s "$T/named.xml" "$T/shopify-google.xml"
"$fg" build --catalog $D/woocommerce-export.csv --catalog-type woocommerce --channel tiktok --output "$T/named.csv" $opts 2>/dev/null
check "--catalog-type woocommerce takes its CSV export too" cmp -s "$T/named.csv" "$T/woocommerce-tiktok.csv"
cat $D/woocommerce-export.csv | "$fg" build --catalog - --channel tiktok --output "$T/pipe.csv" $opts 2>/dev/null
check "a WooCommerce export through a pipe (spooled, read twice): the same feed" cmp -s "$T/pipe.csv" "$T/woocommerce-tiktok.csv"
cat $D/shopify-export.csv | "$fg" build --catalog - --channel google --output "$T/pipe.xml" $opts 2>/dev/null
check "a Shopify export through a pipe: the same feed" cmp -s "$T/pipe.xml" "$T/shopify-google.xml"
mkdir -p "$T/cfg" && cp $D/shopify-export.csv "$T/cfg/"
cat > "$T/cfg/feedgen.json" <<'JSON'
{"shop": {"url": "https://shop.example", "currency": "EUR", "brand": "Northwind"},
 "catalog": {"path": "shopify-export.csv", "type": "shopify-csv"},
 "publish": {"max_rejected_percent": 100, "keep": 0},
 "feeds": [{"name": "google", "channel": "google", "output": "google.xml"},
           {"name": "tiktok", "channel": "tiktok", "output": "tiktok.csv"}]}
JSON
"$fg" build --config "$T/cfg/feedgen.json" --quiet 2>"$T/err"; rc=$?
check "a configuration with catalog.type shopify-csv: exit 0 (got $rc), same feeds" \
	sh -c "[ $rc -eq 0 ] && cmp -s '$T/cfg/google.xml' '$T/shopify-google.xml' && cmp -s '$T/cfg/tiktok.csv' '$T/shopify-tiktok.csv'"

# the same catalog as Shopify JSON and as Shopify CSV
python3 $D/to_shopify_csv.py samples/catalog.json "$T/sample.csv"
"$fg" build --catalog samples/catalog.json --inventory samples/inventory.csv --channel tiktok --output "$T/json.csv" $opts 2>/dev/null
"$fg" build --catalog "$T/sample.csv" --inventory samples/inventory.csv --channel tiktok --output "$T/csv.csv" $opts 2>/dev/null
python3 - "$T/json.csv" "$T/csv.csv" "$T/sample.csv" > "$T/py" 2>&1 <<'PY'
import csv, sys
json_items = {r["sku_id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
csv_items = {r["sku_id"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
handles = {r["Variant SKU"]: r["Handle"] for r in csv.DictReader(open(sys.argv[3], encoding="utf-8")) if r["Variant SKU"]}
with_sku = {k for k in json_items if k in handles}
assert with_sku and set(csv_items) == with_sku, (sorted(set(csv_items) ^ with_sku))
for k in with_sku:
    a, b = json_items[k], csv_items[k]
    for f in a:
        if f == "item_group_id":
            assert b[f] == handles[k], (k, f, b[f])
        elif f == "link":
            assert b[f] == a[f].split("?variant=")[0], (k, a[f], b[f])
        else:
            assert a[f] == b[f], (k, f, a[f], b[f])
print("same %d items" % len(with_sku))
PY
check "sample as JSON and as Shopify CSV: the same items ($(tail -1 "$T/py"))" has '^same [0-9]+ items$' "$T/py"

# errors
printf 'name,price\nA,1\n' > "$T/other.csv"
"$fg" build --catalog "$T/other.csv" --channel tiktok --output "$T/o.csv" $opts 2>"$T/err"; rc=$?
check "an unknown CSV: exit 3 (got $rc) naming the file and what was expected" \
	sh -c "[ $rc -eq 3 ] && grep -q \"catalog '$T/other.csv' line 1: a CSV file, but not a product export feedgen knows\" '$T/err' && [ ! -e '$T/o.csv' ]"
"$fg" build --catalog $D/shopify-export.csv --catalog-type woocommerce-csv --channel tiktok --output "$T/o.csv" $opts 2>"$T/err"; rc=$?
check "the other export named: exit 2 (got $rc) with the type to use" \
	sh -c "[ $rc -eq 2 ] && grep -q 'the header is a shopify-csv export, not woocommerce-csv: use --catalog-type shopify-csv' '$T/err'"
"$fg" build --catalog $D/woocommerce-export.csv --channel tiktok --output "$T/o.csv" --brand B 2>"$T/err"; rc=$?
check "WooCommerce without --shop-url: exit 2 (got $rc)" \
	sh -c "[ $rc -eq 2 ] && grep -q 'carries no product URLs: give the public shop URL with --shop-url' '$T/err'"
printf 'Handle,Title,Variant SKU,Variant Price\na,A,S1,1\n,B,S2,2\n' > "$T/nohandle.csv"
"$fg" build --catalog "$T/nohandle.csv" --channel tiktok --output "$T/o.csv" $opts 2>"$T/err"; rc=$?
check "a Shopify row without a Handle: exit 3 (got $rc) with its line" \
	sh -c "[ $rc -eq 3 ] && grep -q \"nohandle.csv' line 3: a row without a Handle\" '$T/err'"
printf 'Handle,Title,Variant SKU,Variant Price\na,"A,S1,1\n' > "$T/quote.csv"
"$fg" build --catalog "$T/quote.csv" --channel tiktok --output "$T/o.csv" $opts 2>"$T/err"; rc=$?
check "an unterminated quote: exit 3 (got $rc) with the line it opens on" \
	sh -c "[ $rc -eq 3 ] && grep -q \"quote.csv' line 2: unterminated quoted field\" '$T/err'"
printf 'Handle,Title,Body (HTML),Variant SKU,Variant Price,Image Src\ntee,Caf\351 cr\350me,Soft,TEE-S,10.00,https://s.example/t.jpg\n' > "$T/latin1.csv"
"$fg" build --catalog "$T/latin1.csv" --channel google --output "$T/latin1.xml" $opts 2>"$T/err"; rc=$?
check "a Windows-1252 export: published (exit $rc) with one warning naming the first row" \
	sh -c "[ $rc -eq 0 ] && grep -q \"latin1.csv': 1 row (the first on line 2) is not UTF-8; the bytes that are not were replaced by U+FFFD\" '$T/err'"
check "a Windows-1252 export: the title carries U+FFFD, valid UTF-8 XML" sh -c "python3 -c \"import sys; sys.exit('Caf\\ufffd cr\\ufffdme' not in open('$T/latin1.xml', encoding='utf-8').read())\" && xmllint --noout '$T/latin1.xml'"
python3 -c "
import sys
rows = ['ID,Type,SKU,Name,Published,Description,Images,Regular price,Parent', '1,simple,S1,Tee,1,Soft,https://s.example/t.jpg,5,']
rows += ['%d,variation,V%d,V,1,,,5,id:999999' % (i, i) for i in range(2, 200002)]
open(sys.argv[1], 'w').write('\n'.join(rows) + '\n')" "$T/orphans.csv"
/usr/bin/time -f '%M' -o "$T/rss" "$fg" build --catalog "$T/orphans.csv" --channel google --output "$T/orphans.xml" $opts 2>"$T/err"; rc=$?
check "200,000 orphan variations: one warning, the product published (exit $rc), in $(cat "$T/rss") KB" \
	sh -c "[ $rc -eq 0 ] && [ \$(grep -c 'name a parent that is not in the file' '$T/err') = 1 ] && [ \$(tail -1 '$T/rss') -lt 100000 ]"
"$fg" validate --catalog $D/woocommerce-export.csv --channel google --channel meta --shop-url https://shop.example \
	--brand Northwind --currency EUR >"$T/out" 2>"$T/err"; rc=$?
check "validate --catalog reads the exports too (exit $rc)" test $rc -eq 0

# the real WooCommerce export (../shared/data/realworld, never committed), its first copy of 25 rows
real=../shared/data/realworld/woocommerce-csv/woocommerce_sample_products_x16.csv
[ -f "$real" ] || real=/work/shared/data/realworld/woocommerce-csv/woocommerce_sample_products_x16.csv
if [ -f "$real" ]; then
	head -26 "$real" > "$T/real.csv"
	for ch in tiktok google meta; do
		"$fg" build --catalog "$T/real.csv" --channel $ch --output "$T/real-$ch.csv" --shop-url https://shop.example \
			--brand Woo --max-messages 0 --report "$T/r.json" --report-format json 2>/dev/null; rc=$?
		n=$(python3 -c "import json; d=json.load(open('$T/r.json'))['summary']; print(d['written'], d['errors'])")
		check "real WooCommerce export -> $ch: exit $rc, 21 items and 0 errors (got $n)" test "$rc $n" = "0 21 0"
	done
else
	echo "# skip: the real WooCommerce export is not here"
fi
suite_end
