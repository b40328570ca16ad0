#!/bin/sh
# tests/realworld/run_tests.sh: build over every real Shopify export in ../shared/data/realworld
# (shopify-admin, shopify-storefront; never copied into the repository, see PROVENANCE.md there).
# Skips cleanly when the directory is absent. Per file and channel: exit 0, the feed reads back
# (Python's csv module, xmllint), every item is either written or rejected with a finding, and
# the counts are the ones a person checked by hand (variants minus those of draft and archived
# products: leon-sander 173 - 2, shuboy742 30 - 2).
cd "$(dirname "$0")/../.." || exit 1
suite=realworld tag=""
. tests/lib/check.sh
rw="$top/../shared/data/realworld"
if [ ! -d "$rw" ]; then
	ok "realworld catalogs # SKIP $rw absent"
	exit 0
fi
tmp=$T

# check FILE ITEMS_READ: ITEMS_READ is the number of variants of active products in the file
check() {
	file=$rw/$1 want=$2
	[ -f "$file" ] || { ok "realworld $1 # SKIP absent"; return; }
	for spec in tiktok:csv google:xml meta:tsv; do
		channel=${spec%:*} format=${spec#*:}
		out="$tmp/feed.$format"
		rm -f "$out"
		"$fg" build --max-rejected-percent 100 --catalog "$file" --channel "$channel" --format "$format" --output "$out" \
			--shop-url https://shop.example --report "$tmp/r.json" --report-format json -q 2>"$tmp/err"
		rc=$?
		problem=""
		[ $rc -eq 0 ] || problem="exit $rc: $(head -c 300 "$tmp/err")"
		if [ -z "$problem" ]; then
			case $format in
			xml) xmllint --noout "$out" 2>/dev/null || problem="xmllint rejects the feed" ;;
			*) problem=$(python3 "$top/tests/lib/readback.py" "$out") ;;
			esac
		fi
		if [ -z "$problem" ]; then
			problem=$(python3 - "$tmp/r.json" "$want" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
want = int(sys.argv[2])
if s["items"] != want:
    print("read %d items, expected %d" % (s["items"], want))
elif s["written"] + s["rejected"] != s["items"]:
    print("%d written + %d rejected != %d read" % (s["written"], s["rejected"], s["items"]))
elif s["rejected"] and not s["errors"]:
    print("items rejected without an error finding")
PY
)
		fi
		if [ -z "$problem" ]; then
			ok "realworld $1 as $channel $format"
		else
			notok "realworld $1 as $channel $format: $problem"
		fi
	done
}

check shopify-admin/jmikh_shopify_list.json 96
check shopify-admin/leon-sander_raw_products.json 171
check shopify-admin/shopify-python-api_fixture_products.json 4
check shopify-admin/shuboy742_shopify_products.json 28
check shopify-storefront/hadesculture_products_raw.json 38
check shopify-storefront/kith_products_raw.json 131
check shopify-storefront/popupoutlet_products_raw.json 86
check shopify-storefront/veelux_products_raw.json 45
suite_end
