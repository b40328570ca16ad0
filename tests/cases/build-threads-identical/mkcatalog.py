# mkcatalog.py: a Shopify catalog of N products (many batches of the thread pool) with bad
# records in the middle: invalid UTF-8, a record that is not JSON, one without variants, NUL
# characters, an unparsable price, a duplicate id; and an inventory with an unknown SKU.
import json, sys

n = int(sys.argv[1])
out = open(sys.argv[2], "wb")
inv = open(sys.argv[3], "w")
inv.write("sku,quantity\n")
out.write(b'{"products": [\n')
for i in range(n):
    if i:
        out.write(b",\n")
    if i == n // 2:
        out.write(b'{"id": 999999, "title": "broken" "variants": []}')  # not valid JSON
        continue
    if i == n // 3:
        out.write(json.dumps({"id": 888888, "title": "no variants"}).encode())
        continue
    desc = "<p>Product %d: <b>soft</b> &amp; warm</p>" % (i // 3)  # shared by neighbours
    p = {"id": 1000 + i, "title": "Shirt %d" % i, "handle": "shirt-%d" % i, "vendor": "Acme",
         "body_html": desc, "product_type": "Apparel & Accessories > Clothing",
         "images": [{"src": "https://cdn.example/%d.jpg" % i}],
         "variants": []}
    for v in range(1 + i % 3):
        sku = "SKU-%d-%d" % (i, v)
        price = "19.%02d" % (i % 100)
        if i == n // 4 and v == 0:
            price = "19,99"
        var = {"id": 50000 + i * 10 + v, "sku": sku, "price": price, "compare_at_price": "29.00",
               "inventory_management": "shopify", "inventory_quantity": i % 7, "title": "S%d" % v}
        if i == 2 * n // 3 and v == 0:
            var["sku"] = "SKU-1-0"  # a duplicate id
        p["variants"].append(var)
        if i % 5 == 0:
            inv.write("%s,%d\n" % (sku, i % 11))
    if i == n // 5:
        p["title"] = "Nul\u0000here"
    data = json.dumps(p).encode()
    if i == 3 * n // 5:
        data = data.replace(b"soft", b"so\xfft")  # invalid UTF-8
    out.write(data)
out.write(b"\n]}\n")
inv.write("NOT-IN-CATALOG,4\n")
