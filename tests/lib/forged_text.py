#!/usr/bin/env python3
"""forged_text.py: inputs and checks for issue 9 defect 4 (forged log lines, hidden text).
Owns: nothing (writes its inputs into the current directory).

  forged_text.py make             writes SRC (a catalog whose name holds a newline) and inv.in (an inventory CSV;
                                  not .csv, as the runner reads every .csv back)
  forged_text.py check FORMAT REPORT STDERR
                                  asserts no line of stderr or of the report starts with a forged
                                  'feedgen: forged', no raw bidi/C1/separator character is left
                                  in terminal-facing text, and the escapes are visible
"""
import json, subprocess, sys

SRC = "cat\nfeedgen: forged-source.json"
# raw characters that must never reach a terminal: C1 CSI and NEL, bidi controls, separators
HIDDEN = ["\u009b", "\u0085", "\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c",
          "\u2028", "\u2029"]

def make():
    products = [{"id": 1, "title": "Tee \u202e evil", "handle": "tee", "vendor": "Acme", "status": "active",
                 "body_html": "<p>Soft tee</p>", "images": [{"id": 9, "src": "https://cdn.example.com/t.jpg"}],
                 "variants": [
                     {"id": 11, "sku": "TEE\u202eS", "price": "10.00", "inventory_management": "shopify", "inventory_policy": "continue"},
                     {"id": 12, "sku": "TEE-M", "price": "10.00\u202e\u2066", "barcode": "12\u009b[31m"},
                     {"id": 13, "sku": "TEE-L\u2028feedgen: forged", "price": "x\u0085y"}]}]
    with open(SRC, "w", encoding="utf-8") as f:
        json.dump({"products": products}, f, ensure_ascii=True)
    with open("inv.in", "wb") as f:
        f.write(b'sku,quantity\n"GHOST\nfeedgen: forged",5\n"C\xc2\x9bZ",1\n"R\xe2\x80\xaeL\xe2\x81\xa7",2\nTEE\xe2\x80\xaeS,-4\n')

def no_forged_lines(what, text):
    for line in text.splitlines():
        assert not line.startswith("feedgen: forged"), (what, line)
        assert not line.startswith("forged"), (what, line)
    for ch in HIDDEN:
        assert ch not in text, (what, "raw U+%04X" % ord(ch))

def check(fmt, report, stderr):
    check_report(fmt, report)
    err = open(stderr, encoding="utf-8").read()
    no_forged_lines("stderr", err)
    # the console shows the escapes, not the characters
    # (the id's U+202E is removed by the invisible-chars rule, issue 8: "TEES")
    for want in ("GHOST\\nfeedgen: forged", "TEES", "C\\u009bZ", "cat\\nfeedgen: forged-source.json",
                 "TEE-L\\u2028feedgen: forged", "'10.00\\u202e\\u2066'", "R\\u202eL\\u2067"):
        assert want in err, ("stderr lacks", want, err)

def check_report(fmt, report):
    raw = open(report, "rb").read()
    if fmt == "json":
        assert all(b < 0x80 for b in raw), "json report is not pure ASCII"
        doc = json.loads(raw)
        ids = {f["id"] for f in doc["findings"] if f["id"]}
        sources = {f.get("source") for f in doc["findings"]}
        # JSON is data: the values are exact (escaped as \uXXXX in the file, intact once parsed)
        for want in ("GHOST\nfeedgen: forged", "C\u009bZ", "TEES", "TEE-L\u2028feedgen: forged"):
            assert want in ids, ("json lacks id", want, ids)
        assert SRC in sources, sources
        assert doc["summary"]["written"] == 1, doc["summary"]
        return
    text = raw.decode("utf-8")
    no_forged_lines(fmt, text)
    if fmt == "junit":
        subprocess.run(["xmllint", "--noout", report], check=True)
        assert b"\xc2\x9b" not in raw and b"\xe2\x80\xae" not in raw, "raw C1/bidi bytes in junit"
        assert "&#10;" not in text and "&#13;" not in text, "newline kept in an attribute"
    # the id's U+202E is removed by the invisible-chars rule (issue 8) before it is reported
    want = ["GHOST\\nfeedgen: forged", "C\\u009bZ", "TEES", "TEE-L\\u2028feedgen: forged"]
    for w in want:
        assert w in text, (fmt, "lacks", w)
    if fmt == "junit":
        assert 'name="GHOST\\nfeedgen: forged"' in text and 'file="cat\\nfeedgen: forged-source.json"' in text

if __name__ == "__main__":
    if sys.argv[1] == "make":
        make()
    else:
        check(sys.argv[2], sys.argv[3], sys.argv[4])
