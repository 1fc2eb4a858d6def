/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* photo.h: a person's photo (docs/PRIVACY.md). Kring never keeps what was uploaded: it reads
 * the dimensions first (image_probe), refuses anything too large before decoding, decodes the
 * JPEG or PNG with libgd, turns it upright as its EXIF orientation says (libexif), crops the
 * middle square and stores a new 256 × 256 JPEG of it. No metadata of the original (camera,
 * place, time, name) survives. The photo belongs to the account and is shown only next to its
 * owner's name where they chose to be visible; deleting the account deletes it. */
#ifndef KRING_PHOTO_H
#define KRING_PHOTO_H

#include "base/arena.h"
#include "db/db.h"

#define PHOTO_SIDE	    256		/* pixels of the stored photo, square */
#define PHOTO_MAX_UPLOAD    (10u << 20) /* bytes */
#define PHOTO_MAX_PIXELS    16800000u	/* width × height of an upload, decoded */
#define PHOTO_MAX_DIMENSION 10000u

enum image_type { IMAGE_NONE, IMAGE_JPEG, IMAGE_PNG };

struct image_info {
	enum image_type type;
	unsigned width, height;
};

/* Reads the type and dimensions of a JPEG (from its first frame header) or a PNG (from IHDR)
 * without decoding it; a PNG's chunks must all lie inside the data, up to IEND. KR_EINVAL for
 * anything else or a malformed header; then out->type is IMAGE_NONE when the data is no JPEG or
 * PNG at all, and the type when it starts as one but is damaged. */
int image_probe(const unsigned char *data, size_t len, struct image_info *out) MUST_CHECK;

/* Problems with an upload, as English message ids (translate with _()): */
extern const char photo_problem_empty[];
extern const char photo_problem_type[];
extern const char photo_problem_dimensions[];
extern const char photo_problem_unreadable[];

/* Makes the stored photo from an upload: *out (free it with photo_free) is a PHOTO_SIDE square
 * JPEG. KR_EINVAL with *problem for an upload Kring refuses. */
int photo_make(const unsigned char *data, size_t len, unsigned char **out, size_t *out_len,
	       const char **problem) MUST_CHECK;
void photo_free(unsigned char *p);

/* Sets an account's photo from an upload (photo_make, then stored). */
int photo_set(struct db_conn *c, int64_t account_id, const unsigned char *data, size_t len,
	      int64_t now, const char **problem) MUST_CHECK;
/* An account's photo, in the arena; KR_ENOTFOUND when it has none. */
int photo_get(struct db_conn *c, struct arena *a, int64_t account_id, const unsigned char **data,
	      size_t *len, int64_t *updated_at) MUST_CHECK;
/* Whether an account has a photo: photo_exists() tells errors, photo_has() takes them for "no"
 * (where a missing photo is harmless: beside a name in a list). */
int photo_exists(struct db_conn *c, int64_t account_id, bool *has) MUST_CHECK;
bool photo_has(struct db_conn *c, int64_t account_id);
/* Which of the accounts ids[0..n) have a photo, in one query: (*has)[i] for ids[i]. */
int photo_which(struct db_conn *c, struct arena *a, const int64_t *ids, size_t n,
		bool **has) MUST_CHECK;
/* Removes an account's photo; KR_ENOTFOUND when it had none. */
int photo_remove(struct db_conn *c, int64_t account_id) MUST_CHECK;

/* ---- store.c ---- */
int photo_store_put(struct db_conn *c, int64_t account_id, const unsigned char *data, size_t len,
		    int64_t now) MUST_CHECK;
int photo_store_get(struct db_conn *c, struct arena *a, int64_t account_id,
		    const unsigned char **data, size_t *len, int64_t *updated_at,
		    bool *found) MUST_CHECK;
int photo_store_has(struct db_conn *c, int64_t account_id, bool *has) MUST_CHECK;
int photo_store_owners(struct db_conn *c, struct arena *a, const int64_t *ids, size_t n,
		       int64_t **owners, size_t *nowners) MUST_CHECK;
int photo_store_delete(struct db_conn *c, int64_t account_id, bool *found) MUST_CHECK;

#endif
