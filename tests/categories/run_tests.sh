#!/bin/sh
# tests/categories/run_tests.sh: the category map and `feedgen categories` (issue 13 item 5,
# docs/categories.md): samples/feedgen-categories.json fills the Google feed's
# g:google_product_category (read back by xmllint) and the TikTok and Meta columns (Python's
# csv), by exact rows and by the longest prefix ("Footwear > Kids" from "Footwear"); matching
# folds case and spaces; an unmapped product_type is one warning with its item count, however
# many items it has; `feedgen categories` lists every product_type with counts that match the
# catalog (text and JSON), writes nothing else, and --missing-csv writes the gaps as a map that,
# filled in, silences the warnings; --categories overrides the configuration's map; an edited map
# rebuilds a run that would otherwise be skipped; every load error names the file and line
# (exit 2). Without a map the sample's feeds stay as they were (no google_product_category).
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=categories tag=""
. tests/lib/check.sh
export SOURCE_DATE_EPOCH=1780000000
copts="--shop-url https://northwind.example --currency EUR --brand Northwind"   # categories, validate
opts="$copts --max-rejected-percent 100"

# xmllint's reading of one item's google_product_category in a Google feed
gpc_xml() { # $1: feed, $2: id
	xmllint --xpath "string(//*[local-name()='item'][*[local-name()='id']='$2']/*[local-name()='google_product_category'])" "$1"
}
# Python's csv reading of a column of one row
gpc_csv() { # $1: feed, $2: id column, $3: id
	python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")):
    if r[sys.argv[2]] == sys.argv[3]: print(r["google_product_category"])' "$1" "$2" "$3"
}

# 1. the sample configuration with its map
mkdir -p "$T/shop" "$T/out/categories"
cp samples/catalog.json samples/inventory.csv samples/categories.csv samples/feedgen-categories.json "$T/shop/"
"$fg" build --config "$T/shop/feedgen-categories.json" --max-messages 1000 2>"$T/err"; rc=$?
check "samples/feedgen-categories.json builds (exit $rc)" test $rc -eq 0
G=$T/out/categories/google.xml
check "google: the feed is well-formed XML" xmllint --noout "$G"
check "google: an exact row fills g:google_product_category (Apparel > Base Layers)" \
	test "$(gpc_xml "$G" NW-FJORD-NVY-S)" = "Apparel & Accessories > Clothing > Activewear"
check "google: the longest prefix ('Footwear' for 'Footwear > Kids') gives its id" \
	test "$(gpc_xml "$G" NW-BOOT-K28)" = "187"
check "google: 'Camping > Lighting' falls back to the 'Camping' row, not the longer 'Camping > Tents'" \
	test "$(gpc_xml "$G" AG-LANTERN-GLOW)" = "Sporting Goods > Outdoor Recreation > Camping & Hiking"
check "google: a quoted category with a comma survives (Home > Posters)" \
	test "$(gpc_xml "$G" NW-POSTER-DOLO-A2)" = "Home & Garden > Decor > Artwork > Posters, Prints & Visual Artwork"
check "google: a non-ASCII product_type matches (Vêtements > Polaires)" \
	test "$(gpc_xml "$G" NW-ETOILE-M)" = "Apparel & Accessories > Clothing > Outerwear > Coats & Jackets"
