// SPDX-License-Identifier: AGPL-3.0-or-later
/* needs.c: access needs at registering for an event (events.h, "access needs"): the list of
 * needs, the conflicts between them with advice, a person's profile, the needs of a
 * registration, the organisers' checklist without names, and their erasure.
 *
 * Sealing: a profile is found by a keyed BLAKE2b of the account and holds "account mask
 * words" sealed with XChaCha20-Poly1305 under the data key (associated data: its lookup); a
 * registration's needs hold "mask words" with the event and registration as associated data,
 * so a sealed box cannot be moved to another registration. */
#include "app/events/events.h"
#include "base/i18n.h"
#include "base/log.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG   crypto_aead_xchacha20poly1305_ietf_ABYTES
/* The plain text: two numbers and the own words (4 bytes a character at most). */
#define PLAIN_MAX (48 + 4 * NEEDS_OTHER_MAX)

const struct access_need_info access_needs_list[NEED_COUNT] = {
	[NEED_CAPTIONS] = { "captions", N_("Captions or live transcription") },
	[NEED_NGT] = { "ngt", N_("A sign-language interpreter (NGT)") },
	[NEED_LOOP] = { "loop", N_("A hearing loop") },
	[NEED_STEP_FREE] = { "step_free", N_("A step-free route") },
	[NEED_TOILET] = { "toilet", N_("An accessible toilet") },
	[NEED_SEAT_EXIT] = { "seat_exit", N_("A seat near the exit") },
	[NEED_SEAT_FRONT] = { "seat_front", N_("A seat near the front") },
	[NEED_QUIET] = { "quiet", N_("A quiet room or a low-stimulus setting") },
	[NEED_BREAKS] = { "breaks", N_("A break every hour") },
	[NEED_MATERIALS] = { "materials", N_("The materials in advance") },
	[NEED_LARGE_PRINT] = { "large_print", N_("Materials in large print") },
	[NEED_DIGITAL] = { "digital", N_("Accessible digital materials") },
	[NEED_DIETARY] = { "dietary", N_("Dietary needs") },
	[NEED_DOG] = { "dog", N_("Room for an assistance dog") },
	[NEED_COMPANION] = { "companion", N_("A place for a companion") },
};

/* docs/ACCESS-NEEDS.md shows this table; tests/unit/test_needs.c keeps the two the same. */
const struct needs_conflict needs_conflicts[] = {
	{ NEED_CAPTIONS, NEED_QUIET,
	  N_("Captions on a big screen help deaf and hard-of-hearing colleagues, but a busy "
	     "screen can overwhelm some neurodivergent colleagues. Offer the captions on personal "
	     "devices as well (a link to the live captions for a phone or laptop), and keep a "
	     "quiet row away from the big screen.") },
	{ NEED_NGT, NEED_QUIET,
	  N_("An NGT interpreter stands in sight and in good light, which adds movement at the "
	     "front. Seat those who follow the interpreter with a clear view of them, and keep "
	     "the quiet seats on the other side, out of the interpreter's line.") },
	{ NEED_SEAT_FRONT, NEED_SEAT_EXIT,
	  N_("Some need a seat at the front (to lip-read, or to see the interpreter or the "
	     "screen), others a seat near the exit (to step out without being noticed). Keep "
	     "both free: seats at the front by a side door, or reserved seats at the ends of "
	     "rows with a clear way out.") },
	{ NEED_STEP_FREE, NEED_QUIET,
	  N_("The quiet room has to be reachable without steps too. Choose a quiet room on the "
	     "same floor or next to the lift, and walk the route before the event.") },
	{ NEED_DOG, NEED_DIETARY,
	  N_("An assistance dog may come everywhere, but some colleagues are allergic to dogs "
	     "or afraid of them, and dietary needs can include allergies. Say in the invitation "
	     "that an assistance dog will be there, keep room for the dog away from the food, "
	     "and ask the caterer to label allergens.") },
	{ NEED_LOOP, NEED_QUIET,
	  N_("A hearing loop works only with the sound system on, and music or a noisy break "
	     "through the speakers is hard for those who need quiet. Use the microphone for "
	     "speech only, and keep music and announcements off during the breaks.") },
};
const size_t needs_nconflicts = ARRAY_SIZE(needs_conflicts);

