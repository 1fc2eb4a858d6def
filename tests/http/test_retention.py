# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_retention.py: the administrator's retention settings (/admin/retention) over HTTP. Every
bad value in either field (out of range, not a number, empty, absurd) comes back as 400 with an
error summary that links to the field, the field marked invalid with its message tied to it, and
nothing stored, not even the other, valid field; a value the form parser refuses at the edge
(a control byte such as %00, or longer than the route allows) is a plain 400 and stores nothing
either. A valid change is saved and shown. Only the administrator, signed in all the way, may
read or change the settings, and only with the form's CSRF token."""

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, audit_list, check, error_summary,
                     require, sign_in_full, test)

EN = "en-GB,en;q=0.9"
PAGE = "/admin/retention"
# The form's fields in page order, with their ranges (src/app/retention/pages.c).
FIELDS = {"mail_days": (1, 3650), "account_days": (30, 3650)}
ROUTE_LIMIT = 16  # bytes of a value the route accepts (retention_form in src/app/retention/routes.c)

# Bad in either field, and seen by the page: out of range, not a number, empty, absurd.
BAD = ["0", "-1", "-0", "-3650", "3651", "10000", "9" * ROUTE_LIMIT, "-" + "9" * 15,
       "12abc", "abc", "30 days", "1e3", "3.5", "3,5", "0x10", "+30", " 30", "30 ", " ", "",
       "-", "\u0663\u0660", "\uff13\uff10", "<b>30</b>", "\"><i>x", "NaN", "Infinity"]
# Below the range of one field only.
BAD_BELOW = {"mail_days": [], "account_days": ["29", "1", "15"]}
# Refused by the form parser before the page sees them: control bytes, too long.
BAD_AT_EDGE = ["30\x00", "\x00", "3\x000", "\x0030", "30\t", "\n30", "1" * (ROUTE_LIMIT + 1),
               "9" * 40]
BODY_LIMIT = 512  # bytes of the whole form (routes.c): more is 413 before the body is read


def _admin(s, two_factor=None):
    """A client signed in all the way as the administrator, and its TwoFactor."""
    c = Client(s, lang=EN)
    return c, sign_in_full(c, DEMO["admin"], two_factor=two_factor)


def _inputs(r):
    """{name: input element} of the fields of the retention form on page r."""
    els = htmlcheck.elements(r.text)
    forms = [e for e in els if e.tag == "form" and e.get("action") == PAGE]
    require(forms, f"{r.what}: no <form action=\"{PAGE}\"> on the page")
    return {e.get("name"): e for e in els
            if e.tag == "input" and e.in_form == forms[0].index and e.get("name") in FIELDS}


def _stored(c):
    """The settings as the page shows them: {field: value}."""
    r = c.get(PAGE)
    require(r.status == 200, f"GET {PAGE} as the administrator: {r.status}, expected 200")
    inputs = _inputs(r)
    require(set(inputs) == set(FIELDS), f"GET {PAGE}: the form has the fields {sorted(inputs)}")
    return {name: e.get("value") for name, e in inputs.items()}


def _other_value(stored, field):
    """A valid value for field that differs from what is stored."""
    lo, hi = FIELDS[field]
    v = int(stored[field]) + 7
    return str(v if v <= hi else lo)


def _summary_links(r):
    """[(href, text)] of the links in the page's error summary."""
    els = htmlcheck.elements(r.text)
    boxes = [e.index for e in els if "error-summary" in (e.get("class") or "").split()]
    out = []
    for e in els:
        if e.tag == "a" and boxes:
            p = e.parent
            while p is not None and p not in boxes:
                p = els[p].parent
            if p is not None:
                out.append((e.get("href"), " ".join(e.text.split())))
    return out


