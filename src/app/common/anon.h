/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* anon.h: the pieces that keep a writer's link to a text shown anonymously (an experience story
 * now; the forum has the same in its service), so that nobody using Kring can follow it:
 *   - random ids in 1 .. 2^53 - 1, which say nothing about order or time (and are exact in
 *     JSON);
 *   - the link "account shown" sealed with XChaCha20-Poly1305 under the key file's data key,
 *     bound to what it belongs to by its associated data (ad: "kring story v1 ID"), kept only
 *     so that a key rotation can make the keyed look-ups again;
 *   - claim codes for "only I can ever link this": 160 random bits as 32 base32 letters, shown
 *     in groups of four and read back however they are typed (lower case, spaces, dashes).
 * No SQL and no HTTP; memory from the caller's arena. */
#ifndef KRING_COMMON_ANON_H
#define KRING_COMMON_ANON_H

#include "base/arena.h"
#include "base/keys.h"

#define ANON_CODE_CHARS 32

int64_t anon_random_id(void);

/* The sealed link (in a, *len bytes); plaintext is wiped. */
unsigned char *anon_seal(struct arena *a, const struct keys *k, const char *ad, int64_t account_id,
			 int shown, size_t *len);
/* Opens it: KR_EINTERNAL when it does not open under k and ad, or holds no "account shown" with
 * account > 0 and 0 <= shown <= max_shown. */
int anon_unseal(const struct keys *k, const char *ad, const unsigned char *box, size_t len,
		int max_shown, int64_t *account_id, int *shown) MUST_CHECK;

/* A new code, and the code as typed in its normal form (false unless it has the form of one). */
void anon_code_new(char out[ANON_CODE_CHARS + 1]);
bool anon_code_normal(const char *in, char out[ANON_CODE_CHARS + 1]);
/* "ABCD-EFGH-...", in a. */
const char *anon_code_shown(struct arena *a, const char *code);

#endif
