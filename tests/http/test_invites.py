# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_invites.py: e-mailed calendar invitations for events (issue 11), black box over HTTP.
Registering puts an invitation (METHOD:REQUEST) in the outbox; the waiting list gets none until
its promotion; a new time is an updated REQUEST with a higher SEQUENCE that says what changed;
cancelling one's own and the event being cancelled send METHOD:CANCEL with the same UID. Each
calendar is parsed with libical; each names its recipient as the only attendee, is
CLASS:PRIVATE and holds no other person's address. The neutral title ("Appointment"), per
registration and as a default (/events/calendar), the default for a subgroup meeting. Through a
real SMTP relay the message is multipart/alternative with a text/calendar; method=REQUEST part.
A deleted account's pending invitations go with its other mail.

Titles carry markers (Zq…) that occur nowhere else."""

import email
import email.policy
import json
import re
import time

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Server, check, db_connect, require, test, user_add)
from test_events import (cancel, day, employee, event_fields, ical_parse, organiser, plan,
                         register)

FROM = "kring@rijnstad.example"
ARGS = ["--mail-from", FROM, "--base-url", "https://kring.example"]


def outbox_after(db, after):
    """[(id, to, subject, body, calendar)] of the outbox after id `after`, oldest first."""
    con = db_connect(db)
    try:
        return [tuple(r) for r in con.execute(
            "SELECT id, to_addr, subject, body, coalesce(calendar, '') FROM outbox"
            " WHERE id > ? ORDER BY id", (after,)).fetchall()]
    finally:
        con.close()


def last_id(db):
    con = db_connect(db)
    try:
        return con.execute("SELECT coalesce(max(id), 0) FROM outbox").fetchone()[0]
    finally:
        con.close()


def all_addresses(db):
    con = db_connect(db)
    try:
        return [r[0] for r in con.execute("SELECT email FROM account").fetchall()]
    finally:
        con.close()


def vevent(props):
    """The VEVENT's properties of a parsed calendar, as {name: [(params, value)]}."""
    out, inside = {}, False
    for name, params, value in props:
        if name == "BEGIN" and value == "VEVENT":
            inside = True
        elif name == "END" and value == "VEVENT":
            inside = False
        elif inside:
            out.setdefault(name, []).append((params, value))
    return out


def one(ev, name):
    v = ev.get(name) or [("", None)]
    return v[0][1]


def check_invitation(mail, method, sequence, uid=None, what=""):
    """Parses an outbox row's calendar with libical and checks the invitation rules; returns
    (VEVENT properties, METHOD-level properties)."""
    _, to, subject, body, cal = mail
    require(cal, f"{what}: the e-mail to {to} has no calendar")
    props = ical_parse(cal)
    top = {p[0]: p[2] for p in props if p[0] in ("METHOD", "VERSION", "PRODID")}
    ev = vevent(props)
    check(top.get("METHOD") == method, f"{what}: METHOD {top.get('METHOD')!r}, not {method}")
    check(one(ev, "SEQUENCE") == str(sequence),
          f"{what}: SEQUENCE {one(ev, 'SEQUENCE')!r}, expected {sequence}")
    if uid is not None:
        check(one(ev, "UID") == uid, f"{what}: the UID changed: {one(ev, 'UID')} vs {uid}")
    check(one(ev, "CLASS") == "PRIVATE", f"{what}: CLASS {one(ev, 'CLASS')!r}")
    att = ev.get("ATTENDEE", [])
    check(len(att) == 1 and att[0][1].lower() == f"mailto:{to}",
          f"{what}: the attendees are {att}, not only the recipient {to}")
    org = ev.get("ORGANIZER", [])
    check(len(org) == 1 and org[0][1].lower() == f"mailto:{FROM}" and "CN=Kring" in org[0][0],
          f"{what}: ORGANIZER {org}")
    if method == "CANCEL":
        check(one(ev, "STATUS") == "CANCELLED", f"{what}: STATUS {one(ev, 'STATUS')!r}")
    return ev


def check_only_recipient(db, mails, what):
    """No other account's address anywhere in a message."""
    addrs = all_addresses(db)
    for _, to, subject, body, cal in mails:
        for a in addrs:
            if a == to:
                continue
            check(a not in subject and a not in body and a not in cal,
                  f"{what}: the e-mail to {to} holds the address {a}")


def edit(c, eid, **kw):
    r = c.get(f"/events/{eid}/edit")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    r = c.post(f"/events/{eid}/edit", event_fields(**kw))
    require(r.status == 303, f"POST /events/{eid}/edit ({kw}): {r.status}")


