# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_leaks_questions.py: the leak suite for the questions desk (issue 13). Askers with
markers in their name and address ask a network anonymously, anonymously with a code, and one
under their name; the core team answers, asks back and refers. Then every role signs in and
fetches every GET route of the features' routes.c (with real slugs and the questions'
addresses), every page those link to (one level deep), its own "my data" download, and every
e-mail Kring queued is read. What must hold:

- a question's text and its answers: only to its asker (their own pages and "my data") and to
  the core team of its network, never to anyone else (the administrator, the contact point,
  the ambassador, another network's core team, an employee, a fellow asker);
- an anonymous asker's name and address: on no page that any other role sees, in no page of
  the core team at all, in no e-mail but their own; a question's address (its id in URLs) only
  on the asker's and the core team's pages;
- the e-mail to the asker: that there is an answer and where to read it, never the question,
  the answer or the network; none for the code's question;
- the queue lists questions in the order they were asked, whoever asked them."""

import json
import re

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, require, sign_in_full, test,
                     user_add, db_connect)
from test_leaks import _links, _whole

EN = "en-GB,en;q=0.9"
NET = "/n/neurokring"  # its core team: the secretary
NETWORK_SLUGS = ("iedereen-telt", "neurokring", "lichtpunt")

ANON = ("zqanon", "Zqanoniem Vraagsteller")     # asks anonymously, signed in
NAMED = ("zqnamed", "Zqbenoemd Vraagsteller")   # asks under their name
CODER = ("zqcoder", "Zqcode Vraagsteller")      # asks with a code
TEXTS = {
    "anonymous": "Zqtekst-anoniem: mag ik later beginnen door mijn medicijnen?",
    "named": "Zqtekst-benoemd: hoe vraag ik een andere stoel aan?",
    "code": "Zqtekst-code: een collega pest mij om mijn beperking.",
}
ANSWER = "Zqtekst-antwoord: ja, bespreek het met de bedrijfsarts."
BACK = "Zqtekst-terugvraag: op welke locatie werk je?"


def _email(key):
    return f"{key}.marker@rijnstad.example"


class Viewer:
    def __init__(self, role, client, sees_texts, is_team=False, own=None):
        self.role = role
        self.client = client
        self.sees_texts = sees_texts  # which TEXTS keys it may read (its own, or the team's)
        self.is_team = is_team
        self.own = own                # the asker key it is, or None


def _signed_in(s, email, full=False):
    c = Client(s, lang=EN)
    if full:
        sign_in_full(c, email)
    else:
        c.sign_in(email)
    require(c.get("/account").status == 200, f"signing in as {email} did not work")
    return c


def _ask(c, text, how):
    r = c.get(NET + "/ask")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    return c.post(NET + "/ask", {"text": text, "how": how})


def _set_up(s):
    askers = {}
    for key, name in (ANON, NAMED, CODER):
        user_add(s.db, _email(key), name)
        askers[key] = _signed_in(s, _email(key))
    refs = {}
    r = _ask(askers[ANON[0]], TEXTS["anonymous"], "anonymous")
    require(r.status == 303, f"asking anonymously: {r.status}")
    refs["anonymous"] = re.search(r"/questions/([a-z0-9]{16})", r.header("Location")).group(1)
    r = _ask(askers[NAMED[0]], TEXTS["named"], "named")
    require(r.status == 303, f"asking under a name: {r.status}")
    refs["named"] = re.search(r"/questions/([a-z0-9]{16})", r.header("Location")).group(1)
    r = _ask(askers[CODER[0]], TEXTS["code"], "code")
    require(r.status == 200, f"asking with a code: {r.status}")
    code = re.search(r"[A-Z2-9]{4}(?:-[A-Z2-9]{4}){4}", r.text).group(0)
    team = _signed_in(s, DEMO["secretary"], full=True)
    q = team.get(NET + "/questions").text
    for e in htmlcheck.elements(q, "a"):
        href = e.get("href") or ""
        m = re.match(r"^/n/neurokring/questions/([a-z0-9]{16})$", href)
        if m and "Zqtekst-code" in e.text:
            refs["code"] = m.group(1)
    require("code" in refs, "the queue does not list the code's question")
    for key, kind, text in (("anonymous", "answer", ANSWER), ("named", "ask-back", BACK),
                            ("code", "answer", ANSWER)):
        path = f"{NET}/questions/{refs[key]}"
        r = team.get(path)
        team.token = htmlcheck.csrf_token(r.text)
        offered = sorted({int(v) for v in re.findall(r'<option value="(\d+)"', r.text)})
        fields = [("kind", kind), ("text", text)]
        if kind == "answer" and offered:
            fields.append(("referral1", str(offered[0])))
        r = team.post(path + "/respond", fields)
        require(r.status == 303, f"the core team's {kind} on the {key} question: {r.status}")
    viewers = {
        "anonymous asker": Viewer("anonymous asker", askers[ANON[0]], {"anonymous"},
                                  own=ANON[0]),
        "named asker": Viewer("named asker", askers[NAMED[0]], {"named"}, own=NAMED[0]),
        "code asker (signed in)": Viewer("code asker (signed in)", askers[CODER[0]], set(),
                                         own=CODER[0]),
        "core team of the network": Viewer("core team of the network", team,
                                           {"anonymous", "named", "code"}, is_team=True),
        "signed out": Viewer("signed out", Client(s, lang=EN), set()),
    }
    for role, addr, full in (("employee", DEMO_EMPLOYEE, False),
                             ("contact point", DEMO["contact"], False),
                             ("ambassador", DEMO["ambassador"], False),
                             ("core team of another network", DEMO["chair"], True),
                             ("administrator", DEMO["admin"], True)):
        viewers[role] = Viewer(role, _signed_in(s, addr, full), set())
    return viewers, refs, code


def _paths(refs):
    """Every GET route with its parameters filled in, the questions' addresses included."""
    from harness import app_routes
    out = []
    for method, pattern, _, _ in app_routes():
        if method != "GET" or pattern.startswith("/static/"):
            continue
        paths = [pattern]
        if "{slug}" in pattern:
            paths = [p.replace("{slug}", s) for p in paths for s in NETWORK_SLUGS]
        if "{ref}" in pattern:
            paths = [p.replace("{ref}", r) for p in paths for r in refs.values()]
        paths = [p.replace("{sub}", "adhd").replace("{token}", "A" * 43).replace("{id}", "1")
                 for p in paths]
        out += paths
    return out


def _look(v, path, text, refs, found):
    own = v.own
    for key, t in TEXTS.items():
        if t[:14] in text and key not in v.sees_texts:
            found.append(f"{v.role} sees the {key} question's text on GET {path}")
    for t in (ANSWER[:16], BACK[:16]):
        if t in text and not v.sees_texts:
            found.append(f"{v.role} sees an answer on GET {path}")
    for key, ref in refs.items():
        # A page fetched at the question's address may repeat it (a sign-in link's "next").
        if ref in text and key not in v.sees_texts and ref not in path:
            found.append(f"{v.role} sees the address of the {key} question on GET {path}")
    admin_accounts = v.role == "administrator" and path.split("?")[0] in (
        "/admin/accounts", "/admin/audit")
    for key, name in (ANON, CODER):
        if own == key or admin_accounts:
            continue
        if name in text or _email(key) in text:
            found.append(f"{v.role} sees the name or address of the {key} asker on GET {path}")
    if admin_accounts and any(t[:14] in text for t in TEXTS.values()):
        found.append(f"administrator: GET {path} shows a question next to accounts")
    # The named asker's name: only to the core team, and to themselves.
    if NAMED[1] in text and own != NAMED[0] and not v.is_team and not admin_accounts:
        found.append(f"{v.role} sees the named asker's name on GET {path}")


def _crawl(v, paths, refs, found):
    todo, fetched = list(paths), set()
    for _ in range(2):
        nxt = []
        for path in todo:
            if path in fetched or path.startswith("/static/") or "/sign-out" in path:
                continue
            fetched.add(path)
            r = v.client.get(path)
            _look(v, path, _whole(r), refs, found)
            nxt += _links(r)
        todo = nxt


@test
def leaks_questions_an_anonymous_asker_is_never_shown_or_linkable():
    with Server() as s:
        viewers, refs, code = _set_up(s)
        paths = _paths(refs)
        found = []
        for v in viewers.values():
            _crawl(v, paths, refs, found)
            if v.role != "signed out":
                r = v.client.get("/me/data.json")
                check(r.status == 200, f"{v.role}: GET /me/data.json: {r.status}")
                _look(v, "/me/data.json", r.text, refs, found)
                data = json.loads(r.text)
                got = sorted(q["text"] for q in data.get("questions", []))
                want = sorted(TEXTS[k] for k in v.sees_texts) if v.own else []
                check(got == want, f"{v.role}: my data lists the questions {got}, expected "
                      f"{want}")
        # The code opens its question for whoever holds it, and for nobody else's code.
        for v in viewers.values():
            if v.role == "signed out":
                continue
            v.client.get("/questions/code")
            r = v.client.post("/questions/code", {"code": code})
            check(r.status == 200 and TEXTS["code"][:14] in r.text,
                  f"{v.role}: the code does not open its question: {r.status}")
            check(CODER[1] not in r.text.replace(v.client.get("/account").text, "")
                  or v.own == CODER[0], f"{v.role}: the code's page names the asker")
        for m in found:
            check(False, m)
        # E-mail: one to each signed-in asker who got a reply, to them alone, and nothing in
        # it but that there is something to read.
        con = db_connect(s.db)
        mails = con.execute("SELECT to_addr, subject, body FROM outbox").fetchall()
        # A stolen copy with the access log: no time of a question or message has its second.
        times = con.execute("SELECT asked_at, answered_at, closed_at FROM question UNION ALL "
                            "SELECT created_at, NULL, NULL FROM question_message").fetchall()
        con.close()
        check(times and all(t is None or t % 3600 == 0 for row in times for t in row),
              f"a question's or message's time is stored to the second: {times[:4]}")
        ours = [m for m in mails if "Kring" in m[1] and
                ("antwoord" in m[1].lower() or "vraag terug" in m[1].lower())]
        to = sorted(m[0] for m in ours)
        check(to == sorted([_email(ANON[0]), _email(NAMED[0])]),
              f"e-mails about answers went to {to}, expected the two signed-in askers")
        for addr, subject, body in mails:
            whole = subject + "\n" + body
            for key, t in TEXTS.items():
                check(t[:14] not in whole, f"an e-mail to {addr} holds the {key} question")
            check(ANSWER[:16] not in whole and BACK[:16] not in whole,
                  f"an e-mail to {addr} holds an answer")
            for key, ref in refs.items():
                check(ref not in whole, f"an e-mail to {addr} holds the {key} question's id")
            if addr != _email(ANON[0]):
                check(ANON[1] not in whole, f"an e-mail to {addr} names the anonymous asker")
            if addr in (_email(ANON[0]), _email(NAMED[0])):
                check("neurokring" not in whole.lower(), f"the e-mail to {addr} names the "
                      "network")


@test
def leaks_questions_queue_order_says_nothing_about_who_asked():
    with Server() as s:
        # Accounts made in one order ask in the other: the queue follows the asking.
        ids = []
        for key in ("zqeerste", "zqtweede"):
            ids.append(user_add(s.db, _email(key), key.capitalize() + " Vraagsteller"))
        late = _signed_in(s, _email("zqeerste"))
        early = _signed_in(s, _email("zqtweede"))
        require(_ask(early, "Zqvolgorde-een", "anonymous").status == 303, "asking")
        require(_ask(late, "Zqvolgorde-twee", "anonymous").status == 303, "asking")
        team = _signed_in(s, DEMO["secretary"], full=True)
        q = team.get(NET + "/questions").text
        check(q.find("Zqvolgorde-een") < q.find("Zqvolgorde-twee"),
              "the queue is not in the order the questions were asked")
        hrefs = re.findall(r'href="/n/neurokring/questions/([a-z0-9]{16})"', q)
        check(all(str(i) not in h for h in hrefs for i in ids if len(str(i)) > 2),
              "a question's address holds an account number")
        check("Eerste" not in q and "Tweede" not in q, "the queue names an anonymous asker")
