# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_roles.py: roles and permissions, the organisation and its networks: `kring user` and
`kring network` (exit codes, messages, the last administrator), who may use the /admin routes,
routes on one network or account used with another's or a missing one, and the pages that
describe the networks (every network listed, goals and whom to contact, the organisation's own
texts marked as Dutch on an English page).

Routes come from the features' routes.c when the test runs, so a route added there is tested too;
one the binary does not answer yet (404 for the administrator) is skipped with a note."""

import re

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, app_routes, audit_events, check, lines,
                     note, require, run_cli, sign_in_full, test, user_list)

EN = "en-GB,en;q=0.9"

# The roles of the issue and a demo account holding each (src/cli/demo.c).
ROLE_ACCOUNTS = {
    "employee": DEMO_EMPLOYEE,
    "contact": DEMO["contact"],        # contact point of the organisation and Iedereen Telt
    "ambassador": DEMO["ambassador"],  # ambassador of Iedereen Telt
    "core": DEMO["chair"],             # chair of Iedereen Telt
    "admin": DEMO["admin"],
}
# A network in which each role holds nothing (the demo roles are all in Iedereen Telt).
OTHER_NETWORK = {"employee": "neurokring", "contact": "lichtpunt", "ambassador": "lichtpunt",
                 "core": "lichtpunt"}
MISSING_SLUG = "bestaat-niet"
MISSING_ID = "987654"
# Routes every signed-in employee may use for any network: a network's page is open to all
# (src/app/networks/pages.c: "readable by every signed-in employee").
OPEN_TO_EVERY_EMPLOYEE = {"/n/{slug}", "/n/{slug}/join", "/n/{slug}/ask", "/n/{slug}/consult",
                          "/n/{slug}/knowledge", "/n/{slug}/faq", "/n/{slug}/stories",
                          "/n/{slug}/buddies"}
# Routes about the requester's own membership of a network: there is no other person's object
# in them, so another network's identifier gives what a non-member gets there: the join form
# (200), an empty form refused (400), "not a member" (409), or a members-only list (403).
# Asking a network a question (the questions desk) is open to every employee in the same way.
# The organisation's contact point keeps the budget of every network, not only of the network
# where it also holds the contact role (src/app/budget/budget.h), and sees every network's
# figures of the consultation hour, the questions desk and the buddies. Every employee may
# book a network's consultation hour, and read its organisation-wide knowledge pages, its FAQ,
# its stories for the whole organisation and what its buddies are.
ORG_CONTACT_EVERY_NETWORK = {"/n/{slug}/budget", "/n/{slug}/consult/figures",
                             "/n/{slug}/questions/figures", "/n/{slug}/buddies/figures"}
SELF_SERVICE = {"/n/{slug}/join", "/n/{slug}/me", "/n/{slug}/leave", "/n/{slug}/members",
                "/n/{slug}/ask"}

IEDEREEN_TELT = {
    "name": "Netwerk Iedereen Telt",
    "summary": "Het netwerk voor collega's met een beperking of een chronische ziekte",
    "target_group": "Collega's met een lichamelijke, zintuiglijke, psychische",
    "position": "Valt onder de afdeling HR",
    "goal_individual": "Elkaar ontmoeten, steun vinden en je kracht laten zien.",
    "goal_group": "Samen ervaringen delen en een veilige plek bieden.",
    "goal_organisation": "Een inclusieve gemeente waar iedereen kan werken",
}


def _cli(s, *args, rc=0, what=None):
    p = run_cli(list(args) + ["--db", s.db])
    check(p.returncode == rc, f"`kring {' '.join(args)}` exited {p.returncode}, expected {rc}: "
          f"{(p.stderr or p.stdout).strip()[:200]!r}")
    if rc:
        check(len(lines(p.stderr)) == 1 and not p.stdout.strip(),
              f"`kring {' '.join(args)}`: expected one line on stderr and nothing on stdout, "
              f"got {p.stderr.strip()!r} / {p.stdout.strip()!r}")
    return p


def _flags(s, email):
    users = user_list(s.db)
    require(email in users, f"`kring user list` does not list {email}")
    return users[email][2]


def _networks(s):
    """[(slug, kind, name)] from `kring network list`."""
    p = _cli(s, "network", "list")
    return [tuple(line.split("\t")) for line in lines(p.stdout)]


def _signed_in_as_each_role(s):
    """{role: Client} signed in all the way (two-step sign-in set up where it must be)."""
    out = {}
    for role, email in ROLE_ACCOUNTS.items():
        c = Client(s, lang=EN)
        sign_in_full(c, email)
        require(c.get("/account").status == 200, f"signing in as {role} ({email}) did not work")
        out[role] = c
    return out


def _admin_routes_built(clients):
    """Whether this binary answers the /admin routes of the features' routes.c (the administrator's GET /admin
    is not 404); notes it when not."""
    if not any(p.startswith("/admin") for _, p, _, _ in app_routes()):
        note("the features' routes.c has no /admin routes yet: nothing to check")
        return False
    if clients["admin"].get("/admin").status == 404:
        note("the features' routes.c has /admin routes but this binary answers 404 for them (built "
             "before they were added?): skipped")
        return False
    return True


def _path(pattern, slug="iedereen-telt", id_="1", sub=None):
    # A subgroup that does not exist (the demo has none): such a path is always a 404.
    return pattern.replace("{slug}", slug).replace("{id}", id_).replace(
        "{sub}", sub or MISSING_SLUG)


# ---------------------------------------------------------------------------------------------
# The command line


@test
def cli_user_add_and_list():
    with Server() as s:
        new = "nieuw@rijnstad.example"
        p = _cli(s, "user", "add", new, "Nieuwe Collega")
        check(re.search(r"Added Nieuwe Collega \(nieuw@rijnstad\.example\) as account \d+",
                        p.stdout), f"`kring user add` said {p.stdout.strip()!r}")
        check(_flags(s, new) == set(), f"a new account has roles {_flags(s, new)}")
        p = _cli(s, "user", "add", new, "Nog Eens", rc=1)
        check("has an account already" in p.stderr, f"adding twice: {p.stderr.strip()!r}")
        _cli(s, "user", "add", "geen-adres", "Iemand", rc=1)
        _cli(s, "user", "add", "alleen@rijnstad.example", rc=2)
        _cli(s, "user", rc=2)
        _cli(s, "user", "frobnicate", rc=2)
        _cli(s, "user", "role", DEMO_EMPLOYEE, rc=2)
        _cli(s, "user", "disable", rc=2)
        # A password on standard input: the policy applies, and the account can sign in.
        p = run_cli(["user", "add", "zwak@rijnstad.example", "Zwak", "--password-stdin",
                     "--db", s.db], input="wachtwoord\n")
        check(p.returncode == 1 and "refused" in p.stderr,
              f"a common password on stdin: exit {p.returncode}, {p.stderr.strip()!r}")
        check("zwak@rijnstad.example" not in user_list(s.db), "a refused account was made")
        pw = "Een krachtig zinnetje voor 2026"
        p = run_cli(["user", "add", "Sterk@Rijnstad.example", "Sterk Genoeg", "--password-stdin",
                     "--db", s.db], input=pw + "\n")
        check(p.returncode == 0, f"`kring user add --password-stdin`: exit {p.returncode}, "
              f"{p.stderr.strip()!r}")
        check("sterk@rijnstad.example" in user_list(s.db),
              "the address was not stored in lower case")
        c = Client(s)
        c.sign_in("sterk@rijnstad.example", pw)
        check(c.get("/account").status == 200, "the account made on the command line cannot "
              "sign in with the password given on stdin")
        check(pw not in p.stdout + p.stderr, "`kring user add` printed the password")
        check(audit_events(s.db).count("account_created") >= 8,
              "the audit log does not hold account_created for the accounts made")


@test
def cli_user_role_organisation_and_network_roles():
    with Server() as s:
        who = DEMO_EMPLOYEE
        for args, out, flags in (
                (["contact"], "is now contact point", {"contact"}),
                (["admin"], "is now administrator", {"admin"}),
                (["none"], "is now employee", set()),
                (["chair", "--network", "neurokring"], "is now chair in Neurokring",
                 {"core-team"}),
                (["ambassador", "--network", "neurokring"], "is now ambassador in Neurokring",
                 {"ambassador"}),
                (["contact", "--network", "lichtpunt"], "is now contact in Lichtpunt",
                 {"ambassador", "contact"}),
                (["none", "--network", "neurokring"], "without a role in Neurokring",
                 {"contact"}),
                (["none", "--network", "lichtpunt"], "without a role in Lichtpunt", set())):
            before = audit_events(s.db).count("role_changed")
            p = _cli(s, "user", "role", who, *args)
            check(out in p.stdout, f"`kring user role {' '.join(args)}` said "
                  f"{p.stdout.strip()!r}, expected {out!r}")
            check(_flags(s, who) == flags, f"after `role {' '.join(args)}` the list shows "
                  f"{sorted(_flags(s, who))}, expected {sorted(flags)}")
            check(audit_events(s.db).count("role_changed") > before,
                  f"`role {' '.join(args)}` left no role_changed in the audit log")
        _cli(s, "user", "role", who, "bogus", rc=2)
        _cli(s, "user", "role", who, "boss", "--network", "neurokring", rc=2)
        p = _cli(s, "user", "role", "niemand@rijnstad.example", "admin", rc=1)
        check("no account" in p.stderr, f"an unknown account: {p.stderr.strip()!r}")
        p = _cli(s, "user", "role", who, "chair", "--network", MISSING_SLUG, rc=1)
        check(MISSING_SLUG in p.stderr, f"an unknown network: {p.stderr.strip()!r}")


@test
def cli_refuses_to_remove_the_last_administrator():
    with Server() as s:
        admin = DEMO["admin"]
        for args in (["role", admin, "none"], ["role", admin, "contact"], ["disable", admin]):
            p = _cli(s, "user", *args, rc=1)
            check("last administrator" in p.stderr,
                  f"`kring user {' '.join(args)}`: {p.stderr.strip()!r}, expected it to name "
                  "the last administrator")
        check(_flags(s, admin) == {"admin"}, f"the administrator now has {_flags(s, admin)}")
        _cli(s, "user", "role", DEMO_EMPLOYEE, "admin")
        _cli(s, "user", "role", admin, "none")
        check(_flags(s, admin) == set(), "with another administrator the role could not go")
        _cli(s, "user", "disable", DEMO_EMPLOYEE, rc=1)
        _cli(s, "user", "role", DEMO_EMPLOYEE, "none", rc=1)
        check("admin" in _flags(s, DEMO_EMPLOYEE), "the last administrator lost the role")


@test
def cli_network_add_and_list():
    with Server() as s:
        nets = _networks(s)
        check(nets == [("iedereen-telt", "broad", "Netwerk Iedereen Telt"),
                       ("lichtpunt", "narrow", "Lichtpunt"),
                       ("neurokring", "narrow", "Neurokring")],
              f"`kring network list` on the demo: {nets}")
        p = _cli(s, "network", "add", "doof-en-slechthorend", "Doof en Slechthorend",
                 "--kind", "narrow")
        check("/n/doof-en-slechthorend" in p.stdout, f"`kring network add` said "
              f"{p.stdout.strip()!r}, not where the network is")
        check(("doof-en-slechthorend", "narrow", "Doof en Slechthorend") in _networks(s),
              "the new network is not in `kring network list`")
        p = _cli(s, "network", "add", "doof-en-slechthorend", "Nog Een", "--kind", "broad", rc=1)
        check("taken" in p.stderr, f"a slug taken: {p.stderr.strip()!r}")
        for bad in ("Hoofd Letters", "met spatie", "a/b", "x" * 65, ""):
            _cli(s, "network", "add", bad, "Naam", "--kind", "broad", rc=1)
        _cli(s, "network", "add", "ok-slug", "", "--kind", "broad", rc=1)
        _cli(s, "network", "add", "zonder-soort", "Zonder Soort", rc=2)
        _cli(s, "network", "add", "verkeerde-soort", "X", "--kind", "wide", rc=2)
        _cli(s, "network", rc=2)
        _cli(s, "network", "frobnicate", rc=2)
        check(len(_networks(s)) == 4, f"refused commands changed the list: {_networks(s)}")
        _cli(s, "user", "role", DEMO_EMPLOYEE, "contact", "--network", "doof-en-slechthorend")
        c = Client(s, lang=EN)
        c.sign_in(DEMO_EMPLOYEE)
        r = c.get("/n/doof-en-slechthorend")
        check(r.status == 200 and "Sam de Boer" in htmlcheck.visible_text(r.text),
              f"the network added while serving: GET its page {r.status}, or its contact "
              "Sam de Boer is not named")
        check('href="/n/doof-en-slechthorend"' in c.get("/networks").text,
              "/networks does not list the network added on the command line")


# ---------------------------------------------------------------------------------------------
# Who may use which route


@test
def admin_routes_only_for_administrators():
    with Server() as s:
        clients = _signed_in_as_each_role(s)
        if not _admin_routes_built(clients):
            return
        employee_id = str(user_list(s.db)[DEMO_EMPLOYEE][0])
        for method, pattern, flags, roles in app_routes():
            if not pattern.startswith("/admin"):
                continue
            path = _path(pattern, id_=employee_id)
            check("SIGNIN" in flags, f"{method} {pattern} does not need signing in")
            check(roles == "ROLE_ADMIN", f"{method} {pattern} is for {roles}, not ROLE_ADMIN")
            r = Client(s).request(method, path) if method == "GET" else \
                Client(s).post(path, {})
            check(r.status == 303 and (r.header("Location") or "").startswith("/sign-in"),
                  f"{method} {pattern} signed out: {r.status}, expected 303 to /sign-in")
            for role, c in clients.items():
                if method == "GET":
                    r = c.get(path)
                    want = 200 if role == "admin" else 403
                    check(r.status == want, f"GET {pattern} as {role}: {r.status}, "
                          f"expected {want}")
                elif role != "admin":  # an administrator's POSTs would change things
                    c.token = None
                    r = c.post(path, {})
                    check(r.status == 403, f"POST {pattern} as {role} (with a good CSRF token): "
                          f"{r.status}, expected 403")
        check(clients["admin"].get("/account").status == 200, "the administrator was signed out")


@test
def object_routes_refuse_other_and_missing_objects():
    with Server() as s:
        clients = _signed_in_as_each_role(s)
        admin_built = _admin_routes_built(clients)
        users = user_list(s.db)
        object_routes = [(m, p, roles) for m, p, _, roles in app_routes()
                         if "{slug}" in p or "{id}" in p]
        require(object_routes, "no route with {slug} or {id} in the features' routes.c")
        for method, pattern, roles in object_routes:
            if pattern.startswith("/admin") and not admin_built:
                continue
            for role, c in clients.items():
                me = users[ROLE_ACCOUNTS[role]][0]
                other_id = str(next(i for i, _, _ in users.values() if i != me))
                cases = [("a missing one", _path(pattern, MISSING_SLUG, MISSING_ID), {403, 404})]
                if role != "admin":  # an administrator may act on every network and account
                    want = {200} if pattern in OPEN_TO_EVERY_EMPLOYEE and method == "GET" \
                        else {403, 404}
                    if pattern in SELF_SERVICE:
                        want = {200, 400, 403, 409}
                    if "{sub}" in pattern:
                        want = {404}
                    if role == "contact" and pattern in ORG_CONTACT_EVERY_NETWORK \
                            and method == "GET":
                        want = {200}
                    cases.append(("another network's or account's",
                                  _path(pattern, OTHER_NETWORK[role], other_id), want))
                for what, path, want in cases:
                    if method == "GET":
                        r = c.get(path)
                    else:
                        c.token = None
                        r = c.post(path, {})
                        if role == "admin" and r.status == 400:
                            continue  # the empty form refused before the object was looked up
                    check(r.status in want, f"{method} {pattern} with {what} identifier as "
                          f"{role}: {r.status}, expected {' or '.join(map(str, sorted(want)))}")
        # Nothing above may have cost a session.
        for role, c in clients.items():
            check(c.get("/account").status == 200, f"the {role} was signed out by the above")


# ---------------------------------------------------------------------------------------------
# The networks


@test
def networks_page_lists_every_network_with_a_link():
    with Server() as s:
        c = Client(s, lang=EN)
        c.sign_in(DEMO_EMPLOYEE)
        r = c.get("/networks")
        require(r.status == 200, f"GET /networks signed in: {r.status}")
        check(not htmlcheck.structure_problems(r.text, "en"),
              f"/networks: {htmlcheck.structure_problems(r.text, 'en')}")
        links = {e.get("href"): " ".join(e.text.split()) for e in htmlcheck.elements(r.text, "a")}
        nets = _networks(s)
        check(len(nets) == 3, f"the demo has {len(nets)} networks, expected 3")
        for slug, _, name in nets:
            check(links.get(f"/n/{slug}") == name, f"/networks has no link to /n/{slug} named "
                  f"{name!r} (found {links.get('/n/' + slug)!r})")
        for role in ("contact", "ambassador"):
            d = Client(s, lang=EN)
            d.sign_in(ROLE_ACCOUNTS[role])
            check(d.get("/networks").status == 200, f"GET /networks as {role} is not 200")


@test
def network_page_shows_goals_and_whom_to_contact():
    with Server() as s:
        c = Client(s, lang=EN)
        c.sign_in(DEMO_EMPLOYEE)
        r = c.get("/n/iedereen-telt")
        require(r.status == 200, f"GET /n/iedereen-telt: {r.status}")
        check(not htmlcheck.structure_problems(r.text, "en"),
              f"/n/iedereen-telt: {htmlcheck.structure_problems(r.text, 'en')}")
        text = htmlcheck.visible_text(r.text)
        check(htmlcheck.h1_text(r.text) == IEDEREEN_TELT["name"],
              f"the <h1> is {htmlcheck.h1_text(r.text)!r}")
        for key in ("goal_individual", "goal_group", "goal_organisation", "target_group"):
            check(IEDEREEN_TELT[key] in text.replace("\u2019", "'"),
                  f"the page does not show the {key.replace('_', ' ')}")
        contact = text[text.find("Whom to contact"):]
        check("Whom to contact" in text and "Chair: Fatima El Amrani" in contact,
              "under 'Whom to contact' the page does not name the chair, Fatima El Amrani")
        check("mailto:iedereentelt@rijnstad.example" in r.text,
              "the network's contact address is not a mailto: link")
        for slug in (MISSING_SLUG, "IEDEREEN-TELT", "iedereen-telt-x"):
            r = c.get("/n/" + slug)
            check(r.status == 404 and r.is_html(), f"GET /n/{slug}: {r.status}, expected the "
                  "404 page")


@test
def organisation_texts_are_marked_dutch_on_english_pages():
    with Server() as s:
        c = Client(s, lang=EN)
        c.sign_in(DEMO_EMPLOYEE)
        for path, keys in (("/networks", ("name", "summary")),
                           ("/n/iedereen-telt", tuple(IEDEREEN_TELT)),
                           ("/", ("name", "summary"))):
            r = c.get(path)
            require(r.status == 200 and r.lang() == "en", f"GET {path} in English: {r.status}, "
                    f"lang={r.lang()!r}")
            for key in keys:
                langs = htmlcheck.langs_of_text(r.text, IEDEREEN_TELT[key])
                check(langs, f"{path}: the {key.replace('_', ' ')} of Iedereen Telt is not shown")
                wrong = [x for x in langs if x != "nl"]
                check(not wrong, f"{path} (English): the {key.replace('_', ' ')} of Iedereen "
                      f"Telt (Dutch) stands in lang={(wrong or [''])[0]!r}, not lang=\"nl\"")
