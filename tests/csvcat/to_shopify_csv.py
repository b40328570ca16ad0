#!/usr/bin/env python3
"""tests/csvcat/to_shopify_csv.py: write a Shopify REST catalog (products.json) as Shopify's
admin product export CSV, the way the admin's Export does: one row per variant with the
product's fields on its first row only, then one row per remaining image (Handle, Image Src,
Image Position, Image Alt Text), columns in the export's order, CRLF line ends, every field
quoted where needed. Used by tests/csvcat/run_tests.sh to check that the JSON and the CSV of one
catalog give the same items.  usage: to_shopify_csv.py IN.json OUT.csv"""
import csv, json, sys

COLUMNS = ["Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
           "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value",
           "Variant SKU", "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty",
           "Variant Inventory Policy", "Variant Fulfillment Service", "Variant Price", "Variant Compare At Price",
           "Variant Requires Shipping", "Variant Taxable", "Variant Barcode", "Image Src", "Image Position",
           "Image Alt Text", "Gift Card", "SEO Title", "SEO Description", "Variant Image", "Variant Weight Unit",
           "Variant Tax Code", "Cost per item", "Status"]
GRAMS = {"g": 1, "kg": 1000, "lb": 453.59237, "oz": 28.349523125}


def s(v):
    return "" if v is None else str(v)


def rows(p):
    images = sorted(p.get("images") or [], key=lambda i: i.get("position", 0))
    by_id = {i["id"]: i["src"] for i in images}
    out = []
    for n, v in enumerate(p["variants"]):
        r = dict.fromkeys(COLUMNS, "")
        r["Handle"] = p["handle"]
        if n == 0:
            r.update({"Title": s(p.get("title")), "Body (HTML)": s(p.get("body_html")), "Vendor": s(p.get("vendor")),
                      "Type": s(p.get("product_type")), "Tags": s(p.get("tags")),
                      "Published": "TRUE" if p.get("published_at") else "FALSE", "Gift Card": "FALSE",
                      "Status": s(p.get("status"))})
            for k, o in enumerate((p.get("options") or [])[:3]):
                r["Option%d Name" % (k + 1)] = o["name"] if isinstance(o, dict) else o
        for k in range(3):
            r["Option%d Value" % (k + 1)] = s(v.get("option%d" % (k + 1)))
        unit = v.get("weight_unit") or "g"
        r.update({"Variant SKU": s(v.get("sku")),
                  "Variant Grams": s(round(v["weight"] * GRAMS[unit])) if v.get("weight") is not None else s(v.get("grams")),
                  "Variant Inventory Tracker": s(v.get("inventory_management")),
                  "Variant Inventory Qty": s(v.get("inventory_quantity")),
                  "Variant Inventory Policy": s(v.get("inventory_policy")),
                  "Variant Fulfillment Service": s(v.get("fulfillment_service")),
                  "Variant Price": s(v.get("price")), "Variant Compare At Price": s(v.get("compare_at_price")),
                  "Variant Requires Shipping": "TRUE", "Variant Taxable": "TRUE",
                  "Variant Barcode": s(v.get("barcode")), "Variant Image": by_id.get(v.get("image_id"), ""),
                  "Variant Weight Unit": unit})
        if n < len(images):  # the export puts the images beside the first rows
            r["Image Src"], r["Image Position"], r["Image Alt Text"] = images[n]["src"], s(images[n].get("position")), s(images[n].get("alt"))
        out.append(r)
    for img in images[len(p["variants"]):]:
        r = dict.fromkeys(COLUMNS, "")
        r.update({"Handle": p["handle"], "Image Src": img["src"], "Image Position": s(img.get("position")),
                  "Image Alt Text": s(img.get("alt"))})
        out.append(r)
    return out


def main():
    doc = json.load(open(sys.argv[1], encoding="utf-8"))
    with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator="\r\n")
        w.writeheader()
        for p in doc["products"]:
            for r in rows(p):
                w.writerow(r)


main()
