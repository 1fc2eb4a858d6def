# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_events.py: events (issue 11, first slice), black box over HTTP: rooms kept by the
administrator, events planned by a network's core team (with every bad value refused and
nothing saved), Europe/Amsterdam times across a change of the clock, registering and
cancelling in two steps, the waiting list and its promotion with an e-mail in the outbox, every
refusal (after the deadline, twice, an event one may not attend, cancelling without a
registration), and 50 parallel registrations at 10 places on SQLite and on PostgreSQL.

The secretary (Joost Visser) is Neurokring's core team; the chair (Fatima El Amrani) Netwerk
Iedereen Telt's. Titles carry markers (Zq…) that occur nowhere else."""

import datetime
import json
import re
import tempfile
import threading
import zoneinfo

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, error_summary, join,
                     pg_demo, pg_query, require, run_cli, sign_in_full, test, user_add, db_connect)

EN = "en-GB,en;q=0.9"
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
SSO = ["--sso-header", "X-Remote-User", "--trusted-proxies", "127.0.0.1"]


def day(offset):
    """The date offset days from today, as the form takes it."""
    return (datetime.date.today() + datetime.timedelta(days=offset)).isoformat()


def event_fields(**kw):
    """The fields of the planning form, as a browser sends them, with kw replacing any."""
    f = {
        "kind": "meeting", "title": "Zqbijeenkomst", "description": "Over *werk*.",
        "agenda": "", "speakers": "",
        "start_date": day(30), "start_time": "14:00",
        "end_date": day(30), "end_time": "16:00",
        "deadline_date": day(29), "deadline_time": "12:00",
        "audience": "organisation", "room": "1", "capacity_site": "10",
        "capacity_online": "0", "meeting_url": "", "state": "published",
    }
    f.update(kw)
    return [(k, v) for k, v in f.items() if v is not None]


def organiser(s, who="secretary"):
    c = Client(s, lang=EN)
    sign_in_full(c, DEMO[who])
    return c


