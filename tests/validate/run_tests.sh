#!/bin/sh
# tests/validate/run_tests.sh: validate --feed over the real-world feeds in ../shared/data/realworld
# (never copied into the repository: their licences do not allow it). Skips cleanly when the
# directory is absent. Checks: no crash (exit 0 or 1 only) and the known problems are found.
top=$(cd "$(dirname "$0")/../.." && pwd)
rw="$top/../shared/data/realworld"
fg="${FEEDGEN:-$top/bin/feedgen}"
if [ ! -d "$rw" ]; then
	echo "ok - realworld feeds # SKIP $rw absent"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check NAME CHANNEL FILE [PATTERN...]: every PATTERN (ERE) must match the text report
check() {
	name=$1 channel=$2 file=$rw/$3
	shift 3
	if [ ! -f "$file" ]; then
		echo "ok - realworld $name # SKIP $file absent"
		return
	fi
	"$fg" validate --feed "$file" --channel "$channel" --report "$tmp/r.txt" -q 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "not ok - realworld $name: exit $rc"
		sed 's/^/#   /' "$tmp/err" | head -5
		return
	fi
	if grep -q 'AddressSanitizer\|runtime error:' "$tmp/err"; then
		echo "not ok - realworld $name: sanitizer report"
		return
	fi
	for re in "$@"; do
		if ! grep -Eq -- "$re" "$tmp/r.txt"; then
			echo "not ok - realworld $name: report lacks /$re/"
			return
		fi
	done
	echo "ok - realworld $name: $(tail -1 "$tmp/r.txt")"
}

check "google importpc (duplicated g:id, C1 controls)" google google-merchant/importpc_cz_google_feed.xml \
	'error\[id-unique\] BC-FU-LI3560' 'warning\[control-chars\]' '^1255 items read'
check "google opispot (BOM before <?xml)" google google-merchant/opispot_es_google_feed.xml \
	'opispot_es_google_feed.xml:1: warning\[bom\]' "use 'in_stock'"
check "google sparklingresin (image links to the home page)" google google-merchant/sparklingresin_uk_google_feed.xml \
	"warning\[image-link-page\] srd_bracelet_starlight_pearl: image_link: 'https://sparklingresindelights.co.uk'"
check "google daiology" google google-merchant/daiology_shopify_google_feed.xml "availability: 'in stock' .*use 'in_stock'"
check "google lakeerie (TSV, CRLF)" google google-merchant/lakeerie_wix_google_feed.tsv '^160 items read'
check "google majorworld (unknown g: elements)" google google-merchant/majorworld_vehicles_google_feed.xml \
	"warning\[unknown-attribute\]: g:link_template"
check "meta leibig ([object Object], JSON-path columns)" meta meta-catalog/leibig_facebook_catalog.csv \
	"warning\[placeholder\] .*description: contains '\[object Object\]'" "column 'video\[0\].url'" 'error\[gtin-digits\]'
check "meta catalogue-whatsapp (no link column)" meta meta-catalog/catalogue-whatsapp_fr_meta_catalog.csv 'error\[required\] .*: link: missing'
check "meta chayannito26" meta meta-catalog/chayannito26_bd_meta_products.csv '^46 items read'
check "tiktok stuartsingleton (price without currency)" tiktok tiktok-catalog/stuartsingleton_tiktok-catalog.csv \
	"error\[price\] 12-FAP-6X8: price: '29.00' is not a price: has no currency" "column 'currency' is not a TikTok"
