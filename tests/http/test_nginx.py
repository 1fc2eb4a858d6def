# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_nginx.py: Kring as production runs it: contrib/nginx/kring.conf (its own file, with
this test's ports and a self-signed certificate swapped in) in front of two `kring serve` on
one PostgreSQL database. Pages come over TLS with the proxy's headers believed (cookies marked
Secure), the static files with a year's cache; the requests libmicrohttpd 0.9.75 cannot refuse
on its own (a garbage request line) get 400 from nginx, as do oversized headers; and when one
server is killed with SIGKILL in the middle of a stream of writes, nginx sends the rest to the
other and every write that was answered as saved is in the database."""

import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time

from harness import (DEMO, HOST, Client, Server, check, free_port, pg_demo, pg_query, require,
                     self_signed_cert, sign_in_full, test)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
CONF = os.path.join(ROOT, "contrib", "nginx", "kring.conf")


class _Front:
    """What harness.Client needs of a server: nginx's TLS port and its origin."""

    def __init__(self, port):
        self.port = port
        self.origin = f"https://{HOST}:{port}"


class _TlsClient(Client):
    """A Client that talks TLS (to nginx), trusting the test's certificate."""

    def __init__(self, front, cert, **kw):
        super().__init__(front, **kw)
        self.ctx = ssl.create_default_context(cafile=cert)

    def request(self, method, path, body=None, headers=None, cookies=True, timeout=10,
                conn=None):
        if conn is not None:
            return super().request(method, path, body, headers, cookies, timeout, conn)
        c = http.client.HTTPSConnection(HOST, self.server.port, timeout=timeout,
                                        context=self.ctx)
        try:
            return super().request(method, path, body, headers, cookies, timeout, c)
        finally:
            c.close()


def _nginx_conf(work, cert, key, https_port, http_port, upstreams):
    """contrib/nginx/kring.conf with this test's ports, certificate and upstream servers,
    inside the few lines a whole nginx.conf needs."""
    with open(CONF) as f:
        conf = f.read()
    swaps = [
        (r"listen 80;", f"listen {HOST}:{http_port};"),
        (r"listen 443 ssl http2;", f"listen {HOST}:{https_port} ssl http2;"),
        (r"/etc/ssl/kring/fullchain\.pem", cert),
        (r"/etc/ssl/kring/privkey\.pem", key),
        (r"server 127\.0\.0\.1:8081 ", f"server {HOST}:{upstreams[0]} "),
        (r"server 127\.0\.0\.1:8082 ", f"server {HOST}:{upstreams[1]} "),
    ]
    for pattern, value in swaps:
        conf, n = re.subn(pattern, value.replace("\\", "\\\\"), conf)
        require(n == 1, f"contrib/nginx/kring.conf has {n} places for {pattern!r}")
    main = os.path.join(work, "nginx.conf")
    with open(os.path.join(work, "kring.conf"), "w") as f:
        f.write(conf)
    with open(main, "w") as f:
        f.write(f"""
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {work}/tmp;
    proxy_temp_path {work}/tmp;
    fastcgi_temp_path {work}/tmp;
    uwsgi_temp_path {work}/tmp;
    scgi_temp_path {work}/tmp;
    include {work}/kring.conf;
}}
""")
    return main


