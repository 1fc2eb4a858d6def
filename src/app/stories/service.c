// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of experience stories: who writes, reviews, publishes and reads, the
 * owner tags, seals and claim codes that let a writer find their own anonymous story while
 * nobody else can, reactions, and the monthly reader counts (stories.h, docs/PRIVACY.md). */
#include "app/stories/stories.h"
#include "app/feature.h"
#include "app/common/anon.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "html/markdown.h"
#include <sodium.h>
#include <time.h>

const char story_problem_title_empty[] = N_("Give the story a title.");
const char story_problem_title_long[] = N_("A title has at most 150 characters.");
const char story_problem_body_empty[] = N_("Write your story first: the text is empty.");
const char story_problem_body_long[] =
    N_("A story has at most 50,000 characters (fewer with many accented or non-Latin letters).");
const char story_problem_note_long[] = N_("A content note has at most 200 characters.");
const char story_problem_review_empty[] =
    N_("Write what the writer should change, so that they know what to do.");
const char story_problem_review_long[] = N_("A note to the writer has at most 2,000 characters.");
const char story_problem_text_invalid[] =
    N_("The text contains characters Kring cannot store. Type it again without them.");
const char story_problem_no_pseudonym[] =
    N_("You have no pseudonym in this network. Choose your name or anonymous, or first choose "
       "a pseudonym on the page where you change how you appear.");
const char story_problem_code_wrong[] =
    N_("This claim code does not fit this story. Check the code and type it again.");
const char story_problem_interview[] = N_("Only the core team publishes interviews.");
const char story_problem_state[] =
    N_("This step is not possible now: the story has moved on. Look at its state above.");
const char story_problem_consent[] =
    N_("Tick the box to say that you agree to publication. Without your consent the story "
       "is not published.");
const char story_problem_not_published[] = N_("You can only react to a published story.");

static const char *const kind_names[] = { "story", "interview" };
static const char *const state_names[] = { "draft",    "submitted", "changes",
					   "approved", "published", "withdrawn" };
static const char *const state_labels[] = {
	N_("Draft"),	     N_("Sent to the core team"),
	N_("Changes asked"), N_("Approved: waits for your consent"),
	N_("Published"),     N_("Withdrawn"),
};
static const char *const shown_names[] = { "name", "pseudonym", "anonymous", "only-me" };
static const char *const audience_names[] = { "members", "organisation" };
static const char *const reaction_names[] = { "recognisable", "thanks", "strong" };
static const char *const reaction_labels[] = { N_("Recognisable"), N_("Thank you"), N_("Strong") };

static bool
parse_of(const char *const *names, size_t n, const char *s, int *out)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (int)i;
			return true;
		}
	return false;
}

#define NAME_OF(names, v) ((size_t)(v) < ARRAY_SIZE(names) ? (names)[v] : (names)[0])
#define PARSE(names, s, out, type)                                                                 \
	do {                                                                                       \
		int v_;                                                                            \
		if (!parse_of(names, ARRAY_SIZE(names), s, &v_))                                   \
			return false;                                                              \
		*(out) = (type)v_;                                                                 \
		return true;                                                                       \
	} while (0)

const char *
story_kind_name(enum story_kind k)
{
	return NAME_OF(kind_names, k);
}
bool
story_kind_parse(const char *s, enum story_kind *out)
{
	PARSE(kind_names, s, out, enum story_kind);
}
const char *
story_state_name(enum story_state s)
{
	return NAME_OF(state_names, s);
}
const char *
story_state_label(enum story_state s)
{
	return NAME_OF(state_labels, s);
}
const char *
story_shown_name(enum story_shown s)
{
	return NAME_OF(shown_names, s);
}
bool
story_shown_parse(const char *s, enum story_shown *out)
{
	PARSE(shown_names, s, out, enum story_shown);
}
const char *
story_audience_name(enum story_audience a)
{
	return NAME_OF(audience_names, a);
}
bool
story_audience_parse(const char *s, enum story_audience *out)
{
	PARSE(audience_names, s, out, enum story_audience);
}
const char *
story_reaction_name(enum story_reaction r)
{
	return NAME_OF(reaction_names, r);
}
const char *
story_reaction_label(enum story_reaction r)
{
	return NAME_OF(reaction_labels, r);
}
bool
story_reaction_parse(const char *s, enum story_reaction *out)
{
	PARSE(reaction_names, s, out, enum story_reaction);
}

/* ---- tags, seals, codes and reader hashes ---- */

/* A keyed BLAKE2b of a domain and some numbers (and an optional salt). */
static void
keyed(const unsigned char *key, const char *domain, const int64_t *v, size_t nv,
      const unsigned char *salt, unsigned char out[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, key, key ? KEY_BYTES : 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain));
	if (salt)
		crypto_generichash_update(&st, salt, 32);
	crypto_generichash_update(&st, (const unsigned char *)v, nv * sizeof(*v));
	crypto_generichash_final(&st, out, 32);
}

#define STORY_OWNER   "kring story owner v1"
#define COMMENT_OWNER "kring story comment owner v1"

/* The owner tag of (account, story, how shown): without the key file it says nothing, and it
 * differs for every story, so that two anonymous stories of one writer share nothing. */
static void
owner_tag(const struct keys *k, int64_t account_id, int64_t id, enum story_shown shown,
	  unsigned char out[32])
{
	int64_t v[3] = { account_id, id, (int64_t)shown };
	keyed(k->lookup, STORY_OWNER, v, 3, NULL, out);
}

/* Who reacted: a keyed hash of (account, story). */
static void
reaction_key(const struct keys *k, int64_t account_id, int64_t id, unsigned char out[32])
{
	int64_t v[2] = { account_id, id };
	keyed(k->lookup, "kring story reaction v1", v, 2, NULL, out);
}

/* Who read, this month: a keyed hash of (the month's salt, account, story). Once the salt is
 * erased, nobody can test an account against it, with or without the key file. */
static void
reader_key(const struct keys *k, const unsigned char salt[32], int64_t account_id, int64_t id,
	   unsigned char out[32])
{
	int64_t v[2] = { account_id, id };
	keyed(k->lookup, "kring story reader v1", v, 2, salt, out);
}

