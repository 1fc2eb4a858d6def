# SPDX-License-Identifier: AGPL-3.0-or-later
"""harness.py: what every black-box HTTP test uses: the test registry and runner, a Server that
runs the real `kring serve` in a fresh temporary directory on 127.0.0.1, a Client that keeps
cookies and the CSRF token, raw-socket helpers for requests http.client will not send, and for
the signed-in pages: the demo accounts, two-step sign-in (RFC 6238 codes), the route table of
src/app/routes.c, and the lists `kring user list` and `kring audit list` print.

A test is a function decorated with @test. It fails when it raises (require(), fail(), an
assert, any exception) or when a check() did not hold; the runner then prints one line with
every reason. Servers a test starts are stopped when it ends, whatever happened. Every wait is
bounded: sockets have timeouts and loops have deadlines.
"""

import base64
import ctypes
import functools
import hashlib
import hmac
import http.client
import os
import re
import select
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import tempfile
import threading
import time
import traceback
import urllib.parse

import htmlcheck

KRING = None  # the binary under test, set by run.py
HOST = "127.0.0.1"
VERBOSE = False
KEEP = bool(os.environ.get("KRING_TEST_KEEP"))  # keep temporary directories for debugging
# A PostgreSQL server for the tests of that backend (scripts/pg-test start prints its URL;
# scripts/test-all sets it), or None: those tests then fail, saying so.
PG = os.environ.get("KRING_TEST_PG") or None
# The database every Server gets (KRING_TEST_HTTP_DB): "sqlite", a file in its temporary
# directory (the default), or "postgresql", a fresh database on the server at KRING_TEST_PG,
# dropped when the Server stops. The kring commands a test runs on srv.db get its key file.
DB_BACKEND = os.environ.get("KRING_TEST_HTTP_DB") or "sqlite"
ON_PG = DB_BACKEND == "postgresql"

socket.setdefaulttimeout(15)  # a last bound for any socket a test forgets to give a timeout

# ---------------------------------------------------------------------------------------------
# Registry, checks and runner


class TestFailure(Exception):
    """A failed requirement: the test stops here."""


class TestSkipped(Exception):
    """The test does not apply to this run's database backend (sqlite_only)."""


def sqlite_only(reason):
    """Decorator (under @test): the test is about SQLite itself (the file on disk, its pages,
    WAL, `kring backup` of the file); under KRING_TEST_HTTP_DB=postgresql it is skipped, with
    reason printed."""
    def wrap(fn):
        @functools.wraps(fn)
        def run():
            if ON_PG:
                raise TestSkipped(reason)
            return fn()
        return run
    return wrap


TESTS = []
_problems = []
_problems_lock = threading.Lock()


def test(fn):
    """Registers fn as a test, run in the order of registration (module order, then file)."""
    TESTS.append(fn)
    return fn


def check(cond, msg):
    """A soft assertion: records msg when cond is false, lets the test go on. Thread-safe."""
    if not cond:
        with _problems_lock:
            _problems.append(msg)
    return bool(cond)


def require(cond, msg):
    """A hard assertion: stops the test when cond is false."""
    if not cond:
        raise TestFailure(msg)


def fail(msg):
    raise TestFailure(msg)


def note(msg):
    """Prints a note (something a test could not check, and why) under the running test."""
    print(_one_line(f"note: {msg}"), flush=True)


def _where(exc):
    """file:line of the innermost frame of a test file, for unexpected exceptions."""
    here = os.path.dirname(os.path.abspath(__file__))
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(here)]
    if not frames:
        return ""
    f = frames[-1]
    return f" (at {os.path.basename(f.filename)}:{f.lineno})"


def _one_line(s, limit=1500):
    s = re.sub(r"\s*[\r\n]+\s*", " | ", s.strip())
    s = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "?", s)
    return s if len(s) <= limit else s[:limit] + "..."


def run_tests(patterns=(), verbose=False, suite="http"):
    """Runs the registered tests whose name contains one of patterns (all when empty); prints
    one line per failure and the tally ("SUITE: N passed, N failed"; on PostgreSQL with the
    skipped ones). Returns the number of failures."""
    passed = failed = skipped = 0
    try:
        for fn in TESTS:
            name = fn.__name__
            if patterns and not any(p in name for p in patterns):
                continue
            with _problems_lock:
                _problems.clear()
            _started.clear()
            started = time.monotonic()
            try:
                fn()
            except TestSkipped as e:
                skipped += 1
                print(_one_line(f"skip {name}: {e}"), flush=True)
                continue
            except TestFailure as e:
                check(False, str(e))
            except AssertionError as e:
                check(False, f"assertion failed: {e}{_where(e)}")
            except Exception as e:  # a bug in the test or an unexpected server answer
                check(False, f"{type(e).__name__}: {e}{_where(e)}")
            finally:
                stop_all_servers()
            with _problems_lock:
                problems = list(_problems)
            if problems:
                failed += 1
                print(_one_line(f"FAIL {name}: " + "; ".join(problems)), flush=True)
                if verbose:
                    for s in list(_started):
                        print(f"  server stderr of {name} (last 20 lines):")
                        for line in s.stderr().splitlines()[-20:]:
                            print("    " + line)
            else:
                passed += 1
                if verbose:
                    print(f"ok   {name} ({time.monotonic() - started:.1f}s)", flush=True)
    finally:
        stop_all_servers()
        _cleanup_template()
        _cleanup_pg()
    if ON_PG:
        print(f"{suite} on postgresql: {passed} passed, {failed} failed ({skipped} skipped: "
              "SQLite only)", flush=True)
    else:
        print(f"{suite}: {passed} passed, {failed} failed", flush=True)
    return failed


# ---------------------------------------------------------------------------------------------
# Processes


def clean_env(extra=None):
    """The environment for a kring process: ours without KRING_* (but KRING_LOCALEDIR, which
    only says where the translations are), plus extra."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("KRING_") or k == "KRING_LOCALEDIR"}
    env.update(extra or {})
    return env


_PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """preexec_fn: the child gets SIGKILL when this runner dies, so no server outlives it."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except Exception:
        pass


