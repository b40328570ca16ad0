#!/bin/sh
# tests/rules/run_tests.sh: the configuration's item rules and `feedgen preview` (issue 13,
# items 4 and 6; docs/rules.md). A six-product catalog made here goes through top-level and
# per-feed rules using every condition (equals, contains, matches with (?i), lt/gt on price and
# sale_price, in, empty, all/any/not) and action (set, append, prepend, replace with $1 and
# ${name}, copy, exclude), templates and price/margin bands; the feeds are read back with
# Python's csv and xmllint, the --summary JSON field by field (touched per rule, excluded per
# feed); the safety guard catches an exclude rule that drops most items; every configuration
# error names its path and exits 2 before anything is read; preview prints before/after, text
# and JSON, and writes nothing.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=rules tag="rules: "
. tests/lib/check.sh
pycheck() { # $1: name; python on stdin, its output in $T/py
	if python3 - "$T" >"$T/py" 2>&1; then ok "$1"; else notok "$1"; sed 's/^/# /' "$T/py"; fi
}

mkdir -p "$T/shop/out"
python3 - "$T/shop/catalog.json" <<'PY'
import json, sys
def product(n, title, vendor, ptype, tags, sku, price, qty, compare=None):
    return {"id": 800 + n, "title": title, "body_html": "<p>%s, a fine product for every day.</p>" % title,
            "vendor": vendor, "product_type": ptype, "handle": sku.lower(), "tags": tags, "status": "active",
            "variants": [{"id": 900 + n, "title": "Default Title", "price": price, "compare_at_price": compare,
                          "sku": sku, "barcode": None, "inventory_management": "shopify",
                          "inventory_policy": "deny", "inventory_quantity": qty, "option1": "Default Title"}],
            "options": [{"name": "Title", "values": ["Default Title"]}],
            "images": [{"id": 700 + n, "position": 1, "src": "https://cdn.example.com/%s.jpg" % sku.lower(), "variant_ids": []}]}
json.dump({"products": [
    product(1, "Alpha Tee", "Acme", "Shirts", "sale, summer", "A-1", "15.00", 5),
    product(2, "Alpha Hoodie", "Acme", "Shirts", "", "A-2", "25.00", 4, "30.00"),
    product(3, "Beta Shoes - Sample", "", "Shoes", "trail", "B-1", "120.00", 3),
    product(4, "Gamma GIFT Card", "Acme", "Cards", "", "G-1", "50.00", 10),
    product(5, "Delta Mug", "Acme", "Kitchen", "bestseller", "D-1", "20.00", 2),
    product(6, "Epsilon Poster", "Acme", "Decor", "art", "E-1", "100.00", 0)]}, open(sys.argv[1], "w"), indent=1)
PY
cat > "$T/shop/feedgen.json" <<'JSON'
{
  "shop": {"url": "https://shop.example", "currency": "EUR"},
  "catalog": {"path": "catalog.json"},
  "urgency": {"low_stock": 0},
  "publish": {"summary": "out/summary.json"},
  "bands": {"price": [20, 50, 100], "margin": [0.2, 0.4]},
  "rules": [
    {"when": {"field": "product_type", "equals": "Shoes"}, "set": {"google_product_category": "187"}},
    {"name": "no gift cards", "when": {"field": "title", "matches": "(?i)\\bgift card\\b"}, "exclude": true},
    {"when": {"field": "brand", "empty": true}, "copy": {"brand": "product_type"}},
    {"replace": {"title": {"pattern": "\\s+-\\s+(?<what>Sample)$", "with": " (${what} $1)"}}},
    {"when": {"field": "price", "lt": 28}, "set": {"custom_label_0": "under_28"}},
    {"when": {"field": "sale_price", "lt": 28}, "set": {"custom_label_1": "sale_under_28"}},
    {"when": {"field": "tags", "contains": "bestseller"}, "prepend": {"title": "Bestseller: "}},
    {"when": {"all": [{"field": "brand", "in": ["Acme", "Other"]}, {"not": {"field": "tags", "empty": true}}]},
     "append": {"title": " | {brand}"}},
    {"when": {"field": "title", "gt": 1}, "set": {"custom_label_2": "numeric-title"}},
    {"when": {"field": "id", "equals": "A-1"}, "set": {"cost": "12"}},
    {"set": {"custom_label_3": "{price_band}/{margin_band}"}},
    {"when": {"any": [{"field": "id", "equals": "nope"}, {"field": "id", "equals": "D-1"}]},
     "set": {"custom_label_4": "{{literal}} {id}"}}
  ],
  "feeds": [
    {"name": "meta", "channel": "meta", "format": "csv", "output": "out/meta.csv"},
    {"name": "google", "channel": "google", "format": "xml", "output": "out/google.xml",
     "rules": [{"when": {"field": "quantity", "lt": 1}, "exclude": true},
               {"set": {"custom_label_4": "g-{custom_label_0}"}}]}
  ]
}
JSON