/* The associated data a story's sealed link is bound to. */
static const char *
seal_ad(int64_t id, char ad[64])
{
	snprintf(ad, 64, "kring story v1 %lld", (long long)id);
	return ad;
}

static unsigned char *
seal(struct arena *a, const struct keys *k, int64_t id, int64_t account_id, enum story_shown shown,
     size_t *len)
{
	char ad[64];
	return anon_seal(a, k, seal_ad(id, ad), account_id, (int)shown, len);
}

static int
unseal(const struct keys *k, const struct story_row *r, int64_t *account_id,
       enum story_shown *shown)
{
	char ad[64];
	int s;
	int err = anon_unseal(k, seal_ad(r->s.id, ad), r->sealed, r->sealed_len, STORY_ANONYMOUS,
			      account_id, &s);
	if (!err)
		*shown = (enum story_shown)s;
	return err;
}

/* What is stored of a claim code: an unkeyed hash of a domain, (for a comment) its id, and the
 * code, which names nobody; a story's finds it by the code alone (160 random bits cannot be
 * guessed from it). */
static void
claim_hash(const char *domain, const int64_t *id, const char *code, unsigned char out[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)domain, strlen(domain));
	if (id)
		crypto_generichash_update(&st, (const unsigned char *)id, sizeof(*id));
	crypto_generichash_update(&st, (const unsigned char *)code, strlen(code));
	crypto_generichash_final(&st, out, 32);
}

#define STORY_CLAIM   "kring story claim v1"
#define COMMENT_CLAIM "kring story comment claim v1"

static void
code_hash(const char *code, unsigned char out[32])
{
	claim_hash(STORY_CLAIM, NULL, code, out);
}

/* Whether code, however it was typed, is the one whose hash is claim. */
static bool
code_fits(const char *domain, const int64_t *id, const char *code, const unsigned char claim[32])
{
	char norm[ANON_CODE_CHARS + 1];
	unsigned char h[32];
	bool ok = anon_code_normal(code, norm);
	if (ok) {
		claim_hash(domain, id, norm, h);
		ok = sodium_memcmp(h, claim, 32) == 0;
	}
	sodium_memzero(norm, sizeof(norm));
	return ok;
}

/* Whether account_id wrote a story or comment: by its name, or by its owner tag. */
static bool
owned_by(const struct keys *k, const char *domain, int64_t account_id, int64_t story_id,
	 enum story_shown shown, int64_t author_id, const unsigned char *tag)
{
	if (account_id <= 0)
		return false;
	if (shown == STORY_NAME)
		return author_id == account_id;
	if (!tag)
		return false;
	int64_t v[3] = { account_id, story_id, (int64_t)shown };
	unsigned char t[32];
	keyed(k->lookup, domain, v, 3, NULL, t);
	return sodium_memcmp(t, tag, 32) == 0;
}

/* ---- who may ---- */

bool
stories_may_write(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id)
{
	if (!c || account_id <= 0)
		return false;
	struct arena a;
	arena_init(&a);
	struct membership m;
	bool ok = members_get(c, k, &a, account_id, network_id, 0, &m) == KR_OK;
	arena_release_wiped(&a);
	/* The core team writes interviews, member or not. */
	return ok || org_is_core_team(c, network_id, account_id);
}

bool
stories_may_review(struct db_conn *c, int64_t account_id, int64_t network_id)
{
	return c && account_id > 0 && org_is_core_team(c, network_id, account_id);
}

bool
stories_may_read(struct db_conn *c, const struct keys *k, int64_t account_id, const struct story *s)
{
	if (account_id <= 0 || s->state != STORY_PUBLISHED)
		return false;
	return s->audience == STORY_ORGANISATION ||
	       stories_may_write(c, k, account_id, s->network_id);
}

/* ---- text ---- */

/* Characters as a person counts them, and whether the text is UTF-8 without control
 * characters (line breaks and tabs only where multiline) and not only blanks. */
struct text_facts {
	size_t chars;
	bool ok, blank;
};

static struct text_facts
text_facts(const char *s, bool multiline)
{
	struct text_facts f = { 0, s && str_is_utf8(str_from(s)), true };
	for (; f.ok && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		bool space = ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
		if ((ch < 0x20 && !(multiline && space)) || ch == 0x7f)
			f.ok = false;
		f.blank = f.blank && space;
		f.chars += (ch & 0xC0) != 0x80;
	}
	return f;
}

static const char *
writing_problem(const struct story_writing *w)
{
	struct text_facts t = text_facts(w->title, false), n = text_facts(w->content_note, false),
			  b = text_facts(w->body, true);
	if (!t.ok || !n.ok || !b.ok)
		return story_problem_text_invalid;
	if (t.blank)
		return story_problem_title_empty;
	if (t.chars > STORY_TITLE_MAX)
		return story_problem_title_long;
	if (n.chars > STORY_NOTE_MAX)
		return story_problem_note_long;
	if (b.blank)
		return story_problem_body_empty;
	/* Characters as the person counts them, and the bytes Markdown takes in one go. */
	if (b.chars > STORY_BODY_MAX || strlen(w->body) > MARKDOWN_MAX)
		return story_problem_body_long;
	return NULL;
}

/* ---- writing ---- */

static const char *
pseudonym_of(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	     int64_t network_id)
{
	struct membership m;
	if (members_get(c, k, a, account_id, network_id, 0, &m) != KR_OK ||
	    m.choice.appearance != APPEAR_PSEUDONYM || !m.choice.pseudonym[0])
		return NULL;
	return m.choice.pseudonym;
}

