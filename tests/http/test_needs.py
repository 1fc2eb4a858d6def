# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_needs.py: access needs at registering for an event (issue 11), black box over HTTP:
ticking needs and writing one's own words at registering, keeping them as a profile that the
next registration offers ticked, changing them afterwards, the organisers' checklist without
names (the needs counted per place, what the room lacks, needs that pull against each other
with advice, the own words, marking arrangements done), who may open what, every bad value
refused with nothing changed, sealing at rest, "my data", deleting the profile and the
account, the administrator's setting of how long needs are kept, the retention job, and a key
rotation.

The secretary (Joost Visser) is Neurokring's core team. Room 1 is the demo's Zaal 4.12: step-free,
an accessible toilet and a hearing loop, but no quiet room."""

import json
import signal
import time

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, db_sql, error_summary,
                     require, run_cli, sign_in_full, test, user_add)

from test_events import employee, organiser, plan

EN = "en-GB,en;q=0.9"
WORDS_A = "Zqeigenwoorden graag een stoel met armleuning"
WORDS_B = "Zqtweedewoorden vegetarisch"


def register_with(c, eid, needs=(), other=None, keep=False, place="site", expect=303):
    """Registers in two steps with access needs; returns the POST's response."""
    r = c.get(f"/events/{eid}/register")
    require(r.status == 200, f"GET /events/{eid}/register: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    f = [("place", place)] + [(f"need_{n}", "1") for n in needs]
    if other is not None:
        f.append(("need_other", other))
    if keep:
        f.append(("keep_needs", "1"))
    r = c.post(f"/events/{eid}/register", f)
    require(r.status == expect, f"POST /events/{eid}/register {f}: {r.status}, expected {expect}")
    return r


def need_rows(db, eid=None):
    if eid is None:
        return db_sql(db, "SELECT count(*) FROM event_need")[0][0]
    return db_sql(db, "SELECT count(*) FROM event_need WHERE event_id = ?", (eid,))[0][0]


def profiles(db):
    return db_sql(db, "SELECT count(*) FROM access_profile")[0][0]


def registrations(db, eid):
    return db_sql(db, "SELECT count(*) FROM registration WHERE event_id = ?", (eid,))[0][0]


def checked(html, name):
    """Whether the checkbox of that name is ticked on the page."""
    for e in htmlcheck.elements(html):
        if e.tag == "input" and e.get("name") == name:
            return e.get("checked") is not None
    return None


def row_of(html, label):
    """The text of the checklist's table row whose heading is label."""
    i = html.find(f'<th scope="row">{label}</th>')
    return html[i:html.find("</tr>", i)] if i >= 0 else ""


@test
def needs_registering_the_checklist_and_every_refusal():
    with Server() as s:
        sec = organiser(s)
        eid = plan(sec, title="Zqbehoeften", capacity_site="10", online="1",
                   capacity_online="10", meeting_url="https://meet.example/zq")
        other = plan(sec, title="Zqvolgende")
        user_add(s.db, "zqanna@rijnstad.example", "Zqanna Achternaam")
        user_add(s.db, "zqbob@rijnstad.example", "Zqbob Achternaam")
        a = employee(s, "zqanna@rijnstad.example")
        b = employee(s, "zqbob@rijnstad.example")
        # The form says who sees what, and offers every need.
        r = a.get(f"/events/{eid}/register")
        check("never your name with it" in r.text and "In a small event" in r.text,
              "the registration form does not say who sees the needs")
        for n in ("captions", "ngt", "loop", "step_free", "toilet", "seat_exit", "seat_front",
                  "quiet", "breaks", "materials", "large_print", "digital", "dietary", "dog",
                  "companion"):
            check(checked(r.text, f"need_{n}") is False, f"the form lacks need_{n}")

        base = profiles(s.db)
        # Bad values: each refused with a clear message, nothing registered or kept.
        for fields, status, what in (
                ([("need_captions", "2")], 400, None),
                ([("need_nonsense", "1")], 400, None),
                ([("need_other", "x" * 301)], 400, "at most 300 characters"),
                ([("need_other", "regel\x01")], 400, "Nothing has been changed"),
                ([("keep_needs", "yes")], 400, None)):
            r = a.post(f"/events/{eid}/register", [("place", "site")] + fields)
            check(r.status == status, f"registering with {fields[0][0]}: {r.status}")
            if what:
                check(what in r.text and "changed" in r.text,
                      f"registering with {fields[0][0]}: no clear message")
        check(registrations(s.db, eid) == 0 and need_rows(s.db, eid) == 0 and
              profiles(s.db) == base,
              "a refused registration changed something")

        # Anna on site: captions, a quiet room and her own words, kept as her profile.
        register_with(a, eid, ["captions", "quiet", "step_free"], WORDS_A, keep=True)
        check(need_rows(s.db, eid) == 1 and profiles(s.db) == base + 1,
              "the needs or the profile were not saved")
        # Sealed at rest: the words are in no row in the clear.
        for (blob,) in db_sql(s.db, "SELECT sealed FROM event_need") + \
                db_sql(s.db, "SELECT sealed FROM access_profile"):
            check(b"Zqeigenwoorden" not in bytes(blob), "the own words are stored in the clear")
        r = a.get(f"/events/{eid}")
        check("Your access needs for this event:" in r.text and
              "Captions or live transcription" in r.text, "the event page does not show her needs")
        # The next registration offers them ticked.
        r = a.get(f"/events/{other}/register")
        check(checked(r.text, "need_captions") and checked(r.text, "need_quiet") and
              not checked(r.text, "need_ngt") and "Zqeigenwoorden" in r.text and
              checked(r.text, "keep_needs"), "the profile is not offered at the next registration")
        # Bob online: captions; and on site a quiet room from the waiting list's view later.
        register_with(b, eid, ["captions", "ngt"], WORDS_B, place="online")

        # The checklist: counts per place, no names.
        r = sec.get(f"/events/{eid}/arrangements")
        require(r.status == 200, f"GET arrangements: {r.status}")
        t = r.text
        check("Confirmed registrations that gave access needs: 2." in t, "the count of 2 is missing")
        cap = row_of(t, "Captions or live transcription")
        check("<td>1</td><td>1</td>" in cap, f"captions are not counted 1 on site, 1 online: {cap!r}")
        check("<td>1</td><td>0</td>" in row_of(t, "A quiet room or a low-stimulus setting"),
              "the quiet room is not counted")
        check(not row_of(t, "A hearing loop"), "a need nobody gave is listed")
        # What the room lacks: Zaal 4.12 has no quiet room, but a step-free route.
        check("Zaal 4.12</span> does not have it" in t and
              t.count("does not have it") == 1, "what the room lacks is wrong")
        # Conflicts: captions and quiet; NGT and quiet; step-free and quiet.
        for adv in ("Captions on a big screen", "An NGT interpreter stands",
                    "reachable without steps"):
            check(adv in t, f"the advice {adv!r} is missing")
        check("seats at the front by a side door" not in t, "advice for a conflict not at hand")
        check("Zqeigenwoorden" in t and "Zqtweedewoorden" in t, "the own words are missing")
        check("Zqanna" not in t and "Zqbob" not in t, "the checklist names a registrant")
        # The event page links the checklist for the organisers only.
        check(f"/events/{eid}/arrangements" in sec.get(f"/events/{eid}").text,
              "the organiser's event page does not link the checklist")
        check(f"/events/{eid}/arrangements" not in a.get(f"/events/{eid}").text,
              "an attendee's event page links the checklist")
        # Only the organisers.
        for c, who in ((a, "an attendee"), (employee(s), "an employee")):
            check(c.get(f"/events/{eid}/arrangements").status == 403,
                  f"{who} opened the checklist")
            check(c.post(f"/events/{eid}/arrangements",
                         {"need": "captions", "done": "1"}).status == 403,
                  f"{who} marked an arrangement")

        # Marking done, and bad marks.
        r = sec.post(f"/events/{eid}/arrangements", {"need": "captions", "done": "1"})
        check(r.status == 303, f"marking done: {r.status}")
        t = sec.get(f"/events/{eid}/arrangements?done=marked").text
        check("The arrangement is marked." in t and "<span>Done</span>" in row_of(
            t, "Captions or live transcription"), "the mark does not show")
        for fields in ({"need": "nonsense", "done": "1"}, {"need": "captions", "done": "2"},
                       {"need": "captions"}):
            check(sec.post(f"/events/{eid}/arrangements", fields).status == 400,
                  f"a bad mark {fields} was taken")
        check(db_sql(s.db, "SELECT need FROM event_arrangement WHERE event_id = ?",
                     (eid,)) == [("captions",)], "a bad mark changed the arrangements")
        sec.post(f"/events/{eid}/arrangements", {"need": "captions", "done": "0"})
        check(db_sql(s.db, "SELECT count(*) FROM event_arrangement")[0][0] == 0,
              "marking as to do again did not take")

        # Changing one's needs afterwards.
        r = a.get(f"/events/{eid}/needs")
        require(r.status == 200, f"GET needs: {r.status}")
        check(checked(r.text, "need_quiet"), "the change form does not show her needs")
        a.token = htmlcheck.csrf_token(r.text) or a.token
        r = a.post(f"/events/{eid}/needs", [("need_captions", "1"), ("need_other", "x" * 301)])
        check(r.status == 400 and "at most 300" in (error_summary(r) or ""),
              f"too long own words: {r.status} {error_summary(r)!r}")
        r = a.post(f"/events/{eid}/needs", [("need_captions", "1"), ("need_other", "")])
        check(r.status == 303 and r.header("Location") == f"/events/{eid}?done=needs",
              f"changing the needs: {r.status}")
        t = sec.get(f"/events/{eid}/arrangements").text
        check(not row_of(t, "A quiet room or a low-stimulus setting") and "Zqeigenwoorden" not in t,
              "the change did not reach the checklist")
        check(profiles(s.db) == base + 1, "changing without a tick touched the profile")
        # Someone without a registration has no needs to change.
        e = employee(s)
        r = e.get(f"/events/{eid}/needs")
        check(r.status == 409, "the change form without a registration")
        e.token = htmlcheck.csrf_token(r.text) or e.token
        check(e.post(f"/events/{eid}/needs", [("need_captions", "1")]).status == 409,
              "needs saved without a registration")
        # Cancelling erases the needs with the registration.
        r = b.get(f"/events/{eid}/cancel")
        b.token = htmlcheck.csrf_token(r.text) or b.token
        check(b.post(f"/events/{eid}/cancel", {}).status == 303, "cancelling")
        check(need_rows(s.db, eid) == 1, "the needs of a cancelled registration stayed")


@test
def needs_profile_my_data_keeping_retention_erasure_and_rotation():
    with Server() as s:
        sec = Client(s, lang=EN)
        tf = sign_in_full(sec, DEMO["secretary"])
        eid = plan(sec, title="Zqbewaren", capacity_site="10")
        user_add(s.db, "zqcor@rijnstad.example", "Zqcor Achternaam")
        c = employee(s, "zqcor@rijnstad.example")
        # The profile page: none yet; keep some; bad words refused.
        r = c.get("/events/needs")
        require(r.status == 200, f"GET /events/needs: {r.status}")
        check("You keep no access needs." in r.text, "a new person keeps needs")
        c.token = htmlcheck.csrf_token(r.text) or c.token
        r = c.post("/events/needs", [("need_other", "x" * 301)])
        check(r.status == 400 and "at most 300" in (error_summary(r) or ""),
              f"too long own words on the profile: {r.status}")
        check(c.post("/events/needs", [("need_dog", "yes")]).status == 400, "a bad tick was taken")
        check(c.post("/events/needs", [("delete", "2")]).status == 400, "a bad delete was taken")
        before = profiles(s.db)
        r = c.post("/events/needs", [("need_dog", "1"), ("need_other", "Zqprofielwoorden")])
        check(r.status == 303 and profiles(s.db) == before + 1, f"keeping a profile: {r.status}")
        r = c.get("/events/needs?done=saved")
        check(checked(r.text, "need_dog") and "Zqprofielwoorden" in r.text,
              "the profile page does not show what is kept")
        # "my data": the profile and the needs of a registration.
        register_with(c, eid, ["dog"], "Zqregwoorden")
        data = json.loads(c.get("/me/data.json").text)
        check(data.get("access_needs_profile") == {"needs": ["dog"],
                                                   "in_own_words": "Zqprofielwoorden"},
              f"my data's profile: {data.get('access_needs_profile')}")
        reg = [x for x in data["event_registrations"] if x["event"] == "Zqbewaren"]
        check(reg and reg[0].get("access_needs") == {"needs": ["dog"],
                                                     "in_own_words": "Zqregwoorden"},
              f"my data's registration: {reg}")
        t = c.get("/me/data").text
        check("Zqprofielwoorden" in t and "Zqregwoorden" in t, "/me/data lacks the needs")
        # Deleting the profile leaves the registration's needs.
        r = c.get("/events/needs")
        c.token = htmlcheck.csrf_token(r.text) or c.token
        r = c.post("/events/needs", [("delete", "1")])
        check(r.status == 303 and profiles(s.db) == before, "deleting the profile")
        check(need_rows(s.db, eid) == 1, "deleting the profile took the registration's needs")

        # The administrator's setting: bad values refused, 0 taken.
        adm = organiser(s, "admin")
        r = adm.get("/admin/rooms")
        check("Days after the event" in r.text, "the rooms page lacks the setting")
        adm.token = htmlcheck.csrf_token(r.text) or adm.token
        for v in ("31", "-1", "x", ""):
            r = adm.post("/admin/rooms/needs", {"needs_days": v})
            check(r.status == 400 and "from 0 to 30" in (error_summary(r) or ""),
                  f"keeping needs {v!r} days: {r.status} {error_summary(r)!r}")
        check(db_sql(s.db, "SELECT needs_keep_days FROM organisation")[0][0] == 30,
              "a bad setting changed it")
        check(employee(s).post("/admin/rooms/needs", {"needs_days": "1"}).status == 403,
              "an employee changed the setting")
        r = adm.post("/admin/rooms/needs", {"needs_days": "2"})
        check(r.status == 303, f"setting 2 days: {r.status}")
        check(db_sql(s.db, "SELECT needs_keep_days FROM organisation")[0][0] == 2,
              "the setting was not saved")
        old = plan(sec, title="Zqvoorbij", capacity_site="10")
        register_with(c, old, ["captions"])
        sec.post(f"/events/{old}/arrangements", {"need": "captions", "done": "1"})

        # A rotation of the keys keeps the needs readable.
        s.signal(signal.SIGTERM)
        require(s.wait(20) is not None, "the server did not stop")
        p = run_cli(["key", "rotate", "--db", s.db])
        require(p.returncode == 0, f"`kring key rotate`: {p.returncode} {p.stderr.strip()!r}")
        # Retention: the event 3 days over loses its needs (2 days), keeps its registrations
        # (30 days); the one to come keeps both.
        now = int(time.time())
        db_sql(s.db, "UPDATE event SET starts_at = ?, ends_at = ?, deadline = ? WHERE id = ?",
               (now - 3 * 86400 - 3600, now - 3 * 86400, now - 4 * 86400, old))
        db_sql(s.db, "DELETE FROM job_run WHERE job = 'retention'")
        s.start()
        for _ in range(50):
            if need_rows(s.db, old) == 0:
                break
            time.sleep(0.1)
        check(need_rows(s.db, old) == 0, "retention kept the needs of an event 3 days over")
        check(db_sql(s.db, "SELECT count(*) FROM event_arrangement WHERE event_id = ?",
                     (old,))[0][0] == 0, "retention kept the arrangements")
        check(registrations(s.db, old) == 1, "retention erased a registration before 30 days")
        check(need_rows(s.db, eid) == 1, "retention erased the needs of an event to come")
        sec = Client(s, lang=EN)
        sign_in_full(sec, DEMO["secretary"], two_factor=tf)
        t = sec.get(f"/events/{eid}/arrangements").text
        check("Zqregwoorden" in t, "after the rotation the needs do not open")
        # Deleting the account erases the profile and the needs.
        c = employee(s, "zqcor@rijnstad.example")
        r = c.get("/events/needs")
        c.token = htmlcheck.csrf_token(r.text) or c.token
        c.post("/events/needs", [("need_loop", "1")])
        check(profiles(s.db) == before + 1, "the profile before deleting the account")
        r = c.get("/me/delete")
        c.token = htmlcheck.csrf_token(r.text) or c.token
        require(c.post("/me/delete", {}).status == 303, "deleting the account")
        check(profiles(s.db) == before and need_rows(s.db, eid) == 0,
              "deleting the account left needs or the profile")
