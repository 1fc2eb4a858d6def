# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_sso.py: single sign-on through a trusted proxy. The header that names the person is
believed only from the configured proxy addresses; from anywhere else it is ignored, and so are
X-Forwarded-Proto and X-Forwarded-For."""

import time

from harness import DEMO_EMPLOYEE, Client, Server, check, require, test

SSO = ["--sso-header", "X-Remote-User"]


@test
def sso_header_signs_in_from_a_trusted_proxy():
    with Server(args=SSO + ["--trusted-proxies", "10.9.9.9, 127.0.0.1"]) as s:
        c = Client(s)
        r = c.get("/networks", headers={"X-Remote-User": DEMO_EMPLOYEE})
        require(r.status == 200, f"GET /networks with the SSO header: {r.status}, expected 200")
        check("session" in c.cookies, "no session cookie after a single sign-on")
        # The session then works on its own, without the header.
        r = c.get("/account")
        check(r.status == 200 and DEMO_EMPLOYEE in r.text,
              f"GET /account after single sign-on: {r.status}")
        # An unknown address is simply not signed in.
        r = Client(s).get("/networks", headers={"X-Remote-User": "nobody@rijnstad.example"})
        check(r.status == 303 and "/sign-in" in (r.header("Location") or ""),
              f"unknown address through the proxy: {r.status}, expected the sign-in redirect")
        # A privileged account still needs its second factor: only the set-up page opens.
        c2 = Client(s)
        r = c2.get("/networks", headers={"X-Remote-User": "beheer@rijnstad.example"})
        check(r.status == 303, f"administrator by SSO without two-step set-up: {r.status}")
        r = c2.get("/account/two-factor")
        check(r.status == 200, f"administrator by SSO: set-up page answered {r.status}")


@test
def sso_header_is_ignored_from_anyone_else():
    with Server(args=SSO + ["--trusted-proxies", "10.9.9.9"]) as s:
        c = Client(s)
        r = c.get("/networks", headers={"X-Remote-User": DEMO_EMPLOYEE,
                                        "X-Forwarded-Proto": "https"})
        check(r.status == 303, f"the SSO header from an untrusted peer signed in: {r.status}")
        check("session" not in c.cookies, "a session cookie was set from an untrusted header")
        check(r.header("Strict-Transport-Security") is None,
              "X-Forwarded-Proto from an untrusted peer was believed (HSTS sent)")


@test
def forwarded_proto_from_trusted_proxy_makes_cookies_secure():
    with Server(args=["--trusted-proxies", "127.0.0.1"]) as s:
        c = Client(s)
        r = c.get("/sign-in", headers={"X-Forwarded-Proto": "https"})
        require(r.status == 200, f"GET /sign-in: {r.status}")
        cookie = " ".join(v for k, v in r.headers if k.lower() == "set-cookie")
        check("__Host-csrf=" in cookie and "Secure" in cookie,
              f"behind a trusted TLS proxy the csrf cookie is not __Host- and Secure: {cookie!r}")
        check(r.header("Strict-Transport-Security") is not None,
              "no HSTS behind a trusted TLS proxy")


@test
def sso_needs_trusted_proxies():
    s = Server(args=SSO)
    try:
        s.start(wait=False)
        deadline = time.monotonic() + 10
        while s.proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        require(s.proc.poll() is not None,
                "kring serve kept running with --sso-header but without --trusted-proxies")
        check(s.proc.returncode == 2, f"exit {s.proc.returncode}, expected 2")
        check("trusted-proxies" in s.stderr(), "the error does not name --trusted-proxies")
    finally:
        s.stop()
