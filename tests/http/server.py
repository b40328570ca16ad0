#!/usr/bin/env python3
"""Loopback test server for feedgen's fetch layer (stdlib only).

  server.py --data DIR [--port 0] [--cert FILE --key FILE] [--record FILE] [--upload-dir DIR]
            [--latency MS]

--record FILE appends one JSON line per request received ({"method", "path", "headers"}):
the tests/secrets suite runs a second server as the "foreign host" and checks that it got
nothing. --latency MS answers every request (but /stats) MS milliseconds after it arrived, like
a shop's API across a network (make bench's fetch case). The expected credentials can be changed
with TEST_SHOPIFY_TOKEN, TEST_WOO_KEY, TEST_WOO_SECRET, TEST_TTS_KEY, TEST_TTS_SECRET,
TEST_TTS_TOKEN, TEST_TTS_CIPHER.

DIR is gen_catalog.py output made with --pages (pages/products-NNNN.json, products.json).
Prints the chosen port on stdout, then serves until killed:

  Shopify   GET  /admin/api/V/products.json?limit=N[&page_info=C]   X-Shopify-Access-Token: shpat_test
            GET  /admin/api/V/inventory_levels.json?inventory_item_ids=..   (two locations per item)
  Woo       GET  /wp-json/wc/v3/products?per_page=&page=   Basic ck_test:cs_test
            GET  /wp-json/wc/v3/products/ID/variations?per_page=&page=
  TikTok    POST /product/202309/products/search?app_key=&timestamp=&shop_cipher=&page_size=[&page_token=]&sign=
            GET  /product/202309/products/ID?app_key=&timestamp=&shop_cipher=&sign=   (detail: images,
                 description, brand, identifier codes; no product_url, like the real API)
            x-tts-access-token: tts_token; app key tts_key, secret tts_secret, cipher ROW_test
  Files     GET  /files/NAME   (ETag / Last-Modified, 304 on a match)
  Stats     GET  /stats        {"/request/path": count, ...} of every request so far
  Upload    PUT  /upload/NAME  (--upload-dir DIR) the body is written to DIR/.NAME.part, then renamed
            to DIR/NAME; HTTP Basic TEST_UPLOAD_USER:TEST_UPLOAD_PASSWORD when those are set (401
            otherwise); fault prefixes 500 (first PUT of each path), 500always, 401, 403 apply.
            DIR/put.log gets one line per PUT: method, path, status (never the credentials)

Faults: prefix any path with /f/NAME/ (store URL http://host:port/f/NAME):
  429       first request of each URL: 429 with Retry-After: 0.2
  429date   first request of each URL: 429 with Retry-After as an HTTP date 2 s ahead
  500       first request of each URL: 500;          500always: every request
  close     first request of each URL: body cut off;  closealways
  trunc     first request of each URL: 200 with half a JSON body; truncalways
  stall     every request sleeps 5 s before answering
  redirect  302 to the same URL without the prefix (same origin)
  gzip      gzip-encoded bodies;  bomb: a gzip bomb (64 MiB of zeros)
  p7fail    page 7 of the Shopify catalog always answers 500
  calllimit X-Shopify-Shop-Api-Call-Limit near the bucket's limit
  dfail     the TikTok Shop detail of the catalog's last product always answers 500
  401, 403  every request answers that status, the body echoing the request line and headers
  echo      every request answers 400 with a TikTok-style envelope echoing the request
  echoitem  every 200 reply's descriptions start with the echoed request (token included)
  foreignnext  Shopify Link rel="next" (products and inventory levels) points at
            $TEST_FOREIGN_URL (another server) with the same path and query
  foreignredirect  302 to $TEST_FOREIGN_URL with the same path and query
"""
import argparse, base64, gzip, hashlib, hmac, io, json, os, ssl, sys, threading, time, zlib
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs, quote, unquote

E = os.environ.get
SHOPIFY_TOKEN = E("TEST_SHOPIFY_TOKEN", "shpat_test")
WOO_KEY, WOO_SECRET = E("TEST_WOO_KEY", "ck_test"), E("TEST_WOO_SECRET", "cs_test")
TTS_KEY, TTS_SECRET = E("TEST_TTS_KEY", "tts_key"), E("TEST_TTS_SECRET", "tts_secret")
TTS_TOKEN, TTS_CIPHER = E("TEST_TTS_TOKEN", "tts_token"), E("TEST_TTS_CIPHER", "ROW_test")


