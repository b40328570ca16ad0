#!/bin/sh
# bench/run.sh: `make bench`: whole-process wall time, CPU time (user + system), peak RSS,
# items/s and MB/s of feedgen on the generated 100,000-product catalog (issue 12), against the
# Python baseline in ../shared/bench measured in the same run; medians of RUNS runs per case.
# items/s are catalog items (variants) per second of wall time, whatever the number of feeds;
# MB/s are catalog megabytes (the JSON document) per second of wall time.
# Environment: BENCH_PRODUCTS (default 100000), RUNS (default 3), BENCH_DIR (the catalog cache,
# default $HOME/.cache/feedgen-bench; generating 100,000 products takes about 30 s),
# BASELINE=0 to skip the (slow) baseline, BENCH_CASES (a space-separated subset of the case
# names below), BENCH_LARGE=1 to add the 1,000,000-product run of the linearity target
# (generates 3.4 GB once, several minutes), FETCH_LATENCY (ms a page of the fetch case's slow
# server, default 50).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared="$top/../shared/bench"
feedgen="$top/bin/feedgen"
products=${BENCH_PRODUCTS:-100000}
runs=${RUNS:-3}
cache=${BENCH_DIR:-$HOME/.cache/feedgen-bench}
cases=${BENCH_CASES:-baseline floor fresh refresh jsonl one-feed retargeting fetch threads}
out=$(mktemp -d)
server=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null; rm -rf "$out"' EXIT

[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time (apt-get install time)"; exit 1; }

# catalog N: the generated catalog of N products (JSON and JSON Lines) in $cache/pN
catalog() {
	d="$cache/p$1"
	if [ ! -f "$d/products.jsonl" ] || [ ! -f "$d/products.json" ]; then
		echo "generating the $1-product catalog into $d"
		mkdir -p "$d"
		python3 "$shared/gen_catalog.py" --products "$1" --seed 7 --jsonl --out "$d"
	fi
}
catalog "$products"
dir="$cache/p$products"
variants=$(($(wc -l <"$dir/inventory.csv") - 1))
size_mb=$(du -m "$dir/products.json" | cut -f1)
cores=$(getconf _NPROCESSORS_ONLN)
echo "catalog: $products products, $variants variants, ${size_mb} MB; $cores cores; medians of $runs runs"
printf '%-44s %8s %8s %8s %10s %7s\n' case "wall s" "CPU s" "RSS MB" "items/s" "MB/s"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wanted() { case " $cases " in *" $1 "*) return 0 ;; esac; return 1; }

# run_case NAME VARIANTS MB PREPARE CMD...: PREPARE (a shell command) runs before each timed
# run; prints one table row and leaves "wall cpu" in $out/NAME.fig
run_case() {
	name=$1 v=$2 mb=$3 prep=$4
	shift 4
	: >"$out/t.all"
	for i in $(seq "$runs"); do
		sh -c "$prep"
		/usr/bin/time -f "%e %U %S %M" -o "$out/t" "$@" >/dev/null 2>"$out/stderr" ||
			{ echo "bench: $name failed:"; tail -5 "$out/stderr"; exit 1; }
		cat "$out/t" >>"$out/t.all"
	done
	wall=$(cut -d' ' -f1 "$out/t.all" | median)
	cpu=$(awk '{print $2 + $3}' "$out/t.all" | median)
	rss=$(cut -d' ' -f4 "$out/t.all" | median)
	echo "$wall $cpu" >"$out/$name.fig"
	printf '%-44s %8.2f %8.2f %8d %10d %7.1f\n' "$name" "$wall" "$cpu" $((rss / 1024)) \
		"$(awk -v v="$v" -v t="$wall" 'BEGIN {printf "%d", v / t}')" \
		"$(awk -v m="$mb" -v t="$wall" 'BEGIN {printf "%.1f", m / t}')"
}

