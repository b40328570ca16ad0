#!/usr/bin/env python3
"""tests/mapping/values.py: assert values of a written feed, read by an independent parser
(Python's csv for CSV/TSV, xml.etree for XML). Usage: values.py FEED 'ID:field=value' ...
('ID:field=' asserts an empty or absent field; '#items=N' the number of items; '!ID' that an
id is absent). The id is the first column (CSV) or the first element of an <item> (XML).
Multi-valued XML elements are joined with ','. Prints each mismatch; exits 1 on any."""
import csv, sys, xml.etree.ElementTree as ET

def read(path):
    items = {}
    order = []
    if path.endswith('.xml'):
        for it in ET.parse(path).getroot().iter('item'):
            d = {}
            first = None
            for e in it:
                tag = e.tag.split('}')[-1]
                d[tag] = d[tag] + ',' + (e.text or '') if tag in d else (e.text or '')
                first = first or tag
            items[d[first]] = d
            order.append(d[first])
    else:
        with open(path, newline='', encoding='utf-8') as f:
            rows = list(csv.reader(f, delimiter='\t' if path.endswith('.tsv') else ','))
        head = rows[0]
        for r in rows[1:]:
            d = dict(zip(head, r))
            items[r[0]] = d
            order.append(r[0])
    return items, order

items, order = read(sys.argv[1])
bad = 0
for want in sys.argv[2:]:
    if want.startswith('#items='):
        if len(items) != int(want[7:]):
            print('%s: %d items, expected %s (%s)' % (sys.argv[1], len(items), want[7:], ' '.join(order[:20])))
            bad = 1
        continue
    if want.startswith('!'):
        if want[1:] in items:
            print('%s: item %s present' % (sys.argv[1], want[1:]))
            bad = 1
        continue
    key, value = want.split('=', 1)
    iid, field = key.rsplit(':', 1)
    got = items.get(iid, {}).get(field, '') if iid in items else None
    if got != value:
        print('%s: %s %s is %r, expected %r' % (sys.argv[1], iid, field, got, value))
        bad = 1
sys.exit(bad)
