# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_figures_pages.py: the member count on a network's page (/n/SLUG) and on a subgroup's page
(/n/SLUG/g/SUB), shown to every signed-in employee only through the figures function
(docs/PRIVACY.md, "Figures"): rounded down to a multiple of 5, so "fewer than 5" for 0 to 4,
"at least 5" for 5 to 9, "at least 10" for 10; never the count itself. Silent followers count.

The count shown is the nightly snapshot, not the live count: a join or a leave does not move it
(not for the one who joined, nor for anyone else) until the snapshot is taken, here with
`kring figures refresh`, the command an administrator has for it. `kring demo` takes one, so
its figures show at once.

Members are accounts made with `kring user add --password-stdin` that sign in and join over
HTTP; the reader is the demo employee, who is a member of nothing. The demo's networks have
members of their own (src/app/members/demo.c): the counts start from theirs, read from the
database, and the steps under five are read on Lichtpunt, which the demo keeps under five."""

import re

import htmlcheck
import os
import shutil
import tempfile

from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, db_sql, fresh_db, join, leave,
                     require, run_cli, sign_in_full, test, user_add)

EN = "en-GB,en;q=0.9"
NL = "nl-NL,nl;q=0.9"
NET = "/n/neurokring"  # its core team is the secretary
SUB = NET + "/g/zqtelling"
SMALL = "/n/lichtpunt"  # the demo's network with fewer than 5 members
# Every third member is a silent follower and every third one uses a pseudonym: all count.
APPEARANCES = ("visible", "silent", "pseudonym")
# The counts at which the pages are read, and what they must say then.
STEPS = (0, 3, 4, 5, 7, 9, 10)


def _expected(n):
    """(English, Dutch) of the figure for n members."""
    if n < 5:
        return "Members: fewer than 5", "Leden: minder dan 5"
    low = n - n % 5
    return f"Members: at least {low}", f"Leden: minstens {low}"


def _figure(r):
    """The text of the page's one p.member-count inside <main>, whitespace collapsed."""
    require(r.status == 200, f"{r.what}: {r.status}, expected 200")
    els = htmlcheck.elements(r.text)
    main = [e.index for e in els if e.tag == "main"]
    require(main, f"{r.what}: no <main>")
    found = [e for e in els if e.index > main[0] and
             "member-count" in (e.get("class") or "").split()]
    require(len(found) == 1, f"{r.what}: {len(found)} elements with class member-count, "
            "expected 1")
    return " ".join(found[0].text.split())


def _member(s, key):
    """A new account, signed in: (email, client)."""
    email = f"zqfig{key}@rijnstad.example"
    user_add(s.db, email, f"Zqfig{key} Collega")
    c = Client(s, lang=EN)
    c.sign_in(email)
    return email, c


def _check_page(readers, path, n):
    """Reads path as the English and the Dutch reader and checks the figure for n members."""
    en, nl = _expected(n)
    for reader, want in ((readers[0], en), (readers[1], nl)):
        got = _figure(reader.get(path))
        check(got == want, f"GET {path} ({reader.lang.split(',')[0]}) with {n} members shows "
              f"{got!r}, expected {want!r}")
        if n % 5:
            check(not re.search(rf"(?<!\d){n}(?!\d)", got),
                  f"GET {path} with {n} members shows the count itself: {got!r}")
        m = re.fullmatch(r"\D*?(\d+)?\D*", got)
        check(m and (m.group(1) is None or int(m.group(1)) % 5 == 0),
              f"GET {path} with {n} members shows a number that is no multiple of 5: {got!r}")


def _refresh(db):
    """The nightly snapshot, taken now: `kring figures refresh`."""
    p = run_cli(["figures", "refresh", "--db", db])
    require(p.returncode == 0, f"`kring figures refresh` exited {p.returncode}: "
            f"{p.stderr.strip()[:200]!r}")


def _live(db, path):
    """The live count of the network or subgroup at path (/n/SLUG or /n/SLUG/g/SUB), read from
    the database: what the demo put in before the test joins anyone."""
    parts = path.strip("/").split("/")
    rows = db_sql(db,
                  "SELECT g.members FROM group_size g JOIN network n ON n.id = g.network_id"
                  " LEFT JOIN subgroup s ON s.id = g.subgroup_id WHERE n.slug = ? AND"
                  " coalesce(s.slug, '') = ?", (parts[1], parts[3] if len(parts) > 3 else ""))
    return rows[0][0] if rows else 0


def _readers(s):
    en = Client(s, lang=EN)
    en.sign_in(DEMO_EMPLOYEE)
    nl = Client(s, lang=NL)
    nl.sign_in(DEMO_EMPLOYEE)
    return en, nl


