# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_leaks_story_comments.py: the leak suite for comments on experience stories (issue 12:
"Comments follow the forum's rules"). A marked writer, visible in the network, comments under
two stories of the chair: anonymously under both (linked with the key file), once under "only I
can ever link this", and once under the name; a fellow member comments anonymously too, and the
core team hides one of the writer's anonymous comments. Then every role (administrator, contact
point, ambassador, core team, a fellow member, a colleague who is no member, signed out) opens
both stories, every page those link to (the comments' edit, delete and hide pages among them),
the network's page, "my data" and its JSON. Nothing a viewer other than the writer gets may
lead to the writer of an anonymous comment: not their name, e-mail address or profile beside
it, not "you wrote this", not an edit or delete link, not the same label under both stories
told apart from another's. The comments under a story for members reach no one else.

A second test holds what someone with a copy of the database file and the server's log holds:
no comment row names the writer of an anonymous one, no row anywhere carries a second of its
writing, the log names no story or comment, and the comments' ids do not follow each other. It
fails when the sealing (an account beside the comment) or the rounding (an exact time) is
removed."""

import re
import time

from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, db_sql, db_tables, join,
                     require, sign_in_full, test, user_add)
from test_leaks_stories import _crawl, _review, _step, _token, _write

EN = "en-GB,en;q=0.9"
NET = "/n/iedereen-telt"
STORIES = NET + "/stories"
W_EMAIL = "zqopmerker@rijnstad.example"
W_NAME = "Zqopmerkernaam Tester"
ANON = ["Zqanoniemeopmerking een", "Zqanoniemeopmerking twee"]
ONLY = "Zqalleenikopmerking"
NAMED = "Zqnaamopmerking"
HIDDEN_REASON = "Zqmoderatiereden"


def _story(chair, title, audience):
    _write(chair, title, "Een verhaal van de kerngroep.", "name", audience=audience)


def _comment(c, sid, body, shown):
    _token(c, f"{STORIES}/{sid}")
    r = c.post(f"{STORIES}/{sid}/comments", {"body": body, "shown": shown})
    require(r.status in (200, 303), f"comment {body}: {r.status}")
    m = re.search(r"<code>([A-Z2-7-]{39})</code>", r.text)
    return m.group(1) if m else None


def _set_up(s):
    wid = user_add(s.db, W_EMAIL, W_NAME)
    w = Client(s, lang=EN)
    w.sign_in(W_EMAIL)
    join(w, NET, "visible")
    user_add(s.db, "zqmedelid@rijnstad.example", "Zqmedelid Collega")
    fellow = Client(s, lang=EN)
    fellow.sign_in("zqmedelid@rijnstad.example")
    join(fellow, NET, "visible")
    chair = Client(s, lang=EN)
    sign_in_full(chair, DEMO["chair"])
    ids = {}
    for title, audience in (("Zqledenverhaal", "members"), ("Zqiedereenverhaal", "organisation")):
        _story(chair, title, audience)
        sid = s.sql_one("SELECT id FROM story WHERE title = ?", (title,))
        _step(chair, sid, "submit")
        _review(chair, sid)
        _step(chair, sid, "consent", extra={"consent": "1"})
        ids[title] = sid
    members, org = ids["Zqledenverhaal"], ids["Zqiedereenverhaal"]
    _comment(fellow, members, "Zqmedelid anoniem.", "anonymous")
    time.sleep(2)  # the writing's seconds apart from the sign-ins and steps before
    t0 = time.time()
    _comment(w, members, ANON[0], "anonymous")
    _comment(w, org, ANON[1], "anonymous")
    code = _comment(w, org, ONLY, "only-me")
    require(code, "no claim code shown")
    window = (int(t0), int(time.time()))
    time.sleep(2)
    _comment(w, org, NAMED, "name")
    _comment(fellow, org, "Zqmedelid anoniem elders.", "anonymous")
    # The core team hides the writer's anonymous comment under the story for everyone.
    cid = s.sql_one("SELECT id FROM story_comment WHERE body = ?", (ANON[1],))
    hide = f"{STORIES}/{org}/comments/{cid}/hide"
    _token(chair, hide)
    r = chair.post(hide, {"action": "hide", "reason": HIDDEN_REASON})
    require(r.status == 303, f"hide: {r.status}")
    viewers = {"network member": fellow, "core team (chair)": chair}
    for role, addr, full in (("employee (no member)", DEMO_EMPLOYEE, False),
                             ("contact point", DEMO["contact"], False),
                             ("ambassador", DEMO["ambassador"], False),
                             ("administrator", DEMO["admin"], True)):
        c = Client(s, lang=EN)
        sign_in_full(c, addr) if full else c.sign_in(addr)
        viewers[role] = c
    viewers["signed out"] = Client(s, lang=EN)
    return w, wid, ids, code, window, viewers


@test
def leaks_story_comments_anonymous_writer_found_by_nobody():
    with Server() as s:
        w, wid, ids, code, window, viewers = _set_up(s)
        members, org = ids["Zqledenverhaal"], ids["Zqiedereenverhaal"]
        paths = [STORIES, NET, "/", "/me/data", "/me/data.json", NET + "/members"]
        for sid in ids.values():
            paths += [f"{STORIES}/{sid}", f"{STORIES}/{sid}?page=2"]
        mine = [s.sql_one("SELECT id FROM story_comment WHERE body = ?", (b,))
                for b in ANON + [ONLY]]
        found = []
        non_members = ("employee (no member)", "contact point", "ambassador", "administrator",
                       "signed out")
        for role, c in viewers.items():
            for path, r in _crawl(c, paths).items():
                text = r.text
                parts = re.findall(r'<article class="post".*?</article>', text, re.S) or [text]
                for part in parts:
                    if not any(m in part for m in ANON + [ONLY]):
                        continue
                    ident = [m for m in (W_NAME, W_EMAIL, f"/members/{wid}/", "you wrote this")
                             if m in part]
                    ident += [f"edit link of {cid}" for cid in mine[:2]
                              if f"/comments/{cid}/edit" in part or
                              f"/comments/{cid}/delete" in part]
                    if ident:
                        found.append(f"{role}: GET {path} shows an anonymous comment with {ident}")
                if role in non_members and ("Zqledenverhaal" in text or ANON[0] in text or
                                            "Zqmedelid anoniem." in text):
                    found.append(f"{role}: GET {path} shows a members' story's comments")
                if path.startswith("/me/data") and any(m in text for m in ANON + [ONLY]):
                    found.append(f"{role}: their data holds the writer's anonymous comment")
                if role != "core team (chair)" and (HIDDEN_REASON in text or ANON[1] in text):
                    found.append(f"{role}: GET {path} shows the hidden comment or its reason")
        # The suite can fail: the writer sees what is theirs, a member the comments.
        page = w.get(f"{STORIES}/{org}").text
        check(HIDDEN_REASON in page and ANON[1] in page, "the writer does not see the reason")
        data = w.get("/me/data.json").text
        check(ANON[0] in data and NAMED in data, "the writer's data lacks their comments")
        check(ONLY not in data, "an only-me comment is in 'my data'")
        page = viewers["network member"].get(f"{STORIES}/{members}").text
        check(ANON[0] in page and "Anonymous 2" in page, "a member does not see the comment")
        page = viewers["employee (no member)"].get(f"{STORIES}/{org}").text
        check(W_NAME in page and NAMED in page and ONLY in page,
              "the named comment does not show the writer's name (the suite would see nothing)")
        for f in sorted(set(found)):
            check(False, "LEAK: " + f)


@test
def leaks_story_comments_database_and_log_link_no_anonymous_comment():
    """A copy of the database file and the server's log: no comment row names the writer of an
    anonymous one, no row carries a second of its writing, the log names no story or comment,
    and the comments' ids do not follow each other."""
    with Server() as s:
        w, wid, ids, code, window, viewers = _set_up(s)
        time.sleep(1.5)  # the access log waits at most a second in the threads' buffers
        rows = s.sql("SELECT id, shown, author_id, pseudonym, created_hour, owner_tag, sealed,"
                     " claim_hash, body FROM story_comment WHERE story_id IN (?, ?)",
                     tuple(ids.values()))
        anon = [r for r in rows if r[8] in ANON + [ONLY]]
        require(len(anon) == 3, "the anonymous comments are not in the database")
        for cid, shown, author, pseud, created, tag, sealed, claim, body in rows:
            check(created % 3600 == 0, f"comment {cid}: a time finer than the hour ({created})")
            if shown != "anonymous":
                continue
            check(author is None and pseud is None, f"anonymous comment {cid} names an account")
            check(sealed is None or f"{wid} ".encode() not in bytes(sealed),
                  f"comment {cid}: the link is not sealed")
            if body == ONLY:
                check(tag is None and sealed is None and claim is not None,
                      "the only-me comment is linked with the key file")
        lo, hi = window
        iso = {time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) for t in range(lo, hi + 1)}
        for table in db_tables(s.db):
            cols, table_rows = db_sql(s.db, f'SELECT * FROM "{table}"', columns=True)
            for row in table_rows:
                for col, v in zip(cols, row):
                    if isinstance(v, int) and lo <= v <= hi:
                        check(False, f"{table}.{col} holds {v}, a second of an anonymous comment")
                    if isinstance(v, str) and any(t in v for t in iso):
                        check(False, f"{table}.{col} holds {v!r}, a second of a comment")
        cids = sorted(r[0] for r in rows)
        gaps = [b - a for a, b in zip(cids, cids[1:])]
        check(min(gaps) > 1000, f"comment ids follow each other (smallest gap {min(gaps)})")
        log = s.stderr()
        require("POST" in log, "the server's log has no access lines")
        for line in log.splitlines():
            if "/stories" not in line:
                continue
            check(not re.search(r"/stories/\d|/comments/\d", line),
                  f"a story log line names a story or comment: {line!r}")
        for m in ANON + [ONLY, W_NAME, W_EMAIL, code]:
            check(m not in log, f"the log holds {m!r}")
