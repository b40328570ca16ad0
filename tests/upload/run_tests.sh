#!/bin/sh
# tests/upload/run_tests.sh: uploads after the publish (issue 11, item 5), against real servers
# this suite starts on loopback on free ports and stops at exit: OpenSSH's sshd (internal-sftp,
# a throwaway host key, a throwaway user and password, and a throwaway client key), vsftpd for
# FTP and explicit FTPS (a throwaway self-signed certificate, passed with --cacert), and
# tests/http/server.py for HTTP PUT. Checks: every protocol uploads byte-identical files (cmp on
# the server's directory); a watcher never sees a partial file under the final name while a
# throttled upload runs; a wrong or unknown host key is refused; a wrong password exits 3, keeps
# the local publish and leaves the pending marker; a server that is down exits 3, and the next
# run on the same sources uploads and removes the marker; the password is nowhere in stderr,
# report, summary, metrics, marker or the server logs; http:// to a non-loopback host warns;
# configuration errors (scheme, userinfo, missing variable) exit 2 naming the JSON path.
# sshd and vsftpd need root (a throwaway system user; `make test` installs openssh-server and
# vsftpd as root, CI is root): without root and without them those parts print "# skip".
# Prints "ok - upload: ..." / "not ok - upload: ...". FEEDGEN=path overrides bin/feedgen.
set -u
cd "$(dirname "$0")/../.." || exit 1
suite=upload tag="upload: "
. tests/lib/suite.sh  # T, PIDS and cleanup, ok/notok/check, no proxy, start_server
chmod 755 "$T"        # the throwaway user's home is inside
SSHD=/usr/sbin/sshd
VSFTPD=/usr/sbin/vsftpd
TUSER=""
cleanup_upload() {
	[ -n "${KEEP:-}" ] && cp -r "$T" /tmp/upload-kept
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	[ -f "$T/sshd.pid" ] && kill "$(cat "$T/sshd.pid")" 2>/dev/null
	[ -n "$TUSER" ] && userdel "$TUSER" 2>/dev/null
	cleanup  # tests/lib/check.sh: T and the counts
}
trap cleanup_upload EXIT INT TERM

PW=pw_SECRET_upl0ad_9137          # distinctive: found by grep wherever it leaks
export UPLOAD_USER=feeds UPLOAD_PASSWORD=$PW WRONG_PASSWORD=wrong_SECRET_pass
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# the feed: the sample catalog as a Google XML feed; a second version for the overwrite checks
mkdir -p "$T/out" "$T/cat"
cp samples/catalog.json "$T/cat/catalog.json"
python3 - "$T/cat" <<'PY'
import json, sys
d = sys.argv[1]; c = json.load(open(d + "/catalog.json"))
for p in c["products"]:
    p["title"] = (p.get("title") or "") + " v2"
json.dump(c, open(d + "/catalog-v2.json", "w"))
# a long catalog (for the throttled upload a watcher looks at)
big = dict(c, products=[dict(p, id=i + 1000, handle="%s-%d" % (p.get("handle", "p"), i),
           variants=[dict(v, id=v["id"] * 1000 + i, sku="%s-%d" % (v.get("sku") or "S", i)) for v in p["variants"]])
           for i in range(6) for p in c["products"]])
json.dump(big, open(d + "/catalog-big.json", "w"))
for p in big["products"]:
    p["title"] += " v2"
