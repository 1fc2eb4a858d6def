# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_auth.py: signing in and out: the session cookie, one answer for a wrong password and an
unknown address, a new token at each sign-in, sessions that end on the server (sign-out, sign
out everywhere, a disabled account, a new role), pages that need signing in and where they lead
after it, the throttles and the lock, two-step sign-in, and the CSRF defences of every POST
route of the features' routes.c.

The demo accounts share one password (harness.DEMO_PASSWORD); the administrator, the chair and
the secretary must set up two-step sign-in at their first sign-in."""

import re
import secrets
import statistics
import time

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, DEMO_PASSWORD, Client, Server, app_routes,
                     audit_events, check, check_no_secrets, db_execute, note, recovery_codes,
                     require, run_cli, sign_in_full, test, totp_code, totp_step, two_factor_page,
                     user_list)

EN = "en-GB,en;q=0.9"
WRONG = "Not-the-right-password-42"
SIGN_IN_ERROR = "The e-mail address or the password is not right"


def _post_sign_in(c, email, password, next_="/", token=None):
    """POSTs the sign-in form (with a token from /preferences, which also works for a client
    that is signed in already and would be sent on from /sign-in)."""
    return c.post("/sign-in", {"email": email, "password": password, "next": next_},
                  csrf=token or c.csrf("/preferences"))


def _signed_in(c, path="/account"):
    """True when c's session works: GET path answers 200 (not the way to the sign-in page)."""
    r = c.get(path)
    require(r.status in (200, 303), f"GET {path}: {r.status}, expected 200 or 303")
    if r.status == 303:
        check((r.header("Location") or "").startswith("/sign-in"),
              f"GET {path} signed out went to {r.header('Location')!r}, not to /sign-in")
    return r.status == 200


def _replay(s, token, path="/account"):
    """GET path with nothing but the session cookie token (an old cookie played back)."""
    c = Client(s)
    c.cookies["session"] = token
    return c.get(path)


def _comparable(r, email):
    """The page's visible text with the typed address taken out."""
    return htmlcheck.visible_text(r.text.replace(email, "ADDRESS"))


def _summary(r):
    """The text of the page's error summary, or None."""
    for e in htmlcheck.elements(r.text):
        if "error-summary" in (e.get("class") or "").split():
            return " ".join(e.text.split())
    return None


# ---------------------------------------------------------------------------------------------
# Signing in, the cookie, where it leads


@test
def sign_in_sets_httponly_lax_session_cookie():
    with Server() as s:
        c = Client(s, lang=EN)
        r = _post_sign_in(c, DEMO_EMPLOYEE, DEMO_PASSWORD)
        require(r.status == 303, f"sign-in with the right password: {r.status}, expected 303")
        ck = r.set_cookies().get("session")
        require(ck and ck[0], "a right sign-in set no session cookie")
        value, attrs = ck
        check(attrs.get("httponly") is True, "the session cookie is not HttpOnly")
        check(str(attrs.get("samesite", "")).lower() == "lax",
              f"the session cookie has SameSite={attrs.get('samesite')!r}, expected Lax")
        check(attrs.get("path") == "/", f"the session cookie has Path={attrs.get('path')!r}")
        check("secure" not in attrs, "the session cookie is Secure over plain HTTP (the browser "
              "would never send it back)")
        check(re.fullmatch(r"[A-Za-z0-9_-]{43,}", value) is not None,
              f"the session token {value[:6]}… is not 43+ base64url characters")
        check(r.header("Location") == "/", f"sign-in with next=/ went to {r.header('Location')!r}")
        check(_signed_in(c), "GET /account after signing in is not the account page")
        check("Sam de Boer" in htmlcheck.visible_text(c.get("/account").text),
              "the account page does not name the demo employee Sam de Boer")


@test
def sign_in_pages_need_sign_in_and_lead_back_after_it():
    with Server() as s:
        for path in ("/networks", "/n/iedereen-telt", "/account"):
            c = Client(s, lang=EN)
            r = c.get(path)
            want = "/sign-in?next=" + path
            if not check(r.status == 303 and r.header("Location") == want,
                         f"GET {path} signed out: {r.status} to {r.header('Location')!r}, "
                         f"expected 303 to {want}"):
                continue
            page = c.get(want)
            check(page.status == 200, f"GET {want}: {page.status}")
            nxt = [e.get("value") for e in htmlcheck.elements(page.text, "input")
                   if e.get("name") == "next"]
            check(nxt == [path], f"the sign-in form of {want} carries next={nxt}, expected "
                  f"[{path!r}]")
            r = _post_sign_in(c, DEMO_EMPLOYEE, DEMO_PASSWORD, next_=path, token=c.token)
            check(r.status == 303 and r.header("Location") == path,
                  f"signing in with next={path}: {r.status} to {r.header('Location')!r}")
            check(c.get(path).status == 200, f"GET {path} after signing in is not 200")