def plan(c, network="neurokring", expect=303, **kw):
    """Plans an event through the form; returns its id (expect 303) or the response."""
    r = c.get(f"/events/new?network={network}")
    require(r.status == 200, f"GET /events/new?network={network}: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    r = c.post(f"/events/new?network={network}", event_fields(**kw))
    require(r.status == expect, f"POST /events/new ({kw}): {r.status}, expected {expect}: "
            f"{error_summary(r)}")
    if expect != 303:
        return r
    m = re.match(r"^/events/(\d+)\?done=saved$", r.header("Location") or "")
    require(m, f"after planning: Location {r.header('Location')!r}")
    return int(m.group(1))


def register(c, eid, place=None, named=False, expect=303, extra=()):
    """Registers in two steps: the page, then the POST (with the fields of extra as well).
    Returns the POST's response."""
    r = c.get(f"/events/{eid}/register")
    require(r.status == 200 or expect != 303, f"GET /events/{eid}/register: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    f = [("place", place or "site")]
    if named:
        f.append(("named", "1"))
    f += list(extra)
    r = c.post(f"/events/{eid}/register", f)
    require(r.status == expect, f"POST /events/{eid}/register: {r.status}, expected {expect}")
    return r


def cancel(c, eid, expect=303):
    r = c.get(f"/events/{eid}/cancel")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    r = c.post(f"/events/{eid}/cancel", {})
    require(r.status == expect, f"POST /events/{eid}/cancel: {r.status}, expected {expect}")
    return r


def employee(s, email=DEMO_EMPLOYEE):
    c = Client(s, lang=EN)
    c.sign_in(email)
    return c


def regs(db, eid):
    """(confirmed, waiting) of an event, from the database."""
    con = db_connect(db)
    try:
        rows = dict(con.execute("SELECT state, count(*) FROM registration WHERE event_id = ?"
                                " GROUP BY state", (eid,)).fetchall())
    finally:
        con.close()
    return rows.get("confirmed", 0), rows.get("waiting", 0)


def count_events(db):
    con = db_connect(db)
    try:
        return con.execute("SELECT count(*) FROM event").fetchone()[0]
    finally:
        con.close()


@test
def events_rooms_by_the_administrator():
    with Server() as s:
        a = organiser(s, "admin")
        r = a.get("/admin/rooms")
        require(r.status == 200, f"GET /admin/rooms: {r.status}")
        check("Zaal 4.12" in r.text, "the demo's rooms are not listed")
        r = a.post("/admin/rooms", {"site": "1", "room_name": "Zqzaal", "hearing_loop": "1",
                                    "quiet_room": "1"})
        require(r.status == 303, f"adding a room: {r.status}")
        r = a.get("/admin/rooms")
        check("Zqzaal" in r.text, "the new room is not listed")
        # Bad input: no name, an unknown site, a name twice.
        for fields, what in (({"site": "1", "room_name": ""}, "name of the room"),
                             ({"site": "999", "room_name": "Zqx"}, "site of the room"),
                             ({"site": "1", "room_name": "Zqzaal"}, "another name")):
            r = a.post("/admin/rooms", fields)
            check(r.status == 400 and what in (error_summary(r) or ""),
                  f"room {fields}: {r.status} {error_summary(r)!r}")
        # Only the administrator.
        e = employee(s)
        check(e.get("/admin/rooms").status == 403, "an employee opened /admin/rooms")


@test
def events_planning_and_bad_values():
    with Server() as s:
        c = organiser(s)
        before = count_events(s.db)
        bad = [
            ({"end_date": day(30), "end_time": "13:00"}, "end is before the start"),
            ({"capacity_site": "-1"}, "places on site"),
            ({"capacity_site": "999999"}, "places on site"),
            ({"capacity_site": "lots"}, "places on site"),
            ({"room": "0", "capacity_site": "0", "online": "1", "capacity_online": "5",
              "meeting_url": "http://meet.example/x"}, "https://"),
            ({"room": "0", "capacity_site": "0", "online": "1", "capacity_online": "5",
              "meeting_url": "javascript:alert(1)"}, "https://"),
            ({"room": "0", "capacity_site": "0"}, "Choose a room"),
            ({"title": ""}, "title"),
            ({"kind": "party"}, "type of event"),
            ({"start_date": "2026-02-30"}, "start"),
            ({"deadline_date": day(31)}, "deadline is after the start"),
            ({"room": "77"}, "one of the rooms"),
        ]
        for kw, words in bad:
            r = plan(c, expect=400, **kw)
            summary = error_summary(r) or ""
            check(words in summary, f"{kw}: the error summary says {summary!r}, not {words!r}")
            check("title" in kw or 'value="Zqbijeenkomst"' in r.text,
                  f"{kw}: what was typed is not kept")
        check(count_events(s.db) == before, "a refused event was saved")
        eid = plan(c, title="Zqgoed", working_time="1")
        r = c.get(f"/events/{eid}")
        check(r.status == 200 and "Zqgoed" in r.text and "counts as working time" in r.text,
              f"the event's page: {r.status}")
        # The description is Markdown, made safe.
        mid = plan(c, title="Zqmarkdown", description="**Zqvet** <script>alert(1)</script> "
                   "[kwaad](javascript:alert(1)) [goed](https://example.org/x)")
        r = c.get(f"/events/{mid}")
        check("<strong>Zqvet</strong>" in r.text, "the description's Markdown is not rendered")
        check("<script>alert" not in r.text and "&lt;script&gt;" in r.text,
              "raw HTML in the description is not shown as text")
        check('href="javascript:' not in r.text, "a javascript: link was kept")
        check(re.search(r'<a href="https://example.org/x" rel="noopener nofollow ugc">goed</a>',
                        r.text), "a safe link is not kept with rel=noopener nofollow ugc")
        # Changing it raises the sequence.
        r = c.get(f"/events/{eid}/edit")
        require(r.status == 200, f"GET edit: {r.status}")
        c.token = htmlcheck.csrf_token(r.text) or c.token
        r = c.post(f"/events/{eid}/edit", event_fields(title="Zqgoed2"))
        check(r.status == 303, f"POST edit: {r.status} {error_summary(r)}")
        con = db_connect(s.db)
        title, seq = con.execute("SELECT title, sequence FROM event WHERE id = ?",
                                 (eid,)).fetchone()
        con.close()
        check(title == "Zqgoed2" and seq == 1, f"after the change: {title!r}, sequence {seq}")
        # Only the network's core team plans and changes.
        e = employee(s)
        check(e.get("/events/new?network=neurokring").status == 403,
              "an employee opened the planning form")
        check(e.post("/events/new?network=neurokring", event_fields()).status == 403,
              "an employee planned an event")
        check(e.get(f"/events/{eid}/edit").status == 403, "an employee opened the edit form")
        chair = organiser(s, "chair")
        check(chair.get("/events/new?network=neurokring").status == 403,
              "another network's chair opened Neurokring's planning form")
        # A draft is seen by the core team only.
        did = plan(c, title="Zqconcept", state="draft")
        check(e.get(f"/events/{did}").status == 404, "an employee saw a draft")
        check("Zqconcept" not in e.get("/events").text, "a draft is listed for an employee")


def _utc_of(db, eid):
    con = db_connect(db)
    try:
        return con.execute("SELECT starts_at, ends_at FROM event WHERE id = ?",
                           (eid,)).fetchone()
    finally:
        con.close()


@test
def events_amsterdam_time_across_a_change_of_the_clock():
    """Times are entered in Amsterdam time and stored as UTC, DST included: the clock goes
    forward on the last Sunday of March and back on the last Sunday of October."""
    year = datetime.date.today().year + 1

    def last_sunday(month):
        d = datetime.date(year, month, 31)
        return d - datetime.timedelta(days=(d.weekday() + 1) % 7)

    march, october = last_sunday(3), last_sunday(10)
    cases = [
        (march - datetime.timedelta(days=1), "14:00"),   # winter time, UTC+1
        (march + datetime.timedelta(days=1), "14:00"),   # summer time, UTC+2
        (march, "03:30"),                                # just after the jump
        (october + datetime.timedelta(days=1), "09:15"),  # winter again
    ]
    with Server() as s:
        c = organiser(s)
        for d, t in cases:
            eid = plan(c, start_date=d.isoformat(), start_time=t, end_date=d.isoformat(),
                       end_time="23:00", deadline_date=(d - datetime.timedelta(days=2))
                       .isoformat())
            h, m = map(int, t.split(":"))
            want = int(datetime.datetime(d.year, d.month, d.day, h, m, tzinfo=AMS).timestamp())
            got = _utc_of(s.db, eid)[0]
            check(got == want, f"{d} {t} Amsterdam: stored {got}, expected {want}")
            r = c.get(f"/events/{eid}")
            check(f"{d.isoformat()} {t}" in r.text, f"{d} {t}: the page does not show it back")
        # An event through the night of the change lasts one hour more than the clock says.
        eid = plan(c, start_date=(october - datetime.timedelta(days=1)).isoformat(),
                   start_time="22:00", end_date=october.isoformat(), end_time="06:00",
                   deadline_date=(october - datetime.timedelta(days=3)).isoformat())
        a, b = _utc_of(s.db, eid)
        check(b - a == 9 * 3600, f"22:00 to 06:00 over the October change: {b - a} s, not 9 h")


@test
def events_register_cancel_waiting_list_and_refusals():
    with Server() as s:
        c = organiser(s)
        eid = plan(c, title="Zqklein", capacity_site="1")
        e1 = employee(s)
        e2 = employee(s, DEMO["ambassador"])
        # Step 1 changes nothing.
        r = e1.get(f"/events/{eid}/register")
        check(r.status == 200 and "Step 1 of 2" in r.text, f"register step 1: {r.status}")
        check(regs(s.db, eid) == (0, 0), "the first step registered")
        r = register(e1, eid)
        check(r.header("Location") == f"/events/{eid}?done=registered",
              f"registering: {r.header('Location')}")
        # Twice: a clear message, nothing changes.
        r = register(e1, eid, expect=409)
        check("registered for this event already" in r.text, "twice: no clear message")
        check(regs(s.db, eid) == (1, 0), f"twice changed something: {regs(s.db, eid)}")
        # Full: the waiting list.
        r = register(e2, eid)
        check(r.header("Location") == f"/events/{eid}?done=waiting",
              f"on a full event: {r.header('Location')}")
        check(regs(s.db, eid) == (1, 1), f"after the second: {regs(s.db, eid)}")
        # Online was not offered: refused.
        e3 = employee(s, DEMO["contact"])
        r = register(e3, eid, place="online", expect=400)
        check(regs(s.db, eid) == (1, 1), "a registration for a place the event lacks counted")
        # Cancelling without a registration (someone else's place stays).
        r = cancel(e3, eid, expect=409)
        check("not registered" in r.text, "cancelling without a registration: no message")
        check(regs(s.db, eid) == (1, 1), "cancelling someone else's registration changed it")
        # Cancelling frees the place: the first on the waiting list gets it, and an e-mail.
        con = db_connect(s.db)
        mails = con.execute("SELECT count(*) FROM outbox").fetchone()[0]
        con.close()
        r = cancel(e1, eid)
        check(regs(s.db, eid) == (1, 0), f"after cancelling: {regs(s.db, eid)}")
        con = db_connect(s.db)
        rows = con.execute("SELECT to_addr, subject, body FROM outbox ORDER BY id DESC"
                           " LIMIT 1").fetchall() if con.execute(
            "SELECT count(*) FROM outbox").fetchone()[0] > mails else []
        con.close()
        check(rows and rows[0][0] == DEMO["ambassador"] and "Zqklein" in rows[0][1],
              f"the promoted person's e-mail: {rows}")
        r = e2.get(f"/events/{eid}")
        check("You are registered, on site." in r.text, "the promoted person is not registered")
        # After the deadline: refused, nothing changes.
        late = plan(c, title="Zqlaat", deadline_date=day(-1))
        r = register(e1, late, expect=409)
        check("deadline has passed" in r.text, "after the deadline: no clear message")
        check(regs(s.db, late) == (0, 0), "a late registration counted")
        # A members-only event for a non-member: hidden, and refused.
        mid = plan(c, title="Zqleden", audience="members")
        check(e1.get(f"/events/{mid}").status == 404, "a non-member saw a members-only event")
        check("Zqleden" not in e1.get("/events").text, "a members-only event is listed")
        r = e1.post(f"/events/{mid}/register", {"place": "site"})
        check(r.status == 404, f"a non-member registered for a members-only event: {r.status}")
        check(regs(s.db, mid) == (0, 0), "the non-member's registration counted")
        join(e1, "/n/neurokring", "silent")
        check(e1.get(f"/events/{mid}").status == 200, "a member cannot see a members-only event")
        register(e1, mid)
        # A cancelled event takes no registrations.
        r = c.get(f"/events/{late}/edit")
        c.token = htmlcheck.csrf_token(r.text) or c.token
        c.post(f"/events/{eid}/edit", event_fields(title="Zqklein", capacity_site="1",
                                                     state="cancelled"))
        r = register(e3, eid, expect=409)
        check("not open for registration" in r.text, "a cancelled event: no clear message")


def _race(s, db_counts):
    """50 people register at once for an event with 10 places: exactly 10 get one."""
    c = organiser(s)
    eid = plan(c, title="Zqdrukte", capacity_site="10")
    clients = []
    for i in range(50):
        email = f"zqrace{i}@rijnstad.example"
        p = run_cli(["user", "add", email, f"Zqrace {i}", "--db", s.db] +
                    (["--key", s.key] if s.key else []))
        require(p.returncode == 0, f"user add {email}: {p.stderr[:200]}")
        cl = Client(s, lang=EN)
        r = cl.get(f"/events/{eid}/register", headers={"X-Remote-User": email})
        require(r.status == 200, f"step 1 for {email}: {r.status}")
        cl.token = htmlcheck.csrf_token(r.text)
        clients.append(cl)
    barrier = threading.Barrier(50)
    statuses = []
    lock = threading.Lock()

    def go(cl):
        barrier.wait(10)
        r = cl.post(f"/events/{eid}/register", {"place": "site"}, timeout=30)
        with lock:
            statuses.append((r.status, r.header("Location") or ""))

    threads = [threading.Thread(target=go, args=(cl,)) for cl in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    confirmed = sum(1 for st, loc in statuses if st == 303 and loc.endswith("registered"))
    waiting = sum(1 for st, loc in statuses if st == 303 and loc.endswith("waiting"))
    check(len(statuses) == 50 and confirmed == 10 and waiting == 40,
          f"50 at once at 10 places: {confirmed} confirmed, {waiting} waiting, "
          f"{[st for st, _ in statuses if st != 303]} other answers")
    check(db_counts(eid) == (10, 40), f"in the database: {db_counts(eid)}")


@test
def events_parallel_registrations_never_exceed_capacity():
    with Server(args=SSO) as s:
        _race(s, lambda eid: regs(s.db, eid))


@test
def events_parallel_registrations_postgresql():
    d = tempfile.mkdtemp(prefix="kring-events-pg-")
    url, key = pg_demo(d)

    def counts(eid):
        rows = dict(pg_query(url, f"SELECT state, count(*) FROM registration"
                                  f" WHERE event_id = {int(eid)} GROUP BY state"))
        return int(rows.get("confirmed", 0)), int(rows.get("waiting", 0))

    with Server(args=SSO, db=url, key=key) as s:
        _race(s, counts)


def ical_parse(text):
    """Parses a calendar file with libical (icalparser_parse_string, through ctypes): its
    properties as [(name, params, value)] of the whole file, after libical wrote it back;
    fails when libical cannot read it or flags an error in it (X-LIC-ERROR)."""
    import ctypes
    import ctypes.util
    lib = ctypes.CDLL(ctypes.util.find_library("ical") or "libical.so.3")
    lib.icalparser_parse_string.restype = ctypes.c_void_p
    lib.icalparser_parse_string.argtypes = [ctypes.c_char_p]
    lib.icalcomponent_count_errors.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_as_ical_string_r.restype = ctypes.c_void_p
    lib.icalcomponent_as_ical_string_r.argtypes = [ctypes.c_void_p]
    lib.icalcomponent_free.argtypes = [ctypes.c_void_p]
    comp = lib.icalparser_parse_string(text.encode())
    require(comp, "libical cannot parse the calendar file")
    try:
        check(lib.icalcomponent_count_errors(comp) == 0, "libical finds errors in the file")
        ptr = lib.icalcomponent_as_ical_string_r(comp)
        out = ctypes.string_at(ptr).decode()
        ctypes.CDLL(None).free(ctypes.c_void_p(ptr))
    finally:
        lib.icalcomponent_free(comp)
    unfolded = re.sub(r"\r?\n[ \t]", "", out)
    props = []
    for line in unfolded.splitlines():
        m = re.match(r"^([A-Z-]+)((?:;[^:]*)?):(.*)$", line)
        if m:
            props.append((m.group(1), m.group(2), m.group(3)))
    return props


@test
def events_calendar_file():
    with Server(args=["--base-url", "https://kring.example"]) as s:
        c = organiser(s)
        eid = plan(c, title="Zqkalender", online="1", capacity_online="5",
                   meeting_url="https://meet.example/zqics", start_date=day(40),
                   start_time="09:30", end_date=day(40), end_time="11:00",
                   deadline_date=day(39))
        e = employee(s)
        r = e.get(f"/events/{eid}.ics")
        require(r.status == 200, f"GET /events/{eid}.ics: {r.status}")
        check(r.content_type.startswith("text/calendar"), f"content type {r.content_type!r}")
        props = ical_parse(r.text)
        names = [p[0] for p in props]
        val = {p[0]: p[2] for p in props}
        for must in ("VERSION", "PRODID", "METHOD", "UID", "DTSTAMP", "SEQUENCE", "DTSTART",
                     "DTEND", "CLASS", "SUMMARY", "TZID"):
            check(must in names, f"the calendar file has no {must}")
        check(val.get("CLASS") == "PRIVATE", f"CLASS {val.get('CLASS')!r}")
        check(val.get("SUMMARY") == "Zqkalender", f"SUMMARY {val.get('SUMMARY')!r}")
        check(val.get("TZID") == "Europe/Amsterdam", f"TZID {val.get('TZID')!r}")
        check(names.count("BEGIN") >= 3 and "BEGIN" in names, "no VTIMEZONE and VEVENT")
        check(any(p[0] == "DTSTART" and "TZID=Europe/Amsterdam" in p[1] and
                  p[2].endswith("T093000") for p in props),
              f"DTSTART is not 09:30 Amsterdam time: {[p for p in props if p[0] == 'DTSTART']}")
        check("ATTENDEE" not in names, "a file for someone not registered names an attendee")
        check("zqics" not in r.text, "the meeting link is in the file of someone not registered")
        uid = val.get("UID")
        # Registered online: the only attendee is the recipient, and the link is there.
        register(e, eid, place="online")
        r2 = e.get(f"/events/{eid}.ics")
        props2 = ical_parse(r2.text)
        att = [p for p in props2 if p[0] == "ATTENDEE"]
        check(len(att) == 1 and att[0][2].lower() == f"mailto:{DEMO_EMPLOYEE}",
              f"the attendees: {att}")
        check("zqics" in r2.text, "the meeting link is not in the file of a registrant online")
        check({p[0]: p[2] for p in props2}.get("UID") == uid, "the UID is not stable")
        # Neutral title: the details only in the description.
        r3 = e.get(f"/events/{eid}.ics?title=neutral")
        v3 = {p[0]: p[2] for p in ical_parse(r3.text)}
        check(v3.get("SUMMARY") == "Appointment", f"neutral SUMMARY {v3.get('SUMMARY')!r}")
        check("Zqkalender" in v3.get("DESCRIPTION", ""), "the neutral file lacks the title "
              "in its description")
        check("LOCATION" not in v3, "the neutral file has a LOCATION")
        check(e.get(f"/events/{eid}.ics?title=other").status == 400, "a bad title= is taken")
        # A change raises the SEQUENCE.
        r = c.get(f"/events/{eid}/edit")
        c.token = htmlcheck.csrf_token(r.text) or c.token
        c.post(f"/events/{eid}/edit", event_fields(
            title="Zqkalender", online="1", capacity_online="5",
            meeting_url="https://meet.example/zqics", start_date=day(40), start_time="10:00",
            end_date=day(40), end_time="11:00", deadline_date=day(39)))
        v4 = {p[0]: p[2] for p in ical_parse(e.get(f"/events/{eid}.ics").text)}
        check(v4.get("SEQUENCE") == "1" and v4.get("UID") == uid,
              f"after a change: SEQUENCE {v4.get('SEQUENCE')}, UID kept {v4.get('UID') == uid}")
        # A members-only event's file is not there for a non-member.
        mid = plan(c, title="Zqkalleden", audience="members")
        check(e.get(f"/events/{mid}.ics").status == 404, "a non-member got a members-only file")


@test
def events_my_data_and_deleting_the_account():
    with Server() as s:
        c = organiser(s)
        eid = plan(c, title="Zqmijngegevens", capacity_site="1")
        email = "zqweg@rijnstad.example"
        user_add(s.db, email, "Zqweg Persoon")
        me = employee(s, email)
        register(me, eid, named=True)
        other = employee(s)
        register(other, eid)  # waits
        data = json.loads(me.get("/me/data.json").text)
        regs_ = data.get("event_registrations")
        check(regs_ and regs_[0]["event"] == "Zqmijngegevens" and regs_[0]["named"] is True
              and regs_[0]["state"] == "confirmed", f"/me/data.json: {regs_}")
        check("Zqmijngegevens" in me.get("/me/data").text, "/me/data does not list it")
        check(json.loads(other.get("/me/data.json").text)["event_registrations"][0]["state"] ==
              "waiting", "the waiting registration is not in the other's data")
        r = me.get("/me/delete")
        me.token = htmlcheck.csrf_token(r.text) or me.token
        r = me.post("/me/delete", {})
        require(r.status == 303, f"POST /me/delete: {r.status}")
        # The place went to the next on the waiting list, and the registration is gone.
        check(regs(s.db, eid) == (1, 0), f"after deleting the account: {regs(s.db, eid)}")
        check("You are registered, on site." in other.get(f"/events/{eid}").text,
              "the next on the waiting list did not get the place")
        check("Zqweg" not in c.get(f"/events/{eid}").text, "the deleted person is still named")


@test
def events_list_filter_and_network_page():
    with Server() as s:
        c = organiser(s)
        open_id = plan(c, title="Zqopen")
        members_id = plan(c, title="Zqalleenleden", audience="members")
        e = employee(s)
        r = e.get("/events")
        check(r.status == 200 and "Zqopen" in r.text and "Zqalleenleden" not in r.text,
              "/events for a non-member: the open event only")
        r = e.get("/events?network=iedereen-telt")
        check(r.status == 200 and "Zqopen" not in r.text, "the network filter shows another's")
        check(e.get("/events?network=bestaat-niet").status == 404, "an unknown network filter")
        r = e.get("/n/neurokring")
        check("Zqopen" in r.text and f'href="/events/{open_id}"' in r.text,
              "the network page does not show its next event")
        check("Zqalleenleden" not in r.text, "the network page shows a members-only event to a "
              "non-member")
        check("/events/new?network=neurokring" not in r.text,
              "the network page offers planning to an employee")
        r = c.get("/n/neurokring")
        check(f'href="/events/{members_id}"' in r.text and
              "/events/new?network=neurokring" in r.text,
              "the core team does not see its members-only event or the planning link")
        r = c.get("/events")
        check("/events/new?network=neurokring" in r.text, "/events offers no planning link to "
              "the core team")


@test
def events_list_in_pages_of_fifty():
    # More hidden events than the list reads in one batch (200) come before the ones an
    # employee may see: none of them is lost, none shown, and the pages hold 50 each.
    with Server() as s:
        c = organiser(s)
        for i in range(205):
            plan(c, title=f"Zqlid{i:03d}", audience="members", start_date=day(20),
                 end_date=day(20), deadline_date=day(19))
        open_ids = [plan(c, title=f"Zqopen{i:02d}", start_date=day(25), end_date=day(25),
                         deadline_date=day(24)) for i in range(55)]
        e = employee(s)
        seen, page = [], 1
        while True:
            r = e.get(f"/events?page={page}")
            if r.status == 404:
                break
            require(r.status == 200, f"/events?page={page}: {r.status}")
            check("Zqlid" not in r.text, f"page {page} shows a members-only event")
            items = re.findall(r'<a href="/events/(\d+)"', r.text)
            check(len(items) <= 50, f"page {page} holds {len(items)} events")
            check(('rel="next"' in r.text) == (len(items) == 50 and page < 3),
                  f"page {page}: a next link that does not match")
            seen += [int(x) for x in items]
            page += 1
            require(page < 10, "the pages do not end")
        check(len(seen) == len(set(seen)), "an event is on two pages")
        mine = [x for x in seen if x in open_ids]
        check(mine == open_ids, f"the open events, in order over the pages: {len(mine)} of 55")
        check(e.get(f"/events?page={page}").status == 404 and
              e.get("/events?page=0").status == 404 and
              e.get("/events?page=x").status == 404, "a page past the end or a bad page")
        r = c.get("/events?network=neurokring")
        check('href="/events?network=neurokring&amp;page=2"' in r.text,
              "the filtered list's next page loses its filter")
        r = c.get("/events?network=neurokring&page=2")
        check(r.status == 200 and 'rel="prev"' in r.text, "the filtered list's second page")


def _day_fields(**kw):
    f = {"name": "Zqdag van de test", "about": "Zqover", "kind": "date", "month": "1",
         "monthday": "1", "ordinal": "1", "weekday": "0", "days": "1"}
    f.update(kw)
    return [(k, v) for k, v in f.items() if v is not None]


@test
def events_awareness_days():
    """The awareness calendar: the administrator keeps the days (add, change, confirm a
    year's date, remove in two steps), every bad value refused with its message and nothing
    saved; a day within the weeks ahead shows on a network's page, with an invitation to plan
    an activity for its core team only, and on the list of events; planning for a day fills in
    its name and date and ties the event to it."""
    with Server() as s:
        admin = organiser(s, "admin")
        emp = Client(s, lang=EN)
        emp.sign_in(DEMO_EMPLOYEE)
        check(emp.get("/admin/awareness").status == 403, "an employee opens the calendar")
        page = admin.get("/admin/awareness")
        require(page.status == 200, f"GET /admin/awareness: {page.status}")
        check("Week van de Toegankelijkheid" in page.text and "date to be confirmed" in page.text,
              "the built-in calendar is not listed")
        admin.token = htmlcheck.csrf_token(page.text)
        count = len(s.sql("SELECT id FROM awareness_day"))
        for fields, what in (
                (_day_fields(name=""), "Type the name"),
                (_day_fields(month="2", monthday="30"), "exists every year"),
                (_day_fields(kind="weekday", ordinal="0"), "exists every year"),
                (_day_fields(kind="keep"), "exists every year"),
                (_day_fields(days="15"), "1 to 14 days"),
                (_day_fields(days="x"), "1 to 14 days"),
                (_day_fields(name="Week van de Toegankelijkheid"), "name already"),
                (_day_fields(name="Zq\u202e" + "x" * 201), "at most 200")):
            r = admin.post("/admin/awareness", fields)
            check(r.status == 400 and what in r.text,
                  f"a bad day ({what}): {r.status}, or the message is missing")
        for bad in ("0", "27", "x", ""):
            r = admin.post("/admin/awareness/weeks", {"weeks": bad})
            check(r.status == 400 and "from 1 to 26" in r.text, f"weeks={bad!r}: {r.status}")
        check(len(s.sql("SELECT id FROM awareness_day")) == count, "a bad day was saved")
        # A day in three days, set by its organiser; 26 weeks ahead.
        soon = datetime.date.today() + datetime.timedelta(days=3)
        r = admin.post("/admin/awareness", _day_fields(month=str(soon.month),
                                                       monthday=str(soon.day), days="2",
                                                       organiser_sets="1"))
        check(r.status == 303, f"adding a day: {r.status}")
        r = admin.post("/admin/awareness/weeks", {"weeks": "26"})
        check(r.status == 303, f"setting 26 weeks: {r.status}")
        did = s.sql("SELECT id FROM awareness_day WHERE name = 'Zqdag van de test'")[0][0]
        chair = organiser(s, "chair")
        net = chair.get("/n/iedereen-telt").text
        check("Zqdag van de test" in net and f"/events/new?network=iedereen-telt&amp;day={did}"
              in net, "the network's core team is not invited to plan for the day")
        check("date to be confirmed" in net, "a day its organiser sets is not marked")
        other = emp.get("/n/iedereen-telt").text
        check("Zqdag van de test" in other and "day=" not in other,
              "an employee does not see the day, or is invited to plan")
        check("Zqdag van de test" in emp.get("/events").text, "the list of events lacks the day")
        # Confirm this year's date: a date in another year is refused.
        year = datetime.date.today().year
        dp = admin.get(f"/admin/awareness/{did}")
        require(dp.status == 200, f"GET the day's page: {dp.status}")
        admin.token = htmlcheck.csrf_token(dp.text)
        r = admin.post(f"/admin/awareness/{did}/date", {"year": str(year),
                                                        "date": f"{year + 1}-01-05"})
        check(r.status == 400 and "in the year you chose" in r.text, f"another year: {r.status}")
        r = admin.post(f"/admin/awareness/{did}/date", {"year": str(year - 1), "date": ""})
        check(r.status == 400, f"a year the form does not offer: {r.status}")
        check(not s.sql("SELECT * FROM awareness_date"), "a refused date was saved")
        r = admin.post(f"/admin/awareness/{did}/date", {"year": str(year),
                                                        "date": soon.isoformat()})
        check(r.status == 303, f"confirming the date: {r.status}")
        check("date to be confirmed" not in chair.get("/n/iedereen-telt").text.split(
            "Zqdag van de test")[1].split("</li>")[0], "a confirmed date is still to be confirmed")
        # Change it, keeping its rule.
        r = admin.post(f"/admin/awareness/{did}", _day_fields(name="Zqdag hernoemd", kind="keep",
                                                              days="2"))
        check(r.status == 303 and s.sql("SELECT name FROM awareness_day WHERE id = ?",
                                        (did,))[0][0] == "Zqdag hernoemd", f"changing: {r.status}")
        # Plan an activity for it: the form is filled in, the event is tied to the day.
        form = chair.get(f"/events/new?network=iedereen-telt&day={did}")
        check(form.status == 200 and 'value="Zqdag hernoemd"' in form.text and
              f'value="{soon.isoformat()}"' in form.text, "the form is not filled in for the day")
        for bad in ("x", "0", "99999"):
            check(chair.get(f"/events/new?network=iedereen-telt&day={bad}").status == 404,
                  f"?day={bad} is found")
        chair.token = htmlcheck.csrf_token(form.text)
        r = chair.post(f"/events/new?network=iedereen-telt&day={did}", event_fields(
            title="Zqactiviteit", start_date=soon.isoformat(), end_date=soon.isoformat(),
            deadline_date=soon.isoformat(), deadline_time="10:00", state="draft"))
        check(r.status == 303, f"planning for the day: {r.status}")
        tied = s.sql("SELECT awareness_day_id FROM event WHERE title = 'Zqactiviteit'")
        check(tied and tied[0][0] == did, f"the event is not tied to the day: {tied}")
        eid = s.sql("SELECT id FROM event WHERE title = 'Zqactiviteit'")[0][0]
        check("For the awareness day" in chair.get(f"/events/{eid}").text,
              "the event's page does not say which day it is for")
        # Remove in two steps; the event stays.
        r = admin.post(f"/admin/awareness/{did}/delete")
        check(r.status == 200 and "Step 2 of 2" in r.text, f"the first step: {r.status}")
        check(s.sql("SELECT id FROM awareness_day WHERE id = ?", (did,)), "removed in one step")
        r = admin.post(f"/admin/awareness/{did}/delete", {"confirm": "1"})
        check(r.status == 303 and not s.sql("SELECT id FROM awareness_day WHERE id = ?", (did,)),
              f"removing the day: {r.status}")
        check(s.sql("SELECT awareness_day_id FROM event WHERE title = 'Zqactiviteit'") == [(None,)],
              "the event went with the day, or still points to it")
        check(admin.get(f"/admin/awareness/{did}").status == 404, "a removed day is found")
