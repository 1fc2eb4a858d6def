/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* qr.h: a QR code as inline SVG (libqrencode), for the otpauth:// link of two-factor set-up.
 * Like the rest of html/, it vouches for the markup it returns: every dynamic part is either
 * escaped (the label) or a number (the modules). */
#ifndef KRING_HTML_QR_H
#define KRING_HTML_QR_H

#include "base/arena.h"
#include "html/html.h"

#define QR_QUIET_ZONE	 4 /* modules of white around the code, as ISO/IEC 18004 asks */
#define QR_MODULE_PIXELS 4 /* default rendering size of one module, in CSS pixels */

/* Encodes text (NUL-terminated; error correction level M) and returns
 *   <svg xmlns=… class="qr" role="img" aria-label="LABEL" viewBox="0 0 N N" width=… height=…>
 *   <title>LABEL</title><rect … fill="#fff"/><path fill="#000" d="…"/></svg>
 * where N is the code's width plus the quiet zone on both sides: the dark modules are one path
 * on a white square, so the code scans in dark mode too. The width and height attributes
 * (QR_MODULE_PIXELS per module) are a default that CSS may override (.qr { width: …;
 * height: auto }); the viewBox keeps it sharp at any size. No style attributes, so it works
 * under a CSP without 'unsafe-inline'. label (required: a BUG() when NULL or empty) is the
 * accessible name, escaped as html_text() does; it should say what the code is for, and the
 * page should offer the same secret as text beside it.
 *
 * The markup is in the arena. Returns { NULL, 0 } (which html_fmt's %H writes as nothing)
 * when text does not fit in a QR code (over about 2,300 bytes) or the markup would pass
 * STRBUF_DEFAULT_MAX; this is logged. Thread-safe (Debian's libqrencode is built with
 * pthread). */
struct html_safe qr_svg(struct arena *a, const char *text, const char *label);

#endif
