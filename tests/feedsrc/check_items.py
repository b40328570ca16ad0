#!/usr/bin/env python3
"""tests/feedsrc/check_items.py FEED CHANNEL SOURCE: reads a feed feedgen wrote from one of the
test feeds (SOURCE: google.xml or google.tsv) with Python's csv module or ElementTree (not
feedgen's reader) and checks it item by item against the values of the source feed: ids, titles,
prices, sale prices, availability in the channel's spelling, images, brand, gtin, item_group_id.
Prints one line per difference, nothing when the feed is right."""
import csv
import sys
import xml.etree.ElementTree as ET

G = "{http://base.google.com/ns/1.0}"
IMG = "https://cdn.example.com/"
EXPECTED = {
    "google.xml": {
        "NW-TEE-S": dict(title="Trail Tee & Co, small", price="25.00 EUR", sale_price="19.90 EUR", availability="in_stock",
                         image_link=IMG + "tee.jpg", additional_image_link=[IMG + "tee-back.jpg", IMG + "tee-side.jpg"],
                         brand="Northwind", gtin="4006381333931", item_group_id="trail-tee"),
        "NW-TEE-M": dict(title="Trail Tee & Co, medium", price="25.00 EUR", sale_price="", availability="out_of_stock",
                         image_link=IMG + "tee.jpg", additional_image_link=[], brand="Northwind", gtin="4006381333948",
                         item_group_id="trail-tee"),
        "NW-MUG": dict(title="Enamel Mug", price="12.50 EUR", sale_price="", availability="preorder",
                       image_link=IMG + "mug.png", additional_image_link=[], brand="Northwind", gtin="", item_group_id=""),
    },
    "google.tsv": {
        "NW-CAP-1": dict(title="Ridge Cap", price="18.00 USD", sale_price="15.00 USD", availability="in_stock",
                         image_link=IMG + "cap.jpg", additional_image_link=[IMG + "cap-2.jpg", IMG + "cap-3.jpg"],
                         brand="Northwind", gtin="012345678905", item_group_id="cap"),
        "NW-CAP-2": dict(title="Ridge Cap, red", price="18.00 USD", sale_price="", availability="out_of_stock",
                         image_link=IMG + "cap-red.jpg", additional_image_link=[], brand="Northwind", gtin="",
                         item_group_id="cap"),
        "NW-BAG": dict(title="Day Bag", price="45.00 USD", sale_price="", availability="in_stock",
                       image_link=IMG + "bag.jpg", additional_image_link=[], brand="Northwind", gtin="", item_group_id=""),
    },
}
SPELLING = {"google": {}, "tiktok": {"in_stock": "in stock", "out_of_stock": "out of stock"},
            "meta": {"in_stock": "in stock", "out_of_stock": "out of stock"}}


def read_text(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t" if path.endswith(".tsv") else ","))
    items = {}
    for r in rows:
        r = dict(r)
        r["additional_image_link"] = [v for v in (r.get("additional_image_link") or "").split(",") if v]
        items[r.get("id") or r.get("sku_id")] = r
    return items


def read_xml(path):
    items = {}
    for it in ET.parse(path).getroot().iter("item"):
        r = {}
        for child in it:
            name = child.tag.replace(G, "")
            if name == "additional_image_link":
                r.setdefault(name, []).append(child.text or "")
            else:
                r[name] = child.text or ""
        r.setdefault("additional_image_link", [])
        items[r.get("id") or r.get("sku_id")] = r
    return items


def main(path, channel, source):
    got = read_xml(path) if path.endswith(".xml") else read_text(path)
    want = EXPECTED[source]
    if list(got) != list(want):
        print("%s: ids %s, expected %s" % (path, list(got), list(want)))
        return
    for id_, fields in want.items():
        for name, value in fields.items():
            if name == "availability":
                value = SPELLING[channel].get(value, value)
            have = got[id_].get(name, [] if name == "additional_image_link" else "")
            if have != value:
                print("%s: %s %s is %r, expected %r" % (path, id_, name, have, value))


if __name__ == "__main__":
    main(*sys.argv[1:4])
