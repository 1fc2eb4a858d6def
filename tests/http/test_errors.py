# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_errors.py: every error the server can answer (404, 405, 413, 431, 400, 403) is a real
page in the reader's language, and hostile or broken requests leave it running and unchanged."""

import concurrent.futures
import random
import socket
import urllib.parse

import htmlcheck
from harness import (DEMO, HOST, Client, Server, check, healthy, raw_request, raw_upload,
                     request_bytes, require, sign_in_full, test)
from test_forms import ALL_ON, error_page, no_prefs_change, with_fields

EN = "en-GB,en;q=0.9"


def _raw_error_page(raw, statuses, what, html=True):
    """Checks a raw response: one of statuses, and (with html) an HTML error page."""
    if not check(raw.status in statuses, f"{what}: status {raw.status} "
                 f"({raw.error or ('closed' if raw.closed else 'no answer')}), "
                 f"expected {' or '.join(map(str, statuses))}"):
        return
    if not html:
        return
    ct = (raw.header("Content-Type") or "").lower().replace(" ", "")
    check(ct == "text/html;charset=utf-8", f"{what}: Content-Type {ct!r}, not an HTML page")
    check(len(htmlcheck.elements(raw.text, "h1")) == 1, f"{what}: no <h1> in the error page")


def _prefs_headers(s, c, length, extra=()):
    """Headers of a POST /preferences that passes the same-origin checks and carries c's
    csrf cookie."""
    hs = [("Content-Type", "application/x-www-form-urlencoded"), ("Origin", s.origin),
          ("Sec-Fetch-Site", "same-origin"),
          ("Cookie", "; ".join(f"{k}={v}" for k, v in c.cookies.items()))]
    if length is not None:
        hs.append(("Content-Length", str(length)))
    return hs + list(extra)


def _form_body(token, size):
    """A urlencoded form of exactly size bytes with a valid token and a long text value."""
    prefix = b"csrf=" + urllib.parse.quote(token).encode() + b"&text="
    require(size > len(prefix), "body size too small")
    return prefix + b"x" * (size - len(prefix))


@test
def not_found_page_in_both_languages():
    with Server() as s:
        nl = Client(s).get("/nope")
        error_page(nl, 404, "nl", "GET /nope")
        en = Client(s, lang=EN).get("/nope")
        error_page(en, 404, "en", "GET /nope (en)")
        check(htmlcheck.h1_text(nl.text) != htmlcheck.h1_text(en.text),
              f"the 404 heading is the same in Dutch and English: {htmlcheck.h1_text(nl.text)!r}")
        for path in ("/preferences/x", "/healthz/", "/static", "/static/", "/accessibility/"):
            r = Client(s).get(path)
            error_page(r, 404, "nl", f"GET {path}")


@test
def path_traversal_is_404():
    with Server() as s:
        for path in ("/../etc/passwd", "/%2e%2e/", "//x", "/%2e%2e/%2e%2e/etc/passwd",
                     "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
                     "/static/x/..%2f..%2fkring.db", "//etc/passwd", "/./", "/.%2e/kring.db",
                     "/kring.db", "/kring.key", "/static/x/kring.key"):
            raw = raw_request(s, request_bytes(s, "GET", path), until_close=True)
            # under /static/ a 404 may be plain text: those URLs come from pages, not people
            _raw_error_page(raw, (404,), f"GET {path}", html=not path.startswith("/static/"))
            check(b"root:" not in raw.body and b"SQLite format" not in raw.body,
                  f"GET {path} returned a file's contents")
        healthy(s, "path traversal attempts")


