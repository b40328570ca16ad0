#!/usr/bin/env python3
"""tests/bad/gen.py NAME DIR: write the input of bad-input entry NAME into DIR (generated at
test time, never committed: some are 100 MB or 10 GB once unpacked) and print its path.
Entries whose input is a device or a directory print that path. Owns: nothing else."""
import json
import os
import sys
import zlib

PRODUCT = {"id": 1, "title": "Tee", "handle": "tee", "variants": [{"id": 11, "sku": "TEE-S", "price": "10.00"}]}
CATALOG = json.dumps([PRODUCT])
INVENTORY = "sku,quantity\nTEE-S,3\n"
SHOPIFY_CSV_HEAD = b"Handle,Title,Variant SKU,Variant Price\n"
FEED_CSV = "id,title,description,link,image_link,availability,price\nA,Tee,Soft,https://s.example/a,https://s.example/a.jpg,in_stock,10.00 USD\n"
FEED_XML = ('<?xml version="1.0" encoding="UTF-16"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">'
            '<channel><item><g:id>A</g:id></item></channel></rss>\n')


def gzip_member(data):
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def gzip_bomb(path, head, fill, gib=10):
    """head, then gib GiB of the fill byte: concatenated gzip members of 64 MiB each, so that
    generating 10 GiB takes well under a second (one member compressed, written 160 times)."""
    chunk = gzip_member(fill * (64 << 20))
    with open(path, "wb") as w:
        if head:
            w.write(gzip_member(head))
        for _ in range(gib * 16):
            w.write(chunk)


def truncated_gzip():
    """A gzip feed cut in the middle of its deflate data: zlib reports it only at the end."""
    rows = FEED_CSV + "".join("A%d,Tee %d,Soft,https://s.example/a,https://s.example/a.jpg,in_stock,10.00 USD\n" % (i, i * 7919)
                              for i in range(20000))
    data = gzip_member(rows.encode())
    return data[: len(data) // 2]


def bad_crc_gzip():
    """A complete gzip feed whose CRC-32 in the trailer is wrong: zlib finds it at the end."""
    rows = FEED_CSV + "".join("A%d,Tee %d,Soft,https://s.example/a,https://s.example/a.jpg,in_stock,10.00 USD\n" % (i, i * 7919)
                              for i in range(20000))
    data = bytearray(gzip_member(rows.encode()))
    data[-8] ^= 0xFF
    return bytes(data)


def flip_crc(data):
    data = bytearray(data)
    data[-8] ^= 0xFF
    return bytes(data)


def billion_laughs():
    s = '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    prev = "lol"
    for i in range(1, 10):
        s += '<!ENTITY lol%d "%s">\n' % (i, ("&%s;" % prev) * 10)
        prev = "lol%d" % i
    return s + (']>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><item>'
                '<g:id>A</g:id><g:title>&lol9;</g:title></item></channel></rss>\n')


EXTERNAL = ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n'
            '<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>A</g:id>'
            '<g:title>&x;</g:title><g:description>&x;</g:description></item></channel></rss>\n')

WOO = [{"id": i, "name": "Mug %d" % i, "type": "simple", "regular_price": "5.00"} for i in range(1000)]

