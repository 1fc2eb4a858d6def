# SPDX-License-Identifier: AGPL-3.0-or-later
"""htmlcheck.py: reading Kring's HTML as a user agent would: the elements in document order, the
visible text, the CSRF token, and two verdicts on a page: the structural accessibility facts
every page must have (STYLE.md: lang, one <h1>, <main id="main">, a skip link first, labelled
controls, unique ids, no heading level skipped) and Debian's HTML Tidy 5.6 run over it
(`tidy -q -e`)."""

import html.parser
import re
import shutil
import subprocess

# Tidy 5.6 (2017) predates parts of HTML5 and WAI-ARIA; these warnings are wrong for a valid
# HTML5 document, so they do not fail a page. Every other warning and every error does.
TIDY_FALSE_POSITIVES = [
    # Attributes of the HTML Living Standard or WAI-ARIA 1.1+ that tidy 5.6 does not know:
    # aria-current (ARIA 1.1, marks the current page in navigation), nonce (CSP), inputmode,
    # enterkeyhint and autocapitalize (virtual keyboards), loading/decoding/fetchpriority (img),
    # translate. Verified: tidy 5.6 reports each as a "proprietary attribute".
    (re.compile(r'^<\w+> proprietary attribute "(aria-current|aria-description|nonce|inputmode|'
                r'enterkeyhint|autocapitalize|loading|decoding|fetchpriority|translate)"$'),
     "valid HTML5/ARIA attribute unknown to tidy 5.6"),
    # An empty <span> is valid HTML5 (a decorative hook, e.g. aria-hidden icon); tidy merely
    # announces it would drop it. Empty <p>, headings, buttons and list items stay failures.
    (re.compile(r"^trimming empty <span>$"), "empty span is valid HTML5"),
]

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class Element:
    def __init__(self, tag, attrs, index, in_label, in_form, parent=None):
        self.tag = tag
        self.attrs = attrs
        self.index = index
        self.in_label = in_label
        self.in_form = in_form  # the index of the enclosing <form>, or None
        self.parent = parent    # the index of the enclosing element, or None
        self.text = ""          # the text directly and indirectly inside (filled at the end)

    def get(self, name, default=None):
        v = self.attrs.get(name, default)
        return "" if v is None and name in self.attrs else v

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"


class _Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.open = []  # indexes of open elements
        self.text = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        labels = any(self.elements[i].tag == "label" for i in self.open)
        forms = [i for i in self.open if self.elements[i].tag == "form"]
        el = Element(tag, dict(attrs), len(self.elements), labels, forms[-1] if forms else None,
                     self.open[-1] if self.open else None)
        self.elements.append(el)
        if tag in ("script", "style", "template"):
            self.skip += 1
        if tag not in _VOID:
            self.open.append(el.index)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.open and self.open[-1] == len(self.elements) - 1:
            self.open.pop()

    def handle_endtag(self, tag):
        for pos in range(len(self.open) - 1, -1, -1):
            if self.elements[self.open[pos]].tag == tag:
                if tag in ("script", "style", "template"):
                    self.skip = max(0, self.skip - 1)
                del self.open[pos:]
                break

    def handle_data(self, data):
        if self.skip:
            return
        self.text.append(data)
        for i in self.open:
            self.elements[i].text += data


def parse(text):
    p = _Parser()
    p.feed(text)
    p.close()
    return p


def elements(text, tag=None):
    els = parse(text).elements
    return [e for e in els if tag is None or e.tag == tag]


def visible_text(text):
    """The page's text (no tags, scripts or attribute values), whitespace collapsed."""
    return " ".join("".join(parse(text).text).split())


def html_attrs(text):
    els = elements(text, "html")
    return els[0].attrs if els else {}


def csrf_token(text):
    """The value of the first hidden input named csrf, or None."""
    for e in elements(text, "input"):
        if e.get("name") == "csrf" and (e.get("type") or "").lower() == "hidden":
            return e.get("value")
    return None


def langs_of_text(text, snippet):
    """The language (the nearest lang attribute, None when none) of each innermost element whose
    text holds snippet (whitespace collapsed), in document order; [] when none holds it."""
    els = parse(text).elements
    want = " ".join(snippet.split())
    holding = [e for e in els if e.tag not in ("script", "style", "title", "head")
               and want in " ".join(e.text.split())]
    outer = set()
    for e in holding:
        p = e.parent
        while p is not None:
            outer.add(p)
            p = els[p].parent
    out = []
    for e in holding:
        if e.index in outer:
            continue
        lang = None
        while e is not None:
            if "lang" in e.attrs:
                lang = e.get("lang")
                break
            e = els[e.parent] if e.parent is not None else None
        out.append(lang)
    return out


