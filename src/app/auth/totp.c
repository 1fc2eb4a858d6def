// SPDX-License-Identifier: AGPL-3.0-or-later
/* totp.c: HOTP and TOTP (RFC 4226, RFC 6238) with nettle's HMAC, base32 and otpauth:// links
 * for authenticator apps, and recovery codes with libsodium. */
#include "app/auth/totp.h"
#include <nettle/hmac.h>
#include <sodium.h>

_Static_assert(TOTP_DIGITS == 6 && TOTP_PERIOD == 30, "totp_uri() writes digits=6&period=30");
_Static_assert(RECOVERY_CODE_LEN == RECOVERY_CODE_CHARS + 1, "one dash between two halves");

uint32_t
totp_hotp(enum totp_alg alg, const unsigned char *key, size_t key_len, uint64_t counter, int digits)
{
	static const uint32_t pow10[] = { 1,	  10,	   100,	     1000,     10000,
					  100000, 1000000, 10000000, 100000000 };
	unsigned char msg[8], mac[SHA512_DIGEST_SIZE];
	size_t mac_len;

	if (digits < 6 || digits > 8)
		BUG("totp_hotp: %d digits (RFC 4226 allows 6 to 8)", digits);
	for (int i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(counter & 0xff);
		counter >>= 8;
	}
	/* The contexts hold key-derived state: wipe them, and the MAC, before returning. */
	switch (alg) {
	case TOTP_SHA1: {
		struct hmac_sha1_ctx ctx;
		hmac_sha1_set_key(&ctx, key_len, key);
		hmac_sha1_update(&ctx, sizeof(msg), msg);
		hmac_sha1_digest(&ctx, SHA1_DIGEST_SIZE, mac);
		mac_len = SHA1_DIGEST_SIZE;
		sodium_memzero(&ctx, sizeof(ctx));
		break;
	}
	case TOTP_SHA256: {
		struct hmac_sha256_ctx ctx;
		hmac_sha256_set_key(&ctx, key_len, key);
		hmac_sha256_update(&ctx, sizeof(msg), msg);
		hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, mac);
		mac_len = SHA256_DIGEST_SIZE;
		sodium_memzero(&ctx, sizeof(ctx));
		break;
	}
	case TOTP_SHA512: {
		struct hmac_sha512_ctx ctx;
		hmac_sha512_set_key(&ctx, key_len, key);
		hmac_sha512_update(&ctx, sizeof(msg), msg);
		hmac_sha512_digest(&ctx, SHA512_DIGEST_SIZE, mac);
		mac_len = SHA512_DIGEST_SIZE;
		sodium_memzero(&ctx, sizeof(ctx));
		break;
	}
	default:
		BUG("totp_hotp: unknown algorithm %d", (int)alg);
	}
	/* Dynamic truncation (RFC 4226 5.3): the low nibble of the last byte picks four bytes,
	 * of which the top bit is dropped so the value is the same signed or unsigned. */
	unsigned off = mac[mac_len - 1] & 0x0f;
	uint32_t bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
		       (uint32_t)mac[off + 2] << 8 | (uint32_t)mac[off + 3];
	sodium_memzero(mac, sizeof(mac));
	return bin % pow10[digits];
}

void
totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES])
{
	randombytes_buf(secret, TOTP_SECRET_BYTES);
}

/* Writes code as exactly TOTP_DIGITS decimal digits, with leading zeros. */
static void
totp_digits(uint32_t code, char out[TOTP_DIGITS])
{
	for (int i = TOTP_DIGITS - 1; i >= 0; i--) {
		out[i] = (char)('0' + code % 10);
		code /= 10;
	}
}

bool
totp_verify(const unsigned char *secret, size_t len, const char *code, int64_t unix_now,
	    int64_t last_step, int64_t *matched_step)
{
	char typed[TOTP_DIGITS], want[TOTP_DIGITS];
	size_t n = 0;
	bool ok = false;
	int64_t found = 0;

	if (!secret || len == 0 || !code || unix_now < 0)
		return false;
	/* The shape of the input is not secret: refuse it early. */
	for (const char *p = code; *p; p++) {
		if (*p == ' ')
			continue;
		if (*p < '0' || *p > '9' || n == TOTP_DIGITS)
			return false;
		typed[n++] = *p;
	}
	if (n != TOTP_DIGITS)
		return false;

	/* All three steps are computed and compared, so the time taken does not tell which one
	 * matched or how many digits were right. On a (one in a million) double match the later
	 * step wins, which also moves last_step furthest. */
	int64_t now_step = unix_now / TOTP_PERIOD;
	for (int64_t s = now_step - 1; s <= now_step + 1; s++) {
		if (s < 0)
			continue;
		totp_digits(totp_hotp(TOTP_SHA1, secret, len, (uint64_t)s, TOTP_DIGITS), want);
		bool same = sodium_memcmp(want, typed, TOTP_DIGITS) == 0;
		if (same && s > last_step) {
			ok = true;
			found = s;
		}
	}
	sodium_memzero(want, sizeof(want));
	sodium_memzero(typed, sizeof(typed));
	if (ok && matched_step)
		*matched_step = found;
	return ok;
}

