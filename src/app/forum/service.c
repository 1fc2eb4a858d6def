// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of the forum, and the owner tags, seals and claim codes that let a writer
 * find their own anonymous posts while nobody else can (forum.h, docs/PRIVACY.md). */
#include "app/forum/forum.h"
#include "app/feature.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "html/markdown.h"
#include <sodium.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG   crypto_aead_xchacha20poly1305_ietf_ABYTES

const char forum_problem_body_empty[] = N_("Write something first: the text is empty.");
const char forum_problem_body_long[] =
    N_("A post has at most 50,000 characters (fewer with many accented or non-Latin letters).");
const char forum_problem_title_empty[] = N_("Give the topic a title.");
const char forum_problem_title_long[] = N_("A title has at most 150 characters.");
const char forum_problem_name_empty[] = N_("Give the category a name.");
const char forum_problem_name_long[] = N_("A category's name has at most 80 characters.");
const char forum_problem_desc_long[] = N_("A category's description has at most 300 characters.");
const char forum_problem_text_invalid[] =
    N_("The text contains characters Kring cannot store. Type it again without them.");
const char forum_problem_no_pseudonym[] =
    N_("You have no pseudonym in this group. Choose your name or anonymous, or first choose "
       "a pseudonym on the page where you change how you appear.");
const char forum_problem_code_wrong[] =
    N_("This claim code does not fit this post. Check the code and type it again.");

static const char *const shown_names[] = { "name", "pseudonym", "anonymous", "only-me", "deleted" };

const char *
forum_shown_name(enum forum_shown s)
{
	return (size_t)s < ARRAY_SIZE(shown_names) ? shown_names[s] : "deleted";
}

bool
forum_shown_parse(const char *s, enum forum_shown *out)
{
	for (size_t i = 0; s && i < FORUM_DELETED; i++)
		if (strcmp(s, shown_names[i]) == 0) {
			*out = (enum forum_shown)i;
			return true;
		}
	return false;
}

/* ---- tags, seals and codes ---- */

/* The owner tag: a keyed hash of (account, topic, how shown). One writer's anonymous posts in a
 * topic share it (so they share a label); their pseudonymous posts there have another; in
 * another topic both differ. Without the key file a tag says nothing. */
static void
owner_tag(const struct keys *k, int64_t account_id, int64_t topic_id, enum forum_shown shown,
	  unsigned char out[32])
{
	int64_t v[3] = { account_id, topic_id, (int64_t)shown };
	crypto_generichash_state st;
	crypto_generichash_init(&st, k->lookup, KEY_BYTES, 32);
	crypto_generichash_update(&st, (const unsigned char *)"kring forum owner v1", 20);
	crypto_generichash_update(&st, (const unsigned char *)v, sizeof(v));
	crypto_generichash_final(&st, out, 32);
}

static void
seal_ad(int64_t post_id, char *ad, size_t size)
{
	snprintf(ad, size, "kring forum post v1 %lld", (long long)post_id);
}

/* The link sealed: "account shown", bound to the post. */
static unsigned char *
seal(struct arena *a, const struct keys *k, int64_t post_id, int64_t account_id,
     enum forum_shown shown, size_t *len)
{
	char plain[48];
	int plen = snprintf(plain, sizeof(plain), "%lld %d", (long long)account_id, (int)shown);
	unsigned char *box = arena_alloc(a, NONCE + (size_t)plen + TAG);
	char ad[64];
	seal_ad(post_id, ad, sizeof(ad));
	randombytes_buf(box, NONCE);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen, (const unsigned char *)plain,
						   (size_t)plen, (const unsigned char *)ad,
						   strlen(ad), NULL, box, k->data);
	sodium_memzero(plain, sizeof(plain));
	*len = NONCE + (size_t)clen;
	return box;
}

