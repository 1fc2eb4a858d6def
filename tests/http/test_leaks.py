# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_leaks.py: the leak suite (issue 4). Members of every appearance choice get a unique
marker in their name and e-mail address (and in their pseudonym and their one line); they join
a network and a subgroup over HTTP. Then every other role signs in and fetches every GET route
of the features' routes.c (with real slugs), every page those link to (one level deep), and every
e-mail Kring sent through a test relay is read. A marker may appear only where the member's
choice allows it:

- a visible member's name and line: on the directory of that group, for fellow members of that
  group and its organisers (the network's core team; the subgroup's coordinators);
- a pseudonym: likewise, and never on a page that also shows the member's name or address;
- a silent follower: nowhere;
- an e-mail address: to the person and to administrators only, on the account pages; an
  administrator sees accounts, never who is in which group;
- an e-mail: only to the member it is about;
- a photo (every marked member has one): at its group-specific address only for a member who
  is visible in that group, and only to those who may open that group's directory.

A silent join gets one too: the fifth member of a network joins as a silent follower, and
until the nightly snapshot of the member counts no page another role opens changes.

Invitations from a mailing list (`kring members invite`) get a test of their own: people with
markers are invited to the network the marked members are in and to another one; each
invitation goes to the invited address alone and names nobody else, members included.

