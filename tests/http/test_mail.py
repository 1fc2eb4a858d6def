# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_mail.py: e-mail through a real SMTP server. An aiosmtpd relay runs in this process on
127.0.0.1; `kring serve --smtp smtp://127.0.0.1:PORT --mail-from kring@example.org` delivers
what `kring mail test` queues. Every message must arrive exactly once: at once when the relay
is up, after the back-off when it was down or answered 451, and after a restart when the server
stopped with mail still waiting. A message the relay refuses for good (550 to RCPT TO or to the
message) is undeliverable: never tried again, its address, subject and body erased, and counted
on the administrator's overview. KRING_MAIL_RETRY_BASE=1 makes the first retry wait 1 s instead of 30 s.

Needs Debian's python3-aiosmtpd (scripts/install-deps installs it)."""

import email
import email.policy
import os
import re
import shutil
import sys
import tempfile
import threading
import time

from harness import (DEMO, HOST, Client, Server, check, db_sql, free_port, fresh_db, lines,
                     pg_demo, require, run_cli, sign_in_full, test)

try:
    from aiosmtpd.controller import Controller
except ImportError:
    # Debian's package lives in the system's dist-packages, which a python3 from elsewhere
    # (pyenv, a venv) does not search. Appended last, so it shadows nothing.
    sys.path.append("/usr/lib/python3/dist-packages")
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        Controller = None

TO = "someone@example.org"
FROM = "kring@example.org"
SUBJECT = "Testbericht van Kring – test message from Kring"
FAST_RETRY = {"KRING_MAIL_RETRY_BASE": "1"}
MESSAGE_ID = re.compile(r"^<outbox-(\d+)\.[0-9a-f]{16,64}@kring>$")