static int
unseal(const struct keys *k, const struct forum_post_row *p, int64_t *account_id,
       enum forum_shown *shown)
{
	if (p->sealed_len < NONCE + TAG || p->sealed_len - NONCE - TAG >= 48)
		return KR_EINTERNAL;
	char plain[48];
	size_t plen = p->sealed_len - NONCE - TAG;
	char ad[64];
	seal_ad(p->id, ad, sizeof(ad));
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		(unsigned char *)plain, NULL, NULL, p->sealed + NONCE, p->sealed_len - NONCE,
		(const unsigned char *)ad, strlen(ad), p->sealed, k->data) != 0)
		return KR_EINTERNAL;
	plain[plen] = '\0';
	long long acc;
	int s;
	int ok = sscanf(plain, "%lld %d", &acc, &s) == 2 && acc > 0 && s >= 0 && s < FORUM_DELETED;
	sodium_memzero(plain, sizeof(plain));
	if (!ok)
		return KR_EINTERNAL;
	*account_id = acc;
	*shown = (enum forum_shown)s;
	return KR_OK;
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* A new claim code: 20 random bytes (160 bits) as 32 letters and digits. */
static void
code_new(char out[FORUM_CODE_CHARS + 1])
{
	unsigned char raw[20];
	randombytes_buf(raw, sizeof(raw));
	for (size_t i = 0; i < FORUM_CODE_CHARS; i++) {
		size_t bit = i * 5;
		unsigned v =
		    ((unsigned)raw[bit / 8] << 8) | (bit / 8 + 1 < 20 ? raw[bit / 8 + 1] : 0);
		out[i] = b32[(v >> (11 - bit % 8)) & 31];
	}
	out[FORUM_CODE_CHARS] = '\0';
	sodium_memzero(raw, sizeof(raw));
}

/* The code as typed, without spaces and dashes and in capitals; false unless it has the
 * form of a code. */
static bool
code_normal(const char *in, char out[FORUM_CODE_CHARS + 1])
{
	size_t n = 0;
	for (const char *p = in ? in : ""; *p; p++) {
		char ch = *p;
		if (ch == '-' || ch == ' ')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (!strchr(b32, ch) || ch == '\0' || n == FORUM_CODE_CHARS)
			return false;
		out[n++] = ch;
	}
	out[n] = '\0';
	return n == FORUM_CODE_CHARS;
}

/* What is stored of a code: an unkeyed BLAKE2b of the post and the code. 160 random bits
 * cannot be guessed from it, and nothing in it names the writer, with or without the key. */
static void
code_hash(int64_t post_id, const char *code, unsigned char out[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)"kring forum claim v1", 20);
	crypto_generichash_update(&st, (const unsigned char *)&post_id, sizeof(post_id));
	crypto_generichash_update(&st, (const unsigned char *)code, strlen(code));
	crypto_generichash_final(&st, out, 32);
}

static const char *
code_shown(struct arena *a, const char *code)
{
	char *s = arena_alloc(a, FORUM_CODE_CHARS + FORUM_CODE_CHARS / 4);
	size_t n = 0;
	for (size_t i = 0; i < FORUM_CODE_CHARS; i++) {
		if (i && i % 4 == 0)
			s[n++] = '-';
		s[n++] = code[i];
	}
	s[n] = '\0';
	return s;
}

/* A random id in 1 .. 2^53 - 1 (exact in JSON too): ids say nothing about order or time. */
static int64_t
random_id(void)
{
	uint64_t v;
	do {
		randombytes_buf(&v, sizeof(v));
		v &= (UINT64_C(1) << 53) - 1;
	} while (v == 0);
	return (int64_t)v;
}

/* ---- who may ---- */

bool
forum_may_read(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
	       int64_t subgroup_id)
{
	if (!c || account_id <= 0)
		return false;
	struct arena a;
	arena_init(&a);
	struct membership m;
	bool ok = members_get(c, k, &a, account_id, network_id, subgroup_id, &m) == KR_OK;
	arena_release_wiped(&a);
	return ok;
}

bool
forum_may_organise(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
		   int64_t subgroup_id)
{
	if (!forum_may_read(c, k, account_id, network_id, subgroup_id))
		return false;
	if (org_is_core_team(c, network_id, account_id))
		return true;
	return subgroup_id && subgroup_is_coordinator(c, subgroup_id, account_id);
}

/* ---- text ---- */

static size_t
chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Valid UTF-8 without control characters (a body may have line breaks and tabs). */
static bool
text_ok(const char *s, bool multiline)
{
	if (!str_is_utf8(str_from(s)))
		return false;
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch < 0x20 && !(multiline && (ch == '\n' || ch == '\r' || ch == '\t'))) ||
		    ch == 0x7f)
			return false;
	}
	return true;
}

