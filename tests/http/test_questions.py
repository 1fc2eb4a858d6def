# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_questions.py: the questions desk (issue 13), black box over HTTP: asking a network under
one's name, anonymously and with a code; the asker's pages; the core team's queue (take,
answer, ask back, refer, close, the flag after the set number of working days); the e-mail that
says only that there is an answer; the referral directory and the administrator's settings;
erasing (by the asker, with the account, by retention); "my data"; and every bad value.

Texts carry markers (Zq…) that occur nowhere else."""

import json
import re
import signal
import time

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, error_summary, require,
                     sign_in_full, test, user_add, db_connect)

EN = "en-GB,en;q=0.9"
NET = "/n/neurokring"          # its core team is the secretary (Joost Visser)
BROAD = "/n/iedereen-telt"     # its core team is the chair (Fatima El Amrani)


def person(s, key):
    """A new signed-in account with a marked name: (email, name, client)."""
    email = f"zq{key}@rijnstad.example"
    name = f"Zq{key.capitalize()} Vrager"
    user_add(s.db, email, name)
    c = Client(s, lang=EN)
    c.sign_in(email)
    return email, name, c


def core(s, role="secretary"):
    c = Client(s, lang=EN)
    sign_in_full(c, DEMO[role])
    return c


def ask(c, network, text, how, expect=303):
    r = c.get(network + "/ask")
    require(r.status == 200, f"GET {network}/ask: {r.status}, expected 200")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    r = c.post(network + "/ask", {"text": text, "how": how})
    require(expect is None or r.status == expect,
            f"POST {network}/ask ({how}): {r.status}, expected {expect}")
    return r


def ref_of(r):
    m = re.match(r"^/questions/([a-z0-9]{16})\?done=asked$", r.header("Location") or "")
    require(m, f"asking redirected to {r.header('Location')!r}, not to the question's page")
    return m.group(1)


def code_of(r):
    m = re.search(r"([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})", r.text)
    require(m, "the page after asking with a code shows no code")
    return m.group(1)


def queue_ref(c, network, marker):
    """The address of the question with marker on the queue of network, as the core team."""
    r = c.get(network + "/questions")
    require(r.status == 200, f"GET {network}/questions as core team: {r.status}")
    for e in htmlcheck.elements(r.text, "a"):
        href = e.get("href") or ""
        if href.startswith(network + "/questions/") and marker in e.text:
            return href
    require(False, f"the queue of {network} does not list the question with {marker}")


def respond(c, path, text, kind="answer", signed=False, referrals=(), expect=303):
    r = c.get(path)
    require(r.status == 200, f"GET {path}: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    fields = [("kind", kind), ("text", text)] + [(f"referral{i + 1}", str(x))
                                                 for i, x in enumerate(referrals)]
    if signed:
        fields.append(("signed", "1"))
    r = c.post(path + "/respond", fields)
    require(expect is None or r.status == expect,
            f"POST {path}/respond: {r.status}, expected {expect}")
    return r


def outbox(db):
    con = db_connect(db)
    try:
        return con.execute("SELECT to_addr, subject, body FROM outbox ORDER BY id").fetchall()
    finally:
        con.close()


def referral_ids(c):
    """The directory entries the answer form offers: [(id, label)]."""
    r = c.get("/admin/questions")
    return r


def form_referrals(r):
    return sorted({int(v) for v in re.findall(r'<option value="(\d+)"', r.text)})


@test
def questions_anonymous_question_answered_with_a_referral():
    with Server() as s:
        email, name, me = person(s, "anna")
        r = ask(me, NET, "Zqvraag-anna: mag ik een koptelefoon op?", "anonymous")
        ref = ref_of(r)
        r = me.get(f"/questions/{ref}?done=asked")
        check(r.status == 200 and "Zqvraag-anna" in r.text,
              f"GET /questions/{ref}: {r.status}, or it does not show the question")
        r = me.get("/questions")
        check(f"/questions/{ref}" in r.text, "my questions does not list the anonymous question")
        team = core(s)
        path = queue_ref(team, NET, "Zqvraag-anna")
        check(ref in path, f"the queue links {path}, not the question's address")
        q = team.get(NET + "/questions")
        check(name not in q.text and email not in q.text,
              "the queue shows the anonymous asker's name or address")
        check("Anonymous" in q.text, "the queue does not say the question is anonymous")
        # Take it: the queue says who has it.
        r = team.get(path)
        team.token = htmlcheck.csrf_token(r.text)
        r = team.post(path + "/take")
        check(r.status == 303, f"POST {path}/take: {r.status}, expected 303")
        check("Taken by Joost Visser" in team.get(NET + "/questions").text,
              "the queue does not show who took the question")
        offered = form_referrals(team.get(path))
        require(len(offered) >= 2, f"the answer form offers {offered}, expected the directory")
        respond(team, path, "Zqantwoord-anna: ja, dat mag.", referrals=offered[:2])
        r = me.get(f"/questions/{ref}")
        check("Zqantwoord-anna" in r.text, "the asker does not see the answer")
        check("Joost Visser" not in r.text, "the asker sees who answered an unsigned answer")
        check("Bedrijfsarts" in r.text or "Vertrouwenspersoon" in r.text,
              "the asker does not see the directory entries the answer points to")
        mails = [m for m in outbox(s.db) if m[0] == email]
        check(len(mails) == 1, f"{len(mails)} e-mails to the asker, expected 1")
        for to, subject, body in mails:
            check("Zqvraag" not in body + subject and "Zqantwoord" not in body + subject,
                  "the e-mail holds the question or the answer")
            check("neurokring" not in (body + subject).lower(), "the e-mail names the network")
            check("/questions" in body, "the e-mail does not say where to read the answer")
        # A signed answer shows the name.
        respond(team, path, "Zqantwoord-twee", signed=True)
        check("Joost Visser" in me.get(f"/questions/{ref}").text,
              "a signed answer does not show its author's name")


@test
def questions_named_question_shows_the_name_to_the_core_team_only():
    with Server() as s:
        email, name, me = person(s, "bert")
        ref = ref_of(ask(me, NET, "Zqvraag-bert", "named"))
        team = core(s)
        check(name in team.get(NET + "/questions").text,
              "the queue does not show the name of a question asked under it")
        other = core(s, "chair")
        r = other.get(NET + "/questions")
        check(r.status == 403, f"another network's core team opens the queue: {r.status}")
        for who in ("employee", "contact", "ambassador"):
            c = Client(s, lang=EN)
            c.sign_in(DEMO[who])
            for path in (NET + "/questions", f"{NET}/questions/{ref}"):
                r = c.get(path)
                check(r.status == 403, f"GET {path} as {who}: {r.status}, expected 403")
            r = c.get(f"/questions/{ref}")
            check(r.status == 404, f"GET /questions/{ref} as {who}: {r.status}, expected 404")
        admin = Client(s, lang=EN)
        sign_in_full(admin, DEMO["admin"])
        check(admin.get(NET + "/questions").status == 403, "the administrator opens the queue")


@test
def questions_with_a_code_ask_back_reply_and_erase():
    with Server() as s:
        email, name, me = person(s, "cees")
        r = ask(me, NET, "Zqvraag-cees met code", "code", expect=200)
        code = code_of(r)
        check("/questions/" not in (r.header("Location") or ""), "asking with a code redirects")
        check("Zqvraag-cees" not in me.get("/questions").text,
              "a question with a code is listed under my questions")
        data = json.loads(me.get("/me/data.json").text)
        check("Zqvraag-cees" not in json.dumps(data), "my data holds the question with a code")
        # Wrong codes.
        me.get("/questions/code")
        for bad in ("", "ABCD", "AAAA-AAAA-AAAA-AAAA-AAAA", "x" * 64, "ÄÖÜ"):
            r = me.post("/questions/code", {"code": bad})
            check(r.status == 400 and error_summary(r),
                  f"POST /questions/code with {bad!r}: {r.status}, expected 400 with a message")
        r = me.post("/questions/code", {"code": code.lower().replace("-", " ")})
        check(r.status == 200 and "Zqvraag-cees" in r.text,
              f"the code (lower case, spaces) does not open the question: {r.status}")
        team = core(s)
        path = queue_ref(team, NET, "Zqvraag-cees")
        respond(team, path, "Zqterug-cees: waar werk je?", kind="ask-back")
        check(not [m for m in outbox(s.db) if m[0] == email],
              "a question with a code sent an e-mail")
        r = me.post("/questions/code", {"code": code})
        check("Zqterug-cees" in r.text and 'action="/questions/code/reply"' in r.text,
              "the code's page does not show the question back with a reply form")
        r = me.post("/questions/code/reply", {"code": code, "text": ""})
        check(r.status == 400 and error_summary(r), f"an empty reply: {r.status}, expected 400")
        r = me.post("/questions/code/reply", {"code": "WRONG", "text": "x"})
        check(r.status == 400, f"a reply with a wrong code: {r.status}, expected 400")
        r = me.post("/questions/code/reply", {"code": code, "text": "Zqreply-cees"})
        check(r.status == 200 and "Zqreply-cees" in r.text, f"the reply: {r.status}")
        check("Zqreply-cees" in team.get(path).text, "the core team does not see the reply")
        # Erasing in two steps.
        r = me.post("/questions/code/erase", {"code": code})
        check(r.status == 200 and 'name="confirm"' in r.text, "erasing has no second step")
        check(me.post("/questions/code", {"code": code}).status == 200,
              "the first step of erasing erased the question")
        r = me.post("/questions/code/erase", {"code": code, "confirm": "1"})
        check(r.status == 200, f"erasing: {r.status}")
        check(me.post("/questions/code", {"code": code}).status == 400,
              "the code still opens an erased question")
        check(team.get(path).status == 404, "the core team still opens an erased question")


@test
def questions_bad_values_change_nothing():
    with Server() as s:
        email, name, me = person(s, "dirk")
        for text, what in (("", "empty"), ("   \n  ", "blank"), ("a" * 10001, "too long")):
            r = ask(me, NET, text, "anonymous", expect=400)
            check(error_summary(r), f"a {what} question: no error summary")
        r = ask(me, NET, "Zqvraag-dirk", "everyone", expect=400)
        check(error_summary(r), "an unknown way of asking: no error summary")
        r = me.post(NET + "/ask", b"text=%ff%fe&how=anonymous")
        check(r.status == 400, f"invalid UTF-8: {r.status}, expected 400")
        r = me.post(NET + "/ask", {"text": "x" * 40001, "how": "anonymous"})
        check(r.status in (400, 413), f"a text over the route's limit: {r.status}")
        check(me.post("/n/nergens/ask", {"text": "x", "how": "named"}).status == 404,
              "asking a network that does not exist")
        check(me.post(NET + "/ask", {"text": "x", "how": "named"}, csrf=False).status == 403,
              "asking without a CSRF token")
        check(ask(me, NET, "a" * 10000, "named", expect=303), "10,000 characters are refused")
        team = core(s)
        check(not [h for h in [team.get(NET + "/questions").text] if "Zqvraag-dirk" in h],
              "a refused question reached the queue")
        # Someone else's question, and the core team of another network.
        ref = ref_of(ask(me, NET, "Zqvraag-dirk-twee", "anonymous"))
        other = person(s, "eva")[2]
        check(other.get(f"/questions/{ref}").status == 404, "another's question opens")
        check(other.post(f"/questions/{ref}/reply", {"text": "x"}).status == 404,
              "replying to another's question")
        check(other.post(f"/questions/{ref}/erase").status == 404, "erasing another's question")
        chair = core(s, "chair")
        for action in ("take", "close"):
            r = chair.post(f"{BROAD}/questions/{ref}/{action}")
            check(r.status == 404, f"another network's core team: {action}: {r.status}")
            r = chair.post(f"{NET}/questions/{ref}/{action}")
            check(r.status == 403, f"not on this core team: {action}: {r.status}")
            r = me.post(f"{NET}/questions/{ref}/{action}")
            check(r.status == 403, f"the asker acts on the queue: {action}: {r.status}")
        r = chair.post(f"{NET}/questions/{ref}/respond", {"kind": "answer", "text": "x"})
        check(r.status == 403, f"not on this core team: respond: {r.status}")
        path = f"{NET}/questions/{ref}"
        for fields, what in (([("kind", "answer"), ("text", "")], "an empty answer"),
                             ([("kind", "answer"), ("text", "a" * 10001)], "a long answer"),
                             ([("kind", "answer"), ("text", "x"), ("referral1", "999")],
                              "an unknown referral"),
                             ([("kind", "answer"), ("text", "x"), ("referral1", "1"),
                               ("referral2", "1")], "one referral twice"),
                             ([("kind", "answer"), ("text", "x"), ("referral1", "x")],
                              "a referral that is not a number"),
                             ([("kind", "ask-back"), ("text", "x"), ("referral1", "1")],
                              "a referral with a question back")):
            r = team.get(path)
            team.token = htmlcheck.csrf_token(r.text)
            r = team.post(path + "/respond", fields)
            check(r.status == 400 and error_summary(r), f"{what}: {r.status}, expected 400")
        r = team.post(path + "/respond", [("kind", "shout"), ("text", "x")])
        check(r.status == 400, f"an unknown kind: {r.status}")
        check(not outbox(s.db), "a refused answer sent an e-mail")
        # A closed question takes no more answers.
        check(team.post(path + "/close").status == 303, "closing")
        r = team.post(path + "/respond", [("kind", "answer"), ("text", "x")])
        check(r.status == 409, f"answering a closed question: {r.status}, expected 409")
        check(team.post(path + "/take").status == 409, "taking a closed question")
        check(team.get(f"{NET}/questions/{'a' * 16}").status == 404, "an unknown question")
        check(team.get(f"{NET}/questions/..%2f").status == 404, "a bad address")


@test
def questions_overdue_questions_are_flagged_to_the_core_team():
    with Server() as s:
        _, _, me = person(s, "fien")
        ref = ref_of(ask(me, NET, "Zqvraag-fien", "anonymous"))
        team = core(s)
        check("Waiting too long" not in team.get(NET + "/questions").text,
              "a new question is flagged")
        con = db_connect(s.db)
        con.execute("UPDATE question SET asked_at = ? WHERE ref = ?",
                    (int(time.time()) - 15 * 86400, ref))
        con.commit()
        con.close()
        r = team.get(NET + "/questions")
        check("Waiting too long" in r.text and "Waiting longer than" in r.text,
              "a question 15 days old is not flagged")
        check("Zqvraag-fien" not in me.get("/").text, "the home page shows the question")


def _monday(t):
    """Monday 00:00 UTC of the week that holds t."""
    return t - (t - 4 * 86400) % (7 * 86400)


@test
def questions_figures_by_week_wait_and_referrals():
    """The figures of the questions desk: questions by week over the 12 weeks that have ended
    (never the week that is running), the median wait for a first answer from 5 answered
    questions on, and referrals by kind through the figures table; for the core team, the
    contact point and the ambassador of that network, never a number under five, never what
    was asked; and for nobody else."""
    with Server() as s:
        _, _, me = person(s, "week")
        team = core(s)
        markers = [f"Zqweek-{i}" for i in range(7)]
        refs = [ref_of(ask(me, NET, m + " hoe vraag ik een aanpassing aan?", "anonymous"))
                for m in markers]
        offered = None
        for m in markers[:6]:
            path = queue_ref(team, NET, m)
            offered = offered or form_referrals(team.get(path))
            respond(team, path, "Zqweek-antwoord", referrals=offered[:1])
        # Back to last week: asked on Tuesday 09:00, first answered five hours later.
        last = _monday(int(time.time())) - 7 * 86400
        asked = last + 86400 + 9 * 3600
        con = db_connect(s.db)
        for ref in refs[:6]:
            con.execute("UPDATE question SET asked_at = ?, answered_at = ? WHERE ref = ?",
                        (asked, asked + 5 * 3600, ref))
            con.execute("UPDATE question_message SET created_at = ? WHERE question_id ="
                        " (SELECT id FROM question WHERE ref = ?)", (asked + 5 * 3600, ref))
        con.commit()
        in_week = con.execute("SELECT count(*) FROM question q JOIN network n ON"
                              " n.id = q.network_id WHERE n.slug = 'neurokring' AND"
                              " q.asked_at >= ? AND q.asked_at < ?",
                              (last, last + 7 * 86400)).fetchall()[0][0]
        con.close()
        r = team.get(NET + "/questions/figures")
        require(r.status == 200, f"GET the figures as the core team: {r.status}")
        day = time.strftime("%Y-%m-%d", time.gmtime(last))
        row = re.search(r"<tr><td>" + day + r"</td><td>([^<]*)</td></tr>", r.text)
        check(row and row.group(1) == str(in_week),
              f"last week ({day}) shows {row and row.group(1)!r}, expected {in_week}")
        this_week = time.strftime("%Y-%m-%d", time.gmtime(_monday(int(time.time()))))
        check(f"<td>{this_week}</td>" not in r.text, "the week that is running is shown")
        check(r.text.count("<tr><td>20") == 12, "not 12 weeks")
        check("Half of them had it within 5 hours" in r.text,
              "the median wait of five hours is not shown")
        check("Referrals by kind" in r.text and re.search(
            r'<th scope="row">All referrals</th><td>(\d+)</td>', r.text),
            "the referrals are not counted")
        for who, c in (("core team", team), ("contact point", core(s, "contact"))):
            page = c.get(NET + "/questions/figures")
            check(page.status == 200, f"the figures for the {who}: {page.status}")
            nums = [int(n) for n in re.findall(r"<td>(\d+)</td>", page.text)]
            check(all(n >= 5 for n in nums), f"a figure under five for the {who}: {nums}")
            check("Zqweek" not in page.text, f"the figures show what was asked ({who})")
        amb = core(s, "ambassador")
        check(amb.get(BROAD + "/questions/figures").status == 200,
              "the ambassador does not see their network's figures")
        check(amb.get(NET + "/questions/figures").status == 403,
              "an ambassador sees another network's figures")
        check(me.get(NET + "/questions/figures").status == 403, "an employee sees the figures")
        check("/questions/figures" in team.get(NET).text,
              "the network page does not link the figures for the core team")
        check("/questions/figures" not in me.get(NET).text,
              "the network page links the figures for an employee")
        # Under five answered: no time at all.
        fresh = core(s, "chair").get(BROAD + "/questions/figures")
        check(fresh.status == 200 and "Half of them" not in fresh.text and
              "no time is shown" in fresh.text, "a wait over fewer than five answers is shown")


@test
def questions_faq_with_the_askers_consent():
    """With the asker's consent (given once there is an answer, and taken back) the core team
    sees that it may make an FAQ entry; the core team writes, changes and removes (in two
    steps) the network's FAQ, which every employee reads and which holds nothing of the
    question or the asker; bad values change nothing; another network's core team cannot
    touch it."""
    with Server() as s:
        email, name, me = person(s, "faq")
        ref = ref_of(ask(me, NET, "Zqfaq-vraag: mag ik later beginnen?", "anonymous"))
        page = me.get(f"/questions/{ref}")
        check("/faq" not in page.text, "consent is offered before there is an answer")
        r = me.post(f"/questions/{ref}/faq", {"consent": "yes"}, csrf=me.csrf(f"/questions/{ref}"))
        check(r.status == 409, f"consent before an answer: {r.status}, expected 409")
        team = core(s)
        path = queue_ref(team, NET, "Zqfaq-vraag")
        respond(team, path, "Zqfaq-antwoord")
        check("may go in the network" not in team.get(path).text,
              "the core team sees a consent that was not given")
        page = me.get(f"/questions/{ref}")
        check("Yes, they may use it" in page.text, "the asker is not offered the FAQ")
        for bad in ("", "maybe", "YES"):
            r = me.post(f"/questions/{ref}/faq", {"consent": bad}, csrf=me.csrf(f"/questions/{ref}"))
            check(r.status == 400, f"consent={bad!r}: {r.status}, expected 400")
        r = me.post(f"/questions/{ref}/faq", {"consent": "yes"}, csrf=me.csrf(f"/questions/{ref}"))
        check(r.status == 303 and "done=faq" in (r.header("Location") or ""),
              f"giving consent: {r.status} {r.header('Location')}")
        check("Take back my consent" in me.get(f"/questions/{ref}").text,
              "the asker's page does not show the consent")
        t = team.get(path)
        check("may go in the network" in t.text and NET + "/faq/new" in t.text,
              "the core team does not see the consent")
        # Someone else cannot give consent for this question.
        _, _, stranger = person(s, "faqvreemd")
        r = stranger.post(f"/questions/{ref}/faq", {"consent": "no"}, csrf=stranger.csrf("/questions"))
        check(r.status == 404, f"a stranger's consent: {r.status}, expected 404")
        # The core team writes the entry.
        form = team.get(NET + "/faq/new")
        check(form.status == 200, f"GET the FAQ form: {form.status}")
        team.token = htmlcheck.csrf_token(form.text)
        for fields, what in (({"question": "", "answer": "x"}, "Type the question"),
                             ({"question": "x" * 501, "answer": "x"}, "at most 500"),
                             ({"question": "Vraag", "answer": "   "}, "Type the answer"),
                             ({"question": "Vraag", "answer": "x" * 10001}, "at most 10,000"),
                             ({"question": "Vraag\x01", "answer": "x"}, "cannot store")):
            before = len(s.sql("SELECT id FROM faq_entry"))
            r = team.post(NET + "/faq/new", fields)
            # A control character is refused by the form parser already, with the error page.
            check(r.status == 400 and (what in r.text or "\x01" in fields["question"]),
                  f"a bad FAQ entry ({what}): {r.status}, or the message is missing")
            check(len(s.sql("SELECT id FROM faq_entry")) == before, f"a bad entry was saved ({what})")
        r = team.post(NET + "/faq/new", {"question": "Zqfaq-entry: mag ik later beginnen?",
                                         "answer": "Ja, spreek het af met je leidinggevende.\n\nHet netwerk helpt."})
        check(r.status == 303, f"adding an FAQ entry: {r.status}")
        faq = stranger.get(NET + "/faq")
        check(faq.status == 200 and "Zqfaq-entry" in faq.text, "an employee does not read the FAQ")
        check(name not in faq.text and "Zqfaq-vraag" not in faq.text and ref not in faq.text,
              "the FAQ shows the question or its asker")
        check("/faq/" not in faq.text.replace(NET + "/faq/new", ""),
              "an employee is offered to change the FAQ")
        check(NET + "/faq\"" in me.get(NET).text, "the network page does not link the FAQ")
        rows = s.sql("SELECT * FROM faq_entry WHERE question LIKE 'Zqfaq-entry%'")
        check(len(rows) == 1, f"{len(rows)} entries stored")
        changed_on = s.sql("SELECT changed_on FROM faq_entry WHERE question LIKE 'Zqfaq-entry%'")[0][0]
        check(changed_on % 86400 == 0, f"the entry keeps a time to the second: {changed_on}")
        eid = s.sql("SELECT id FROM faq_entry WHERE question LIKE 'Zqfaq-entry%'")[0][0]
        # Only the core team of this network changes it.
        check(me.get(f"{NET}/faq/{eid}").status == 403, "an employee opens the FAQ edit form")
        check(me.get(NET + "/faq/new").status == 403, "an employee opens the FAQ form")
        chair = core(s, "chair")
        check(chair.get(f"{NET}/faq/{eid}").status == 403, "another network's core team edits")
        check(chair.get(f"{BROAD}/faq/{eid}").status == 404,
              "an entry is found under another network's address")
        r = chair.post(f"{BROAD}/faq/{eid}", {"question": "x", "answer": "y"},
                       csrf=chair.csrf(BROAD + "/faq/new"))
        check(r.status == 404, f"changing another network's entry: {r.status}")
        for bad in ("0", "-1", "x", "99999999"):
            check(team.get(f"{NET}/faq/{bad}").status == 404, f"/faq/{bad} is found")
        edit = team.get(f"{NET}/faq/{eid}")
        team.token = htmlcheck.csrf_token(edit.text)
        r = team.post(f"{NET}/faq/{eid}", {"question": "Zqfaq-entry2", "answer": "Anders."})
        check(r.status == 303 and "Zqfaq-entry2" in me.get(NET + "/faq").text, "changing an entry")
        # Removing takes two steps.
        r = team.post(f"{NET}/faq/{eid}/delete")
        check(r.status == 200 and "Step 2 of 2" in r.text, f"the first step removes: {r.status}")
        check("Zqfaq-entry2" in me.get(NET + "/faq").text, "the first step removed the entry")
        r = team.post(f"{NET}/faq/{eid}/delete", {"confirm": "2"})
        check(r.status == 400, f"confirm=2: {r.status}")
        r = team.post(f"{NET}/faq/{eid}/delete", {"confirm": "1"})
        check(r.status == 303 and "Zqfaq-entry2" not in me.get(NET + "/faq").text,
              "removing the entry")
        # Taking consent back.
        r = me.post(f"/questions/{ref}/faq", {"consent": "no"}, csrf=me.csrf(f"/questions/{ref}"))
        check(r.status == 303 and "may go in the network" not in team.get(path).text,
              "taking the consent back")


@test
def questions_queue_in_pages_of_fifty_oldest_first():
    """The core team's queue shows 50 questions a page, oldest first, numbered on from page to
    page, with links between the pages; a page past the end or not a page number is not found."""
    with Server() as s:
        _, _, me = person(s, "paul")
        team = core(s)
        first = team.get(NET + "/questions")
        require(first.status == 200, f"GET the queue: {first.status}")
        have = first.text.count('href="' + NET + '/questions/')
        require(have < 50, f"the small demo has {have} open questions on the queue already")
        for i in range(51 - have):
            ask(me, NET, f"Zqpagina-{i:02d} mijn vraag", "anonymous")
        p1 = team.get(NET + "/questions")
        check(p1.text.count('href="' + NET + '/questions/') == 50, "page 1 has not 50 questions")
        check('rel="next"' in p1.text and 'rel="prev"' not in p1.text, "page 1: links")
        p2 = team.get(NET + "/questions?page=2")
        check(p2.status == 200, f"page 2: {p2.status}")
        check(p2.text.count('href="' + NET + '/questions/') == 1, "page 2 has not 1 question")
        check(f"Zqpagina-{50 - have:02d}" in p2.text, "page 2 does not hold the newest question")
        check('start="51"' in p2.text, "page 2 does not count on from 51")
        check('rel="prev"' in p2.text and 'rel="next"' not in p2.text, "page 2: links")
        for p in htmlcheck.structure_problems(p2.text, "en"):
            check(False, f"the queue's page 2: {p}")
        for bad in ("3", "0", "-1", "x", "1e3", "100001"):
            r = team.get(NET + "/questions?page=" + bad)
            check(r.status == 404, f"?page={bad}: {r.status}, expected 404")


@test
def questions_erase_by_the_asker_with_the_account_and_by_retention():
    with Server() as s:
        email, name, me = person(s, "gijs")
        ref = ref_of(ask(me, NET, "Zqvraag-gijs-een", "anonymous"))
        ref2 = ref_of(ask(me, NET, "Zqvraag-gijs-twee", "named"))
        data = json.loads(me.get("/me/data.json").text)
        texts = [q["text"] for q in data.get("questions", [])]
        check(sorted(texts) == ["Zqvraag-gijs-een", "Zqvraag-gijs-twee"],
              f"my data lists {texts}")
        check("Zqvraag-gijs-een" in me.get("/me/data").text, "the my data page lacks it")
        r = me.get(f"/questions/{ref}/erase")
        check(r.status == 200, f"GET erase: {r.status}")
        me.token = htmlcheck.csrf_token(r.text)
        r = me.post(f"/questions/{ref}/erase")
        check(r.status == 303, f"POST erase: {r.status}")
        check(me.get(f"/questions/{ref}").status == 404, "an erased question still opens")
        # Retention: a question closed longer ago than the setting goes when the job runs.
        team = core(s)
        path = queue_ref(team, NET, "Zqvraag-gijs-twee")
        respond(team, path, "Zqantwoord-gijs")
        check(team.post(path + "/close").status == 303, "closing")
        s.signal(signal.SIGTERM)
        s.wait(10)
        con = db_connect(s.db)
        con.execute("UPDATE question SET closed_at = ? WHERE ref = ?",
                    (int(time.time()) - 400 * 86400, ref2))
        con.execute("DELETE FROM job_run WHERE job = 'retention'")
        con.commit()
        qid = con.execute("SELECT id FROM question WHERE ref = ?", (ref2,)).fetchone()[0]
        left = con.execute("SELECT count(*) FROM question_message WHERE question_id = ?",
                           (qid,)).fetchone()[0]
        con.close()
        check(left >= 1, "the answer is not stored")
        s.start()
        for _ in range(50):
            con = db_connect(s.db)
            n = con.execute("SELECT count(*) FROM question WHERE ref = ?", (ref2,)).fetchone()[0]
            m = con.execute("SELECT count(*) FROM question_message WHERE question_id = ?",
                            (qid,)).fetchone()[0]
            con.close()
            if not n:
                break
            time.sleep(0.1)
        check(n == 0 and m == 0, "retention kept a question closed 400 days ago: "
              + s.stderr()[-600:])
        # The account's deletion takes its questions.
        _, _, you = person(s, "hans")
        ref3 = ref_of(ask(you, NET, "Zqvraag-hans", "anonymous"))
        r = you.get("/me/delete")
        you.token = htmlcheck.csrf_token(r.text)
        forms = {e.get("name") for e in htmlcheck.elements(r.text, "input")}
        fields = {"confirm": "1"} if "confirm" in forms else {}
        if "password" in forms:
            fields["password"] = "Rijnstad-demo-2026"
        r = you.post("/me/delete", fields)
        check(r.status in (200, 303), f"deleting the account: {r.status}")
        con = db_connect(s.db)
        n = con.execute("SELECT count(*) FROM question WHERE ref = ?", (ref3,)).fetchone()[0]
        con.close()
        check(n == 0, "the account's anonymous question outlived the account")


@test
def questions_directory_and_settings_by_the_administrator():
    with Server() as s:
        admin = Client(s, lang=EN)
        sign_in_full(admin, DEMO["admin"])
        r = admin.get("/admin/questions")
        require(r.status == 200, f"GET /admin/questions: {r.status}")
        admin.token = htmlcheck.csrf_token(r.text)
        for fd, km in (("0", "12"), ("31", "12"), ("5", "0"), ("5", "121"), ("x", "12"),
                       ("", "")):
            r = admin.post("/admin/questions", {"flag_days": fd, "keep_months": km})
            check(r.status == 400 and error_summary(r), f"settings {fd}/{km}: {r.status}")
        r = admin.post("/admin/questions", {"flag_days": "3", "keep_months": "24"})
        check(r.status == 303, f"saving settings: {r.status}")
        r = admin.get("/admin/questions")
        check('value="3"' in r.text and 'value="24"' in r.text, "the settings are not kept")
        for fields, what in (({"kind": "hr", "name": "", "reach": "x", "purpose": "x"}, "no name"),
                             ({"kind": "hr", "name": "a" * 201, "reach": "x", "purpose": "x"},
                              "a long name"),
                             ({"kind": "hr", "name": "x", "reach": "", "purpose": "x"},
                              "no reach"),
                             ({"kind": "hr", "name": "x", "reach": "x", "purpose": ""},
                              "no purpose")):
            r = admin.post("/admin/referrals", fields)
            check(r.status == 400 and error_summary(r), f"an entry with {what}: {r.status}")
        r = admin.post("/admin/referrals", {"kind": "elsewhere", "name": "x", "reach": "x",
                                            "purpose": "x"})
        check(r.status == 400, f"an unknown kind: {r.status}")
        r = admin.post("/admin/referrals", {"kind": "outside", "name": "Zqhulplijn",
                                            "reach": "Bel 0800", "purpose": "Zqdoel"})
        check(r.status == 303, f"adding an entry: {r.status}")
        emp = Client(s, lang=EN)
        emp.sign_in(DEMO_EMPLOYEE)
        r = emp.get("/referrals")
        check(r.status == 200 and "Zqhulplijn" in r.text and "MIND Korrelatie" in r.text,
              "the directory does not show the entries to an employee")
        check(emp.get("/admin/questions").status == 403, "an employee opens the settings")
        check(emp.post("/admin/referrals", {"kind": "hr", "name": "x", "reach": "x",
                                            "purpose": "x"}).status == 403,
              "an employee adds an entry")
        # Changing an entry: its own page, every bad value refused and nothing changed.
        r = admin.get("/admin/questions")
        m = re.search(r'href="/admin/referrals/(\d+)">[^<]*<span[^>]*>: <span[^>]*>Zqhulplijn<',
                      r.text)
        require(m, "no change link for the new entry")
        edit = f"/admin/referrals/{m.group(1)}"
        r = admin.get(edit)
        check(r.status == 200 and 'value="Zqhulplijn"' in r.text and "Zqdoel" in r.text and
              'value="outside" checked' in r.text,
              f"the change page does not hold the entry: {r.status}")
        for fields, what in (({"kind": "hr", "name": "", "reach": "x", "purpose": "x"}, "no name"),
                             ({"kind": "hr", "name": "x", "reach": "", "purpose": "x"},
                              "no reach"),
                             ({"kind": "hr", "name": "a" * 201, "reach": "x", "purpose": "x"},
                              "a long name")):
            r = admin.post(edit, fields)
            check(r.status == 400 and error_summary(r), f"changing to {what}: {r.status}")
        check(admin.post(edit, {"kind": "elsewhere", "name": "x", "reach": "x",
                                "purpose": "x"}).status == 400, "changing to an unknown kind")
        check("Zqhulplijn" in emp.get("/referrals").text, "a refused change changed the entry")
        check(admin.get("/admin/referrals/99999").status == 404 and
              admin.get("/admin/referrals/abc").status == 404 and
              admin.post("/admin/referrals/99999", {"kind": "hr", "name": "x", "reach": "x",
                                                    "purpose": "x"}).status == 404,
              "changing an entry that is not there")
        check(emp.get(edit).status == 403 and
              emp.post(edit, {"kind": "hr", "name": "x", "reach": "x",
                              "purpose": "x"}).status == 403, "an employee changes an entry")
        r = admin.post(edit, {"kind": "hr", "name": "Zqnieuwenaam", "reach": "Bel 0900",
                              "purpose": "Zqnieuwdoel"})
        check(r.status == 303 and r.header("Location") == "/admin/questions?done=changed",
              f"saving the change: {r.status}")
        r = emp.get("/referrals")
        check("Zqnieuwenaam" in r.text and "Zqnieuwdoel" in r.text and "Zqhulplijn" not in r.text,
              "the directory does not show the change")
        r = admin.get("/admin/questions")
        m = re.search(r'action="/admin/referrals/(\d+)/delete"[^<]*<[^>]*>[^<]*'
                      r'(?:<[^>]*>)*[^<]*Zqnieuwenaam', r.text)
        ids = re.findall(r'/admin/referrals/(\d+)/delete', r.text)
        require(ids, "no remove buttons")
        admin.token = htmlcheck.csrf_token(r.text)
        check(admin.post("/admin/referrals/99999/delete").status == 404, "removing nothing")
        check(admin.post("/admin/referrals/abc/delete").status == 404, "removing a bad id")
        for i in ids:
            admin.post(f"/admin/referrals/{i}/delete")
        check("Zqnieuwenaam" not in emp.get("/referrals").text, "removed entries still show")
        del m


@test
def questions_pages_are_valid_html_in_both_languages():
    with Server() as s:
        factors = {}
        for lang in ("nl", "en"):
            _, _, me = person(s, "html" + lang)
            if lang == "nl":
                me = Client(s)
                me.sign_in("zqhtmlnl@rijnstad.example")
            ref = ref_of(ask(me, NET, "Zqvraag-html\nTweede regel", "anonymous"))
            code = code_of(ask(me, NET, "Zqvraag-html-code", "code", expect=200))
            team = Client(s, lang=EN if lang == "en" else None)
            factors["team"] = sign_in_full(team, DEMO["secretary"],
                                           two_factor=factors.get("team"))
            path = queue_ref(team, NET, "Zqvraag-html")
            respond(team, path, "Zqantwoord-html", kind="ask-back")
            admin = Client(s, lang=EN if lang == "en" else None)
            factors["admin"] = sign_in_full(admin, DEMO["admin"], two_factor=factors.get("admin"))
            pages = [
                ("ask", me, lambda c: c.get(NET + "/ask")),
                ("ask error", me, lambda c: c.post(NET + "/ask", {"text": "", "how": "named"})),
                ("my questions", me, lambda c: c.get("/questions")),
                ("question", me, lambda c: c.get(f"/questions/{ref}")),
                ("erase", me, lambda c: c.get(f"/questions/{ref}/erase")),
                ("code form", me, lambda c: c.get("/questions/code")),
                ("code page", me, lambda c: c.post("/questions/code", {"code": code})),
                ("code error", me, lambda c: c.post("/questions/code", {"code": "x"})),
                ("directory", me, lambda c: c.get("/referrals")),
                ("queue", team, lambda c: c.get(NET + "/questions")),
                ("team question", team, lambda c: c.get(path)),
                ("network", me, lambda c: c.get(NET)),
                ("admin", admin, lambda c: c.get("/admin/questions")),
                ("admin error", admin, lambda c: c.post("/admin/questions",
                                                        {"flag_days": "0", "keep_months": "0"})),
            ]
            for name, c, fetch in pages:
                r = fetch(c)
                check(r.status in (200, 400) and r.is_html(), f"{name} ({lang}): {r.status}")
                for p in htmlcheck.structure_problems(r.text, lang):
                    check(False, f"{name} ({lang}): {p}")
                for p in htmlcheck.tidy_problems(r.text):
                    check(False, f"{name} ({lang}) tidy: {p}")
