# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_forum.py: the closed forum (src/app/forum) over HTTP: members only, the same 404 for
everyone else; categories by the core team; topics and replies under a name, a pseudonym or
anonymously with a label per topic; editing, deleting and claiming one's own posts, claim codes;
pagination; every bad value (empty, too long, invalid UTF-8, another's post, a wrong code)."""

import re

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, error_summary, join, leave,
                     require, run_cli, sign_in_full, test, user_add)

EN = "en-GB,en;q=0.9"
NET = "/n/iedereen-telt"
FORUM = NET + "/forum"


def member(s, key, appearance="visible", pseudonym="", groups=(NET,)):
    """A new account that joined groups; returns its signed-in Client."""
    email = f"{key}@rijnstad.example"
    user_add(s.db, email, f"{key.capitalize()} Forumtester")
    c = Client(s, lang=EN)
    c.sign_in(email)
    for g in groups:
        join(c, g, appearance, pseudonym=pseudonym if appearance == "pseudonym" else "")
    return c


def categories(c, forum=FORUM):
    r = c.get(forum)
    require(r.status == 200, f"GET {forum}: {r.status}")
    return [int(m) for m in re.findall(re.escape(forum) + r"/c/(\d+)\"", r.text)]


def form_token(c, path):
    r = c.get(path)
    require(r.status == 200, f"GET {path}: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    return r


def new_topic(c, cat, title="Een vraag over werk", body="Wie weet hoe dit werkt?",
              shown="name", forum=FORUM, expect=303):
    form_token(c, f"{forum}/c/{cat}/new")
    r = c.post(f"{forum}/c/{cat}/new", {"title": title, "body": body, "shown": shown})
    require(expect is None or r.status == expect,
            f"new topic ({shown}): {r.status}, expected {expect}")
    if r.status == 303:
        m = re.search(r"/t/(\d+)", r.header("Location") or "")
        require(m, f"new topic: redirected to {r.header('Location')!r}")
        return int(m.group(1)), r
    if r.status == 200:
        m = re.search(r"/t/(\d+)", r.text)
        return int(m.group(1)) if m else None, r
    return None, r


def reply(c, topic, body, shown="name", forum=FORUM, expect=303):
    form_token(c, f"{forum}/t/{topic}")
    r = c.post(f"{forum}/t/{topic}", {"body": body, "shown": shown})
    require(expect is None or r.status == expect,
            f"reply ({shown}): {r.status}, expected {expect}")
    return r


def posts(c, topic, forum=FORUM, page=None):
    """[(heading, text, id or None)] of a topic page's posts."""
    r = c.get(f"{forum}/t/{topic}" + (f"?page={page}" if page else ""))
    require(r.status == 200, f"GET topic {topic}: {r.status}")
    out = []
    for art in re.findall(r"<article class=\"post\".*?</article>", r.text, re.S):
        h = re.search(r"<h2[^>]*>(.*?)</h2>", art, re.S).group(1)
        pid = re.search(r"/p/(\d+)/edit", art)
        out.append((h, art, int(pid.group(1)) if pid else None))
    return out, r


def claim_code(text):
    m = re.search(r"<code>([A-Z2-7-]{39})</code>", text)
    return m.group(1) if m else None


@test
def forum_members_only_same_404():
    """Non-members, whatever their role, get the 404 of a forum that does not exist; signed out
    goes to the sign-in page; a member reads it."""
    with Server() as s:
        m = member(s, "lid")
        cat = categories(m)[0]
        topic, _ = new_topic(m, cat)
        viewers = [("employee", DEMO_EMPLOYEE, False), ("contact point", DEMO["contact"], False),
                   ("ambassador", DEMO["ambassador"], False),
                   ("core team (not a member)", DEMO["chair"], True),
                   ("administrator", DEMO["admin"], True)]
        paths = [FORUM, f"{FORUM}/c/{cat}", f"{FORUM}/c/{cat}/new", f"{FORUM}/t/{topic}",
                 f"{FORUM}/mine", NET + "/g/mantelzorg/forum"]
        for role, addr, full in viewers:
            c = Client(s, lang=EN)
            sign_in_full(c, addr) if full else c.sign_in(addr)
            ref = c.get("/n/bestaat-niet/forum")
            check(ref.status == 404, f"a forum that does not exist: {ref.status}")
            for p in paths:
                r = c.get(p)
                check(r.status == 404, f"{role}: GET {p} answered {r.status}, not 404")
                check(r.text == ref.text,
                      f"{role}: GET {p} differs from the 404 of a forum that does not exist")
            token = c.csrf("/account")
            r = c.post(f"{FORUM}/t/{topic}", {"body": "Hallo", "shown": "name"}, csrf=token)
            check(r.status == 404, f"{role}: a reply answered {r.status}, not 404")
        out = Client(s, lang=EN).get(FORUM)
        check(out.status == 303 and "/sign-in" in (out.header("Location") or ""),
              f"signed out: GET {FORUM} answered {out.status}")
        # A member of the network, not of the subgroup: 404 for the subgroup's forum.
        check(m.get(NET + "/g/mantelzorg/forum").status == 404,
              "a network member opens the forum of a subgroup they are not in")
        # Another group's topic under this group's address: 404.
        nk = member(s, "neuro", groups=("/n/neurokring",))
        cat_nk = categories(nk, "/n/neurokring/forum")[0]
        t_nk, _ = new_topic(nk, cat_nk, forum="/n/neurokring/forum")
        both = member(s, "beide", groups=(NET, "/n/neurokring"))
        check(both.get(f"{FORUM}/t/{t_nk}").status == 404,
              "a topic of Neurokring opens under the address of Iedereen Telt")
        check(both.get(f"/n/neurokring/forum/t/{t_nk}").status == 200,
              "a member of both cannot open the topic at its own address")


@test
def forum_categories_by_the_core_team():
    """Only a member on the core team adds categories; bad names are refused with a message."""
    with Server() as s:
        m = member(s, "gewoon")
        r = m.get(FORUM)
        check("Add a category" not in r.text, "a plain member sees the form to add a category")
        m.token = htmlcheck.csrf_token(r.text) or m.csrf("/account")
        r = m.post(FORUM + "/categories", {"name": "Mag niet", "description": ""})
        check(r.status == 404, f"a plain member adding a category: {r.status}")
        email = "kern@rijnstad.example"
        user_add(s.db, email, "Kern Lid")
        p = run_cli(["user", "role", email, "core", "--network", "iedereen-telt", "--db", s.db])
        require(p.returncode == 0, f"user role: {p.stderr}")
        core = Client(s, lang=EN)
        sign_in_full(core, email)
        check(core.get(FORUM).status == 404, "the core team reads the forum without being a member")
        join(core, NET, "visible")
        r = form_token(core, FORUM)
        check("Add a category" in r.text, "the core team member sees no form to add a category")
        for name, desc, want in (("", "", "Give the category a name"),
                                 ("x" * 81, "", "at most 80 characters"),
                                 ("Goed", "y" * 301, "at most 300 characters")):
            r = core.post(FORUM + "/categories", {"name": name, "description": desc})
            check(r.status == 400 and want in r.text,
                  f"category {name[:10]!r}: {r.status}, without {want!r}")
        r = core.post(FORUM + "/categories", b"name=%ff%fe&description=")
        check(r.status == 400, f"a category name of invalid UTF-8: {r.status}")
        r = core.post(FORUM + "/categories", {"name": "Nieuwe categorie", "description": "Over"})
        check(r.status == 303, f"adding a category: {r.status}")
        check("Nieuwe categorie" in core.get(FORUM).text, "the new category is not listed")


@test
def forum_writing_and_labels():
    """A topic and replies under a name, a pseudonym and anonymously: anonymous writers keep
    one label in a topic; the page says nothing more."""
    with Server() as s:
        a = member(s, "annet")
        b = member(s, "bart", "pseudonym", "Zwaluwstaart")
        cat = categories(a)[0]
        topic, _ = new_topic(a, cat, shown="anonymous", body="Eerste anoniem")
        reply(b, topic, "Als pseudoniem", shown="pseudonym")
        reply(b, topic, "Bart anoniem", shown="anonymous")
        reply(a, topic, "Weer de eerste anoniem", shown="anonymous")
        reply(a, topic, "Annet met naam", shown="name")
        ps, r = posts(b, topic)
        heads = [h for h, _, _ in ps]
        check(heads == ["Anonymous 1", "Zwaluwstaart (pseudonym)", "Anonymous 2", "Anonymous 1",
                        "Annet Forumtester"], f"headings: {heads}")
        check("Annet" not in "".join(t for _, t, _ in ps[:4]), "Annet's name near her anonymous posts")
        # Only the writer sees their edit links; the time is a day, never an hour.
        check([pid is not None for _, _, pid in ps] == [False, True, True, False, False],
              "Bart's edit links are not on his own posts only")
        check(not re.search(r"\d\d:\d\d", r.text), "a topic page shows a time of day")
        # Another topic: a label of its own.
        t2, _ = new_topic(b, cat, title="Tweede", shown="name")
        reply(a, t2, "Annet anoniem elders", shown="anonymous")
        ps2, _ = posts(b, t2)
        check(ps2[1][0] == "Anonymous 1", f"the first anonymous writer of another topic: {ps2[1][0]}")
        # A pseudonym one has not got is refused with a message, the text kept.
        r = reply(a, topic, "Tekst die blijft", shown="pseudonym", expect=400)
        check("no pseudonym in this group" in r.text and "Tekst die blijft" in r.text,
              "a pseudonym Annet has not got: no message, or the text lost")
        # The category lists topics without writers.
        r = b.get(f"{FORUM}/c/{cat}")
        check("Annet" not in r.text and "Zwaluwstaart" not in r.text,
              "the list of topics names a writer")


@test
def forum_bad_values():
    """Empty, too long, invalid UTF-8, a control character, an unknown choice, a page out of
    range: each a clear answer, nothing stored."""
    with Server() as s:
        a = member(s, "annet")
        cat = categories(a)[0]
        topic, _ = new_topic(a, cat)
        for body, want in (("", "the text is empty"), ("  \n ", "the text is empty"),
                           ("a" * 50001, "at most 50,000 characters")):
            r = reply(a, topic, body, expect=400)
            check(want in r.text, f"reply {body[:8]!r}: no message {want!r}")
            check(error_summary(r), f"reply {body[:8]!r}: no error summary")
        # A control character is refused by the form parser itself (400).
        reply(a, topic, "bel\x07", expect=400)
        reply(a, topic, "a" * 50000, expect=303)
        reply(a, topic, "é" * 30000, expect=303)
        r = reply(a, topic, "é" * 40000, expect=400)  # 80,000 bytes: over Markdown's 64 KiB
        check("at most 50,000 characters" in r.text, "a long accented post: no message")
        form_token(a, f"{FORUM}/t/{topic}")
        r = a.post(f"{FORUM}/t/{topic}", b"body=%ff%fe%fd&shown=name")
        check(r.status == 400, f"a reply of invalid UTF-8: {r.status}")
        r = a.post(f"{FORUM}/t/{topic}", {"body": "Hoi", "shown": "iedereen"})
        check(r.status == 400, f"an unknown choice: {r.status}")
        r = a.post(f"{FORUM}/t/{topic}", {"body": "Hoi"})
        check(r.status == 400, f"no choice: {r.status}")
        for title, want in (("", "Give the topic a title"), ("t" * 151, "at most 150")):
            _, r = new_topic(a, cat, title=title, expect=400)
            check(want in r.text, f"title {title[:5]!r}: no message {want!r}")
        for p in (f"{FORUM}/t/123", f"{FORUM}/t/abc", f"{FORUM}/c/999999", f"{FORUM}/p/5/edit",
                  f"{FORUM}/t/{topic}?page=2", f"{FORUM}/t/{topic}?page=0",
                  f"{FORUM}/t/{topic}?page=x"):
            check(a.get(p).status == 404, f"GET {p}: not 404")
        # Markdown: raw HTML is text, only http(s) and mailto links are kept.
        reply(a, topic, "<script>alert(1)</script> [x](javascript:alert(1)) [d](data:text/html,x)")
        reply(a, topic, "[y](https://example.org/) **vet**")
        reply(a, topic, "> " * 200 + "diep\n\n" + "- " * 200 + "lijst")
        page = a.get(f"{FORUM}/t/{topic}").text
        check("<script>alert" not in page and 'href="javascript' not in page and
              'href="data:' not in page, "a post's raw HTML or javascript: link reached the page")
        check('href="https://example.org/" rel="noopener nofollow ugc"' in page and
              "<strong>vet</strong>" in page, "a post's Markdown is not rendered")
        r = a.post(f"{FORUM}/t/{topic}", {"body": "Hoi", "shown": "name", "extra": "1"})
        check(r.status == 400, f"an unknown field: {r.status}")


@test
def forum_edit_delete_own_only():
    """Editing and deleting one's own posts; another's post is 404 as if it were not there."""
    with Server() as s:
        a = member(s, "annet")
        b = member(s, "bart")
        cat = categories(a)[0]
        topic, _ = new_topic(a, cat, shown="anonymous")
        reply(b, topic, "Van Bart", shown="anonymous")
        ps, _ = posts(b, topic)
        mine = ps[1][2]
        ps_a, _ = posts(a, topic)
        opening = ps_a[0][2]
        require(mine and opening, "no edit links on one's own posts")
        for p in (f"{FORUM}/p/{mine}/edit", f"{FORUM}/p/{mine}/delete", f"{FORUM}/p/{mine}/claim"):
            check(a.get(p).status == 404, f"Annet opens Bart's {p}")
        a.token = a.csrf("/account")
        check(a.post(f"{FORUM}/p/{mine}/edit", {"body": "Gekaapt"}).status == 404,
              "Annet edits Bart's post")
        check(a.post(f"{FORUM}/p/{mine}/delete", {}).status == 404, "Annet deletes Bart's post")
        form_token(b, f"{FORUM}/p/{mine}/edit")
        r = b.post(f"{FORUM}/p/{mine}/edit", {"body": ""})
        check(r.status == 400 and "the text is empty" in r.text, f"an empty edit: {r.status}")
        r = b.post(f"{FORUM}/p/{mine}/edit", {"body": "Veranderd door Bart"})
        check(r.status == 303, f"Bart edits his post: {r.status}")
        ps, _ = posts(a, topic)
        check("Veranderd door Bart" in ps[1][1] and "edited" in ps[1][1], "the edit is not shown")
        # The opening post's edit changes the title too.
        form_token(a, f"{FORUM}/p/{opening}/edit")
        r = a.post(f"{FORUM}/p/{opening}/edit", {"title": "Nieuwe titel", "body": "Nieuw"})
        check(r.status == 303, f"editing the opening post: {r.status}")
        check("Nieuwe titel" in a.get(f"{FORUM}/t/{topic}").text, "the title did not change")
        form_token(b, f"{FORUM}/p/{mine}/delete")
        check(b.post(f"{FORUM}/p/{mine}/delete", {}).status == 303, "Bart cannot delete his post")
        check(b.get(f"{FORUM}/p/{mine}/edit").status == 404, "a deleted post can still be edited")
        ps, _ = posts(a, topic)
        check(len(ps) == 1, f"after deleting the reply: {len(ps)} posts")
        form_token(a, f"{FORUM}/p/{opening}/delete")
        r = a.post(f"{FORUM}/p/{opening}/delete", {})
        check(r.status == 303 and a.get(f"{FORUM}/t/{topic}").status == 404,
              "a topic with no posts left is still there")


@test
def forum_only_me_claim_code():
    """"Only I can ever link this": a code shown once; edit, delete and claim need it; a wrong
    code is refused with a message; claiming shows the writer's name."""
    with Server() as s:
        a = member(s, "annet")
        b = member(s, "bart")
        cat = categories(a)[0]
        topic, _ = new_topic(b, cat)
        form_token(a, f"{FORUM}/t/{topic}")
        r = a.post(f"{FORUM}/t/{topic}", {"body": "Alleen ik weet dit", "shown": "only-me"})
        require(r.status == 200, f"an only-me reply: {r.status}")
        code = claim_code(r.text)
        require(code, "no claim code shown")
        ps, _ = posts(a, topic)
        check(ps[1][0] == "Anonymous 1" and "you wrote this" not in ps[1][1],
              "the writer's own page ties the only-me post to them")
        pid = re.search(r"/p/(\d+)/edit", ps[1][1])
        require(pid, "no way to edit with the code")
        pid = pid.group(1)
        r = form_token(a, f"{FORUM}/p/{pid}/edit")
        check('name="code"' in r.text, "the edit form asks no code")
        for bad in ("", "AAAA", code.replace(code[0], "A" if code[0] != "A" else "B", 1)):
            r = a.post(f"{FORUM}/p/{pid}/edit", {"body": "Poging", "code": bad})
            check(r.status == 400 and "does not fit this post" in r.text,
                  f"a wrong code {bad[:6]!r}: {r.status}")
        r = a.post(f"{FORUM}/p/{pid}/edit", {"body": "Met code veranderd", "code": code.lower()})
        check(r.status == 303, f"editing with the code: {r.status}")
        form_token(a, f"{FORUM}/p/{pid}/claim")
        r = a.post(f"{FORUM}/p/{pid}/claim", {"as": "pseudonym", "code": code})
        check(r.status == 400 and "no pseudonym" in r.text, f"claiming as a missing pseudonym: {r.status}")
        r = a.post(f"{FORUM}/p/{pid}/claim", {"as": "iemand", "code": code})
        check(r.status == 400, f"claiming as something unknown: {r.status}")
        r = a.post(f"{FORUM}/p/{pid}/claim", {"as": "name", "code": code})
        check(r.status == 303, f"claiming with the code: {r.status}")
        ps, _ = posts(b, topic)
        check(ps[1][0] == "Annet Forumtester", f"after the claim: {ps[1][0]}")
        check(a.get(f"{FORUM}/p/{pid}/claim").status == 404, "a claimed post can be claimed again")


@test
def forum_claim_keyed_anonymous():
    """Claiming an anonymous post claims the writer's other posts with that label in the topic
    (the same label is the same writer), not those in other topics."""
    with Server() as s:
        a = member(s, "annet", "pseudonym", "Merelzang")
        cat = categories(a)[0]
        topic, _ = new_topic(a, cat, shown="anonymous")
        reply(a, topic, "Nog eens anoniem", shown="anonymous")
        t2, _ = new_topic(a, cat, title="Elders", shown="anonymous")
        ps, _ = posts(a, topic)
        form_token(a, f"{FORUM}/p/{ps[1][2]}/claim")
        r = a.post(f"{FORUM}/p/{ps[1][2]}/claim", {"as": "pseudonym"})
        check(r.status == 303, f"claiming: {r.status}")
        other = member(s, "bart")
        ps, _ = posts(other, topic)
        check([h for h, _, _ in ps] == ["Merelzang (pseudonym)"] * 2, f"after the claim: {ps}")
        ps2, _ = posts(other, t2)
        check(ps2[0][0] == "Anonymous 1", "a post in another topic was claimed too")


@test
def forum_fifty_replies_one_page():
    """A topic with 50 replies is one page; more go to a second page."""
    with Server() as s:
        a = member(s, "annet")
        cat = categories(a)[0]
        topic, _ = new_topic(a, cat)
        form_token(a, f"{FORUM}/t/{topic}")
        for i in range(50):
            r = a.post(f"{FORUM}/t/{topic}", {"body": f"Antwoord {i}", "shown": "anonymous"})
            require(r.status == 303, f"reply {i}: {r.status}")
        ps, r = posts(a, topic)
        check(len(ps) == 51 and 'rel="next"' not in r.text, f"50 replies: {len(ps)} on page 1")
        for i in range(10):
            a.post(f"{FORUM}/t/{topic}", {"body": f"Meer {i}", "shown": "name"})
        ps, r = posts(a, topic)
        check(len(ps) == 60 and 'rel="next"' in r.text, f"60 replies: {len(ps)} on page 1")
        ps, r = posts(a, topic, page=2)
        check(len(ps) == 1 and 'rel="prev"' in r.text, f"page 2: {len(ps)} posts")


@test
def forum_leaving_and_my_posts():
    """One's own posts page; deleting one's anonymous posts before leaving; leaving unlinks
    the rest; "my data" shows one's own anonymous posts to oneself only."""
    with Server() as s:
        a = member(s, "annet")
        b = member(s, "bart")
        cat = categories(a)[0]
        topic, _ = new_topic(b, cat)
        reply(a, topic, "Annet anoniem een", shown="anonymous")
        r = a.get(FORUM + "/mine")
        check("Annet anoniem" not in r.text and "Anonymous 1" in r.text and "Een vraag" in r.text,
              "the own posts page does not list the anonymous post")
        check("Anonymous 1" not in b.get(FORUM + "/mine").text, "Bart's list shows Annet's post")
        data = a.get("/me/data.json")
        check(data.status == 200, f"GET /me/data.json: {data.status}")
        check("Annet anoniem een" in data.text, "my data does not hold one's anonymous post")
        check("Annet anoniem een" not in b.get("/me/data.json").text,
              "Bart's data holds Annet's post")
        token = htmlcheck.csrf_token(r.text)
        r = a.post(FORUM + "/mine/delete-anonymous", {}, csrf=token)
        check(r.status == 303, f"deleting one's anonymous posts: {r.status}")
        ps, _ = posts(b, topic)
        check(len(ps) == 1, "the anonymous reply is still there")
        reply(a, topic, "Annet anoniem twee", shown="anonymous")
        leave(a, NET)
        join(a, NET, "visible")
        ps, _ = posts(a, topic)
        check(len(ps) == 2 and ps[1][2] is None and ps[1][0].startswith("Anonymous "),
              "after leaving the anonymous post is gone or still Annet's")
        check("Anonymous 1" not in a.get(FORUM + "/mine").text,
              "after leaving the own posts page still lists the post")