@test
def wrong_method_is_405_with_allow():
    with Server() as s:
        c = Client(s)
        c.csrf()
        for method, path, lang in (("DELETE", "/", "nl"), ("PUT", "/", "en"),
                                   ("POST", "/accessibility", "nl"), ("POST", "/", "en"),
                                   ("DELETE", "/healthz", "nl")):
            c.lang = EN if lang == "en" else None
            if method == "POST":
                r = c.post(path, {})
            else:
                r = c.request(method, path)
            what = f"{method} {path}"
            if error_page(r, 405, lang, what):
                check(r.header("Allow") == "GET, HEAD",
                      f"{what}: Allow {r.header('Allow')!r}, expected 'GET, HEAD'")
            no_prefs_change(r, what)
        c.lang = None
        r = c.get("/language")
        error_page(r, 405, "nl", "GET /language")
        allow = [m.strip() for m in (r.header("Allow") or "").split(",")]
        check(allow == ["POST"], f"GET /language: Allow {r.header('Allow')!r}, expected 'POST'")
        r = c.request("PATCH", "/preferences")
        allow = sorted(m.strip() for m in (r.header("Allow") or "").split(","))
        check(allow == ["GET", "HEAD", "POST"],
              f"PATCH /preferences: Allow {r.header('Allow')!r}, expected GET, HEAD, POST")
        healthy(s, "wrong methods")


@test
def body_over_4k_is_413():
    with Server() as s:
        for lang, al in (("nl", None), ("en", EN)):
            c = Client(s, lang=al)
            token = c.csrf()
            body = _form_body(token, 100000)
            extra = [("Accept-Language", al)] if al else []
            head = request_bytes(s, "POST", "/preferences",
                                 _prefs_headers(s, c, len(body), extra))
            raw, _ = raw_upload(s, head, body)
            _raw_error_page(raw, (413,), f"POST /preferences with 100000 bytes ({lang})")
            check(not any(k.lower() == "set-cookie" and v.startswith("prefs=")
                          for k, v in raw.headers), "a 413 set the prefs cookie")
            if raw.status == 413:
                check(htmlcheck.html_attrs(raw.text).get("lang") == lang,
                      f"the 413 page is not in {lang}")
        healthy(s, "a 100000-byte body")


@test
def body_over_4k_is_413_before_it_is_sent():
    with Server() as s:
        c = Client(s)
        c.csrf()
        head = request_bytes(s, "POST", "/preferences", _prefs_headers(s, c, 100000))
        raw = raw_request(s, head, timeout=3)
        _raw_error_page(raw, (413,), "POST /preferences announcing 100000 bytes, none sent "
                        "(waited 3 s)")
        head = request_bytes(s, "POST", "/preferences",
                             _prefs_headers(s, c, 100000, [("Expect", "100-continue")]))
        raw = raw_request(s, head, timeout=3)
        check(raw.status == 413, f"POST /preferences with Expect: 100-continue and 100000 bytes: "
              f"{raw.status}, expected 413 (not 100)")
        healthy(s, "an announced oversized body")


@test
def body_limit_is_4096_bytes():
    # A valid form padded with '&' (empty fields, which the form parser skips) to exactly 4096
    # bytes is accepted; one byte more is 413.
    with Server() as s:
        c = Client(s)
        token = c.csrf()
        form = urllib.parse.urlencode([("csrf", token)] + with_fields(ALL_ON, lang="nl")).encode()
        for size, status in ((4096, 303), (4097, 413)):
            body = form + b"&" * (size - len(form))
            r = c.post("/preferences", body, csrf=False)
            what = f"POST /preferences with a valid form of {size} bytes"
            if status == 303:
                check(r.status == 303, f"{what}: status {r.status}, expected 303")
            else:
                error_page(r, 413, "nl", what)
                no_prefs_change(r, what)


@test
def chunked_body_over_4k_is_413():
    with Server() as s:
        c = Client(s)
        token = c.csrf()
        body = _form_body(token, 100000)
        chunks = b"".join(b"%x\r\n" % len(body[i:i + 1000]) + body[i:i + 1000] + b"\r\n"
                          for i in range(0, len(body), 1000)) + b"0\r\n\r\n"
        head = request_bytes(s, "POST", "/preferences",
                             _prefs_headers(s, c, None, [("Transfer-Encoding", "chunked")]))
        raw, _ = raw_upload(s, head, chunks)
        _raw_error_page(raw, (413,), "POST /preferences with a 100000-byte chunked body")
        healthy(s, "a large chunked body")