@test
def sign_in_next_off_site_lands_on_home():
    with Server() as s:
        c = Client(s)
        for nxt in ("//evil.example", "http://evil.example", "/\\evil", "https://evil.example/",
                    "/\\/evil.example", "\\\\evil.example", "//evil.example/%2F..", " //evil",
                    "/\t/evil.example", "javascript:alert(1)"):
            r = _post_sign_in(c, DEMO_EMPLOYEE, DEMO_PASSWORD, next_=nxt)
            check(r.status == 303 and r.header("Location") == "/",
                  f"sign-in with next={nxt!r}: {r.status} to {r.header('Location')!r}, "
                  "expected 303 to /")
        # Signed in already, the sign-in page sends one on at once: to the same safe place.
        for nxt in ("//evil.example", "/\\evil", "http://evil.example"):
            r = c.get("/sign-in?next=" + nxt.replace("\\", "%5C"))
            check(r.status == 303 and r.header("Location") == "/",
                  f"GET /sign-in?next={nxt!r} signed in: {r.status} to "
                  f"{r.header('Location')!r}, expected 303 to /")


@test
def sign_in_wrong_password_and_unknown_address_look_the_same():
    with Server() as s:
        wrong, unknown = [], []
        for i in range(5):
            c = Client(s, lang=EN)
            wrong.append(_post_sign_in(c, DEMO_EMPLOYEE, WRONG))
            c = Client(s, lang=EN)
            addr = f"niemand{i}@rijnstad.example"
            unknown.append((addr, _post_sign_in(c, addr, WRONG)))
        statuses = {r.status for r in wrong} | {r.status for _, r in unknown}
        check(len(statuses) == 1 and statuses.pop() in (400, 401, 403),
              f"wrong password {[r.status for r in wrong]}, unknown address "
              f"{[r.status for _, r in unknown]}: expected one and the same 4xx status")
        a, b = wrong[0], unknown[0][1]
        check("session" not in a.set_cookies() and "session" not in b.set_cookies(),
              "a refused sign-in set a session cookie")
        check(SIGN_IN_ERROR in (_summary(a) or ""),
              f"the wrong-password page's error summary says {_summary(a)!r}")
        check(_comparable(a, DEMO_EMPLOYEE) == _comparable(b, unknown[0][0]),
              "the pages for a wrong password and an unknown address differ (besides the "
              "address typed)")
        # About the same time: the unknown address costs a password hash too.
        tw = statistics.median(r.elapsed for r in wrong)
        tu = statistics.median(r.elapsed for _, r in unknown)
        check(tu >= 0.5 * tw, f"an unknown address is answered in {tu * 1000:.0f} ms (median), "
              f"a wrong password in {tw * 1000:.0f} ms: the time tells who has an account")
        check(tw >= 0.01, f"a wrong password is answered in {tw * 1000:.1f} ms: no argon2id "
              "hash can be that fast")
        check_no_secrets(s, [DEMO_PASSWORD, WRONG], "wrong and unknown sign-ins")


# ---------------------------------------------------------------------------------------------
# Sessions end on the server


@test
def sign_in_gives_a_new_token_each_time_and_ends_the_old():
    with Server() as s:
        c = Client(s)
        c.sign_in(DEMO_EMPLOYEE)
        first = c.cookies.get("session")
        r = _post_sign_in(c, DEMO_EMPLOYEE, DEMO_PASSWORD)  # with the first cookie, as a
        require(r.status == 303, f"signing in again: {r.status}")  # browser would send it
        c.token = None
        second = c.cookies.get("session")
        require(first and second, "signing in set no session cookie")
        check(first != second, "signing in again kept the same session token")
        r = _replay(s, first)
        check(r.status == 303, f"the token from before the second sign-in still works ({r.status})")
        check(_signed_in(c), "the new token does not work")
        other = Client(s)
        other.sign_in(DEMO_EMPLOYEE)
        check(other.cookies.get("session") not in (first, second),
              "a second browser got a token that was given out before")
        check(_signed_in(c), "signing in on another browser ended this browser's session")


@test
def sign_out_ends_the_session_on_the_server():
    with Server() as s:
        c = Client(s)
        c.sign_in(DEMO_EMPLOYEE)
        token = c.cookies["session"]
        r = c.post("/sign-out", {})
        check(r.status == 303, f"POST /sign-out: {r.status}, expected 303")
        ck = r.set_cookies().get("session")
        check(ck is not None and (ck[0] == "" or ck[1].get("max-age") == "0"),
              f"POST /sign-out did not clear the session cookie: {ck!r}")
        r = _replay(s, token)
        check(r.status == 303 and r.header("Location") == "/sign-in?next=/account",
              f"the signed-out token played back: GET /account {r.status} to "
              f"{r.header('Location')!r}, expected 303 to /sign-in?next=/account")