def register_neutral(c, eid, value="1", place="site", expect=303):
    r = c.get(f"/events/{eid}/register")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    r = c.post(f"/events/{eid}/register", [("place", place), ("neutral", value)])
    require(r.status == expect, f"POST /events/{eid}/register neutral={value}: {r.status}, "
            f"expected {expect}")
    return r


@test
def invites_request_change_cancel_with_stable_uid_and_rising_sequence():
    with Server(args=ARGS) as s:
        c = organiser(s)
        fields = dict(title="Zqinvite", capacity_site="1", online="1", capacity_online="1",
                      meeting_url="https://meet.example/zqlink", start_date=day(20),
                      end_date=day(20), deadline_date=day(19))
        eid = plan(c, **fields)
        mark = last_id(s.db)
        e = employee(s)
        register(e, eid)
        mails = outbox_after(s.db, mark)
        require(len(mails) == 1 and mails[0][1] == DEMO_EMPLOYEE,
                f"after registering: {[(m[1], m[2]) for m in mails]}")
        check(mails[0][2] == "Invitation: Zqinvite", f"subject {mails[0][2]!r}")
        ev = check_invitation(mails[0], "REQUEST", 0, what="registering")
        uid = one(ev, "UID")
        check(one(ev, "SUMMARY") == "Zqinvite", f"SUMMARY {one(ev, 'SUMMARY')!r}")
        check("zqlink" not in mails[0][4] and "zqlink" not in mails[0][3],
              "a registrant on site got the meeting link")
        check("https://kring.example/events/" in mails[0][3], "the e-mail has no link")
        # Full: waiting, and no invitation.
        mark = last_id(s.db)
        w = employee(s, DEMO["ambassador"])
        register(w, eid)
        check(outbox_after(s.db, mark) == [], "someone on the waiting list got an e-mail")
        # Online, confirmed: the meeting link in the invitation.
        o = employee(s, DEMO["contact"])
        register(o, eid, place="online")
        mails = outbox_after(s.db, mark)
        require(len(mails) == 1, f"online: {[(m[1], m[2]) for m in mails]}")
        check_invitation(mails[0], "REQUEST", 0, uid, "online")
        check("zqlink" in mails[0][4], "the online registrant's invitation lacks the link")
        # A new time: everyone registered hears it; the confirmed with SEQUENCE 1.
        mark = last_id(s.db)
        edit(c, eid, **dict(fields, start_time="15:00", end_time="17:00"))
        mails = outbox_after(s.db, mark)
        check(sorted(m[1] for m in mails) ==
              sorted([DEMO_EMPLOYEE, DEMO["ambassador"], DEMO["contact"]]),
              f"after a new time: {[m[1] for m in mails]}")
        for m in mails:
            check("New time:" in m[3] and "15:00" in m[3] and "14:00" in m[3],
                  f"the e-mail to {m[1]} does not say what changed: {m[3][:300]!r}")
            if m[1] == DEMO["ambassador"]:
                check(m[4] == "", "the waiting person got a calendar")
            else:
                ev = check_invitation(m, "REQUEST", 1, uid, "a new time")
                check(any(p[1].endswith("T150000") for p in ev.get("DTSTART", [])),
                      f"DTSTART {ev.get('DTSTART')}")
        check_only_recipient(s.db, mails, "a new time")
        # A new title alone changes nothing in anyone's mailbox.
        mark = last_id(s.db)
        fields.update(title="Zqinvite twee", start_time="15:00", end_time="17:00")
        edit(c, eid, **fields)
        check(outbox_after(s.db, mark) == [], "a new title alone sent e-mail")
        # Cancelling one's own: CANCEL, the same UID; the next in line gets a REQUEST.
        mark = last_id(s.db)
        cancel(e, eid)
        mails = outbox_after(s.db, mark)
        require(len(mails) == 2, f"after cancelling: {[(m[1], m[2]) for m in mails]}")
        check(mails[0][1] == DEMO_EMPLOYEE, f"the cancellation went to {mails[0][1]}")
        check_invitation(mails[0], "CANCEL", 2, uid, "cancelling one's own")
        check(mails[1][1] == DEMO["ambassador"] and
              mails[1][2].startswith("You have a place: "), f"the promotion: {mails[1][:3]}")
        check_invitation(mails[1], "REQUEST", 2, uid, "the promotion")
        check_only_recipient(s.db, mails, "cancelling")
        # The event cancelled: CANCEL to each confirmed, with a higher SEQUENCE.
        mark = last_id(s.db)
        edit(c, eid, **dict(fields, state="cancelled"))
        mails = outbox_after(s.db, mark)
        check(sorted(m[1] for m in mails) == sorted([DEMO["ambassador"], DEMO["contact"]]),
              f"after the event was cancelled: {[m[1] for m in mails]}")
        for m in mails:
            check_invitation(m, "CANCEL", 3, uid, "the event cancelled")
            check(m[2].startswith("Cancelled: "), f"subject {m[2]!r}")
        check_only_recipient(s.db, mails, "the event cancelled")


