// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_photo.c: reading image headers, making the stored photo (upright, square, without the
 * original's metadata), refusing what cannot be made, and keeping photos with their account. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/photo/photo.h"
#include <gd.h>

void test_photo_probe(void);
void test_photo_make_orients_and_strips(void);
void test_photo_make_refuses(void);
void test_photo_store(void);

static const unsigned char png_head[] = {
	0x89, 'P',  'N',  'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0,
	0,    0x4e, 0x20, 0,   0,    0x4e, 0x20, 8,    2, 0, 0, 0,  0,	 0,   0,   0, /* 20000 ×
											20000 */
	0,    0,    0,	  0,   'I',  'E',  'N',	 'D',  0, 0, 0, 0,
};

void
test_photo_probe(void)
{
	struct image_info info;
	CHECK_INT(image_probe(png_head, sizeof(png_head), &info), KR_OK);
	CHECK_INT(info.type, IMAGE_PNG);
	CHECK_INT(info.width, 20000);
	CHECK_INT(info.height, 20000);
	/* A JPEG with an APP0 segment, fill bytes and then a baseline frame header. */
	static const unsigned char jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 'J',	0x00,
					      0xff, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x01, 0x2c,
					      0x01, 0x90, 0x01, 0x01, 0x11, 0x00 };
	CHECK_INT(image_probe(jpeg, sizeof(jpeg), &info), KR_OK);
	CHECK_INT(info.type, IMAGE_JPEG);
	CHECK_INT(info.width, 400);
	CHECK_INT(info.height, 300);
	/* A segment running past the end, scan data before any frame, no header at all. */
	CHECK_INT(image_probe(jpeg, 12, &info), KR_EINVAL);
	static const unsigned char sos_first[] = { 0xff, 0xd8, 0xff, 0xda, 0x00, 0x02 };
	CHECK_INT(image_probe(sos_first, sizeof(sos_first), &info), KR_EINVAL);
	CHECK_INT(image_probe((const unsigned char *)"GIF89a....", 10, &info), KR_EINVAL);
	CHECK_INT(info.type, IMAGE_NONE);
	/* A PNG cut short, and one whose chunk claims more bytes than the file has (libpng would
	 * allocate what it claims): damaged PNGs. */
	CHECK_INT(image_probe(png_head, 20, &info), KR_EINVAL);
	CHECK_INT(info.type, IMAGE_PNG);
	CHECK_INT(image_probe(png_head, sizeof(png_head) - 12, &info), KR_EINVAL); /* no IEND */
	unsigned char big[sizeof(png_head)];
	memcpy(big, png_head, sizeof(big));
	big[sizeof(big) - 12] = 0x7a; /* IEND "of 2 GB" */
	CHECK_INT(image_probe(big, sizeof(big), &info), KR_EINVAL);
	CHECK_INT(info.type, IMAGE_PNG);
}

/* A 400 × 300 JPEG, red on the left half and blue on the right, with an EXIF block that says
 * "turn 90° clockwise to show" and names the photographer. *len is its size; free() it. */
static unsigned char *
exif_jpeg(size_t *len)
{
	gdImagePtr im = gdImageCreateTrueColor(400, 300);
	gdImageFilledRectangle(im, 0, 0, 199, 299, gdTrueColor(255, 0, 0));
	gdImageFilledRectangle(im, 200, 0, 399, 299, gdTrueColor(0, 0, 255));
	int size = 0;
	unsigned char *plain = gdImageJpegPtr(im, &size, 90);
	gdImageDestroy(im);
	/* APP1 "Exif": a big-endian TIFF header and IFD0 with Orientation = 6 and Artist. */
	static const unsigned char app1[] = { 0xff, 0xe1, 0x00, 0x39, 'E', 'x', 'i', 'f', 0,   0,
					      'M',  'M',  0,	42,   0,   0,	0,   8,	  0,   2,
					      0x01, 0x12, 0,	3,    0,   0,	0,   1,	  0,   6,
					      0,    0,	  0x01, 0x3b, 0,   2,	0,   0,	  0,   11,
					      0,    0,	  0,	38,   0,   0,	0,   0,	  'E', 'X',
					      'I',  'F',  'M',	'A',  'R', 'K', 'E', 'R', 0 };
	unsigned char *out = malloc((size_t)size + sizeof(app1));
	if (!out)
		abort();
	memcpy(out, plain, 2);
	memcpy(out + 2, app1, sizeof(app1));
	memcpy(out + 2 + sizeof(app1), plain + 2, (size_t)size - 2);
	gdFree(plain);
	*len = (size_t)size + sizeof(app1);
	return out;
}

