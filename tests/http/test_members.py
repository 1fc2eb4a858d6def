# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_members.py: membership with privacy by design (issue 4), black box over HTTP: joining
and leaving a network or subgroup in two steps, how a member appears (visible, pseudonym,
silent follower), the members-only directory and who may open it, the audit trail of an
organiser opening it (and no trail of joining, leaving or appearing), subgroups started by the
core team, bad input, "my data" with its JSON download, deleting one's account, and a stolen
database file that must tie nobody to a subgroup.

Accounts that are not demo accounts are made with `kring user add --password-stdin`; the
administrator, the chair and the secretary sign in with two-step sign-in (harness.sign_in_full).
Names, pseudonyms and lines carry markers (Zq…) that occur nowhere else."""

import contextlib
import json
import os
import re
import signal
import time

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, DEMO_PASSWORD, Client, Server, audit_list, check,
                     db_files, db_sql, db_tables, directory, error_summary, join, leave, lines,
                     require, run_cli,
                     set_appearance, sign_in_full, test, user_add, user_list)

EN = "en-GB,en;q=0.9"
NET = "/n/neurokring"          # a network whose core team is the secretary (Joost Visser)
BROAD = "/n/iedereen-telt"     # the chair's network; contact point and ambassador hold roles
OTHER = "/n/lichtpunt"
SUB_NAME = "Tinnitus Zqsubgroep"
SUB_SLUG = "tinnitus"
MEMBER_ALREADY = "member already"


def _person(s, key, password=DEMO_PASSWORD):
    """A new account with markers: (email, name, id, signed-in client)."""
    email = f"zq{key}@rijnstad.example"
    name = f"Zq{key.capitalize()} Collega"
    aid = user_add(s.db, email, name, password)
    c = Client(s, lang=EN)
    c.sign_in(email, password)
    return email, name, aid, c


def _signed_in(s, email, full=False):
    c = Client(s, lang=EN)
    if full:
        sign_in_full(c, email)
    else:
        c.sign_in(email)
    require(c.get("/account").status == 200, f"signing in as {email} did not work")
    return c


def _names(c, group):
    """The names the directory of group shows to c; fails unless it answers 200."""
    r = c.get(group + "/members")
    require(r.status == 200, f"GET {group}/members: {r.status}, expected 200")
    return [n for n, _ in directory(r)]


def _memberships(c):
    """The memberships /me/data.json lists for c."""
    r = c.get("/me/data.json")
    require(r.status == 200, f"GET /me/data.json: {r.status}")
    return json.loads(r.text).get("memberships", [])


def _start_subgroup(core, network, name=SUB_NAME, slug=SUB_SLUG, description="Voor wie hoort"):
    r = core.get(network + "/groups")
    require(r.status == 200, f"GET {network}/groups as core team: {r.status}, expected 200")
    r = core.post(network + "/groups", {"name": name, "slug": slug, "description": description})
    require(r.status == 303, f"POST {network}/groups as core team: {r.status}, expected 303")
    return f"{network}/g/{slug}"


def _form_actions(r):
    return [(e.get("method") or "get").lower() + " " + (e.get("action") or "")
            for e in htmlcheck.elements(r.text, "form")]


# ---------------------------------------------------------------------------------------------
# Joining and leaving


@test
def members_join_in_two_steps_and_leave_in_two_steps():
    with Server() as s:
        email, name, _, me = _person(s, "alfa")
        fellow = _person(s, "beta")[3]
        join(fellow, NET, "silent")
        # Step 1: the choice, on a page of its own; nothing is stored yet.
        r = me.get(NET + "/join")
        require(r.status == 200, f"GET {NET}/join: {r.status}, expected 200 (step 1)")
        check(f"post {NET}/join" in _form_actions(r), f"GET {NET}/join has no form posting to "
              f"{NET}/join: {_form_actions(r)}")
        values = {e.get("value") for e in htmlcheck.elements(r.text, "input")
                  if e.get("name") == "appearance" and e.get("type") == "radio"}
        check(values == {"visible", "pseudonym", "silent"},
              f"the join form offers appearance {sorted(values)}, expected visible, pseudonym, "
              "silent")
        check(_memberships(me) == [], "GET /join (step 1) made a membership")
        check(name not in _names(fellow, NET), "after step 1 the directory shows the person")
        # Step 2.
        r = join(me, NET, "visible", line="Werkt bij Zqregel-alfa", ally=True, expect=None)
        check(r.status == 303 and r.header("Location") == NET + "?done=joined",
              f"POST {NET}/join: {r.status} to {r.header('Location')!r}, expected 303 to "
              f"{NET}?done=joined")
        r = me.get(NET + "?done=joined")
        check(r.status == 200 and "You are a member" in htmlcheck.visible_text(r.text),
              f"after joining, {NET} does not say 'You are a member' ({r.status})")
        check(name in _names(fellow, NET), "after joining, a fellow member does not see the "
              "visible member in the directory")
        ms = _memberships(me)
        check(len(ms) == 1 and ms[0].get("appearance") == "visible",
              f"after joining, /me/data.json lists {ms}")
        # Leaving, step 1: are you sure? Nothing changes yet.
        r = me.get(NET + "/leave")
        check(r.status == 200 and f"post {NET}/leave" in _form_actions(r),
              f"GET {NET}/leave: {r.status}, forms {_form_actions(r)}; expected 200 with a "
              f"form posting to {NET}/leave")
        check(len(_memberships(me)) == 1, "GET /leave (step 1) ended the membership")
        check(f'href="{NET}/forum/mine"' in r.text, "the leave page does not offer one's own "
              "forum posts to delete first")
        # Step 2: erased at once.
        r = me.post(NET + "/leave", {})
        check(r.status == 303 and r.header("Location") == NET + "?done=left",
              f"POST {NET}/leave: {r.status} to {r.header('Location')!r}, expected 303 to "
              f"{NET}?done=left")
        check(_memberships(me) == [], f"after leaving, /me/data.json still lists "
              f"{_memberships(me)}")
        check(name not in _names(fellow, NET), "after leaving, the directory still shows the "
              "person")
        check("Zqregel-alfa" not in fellow.get(NET + "/members").text,
              "after leaving, the directory still shows the person's line")
        r = me.get(NET + "/members")
        check(r.status == 403, f"after leaving, GET {NET}/members: {r.status}, expected 403")
        # Joining again works and starts afresh.
        join(me, NET, "silent")
        ms = _memberships(me)
        check(len(ms) == 1 and ms[0].get("appearance") == "silent" and "line" not in ms[0],
              f"joining again as a silent follower: /me/data.json lists {ms}")


@test
def members_join_and_leave_need_sign_in_and_a_csrf_token():
    with Server() as s:
        anon = Client(s, lang=EN)
        for path in (NET + "/join", NET + "/me", NET + "/leave", NET + "/members",
                     NET + "/groups", "/me/data", "/me/data.json", "/me/delete"):
            r = anon.get(path)
            check(r.status == 303 and (r.header("Location") or "").startswith("/sign-in"),
                  f"GET {path} signed out: {r.status} to {r.header('Location')!r}, expected "
                  "303 to /sign-in")
        me = _person(s, "gamma")[3]
        r = me.post(NET + "/join", [("appearance", "visible"), ("pseudonym", ""), ("line", "")],
                    csrf=False)
        check(r.status == 403, f"POST {NET}/join without a CSRF token: {r.status}, expected 403")
        check(_memberships(me) == [], "a join without a CSRF token made a membership")
        join(me, NET, "visible")
        r = me.post(NET + "/leave", {}, csrf=False)
        check(r.status == 403, f"POST {NET}/leave without a CSRF token: {r.status}, "
              "expected 403")
        check(len(_memberships(me)) == 1, "a leave without a CSRF token ended the membership")


@test
def members_change_how_they_appear():
    with Server() as s:
        email, name, _, me = _person(s, "delta")
        fellow = _person(s, "epsilon")[3]
        join(fellow, NET, "silent")
        join(me, NET, "visible", line="Zqregel-delta")
        r = me.get(NET + "/me")
        require(r.status == 200, f"GET {NET}/me as a member: {r.status}, expected 200")
        checked = [e.get("value") for e in htmlcheck.elements(r.text, "input")
                   if e.get("name") == "appearance" and "checked" in e.attrs]
        check(checked == ["visible"], f"GET {NET}/me shows {checked} chosen, expected visible")
        check("Zqregel-delta" in r.text, f"GET {NET}/me does not show the member's own line")
        check(f"post {NET}/me" in _form_actions(r), f"GET {NET}/me has no form posting to "
              f"{NET}/me: {_form_actions(r)}")
        # Pseudonym: the name goes, the pseudonym comes, never both.
        r = set_appearance(me, NET, "pseudonym", pseudonym="Zqschuil-delta", expect=None)
        check(r.status == 303 and (r.header("Location") or "").startswith(NET + "?done="),
              f"POST {NET}/me: {r.status} to {r.header('Location')!r}, expected 303 to "
              f"{NET}?done=…")
        page = fellow.get(NET + "/members").text
        shown = _names(fellow, NET)
        check("Zqschuil-delta" in shown, f"after choosing a pseudonym the directory shows {shown}")
        check(name not in page, "after choosing a pseudonym the directory still shows the name")
        check("Zqregel-delta" not in page, "after choosing a pseudonym the directory still "
              "shows the line about oneself")
        # Silent: appears nowhere.
        set_appearance(me, NET, "silent")
        page = fellow.get(NET + "/members").text
        check(name not in page and "Zqschuil-delta" not in page,
              "a silent follower still appears in the directory (name or pseudonym)")
        check(len(_memberships(me)) == 1, "changing how one appears ended the membership")
        # Visible again, as an ally.
        set_appearance(me, NET, "visible", line="Zqregel-delta2", ally=True)
        cards = dict(directory(fellow.get(NET + "/members")))
        check(name in cards and "Zqregel-delta2" in cards.get(name, "") and
              "Ally" in cards.get(name, ""),
              f"visible again with a line, as an ally: the directory shows {cards}")
        check("Zqschuil-delta" not in fellow.get(NET + "/members").text,
              "the old pseudonym still shows after choosing to be visible")


# ---------------------------------------------------------------------------------------------
# The directory


@test
def members_directory_shows_each_choice_as_chosen():
    with Server() as s:
        vis = _person(s, "vis")
        pse = _person(s, "pse")
        sil = _person(s, "sil")
        join(vis[3], NET, "visible", line="Zqregel-vis", ally=True)
        join(pse[3], NET, "pseudonym", pseudonym="Zqschuil-pse", line="Zqregel-pse", ally=True)
        join(sil[3], NET, "silent", line="Zqregel-sil")
        for who, c in (("the visible member", vis[3]), ("the pseudonymous member", pse[3]),
                       ("the silent follower", sil[3])):
            r = c.get(NET + "/members")
            require(r.status == 200, f"GET {NET}/members as {who}: {r.status}, expected 200")
            cards = dict(directory(r))
            page = r.text
            # The demo's members of NET (src/app/members/demo.c) are listed too; of this
            # test's, whose names and pseudonyms start with Zq, exactly these two.
            ours = {n for n in cards if n.startswith("Zq")}
            check(ours == {vis[1], "Zqschuil-pse"},
                  f"the directory as {who} lists {sorted(ours)} of this test's members, "
                  f"expected exactly {vis[1]!r} and 'Zqschuil-pse'")
            check("Zqregel-vis" in cards.get(vis[1], "") and "Ally" in cards.get(vis[1], ""),
                  f"as {who}: the visible member's card {cards.get(vis[1])!r} lacks the line "
                  "or 'Ally'")
            card = cards.get("Zqschuil-pse", "")
            check("Pseudonym" in card and "Ally" in card,
                  f"as {who}: the pseudonym's card {card!r} lacks 'Pseudonym' or 'Ally'")
            check("Zqregel-pse" not in page, f"as {who}: a pseudonymous member's line shows")
            # (The header names whoever is signed in: a member may see their own name.)
            if c is not pse[3]:
                check(pse[1] not in page and pse[0] not in page,
                      f"as {who}: the pseudonymous member's real name or e-mail address shows")
            if c is not sil[3]:
                check(sil[1] not in page and sil[0] not in page,
                      f"as {who}: the silent follower's name or e-mail address shows")
            check("Zqregel-sil" not in page, f"as {who}: the silent follower's line shows")
            check(vis[0] not in page, f"as {who}: the directory shows an e-mail address")


@test
def members_directory_is_for_fellow_members_and_organisers_only():
    with Server() as s:
        clients = {
            "employee (no member)": _signed_in(s, DEMO_EMPLOYEE),
            "contact point": _signed_in(s, DEMO["contact"]),
            "ambassador": _signed_in(s, DEMO["ambassador"]),
            "administrator": _signed_in(s, DEMO["admin"], full=True),
            "secretary of Neurokring (core team elsewhere)": _signed_in(s, DEMO["secretary"],
                                                                        full=True),
        }
        chair = _signed_in(s, DEMO["chair"], full=True)
        vis = _person(s, "vis")
        join(vis[3], BROAD, "visible")
        # Not members: 403, whatever their role.
        for who, c in clients.items():
            r = c.get(BROAD + "/members")
            check(r.status == 403, f"GET {BROAD}/members as {who}: {r.status}, expected 403")
            check(vis[1] not in r.text, f"GET {BROAD}/members as {who} shows a member's name")
        # The core team of the network: 200.
        r = chair.get(BROAD + "/members")
        check(r.status == 200 and vis[1] in [n for n, _ in directory(r)],
              f"GET {BROAD}/members as the chair: {r.status}, or the visible member is not "
              "listed")
        # Members of any appearance: 200, also with a role.
        for appearance, extra in (("silent", {}), ("pseudonym", {"pseudonym": "Zqschuil-x"}),
                                  ("visible", {})):
            who = "contact point" if appearance == "visible" else \
                "ambassador" if appearance == "pseudonym" else "administrator"
            c = clients[who]
            join(c, BROAD, appearance, **extra)
            r = c.get(BROAD + "/members")
            check(r.status == 200 and vis[1] in [n for n, _ in directory(r)],
                  f"GET {BROAD}/members as the {who}, now a member ({appearance}): {r.status}, "
                  "or the visible member is not listed")
        # A member of another network only: 403.
        other = _person(s, "other")[3]
        join(other, OTHER, "visible")
        r = other.get(BROAD + "/members")
        check(r.status == 403, f"GET {BROAD}/members as a member of {OTHER} only: {r.status}, "
              "expected 403")
        # A missing network: 404.
        r = other.get("/n/bestaat-niet/members")
        check(r.status == 404, f"GET /n/bestaat-niet/members: {r.status}, expected 404")


@test
def members_subgroup_directory_is_for_its_members_and_coordinators_only():
    with Server() as s:
        sec = _signed_in(s, DEMO["secretary"], full=True)
        sub = _start_subgroup(sec, NET)
        net_only = _person(s, "netonly")
        in_sub = _person(s, "insub")
        emp = _signed_in(s, DEMO_EMPLOYEE)
        join(net_only[3], NET, "visible")
        join(in_sub[3], NET, "silent")
        join(in_sub[3], sub, "visible", line="Zqregel-insub")
        # The coordinator (who started it) and the subgroup's members: 200.
        for who, c in (("its coordinator", sec), ("a member", in_sub[3])):
            r = c.get(sub + "/members")
            check(r.status == 200 and in_sub[1] in [n for n, _ in directory(r)],
                  f"GET {sub}/members as {who}: {r.status}, or the visible member is not listed")
        # A member of the network but not of the subgroup, and a non-member: 403.
        for who, c in (("a member of the network only", net_only[3]),
                       ("an employee who is no member", emp)):
            r = c.get(sub + "/members")
            check(r.status == 403, f"GET {sub}/members as {who}: {r.status}, expected 403")
            check(in_sub[1] not in r.text and "Zqregel-insub" not in r.text,
                  f"GET {sub}/members as {who} shows the subgroup member")
        # The network's directory does not show the silent network member who is visible in
        # the subgroup.
        r = net_only[3].get(NET + "/members")
        check(in_sub[1] not in r.text, f"{NET}/members shows a silent member because they are "
              "visible in a subgroup")
        r = sec.get(NET + "/g/bestaat-niet/members")
        check(r.status == 404, f"GET {NET}/g/bestaat-niet/members: {r.status}, expected 404")


@test
def members_organiser_opening_a_list_is_audited_without_contents():
    with Server() as s:
        sec = _signed_in(s, DEMO["secretary"], full=True)
        sec_id = user_list(s.db)[DEMO["secretary"]][0]
        sub = _start_subgroup(sec, NET)
        vis = _person(s, "vis")
        pse = _person(s, "pse")
        join(vis[3], NET, "visible", line="Zqregel-vis")
        join(pse[3], NET, "pseudonym", pseudonym="Zqschuil-pse")
        join(vis[3], sub, "visible")
        join(pse[3], sub, "pseudonym", pseudonym="Zqschuil-pse2")
        for group in (NET, sub):
            before = len(lines(audit_list(s.db)))
            require(sec.get(group + "/members").status == 200,
                    f"GET {group}/members as its organiser is not 200")
            log = lines(audit_list(s.db))
            new = log[:len(log) - before]  # newest first
            viewed = [x for x in new if x.split()[2:3] == ["list_viewed"]]
            check(len(viewed) == 1, f"the organiser opening {group}/members added "
                  f"{len(viewed)} list_viewed entries, expected 1: {new}")
            for x in viewed:
                check(x.split()[3] == str(sec_id), f"list_viewed for {group}: the actor is "
                      f"{x.split()[3]}, expected the secretary ({sec_id}): {x!r}")
        text = audit_list(s.db)
        for marker in (vis[1], vis[0], pse[1], pse[0], "Zqregel-vis", "Zqschuil-pse",
                       "Zqschuil-pse2", "Zqvis", "Zqpse"):
            check(marker not in text, f"`kring audit list` holds {marker!r} (a member, a "
                  "pseudonym or a line)")
        for uid in (vis[2], pse[2]):
            for x in lines(text):
                f = x.split()
                if len(f) > 4 and f[2] == "list_viewed":
                    check(str(uid) not in f[3:5], f"a list_viewed entry names member {uid}: "
                          f"{x!r}")


@test
def members_joining_appearing_and_leaving_leave_no_audit_trace():
    with Server() as s:
        sec = _signed_in(s, DEMO["secretary"], full=True)
        sub = _start_subgroup(sec, NET)
        me = _person(s, "zeta")
        fellow = _person(s, "eta")
        before = audit_list(s.db)
        join(me[3], NET, "visible", line="Zqregel-zeta")
        join(fellow[3], NET, "silent")
        join(me[3], sub, "pseudonym", pseudonym="Zqschuil-zeta")
        set_appearance(me[3], NET, "pseudonym", pseudonym="Zqschuil-zeta2")
        set_appearance(me[3], sub, "silent")
        fellow[3].get(NET + "/members")  # a fellow member (no organiser) looking
        me[3].get("/me/data")
        me[3].get("/me/data.json")
        leave(me[3], sub)
        join(me[3], sub, "visible")
        leave(me[3], NET)
        after = audit_list(s.db)
        new = lines(after)[:len(lines(after)) - len(lines(before))]
        check(not new, f"joining, changing how one appears, leaving, a fellow member opening "
              f"the directory and opening 'my data' wrote to the audit log: {new}")
        for marker in ("Zqschuil-zeta", "Zqregel-zeta", me[1], me[0]):
            check(marker not in after, f"`kring audit list` holds {marker!r}")


# ---------------------------------------------------------------------------------------------
# Subgroups


@test
def members_subgroups_are_started_by_the_core_team_only():
    with Server() as s:
        chair = _signed_in(s, DEMO["chair"], full=True)
        others = {
            "employee": _signed_in(s, DEMO_EMPLOYEE),
            "contact point": _signed_in(s, DEMO["contact"]),
            "ambassador": _signed_in(s, DEMO["ambassador"]),
            "administrator": _signed_in(s, DEMO["admin"], full=True),
            "secretary of Neurokring": _signed_in(s, DEMO["secretary"], full=True),
        }
        join(others["employee"], BROAD, "visible")
        for who, c in others.items():
            r = c.get(BROAD + "/groups")
            check(r.status == 403, f"GET {BROAD}/groups as {who}: {r.status}, expected 403")
            c.token = None
            r = c.post(BROAD + "/groups", {"name": "Niet van mij", "slug": "niet-van-mij",
                                            "description": ""})
            check(r.status == 403, f"POST {BROAD}/groups as {who}: {r.status}, expected 403")
            check(c.get(BROAD + "/g/niet-van-mij").status == 404,
                  f"a subgroup started by {who} exists")
        r = chair.get(BROAD)
        check(f'href="{BROAD}/groups"' in r.text, f"{BROAD} does not offer the chair to start "
              "a subgroup")
        r = chair.get(BROAD + "/groups")
        require(r.status == 200, f"GET {BROAD}/groups as the chair: {r.status}")
        r = chair.post(BROAD + "/groups", {"name": SUB_NAME, "slug": SUB_SLUG,
                                            "description": "Voor wie slecht hoort"})
        sub = f"{BROAD}/g/{SUB_SLUG}"
        check(r.status == 303 and (r.header("Location") or "").split("?")[0] == sub,
              f"POST {BROAD}/groups: {r.status} to {r.header('Location')!r}, expected 303 to "
              f"{sub}")
        emp = others["employee"]
        r = emp.get(sub)
        require(r.status == 200, f"GET {sub} as an employee: {r.status}, expected 200")
        text = htmlcheck.visible_text(r.text)
        check(htmlcheck.h1_text(r.text) == SUB_NAME, f"the subgroup's <h1> is "
              f"{htmlcheck.h1_text(r.text)!r}")
        check("Voor wie slecht hoort" in text, "the subgroup's page lacks its description")
        check("Fatima El Amrani" in text, "the subgroup's page does not name its coordinator, "
              "the chair who started it")
        links = {e.get("href") for e in htmlcheck.elements(emp.get(BROAD).text, "a")}
        check(sub in links, f"{BROAD} does not link to its subgroup {sub}")
        # Bad input: 400, nothing made.
        for what, fields in (("an empty name", {"name": "", "slug": "leeg"}),
                             ("a taken web address", {"name": "Nog een", "slug": SUB_SLUG}),
                             ("a web address with capitals", {"name": "X", "slug": "Hoofd"}),
                             ("a web address with a space", {"name": "X", "slug": "a b"}),
                             ("an empty web address", {"name": "X", "slug": ""})):
            chair.token = None
            r = chair.post(BROAD + "/groups", dict(fields, description=""))
            check(r.status == 400 and error_summary(r),
                  f"starting a subgroup with {what}: {r.status}, expected 400 with an error "
                  "summary")
        for slug in ("leeg", "hoofd", "Hoofd"):
            check(emp.get(f"{BROAD}/g/{slug}").status == 404, f"a refused subgroup {slug} "
                  "exists")
        check(emp.get(f"{NET}/g/{SUB_SLUG}").status == 404,
              f"the subgroup of {BROAD} answers under {NET} too")


@test
def members_subgroup_needs_the_network_and_leaving_the_network_leaves_it():
    with Server() as s:
        sec = _signed_in(s, DEMO["secretary"], full=True)
        sub = _start_subgroup(sec, NET)
        me = _person(s, "theta")
        r = join(me[3], sub, "visible", expect=None)
        check(r.status == 409, f"joining a subgroup without being a member of the network: "
              f"{r.status}, expected 409")
        check(_memberships(me[3]) == [], "a refused subgroup join made a membership")
        join(me[3], NET, "silent")
        r = join(me[3], sub, "visible", line="Zqregel-theta", expect=None)
        check(r.status == 303 and r.header("Location") == sub + "?done=joined",
              f"POST {sub}/join: {r.status} to {r.header('Location')!r}, expected 303 to "
              f"{sub}?done=joined")
        check(me[1] in _names(sec, sub), "the coordinator does not see the subgroup's visible "
              "member")
        check(me[1] not in sec.get(NET + "/members").text,
              "the network's directory shows a silent member")
        r = me[3].get(sub + "/me")
        check(r.status == 200, f"GET {sub}/me as its member: {r.status}")
        set_appearance(me[3], sub, "pseudonym", pseudonym="Zqschuil-theta")
        check("Zqschuil-theta" in _names(sec, sub) and me[1] not in _names(sec, sub),
              "after choosing a pseudonym in the subgroup, its directory does not show just it")
        r = me[3].get(sub + "/leave")
        check(r.status == 200 and f"post {sub}/leave" in _form_actions(r),
              f"GET {sub}/leave: {r.status}, forms {_form_actions(r)}")
        # Leaving the network leaves the subgroup too.
        leave(me[3], NET)
        check(_memberships(me[3]) == [], f"after leaving the network /me/data.json lists "
              f"{_memberships(me[3])}")
        page = sec.get(sub + "/members").text
        check("Zqschuil-theta" not in page and me[1] not in page,
              "after leaving the network, the subgroup's directory still shows the member")
        join(me[3], NET, "visible")
        r = me[3].get(sub + "/me")
        check(r.status == 409, f"after leaving the network and joining it again, GET {sub}/me: "
              f"{r.status}, expected 409 (no longer in the subgroup)")
        r = me[3].post(sub + "/leave", {})
        check(r.status == 409, f"leaving a subgroup one left with the network: {r.status}, "
              "expected 409")


# ---------------------------------------------------------------------------------------------
# Bad input


@test
def members_pseudonym_taken_empty_or_too_long_is_refused():
    with Server() as s:
        sec = _signed_in(s, DEMO["secretary"], full=True)
        sub = _start_subgroup(sec, NET)
        a = _person(s, "iota")
        b = _person(s, "kappa")
        join(a[3], NET, "pseudonym", pseudonym="Zonnebloem")
        join(b[3], NET, "silent")
        cases = [("a pseudonym taken (other case)", "zonnebloem"),
                 ("a pseudonym taken (upper case)", "ZONNEBLOEM"),
                 ("a pseudonym taken (spaces around)", "  Zonnebloem "),
                 ("an empty pseudonym", ""),
                 ("a pseudonym of spaces", "   "),
                 ("a pseudonym of 41 characters", "x" * 41),
                 ("a pseudonym of 41 characters é", "é" * 41)]
        for i, (what, p) in enumerate(cases):
            c = _person(s, f"bad{i}")[3]
            r = join(c, NET, "pseudonym", pseudonym=p, expect=None)
            check(r.status == 400 and error_summary(r),
                  f"joining with {what}: {r.status}, summary {error_summary(r)!r}; expected 400 "
                  "with an error summary")
            check(_memberships(c) == [], f"joining with {what} made a membership")
            # The same for someone who changes how they appear: nothing changes.
            r = set_appearance(b[3], NET, "pseudonym", pseudonym=p, expect=None)
            check(r.status == 400 and error_summary(r),
                  f"changing to {what}: {r.status}, summary {error_summary(r)!r}; expected 400 "
                  "with an error summary")
            ms = _memberships(b[3])
            check(len(ms) == 1 and ms[0].get("appearance") == "silent",
                  f"after changing to {what} was refused, /me/data.json lists {ms}")
        # The summary leads to the field, which says what is wrong.
        r = join(_person(s, "badlink")[3], NET, "pseudonym", pseudonym="", expect=None)
        targets = [e.get("href") for e in htmlcheck.elements(r.text, "a")
                   if (e.get("href") or "").startswith("#")]
        fields = {e.get("id"): e for e in htmlcheck.elements(r.text, "input")}
        field = next((fields[t[1:]] for t in targets if t[1:] in fields), None)
        check(field is not None and field.get("name") == "pseudonym" and
              field.get("aria-invalid") == "true",
              f"the error summary of an empty pseudonym does not link to the pseudonym field "
              f"marked aria-invalid (links {targets})")
        # Case-insensitive beyond ASCII: a Dutch name may start with an accented capital.
        join(_person(s, "emile")[3], NET, "pseudonym", pseudonym="Émile")
        c = _person(s, "emile2")[3]
        r = join(c, NET, "pseudonym", pseudonym="émile", expect=None)
        check(r.status == 400 and error_summary(r),
              f"joining with 'émile' while 'Émile' is taken: {r.status}, expected 400 with an "
              "error summary (case-insensitive beyond ASCII)")
        # The line about oneself: at most 140 characters.
        c = _person(s, "longline")[3]
        r = join(c, NET, "visible", line="z" * 141, expect=None)
        check(r.status == 400 and error_summary(r),
              f"joining with a line of 141 characters: {r.status}, expected 400 with an error "
              "summary")
        check(_memberships(c) == [], "joining with a line of 141 characters made a membership")
        r = join(c, NET, "visible", line="z" * 140, expect=None)
        check(r.status == 303, f"joining with a line of 140 characters: {r.status}, "
              "expected 303")
        names = _names(a[3], NET)
        check([n for n in names if "zonnebloem" in n.lower()] == ["Zonnebloem"],
              f"after the refusals the directory shows {names}, expected Zonnebloem once")
        # At the limit: 40 characters (also 40 two-byte ones) are fine.
        for p in ("y" * 40, "é" * 40):
            c = _person(s, f"ok{len(p.encode())}")[3]
            r = join(c, NET, "pseudonym", pseudonym=p, expect=None)
            check(r.status == 303, f"joining with a pseudonym of 40 characters "
                  f"({len(p.encode())} bytes): {r.status}, expected 303")
        # Unique per group: the same pseudonym in another network and in a subgroup is fine.
        r = join(b[3], OTHER, "pseudonym", pseudonym="Zonnebloem", expect=None)
        check(r.status == 303, f"the pseudonym of someone in {NET}, used in {OTHER}: "
              f"{r.status}, expected 303")
        r = join(b[3], sub, "pseudonym", pseudonym="zonnebloem", expect=None)
        check(r.status == 303, f"the pseudonym of someone in {NET}, used in its subgroup: "
              f"{r.status}, expected 303")
        # One's own pseudonym in another case is not "taken".
        r = set_appearance(a[3], NET, "pseudonym", pseudonym="ZonneBloem", expect=None)
        check(r.status == 303, f"changing one's own pseudonym's case: {r.status}, expected 303")
        # A pseudonym freed by leaving can be taken.
        leave(a[3], NET)
        r = set_appearance(b[3], NET, "pseudonym", pseudonym="zonnebloem", expect=None)
        check(r.status == 303, f"a pseudonym freed by leaving: {r.status}, expected 303")


@test
def members_joining_twice_leaving_or_changing_without_membership_is_409():
    with Server() as s:
        me = _person(s, "lambda")
        # Not a member: leave and change are refused with 409, nothing made.
        for method, path in (("GET", NET + "/me"), ("POST", NET + "/me"),
                             ("GET", NET + "/leave"), ("POST", NET + "/leave")):
            c = me[3]
            r = c.get(path) if method == "GET" else \
                c.post(path, [("appearance", "visible"), ("pseudonym", ""), ("line", "")]
                       if path.endswith("/me") else {})
            check(r.status == 409, f"{method} {path} when not a member: {r.status}, "
                  "expected 409")
        check(_memberships(me[3]) == [], "refused requests made a membership")
        join(me[3], NET, "visible", line="Zqregel-lambda", ally=True)
        before = _memberships(me[3])
        r = join(me[3], NET, "pseudonym", pseudonym="Tweede", expect=None)
        check(r.status == 409 and MEMBER_ALREADY in htmlcheck.visible_text(r.text).lower(),
              f"joining twice: {r.status}, expected 409 saying '{MEMBER_ALREADY}'")
        check(_memberships(me[3]) == before, f"joining twice changed the membership: "
              f"{_memberships(me[3])}")
        # Unknown or malformed values: 400, nothing changed.
        for what, fields in (("an unknown appearance", [("appearance", "invisible")]),
                             ("an empty appearance", [("appearance", "")]),
                             ("no appearance", []),
                             ("appearance in capitals", [("appearance", "VISIBLE")]),
                             ("ally=yes", [("appearance", "visible"), ("ally", "yes")])):
            for path in (NET + "/me", OTHER + "/join"):
                me[3].token = None
                r = me[3].post(path, fields + [("pseudonym", ""), ("line", "")])
                check(r.status == 400, f"POST {path} with {what}: {r.status}, expected 400")
        check(_memberships(me[3]) == before, f"refused requests changed the memberships: "
              f"{_memberships(me[3])}")
        r = me[3].get("/n/bestaat-niet/join")
        check(r.status == 404, f"GET /n/bestaat-niet/join: {r.status}, expected 404")


@test
def members_blocked_account_disappears_from_the_directory():
    with Server() as s:
        vis = _person(s, "mu")
        pse = _person(s, "nu")
        fellow = _person(s, "xi")
        join(vis[3], NET, "visible", line="Zqregel-mu")
        join(pse[3], NET, "pseudonym", pseudonym="Zqschuil-nu")
        join(fellow[3], NET, "silent")
        page = fellow[3].get(NET + "/members").text
        require(vis[1] in page and "Zqschuil-nu" in page, "before blocking, the directory does "
                "not show both members")
        for email in (vis[0], pse[0]):
            p = run_cli(["user", "disable", email, "--db", s.db])
            require(p.returncode == 0, f"`kring user disable {email}`: {p.returncode}")
        page = fellow[3].get(NET + "/members").text
        check(vis[1] not in page and "Zqregel-mu" not in page,
              "a blocked visible member still shows in the directory")
        check("Zqschuil-nu" not in page, "a blocked member's pseudonym still shows in the "
              "directory")
        for email in (vis[0], pse[0]):
            run_cli(["user", "enable", email, "--db", s.db])
        page = fellow[3].get(NET + "/members").text
        check(vis[1] in page and "Zqschuil-nu" in page, "unblocked again, the members do not "
              "show again (their memberships were lost)")


# ---------------------------------------------------------------------------------------------
# My data


@test
def members_my_data_page_and_json_download():
    with Server() as s:
        sec = _signed_in(s, DEMO["secretary"], full=True)
        sub = _start_subgroup(sec, NET)
        email, name, _, me = _person(s, "omicron")
        other = _person(s, "pi")
        join(me, NET, "visible", line="Zqregel-omicron", ally=True)
        join(me, sub, "pseudonym", pseudonym="Zqschuil-omicron")
        join(me, OTHER, "silent")
        join(other[3], NET, "pseudonym", pseudonym="Zqschuil-pi", line="")
        r = me.get("/me/data")
        require(r.status == 200, f"GET /me/data: {r.status}")
        text = htmlcheck.visible_text(r.text)
        for what, want in (("the name", name), ("the e-mail address", email),
                           ("the network", "Neurokring"), ("the subgroup", SUB_NAME),
                           ("the other network", "Lichtpunt"), ("the pseudonym",
                                                                "Zqschuil-omicron"),
                           ("the line", "Zqregel-omicron")):
            check(want in text, f"/me/data does not show {what} ({want!r})")
        check("/me/data.json" in {e.get("href") for e in htmlcheck.elements(r.text, "a")},
              "/me/data does not link to /me/data.json")
        for marker in ("Zqschuil-pi", other[1], other[0]):
            check(marker not in r.text, f"/me/data shows someone else's data ({marker!r})")
        r = me.get("/me/data.json")
        require(r.status == 200, f"GET /me/data.json: {r.status}")
        check(r.content_type.startswith("application/json"),
              f"/me/data.json is {r.content_type!r}, not application/json")
        disp = r.header("Content-Disposition") or ""
        check(disp.lower().startswith("attachment") and ".json" in disp,
              f"/me/data.json: Content-Disposition {disp!r}, expected an attachment *.json")
        data = json.loads(r.text)
        acc = data.get("account", {})
        check(acc.get("email") == email and acc.get("name") == name,
              f"/me/data.json account is {acc}")
        ms = {m.get("group"): m for m in data.get("memberships", [])}
        check(len(ms) == 3, f"/me/data.json lists {len(ms)} memberships, expected 3: {ms}")
        net = next((m for g, m in ms.items() if g == "Neurokring"), {})
        subm = next((m for g, m in ms.items() if SUB_NAME in (g or "")), {})
        oth = next((m for g, m in ms.items() if g == "Lichtpunt"), {})
        check(net.get("appearance") == "visible" and net.get("line") == "Zqregel-omicron" and
              net.get("ally") is True, f"/me/data.json, Neurokring: {net}")
        check(subm.get("appearance") == "pseudonym" and
              subm.get("pseudonym") == "Zqschuil-omicron", f"/me/data.json, the subgroup: {subm}")
        check(oth.get("appearance") == "silent", f"/me/data.json, Lichtpunt: {oth}")
        for marker in ("Zqschuil-pi", other[1], other[0]):
            check(marker not in r.text, f"/me/data.json holds someone else's data ({marker!r})")


@test
def members_delete_account_erases_the_person():
    with Server() as s:
        sec = _signed_in(s, DEMO["secretary"], full=True)
        sub = _start_subgroup(sec, NET)
        pw = "Een heel eigen zinnetje 2026"
        email, name, aid, me = _person(s, "rho", pw)
        fellow = _person(s, "sigma")[3]
        join(fellow, NET, "silent")
        join(me, NET, "visible", line="Zqregel-rho")
        join(me, sub, "pseudonym", pseudonym="Zqschuil-rho")
        join(me, OTHER, "pseudonym", pseudonym="Zqschuil-rho2")
        require(name in fellow.get(NET + "/members").text, "the visible member is not listed")
        r = me.get("/me/delete")
        require(r.status == 200, f"GET /me/delete (step 1): {r.status}")
        check("post /me/delete" in _form_actions(r), f"GET /me/delete has no form posting to "
              f"/me/delete: {_form_actions(r)}")
        check(email in user_list(s.db), "GET /me/delete (step 1) deleted the account")
        r = me.post("/me/delete", {})
        check(r.status == 303, f"POST /me/delete: {r.status}, expected 303")
        check(me.get("/account").status == 303, "after deleting, the session still works")
        check(email not in user_list(s.db), "`kring user list` still lists the deleted account")
        page = fellow.get(NET + "/members").text
        check(name not in page and "Zqregel-rho" not in page,
              "the directory still shows the deleted person")
        page = sec.get(sub + "/members").text
        check("Zqschuil-rho" not in page, "the subgroup's directory still shows the deleted "
              "person's pseudonym")
        c = Client(s, lang=EN)
        r = c.post("/sign-in", {"email": email, "password": pw, "next": "/"},
                   csrf=c.csrf("/sign-in"))
        check(r.status != 303 and "session" not in c.cookies,
              f"the deleted account's e-mail and password still sign in ({r.status})")
        # The pseudonyms are free again.
        check(join(fellow, OTHER, "pseudonym", pseudonym="Zqschuil-rho2", expect=None).status
              == 303, "the deleted person's pseudonym is still taken")
        log = lines(audit_list(s.db))
        deleted = [x for x in log if x.split()[2:3] == ["account_deleted"]]
        check(len(deleted) == 1, f"the audit log has {len(deleted)} account_deleted entries")
        for x in deleted:
            f = x.split()
            check(str(aid) in f[3:5] and name not in x and email not in x and
                  "Zqschuil" not in x and len(f) <= 5,
                  f"account_deleted entry {x!r}: expected the account's number only")
        # On disk: nothing of the person is left (secure_delete, the WAL checkpointed). On
        # PostgreSQL the database's data files hold nothing either (VACUUM after the erasure),
        # but its write-ahead log keeps the name and address in the clear until the segment is
        # recycled, as docs/PRIVACY.md ("On PostgreSQL") says; what was sealed is in no file.
        s.signal(signal.SIGTERM)
        check(s.wait(10) == 0, "the server did not stop cleanly")
        blobs = _db_files(s)
        in_clear = (name, email, "zqrho")
        for marker in in_clear + ("Zqregel-rho", "Zqschuil-rho"):
            for fname, data in blobs.items():
                if s.on_pg and "/pg_wal/" in fname and marker in in_clear:
                    continue
                check(marker.encode() not in data,
                      f"after deleting the account, {fname} still holds {marker!r}")


@test
def members_last_administrator_cannot_delete_their_account():
    with Server() as s:
        admin = _signed_in(s, DEMO["admin"], full=True)
        r = admin.get("/me/delete")
        check(r.status == 200, f"GET /me/delete as the administrator: {r.status}")
        before = user_list(s.db)
        r = admin.post("/me/delete", {})
        check(r.status == 409, f"the last administrator deleting their account: {r.status}, "
              "expected 409")
        check(user_list(s.db) == before, "the refused deletion changed `kring user list`")
        check(admin.get("/account").status == 200, "the refused deletion ended the session")
        check("account_deleted" not in audit_list(s.db), "a refused deletion was audited")


# ---------------------------------------------------------------------------------------------
# A stolen database


def _db_files(s):
    """{file name: bytes} of the database and its -wal, -shm and -journal files; on
    PostgreSQL the database's data files and the WAL (harness.db_files)."""
    return db_files(s.db)


