#!/bin/sh
# tests/html/run_tests.sh: the HTML feed health report (issue 14). A golden page for the
# samples (SOURCE_DATE_EPOCH fixed, durations masked); the page's structure checked by
# check_page.py (balanced tags, unique ids, nothing fetched, no script) and by xmllint's HTML
# parser; Debian's chromium loads it headless, with and without JavaScript: the headline
# numbers in the DOM equal the --summary JSON's and the report's, a hostile product title
# renders as text and no script from data runs (the DOM's <title> is unchanged, no <script>
# element exists); screenshots kept as CI artefacts in build/artifacts/ (report.png, desktop;
# report-phone.png, 390 px wide). Also: publish.html in a configuration, a refused build still
# writes its page, the previous run's counts, validate --html, and a large run stays small.
# UPDATE_GOLDEN=1 rewrites tests/html/golden-samples.html; UPDATE_DOCS=1 docs/report.png.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=html tag="html: "
. tests/lib/check.sh
page() { python3 "$top/tests/html/check_page.py" "$@"; }
art=$top/build/artifacts
mkdir -p "$art"
export SOURCE_DATE_EPOCH=1780000000

browser() { # $1: dump|nojs|shot|phone, $2: page, $3: output
	set -- "$1" "$2" "$3"
	b="chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=$T/chrome-$1"
	case $1 in
	dump) $b --dump-dom "file://$2" >"$3" 2>"$T/chrome.err" ;;
	nojs) python3 "$top/tests/html/cdp_dom.py" --no-js "file://$2" "$3" 2>"$T/chrome.err" ;;
	js) python3 "$top/tests/html/cdp_dom.py" "file://$2" "$3" 2>"$T/chrome.err" ;;
	shot) $b --window-size=1000,1800 --screenshot="$3" "file://$2" >/dev/null 2>"$T/chrome.err" ;;
	phone) $b --window-size=390,1600 --screenshot="$3" "file://$2" >/dev/null 2>"$T/chrome.err" ;;
	esac
}
is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

# the samples, with the page named in the configuration (publish.html, relative to it)
mkdir -p "$T/shop" "$T/out/feeds"
cp "$top/samples/catalog.json" "$top/samples/inventory.csv" "$T/shop/"
python3 - "$top/samples/feedgen.json" "$T/shop/feedgen.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["publish"] = {"html": "../out/report.html"}
json.dump(c, open(sys.argv[2], "w"), indent=2)
PY
(cd "$T" && "$fg" build --config shop/feedgen.json --summary "$T/out/summary.json" --max-messages 0 2>"$T/err")
rc=$?
check "the samples build publishes (exit $rc)" test $rc -eq 0
check "publish.html writes the page beside the configuration's outputs" test -s "$T/out/report.html"
check "the page is not in the feeds folder" test ! -e "$T/out/feeds/report.html"

# golden: the page for the samples, durations masked
sed 's|<dd id="h-duration" class="dur">[0-9.]* s</dd>|<dd id="h-duration" class="dur">X s</dd>|' "$T/out/report.html" >"$T/masked.html"
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then cp "$T/masked.html" "$top/tests/html/golden-samples.html"; fi
if cmp -s "$T/masked.html" "$top/tests/html/golden-samples.html"; then ok "the samples' page equals the golden page"
else notok "the samples' page equals the golden page"; diff "$top/tests/html/golden-samples.html" "$T/masked.html" | head -20; fi

check "the page is well formed, fetches nothing, runs nothing (check_page.py)" page strict "$T/out/report.html"
xmllint --html --noout "$T/out/report.html" 2>"$T/xmllint.err"
grep -v 'Tag [a-z]* invalid' "$T/xmllint.err" | grep -E 'error' >"$T/xmllint.other"
check "xmllint's HTML parser finds nothing but HTML5/SVG element names it does not know" test ! -s "$T/xmllint.other"

# the browser: the DOM's headline equals the summary and the report
# the JavaScript-off load really is one: a control page whose script rewrites a paragraph
printf '%s\n' '<!DOCTYPE html><html><head><title>c</title></head><body><p id="x">static</p>' \
	"<script>document.getElementById('x').textContent='script ran'</script></body></html>" >"$T/control.html"
