# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_leaks_events.py: the leak suite for events (issue 11). Registrants with a unique marker
in their name register for an event of Neurokring (on site and online, with a meeting link that
is a marker too) in every way there is: not named, named as a non-member, named as a member
under a pseudonym, named as a silent follower. Then every role signs in and fetches every GET
route of the features' routes.c (events and networks filled in) and every page those link to,
one level deep, and the outbox is read. A marker may show only where the person's choice
allows it:

- a registrant who is not named: nowhere (others see a count);
- named: on the event's page, for fellow attendees with a place and the organisers (the
  network's core team), by name when not a member, by pseudonym when under one; a silent
  follower appears nowhere;
- the meeting link: to those with a place online and to the organisers (on the event's page
  and in its calendar file), nowhere else;
- an e-mail (the promotion from the waiting list, the calendar invitations and their
  cancellation): to its recipient only, naming nobody else and holding no other address; the
  meeting link only in the invitation of someone with a place online;
- access needs (each registrant ticks a need and writes own words that are a marker; one keeps
  them as a profile): to the organisers on the event's arrangements page only, without a
  name, and to the person; never in an e-mail or a feed;
- a calendar feed: a registrant's own shows nobody (the meeting link for a place online); the
  network's feed shows no registrant and no meeting link.

The person's own pages (their account, "my data") are theirs and not looked at as them."""

import datetime
import re

import htmlcheck
from harness import (DEMO, DEMO_EMPLOYEE, Client, Server, app_routes, check, join, require,
                     sign_in_full, test, user_add, db_connect)

from test_events import event_fields, plan, register, cancel

EN = "en-GB,en;q=0.9"
LINK = "https://meet.example/zqgeheimlink"
NET = "/n/neurokring"
ADMIN_ACCOUNT_PAGES = {"/admin/accounts", "/admin/audit"}
# key -> (membership appearance in Neurokring or None, named, place)
REGISTRANTS = {
    "an": (None, False, "site"),
    "nv": (None, True, "site"),
    "np": ("pseudonym", True, "site"),
    "ns": ("silent", True, "site"),
    "on": (None, False, "online"),
}


def _name(key):
    return f"Zq{key}regnaam Deelnemer"


def _pseudonym(key):
    return f"Zq{key}regpseudo"


def _need(key):
    return f"Zq{key}behoefte"


def _markers():
    out = [("meeting link", None, LINK)]
    for key, (app, _, _) in REGISTRANTS.items():
        out.append(("name", key, f"Zq{key}regnaam"))
        if app == "pseudonym":
            out.append(("pseudonym", key, _pseudonym(key)))
        out.append(("access need", key, _need(key)))
    return out


class Viewer:
    def __init__(self, role, client, organiser=False, attendee=False, online=False, key=None):
        self.role, self.client = role, client
        self.organiser, self.attendee, self.online, self.key = organiser, attendee, online, key


def _allowed(viewer, path, kind, key, event_path):
    if key is not None and viewer.key == key:
        return True  # their own pages
    if kind == "access need":
        return path == event_path + "/arrangements" and viewer.organiser
    if kind == "meeting link":
        return (path in (event_path, event_path + ".ics") and
                (viewer.organiser or viewer.online)) or \
            (path == event_path + "/edit" and viewer.organiser)
    # Not about registrations: the administrator's account pages name accounts, and the
    # network's directory shows a pseudonym to fellow members and the core team (the
    # membership rule, test_leaks.py).
    if kind == "name" and viewer.role == "administrator" and path in ADMIN_ACCOUNT_PAGES:
        return True
    if kind == "pseudonym" and path == NET + "/members" and (
            viewer.organiser or (viewer.key and REGISTRANTS[viewer.key][0])):
        return True
    app, named, _ = REGISTRANTS[key]
    if not named or app == "silent":
        return False
    on_event = path == event_path and (viewer.organiser or viewer.attendee)
    if kind == "name":
        return on_event and app is None
    return on_event and app == "pseudonym"


def _links(r):
    if "html" not in r.content_type:
        return []
    out = []
    for e in htmlcheck.elements(r.text):
        v = e.get("href") if e.tag in ("a", "link") else None
        if v and v.startswith("/") and not v.startswith("//"):
            out.append(v.split("#")[0])
    return out


def _crawl(client, eid, mid):
    """Every GET route (filled in) and every page they link to, one level deep: yields
    (path, response)."""
    todo, fetched = _paths(eid, mid), set()
    for _ in range(2):
        nxt = []
        for path in todo:
            if path in fetched:
                continue
            fetched.add(path)
            r = client.get(path)
            yield path, r
            nxt += [p for p in _links(r) if not p.startswith("/static/")]
        todo = nxt