@test
def sign_out_everywhere_ends_every_session_of_the_account():
    with Server() as s:
        a, b, other = Client(s), Client(s), Client(s)
        a.sign_in(DEMO_EMPLOYEE)
        b.sign_in(DEMO_EMPLOYEE)
        other.sign_in(DEMO["contact"])
        ta, tb = a.cookies["session"], b.cookies["session"]
        r = a.post("/sign-out-everywhere", {})
        check(r.status == 303, f"POST /sign-out-everywhere: {r.status}, expected 303")
        for name, tok in (("this browser", ta), ("the other browser", tb)):
            r = _replay(s, tok)
            check(r.status == 303, f"after signing out everywhere, the session of {name} "
                  f"still works (GET /account: {r.status})")
        check(_signed_in(other), "signing out everywhere ended another account's session")


@test
def disabling_an_account_ends_its_sessions():
    with Server() as s:
        c = Client(s, lang=EN)
        c.sign_in(DEMO_EMPLOYEE)
        p = run_cli(["user", "disable", DEMO_EMPLOYEE, "--db", s.db])
        require(p.returncode == 0, f"`kring user disable` exited {p.returncode}: {p.stderr!r}")
        check(not _signed_in(c), "the session of a disabled account still works")
        check("disabled" in user_list(s.db)[DEMO_EMPLOYEE][2],
              "`kring user list` does not show the account as disabled")
        d = Client(s, lang=EN)
        r = _post_sign_in(d, DEMO_EMPLOYEE, DEMO_PASSWORD)
        check(r.status == 400 and SIGN_IN_ERROR in (_summary(r) or ""),
              f"a disabled account signing in with its right password: {r.status} "
              f"{_summary(r)!r}, expected the same 400 as a wrong password")
        p = run_cli(["user", "enable", DEMO_EMPLOYEE, "--db", s.db])
        require(p.returncode == 0, f"`kring user enable` exited {p.returncode}")
        d.sign_in(DEMO_EMPLOYEE)
        check(_signed_in(d), "after `kring user enable` the account cannot sign in")


@test
def a_change_of_role_ends_the_sessions():
    with Server() as s:
        for args, what in ((["contact"], "contact point"),
                           (["ambassador", "--network", "neurokring"], "ambassador of Neurokring"),
                           (["none", "--network", "neurokring"], "no role in Neurokring"),
                           (["none"], "no organisation role")):
            c = Client(s)
            c.sign_in(DEMO_EMPLOYEE)
            require(_signed_in(c), "signing in did not work")
            p = run_cli(["user", "role", DEMO_EMPLOYEE] + args + ["--db", s.db])
            require(p.returncode == 0, f"`kring user role {' '.join(args)}` exited "
                    f"{p.returncode}: {p.stderr.strip()!r}")
            check(not _signed_in(c), f"the session survived a change of role ({what})")
        check(audit_events(s.db).count("role_changed") >= 4,
              "the audit log does not hold a role_changed entry for each change")


@test
def sign_in_works_at_once_after_the_session_ended_elsewhere():
    # A browser whose session ended on the server (signed out everywhere, a new role, the idle
    # limit) still sends the old cookie: the way back to the sign-in page and the form there
    # must work on the first try, as for anyone else.
    with Server() as s:
        c = Client(s, lang=EN)
        c.sign_in(DEMO_EMPLOYEE)
        other = Client(s)
        other.sign_in(DEMO_EMPLOYEE)
        require(other.post("/sign-out-everywhere", {}).status == 303, "sign out everywhere failed")
        dead = c.cookies["session"]
        # By way of a page that needs signing in, and straight to the sign-in page (a bookmark).
        for how, first in (("after GET /account", "/account"), ("at GET /sign-in", None)):
            c.cookies["session"] = dead
            if first:
                r = c.get(first)
                require(r.status == 303, f"GET {first} with the ended session: {r.status}")
                where = r.header("Location")
            else:
                where = "/sign-in?next=/account"
            page = c.get(where)
            check(page.status == 200, f"GET {where}: {page.status}")
            r = c.post("/sign-in", {"email": DEMO_EMPLOYEE, "password": DEMO_PASSWORD,
                                    "next": "/account"}, csrf=htmlcheck.csrf_token(page.text))
            check(r.status == 303 and r.header("Location") == "/account",
                  f"with an ended session's cookie, {how}: the sign-in form of {where} "
                  f"answered {r.status}, expected 303 to /account (its CSRF token is bound to "
                  "the dead session cookie that the same answer clears)")


# ---------------------------------------------------------------------------------------------
# Throttles and the lock