# config FILE CATALOG FEEDS...: a configuration of the bench catalog writing FEEDS
# (channel:format pairs) into $out/cfg
config() {
	file=$1 cat=$2
	shift 2
	feeds= sep=
	for f in "$@"; do
		feeds="$feeds$sep{\"channel\": \"${f%%:*}\", \"format\": \"${f#*:}\", \"output\": \"$out/cfg/${f%%:*}.${f#*:}\"}"
		sep=", "
	done
	cat >"$file" <<JSON
{"shop": {"url": "https://shop.example.com"},
 "catalog": {"path": "$cat"}, "inventory": "$dir/inventory.csv",
 "feeds": [$feeds]}
JSON
}
mkdir -p "$out/cfg"
two="tiktok:csv google:xml"
config "$out/two.json" "$dir/products.json" $two
config "$out/jsonl.json" "$dir/products.jsonl" $two
config "$out/one.json" "$dir/products.json" tiktok:csv
# --keep 0: no history, so that unchanged sources are rebuilt rather than skipped (a skipped run
# takes a fraction of a second and measures nothing)
build="$feedgen build --keep 0 -q --config"

if [ "${BASELINE:-1}" != 0 ] && wanted baseline; then
	mkdir -p "$out/py"
	run_case "baseline_feed.py (tiktok.csv + google.xml)" "$variants" "$size_mb" : \
		python3 "$shared/baseline_feed.py" "$dir/products.json" "$dir/inventory.csv" "$out/py"
fi
# issue 12's known floor: jansson decoding every product on every core, nothing else
# (bench/decode_floor.c, built here with the system's cc)
if wanted floor && cc -O2 -o "$out/decode_floor" "$top/bench/decode_floor.c" $(pkg-config --cflags --libs jansson) -lpthread; then
	run_case "decode floor (jansson only, $cores threads)" "$variants" "$size_mb" : "$out/decode_floor" "$dir/products.json" "$cores"
fi
# the issue's target case: one --config run writing both feeds, no previous files
wanted fresh && run_case "build, 2 feeds, no previous files" "$variants" "$size_mb" "rm -rf $out/cfg; mkdir -p $out/cfg" $build "$out/two.json"
# an hourly refresh: the previous run's files are in place (change report, safety guard)
wanted refresh && run_case "build, 2 feeds, previous files (refresh)" "$variants" "$size_mb" : $build "$out/two.json"
wanted jsonl && run_case "build, 2 feeds, JSON Lines input" "$variants" "$size_mb" "rm -rf $out/cfg; mkdir -p $out/cfg" $build "$out/jsonl.json"
wanted one-feed && run_case "build, 1 feed (tiktok.csv)" "$variants" "$size_mb" "rm -rf $out/cfg; mkdir -p $out/cfg" $build "$out/one.json"

if wanted retargeting; then
	# the sample configuration's whole retargeting set (12 feeds and the promotions feed) on the
	# bench catalog: each extra feed should cost at most 10% of the first
	python3 - "$top/samples/feedgen.json" "$out/retarget.json" "$dir" "$out/rt" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1]))
cfg["catalog"] = {"path": sys.argv[3] + "/products.json"}
cfg["inventory"] = {"path": sys.argv[3] + "/inventory.csv"}
cfg["shop"]["url"] = "https://shop.example.com"
cfg["shop"].pop("currency", None)
cfg.pop("report", None)
cfg.pop("report_format", None)
for f in cfg["feeds"]:
    for k in ("output", "promotions_output"):
        if k in f:
            f[k] = sys.argv[4] + "/" + f[k].rsplit("/", 1)[1]