# The commands that open the database with its key file and so take --key (cli_parse's "k"
# in src/cli/); mail, figures and backup refuse it.
_KEYED_COMMANDS = {"init", "demo", "audit", "key", "user", "network", "members", "serve",
                   "copy"}


def run_cli(args, env=None, timeout=30, input=None):
    """Runs `kring args...` to completion, with input (text) on its standard input if given.
    Returns a CompletedProcess with text stdout/stderr."""
    stdin = {} if input is not None else {"stdin": subprocess.DEVNULL}
    args = list(args)
    if ("--key" not in args and "--db" in args and args.index("--db") + 1 < len(args)
            and args[0] in _KEYED_COMMANDS):
        key = _pg_keys.get(args[args.index("--db") + 1])
        if key:
            args += ["--key", key]
    if env and env.get("KRING_DB") in _pg_keys and "KRING_KEY" not in env:
        env = dict(env, KRING_KEY=_pg_keys[env["KRING_DB"]])
    try:
        return subprocess.run([KRING] + list(args), env=clean_env(env), capture_output=True,
                              text=True, errors="replace", timeout=timeout, input=input,
                              preexec_fn=_die_with_parent, **stdin)
    except subprocess.TimeoutExpired:
        fail(f"`kring {' '.join(args)}` did not finish within {timeout}s")


def lines(text):
    """The non-empty lines of text."""
    return [line for line in text.splitlines() if line.strip()]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_is_closed(port, timeout=1.0):
    """True when nothing accepts connections on 127.0.0.1:port."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return False
    except (ConnectionRefusedError, socket.timeout, OSError):
        return True


def file_digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# A database with the demo organisation, made once per run by `kring init` and `kring demo` and
# copied (with its key file) into each server's fresh directory.
_template = {"dir": None, "error": None}


def _template_dir():
    if _template["error"]:
        fail(_template["error"])
    if _template["dir"]:
        return _template["dir"]
    d = tempfile.mkdtemp(prefix="kring-http-template-")
    db = os.path.join(d, "kring.db")
    for args in (["init", "--db", db], ["demo", "--db", db]):
        p = run_cli(args)
        if p.returncode != 0:
            _template["error"] = (f"cannot prepare a database: `kring {' '.join(args[:1])}` "
                                  f"exited {p.returncode}: {_one_line(p.stderr, 300)}")
            shutil.rmtree(d, ignore_errors=True)
            fail(_template["error"])
    _template["dir"] = d
    return d


def _cleanup_template():
    if _template["dir"] and not KEEP:
        shutil.rmtree(_template["dir"], ignore_errors=True)
    _template["dir"] = None
    for t in _pg_templates.values():
        if t.get("dir") and not KEEP:
            shutil.rmtree(t["dir"], ignore_errors=True)
    _pg_templates.clear()


# Under ON_PG: a template database for each kind ("demo", "init"), made once per run by
# `kring init` (and `kring demo`), with its key file; each Server's database is a copy
# (CREATE DATABASE ... TEMPLATE), its key file copied into the Server's directory.
_pg_templates = {}
_pg_keys = {}  # URL of a database the harness made: its key file


def _pg_admin(sql):
    """Runs sql (CREATE/DROP DATABASE) on the tests' server's postgres database; stderr or ""."""
    p = subprocess.run(["psql", _pg_url("postgres"), "-qXc", sql],
                       capture_output=True, text=True, timeout=60)
    return "" if p.returncode == 0 else (p.stderr or f"psql exited {p.returncode}")


def _pg_template(kind):
    """The template database of kind: (name, key file)."""
    t = _pg_templates.setdefault(kind, {})
    if t.get("error"):
        fail(t["error"])
    if t.get("name"):
        return t["name"], t["key"]
    require(PG, "KRING_TEST_HTTP_DB=postgresql needs a PostgreSQL server: set KRING_TEST_PG "
            "to the URL that `scripts/pg-test start DIR` prints")
    name = f"kring_http_{os.getpid()}_{kind}"
    d = tempfile.mkdtemp(prefix=f"kring-http-pg-{kind}-")
    key = os.path.join(d, "kring.key")
    err = _pg_admin(f"CREATE DATABASE {name}")
    if not err:
        _pg_databases.append(name)
        for args in (["init"], ["demo"])[:2 if kind == "demo" else 1]:
            p = run_cli(args + ["--db", _pg_url(name), "--key", key], timeout=120)
            if p.returncode != 0:
                err = (f"`kring {args[0]}` on PostgreSQL exited {p.returncode}: "
                       f"{_one_line(p.stderr, 300)}")
                break
    if err:
        t["error"] = f"cannot prepare the {kind} template database: {_one_line(err, 300)}"
        shutil.rmtree(d, ignore_errors=True)
        fail(t["error"])
    t.update(name=name, key=key, dir=d)
    return name, key


_pg_serial = [0]


def _pg_server_database(kind, key_dir):
    """A new database for one Server: a copy of the template of kind ("demo", "init") or, for
    "none", an empty one. Returns (name, URL, key path in key_dir)."""
    _pg_serial[0] += 1
    name = f"kring_http_{os.getpid()}_s{_pg_serial[0]}"
    key = os.path.join(key_dir, "kring.key")
    if kind in ("demo", "init"):
        tmpl, tkey = _pg_template(kind)
        err = _pg_admin(f"CREATE DATABASE {name} TEMPLATE {tmpl}")
        shutil.copy2(tkey, key)
    else:
        err = _pg_admin(f"CREATE DATABASE {name}")
    require(not err, f"CREATE DATABASE {name}: {_one_line(err, 300)}")
    _pg_databases.append(name)
    url = _pg_url(name)
    _pg_keys[url] = key
    return name, url, key


def _pg_drop(name):
    if name in _pg_databases:
        _pg_databases.remove(name)
    _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# PostgreSQL databases made by pg_database(), dropped when the run ends.
_pg_databases = []


def _pg_url(name):
    """PG's URL with the database name replaced: postgresql://HOST/NAME?PARAMS."""
    base, q, params = PG.partition("?")
    return base[:base.rindex("/") + 1] + name + q + params


