#!/usr/bin/env python3
"""tests/html/cdp_dom.py: load a page in headless chromium and write its DOM (outer HTML after
load), with JavaScript on or off. `chromium --dump-dom` cannot serialise with scripts disabled,
so this drives the DevTools protocol over --remote-debugging-pipe (JSON messages ended by NUL
on file descriptors 3 and 4: no network, no extra package). Emulation.setScriptExecutionDisabled
turns scripts off before the navigation.

  cdp_dom.py [--no-js] URL OUT"""
import fcntl
import json
import os
import subprocess
import sys
import tempfile
import time


def high_pipe():
    fds = os.pipe()
    moved = tuple(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in fds)
    for fd in fds:
        os.close(fd)
    return moved


class Browser:
    def __init__(self, profile):
        # the pipe ends chromium gets are moved out of the way first, then become its 3 and 4
        r, self.to_chrome = high_pipe()
        self.from_chrome, w = high_pipe()

        def child():
            os.dup2(r, 3)
            os.dup2(w, 4)
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--user-data-dir=" + profile, "about:blank"],
            preexec_fn=child, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(r)
        os.close(w)
        self.buf, self.next_id, self.events = b"", 0, []

    def recv(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise SystemExit("cdp_dom: chromium did not answer in time")
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise SystemExit("cdp_dom: chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            m = self.recv(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise SystemExit("cdp_dom: %s: %s" % (method, m["error"]))
                return m["result"]
            self.events.append(m)

    def wait_event(self, name, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, m in enumerate(self.events):
                if m.get("method") == name:
                    return self.events.pop(i)
            self.events.append(self.recv(deadline))

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except SystemExit:
            pass
        self.proc.wait(timeout=10)


def main():
    args = sys.argv[1:]
    no_js = args[0] == "--no-js"
    if no_js:
        args = args[1:]
    url, out = args
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(profile)
        try:
            target = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            s = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            b.call("Page.enable", session=s)
            b.call("Emulation.setScriptExecutionDisabled", {"value": no_js}, session=s)
            b.call("Page.navigate", {"url": url}, session=s)
            b.wait_event("Page.loadEventFired")
            root = b.call("DOM.getDocument", {"depth": -1}, session=s)["root"]["nodeId"]
            html = b.call("DOM.getOuterHTML", {"nodeId": root}, session=s)["outerHTML"]
        finally:
            b.close()
    with open(out, "w", encoding="utf-8") as f:
        f.write(html)
    return 0


sys.exit(main())
