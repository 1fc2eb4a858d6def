# SPDX-License-Identifier: AGPL-3.0-or-later
"""test_photo.py: a member's photo (issue 4), black box over HTTP: uploading one as a browser
does (multipart/form-data), what Kring keeps of it (a new 256 × 256 JPEG without the original's
metadata), refused uploads that change nothing, the photo shown only where its owner chose to be
visible and only to those who may see that directory, removing it, "my data", and deleting the
account. Test images are made here (PNG with zlib); markers (Zq…) occur nowhere else."""

import base64
import json
import socket
import struct
import zlib

import htmlcheck
from harness import (DEMO, Client, Server, check, db_files, directory, error_summary, join,
                     require, set_appearance, sign_in_full, test, user_add)

EN = "en-GB,en;q=0.9"
NET = "/n/neurokring"
MARKER = b"ZqPhotoMetadataMarker"


def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def png(w, h, text=MARKER, claim=None):
    """A w × h RGB PNG with a tEXt chunk holding text; claim=(W, H) writes other dimensions in
    its header (the data stays w × h)."""
    rows = b"".join(b"\x00" + bytes(v for x in range(w) for v in (x * 7 % 256, y * 5 % 256, 90))
                    for y in range(h))
    cw, ch = claim or (w, h)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", cw, ch, 8, 2, 0, 0, 0))
            + _chunk(b"tEXt", b"Author\x00" + text) + _chunk(b"IDAT", zlib.compress(rows))
            + _chunk(b"IEND", b""))


def jpeg_size(data):
    """(width, height) from a JPEG's first frame header, or None."""
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        m = data[i + 1]
        n = struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        i += 2 + n
    return None


def upload(c, data, name="photo", filename="me.png", ctype="image/png", csrf=True,
           path="/account/photo"):
    """POSTs a multipart form as a browser does: the csrf field, then the file."""
    b = "----ZqBoundary7MA4YWxkTrZu0gW"
    parts = []
    if csrf:
        tok = csrf if isinstance(csrf, str) else (c.token or c.csrf("/account/photo"))
        parts.append(f'--{b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{tok}\r\n'
                     .encode())
    parts.append(f'--{b}\r\nContent-Disposition: form-data; name="{name}"; '
                 f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
                 + data + b"\r\n")
    body = b"".join(parts) + f"--{b}--\r\n".encode()
    return c.request("POST", path, body=body, headers={
        "Content-Type": f"multipart/form-data; boundary={b}",
        "Origin": c.server.origin, "Sec-Fetch-Site": "same-origin"})


def _too_big_status(s, c):
    """The status line's code for an upload announced as 11 MB, sent without its body: the
    server must answer from Content-Length alone."""
    cookies = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
    head = (f"POST /account/photo HTTP/1.1\r\nHost: 127.0.0.1:{s.port}\r\n"
            f"Cookie: {cookies}\r\nOrigin: {s.origin}\r\nSec-Fetch-Site: same-origin\r\n"
            "Content-Type: multipart/form-data; boundary=zq\r\n"
            f"Content-Length: {11 * 1024 * 1024}\r\n\r\n")
    with socket.create_connection(("127.0.0.1", s.port), timeout=5) as sock:
        sock.sendall(head.encode())
        line = sock.makefile("rb").readline().decode()
    parts = line.split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else line


def _client(s, email, full=False):
    c = Client(s, lang=EN)
    if full:
        sign_in_full(c, email)
    else:
        c.sign_in(email)
    return c


def _person(s, key):
    email = f"zq{key}@rijnstad.example"
    aid = user_add(s.db, email, f"Zq{key.capitalize()} Fotograaf")
    return email, aid, _client(s, email)


def _photo_srcs(r):
    return [e.get("src") for e in htmlcheck.elements(r.text)
            if e.tag == "img" and "/photo" in (e.get("src") or "")]


