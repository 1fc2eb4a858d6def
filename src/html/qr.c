// SPDX-License-Identifier: AGPL-3.0-or-later
/* qr.c: a QR code drawn as one SVG path (libqrencode does the encoding). */
#include "html/qr.h"
#include <qrencode.h>

struct html_safe
qr_svg(struct arena *a, const char *text, const char *label)
{
	struct html_safe none = { NULL, 0 };
	if (!text)
		BUG("qr_svg: no text");
	if (!label || !*label)
		BUG("qr_svg: a QR code needs a label (its accessible name)");

	/* Version 0: the smallest that fits. Level M survives a smudge or a glare on a screen
	 * and keeps a key URI at a size phone cameras read easily. */
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		int e = errno;
		error("qr_svg: cannot encode %zu bytes (%s)", strlen(text),
		      e == ERANGE ? "too long for a QR code" : "encoder failed");
		return none;
	}

	int w = qr->width, size = w + 2 * QR_QUIET_ZONE, px = size * QR_MODULE_PIXELS;
	struct strbuf sb;
	strbuf_init(&sb, STRBUF_DEFAULT_MAX);
	html_fmt(&sb,
		 "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\" "
		 "aria-label=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		 "shape-rendering=\"crispEdges\"><title>%s</title>"
		 "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
		 label, size, size, px, px, label, size, size);
	/* Each run of dark modules in a row is one rectangle of the path, offset by the quiet
	 * zone. Only numbers go into d, so it needs no escaping. Bit 0 of a module is dark. */
	for (int y = 0; y < w; y++) {
		const unsigned char *row = qr->data + (size_t)y * (size_t)w;
		for (int x = 0; x < w;) {
			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			int start = x;
			while (x < w && (row[x] & 1))
				x++;
			strbuf_addf(&sb, "M%d %dh%dv1h-%dz", start + QR_QUIET_ZONE,
				    y + QR_QUIET_ZONE, x - start, x - start);
		}
	}
	html_lit(&sb, "\"/></svg>");
	QRcode_free(qr);

	if (!strbuf_ok(&sb)) {
		strbuf_release(&sb);
		error("qr_svg: the markup is over %u bytes", (unsigned)STRBUF_DEFAULT_MAX);
		return none;
	}
	struct html_safe out = { arena_strndup(a, sb.buf, sb.len), sb.len };
	strbuf_release(&sb);
	return out;
}
