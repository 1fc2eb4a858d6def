/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* totp.h: the building blocks of two-factor sign-in: time-based one-time codes (TOTP, RFC 6238,
 * over HOTP, RFC 4226; HMAC from nettle), the secret in base32 and as an otpauth:// link for
 * authenticator apps, and single-use recovery codes (stored only as keyed BLAKE2b hashes).
 * Nothing here touches the database or HTTP; nothing keeps state between calls, so every
 * function is safe to call from any thread (libsodium must have been initialised). */
#ifndef KRING_AUTH_TOTP_H
#define KRING_AUTH_TOTP_H

#include "base/arena.h"
#include "base/keys.h"

#define TOTP_SECRET_BYTES 20 /* 160 bits, as RFC 4226 recommends for HMAC-SHA1 */
#define TOTP_DIGITS	  6
#define TOTP_PERIOD	  30 /* seconds per time step */

enum totp_alg { TOTP_SHA1, TOTP_SHA256, TOTP_SHA512 };

/* HOTP (RFC 4226 section 5.3): the HMAC of the big-endian counter under key, dynamically
 * truncated to `digits` decimal digits (6, 7 or 8; anything else is a BUG()). Returns the code
 * as a number: print it with leading zeros ("%06u"). TOTP is this with counter = the time
 * step, unix_time / TOTP_PERIOD. key may be of any length (RFC 6238 uses 20, 32 and 64 bytes
 * for SHA1, SHA256 and SHA512). */
uint32_t totp_hotp(enum totp_alg alg, const unsigned char *key, size_t key_len, uint64_t counter,
		   int digits);

/* Fills secret with TOTP_SECRET_BYTES random bytes (libsodium randombytes_buf). */
void totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES]);

/* Checks a code someone typed against a secret: SHA1, TOTP_DIGITS digits, TOTP_PERIOD steps,
 * as every authenticator app makes them. Spaces anywhere in code are ignored ("123 456");
 * what remains must be exactly six ASCII digits, else false. Accepts the code of the current
 * time step or of the step before or after (clock drift, a code typed as it changed), but
 * never a step <= last_step: the step of the last accepted code, stored with the account, so a
 * code cannot be used twice (pass 0 when no code was accepted yet). On success returns true
 * and sets *matched_step (when matched_step is not NULL) to the step that matched, which the
 * caller must store as the new last_step before it lets the person in; on failure
 * *matched_step is left as it was. The comparison of codes takes the same time whichever
 * digits are wrong. False for an empty secret or unix_now < 0. */
bool totp_verify(const unsigned char *secret, size_t len, const char *code, int64_t unix_now,
		 int64_t last_step, int64_t *matched_step) MUST_CHECK;

/* The RFC 4648 base32 of secret (A–Z, 2–7), without '=' padding: "foobar" -> "MZXW6YTBOI".
 * The string is in the arena. */
char *totp_base32(struct arena *a, const unsigned char *secret, size_t len);
/* The same, in groups of four separated by one space ("MZXW 6YTB OI"), for people who type
 * the secret into their app instead of scanning the QR code. In the arena. */
char *totp_base32_display(struct arena *a, const unsigned char *secret, size_t len);

/* The key URI authenticator apps read from the QR code:
 *   otpauth://totp/<issuer>:<account>?secret=<base32>&issuer=<issuer>&algorithm=SHA1&digits=6
 *   &period=30
 * issuer and account (both non-NULL, UTF-8) are percent-encoded: every byte outside RFC 3986's
 * unreserved set (A–Z a–z 0–9 - . _ ~) becomes %XX, so a space is %20, '@' %40, '+' %2B and a
 * ':' %3A (apps split the label at the first colon, so names should not contain one). The
 * string is in the arena. */
char *totp_uri(struct arena *a, const char *issuer, const char *account,
	       const unsigned char *secret, size_t len);

/* ---- recovery codes ---- */

#define RECOVERY_CODE_CHARS 10 /* random characters in a code: 10 x log2(31) = 49 bits */
#define RECOVERY_CODE_LEN   11 /* as shown: "xxxxx-xxxxx" */

/* Writes a new code, RECOVERY_CODE_CHARS random characters from a lower-case alphabet without
 * look-alikes (no 0, o, 1, l or i: "abcdefghjkmnpqrstuvwxyz23456789"), as two groups of five
 * joined by a dash, NUL-terminated. Show it once; store only recovery_code_hash(). */
void recovery_code_new(char out[RECOVERY_CODE_LEN + 1]);

/* The keyed BLAKE2b-256 (libsodium crypto_generichash) of a code as someone typed it, after
 * removing dashes, spaces and tabs and lower-casing ASCII: "ABCDE-FGHJK", "abcdefghjk" and
 * " abcde fghjk " hash the same. key is a subkey of the key file (e.g. keys.lookup); a fixed
 * context string is hashed first, so the same subkey may serve other hashes. code is not
 * checked against the alphabet: a wrong code simply hashes to something not stored. */
void recovery_code_hash(const unsigned char key[KEY_BYTES], const char *code,
			unsigned char out[32]);

#endif