def _at_fraction(frac):
    """Sleeps until the clock is frac into a second (at most one second): the server counts
    waits in whole seconds, so where in its second an attempt falls must not decide."""
    time.sleep((frac - time.time() % 1) % 1)


def _fail_then_try(c, email, failures, gap=0.0, frac=0.05):
    """failures wrong passwords for email, the last one sent at frac into a second, then the
    right password gap seconds after that last one started. Returns (the wrong ones' responses,
    the audit events before the last one, the last attempt's response)."""
    token = c.csrf("/preferences")
    tries = [_post_sign_in(c, email, WRONG, token=token) for _ in range(failures - 1)]
    before = audit_events(c.server.db)
    _at_fraction(frac)
    started = time.monotonic()
    tries.append(_post_sign_in(c, email, WRONG, token=token))
    time.sleep(max(0.0, started + gap - time.monotonic()))
    return tries, before, _post_sign_in(c, email, DEMO_PASSWORD, token=token)


@test
def sign_in_throttled_after_five_failures_for_one_address():
    with Server() as s:
        c = Client(s, lang=EN)
        tries, before, r = _fail_then_try(c, DEMO_EMPLOYEE, 5)
        check(all(t.status == 400 for t in tries),
              f"five wrong passwords answered {[t.status for t in tries]}, expected 400 each")
        check(r.status == 429, f"the sixth attempt (right password, at once): {r.status}, "
              "expected 429")
        ra = r.header("Retry-After") or ""
        check(ra.isdigit() and int(ra) > 0, f"the 429 has Retry-After {ra!r}, expected seconds")
        check("session" not in r.set_cookies(), "a throttled sign-in set a session cookie")
        check(_summary(r), "the 429 page has no error summary saying what happened")
        after = audit_events(s.db)
        check(after == before + ["sign_in_failed"],
              f"the throttled attempt was still checked and logged: {after[len(before) + 1:]}")
        check(r.elapsed < 0.8 * statistics.median(t.elapsed for t in tries),
              f"the throttled attempt took {r.elapsed * 1000:.0f} ms, as long as a password "
              "check")
        # Another address from the same client: still allowed (the client's threshold is 20).
        r = _post_sign_in(c, DEMO["contact"], DEMO_PASSWORD)
        check(r.status == 303, f"another address from the same client: {r.status}, expected 303")
        # The first wait is a second: an attempt 0.6 s after the fifth failure is still inside
        # it, also when the clock has turned to the next second in between.
        tries, _, r = _fail_then_try(Client(s, lang=EN), DEMO["ambassador"], 5, gap=0.6,
                                     frac=0.6)
        check(r.status == 429, f"a sixth attempt 0.6 s after the fifth failure, in the next "
              f"second of the clock: {r.status}, expected 429 (the wait after five failures "
              "ends at the turn of the second, not a second later: the password was checked"
              + (" and the sign-in succeeded)" if r.status == 303 else ")"))


@test
def sign_in_throttled_after_twenty_failures_from_one_client():
    with Server() as s:
        c = Client(s, source="127.0.0.3")
        token = c.csrf("/preferences")
        codes = [_post_sign_in(c, f"onbekend{i}@rijnstad.example", WRONG, token=token).status
                 for i in range(19)]
        _at_fraction(0.05)
        codes.append(_post_sign_in(c, "onbekend19@rijnstad.example", WRONG, token=token).status)
        check(codes == [400] * 20, f"20 failures from one client answered {sorted(set(codes))}, "
              "expected 400 each")
        r = _post_sign_in(c, DEMO_EMPLOYEE, DEMO_PASSWORD, token=token)
        check(r.status == 429, f"the 21st attempt from the client: {r.status}, expected 429")
        check((r.header("Retry-After") or "").isdigit(),
              f"the 429 has Retry-After {r.header('Retry-After')!r}")
        d = Client(s, source="127.0.0.4")
        r = _post_sign_in(d, DEMO_EMPLOYEE, DEMO_PASSWORD)
        check(r.status == 303, f"the same account from another client: {r.status}, expected 303")


