// SPDX-License-Identifier: AGPL-3.0-or-later
/* demo.c: photo's part of the demo organisation (`kring demo`, the features table's demo hook):
 * some of the small demo's colleagues get a photo, drawn here, not taken of anyone: a coloured
 * background with a few soft circles (no face, no real person), made into a PNG with libgd and
 * stored through photo_set() as an upload would be. The photo shows only where its owner
 * chose to be visible (members' demo decides that), so a pseudonymous colleague's never
 * shows. */
#include "app/photo/pages.h"
#include "app/photo/photo.h"
#include "base/log.h"
#include "base/strbuf.h"
#include <gd.h>

/* Backgrounds and the circles' colours, in pairs that read well together. */
static const struct {
	int bg, fg1, fg2;
} palette[] = {
	{ 0x1f5f8b, 0x8fc1e3, 0xf2d479 }, { 0x7a3e65, 0xe8a0bf, 0xfbe3c2 },
	{ 0x2e6b4f, 0x9fd8b5, 0xf6f1d3 }, { 0x8a4b1c, 0xf0b27a, 0xfdebd0 },
	{ 0x3b3f8c, 0xa9b0f5, 0xf7c8d9 }, { 0x5b6b2e, 0xd3e39b, 0xfff3c4 },
};

/* A PNG of side×side pixels for colleague number i; *out is libgd's (gdFree it). */
static int
demo_avatar_png(size_t i, int side, void **out, int *len)
{
	gdImagePtr im = gdImageCreateTrueColor(side, side);
	if (!im)
		return KR_EINTERNAL;
	size_t p = i % ARRAY_SIZE(palette);
	int bg =
	    gdTrueColor(palette[p].bg >> 16, (palette[p].bg >> 8) & 0xff, palette[p].bg & 0xff);
	/* Half see-through (libgd's alpha runs 0–127), so where circles overlap a third colour. */
	int fg1 = gdTrueColorAlpha(palette[p].fg1 >> 16, (palette[p].fg1 >> 8) & 0xff,
				   palette[p].fg1 & 0xff, 50);
	int fg2 = gdTrueColorAlpha(palette[p].fg2 >> 16, (palette[p].fg2 >> 8) & 0xff,
				   palette[p].fg2 & 0xff, 60);
	gdImageFilledRectangle(im, 0, 0, side - 1, side - 1, bg);
	gdImageAlphaBlending(im, 1);
	/* Where the circles sit and how large they are varies with i, so no two look alike. */
	int s = side;
	int x1 = s / 4 + (int)(i * 37 % (size_t)(s / 2)),
	    y1 = s / 3 + (int)(i * 53 % (size_t)(s / 3));
	int x2 = s - x1 / 2, y2 = s - y1 / 2 - (int)(i * 17 % (size_t)(s / 4));
	gdImageFilledEllipse(im, x1, y1, s * 3 / 4, s * 3 / 4, fg1);
	gdImageFilledEllipse(im, x2, y2, s / 2 + (int)(i * 11 % (size_t)(s / 4)), s / 2, fg2);
	gdImageFilledEllipse(im, s - x1, s / 5, s / 4, s / 4, fg2);
	*out = gdImagePngPtr(im, len);
	gdImageDestroy(im);
	return *out ? KR_OK : KR_EINTERNAL;
}

int
photo_demo(struct db_conn *c, struct demo_ctx *d)
{
	if (d->scale != DEMO_SMALL)
		return KR_OK;
	/* Every second colleague (struct demo_ctx: accounts[nroles..]) has a photo; members'
	 * demo makes many of them visible, some pseudonymous (whose photo never shows). */
	long n = 0;
	int64_t now = time_now();
	int err = KR_OK;
	for (size_t i = 0; !err && d->nroles + i < d->naccounts; i += 2) {
		void *png;
		int len;
		const char *problem = NULL;
		err = demo_avatar_png(i, PHOTO_SIDE, &png, &len);
		if (err)
			break;
		err = photo_set(c, d->accounts[d->nroles + i], png, (size_t)len, now, &problem);
		gdFree(png);
		if (err)
			fprintf(stderr, "kring demo: a photo was refused (%s): %s\n",
				kr_err_name(err), problem ? problem : "");
		n += !err;
	}
	if (!err && n)
		strbuf_addf(d->summary, "%ld colleagues with a photo (drawn shapes, no faces).\n",
			    n);
	return err;
}
