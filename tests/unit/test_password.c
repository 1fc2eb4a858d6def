// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_password.c: the password policy (ASVS 5.0 §6.2), argon2id hashing and verification,
 * the dummy verification and the limit on hashes at once. */
#include "test.h"
#include <pthread.h>
#include "app/auth/password.h"
#include "base/log.h"

void test_password_policy_length(void);
void test_password_policy_characters(void);
void test_password_policy_common(void);
void test_password_policy_context(void);
void test_password_common_list(void);
void test_password_hash_verify(void);
void test_password_needs_rehash(void);
void test_password_dummy(void);
void test_password_concurrency(void);

/* The policy's answer: NULL when accepted, else the message the user would read. */
static const char *
refusal(const char *pw, const char *email, const char *name)
{
	const char *problem = "unset";
	int rc = password_policy(pw, email, name, &problem);
	if ((rc == KR_OK) != (problem == NULL))
		return "inconsistent: return code and problem disagree";
	return problem;
}

#define ACCEPTED(pw, email, name) CHECK(refusal((pw), (email), (name)) == NULL)
#define REFUSED(pw, email, name, words)                                                            \
	do {                                                                                       \
		const char *p_ = refusal((pw), (email), (name));                                   \
		CHECK(p_ != NULL && strstr(p_, (words)) != NULL);                                  \
		if (p_ && !strstr(p_, (words)))                                                    \
			fprintf(stderr, "    got \"%s\", want \"%s\"\n", p_, (words));             \
	} while (0)

/* A password of exactly n bytes that breaks no other rule. */
static char *
long_password(size_t n)
{
	static const char sentence[] = "my bicycle is green and quite slow, ";
	char *s = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = sentence[i % (sizeof(sentence) - 1)];
	s[n] = '\0';
	return s;
}

void
test_password_policy_length(void)
{
	REFUSED("", NULL, NULL, "at least 8 characters");
	REFUSED(NULL, NULL, NULL, "at least 8 characters");
	REFUSED("tulpen7", NULL, NULL, "at least 8 characters");
	ACCEPTED("tulpen78", NULL, NULL);
	/* Code points, not bytes: 7 é are 14 bytes and still too short. */
	REFUSED("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", NULL, NULL,
		"at least 8 characters");
	ACCEPTED("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", NULL, NULL);
	/* 8 emoji (4 bytes each) are 8 characters. */
	ACCEPTED("\xf0\x9f\x8c\xb7\xf0\x9f\x8c\xb7\xf0\x9f\x8c\xb7\xf0\x9f\x8c\xb7"
		 "\xf0\x9f\x8c\xb7\xf0\x9f\x8c\xb7\xf0\x9f\x8c\xb7\xf0\x9f\x8c\xb7",
		 NULL, NULL);
	/* Spaces are characters like any other. */
	ACCEPTED("a b c d e", NULL, NULL);

	char *pw = long_password(PASSWORD_MAX_BYTES);
	ACCEPTED(pw, "someone@example.nl", "Someone Else");
	free(pw);
	pw = long_password(PASSWORD_MAX_BYTES + 1);
	REFUSED(pw, NULL, NULL, "too long");
	free(pw);
	pw = long_password(100000);
	REFUSED(pw, NULL, NULL, "too long");
	free(pw);
}

