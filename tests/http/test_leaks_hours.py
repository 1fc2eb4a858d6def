# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_leaks_hours.py: the leak suite for hours and the energy guard (issue 14). Two members of
Neurokring's core team with markers in their names ask for agreements: member A asks manager 1
(who signs in and opens the link) and the contact point (who approves with a marked reason); A
books time with a marked duration, three times outside working hours, so that a warning of the
energy guard shows. Member B asks manager 2. Then every role signs in and fetches every GET
route of the features' routes.c (with real slugs and both managers' links), every page those
link to (one level deep) and its own "my data" download, and every e-mail is read. What must
hold:

- an agreement's reason, a booking and a warning: only to the member themselves, never to
  anyone else (a manager, the contact point, the ambassador, the administrator, the core team,
  a fellow member, an employee);
- a manager learns about a member only what that member asked them to approve: manager 1 sees
  member A's name, the network, the hours and the period on their link's page only, never
  member B; manager 2 never sees member A; neither opens the other's link;
- the e-mail to a manager names the member and gives the link: never the network, the hours
  or anything else;
- the load view shows shares and roles, to the network's core team only."""

import datetime
import json
import re

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, require, run_cli,
                     sign_in_full, test, user_add)
from test_leaks import _links, _whole

EN = "en-GB,en;q=0.9"
NK = "neurokring"
NETWORK_SLUGS = ("iedereen-telt", "neurokring", "lichtpunt")
A = ("zqleka@rijnstad.example", "Zqleka Lidmarker")
B = ("zqlekb@rijnstad.example", "Zqlekb Lidmarker")
M1 = ("zqmgr1@rijnstad.example", "Zqmanager Een")
M2 = ("zqmgr2@rijnstad.example", "Zqmanager Twee")
REASON = "Zqreden-a: past goed bij het werkplan"
DURATION = "7:13"  # member A's marked booking
WARNING = "Often outside working hours"


def day(offset):
    d = datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=offset)
    return d.isoformat()


class Viewer:
    def __init__(self, role, client, own=None, token=None):
        self.role = role
        self.client = client
        self.own = own        # "A" or "B" for the members themselves
        self.token = token    # a manager's own link


