# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_pages.py: the pages anyone can read (home, accessibility statement, health), language
negotiation, static assets, HEAD, and the security headers on every kind of response."""

import concurrent.futures
import re

import htmlcheck
from harness import (Client, Server, check, healthy, raw_request, request_bytes, require, test)

EN = "en-GB,en;q=0.9"


def _page(r, lang, what=None):
    """Checks that r is a 200 HTML page in lang."""
    what = what or r.what
    check(r.status == 200, f"{what}: status {r.status}, expected 200")
    check(r.is_html(), f"{what}: Content-Type {r.content_type!r}, expected "
          "'text/html; charset=utf-8'")
    check(r.lang() == lang, f"{what}: <html lang={r.lang()!r}>, expected {lang!r}")


@test
def home_is_dutch_by_default():
    with Server() as s:
        r = Client(s).get("/")
        _page(r, "nl", "GET / without Accept-Language")
        check('<html lang="nl"' in r.text, 'GET /: the page does not start <html lang="nl"')


@test
def home_follows_accept_language():
    with Server() as s:
        for al, lang in ((EN, "en"), ("fr, nl;q=0.5", "nl"), ("fr, en;q=0.5", "en"),
                         ("nl-BE", "nl"), ("en-US", "en"), ("de", "nl"), ("*", "nl"),
                         ("garbage;;q=x,", "nl")):
            r = Client(s, lang=al).get("/")
            _page(r, lang, f"GET / with Accept-Language: {al}")
        healthy(s)


@test
def home_languages_do_not_mix_under_concurrency():
    with Server(["--threads", "8"]) as s:
        ref = {}
        for lang, al in (("nl", None), ("en", EN)):
            ref[lang] = htmlcheck.visible_text(Client(s, lang=al).get("/").text)
        require(ref["nl"] != ref["en"], "the Dutch and English home pages have the same text")

        def one(lang):
            r = Client(s, lang=EN if lang == "en" else None).get("/", timeout=15)
            if r.status != 200:
                return f"{lang}: status {r.status}"
            if r.lang() != lang:
                return f"{lang}: lang={r.lang()!r}"
            if htmlcheck.visible_text(r.text) != ref[lang]:
                return f"{lang}: text differs from the {lang} page fetched alone"
            return None

        jobs = ["nl", "en"] * 50
        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as ex:
            results = list(ex.map(one, jobs, timeout=60))
        bad = [x for x in results if x]
        check(not bad, f"{len(bad)} of {len(jobs)} concurrent requests wrong: "
              f"{'; '.join(sorted(set(bad))[:5])}")


@test
def accessibility_statement():
    with Server() as s:
        r = Client(s).get("/accessibility")
        _page(r, "nl")
        check("toegankelijkheidsverklaring" in htmlcheck.visible_text(r.text).lower(),
              "GET /accessibility in Dutch does not say 'toegankelijkheidsverklaring'")
        r = Client(s, lang=EN).get("/accessibility")
        _page(r, "en")
        check("accessibility statement" in htmlcheck.visible_text(r.text).lower(),
              "GET /accessibility in English does not say 'accessibility statement'")


def _plain_text(s, path, body):
    """GET path answers 200 with text/plain and exactly body."""
    r = Client(s).get(path)
    check(r.status == 200, f"GET {path}: status {r.status}")
    check(r.content_type.split(";")[0].strip().lower() == "text/plain",
          f"GET {path}: Content-Type {r.content_type!r}, expected text/plain")
    check(r.body == body, f"GET {path}: body {r.body!r}, expected {body!r}")


@test
def healthz_says_ok():
    with Server() as s:
        _plain_text(s, "/healthz", b"ok\n")


def _css_url(s):
    href = htmlcheck.stylesheet_href(Client(s).get("/").text)
    require(href, 'the home page has no <link rel="stylesheet" href=...>')
    require(re.match(r"^/static/[^/]+/[^/]+$", href),
            f"the stylesheet's URL {href!r} is not /static/{{version}}/{{file}}")
    return href


def _cached_for_a_year(s, url, content_type):
    """GET url: 200 with content_type, a body, cached for a year with an ETag that gives 304
    (and only that ETag). Returns the response."""
    c = Client(s)
    r = c.get(url)
    check(r.status == 200, f"GET {url}: status {r.status}")
    check(r.content_type.split(";")[0].strip().lower() == content_type,
          f"GET {url}: Content-Type {r.content_type!r}, expected {content_type}")
    check(len(r.body) > 0, f"GET {url}: empty body")
    etag = r.header("ETag")
    check(etag, f"GET {url}: no ETag")
    cc = r.header("Cache-Control") or ""
    check("max-age=31536000" in cc, f"GET {url}: Cache-Control {cc!r} lacks max-age=31536000")
    if etag:
        raw = raw_request(s, request_bytes(s, "GET", url, [("If-None-Match", etag)]),
                          until_close=True)
        check(raw.status == 304, f"GET {url} with If-None-Match: status {raw.status}, "
              "expected 304")
        check(raw.body == b"", f"GET {url} with If-None-Match: a body of {len(raw.body)} "
              "bytes with the 304")
        other = c.get(url, headers={"If-None-Match": '"not-the-etag"'})
        check(other.status == 200, f"GET {url} with a different If-None-Match: "
              f"{other.status}, expected 200")
    return r


@test
def static_css_cached_forever_with_etag():
    with Server() as s:
        _cached_for_a_year(s, _css_url(s), "text/css")


def _icon_problems(body):
    """What keeps body from being an ICO file of PNG images (the format of favicon.ico)."""
    if body[:4] != b"\x00\x00\x01\x00":
        return [f"not an ICO file (starts {body[:4]!r})"]
    count = int.from_bytes(body[4:6], "little")
    if count == 0:
        return ["an ICO file with no image"]
    probs = []
    for i in range(count):
        entry = body[6 + 16 * i:22 + 16 * i]
        size = int.from_bytes(entry[8:12], "little")
        offset = int.from_bytes(entry[12:16], "little")
        if len(entry) < 16 or offset + size > len(body):
            probs.append(f"image {i} lies outside the file")
        elif body[offset:offset + 8] != b"\x89PNG\r\n\x1a\n":
            probs.append(f"image {i} is not a PNG")
    return probs


@test
def favicon_ico_is_an_icon_cached_like_the_assets():
    with Server() as s:
        r = _cached_for_a_year(s, "/favicon.ico", "image/vnd.microsoft.icon")
        for p in _icon_problems(r.body):
            check(False, f"GET /favicon.ico: {p}")
        check(len(r.body) < 8192, f"GET /favicon.ico: {len(r.body)} bytes, not a small icon")
        # The pages name the icons at their versioned address; it is the same file.
        home = Client(s).get("/")
        icons = [e.get("href") for e in htmlcheck.elements(home.text, "link")
                 if "icon" in (e.get("rel") or "").split()]
        ico = [h for h in icons if re.match(r"^/static/[^/]+/favicon\.ico$", h or "")]
        check(ico, f"the home page names no /static/{{version}}/favicon.ico (icons: {icons})")
        check(any(re.match(r"^/static/[^/]+/favicon\.svg$", h or "") for h in icons),
              f"the home page names no /static/{{version}}/favicon.svg (icons: {icons})")
        if ico:
            v = Client(s).get(ico[0])
            check(v.status == 200 and v.body == r.body,
                  f"GET {ico[0]}: {v.status}, not the same file as /favicon.ico")


@test
def robots_txt_disallows_everything():
    # An intranet: every robot is asked to keep out of every path.
    with Server() as s:
        _plain_text(s, "/robots.txt", b"User-agent: *\nDisallow: /\n")


@test
def static_font_and_unknown_file():
    with Server() as s:
        version = _css_url(s).split("/")[2]
        c = Client(s)
        url = f"/static/{version}/OpenDyslexic-Regular.otf"
        r = c.get(url)
        check(r.status == 200, f"GET {url}: status {r.status}")
        check(r.content_type.lower() == "font/otf",
              f"GET {url}: Content-Type {r.content_type!r}, expected font/otf")
        check(r.body[:4] == b"OTTO", f"GET {url}: not an OpenType font")
        check("max-age=31536000" in (r.header("Cache-Control") or ""),
              f"GET {url}: not cached for a year")
        for url in (f"/static/{version}/nosuchfile.css", f"/static/{version}/",
                    f"/static/{version}/.hidden", f"/static/{version}/..%2fkring.db"):
            r = c.get(url)
            check(r.status == 404, f"GET {url}: status {r.status}, expected 404")
            check(not r.body.startswith((b"OTTO", b"SQLite format")),
                  f"GET {url}: answered with a file's contents")


_HEAD_IGNORED = {"date", "set-cookie", "content-length", "connection", "keep-alive"}


@test
def head_matches_get_without_body():
    with Server() as s:
        c = Client(s)
        css = _css_url(s)
        version = css.split("/")[2]
        c.get("/")
        for path in ("/", "/preferences", "/preferences?saved=1", "/accessibility", "/healthz",
                     css, f"/static/{version}/OpenDyslexic-Regular.otf", "/nope"):
            g = c.get(path)
            h = c.head(path)
            check(h.status == g.status, f"HEAD {path}: status {h.status}, GET gave {g.status}")
            gh = {k.lower(): v for k, v in g.headers if k.lower() not in _HEAD_IGNORED}
            hh = {k.lower(): v for k, v in h.headers if k.lower() not in _HEAD_IGNORED}
            check(gh == hh, f"HEAD {path}: headers differ from GET: "
                  f"{sorted(set(gh.items()) ^ set(hh.items()))[:4]}")
            raw = raw_request(s, request_bytes(s, "HEAD", path), head=True, until_close=True)
            check(raw.status == g.status, f"raw HEAD {path}: status {raw.status}")
            check(raw.body == b"", f"HEAD {path}: {len(raw.body)} bytes of body")
            cl = raw.header("Content-Length")
            if cl is not None and path != "/" and "preferences" not in path:
                check(cl == str(len(g.body)), f"HEAD {path}: Content-Length {cl}, "
                      f"GET's body has {len(g.body)} bytes")


def _security_problems(r, html_page):
    probs = []
    csp = r.header("Content-Security-Policy")
    if not csp:
        probs.append("no Content-Security-Policy")
    else:
        if "unsafe-inline" in csp:
            probs.append("CSP allows 'unsafe-inline'")
        if not re.search(r"(^|;)\s*frame-ancestors\s+'none'\s*(;|$)", csp):
            probs.append("CSP lacks frame-ancestors 'none'")
    if (r.header("X-Content-Type-Options") or "").strip().lower() != "nosniff":
        probs.append(f"X-Content-Type-Options {r.header('X-Content-Type-Options')!r}")
    if not r.header("Referrer-Policy"):
        probs.append("no Referrer-Policy")
    if r.header("Strict-Transport-Security") is not None:
        probs.append("Strict-Transport-Security over plain HTTP")
    if html_page and "no-store" not in (r.header("Cache-Control") or ""):
        probs.append(f"HTML page with Cache-Control {r.header('Cache-Control')!r}, not no-store")
    return probs


@test
def security_headers_on_every_response():
    with Server() as s:
        c = Client(s)
        css = _css_url(s)
        version = css.split("/")[2]
        token = c.csrf()
        got = []  # (label, response, expected status, is an HTML page)
        for path, status in (("/", 200), ("/preferences", 200), ("/preferences?saved=1", 200),
                             ("/accessibility", 200), ("/nope", 404), ("/?foo=1", 400)):
            got.append((f"GET {path}", c.get(path), status, True))
        got.append(("HEAD /", c.head("/"), 200, True))
        got.append(("DELETE /", c.request("DELETE", "/"), 405, True))
        got.append(("GET /healthz", c.get("/healthz"), 200, False))
        r = c.get(css)
        got.append(("GET css", r, 200, False))
        got.append(("GET font", c.get(f"/static/{version}/OpenDyslexic-Regular.otf"), 200,
                    False))
        got.append(("GET css with its ETag", c.get(css, headers={
            "If-None-Match": r.header("ETag") or '"x"'}), 304, False))
        got.append(("POST /preferences", c.post("/preferences", {
            "text": "normal", "font": "default", "contrast": "normal", "theme": "system",
            "motion": "system", "lang": "auto"}), 303, False))
        got.append(("POST /preferences text=huge", c.post("/preferences", {
            "text": "huge", "font": "default", "contrast": "normal", "theme": "system",
            "motion": "system", "lang": "auto"}), 400, True))
        got.append(("POST /preferences without token", c.post(
            "/preferences", {"text": "large"}, csrf=False), 403, True))
        got.append(("POST /preferences of 5000 bytes",
                    c.post("/preferences", {"text": "x" * 5000}, csrf=token), 413, True))
        for label, r, status, page in got:
            check(r.status == status, f"{label}: status {r.status}, expected {status}")
            for p in _security_problems(r, page):
                check(False, f"{label} ({r.status}): {p}")
        raws = [("431", request_bytes(s, "GET", "/", [("X-Big", "a" * 9216)])),
                ("400 bad request line", b"NONSENSE\r\n\r\n")]
        for label, data in raws:
            raw = raw_request(s, data, until_close=True)
            if raw.status is None:
                # a garbage request line may be answered by closing the connection
                check(not label.startswith("431"), f"{label}: no response "
                      f"({raw.error or 'closed'})")
                continue
            for p in _security_problems(raw, label.startswith("431")):
                check(False, f"{label} ({raw.status}): {p}")


@test
def every_page_in_the_readers_language_whatever_came_before():
    # A worker thread that just served an English page must not leave English text in the
    # next Dutch page (or the reverse): requests alternate languages on a small thread pool,
    # and every Dutch page of a kind must read the same, and differ from the English one.
    with Server(["--threads", "2"]) as s:
        kinds = {
            "GET /": lambda c: c.get("/"),
            "GET /preferences": lambda c: c.get("/preferences"),
            "GET /accessibility": lambda c: c.get("/accessibility"),
            "404": lambda c: c.get("/nope"),
            "405": lambda c: c.request("DELETE", "/"),
            "400 query": lambda c: c.get("/?foo=1"),
            "403": lambda c: c.post("/preferences", {"text": "large"}, csrf="wrong"),
            "413": lambda c: c.post("/preferences", {"text": "x" * 5000}, csrf="x"),
        }
        for kind, fetch in kinds.items():
            seen = {"nl": {}, "en": {}}  # visible text -> (lang attribute, heading)
            for i in range(24):
                lang = ("nl", "en")[i % 2]
                r = fetch(Client(s, lang=EN if lang == "en" else None))
                seen[lang][htmlcheck.visible_text(r.text)] = (r.lang(), htmlcheck.h1_text(r.text))
            for lang in ("nl", "en"):
                check(len(seen[lang]) == 1, f"{kind} in {lang} reads differently after requests "
                      f"in the other language; (lang, heading): {sorted(seen[lang].values())}")
                langs = {a for a, _ in seen[lang].values()}
                check(langs == {lang}, f"{kind} in {lang}: lang={sorted(langs, key=str)}")
            same = set(seen["nl"]) & set(seen["en"])
            check(not same, f"{kind}: a Dutch and an English page have the same text")
