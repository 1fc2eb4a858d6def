# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_leaks_knowledge.py: the leak suite for the knowledge base (issue 12). Neurokring's core
team writes a members' page in two versions (markers in its title, text and notes) and an
organisation page. Then every role signs in and fetches every GET route of the features'
routes.c (with every network's slug and the pages' ids and versions), every page those link
to (one level deep), and its own "my data" page and download. What must hold:

- a members' page (title, text, what changed) reaches only the network's members and core
  team: not an employee, a manager, the contact point, the ambassador, the administrator,
  another network's core team or another network's member; to them it is 404, like a page
  that does not exist;
- who wrote which version of it is on no knowledge page they see;
- an organisation page is readable by every one of them;
- the keeper's reminder goes to the keeper only; the server's log names no page."""

import signal
import time

from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, app_routes, check, db_sql, join,
                     require, run_cli, sign_in_full, test, user_add)
from test_knowledge import EN, NK, account_id, create, edit, team
from test_leaks import _links, _whole

SLUGS = ("iedereen-telt", "neurokring", "lichtpunt")
TITLE = "Zqlektitel over medicijnen"
BODY = "Zqlektekst: wat leden met ADHD bij de bedrijfsarts vragen."
NOTE1, NOTE2 = "Zqleknotitie-een", "Zqleknotitie-twee"
SECRETS = ("Zqlektitel", "Zqlektekst", "Zqleknotitie")
WRITER = ("zqlekschrijver@rijnstad.example", "Zqlekschrijver Kern")
OPEN_TITLE = "Zqopenpagina voor iedereen"


def _paths(ids):
    """Every GET path of the features' routes, with real slugs, the pages' ids and versions."""
    out = set()
    for method, pattern, _, _ in app_routes():
        if method != "GET" or "{sub}" in pattern or "{ref}" in pattern or "{key}" in pattern:
            continue
        paths = [pattern]
        if "{slug}" in pattern:
            paths = [p.replace("{slug}", s) for p in paths for s in SLUGS]
        if "{id}" in pattern:
            paths = [p.replace("{id}", str(i)) for p in paths for i in ids]
        if "{v}" in pattern:
            paths = [p.replace("{v}", v) for p in paths for v in ("1", "2")]
        out.update(p for p in paths if "{" not in p)
    return sorted(out)


@test
def knowledge_leaks_members_page_for_every_role():
    with Server() as s:
        user_add(s.db, WRITER[0], WRITER[1])
        p = run_cli(["user", "role", WRITER[0], "core", "--network", "neurokring",
                     "--db", s.db] + (["--key", s.key] if s.key else []))
        require(p.returncode == 0, f"user role: {p.stderr[:300]}")
        writer = Client(s, lang=EN)
        writer.two_factor = sign_in_full(writer, WRITER[0])
        sec = team(s, "secretary")
        _, pid = create(writer, s, net=NK, title=TITLE, body=BODY, note=NOTE1,
                        audience="members", keeper=str(account_id(s.db, WRITER[0])))
        edit(sec, pid, net=NK, title=TITLE, body=BODY + " Meer.", note=NOTE2)
        _, open_pid = create(sec, s, net=NK, title=OPEN_TITLE, body="Zqopen tekst",
                             audience="organisation")
        writer.post(f"{NK}/knowledge/{pid}/pin", {"pinned": "1"})
        # Positive: a Neurokring member reads it, with who saved each version.
        _, member = _person(s, "lekleesnk", NK)
        r = member.get(f"{NK}/knowledge/{pid}/versions")
        check(r.status == 200 and NOTE2 in r.text and WRITER[1] in r.text,
              "a member does not see the history")
        check(TITLE in member.get(NK).text, "a member does not see the pinned page")
        # Everyone else.
        viewers = {"employee": _signed(s, DEMO_EMPLOYEE)}
        viewers["manager"] = _person(s, "lekmanager")[1]
        viewers["other network's member"] = _person(s, "lekanderlid", "/n/iedereen-telt")[1]
        for role in ("contact", "ambassador", "admin", "chair"):
            viewers[role] = team(s, role)
        ids = (pid, open_pid, 1, 987654)
        for role, c in viewers.items():
            seen = set()
            for path in _paths(ids) + ["/me/data", "/me/data.json"]:
                r = c.get(path)
                _no_secret(role, path, r)
                seen.add(path)
                for link in _links(r):
                    if link in seen or link.startswith(("/static", "/sign-out")):
                        continue
                    seen.add(link)
                    _no_secret(role, link, c.get(link))
            for path in (f"{NK}/knowledge/{pid}", f"{NK}/knowledge/{pid}/versions",
                         f"{NK}/knowledge/{pid}/versions/1", f"{NK}/knowledge/{pid}/edit"):
                check(c.get(path).status == 404, f"{role}: GET {path} is not 404")
            r = c.get(f"{NK}/knowledge/{open_pid}")
            check(r.status == 200 and OPEN_TITLE in r.text, f"{role} cannot read an open page")
        # The keeper's reminder goes to the keeper only.
        s.signal(signal.SIGTERM)
        s.wait(10)
        db_sql(s.db, "UPDATE knowledge_page SET checked_at = checked_at - 400 * 86400")
        db_sql(s.db, "DELETE FROM job_run WHERE job = 'retention'")
        s.start()
        mails = []
        for _ in range(50):
            mails = db_sql(s.db, "SELECT to_addr, subject, body FROM outbox")
            if any("Zqlektitel" in (m[2] or "") for m in mails):
                break
            time.sleep(0.1)
        holders = {m[0] for m in mails if any(x in (m[1] or "") + (m[2] or "") for x in SECRETS)}
        check(holders == {WRITER[0]}, f"the page's title went by e-mail to {holders}")
        # The log names no page.
        check(f"/knowledge/{pid}" not in s.stderr(), "the log names the page's path")


def _signed(s, email):
    c = Client(s, lang=EN)
    c.sign_in(email)
    return c


def _person(s, key, group=None):
    email = f"zq{key}@rijnstad.example"
    user_add(s.db, email, f"Zq{key.capitalize()} Kijker")
    c = _signed(s, email)
    if group:
        join(c, group)
    return email, c


def _no_secret(role, path, r):
    text = _whole(r)
    for sec in SECRETS:
        check(sec not in text, f"{role} sees {sec!r} on GET {path}")
    if "/knowledge" in path:
        check(WRITER[1] not in text, f"{role} sees who wrote a members' page on GET {path}")
