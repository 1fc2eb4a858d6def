# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_html.py: every page, in Dutch and in English, is valid HTML by HTML Tidy 5.6 (less the
false positives listed in htmlcheck.py) and has the structure assistive technology relies on:
lang, exactly one <h1>, <main id="main">, a skip link as the first link, labelled controls.
One test per page and language, named html_<page>_<lang>."""

import htmlcheck
from harness import Client, Server, check, require, test
from test_forms import ALL_ON

EN = "en-GB,en;q=0.9"


def _saved(c):
    r = c.post("/preferences", [(k, v) for k, v in ALL_ON if k != "lang"] + [("lang", "auto")])
    require(r.status == 303, f"POST /preferences before ?saved=1: status {r.status}")
    return c.get("/preferences?saved=1")


# (name, expected status, how to fetch it with a Client)
PAGES = [
    ("home", 200, lambda c: c.get("/")),
    ("preferences", 200, lambda c: c.get("/preferences")),
    ("preferences_saved", 200, _saved),
    ("accessibility", 200, lambda c: c.get("/accessibility")),
    ("error_404", 404, lambda c: c.get("/nope")),
    ("error_405", 405, lambda c: c.request("DELETE", "/")),
    ("error_400_form", 400, lambda c: c.post("/preferences", [("text", "huge")] +
                                             [kv for kv in ALL_ON if kv[0] not in
                                              ("text", "lang")] + [("lang", "auto")])),
    ("error_403", 403, lambda c: c.post("/preferences", ALL_ON, csrf="wrong")),
    ("error_413", 413, lambda c: c.post("/preferences", {"text": "x" * 5000})),
]


def _page_test(name, status, fetch, lang):
    def run():
        with Server() as s:
            c = Client(s, lang=EN if lang == "en" else None)
            c.csrf()
            r = fetch(c)
            require(r.status == status, f"{name} ({lang}): status {r.status}, expected {status}")
            require(r.is_html(), f"{name} ({lang}): Content-Type {r.content_type!r}")
            for p in htmlcheck.structure_problems(r.text, lang):
                check(False, f"{name} ({lang}): {p}")
            for p in htmlcheck.tidy_problems(r.text):
                check(False, f"{name} ({lang}) tidy: {p}")
    run.__name__ = f"html_{name}_{lang}"
    return run


for _name, _status, _fetch in PAGES:
    for _lang in ("nl", "en"):
        test(_page_test(_name, _status, _fetch, _lang))