int
stories_create(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	       int64_t network_id, const struct story_writing *w, int64_t now, int64_t *id,
	       const char **code, const char **problem)
{
	*problem = NULL;
	*code = NULL;
	if (!stories_may_write(c, k, account_id, network_id))
		return KR_ENOTFOUND;
	if ((*problem = writing_problem(w)))
		return KR_EINVAL;
	if (w->kind == STORY_INTERVIEW && !stories_may_review(c, account_id, network_id)) {
		*problem = story_problem_interview;
		return KR_EINVAL;
	}
	struct story_row r = { .s = { .network_id = network_id,
				      .kind = w->kind,
				      .state = STORY_DRAFT,
				      .shown = w->shown,
				      .audience = w->audience,
				      .title = w->title,
				      .content_note = w->content_note,
				      .body = w->body,
				      .review_note = "",
				      .created_hour = time_hour(now) } };
	if (w->shown == STORY_NAME) {
		r.author_id = account_id;
	} else if (w->shown == STORY_PSEUDONYM) {
		if (!(r.s.author = pseudonym_of(c, k, a, account_id, network_id))) {
			*problem = story_problem_no_pseudonym;
			return KR_EINVAL;
		}
	} else if (w->shown != STORY_ANONYMOUS && w->shown != STORY_ONLY_ME) {
		return KR_EINVAL;
	}
	char plain[STORY_CODE_CHARS + 1];
	int err = KR_OK;
	for (int tries = 0; tries < 4; tries++) {
		r.s.id = anon_random_id();
		r.has_tag = w->shown == STORY_PSEUDONYM || w->shown == STORY_ANONYMOUS;
		if (r.has_tag) {
			owner_tag(k, account_id, r.s.id, w->shown, r.tag);
			r.sealed = seal(a, k, r.s.id, account_id, w->shown, &r.sealed_len);
		}
		if (w->shown == STORY_ONLY_ME) {
			anon_code_new(plain);
			code_hash(plain, r.claim);
			r.s.has_code = true;
		}
		if ((err = stories_store_insert(c, &r)) != KR_ECONFLICT)
			break;
	}
	if (!err && w->shown == STORY_ONLY_ME)
		*code = anon_code_shown(a, plain);
	sodium_memzero(plain, sizeof(plain));
	if (!err)
		*id = r.s.id;
	return err;
}

static bool
row_is_mine(const struct keys *k, const struct story_row *r, int64_t account_id)
{
	return owned_by(k, STORY_OWNER, account_id, r->s.id, r->s.shown, r->author_id,
			r->has_tag ? r->tag : NULL);
}

static void
story_of_row(const struct keys *k, const struct story_row *r, int64_t reader_id, struct story *out)
{
	*out = r->s;
	if (out->shown == STORY_ANONYMOUS || out->shown == STORY_ONLY_ME)
		out->author = "";
	out->mine = row_is_mine(k, r, reader_id);
}

int
stories_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id, int64_t reader_id,
	    struct story *out)
{
	struct story_row r;
	bool found;
	int err = stories_store_get(c, a, id, &r, &found);
	if (err || !found)
		return err ? err : KR_ENOTFOUND;
	story_of_row(k, &r, reader_id, out);
	return KR_OK;
}

/* The story, if account_id is its writer: by account, or for an "only I" story by its code.
 * KR_ENOTFOUND for anything else; KR_EINVAL for a wrong code. */
static int
own_story(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id, int64_t id,
	  const char *code, struct story_row *out, const char **problem)
{
	*problem = NULL;
	bool found;
	int err = stories_store_get(c, a, id, out, &found);
	if (err || !found)
		return err ? err : KR_ENOTFOUND;
	if (!stories_may_write(c, k, account_id, out->s.network_id))
		return KR_ENOTFOUND;
	if (out->s.has_code) {
		if (code_fits(STORY_CLAIM, NULL, code, out->claim))
			return KR_OK;
		*problem = story_problem_code_wrong;
		return KR_EINVAL;
	}
	return row_is_mine(k, out, account_id) ? KR_OK : KR_ENOTFOUND;
}

int
stories_by_code(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		int64_t network_id, const char *code, int64_t *id, const char **problem)
{
	*problem = story_problem_code_wrong;
	char norm[STORY_CODE_CHARS + 1];
	unsigned char h[32];
	bool ok = anon_code_normal(code, norm), found = false;
	struct story_row r;
	int err = KR_OK;
	if (ok) {
		code_hash(norm, h);
		err = stories_store_by_claim(c, a, h, &r, &found);
	}
	sodium_memzero(norm, sizeof(norm));
	if (err)
		return err;
	if (!found || r.s.network_id != network_id ||
	    !stories_may_write(c, k, account_id, network_id))
		return KR_EINVAL;
	*problem = NULL;
	*id = r.s.id;
	return KR_OK;
}

int
stories_open(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
	     const char *code, const char **problem)
{
	struct arena a;
	arena_init(&a);
	struct story_row r;
	int err = own_story(c, k, &a, account_id, id, code, &r, problem);
	arena_release_wiped(&a);
	return err;
}

/* One of the writer's steps on their own story: check, then run in one transaction. */
enum step { STEP_EDIT, STEP_SUBMIT, STEP_CONSENT, STEP_WITHDRAW, STEP_DELETE };

static bool
step_allowed(enum step st, enum story_state s)
{
	switch (st) {
	case STEP_EDIT:
	case STEP_SUBMIT:
		return s == STORY_DRAFT || s == STORY_CHANGES || s == STORY_WITHDRAWN;
	case STEP_CONSENT:
		return s == STORY_APPROVED;
	case STEP_WITHDRAW:
		return s == STORY_SUBMITTED || s == STORY_APPROVED || s == STORY_PUBLISHED;
	case STEP_DELETE:
		return true;
	}
	return false;
}

static int
writer_step(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
	    const char *code, enum step st, const struct story_writing *w, int64_t now,
	    bool consent, const char **problem)
{
	struct arena a;
	arena_init(&a);
	struct story_row r;
	int err = own_story(c, k, &a, account_id, id, code, &r, problem);
	if (!err && !step_allowed(st, r.s.state)) {
		*problem = story_problem_state;
		err = KR_EINVAL;
	}
	if (!err && st == STEP_CONSENT && !consent) {
		*problem = story_problem_consent;
		err = KR_EINVAL;
	}
	if (!err && st == STEP_EDIT) {
		struct story_writing cw = *w;
		cw.kind = r.s.kind;
		cw.shown = r.s.shown;
		if ((*problem = writing_problem(&cw)))
			err = KR_EINVAL;
	}
	if (!err && !(err = db_begin(c))) {
		switch (st) {
		case STEP_EDIT:
			err = stories_store_update_text(
			    c, id, w, r.s.state == STORY_WITHDRAWN ? STORY_DRAFT : r.s.state);
			break;
		case STEP_SUBMIT:
			err = stories_store_set_state(c, id, STORY_SUBMITTED, NULL, 0);
			break;
		case STEP_CONSENT:
			err = stories_store_set_state(c, id, STORY_PUBLISHED, "", time_hour(now));
			break;
		case STEP_WITHDRAW:
			err = stories_store_set_state(c, id, STORY_WITHDRAWN, NULL, 0);
			break;
		case STEP_DELETE:
			err = stories_store_delete(c, id);
			break;
		}
		err = db_end(c, err);
	}
	arena_release_wiped(&a);
	return err;
}

