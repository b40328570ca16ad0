#!/usr/bin/env python3
"""Writes the adversarial catalogs used by tests/cases/build-adversarial* (committed output;
re-run after changing this file). Raw bytes matter here: control characters, escape
sequences, invalid UTF-8, quotes, commas, newlines, "]]>", a 5,000-character title,
duplicate SKUs, variants without SKU."""
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
case = os.path.join(here, "..", "cases")


def product(pid, title, variants, body="<p>Plain text</p>", handle=None, images=True):
    return {
        "id": pid, "title": title, "body_html": body, "vendor": "Acme", "product_type": "Test",
        "handle": handle or "p-%d" % pid, "status": "active",
        "images": [{"id": pid * 10, "src": "https://cdn.example.com/%d.jpg" % pid, "variant_ids": []}] if images else [],
        "variants": variants,
    }


def variant(vid, sku, price="10.00", title="Default Title", qty=7):
    return {"id": vid, "sku": sku, "title": title, "price": price, "compare_at_price": None,
            "inventory_management": "shopify", "inventory_policy": "deny", "inventory_quantity": qty,
            "barcode": ""}


products = [
    product(1, "Control\u0001chars\u001b[31m red \u0007bell", [variant(11, "CTRL-1")]),
    product(2, 'Quote " comma , and\nnewline', [variant(21, "QUOTE-1")]),
    product(3, "CDATA ]]> end & <tag>", [variant(31, "CDATA-1")], body="<p>a ]]> b &amp; c</p><script>alert(1)</script>"),
    product(4, "Long " + "x" * 4995, [variant(41, "LONG-1")]),
    product(5, "Duplicate one", [variant(51, "DUP-1")]),
    product(6, "Duplicate two", [variant(61, "DUP-1")]),
    product(7, "No SKU", [variant(71, "", title="Red"), variant(72, None, title="Blue")]),
    product(8, "Bad price", [variant(81, "PRICE-1", price="19,00")]),
    product(9, "No image", [variant(91, "NOIMG-1")], images=False),
    product(10, "C1 \u0085 next line and \ufffe nonchar", [variant(101, "C1-1")]),
    product(11, "Handle with spaces", [variant(111, "HANDLE-1")], handle="caf\u00e9 cr\u00e8me/mug?x=1#y"),
    product(12, "Emoji \u2728\U0001F45F title", [variant(121, "EMOJI-1")]),
]
doc = json.dumps({"products": products}, ensure_ascii=False).encode("utf-8")
# invalid UTF-8 inside a JSON string cannot be expressed through json.dumps: splice raw bytes
doc = doc.replace(b'"Duplicate one"', b'"Invalid \xff\xfe utf8 \xc3\x28 one"')
out = os.path.join(case, "build-adversarial")
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "catalog.json"), "wb") as f:
    f.write(doc)
