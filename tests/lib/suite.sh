# tests/lib/suite.sh: the prologue of the loopback-server suites (tests/http, tests/secrets),
# sourced after `cd` to the repository root and after T (the scratch directory) is set:
# PIDS killed and T removed at exit, ok/notok/check printing TAP-ish lines (failed=1 on a
# failure), no proxy for loopback, short retry backoff, GEN (the catalog generator, from
# ../shared beside the checkout, else /work/shared) and start_server NAME [server.py args]
# (sets PORT). Owns: nothing.
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
failed=0
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; failed=1; }
check() { name=$1; shift; if "$@"; then ok "$name"; else notok "$name"; fi; }

# the proxy must not catch loopback requests
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export FEEDGEN_RETRY_BASE_MS=10

GEN=${GEN_CATALOG:-$PWD/../shared/bench/gen_catalog.py}
[ -f "$GEN" ] || GEN=/work/shared/bench/gen_catalog.py

start_server() { # $1: name; further args to server.py; sets PORT
	name=$1; shift
	python3 tests/http/server.py --data "$T/data" "$@" > "$T/port.$name" 2> "$T/server-$name.err" &
	PIDS="$PIDS $!"
	i=0
	while [ ! -s "$T/port.$name" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	PORT=$(cat "$T/port.$name")
}