int
stories_edit(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
	     const struct story_writing *w, const char *code, const char **problem)
{
	return writer_step(c, k, account_id, id, code, STEP_EDIT, w, 0, false, problem);
}

int
stories_submit(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
	       const char *code, const char **problem)
{
	return writer_step(c, k, account_id, id, code, STEP_SUBMIT, NULL, 0, false, problem);
}

int
stories_consent(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		bool consent, const char *code, int64_t now, const char **problem)
{
	return writer_step(c, k, account_id, id, code, STEP_CONSENT, NULL, now, consent, problem);
}

int
stories_withdraw(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		 const char *code, const char **problem)
{
	return writer_step(c, k, account_id, id, code, STEP_WITHDRAW, NULL, 0, false, problem);
}

int
stories_delete(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
	       const char *code, const char **problem)
{
	return writer_step(c, k, account_id, id, code, STEP_DELETE, NULL, 0, false, problem);
}

int
stories_claim(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
	      enum story_shown as, const char *code, const char **problem)
{
	if (as != STORY_NAME && as != STORY_PSEUDONYM)
		return KR_EINVAL;
	struct arena a;
	arena_init(&a);
	struct story_row r;
	int err = own_story(c, k, &a, account_id, id, code, &r, problem);
	if (!err && r.s.shown != STORY_ANONYMOUS && r.s.shown != STORY_ONLY_ME)
		err = KR_ENOTFOUND; /* claimed already */
	const char *pseudonym = NULL;
	if (!err && as == STORY_PSEUDONYM &&
	    !(pseudonym = pseudonym_of(c, k, &a, account_id, r.s.network_id))) {
		*problem = story_problem_no_pseudonym;
		err = KR_EINVAL;
	}
	if (!err && as == STORY_NAME) {
		err = stories_store_claim(c, id, STORY_NAME, account_id, NULL, NULL, NULL, 0);
	} else if (!err) {
		unsigned char t[32];
		size_t len;
		owner_tag(k, account_id, id, STORY_PSEUDONYM, t);
		unsigned char *sl = seal(&a, k, id, account_id, STORY_PSEUDONYM, &len);
		err = stories_store_claim(c, id, STORY_PSEUDONYM, 0, pseudonym, t, sl, len);
	}
	arena_release_wiped(&a);
	return err;
}

/* ---- the core team ---- */

int
stories_review(struct db_conn *c, int64_t reviewer_id, int64_t id, bool approve, const char *note,
	       const char **problem)
{
	*problem = NULL;
	struct arena a;
	arena_init(&a);
	struct story_row r;
	bool found;
	int err = stories_store_get(c, &a, id, &r, &found);
	if (!err && (!found || !stories_may_review(c, reviewer_id, r.s.network_id)))
		err = KR_ENOTFOUND;
	if (!err && r.s.state != STORY_SUBMITTED) {
		*problem = story_problem_state;
		err = KR_EINVAL;
	}
	struct text_facts f = text_facts(note ? note : "", true);
	if (!err && !f.ok)
		*problem = story_problem_text_invalid;
	else if (!err && !approve && f.blank)
		*problem = story_problem_review_empty;
	else if (!err && f.chars > STORY_REVIEW_MAX)
		*problem = story_problem_review_long;
	if (!err && *problem)
		err = KR_EINVAL;
	if (!err)
		err = stories_store_set_state(c, id, approve ? STORY_APPROVED : STORY_CHANGES,
					      note ? note : "", 0);
	arena_release(&a);
	return err;
}

/* ---- lists ---- */

static void
stories_of_rows(const struct keys *k, struct arena *a, const struct story_row *rows, size_t n,
		int64_t reader_id, struct story **out)
{
	*out = arena_alloc(a, (n ? n : 1) * sizeof(**out));
	for (size_t i = 0; i < n; i++)
		story_of_row(k, &rows[i], reader_id, &(*out)[i]);
}

int
stories_published(struct db_conn *c, struct arena *a, int64_t network_id, bool organisation_only,
		  int64_t offset, int64_t limit, struct story **out, size_t *n, bool *more)
{
	struct story_row *rows;
	int err = stories_store_list(c, a, network_id, STORY_PUBLISHED, organisation_only, offset,
				     limit + 1, &rows, n);
	if (err)
		return err;
	*more = *n > (size_t)limit;
	if (*more)
		*n = (size_t)limit;
	stories_of_rows(NULL, a, rows, *n, 0, out);
	return KR_OK;
}

int
stories_queue(struct db_conn *c, struct arena *a, int64_t network_id, struct story **out, size_t *n)
{
	struct story_row *rows;
	int err = stories_store_list(c, a, network_id, STORY_SUBMITTED, false, 0, 500, &rows, n);
	if (!err)
		stories_of_rows(NULL, a, rows, *n, 0, out);
	return err;
}

/* The account's own rows: named ones, and tagged ones whose tag is the account's. */
static int
own_rows(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	 int64_t network_id, bool named, struct story_row **out, size_t *n)
{
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct story_row), 16, 0);
	struct story_row *rows;
	size_t nrows;
	int err = KR_OK;
	if (named && !(err = stories_store_named_of(c, a, account_id, &rows, &nrows)))
		for (size_t i = 0; i < nrows; i++)
			if (!network_id || rows[i].s.network_id == network_id)
				*ARENA_VEC_PUSH(&vec, struct story_row) = rows[i];
	if (!err && !(err = stories_store_tagged(c, a, network_id, &rows, &nrows)))
		for (size_t i = 0; i < nrows; i++)
			if (row_is_mine(k, &rows[i], account_id))
				*ARENA_VEC_PUSH(&vec, struct story_row) = rows[i];
	*out = vec.items;
	*n = vec.len;
	return err;
}

