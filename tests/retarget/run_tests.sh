#!/bin/sh
# tests/retarget/run_tests.sh: exclusivity over whole files (issue 5). For every channel and
# format, a voucher for cart_abandoners must appear in the cart_abandoners feed and nowhere
# else: not in the prospecting feed (no --segment) and not in the viewers or checkout_dropoffs
# feeds. grep -c over the whole output files for the code, the message and the promotion id;
# and the feeds built with the voucher options must be byte-identical to the same feeds built
# without them (so no voucher price or date slipped in either).
cd "$(dirname "$0")/../.." || exit 1
suite=retarget tag=""
. tests/lib/check.sh
S=$top/samples
dir=$T
export SOURCE_DATE_EPOCH=1780000000
base="--catalog $S/catalog.json --inventory $S/inventory.csv --shop-url https://northwind.example --currency EUR -q"
voucher="--voucher-code BACK10 --voucher-percent 10 --voucher-apply-price --voucher-valid 2026-06-01/2026-06-30 \
--voucher-message 'Welcome back: {discount} off with {code}'"
promo=promo_BACK10
count() { grep -c -- "$1" "$2" 2>/dev/null || true; }

for ch in tiktok google meta; do
	for fmt in csv tsv xml; do
		for seg in none viewers cart_abandoners checkout_dropoffs; do
			s=""; [ $seg = none ] || s="--segment $seg"
			with=$dir/$ch-$seg-with.$fmt without=$dir/$ch-$seg-without.$fmt
			if ! eval "\"$FEEDGEN\" build $base --channel $ch --format $fmt --output \"$with\" $s $voucher" 2>"$dir/err"; then
				notok "$ch $fmt $seg: build with the voucher failed: $(head -1 "$dir/err")"
				continue
			fi
			eval "\"$FEEDGEN\" build $base --channel $ch --format $fmt --output \"$without\" $s" 2>/dev/null
			c=$(count BACK10 "$with"); m=$(count 'Welcome back' "$with"); p=$(count "$promo" "$with")
			if [ $seg = cart_abandoners ]; then
				[ "$c" -gt 0 ] && [ "$m" -gt 0 ] && ok "$ch $fmt $seg: code in $c lines, message in $m" ||
					notok "$ch $fmt $seg: code $c, message $m (expected in the feed)"
				if [ $ch = google ]; then
					[ "$p" -gt 0 ] && ok "$ch $fmt $seg: promotion id in $p lines" || notok "$ch $fmt $seg: no promotion id"
				fi
				grep -q '2026-06-01T00:00+00:00/2026-06-30T23:59+00:00' "$with" &&
					ok "$ch $fmt $seg: sale_price_effective_date is the voucher's window" ||
					notok "$ch $fmt $seg: no sale_price_effective_date window"
			else
				[ "$c$m$p" = 000 ] && ok "$ch $fmt $seg: no code, message or promotion id in the whole file" ||
					notok "$ch $fmt $seg: voucher leaked (code $c, message $m, promotion id $p)"
				cmp -s "$with" "$without" && ok "$ch $fmt $seg: identical to the feed built without voucher options" ||
					notok "$ch $fmt $seg: differs from the feed built without voucher options"
			fi
		done
	done
done

# the promotions feed of the cart feed validates (TSV with Python's csv, XML with xmllint)
for ext in tsv xml; do
	if eval "\"$FEEDGEN\" build $base --channel google --output \"$dir/g.tsv\" --segment cart_abandoners $voucher \
		--promotions-output \"$dir/promotions.$ext\"" 2>"$dir/err"; then
		if [ $ext = xml ]; then
			xmllint --noout "$dir/promotions.xml" 2>/dev/null && ok "promotions.xml is well-formed" || notok "promotions.xml: xmllint rejects it"
		else
			python3 - "$dir/promotions.tsv" <<'PY' && ok "promotions.tsv reads back with 1 promotion" || notok "promotions.tsv does not read back"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline=""), delimiter="\t"))
assert len(rows) == 2 and len(rows[0]) == len(rows[1])
p = dict(zip(rows[0], rows[1]))
assert p["promotion_id"] == "promo_BACK10" and p["percent_off"] == "10" and p["coupon_value_type"] == "percent_off"
assert p["promotion_effective_dates"] == "2026-06-01T00:00:00+00:00/2026-06-30T23:59:59+00:00"
PY
		fi
	else
		notok "build with --promotions-output promotions.$ext failed: $(head -1 "$dir/err")"
	fi
done
suite_end