@test
def photo_upload_is_remade_without_metadata():
    with Server() as s:
        _, _, c = _person(s, "ana")
        r = c.get("/account/photo")
        check(r.status == 200, f"GET /account/photo: {r.status}")
        form = [e for e in htmlcheck.elements(r.text) if e.tag == "form"
                and e.get("action") == "/account/photo"]
        check(form and form[0].get("enctype") == "multipart/form-data",
              "the upload form does not send multipart/form-data")
        check('type="file"' in r.text and 'accept="image/jpeg,image/png"' in r.text,
              "no file input for JPEG or PNG")
        check(c.get("/account/photo.jpg").status == 404, "a photo before any was uploaded")
        r = upload(c, png(300, 200))
        check(r.status == 303 and r.header("Location") == "/account/photo?done=saved",
              f"upload: {r.status} {r.header('Location')}")
        r = c.get("/account/photo?done=saved")
        check("Your photo is saved" in r.text, "no confirmation after the upload")
        check('src="/account/photo.jpg"' in r.text, "the page does not show the new photo")
        r = c.get("/account/photo.jpg")
        check(r.status == 200 and r.content_type == "image/jpeg",
              f"GET /account/photo.jpg: {r.status} {r.content_type}")
        check(jpeg_size(r.body) == (256, 256), f"stored size {jpeg_size(r.body)}, not 256 × 256")
        check(MARKER not in r.body, "the original's metadata survived in the stored photo")
        check(r.header("X-Content-Type-Options") == "nosniff", "photo without nosniff")
        check("no-store" in (r.header("Cache-Control") or ""), "photo may be cached")
        # Nothing of the upload in the database's files either.
        for name, data in db_files(s.db).items():
            check(MARKER not in data, f"the upload's metadata is in the database file {name}")