int
needs_code(const char *code)
{
	for (int i = 0; i < NEED_COUNT; i++)
		if (strcmp(code, access_needs_list[i].code) == 0)
			return i;
	return -1;
}

bool
needs_any(const struct access_needs *n)
{
	return n->mask || (n->other && *n->other);
}

const char *
needs_check(const struct access_needs *n)
{
	if (n->mask >> NEED_COUNT)
		return N_("Choose your needs from the list.");
	long chars = events_text_chars(n->other ? n->other : "", true);
	if (chars < 0)
		return N_("Write what you need in plain text, without special characters.");
	if (chars > NEEDS_OTHER_MAX)
		return N_("Write what else you need in at most 300 characters.");
	return NULL;
}

/* ---- sealing ---- */

static void
profile_lookup(const struct keys *k, int64_t account_id, unsigned char out[32])
{
	unsigned char in[28] = "kring access profile";
	memcpy(in + 20, &account_id, 8);
	crypto_generichash(out, 32, in, sizeof(in), k->lookup, KEY_BYTES);
}

unsigned char *
events_seal(struct arena *a, const struct keys *k, const char *plain, size_t plen, const void *ad,
	    size_t adlen, size_t *len)
{
	unsigned char *box = arena_alloc(a, NONCE + plen + TAG);
	randombytes_buf(box, NONCE);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen, (const unsigned char *)plain,
						   plen, ad, adlen, NULL, box, k->data);
	*len = NONCE + (size_t)clen;
	return box;
}

bool
events_unseal(const struct keys *k, const unsigned char *box, size_t len, const void *ad,
	      size_t adlen, char *plain, size_t plain_max)
{
	if (len < NONCE + TAG || len - NONCE - TAG > plain_max)
		return false;
	unsigned long long plen;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)plain, &plen, NULL,
						       box + NONCE, len - NONCE, ad, adlen, box,
						       k->data) != 0)
		return false;
	plain[plen] = '\0';
	return true;
}

/* "mask words" (after the account, for a profile) into out; false when it is not that. */
static bool
parse_needs(struct arena *a, const char *s, struct access_needs *out)
{
	char *end;
	unsigned long mask = strtoul(s, &end, 10);
	if (end == s || (*end != ' ' && *end) || mask >> NEED_COUNT)
		return false;
	out->mask = (uint32_t)mask;
	out->other = arena_strdup(a, *end ? end + 1 : "");
	return true;
}

static unsigned char *
seal_profile(struct arena *a, const struct keys *k, int64_t account_id,
	     const struct access_needs *n, const unsigned char lookup[32], size_t *len)
{
	char plain[PLAIN_MAX + 1];
	int plen = snprintf(plain, sizeof(plain), "%lld %u %s", (long long)account_id, n->mask,
			    n->other ? n->other : "");
	if (plen < 0 || (size_t)plen >= sizeof(plain))
		BUG("seal_profile: needs_check() lets through what does not fit");
	unsigned char *box = events_seal(a, k, plain, (size_t)plen, lookup, 32, len);
	sodium_memzero(plain, sizeof(plain));
	return box;
}

static bool
unseal_profile(struct arena *a, const struct keys *k, const unsigned char *box, size_t len,
	       const unsigned char lookup[32], int64_t *account_id, struct access_needs *out)
{
	char plain[PLAIN_MAX + 1];
	bool ok = events_unseal(k, box, len, lookup, 32, plain, PLAIN_MAX);
	char *end = plain;
	long long acc = ok ? strtoll(plain, &end, 10) : 0;
	ok = ok && acc > 0 && *end == ' ' && parse_needs(a, end + 1, out);
	*account_id = acc;
	sodium_memzero(plain, sizeof(plain));
	return ok;
}