"$fg" build --config "$T/shop/feedgen.json" --keep 0 --max-messages 0 2>"$T/err"
rc=$?
check "a build with rules publishes (exit $rc)" test $rc -eq 0
check "the info line counts the items each rule touched and the excluded ones" \
	has '^feedgen: rules: rules\[0\] 1, rules\[1\] 1, rules\[2\] 1, rules\[3\] 1, rules\[4\] 2, rules\[5\] 1, rules\[6\] 1, rules\[7\] 3, rules\[8\] 0, rules\[9\] 1, rules\[10\] 5, rules\[11\] 1, feeds\[1\]\.rules\[0\] 1, feeds\[1\]\.rules\[1\] 4 items touched; 2 excluded$' "$T/err"
check "excluded items are not rejected" has '^feedgen: 2 feeds, 9 items, 0 rejected, published' "$T/err"
check "the google feed is well-formed XML" xmllint --noout "$T/shop/out/google.xml"
pycheck "meta.csv (Python's csv): every condition and action, in order" <<'PY'
import csv, sys
rows = {r["id"]: r for r in csv.DictReader(open(sys.argv[1] + "/shop/out/meta.csv", newline=""))}
assert sorted(rows) == ["A-1", "A-2", "B-1", "D-1", "E-1"], sorted(rows)           # matches (?i): G-1 excluded
a1, a2, b1, d1, e1 = (rows[k] for k in ("A-1", "A-2", "B-1", "D-1", "E-1"))
assert b1["google_product_category"] == "187" and a1["google_product_category"] == "", b1  # equals
assert b1["brand"] == "Shoes" and a1["brand"] == "Acme", b1["brand"]                   # empty -> copy
assert b1["title"] == "Beta Shoes (Sample Sample)", b1["title"]                        # replace ${what} $1
# lt on price: the regular price when on sale (A-2 sells at 25, its price attribute is 30)
assert a1["price"] == "15.00 EUR" and a2["price"] == "30.00 EUR" and a2["sale_price"] == "25.00 EUR", a2
assert (a1["custom_label_0"], a2["custom_label_0"], d1["custom_label_0"], b1["custom_label_0"]) == \
    ("under_28", "", "under_28", ""), (a1["custom_label_0"], a2["custom_label_0"])
assert a2["custom_label_1"] == "sale_under_28" and a1["custom_label_1"] == "", a2     # sale_price; none: false
# contains -> prepend, then all/in/not -> append with {brand}: rules in order
assert d1["title"] == "Bestseller: Delta Mug | Acme", d1["title"]
assert a1["title"] == "Alpha Tee | Acme" and a2["title"] == "Alpha Hoodie" and e1["title"] == "Epsilon Poster | Acme"
assert all(r["custom_label_2"] == "" for r in rows.values())                          # gt on text: false
# {price_band}/{margin_band}: an edge starts its band; margin (15-12)/15 = 0.2 from the cost an earlier rule set
assert [rows[k]["custom_label_3"] for k in ("A-1", "A-2", "B-1", "D-1", "E-1")] == \
    ["0-20/0.2-0.4", "20-50/", "100+/", "20-50/", "100+/"], [r["custom_label_3"] for r in rows.values()]
