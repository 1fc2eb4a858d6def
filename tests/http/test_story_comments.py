# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_story_comments.py: comments on experience stories (src/app/stories, issue 12: "Comments
follow the forum's rules") and stories pinned on the network's page, over HTTP: writing under a
name, a pseudonym or anonymously with one label per writer within a story and another on another
story; "only I can ever link this" with a claim code; editing and deleting one's own and nobody
else's; the core team hiding a comment with a reason the writer sees, and showing it again; a
withdrawn story showing no comments; pagination; every bad value (empty, too long, raw HTML,
javascript: links, values outside the choices, a wrong claim code); and the core team pinning
a published story, which drops off when it is withdrawn, fewer in low-stimulus mode."""

import re

import htmlcheck
from harness import DEMO_EMPLOYEE, Client, Server, check, error_summary, require, test
from test_stories import EN, NET, STORIES, claim_code, core, member, publish, step, token, write


def comment(c, sid, body, shown="name", expect=303):
    token(c, f"{STORIES}/{sid}")
    r = c.post(f"{STORIES}/{sid}/comments", {"body": body, "shown": shown})
    require(expect is None or r.status == expect,
            f"comment on {sid}: {r.status}, expected {expect}")
    return r


def comments(c, sid, page=""):
    """The comments on a page of the story: (id of the article, heading, text) each."""
    r = c.get(f"{STORIES}/{sid}{page}")
    require(r.status == 200, f"GET story {sid}: {r.status}")
    return re.findall(r'<article class="post" id="(c\d+)"[^>]*>\s*<h3[^>]*>([^<]*)</h3>(.*?)'
                      r"</article>", r.text, re.S), r


def comment_id(s, body):
    return s.sql_one("SELECT id FROM story_comment WHERE body = ?", (body,))


def published(s, w, chair, title="Zqcommentaarverhaal", audience="members"):
    sid, _ = write(w, title=title, body="Een verhaal om op te reageren.", audience=audience)
    publish(w, chair, sid)
    return sid


@test
def story_comments_labels_edit_delete():
    """Named, pseudonymous and anonymous comments; one label per writer within a story and a
    new one on another story; the stored row names nobody and keeps only the hour; editing and
    deleting one's own, 404 for someone else's."""
    with Server() as s:
        w = member(s, "schrijfster")
        chair = core(s)
        sid = published(s, w, chair)
        sid2 = published(s, w, chair, title="Zqtweedeverhaal")
        a = member(s, "anna")
        b = member(s, "bram", appearance="pseudonym", pseudonym="Zqbosuil")
        comment(a, sid, "Zqanna noemt haar naam.")
        comment(b, sid, "Zqbram anoniem een.", shown="anonymous")
        comment(a, sid, "Zqanna anoniem.", shown="anonymous")
        comment(b, sid, "Zqbram anoniem twee.", shown="anonymous")
        comment(b, sid, "Zqbram als pseudoniem.", shown="pseudonym")
        r = comment(a, sid, "Zqanna pseudoniem?", shown="pseudonym", expect=400)
        check("no pseudonym" in (error_summary(r) or ""), "a pseudonym Anna has not got")
        comment(a, sid2, "Zqanna elders anoniem.", shown="anonymous")
        cs, page = comments(w, sid)
        heads = [h.strip() for _, h, _ in cs]
        check(heads == ["Anna Verteller", "Anonymous 1", "Anonymous 2", "Anonymous 1",
                        "Zqbosuil (pseudonym)"], f"comment headings: {heads}")
        check("Bram Verteller" not in page.text, "the anonymous writer's name is on the page")
        check("Your comment is placed" in a.get(f"{STORIES}/{sid}?done=commented").text,
              "no notice after commenting")
        cs2, _ = comments(w, sid2)
        check([h.strip() for _, h, _ in cs2] == ["Anonymous 1"], "a label carried to another story")
        # The rows: no account beside an anonymous comment, only the hour, random ids.
        check(s.sql_one("SELECT count(*) FROM story_comment WHERE shown <> 'name' AND "
                        "author_id IS NOT NULL") == 0, "an anonymous comment names its writer")
        check(s.sql_one("SELECT count(*) FROM story_comment WHERE created_hour % 3600 <> 0") == 0,
              "a comment keeps a time finer than the hour")
        ids = sorted(r[0] for r in s.sql("SELECT id FROM story_comment WHERE story_id = ?",
                                         (sid,)))
        check(ids[-1] - ids[0] > 1000, f"comment ids follow each other: {ids}")
        # "My data" holds one's own comments, anonymous ones too, and nobody else's.
        data = b.get("/me/data.json")
        check(data.status == 200 and "Zqbram anoniem twee." in data.text and
              "Zqbram als pseudoniem." in data.text and "Zqanna anoniem." not in data.text,
              "my data does not hold one's own comments, or holds another's")
        check("Zqbram anoniem" not in a.get("/me/data.json").text,
              "Anna's data holds Bram's anonymous comment")
        # Only the writer gets the edit and delete links; someone else's is 404.
        mine = comment_id(s, "Zqbram anoniem een.")
        edit = f"{STORIES}/{sid}/comments/{mine}/edit"
        check(edit in b.get(f"{STORIES}/{sid}").text, "the writer has no edit link")
        check(edit not in a.get(f"{STORIES}/{sid}").text, "another member has an edit link")
        check(a.get(edit).status == 404, "another member opens the edit page")
        token(a, f"{STORIES}/{sid}")
        check(a.post(edit, {"body": "Overgenomen."}).status == 404, "another member edits")
        token(a, f"{STORIES}/{sid}")
        check(a.post(f"{STORIES}/{sid}/comments/{mine}/delete", {}).status == 404,
              "another member deletes")
        token(b, edit)
        r = b.post(edit, {"body": "  "})
        check(r.status == 400 and "comment is empty" in (error_summary(r) or ""),
              f"an empty edit: {r.status}")
        token(b, edit)
        r = b.post(edit, {"body": "Zqbram anoniem, verbeterd."})
        check(r.status == 303 and "c-edited" in (r.header("Location") or ""), f"edit: {r.status}")
        cs, _ = comments(a, sid)
        check("Zqbram anoniem, verbeterd." in cs[1][2] and "edited" in cs[1][2],
              "the edit does not show, or not as edited")
        # The story under another story's address is not found.
        check(b.get(f"{STORIES}/{sid2}/comments/{mine}/edit").status == 404,
              "a comment opens under another story")
        token(b, f"{STORIES}/{sid}/comments/{mine}/delete")
        r = b.post(f"{STORIES}/{sid}/comments/{mine}/delete", {})
        check(r.status == 303, f"delete: {r.status}")
        cs, _ = comments(a, sid)
        check(len(cs) == 4 and "Zqbram anoniem, verbeterd" not in str(cs), "the comment stays")


@test
def story_comments_only_me_claim_code():
    """'Only I can ever link this': the code is shown once, nothing else ties the comment;
    editing and deleting need the code, typed loosely; a wrong code changes nothing."""
    with Server() as s:
        w = member(s, "verteller")
        sid = published(s, w, core(s))
        a = member(s, "alleen")
        r = comment(a, sid, "Zqalleenikcommentaar.", shown="only-me", expect=200)
        code = claim_code(r.text)
        require(code, "no claim code shown")
        cid = comment_id(s, "Zqalleenikcommentaar.")
        check(s.sql_one("SELECT count(*) FROM story_comment WHERE id = ? AND author_id IS NULL "
                        "AND owner_tag IS NULL AND sealed IS NULL AND claim_hash IS NOT NULL",
                        (cid,)) == 1, "an only-me comment keeps a link to its writer")
        check(code.replace("-", "") not in str(s.sql("SELECT * FROM story_comment WHERE id = ?",
                                                     (cid,))),
              "the claim code is stored")
        edit = f"{STORIES}/{sid}/comments/{cid}/edit"
        token(a, edit)
        r = a.post(edit, {"body": "Zqveranderd.", "code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"})
        check(r.status == 400 and "does not fit this comment" in (error_summary(r) or ""),
              f"a wrong code: {r.status}")
        check(s.sql_one("SELECT body FROM story_comment WHERE id = ?", (cid,)) ==
              "Zqalleenikcommentaar.", "a wrong code changed the comment")
        other = member(s, "ander")
        token(other, edit)
        r = other.post(edit, {"body": "Zqveranderd.", "code": code.replace("-", " ").lower()})
        check(r.status == 303, f"the code (typed loosely) does not edit: {r.status}")
        token(a, f"{STORIES}/{sid}/comments/{cid}/delete")
        r = a.post(f"{STORIES}/{sid}/comments/{cid}/delete", {"code": "x"})
        check(r.status == 400, f"delete with a wrong code: {r.status}")
        r = a.post(f"{STORIES}/{sid}/comments/{cid}/delete", {"code": code})
        check(r.status == 303 and
              s.sql_one("SELECT count(*) FROM story_comment WHERE story_id = ?", (sid,)) == 0,
              f"delete with the code: {r.status}")


@test
def story_comments_hidden_with_reason():
    """The core team hides a comment with a reason (none: 400) and shows it again; readers see
    only that it is hidden, its writer sees the reason and the text; members cannot hide."""
    with Server() as s:
        w = member(s, "vertelster")
        chair = core(s)
        sid = published(s, w, chair)
        a = member(s, "anoniem")
        comment(a, sid, "Zqongepaste opmerking.", shown="anonymous")
        cid = comment_id(s, "Zqongepaste opmerking.")
        hide = f"{STORIES}/{sid}/comments/{cid}/hide"
        check(hide not in w.get(f"{STORIES}/{sid}").text, "a member has a hide link")
        check(w.get(hide).status == 404, "a member opens the hide page")
        token(w, f"{STORIES}/{sid}")
        check(w.post(hide, {"action": "hide", "reason": "x"}).status == 404, "a member hides")
        check(hide in chair.get(f"{STORIES}/{sid}").text, "the core team has no hide link")
        token(chair, hide)
        r = chair.post(hide, {"action": "hide", "reason": "  "})
        check(r.status == 400 and "its writer sees the reason" in (error_summary(r) or ""),
              f"hiding without a reason: {r.status}")
        r = chair.post(hide, {"action": "hide", "reason": "r" * 501})
        check(r.status == 400 and "at most 500" in (error_summary(r) or ""), "a long reason")
        r = chair.post(hide, {"action": "verstop", "reason": "x"})
        check(r.status == 400, f"an unknown action: {r.status}")
        check(s.sql_one("SELECT hidden_reason FROM story_comment WHERE id = ?", (cid,)) is None,
              "a refused hide changed the comment")
        r = chair.post(hide, {"action": "hide", "reason": "Zqreden: noemt een collega."})
        check(r.status == 303, f"hide: {r.status}")
        page = w.get(f"{STORIES}/{sid}").text
        check("The moderators hid this comment." in page and "Zqongepaste" not in page and
              "Zqreden" not in page, "a reader sees the hidden text or the reason")
        page = a.get(f"{STORIES}/{sid}").text
        check("Zqreden: noemt een collega." in page and "Zqongepaste" in page,
              "the writer does not see the reason and the text")
        check(f"/comments/{cid}/edit" not in page, "a hidden comment can be edited")
        check(a.get(f"{STORIES}/{sid}/comments/{cid}/edit").status == 404,
              "the edit page of a hidden comment opens")
        check(f"/comments/{cid}/delete" in page, "the writer cannot delete a hidden comment")
        token(chair, hide)
        r = chair.post(hide, {"action": "restore"})
        check(r.status == 303, f"restore: {r.status}")
        check("Zqongepaste" in w.get(f"{STORIES}/{sid}").text, "the restored comment is hidden")


@test
def story_comments_withdrawn_paged_and_bad_input():
    """A withdrawn story shows and takes no comments; 50 to a page; empty, too long, raw HTML
    and javascript: links, and values outside the choices."""
    with Server() as s:
        w = member(s, "lange")
        chair = core(s)
        sid = published(s, w, chair)
        a = member(s, "fouten")
        for body, want in (("   ", "comment is empty"), ("a" * 50001, "at most 50,000")):
            r = comment(a, sid, body, expect=400)
            check(want in (error_summary(r) or ""), f"{want!r} not in {error_summary(r)!r}")
        r = comment(a, sid, "tekst\x01", expect=400)
        for shown in ("admin", ""):
            token(a, f"{STORIES}/{sid}")
            check(a.post(f"{STORIES}/{sid}/comments", {"body": "B", "shown": shown}).status == 400,
                  f"shown={shown!r} accepted")
        check(s.sql_one("SELECT count(*) FROM story_comment WHERE story_id = ?", (sid,)) == 0,
              "refused comments stored")
        attack = ("<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](data:text/html,x) "
                  "[ok](https://example.org/ok) <img src=x onerror=alert(1)>")
        comment(a, sid, attack)
        page = a.get(f"{STORIES}/{sid}").text
        check("<script>alert" not in page and "<img" not in page, "raw HTML came through")
        check(not re.search(r'href="(javascript|data):', page), "a dangerous link kept")
        check(re.search(r'href="https://example.org/ok"[^>]*rel="noopener nofollow ugc"', page),
              "a safe link is not kept with rel=noopener nofollow ugc")
        for i in range(50):
            comment(a, sid, f"Zqreactie nummer {i}.")
        cs, _ = comments(a, sid)
        check(len(cs) == 50, f"{len(cs)} comments on the first page")
        cs, p2 = comments(a, sid, "?page=2")
        check(len(cs) == 1 and "Zqreactie nummer 49." in cs[0][2], "the second page")
        check('href="' in p2.text and "page=1" in p2.text, "no link back to the first page")
        check(a.get(f"{STORIES}/{sid}?page=3").status == 404, "an empty third page")
        check(a.get(f"{STORIES}/{sid}/comments/abc/edit").status == 404, "a comment id of letters")
        step(w, sid, "withdraw")
        check(a.get(f"{STORIES}/{sid}").status == 404, "a withdrawn story shows its comments")
        token(a, STORIES)
        r = a.post(f"{STORIES}/{sid}/comments", {"body": "Nog een.", "shown": "name"})
        check(r.status == 404, f"a comment on a withdrawn story: {r.status}")


@test
def story_pins_on_the_network_page():
    """The core team pins a published story (members cannot: 403; a bad value: 400); the
    network page shows it under 'Pinned stories', fewer in low-stimulus mode; unpinning and
    withdrawing take it off."""
    with Server() as s:
        w = member(s, "pinner")
        chair = core(s)
        sids = [published(s, w, chair, title=f"Zqgepind{i}", audience="organisation")
                for i in range(3)]
        pin = f"{STORIES}/{sids[0]}/pin"
        token(w, f"{STORIES}/{sids[0]}")
        check(w.post(pin, {"pinned": "1"}).status == 403, "a member pins")
        check(f"{STORIES}/{sids[0]}/pin" not in w.get(f"{STORIES}/{sids[0]}").text,
              "a member sees the pin button")
        token(chair, f"{STORIES}/{sids[0]}")
        check(chair.post(pin, {"pinned": "2"}).status == 400, "pinned=2 accepted")
        check(s.sql_one("SELECT pinned FROM story WHERE id = ?", (sids[0],)) == 0,
              "a refused pin changed the story")
        for sid in sids:
            token(chair, f"{STORIES}/{sid}")
            r = chair.post(f"{STORIES}/{sid}/pin", {"pinned": "1"})
            check(r.status == 303 and "done=pinned" in (r.header("Location") or ""),
                  f"pin: {r.status}")
        reader = Client(s, lang=EN)
        reader.sign_in(DEMO_EMPLOYEE)
        home = reader.get(NET).text
        pinned = home[home.find("Pinned stories"):home.find("New stories")]
        check(all(f"Zqgepind{i}" in pinned for i in range(3)),
              "the network page does not show the pinned stories")
        reader.token = reader.csrf("/preferences")
        r = reader.post("/preferences", {"calm": "1"})
        check(r.status in (200, 303), f"low-stimulus preference: {r.status}")
        home = reader.get(NET).text
        calm = home[home.find("Pinned stories"):home.find("New stories")]
        check(calm.count("Zqgepind") == 2, f"low-stimulus shows {calm.count('Zqgepind')} pins")
        token(chair, f"{STORIES}/{sids[0]}")
        chair.post(f"{STORIES}/{sids[0]}/pin", {"pinned": "0"})
        step(w, sids[1], "withdraw")
        home = Client(s, lang=EN)
        home.sign_in(DEMO_EMPLOYEE)
        page = home.get(NET).text
        pinned = page[page.find("Pinned stories"):page.find("New stories")]
        check("Zqgepind2" in pinned and "Zqgepind0" not in pinned and "Zqgepind1" not in page,
              "an unpinned or withdrawn story stays pinned")


@test
def story_comments_in_the_small_demo():
    """The small demo: comments under a story, two of them anonymous with one label, and that
    story pinned on the network's page."""
    with Server() as s:
        c = Client(s, lang=EN)
        c.sign_in(DEMO_EMPLOYEE)
        home = c.get(NET).text
        pinned = home[home.find("Pinned stories"):home.find("New stories")]
        m = re.search(r'href="/n/iedereen-telt/stories/(\d+)"', pinned)
        require(m, "no pinned story on the network page of the demo")
        cs, _ = comments(c, int(m.group(1)))
        heads = [h.strip() for _, h, _ in cs]
        check(len(cs) == 4 and heads.count("Anonymous 1") == 2,
              f"the demo's comments under the pinned story: {heads}")