def _check_form_error(r, bad, sent, what, title):
    """r is the form again: 400, a summary linking to each field in bad (in page order), each
    such field marked invalid with its message tied to it, the others not, and every field
    showing what was sent (a field left out may show the stored value instead)."""
    check(r.status == 400, f"{what}: {r.status}, expected 400")
    if not check(error_summary(r), f"{what}: no error summary"):
        return
    els = htmlcheck.elements(r.text)
    box = [e for e in els if "error-summary" in (e.get("class") or "").split()][0]
    check(box.get("role") == "alert" and box.get("tabindex") == "-1",
          f"{what}: the error summary is not role=alert with tabindex=-1")
    links = _summary_links(r)
    want = [f"#f-{f}" for f in FIELDS if f in bad]
    check([h for h, _ in links] == want, f"{what}: the summary links to {links}, expected {want}")
    ids = {e.get("id"): e for e in els if e.get("id")}
    inputs = _inputs(r)
    for f, (lo, hi) in FIELDS.items():
        e = inputs.get(f)
        if not check(e is not None, f"{what}: the form lost the field {f}"):
            continue
        shown = e.get("value") or ""
        check(f not in sent or shown == sent[f], f"{what}: {f} shows {shown!r}, expected what "
              f"was sent ({sent.get(f)!r})")
        described = (e.get("aria-describedby") or "").split()
        if f not in bad:
            check(e.get("aria-invalid") is None and f"f-{f}-error" not in described,
                  f"{what}: the valid field {f} is marked invalid")
            continue
        check(e.get("aria-invalid") == "true", f"{what}: {f} is not aria-invalid=\"true\"")
        check(f"f-{f}-error" in described and f"f-{f}-error" in ids,
              f"{what}: {f}'s error message is not tied to it by aria-describedby "
              f"({described})")
        message = " ".join(ids[f"f-{f}-error"].text.split()) if f"f-{f}-error" in ids else ""
        text = dict(links).get(f"#f-{f}", "")
        check(text and text in message, f"{what}: the summary says {text!r} for {f}, the field "
              f"says {message!r}")
        check(f"{lo} to {hi}" in text, f"{what}: the message for {f} ({text!r}) does not say "
              f"its range, {lo} to {hi}")
    got = _title(r)
    check(got != title and got.endswith(title) and "Error" in got,
          f"{what}: <title> {got!r} does not announce the error before {title!r}")
    check("<i>" not in r.text and "<b>30" not in r.text, f"{what}: a value came back unescaped")


def _title(r):
    t = htmlcheck.elements(r.text, "title")
    return " ".join(t[0].text.split()) if t else ""


@test
def retention_bad_values_are_refused_per_field_and_nothing_is_stored():
    with Server() as s:
        c, _ = _admin(s)
        before = _stored(c)
        title = _title(c.get(PAGE))
        require(before == {"mail_days": "30", "account_days": "365"},
                f"the demo's settings are {before}, expected 30 and 365")
        for field in FIELDS:
            other = [f for f in FIELDS if f != field][0]
            for v in BAD + BAD_BELOW[field]:
                sent = {field: v, other: _other_value(before, other)}
                what = f"POST {PAGE} with {field}={v!r}"
                r = c.post(PAGE, [(f, sent[f]) for f in FIELDS])
                _check_form_error(r, {field}, sent, what, title)
                check(_stored(c) == before, f"{what}: the stored settings changed to "
                      f"{_stored(c)}, expected {before}")
            # The field left out altogether.
            sent = {other: _other_value(before, other)}
            r = c.post(PAGE, list(sent.items()))
            _check_form_error(r, {field}, sent, f"POST {PAGE} without {field}", title)
            check(_stored(c) == before, f"POST {PAGE} without {field}: the settings changed")
            # Refused before the page: a plain 400, nothing stored.
            for v in BAD_AT_EDGE:
                what = f"POST {PAGE} with {field}={v[:20]!r} ({len(v)} chars)"
                r = c.post(PAGE, [(field, v), (other, _other_value(before, other))])
                check(r.status == 400, f"{what}: {r.status}, expected 400")
                check(r.is_html() and len(htmlcheck.elements(r.text, "h1")) == 1,
                      f"{what}: not an HTML error page with one <h1>")
                check(_stored(c) == before, f"{what}: the stored settings changed to "
                      f"{_stored(c)}, expected {before}")
            # A form over the route's body limit: 413, nothing stored.
            r = c.post(PAGE, [(field, "3" * BODY_LIMIT), (other, _other_value(before, other))])
            check(r.status == 413, f"POST {PAGE} with a {BODY_LIMIT}-byte {field}: {r.status}, "
                  "expected 413")
            check(_stored(c) == before, f"POST {PAGE} with a {BODY_LIMIT}-byte {field}: the "
                  "settings changed")
        # Both wrong at once: both named, in the form's order.
        sent = {"mail_days": "0", "account_days": "abc"}
        r = c.post(PAGE, list(sent.items()))
        _check_form_error(r, set(FIELDS), sent, f"POST {PAGE} with both fields wrong", title)
        r = c.post(PAGE, [])
        _check_form_error(r, set(FIELDS), {}, f"POST {PAGE} with no fields", title)
        check(_stored(c) == before, f"after every bad value the settings are {_stored(c)}, "
              f"expected {before}")
        check(s.alive(), "the server died")


