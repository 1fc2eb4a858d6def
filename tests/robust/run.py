#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""run.py: Kring's robustness tests: crashes in the middle of writes, slow clients, malformed
requests, and (in the long run only) a full disk. Each test starts the real `kring serve` on
127.0.0.1 through tests/http/harness.py.

    python3 tests/robust/run.py build/release/kring [-v] [NAME...]

The quick defaults fit in `make test` (well under 90 s); `scripts/test-robust` runs the long
versions by setting these variables (every loop is bounded by them):

    ROBUST_CRASH_ROUNDS   kill -9 rounds (5)             ROBUST_SEED      random seed (5)
    ROBUST_SLOW_CLIENTS   trickling connections (100)    ROBUST_DISK_FULL 1: run the disk-full
    ROBUST_STRICT         1: also fail on the known limits of libmicrohttpd 0.9.75 (see below)

Prints one line per failing test and ends with `robust: N passed, N failed`.
"""

import http.client
import os
import random
import select
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree

import harness  # noqa: E402
from harness import (DEMO, HOST, Client, Server, check, healthy, note, raw_request,  # noqa
                     request_bytes, require, sign_in_full)


def env_int(name, default):
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


CRASH_ROUNDS = env_int("ROBUST_CRASH_ROUNDS", 5)
SLOW_CLIENTS = env_int("ROBUST_SLOW_CLIENTS", 100)
SEED = env_int("ROBUST_SEED", 5)
STRICT = os.environ.get("ROBUST_STRICT") == "1"
DISK_FULL = os.environ.get("ROBUST_DISK_FULL") == "1"

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


# ---------------------------------------------------------------------------------------------
# A signed-in administrator that survives restarts: the session lives in the database, so a
# copy of the database made after signing in once carries it (no new TOTP code per round).


class AdminSnapshot:
    """A directory with the demo database and key file in which the demo administrator has
    signed in with two-step sign-in; cookies and token to reuse with any copy of it."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="kring-robust-snap-")
        src = harness._template_dir()
        for name in os.listdir(src):
            shutil.copy2(os.path.join(src, name), os.path.join(self.dir, name))
        s = Server(db=os.path.join(self.dir, "kring.db"))
        s.start()
        c = Client(s)
        sign_in_full(c, DEMO["admin"])
        r = c.get("/admin/sites")
        require(r.status == 200, f"GET /admin/sites as the administrator: {r.status}")
        self.cookies = dict(c.cookies)
        self.token = c.token
        require(s.stop() == 0, "the server did not stop cleanly after signing in")

    def copy_to(self, d):
        for name in os.listdir(self.dir):
            shutil.copy2(os.path.join(self.dir, name), os.path.join(d, name))
        return os.path.join(d, "kring.db")

    def client(self, server):
        c = Client(server)
        c.cookies = dict(self.cookies)
        c.token = self.token
        return c

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def db_sites(db):
    """(names of the sites, integrity_check result) read with sqlite3 while no server runs."""
    con = sqlite3.connect(db, timeout=10)
    try:
        names = {row[0] for row in con.execute("SELECT name FROM site")}
        integrity = con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()
    return names, "; ".join(str(r[0]) for r in integrity)


def writers(server, snap, prefix, nthreads, stop, results, deadline):
    """Starts nthreads threads that add sites named prefix-T-I until stop is set or deadline
    passes; results gets (name, status or None) for every request sent."""

    def work(t):
        c = snap.client(server)
        i = 0
        while not stop.is_set() and time.monotonic() < deadline:
            name = f"{prefix}-{t}-{i}"
            i += 1
            try:
                r = c.post("/admin/sites", {"name": name, "town": "Rijnstad",
                                            "headcount": "12"}, timeout=5)
                status = r.status
            except (OSError, http.client.HTTPException):  # the server died under it
                status = None
            results.append((name, status))
            if status is None:
                time.sleep(0.01)

    threads = [threading.Thread(target=work, args=(t,), daemon=True) for t in range(nthreads)]
    for t in threads:
        t.start()
    return threads