def tts_sign(secret, path, params, body):
    s = path + "".join(k + params[k] for k in sorted(params) if k not in ("sign", "access_token"))
    s = secret + s + body + secret
    return hmac.new(secret.encode(), s.encode(), hashlib.sha256).hexdigest()


class Catalog:
    def __init__(self, data):
        self.data = data
        pdir = os.path.join(data, "pages")
        self.pages = []
        for name in sorted(os.listdir(pdir)):
            with open(os.path.join(pdir, name), "rb") as f:
                self.pages.append(f.read())
        with open(os.path.join(data, "products.json"), encoding="utf-8") as f:
            self.products = json.load(f)["products"]
        self.levels = {}
        for p in self.products:
            for v in p["variants"]:
                q = v["inventory_quantity"]
                self.levels[v["inventory_item_id"]] = [(1, q // 2), (2, q - q // 2)]
        self.woo = [self.to_woo(p) for p in self.products]
        self.woo_vars = {}
        for p in self.products:
            if len(p["variants"]) > 1:
                self.woo_vars[p["id"]] = [self.to_woo_variation(p, v) for v in p["variants"]]
        self.tts = [self.to_tts(p) for p in self.products]
        self.tts_detail = {str(p["id"]): self.to_tts_detail(p) for p in self.products}

    @staticmethod
    def to_woo(p):
        variable = len(p["variants"]) > 1
        v0 = p["variants"][0]
        d = {"id": p["id"], "name": p["title"], "slug": p["handle"], "type": "variable" if variable else "simple",
             "status": "publish", "catalog_visibility": "visible",
             "permalink": "https://woo.example.com/product/%s/" % p["handle"],
             "description": p["body_html"], "short_description": "", "sku": "" if variable else v0["sku"],
             "price": v0["price"], "regular_price": "" if variable else (v0["compare_at_price"] or v0["price"]),
             "sale_price": "" if variable or not v0["compare_at_price"] else v0["price"],
             "date_on_sale_from": None, "date_on_sale_from_gmt": None, "date_on_sale_to": None,
             "date_on_sale_to_gmt": None, "manage_stock": not variable,
             "stock_quantity": None if variable else v0["inventory_quantity"],
             "stock_status": "instock", "backorders": "no",
             "categories": [{"id": 1, "name": p["product_type"], "slug": p["product_type"].lower()}],
             "images": [{"id": i["id"], "src": i["src"], "name": "", "alt": ""} for i in p["images"]],
             "attributes": [{"id": 0, "name": o["name"], "position": i, "visible": True, "variation": variable,
                             "options": o["values"]} for i, o in enumerate(p["options"])],
             "brands": [{"id": 5, "name": p["vendor"], "slug": "b"}] if p["id"] % 2 else [],
             "variations": [v["id"] for v in p["variants"]] if variable else []}
        if not p["id"] % 2:
            d["attributes"].append({"id": 0, "name": "Brand", "position": 9, "visible": True, "variation": False,
                                    "options": [p["vendor"]]})
        return d

    @staticmethod
    def to_woo_variation(p, v):
        names = [o["name"] for o in p["options"]]
        attrs = [{"id": 0, "name": n, "option": v["option%d" % (i + 1)]} for i, n in enumerate(names)]
        return {"id": v["id"], "sku": v["sku"], "status": "publish", "price": v["price"],
                "regular_price": v["compare_at_price"] or v["price"],
                "sale_price": v["price"] if v["compare_at_price"] else "",
                "date_on_sale_from_gmt": "2026-11-01T00:00:00" if v["compare_at_price"] else None,
                "date_on_sale_to_gmt": "2026-12-31T23:59:00" if v["compare_at_price"] else None,
                "manage_stock": True, "stock_quantity": v["inventory_quantity"],
                "stock_status": "instock" if v["inventory_quantity"] > 0 else "outofstock",
                "backorders": "no" if v["inventory_policy"] == "deny" else "yes",
                "permalink": "https://woo.example.com/product/%s/?v=%d" % (p["handle"], v["id"]),
                "image": {"id": v["image_id"], "src": p["images"][0]["src"]}, "attributes": attrs,
                "global_unique_id": v["barcode"]}

    @staticmethod
    def to_tts(p):
        return {"id": str(p["id"]), "title": p["title"], "status": "ACTIVATE", "create_time": 1700000000,
                "update_time": 1700000000, "sales_regions": ["US"], "is_not_for_sale": False,
                "skus": [{"id": str(v["id"]), "seller_sku": v["sku"],
                          "price": {"currency": "USD", "sale_price": v["price"], "tax_exclusive_price": v["price"]},
                          "inventory": [{"warehouse_id": "W1", "quantity": v["inventory_quantity"] // 2},
                                        {"warehouse_id": "W2", "quantity": v["inventory_quantity"] - v["inventory_quantity"] // 2}]}
                         for v in p["variants"]]}


    @staticmethod
    def to_tts_detail(p):
        """The 202309 Get Product reply's data: no product_url; price without amount."""
        d = Catalog.to_tts(p)
        d["description"] = p["body_html"]
        d["brand"] = {"id": "7000%d" % p["id"], "name": p["vendor"]}
        imgs = [{"uri": "tos-img/%d" % i["id"], "width": 800, "height": 800, "urls": [i["src"]],
                 "thumb_urls": [i["src"] + "?thumb"]} for i in p["images"]]
        if imgs and p["id"] % 3 == 0:
            imgs[0]["urls"] = []  # only a thumbnail: the reader falls back to thumb_urls
        d["main_images"] = imgs
        names = [o["name"] for o in p["options"]]
        for s, v in zip(d["skus"], p["variants"]):
            s["sales_attributes"] = [{"id": str(i), "name": n, "value_id": str(i), "value_name": v["option%d" % (i + 1)]}
                                     for i, n in enumerate(names) if v.get("option%d" % (i + 1))]
            if v["barcode"]:
                s["identifier_code"] = {"code": v["barcode"], "type": "GTIN"}
        d["package_weight"] = {"value": "0.5", "unit": "KILOGRAM"}
        return d


class State:
    lock = threading.Lock()
    seen = {}      # (fault, path) -> count
    calls = 0
    requests = {}  # request path (without the query) -> count, served by GET /stats


def cursor(n):
    return base64.urlsafe_b64encode(("page:%d" % n).encode()).decode().rstrip("=")


def uncursor(c):
    c += "=" * (-len(c) % 4)
    return int(base64.urlsafe_b64decode(c.encode()).decode().split(":")[1])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "feedgen-test"
    # TCP_NODELAY: the headers and the body are two writes; with Nagle's algorithm the body of
    # a small reply waited for the client's delayed ACK, 40 ms a request on a kept-alive connection
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        if os.environ.get("TEST_SERVER_LOG"):
            sys.stderr.write("server: " + fmt % args + "\n")

    # ---- helpers ----
    def first_time(self):
        key = (self.fault, self.path)
        with State.lock:
            State.seen[key] = State.seen.get(key, 0) + 1
            return State.seen[key] == 1

    def send(self, status, body, ctype="application/json", headers=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        elif isinstance(body, str):
            body = body.encode()
        headers = dict(headers or {})
        f = self.fault
        if f == "echoitem" and status == 200 and ctype == "application/json":
            e = json.dumps(self.echo())[1:-1].encode()
            for k in (b'"body_html":"', b'"description":"'):
                body = body.replace(k, k + e + b' ')
        if f in ("429", "429date", "500", "close", "trunc") and status == 200 and self.first_time():
            if f == "429":
                return self.send_raw(429, b'{"errors":"Exceeded 2 calls per second"}', ctype, {"Retry-After": "0.2"})
            if f == "429date":
                return self.send_raw(429, b'{"errors":"Exceeded 2 calls per second"}', ctype,
                                     {"Retry-After": formatdate(time.time() + 2, usegmt=True)})
            if f == "500":
                return self.send_raw(500, b'{"errors":"Internal Server Error"}', ctype, {})
            if f == "close":
                return self.send_cut(status, body, ctype, headers)
            if f == "trunc":
                return self.send_raw(status, body[: len(body) // 2], ctype, headers)
        if status == 200 and f == "500always":
            return self.send_raw(500, b'{"errors":"Internal Server Error"}', ctype, {})
        if status == 200 and f == "closealways":
            return self.send_cut(status, body, ctype, headers)
        if status == 200 and f == "truncalways":
            return self.send_raw(status, body[: len(body) // 2], ctype, headers)
        if status == 200 and f == "gzip" and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if status == 200 and f == "bomb":
            co = zlib.compressobj(9, zlib.DEFLATED, 31)
            chunk = b"\0" * (1 << 20)
            body = b"".join(co.compress(chunk) for _ in range(64)) + co.flush()
            headers["Content-Encoding"] = "gzip"
        return self.send_raw(status, body, ctype, headers)

    def send_head(self, status, body, ctype, headers):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()

    def send_raw(self, status, body, ctype, headers):
        self.send_head(status, body, ctype, headers)
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_cut(self, status, body, ctype, headers):
        self.send_head(status, body, ctype, headers)  # announces the whole length, sends a third
        self.wfile.write(body[: len(body) // 3])
        self.wfile.flush()
        self.close_connection = True
        try:
            import socket
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # ---- dispatch ----
    def do_GET(self):
        self.route()

    def do_PUT(self):
        self.record()
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        path, fault = urlsplit(self.path).path, None
        if path.startswith("/f/"):
            parts = path.split("/", 3)
            fault, path = parts[2], "/" + (parts[3] if len(parts) > 3 else "")
        status = self.put(path, fault, body)
        d = self.server.upload_dir
        if d:
            with State.lock, open(os.path.join(d, "put.log"), "a", encoding="utf-8") as f:
                f.write("PUT %s %d\n" % (self.path, status))

    def put(self, path, fault, body):
        d, name = self.server.upload_dir, unquote(path[len("/upload/"):])
        if not d or not path.startswith("/upload/") or not name or "/" in name or name.startswith("."):
            return self.send_raw(404, b"not found", "text/plain", {}) or 404
        with State.lock:
            State.requests[self.path] = State.requests.get(self.path, 0) + 1
            first = State.requests[self.path] == 1
        if fault in ("401", "403"):
            return self.send_raw(int(fault), b"refused", "text/plain", {}) or int(fault)
        if fault == "500always" or (fault == "500" and first):
            return self.send_raw(500, b"try again", "text/plain", {}) or 500
        user, password = E("TEST_UPLOAD_USER"), E("TEST_UPLOAD_PASSWORD")
        if user is not None:
            want = "Basic " + base64.b64encode(("%s:%s" % (user, password or "")).encode()).decode()
            if self.headers.get("Authorization") != want:
                return self.send_raw(401, b"unauthorized", "text/plain", {"WWW-Authenticate": 'Basic realm="feeds"'}) or 401
        tmp = os.path.join(d, "." + name + ".part")
        with open(tmp, "wb") as f:
            f.write(body)
        os.replace(tmp, os.path.join(d, name))
        return self.send_raw(201, b"", "text/plain", {}) or 201

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(n).decode() if n else ""
        self.route()

    def echo(self):
        """The request as a careless API error would echo it: request line and every header."""
        return "%s %s %s" % (self.command, self.path, "; ".join("%s: %s" % kv for kv in self.headers.items()))

    def record(self):
        if self.server.record:
            line = json.dumps({"method": self.command, "path": self.path, "headers": dict(self.headers.items())})
            with State.lock, open(self.server.record, "a", encoding="utf-8") as f:
                f.write(line + "\n")

    def route(self):
        self.record()
        u = urlsplit(self.path)
        path, self.q = u.path, {k: v[-1] for k, v in parse_qs(u.query, keep_blank_values=True).items()}
        if path == "/stats":
            with State.lock:
                return self.send_raw(200, json.dumps(State.requests).encode(), "application/json", {})
        with State.lock:
            State.requests[path] = State.requests.get(path, 0) + 1
        if self.server.latency:
            time.sleep(self.server.latency / 1000)
        self.fault = None
        if path.startswith("/f/"):
            parts = path.split("/", 3)
            self.fault, path = parts[2], "/" + (parts[3] if len(parts) > 3 else "")
        if self.fault == "stall":
            time.sleep(5)
        if self.fault == "redirect":
            loc = path + ("?" + u.query if u.query else "")
            return self.send_raw(302, b"", "text/plain", {"Location": loc})
        if self.fault == "foreignredirect":
            loc = os.environ["TEST_FOREIGN_URL"] + path + ("?" + u.query if u.query else "")
            return self.send_raw(302, b"", "text/plain", {"Location": loc})
        if self.fault in ("401", "403", "echo"):
            status, code = {"401": (401, 105002), "403": (403, 105002), "echo": (400, 36009004)}[self.fault]
            return self.send(status, {"code": code, "message": self.echo(), "errors": self.echo(), "request_id": "r"})
        self.base = "%s://%s%s" % ("https" if self.server.tls else "http", self.headers.get("Host"),
                                   "/f/%s" % self.fault if self.fault else "")
        if path.startswith("/admin/api/"):
            return self.shopify(path)
        if path.startswith("/wp-json/wc/v3/"):
            return self.woo(path)
        if path == "/product/202309/products/search" and self.command == "POST":
            return self.tts(path)
        if path.startswith("/product/202309/products/") and path.count("/") == 4 and self.command == "GET":
            return self.tts_detail(path)
        if path.startswith("/files/"):
            return self.files(path[len("/files/"):])
        return self.send_raw(404, b'{"error":"not found"}', "application/json", {})

    # ---- Shopify ----
    def shopify(self, path):
        cat = self.server.catalog
        if self.headers.get("X-Shopify-Access-Token") != SHOPIFY_TOKEN:
            return self.send_raw(401, b'{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}',
                                 "application/json", {})
        with State.lock:
            State.calls += 1
            used = 39 if self.fault == "calllimit" else (State.calls % 10) + 1
        hdr = {"X-Shopify-Shop-Api-Call-Limit": "%d/40" % used}
        version = path.split("/")[3]
        if path.endswith("/products.json"):
            if "page_info" in self.q:
                if set(self.q) - {"page_info", "limit"}:
                    return self.send_raw(400, b'{"errors":"page_info: other filters not allowed"}', "application/json", {})
                n = uncursor(self.q["page_info"])
            else:
                n = 1
            if not 1 <= n <= len(cat.pages):
                return self.send_raw(400, b'{"errors":"bad page_info"}', "application/json", {})
            if self.fault == "p7fail" and n == 7:
                return self.send_raw(500, b'{"errors":"boom"}', "application/json", {})
            links = []
            base = os.environ["TEST_FOREIGN_URL"] if self.fault == "foreignnext" else self.base
            mk = lambda k: "%s/admin/api/%s/products.json?limit=%s&page_info=%s" % (base, version,
                                                                                  self.q.get("limit", "50"), cursor(k))
            if n > 1:
                links.append('<%s>; rel="previous"' % mk(n - 1))
            if n < len(cat.pages):
                links.append('<%s>; rel="next"' % mk(n + 1))
            if links:
                hdr["Link"] = ", ".join(links)
            return self.send(200, cat.pages[n - 1], headers=hdr)
        if path.endswith("/inventory_levels.json"):
            ids = [int(x) for x in self.q.get("inventory_item_ids", "").split(",") if x]
            if not ids or len(ids) > 50:
                return self.send_raw(422, b'{"errors":"inventory_item_ids"}', "application/json", {})
            levels = [{"inventory_item_id": i, "location_id": loc, "available": q, "updated_at": "2026-01-01T00:00:00Z"}
                      for i in ids for loc, q in cat.levels.get(i, [])]
            if self.fault == "foreignnext":
                hdr["Link"] = '<%s%s?%s>; rel="next"' % (os.environ["TEST_FOREIGN_URL"], path, urlsplit(self.path).query)
            return self.send(200, {"inventory_levels": levels}, headers=hdr)
        return self.send_raw(404, b'{"errors":"Not Found"}', "application/json", {})

    # ---- WooCommerce ----
    def woo(self, path):
        cat = self.server.catalog
        auth = self.headers.get("Authorization", "")
        want = "Basic " + base64.b64encode(("%s:%s" % (WOO_KEY, WOO_SECRET)).encode()).decode()
        if auth != want:
            return self.send_raw(401, b'{"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources.","data":{"status":401}}',
                                 "application/json", {})
        per = int(self.q.get("per_page", "10"))
        page = int(self.q.get("page", "1"))
        if not 1 <= per <= 100:
            return self.send_raw(400, b'{"code":"rest_invalid_param"}', "application/json", {})
        parts = path.strip("/").split("/")
        limit = int(os.environ.get("TEST_WOO_PRODUCTS", "250"))
        if parts[-1] == "products":
            items = cat.woo[:limit]
        elif parts[-1] == "variations":
            items = cat.woo_vars.get(int(parts[-2]), [])
        else:
            return self.send_raw(404, b'{"code":"rest_no_route"}', "application/json", {})
        total = len(items)
        pages = max(1, -(-total // per))
        chunk = items[(page - 1) * per: page * per]
        return self.send(200, chunk, headers={"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)})

    # ---- TikTok Shop ----
    def tts_auth(self, path, body):
        """False when the token, parameters and signature are right, else True (error reply sent)."""
        q = self.q
        if self.headers.get("x-tts-access-token") != TTS_TOKEN:
            self.send_raw(401, b'{"code":105002,"message":"access token is invalid","request_id":"r"}',
                          "application/json", {})
            return True
        if q.get("app_key") != TTS_KEY or q.get("shop_cipher") != TTS_CIPHER or "timestamp" not in q \
                or abs(int(q["timestamp"]) - time.time()) > 300:
            self.send_raw(400, b'{"code":36009004,"message":"invalid parameters","request_id":"r"}',
                          "application/json", {})
            return True
        if tts_sign(TTS_SECRET, path, q, body) != q.get("sign"):
            self.send_raw(401, b'{"code":106001,"message":"signature is invalid","request_id":"r"}',
                          "application/json", {})
            return True
        return False

    def tts(self, path):
        cat = self.server.catalog
        q = self.q
        if self.tts_auth(path, self.body):
            return
        size = int(q.get("page_size", "10"))
        off = int(q.get("page_token") or 0)
        limit = int(os.environ.get("TEST_TTS_PRODUCTS", "250"))
        items = cat.tts[:limit]
        chunk = items[off: off + size]
        nxt = str(off + size) if off + size < len(items) else ""
        return self.send(200, {"code": 0, "message": "Success", "request_id": "r",
                               "data": {"total_count": len(items), "next_page_token": nxt, "products": chunk}})

    def tts_detail(self, path):
        """GET has no body: the signature covers path and query only."""
        cat = self.server.catalog
        if self.tts_auth(path, ""):
            return
        if set(self.q) - {"app_key", "timestamp", "shop_cipher", "sign", "return_under_review_version"}:
            return self.send_raw(400, b'{"code":36009004,"message":"invalid parameters","request_id":"r"}',
                                 "application/json", {})
        pid = path.rsplit("/", 1)[1]
        d = cat.tts_detail.get(pid)
        if d is None:
            return self.send(200, {"code": 12052048, "message": "product not found", "request_id": "r", "data": None})
        if self.fault == "dfail" and pid == str(cat.products[-1]["id"]):
            return self.send_raw(500, b'{"code":36009003,"message":"internal error","request_id":"r"}',
                                 "application/json", {})
        return self.send(200, {"code": 0, "message": "Success", "request_id": "r", "data": d})

    # ---- files ----
    def files(self, name):
        p = os.path.join(self.server.catalog.data, name)
        if "/" in name or not os.path.isfile(p):
            return self.send_raw(404, b"not found", "text/plain", {})
        with open(p, "rb") as f:
            body = f.read()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        lm = formatdate(os.path.getmtime(p), usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            return self.send_raw(304, b"", "application/octet-stream", {"ETag": etag, "Last-Modified": lm})
        return self.send(200, body, "application/octet-stream", {"ETag": etag, "Last-Modified": lm})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--record")
    ap.add_argument("--upload-dir")
    ap.add_argument("--latency", type=float, default=0)
    a = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    srv.daemon_threads = True
    srv.catalog = Catalog(a.data) if os.path.isdir(os.path.join(a.data, "pages")) else None
    srv.upload_dir = a.upload_dir
    srv.tls = bool(a.cert)
    srv.record = a.record
    srv.latency = a.latency
    if a.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.cert, a.key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print(srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