@test
def invites_neutral_title_per_registration_default_and_subgroup():
    with Server(args=ARGS) as s:
        c = organiser(s)
        eid = plan(c, title="Zqneutraal", start_date=day(25), end_date=day(25),
                   deadline_date=day(24))
        e = employee(s)
        # The register page offers it unticked; a bad value is refused, nothing changes.
        r = e.get(f"/events/{eid}/register")
        check('name="neutral"' in r.text and not neutral_ticked(r.text),
              "the register page does not offer the neutral title, unticked")
        mark = last_id(s.db)
        register_neutral(e, eid, value="2", expect=400)
        check(outbox_after(s.db, mark) == [], "a bad neutral= sent an invitation")
        check(e.get(f"/events/{eid}").status == 200 and
              "You are registered" not in e.get(f"/events/{eid}").text,
              "a bad neutral= registered")
        register_neutral(e, eid)
        mails = outbox_after(s.db, mark)
        require(len(mails) == 1, f"after registering: {[(m[1], m[2]) for m in mails]}")
        check(mails[0][2] == "Invitation: Appointment",
              f"the subject gives the event away: {mails[0][2]!r}")
        ev = check_invitation(mails[0], "REQUEST", 0, what="neutral")
        check(one(ev, "SUMMARY") == "Appointment", f"SUMMARY {one(ev, 'SUMMARY')!r}")
        check("LOCATION" not in ev, f"a neutral invitation has a LOCATION: {ev.get('LOCATION')}")
        check("Zqneutraal" in (one(ev, "DESCRIPTION") or ""),
              "the details are not in the description")
        # No network name where others look: SUMMARY, LOCATION, ORGANIZER's name.
        con = db_connect(s.db)
        names = [r[0] for r in con.execute("SELECT name FROM network").fetchall()]
        con.close()
        for n in names:
            for prop in ("SUMMARY", "LOCATION", "ORGANIZER"):
                for params, value in ev.get(prop, []):
                    check(n not in value and n not in params,
                          f"the network {n} is in the neutral invitation's {prop}")
        data = json.loads(e.get("/me/data.json").text)
        mine = [x for x in data["event_registrations"] if x["event"] == "Zqneutraal"]
        check(mine and mine[0]["neutral_title"] is True, f"my data: {mine}")

        # The default, on /events/calendar: bad values refused, nothing saved.
        r = e.get("/events/calendar")
        require(r.status == 200, f"GET /events/calendar: {r.status}")
        e.token = htmlcheck.csrf_token(r.text) or e.token
        for bad in ("", "other"):
            r = e.post("/events/calendar", {"title": bad})
            check(r.status == 400 and "Choose what an event is called" in r.text,
                  f"title={bad!r}: {r.status}")
        check(json.loads(e.get("/me/data.json").text)["event_calendar_neutral_title"] is False,
              "a bad value changed the default")
        r = e.post("/events/calendar", {"title": "neutral"})
        check(r.status == 303, f"saving the default: {r.status}")
        check(json.loads(e.get("/me/data.json").text)["event_calendar_neutral_title"] is True,
              "the default is not saved")
        other = plan(c, title="Zqneutraal2", start_date=day(26), end_date=day(26),
                     deadline_date=day(25))
        r = e.get(f"/events/{other}/register")
        check(neutral_ticked(r.text), "the default is not offered ticked")
        # A subgroup meeting is offered neutral without a default.
        sub = plan(c, kind="subgroup", title="Zqsubgroep", start_date=day(27),
                   end_date=day(27), deadline_date=day(26))
        a = employee(s, DEMO["contact"])
        r = a.get(f"/events/{other}/register")
        check(not neutral_ticked(r.text), "an ordinary event is offered neutral by default")
        r = a.get(f"/events/{sub}/register")
        check(neutral_ticked(r.text), "a subgroup meeting is not offered neutral by default")


def neutral_ticked(html):
    """Whether the neutral checkbox of a page is ticked."""
    m = re.search(r'<input[^>]*name="neutral"[^>]*>', html)
    return bool(m and re.search(r"\schecked\b", m.group(0)))


