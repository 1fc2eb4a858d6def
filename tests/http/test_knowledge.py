# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_knowledge.py: the knowledge base (issue 12), black box over HTTP: the core team writes
and changes pages (a form page, errors kept); members read the members' pages and everyone the
organisation's; every save is a version with who saved it, old versions can be opened, and a
save based on an older version is refused with the text kept; "still correct" and pinning;
pinned pages on the network's page (fewer in low-stimulus mode); the keeper's reminder, once;
"my data" and erasure (the text stays, the name goes); every bad value; the demo's pages.

Netwerk Iedereen Telt's core team is the chair (Fatima El Amrani); Neurokring's the secretary
(Joost Visser). Texts carry markers (Zq...) that occur nowhere else."""

import json
import re
import signal
import tempfile
import threading
import time

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, db_sql, error_summary, join,
                     pg_demo, require, run_cli, sign_in_full, test, user_add)

EN = "en-GB,en;q=0.9"
NET = "/n/iedereen-telt"
NK = "/n/neurokring"


def team(s, who="chair", again=None):
    """A core-team member signed in all the way; again: another client of the same person,
    whose second factor is set up already."""
    c = Client(s, lang=EN)
    c.two_factor = sign_in_full(c, DEMO[who], two_factor=again.two_factor if again else None)
    return c


def person(s, key, member_of=None):
    email = f"zq{key}@rijnstad.example"
    user_add(s.db, email, f"Zq{key.capitalize()} Lezer")
    c = Client(s, lang=EN)
    c.sign_in(email)
    if member_of:
        join(c, member_of)
    return email, c


def form(title="Zqtitel", body="Zqtekst van de pagina.", audience="members", keeper=None,
         note="", version=None, **extra):
    f = {"title": title, "body": body, "audience": audience, "keeper": keeper, "note": note,
         "version": version}
    f.update(extra)
    return [(k, v) for k, v in f.items() if v is not None]


def account_id(db, email):
    return db_sql(db, "SELECT id FROM account WHERE email = ?", (email,))[0][0]


def pages(db):
    return db_sql(db, "SELECT count(*) FROM knowledge_page")[0][0]


def versions(db, pid=None):
    if pid is None:
        return db_sql(db, "SELECT count(*) FROM knowledge_version")[0][0]
    return db_sql(db, "SELECT count(*) FROM knowledge_version WHERE page_id = ?", (pid,))[0][0]


def create(c, s, net=NET, expect=303, **kw):
    r = c.get(net + "/knowledge/new")
    require(r.status == 200, f"GET {net}/knowledge/new: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    kw.setdefault("keeper", str(account_id(s.db, DEMO["chair" if net == NET else "secretary"])))
    r = c.post(net + "/knowledge/new", form(**kw))
    require(expect is None or r.status == expect,
            f"POST {net}/knowledge/new: {r.status}, expected {expect}: {error_summary(r)}")
    if r.status != 303:
        return r, None
    loc = r.header("Location") or ""
    pid = int(loc.split("/knowledge/")[1].split("?")[0])
    return r, pid


def edit(c, pid, net=NET, expect=303, **kw):
    r = c.get(f"{net}/knowledge/{pid}/edit")
    require(r.status == 200, f"GET {net}/knowledge/{pid}/edit: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    cur = db_sql(c.server.db, "SELECT version, keeper_id FROM knowledge_page WHERE id = ?",
                 (pid,))[0]
    kw.setdefault("version", str(cur[0]))
    kw.setdefault("keeper", str(cur[1]))
    r = c.post(f"{net}/knowledge/{pid}/edit", form(**kw))
    require(expect is None or r.status == expect,
            f"POST {net}/knowledge/{pid}/edit: {r.status}, expected {expect}: "
            f"{error_summary(r)}")
    return r


def outbox(db):
    return db_sql(db, "SELECT to_addr, subject, body FROM outbox ORDER BY id")


@test
def knowledge_core_team_writes_members_and_everyone_read():
    with Server() as s:
        chair = team(s)
        _, mem = create(chair, s, title="Zqledenpagina", body="Zqgeheim voor leden",
                        audience="members")
        _, org = create(chair, s, title="Zqiedereenpagina", body="Zqvoor iedereen",
                        audience="organisation")
        check(versions(s.db, mem) == 1 and versions(s.db, org) == 1, "no first version saved")
        r = chair.get(f"{NET}/knowledge/{mem}?done=created")
        check(r.status == 200 and "Zqgeheim voor leden" in r.text and "The page is saved" in
              r.text, "the core team does not see its new page")
        # A member reads both; an employee outside the network only the organisation's.
        _, member = person(s, "lid", member_of=NET)
        _, outsider = person(s, "buiten")
        for who, c, sees_members in (("member", member, True), ("outsider", outsider, False)):
            lst = c.get(NET + "/knowledge")
            check(lst.status == 200 and "Zqiedereenpagina" in lst.text,
                  f"{who}: the organisation page is not in the list")
            check(("Zqledenpagina" in lst.text) == sees_members,
                  f"{who}: the members' page in the list is {'Zqledenpagina' in lst.text}")
            r = c.get(f"{NET}/knowledge/{mem}")
            check(r.status == (200 if sees_members else 404), f"{who}: members' page {r.status}")
            check(c.get(f"{NET}/knowledge/{org}").status == 200, f"{who}: organisation page")
            check(c.get(f"{NET}/knowledge/{mem}/versions").status ==
                  (200 if sees_members else 404), f"{who}: the members' page's versions")
            # Neither writes: not the form, not a forged POST, not pin or "still correct".
            check(c.get(NET + "/knowledge/new").status == 403, f"{who} opens the new form")
            check(c.get(f"{NET}/knowledge/{org}/edit").status == 403, f"{who} opens edit")
            n_pages, n_versions = pages(s.db), versions(s.db)
            r = c.post(NET + "/knowledge/new", form(keeper=str(account_id(s.db,
                                                                           DEMO["chair"]))))
            check(r.status == 403, f"{who} POSTs a new page: {r.status}")
            r = c.post(f"{NET}/knowledge/{org}/edit", form(title="Zqgekaapt", version="1"))
            check(r.status == 403, f"{who} POSTs an edit: {r.status}")
            r = c.post(f"{NET}/knowledge/{mem}/edit", form(title="Zqgekaapt", version="1"))
            check(r.status == (403 if sees_members else 404),
                  f"{who} POSTs an edit of the members' page: {r.status}")
            check(c.post(f"{NET}/knowledge/{org}/pin", {"pinned": "1"}).status == 403,
                  f"{who} pins")
            check(c.post(f"{NET}/knowledge/{org}/checked", {}).status == 403,
                  f"{who} marks it checked")
            check(pages(s.db) == n_pages and versions(s.db) == n_versions and
                  not db_sql(s.db, "SELECT 1 FROM knowledge_page WHERE title = 'Zqgekaapt' OR"
                                   " pinned = 1 AND title LIKE 'Zq%'"),
                  f"{who} changed something")
        # The core team of another network does not write here either.
        sec = team(s, "secretary")
        check(sec.get(NET + "/knowledge/new").status == 403, "another core team writes here")
        # The page's language is marked: the organisation writes in Dutch.
        page = Client(s, lang=EN)
        page.sign_in(DEMO_EMPLOYEE)
        r = page.get(f"{NET}/knowledge/{org}")
        check('lang="nl"' in r.text and r.lang() == "en", "the Dutch text is not marked nl")


@test
def knowledge_versions_history_and_a_stale_save():
    with Server() as s:
        chair = team(s)
        _, pid = create(chair, s, title="Zqroute", body="Zqversie een", note="Zqeerste")
        edit(chair, pid, title="Zqroute", body="Zqversie twee", note="Zqstap twee erbij")
        check(versions(s.db, pid) == 2, f"{versions(s.db, pid)} versions after one edit")
        r = chair.get(f"{NET}/knowledge/{pid}/versions")
        check(r.status == 200 and "Zqstap twee erbij" in r.text and "Fatima El Amrani" in r.text
              and "Version 2" in r.text and "Version 1" in r.text, "the list of versions")
        old = chair.get(f"{NET}/knowledge/{pid}/versions/1")
        check(old.status == 200 and "Zqversie een" in old.text and "Zqversie twee" not in
              old.text and "old version" in old.text, "version 1 does not show as it was")
        two = chair.get(f"{NET}/knowledge/{pid}/versions/2").text
        check(re.search(r"Removed:</strong> <del[^>]*>Zqversie een</del>", two) and
              re.search(r"Added:</strong> <ins[^>]*>Zqversie twee</ins>", two),
              "version 2 does not say what changed since version 1")
        check("What changed since version" not in old.text, "version 1 compares with nothing")
        check(chair.get(f"{NET}/knowledge/{pid}/versions/3").status == 404, "a version to come")
        check(chair.get(f"{NET}/knowledge/{pid}/versions/x").status == 404, "version 'x'")
        check("Zqversie twee" in chair.get(f"{NET}/knowledge/{pid}").text, "the current text")
        # Two people opened version 2; the first saves, the second is refused, text kept.
        other = team(s, "chair", again=chair)
        edit(chair, pid, body="Zqversie drie van de eerste")
        r = other.post(f"{NET}/knowledge/{pid}/edit",
                       form(title="Zqroute", body="Zqtekst van de tweede", version="2",
                            keeper=str(account_id(s.db, DEMO["chair"]))))
        check(r.status == 409, f"a save based on version 2 after version 3: {r.status}")
        check("Zqtekst van de tweede" in r.text and "Someone else saved" in
              (error_summary(r) or ""), "the refused text or the message is missing")
        check(db_sql(s.db, "SELECT body, version FROM knowledge_page WHERE id = ?", (pid,))[0]
              == ("Zqversie drie van de eerste", 3), "the stale save changed the page")
        check(versions(s.db, pid) == 3, "the stale save made a version")
        # Saving again from that form (it now carries version 3) is a choice made knowingly.
        token = htmlcheck.csrf_token(r.text)
        check('name="version" value="3"' in r.text, "the form does not carry version 3 now")
        r = other.post(f"{NET}/knowledge/{pid}/edit",
                       form(title="Zqroute", body="Zqtekst van de tweede", version="3",
                            keeper=str(account_id(s.db, DEMO["chair"]))), csrf=token)
        check(r.status == 303 and versions(s.db, pid) == 4, f"saving again: {r.status}")


@test
def knowledge_bad_values_change_nothing():
    with Server() as s:
        chair = team(s)
        _, pid = create(chair, s, title="Zqgoed", body="Zqgoede tekst")
        chair_id = str(account_id(s.db, DEMO["chair"]))
        n_pages, n_versions = pages(s.db), versions(s.db)
        email, member = person(s, "gewoonlid", member_of=NET)
        cases = [
            ({"title": ""}, "title", "Enter a title"),
            ({"title": "   "}, "title", "Enter a title"),
            ({"title": "x" * 151}, "title", "at most 150"),
            ({"body": ""}, "body", "Enter the text"),
            ({"body": " \r\n "}, "body", "Enter the text"),
            ({"body": "a" * 50001}, "body", "at most 50,000"),
            ({"audience": "everyone"}, "audience", "who may read"),
            ({"audience": ""}, "audience", "who may read"),
            ({"keeper": str(account_id(s.db, email))}, "keeper", "from the core team"),
            ({"keeper": "abc"}, "keeper", "from the core team"),
            ({"keeper": "0"}, "keeper", "from the core team"),
            ({"note": "n" * 201}, "note", "at most 200"),
        ]
        for kw, fld, text in cases:
            kw.setdefault("keeper", chair_id)
            r, _ = create(chair, s, expect=400, **kw)
            es = error_summary(r) or ""
            check(text.lower() in es.lower(), f"new page {kw if len(str(kw)) < 80 else fld}: "
                  f"{es!r}")
            check(f'id="f-{fld}"' in r.text, f"the form lost the field {fld}")
            r = edit(chair, pid, expect=400, **kw)
            check(text.lower() in (error_summary(r) or "").lower(), f"edit {fld}: {r.status}")
        # A control character is refused where the form is read, before the page sees it.
        r = chair.post(NET + "/knowledge/new", form(body="\x01 control", keeper=chair_id))
        check(r.status == 400, f"a control character: {r.status}")
        # What was typed is kept.
        r, _ = create(chair, s, expect=400, title="", body="Zqbewaard getypt", keeper=chair_id)
        check("Zqbewaard getypt" in r.text, "the typed text is not kept")
        # A version that is not a number is not from the form.
        r = chair.post(f"{NET}/knowledge/{pid}/edit", form(version="abc", keeper=chair_id))
        check(r.status == 400, f"version 'abc': {r.status}")
        r = chair.post(f"{NET}/knowledge/{pid}/edit", form(keeper=chair_id))
        check(r.status == 400, f"no version: {r.status}")
        # Another network's page, through this network's path, and the other way round.
        sec = team(s, "secretary")
        r, nk_pid = create(sec, s, net=NK, title="Zqneuropagina", audience="organisation")
        n_pages, n_versions = pages(s.db), versions(s.db)
        check(chair.get(f"{NET}/knowledge/{nk_pid}").status == 404, "another network's page")
        check(chair.get(f"{NET}/knowledge/{nk_pid}/edit").status == 404, "its edit form")
        r = chair.post(f"{NET}/knowledge/{nk_pid}/edit", form(version="1", keeper=chair_id))
        check(r.status == 404, f"editing another network's page: {r.status}")
        check(chair.post(f"{NET}/knowledge/{nk_pid}/pin", {"pinned": "1"}).status == 404,
              "pinning another network's page")
        check(chair.get(f"{NET}/knowledge/987654").status == 404, "a page that does not exist")
        check(chair.get(f"{NET}/knowledge/0").status == 404, "page 0")
        check(chair.get("/n/bestaat-niet/knowledge").status == 404, "a network that is not")
        r = chair.post(f"{NET}/knowledge/{pid}/pin", {"pinned": "ja"})
        check(r.status == 400 and "Nothing has changed" in r.text, f"pin 'ja': {r.status}")
        r = chair.get(NET + "/knowledge?page=0")
        check(r.status == 404, f"list page 0: {r.status}")
        check(pages(s.db) == n_pages and versions(s.db) == n_versions and not db_sql(
            s.db, "SELECT 1 FROM knowledge_page WHERE pinned = 1 AND title LIKE 'Zq%'"),
              "a bad value changed something")
        # Markdown that tries raw HTML, javascript: and data: links, and deep nesting.
        nasty = ("<script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
                 "[a](javascript:alert(3)) [b](data:text/html,x) [c](JaVaScRiPt:alert(4)) "
                 "[ok](https://www.uwv.nl)\n\n" + "> " * 500 + "diep\n\n" +
                 "".join("  " * i + "- niveau\n" for i in range(90)))
        edit(chair, pid, body=nasty)
        r = chair.get(f"{NET}/knowledge/{pid}")
        check(r.status == 200, f"the page with nasty Markdown: {r.status}")
        low = r.text.lower()
        check("<script>alert" not in low and "<img" not in low and 'href="javascript' not in
              low and 'href="data:' not in low and "onerror=" not in low.replace(
                  "onerror=alert(2)&gt;", ""), "raw HTML or a bad link reached the page")
        check('href="https://www.uwv.nl" rel="noopener nofollow ugc"' in r.text,
              "a good link lost its href or rel")
        check("diep" in r.text, "the deeply nested text is gone")


@test
def knowledge_still_correct_pins_and_the_network_page():
    with Server() as s:
        chair = team(s)
        _, pid = create(chair, s, title="Zqvastgeprikt", body="Zqtekst", audience="members")
        db_sql(s.db, "UPDATE knowledge_page SET checked_at = checked_at - 400 * 86400 WHERE"
                     " id = ?", (pid,))
        r = chair.get(f"{NET}/knowledge/{pid}")
        check("over a year ago" in r.text, "a page unchecked for 400 days is not flagged")
        check("check due" in chair.get(NET + "/knowledge").text, "not flagged in the list")
        r = chair.post(f"{NET}/knowledge/{pid}/checked", {})
        check(r.status == 303, f"still correct: {r.status}")
        row = db_sql(s.db, "SELECT version, checked_at, checked_by FROM knowledge_page WHERE"
                           " id = ?", (pid,))[0]
        check(row[0] == 1 and row[1] > time.time() - 7200 and
              row[2] == account_id(s.db, DEMO["chair"]), f"after 'still correct': {row}")
        check(versions(s.db, pid) == 1, "'still correct' made a version")
        check("over a year ago" not in chair.get(f"{NET}/knowledge/{pid}").text,
              "still flagged after 'still correct'")
        # Pinned: on the network's page for members, not for others (it is a members' page).
        r = chair.post(f"{NET}/knowledge/{pid}/pin", {"pinned": "1"})
        check(r.status == 303, f"pin: {r.status}")
        _, member = person(s, "pinlid", member_of=NET)
        _, outsider = person(s, "pinbuiten")
        check("Zqvastgeprikt" in member.get(NET).text, "a member does not see the pinned page")
        check("Zqvastgeprikt" not in outsider.get(NET).text, "an outsider sees a members' pin")
        # Low stimulus: at most three pins, and the full list stays one link away.
        ids = [pid]
        for i in range(5):
            _, p = create(chair, s, title=f"Zqpin {i}", body="x", audience="organisation")
            chair.post(f"{NET}/knowledge/{p}/pin", {"pinned": "1"})
            ids.append(p)
        # The demo pins two pages of this network too: eight pins in all, the most shown.
        pin_links = lambda text: len(re.findall(r'href="/n/iedereen-telt/knowledge/\d+"', text))
        normal = member.get(NET).text
        check(pin_links(normal) == 8, f"{pin_links(normal)} pins on the page, expected 8")
        member.token = htmlcheck.csrf_token(member.get("/preferences").text) or member.token
        r = member.post("/preferences", {"text": "normal", "theme": "system", "calm": "1"})
        check(r.status == 303, f"turning on the calm screen: {r.status}")
        calm = member.get(NET)
        check("calm" in calm.html_classes(), "the calm screen is not on")
        shown = pin_links(calm.text)
        check(shown == 3, f"{shown} pins in low-stimulus mode, expected 3")
        check(f'href="{NET}/knowledge"' in calm.text, "no link to all pages in low stimulus")
        r = chair.post(f"{NET}/knowledge/{pid}/pin", {"pinned": "0"})
        check(r.status == 303 and db_sql(s.db, "SELECT pinned FROM knowledge_page WHERE id = ?",
                                         (pid,))[0][0] == 0, "unpin")


@test
def knowledge_reminder_once_my_data_and_erasure():
    with Server() as s:
        chair = team(s)
        user_add(s.db, "zqhouder@rijnstad.example", "Zqhouder Kern")
        p = run_cli(["user", "role", "zqhouder@rijnstad.example", "core", "--network",
                     "iedereen-telt", "--db", s.db] + (["--key", s.key] if s.key else []))
        require(p.returncode == 0, f"user role: {p.stderr[:300]}")
        keeper = Client(s, lang=EN)
        sign_in_full(keeper, "zqhouder@rijnstad.example")
        kid = account_id(s.db, "zqhouder@rijnstad.example")
        _, pid = create(keeper, s, title="Zqoud en bewaard", body="Zqinhoud blijft",
                        note="Zqmijn wijziging", keeper=str(kid))
        data = json.loads(keeper.get("/me/data.json").text)
        kv = data.get("knowledge_versions") or []
        check(any(v["page"] == "Zqoud en bewaard" and v["note"] == "Zqmijn wijziging"
                  for v in kv), f"/me/data.json versions: {kv}")
        check(any(k["page"] == "Zqoud en bewaard" for k in data.get("knowledge_pages_kept", [])),
              "/me/data.json lacks the page kept")
        check("Zqoud en bewaard" in keeper.get("/me/data").text, "/me/data lacks the page")
        # Due: the keeper gets one reminder when the daily job runs, and not the next day.
        s.signal(signal.SIGTERM)
        s.wait(10)
        db_sql(s.db, "UPDATE knowledge_page SET checked_at = checked_at - 400 * 86400")
        db_sql(s.db, "DELETE FROM job_run WHERE job = 'retention'")
        n_out = len(outbox(s.db))
        s.start()
        mine = []
        for _ in range(50):
            mine = [m for m in outbox(s.db)[n_out:] if m[0] == "zqhouder@rijnstad.example"]
            if mine:
                break
            time.sleep(0.1)
        check(len(mine) == 1 and "Zqoud en bewaard" in mine[0][2] and
              "knowledge base" in mine[0][1], f"the keeper's reminders: {mine}")
        s.signal(signal.SIGTERM)
        s.wait(10)
        db_sql(s.db, "DELETE FROM job_run WHERE job = 'retention'")
        s.start()
        time.sleep(1.5)
        again = [m for m in outbox(s.db)[n_out:] if m[0] == "zqhouder@rijnstad.example"]
        check(len(again) == 1, f"the reminder was sent {len(again)} times")
        # Erasing the keeper's account: the text stays, the name becomes a former colleague.
        r = keeper.get("/me/delete")
        keeper.token = htmlcheck.csrf_token(r.text) or keeper.token
        r = keeper.post("/me/delete", {})
        require(r.status == 303, f"POST /me/delete: {r.status}")
        check(db_sql(s.db, "SELECT body FROM knowledge_page WHERE id = ?", (pid,))[0][0] ==
              "Zqinhoud blijft", "the page's text went with the account")
        check(db_sql(s.db, "SELECT count(*) FROM knowledge_version WHERE author_id IS NOT NULL"
                           " AND page_id = ?", (pid,))[0][0] == 0, "a version keeps the author")
        r = chair.get(f"{NET}/knowledge/{pid}/versions")
        check("a former colleague" in r.text and "Zqhouder" not in r.text,
              "the history does not say 'a former colleague'")
        check("Zqhouder" not in chair.get(f"{NET}/knowledge/{pid}").text, "the keeper's name")


@test
def knowledge_demo_pages():
    with Server() as s:
        emp = Client(s)
        emp.sign_in(DEMO_EMPLOYEE)
        r = emp.get(NET)
        check("Routekaart" in r.text, "the pinned route to an adjustment is not on the network")
        lst = emp.get(NET + "/knowledge").text
        check("Waar kun je terecht?" in lst and "Hulpmiddelen en voorzieningen" not in lst,
              "the employee's list of the demo's pages")
        rid = db_sql(s.db, "SELECT id FROM knowledge_page WHERE title LIKE 'Routekaart%'")[0][0]
        check(versions(s.db, rid) == 3, f"the route has {versions(s.db, rid)} versions")
        page = emp.get(f"{NET}/knowledge/{rid}").text
        check("bedrijfsarts" in page and "<h2" in page, "the route's text")
        due = db_sql(s.db, "SELECT count(*) FROM knowledge_page WHERE checked_at < ?",
                     (int(time.time()) - 365 * 86400,))[0][0]
        check(due == 1, f"{due} demo pages due, expected 1")


def _race(s, db):
    """Ten saves based on the same version at once, from one core-team member's session:
    exactly one makes version 2, the others are refused with their text kept."""
    chair = team(s)
    _, pid = create(chair, s, title="Zqrace", body="Zqbegin")
    r = chair.get(f"{NET}/knowledge/{pid}/edit")
    token = htmlcheck.csrf_token(r.text)
    keeper = str(account_id(s.db, DEMO["chair"]))
    clients = []
    for _ in range(10):
        c = Client(s, lang=EN)
        c.cookies = dict(chair.cookies)
        c.token = token
        clients.append(c)
    barrier = threading.Barrier(10)
    statuses, lock = [], threading.Lock()

    def go(i, c):
        barrier.wait(10)
        r = c.post(f"{NET}/knowledge/{pid}/edit",
                   form(title="Zqrace", body=f"Zqtekst {i}", version="1", keeper=keeper),
                   timeout=30)
        with lock:
            statuses.append(r.status)

    threads = [threading.Thread(target=go, args=(i, c)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    check(len(statuses) == 10 and statuses.count(303) == 1 and statuses.count(409) == 9,
          f"ten saves of version 1 at once: {sorted(statuses)}")
    rows = db_sql(db, "SELECT version FROM knowledge_version WHERE page_id = ? ORDER BY version",
                  (pid,))
    check([v for (v,) in rows] == [1, 2], f"versions after the race: {rows}")


@test
def knowledge_parallel_saves_make_one_version():
    with Server() as s:
        _race(s, s.db)


@test
def knowledge_parallel_saves_postgresql():
    d = tempfile.mkdtemp(prefix="kring-knowledge-pg-")
    url, key = pg_demo(d)
    with Server(db=url, key=key) as s:
        _race(s, url)


@test
def knowledge_delete_takes_two_steps_and_the_core_team_only():
    from harness import audit_events
    with Server() as s:
        chair = team(s)
        _, pid = create(chair, s, title="Zqweggooien", body="Zqverdwijnwoord staat hier.",
                        audience="members")
        edit(chair, pid, title="Zqweggooien", body="Zqverdwijnwoord, nu anders.")
        chair.post(f"{NET}/knowledge/{pid}/pin", {"pinned": "1"})
        check(versions(s.db, pid) == 2, "two versions to start with")
        _, member = person(s, "weglid", member_of=NET)
        found = member.get("/search?q=zqverdwijnwoord")
        check(found.status == 200 and f"/knowledge/{pid}" in found.text,
              "a member does not find the page before it is deleted")
        before = pages(s.db)
        # Not the core team: a member, and another network's core team.
        r = member.post(f"{NET}/knowledge/{pid}/delete", {"confirm": "1"})
        check(r.status == 403, f"a member deleting: {r.status}")
        other = team(s, "secretary")
        r = other.post(f"{NET}/knowledge/{pid}/delete", {"confirm": "1"})
        check(r.status in (403, 404), f"another network's core team deleting: {r.status}")
        r = other.post(f"{NK}/knowledge/{pid}/delete", {"confirm": "1"})
        check(r.status == 404, f"deleting through another network's address: {r.status}")
        check(pages(s.db) == before, "a refused delete removed a page")
        # Step 1 shows what goes; a confirm that is not 1 changes nothing.
        r = chair.post(f"{NET}/knowledge/{pid}/delete", {})
        check(r.status == 200 and "Step 2 of 2" in r.text and "Zqweggooien" in r.text and
              "pinned" in r.text, f"the first step: {r.status}")
        check(not htmlcheck.structure_problems(r.text), "the first step's page has problems: "
              f"{htmlcheck.structure_problems(r.text)}")
        r = chair.post(f"{NET}/knowledge/{pid}/delete", {"confirm": "yes"})
        check(r.status == 400 and "Nothing has changed" in r.text, f"confirm=yes: {r.status}")
        check(pages(s.db) == before and versions(s.db, pid) == 2, "confirm=yes deleted")
        # Step 2: the page, its versions, its pin and its search entry go; the log says who.
        r = chair.post(f"{NET}/knowledge/{pid}/delete", {"confirm": "1"})
        check(r.status == 303 and r.header("Location") == f"{NET}/knowledge?done=deleted",
              f"the second step: {r.status} {r.header('Location')}")
        check("deleted, with all its versions" in chair.get(f"{NET}/knowledge?done=deleted").text,
              "no notice after deleting")
        check(pages(s.db) == before - 1 and versions(s.db, pid) == 0,
              "the page or its versions are still there")
        check(chair.get(f"{NET}/knowledge/{pid}").status == 404, "the page still opens")
        check("Zqweggooien" not in member.get(NET).text, "still pinned on the network's page")
        found = member.get("/search?q=zqverdwijnwoord")
        check(found.status == 200 and f"/knowledge/{pid}" not in found.text,
              "search still finds the deleted page")
        check("knowledge_page_deleted" in audit_events(s.db), "no audit entry")
        r = chair.post(f"{NET}/knowledge/{pid}/delete", {"confirm": "1"})
        check(r.status == 404, f"deleting it again: {r.status}")
