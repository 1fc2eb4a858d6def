# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_coreteam.py: a core team that lasts (issue 14), black box over HTTP: the core team's
page with roles, terms, deputies and warnings; starting and ending terms (an end before the
start, a start after today and bad dates change nothing); a successor taking over and reading
the handover notes; deputies; own roles; open roles on the network's open page; the warning at
two months to the day; more than two roles; the history and turnover for the core team only;
the administrator's form and `kring user role` recording terms; erasing an account; "my data".

The demo (src/app/coreteam/demo.c): Netwerk Iedereen Telt has a former chair (Mehmet Yıldız,
2022-2024), the chair Fatima El Amrani (term ending within two months, no successor, deputy
Lieke van der Horst), an own role Communicatie (Anouk Verbruggen, no deputy) and an open
treasurer's role; Neurokring's secretary Joost Visser has a deputy and a year to go."""

import calendar
import datetime
import json
import re
import signal
import time

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, error_summary, require,
                     run_cli, sign_in_full, test, user_add, db_connect)

EN = "en-GB,en;q=0.9"
BROAD = "/n/iedereen-telt"   # core team: the chair; contact point: hr@
NEURO = "/n/neurokring"      # core team: the secretary


def today():
    return datetime.datetime.now(datetime.timezone.utc).date()


def add_months(d, months):
    """As coreteam_add_months(): the day kept, or cut to the month's last."""
    total = d.year * 12 + d.month - 1 + months
    y, m = divmod(total, 12)
    m += 1
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def core(s, role="chair"):
    c = Client(s, lang=EN)
    c.tf = sign_in_full(c, DEMO[role])
    return c


def person(s, key, name=None):
    email = f"zq{key}@rijnstad.example"
    aid = user_add(s.db, email, name or f"Zq{key} Kernlid")
    return email, aid


def signed_in(s, email):
    c = Client(s, lang=EN)
    c.sign_in(email)
    return c