void
test_password_policy_characters(void)
{
	const char *msg = "character that cannot be used";
	REFUSED("caf\xe9 au lait", NULL, NULL, msg);		  /* Latin-1, not UTF-8 */
	REFUSED("abcdefgh\xc0\xaf", NULL, NULL, msg);		  /* overlong */
	REFUSED("abcdefgh\xed\xa0\x80", NULL, NULL, msg);	  /* surrogate */
	REFUSED("abcdefgh\xe2\x82", NULL, NULL, msg);		  /* cut off */
	REFUSED("correct\thorse battery", NULL, NULL, msg);	  /* tab */
	REFUSED("correct horse battery\n", NULL, NULL, msg);	  /* pasted line break */
	REFUSED("correct\x7fhorse battery", NULL, NULL, msg);	  /* DEL */
	REFUSED("correct\xc2\x85horse battery", NULL, NULL, msg); /* U+0085, a C1 control */
	/* Just past the C1 range: U+00A0 (no-break space) and U+00E9 are ordinary characters. */
	ACCEPTED("correct\xc2\xa0horse battery", NULL, NULL);
	ACCEPTED("caf\xc3\xa9 au lait", NULL, NULL);
	/* No composition rules: letters only, digits only, all fine when long and uncommon. */
	ACCEPTED("zonnebloemen", NULL, NULL);
	ACCEPTED("80417265", NULL, NULL);
}

void
test_password_policy_common(void)
{
	const char *msg = "most common passwords";
	REFUSED("password", NULL, NULL, msg);
	REFUSED("Password", NULL, NULL, msg);
	REFUSED("PASSWORD", NULL, NULL, msg);
	REFUSED("12345678", NULL, NULL, msg);
	REFUSED("wachtwoord", NULL, NULL, msg);
	REFUSED("Welkom01", NULL, NULL, msg);
	REFUSED("welkom01", NULL, NULL, msg);
	REFUSED("voorjaar2025", NULL, NULL, msg);
	REFUSED("feyenoord", NULL, NULL, msg);
	REFUSED("1234qwer", NULL, NULL, msg);
	/* A common password inside a longer one is not refused for that. */
	ACCEPTED("password for the bicycle shed", NULL, NULL);
	ACCEPTED("wachtwoord7391", NULL, NULL);
}

void
test_password_policy_context(void)
{
	const char *email = "jan.devries@example.nl";
	REFUSED("jan.devries", email, NULL, "e-mail address");
	REFUSED("Jan.DeVries2025", email, NULL, "e-mail address");
	REFUSED("my name is jan.devries", email, NULL, "e-mail address");
	REFUSED("jan.devries@example.nl", email, NULL, "e-mail address");
	ACCEPTED("jan loves his bicycle", email, NULL);

	const char *name = "Fatima El Amrani";
	REFUSED("Fatima El Amrani", NULL, name, "your name");
	REFUSED("fatima el amrani 1", NULL, name, "your name");
	REFUSED("FatimaElAmrani!", NULL, name, "your name"); /* the name without its spaces */
	ACCEPTED("fatima loves tulips", NULL, name);
	ACCEPTED("fatima loves tulips", "fatima.elamrani@example.nl", name);

	/* A two-letter local part or name would refuse too much: it only counts from 3. */
	ACCEPTED("jolly good fellow", "jo@example.nl", "Jo");
	REFUSED("jolly good fellow", "jol@example.nl", NULL, "e-mail address");
	/* No e-mail address, an empty one, or one without '@'. */
	ACCEPTED("tulpen78", "", "");
	REFUSED("fatima.elamrani1", "fatima.elamrani", NULL, "e-mail address");
}

void
test_password_common_list(void)
{
	size_t n = password_common_count();
	CHECK(n >= 3000);
	CHECK_INT(password_common_count(), n); /* built once */
}

