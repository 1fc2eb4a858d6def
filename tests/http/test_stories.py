# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_stories.py: experience stories (src/app/stories) over HTTP: a story from draft through
the core team's review to publication with the writer's consent, and withdrawn at once; the
audience (members or the whole organisation) with the same 404 for a story one may not read;
the content note before a text opened on purpose; reactions one per reader, counted as
figures; readers for the writer and the core team only; "only I can ever link this" with its
claim code; the network page's new stories (fewer in low-stimulus mode); and every bad value
(empty, too long, Markdown attacks, reacting to an unpublished story, publishing without
consent, someone else's story, a wrong claim code)."""

import re

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, error_summary, join, require,
                     sign_in_full, test, user_add)

EN = "en-GB,en;q=0.9"
NET = "/n/iedereen-telt"
STORIES = NET + "/stories"


def member(s, key, appearance="visible", pseudonym=""):
    """A new account that joined the network; returns its signed-in Client."""
    email = f"{key}@rijnstad.example"
    user_add(s.db, email, f"{key.capitalize()} Verteller")
    c = Client(s, lang=EN)
    c.sign_in(email)
    join(c, NET, appearance, pseudonym=pseudonym)
    return c


def token(c, path):
    r = c.get(path)
    require(r.status == 200, f"GET {path}: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    return r


def write(c, title="Mijn eerste werkdag terug", body="Het ging **goed**.", note="",
          audience="members", shown="name", kind=None, expect=303):
    token(c, STORIES + "/new")
    fields = {"title": title, "content_note": note, "body": body, "audience": audience,
              "shown": shown}
    if kind:
        fields["kind"] = kind
    r = c.post(STORIES + "/new", fields)
    require(expect is None or r.status == expect, f"new story: {r.status}, expected {expect}")
    m = re.search(r"/stories/(\d+)/write", r.header("Location") or "")
    return (int(m.group(1)) if m else None), r


def step(c, sid, action, extra=None, code=None, expect=303):
    token(c, f"{STORIES}/{sid}/write")
    fields = {"action": action}
    if code:
        fields["code"] = code
    fields.update(extra or {})
    r = c.post(f"{STORIES}/{sid}/write", fields)
    require(expect is None or r.status == expect,
            f"{action} on story {sid}: {r.status}, expected {expect}")
    return r


def core(s):
    c = Client(s, lang=EN)
    sign_in_full(c, DEMO["chair"])
    return c


def review(c, sid, decision, note="", expect=303):
    token(c, f"{STORIES}/{sid}/review")
    r = c.post(f"{STORIES}/{sid}/review", {"decision": decision, "note": note})
    require(expect is None or r.status == expect, f"review {decision}: {r.status}")
    return r


def publish(writer, chair, sid, code=None):
    step(writer, sid, "submit", code=code, expect=None if code else 303)
    review(chair, sid, "approve")
    step(writer, sid, "consent", {"consent": "1"}, code=code, expect=None if code else 303)


def claim_code(text):
    m = re.search(r"<code>([A-Z2-7-]{39})</code>", text)
    return m.group(1) if m else None


@test
def stories_from_draft_to_published_and_withdrawn():
    """Draft, sent, changes asked (the writer sees the note), sent again, approved, not published
    without consent, published with it, read and reacted to, withdrawn at once."""
    with Server() as s:
        w = member(s, "schrijver")
        sid, _ = write(w, title="Zqverhaaltitel", body="Zqverhaaltekst over mijn werkplek.")
        require(sid, "no story id after writing")
        other = member(s, "lezer")
        check(other.get(f"{STORIES}/{sid}").status == 404, "a draft can be read")
        check(other.get(f"{STORIES}/{sid}/write").status == 404,
              "another member opens the writer's page")
        chair = core(s)
        check(chair.get(f"{STORIES}/{sid}/review").status == 404, "the core team reads a draft")
        step(w, sid, "submit")
        r = chair.get(STORIES + "/review")
        check(f"/stories/{sid}/review" in r.text, "the submitted story is not in the queue")
        r = review(chair, sid, "changes", "", expect=400)
        check("should change" in (error_summary(r) or ""), "changes asked without a note")
        review(chair, sid, "changes", "Zqnotitie: kort de inleiding in.")
        r = w.get(f"{STORIES}/{sid}/write")
        check("Zqnotitie" in r.text and "Changes asked" in r.text,
              "the writer does not see the core team's note")
        step(w, sid, "save", {"title": "Zqverhaaltitel", "content_note": "",
                              "body": "Zqverhaaltekst, korter.", "audience": "members"})
        step(w, sid, "submit")
        review(chair, sid, "approve")
        check(other.get(f"{STORIES}/{sid}").status == 404, "an approved story is readable")
        r = step(w, sid, "consent", {}, expect=400)
        check("agree to publication" in (error_summary(r) or ""),
              "publishing without consent gives no clear message")
        check(other.get(f"{STORIES}/{sid}").status == 404, "published without consent")
        step(w, sid, "consent", {"consent": "1"})
        r = other.get(f"{STORIES}/{sid}")
        check(r.status == 200 and "Zqverhaaltekst, korter." in r.text,
              f"a member cannot read the published story: {r.status}")
        check("Unique readers" not in r.text, "a reader sees the reader count")
        r = other.get(STORIES)
        check("Zqverhaaltitel" in r.text, "the story is not in the list")
        # The writer sees the readers as a figure: fewer than 5.
        r = w.get(f"{STORIES}/{sid}")
        check("Unique readers this month" in r.text and "fewer than 5" in r.text,
              "the writer does not see the readers as 'fewer than 5'")
        step(w, sid, "withdraw")
        check(other.get(f"{STORIES}/{sid}").status == 404, "a withdrawn story can be read")
        check("Zqverhaaltitel" not in other.get(STORIES).text, "a withdrawn story is listed")
        r = step(w, sid, "withdraw", expect=400)
        check("not possible now" in (error_summary(r) or ""), "withdrawing twice")


@test
def stories_audience_and_same_404():
    """A story for members is the 404 of a story that is not there for a colleague who is no
    member (and for the contact point and the ambassador); one for the organisation is read by
    every signed-in employee; signed out goes to sign-in."""
    with Server() as s:
        w = member(s, "kring")
        chair = core(s)
        mid, _ = write(w, title="Zqalleenleden", audience="members")
        oid, _ = write(w, title="Zqvooriedereen", audience="organisation")
        publish(w, chair, mid)
        publish(w, chair, oid)
        for who in (DEMO_EMPLOYEE, DEMO["contact"], DEMO["ambassador"]):
            c = Client(s, lang=EN)
            c.sign_in(who)
            ref = c.get(f"{STORIES}/999999")
            r = c.get(f"{STORIES}/{mid}")
            check(r.status == 404 and r.text == ref.text,
                  f"{who}: a members' story is not the 404 of a missing one ({r.status})")
            check(c.get(f"{STORIES}/{oid}").status == 200, f"{who}: cannot read an open story")
            lst = c.get(STORIES).text
            check("Zqvooriedereen" in lst and "Zqalleenleden" not in lst,
                  f"{who}: the list shows the wrong stories")
            home = c.get(NET).text
            check("Zqalleenleden" not in home, f"{who}: the network page shows a members' story")
            for p in (f"{STORIES}/new", f"{STORIES}/mine", f"{STORIES}/review",
                      f"{STORIES}/{oid}/write", f"{STORIES}/{oid}/review"):
                check(c.get(p).status == 404, f"{who}: GET {p} is not 404")
        out = Client(s, lang=EN).get(f"{STORIES}/{oid}")
        check(out.status == 303 and "/sign-in" in (out.header("Location") or ""),
              f"signed out: {out.status}")


@test
def stories_content_note_and_network_page():
    """The content note comes before the text, which sits in a <details> the reader opens; the
    network page shows new stories, fewer in low-stimulus mode."""
    with Server() as s:
        w = member(s, "noot")
        chair = core(s)
        sid, _ = write(w, title="Zqnootverhaal", note="over zelfdoding",
                       body="Zqnoottekst.", audience="organisation")
        publish(w, chair, sid)
        r = Client(s, lang=EN)
        r.sign_in(DEMO_EMPLOYEE)
        page = r.get(f"{STORIES}/{sid}").text
        note, det, text = (page.find("over zelfdoding"), page.find("<details"),
                           page.find("Zqnoottekst"))
        check(0 <= note < det < text, "the content note is not before the <details> with the text")
        check("<summary>Read the story</summary>" in page, "no summary to open the text")
        home = r.get(NET).text
        check("New stories" in home and "Zqnootverhaal" in home,
              "the network page does not show the new story")
        full = len(re.findall(r"/stories/\d+\"", home))
        calm = Client(s, lang=EN)
        calm.sign_in(DEMO_EMPLOYEE)
        calm.token = calm.csrf("/preferences")
        p = calm.post("/preferences", {"calm": "1"})
        check(p.status in (200, 303), f"low-stimulus preference: {p.status}")
        quiet = len(re.findall(r"/stories/\d+\"", calm.get(NET).text))
        check(1 <= quiet < full, f"low-stimulus shows {quiet} stories, full shows {full}")


@test
def stories_reactions_one_per_reader():
    """One reaction per reader, changeable, twice the same harmless; counts read 'fewer than
    5'; reacting to an unpublished story or with an unknown reaction is refused."""
    with Server() as s:
        w = member(s, "reactie")
        chair = core(s)
        sid, _ = write(w, audience="organisation")
        reader = member(s, "lezer2")
        token(reader, STORIES)
        r = reader.post(f"{STORIES}/{sid}/react", {"reaction": "thanks"})
        check(r.status == 404, f"reacting to a draft someone else wrote: {r.status}")
        r = w.post(f"{STORIES}/{sid}/react", {"reaction": "thanks"})
        check(r.status == 409 and "published story" in r.text,
              f"the writer reacting to an unpublished story: {r.status}")
        publish(w, chair, sid)
        for kind in ("thanks", "thanks", "strong"):
            token(reader, f"{STORIES}/{sid}")
            r = reader.post(f"{STORIES}/{sid}/react", {"reaction": kind})
            check(r.status == 303, f"react {kind}: {r.status}")
        token(reader, f"{STORIES}/{sid}")
        r = reader.post(f"{STORIES}/{sid}/react", {"reaction": "boos"})
        check(r.status == 400 and "three reactions" in (error_summary(r) or ""),
              f"an unknown reaction: {r.status}")
        page = reader.get(f"{STORIES}/{sid}").text
        check(re.search(r'value="strong"[^>]*checked', page), "the reader's reaction is not shown")
        check("Strong: fewer than 5" in page and "Thank you: fewer than 5" in page,
              "reaction counts not shown as 'fewer than 5'")
        n = s.sql_one("SELECT count(*) FROM story_reaction WHERE story_id = ?", (sid,))
        check(n == 1, f"{n} reactions stored for one reader")
        step(w, sid, "withdraw")
        token(reader, STORIES)
        r = reader.post(f"{STORIES}/{sid}/react", {"reaction": "thanks"})
        check(r.status == 409, f"reacting to a withdrawn story: {r.status}")


@test
def stories_only_me_and_claim_code():
    """'Only I can ever link this': a claim code shown once; the story is in nobody's list;
    the code opens it (typed loosely); every step needs it; a wrong code changes nothing."""
    with Server() as s:
        w = member(s, "alleenik")
        token(w, STORIES + "/new")
        r = w.post(STORIES + "/new", {"title": "Zqalleeniktitel", "content_note": "",
                                      "body": "Zqalleeniktekst", "audience": "members",
                                      "shown": "only-me"})
        check(r.status == 200, f"only-me story: {r.status}")
        code = claim_code(r.text)
        require(code, "no claim code shown")
        check("Zqalleeniktitel" not in w.get(STORIES + "/mine").text,
              "an only-me story is in the writer's list")
        sid = s.sql_one("SELECT id FROM story WHERE title = ?", ("Zqalleeniktitel",))
        check(s.sql_one("SELECT count(*) FROM story WHERE id = ? AND author_id IS NULL AND "
                        "owner_tag IS NULL AND sealed IS NULL", (sid,)) == 1,
              "an only-me story keeps a link to its writer")
        r = w.get(f"{STORIES}/{sid}/write")
        check(r.status == 200 and "Zqalleeniktekst" not in r.text and "Claim code" in r.text,
              "the writer's page of an only-me story opens without the code")
        token(w, STORIES + "/mine")
        r = w.post(STORIES + "/code", {"code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"})
        check(r.status == 400 and "does not fit" in (error_summary(r) or ""),
              f"a wrong code: {r.status}")
        r = w.post(STORIES + "/code", {"code": code.replace("-", " ").lower()})
        check(r.status == 200 and "Zqalleeniktekst" in r.text, f"the code does not open: {r.status}")
        r = step(w, sid, "submit", code="WRONG", expect=400)
        check("does not fit" in (error_summary(r) or ""), "a wrong code on a step")
        check(s.sql_one("SELECT state FROM story WHERE id = ?", (sid,)) == "draft",
              "a wrong code changed the story")
        r = step(w, sid, "submit", code=code, expect=200)
        check("sent to the core team" in r.text, "submitting with the code")
        other = member(s, "ander")
        token(other, STORIES + "/mine")
        r = other.post(STORIES + "/code", {"code": code})
        check(r.status == 200, "a member with the code cannot open the story")


@test
def stories_bad_input():
    """Empty and too long texts, invalid characters, Markdown attacks rendered safe, values
    outside the choices, interviews by a member, someone else's story, unknown actions."""
    with Server() as s:
        w = member(s, "fout")
        for title, body, note, want in (
                ("", "tekst", "", "Give the story a title"),
                ("Titel", "   ", "", "text is empty"),
                ("x" * 151, "tekst", "", "at most 150 characters"),
                ("Titel", "tekst", "n" * 201, "at most 200 characters"),
                ("Titel", "a" * 50001, "", "at most 50,000 characters")):
            _, r = write(w, title=title, body=body, note=note, expect=400)
            check(want in (error_summary(r) or ""), f"{want!r} not in {error_summary(r)!r}")
        # A control character is refused by the form parser, before the story's rules.
        _, r = write(w, title="Titel", body="tekst\x01", expect=400)
        check("Nothing has been changed" in r.text, "a control character: no clear message")
        _, r = write(w, kind="interview", expect=400)
        check("Only the core team" in (error_summary(r) or ""), "an interview by a member")
        _, r = write(w, shown="pseudonym", expect=400)
        check("no pseudonym" in (error_summary(r) or ""), "a pseudonym the member has not got")
        for field, value in (("audience", "iedereen"), ("shown", "admin"), ("kind", "x")):
            token(w, STORIES + "/new")
            f = {"title": "T", "content_note": "", "body": "B", "audience": "members",
                 "shown": "name", field: value}
            check(w.post(STORIES + "/new", f).status == 400, f"{field}={value!r} accepted")
        n0 = s.sql_one("SELECT count(*) FROM story")
        attack = ("<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](data:text/html,x) "
                  "[ok](https://example.org/ok) "
                  "<img src=x onerror=alert(1)>\n\n" + "> " * 300 + "diep\n\n" + "- " * 300)
        chair = core(s)
        sid, _ = write(w, title="<b>Zqaanval</b>", body=attack, audience="organisation")
        require(sid, "the attack story was refused")
        publish(w, chair, sid)
        page = w.get(f"{STORIES}/{sid}").text
        check("<script>alert" not in page and "<img" not in page and "<b>Zqaanval" not in page,
              "raw HTML came through")
        check(not re.search(r'href="(javascript|data):', page), "a dangerous link kept")
        check(re.search(r'href="https://example.org/ok"[^>]*rel="noopener nofollow ugc"', page),
              "a safe link is not kept with rel=noopener nofollow ugc")
        check(s.sql_one("SELECT count(*) FROM story") == n0 + 1, "refused stories stored")
        other = member(s, "anderlid")
        for action in ("submit", "withdraw", "delete", "save"):
            token(other, STORIES)
            r = other.post(f"{STORIES}/{sid}/write", {"action": action})
            check(r.status == 404, f"{action} on someone else's story: {r.status}")
        r = step(w, sid, "explode", expect=400)
        token(w, STORIES)
        r = w.post(f"{STORIES}/{sid}/review", {"decision": "approve", "note": ""})
        check(r.status == 404, f"a member reviewing: {r.status}")
        r = review(chair, sid, "maybe", expect=400)
        r = w.post(STORIES + "/new", {"title": "T", "body": "x" * 230000, "audience": "members",
                                      "shown": "name", "content_note": ""})
        check(r.status in (400, 413), f"an over-long field: {r.status}")
        check(w.get(STORIES + "/abc").status == 404, "a story id that is not a number")
        check(w.get(STORIES + "?page=0").status == 404, "page 0 of the list")
