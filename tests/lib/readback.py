#!/usr/bin/env python3
"""Independent reader for every CSV/TSV feedgen writes: Python's csv module must read it
back with the same number of cells in every row, valid UTF-8, and no characters XML 1.0
forbids. Prints nothing when the file is fine, else one line saying what is wrong."""
import csv
import re
import sys

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def main(path):
    delim = "\t" if path.endswith(".tsv") or path.endswith(".txt") else ","
    try:
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter=delim, strict=True))
    except (UnicodeDecodeError, csv.Error) as e:
        print("%s: not readable as %s: %s" % (path, "TSV" if delim == "\t" else "CSV", e))
        return
    if not rows:
        print("%s: empty (no header row)" % path)
        return
    width = len(rows[0])
    for i, row in enumerate(rows, 1):
        if len(row) != width:
            print("%s: row %d has %d cells, the header %d" % (path, i, len(row), width))
            return
        for cell in row:
            if FORBIDDEN.search(cell):
                print("%s: row %d holds a control character" % (path, i))
                return


if __name__ == "__main__":
    main(sys.argv[1])
