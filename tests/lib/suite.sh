# tests/lib/suite.sh: the prologue of the loopback-server suites (tests/http, tests/secrets,
# tests/upload, tests/history), sourced after `cd` to the repository root with `suite` and
# `tag` set: tests/lib/check.sh (T, PIDS and cleanup, ok/notok/check/has, GEN, suite_end),
# then no proxy for loopback, short retry backoff, and start_server NAME [server.py args]
# (sets PORT). Owns: nothing.
. tests/lib/check.sh

# the proxy must not catch loopback requests
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export FEEDGEN_RETRY_BASE_MS=10

start_server() { # $1: name; further args to server.py; sets PORT
	name=$1; shift
	python3 tests/http/server.py --data "$T/data" "$@" > "$T/port.$name" 2> "$T/server-$name.err" &
	PIDS="$PIDS $!"
	i=0
	while [ ! -s "$T/port.$name" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	PORT=$(cat "$T/port.$name")
}