Later issues add their pages and channels here (ROLES, the route substitutions, ALLOWED)."""

import email
import email.policy
import os
import re
import time

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, HOST, Client, Server, app_routes, check, directory,
                     free_port, join, note, require, run_cli, sign_in_full, test, user_add,
                     user_list)

from test_photo import png, upload

try:
    from test_mail import Controller, Relay
except ImportError:  # pragma: no cover - test_mail is part of this suite
    Controller, Relay = None, None

EN = "en-GB,en;q=0.9"
NET_SLUG = "iedereen-telt"
NET = f"/n/{NET_SLUG}"
SUB_SLUG = "gehoor"
SUB = f"{NET}/g/{SUB_SLUG}"
SUB_NAME = "Gehoor en Tinnitus"
NETWORK_SLUGS = ("iedereen-telt", "neurokring", "lichtpunt")
# The administrator's pages that list accounts: names and addresses may show there (an
# account's existence is not membership), never anything about groups.
ADMIN_ACCOUNT_PAGES = {"/admin/accounts", "/admin/audit"}

# The marked members: key -> {group: appearance}. Every appearance in the network and in the
# subgroup; a subgroup member's network appearance differs from the subgroup's, so a page that
# mixes the two shows.
MEMBERS = {
    "vn": {NET: "visible"},
    "pn": {NET: "pseudonym"},
    "sn": {NET: "silent"},
    "vg": {NET: "silent", SUB: "visible"},
    "pg": {NET: "visible", SUB: "pseudonym"},
    "sg": {NET: "pseudonym", SUB: "silent"},
    # Coordinator consent: asked to coordinate the subgroup, members of nothing; "ca" does not
    # answer, "cd" declines.
    "ca": {},
    "cd": {},
}
# Those asked who have not answered are named to the subgroup's organisers only, on its page
# (as "asked, not yet answered"); someone who declined is named nowhere.
ASKED_KEYS = ("ca",)
APPOINTERS = ("core team (chair)", "subgroup coordinator")


# The marked members' account numbers and their photos (set by _set_up_members).
MEMBER_IDS = {}
MEMBER_PHOTOS = {}


def _name(key):
    return f"Qx{key}naam Lid"


def _name_marker(key):
    return f"Qx{key}naam"


def _email(key):
    return f"qx{key}post@rijnstad.example"


def _email_marker(key):
    return f"qx{key}post"


def _pseudonym(key, group):
    return f"Qx{key}schuil{'g' if group == SUB else 'n'}"


def _line(key, group):
    return f"Qx{key}regel{'g' if group == SUB else 'n'}"


class Viewer:
    """A role that looks: its client, and the groups whose directory it may open."""

    def __init__(self, role, client, dirs):
        self.role = role
        self.client = client
        self.dirs = set(dirs)  # groups whose directory this role may open


def _markers():
    """[(kind, key, group or None, marker)] for every marker of every member."""
    out = []
    for key, groups in MEMBERS.items():
        out.append(("name", key, None, _name_marker(key)))
        out.append(("e-mail address", key, None, _email_marker(key)))
        for group, app in groups.items():
            if app == "pseudonym":
                out.append(("pseudonym", key, group, _pseudonym(key, group)))
            # Every member sends a line; only a visible member's may ever show.
            out.append(("line", key, group, _line(key, group)))
    return out


def _allowed(viewer, path, kind, key, group):
    """Whether the marker (kind, key, group) may show to viewer on path (no query)."""
    if kind in ("name", "e-mail address") and viewer.role == "administrator" and \
            path in ADMIN_ACCOUNT_PAGES:
        return True
    if kind == "e-mail address":
        return False
    if kind == "name" and key in ASKED_KEYS and path == SUB and viewer.role in APPOINTERS:
        return True
    shown = [g for g, app in MEMBERS[key].items()
             if path == g + "/members" and g in viewer.dirs]
    if kind == "name":
        return any(MEMBERS[key][g] == "visible" for g in shown)
    if kind == "pseudonym":
        return group in shown and MEMBERS[key][group] == "pseudonym"
    if kind == "line":
        return group in shown and MEMBERS[key][group] == "visible"
    return False


def _paths_of_routes(static):
    """Every GET route with its parameters filled in: [(pattern, path)]."""
    out = []
    for method, pattern, _, _ in app_routes():
        if method != "GET":
            continue
        if pattern == "/static/{version}/{file}":
            out += [(pattern, p) for p in static]
            continue
        paths = [pattern]
        if "{slug}" in pattern:
            slugs = (NET_SLUG,) if "{sub}" in pattern else NETWORK_SLUGS
            paths = [p.replace("{slug}", s) for p in paths for s in slugs]
        paths = [p.replace("{sub}", SUB_SLUG) for p in paths]
        paths = [p.replace("{token}", "A" * 43) for p in paths]
        paths = [p.replace("{id}", "1") for p in paths]
        if "{" in "".join(paths):
            note(f"GET {pattern}: a parameter this suite does not know; fetched as it is")
        out += [(pattern, p) for p in paths]
    return out


def _links(r):
    """The same-site GET links of a page: a[href], link[href], script[src], img[src]."""
    if "html" not in r.content_type:
        return []
    out = []
    for e in htmlcheck.elements(r.text):
        v = e.get("href") if e.tag in ("a", "link") else e.get("src") \
            if e.tag in ("script", "img") else None
        if v and v.startswith("/") and not v.startswith("//"):
            out.append(v.split("#")[0])
    return out


def _whole(r):
    """What a response shows: its headers and its body."""
    head = "\n".join(f"{k}: {v}" for k, v in r.headers)
    return head + "\n" + r.body.decode("utf-8", "replace")


def _look(viewer, path, text, found):
    """Records each marker in text that viewer may not see on path."""
    bare = path.split("?")[0]
    for kind, key, group, marker in _markers():
        if marker not in text:
            continue
        if not _allowed(viewer, bare, kind, key, group):
            where = f" ({'subgroup' if group == SUB else 'network'})" if group else ""
            found.append(f"{viewer.role} sees the {kind}{where} of member {key} "
                         f"({MEMBERS[key]}) on GET {path}")
    # A pseudonym never next to the real name or address.
    for key, groups in MEMBERS.items():
        for group, app in groups.items():
            if app == "pseudonym" and _pseudonym(key, group) in text and \
                    (_name_marker(key) in text or _email_marker(key) in text):
                found.append(f"{viewer.role}: GET {path} shows member {key}'s pseudonym next "
                             "to their name or address")
    # The administrator: a page that shows someone must say nothing about groups.
    if viewer.role == "administrator" and any(
            m in text for k, _, _, m in _markers() if k in ("name", "e-mail address")):
        if SUB_NAME in text or f"/g/{SUB_SLUG}" in text:
            found.append(f"administrator: GET {path} shows a member and the subgroup "
                         f"{SUB_NAME!r} on one page")


def _set_up_members(s):
    """Makes the subgroup and the marked members; returns the subgroup's coordinator (a
    signed-in Client)."""
    # A coordinator who is nothing else: core team for a moment, to start the subgroup.
    coord_email = "coordinator@rijnstad.example"
    user_add(s.db, coord_email, "Cor Dinator")
    p = run_cli(["user", "role", coord_email, "core", "--network", NET_SLUG, "--db", s.db])
    require(p.returncode == 0, f"`kring user role … core`: {p.stderr.strip()!r}")
    coord = Client(s, lang=EN)
    tf = sign_in_full(coord, coord_email)
    require(coord.get(NET + "/groups").status == 200, "the core team cannot open /groups")
    r = coord.post(NET + "/groups", {"name": SUB_NAME, "slug": SUB_SLUG,
                                     "description": "Voor wie slecht hoort"})
    require(r.status == 303, f"starting the subgroup: {r.status}")
    p = run_cli(["user", "role", coord_email, "none", "--network", NET_SLUG, "--db", s.db])
    require(p.returncode == 0, f"`kring user role … none`: {p.stderr.strip()!r}")
    coord = Client(s, lang=EN)
    sign_in_full(coord, coord_email, two_factor=tf)
    require(coord.get("/account").status == 200, "the coordinator cannot sign in again")
    # The marked members join over HTTP.
    for key, groups in MEMBERS.items():
        aid = user_add(s.db, _email(key), _name(key))
        c = Client(s, lang=EN)
        c.sign_in(_email(key))
        for group, app in groups.items():
            join(c, group, app, pseudonym=_pseudonym(key, group) if app == "pseudonym" else "",
                 line=_line(key, group), ally=True)
        # A photo of one's own (sizes differ, so each photo is another one).
        n = len(MEMBER_PHOTOS)
        r = upload(c, png(20 + 7 * n, 16 + 5 * n))
        require(r.status == 303, f"member {key}: photo upload {r.status}")
        MEMBER_PHOTOS[key] = c.get("/account/photo.jpg").body
        MEMBER_IDS[key] = aid
    # The coordinator asks "ca" and "cd"; "cd" declines.
    for key in ("ca", "cd"):
        r = coord.post(SUB + "/coordinators", {"email": _email(key), "action": "add"})
        require(r.status == 303, f"asking {key} to coordinate: {r.status}")
    c = Client(s, lang=EN)
    c.sign_in(_email("cd"))
    r = c.post(SUB + "/coordinators/decline", {})
    require(r.status == 303, f"{_email('cd')} declining: {r.status}")
    return coord


def _set_up(s):
    """Makes the subgroup and the members; returns {role: Viewer}."""
    coord = _set_up_members(s)
    # Fellow members: one of the network only, one of the subgroup too (both silent: they
    # carry no markers).
    fellows = {}
    for role, groups in (("fellow member of the network", (NET,)),
                         ("fellow member of the subgroup", (NET, SUB))):
        addr = f"{'net' if len(groups) == 1 else 'sub'}fellow@rijnstad.example"
        user_add(s.db, addr, "Fellow " + role.split()[-1])
        c = Client(s, lang=EN)
        c.sign_in(addr)
        for g in groups:
            join(c, g, "silent")
        fellows[role] = (c, groups)
    viewers = {"signed out": Viewer("signed out", Client(s, lang=EN), ())}
    for role, addr, full in (("employee (no member)", DEMO_EMPLOYEE, False),
                             ("contact point", DEMO["contact"], False),
                             ("ambassador", DEMO["ambassador"], False),
                             ("core team (chair)", DEMO["chair"], True),
                             ("core team of another network", DEMO["secretary"], True),
                             ("administrator", DEMO["admin"], True)):
        c = Client(s, lang=EN)
        sign_in_full(c, addr) if full else c.sign_in(addr)
        require(c.get("/account").status == 200, f"signing in as the {role} did not work")
        dirs = (NET,) if role == "core team (chair)" else ()
        viewers[role] = Viewer(role, c, dirs)
    viewers["subgroup coordinator"] = Viewer("subgroup coordinator", coord, (SUB,))
    # Asked to coordinate the subgroup, not answering, a member of nothing: sees the request
    # (its own page), no list.
    user_add(s.db, "gevraagd@rijnstad.example", "Gevraagd Coordinator")
    r = coord.post(SUB + "/coordinators", {"email": "gevraagd@rijnstad.example", "action": "add"})
    require(r.status == 303, f"asking a colleague to coordinate: {r.status}")
    c = Client(s, lang=EN)
    c.sign_in("gevraagd@rijnstad.example")
    require(SUB_NAME in c.get("/me/coordinator").text, "the request page of the colleague asked "
            "does not show the request")
    viewers["asked to coordinate"] = Viewer("asked to coordinate", c, ())
    for role, (c, groups) in fellows.items():
        viewers[role] = Viewer(role, c, groups)
    return viewers


def _crawl(s, viewer, found, seen_status):
    """Fetches every GET route and every page they link to, one level deep, as viewer."""
    home = Client(s).get("/")
    static = [h for h in _links(home) if h.startswith("/static/")]
    todo = [p for _, p in _paths_of_routes(static)]
    fetched = set()
    level = 0
    while todo and level < 2:
        nxt = []
        for path in todo:
            if path in fetched:
                continue
            fetched.add(path)
            r = viewer.client.get(path)
            seen_status.setdefault((viewer.role, path), r.status)
            _look(viewer, path, _whole(r), found)
            nxt += _links(r)
            loc = r.header("Location")
            if loc and loc.startswith("/"):
                nxt.append(loc)
        todo = nxt
        level += 1
    return fetched


def _photo_check(viewers, found):
    """Every marked member's photo, at the address of each group, for each viewer: 200 (with
    that member's photo) only where the member is visible and the viewer may open the list."""
    for v in viewers.values():
        for key, groups in MEMBERS.items():
            for group in (NET, SUB):
                path = f"{group}/members/{MEMBER_IDS[key]}/photo"
                r = v.client.get(path)
                may = groups.get(group) == "visible" and group in v.dirs
                if r.status == 200 and not may:
                    found.append(f"{v.role} gets the photo of member {key} ({groups}) at {path}")
                elif may and (r.status != 200 or r.body != MEMBER_PHOTOS[key]):
                    check(False, f"{v.role}: GET {path} answered {r.status} "
                          f"{'(another photo)' if r.status == 200 else ''}, expected the "
                          f"photo of visible member {key}")


