# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_cli.py: the command line: init, demo, serve's start-up and shutdown, backup, version,
help, the access log."""

import hashlib
import os
import re
import signal
import sqlite3
import stat
import tempfile
import time

from htmlcheck import visible_text
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, db_sql, db_tables,
                     directory, file_digest, free_port, fresh_db, healthy, lines,
                     parse_response, port_is_closed, raw_connect, pg_database, pg_query,
                     raw_read, request_bytes, require, run_cli, sign_in_full, sqlite_only,
                     test)


def _tmpdir():
    return tempfile.TemporaryDirectory(prefix="kring-http-cli-")


def _snapshot(*paths):
    out = {}
    for p in paths:
        st = os.stat(p)
        out[p] = (file_digest(p), st.st_mtime_ns, stat.S_IMODE(st.st_mode))
    return out


def _check_init(d, how, env=None, args=()):
    db, key = os.path.join(d, "kring.db"), os.path.join(d, "kring.key")
    p = run_cli(["init"] + list(args), env=env)
    if not check(p.returncode == 0, f"{how}: exit {p.returncode}, stderr {p.stderr.strip()!r}"):
        return
    check(os.path.isfile(db), f"{how}: {db} not created")
    require(os.path.isfile(key), f"{how}: key file {key} not created")
    mode = stat.S_IMODE(os.stat(key).st_mode)
    check(mode == 0o600, f"{how}: key file mode {mode:04o}, expected 0600")
    if os.path.isfile(db):
        with open(db, "rb") as f:
            check(f.read(16) == b"SQLite format 3\x00", f"{how}: {db} is not an SQLite database")
    before = _snapshot(db, key)
    time.sleep(0.02)  # so that a rewrite would show in the modification time
    p = run_cli(["init"] + list(args), env=env)
    check(p.returncode != 0, f"{how} a second time: exit 0, expected a refusal")
    check(len(lines(p.stderr)) == 1,
          f"{how} a second time: {len(lines(p.stderr))} lines on stderr, expected 1: "
          f"{p.stderr.strip()!r}")
    check(_snapshot(db, key) == before, f"{how} a second time changed the database or key file")


@test
@sqlite_only("about the SQLite file that `kring init` creates (postgresql_commands: on PostgreSQL)")
def cli_init_creates_database_and_key_0600_and_refuses_twice():
    with _tmpdir() as d:
        _check_init(d, "kring init --db", args=["--db", os.path.join(d, "kring.db")])


@test
@sqlite_only("about the SQLite file that `kring init` creates")
def cli_init_with_KRING_DB():
    with _tmpdir() as d:
        _check_init(d, "KRING_DB=... kring init", env={"KRING_DB": os.path.join(d, "kring.db")})


def _demo_names(db):
    """The organisation's name and the networks' names, read from the database."""
    tables = db_tables(db)
    require("organisation" in tables, f"no table organisation in {sorted(tables)}")
    org = [r[0] for r in db_sql(db, "SELECT name FROM organisation")]
    net_tables = [t for t in tables if t in ("network", "networks")]
    require(net_tables, f"no table network(s) in {sorted(tables)}")
    nets = [r[0] for r in db_sql(db, f"SELECT name FROM {net_tables[0]}")]
    return org, nets


@test
def cli_demo_fills_organisation_and_networks_on_home_page():
    with _tmpdir() as d:
        db = fresh_db(d)
        p = run_cli(["init", "--db", db])
        require(p.returncode == 0, f"kring init: exit {p.returncode}: {p.stderr.strip()!r}")
        with Server(db=db) as s:
            before = Client(s).get("/").text
        p = run_cli(["demo", "--db", db])
        require(p.returncode == 0, f"kring demo: exit {p.returncode}: {p.stderr.strip()!r}")
        org, nets = _demo_names(db)
        require(len(org) == 1 and org[0], f"organisation table holds {org!r}, expected one name")
        check(len(nets) >= 2, f"demo made {len(nets)} networks, expected several")
        with Server(db=db) as s:
            signed_out = Client(s).get("/")
            c = Client(s)
            c.sign_in(DEMO_EMPLOYEE)
            page = c.get("/")
        require(page.status == 200, f"GET / after demo answered {page.status}")
        for n in nets:
            check(" ".join(n.split()) not in visible_text(signed_out.text),
                  f"network {n!r} is listed on the home page before signing in")
        text = visible_text(page.text)
        check(" ".join(org[0].split()) in text,
              f"the organisation's name {org[0]!r} is not on the home page")
        check(" ".join(org[0].split()) not in visible_text(before),
              "the demo organisation's name was on the home page before `kring demo`")
        for n in nets:
            check(" ".join(n.split()) in text, f"network {n!r} is not listed on the home page")


@test
@sqlite_only("cli_demo_large_on_postgresql is the same test on PostgreSQL")
def cli_demo_large_builds_an_organisation_of_72000_with_its_members():
    with _tmpdir() as d:
        db = os.path.join(d, "kring.db")
        require(run_cli(["init", "--db", db]).returncode == 0, "kring init")

        def query(sql):
            con = sqlite3.connect(db)
            try:
                return con.execute(sql).fetchone()[0]
            finally:
                con.close()
        _check_large_demo(["--db", db], {"db": db}, query)


@test
def cli_demo_large_on_postgresql():
    """The same organisation of 72,000 made on PostgreSQL (in a single transaction per part,
    as on SQLite)."""
    with _tmpdir() as d:
        url, key = pg_database(), os.path.join(d, "kring.key")
        require(run_cli(["init", "--db", url, "--key", key]).returncode == 0, "kring init")
        _check_large_demo(["--db", url, "--key", key], {"db": url, "key": key},
                          lambda sql: int(pg_query(url, sql)[0][0]))


def _check_large_demo(db_args, server_args, query):
    p = run_cli(["demo", "--scale", "large"] + db_args, timeout=400)
    require(p.returncode == 0, f"kring demo --scale large: exit {p.returncode}: "
            f"{p.stderr.strip()[-300:]!r}")
    check("72000 employee accounts on 25 sites, 6 networks" in p.stdout,
          f"summary: {p.stdout.strip()[:300]!r}")
    check("3000 network members" in p.stdout and "40 subgroups with" in p.stdout,
          f"no members or subgroups in the summary: {p.stdout.strip()[:400]!r}")
    check(re.search(r"Took [\d.]+ s", p.stdout), "it does not say how long it took")
    check("members" in p.stderr and "100%" in p.stderr, "no progress shown for members")
    accounts = query("SELECT count(*) FROM account")
    members = query("SELECT count(*) FROM membership")
    subs = query("SELECT count(*) FROM subgroup")
    largest = query("SELECT max(n) FROM (SELECT count(*) AS n FROM membership WHERE "
                    "subgroup_id IS NULL GROUP BY network_id) AS counts")
    check(accounts == 72000, f"{accounts} accounts, expected 72,000")
    check(members >= 4000 and subs == 40, f"{members} memberships and {subs} subgroups")
    check(largest == 633, f"the largest network has {largest} members, expected 633")
    # The knowledge base: the small demo's 5 pages and 100 more, in every network.
    kpages = query("SELECT count(*) FROM knowledge_page")
    knets = query("SELECT count(DISTINCT network_id) FROM knowledge_page")
    check(kpages == 105 and knets == 6, f"{kpages} knowledge pages in {knets} networks")
    check("knowledge pages" in p.stderr, "no progress shown for the knowledge pages")
    # Comments: three under every story of the large demo, one of them anonymous.
    comments = query("SELECT count(*) FROM story_comment")
    anonymous = query("SELECT count(*) FROM story_comment WHERE shown = 'anonymous'"
                      " AND author_id IS NULL AND owner_tag IS NOT NULL")
    check(comments >= 6000 and anonymous >= 2000,
          f"{comments} story comments ({anonymous} anonymous), expected 6,000 and more")
    # The memberships are real: the chair of Iedereen Telt (core team) sees visible members
    # by name and others by pseudonym, about seven in ten of 633.
    with Server(**server_args) as s:
        c = Client(s, lang="en")
        sign_in_full(c, DEMO["chair"])
        r = c.get("/n/iedereen-telt/members")
        check(r.status == 200, f"the members list answered {r.status}")
        names = [n for n, _ in directory(r)]
        check(380 <= len(names) <= 500, f"{len(names)} members listed, expected ~443")
        check(any(" " in n and n[0].isupper() for n in names), "no names in the list")
        check(r.text.count(">Pseudonym<") > 100, "hardly any pseudonyms in the list")
        r = c.get("/n/iedereen-telt/knowledge")
        check(r.status == 200 and r.text.count('href="/n/iedereen-telt/knowledge/') > 10,
              "the knowledge base of Iedereen Telt lists hardly any pages")


@test
@sqlite_only("a missing SQLite file (postgresql_restart_answers_503_then_recovers: a database "
             "that is gone on PostgreSQL)")
def cli_serve_with_missing_database_fails_clearly():
    with _tmpdir() as d:
        db = os.path.join(d, "missing.db")
        port = free_port()
        s = Server(db=db)
        s.start(args=[], wait=False, port=port)
        code = s.wait(10)
        require(code is not None, "serve with a missing database is still running after 10s")
        check(code != 0, "serve with a missing database exited 0")
        err = lines(s.stderr())
        check(len(err) == 1, f"{len(err)} lines on stderr, expected 1: {err!r}")
        check(any(db in line for line in err), f"stderr does not name {db}: {err!r}")
        check(port_is_closed(port), f"something listens on {port}")
        check(not os.path.exists(db), f"serve created {db}")
        s.stop()


@test
def cli_serve_bad_flag_exits_2():
    p = run_cli(["serve", "--bogus"])
    check(p.returncode == 2, f"`kring serve --bogus` exited {p.returncode}, expected 2")
    check(len(lines(p.stderr)) == 1,
          f"`kring serve --bogus`: {len(lines(p.stderr))} lines on stderr, expected 1: "
          f"{p.stderr.strip()!r}")


@test
def cli_version():
    p = run_cli(["version"])
    check(p.returncode == 0, f"`kring version` exited {p.returncode}")
    out = lines(p.stdout)
    check(len(out) == 1, f"`kring version` printed {len(out)} lines on stdout, expected 1: "
          f"{p.stdout!r}")


@test
def cli_help_lists_commands():
    p = run_cli(["help"])
    check(p.returncode == 0, f"`kring help` exited {p.returncode}")
    text = p.stdout + p.stderr
    for cmd in ("serve", "init", "demo", "backup", "version", "help"):
        check(cmd in text, f"`kring help` does not mention {cmd}")


@test
def cli_help_serve_describes_options():
    p = run_cli(["help", "serve"])
    check(p.returncode == 0, f"`kring help serve` exited {p.returncode}")
    text = p.stdout + p.stderr
    for opt in ("--db", "--listen", "--threads", "--header-timeout", "--idle-timeout",
                "--max-connections", "--max-per-ip"):
        check(opt in text, f"`kring help serve` does not describe {opt}")


@test
def cli_unknown_command():
    p = run_cli(["nosuchcommand"])
    check(p.returncode != 0, "`kring nosuchcommand` exited 0")
    n = len(lines(p.stdout)) + len(lines(p.stderr))
    check(n == 1, f"`kring nosuchcommand` printed {n} lines, expected 1: "
          f"{(p.stdout + p.stderr).strip()!r}")


@test
def cli_serve_with_KRING_DB_and_KRING_LISTEN():
    with Server(via_env=True) as s:
        healthy(s, "starting with KRING_DB and KRING_LISTEN")


@test
def cli_serve_accepts_all_options():
    args = ["--threads", "3", "--header-timeout", "5", "--idle-timeout", "5",
            "--max-connections", "64", "--max-per-ip", "16"]
    with Server(args) as s:
        healthy(s, "starting with " + " ".join(args))
        r = Client(s).get("/")
        check(r.status == 200, f"GET / with all serve options answered {r.status}")


@test
@sqlite_only("`kring backup` copies the SQLite file; on PostgreSQL it points to pg_dump "
             "(postgresql_commands)")
def cli_backup_while_serving():
    with Server() as s, _tmpdir() as d:
        c = Client(s)
        c.get("/")
        out = os.path.join(d, "backup.db")
        p = run_cli(["backup", out, "--db", s.db])
        if not check(p.returncode == 0, f"`kring backup OUT.db --db PATH` exited "
                     f"{p.returncode}: {p.stderr.strip()!r}"):
            # go on with the options first, to tell whether the backup itself works
            p = run_cli(["backup", "--db", s.db, out])
            require(p.returncode == 0, f"`kring backup --db PATH OUT.db` exited "
                    f"{p.returncode} as well: {p.stderr.strip()!r}")
        require(os.path.isfile(out), "kring backup exited 0 but wrote no file")
        con = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            check(ok == "ok", f"backup integrity_check: {ok!r}")
            t = con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                            "AND name='organisation'").fetchall()
            check(t, "backup has no table organisation")
            if t:
                n = con.execute("SELECT count(*) FROM organisation").fetchone()[0]
                check(n >= 1, "backup's organisation table is empty")
        finally:
            con.close()
        healthy(s, "a backup")


@test
def sigterm_exits_0_and_stops_listening():
    with Server() as s:
        c = Client(s)
        check(c.get("/").status == 200, "GET / before SIGTERM failed")
        started = time.monotonic()
        s.signal(signal.SIGTERM)
        code = s.wait(5)
        check(code is not None, "still running 5 s after SIGTERM")
        check(code == 0, f"exit status {code} after SIGTERM, expected 0")
        if code is not None:
            check(port_is_closed(s.port), "a connection is still accepted after SIGTERM")
            check(time.monotonic() - started < 5, "shutdown took 5 s or more")


@test
def sigterm_lets_request_in_flight_complete():
    # A complete request whose response has begun to arrive when SIGTERM is sent: the server
    # has accepted it, so it must finish the response before it exits.
    with Server() as s:
        with raw_connect(s) as sock:
            sock.sendall(request_bytes(s, "GET", "/accessibility", close=False))
            first = sock.recv(1)
            s.signal(signal.SIGTERM)
            rest = raw_read(sock, timeout=5)
            status, _, _, complete = parse_response(first + rest.raw)
            check(status == 200 and complete,
                  f"response in flight at SIGTERM: status {status}, complete={complete}")
        code = s.wait(5)
        check(code == 0, f"exit status {code} after SIGTERM with a request in flight")


def _log_lines(err, method, path, status):
    rx_path = re.compile(r"(?<![\w/.-])" + re.escape(path) + r"(?![\w/.-])")
    rx_method = re.compile(r"\b" + method + r"\b")
    rx_status = re.compile(r"(?<!\d)" + str(status) + r"(?!\d)")
    return [line for line in err.splitlines()
            if rx_method.search(line) and rx_path.search(line) and rx_status.search(line)]


@test
def access_log_one_line_per_request():
    with Server() as s:
        c = Client(s)
        reqs = [("GET", "/accessibility", 200), ("GET", "/nope-a1b2", 404),
                ("HEAD", "/nope-c3d4", 404), ("DELETE", "/accessibility", 405)]
        for method, path, status in reqs:
            r = c.request(method, path)
            check(r.status == status, f"{method} {path}: {r.status}, expected {status}")
        time.sleep(0.2)
        s.stop()
        err = s.stderr()
        for method, path, status in reqs:
            if status == 404:
                # An unknown path may hold anything a person typed (an e-mail address, a
                # name): it is logged as "(unknown path)", never as sent.
                check(path not in err, f"the unknown path {path} appears in the log")
                n = len(_log_lines(err, method, "(unknown path)", status))
                check(n >= 1, f"no access log line with {method}, (unknown path) and {status}")
                continue
            n = len(_log_lines(err, method, path, status))
            check(n == 1, f"{n} access log lines with {method}, {path} and {status}, expected 1")


def _write_calls(pid):
    """How many write() calls the process made so far (/proc/PID/io): the log's, as the
    responses go out with send()."""
    with open(f"/proc/{pid}/io") as f:
        for line in f:
            if line.startswith("syscw:"):
                return int(line.split()[1])
    return None


@test
def access_log_is_buffered_and_loses_nothing():
    """The access log is buffered per thread: 300 requests take far fewer than 300 write()
    calls; yet a line is out within about a second while the server runs, and every line of
    the requests just before a SIGTERM is there after it; never a query string."""
    with Server() as s:
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
        c = Client(s)
        try:
            c.get("/healthz", conn=conn)
            time.sleep(1.5)
            before = _write_calls(s.proc.pid)
            for _ in range(300):
                c.get("/healthz", conn=conn)
            after = _write_calls(s.proc.pid)
        finally:
            conn.close()
        if check(before is not None and after is not None, "no syscw in /proc/PID/io"):
            check(after - before < 60, f"300 requests took {after - before} write() calls, "
                  "expected a few buffers' worth")
        # Out within a second (plus the flusher's 200 ms step), without any further request.
        deadline = time.monotonic() + 1.6
        n = 0
        while time.monotonic() < deadline:
            n = len(_log_lines(s.stderr(), "GET", "/healthz", 200))
            if n >= 301:
                break
            time.sleep(0.05)
        check(n == 301, f"{n} access log lines for GET /healthz 1.6 s after the requests, "
              "expected 301")
        # Requests right before SIGTERM, on several threads: all their lines are there after.
        for i in range(40):
            Client(s).get(f"/nope-sigterm-{i}?secret=s1gterm")
            Client(s).get("/accessibility?secret=s1gterm")
        code = s.stop()
        err = s.stderr()
        check(code == 0, f"kring serve exited {code} at SIGTERM")
        n = len(_log_lines(err, "GET", "/accessibility", 400))
        check(n == 40, f"{n} access log lines for GET /accessibility after SIGTERM, expected 40")
        n = len(_log_lines(err, "GET", "(unknown path)", 404))
        check(n == 40, f"{n} access log lines for unknown paths after SIGTERM, expected 40")
        check("s1gterm" not in err and "secret" not in err,
              "a query string appears in the log")
        lines_after = err.splitlines()
        check(all(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (info|warn|error|debug) ", line)
                  for line in lines_after), "a log line is cut or mixed with another")


@test
def access_log_never_shows_query_values():
    with Server() as s:
        c = Client(s)
        for path in ("/?secret=abc123", "/healthz?secret=abc123", "/nope-e5f6?secret=abc123",
                     "/preferences?secret=abc123&saved=1"):
            c.get(path)
        time.sleep(0.2)
        s.stop()
        err = s.stderr()
        check("abc123" not in err, "the query value abc123 appears on stderr")
        check(any("GET" in line and "/preferences" in line for line in err.splitlines()),
              "no access log line for GET /preferences?secret=... (so the test proves nothing)")


def _audit(args, db):
    return run_cli(["audit"] + list(args) + ["--db", db])


def _audit_head(db):
    p = _audit(["head"], db)
    require(p.returncode == 0, f"`kring audit head` exited {p.returncode}: {p.stderr.strip()!r}")
    head = p.stdout.strip()
    require(re.fullmatch(r"[0-9a-f]{64}", head), f"`kring audit head` printed {p.stdout!r}")
    return head


@test
def cli_audit_head_shown_on_the_audit_page_and_verify_since_finds_a_cut_back_log():
    with Server() as s:
        c = Client(s)
        sign_in_full(c, DEMO["admin"])
        head = _audit_head(s.db)
        r = c.get("/admin/audit")
        require(r.status == 200, f"/admin/audit: {r.status}")
        m = re.search(r'<code class="secret" lang="zxx" id="audit-head-code">([0-9a-f ]+)</code>',
                      r.text)
        if check(m, "the audit page shows no check code (the head of the chain)"):
            check(m.group(1).replace(" ", "") == head,
                  f"the audit page shows {m.group(1)!r}, `kring audit head` {head!r}")
        text = visible_text(r.text)
        check("Write this code down" in text or "Schrijf deze code" in text,
              "the audit page does not say why to write the code down")
        p = _audit(["verify", "--since", head], s.db)
        check(p.returncode == 0 and "chain intact" in p.stdout,
              f"verify --since the head: exit {p.returncode}, {p.stdout.strip()!r}")
        # Entries after the head keep it verifiable.
        Client(s).sign_in(DEMO_EMPLOYEE)
        check(_audit_head(s.db) != head, "signing in wrote no audit entry after the head")
        p = _audit(["verify", "--since", head], s.db)
        check(p.returncode == 0, f"verify --since an older head: exit {p.returncode}, "
              f"{p.stdout.strip()!r}")
        # Cut back: the newest entries, the written-down head among them, removed in SQL.
        hid = s.sql_one("SELECT id FROM audit_log WHERE hash = ?", (bytes.fromhex(head),))
        s.sql_exec("DROP TRIGGER audit_log_no_update ON audit_log" if s.on_pg
                   else "DROP TRIGGER audit_log_no_delete")
        s.sql_exec("DELETE FROM audit_log WHERE id >= ?", (hid,))
        p = _audit(["verify"], s.db)
        check(p.returncode == 0, f"a plain verify of the cut-back log: exit {p.returncode} "
              f"(it cannot tell; --since can)")
        p = _audit(["verify", "--since", head], s.db)
        check(p.returncode == 1 and "gone" in p.stdout,
              f"verify --since a removed head: exit {p.returncode}, {p.stdout.strip()!r}")
        p = _audit(["verify", "--since", "not-a-hash"], s.db)
        check(p.returncode == 2, f"verify --since not-a-hash: exit {p.returncode}, expected 2")


@test
def cli_audit_chain_edited_without_the_key_is_found_and_rotation_keeps_the_head():
    with _tmpdir() as d:
        db = fresh_db(d)
        for args in (["init", "--db", db], ["demo", "--db", db],
                     ["user", "add", "an@rijnstad.example", "An", "--db", db]):
            p = run_cli(args)
            require(p.returncode == 0, f"kring {args[0]}: exit {p.returncode}: "
                    f"{p.stderr.strip()!r}")
        head = _audit_head(db)
        p = run_cli(["key", "rotate", "--db", db])
        require(p.returncode == 0, f"`kring key rotate` exited {p.returncode}: "
                f"{p.stderr.strip()!r}")
        p = _audit(["verify", "--since", head], db)
        check(p.returncode == 0 and "chain intact" in p.stdout,
              f"verify --since a head from before the rotation: exit {p.returncode}, "
              f"{p.stdout.strip()!r}")
        check(_audit_head(db) != head, "the rotation wrote no audit entry")
        # The newest entry edited, and its hash made again by the documented recipe without
        # the key file (the key epoch as stored): not accepted.
        row = db_sql(db, "SELECT id, at, actor_id, subject_id, event, detail, key_epoch,"
                     " prev_hash FROM audit_log ORDER BY id DESC LIMIT 1")[0]
        fields = [b"kring audit v2", row[0].to_bytes(8, "big", signed=True),
                  row[1].encode(),
                  b"" if row[2] is None else row[2].to_bytes(8, "big", signed=True),
                  b"" if row[3] is None else row[3].to_bytes(8, "big", signed=True),
                  row[4].encode(), b"edited", row[6].to_bytes(8, "big", signed=True),
                  bytes(row[7])]
        h = hashlib.blake2b(b"".join(len(f).to_bytes(8, "big") + f for f in fields),
                            digest_size=32).digest()
        db_sql(db, "DROP TRIGGER audit_log_no_update"
               + (" ON audit_log" if db.startswith("postgresql://") else ""))
        db_sql(db, "UPDATE audit_log SET detail = 'edited', hash = ? WHERE id = ?",
               (h, row[0]))
        p = _audit(["verify"], db)
        check(p.returncode == 1 and f"broken at entry {row[0]}" in p.stdout,
              f"verify after an edit without the key: exit {p.returncode}, {p.stdout.strip()!r}")