static bool
blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t')
			return false;
	return true;
}

static const char *
body_problem(const char *body)
{
	if (!body || !text_ok(body, true))
		return forum_problem_text_invalid;
	if (blank(body))
		return forum_problem_body_empty;
	/* Characters as the person counts them, and the bytes Markdown takes in one go (a long
	 * text in a script that takes more room per character reaches that first). */
	if (chars(body) > FORUM_BODY_MAX || strlen(body) > MARKDOWN_MAX)
		return forum_problem_body_long;
	return NULL;
}

static const char *
title_problem(const char *title)
{
	if (!title || !text_ok(title, false))
		return forum_problem_text_invalid;
	if (blank(title))
		return forum_problem_title_empty;
	if (chars(title) > FORUM_TITLE_MAX)
		return forum_problem_title_long;
	return NULL;
}

/* ---- categories ---- */

int
forum_category_add(struct db_conn *c, int64_t network_id, int64_t subgroup_id, const char *name,
		   const char *description, int64_t *id, const char **problem)
{
	*problem = NULL;
	if (!name || !text_ok(name, false) || !description || !text_ok(description, false))
		*problem = forum_problem_text_invalid;
	else if (blank(name))
		*problem = forum_problem_name_empty;
	else if (chars(name) > FORUM_CATEGORY_MAX)
		*problem = forum_problem_name_long;
	else if (chars(description) > FORUM_DESC_MAX)
		*problem = forum_problem_desc_long;
	if (*problem)
		return KR_EINVAL;
	return forum_store_category_insert(c, network_id, subgroup_id, name, description, id);
}

int
forum_categories(struct db_conn *c, struct arena *a, int64_t network_id, int64_t subgroup_id,
		 int64_t offset, int64_t limit, struct forum_category **out, size_t *n,
		 int64_t *total)
{
	return forum_store_categories(c, a, network_id, subgroup_id, offset, limit, out, n, total);
}