def _paths(eid, mid):
    out = []
    for method, pattern, _, _ in app_routes():
        if method != "GET" or "{version}" in pattern or "{token}" in pattern:
            continue
        paths = [pattern]
        if "{slug}" in pattern:
            paths = [p.replace("{slug}", s) for p in paths for s in ("neurokring",
                                                                     "iedereen-telt")]
        if "{id}" in pattern:
            paths = [p.replace("{id}", str(i)) for p in paths for i in (eid, mid)]
        paths = [p.replace("{sub}", "adhd") for p in paths]
        out += paths
    return out + ["/events?network=neurokring"]


@test
def leaks_events_registrations_and_the_meeting_link():
    with Server() as s:
        sec = Client(s, lang=EN)
        sign_in_full(sec, DEMO["secretary"])
        eid = plan(sec, title="Zqlekbijeenkomst", capacity_site="3", online="1",
                   capacity_online="5", meeting_url=LINK)
        mid = plan(sec, title="Zqlekleden", audience="members")
        event_path = f"/events/{eid}"
        viewers = {}
        for key, (app, named, place) in REGISTRANTS.items():
            addr = f"zq{key}reg@rijnstad.example"
            user_add(s.db, addr, _name(key))
            c = Client(s, lang=EN)
            c.sign_in(addr)
            if app:
                join(c, NET, app, pseudonym=_pseudonym(key) if app == "pseudonym" else "")
            extra = [("need_captions", "1"), ("need_other", _need(key))]
            if key == "nv":
                extra.append(("keep_needs", "1"))
            register(c, eid, place=place, named=named, extra=extra)
            viewers[key] = Viewer(f"registrant {key}", c, attendee=True,
                                  online=place == "online", key=key)
        # The fourth on site waits (3 places): "ns" is on the waiting list, so no attendee.
        viewers["ns"].attendee = False
        viewers["secretary"] = Viewer("core team (organiser)", sec, organiser=True)
        for role, addr, full in (("employee", DEMO_EMPLOYEE, False),
                                 ("contact point", DEMO["contact"], False),
                                 ("ambassador", DEMO["ambassador"], False),
                                 ("core team of another network", DEMO["chair"], True),
                                 ("administrator", DEMO["admin"], True)):
            c = Client(s, lang=EN)
            sign_in_full(c, addr) if full else c.sign_in(addr)
            viewers[role] = Viewer(role, c)
        viewers["signed out"] = Viewer("signed out", Client(s, lang=EN))
        found = []

        for v in viewers.values():
            fetched = 0
            for path, r in _crawl(v.client, eid, mid):
                fetched += 1
                text = "\n".join(f"{k}: {x}" for k, x in r.headers) + \
                    r.body.decode("utf-8", "replace")
                bare = path.split("?")[0]
                for kind, key, marker in _markers():
                    if marker in text and not _allowed(v, bare, kind, key, event_path):
                        found.append(f"{v.role} sees the {kind} of {key} on GET {path}")
            check(fetched > 20, f"as {v.role} only {fetched} pages were fetched")
        # The suite can fail: what must show does show.
        t = sec.get(event_path).text
        for m in (f"Zqnvregnaam", _pseudonym("np"), LINK):
            check(m in t, f"the organiser's event page does not show {m!r}")
        t = sec.get(event_path + "/arrangements").text
        for key in ("an", "nv", "np", "on"):
            check(_need(key) in t, f"the arrangements page does not show the needs of {key}")
        check(_name("nv") not in t, "the arrangements page names a registrant")
        check(viewers["employee"].client.get(event_path + "/arrangements").status == 403,
              "an employee may see the arrangements page")
        check(_need("nv") in viewers["nv"].client.get("/events/needs").text,
              "the profile page does not show the kept needs (the check can fail)")
        check(LINK in viewers["on"].client.get(event_path).text,
              "the online attendee does not see the meeting link")
        t = viewers["an"].client.get(event_path).text
        check("Zqnvregnaam" in t and _pseudonym("np") in t,
              "a fellow attendee does not see those who chose to be named")
        # The e-mail of a promotion goes to the promoted person alone and names nobody else.
        cancel(viewers["an"].client, eid)
        con = db_connect(s.db)
        rows = con.execute("SELECT to_addr, subject, body, coalesce(calendar, '') FROM outbox"
                           " WHERE subject LIKE '%Zqlekbijeenkomst%'").fetchall()
        con.close()
        promoted = [r[0] for r in rows if r[1].startswith("You have a place")]
        check(promoted == ["zqnsreg@rijnstad.example"], f"the promotion e-mails: {promoted}")
        # The invitations (issue 11): one to each confirmed registrant, the cancellation to
        # the one who cancelled, each naming its recipient alone; the meeting link only in
        # the invitation of the one with a place online.
        invited = sorted(r[0] for r in rows if "METHOD:REQUEST" in r[3])
        check(invited == sorted(f"zq{k}reg@rijnstad.example" for k in ("an", "nv", "np", "on",
                                                                          "ns")),
              f"the invitations went to {invited}")
        cancelled = [r[0] for r in rows if "METHOD:CANCEL" in r[3]]
        check(cancelled == ["zqanreg@rijnstad.example"], f"the cancellations: {cancelled}")
        addresses = [f"zq{k}reg@rijnstad.example" for k in REGISTRANTS] + list(DEMO.values())
        for to, subject, body, calendar in rows:
            text = subject + body + calendar
            for kind, key, marker in _markers():
                if kind == "meeting link":
                    if marker in text and to != "zqonreg@rijnstad.example":
                        found.append(f"the e-mail to {to} holds the meeting link")
                elif marker in text and to != f"zq{key}reg@rijnstad.example":
                    found.append(f"the e-mail to {to} shows the {kind} of {key}")
            for a in addresses:
                if a != to and a in text:
                    found.append(f"the e-mail to {to} holds the address {a}")
        check(any(LINK in r[3] for r in rows if r[0] == "zqonreg@rijnstad.example"),
              "the online registrant's invitation lacks the meeting link (the check can fail)")
        # The feeds (issue 11): a registrant's own feed shows their own entries only (the
        # meeting link for the one online); the network's feed no registrant at all.
        def feed(c, which):
            r = c.get("/events/feeds")
            c.token = htmlcheck.csrf_token(r.text) or c.token
            r = c.post("/events/feeds", {"feed": which})
            m = re.search(r'<code class="feed-address">https?://[^/<]+(/[^<]+\.ics)</code>',
                          r.text)
            require(r.status == 200 and m, f"making the feed {which}: {r.status}")
            return c.get(m.group(1), cookies=False).text

        for key in ("on", "nv"):
            text = feed(viewers[key].client, "me")
            check("BEGIN:VEVENT" in text, f"the feed of {key} is empty")
            for kind, k2, marker in _markers():
                if marker in text and not (kind == "meeting link" and key == "on"):
                    found.append(f"the feed of {key} shows the {kind} of {k2}")
        text = feed(sec, "neurokring")
        check("Zqlekbijeenkomst" in text, "the network's feed lacks its event")
        for kind, key, marker in _markers():
            if marker in text:
                found.append(f"the network's feed shows the {kind} of {key}")
        for a in [f"zq{k}reg@rijnstad.example" for k in REGISTRANTS]:
            if a in text:
                found.append(f"the network's feed holds the address {a}")
        for f in sorted(set(found)):
            check(False, "LEAK: " + f)


