#!/bin/sh
# tests/mapping/run_tests.sh: mapped catalogs (issue 13 item 3, docs/mapping.md): the two samples
# (an ERP CSV with its own column names and ';', a PIM JSON with variants under data.items) build
# the three channels' feeds, read back by Python's csv / xml.etree (values.py) and xmllint; every
# path form ([N], [N:], [], dotted keys), defaults, the currency (mapped, defaulted, the catalog's),
# JSON Lines, records paths, CSV delimiters, BOM, CRLF and quoted newlines, a missing id, a record
# that is not an object, a mapped column the header lacks, the inventory join; bad paths, unknown
# fields and keys exit 2 naming their configuration path; the configuration's catalog.mapping
# builds what --mapping does; 50,000 records stream in flat memory.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=mapping tag=""
. tests/lib/check.sh
S=samples
export SOURCE_DATE_EPOCH=1780000000 FEEDGEN_TEMPLATES="$top/templates"
opts="--shop-url https://northwind.example --max-messages 50"
vals() { python3 tests/mapping/values.py "$@"; }
readback() { # $1: file; xmllint or Python's csv
	case "$1" in
	*.xml) xmllint --noout "$1" 2>&1 ;;
	*) python3 tests/lib/readback.py "$1" ;;
	esac
}

# 1. the samples, three channels each
for ch in tiktok:csv google:xml meta:csv google:csv; do
	c=${ch%%:*} f=${ch##*:}
	out=$T/erp-$c.$f
	"$fg" build --catalog $S/mapped-erp.csv --mapping $S/mapping-erp.json --channel $c --output "$out" $opts 2>"$T/err"; rc=$?
	check "erp sample -> $c $f: exit 0 (got $rc)" test $rc -eq 0
	check "erp sample -> $c $f: read back by an independent parser" test -z "$(readback "$out")"
	out=$T/pim-$c.$f
	"$fg" build --catalog $S/mapped-pim.json --mapping $S/mapping-pim.json --channel $c --output "$out" $opts 2>"$T/err"; rc=$?
	check "pim sample -> $c $f: exit 0 (got $rc)" test $rc -eq 0
	check "pim sample -> $c $f: read back by an independent parser" test -z "$(readback "$out")"
done
check "erp -> google: columns mapped, ';' inside quotes kept, relative link made absolute, defaults" vals "$T/erp-google.xml" '#items=3' \
	'ERP-1001:title=Kaffeebecher Steingut 350 ml' 'ERP-1001:description=Handglasiert; spuelmaschinenfest.' \
	'ERP-1001:price=12.90 EUR' 'ERP-1001:gtin=4006381333931' 'ERP-1001:link=https://northwind.example/produkt/kaffeebecher' \
	'ERP-1001:additional_image_link=https://cdn.northwind.example/img/erp-1001-b.jpg,https://cdn.northwind.example/img/erp-1001-c.jpg' \
	'ERP-1001:condition=new' 'ERP-1001:availability=in_stock' 'ERP-1001:color=Sand' 'ERP-1001:size=350 ml' \
	'ERP-1002:title=Teekanne "Oslo" 1,2 l' 'ERP-1002:price=34.50 EUR' 'ERP-1002:sale_price=29.90 EUR' \
	'ERP-1002:availability=out_of_stock' 'ERP-1002:brand=Northwind Home' 'ERP-1003:product_type=Home & Garden > Linens & Bedding'
check "erp -> tiktok: the same items in TikTok's spellings" vals "$T/erp-tiktok.csv" '#items=3' 'ERP-1002:availability=out of stock' \
	'ERP-1002:sale_price=29.90 EUR' 'ERP-1003:price=9.95 EUR'
check "erp -> meta: the same items" vals "$T/erp-meta.csv" '#items=3' 'ERP-1001:brand=Northwind' 'ERP-1002:price=34.50 EUR'
"$fg" build --catalog $S/mapped-erp.csv --mapping $S/mapping-erp.json --channel google --output "$T/x.xml" $opts 2>"$T/err"
check "erp: the row without an id is skipped with file, line and record number" \
	has "mapped-erp.csv:6: error\[record\]: id: record 4 has no id \(fields.id 'Artikelnummer'\); skipped" "$T/err"
check "erp: the summary counts it as a skipped record" has "3 read, 0 rejected, 1 skipped records" "$T/err"
check "pim -> google: one item per variant, [] [0] [1:] paths, was/now prices, per-variant currency" vals "$T/pim-google.xml" '#items=4' \
	'PIM-200-NAVY-M:item_group_id=PIM-200' 'PIM-200-NAVY-M:title=Merino Pullover Rundhals' \
	'PIM-200-NAVY-M:price=99.95 EUR' 'PIM-200-NAVY-M:sale_price=79.95 EUR' 'PIM-200-NAVY-M:gtin=4006381333962' \
	'PIM-200-NAVY-M:image_link=https://cdn.northwind.example/pim/200-front.jpg' \
	'PIM-200-NAVY-M:additional_image_link=https://cdn.northwind.example/pim/200-back.jpg,https://cdn.northwind.example/pim/200-detail.jpg' \
	'PIM-200-NAVY-L:color=Navy' 'PIM-200-NAVY-L:size=L' 'PIM-200-NAVY-L:custom_label_0=low_stock' \
	'PIM-200-GREY-M:price=79.95 EUR' 'PIM-200-GREY-M:sale_price=' 'PIM-200-GREY-M:availability=out_of_stock' \
	'PIM-300-39:price=24.00 CHF' 'PIM-300-39:brand=Northwind' 'PIM-300-39:additional_image_link='
check "pim: the HTML description is text (the shared normaliser's)" vals "$T/pim-google.xml" \
	'PIM-200-NAVY-M:description=Weicher Merino-Strick & Rippbuendchen.
100 % Merinowolle'
check "pim -> tiktok and meta: four items each" sh -c "python3 tests/mapping/values.py '$T/pim-tiktok.csv' '#items=4' && python3 tests/mapping/values.py '$T/pim-meta.csv' '#items=4' 'PIM-300-39:price=24.00 CHF'"

"$fg" validate --catalog $S/mapped-pim.json --mapping $S/mapping-pim.json --channel google --channel meta 2>"$T/err"; rc=$?
check "validate reads a mapped catalog too: exit 0, four valid items (got $rc)" sh -c "[ $rc -eq 0 ] && grep -q '4 items checked: 4 valid, 0 with errors' '$T/err'"

# 2. the configuration's catalog.mapping builds what --mapping builds
python3 - "$S/mapping-pim.json" "$T/cfg.json" "$top/$S/mapped-pim.json" "$T" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
cfg = {"shop": {"url": "https://northwind.example"}, "catalog": {"path": sys.argv[3], "type": "mapped", "mapping": m},
       "feeds": [{"channel": "google", "format": "xml", "output": sys.argv[4] + "/cfg-google.xml"}]}
json.dump(cfg, open(sys.argv[2], "w"), indent=1)
PY
"$fg" build --config "$T/cfg.json" --quiet 2>"$T/err"; rc=$?
check "configuration catalog.mapping: exit 0 (got $rc)" test $rc -eq 0
check "configuration catalog.mapping: the same feed as --mapping" cmp -s "$T/cfg-google.xml" "$T/pim-google.xml"
"$fg" build --config "$T/cfg.json" --mapping $S/mapping-pim.json 2>"$T/err"; rc=$?
check "--mapping with --config: exit 2, pointing to catalog.mapping" sh -c "[ $rc -eq 2 ] && grep -q 'cannot be combined with --config: put the mapping in .*catalog.mapping' '$T/err'"

# 3. every path form, defaults, currency, JSON numbers and strings
cat >"$T/forms.json" <<'J'
[
 {"sku": "F-1", "url": "https://shop.example/f1", "info": {"name": "Dotted key", "brand": {"name": "Acme"}}, "offers": [{"price": 10}, {"price": "12.50"}],
  "media": [{"src": "https://img.example/1.jpg"}, {"src": "https://img.example/2.jpg"}, {"src": "//img.example/3.jpg"}],
  "gallery": ["https://img.example/a.jpg", "https://img.example/b.jpg"], "qty": "4", "labels": ["x", "best"]},
 {"sku": "F-2", "info": {"name": "Defaults", "brand": {"name": ""}}, "offers": [{"price": 3}], "qty": 0, "cur": "JPY"},
 {"sku": "F-3", "url": "https://shop.example/f3", "info": {"name": "Bad currency"}, "offers": [{"price": "3.00"}], "cur": "EURO", "qty": 2.0}
]
J
cat >"$T/forms-map.json" <<'J'
{"fields": {"id": "sku", "title": "info.name", "brand": "info.brand.name", "price": "offers[1].price",
  "sale_price": "offers[0].price", "image_link": "media[0].src", "additional_image_link": "media[1:].src",
  "quantity": "qty", "mpn": "labels[1]", "currency": "cur", "link": "url", "description": "info.name"},
 "defaults": {"brand": "Fallback", "condition": "new", "price": "5", "mpn": "none", "link": "https://shop.example/fallback", "image_link": "https://img.example/default.jpg"}}
J
"$fg" build --catalog "$T/forms.json" --mapping "$T/forms-map.json" --channel google --output "$T/forms.xml" --currency EUR --max-rejected-percent 100 --max-messages 50 2>"$T/err"; rc=$?
check "path forms: exit 0 (got $rc)" test $rc -eq 0
check "path forms: dotted keys, [N], [N:].key, JSON numbers and strings" vals "$T/forms.xml" '#items=3' \
	'F-1:title=Dotted key' 'F-1:brand=Acme' 'F-1:price=12.50 EUR' 'F-1:sale_price=10.00 EUR' \
	'F-1:image_link=https://img.example/1.jpg' 'F-1:additional_image_link=https://img.example/2.jpg,https://img.example/3.jpg' \
	'F-1:mpn=best' 'F-1:availability=in_stock'
check "defaults: used when the source is absent or empty; a mapped currency (JPY) sets the decimals" vals "$T/forms.xml" \
	'F-2:brand=Fallback' 'F-2:price=5 JPY' 'F-2:sale_price=3 JPY' 'F-2:mpn=none' 'F-2:link=https://shop.example/fallback' 'F-2:availability=out_of_stock' 'F-2:condition=new'
check "a currency that is not ISO 4217: the catalog's (--currency EUR) with a warning" vals "$T/forms.xml" 'F-3:price=5.00 EUR' 'F-3:sale_price=3.00 EUR'
check "the bad currency's warning names it" has "F-3: price: currency 'EURO' is not an ISO 4217 code; EUR used" "$T/err"
# feed-style prices: money_split_price's forms ("12.00EUR", lower case) give the amount and the
# currency; a code that is not ISO 4217 is not taken for a currency (the price is rejected)
cat >"$T/fprice.json" <<'J'
[{"sku": "FP-1", "p": "12.00 EUR", "s": "9.50 EUR"}, {"sku": "FP-2", "p": "12.00EUR", "s": "9.50eur"},
 {"sku": "FP-3", "p": "7 chf "}, {"sku": "FP-4", "p": "12.00 XYZ"}, {"sku": "FP-5", "p": "1 box"}, {"sku": "FP-6", "p": "9.99"}]
J
echo '{"fields": {"id": "sku", "title": "sku", "description": "sku", "price": "p", "sale_price": "s"}, "defaults": {"brand": "B", "condition": "new", "link": "https://s.example/p", "image_link": "https://s.example/p.jpg"}}' >"$T/fprice-map.json"
"$fg" build --catalog "$T/fprice.json" --mapping "$T/fprice-map.json" --channel google --output "$T/fprice.xml" --currency USD --max-rejected-percent 100 --max-messages 50 2>"$T/err"; rc=$?
check "feed-style prices: \"12.00EUR\", \"9.50eur\", \"7 chf \" split into amount and currency (exit $rc)" vals "$T/fprice.xml" '#items=4' \
	'FP-1:price=12.00 EUR' 'FP-1:sale_price=9.50 EUR' 'FP-2:price=12.00 EUR' 'FP-2:sale_price=9.50 EUR' 'FP-3:price=7.00 CHF' 'FP-6:price=9.99 USD' '!FP-4' '!FP-5'
check "feed-style prices: a code that is not ISO 4217, and a word, are rejected by name" \
	sh -c "grep -q \"FP-4: price: '12.00 XYZ' is not a decimal number\" '$T/err' && grep -q \"FP-5: price: '1 box' is not a decimal number\" '$T/err'"
cat >"$T/multi.json" <<'J'
[{"sku": "M-1", "gallery": ["https://img.example/a.jpg", "https://img.example/b.jpg"], "p": 1}]
J
echo '{"fields": {"id": "sku", "title": "sku", "description": "sku", "price": "p", "image_link": "gallery[0]", "additional_image_link": "gallery", "link": "gallery[0]"}, "defaults": {"brand": "B", "condition": "new"}}' >"$T/multi-map.json"
"$fg" build --catalog "$T/multi.json" --mapping "$T/multi-map.json" --channel google --output "$T/multi.xml" --max-rejected-percent 100 --max-messages 0 2>"$T/err"
check "a multi-valued field from a whole array gives each element" vals "$T/multi.xml" 'M-1:additional_image_link=https://img.example/a.jpg,https://img.example/b.jpg'

# 4. JSON Lines, records paths, inline --mapping
inline='{"fields": {"id": "id", "title": "t", "description": "t", "price": "p", "link": "u", "image_link": "u"}, "defaults": {"condition": "new", "brand": "B"}}'
printf '{"id": "L-1", "t": "One", "p": 1, "u": "https://s.example/1"}\n{"id": "L-2", "t": "Two", "p": "2.00", "u": "https://s.example/2"}\n' >"$T/lines.jsonl"
"$fg" build --catalog "$T/lines.jsonl" --mapping "$inline" --channel meta --output "$T/lines.csv" 2>"$T/err"; rc=$?
check "JSON Lines with an inline --mapping: exit 0 (got $rc)" test $rc -eq 0
check "JSON Lines: one item per line" vals "$T/lines.csv" '#items=2' 'L-1:price=1.00 USD' 'L-2:title=Two'
echo '{"meta": {"n": 2}, "items": [{"id": "R-1", "t": "One", "p": 1, "u": "https://s.example/1"}], "products": [{"id": "WRONG"}]}' >"$T/records.json"
inline_items='{"records": "items", "fields": {"id": "id", "title": "t", "description": "t", "price": "p", "link": "u", "image_link": "u"}, "defaults": {"condition": "new", "brand": "B"}}'
"$fg" build --catalog "$T/records.json" --mapping "$inline_items" --channel meta --output "$T/records.csv" 2>"$T/err"
check "records \"items\": that array, not \"products\"" vals "$T/records.csv" '#items=1' 'R-1:title=One'
echo '{"data": {"page": 1, "items": [{"id": "D-1", "t": "One", "p": 1, "u": "https://s.example/1"}, {"id": "D-2", "t": "Two", "p": 2, "u": "https://s.example/2"}]}}' >"$T/nested.json"
"$fg" build --catalog "$T/nested.json" --mapping "$(echo "$inline_items" | sed 's/"items"/"data.items"/')" --channel meta --output "$T/nested.csv" 2>"$T/err"
check "records \"data.items\": the nested array" vals "$T/nested.csv" '#items=2' 'D-2:price=2.00 USD'
echo '{"products": [{"id": "P-1", "t": "One", "p": 1, "u": "https://s.example/1"}]}' >"$T/products.json"
"$fg" build --catalog "$T/products.json" --mapping "$inline" --channel meta --output "$T/products.csv" 2>"$T/err"
check "no records path: {\"products\": [...]} as for shop catalogs" vals "$T/products.csv" '#items=1' 'P-1:title=One'

# 5. records that are not objects, a missing id, a record without variants
printf '[[1, 2], "text", {"id": "O-1", "t": "Object", "p": 1, "u": "https://s.example/1"}, {"t": "no id"}]' >"$T/notobj.json"
"$fg" build --catalog "$T/notobj.json" --mapping "$inline" --channel meta --output "$T/notobj.csv" --max-messages 50 2>"$T/err"; rc=$?
check "records that are not objects: exit 0, the object still builds (got $rc)" sh -c "[ $rc -eq 0 ] && python3 tests/mapping/values.py '$T/notobj.csv' '#items=1' 'O-1:title=Object'"
check "an array record: skipped with its number" has "notobj.json:1: error\[record\]: record 1 is an array, not an object; skipped" "$T/err"
check "a string record: skipped by the catalog reader, with its column" has "notobj.json:1:15: error\[record\]: record is not valid JSON" "$T/err"
check "a record without an id: skipped with its number" has "error\[record\]: id: record 3 has no id \(fields.id 'id'\); skipped" "$T/err"
check "the summary counts the skipped records" has "1 read, 0 rejected, 2 skipped records" "$T/err"
printf '[{"code": "V-1", "name": "Variants", "variants": [{"sku": "V-1-A", "p": 1}, {"p": 2}]}, {"code": "V-2", "name": "None", "sku": "V-2"}]' >"$T/variants.json"
echo '{"variants": "variants", "fields": {"id": "variants[].sku", "item_group_id": "code", "title": "name", "description": "name", "price": "variants[].p", "link": "u", "image_link": "u"}, "defaults": {"brand": "B", "condition": "new", "link": "https://s.example/v", "image_link": "https://s.example/v.jpg"}}' >"$T/variants-map.json"
"$fg" build --catalog "$T/variants.json" --mapping "$T/variants-map.json" --channel google --output "$T/variants.xml" --max-rejected-percent 100 --max-messages 50 2>"$T/err"
check "a variant without an id: skipped, named by record and variant" has "id: record 1 variant 2 has no id \(fields.id 'variants\[\].sku'\); skipped" "$T/err"
check "a record without variants: one item, its [] paths empty (no id here: skipped)" has "record 2 has no id" "$T/err"
check "the variant with an id builds" vals "$T/variants.xml" '#items=1' 'V-1-A:item_group_id=V-1' 'V-1-A:price=1.00 USD'

# 6. CSV: delimiters, BOM, CRLF, quoted newlines, a missing column
printf '\357\273\277sku\tname\tprice\turl\r\nT-1\t"Two\r\nlines"\t3.50\thttps://s.example/t1\r\nT-2\tPlain\t4\thttps://s.example/t2\r\n' >"$T/tabs.csv"
tabmap='{"format": "csv", "delimiter": "\t", "fields": {"id": "sku", "title": "name", "description": "name", "price": "price", "link": "url", "image_link": "url"}, "defaults": {"brand": "B", "condition": "new"}}'
"$fg" build --catalog "$T/tabs.csv" --mapping "$tabmap" --channel google --output "$T/tabs.xml" 2>"$T/err"; rc=$?
check "CSV with a tab delimiter, BOM and CRLF: exit 0 (got $rc)" test $rc -eq 0
check "CSV: the BOM is not part of the first column, a quoted CRLF stays inside its row (HTML white space folds it)" vals "$T/tabs.xml" '#items=2' \
	'T-1:title=Two lines' 'T-1:description=Two lines' 'T-2:price=4.00 USD'
printf 'sku,name,price,url\nC-1,"Comma, quoted",1.00,https://s.example/c1\n' >"$T/comma.csv"
commamap='{"fields": {"id": "sku", "title": "name", "description": "name", "price": "price", "link": "url", "image_link": "url"}, "defaults": {"brand": "B", "condition": "new"}}'
"$fg" build --catalog "$T/comma.csv" --mapping "$commamap" --channel meta --output "$T/comma.out.csv" 2>"$T/err"
check "CSV detected (no format), ',' by default, a quoted comma kept" vals "$T/comma.out.csv" '#items=1' 'C-1:title=Comma, quoted'
"$fg" build --catalog $S/mapped-erp.csv --mapping "$(sed 's/"Bestand"/"Lagerbestand"/' $S/mapping-erp.json)" --channel meta --output "$T/x.csv" 2>"$T/err"; rc=$?
check "a mapped column the header does not have: exit 2 (got $rc)" test $rc -eq 2
check "... naming the field, the column and the header's columns" has "catalog '$S/mapped-erp.csv' line 1: the mapping's fields.quantity names column 'Lagerbestand', which the header does not have \(columns: Artikelnummer, Bezeichnung," "$T/err"
check "... and nothing written" test ! -e "$T/x.csv"

printf 'id,title,price,sale_price,link\nE-1,Feed price,19.90 EUR,14.50 EUR,https://s.example/e1.jpg\nE-2,Plain,3,,https://s.example/e2.jpg\n' >"$T/feedprice.csv"
"$fg" build --catalog "$T/feedprice.csv" --mapping '{"fields": {"id": "id", "title": "title", "description": "title", "price": "price", "sale_price": "sale_price", "link": "link", "image_link": "link"}, "defaults": {"brand": "B", "condition": "new"}}' \
	--channel google --output "$T/feedprice.xml" --currency USD 2>"$T/err"
check "a feed-style price '19.90 EUR' gives its amount and currency; a plain one the catalog's" vals "$T/feedprice.xml" '#items=2' \
	'E-1:price=19.90 EUR' 'E-1:sale_price=14.50 EUR' 'E-2:price=3.00 USD'

# 7. the inventory joins by id
printf 'sku,quantity\nERP-1002,5\n' >"$T/inv.csv"
"$fg" build --catalog $S/mapped-erp.csv --mapping $S/mapping-erp.json --inventory "$T/inv.csv" --channel google --output "$T/inv.xml" $opts 2>"$T/err"
check "the inventory's quantity replaces the mapped one" vals "$T/inv.xml" 'ERP-1002:availability=in_stock' 'ERP-1001:availability=in_stock'

# 8. configuration errors: exit 2, with their paths
bad_cfg() { # $1: mapping JSON; writes $T/bad.json
	python3 - "$1" "$T/bad.json" "$top/$S/mapped-pim.json" "$T" <<'PY'
import json, sys
cfg = {"catalog": {"path": sys.argv[3], "type": "mapped", "mapping": json.loads(sys.argv[1])},
       "feeds": [{"channel": "google", "output": sys.argv[4] + "/bad.xml"}]}
json.dump(cfg, open(sys.argv[2], "w"))
PY
}
expect_cfg() { # $1: name, $2: mapping JSON, $3: message regex
	bad_cfg "$2"
	"$fg" build --config "$T/bad.json" 2>"$T/err"; rc=$?
	check "$1: exit 2 (got $rc)" test $rc -eq 2
	check "$1: the message names its path" has "$3" "$T/err"
}
expect_cfg "bad path [x]" '{"variants": "variants", "fields": {"id": "sku", "price": "variants[x]"}}' \
	"^feedgen: configuration '.*bad.json': catalog.mapping.fields.price: bad path \"variants\[x\]\": expected a number or '\]' at column 10$"
expect_cfg "bad path [1" '{"fields": {"id": "sku", "price": "a[1"}}' "catalog.mapping.fields.price: bad path \"a\[1\": expected '\]' or ':' at column 4"
expect_cfg "bad path a..b" '{"fields": {"id": "a..b"}}' "catalog.mapping.fields.id: bad path \"a..b\": expected a key at column 3"
expect_cfg "bad path [2:x]" '{"fields": {"id": "sku", "additional_image_link": "i[2:x]"}}' "catalog.mapping.fields.additional_image_link: bad path \"i\[2:x\]\": expected '\]' after ':' at column 5"
expect_cfg "bad path a]" '{"fields": {"id": "a]"}}' "catalog.mapping.fields.id: bad path \"a\]\": expected '.' or '\[' at column 2"
expect_cfg "[N:] in a single-valued field" '{"fields": {"id": "sku", "title": "names[1:]"}}' "catalog.mapping.fields.title: bad path \"names\[1:\]\": \[N:\] gives several values"
expect_cfg "[] without variants" '{"fields": {"id": "variants[].sku"}}' "catalog.mapping.fields.id: bad path \"variants\[\].sku\": \[\] is the current variant: set \"variants\""
expect_cfg "[] elsewhere than after the variants path" '{"variants": "skus", "fields": {"id": "variants[].sku"}}' "catalog.mapping.fields.id: bad path \"variants\[\].sku\": \[\] must come right after the variants path"
expect_cfg "unknown field" '{"fields": {"id": "sku", "colour": "c"}}' "catalog.mapping.fields.colour: unknown field \"colour\" \(fields: currency, id, item_group_id,"
expect_cfg "unknown default field" '{"fields": {"id": "sku"}, "defaults": {"stock": 1}}' "catalog.mapping.defaults.stock: unknown field \"stock\""
expect_cfg "a default that is not a string or number" '{"fields": {"id": "sku"}, "defaults": {"brand": true}}' "catalog.mapping.defaults.brand: expected a string or a number"
expect_cfg "unknown mapping key" '{"fields": {"id": "sku"}, "field": {}}' "catalog.mapping.field: unknown key \(known: records, variants, fields, defaults, format, delimiter\)"
expect_cfg "no id" '{"fields": {"title": "name"}}' "catalog.mapping.fields.id: missing: every item needs an id"
expect_cfg "a path that is not a string" '{"fields": {"id": 3}}' "catalog.mapping.fields.id: expected a JSON path or a CSV column name"
expect_cfg "bad format" '{"format": "xml", "fields": {"id": "sku"}}' "catalog.mapping.format: expected \"json\" or \"csv\""
expect_cfg "bad delimiter" '{"delimiter": ";;", "fields": {"id": "sku"}}' "catalog.mapping.delimiter: expected one character"
expect_cfg "bad records path" '{"records": "data[0]", "fields": {"id": "sku"}}' "catalog.mapping.records: expected the path of the records array, as keys"
expect_cfg "bad variants path" '{"variants": "v[]", "fields": {"id": "sku"}}' "catalog.mapping.variants: bad path \"v\[\]\": the variants path names the array itself"
expect_cfg "a mapping that is not an object" '"mapping.json"' "catalog.mapping: expected an object"
echo '{"fields": {"id": "sku", "price": "variants[x]"}}' >"$T/badmap.json"
"$fg" build --catalog $S/mapped-pim.json --mapping "$T/badmap.json" --channel google --output "$T/bad.xml" 2>"$T/err"; rc=$?
check "--mapping FILE with a bad path: exit 2 (got $rc)" test $rc -eq 2
check "--mapping FILE with a bad path: the file and key named" has "^feedgen: mapping '.*badmap.json': fields.price: bad path \"variants\[x\]\": expected a number or '\]' at column 10$" "$T/err"
"$fg" build --catalog $S/mapped-pim.json --mapping '{"fields": ' --channel google --output "$T/bad.xml" 2>"$T/err"; rc=$?
check "--mapping with broken inline JSON: exit 2 with line and column" sh -c "[ $rc -eq 2 ] && grep -q '^feedgen: option --mapping line 1 column' '$T/err'"
"$fg" build --catalog $S/mapped-pim.json --mapping "$T/none.json" --channel google --output "$T/bad.xml" 2>"$T/err"; rc=$?
check "--mapping FILE that does not exist: exit 2" sh -c "[ $rc -eq 2 ] && grep -q \"^feedgen: mapping '.*none.json' line\" '$T/err'"
"$fg" build --catalog $S/mapped-pim.json --catalog-type mapped --channel google --output "$T/bad.xml" 2>"$T/err"; rc=$?
check "--catalog-type mapped without --mapping: exit 2" sh -c "[ $rc -eq 2 ] && grep -q 'needs --mapping FILE' '$T/err'"
"$fg" build --catalog $S/mapped-pim.json --catalog-type woocommerce --mapping $S/mapping-pim.json --channel google --output "$T/bad.xml" 2>"$T/err"; rc=$?
check "--mapping with another --catalog-type: exit 2" sh -c "[ $rc -eq 2 ] && grep -q 'not --catalog-type .woocommerce.' '$T/err'"
check "nothing was written by the failed runs" test ! -e "$T/bad.xml"

# 9. a huge catalog streams: 50,000 records (JSON and CSV) in about the memory of 5,000 (what grows
# is the id index and the findings kept for the report: the rows here have none)
python3 - "$T" <<'PY'
import json, sys
d = sys.argv[1]
for n in (5000, 50000):
    with open("%s/big-%d.json" % (d, n), "w") as f:
        f.write('{"data": {"items": [\n')
        for i in range(n):
            f.write(("," if i else "") + json.dumps({"code": "G%d" % i, "name": "Product %d with a longer title" % i,
                    "text": "<p>Description of product %d, " % i + "lorem ipsum dolor sit amet " * 40 + "</p>",
                    "url": "https://s.example/p/%d" % i, "images": ["https://s.example/i/%d.jpg" % i],
                    "variants": [{"sku": "S%d-%d" % (i, k), "price": {"amount": 10 + k, "currency": "EUR"}, "stock": k} for k in range(2)]}) + "\n")
        f.write("]}}\n")
    with open("%s/big-%d.csv" % (d, n), "w") as f:
        f.write("sku;name;text;price;url\n")
        for i in range(n):
            f.write('C%d;"Product %d; lorem ipsum";"%s";%d.50;https://s.example/p/%d.jpg\n' % (i, i // 10, "Long text, " * 60, i % 90 + 1, i))
PY
csvbig='{"format": "csv", "delimiter": ";", "fields": {"id": "sku", "title": "name", "description": "text", "price": "price", "link": "url", "image_link": "url"}, "defaults": {"brand": "B", "condition": "new"}}'
rss() { # $1: catalog, $2: mapping; prints the maximum resident set in KB
	rm -f "$T/big.xml"
	/usr/bin/time -v "$fg" build --catalog "$1" --mapping "$2" --channel google --output "$T/big.xml" --quiet --max-rejected-percent 100 \
		--max-messages 0 2>"$T/time" >/dev/null
	sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$T/time"
}
# under sanitizers or valgrind, memory is the tool's: only the counts are checked
bounds=1
case $fg in *valgrind*) bounds=0 ;; esac
ldd "$fg" 2>/dev/null | grep -Eq 'lib(asan|ubsan|tsan)' && bounds=0
if [ -x /usr/bin/time ]; then
	small=$(rss "$T/big-5000.json" $S/mapping-pim.json); large=$(rss "$T/big-50000.json" $S/mapping-pim.json)
	check "50,000 JSON records (100,000 items) built" vals "$T/big.xml" '#items=100000' 'S49999-1:price=11.00 EUR'
	kb=$(($(wc -c <"$T/big-50000.json") / 1024))
	echo "# mapped JSON, max RSS: 5,000 records ${small} KB, 50,000 records ${large} KB (file ${kb} KB)"
	[ $bounds = 1 ] && check "50,000 JSON records stream: RSS grows by less than a quarter of the file (the id index grows)" \
		test $((large - small)) -lt $((kb / 4))
	small=$(rss "$T/big-5000.csv" "$csvbig"); large=$(rss "$T/big-50000.csv" "$csvbig")
	check "50,000 CSV rows built" vals "$T/big.xml" '#items=50000' 'C49999:price=50.50 USD'
	kb=$(($(wc -c <"$T/big-50000.csv") / 1024))
	echo "# mapped CSV, max RSS: 5,000 rows ${small} KB, 50,000 rows ${large} KB (file ${kb} KB)"
	[ $bounds = 1 ] && check "50,000 CSV rows stream: RSS grows by less than a quarter of the file" test $((large - small)) -lt $((kb / 4))
else
	echo "# skip: /usr/bin/time is not installed (memory check)"
fi
suite_end
