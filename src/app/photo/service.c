// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: making a photo from an upload, and keeping it. */
#include "app/photo/photo.h"
#include "base/i18n.h"
#include "base/log.h"
#include <gd.h>
#include <libexif/exif-data.h>
#include <limits.h>
#include <pthread.h>

const char photo_problem_empty[] = N_("Choose a photo.");
const char photo_problem_type[] = N_("The file is not a JPEG or PNG photo. Choose a JPEG or PNG "
				     "file.");
const char photo_problem_dimensions[] =
    N_("The photo has too many pixels (at most 16 megapixels, and at most 10,000 pixels wide "
       "or high). Choose a smaller one.");
const char photo_problem_unreadable[] = N_("The photo could not be read. It may be damaged. "
					   "Choose another file.");

/* One decode at a time: a large upload takes up to about 170 MB while it is decoded (libgd's
 * 4 bytes a pixel, and libjpeg's coefficients of a progressive JPEG), and several at
 * once would take the server's memory with them. */
static pthread_mutex_t decode_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t gd_once = PTHREAD_ONCE_INIT;

/* Set during a decode (under decode_lock) when libjpeg says the file ended before the image
 * did: it would fill the rest with grey, and a half-sent photo is refused instead. Other
 * warnings (a stray byte before a marker, a colour profile libpng dislikes) are common in
 * files that show well, and fatal errors already make the decoder return NULL. */
static bool decode_truncated;

static void
gd_quiet(int priority, const char *fmt, va_list ap)
{
	(void)priority;
	char msg[256];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (strstr(msg, "Premature end"))
		decode_truncated = true;
}

static void
gd_setup(void)
{
	gdSetErrorMethod(gd_quiet);
}

/* The EXIF orientation (1–8) of a JPEG, 1 when it has none. */
static int
exif_orientation(const unsigned char *data, size_t len)
{
	if (len > UINT_MAX)
		return 1;
	ExifData *ed = exif_data_new_from_data(data, (unsigned)len);
	if (!ed)
		return 1;
	int o = 1;
	ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
	if (e && e->format == EXIF_FORMAT_SHORT && e->components == 1 && e->size >= 2) {
		int v = exif_get_short(e->data, exif_data_get_byte_order(ed));
		if (v >= 1 && v <= 8)
			o = v;
	}
	exif_data_unref(ed);
	return o;
}

/* A copy of a square image turned as EXIF orientation o says (1: as it is). */
static gdImagePtr
orient(gdImagePtr src, int o)
{
	int n = gdImageSX(src) - 1;
	gdImagePtr dst = gdImageCreateTrueColor(n + 1, n + 1);
	if (!dst)
		return NULL;
	for (int y = 0; y <= n; y++) {
		for (int x = 0; x <= n; x++) {
			int sx = x, sy = y;
			switch (o) {
			case 2:
				sx = n - x;
				break;
			case 3:
				sx = n - x;
				sy = n - y;
				break;
			case 4:
				sy = n - y;
				break;
			case 5:
				sx = y;
				sy = x;
				break;
			case 6:
				sx = y;
				sy = n - x;
				break;
			case 7:
				sx = n - y;
				sy = n - x;
				break;
			case 8:
				sx = n - y;
				sy = x;
				break;
			default:
				break;
			}
			gdImageSetPixel(dst, x, y, gdImageGetTrueColorPixel(src, sx, sy));
		}
	}
	return dst;
}

/* The middle square of the decoded image, scaled to PHOTO_SIDE, on white (for transparent
 * PNGs). */
static gdImagePtr
square(gdImagePtr im)
{
	int w = gdImageSX(im), h = gdImageSY(im);
	int side = w < h ? w : h;
	gdImagePtr out = gdImageCreateTrueColor(PHOTO_SIDE, PHOTO_SIDE);
	if (!out)
		return NULL;
	gdImageFilledRectangle(out, 0, 0, PHOTO_SIDE - 1, PHOTO_SIDE - 1,
			       gdTrueColor(255, 255, 255));
	gdImageAlphaBlending(out, 1);
	gdImageCopyResampled(out, im, 0, 0, (w - side) / 2, (h - side) / 2, PHOTO_SIDE, PHOTO_SIDE,
			     side, side);
	return out;
}

