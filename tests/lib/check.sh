# tests/lib/check.sh: the prologue every script suite shares. A suite sets `suite` (its name,
# for the scratch directory) and `tag` (printed after "ok - " on each line: "guard: ", or
# empty), `cd`s to the repository root and sources this file, which gives: set -u, top (the
# root), FEEDGEN and fg (the binary, made absolute), T (a fresh scratch directory), PIDS
# (killed at exit, with T removed: cleanup, trapped), GEN (the catalog generator, from ../shared
# beside the checkout, else /work/shared), ok/notok/check/has printing the TAP-ish lines
# tests/run.sh counts (notok sets failed=1), and suite_end: a "# NAME: N passed, N failed"
# line and the exit status (1 after a failure). Owns: T, and the counter file it removes.
set -u
suite=${suite:-suite} tag=${tag-}
top=$PWD
FEEDGEN=${FEEDGEN:-bin/feedgen}
case $FEEDGEN in /*) ;; *) FEEDGEN=$top/$FEEDGEN ;; esac
fg=$FEEDGEN
T=$(mktemp -d "${TMPDIR:-/tmp}/feedgen-$suite.XXXXXX")
check_counts=$(mktemp "${TMPDIR:-/tmp}/feedgen-$suite-counts.XXXXXX")
PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	rm -rf "$T" "$check_counts"
}
trap cleanup EXIT INT TERM
failed=0
# the counts go to a file: ok and notok are also called in subshells and pipelines
ok() { echo "ok - $tag$1"; echo p >>"$check_counts"; }
notok() { echo "not ok - $tag$1"; echo f >>"$check_counts"; failed=1; }
check() { name=$1; shift; if "$@"; then ok "$name"; else notok "$name"; fi; }
has() { grep -qE -- "$1" "$2"; }
suite_end() {
	echo "# $suite: $(grep -c p "$check_counts") passed, $(grep -c f "$check_counts") failed"
	[ "$failed" -eq 0 ] && [ "$(grep -c f "$check_counts")" -eq 0 ]
	exit $?
}

GEN=${GEN_CATALOG:-$top/../shared/bench/gen_catalog.py}
[ -f "$GEN" ] || GEN=/work/shared/bench/gen_catalog.py