def _token(c, path):
    r = c.get(path)
    require(r.status == 200, f"GET {path}: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token


def _member(s, email, name):
    user_add(s.db, email, name)
    p = run_cli(["user", "role", email, "core", "--network", NK, "--db", s.db])
    require(p.returncode == 0, f"a core role for {email}: {p.stderr!r}")
    c = Client(s, lang=EN)
    sign_in_full(c, email)
    return c


def _ask(c, fields):
    _token(c, f"/n/{NK}/hours/agreement")
    r = c.post(f"/n/{NK}/hours/agreement", fields)
    require(r.status == 303, f"asking {fields}: {r.status}")


def _links_to(s, to):
    rows = s.sql("SELECT body FROM outbox WHERE to_addr = ?", (to,))
    out = [m.group(1) for (body,) in rows
           for m in [re.search(r"/hours/approve/([A-Za-z0-9_-]{43})", body)] if m]
    require(len(out) == 1, f"{len(out)} request e-mails to {to}, expected 1")
    return out[0]


def _set_up(s):
    a = _member(s, *A)
    b = _member(s, *B)
    _ask(a, {"basis": "year", "hours": "97", "start": day(0), "end": day(180),
             "approver": "manager", "email": M1[0]})
    _ask(a, {"basis": "week", "hours": "40", "start": day(-40), "end": day(40),
             "approver": "contact"})
    _ask(b, {"basis": "week", "hours": "3", "start": day(0), "end": day(90),
             "approver": "manager", "email": M2[0]})
    hr = Client(s, lang=EN)
    hr.sign_in(DEMO["contact"])
    r = hr.get("/hours/approvals")
    hr.token = htmlcheck.csrf_token(r.text)
    at = r.text.find(A[1])
    m = re.search(r'action="(/hours/approvals/\d+)"', r.text[at:])
    require(at >= 0 and m, "the contact point does not see member A's request")
    r = hr.post(m.group(1), {"decision": "approve", "reason": REASON})
    require(r.status == 303, f"approving: {r.status}")
    for i, (h, mi, outside) in enumerate((("7", "13", True), ("1", "0", True),
                                          ("1", "0", True))):
        _token(a, f"/n/{NK}/hours")
        r = a.post(f"/n/{NK}/hours", [("what", "role"), ("date", day(-i)), ("hours", h),
                                       ("minutes", mi)] + ([("outside", "1")] if outside else []))
        require(r.status == 303, f"booking: {r.status}")
    require(WARNING in a.get("/me/hours").text, "member A sees no warning")
    t1, t2 = _links_to(s, M1[0]), _links_to(s, M2[0])
    viewers = {"member A": Viewer("member A", a, own="A"),
               "member B": Viewer("member B", b, own="B")}
    for key, (email, name), tok in (("manager 1", M1, t1), ("manager 2", M2, t2)):
        user_add(s.db, email, name)
        c = Client(s, lang=EN)
        c.sign_in(email)
        viewers[key] = Viewer(key, c, token=tok)
    viewers["contact point"] = Viewer("contact point", hr)
    viewers["signed out"] = Viewer("signed out", Client(s, lang=EN))
    for role, addr, full in (("employee", DEMO_EMPLOYEE, False),
                             ("ambassador", DEMO["ambassador"], False),
                             ("core team of the network", DEMO["secretary"], True),
                             ("core team of another network", DEMO["chair"], True),
                             ("administrator", DEMO["admin"], True)):
        c = Client(s, lang=EN)
        if full:
            sign_in_full(c, addr)
        else:
            c.sign_in(addr)
        viewers[role] = Viewer(role, c)
    return viewers, t1, t2


def _paths(tokens):
    from harness import app_routes
    out = []
    for method, pattern, _, _ in app_routes():
        if method != "GET" or pattern.startswith("/static/"):
            continue
        paths = [pattern]
        if "{slug}" in pattern:
            paths = [p.replace("{slug}", s) for p in paths for s in NETWORK_SLUGS]
        if "{token}" in pattern:
            paths = [p.replace("{token}", t) for p in paths for t in tokens]
        paths = [p.replace("{ref}", "a" * 16).replace("{sub}", "adhd").replace("{id}", "1")
                 for p in paths]
        out += paths
    return out


def _hours_page(path):
    bare = path.split("?")[0]
    return bare.startswith(("/hours", "/me/hours", "/hours/rule")) or bare.endswith(
        ("/hours", "/hours/agreement", "/load"))


def _look(v, path, text, t1, t2, found):
    bare = path.split("?")[0]
    main = text[text.find("<main"):] if "<main" in text else text
    if v.own != "A":
        # The duration as a whole, not inside a clock time ("18:07:13" on the audit page).
        booked = re.search(r"(?<![\d:])" + re.escape(DURATION) + r"(?![\d:])", main)
        for seen, what in ((REASON[:10] in main, "A's reason"), (booked, "A's booking")):
            if seen:
                found.append(f"{v.role} sees {what} on GET {path}")
    # A warning is shown on its own member's /me/hours only (the demo's secretary has some).
    if ('id="guard-' in main or WARNING in main) and bare != "/me/hours":
        found.append(f"{v.role} sees a warning elsewhere than on their own /me/hours: "
                     f"GET {path}")
    if v.role.startswith("manager"):
        mine, theirs = (A, B) if v.role == "manager 1" else (B, A)
        own_page = bare == f"/hours/approve/{v.token}"
        if theirs[1] in main and _hours_page(path):
            found.append(f"{v.role} sees a member nobody asked them about on GET {path}")
        if mine[1] in main and _hours_page(path) and not own_page:
            found.append(f"{v.role} sees their member on GET {path}, not only on the request")
        other = t2 if v.role == "manager 1" else t1
        if other in text and other not in path:
            found.append(f"{v.role} sees the other manager's link on GET {path}")
    elif v.token is None and any(t in text and t not in path for t in (t1, t2)):
        found.append(f"{v.role} sees a manager's link on GET {path}")
    if bare.endswith("/load") and "Share of the hours" in main and \
            v.role not in ("member A", "member B", "core team of the network",
                           "core team of another network"):
        found.append(f"{v.role} sees a load view on GET {path}")


def _crawl(v, paths, t1, t2, found):
    todo, fetched = list(paths), set()
    for _ in range(2):
        nxt = []
        for path in todo:
            if path in fetched or path.startswith("/static/") or "/sign-out" in path:
                continue
            fetched.add(path)
            r = v.client.get(path)
            _look(v, path, _whole(r), t1, t2, found)
            nxt += _links(r)
        todo = nxt


@test
def leaks_hours_a_manager_learns_only_what_they_were_asked():
    with Server() as s:
        viewers, t1, t2 = _set_up(s)
        paths = _paths((t1, t2))
        found = []
        for v in viewers.values():
            _crawl(v, paths, t1, t2, found)
            if v.role != "signed out":
                r = v.client.get("/me/data.json")
                check(r.status == 200, f"{v.role}: GET /me/data.json: {r.status}")
                _look(v, "/me/data.json", r.text, t1, t2, found)
                data = json.loads(r.text)
                marked = [b for b in data.get("hours_bookings", []) if b["minutes"] == 433]
                want = 1 if v.own == "A" else 0
                check(len(marked) == want, f"{v.role}: my data lists {len(marked)} of member "
                      f"A's marked bookings, expected {want}")
                if v.own == "B":
                    check(not data.get("hours_bookings"), "member B's data lists bookings")
        check(not found, "; ".join(sorted(set(found))[:12]))
        # Member A's warning is theirs: nobody without bookings of their own sees one.
        for key in ("member B", "manager 1", "manager 2", "contact point", "employee",
                    "ambassador", "administrator"):
            r = viewers[key].client.get("/me/hours")
            check(r.status == 200 and 'id="guard-' not in r.text and WARNING not in r.text,
                  f"{key} sees a warning on their /me/hours ({r.status})")
        # The managers' own pages: exactly their member's request.
        for key, mine, theirs, tok in (("manager 1", A, B, t1), ("manager 2", B, A, t2)):
            c = viewers[key].client
            r = c.get(f"/hours/approve/{tok}")
            check(r.status == 200 and mine[1] in r.text and theirs[1] not in r.text,
                  f"{key}: their request page ({r.status}) is not exactly their member's")
            other = t2 if tok == t1 else t1
            check(c.get(f"/hours/approve/{other}").status == 404,
                  f"{key} opens the other manager's request")
        for key in viewers:
            if key.startswith("manager"):
                continue
            for tok in (t1, t2):
                r = viewers[key].client.get(f"/hours/approve/{tok}")
                check(r.status != 200, f"{key} opens a manager's request: {r.status}")
        # E-mails: a manager's names the member and the link, not the network or the hours.
        for to, member, other in ((M1[0], A, B), (M2[0], B, A)):
            for subject, body in s.sql("SELECT subject, body FROM outbox WHERE to_addr = ?",
                                       (to,)):
                text = subject + body
                if "/hours/approve/" not in text:
                    continue
                check(member[1] in text and other[1] not in text,
                      f"the e-mail to {to} does not name exactly its member")
                for bad in ("Neurokring", "neurokring", " 97 ", REASON[:10], DURATION):
                    check(bad not in text, f"the e-mail to {to} holds {bad!r}")
        for (body,) in s.sql("SELECT body FROM outbox"):
            check(REASON[:10] not in body and WARNING not in body,
                  "an e-mail holds a reason or a warning")