def pg_database():
    """A new, empty PostgreSQL database on the tests' server; returns its URL."""
    require(PG, "these tests need a PostgreSQL server: set KRING_TEST_PG to the URL that "
            "`scripts/pg-test start DIR` prints (make test does)")
    name = f"kring_http_{os.getpid()}_{len(_pg_databases) + 1}"
    p = subprocess.run(["psql", _pg_url("postgres"), "-qXc", f"CREATE DATABASE {name}"],
                       capture_output=True, text=True, timeout=30)
    require(p.returncode == 0, f"CREATE DATABASE {name}: {_one_line(p.stderr, 300)}")
    _pg_databases.append(name)
    return _pg_url(name)


def fresh_db(d):
    """Where a test makes a database of its own (with `kring init --db`): kring.db in folder d,
    or under KRING_TEST_HTTP_DB=postgresql a new empty PostgreSQL database, its key file
    d/kring.key given to the kring commands and Servers that name it."""
    if not ON_PG:
        return os.path.join(d, "kring.db")
    url = pg_database()
    _pg_keys[url] = os.path.join(d, "kring.key")
    return url


def key_file(db):
    """The key file of a test database: the SQLite path with .key, or the one the harness
    gave the PostgreSQL database at URL db."""
    if db in _pg_keys:
        return _pg_keys[db]
    return os.path.splitext(db)[0] + ".key"


def self_signed_cert(d):
    """A certificate for 127.0.0.1 and its key, made by openssl in d: (cert path, key path)."""
    cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    p = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256",
                        "-days", "2", "-subj", "/CN=kring test", "-addext",
                        f"subjectAltName=IP:{HOST}", "-keyout", key, "-out", cert],
                       capture_output=True, text=True, timeout=60)
    require(p.returncode == 0, f"openssl could not make a certificate: {p.stderr.strip()[:300]}")
    return cert, key


def pg_query(url, sql):
    """The rows of sql on the database at url, as lists of text (psql)."""
    p = subprocess.run(["psql", url, "-qXAt", "-F", "\t", "-c", sql],
                       capture_output=True, text=True, timeout=30)
    require(p.returncode == 0, f"psql {sql!r}: {_one_line(p.stderr, 300)}")
    return [line.split("\t") for line in p.stdout.splitlines()]


def pg_demo(key_dir):
    """A new PostgreSQL database with the demo organisation, its key file in key_dir: (url,
    key path)."""
    url = pg_database()
    key = os.path.join(key_dir, "kring.key")
    for args in (["init"], ["demo"]):
        p = run_cli(args + ["--db", url, "--key", key], timeout=60)
        require(p.returncode == 0, f"`kring {args[0]}` on PostgreSQL exited {p.returncode}: "
                f"{_one_line(p.stderr, 300)}")
    return url, key


def _cleanup_pg():
    while _pg_databases and not KEEP:
        _pg_drop(_pg_databases[-1])
    _pg_keys.clear()


_live = []  # servers started and not yet stopped
_started = []  # servers the current test started, for their logs


def stop_all_servers():
    """Stops every running server; returns them (for their logs)."""
    servers = list(_live)
    for s in servers:
        s.stop()
    return servers