@test
def members_stolen_database_ties_nobody_to_a_subgroup():
    with Server() as s:
        sec = _signed_in(s, DEMO["secretary"], full=True)
        sub = _start_subgroup(sec, NET)
        people = {}
        # (key, network appearance, subgroup appearance or None)
        plan = [("vn", "visible", None), ("pn", "pseudonym", None), ("sn", "silent", None),
                ("vs", "silent", "visible"), ("ps", "visible", "pseudonym"),
                ("ss", "pseudonym", "silent"), ("aa", "visible", "visible")]
        secrets = []
        for key, net_app, sub_app in plan:
            email, name, aid, c = _person(s, "m" + key)
            people[key] = (email, name, aid, sub_app)
            for group, app in ((NET, net_app), (sub, sub_app)):
                if not app:
                    continue
                tag = "n" if group == NET else "s"
                pseud = f"Zqpseudo{key}{tag}"
                line = f"Zqlijn{key}{tag}"
                join(c, group, app, pseudonym=pseud if app == "pseudonym" else "",
                     line=line, ally=key == "aa")
                secrets += [pseud] if app == "pseudonym" else []
                secrets += [line] if app == "visible" else []
            join(c, OTHER, "pseudonym", pseudonym=f"Zqpseudo{key}o")
            secrets.append(f"Zqpseudo{key}o")
        # What a thief copies while the server runs, and after it stopped.
        snapshots = {"while serving": _db_files(s)}
        s.signal(signal.SIGTERM)
        check(s.wait(10) == 0, "the server did not stop cleanly")
        snapshots["after stopping"] = _db_files(s)
        for when, blobs in snapshots.items():
            for fname, data in blobs.items():
                for marker in secrets:
                    for enc in (marker.encode("utf-8"), marker.encode("utf-16-le")):
                        check(enc not in data, f"{when}: {fname} holds {marker!r} in the clear")
        # No row of any table ties a member (name, e-mail, account id) to the subgroup.
        sub_row = s.sql("SELECT id FROM subgroup WHERE name = ?", (SUB_NAME,))
        require(sub_row, f"the database has no subgroup named {SUB_NAME!r}")
        sub_id = sub_row[0][0]
        tables = db_tables(s.db)
        for table in tables:
            cols, rows = db_sql(s.db, f'SELECT * FROM "{table}"', columns=True)
            for row in rows:
                vals = dict(zip(cols, row))
                text = " ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v)
                                for v in row if v is not None)
                about_sub = SUB_NAME in text or any(
                    "subgroup" in k and v == sub_id for k, v in vals.items()) or (
                    table == "subgroup" and vals.get("id") == sub_id)
                if not about_sub:
                    continue
                for key, (email, name, aid, sub_app) in people.items():
                    ids = [k for k, v in vals.items()
                           if ("account" in k or k in ("actor", "subject", "who"))
                           and v == aid]
                    named = [m for m in (name, email, f"Zqm{key}") if m in text]
                    check(not ids and not named,
                          f"table {table}: a row ties the subgroup {SUB_NAME!r} to member "
                          f"{name} ({'columns ' + ', '.join(ids) if ids else named})")
        # The membership table names no account in a column of its own.
        mcols = db_sql(s.db, 'SELECT * FROM "membership" WHERE 1 = 0', columns=True)[0]
        require(mcols, "the membership table has no columns")
        check(not [c for c in mcols if "account" in c or "email" in c or "name" in c],
              f"the membership table has a column naming a person: {mcols}")