static int
reg_needs_ad(int64_t event_id, int64_t registration_id, char ad[64])
{
	return snprintf(ad, 64, "kring event need v1 %lld %lld", (long long)event_id,
			(long long)registration_id);
}

static unsigned char *
seal_reg(struct arena *a, const struct keys *k, int64_t event_id, int64_t registration_id,
	 const struct access_needs *n, size_t *len)
{
	char plain[PLAIN_MAX + 1], ad[64];
	int plen = snprintf(plain, sizeof(plain), "%u %s", n->mask, n->other ? n->other : "");
	if (plen < 0 || (size_t)plen >= sizeof(plain))
		BUG("seal_reg: needs_check() lets through what does not fit");
	int adlen = reg_needs_ad(event_id, registration_id, ad);
	unsigned char *box = events_seal(a, k, plain, (size_t)plen, ad, (size_t)adlen, len);
	sodium_memzero(plain, sizeof(plain));
	return box;
}

static bool
unseal_reg(struct arena *a, const struct keys *k, const struct needs_row *row,
	   struct access_needs *out)
{
	char plain[PLAIN_MAX + 1], ad[64];
	int adlen = reg_needs_ad(row->event_id, row->registration_id, ad);
	bool ok =
	    events_unseal(k, row->sealed, row->sealed_len, ad, (size_t)adlen, plain, PLAIN_MAX) &&
	    parse_needs(a, plain, out);
	sodium_memzero(plain, sizeof(plain));
	return ok;
}

/* ---- a person's profile ---- */

int
needs_profile_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		  struct access_needs *out, bool *found)
{
	unsigned char lookup[32];
	profile_lookup(k, account_id, lookup);
	const unsigned char *box = NULL;
	size_t len = 0;
	int err = events_store_profile_get(c, a, lookup, &box, &len, found);
	*out = (struct access_needs){ .mask = 0, .other = "" };
	if (err || !*found)
		return err;
	int64_t acc;
	if (!unseal_profile(a, k, box, len, lookup, &acc, out) || acc != account_id)
		return KR_EINTERNAL;
	return KR_OK;
}

int
needs_profile_set(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		  const struct access_needs *n)
{
	if (needs_check(n))
		return KR_EINVAL;
	unsigned char lookup[32];
	profile_lookup(k, account_id, lookup);
	if (!needs_any(n))
		return events_store_profile_put(c, lookup, NULL, 0);
	size_t len;
	unsigned char *box = seal_profile(a, k, account_id, n, lookup, &len);
	return events_store_profile_put(c, lookup, box, len);
}

int
needs_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	unsigned char lookup[32];
	profile_lookup(k, account_id, lookup);
	return events_store_profile_put(c, lookup, NULL, 0);
}

/* ---- the needs of a registration ---- */

int
needs_of_registration(struct db_conn *c, const struct keys *k, struct arena *a,
		      const struct registration *reg, struct access_needs *out, bool *found)
{
	struct needs_row *rows;
	size_t n;
	*out = (struct access_needs){ .mask = 0, .other = "" };
	*found = false;
	int err = events_store_needs(c, a, reg->event_id, reg->id, &rows, &n);
	if (err || !n)
		return err;
	if (!unseal_reg(a, k, &rows[0], out))
		return KR_EINTERNAL;
	*found = true;
	return KR_OK;
}

int
needs_set_for_registration(struct db_conn *c, const struct keys *k, struct arena *a,
			   const struct registration *reg, const struct access_needs *n)
{
	if (needs_check(n))
		return KR_EINVAL;
	if (!needs_any(n))
		return events_store_needs_put(c, reg->id, reg->event_id, NULL, 0);
	size_t len;
	unsigned char *box = seal_reg(a, k, reg->event_id, reg->id, n, &len);
	return events_store_needs_put(c, reg->id, reg->event_id, box, len);
}

/* ---- the organisers' checklist ---- */

