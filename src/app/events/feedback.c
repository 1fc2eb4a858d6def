// SPDX-License-Identifier: AGPL-3.0-or-later
/* feedback.c: feedback after an event (events.h, "feedback after the event"). An answer cannot
 * be linked to the one who gave it: its row has a random id, no time and no account, and the
 * registration only says that its person answered. The texts are sealed under the data key,
 * bound to the answer's id and event by their associated data. */
#include "app/common/anon.h"
#include "app/events/events.h"
#include "base/i18n.h"
#include "base/log.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "N\n" (the length of what to improve), the text to improve, then the free text. */
#define PLAIN_MAX (16 + 2 * 4 * FEEDBACK_TEXT_MAX)

static const char *const access_names[FEEDBACK_ACCESS_COUNT] = { "yes", "partly", "no" };

const char *
feedback_access_name(enum feedback_access a)
{
	return (unsigned)a < FEEDBACK_ACCESS_COUNT ? access_names[a] : "yes";
}

bool
feedback_access_parse(const char *s, enum feedback_access *out)
{
	for (int i = 0; s && i < FEEDBACK_ACCESS_COUNT; i++)
		if (strcmp(s, access_names[i]) == 0) {
			*out = (enum feedback_access)i;
			return true;
		}
	return false;
}

static int
ad_of(int64_t event_id, int64_t id, char ad[80])
{
	return snprintf(ad, 80, "kring event feedback v1 %lld %lld", (long long)event_id,
			(long long)id);
}

static unsigned char *
seal_texts(struct arena *a, const struct keys *k, int64_t event_id, int64_t id, const char *improve,
	   const char *comment, size_t *len)
{
	size_t ni = strlen(improve), size = 24 + ni + strlen(comment) + 1;
	char *plain = arena_alloc(a, size);
	int plen = snprintf(plain, size, "%zu\n%s%s", ni, improve, comment);
	char ad[80];
	int adlen = ad_of(event_id, id, ad);
	unsigned char *box = events_seal(a, k, plain, (size_t)plen, ad, (size_t)adlen, len);
	sodium_memzero(plain, size);
	return box;
}

static bool
unseal_texts(struct arena *a, const struct keys *k, const struct feedback_row *row,
	     const char **improve, const char **comment)
{
	char *plain = arena_alloc(a, PLAIN_MAX + 1), ad[80];
	int adlen = ad_of(row->event_id, row->id, ad);
	if (!events_unseal(k, row->sealed, row->sealed_len, ad, (size_t)adlen, plain, PLAIN_MAX))
		return false;
	char *end;
	unsigned long long ni = strtoull(plain, &end, 10);
	size_t rest = strlen(plain);
	if (end == plain || *end != '\n' || ni > rest - (size_t)(end + 1 - plain))
		return false;
	*improve = arena_strndup(a, end + 1, (size_t)ni);
	*comment = arena_strdup(a, end + 1 + ni);
	return true;
}

const char *
feedback_check(const struct feedback_answer *f)
{
	if (f->rating < 1 || f->rating > 5)
		return N_("Choose a rating from 1 to 5.");
	if ((unsigned)f->accessible >= FEEDBACK_ACCESS_COUNT)
		return N_("Say whether the event was accessible for you.");
	long ni = events_text_chars(f->improve, true), nc = events_text_chars(f->comment, true);
	if (ni < 0 || nc < 0)
		return N_("The text holds characters that cannot be saved. Type it again.");
	if (ni > FEEDBACK_TEXT_MAX || nc > FEEDBACK_TEXT_MAX)
		return N_("Each text can be at most 1000 characters long. Make it shorter.");
	return NULL;
}

/* The registration that may answer; KR_EINVAL with *why when none may. */
static int
answering_registration(struct db_conn *c, const struct keys *k, struct arena *a,
		       const struct event *e, int64_t account_id, int64_t now,
		       struct registration *reg, enum feedback_refusal *why)
{
	if (e->state == EVENT_CANCELLED) {
		*why = FEEDBACK_CANCELLED;
		return KR_EINVAL;
	}
	if (e->ends_at > now) {
		*why = FEEDBACK_NOT_OVER;
		return KR_EINVAL;
	}
	int err = events_registration_of(c, k, a, e->id, account_id, reg);
	if (err == KR_ENOTFOUND || (!err && reg->state != REG_CONFIRMED)) {
		*why = FEEDBACK_NO_PLACE;
		return KR_EINVAL;
	}
	if (err)
		return err;
	bool answered;
	if ((err = events_store_answered(c, reg->id, &answered)))
		return err;
	if (answered) {
		*why = FEEDBACK_ANSWERED;
		return KR_EINVAL;
	}
	return KR_OK;
}

