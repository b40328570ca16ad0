#!/bin/sh
# run_tests.sh: credentials never leave their origin and never print (issue 9, defects 1 and
# 3). Every command that uses credentials (fetch, build, validate with --source shopify,
# woocommerce, tiktokshop; --inventory-source shopify) runs against the loopback server
# (tests/http/server.py) through every failure it can produce: 401, 403, 500 after retries,
# a timeout, a foreign Link next, a foreign redirect, an error body echoing the request
# headers and query, records echoing them, a malformed body, and success. For each run:
# the exit code and message are right, no form of any secret (as set, URL-encoded, HTTP Basic
# base64) is in its stdout, stderr, report (text, json, junit, github), snapshot, feed or
# cache directory, and the second server playing the foreign host received nothing.
# Prints "ok - name" / "not ok - name". FEEDGEN=path overrides bin/feedgen.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=secrets tag=""
. tests/lib/suite.sh  # T, PIDS and cleanup, ok/notok/check, no proxy, GEN, start_server

# distinctive values; the cipher holds characters that are sent URL-encoded
export SHOPIFY_ACCESS_TOKEN=shpat_SECRET_TOKEN_12345
export WOOCOMMERCE_CONSUMER_KEY=ck_SECRET_KEY_23456 WOOCOMMERCE_CONSUMER_SECRET=cs_SECRET_SECRET_34567
export TIKTOK_SHOP_APP_KEY=ttskey_SECRET_45678 TIKTOK_SHOP_APP_SECRET=ttssecret_SECRET_56789
export TIKTOK_SHOP_ACCESS_TOKEN=ttstoken_SECRET_67890 TIKTOK_SHOP_CIPHER='ROW_SECRET/CIPHER+78901'
export TEST_SHOPIFY_TOKEN=$SHOPIFY_ACCESS_TOKEN TEST_WOO_KEY=$WOOCOMMERCE_CONSUMER_KEY
export TEST_WOO_SECRET=$WOOCOMMERCE_CONSUMER_SECRET TEST_TTS_KEY=$TIKTOK_SHOP_APP_KEY
export TEST_TTS_SECRET=$TIKTOK_SHOP_APP_SECRET TEST_TTS_TOKEN=$TIKTOK_SHOP_ACCESS_TOKEN
export TEST_TTS_CIPHER=$TIKTOK_SHOP_CIPHER
# every form a secret may take on the wire: as set, URL-encoded, the Basic auth header
WOO_BASIC=$(printf '%s:%s' "$WOOCOMMERCE_CONSUMER_KEY" "$WOOCOMMERCE_CONSUMER_SECRET" | base64 -w0)
printf '%s\n' shpat_SECRET_TOKEN_12345 ck_SECRET_KEY_23456 cs_SECRET_SECRET_34567 ttskey_SECRET_45678 \
	ttssecret_SECRET_56789 ttstoken_SECRET_67890 'ROW_SECRET/CIPHER+78901' 'ROW_SECRET%2FCIPHER%2B78901' \
	"$WOO_BASIC" SECRET_ > "$T/forms"

python3 "$GEN" --products 12 --out "$T/data" --pages 2 > /dev/null || { notok "generate catalog"; exit 1; }

# the foreign host: records every request it receives
REC=$T/foreign.jsonl
: > "$REC"
start_server foreign --record "$REC"
FPORT=$PORT
export TEST_FOREIGN_URL=http://127.0.0.1:$FPORT
start_server shop
[ -n "$PORT" ] && [ -n "$FPORT" ] || { notok "servers start"; exit 1; }
U=http://127.0.0.1:$PORT
mkdir -p "$T/runs"

# leaks DIR: the files under DIR holding any form of any secret ("SECRET_" alone too: every
# test value has it, so a value masked only in part is caught; variable names never have it)
leaks() { grep -rlF -f "$T/forms" "$1" 2>/dev/null; }
foreign_untouched() { [ ! -s "$REC" ]; }

n=0
FORCE_FMT=
next_format() { # rotate the report formats over the runs (FORCE_FMT: this one)
	set -- text json junit github
	i=$((n % 4 + 1))
	eval "FMT=\${$i}"
	[ -n "$FORCE_FMT" ] && FMT=$FORCE_FMT
}
# run NAME EXIT PATTERN CMD ARGS...: one run in its own directory; stdout, stderr, every file
# it wrote (report, snapshot, feed, cache) are searched for the secrets
run() {
	name=$1 want=$2 pattern=$3; shift 3
	n=$((n + 1))
	D=$T/runs/$n
	mkdir -p "$D"
	: > "$REC"
	(cd "$D" && "$FEEDGEN" "$@" > "$D/stdout" 2> "$D/stderr"); rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$name: exit $want"; else notok "$name: exit $rc, want $want"; sed 's/^/#   /' "$D/stderr" | head -5; fi
	if [ -n "$pattern" ]; then
		if grep -Eq -- "$pattern" "$D/stderr"; then ok "$name: message /$pattern/"
		else notok "$name: message /$pattern/"; sed 's/^/#   /' "$D/stderr" | head -5; fi
	fi
	l=$(leaks "$D")
	if [ -z "$l" ]; then ok "$name: no secret in stdout, stderr or any file ($(ls "$D" | tr '\n' ' '))"
	else notok "$name: secret found in $l"; grep -F -o -f "$T/forms" $l | head -3 | sed 's/^/#   /'; fi
	check "$name: the foreign host received nothing" foreign_untouched
}

