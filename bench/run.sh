#!/bin/sh
# bench/run.sh: `make bench`: whole-process wall time, peak RSS and items/s of feedgen writing
# the two reference feeds (TikTok CSV and Google XML) from the generated 100,000-product catalog,
# against the Python baseline in ../shared/bench, medians of RUNS runs.
# Environment: BENCH_PRODUCTS (default 100000), RUNS (default 3), BENCH_DIR (the catalog cache,
# default $HOME/.cache/feedgen-bench; generating 100,000 products takes about 15 s),
# BASELINE=0 to skip the (slow) baseline.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared="$top/../shared/bench"
products=${BENCH_PRODUCTS:-100000}
runs=${RUNS:-3}
dir=${BENCH_DIR:-$HOME/.cache/feedgen-bench}/p$products
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time (apt-get install time)"; exit 1; }
if [ ! -f "$dir/products.json" ]; then
	echo "generating the $products-product catalog into $dir"
	mkdir -p "$dir"
	python3 "$shared/gen_catalog.py" --products "$products" --out "$dir"
fi
variants=$(($(wc -l <"$dir/inventory.csv") - 1))
size=$(du -m "$dir/products.json" | cut -f1)
echo "catalog: $products products, $variants variants, ${size} MB"

# measure CMD...: prints "seconds maxrss_kb" of one run
measure() {
	/usr/bin/time -f "%e %M" -o "$out/time" "$@" >/dev/null 2>"$out/stderr" || { cat "$out/stderr"; exit 1; }
	cat "$out/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }


: >"$out/fg"
for i in $(seq "$runs"); do
	/usr/bin/time -f "%e %M" -o "$out/t1" "$top/bin/feedgen" build --catalog "$dir/products.json" --inventory "$dir/inventory.csv" \
		--channel tiktok --format csv --output "$out/tiktok.csv" --shop-url https://shop.example.com -q
	/usr/bin/time -f "%e %M" -o "$out/t2" "$top/bin/feedgen" build --catalog "$dir/products.json" --inventory "$dir/inventory.csv" \
		--channel google --format xml --output "$out/google.xml" --shop-url https://shop.example.com -q
	awk '{s+=$1; if ($2>m) m=$2} END {printf "%.2f %d\n", s, m}' "$out/t1" "$out/t2" >>"$out/fg"
done
fg_time=$(cut -d' ' -f1 "$out/fg" | median)
fg_rss=$(cut -d' ' -f2 "$out/fg" | median)
echo "feedgen, two runs (tiktok.csv, then google.xml): median ${fg_time} s, peak RSS $((fg_rss / 1024)) MB, $(awk -v v="$variants" -v t="$fg_time" 'BEGIN {printf "%d", 2 * v / t}') items/s"

# the same two feeds from one configuration: one pass over the catalog (issue 10). Each run is an
# hourly refresh's: the previous run's files are in place (the change report and the safety guard
# read them), and --keep 0 turns the history off so that the unchanged sources are rebuilt
# rather than skipped (a skipped run takes a fraction of a second and measures nothing).
cat >"$out/bench.json" <<JSON
{"shop": {"url": "https://shop.example.com"},
 "catalog": {"path": "$dir/products.json"}, "inventory": "$dir/inventory.csv",
 "feeds": [{"channel": "tiktok", "format": "csv", "output": "$out/cfg-tiktok.csv"},
           {"channel": "google", "format": "xml", "output": "$out/cfg-google.xml"}]}
JSON
: >"$out/cfg"
for i in $(seq "$runs"); do
	/usr/bin/time -f "%e %U %S %M" -o "$out/t3" "$top/bin/feedgen" build --config "$out/bench.json" --keep 0 -q
	cat "$out/t3" >>"$out/cfg"
done
cmp -s "$out/tiktok.csv" "$out/cfg-tiktok.csv" && cmp -s "$out/google.xml" "$out/cfg-google.xml" ||
	{ echo "bench: the configuration's feeds differ from the single-feed runs"; exit 1; }
cfg_time=$(cut -d' ' -f1 "$out/cfg" | median)
cfg_cpu=$(awk '{print $2 + $3}' "$out/cfg" | median)
cfg_rss=$(cut -d' ' -f4 "$out/cfg" | median)
echo "feedgen, one --config run (tiktok.csv + google.xml, one pass): median ${cfg_time} s wall, ${cfg_cpu} s CPU, peak RSS $((cfg_rss / 1024)) MB, $(awk -v v="$variants" -v t="$cfg_time" 'BEGIN {printf "%d", 2 * v / t}') items/s"
echo "one pass vs two runs: $(awk -v a="$fg_time" -v b="$cfg_time" 'BEGIN {printf "%.2fx", a / b}')"

if [ "${BASELINE:-1}" != 0 ]; then
	: >"$out/py"
	for i in $(seq "$runs"); do
		measure python3 "$shared/baseline_feed.py" "$dir/products.json" "$dir/inventory.csv" "$out" >>"$out/py"
	done
	py_time=$(cut -d' ' -f1 "$out/py" | median)
	py_rss=$(cut -d' ' -f2 "$out/py" | median)
	echo "baseline_feed.py (same two feeds): median ${py_time} s, peak RSS $((py_rss / 1024)) MB"
	echo "speed-up (two runs): $(awk -v a="$py_time" -v b="$fg_time" 'BEGIN {printf "%.1fx", a / b}'), (one --config run): $(awk -v a="$py_time" -v b="$cfg_time" 'BEGIN {printf "%.1fx", a / b}')"
fi