@test
def sign_in_locks_after_one_hundred_failures_in_a_row():
    # 100 real failures cannot be made over HTTP in a test: after 5 the address's throttle
    # waits 1, 2, 4 ... up to 900 s between tries (hours in all). The count is put at 98 in the
    # database; the last two failures go through the sign-in form.
    with Server(db="demo") as s:
        def set_failures(n):
            db_execute(s.db, "UPDATE account SET failures = ?, locked = 0 WHERE email = ?",
                       (n, DEMO_EMPLOYEE))

        set_failures(98)
        c = Client(s, lang=EN)
        c.sign_in(DEMO_EMPLOYEE)  # a success ends the row of failures
        for _ in range(2):
            _post_sign_in(Client(s), DEMO_EMPLOYEE, WRONG)
        check("locked" not in user_list(s.db)[DEMO_EMPLOYEE][2],
              "locked after 2 failures that followed a successful sign-in (not in a row)")
        set_failures(98)
        r99 = _post_sign_in(Client(s), DEMO_EMPLOYEE, WRONG)
        check("locked" not in user_list(s.db)[DEMO_EMPLOYEE][2], "locked after 99 failures")
        r100 = _post_sign_in(Client(s), DEMO_EMPLOYEE, WRONG)
        check(r99.status == 400 and r100.status == 400,
              f"failures 99 and 100 answered {r99.status}, {r100.status}, expected 400")
        check("locked" in user_list(s.db)[DEMO_EMPLOYEE][2],
              "`kring user list` does not show the account as locked after 100 failures")
        check("account_locked" in audit_events(s.db), "no account_locked entry in the audit log")
        check(not _signed_in(c), "the session of a locked account still works")
        r = _post_sign_in(Client(s, lang=EN), DEMO_EMPLOYEE, DEMO_PASSWORD)
        check(r.status == 400 and SIGN_IN_ERROR in (_summary(r) or ""),
              f"a locked account with its right password: {r.status} {_summary(r)!r}, expected "
              "the same 400 as a wrong password")
        note("the lock after 100 failures is tested from 98 (set in the database): 100 failures "
             "over HTTP would take hours behind the per-address throttle")


# ---------------------------------------------------------------------------------------------
# Two-step sign-in


def _must_set_up(s):
    """A client signed in as the demo administrator, who has not set up two-step sign-in."""
    c = Client(s, lang=EN)
    r = _post_sign_in(c, DEMO["admin"], DEMO_PASSWORD, next_="/networks")
    require(r.status == 303, f"the administrator's sign-in: {r.status}")
    check(r.header("Location") == "/account/two-factor",
          f"the administrator's first sign-in went to {r.header('Location')!r}, expected "
          "/account/two-factor")
    c.token = None
    return c


@test
def two_step_must_be_set_up_first_and_shows_qr_and_key():
    with Server() as s:
        c = _must_set_up(s)
        for path in ("/networks", "/n/iedereen-telt", "/account"):
            r = c.get(path)
            check(r.status == 303 and r.header("Location") == "/sign-in?next=" + path,
                  f"GET {path} before setting up two-step sign-in: {r.status} to "
                  f"{r.header('Location')!r}, expected 303 to /sign-in?next={path}")
        r = c.get("/account/two-factor")
        require(r.status == 200, f"GET /account/two-factor: {r.status}")
        check(not htmlcheck.structure_problems(r.text, "en"),
              f"the set-up page: {htmlcheck.structure_problems(r.text, 'en')}")
        svgs = htmlcheck.elements(r.text, "svg")
        check(len(svgs) == 1 and svgs[0].get("role") == "img" and
              (svgs[0].get("aria-label") or "<title" in r.text),
              "the set-up page has no <svg role=\"img\"> QR code with a text alternative")
        secret, box = two_factor_page(r)
        check(re.fullmatch(r"[A-Z2-7]{32}", secret.replace(" ", "")) is not None,
              f"the key as text is not 32 base32 characters: {len(secret)} shown")
        # A wrong code: 400, the error summary, and the same key to try again with.
        good = {totp_code(secret, totp_step() + d) for d in (-1, 0, 1)}
        bad = next(x for x in ("000000", "111111", "222222") if x not in good)
        r = c.post("/account/two-factor", {"box": box, "code": bad})
        check(r.status == 400, f"a wrong code: {r.status}, expected 400")
        check(_summary(r), "a wrong code: no error summary")
        check(two_factor_page(r)[0] == secret, "after a wrong code the page shows another key")
        step = totp_step()
        r = c.post("/account/two-factor", {"box": box, "code": totp_code(secret, step)})
        require(r.status == 200, f"the right code: {r.status}, expected 200")
        codes = recovery_codes(r.text)
        check(len(codes) == 10 and len(set(codes)) == 10,
              f"{len(set(codes))} different recovery codes shown, expected 10")
        c.token = None
        check(_signed_in(c), "after setting up two-step sign-in the session is not complete")
        again = c.get("/account/two-factor").text + c.get("/account").text
        check(not any(code in again for code in codes), "a recovery code is shown a second time")
        check("2fa" in user_list(s.db)[DEMO["admin"]][2],
              "`kring user list` does not show 2fa for the administrator")
        check("second_factor_set_up" in audit_events(s.db), "no second_factor_set_up audited")
        check_no_secrets(s, codes + [secret, secret.replace(" ", ""), box, DEMO_PASSWORD,
                                     totp_code(secret, step), c.cookies.get("session")],
                         "setting up two-step sign-in")