int
forum_category_get(struct db_conn *c, struct arena *a, int64_t id, struct forum_category *out)
{
	bool found;
	int err = forum_store_category(c, a, id, out, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

/* ---- writing ---- */

/* The pseudonym of account_id in the group, or NULL when it has none. */
static const char *
pseudonym_of(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	     int64_t network_id, int64_t subgroup_id)
{
	struct membership m;
	if (members_get(c, k, a, account_id, network_id, subgroup_id, &m) != KR_OK ||
	    m.choice.appearance != APPEAR_PSEUDONYM || !m.choice.pseudonym[0])
		return NULL;
	return m.choice.pseudonym;
}

/* Writes one post of a topic inside the caller's transaction. */
static int
post_write(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	   const struct forum_topic *t, const struct forum_writing *w, int64_t now,
	   int64_t *post_id, const char **code, const char **problem)
{
	struct forum_post_row p = { .topic_id = t->id,
				    .shown = w->shown,
				    .body = w->body,
				    .created_hour = time_hour(now) };
	if (w->shown == FORUM_NAME) {
		p.author_id = account_id;
	} else if (w->shown == FORUM_PSEUDONYM) {
		p.author = pseudonym_of(c, k, a, account_id, t->network_id, t->subgroup_id);
		if (!p.author) {
			*problem = forum_problem_no_pseudonym;
			return KR_EINVAL;
		}
		owner_tag(k, account_id, t->id, FORUM_PSEUDONYM, p.tag);
		p.has_tag = true;
	} else if (w->shown == FORUM_ANONYMOUS) {
		owner_tag(k, account_id, t->id, FORUM_ANONYMOUS, p.tag);
		p.has_tag = true;
	} else if (w->shown != FORUM_ONLY_ME) {
		return KR_EINVAL;
	}
	int err = KR_OK;
	if (w->shown == FORUM_ANONYMOUS)
		err = forum_store_label_of(c, t->id, p.tag, &p.label);
	int64_t next_label = 0;
	bool new_label = (w->shown == FORUM_ANONYMOUS && p.label == 0) || w->shown == FORUM_ONLY_ME;
	if (!err)
		err = forum_store_topic_next(c, t->id, new_label, &p.seq, &next_label);
	if (err)
		return err;
	if (new_label)
		p.label = next_label;
	char plain_code[FORUM_CODE_CHARS + 1];
	for (int tries = 0; tries < 4; tries++) {
		p.id = random_id();
		if (p.has_tag)
			p.sealed = seal(a, k, p.id, account_id, w->shown, &p.sealed_len);
		if (w->shown == FORUM_ONLY_ME) {
			code_new(plain_code);
			code_hash(p.id, plain_code, p.claim);
			p.has_code = true;
		}
		if ((err = forum_store_post_insert(c, &p)) != KR_ECONFLICT)
			break;
	}
	if (!err)
		err = forum_store_topic_touch(c, t->id, p.created_hour, 1);
	if (!err && w->shown == FORUM_ONLY_ME)
		*code = code_shown(a, plain_code);
	sodium_memzero(plain_code, sizeof(plain_code));
	if (!err)
		*post_id = p.id;
	return err;
}

int
forum_topic_create(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		   int64_t category_id, const struct forum_writing *w, int64_t now,
		   int64_t *topic_id, const char **code, const char **problem)
{
	*problem = NULL;
	*code = NULL;
	if ((*problem = title_problem(w->title)) || (*problem = body_problem(w->body)))
		return KR_EINVAL;
	struct forum_category g;
	int err = forum_category_get(c, a, category_id, &g);
	if (err)
		return err;
	struct forum_topic t = { .category_id = category_id,
				 .network_id = g.network_id,
				 .subgroup_id = g.subgroup_id };
	if ((err = db_begin(c)))
		return err;
	for (int tries = 0; tries < 4; tries++) {
		t.id = random_id();
		if ((err = forum_store_topic_insert(c, t.id, category_id, w->title,
						    time_hour(now))) != KR_ECONFLICT)
			break;
	}
	int64_t post_id;
	if (!err)
		err = post_write(c, k, a, account_id, &t, w, now, &post_id, code, problem);
	if ((err = db_end(c, err)))
		return err;
	*topic_id = t.id;
	return KR_OK;
}

int
forum_reply(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	    int64_t topic_id, const struct forum_writing *w, int64_t now, int64_t *post_id,
	    const char **code, const char **problem)
{
	*problem = NULL;
	*code = NULL;
	if ((*problem = body_problem(w->body)))
		return KR_EINVAL;
	struct forum_topic t;
	int err = forum_topic_get(c, a, topic_id, &t);
	if (err)
		return err;
	if ((err = db_begin(c)))
		return err;
	err = post_write(c, k, a, account_id, &t, w, now, post_id, code, problem);
	return db_end(c, err);
}

/* ---- reading ---- */

int
forum_topics(struct db_conn *c, struct arena *a, int64_t category_id, int64_t offset, int64_t limit,
	     struct forum_topic **out, size_t *n, int64_t *total)
{
	return forum_store_topics(c, a, category_id, offset, limit, out, n, total);
}

int
forum_topic_get(struct db_conn *c, struct arena *a, int64_t id, struct forum_topic *out)
{
	bool found;
	int err = forum_store_topic(c, a, id, out, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

/* Whether account_id wrote the post (by its name, or its tags in that topic). */
static bool
row_is_mine(const struct keys *k, const struct forum_post_row *p, int64_t account_id)
{
	if (account_id <= 0 || p->shown == FORUM_DELETED)
		return false;
	if (p->shown == FORUM_NAME)
		return p->author_id == account_id;
	if (!p->has_tag)
		return false;
	unsigned char t[32];
	owner_tag(k, account_id, p->topic_id, p->shown, t);
	return sodium_memcmp(t, p->tag, 32) == 0;
}

static void
post_of_row(const struct keys *k, const struct forum_post_row *row, int64_t reader_id,
	    struct forum_post *out)
{
	*out = (struct forum_post){
		.id = row->id,
		.topic_id = row->topic_id,
		.seq = row->seq,
		.shown = row->shown,
		.author =
		    (row->shown == FORUM_NAME || row->shown == FORUM_PSEUDONYM) ? row->author : "",
		.label =
		    (row->shown == FORUM_ANONYMOUS || row->shown == FORUM_ONLY_ME) ? row->label : 0,
		.body = row->body,
		.created_hour = row->created_hour,
		.edited = row->edited,
		.mine = row_is_mine(k, row, reader_id),
		.has_code = row->has_code,
		.title = row->title,
	};
}

int
forum_posts(struct db_conn *c, const struct keys *k, struct arena *a, int64_t topic_id,
	    int64_t reader_id, int64_t offset, int64_t limit, struct forum_post **out, size_t *n)
{
	struct forum_post_row *rows;
	int err = forum_store_posts(c, a, topic_id, offset, limit, &rows, n);
	if (err)
		return err;
	*out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
	for (size_t i = 0; i < *n; i++)
		post_of_row(k, &rows[i], reader_id, &(*out)[i]);
	return KR_OK;
}

int
forum_post_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t post_id,
	       int64_t reader_id, struct forum_post *out)
{
	struct forum_post_row row;
	bool found;
	int err = forum_store_post(c, a, post_id, &row, &found);
	if (err || !found)
		return err ? err : KR_ENOTFOUND;
	post_of_row(k, &row, reader_id, out);
	return KR_OK;
}

/* ---- one's own posts ---- */

/* The post, if account_id may change it: its own (by account), or an "only I" post with its
 * code. KR_ENOTFOUND for anything else; KR_EINVAL for a wrong code. */
static int
own_post(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	 int64_t post_id, const char *code, struct forum_post_row *out, const char **problem)
{
	bool found;
	int err = forum_store_post(c, a, post_id, out, &found);
	if (err || !found || out->shown == FORUM_DELETED)
		return err ? err : KR_ENOTFOUND;
	if (!forum_may_read(c, k, account_id, out->network_id, out->subgroup_id))
		return KR_ENOTFOUND;
	if (out->has_code) {
		char norm[FORUM_CODE_CHARS + 1];
		unsigned char h[32];
		bool ok = code_normal(code, norm);
		if (ok) {
			code_hash(post_id, norm, h);
			ok = sodium_memcmp(h, out->claim, 32) == 0;
		}
		sodium_memzero(norm, sizeof(norm));
		if (!ok) {
			*problem = forum_problem_code_wrong;
			return KR_EINVAL;
		}
		return KR_OK;
	}
	return row_is_mine(k, out, account_id) ? KR_OK : KR_ENOTFOUND;
}

int
forum_post_edit(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t post_id,
		const struct forum_writing *w, const char *code, const char **problem)
{
	*problem = NULL;
	struct arena a;
	arena_init(&a);
	struct forum_post_row p;
	int err = own_post(c, k, &a, account_id, post_id, code, &p, problem);
	if (!err && ((*problem = body_problem(w->body)) ||
		     (p.seq == 1 && w->title && (*problem = title_problem(w->title)))))
		err = KR_EINVAL;
	if (!err && !(err = db_begin(c))) {
		err = forum_store_post_body(c, post_id, w->body);
		if (!err && p.seq == 1 && w->title)
			err = forum_store_topic_title(c, p.topic_id, w->title);
		err = db_end(c, err);
	}
	arena_release_wiped(&a);
	return err;
}

/* Removes one post inside the caller's transaction: an opening post with replies keeps its
 * place, blanked; a topic left without posts goes. */
static int
post_remove(struct db_conn *c, const struct forum_post_row *p)
{
	int64_t live;
	int err = forum_store_live_posts(c, p->topic_id, &live);
	if (err)
		return err;
	if (live <= 1)
		return forum_store_topic_delete(c, p->topic_id);
	err = p->seq == 1 ? forum_store_post_blank(c, p->id) : forum_store_post_delete(c, p->id);
	if (!err)
		err = forum_store_topic_touch(c, p->topic_id, 0, -1);
	return err;
}

int
forum_post_delete(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t post_id,
		  const char *code, const char **problem)
{
	*problem = NULL;
	struct arena a;
	arena_init(&a);
	struct forum_post_row p;
	int err = own_post(c, k, &a, account_id, post_id, code, &p, problem);
	if (!err && !(err = db_begin(c)))
		err = db_end(c, post_remove(c, &p));
	arena_release_wiped(&a);
	return err;
}

int
forum_post_claim(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t post_id,
		 enum forum_shown as, const char *code, const char **problem)
{
	*problem = NULL;
	if (as != FORUM_NAME && as != FORUM_PSEUDONYM)
		return KR_EINVAL;
	struct arena a;
	arena_init(&a);
	struct forum_post_row p;
	int err = own_post(c, k, &a, account_id, post_id, code, &p, problem);
	if (!err && p.shown != FORUM_ANONYMOUS && p.shown != FORUM_ONLY_ME)
		err = KR_ENOTFOUND; /* claimed already */
	const char *pseudonym = NULL;
	if (!err && as == FORUM_PSEUDONYM &&
	    !(pseudonym = pseudonym_of(c, k, &a, account_id, p.network_id, p.subgroup_id))) {
		*problem = forum_problem_no_pseudonym;
		err = KR_EINVAL;
	}
	/* The same label is the same writer: claiming one of a topic's "Anonymous N" posts
	 * claims all of them (an "only I" post has a label of its own). */
	struct arena_vec vec;
	arena_vec_init(&vec, &a, sizeof(struct forum_post_row), 8, 0);
	if (!err && p.has_tag) {
		unsigned char tags[2][32];
		memcpy(tags[0], p.tag, 32);
		memcpy(tags[1], p.tag, 32);
		err = forum_store_posts_tagged(c, &a, p.topic_id, (const unsigned char(*)[32])tags,
					       &vec);
	} else if (!err) {
		*ARENA_VEC_PUSH(&vec, struct forum_post_row) = p;
	}
	const struct forum_post_row *rows = vec.items;
	if (!err && !(err = db_begin(c))) {
		for (size_t i = 0; !err && i < vec.len; i++) {
			if (as == FORUM_NAME) {
				err = forum_store_post_claim(c, rows[i].id, FORUM_NAME, account_id,
							     NULL, NULL, NULL, 0);
				continue;
			}
			unsigned char t[32];
			size_t len;
			owner_tag(k, account_id, p.topic_id, FORUM_PSEUDONYM, t);
			unsigned char *s =
			    seal(&a, k, rows[i].id, account_id, FORUM_PSEUDONYM, &len);
			err = forum_store_post_claim(c, rows[i].id, FORUM_PSEUDONYM, 0, pseudonym,
						     t, s, len);
		}
		err = db_end(c, err);
	}
	arena_release_wiped(&a);
	return err;
}

/* The account's tagged posts in the given topics, appended to vec. */
static int
tagged_posts(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	     const int64_t *topics, size_t ntopics, struct arena_vec *vec)
{
	int err = KR_OK;
	for (size_t i = 0; !err && i < ntopics; i++) {
		unsigned char tags[2][32];
		owner_tag(k, account_id, topics[i], FORUM_PSEUDONYM, tags[0]);
		owner_tag(k, account_id, topics[i], FORUM_ANONYMOUS, tags[1]);
		err = forum_store_posts_tagged(c, a, topics[i], (const unsigned char(*)[32])tags,
					       vec);
	}
	return err;
}

/* The account's posts in a group (network_id 0: everywhere; subgroup_id -1: the network and
 * its subgroups) as rows: named ones and tagged ones. */
static int
own_rows(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	 int64_t network_id, int64_t subgroup_id, bool named, struct forum_post_row **out,
	 size_t *n)
{
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct forum_post_row), 16, 0);
	int err = KR_OK;
	if (named) {
		struct forum_post_row *rows;
		size_t nrows;
		err = forum_store_named_of(c, a, account_id, &rows, &nrows);
		for (size_t i = 0; !err && i < nrows; i++)
			if (!network_id ||
			    (rows[i].network_id == network_id &&
			     (subgroup_id < 0 || rows[i].subgroup_id == subgroup_id)))
				*ARENA_VEC_PUSH(&vec, struct forum_post_row) = rows[i];
	}
	int64_t *topics;
	size_t ntopics;
	if (!err)
		err = forum_store_topic_ids(c, a, network_id, subgroup_id, &topics, &ntopics);
	if (!err)
		err = tagged_posts(c, k, a, account_id, topics, ntopics, &vec);
	*out = vec.items;
	*n = vec.len;
	return err;
}

int
forum_my_posts(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	       int64_t network_id, int64_t subgroup_id, struct forum_post **out, size_t *n)
{
	struct forum_post_row *rows;
	int err = own_rows(c, k, a, account_id, network_id, subgroup_id, true, &rows, n);
	if (err)
		return err;
	*out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
	for (size_t i = 0; i < *n; i++)
		post_of_row(k, &rows[i], account_id, &(*out)[i]);
	return KR_OK;
}

int
forum_delete_anonymous(struct db_conn *c, const struct keys *k, int64_t account_id,
		       int64_t network_id, int64_t subgroup_id, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	*count = 0;
	struct forum_post_row *rows;
	size_t n;
	int err = db_begin(c);
	if (!err)
		err = own_rows(c, k, &a, account_id, network_id, subgroup_id, false, &rows, &n);
	for (size_t i = 0; !err && i < n; i++)
		if (!(err = post_remove(c, &rows[i])))
			++*count;
	err = db_end(c, err);
	arena_release_wiped(&a);
	return err;
}

int
forum_leave_group(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
		  int64_t subgroup_id)
{
	return forum_unlink_group(c, k, account_id, network_id, subgroup_id ? subgroup_id : -1);
}

int
forum_unlink_group(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
		   int64_t subgroup_id)
{
	struct arena a;
	arena_init(&a);
	struct forum_post_row *rows;
	size_t n;
	int err = own_rows(c, k, &a, account_id, network_id, subgroup_id, false, &rows, &n);
	for (size_t i = 0; !err && i < n; i++)
		err = forum_store_post_unlink(c, rows[i].id);
	arena_release_wiped(&a);
	return err;
}

int
forum_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	struct forum_post_row *rows;
	size_t n;
	int err = forum_store_named_of(c, &a, account_id, &rows, &n);
	for (size_t i = 0; !err && i < n; i++)
		err = post_remove(c, &rows[i]);
	if (!err)
		err = forum_unlink_group(c, k, account_id, 0, 0);
	arena_release_wiped(&a);
	return err;
}

