# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_figures_pages.py: the member count on a network's page (/n/SLUG) and on a subgroup's page
(/n/SLUG/g/SUB), shown to every signed-in employee only through the figures function
(docs/PRIVACY.md, "Figures"): rounded down to a multiple of 5, so "fewer than 5" for 0 to 4,
"at least 5" for 5 to 9, "at least 10" for 10; never the count itself. Silent followers count.

Members are accounts made with `kring user add --password-stdin` that sign in and join over
HTTP; the reader is the demo employee, who is a member of nothing."""

import re

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, join, leave, require,
                     sign_in_full, test, user_add)

EN = "en-GB,en;q=0.9"
NL = "nl-NL,nl;q=0.9"
NET = "/n/neurokring"  # the demo has no memberships; its core team is the secretary
SUB = NET + "/g/zqtelling"
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
        if n not in (5, 10):
            check(not re.search(rf"(?<!\d){n}(?!\d)", got),
                  f"GET {path} with {n} members shows the count itself: {got!r}")
        check(re.fullmatch(r"\D*(5|10)?\D*", got),
              f"GET {path} with {n} members shows a number other than 5 or 10: {got!r}")


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
        members = []
        for n in range(max(STEPS) + 1):
            if n in STEPS:
                _check_page(readers, NET, n)
            if n < max(STEPS):
                _, c = _member(s, n)
                join(c, NET, APPEARANCES[n % 3], pseudonym=f"Zqschuil{n}")
                members.append(c)
        # Leaving moves the figure back down: 9 members read "at least 5" again.
        leave(members[-1], NET)
        _check_page(readers, NET, 9)


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
        # Members of the network only: they count for the network, not for the subgroup.
        for k in range(3):
            join(_member(s, f"net{k}")[1], NET, "visible")
        for n in range(max(STEPS) + 1):
            if n in STEPS:
                _check_page(readers, SUB, n)
                _check_page(readers, NET, n + 3)
            if n < max(STEPS):
                _, c = _member(s, n)
                join(c, NET, "silent")
                join(c, SUB, APPEARANCES[n % 3], pseudonym=f"Zqschuil{n}")
