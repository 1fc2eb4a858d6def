# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_tls.py: `kring serve` over TLS with a self-signed certificate that the test makes with
openssl and passes in KRING_TLS_CERT and KRING_TLS_KEY: /healthz and a page are served over
HTTPS, verified against that certificate, with HSTS; cookies are Secure with the __Host- prefix;
a form posted from the https origin is accepted; the same port does not serve plain HTTP, and a
server without TLS sends no HSTS."""

import http.client
import os
import shutil
import ssl
import subprocess
import tempfile

from harness import HOST, Client, Server, check, require, self_signed_cert, test


def _https(s, cert):
    ctx = ssl.create_default_context(cafile=cert)  # verifies the chain and the address
    return http.client.HTTPSConnection(HOST, s.port, timeout=10, context=ctx)


@test
def tls_serves_healthz_and_pages_with_hsts():
    d = tempfile.mkdtemp(prefix="kring-tls-")
    try:
        cert, key = self_signed_cert(d)
        with Server(env={"KRING_TLS_CERT": cert, "KRING_TLS_KEY": key}) as s:
            origin = f"https://{HOST}:{s.port}"
            c = Client(s)
            conn = _https(s, cert)
            try:
                r = c.get("/healthz", conn=conn)
                check(r.status == 200 and r.body == b"ok\n",
                      f"GET /healthz over TLS: {r.status} {r.body[:40]!r}, expected 200 ok")
                hsts = r.header("Strict-Transport-Security") or ""
                check("max-age=" in hsts, f"GET /healthz over TLS: HSTS {hsts!r}")
                r = c.get("/preferences", conn=conn)  # the same connection, kept alive
                check(r.status == 200 and r.is_html() and "<h1" in r.text,
                      f"GET /preferences over TLS: {r.status} {r.content_type}")
                hsts = r.header("Strict-Transport-Security") or ""
                check("max-age=" in hsts and int(hsts.split("max-age=")[1].split(";")[0]) >=
                      31536000, f"GET /preferences over TLS: HSTS {hsts!r}, expected a year "
                      "or more")
                cookies = r.set_cookies()
                check("__Host-csrf" in cookies, "GET /preferences over TLS: no __Host-csrf "
                      f"cookie, got {sorted(cookies)}")
                for name, (_, attrs) in cookies.items():
                    check("secure" in attrs, f"the cookie {name} over TLS is not Secure")
                token = c.token
                require(token, "GET /preferences over TLS: no CSRF token on the page")
                r = c.post("/preferences", [("text", "large")], csrf=token, conn=conn,
                           headers={"Origin": origin})
                check(r.status == 303, f"POST /preferences from {origin}: {r.status}, "
                      "expected 303")
                check("__Host-prefs" in r.set_cookies(),
                      f"POST /preferences over TLS: no __Host-prefs cookie, got "
                      f"{sorted(r.set_cookies())}")
            finally:
                conn.close()
            # The TLS port does not answer plain HTTP with a page.
            try:
                plain = Client(s).get("/healthz", timeout=3)
                check(plain.status != 200, "plain HTTP on the TLS port got 200")
            except (OSError, http.client.HTTPException):
                pass
        with Server() as s:
            r = Client(s).get("/healthz")
            check(r.status == 200 and r.header("Strict-Transport-Security") is None,
                  f"GET /healthz over plain HTTP: {r.status}, HSTS "
                  f"{r.header('Strict-Transport-Security')!r} (expected none)")
    finally:
        shutil.rmtree(d, ignore_errors=True)