def _mail_check(relay, found):
    """Every message: a member's markers only in mail to that member."""
    for _, rcpts, raw in relay.received():
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        text = raw.decode("utf-8", "replace")
        try:
            text += "\n" + "\n".join(p.get_content() for p in msg.walk()
                                     if p.get_content_maintype() == "text")
        except Exception:  # an undecodable part: the raw bytes are searched anyway
            pass
        to = {a.lower() for a in rcpts}
        for kind, key, group, marker in _markers():
            if marker.lower() in text.lower() and _email(key) not in to:
                found.append(f"an e-mail to {sorted(to)} (subject {msg['Subject']!r}) holds "
                             f"the {kind} of member {key}")


@test
def leaks_markers_show_only_where_each_member_allows():
    relay = None
    if Controller is not None:
        relay = Relay().start()
    try:
        port = free_port()
        args = ["--base-url", f"http://{HOST}:{port}"]
        if relay:
            args += ["--smtp", f"smtp://{HOST}:{relay.port}", "--mail-from", "kring@example.org"]
        else:
            note("python3-aiosmtpd is missing: e-mail is not read")
        s = Server(args, env={"KRING_MAIL_RETRY_BASE": "1"})
        s.start(port=port)
        viewers = _set_up(s)
        found = []
        statuses = {}
        for v in viewers.values():
            fetched = _crawl(s, v, found, statuses)
            check(len(fetched) > 40, f"as {v.role} only {len(fetched)} pages were fetched")
        # The suite can fail: what must show does show.
        musts = [
            ("fellow member of the network", NET, [_name_marker("vn"), _line("vn", NET),
                                                   _pseudonym("pn", NET),
                                                   _name_marker("pg"), _pseudonym("sg", NET)]),
            ("fellow member of the subgroup", SUB, [_name_marker("vg"), _line("vg", SUB),
                                                    _pseudonym("pg", SUB)]),
            ("subgroup coordinator", SUB, [_name_marker("vg"), _pseudonym("pg", SUB)]),
            ("core team (chair)", NET, [_name_marker("vn"), _pseudonym("pn", NET)]),
        ]
        for role, group, markers in musts:
            r = viewers[role].client.get(group + "/members")
            check(r.status == 200, f"{role}: GET {group}/members {r.status}, expected 200")
            for m in markers:
                check(m in r.text, f"{role}: {group}/members does not show {m!r} (the suite "
                      "would not see a leak there)")
            check(directory(r), f"{role}: {group}/members lists nobody")
        # Those asked, as the organisers see them: the suite would see a leak of "ca" there.
        for role in APPOINTERS:
            text = viewers[role].client.get(SUB).text
            check(_name_marker("ca") in text, f"{role}: {SUB} does not show {_name_marker('ca')!r}"
                  " as asked (the suite would not see a leak there)")
            check(_name_marker("cd") not in text, f"{role}: {SUB} names the colleague who "
                  "declined")
        _photo_check(viewers, found)
        admin_accounts = viewers["administrator"].client.get("/admin/accounts")
        check(admin_accounts.status != 200 or _email_marker("vn") in admin_accounts.text,
              "the administrator's account list does not show the members' accounts")
        # E-mail: every member and every viewer asks for a new password, then all mail is read.
        if relay:
            asked = 0
            for addr in [_email(k) for k in MEMBERS] + [DEMO_EMPLOYEE, "coordinator@rijnstad."
                                                                       "example"]:
                c = Client(s, lang=EN)
                r = c.post("/reset", {"email": addr}, csrf=c.csrf("/reset"))
                asked += r.status == 200
            deadline = time.monotonic() + 20
            while len(relay.received()) < asked and time.monotonic() < deadline:
                time.sleep(0.2)
            check(len(relay.received()) >= asked, f"{len(relay.received())} e-mails arrived of "
                  f"the {asked} asked for")
            _mail_check(relay, found)
            # A request to coordinate names the network, never the subgroup.
            asked = 0
            for _, rcpts, raw in relay.received():
                msg = email.message_from_bytes(raw, policy=email.policy.default)
                if "A request in Kring" not in str(msg["Subject"]):
                    continue
                asked += 1
                body = msg.get_content()
                for what in (SUB_NAME, SUB_SLUG, "/g/"):
                    if what in body:
                        found.append(f"the request to coordinate sent to {rcpts} names the "
                                     f"subgroup ({what!r})")
            check(asked == 3, f"{asked} requests to coordinate were read, expected 3")
        for f in sorted(set(found)):
            check(False, "LEAK: " + f)
        s.stop()
    finally:
        if relay:
            relay.stop()