@test
def leaks_events_feedback():
    """Feedback after an event (issue 11): ten who had a place answer with texts that are
    markers. The texts may show only to the organisers, on the event's answers page, and never
    beside a name; nobody else sees them anywhere, the writers included (an answer is not
    linked to them); no e-mail holds them."""
    from test_feedback import give, people, to_the_past
    with Server() as s:
        sec = Client(s, lang=EN)
        sign_in_full(sec, DEMO["secretary"])
        eid = plan(sec, title="Zqlekterugblik", capacity_site="20")
        cs = people(s, 10, "lekfb")
        for c in cs:
            register(c, eid, named=True)
        to_the_past(s.db, eid)
        for i, c in enumerate(cs):
            give(c, eid, "4", "partly", f"Zq{i}fbbeter", f"Zq{i}fbvrij")
        markers = [f"Zq{i}fbbeter" for i in range(10)] + [f"Zq{i}fbvrij" for i in range(10)]
        answers_page = f"/events/{eid}/answers"
        t = sec.get(answers_page).text
        check(all(m in t for m in markers), "the organiser does not see every text (the check "
              "can fail)")
        check("Zqlekfbnaam" not in t, "the answers page names a registrant")
        viewers = [("core team (organiser)", sec, True), ("registrant", cs[0], False),
                   ("another registrant", cs[5], False)]
        for role, addr, full in (("employee", DEMO_EMPLOYEE, False),
                                 ("contact point", DEMO["contact"], False),
                                 ("ambassador", DEMO["ambassador"], False),
                                 ("core team of another network", DEMO["chair"], True),
                                 ("administrator", DEMO["admin"], True)):
            c = Client(s, lang=EN)
            sign_in_full(c, addr) if full else c.sign_in(addr)
            viewers.append((role, c, False))
        viewers.append(("signed out", Client(s, lang=EN), False))
        found = []
        for role, c, is_organiser in viewers:
            fetched = 0
            for path, r in _crawl(c, eid, eid):
                fetched += 1
                text = r.body.decode("utf-8", "replace")
                for m in markers:
                    if m in text and not (is_organiser and path == answers_page):
                        found.append(f"{role} sees the text {m} on GET {path}")
            check(fetched > 20, f"as {role} only {fetched} pages were fetched")
        con = db_connect(s.db)
        rows = con.execute("SELECT to_addr, subject, body FROM outbox").fetchall()
        con.close()
        for to, subject, body in rows:
            for m in markers:
                if m in subject + body:
                    found.append(f"the e-mail to {to} holds the text {m}")
        for f in sorted(set(found)):
            check(False, "LEAK: " + f)
