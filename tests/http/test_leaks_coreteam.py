# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_leaks_coreteam.py: the leak suite for a core team that lasts (issue 14). The chair of
Netwerk Iedereen Telt records a former treasurer (a term that ended: only in the history), writes
marked handover notes for the chair's role, and leaves warnings on the team page; Neurokring's
secretary names a marked successor. Then every role signs in and fetches every GET route of the
features' routes.c (with real slugs, term ids and role keys), every page those link to (one
level deep) and its own "my data" download. What must hold:

- the history (the former treasurer's name) and the warnings: only to the network's core team
  and its contact point;
- the handover notes: only to the role's holder (the chair); never to the contact point, the
  ambassador, members, another network's core team or the administrator;
- a named successor: to the core team and contact point of that network and to the successor,
  nobody else, until their term starts;
- a holder of one of the network's own roles and a member of the network are "outside the core
  team": they see none of it; who holds an own role is public on the network's open page only,
  as a built-in role is.
There is no manager role in Kring yet (it comes with the hours of issue 14); when it does, it
belongs in VIEWERS below."""

import datetime
import json
import re

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, join, require, sign_in_full,
                     test, user_add, db_connect)
from test_leaks import _links, _whole

EN = "en-GB,en;q=0.9"
BROAD = "/n/iedereen-telt"
NEURO = "/n/neurokring"
NETWORK_SLUGS = ("iedereen-telt", "neurokring", "lichtpunt")

FORMER = ("zqvroeger@rijnstad.example", "Zqvroeger Penningmeester")
SUCCESSOR = ("zqopvolger@rijnstad.example", "Zqopvolger Secretaris")
MEMBER = ("zqlid@rijnstad.example", "Zqlid Gewoon")
OWNROLE = ("zqeigen@rijnstad.example", "Zqeigen Rolhouder")
NOTE = "Zqnotitie-geheim: de code van de kast is 4711."
# What only the warnings box and the history say.
TEAM_ONLY = ("Keep an eye on", "has no deputy", "no successor has been named",
             "Turnover per year", "Who held which role")


def _signed_in(s, email, full=False):
    c = Client(s, lang=EN)
    if full:
        c.tf = sign_in_full(c, email)
    else:
        c.sign_in(email)
    r = c.get("/account")
    require(r.status == 200, f"signing in as {email} did not work: GET /account {r.status} "
            f"{r.header('Location')}")
    return c


def _post(c, page, path, fields):
    r = c.get(page)
    require(r.status == 200, f"GET {page}: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    r = c.post(path, fields)
    require(r.status == 303, f"POST {path}: {r.status}")


def _term_ids(s):
    con = db_connect(s.db)
    try:
        return [str(r[0]) for r in con.execute("SELECT id FROM coreteam_term ORDER BY id")]
    finally:
        con.close()


def _term_of(s, email):
    con = db_connect(s.db)
    try:
        rows = con.execute("SELECT t.id FROM coreteam_term t JOIN account a ON"
                           f" a.id = t.holder_id WHERE a.email = '{email}'"
                           " AND t.ended_on IS NULL").fetchall()
    finally:
        con.close()
    require(rows, f"no open term of {email}")
    return rows[0][0]


class Viewer:
    def __init__(self, role, client, history=False, notes=False, successor=False,
                 neuro_team=False):
        self.role = role
        self.neuro_team = neuro_team  # Neurokring's core team: its own warnings
        self.seen = set()
        self.client = client
        self.history = history      # sees the history and warnings of Iedereen Telt
        self.notes = notes          # reads the chair's handover notes
        self.successor = successor  # sees Neurokring's named successor


def _set_up(s):
    for email, name in (FORMER, SUCCESSOR, MEMBER, OWNROLE):
        user_add(s.db, email, name)
    chair = _signed_in(s, DEMO["chair"], full=True)
    team = BROAD + "/team"
    # A former treasurer: started and ended, so only the history names them.
    _post(chair, team, team + "/terms",
          {"role": "treasurer", "email": FORMER[0], "starts": "2020-01-01"})
    tid = _term_of(s, FORMER[0])
    _post(chair, f"{team}/terms/{tid}", f"{team}/terms/{tid}/end", {"ended": "2021-06-30"})
    # Marked notes for the chair's role.
    notes = team + "/notes/chair"
    _post(chair, notes, notes, {"text": "## Overdracht\n\n" + NOTE})
    # A holder of an own role (not on the core team).
    r = chair.get(team)
    keys = [e.get("value") for e in htmlcheck.elements(r.text, "input")
            if e.get("name") == "role" and re.fullmatch(r"c\d+", e.get("value") or "")]
    require(keys, "no own role offered on the team page")
    _post(chair, team, team + "/terms",
          {"role": keys[0], "email": OWNROLE[0],
           "starts": datetime.date.today().isoformat()})
    # Neurokring's secretary names a successor.
    sec = _signed_in(s, DEMO["secretary"], full=True)
    sid = _term_of(s, DEMO["secretary"])
    sp = f"{NEURO}/team/terms/{sid}"
    _post(sec, sp, sp + "/successor", {"successor": SUCCESSOR[0]})
    member = _signed_in(s, MEMBER[0])
    join(member, BROAD, "visible")
    viewers = [
        Viewer("chair (core team of Iedereen Telt)", chair, history=True, notes=True),
        Viewer("secretary (core team of Neurokring)", sec, successor=True, neuro_team=True),
        Viewer("contact point of Iedereen Telt", _signed_in(s, DEMO["contact"]),
               history=True),
        Viewer("ambassador", _signed_in(s, DEMO["ambassador"])),
        Viewer("employee", _signed_in(s, DEMO_EMPLOYEE)),
        Viewer("member of Iedereen Telt", member),
        Viewer("holder of an own role", _signed_in(s, OWNROLE[0])),
        Viewer("named successor", _signed_in(s, SUCCESSOR[0]), successor=True),
        Viewer("administrator", _signed_in(s, DEMO["admin"], full=True)),
        Viewer("signed out", Client(s, lang=EN)),
    ]
    return viewers, keys


def _paths(s, keys):
    from harness import app_routes
    ids = _term_ids(s)
    out = []
    for method, pattern, _, _ in app_routes():
        if method != "GET" or pattern.startswith("/static/"):
            continue
        paths = [pattern]
        if "{slug}" in pattern:
            paths = [p.replace("{slug}", x) for p in paths for x in NETWORK_SLUGS]
        if "{key}" in pattern:
            paths = [p.replace("{key}", k) for p in paths
                     for k in ("chair", "secretary", "treasurer", *keys)]
        if "{id}" in pattern and pattern.startswith("/n/"):
            paths = [p.replace("{id}", i) for p in paths for i in ids]
        paths = [p.replace("{sub}", "adhd").replace("{token}", "A" * 43).replace("{id}", "1")
                 .replace("{ref}", "a" * 16) for p in paths]
        out += paths
    return out


def _look(v, path, text, found):
    bare = path.split("?")[0]
    for name, marker in (("history", FORMER[1]), ("notes", NOTE[:16]),
                         ("successor", SUCCESSOR[1]), ("warnings", "Keep an eye on")):
        if marker in text:
            v.seen.add(name)
    admin_accounts = v.role == "administrator" and bare in ("/admin/accounts", "/admin/audit")
    if FORMER[1] in text and not v.history and not admin_accounts:
        found.append(f"{v.role} sees the former treasurer (history) on GET {path}")
    if FORMER[0] in text and not admin_accounts:
        found.append(f"{v.role} sees the former treasurer's address on GET {path}")
    team = (v.history and bare.startswith(BROAD + "/team")) or \
        (v.neuro_team and bare.startswith(NEURO + "/team"))
    for t in TEAM_ONLY:
        if t in text and not team:
            found.append(f"{v.role} sees {t!r} (warnings or history) on GET {path}")
    if NOTE[:16] in text and not v.notes:
        found.append(f"{v.role} sees the chair's handover notes on GET {path}")
    if SUCCESSOR[1] in text and not v.successor and not admin_accounts:
        found.append(f"{v.role} sees Neurokring's named successor on GET {path}")
    # Taking an own role is public, as a built-in one: on the network's open page (and the team
    # pages of those who manage it), nowhere else.
    if OWNROLE[1] in text and not v.history and v.role != "holder of an own role" and \
            not admin_accounts and bare != BROAD:
        found.append(f"{v.role} sees the holder of an own role on GET {path}")


def _crawl(v, paths, found):
    todo, fetched = list(paths), set()
    for _ in range(2):
        nxt = []
        for path in todo:
            if path in fetched or path.startswith("/static/") or "/sign-out" in path:
                continue
            fetched.add(path)
            r = v.client.get(path)
            _look(v, path, _whole(r), found)
            nxt += _links(r)
        todo = nxt


@test
def leaks_coreteam_history_notes_and_warnings_stay_with_the_core_team():
    with Server() as s:
        viewers, keys = _set_up(s)
        paths = _paths(s, keys)
        found = []
        for v in viewers:
            _crawl(v, paths, found)
            if v.role == "signed out":
                continue
            r = v.client.get("/me/data.json")
            check(r.status == 200, f"{v.role}: GET /me/data.json: {r.status}")
            _look(v, "/me/data.json", r.text, found)
            notes = json.loads(r.text).get("coreteam", {}).get("handover_notes", [])
            check(bool(notes) == v.role.startswith("chair"),
                  f"{v.role}: my data holds the handover notes {notes}")
        for m in found:
            check(False, m)
        # The crawl reached what each may see (else the suite could not fail).
        want = {"chair (core team of Iedereen Telt)": {"history", "notes", "warnings"},
                "contact point of Iedereen Telt": {"history", "warnings"},
                "secretary (core team of Neurokring)": {"successor"}}
        for v in viewers:
            w = want.get(v.role, set())
            check(w <= v.seen, f"{v.role}: the crawl found {sorted(v.seen)}, expected {sorted(w)}")
        # The contact point manages the team, but does not read the notes.
        hr = [v for v in viewers if v.role.startswith("contact")][0].client
        check(hr.get(BROAD + "/team/notes/chair").status == 403,
              "the contact point reads the chair's handover notes")
        succ = [v for v in viewers if v.role == "named successor"][0].client
        check(succ.get(NEURO + "/team/notes/secretary").status == 200,
              "the named successor cannot read the secretary's notes")
        check(succ.get(NEURO + "/team/history").status == 403,
              "the named successor reads the history before their term")


@test
def leaks_coreteam_sealed_notes_are_not_in_the_database():
    with Server() as s:
        chair = _signed_in(s, DEMO["chair"], full=True)
        notes = BROAD + "/team/notes/chair"
        _post(chair, notes, notes, {"text": NOTE})
        con = db_connect(s.db)
        try:
            rows = con.execute("SELECT role_key, sealed FROM coreteam_note").fetchall()
        finally:
            con.close()
        require(rows, "no notes stored")
        for key, sealed in rows:
            blob = bytes(sealed) if not isinstance(sealed, str) else sealed.encode()
            check(b"Zqnotitie" not in blob and b"4711" not in blob,
                  f"the notes of {key} are stored in the clear")
