// SPDX-License-Identifier: AGPL-3.0-or-later
/* image.c: the type and dimensions of an uploaded image, read from its header alone, so that
 * an image too large to decode safely is refused before any decoder sees it. */
#include "app/photo/photo.h"

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 |
	       p[3];
}

/* PNG: the signature, the IHDR chunk (13 bytes of data), and chunks up to IEND. */
static int
probe_png(const unsigned char *d, size_t len, struct image_info *out)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	if (len < 8 || memcmp(d, sig, 8) != 0)
		return KR_EINVAL;
	out->type = IMAGE_PNG; /* from here on: a damaged PNG */
	if (len < 8 + 8 + 13)
		return KR_EINVAL;
	if (be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0)
		return KR_EINVAL;
	unsigned long w = be32(d + 16), h = be32(d + 20);
	if (w == 0 || h == 0 || w > 0x7fffffffUL || h > 0x7fffffffUL)
		return KR_EINVAL;
	/* Every chunk lies inside the file, up to IEND: libpng allocates a chunk's declared
	 * length before reading it, so a 150-byte file could otherwise ask for 2 GB. */
	size_t pos = 8;
	for (;;) {
		if (len - pos < 12)
			return KR_EINVAL;
		unsigned long clen = be32(d + pos);
		if (clen > len - pos - 12)
			return KR_EINVAL;
		bool end = memcmp(d + pos + 4, "IEND", 4) == 0;
		pos += 12 + clen;
		if (end)
			break;
	}
	*out = (struct image_info){ IMAGE_PNG, (unsigned)w, (unsigned)h };
	return KR_OK;
}

/* JPEG: markers from SOI to the first frame header (SOF0–SOF15 but DHT, JPG and DAC). */
static int
probe_jpeg(const unsigned char *d, size_t len, struct image_info *out)
{
	if (len < 4 || d[0] != 0xff || d[1] != 0xd8 || d[2] != 0xff)
		return KR_EINVAL;
	out->type = IMAGE_JPEG; /* from here on: a damaged JPEG */
	size_t pos = 2;
	for (;;) {
		if (pos >= len || d[pos] != 0xff)
			return KR_EINVAL;
		while (pos < len && d[pos] == 0xff) /* fill bytes */
			pos++;
		if (pos >= len)
			return KR_EINVAL;
		unsigned char m = d[pos++];
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) /* TEM, RSTn: no length */
			continue;
		if (m == 0xd8 || m == 0xd9 || m == 0xda || m == 0x00)
			return KR_EINVAL; /* SOI again, EOI or scan data before any frame */
		if (len - pos < 2)
			return KR_EINVAL;
		unsigned seglen = be16(d + pos);
		if (seglen < 2 || len - pos < seglen)
			return KR_EINVAL;
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
			if (seglen < 8)
				return KR_EINVAL;
			unsigned h = be16(d + pos + 3), w = be16(d + pos + 5);
			/* A height of 0 is legal (defined later by DNL), but not for us. */
			if (w == 0 || h == 0)
				return KR_EINVAL;
			*out = (struct image_info){ IMAGE_JPEG, w, h };
			return KR_OK;
		}
		pos += seglen;
	}
}

int
image_probe(const unsigned char *data, size_t len, struct image_info *out)
{
	*out = (struct image_info){ IMAGE_NONE, 0, 0 };
	if (!data || len < 4)
		return KR_EINVAL;
	if (data[0] == 0x89)
		return probe_png(data, len, out);
	return probe_jpeg(data, len, out);
}
