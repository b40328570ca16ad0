#!/bin/sh
# tests/shard/run_tests.sh: `build --shard K/N` and `feedgen merge` (issue 12, beyond one machine),
# on the sample configuration (12 feeds: CSV and XML) and a generated catalog (gen_catalog.py
# --products 3000 --seed 7: TikTok CSV and a gzipped Google XML), for N = 1, 3 and 4. Read back
# by tests/shard/check_shards.py (Python's csv and ElementTree, and its own FNV-1a): every item in
# exactly one shard, the one the documented hash names; the variants of a group together; the
# union of the parts equal to the unsharded feed item by item, byte for byte; merge's output
# with the unsharded feed's header or channel and its items in part order (N = 1: the same
# file, byte for byte); the shards' own file names, locks (two shards at once) and histories;
# the summaries merged; mismatched parts, bad --shard values and bad summaries refused.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=shard tag="shard: "
. tests/lib/check.sh
empty() { [ ! -s "$1" ] || { sed 's/^/# /' "$1" | head -5; return 1; }; }
parts() { python3 "$top/tests/shard/check_shards.py" parts "$@"; }
merged() { python3 "$top/tests/shard/check_shards.py" merged "$@"; }
export SOURCE_DATE_EPOCH=1780000000   # inside the sample voucher's window
# a shard holds a third of the catalog: its share of rejected items is not the whole's
LIMITS="--max-rejected-percent 100 --allow-empty"

# ---- the sample configuration ----
mkdir -p "$T/shop" "$T/out/feeds"
cp "$top/samples/catalog.json" "$top/samples/inventory.csv" "$top/samples/feedgen.json" "$T/shop/"
cfg=$T/shop/feedgen.json
feeds=$(python3 -c 'import json,sys; print(" ".join(f["output"].split("/")[-1] for f in json.load(open(sys.argv[1]))["feeds"]))' "$cfg")
"$fg" build --config "$cfg" $LIMITS --summary "$T/out/whole.json" --quiet 2>"$T/err"; rc=$?
check "the unsharded sample build (exit $rc)" test $rc -eq 0
out=$T/out/feeds
for n in 1 3 4; do
	bad=0
	for k in $(seq 1 $n); do
		"$fg" build --config "$cfg" --shard $k/$n $LIMITS --summary "$T/out/s.json" --quiet 2>>"$T/err" || bad=1
	done
	check "samples: shards 1..$n of $n build (exit 0)" test $bad -eq 0
	missing=0
	for f in $feeds report.json; do
		for k in $(seq 1 $n); do
			[ -f "$out/${f%.*}.shard-$k-of-$n.${f##*.}" ] || missing=1
		done
	done
	check "samples $n: every file named NAME.shard-K-of-N.EXT (feeds, report, summary)" \
		test $missing -eq 0 -a -f "$T/out/s.shard-$n-of-$n.json"
	: >"$T/problems"
	for f in $feeds; do
		ci=; case $f in google*) ci=--ci ;; esac
		list=; for k in $(seq 1 $n); do list="$list $out/${f%.*}.shard-$k-of-$n.${f##*.}"; done
		parts "$out/$f" $n $list $ci >>"$T/problems" 2>&1
		"$fg" merge --quiet --output "$T/out/merged-$n-$f" $list 2>>"$T/problems" || echo "merge $f failed" >>"$T/problems"
		merged "$out/$f" "$T/out/merged-$n-$f" $list $ci >>"$T/problems" 2>&1
		if [ $n = 1 ] && ! cmp -s "$out/$f" "$T/out/merged-$n-$f"; then echo "$f: merge of 1/1 differs" >>"$T/problems"; fi
	done
	check "samples $n: each of 12 feeds: every item in exactly one shard (the FNV-1a one), groups together, the parts and merge's output equal to the unsharded feed item by item" empty "$T/problems"
done
cmp -s "$out/google.xml" "$T/out/merged-1-google.xml" && cmp -s "$out/tiktok.csv" "$T/out/merged-1-tiktok.csv"
check "samples: merge of shard 1/1 is the unsharded feed byte for byte" test $? -eq 0
# Google compares ids ignoring case: NW-SHELL-BLK-M and nw-shell-blk-m (two products) share one
grep -q 'nw-shell-blk-m' "$out/google.shard-"*-of-3.xml && grep -q 'NW-SHELL-BLK-M' "$out/google.shard-"*-of-3.xml
check "samples: the two items with one Google id (ignoring case) are in different shards of 3" test $? -eq 0
"$fg" merge --output "$T/out/m3.xml" "$out"/google.shard-[123]-of-3.xml 2>"$T/merr"; rc=$?
check "merge leaves out the later item of an id already used, with a warning naming both parts (exit $rc)" \
	sh -c "[ $rc -eq 0 ] && grep -q \"warning: feed part .*item 'NW-SHELL-BLK-M' left out: its id is already used by an item of .* (ids are compared ignoring case)\" '$T/merr'"