int
feedback_may(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *e,
	     int64_t account_id, int64_t now, enum feedback_refusal *why)
{
	struct registration reg;
	return answering_registration(c, k, a, e, account_id, now, &reg, why);
}

int
feedback_answered(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *e,
		  int64_t account_id, bool *answered)
{
	struct registration reg;
	*answered = false;
	int err = events_registration_of(c, k, a, e->id, account_id, &reg);
	if (err == KR_ENOTFOUND)
		return KR_OK;
	return err ? err : events_store_answered(c, reg.id, answered);
}

/* The answer and the registration's flag, inside the caller's transaction. */
static int
give(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *e,
     int64_t account_id, int64_t now, const struct feedback_answer *f, enum feedback_refusal *why)
{
	if (feedback_check(f))
		BUG("feedback_give: an answer that feedback_check refuses");
	struct registration reg;
	bool was = false;
	int err = answering_registration(c, k, a, e, account_id, now, &reg, why);
	if (!err)
		err = events_store_mark_answered(c, reg.id, &was);
	if (!err && was) { /* answered in a parallel request */
		*why = FEEDBACK_ANSWERED;
		err = KR_EINVAL;
	}
	if (err)
		return err;
	struct feedback_row row = { .id = anon_random_id(),
				    .event_id = e->id,
				    .rating = f->rating,
				    .accessible = f->accessible };
	size_t len;
	row.sealed = seal_texts(a, k, e->id, row.id, f->improve, f->comment, &len);
	row.sealed_len = len;
	return events_store_feedback_add(c, &row);
}

int
feedback_give(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *e,
	      int64_t account_id, int64_t now, const struct feedback_answer *f,
	      enum feedback_refusal *why)
{
	int err = db_begin(c);
	if (err)
		return err;
	return db_end(c, give(c, k, a, e, account_id, now, f, why));
}

int
feedback_demo_give(struct db_conn *c, const struct keys *k, struct arena *a, const struct event *e,
		   int64_t account_id, const struct feedback_answer *f)
{
	enum feedback_refusal why = FEEDBACK_NO_PLACE;
	int err = give(c, k, a, e, account_id, time_now(), f, &why);
	if (err == KR_EINVAL)
		log_warn("demo: feedback refused (%d)", (int)why);
	return err;
}

static void
shuffle(const char **v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = randombytes_uniform((uint32_t)i);
		const char *t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

int
feedback_summary(struct db_conn *c, const struct keys *k, struct arena *a, int64_t event_id,
		 struct feedback_summary *out)
{
	*out = (struct feedback_summary){ 0 };
	struct feedback_row *rows;
	size_t n;
	int err = events_store_feedback(c, a, event_id, &rows, &n);
	if (err)
		return err;
	out->answers = (int64_t)n;
	if (n < FEEDBACK_RATINGS_FROM)
		return KR_OK;
	for (size_t i = 0; i < n; i++) {
		out->rating[rows[i].rating - 1]++;
		out->accessible[rows[i].accessible]++;
	}
	if (n < FEEDBACK_TEXTS_FROM)
		return KR_OK;
	out->improve = arena_alloc(a, n * sizeof(*out->improve));
	out->comments = arena_alloc(a, n * sizeof(*out->comments));
	for (size_t i = 0; i < n; i++) {
		const char *improve, *comment;
		if (!unseal_texts(a, k, &rows[i], &improve, &comment)) {
			log_warn("feedback %lld does not open under the data key",
				 (long long)rows[i].id);
			return KR_EINTERNAL;
		}
		if (*improve)
			out->improve[out->nimprove++] = improve;
		if (*comment)
			out->comments[out->ncomments++] = comment;
	}
	shuffle(out->improve, out->nimprove);
	shuffle(out->comments, out->ncomments);
	return KR_OK;
}

int
feedback_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	struct feedback_row *rows;
	size_t n = 0;
	int err = events_store_feedback(c, &a, 0, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		const char *improve, *comment;
		if (!unseal_texts(&a, old, &rows[i], &improve, &comment)) {
			err = KR_EINTERNAL;
			break;
		}
		size_t len;
		unsigned char *box =
		    seal_texts(&a, fresh, rows[i].event_id, rows[i].id, improve, comment, &len);
		err = events_store_feedback_reseal(c, rows[i].id, box, len);
	}
	arena_release(&a);
	*count = err ? 0 : (int64_t)n;
	return err;
}