assert d1["custom_label_4"] == "{literal} D-1" and a1["custom_label_4"] == "", d1     # any, {{ }}
PY
pycheck "google.xml (xmllint): the feed's own rules run after the top level's, for that feed only" <<'PY'
import subprocess, sys, xml.etree.ElementTree as ET
path = sys.argv[1] + "/shop/out/google.xml"
subprocess.run(["xmllint", "--noout", path], check=True)
g = "{http://base.google.com/ns/1.0}"
items = {i.findtext(g + "id"): i for i in ET.parse(path).getroot().iter("item")}
assert sorted(items) == ["A-1", "A-2", "B-1", "D-1"], sorted(items)                  # quantity lt 1: E-1 out
assert items["A-1"].findtext(g + "custom_label_4") == "g-under_28", items["A-1"].findtext(g + "custom_label_4")
assert items["A-2"].findtext(g + "custom_label_4") == "g-", items["A-2"].findtext(g + "custom_label_4")
assert items["D-1"].findtext(g + "custom_label_4") == "g-under_28"                    # the feed's rule wins
PY
pycheck "the summary: touched and matched per rule, excluded per feed" <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/shop/out/summary.json"))
top = s["rules"]
assert [r["rule"] for r in top] == ["rules[%d]" % i for i in range(12)], top
assert [r["touched"] for r in top] == [1, 1, 1, 1, 2, 1, 1, 3, 0, 1, 5, 1], top
assert [r["matched"] for r in top] == [1, 1, 1, 5, 2, 1, 1, 3, 0, 1, 5, 1], top        # replace matched all, changed one
assert top[1]["name"] == "no gift cards" and "name" not in top[0], top[1]
f = {x["name"]: x for x in s["feeds"]}
assert (f["meta"]["items_written"], f["meta"]["rejected"], f["meta"]["excluded"], f["meta"]["rules"]) == (5, 0, 1, []), f["meta"]
assert (f["google"]["items_written"], f["google"]["rejected"], f["google"]["excluded"]) == (4, 0, 2), f["google"]
assert [(r["rule"], r["matched"], r["touched"]) for r in f["google"]["rules"]] == \
    [("feeds[1].rules[0]", 1, 1), ("feeds[1].rules[1]", 4, 4)], f["google"]["rules"]
assert s["items"]["read"] == 6 and s["items"]["rejected"] == 0 and s["exit_status"] == 0, s["items"]
PY

# a configuration without rules: the summary has no rules or excluded keys (unchanged)
python3 - "$T/shop/feedgen.json" "$T/shop/plain.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); del c["rules"], c["bands"], c["feeds"][1]["rules"]
json.dump(c, open(sys.argv[2], "w"))
PY
"$fg" build --config "$T/shop/plain.json" --keep 0 -q 2>"$T/err"
pycheck "without rules the summary has no rules or excluded keys" <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/shop/out/summary.json"))
assert "rules" not in s and all("excluded" not in f and "rules" not in f for f in s["feeds"]), s
PY

# the guard counts written items: an exclude rule that drops most of them is a drop (exit 7)
python3 - "$T/shop/plain.json" "$T/shop/dropper.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["rules"] = [{"when": {"not": {"field": "id", "equals": "A-1"}}, "exclude": True}]
json.dump(c, open(sys.argv[2], "w"))
PY
cp "$T/shop/out/meta.csv" "$T/meta.before"
"$fg" build --config "$T/shop/dropper.json" --keep 0 --max-messages 0 2>"$T/err"
rc=$?
check "an exclude rule that drops 4 of 5 items is refused by the guard (exit $rc)" test $rc -eq 7
check "the guard names the drop" has 'max_drop_percent|fewer items' "$T/err"
check "the refused run leaves the feed as it was" cmp -s "$T/meta.before" "$T/shop/out/meta.csv"