cmp -s "$out/google-promotions.shard-1-of-3.xml" "$out/google-promotions.xml" &&
	cmp -s "$out/google-promotions.shard-3-of-3.xml" "$out/google-promotions.xml"
check "samples: the promotions feed of every shard is the unsharded one" test $? -eq 0

# history, locks and the guard: each shard's own
python3 - "$out/.feedgen/history" "$cfg" >"$T/hist" <<'PY'
import json, os, sys
d = sys.argv[1]
configs = sorted(json.load(open(os.path.join(d, e, "manifest.json")))["config"].split("#")[-1] for e in os.listdir(d) if not e.startswith("."))
print(" ".join(sorted(set(configs))))
PY
check "every shard records its own history (CONFIG#shard-K-of-N)" \
	grep -q 'shard-1-of-1 shard-1-of-3 shard-1-of-4 shard-2-of-3 .*shard-4-of-4' "$T/hist"
check "each shard's lock file is its own (feedgen.json.shard-K-of-N.lock)" \
	test -f "$T/shop/feedgen.json.shard-2-of-3.lock" -a -f "$T/shop/feedgen.json.shard-4-of-4.lock"
"$fg" build --config "$cfg" --shard 1/3 $LIMITS --force --quiet --summary "$T/out/again.json" 2>/dev/null &
p1=$!
"$fg" build --config "$cfg" --shard 2/3 $LIMITS --force --quiet --summary "$T/out/again.json" 2>/dev/null; rc2=$?
wait $p1; rc1=$?
check "two shards of one configuration at once into one folder both publish (exit $rc1 and $rc2)" test $rc1 -eq 0 -a $rc2 -eq 0
python3 - "$T/out/again.shard-2-of-3.json" "$out/google.shard-2-of-3.xml" >"$T/prev" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
g = [f for f in s["feeds"] if f["name"] == "google"][0]
n = open(sys.argv[2]).read().count("<item>")
d = g["diff"] or {}
print("ok" if d.get("previous") and d["old_items"] == n and d["unchanged"] == n and g["output"].endswith("google.shard-2-of-3.xml") else "bad %r %d" % (d, n))
PY
check "a shard's change report and guard compare it with the same shard's previous file" grep -qx ok "$T/prev"

# rollback of one shard: that shard's files go back, the unsharded feeds and other shards stay
cp "$out/google.shard-2-of-3.xml" "$T/out/before-2.xml"
cp "$out/google.shard-3-of-3.xml" "$T/out/before-3.xml"
cp "$out/google.xml" "$T/out/before-whole.xml"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["products"]=d["products"][:-6]; json.dump(d,open(sys.argv[1],"w"))' "$T/shop/catalog.json"
"$fg" build --config "$cfg" --shard 2/3 $LIMITS --max-drop-percent 100 --quiet 2>/dev/null
cmp -s "$out/google.shard-2-of-3.xml" "$T/out/before-2.xml"; changed=$?
"$fg" rollback --config "$cfg" --shard 2/3 --quiet 2>"$T/rerr"; rc=$?
cmp -s "$out/google.shard-2-of-3.xml" "$T/out/before-2.xml" && cmp -s "$out/google.shard-3-of-3.xml" "$T/out/before-3.xml" &&
	cmp -s "$out/google.xml" "$T/out/before-whole.xml"; same=$?
check "rollback --shard 2/3 puts back that shard's files only (exit $rc)" test $rc -eq 0 -a $changed -ne 0 -a $same -eq 0
cp "$top/samples/catalog.json" "$T/shop/catalog.json"

# the summaries
"$fg" merge --summary "$T/out/merged-summary.json" "$T/out"/s.shard-[123]-of-3.json 2>"$T/serr"; rc=$?
check "merge --summary of the 3 shards (exit $rc)" test $rc -eq 0
python3 - "$T/out/whole.json" "$T/out/merged-summary.json" "$T/out"/s.shard-[123]-of-3.json >"$T/sum" <<'PY'
import json, sys
w, m = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
shards = [json.load(open(p)) for p in sys.argv[3:]]
bad = []
if m["items"]["read"] != w["items"]["read"]:
    bad.append("items read %d, unsharded %d" % (m["items"]["read"], w["items"]["read"]))