def h1_text(text):
    h = elements(text, "h1")
    return " ".join(h[0].text.split()) if h else None


def stylesheet_href(text):
    for e in elements(text, "link"):
        if "stylesheet" in (e.get("rel") or "").lower().split():
            return e.get("href")
    return None


def heading_skips(els):
    """Where a heading is more than one level below the heading before it (h1 then h3, or a
    page that starts at h2): a screen reader's list of headings then misses a level."""
    probs = []
    prev = 0
    for e in els:
        if not re.fullmatch(r"h[1-6]", e.tag):
            continue
        level = int(e.tag[1])
        if level > prev + 1:
            before = f"<h{prev}>" if prev else "the start of the page"
            probs.append(f'heading level skipped: <{e.tag}> "{" ".join(e.text.split())[:60]}" '
                         f"after {before}")
        prev = level
    return probs


def structure_problems(text, lang=None):
    """The structural accessibility facts a page lacks, as a list of short messages."""
    probs = []
    els = parse(text).elements
    html_el = [e for e in els if e.tag == "html"]
    page_lang = html_el[0].get("lang") if html_el else None
    if not page_lang:
        probs.append("<html> has no lang")
    elif lang and page_lang != lang:
        probs.append(f'lang="{page_lang}", expected "{lang}"')
    n_h1 = len([e for e in els if e.tag == "h1"])
    if n_h1 != 1:
        probs.append(f"{n_h1} <h1> elements, expected exactly 1")
    elif not h1_text(text):
        probs.append("the <h1> is empty")
    probs.extend(heading_skips(els))
    mains = [e for e in els if e.tag == "main"]
    if len(mains) != 1:
        probs.append(f"{len(mains)} <main> elements, expected 1")
    elif mains[0].get("id") != "main":
        probs.append(f'<main> has id={mains[0].get("id")!r}, expected "main"')
    links = [e for e in els if e.tag == "a" and e.get("href") is not None]
    if not links:
        probs.append("no links at all, so no skip link")
    elif links[0].get("href") != "#main":
        probs.append(f'the first link goes to {links[0].get("href")!r}, not the skip link "#main"')
    def in_svg(e):  # an SVG's <title> is its text alternative, not the page's title
        while e.parent is not None:
            e = els[e.parent]
            if e.tag == "svg":
                return True
        return False

    titles = [e for e in els if e.tag == "title" and not in_svg(e)]
    if len(titles) != 1 or not titles[0].text.strip():
        probs.append("no (or an empty) <title>")
    # Every visible form control has an accessible name from a <label> (or ARIA).
    label_for = {e.get("for") for e in els if e.tag == "label" and e.get("for")}
    ids = [e.get("id") for e in els if e.get("id")]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        probs.append(f"duplicate ids: {', '.join(dup)}")
    for e in els:
        if e.tag not in ("input", "select", "textarea"):
            continue
        typ = (e.get("type") or "text").lower()
        if e.tag == "input" and typ in ("hidden", "submit", "button", "reset", "image"):
            continue
        named = (e.in_label or (e.get("id") and e.get("id") in label_for)
                 or e.get("aria-label") or e.get("aria-labelledby"))
        if not named:
            probs.append(f"<{e.tag} name={e.get('name')!r}> has no label")
    for e in els:
        if e.tag == "button" and not " ".join(e.text.split()) and not e.get("aria-label"):
            probs.append(f"<button name={e.get('name')!r}> has no text")
    return probs


def tidy_available():
    return shutil.which("tidy") is not None


def tidy_problems(text):
    """tidy -q -e over the page: its errors and warnings, less TIDY_FALSE_POSITIVES."""
    if not tidy_available():
        return ["tidy is not installed (apt-get install tidy)"]
    p = subprocess.run(["tidy", "-q", "-e"], input=text.encode("utf-8"), capture_output=True,
                       timeout=30)
    out = p.stderr.decode("utf-8", "replace") + p.stdout.decode("utf-8", "replace")
    probs = []
    for line in out.splitlines():
        m = re.match(r"^line \d+ column \d+ - (Error|Warning|Access): (.*)$", line.strip())
        if not m:
            continue
        if m.group(1) == "Warning" and any(rx.match(m.group(2)) for rx, _ in
                                           TIDY_FALSE_POSITIVES):
            continue
        probs.append(line.strip())
    if p.returncode == 2 and not any(" - Error: " in x for x in probs):
        probs.append("tidy exited 2 (errors): " + " ".join(out.split())[:300])
    return probs