@test
def retention_valid_change_is_saved_and_shown():
    with Server() as s:
        c, tf = _admin(s)
        for values in ({"mail_days": "45", "account_days": "400"},
                       {"mail_days": "1", "account_days": "30"},
                       {"mail_days": "3650", "account_days": "3650"}):
            r = c.post(PAGE, list(values.items()))
            check(r.status == 303, f"POST {PAGE} with {values}: {r.status}, expected 303")
            where = r.header("Location") or ""
            check(where == PAGE + "?done=1", f"POST {PAGE} with {values}: Location {where!r}")
            if where.startswith("/"):
                page = c.get(where)
                check(page.status == 200, f"GET {where}: {page.status}")
                notice = [e for e in htmlcheck.elements(page.text)
                          if e.get("role") == "status" and "saved" in e.text]
                check(notice, f"GET {where}: no role=status notice that the settings are saved")
            got = _stored(c)
            check(got == values, f"after saving {values} the page shows {got}")
        # Each change is in the audit log with what it was set to; refused ones are not.
        log = audit_list(s.db)
        for m, a in (("45", "400"), ("1", "30"), ("3650", "3650")):
            check(f"retention: sent mail {m} days, blocked accounts {a} days" in log,
                  f"the audit log lacks the change to {m}/{a} days")
        check(log.count("settings_changed") == 3,
              f"{log.count('settings_changed')} settings changes in the audit log, expected 3")
        # Another administrator session sees the same: it is stored, not remembered per session.
        got = _stored(_admin(s, tf)[0])
        check(got == {"mail_days": "3650", "account_days": "3650"},
              f"a new administrator session shows {got}")


@test
def retention_only_for_the_administrator_with_a_csrf_token():
    with Server() as s:
        admin, _ = _admin(s)
        before = _stored(admin)
        change = {"mail_days": "12", "account_days": "120"}
        # Other roles: 403 for reading and for changing.
        others = []
        emp = Client(s, lang=EN)
        emp.sign_in(DEMO_EMPLOYEE)
        others.append(("the employee", emp))
        chair = Client(s, lang=EN)
        sign_in_full(chair, DEMO["chair"])
        others.append(("the chair (core team)", chair))
        for role in ("contact", "ambassador"):
            c = Client(s, lang=EN)
            c.sign_in(DEMO[role])
            others.append((f"the {role}", c))
        for who, c in others:
            r = c.get(PAGE)
            check(r.status == 403, f"GET {PAGE} as {who}: {r.status}, expected 403")
            tok = c.csrf("/preferences")
            r = c.post(PAGE, list(change.items()), csrf=tok)
            check(r.status == 403, f"POST {PAGE} as {who}: {r.status}, expected 403")
        # The administrator half signed in (password, no second factor yet): not the settings.
        half = Client(s, lang=EN)
        half.sign_in(DEMO["admin"])
        r = half.get(PAGE)
        check(r.status in (303, 403), f"GET {PAGE} before the second factor: {r.status}")
        check("mail_days" not in r.text, f"GET {PAGE} before the second factor shows the form")
        # Signed out.
        out = Client(s, lang=EN)
        r = out.get(PAGE)
        check(r.status == 303 and (r.header("Location") or "").startswith("/sign-in"),
              f"GET {PAGE} signed out: {r.status} to {r.header('Location')!r}")
        r = out.post(PAGE, list(change.items()), csrf=out.csrf("/sign-in"))
        check(r.status in (303, 403), f"POST {PAGE} signed out: {r.status}")
        # The administrator without a token, with a wrong one, and from another site.
        r = admin.post(PAGE, list(change.items()), csrf=False)
        check(r.status == 403, f"POST {PAGE} without a CSRF token: {r.status}, expected 403")
        r = admin.post(PAGE, list(change.items()), csrf="A" * 43)
        check(r.status == 403, f"POST {PAGE} with a wrong CSRF token: {r.status}, expected 403")
        r = admin.post(PAGE, list(change.items()), csrf=emp.csrf("/preferences"))
        check(r.status == 403, f"POST {PAGE} with another session's token: {r.status}, "
              "expected 403")
        r = admin.post(PAGE, list(change.items()),
                       headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
        check(r.status == 403, f"POST {PAGE} from another site: {r.status}, expected 403")
        check(_stored(admin) == before, f"a refused POST changed the settings to "
              f"{_stored(admin)}, expected {before}")
        # And the same change with the token goes through: the refusals were about the token.
        r = admin.post(PAGE, list(change.items()))
        check(r.status == 303, f"POST {PAGE} with the token: {r.status}, expected 303")
        check(_stored(admin) == change, f"after the change the page shows {_stored(admin)}")
