# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_feedback.py: feedback after an event (issue 11), black box over HTTP: who may answer
and when (those with a place, once, after the end), every bad value refused with nothing
changed, the stored rows (no account, no time, random ids, the texts sealed), what the
organisers see (nothing below 5 answers, the ratings from 5, the texts from 10, shuffled and
without names), "my data", deleting an account (the answers stay, unlinkable), a key rotation,
and the small demo's answers.

The secretary (Joost Visser) is Neurokring's core team; the chair Iedereen Telt's, whose demo
film evening (event 4) has eleven answers."""

import json
import signal
import time

import htmlcheck
from harness import (DEMO, Client, Server, check, db_sql, error_summary, require, run_cli,
                     sign_in_full, test, user_add)

from test_events import employee, organiser, plan, register

EN = "en-GB,en;q=0.9"


def answers(db, eid=None):
    if eid is None:
        return db_sql(db, "SELECT count(*) FROM event_feedback")[0][0]
    return db_sql(db, "SELECT count(*) FROM event_feedback WHERE event_id = ?", (eid,))[0][0]


def give(c, eid, rating="4", accessible="yes", improve="", comment="", expect=303):
    r = c.get(f"/events/{eid}/feedback")
    require(r.status == 200 or expect != 303, f"GET /events/{eid}/feedback: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    f = {"improve": improve, "comment": comment}
    if rating is not None:
        f["rating"] = rating
    if accessible is not None:
        f["accessible"] = accessible
    r = c.post(f"/events/{eid}/feedback", f)
    require(r.status == expect, f"POST /events/{eid}/feedback {f}: {r.status}, expected "
            f"{expect}: {error_summary(r)}")
    return r


def to_the_past(db, eid):
    now = int(time.time())
    db_sql(db, "UPDATE event SET starts_at = ?, ends_at = ?, deadline = ? WHERE id = ?",
           (now - 7200, now - 3600, now - 90000, eid))


def people(s, n, prefix):
    out = []
    for i in range(n):
        addr = f"zq{prefix}{i}@rijnstad.example"
        user_add(s.db, addr, f"Zq{prefix}naam{i} Deelnemer")
        c = Client(s, lang=EN)
        c.sign_in(addr)
        out.append(c)
    return out


@test
def feedback_who_may_answer_bad_values_and_the_stored_rows():
    with Server() as s:
        sec = organiser(s)
        eid = plan(sec, title="Zqterugblik", capacity_site="2")
        a, b, w = people(s, 3, "fb")
        for c in (a, b, w):
            register(c, eid)  # w waits: two places
        # Before the end: nobody may answer.
        r = a.get(f"/events/{eid}/feedback")
        check(r.status == 409 and "once the event is over" in r.text,
              f"feedback before the end: {r.status}")
        check(f"/events/{eid}/feedback" not in a.get(f"/events/{eid}").text,
              "the event's page offers feedback before the end")
        to_the_past(s.db, eid)
        t = a.get(f"/events/{eid}").text
        check(f'href="/events/{eid}/feedback"' in t, "the event's page offers no feedback")
        # Those without a place: refused, nothing stored.
        for who, c in (("on the waiting list", w), ("not registered", employee(s))):
            r = c.get(f"/events/{eid}/feedback")
            check(r.status == 409 and "had a place" in r.text, f"{who}: GET {r.status}")
            c.token = htmlcheck.csrf_token(c.get("/events").text) or c.token
            r = c.post(f"/events/{eid}/feedback", {"rating": "5", "accessible": "yes"})
            check(r.status == 409, f"{who}: POST {r.status}")
        check(answers(s.db) == 0 or answers(s.db, eid) == 0, "a refused answer was stored")
        # Bad values: the form again at 400, with the message at its field, nothing stored.
        for f, field in (({"rating": None}, "rating"), ({"rating": "0"}, "rating"),
                         ({"rating": "6"}, "rating"), ({"rating": "x"}, "rating"),
                         ({"accessible": None}, "accessible"),
                         ({"accessible": "maybe"}, "accessible"),
                         ({"improve": "x" * 1001}, "improve"),
                         ({"comment": "é" * 1001}, "comment")):
            args = {"rating": "4", "accessible": "yes", "improve": "", "comment": ""}
            args.update(f)
            r = give(a, eid, expect=400, **args)
            check(f'href="#f-{field}"' in r.text, f"{f}: no error at {field}: "
                  f"{error_summary(r)}")
            if f.get("improve"):
                check("x" * 1001 in r.text, "the typed text was not kept")
        # A control character: the router's 400 for every form.
        give(a, eid, "4", "yes", "", "bel\x07letje", expect=400)
        check(answers(s.db, eid) == 0, "a bad answer was stored")
        # 1000 characters of each text are fine; then one answer only.
        r = give(a, eid, "5", "partly", "Zqverbeter" + "x" * 990, "Zqopmerking" + "é" * 989)
        check(r.header("Location") == f"/events/{eid}?done=feedback", "after answering: "
              f"{r.header('Location')}")
        t = a.get(f"/events/{eid}?done=feedback").text
        check("Thank you for your feedback." in t and f"/events/{eid}/feedback\"" not in t,
              "the event's page after answering")
        r = give(a, eid, expect=409)
        check("already" in r.text, "a second answer was not refused as such")
        check(answers(s.db, eid) == 1, f"answers stored: {answers(s.db, eid)}")
        # The stored row: no account, no time; the texts sealed.
        cols, rows = db_sql(s.db, "SELECT * FROM event_feedback WHERE event_id = ?", (eid,),
                            columns=True)
        check(sorted(cols) == ["accessible", "event_id", "id", "rating", "sealed"],
              f"the answer's columns: {cols}")
        check(rows[0][cols.index("rating")] == 5 and rows[0][cols.index("accessible")] ==
              "partly", f"the stored answer: {rows[0]}")
        sealed = bytes(rows[0][cols.index("sealed")])
        check(b"Zqverbeter" not in sealed and b"Zqopmerking" not in sealed,
              "the texts are stored in the clear")
        if not s.db.startswith("postgresql://"):
            with open(s.db, "rb") as f:
                raw = f.read()
            check(b"Zqverbeter" not in raw, "the text is in the database file")
        check(db_sql(s.db, "SELECT count(*) FROM registration WHERE event_id = ? AND answered = 1",
                     (eid,))[0][0] == 1, "the registration is not marked as answered")
        # My data says that one answered, not what.
        r = a.get("/me/data.json")
        require(r.status == 200, f"my data: {r.status}")
        regs = [x for x in json.loads(r.text)["event_registrations"] if x["event_id"] == eid]
        check(regs and regs[0]["gave_feedback"] is True, f"my data: {regs}")
        check("Zqverbeter" not in r.text, "my data holds the answer")
        # A cancelled event takes no feedback.
        db_sql(s.db, "UPDATE event SET state = 'cancelled' WHERE id = ?", (eid,))
        r = give(b, eid, expect=409)
        check("cancelled" in r.text, f"feedback on a cancelled event: {r.status}")
        # The access log names the route, never the event, for the form and its POST.
        s.stop()
        log = s.stderr()
        check(f"/events/{eid}/feedback" not in log, "the access log names the event's feedback")
        check("/events/{id}/feedback" in log, "the access log has no feedback line (the check "
              "can fail)")


@test
def feedback_what_the_organisers_see_from_5_and_10_answers():
    with Server() as s:
        sec = Client(s, lang=EN)
        tf = sign_in_full(sec, DEMO["secretary"])
        eid = plan(sec, title="Zqtienantwoorden", capacity_site="20")
        cs = people(s, 11, "tien")
        for c in cs:
            register(c, eid)
        to_the_past(s.db, eid)
        page = f"/events/{eid}/answers"
        check(f'href="{page}"' in sec.get(f"/events/{eid}").text,
              "the organiser's event page does not link to the feedback")
        for who, c in (("a registrant", cs[0]), ("an employee", employee(s)),
                       ("another network's core team", organiser(s, "chair"))):
            check(c.get(page).status == 403, f"{who} may read the feedback")

        def shown():
            return sec.get(page).text

        for i in range(4):
            give(cs[i], eid, str(1 + i % 5), "no", f"Zqtekst{i} beter", f"Zqvrij{i}")
        t = shown()
        check("Fewer than 5 people" in t and "Average rating" not in t and "Zqtekst" not in t,
              "below 5 answers the organisers see more than that")
        give(cs[4], eid, "5", "yes", "Zqtekst4 beter", "")
        t = shown()
        check("Answers: 5." in t and "Average rating (1 to 5): 3.0" in t,
              "with 5 answers the ratings do not show")
        check("Zqtekst" not in t and "Zqvrij" not in t and "from 10 answers on" in t,
              "with 5 answers the texts show")
        for i in range(5, 10):
            give(cs[i], eid, "4", "partly", "", f"Zqvrij{i}" if i % 2 else "")
        t = shown()
        for m in [f"Zqtekst{i} beter" for i in range(5)] + [f"Zqvrij{i}" for i in
                                                              (0, 1, 2, 3, 5, 7, 9)]:
            check(m in t, f"with 10 answers {m!r} does not show")
        check("Zqtiennaam" not in t, "the feedback names someone")
        # The order is random: over a few loads, the texts do not keep one order.
        orders = set()
        for _ in range(8):
            t = shown()
            orders.add(tuple(sorted(range(5), key=lambda i: t.index(f"Zqtekst{i} beter"))))
        check(len(orders) > 1, "the texts come in one order every time")
        # Deleting an account keeps the answers (nothing links them to it).
        before = answers(s.db, eid)
        c = cs[0]
        r = c.get("/me/delete")
        c.token = htmlcheck.csrf_token(r.text) or c.token
        require(c.post("/me/delete", {}).status == 303, "deleting the account")
        check(answers(s.db, eid) == before, "deleting an account removed an answer")
        # A key rotation keeps the texts readable.
        s.signal(signal.SIGTERM)
        require(s.wait(20) is not None, "the server did not stop")
        p = run_cli(["key", "rotate", "--db", s.db])
        require(p.returncode == 0, f"`kring key rotate`: {p.returncode} {p.stderr.strip()!r}")
        s.start()
        sec = Client(s, lang=EN)
        sign_in_full(sec, DEMO["secretary"], two_factor=tf)
        check("Zqtekst3 beter" in sec.get(page).text, "after a key rotation the texts are gone")


@test
def feedback_in_the_small_demo():
    with Server() as s:
        chair = Client(s, lang=EN)
        sign_in_full(chair, DEMO["chair"])
        t = chair.get("/events/4/answers").text
        check("Answers: 11." in t and "In random order" in t,
              "the demo's film evening shows no answers")
        check("lift deed het niet" in t, "the demo's written answers do not show")
        sec = organiser(s)
        t = sec.get("/events/5/answers").text
        check("Fewer than 5 people" in t, "the demo's consultation hour shows its two answers")
