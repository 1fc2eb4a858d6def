# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_hours.py: hours for network work and the energy guard (issue 14), black box over HTTP:
the organisation's rule and who may set it; asking for an agreement (the manager by e-mail,
who sees exactly one request, or the contact point) and every refusal (approving one's own,
approving as a manager someone did not ask); booking and every bad value (below 0, over 24
hours in a day, another person, outside an agreement's period, in the future); the energy
guard's thresholds at their edges and turning it down; totals through the figures function;
the core team's load view; "my data", erasure and retention.

Names and codes carry markers (Zq…) that occur nowhere else."""

import datetime
import json
import re
import signal
import time

import htmlcheck
from harness import (DEMO, Client, Server, check, db_connect, db_sql, require, run_cli, sign_in_full,
                     test, user_add)

EN = "en-GB,en;q=0.9"
NK = "neurokring"


def today():
    return datetime.datetime.now(datetime.timezone.utc).date()


def day(offset):
    return (today() + datetime.timedelta(days=offset)).isoformat()


def monday_offset():
    """Days from today back to this week's Monday (0 on a Monday)."""
    return today().weekday()


def person(s, key, role="core", network=NK):
    """A new account with a role in network (set before signing in: a role change ends
    sessions): (email, name, client, id)."""
    email = f"zq{key}@rijnstad.example"
    name = f"Zq{key.capitalize()} Lid"
    aid = user_add(s.db, email, name)
    if role:
        p = run_cli(["user", "role", email, role, "--network", network, "--db", s.db])
        require(p.returncode == 0, f"`kring user role {email} {role}`: {p.stderr.strip()!r}")
    c = Client(s, lang=EN)
    if role:
        c.two_factor = sign_in_full(c, email)  # a core-team role signs in with a second factor
    else:
        c.sign_in(email)
    return email, name, c, aid


def contact(s):
    c = Client(s, lang=EN)
    c.sign_in(DEMO["contact"])
    return c


def fresh_token(c, path):
    r = c.get(path)
    require(r.status == 200, f"GET {path}: {r.status}, expected 200")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    return r


def ask(c, net, basis="week", hours="4", start=None, end=None, approver="contact", email="",
        expect=303):
    fresh_token(c, f"/n/{net}/hours/agreement")
    fields = {"basis": basis, "hours": hours, "start": start or day(-60),
              "end": end or day(60), "approver": approver}
    if email:
        fields["email"] = email
    r = c.post(f"/n/{net}/hours/agreement", fields)
    require(expect is None or r.status == expect,
            f"asking for an agreement ({fields}): {r.status}, expected {expect}")
    return r


def approve_as_contact(hr, member_name, decision="approve", reason="", expect=303):
    r = fresh_token(hr, "/hours/approvals")
    # The form that follows the member's name.
    at = r.text.find(member_name)
    require(at >= 0, f"/hours/approvals does not list {member_name}")
    m = re.search(r'action="(/hours/approvals/\d+)"', r.text[at:])
    require(m, "no decision form after the member's name")
    r = hr.post(m.group(1), {"decision": decision, "reason": reason})
    require(expect is None or r.status == expect,
            f"the contact point's decision: {r.status}, expected {expect}")
    return m.group(1)


def agreed(s, key, basis="week", hours="4", start=-60, end=60, role="core", net=NK):
    """A member of a network with an approved agreement: (email, name, client, id)."""
    email, name, c, aid = person(s, key, role, net)
    ask(c, net, basis, hours, day(start), day(end))
    approve_as_contact(contact(s), name)
    return email, name, c, aid


def book(c, what="role", date=None, hours="1", minutes="0", outside=False, net=NK, expect=303,
         extra=()):
    if expect != 404:
        fresh_token(c, f"/n/{net}/hours")
    fields = [("what", what), ("date", date or day(0)), ("hours", hours),
              ("minutes", minutes)]
    if outside:
        fields.append(("outside", "1"))
    fields += list(extra)
    r = c.post(f"/n/{net}/hours", fields)
    require(expect is None or r.status == expect,
            f"booking {fields}: {r.status}, expected {expect}: {r.text[:300] if r.status != expect else ''}")
    return r


def bookings(s, aid):
    return s.sql_one("SELECT count(*) FROM hours_booking WHERE account_id = ?", (aid,))


def outbox(s):
    return s.sql("SELECT to_addr, subject, body FROM outbox ORDER BY id")


def guard_ids(c):
    r = c.get("/me/hours")
    require(r.status == 200, f"GET /me/hours: {r.status}")
    return set(re.findall(r'id="(guard-[a-z-]+)"', r.text)), r


@test
def hours_rule_is_set_by_the_contact_point_and_shown_where_hours_are_booked():
    with Server() as s:
        hr = contact(s)
        fresh_token(hr, "/hours/rule")
        fields = {"basis": "year", "hours": "100", "count_core": "1", "count_organisers": "1",
                  "attending": "1", "code": "ZqCode-7788", "organise_max": "5"}
        r = hr.post("/hours/rule", fields)
        check(r.status == 303, f"saving the rule: {r.status}")
        r = hr.get("/hours/rule")
        check("ZqCode-7788" in r.text and 'value="100"' in r.text, "the rule is not kept")
        for bad, field in ((dict(fields, hours="-1"), "hours"), (dict(fields, hours="2081"), "hours"),
                           (dict(fields, basis="week", hours="41"), "hours"),
                           (dict(fields, organise_max="0"), "organise_max"),
                           (dict(fields, organise_max="32"), "organise_max"),
                           (dict(fields, code="Zq" + "x" * 70), "code")):
            r = hr.post("/hours/rule", bad)
            check(r.status == 400 and f'href="#f-{field}"' in r.text,
                  f"a bad {field} ({bad[field]!r}): {r.status}, expected 400 naming it")
        r = hr.get("/hours/rule")
        check('value="100"' in r.text and "ZqCode-7788" in r.text and 'value="5"' in r.text,
              "a refused rule changed the stored one")
        _, _, emp, _ = person(s, "nobody", role=None)
        check(emp.get("/hours/rule").status == 403, "an employee opens /hours/rule")
        # A network's core team member (not the organisation's contact point) may not.
        _, _, member, _ = person(s, "regel")
        check(member.get("/hours/rule").status == 403, "a core-team member opens /hours/rule")
        r = member.get(f"/n/{NK}/hours")
        check(r.status == 200 and "ZqCode-7788" in r.text,
              "the booking form does not show the time-registration code")
        check("ZqCode-7788" in member.get("/me/hours").text, "/me/hours lacks the code")
        check("organisers are the people with a core-team role" in hr.get("/hours/rule").text,
              "the rule page does not say who organisers are")


@test
def hours_buddies_count_when_the_rule_says_so_and_book_their_matches_together():
    with Server() as s:
        email, name, bud, bid = person(s, "maatje", role=None)
        nk = db_sql(s.db, "SELECT id FROM network WHERE slug = ?", (NK,))[0][0]
        db_sql(s.db, "INSERT INTO buddy (network_id, account_id, status, sealed, applied_at)"
                     " VALUES (?, ?, 'active', ?, 0)", (nk, bid, b"\x00" * 40))
        # The rule does not count buddies (the default): not an active member.
        check(bud.get(f"/n/{NK}/hours").status == 404, "a buddy is active without the rule")
        hr = contact(s)
        fresh_token(hr, "/hours/rule")
        r = hr.post("/hours/rule", {"basis": "week", "hours": "4", "count_core": "1",
                                    "count_organisers": "1", "count_buddies": "1",
                                    "code": "", "organise_max": "3"})
        require(r.status == 303, f"the rule with buddies: {r.status}")
        box = [e for e in htmlcheck.elements(hr.get("/hours/rule").text, "input")
               if e.get("name") == "count_buddies"]
        check(box and "checked" in box[0].attrs, f"the rule does not keep the buddies box: {box}")
        r = bud.get(f"/n/{NK}/hours")
        check(r.status == 200, f"a serving buddy is not active under the rule: {r.status}")
        ask(bud, NK, start=day(-10), end=day(10))
        approve_as_contact(hr, name)
        r = fresh_token(bud, f"/n/{NK}/hours")
        check('value="buddy"' in r.text and "My buddy matches" in r.text,
              "the booking form does not offer the buddy matches")
        book(bud, what="buddy", hours="1", minutes="30")
        check(s.sql("SELECT activity, minutes, event_id FROM hours_booking WHERE account_id = ?",
                    (bid,)) == [("buddy", 90, None)], "the buddy booking is not stored as one")
        check("My buddy matches" in bud.get("/me/hours").text, "/me/hours lacks the activity")
        # Only what a buddy may: not the questions desk (the core team's).
        book(bud, what="questions", expect=400)
        # A core-team member who is no buddy cannot book against buddy matches.
        _, _, core, cid = agreed(s, "geenmaatje", start=-10, end=10)
        r = fresh_token(core, f"/n/{NK}/hours")
        check('value="buddy"' not in r.text, "a non-buddy is offered the buddy matches")
        book(core, what="buddy", expect=400)
        check(bookings(s, cid) == 0 and bookings(s, bid) == 1, "a refused booking was stored")
        # A buddy who stopped, without a running match, is no longer active.
        db_sql(s.db, "UPDATE buddy SET status = 'stopped' WHERE account_id = ?", (bid,))
        check(bud.get(f"/n/{NK}/hours").status == 404, "a stopped buddy is still active")
        book(bud, what="buddy", expect=404)
        check(bookings(s, bid) == 1, "a stopped buddy booked")


@test
def hours_booking_refuses_every_bad_value_and_changes_nothing():
    with Server() as s:
        _, _, me, aid = agreed(s, "boeker", start=-30, end=30)
        _, _, other, oid = agreed(s, "ander", start=-30, end=30)
        for hours, minutes in (("-1", "0"), ("0", "-5"), ("0", "0"), ("24", "1"), ("25", "0"),
                               ("x", "0"), ("0", "60")):
            r = book(me, hours=hours, minutes=minutes, expect=400)
            check('href="#f-hours"' in r.text, f"{hours}:{minutes}: the error is not on the time")
        r = book(me, date=day(-31), expect=400)
        check("no approved agreement for this network on this date" in r.text,
              "a booking before the agreement's period: no clear message")
        book(me, date=day(31) if False else day(1), expect=400)  # the future
        book(me, date="2026-02-30", expect=400)
        book(me, what="attend-999999", expect=400)
        book(me, what="zq", expect=400)
        check(bookings(s, aid) == 0, "a refused booking was stored")
        # 24 hours in a day is the most: 23:59 and one minute fit, one more does not.
        book(me, date=day(-2), hours="23", minutes="59")
        book(me, date=day(-2), hours="0", minutes="1")
        r = book(me, date=day(-2), hours="0", minutes="1", expect=400)
        check("more than 24 hours on that day" in r.text, "over 24 hours: no clear message")
        check(bookings(s, aid) == 2, f"{bookings(s, aid)} bookings, expected 2")
        # Booking for another person: the route has no such field; a forged one does nothing.
        before = bookings(s, oid)
        book(me, extra=[("account", str(oid))], expect=400)
        book(me, extra=[("account_id", str(oid))], expect=400)
        check(bookings(s, oid) == before, "a forged account field booked for someone else")
        check(bookings(s, aid) == 2, "a forged account field booked anything")
        # A network the member is not active in.
        check(me.get("/n/iedereen-telt/hours").status == 404,
              "the booking form opens for a network the member is not active in")
        book(me, net="iedereen-telt", expect=404)
        # The edges of the agreement's period are inside it.
        book(me, date=day(-30), minutes="10", hours="0")
        check(bookings(s, aid) == 3, "a booking on the first day of the period was refused")
        # Without CSRF: refused.
        r = me.post(f"/n/{NK}/hours", {"what": "role", "date": day(0), "hours": "1",
                                        "minutes": "0"}, csrf=False)
        check(r.status == 403, f"a booking without CSRF: {r.status}")


@test
def hours_agreement_bad_values_and_who_approves():
    with Server() as s:
        email, name, me, aid = person(s, "vrager")
        for fields, field in (({"hours": "0"}, "hours"), ({"hours": "41"}, "hours"),
                              ({"basis": "year", "hours": "2081"}, "hours"),
                              ({"start": day(10), "end": day(0)}, "end"),
                              ({"start": day(0), "end": day(400)}, "end"),
                              ({"start": "2026-13-01"}, "start"),
                              ({"approver": "manager", "email": ""}, "email"),
                              ({"approver": "manager", "email": email}, "email"),
                              ({"approver": "manager", "email": "a@b"}, "email"),
                              ({"approver": "zq"}, "approver")):
            r = ask(me, NK, expect=400, **fields)
            check(f'href="#f-{field}"' in r.text, f"{fields}: no error on {field}")
        check(s.sql_one("SELECT count(*) FROM hours_agreement WHERE account_id = ?",
                        (aid,)) == 0, "a refused request was stored")
        r = ask(me, NK, approver="manager", email=email.upper(), expect=400)
        check("your own address" in r.text, "asking oneself as manager: no clear message")
        # Someone who is not active in a network cannot ask there.
        _, _, emp, _ = person(s, "leeg", role=None)
        check(emp.get(f"/n/{NK}/hours/agreement").status == 404, "a non-member may ask")
        # Three waiting at once, not four.
        for _ in range(3):
            ask(me, NK)
        r = ask(me, NK, expect=400)
        check("three requests waiting" in r.text, "a fourth waiting request: no clear message")
        # The contact point approves; nobody approves their own.
        hr_email, hr_name, hr_member, hr_id = person(s, "hrlid")
        p = run_cli(["user", "role", hr_email, "contact", "--db", s.db])
        require(p.returncode == 0, f"making an organisation contact point: {p.stderr!r}")
        tf = hr_member.two_factor
        hr_member = Client(s, lang=EN)
        sign_in_full(hr_member, hr_email, two_factor=tf)
        ask(hr_member, NK)
        r = hr_member.get("/hours/approvals")
        main = r.text[r.text.find("<main"):]
        check(r.status == 200 and name in main and hr_name not in main,
              "the contact point's list shows their own request or not the member's")
        gid = s.sql_one("SELECT id FROM hours_agreement WHERE account_id = ?", (hr_id,))
        fresh_token(hr_member, "/hours/approvals")
        r = hr_member.post(f"/hours/approvals/{gid}", {"decision": "approve", "reason": ""})
        check(r.status == 404, f"approving one's own agreement: {r.status}, expected 404")
        check(s.sql_one("SELECT state FROM hours_agreement WHERE id = ?", (gid,)) == "waiting",
              "approving one's own agreement changed it")
        # Declining needs a reason; with one, the member reads it.
        hr = contact(s)
        path = approve_as_contact(hr, hr_name, decision="decline", reason="", expect=400)
        r = hr.post(path, {"decision": "decline", "reason": "Zqreden: te veel dit kwartaal"})
        check(r.status == 303, f"declining with a reason: {r.status}")
        r = hr_member.get("/me/hours")
        check("Declined" in r.text and "Zqreden" in r.text, "the member does not see the reason")
        r = hr.post(path, {"decision": "approve", "reason": ""})
        check(r.status == 404, "a decided request was decided again")


@test
def hours_the_manager_sees_exactly_one_request():
    with Server() as s:
        _, name_a, a, aid = person(s, "anne")
        _, name_b, b, bid = person(s, "bob")
        mgr = "zqmanager@rijnstad.example"
        ask(a, NK, basis="year", hours="100", start=day(0), end=day(200), approver="manager",
            email=mgr)
        ask(b, NK, basis="week", hours="3", start=day(0), end=day(100), approver="manager",
            email=mgr)
        mails = [m for m in outbox(s) if m[0] == mgr]
        links = [re.search(r"/hours/approve/([A-Za-z0-9_-]{43})", m[2]) for m in mails]
        links = [m.group(1) for m in links if m]
        check(len(links) == 2, f"{len(links)} request e-mails to the manager, expected 2")
        check(any("Invitation" in m[1] for m in mails),
              "no invitation to the manager, who has no account")
        for m in mails:
            check("Neurokring" not in m[2] and "neurokring" not in m[2],
                  "an e-mail to the manager names the network")
        # Neither member, nor anyone else, can open the manager's link.
        check(a.get(f"/hours/approve/{links[0]}").status == 404, "the member opens their link")
        check(b.get(f"/hours/approve/{links[0]}").status == 404, "another member opens it")
        check(Client(s, lang=EN).get(f"/hours/approve/{links[0]}").status in (303, 302),
              "signed out: not sent to sign in")
        other_mgr = "zqandermanager@rijnstad.example"
        user_add(s.db, other_mgr, "Zqander Manager")
        om = Client(s, lang=EN)
        om.sign_in(other_mgr)
        check(om.get(f"/hours/approve/{links[0]}").status == 404,
              "a manager nobody asked opens the request")
        fresh_token(om, "/")
        r = om.post(f"/hours/approve/{links[0]}", {"decision": "approve", "reason": ""})
        check(r.status == 404, f"approving as a manager nobody asked: {r.status}")
        check(s.sql_one("SELECT count(*) FROM hours_agreement WHERE state = 'waiting'"
                        " AND account_id = ?", (aid,)) == 1, "that changed the request")
        # The manager signs in and sees that request, and only that one.
        user_add(s.db, mgr, "Zqmanager Baas")
        m = Client(s, lang=EN)
        m.sign_in(mgr)
        r = m.get(f"/hours/approve/{links[0]}")
        check(r.status == 200, f"the manager opens the request: {r.status}")
        main = r.text[r.text.find("<main"):r.text.find("</main>")]
        check(name_a in main and "Neurokring" in main and "100" in main and day(0) in main
              and day(200) in main, "the request lacks the member, network, hours or period")
        check(name_b not in r.text, "the manager's page for one request shows another member")
        check(len(re.findall(r"<dl", main)) == 1, "more than one request on the page")
        for path in ("/me/hours", f"/n/{NK}/load", f"/n/{NK}/hours", "/hours/approvals",
                     "/hours/totals"):
            got = m.get(path)
            check(name_a not in got.text and name_b not in got.text,
                  f"the manager sees a member's name on {path}")
        # Declining needs a reason; approving works once.
        fresh_token(m, f"/hours/approve/{links[0]}")
        r = m.post(f"/hours/approve/{links[0]}", {"decision": "decline", "reason": " "})
        check(r.status == 400, f"declining without a reason: {r.status}")
        r = m.post(f"/hours/approve/{links[0]}", {"decision": "approve", "reason": ""})
        check(r.status == 200 and "You approved" in r.text, f"approving: {r.status}")
        check(m.get(f"/hours/approve/{links[0]}").status == 404, "a decided link opens again")
        row = s.sql("SELECT state, manager_sealed IS NULL, token_hash IS NULL FROM"
                    " hours_agreement WHERE account_id = ?", (aid,))[0]
        check(tuple(row) == ("approved", 1, 1) or tuple(row) == ("approved", True, True),
              f"after the decision the row is {row}: the address or link was kept")
        check("Approved" in a.get("/me/hours").text, "the member does not see the approval")
        # The stored row never holds the address in the clear.
        for (blob,) in s.sql("SELECT manager_sealed FROM hours_agreement WHERE manager_sealed"
                             " IS NOT NULL"):
            check(b"zqmanager" not in bytes(blob), "the manager's address is stored in the clear")


@test
def hours_guard_outside_working_hours_at_its_edges():
    with Server() as s:
        _, _, me, _ = agreed(s, "buiten", hours="40", start=-60, end=60)
        book(me, date=day(-28), outside=True)   # outside the window of four weeks
        book(me, date=day(-27), outside=True)
        book(me, date=day(-1), outside=True)
        book(me, date=day(-1), outside=False)
        ids, _ = guard_ids(me)
        check("guard-outside" not in ids, "a warning at 2 bookings outside working hours")
        book(me, date=day(0), outside=True)
        ids, r = guard_ids(me)
        check("guard-outside" in ids, "no warning at 3 bookings outside working hours")
        check("Hand a task to someone" in r.text and "Ask the core team to share" in r.text
              and "more hours" in r.text and "Pause a role" in r.text,
              "the warning does not say what the member can do")
        check(f'href="/n/{NK}/load"' in r.text and 'href="#agreements"' in r.text,
              "the warning does not link to the load view and the agreements")
        book(me, date=day(0), outside=True)
        ids, _ = guard_ids(me)
        check("guard-outside" in ids, "no warning at 4 bookings outside working hours")
        check(ids == {"guard-outside"}, f"other warnings as well: {ids}")


@test
def hours_guard_weeks_over_the_weekly_hours_at_its_edges():
    with Server() as s:
        _, _, me, _ = agreed(s, "weken", hours="4", start=-60, end=60)
        mon = -monday_offset()
        book(me, date=day(mon - 28), hours="9")         # five weeks back: not counted
        book(me, date=day(mon), hours="4")              # this week: exactly 4, not over
        book(me, date=day(mon - 7), hours="4", minutes="1")  # last week: over
        ids, _ = guard_ids(me)
        check("guard-pace-week" not in ids, "a warning with one week over out of four")
        book(me, date=day(mon), hours="0", minutes="1")   # this week: 4:01, over
        ids, _ = guard_ids(me)
        check("guard-pace-week" in ids, "no warning with two weeks over out of four")
        book(me, date=day(mon - 21), hours="5")           # the fourth week: three over
        ids, _ = guard_ids(me)
        check("guard-pace-week" in ids, "no warning with three weeks over out of four")


@test
def hours_guard_yearly_pace_at_its_edges():
    with Server() as s:
        # 365 hours in a year of 365 days: a pace of exactly one hour a day. 37 days in.
        _, _, me, _ = agreed(s, "jaar", basis="year", hours="365", start=-36, end=328)
        book(me, date=day(-36), hours="24")
        book(me, date=day(-35), hours="12", minutes="59")
        ids, _ = guard_ids(me)
        check("guard-pace-year" not in ids, "a warning below the pace (36:59 in 37 days)")
        book(me, date=day(-35), hours="0", minutes="1")   # 37:00 in 37 days: on the pace
        ids, _ = guard_ids(me)
        check("guard-pace-year" not in ids, "a warning exactly on the pace")
        book(me, date=day(-34), hours="0", minutes="1")   # 37:01: ahead
        ids, r = guard_ids(me)
        check("guard-pace-year" in ids, "no warning just ahead of the pace")
        check("Neurokring" in r.text, "the warning does not name the network")


@test
def hours_guard_organising_many_activities_at_its_edges():
    with Server() as s:
        _, _, me, _ = agreed(s, "organisator", hours="40", start=-60, end=60)
        r = me.get(f"/n/{NK}/hours")
        events = sorted(set(re.findall(r'value="(organise-\d+)"', r.text)))
        require(len(events) >= 4, f"the form offers {len(events)} activities to organise")
        for e in events[:3]:
            book(me, what=e, minutes="30", hours="0")
        book(me, what=events[0], minutes="30", hours="0")  # the same activity again
        ids, _ = guard_ids(me)
        check("guard-organise" not in ids, "a warning at 3 activities (the rule's maximum)")
        book(me, what=events[3], minutes="30", hours="0")
        ids, _ = guard_ids(me)
        check("guard-organise" in ids, "no warning at 4 activities")
        # The rule's number moves the edge: 4 is then the maximum.
        hr = contact(s)
        fresh_token(hr, "/hours/rule")
        r = hr.post("/hours/rule", {"basis": "week", "hours": "4", "count_core": "1",
                                     "count_organisers": "1", "attending": "1", "code": "",
                                     "organise_max": "4"})
        check(r.status == 303, f"saving the rule: {r.status}")
        ids, _ = guard_ids(me)
        check("guard-organise" not in ids, "a warning at 4 activities with a maximum of 4")


@test
def hours_guard_can_be_turned_down_by_its_member_only():
    with Server() as s:
        _, _, me, _ = agreed(s, "stil", hours="40", start=-60, end=60)
        for i in range(3):
            book(me, date=day(-i), outside=True)
        ids, r = guard_ids(me)
        check('<section class="guard"' in r.text, "at 'all' the warning is not at the top")
        fresh_token(me, "/me/hours")
        check(me.post("/me/hours/guard", {"level": "fewer"}).status == 303, "saving 'fewer'")
        ids, r = guard_ids(me)
        check(not ids, "at 'fewer' a single warning still shows")
        check(me.post("/me/hours/guard", {"level": "quiet"}).status == 303, "saving 'quiet'")
        ids, r = guard_ids(me)
        check(ids == {"guard-outside"} and '<section class="guard"' not in r.text
              and r.text.rfind("<details class=\"guard\"") > r.text.find("/me/hours/guard"),
              "at 'quiet' the warning is not folded away at the bottom")
        check(me.post("/me/hours/guard", {"level": "off"}).status == 400, "an unknown level")
        # Low stimulus: folded away at the top even at 'all'.
        check(me.post("/me/hours/guard", {"level": "all"}).status == 303, "saving 'all'")
        fresh_token(me, "/preferences")
        r = me.post("/preferences", {"text": "normal", "theme": "system", "calm": "1"})
        check(r.status == 303, f"turning on the calm screen: {r.status}")
        ids, r = guard_ids(me)
        check("calm" in r.html_classes(), f"the calm screen is not on: {r.html_classes()}")
        check('<section class="guard"' not in r.text and "<details class=\"guard\"" in r.text
              and ids == {"guard-outside"}, "in low-stimulus mode the warning is not folded away")
        # Another member's level is not theirs to set: the form has no field naming anyone.
        r = me.post("/me/hours/guard", {"level": "quiet", "account": "1"})
        check(r.status == 400, f"a forged account field: {r.status}")


@test
def hours_demo_person_sees_every_warning():
    with Server() as s:
        c = Client(s, lang=EN)
        sign_in_full(c, DEMO["secretary"])
        ids, _ = guard_ids(c)
        check(ids == {"guard-pace-year", "guard-pace-week", "guard-outside", "guard-organise"},
              f"the demo's secretary sees {ids}, expected every warning")
        waiting = s.sql_one("SELECT count(*) FROM hours_agreement WHERE state = 'waiting'"
                            " AND approver = 'manager'")
        check(waiting == 1, f"{waiting} demo requests wait for a manager, expected 1")


@test
def hours_totals_only_through_the_figures_function():
    with Server() as s:
        hr = contact(s)
        r = hr.get("/hours/totals")
        check(r.status == 200, f"GET /hours/totals: {r.status}")
        month = today().strftime("%Y-%m")
        row = re.search(rf"<tr><td>{month}</td><td>([^<]*)</td><td>([^<]*)</td>", r.text)
        require(row, "no row for this month")
        check(row.group(1) == "fewer than 5" and row.group(2) == "\u2014",
              f"fewer than five people: shown as {row.groups()}")
        # Five people book in Iedereen Telt this month: the total is shown.
        for i in range(5):
            _, name, c, _ = person(s, f"telt{i}", network="iedereen-telt")
            ask(c, "iedereen-telt", start=day(-10), end=day(10))
            approve_as_contact(hr, name)
            book(c, net="iedereen-telt", date=day(0), hours="1", minutes="30")
        r = hr.get("/hours/totals")
        part = r.text[r.text.find("Netwerk Iedereen Telt"):]
        row = re.search(rf"<tr><td>{month}</td><td>([^<]*)</td><td>([^<]*)</td>", part)
        require(row, "no row for this month in Iedereen Telt")
        check(row.group(1).isdigit() and int(row.group(1)) >= 5 and ":" in row.group(2),
              f"five people or more: {row.groups()}")
        amb = Client(s, lang=EN)
        amb.sign_in(DEMO["ambassador"])
        r = amb.get("/hours/totals")
        check(r.status == 200 and "Netwerk Iedereen Telt" in r.text and "Neurokring" not in
              r.text, "the ambassador sees other networks' totals, or not their own")
        _, _, emp, _ = person(s, "geen", role=None)
        check(emp.get("/hours/totals").status == 403, "an employee sees the totals")


@test
def hours_load_view_for_the_core_team_only():
    with Server() as s:
        p = run_cli(["network", "add", "zqlast", "Zqlast Netwerk", "--kind", "narrow", "--db",
                     s.db])
        require(p.returncode == 0, f"adding a network: {p.stderr!r}")
        LN = "zqlast"
        _, name_a, a, _ = agreed(s, "lasta", hours="40", net=LN)
        _, name_b, b, _ = agreed(s, "lastb", hours="40", net=LN)
        book(a, date=day(-1), hours="6", net=LN)
        book(b, date=day(-1), hours="2", net=LN)
        book(a, date=day(-56), hours="9", net=LN)  # before the last eight weeks: not counted
        r = a.get(f"/n/{LN}/load")
        check(r.status == 200, f"GET the load view: {r.status}")
        check(re.search(rf"{name_a}</td><td>75%", r.text) and
              re.search(rf"{name_b}</td><td>25%", r.text), "the shares are not 75% and 25%")
        check(f"{name_a} carries more than half" in r.text, "no warning at 75%")
        check(f"{name_b} carries more than half" not in r.text, "a warning at 25%")
        # Their roles were given without a deputy (the core team's terms): listed as such.
        dep = r.text[r.text.find("Roles without a deputy"):]
        check(re.search(rf"<li>[^<]+: {name_a}</li>", dep) and
              re.search(rf"<li>[^<]+: {name_b}</li>", dep),
              "the load view does not list the roles without a deputy")
        book(b, date=day(-1), hours="4", net=LN)   # 6 and 6: exactly half each, no warning
        r = a.get(f"/n/{LN}/load")
        check("carries more than half of the load" not in r.text, "a warning at exactly half")
        book(b, date=day(-1), hours="0", minutes="1", net=LN)
        r = a.get(f"/n/{LN}/load")
        check(f"{name_b} carries more than half" in r.text, "no warning just above half")
        check("guard-" not in r.text, "the load view shows a member's warning")
        _, _, emp, _ = person(s, "buiten2", role=None)
        check(emp.get(f"/n/{LN}/load").status == 404, "an employee opens the load view")
        hr = contact(s)
        check(hr.get(f"/n/{LN}/load").status == 404, "the contact point opens the load view")
        # Another network's core team does not see this one's; its own shows none of these.
        _, _, c, _ = person(s, "telt", network="iedereen-telt")
        check(c.get(f"/n/{LN}/load").status == 404, "another core team opens the load view")
        r = c.get("/n/iedereen-telt/load")
        check(r.status == 200 and name_a not in r.text, "another network's load lists them")
        # More than two roles: a third one warns.
        _, name_r, rc, _ = person(s, "rollen", network=LN)
        for net in ("iedereen-telt", "lichtpunt"):
            p = run_cli(["user", "role", "zqrollen@rijnstad.example", "core", "--network", net,
                         "--db", s.db])
            require(p.returncode == 0, f"a role: {p.stderr!r}")
        r = a.get(f"/n/{LN}/load")
        check(f"{name_r} holds more than two roles" in r.text, "no warning at three roles")
        check(f"{name_a} holds more than two roles" not in r.text, "a warning at one role")


@test
def hours_my_data_erasure_and_retention():
    with Server() as s:
        email, _, me, aid = agreed(s, "wissen", hours="40", start=-60, end=60)
        book(me, date=day(-3), hours="2", minutes="15")
        data = json.loads(me.get("/me/data.json").text)
        check(len(data.get("hours_agreements", [])) == 1 and
              [b["minutes"] for b in data.get("hours_bookings", [])] == [135],
              f"my data: {data.get('hours_agreements')}, {data.get('hours_bookings')}")
        check("Hours agreements and bookings" in me.get("/me/data").text, "the page lacks it")
        # Retention: bookings of two full years back go.
        s.signal(signal.SIGTERM)
        s.wait(10)
        old = (datetime.date(today().year - 2, 1, 1) - datetime.date(1970, 1, 1)).days - 1
        kept = old + 1
        s.sql_exec("INSERT INTO hours_booking (account_id, network_id, activity, day, minutes,"
                   " outside, created_at) SELECT ?, id, 'role', ?, 60, 0, 0 FROM network"
                   " WHERE slug = ?", (aid, old, NK))
        s.sql_exec("INSERT INTO hours_booking (account_id, network_id, activity, day, minutes,"
                   " outside, created_at) SELECT ?, id, 'role', ?, 60, 0, 0 FROM network"
                   " WHERE slug = ?", (aid, kept, NK))
        s.sql_exec("DELETE FROM job_run WHERE job = 'retention'")
        s.start()
        for _ in range(50):
            n = s.sql_one("SELECT count(*) FROM hours_booking WHERE day = ?", (old,))
            if not n:
                break
            time.sleep(0.1)
        check(n == 0, "retention kept a booking older than two full years")
        check(s.sql_one("SELECT count(*) FROM hours_booking WHERE day = ?", (kept,)) == 1,
              "retention erased a booking of the first day it keeps")
        # Erasing the account takes its agreements and bookings (without its role, so that
        # deleting needs no fresh second factor).
        tf = me.two_factor
        p = run_cli(["user", "role", email, "none", "--network", NK, "--db", s.db])
        require(p.returncode == 0, f"removing the role: {p.stderr!r}")
        me = Client(s, lang=EN)
        sign_in_full(me, email, two_factor=tf)
        r = fresh_token(me, "/me/delete")
        forms = {e.get("name") for e in htmlcheck.elements(r.text, "input")}
        fields = {"confirm": "1"} if "confirm" in forms else {}
        if "password" in forms:
            fields["password"] = "Rijnstad-demo-2026"
        r = me.post("/me/delete", fields)
        check(s.sql_one("SELECT count(*) FROM hours_booking WHERE account_id = ?", (aid,)) == 0
              and s.sql_one("SELECT count(*) FROM hours_agreement WHERE account_id = ?",
                            (aid,)) == 0, f"erasure ({r.status}) left hours behind")
