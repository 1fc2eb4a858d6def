# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_buddies.py: buddies (issue 13), black box over HTTP: the core team keeps the network's
themes and names buddy coordinators; a member applies to be a buddy, a coordinator records
the intake and the status; a member asks for a buddy; the coordinator sees the request with
Kring's suggestions and proposes a buddy, who says yes or no in two steps; the introduction
e-mails carry names and addresses only; a match is renewed, ended (by either side, or by
itself) and handed back; the anonymous check-in; the caseload; the figures; "my data",
deleting the account and retention; every bad value and the rules' refusals; and parallel
proposals that never put a buddy over their caseload, on SQLite and on PostgreSQL.

Neurokring's secretary (Joost Visser) is its buddy coordinator in the small demo. Texts carry
markers (Zq…) that occur nowhere else."""

import json
import re
import signal
import tempfile
import threading
import time

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, db_sql, join, pg_demo,
                     require, run_cli, sign_in_full, test, user_add)

EN = "en-GB,en;q=0.9"
NET = "/n/neurokring"
OTHER = "/n/iedereen-telt"
SSO = ["--sso-header", "X-Remote-User", "--trusted-proxies", "127.0.0.1"]


def team(s, who="secretary"):
    c = Client(s, lang=EN)
    sign_in_full(c, DEMO[who])
    return c


def member(s, key, net=NET):
    """A new account that joined net: (email, client)."""
    email = f"zq{key}@rijnstad.example"
    user_add(s.db, email, f"Zq{key.capitalize()} Collega")
    c = Client(s, lang=EN)
    c.sign_in(email)
    join(c, net, "silent")
    return email, c


def post(c, path, fields, expect):
    r = c.post(path, fields)
    require(r.status == expect, f"POST {path} {fields}: {r.status}, expected {expect}: "
            f"{htmlcheck.visible_text(r.text)[:300] if r.is_html else ''}")
    return r


def themes(db, net="neurokring"):
    return [r[0] for r in db_sql(db, "SELECT t.id FROM buddy_theme t JOIN network n ON"
                                     " n.id = t.network_id WHERE n.slug = ? ORDER BY t.id",
                                 (net,))]


def count(db, table, where="1 = 1", params=()):
    return db_sql(db, f"SELECT count(*) FROM {table} WHERE {where}", params)[0][0]


def account(db, email):
    return db_sql(db, "SELECT id FROM account WHERE email = ?", (email,))[0][0]


def buddy_id(db, email):
    return db_sql(db, "SELECT b.id FROM buddy b JOIN account a ON a.id = b.account_id WHERE"
                      " a.email = ?", (email,))[0][0]


def apply(c, theme_ids, motivation="Zqmotivatie: ik help graag.", expect=303, **kw):
    c.get(NET + "/buddies/apply")
    f = {"motivation": motivation, "site": "0", "online": "1", "lang": "both"}
    f.update({f"t{i + 1}": str(t) for i, t in enumerate(theme_ids)})
    f.update(kw)
    return post(c, NET + "/buddies/apply", f, expect)


def activate(coord, db, email, status="active", expect=303, **kw):
    bid = buddy_id(db, email)
    coord.get(f"{NET}/buddies/b/{bid}")
    f = {"status": status, "intake": "go", "intake_on": "2026-10-01", "trained_on": "2026-11-01",
         "intervision_on": ""}
    f.update(kw)
    post(coord, f"{NET}/buddies/b/{bid}", f, expect)
    return bid


def ask(c, theme_ids, note="", expect=303, **kw):
    c.get(NET + "/buddies/ask")
    f = {"site": "0", "online": "1", "lang": "", "note": note}
    f.update({f"t{i + 1}": str(t) for i, t in enumerate(theme_ids)})
    f.update(kw)
    return post(c, NET + "/buddies/ask", f, expect)


def last_request(db):
    return db_sql(db, "SELECT max(id) FROM buddy_request")[0][0]


def propose(coord, rid, bid, expect=303):
    coord.get(f"/buddies/requests/{rid}")
    return post(coord, f"/buddies/requests/{rid}/propose", {"buddy": str(bid)}, expect)


def match_of(db, rid):
    return db_sql(db, "SELECT id, status FROM buddy_match WHERE request_id = ? ORDER BY id DESC",
                  (rid,))[0]


def outbox(db):
    return db_sql(db, "SELECT to_addr, subject, body FROM outbox ORDER BY id")


def load(db, bid):
    return db_sql(db, "SELECT active_count FROM buddy WHERE id = ?", (bid,))[0][0]


@test
def buddies_themes_and_coordinators_by_the_core_team():
    with Server() as s:
        sec = team(s)
        r = sec.get(NET + "/buddies/settings")
        check(r.status == 200 and "Werken met autisme" in r.text, f"settings: {r.status}")
        n = len(themes(s.db))
        post(sec, NET + "/buddies/themes", {"name": "Zqthema werken in ploegendienst"}, 303)
        check(len(themes(s.db)) == n + 1, "the theme was not added")
        for bad in ("", "x" * 101, "Zqthema werken in ploegendienst", "regel\neen"):
            r = post(sec, NET + "/buddies/themes", {"name": bad}, 400)
            check("Nothing has changed" in htmlcheck.visible_text(r.text), f"{bad!r}: no message")
        check(len(themes(s.db)) == n + 1, "a bad theme was added")
        tid = themes(s.db)[-1]
        post(sec, f"{NET}/buddies/themes/{tid}/delete", {}, 303)
        check(len(themes(s.db)) == n, "the theme was not removed")
        # Another network's theme cannot be removed through this one.
        db_sql(s.db, "INSERT INTO buddy_theme (network_id, name, created_at) SELECT id,"
                     " 'Zqander', 0 FROM network WHERE slug = 'iedereen-telt'")
        others = themes(s.db, "iedereen-telt")
        r = sec.post(f"{NET}/buddies/themes/{others[-1]}/delete", {})
        check(r.status == 404 and themes(s.db, "iedereen-telt") == others,
              f"another network's theme through this one: {r.status}")
        # Only the core team.
        emp = Client(s, lang=EN)
        emp.sign_in(DEMO_EMPLOYEE)
        check(emp.get(NET + "/buddies/settings").status == 403, "an employee opens the settings")
        check(emp.post(NET + "/buddies/themes", {"name": "Zqemp"}).status == 403,
              "an employee adds a theme")
        # A coordinator is one of the core team.
        acc = account(s.db, DEMO_EMPLOYEE)
        r = post(sec, NET + "/buddies/coordinators", {"account": str(acc), "on": "1"}, 400)
        check(count(s.db, "buddy_coordinator", "account_id = ?", (acc,)) == 0,
              "an employee became coordinator")
        sec_id = account(s.db, DEMO["secretary"])
        post(sec, NET + "/buddies/coordinators", {"account": str(sec_id), "on": "0"}, 303)
        check(sec.get(NET + "/buddies/coordinate").status == 403, "no longer coordinator, opens")
        post(sec, NET + "/buddies/coordinators", {"account": str(sec_id), "on": "1"}, 303)
        check(sec.get(NET + "/buddies/coordinate").status == 200, "coordinator again, refused")


@test
def buddies_apply_ask_propose_accept_end_and_check_in():
    with Server() as s:
        sec = team(s)
        th = themes(s.db)
        bemail, bud = member(s, "buddyanna")
        # Bad values: a clear message, nothing saved.
        n0 = count(s.db, "buddy")
        for kw, text in [({"motivation": ""}, "why you would like"),
                         ({"motivation": "x" * 2001}, "2,000 characters"),
                         ({"t1": "999999"}, "Choose themes"),
                         ({"t1": "abc"}, "at least one theme"),
                         ({"lang": "fr"}, "language of the list"),
                         ({"site": "999999"}, "Choose themes and a site")]:
            f = {"motivation": "Zqmotivatie", "t1": str(th[0])}
            f.update(kw)
            r = apply(bud, [], expect=400, **f)
            check(text in htmlcheck.visible_text(r.text), f"{kw}: {htmlcheck.visible_text(r.text)[:400]}")
        r = apply(bud, [], expect=400, motivation="Zqmotivatie")
        check("at least one theme" in htmlcheck.visible_text(r.text), "no theme accepted")
        check(count(s.db, "buddy") == n0, "a refused application was saved")
        apply(bud, [th[0], th[3]])
        apply(bud, [th[0]], expect=409)
        check(count(s.db, "buddy") == n0 + 1, "applying twice made two")
        emp = Client(s, lang=EN)
        emp.sign_in(DEMO_EMPLOYEE)
        check(emp.get(NET + "/buddies/apply").status == 403, "a non-member opens the form")
        # The coordinator's record: a bad date changes nothing.
        bid = buddy_id(s.db, bemail)
        activate(sec, s.db, bemail, expect=400, trained_on="2026-02-30")
        check(db_sql(s.db, "SELECT status FROM buddy WHERE id = ?", (bid,))[0][0] == "applied",
              "a bad date changed the status")
        activate(sec, s.db, bemail, status="flying", expect=409)
        activate(sec, s.db, bemail)
        # Asking.
        aemail, asker = member(s, "askbert")
        n_req = count(s.db, "buddy_request")
        for kw, text in [({"note": "x" * 501}, "500 characters"), ({"lang": "fr"}, "language")]:
            r = ask(asker, [th[0]], expect=400, **kw)
            check(text in htmlcheck.visible_text(r.text), f"{kw}: {htmlcheck.visible_text(r.text)[:300]}")
        check(count(s.db, "buddy_request") == n_req, "a refused request was saved")
        ask(asker, [th[0], th[3]], note="Zqnoot-bert: ik begin in een nieuwe baan")
        ask(asker, [th[0]], expect=409)
        rid = last_request(s.db)
        # The coordinator: the note and the suggestions, the buddy with two shared themes first.
        r = sec.get(f"/buddies/requests/{rid}")
        text = htmlcheck.visible_text(r.text)
        check(r.status == 200 and "Zqnoot-bert" in text, "the coordinator does not see the note")
        radios = [e.get("value") for e in htmlcheck.elements(r.text, "input")
                  if e.get("name") == "buddy"]
        check(radios and radios[0] == str(bid), f"suggestions {radios}, expected {bid} first")
        check("/referrals" in r.text and "not a care provider" in text, "no boundaries")
        # Matching someone with themselves: the asker as a buddy too.
        apply(asker, [th[0]])
        self_bid = activate(sec, s.db, aemail)
        r = propose(sec, rid, self_bid, expect=409)
        check("their own buddy" in htmlcheck.visible_text(r.text), "self-match message")
        check(str(self_bid) not in [e.get("value") for e in htmlcheck.elements(
            sec.get(f"/buddies/requests/{rid}").text, "input") if e.get("name") == "buddy"],
            "the asker is suggested as their own buddy")
        n_out = len(outbox(s.db))
        propose(sec, rid, bid)
        check(load(s.db, bid) == 1, "the caseload did not count the proposal")
        mails = outbox(s.db)[n_out:]
        check([m[0] for m in mails] == [bemail], f"proposal e-mails to {[m[0] for m in mails]}")
        check(all("Zqnoot" not in (m[2] or "") and "autisme" not in (m[2] or "").lower()
                  for m in mails), "the proposal e-mail carries the request")
        propose(sec, rid, bid, expect=409)  # not waiting any more
        # The buddy sees the request, says yes in two steps.
        # A request's themes and note are for the buddy once matched, not while they may say no.
        page = htmlcheck.visible_text(bud.get("/buddies").text)
        check("Zqnoot-bert" not in page and "ZqAskbert" not in page and "Say yes" in page,
              "the proposed buddy sees the note or the name, or cannot answer")
        mid = match_of(s.db, rid)[0]
        check(asker.get(f"/buddies/matches/{mid}/accept").status == 404,
              "the asker opens the buddy's answer")
        r = bud.get(f"/buddies/matches/{mid}/accept")
        check(r.status == 200 and match_of(s.db, rid)[1] == "proposed", "step 1 changed it")
        n_out = len(outbox(s.db))
        post(bud, f"/buddies/matches/{mid}/accept", {}, 303)
        check(match_of(s.db, rid)[1] == "active", "not active after yes")
        page = htmlcheck.visible_text(bud.get("/buddies").text)
        check("Zqnoot-bert" in page and "ZqAskbert" in page,
              "the matched buddy does not see the note and the name")
        r = post(bud, f"/buddies/matches/{mid}/accept", {}, 409)
        check("Answered already" in r.text, "accepting twice: no message")
        post(bud, f"/buddies/matches/{mid}/decline", {}, 409)
        intro = outbox(s.db)[n_out:]
        check(sorted(m[0] for m in intro) == sorted([aemail, bemail]),
              f"introductions to {[m[0] for m in intro]}")
        for to, subj, body in intro:
            other = bemail if to == aemail else aemail
            check(other in body, f"the introduction to {to} lacks the other's address")
            check("Zqnoot" not in body and "Zqmotivatie" not in body and "autisme" not in
                  body.lower() and "Neurokring" not in body, f"the introduction to {to} leaks")
        check("ZqBuddyanna" in htmlcheck.visible_text(asker.get("/buddies").text),
              "the asker does not see their buddy")
        # Renew, end by the asker (two steps), both get a check-in.
        post(asker, f"/buddies/matches/{mid}/renew", {}, 303)
        r = asker.get(f"/buddies/matches/{mid}/end")
        check(r.status == 200 and match_of(s.db, rid)[1] == "active", "end step 1 changed it")
        post(asker, f"/buddies/matches/{mid}/end", {}, 303)
        check(match_of(s.db, rid)[1] == "ended" and load(s.db, bid) == 0, "not ended")
        post(asker, f"/buddies/matches/{mid}/end", {}, 409)
        check(count(s.db, "buddy_checkin") == 2, "no check-ins after the end")
        net_id = db_sql(s.db, "SELECT id FROM network WHERE slug = 'neurokring'")[0][0]
        r = asker.get("/buddies")
        check("Did it help?" in r.text, "the asker is not asked")
        post(asker, f"/buddies/checkins/{net_id}", {"answer": "bogus"}, 400)
        post(asker, f"/buddies/checkins/{net_id}", {"answer": "yes"}, 303)
        post(asker, f"/buddies/checkins/{net_id}", {"answer": "yes"}, 404)  # none due any more
        post(bud, f"/buddies/checkins/{net_id}", {"answer": "some"}, 303)
        check(count(s.db, "buddy_checkin") == 0, "answered check-ins stay")
        rows = db_sql(s.db, "SELECT answer, n FROM buddy_checkin_answer WHERE network_id = ?",
                      (net_id,))
        check(sorted(rows) == [("some", 1), ("yes", 1)], f"answers counted {rows}")
        # The figures: under five answers nothing; counts as "fewer than 5".
        fig = htmlcheck.visible_text(sec.get(NET + "/buddies/figures").text)
        check("from 5 answers on" in fig and "fewer than 5" in fig, f"figures: {fig[:500]}")
        # Hand back: a new request, proposed, handed back with one click.
        cemail, carl = member(s, "askcarl")
        ask(carl, [th[3]])
        rid2 = last_request(s.db)
        propose(sec, rid2, bid)
        mid2 = match_of(s.db, rid2)[0]
        n_out = len(outbox(s.db))
        post(bud, f"/buddies/matches/{mid2}/handback", {}, 303)
        check(match_of(s.db, rid2)[1] == "handed_back" and load(s.db, bid) == 0, "not handed back")
        check(db_sql(s.db, "SELECT status FROM buddy_request WHERE id = ?", (rid2,))[0][0] ==
              "returned", "the request did not return to the coordinators")
        mails = outbox(s.db)[n_out:]
        check([m[0] for m in mails] == [DEMO["secretary"]], f"hand-back e-mails {mails}")
        # The buddy lowers their caseload; 0 and 3 are refused.
        post(bud, f"/buddies/b/{bid}/caseload", {"caseload": "1"}, 303)
        post(bud, f"/buddies/b/{bid}/caseload", {"caseload": "3"}, 400)
        post(bud, f"/buddies/b/{bid}/caseload", {"caseload": "0"}, 400)
        check(db_sql(s.db, "SELECT caseload FROM buddy WHERE id = ?", (bid,))[0][0] == 1,
              "the caseload")
        check(asker.post(f"/buddies/b/{bid}/caseload", {"caseload": "2"}).status == 404,
              "someone else sets the caseload")


@test
def buddies_caseload_decline_and_other_networks():
    with Server() as s:
        sec = team(s)
        th = themes(s.db)
        bemail, bud = member(s, "buddydirk")
        apply(bud, [th[0]])
        bid = activate(sec, s.db, bemail)
        post(bud, f"/buddies/b/{bid}/caseload", {"caseload": "1"}, 303)
        _, a1 = member(s, "askeen")
        ask(a1, [th[0]])
        r1 = last_request(s.db)
        _, a2 = member(s, "asktwee")
        ask(a2, [th[0]])
        r2 = last_request(s.db)
        propose(sec, r1, bid)
        r = propose(sec, r2, bid, expect=409)
        check("no room" in htmlcheck.visible_text(r.text), "over the caseload: no message")
        check(db_sql(s.db, "SELECT status FROM buddy_request WHERE id = ?", (r2,))[0][0] ==
              "waiting" and count(s.db, "buddy_match", "request_id = ?", (r2,)) == 0,
              "a refused proposal changed something")
        # Declining (two steps, no reason): the request waits again, the caseload is free.
        m1 = match_of(s.db, r1)[0]
        check(bud.get(f"/buddies/matches/{m1}/decline").status == 200, "decline step 1")
        post(bud, f"/buddies/matches/{m1}/decline", {}, 303)
        check(match_of(s.db, r1)[1] == "declined" and load(s.db, bid) == 0, "not declined")
        check(db_sql(s.db, "SELECT status FROM buddy_request WHERE id = ?", (r1,))[0][0] ==
              "waiting", "the declined request does not wait again")
        post(bud, f"/buddies/matches/{m1}/accept", {}, 409)
        # A paused buddy is not proposed.
        activate(sec, s.db, bemail, status="paused")
        r = propose(sec, r2, bid, expect=409)
        check("not active" in htmlcheck.visible_text(r.text), "a paused buddy: no message")
        activate(sec, s.db, bemail)
        # The chair coordinates Netwerk Iedereen Telt, not Neurokring.
        chair = team(s, "chair")
        cid = account(s.db, DEMO["chair"])
        post(chair, OTHER + "/buddies/coordinators", {"account": str(cid), "on": "1"}, 303)
        check(chair.get(OTHER + "/buddies/coordinate").status == 200, "the chair coordinates")
        check(chair.get(NET + "/buddies/coordinate").status == 403, "another network's list")
        check(chair.get(f"/buddies/requests/{r2}").status == 404, "another network's request")
        check(chair.get(f"{NET}/buddies/b/{bid}").status == 403, "another network's buddy")
        check(chair.get(f"{OTHER}/buddies/b/{bid}").status == 404,
              "another network's buddy through one's own")
        check(chair.post(f"/buddies/requests/{r2}/propose", {"buddy": str(bid)}).status == 404,
              "proposing on another network's request")
        check(chair.post(f"/buddies/requests/{r2}/close", {}).status == 404,
              "closing another network's request")
        check(chair.post(f"{NET}/buddies/b/{bid}", {"status": "stopped", "intake": "go"})
              .status == 403, "recording another network's buddy")
        check(db_sql(s.db, "SELECT status FROM buddy WHERE id = ?", (bid,))[0][0] == "active",
              "another network's coordinator changed the buddy")
        # A buddy of another network for this request: refused.
        post(chair, OTHER + "/buddies/themes", {"name": "Zqthema elders"}, 303)
        oemail, oth = member(s, "buddyelders", net=OTHER)
        oth.get(OTHER + "/buddies/apply")
        post(oth, OTHER + "/buddies/apply", {"motivation": "Zqelders", "site": "0", "lang": "nl",
                                              "t1": str(themes(s.db, "iedereen-telt")[0])}, 303)
        obid = buddy_id(s.db, oemail)
        chair.get(f"{OTHER}/buddies/b/{obid}")
        post(chair, f"{OTHER}/buddies/b/{obid}", {"status": "active", "intake": "go",
                                                  "intake_on": "", "trained_on": "",
                                                  "intervision_on": ""}, 303)
        propose(sec, r2, obid, expect=409)
        check(count(s.db, "buddy_match", "request_id = ?", (r2,)) == 0, "matched across networks")
        # The coordinator closes a request; the asker withdraws theirs.
        post(sec, f"/buddies/requests/{r2}/close", {}, 303)
        post(sec, f"/buddies/requests/{r2}/close", {}, 409)
        post(a1, f"/buddies/requests/{r1}/close", {}, 303)
        check(db_sql(s.db, "SELECT status FROM buddy_request WHERE id IN (?, ?)", (r1, r2)) ==
              [("closed",), ("closed",)], "not closed")
        # Unknown ids and bad path values.
        for path in ("/buddies/requests/999999", "/buddies/matches/999999/accept",
                     "/buddies/requests/abc", f"{NET}/buddies/b/999999"):
            check(sec.get(path).status == 404, f"{path} is not 404")
        r = post(sec, f"/buddies/requests/{r2}/propose", {"buddy": "x"}, 400)
        check("Choose one of the buddies" in r.text, "a bad buddy value: no message")


@test
def buddies_my_data_erasure_and_retention():
    with Server() as s:
        sec = team(s)
        th = themes(s.db)
        bemail, bud = member(s, "buddyeva")
        apply(bud, [th[0]], motivation="Zqmotivatie-eva")
        bid = activate(sec, s.db, bemail)
        aemail, asker = member(s, "askfer")
        ask(asker, [th[0]], note="Zqnoot-fer")
        rid = last_request(s.db)
        propose(sec, rid, bid)
        mid = match_of(s.db, rid)[0]
        post(bud, f"/buddies/matches/{mid}/accept", {}, 303)
        data = json.loads(asker.get("/me/data.json").text)
        check(data.get("buddy_requests") and data["buddy_requests"][0]["note"] == "Zqnoot-fer",
              f"/me/data.json: {data.get('buddy_requests')}")
        check("Zqnoot-fer" in asker.get("/me/data").text, "/me/data lacks the request")
        bdata = json.loads(bud.get("/me/data.json").text)
        check(bdata.get("buddy") and bdata["buddy"][0]["motivation"] == "Zqmotivatie-eva",
              f"the buddy's data: {bdata.get('buddy')}")
        # The asker deletes their account: the request and the match go, the caseload is free.
        r = asker.get("/me/delete")
        asker.token = htmlcheck.csrf_token(r.text) or asker.token
        require(asker.post("/me/delete", {}).status == 303, "POST /me/delete")
        check(count(s.db, "buddy_request", "id = ?", (rid,)) == 0, "the request stays")
        check(count(s.db, "buddy_match", "request_id = ?", (rid,)) == 0, "the match stays")
        check(load(s.db, bid) == 0, "the caseload stays taken")
        # Retention: a match past its end ends by itself; a request 31 days after it ended
        # goes; a match renewed stays.
        _, g = member(s, "askgus")
        ask(g, [th[0]])
        r_old = last_request(s.db)
        propose(sec, r_old, bid)
        m_old = match_of(s.db, r_old)[0]
        post(bud, f"/buddies/matches/{m_old}/accept", {}, 303)
        _, h = member(s, "askhan")
        ask(h, [th[0]])
        r_done = last_request(s.db)
        post(sec, f"/buddies/requests/{r_done}/close", {}, 303)
        s.signal(signal.SIGTERM)
        s.wait(10)
        now = int(time.time())
        db_sql(s.db, "UPDATE buddy_match SET ends_at = ? WHERE id = ?", (now - 60, m_old))
        db_sql(s.db, "UPDATE buddy_request SET ended_at = ? WHERE id = ?",
               (now - 31 * 86400, r_done))
        db_sql(s.db, "DELETE FROM job_run WHERE job = 'retention'")
        s.start()
        for _ in range(50):
            if count(s.db, "buddy_request", "id = ?", (r_done,)) == 0:
                break
            time.sleep(0.1)
        check(count(s.db, "buddy_request", "id = ?", (r_done,)) == 0,
              "retention kept a request 31 days after its end")
        check(match_of(s.db, r_old)[1] == "ended", "a match past its end did not end")
        check(count(s.db, "buddy_checkin") == 2, "no check-ins after the match ended by itself")
        check(count(s.db, "buddy_request", "id = ?", (r_old,)) == 1,
              "a request that just ended was erased")
        # The buddy deletes their account: their row goes.
        r = bud.get("/me/delete")
        bud.token = htmlcheck.csrf_token(r.text) or bud.token
        require(bud.post("/me/delete", {}).status == 303, "POST /me/delete (buddy)")
        check(count(s.db, "buddy", "id = ?", (bid,)) == 0, "the buddy row stays")
        check(count(s.db, "buddy_checkin") == 1, "the buddy's check-in stays")


def _race(s, db):
    """8 proposals of one buddy (caseload 2) for 8 requests at once: exactly 2 get through."""
    coord_token = None

    def sso(email):
        c = Client(s, lang=EN)
        r = c.get("/buddies", headers={"X-Remote-User": email})
        require(r.status == 200, f"SSO sign-in {email}: {r.status}")
        return c

    def add(email, name):
        p = run_cli(["user", "add", email, name, "--db", s.db] + (["--key", s.key] if s.key else []))
        require(p.returncode == 0, f"user add {email}: {p.stderr[:200]}")

    # One session of the coordinator (the secretary: two-step sign-in) posts from every thread.
    coord = team(s)
    th = themes(db)
    add("zqracebuddy@rijnstad.example", "Zqrace Buddy")
    bud = sso("zqracebuddy@rijnstad.example")
    join(bud, NET, "silent")
    apply(bud, [th[0]])
    bid = db_sql(db, "SELECT b.id FROM buddy b JOIN account a ON a.id = b.account_id WHERE"
                     " a.email = 'zqracebuddy@rijnstad.example'")[0][0]
    activate(coord, db, "zqracebuddy@rijnstad.example")
    rids, clients = [], []
    for i in range(8):
        email = f"zqrace{i}@rijnstad.example"
        add(email, f"Zqrace {i}")
        c = sso(email)
        join(c, NET, "silent")
        ask(c, [th[0]])
        rids.append(db_sql(db, "SELECT max(id) FROM buddy_request")[0][0])
        clients.append(coord)
    coord.get(f"/buddies/requests/{rids[0]}")
    coord_token = coord.token
    barrier = threading.Barrier(8)
    statuses, lock = [], threading.Lock()

    def go(cl, rid):
        barrier.wait(10)
        r = cl.post(f"/buddies/requests/{rid}/propose", {"buddy": str(bid)}, csrf=coord_token,
                    timeout=30)
        with lock:
            statuses.append(r.status)

    threads = [threading.Thread(target=go, args=(cl, rid)) for cl, rid in zip(clients, rids)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    check(len(statuses) == 8 and statuses.count(303) == 2 and statuses.count(409) == 6,
          f"8 proposals at once for a caseload of 2: {sorted(statuses)}")
    live = db_sql(db, "SELECT count(*) FROM buddy_match WHERE buddy_id = ? AND status IN"
                      " ('proposed', 'active')", (bid,))[0][0]
    check(live == 2 and db_sql(db, "SELECT active_count FROM buddy WHERE id = ?", (bid,))[0][0]
          == 2, f"in the database: {live} matches")


@test
def buddies_parallel_proposals_never_overfill_a_caseload():
    with Server(args=SSO) as s:
        _race(s, s.db)


@test
def buddies_parallel_proposals_postgresql():
    d = tempfile.mkdtemp(prefix="kring-buddies-pg-")
    url, key = pg_demo(d)
    with Server(args=SSO, db=url, key=key) as s:
        _race(s, url)
