# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_email_links.py: links by e-mail, through a real SMTP server (the aiosmtpd relay of
test_mail.py on 127.0.0.1): a new password (/reset), an invitation by open sign-up (/sign-up,
/invite), the password policy on those pages, and the audit log after all of it.

The server runs with --base-url, so the links in the messages point at it; the test reads each
link from the message the relay received, as a colleague would click it. A link's expiry is
tested by moving its expires_at into the past in the database (nobody waits 30 minutes)."""

import email
import email.policy
import re
import secrets
import time

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, DEMO_PASSWORD, HOST, Client, Server, audit_events,
                     audit_list, check, check_no_secrets, db_execute, free_port, require,
                     run_cli, sign_in_full, test, totp_code, user_list)
from test_mail import Relay

EN = "en-GB,en;q=0.9"
FROM = "kring@example.org"
NEW_COLLEAGUE = "nieuwe.collega@rijnstad.example"
GONE = "does not work any more"


def _serve(relay, prepare=None):
    """A demo server that sends mail through relay, with links to itself; prepare(db) runs on
    the database before the server starts."""
    port = free_port()
    s = Server(["--smtp", f"smtp://{HOST}:{relay.port}", "--mail-from", FROM,
                "--base-url", f"http://{HOST}:{port}"], env={"KRING_MAIL_RETRY_BASE": "1"})
    if prepare:
        prepare(s.db)
    return s.start(port=port)


def _open_sign_up(db):
    db_execute(db, "UPDATE organisation SET open_signup = 1")
    db_execute(db, "INSERT INTO org_domain (domain) VALUES ('rijnstad.example')")


def _messages_to(relay, to):
    out = []
    for _, rcpts, raw in relay.received():
        if to in rcpts:
            m = email.message_from_bytes(raw, policy=email.policy.default)
            out.append(m.get_content())
    return out


def _link(s, relay, to, kind, nth=1, timeout=20):
    """The token of the nth /kind/ link sent to `to`, waiting at most timeout seconds."""
    deadline = time.monotonic() + timeout
    while len(_messages_to(relay, to)) < nth and time.monotonic() < deadline:
        time.sleep(0.1)
    msgs = _messages_to(relay, to)
    require(len(msgs) >= nth, f"no e-mail with a /{kind}/ link reached {to} within {timeout}s "
            f"({len(msgs)} of {nth})")
    m = re.search(rf"{re.escape(s.origin)}/{kind}/([A-Za-z0-9_-]+)", msgs[nth - 1])
    require(m, f"the e-mail to {to} has no link {s.origin}/{kind}/…: {msgs[nth - 1][:300]!r}")
    return m.group(1)


def _reset_link(s, relay, to, nth=1):
    c = Client(s, lang=EN)
    r = c.post("/reset", {"email": to}, csrf=c.csrf("/reset"))
    require(r.status == 200, f"POST /reset for {to}: {r.status}")
    return _link(s, relay, to, "reset", nth)


def _set_password(s, path, password, **extra):
    c = Client(s, lang=EN)
    page = c.get(path)
    require(page.status == 200, f"GET {path[:12]}…: {page.status}, expected the form")
    return c.post(path, dict(extra, password=password), csrf=htmlcheck.csrf_token(page.text))


def _sign_in(s, email_, password):
    c = Client(s, lang=EN)
    r = c.post("/sign-in", {"email": email_, "password": password, "next": "/"},
               csrf=c.csrf("/sign-in"))
    return c, r


def _summary(r):
    for e in htmlcheck.elements(r.text):
        if "error-summary" in (e.get("class") or "").split():
            return " ".join(e.text.split())
    return None


def _gone(r, what):
    check(r.status == 404, f"{what}: {r.status}, expected 404")
    check(GONE in (htmlcheck.h1_text(r.text) or ""),
          f"{what}: the page says {htmlcheck.h1_text(r.text)!r}, not that the link {GONE}")


# ---------------------------------------------------------------------------------------------
# A new password


@test
def reset_same_answer_for_everyone_mail_only_to_the_account_link_works_once():
    with Relay().start() as relay:
        s = _serve(relay)
        victim_session = Client(s)
        victim_session.sign_in(DEMO_EMPLOYEE)
        c = Client(s, lang=EN)
        known = c.post("/reset", {"email": DEMO_EMPLOYEE}, csrf=c.csrf("/reset"))
        unknown_addr = "niemand@rijnstad.example"
        unknown = c.post("/reset", {"email": unknown_addr})
        check(known.status == unknown.status == 200,
              f"POST /reset: {known.status} for an account, {unknown.status} for none, "
              "expected 200 both")
        check(htmlcheck.visible_text(known.text.replace(DEMO_EMPLOYEE, "X")) ==
              htmlcheck.visible_text(unknown.text.replace(unknown_addr, "X")),
              "POST /reset answers differently for an address with an account and one without")
        token = _link(s, relay, DEMO_EMPLOYEE, "reset")
        time.sleep(2.5)  # the worker polls every second: mail for the unknown address would show
        rcpts = [r for _, rs, _ in relay.received() for r in rs]
        check(rcpts == [DEMO_EMPLOYEE], f"mail went to {rcpts}, expected only {DEMO_EMPLOYEE}")
        path = "/reset/" + token
        page = Client(s, lang=EN).get(path)
        check(page.status == 200 and any(e.get("name") == "password" for e in
                                         htmlcheck.elements(page.text, "input")),
              f"GET the reset link: {page.status}, no password field")
        new = "Een nieuw wachtwoord voor Sam, 2026!"
        r = _set_password(s, path, new)
        check(r.status == 303 and r.header("Location") == "/sign-in?done=password",
              f"POST a new password: {r.status} to {r.header('Location')!r}, expected 303 to "
              "/sign-in?done=password")
        notice = Client(s, lang=EN).get("/sign-in?done=password")
        check("new password is saved" in htmlcheck.visible_text(notice.text),
              "the sign-in page after a new password does not say it is saved")
        r = victim_session.get("/account")
        check(r.status == 303, f"a session from before the new password still works ({r.status})")
        _, r = _sign_in(s, DEMO_EMPLOYEE, DEMO_PASSWORD)
        check(r.status == 400, f"the old password after the reset: {r.status}, expected 400")
        _, r = _sign_in(s, DEMO_EMPLOYEE, new)
        check(r.status == 303, f"the new password: {r.status}, expected 303")
        # Once only; a wrong, cut or lengthened token is no link at all.
        _gone(Client(s, lang=EN).get(path), "GET the reset link a second time")
        c2 = Client(s, lang=EN)
        r = c2.post(path, {"password": "Nog een ander wachtwoord 2026"}, csrf=c2.csrf("/reset"))
        _gone(r, "POST the used reset link")
        for bad in (secrets.token_urlsafe(32), token[:-1], token + "A", "x"):
            _gone(Client(s, lang=EN).get("/reset/" + bad), f"GET /reset/<{len(bad)} chars>")
        ev = audit_events(s.db)
        for want in ("password_reset_requested", "password_reset_done"):
            check(want in ev, f"no {want} in the audit log")
        check(unknown_addr not in audit_list(s.db), "the audit log names an unknown address")
        check_no_secrets(s, [token, new, DEMO_PASSWORD], "a reset")


@test
def reset_link_expires():
    with Relay().start() as relay:
        s = _serve(relay)
        token = _reset_link(s, relay, DEMO_EMPLOYEE)
        db_execute(s.db, "UPDATE email_token SET expires_at = ? WHERE kind = 'reset'",
                   (int(time.time()) - 1,))
        _gone(Client(s, lang=EN).get("/reset/" + token), "GET an expired reset link")
        c = Client(s, lang=EN)
        r = c.post("/reset/" + token, {"password": "Een wachtwoord dat te laat komt"},
                   csrf=c.csrf("/reset"))
        _gone(r, "POST an expired reset link")
        _, r = _sign_in(s, DEMO_EMPLOYEE, DEMO_PASSWORD)
        check(r.status == 303, f"an expired link changed the password (old one: {r.status})")


@test
def reset_password_policy_and_long_passwords_kept_whole():
    with Relay().start() as relay:
        s = _serve(relay)
        path = "/reset/" + _reset_link(s, relay, DEMO_EMPLOYEE)
        for pw, why in (("Kort12!", "7 characters"), ("wachtwoord", "a common password"),
                        ("password1", "a common password"),
                        ("medewerker-2026-rijnstad", "the e-mail address's local part")):
            r = _set_password(s, path, pw)
            check(r.status == 400 and _summary(r),
                  f"a new password of {why} ({pw!r}): {r.status}, expected 400 with an error "
                  "summary")
        check(Client(s).get(path).status == 200, "a refused password used up the link")
        long64 = "Mijn fiets staat altijd bij het station van Rijnstad, naast de bakker."
        require(len(long64) >= 64, "the long password is shorter than 64")
        r = _set_password(s, path, long64)
        check(r.status == 303, f"a password of {len(long64)} characters: {r.status}, expected 303")
        _, r = _sign_in(s, DEMO_EMPLOYEE, long64)
        check(r.status == 303, f"signing in with the {len(long64)}-character password: {r.status}")
        # 1024 characters: accepted, and every one of them counts.
        long1024 = ("Rijnstad " * 114)[:1023] + "!"
        require(len(long1024) == 1024, "the 1024-character password is not 1024 long")
        r = _set_password(s, "/reset/" + _reset_link(s, relay, DEMO_EMPLOYEE, 2), long1024)
        check(r.status == 303, f"a password of 1024 characters: {r.status}, expected 303")
        _, r = _sign_in(s, DEMO_EMPLOYEE, long1024)
        check(r.status == 303, f"signing in with the 1024-character password: {r.status}")
        _, r = _sign_in(s, DEMO_EMPLOYEE, long1024[:1000])
        check(r.status == 400, f"the first 1000 characters of the 1024-character password "
              f"signed in ({r.status}): it was cut")
        p100 = ("Honderd tekens lang, en alleen de laatste telt ook mee. " * 2)[:99] + "Z"
        r = _set_password(s, "/reset/" + _reset_link(s, relay, DEMO_EMPLOYEE, 3), p100)
        check(r.status == 303, f"a password of 100 characters: {r.status}, expected 303")
        _, r = _sign_in(s, DEMO_EMPLOYEE, p100[:99] + "Y")
        check(r.status == 400, f"the 100-character password with its last character changed "
              f"signed in ({r.status}): it was cut")
        _, r = _sign_in(s, DEMO_EMPLOYEE, p100)
        check(r.status == 303, f"the 100-character password: {r.status}, expected 303")
        check_no_secrets(s, [long64, long1024, p100], "the password policy")


@test
def reset_unlocks_a_locked_account_and_lets_a_throttled_one_in():
    with Relay().start() as relay:
        s = _serve(relay)
        db_execute(s.db, "UPDATE account SET failures = 100, locked = 1 WHERE email = ?",
                   (DEMO_EMPLOYEE,))
        require("locked" in user_list(s.db)[DEMO_EMPLOYEE][2], "the account did not lock")
        _, r = _sign_in(s, DEMO_EMPLOYEE, DEMO_PASSWORD)
        check(r.status == 400, f"a locked account with its password: {r.status}, expected 400")
        new = "Weer binnen na het slot, 2026"
        r = _set_password(s, "/reset/" + _reset_link(s, relay, DEMO_EMPLOYEE), new)
        require(r.status == 303, f"the new password for the locked account: {r.status}")
        check("locked" not in user_list(s.db)[DEMO_EMPLOYEE][2],
              "`kring user list` still shows the account as locked after a reset")
        _, r = _sign_in(s, DEMO_EMPLOYEE, new)
        check(r.status == 303, f"the unlocked account with its new password: {r.status}")
        # Throttled: the owner proves it by e-mail and sets a new one. After five wrong
        # passwords the wait is 1 s, gone before the e-mail arrives; the address's row (the only
        # one with 5 failures: this client's has 6) is moved on to a wait of minutes.
        who = DEMO["contact"]
        c = Client(s, source="127.0.0.5")
        c.post("/sign-in", {"email": "niemand@rijnstad.example", "password": "x" * 8,
                            "next": "/"}, csrf=c.csrf("/sign-in"))
        for _ in range(5):
            c.post("/sign-in", {"email": who, "password": "Helemaal niet goed 1", "next": "/"})
        db_execute(s.db, "UPDATE sign_in_throttle SET failures = 14, last_at = ? "
                   "WHERE failures = 5", (int(time.time()),))
        r = c.post("/sign-in", {"email": who, "password": DEMO_PASSWORD, "next": "/"})
        require(r.status == 429 and int(r.header("Retry-After") or 0) > 60,
                f"the throttled address: {r.status}, Retry-After {r.header('Retry-After')}, "
                "expected 429 and minutes")
        new = "Een verse start voor Hanna 2026"
        r = _set_password(s, "/reset/" + _reset_link(s, relay, who), new)
        require(r.status == 303, f"the new password for the throttled account: {r.status}")
        _, r = _sign_in(s, who, new)
        check(r.status == 303, f"right after a new password by e-mail, signing in with it "
              f"answered {r.status} (Retry-After {r.header('Retry-After')}), expected 303: the "
              "reset does not clear the address's sign-in throttle")


# ---------------------------------------------------------------------------------------------
# An invitation through open sign-up


@test
def sign_up_sends_an_invitation_that_makes_an_account_once():
    with Relay().start() as relay:
        s = _serve(relay, _open_sign_up)
        c = Client(s, lang=EN)
        page = c.get("/sign-up")
        check(page.status == 200, f"GET /sign-up: {page.status}")
        new = c.post("/sign-up", {"email": NEW_COLLEAGUE})
        check(new.status == 200, f"POST /sign-up for a new address: {new.status}, expected 200")
        has = c.post("/sign-up", {"email": DEMO_EMPLOYEE})
        check(has.status == new.status and
              htmlcheck.visible_text(has.text.replace(DEMO_EMPLOYEE, "X")) ==
              htmlcheck.visible_text(new.text.replace(NEW_COLLEAGUE, "X")),
              "POST /sign-up answers differently for an address that has an account")
        out = c.post("/sign-up", {"email": "iemand@elders.example"})
        check(out.status == 400 and "organisation" in (_summary(out) or ""),
              f"an address outside the organisation's domains: {out.status}, summary "
              f"{_summary(out)!r}, expected 400 saying only the organisation's addresses can")
        bad = c.post("/sign-up", {"email": "geen adres"})
        check(bad.status == 400 and _summary(bad), f"not an address: {bad.status}, expected 400")
        token = _link(s, relay, NEW_COLLEAGUE, "invite")
        time.sleep(2.5)
        rcpts = [r for _, rs, _ in relay.received() for r in rs]
        check(rcpts == [NEW_COLLEAGUE], f"sign-up mail went to {rcpts}, expected only "
              f"{NEW_COLLEAGUE} (nothing to the address with an account)")
        path = "/invite/" + token
        page = Client(s, lang=EN).get(path)
        check(page.status == 200 and NEW_COLLEAGUE in htmlcheck.visible_text(page.text),
              f"GET the invitation: {page.status}, the address is not shown")
        names = {e.get("name") for e in htmlcheck.elements(page.text, "input")}
        check({"name", "password"} <= names, f"the invitation form has fields {sorted(names)}")
        r = _set_password(s, path, "Een goed wachtwoord 2026", name="")
        check(r.status == 400 and _summary(r), f"no name: {r.status}, expected 400")
        r = _set_password(s, path, "nieuwe.collega 2026!", name="Nieuwe Collega")
        check(r.status == 400 and _summary(r),
              f"a password holding the address's local part: {r.status}, expected 400")
        pw = "Blij dat ik er ben, 2026!"
        r = _set_password(s, path, pw, name="Noor Nieuw")
        check(r.status == 303 and r.header("Location") == "/sign-in?done=account",
              f"accepting the invitation: {r.status} to {r.header('Location')!r}, expected 303 "
              "to /sign-in?done=account")
        ready = Client(s, lang=EN).get("/sign-in?done=account")
        check("account is ready" in htmlcheck.visible_text(ready.text),
              "the sign-in page after making an account does not say it is ready")
        signed, r = _sign_in(s, NEW_COLLEAGUE, pw)
        check(r.status == 303, f"signing in with the new account: {r.status}, expected 303")
        check("Noor Nieuw" in htmlcheck.visible_text(signed.get("/account").text),
              "the new account's page does not show its name")
        check(NEW_COLLEAGUE in user_list(s.db), "`kring user list` does not show the new account")
        _gone(Client(s, lang=EN).get(path), "GET the used invitation")
        c2 = Client(s, lang=EN)
        r = c2.post(path, {"name": "Nog Iemand", "password": "Nog een account maken 2026"},
                    csrf=c2.csrf("/sign-up"))
        _gone(r, "POST the used invitation")
        ev = audit_events(s.db)
        for want in ("invitation_sent", "invitation_accepted"):
            check(want in ev, f"no {want} in the audit log")
        check_no_secrets(s, [token, pw], "an invitation")


@test
def invitation_link_expires():
    with Relay().start() as relay:
        s = _serve(relay, _open_sign_up)
        c = Client(s, lang=EN)
        c.post("/sign-up", {"email": NEW_COLLEAGUE}, csrf=c.csrf("/sign-up"))
        token = _link(s, relay, NEW_COLLEAGUE, "invite")
        db_execute(s.db, "UPDATE email_token SET expires_at = ? WHERE kind = 'invite'",
                   (int(time.time()) - 1,))
        _gone(Client(s, lang=EN).get("/invite/" + token), "GET an expired invitation")


# ---------------------------------------------------------------------------------------------
# The audit log after all of it


@test
def audit_log_after_every_flow_verifies_and_holds_no_secret():
    with Relay().start() as relay:
        s = _serve(relay, _open_sign_up)
        seen = [DEMO_PASSWORD]
        employee = Client(s)
        employee.sign_in(DEMO_EMPLOYEE)
        seen += [employee.cookies.get("session"), employee.token]
        wrong = "Zeker niet het wachtwoord 9"
        _sign_in(s, DEMO_EMPLOYEE, wrong)
        unknown = "onbekende.collega@rijnstad.example"
        _sign_in(s, unknown, wrong)
        seen.append(wrong)
        admin = Client(s)
        tf = sign_in_full(admin, DEMO["admin"])
        seen += [tf.secret, tf.secret.replace(" ", ""), totp_code(tf.secret, tf.last_step),
                 admin.cookies.get("session")] + tf.codes
        again = Client(s)
        sign_in_full(again, DEMO["admin"], two_factor=tf)
        seen.append(totp_code(tf.secret, tf.last_step))
        rec = Client(s)
        rec.post("/sign-in", {"email": DEMO["admin"], "password": DEMO_PASSWORD, "next": "/"},
                 csrf=rec.csrf("/sign-in"))
        rec.token = None
        rec.get("/sign-in/code")
        rec.post("/sign-in/code", {"code": tf.codes[1], "next": "/"})
        p = run_cli(["user", "role", DEMO_EMPLOYEE, "contact", "--db", s.db])
        check(p.returncode == 0, f"`kring user role` exited {p.returncode}")
        token = _reset_link(s, relay, DEMO["contact"])
        new = "Hanna kiest iets nieuws 2026"
        _set_password(s, "/reset/" + token, new)
        seen += [token, new]
        c = Client(s)
        c.post("/sign-up", {"email": NEW_COLLEAGUE}, csrf=c.csrf("/sign-up"))
        invite = _link(s, relay, NEW_COLLEAGUE, "invite")
        pw = "Nieuw hier en blij 2026"
        _set_password(s, "/invite/" + invite, pw, name="Noor Nieuw")
        seen += [invite, pw]
        everywhere = Client(s)
        everywhere.sign_in(DEMO["contact"], new)
        everywhere.post("/sign-out-everywhere", {})
        # The employee's session ended with the role change above: sign out with a live one.
        leaver = Client(s)
        leaver.sign_in(DEMO["ambassador"])
        leaver.post("/sign-out", {})
        p = run_cli(["user", "disable", DEMO["ambassador"], "--db", s.db])
        check(p.returncode == 0, f"`kring user disable` exited {p.returncode}")

        p = run_cli(["audit", "verify", "--db", s.db])
        check(p.returncode == 0 and "intact" in p.stdout,
              f"`kring audit verify` exited {p.returncode}: {p.stdout.strip()!r}")
        ev = set(audit_events(s.db))
        for want in ("sign_in_ok", "sign_in_failed", "second_factor_set_up",
                     "recovery_code_used", "role_changed", "password_reset_requested",
                     "password_reset_done", "invitation_sent", "invitation_accepted",
                     "sign_out", "sign_out_everywhere", "account_disabled"):
            check(want in ev, f"`kring audit list` shows no {want} after its flow "
                  f"(it shows {sorted(ev)})")
        check(unknown not in audit_list(s.db), "the audit log names an unknown address")
        check_no_secrets(s, seen, "after every flow")