# People a mailing list invites (`kring members invite`), with markers like the members': key
# -> whether they have an account already (none of them is a member of anything).
INVITEES = {"i1": False, "i2": False, "e1": True, "e2": True}
# Every address in a message: the body of an invitation may name its recipient, nobody else.
ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _invite_csv(keys_listed):
    """A mailing list: every invitee (one twice, in capitals), every marked member, a bad line
    with a marker of its own."""
    rows = ["e-mail;naam"]
    rows += [f"{_email(k)};{_name(k)}" for k in INVITEES]
    rows.append(f"  {_email('i1').upper()} ;{_name('i1')} (again)")
    rows += [f"{_email(k)};{_name(k)}" for k in keys_listed]
    rows.append(f"{_email_marker('bad')};{_name('bad')}")
    return "\n".join(rows) + "\n"


def _invite(s, slug, csv):
    """Runs `kring members invite` on csv for network slug; returns the counts it prints:
    (invited to make an account, with an account (invited to join unless a member already),
    duplicates, bad lines). It never says how many were members already: that would tell who
    is, with a list of one."""
    path = os.path.join(s.dir, f"invite-{slug}.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(csv)
    p = run_cli(["members", "invite", path, "--network", slug, "--db", s.db,
                 "--base-url", s.origin])
    require(p.returncode == 0, f"`kring members invite … --network {slug}` exited "
            f"{p.returncode}: {p.stderr.strip()[:300]!r}")
    m = re.search(r"(\d+) invited to make an account, (\d+) with an account invited to join "
                  r"unless they are a member already, (\d+) duplicates skipped, (\d+) bad lines",
                  p.stdout)
    check("member" not in p.stdout.replace("a member already", ""),
          f"`kring members invite` says something about members: {p.stdout.strip()!r}")
    require(m, f"`kring members invite` printed no summary: {p.stdout.strip()!r}")
    return tuple(int(x) for x in m.groups())


def _invitations(relay):
    """[(envelope recipients, parsed message, raw bytes)] of the invitations received."""
    out = []
    for _, rcpts, raw in relay.received():
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        if "Uitnodiging" in str(msg["Subject"]):
            out.append((rcpts, msg, raw))
    return out


def _invitation_check(relay, origin, expected, accounts, found):
    """Each invitation goes to one invited address alone, names nobody else, and lists nobody:
    no other address, no other person's marker, no other account's name. expected: {address:
    number of invitations it must get}; accounts: user_list()."""
    everyone = {k: (_name_marker(k), _email_marker(k)) for k in list(MEMBERS) + list(INVITEES)}
    everyone["bad"] = (_name_marker("bad"), _email_marker("bad"))
    got = {}
    for rcpts, msg, raw in _invitations(relay):
        to = [a.lower() for a in rcpts]
        header_to = [a.addr_spec.lower() for a in msg["To"].addresses] if msg["To"] else []
        what = f"the invitation to {to}"
        if len(to) != 1 or header_to != to:
            found.append(f"{what} has the envelope recipients {to} and To {header_to}, "
                         "expected one address, the same in both")
        for h in ("Cc", "Bcc", "Reply-To"):
            if msg[h] is not None:
                found.append(f"{what} has a {h} header: {msg[h]}")
        if not to:
            continue
        rcpt = to[0]
        got[rcpt] = got.get(rcpt, 0) + 1
        if rcpt not in expected:
            found.append(f"an invitation went to {rcpt}, who was not invited (or is a member "
                         "already)")
        body = msg.get_content()
        text = raw.decode("utf-8", "replace") + "\n" + body
        if f"{origin}/invite/" not in body and f"{origin}/n/" not in body:
            found.append(f"{what} has neither an /invite/ link nor a network's page")
        for key, markers in everyone.items():
            if _email(key) == rcpt:
                continue
            for kind, marker in zip(("name", "e-mail address"), markers):
                if marker.lower() in text.lower():
                    who = f"member {key} ({MEMBERS[key]})" if key in MEMBERS else \
                        f"invitee {key}"
                    found.append(f"{what} holds the {kind} of {who}")
        for key, groups in MEMBERS.items():
            for group, app in groups.items():
                if _email(key) != rcpt and (_pseudonym(key, group) in text or
                                            _line(key, group) in text):
                    found.append(f"{what} holds the pseudonym or line of member {key}")
        for addr in ADDRESS.findall(body):
            if addr.lower() != rcpt:
                found.append(f"{what} names the address {addr}")
        for addr, (_, name, _) in accounts.items():
            if addr != rcpt and name in body:
                found.append(f"{what} names the account {name!r}")
    for addr, n in expected.items():
        if got.get(addr, 0) != n:
            found.append(f"{addr} got {got.get(addr, 0)} invitations, expected {n}")


@test
def leaks_invitations_from_a_mailing_list_name_only_the_invited():
    """`kring members invite` for a network with members of every appearance choice: every
    invitation goes to the invited address alone and holds nothing of anyone else; members are
    not invited again. Then the same list for a network they are not in: the members' own
    invitations hold nothing of the others either."""
    relay = Relay().start()
    try:
        port = free_port()
        s = Server(["--base-url", f"http://{HOST}:{port}", "--smtp",
                    f"smtp://{HOST}:{relay.port}", "--mail-from", "kring@example.org"],
                   env={"KRING_MAIL_RETRY_BASE": "1"})
        s.start(port=port)
        _set_up_members(s)
        for k, has_account in INVITEES.items():
            if has_account:
                user_add(s.db, _email(k), _name(k))
        new = sum(1 for v in INVITEES.values() if not v)
        old = len(INVITEES) - new
        # The members of the network (those asked to coordinate are members of nothing).
        listed = [k for k, groups in MEMBERS.items() if NET in groups]
        # 1. The network the marked members are in: the invitees are invited, the members not
        #    (which members were skipped is not this test's business: not asserted).
        got = _invite(s, NET_SLUG, _invite_csv(listed))
        want = (new, old + len(listed), 1, 1)
        check(got == want,
              f"`kring members invite --network {NET_SLUG}`: (invited, with an account, "
              f"duplicates, bad) = {got}, expected {want}")
        # 2. Another network: now the marked members are invited too (to join). The summary
        #    reads the same as in 1: it does not tell members from the others.
        other = "neurokring"
        got2 = _invite(s, other, _invite_csv(listed))
        check(got2 == want, f"`kring members invite --network {other}`: {got2}, expected {want}")
        queued = 2 * new + 2 * old + len(listed)
        deadline = time.monotonic() + 30
        while len(_invitations(relay)) < queued and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.5)  # the worker polls every second: one sent twice would show by now
        check(len(_invitations(relay)) == queued, f"{len(_invitations(relay))} invitations "
              f"arrived, {queued} were queued")
        expected = {_email(k): 2 for k in INVITEES}
        expected.update({_email(k): 1 for k in listed})
        found = []
        _invitation_check(relay, s.origin, expected, user_list(s.db), found)
        _mail_check(relay, found)
        for f in sorted(set(found)):
            check(False, "LEAK: " + f)
        s.stop()
    finally:
        relay.stop()