class Relay:
    """An SMTP server on 127.0.0.1:port that keeps every message it accepts. With refuse=
    ("RCPT", "550 ...") or ("DATA", ...) it answers that reply instead, to RCPT TO or to the
    message, the first `times` times (None: always)."""

    def __init__(self, port=None, refuse=None, times=None):
        require(Controller is not None,
                "python3-aiosmtpd is not installed (scripts/install-deps installs it)")
        self.port = port or free_port()
        self.messages = []  # (envelope sender, [recipients], raw bytes)
        self.refused = 0  # replies answered with the refusal
        self._refuse = refuse
        self._times = times
        self._lock = threading.Lock()
        self._controller = None

    def _refusal(self, stage):
        """The reply to give at stage instead of accepting, or None."""
        if not self._refuse or self._refuse[0] != stage:
            return None
        with self._lock:
            if self._times is not None and self.refused >= self._times:
                return None
            self.refused += 1
        return self._refuse[1]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self._refusal("RCPT")
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        reply = self._refusal("DATA")
        if reply:
            return reply
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        with self._lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), raw))
        return "250 Message accepted for delivery"

    def start(self):
        self._controller = Controller(self, hostname=HOST, port=self.port, ready_timeout=5)
        self._controller.start()
        return self

    def stop(self):
        if self._controller is not None:
            try:
                self._controller.stop()
            except Exception:  # already stopped, or never quite started
                pass
            self._controller = None

    def received(self):
        with self._lock:
            return list(self.messages)

    def wait(self, count, timeout):
        """Waits at most timeout seconds for count messages; returns what arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.received()) < count:
            time.sleep(0.05)
        return self.received()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False


def _serve_args(port):
    return ["--smtp", f"smtp://{HOST}:{port}", "--mail-from", FROM]


def _queue_test_mail(db, to=TO):
    p = run_cli(["mail", "test", to, "--db", db])
    require(p.returncode == 0,
            f"`kring mail test` exited {p.returncode}: {p.stderr.strip()[:300]!r}")


def _status(db):
    """{'waiting': n, 'failing': n, 'sent': n} from `kring mail status`."""
    p = run_cli(["mail", "status", "--db", db])
    require(p.returncode == 0,
            f"`kring mail status` exited {p.returncode}: {p.stderr.strip()[:300]!r}")
    out = {}
    for line in lines(p.stdout):
        key, _, value = line.partition(":")
        m = re.match(r"\s*(\d+)", value)
        if m:
            out[key.strip()] = int(m.group(1))
    for key in ("waiting", "failing", "sent", "undeliverable"):
        require(key in out, f"`kring mail status` has no '{key}:' line: {p.stdout!r}")
    return out


def _wait_status(db, cond, timeout, what):
    deadline = time.monotonic() + timeout
    st = _status(db)
    while not cond(st) and time.monotonic() < deadline:
        time.sleep(0.2)
        st = _status(db)
    require(cond(st), f"after {timeout}s the outbox still does not show {what}: {st}")
    return st


def _exactly_one(relay, timeout, what):
    """Waits for the first message, then a few polls more to see that no second comes."""
    msgs = relay.wait(1, timeout)
    require(msgs, f"{what}: no message arrived within {timeout}s")
    time.sleep(2.5)  # the worker polls every second: a second copy would show by now
    msgs = relay.received()
    check(len(msgs) == 1, f"{what}: {len(msgs)} messages arrived, expected exactly one")
    return msgs[0]


def _check_test_message(msg, what):
    mail_from, rcpts, raw = msg
    check(mail_from == FROM, f"{what}: envelope sender {mail_from!r}, expected {FROM!r}")
    check(rcpts == [TO], f"{what}: envelope recipients {rcpts!r}, expected [{TO!r}]")
    check(all(b < 0x80 for b in raw), f"{what}: the message is not 7-bit clean")
    check(b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""),
          f"{what}: lines do not all end in CRLF")
    m = email.message_from_bytes(raw, policy=email.policy.default)
    sender = m["From"].addresses[0].addr_spec if m["From"] else None
    check(sender == FROM, f"{what}: From {m['From']!r}, expected {FROM}")
    to = m["To"].addresses[0].addr_spec if m["To"] else None
    check(to == TO, f"{what}: To {m['To']!r}, expected {TO}")
    check(str(m["Subject"]) == SUBJECT, f"{what}: Subject {str(m['Subject'])!r}")
    check(MESSAGE_ID.match(str(m["Message-ID"] or "")),
          f"{what}: Message-ID {m['Message-ID']!r}, expected <outbox-ID.HASH@kring>")
    check(m["Date"] is not None and m["Date"].datetime is not None,
          f"{what}: no valid Date header")
    check(m.get_content_type() == "text/plain" and m.get_content_charset() == "utf-8",
          f"{what}: Content-Type {m['Content-Type']!r}")
    body = m.get_content()
    for want in ("Dit is een testbericht van Kring.", "This is a test message from Kring.",
                 "— Kring"):
        check(want in body, f"{what}: the body does not contain {want!r}: {body[:300]!r}")
    return m


def _check_outbox_private(db, what):
    """Sent rows keep no body (it may hold a single-use link)."""
    rows = db_sql(db, "SELECT body FROM outbox WHERE sent_at IS NOT NULL")
    check(rows and all(r[0] == "" for r in rows), f"{what}: a sent row still has its body")


def _check_log_private(server, what):
    log = server.stderr()
    check(TO not in log and "someone" not in log,
          f"{what}: the server log names the recipient")
    check("testbericht" not in log.lower(), f"{what}: the server log quotes the message")


@test
def mail_test_message_arrives_once_with_headers_and_utf8_body():
    with Relay().start() as relay:
        with Server(_serve_args(relay.port), env=FAST_RETRY, db="init") as s:
            st = _status(s.db)
            check(st == {"waiting": 0, "failing": 0, "sent": 0, "undeliverable": 0},
                  f"a new outbox shows {st}")
            _queue_test_mail(s.db)
            msg = _exactly_one(relay, 15, "kring mail test")
            _check_test_message(msg, "kring mail test")
            st = _wait_status(s.db, lambda st: st["sent"] == 1, 5, "the message as sent")
            check(st["waiting"] == 0 and st["failing"] == 0, f"after sending: {st}")
            _check_outbox_private(s.db, "kring mail test")
            _check_log_private(s, "kring mail test")
            # A second test message is a new row: a new Message-ID, and it arrives too.
            _queue_test_mail(s.db)
            msgs = relay.wait(2, 15)
            require(len(msgs) == 2, f"the second test message did not arrive ({len(msgs)})")
            ids = [email.message_from_bytes(m[2], policy=email.policy.default)["Message-ID"]
                   for m in msgs]
            check(ids[0] != ids[1], f"two messages share the Message-ID {ids[0]}")


@test
def mail_waits_while_relay_is_down_then_arrives_once():
    port = free_port()  # nothing listens here yet
    with Server(_serve_args(port), env=FAST_RETRY, db="init") as s:
        _queue_test_mail(s.db)
        st = _wait_status(s.db, lambda st: st["failing"] >= 1, 15, "a failed attempt")
        check(st["waiting"] == 1 and st["sent"] == 0, f"with the relay down: {st}")
        p = run_cli(["mail", "status", "--db", s.db])
        check("attempt" in p.stdout and "connect" in p.stdout.lower(),
              f"`kring mail status` does not say why it fails: {p.stdout!r}")
        check(TO not in p.stdout, "`kring mail status` names the recipient")
        with Relay(port).start() as relay:
            msg = _exactly_one(relay, 20, "after the relay came up")
            _check_test_message(msg, "after the relay came up")
            st = _wait_status(s.db, lambda st: st["sent"] == 1, 5, "the message as sent")
            check(st["waiting"] == 0 and st["failing"] == 0, f"after sending: {st}")
        check(s.alive(), "the server died while the relay was down")
        _check_log_private(s, "relay down")


@test
def mail_unsent_at_shutdown_is_sent_once_after_restart():
    d = tempfile.mkdtemp(prefix="kring-http-mail-")
    try:
        db = fresh_db(d)
        p = run_cli(["init", "--db", db])
        require(p.returncode == 0, f"`kring init` exited {p.returncode}")
        port = free_port()
        first = Server(_serve_args(port), env=FAST_RETRY, db=db).start()
        _queue_test_mail(db)
        _wait_status(db, lambda st: st["failing"] >= 1, 15, "a failed attempt")
        started = time.monotonic()
        rc = first.stop(timeout=10)
        check(rc == 0, f"kring serve exited {rc} on SIGTERM with mail waiting")
        check(time.monotonic() - started < 8, "kring serve took too long to stop")
        st = _status(db)
        check(st["waiting"] == 1 and st["sent"] == 0, f"after the first server stopped: {st}")
        with Relay(port).start() as relay:
            time.sleep(1.5)  # nothing is sent while no server runs
            check(not relay.received(), "a message arrived with no server running")
            with Server(_serve_args(port), env=FAST_RETRY, db=db) as second:
                msg = _exactly_one(relay, 20, "after the restart")
                _check_test_message(msg, "after the restart")
                st = _wait_status(db, lambda st: st["sent"] == 1, 5, "the message as sent")
                check(st["waiting"] == 0, f"after the restart: {st}")
                _check_log_private(second, "restart")
    finally:
        shutil.rmtree(d, ignore_errors=True)


def _outbox_rows(db):
    return db_sql(db, "SELECT to_addr, subject, body, attempts, sent_at, undeliverable_at"
                  " FROM outbox ORDER BY id")


UNDELIVERABLE_EN = "E-mails that could not be delivered:"


def _admin(s):
    c = Client(s, lang="en-GB,en;q=0.9")
    sign_in_full(c, DEMO["admin"])
    return c


def _overview_undeliverable(c):
    """The administrator's overview (/admin, in English) through client c: the text after
    the undeliverable label or None when the page does not have it, and the page."""
    r = c.get("/admin")
    require(r.status == 200, f"/admin: {r.status}")
    text = r.text
    i = text.find(UNDELIVERABLE_EN)
    return (text[i + len(UNDELIVERABLE_EN):i + len(UNDELIVERABLE_EN) + 200], text) if i >= 0 \
        else (None, text)


def _check_refused_for_good(refuse, what):
    with Relay(refuse=refuse).start() as relay:
        with Server(_serve_args(relay.port), env=FAST_RETRY) as s:
            before = _status(s.db)
            admin = _admin(s)
            shown, page = _overview_undeliverable(admin)
            check(shown is None, f"{what}: /admin speaks of undeliverable mail before any")
            _queue_test_mail(s.db)
            st = _wait_status(s.db, lambda st: st["undeliverable"] == before["undeliverable"] + 1,
                              15, "the message as undeliverable")
            check(st["waiting"] == before["waiting"] and st["sent"] == before["sent"],
                  f"{what}: after the refusal: {st} (before: {before})")
            # With a first retry after 1 s, a retried message would be refused again by now.
            time.sleep(3.5)
            check(relay.refused == 1, f"{what}: the relay refused {relay.refused} times: a "
                  "message refused for good was tried again")
            check(not relay.received(), f"{what}: the relay kept a message it refused")
            st = _status(s.db)
            check(st["undeliverable"] == before["undeliverable"] + 1 and
                  st["waiting"] == before["waiting"], f"{what}: later: {st}")
            rows = [r for r in _outbox_rows(s.db) if r[5] is not None]
            check(len(rows) == 1, f"{what}: {len(rows)} undeliverable rows, expected 1")
            for to, subject, body, attempts, sent_at, _ in rows:
                check(to == "" and subject == "" and body == "",
                      f"{what}: the undeliverable row keeps {to!r}, {subject!r}, "
                      f"{body[:40]!r}: address, subject and body must be erased")
                check(sent_at is None, f"{what}: the undeliverable row counts as sent")
            p = run_cli(["mail", "status", "--db", s.db])
            check("refused for good" in p.stdout and TO not in p.stdout,
                  f"{what}: `kring mail status` says {p.stdout!r}")
            shown, page = _overview_undeliverable(admin)
            check(shown is not None, f"{what}: /admin does not count undeliverable mail")
            if shown is not None:
                m = re.match(r"\s*<strong>(\d+)</strong>", shown)
                check(m and int(m.group(1)) == st["undeliverable"],
                      f"{what}: /admin shows {shown[:60]!r}, expected {st['undeliverable']}")
                check(re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">', shown),
                      f"{what}: /admin does not say when: {shown[:160]!r}")
            check(TO not in page, f"{what}: /admin names the recipient")
            _check_log_private(s, what)
            check("undeliverable" in s.stderr(), f"{what}: the log does not say it gave up")


@test
def mail_refused_for_good_at_rcpt_is_undeliverable():
    _check_refused_for_good(("RCPT", "550 5.1.1 someone@example.org: no such user"),
                            "550 to RCPT TO")


@test
def mail_refused_for_good_after_data_is_undeliverable():
    _check_refused_for_good(("DATA", "550 5.7.1 message refused for someone@example.org"),
                            "550 to the message")


@test
def mail_refused_for_now_is_retried_then_arrives_once():
    with Relay(refuse=("RCPT", "451 4.3.0 try again later"), times=2).start() as relay:
        with Server(_serve_args(relay.port), env=FAST_RETRY, db="init") as s:
            _queue_test_mail(s.db)
            st = _wait_status(s.db, lambda st: st["failing"] >= 1, 15, "a failed attempt")
            check(st["waiting"] == 1 and st["undeliverable"] == 0,
                  f"after a 451: {st}, expected one waiting, none undeliverable")
            msg = _exactly_one(relay, 20, "after two 451 replies")
            _check_test_message(msg, "after two 451 replies")
            check(relay.refused == 2, f"the relay refused {relay.refused} times, expected 2")
            st = _wait_status(s.db, lambda st: st["sent"] == 1, 5, "the message as sent")
            check(st["waiting"] == 0 and st["undeliverable"] == 0, f"after sending: {st}")
            rows = _outbox_rows(s.db)
            check(len(rows) == 1 and rows[0][3] == 2,
                  f"the outbox rows {[(r[3], r[4]) for r in rows]}: expected 2 failed attempts")
            _check_log_private(s, "451")


@test
def mail_without_relay_stays_in_outbox():
    with Server([], db="init") as s:
        _queue_test_mail(s.db)
        time.sleep(2.5)  # several polls of a worker, had one been started
        st = _status(s.db)
        check(st == {"waiting": 1, "failing": 0, "sent": 0, "undeliverable": 0},
              f"without --smtp the outbox shows {st}, expected one waiting, untried")
        log = s.stderr()
        n = len(re.findall(r"no SMTP relay", log))
        check(n == 1, f"the server logged {n} times that no relay is configured, expected once")


@test
def mail_cli_refuses_bad_addresses_and_usage():
    with Server([], db="init") as s:
        for bad in ("someone@example.org\r\nBcc: x@example.org", "someone@example.org\n",
                    "Some One <someone@example.org>", "no-at-sign", "a@b@example.org",
                    "x" * 250 + "@example.org"):
            p = run_cli(["mail", "test", bad, "--db", s.db])
            check(p.returncode == 2, f"`kring mail test {bad[:40]!r}` exited {p.returncode}, "
                  "expected 2")
        for args in (["mail"], ["mail", "frobnicate"], ["mail", "test"],
                     ["mail", "test", TO, TO], ["mail", "status", "extra"],
                     ["mail", "status", "--bogus"]):
            p = run_cli(args + ["--db", s.db])
            check(p.returncode == 2, f"`kring {' '.join(args)}` exited {p.returncode}, "
                  "expected 2")
            check(len(lines(p.stderr)) == 1,
                  f"`kring {' '.join(args)}`: expected one line on stderr: {p.stderr!r}")
        st = _status(s.db)
        check(st["waiting"] == 0, f"refused commands queued mail: {st}")
        missing = os.path.join(s.dir, "missing.db")
        p = run_cli(["mail", "status", "--db", missing])
        check(p.returncode == 1, f"`kring mail status` on a missing database exited "
              f"{p.returncode}, expected 1")


@test
def mail_sent_once_by_three_servers_on_postgresql():
    """Three servers on one PostgreSQL database, each with its mail worker: every message is
    claimed by one of them (mail_store_claim) and arrives exactly once."""
    keys = tempfile.mkdtemp(prefix="kring-http-pg-")
    try:
        url, key = pg_demo(keys)
        before = _status(url)["waiting"]  # what the demo queued, if anything
        wanted = [f"collega{i}@example.org" for i in range(24)]
        for to in wanted:
            _queue_test_mail(url, to)
        with Relay().start() as relay:
            servers = [Server(_serve_args(relay.port), db=url, key=key) for _ in range(3)]
            try:
                for s in servers:
                    s.start()
                _wait_status(url, lambda st: st["waiting"] == 0, 60, "every message sent")
                time.sleep(2.5)  # a second copy, if any worker sent one, would show by now
                got = [r for _, rcpts, _ in relay.received() for r in rcpts]
            finally:
                for s in servers:
                    s.stop()
        mine = sorted(r for r in got if r in wanted)
        check(mine == sorted(wanted), f"{len(mine)} of our {len(wanted)} messages arrived, "
              f"duplicates: {sorted({r for r in mine if mine.count(r) > 1})}")
        check(len(got) == len(wanted) + before,
              f"{len(got)} messages arrived, expected {len(wanted) + before}")
        check(_status(url)["sent"] == len(wanted) + before, f"outbox: {_status(url)}")
    finally:
        shutil.rmtree(keys, ignore_errors=True)

