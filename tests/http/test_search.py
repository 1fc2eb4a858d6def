# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_search.py: GET /search (issue 12) over HTTP, on every backend: it finds forum posts,
experience stories and knowledge pages, with Dutch and English word forms and diacritics
folded; only what the reader may read (members' forums, a story's or a page's audience); an
anonymous post by its label, never its writer; a story with a content note by its note, never a
piece of its text; a new post from the next hourly run (SQLite: `kring search index` does it
now); what an erasure removes at once; and every bad query a clear message.

Texts carry markers (Zq...) that occur nowhere else."""

import re
import urllib.parse

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, ON_PG, Client, Server, check, join, require, run_cli,
                     test, user_add)

EN = "en-GB,en;q=0.9"
NET = "/n/iedereen-telt"
NK = "/n/neurokring"


def member(s, key, groups=(NET,), appearance="visible"):
    email = f"zq{key}@rijnstad.example"
    user_add(s.db, email, f"Zq{key.capitalize()} Zoeker")
    c = Client(s, lang=EN)
    c.sign_in(email)
    for g in groups:
        join(c, g, appearance)
    return c


def form_token(c, path):
    r = c.get(path)
    require(r.status == 200, f"GET {path}: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    return r


def category(c, forum):
    r = form_token(c, forum)
    m = re.search(re.escape(forum) + r"/c/(\d+)\"", r.text)
    require(m, f"{forum} has no category")
    return int(m.group(1))


def topic(c, forum, title, body, shown="name"):
    cat = category(c, forum)
    form_token(c, f"{forum}/c/{cat}/new")
    r = c.post(f"{forum}/c/{cat}/new", {"title": title, "body": body, "shown": shown})
    require(r.status == 303, f"new topic: {r.status}")
    return int(re.search(r"/t/(\d+)", r.header("Location")).group(1))


def reply(c, forum, t, body, shown="name"):
    form_token(c, f"{forum}/t/{t}")
    r = c.post(f"{forum}/t/{t}", {"body": body, "shown": shown})
    require(r.status == 303, f"reply: {r.status}")


def index(s):
    p = run_cli(["search", "index", "--db", s.db])
    require(p.returncode == 0, f"kring search index: {p.returncode} {p.stderr}")


def search(c, q, expect=200, **params):
    query = [("q", q)] + list(params.items())
    r = c.get("/search?" + urllib.parse.urlencode(query))
    require(r.status == expect, f"GET /search?q={q[:40]!r}: {r.status}, expected {expect}")
    return r


def results(r):
    """[(title, href, meta, snippet)] of a results page."""
    out = []
    for li in re.findall(r"<li>\s*<h3>.*?</li>", r.text, re.S):
        a = re.search(r"<a href=\"([^\"]+)\"[^>]*>(.*?)</a>", li, re.S)
        meta = re.search(r"<p class=\"hint\">(.*?)</p>", li, re.S)
        snip = re.search(r"<p class=\"snippet\"[^>]*>(.*?)</p>", li, re.S)
        out.append((a.group(2), a.group(1).replace("&amp;", "&"), meta.group(1) if meta else "",
                    snip.group(1) if snip else li))
    return out


@test
def search_finds_forum_posts_by_word_forms_and_labels():
    """A member finds posts of their own groups by Dutch and English word forms and without
    accents, an anonymous one under its label; another network's members do not; a new post is
    found once indexed."""
    with Server() as s:
        annet = member(s, "annet")
        bart = member(s, "bart")
        nk = member(s, "nora", groups=(NK,))
        forum = NET + "/forum"
        t = topic(annet, forum, "Zqfietsplan voor het woon-werkverkeer",
                  "Ik zoek aanpassingen aan mijn fiets. Wie weet een goed café om af te "
                  "spreken?", shown="anonymous")
        reply(bart, forum, t, "Zqantwoord: vraag naar workplace adjustments bij HR.")
        topic(nk, NK + "/forum", "Zqandernetwerk", "Ook hier aanpassingen, Zqgeheim.")
        if not ON_PG:
            r = search(bart, "Zqfietsplan")
            check(not results(r), "a post written this hour is found before the hourly run")
        index(s)
        # A Dutch word form: "aanpassing" finds "aanpassingen"; the label, never the writer.
        r = search(bart, "aanpassing")
        hits = results(r)
        titles = [h[0] for h in hits]
        check(any("Zqfietsplan" in x for x in titles), f"'aanpassing' does not find the topic: {titles}")
        check("Zqandernetwerk" not in r.text and "Zqgeheim" not in r.text,
              "a member of one network finds another network's forum")
        hit = next(h for h in hits if "Zqfietsplan" in h[0])
        check("Anonymous 1" in hit[2] and "Zqannet" not in r.text,
              f"the anonymous post's result: {hit[2]!r}")
        check("<mark>" in hit[3], f"no highlighted word in the snippet: {hit[3]!r}")
        check(hit[1].startswith(f"{forum}/t/{t}#p1"), f"the result's link: {hit[1]}")
        r = bart.get(hit[1].split("#")[0])
        check(r.status == 200, f"the result's link answers {r.status}")
        # Without the accent, and an English word form.
        check(any("Zqfietsplan" in h[0] for h in results(search(bart, "cafe"))),
              "'cafe' does not find 'café'")
        hits = results(search(bart, "adjustment"))
        check(any("Zqantwoord" in h[3] for h in hits), f"'adjustment' does not find 'adjustments'")
        check(any("ZqBart Zoeker" in h[2] for h in hits), "a named reply does not show its writer")
        # A phrase must be found side by side.
        check(results(search(bart, '"workplace adjustments"')), "a phrase in quotes is not found")
        check(not results(search(bart, '"adjustments workplace"')),
              "a phrase is found with its words the other way round")
        # Every word must be found.
        check(not results(search(bart, "Zqfietsplan Zqgeheim")), "one of two words is enough")
        # The other network's member finds their own, not this one.
        r = search(nk, "aanpassingen")
        check("Zqandernetwerk" in r.text and "Zqfietsplan" not in r.text,
              "Neurokring's member: wrong forum results")
        # Someone in no network finds no forum post.
        out = Client(s, lang=EN)
        user_add(s.db, "zqniemand@rijnstad.example", "Zqniemand")
        out.sign_in("zqniemand@rijnstad.example")
        r = search(out, "aanpassingen")
        check("Zqfietsplan" not in r.text and "Zqandernetwerk" not in r.text,
              "someone outside the networks finds forum posts")


@test
def search_stories_and_knowledge_by_audience():
    """Knowledge pages and stories for the whole organisation are found by every employee;
    those for members only by the members; a story with a content note shows the note."""
    with Server() as s:
        emp = Client(s, lang=EN)
        emp.sign_in(DEMO_EMPLOYEE)
        r = search(emp, "werkplekaanpassing")
        check("Routekaart" in r.text, "the organisation's route-to-adjustment page is not found")
        r = search(emp, "UWV")
        check("Hulpmiddelen en voorzieningen via UWV" not in r.text,
              "a members' knowledge page is found by a non-member")
        m = member(s, "mirjam")
        r = search(m, "UWV")
        check("Hulpmiddelen en voorzieningen via UWV" in r.text,
              "a member does not find the network's members' page")
        # The demo's story for members with a content note: the note, not its text.
        r = search(m, "donkere periode")
        hits = [h for h in results(r) if "donkere periode" in h[0]]
        check(hits, "a member does not find the story for members")
        check(hits and "Content note:" in r.text and "over somberheid" in r.text,
              "the story's content note is not shown")
        check(hits and "<mark>" not in hits[0][3] and "class=\"snippet\"" not in hits[0][3],
              "a piece of a story with a content note is shown")
        check(hits and "Anonymous" in hits[0][2], "the anonymous story does not read 'Anonymous'")
        r = search(emp, "donkere periode")
        check("Terug na een donkere periode" not in r.text,
              "a story for members is found by a non-member")
        # A story that is not published is not found.
        r = search(m, "energie")
        check("Werken met weinig energie" not in r.text, "a submitted story is found")


@test
def search_one_kind_and_pages():
    """?in= shows one kind with pages; an unknown kind and a page of all kinds are 404."""
    with Server() as s:
        annet = member(s, "anouk")
        forum = NET + "/forum"
        t = topic(annet, forum, "Zqreeks", "Zqwoord eerste")
        for i in range(12):
            reply(annet, forum, t, f"Zqwoord nummer {i}")
        index(s)
        r = search(annet, "Zqwoord")
        check(len(results(r)) == 10, f"{len(results(r))} results on the first page of all kinds")
        check("in=forum" in r.text, "no link to more of the forum's results")
        r = search(annet, "Zqwoord", **{"in": "forum"})
        check(len(results(r)) == 10 and "page=2" in r.text, "no second page of the forum")
        r = search(annet, "Zqwoord", **{"in": "forum", "page": "2"})
        check(len(results(r)) == 3, f"page 2 has {len(results(r))} results, not 3")
        check("Experience stories" not in r.text, "one kind's page shows another kind")
        search(annet, "Zqwoord", expect=404, **{"in": "nergens"})
        search(annet, "Zqwoord", expect=404, page="2")


@test
def search_bad_queries():
    """Empty, too long, only operators, too many words, invalid UTF-8: a clear message at
    400; operators and SQL are words or nothing; signed out: to sign in."""
    with Server() as s:
        c = Client(s, lang=EN)
        c.sign_in(DEMO_EMPLOYEE)
        r = c.get("/search")
        check(r.status == 200 and 'role="search"' in r.text and "Nothing was found" not in r.text,
              "the empty search page")
        for q, msg in (("", "Type one or more words"), ("   ", "Type one or more words"),
                       ('*** () "" - ^ : + ~', "Type one or more words"),
                       ("x" * 1000, "too long"), ("é" * 201, "too long"),
                       (" ".join(f"w{i}" for i in range(13)), "too many words")):
            r = search(c, q, expect=400)
            check(msg in r.text and "Error:" in r.text, f"query {q[:20]!r}: no clear message")
        # Past the HTTP layer's bound on a query value (1,024 bytes): its own safe 400 page.
        r = search(c, "x" * 10000, expect=400)
        check("Nothing has been changed" in r.text, "a query of 10,000 characters")
        r = c.get("/search?q=%FF%FE")
        check(r.status == 400, f"invalid UTF-8: {r.status}")
        # Operators of FTS5 and tsquery, and SQL, are only words: no error.
        for q in ('zq" OR 1=1 --', "NEAR(a b)", "title:zq", "a & !b | c", "'; DROP TABLE x; --",
                  "zq*", "-zq", '"unclosed phrase', "ë́̃ü"):
            r = search(c, q)
            check("Error:" not in r.text, f"query {q!r} gives an error")
        out = Client(s, lang=EN)
        r = out.get("/search?q=test")
        check(r.status in (302, 303) and "/sign-in" in (r.header("Location") or ""),
              f"signed out: {r.status}")


@test
def search_erasure_leaves_the_index_at_once():
    """A deleted account's named posts are gone from the search in the same step; an
    anonymous post stays, found by its label."""
    with Server() as s:
        d = member(s, "dirk")
        forum = NET + "/forum"
        t = topic(d, forum, "Zqwegwezen", "Zqnaamtekst met naam")
        reply(d, forum, t, "Zqanoniemtekst zonder naam", shown="anonymous")
        index(s)
        other = member(s, "olga")
        check(results(search(other, "Zqnaamtekst")), "the named post is not found")
        form_token(d, "/me/delete")
        r = d.post("/me/delete", {})
        require(r.status == 303, f"POST /me/delete: {r.status}")
        check(not results(search(other, "Zqnaamtekst")), "an erased named post is still found")
        hits = results(search(other, "Zqanoniemtekst"))
        check(len(hits) == 1 and "Anonymous 1" in hits[0][2] and "Dirk" not in hits[0][2],
              f"the anonymous post that stays is not found by its label: {hits}")
