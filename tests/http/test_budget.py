# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_budget.py: a network's budget per year (issue 14), black box over HTTP: allocations
from sources by the contact point, the treasurer's requests (approve, partly, decline), expenses
with the approval limit and the rule about what is left, planned costs of events and what they
commit, closing a year, the figures to the cent in both languages, the CSV export and its
formula guard, receipts checked by content, the audit log, and every bad amount.

Texts carry markers (Zb…) that occur nowhere else."""

import json
import re
import signal
import struct
import time
import zlib

import htmlcheck
from harness import (DEMO, Client, Server, check, error_summary, require, run_cli,
                     sign_in_full, test, user_add, audit_events)

EN = "en-GB,en;q=0.9"
NL = "nl-NL,nl;q=0.9"
YEAR = 2031                     # a year of its own: nothing of the demo in it
NET = "neurokring"
BROAD = "iedereen-telt"
THIS_YEAR = time.gmtime().tm_year


def base(slug=NET, year=YEAR):
    return f"/n/{slug}/budget/{year}"


def treasurer(s, slug=NET, key="penning"):
    email = f"zb{key}@rijnstad.example"
    user_add(s.db, email, f"Zb{key.capitalize()} Meester")
    p = run_cli(["user", "role", email, "treasurer", "--network", slug, "--db", s.db])
    require(p.returncode == 0, f"`kring user role … treasurer`: {p.stderr.strip()!r}")
    c = Client(s, lang=EN)
    sign_in_full(c, email)
    return c


def contact(s, lang=EN):
    c = Client(s, lang=lang)
    sign_in_full(c, DEMO["contact"])
    return c


def page(c, path, status=200):
    r = c.get(path)
    require(r.status == status, f"GET {path}: {r.status}, expected {status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    return r


def figure(r, key):
    m = re.search(r'data-figure="%s">([^<]*)<' % re.escape(key), r.text)
    require(m, f"the page shows no figure {key!r}")
    return m.group(1)


def figures(c, slug=NET, year=YEAR):
    r = page(c, base(slug, year))
    return {k: figure(r, k) for k in ("allocated", "requested", "approved", "available",
                                      "spent", "waiting", "committed", "left")}


def post(c, path, fields, expect):
    r = c.post(path, fields)
    require(r.status == expect, f"POST {path} {fields}: {r.status}, expected {expect}"
            f" ({(error_summary(r) or '')[:200]!r})")
    return r


def refused(c, path, fields, want, slug=NET, year=YEAR):
    """A POST that must be refused with a message containing want, changing nothing."""
    before = figures(c, slug, year)
    r = c.post(path, fields)
    check(r.status == 400, f"POST {path} {fields}: {r.status}, expected 400")
    summary = error_summary(r) or ""
    check(want in summary, f"POST {path} {fields}: the message is {summary[:200]!r}, "
          f"expected it to say {want!r}")
    after = figures(c, slug, year)
    check(before == after, f"a refused POST {path} {fields} changed the figures: "
          f"{before} -> {after}")
    return r


def euro(amount_cents):
    """English format of the page: €1,234.56 (a '-' in front when negative)."""
    sign = "-" if amount_cents < 0 else ""
    v = abs(amount_cents)
    return f"{sign}€{v // 100:,}.{v % 100:02d}"


def link_ids(r, kind):
    return [int(x) for x in re.findall(r'/%s/(\d+)"' % kind, r.text)]


@test
def test_budget_money_rules_to_the_cent():
    with Server() as s:
        cp = contact(s)
        tr = treasurer(s)
        page(cp, base())
        # Allocations from two sources, typed with a comma and with a point.
        post(cp, base() + "/allocate", {"source": "Netwerkbudget", "alloc_amount": "1234,56"}, 303)
        post(cp, base() + "/allocate", {"source": "D&I-budget", "alloc_amount": "500.5"}, 303)
        post(cp, base() + "/allocate", {"source": "Netwerkbudget", "alloc_amount": "€ 10"}, 303)
        f = figures(cp)
        check(f["allocated"] == euro(123456 + 50050 + 1000), f"allocated: {f['allocated']}")
        r = page(cp, base())
        check(re.search(r'data-source="Netwerkbudget">€1,244.56<', r.text),
              "the allocation per source does not add up Netwerkbudget to €1,244.56")
        check(re.search(r'data-source="D&amp;I-budget">€500.50<', r.text),
              "the allocation per source does not show D&I-budget at €500.50")
        # Every bad amount: a clear message, nothing changed.
        for amount, want in (("-5", "cannot be negative"), ("0", "more than zero"),
                             ("0,00", "more than zero"),
                             ("1000000", "less than one million"),
                             ("999999999999999999999", "less than one million"),
                             ("12,345", "at most two digits"), ("1.234,56", "Type the amount"),
                             ("12,", "Type the amount"), ("abc", "Type the amount"),
                             ("1e3", "Type the amount"), ("", "Type an amount"),
                             ("12 50", "Type the amount"), ("0x10", "Type the amount")):
            refused(cp, base() + "/allocate", {"source": "Netwerkbudget", "alloc_amount": amount},
                    want)
        refused(cp, base() + "/allocate", {"source": "", "alloc_amount": "10"},
                "where the money comes from")
        # The treasurer may not allocate; the contact point does not ask itself.
        page(tr, base())
        r = tr.post(base() + "/allocate", {"source": "Zelf", "alloc_amount": "10"})
        check(r.status == 403, f"the treasurer allocating: {r.status}, expected 403")
        # A request, partly approved.
        post(tr, base() + "/request", {"req_amount": "300", "justification": "ZbWhy extra"}, 303)
        for amount in ("0", "-1", "abc", "1,234"):
            refused(tr, base() + "/request", {"req_amount": amount, "justification": "x"},
                    "mount")
        refused(tr, base() + "/request", {"req_amount": "10", "justification": "  "},
                "short description")
        r = page(cp, base())
        (rid,) = link_ids(r, "requests")
        rpath = f"{base()}/requests/{rid}"
        page(cp, rpath)
        refused(cp, rpath + "/decide", {"decision": "partly", "amount": "300", "reason": "r"},
                "less than what was asked")
        refused(cp, rpath + "/decide", {"decision": "partly", "amount": "0", "reason": "r"},
                "more than zero")
        refused(cp, rpath + "/decide", {"decision": "declined", "reason": ""}, "Give a reason")
        refused(cp, rpath + "/decide", {"decision": "maybe"}, "Choose your decision")
        post(cp, rpath + "/decide", {"decision": "partly", "amount": "200,25",
                                     "reason": "ZbHalf is genoeg"}, 303)
        refused(cp, rpath + "/decide", {"decision": "approved", "reason": ""}, "decided already")
        r = page(tr, rpath)
        check("ZbHalf is genoeg" in r.text, "the treasurer does not read the reason")
        check(figure(r, "granted") == euro(20025), f"granted: {figure(r, 'granted')}")
        f = figures(cp)
        available = 123456 + 50050 + 1000 + 20025
        check(f["requested"] == euro(30000), f"requested: {f['requested']}")
        check(f["approved"] == euro(20025), f"approved: {f['approved']}")
        check(f["available"] == euro(available), f"available: {f['available']}")
        # The approval limit: 50 euros.
        post(cp, base() + "/limit", {"limit": "50"}, 303)
        refused(cp, base() + "/limit", {"limit": "-1"}, "negative")
        post(tr, base() + "/expense", {"exp_amount": "40,10", "date": f"{YEAR}-03-01",
                                       "what": "ZbKoffie", "event": ""}, 303)
        post(tr, base() + "/expense", {"exp_amount": "60", "date": f"{YEAR}-03-02",
                                       "what": "ZbGebarentolk", "event": ""}, 303)
        f = figures(cp)
        check(f["waiting"] == euro(4010 + 6000), f"waiting: {f['waiting']}")
        check(f["spent"] == euro(0), f"spent: {f['spent']}")
        r = page(tr, base())
        e1, e2 = link_ids(r, "expenses")
        post(tr, f"{base()}/expenses/{e1}/approve", {}, 303)
        page(tr, f"{base()}/expenses/{e2}")
        refused(tr, f"{base()}/expenses/{e2}/approve", {}, "amount up to which the treasurer")
        r = tr.post(base() + "/expense", {"exp_amount": "1", "date": f"{YEAR}-03-02",
                                          "what": "x", "approve": "1"})
        check(r.status == 403, f"the treasurer approving as entered: {r.status}")
        page(cp, f"{base()}/expenses/{e2}")
        post(cp, f"{base()}/expenses/{e2}/approve", {}, 303)
        refused(cp, f"{base()}/expenses/{e2}/approve", {}, "decided already")
        spent = 4010 + 6000
        left = available - spent
        f = figures(cp)
        check(f["spent"] == euro(spent) and f["left"] == euro(left),
              f"after approving: spent {f['spent']}, left {f['left']}; expected "
              f"{euro(spent)}, {euro(left)}")
        # Bad dates and texts.
        for date, want in (("2031-02-30", "YYYY-MM-DD"), ("31-03-2031", "YYYY-MM-DD"),
                           ("2030-12-31", "in the year of this budget"), ("", "YYYY-MM-DD")):
            refused(tr, base() + "/expense", {"exp_amount": "1", "date": date, "what": "x"}, want)
        refused(tr, base() + "/expense", {"exp_amount": "1", "date": f"{YEAR}-01-01",
                                          "what": "x" * 2001}, "at most 2,000")
        refused(tr, base() + "/expense", {"exp_amount": "1", "date": f"{YEAR}-01-01",
                                          "what": "x", "event": "999999"}, "network's events")
        # Over what is left: refused for the treasurer, by a single cent too.
        refused(tr, base() + "/expense", {"exp_amount": f"{(left + 1) // 100},{(left + 1) % 100:02d}",
                                          "date": f"{YEAR}-04-01", "what": "ZbTeveel"},
                "more than what is left")
        # Exactly what is left fits.
        post(tr, base() + "/expense", {"exp_amount": f"{left // 100},{left % 100:02d}",
                                       "date": f"{YEAR}-04-01", "what": "ZbPrecies"}, 303)
        f = figures(cp)
        check(f["left"] == euro(0), f"left after an expense of exactly what was left: {f['left']}")
        # The contact point declines it, with a reason.
        r = page(cp, base())
        e3 = max(link_ids(r, "expenses"))
        page(cp, f"{base()}/expenses/{e3}")
        refused(cp, f"{base()}/expenses/{e3}/decline", {"reason": ""}, "Give a reason")
        post(cp, f"{base()}/expenses/{e3}/decline", {"reason": "ZbNiet nodig"}, 303)
        # The contact point may go beyond what is left, approving at once.
        post(cp, base() + "/expense", {"exp_amount": f"{(left + 500) // 100},{(left + 500) % 100:02d}",
                                       "date": f"{YEAR}-05-01", "what": "ZbBoven", "approve": "1"},
             303)
        f = figures(cp)
        check(f["left"] == euro(-500), f"left after the contact point went beyond: {f['left']}")
        # A waiting request blocks closing; closing refuses every change after.
        post(tr, base() + "/request", {"req_amount": "5", "justification": "ZbNog"}, 303)
        r = refused(cp, base() + "/close", {}, "waiting before you close")
        r = page(cp, base())
        rid2 = max(link_ids(r, "requests"))
        page(cp, f"{base()}/requests/{rid2}")
        post(cp, f"{base()}/requests/{rid2}/decide", {"decision": "declined", "reason": "Nee"}, 303)
        post(cp, base() + "/close", {}, 303)
        refused(tr, base() + "/expense", {"exp_amount": "1", "date": f"{YEAR}-06-01",
                                          "what": "ZbDicht"}, "closed")
        refused(cp, base() + "/allocate", {"source": "Laat", "alloc_amount": "1"}, "closed")
        refused(tr, base() + "/request", {"req_amount": "1", "justification": "x"}, "closed")
        # Dutch: the same figure in Dutch format.
        nl = contact(s, lang=NL)
        r = page(nl, base())
        check(figure(r, "allocated") == "€ 1.745,06", f"Dutch allocated: {figure(r, 'allocated')}")
        check(figure(r, "left") == "-€ 5,00", f"Dutch left: {figure(r, 'left')}")
        r = page(nl, base(year=YEAR + 1))
        check(re.search(r'name="limit"[^>]*value="50,00"', r.text) or
              re.search(r'value="50,00"[^>]*name="limit"', r.text),
              "the Dutch limit field does not show 50,00")
        # Every change of money is in the audit log, with no text of it.
        events = [e for e in audit_events(s.db) if e == "budget_changed"]
        check(len(events) >= 12, f"{len(events)} budget_changed audit entries, expected 12 or more")


@test
def test_budget_csv_export_and_formula_guard():
    with Server() as s:
        cp = contact(s)
        tr = treasurer(s)
        page(cp, base())
        post(cp, base() + "/allocate", {"source": "=SUM(A1)", "alloc_amount": "100"}, 303)
        page(tr, base())
        post(tr, base() + "/expense", {"exp_amount": "12,50", "date": f"{YEAR}-02-03",
                                       "what": '=HYPERLINK("http://x","ZbKlik")'}, 303)
        post(tr, base() + "/expense", {"exp_amount": "1", "date": f"{YEAR}-02-04",
                                       "what": "@cmd, +1 -2"}, 303)
        r = tr.get(base() + "/csv")
        require(r.status == 200, f"GET csv: {r.status}")
        check((r.header("Content-Type") or "").startswith("text/csv"),
              f"the CSV's type: {r.header('Content-Type')}")
        check("attachment" in (r.header("Content-Disposition") or ""),
              "the CSV is not a download")
        text = r.body.decode()
        check("\"'=SUM(A1)\"" in text, "a source that starts with = is not guarded")
        check("\"'=HYPERLINK(\"\"http://x\"\",\"\"ZbKlik\"\")\"" in text,
              f"a description that starts with = is not guarded: {text[:600]!r}")
        check("\"'@cmd, +1 -2\"" in text, "a description that starts with @ is not guarded")
        check("total,,,,allocated,,100.00," in text, "the CSV's total allocated is not 100.00")
        check("total,,,,left,,86.50," in text, f"the CSV's total left is not 86.50: {text!r}")


def _png(w, h):
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    raw = b"".join(b"\x00" + b"\x80\x40\x20" * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PNG_1x1 = _png(8, 8)
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def upload(c, path, data, filename="bon.pdf", ctype="application/pdf"):
    b = "----ZbBoundary7MA4YWxkTrZu0gW"
    body = (f'--{b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{c.token}\r\n'
            f'--{b}\r\nContent-Disposition: form-data; name="receipt"; filename="{filename}"\r\n'
            f'Content-Type: {ctype}\r\n\r\n').encode() + data + f"\r\n--{b}--\r\n".encode()
    return c.request("POST", path, body=body, headers={
        "Content-Type": f"multipart/form-data; boundary={b}",
        "Origin": c.server.origin, "Sec-Fetch-Site": "same-origin"})


@test
def test_budget_receipts_by_content():
    with Server() as s:
        cp = contact(s)
        tr = treasurer(s)
        page(cp, base())
        post(cp, base() + "/allocate", {"source": "Netwerkbudget", "alloc_amount": "100"}, 303)
        page(tr, base())
        post(tr, base() + "/expense", {"exp_amount": "10", "date": f"{YEAR}-02-03",
                                       "what": "ZbBon"}, 303)
        r = page(tr, base())
        (eid,) = link_ids(r, "expenses")
        epath = f"{base()}/expenses/{eid}"
        page(tr, epath)
        bad = ((b"just text, named .pdf", "bon.pdf", "PDF, JPEG or PNG"),
               (b"%PDF-1.4\nno end marker", "bon.pdf", "PDF, JPEG or PNG"),
               (PNG_1x1[:20] + b"broken", "bon.png", "PDF, JPEG or PNG"),
               (b"\xff\xd8\xff\xe0broken jpeg", "bon.jpg", "PDF, JPEG or PNG"),
               (b"GIF89a\x01\x00\x01\x00", "bon.gif", "PDF, JPEG or PNG"),
               (b"%PDF-1.4\n" + b"x" * ((10 << 20) - 9) + b"\n%%EOF\n", "big.pdf", "at most 10 MB"),
               (b"", "leeg.pdf", "Choose a file"))
        for data, name, want in bad:
            r = upload(tr, epath + "/receipt", data, filename=name)
            check(r.status == 400, f"uploading {name} ({len(data)} bytes): {r.status}")
            check(want in (error_summary(r) or ""), f"uploading {name}: "
                  f"{(error_summary(r) or '')[:200]!r}, expected {want!r}")
        r = tr.get(epath + "/receipt")
        check(r.status == 404, f"a receipt after only bad uploads: {r.status}, expected 404")
        r = upload(tr, epath + "/receipt", PNG_1x1, filename="bon.png", ctype="image/png")
        check(r.status == 303, f"uploading a PNG: {r.status}")
        page(tr, epath)
        r = upload(tr, epath + "/receipt", PDF, filename="anything.txt", ctype="text/plain")
        check(r.status == 303, f"uploading a PDF under another name: {r.status}")
        r = cp.get(epath + "/receipt")
        require(r.status == 200, f"the contact point downloading the receipt: {r.status}")
        check(r.body == PDF, "the receipt downloaded is not the PDF uploaded")
        check(r.header("Content-Type") == "application/pdf", f"type {r.header('Content-Type')}")
        check((r.header("Content-Disposition") or "").startswith("attachment"),
              f"Content-Disposition: {r.header('Content-Disposition')}")
        csp = " ".join(r.header_all("Content-Security-Policy"))
        check("sandbox" in csp and "default-src 'none'" in csp, f"CSP: {csp!r}")
        check(r.header("X-Content-Type-Options") == "nosniff", "no nosniff on the receipt")
        # Sealed at rest: the PDF's bytes are not in the database.
        rows = s.sql("SELECT sealed FROM budget_receipt WHERE expense_id = ?", (eid,))
        require(len(rows) == 1, f"{len(rows)} receipts stored, expected 1")
        blob = bytes(rows[0][0]) if not isinstance(rows[0][0], str) else rows[0][0].encode()
        check(b"%PDF" not in blob and b"%%EOF" not in blob, "the receipt is stored in the clear")
        rows = s.sql("SELECT what FROM budget_expense")
        check(all(b"ZbBon" not in (bytes(x[0]) if not isinstance(x[0], str) else x[0].encode())
                  for x in rows), "what an expense was for is stored in the clear")


@test
def test_budget_planned_costs_commit_until_the_event():
    with Server() as s:
        cp = contact(s)
        tr = treasurer(s, BROAD, "breed")
        y = THIS_YEAR
        r = page(tr, base(BROAD, y))
        opts = re.findall(r'name="plan_event"[^>]*value="(\d+)"', r.text)
        require(opts, "the treasurer of Iedereen Telt has no event to come to plan a cost for")
        ev = opts[0]
        before = figures(tr, BROAD, y)

        def cents(txt):
            neg = txt.startswith("-")
            v = int(re.sub(r"[^0-9]", "", txt))
            return -v if neg else v
        left0, committed0 = cents(before["left"]), cents(before["committed"])
        for amount, want in (("0", "more than zero"), ("-3", "negative"), ("1,999", "two digits")):
            refused(tr, base(BROAD, y) + "/planned", {"plan_event": ev, "plan_amount": amount},
                    want, BROAD, y)
        refused(tr, base(BROAD, y) + "/planned", {"plan_event": "999999", "plan_amount": "10"},
                "not ended yet", BROAD, y)
        post(tr, base(BROAD, y) + "/planned", {"plan_event": ev, "plan_amount": "100"}, 303)
        f = figures(tr, BROAD, y)
        # The demo planned 350 euros for the first event already: setting it again replaces it.
        first = cents(f["committed"])
        check(cents(f["left"]) == left0 - (first - committed0),
              f"left after planning: {f['left']} (was {before['left']}, committed "
              f"{before['committed']} -> {f['committed']})")
        # An expense on the event uses what it committed: left stays.
        post(tr, base(BROAD, y) + "/expense", {"exp_amount": "30", "date": f"{y}-01-02",
                                              "what": "ZbZaal", "event": ev}, 303)
        g = figures(tr, BROAD, y)
        check(cents(g["committed"]) == first - 3000, f"committed after an expense on the "
              f"event: {g['committed']}, expected {first - 3000}")
        check(g["left"] == f["left"], f"left changed by an expense on a planned event: "
              f"{f['left']} -> {g['left']}")
        r = page(tr, base(BROAD, y))
        check(re.search(r'<tr data-event="%s">' % ev, r.text), "the event has no row per event")


@test
def test_budget_pages_are_valid_html_in_both_languages():
    with Server() as s:
        tr_en = treasurer(s, BROAD, "html")
        ch = Client(s, lang=EN)
        sign_in_full(ch, DEMO["chair"])
        y = THIS_YEAR
        for lang, accept in (("en", EN), ("nl", NL)):
            cp = contact(s, lang=accept)
            tr = Client(s, lang=accept)
            tr.cookies = dict(tr_en.cookies)
            r = page(cp, base(BROAD, y))
            eid = link_ids(r, "expenses")[0]
            rid = link_ids(r, "requests")[0]
            pages = [
                ("overview (contact point)", cp, lambda c: c.get(base(BROAD, y))),
                ("overview (treasurer)", tr, lambda c: c.get(base(BROAD, y))),
                ("overview error", cp, lambda c: c.post(base(BROAD, y) + "/allocate",
                                                        {"source": "", "alloc_amount": "-1"})),
                ("expense error", tr, lambda c: c.post(base(BROAD, y) + "/expense",
                                                       {"exp_amount": "x", "date": "x",
                                                        "what": ""})),
                ("expense", cp, lambda c: c.get(f"{base(BROAD, y)}/expenses/{eid}")),
                ("request", cp, lambda c: c.get(f"{base(BROAD, y)}/requests/{rid}")),
                ("request error", cp, lambda c: c.post(f"{base(BROAD, y)}/requests/{rid}/decide",
                                                       {"decision": "partly", "amount": "0"})),
                ("network", cp, lambda c: c.get(f"/n/{BROAD}")),
            ]
            if lang == "en":
                pages.append(("overview (chair)", ch, lambda c: c.get(base(BROAD, y))))
            for name, c, fetch in pages:
                c.token = c.token or c.csrf("/account")
                r = fetch(c)
                check(r.status in (200, 400) and r.is_html(), f"{name} ({lang}): {r.status}")
                if r.status == 400:
                    check(error_summary(r), f"{name} ({lang}): no error summary")
                for p in htmlcheck.structure_problems(r.text, lang):
                    check(False, f"{name} ({lang}): {p}")
                for p in htmlcheck.tidy_problems(r.text):
                    check(False, f"{name} ({lang}) tidy: {p}")
            r = cp.get(f"/n/{BROAD}")
            check(f'href="/n/{BROAD}/budget"' in r.text,
                  f"the network's page ({lang}) has no link to the budget for the contact point")


@test
def test_budget_my_data_retention_and_erasure():
    with Server() as s:
        cp = contact(s)
        tr = treasurer(s, NET, "weg")
        old, kept = THIS_YEAR - 8, THIS_YEAR - 7
        eids = {}
        for y in (old, kept):
            page(cp, base(NET, y))
            post(cp, base(NET, y) + "/allocate", {"source": "Netwerkbudget", "alloc_amount": "50"},
                 303)
            page(tr, base(NET, y))
            post(tr, base(NET, y) + "/expense", {"exp_amount": "5", "date": f"{y}-06-01",
                                                 "what": f"ZbOud{y}"}, 303)
            r = page(tr, base(NET, y))
            (eids[y],) = link_ids(r, "expenses")
            page(tr, f"{base(NET, y)}/expenses/{eids[y]}")
            r = upload(tr, f"{base(NET, y)}/expenses/{eids[y]}/receipt", PDF)
            require(r.status == 303, f"uploading the receipt of {y}: {r.status}")
        page(tr, base())
        post(tr, base() + "/request", {"req_amount": "7", "justification": "ZbMijnVraag"}, 303)
        # My data: the treasurer's own requests and expenses, on the page and in the download.
        r = tr.get("/me/data")
        check("ZbMijnVraag" in r.text and f"ZbOud{old}" in r.text,
              "the my data page lacks the treasurer's request or expense")
        data = json.loads(tr.get("/me/data.json").text)
        b = data.get("budget", {})
        check(sorted(e["what"] for e in b.get("expenses", [])) == [f"ZbOud{old}", f"ZbOud{kept}"],
              f"my data's expenses: {b.get('expenses')}")
        check([q["justification"] for q in b.get("requests", [])] == ["ZbMijnVraag"],
              f"my data's requests: {b.get('requests')}")
        check(b["requests"][0]["asked_cents"] == 700, "my data's request is not 700 cents")
        # Retention: the receipt of 8 years back goes, of 7 years back stays.
        s.signal(signal.SIGTERM)
        s.wait(10)
        s.sql_exec("DELETE FROM job_run WHERE job = 'retention'")
        s.start()
        n = 1
        for _ in range(50):
            n = s.sql_one("SELECT count(*) FROM budget_receipt WHERE expense_id = ?", (eids[old],))
            n = int(n[0] if isinstance(n, (list, tuple)) else n)
            if not n:
                break
            time.sleep(0.1)
        check(n == 0, "retention kept a receipt of eight years back")
        left = s.sql_one("SELECT count(*) FROM budget_receipt WHERE expense_id = ?", (eids[kept],))
        left = int(left[0] if isinstance(left, (list, tuple)) else left)
        check(left == 1, "retention erased a receipt of seven years back")
        # Erasing the treasurer's account: the bookkeeping stays, unlinked from the person.
        # (the session outlives the restart: it is in the database)
        r = tr.get("/me/delete")
        tr.token = htmlcheck.csrf_token(r.text)
        forms = {e.get("name") for e in htmlcheck.elements(r.text, "input")}
        fields = {"confirm": "1"} if "confirm" in forms else {}
        if "password" in forms:
            fields["password"] = "Rijnstad-demo-2026"
        r = tr.post("/me/delete", fields)
        check(r.status in (200, 303), f"deleting the account: {r.status}")
        rows = s.sql("SELECT entered_by FROM budget_expense WHERE id IN (?, ?)",
                     (eids[old], eids[kept]))
        check(len(rows) == 2 and all(x[0] is None for x in rows),
              f"the expenses after erasing the account: {rows}")
        cp = contact(s)
        r = page(cp, base(NET, kept))
        check(f"ZbOud{kept}" in r.text, "the network lost its bookkeeping with the account")