json.dump(big, open(d + "/catalog-big-v2.json", "w"))
PY
CAT=$T/cat/catalog.json
BASE="--channel google --shop-url https://northwind.example --max-messages 0 --retries 1 --timeout 20"
# up NAME EXPECTED_EXIT ARGS...: one build (stderr in $T/NAME.err, summary, metrics, report)
up() {
	name=$1 want=$2
	shift 2
	# shellcheck disable=SC2086
	"$FEEDGEN" build $BASE --catalog "$CAT" --output "$T/out/google.xml" --summary "$T/$name.summary.json" \
		--metrics "$T/$name.prom" --report "$T/$name.report.json" --report-format json "$@" \
		> "$T/$name.out" 2> "$T/$name.err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$name: exit $rc"; else notok "$name: exit $rc, expected $want ($(tail -n 3 "$T/$name.err" | tr '\n' ' '))"; fi
}
marker=$T/out/.feedgen/upload-pending/google.xml.json
# summary NAME STATUS ATTEMPTS URL_SUFFIX: feeds[0].upload and the metric read back
summary_says() {
	python3 - "$T/$1.summary.json" "$T/$1.prom" "$2" "$3" "$4" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); u = s["feeds"][0]["upload"]
status, attempts, suffix = sys.argv[3], int(sys.argv[4]), sys.argv[5]
assert u["status"] == status, u
assert u["attempts"] == attempts, u
assert u["url"].endswith(suffix), u
assert (u["error"] is None) == (status == "uploaded"), u
assert s["published"] is True, s
assert s["uploaded_urls"] == ([u["url"]] if status == "uploaded" else []), s["uploaded_urls"]
m = [l for l in open(sys.argv[2]) if l.startswith("feedgen_upload_success{")]
assert m == ['feedgen_upload_success{feed="feed"} %d\n' % (status == "uploaded")], m
PY
}
no_password_in() { ! grep -rlF "$PW" "$@" >/dev/null 2>&1; }

# ---------- configuration errors: exit 2, the JSON path named, nothing published ----------
cat > "$T/cat/feedgen.json" <<JSON
{"shop": {"url": "https://northwind.example"}, "catalog": {"path": "catalog.json"},
 "feeds": [{"channel": "google", "output": "cfgout/google.xml",
            "upload": {"url": "URL", "user_env": "UPLOAD_USER", "password_env": "PWENV"}}]}
JSON
cfg() { # URL PWENV: the configuration with them, run; stderr in $T/cfg.err
	sed -e "s|\"URL\"|\"$1\"|" -e "s|PWENV|$2|" "$T/cat/feedgen.json" > "$T/cat/f.json"
	"$FEEDGEN" build --config "$T/cat/f.json" --max-messages 0 2> "$T/cfg.err"
	rc=$?
}
cfg "scp://127.0.0.1/feeds/" UPLOAD_PASSWORD
check "a scheme other than sftp, ftp, ftps, https, http: exit 2 ($rc)" test "$rc" -eq 2
check "the message names feeds[0].upload.url and the scheme" has "feeds\[0\]\.upload\.url: scheme 'scp' is not one feedgen uploads with" "$T/cfg.err"
cfg "sftp://feeds:$PW@127.0.0.1/feeds/" UPLOAD_PASSWORD
check "a URL with userinfo: exit 2 ($rc)" test "$rc" -eq 2
check "the message names the path and says where credentials go" has "feeds\[0\]\.upload\.url: .* holds a user or password: put them in environment variables" "$T/cfg.err"
check "the refused URL's password is not printed" no_password_in "$T/cfg.err"
cfg "sftp://127.0.0.1/feeds/" UNSET_UPLOAD_VARIABLE
check "a password variable that is not set: exit 2 ($rc)" test "$rc" -eq 2
check "the message names feeds[0].upload.password_env and the variable" has "feeds\[0\]\.upload\.password_env: environment variable UNSET_UPLOAD_VARIABLE is not set" "$T/cfg.err"
check "nothing was published" test ! -e "$T/cat/cfgout/google.xml"
"$FEEDGEN" build $BASE --catalog "$CAT" --output "$T/out/x.xml" --upload-url ftp://127.0.0.1/x/ --upload-user-env UPLOAD_USER 2> "$T/cli.err"
rc=$?
check "ftp without a password variable: exit 2 ($rc)" test "$rc" -eq 2
check "... saying which option is missing" has "needs --upload-password-env" "$T/cli.err"
"$FEEDGEN" build $BASE --catalog "$CAT" --output "$T/out/x.xml" --upload-url sftp://127.0.0.1/x/ --upload-user-env UPLOAD_USER \
	--upload-password-env UPLOAD_PASSWORD --upload-known-hosts "$T/nonexistent" 2> "$T/cli.err"