int
forum_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	struct forum_post_row *rows;
	size_t n;
	*count = 0;
	int err = forum_store_sealed_all(c, &a, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		int64_t account;
		enum forum_shown shown;
		if ((err = unseal(old, &rows[i], &account, &shown)))
			break;
		unsigned char t[32];
		size_t len;
		owner_tag(fresh, account, rows[i].topic_id, shown, t);
		unsigned char *s = seal(&a, fresh, rows[i].id, account, shown, &len);
		if (!(err = forum_store_post_relink(c, rows[i].id, t, s, len)))
			++*count;
	}
	arena_release_wiped(&a);
	return err;
}

/* ---- search ---- */

int
forum_search(struct search_ctx *s, struct search_section *out)
{
	out->title = N_("Forum");
	if (!s->nmember_networks && !s->nmember_subgroups)
		return KR_OK;
	struct forum_search_row *rows;
	size_t n;
	int err = forum_store_search(s->c, s->a, s->match, s->member_networks, s->nmember_networks,
				     s->member_subgroups, s->nmember_subgroups, s->offset,
				     s->limit + 1, &rows, &n);
	if (err)
		return err;
	out->more = n > (size_t)s->limit;
	out->nhits = out->more ? (size_t)s->limit : n;
	out->hits = ARENA_ARRAY(s->a, struct search_hit, out->nhits ? out->nhits : 1);
	for (size_t i = 0; i < out->nhits; i++) {
		const struct forum_search_row *r = &rows[i];
		struct search_hit *h = &out->hits[i];
		const char *group =
		    r->subgroup_slug[0]
			? arena_printf(s->a, "/n/%s/g/%s", r->network_slug, r->subgroup_slug)
			: arena_printf(s->a, "/n/%s", r->network_slug);
		int64_t page = r->before / FORUM_POSTS_PAGE + 1;
		h->url = page > 1 ? arena_printf(s->a, "%s/forum/t/%lld?page=%lld#p%lld", group,
						 (long long)r->topic_id, (long long)page,
						 (long long)r->seq)
				  : arena_printf(s->a, "%s/forum/t/%lld#p%lld", group,
						 (long long)r->topic_id, (long long)r->seq);
		h->title = r->title;
		h->where = r->group_name;
		h->snippet = r->snippet;
		h->note = "";
		h->byline = r->author;
		h->label = r->label;
		h->by = r->shown == FORUM_NAME	      ? SEARCH_BY_NAME
			: r->shown == FORUM_PSEUDONYM ? SEARCH_BY_PSEUDONYM
						      : SEARCH_BY_ANONYMOUS;
	}
	return KR_OK;
}