int
needs_summary(struct db_conn *c, const struct keys *k, struct arena *a, int64_t event_id,
	      struct needs_summary *out)
{
	memset(out, 0, sizeof(*out));
	struct needs_row *rows;
	size_t n;
	int err = events_store_needs(c, a, event_id, 0, &rows, &n);
	if (err)
		return err;
	out->others = ARENA_ARRAY(a, const char *, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		struct access_needs an;
		if (!unseal_reg(a, k, &rows[i], &an))
			return KR_EINTERNAL;
		if (rows[i].state == REG_WAITING) {
			out->waiting_with_needs++;
			continue;
		}
		enum reg_place place = rows[i].place;
		out->with_needs++;
		for (int b = 0; b < NEED_COUNT; b++)
			if (an.mask & (1u << b))
				(place == PLACE_ONLINE ? out->online : out->site)[b]++;
		if (*an.other)
			out->others[out->nothers++] = an.other;
	}
	/* Random order: the order of registering would tell whose words they are. */
	for (size_t i = out->nothers; i > 1; i--) {
		size_t j = randombytes_uniform((uint32_t)i);
		const char *t = out->others[i - 1];
		out->others[i - 1] = out->others[j];
		out->others[j] = t;
	}
	const char **codes;
	size_t ncodes;
	if ((err = events_store_arrangements(c, a, event_id, &codes, &ncodes)))
		return err;
	for (size_t i = 0; i < ncodes; i++) {
		int b = needs_code(codes[i]);
		if (b >= 0)
			out->done[b] = true;
		else if (strcmp(codes[i], NEEDS_OTHER_CODE) == 0)
			out->other_done = true;
	}
	return KR_OK;
}

int
needs_mark(struct db_conn *c, int64_t event_id, const char *code, bool done)
{
	if (needs_code(code) < 0 && strcmp(code, NEEDS_OTHER_CODE) != 0)
		return KR_EINVAL;
	return events_store_arrangement_set(c, event_id, code, done);
}

/* ---- keeping and erasing ---- */

int
needs_keep_days(struct db_conn *c, int64_t *days)
{
	return events_store_needs_keep_days(c, -1, days);
}

int
needs_keep_days_set(struct db_conn *c, int64_t days)
{
	if (days < 0 || days > NEEDS_KEEP_DAYS_MAX)
		return KR_EINVAL;
	return events_store_needs_keep_days(c, days, NULL);
}

int
needs_retention_erase(struct db_conn *c, int64_t now, int64_t keep_days, int64_t *erased)
{
	int err = db_begin(c);
	if (err)
		return err;
	err = events_store_needs_retention(c, now - keep_days * 86400, erased);
	return db_end(c, err);
}

int
needs_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	struct needs_row *rows;
	struct profile_row *profiles;
	size_t n, np = 0;
	int err = events_store_needs(c, &a, 0, 0, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		struct access_needs an;
		if (!unseal_reg(&a, old, &rows[i], &an)) {
			err = KR_EINTERNAL;
			break;
		}
		size_t len;
		unsigned char *box =
		    seal_reg(&a, fresh, rows[i].event_id, rows[i].registration_id, &an, &len);
		err =
		    events_store_needs_put(c, rows[i].registration_id, rows[i].event_id, box, len);
	}
	if (!err)
		err = events_store_profiles(c, &a, &profiles, &np);
	for (size_t i = 0; !err && i < np; i++) {
		struct access_needs an;
		int64_t acc;
		if (!unseal_profile(&a, old, profiles[i].sealed, profiles[i].sealed_len,
				    profiles[i].lookup, &acc, &an)) {
			err = KR_EINTERNAL;
			break;
		}
		unsigned char lookup[32];
		profile_lookup(fresh, acc, lookup);
		size_t len;
		unsigned char *box = seal_profile(&a, fresh, acc, &an, lookup, &len);
		err = events_store_profile_replace(c, profiles[i].lookup, lookup, box, len);
	}
	arena_release(&a);
	*count = err ? 0 : (int64_t)(n + np);
	return err;
}