int
stories_mine(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	     int64_t network_id, struct story **out, size_t *n)
{
	struct story_row *rows;
	int err = own_rows(c, k, a, account_id, network_id, true, &rows, n);
	if (!err)
		stories_of_rows(k, a, rows, *n, account_id, out);
	return err;
}

/* ---- reactions ---- */

int
stories_react(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
	      enum story_reaction kind, const char **problem)
{
	*problem = NULL;
	if ((unsigned)kind >= REACT_KINDS)
		return KR_EINVAL;
	struct arena a;
	arena_init(&a);
	struct story s;
	int err = stories_get(c, k, &a, id, account_id, &s);
	if (!err && s.state != STORY_PUBLISHED) {
		/* Only who could see the story learns why: its writer, or a reader of a story
		 * that was published once (withdrawn since); anyone else, not found. */
		struct story was = s;
		was.state = STORY_PUBLISHED;
		bool knew =
		    s.mine || (s.published_hour && stories_may_read(c, k, account_id, &was));
		err = knew ? KR_EINVAL : KR_ENOTFOUND;
		if (knew)
			*problem = story_problem_not_published;
	} else if (!err && !stories_may_read(c, k, account_id, &s)) {
		err = KR_ENOTFOUND;
	}
	unsigned char who[32];
	reaction_key(k, account_id, id, who);
	if (!err)
		err = stories_store_react(c, id, who, kind);
	sodium_memzero(who, sizeof(who));
	arena_release(&a);
	return err;
}

int
stories_reactions(struct db_conn *c, const struct keys *k, int64_t id, int64_t reader_id,
		  int64_t counts[REACT_KINDS], enum story_reaction *mine)
{
	unsigned char who[32];
	reaction_key(k, reader_id, id, who);
	int err = stories_store_reactions(c, id, who, counts, mine);
	sodium_memzero(who, sizeof(who));
	return err;
}

int
stories_reactions_of(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		     struct story_reaction_of **out, size_t *n)
{
	int64_t *ids;
	size_t nids;
	int err = stories_store_ids(c, a, &ids, &nids);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct story_reaction_of), 8, 0);
	for (size_t i = 0; !err && i < nids; i++) {
		unsigned char who[32];
		enum story_reaction kind;
		bool found;
		reaction_key(k, account_id, ids[i], who);
		err = stories_store_reaction_of(c, ids[i], who, &kind, &found);
		struct story s;
		if (!err && found && !(err = stories_get(c, k, a, ids[i], 0, &s)))
			*ARENA_VEC_PUSH(&vec, struct story_reaction_of) =
			    (struct story_reaction_of){ ids[i], s.title, kind };
	}
	*out = vec.items;
	*n = vec.len;
	return err;
}

/* ---- readers ---- */

int64_t
stories_month(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return (int64_t)(tm.tm_year + 1900) * 100 + tm.tm_mon + 1;
}

int64_t
stories_month_before(int64_t month)
{
	return month % 100 == 1 ? (month / 100 - 1) * 100 + 12 : month - 1;
}

int
stories_count_read(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		   int64_t now)
{
	if (account_id <= 0)
		return KR_OK;
	int64_t month = stories_month(now);
	unsigned char salt[32], who[32];
	bool found;
	int err = stories_store_salt(c, month, false, salt, &found);
	if (!err && !found)
		err = stories_store_salt(c, month, true, salt, &found);
	if (!err) {
		reader_key(k, salt, account_id, id, who);
		err = stories_store_read(c, id, month, who);
	}
	sodium_memzero(salt, sizeof(salt));
	sodium_memzero(who, sizeof(who));
	return err;
}

int
stories_count_reads(struct db_conn *c, const struct keys *k, int64_t id, const int64_t *accounts,
		    size_t n, int64_t now)
{
	int64_t month = stories_month(now);
	unsigned char salt[32], who[32];
	bool found;
	int err = stories_store_salt(c, month, true, salt, &found);
	if (!err && !found)
		err = KR_EINTERNAL;
	for (size_t i = 0; !err && i < n; i++) {
		reader_key(k, salt, accounts[i], id, who);
		err = stories_store_read_add(c, id, month, who);
	}
	sodium_memzero(salt, sizeof(salt));
	sodium_memzero(who, sizeof(who));
	return err;
}

int
stories_readers(struct db_conn *c, int64_t id, int64_t month, int64_t *n)
{
	return stories_store_readers(c, id, month, n);
}

int
stories_most_read(struct db_conn *c, struct arena *a, int64_t network_id, int64_t month,
		  struct story_read_count **out, size_t *n)
{
	int err = stories_store_most_read(c, a, network_id, month, out, n);
	for (size_t i = 0; !err && i < *n; i++)
		if ((*out)[i].s.shown != STORY_NAME && (*out)[i].s.shown != STORY_PSEUDONYM)
			(*out)[i].s.author = "";
	return err;
}

int
stories_close_months(struct db_conn *c, int64_t now, int64_t *erased)
{
	*erased = 0;
	int err = db_begin(c);
	if (!err)
		err = stories_store_close_months(c, stories_month(now), erased);
	return db_end(c, err);
}

/* ---- erasure and key rotation ---- */

/* ---- comments ---- */

const char story_problem_comment_empty[] = N_("Write something first: the comment is empty.");
const char story_problem_comment_long[] =
    N_("A comment has at most 50,000 characters (fewer with many accented or non-Latin letters).");
const char story_problem_comment_code[] =
    N_("This claim code does not fit this comment. Check the code and type it again.");
const char story_problem_comment_hidden[] =
    N_("The moderators hid this comment, so it cannot be changed. You can delete it.");
const char story_problem_reason_empty[] =
    N_("Write why the comment is hidden: its writer sees the reason.");