@test
def crash_rounds_lose_no_saved_write():
    """kill -9 during concurrent writes: every write answered 303 is there after a restart and
    the database passes integrity_check."""
    rng = random.Random(SEED)
    snap = AdminSnapshot()
    work = tempfile.mkdtemp(prefix="kring-robust-crash-")
    total_saved = 0
    started = time.monotonic()
    try:
        for rnd in range(CRASH_ROUNDS):
            d = os.path.join(work, str(rnd))
            os.mkdir(d)
            db = snap.copy_to(d)
            s = Server(db=db)
            s.start()
            stop = threading.Event()
            results = []
            threads = writers(s, snap, f"r{rnd}", 4, stop, results, time.monotonic() + 10)
            time.sleep(rng.uniform(0.2, 1.5))
            s.proc.send_signal(signal.SIGKILL)
            s.proc.wait(timeout=5)
            stop.set()
            for t in threads:
                t.join(10)
            s.stop()
            saved = {n for n, st in results if st == 303}
            other = {st for n, st in results if st not in (303, None)}
            check(not other, f"round {rnd}: writes answered {sorted(other)}, expected 303")
            if not check(saved, f"round {rnd}: no write was answered 303 before the kill"):
                continue
            total_saved += len(saved)
            # The restart recovers the WAL; the administrator's session is still valid.
            s2 = Server(db=db)
            s2.start()
            r = snap.client(s2).get("/admin/sites")
            check(r.status == 200, f"round {rnd}: GET /admin/sites after the restart: {r.status}")
            missing_page = [n for n in saved if n not in r.text]
            check(not missing_page, f"round {rnd}: {len(missing_page)} saved sites not on "
                  f"/admin/sites after the restart, e.g. {sorted(missing_page)[:3]}")
            require(s2.stop() == 0, f"round {rnd}: the restarted server did not stop cleanly")
            names, integrity = db_sites(db)
            missing = saved - names
            check(not missing, f"round {rnd}: {len(missing)} of {len(saved)} writes answered "
                  f"303 are not in the database, e.g. {sorted(missing)[:3]}")
            check(integrity == "ok", f"round {rnd}: integrity_check says {integrity[:200]}")
            shutil.rmtree(d, ignore_errors=True)
        if harness.VERBOSE:
            note(f"{CRASH_ROUNDS} rounds, {total_saved} saved writes checked, "
                 f"{time.monotonic() - started:.1f}s")
    finally:
        snap.remove()
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Slow clients


@test
def slow_clients_do_not_block_and_are_cut_at_header_timeout():
    """SLOW_CLIENTS connections trickle their headers a byte at a time (spread over ten source
    addresses, under --max-per-ip); a normal client still gets / within 1 s, and every slow one
    is closed at the header timeout (3 s), not before."""
    timeout = 3
    n = SLOW_CLIENTS
    with Server(["--header-timeout", str(timeout), "--max-connections", str(n + 100)]) as s:
        socks = []
        opened_at = {}
        closed_at = {}
        try:
            for i in range(n):
                src = f"127.0.1.{1 + i % 10}"
                sk = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sk.bind((src, 0))
                sk.settimeout(5)
                sk.connect((HOST, s.port))
                sk.setblocking(False)
                opened_at[sk] = time.monotonic()
                socks.append(sk)
            head = f"GET / HTTP/1.1\r\nHost: {HOST}:{s.port}\r\nX-Slow: ".encode()
            pos = {sk: 0 for sk in socks}
            slow_done = threading.Event()

            def trickle():
                # Bounded: at most (timeout + 6) s; one byte per connection every 100 ms.
                end = time.monotonic() + timeout + 6
                while time.monotonic() < end and len(closed_at) < len(socks):
                    for sk in socks:
                        if sk in closed_at:
                            continue
                        p = pos[sk]
                        byte = head[p:p + 1] if p < len(head) else b"a"
                        try:
                            sk.send(byte)
                            pos[sk] = p + 1
                        except BlockingIOError:
                            pass
                        except OSError:
                            closed_at[sk] = time.monotonic()
                    live = [sk for sk in socks if sk not in closed_at]
                    if live:
                        ready, _, _ = select.select(live, [], [], 0.1)
                        for sk in ready:
                            try:
                                if not sk.recv(4096):
                                    closed_at[sk] = time.monotonic()
                            except BlockingIOError:
                                pass
                            except OSError:
                                closed_at[sk] = time.monotonic()
                slow_done.set()

            t = threading.Thread(target=trickle, daemon=True)
            t.start()
            time.sleep(0.5)
            worst = 0.0
            for _ in range(5):
                try:
                    r = Client(s).get("/", timeout=5)
                    ok = r.status == 200
                    worst = max(worst, r.elapsed)
                except OSError as e:
                    ok = False
                    check(False, f"GET / with {n} slow clients connected failed: {e}")
                check(ok, f"GET / with {n} slow clients connected: {r.status}")
                time.sleep(0.3)
            check(worst < 1.0, f"GET / with {n} slow clients connected took {worst:.2f}s, "
                  "expected under 1 s")
            slow_done.wait(timeout + 8)
            t.join(2)
            still = len(socks) - len(closed_at)
            check(still == 0, f"{still} of {n} slow clients still connected "
                  f"{timeout + 6} s after they began")
            took = [closed_at[sk] - opened_at[sk] for sk in closed_at]
            if took:
                early = [x for x in took if x < timeout - 0.5]
                check(not early, f"{len(early)} slow clients were closed before the header "
                      f"timeout ({min(took):.1f}s, timeout {timeout}s)")
                check(max(took) <= timeout + 3.5, f"a slow client was closed only after "
                      f"{max(took):.1f}s (timeout {timeout}s)")
            healthy(s, "the slow clients")
        finally:
            for sk in socks:
                sk.close()