json.dump(cfg, open(sys.argv[2], "w"), indent=1)
PY
	nfeeds=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["feeds"]))' "$out/retarget.json")
	run_case "build, retargeting set ($nfeeds feeds)" "$variants" "$size_mb" "rm -rf $out/rt; mkdir -p $out/rt" $build "$out/retarget.json"
	if [ -f "$out/build, 1 feed (tiktok.csv).fig" ]; then
		awk -v n="$nfeeds" '
			NR == FNR { one = $1; next }
			{ printf "each extra feed: %.2f s, %.0f%% of the first feed'\''s run (target: at most 10%%)\n", ($1 - one) / (n - 1), 100 * ($1 - one) / (n - 1) / one }' \
			"$out/build, 1 feed (tiktok.csv).fig" "$out/build, retargeting set ($nfeeds feeds).fig"
		# the floor under that figure: dd writing the same files of zeros (the sizes of the set's
		# last run and of the one feed's) and syncing each, as feedgen does before it publishes;
		# no feedgen at all; rm -rf of the previous files first, as above
		mkdir -p "$out/floor"
		find "$out/rt" -maxdepth 1 -type f -printf '%s %f\n' |
			awk -v d="$out/floor" '{printf "dd if=/dev/zero of=%s/%s bs=1M count=%s iflag=count_bytes conv=fsync status=none\n", d, $2, $1}' >"$out/dd-set.sh"
		echo "dd if=/dev/zero of=$out/floor/tiktok.csv bs=1M count=$(wc -c <"$out/cfg/tiktok.csv") iflag=count_bytes conv=fsync status=none" >"$out/dd-one.sh"
		run_case "write floor: dd, 1 feed's bytes" "$variants" "$size_mb" "rm -rf $out/floor; mkdir -p $out/floor" sh "$out/dd-one.sh"
		run_case "write floor: dd, the set's bytes ($nfeeds feeds)" "$variants" "$size_mb" "rm -rf $out/floor; mkdir -p $out/floor" sh "$out/dd-set.sh"
		# and the disk's own rate under that: the same files written with O_DIRECT (no page cache,
		# so next to no CPU), synced. With every fsync'd byte on the disk before the rename, the
		# set cannot publish faster than this however little CPU feedgen spends; where the file
		# system refuses O_DIRECT (tmpfs), the row is left out
		sed 's/conv=fsync/oflag=direct conv=fsync/' "$out/dd-set.sh" >"$out/dd-direct.sh"
		rm -rf "$out/floor"
		mkdir -p "$out/floor"
		if dd if=/dev/zero of="$out/floor/probe" bs=1M count=1 oflag=direct status=none 2>/dev/null; then
			run_case "disk floor: dd oflag=direct, the set's bytes" "$variants" "$size_mb" "rm -rf $out/floor; mkdir -p $out/floor" sh "$out/dd-direct.sh"
			awk -v n="$nfeeds" '
				FILENAME ~ /tiktok.csv\)\.fig$/ { one = $1; next }
				{ printf "the disk alone takes %.2f s for the set, each extra feed %.0f%% of the first feed'\''s run; at most 10%% needs the whole set in %.2f s\n", $1, 100 * ($1 - one) / (n - 1) / one, one * (1 + 0.1 * (n - 1)) }' \
				"$out/build, 1 feed (tiktok.csv).fig" "$out/disk floor: dd oflag=direct, the set's bytes.fig"
		fi
		rm -rf "$out/floor"
		awk -v n="$nfeeds" '
			FILENAME ~ /tiktok.csv\)\.fig$/ { one = $1; next }
			FILENAME ~ /1 feed.s bytes\.fig$/ { w1 = $1; next }
			{ printf "writing the bytes alone: each extra feed %.2f s, %.0f%% of the first feed'\''s run\n", ($1 - w1) / (n - 1), 100 * ($1 - w1) / (n - 1) / one }' \
			"$out/build, 1 feed (tiktok.csv).fig" "$out/write floor: dd, 1 feed's bytes.fig" "$out/write floor: dd, the set's bytes ($nfeeds feeds).fig"
	fi
fi