# ---------------------------------------------------------------------------------------------
# Coordinators: asked first, shown only after saying yes


def _mail_to(relay, to, n=1, timeout=20):
    """The bodies of the first n messages to `to`, waiting at most timeout seconds."""
    from test_email_links import _messages_to
    deadline = time.monotonic() + timeout
    while len(_messages_to(relay, to)) < n and time.monotonic() < deadline:
        time.sleep(0.1)
    msgs = _messages_to(relay, to)
    require(len(msgs) >= n, f"{len(msgs)} e-mails reached {to} within {timeout}s, expected {n}")
    return msgs


def _coordinators(c, sub):
    """The names in the list under the subgroup page's "Coordinators" heading, as c sees it."""
    r = c.get(sub)
    require(r.status == 200, f"GET {sub}: {r.status}, expected 200")
    m = re.search(r"<h2>Coordinators</h2>\s*<ul>(.*?)</ul>", r.text, re.S)
    return re.findall(r"<li>(.*?)</li>", m.group(1)) if m else []


def _asked(c, sub):
    """The names the appointers' "Asked, not yet answered" list shows to c."""
    r = c.get(sub)
    require(r.status == 200, f"GET {sub}: {r.status}, expected 200")
    m = re.search(r'<ul aria-labelledby="coordinators-asked">(.*?)</ul>', r.text, re.S)
    return re.findall(r"<li>(.*?)</li>", m.group(1)) if m else []