const char story_problem_reason_long[] = N_("A reason has at most 500 characters.");
const char story_problem_pin[] = N_("Only a published story can be pinned.");

/* A comment's owner tag: (account, story, how shown), in a domain of its own, so that it
 * shares nothing with the story's tag or with the writer's comments on other stories. */
static void
comment_tag(const struct keys *k, int64_t account_id, int64_t story_id, enum story_shown shown,
	    unsigned char out[32])
{
	int64_t v[3] = { account_id, story_id, (int64_t)shown };
	keyed(k->lookup, COMMENT_OWNER, v, 3, NULL, out);
}

static const char *
comment_ad(int64_t id, char ad[64])
{
	snprintf(ad, 64, "kring story comment v1 %lld", (long long)id);
	return ad;
}

static const char *
comment_problem(const char *body)
{
	struct text_facts b = text_facts(body, true);
	if (!b.ok)
		return story_problem_text_invalid;
	if (b.blank)
		return story_problem_comment_empty;
	if (b.chars > STORY_COMMENT_MAX || strlen(body) > MARKDOWN_MAX)
		return story_problem_comment_long;
	return NULL;
}

int
stories_comment_add(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		    int64_t story_id, const char *body, enum story_shown shown, int64_t now,
		    int64_t *id, const char **code, const char **problem)
{
	*problem = NULL;
	*code = NULL;
	struct story s;
	int err = stories_get(c, k, a, story_id, account_id, &s);
	if (err)
		return err;
	if (!stories_may_read(c, k, account_id, &s))
		return KR_ENOTFOUND;
	if ((*problem = comment_problem(body)))
		return KR_EINVAL;
	struct story_comment_row r = { .m = { .story_id = story_id,
					      .shown = shown,
					      .body = body,
					      .created_hour = time_hour(now) } };
	if (shown == STORY_NAME) {
		r.author_id = account_id;
	} else if (shown == STORY_PSEUDONYM) {
		if (!(r.m.author = pseudonym_of(c, k, a, account_id, s.network_id))) {
			*problem = story_problem_no_pseudonym;
			return KR_EINVAL;
		}
	} else if (shown != STORY_ANONYMOUS && shown != STORY_ONLY_ME) {
		return KR_EINVAL;
	}
	r.has_tag = shown == STORY_PSEUDONYM || shown == STORY_ANONYMOUS;
	if (r.has_tag)
		comment_tag(k, account_id, story_id, shown, r.tag);
	bool own = !db_in_transaction(c); /* the large demo writes many in one */
	if (own && (err = db_begin(c)))
		return err;
	/* One writer keeps one label on a story; "only I" always takes a new one (nothing
	 * could tell two of them belong together). */
	if (shown == STORY_ANONYMOUS)
		err = stories_store_comment_label(c, story_id, r.tag, &r.m.label);
	bool new_label = (shown == STORY_ANONYMOUS && r.m.label == 0) || shown == STORY_ONLY_ME;
	int64_t next_label = 0;
	if (!err)
		err = stories_store_comment_next(c, story_id, new_label, &r.m.seq, &next_label);
	if (!err && new_label)
		r.m.label = next_label;
	char plain[ANON_CODE_CHARS + 1] = "";
	for (int tries = 0; !err && tries < 4; tries++) {
		char ad[64];
		r.m.id = anon_random_id();
		if (r.has_tag)
			r.sealed = anon_seal(a, k, comment_ad(r.m.id, ad), account_id, (int)shown,
					     &r.sealed_len);
		if (shown == STORY_ONLY_ME) {
			anon_code_new(plain);
			claim_hash(COMMENT_CLAIM, &r.m.id, plain, r.claim);
			r.m.has_code = true;
		}
		if ((err = stories_store_comment_insert(c, &r)) == KR_ECONFLICT)
			err = tries < 3 ? KR_OK : KR_ECONFLICT;
		else
			break;
	}
	if (own)
		err = db_end(c, err);
	if (!err && shown == STORY_ONLY_ME)
		*code = anon_code_shown(a, plain);
	sodium_memzero(plain, sizeof(plain));
	if (!err)
		*id = r.m.id;
	return err;
}

static bool
comment_is_mine(const struct keys *k, const struct story_comment_row *r, int64_t account_id)
{
	return owned_by(k, COMMENT_OWNER, account_id, r->m.story_id, r->m.shown, r->author_id,
			r->has_tag ? r->tag : NULL);
}

/* As reader_id sees it. A hidden comment's text is for its writer and the moderators; its
 * reason for them too, and for everyone when it is an "only I" comment, whose writer Kring
 * cannot recognise. */
static void
comment_of_row(const struct keys *k, const struct story_comment_row *r, int64_t reader_id,
	       bool moderator, struct story_comment *out)
{
	*out = r->m;
	if (out->shown == STORY_ANONYMOUS || out->shown == STORY_ONLY_ME)
		out->author = "";
	else
		out->label = 0;
	out->mine = comment_is_mine(k, r, reader_id);
	if (out->hidden && !out->mine && !moderator) {
		out->body = "";
		if (!out->has_code)
			out->hidden = "";
	}
}

int
stories_comments(struct db_conn *c, const struct keys *k, struct arena *a, int64_t story_id,
		 int64_t reader_id, bool moderator, int64_t offset, int64_t limit,
		 struct story_comment **out, size_t *n)
{
	struct story_comment_row *rows;
	int err = stories_store_comments(c, a, story_id, offset, limit, &rows, n);
	if (err)
		return err;
	*out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
	for (size_t i = 0; i < *n; i++)
		comment_of_row(k, &rows[i], reader_id, moderator, &(*out)[i]);
	return KR_OK;
}

int
stories_comment_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id,
		    int64_t reader_id, bool moderator, struct story_comment *out)
{
	struct story_comment_row r;
	bool found;
	int err = stories_store_comment(c, a, id, &r, &found);
	if (err || !found)
		return err ? err : KR_ENOTFOUND;
	comment_of_row(k, &r, reader_id, moderator, out);
	return KR_OK;
}

/* The comment, if account_id may change it: its own, or an "only I" one with its code, on a
 * story the account may still read. KR_ENOTFOUND for anything else; KR_EINVAL for a wrong
 * code. */
