# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_consult.py: the consultation hour (issue 13), black box over HTTP: the core team
publishes hours (once, weekly, every first weekday of the month) cut into talks; an employee
books one talk (two steps), moves it and cancels it (two steps each); who booked is shown only
to the host; the calendar file (neutral title, CLASS:PRIVATE) opens only for the booker and the
host; the e-mails say only "Appointment" and the time; the host notes a referral after the
talk; the figures; "my data", deleting the account and retention; every bad value; and 20
parallel bookings of one talk on SQLite and on PostgreSQL.

Neurokring's core team is the secretary (Joost Visser); the small demo's consultation hour is
his. Notes carry markers (Zq…) that occur nowhere else."""

import datetime
import json
import re
import signal
import tempfile
import threading
import time
import zoneinfo

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, db_sql, error_summary,
                     pg_demo, require, run_cli, sign_in_full, test, user_add)

EN = "en-GB,en;q=0.9"
NET = "/n/neurokring"
SSO = ["--sso-header", "X-Remote-User", "--trusted-proxies", "127.0.0.1"]


def day(offset):
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


def team(s, who="secretary"):
    c = Client(s, lang=EN)
    sign_in_full(c, DEMO[who])
    return c


def person(s, key):
    email = f"zq{key}@rijnstad.example"
    user_add(s.db, email, f"Zq{key.capitalize()} Boeker")
    c = Client(s, lang=EN)
    c.sign_in(email)
    return email, c


def fields(**kw):
    f = {"date": day(100), "start": "12:00", "end": "13:00", "talk": "20", "repeat": "once",
         "count": "1", "how": "online", "room": "0", "place": "",
         "meeting_url": "https://meet.example/zqspreekuur"}
    f.update(kw)
    return [(k, v) for k, v in f.items() if v is not None]


def slot_count(db):
    return db_sql(db, "SELECT count(*) FROM consult_slot")[0][0]


def publish(c, expect=303, **kw):
    r = c.get(NET + "/consult/new")
    require(r.status == 200, f"GET {NET}/consult/new: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    r = c.post(NET + "/consult/new", fields(**kw))
    require(r.status == expect, f"POST {NET}/consult/new ({kw}): {r.status}, expected "
            f"{expect}: {error_summary(r)}")
    return r


def talks_on(db, date):
    """The talk ids of the slots on a local date (by the slot's start), soonest first."""
    rows = db_sql(db, "SELECT t.id, t.starts_at FROM consult_talk t JOIN consult_slot s ON"
                      " s.id = t.slot_id ORDER BY t.starts_at, t.id")
    out = []
    for tid, at in rows:
        if datetime.datetime.fromtimestamp(at).date().isoformat() == date:
            out.append(tid)
    return out


def book(c, tid, note="", expect=303):
    r = c.get(f"/consult/talks/{tid}/book")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    r = c.post(f"/consult/talks/{tid}/book", {"note": note})
    require(r.status == expect, f"POST /consult/talks/{tid}/book: {r.status}, expected {expect}")
    return r


def bookings(db, tid=None):
    if tid is None:
        return db_sql(db, "SELECT count(*) FROM consult_booking")[0][0]
    return db_sql(db, "SELECT count(*) FROM consult_booking WHERE talk_id = ?", (tid,))[0][0]


def outbox(db):
    return db_sql(db, "SELECT to_addr, subject, body FROM outbox ORDER BY id")


@test
def consult_publish_repeating_hours_and_bad_values():
    with Server() as s:
        sec = team(s)
        before = slot_count(s.db)
        # Weekly, three times: three slots of three 20-minute talks.
        publish(sec, date=day(120), repeat="weekly", count="3")
        check(slot_count(s.db) == before + 3, f"weekly x3 made {slot_count(s.db) - before}")
        for w in range(3):
            check(len(talks_on(s.db, day(120 + 7 * w))) == 3,
                  f"week {w}: {len(talks_on(s.db, day(120 + 7 * w)))} talks, expected 3")
        # Every first <weekday> of the month: each date is that weekday, in its first week.
        first = datetime.date.today() + datetime.timedelta(days=200)
        first = first.replace(day=1)
        while first.weekday() != 3:
            first += datetime.timedelta(days=1)
        n0 = slot_count(s.db)
        publish(sec, date=first.isoformat(), repeat="monthly", count="4", how="site",
                place="Zqkamer 2.01", meeting_url="")
        rows = db_sql(s.db, "SELECT starts_at FROM consult_slot ORDER BY id DESC LIMIT 4")
        dates = sorted(datetime.datetime.fromtimestamp(r[0]).date() for r in rows)
        check(slot_count(s.db) == n0 + 4 and all(d.weekday() == 3 and d.day <= 7 for d in dates)
              and len({d.month for d in dates}) == 4,
              f"every first Thursday: {dates}")
        check(all(r[0] % 60 == 0 for r in rows), "a slot's start is not on the minute")
        # Bad values: a clear message, nothing saved.
        n1 = slot_count(s.db)
        for kw, text in [({"date": "2027-02-30"}, "date that exists"),
                         ({"end": "11:00"}, "end later"),
                         ({"talk": "5"}, "10 to 120 minutes"),
                         ({"talk": "90"}, "longer than the consultation hour"),
                         ({"repeat": "weekly", "count": "53"}, "1 to 52"),
                         ({"meeting_url": "http://x.example"}, "https://"),
                         ({"how": "site", "meeting_url": "", "place": ""}, "say where"),
                         ({"how": "site", "room": "999999"}, "room of the list"),
                         ({"repeat": "daily"}, "how it repeats")]:
            r = publish(sec, expect=400, **kw)
            check(text in error_summary(r), f"{kw}: {error_summary(r)!r}")
        check(slot_count(s.db) == n1, "a refused plan saved slots")
        # Only the core team publishes.
        emp = Client(s, lang=EN)
        emp.sign_in(DEMO_EMPLOYEE)
        check(emp.get(NET + "/consult/new").status == 403, "an employee opens the form")
        chair = team(s, "chair")  # another network's core team
        check(chair.get(NET + "/consult/new").status == 403, "another core team opens the form")
        r = emp.post(NET + "/consult/new", fields(), csrf=emp.csrf("/consult"))
        check(r.status == 403 and slot_count(s.db) == n1, f"an employee's POST: {r.status}")


@test
def consult_book_move_cancel_and_who_sees_what():
    with Server() as s:
        sec = team(s)
        publish(sec, date=day(101))
        tids = talks_on(s.db, day(101))
        require(len(tids) == 3, f"talks: {tids}")
        email, me = person(s, "anna")
        n_out = len(outbox(s.db))
        # Step 1 is a confirm page; only the POST books.
        r = me.get(f"/consult/talks/{tids[0]}/book")
        check(r.status == 200 and "Step 1 of 2" in r.text, f"step 1: {r.status}")
        check(bookings(s.db, tids[0]) == 0, "the confirm page booked")
        r = book(me, tids[0], note="Zqnoot-anna over mijn werkplek")
        check(r.header("Location") == "/consult?done=booked", r.header("Location"))
        check(bookings(s.db, tids[0]) == 1, "not booked")
        mine = me.get("/consult")
        check("Zqnoot-anna" in mine.text and "12:00–12:20" in mine.text,
              "my appointments does not show the talk and the note")
        check("https://meet.example/zqspreekuur" in mine.text, "no meeting link for the booker")
        # E-mails: to both, the neutral title and the time, nothing else.
        mails = outbox(s.db)[n_out:]
        to = sorted(m[0] for m in mails)
        check(to == sorted([email, DEMO["secretary"]]), f"e-mails went to {to}")
        for addr, subj, body in mails:
            check(subj.startswith("Appointment ") and "12:00–12:20" in subj, f"subject {subj!r}")
            bads = ["Neurokring", "Zqnoot", "consultation", "spreekuur"]
            if addr != email:
                bads.append("ZqAnna")  # the host's e-mail does not name the booker
            for bad in bads:
                check(bad.lower() not in (subj + (body or "")).lower(),
                      f"an e-mail to {addr} says {bad!r}")
        # The host sees who booked and the note; the booker sees "your appointment".
        page = sec.get(NET + "/consult").text
        check("booked by ZqAnna Boeker" in page, "the host does not see who booked")
        host = sec.get(f"/consult/talks/{tids[0]}")
        check(host.status == 200 and "Zqnoot-anna" in host.text, "the host's talk page")
        check("your appointment" in me.get(NET + "/consult").text, "the booker's view")
        # Someone else: booked, no name; cannot open the host's page.
        _, other = person(s, "bert")
        view = other.get(NET + "/consult").text
        check("ZqAnna" not in view and "booked" in view, "another employee sees the booker")
        check(other.get(f"/consult/talks/{tids[0]}").status == 404, "the host page opens")
        # Bad input: a booked talk, one in this hour again, a long note.
        r = book(other, tids[0], expect=409)
        check("taken" in r.text and bookings(s.db, tids[0]) == 1, "booking a booked talk")
        r = book(me, tids[1], expect=409)
        check("already" in r.text and bookings(s.db, tids[1]) == 0, "a second talk in one hour")
        r = book(other, tids[1], note="x" * 501, expect=400)
        check("500 characters" in r.text and bookings(s.db, tids[1]) == 0, "a long note")
        r = book(other, tids[1], note="a\u0007b", expect=400)
        check(bookings(s.db, tids[1]) == 0, "a note with a control character")
        r = book(sec, tids[1], expect=409)
        check("host" in r.text and bookings(s.db, tids[1]) == 0, "the host books their own")
        check(other.get("/consult/talks/abc/book").status == 404, "a bad id")
        check(other.get("/consult/talks/99999999/book").status == 404, "an unknown id")
        # Move: step 1 lists free talks, the POST moves; to a booked talk: nothing changes.
        book(other, tids[2])
        r = me.get(f"/consult/talks/{tids[0]}/move")
        check(r.status == 200 and f'value="{tids[1]}"' in r.text and
              f'value="{tids[2]}"' not in r.text, "the move page offers the wrong talks")
        me.token = htmlcheck.csrf_token(r.text)
        r = me.post(f"/consult/talks/{tids[0]}/move", {"to": str(tids[2])})
        check(r.status == 409 and bookings(s.db, tids[0]) == 1 and bookings(s.db, tids[2]) == 1,
              f"a move to a booked talk: {r.status}")
        r = me.post(f"/consult/talks/{tids[0]}/move", {"to": "zz"})
        check(r.status == 400 and bookings(s.db, tids[0]) == 1, "a bad move target")
        r = other.post(f"/consult/talks/{tids[0]}/move", {"to": str(tids[1])},
                       csrf=other.csrf("/consult"))
        check(r.status == 409 and bookings(s.db, tids[0]) == 1, "moving someone else's talk")
        r = me.post(f"/consult/talks/{tids[0]}/move", {"to": str(tids[1])})
        check(r.status == 303 and bookings(s.db, tids[0]) == 0 and bookings(s.db, tids[1]) == 1,
              f"the move: {r.status}")
        check("Zqnoot-anna" in sec.get(f"/consult/talks/{tids[1]}").text, "the note moved along")
        # Cancel: two steps; someone else's: nothing.
        r = other.get(f"/consult/talks/{tids[1]}/cancel")
        check(r.status == 409, "the cancel page of someone else's talk")
        r = other.post(f"/consult/talks/{tids[1]}/cancel", {}, csrf=other.csrf("/consult"))
        check(r.status == 409 and bookings(s.db, tids[1]) == 1, "cancelling someone else's")
        r = me.get(f"/consult/talks/{tids[1]}/cancel")
        check(r.status == 200 and bookings(s.db, tids[1]) == 1, "the cancel page cancelled")
        me.token = htmlcheck.csrf_token(r.text)
        r = me.post(f"/consult/talks/{tids[1]}/cancel", {})
        check(r.status == 303 and bookings(s.db, tids[1]) == 0, f"cancel: {r.status}")
        check("You have no appointments" in me.get("/consult").text, "still listed")
        # A POST without the token is refused.
        r = me.post(f"/consult/talks/{tids[1]}/book", {"note": ""}, csrf="")
        check(r.status == 403 and bookings(s.db, tids[1]) == 0, f"without CSRF: {r.status}")


@test
def consult_subgroup_coordinators_publish_and_host():
    """A coordinator of one of the network's subgroups (who accepted) publishes and hosts
    consultation hours as the core team does; one who was only asked, a coordinator in another
    network and a plain employee cannot."""
    with Server() as s:
        groups = db_sql(s.db, "SELECT g.id, n.slug FROM subgroup g JOIN network n ON"
                              " n.id = g.network_id ORDER BY g.id")
        own = [g for g, slug in groups if slug == "neurokring"]
        other = [g for g, slug in groups if slug != "neurokring"]
        require(own and other, f"the demo's subgroups: {groups}")

        def coordinator(key, group, state):
            email, c = person(s, key)
            aid = db_sql(s.db, "SELECT id FROM account WHERE email = ?", (email,))[0][0]
            db_sql(s.db, "DELETE FROM subgroup_role WHERE account_id = ?", (aid,))
            db_sql(s.db, "INSERT INTO subgroup_role (subgroup_id, account_id, role, state,"
                         " asked_at) VALUES (?, ?, 'coordinator', ?, 0)", (group, aid, state))
            return email, c

        n0 = slot_count(s.db)
        for key, group, state in (("asked", own[0], "asked"), ("elders", other[0], "accepted")):
            _, c = coordinator(key, group, state)
            check(c.get(NET + "/consult/new").status == 403, f"{key}: the publish page opens")
            check("/consult/new" not in c.get(NET + "/consult").text,
                  f"{key}: offered to publish")
            r = c.post(NET + "/consult/new", fields(date=day(106)), csrf=c.csrf())
            check(r.status == 403 and slot_count(s.db) == n0, f"{key}: publishing {r.status}")
        _, emp = person(s, "plain")
        check(emp.get(NET + "/consult/new").status == 403, "an employee: the publish page opens")
        _, coord = coordinator("coord", own[0], "accepted")
        page = coord.get(NET + "/consult").text
        check(f"{NET}/consult/new" in page and "/consult/figures" not in page,
              "the coordinator is not offered to publish, or is offered the figures")
        publish(coord, date=day(106))
        tids = talks_on(s.db, day(106))
        require(len(tids) == 3, f"the coordinator's talks: {tids}")
        host = db_sql(s.db, "SELECT a.name FROM consult_slot s JOIN account a ON a.id ="
                            " s.host_id ORDER BY s.id DESC LIMIT 1")[0][0]
        check(host == "ZqCoord Boeker", f"the host is {host!r}")
        # The host does not book their own talk; an employee books; only the host sees who.
        page = coord.get(NET + "/consult").text
        check(f"/consult/talks/{tids[0]}/book" not in page, "the host is offered their own talk")
        book(emp, tids[0])
        check("booked by ZqPlain Boeker" in coord.get(NET + "/consult").text,
              "the coordinator-host does not see who booked")
        sec = team(s)
        check("ZqPlain" not in sec.get(NET + "/consult").text, "the core team sees the booker")
        check(sec.get(f"/consult/talks/{tids[0]}").status == 404, "the core team opens the talk")
        check(coord.get(f"/consult/talks/{tids[0]}").status == 200, "the host's talk page")


@test
def consult_past_talks_referral_and_figures():
    with Server() as s:
        now = int(time.time())
        past = db_sql(s.db, "SELECT t.id FROM consult_talk t WHERE t.starts_at < ? AND NOT"
                            " EXISTS (SELECT 1 FROM consult_booking b WHERE b.talk_id = t.id)"
                            " ORDER BY t.id", (now,))
        held = db_sql(s.db, "SELECT t.id FROM consult_talk t JOIN consult_booking b ON"
                            " b.talk_id = t.id WHERE t.starts_at < ?", (now,))
        require(past and held, f"the demo has no past talks: {past} {held}")
        emp = Client(s, lang=EN)
        emp.sign_in(DEMO_EMPLOYEE)
        r = book(emp, past[0][0], expect=409)
        check("has begun" in r.text and bookings(s.db, past[0][0]) == 0, "booking a past talk")
        sec = team(s)
        tid = held[0][0]
        page = sec.get(f"/consult/talks/{tid}")
        ids = re.findall(r'name="referral" value="(\d+)"', page.text)
        require(len(ids) > 3, f"the referral form offers {ids}")
        sec.token = htmlcheck.csrf_token(page.text)
        r = sec.post(f"/consult/talks/{tid}/referral", {"referral": ids[2]})
        check(r.status == 303, f"noting a referral: {r.status}")
        kind = db_sql(s.db, "SELECT referral_kind FROM consult_talk WHERE id = ?", (tid,))[0][0]
        check(kind, "no kind stored")
        r = sec.post(f"/consult/talks/{tid}/referral", {"referral": "999999"})
        check(r.status == 400, f"an unknown entry: {r.status}")
        # Only the host; not before the talk; not for a free talk.
        r = emp.post(f"/consult/talks/{tid}/referral", {"referral": ids[1]},
                     csrf=emp.csrf("/consult"))
        check(r.status == 404, f"an employee notes a referral: {r.status}")
        r = sec.post(f"/consult/talks/{past[0][0]}/referral", {"referral": ids[1]})
        check(r.status == 409, f"a referral for a free talk: {r.status}")
        check(db_sql(s.db, "SELECT referral_kind FROM consult_talk WHERE id = ?",
                     (tid,))[0][0] == kind, "a refused note changed the stored one")
        # Figures: core team, contact point, ambassador; never a number under five.
        for who, net in (("secretary", NET), ("contact", NET),
                         ("ambassador", "/n/iedereen-telt")):
            c = sec if who == "secretary" else team(s, who)
            r = c.get(net + "/consult/figures")
            check(r.status == 200, f"figures for {who}: {r.status}")
            nums = re.findall(r"<td>(\d+)</td>", r.text)
            check(all(int(n) >= 5 for n in nums), f"a figure under five for {who}: {nums}")
            check("fewer than 5" in r.text, f"the small counts are not shown so for {who}")
        check(emp.get(NET + "/consult/figures").status == 403, "an employee sees the figures")
        check(team(s, "ambassador").get(NET + "/consult/figures").status == 403,
              "another network's ambassador sees the figures")


def ical_props(text):
    from test_events import ical_parse
    return ical_parse(text)


@test
def consult_calendar_file_only_for_booker_and_host():
    with Server(args=["--base-url", "https://kring.example"]) as s:
        sec = team(s)
        publish(sec, date=day(102))
        tid = talks_on(s.db, day(102))[0]
        _, me = person(s, "cees")
        book(me, tid, note="Zqnoot-cees")
        r = me.get(f"/consult/talks/{tid}/ics")
        check(r.status == 200 and r.header("Content-Type").startswith("text/calendar"),
              f"the booker's file: {r.status}")
        props = ical_props(r.text)
        summary = [v for n, _, v in props if n == "SUMMARY"]
        klass = [v for n, _, v in props if n == "CLASS"]
        check(summary == ["Appointment"] and klass == ["PRIVATE"], f"{summary} {klass}")
        check(not [p for p in props if p[0] == "ATTENDEE"], "an attendee in the file")
        for bad in ("Neurokring", "Zqnoot", "Zqcees", "consult"):
            check(bad.lower() not in r.text.replace("/consult", "").lower(),
                  f"the calendar file says {bad!r}")
        check(sec.get(f"/consult/talks/{tid}/ics").status == 200, "the host's file")
        _, other = person(s, "dirk")
        check(other.get(f"/consult/talks/{tid}/ics").status == 404, "someone else's file opens")
        nl = Client(s, lang="nl")
        nl.sign_in("zqcees@rijnstad.example")
        check("SUMMARY:Afspraak" in nl.get(f"/consult/talks/{tid}/ics").text, "not Afspraak")
        # The personal calendar feed (/events/feeds) holds the appointment for both, as the
        # file does: private, "Appointment", nothing that tells.
        start = db_sql(s.db, "SELECT starts_at FROM consult_talk WHERE id = ?", (tid,))[0][0]
        stamp = datetime.datetime.fromtimestamp(start, zoneinfo.ZoneInfo("Europe/Amsterdam"))
        dtstart = stamp.strftime("%Y%m%dT%H%M%S")
        for who, c in (("the booker", me), ("the host", sec)):
            r = c.get("/events/feeds")
            c.token = htmlcheck.csrf_token(r.text) or c.token
            r = c.post("/events/feeds", {"feed": "me"})
            m = re.search(r'<code class="feed-address">https://kring\.example(/[^<]+)</code>',
                          r.text)
            require(r.status == 200 and m, f"{who}: making the feed: {r.status}")
            feed = Client(s, lang=EN).get(m.group(1), cookies=False)
            require(feed.status == 200, f"{who}: the feed: {feed.status}")
            props = ical_props(feed.text)
            starts = [v for n, _, v in props if n == "DTSTART"]
            check(dtstart in starts, f"{who}: the feed lacks the talk at {dtstart}: {starts}")
            entry = [b for b in feed.text.split("BEGIN:VEVENT")[1:] if dtstart in b]
            require(entry, f"{who}: no entry at {dtstart}")
            entry = entry[0].split("END:VEVENT")[0]
            check("SUMMARY:Appointment" in entry and "CLASS:PRIVATE" in entry and
                  "ATTENDEE" not in entry, f"{who}: the feed's entry is not neutral")
            for bad in ("Neurokring", "Zqnoot", "Zqcees"):
                check(bad.lower() not in entry.lower(), f"{who}: the feed's entry says {bad!r}")
        r = other.get("/events/feeds")
        other.token = htmlcheck.csrf_token(r.text) or other.token
        r = other.post("/events/feeds", {"feed": "me"})
        m = re.search(r'<code class="feed-address">https://kring\.example(/[^<]+)</code>', r.text)
        require(m, "someone else: no feed address")
        text = Client(s, lang=EN).get(m.group(1), cookies=False).text
        check(dtstart not in text, "someone else's feed holds the talk")


@test
def consult_my_data_erasure_and_retention():
    with Server() as s:
        sec = team(s)
        publish(sec, date=day(103))
        tids = talks_on(s.db, day(103))
        email, me = person(s, "eva")
        book(me, tids[0], note="Zqnoot-eva")
        data = json.loads(me.get("/me/data.json").text)
        cb = data.get("consultation_bookings")
        check(cb and cb[0]["note"] == "Zqnoot-eva", f"/me/data.json: {cb}")
        check("Zqnoot-eva" in me.get("/me/data").text, "/me/data lacks the booking")
        cancelled = lambda: len([m for m in outbox(s.db) if m[0] == DEMO["secretary"] and
                                 m[1].startswith("Appointment cancelled")])
        n_cancelled = cancelled()
        r = me.get("/me/delete")
        me.token = htmlcheck.csrf_token(r.text) or me.token
        r = me.post("/me/delete", {})
        require(r.status == 303, f"POST /me/delete: {r.status}")
        check(bookings(s.db, tids[0]) == 0, "the deleted account's booking stays")
        check(cancelled() == n_cancelled + 1, "the host was not told the talk is free")
        # Retention: a booking 31 days after its talk goes; tomorrow's talk gets a reminder.
        _, fer = person(s, "fer")
        book(fer, tids[1])
        _, gus = person(s, "gus")
        book(gus, tids[2])
        s.signal(signal.SIGTERM)
        s.wait(10)
        now = int(time.time())
        db_sql(s.db, "UPDATE consult_talk SET starts_at = ?, ends_at = ? WHERE id = ?",
               (now - 31 * 86400, now - 31 * 86400 + 1200, tids[1]))
        # Tomorrow in Amsterdam, as the server counts it: between 23:00 and 24:00 UTC the
        # machine's tomorrow is Amsterdam's today.
        ams = zoneinfo.ZoneInfo("Europe/Amsterdam")
        tomorrow = datetime.datetime.combine(
            datetime.datetime.now(ams).date() + datetime.timedelta(days=1),
            datetime.time(12, 0), tzinfo=ams).timestamp()
        db_sql(s.db, "UPDATE consult_talk SET starts_at = ?, ends_at = ? WHERE id = ?",
               (int(tomorrow), int(tomorrow) + 1200, tids[2]))
        db_sql(s.db, "DELETE FROM job_run WHERE job = 'retention'")
        n_out = len(outbox(s.db))
        s.start()
        for _ in range(50):
            if bookings(s.db, tids[1]) == 0:
                break
            time.sleep(0.1)
        check(bookings(s.db, tids[1]) == 0, "retention kept a booking 31 days after the talk")
        check(bookings(s.db, tids[2]) == 1, "retention erased a booking still to come")
        for _ in range(20):
            rem = [m for m in outbox(s.db)[n_out:] if m[1].startswith("Reminder")]
            if len(rem) >= 2:
                break
            time.sleep(0.1)
        check(sorted(m[0] for m in rem) == sorted(["zqgus@rijnstad.example",
                                                   DEMO["secretary"]]),
              f"reminders went to {[m[0] for m in rem]}")
        check(db_sql(s.db, "SELECT was_booked FROM consult_talk WHERE id = ?",
                     (tids[1],))[0][0] == 1, "the figure of a held talk went with the booking")


def _race(s, count):
    """20 people book one talk at once: exactly one gets it."""
    sec = team(s)
    publish(sec, date=day(104))
    tid = talks_on(s.db, day(104))[0]
    clients = []
    for i in range(20):
        email = f"zqrace{i}@rijnstad.example"
        p = run_cli(["user", "add", email, f"Zqrace {i}", "--db", s.db] +
                    (["--key", s.key] if s.key else []))
        require(p.returncode == 0, f"user add {email}: {p.stderr[:200]}")
        cl = Client(s, lang=EN)
        r = cl.get(f"/consult/talks/{tid}/book", headers={"X-Remote-User": email})
        require(r.status == 200, f"step 1 for {email}: {r.status}")
        cl.token = htmlcheck.csrf_token(r.text)
        clients.append(cl)
    barrier = threading.Barrier(20)
    statuses = []
    lock = threading.Lock()

    def go(cl):
        barrier.wait(10)
        r = cl.post(f"/consult/talks/{tid}/book", {"note": ""}, timeout=30)
        with lock:
            statuses.append(r.status)

    threads = [threading.Thread(target=go, args=(cl,)) for cl in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    check(len(statuses) == 20 and statuses.count(303) == 1 and statuses.count(409) == 19,
          f"20 at once for one talk: {sorted(statuses)}")
    check(count(tid) == 1, f"in the database: {count(tid)} bookings")


@test
def consult_parallel_bookings_never_double_book():
    with Server(args=SSO) as s:
        _race(s, lambda tid: bookings(s.db, tid))


@test
def consult_parallel_bookings_postgresql():
    d = tempfile.mkdtemp(prefix="kring-consult-pg-")
    url, key = pg_demo(d)
    with Server(args=SSO, db=url, key=key) as s:
        _race(s, lambda tid: bookings(url, tid))