@test
def photo_refused_uploads_change_nothing():
    with Server() as s:
        _, _, c = _person(s, "bo")
        require(upload(c, png(40, 40)).status == 303, "first upload")
        before = c.get("/account/photo.jpg").body
        cases = [
            ("no file chosen", b"", "application/octet-stream", "Choose a photo"),
            ("a text file", b"Zq just text, not a photo\n", "text/plain", "not a JPEG or PNG"),
            ("a GIF", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif", "not a JPEG or PNG"),
            ("too many pixels", png(2, 2, claim=(20000, 20000)), "image/png", "too many pixels"),
            ("damaged", png(64, 64)[:60], "image/png", "could not be read"),
        ]
        for what, data, ctype, says in cases:
            r = upload(c, data, ctype=ctype, filename="" if not data else "x")
            check(r.status == 400, f"{what}: {r.status}, expected 400")
            summary = error_summary(r) or ""
            check(says in summary, f"{what}: error summary {summary!r} lacks {says!r}")
            check(r.text.count('aria-invalid="true"') == 1, f"{what}: field not marked invalid")
            check("<title>Error:" in r.text, f"{what}: the title does not say Error")
            check(c.get("/account/photo.jpg").body == before, f"{what}: the photo changed")
        # A field the form does not have, no token, a token of nobody: nothing changes.
        r = upload(c, png(8, 8), name="picture")
        check(r.status == 400, f"an unknown file field: {r.status}, expected 400")
        r = upload(c, png(8, 8), csrf=False)
        check(r.status == 403, f"an upload without CSRF token: {r.status}, expected 403")
        r = upload(c, png(8, 8), csrf="x" * 43)
        check(r.status == 403, f"an upload with a wrong token: {r.status}, expected 403")
        # Larger than the route accepts: refused from Content-Length, before any byte is read.
        status = _too_big_status(s, c)
        check(status == 413, f"an 11 MB upload: {status}, expected 413")
        check(c.get("/account/photo.jpg").body == before, "a refused upload changed the photo")
        # Signed out: no upload.
        anon = Client(s, lang=EN)
        r = upload(anon, png(8, 8), csrf=anon.csrf("/"))
        check(r.status in (303, 401, 403), f"an upload signed out: {r.status}")


@test
def photo_shown_only_where_visible():
    with Server() as s:
        _, ana_id, ana = _person(s, "cas")
        _, _, fellow = _person(s, "dirk")
        _, _, outsider = _person(s, "eef")
        require(upload(ana, png(50, 50)).status == 303, "upload")
        join(ana, NET, "visible")
        join(fellow, NET, "silent")
        url = f"{NET}/members/{ana_id}/photo"
        r = fellow.get(NET + "/members")
        check(url in _photo_srcs(r), f"the directory does not show the visible member's photo: "
              f"{_photo_srcs(r)}")
        imgs = [e for e in htmlcheck.elements(r.text) if e.tag == "img" and e.get("src") == url]
        check(imgs and imgs[0].get("alt") == "", "the photo beside a name is not decorative")
        r = fellow.get(url)
        check(r.status == 200 and r.content_type == "image/jpeg", f"fellow member: {r.status}")
        check(r.body == ana.get("/account/photo.jpg").body, "another photo than the owner's")
        # Not for someone outside the group, nor for the administrator as such.
        check(outsider.get(url).status == 403, "a non-member got a member's photo")
        admin = _client(s, DEMO["admin"], full=True)
        check(admin.get(url).status == 403, "the administrator got a member's photo")
        # Under a pseudonym or silent: the photo is not tied to the group any more.
        for appearance, pseud in (("pseudonym", "Zq Fotoloos"), ("silent", "")):
            set_appearance(ana, NET, appearance, pseudonym=pseud)
            r = fellow.get(NET + "/members")
            # (The demo's visible members in NET keep theirs: only hers must go.)
            check(url not in _photo_srcs(r), f"{appearance}: her photo in the directory")
            check(fellow.get(url).status == 404, f"{appearance}: the photo URL answers")
        # Someone who is not in the group at all, and a number that is nobody.
        check(fellow.get(f"{NET}/members/999999/photo").status == 404, "photo of nobody")
        check(fellow.get(f"{NET}/members/0/photo").status == 404, "photo of account 0")
        check(fellow.get(f"{NET}/members/x1/photo").status == 404, "photo of 'x1'")
        # Visible again, then the photo removed: gone from the directory and the URL.
        set_appearance(ana, NET, "visible")
        check(fellow.get(url).status == 200, "visible again: no photo")
        r = ana.get("/account/photo")
        ana.token = htmlcheck.csrf_token(r.text) or ana.token
        r = ana.post("/account/photo/remove", {})
        check(r.status == 303 and r.header("Location") == "/account/photo?done=removed",
              f"remove: {r.status} {r.header('Location')}")
        check("Your photo is removed" in ana.get("/account/photo?done=removed").text,
              "no confirmation of the removal")
        check(fellow.get(url).status == 404, "a removed photo is still served")
        check(url not in _photo_srcs(fellow.get(NET + "/members")),
              "a removed photo in the directory")
        check(ana.post("/account/photo/remove", {}).status == 303, "removing twice")


@test
def photo_in_my_data_and_gone_with_the_account():
    with Server() as s:
        _, aid, c = _person(s, "fem")
        require(upload(c, png(30, 30)).status == 303, "upload")
        photo = c.get("/account/photo.jpg").body
        r = c.get("/me/data")
        check('href="/account/photo.jpg"' in r.text, "my data does not show the photo")
        data = json.loads(c.get("/me/data.json").text)
        ph = data["account"].get("photo") or {}
        check(ph.get("content_type") == "image/jpeg", "JSON: no photo content type")
        check(base64.b64decode(ph.get("base64") or "") == photo,
              "JSON: the photo is not the stored one")
        c.token = htmlcheck.csrf_token(c.get("/me/delete").text) or c.token
        r = c.post("/me/delete", {})
        check(r.status == 303, f"delete: {r.status}")
        n = s.sql_one("SELECT count(*) FROM photo WHERE account_id = ?", (aid,))
        check(n == 0, "the deleted account's photo is still in the database")
