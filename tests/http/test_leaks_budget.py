# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_leaks_budget.py: the leak suite for a network's budget (issue 14). The treasurer of
Netwerk Iedereen Telt asks for more and enters an expense with a receipt, all with markers; then
every role signs in and fetches every GET route of the features' routes.c (with real slugs, this
year, and the request's and expense's ids), every page those link to (one level deep), and its
own "my data". What must hold:

- the budget (figures, sources, requests, expenses, receipts, the CSV): only for the network's
  treasurer, its chair and the contact point; for a member, an employee, the ambassador,
  another network's treasurer, another network's core team and the administrator every budget
  page is 404 and no marker shows anywhere;
- no budget page names the person who entered something (no per-person figures);
- a POST to the budget by someone without a part in it is 404 and changes nothing."""

import json
import re
import time

from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, app_routes, check, join, require,
                     run_cli, sign_in_full, test, user_add)
from test_leaks import _links, _whole
import htmlcheck

EN = "en-GB,en;q=0.9"
SLUG = "iedereen-telt"
NETWORK_SLUGS = ("iedereen-telt", "neurokring", "lichtpunt")
YEAR = time.gmtime().tm_year
BASE = f"/n/{SLUG}/budget/{YEAR}"
TREASURER = ("zbleak.penning@rijnstad.example", "Zbleaknaam Penningmeester")
OTHER_TREASURER = ("zbleak.ander@rijnstad.example", "Zbleakander Penningmeester")
MEMBER = ("zbleak.lid@rijnstad.example", "Zbleaklid Lid")
MARKERS = ("Zbleak-gebarentolk", "Zbleak-waarom", "Zbleakbron", "Zbleak-bon", "1,234.57")
PDF = (b"%PDF-1.4\n% Zbleak-bon\n1 0 obj << /Type /Catalog >> endobj\n"
       b"trailer << /Root 1 0 R >>\n%%EOF\n")


def _client(s, email, full=False):
    c = Client(s, lang=EN)
    if full:
        sign_in_full(c, email)
    else:
        c.sign_in(email)
    require(c.get("/account").status == 200, f"signing in as {email} did not work")
    return c


def _form(c, path):
    r = c.get(path)
    require(r.status == 200, f"GET {path}: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    return r


def _upload(c, path, data):
    b = "----ZbLeakBoundary"
    body = (f'--{b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{c.token}\r\n'
            f'--{b}\r\nContent-Disposition: form-data; name="receipt"; filename="b.pdf"\r\n'
            'Content-Type: application/pdf\r\n\r\n').encode() + data + f"\r\n--{b}--\r\n".encode()
    return c.request("POST", path, body=body, headers={
        "Content-Type": f"multipart/form-data; boundary={b}",
        "Origin": c.server.origin, "Sec-Fetch-Site": "same-origin"})


def _set_up(s):
    for email, name, slug in ((TREASURER[0], TREASURER[1], SLUG),
                              (OTHER_TREASURER[0], OTHER_TREASURER[1], "neurokring")):
        user_add(s.db, email, name)
        p = run_cli(["user", "role", email, "treasurer", "--network", slug, "--db", s.db])
        require(p.returncode == 0, f"`kring user role … treasurer`: {p.stderr.strip()!r}")
    user_add(s.db, MEMBER[0], MEMBER[1])
    tr = _client(s, TREASURER[0], full=True)
    cp = _client(s, DEMO["contact"])
    _form(cp, BASE)
    r = cp.post(BASE + "/allocate", {"source": "Zbleakbron", "alloc_amount": "5000"})
    require(r.status == 303, f"allocating: {r.status}")
    _form(tr, BASE)
    r = tr.post(BASE + "/request", {"req_amount": "100",
                                    "justification": "Zbleak-waarom: een tolk extra"})
    require(r.status == 303, f"asking for more: {r.status}")
    r = tr.post(BASE + "/expense", {"exp_amount": "1234,57", "date": f"{YEAR}-01-03",
                                    "what": "Zbleak-gebarentolk voor de bijeenkomst"})
    require(r.status == 303, f"entering the expense: {r.status}")
    r = tr.get(BASE)
    eid = max(int(x) for x in re.findall(r"/expenses/(\d+)\"", r.text))
    rid = max(int(x) for x in re.findall(r"/requests/(\d+)\"", r.text))
    _form(tr, f"{BASE}/expenses/{eid}")
    r = _upload(tr, f"{BASE}/expenses/{eid}/receipt", PDF)
    require(r.status == 303, f"uploading the receipt: {r.status}")
    member = _client(s, MEMBER[0])
    join(member, f"/n/{SLUG}", "visible")
    viewers = {
        "treasurer": (tr, True),
        "chair": (_client(s, DEMO["chair"], full=True), True),
        "contact point": (cp, True),
        "member": (member, False),
        "employee": (_client(s, DEMO_EMPLOYEE), False),
        "ambassador": (_client(s, DEMO["ambassador"]), False),
        "other network's treasurer": (_client(s, OTHER_TREASURER[0], full=True), False),
        "other network's core team": (_client(s, DEMO["secretary"], full=True), False),
        "administrator": (_client(s, DEMO["admin"], full=True), False),
        "signed out": (Client(s, lang=EN), False),
    }
    return viewers, eid, rid


def _paths(eid, rid):
    out = []
    for method, pattern, _, _ in app_routes():
        if method != "GET" or pattern.startswith("/static/"):
            continue
        paths = [pattern]
        if "{slug}" in pattern:
            paths = [p.replace("{slug}", s) for p in paths for s in NETWORK_SLUGS]
        paths = [p.replace("{year}", str(YEAR)) for p in paths]
        if "{id}" in pattern:
            paths = [p.replace("{id}", str(i)) for p in paths for i in (eid, rid, 1)]
        paths = [p.replace("{sub}", "adhd").replace("{token}", "A" * 43).replace("{ref}", "x")
                 for p in paths]
        out += paths
    return out


@test
def leaks_budget_only_treasurer_chair_and_contact_point():
    with Server() as s:
        viewers, eid, rid = _set_up(s)
        paths = _paths(eid, rid)
        budget_paths = [BASE, f"/n/{SLUG}/budget", f"{BASE}/csv", f"{BASE}/expenses/{eid}",
                        f"{BASE}/expenses/{eid}/receipt", f"{BASE}/requests/{rid}"]
        found = []
        for role, (c, allowed) in viewers.items():
            for p in budget_paths:
                r = c.get(p)
                if allowed:
                    check(r.status == 200, f"{role}: GET {p}: {r.status}, expected 200")
                elif role == "signed out":
                    check(r.status == 303, f"{role}: GET {p}: {r.status}, expected 303")
                else:
                    check(r.status == 404, f"{role}: GET {p}: {r.status}, expected 404")
            todo, fetched = list(paths), set()
            for _ in range(2):
                nxt = []
                for path in todo:
                    if path in fetched or path.startswith("/static/") or "/sign-out" in path:
                        continue
                    fetched.add(path)
                    r = c.get(path)
                    text = _whole(r)
                    if not allowed:
                        for m in MARKERS:
                            if m in text:
                                found.append(f"{role} sees {m!r} on GET {path}")
                    elif "/budget" in path and role != "treasurer" and TREASURER[1] in text:
                        found.append(f"{role}: GET {path} names who entered the budget")
                    nxt += _links(r)
                todo = nxt
            r = c.get(f"/n/{SLUG}")
            if role != "signed out":
                has_link = f'href="/n/{SLUG}/budget"' in r.text
                check(has_link == allowed, f"{role}: the network's page "
                      f"{'lacks' if allowed else 'shows'} the link to the budget")
            if role != "signed out":
                r = c.get("/me/data.json")
                check(r.status == 200, f"{role}: GET /me/data.json: {r.status}")
                data = json.loads(r.text)
                b = data.get("budget", {})
                mine = [e["what"] for e in b.get("expenses", [])]
                if role == "treasurer":
                    want = ["Zbleak-gebarentolk voor de bijeenkomst"]
                    check(mine == want, f"{role}: my data lists the expenses {mine}, "
                          f"expected {want}")
                else:
                    # The contact point entered the demo's expenses: those are theirs.
                    check(not any("Zbleak" in m for m in mine),
                          f"{role}: my data lists the treasurer's expense")
        # POSTs by those without a part: 404, and nothing changes.
        tr = viewers["treasurer"][0]
        before = tr.get(BASE).text
        for role, (c, allowed) in viewers.items():
            if allowed or role == "signed out":
                continue
            c.token = c.token or c.csrf("/account")
            for path, fields in ((BASE + "/allocate", {"source": "X", "alloc_amount": "1"}),
                                 (BASE + "/expense", {"exp_amount": "1", "date": f"{YEAR}-01-01",
                                                      "what": "x"}),
                                 (BASE + "/request", {"req_amount": "1", "justification": "x"}),
                                 (f"{BASE}/expenses/{eid}/approve", {}),
                                 (f"{BASE}/requests/{rid}/decide", {"decision": "approved"}),
                                 (BASE + "/close", {})):
                r = c.post(path, fields)
                check(r.status == 404, f"{role}: POST {path}: {r.status}, expected 404")
        after = tr.get(BASE).text
        check(re.findall(r'data-figure="[a-z]+">[^<]*<', before) ==
              re.findall(r'data-figure="[a-z]+">[^<]*<', after),
              "POSTs by roles without a part in the budget changed its figures")
        # The chair reads along but changes nothing.
        ch = viewers["chair"][0]
        _form(ch, BASE)
        r = ch.post(BASE + "/expense", {"exp_amount": "1", "date": f"{YEAR}-01-01", "what": "x"})
        check(r.status == 403, f"the chair entering an expense: {r.status}, expected 403")
        # The receipt's download is sandboxed for whoever may fetch it.
        r = viewers["chair"][0].get(f"{BASE}/expenses/{eid}/receipt")
        check(r.body == PDF, "the chair's download is not the receipt")
        check("sandbox" in " ".join(r.header_all("Content-Security-Policy")),
              "the receipt's download is not sandboxed")
        for m in found:
            check(False, m)
