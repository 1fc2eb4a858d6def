# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_limits.py: the connection limits and timeouts of `kring serve`: a slow sender cannot
hold a connection past --header-timeout, idle keep-alive connections end after --idle-timeout,
and --max-per-ip / --max-connections cap simultaneous connections."""

import select
import socket
import threading
import time

from harness import (HOST, Client, Server, check, raw_connect, raw_read, request_bytes, test,
                     wait_closed)


@test
def header_timeout_cuts_slow_sender():
    with Server(["--header-timeout", "2"]) as s:
        result = {}

        def slowloris():
            started = time.monotonic()
            try:
                with raw_connect(s, timeout=10) as sock:
                    sock.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}:{s.port}\r\n".encode())
                    for _ in range(20):  # at most 10 s
                        try:
                            sock.sendall(b"X")
                        except OSError:
                            break
                        ready, _, _ = select.select([sock], [], [], 0.5)
                        if ready:
                            try:
                                if not sock.recv(4096):
                                    break
                            except OSError:
                                break
                    else:
                        result["open"] = True
            except OSError as e:
                result["error"] = str(e)
            result["elapsed"] = time.monotonic() - started

        t = threading.Thread(target=slowloris, daemon=True)
        t.start()
        time.sleep(1.0)
        r = Client(s).get("/", timeout=5)
        check(r.status == 200 and r.elapsed < 1.0,
              f"GET / while a slow sender is connected: {r.status} in {r.elapsed:.2f}s, "
              "expected 200 within 1 s")
        t.join(15)
        check(not result.get("open"), "the slow sender was still connected after 10 s")
        if "elapsed" in result and not result.get("open"):
            check(1.5 <= result["elapsed"] <= 4.5,
                  f"the slow sender was disconnected after {result['elapsed']:.1f}s, "
                  "expected after 2 to ~4 s")


@test
def idle_timeout_closes_keepalive_connection():
    with Server(["--idle-timeout", "2"]) as s:
        with raw_connect(s, timeout=10) as sock:
            sock.sendall(request_bytes(s, "GET", "/healthz", close=False))
            r = raw_read(sock, timeout=5)
            check(r.status == 200, f"GET /healthz on a keep-alive connection: {r.status}")
            conn_hdr = (r.header("Connection") or "").lower()
            if not check(conn_hdr != "close" and not r.closed,
                         "the server answers an HTTP/1.1 keep-alive request with "
                         f"Connection: {r.header('Connection')} and closes it, so no connection "
                         "is ever kept (or idle)"):
                return
            took = wait_closed(sock, 8)
            check(took is not None, "an idle connection was still open after 8 s")
            if took is not None:
                check(1.5 <= took <= 4.5,
                      f"the idle connection was closed after {took:.1f}s, expected 2-4 s")


def _hold(s, n):
    """Opens n connections, each in the middle of its request line (well within the header
    timeout), and gives the server time to accept them all."""
    held = []
    for i in range(n):
        try:
            sock = raw_connect(s, timeout=5)
            sock.sendall(b"GET /healthz HTTP/1.1\r\n")
            held.append(sock)
        except OSError as e:
            check(False, f"held connection {i + 1} failed: {e}")
    time.sleep(0.5)
    for i, sock in enumerate(held):
        check(wait_closed(sock, 0) is None, f"held connection {i + 1} was closed by the server")
    return held


def _refused(s):
    """True when a new connection gets no 200 for /healthz (refused, reset or closed)."""
    try:
        with socket.create_connection((HOST, s.port), timeout=3) as sock:
            sock.sendall(request_bytes(s, "GET", "/healthz"))
            r = raw_read(sock, timeout=3)
            return r.status != 200
    except OSError:
        return True


def _limit_test(flag, n):
    with Server([flag, str(n), "--idle-timeout", "30", "--header-timeout", "30"]) as s:
        time.sleep(0.5)  # let the server notice that the start-up probe's connection closed
        held = _hold(s, n)
        try:
            check(_refused(s), f"with {flag} {n} and {n} connections open, "
                  f"connection {n + 1} was served")
        finally:
            for sock in held:
                sock.close()
        deadline = time.monotonic() + 5
        ok = False
        while time.monotonic() < deadline and not ok:
            time.sleep(0.2)
            try:
                ok = Client(s).get("/healthz", timeout=2).status == 200
            except OSError:
                pass
        check(ok, f"with {flag} {n}: no request served within 5 s after the others closed")


@test
def max_per_ip_limits_connections():
    _limit_test("--max-per-ip", 4)


@test
def max_connections_limits_connections():
    _limit_test("--max-connections", 3)
