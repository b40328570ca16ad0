# tests/http/pages.sh: `feedgen fetch --source shopify` writes each product of a page as the
# server's bytes with the white space outside strings removed (feedgen/fetch_page.c), never
# decoded and dumped again: the lines keep the server's spelling of numbers and escapes, build
# reads them to the same feeds as the pages themselves, a credential behind an escape is still
# masked, and a body that jansson would refuse is refused (retried, then exit 3, nothing written).
# Sourced by tests/http/run_tests.sh (T, FEEDGEN, GEN, check, PIDS). Owns: $T/pg*.

# pg_server DIR: a loopback server for the pages in DIR/pages; sets PGU and PGPID
pg_server() {
	python3 tests/http/server.py --data "$1" > "$1/port" 2> "$1/server.err" &
	PGPID=$!
	PIDS="$PIDS $!"
	i=0
	while [ ! -s "$1/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	PGU=http://127.0.0.1:$(cat "$1/port")
}
# pg_dir DIR PAGE...: a data directory whose pages are the given bodies (Python bytes expressions)
pg_dir() {
	d=$1; shift
	mkdir -p "$d/pages"
	python3 - "$d" "$@" <<'EOF'
import os, sys
d = sys.argv[1]
for i, b in enumerate(sys.argv[2:]):
    open(os.path.join(d, "pages", "products-%04d.json" % (i + 1)), "wb").write(eval(b))  # the suite's own literals
open(os.path.join(d, "products.json"), "w").write('{"products":[]}')
EOF
}

# --- spelling: pretty-printed pages with escapes and odd numbers, from the generator's products ---
python3 "$GEN" --products 4 --pages 2 --seed 3 --out "$T/pg" > /dev/null || notok "pages: generate"
python3 - "$T/pg" <<'EOF'
import json, os, sys
d = os.path.join(sys.argv[1], "pages")
for name in sorted(os.listdir(d)):
    page = json.load(open(os.path.join(d, name), encoding="utf-8"))
    for p in page["products"]:
        p["title"] += " Caf\u00e9 \"Large\" 1/2"
        p["spelled"] = ["@NUM@", {"w": "@W@"}]
    page = {"meta": {"note": [1, 2.0, True, False, None]}, "products": page["products"]}
    text = json.dumps(page, indent=2, ensure_ascii=True).replace("/", "\\/")
    text = text.replace('"@NUM@"', "1.50e0").replace('"@W@"', "-0.350")
    open(os.path.join(d, name), "w").write(text + "\n")
EOF
pg_server "$T/pg"
"$FEEDGEN" fetch --quiet --source shopify --store-url "$PGU" --output "$T/pg/snap.jsonl" 2> "$T/err"; RC=$?
check "pages: pretty-printed pages fetched (exit $RC)" [ "$RC" -eq 0 ]
# the expected lines: each page's products with white space outside strings dropped (a
# tokenizer of our own, not feedgen's)
python3 - "$T/pg" <<'EOF' > "$T/pg/want.jsonl"
import json, os, re, sys
d = os.path.join(sys.argv[1], "pages")
tok = re.compile(r'"(?:[^"\\]|\\.)*"|[ \t\r\n]+|[^" \t\r\n]+')
for name in sorted(os.listdir(d)):
    text = open(os.path.join(d, name), encoding="utf-8").read()
    compact = "".join(t for t in tok.findall(text) if not t.isspace())
    body = compact[compact.index('"products":[') + len('"products":['):-2]
    depth, start, s = 0, 0, 0
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|[{}\[\]]', body):
        c = m.group()
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                print(body[start:m.end()]); start = m.end() + 1
EOF
tail -n +2 "$T/pg/snap.jsonl" > "$T/pg/got.jsonl"
check "pages: each line is the server's product, white space outside strings removed (1.50e0, -0.350, \\u00e9, \\/ kept)" \
	cmp -s "$T/pg/want.jsonl" "$T/pg/got.jsonl"
check "pages: 4 lines, each valid JSON equal to the page's product" python3 -c '
import json, sys
got = [json.loads(l) for l in open(sys.argv[1])]
want = [p for i in (1, 2) for p in json.load(open(sys.argv[2] % i))["products"]]
sys.exit(not (len(got) == 4 and got == want))' "$T/pg/got.jsonl" "$T/pg/pages/products-%04d.json"
cat "$T/pg/pages/products-0001.json" "$T/pg/pages/products-0002.json" > "$T/pg/pages.json"
for ch in google tiktok; do
	"$FEEDGEN" build --quiet --catalog "$T/pg/snap.jsonl" --shop-url https://shop.example.com --channel $ch \
		--output "$T/pg/snap-$ch.out" 2> "$T/err"
	"$FEEDGEN" build --quiet --catalog "$T/pg/pages.json" --shop-url https://shop.example.com \
		--channel $ch --output "$T/pg/pages-$ch.out" 2> "$T/err"
	check "pages: build --catalog snapshot gives the $ch feed of the pages themselves" \
		sh -c "[ -s '$T/pg/snap-$ch.out' ] && cmp -s '$T/pg/snap-$ch.out' '$T/pg/pages-$ch.out'"
done

# --- a credential behind an escape (and in a key) is masked; the other product keeps its bytes ---
pg_dir "$T/pgsec" \
	"b'{\"products\":[{\"id\":1,\"title\":\"token shpat\\\\u005ftest here\",\"x\":1.50},{\"id\":2,\"shpat_test\":[1.50]},{\"id\":3,\"title\":\"plain\",\"n\":1.50}]}'"
pg_server "$T/pgsec"
"$FEEDGEN" fetch --quiet --source shopify --store-url "$PGU" --output "$T/pgsec/snap.jsonl" 2> "$T/err"; RC=$?
check "pages: credential behind an escape or in a key masked (exit $RC)" python3 -c '
import sys
lines = open(sys.argv[1]).read().splitlines()[1:]
want = ["{\"id\":1,\"title\":\"token *** here\",\"x\":1.5}", "{\"id\":2,\"***\":[1.5]}", "{\"id\":3,\"title\":\"plain\",\"n\":1.50}"]
sys.exit(lines != want)' "$T/pgsec/snap.jsonl"
kill "$PGPID" 2>/dev/null
rm -rf "$T/pgsec/pages" # the served token, for the suite's last check of everything left

# --- bodies jansson refuses are refused, though their structure is balanced ---
n=0
for body in "b'{\"products\":[{\"id\":1,\"title\":\"\\xff\"}]}'" \
	"b'{\"products\":[{\"id\":1,\"title\":\"\\xc0\\xaf\"}]}'" \
	"b'{\"products\":[{\"id\":1,\"title\":\"\\xed\\xa0\\x80\"}]}'" \
	"b'{\"products\":[{\"id\":1,\"title\":\"\\\\ud800\"}]}'" \
	"b'{\"products\":[{\"id\":1,\"title\":\"a\\tb\"}]}'" \
	"b'{\"products\":[{\"id\":1,\"title\":\"\\\\x\"}]}'" \
	"b'{\"products\":[{\"id\":99999999999999999999}]}'" \
	"b'{\"products\":[{\"id\":1e999}]}'" \
	"b'{\"products\":[{\"id\":01}]}'" \
	"b'{\"products\":[{\"id\":-}]}'" \
	"b'{\"products\":[{\"id\":1.}]}'" \
	"b'{\"products\":[{\"id\":NaN}]}'" \
	"b'{\"products\":[{\"id\":tru}]}'" \
	"b'{\"products\":[{\"a\\\\u0000b\":1}]}'" \
	"b'{\"products\":[{\"id\":1,}]}'" \
	"b'{\"products\":[{\"id\":1}]} x'" \
	"b'{\"products\":[{\"id\":1}]}{}'" \
	"b'{\"products\":[' + b'[' * 2100 + b']' * 2100 + b']}'" \
	"b'\"products\"'"; do
	n=$((n + 1))
	pg_dir "$T/pgbad$n" "$body"
	pg_server "$T/pgbad$n"
	"$FEEDGEN" fetch --quiet --retries 1 --source shopify --store-url "$PGU" --output "$T/pgbad$n/snap.jsonl" \
		2> "$T/err"; RC=$?
	check "pages: refused body $n ($(echo "$body" | cut -c1-60)): exit 3, jansson's reason, nothing written" \
		sh -c "[ $RC -eq 3 ] && grep -q 'with a body that is not valid JSON (.* at byte [0-9]* of ' '$T/err' && [ ! -e '$T/pgbad$n/snap.jsonl' ]"
	kill "$PGPID" 2>/dev/null
done
# a product that is not an object: no snapshot line build could not read
pg_dir "$T/pgscalar" "b'{\"products\":[{\"id\":1},\"\"]}'"
pg_server "$T/pgscalar"
"$FEEDGEN" fetch --quiet --retries 0 --source shopify --store-url "$PGU" --output "$T/pgscalar/snap.jsonl" 2> "$T/err"; RC=$?
check "pages: a product that is not an object: exit 3, named, nothing written" sh -c "[ $RC -eq 3 ] && grep -q 'product 2 of the reply is not a JSON object' '$T/err' && [ ! -e '$T/pgscalar/snap.jsonl' ]"
kill "$PGPID" 2>/dev/null
# a valid body without the products array: the message of before
pg_dir "$T/pgnone" "b'{\"items\":[{\"id\":1}]}'"
pg_server "$T/pgnone"
"$FEEDGEN" fetch --quiet --retries 0 --source shopify --store-url "$PGU" --output "$T/pgnone/snap.jsonl" 2> "$T/err"; RC=$?
check "pages: no products array: exit 3, named" sh -c "[ $RC -eq 3 ] && grep -q 'the reply has no \"products\" array' '$T/err'"
