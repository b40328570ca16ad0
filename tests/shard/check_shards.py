#!/usr/bin/env python3
"""Independent checks of a sharded build (tests/shard/run_tests.sh), reading feeds with Python's
csv module and ElementTree (gzip too), never with feedgen's own reader.

  check_shards.py parts WHOLE N PART_1 ... PART_N [--ci]
      every item of the unsharded feed WHOLE is in exactly one part, the part that FNV-1a 64 of
      its item_group_id (else id) mod N names (shard K holds hash % N == K - 1); all variants
      of a group are in one part; every part's header (CSV/TSV) or XML channel is WHOLE's; the
      items of the parts are WHOLE's, byte for byte per item (XML: the <item> element's bytes;
      CSV/TSV: the cells of its record)
  check_shards.py merged WHOLE MERGED PART_1 ... [--ci]
      MERGED has WHOLE's header or channel and WHOLE's items byte for byte, in part order

--ci: ids are compared ignoring case (Google): when two items of different groups share such
an id, the unsharded build keeps the earlier and rejects the later, while the shards each keep
theirs; merge keeps the one of the earlier part. Those ids are checked apart: WHOLE has one of
them, MERGED has one (the first part's), and every other item is compared byte for byte.
Prints nothing when every check holds, else one line per problem."""
import csv
import gzip
import io
import re
import sys
import xml.etree.ElementTree as ET

G = "{http://base.google.com/ns/1.0}"


def fnv1a64(data):
    h = 14695981039346656037
    for b in data:
        h ^= b
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def read_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def read_feed(path):
    """(header, [(id, group, item_bytes)]) of a feed."""
    data = read_bytes(path)
    if data.lstrip().startswith(b"<?xml") or data.lstrip().startswith(b"<rss"):
        root = ET.fromstring(data)
        elems = root.findall("./channel/item")
        raw = re.findall(rb"<item>.*?</item>", data, re.S)
        if len(raw) != len(elems):
            raise SystemExit("%s: %d <item> elements by ElementTree, %d by bytes" % (path, len(elems), len(raw)))
        items = []
        for e, r in zip(elems, raw):
            items.append(((e.findtext(G + "id") or e.findtext("id") or ""),
                          (e.findtext(G + "item_group_id") or ""), r))
        head = data[:data.find(b"<item>")] if raw else data[:data.rfind(b"</channel>")]
        return head, items
    text = data.decode("utf-8")
    delim = "\t" if "\t" in text.split("\n", 1)[0] else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True))
    header = rows[0]
    idcol = header.index("sku_id") if "sku_id" in header else header.index("id")
    gcol = header.index("item_group_id") if "item_group_id" in header else None
    items = [(r[idcol], r[gcol] if gcol is not None else "", tuple(r)) for r in rows[1:]]
    return tuple(header), items


def key(i, ci):
    return i.lower() if ci else i


def main(argv):
    ci = "--ci" in argv
    argv = [a for a in argv if a != "--ci"]
    problems = []
    if argv[0] == "parts":
        whole, n, parts = argv[1], int(argv[2]), argv[3:]
        if len(parts) != n:
            raise SystemExit("expected %d parts" % n)
        wh, wi = read_feed(whole)
        seen, groups, union = {}, {}, []
        for k, p in enumerate(parts, 1):
            ph, pi = read_feed(p)
            if ph != wh:
                problems.append("%s: its header/channel differs from the unsharded feed's" % p)
            for i, g, b in pi:
                if i in seen:
                    problems.append("id %r in part %d and part %d" % (i, seen[i], k))
                seen[i] = k
                if g and groups.setdefault(g, k) != k:
                    problems.append("group %r split over parts %d and %d" % (g, groups[g], k))
                if fnv1a64((g or i).encode("utf-8")) % n != k - 1:
                    problems.append("%r is in part %d, but FNV-1a 64 mod %d names part %d" %
                                    (i, k, n, fnv1a64((g or i).encode("utf-8")) % n + 1))
                union.append((i, b))
        compare(problems, wi, union, union, ci, "the parts")
    else:
        whole, merged, parts = argv[1], argv[2], argv[3:]
        wh, wi = read_feed(whole)
        mh, mi = read_feed(merged)
        if mh != wh:
            problems.append("merged header/channel differs from the unsharded feed's")
        order = []
        for p in parts:
            order.extend((i, b) for i, g, b in read_feed(p)[1])
        firsts, kept = set(), []
        for i, b in order:  # merge keeps the first of ids already used
            if key(i, ci) not in firsts:
                firsts.add(key(i, ci))
                kept.append((i, b))
        if [(i, b) for i, g, b in mi] != kept:
            problems.append("merged items are not the parts' items in part order")
        compare(problems, wi, [(i, b) for i, g, b in mi], order, ci, "the merged feed")
    for p in problems[:20]:
        print(p)


def compare(problems, whole_items, got, union, ci, what):
    """got (the parts' items, or the merged feed's) against the unsharded feed's items; ids
    that the union of the parts holds twice (ci) are checked apart."""
    count = {}
    for i, b in union:
        count[key(i, ci)] = count.get(key(i, ci), 0) + 1
    dups = {k for k, c in count.items() if c > 1}
    w = sorted((i, b) for i, g, b in whole_items if key(i, ci) not in dups)
    o = sorted((i, b) for i, b in got if key(i, ci) not in dups)
    if w != o:
        wi, oi = {x[0] for x in w}, {x[0] for x in o}
        problems.append("%s: items differ from the unsharded feed's (%d vs %d; only unsharded: %s; only %s: %s)" %
                        (what, len(o), len(w), sorted(wi - oi)[:5], what, sorted(oi - wi)[:5]))
    for d in dups:  # the unsharded feed keeps one of them, one that a part has
        have = [b for i, g, b in whole_items if key(i, ci) == d]
        cands = [b for i, b in union if key(i, ci) == d]
        if len(have) != 1 or have[0] not in cands:
            problems.append("%s: the shared id %r: the unsharded feed has %d items, not one of the parts' %d" %
                            (what, d, len(have), len(cands)))


if __name__ == "__main__":
    main(sys.argv[1:])