browser js "$T/control.html" "$T/control-js.html"
browser nojs "$T/control.html" "$T/control-nojs.html"
check "control: with JavaScript on, a page's script runs in the DevTools load" grep -q '<p id="x">script ran</p>' "$T/control-js.html"
check "control: with JavaScript off, it does not" grep -q '<p id="x">static</p>' "$T/control-nojs.html"
browser dump "$T/out/report.html" "$T/dom.html"
check "chromium dumps the DOM of the page" grep -q 'id="h-items"' "$T/dom.html"
browser nojs "$T/out/report.html" "$T/dom-nojs.html"
check "chromium with JavaScript off dumps it too" grep -q 'id="h-items"' "$T/dom-nojs.html"
for dom in dom dom-nojs; do
	page facts "$T/$dom.html" >"$T/$dom.json"
	python3 - "$T/$dom.json" "$T/out/summary.json" "$T/out/feeds/report.json" >"$T/py" 2>&1 <<'PY'
import json, sys
d, s, r = (json.load(open(p)) for p in sys.argv[1:4])
st = {k: v["text"].replace(",", "") for k, v in d["stats"].items()}
want = {"h-feeds": len(s["feeds"]), "h-read": s["items"]["read"], "h-items": s["items"]["written"],
        "h-rejected": s["items"]["rejected"], "h-errors": s["findings"]["errors"],
        "h-warnings": s["findings"]["warnings"]}
for k, v in want.items():
    assert st[k] == str(v), (k, st[k], v)
    assert d["stats"][k]["value"] == str(v), (k, d["stats"][k]["value"], v)
assert st["h-result"] == s["result"] == "published", st["h-result"]
# the report file counts the same findings
assert r["summary"]["errors"] == s["findings"]["errors"] and r["summary"]["warnings"] == s["findings"]["warnings"], r["summary"]
for f, sf in zip(d["feeds"], s["feeds"]):
    assert f["data-feed"] == sf["name"] and f["data-items"] == str(sf["items_written"]), (f, sf)
    assert f["data-rejected"] == str(sf["rejected"]) and f["data-previous"] == "-1", (f, sf)
assert d["title"] == "feedgen feed health report", d["title"]
assert d["scripts"] == 0 and d["imgs"] == 0
assert len(d["ad_titles"]) == 9, d["ad_titles"]
PY
	check "$dom: the headline and every feed's counts equal the summary's and the report's" test ! -s "$T/py"
	[ -s "$T/py" ] && head -5 "$T/py"
done

browser shot "$T/out/report.html" "$art/report.png"
check "a screenshot of the samples' page is kept ($art/report.png)" is_png "$art/report.png"
browser phone "$T/out/report.html" "$art/report-phone.png"
check "a phone-width screenshot too ($art/report-phone.png)" is_png "$art/report-phone.png"
if [ "${UPDATE_DOCS:-}" = 1 ]; then cp "$art/report.png" "$top/docs/report.png"; fi

# a hostile product title renders as text; no script from data runs
python3 - "$T/shop/catalog.json" "$T/hostile.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["products"][0]["title"] = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
json.dump(c, open(sys.argv[2], "w"))
PY
"$fg" build --catalog "$T/hostile.json" --inventory "$T/shop/inventory.csv" --channel tiktok --segment viewers \
	--shop-url https://s.example --output "$T/hostile.csv" --html "$T/hostile.html" -q 2>"$T/err"
check "the hostile catalog builds" test -s "$T/hostile.html"
check "its page has no script or img tag (check_page.py)" page strict "$T/hostile.html"
browser dump "$T/hostile.html" "$T/hostile-dom.html"
page facts "$T/hostile-dom.html" >"$T/hostile.json.facts"
python3 - "$T/hostile.json.facts" >"$T/py" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["title"] == "feedgen feed health report", "title changed: %r" % d["title"]
assert d["scripts"] == 0, "a <script> element exists"
assert d["imgs"] == 0, "an <img> element exists"
assert "pwned" not in d["title"]
assert any(t.startswith("<script>document.title='pwned'</script><img src=x onerror=") for t in d["ad_titles"]), d["ad_titles"]
PY
check "in chromium the hostile title is text, the DOM's <title> is unchanged, no <script> or <img> exists" test ! -s "$T/py"
[ -s "$T/py" ] && head -5 "$T/py"

# a second run (--force: the sources are unchanged) shows the previous published run's counts
(cd "$T" && "$fg" build --config shop/feedgen.json --force --max-messages 0 -q 2>"$T/err")
page facts "$T/out/report.html" >"$T/second.json"
python3 - "$T/second.json" "$T/out/summary.json" >"$T/py" 2>&1 <<'PY'
import json, sys
d, s = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for f, sf in zip(d["feeds"], s["feeds"]):
    assert f["data-previous"] == str(sf["items_written"]), (f, sf)
PY
check "a second run shows the previous published run's item count per feed" test ! -s "$T/py"
check "the second run's page shows each feed's change report (0 added, 0 removed: same sources)" \
	test "$(grep -c '+0 added, &minus;0 removed, 0 price, 0 availability' "$T/out/report.html")" -ge 1