def _pages(viewer, paths):
    """{path: (status, body)} of each path as viewer (the body without the page's CSRF token,
    which is the session's and says nothing about anyone else)."""
    out = {}
    for path in paths:
        r = viewer.get(path)
        body = r.body.decode("utf-8", "replace")
        token = htmlcheck.csrf_token(body) if "html" in r.content_type else None
        out[path] = (r.status, body.replace(token, "TOKEN") if token else body)
    return out


@test
def leaks_silent_join_changes_no_page_until_the_night():
    """The member who takes a network to a multiple of five (the demo's members count too)
    joins as a silent follower. Until the nightly snapshot (here `kring figures refresh`) no
    page any other role opens changes, its member count included; after it, the count does
    (so the comparison can see a change)."""
    with Server() as s:
        rows = s.sql("SELECT g.members FROM group_size g JOIN network n ON n.id ="
                     " g.network_id WHERE n.slug = ? AND g.subgroup_id = 0", (NET_SLUG,))
        have = rows[0][0] if rows else 0
        for k in range(4 - have % 5):
            user_add(s.db, f"zqstil{k}@rijnstad.example", f"Zqstil{k} Collega")
            c = Client(s, lang=EN)
            c.sign_in(f"zqstil{k}@rijnstad.example")
            join(c, NET, "silent")
        p = run_cli(["figures", "refresh", "--db", s.db])
        require(p.returncode == 0, f"`kring figures refresh` exited {p.returncode}")
        viewers = {}
        for role, addr, full in (("employee (no member)", DEMO_EMPLOYEE, False),
                                 ("contact point", DEMO["contact"], False),
                                 ("core team (chair)", DEMO["chair"], True)):
            c = Client(s, lang=EN)
            sign_in_full(c, addr) if full else c.sign_in(addr)
            viewers[role] = c
        paths = [p for pattern, p in _paths_of_routes(()) if "{" not in p and
                 not pattern.startswith("/static/")]
        before = {role: _pages(c, paths) for role, c in viewers.items()}
        # A page that differs between two reads with nothing done (a new two-step secret on
        # each visit) cannot be compared.
        for role, c in viewers.items():
            again = _pages(c, paths)
            for p in [p for p in paths if again[p] != before[role][p]]:
                del before[role][p]
        require(all(NET in b for b in before.values()), f"GET {NET} differs between two reads")
        user_add(s.db, "zqstil5@rijnstad.example", "Zqstil5 Collega")
        fifth = Client(s, lang=EN)
        fifth.sign_in("zqstil5@rijnstad.example")
        join(fifth, NET, "silent")
        for role, c in viewers.items():
            after = _pages(c, paths)
            changed = [p for p in before[role] if after[p] != before[role][p]]
            check(not changed, f"{role}: right after a silent join these pages changed: "
                  f"{changed}")
        p = run_cli(["figures", "refresh", "--db", s.db])
        require(p.returncode == 0, f"`kring figures refresh` exited {p.returncode}")
        after = _pages(viewers["employee (no member)"], [NET])
        check(after[NET] != before["employee (no member)"][NET],
              f"after the snapshot GET {NET} still shows what it showed before the last join")