rc=$?
check "sftp with a known_hosts file that cannot be read: exit 2 ($rc)" test "$rc" -eq 2
check "... naming the file and how to fill it" has "nonexistent' cannot be read: .*ssh-keyscan" "$T/cli.err"
check "no configuration error published anything" test ! -e "$T/out/x.xml"

# ---------- HTTP PUT (tests/http/server.py) ----------
mkdir -p "$T/put" "$T/data"
export TEST_UPLOAD_USER=feeds TEST_UPLOAD_PASSWORD=$PW
start_server put --upload-dir "$T/put" --record "$T/put-requests.jsonl"
HP=$PORT
up put 0 --upload-url "http://127.0.0.1:$HP/upload/" --upload-user-env UPLOAD_USER --upload-password-env UPLOAD_PASSWORD
check "put: the file on the server is byte-identical" cmp -s "$T/out/google.xml" "$T/put/google.xml"
check "put: no plain-http warning for a loopback host" sh -c "! grep -q 'plain http' '$T/put.err'"
check "put: 'uploaded' message with the URL" has "^feedgen: uploaded '.*google.xml' to 'http://127.0.0.1:$HP/upload/google.xml'$" "$T/put.err"
check "put: summary feeds[0].upload and feedgen_upload_success 1" summary_says put uploaded 1 /upload/google.xml
check "put: no pending marker" test ! -e "$marker"
up put401 3 --upload-url "http://127.0.0.1:$HP/upload/" --upload-user-env UPLOAD_USER --upload-password-env WRONG_PASSWORD
check "put, wrong password: the error says 401 and names the variables" has "upload of .* failed: the server answered HTTP 401 \(check the user in UPLOAD_USER and the password in WRONG_PASSWORD\)" "$T/put401.err"
check "put, wrong password: the local publish is kept" has "wrote [0-9]+ items" "$T/put401.err"
check "put, wrong password: the pending marker is written" test -s "$marker"
check "put, wrong password: summary status failed, metric 0" summary_says put401 failed 1 /upload/google.xml
python3 - "$T/put401.report.json" > "$T/py" 2>&1 <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f = [x for x in r["findings"] if x["rule"] == "upload-failed"]
assert len(f) == 1 and f[0]["severity"] == "error" and "401" in f[0]["message"], r["findings"][-3:]
PY
check "put, wrong password: the report holds an upload-failed finding ($(tail -n 1 "$T/py"))" test ! -s "$T/py"
up put500 0 --upload-url "http://127.0.0.1:$HP/f/500/upload/" --upload-user-env UPLOAD_USER --upload-password-env UPLOAD_PASSWORD
check "put, 500 once: retried with the fetch backoff, then uploaded (attempts 2)" summary_says put500 uploaded 2 /upload/google.xml
check "put, 500 once: a retry warning" has "upload of .*: the server answered HTTP 500; retrying in [0-9.]+ s \(attempt 2 of 2\)" "$T/put500.err"
check "put, success after a failure: the marker is removed" test ! -e "$marker"
up putname 0 --upload-url "http://127.0.0.1:$HP/upload/merchant-feed.xml" --upload-user-env UPLOAD_USER --upload-password-env UPLOAD_PASSWORD
check "put: a URL naming a file uploads under that name" cmp -s "$T/out/google.xml" "$T/put/merchant-feed.xml"
up putsplit 0 --upload-url "http://127.0.0.1:$HP/upload/" --upload-user-env UPLOAD_USER --upload-password-env UPLOAD_PASSWORD --max-items 2
check "put, a split feed: every part and the index uploaded byte-identical, the index last" sh -c "
	[ -s '$T/out/google-parts.txt' ] && [ \$(wc -l < '$T/out/google-parts.txt') -ge 2 ] &&
	for f in \$(cat '$T/out/google-parts.txt') google-parts.txt; do cmp -s '$T/out/'\$f '$T/put/'\$f || exit 1; done &&
	grep -o '\"path\": *\"[^\"]*\"' '$T/put-requests.jsonl' | tail -1 | grep -q google-parts.txt"
