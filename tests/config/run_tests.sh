#!/bin/sh
# tests/config/run_tests.sh: `feedgen build --config` (issue 10): the sample configuration end
# to end, each feed byte-identical to its single-feed command line; every kind of configuration
# error with its JSON path (exit 2); the publish as one transaction (a failing promotions or
# codes output leaves every feed as it was, nothing left behind); a run killed with SIGKILL;
# two runs of one configuration at once (the lock, exit 6, --wait).
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=config tag="config: "
. tests/lib/check.sh
trap 'for p in $PIDS; do kill -9 $p 2>/dev/null; done; cleanup' EXIT
export SOURCE_DATE_EPOCH=1780000000   # 2026-05-28: inside the sample voucher's window

# the sample configuration, copied next to its inputs so that its relative paths hold
mkdir -p "$T/shop" "$T/out/feeds"
cp "$top/samples/catalog.json" "$top/samples/inventory.csv" "$top/samples/feedgen.json" "$T/shop/"
"$fg" build --config "$T/shop/feedgen.json" --quiet 2>"$T/err"; rc=$?
check "samples/feedgen.json builds (exit $rc)" test $rc -eq 0
nfeeds=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["feeds"]))' "$T/shop/feedgen.json")
check "every feed of the sample written ($nfeeds feeds + promotions + report)" \
	test "$(ls "$T/out/feeds" | wc -l)" -eq $((nfeeds + 2))
for f in "$T"/out/feeds/*; do
	case $f in
	*.xml) xmllint --noout "$f" 2>/dev/null || notok "xmllint rejects $(basename "$f")" ;;
	*.csv|*.tsv) p=$(python3 "$top/tests/lib/readback.py" "$f"); [ -z "$p" ] || notok "$(basename "$f"): $p" ;;
	esac
done

# each feed against the same feed from a single-feed command line
python3 - "$T/shop/feedgen.json" > "$T/singles" <<'PY'
import json, shlex, sys
c = json.load(open(sys.argv[1]))
common = ["--catalog", "catalog.json", "--inventory", "inventory.csv", "--shop-url", c["shop"]["url"],
          "--currency", c["shop"]["currency"], "--brand", c["shop"]["brand"],
          "--low-stock", str(c["urgency"]["low_stock"]), "--returns-days", str(c["retargeting"]["returns_days"]),
          "--free-shipping-over", c["retargeting"]["free_shipping_over"],
          "--voucher-code", c["vouchers"]["code"], "--voucher-percent", str(c["vouchers"]["percent"]),
          "--voucher-segments", ",".join(c["vouchers"]["segments"]), "--voucher-valid", c["vouchers"]["valid"]]
for f in c["feeds"]:
    a = common + ["--channel", f["channel"], "--format", f["format"], "--output", "single/" + f["output"].split("/")[-1]]
    if f.get("segment"):
        a += ["--segment", f["segment"]]
    if f.get("promotions_output"):
        a += ["--promotions-output", "single/" + f["promotions_output"].split("/")[-1]]
    print(" ".join(shlex.quote(x) for x in a))
PY
mkdir -p "$T/shop/single"
same=0 total=0
while read -r args; do
	(cd "$T/shop" && eval "\"$fg\" build --quiet $args") 2>>"$T/err" || notok "single-feed build: $args"
done < "$T/singles"
for f in "$T"/shop/single/*; do
	total=$((total + 1))
	if cmp -s "$f" "$T/out/feeds/$(basename "$f")"; then same=$((same + 1)); else notok "$(basename "$f") differs from its single-feed build"; fi
done
check "each of $total files byte-identical to its single-feed command ($same same)" test "$same" -eq "$total" -a "$total" -eq $((nfeeds + 1))
check "segment feeds differ from each other (own copies of the item)" \
	sh -c "! cmp -s '$T/out/feeds/meta-viewers.csv' '$T/out/feeds/meta-cart-abandoners.csv'"
check "the voucher only in the cart abandoners' feeds" \
	sh -c "grep -l BACK10 '$T'/out/feeds/*.csv '$T'/out/feeds/*-*.xml | sed 's,.*/,,' | tr '\n' ' ' | grep -qx 'meta-cart-abandoners.csv tiktok-cart-abandoners.csv google-cart-abandoners.xml google-promotions.xml '"