if wanted fetch; then
	# `feedgen fetch` of a 10,000-product shop from the loopback test server (tests/http/server.py,
	# Shopify's paginated API, 250 products a page): feedgen's own CPU against the run's wall time.
	# Twice: a server that answers at once (the wall time is then mostly feedgen's own work, so
	# this share cannot fall far below half whatever feedgen does), and one that answers each
	# page FETCH_LATENCY ms (default 50) after the request, as a shop's API across a network does
	# (the target's case: feedgen must wait for the network, not work, while it fetches).
	fetch_dir="$cache/p10000-pages"
	if [ ! -d "$fetch_dir/pages" ]; then
		echo "generating the 10000-product API pages into $fetch_dir"
		mkdir -p "$fetch_dir"
		python3 "$shared/gen_catalog.py" --products 10000 --seed 7 --pages 250 --out "$fetch_dir"
	fi
	fetch_variants=$(($(wc -l <"$fetch_dir/inventory.csv") - 1))
	fetch_mb=$(du -m "$fetch_dir/products.json" | cut -f1)
	latency=${FETCH_LATENCY:-50}
	for ms in 0 "$latency"; do
		rm -f "$out/port"
		python3 "$top/tests/http/server.py" --data "$fetch_dir" --latency "$ms" >"$out/port" 2>/dev/null &
		server=$!
		for i in $(seq 100); do [ -s "$out/port" ] && break; sleep 0.1; done
		name="fetch, Shopify, 10,000 products, $ms ms a page"
		SHOPIFY_ACCESS_TOKEN=shpat_test run_case "$name" "$fetch_variants" "$fetch_mb" \
			"rm -f $out/snapshot.jsonl" "$feedgen" fetch --source shopify --store-url "http://127.0.0.1:$(cat "$out/port")" \
			--output "$out/snapshot.jsonl" -q
		awk -v ms="$ms" '{printf "fetch at %d ms a page: feedgen CPU is %.0f%% of the wall time (target: at most 20%%)\n", ms, 100 * $2 / $1}' \
			"$out/$name.fig"
		kill "$server" 2>/dev/null || :
		server=
	done
fi

if wanted threads && "$feedgen" build --help 2>&1 | grep -q -- '--threads'; then
	run_case "build, 2 feeds, --threads 1" "$variants" "$size_mb" "rm -rf $out/cfg; mkdir -p $out/cfg" $build "$out/two.json" --threads 1
fi

if [ "${BENCH_LARGE:-0}" = 1 ]; then
	catalog 1000000
	big="$cache/p1000000"
	big_variants=$(($(wc -l <"$big/inventory.csv") - 1))
	big_mb=$(du -m "$big/products.json" | cut -f1)
	sed "s|$dir/|$big/|g" "$out/two.json" >"$out/big.json"
	run_case "build, 2 feeds, 1,000,000 products" "$big_variants" "$big_mb" "rm -rf $out/cfg; mkdir -p $out/cfg" $build "$out/big.json"
	[ -f "$out/build, 2 feeds, no previous files.fig" ] && awk '
		NR == FNR { small = $1; next }
		{ printf "1,000,000 products take %.1fx the 100,000-product time (target: at most 11x)\n", $1 / small }' \
		"$out/build, 2 feeds, no previous files.fig" "$out/build, 2 feeds, 1,000,000 products.fig"
fi

floor="$out/decode floor (jansson only, $cores threads).fig"
base="$out/baseline_feed.py (tiktok.csv + google.xml).fig"
fresh="$out/build, 2 feeds, no previous files.fig"
if [ -f "$base" ] && [ -f "$fresh" ]; then
	awk -v cores="$cores" '
		NR == FNR { bw = $1; bc = $2; next }
		{ printf "speed-up against the baseline: %.1fx wall (target 8x), %.1fx less CPU (target %.1fx = 8 / %d cores)\n", bw / $1, bc / $2, 8 / cores, cores }' \
		"$base" "$fresh"
fi
if [ -f "$base" ] && [ -f "$floor" ]; then
	awk -v cores="$cores" '
		NR == FNR { bw = $1; bc = $2; next }
		{ printf "decode floor: %.2f s wall, %.2f s CPU; the 8x targets are %.2f s wall and %.2f s CPU\n", $1, $2, bw / 8, bc / (8 / cores) }' \
		"$base" "$floor"
fi
