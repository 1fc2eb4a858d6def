# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_leaks_forum.py: the leak suite for the forum (issue 12). A marked writer, visible in the
network and under a pseudonym in a subgroup, writes anonymously (linked with the key file, and
"only I can ever link this"), under the pseudonym, and under the name in a topic of its own.
Then every role (administrator, contact point, ambassador, core team, fellow members of the
network and of the subgroup, a colleague who is no member, signed out) opens every forum page,
each page those link to, "my data" and its JSON, and the forms of the writer's posts. Nothing a
viewer other than the writer gets may lead to the writer of an anonymous post: not their name,
e-mail address or pseudonym beside it, not a "you wrote this" mark or an edit link, not the order
of the topic list, not an id that follows another. No e-mail and no audit entry is written by
posting.

A second test holds what someone with a copy of the database file and the server's log holds:
no forum row names the writer, no row anywhere carries the second of an anonymous post, the log
names no group, topic or post, and the ids of the writer's posts do not follow each other. It
fails when the sealing (an account beside the post) or the rounding (an exact time) is removed."""

import os
import re
import time

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, join, require, run_cli,
                     sign_in_full, test, user_add, db_connect, db_sql, db_tables,
                     search_results_only)

EN = "en-GB,en;q=0.9"
NET = "/n/iedereen-telt"
SUB = NET + "/g/mantelzorg"
FORUM = NET + "/forum"
SUB_FORUM = SUB + "/forum"
W_EMAIL = "zqschrijver@rijnstad.example"
W_NAME = "Zqschrijfnaam Tester"
W_PSEUDO = "Zqpseudoniem"
ANON = ["Zqanontitel", "Zqanonbody1", "Zqanonbody2", "Zqalleenik", "Zqsubanon"]
NAMED = "Zqnaambody"
PSEUDO_BODY = "Zqpseudobody"


def _token(c, path):
    r = c.get(path)
    require(r.status == 200, f"GET {path}: {r.status}")
    c.token = htmlcheck.csrf_token(r.text) or c.token
    return r


def _first_category(c, forum):
    r = c.get(forum)
    m = re.search(re.escape(forum) + r"/c/(\d+)\"", r.text)
    require(m, f"no category in {forum}")
    return int(m.group(1))


def _topic(c, forum, cat, title, body, shown):
    _token(c, f"{forum}/c/{cat}/new")
    r = c.post(f"{forum}/c/{cat}/new", {"title": title, "body": body, "shown": shown})
    require(r.status in (200, 303), f"new topic {title}: {r.status}")
    m = re.search(r"/t/(\d+)", (r.header("Location") or "") + r.text)
    return int(m.group(1))


def _reply(c, forum, topic, body, shown):
    _token(c, f"{forum}/t/{topic}")
    r = c.post(f"{forum}/t/{topic}", {"body": body, "shown": shown})
    require(r.status in (200, 303), f"reply {body}: {r.status}")
    return r


def _post_ids(c, forum, topic):
    """The ids of the posts the viewer may edit on a topic page, with the text near each."""
    r = c.get(f"{forum}/t/{topic}")
    return {int(m.group(1)): m.group(0) for m in re.finditer(r"/p/(\d+)/edit", r.text)}, r


def _set_up(s):
    """The writer and the viewers; returns (writer client, writer id, facts, viewers)."""
    wid = user_add(s.db, W_EMAIL, W_NAME)
    w = Client(s, lang=EN)
    w.sign_in(W_EMAIL)
    join(w, NET, "visible")
    join(w, SUB, "pseudonym", pseudonym=W_PSEUDO)
    # Others who write in the same topics (so the writer is not alone there).
    fellow = {}
    for key, groups in (("netlid", (NET,)), ("sublid", (NET, SUB))):
        addr = f"{key}@rijnstad.example"
        user_add(s.db, addr, f"{key.capitalize()} Collega")
        c = Client(s, lang=EN)
        c.sign_in(addr)
        for g in groups:
            join(c, g, "visible")
        fellow[key] = c
    cat = _first_category(w, FORUM)
    sub_cat = _first_category(w, SUB_FORUM)
    facts = {"topics": [], "times": []}
    # Counts of mail and audit before the writer posts.
    con = db_connect(s.db, read_only=True)
    facts["outbox"] = con.execute("SELECT count(*) FROM outbox").fetchone()[0]
    facts["audit"] = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    con.close()
    t_other = _topic(fellow["netlid"], FORUM, cat, "Vraag van een collega", "Wie helpt?", "name")
    time.sleep(2)  # the posting's seconds apart from the sign-ins before
    t0 = time.time()
    t_anon = _topic(w, FORUM, cat, ANON[0], ANON[1], "anonymous")
    _reply(w, FORUM, t_other, ANON[2], "anonymous")
    r = _reply(w, FORUM, t_other, ANON[3], "only-me")
    require("<code>" in r.text, "no claim code shown")
    t_sub = _topic(w, SUB_FORUM, sub_cat, "Zqsubtitel", ANON[4], "anonymous")
    _reply(w, SUB_FORUM, t_sub, PSEUDO_BODY, "pseudonym")
    facts["times"].append((int(t0), int(time.time())))
    time.sleep(2)
    _reply(fellow["netlid"], FORUM, t_anon, "Een antwoord van een collega", "name")
    _reply(fellow["sublid"], SUB_FORUM, t_sub, "Een antwoord in de subgroep", "anonymous")
    t_named = _topic(w, FORUM, cat, "Zqnaamtitel", NAMED, "name")
    con = db_connect(s.db, read_only=True)
    facts["outbox_after"] = con.execute("SELECT count(*) FROM outbox").fetchone()[0]
    facts["audit_after"] = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    con.close()
    facts["topics"] = [(FORUM, t_other), (FORUM, t_anon), (SUB_FORUM, t_sub), (FORUM, t_named)]
    facts["named_topic"] = (FORUM, t_named)
    facts["cat"], facts["sub_cat"] = cat, sub_cat
    # The writer's own edit links: only they may see them (the only-me post's is everyone's).
    own = {}
    for forum, t in facts["topics"]:
        ids, _ = _post_ids(w, forum, t)
        own.update(ids)
    facts["own_ids"] = own
    viewers = {"network member": fellow["netlid"], "subgroup member": fellow["sublid"]}
    # The chair joins the network: the core team, as a fellow member.
    for role, addr, full, joins in (("employee (no member)", DEMO_EMPLOYEE, False, False),
                                    ("contact point", DEMO["contact"], False, False),
                                    ("ambassador", DEMO["ambassador"], False, False),
                                    ("core team (chair, a member)", DEMO["chair"], True, True),
                                    ("administrator", DEMO["admin"], True, False)):
        c = Client(s, lang=EN)
        sign_in_full(c, addr) if full else c.sign_in(addr)
        if joins:
            join(c, NET, "visible")
        viewers[role] = c
    viewers["signed out"] = Client(s, lang=EN)
    return w, wid, facts, viewers


def _pages(facts):
    out = [FORUM, SUB_FORUM, f"{FORUM}/mine", f"{SUB_FORUM}/mine", NET, SUB, "/",
           f"{FORUM}/c/{facts['cat']}", f"{SUB_FORUM}/c/{facts['sub_cat']}", "/me/data",
           "/me/data.json", NET + "/members", SUB + "/members"]
    for forum, t in facts["topics"]:
        out.append(f"{forum}/t/{t}")
    # The search finds every post by its words: each result as its topic shows it.
    for m in ANON + [NAMED, PSEUDO_BODY]:
        out.append(f"/search?q={m}")
    for pid in facts["own_ids"]:
        for forum in (FORUM, SUB_FORUM):
            for act in ("edit", "delete", "claim"):
                out.append(f"{forum}/p/{pid}/{act}")
    return out


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
                    if v and v.startswith("/") and "/forum" in v:
                        nxt.append(v.split("#")[0])
        todo = nxt
    return got


@test
def leaks_forum_anonymous_writer_found_by_nobody():
    with Server() as s:
        w, wid, facts, viewers = _set_up(s)
        named_path = "{}/t/{}".format(*facts["named_topic"])
        found = []
        run_cli(["search", "index", "--db", s.db])
        for role, c in viewers.items():
            got = _crawl(c, _pages(facts))
            for path, r in got.items():
                text = search_results_only(path, r.text)
                has_anon = any(m in text for m in ANON)
                # A topic page: each post on its own (the writer may have written a named or
                # pseudonymous post in the same topic, which is theirs to show).
                parts = re.findall(r"<article class=\"post\".*?</article>", text, re.S) \
                    if "/t/" in path else [text]
                for part in parts:
                    if not any(m in part for m in ANON):
                        continue
                    ident = [m for m in (W_NAME, W_EMAIL, W_PSEUDO, f"/members/{wid}/",
                                         "you wrote this") if m in part]
                    if ident:
                        found.append(f"{role}: GET {path} shows an anonymous post with {ident}")
                if "/forum" in path and W_NAME in text and path.split("?")[0] != named_path:
                    found.append(f"{role}: GET {path} names the writer")
                if role in ("employee (no member)", "contact point", "ambassador",
                            "administrator", "signed out") and (has_anon or NAMED in text):
                    found.append(f"{role}: GET {path} shows a forum post to a non-member")
                if path.startswith("/me/data") and any(m in text for m in ANON[1:]):
                    found.append(f"{role}: their data download holds the writer's post")
            # The writer's own posts' edit links, the only-me post's aside, are the writer's.
            for forum, t in facts["topics"]:
                r = got.get(f"{forum}/t/{t}")
                if not r or r.status != 200:
                    continue
                for pid in facts["own_ids"]:
                    if f"/p/{pid}/edit" in r.text and f"/p/{pid}/edit\">Edit with" not in r.text:
                        found.append(f"{role}: the topic {t} offers to edit the writer's post")
            # Forms of the writer's posts answer 404 (the only-me post's asks its code).
            for pid in facts["own_ids"]:
                for forum in (FORUM, SUB_FORUM):
                    r = got.get(f"{forum}/p/{pid}/edit")
                    if r is not None and r.status == 200 and 'name="code"' not in r.text:
                        found.append(f"{role}: GET {forum}/p/{pid}/edit opens the writer's form")
        # The suite can fail: the writer sees what is theirs, a member the posts.
        mine = w.get(f"{FORUM}/mine").text
        check(ANON[2] in mine or "Anonymous" in mine, "the writer's own list lacks the post")
        check(ANON[2] in w.get("/me/data.json").text, "the writer's data lacks their post")
        topic_page = viewers["network member"].get("{}/t/{}".format(*facts["topics"][1])).text
        check(ANON[1] in topic_page and "Anonymous 1" in topic_page,
              "a fellow member does not see the anonymous post (the suite would see nothing)")
        check(W_NAME in viewers["network member"].get(named_path).text,
              "the named topic does not show the writer's name (the suite would see nothing)")
        # List order: topics last active in the same hour are in the order of their ids, not
        # of who posted last.
        r = viewers["subgroup member"].get(f"{FORUM}/c/{facts['cat']}")
        ids = [int(x) for x in re.findall(re.escape(FORUM) + r"/t/(\d+)\"", r.text)]
        ours = [i for i in ids if i in {t for _, t in facts["topics"]}]
        check(ours == sorted(ours, reverse=True),
              f"topics of one hour are listed in the order of activity: {ours}")
        # "Last post by" is nowhere: the list names no writer at all.
        for name in (W_NAME, "Netlid Collega"):
            check(name not in r.text, f"the topic list names {name!r}")
        # No e-mail and no audit entry came from posting.
        check(facts["outbox_after"] == facts["outbox"], "posting wrote e-mail")
        check(facts["audit_after"] == facts["audit"], "posting wrote audit entries")
        con = db_connect(s.db, read_only=True)
        try:
            rows = con.execute("SELECT detail FROM audit_log").fetchall()
            for (detail,) in rows:
                check(not any(m in str(detail) for m in ANON + ["forum"]),
                      f"an audit entry mentions the forum: {detail!r}")
        finally:
            con.close()
        for f in sorted(set(found)):
            check(False, "LEAK: " + f)


@test
def leaks_forum_database_and_log_link_no_anonymous_post():
    """A copy of the database file and the server's log: no forum row names the writer of an
    anonymous post, no row carries the second it was written, the log names no forum page, and
    the writer's post ids do not follow each other or anyone's."""
    with Server() as s:
        w, wid, facts, viewers = _set_up(s)
        time.sleep(1.5)  # the access log waits at most a second in the threads' buffers
        con = db_connect(s.db, read_only=True)
        try:
            rows = con.execute("SELECT id, shown, author_id, pseudonym, created_hour, body,"
                               " owner_tag, sealed, claim_hash FROM forum_post").fetchall()
            require(rows, "no forum posts in the database")
            anon = [r for r in rows if r[1] == "anonymous"]
            require(any(m in r[5] for r in anon for m in ANON), "no anonymous post found")
            for pid, shown, author, pseud, hour, body, tag, sealed, claim in rows:
                check(hour % 3600 == 0, f"post {pid}: a time finer than the hour ({hour})")
                if shown == "anonymous":
                    check(author is None and pseud is None,
                          f"anonymous post {pid} names an account or pseudonym")
                    check(tag is None or len(tag) == 32, f"post {pid}: an owner tag of another "
                          "form")
                    # The sealed text is "ACCOUNT SHOWN" (two numbers): the random bytes of a
                    # seal hold a one-digit id now and then, almost never it with the space.
                    check(sealed is None or f"{wid} ".encode() not in bytes(sealed),
                          f"post {pid}: the link is not sealed")
                    if "Zqalleenik" in body:
                        check(tag is None and sealed is None and claim is not None,
                              "the only-me post is linked with the key file")
            # Tags of one writer in two topics differ; in one topic they are one.
            tags = {}
            for r in con.execute("SELECT topic_id, owner_tag, body FROM forum_post"
                                 " WHERE owner_tag IS NOT NULL AND shown = 'anonymous'"):
                if any(m in r[2] for m in ANON):
                    tags.setdefault(r[1], set()).add(r[0])
            check(all(len(v) == 1 for v in tags.values()),
                  "one owner tag links anonymous posts across topics")
            # No column of any table holds a second of the anonymous posting (as an integer or
            # an ISO time), but a session's start (the sign-in, before it).
            lo, hi = facts["times"][0]
            iso = {time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) for t in range(lo, hi + 1)}
            for table in db_tables(s.db):
                cols, table_rows = db_sql(s.db, f'SELECT * FROM "{table}"', columns=True)
                for row in table_rows:
                    for col, v in zip(cols, row):
                        if isinstance(v, int) and lo <= v <= hi:
                            check(False, f"{table}.{col} holds {v}, a second of the "
                                  "anonymous posting")
                        if isinstance(v, str) and any(t in v for t in iso):
                            check(False, f"{table}.{col} holds {v!r}, a second of the "
                                  "anonymous posting")
            # A session's last use is to five minutes, or the second it began (a sign-in).
            for (began, seen) in con.execute("SELECT created_at, last_seen FROM session"):
                check(seen % 300 == 0 or seen == began, f"a session's last use is exact: {seen}")
            # Ids: the writer's posts are not near each other or anyone else's.
            ids = sorted(r[0] for r in rows)
            gaps = [b - a for a, b in zip(ids, ids[1:])]
            check(min(gaps) > 1000, f"post ids follow each other (smallest gap {min(gaps)})")
        finally:
            con.close()
        log = s.stderr()
        require("GET" in log and "POST" in log, "the server's log has no access lines")
        for line in log.splitlines():
            if "/forum" not in line:
                continue
            check("{slug}" in line, f"a forum log line names its group: {line!r}")
            check(not re.search(r"/(t|c|p)/\d", line), f"a forum log line names an id: {line!r}")
        for m in ANON + [W_NAME, W_EMAIL, W_PSEUDO]:
            check(m not in log, f"the log holds {m!r}")