# --- configuration errors: exit 2, the JSON path named, nothing written ---
cfgerr() { # NAME JSON PATTERN [extra args]
	name=$1 json=$2 pat=$3
	shift 3
	printf '%s\n' "$json" > "$T/shop/bad.json"
	rm -rf "$T/out/bad"
	"$fg" build --config "$T/shop/bad.json" "$@" 2>"$T/err"; rc=$?
	if [ $rc -ne 2 ]; then notok "$name: exit $rc, expected 2"; sed 's/^/#   /' "$T/err" | head -3
	elif ! grep -Eq -- "$pat" "$T/err"; then notok "$name: stderr lacks /$pat/"; sed 's/^/#   /' "$T/err" | head -3
	elif [ -e "$T/out/bad" ]; then notok "$name: something was written"
	else ok "$name"; fi
}
F='"channel": "tiktok", "output": "../out/bad/t.csv"'
C='"shop": {"url": "https://n.example"}, "catalog": {"path": "catalog.json"}'
cfgerr "unknown top-level key" "{$C, \"feeeds\": []}" "bad.json': feeeds: unknown key \(known: catalog, inventory, feeds,"
cfgerr "unknown key in a feed" "{$C, \"feeds\": [{$F, \"colour\": 1}]}" "feeds\[0\]\.colour: unknown key"
cfgerr "bad enum" "{$C, \"feeds\": [{$F}, {\"channel\": \"meta\", \"output\": \"m.x\", \"format\": \"xlsx\"}]}" "feeds\[1\]\.format: 'xlsx' is not csv tsv xml"
cfgerr "wrong type" "{$C, \"vouchers\": {\"percent\": \"ten\"}, \"feeds\": [{$F}]}" "vouchers\.percent: expected a whole number"
cfgerr "wrong type of a section" "{$C, \"urgency\": 5, \"feeds\": [{$F}]}" "urgency: expected an object"
cfgerr "missing channel" "{$C, \"feeds\": [{\"output\": \"x.csv\"}]}" "feeds\[0\]: missing \"channel\""
cfgerr "missing output" "{$C, \"feeds\": [{\"channel\": \"tiktok\"}]}" "feeds\[0\]: missing \"output\""
cfgerr "missing feeds" "{$C}" "feeds: missing: list the feeds"
cfgerr "missing catalog" "{\"shop\": {\"url\": \"https://n.example\"}, \"feeds\": [{$F}]}" "catalog: missing"
cfgerr "two feeds, one output" "{$C, \"feeds\": [{$F}, {$F, \"name\": \"again\"}]}" "feeds\[1\]: output '.*t.csv' is also the output of feeds\[0\]"
cfgerr "promotions without vouchers.valid" "{$C, \"vouchers\": {\"code\": \"BACK10\", \"percent\": 10}, \"feeds\": [{\"channel\": \"google\", \"segment\": \"cart_abandoners\", \"output\": \"g.xml\", \"promotions_output\": \"p.xml\"}]}" "feeds\[0\]: promotions_output needs vouchers\.valid"
cfgerr "a value the option rejects" "{$C, \"vouchers\": {\"code\": \"no spaces\", \"percent\": 10}, \"feeds\": [{$F}]}" "option --voucher-code: 'no spaces'"
cfgerr "not JSON" "{$C, " "bad.json' line 2 column 0"
cfgerr "a feed's option on the command line" "{$C, \"feeds\": [{$F}]}" "option '--output' cannot be combined with --config" --output x.csv
cfgerr "unknown channel" "{$C, \"feeds\": [{\"channel\": \"myspace\", \"output\": \"../out/bad/x.csv\"}]}" "unknown channel 'myspace'"

# --- one transaction: a failing promotions output (its directory is missing) changes nothing ---
snapshot() { (cd "$T/out/feeds" && sha256sum * ) > "$1"; }
snapshot "$T/before"
python3 - "$T/shop/feedgen.json" "$T/shop/broken.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["urgency"]["low_stock"] = 50        # every feed would change
for f in c["feeds"]:
    if f.get("promotions_output"):
        f["promotions_output"] = "../out/missing-dir/promotions.xml"
json.dump(c, open(sys.argv[2], "w"))
PY
"$fg" build --config "$T/shop/broken.json" --quiet 2>"$T/err"; rc=$?
snapshot "$T/after"
check "failing promotions output: exit 5 (got $rc)" test $rc -eq 5
check "failing promotions output: every feed byte-identical" cmp -s "$T/before" "$T/after"
check "failing promotions output: no temporary left" test -z "$(ls -A "$T/out/feeds" | grep '^\.' | grep -v '^\.feedgen$' || true)"
check "failing promotions output: says nothing was published" grep -q "nothing was published" "$T/err"
# the same for the voucher codes file (unique codes need the secret)
python3 - "$T/shop/feedgen.json" "$T/shop/codes.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["urgency"]["low_stock"] = 50
c["vouchers"]["unique"] = True
for f in c["feeds"]:
    f.pop("promotions_output", None)
    if f["name"] == "meta-cart-abandoners":
        f["codes_output"] = "../out/missing-dir/codes.csv"