def _query(s, sql, params=()):
    """The rows of one query on the server's database."""
    return s.sql(sql, params)


def _roles_of(s, aid):
    return _query(s, "SELECT state FROM subgroup_role WHERE account_id = ?", (aid,))


@contextlib.contextmanager
def _subgroup_with_mail():
    """A server that sends mail to a test relay, and a subgroup the secretary (core team of
    NET) started: yields (relay, server, the secretary's client, the subgroup's path)."""
    from test_email_links import _serve
    from test_mail import Relay
    with Relay().start() as relay:
        s = _serve(relay)
        try:
            sec = _signed_in(s, DEMO["secretary"], full=True)
            yield relay, s, sec, _start_subgroup(sec, NET)
        finally:
            s.stop()


@test
def members_coordinator_is_asked_first_and_named_only_after_saying_yes():
    with _subgroup_with_mail() as (relay, s, sec, sub):
        sid = _query(s, "SELECT id FROM subgroup WHERE slug = ?", (SUB_SLUG,))[0][0]
        network_name = htmlcheck.h1_text(sec.get(NET).text)
        email, name, aid, asked = _person(s, "kappa")
        third = _person(s, "lambda")[3]
        r = sec.post(sub + "/coordinators", {"email": email, "action": "add"})
        check(r.status == 303 and r.header("Location") == sub + "?done=asked",
              f"appointing: {r.status} to {r.header('Location')!r}, expected 303 to "
              f"{sub}?done=asked")
        # Asked, not named: not on the page, no members list, no power to appoint.
        for who, c in (("a colleague", third), ("the person asked", asked)):
            check(name not in _coordinators(c, sub),
                  f"{who} sees the person asked named as coordinator before they said yes")
            check(_asked(c, sub) == [], f"{who} sees the list of those asked")
        check(_asked(sec, sub) == [name], f"the appointer sees {_asked(sec, sub)} as asked, "
              f"expected [{name!r}]")
        check(asked.get(sub + "/members").status == 403,
              "the person asked opens the members list before saying yes")
        r = asked.post(sub + "/coordinators", {"email": DEMO_EMPLOYEE, "action": "add"})
        check(r.status == 403, f"the person asked appoints others: {r.status}")
        # The e-mail: a link to Kring, the network named, the subgroup not.
        body = _mail_to(relay, email)[0]
        check(f"{s.origin}/me/coordinator" in body,
              f"the e-mail has no link to {s.origin}/me/coordinator: {body!r}")
        check(network_name in body, f"the e-mail does not name the network {network_name!r}")
        for what in (SUB_NAME, "Zqsubgroep", SUB_SLUG, "/g/"):
            check(what not in body, f"the e-mail gives away the subgroup ({what!r})")
        check(Client(s, lang=EN).get("/me/coordinator").status == 303,
              "the e-mail's page opens without signing in")
        # The notice on the home page, naming no subgroup; the page tells the rest.
        home = asked.get("/")
        check('href="/me/coordinator"' in home.text and "A request for you" in home.text,
              "the home page of the person asked has no notice with a link to answer")
        check(SUB_NAME not in home.text, "the home page's notice names the subgroup")
        check("A request for you" not in third.get("/").text,
              "a colleague who was not asked gets the notice")
        page = asked.get("/me/coordinator")
        require(page.status == 200, f"GET /me/coordinator: {page.status}")
        check(SUB_NAME in page.text, "the request page does not say which subgroup")
        acts = _form_actions(page)
        for a in ("accept", "decline"):
            check(f"post {sub}/coordinators/{a}" in acts,
                  f"the request page has no form to {a}: {acts}")
        # Nobody else can answer it; bad addresses, CSRF and fields are refused.
        for path in (sub + "/coordinators/accept", sub + "/coordinators/decline"):
            r = third.post(path, {})
            check(r.status == 404, f"a third person: POST {path} {r.status}, expected 404")
            r = sec.post(path, {})
            check(r.status == 404, f"the appointer: POST {path} {r.status}, expected 404")
        check(SUB_NAME not in third.get("/me/coordinator").text,
              "another colleague's request page shows the request")
        for path in (NET + "/g/geen-groep/coordinators/accept",
                     "/n/geen-netwerk/g/tinnitus/coordinators/accept",
                     OTHER + f"/g/{SUB_SLUG}/coordinators/accept"):
            r = asked.post(path, {})
            check(r.status == 404, f"POST {path}: {r.status}, expected 404")
        r = asked.post(sub + "/coordinators/accept", {}, csrf=False)
        check(r.status == 403, f"accepting without a CSRF token: {r.status}, expected 403")
        r = asked.post(sub + "/coordinators/accept", {"extra": "1"})
        check(r.status == 400, f"accepting with an unknown field: {r.status}, expected 400")
        check(_roles_of(s, aid) == [("asked",)], f"a refused answer changed the request: "
              f"{_roles_of(s, aid)}")
        # Yes: named, the members list opens; not made a member.
        r = asked.post(sub + "/coordinators/accept", {})
        check(r.status == 303 and r.header("Location") == sub + "?done=accepted",
              f"accepting: {r.status} to {r.header('Location')!r}")
        check(name in _coordinators(third, sub), "after accepting, the coordinator is not "
              "named on the subgroup's page")
        check(_asked(sec, sub) == [], "after accepting, the appointer still sees 'asked'")
        check(asked.get(sub + "/members").status == 200,
              "the coordinator who accepted cannot open the members list")
        check(_memberships(asked) == [], "accepting made the coordinator a member")
        check(asked.post(sub + "/coordinators/accept", {}).status == 404,
              "accepting twice did not answer 404")
        # My data tells it; the JSON too.
        text = htmlcheck.visible_text(asked.get("/me/data").text)
        check(f"{network_name} › {SUB_NAME}: coordinator" in text,
              "/me/data does not show the coordinator role")
        roles = json.loads(asked.get("/me/data.json").text).get("coordinator_roles")
        check(roles == [{"group": f"{network_name} › {SUB_NAME}", "state": "coordinator",
                         "asked_at": roles[0].get("asked_at") if roles else None}]
              and isinstance(roles[0].get("asked_at"), int),
              f"/me/data.json coordinator_roles: {roles!r}")
        # Stepping down: in two steps, from the subgroup's page.
        check(f'href="{sub}/coordinators/step-down"' in asked.get(sub).text,
              "the subgroup's page does not offer its coordinator to step down")
        r = asked.get(sub + "/coordinators/step-down")
        check(r.status == 200 and f"post {sub}/coordinators/step-down" in _form_actions(r),
              f"GET step-down: {r.status}, {_form_actions(r)}")
        check(name in _coordinators(third, sub), "opening the step-down page stepped down")
        r = asked.post(sub + "/coordinators/step-down", {}, csrf=False)
        check(r.status == 403, f"stepping down without a CSRF token: {r.status}")
        # Stepping down is one's own: a colleague who is no coordinator gets 404 (the
        # secretary, who started the subgroup, would step down themselves).
        r = third.post(sub + "/coordinators/step-down", {})
        check(r.status == 404, f"a third person stepping down: {r.status}, expected 404")
        check(name in _coordinators(third, sub), "a refused step-down removed the name")
        r = asked.post(sub + "/coordinators/step-down", {})
        check(r.status == 303 and r.header("Location") == sub + "?done=stepped-down",
              f"stepping down: {r.status} to {r.header('Location')!r}")
        check(name not in _coordinators(third, sub), "after stepping down, still named")
        check(asked.get(sub + "/members").status == 403,
              "after stepping down, the members list still opens")
        for m, path in (("get", sub + "/coordinators/step-down"),
                        ("post", sub + "/coordinators/step-down")):
            r = asked.get(path) if m == "get" else asked.post(path, {})
            check(r.status == 404, f"{m.upper()} {path} after stepping down: {r.status}")
        # Every step in the audit log, by the subgroup's number, never its name.
        log = [x for x in lines(audit_list(s.db)) if "coordinator_" in x]
        events = [x.split()[2] for x in reversed(log)]
        check(events == ["coordinator_asked", "coordinator_accepted",
                         "coordinator_stepped_down"], f"coordinator audit entries: {events}")
        for x in log:
            check(f"subgroup {sid}" in x and SUB_NAME not in x and "Zqsubgroep" not in x
                  and SUB_SLUG not in x and email not in x,
                  f"audit entry {x!r}: expected the subgroup's number only")