# a configuration: the run's upload for every feed (a directory URL: each feed's file name is
# appended, URL-encoded), one feed overriding the URL with a file name of its own
mkdir -p "$T/shop/out"
cp "$T/cat/catalog.json" "$T/shop/"
cat > "$T/shop/feedgen.json" <<JSON
{"shop": {"url": "https://northwind.example"}, "catalog": {"path": "catalog.json"},
 "upload": {"url": "http://127.0.0.1:$HP/upload/", "user_env": "UPLOAD_USER", "password_env": "UPLOAD_PASSWORD"},
 "publish": {"summary": "summary.json", "metrics": "feedgen.prom"},
 "feeds": [{"name": "tiktok", "channel": "tiktok", "output": "out/tiktok feed.csv"},
           {"name": "google", "channel": "google", "output": "out/google.xml",
            "upload": {"url": "http://127.0.0.1:$HP/upload/merchant.xml"}}]}
JSON
"$FEEDGEN" build --config "$T/shop/feedgen.json" --max-messages 0 2> "$T/cfgput.err"
rc=$?
check "config: two feeds uploaded (exit $rc)" test "$rc" -eq 0
check "config: the run's directory URL gets the feed's file name (with a space)" cmp -s "$T/shop/out/tiktok feed.csv" "$T/put/tiktok feed.csv"
check "config: a feed's own upload URL overrides the run's" cmp -s "$T/shop/out/google.xml" "$T/put/merchant.xml"
check "config: the human line says uploaded" has "^feedgen: 2 feeds, .*published in [0-9.]+ s, uploaded$" "$T/cfgput.err"
python3 - "$T/shop/summary.json" "$T/shop/feedgen.prom" "$HP" > "$T/py" 2>&1 <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); p = sys.argv[3]
u = [(f["name"], f["upload"]["url"], f["upload"]["status"]) for f in s["feeds"]]
assert u == [("tiktok", "http://127.0.0.1:%s/upload/tiktok%%20feed.csv" % p, "uploaded"),
             ("google", "http://127.0.0.1:%s/upload/merchant.xml" % p, "uploaded")], u
assert s["uploaded_urls"] == [x[1] for x in u], s["uploaded_urls"]
m = sorted(l for l in open(sys.argv[2]) if l.startswith("feedgen_upload_success"))
assert m == ['feedgen_upload_success{feed="google"} 1\n', 'feedgen_upload_success{feed="tiktok"} 1\n'], m
PY
check "config: summary feeds[].upload and one metric per feed ($(tail -n 1 "$T/py"))" test ! -s "$T/py"
"$FEEDGEN" build --config "$T/shop/feedgen.json" --max-messages 0 --upload-url "http://127.0.0.1:$HP/f/401/upload/" \
	> "$T/cfgput401.out" 2> "$T/cfgput401.err"
rc=$?
check "config + --upload-url on the command line: it overrides every feed's (401 there: exit $rc)" test "$rc" -eq 3
check "... and both feeds tried it" test "$(grep -c "upload of .* to 'http://127.0.0.1:$HP/f/401/upload/.*' failed: the server answered HTTP 401" "$T/cfgput401.err")" -eq 2
check "... the server's error page is not copied to stdout" test ! -s "$T/cfgput401.out"
check "... the human line counts the failures" has "published in [0-9.]+ s, 2 of 2 uploads failed$" "$T/cfgput401.err"
up putforeign 3 --upload-url "http://feeds.invalid/upload/" --retries 0
check "http:// to a non-loopback host warns" has "^feedgen: warning: upload URL 'http://feeds.invalid/upload/' uses plain http" "$T/putforeign.err"
rm -f "$T/out/google.xml"
up putrefused 7 --min-items 1000 --upload-url "http://127.0.0.1:$HP/upload/refused.xml" --upload-user-env UPLOAD_USER --upload-password-env UPLOAD_PASSWORD
check "a build refused by the guard uploads nothing" test ! -e "$T/put/refused.xml"