@test
def figures_network_page_shows_members_rounded_down_to_five():
    with Server() as s:
        readers = _readers(s)
        base = _live(s.db, SMALL)
        require(0 < base < 4, f"{SMALL} has {base} members in the demo, expected 1 to 3")
        members = []
        shown = base  # the count at the last snapshot (the demo's)
        for n in range(base, max(STEPS) + 1):
            if n in STEPS or n == base:
                # Until the snapshot the page shows the last one, whoever joined since.
                _check_page(readers, SMALL, shown)
                _refresh(s.db)
                shown = n
                _check_page(readers, SMALL, n)
            if n < max(STEPS):
                _, c = _member(s, n)
                join(c, SMALL, APPEARANCES[n % 3], pseudonym=f"Zqschuil{n}")
                members.append(c)
        # Leaving moves the figure back down at the next snapshot: 9 members read
        # "at least 5" again.
        leave(members[-1], SMALL)
        _check_page(readers, SMALL, 10)
        _refresh(s.db)
        _check_page(readers, SMALL, 9)


@test
def figures_silent_joiner_cannot_see_their_own_step():
    """The fifth member joins silently and looks at once: the figure still says "fewer than
    5" for them and for everyone else; it says "at least 5" only after the snapshot."""
    with Server() as s:
        readers = _readers(s)
        base = _live(s.db, SMALL)
        require(base < 4, f"{SMALL} has {base} members in the demo, expected fewer than 4")
        for k in range(4 - base):
            join(_member(s, f"four{k}")[1], SMALL, "visible")
        _refresh(s.db)
        _check_page(readers, SMALL, 4)
        _, fifth = _member(s, "fifth")
        join(fifth, SMALL, "silent")
        en, _ = _expected(4)
        got = _figure(fifth.get(SMALL))
        check(got == en, f"right after joining as the fifth, the joiner reads {got!r}, "
              f"expected {en!r}: the figure moved on their own step")
        _check_page(readers, SMALL, 4)
        _refresh(s.db)
        _check_page(readers, SMALL, 5)
        got = _figure(fifth.get(SMALL))
        check(got == _expected(5)[0], f"after the snapshot the joiner reads {got!r}")


@test
def figures_demo_shows_its_members_at_once():
    """`kring demo --scale large` takes the first snapshot: its networks show their members
    without waiting for a night."""
    d = tempfile.mkdtemp(prefix="kring-http-figures-")
    try:
        db = fresh_db(d)
        for args in (["init", "--db", db], ["demo", "--scale", "large", "--db", db]):
            p = run_cli(args, timeout=400)  # the large demo on PostgreSQL: slow
            require(p.returncode == 0, f"`kring {' '.join(args[:2])}` exited {p.returncode}: "
                    f"{p.stderr.strip()[:200]!r}")
        slug, live = db_sql(
            db, "SELECT n.slug, g.members FROM group_size g JOIN network n ON n.id ="
            " g.network_id WHERE g.subgroup_id = 0 ORDER BY g.members DESC LIMIT 1")[0]
        require(live >= 5, f"the large demo's biggest network has {live} members")
        with Server(db=db) as s:
            en = Client(s, lang=EN)
            en.sign_in(DEMO_EMPLOYEE)
            got = _figure(en.get(f"/n/{slug}"))
            want = _expected(live)[0]
            check(got == want, f"/n/{slug} right after `kring demo`: {got!r}, expected {want!r}")
    finally:
        shutil.rmtree(d, ignore_errors=True)


@test
def figures_refresh_command_usage():
    with Server() as s:
        for args in (["figures"], ["figures", "frobnicate"], ["figures", "refresh", "x"],
                     ["figures", "refresh", "--bogus"]):
            p = run_cli(args + ["--db", s.db])
            check(p.returncode == 2, f"`kring {' '.join(args)}` exited {p.returncode}, "
                  "expected 2")


@test
def figures_subgroup_page_shows_members_rounded_down_to_five():
    with Server() as s:
        sec = Client(s, lang=EN)
        sign_in_full(sec, DEMO["secretary"])
        r = sec.get(NET + "/groups")
        require(r.status == 200, f"GET {NET}/groups as the secretary: {r.status}")
        r = sec.post(NET + "/groups", {"name": "Zqtelling", "slug": "zqtelling",
                                       "description": ""})
        require(r.status == 303, f"POST {NET}/groups as the secretary: {r.status}, expected 303")
        readers = _readers(s)
        base = _live(s.db, NET) + 3  # the demo's members, and three more below
        # Members of the network only: they count for the network, not for the subgroup.
        for k in range(3):
            join(_member(s, f"net{k}")[1], NET, "visible")
        shown = None
        for n in range(max(STEPS) + 1):
            if n in STEPS:
                if shown is not None:
                    _check_page(readers, SUB, shown)
                    _check_page(readers, NET, shown + base)
                _refresh(s.db)
                shown = n
                _check_page(readers, SUB, n)
                _check_page(readers, NET, n + base)
            if n < max(STEPS):
                _, c = _member(s, n)
                join(c, NET, "silent")
                join(c, SUB, APPEARANCES[n % 3], pseudonym=f"Zqschuil{n}")
