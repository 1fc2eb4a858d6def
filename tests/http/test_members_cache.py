# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_members_cache.py: a server keeps the members lists it opened in memory (issue 9); what
anyone changes must show on the next request all the same: a join, a change of how someone
appears, a leave, a photo, an erased account, in either language, and changes that another
server (here: another process writing to the same database) makes behind this one's back."""


from harness import (DEMO, Client, Server, check, directory, join, leave, require,
                     set_appearance, sign_in_full, test, user_add)
from test_photo import png, upload

NET = "/n/neurokring"  # a network whose core team is the secretary


def _person(s, key, lang="en-GB,en;q=0.9"):
    email = f"zq{key}@rijnstad.example"
    name = f"Zq{key.capitalize()} Cachecollega"
    aid = user_add(s.db, email, name)
    c = Client(s, lang=lang)
    c.sign_in(email)
    return email, name, aid, c


def _cards(c, group):
    r = c.get(group + "/members")
    require(r.status == 200, f"GET {group}/members: {r.status}, expected 200")
    return r, directory(r)


def _shown(c, group):
    """The names and pseudonyms of this test's members (they start with Zq) on the list. The
    demo's own members of NET (src/app/members/demo.c) are there too: _demo() checks that they
    stay as they were."""
    return [name for name, _ in _cards(c, group)[1] if name.startswith("Zq")]


def _demo(c, group):
    """The demo's members on the list: (name, card) of everyone not made by this test."""
    return [(n, t) for n, t in _cards(c, group)[1] if not n.startswith("Zq")]


@test
def members_cache_list_shows_every_change_at_once():
    with Server() as s:
        _, name_a, _, a = _person(s, "kaa")
        _, name_b, b_id, b = _person(s, "kab")
        _, _, _, en = _person(s, "kac")
        _, _, _, nl = _person(s, "kad", lang="nl-NL,nl;q=0.9")
        join(en, NET, "silent")
        join(nl, NET, "silent")
        join(b, NET, "visible", line="Zqregel-b")
        demo = _demo(en, NET)
        require(demo, f"the demo has no members in {NET} to keep")
        # Both languages opened (and kept) before anything changes.
        for c in (en, nl):
            check(_shown(c, NET) == [name_b], f"before: {_shown(c, NET)}")
            check(_shown(c, NET) == [name_b], "the second look differs from the first")
        join(a, NET, "visible", line="Zqregel-a1")
        for c in (en, nl):
            check(sorted(_shown(c, NET)) == sorted([name_a, name_b]),
                  f"a join does not show at once: {_shown(c, NET)}")
        set_appearance(a, NET, "visible", line="Zqregel-a2")
        r, cards = _cards(en, NET)
        check("Zqregel-a2" in r.text and "Zqregel-a1" not in r.text,
              "a changed line does not show at once")
        set_appearance(a, NET, "pseudonym", pseudonym="Zqschuil-a")
        for c in (en, nl):
            shown = _shown(c, NET)
            check("Zqschuil-a" in shown and name_a not in shown,
                  f"a change to a pseudonym does not show at once: {shown}")
        leave(a, NET)
        for c in (en, nl):
            check(_shown(c, NET) == [name_b], f"a leave does not show at once: {_shown(c, NET)}")
        # A photo added after the list was written appears in it at once, in both languages.
        src = f"{NET}/members/{b_id}/photo"
        check(src not in _cards(en, NET)[0].text, "a photo before there is one")
        require(upload(b, png(40, 40)).status == 303, "uploading a photo")
        for c in (en, nl):
            check(src in _cards(c, NET)[0].text, "a new photo does not show at once")
            check(c.get(src).status == 200, "the new photo is not served")
        # An erased account is gone from the list at once.
        require(b.get("/me/delete").status == 200, "GET /me/delete")
        require(b.post("/me/delete", {}).status == 303, "deleting the account")
        for c in (en, nl):
            r, cards = _cards(c, NET)
            check(_shown(c, NET) == [] and name_b not in r.text and "Zqregel-b" not in r.text,
                  f"a deleted account still shows: {cards}")
            check(c.get(src).status == 404, "a deleted account's photo is still served")
        check(_demo(en, NET) == demo, "the demo's members changed with this test's")


@test
def members_cache_another_server_changes_show_at_once():
    with Server() as s:
        sec = Client(s, lang="en-GB,en;q=0.9")
        sign_in_full(sec, DEMO["secretary"])
        r = sec.get(NET + "/groups")
        require(r.status == 200, f"GET {NET}/groups as core team: {r.status}")
        r = sec.post(NET + "/groups", {"name": "Zq Cachegroep", "slug": "zqcache",
                                       "description": ""})
        require(r.status == 303, f"starting a subgroup: {r.status}")
        sub = NET + "/g/zqcache"
        email_a, name_a, _, a = _person(s, "kba")
        _, _, _, fellow = _person(s, "kbb")
        join(fellow, NET, "silent")
        join(a, NET, "visible")
        join(a, sub, "visible", line="Zqregel-sub")
        check(_shown(fellow, NET) == [name_a], "the network's list")
        check(_shown(sec, sub) == [name_a], "the subgroup's list, to its coordinator")
        # Another server, on the same database, with none of this server's code: its triggers
        # raise the versions this server compares with.
        s.sql_exec("UPDATE account SET name = 'ZqHernoemd Cachecollega' WHERE email = ?",
                   (email_a,))
        check(_shown(fellow, NET) == ["ZqHernoemd Cachecollega"],
              f"a name changed elsewhere does not show at once: {_shown(fellow, NET)}")
        s.sql_exec("DELETE FROM membership WHERE subgroup_id ="
                   " (SELECT id FROM subgroup WHERE slug = 'zqcache')")
        r, cards = _cards(sec, sub)
        check(cards == [] and "Zqregel-sub" not in r.text,
              f"a membership deleted elsewhere still shows: {cards}")
        check(_shown(fellow, NET) == ["ZqHernoemd Cachecollega"],
              "the network's list changed with its subgroup's")