# a server that accepts and then says nothing: --timeout bounds the stall, no hang
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' > "$T/port.stall" &
PIDS="$PIDS $!"
i=0
while [ ! -s "$T/port.stall" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
start=$(date +%s)
up stall 3 --upload-url "ftp://127.0.0.1:$(cat "$T/port.stall")/feeds/" --upload-user-env UPLOAD_USER \
	--upload-password-env UPLOAD_PASSWORD --timeout 2 --retries 0
check "a silent server: the upload gives up after --timeout ($(($(date +%s) - start)) s)" test $(($(date +%s) - start)) -lt 10
check "a silent server: the message says it timed out" has "upload of .* failed: .*[Tt]imeout|timed out" "$T/stall.err"
# ... but a transfer that keeps moving may take longer than --timeout (a big feed on a slow line)
CAT=$T/cat/catalog-big.json
export FEEDGEN_UPLOAD_MAX_SPEED=80000
up slowput 0 --max-rejected-percent 50 --timeout 1 --retries 0 \
	--upload-url "http://127.0.0.1:$HP/upload/slow.xml" --upload-user-env UPLOAD_USER --upload-password-env UPLOAD_PASSWORD
CAT=$T/cat/catalog.json
unset FEEDGEN_UPLOAD_MAX_SPEED
check "a 2.5 s upload with --timeout 1 completes, byte-identical" cmp -s "$T/out/google.xml" "$T/put/slow.xml"
rm -f "$T/out/google.xml" # the big feed: the next builds would be refused by the drop check

if [ "$(id -u)" != 0 ]; then
	echo "# skip upload: sftp/ftp/ftps need root (a throwaway user for sshd and vsftpd)"
	check "password nowhere (http runs)" no_password_in "$T"/*.err "$T"/*.json "$T"/*.prom "$T/out" "$T/put"
	exit $failed
fi
for b in "$SSHD" "$VSFTPD"; do
	[ -x "$b" ] || { notok "$b is installed (make test installs openssh-server and vsftpd as root)"; exit 1; }
done

# ---------- the throwaway user, host key, certificate ----------
TUSER=fgup$$
HOMED=$T/home
mkdir -p "$HOMED/feeds" "$T/empty"
if ! useradd -M -d "$HOMED" -s /bin/sh "$TUSER" 2>"$T/useradd.err" || ! echo "$TUSER:$PW" | chpasswd; then
	notok "create the throwaway user ($(cat "$T/useradd.err"))"
	exit 1
fi
chown -R "$TUSER" "$HOMED"
export UPLOAD_USER=$TUSER
ssh-keygen -q -t ed25519 -N '' -f "$T/hostkey" -C test-host
ssh-keygen -q -t ed25519 -N '' -f "$T/otherkey" -C other-host
ssh-keygen -q -t ed25519 -N '' -f "$T/userkey" -C test-user
cp "$T/userkey.pub" "$T/authorized_keys"
chmod 644 "$T/authorized_keys"

start_sshd() {
	SP=${SP:-$(free_port)}
	cat > "$T/sshd_config" <<EOF
Port $SP
ListenAddress 127.0.0.1
HostKey $T/hostkey
PidFile $T/sshd.pid
AuthorizedKeysFile $T/authorized_keys
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication yes
UsePAM no
PermitRootLogin no
AllowUsers $TUSER
StrictModes no
Subsystem sftp internal-sftp
ForceCommand internal-sftp
LogLevel DEBUG
EOF
	mkdir -p /run/sshd
	"$SSHD" -D -f "$T/sshd_config" -E "$T/sshd.log" &
	SSHD_PID=$!
	i=0
	until ssh-keyscan -p "$SP" 127.0.0.1 > "$T/keyscan" 2>/dev/null && [ -s "$T/keyscan" ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
}
start_sshd
cp "$T/keyscan" "$T/known_hosts"
check "sshd answers on 127.0.0.1:$SP" test -s "$T/known_hosts"
sed "s|ssh-ed25519 .*|$(cut -d' ' -f1,2 "$T/otherkey.pub")|" "$T/known_hosts" > "$T/known_hosts.wrong"
: > "$T/known_hosts.empty"
SFTP="--upload-user-env UPLOAD_USER --upload-password-env UPLOAD_PASSWORD --upload-known-hosts $T/known_hosts"

# ---------- SFTP ----------
up sftp 0 --upload-url "sftp://127.0.0.1:$SP$HOMED/feeds/" $SFTP
check "sftp: byte-identical on the server" cmp -s "$T/out/google.xml" "$HOMED/feeds/google.xml"
check "sftp: no temporary left on the server" test -z "$(ls -A "$HOMED/feeds" | grep -v '^google.xml$')"
check "sftp: summary and metric" summary_says sftp uploaded 1 /feeds/google.xml
CAT=$T/cat/catalog-v2.json
up sftp2 0 --upload-url "sftp://127.0.0.1:$SP/~/feeds/" $SFTP
CAT=$T/cat/catalog.json
check "sftp: a second upload replaces the file (home-relative ~/ URL)" cmp -s "$T/out/google.xml" "$HOMED/feeds/google.xml"
up sftpkey 0 --upload-url "sftp://127.0.0.1:$SP$HOMED/feeds/bykey.xml" --upload-user-env UPLOAD_USER --upload-key-file "$T/userkey" --upload-known-hosts "$T/known_hosts"
check "sftp, key authentication: byte-identical" cmp -s "$T/out/google.xml" "$HOMED/feeds/bykey.xml"
up sftpwrongkey 3 --upload-url "sftp://127.0.0.1:$SP$HOMED/feeds/wrongkey.xml" --upload-user-env UPLOAD_USER --upload-password-env UPLOAD_PASSWORD --upload-known-hosts "$T/known_hosts.wrong"
check "sftp, wrong host key: refused, naming the host and the file" has "the host key of '127.0.0.1' port $SP does NOT match the one in known_hosts '$T/known_hosts.wrong': refused" "$T/sftpwrongkey.err"
check "sftp, wrong host key: nothing written on the server" test ! -e "$HOMED/feeds/wrongkey.xml"
check "sftp, wrong host key: one attempt (no retry)" summary_says sftpwrongkey failed 1 /feeds/wrongkey.xml
up sftpunknown 3 --upload-url "sftp://127.0.0.1:$SP$HOMED/feeds/unknown.xml" --upload-user-env UPLOAD_USER --upload-password-env UPLOAD_PASSWORD --upload-known-hosts "$T/known_hosts.empty"
check "sftp, unknown host: refused, saying how to add it" has "host '127.0.0.1' port $SP is not in known_hosts '$T/known_hosts.empty': refused \(add it with 'ssh-keyscan" "$T/sftpunknown.err"
cp "$T/out/google.xml" "$T/before-wrongpw.xml"
up sftpwrongpw 3 --upload-url "sftp://127.0.0.1:$SP$HOMED/feeds/" --upload-user-env UPLOAD_USER --upload-password-env WRONG_PASSWORD --upload-known-hosts "$T/known_hosts"
check "sftp, wrong password: 'login refused' naming the variables" has "login refused: check the user in UPLOAD_USER and the password in WRONG_PASSWORD" "$T/sftpwrongpw.err"
check "sftp, wrong password: the local publish is kept" test -s "$T/out/google.xml"
check "sftp, wrong password: the pending marker is kept" test -s "$marker"
check "sftp, wrong password: the remote file is the previous upload" sh -c "! cmp -s '$T/out/google.xml' '$HOMED/feeds/google.xml'"

# server down, then up: the next run on unchanged sources uploads and clears the marker
kill "$SSHD_PID" 2>/dev/null
wait "$SSHD_PID" 2>/dev/null
up sftpdown 3 --upload-url "sftp://127.0.0.1:$SP$HOMED/feeds/" $SFTP
check "sftp, server down: retried, then failed" has "upload of .*: .*retrying in" "$T/sftpdown.err"
check "sftp, server down: marker kept" test -s "$marker"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); assert m["feed"] == "feed" and m["url"].endswith("/feeds/google.xml") and m["error"] and m["attempts"] == 2, m' "$marker" 2> "$T/py"
check "sftp, server down: the marker says what failed ($(tail -n 1 "$T/py"))" test ! -s "$T/py"
start_sshd
up sftpup 0 --upload-url "sftp://127.0.0.1:$SP$HOMED/feeds/" $SFTP
check "sftp, server up again: the same sources are uploaded" cmp -s "$T/out/google.xml" "$HOMED/feeds/google.xml"
check "sftp, server up again: marker removed" test ! -e "$marker"

# ---------- FTP and explicit FTPS (vsftpd) ----------
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/ftp.key" -out "$T/ftp.pem" -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 2> /dev/null
FP=$(free_port)
cat > "$T/vsftpd.conf" <<EOF
listen=YES
listen_address=127.0.0.1
listen_port=$FP
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
pam_service_name=vsftpd
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
secure_chroot_dir=$T/empty
userlist_enable=NO
ssl_enable=YES
rsa_cert_file=$T/ftp.pem
rsa_private_key_file=$T/ftp.key
allow_anon_ssl=NO
force_local_logins_ssl=NO
force_local_data_ssl=NO
require_ssl_reuse=NO
xferlog_enable=YES
debug_ssl=YES
xferlog_std_format=NO
log_ftp_protocol=YES
vsftpd_log_file=$T/vsftpd.log
EOF
"$VSFTPD" "$T/vsftpd.conf" > "$T/vsftpd.out" 2>&1 &
PIDS="$PIDS $!"
i=0
until python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$FP" 2>/dev/null || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
FTP="--upload-user-env UPLOAD_USER --upload-password-env UPLOAD_PASSWORD"
up ftp 0 --upload-url "ftp://127.0.0.1:$FP/feeds/" $FTP
check "ftp: byte-identical on the server" cmp -s "$T/out/google.xml" "$HOMED/feeds/google.xml"
check "ftp: summary and metric" summary_says ftp uploaded 1 /feeds/google.xml
check "ftp: no temporary left" test -z "$(ls -A "$HOMED/feeds" | grep '\.tmp-feedgen')"
CAT=$T/cat/catalog-v2.json
up ftps 0 --upload-url "ftps://127.0.0.1:$FP/feeds/" $FTP --cacert "$T/ftp.pem"
CAT=$T/cat/catalog.json
check "ftps (AUTH TLS, --cacert): byte-identical, replacing the previous file" cmp -s "$T/out/google.xml" "$HOMED/feeds/google.xml"
auth_tls_logged() { grep -q '"AUTH TLS"' "$T/vsftpd.log" && grep -q 'SSL version: TLS.*, reused' "$T/vsftpd.log"; }
check "ftps: the server logged AUTH TLS, and TLS on the data connection" auth_tls_logged
up ftpsnoca 3 --upload-url "ftps://127.0.0.1:$FP/feeds/noca.xml" $FTP
check "ftps without the CA: the certificate is refused" has "upload of .* failed: .*(certificate|SSL)" "$T/ftpsnoca.err"
check "ftps without the CA: nothing on the server" test ! -e "$HOMED/feeds/noca.xml"
up ftpwrongpw 3 --upload-url "ftp://127.0.0.1:$FP/feeds/" --upload-user-env UPLOAD_USER --upload-password-env WRONG_PASSWORD
check "ftp, wrong password: login refused" has "login refused: check the user in UPLOAD_USER and the password in WRONG_PASSWORD" "$T/ftpwrongpw.err"

# ---------- never half a file under the final name ----------
# a throttled upload of a bigger feed over the previous one; a watcher copies the final name
# as often as it can: every copy is the old file or the new one, never a part of either
watch_upload() { # $1: name, $2: URL
	"$FEEDGEN" build $BASE --catalog "$T/cat/catalog-big.json" --output "$T/out/big.xml" --max-rejected-percent 50 --upload-url "$2" $SFTP > /dev/null 2>&1
	cp "$HOMED/feeds/big.xml" "$T/big.old"
	"$FEEDGEN" build $BASE --catalog "$T/cat/catalog-big-v2.json" --output "$T/out/big.xml" \
		--max-rejected-percent 50 --upload-url "$2" $SFTP > /dev/null 2> "$T/$1.err" &
	bp=$!
	python3 - "$HOMED/feeds/big.xml" "$T/big.old" "$T/out/big.xml" "$bp" > "$T/$1.watch" <<'PY'
import hashlib, os, sys, time
path, old, pid = sys.argv[1], open(sys.argv[2], "rb").read(), int(sys.argv[4])
seen = {"old": 0, "new": 0, "missing": 0, "partial": 0, "tmp": 0}
def alive():
    try:
        os.kill(pid, 0); return open("/proc/%d/stat" % pid).read().split()[2] != "Z"
    except OSError:
        return False
while alive():
    d = os.path.dirname(path)
    if any(n.endswith(".tmp-feedgen") for n in os.listdir(d)):
        seen["tmp"] += 1
    try:
        b = open(path, "rb").read()
    except FileNotFoundError:
        seen["missing"] += 1; continue
    new = open(sys.argv[3], "rb").read()
    seen["old" if b == old else "new" if b == new else "partial"] += 1
    time.sleep(0.01)
print(" ".join("%s=%d" % kv for kv in seen.items()))
PY
	wait $bp
}
export FEEDGEN_UPLOAD_MAX_SPEED=80000
watch_upload watchsftp "sftp://127.0.0.1:$SP$HOMED/feeds/"
check "sftp, throttled: the watcher saw the temporary and never a partial file ($(cat "$T/watchsftp.watch"))" \
	sh -c "grep -q 'partial=0' '$T/watchsftp.watch' && ! grep -q ' tmp=0' '$T/watchsftp.watch' && ! grep -q 'old=0' '$T/watchsftp.watch'"
check "sftp, throttled: the final file is the new one" cmp -s "$T/out/big.xml" "$HOMED/feeds/big.xml"
SFTP=$FTP watch_upload watchftp "ftp://127.0.0.1:$FP/feeds/"
check "ftp, throttled: the watcher saw the temporary, the old file and never a partial or missing file ($(cat "$T/watchftp.watch"))" \
	sh -c "grep -q 'partial=0' '$T/watchftp.watch' && grep -q 'missing=0' '$T/watchftp.watch' && ! grep -q ' tmp=0' '$T/watchftp.watch' && ! grep -q 'old=0' '$T/watchftp.watch'"
check "ftp, throttled: the final file is the new one" cmp -s "$T/out/big.xml" "$HOMED/feeds/big.xml"
unset FEEDGEN_UPLOAD_MAX_SPEED

# ---------- the password, nowhere ----------
check "the password is in no stderr, report, summary, metrics, marker, feed or server log" \
	no_password_in "$T"/*.err "$T"/*.out "$T"/*.json "$T"/*.prom "$T/out" "$T/put" "$T/put-requests.jsonl" \
	"$T/sshd.log" "$T/vsftpd.log" "$HOMED/feeds"
suite_end