@test
def invites_of_a_deleted_account_are_dropped():
    with Server(args=ARGS) as s:
        c = organiser(s)
        eid = plan(c, title="Zqwegmail", start_date=day(21), end_date=day(21),
                   deadline_date=day(20))
        addr = "zqweginvite@rijnstad.example"
        user_add(s.db, addr, "Zqweg Uitnodiging")
        me = employee(s, addr)
        register(me, eid)
        check(any(m[1] == addr and m[4] for m in outbox_after(s.db, 0)),
              "no pending invitation before the deletion")
        r = me.get("/me/delete")
        me.token = htmlcheck.csrf_token(r.text) or me.token
        r = me.post("/me/delete", {})
        require(r.status == 303, f"POST /me/delete: {r.status}")
        left = [m for m in outbox_after(s.db, 0) if m[1] == addr or addr in m[3] or
                addr in m[4]]
        check(left == [], f"the deleted account's mail is still in the outbox: {len(left)}")


@test
def invites_through_the_relay_are_multipart_with_a_calendar():
    from test_mail import FAST_RETRY, HOST, Relay
    with Relay().start() as relay:
        args = ["--smtp", f"smtp://{HOST}:{relay.port}"] + ARGS
        with Server(args=args, env=FAST_RETRY) as s:
            c = organiser(s)
            eid = plan(c, title="Zqrelais", start_date=day(22), end_date=day(22),
                       deadline_date=day(21))
            e = employee(s)
            register(e, eid)
            got = []
            for _ in range(3):
                got = [m for m in relay.wait(len(relay.received()) + 1, 10)
                       if DEMO_EMPLOYEE in m[1]]
                if got:
                    break
            require(got, "the invitation did not reach the relay")
            msg = email.message_from_bytes(got[-1][2], policy=email.policy.default)
            check(msg.get_content_type() == "multipart/alternative",
                  f"the message is {msg.get_content_type()}")
            parts = list(msg.iter_parts())
            check([p.get_content_type() for p in parts] == ["text/plain", "text/calendar"],
                  f"the parts: {[p.get_content_type() for p in parts]}")
            if len(parts) == 2:
                cal = parts[1]
                check(cal.get_param("method") == "REQUEST",
                      f"the calendar part's method is {cal.get_param('method')!r}")
                text = cal.get_content()
                ev = vevent(ical_parse(text))
                check(one(ev, "SUMMARY") == "Zqrelais", f"SUMMARY {one(ev, 'SUMMARY')!r}")
                check("Zqrelais" in parts[0].get_content(), "the text part lacks the event")
            # Sent: the body and the calendar are emptied in the outbox.
            con = db_connect(s.db)
            try:
                for _ in range(50):
                    row = con.execute("SELECT body, calendar FROM outbox WHERE to_addr = ?"
                                      " AND sent_at IS NOT NULL ORDER BY id DESC",
                                      (DEMO_EMPLOYEE,)).fetchone()
                    if row:
                        break
                    time.sleep(0.1)
            finally:
                con.close()
            check(row and row[0] == "" and row[1] is None,
                  f"a sent invitation keeps its text or calendar: {row and (len(row[0]), row[1])}")


