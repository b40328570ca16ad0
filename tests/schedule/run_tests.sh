#!/bin/sh
# tests/schedule/run_tests.sh: the scheduling samples (issue 11, item 8) do what the README says:
# the systemd service and timer pass `systemd-analyze verify`, the timer is hourly, persistent and
# randomised, the service is hardened (ProtectSystem=strict, ReadWritePaths=, NoNewPrivileges) and
# its exposure score is low; the service's ExecStart and the crontab line, run as written (paths
# moved into a scratch directory), publish the sample shop with the lock, summary and metrics
# where the README says, skip the second, unchanged run, and the crontab's flock keeps a second
# copy from starting while one runs.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=schedule tag=""
. tests/lib/check.sh
svc=samples/feedgen-refresh.service
tmr=samples/feedgen-refresh.timer
cron=samples/feedgen.crontab

check "timer: hourly" has '^OnCalendar=hourly$' $tmr
check "timer: Persistent=true" has '^Persistent=true$' $tmr
check "timer: a random delay" has '^RandomizedDelaySec=[1-9]' $tmr
check "timer: installed into timers.target" has '^WantedBy=timers.target$' $tmr
for key in 'ProtectSystem=strict' 'ReadWritePaths=/var/www/feeds' 'NoNewPrivileges=yes' 'ProtectHome=yes' \
	'PrivateTmp=yes' 'CapabilityBoundingSet=$' 'Type=oneshot'; do
	check "service: $key" has "^$key" $svc
done

if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$T/units"
	sed "s|/usr/local/bin/feedgen|$fg|" $svc > "$T/units/feedgen-refresh.service"
	cp $tmr "$T/units/"
	(cd "$T/units" && systemd-analyze verify --man=no ./feedgen-refresh.timer ./feedgen-refresh.service) > "$T/verify" 2>&1
	check "systemd-analyze verify accepts the service and the timer ($(head -c 200 "$T/verify"))" test ! -s "$T/verify"
	score=$(systemd-analyze security --offline=yes "$T/units/feedgen-refresh.service" 2>/dev/null |
		sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
	check "systemd-analyze security: exposure ${score:-?} under 3 (OK)" \
		python3 -c "import sys; sys.exit(0 if '$score' and float('$score') < 3 else 1)"
else
	notok "systemd-analyze is missing (make test-deps installs systemd)"
fi

# a scratch machine: /etc/feedgen, /var/www/feeds, /var/lib/feedgen, /var/lib/node-exporter
mkdir -p "$T/etc/feedgen" "$T/var/www/feeds" "$T/var/lib/feedgen" "$T/var/lib/node-exporter"
cp samples/catalog.json samples/inventory.csv "$T/etc/feedgen/"
python3 - samples/feedgen.json "$T/etc/feedgen/feedgen.json" "$T/var/www/feeds" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
for f in c["feeds"]:
    for k in ("output", "promotions_output"):
        if k in f:
            f[k] = sys.argv[3] + "/" + f[k].split("/")[-1]
c["report"] = sys.argv[3] + "/report.json"
c.setdefault("publish", {})["max_rejected_percent"] = 100
json.dump(c, open(sys.argv[2], "w"), indent=2)
PY
chmod 0555 "$T/etc/feedgen" # read-only, as ProtectSystem=strict makes it
moved() { sed -e "s|/etc/feedgen|$T/etc/feedgen|g" -e "s|/var/www/feeds|$T/var/www/feeds|g" \
	-e "s|/var/lib/feedgen|$T/var/lib/feedgen|g" -e "s|/var/lib/node-exporter|$T/var/lib/node-exporter|g" \
	-e "s|/usr/local/bin/feedgen|$fg|g"; }

# the service's ExecStart, continuation lines joined
exec_start=$(sed -n '/^ExecStart=/,/[^\\]$/p' $svc | sed 's/\\$//' | tr -d '\n' | sed 's/^ExecStart=//' | moved)
sh -c "$exec_start" 2>"$T/err"; rc=$?
check "service ExecStart: publishes (exit $rc)" test $rc -eq 0
check "service ExecStart: the feeds are in the feeds folder" test -s "$T/var/www/feeds/tiktok.csv"
check "service ExecStart: the lock is in the state directory, not the read-only /etc" \
	sh -c "[ -f '$T/var/lib/feedgen/feedgen.lock' ] && [ ! -e '$T/etc/feedgen/feedgen.json.lock' ]"
check "service ExecStart: summary.json says published" \
	python3 -c "import json,sys; sys.exit(json.load(open('$T/var/lib/feedgen/summary.json'))['result'] != 'published')"
check "service ExecStart: the metrics textfile for the node exporter" has '^feedgen_last_run_status 0$' "$T/var/lib/node-exporter/feedgen.prom"
check "service ExecStart: --quiet prints nothing on success" test ! -s "$T/err"
check "ls of the feeds folder lists only feeds" sh -c "! ls '$T/var/www/feeds' | grep -q feedgen"

# the crontab line, as cron would run it (fields 6 on), with cron's PATH
line=$(grep -v '^#' $cron | grep -v '^[A-Z]*=' | grep . | head -1)
cmd=$(echo "$line" | awk '{ $1=$2=$3=$4=$5=""; sub(/^ +/, ""); print }' | moved | sed "s|^flock -n \([^ ]*\) feedgen |flock -n \1 $fg |")
check "crontab: one hourly line ($line)" sh -c "echo '$line' | grep -qE '^[0-9]+ +\* +\* +\* +\* +flock -n '"
sh -c "$cmd" 2>"$T/err"; rc=$?
check "crontab: the second, unchanged run exits 0 (got $rc)" test $rc -eq 0
check "crontab: the unchanged run is skipped (summary)" \
	python3 -c "import json,sys; sys.exit(json.load(open('$T/var/lib/feedgen/summary.json'))['result'] != 'skipped')"
flock "$T/var/lib/feedgen/cron.lock" sleep 2 &
PIDS="$PIDS $!"
sleep 0.5
sh -c "$cmd" 2>"$T/err"; rc=$?
check "crontab: flock -n does not start a second copy while one runs (exit $rc)" test $rc -eq 1
wait
chmod 0755 "$T/etc/feedgen"
suite_end