@test
def two_step_asks_for_the_code_and_refuses_replays():
    with Server() as s:
        tf = sign_in_full(Client(s), DEMO["admin"])
        set_up_code = totp_code(tf.secret, tf.last_step)
        c = Client(s, lang=EN)
        r = _post_sign_in(c, DEMO["admin"], DEMO_PASSWORD, next_="/networks")
        check(r.status == 303 and (r.header("Location") or "").startswith("/sign-in/code"),
              f"a sign-in with two-step sign-in on: {r.status} to {r.header('Location')!r}, "
              "expected 303 to /sign-in/code")
        c.token = None
        check(not _signed_in(c), "before the code the session already works")
        page = c.get("/sign-in/code?next=/networks")
        check(page.status == 200, f"GET /sign-in/code: {page.status}")
        r = c.post("/sign-in/code", {"code": set_up_code, "next": "/networks"})
        check(r.status == 400, f"the code used to set up, again in its step: {r.status}, "
              "expected 400 (a code works once)")
        code = tf.next_code()
        r = c.post("/sign-in/code", {"code": code, "next": "/networks"})
        check(r.status == 303 and r.header("Location") == "/networks",
              f"the right code: {r.status} to {r.header('Location')!r}, expected 303 to "
              "/networks")
        check(_signed_in(c), "after the right code the session does not work")
        d = Client(s, lang=EN)
        _post_sign_in(d, DEMO["admin"], DEMO_PASSWORD)
        d.token = None
        d.get("/sign-in/code")
        r = d.post("/sign-in/code", {"code": code, "next": "/"})
        check(r.status == 400, f"the same code a second time in its step: {r.status}, "
              "expected 400")
        check(not _signed_in(d), "a replayed code completed the sign-in")
        # A recovery code works once, in any spelling; the second use is refused.
        rc = tf.codes[0]
        r = d.post("/sign-in/code", {"code": rc.upper(), "next": "/"})
        check(r.status == 303, f"a recovery code: {r.status}, expected 303")
        check(_signed_in(d), "after a recovery code the session does not work")
        e = Client(s, lang=EN)
        _post_sign_in(e, DEMO["admin"], DEMO_PASSWORD)
        e.token = None
        e.get("/sign-in/code")
        r = e.post("/sign-in/code", {"code": rc, "next": "/"})
        check(r.status == 400, f"a recovery code used before: {r.status}, expected 400")
        check(not _signed_in(e), "a used recovery code completed the sign-in")
        ev = audit_events(s.db)
        for want in ("second_factor_failed", "recovery_code_used"):
            check(want in ev, f"no {want} in the audit log")
        check_no_secrets(s, tf.codes + [tf.secret.replace(" ", ""), code, set_up_code,
                                        DEMO_PASSWORD], "two-step sign-in")


@test
def two_step_throttled_after_five_wrong_codes():
    with Server() as s:
        tf = sign_in_full(Client(s), DEMO["admin"])
        c = Client(s, lang=EN)
        _post_sign_in(c, DEMO["admin"], DEMO_PASSWORD)
        c.token = None
        c.get("/sign-in/code")
        good = {totp_code(tf.secret, totp_step() + d) for d in range(-1, 4)}
        bad = next(x for x in ("000000", "111111", "222222", "333333") if x not in good)
        codes = [c.post("/sign-in/code", {"code": bad, "next": "/"}).status for _ in range(4)]
        right = tf.next_code()
        _at_fraction(0.05)
        codes.append(c.post("/sign-in/code", {"code": bad, "next": "/"}).status)
        check(codes == [400] * 5, f"five wrong codes answered {codes}, expected 400 each")
        r = c.post("/sign-in/code", {"code": right, "next": "/"})
        check(r.status == 429, f"the sixth attempt (right code): {r.status}, expected 429")
        check((r.header("Retry-After") or "").isdigit(),
              f"the 429 has Retry-After {r.header('Retry-After')!r}")
        check(not _signed_in(c), "a throttled code completed the sign-in")