check "google: the unmapped 'Accessories > Towels' item has no g:google_product_category" \
	test "$(xmllint --xpath "count(//*[local-name()='item'][*[local-name()='id']='KY-TENUGUI-FUJI']/*[local-name()='google_product_category'])" "$G")" = 0
check "tiktok: the google_product_category column, read by Python's csv" \
	test "$(gpc_csv "$T/out/categories/tiktok.csv" sku_id NW-FJORD-NVY-S)" = "Apparel & Accessories > Clothing > Activewear"
check "meta: the google_product_category column, read by Python's csv" \
	test "$(gpc_csv "$T/out/categories/meta.csv" id NW-BOOT-K28)" = "187"
n=$(grep -c 'category-unmapped' "$T/err")
check "one category-unmapped warning for the one unmapped product_type (got $n)" test "$n" = 1
check "the warning names the product_type, the map and the count" \
	has "categories.csv: warning\[category-unmapped\]: product_type: product_type 'Accessories > Towels' is not in the category map: 1 item has no google_product_category" "$T/err"

# 2. once per category, with its count: a map without the apparel rows
grep -v '^Apparel' samples/categories.csv > "$T/partial.csv"
"$fg" build --catalog samples/catalog.json --categories "$T/partial.csv" --channel google --output "$T/p.xml" $opts \
	--max-messages 1000 --report "$T/p.json" --report-format json 2>"$T/err"; rc=$?
check "a partial map: exit 0 (got $rc)" test $rc -eq 0
check "the 6 base layer items are one warning with their count" \
	has "product_type 'Apparel > Base Layers' is not in the category map: 6 items have no google_product_category" "$T/err"
check "the 5 jackets (two products) are one warning" \
	has "product_type 'Apparel > Jackets' is not in the category map: 5 items have no google_product_category" "$T/err"
check "the JSON report has one category-unmapped finding per unmapped product_type (5)" \
	test "$(python3 -c 'import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))["findings"] if f["rule"] == "category-unmapped"))' "$T/p.json")" = 5
"$fg" validate --catalog samples/catalog.json --categories "$T/partial.csv" --channel google $copts 2>"$T/err"; rc=$?
check "validate --categories: the same warning" has "'Apparel > Socks' is not in the category map: 3 items" "$T/err"
"$fg" build --catalog samples/catalog.json --channel google --output "$T/none.xml" $opts 2>"$T/err"
check "no map: no google_product_category and no category warning" \
	sh -c "! grep -q 'google_product_category' '$T/none.xml' && ! grep -q category-unmapped '$T/err'"

# 3. matching folds case and spaces
printf 'product_type,google_product_category\n"  apparel>BASE   layers ",166\n' > "$T/fold.csv"
"$fg" build --catalog samples/catalog.json --categories "$T/fold.csv" --channel google --output "$T/fold.xml" $opts 2>/dev/null
check "'  apparel>BASE   layers ' matches 'Apparel > Base Layers'" test "$(gpc_xml "$T/fold.xml" NW-FJORD-NVY-S)" = 166

# 4. feedgen categories: the listing, its counts against the catalog, nothing written
python3 - samples/catalog.json > "$T/expected-counts" <<'PY'
import json, sys
from collections import Counter
c = Counter()
for p in json.load(open(sys.argv[1]))["products"]:
    if p.get("status", "active") == "active":
        c[p["product_type"]] += len(p["variants"])
for k in sorted(c):
    print(f"{k}\t{c[k]}")
PY
before=$(ls -a "$T/shop" | tr '\n' ' ')
"$fg" categories --config "$T/shop/feedgen-categories.json" --report-format json > "$T/list.json" 2>"$T/err"; rc=$?
check "categories --config --report-format json: exit 0 (got $rc)" test $rc -eq 0
python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
for t in sorted(d["product_types"], key=lambda t: t["product_type"]):
    print(t["product_type"] + "\t" + str(t["items"]))' "$T/list.json" > "$T/got-counts"
check "categories: every product_type with the catalog's item count" cmp -s "$T/got-counts" "$T/expected-counts"
check "categories json: how each is mapped (exact row, prefix row, none) and the totals" python3 -c 'import json,sys
d = json.load(open(sys.argv[1])); by = {t["product_type"]: t for t in d["product_types"]}
k = by["Footwear > Kids"]; b = by["Apparel > Base Layers"]; w = by["Accessories > Towels"]
assert (k["match"], k["map_product_type"], k["line"], k["google_product_category"], k["mapped"]) == ("prefix", "Footwear", 13, "187", 3), k
assert (b["match"], b["line"], b["mapped"], b["missing"]) == ("exact", 2, 6, 0), b
assert (w["match"], w["google_product_category"], w["missing"]) == ("none", None, 1), w
t = d["totals"]; assert (t["items"], t["mapped"], t["missing"], t["unmapped_product_types"]) == (37, 36, 1, 1), t
assert d["category_map"].endswith("categories.csv")' "$T/list.json"
check "categories writes no feed, no .feedgen/ state and no lock" \
	sh -c "[ \"\$(ls -a '$T/shop' | tr '\n' ' ')\" = '$before' ] && [ ! -e '$T/shop/.feedgen' ] && [ -z \"\$(ls '$T/out/categories' | grep -v -e tiktok.csv -e google.xml -e meta.csv)\" ]"
"$fg" categories --catalog samples/catalog.json --categories samples/categories.csv $copts > "$T/list.txt" 2>/dev/null; rc=$?
check "categories (text): exit 0 (got $rc)" test $rc -eq 0
check "categories text: a prefix row with its line" \
	has '^ +3 +0 +3 +0  Footwear > Kids -> 187 \(prefix .Footwear., line 13\)$' "$T/list.txt"
check "categories text: the unmapped one" has '^ +1 +0 +0 +1  Accessories > Towels -> \(not in the category map\)$' "$T/list.txt"
check "categories text: the summary line" \
	has '^17 product types, 37 items: 36 filled by the category map, 0 kept the catalog.s own, 1 without a google_product_category \(1 product type to add\)$' "$T/list.txt"

# 5. --missing-csv: the gaps as a map to complete; filled in, the warnings go
"$fg" categories --catalog samples/catalog.json --categories "$T/partial.csv" $copts --missing-csv "$T/missing.csv" >/dev/null 2>&1; rc=$?
check "categories --missing-csv: exit 0 (got $rc)" test $rc -eq 0
check "--missing-csv, read by Python's csv: the 5 unmapped product types, most items first, empty categories" python3 -c 'import csv,sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert rows[0] == ["product_type", "google_product_category", "items"], rows[0]
assert [r[0] for r in rows[1:]] == ["Apparel > Base Layers", "Apparel > Jackets", "Apparel > Socks", "Apparel > Vests", "Accessories > Towels"], rows
assert all(r[1] == "" for r in rows[1:]) and [r[2] for r in rows[1:]] == ["6", "5", "3", "2", "1"], rows' "$T/missing.csv"
"$fg" build --catalog samples/catalog.json --categories "$T/missing.csv" --channel google --output "$T/x.xml" $opts 2>"$T/err"; rc=$?
check "the unfilled --missing-csv is refused as a map (exit 2, its line)" \
	sh -c "[ $rc -eq 2 ] && grep -q \"line 2: empty google_product_category for product_type 'Apparel > Base Layers'\" '$T/err'"
python3 -c 'import csv,sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
with open(sys.argv[2], "a", encoding="utf-8", newline="") as out:
    w = csv.writer(out)
    for r in rows[1:]: w.writerow([r[0], "Apparel & Accessories"])' "$T/missing.csv" "$T/partial.csv"
"$fg" build --catalog samples/catalog.json --categories "$T/partial.csv" --channel google --output "$T/full.xml" $opts 2>"$T/err"; rc=$?
check "the completed map: exit 0 (got $rc), no category-unmapped warning left" \
	sh -c "[ $rc -eq 0 ] && ! grep -q category-unmapped '$T/err'"
check "the completed map: the filled rows reach the feed" test "$(gpc_xml "$T/full.xml" KY-TENUGUI-FUJI)" = "Apparel & Accessories"

# 6. the configuration: --categories overrides categories.map; an edited map is a changed source
"$fg" categories --config "$T/shop/feedgen-categories.json" --categories "$T/fold.csv" --report-format json > "$T/over.json" 2>/dev/null
check "--categories overrides the configuration's map" python3 -c 'import json,sys
d = json.load(open(sys.argv[1])); assert d["category_map"].endswith("fold.csv") and d["totals"]["mapped"] == 6, d["totals"]' "$T/over.json"
"$fg" build --config "$T/shop/feedgen-categories.json" --quiet 2>/dev/null
"$fg" build --config "$T/shop/feedgen-categories.json" 2>"$T/err"
check "an unchanged rerun is skipped (the map is fingerprinted with the sources)" has 'nothing rebuilt' "$T/err"
sed 's/^Footwear,187,/Footwear,188,/' samples/categories.csv > "$T/shop/categories.csv"
"$fg" build --config "$T/shop/feedgen-categories.json" 2>"$T/err"
check "an edited map rebuilds: the new id is in the feed" \
	sh -c "! grep -q 'nothing rebuilt' '$T/err' && [ \"\$(xmllint --xpath \"string(//*[local-name()='item'][*[local-name()='id']='NW-BOOT-K28']/*[local-name()='google_product_category'])\" '$G')\" = 188 ]"
printf '{"shop": {"url": "https://x.example"}, "catalog": "catalog.json", "categories": {"mapp": "x.csv"}, "feeds": [{"channel": "google", "output": "g.xml"}]}' > "$T/shop/badkey.json"
"$fg" build --config "$T/shop/badkey.json" 2>"$T/err"; rc=$?
check "an unknown key of categories names its path (exit 2)" \
	sh -c "[ $rc -eq 2 ] && grep -q 'categories.mapp: unknown key (known: map)' '$T/err'"

# 7. load errors: exit 2, the file and the line
bad() { # $1: name, $2: CSV content (printf format), $3: the expected message (ERE)
	printf "$2" > "$T/bad.csv"
	"$fg" build --catalog samples/catalog.json --categories "$T/bad.csv" --channel google --output "$T/bad.xml" $opts 2>"$T/err"; rc=$?
	check "load error, $1: exit 2 (got $rc), nothing written" sh -c "[ $rc -eq 2 ] && [ ! -e '$T/bad.xml' ]"
	check "load error, $1: the message names the file and line" has "^feedgen: category map '$T/bad.csv' $3" "$T/err"
}
bad "missing column" 'product_type,category\nShoes,187\n' "line 1: no 'google_product_category' column"
bad "no product_type column" 'type,google_product_category\nShoes,187\n' "line 1: no 'product_type' column"
bad "empty file" '' "is empty \(expected a header row: product_type,google_product_category\)"
bad "duplicate with another value" 'product_type,google_product_category\nShoes,187\nHats,173\n shoes ,188\n' \
	"line 4: product_type 'shoes' is mapped to '188' here and to '187' on line 2 \(keep one row\)"
bad "empty category" 'product_type,google_product_category\nShoes,187\nHats,\n' "line 3: empty google_product_category for product_type 'Hats'"
bad "empty product_type" 'product_type,google_product_category\n,187\n' "line 2: empty product_type"
bad "neither an id nor a path" 'product_type,google_product_category\nShoes,12a\n' \
	"line 2: google_product_category '12a' is neither a Google category id \(digits\) nor a path"
bad "an empty path segment" 'product_type,google_product_category\nShoes,Apparel & Accessories >> Shoes\n' \
	"line 2: google_product_category 'Apparel & Accessories >> Shoes' is neither"
bad "a line of the taxonomy file" 'product_type,google_product_category\nShoes,187 - Apparel & Accessories > Shoes\n' \
	"line 2: google_product_category '187 - Apparel & Accessories > Shoes' is a line of Google's taxonomy file"
bad "an unterminated quote" 'product_type,google_product_category\nShoes,"187\n' "line 2: unterminated quoted field"
printf 'product_type,google_product_category\nShoes,187\nshoes,187\n' > "$T/dup-same.csv"
"$fg" build --catalog samples/catalog.json --categories "$T/dup-same.csv" --channel google --output "$T/d.xml" $opts 2>/dev/null; rc=$?
check "a repeated product_type with the same category is fine (exit $rc)" test $rc -eq 0
"$fg" build --catalog samples/catalog.json --categories "$T/nonexistent.csv" --channel google --output "$T/n.xml" $opts 2>"$T/err"; rc=$?
check "a missing map file: exit 3 (an input that cannot be read), named" \
	sh -c "[ $rc -eq 3 ] && grep -q \"nonexistent.csv\" '$T/err' && [ ! -e '$T/n.xml' ]"
"$fg" categories --catalog samples/catalog.json --report-format junit $copts >/dev/null 2>"$T/err"; rc=$?
check "categories --report-format junit: exit 2" sh -c "[ $rc -eq 2 ] && grep -q 'text or json' '$T/err'"
"$fg" categories $copts >/dev/null 2>"$T/err"; rc=$?
check "categories without a catalog: exit 2 with the fix" sh -c "[ $rc -eq 2 ] && grep -q 'categories needs --config FILE, --catalog FILE' '$T/err'"
suite_end
