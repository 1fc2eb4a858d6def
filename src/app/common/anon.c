// SPDX-License-Identifier: AGPL-3.0-or-later
/* anon.c: random ids, sealed writer links and claim codes for texts shown anonymously
 * (anon.h). */
#include "app/common/anon.h"
#include <sodium.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define ATAG  crypto_aead_xchacha20poly1305_ietf_ABYTES
#define PLAIN 48 /* "account shown" fits with room to spare */

int64_t
anon_random_id(void)
{
	uint64_t v;
	do {
		randombytes_buf(&v, sizeof(v));
		v &= (UINT64_C(1) << 53) - 1;
	} while (v == 0);
	return (int64_t)v;
}

unsigned char *
anon_seal(struct arena *a, const struct keys *k, const char *ad, int64_t account_id, int shown,
	  size_t *len)
{
	char plain[PLAIN];
	int plen = snprintf(plain, sizeof(plain), "%lld %d", (long long)account_id, shown);
	unsigned char *box = arena_alloc(a, NONCE + (size_t)plen + ATAG);
	randombytes_buf(box, NONCE);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen, (const unsigned char *)plain,
						   (size_t)plen, (const unsigned char *)ad,
						   strlen(ad), NULL, box, k->data);
	sodium_memzero(plain, sizeof(plain));
	*len = NONCE + (size_t)clen;
	return box;
}

int
anon_unseal(const struct keys *k, const char *ad, const unsigned char *box, size_t len,
	    int max_shown, int64_t *account_id, int *shown)
{
	if (!box || len < NONCE + ATAG || len - NONCE - ATAG >= PLAIN)
		return KR_EINTERNAL;
	char plain[PLAIN];
	size_t plen = len - NONCE - ATAG;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		(unsigned char *)plain, NULL, NULL, box + NONCE, len - NONCE,
		(const unsigned char *)ad, strlen(ad), box, k->data) != 0)
		return KR_EINTERNAL;
	plain[plen] = '\0';
	long long acc;
	int s;
	bool ok = sscanf(plain, "%lld %d", &acc, &s) == 2 && acc > 0 && s >= 0 && s <= max_shown;
	sodium_memzero(plain, sizeof(plain));
	if (!ok)
		return KR_EINTERNAL;
	*account_id = acc;
	*shown = s;
	return KR_OK;
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void
anon_code_new(char out[ANON_CODE_CHARS + 1])
{
	unsigned char raw[20];
	randombytes_buf(raw, sizeof(raw));
	for (size_t i = 0; i < ANON_CODE_CHARS; i++) {
		size_t bit = i * 5;
		unsigned v =
		    ((unsigned)raw[bit / 8] << 8) | (bit / 8 + 1 < 20 ? raw[bit / 8 + 1] : 0);
		out[i] = b32[(v >> (11 - bit % 8)) & 31];
	}
	out[ANON_CODE_CHARS] = '\0';
	sodium_memzero(raw, sizeof(raw));
}

bool
anon_code_normal(const char *in, char out[ANON_CODE_CHARS + 1])
{
	size_t n = 0;
	for (const char *p = in ? in : ""; *p; p++) {
		char ch = *p;
		if (ch == '-' || ch == ' ')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (!strchr(b32, ch) || n == ANON_CODE_CHARS)
			return false;
		out[n++] = ch;
	}
	out[n] = '\0';
	return n == ANON_CODE_CHARS;
}

const char *
anon_code_shown(struct arena *a, const char *code)
{
	char *s = arena_alloc(a, ANON_CODE_CHARS + ANON_CODE_CHARS / 4);
	size_t n = 0;
	for (size_t i = 0; i < ANON_CODE_CHARS; i++) {
		if (i && i % 4 == 0)
			s[n++] = '-';
		s[n++] = code[i];
	}
	s[n] = '\0';
	return s;
}