if m["items"]["records_skipped"] != w["items"]["records_skipped"]:
    bad.append("records_skipped")
for i, f in enumerate(m["feeds"]):
    wf = w["feeds"][i]
    # Google: the unsharded build rejects the later of NW-SHELL-BLK-M / nw-shell-blk-m, the shards write both
    extra = 1 if f["channel"] == "google" else 0
    if f["name"] != wf["name"] or f["output"] != wf["output"]:
        bad.append("feed %d named %s %s" % (i, f["name"], f["output"]))
    if f["items_written"] != wf["items_written"] + extra or f["rejected"] + extra != wf["rejected"]:
        bad.append("%s: %d written %d rejected, unsharded %d %d" % (f["name"], f["items_written"], f["rejected"], wf["items_written"], wf["rejected"]))
for rule, c in m["findings"]["by_rule"].items():
    if c["warnings"] != sum(s["findings"]["by_rule"].get(rule, {}).get("warnings", 0) for s in shards):
        bad.append("rule " + rule)
if m["findings"]["errors"] != sum(s["findings"]["errors"] for s in shards):
    bad.append("errors")
if m["shards"] != 3 or m["exit_status"] != 0 or not m["published"]:
    bad.append("shards/exit_status/published")
print("\n".join(bad) or "ok")
PY
check "the merged summary: items read and per feed as the unsharded build's, findings summed, plain output names" grep -qx ok "$T/sum"
"$fg" merge --summary "$T/out/x.json" "$T/out"/s.shard-[12]-of-3.json 2>"$T/serr"; rc=$?
check "merge --summary without shard 3 of 3: exit 3 (got $rc) naming it" \
	sh -c "[ $rc -eq 3 ] && grep -q 'no summary of shard 3 of 3' '$T/serr' && [ ! -e '$T/out/x.json' ]"
cp "$T/out/s.shard-2-of-3.json" "$T/out/copy.json"
"$fg" merge --summary "$T/out/x.json" "$T/out"/s.shard-[123]-of-3.json "$T/out/copy.json" 2>"$T/serr"; rc=$?
check "merge --summary of a shard twice: exit 3 (got $rc)" sh -c "[ $rc -eq 3 ] && grep -q 'and so is an earlier one' '$T/serr'"
"$fg" merge --summary "$T/out/x.json" "$T/out/s.shard-1-of-3.json" "$T/out/s.shard-2-of-4.json" 2>"$T/serr"; rc=$?
check "merge --summary of shards of different N: exit 3 (got $rc)" sh -c "[ $rc -eq 3 ] && grep -q 'is of 3 shards' '$T/serr'"
"$fg" merge --summary "$T/out/x.json" "$T/out/s.shard-1-of-3.json" "$cfg" 2>"$T/serr"; rc=$?
check "merge --summary of a file that is no summary: exit 3 (got $rc)" sh -c "[ $rc -eq 3 ] && grep -q 'is not a feedgen run summary' '$T/serr'"

# bad --shard values
for v in 0/4 5/4 a/b 1/0 1/ 4; do
	"$fg" build --config "$cfg" --shard "$v" --quiet 2>"$T/berr"; rc=$?
	check "--shard $v: exit 2 (got $rc) with the reason" \
		sh -c "[ $rc -eq 2 ] && grep -Eq \"option --shard: '$v'(:| is not K/N)\" '$T/berr'"
done

# a TSV feed from the command line, sharded and merged
for k in 1 2 3; do
	(cd "$T/shop" && "$fg" build --catalog catalog.json --shop-url https://northwind.example --channel google \
		--output ../out/g.tsv --shard $k/3 $LIMITS --quiet 2>/dev/null)
done
(cd "$T/shop" && "$fg" build --catalog catalog.json --shop-url https://northwind.example --channel google \
	--output ../out/g.tsv $LIMITS --quiet 2>/dev/null)
"$fg" merge --quiet --output "$T/out/gm.tsv" "$T/out"/g.shard-[123]-of-3.tsv
parts "$T/out/g.tsv" 3 "$T/out"/g.shard-[123]-of-3.tsv --ci >"$T/problems" 2>&1
merged "$T/out/g.tsv" "$T/out/gm.tsv" "$T/out"/g.shard-[123]-of-3.tsv --ci >>"$T/problems" 2>&1
check "a TSV feed: shards and merge equal to the unsharded feed" empty "$T/problems"