static bool
contains(const unsigned char *p, size_t n, const char *needle)
{
	return memmem(p, n, needle, strlen(needle)) != NULL;
}

void
test_photo_make_orients_and_strips(void)
{
	size_t len;
	unsigned char *src = exif_jpeg(&len);
	CHECK(contains(src, len, "EXIFMARKER")); /* the test's own premise */
	unsigned char *out = NULL;
	size_t out_len = 0;
	const char *problem = "unset";
	CHECK_INT(photo_make(src, len, &out, &out_len, &problem), KR_OK);
	CHECK(problem == NULL);
	free(src);
	if (!out)
		return;
	CHECK(!contains(out, out_len, "EXIFMARKER"));
	CHECK(!contains(out, out_len, "Exif"));
	gdImagePtr im = gdImageCreateFromJpegPtr((int)out_len, out);
	CHECK(im != NULL);
	if (im) {
		CHECK_INT(gdImageSX(im), PHOTO_SIDE);
		CHECK_INT(gdImageSY(im), PHOTO_SIDE);
		/* The middle square had red on the left: turned clockwise, red is on top. */
		int top = gdImageGetTrueColorPixel(im, 128, 20);
		int bottom = gdImageGetTrueColorPixel(im, 128, 235);
		CHECK(gdTrueColorGetRed(top) > 200 && gdTrueColorGetBlue(top) < 60);
		CHECK(gdTrueColorGetBlue(bottom) > 200 && gdTrueColorGetRed(bottom) < 60);
		gdImageDestroy(im);
	}
	photo_free(out);
}

void
test_photo_make_refuses(void)
{
	unsigned char *out = NULL;
	size_t n = 0;
	const char *problem = NULL;
	CHECK_INT(photo_make(NULL, 0, &out, &n, &problem), KR_EINVAL);
	CHECK(problem == photo_problem_empty);
	CHECK_INT(photo_make((const unsigned char *)"hello, not a photo", 18, &out, &n, &problem),
		  KR_EINVAL);
	CHECK(problem == photo_problem_type);
	/* 20000 × 20000 is refused from its header, before anything is decoded. */
	CHECK_INT(photo_make(png_head, sizeof(png_head), &out, &n, &problem), KR_EINVAL);
	CHECK(problem == photo_problem_dimensions);
	/* A header that promises a photo, and then nothing. */
	size_t len;
	unsigned char *src = exif_jpeg(&len);
	CHECK_INT(photo_make(src, len / 3, &out, &n, &problem), KR_EINVAL);
	CHECK(problem == photo_problem_unreadable);
	free(src);
	CHECK(out == NULL);
}

void
test_photo_store(void)
{
	struct tempdb t;
	if (!tempdb_open(&t)) {
		CHECK(!"database");
		return;
	}
	struct db_conn *c = t.c;
	int64_t sam = 0;
	CHECK_INT(auth_account_create(c, 0, &t.a, "sam@rijnstad.example", "Sam", NULL, &sam),
		  KR_OK);
	size_t len;
	unsigned char *src = exif_jpeg(&len);
	const char *problem;
	CHECK(!photo_has(c, sam));
	CHECK_INT(photo_set(c, sam, src, len, 1000, &problem), KR_OK);
	free(src);
	CHECK(photo_has(c, sam));
	const unsigned char *data = NULL;
	size_t n = 0;
	int64_t at = 0;
	CHECK_INT(photo_get(c, &t.a, sam, &data, &n, &at), KR_OK);
	CHECK(n > 100 && data && data[0] == 0xff && data[1] == 0xd8);
	CHECK_INT(at, 1000);
	/* A refused upload leaves the photo as it was. */
	CHECK_INT(photo_set(c, sam, (const unsigned char *)"nope", 4, 2000, &problem), KR_EINVAL);
	CHECK_INT(photo_get(c, &t.a, sam, &data, &n, &at), KR_OK);
	CHECK_INT(at, 1000);
	CHECK_INT(photo_remove(c, sam), KR_OK);
	CHECK_INT(photo_remove(c, sam), KR_ENOTFOUND);
	CHECK_INT(photo_get(c, &t.a, sam, &data, &n, &at), KR_ENOTFOUND);
	/* Deleting the account deletes its photo. */
	src = exif_jpeg(&len);
	CHECK_INT(photo_set(c, sam, src, len, 3000, &problem), KR_OK);
	free(src);
	CHECK_INT(auth_account_delete(c, &t.k, sam), KR_OK);
	CHECK(!photo_has(c, sam));
	tempdb_close(&t);
}