# --html only watches a run: a run that adds it to the same sources is still skipped, and its
# page shows the counts of the run whose files stay
(cd "$T" && "$fg" build --config shop/feedgen.json --max-messages 0 --html "$T/skipped.html" 2>"$T/err")
rc=$?
check "a run that only adds --html is skipped as unchanged (exit $rc)" grep -q 'nothing rebuilt' "$T/err"
page facts "$T/skipped.html" >"$T/skipped.json"
python3 - "$T/skipped.json" "$T/out/summary.json" >"$T/py" 2>&1 <<'PY'
import json, sys
d, s = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert d["stats"]["h-result"]["text"] == "skipped", d["stats"]["h-result"]
for f, sf in zip(d["feeds"], s["feeds"]):
    assert f["data-items"] == str(sf["items_written"]) and f["data-rejected"] == str(sf["rejected"]), (f, sf)
PY
check "and its page says skipped, with the kept run's counts per feed" test ! -s "$T/py"
[ -s "$T/py" ] && head -5 "$T/py"

# a refused build still writes its page, saying so
(cd "$T" && "$fg" build --config shop/feedgen.json --min-items 100000 --html "$T/refused.html" -q 2>"$T/err")
rc=$?
check "a build refused by the guard exits 7 ($rc)" test $rc -eq 7
check "and its page says refused" grep -q '<dd id="h-result" class="r-refused">refused</dd>' "$T/refused.html"

# validate --html: the same page for a check without writing
"$fg" validate --catalog "$T/shop/catalog.json" --inventory "$T/shop/inventory.csv" --channel google --channel meta \
	--shop-url https://northwind.example --html "$T/validate.html" 2>"$T/err"
rc=$?
check "validate with findings exits 1 ($rc)" test $rc -eq 1
check "validate --html writes a well-formed page" page strict "$T/validate.html"
page facts "$T/validate.html" >"$T/validate.json"
python3 - "$T/validate.json" "$T/err" >"$T/py" 2>&1 <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
m = re.search(r"(\d+) items checked: (\d+) valid, (\d+) with errors; (\d+) errors, (\d+) warnings", open(sys.argv[2]).read())
st = {k: v["value"] for k, v in d["stats"].items()}
assert [st["h-read"], st["h-items"], st["h-rejected"], st["h-errors"], st["h-warnings"]] == list(m.groups()), (st, m.groups())
assert st["h-feeds"] == "2" and d["stats"]["h-result"]["text"] == "findings"
PY
check "validate's page counts what its summary line says" test ! -s "$T/py"
[ -s "$T/py" ] && head -5 "$T/py"

# validate --feed --html: the feed file's items counted on the page
"$fg" validate --feed "$T/out/feeds/google.xml" --channel google --html "$T/feed.html" 2>"$T/err"
items=$(python3 -c 'import sys, xml.dom.minidom as m; print(len(m.parse(sys.argv[1]).getElementsByTagName("item")))' "$T/out/feeds/google.xml")
check "validate --feed: the page counts the feed's $items items (xml.dom)" grep -q "data-feed=\"google\" data-items=\"$items\" data-rejected=\"0\"" "$T/feed.html"

# a large run stays small: findings beyond the caps are counted, not listed (every variant of
# the generated catalog loses its image: one required error per item and feed)
python3 "$GEN" --products 20000 --out "$T/big" >/dev/null
python3 - "$T/big/products.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
for p in c["products"]:
    p["images"] = []
    p.pop("image", None)
json.dump(c, open(sys.argv[1], "w"))
PY
"$fg" validate --catalog "$T/big/products.json" --inventory "$T/big/inventory.csv" --channel google --channel meta \
	--shop-url https://s.example --html "$T/big.html" -q 2>"$T/err"
size=$(wc -c <"$T/big.html")
rows=$(grep -c '^<tr><td class="sev-' "$T/big.html")
required=$(grep -o '<code>required</code> <span class="note">[0-9]* errors' "$T/big.html" | grep -o '[0-9]* errors' | grep -o '[0-9]*')
echo "# 20,000 products without images: page $size bytes, $rows findings listed, required errors: $required"
check "a 20,000-product page with an error per item is under 1 MB ($size bytes)" test "$size" -lt 1000000
check "it lists at most 1000 findings ($rows)" test "$rows" -le 1000
check "the required rule counts every item of both feeds ($required) and says the rest are not listed" \
	sh -c '[ "$1" -ge 40000 ] && grep -q "more not listed here" "$2"' - "${required:-0}" "$T/big.html"
check "and the page stays well formed" page strict "$T/big.html"
suite_end