# ---- a generated catalog: 3000 products, TikTok CSV and gzipped Google XML ----
mkdir -p "$T/gen/out"
python3 "$GEN" --products 3000 --seed 7 --out "$T/gen" >/dev/null
cat >"$T/gen/c.json" <<'JSON'
{ "shop": { "url": "https://shop.example" }, "catalog": { "path": "products.json" },
  "inventory": { "path": "inventory.csv" }, "publish": { "max_rejected_percent": 100 },
  "feeds": [ { "name": "tiktok", "channel": "tiktok", "output": "out/tiktok.csv" },
             { "name": "google", "channel": "google", "output": "out/google.xml", "gzip": true } ] }
JSON
"$fg" build --config "$T/gen/c.json" --quiet 2>/dev/null
check "generated catalog: the unsharded build" test -f "$T/gen/out/google.xml.gz" -a -f "$T/gen/out/tiktok.csv"
for n in 1 3 4; do
	bad=0
	for k in $(seq 1 $n); do
		"$fg" build --config "$T/gen/c.json" --shard $k/$n --quiet 2>/dev/null || bad=1
	done
	: >"$T/problems"
	tl=; gl=
	for k in $(seq 1 $n); do tl="$tl $T/gen/out/tiktok.shard-$k-of-$n.csv"; gl="$gl $T/gen/out/google.shard-$k-of-$n.xml.gz"; done
	parts "$T/gen/out/tiktok.csv" $n $tl >>"$T/problems" 2>&1
	parts "$T/gen/out/google.xml.gz" $n $gl --ci >>"$T/problems" 2>&1
	"$fg" merge --quiet --output "$T/gen/m-$n.csv" $tl 2>>"$T/problems" || echo "merge failed" >>"$T/problems"
	"$fg" merge --quiet --output "$T/gen/m-$n.xml.gz" $gl 2>>"$T/problems" || echo "merge failed" >>"$T/problems"
	merged "$T/gen/out/tiktok.csv" "$T/gen/m-$n.csv" $tl >>"$T/problems" 2>&1
	merged "$T/gen/out/google.xml.gz" "$T/gen/m-$n.xml.gz" $gl --ci >>"$T/problems" 2>&1
	gunzip -t "$T/gen/m-$n.xml.gz" 2>>"$T/problems" || echo "merged gzip broken" >>"$T/problems"
	if [ $n = 1 ]; then
		cmp -s "$T/gen/out/tiktok.csv" "$T/gen/m-1.csv" || echo "tiktok 1/1 merge differs" >>"$T/problems"
		[ "$(gunzip -c "$T/gen/out/google.xml.gz" | md5sum)" = "$(gunzip -c "$T/gen/m-1.xml.gz" | md5sum)" ] ||
			echo "google 1/1 merge differs" >>"$T/problems"
	fi
	check "generated catalog, $n shards (exit 0): each item in one shard (FNV-1a), groups together, parts and merge (gzip too) equal to the unsharded feeds" \
		sh -c "[ $bad -eq 0 ] && [ ! -s '$T/problems' ] || { head -5 '$T/problems' | sed 's/^/# /'; false; }"
done
n4=$(gunzip -c "$T/gen/out/google.shard-1-of-4.xml.gz" | grep -c '<item>')
all=$(gunzip -c "$T/gen/out/google.xml.gz" | grep -c '<item>')
check "generated catalog: shard 1 of 4 holds about a quarter of the items ($n4 of $all)" \
	test $((n4 * 4)) -gt $((all * 3 / 4)) -a $((n4 * 4)) -lt $((all * 5 / 4))
mkdir -p "$T/gen/bad"
gunzip -c "$T/gen/out/google.shard-2-of-3.xml.gz" >"$T/gen/bad/google-2.xml"
"$fg" merge --output "$T/gen/bad/m.xml" "$T/gen/out/google.shard-1-of-3.xml.gz" "$T/gen/bad/google-2.xml" \
	--quiet 2>"$T/gerr"; rc=$?
check "merge of a gzipped part and a plain one of the same feed (exit $rc)" test $rc -eq 0

# ---- samples/k8s: the manifests parse, and their commands run ----
if python3 -c 'import yaml' 2>/dev/null; then
	mkdir -p "$T/k8s/etc" "$T/k8s/feeds"
	python3 - "$top/samples/k8s" "$T/k8s" "$top/samples" >"$T/k8s/problems" <<'PY'
