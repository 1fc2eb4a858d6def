# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_keyring.py: `kring key rotate` and the bond between a database and its key file."""

import os
import shutil
import tempfile

from harness import DEMO_EMPLOYEE, Client, Server, check, fresh_db, key_file, require, run_cli, test


def _key(db):
    return key_file(db)


def _demo_db(d):
    """A demo database of this test's own, which outlives the servers that use it."""
    db = fresh_db(d)
    for args in (["init", "--db", db], ["demo", "--db", db]):
        p = run_cli(args)
        require(p.returncode == 0, f"kring {args[0]}: exit {p.returncode}: {p.stderr.strip()!r}")
    return db


@test
def key_rotate_keeps_memberships_and_ends_sessions():
    with tempfile.TemporaryDirectory() as d:
        db = _demo_db(d)
        with Server(db=db) as s:
            c = Client(s)
            c.sign_in(DEMO_EMPLOYEE)
            r = c.post("/n/neurokring/join", {"appearance": "pseudonym", "pseudonym": "Roerdomp"})
            require(r.status == 303, f"join: {r.status}")
            p = run_cli(["key", "rotate", "--db", db])
            check(p.returncode == 1 and "stop it" in p.stderr,
                  f"rotating beside a running server: exit {p.returncode}, {p.stderr.strip()!r}")
            session = c.cookies.get("session")
        old = open(_key(db), "rb").read()
        p = run_cli(["key", "rotate", "--db", db])
        check(p.returncode == 0, f"`kring key rotate` exited {p.returncode}: {p.stderr.strip()!r}")
        check(open(_key(db), "rb").read() != old, "the key file did not change")
        check(oct(os.stat(_key(db)).st_mode & 0o777) == "0o600", "the new key file is not 0600")
        with Server(db=db) as s:
            c = Client(s)
            c.cookies["session"] = session
            r = c.get("/networks")
            check(r.status == 303, f"an old session still works after the rotation: {r.status}")
            c2 = Client(s)
            c2.sign_in(DEMO_EMPLOYEE)
            r = c2.get("/n/neurokring/members")
            check(r.status == 200 and "Roerdomp" in r.text,
                  "the membership is unreadable after the rotation")


@test
def a_key_file_from_elsewhere_is_refused():
    d = tempfile.mkdtemp()
    db = _demo_db(d)
    other = os.path.join(d, "other")
    os.makedirs(other)
    p = run_cli(["init", "--db", os.path.join(other, "x.db")])
    require(p.returncode == 0, f"kring init: {p.returncode}")
    shutil.copy(os.path.join(other, "x.key"), _key(db))
    os.chmod(_key(db), 0o600)
    s2 = Server(db=db)
    try:
        s2.start(wait=False)
        s2.proc.wait(timeout=10)
        check(s2.proc.returncode == 1, f"serve with a foreign key file exited {s2.proc.returncode}")
        check("does not belong" in s2.stderr(), f"no clear message: {s2.stderr()[-300:]!r}")
    finally:
        s2.stop()
        shutil.rmtree(d, ignore_errors=True)
