#!/bin/sh
# samples/demo.sh: `make demo`: builds the sample feeds from samples/ into out/ and says where
# they are. Run from the repository root after `make`.
set -u
out=out
mkdir -p "$out"
common="--catalog samples/catalog.json --inventory samples/inventory.csv --shop-url https://northwind.example --currency EUR --quiet"
status=0
for channel in tiktok google meta; do
	for format in csv tsv xml; do
		f="$out/$channel.$format"
		if bin/feedgen build $common --channel "$channel" --format "$format" --output "$f" \
			--report "$out/$channel.$format.report.json" --report-format json; then :; else status=1; fi
	done
done
echo "feedgen demo: feeds built from samples/catalog.json (21 products) and samples/inventory.csv"
echo
printf '  %-22s %7s %9s %9s\n' FILE ITEMS REJECTED WARNINGS
for f in "$out"/*.csv "$out"/*.tsv "$out"/*.xml; do
	[ -f "$f" ] || continue
	python3 - "$f" "$f.report.json" <<'PY'
import json, sys
feed, rep = sys.argv[1], sys.argv[2]
s = json.load(open(rep))["summary"]
print("  %-22s %7d %9d %9d" % (feed, s["written"], s["rejected"], s["warnings"]))
PY
done
echo
# the whole retargeting set of the shop from one configuration, one pass, one publish
mkdir -p "$out/feeds"
if bin/feedgen build --config samples/feedgen.json --quiet --html "$out/report.html" --summary "$out/summary.json"; then
	echo "feedgen demo: samples/feedgen.json built $(ls "$out/feeds" | grep -vc 'report\|promotions') feeds in one pass into $out/feeds/"
	echo "  (prospecting and one feed per funnel stage for TikTok, Google and Meta, and the Google promotions feed)"
	echo "  the feed health report: $out/report.html (open it in a browser); the run summary: $out/summary.json"
	echo "  run it again: the sources are unchanged, so nothing is rebuilt; feedgen rollback --config samples/feedgen.json"
	echo "  puts back the set before the last one"
else
	status=1
fi
echo
echo "Each feed has a JSON report next to it (*.report.json). Try:"
echo "  bin/feedgen validate --catalog samples/catalog.json --channel google --channel meta --shop-url https://northwind.example --currency EUR"
exit $status