json.dump(c, open(sys.argv[2], "w"))
PY
FEEDGEN_VOUCHER_SECRET=test-secret-0123456789 "$fg" build --config "$T/shop/codes.json" --quiet 2>"$T/err"; rc=$?
snapshot "$T/after"
check "failing codes output: exit 5 (got $rc)" test $rc -eq 5
check "failing codes output: every feed byte-identical" cmp -s "$T/before" "$T/after"
check "failing codes output: no temporary left" test -z "$(ls -A "$T/out/feeds" | grep '^\.' | grep -v '^\.feedgen$' || true)"

# --- SIGKILL while writing: the previous set stays, and the next run is not tripped up ---
mkfifo "$T/shop/slow.json"
python3 - "$T/shop/feedgen.json" "$T/shop/slow-cfg.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["catalog"] = {"path": "slow.json"}
json.dump(c, open(sys.argv[2], "w"))
PY
"$fg" build --config "$T/shop/slow-cfg.json" --quiet --threads 1 2>"$T/err" &
run=$!; PIDS="$PIDS $run"
python3 - "$T/shop/catalog.json" "$T/shop/slow.json" <<'PY' &
import json, sys, time
doc = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as out:
    out.write('{"products": [')
    for i, p in enumerate(doc["products"][:10]):
        out.write(("," if i else "") + json.dumps(p))
    out.flush()
    time.sleep(30)   # killed before it goes on
PY
feeder=$!; PIDS="$PIDS $feeder"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	[ -n "$(ls -A "$T/out/feeds" | grep '^\.' | grep -v '^\.feedgen$' || true)" ] && break
	sleep 0.2
done
check "killed run: its temporaries exist while it writes" test -n "$(ls -A "$T/out/feeds" | grep '^\.' | grep -v '^\.feedgen$' || true)"
kill -9 $run; wait $run 2>/dev/null; kill $feeder 2>/dev/null; wait $feeder 2>/dev/null
snapshot "$T/after"
check "killed run: every previous file byte-identical" cmp -s "$T/before" "$T/after"
"$fg" build --config "$T/shop/feedgen.json" --quiet 2>"$T/err"; rc=$?
snapshot "$T/after"
check "the run after a killed one: exit 0 (got $rc), same files" sh -c "[ $rc -eq 0 ] && cmp -s '$T/before' '$T/after'"
check "the run after a killed one: the dead run's temporaries removed" test -z "$(ls -A "$T/out/feeds" | grep '^\.' | grep -v '^\.feedgen$' || true)"

# --- two runs of one configuration: the lock ---
flock "$T/shop/feedgen.json.lock" sleep 3 &
holder=$!; PIDS="$PIDS $holder"
sleep 0.3
"$fg" build --config "$T/shop/feedgen.json" --quiet 2>"$T/err"; rc=$?
check "a second run while one holds the lock: exit 6 (got $rc)" test $rc -eq 6
check "a second run while one holds the lock: says so" grep -q "another run holds the lock" "$T/err"
"$fg" build --config "$T/shop/feedgen.json" --quiet --wait 10 2>"$T/err"; rc=$?
check "--wait: the second run waits for the first and publishes (exit $rc)" test $rc -eq 0
wait $holder 2>/dev/null
# two real runs started together: both publish, one after the other, or one exits 6
"$fg" build --config "$T/shop/feedgen.json" --quiet 2>"$T/err1" & a=$!
"$fg" build --config "$T/shop/feedgen.json" --quiet 2>"$T/err2" & b=$!
wait $a; ra=$?; wait $b; rb=$?
snapshot "$T/after"
check "two runs at once: one publishes, the other publishes after it or exits 6 ($ra, $rb)" \
	sh -c "{ [ $ra -eq 0 ] && { [ $rb -eq 0 ] || [ $rb -eq 6 ]; }; } || { [ $rb -eq 0 ] && [ $ra -eq 6 ]; }"
check "two runs at once: the published set is complete and right" cmp -s "$T/before" "$T/after"
suite_end