def _wait_port(port, proc, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        require(proc.poll() is None, f"nginx exited {proc.returncode}")
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    require(False, f"nginx does not listen on {port}")


def _raw_tls(port, cert, data):
    """Sends data as it is over TLS; returns the status of the answer (0: none)."""
    ctx = ssl.create_default_context(cafile=cert)
    with socket.create_connection((HOST, port), timeout=5) as raw:
        with ctx.wrap_socket(raw, server_hostname=HOST) as s:
            s.sendall(data)
            got = b""
            try:
                while b"\r\n" not in got:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    got += chunk
            except (socket.timeout, ssl.SSLError, ConnectionError):
                pass
    m = re.match(rb"HTTP/1\.[01] (\d{3})", got)
    return int(m.group(1)) if m else 0


@test
def nginx_in_front_of_two_servers():
    if not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"):
        require(False, "nginx is not installed (scripts/install-deps installs it)")
    work = tempfile.mkdtemp(prefix="kring-http-nginx-")
    os.chmod(work, 0o755)  # nginx's workers run as another user when we are root
    os.makedirs(os.path.join(work, "tmp"))
    nginx = None
    try:
        cert, key = self_signed_cert(work)
        os.chmod(key, 0o644)
        url, kfile = pg_demo(work)
        args = ["--trusted-proxies", HOST]
        a = Server(args, db=url, key=kfile).start()
        b = Server(args, db=url, key=kfile).start()
        https_port, http_port = free_port(), free_port()
        conf = _nginx_conf(work, cert, key, https_port, http_port, [a.port, b.port])
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        nginx = subprocess.Popen([binary, "-c", conf, "-p", work], stdout=subprocess.DEVNULL,
                                 stderr=open(os.path.join(work, "nginx.log"), "wb"))
        _wait_port(https_port, nginx)
        front = _Front(https_port)

        # Pages over TLS, the proxy believed: the session cookie is Secure, HSTS is sent.
        admin = _TlsClient(front, cert, lang="en")
        r = admin.get("/")
        require(r.status == 200, f"GET / through nginx: {r.status}")
        check(r.header("Strict-Transport-Security"), "no HSTS through nginx")
        sign_in_full(admin, DEMO["admin"])
        r = admin.get("/admin/sites")
        require(r.status == 200, f"GET /admin/sites through nginx: {r.status}")
        css = re.search(r'href="(/static/[^"]+\.css)"', r.text)
        require(css, "no stylesheet on the page")
        s = admin.get(css.group(1))
        check(s.status == 200 and "immutable" in (s.header("Cache-Control") or ""),
              f"the stylesheet through nginx: {s.status} {s.header('Cache-Control')}")
        fresh = _TlsClient(front, cert, lang="en")
        r = fresh.get("/sign-in")
        cookies = [v for k, v in r.headers if k.lower() == "set-cookie"]
        require(cookies, "no cookie set by the sign-in page")
        check(all("Secure" in v for v in cookies), f"cookies without Secure: {cookies}")

        # A stream of writes; one server killed with SIGKILL halfway: nginx sends the rest to
        # the other, and every site that was answered as added is in the database.
        saved, answers = [], []
        stop = threading.Event()

        def writer():
            for i in range(60):
                if stop.is_set():
                    break
                name = f"Locatie {i:03d}"
                try:
                    r = admin.post("/admin/sites", {"name": name, "town": "Rijnstad",
                                                     "headcount": str(10 + i)})
                except OSError as e:
                    answers.append(repr(e))
                    continue
                answers.append(r.status)
                if r.status == 303 and r.header("Location") == "/admin/sites?done=added":
                    saved.append(name)
                time.sleep(0.02)

        t = threading.Thread(target=writer)
        t.start()
        deadline = time.monotonic() + 20
        while len(answers) < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        a.signal(signal.SIGKILL)
        t.join(60)
        stop.set()
        b.stop()
        rows = {r[0] for r in pg_query(url, "SELECT name FROM site WHERE name LIKE 'Locatie %'")}
        check(len(saved) >= 50, f"only {len(saved)} of 60 writes were answered as saved: "
              f"{[x for x in answers if x != 303][:5]}")
        check(set(saved) <= rows, f"answered as saved but not there: {set(saved) - rows}")

        # What libmicrohttpd alone lets through or hangs on, nginx refuses.
        check(_raw_tls(https_port, cert, b"GARBAGE\r\n\r\n") == 400,
              "a garbage request line through nginx is not 400")
        check(_raw_tls(https_port, cert, b"GET /\x00x HTTP/1.1\r\nHost: x\r\n\r\n") == 400,
              "a NUL in the path through nginx is not 400")
        big = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n"
        check(_raw_tls(https_port, cert, big) in (400, 431, 494),
              "a header over 8 KiB through nginx is not refused")
        plain = http.client.HTTPConnection(HOST, http_port, timeout=5)
        plain.request("GET", "/n/iedereen-telt")
        resp = plain.getresponse()
        check(resp.status == 301 and resp.getheader("Location", "").startswith("https://"),
              f"plain HTTP: {resp.status} {resp.getheader('Location')}")
        plain.close()
    finally:
        if nginx is not None:
            nginx.send_signal(signal.SIGQUIT)
            try:
                nginx.wait(10)
            except subprocess.TimeoutExpired:
                nginx.kill()
        shutil.rmtree(work, ignore_errors=True)