void
test_password_hash_verify(void)
{
	/* 64 characters: the length ASVS 6.2.9 asks to allow, verified exactly. */
	char pw[] = "this sentence is exactly sixty-four characters long, on purpose!";
	CHECK_INT(strlen(pw), 64);
	char hash[PASSWORD_HASH_BYTES];
	CHECK_INT(password_hash(pw, hash), KR_OK);
	CHECK(strncmp(hash, "$argon2id$v=19$m=65536,t=3,p=1$", 31) == 0);

	bool rehash = true;
	CHECK_INT(password_verify(hash, pw, &rehash), KR_OK);
	CHECK(!rehash);
	/* Only the last character differs: no truncation anywhere. */
	pw[63] = '?';
	rehash = true;
	CHECK_INT(password_verify(hash, pw, &rehash), KR_EFORBIDDEN);
	CHECK(!rehash);
	CHECK_INT(password_verify(hash, "a wrong password", &rehash), KR_EFORBIDDEN);
	CHECK_INT(password_verify(hash, "", &rehash), KR_EFORBIDDEN);

	/* Not a hash at all: refused, never accepted. */
	CHECK_INT(password_verify("", "", &rehash), KR_EFORBIDDEN);
	CHECK_INT(password_verify("plain text password", "plain text password", &rehash),
		  KR_EFORBIDDEN);

	/* Over the limit: not hashed. */
	char *huge = long_password(PASSWORD_MAX_BYTES + 1);
	CHECK_INT(password_hash(huge, hash), KR_EINVAL);
	free(huge);
}

void
test_password_needs_rehash(void)
{
	const char *pw = "an older hash of mine";
	char old[PASSWORD_HASH_BYTES];
	CHECK(sodium_init() >= 0);
	CHECK(crypto_pwhash_str_alg(old, pw, strlen(pw), 2, PASSWORD_MEMLIMIT,
				    crypto_pwhash_ALG_ARGON2ID13) == 0);
	bool rehash = false;
	CHECK_INT(password_verify(old, pw, &rehash), KR_OK);
	CHECK(rehash);

	char now[PASSWORD_HASH_BYTES];
	CHECK_INT(password_hash(pw, now), KR_OK);
	rehash = true;
	CHECK_INT(password_verify(now, pw, &rehash), KR_OK);
	CHECK(!rehash);
}

void
test_password_dummy(void)
{
	char hash[PASSWORD_HASH_BYTES];
	bool rehash;
	CHECK_INT(password_hash("the real password", hash), KR_OK);
	password_verify_dummy("warm-up: makes the dummy hash");

	int64_t t0 = time_mono_ms();
	CHECK_INT(password_verify(hash, "a wrong password", &rehash), KR_EFORBIDDEN);
	int64_t wrong = time_mono_ms() - t0;
	t0 = time_mono_ms();
	password_verify_dummy("a wrong password");
	int64_t dummy = time_mono_ms() - t0;
	/* The same work: a dummy that skipped argon2 would take well under a millisecond. */
	CHECK(dummy * 3 >= wrong);
	CHECK(dummy >= 10);
	if (dummy * 3 < wrong || dummy < 10)
		fprintf(stderr, "    wrong password %lld ms, dummy %lld ms\n", (long long)wrong,
			(long long)dummy);
	password_verify_dummy(NULL);
}

struct hash_job {
	char pw[48];
	int rc;
};

static void *
hash_thread(void *arg)
{
	struct hash_job *job = arg;
	char hash[PASSWORD_HASH_BYTES];
	job->rc = password_hash(job->pw, hash);
	return NULL;
}

void
test_password_concurrency(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (cores < 1)
		cores = 1;
	CHECK_INT(password_hash_slots(), cores);
	size_t n = (size_t)cores * 2;
	pthread_t *threads = xcalloc(n, sizeof(*threads));
	struct hash_job *jobs = xcalloc(n, sizeof(*jobs));
	size_t started = 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(jobs[i].pw, sizeof(jobs[i].pw), "concurrent password %zu", i);
		jobs[i].rc = -1;
		if (pthread_create(&threads[i], NULL, hash_thread, &jobs[i]) != 0)
			break;
		started++;
	}
	CHECK_INT(started, n);
	for (size_t i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
		CHECK_INT(jobs[i].rc, KR_OK);
	}
	int seen = password_max_concurrent_seen();
	CHECK(seen >= 1);
	CHECK(seen <= cores);
	/* With two or more cores the slots were really shared, so the limit was put to work. */
	if (cores >= 2)
		CHECK(seen >= 2);
	free(threads);
	free(jobs);
}
