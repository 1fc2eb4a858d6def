// SPDX-License-Identifier: AGPL-3.0-or-later
/* fuzz_image.c: libFuzzer harness for image_probe() and photo_make(): any bytes as an uploaded
 * photo. The probe never reads outside the input and reports dimensions within its types;
 * photo_make either refuses with a problem and no output, or makes a JPEG (decoding only small
 * images here, to keep the harness fast). */
#include "app/photo/photo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_info info = { IMAGE_NONE, 0, 0 };
	int err = image_probe(data, size, &info);
	if (err) {
		if (err != KR_EINVAL)
			abort();
		return 0;
	}
	if ((info.type != IMAGE_JPEG && info.type != IMAGE_PNG) || !info.width || !info.height)
		abort();
	if ((uint64_t)info.width * info.height > 512 * 512)
		return 0;
	unsigned char *out = NULL;
	size_t n = 0;
	const char *problem = NULL;
	err = photo_make(data, size, &out, &n, &problem);
	if (err == KR_OK) {
		if (!out || n < 4 || out[0] != 0xff || out[1] != 0xd8 || problem)
			abort();
		photo_free(out);
	} else if (err != KR_EINVAL || out || !problem) {
		abort();
	}
	return 0;
}
