// SPDX-License-Identifier: AGPL-3.0-or-later
/* password.c: the password policy (length, characters, common passwords, the account's own
 * e-mail address and name) and argon2id hashing with a bounded number of hashes at once. */
#include "app/auth/password.h"
#include <pthread.h>
#include <stdatomic.h>
#include "base/embed.h"
#include "base/i18n.h"
#include "base/str.h"

/* ---- The common-password table ---- */

#define WORDLIST_COMMENT "#!comment"

static pthread_once_t common_once = PTHREAD_ONCE_INIT;
static const char **common_words; /* sorted, de-duplicated, lower-cased; lives forever */
static size_t common_n;

static void
ascii_lower(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
}

static int
cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every line of every embedded list, lower-cased, in one buffer; then sorted and de-duplicated
 * so a look-up is one bsearch(). Built once and never freed: the table is the process's. */
static void
common_build(void)
{
	size_t bytes = 0, lines = 0;
	for (size_t f = 0; f < wordlists_count; f++) {
		const struct embedded_file *e = &wordlists_files[f];
		bytes += e->len + 1;
		lines += 1;
		for (size_t i = 0; i < e->len; i++)
			lines += e->data[i] == '\n';
	}
	char *buf = xmalloc(bytes ? bytes : 1);
	const char **words = xcalloc(lines ? lines : 1, sizeof(*words));
	size_t used = 0, n = 0;
	for (size_t f = 0; f < wordlists_count; f++) {
		const char *p = (const char *)wordlists_files[f].data;
		const char *end = p + wordlists_files[f].len;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *eol = nl ? nl : end;
			size_t len = (size_t)(eol - p);
			if (len > 0 && p[len - 1] == '\r')
				len--;
			bool comment = len >= strlen(WORDLIST_COMMENT) &&
				       memcmp(p, WORDLIST_COMMENT, strlen(WORDLIST_COMMENT)) == 0;
			if (len > 0 && !comment) {
				char *w = buf + used;
				memcpy(w, p, len);
				w[len] = '\0';
				ascii_lower(w, len);
				words[n++] = w;
				used += len + 1;
			}
			p = nl ? nl + 1 : end;
		}
	}
	qsort(words, n, sizeof(*words), cmp_word);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (kept == 0 || strcmp(words[kept - 1], words[i]) != 0)
			words[kept++] = words[i];
	common_words = words;
	common_n = kept;
}

size_t
password_common_count(void)
{
	pthread_once(&common_once, common_build);
	return common_n;
}

/* pw is at most PASSWORD_MAX_BYTES long (the policy checks that first). */
static bool
is_common(const char *pw, size_t len)
{
	char lower[PASSWORD_MAX_BYTES + 1];
	if (len > PASSWORD_MAX_BYTES)
		return false;
	pthread_once(&common_once, common_build);
	memcpy(lower, pw, len);
	lower[len] = '\0';
	ascii_lower(lower, len);
	const char *key = lower;
	return bsearch(&key, common_words, common_n, sizeof(*common_words), cmp_word) != NULL;
}

/* ---- The policy ---- */

/* Code points in valid UTF-8: every byte that is not a continuation byte starts one. */
static size_t
utf8_chars(struct str s)
{
	size_t n = 0;
	for (size_t i = 0; i < s.len; i++)
		n += ((unsigned char)s.p[i] & 0xC0) != 0x80;
	return n;
}

/* C0 controls, DEL and the C1 controls U+0080..U+009F (encoded C2 80..C2 9F); s is valid UTF-8. */
static bool
has_control(struct str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	for (size_t i = 0; i < s.len; i++) {
		if (p[i] < 0x20 || p[i] == 0x7F)
			return true;
		if (p[i] == 0xC2 && i + 1 < s.len && p[i + 1] < 0xA0)
			return true;
	}
	return false;
}