static int
own_comment(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	    int64_t id, const char *code, struct story_comment_row *out, const char **problem)
{
	*problem = NULL;
	bool found;
	struct story s;
	int err = stories_store_comment(c, a, id, out, &found);
	if (err || !found)
		return err ? err : KR_ENOTFOUND;
	if ((err = stories_get(c, k, a, out->m.story_id, 0, &s)))
		return err;
	if (!stories_may_read(c, k, account_id, &s))
		return KR_ENOTFOUND;
	if (out->m.has_code) {
		if (code_fits(COMMENT_CLAIM, &id, code, out->claim))
			return KR_OK;
		*problem = story_problem_comment_code;
		return KR_EINVAL;
	}
	return comment_is_mine(k, out, account_id) ? KR_OK : KR_ENOTFOUND;
}

int
stories_comment_edit(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		     const char *body, const char *code, const char **problem)
{
	struct arena a;
	arena_init(&a);
	struct story_comment_row r;
	int err = own_comment(c, k, &a, account_id, id, code, &r, problem);
	if (!err && r.m.hidden) {
		*problem = story_problem_comment_hidden;
		err = KR_EINVAL;
	}
	if (!err && (*problem = comment_problem(body)))
		err = KR_EINVAL;
	if (!err)
		err = stories_store_comment_body(c, id, body);
	arena_release_wiped(&a);
	return err;
}

int
stories_comment_delete(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t id,
		       const char *code, const char **problem)
{
	struct arena a;
	arena_init(&a);
	struct story_comment_row r;
	int err = own_comment(c, k, &a, account_id, id, code, &r, problem);
	if (!err)
		err = stories_store_comment_delete(c, id);
	arena_release_wiped(&a);
	return err;
}

int
stories_comment_moderate(struct db_conn *c, int64_t moderator_id, int64_t id, bool hide,
			 const char *reason, const char **problem)
{
	*problem = NULL;
	struct arena a;
	arena_init(&a);
	struct story_comment_row r;
	bool found;
	int err = stories_store_comment(c, &a, id, &r, &found);
	if (!err && (!found || !stories_may_review(c, moderator_id, r.m.network_id)))
		err = KR_ENOTFOUND;
	if (!err && hide) {
		struct text_facts f = text_facts(reason, true);
		*problem = !f.ok			? story_problem_text_invalid
			   : f.blank			? story_problem_reason_empty
			   : f.chars > STORY_REASON_MAX ? story_problem_reason_long
							: NULL;
		if (*problem)
			err = KR_EINVAL;
	}
	if (!err)
		err = stories_store_comment_hidden(c, id, hide ? reason : NULL);
	arena_release_wiped(&a);
	return err;
}

/* The account's comments (network_id 0: everywhere): named ones if asked, and tagged ones,
 * found story by story with the account's two tags there. */
static int
own_comment_rows(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		 int64_t network_id, bool named, struct arena_vec *vec)
{
	arena_vec_init(vec, a, sizeof(struct story_comment_row), 16, 0);
	int err = KR_OK;
	if (named) {
		struct arena_vec all;
		arena_vec_init(&all, a, sizeof(struct story_comment_row), 16, 0);
		err = stories_store_comments_named_of(c, a, account_id, &all);
		const struct story_comment_row *rows = all.items;
		for (size_t i = 0; !err && i < all.len; i++)
			if (!network_id || rows[i].m.network_id == network_id)
				*ARENA_VEC_PUSH(vec, struct story_comment_row) = rows[i];
	}
	int64_t *ids;
	size_t nids;
	if (!err)
		err = stories_store_ids_of(c, a, network_id, &ids, &nids);
	for (size_t i = 0; !err && i < nids; i++) {
		unsigned char tags[2][32];
		comment_tag(k, account_id, ids[i], STORY_PSEUDONYM, tags[0]);
		comment_tag(k, account_id, ids[i], STORY_ANONYMOUS, tags[1]);
		err = stories_store_comments_tagged(c, a, ids[i], (const unsigned char(*)[32])tags,
						    vec);
	}
	return err;
}

int
stories_comments_mine(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		      int64_t network_id, struct story_comment **out, size_t *n)
{
	struct arena_vec vec;
	int err = own_comment_rows(c, k, a, account_id, network_id, true, &vec);
	if (err)
		return err;
	const struct story_comment_row *rows = vec.items;
	*n = vec.len;
	*out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
	for (size_t i = 0; i < *n; i++)
		comment_of_row(k, &rows[i], account_id, false, &(*out)[i]);
	return KR_OK;
}

/* Leaving or erasure: the account's anonymous and pseudonymous comments stay, unlinked (as
 * the forum's posts do); with named, its named comments are deleted. */
static int
comments_unlink(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
		bool named)
{
	struct arena a;
	arena_init(&a);
	struct arena_vec vec;
	int err = own_comment_rows(c, k, &a, account_id, network_id, named, &vec);
	const struct story_comment_row *rows = vec.items;
	for (size_t i = 0; !err && i < vec.len; i++)
		err = rows[i].m.shown == STORY_NAME ? stories_store_comment_delete(c, rows[i].m.id)
						    : stories_store_comment_unlink(c, rows[i].m.id);
	arena_release_wiped(&a);
	return err;
}

static int
comments_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	struct arena_vec vec;
	arena_vec_init(&vec, &a, sizeof(struct story_comment_row), 64, 0);
	int err = stories_store_comments_sealed(c, &a, &vec);
	const struct story_comment_row *rows = vec.items;
	for (size_t i = 0; !err && i < vec.len; i++) {
		char ad[64];
		int64_t account;
		int shown;
		if ((err = anon_unseal(old, comment_ad(rows[i].m.id, ad), rows[i].sealed,
				       rows[i].sealed_len, STORY_ANONYMOUS, &account, &shown)))
			break;
		unsigned char t[32];
		size_t len;
		comment_tag(fresh, account, rows[i].m.story_id, (enum story_shown)shown, t);
		unsigned char *sl = anon_seal(&a, fresh, ad, account, shown, &len);
		if (!(err = stories_store_comment_relink(c, rows[i].m.id, t, sl, len)))
			++*count;
	}
	arena_release_wiped(&a);
	return err;
}

