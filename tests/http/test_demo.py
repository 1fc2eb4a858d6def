# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_demo.py: the small demo organisation (`kring demo`) is a living network: colleagues in
its networks (src/app/members/demo.c), visible by name, under a pseudonym or as silent
followers, drawn photos (src/app/photo/demo.c), subgroups with a coordinator who accepted, and
member counts that show at once. What the pages show of them follows the same rules as for
anyone who joined over HTTP: a silent follower is never listed, a pseudonym never comes with a
name or a photo, and Lichtpunt, with fewer than five members, says only "fewer than 5"."""

import re
import shutil
import tempfile

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, check, directory, pg_demo, require,
                     sign_in_full, test)

EN = "en-GB,en;q=0.9"
BROAD = "/n/iedereen-telt"
SUB = BROAD + "/g/mantelzorg"
# Colleagues of src/cli/demo.c and how members' demo lets them appear in Iedereen Telt.
VISIBLE = "Anouk Verbruggen"  # visible, with a photo (an even place among the colleagues)
PSEUDONYM, PSEUDONYM_OWNER = "Nachtuil", "Mehmet Yıldız"
SILENT = "Thijs Oosterhuis"  # a silent follower in Iedereen Telt (and Lichtpunt)
COORDINATOR = "Marieke Hoogendoorn"  # of the subgroup Mantelzorgers, accepted
# The hours demo makes the secretary a coordinator of Mantelzorgers too (accepted), so that he is
# an active member of Netwerk Iedereen Telt with a yearly agreement (src/app/hours/demo.c).
HOURS_COORDINATOR = "Joost Visser"


def _count(r):
    """The text of the page's p.member-count inside <main>, whitespace collapsed."""
    require(r.status == 200, f"{r.what}: {r.status}")
    els = htmlcheck.elements(r.text)
    main = [e.index for e in els if e.tag == "main"]
    found = [e for e in els if main and e.index > main[0] and
             "member-count" in (e.get("class") or "").split()]
    require(len(found) == 1, f"{r.what}: {len(found)} member counts")
    return " ".join(found[0].text.split())


def _photo_srcs(r):
    return [e.get("src") for e in htmlcheck.elements(r.text)
            if e.tag == "img" and "/photo" in (e.get("src") or "")]


@test
def demo_small_is_a_living_network():
    with Server() as s:
        _living_network(s)


@test
def demo_small_is_a_living_network_on_postgresql():
    """The same demo, made by `kring demo` on PostgreSQL and served from there."""
    keys = tempfile.mkdtemp(prefix="kring-http-pg-")
    try:
        url, key = pg_demo(keys)
        with Server(db=url, key=key) as s:
            _living_network(s)
    finally:
        shutil.rmtree(keys, ignore_errors=True)


def _living_network(s):
    emp = Client(s, lang=EN)
    emp.sign_in(DEMO_EMPLOYEE)
    # Every employee sees the counts at once, from the snapshot the demo took.
    got = _count(emp.get(BROAD))
    m = re.fullmatch(r"Members: at least (\d+)", got)
    check(m and int(m.group(1)) >= 5, f"GET {BROAD}: {got!r}, expected at least 5")
    got = _count(emp.get("/n/neurokring"))
    check(re.fullmatch(r"Members: at least (\d+)", got), f"GET /n/neurokring: {got!r}")
    got = _count(emp.get("/n/lichtpunt"))
    check(got == "Members: fewer than 5", f"GET /n/lichtpunt: {got!r}")
    got = _count(emp.get(SUB))
    check(got == "Members: at least 5", f"GET {SUB}: {got!r}")
    # The plain employee is a member of nothing: no members list, the join form instead.
    check(emp.get(BROAD + "/members").status == 403,
          "the demo employee may open the members list: a member?")
    r = emp.get(BROAD)
    check(f"{BROAD}/join" in r.text and f"{BROAD}/leave" not in r.text,
          "the demo employee is offered to leave, not to join")
    # The coordinator who accepted is named on the subgroup's page, for every employee.
    r = emp.get(SUB)
    m = re.search(r"<h2>Coordinators</h2>\s*<ul>(.*?)</ul>", r.text, re.S)
    names = re.findall(r"<li>(.*?)</li>", m.group(1)) if m else []
    want = sorted([COORDINATOR, HOURS_COORDINATOR])
    check(names == want, f"coordinators on {SUB}: {names}, expected {want}")

    # The chair (core team) reads the members list.
    chair = Client(s, lang=EN)
    sign_in_full(chair, DEMO["chair"])
    r = chair.get(BROAD + "/members")
    require(r.status == 200, f"GET {BROAD}/members as the chair: {r.status}")
    cards = dict(directory(r))
    check(len(cards) >= 5, f"{len(cards)} members listed, expected at least 5")
    check(VISIBLE in cards, f"the visible member {VISIBLE!r} is not listed: {list(cards)}")
    check(PSEUDONYM in cards and "Pseudonym" in cards.get(PSEUDONYM, ""),
          f"the pseudonym {PSEUDONYM!r} is not listed as one: {cards.get(PSEUDONYM)!r}")
    check(PSEUDONYM_OWNER not in r.text, f"{PSEUDONYM_OWNER!r}, behind a pseudonym, is named")
    check(SILENT not in r.text, f"the silent follower {SILENT!r} is on the list")
    # Photos: beside visible members only, and served.
    srcs = _photo_srcs(r)
    require(srcs, "no photo in the members list")
    els = htmlcheck.elements(r.text)
    with_photo = [" ".join(h.text.split()) for e in els if e.tag == "li" and
                  any(i.parent == e.index and i.tag == "img" for i in els)
                  for h in els if h.parent == e.index and h.tag in ("h2", "h3")]
    check(VISIBLE in with_photo, f"{VISIBLE!r} has no photo: {with_photo}")
    check(not any("Pseudonym" in cards.get(n, "") for n in with_photo),
          f"a photo beside a pseudonym: {with_photo}")
    p = chair.get(srcs[0])
    check(p.status == 200 and p.content_type == "image/jpeg" and
          p.body[:2] == b"\xff\xd8", f"GET {srcs[0]}: {p.status} {p.content_type}")
