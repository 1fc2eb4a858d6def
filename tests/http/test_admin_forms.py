# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_admin_forms.py: the administrator's forms for the organisation (/admin/organisation)
and its sites (/admin/sites) over HTTP. A bad value comes back as 400 with an error summary that
links to each field in error, in the form's order, the field marked invalid and everything
typed kept; a site whose name is taken says so on its name field; a valid form is saved and
answered with a redirect to the page's "done" notice. The same for the form that invites a
colleague (/invite, for administrators and contact points) and the one on the accounts page
(/admin/accounts/invite), and the network forms (new, description, roles)."""

import htmlcheck
from harness import DEMO, Client, Server, check, error_summary, sign_in_full, test

EN = "en-GB,en;q=0.9"


def _admin(s):
    c = Client(s, lang=EN)
    sign_in_full(c, DEMO["admin"])
    return c


def _form(r, action):
    """({name: element} of the form's inputs and textareas, [summary link hrefs])."""
    els = htmlcheck.elements(r.text)
    forms = [e for e in els if e.tag == "form" and e.get("action") == action]
    if not check(forms, f"{r.what}: no form for {action}"):
        return {}, []
    fields = {e.get("name"): e for e in els
              if e.tag in ("input", "textarea") and e.in_form == forms[0].index}
    boxes = {e.index for e in els if "error-summary" in (e.get("class") or "").split()}
    links = []
    for e in els:
        p = e.parent
        while e.tag == "a" and p is not None and p not in boxes:
            p = els[p].parent
        if e.tag == "a" and p is not None:
            links.append(e.get("href"))
    return fields, links


def _value(e):
    return (e.get("value") if e.tag == "input" else e.text) or ""


def _check_bad(r, action, bad, sent, what):
    check(r.status == 400, f"{what}: {r.status}, expected 400")
    check(error_summary(r), f"{what}: no error summary")
    fields, links = _form(r, action)
    check(links == [f"#f-{f}" for f in bad], f"{what}: the summary links to {links}, "
          f"expected {bad}")
    for name, v in sent.items():
        e = fields.get(name)
        if not check(e is not None, f"{what}: the form lost {name}"):
            continue
        check(_value(e).strip() == v.strip(), f"{what}: {name} shows {_value(e)!r}, "
              f"expected what was sent ({v!r})")
        check((e.get("aria-invalid") == "true") == (name in bad),
              f"{what}: {name} aria-invalid is {e.get('aria-invalid')!r}")


@test
def admin_sites_form_keeps_values_and_names_each_problem():
    with Server() as s:
        c = _admin(s)
        page = "/admin/sites"
        sent = {"name": "Werf Noord", "town": "", "headcount": "12abc"}
        r = c.post(page, sent)
        _check_bad(r, page, ["town", "headcount"], sent, f"POST {page} without a town")
        check(c.get(page).text.count("Werf Noord") == 0, "a bad site was stored")
        sent = {"name": "Werf Noord", "town": "Rijnstad", "headcount": "1.200"}
        r = c.post(page, sent)
        check(r.status == 303 and r.header("Location") == "/admin/sites?done=added",
              f"POST {page} with a valid site: {r.status} {r.header('Location')}")
        shown = c.get("/admin/sites?done=added")
        check("Werf Noord" in shown.text and "The site has been added." in shown.text,
              "the new site or the notice is not on the page")
        r = c.post(page, sent)
        _check_bad(r, page, ["name"], sent, f"POST {page} with a name that is taken")
        check("already a site with this name" in (error_summary(r) or ""),
              f"the summary for a taken name says {error_summary(r)!r}")
        check(s.alive(), "the server died")


@test
def admin_organisation_form_keeps_values_and_names_each_problem():
    with Server() as s:
        c = _admin(s)
        page = "/admin/organisation"
        before = _form(c.get(page), page)[0]
        sent = {"name": "", "intro": "Hallo <b>allemaal</b>", "domains": "rijnstad.nl\nnot_a_domain"}
        r = c.post(page, sent)
        _check_bad(r, page, ["name", "domains"], sent, f"POST {page} with two problems")
        check("not_a_domain" in (error_summary(r) or ""),
              f"the summary does not name the bad domain: {error_summary(r)!r}")
        check("<b>allemaal" not in r.text, "a value came back unescaped")
        check(_value(_form(c.get(page), page)[0]["name"]) == _value(before["name"]),
              "a bad form changed the stored name")
        sent = {"name": "Gemeente Rijnstad", "intro": "Welkom.", "domains": "rijnstad.nl"}
        r = c.post(page, sent)
        check(r.status == 303 and r.header("Location") == "/admin/organisation?done=saved",
              f"POST {page} with valid settings: {r.status} {r.header('Location')}")
        shown = c.get("/admin/organisation?done=saved")
        check("The settings of the organisation have been saved." in shown.text,
              "no notice after saving")
        check(s.alive(), "the server died")


@test
def invite_form_keeps_the_address_and_names_the_problem():
    with Server() as s:
        c = _admin(s)
        page = "/invite"
        for email, words in (("not-an-address", "like name@example.org"),
                             (DEMO["contact"], "has an account already")):
            r = c.post(page, {"email": email})
            _check_bad(r, page, ["email"], {"email": email}, f"POST {page} with {email!r}")
            check(words in (error_summary(r) or ""),
                  f"POST {page} with {email!r}: the summary says {error_summary(r)!r}")
        r = c.post(page, {"email": "nieuw@rijnstad.example"})
        check(r.status == 303 and r.header("Location") == "/invite?sent=1",
              f"POST {page} with a new address: {r.status} {r.header('Location')}")
        check("The invitation is on its way." in c.get("/invite?sent=1").text,
              "no notice after inviting")
        check(s.alive(), "the server died")


@test
def admin_accounts_invite_form_keeps_the_address_and_names_the_problem():
    with Server() as s:
        c = _admin(s)
        page = "/admin/accounts/invite"
        for email, words in (("", "Type the e-mail address of the colleague"),
                             ("not-an-address", "like name@example.org"),
                             (DEMO["contact"], "already an account with this e-mail address")):
            r = c.post(page, {"email": email})
            what = f"POST {page} with {email!r}"
            _check_bad(r, page, ["email"], {"email": email}, what)
            check(words in (error_summary(r) or ""), f"{what}: the summary says "
                  f"{error_summary(r)!r}")
            check("<h2>All accounts</h2>" in r.text or "All accounts" in r.text,
                  f"{what}: the list of accounts is not on the page again")
        r = c.post(page, {"email": "nieuw@rijnstad.example"})
        check(r.status == 303 and r.header("Location") == "/admin/accounts?done=invited",
              f"POST {page} with a new address: {r.status} {r.header('Location')}")
        check(s.alive(), "the server died")


@test
def admin_network_forms_keep_values_and_name_each_problem():
    with Server() as s:
        c = _admin(s)
        page = "/admin/networks/new"
        sent = {"name": "", "slug": "", "summary": "Voor <i>iedereen</i>"}
        r = c.post(page, sent)
        _check_bad(r, page, ["name", "kind"], sent, f"POST {page} without name and kind")
        check("<i>iedereen" not in r.text, "a value came back unescaped")
        sent = {"name": "Werkgroep Nieuw", "slug": "new"}
        r = c.post(page, dict(sent, kind="narrow"))
        _check_bad(r, page, ["slug"], sent, f"POST {page} with the address new")
        sent = {"name": "Werkgroep Nieuw", "slug": "", "kind": "narrow"}
        r = c.post(page, sent)
        check(r.status == 303 and r.header("Location") ==
              "/admin/networks/werkgroep-nieuw?done=added",
              f"POST {page} with a valid network: {r.status} {r.header('Location')}")
        edit = "/admin/networks/werkgroep-nieuw"
        sent = {"name": "", "summary": "Blijft staan"}
        r = c.post(edit, dict(sent, kind="broad"))
        _check_bad(r, edit, ["name"], sent, f"POST {edit} without a name")
        sent = {"name": "Werkgroep Nieuw", "kind": "broad", "summary": "Nu breed"}
        r = c.post(edit, sent)
        check(r.status == 303 and r.header("Location") == edit + "?done=saved",
              f"POST {edit} with valid values: {r.status} {r.header('Location')}")
        roles = edit + "/roles"
        r = c.post(roles, {"email": "niemand@rijnstad.example", "role": ""})
        _check_bad(r, roles, ["email", "role"], {"email": "niemand@rijnstad.example"},
                   f"POST {roles} with an unknown address and no role")
        r = c.post(roles, {"email": DEMO["contact"], "role": "contact"})
        check(r.status == 303 and r.header("Location") == edit + "?done=role",
              f"POST {roles} with a valid role: {r.status} {r.header('Location')}")
        check(s.alive(), "the server died")
