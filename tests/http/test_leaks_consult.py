# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_leaks_consult.py: who booked a consultation-hour talk, and their note, reach nobody but
the booker and the host of the slot: not another employee, not another member of the same core
team, not the contact point, the ambassador or the administrator; not the database in the
clear; not the e-mails, which hold the neutral title and the time only."""

import htmlcheck
from harness import (Client, audit_list, Server, check, db_sql, require, run_cli, sign_in_full, test,
                     user_add)
from test_consult import EN, NET, book, day, outbox, person, publish, talks_on, team

NAME = "ZqLeakbooker Boeker"
NOTE = "Zqleaknoot over mijn diagnose"


@test
def consult_leaks_who_booked_for_every_role():
    with Server() as s:
        sec = team(s)
        publish(sec, date=day(110))
        tid = talks_on(s.db, day(110))[0]
        email, me = person(s, "leakbooker")
        before = audit_list(s.db).count("\n")
        book(me, tid, note=NOTE)
        check(audit_list(s.db).count("\n") == before, "booking wrote to the audit log")
        # Another member of Neurokring's core team.
        user_add(s.db, "zqkern2@rijnstad.example", "Zqkern Twee")
        p = run_cli(["user", "role", "zqkern2@rijnstad.example", "core", "--network",
                     "neurokring", "--db", s.db] + (["--key", s.key] if s.key else []))
        require(p.returncode == 0, f"user role: {p.stderr[:300]}")
        core2 = Client(s, lang=EN)
        sign_in_full(core2, "zqkern2@rijnstad.example")
        _, other = person(s, "leakander")
        viewers = {"other employee": other, "other core-team member": core2}
        for role in ("contact", "ambassador", "admin", "chair"):
            viewers[role] = team(s, role)
        for role, c in viewers.items():
            for path in (NET + "/consult", "/consult", f"/consult/talks/{tid}",
                         f"/consult/talks/{tid}/ics", NET + "/consult/figures", "/me/data"):
                r = c.get(path)
                for secret in (NAME, email, "Zqleaknoot"):
                    check(secret not in r.text, f"{role} sees {secret!r} on {path}")
            check(c.get(f"/consult/talks/{tid}").status == 404, f"{role} opens the host page")
            check(c.get(f"/consult/talks/{tid}/ics").status == 404, f"{role} opens the file")
        page = core2.get(NET + "/consult").text
        check("booked" in page, "the rest of the core team does not see booked/free")
        # The host sees both.
        host = sec.get(f"/consult/talks/{tid}").text
        check(NAME in host and "Zqleaknoot" in host, "the host does not see who booked")
        # The database holds neither the name, the account id nor the note in the clear.
        acc = db_sql(s.db, "SELECT id FROM account WHERE email = ?", (email,))[0][0]
        rows = db_sql(s.db, "SELECT * FROM consult_booking")
        blob = b"".join(v if isinstance(v, bytes) else str(v).encode() for r in rows for v in r)
        check(b"Zqleaknoot" not in blob and NAME.encode() not in blob, "the booking in clear")
        check(all(acc not in r[:1] for r in rows), "a booking row names the account")
        # E-mails: the host's names nobody; nobody's has the note or the network.
        for to, subj, body in outbox(s.db):
            text = subj + (body or "")
            check("Zqleaknoot" not in text and "Neurokring" not in text or
                  not subj.startswith(("Appointment", "Reminder")),
                  f"an e-mail to {to} leaks")
            if to != email and subj.startswith("Appointment"):
                check(NAME not in text, f"an e-mail to {to} names the booker")
        # The access log names no talk.
        check(f"/consult/talks/{tid}" not in s.stderr(), "the log names the talk's path")
