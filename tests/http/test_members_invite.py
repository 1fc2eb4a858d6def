# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_members_invite.py: `kring members invite FILE.csv --network SLUG` invites a mailing
list: everyone gets an e-mail, nobody becomes a member without saying yes, duplicates are
skipped, bad lines are reported by number and the rest goes on."""

import os
import tempfile

import time

from harness import DEMO_EMPLOYEE, Client, check, run_cli, test
from test_email_links import _link, _messages_to, _serve, _set_password
from test_mail import Relay

CSV = """e-mail;naam
nieuw.lid@rijnstad.example;Noor Nieuw
{employee};Sam de Boer
nieuw.lid@rijnstad.example;Noor (dubbel)
geen-adres;Iemand
"kapot;Kees
"""


@test
def members_invite_from_a_mailing_list():
    with Relay().start() as relay:
        s = _serve(relay)
        try:
            with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
                f.write(CSV.format(employee=DEMO_EMPLOYEE))
                path = f.name
            p = run_cli(["members", "invite", path, "--network", "neurokring", "--db", s.db,
                         "--base-url", s.origin])
            os.unlink(path)
            check(p.returncode == 0, f"kring members invite exited {p.returncode}")
            check("1 invited to make an account" in p.stdout and
                  "1 with an account invited to join" in p.stdout and
                  "1 duplicates skipped" in p.stdout and "2 bad lines" in p.stdout,
                  f"unexpected summary: {p.stdout.strip()!r}")
            check("line 5:" in p.stderr and "line 6:" in p.stderr,
                  f"bad lines not reported by number: {p.stderr.strip()!r}")
            # The person without an account makes one, and lands on the join page: joining
            # is still their own choice.
            token = _link(s, relay, "nieuw.lid@rijnstad.example", "invite")
            r = _set_password(s, "/invite/" + token, "Nieuw in het netwerk 2026", name="Noor Nieuw")
            loc = r.header("Location") or ""
            check("next=/n/neurokring/join" in loc, f"after the invitation: {loc!r}")
            # The existing employee got the network's page, and is not a member.
            msgs = []
            for _ in range(100):
                msgs = _messages_to(relay, DEMO_EMPLOYEE)
                if msgs:
                    break
                time.sleep(0.1)
            check(msgs and f"{s.origin}/n/neurokring" in msgs[0],
                  "the existing employee got no e-mail with the network's page")
            c = Client(s)
            c.sign_in(DEMO_EMPLOYEE)
            r = c.get("/n/neurokring")
            check("/n/neurokring/join" in r.text and "/n/neurokring/leave" not in r.text,
                  "the invited employee became a member unasked")
        finally:
            s.stop()


@test
def subgroup_coordinators_are_appointed_by_its_organisers():
    from harness import DEMO, Server, sign_in_full
    with Server() as s:
        sec = Client(s)
        sign_in_full(sec, DEMO["secretary"])
        r = sec.post("/n/neurokring/groups", {"name": "Prikkelarm werken", "slug": "prikkels",
                                              "description": ""})
        check(r.status == 303, f"starting a subgroup: {r.status}")
        emp = Client(s)
        emp.sign_in(DEMO_EMPLOYEE)
        # Not an organiser: may not appoint.
        r = emp.post("/n/neurokring/g/prikkels/coordinators",
                     {"email": DEMO_EMPLOYEE, "action": "add"})
        check(r.status == 403, f"an employee appointed a coordinator: {r.status}")
        check(emp.get("/n/neurokring/g/prikkels/members").status == 403,
              "a non-member saw the subgroup's members")
        # The secretary (core team) appoints the employee; unknown addresses are refused.
        r = sec.post("/n/neurokring/g/prikkels/coordinators",
                     {"email": "nobody@rijnstad.example", "action": "add"})
        check(r.status == 400 and "error-summary" in r.text,
              f"an unknown address as coordinator: {r.status}")
        r = sec.post("/n/neurokring/g/prikkels/coordinators",
                     {"email": DEMO_EMPLOYEE, "action": "add"})
        check(r.status == 303, f"appointing a coordinator: {r.status}")
        # Named and with the list only after saying yes.
        check(emp.get("/n/neurokring/g/prikkels/members").status == 403,
              "the colleague asked opened the members list before saying yes")
        r = emp.post("/n/neurokring/g/prikkels/coordinators/accept", {})
        check(r.status == 303, f"accepting: {r.status}")
        page = emp.get("/n/neurokring/g/prikkels")
        check("Sam de Boer" in page.text, "the new coordinator is not named on the page")
        check(emp.get("/n/neurokring/g/prikkels/members").status == 200,
              "the coordinator cannot open the members list")
        r = sec.post("/n/neurokring/g/prikkels/coordinators",
                     {"email": DEMO_EMPLOYEE, "action": "remove"})
        check(r.status == 303, f"removing a coordinator: {r.status}")
        check(emp.get("/n/neurokring/g/prikkels/members").status == 403,
              "a former coordinator still sees the members list")