/* ---- base32 and the key URI ---- */

static size_t
base32_len(size_t len)
{
	return (len * 8 + 4) / 5;
}

/* Writes the base32 of data (base32_len(len) characters, no NUL) to out. */
static void
base32_write(char *out, const unsigned char *data, size_t len)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned buf = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		buf = (buf << 8 | data[i]) & 0xfff; /* never more than 12 bits are pending */
		bits += 8;
		while (bits >= 5) {
			*out++ = alphabet[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		*out++ = alphabet[(buf << (5 - bits)) & 31];
}

char *
totp_base32(struct arena *a, const unsigned char *secret, size_t len)
{
	size_t n = base32_len(len);
	char *out = arena_alloc(a, n + 1); /* zeroed: the NUL is there */
	base32_write(out, secret, len);
	return out;
}

char *
totp_base32_display(struct arena *a, const unsigned char *secret, size_t len)
{
	size_t n = base32_len(len);
	char *plain = totp_base32(a, secret, len);
	char *out = arena_alloc(a, n + (n ? (n - 1) / 4 : 0) + 1);
	char *p = out;
	for (size_t i = 0; i < n; i++) {
		if (i && i % 4 == 0)
			*p++ = ' ';
		*p++ = plain[i];
	}
	return out;
}

static bool
uri_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

/* Copies s to p; returns the end. */
static char *
put(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

/* Copies s to p percent-encoded (at most three bytes for each of s); returns the end. */
static char *
put_pct(char *p, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
		if (uri_unreserved(*q)) {
			*p++ = (char)*q;
		} else {
			*p++ = '%';
			*p++ = hex[*q >> 4];
			*p++ = hex[*q & 15];
		}
	}
	return p;
}

char *
totp_uri(struct arena *a, const char *issuer, const char *account, const unsigned char *secret,
	 size_t len)
{
	static const char scheme[] = "otpauth://totp/", q_secret[] = "?secret=",
			  q_issuer[] = "&issuer=", q_rest[] = "&algorithm=SHA1&digits=6&period=30";
	if (!issuer || !account)
		BUG("totp_uri: issuer and account are required");
	/* Sized for the worst case (every byte encoded), so nothing can overflow or fail. */
	size_t il = strlen(issuer), al = strlen(account);
	size_t max = sizeof(scheme) + 3 * il + 1 + 3 * al + sizeof(q_secret) + base32_len(len) +
		     sizeof(q_issuer) + 3 * il + sizeof(q_rest);
	char *out = arena_alloc(a, max);
	char *p = put(out, scheme);
	p = put_pct(p, issuer);
	*p++ = ':';
	p = put_pct(p, account);
	p = put(p, q_secret);
	base32_write(p, secret, len);
	p += base32_len(len);
	p = put(p, q_issuer);
	p = put_pct(p, issuer);
	p = put(p, q_rest);
	*p = '\0';
	return out;
}

/* ---- recovery codes ---- */

/* 31 characters: a–z without l, o and i, and 2–9 (no 0 or 1), so nothing is mistaken for
 * something else when read aloud, on paper, or with low vision. */
static const char recovery_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

void
recovery_code_new(char out[RECOVERY_CODE_LEN + 1])
{
	size_t o = 0;
	for (int i = 0; i < RECOVERY_CODE_CHARS; i++) {
		if (i == RECOVERY_CODE_CHARS / 2)
			out[o++] = '-';
		/* randombytes_uniform() has no modulo bias. */
		out[o++] = recovery_alphabet[randombytes_uniform(sizeof(recovery_alphabet) - 1)];
	}
	out[o] = '\0';
}

void
recovery_code_hash(const unsigned char key[KEY_BYTES], const char *code, unsigned char out[32])
{
	/* A context prefix keeps these hashes apart from anything else hashed with the same
	 * subkey. */
	static const char context[] = "kring recovery code";
	crypto_generichash_state st;
	char chunk[64];
	size_t n = 0;

	crypto_generichash_init(&st, key, KEY_BYTES, 32);
	crypto_generichash_update(&st, (const unsigned char *)context, sizeof(context));
	for (const char *p = code; *p; p++) {
		char c = *p;
		if (c == '-' || c == ' ' || c == '\t')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		chunk[n++] = c;
		if (n == sizeof(chunk)) {
			crypto_generichash_update(&st, (const unsigned char *)chunk, n);
			n = 0;
		}
	}
	crypto_generichash_update(&st, (const unsigned char *)chunk, n);
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(chunk, sizeof(chunk));
	sodium_memzero(&st, sizeof(st));
}