static unsigned char
lower_byte(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Whether hay contains needle, ASCII case ignored. */
static bool
contains_nocase(struct str hay, struct str needle)
{
	if (needle.len == 0 || needle.len > hay.len)
		return false;
	for (size_t i = 0; i + needle.len <= hay.len; i++) {
		size_t k = 0;
		while (k < needle.len && lower_byte((unsigned char)hay.p[i + k]) ==
					     lower_byte((unsigned char)needle.p[k]))
			k++;
		if (k == needle.len)
			return true;
	}
	return false;
}

/* Whether pw holds word (a local part or a name), once word is long enough to mean something. */
static bool
holds_word(struct str pw, struct str word)
{
	word = str_trim(word);
	if (!str_is_utf8(word) || utf8_chars(word) < PASSWORD_CONTEXT_MIN_CHARS)
		return false;
	return contains_nocase(pw, word);
}

/* The name as one word, its spaces left out: "Jan de Vries" -> "JandeVries". */
static bool
holds_name_joined(struct str pw, struct str name)
{
	if (name.len > PASSWORD_MAX_BYTES)
		return false; /* longer than any password that gets this far */
	char joined[PASSWORD_MAX_BYTES];
	size_t n = 0;
	for (size_t i = 0; i < name.len; i++)
		if (name.p[i] != ' ')
			joined[n++] = name.p[i];
	return n != name.len && holds_word(pw, (struct str){ joined, n });
}

int
password_policy(const char *pw, const char *email, const char *name, const char **problem)
{
	struct str s = str_from(pw);
	*problem = NULL;
	if (s.len > PASSWORD_MAX_BYTES)
		*problem =
		    N_("This password is too long. Please use a shorter one: a short sentence "
		       "is long enough.");
	else if (!str_is_utf8(s) || has_control(s))
		*problem =
		    N_("This password holds a character that cannot be used, such as a tab or "
		       "a line break. Please type it again without that character.");
	else if (utf8_chars(s) < PASSWORD_MIN_CHARS)
		*problem = N_("Use at least 8 characters. A longer password, such as a short "
			      "sentence, is stronger.");
	else if (is_common(s.p, s.len))
		*problem = N_("This is one of the most common passwords, so it is easy to guess. "
			      "Please choose another one.");
	if (!*problem && email) {
		const char *at = strrchr(email, '@');
		struct str local = { email, at ? (size_t)(at - email) : strlen(email) };
		if (holds_word(s, local))
			*problem = N_("Please do not use your e-mail address in your password: it "
				      "is easy to guess.");
	}
	if (!*problem && name) {
		struct str n = str_from(name);
		if (holds_word(s, n) || holds_name_joined(s, str_trim(n)))
			*problem = N_("Please do not use your name in your password: it is easy to "
				      "guess.");
	}
	return *problem ? KR_EINVAL : KR_OK;
}

/* ---- Hashing slots: at most one argon2id computation per core at a time ---- */

static pthread_once_t slots_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slots_free = PTHREAD_COND_INITIALIZER;
static int slots_total, slots_used;
static bool sodium_ready;
/* Counted around the libsodium call itself, apart from slots_used, so a test sees what really
 * ran at once rather than the gate's own bookkeeping. */
static atomic_int running, running_max;

static void
slots_init(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	slots_total = cores < 1 ? 1 : cores > 1024 ? 1024 : (int)cores;
	sodium_ready = sodium_init() >= 0;
}

int
password_hash_slots(void)
{
	pthread_once(&slots_once, slots_init);
	return slots_total;
}

int
password_max_concurrent_seen(void)
{
	return atomic_load(&running_max);
}

static void
slot_take(void)
{
	pthread_once(&slots_once, slots_init);
	pthread_mutex_lock(&slots_lock);
	while (slots_used >= slots_total)
		pthread_cond_wait(&slots_free, &slots_lock);
	slots_used++;
	pthread_mutex_unlock(&slots_lock);
	int now = atomic_fetch_add(&running, 1) + 1;
	int max = atomic_load(&running_max);
	while (now > max && !atomic_compare_exchange_weak(&running_max, &max, now))
		;
}

static void
slot_give(void)
{
	atomic_fetch_sub(&running, 1);
	pthread_mutex_lock(&slots_lock);
	slots_used--;
	pthread_cond_signal(&slots_free);
	pthread_mutex_unlock(&slots_lock);
}

/* ---- Hashing ---- */

int
password_hash(const char *pw, char out[PASSWORD_HASH_BYTES])
{
	if (!pw)
		BUG("password_hash: NULL password");
	size_t len = strlen(pw);
	if (len > PASSWORD_MAX_BYTES)
		return KR_EINVAL;
	slot_take();
	int rc = sodium_ready
		     ? crypto_pwhash_str_alg(out, pw, len, PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT,
					     crypto_pwhash_ALG_ARGON2ID13)
		     : -1;
	slot_give();
	if (rc != 0) {
		error("password: argon2id hashing failed (%s)",
		      sodium_ready ? "out of memory?" : "libsodium did not start");
		return KR_EINTERNAL;
	}
	return KR_OK;
}

int
password_verify(const char *stored, const char *pw, bool *needs_rehash)
{
	if (!stored || !pw)
		BUG("password_verify: NULL argument");
	*needs_rehash = false;
	/* libsodium reads the string to its NUL: refuse anything that cannot be one of its own. */
	if (strnlen(stored, PASSWORD_HASH_BYTES) >= PASSWORD_HASH_BYTES)
		return KR_EFORBIDDEN;
	slot_take();
	bool ok = sodium_ready && crypto_pwhash_str_verify(stored, pw, strlen(pw)) == 0;
	/* 0: made with the current parameters; 1: other ones; -1: not an argon2id hash (argon2i).
	 */
	bool stale =
	    ok && crypto_pwhash_str_needs_rehash(stored, PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT) != 0;
	slot_give();
	if (!ok)
		return KR_EFORBIDDEN;
	*needs_rehash = stale;
	return KR_OK;
}

static pthread_mutex_t dummy_lock = PTHREAD_MUTEX_INITIALIZER;
static char dummy_hash[PASSWORD_HASH_BYTES];
static bool dummy_ready;

void
password_verify_dummy(const char *pw)
{
	/* A mutex rather than pthread_once, so a failure (no memory for it) is tried again next
	 * time. Whoever makes it holds the lock: the others wait, then read the finished hash. */
	pthread_mutex_lock(&dummy_lock);
	if (!dummy_ready) {
		unsigned char secret[32];
		char hex[sizeof(secret) * 2 + 1];
		pthread_once(&slots_once, slots_init);
		if (sodium_ready) {
			randombytes_buf(secret, sizeof(secret));
			sodium_bin2hex(hex, sizeof(hex), secret, sizeof(secret));
			dummy_ready = password_hash(hex, dummy_hash) == KR_OK;
			sodium_memzero(secret, sizeof(secret));
			sodium_memzero(hex, sizeof(hex));
		}
	}
	bool ready = dummy_ready;
	pthread_mutex_unlock(&dummy_lock);
	if (ready) {
		bool ignored;
		int rc = password_verify(dummy_hash, pw ? pw : "", &ignored);
		(void)rc; /* nobody knows the random password: the answer is always no */
	}
}