import glob, json, os, sys, yaml
src, dst, samples = sys.argv[1:4]
docs = {os.path.basename(f): yaml.safe_load(open(f)) for f in sorted(glob.glob(src + "/*.yaml"))}
bad = []
job = docs["shard-job.yaml"]["spec"]
if job.get("completionMode") != "Indexed" or job["completions"] != job["parallelism"]:
    bad.append("shard-job: not an Indexed Job of completions == parallelism")
n = job["completions"]
c = job["template"]["spec"]["containers"][0]
cmd = " ".join(c["args"])
if "$((JOB_COMPLETION_INDEX + 1))/%d" % n not in cmd:
    bad.append("shard-job: the shard is not $((JOB_COMPLETION_INDEX + 1))/%d" % n)
mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
vols = {v["name"]: v for v in job["template"]["spec"]["volumes"]}
if vols["config"]["configMap"]["name"] != docs["configmap.yaml"]["metadata"]["name"]:
    bad.append("shard-job: the config volume is not the ConfigMap")
if vols["feeds"]["persistentVolumeClaim"]["claimName"] != docs["pvc.yaml"]["metadata"]["name"]:
    bad.append("shard-job: the feeds volume is not the PVC")
if "ReadWriteMany" not in docs["pvc.yaml"]["spec"]["accessModes"]:
    bad.append("pvc: not ReadWriteMany")
# the configuration, with the shop's URLs and the volume's paths made local
cfg = json.loads(docs["configmap.yaml"]["data"]["feedgen.json"])
cfg["catalog"]["path"] = samples + "/catalog.json"
cfg["inventory"]["path"] = samples + "/inventory.csv"
text = json.dumps(cfg).replace('"/feeds/', '"' + dst + '/feeds/')
open(dst + "/etc/feedgen.json", "w").write(text)
# the commands, with the mount paths made local (run by the shell test)
local = lambda s: s.replace(mounts["config"], dst + "/etc").replace(mounts["feeds"], dst + "/feeds")
open(dst + "/shard.sh", "w").write(local(cmd) + "\n")
merge = docs["merge-job.yaml"]["spec"]["template"]["spec"]["containers"][0]
open(dst + "/merge.sh", "w").write(local(merge["args"][0]))
open(dst + "/n", "w").write(str(n))
print("\n".join(bad), end="")
PY
	check "samples/k8s: an Indexed Job of --shard \$((JOB_COMPLETION_INDEX + 1))/N builds, with the ConfigMap and a ReadWriteMany volume" empty "$T/k8s/problems"
	n=$(cat "$T/k8s/n"); bad=0
	for i in $(seq 0 $((n - 1))); do
		# the pod's command, with the test's guard limits: a shard of 35 items passes 10% rejected
		(export PATH="$(dirname "$fg"):$PATH" JOB_COMPLETION_INDEX=$i; sh -c "$(cat "$T/k8s/shard.sh") $LIMITS --quiet") 2>>"$T/k8s/err" || bad=1
	done
	(export PATH="$(dirname "$fg"):$PATH"; sh -ec "$(cat "$T/k8s/merge.sh")") >"$T/k8s/merge.out" 2>&1 || bad=1
	"$fg" build --config "$T/k8s/etc/feedgen.json" $LIMITS --quiet --summary "$T/k8s/whole.json" 2>/dev/null
	: >"$T/problems"
	merged "$T/k8s/feeds/tiktok.csv" "$T/k8s/feeds/public/tiktok.csv" $(for k in $(seq 1 $n); do echo "$T/k8s/feeds/tiktok.shard-$k-of-$n.csv"; done) >>"$T/problems"
	merged "$T/k8s/feeds/google.xml.gz" "$T/k8s/feeds/public/google.xml.gz" $(for k in $(seq 1 $n); do echo "$T/k8s/feeds/google.shard-$k-of-$n.xml.gz"; done) --ci >>"$T/problems"
	[ -f "$T/k8s/feeds/public/summary.json" ] || echo "no merged summary" >>"$T/problems"
	check "samples/k8s: the pods' commands and the merge Job's script publish the merged feeds and summary (exit 0)" \
		sh -c "[ $bad -eq 0 ] && [ ! -s '$T/problems' ] || { cat '$T/problems' '$T/k8s/merge.out' | head -5 | sed 's/^/# /'; false; }"
else
	ok "samples/k8s: skipped, PyYAML not installed (python3-yaml) # SKIP"
fi
suite_end