@test
def two_step_cannot_be_skipped_by_setting_it_up_again():
    with Server() as s:
        tf = sign_in_full(Client(s), DEMO["admin"])
        # Someone who has only the password: the session waits for the code.
        c = Client(s, lang=EN)
        r = _post_sign_in(c, DEMO["admin"], DEMO_PASSWORD)
        require((r.header("Location") or "").startswith("/sign-in/code"),
                f"the sign-in did not ask for the code ({r.header('Location')!r})")
        c.token = None
        r = c.get("/account/two-factor")
        if r.status == 200 and 'name="box"' in r.text:
            secret, box = two_factor_page(r)
            c.post("/account/two-factor", {"box": box, "code": totp_code(secret, totp_step())})
            c.token = None
        check(not _signed_in(c), "with the password alone (no code), GET and POST "
              "/account/two-factor set up a new second factor and completed the sign-in: "
              "anyone with the password can skip two-step sign-in (and replace the owner's "
              "authenticator)")
        check(r.status != 200 or 'name="box"' not in r.text,
              "GET /account/two-factor offers a new key to a session that has not given the "
              "code of the second factor it already has")
        d = Client(s)
        _post_sign_in(d, DEMO["admin"], DEMO_PASSWORD)
        d.token = None
        d.get("/sign-in/code")
        r = d.post("/sign-in/code", {"code": tf.next_code(), "next": "/"})
        check(r.status == 303, f"the owner's own authenticator no longer works: its code "
              f"answered {r.status}, expected 303")


# ---------------------------------------------------------------------------------------------
# CSRF


def _concrete(pattern):
    """A path for a route pattern: a random link token, a network that exists, an account id
    and a question reference that do not (so that no POST can change a real account); a role's
    key (the core team's pages) that does."""
    return (pattern.replace("{token}", secrets.token_urlsafe(32))
            .replace("{slug}", "iedereen-telt").replace("{id}", "999999")
            .replace("{sub}", "bestaat-niet").replace("{ref}", "bestaatnietzqxyz")
            .replace("{key}", "chair").replace("{cid}", "999999"))


@test
def csrf_every_post_route_refuses_missing_wrong_and_cross_site_tokens():
    posts = [(p, flags, roles) for m, p, flags, roles in app_routes() if m == "POST"]
    require(len(posts) >= 10, f"only {len(posts)} POST routes in the features' routes.c")
    missing = [p for p, flags, _ in posts if "CSRF" not in flags]
    check(not missing, f"POST routes without ROUTE_CSRF: {missing}")
    with Server() as s:
        employee = Client(s)
        employee.sign_in(DEMO_EMPLOYEE)
        admin = Client(s)
        sign_in_full(admin, DEMO["admin"])
        has_admin = admin.get("/admin").status != 404
        if not has_admin:
            note("this binary has no /admin routes yet: their CSRF checks were skipped")
        # Sign-out routes last: the controls at the end use their sessions.
        order = sorted(posts, key=lambda x: x[0].startswith("/sign-out"))
        controls = []
        for pattern, flags, roles in order:
            if pattern.startswith("/admin") and not has_admin:
                continue
            c = admin if roles != "0" else employee
            path = _concrete(pattern)
            c.token = None
            good = c.csrf("/preferences")
            cases = [("no token", [], {}),
                     ("a wrong token", [("csrf", secrets.token_urlsafe(32))], {}),
                     ("an empty token", [("csrf", "")], {}),
                     ("Sec-Fetch-Site: cross-site", [("csrf", good)],
                      {"Sec-Fetch-Site": "cross-site"}),
                     ("a foreign Origin", [("csrf", good)],
                      {"Sec-Fetch-Site": None, "Origin": "http://evil.example"})]
            for what, fields, headers in cases:
                r = c.post(path, fields, csrf=False, headers=headers)
                check(r.status == 403, f"POST {pattern} with {what}: {r.status}, expected 403")
            controls.append((pattern, path, c))
        for pattern, path, c in controls:
            c.token = None
            r = c.post(path, [("csrf", c.csrf("/preferences"))], csrf=False)
            check(r.status != 403, f"POST {pattern} with the right token answered 403 too, so "
                  "the refusals above prove nothing")


@test
def csrf_token_from_before_sign_in_is_refused_after_it():
    with Server() as s:
        c = Client(s)
        before = c.csrf("/sign-in")
        r = _post_sign_in(c, DEMO_EMPLOYEE, DEMO_PASSWORD, token=before)
        require(r.status == 303, f"sign-in: {r.status}")
        form = [("csrf", before), ("text", "large")]
        r = c.post("/preferences", form, csrf=False)
        check(r.status == 403, f"a token from before signing in, used after: {r.status}, "
              "expected 403")
        signed_in = c.csrf("/preferences")
        check(signed_in != before, "the CSRF token did not change at sign-in")
        r = c.post("/preferences", [("csrf", signed_in), ("text", "large")], csrf=False)
        check(r.status == 303, f"the token of the session: {r.status}, expected 303")
        c.post("/sign-out", [("csrf", signed_in)], csrf=False)
        r = c.post("/preferences", [("csrf", signed_in), ("text", "large")], csrf=False)
        check(r.status == 403, f"the session's token after signing out: {r.status}, expected 403")


def _step_up(c, proof, next_="/account/two-factor"):
    return c.post("/account/step-up", {"proof": proof, "next": next_})


def _asks_step_up(r):
    return r.status == 200 and 'name="proof"' in r.text and 'name="box"' not in r.text


