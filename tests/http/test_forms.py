# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_forms.py: the display preferences, the language switch and the CSRF defences in front of
every form."""

import htmlcheck
from harness import Client, Server, check, healthy, prefs_cookie, require, test

EN = "en-GB,en;q=0.9"

ALL_ON = [("text", "large"), ("font", "dyslexic"), ("calm", "1"), ("contrast", "high"),
          ("theme", "dark"), ("motion", "reduce"), ("lang", "en")]
ALL_ON_CLASSES = ["text-large", "font-dyslexic", "calm", "contrast-high", "theme-dark",
                  "motion-reduce"]
DEFAULTS = [("text", "normal"), ("font", "default"), ("contrast", "normal"),
            ("theme", "system"), ("motion", "system"), ("lang", "auto")]


def with_fields(fields, **changes):
    out = [(k, changes.pop(k)) if k in changes else (k, v) for k, v in fields]
    return out + list(changes.items())


def error_page(r, status, lang, what=None):
    """Checks that r is the HTML error page for status in lang."""
    what = what or r.what
    ok = check(r.status == status, f"{what}: status {r.status}, expected {status}")
    check(r.is_html(), f"{what}: Content-Type {r.content_type!r}, not an HTML page")
    h1 = htmlcheck.elements(r.text, "h1")
    check(len(h1) == 1, f"{what}: {len(h1)} <h1> in the error page")
    check(r.lang() == lang, f"{what}: error page lang={r.lang()!r}, expected {lang!r}")
    return ok


def no_prefs_change(r, what=None):
    check("prefs" not in r.set_cookies(), f"{what or r.what}: it set the prefs cookie")


@test
def preferences_form():
    with Server() as s:
        c = Client(s)
        r = c.get("/preferences")
        check(r.status == 200, f"GET /preferences: status {r.status}")
        check(r.is_html(), f"GET /preferences: Content-Type {r.content_type!r}")
        els = htmlcheck.elements(r.text)
        forms = [e for e in els if e.tag == "form" and e.get("action") == "/preferences"]
        require(forms, 'GET /preferences: no <form action="/preferences">')
        f = forms[0]
        check((f.get("method") or "").lower() == "post", "the preferences form is not POST")
        inside = [e for e in els if e.in_form == f.index]
        check(any(e.tag == "input" and e.get("name") == "csrf" and
                  (e.get("type") or "").lower() == "hidden" and e.get("value") for e in inside),
              "the preferences form has no hidden csrf input with a value")
        names = {e.get("name") for e in inside if e.tag in ("input", "select", "textarea")}
        for n in ("text", "font", "calm", "contrast", "theme", "motion", "lang"):
            check(n in names, f"the preferences form has no control named {n}")
        cookie = r.set_cookies().get("csrf")
        check(cookie is not None, "the first visit did not set a csrf cookie")
        if cookie:
            check(cookie[1].get("httponly") is True, "the csrf cookie is not HttpOnly")
            check(cookie[1].get("path") == "/", f"the csrf cookie has Path={cookie[1].get('path')}")


@test
def preferences_saved_in_cookie_and_applied():
    with Server() as s:
        c = Client(s)
        r = c.post("/preferences", ALL_ON)
        require(r.status == 303, f"POST /preferences: status {r.status}, expected 303")
        check(r.header("Location") == "/preferences?saved=1",
              f"POST /preferences: Location {r.header('Location')!r}")
        ck = r.set_cookies().get("prefs")
        require(ck, "POST /preferences set no prefs cookie")
        value, attrs = ck
        check(attrs.get("path") == "/", f"prefs cookie Path={attrs.get('path')!r}")
        check(str(attrs.get("max-age", "")).isdigit() and int(attrs["max-age"]) > 0,
              f"prefs cookie Max-Age={attrs.get('max-age')!r}")
        check(str(attrs.get("samesite", "")).lower() == "lax",
              f"prefs cookie SameSite={attrs.get('samesite')!r}")
        check(attrs.get("httponly") is True, "prefs cookie is not HttpOnly")
        check(prefs_cookie(r) == dict(ALL_ON), f"prefs cookie value {value!r} decodes to "
              f"{prefs_cookie(r)!r}, expected {dict(ALL_ON)!r}")
        plain = htmlcheck.visible_text(c.get("/preferences").text)
        for path in ("/preferences?saved=1", "/", "/accessibility", "/nope"):
            p = c.get(path)
            check(p.lang() == "en", f"GET {path} with the prefs cookie: lang={p.lang()!r}")
            missing = [k for k in ALL_ON_CLASSES if k not in p.html_classes()]
            check(not missing, f"GET {path}: <html class> lacks {missing} "
                  f"(has {p.html_classes()})")
            if path == "/preferences?saved=1":
                check(p.status == 200, f"GET {path}: status {p.status}")
                check(htmlcheck.visible_text(p.text) != plain,
                      f"GET {path} shows nothing more than /preferences (no confirmation)")


@test
def preferences_defaults_add_no_classes():
    with Server() as s:
        c = Client(s, lang=EN)
        r = c.post("/preferences", DEFAULTS)
        require(r.status == 303, f"POST /preferences with defaults: status {r.status}")
        got = prefs_cookie(r) or {}
        check(got.get("calm") in (None, "", "0"), f"calm is {got.get('calm')!r} though absent")
        p = c.get("/")
        check(p.lang() == "en", f"lang=auto with Accept-Language en: lang={p.lang()!r}")
        on = [k for k in ALL_ON_CLASSES + ["text-larger", "text-largest", "theme-light"]
              if k in p.html_classes()]
        check(not on, f"default preferences still give classes {on}")
        c.lang = None
        p = c.get("/")
        check(p.lang() == "nl", f"lang=auto without Accept-Language: lang={p.lang()!r}")


@test
def preferences_other_values():
    with Server() as s:
        c = Client(s, lang=EN)
        for text in ("larger", "largest"):
            r = c.post("/preferences", with_fields(DEFAULTS, text=text))
            check(r.status == 303, f"text={text}: status {r.status}")
            cls = c.get("/").html_classes()
            check(f"text-{text}" in cls, f"text={text}: <html class> is {cls}")
        r = c.post("/preferences", with_fields(DEFAULTS, theme="light", lang="nl"))
        check(r.status == 303, f"theme=light, lang=nl: status {r.status}")
        p = c.get("/")
        check(p.lang() == "nl", f"lang=nl with Accept-Language en: lang={p.lang()!r}")
        check("theme-dark" not in p.html_classes(), "theme=light gives theme-dark")


@test
def preferences_invalid_values_are_400_with_error_summary():
    with Server() as s:
        for lang, al in (("nl", None), ("en", EN)):
            c = Client(s, lang=al)
            c.csrf()
            for field, bad in (("text", "huge"), ("font", "comic"), ("calm", "2"),
                               ("contrast", "low"), ("theme", "blue"), ("motion", "fast"),
                               ("lang", "fr"), ("text", "")):
                r = c.post("/preferences", with_fields(ALL_ON, **{field: bad}))
                what = f"POST /preferences {field}={bad!r} ({lang})"
                error_page(r, 400, lang, what)
                classes = " ".join((e.get("class") or "") for e in htmlcheck.elements(r.text))
                check("error-summary" in classes.split(), f"{what}: no error summary")
                check(not r.header_all("Set-Cookie"),
                      f"{what}: Set-Cookie {r.header_all('Set-Cookie')}")
        healthy(s, "invalid preferences")


@test
def language_switch_keeps_other_preferences():
    with Server() as s:
        c = Client(s)
        r = c.post("/language", {"lang": "en", "back": "/accessibility"})
        require(r.status == 303, f"POST /language without prefs: status {r.status}")
        check(r.header("Location") == "/accessibility",
              f"POST /language back=/accessibility: Location {r.header('Location')!r}")
        check((prefs_cookie(r) or {}).get("lang") == "en",
              f"POST /language lang=en: prefs cookie {prefs_cookie(r)!r}")
        check(c.get("/accessibility").lang() == "en", "after switching to en, page not in en")
        r = c.post("/preferences", with_fields(ALL_ON, lang="en"))
        require(r.status == 303, f"POST /preferences: status {r.status}")
        r = c.post("/language", {"lang": "nl", "back": "/"})
        check(r.status == 303 and r.header("Location") == "/",
              f"POST /language back=/: {r.status} to {r.header('Location')!r}")
        check(prefs_cookie(r) == dict(with_fields(ALL_ON, lang="nl")),
              f"POST /language lang=nl changed more than lang: {prefs_cookie(r)!r}")
        p = c.get("/")
        check(p.lang() == "nl", f"after switching to nl: lang={p.lang()!r}")
        check("font-dyslexic" in p.html_classes(), "the language switch lost the other prefs")
        r = c.post("/language", {"lang": "de", "back": "/"})
        error_page(r, 400, "nl", "POST /language lang=de")
        no_prefs_change(r)


@test
def language_switch_never_redirects_off_site():
    with Server() as s:
        c = Client(s)
        for back in ("//evil.example", "http://evil.example"):
            r = c.post("/language", {"lang": "en", "back": back})
            check(r.status == 303 and r.header("Location") == "/",
                  f"POST /language back={back}: {r.status} to {r.header('Location')!r}, "
                  "expected 303 to /")
        # Browsers drop tabs and newlines from a URL (WHATWG URL) and read "\\" as "/", so
        # "/\t/evil.example" would become "//evil.example": a Location must have neither.
        for back in ("https://evil.example/x", "/\\evil.example", "\\\\evil.example",
                     "javascript:alert(1)", "/%2F/evil.example", "/\t/evil.example",
                     "/\n/evil.example", "/x\r\nSet-Cookie: owned=1"):
            r = c.post("/language", {"lang": "en", "back": back})
            loc = r.header("Location") or ""
            seen = loc.replace("\t", "").replace("\n", "").replace("\r", "")
            safe = (seen.startswith("/") and seen[1:2] not in ("/", "\\")
                    and not any(ord(ch) < 0x20 or ord(ch) == 0x7f for ch in loc))
            check(r.status == 400 or (r.status == 303 and safe),
                  f"POST /language back={back!r}: {r.status} to {loc!r}")
            check("owned" not in c.cookies, f"back={back!r} injected a response header")


@test
def csrf_token_required():
    with Server() as s:
        for lang, al in (("nl", None), ("en", EN)):
            c = Client(s, lang=al)
            token = c.csrf()
            other = Client(s)
            other_token = other.csrf()
            cases = [
                ("no token", dict(csrf=False)),
                ("an empty token", dict(csrf="")),
                ("a wrong token", dict(csrf="0" * len(token))),
                ("another visitor's token", dict(csrf=other_token)),
                ("the token but no cookie", dict(csrf=token, cookies=False)),
            ]
            for label, kw in cases:
                for path, fields in (("/preferences", ALL_ON),
                                     ("/language", [("lang", "en"), ("back", "/")])):
                    jar = dict(c.cookies)
                    r = c.post(path, fields, **kw)
                    c.cookies = jar  # a new csrf cookie for the cookie-less one is not kept
                    what = f"POST {path} with {label} ({lang})"
                    error_page(r, 403, lang, what)
                    no_prefs_change(r, what)
            r = c.post("/preferences", ALL_ON, csrf=token)
            check(r.status == 303, f"POST /preferences with the right token: {r.status}")
        healthy(s, "CSRF failures")


@test
def csrf_fetch_metadata_and_origin():
    with Server() as s:
        c = Client(s)
        c.csrf()
        origin = s.origin

        def post(headers):
            return c.post("/preferences", ALL_ON, headers=headers)

        r = post({"Sec-Fetch-Site": "cross-site", "Origin": origin})
        error_page(r, 403, "nl", "POST with Sec-Fetch-Site: cross-site")
        no_prefs_change(r, "POST with Sec-Fetch-Site: cross-site")
        r = post({"Sec-Fetch-Site": "cross-site", "Origin": None})
        check(r.status == 403, f"POST with Sec-Fetch-Site: cross-site, no Origin: {r.status}")
        for site in ("same-origin", "none"):
            r = post({"Sec-Fetch-Site": site, "Origin": origin})
            check(r.status == 303, f"POST with Sec-Fetch-Site: {site}: {r.status}, expected 303")
        r = post({"Sec-Fetch-Site": "same-origin", "Origin": None})
        check(r.status == 303, f"POST with Sec-Fetch-Site: same-origin, no Origin: {r.status}")
        for bad in ("http://evil.example", f"http://127.0.0.1:{s.port + 1}",
                    f"http://localhost:{s.port}", f"https://127.0.0.1:{s.port}", "null"):
            r = post({"Sec-Fetch-Site": None, "Origin": bad})
            what = f"POST without Sec-Fetch-Site, Origin: {bad}"
            check(r.status == 403, f"{what}: {r.status}, expected 403")
            no_prefs_change(r, what)
        r = post({"Sec-Fetch-Site": None, "Origin": origin})
        check(r.status == 303, f"POST without Sec-Fetch-Site, Origin: {origin}: {r.status}")
