#!/usr/bin/env python3
"""mkcatalog.py: writes a minimal Shopify catalog for retargeting tests to stdout, one product
per argument SKU:PRICE[:COMPARE_AT[:QUANTITY]], with a valid image and description."""
import json
import sys

products = []
for n, arg in enumerate(sys.argv[1:], 1):
    parts = arg.split(":")
    sku, price = parts[0], parts[1]
    compare = parts[2] if len(parts) > 2 and parts[2] else None
    qty = int(parts[3]) if len(parts) > 3 else 50
    products.append({
        "id": 9100000000000 + n, "title": "Test product %s" % sku,
        "body_html": "<p>Sturdy everyday gear for %s. Second sentence.</p>" % sku,
        "vendor": "Testbrand", "product_type": "Gear", "handle": "test-%d" % n,
        "status": "active", "tags": "",
        "variants": [{"id": 9200000000000 + n, "product_id": 9100000000000 + n, "title": "Default Title",
                      "price": price, "compare_at_price": compare, "sku": sku, "barcode": None,
                      "inventory_management": "shopify", "inventory_policy": "deny",
                      "inventory_quantity": qty, "option1": "Default Title", "image_id": None}],
        "options": [{"name": "Title", "values": ["Default Title"]}],
        "images": [{"id": 9300000000000 + n, "position": 1, "width": 1024, "height": 1024,
                    "src": "https://cdn.example/test-%d.jpg" % n, "variant_ids": []}],
        "image": {"id": 9300000000000 + n, "src": "https://cdn.example/test-%d.jpg" % n},
    })
json.dump({"products": products}, sys.stdout, indent=1)