# ---------------------------------------------------------------------------------------------
# Malformed requests


def _form_request(s, cookies, body, extra=(), content_length=True, path="/preferences"):
    h = [("Cookie", cookies), ("Content-Type", "application/x-www-form-urlencoded"),
         ("Origin", s.origin), ("Sec-Fetch-Site", "same-origin")] + list(extra)
    if content_length:
        h.append(("Content-Length", str(len(body))))
    return request_bytes(s, "POST", path, h, body)


def _chunk(body):
    return b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"


@test
def malformed_requests_get_the_right_status():
    """Each request gets the status it must get, and the server stays up after each."""
    with Server() as s:
        c = Client(s)
        tok = urllib.parse.quote(c.csrf())
        ck = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
        good = f"csrf={tok}&text=large".encode()

        def form(field_bytes, **kw):
            return _form_request(s, ck, f"csrf={tok}&".encode() + field_bytes, **kw)

        te = [("Transfer-Encoding", "chunked")]
        cases = [
            # (what, request bytes, accepted statuses)
            ("a good form (control)", _form_request(s, ck, good), {303}),
            ("a good chunked form (control)",
             _form_request(s, ck, _chunk(good), te, content_length=False), {303}),
            ("two different Content-Lengths",
             _form_request(s, ck, good, [("Content-Length", "3")]), {400}),
            # RFC 9110 8.6: identical repeated values may be taken as one.
            ("two equal Content-Lengths",
             _form_request(s, ck, good, [("Content-Length", str(len(good)))]), {303, 400}),
            ("a negative Content-Length",
             _form_request(s, ck, b"", [("Content-Length", "-1")], content_length=False), {400}),
            ("a Content-Length of 10^23",
             _form_request(s, ck, b"", [("Content-Length", "9" * 23)], content_length=False),
             {413}),
            ("a header of 9 KiB", request_bytes(s, "GET", "/", [("X-Big", "a" * 9216)]), {431}),
            ("300 headers", request_bytes(s, "GET", "/", [(f"X-H{i}", "a" * 40)
                                                          for i in range(300)]), {431}),
            ("a chunk size that is not hex",
             _form_request(s, ck, b"zz\r\nabc\r\n0\r\n\r\n", te, content_length=False), {400}),
            ("a chunk longer than its size",
             _form_request(s, ck, b"5\r\nabcdefghij\r\n0\r\n\r\n", te, content_length=False),
             {400}),
            ("a chunk size of 2^72",
             _form_request(s, ck, b"ffffffffffffffffff\r\nabc\r\n0\r\n\r\n", te,
                           content_length=False), {413}),
            ("percent-encoded invalid UTF-8 in a form", form(b"text=%FF%FE"), {400}),
            ("raw invalid UTF-8 in a form", form(b"text=\xff\xfe"), {400}),
            ("an overlong UTF-8 '/' in a form", form(b"text=%C0%AF"), {400}),
            ("an encoded surrogate in a form", form(b"text=%ED%A0%80"), {400}),
            ("%00 in a form value", form(b"text=a%00b"), {400}),
            ("a raw NUL in a form value", form(b"text=a\x00b"), {400}),
            ("%00 in a form field name", form(b"te%00xt=large"), {400}),
            ("a path of 10 KiB", request_bytes(s, "GET", "/" + "a" * 10240), {404, 414}),
            ("a path of 10 KiB under /n/", request_bytes(s, "GET", "/n/" + "a" * 10240),
             {404, 414}),
            ("%00 in the path", request_bytes(s, "GET", "/%00"), {404, 400}),
            ("%00 in a slug", request_bytes(s, "GET", "/n/%00"), {404, 400}),
            ("../ in the path", request_bytes(s, "GET", "/../../etc/passwd"), {404, 400}),
            ("../ under /static", request_bytes(s, "GET", "/static/../../../etc/passwd"),
             {404, 400}),
            ("encoded ../ under /static",
             request_bytes(s, "GET", "/static/x/%2e%2e%2f%2e%2e%2fetc%2fpasswd"), {404, 400}),
            ("raw UTF-8 in the path",
             request_bytes(s, "GET", "/n/ñetwerk€".encode().decode("latin-1")), {404, 400}),
            ("encoded UTF-8 in the path", request_bytes(s, "GET", "/n/%C3%B1%E2%82%AC"),
             {404, 400}),
            ("invalid UTF-8 in the query", request_bytes(s, "GET", "/?signed_out=%FF"), {400}),
            ("10,000 spaces after the request line",
             b"GET / HTTP/1.1" + b" " * 10000 + b"\r\nHost: x\r\nConnection: close\r\n\r\n",
             {400}),
            # RFC 9112 3: a server may split the request line on runs of whitespace; lenient
            # parsing (200) and refusal (400) are both right.
            ("10,000 spaces after the method",
             b"GET" + b" " * 10000 + b"/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
             {200, 400}),
            ("no Host in HTTP/1.1", b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", {400}),
            ("HTTP/9.9", b"GET / HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n", {505, 400}),
            # What libmicrohttpd 0.9.75 lets through and Kring refuses itself (src/http/server.c).
            ("a raw NUL in the path",
             b"GET /\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {400}),
            ("a raw NUL in the path, then more",
             b"GET /\x00x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {400}),
            ("a raw NUL in the query",
             b"GET /?a\x00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {400}),
            ("a space before a header's colon",
             b"GET / HTTP/1.1\r\nHost: x\r\nX-A : b\r\nConnection: close\r\n\r\n", {400}),
            ("a header name with '@'",
             b"GET / HTTP/1.1\r\nHost: x\r\nX@A: b\r\nConnection: close\r\n\r\n", {400}),
            ("two Hosts", b"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n",
             {400}),
            ("two equal Hosts",
             b"GET / HTTP/1.1\r\nHost: x\r\nHost: x\r\nConnection: close\r\n\r\n", {400}),
            ("Content-Length with Transfer-Encoding",
             _form_request(s, ck, _chunk(good), te), {400}),
            ("Transfer-Encoding: gzip, chunked",
             _form_request(s, ck, _chunk(good), [("Transfer-Encoding", "gzip, chunked")],
                           content_length=False), {501}),
            ("Transfer-Encoding: gzip",
             _form_request(s, ck, good, [("Transfer-Encoding", "gzip")], content_length=False),
             {501}),
            ("Transfer-Encoding: chunked, chunked",
             _form_request(s, ck, _chunk(_chunk(good)), [("Transfer-Encoding", "chunked, chunked")],
                           content_length=False), {400}),
            ("Transfer-Encoding: gzip on a GET",
             request_bytes(s, "GET", "/", [("Transfer-Encoding", "gzip")]), {501}),
        ]
        # libmicrohttpd 0.9.75 closes these without any answer (nothing reaches Kring): safe,
        # but not the right status. The quick
        # run accepts what they get today (and notes it), the long run (ROBUST_STRICT=1) not.
        known = [
            ("10,000 spaces between path and version",
             b"GET /" + b" " * 10000 + b"HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
             {400}, {None}),
            ("a request line of 10,000 spaces",
             b" " * 10000 + b"\r\nHost: x\r\nConnection: close\r\n\r\n", {400}, {None}),
            ("binary garbage", b"\x00\x01\x02\xff\r\n\r\n", {400}, {None}),
        ]
        for what, data, want in cases:
            r = raw_request(s, data, timeout=5)
            check(r.status in want, f"{what}: {r.status or 'no answer (closed)'}, expected "
                  f"{' or '.join(map(str, sorted(want)))}")
            require(healthy(s, what), f"the server is down after {what}")
        for what, data, want, today in known:
            r = raw_request(s, data, timeout=5)
            got = r.status or "no answer (closed)"
            expected = " or ".join(map(str, sorted(want)))
            if r.status not in want:
                if STRICT or r.status not in today:
                    check(False, f"{what}: {got}, expected {expected}")
                else:
                    note(f"known limit of libmicrohttpd 0.9.75: {what}: {got}, expected "
                         f"{expected}")
            require(healthy(s, what), f"the server is down after {what}")


# ---------------------------------------------------------------------------------------------
# Disk full (long run only: it mounts a 2 MiB tmpfs, which needs root)


def long_run_only(fn):
    """Marks a test that runs only when ROBUST_DISK_FULL=1 (scripts/test-robust)."""
    fn.long_run_only = True
    return fn


@test
@long_run_only
def disk_full_gives_an_error_page_and_recovers():
    """With the database on a full 2 MiB filesystem, a write gets a clear error page (500), the
    server stays up and keeps serving reads, nothing saved is lost or corrupt, and writes work
    again once there is space."""
    if os.geteuid() != 0:
        note("disk full: not root, cannot mount a small tmpfs; not checked")
        return
    snap = AdminSnapshot()
    mnt = tempfile.mkdtemp(prefix="kring-robust-disk-")
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt],
                       capture_output=True, text=True, timeout=10)
    if p.returncode != 0:
        snap.remove()
        os.rmdir(mnt)
        note(f"disk full: cannot mount a tmpfs ({p.stderr.strip()}); not checked")
        return
    filler = os.path.join(mnt, "filler")
    s = None
    try:
        db = snap.copy_to(mnt)
        s = Server(db=db)
        s.start()
        c = snap.client(s)
        saved = set()

        def add(name):
            r = c.post("/admin/sites", {"name": name, "town": "Rijnstad " + "x" * 150,
                                        "headcount": "7"}, timeout=10)
            if r.status == 303:
                saved.add(name)
            return r

        require(add("before-full").status == 303, "a write before the disk was full failed")
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:  # bounded by the 2 MiB of the filesystem
            while os.write(fd, b"\0" * 4096) > 0:
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        full = None
        for i in range(300):  # the WAL may still have room for a few pages
            r = add(f"full-{i}")
            if r.status != 303:
                full = r
                break
        require(full is not None, "300 writes on a full disk were all answered 303")
        check(full.status == 500, f"a write on a full disk: {full.status}, expected 500")
        check(full.is_html() and "<h1" in full.text,
              "the answer to a write on a full disk is not an HTML error page")
        healthy(s, "a write on a full disk")
        r = c.get("/admin/sites")
        check(r.status == 200, f"reading /admin/sites on a full disk: {r.status}")
        os.remove(filler)
        r = add("after-full")
        check(r.status == 303, f"a write after space returned: {r.status}, expected 303")
        require(s.stop() == 0, "the server did not stop cleanly after the disk was full")
        names, integrity = db_sites(db)
        check(integrity == "ok", f"integrity_check after a full disk: {integrity[:200]}")
        missing = saved - names
        check(not missing, f"{len(missing)} saved writes lost on a full disk: "
              f"{sorted(missing)[:3]}")
    finally:
        if s is not None:
            s.stop()
        snap.remove()
        subprocess.run(["umount", mnt], capture_output=True, timeout=30)
        os.rmdir(mnt)


# ---------------------------------------------------------------------------------------------
# Runner


def run_tests(patterns, verbose):
    passed = failed = 0
    try:
        for fn in TESTS:
            name = fn.__name__
            if patterns and not any(p in name for p in patterns):
                continue
            if getattr(fn, "long_run_only", False) and not DISK_FULL:
                continue
            with harness._problems_lock:
                harness._problems.clear()
            harness._started.clear()
            started = time.monotonic()
            try:
                fn()
            except harness.TestFailure as e:
                check(False, str(e))
            except AssertionError as e:
                check(False, f"assertion failed: {e}")
            except Exception as e:  # a bug in the test or an unexpected server answer
                check(False, f"{type(e).__name__}: {e}")
            finally:
                harness.stop_all_servers()
            with harness._problems_lock:
                problems = list(harness._problems)
            if problems:
                failed += 1
                print(harness._one_line(f"FAIL {name}: " + "; ".join(problems)), flush=True)
            else:
                passed += 1
                if verbose:
                    print(f"ok   {name} ({time.monotonic() - started:.1f}s)", flush=True)
    finally:
        harness.stop_all_servers()
        harness._cleanup_template()
    print(f"robust: {passed} passed, {failed} failed", flush=True)
    return failed


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("-")]
    verbose = "-v" in argv[1:] or "--verbose" in argv[1:]
    if not args or "-h" in argv[1:] or "--help" in argv[1:]:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    binary = os.path.abspath(args[0])
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"run.py: {args[0]}: not an executable file", file=sys.stderr)
        print("robust: 0 passed, 1 failed")
        return 1
    harness.KRING = binary
    harness.VERBOSE = verbose
    return 1 if run_tests(args[1:], verbose) else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except KeyboardInterrupt:
        harness.stop_all_servers()
        sys.exit(130)