int
photo_make(const unsigned char *data, size_t len, unsigned char **out, size_t *out_len,
	   const char **problem)
{
	*problem = NULL;
	if (!data || len == 0) {
		*problem = photo_problem_empty;
		return KR_EINVAL;
	}
	struct image_info info = { IMAGE_NONE, 0, 0 };
	if (len > PHOTO_MAX_UPLOAD || len > INT_MAX || image_probe(data, len, &info)) {
		*problem = info.type == IMAGE_NONE ? photo_problem_type : photo_problem_unreadable;
		return KR_EINVAL;
	}
	if (info.width > PHOTO_MAX_DIMENSION || info.height > PHOTO_MAX_DIMENSION ||
	    (uint64_t)info.width * info.height > PHOTO_MAX_PIXELS) {
		*problem = photo_problem_dimensions;
		return KR_EINVAL;
	}
	pthread_once(&gd_once, gd_setup);
	/* libgd takes a non-const pointer but only reads. */
	void *bytes = (void *)(uintptr_t)data;
	pthread_mutex_lock(&decode_lock);
	decode_truncated = false;
	gdImagePtr im = info.type == IMAGE_PNG ? gdImageCreateFromPngPtr((int)len, bytes)
					       : gdImageCreateFromJpegPtrEx((int)len, bytes, 0);
	gdImagePtr sq = NULL;
	/* The decoder must agree with the header: no surprises in what we scale. */
	if (im && !decode_truncated && (unsigned)gdImageSX(im) == info.width &&
	    (unsigned)gdImageSY(im) == info.height)
		sq = square(im);
	if (im)
		gdImageDestroy(im);
	pthread_mutex_unlock(&decode_lock);
	if (!sq) {
		*problem = photo_problem_unreadable;
		return KR_EINVAL;
	}
	int o = info.type == IMAGE_JPEG ? exif_orientation(data, len) : 1;
	if (o != 1) {
		gdImagePtr turned = orient(sq, o);
		gdImageDestroy(sq);
		if (!turned)
			return KR_EINTERNAL;
		sq = turned;
	}
	int size = 0;
	void *jpeg = gdImageJpegPtr(sq, &size, 85);
	gdImageDestroy(sq);
	if (!jpeg || size <= 0) {
		gdFree(jpeg);
		return KR_EINTERNAL;
	}
	*out = jpeg;
	*out_len = (size_t)size;
	return KR_OK;
}

void
photo_free(unsigned char *p)
{
	gdFree(p);
}

int
photo_set(struct db_conn *c, int64_t account_id, const unsigned char *data, size_t len, int64_t now,
	  const char **problem)
{
	unsigned char *jpeg;
	size_t n;
	int err = photo_make(data, len, &jpeg, &n, problem);
	if (err)
		return err;
	err = photo_store_put(c, account_id, jpeg, n, now);
	photo_free(jpeg);
	return err;
}

int
photo_get(struct db_conn *c, struct arena *a, int64_t account_id, const unsigned char **data,
	  size_t *len, int64_t *updated_at)
{
	bool found;
	int err = photo_store_get(c, a, account_id, data, len, updated_at, &found);
	if (err)
		return err;
	return found ? KR_OK : KR_ENOTFOUND;
}

int
photo_exists(struct db_conn *c, int64_t account_id, bool *has)
{
	return photo_store_has(c, account_id, has);
}

bool
photo_has(struct db_conn *c, int64_t account_id)
{
	bool has = false;
	return photo_exists(c, account_id, &has) == KR_OK && has;
}

int
photo_which(struct db_conn *c, struct arena *a, const int64_t *ids, size_t n, bool **has)
{
	bool *v = ARENA_ARRAY(a, bool, n ? n : 1);
	*has = v;
	int64_t *owners;
	size_t nowners;
	int err = photo_store_owners(c, a, ids, n, &owners, &nowners);
	if (err)
		return err;
	qsort(owners, nowners, sizeof(*owners), kr_cmp_int64);
	for (size_t i = 0; i < n; i++)
		v[i] = bsearch(&ids[i], owners, nowners, sizeof(*owners), kr_cmp_int64) != NULL;
	return KR_OK;
}

int
photo_remove(struct db_conn *c, int64_t account_id)
{
	bool found;
	int err = photo_store_delete(c, account_id, &found);
	if (err)
		return err;
	return found ? KR_OK : KR_ENOTFOUND;
}