# configuration errors: the JSON path, exit 2, before anything is read (the catalog is missing)
n=0
while IFS='|' read -r rules path message; do
	[ -n "$rules" ] || continue
	n=$((n + 1))
	mkdir -p "$T/bad$n"
	feeds=', "feeds": [{"channel": "meta", "output": "out.csv"}, {"channel": "google", "output": "g.xml"}]'
	case "$rules" in *'"feeds"'*) feeds= ;; esac
	printf '{"shop": {"url": "https://shop.example"}, "catalog": {"path": "missing.json"}, %s%s}\n' "$rules" "$feeds" \
		>"$T/bad$n/c.json"
	"$fg" build --config "$T/bad$n/c.json" --keep 0 2>"$T/err"
	rc=$?
	if [ $rc -eq 2 ] && grep -qF -- "c.json': $path: " "$T/err" && grep -qE -- "$message" "$T/err" &&
		! grep -q "missing.json" "$T/err" && [ ! -e "$T/bad$n/out.csv" ]; then
		ok "configuration error $path: exit 2, the path and the message"
	else
		notok "configuration error $path: exit $rc: $(cat "$T/err")"
	fi
done <<'EOF'
"rules": [{"when": {"field": "colour", "equals": "red"}, "exclude": true}]|rules[0].when.field|unknown field 'colour' \(fields: id, item_group_id, title
"rules": [{"when": {"field": "title", "matches": "(ab"}, "exclude": true}]|rules[0].when.matches|the regular expression '\(ab' does not compile at offset 3: missing closing parenthesis
"rules": [{"set": {"title": "x"}}, {"when": {"any": [{"field": "id", "equals": "a"}, {"field": "title", "matches": "a{2,1}"}]}, "exclude": true}]|rules[1].when.any[1].matches|does not compile at offset [0-9]+: numbers out of order
"rules": [{"when": {"field": "title", "equal": "x"}, "exclude": true}]|rules[0].when.equal|unknown key \(known: field, equals, contains, matches, lt, gt, in, empty, all, any, not\)
"rules": [{"when": {"field": "title", "equals": "x"}, "frobnicate": {}}]|rules[0].frobnicate|unknown key \(known: when, name, set, append, prepend, replace, copy, exclude\)
"rules": [{"when": {"field": "price", "lt": "20"}, "exclude": true}]|rules[0].when.lt|expected a number such as 20
"rules": [{"when": {"field": "id", "in": ["a", 2]}, "exclude": true}]|rules[0].when.in[1]|expected a string
"rules": [{"when": {"field": "id", "in": []}, "exclude": true}]|rules[0].when.in|expected a non-empty list of strings
"rules": [{"when": {"field": "id", "empty": "yes"}, "exclude": true}]|rules[0].when.empty|expected true or false
"rules": [{"when": {"field": "id", "equals": 3}, "exclude": true}]|rules[0].when.equals|expected a string
"rules": [{"when": {"field": "id", "equals": "a", "contains": "b"}, "exclude": true}]|rules[0].when|one operator per condition, not both equals and contains
"rules": [{"when": {"equals": "a"}, "exclude": true}]|rules[0].when|missing "field": the item field that equals tests
"rules": [{"when": {"field": "id"}, "exclude": true}]|rules[0].when|missing operator
"rules": [{"when": {"any": []}, "exclude": true}]|rules[0].when.any|expected a non-empty list of conditions
"rules": [{"when": {"not": [1]}, "exclude": true}]|rules[0].when.not|expected a condition such as
"rules": [{"when": {"field": "id", "all": [{"field": "id", "equals": "a"}]}, "exclude": true}]|rules[0].when.field|all combines conditions
"rules": [{"set": {"price": "1.00"}}]|rules[0].set.price|a rule cannot change price
"rules": [{"copy": {"quantity": "title"}}]|rules[0].copy.quantity|a rule cannot change quantity
"rules": [{"set": {"custom_label_0": "{nope}"}}]|rules[0].set.custom_label_0|unknown name 'nope' in \{\}
"rules": [{"append": {"title": "{title"}}]|rules[0].append.title|unclosed '\{' at offset 0
"rules": [{"prepend": {"title": "a}b"}}]|rules[0].prepend.title|unmatched '\}' at offset 1
"rules": [{"set": {"custom_label_0": "{price_band}"}}]|rules[0].set.custom_label_0|\{price_band\} needs the price bands' edges
"rules": [{"set": {"custom_label_0": "{margin_band}"}}]|rules[0].set.custom_label_0|\{margin_band\} needs the margin bands' edges
"rules": [{"set": {"custom_label_0": 5}}]|rules[0].set.custom_label_0|expected a text
"rules": [{"replace": {"title": {"pattern": "(a)", "with": "$2"}}}]|rules[0].replace.title.with|the pattern has no group '2' \(it has 1\)
"rules": [{"replace": {"title": {"pattern": "(?<x>a)", "with": "${y}"}}}]|rules[0].replace.title.with|the pattern has no group 'y'
"rules": [{"replace": {"title": {"pattern": "a", "with": "5$"}}}]|rules[0].replace.title.with|'\$' at offset 1 must be followed by a group
"rules": [{"replace": {"title": {"with": "x"}}}]|rules[0].replace.title|expected \{"pattern": REGEX, "with": TEXT\}
"rules": [{"replace": {"title": {"pattern": "a", "by": "x"}}}]|rules[0].replace.title.by|unknown key \(known: pattern, with\)
"rules": [{"copy": {"brand": "vendor"}}]|rules[0].copy.brand|unknown field 'vendor'
"rules": [{"when": {"field": "id", "equals": "a"}}]|rules[0]|a rule needs an action
"rules": [{"exclude": false}]|rules[0].exclude|expected true
"rules": [{"name": 3, "exclude": true}]|rules[0].name|expected a string
"rules": [{"set": {}}]|rules[0].set|expected \{"field": "text or \{template\}", ...\}
"rules": {"set": {"title": "x"}}|rules|expected a list of rules, applied in order
"rules": ["exclude"]|rules[0]|expected a rule such as
"bands": {"price": [20, 10]}, "rules": []|bands.price[1]|expected a number above 0 and above the edge before it
"bands": {"price": []}|bands.price|expected a non-empty list of ascending numbers
"bands": {"colour": [1]}|bands.colour|unknown key \(known: price, margin\)
"feeds": [{"channel": "meta", "output": "out.csv"}, {"channel": "google", "output": "g.xml", "rules": [{"copy": {"brand": "colour"}}]}]|feeds[1].rules[0].copy.brand|unknown field 'colour'
EOF

# preview: the items before and after, field by field; writes nothing
mkdir -p "$T/pv/out" && cp "$T/shop/catalog.json" "$T/shop/feedgen.json" "$T/pv/"
"$fg" preview --config "$T/pv/feedgen.json" --feed google --limit 2 >"$T/out" 2>"$T/err"
rc=$?
check "preview: exit 0 ($rc)" test $rc -eq 0
check "preview: the first --limit items, each headed by its id and source line" \
	test "$(grep -cE '^item [0-9]+: ' "$T/out")" -eq 2
check "preview: item 1 is A-1 from catalog.json" has "^item 1: A-1 \\(.*/pv/catalog.json line [0-9]+\\)$" "$T/out"
check "preview: the rules that changed it, top level then the feed's" \
	has '^  rules: rules\[4\], rules\[7\], rules\[9\], rules\[10\], feeds\[1\]\.rules\[1\]$' "$T/out"
check "preview: a changed field is marked, before -> after" has "^\\* title: 'Alpha Tee' -> 'Alpha Tee \\| Acme'$" "$T/out"
check "preview: a field set from empty" has "^\\* custom_label_4: '' -> 'g-under_28'$" "$T/out"
check "preview: an unchanged field is shown once, unmarked" has "^  price: '15.00 EUR'$" "$T/out"
check "preview: nothing written, no state" test -z "$(ls -A "$T/pv/out")" -a ! -e "$T/pv/.feedgen" -a ! -e "$T/pv/feedgen.json.lock"
"$fg" preview --config "$T/pv/feedgen.json" --id G-1 >"$T/out" 2>&1
check "preview --id: an item a top-level rule excludes says so" has '^  excluded by rules\[1\]: not written, not rejected$' "$T/out"
check "preview --id: only that item" test "$(grep -c '^item ' "$T/out")" -eq 1
"$fg" preview --config "$T/pv/feedgen.json" --feed google --id E-1 >"$T/out" 2>&1
check "preview --feed google: the feed's exclude rule" has '^  excluded by feeds\[1\]\.rules\[0\]: not written' "$T/out"
"$fg" preview --config "$T/pv/feedgen.json" --feed meta --id E-1 >"$T/out" 2>&1
check "preview --feed meta: the other feed's rules do not apply" sh -c "! grep -q excluded '$T/out' && grep -q '^item 1: E-1' '$T/out'"
"$fg" preview --config "$T/pv/feedgen.json" --feed google --id B-1 --id A-2 --report-format json >"$T/out.json" 2>"$T/err"
rc=$?
pycheck "preview --report-format json: the same as data (exit $rc)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/out.json"))
assert d["feed"] == "google" and [i["id"] for i in d["items"]] == ["A-2", "B-1"], d   # catalog order
b = d["items"][1]
assert b["excluded"] is False and b["excluded_by"] is None and b["source"].endswith("/pv/catalog.json") and b["line"] > 1, b
assert b["rules"] == ["rules[0]", "rules[2]", "rules[3]", "rules[10]", "feeds[1].rules[1]"], b["rules"]
assert b["changed"] == ["title", "brand", "google_product_category", "custom_label_3", "custom_label_4"], b["changed"]
assert b["fields"]["title"] == {"before": "Beta Shoes - Sample", "after": "Beta Shoes (Sample Sample)"}, b["fields"]["title"]
assert b["fields"]["brand"] == {"before": "", "after": "Shoes"}, b["fields"]["brand"]
assert b["fields"]["price"] == {"before": "120.00 EUR", "after": "120.00 EUR"}, b["fields"]["price"]
PY
"$fg" preview --config "$T/pv/feedgen.json" --feed nope >"$T/out" 2>"$T/err"
rc=$?
check "preview --feed unknown: exit 2 naming the feeds ($rc)" sh -c "[ $rc -eq 2 ] && grep -q \"no feed named 'nope' in configuration .*(feeds: meta, google)\" '$T/err'"
"$fg" preview --config "$T/pv/feedgen.json" --id NOPE >"$T/out" 2>"$T/err"
rc=$?
check "preview --id unknown: exit 2 ($rc)" sh -c "[ $rc -eq 2 ] && grep -q \"no item with id or item_group_id 'NOPE' in the catalog\" '$T/err'"
"$fg" preview --limit 2 >"$T/out" 2>"$T/err"
rc=$?
check "preview without --config: exit 2 ($rc)" sh -c "[ $rc -eq 2 ] && grep -q 'preview needs --config FILE' '$T/err'"
"$fg" preview --config "$T/pv/feedgen.json" --report-format junit >"$T/out" 2>"$T/err"
rc=$?
check "preview --report-format junit: exit 2 ($rc)" test $rc -eq 2
"$fg" preview --config "$T/bad1/c.json" >"$T/out" 2>"$T/err"
rc=$?
check "preview: a configuration error is exit 2 with its path ($rc)" sh -c "[ $rc -eq 2 ] && grep -q 'rules\[0\].when.field: unknown field' '$T/err'"
"$fg" preview --help >"$T/out" 2>&1
check "preview --help names its options" sh -c "grep -q -- '--limit N' '$T/out' && grep -q -- '--id ID' '$T/out' && grep -q -- '--feed NAME' '$T/out'"
suite_end