/* ---- pins ---- */

int
stories_set_pinned(struct db_conn *c, int64_t account_id, int64_t id, bool pinned,
		   const char **problem)
{
	*problem = NULL;
	struct arena a;
	arena_init(&a);
	struct story_row r;
	bool found;
	int err = stories_store_get(c, &a, id, &r, &found);
	if (!err && (!found || !stories_may_review(c, account_id, r.s.network_id)))
		err = KR_ENOTFOUND;
	if (!err && pinned && r.s.state != STORY_PUBLISHED) {
		*problem = story_problem_pin;
		err = KR_EINVAL;
	}
	if (!err)
		err = stories_store_set_pinned(c, id, pinned);
	arena_release_wiped(&a);
	return err;
}

int
stories_pinned(struct db_conn *c, struct arena *a, int64_t network_id, bool organisation_only,
	       int64_t limit, struct story **out, size_t *n)
{
	struct story_row *rows;
	int err = stories_store_pinned(c, a, network_id, organisation_only, limit, &rows, n);
	if (!err)
		stories_of_rows(NULL, a, rows, *n, 0, out);
	return err;
}

int
stories_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	struct story_row *rows;
	size_t n;
	int err = own_rows(c, k, &a, account_id, 0, true, &rows, &n);
	/* Named and pseudonymous stories go with the account; so does an anonymous one that
	 * was never published (nobody could finish it). A published anonymous one stays,
	 * unlinked: it can no longer be edited, withdrawn or claimed. */
	for (size_t i = 0; !err && i < n; i++)
		err = rows[i].s.shown == STORY_ANONYMOUS && rows[i].s.state == STORY_PUBLISHED
			  ? stories_store_unlink(c, rows[i].s.id)
			  : stories_store_delete(c, rows[i].s.id);
	int64_t *ids;
	size_t nids;
	unsigned char salt[32];
	bool has_salt = false;
	int64_t month = stories_month(time_now());
	if (!err)
		err = stories_store_salt(c, month, false, salt, &has_salt);
	if (!err)
		err = stories_store_ids(c, &a, &ids, &nids);
	for (size_t i = 0; !err && i < nids; i++) {
		unsigned char who[32];
		reaction_key(k, account_id, ids[i], who);
		err = stories_store_reaction_delete(c, ids[i], who);
		if (!err && has_salt) {
			reader_key(k, salt, account_id, ids[i], who);
			err = stories_store_read_delete(c, ids[i], month, who);
		}
	}
	sodium_memzero(salt, sizeof(salt));
	/* Comments as forum posts: named ones go, the others stay, unlinked. */
	if (!err)
		err = comments_unlink(c, k, account_id, 0, true);
	arena_release_wiped(&a);
	return err;
}

int
stories_leave_group(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
		    int64_t subgroup_id)
{
	return subgroup_id ? KR_OK : stories_unlink_network(c, k, account_id, network_id);
}

int
stories_unlink_network(struct db_conn *c, const struct keys *k, int64_t account_id,
		       int64_t network_id)
{
	struct arena a;
	arena_init(&a);
	struct story_row *rows;
	size_t n;
	int err = own_rows(c, k, &a, account_id, network_id, false, &rows, &n);
	/* A story never published could not be finished by anyone any more: it goes. */
	for (size_t i = 0; !err && i < n; i++)
		err = rows[i].s.state == STORY_PUBLISHED ? stories_store_unlink(c, rows[i].s.id)
							 : stories_store_delete(c, rows[i].s.id);
	/* Anonymous and pseudonymous comments on the network's stories stay, unlinked; named
	 * ones stay until the account goes, as the forum's do. */
	if (!err)
		err = comments_unlink(c, k, account_id, network_id, false);
	arena_release_wiped(&a);
	return err;
}

int
stories_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	struct story_row *rows;
	size_t n;
	*count = 0;
	int err = stories_store_tagged(c, &a, 0, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		int64_t account;
		enum story_shown shown;
		if (!rows[i].sealed)
			continue;
		if ((err = unseal(old, &rows[i], &account, &shown)))
			break;
		unsigned char t[32];
		size_t len;
		owner_tag(fresh, account, rows[i].s.id, shown, t);
		unsigned char *sl = seal(&a, fresh, rows[i].s.id, account, shown, &len);
		if (!(err = stories_store_relink(c, rows[i].s.id, t, sl, len)))
			++*count;
	}
	if (!err)
		err = comments_rekey(c, old, fresh, count);
	if (!err)
		err = stories_store_reactions_unlink_all(c);
	if (!err)
		err = stories_store_reads_unlink_all(c);
	arena_release_wiped(&a);
	return err;
}

/* ---- search ---- */

int
stories_search(struct search_ctx *s, struct search_section *out)
{
	out->title = N_("Experience stories");
	struct story_hit *rows;
	size_t n;
	int err = stories_store_search(s->c, s->a, s->match, s->networks, s->nnetworks, s->offset,
				       s->limit + 1, &rows, &n);
	if (err)
		return err;
	out->more = n > (size_t)s->limit;
	out->nhits = out->more ? (size_t)s->limit : n;
	out->hits = ARENA_ARRAY(s->a, struct search_hit, out->nhits ? out->nhits : 1);
	for (size_t i = 0; i < out->nhits; i++) {
		const struct story_hit *r = &rows[i];
		struct search_hit *h = &out->hits[i];
		h->url =
		    arena_printf(s->a, "/n/%s/stories/%lld", r->network_slug, (long long)r->s.id);
		h->title = r->s.title;
		h->where = r->network_name;
		/* A content note is read before the text, which is opened on purpose: no snippet.
		 */
		h->note = r->s.content_note;
		h->snippet = r->s.content_note[0] ? "" : r->snippet;
		h->byline = r->s.author;
		h->label = 0;
		h->by = r->s.shown == STORY_NAME	? SEARCH_BY_NAME
			: r->s.shown == STORY_PSEUDONYM ? SEARCH_BY_PSEUDONYM
							: SEARCH_BY_ANONYMOUS;
	}
	return KR_OK;
}
