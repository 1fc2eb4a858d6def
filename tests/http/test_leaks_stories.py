# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_leaks_stories.py: the leak suite for experience stories (issue 12). A marked writer,
visible in the network, writes a story anonymously (linked with the key file), one under "only
I can ever link this", and one under the name; the core team approves them, the writer consents,
a fellow member reads and reacts. Then every role (administrator, contact point, ambassador,
core team, a fellow member, a colleague who is no member, signed out) opens every story page,
each page those link to, the network's page, "my data" and its JSON. Nothing a viewer other than
the writer gets may lead to the writer of an anonymous story: not their name, e-mail address or
profile beside it, not a link to the writer's page, not the review queue's order. A story for
members reaches no one else.

A second test holds what someone with a copy of the database file and the server's log holds:
no story row names the writer of an anonymous story, no row anywhere carries a second of its
writing, sending or publication, the log names no story, the ids do not follow each other, and
the reader counting keeps no account beside a story: only the month's keyed hashes. It fails
when the sealing (an account beside the story) or the rounding (an exact time) is removed."""

import re
import time

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, db_sql, db_tables, join,
                     require, run_cli, search_results_only, sign_in_full, test, user_add)

EN = "en-GB,en;q=0.9"
NET = "/n/iedereen-telt"
STORIES = NET + "/stories"
W_EMAIL = "zqverteller@rijnstad.example"
W_NAME = "Zqvertellernaam Tester"
ANON = ["Zqanoniemtitel", "Zqanoniemtekst"]
ONLY = ["Zqalleeniktitel", "Zqalleeniktekst"]
NAMED = "Zqnaamtekst"


def _token(c, path):
    r = c.get(path)
    require(r.status == 200, f"GET {path}: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    return r


def _write(c, title, body, shown, audience="members"):
    _token(c, STORIES + "/new")
    r = c.post(STORIES + "/new", {"title": title, "content_note": "", "body": body,
                                  "audience": audience, "shown": shown})
    require(r.status in (200, 303), f"new story {title}: {r.status}")
    m = re.search(r"<code>([A-Z2-7-]{39})</code>", r.text)
    return m.group(1) if m else None


def _step(c, sid, action, code=None, extra=None):
    _token(c, f"{STORIES}/{sid}/write")
    f = {"action": action}
    if code:
        f["code"] = code
    f.update(extra or {})
    r = c.post(f"{STORIES}/{sid}/write", f)
    require(r.status in (200, 303), f"{action} on {sid}: {r.status}")


def _review(c, sid):
    _token(c, f"{STORIES}/{sid}/review")
    r = c.post(f"{STORIES}/{sid}/review", {"decision": "approve", "note": ""})
    require(r.status == 303, f"approve {sid}: {r.status}")


def _set_up(s):
    wid = user_add(s.db, W_EMAIL, W_NAME)
    w = Client(s, lang=EN)
    w.sign_in(W_EMAIL)
    join(w, NET, "visible")
    user_add(s.db, "zqlezer@rijnstad.example", "Zqlezer Collega")
    fellow = Client(s, lang=EN)
    fellow.sign_in("zqlezer@rijnstad.example")
    join(fellow, NET, "visible")
    chair = Client(s, lang=EN)
    sign_in_full(chair, DEMO["chair"])
    time.sleep(2)  # the writing's seconds apart from the sign-ins before
    t0 = time.time()
    _write(w, ANON[0], ANON[1], "anonymous")
    code = _write(w, ONLY[0], ONLY[1], "only-me", audience="organisation")
    require(code, "no claim code shown")
    ids = {}
    for title in (ANON[0], ONLY[0]):
        ids[title] = s.sql_one("SELECT id FROM story WHERE title = ?", (title,))
    _step(w, ids[ANON[0]], "submit")
    _step(w, ids[ONLY[0]], "submit", code=code)
    for sid in ids.values():
        _review(chair, sid)
    _step(w, ids[ANON[0]], "consent", extra={"consent": "1"})
    _step(w, ids[ONLY[0]], "consent", code=code, extra={"consent": "1"})
    window = (int(t0), int(time.time()))
    time.sleep(2)
    _write(w, "Zqnaamtitel", NAMED, "name", audience="organisation")
    ids["named"] = s.sql_one("SELECT id FROM story WHERE title = ?", ("Zqnaamtitel",))
    _step(w, ids["named"], "submit")
    _review(chair, ids["named"])
    _step(w, ids["named"], "consent", extra={"consent": "1"})
    # The fellow reads and reacts.
    for sid in (ids[ANON[0]], ids[ONLY[0]]):
        _token(fellow, f"{STORIES}/{sid}")
        r = fellow.post(f"{STORIES}/{sid}/react", {"reaction": "thanks"})
        require(r.status == 303, f"react: {r.status}")
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


def _crawl(c, paths):
    seen, got = set(), {}
    todo = list(paths)
    for _level in range(2):
        nxt = []
        for p in todo:
            if p in seen or p.startswith("/static/") or "sign-out" in p:
                continue
            seen.add(p)
            r = c.get(p)
            got[p] = r
            if "html" in r.content_type:
                for e in htmlcheck.elements(r.text):
                    v = e.get("href") if e.tag == "a" else None
                    if v and v.startswith("/") and "/stories" in v:
                        nxt.append(v.split("#")[0])
        todo = nxt
    return got


@test
def leaks_stories_anonymous_writer_found_by_nobody():
    with Server() as s:
        w, wid, ids, code, window, viewers = _set_up(s)
        paths = [STORIES, f"{STORIES}/mine", f"{STORIES}/review", NET, "/", "/me/data",
                 "/me/data.json", NET + "/members"]
        for sid in ids.values():
            paths += [f"{STORIES}/{sid}", f"{STORIES}/{sid}/write", f"{STORIES}/{sid}/review"]
        # The search finds a published story by its words: as the story's own page shows it.
        run_cli(["search", "index", "--db", s.db])
        paths += [f"/search?q={m}" for m in ANON + ONLY]
        found = []
        non_members = ("employee (no member)", "contact point", "ambassador", "administrator",
                       "signed out")
        for role, c in viewers.items():
            for path, r in _crawl(c, paths).items():
                text = search_results_only(path, r.text)
                # A list: each story on its own (the writer's named story may be beside).
                parts = re.findall(r"<li><h3>.*?</li>", text, re.S) or [text]
                for part in parts:
                    if not any(m in part for m in ANON + ONLY):
                        continue
                    ident = [m for m in (W_NAME, W_EMAIL, f"/members/{wid}/",
                                         f"/stories/{ids[ANON[0]]}/write\"",
                                         "Your page for this story") if m in part]
                    if ident:
                        found.append(f"{role}: GET {path} shows an anonymous story with {ident}")
                if role in non_members and any(m in text for m in ANON):
                    found.append(f"{role}: GET {path} shows a members' story to a non-member")
                # A reader's own data names what they reacted to, never the story's text.
                if path.startswith("/me/data") and any(m in text for m in (ANON[1], ONLY[1])):
                    found.append(f"{role}: their data holds the writer's anonymous story")
                if "Unique readers" in text and role != "core team (chair)":
                    found.append(f"{role}: GET {path} shows reader counts")
        lst = viewers["network member"].get(STORIES).text
        check(len(re.findall(r"<li><h3>", lst)) >= 3, "the list has not the stories (the suite "
              "would see nothing)")
        # The suite can fail: the writer sees what is theirs, a member the stories.
        check(ANON[0] in w.get(STORIES + "/mine").text, "the writer's list lacks the story")
        check(ANON[1] in w.get("/me/data.json").text, "the writer's data lacks their story")
        check(ONLY[1] not in w.get("/me/data.json").text, "an only-me story is in 'my data'")
        page = viewers["network member"].get(f"{STORIES}/{ids[ANON[0]]}").text
        check(ANON[1] in page and "Anonymous" in page, "a member does not see the story")
        check(W_NAME in viewers["employee (no member)"].get(f"{STORIES}/{ids['named']}").text,
              "the named story does not show the writer's name (the suite would see nothing)")
        for f in sorted(set(found)):
            check(False, "LEAK: " + f)


@test
def leaks_stories_database_and_log_link_no_anonymous_story():
    """A copy of the database file and the server's log: no story row names the writer of an
    anonymous story, no row carries a second of its writing or publication, the log names no
    story, ids do not follow each other, and reads and reactions keep no account."""
    with Server() as s:
        w, wid, ids, code, window, viewers = _set_up(s)
        time.sleep(1.5)  # the access log waits at most a second in the threads' buffers
        rows = s.sql("SELECT id, shown, author_id, pseudonym, created_hour, published_hour,"
                     " owner_tag, sealed, claim_hash, title FROM story")
        anon = [r for r in rows if r[9] in (ANON[0], ONLY[0])]
        require(len(anon) == 2, "the anonymous stories are not in the database")
        for sid, shown, author, pseud, created, published, tag, sealed, claim, title in rows:
            check(created % 3600 == 0 and published % 3600 == 0,
                  f"story {sid}: a time finer than the hour ({created}, {published})")
            if shown != "anonymous":
                continue
            check(author is None and pseud is None, f"anonymous story {sid} names an account")
            check(sealed is None or f"{wid} ".encode() not in bytes(sealed),
                  f"story {sid}: the link is not sealed")
            if title == ONLY[0]:
                check(tag is None and sealed is None and claim is not None,
                      "the only-me story is linked with the key file")
        # No column of any table holds a second of the anonymous writing or publication.
        lo, hi = window
        iso = {time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) for t in range(lo, hi + 1)}
        for table in db_tables(s.db):
            cols, table_rows = db_sql(s.db, f'SELECT * FROM "{table}"', columns=True)
            for row in table_rows:
                for col, v in zip(cols, row):
                    if isinstance(v, int) and lo <= v <= hi:
                        check(False, f"{table}.{col} holds {v}, a second of the anonymous story")
                    if isinstance(v, str) and any(t in v for t in iso):
                        check(False, f"{table}.{col} holds {v!r}, a second of the story")
        # Reads and reactions: a story, a month and a 32-byte keyed hash, never an account.
        fellow_id = s.sql_one("SELECT id FROM account WHERE email = ?",
                              ("zqlezer@rijnstad.example",))
        reads = s.sql("SELECT * FROM story_read")
        require(reads, "no reads were counted (the suite would see nothing)")
        for row in reads + s.sql("SELECT * FROM story_reaction"):
            for v in row:
                if isinstance(v, (bytes, bytearray, memoryview)):
                    check(len(bytes(v)) == 32, "a reader hash of another form")
                elif isinstance(v, int):
                    check(v not in (fellow_id, wid) or v in ids.values(),
                          f"a read or reaction row holds an account id: {row!r}")
        cols = db_sql(s.db, "SELECT * FROM story_read", columns=True)[0]
        check(sorted(cols) == ["month", "reader", "story_id"],
              f"story_read keeps more than story, month and hash: {cols}")
        # Ids: stories are not near each other.
        sids = sorted(r[0] for r in rows)
        gaps = [b - a for a, b in zip(sids, sids[1:])]
        check(min(gaps) > 1000, f"story ids follow each other (smallest gap {min(gaps)})")
        log = s.stderr()
        require("GET" in log and "POST" in log, "the server's log has no access lines")
        for line in log.splitlines():
            if "/stories" not in line:
                continue
            check("{slug}" in line, f"a story log line names its network: {line!r}")
            check(not re.search(r"/stories/\d", line), f"a story log line names a story: {line!r}")
        for m in ANON + ONLY + [W_NAME, W_EMAIL, code]:
            check(m not in log, f"the log holds {m!r}")