def make_feed(c, feed, expect=200):
    """Makes (or renews) a feed on /events/feeds; returns the new address's path."""
    r = c.get("/events/feeds")
    require(r.status == 200, f"GET /events/feeds: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    r = c.post("/events/feeds", {"feed": feed})
    require(r.status == expect, f"POST /events/feeds feed={feed}: {r.status}, expected {expect}")
    if expect != 200:
        return None
    m = re.search(r'<code class="feed-address">https://kring\.example(/[^<]+)</code>', r.text)
    require(m, "the page does not show the new address")
    check(r.header("Cache-Control") == "no-store", "the page with the address may be cached")
    return m.group(1)


def feed_events(client, path):
    """The VEVENTs of a feed, each as {name: [(params, value)]}, after libical parsed it."""
    r = client.get(path, cookies=False)
    require(r.status == 200, f"GET {path}: {r.status}")
    check(r.content_type.startswith("text/calendar"), f"{path}: {r.content_type}")
    props = ical_parse(r.text)
    check(any(p[0] == "METHOD" and p[2] == "PUBLISH" for p in props), f"{path}: not PUBLISH")
    events, cur = [], None
    for name, params, value in props:
        if name == "BEGIN" and value == "VEVENT":
            cur = {}
        elif name == "END" and value == "VEVENT":
            events.append(cur)
            cur = None
        elif cur is not None:
            cur.setdefault(name, []).append((params, value))
    return events, r.text


@test
def invites_feeds_personal_and_network_behind_renewable_tokens():
    with Server(args=ARGS) as s:
        c = organiser(s)  # Neurokring's core team
        open_id = plan(c, title="Zqfeedopen", start_date=day(23), end_date=day(23),
                       deadline_date=day(22))
        members_id = plan(c, title="Zqfeedleden", audience="members", start_date=day(24),
                          end_date=day(24), deadline_date=day(23))
        sub_id = plan(c, kind="subgroup", title="Zqfeedsub", start_date=day(25),
                      end_date=day(25), deadline_date=day(24), online="1", capacity_online="5",
                      meeting_url="https://meet.example/zqfeedlink")
        e = employee(s)
        register(e, open_id)
        register_neutral(e, sub_id, place="online")
        other = employee(s, DEMO["contact"])
        register(other, open_id, named=True)
        # The personal feed: one's own registrations only, no attendee, private.
        path = make_feed(e, "me")
        check(path.startswith("/me/calendar/") and path.endswith(".ics"), f"the address {path}")
        evs, text = feed_events(e, path)
        # The demo's consultation-hour appointments are in the feed too (test_consult.py).
        evs = [ev for ev in evs if "/consult" not in (one(ev, "URL") or "")]
        summaries = sorted(one(ev, "SUMMARY") for ev in evs)
        check(summaries == ["Appointment", "Zqfeedopen"], f"the personal feed: {summaries}")
        for ev in evs:
            check(one(ev, "CLASS") == "PRIVATE", "an entry of the feed is not private")
            check("ATTENDEE" not in ev, "the personal feed names an attendee")
            if one(ev, "SUMMARY") == "Appointment":
                check("LOCATION" not in ev and "Zqfeedsub" in (one(ev, "DESCRIPTION") or ""),
                      "the neutral entry has a LOCATION, or lacks the details inside")
        check("zqfeedlink" in text, "one's own feed lacks the meeting link of a place online")
        for addr in all_addresses(s.db):
            check(addr not in text, f"the personal feed holds the address {addr}")
        # Renewing: the old address stops working at once.
        again = make_feed(e, "me")
        check(again != path, "renewing gave the same address")
        check(e.get(path, cookies=False).status == 404, "the old address still works")
        feed_events(e, again)
        # A token of another's feed or a made-up one: 404; no sign-in is needed, nor used.
        check(e.get("/me/calendar/" + "A" * 43 + ".ics", cookies=False).status == 404,
              "a made-up token answers")
        check(e.get(again[:-4], cookies=False).status == 404, "the address without .ics answers")
        theirs = make_feed(other, "me")
        evs2, _ = feed_events(other, theirs)
        check([one(ev, "SUMMARY") for ev in evs2] == ["Zqfeedopen"],
              f"the other's feed: {[one(ev, 'SUMMARY') for ev in evs2]}")
        # The network's feed: its core team makes it; its events for the whole organisation,
        # a subgroup meeting under the neutral title, no link, nobody's registration.
        make_feed(e, "neurokring", expect=403)
        make_feed(e, "nosuchnetwork", expect=400)
        make_feed(e, "", expect=400)
        npath = make_feed(c, "neurokring")
        check(npath.startswith("/n/neurokring/calendar/"), f"the network's address {npath}")
        evs3, text3 = feed_events(e, npath)
        s3 = [one(ev, "SUMMARY") for ev in evs3]
        check("Zqfeedopen" in s3 and "Appointment" in s3 and "Zqfeedleden" not in text3 and
              "Zqfeedsub" not in s3, f"the network's feed: {s3}")
        check("zqfeedlink" not in text3, "the network's feed holds a meeting link")
        check("ATTENDEE" not in text3, "the network's feed names an attendee")
        for addr in all_addresses(s.db):
            check(addr not in text3, f"the network's feed holds the address {addr}")
        # Under another network's address, or with a person's token: 404.
        check(e.get(npath.replace("/n/neurokring/", "/n/iedereen-telt/"), cookies=False)
              .status == 404, "the network's token works under another network")
        check(e.get("/n/neurokring/calendar/" + again.split("/")[-1], cookies=False).status ==
              404, "a personal token opens the network's feed")
        # The token is never in the server's log.
        log = s.stderr() if callable(getattr(s, "stderr", None)) else ""
        for p in (path, again, npath):
            check(p.split("/")[-1][:-4] not in log, "a feed's token is in the server's log")
        # Deleting the account ends its feed.
        r = e.get("/me/delete")
        e.token = htmlcheck.csrf_token(r.text) or e.token
        require(e.post("/me/delete", {}).status == 303, "POST /me/delete")
        check(other.get(again, cookies=False).status == 404, "a deleted account's feed answers")