@test
def two_step_set_up_again_asks_for_the_password_or_a_code_first_for_5_minutes():
    with Server() as s:
        c = Client(s, lang=EN)
        tf = sign_in_full(c, DEMO["admin"])
        # Not stepped up: the form asks for the password or a code, and offers no new key;
        # a POST of a new key is refused.
        r = c.get("/account/two-factor")
        check(_asks_step_up(r), f"GET /account/two-factor with two-step sign-in on, before a "
              f"step-up: {r.status}, without the step-up form or with a new key")
        check(not htmlcheck.structure_problems(r.text, "en"),
              f"the step-up page: {htmlcheck.structure_problems(r.text, 'en')}")
        r = c.post("/account/two-factor", {"box": "A" * 80, "code": "123456"})
        check(r.status == 403, f"POST /account/two-factor without a step-up: {r.status}, "
              "expected 403")
        # A wrong password and a wrong code: 400 with the error summary, counted and audited
        # as failed sign-ins are.
        before = len(audit_events(s.db))
        r = _step_up(c, WRONG)
        check(r.status == 400 and _summary(r), f"a wrong password: {r.status}, summary "
              f"{_summary(r)!r}, expected 400 with an error summary")
        good = {totp_code(tf.secret, totp_step() + d) for d in (-1, 0, 1)}
        bad = next(x for x in ("000000", "111111", "222222") if x not in good)
        r = _step_up(c, bad)
        check(r.status == 400 and _summary(r), f"a wrong code: {r.status}, expected 400")
        new = audit_events(s.db)[before:]
        check(new == ["sign_in_failed", "second_factor_failed"],
              f"the wrong step-ups were audited as {new}, expected a failed sign-in and a "
              "failed second factor")
        check(_asks_step_up(c.get("/account/two-factor")), "a wrong step-up opened the set-up")
        # Another target than a known change is refused (the form is not an open redirect).
        r = _step_up(c, DEMO_PASSWORD, next_="/admin")
        check(r.status == 400, f"a step-up for /admin: {r.status}, expected 400")
        # The password: the set-up works.
        r = _step_up(c, DEMO_PASSWORD)
        check(r.status == 303 and r.header("Location") == "/account/two-factor",
              f"the right password: {r.status} to {r.header('Location')!r}")
        r = c.get("/account/two-factor")
        require(r.status == 200 and 'name="box"' in r.text,
                f"after the step-up GET /account/two-factor offers no new key ({r.status})")
        secret, box = two_factor_page(r)
        step = totp_step()
        r = c.post("/account/two-factor", {"box": box, "code": totp_code(secret, step)})
        check(r.status == 200 and len(recovery_codes(r.text)) == 10,
              f"setting up again after the step-up: {r.status}")
        # Another session of the same person has not stepped up.
        d = Client(s, lang=EN)
        tf.secret, tf.last_step = secret, step
        sign_in_full(d, DEMO["admin"], two_factor=tf)
        check(_asks_step_up(d.get("/account/two-factor")),
              "a step-up in one session also counted in another")
        # After 5 minutes it is asked again (the step-up time is the session's, in the
        # database: moved back as time would).
        db_execute(s.db, "UPDATE session SET step_up_at = ? WHERE step_up_at IS NOT NULL",
                   (int(time.time()) - 290,))
        check(not _asks_step_up(c.get("/account/two-factor")),
              "the step-up ended before 5 minutes")
        db_execute(s.db, "UPDATE session SET step_up_at = ? WHERE step_up_at IS NOT NULL",
                   (int(time.time()) - 301,))
        check(_asks_step_up(c.get("/account/two-factor")),
              "5 minutes after the step-up the set-up was still open without a new one")
        r = c.post("/account/two-factor", {"box": box, "code": totp_code(secret, totp_step())})
        check(r.status == 403, f"POST /account/two-factor after 5 minutes: {r.status}")
        # A current code from the app is a step-up too.
        r = _step_up(c, tf.next_code())
        check(r.status == 303, f"a step-up with a current code: {r.status}, expected 303")
        check(not _asks_step_up(c.get("/account/two-factor")),
              "a step-up with a current code did not open the set-up")
        # Wrong passwords count on the sign-in throttle of the address: after five, even the
        # right password waits.
        for _ in range(5):
            _step_up(d, WRONG)
        r = _step_up(d, DEMO_PASSWORD)
        check(r.status == 429 and (r.header("Retry-After") or "").isdigit(),
              f"a step-up after five wrong passwords: {r.status}, expected 429 with "
              "Retry-After")
        r = _post_sign_in(Client(s, lang=EN), DEMO["admin"], DEMO_PASSWORD)
        check(r.status == 429, f"a sign-in after five wrong step-ups: {r.status}, expected "
              "429 (the same throttle)")