@test
def members_coordinator_request_declined_withdrawn_and_erased():
    with _subgroup_with_mail() as (relay, s, sec, sub):
        email, name, aid, asked = _person(s, "mu")
        r = sec.post(sub + "/coordinators", {"email": email, "action": "add"})
        require(r.status == 303, f"appointing: {r.status}")
        # Asking again sends nothing more.
        r = sec.post(sub + "/coordinators", {"email": email, "action": "add"})
        check(r.status == 303, f"asking again: {r.status}")
        _mail_to(relay, email)
        time.sleep(1.5)
        check(len(_mail_to(relay, email)) == 1, "asking twice sent a second e-mail")
        # No: not named, and gone from the appointer's list.
        r = asked.post(sub + "/coordinators/decline", {})
        check(r.status == 303 and r.header("Location") == "/me/coordinator?done=declined",
              f"declining: {r.status} to {r.header('Location')!r}")
        page = asked.get("/me/coordinator?done=declined")
        check("You declined" in page.text and SUB_NAME not in page.text,
              "after declining, the request page still shows the request")
        check(name not in _coordinators(sec, sub), "after declining, named as coordinator")
        check(_asked(sec, sub) == [], "after declining, the appointer still sees 'asked'")
        check(_roles_of(s, aid) == [], f"after declining, rows are left: {_roles_of(s, aid)}")
        check(asked.post(sub + "/coordinators/accept", {}).status == 404,
              "a declined request can still be accepted")
        check("A request for you" not in asked.get("/").text,
              "after declining, the home page still shows the notice")
        # Withdrawn by the appointer before an answer: gone for the person asked.
        r = sec.post(sub + "/coordinators", {"email": email, "action": "add"})
        require(r.status == 303, f"asking again after a no: {r.status}")
        check(_asked(sec, sub) == [name], "asking again after a no did not ask")
        r = sec.post(sub + "/coordinators", {"email": email, "action": "remove"})
        check(r.status == 303, f"withdrawing the request: {r.status}")
        check(_asked(sec, sub) == [], "a withdrawn request is still listed as asked")
        check(asked.post(sub + "/coordinators/accept", {}).status == 404,
              "a withdrawn request can still be accepted")
        events = [x.split()[2] for x in reversed(lines(audit_list(s.db)))
                  if "coordinator_" in x]
        check(events == ["coordinator_asked", "coordinator_declined", "coordinator_asked",
                         "coordinator_removed"], f"coordinator audit entries: {events}")
        # A deleted account's requests and roles go with it.
        email2, name2, aid2, other = _person(s, "nu")
        sub2 = _start_subgroup(sec, NET, name="Tweede Zqgroep", slug="tweede")
        for g in (sub, sub2):
            r = sec.post(g + "/coordinators", {"email": email2, "action": "add"})
            require(r.status == 303, f"appointing in {g}: {r.status}")
        require(other.post(sub2 + "/coordinators/accept", {}).status == 303,
                "accepting in the second subgroup")
        require(sorted(_roles_of(s, aid2)) == [("accepted",), ("asked",)],
                f"before deleting: {_roles_of(s, aid2)}")
        text = htmlcheck.visible_text(other.get("/me/data").text)
        check("Tweede Zqgroep: coordinator" in text and
              f"{SUB_NAME}: asked, not yet answered" in text,
              "/me/data does not show the request and the role")
        # A coordinator who is a member steps down from their membership page too.
        join(other, NET, "silent")
        join(other, sub2, "silent")
        join(other, sub, "silent")
        check(f'href="{sub2}/coordinators/step-down"' in other.get(sub2 + "/me").text,
              f"{sub2}/me does not offer its coordinator to step down")
        page = other.get(sub + "/me").text
        check(f'href="{sub}/coordinators/step-down"' not in page and
              'href="/me/coordinator"' in page, f"{sub}/me, where one is asked, does not link "
              "to the request (or offers to step down)")
        require(other.post("/me/delete", {}).status == 303, "deleting the account")
        check(_roles_of(s, aid2) == [], f"after deleting the account: {_roles_of(s, aid2)}")
        check(name2 not in _coordinators(sec, sub2) and _asked(sec, sub) == [],
              "the deleted account is still named")
