# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_postgres.py: Kring on PostgreSQL (src/db/postgres.c), as an IT department runs it: two
`kring serve` on one database behave as one. A session made on one server holds on the other;
a join, a change and a leave on one server show at once in the members list that the other
keeps opened in its cache (the version numbers of migration 0012); the member counts of the
nightly snapshot are the same on both. The demo itself on PostgreSQL is in test_demo.py."""

import glob
import os
import re
import shutil
import subprocess
import tempfile
import time

from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, directory, join, leave,
                     pg_database, pg_demo, pg_query, require, run_cli, set_appearance,
                     sign_in_full, test)

EN = "en-GB,en;q=0.9"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
GROUP = "/n/iedereen-telt"  # the chair's network


def _listed(client, what):
    r = client.get(GROUP + "/members")
    require(r.status == 200, f"GET {GROUP}/members on {what}: {r.status}")
    return dict(directory(r))


@test
def postgresql_two_servers_are_one():
    keys = tempfile.mkdtemp(prefix="kring-http-pg-")
    try:
        url, key = pg_demo(keys)
        with Server(db=url, key=key) as a, Server(db=url, key=key) as b:
            # The chair signs in on a; the same session cookie holds on b.
            chair = Client(a, lang=EN)
            sign_in_full(chair, DEMO["chair"])
            before_a = _listed(chair, "server a")
            chair.server = b
            before_b = _listed(chair, "server b (the session made on a)")
            check(before_a == before_b, f"the two servers list {before_a} and {before_b}")
            # The employee joins on a, visibly: b's opened list shows her at once.
            emp = Client(a, lang=EN)
            emp.sign_in(DEMO_EMPLOYEE)
            join(emp, GROUP, "visible")
            now_b = _listed(chair, "server b after a join on a")
            names = [n for n in now_b if n not in before_b]
            require(names, f"b does not list the member who joined on a: {list(now_b)}")
            joined = names[0]
            # She changes to a pseudonym on b; a (which opened the list before) follows.
            emp.server = b
            set_appearance(emp, GROUP, "pseudonym", pseudonym="Regenboog")
            chair.server = a
            now_a = _listed(chair, "server a after a change on b")
            check("Regenboog" in now_a and joined not in now_a,
                  f"a still shows the old entry after a change on b: {list(now_a)}")
            # She leaves on a; b shows the list as it was.
            emp.server = a
            leave(emp, GROUP)
            chair.server = b
            after_b = _listed(chair, "server b after a leave on a")
            check(after_b == before_b, f"b lists {list(after_b)} after the leave, "
                  f"expected {list(before_b)}")
            # The shown counts come from one snapshot in the database: the same on both.
            counts = []
            for s in (a, b):
                chair.server = s
                r = chair.get(GROUP)
                m = re.search(r'class="member-count"[^>]*>([^<]*)<', r.text)
                counts.append(" ".join(m.group(1).split()) if m else None)
            check(counts[0] and counts[0] == counts[1], f"the count of {GROUP}: {counts}")
        for s in (a, b):
            check(s.returncode == 0, f"a server exited {s.returncode}: {s.stderr()[-500:]}")
        # What both servers wrote to the audit log is one intact chain.
        p = run_cli(["audit", "verify", "--db", url, "--key", key])
        check(p.returncode == 0 and "chain intact" in p.stdout,
              f"kring audit verify: {p.returncode} {p.stdout} {p.stderr[-300:]}")
    finally:
        shutil.rmtree(keys, ignore_errors=True)


@test
def postgresql_copy_from_sqlite():
    """`kring copy` moves the demo from its SQLite file to PostgreSQL: the same members list is
    served from there with the same key file; a second copy into the same database, and bad
    arguments, are refused."""
    d = tempfile.mkdtemp(prefix="kring-http-copy-")
    try:
        db = os.path.join(d, "kring.db")
        for args in (["init", "--db", db], ["demo", "--db", db]):
            p = run_cli(args)
            require(p.returncode == 0, f"`kring {args[0]}`: {p.stderr[-300:]}")
        with Server(db=db) as s:
            chair = Client(s, lang=EN)
            two_factor = sign_in_full(chair, DEMO["chair"])
            want = _listed(chair, "SQLite")
        url = pg_database()
        p = run_cli(["copy", "--from", "sqlite:" + db, "--to", url], timeout=120)
        require(p.returncode == 0, f"kring copy exited {p.returncode}: {p.stderr[-500:]}")
        check("audit chain" in p.stdout and "intact" in p.stdout, f"kring copy: {p.stdout}")
        check(re.search(r"membership\s+\d+ rows", p.stdout), f"no row counts: {p.stdout}")
        check("100%" in p.stderr, f"no progress shown: {p.stderr[-300:]}")
        with Server(db=url, key=os.path.join(d, "kring.key")) as s:
            chair = Client(s, lang=EN)
            # The same password and second factor (next_code() waits out a used step).
            sign_in_full(chair, DEMO["chair"], two_factor=two_factor)
            got = _listed(chair, "PostgreSQL after the copy")
            check(got == want, f"the copy lists {list(got)}, SQLite listed {list(want)}")
            # New rows get new ids after the copied ones.
            emp = Client(s, lang=EN)
            emp.sign_in(DEMO_EMPLOYEE)
            join(emp, GROUP, "visible")
            check(len(_listed(chair, "after a join")) == len(want) + 1, "the join did not show")
        p = run_cli(["copy", "--from", "sqlite:" + db, "--to", url])
        check(p.returncode == 1 and "not empty" in p.stderr,
              f"a copy into a used database: {p.returncode} {p.stderr[-300:]}")
        for bad in (["--from", db, "--to", url], ["--from", "sqlite:" + db],
                    ["--from", "sqlite:" + db, "--to", db]):
            p = run_cli(["copy"] + bad)
            check(p.returncode == 2, f"kring copy {bad}: exit {p.returncode}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


@test
def postgresql_commands():
    """The commands on a PostgreSQL database: init wants --key and refuses a used database;
    backup points to pg_dump; key rotate keeps the members list readable and the audit chain
    intact."""
    d = tempfile.mkdtemp(prefix="kring-http-pg-")
    try:
        url, key = pg_demo(d)
        p = run_cli(["init", "--db", pg_database()])
        check(p.returncode == 1 and "--key" in p.stderr, f"init without --key: {p.stderr}")
        p = run_cli(["init", "--db", url, "--key", os.path.join(d, "other.key")])
        check(p.returncode == 1 and "already" in p.stderr,
              f"init on a used database: {p.returncode} {p.stderr[-300:]}")
        check(not os.path.exists(os.path.join(d, "other.key")), "init made a key file anyway")
        p = run_cli(["backup", os.path.join(d, "copy.db"), "--db", url])
        check(p.returncode == 1 and "pg_dump" in p.stderr, f"backup: {p.stderr[-300:]}")
        check(not os.path.exists(os.path.join(d, "copy.db")), "backup wrote a file")
        with Server(db=url, key=key) as s:
            chair = Client(s, lang=EN)
            two_factor = sign_in_full(chair, DEMO["chair"])
            want = _listed(chair, "before the rotation")
        p = run_cli(["key", "rotate", "--db", url, "--key", key], timeout=60)
        require(p.returncode == 0, f"key rotate: {p.returncode} {p.stderr[-300:]}")
        with Server(db=url, key=key) as s:
            chair = Client(s, lang=EN)
            sign_in_full(chair, DEMO["chair"], two_factor=two_factor)
            check(_listed(chair, "after the rotation") == want, "the list changed")
        p = run_cli(["audit", "verify", "--db", url, "--key", key])
        check(p.returncode == 0 and "chain intact" in p.stdout, f"audit verify: {p.stdout}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def _pg_ctl(data_dir, action, mode="fast"):
    """pg_ctl on the test's own PostgreSQL (as scripts/pg-test runs it: as postgres when
    root)."""
    binary = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1]
    cmd = [binary, "-D", data_dir, "-l", os.path.join(data_dir, "..", "server.log"), "-w",
           "-t", "30", "-m", mode, action]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--"] + cmd
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    require(p.returncode == 0, f"pg_ctl {action}: {p.stderr[-300:]}")


class _OwnPostgreSQL:
    """A PostgreSQL server of the test's own (scripts/pg-test in a folder of its own in /tmp,
    which it hands to the postgres user when root), with a database `kring` made by
    `kring init` and `kring demo`: for the tests that stop and start it."""

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="kring-http-pgown-")
        self.pg_dir = tempfile.mkdtemp(prefix="kring-http-pg-server-")
        p = subprocess.run([os.path.join(ROOT, "scripts", "pg-test"), "start", self.pg_dir],
                           capture_output=True, text=True, timeout=120)
        require(p.returncode == 0, f"scripts/pg-test start: {p.stderr[-300:]}")
        server_url = p.stdout.strip()
        base, q, params = server_url.partition("?")
        self.url = base[:base.rindex("/") + 1] + "kring" + q + params
        p = subprocess.run(["psql", server_url, "-qXc", "CREATE DATABASE kring"],
                           capture_output=True, text=True, timeout=30)
        require(p.returncode == 0, f"CREATE DATABASE: {p.stderr[-300:]}")
        self.key = os.path.join(self.dir, "kring.key")
        for args in (["init"], ["demo"]):
            p = run_cli(args + ["--db", self.url, "--key", self.key], timeout=60)
            require(p.returncode == 0, f"kring {args[0]}: {p.stderr[-300:]}")
        return self

    def pg_ctl(self, action, mode="fast"):
        _pg_ctl(os.path.join(self.pg_dir, "data"), action, mode)

    def __exit__(self, *exc):
        subprocess.run([os.path.join(ROOT, "scripts", "pg-test"), "stop", self.pg_dir],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.dir, ignore_errors=True)
        return False


def _until_answering(client, path, what):
    """Waits (at most 20 s) until eight GETs in a row answer 200: every worker thread has its
    connection again."""
    deadline = time.monotonic() + 20
    ok = 0
    while time.monotonic() < deadline and ok < 8:
        r = client.get(path)
        ok = ok + 1 if r.status == 200 else 0
        time.sleep(0.2 if r.status != 200 else 0)
    check(ok >= 8, f"after PostgreSQL came back ({what}): {r.status}, expected 200 from every "
          "thread")


@test
def postgresql_restart_answers_503_then_recovers():
    """PostgreSQL restarts under a running server: while it is away pages answer 503 with the
    error page (and /healthz 503); once it is back the server answers normally without a
    restart of its own, and what it saved before is there."""
    with _OwnPostgreSQL() as pg, Server(db=pg.url, key=pg.key, args=["--threads", "4"]) as s:
        emp = Client(s, lang=EN)
        emp.sign_in(DEMO_EMPLOYEE)
        join(emp, GROUP, "visible")  # answered as saved before the restart
        check(emp.get("/healthz").status == 200, "/healthz before the restart")
        pg.pg_ctl("stop")
        statuses = set()
        for _ in range(8):
            r = emp.get(GROUP)
            statuses.add(r.status)
        check(statuses == {503}, f"pages while PostgreSQL is away: {statuses}")
        check("not available" in r.text and "<main" in r.text,
              f"the 503 is not the error page: {r.text[:300]!r}")
        check(r.header("Retry-After"), "no Retry-After with the 503")
        h = emp.get("/healthz")
        check(h.status == 503, f"/healthz while PostgreSQL is away: {h.status} {h.text[:80]!r}")
        pg.pg_ctl("start")
        _until_answering(emp, GROUP, "a fast restart")
        # A thread not used since the restart still holds its old connection and finds it
        # gone part-way through a page: that page is a 503 too, never one built without the
        # reads that failed (a member shown "Join": app_on_handled()).
        for i in range(24):
            r = emp.get(GROUP)
            check(r.status == 503 or f"{GROUP}/leave" in r.text,
                  f"GET {i} after the restart: {r.status} without the join from before it")
        check(emp.get("/healthz").status == 200, "/healthz after the restart")
        check(s.alive(), "the server exited")


@test
def postgresql_crash_during_writes_loses_no_saved_write():
    """PostgreSQL crashes (`pg_ctl stop -m immediate`: no shutdown checkpoint, recovery from
    the WAL at the next start) while the administrator adds sites one after another, and
    comes back a second later. Every write is answered as saved (303) or as not available
    (503), never with a 500 or a hang; every site answered as saved is in the database after
    the recovery; and the server goes on saving without a restart of its own (a write that
    meets a worker thread still waiting to connect again is sent again, as a person would)."""
    with _OwnPostgreSQL() as pg, Server(db=pg.url, key=pg.key, args=["--threads", "4"]) as s:
        admin = Client(s, lang=EN)
        sign_in_full(admin, DEMO["admin"])
        saved, answers = [], []

        def add(i):
            name = f"Locatie {i:03d}"
            r = admin.post("/admin/sites", {"name": name, "town": "Rijnstad",
                                             "headcount": str(10 + i)})
            answers.append(r.status)
            if r.status == 303 and r.header("Location") == "/admin/sites?done=added":
                saved.append(name)
                return True
            return False

        for i in range(15):
            add(i)
        crashed_at = time.monotonic()
        pg.pg_ctl("stop", mode="immediate")
        i = 15
        while time.monotonic() - crashed_at < 1.0:  # writes while it is away
            add(i)
            i += 1
        pg.pg_ctl("start")
        _until_answering(admin, "/admin/sites", "a crash")
        # Each worker thread tries again after its own back-off (at most 5 s): a write may
        # still meet a thread that waits, and is sent again as a person would.
        for j in range(i, i + 15):
            deadline = time.monotonic() + 10
            while not add(j) and time.monotonic() < deadline:
                time.sleep(0.2)
        rows = {r[0] for r in pg_query(pg.url,
                                       "SELECT name FROM site WHERE name LIKE 'Locatie %'")}
        odd = [i for i, a in enumerate(answers) if a not in (303, 503)]
        check(not odd, f"answers other than 303 and 503: {[answers[i] for i in odd]} (write "
              f"{odd[:3]} of {len(answers)}); the log: "
              f"{[x for x in s.stderr().splitlines() if 'error' in x or ' 500 ' in x][:8]}")
        check(503 in answers, "no write came while PostgreSQL was away (the test proves nothing)")
        check(len(saved) >= 30, f"only {len(saved)} writes answered as saved, of "
              f"{len(answers)}: the last answers {answers[-5:]}")
        check(set(saved) <= rows, f"answered as saved but lost in the crash: "
              f"{sorted(set(saved) - rows)}")
        check(s.alive(), "the server exited")