# name -> (file name, a function making the bytes: only the entry asked for is made)
TEXT = {
    "truncated-json": ("cat.json", lambda: CATALOG[:-7].encode()),
    "not-json": ("cat.json", lambda: b"<html><body>Not Found</body></html>\n"),
    "wrong-shape": ("cat.json", lambda: json.dumps({"products": WOO}).encode()),
    "utf16le-catalog": ("cat.json", lambda: CATALOG.encode("utf-16")),
    "utf16be-catalog": ("cat.json", lambda: CATALOG.encode("utf-16-be")),
    "utf32le-catalog": ("cat.json", lambda: CATALOG.encode("utf-32")),
    "utf32be-catalog": ("cat.json", lambda: CATALOG.encode("utf-32-be")),
    "utf16le-inventory": ("inv.csv", lambda: INVENTORY.encode("utf-16")),
    "utf16be-inventory": ("inv.csv", lambda: b"\xfe\xff" + INVENTORY.encode("utf-16-be")),
    "utf32-inventory": ("inv.csv", lambda: INVENTORY.encode("utf-32-le")),
    "utf16le-feed": ("feed.csv", lambda: FEED_CSV.encode("utf-16")),
    "utf16be-feed": ("feed.tsv", lambda: FEED_CSV.replace(",", "\t").encode("utf-16-be")),
    "utf32-feed": ("feed.csv", lambda: FEED_CSV.encode("utf-32")),
    "utf32-xml-feed": ("feed.xml", lambda: FEED_XML.encode("utf-32")),
    "utf16-feed-gzip": ("feed.csv.gz", lambda: gzip_member(FEED_CSV.encode("utf-16"))),
    "deep-nesting": ("cat.json", lambda: b"[" * 100000 + b"]" * 100000),
    "million-empty": ("cat.json", lambda: b"[" + b",".join([b"{}"] * 1000000) + b"]"),
    "nul-bytes-catalog": ("cat.json", lambda: CATALOG[:-1].encode() + b"\0" * 64 + b"]"),
    # CSV product exports (issue 13): detected from the content, whatever the name
    "csv-unknown-columns": ("cat.csv", lambda: b"name,price,colour\nTee,10,red\n"),
    "csv-unterminated-quote": ("cat.csv", lambda: SHOPIFY_CSV_HEAD + b'tee,"Tee,TEE-S,10.00\n' + b"x," * 1000 + b"\n"),
    "csv-huge-field": ("cat.csv", lambda: SHOPIFY_CSV_HEAD + b"tee," + b"x" * (2 << 20) + b",TEE-S,10.00\n"),
    "nul-bytes-feed": ("feed.csv", lambda: FEED_CSV.replace("Soft", "So\0\0ft").encode()),
    "gzip-truncated": ("feed.csv.gz", lambda: truncated_gzip()),
    "gzip-bad-crc": ("feed.csv.gz", lambda: bad_crc_gzip()),
    # gzip through the source opener (source_gzip.c): catalogs and inventories
    "gzip-truncated-catalog": ("cat.json.gz", lambda: gzip_member(CATALOG.encode())[:-12]),
    "gzip-bad-crc-catalog": ("cat.json.gz", lambda: flip_crc(gzip_member(CATALOG.encode()))),
    "gzip-garbage-catalog": ("cat.json.gz", lambda: gzip_member(b"")[:10] + b"not deflate data, only its gzip header" * 8),
    "gzip-trailing-inventory": ("inv.csv.gz", lambda: gzip_member(INVENTORY.encode()) + b"trailing bytes"),
    "utf16-inventory-gzip": ("inv.csv.gz", lambda: gzip_member(INVENTORY.encode("utf-16"))),
    "gzip-garbage": ("feed.csv.gz", lambda: gzip_member(b"")[:10] + b"not deflate data, only its gzip header" * 8),
    "entity-bomb": ("feed.xml", lambda: billion_laughs().encode()),
    "external-entity": ("feed.xml", lambda: EXTERNAL.encode()),
}


def main():
    name, where = sys.argv[1], sys.argv[2]
    if name in ("directory-catalog", "directory-feed", "directory-inventory"):
        path = os.path.join(where, "a-directory")
        os.mkdir(path)
    elif name in ("dev-zero-catalog", "dev-zero-feed", "dev-zero-inventory"):
        path = "/dev/zero"
    elif name == "gzip-bomb-zeros":
        path = os.path.join(where, "feed.csv.gz")
        gzip_bomb(path, b"", b"\0")
    elif name == "gzip-bomb-catalog":
        path = os.path.join(where, "cat.json.gz")
        gzip_bomb(path, b'{"products":[{"id":1,"title":"', b"x")
    elif name == "gzip-bomb-csv":
        path = os.path.join(where, "feed.csv.gz")
        gzip_bomb(path, b"id,title\nA,", b" ")
    elif name == "gzip-bomb-xml":
        path = os.path.join(where, "feed.xml.gz")
        gzip_bomb(path, b'<?xml version="1.0"?><rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:title>', b" ")
    elif name == "string-100mb":
        path = os.path.join(where, "cat.json")
        with open(path, "wb") as w:
            w.write(b'{"products":[{"id":1,"title":"')
            block = b"x" * (1 << 20)
            for _ in range(100):
                w.write(block)
            w.write(b'","variants":[{"id":2,"price":"1.00"}]}]}')
    else:
        fname, make = TEXT[name]
        path = os.path.join(where, fname)
        with open(path, "wb") as w:
            w.write(make())
    print(path)


main()