# the source arguments of each source, with the fault prefix
src_args() { # $1 source, $2 base URL
	case $1 in
	shopify) echo "--source shopify --store-url $2 --shop-url https://shop.example.com" ;;
	inventory) echo "--source shopify --inventory-source shopify --store-url $2 --shop-url https://shop.example.com" ;;
	woocommerce) echo "--source woocommerce --store-url $2 --shop-url https://shop.example.com" ;;
	tiktokshop) echo "--source tiktokshop --api-url $2 --shop-url https://shop.tiktok.com" ;;
	esac
}
credential_var() {
	case $1 in
	shopify|inventory) echo SHOPIFY_ACCESS_TOKEN ;;
	woocommerce) echo WOOCOMMERCE_CONSUMER_KEY ;;
	tiktokshop) echo TIKTOK_SHOP_ACCESS_TOKEN ;;
	esac
}
# one command of each kind; $1 command, $2 source, $3 base URL, rest: extra options
cmdline() {
	c=$1 s=$2 b=$3; shift 3
	# fetch knows no --shop-url: drop it
	a=$(src_args "$s" "$b")
	case $c in
	fetch) echo "fetch $(echo "$a" | sed 's/ --shop-url [^ ]*//') --output snap.jsonl --cache-dir cache $*" ;;
	build) next_format; echo "build $a --channel tiktok --format csv --output feed.csv --cache-dir cache --report report.$FMT --report-format $FMT $*" ;;
	validate) next_format; echo "validate $a --channel tiktok --cache-dir cache --report report.$FMT --report-format $FMT $*" ;;
	esac
}

FOREIGN="another host '127\\.0\\.0\\.1:$FPORT'"
for s in shopify inventory woocommerce tiktokshop; do
	var=$(credential_var $s)
	for c in fetch build validate; do
		[ $s = inventory ] && [ $c = validate ] && continue
		t="$c $s"
		run "$t: success" 0 "" $(cmdline $c $s "$U")
		run "$t: 401" 3 "$var.*was refused" $(cmdline $c $s "$U/f/401" --retries 2)
		run "$t: 403" 3 "$var.*was refused" $(cmdline $c $s "$U/f/403" --retries 2)
		run "$t: 500 after retries" 3 "HTTP 500.*after 3 attempts" $(cmdline $c $s "$U/f/500always" --retries 2)
		run "$t: timeout" 3 "timed out" $(cmdline $c $s "$U/f/stall" --retries 0 --timeout 1)
		run "$t: foreign redirect" 3 "redirected to $FOREIGN" $(cmdline $c $s "$U/f/foreignredirect" --retries 2)
		run "$t: error body echoing headers and query" 3 "HTTP 400" $(cmdline $c $s "$U/f/echo" --retries 2)
		run "$t: malformed body" 3 "not valid JSON" $(cmdline $c $s "$U/f/truncalways" --retries 2)
		case $s in shopify|inventory)
			run "$t: foreign Link next" 3 "next page link points at $FOREIGN" $(cmdline $c $s "$U/f/foreignnext" --retries 2) ;;
		esac
		# records that echo the request (token in titles) reach every format masked
		if [ $c = fetch ]; then
			run "$t: records echoing the request" 0 "" $(cmdline $c $s "$U/f/echoitem")
			check "$t: records echoing the request: masked in the snapshot" grep -Eq '(GET|POST) /f/echoitem/[^"]*\*\*\*' "$D/snap.jsonl"
		else
			for f in text json junit github; do
				FORCE_FMT=$f
				run "$t: records echoing the request, --report-format $f" 0 "" $(cmdline $c $s "$U/f/echoitem")
				FORCE_FMT=
			done
			[ $c = build ] && check "$t: records echoing the request: masked in the feed" grep -Eq '(GET|POST) /f/echoitem/.*\*\*\*' "$D/feed.csv"
		fi
	done
done

# TikTok Shop: the shop cipher is a credential; request URLs in messages hide it
run "tiktokshop: messages with request URLs" 3 "shop_cipher=REDACTED" \
	fetch --source tiktokshop --api-url "$U/f/500always" --retries 0 --output snap.jsonl
# a plain URL carrying a key in its query: the cache's meta file and messages keep it out
run "plain URL with a key in the query, cache dir" 0 "" fetch --catalog "$U/files/products.json?access_token=$SHOPIFY_ACCESS_TOKEN" \
	--cache-dir cache --output snap.jsonl
check "plain URL with a key in the query: the cache holds a redacted URL" grep -rq 'access_token=REDACTED' "$D/cache"
# the foreign server does record what reaches it: a plain URL (no credentials) may be
# redirected there, and what it received carries no credential header
"$FEEDGEN" fetch --quiet --catalog "$U/f/foreignredirect/files/products.json" --output "$T/plain.jsonl" 2> "$T/err"; rc=$?
check "a credential-free URL is redirected to another host (the recorder works)" sh -c "[ $rc -eq 0 ] && [ -s '$REC' ]"
check "... and no credential header went with it" sh -c "! grep -qi -e x-shopify-access-token -e authorization -e x-tts-access-token '$REC'"
suite_end
