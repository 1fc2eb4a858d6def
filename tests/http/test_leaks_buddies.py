# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_leaks_buddies.py: who asked for a buddy, their themes and note, and a buddy's
motivation reach nobody but the network's buddy coordinators, the buddy of the match and the
person themselves: not an employee, another member, a manager, the contact point (HR), the
ambassador, the administrator, a core-team member who is not a coordinator, another buddy, or
the coordinator of another network; not the database in the clear; not any e-mail (the
introduction holds names and addresses only); not the access log."""

import json

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, audit_list, check, db_sql, require,
                     run_cli, sign_in_full, test, user_add)
from test_buddies import (EN, NET, OTHER, activate, apply, ask, buddy_id, last_request,
                          match_of, member, outbox, post, propose, team, themes)

ASKER = "ZqLeakasker Collega"
NOTE = "Zqleaknoot over mijn burn-out"
MOTIVATION = "Zqleakmotivatie na mijn depressie"


def viewer(s, email, name, full=False):
    user_add(s.db, email, name)
    c = Client(s, lang=EN)
    if full:
        sign_in_full(c, email)
    else:
        c.sign_in(email)
    return c


@test
def buddies_leaks_who_asked_for_every_role():
    with Server() as s:
        sec = team(s)
        th = themes(s.db)
        bemail, bud = member(s, "leakbuddy")
        aemail, asker = member(s, "leakasker")
        before = audit_list(s.db).count("\n")
        apply(bud, [th[0]], motivation=MOTIVATION)
        bid = activate(sec, s.db, bemail)
        ask(asker, [th[0]], note=NOTE)
        rid = last_request(s.db)
        propose(sec, rid, bid)
        mid = match_of(s.db, rid)[0]
        check(audit_list(s.db).count("\n") == before, "buddies wrote to the audit log")
        # Everyone who must not see it.
        viewers = {"employee": Client(s, lang=EN)}
        viewers["employee"].sign_in(DEMO_EMPLOYEE)
        _, viewers["other member"] = member(s, "leakander")
        viewers["manager"] = viewer(s, "zqleakmgr@rijnstad.example", "Zqleak Manager")
        for role in ("contact", "ambassador", "admin"):
            viewers[role] = team(s, role)
        user_add(s.db, "zqkern2@rijnstad.example", "Zqkern Twee")
        p = run_cli(["user", "role", "zqkern2@rijnstad.example", "core", "--network",
                     "neurokring", "--db", s.db] + (["--key", s.key] if s.key else []))
        require(p.returncode == 0, f"user role: {p.stderr[:300]}")
        core2 = Client(s, lang=EN)
        sign_in_full(core2, "zqkern2@rijnstad.example")
        viewers["core team, not coordinator"] = core2
        oemail, other_buddy = member(s, "leakbuddy2")
        apply(other_buddy, [th[0]])
        obid = activate(sec, s.db, oemail)
        viewers["another buddy"] = other_buddy
        chair = team(s, "chair")
        cid = db_sql(s.db, "SELECT id FROM account WHERE email = ?", (DEMO["chair"],))[0][0]
        post(chair, OTHER + "/buddies/coordinators", {"account": str(cid), "on": "1"}, 303)
        viewers["another network's coordinator"] = chair
        paths = [NET + "/buddies", NET + "/buddies/apply", NET + "/buddies/ask",
                 NET + "/buddies/coordinate", f"{NET}/buddies/b/{bid}", f"{NET}/buddies/b/{obid}",
                 NET + "/buddies/settings", NET + "/buddies/figures", OTHER + "/buddies",
                 OTHER + "/buddies/coordinate", f"{OTHER}/buddies/b/{bid}", "/buddies",
                 f"/buddies/requests/{rid}", f"/buddies/matches/{mid}/accept",
                 f"/buddies/matches/{mid}/decline", f"/buddies/matches/{mid}/end", "/",
                 "/me/data", "/me/data.json", NET]
        secrets = (ASKER, aemail, "Zqleaknoot", "Zqleakmotivatie")
        for role, c in viewers.items():
            for path in paths:
                r = c.get(path)
                for secret in secrets:
                    check(secret not in r.text, f"{role} sees {secret!r} on {path}")
            check(c.get(f"/buddies/requests/{rid}").status == 404,
                  f"{role} opens the request")
            check(c.get(f"/buddies/matches/{mid}/accept").status == 404,
                  f"{role} opens the buddy's answer")
            check(c.post(f"/buddies/matches/{mid}/accept", {}).status == 404,
                  f"{role} answers for the buddy")
        # Those who may: the coordinator (all), the proposed buddy (nothing of the request
        # until they say yes), the asker (their own).
        page = sec.get(f"/buddies/requests/{rid}").text
        check(ASKER in page and "Zqleaknoot" in page, "the coordinator does not see the request")
        check("Zqleakmotivatie" in sec.get(f"{NET}/buddies/b/{bid}").text,
              "the coordinator does not see the motivation")
        page = bud.get("/buddies").text
        check("Zqleaknoot" not in page and ASKER not in page, "the proposed buddy's view")
        check("Zqleaknoot" in asker.get("/buddies").text, "the asker does not see their request")
        post(bud, f"/buddies/matches/{mid}/accept", {}, 303)
        check(ASKER in bud.get("/buddies").text, "the matched buddy does not see the name")
        for role, c in viewers.items():
            r = c.get("/buddies")
            check(ASKER not in r.text and "Zqleaknoot" not in r.text,
                  f"{role} sees the match after it began")
        # The database: neither the asker, their account id, nor the note or motivation in
        # the clear.
        acc = db_sql(s.db, "SELECT id FROM account WHERE email = ?", (aemail,))[0][0]
        rows = db_sql(s.db, "SELECT * FROM buddy_request") + db_sql(s.db, "SELECT * FROM buddy")
        blob = b"".join(v if isinstance(v, bytes) else str(v).encode() for r in rows for v in r)
        for secret in (b"Zqleaknoot", b"Zqleakmotivatie", ASKER.encode(), aemail.encode()):
            check(secret not in blob, f"{secret!r} in the clear in the database")
        req = db_sql(s.db, "SELECT * FROM buddy_request WHERE id = ?", (rid,), columns=True)
        check(acc not in [v for v in req[1][0] if not isinstance(v, bytes)][2:],
              "a request row names the asker's account")
        # E-mails: nobody's has the note, the motivation or the network; only the two matched
        # people get each other's name.
        for to, subj, body in outbox(s.db):
            text = subj + (body or "")
            for secret in ("Zqleaknoot", "Zqleakmotivatie"):
                check(secret not in text, f"an e-mail to {to} holds {secret!r}")
            if subj.startswith("Introduction"):
                check(to in (aemail, bemail) and "Neurokring" not in text,
                      f"an introduction to {to}")
            elif to not in (aemail,):
                check(ASKER not in text, f"an e-mail to {to} names the asker")
        # The check-in answers are tied to nobody.
        post(asker, f"/buddies/matches/{mid}/end", {}, 303)
        net = db_sql(s.db, "SELECT id FROM network WHERE slug = 'neurokring'")[0][0]
        post(asker, f"/buddies/checkins/{net}", {"answer": "no"}, 303)
        cols, rows = db_sql(s.db, "SELECT * FROM buddy_checkin_answer", columns=True)
        check(cols == ["network_id", "answer", "n"], f"the answers hold {cols}")
        # The access log names no request or match.
        log = s.stderr()
        check(f"/buddies/requests/{rid}" not in log and f"/buddies/matches/{mid}" not in log,
              "the log names a request's or match's path")
        data = json.loads(viewers["contact"].get("/me/data.json").text)
        check(not data.get("buddy_requests"), "the contact point's data lists requests")