class Server:
    """One `kring serve` in its own temporary directory.

        with Server(["--idle-timeout", "2"]) as s:
            c = Client(s)

    db: "demo" (a copy of a database filled by `kring demo`), "init" (a fresh `kring init`),
    "none" (no database file at all), or an absolute path to use as it is. `via_env` passes
    the database and the address in KRING_DB and KRING_LISTEN instead of --db and --listen.
    Under KRING_TEST_HTTP_DB=postgresql, "demo", "init" and "none" (an empty database) are a
    PostgreSQL database of this Server's own, db its URL, key its key file; dropped at stop().
    srv.sql() and srv.sql_exec() run SQL on the database on either backend.
    """

    def __init__(self, args=(), env=None, db="demo", via_env=False, key=None):
        self.args = list(args)
        self.env = dict(env or {})
        self.kind = db
        self.via_env = via_env
        self.key = key  # --key: needed with a PostgreSQL URL as db
        self.dir = tempfile.mkdtemp(prefix="kring-http-")
        self.db = (db if os.path.isabs(db) or db.startswith("postgresql://")
                   else os.path.join(self.dir, "kring.db"))
        self.pg_name = None  # the PostgreSQL database made for this Server, dropped at stop()
        if self.key is None and self.db in _pg_keys:
            self.key = _pg_keys[self.db]
        if ON_PG and db in ("demo", "init", "none"):
            self.pg_name, self.db, self.key = _pg_server_database(db, self.dir)
        self.port = None
        self.proc = None
        self.returncode = None
        self._err_path = os.path.join(self.dir, "stderr.log")
        self._out_path = os.path.join(self.dir, "stdout.log")
        self._stderr = ""
        self._files = []
        self._prepare()

    @property
    def on_pg(self):
        """True when this Server's database is a PostgreSQL one."""
        return self.db.startswith("postgresql://")

    def sql(self, query, params=()):
        """The rows (tuples) of one SQL statement on this Server's database, committed; `?`
        placeholders on both backends. See db_sql()."""
        return db_sql(self.db, query, params)

    def sql_exec(self, query, params=()):
        """Runs one SQL statement on this Server's database and commits; the rows it changed."""
        return db_sql(self.db, query, params, rowcount=True)

    def sql_one(self, query, params=()):
        """The first column of the only row of query."""
        rows = self.sql(query, params)
        require(len(rows) == 1, f"{query!r} gave {len(rows)} rows, expected one")
        return rows[0][0]

    def _prepare(self):
        if self.pg_name:
            return
        if self.kind == "demo":
            src = _template_dir()
            for name in os.listdir(src):
                shutil.copy2(os.path.join(src, name), os.path.join(self.dir, name))
        elif self.kind == "init":
            p = run_cli(["init", "--db", self.db])
            require(p.returncode == 0, f"`kring init` exited {p.returncode}: "
                    f"{_one_line(p.stderr, 300)}")

    @property
    def origin(self):
        return f"http://{HOST}:{self.port}"

    def url(self, path="/"):
        return self.origin + path

    def start(self, args=None, env=None, wait=True, port=None):
        """Starts the server and, with wait, returns once it accepts connections (at most 10 s);
        fails with the first stderr line when it exits instead. A Server runs one process at a
        time: starting one that runs (`with Server() as s` starts it already) is a mistake
        that would leave a second server on the same database until the run ends."""
        if self.alive():
            fail("Server.start(): the server is running already (stop it first)")
        if args is not None:
            self.args = list(args)
        if env is not None:
            self.env = dict(env)
        self.port = port or free_port()
        listen = f"{HOST}:{self.port}"
        env = dict(self.env)
        cmd = [KRING, "serve"]
        if self.via_env:
            env.setdefault("KRING_DB", self.db)
            env.setdefault("KRING_LISTEN", listen)
            if self.key:
                env.setdefault("KRING_KEY", self.key)
        else:
            cmd += ["--db", self.db, "--listen", listen]
            if self.key:
                cmd += ["--key", self.key]
        cmd += self.args
        err = open(self._err_path, "ab")
        out = open(self._out_path, "ab")
        self._files = [err, out]
        self.proc = subprocess.Popen(cmd, env=clean_env(env), stdin=subprocess.DEVNULL,
                                     stdout=out, stderr=err, preexec_fn=_die_with_parent)
        _live.append(self)
        _started.append(self)
        if wait:
            self.wait_listening()
        return self

    def wait_listening(self, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                first = (lines(self.stderr()) or ["(nothing on stderr)"])[0]
                fail(f"server exited {self.proc.returncode} before listening: {first}")
            try:
                with socket.create_connection((HOST, self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        fail(f"server not listening on {HOST}:{self.port} after {timeout}s")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def signal(self, sig):
        if self.alive():
            self.proc.send_signal(sig)

    def wait(self, timeout):
        """Waits at most timeout seconds for the process to exit; its exit code, or None."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout=5):
        """SIGTERM, then SIGKILL after timeout seconds. Idempotent. Returns the exit code
        (negative: killed by that signal). Removes the temporary directory."""
        if self.proc is not None and self.returncode is None:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                if self.wait(timeout) is None:
                    self.proc.kill()
                    self.proc.wait(timeout=5)
            self.returncode = self.proc.returncode
        if self in _live:
            _live.remove(self)
        self._stderr = self.stderr()
        for f in self._files:
            f.close()
        self._files = []
        if not KEEP and os.path.isdir(self.dir):
            shutil.rmtree(self.dir, ignore_errors=True)
        if self.pg_name and not KEEP:
            _pg_drop(self.pg_name)
            _pg_keys.pop(self.db, None)
            self.pg_name = None
        return self.returncode

    def stderr(self):
        """Everything the server wrote to stderr so far (also after stop())."""
        if os.path.exists(self._err_path):
            with open(self._err_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        return self._stderr

    def __enter__(self):
        if self.proc is None:
            self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        return False


def healthy(server, what="", timeout=5):
    """Checks that the server process lives and answers GET /healthz with 200; records a problem
    naming `what` (the request that came before) otherwise."""
    after = f" after {what}" if what else ""
    if not check(server.alive(), f"server process died{after} (exit {server.proc.poll()})"):
        return False
    try:
        r = Client(server).get("/healthz", timeout=timeout)
    except OSError as e:
        return check(False, f"/healthz failed{after}: {e}")
    return check(r.status == 200, f"/healthz answered {r.status}{after}")


# ---------------------------------------------------------------------------------------------
# HTTP client


class Response:
    def __init__(self, method, path, status, reason, headers, body, elapsed=0.0):
        self.method = method
        self.path = path
        self.status = status
        self.reason = reason
        self.headers = headers  # [(name, value)] as received
        self.body = body
        self.elapsed = elapsed

    def __repr__(self):
        return f"<{self.method} {self.path}: {self.status}>"

    @property
    def what(self):
        return f"{self.method} {self.path}"

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        """The first value of header name (case-insensitive), or None."""
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def set_cookies(self):
        """{name: (value, {attribute (lower case): value or True})} of the Set-Cookie headers."""
        out = {}
        for line in self.header_all("Set-Cookie"):
            parts = [p.strip() for p in line.split(";")]
            name, _, value = parts[0].partition("=")
            attrs = {}
            for p in parts[1:]:
                k, eq, v = p.partition("=")
                attrs[k.strip().lower()] = v.strip() if eq else True
            out[name.strip()] = (value.strip(), attrs)
        return out

    @property
    def content_type(self):
        return (self.header("Content-Type") or "").strip()

    def is_html(self):
        return self.content_type.lower().replace(" ", "") == "text/html;charset=utf-8"

    def lang(self):
        return htmlcheck.html_attrs(self.text).get("lang")

    def html_classes(self):
        return (htmlcheck.html_attrs(self.text).get("class") or "").split()


class Client:
    """A browser-like client: a cookie jar, the last CSRF token seen on a page, and an optional
    Accept-Language. Each request uses a new connection unless one is passed.

    POSTs carry `Origin` and `Sec-Fetch-Site: same-origin` like a browser's same-origin form
    submission; a header given as None in `headers` is left out. `source` is the local address
    to connect from (any 127.x.y.z), for a client that the server must see as another one."""

    def __init__(self, server, lang=None, source=None):
        self.server = server
        self.lang = lang
        self.source = source
        self.cookies = {}
        self.token = None

    def _headers(self, extra, cookies):
        h = {"Host": f"{HOST}:{self.server.port}"}
        if self.lang:
            h["Accept-Language"] = self.lang
        if cookies and self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for k, v in (extra or {}).items():
            for old in [o for o in h if o.lower() == k.lower()]:
                del h[old]
            if v is not None:
                h[k] = v
        return h

    def request(self, method, path, body=None, headers=None, cookies=True, timeout=10,
                conn=None):
        own = conn is None
        if own:
            conn = http.client.HTTPConnection(
                HOST, self.server.port, timeout=timeout,
                source_address=(self.source, 0) if self.source else None)
        started = time.monotonic()
        try:
            h = self._headers(headers, cookies)
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            if body is not None and not any(k.lower() == "content-length" for k in h):
                h["Content-Length"] = str(len(body))
            for k, v in h.items():
                conn.putheader(k, v)
            conn.endheaders(body)
            resp = conn.getresponse()
            data = resp.read()
            r = Response(method, path, resp.status, resp.reason, resp.getheaders(), data,
                         time.monotonic() - started)
        finally:
            if own:
                conn.close()
        self._remember(r)
        return r

    def _remember(self, r):
        for name, (value, attrs) in r.set_cookies().items():
            if attrs.get("max-age") == "0" or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        if "html" in r.content_type:
            t = htmlcheck.csrf_token(r.text)
            if t:
                self.token = t

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def head(self, path, **kw):
        return self.request("HEAD", path, **kw)

    def csrf(self, path="/preferences"):
        """Visits path (getting the csrf cookie) and returns the page's token."""
        r = self.get(path)
        require(r.status == 200, f"GET {path} for a CSRF token answered {r.status}")
        t = htmlcheck.csrf_token(r.text)
        require(t, f"GET {path}: no hidden csrf input in the page")
        # Over TLS (directly, or behind a trusted proxy) the cookies carry the __Host- prefix.
        require("csrf" in self.cookies or "__Host-csrf" in self.cookies,
                f"GET {path}: no csrf cookie was set")
        return t

    def sign_in(self, email, password=None, expect=303):
        """Signs in through the sign-in form (password only) and refreshes the CSRF token, which
        is bound to the session. Returns the POST's response."""
        r = self.post("/sign-in", {"email": email, "password": password or DEMO_PASSWORD,
                                   "next": "/"}, csrf=self.csrf("/sign-in"))
        require(r.status == expect, f"sign-in as {email}: {r.status}, expected {expect}")
        self.token = None
        self.get("/")
        return r

    def post(self, path, fields=(), csrf=True, headers=None, **kw):
        """POSTs fields (dict or pairs, or bytes sent as they are) urlencoded. csrf=True adds the
        token (fetching one first if none was seen), a string sends that token, False none."""
        if isinstance(fields, (bytes, bytearray)):
            body = bytes(fields)
            if csrf is not False:
                tok = csrf if isinstance(csrf, str) else (self.token or self.csrf())
                body = b"csrf=" + urllib.parse.quote(tok).encode() + b"&" + body
        else:
            pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
            if csrf is True:
                pairs.insert(0, ("csrf", self.token or self.csrf()))
            elif isinstance(csrf, str):
                pairs.insert(0, ("csrf", csrf))
            body = urllib.parse.urlencode(pairs).encode()
        h = {"Content-Type": "application/x-www-form-urlencoded",
             "Origin": self.server.origin, "Sec-Fetch-Site": "same-origin"}
        h.update(headers or {})
        return self.request("POST", path, body=body, headers=h, **kw)


# The password of every demo account (src/cli/demo.c).
DEMO_PASSWORD = "Rijnstad-demo-2026"
DEMO_EMPLOYEE = "medewerker@rijnstad.example"
# The demo accounts by role (src/cli/demo.c). The administrator, the chair and the secretary
# must set up two-step sign-in at their first sign-in.
DEMO = {
    "admin": "beheer@rijnstad.example",
    "contact": "hr@rijnstad.example",
    "ambassador": "directeur@rijnstad.example",
    "chair": "voorzitter@rijnstad.example",
    "secretary": "secretaris@rijnstad.example",
    "employee": DEMO_EMPLOYEE,
}


# ---------------------------------------------------------------------------------------------
# Two-step sign-in (RFC 6238 TOTP: HMAC-SHA1, 6 digits, 30-second steps)

TOTP_PERIOD = 30


def totp_step(at=None):
    """The TOTP time step of at (default: now)."""
    return int((time.time() if at is None else at) // TOTP_PERIOD)


def totp_code(secret, step):
    """The 6-digit code of a base32 secret (spaces and case ignored) for a time step."""
    b32 = re.sub(r"\s+", "", secret).upper()
    key = base64.b32decode(b32 + "=" * (-len(b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    value = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 1000000
    return f"{value:06d}"


class TwoFactor:
    """What setting up two-step sign-in gave: the secret, the recovery codes, and the last time
    step whose code the server accepted (a code is good once)."""

    def __init__(self, secret, step, codes):
        self.secret = secret
        self.last_step = step
        self.codes = list(codes)

    def next_code(self):
        """A code the server has not accepted yet, within its window (now and the steps next to
        it). Waits (at most one step) when the next step is still too far ahead."""
        deadline = time.monotonic() + TOTP_PERIOD + 5
        while True:
            s = max(self.last_step + 1, totp_step())
            if s <= totp_step() + 1:
                self.last_step = s
                return totp_code(self.secret, s)
            require(time.monotonic() < deadline, "no fresh TOTP step came within 35 s")
            time.sleep(0.5)


def two_factor_page(r):
    """(secret as shown, box) from the set-up page r; fails when either is missing."""
    els = htmlcheck.elements(r.text)
    secret = [e.text for e in els if e.tag == "code" and "secret" in (e.get("class") or "")]
    box = [e.get("value") for e in els if e.tag == "input" and e.get("name") == "box"]
    require(secret and box, f"{r.what}: the set-up page shows no key (code.secret) or no box")
    return " ".join(secret[0].split()), box[0]


def recovery_codes(text):
    """The recovery codes a page shows (xxxxx-xxxxx)."""
    return re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", text)


def two_factor_set_up(client):
    """Sets up two-step sign-in for the client's (partly) signed-in account through
    /account/two-factor. Returns a TwoFactor."""
    r = client.get("/account/two-factor")
    require(r.status == 200, f"GET /account/two-factor: {r.status}, expected 200")
    secret, box = two_factor_page(r)
    step = totp_step()
    r = client.post("/account/two-factor", {"box": box, "code": totp_code(secret, step)})
    require(r.status == 200, f"POST /account/two-factor with the right code: {r.status}")
    codes = recovery_codes(r.text)
    require(len(codes) == 10, f"setting up two-step sign-in showed {len(codes)} recovery codes, "
            "expected 10")
    client.token = None
    return TwoFactor(secret, step, codes)


def sign_in_full(client, email, password=None, two_factor=None):
    """Signs in all the way: the password, then the second factor: set up when the server asks
    for it, or a code of two_factor when it asks for one. Returns the TwoFactor (new or given),
    or None for an account without one."""
    r = client.post("/sign-in", {"email": email, "password": password or DEMO_PASSWORD,
                                 "next": "/"}, csrf=client.csrf("/sign-in"))
    require(r.status == 303, f"sign-in as {email}: {r.status}, expected 303")
    where = r.header("Location") or ""
    client.token = None
    if where == "/account/two-factor":
        two_factor = two_factor_set_up(client)
    elif where.startswith("/sign-in/code"):
        require(two_factor, f"sign-in as {email} asks for a code, but no TwoFactor was given")
        client.get("/sign-in/code")
        r = client.post("/sign-in/code", {"code": two_factor.next_code(), "next": "/"})
        require(r.status == 303, f"the second step as {email}: {r.status}, expected 303")
        client.token = None
    client.get("/")
    return two_factor


# ---------------------------------------------------------------------------------------------
# The route table, the command line's lists, the database


APP_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "app")


def app_routes():
    """Every route of the features' route tables (src/app/<feature>/routes.c, in the order of
    the features table in src/app/features.c): [(method, pattern, flags, roles)], flags a set
    of names without ROUTE_ ({"CSRF", "SIGNIN"}), roles the C expression ("0" for anyone)."""
    with open(os.path.join(APP_DIR, "features.c"), encoding="utf-8") as f:
        order = re.findall(r"^extern const struct feature feature_(\w+);", f.read(), re.M)
    require(order, "no features listed in src/app/features.c")
    out = []
    for name in order:
        path = os.path.join(APP_DIR, name, "routes.c")
        with open(path, encoding="utf-8") as f:
            src = f.read()
        found = re.findall(r'\{\s*HTTP_([A-Z]+),\s*"([^"]+)",\s*\w+,\s*([^,]+?),\s*([^,]+?),', src)
        require(found, f"no routes found in {path}")
        for method, pattern, flags, roles in found:
            names = {f.strip()[len("ROUTE_"):] for f in flags.split("|")
                     if f.strip().startswith("ROUTE_")}
            out.append((method, pattern, names, roles.strip()))
    return out


def audit_list(db, limit=1000):
    """The output of `kring audit list --limit limit` (newest first)."""
    p = run_cli(["audit", "list", "--limit", str(limit), "--db", db])
    require(p.returncode == 0, f"`kring audit list` exited {p.returncode}: {p.stderr.strip()!r}")
    return p.stdout


def audit_events(db):
    """The event names in the audit log, oldest first."""
    out = []
    for line in reversed(lines(audit_list(db))):
        parts = line.split()
        if len(parts) >= 3 and parts[0].isdigit():
            out.append(parts[2])
    return out


def user_list(db):
    """{email: (id, name, {flags})} from `kring user list` (flags: admin, contact, ambassador,
    core-team, 2fa, disabled, locked)."""
    p = run_cli(["user", "list", "--db", db])
    require(p.returncode == 0, f"`kring user list` exited {p.returncode}: {p.stderr.strip()!r}")
    out = {}
    for line in lines(p.stdout):
        f = line.split("\t")
        require(len(f) >= 3, f"`kring user list` line {line!r} has not id, e-mail and name")
        out[f[1]] = (int(f[0]), f[2], set(" ".join(f[3:]).split()))
    return out


def check_no_secrets(server, secrets, what):
    """Checks that none of secrets (passwords, codes, tokens, keys) appears in the server's
    stderr or in `kring audit list`. A 6-digit code counts only as a number of its own."""
    texts = {"the server's stderr": server.stderr(), "`kring audit list`": audit_list(server.db)}
    for where, text in texts.items():
        for sec in {x for x in secrets if x}:
            if re.fullmatch(r"\d{6}", sec):
                found = re.search(rf"(?<!\d){sec}(?!\d)", text) is not None
            else:
                found = sec in text
            check(not found, f"{what}: {where} holds a secret ({sec[:4]}…, {len(sec)} chars)")


def _pg_placeholders(sql):
    """sql with `?` placeholders (outside quotes) as psycopg2's %s, and % doubled."""
    out, quote = [], None
    for ch in sql:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        out.append("%%" if ch == "%" else ch)
    return "".join(out)


def _psycopg2():
    """Debian's python3-psycopg2 (scripts/install-deps), also from another Python 3 than
    /usr/bin/python3 (a pyenv one first in PATH), which does not look in Debian's folder."""
    try:
        import psycopg2
    except ImportError:
        import sys
        if "/usr/lib/python3/dist-packages" not in sys.path:
            sys.path.append("/usr/lib/python3/dist-packages")
        try:
            import psycopg2
        except ImportError:
            fail("SQL on PostgreSQL needs python3-psycopg2 (scripts/install-deps installs it)")
    return psycopg2


def db_sql(db, sql, params=(), rowcount=False, columns=False):
    """Runs one SQL statement on a test database (a SQLite path or a PostgreSQL URL; also while
    a server uses it) and commits. Returns its rows as tuples (bytes for BLOB and bytea); with
    rowcount the number of rows it changed; with columns (column names, rows). Placeholders
    are `?` on both; the tables are the same (src/db/migrations/: INTEGER is BIGINT there,
    BLOB bytea, booleans integers)."""
    if db.startswith("postgresql://"):
        con = _psycopg2().connect(db, connect_timeout=10)
        try:
            with con.cursor() as cur:
                cur.execute(_pg_placeholders(sql), tuple(params))
                rows = cur.fetchall() if cur.description else []
                names = [d[0] for d in cur.description or ()]
                n = cur.rowcount
            con.commit()
        finally:
            con.close()
        rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows]
    else:
        con = sqlite3.connect(db, timeout=10)
        try:
            cur = con.execute(sql, params)
            rows = cur.fetchall()
            names = [d[0] for d in cur.description or ()]
            n = cur.rowcount
            con.commit()
        finally:
            con.close()
    if columns:
        return names, rows
    return n if rowcount else rows


class _Rows:
    """What a sqlite3 cursor gives of a statement's result: fetchone(), fetchall(), iteration."""

    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return list(self.rows)

    def __iter__(self):
        return iter(self.rows)


class _PgConnection:
    """The part of sqlite3.Connection the tests use (execute with `?`, commit, close, `with`),
    on a PostgreSQL URL: rows as tuples, bytea as bytes."""

    def __init__(self, url):
        self.con = _psycopg2().connect(url, connect_timeout=10)

    def execute(self, sql, params=()):
        with self.con.cursor() as cur:
            cur.execute(_pg_placeholders(sql), tuple(params))
            rows = cur.fetchall() if cur.description else []
        return _Rows([tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                      for r in rows])

    def commit(self):
        self.con.commit()

    def close(self):
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, exc, *rest):
        if exc is None:
            self.commit()
        else:
            self.con.rollback()
        return False


def db_connect(db, timeout=10, read_only=False):
    """A connection to a test database on either backend, for a test that runs several
    statements (sqlite3's execute/commit/close; db_sql() for one statement). read_only opens a
    SQLite file read-only, as a thief's copy is read."""
    if db.startswith("postgresql://"):
        return _PgConnection(db)
    if read_only:
        return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=timeout)
    return sqlite3.connect(db, timeout=timeout)


def db_tables(db):
    """The names of the tables of a test database, on either backend. On SQLite without the
    search indexes' virtual tables, which only Kring's tokenizer reads: their shadow tables
    (forum_post_fts_content, ...), which hold what they store, are listed."""
    if db.startswith("postgresql://"):
        q = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    else:
        q = ("SELECT name FROM sqlite_schema WHERE type = 'table'"
             " AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL TABLE%'")
    return [r[0] for r in db_sql(db, q)]


def search_results_only(path, text):
    """For a search page (/search?q=...): only its results, without the form and the links that
    repeat the query, so that a leak check sees what was found, not what was asked. Any other
    page: text as it is."""
    if not path.startswith("/search"):
        return text
    start = text.find('<p role="status">')
    end = text.find("</main>")
    part = text[start:end] if start >= 0 and end > start else ""
    return re.sub(r'href="/search\?[^"]*"', 'href=""', part)


def db_execute(db, sql, params=()):
    """Runs one SQL statement on a test database (either backend) and commits; see db_sql()."""
    db_sql(db, sql, params)


def db_files(db):
    """Every byte the database keeps on disk, as a thief copies it: for SQLite the file with its
    -wal, -shm and -journal as they are; for PostgreSQL, after a CHECKPOINT, the files of the
    database (base/OID) and the WAL (pg_wal), as tests/unit/tempdb.c's tempdb_raw() reads
    them. {name: bytes}."""
    out = {}
    if db.startswith("postgresql://"):
        rows = db_sql(db, "SELECT current_setting('data_directory'), (SELECT oid FROM "
                      "pg_database WHERE datname = current_database())")
        db_sql(db, "CHECKPOINT")
        data, oid = rows[0]
        dirs = [os.path.join(data, "base", str(oid)), os.path.join(data, "pg_wal")]
    else:
        base = os.path.basename(db)
        dirs = []
        for name in sorted(os.listdir(os.path.dirname(db))):
            if name.startswith(base):
                with open(os.path.join(os.path.dirname(db), name), "rb") as f:
                    out[name] = f.read()
    for d in dirs:
        for root, _, names in os.walk(d):
            for name in names:
                path = os.path.join(root, name)
                try:
                    with open(path, "rb") as f:
                        out[path] = f.read()
                except OSError:
                    pass  # a WAL segment recycled meanwhile
    return out


def prefs_cookie(r):
    """The decoded fields of the prefs cookie a response sets, or None."""
    c = r.set_cookies().get("prefs")
    if c is None:
        return None
    return dict(urllib.parse.parse_qsl(c[0], keep_blank_values=True))


# ---------------------------------------------------------------------------------------------
# Raw sockets


class RawResponse:
    def __init__(self):
        self.raw = b""
        self.status = None
        self.headers = []
        self.body = b""
        self.complete = False  # status line, headers and the whole body arrived
        self.closed = False    # the server closed (or reset) the connection
        self.error = None      # the socket error, if any
        self.elapsed = 0.0

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def __repr__(self):
        return f"<raw {self.status} closed={self.closed} error={self.error}>"


def parse_response(buf, head=False):
    """Parses bytes received for one response. Returns (status, headers, body, complete)."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None, [], b"", False
    head_lines = buf[:end].decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/\d\.\d (\d{3})", head_lines[0])
    status = int(m.group(1)) if m else None
    headers = []
    for line in head_lines[1:]:
        k, _, v = line.partition(":")
        headers.append((k.strip(), v.strip()))
    rest = buf[end + 4:]
    hmap = {k.lower(): v for k, v in headers}
    if head or status in (204, 304) or (status is not None and status < 200):
        return status, headers, rest, True
    if "chunked" in hmap.get("transfer-encoding", "").lower():
        body, pos = b"", 0
        while True:
            eol = rest.find(b"\r\n", pos)
            if eol < 0:
                return status, headers, body, False
            try:
                size = int(rest[pos:eol].split(b";")[0], 16)
            except ValueError:
                return status, headers, body, False
            if size == 0:
                return status, headers, body, True
            if len(rest) < eol + 2 + size + 2:
                return status, headers, body, False
            body += rest[eol + 2:eol + 2 + size]
            pos = eol + 2 + size + 2
    if "content-length" in hmap:
        try:
            n = int(hmap["content-length"])
        except ValueError:
            return status, headers, rest, False
        return status, headers, rest[:n], len(rest) >= n
    return status, headers, rest, False  # ends when the connection closes


def raw_connect(server, timeout=5):
    return socket.create_connection((HOST, server.port), timeout=timeout)


def raw_read(sock, timeout=5, head=False, until_close=False):
    """Reads one response from sock for at most timeout seconds."""
    r = RawResponse()
    started = time.monotonic()
    deadline = started + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        except OSError as e:
            r.error, r.closed = str(e), True
            break
        if not chunk:
            r.closed = True
            break
        r.raw += chunk
        r.status, r.headers, r.body, r.complete = parse_response(r.raw, head)
        if r.complete and not until_close:
            break
    r.status, r.headers, r.body, done = parse_response(r.raw, head)
    r.complete = done or (r.closed and r.status is not None)
    r.elapsed = time.monotonic() - started
    return r


def raw_request(server, data, timeout=5, head=False, until_close=False):
    """Sends data as it is on a new connection and reads one response."""
    try:
        sock = raw_connect(server, timeout)
    except OSError as e:
        r = RawResponse()
        r.error, r.closed = str(e), True
        return r
    with sock:
        try:
            sock.sendall(data)
        except OSError:
            pass  # the server may already have answered and closed; read what is there
        return raw_read(sock, timeout, head, until_close)


def wait_closed(sock, timeout):
    """Waits until the peer closes sock (EOF or reset), reading and dropping what it sends.
    Returns the seconds it took, or None when still open after timeout."""
    started = time.monotonic()
    deadline = started + timeout
    while True:
        ready, _, _ = select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            if time.monotonic() >= deadline:
                break
            continue
        try:
            if not sock.recv(65536):
                return time.monotonic() - started
        except OSError:
            return time.monotonic() - started
    return None


def request_bytes(server, method, path, headers=(), body=b"", close=True):
    """A request as bytes, with Host (and Connection: close unless close is False)."""
    out = [f"{method} {path} HTTP/1.1".encode("latin-1"), f"Host: {HOST}:{server.port}".encode()]
    for k, v in headers:
        out.append(k.encode("latin-1") + b": " + (v if isinstance(v, bytes) else v.encode()))
    if close:
        out.append(b"Connection: close")
    return b"\r\n".join(out) + b"\r\n\r\n" + body


def raw_upload(server, head, body, timeout=10, chunk=4096):
    """Sends head, then body in chunks from another thread while this one reads the response,
    so a server that answers (and closes) before the whole body arrived is still heard.
    Returns (RawResponse, bytes of body sent before the server stopped taking them)."""
    sock = raw_connect(server, timeout)
    sent = [0]

    def writer():
        try:
            sock.sendall(head)
            for i in range(0, len(body), chunk):
                sock.sendall(body[i:i + chunk])
                sent[0] += len(body[i:i + chunk])
        except OSError:
            pass

    t = threading.Thread(target=writer, daemon=True)
    with sock:
        t.start()
        r = raw_read(sock, timeout)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    t.join(timeout)
    return r, sent[0]


# ---------------------------------------------------------------------------------------------
# Membership (src/app/members): accounts made on the command line, joining, how one appears,
# leaving, and reading a group's directory. A group is "/n/SLUG" or "/n/SLUG/g/SUB".


def user_add(db, email, name, password=DEMO_PASSWORD):
    """Makes an account with `kring user add EMAIL NAME --password-stdin`; returns its id."""
    p = run_cli(["user", "add", email, name, "--password-stdin", "--db", db],
                input=password + "\n")
    require(p.returncode == 0, f"`kring user add {email}` exited {p.returncode}: "
            f"{p.stderr.strip()[:200]!r}")
    m = re.search(r"as account (\d+)", p.stdout)
    require(m, f"`kring user add {email}` said {p.stdout.strip()!r}, not the account's number")
    return int(m.group(1))


def choice_fields(appearance, pseudonym="", line="", ally=False):
    """The fields the join and "how you appear" forms send, as a browser sends them."""
    f = [("appearance", appearance), ("pseudonym", pseudonym), ("line", line)]
    if ally:
        f.append(("ally", "1"))
    return f


def join(client, group, appearance="visible", pseudonym="", line="", ally=False, expect=303):
    """Joins group in two steps: GET group/join (the choice), then POST it. Returns the POST's
    response; requires its status to be expect (None: any)."""
    r = client.get(group + "/join")
    require(r.status in (200, 303), f"GET {group}/join (step 1): {r.status}")
    client.token = htmlcheck.csrf_token(r.text) or client.token
    r = client.post(group + "/join", choice_fields(appearance, pseudonym, line, ally))
    require(expect is None or r.status == expect,
            f"POST {group}/join ({appearance}): {r.status}, expected {expect}")
    return r


def set_appearance(client, group, appearance, pseudonym="", line="", ally=False, expect=303):
    """Changes how one appears in group (POST group/me). Returns the response."""
    r = client.post(group + "/me", choice_fields(appearance, pseudonym, line, ally))
    require(expect is None or r.status == expect,
            f"POST {group}/me ({appearance}): {r.status}, expected {expect}")
    return r


def leave(client, group, expect=303):
    """Leaves group in two steps: GET group/leave (are you sure?), then POST. Returns the
    POST's response."""
    r = client.get(group + "/leave")
    client.token = htmlcheck.csrf_token(r.text) or client.token
    r = client.post(group + "/leave", {})
    require(expect is None or r.status == expect,
            f"POST {group}/leave: {r.status}, expected {expect}")
    return r


def error_summary(r):
    """The text of the page's error summary (class error-summary), or None."""
    for e in htmlcheck.elements(r.text):
        if "error-summary" in (e.get("class") or "").split():
            return " ".join(e.text.split())
    return None


def directory(r):
    """The entries of a members directory page: [(shown name, text of the whole card)] for each
    li.card inside <main>, in order."""
    els = htmlcheck.elements(r.text)
    main = [e.index for e in els if e.tag == "main"]
    out = []
    for e in els:
        if e.tag != "li" or "card" not in (e.get("class") or "").split():
            continue
        if main and not (e.index > main[0]):
            continue
        heads = [h for h in els if h.parent == e.index and h.tag in ("h2", "h3")]
        name = " ".join(heads[0].text.split()) if heads else ""
        out.append((name, " ".join(e.text.split())))
    return out