def form_post(c, page, path, fields, expect=303):
    """GETs page (for the token), then POSTs fields to path; checks the status."""
    r = c.get(page)
    require(r.status == 200, f"GET {page}: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    r = c.post(path, fields)
    require(expect is None or r.status == expect,
            f"POST {path} {fields}: {r.status}, expected {expect}; {error_summary(r)}")
    return r


def terms(s, where=""):
    """The stored terms: [(id, network slug, role, holder name or '', starts, planned, ended,
    deputy name or '', successor name or '')], oldest first."""
    con = db_connect(s.db)
    try:
        return con.execute(
            "SELECT t.id, n.slug, t.role_key, coalesce(h.name, ''), t.starts_on,"
            " coalesce(t.planned_end, ''), coalesce(t.ended_on, ''), coalesce(d.name, ''),"
            " coalesce(x.name, '') FROM coreteam_term t JOIN network n ON n.id = t.network_id"
            " LEFT JOIN account h ON h.id = t.holder_id LEFT JOIN account d ON d.id = t.deputy_id"
            " LEFT JOIN account x ON x.id = t.successor_id ORDER BY t.id").fetchall()
    finally:
        con.close()


def term_id(s, slug, holder, open_only=True):
    for t in terms(s):
        if t[1] == slug and t[3] == holder and (not open_only or not t[6]):
            return t[0]
    require(False, f"no {'open ' if open_only else ''}term of {holder} in {slug}")


def role_of(s, slug, email):
    con = db_connect(s.db)
    try:
        rows = con.execute("SELECT r.role FROM network_role r JOIN network n ON"
                           " n.id = r.network_id JOIN account a ON a.id = r.account_id"
                           f" WHERE n.slug = '{slug}' AND a.email = '{email}'").fetchall()
    finally:
        con.close()
    return rows[0][0] if rows else None


def own_key(c, name):
    """The key ("c12") of the network's own role called name, from the team page's form."""
    r = c.get(BROAD + "/team")
    for e in htmlcheck.elements(r.text, "label"):
        m = re.fullmatch(r"f-role-(c\d+)", e.get("for") or "")
        if m and " ".join(e.text.split()) == name:
            return m.group(1)
    require(False, f"the team page offers no own role {name!r}")


def warnings(r):
    """The texts of the warnings box's items by kind: {"ends": [...], "many": [...], ...}."""
    out = {"ends": [], "many": [], "deputy": []}
    for e in htmlcheck.elements(r.text, "li"):
        for k in out:
            if f"warning-{k}" in (e.get("class") or "").split():
                out[k].append(" ".join(e.text.split()))
    return out


@test
def coreteam_page_shows_roles_terms_deputies_and_warnings():
    with Server() as s:
        chair = core(s)
        r = chair.get(BROAD + "/team")
        require(r.status == 200, f"GET {BROAD}/team as the chair: {r.status}")
        check(not htmlcheck.structure_problems(r.text, "en"),
              f"the team page: {htmlcheck.structure_problems(r.text, 'en')}")
        for text in ("Fatima El Amrani", "Lieke van der Horst", "Communicatie",
                     "Anouk Verbruggen", "Nobody: marked as open"):
            check(text in r.text, f"the team page does not show {text!r}")
        check("Mehmet" not in r.text, "the team page lists a former chair as a holder")
        w = warnings(r)
        check(len(w["ends"]) == 1 and "Fatima El Amrani" in w["ends"][0],
              f"the warning for a term ending without a successor: {w['ends']}")
        check(any("Anouk Verbruggen" in x for x in w["deputy"]),
              f"no warning for the role without a deputy: {w['deputy']}")
        check(not any("Fatima" in x for x in w["deputy"]),
              "a warning about a deputy for the chair, who has one")
        check("/n/iedereen-telt/team/notes/chair" in r.text,
              "the chair has no link to the chair's handover notes")
        # The contact point of the network manages it too; Neurokring's secretary does not.
        hr = signed_in(s, DEMO["contact"])
        check(hr.get(BROAD + "/team").status == 200, "the contact point cannot open the page")
        check(core(s, "secretary").get(BROAD + "/team").status == 403,
              "another network's core team opens the team page")


@test
def coreteam_term_end_before_start_and_bad_dates_change_nothing():
    with Server() as s:
        chair = core(s)
        email, _ = person(s, "datum")
        before = terms(s)
        page = BROAD + "/team"
        t0 = today()
        cases = [
            ({"starts": "2026-06-01", "planned_end": "2026-05-31"}, "planned_end",
             "before the start"),
            ({"starts": "2026-02-30"}, "starts", "year-month-day"),
            ({"starts": "1-2-2026"}, "starts", "year-month-day"),
            ({"starts": (t0 + datetime.timedelta(days=1)).isoformat()}, "starts",
             "after today"),
            ({"starts": "2026-01-01", "planned_end": "morgen"}, "planned_end",
             "year-month-day"),
        ]
        for extra, fieldname, words in cases:
            fields = {"role": "secretary", "email": email, **extra}
            r = form_post(chair, page, page + "/terms", fields, expect=400)
            summary = error_summary(r) or ""
            check(words in summary.lower(), f"{extra}: the message is {summary!r}")
            check(f'href="#f-{fieldname}"' in r.text, f"{extra}: the message does not point to "
                  f"the field {fieldname}")
            check(email in r.text, f"{extra}: the form does not keep the address typed")
        for fields, words in (({"role": "king", "email": email, "starts": "2026-01-01"},
                               "choose one of the roles"),
                              ({"role": "secretary", "email": "zqnobody@rijnstad.example",
                                "starts": "2026-01-01"}, "no account"),
                              ({"role": "secretary", "email": email, "starts": "2026-01-01",
                                "deputy": email}, "someone else")):
            r = form_post(chair, page, page + "/terms", fields, expect=400)
            check(words in (error_summary(r) or "").lower(),
                  f"{fields}: the message is {error_summary(r)!r}")
        check(terms(s) == before, "a refused term changed the stored terms")
        check(role_of(s, "iedereen-telt", email) is None, "a refused term gave a role")
        # Ending a term before its start, or after today: refused; its planned end too.
        tid = term_id(s, "iedereen-telt", "Fatima El Amrani")
        tpage = f"{BROAD}/team/terms/{tid}"
        for path, fields, words in (
                (tpage + "/end", {"ended": "2024-12-31"}, "before the start"),
                (tpage + "/end", {"ended": (t0 + datetime.timedelta(days=1)).isoformat()},
                 "after today"),
                (tpage + "/end", {"ended": "gisteren"}, "year-month-day"),
                (tpage + "/planned-end", {"planned_end": "2024-01-01"}, "before the start")):
            r = form_post(chair, tpage, path, fields, expect=400)
            check(words in (error_summary(r) or "").lower(),
                  f"POST {path} {fields}: the message is {error_summary(r)!r}")
        check(terms(s) == before, "a refused end changed the stored terms")
        check(role_of(s, "iedereen-telt", DEMO["chair"]) == "chair", "the chair lost the role")
        # A good one starts, writes network_role and closes nothing else.
        form_post(chair, page, page + "/terms",
                  {"role": "secretary", "email": email, "starts": t0.isoformat(),
                   "planned_end": add_months(t0, 24).isoformat()})
        check(role_of(s, "iedereen-telt", email) == "secretary",
              "a started term of a built-in role did not write network_role")
        check("Zqdatum Kernlid" in signed_in(s, DEMO_EMPLOYEE).get(BROAD).text,
              "the network's open page does not name the new secretary")


@test
def coreteam_successor_takes_over_and_receives_the_notes():
    with Server() as s:
        chair = core(s)
        email, _ = person(s, "opvolger", "Zqopvolger Voorzitter")
        tid = term_id(s, "iedereen-telt", "Fatima El Amrani")
        tpage = f"{BROAD}/team/terms/{tid}"
        notes = BROAD + "/team/notes/chair"
        nxt = signed_in(s, email)
        check(nxt.get(notes).status == 403, "someone without the role reads the chair's notes")
        r = form_post(chair, tpage, tpage + "/successor", {"successor": DEMO["chair"]},
                      expect=400)
        check("someone else" in (error_summary(r) or ""), "the holder as their own successor")
        form_post(chair, tpage, tpage + "/successor", {"successor": email})
        check(terms(s)[[t[0] for t in terms(s)].index(tid)][8] == "Zqopvolger Voorzitter",
              "the successor was not stored")
        check(not warnings(chair.get(BROAD + "/team"))["ends"],
              "the warning stays after a successor is named")
        home = nxt.get("/").text
        notice = [" ".join(e.text.split()) for e in htmlcheck.elements(home, "div")
                  if "notice" in (e.get("class") or "").split() and "successor" in e.text]
        check(len(notice) == 1 and f'href="{notes}"' in home,
              f"the successor's home page does not point to the notes: {notice}")
        check(notice and "Iedereen" not in notice[0] and "chair" not in notice[0].lower(),
              f"the home notice names the network or the role: {notice}")
        check("named as a successor" not in chair.get("/").text,
              "the chair's home page shows the successor's notice")
        r = nxt.get(notes)
        check(r.status == 200 and "Wat de voorzitter doet" in r.text,
              f"the named successor does not receive the handover notes: {r.status}")
        check("<h2>Wat de voorzitter doet</h2>" in r.text and "<li>" in r.text,
              "the notes are not rendered as Markdown")
        check('name="text"' not in r.text, "the successor may write the notes before the start")
        check(nxt.get(BROAD + "/team").status == 403,
              "the successor (not yet on the team) opens the team page")
        # Handing over: the successor's term starts today, the chair's ends today.
        form_post(chair, tpage, tpage + "/handover", {})
        check(role_of(s, "iedereen-telt", email) == "chair", "the successor is not the chair")
        check(role_of(s, "iedereen-telt", DEMO["chair"]) is None,
              "the chair before keeps the role after the handover")
        old = [t for t in terms(s) if t[0] == tid][0]
        check(old[6] == today().isoformat(), f"the chair's term ended on {old[6]!r}")
        check("Zqopvolger Voorzitter" in signed_in(s, DEMO_EMPLOYEE).get(BROAD).text,
              "the open page does not name the new chair")
        new = Client(s, lang=EN)
        sign_in_full(new, email)
        check("named as a successor" not in new.get("/").text,
              "the home notice stays after the successor's term started")
        r = new.get(notes)
        check(r.status == 200 and 'name="text"' in r.text,
              "the new chair cannot write the handover notes")
        form_post(new, notes, notes, {"text": "## Zqnieuw\n\nDe sleutel ligt bij de balie."})
        check("Zqnieuw" in new.get(notes).text, "the saved notes are not shown")
        r = form_post(new, notes, notes, {"text": "x" * 20001}, expect=400)
        check("20,000" in (error_summary(r) or ""), "too long notes: no clear message")
        former = Client(s, lang=EN)
        sign_in_full(former, DEMO["chair"], two_factor=chair.tf)
        check(former.get(BROAD + "/team").status == 403,
              "the chair before opens the team page after the handover")
        check(former.get(notes).status == 403, "the chair before still reads the notes")


@test
def coreteam_deputies_and_own_roles():
    with Server() as s:
        chair = core(s)
        tid = term_id(s, "iedereen-telt", "Anouk Verbruggen")
        tpage = f"{BROAD}/team/terms/{tid}"
        for value, words in (("a.verbruggen@rijnstad.example", "someone else"),
                             ("zqnobody@rijnstad.example", "no account"),
                             ("geen adres", "like name@example.org")):
            r = form_post(chair, tpage, tpage + "/deputy", {"deputy": value}, expect=400)
            check(words in (error_summary(r) or ""), f"deputy {value!r}: {error_summary(r)!r}")
        form_post(chair, tpage, tpage + "/deputy", {"deputy": "k.mensah@rijnstad.example"})
        check("Kofi Mensah" in chair.get(tpage).text, "the deputy is not shown")
        check(not warnings(chair.get(BROAD + "/team"))["deputy"],
              "the warning about a missing deputy stays")
        form_post(chair, tpage, tpage + "/deputy", {"deputy": ""})
        check(warnings(chair.get(BROAD + "/team"))["deputy"], "removing the deputy: no warning")
        # Own roles: names checked, and a term in one writes no network role.
        page = BROAD + "/team"
        for name, words in (("", "type a name"), ("x" * 101, "at most 100"),
                            ("Communicatie", "already"), ("Treasurer", "already")):
            r = form_post(chair, page, page + "/roles", {"name": name}, expect=400)
            check(words in (error_summary(r) or "").lower(), f"role {name!r}: {error_summary(r)!r}")
        form_post(chair, page, page + "/roles",
                  {"name": "Buddycoördinator", "description": "Koppelt nieuwe leden."})
        r = chair.get(page)
        check("Buddycoördinator" in r.text, "the own role is not listed")
        email, _ = person(s, "buddy")
        form_post(chair, page, page + "/terms",
                  {"role": own_key(chair, "Buddycoördinator"), "email": email,
                   "starts": today().isoformat()})
        check(role_of(s, "iedereen-telt", email) is None,
              "an own role gave a role in network_role (the core team)")
        check(any(t[3] == "Zqbuddy Kernlid" for t in terms(s)), "the own role's term is missing")
        r = signed_in(s, DEMO_EMPLOYEE).get(BROAD)
        check("Other roles in the network" in r.text and "Zqbuddy Kernlid" in r.text and
              "Buddycoördinator" in r.text,
              "the open page does not name who holds an own role (taking a role is public)")


@test
def coreteam_vacancy_on_the_networks_open_page():
    with Server() as s:
        emp = signed_in(s, DEMO_EMPLOYEE)
        r = emp.get(BROAD)
        require(r.status == 200, f"GET {BROAD}: {r.status}")
        check("We are looking for" in r.text and "Treasurer" in r.text and
              "Mail de voorzitter" in r.text,
              "the open page does not show the open treasurer's role with how to respond")
        check("/team" not in r.text, "the open page links the team page for an employee")
        check("We are looking for" not in emp.get(NEURO).text,
              "a network without open roles shows the block")
        chair = core(s)
        page = BROAD + "/team"
        for fields, words in (({"vrole": "secretary", "respond": ""}, "how people respond"),
                              ({"vrole": "secretary", "respond": "x" * 501}, "500"),
                              ({"vrole": "king", "respond": "Mail mij"}, "choose one")):
            r = form_post(chair, page, page + "/vacancies", fields, expect=400)
            check(words in (error_summary(r) or "").lower(),
                  f"{fields}: {error_summary(r)!r}")
        form_post(chair, page, page + "/vacancies",
                  {"vrole": "secretary", "respond": "Zqreageer bij de voorzitter."})
        r = emp.get(BROAD)
        check("Secretary" in r.text and "Zqreageer bij de voorzitter." in r.text,
              "the new open role is not on the open page")
        form_post(chair, page, page + "/vacancies/secretary/close", {})
        check("Zqreageer" not in emp.get(BROAD).text, "a closed vacancy is still shown")
        # Starting a term in the open role closes it.
        email, _ = person(s, "penning")
        form_post(chair, page, page + "/terms",
                  {"role": "treasurer", "email": email, "starts": today().isoformat()})
        r = emp.get(BROAD)
        check("We are looking for" not in r.text, "the role stays open after a term started")
        check("Zqpenning Kernlid" in r.text, "the open page does not name the new treasurer")


@test
def coreteam_warning_two_months_before_the_planned_end_to_the_day():
    with Server() as s:
        chair = core(s)
        t0 = today()
        tid = term_id(s, "iedereen-telt", "Anouk Verbruggen")
        tpage = f"{BROAD}/team/terms/{tid}"
        edge = add_months(t0, 2)
        form_post(chair, tpage, tpage + "/planned-end", {"planned_end": edge.isoformat()})
        ends = warnings(chair.get(BROAD + "/team"))["ends"]
        check(any("Anouk Verbruggen" in x and edge.isoformat() in x for x in ends),
              f"no warning at exactly two months ({edge}): {ends}")
        later = edge + datetime.timedelta(days=1)
        form_post(chair, tpage, tpage + "/planned-end", {"planned_end": later.isoformat()})
        ends = warnings(chair.get(BROAD + "/team"))["ends"]
        check(not any("Anouk Verbruggen" in x for x in ends),
              f"a warning at two months and a day ({later}): {ends}")
        form_post(chair, tpage, tpage + "/planned-end", {"planned_end": ""})
        check(not any("Anouk" in x for x in warnings(chair.get(BROAD + "/team"))["ends"]),
              "a warning for a term without a planned end")


@test
def coreteam_warning_for_more_than_two_roles():
    with Server() as s:
        chair = core(s)
        page = BROAD + "/team"
        email, _ = person(s, "veel", "Zqveel Rollen")
        for name in ("Zqrol-een", "Zqrol-twee"):
            form_post(chair, page, page + "/roles", {"name": name})
        for name in ("Zqrol-een", "Zqrol-twee"):
            form_post(chair, page, page + "/terms",
                      {"role": own_key(chair, name), "email": email,
                       "starts": today().isoformat()})
        check(not warnings(chair.get(page))["many"], "a warning for two roles")
        p = run_cli(["user", "role", email, "core", "--network", "neurokring", "--db", s.db])
        require(p.returncode == 0, f"kring user role: {p.stderr}")
        many = warnings(chair.get(page))["many"]
        check(len(many) == 1 and "Zqveel Rollen" in many[0] and "3" in many[0],
              f"the warning for three roles (over networks): {many}")


@test
def coreteam_history_and_turnover_for_the_core_team_only():
    with Server() as s:
        path = BROAD + "/team/history"
        chair = core(s)
        r = chair.get(path)
        require(r.status == 200, f"GET {path} as the chair: {r.status}")
        check(not htmlcheck.structure_problems(r.text, "en"),
              f"the history: {htmlcheck.structure_problems(r.text, 'en')}")
        check("Mehmet Yıldız" in r.text and "2022-01-01" in r.text and "2024-12-31" in r.text,
              "the history does not show the former chair's term")
        rows = re.findall(r'<tr><th scope="row">(\d{4})</th><td>(\d+)</td><td>(\d+)</td></tr>',
                          r.text)
        check(("2022", "1", "0") in rows and ("2024", "0", "1") in rows,
              f"the turnover per year: {rows}")
        check(signed_in(s, DEMO["contact"]).get(path).status == 200,
              "the contact point cannot read the history")
        for who, full in (("employee", False), ("ambassador", False), ("secretary", True),
                          ("admin", True)):
            c = Client(s, lang=EN)
            if full:
                sign_in_full(c, DEMO[who])
            else:
                c.sign_in(DEMO[who])
            for p in (path, BROAD + "/team", BROAD + "/team/notes/chair"):
                r = c.get(p)
                check(r.status == 403, f"GET {p} as {who}: {r.status}, expected 403")
            check("Mehmet" not in c.get(BROAD).text, f"the open page shows {who} the history")
        check(Client(s, lang=EN).get(path).status in (302, 303),
              "the history does not send a signed-out reader to sign in")


@test
def coreteam_admin_form_and_cli_record_terms():
    with Server() as s:
        admin = Client(s, lang=EN)
        sign_in_full(admin, DEMO["admin"])
        email, _ = person(s, "beheer")
        page = "/admin/networks/neurokring"
        form_post(admin, page, page + "/roles", {"email": email, "role": "treasurer"})
        t = [x for x in terms(s) if x[3] == "Zqbeheer Kernlid"]
        check(len(t) == 1 and t[0][1] == "neurokring" and t[0][2] == "treasurer" and
              t[0][4] == today().isoformat() and not t[0][6],
              f"the administrator's form recorded {t}")
        p = run_cli(["user", "role", email, "chair", "--network", "neurokring", "--db", s.db])
        require(p.returncode == 0, f"kring user role: {p.stderr}")
        t = [x for x in terms(s) if x[3] == "Zqbeheer Kernlid"]
        check(len(t) == 2 and t[0][6] == today().isoformat() and t[1][2] == "chair" and
              not t[1][6], f"`kring user role` recorded {t}")
        p = run_cli(["user", "role", email, "none", "--network", "neurokring", "--db", s.db])
        require(p.returncode == 0, f"kring user role none: {p.stderr}")
        t = [x for x in terms(s) if x[3] == "Zqbeheer Kernlid"]
        check(all(x[6] for x in t), f"taking the role away left a term open: {t}")
        check(role_of(s, "neurokring", email) is None, "the role stayed in network_role")
        # The contact point gets no term.
        form_post(admin, page, page + "/roles", {"email": email, "role": "contact"})
        check(len([x for x in terms(s) if x[3] == "Zqbeheer Kernlid"]) == 2,
              "the contact point got a term")


@test
def coreteam_erasing_an_account_leaves_a_former_member():
    with Server() as s:
        chair = core(s)
        page = BROAD + "/team"
        email, _ = person(s, "weg", "Zqweg Vertrekker")
        form_post(chair, page, page + "/terms",
                  {"role": "core", "email": email, "starts": "2025-01-01"})
        me = Client(s, lang=EN)
        sign_in_full(me, email)
        data = json.loads(me.get("/me/data.json").text)
        mine = data.get("coreteam", {}).get("terms", [])
        check(len(mine) == 1 and mine[0]["role"] == "core" and
              mine[0]["starts_on"] == "2025-01-01", f"my data lists the terms {mine}")
        check("Your terms in network roles" in me.get("/me/data").text,
              "the my data page has no section for terms")
        r = me.get("/me/delete")
        me.token = htmlcheck.csrf_token(r.text) or me.token
        r = me.post("/me/delete", {})
        require(r.status == 303, f"POST /me/delete: {r.status}")
        h = chair.get(BROAD + "/team/history").text
        check("Zqweg" not in h, "the history still names the deleted account")
        check("a former member" in h, "the history does not show a former member")
        check("Zqweg" not in chair.get(page).text, "the team page names the deleted account")
        t = [x for x in terms(s) if x[4] == "2025-01-01" and x[2] == "core"]
        check(len(t) == 1 and t[0][3] == "" and t[0][6] == today().isoformat(),
              f"the erased member's term: {t}")


@test
def coreteam_my_data_holds_terms_and_notes():
    with Server() as s:
        chair = core(s)
        data = json.loads(chair.get("/me/data.json").text)
        ct = data.get("coreteam", {})
        check(any(t["role"] == "chair" and t["starts_on"] == "2025-01-01"
                  for t in ct.get("terms", [])), f"my data: terms {ct.get('terms')}")
        check(any("Wat de voorzitter doet" in n["text"] for n in ct.get("handover_notes", [])),
              "my data does not hold the notes the chair wrote")
        emp = signed_in(s, DEMO_EMPLOYEE)
        data = json.loads(emp.get("/me/data.json").text)
        check(data.get("coreteam") == {"terms": [], "handover_notes": []},
              f"an employee's my data: {data.get('coreteam')}")


@test
def coreteam_retention_erases_terms_ended_over_seven_years_ago():
    with Server() as s:
        t0 = today()
        old = add_months(t0, -7 * 12 - 1).isoformat()   # ended a month over seven years ago
        kept = add_months(t0, -7 * 12 + 1).isoformat()  # a month under
        s.signal(signal.SIGTERM)
        s.wait(10)
        con = db_connect(s.db)
        for end in (old, kept):
            con.execute("INSERT INTO coreteam_term (network_id, role_key, holder_id,"
                        " starts_on, ended_on, created_at) SELECT id, 'treasurer', NULL,"
                        " '2015-01-01', ?, 0 FROM network WHERE slug = 'neurokring'", (end,))
        con.execute("DELETE FROM job_run WHERE job = 'retention'")
        con.commit()
        con.close()
        s.start()
        left = None
        for _ in range(50):
            rows = s.sql("SELECT ended_on FROM coreteam_term WHERE starts_on = '2015-01-01'")
            left = sorted(r[0] for r in rows)
            if left == [kept]:
                break
            time.sleep(0.1)
        check(left == [kept], f"after the retention job the old terms are {left}, expected "
              f"only the one that ended on {kept}: " + s.stderr()[-400:])
        check(any(t[2] == "chair" for t in terms(s)), "retention erased open terms")


@test
def coreteam_a_role_without_a_recorded_term_is_shown_and_can_be_recorded():
    with Server() as s:
        # As after the upgrade: a role in network_role from before terms were kept.
        email, aid = person(s, "oud", "Zqoud Kernlid")
        s.sql_exec("INSERT INTO network_role (network_id, account_id, role) SELECT id, ?,"
                   " 'vice_chair' FROM network WHERE slug = 'iedereen-telt'", (aid,))
        chair = core(s)
        r = chair.get(BROAD + "/team")
        rows = [" ".join(e.text.split()) for e in htmlcheck.elements(r.text, "tr")
                if "no-term" in (e.get("class") or "").split()]
        check(len(rows) == 1 and "Zqoud Kernlid" in rows[0] and "Vice-chair" in rows[0],
              f"the holder without a term: {rows}")
        form_post(chair, BROAD + "/team", BROAD + "/team/terms",
                  {"role": "vice_chair", "email": email, "starts": "2023-05-01"})
        r = chair.get(BROAD + "/team")
        check("no-term" not in r.text, "the holder is still shown without a term")
        check(any(t[3] == "Zqoud Kernlid" and t[4] == "2023-05-01" for t in terms(s)),
              "the recorded term is not stored")
        check(role_of(s, "iedereen-telt", email) == "vice_chair", "the role changed")
