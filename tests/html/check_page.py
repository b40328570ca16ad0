#!/usr/bin/env python3
"""tests/html/check_page.py: reads an HTML report (feedgen's page, or the DOM chromium dumped)
with Python's html.parser and prints facts as JSON, or checks the page's structure.

  check_page.py facts FILE      {"title", "stats": {id: value}, "feeds": [...], "scripts",
                                 "imgs", "ad_titles", "text"}
  check_page.py strict FILE     exit 1 with a reason when the page is not well formed:
                                 unbalanced or misnested tags, duplicate ids, a script, an
                                 event-handler attribute, anything fetched (src, href, url(),
                                 <link>, <img>, <iframe>, <object>)."""
import json
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FETCHING = {"img", "link", "iframe", "object", "embed", "script", "audio", "video", "source", "image", "use"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.ids = [], [], set()
        self.title, self.in_title = "", False
        self.stats, self.feeds, self.ad_titles, self.text = {}, [], [], []
        self.scripts = self.imgs = 0
        self.cur_stat = self.cur_ad = None

    def handle_starttag(self, tag, attrs, selfclosing=False):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "img":
            self.imgs += 1
        if tag in FETCHING:
            self.errors.append("element <%s> fetches or runs something" % tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.errors.append("event handler attribute %s on <%s>" % (k, tag))
            if k in ("src", "href", "xlink:href", "srcset", "action", "formaction", "poster"):
                self.errors.append("attribute %s=%r on <%s>" % (k, v, tag))
            if v and "url(" in v:
                self.errors.append("url() in attribute %s" % k)
        if "id" in a:
            if a["id"] in self.ids:
                self.errors.append("duplicate id %r" % a["id"])
            self.ids.add(a["id"])
        if tag == "title" and not self.stack[-1:] == ["svg"] and "svg" not in self.stack and "rect" not in self.stack:
            self.in_title = True
        if tag == "dd" and "id" in a:
            self.cur_stat = a["id"]
            self.stats[a["id"]] = {"value": a.get("data-value"), "text": ""}
        if tag == "tr" and "data-feed" in a:
            self.feeds.append({k: a[k] for k in ("data-feed", "data-items", "data-rejected", "data-previous")})
        if tag == "h3" and a.get("class") == "ad-title":
            self.cur_ad = ""
        if tag not in VOID and not selfclosing:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs, selfclosing=True)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "title":
            self.in_title = False
        if tag == "dd":
            self.cur_stat = None
        if tag == "h3" and self.cur_ad is not None:
            self.ad_titles.append(self.cur_ad)
            self.cur_ad = None

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.cur_stat:
            self.stats[self.cur_stat]["text"] += data
        if self.cur_ad is not None:
            self.cur_ad += data
        self.text.append(data)


def parse(path):
    p = Page()
    p.feed(open(path, encoding="utf-8").read())
    p.close()
    return p


def main():
    mode, path = sys.argv[1], sys.argv[2]
    p = parse(path)
    if mode == "facts":
        print(json.dumps({"title": p.title, "stats": p.stats, "feeds": p.feeds, "scripts": p.scripts,
                          "imgs": p.imgs, "ad_titles": p.ad_titles, "text": " ".join(p.text)}))
        return 0
    errors = list(p.errors)
    if p.stack:
        errors.append("unclosed: %s" % " ".join(p.stack))
    src = open(path, encoding="utf-8").read()
    if not src.startswith("<!DOCTYPE html>"):
        errors.append("no doctype")
    if not re.search(r'<meta name="viewport" content="width=device-width', src):
        errors.append("no viewport meta")
    if "@media print" not in src:
        errors.append("no print style")
    for e in errors[:10]:
        print("check_page: %s: %s" % (path, e), file=sys.stderr)
    return 1 if errors else 0


sys.exit(main())