@test
def request_headers_over_8k_are_431():
    with Server() as s:
        for lang, al in (("nl", None), ("en", EN)):
            extra = [("Accept-Language", al)] if al else []
            raw = raw_request(s, request_bytes(s, "GET", "/", extra + [("X-Big", "a" * 9216)]),
                              until_close=True)
            _raw_error_page(raw, (431,), f"GET / with a 9 KiB header ({lang})")
            if raw.status == 431:
                check(htmlcheck.html_attrs(raw.text).get("lang") == lang,
                      f"the 431 page is not in {lang}")
        many = [(f"X-Part-{i}", "b" * 1000) for i in range(9)]
        raw = raw_request(s, request_bytes(s, "GET", "/", many), until_close=True)
        _raw_error_page(raw, (431,), "GET / with nine 1000-byte headers")
        under = [("X-Part", "c" * 7000)]
        raw = raw_request(s, request_bytes(s, "GET", "/", under), until_close=True)
        check(raw.status == 200, f"GET / with 7000 bytes of headers: {raw.status}, expected 200")
        # Around the limit and past it, up to where libmicrohttpd's read buffer must grow
        # beyond half its 32 KiB pool (POOL_BYTES in src/http/server.c): Kring answers, not the
        # library with its own bare page. One long header or many short ones.
        for size, status in ((7800, 200), (8300, 431), (12000, 431), (16500, 431),
                             (20000, 431), (26000, 431)):
            for shape, hs in (("one header", [("X-Big", "d" * size)]),
                              ("headers of 200 bytes",
                               [(f"X-P{i:03}", "e" * 193) for i in range(size // 200)])):
                if size > 20000 and shape != "one header":
                    continue  # their header records take the pool's room (server.c)
                what = f"GET / with {size} bytes in {shape}"
                raw = raw_request(s, request_bytes(s, "GET", "/", hs + [("Accept-Language",
                                                                          EN)]),
                                  until_close=True)
                _raw_error_page(raw, (status,), what)
                if raw.status == status:
                    check(htmlcheck.html_attrs(raw.text).get("lang") == "en",
                          f"{what}: not Kring's page in English")
        healthy(s, "oversized headers")


@test
def malformed_form_bodies_are_400():
    with Server() as s:
        c = Client(s)
        c.csrf()
        for bad in (b"text=%zz", b"text=%C3%28", b"text=%00", b"text=large%", b"text=%4",
                    b"text=%C0%AF", b"text=%ED%A0%80", b"text=%01", b"te%zzxt=large",
                    b"text=large&font=%FF"):
            base = urllib.parse.urlencode([kv for kv in ALL_ON if kv[0] != "text"]).encode()
            r = c.post("/preferences", base + b"&" + bad)
            what = f"POST /preferences with {bad.decode()}"
            error_page(r, 400, "nl", what)
            check(len(htmlcheck.visible_text(r.text)) > 20, f"{what}: an unreadable page")
            no_prefs_change(r, what)
            healthy(s, what)


@test
def unknown_fields_and_parameters_are_400():
    with Server() as s:
        c = Client(s)
        c.csrf()
        r = c.post("/preferences", ALL_ON + [("foo", "1")])
        error_page(r, 400, "nl", "POST /preferences with foo=1")
        no_prefs_change(r)
        r = c.post("/language", [("lang", "en"), ("back", "/"), ("foo", "1")])
        error_page(r, 400, "nl", "POST /language with foo=1")
        no_prefs_change(r)
        for path in ("/?foo=1", "/accessibility?x=1", "/?%zz", "/?a=%C3%28", "/?a=%00",
                     "/preferences?saved=1&foo=1"):
            r = Client(s).get(path)
            error_page(r, 400, "nl", f"GET {path}")
        r = Client(s, lang=EN).get("/?foo=1")
        error_page(r, 400, "en", "GET /?foo=1 (en)")
        healthy(s, "unknown parameters")


@test
def a_field_given_twice_is_400():
    """A field or parameter given twice is refused with the 400 page, not read as its first
    value, and nothing is stored: in a form body (the retention settings, the preferences) and
    in a query string."""
    with Server() as s:
        admin = Client(s, lang=EN)
        sign_in_full(admin, DEMO["admin"])

        def retention():
            r = admin.get("/admin/retention")
            require(r.status == 200, f"GET /admin/retention: {r.status}")
            return sorted((e.get("name"), e.get("value")) for e in htmlcheck.elements(r.text)
                          if e.tag == "input" and e.get("name") in ("mail_days", "account_days"))

        before = retention()
        for fields in ([("mail_days", "5"), ("mail_days", "abc"), ("account_days", "400")],
                       [("mail_days", "5"), ("account_days", "400"), ("mail_days", "5")],
                       [("mail_days", "5"), ("account_days", "400"), ("account_days", "500")]):
            what = "POST /admin/retention with " + "&".join(f"{k}={v}" for k, v in fields)
            r = admin.post("/admin/retention", fields)
            error_page(r, 400, "en", what)
            check(retention() == before, f"{what}: the settings changed to {retention()}")
        r = admin.post("/admin/retention", [("mail_days", "5"), ("account_days", "400")])
        check(r.status == 303, f"POST /admin/retention with each field once: {r.status}")
        check(retention() != before, "POST /admin/retention with each field once: not saved")

        c = Client(s)
        c.csrf()
        r = c.post("/preferences", [kv for kv in ALL_ON if kv[0] != "text"] +
                   [("text", "large"), ("text", "normal")])
        error_page(r, 400, "nl", "POST /preferences with text twice")
        no_prefs_change(r, "POST /preferences with text twice")
        r = c.post("/preferences", ALL_ON)
        check(r.status == 303, f"POST /preferences with each field once: {r.status}")
        for path in ("/?signed_out=1&signed_out=1", "/?signed_out=1&signed_out=x",
                     "/preferences?saved=1&saved=1"):
            error_page(Client(s).get(path), 400, "nl", f"GET {path}")
        error_page(Client(s, lang=EN).get("/?signed_out=1&signed_out=1"), 400, "en",
                   "GET /?signed_out=1&signed_out=1 (en)")
        r = Client(s).get("/?signed_out=1")
        check(r.status == 200, f"GET /?signed_out=1: {r.status}, expected 200")
        healthy(s, "fields given twice")


@test
def control_bytes_in_path_are_400_or_404():
    with Server() as s:
        for path in (b"/a\x00b", b"/a\x01b", b"/\x7f", b"/a\x1bb", b"/%00", b"/accessibility%00",
                     b"/%01x", b"/healthz%0a", b"/a%0d%0aSet-Cookie:%20owned=1"):
            data = (b"GET " + path + b" HTTP/1.1\r\nHost: " + f"{HOST}:{s.port}".encode() +
                    b"\r\nConnection: close\r\n\r\n")
            raw = raw_request(s, data, until_close=True)
            what = f"GET {path!r}"
            check(raw.status in (400, 404), f"{what}: status {raw.status} "
                  f"({raw.error or ('closed' if raw.closed else 'no answer')}), expected 400/404")
            check(not any(k.lower() == "set-cookie" and "owned" in v for k, v in raw.headers),
                  f"{what}: header injection")
            healthy(s, what)


@test
def duplicate_content_length_is_400():
    with Server() as s:
        c = Client(s)
        c.csrf()
        body = b"text=large&calm=1"
        head = request_bytes(s, "POST", "/preferences", _prefs_headers(s, c, 5) +
                             [("Content-Length", str(len(body)))])
        raw = raw_request(s, head + body, until_close=True)
        check(raw.status == 400, f"two different Content-Length headers: {raw.status} "
              f"({raw.error or ('closed' if raw.closed else '')}), expected 400")
        healthy(s, "duplicate Content-Length")


def _raw(start, headers, body=b""):
    """A request as bytes from a request line and header lines given as bytes."""
    return (start + b"\r\n" + b"".join(h + b"\r\n" for h in headers) +
            b"Connection: close\r\n\r\n" + body)


@test
def requests_the_library_lets_through_are_refused():
    """What libmicrohttpd 0.9.75 passes on (a NUL in the target, a name that is not a token, a
    repeated Host, both framings, a transfer coding Kring cannot decode) gets Kring's own error
    page in the reader's language, before any handler, and a chunked body still works."""
    with Server() as s:
        c = Client(s)
        token = urllib.parse.quote(c.csrf()).encode()
        cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items()).encode()
        host = f"Host: {HOST}:{s.port}".encode()
        body = b"csrf=" + token + b"&text=large"
        chunked = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
        post = [host, b"Cookie: " + cookie, b"Origin: " + s.origin.encode(),
                b"Sec-Fetch-Site: same-origin",
                b"Content-Type: application/x-www-form-urlencoded"]
        post_line = b"POST /preferences HTTP/1.1"
        cases = [
            ("a NUL in the path", b"GET /\x00x HTTP/1.1", [host], b"", 400),
            ("a NUL at the end of the path", b"GET /accessibility\x00 HTTP/1.1", [host], b"",
             400),
            ("a space before the colon", b"GET / HTTP/1.1", [host, b"X-A : b"], b"", 400),
            ("a header name with a slash", b"GET / HTTP/1.1", [host, b"X/A: b"], b"", 400),
            ("a repeated Host", b"GET / HTTP/1.1", [host, host], b"", 400),
            ("Content-Length and Transfer-Encoding", post_line,
             post + [b"Transfer-Encoding: chunked", b"Content-Length: %d" % len(chunked)],
             chunked, 400),
            ("Transfer-Encoding: gzip, chunked", post_line,
             post + [b"Transfer-Encoding: gzip, chunked"], chunked, 501),
            ("Transfer-Encoding: gzip", post_line, post + [b"Transfer-Encoding: gzip"], body,
             501),
            ("Transfer-Encoding: chunked twice", post_line,
             post + [b"Transfer-Encoding: chunked", b"Transfer-Encoding: chunked"], chunked,
             400),
        ]
        for lang, al in (("nl", []), ("en", [b"Accept-Language: " + EN.encode()])):
            for what, start, headers, data, status in cases:
                what = f"{what} ({lang})"
                raw = raw_request(s, _raw(start, headers + al, data), timeout=5,
                                  until_close=True)
                _raw_error_page(raw, (status,), what)
                check(raw.elapsed < 3, f"{what}: the answer took {raw.elapsed:.1f}s")
                if raw.status == status:
                    check(htmlcheck.html_attrs(raw.text).get("lang") == lang,
                          f"{what}: the error page is not in {lang}")
                require(healthy(s, what), f"the server is down after {what}")
        # The controls: the same requests made right are served.
        raw = raw_request(s, _raw(post_line, post + [b"Transfer-Encoding: chunked"],
                                  chunked), until_close=True)
        check(raw.status == 303, f"a chunked form: {raw.status}, expected 303")
        raw = raw_request(s, _raw(b"GET /accessibility HTTP/1.1", [host, b"X-A: b"]),
                          until_close=True)
        check(raw.status == 200, f"GET /accessibility with X-A: b: {raw.status}, expected 200")
        raw = raw_request(s, _raw(b"GET /?signed_out=1 HTTP/1.1", [host]), until_close=True)
        check(raw.status == 200, f"GET /?signed_out=1: {raw.status}, expected 200")


@test
def garbage_request_lines_do_not_hurt():
    with Server() as s:
        for data in (b"HELLO\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/1.1 extra\r\n\r\n",
                     b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(40) + b"\r\n\r\n",
                     b"GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
                     b"\r\n\r\n\r\n\r\n", b"GET / FTP/1.0\r\n\r\n"):
            raw = raw_request(s, data, timeout=3, until_close=True)
            check(raw.status in (None, 400), f"{data[:30]!r}: status {raw.status}, "
                  "expected 400 or a closed connection")
            healthy(s, repr(data[:30]))


@test
def random_bytes_do_not_hurt():
    with Server() as s:
        rng = random.Random(20240601)
        prefixes = [b"", b"GET / HTTP/1.1\r\n", b"POST /preferences HTTP/1.1\r\nHost: x\r\n",
                    b"GET /", b"HEAD / HTTP/1.0\r\nContent-Length: "]
        payloads = []
        for _ in range(500):
            n = rng.randrange(1, 1500)
            payloads.append(rng.choice(prefixes) + bytes(rng.randrange(256) for _ in range(n)))

        def one(data):
            try:
                with socket.create_connection((HOST, s.port), timeout=2) as sock:
                    sock.sendall(data)
                    sock.shutdown(socket.SHUT_WR)
                    sock.settimeout(0.3)
                    try:
                        sock.recv(4096)
                    except OSError:
                        pass
            except OSError:
                pass

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as ex:
            list(ex.map(one, payloads, timeout=120))
        healthy(s, "500 random requests")
        r = Client(s).get("/")
        check(r.status == 200, f"GET / after 500 random requests: {r.status}")


KNOWN_CLASSES = {"text-large", "text-larger", "text-largest", "font-dyslexic", "calm",
                 "contrast-high", "theme-light", "theme-dark", "motion-reduce"}


@test
def tampered_prefs_cookie_is_ignored():
    # A stale or tampered prefs cookie must not lock anyone out or reach the markup.
    with Server() as s:
        for value in ("text=huge", "%zz", "text=large%22%3E%3Cscript%3E", "lang=fr&theme=x",
                      "text=large&text=largest&" + "a=1&" * 40, "\"quoted\"", "=", "&&&",
                      "text=%C3%28", "x" * 3000):
            c = Client(s)
            c.cookies["prefs"] = value
            r = c.get("/")
            what = f"GET / with Cookie prefs={value[:40]!r}"
            check(r.status == 200, f"{what}: status {r.status}, expected 200 (cookie ignored)")
            check(b"<script>" not in r.body, f"{what}: the cookie reached the markup")
            extra = set(r.html_classes()) - KNOWN_CLASSES
            check(not extra, f"{what}: unknown <html> classes {sorted(extra)}")
            check(r.lang() in ("nl", "en"), f"{what}: lang={r.lang()!r}")
        healthy(s, "tampered prefs cookies")


@test
def reflected_input_is_escaped():
    with Server() as s:
        c = Client(s)
        c.csrf()
        probe = "\"'><script>alert(1)</script>"
        for path in ("/" + urllib.parse.quote(probe), "/nope/" + urllib.parse.quote(probe),
                     "/?" + urllib.parse.urlencode({"q": probe})):
            r = c.get(path)
            check(b"<script>alert(1)" not in r.body, f"GET {path}: the path is reflected raw")
        raw = raw_request(s, b"GET /\"><script>alert(1)</script> HTTP/1.1\r\nHost: " +
                          f"{HOST}:{s.port}".encode() + b"\r\nConnection: close\r\n\r\n",
                          until_close=True)
        check(b"<script>alert(1)" not in raw.body, "a raw path with markup is reflected raw")
        for field in ("text", "theme", "lang", "csrf"):
            fields = with_fields(ALL_ON, **{field: probe})
            r = c.post("/preferences", fields, csrf=field != "csrf")
            check(r.status in (400, 403), f"POST /preferences {field}=<markup>: {r.status}")
            check(b"<script>alert(1)" not in r.body,
                  f"POST /preferences: the {field} value is reflected raw")
        healthy(s, "markup in input")
